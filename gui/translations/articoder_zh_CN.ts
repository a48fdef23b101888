<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AgreementWindow</name>
    <message>
        <location filename="../agreement_window.py" line="675" />
        <source>In blind mode only the lead sees the agreement report and the other coders' coding. Ask your lead for the report.</source>
        <translation>盲编模式下，只有负责人能查看一致性报告和其他编码员的编码。如需报告，请向负责人索取。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="689" />
        <location filename="../agreement_window.py" line="713" />
        <source>Agreement</source>
        <translation>编码员间信度</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="720" />
        <source>Unit:</source>
        <translation>分析单位：</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="217" />
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="150" />
        <source>there are no units</source>
        <translation>没有任何分析单元</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="151" />
        <source>fewer than two coders</source>
        <translation>编码员不足两人</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="154" />
        <source>no unit was coded by both coders</source>
        <translation>没有两位编码员都编码过的单元</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="157" />
        <source>no unit was coded by two or more coders</source>
        <translation>没有被两位及以上编码员编码过的单元</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="160" />
        <source>fewer than two pairable values</source>
        <translation>可配对的取值不足两个</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="163" />
        <source>only one category occurs, so expected agreement is 1</source>
        <translation>只出现了一个类别，期望一致度为 1</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="166" />
        <source>only one value occurs, so expected disagreement is 0</source>
        <translation>只出现了一个取值，期望不一致度为 0</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="169" />
        <source>fewer than two categories</source>
        <translation>类别不足两个</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="172" />
        <source>no coder marked a segment of this code</source>
        <translation>没有编码员标注过此编码的片段</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="175" />
        <source>expected disagreement is 0</source>
        <translation>期望不一致度为 0</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="178" />
        <source>not used by any coder</source>
        <translation>无编码员使用</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="179" />
        <source>the overall row summarises the codes' alphas (see summary)</source>
        <translation>总计行汇总各编码的 α（见汇总）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="182" />
        <source>defined for two coders; with more, see the pairwise table</source>
        <translation>仅适用于两位编码员；多于两位时请看两两比较表</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="185" />
        <source>not computed on the continuum: it has no units, only unitizing alpha applies</source>
        <translation>连续文本不计算此系数：它没有分析单元，只适用单元化 α</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="189" />
        <source>no bootstrap is drawn for unitizing alpha, so the continuum has no interval and its verdict is on alpha itself; for an interval, use the character unit, which resamples whole articles</source>
        <translation>单元化 α 不做自助法抽样，因此连续文本没有区间，判定直接依据 α 本身；如需区间，请改用“字符”单位，它按整篇文章重抽样</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="195" />
        <source>no bootstrap resample gave a defined alpha</source>
        <translation>没有一次自助法重抽样得出有定义的 α</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="198" />
        <source>no article was coded by every chosen coder, so there is no continuum</source>
        <translation>没有一篇文章被所选编码员全部编码过，因此无法构成连续文本</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="202" />
        <source>the articles laid end to end have no text</source>
        <translation>首尾相接的文章中没有文本</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="205" />
        <source>a text variable has no level of measurement to compare values on</source>
        <translation>文本变量没有测量层次，无法比较取值</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="208" />
        <source>below .667</source>
        <translation>低于 .667</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="209" />
        <source>below .800</source>
        <translation>低于 .800</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="218" />
        <source>Paragraph</source>
        <translation>段落</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="219" />
        <source>Sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="220" />
        <source>Character</source>
        <translation>字符</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="221" />
        <source>Continuum (unitizing)</source>
        <translation>连续文本（单元化）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="229" />
        <source>nominal</source>
        <translation>定类</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="230" />
        <source>ordinal</source>
        <translation>定序</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="231" />
        <source>interval</source>
        <translation>定距</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="232" />
        <source>ratio</source>
        <translation>定比</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="233" />
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="243" />
        <source>same day</source>
        <translation>同一天</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="244" />
        <source>days apart</source>
        <translation>相差天数</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="258" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="727" />
        <source>Coders…</source>
        <translation>编码员…</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="731" />
        <source>Without machine-accepted articles</source>
        <translation>不含采纳了机器建议的文章</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="733" />
        <source>Leave out every article where a coder accepted a machine suggestion</source>
        <translation>排除编码员采纳过机器建议的所有文章</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="736" />
        <source>α interval:</source>
        <translation>α 区间：</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="738" />
        <source>Clustered bootstrap</source>
        <translation>整群自助法</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="739" />
        <source>KALPHA (Hayes &amp; Krippendorff)</source>
        <translation>KALPHA（Hayes 与 Krippendorff）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="742" />
        <source>How alpha's interval is drawn. Clustered (recommended): resamples articles, or units at the article unit, and recomputes alpha. KALPHA: draws pairs of values as Hayes' KALPHA macro does, for comparing with published numbers; it ignores that sentences and characters nest in articles.</source>
        <translation>α 区间的抽样方式。整群自助法（推荐）：按文章重抽样（在文章单位下按单位重抽样），并重新计算 α。KALPHA：按 Hayes 的 KALPHA 宏抽取取值对，便于与已发表的结果对照；它不考虑句子和字符嵌套在文章之中。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="749" />
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="752" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="754" />
        <source>Save the report as an Excel workbook or JSON, as the command line writes it</source>
        <translation>将报告另存为 Excel 工作簿或 JSON，与命令行输出的文件相同</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="759" />
        <source>Choose a unit and press Compute.</source>
        <translation>请选择分析单位，然后点击“计算”。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="783" />
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="789" />
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="793" />
        <source>Pairwise</source>
        <translation>两两比较</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="796" />
        <source>Prevalence</source>
        <translation>使用频率</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="801" />
        <source>Choose a code row of the article-unit report to see where the coders differ.</source>
        <translation>在文章单位的报告中选择一个编码行，即可查看编码员的分歧所在。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="818" />
        <source>Disagreements</source>
        <translation>分歧</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="883" />
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="884" />
        <source>Computing agreement</source>
        <translation>正在计算信度</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="887" />
        <source>Cancelled; the report was not changed.</source>
        <translation>已取消，报告未改变。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="895" />
        <source>No report: %1</source>
        <translation>无法生成报告：%1</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="912" />
        <source>%1 rows; %2 judged below .800</source>
        <translation>共 %1 行，其中 %2 行判定低于 .800</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="922" />
        <source>Continuum: %1.</source>
        <translation>连续文本：%1。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="925" />
        <source>Other coefficients: %1.</source>
        <translation>其他系数：%1。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="930" />
        <source>An interval marked ? rests on too few usable draws: it leans one way, so its verdict is drawn on α itself.</source>
        <translation>标有 ? 的区间所依据的可用抽样次数太少，结果偏向一侧，因此其判定直接依据 α 本身。</translation>
    </message>
    <message numerus="yes">
        <location filename="../agreement_window.py" line="1079" />
        <source>%1: coders differ in %n article(s)</source>
        <translation><numerusform>%1：编码员在 %n 篇文章中存在分歧</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../agreement_window.py" line="1254" />
        <source>%1 — %n segment(s)</source>
        <translation><numerusform>%1 — %n 个片段</numerusform></translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="951" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="952" />
        <location filename="../agreement_window.py" line="983" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="953" />
        <source>Coder A</source>
        <translation>编码员 A</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="954" />
        <source>Coder B</source>
        <translation>编码员 B</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="955" />
        <source>Cohen's κ</source>
        <translation>Cohen κ</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="956" />
        <source>Scott's π</source>
        <translation>Scott π</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="957" />
        <source>% agreement</source>
        <translation>一致百分比</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="958" />
        <source>N units</source>
        <translation>单位数</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="959" />
        <source>Undefined because</source>
        <translation>无定义的原因</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="982" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="984" />
        <source>Marked by %1</source>
        <translation>%1 标记数</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="985" />
        <source>Marked by anyone</source>
        <translation>任一编码员标记数</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="986" />
        <source>Share of units</source>
        <translation>占全部单位比例</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="987" />
        <source>Units per article</source>
        <translation>每篇文章的单位数</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1002" />
        <source>median %1 (%2 to %3)</source>
        <translation>中位数 %1（%2 至 %3）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1015" />
        <source>Export the agreement report</source>
        <translation>导出一致性报告</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1017" />
        <source>Excel workbook (*.xlsx);;JSON (*.json)</source>
        <translation>Excel 工作簿 (*.xlsx);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1026" />
        <source>Compute the report first.</source>
        <translation>请先计算报告。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1039" />
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1042" />
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1060" />
        <source>Disagreements are listed for code rows of the article-unit report.</source>
        <translation>分歧只针对文章单位报告中的编码行列出。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1150" />
        <location filename="../agreement_window.py" line="1267" />
        <source>Accept this version</source>
        <translation>采纳此版本</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1153" />
        <source>Only the lead decides the consensus.</source>
        <translation>只有负责人可以确定共识版本。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1158" />
        <source>(the consensus so far)</source>
        <translation>（目前的共识版本）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1160" />
        <source>Add selection</source>
        <translation>添加选中文本</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1162" />
        <source>Select text in the consensus text, then add it as a segment</source>
        <translation>在共识文本中选中文字，再将其添加为片段</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1165" />
        <source>Remove segment at cursor</source>
        <translation>删除光标处的片段</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1173" />
        <source>Consensus</source>
        <translation>共识版本</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1272" />
        <source>Accepted the version of %1 as the consensus</source>
        <translation>已采纳 %1 的版本作为共识</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="1282" />
        <source>Select text in the consensus column first.</source>
        <translation>请先在共识一栏中选中文本。</translation>
    </message>
</context>
<context>
    <name>AlphaChart</name>
    <message>
        <location filename="../agreement_window.py" line="572" />
        <source>No code or variable has a defined alpha yet: compute the report.</source>
        <translation>尚无可计算 α 的编码或变量：请先计算报告。</translation>
    </message>
</context>
<context>
    <name>ArticleArea</name>
    <message>
        <location filename="../article_area.py" line="132" />
        <source>Coded segments…</source>
        <translation>已编码片段…</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="135" />
        <source>What cleaning changed…</source>
        <translation>清洗改动了什么…</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="140" />
        <source>Larger text</source>
        <translation>放大字体</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="143" />
        <source>Text at normal size</source>
        <translation>恢复默认字号</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="219" />
        <source>⚠ %n passage(s) to check</source>
        <translation>⚠ %n 处文字需核对</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="228" />
        <source>%n cleaning change(s)</source>
        <translation>清洗改动 %n 处</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="232" />
        <source>Review…</source>
        <translation>查看…</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="326" />
        <source>Recoded the segment as %1</source>
        <translation>已将片段改标为 %1</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="333" />
        <source>Select some text first, then press the code's key.</source>
        <translation>请先选中文本，再按编码的快捷键。</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="348" />
        <source>Coded “%1” as %2</source>
        <translation>已将“%1”编码为 %2</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="390" />
        <source>Click a segment first, then delete it.</source>
        <translation>请先点击一个片段，再删除。</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="398" />
        <source>Deleted the segment “%1” (%2) — Ctrl+Z brings it back</source>
        <translation>已删除片段“%1”（%2）— 按 Ctrl+Z 可恢复</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="424" />
        <source>Memo saved</source>
        <translation>备注已保存</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="424" />
        <source>Memo cleared</source>
        <translation>备注已清空</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="438" />
        <source>The segment now covers “%1”</source>
        <translation>片段现在覆盖“%1”</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="479" />
        <source>Suggestion: %1 — Ctrl+Return accepts, Ctrl+Backspace dismisses</source>
        <translation>建议编码：%1 — Ctrl+回车采纳，Ctrl+退格忽略</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="531" />
        <source>Text size %1 pt (Ctrl+= larger, Ctrl+- smaller, Ctrl+0 normal)</source>
        <translation>字号 %1 磅（Ctrl+= 放大，Ctrl+- 缩小，Ctrl+0 恢复默认）</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="581" />
        <source>Select the words that should name the new code first.</source>
        <translation>请先选中用作新编码名称的词语。</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="108" />
        <source>Code in vivo (the selected words become a new top-level code)</source>
        <translation>原词编码（以选中的词语新建顶层编码）</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="115" />
        <source>Code in vivo under the codebook's selected code</source>
        <translation>原词编码，新编码放在编码表中选中的编码之下</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="122" />
        <source>Extend selection by a word</source>
        <translation>选区向后扩展一个词</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="127" />
        <source>Shrink selection by a word</source>
        <translation>选区向前收缩一个词</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="187" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="416" />
        <source>Memo — %1</source>
        <translation>备注 — %1</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="417" />
        <source>Memo for “%1” (coded as %2):</source>
        <translation>“%1”的备注（编码为 %2）：</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="588" />
        <source>“%1” is retired: no new code can go under it.</source>
        <translation>“%1”已停用，不能在其下新建编码。</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="611" />
        <source>New top-level code “%1” codes the selection</source>
        <translation>已新建顶层编码“%1”，并用它编码所选文字</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="614" />
        <source>New code “%1” under “%2” codes the selection</source>
        <translation>已在“%2”下新建编码“%1”，并用它编码所选文字</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="641" />
        <source>Code with…</source>
        <translation>用以下编码标注…</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="646" />
        <source>(no code used yet in this session)</source>
        <translation>（本次尚未使用任何编码）</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="648" />
        <source>All codes…</source>
        <translation>全部编码…</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="656" />
        <source>Code in vivo under “%1”</source>
        <translation>原词编码，新编码放在“%1”之下</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="662" />
        <source>Edit memo of segment…</source>
        <translation>编辑片段备注…</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="663" />
        <source>Delete segment</source>
        <translation>删除片段</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="669" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="696" />
        <source>(the codebook has no codes yet)</source>
        <translation>（编码表中还没有编码）</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="733" />
        <source>That segment no longer exists.</source>
        <translation>该片段已不存在。</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="749" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="752" />
        <source>Every change is stored in the project file the moment it is made.</source>
        <translation>每一处改动都会立即保存到项目文件中。</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="758" />
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="762" />
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="768" />
        <source>coding of a selection</source>
        <translation>标注选中文本</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="769" />
        <source>in-vivo coding</source>
        <translation>原词编码</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="770" />
        <source>change of a segment</source>
        <translation>修改片段</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="771" />
        <source>deletion of a segment</source>
        <translation>删除片段</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="772" />
        <source>auto-coding of search hits</source>
        <translation>批量标注搜索结果</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="773" />
        <source>a coding-sheet value</source>
        <translation>编码表取值</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="774" />
        <source>marking an article done</source>
        <translation>将文章标为已完成</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="775" />
        <source>accepting a version</source>
        <translation>采纳版本</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="776" />
        <source>adding a code</source>
        <translation>新增编码</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="777" />
        <source>editing a code</source>
        <translation>编辑编码</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="778" />
        <source>renaming a code</source>
        <translation>重命名编码</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="779" />
        <source>recolouring a code</source>
        <translation>更改编码颜色</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="780" />
        <source>moving a code</source>
        <translation>移动编码</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="781" />
        <source>reordering codes</source>
        <translation>调整编码顺序</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="782" />
        <source>merging codes</source>
        <translation>合并编码</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="783" />
        <source>splitting a code</source>
        <translation>拆分编码</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="784" />
        <source>retiring a code</source>
        <translation>停用编码</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="785" />
        <source>bringing back a code</source>
        <translation>恢复编码</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="786" />
        <source>deleting a code</source>
        <translation>删除编码</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="787" />
        <source>adding a variable</source>
        <translation>新增变量</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="788" />
        <source>editing a variable</source>
        <translation>编辑变量</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="789" />
        <source>retiring a variable</source>
        <translation>停用变量</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="790" />
        <source>bringing back a variable</source>
        <translation>恢复变量</translation>
    </message>
    <message>
        <location filename="../article_area.py" line="791" />
        <source>a codebook change</source>
        <translation>码本修改</translation>
    </message>
</context>
<context>
    <name>ArticleListModel</name>
    <message>
        <location filename="../article_list_model.py" line="105" />
        <source>Segments coded in the article</source>
        <translation>本篇文章已编码的片段数</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="109" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="110" />
        <source>Outlet</source>
        <translation>媒体</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="111" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="112" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="114" />
        <source>Seg.</source>
        <translation>片段</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="141" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../article_list_model.py" line="141" />
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
    <name>CleaningPanel</name>
    <message>
        <location filename="../cleaning_panel.py" line="41" />
        <source>Inserted pinyin</source>
        <translation>夹杂的拼音</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="42" />
        <source>Boilerplate</source>
        <translation>模板文字</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="43" />
        <source>Metadata line</source>
        <translation>元数据行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="44" />
        <source>Blank lines</source>
        <translation>空行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="45" />
        <source>Spaces</source>
        <translation>空格</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="64" />
        <source>pinyin inserted after characters</source>
        <translation>汉字后夹杂的拼音</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="67" />
        <source>pinyin cut by a line break</source>
        <translation>被换行截断的拼音</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="70" />
        <source>ICP or licence line</source>
        <translation>ICP 备案或许可证行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="71" />
        <source>SEO spam line</source>
        <translation>SEO 垃圾行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="72" />
        <source>copyright or republication notice</source>
        <translation>版权或转载声明</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="75" />
        <source>list of places or links</source>
        <translation>地名或链接列表</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="78" />
        <source>repeated line</source>
        <translation>重复行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="79" />
        <source>site name</source>
        <translation>网站名称</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="80" />
        <source>site-operator line</source>
        <translation>网站主办方信息行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="81" />
        <source>account or page header line</source>
        <translation>账号或页眉行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="84" />
        <source>byline</source>
        <translation>作者署名行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="85" />
        <source>metadata line (source, date, editor)</source>
        <translation>元数据行（来源、日期、编辑）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="88" />
        <source>related-articles list</source>
        <translation>相关文章列表</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="91" />
        <source>headlines of other articles after the article</source>
        <translation>正文后其他文章的标题</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="94" />
        <source>page number</source>
        <translation>页码</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="95" />
        <source>share, app or navigation line</source>
        <translation>分享、App 或导航行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="98" />
        <source>image file name</source>
        <translation>图片文件名</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="99" />
        <source>indentation</source>
        <translation>缩进</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="100" />
        <source>trailing whitespace</source>
        <translation>行尾空白</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="101" />
        <source>no-break or odd space</source>
        <translation>不换行空格或异常空格</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="104" />
        <source>zero-width or invisible character</source>
        <translation>零宽或不可见字符</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="108" />
        <source>outside the page's main block</source>
        <translation>页面正文区块之外</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="111" />
        <source>line of links (menu or headlines)</source>
        <translation>链接行（菜单或标题列表）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="114" />
        <source>empty table row</source>
        <translation>空表格行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="115" />
        <source>calendar or pager row</source>
        <translation>日历或翻页行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="116" />
        <source>web address</source>
        <translation>网址</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="117" />
        <source>reply or other post after the story (thread or list of posts)</source>
        <translation>正文之后的回帖或其他帖子（论坛帖或文章列表）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="120" />
        <source>line repeated on other pages of the batch (site furniture)</source>
        <translation>同批其他页面重复出现的行（网站固定内容）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="123" />
        <source>another story on the page (appended or related), not the one the page names</source>
        <translation>页面上的另一篇报道（续载或相关文章），并非页面标明的这篇</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="127" />
        <source>photo caption</source>
        <translation>图片说明</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="128" />
        <source>other stories' leads below the story (a news feed)</source>
        <translation>正文下方其他新闻的导语（新闻列表）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="131" />
        <source>platform's notice about its users' content</source>
        <translation>平台关于用户发布内容的声明</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="134" />
        <source>video player interface</source>
        <translation>视频播放器界面文字</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="138" />
        <source>line repeated above the story (headline printed again, menu entry)</source>
        <translation>正文上方重复的行（再次出现的标题、菜单项）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="143" />
        <source>other articles' headlines with their times</source>
        <translation>带时间的其他文章标题</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="147" />
        <source>another story printed in the article (its own headline and byline)</source>
        <translation>夹在正文中的另一篇报道（有自己的标题和署名）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="152" />
        <source>table rows of other articles' headlines</source>
        <translation>其他文章标题的表格行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="155" />
        <source>list of keywords or tags</source>
        <translation>关键词或标签列表</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="158" />
        <source>identifier number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="159" />
        <source>long line of share buttons or headlines</source>
        <translation>分享按钮或标题连成的长行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="162" />
        <source>link line (a label and a web address)</source>
        <translation>链接行（标签加网址）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="166" />
        <source>the site's promotion (a programme or app to watch or download)</source>
        <translation>网站自我推广（节目收看或应用下载）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="172" />
        <source>header line of a news-database export (read into the fields)</source>
        <translation>新闻数据库导出文件的题头行（已读入文章信息）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="175" />
        <source>outlet and date line under the title (read into the fields)</source>
        <translation>标题下的媒体与日期行（已读入文章信息）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="184" />
        <source>Garbled characters (the source was decoded with the wrong encoding before it was saved): they cannot be repaired; check this passage against the source.</source>
        <translation>乱码（原文保存前曾以错误编码解码）：无法自动修复，请对照原文核对此段。</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="190" />
        <source>Garbled characters (UTF-8 read as Latin-1): re-import the file with the right encoding, or check this passage against the source.</source>
        <translation>乱码（UTF-8 文本被当作 Latin-1 读取）：请以正确编码重新导入文件，或对照原文核对此段。</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="196" />
        <source>Date not understood: %1</source>
        <translation>无法识别的日期：%1</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="214" />
        <source>%n space(s)</source>
        <translation>%n 个空格</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="219" />
        <source>%n line break(s)</source>
        <translation>%n 个换行</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="224" />
        <source>(%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="233" />
        <source>%1, %2</source>
        <translation>%1、%2</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="259" />
        <source>What cleaning changed — %1</source>
        <translation>清洗改动 — %1</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="265" />
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="265" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="265" />
        <source>Removed text</source>
        <translation>被删除的文字</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="265" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="285" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="309" />
        <source>Removed</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="309" />
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="327" />
        <source>Cleaning changed nothing a reader would see here.</source>
        <translation>本文的清洗没有做出读者可见的改动。</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="331" />
        <source>You have coded this article, so its text can no longer change: the list shows what cleaning did, but nothing can be put back.</source>
        <translation>你已编码这篇文章，文字不能再改动：列表显示清洗做了什么，但无法恢复任何内容。</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="338" />
        <source>%1 coded this article, so its text can no longer change (their segments sit on it): the list shows what cleaning did, but nothing can be put back.</source>
        <translation>%1 已编码这篇文章（片段落在这段文字上），文字不能再改动：列表显示清洗做了什么，但无法恢复任何内容。</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="346" />
        <source>Another coder has coded this article, so its text can no longer change: the list shows what cleaning did, but nothing can be put back.</source>
        <translation>已有其他编码员编码这篇文章，文字不能再改动：列表显示清洗做了什么，但无法恢复任何内容。</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="353" />
        <source>Select a change and put its text back (possible until the article is coded).</source>
        <translation>选中一处改动即可恢复原文（在文章被编码之前均可操作）。</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="366" />
        <source>Remove again</source>
        <translation>重新删除</translation>
    </message>
    <message>
        <location filename="../cleaning_panel.py" line="366" />
        <source>Put back</source>
        <translation>恢复原文</translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <location filename="../code_dialog.py" line="82" />
        <source>One example per line</source>
        <translation>每行一个示例</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="83" />
        <source>One keyword per line (used for suggestions)</source>
        <translation>每行一个关键词（用于编码提示）</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="86" />
        <source>e.g. 1, q or F5</source>
        <translation>例如 1、q 或 F5</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="93" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="94" />
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="95" />
        <source>Definition</source>
        <translation>定义</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="96" />
        <source>Include when</source>
        <translation>纳入规则</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="97" />
        <source>Exclude when</source>
        <translation>排除规则</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="98" />
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="99" />
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="102" />
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="105" />
        <source>Shortcut key</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="128" />
        <source>Colour of the code</source>
        <translation>编码颜色</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="136" />
        <source>A code needs a name.</source>
        <translation>编码需要名称。</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="142" />
        <source>The key %1 is already used by the code “%2”.</source>
        <translation>快捷键 %1 已被编码“%2”占用。</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="150" />
        <source>The key %1 is already used by the window for “%2”.</source>
        <translation>快捷键 %1 已被窗口功能“%2”占用。</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="155" />
        <source>“%1” is not a key Qt can bind; use a letter, digit or F-key.</source>
        <translation>“%1”不能用作快捷键，请使用字母、数字或 F 功能键。</translation>
    </message>
</context>
<context>
    <name>CodebookModel</name>
    <message>
        <location filename="../codebook_model.py" line="62" />
        <source>Segments with its sub-codes: %1</source>
        <translation>含子编码的片段：%1</translation>
    </message>
    <message>
        <location filename="../codebook_model.py" line="65" />
        <source>Segments coded with this code itself: %1</source>
        <translation>本编码自身的片段：%1</translation>
    </message>
    <message>
        <location filename="../codebook_model.py" line="80" />
        <source>Retired: kept with its segments, hidden from new coding.</source>
        <translation>已停用：保留其编码片段，不再用于新的编码。</translation>
    </message>
    <message>
        <location filename="../codebook_model.py" line="228" />
        <source>Segments coded with each code; Σ: a parent code's total with its sub-codes</source>
        <translation>各编码的片段数；Σ 表示上级编码连同其子编码的总数</translation>
    </message>
    <message>
        <location filename="../codebook_model.py" line="234" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../codebook_model.py" line="235" />
        <source>Key</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../codebook_model.py" line="236" />
        <source>Segments</source>
        <translation>编码片段</translation>
    </message>
</context>
<context>
    <name>CodebookPanel</name>
    <message>
        <location filename="../codebook_panel.py" line="87" />
        <source>Filter codes…</source>
        <translation>筛选编码…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="125" />
        <source>New code…</source>
        <translation>新建编码…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="189" />
        <source>Add a top-level code…</source>
        <translation>添加顶层编码…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="192" />
        <source>Edit code…</source>
        <translation>编辑编码…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="193" />
        <source>Add a code under this one…</source>
        <translation>在此编码下添加子编码…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="194" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="195" />
        <source>Change colour…</source>
        <translation>更改颜色…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="196" />
        <source>Merge into another code…</source>
        <translation>合并到另一个编码…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="197" />
        <source>Retire (keep its segments, hide from new coding)</source>
        <translation>停用（保留其片段，不再用于新的编码）</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="198" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="240" />
        <source>Definition</source>
        <translation>定义</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="241" />
        <source>Include</source>
        <translation>纳入规则</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="242" />
        <source>Exclude</source>
        <translation>排除规则</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="246" />
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="253" />
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <location filename="../codebook_panel.py" line="256" />
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
</context>
<context>
    <name>CoderDialog</name>
    <message>
        <location filename="../coder_dialog.py" line="38" />
        <source>Who is coding?</source>
        <translation>谁在编码？</translation>
    </message>
    <message>
        <location filename="../coder_dialog.py" line="41" />
        <source>Project: %1</source>
        <translation>项目：%1</translation>
    </message>
    <message>
        <location filename="../coder_dialog.py" line="44" />
        <source>Choose your name, or type a new one to join as a new coder.</source>
        <translation>请选择你的名字；输入新名字即以新编码员身份加入。</translation>
    </message>
    <message>
        <location filename="../coder_dialog.py" line="47" />
        <source>This project has no coders yet. Type your name: the first coder leads.</source>
        <translation>本项目还没有编码员。请输入你的名字：第一位编码员即为组长。</translation>
    </message>
    <message>
        <location filename="../coder_dialog.py" line="54" />
        <source>(lead)</source>
        <translation>（组长）</translation>
    </message>
    <message>
        <location filename="../coder_dialog.py" line="62" />
        <source>Your coder name</source>
        <translation>你的编码员名字</translation>
    </message>
    <message>
        <location filename="../coder_dialog.py" line="92" />
        <source>Type a name or choose one from the list.</source>
        <translation>请输入名字，或从列表中选择一位。</translation>
    </message>
</context>
<context>
    <name>CodingSheet</name>
    <message>
        <location filename="../coding_sheet.py" line="282" />
        <source>No article variables yet. Article variables are the questions answered once per article (outlet type, tone, event date…). Make one here, or import a codebook file that has them (Help &gt; Documentation shows how to write one).</source>
        <translation>还没有文章变量。文章变量是每篇文章只回答一次的问题（如媒体类型、报道倾向、事件日期）。可以在这里新建，也可以导入含有文章变量的编码表文件（写法见“帮助 &gt; 使用说明”）。</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="289" />
        <location filename="../coding_sheet.py" line="306" />
        <source>New variable…</source>
        <translation>新建变量…</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="291" />
        <source>Import a codebook…</source>
        <translation>导入编码表…</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="309" />
        <source>Edit variable…</source>
        <translation>编辑变量…</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="312" />
        <source>Retire variable</source>
        <translation>停用变量</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="317" />
        <source>Bring back a retired variable</source>
        <translation>恢复已停用的变量</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="368" />
        <source>a number</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="383" />
        <source>Right-click to edit or retire this variable</source>
        <translation>右键单击可编辑或停用此变量</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="395" />
        <source>e.g. 2025-01-16 or 2025年1月16日</source>
        <translation>如 2025-01-16 或 2025年1月16日</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="401" />
        <source>A number from %1 to %2</source>
        <translation>%1 到 %2 之间的数字</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="403" />
        <source>A number, at least %1</source>
        <translation>不小于 %1 的数字</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="405" />
        <source>A number, at most %1</source>
        <translation>不大于 %1 的数字</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="458" />
        <source>%1 “%2”</source>
        <translation>%1“%2”</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="466" />
        <source>Not saved in the article you left: %1. Correct it there.</source>
        <translation>刚离开的文章中有内容未保存：%1。请回到该文章修改。</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="467" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="584" />
        <source>%1: “%2” is not a number.</source>
        <translation>%1：“%2”不是数字。</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="586" />
        <source>%1: %2 is below the smallest allowed, %3.</source>
        <translation>%1：%2 小于允许的最小值 %3。</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="588" />
        <source>%1: %2 is above the largest allowed, %3.</source>
        <translation>%1：%2 大于允许的最大值 %3。</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="591" />
        <source>%1: “%2” is not a date. Write it as 2025-01-16, 2025/1/16 or 2025年1月16日.</source>
        <translation>%1：“%2”不是有效日期。请写成 2025-01-16、2025/1/16 或 2025年1月16日。</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="594" />
        <source>%1: “%2” is not one of its values.</source>
        <translation>%1：“%2”不在可选值之中。</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="596" />
        <source>%1: this text cannot be stored (too long, or a control character).</source>
        <translation>%1：这段文字无法保存（过长，或含有控制字符）。</translation>
    </message>
    <message>
        <location filename="../coding_sheet.py" line="600" />
        <source>%1 Not saved.</source>
        <translation>%1未保存。</translation>
    </message>
</context>
<context>
    <name>CorpusSearch</name>
    <message>
        <location filename="../corpus_search.py" line="41" />
        <source>Search the corpus (either script)…</source>
        <translation>检索语料（简繁通用）…</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="56" />
        <source>Search for this reading instead</source>
        <translation>改为搜索这个读法</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="58" />
        <source>Code every hit with the current code</source>
        <translation>用当前编码标注全部命中</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="60" />
        <source>Suggest every hit for review</source>
        <translation>将全部命中列为待审建议</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="62" />
        <source>List only articles with hits</source>
        <translation>只列出有命中的文章</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="97" />
        <source>%1 hits in %2 articles</source>
        <translation>在 %2 篇文章中命中 %1 处</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="106" />
        <source>%1 (%2 hits)</source>
        <translation>%1（%2 处）</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="111" />
        <source>also: %1</source>
        <translation>另有：%1</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="138" />
        <location filename="../corpus_search.py" line="161" />
        <source>Search first, and pick a code in the codebook.</source>
        <translation>请先检索，并在编码表中选定一个编码。</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="143" />
        <source>Auto-code</source>
        <translation>自动编码</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="144" />
        <source>Code all %1 hits as %2? One Undo takes it back.</source>
        <translation>将全部 %1 处命中编码为 %2？一次撤销即可全部恢复。</translation>
    </message>
    <message>
        <location filename="../corpus_search.py" line="171" />
        <source>%1 suggestions to review: F8 goes to the next, Ctrl+Return accepts</source>
        <translation>%1 条待审建议：F8 跳到下一条，Ctrl+回车采纳</translation>
    </message>
</context>
<context>
    <name>DeleteCodeDialog</name>
    <message>
        <location filename="../code_dialog.py" line="207" />
        <location filename="../code_dialog.py" line="249" />
        <source>Delete code</source>
        <translation>删除编码</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="212" />
        <source>%n segment(s)</source>
        <translation>%n 个片段</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="217" />
        <source>“%1” and its sub-codes have %2. What should happen to them?</source>
        <translation>“%1”及其子编码共有 %2。这些片段如何处理？</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="219" />
        <source>“%1” has %2. What should happen to them?</source>
        <translation>“%1”有 %2。这些片段如何处理？</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="223" />
        <source>Move them to:</source>
        <translation>移到：</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="228" />
        <source>Delete them with the code (%1; Ctrl+Z brings them all back)</source>
        <translation>随编码一并删除（%1；按 Ctrl+Z 可全部恢复）</translation>
    </message>
    <message>
        <location filename="../code_dialog.py" line="235" />
        <source>No other code can take them: add one first to move them.</source>
        <translation>没有其他编码可以接收这些片段：如要移动，请先新建一个编码。</translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <location filename="../docks.py" line="168" />
        <source>All articles</source>
        <translation>全部文章</translation>
    </message>
    <message>
        <location filename="../docks.py" line="169" />
        <source>My queue</source>
        <translation>我的任务</translation>
    </message>
    <message>
        <location filename="../docks.py" line="170" />
        <location filename="../docks.py" line="204" />
        <source>To do</source>
        <translation>待编码</translation>
    </message>
    <message>
        <location filename="../docks.py" line="171" />
        <location filename="../docks.py" line="204" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../docks.py" line="172" />
        <source>Not assigned to me</source>
        <translation>未分配给我</translation>
    </message>
    <message>
        <location filename="../docks.py" line="179" />
        <source>Filter by title, outlet or id</source>
        <translation>按标题、媒体或编号筛选</translation>
    </message>
    <message>
        <location filename="../docks.py" line="276" />
        <source>Every article in the list is done.</source>
        <translation>列表中的文章已全部完成。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="291" />
        <source>Marked not done.</source>
        <translation>已取消“完成”标记。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="312" />
        <source>Marked done with required values empty: %1.</source>
        <translation>已标记为完成，但以下必填项为空：%1。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="315" />
        <source>Marked done. Ctrl+Z takes it back.</source>
        <translation>已标记为完成。按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="318" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../docks.py" line="328" />
        <source>Required values missing</source>
        <translation>必填项未填写</translation>
    </message>
    <message>
        <location filename="../docks.py" line="331" />
        <source>This article has no value yet for:</source>
        <translation>这篇文章以下变量尚未填写：</translation>
    </message>
    <message>
        <location filename="../docks.py" line="337" />
        <source>Fill them in on the coding sheet (marked *), or mark the article done anyway if they do not apply to it.</source>
        <translation>请在编码单中填写（带 * 的项），如这些变量不适用于本文，也可以仍然标记为完成。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="341" />
        <source>Typed but not saved (see the message under the field): %1.</source>
        <translation>已输入但未保存（见输入框下方的提示）：%1。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="344" />
        <source>Keep coding</source>
        <translation>继续编码</translation>
    </message>
    <message>
        <location filename="../docks.py" line="345" />
        <source>Mark done anyway</source>
        <translation>仍然标记为完成</translation>
    </message>
    <message>
        <location filename="../docks.py" line="356" />
        <source>Not marked done: %1 still empty.</source>
        <translation>未标记为完成：%1仍未填写。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="372" />
        <source>New code</source>
        <translation>新建编码</translation>
    </message>
    <message>
        <location filename="../docks.py" line="380" />
        <source>Edit code</source>
        <translation>编辑编码</translation>
    </message>
    <message>
        <location filename="../docks.py" line="385" />
        <source>Rename code</source>
        <translation>重命名编码</translation>
    </message>
    <message>
        <location filename="../docks.py" line="385" />
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../docks.py" line="391" />
        <source>Colour of the code</source>
        <translation>编码颜色</translation>
    </message>
    <message>
        <location filename="../docks.py" line="399" />
        <location filename="../docks.py" line="568" />
        <source>Only the lead</source>
        <translation>仅限负责人</translation>
    </message>
    <message>
        <location filename="../docks.py" line="401" />
        <source>Other coders' work uses “%1” too, and blind mode keeps it from you: ask the lead to merge or delete this code.</source>
        <translation>其他编码员的工作也用到了“%1”，盲编模式下您看不到这些内容：请负责人合并或删除这个编码。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="408" />
        <source>Merge “%1” into:</source>
        <translation>将“%1”合并到：</translation>
    </message>
    <message>
        <location filename="../docks.py" line="409" />
        <source>Merge codes</source>
        <translation>合并编码</translation>
    </message>
    <message>
        <location filename="../docks.py" line="448" />
        <source>%1 Not saved.</source>
        <translation>%1未保存。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="475" />
        <location filename="../docks.py" line="477" />
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location filename="../docks.py" line="491" />
        <source>New variable</source>
        <translation>新建变量</translation>
    </message>
    <message>
        <location filename="../docks.py" line="504" />
        <source>Edit variable</source>
        <translation>编辑变量</translation>
    </message>
    <message>
        <location filename="../docks.py" line="523" />
        <source>Variable “%1” added to the coding sheet. Ctrl+Z takes it back.</source>
        <translation>已将变量“%1”加入编码单。按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="540" />
        <source>That variable no longer exists.</source>
        <translation>该变量已不存在。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="545" />
        <source>Variable “%1” changed. Ctrl+Z takes it back.</source>
        <translation>已修改变量“%1”。按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="570" />
        <source>Other coders' work uses “%1” too, and blind mode keeps it from you: ask the lead to retire this variable.</source>
        <translation>其他编码员的工作也用到了“%1”，盲编模式下您看不到这些内容：请由负责人停用此变量。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="578" />
        <source>Variable “%1” retired: off the sheet, its stored values kept. Ctrl+Z brings it back.</source>
        <translation>已停用变量“%1”：不再显示在编码单上，已录入的值仍保留。按 Ctrl+Z 可恢复。</translation>
    </message>
    <message>
        <location filename="../docks.py" line="598" />
        <source>Variable “%1” is back on the sheet. Ctrl+Z takes it away again.</source>
        <translation>变量“%1”已恢复到编码单上。按 Ctrl+Z 可再次撤下。</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../file_dialogs.py" line="45" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../file_dialogs.py" line="48" />
        <source>%1 file</source>
        <translation>%1 文件</translation>
    </message>
    <message>
        <location filename="../file_dialogs.py" line="50" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../file_dialogs.py" line="99" />
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../file_dialogs.py" line="102" />
        <source>File &amp;name:</source>
        <translation>文件名(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../file_dialogs.py" line="106" />
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <location filename="../help.py" line="44" />
        <source>Keyboard keys</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../help.py" line="47" />
        <source>Select text with the mouse or Shift+arrows (Ctrl+Shift+arrows by whole words), press a code's key, and the selection is coded. Click a coded passage or its row in Segments and a code's key recodes it. Everything is saved at once; Ctrl+Z undoes.</source>
        <translation>用鼠标或 Shift+方向键选择文字（Ctrl+Shift+方向键按整词选择），再按编码的快捷键即可编码所选文字。点击已编码的文字或“编码片段”列表中的一行，再按编码的快捷键即可改标。所有改动即时保存；按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <location filename="../help.py" line="56" />
        <source>Key</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../help.py" line="56" />
        <source>What it does</source>
        <translation>功能</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="148" />
        <source>articoder — %1 (%2)</source>
        <translation>articoder — %1（%2）</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="286" />
        <source>Articles</source>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="287" />
        <source>Codebook</source>
        <translation>编码表</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="291" />
        <source>Coding sheet</source>
        <translation>编码单</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="292" />
        <source>Segments</source>
        <translation>编码片段</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="293" />
        <source>Search</source>
        <translation>检索</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="299" />
        <source>Suggestions</source>
        <translation>建议编码</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="299" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="367" />
        <source>Select text, then press a code's key or double-click the code to code it. Help &gt; Keyboard keys lists every key.</source>
        <translation>选中文字，再按编码的快捷键或双击该编码，即可完成编码。所有快捷键见“帮助 &gt; 键盘快捷键”。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="401" />
        <source>Opening the demo project in a new window…</source>
        <translation>正在新窗口中打开演示项目…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="403" />
        <source>The demo project could not be started.</source>
        <translation>无法启动演示项目。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="425" />
        <source>The documentation is not installed here.</source>
        <translation>本机未安装使用说明。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="429" />
        <source>Opening the documentation: %1</source>
        <translation>正在打开使用文档：%1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="452" />
        <source>Documentation</source>
        <translation>使用文档</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="453" />
        <source>No browser opened the documentation. Open this file in one yourself:</source>
        <translation>没有浏览器打开使用文档。请自行用浏览器打开这个文件：</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="464" />
        <source>About articoder</source>
        <translation>关于 articoder</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="467" />
        <source>Hand-coding of Chinese news articles for content analysis: a codebook, a keyboard-driven coding window, inter-coder agreement and exports.</source>
        <translation>面向内容分析的中文新闻人工编码工具：编码表、以键盘为主的编码窗口、编码员间信度与数据导出。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="488" />
        <source>&amp;Project</source>
        <translation>项目(&amp;P)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="491" />
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="494" />
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="499" />
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="502" />
        <source>&amp;Import articles…</source>
        <translation>导入文章(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="503" />
        <source>Import a &amp;codebook…</source>
        <translation>导入编码表(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="504" />
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="507" />
        <source>Import a REFI-QDA project or codebook…</source>
        <translation>导入 REFI-QDA 项目或编码表…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="513" />
        <source>Export as a REFI-QDA project…</source>
        <translation>导出为 REFI-QDA 项目…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="516" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="517" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="519" />
        <location filename="../main_window.py" line="748" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="520" />
        <location filename="../main_window.py" line="751" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="523" />
        <source>Delete segment</source>
        <translation>删除片段</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="525" />
        <source>Edit memo of segment…</source>
        <translation>编辑片段备注…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="526" />
        <source>Set segment to selection</source>
        <translation>将片段范围改为当前选区</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="528" />
        <source>Find in corpus</source>
        <translation>在语料中查找</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="530" />
        <source>&amp;Coding</source>
        <translation>编码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="532" />
        <source>Next article</source>
        <translation>下一篇</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="533" />
        <source>Previous article</source>
        <translation>上一篇</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="535" />
        <source>Next unfinished article</source>
        <translation>下一篇未完成</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="537" />
        <source>Mark article done / not done</source>
        <translation>标记为已完成 / 未完成</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="538" />
        <source>&amp;Agreement…</source>
        <translation>信度分析(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="539" />
        <source>Team &amp;progress…</source>
        <translation>团队进度(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="545" />
        <source>New code…</source>
        <translation>新建编码…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="550" />
        <source>New variable…</source>
        <translation>新建变量…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="556" />
        <source>Next suggestion</source>
        <translation>下一个建议</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="557" />
        <source>Accept suggestion</source>
        <translation>采纳建议</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="559" />
        <source>Dismiss suggestion</source>
        <translation>忽略建议</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="561" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="564" />
        <source>Snap selections to words (hold Alt to override)</source>
        <translation>选区自动对齐词边界（按住 Alt 可取消）</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="573" />
        <source>Show in Simplified script</source>
        <translation>以简体显示</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="577" />
        <source>Blind mode: only my own coding</source>
        <translation>盲编模式：只显示我自己的编码</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="583" />
        <source>Larger text</source>
        <translation>放大字体</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="586" />
        <source>Smaller text</source>
        <translation>缩小字体</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="589" />
        <source>Reset layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="590" />
        <source>Language / 语言</source>
        <translation>语言 / Language</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="607" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="609" />
        <source>&amp;Keyboard keys…</source>
        <translation>键盘快捷键(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="610" />
        <source>&amp;Documentation</source>
        <translation>使用说明(&amp;D)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="612" />
        <source>&amp;About articoder</source>
        <translation>关于 articoder(&amp;A)</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="680" />
        <source>%n article(s)</source>
        <translation><numerusform>共 %n 篇文章</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="681" />
        <source>%1 of %n article(s) shown</source>
        <translation><numerusform>显示 %1 篇，共 %n 篇文章</numerusform></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="809" />
        <source>The window and its panels are back as they started.</source>
        <translation>窗口和各面板已恢复为初始布局。</translation>
    </message>
</context>
<context>
    <name>OpenProject</name>
    <message>
        <location filename="../app.py" line="216" />
        <source>The new project %1 could not be made; nothing was changed.</source>
        <translation>无法新建项目 %1，未做任何更改。</translation>
    </message>
    <message>
        <location filename="../app.py" line="220" />
        <source>%1 could not be opened as a project.</source>
        <translation>%1 无法作为项目打开。</translation>
    </message>
    <message>
        <location filename="../app.py" line="222" />
        <source>Articles and spreadsheets are brought into a project with Project &gt; Import articles…</source>
        <translation>文章和表格请通过“项目 &gt; 导入文章…”导入到项目中。</translation>
    </message>
</context>
<context>
    <name>ProgressChart</name>
    <message>
        <location filename="../progress_window.py" line="197" />
        <source>Consensus</source>
        <translation>共识版本</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="214" />
        <source>No article is done and no segment made yet.</source>
        <translation>还没有完成的文章，也没有编码片段。</translation>
    </message>
    <message numerus="yes">
        <location filename="../progress_window.py" line="263" />
        <source>Work on %n day(s) so far: each bar is a coder's total at the end of the day</source>
        <translation><numerusform>目前共有 %n 天的编码工作：每根柱子是一位编码员截至当天结束时的累计数</numerusform></translation>
    </message>
</context>
<context>
    <name>ProgressTableModel</name>
    <message>
        <location filename="../progress_window.py" line="110" />
        <source>Coder</source>
        <translation>编码员</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="111" />
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="112" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="113" />
        <source>To do</source>
        <translation>待编码</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="114" />
        <source>% done</source>
        <translation>完成率</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="115" />
        <source>Segments</source>
        <translation>编码片段</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="116" />
        <source>Values</source>
        <translation>变量值</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="117" />
        <source>Last saved (UTC)</source>
        <translation>最近保存（UTC）</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="137" />
        <source>Consensus (the lead's decisions)</source>
        <translation>定稿（组长的裁定）</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="138" />
        <source> (lead)</source>
        <translation>（组长）</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="152" />
        <source>%1 articles marked done: %2 assigned by the lead, %3 on their own</source>
        <translation>%1 篇文章标记为已完成：%2 篇由组长分配，%3 篇由编码员自行标记</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="158" />
        <source>Nothing assigned to this coder: done is a status, not an assignment.</source>
        <translation>未给这位编码员分配文章：“已完成”是文章的状态，不是分配任务。</translation>
    </message>
</context>
<context>
    <name>ProgressWindow</name>
    <message>
        <location filename="../progress_window.py" line="374" />
        <location filename="../progress_window.py" line="434" />
        <source>Team progress</source>
        <translation>团队进度</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="380" />
        <source>Chart:</source>
        <translation>图表：</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="382" />
        <source>Articles done, running total</source>
        <translation>完成文章数（累计）</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="383" />
        <source>Segments made, running total</source>
        <translation>编码片段数（累计）</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="386" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="391" />
        <source>Assign articles…</source>
        <translation>分配文章…</translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="446" />
        <source>Done is a status, not an assignment: a coder may mark done an article nobody assigned. Articles done counts each article once, however many coders marked it.</source>
        <translation>“已完成”是状态，不是分配任务：编码员可以把没人分配的文章标记为已完成。已完成文章数中，每篇文章只算一次，不论有几位编码员标记了它。</translation>
    </message>
    <message numerus="yes">
        <location filename="../progress_window.py" line="457" />
        <source>%1 of %n article(s) done</source>
        <translation><numerusform>%n 篇文章中已完成 %1 篇</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../progress_window.py" line="463" />
        <source>%1 of %n assignment(s) done</source>
        <translation><numerusform>%n 项分配任务中已完成 %1 项</numerusform></translation>
    </message>
    <message>
        <location filename="../progress_window.py" line="466" />
        <source>no assignments</source>
        <translation>尚无分配任务</translation>
    </message>
    <message numerus="yes">
        <location filename="../progress_window.py" line="468" />
        <source>%1; %2; %n segment(s)</source>
        <translation><numerusform>%1；%2；编码片段 %n 个</numerusform></translation>
    </message>
</context>
<context>
    <name>ProjectActions</name>
    <message>
        <location filename="../project_actions.py" line="163" />
        <location filename="../project_actions.py" line="173" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="165" />
        <source>articoder projects (*.articoder)</source>
        <translation>articoder 项目 (*.articoder)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="187" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="189" />
        <source>articoder projects (*.articoder);;All files (*)</source>
        <translation>articoder 项目 (*.articoder);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="250" />
        <source>Import articles</source>
        <translation>导入文章</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="252" />
        <source>Articles (*.txt *.md *.html *.htm *.docx *.csv *.tsv *.xlsx *.json *.jsonl)</source>
        <translation>文章 (*.txt *.md *.html *.htm *.docx *.csv *.tsv *.xlsx *.json *.jsonl)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="399" />
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="384" />
        <location filename="../project_actions.py" line="405" />
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="130" />
        <source>Backing the project up as it was opened</source>
        <translation>正在备份刚打开时的项目</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="217" />
        <source>%1 — not found at %2</source>
        <translation>%1 — 在 %2 中找不到</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="224" />
        <source>No other projects opened yet</source>
        <translation>尚未打开过其他项目</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="228" />
        <source>Remove projects not found from this list</source>
        <translation>从列表中移除找不到的项目</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="237" />
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="239" />
        <source>%1 is no longer there (moved or deleted); it was taken off the list. Use Open project… to find it where it is now.</source>
        <translation>%1 已不在原处（已被移动或删除），已从列表中移除。请用“打开项目…”到它现在的位置找到它。</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="262" />
        <location filename="../project_actions.py" line="281" />
        <source>Import a codebook</source>
        <translation>导入编码表</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="264" />
        <source>Codebooks (*.yaml *.yml *.json *.xlsx *.qdc)</source>
        <translation>编码表 (*.yaml *.yml *.json *.xlsx *.qdc)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="299" />
        <source>Codebook imported from %1.</source>
        <translation>已从 %1 导入编码表。</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="307" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="308" />
        <source>SPSS data file, segments in a second file (*.sav)</source>
        <translation>SPSS 数据文件，编码片段另存一个文件 (*.sav)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="309" />
        <source>Stata data file, segments in a second file (*.dta)</source>
        <translation>Stata 数据文件，编码片段另存一个文件 (*.dta)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="311" />
        <source>Parquet file for R or Python, segments in a second file (*.parquet)</source>
        <translation>Parquet 文件（供 R 或 Python 使用），编码片段另存一个文件 (*.parquet)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="314" />
        <source>Codebook document for a methods appendix, Word (*.docx)</source>
        <translation>编码表文档（研究方法附录），Word (*.docx)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="315" />
        <source>Codebook document for a methods appendix, web page (*.html)</source>
        <translation>编码表文档（研究方法附录），网页 (*.html)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="323" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="381" />
        <source>Writing the codebook document</source>
        <translation>正在生成编码表文档</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="418" />
        <source>Importing articles</source>
        <translation>正在导入文章</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="459" />
        <source>Imported %1 articles</source>
        <translation>已导入 %1 篇文章</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="448" />
        <source>Near-empty texts, pages that read like lists of links, undecodable bytes and missing dates, authors or outlets are listed under Details.</source>
        <translation>近乎空白的文本、像链接列表的页面、无法解码的字节，以及缺少日期、作者或媒体的文章，都列在“详细信息”中。</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="175" />
        <source>“%1” has no name before .articoder. Choose New project again and type a name for the project.</source>
        <translation>文件名“%1”只有扩展名 .articoder，缺少项目名称。请重新点“新建项目”，输入一个项目名称。</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="284" />
        <source>The codebook was not imported: %1 has a mistake. Correct it at the line named below, save the file and import it again.</source>
        <translation>编码表未导入：%1 中有错误。请按下方指出的行改正，保存文件后重新导入。</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="461" />
        <source>%1 need checking</source>
        <translation>其中 %1 篇需要核对</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="463" />
        <source>%1 files or rows skipped</source>
        <translation>跳过 %1 个文件或行</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="466" />
        <source>%1 already in the project, not imported again</source>
        <translation>%1 篇已在项目中，未重复导入</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="470" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="481" />
        <source>no article text was left after cleaning; nothing was imported from it</source>
        <translation>清洗后没有剩下正文，未从中导入任何内容</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="486" />
        <source>%1: skipped: %2</source>
        <translation>%1：已跳过：%2</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="490" />
        <source>%1: the same text as article %2 (%3); not imported again</source>
        <translation>%1：与文章 %2（%3）正文相同，未重复导入</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="504" />
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="505" />
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="506" />
        <source>author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="507" />
        <source>outlet</source>
        <translation>媒体</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="509" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="511" />
        <source>no plausible %1 found in the file or the text; nothing was stored for it (fill it in by hand if the source gives it)</source>
        <translation>文件和正文中都没有找到可信的%1，该项留空（如原文有此信息，请手动补填）</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="523" />
        <source>%1 of its %2 lines are short lines without a full stop: it looks like a list of links or headlines, not a story</source>
        <translation>全文 %2 行中有 %1 行是没有句号的短行：看起来是链接或标题列表，而不是一篇报道</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="534" />
        <source>%1 undecodable bytes of the file were replaced (the first at byte %2); the passage is flagged: check it against the source</source>
        <translation>文件中有 %1 个无法解码的字节已被替换（第一个位于第 %2 字节）；该段已标出，请对照原文核对</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="546" />
        <source>Export as a REFI-QDA project</source>
        <translation>导出为 REFI-QDA 项目</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="548" />
        <source>REFI-QDA projects (*.qdpx)</source>
        <translation>REFI-QDA 项目 (*.qdpx)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="564" />
        <source>Import a REFI-QDA project or codebook</source>
        <translation>导入 REFI-QDA 项目或编码表</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="566" />
        <source>REFI-QDA files (*.qdpx *.qdc)</source>
        <translation>REFI-QDA 文件 (*.qdpx *.qdc)</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="579" />
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="595" />
        <source>Added %1 articles, %2 codes, %3 segments and %4 values.</source>
        <translation>已添加 %1 篇文章、%2 个编码、%3 个编码片段和 %4 个变量值。</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="443" />
        <location filename="../project_actions.py" line="604" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="516" />
        <source>only %1 characters of text are left: the file may hold little more than a headline, or a page's story was not found; check the article against its source</source>
        <translation>清洗后只剩 %1 个字符：文件可能只有标题，或没有找到网页中的正文，请对照原文核对</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="606" />
        <source>%1 items were not taken as the file has them; see the details.</source>
        <translation>有 %1 项未按文件原样导入，详见详细信息。</translation>
    </message>
    <message>
        <location filename="../project_actions.py" line="626" />
        <source>Backing the project up first</source>
        <translation>正在先备份项目</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <location filename="../agreement_window.py" line="284" />
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="285" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="286" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="288" />
        <source>N units</source>
        <translation>单位数</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="300" />
        <source>Coders</source>
        <translation>编码员</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="295" />
        <source>% agreement</source>
        <translation>一致百分比</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="296" />
        <source>Cohen's κ</source>
        <translation>Cohen κ</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="297" />
        <source>Fleiss' κ</source>
        <translation>Fleiss κ</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="290" />
        <source>Krippendorff's α</source>
        <translation>Krippendorff α</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="287" />
        <source>Level</source>
        <translation>测量层次</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="289" />
        <source>Units marked</source>
        <translation>已标记单位</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="291" />
        <source>α 95% interval</source>
        <translation>α 95% 区间</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="292" />
        <source>Usable draws</source>
        <translation>可用抽样次数</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="293" />
        <source>P(α &lt; .800)</source>
        <translation>P(α &lt; .800)</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="294" />
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="298" />
        <source>Gwet's AC1</source>
        <translation>Gwet AC1</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="299" />
        <source>Brennan-Prediger</source>
        <translation>Brennan-Prediger</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="351" />
        <source>code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="352" />
        <source>variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="344" />
        <location filename="../agreement_window.py" line="353" />
        <source>all codes</source>
        <translation>全部编码</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="367" />
        <source>not computed</source>
        <translation>未计算</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="369" />
        <source>undefined</source>
        <translation>无定义</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="397" />
        <source>at or above .800</source>
        <translation>达到 .800 及以上</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="398" />
        <source>between .667 and .800 (tentative conclusions only)</source>
        <translation>介于 .667 与 .800 之间（仅可得出初步结论）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="399" />
        <source>below .667</source>
        <translation>低于 .667</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="400" />
        <source>alpha undefined</source>
        <translation>α 无定义</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="401" />
        <source>not used by any coder</source>
        <translation>无编码员使用</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="409" />
        <source>between .667 and .800 (tentative)</source>
        <translation>介于 .667 与 .800 之间，仅作初步结论</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="415" />
        <source>%1, on the lower bound %2</source>
        <translation>%1（按区间下限 %2）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="417" />
        <source>%1, on α itself %2</source>
        <translation>%1（按 α 本身 %2）</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="425" />
        <source>α of %1 codes: mean %2, %3 to %4; %5 not used</source>
        <translation>%1 个编码的 α：均值 %2，范围 %3 至 %4；%5 个未使用</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="437" />
        <source>KALPHA's bootstrap: %1 draws of %2 pairs of values each</source>
        <translation>KALPHA 自助法：共抽样 %1 次，每次抽取 %2 个取值对</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="443" />
        <source>It draws a fixed number of pairs as if independent, although these units nest in articles: its width does not follow these data.</source>
        <translation>它把固定数量的取值对当作相互独立来抽取，而这些单位其实嵌套在文章之中：区间宽度并不反映这些数据的实际情况。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="452" />
        <source>%1 of %2 bootstrap draws usable, resampling %3</source>
        <translation>%2 次自助抽样中 %1 次可用，按%3重抽</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="448" />
        <source>units</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="448" />
        <source>whole articles</source>
        <translation>整篇文章</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="467" />
        <source>α is %1; its 95% interval reaches down to %2. The verdict and the shading are drawn on that lower bound: %3.</source>
        <translation>α 为 %1；其 95% 区间下限低至 %2。判定和底色都依据这个下限：%3。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="477" />
        <source>α is %1. With no sound interval, the verdict and the shading are drawn on α itself: %2.</source>
        <translation>α 为 %1。由于没有可靠的区间，判定和底色直接依据 α 本身：%2。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="488" />
        <source>Shading: red below .667, amber from .667 to .800, none at .800 or above, drawn on the lower bound of α's 95% interval (on α itself when there is no sound interval), the number the verdict names. Only α is held to these bars.</source>
        <translation>底色：低于 .667 为红色，.667 至 .800 为橙色，.800 及以上不着色；依据 α 的 95% 区间下限（没有可靠区间时依据 α 本身），即“判定”一栏写明的数值。只有 α 按这两条标准衡量。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="497" />
        <source>Dates at the nominal level: do the coders give the same day?</source>
        <translation>按定类层次比较日期：编码员给出的是否为同一天？</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="499" />
        <source>Dates at the interval level: how many days apart are the coders?</source>
        <translation>按定距层次比较日期：编码员给出的日期相差几天？</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="503" />
        <source>Name in the codebook: %1</source>
        <translation>编码表中的名称：%1</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="508" />
        <source>Too few usable draws: the interval leans one way; read it as a rough guide.</source>
        <translation>可用抽样次数过少：该区间偏向一侧，仅供粗略参考。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="516" />
        <source>Not held to the .667/.800 bars: units no coder marked count as agreement and keep this high when most units are empty.</source>
        <translation>不按 .667/.800 标准判定：无人标记的单位都算作一致，多数单位为空时该值会一直偏高。</translation>
    </message>
    <message>
        <location filename="../agreement_window.py" line="520" />
        <source>Kappa for every pair of coders: see the Pairwise tab.</source>
        <translation>每对编码员的 kappa 见“两两比较”标签页。</translation>
    </message>
</context>
<context>
    <name>RetrievalWindow</name>
    <message>
        <location filename="../retrieval_window.py" line="326" />
        <source>Coded segments</source>
        <translation>已编码片段</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="327" />
        <source>Include sub-codes</source>
        <translation>包含子编码</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="329" />
        <source>All coders</source>
        <translation>全部编码员</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="328" />
        <source>Published between</source>
        <translation>发布日期介于</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="333" />
        <source>Coder</source>
        <translation>编码员</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="334" />
        <source>Outlet</source>
        <translation>媒体</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="335" />
        <source>Variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="336" />
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="337" />
        <source>Codes (tick one or more)</source>
        <translation>编码（可勾选多个）</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="338" />
        <source>Export to Excel…</source>
        <translation>导出为 Excel…</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="330" />
        <location filename="../retrieval_window.py" line="369" />
        <source>Any outlet</source>
        <translation>全部媒体</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="331" />
        <location filename="../retrieval_window.py" line="377" />
        <source>Any variable</source>
        <translation>全部变量</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="332" />
        <location filename="../retrieval_window.py" line="387" />
        <source>Any value</source>
        <translation>全部取值</translation>
    </message>
    <message numerus="yes">
        <location filename="../retrieval_window.py" line="455" />
        <source>%n segment(s) in %1 article(s)</source>
        <translation><numerusform>%1 篇文章中的 %n 个片段</numerusform></translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="458" />
        <source>Tick one or more codes on the left to list their segments.</source>
        <translation>请在左侧勾选一个或多个编码，即可列出其编码片段。</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="480" />
        <source>Export coded segments</source>
        <translation>导出已编码片段</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="490" />
        <source>Written to %1</source>
        <translation>已写入 %1</translation>
    </message>
</context>
<context>
    <name>SegmentModel</name>
    <message>
        <location filename="../segment_list.py" line="58" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="58" />
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="58" />
        <source>Memo</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="58" />
        <source>Coder</source>
        <translation>编码员</translation>
    </message>
</context>
<context>
    <name>SegmentTableModel</name>
    <message>
        <location filename="../retrieval_window.py" line="104" />
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="105" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="106" />
        <source>Coder</source>
        <translation>编码员</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="107" />
        <source>Before</source>
        <translation>前文</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="108" />
        <source>Segment</source>
        <translation>片段</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="109" />
        <source>After</source>
        <translation>后文</translation>
    </message>
    <message>
        <location filename="../retrieval_window.py" line="110" />
        <source>Memo</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>SuggestionsPanel</name>
    <message>
        <location filename="../suggestions_panel.py" line="78" />
        <location filename="../suggestions_panel.py" line="185" />
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="79" />
        <source>Sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="81" />
        <source>Krippendorff's alpha</source>
        <translation>Krippendorff α 系数</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="82" />
        <location filename="../suggestions_panel.py" line="117" />
        <source>F1</source>
        <translation>F1 值</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="88" />
        <source>Train and validate</source>
        <translation>训练并验证</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="98" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="100" />
        <source>Suggest when</source>
        <translation>建议条件</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="107" />
        <source>No model trained yet.</source>
        <translation>尚未训练模型。</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="112" />
        <location filename="../suggestions_panel.py" line="145" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="113" />
        <source>Positive</source>
        <translation>正例</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="114" />
        <source>Negative</source>
        <translation>负例</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="115" />
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="116" />
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="118" />
        <source>Alpha (machine)</source>
        <translation>α（机器与人工）</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="119" />
        <source>Alpha (coders)</source>
        <translation>α（编码员之间）</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="120" />
        <source>Suggested</source>
        <translation>提供建议</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="130" />
        <source>Pre-code uncoded articles</source>
        <translation>预编码未编码文章</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="133" />
        <source>Minimum confidence</source>
        <translation>最低置信度</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="140" />
        <source>Only the lead trains and pre-codes.</source>
        <translation>只有课题负责人可以训练模型和预编码。</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="142" />
        <location filename="../suggestions_panel.py" line="325" />
        <source>No article open.</source>
        <translation>尚未打开文章。</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="145" />
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="145" />
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="148" />
        <source>Accept suggestion</source>
        <translation>采纳建议</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="152" />
        <source>Reject suggestion</source>
        <translation>拒绝建议</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="156" />
        <source>Accept (F9)</source>
        <translation>采纳 (F9)</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="158" />
        <source>Reject (Shift+F9)</source>
        <translation>拒绝 (Shift+F9)</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="165" />
        <source>What to code next</source>
        <translation>接下来编码哪篇</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="168" />
        <source>Uncoded articles the model is least sure about for the codes below the bar: coding them teaches those codes most.</source>
        <translation>模型对未达标编码最没有把握的未编码文章：先人工编码这些文章，对这些编码的提升最大。</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="173" />
        <source>Open article</source>
        <translation>打开文章</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="186" />
        <source>Uncertainty</source>
        <translation>不确定度</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="187" />
        <source>Least sure about</source>
        <translation>最没把握的编码</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="188" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="377" />
        <source>Ordering uncoded articles</source>
        <translation>正在为未编码文章排序</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="385" />
        <source>every code passed, so all codes decide</source>
        <translation>所有编码均已达标，按全部编码排序</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="387" />
        <source>codes below the bar: %1</source>
        <translation>未达标编码：%1</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="390" />
        <source>%1 uncoded articles, by mean uncertainty (%2).</source>
        <translation>共 %1 篇未编码文章，按平均不确定度排序（%2）。</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="239" />
        <source>Model %1: %2 of %3 codes suggested (%4 ≥ %5, cross-validated by article).</source>
        <translation>模型 %1：%3 个编码中有 %2 个可提供建议（%4 ≥ %5，按文章分组交叉验证）。</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="257" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="257" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="277" />
        <source>Training suggestions</source>
        <translation>正在训练建议模型</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="300" />
        <source>Pre-coding uncoded articles</source>
        <translation>正在预编码未编码文章</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="307" />
        <source>%1 suggestions in %2 articles wait for review.</source>
        <translation>已在 %2 篇文章中生成 %1 条建议编码，等待审核。</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="328" />
        <source>%1 pending suggestions in this article.</source>
        <translation>本文有 %1 条待审核的建议编码。</translation>
    </message>
    <message>
        <location filename="../suggestions_panel.py" line="363" />
        <source>Suggestions</source>
        <translation>建议编码</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <location filename="../tasks.py" line="47" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../tasks.py" line="67" />
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
    </message>
</context>
<context>
    <name>TeamActions</name>
    <message>
        <location filename="../team_actions.py" line="41" />
        <source>Also connected: %1</source>
        <translation>同时在线：%1</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="48" />
        <source>Another program is writing to this project (an import or a merge?); your next change waits until it has finished.</source>
        <translation>另一个程序正在写入本项目（导入或合并？），您的下一次修改将等它完成后再保存。</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="56" />
        <source>Cannot reach the project; trying again…</source>
        <translation>无法连接项目，正在重试…</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="61" />
        <source>The codebook was changed by the lead; it is up to date.</source>
        <translation>组长修改了编码表，已更新为最新版本。</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="63" />
        <source>Your assignments were changed; the article list is up to date.</source>
        <translation>你的任务分配有变动，文章列表已更新。</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="65" />
        <source>Blind mode was changed by the lead.</source>
        <translation>组长更改了盲编码模式。</translation>
    </message>
    <message>
        <location filename="../team_actions.py" line="71" />
        <source>Work saved in another window or program is now shown; everything is up to date.</source>
        <translation>已显示其他窗口或程序保存的工作，内容已是最新。</translation>
    </message>
</context>
<context>
    <name>VariableDialog</name>
    <message>
        <location filename="../variable_dialog.py" line="55" />
        <source>Categories (nominal)</source>
        <translation>类别（定类）</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="56" />
        <source>Ordered categories (ordinal)</source>
        <translation>有序类别（定序）</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="57" />
        <source>Number, no true zero (interval)</source>
        <translation>无绝对零点的数值（定距）</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="58" />
        <source>Number with a true zero (ratio)</source>
        <translation>有绝对零点的数值（定比）</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="59" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="60" />
        <source>Free text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="95" />
        <source>Short, no spaces: the column name in exports</source>
        <translation>简短、不含空格：导出数据时的列名</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="97" />
        <source>What the coding sheet shows</source>
        <translation>编码单上显示的名称</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="105" />
        <source>How to code it; shown in the field's tip</source>
        <translation>如何编码；显示在字段的提示中</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="110" />
        <source>Required: asked for before an article is marked done</source>
        <translation>必填：将文章标记为完成前会提醒填写</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="115" />
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="117" />
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="119" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="130" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="131" />
        <location filename="../variable_dialog.py" line="164" />
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="132" />
        <location filename="../variable_dialog.py" line="164" />
        <source>English label</source>
        <translation>英文标签</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="133" />
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="134" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="136" />
        <source>Range</source>
        <translation>取值范围</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="137" />
        <source>Values</source>
        <translation>变量值</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="164" />
        <source>Stored value</source>
        <translation>存储值</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="174" />
        <source>Add value</source>
        <translation>添加取值</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="175" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="176" />
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="177" />
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="186" />
        <source>Blank stored value: the label is stored.</source>
        <translation>存储值留空时，存储的是标签。</translation>
    </message>
    <message numerus="yes">
        <location filename="../variable_dialog.py" line="209" />
        <source>Coded %n time(s): its labels can change, it stays.</source>
        <translation><numerusform>已被编码 %n 次：可以修改标签，但取值本身保留。</numerusform></translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="212" />
        <source>Already coded: its labels can change, it stays.</source>
        <translation>已有编码使用：可以修改标签，但取值本身保留。</translation>
    </message>
    <message numerus="yes">
        <location filename="../variable_dialog.py" line="238" />
        <source>“%1” is coded %n time(s) and cannot be removed; recode those first, or retire the whole variable.</source>
        <translation><numerusform>“%1”已被编码 %n 次，不能删除；请先重新编码这些值，或停用整个变量。</numerusform></translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="247" />
        <source>“%1” is already coded and cannot be removed; ask the lead, or retire the whole variable.</source>
        <translation>“%1”已被编码使用，不能删除；请联系负责人，或停用整个变量。</translation>
    </message>
    <message numerus="yes">
        <location filename="../variable_dialog.py" line="297" />
        <source>Values coded with this variable so far: %n.</source>
        <translation><numerusform>此变量目前已录入 %n 个值。</numerusform></translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="299" />
        <source>Values are already coded with this variable.</source>
        <translation>此变量已有录入的值。</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="304" />
        <source>Its type can change only between categories and ordered categories, and a value in use cannot be removed; labels can change. Stored values are kept.</source>
        <translation>其类型只能在“类别”和“有序类别”之间切换，已被使用的取值不能删除，标签可以修改。已录入的值都会保留。</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="309" />
        <source>Its type cannot change any more. To code it another way, retire it (its values are kept) and make a new variable.</source>
        <translation>其类型已不能再更改。如需换一种方式编码，请停用它（已录入的值会保留）并新建一个变量。</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="335" />
        <source>A variable needs a name.</source>
        <translation>变量需要一个名称。</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="338" />
        <source>Another variable is already called “%1” (retired ones count too); choose another name.</source>
        <translation>已有变量名为“%1”（已停用的变量也算在内），请换一个名称。</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="346" />
        <source>The range takes numbers, such as 0 or 2.5; leave blank for none.</source>
        <translation>取值范围只能填数字，如 0 或 2.5；留空表示不设限。</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="349" />
        <source>The range runs from %1 to %2: the smallest is above the largest.</source>
        <translation>取值范围为 %1 至 %2：最小值大于最大值。</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="356" />
        <source>Categories need their values: add at least one.</source>
        <translation>类别变量需要取值：请至少添加一个。</translation>
    </message>
    <message>
        <location filename="../variable_dialog.py" line="360" />
        <source>The value “%1” is listed twice.</source>
        <translation>取值“%1”重复出现。</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../welcome.py" line="23" />
        <source>This project has no articles yet</source>
        <translation>本项目还没有文章</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="28" />
        <source>Bring in the articles to code (text, Word, HTML, CSV or Excel files), and a codebook if you have one; you can also build the codebook here, in the Codebook panel. The demo project shows a study already coded by three coders.</source>
        <translation>请先导入要编码的文章（文本、Word、HTML、CSV 或 Excel 文件），如已有编码表也可一并导入；也可以在“编码表”面板中直接建立编码表。演示项目展示了一项已由三位编码员完成编码的研究。</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="34" />
        <source>Import articles…</source>
        <translation>导入文章…</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="35" />
        <source>Import a codebook…</source>
        <translation>导入编码表…</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="36" />
        <source>Open the demo project</source>
        <translation>打开演示项目</translation>
    </message>
</context>
</TS>