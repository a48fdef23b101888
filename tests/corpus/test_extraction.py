"""Main-text extraction from news pages: lines outside the article become restorable edits."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from corpus.articles import get_article
from corpus.cleaning import clean
from corpus.extraction import (
    LINE_OF_LINKS,
    OUTSIDE_MAIN_BLOCK,
    REPEATED_IN_BATCH,
    _missed_by_trafilatura,
    extract_page,
    outside_lines,
    page_metadata,
    split_layout_rows,
)
from corpus.importer import import_paths
from corpus.readers import read_path
from corpus.text import apply_edits
from models.database import ProjectDatabase, create_project

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pages"

STORY = [
    "本台消息，港铁东涌线今日上午一度因信号故障延误约二十分钟，大批乘客滞留月台。",
    "港铁发言人表示，工程人员已于上午九时许修复故障，列车服务逐步回复正常，并向受影响乘客致歉。",
    "运输及物流局表示，已要求港铁在三日内提交详细报告，交代事故原因及改善措施。",
]


def test_a_table_layout_page_loses_its_menu_as_a_restorable_edit() -> None:
    page = (FIXTURES / "hk_broadcaster.html").read_text(encoding="utf-8")
    extracted = extract_page(page)
    cleaned = clean(extracted.text, extracted.outside)
    for paragraph in STORY:
        assert paragraph in cleaned.text
    assert "首頁 港澳 大中華 國際 財經 即時新聞" in extracted.text
    assert "大中華" not in cleaned.text
    (menu,) = [edit for edit in cleaned.edits if edit.detail == LINE_OF_LINKS]
    # Undoing the edit brings the menu line back exactly as it was in the raw text.
    restored = apply_edits(extracted.text, [e for e in cleaned.edits if e is not menu])
    assert "首頁 港澳 大中華 國際 財經 即時新聞" in restored


def test_lines_around_the_agreed_main_block_are_outside() -> None:
    menu = "首頁 | 港澳 | 大中華 | 國際"
    comment = "市民甲：又係東涌線！每次返工都遇到，真係好無奈，希望港鐵認真檢討一下啦。"
    text = "\n".join([menu, *STORY, "網友留言", comment]) + "\n"
    found = outside_lines(text, STORY, frozenset())
    assert [text[start:end].strip() for start, end, _ in found] == [menu, "網友留言", comment]
    assert {reason for _, _, reason in found} == {OUTSIDE_MAIN_BLOCK}
    # The headline is never judged outside, even when readability left it out.
    headline = "港鐵東涌線信號故障延誤 運輸局要求三日內交報告"
    text = "\n".join([headline, *STORY])
    assert outside_lines(text, STORY, frozenset(), [headline.replace(" ", "")]) == []


def test_the_reader_passes_the_outside_lines_and_page_metadata(tmp_path: Path) -> None:
    document = read_path(FIXTURES / "hk_broadcaster.html").documents[0]
    assert document.outside
    assert (
        "title",
        "港鐵東涌線信號故障延誤 運輸局要求三日內交報告 - 示例電視新聞",
        "title tag",
    ) in (document.page_metadata)
    assert document.page_text is not None and "2024年6月3日" in document.page_text


def test_a_layout_table_row_is_judged_one_cell_a_line() -> None:
    row = (
        "| 首页 | 国内 | 国际 | 财经 | 社会 | "
        "资料图：据新华社报道，某市今年粮食总产量再创新高，达到历史最好水平，农民收入稳步增长。 |"
    )
    lines = split_layout_rows(row).splitlines()
    assert lines[:4] == ["首页", "国内", "国际", "财经"]
    assert lines[-1].startswith("资料图：据新华社报道")
    # A data table of short cells keeps its rows.
    data = "| 年份 | 产量 |\n| 2023 | 120万吨 |"
    assert split_layout_rows(data) == data


def test_a_row_of_link_texts_is_a_line_of_links() -> None:
    text = "要闻 国内 国际 体育 娱乐\n" + STORY[0] + "\n"
    found = outside_lines(text, [], frozenset({"要闻", "国内", "国际", "体育", "娱乐"}))
    assert found == [(0, len("要闻 国内 国际 体育 娱乐\n"), LINE_OF_LINKS)]


def test_readability_is_not_believed_when_it_misses_the_story() -> None:
    text = "\n".join(STORY) + "\n网友评论：支持！\n"
    # Readability picked the comment box: it holds none of the story's paragraphs.
    assert outside_lines(text, ["网友评论：支持！"], frozenset()) == []


def test_section_numbers_inside_a_story_are_kept() -> None:
    raw = "\n".join(
        [
            STORY[0],
            "1",
            "港铁发言人表示，工程人员已于上午九时许修复故障，列车服务逐步回复正常。",
            "02",
            "运输及物流局表示，已要求港铁在三日内提交详细报告，交代事故原因及改善措施。",
            "3",
        ]
    )
    lines = clean(raw).text.splitlines()
    assert "1" in lines and "02" in lines
    assert lines[-1] != "3"  # the page number under the story still goes


def test_short_lines_readability_left_out_inside_the_story_go_but_numbers_stay() -> None:
    text = "\n".join([STORY[0], "分享工具", "2", STORY[1], STORY[2]]) + "\n"
    found = outside_lines(text, [STORY[0], STORY[1], STORY[2]], frozenset())
    assert [text[start:end].strip() for start, end, _ in found] == ["分享工具"]


def test_the_story_trafilatura_missed_is_taken_from_readability() -> None:
    notice = "本报印刷版出报日为星期一至六，除公众假期外照常出刊。\n订户登入\n今日要闻\n"
    page = (
        "<html><head><title>示例</title></head><body>"
        f"<div class='notice'>{''.join(f'<p>{line}</p>' for line in notice.splitlines())}</div>"
        f"<div class='story'>{''.join(f'<p>{line}</p>' for line in STORY)}</div></body></html>"
    )
    assert _missed_by_trafilatura(notice, STORY)
    assert not _missed_by_trafilatura("\n".join(STORY), STORY)
    extracted = extract_page(page)
    cleaned = clean(extracted.text, extracted.outside)
    for paragraph in STORY:
        assert paragraph in cleaned.text


def test_a_line_on_every_page_of_a_batch_is_removed_as_furniture(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    slogan = "示例日报全媒体中心出品 城市频道"
    stories = [
        STORY,
        [
            "市卫健委昨日通报，全市新增流感病例较上周下降两成，专家提醒市民仍须注意个人卫生。",
            "疾控中心表示，学校和养老机构是防控重点，将继续加强晨检和消毒工作，避免聚集性疫情。",
        ],
        [
            "本市第三条地铁线路今日进入试运行阶段，预计年底前正式开通，沿线居民出行将更加便利。",
            "地铁公司负责人介绍，试运行期间列车不载客，将重点检验信号系统和站台安全设施的可靠性。",
        ],
    ]
    folder = tmp_path / "pages"
    folder.mkdir()
    for number, story in enumerate(stories):
        paragraphs = f"<p>{story[0]}</p><p>{slogan}</p>" + "".join(f"<p>{p}</p>" for p in story[1:])
        (folder / f"page{number}.html").write_text(
            f"<html><head><meta charset='utf-8'><title>第{number}篇</title></head><body>"
            f"<article><h1>示例新闻标题第{number}篇</h1>{paragraphs}</article></body></html>",
            encoding="utf-8",
        )
    report = import_paths(sqlite_database, [folder])
    assert len(report.imported) == 3
    for imported in report.imported:
        article = get_article(sqlite_database, imported.id)
        assert slogan not in article.text
        removal = next(r for r in article.removed if slogan in r.text)
        assert removal.detail == REPEATED_IN_BATCH
    # A single page keeps the line: nothing shows it is furniture.
    single = tmp_path / "single"
    single.mkdir()
    (single / "page.html").write_bytes((folder / "page0.html").read_bytes())
    other_project = create_project(tmp_path / "other.articoder", name="other")
    try:
        (alone,) = import_paths(other_project, [single]).imported
        assert slogan in get_article(other_project, alone.id).text
    finally:
        other_project.close()


def test_page_metadata_from_structured_data_meta_tags_and_title() -> None:
    page = """<html><head><title>港鐵東涌線信號故障延誤 | 示例新聞網</title>
<meta property="article:published_time" content="2024-06-03T13:05:00+08:00">
<meta property="og:site_name" content="示例新聞網">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "示例新聞網"},
 {"@type": "NewsArticle", "headline": "港鐵東涌線信號故障延誤",
  "datePublished": "2024-06-03T13:05:00+08:00",
  "author": [{"@type": "Person", "name": "陳大文"}],
  "publisher": {"@type": "Organization", "name": "示例新聞網"}}]}</script>
</head><body><p>正文</p></body></html>"""
    tree = lxml.html.document_fromstring(
        page.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
    )
    found = page_metadata(tree)
    assert found[:4] == [
        ("title", "港鐵東涌線信號故障延誤", "structured data"),
        ("published", "2024-06-03T13:05:00+08:00", "structured data"),
        ("author", "陳大文", "structured data"),
        ("outlet", "示例新聞網", "structured data"),
    ]
    assert ("published", "2024-06-03T13:05:00+08:00", "meta tag") in found
    assert ("outlet", "示例新聞網", "meta tag") in found
    assert found[-1] == ("title", "港鐵東涌線信號故障延誤 | 示例新聞網", "title tag")


def test_rows_of_table_markup_alone_are_outside() -> None:
    text = f"{STORY[0]}\n|  |  |  |\n| --- | --- |\n{STORY[1]}\n"
    found = [text[start:end].strip() for start, end, reason in outside_lines(text, [], frozenset())]
    assert found == ["|  |  |  |", "| --- | --- |"]
