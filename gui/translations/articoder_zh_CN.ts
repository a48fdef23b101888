<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AgreementWindow</name>
    <message>
        <location filename="../agreement_window.py" line="285" />
        <source>Agreement</source>
        <translation>编码员间信度</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="290" />
        <source>Unit:</source>
        <translation>分析单位：</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="293" />
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="294" />
        <source>Paragraph</source>
        <translation>段落</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="295" />
        <source>Sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="296" />
        <source>Character</source>
        <translation>字符</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="297" />
        <source>Continuum (unitizing)</source>
        <translation>连续文本（单元化）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="303" />
        <source>Coders…</source>
        <translation>编码员…</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="308" />
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="311" />
        <source>Choose a unit and press Compute.</source>
        <translation>请选择分析单位，然后点击“计算”。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="326" />
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="332" />
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="337" />
        <source>Choose a code row of the article-unit report to see where the coders differ.</source>
        <translation>在文章单位的报告中选择一个编码行，即可查看编码员的分歧所在。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="354" />
        <source>Disagreements</source>
        <translation>分歧</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="408" />
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="409" />
        <source>Computing agreement</source>
        <translation>正在计算信度</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="412" />
        <source>Cancelled; the report was not changed.</source>
        <translation>已取消，报告未改变。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="420" />
        <source>No report: %1</source>
        <translation>无法生成报告：%1</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="432" />
        <source>%1 rows; %2 with alpha below .800</source>
        <translation>共 %1 行，其中 %2 行 α 低于 .800</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="452" />
        <source>Disagreements are listed for code rows of the article-unit report.</source>
        <translation>分歧只针对文章单位报告中的编码行列出。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="470" />
        <source>%1: coders differ in %2 articles</source>
        <translation>%1：编码员在 %2 篇文章中存在分歧</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="541" />
        <location filename="../agreement_window.py" line="611" />
        <source>Accept this version</source>
        <translation>采纳此版本</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="544" />
        <source>Only the lead decides the consensus.</source>
        <translation>只有负责人可以确定共识版本。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="549" />
        <source>(the consensus so far)</source>
        <translation>（目前的共识版本）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="551" />
        <source>Add selection</source>
        <translation>添加选中文本</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="553" />
        <source>Select text in the consensus text, then add it as a segment</source>
        <translation>在共识文本中选中文字，再将其添加为片段</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="556" />
        <source>Remove segment at cursor</source>
        <translation>删除光标处的片段</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="598" />
        <source>%1 — %2 segments</source>
        <translation>%1 — %2 个片段</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="616" />
        <source>Accepted the version of %1 as the consensus</source>
        <translation>已采纳 %1 的版本作为共识</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="626" />
        <source>Select text in the consensus column first.</source>
        <translation>请先在共识一栏中选中文本。</translation>
    </message>
</context>
<context>
    <name>AlphaChart</name>
    <message>
        <location filename="../agreement_window.py" line="207" />
        <source>No code or variable has a defined alpha yet: compute the report.</source>
        <translation>尚无可计算 α 的编码或变量：请先计算报告。</translation>
    </message>
</context>
<context>
    <name>ArticleArea</name>
    <message>
        <location filename="../article_area.py" line="182" />
        <source>Select some text first, then press the code's key.</source>
        <translation>请先选中文本，再按编码的快捷键。</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="188" />
        <source>Coded “%1” as %2</source>
        <translation>已将“%1”编码为 %2</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="221" />
        <source>Memo</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="221" />
        <source>Memo for this segment:</source>
        <translation>该片段的备注：</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="269" />
        <source>Suggestion: %1 — Ctrl+Return accepts, Ctrl+Backspace dismisses</source>
        <translation>建议编码：%1 — Ctrl+回车采纳，Ctrl+退格忽略</translation>
    </message>
</context>
<context>
    <name>ArticleListModel</name>
    <message>
        <location filename="../article_list_model.py" line="69" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="70" />
        <source>Outlet</source>
        <translation>媒体</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="71" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="72" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="73" />
        <source>Segments</source>
        <translation>编码片段</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="92" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="92" />
        <source>To do</source>
        <translation>待编码</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../assign_dialog.py" line="60" />
        <location filename="../assign_dialog.py" line="219" />
        <source>Assign articles</source>
        <translation>分配文章</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="72" />
        <source>Name of a new coder</source>
        <translation>新编码员的姓名</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="73" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="83" />
        <source>Articles nobody is assigned yet</source>
        <translation>尚未分配给任何人的文章</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="84" />
        <source>Every article</source>
        <translation>全部文章</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="101" />
        <source>Articles:</source>
        <translation>文章：</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="102" />
        <source>Coded by several coders (reliability sample):</source>
        <translation>多人编码的比例（信度样本）：</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="103" />
        <source>Coders per shared article:</source>
        <translation>每篇共同编码文章的编码员人数：</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="104" />
        <source>Random seed (note it in your methods):</source>
        <translation>随机种子（请写入研究方法部分）：</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="108" />
        <source>Coder</source>
        <translation>编码员</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="108" />
        <source>Articles</source>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="108" />
        <source>Of which shared</source>
        <translation>其中共同编码</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="117" />
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="124" />
        <source>Coders:</source>
        <translation>编码员：</translation>
    </message>
    <message>
        <location filename="../assign_dialog.py" line="196" />
        <source>%1 articles, %2 of them coded by %3 coders; every two coders share at least %4.</source>
        <translation>共 %1 篇文章，其中 %2 篇由 %3 名编码员共同编码；任意两名编码员至少共享 %4 篇。</translation>
    </message>
</context>
<context>
    <name>CodebookModel</name>
    <message>
        <location filename="../codebook_model.py" line="51" />
        <source>Retired: kept with its segments, hidden from new coding.</source>
        <translation>已停用：保留其编码片段，不再用于新的编码。</translation>
    </message>
    <message>
        <location filename="../codebook_model.py" line="164" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../codebook_model.py" line="165" />
        <source>Key</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../codebook_model.py" line="166" />
        <source>Segments</source>
        <translation>编码片段</translation>
    </message>
</context>
<context>
    <name>CodebookPanel</name>
    <message>
        <location filename="../codebook_panel.py" line="81" />
        <source>Filter codes…</source>
        <translation>筛选编码…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="124" />
        <source>Add a top-level code…</source>
        <translation>添加顶层编码…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="127" />
        <source>Add a code under this one…</source>
        <translation>在此编码下添加子编码…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="128" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="129" />
        <source>Change colour…</source>
        <translation>更改颜色…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="130" />
        <source>Merge into another code…</source>
        <translation>合并到另一个编码…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="131" />
        <source>Retire (keep its segments, hide from new coding)</source>
        <translation>停用（保留其片段，不再用于新的编码）</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="132" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="165" />
        <source>Definition</source>
        <translation>定义</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="166" />
        <source>Include</source>
        <translation>纳入规则</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="167" />
        <source>Exclude</source>
        <translation>排除规则</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="174" />
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="177" />
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
</context>
<context>
    <name>CodingSheet</name>
    <message>
        <location filename="../coding_sheet.py" line="67" />
        <source>a number</source>
        <translation>数值</translation>
    </message>
</context>
<context>
    <name>CorpusSearch</name>
    <message>
        <location filename="../corpus_search.py" line="37" />
        <source>Search the corpus (either script)…</source>
        <translation>检索语料（简繁通用）…</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="44" />
        <source>Code every hit with the current code</source>
        <translation>用当前编码标注全部命中</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="46" />
        <source>Suggest every hit for review</source>
        <translation>将全部命中列为待审建议</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="48" />
        <source>List only articles with hits</source>
        <translation>只列出有命中的文章</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="83" />
        <source>%1 hits in %2 articles</source>
        <translation>在 %2 篇文章中命中 %1 处</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="108" />
        <location filename="../corpus_search.py" line="131" />
        <source>Search first, and pick a code in the codebook.</source>
        <translation>请先检索，并在编码表中选定一个编码。</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="113" />
        <source>Auto-code</source>
        <translation>自动编码</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="114" />
        <source>Code all %1 hits as %2? One Undo takes it back.</source>
        <translation>将全部 %1 处命中编码为 %2？一次撤销即可全部恢复。</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="141" />
        <source>%1 suggestions to review: F8 goes to the next, Ctrl+Return accepts</source>
        <translation>%1 条待审建议：F8 跳到下一条，Ctrl+回车采纳</translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <location filename="../docks.py" line="76" />
        <source>All articles</source>
        <translation>全部文章</translation>
    </message>
    <message>
        <location filename="../docks.py" line="77" />
        <source>My queue</source>
        <translation>我的任务</translation>
    </message>
    <message>
        <location filename="../docks.py" line="78" />
        <source>To do</source>
        <translation>待编码</translation>
    </message>
    <message>
        <location filename="../docks.py" line="79" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../docks.py" line="80" />
        <source>Not assigned to me</source>
        <translation>未分配给我</translation>
    </message>
    <message>
        <location filename="../docks.py" line="87" />
        <source>Filter by title, outlet or id</source>
        <translation>按标题、媒体或编号筛选</translation>
    </message>
    <message>
        <location filename="../docks.py" line="144" />
        <source>Every article in the list is done.</source>
        <translation>列表中的文章已全部完成。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="161" />
        <source>New code</source>
        <translation>新建编码</translation>
    </message>
    <message>
        <location filename="../docks.py" line="161" />
        <source>Name of the new code:</source>
        <translation>新编码的名称：</translation>
    </message>
    <message>
        <location filename="../docks.py" line="169" />
        <source>Rename code</source>
        <translation>重命名编码</translation>
    </message>
    <message>
        <location filename="../docks.py" line="169" />
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../docks.py" line="175" />
        <source>Colour of the code</source>
        <translation>编码颜色</translation>
    </message>
    <message>
        <location filename="../docks.py" line="182" />
        <source>Merge “%1” into:</source>
        <translation>将“%1”合并到：</translation>
    </message>
    <message>
        <location filename="../docks.py" line="183" />
        <source>Merge codes</source>
        <translation>合并编码</translation>
    </message>
    <message>
        <location filename="../docks.py" line="192" />
        <source>“%1” has segments. Give them to:</source>
        <translation>“%1”已有编码片段。将它们转给：</translation>
    </message>
    <message>
        <location filename="../docks.py" line="194" />
        <source>Delete code</source>
        <translation>删除编码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="58" />
        <source>articoder — %1 (%2)</source>
        <translation>articoder — %1（%2）</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="96" />
        <source>Articles</source>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="97" />
        <source>Codebook</source>
        <translation>编码表</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="98" />
        <source>Coding sheet</source>
        <translation>编码单</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="99" />
        <source>Segments</source>
        <translation>编码片段</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="100" />
        <source>Search</source>
        <translation>检索</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="124" />
        <source>&amp;Project</source>
        <translation>项目(&amp;P)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="126" />
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="129" />
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="134" />
        <source>&amp;Import articles…</source>
        <translation>导入文章(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="135" />
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="138" />
        <source>Import a REFI-QDA project or codebook…</source>
        <translation>导入 REFI-QDA 项目或编码本…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="144" />
        <source>Export as a REFI-QDA project…</source>
        <translation>导出为 REFI-QDA 项目…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="147" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="148" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="149" />
        <location filename="../main_window.py" line="312" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="150" />
        <location filename="../main_window.py" line="315" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="153" />
        <source>Delete segment</source>
        <translation>删除片段</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="155" />
        <source>Edit memo of segment…</source>
        <translation>编辑片段备注…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="156" />
        <source>Set segment to selection</source>
        <translation>将片段范围改为当前选区</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="158" />
        <source>Find in corpus</source>
        <translation>在语料中查找</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="160" />
        <source>&amp;Coding</source>
        <translation>编码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="161" />
        <source>Next article</source>
        <translation>下一篇</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="162" />
        <source>Previous article</source>
        <translation>上一篇</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="164" />
        <source>Next unfinished article</source>
        <translation>下一篇未完成</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="166" />
        <source>Mark article done / not done</source>
        <translation>标记为已完成 / 未完成</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="167" />
        <source>&amp;Agreement…</source>
        <translation>信度分析(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="168" />
        <source>Team &amp;progress…</source>
        <translation>团队进度(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="171" />
        <source>Extend selection by a word</source>
        <translation>选区向后扩展一个词</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="177" />
        <source>Shrink selection by a word</source>
        <translation>选区向前收缩一个词</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="182" />
        <source>Next suggestion</source>
        <translation>下一个建议</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="183" />
        <source>Accept suggestion</source>
        <translation>采纳建议</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="185" />
        <source>Dismiss suggestion</source>
        <translation>忽略建议</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="187" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="189" />
        <source>Snap selections to words (hold Alt to override)</source>
        <translation>选区自动对齐词边界（按住 Alt 可取消）</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="198" />
        <source>Show in Simplified script</source>
        <translation>以简体显示</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="202" />
        <source>Blind mode: only my own coding</source>
        <translation>盲编模式：只显示我自己的编码</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="208" />
        <source>Larger text</source>
        <translation>放大字体</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="211" />
        <source>Smaller text</source>
        <translation>缩小字体</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="213" />
        <source>Reset layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="214" />
        <source>Language / 语言</source>
        <translation>语言 / Language</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="259" />
        <source>%n article(s)</source>
        <translation><numerusform>共 %n 篇文章</numerusform></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="345" />
        <source>The window and its panels are back as they started.</source>
        <translation>窗口和各面板已恢复为初始布局。</translation>
    </message>
</context>
<context>
    <name>ProgressChart</name>
    <message>
        <location filename="../progress_window.py" line="168" />
        <source>No article is done and no segment made yet.</source>
        <translation>还没有完成的文章，也没有编码片段。</translation>
    </message>
</context>
<context>
    <name>ProgressTableModel</name>
    <message>
        <location filename="../progress_window.py" line="94" />
        <source>Coder</source>
        <translation>编码员</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="95" />
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="96" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="97" />
        <source>To do</source>
        <translation>待编码</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="98" />
        <source>% done</source>
        <translation>完成率</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="99" />
        <source>Segments</source>
        <translation>编码片段</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="100" />
        <source>Values</source>
        <translation>变量值</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="101" />
        <source>Last saved (UTC)</source>
        <translation>最近保存（UTC）</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="118" />
        <source> (lead)</source>
        <translation>（组长）</translation>
    </message>
</context>
<context>
    <name>ProgressWindow</name>
    <message>
        <location filename="../progress_window.py" line="260" />
        <location filename="../progress_window.py" line="314" />
        <source>Team progress</source>
        <translation>团队进度</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="264" />
        <source>Chart:</source>
        <translation>图表：</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="266" />
        <source>Articles done, running total</source>
        <translation>完成文章数（累计）</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="267" />
        <source>Segments made, running total</source>
        <translation>编码片段数（累计）</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="270" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="275" />
        <source>Assign articles…</source>
        <translation>分配文章…</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="326" />
        <source>%1 of %2 assignments done, %3 segments</source>
        <translation>已完成 %1 / %2 项任务，%3 个编码片段</translation>
    </message>
</context>
<context>
    <name>ProjectActions</name>
    <message>
        <location filename="../project_actions.py" line="50" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="52" />
        <source>articoder projects (*.articoder)</source>
        <translation>articoder 项目 (*.articoder)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="61" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="63" />
        <source>articoder projects (*.articoder);;All files (*)</source>
        <translation>articoder 项目 (*.articoder);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="72" />
        <source>Import articles</source>
        <translation>导入文章</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="74" />
        <source>Articles (*.txt *.md *.html *.htm *.docx *.csv *.tsv *.xlsx *.json *.jsonl)</source>
        <translation>文章 (*.txt *.md *.html *.htm *.docx *.csv *.tsv *.xlsx *.json *.jsonl)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="165" />
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="150" />
        <location filename="../project_actions.py" line="171" />
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="82" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="83" />
        <source>SPSS data file, segments in a second file (*.sav)</source>
        <translation>SPSS 数据文件，编码片段另存一个文件 (*.sav)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="84" />
        <source>Stata data file, segments in a second file (*.dta)</source>
        <translation>Stata 数据文件，编码片段另存一个文件 (*.dta)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="86" />
        <source>Parquet file for R or Python, segments in a second file (*.parquet)</source>
        <translation>Parquet 文件（供 R 或 Python 使用），编码片段另存一个文件 (*.parquet)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="89" />
        <source>Codebook document for a methods appendix, Word (*.docx)</source>
        <translation>编码表文档（研究方法附录），Word (*.docx)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="90" />
        <source>Codebook document for a methods appendix, web page (*.html)</source>
        <translation>编码表文档（研究方法附录），网页 (*.html)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="98" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="147" />
        <source>Writing the codebook document</source>
        <translation>正在生成编码表文档</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="182" />
        <source>Importing articles</source>
        <translation>正在导入文章</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="192" />
        <source>Imported %1 articles</source>
        <translation>已导入 %1 篇文章</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="199" />
        <source>Export as a REFI-QDA project</source>
        <translation>导出为 REFI-QDA 项目</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="201" />
        <source>REFI-QDA projects (*.qdpx)</source>
        <translation>REFI-QDA 项目 (*.qdpx)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="214" />
        <source>Import a REFI-QDA project or codebook</source>
        <translation>导入 REFI-QDA 项目或编码本</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="216" />
        <source>REFI-QDA files (*.qdpx *.qdc)</source>
        <translation>REFI-QDA 文件 (*.qdpx *.qdc)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="226" />
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="240" />
        <source>Added %1 articles, %2 codes, %3 segments and %4 values.</source>
        <translation>已添加 %1 篇文章、%2 个编码、%3 个编码片段和 %4 个变量值。</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="249" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="251" />
        <source>%1 items were not taken as the file has them; see the details.</source>
        <translation>有 %1 项未按文件原样导入，详见详细信息。</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="271" />
        <source>Backing the project up first</source>
        <translation>正在先备份项目</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <location filename="../agreement_window.py" line="90" />
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="91" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="92" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="93" />
        <source>N units</source>
        <translation>单位数</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="94" />
        <source>Coders</source>
        <translation>编码员</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="95" />
        <source>% agreement</source>
        <translation>一致百分比</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="96" />
        <source>Cohen's κ</source>
        <translation>Cohen κ</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="97" />
        <source>Fleiss' κ</source>
        <translation>Fleiss κ</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="98" />
        <source>Krippendorff's α</source>
        <translation>Krippendorff α</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="99" />
        <source>α 95% interval</source>
        <translation>α 95% 区间</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="100" />
        <source>Gwet's AC1</source>
        <translation>Gwet AC1</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="101" />
        <source>Brennan-Prediger</source>
        <translation>Brennan-Prediger</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="141" />
        <source>code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="141" />
        <source>variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="143" />
        <source>undefined</source>
        <translation>无定义</translation>
    </message>
</context>
<context>
    <name>SegmentModel</name>
    <message>
        <location filename="../segment_list.py" line="46" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="46" />
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="46" />
        <source>Memo</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="46" />
        <source>Coder</source>
        <translation>编码员</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <location filename="../tasks.py" line="46" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../tasks.py" line="66" />
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
    </message>
</context>
<context>
    <name>TeamActions</name>
    <message>
        <location filename="../team_actions.py" line="40" />
        <source>Also connected: %1</source>
        <translation>同时在线：%1</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="47" />
        <source>Another program is writing to this project (an import or a merge?); your next change waits until it has finished.</source>
        <translation>另一个程序正在写入本项目（导入或合并？），您的下一次修改将等它完成后再保存。</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="55" />
        <source>Cannot reach the project; trying again…</source>
        <translation>无法连接项目，正在重试…</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="60" />
        <source>The codebook was changed by the lead; it is up to date.</source>
        <translation>组长修改了编码本，已更新为最新版本。</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="62" />
        <source>Your assignments were changed; the article list is up to date.</source>
        <translation>你的任务分配有变动，文章列表已更新。</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="64" />
        <source>Blind mode was changed by the lead.</source>
        <translation>组长更改了盲编码模式。</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="70" />
        <source>Work saved in another window or program is now shown; everything is up to date.</source>
        <translation>已显示其他窗口或程序保存的工作，内容已是最新。</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../app.py" line="101" />
        <source>Who is coding?</source>
        <translation>谁在编码？</translation>
    </message>
    <message>
        <location filename="../app.py" line="102" />
        <source>Your coder name (a new name adds a coder):</source>
        <translation>你的编码员名称（输入新名称即新增编码员）：</translation>
    </message>
</context>
</TS>