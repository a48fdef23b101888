"""Tests for corpus.readers: every file type, folders, column mapping and clear errors.

Fixture files are written at test time from the Chinese text below.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import docx
import openpyxl
import pytest

from corpus.readers import (
    SUPPORTED_SUFFIXES,
    ColumnMap,
    RawDocument,
    ReadError,
    ReadResult,
    iter_paths,
    read_path,
)

SIMPLIFIED = (
    "社区党建引领基层治理。近年来，街道党工委推动网格化管理，把党组织建在网格上。\n"
    "居民有事找网格员，小事不出社区，大事不出街道。"
)
TRADITIONAL = (
    "社區黨建引領基層治理。近年來，街道黨工委推動網格化管理，把黨組織建在網格上。\n"
    "居民有事找網格員，小事不出社區，大事不出街道。"
)
# 𠮷 is outside GBK; GB18030 encodes it in four bytes.
SIMPLIFIED_RARE = SIMPLIFIED + "\n居民王𠮷说：“网格员每天都来走访。”"

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}">
<title>社区党建引领基层治理_新闻中心_示例网</title>
<meta name="author" content="王小明">
<meta property="og:site_name" content="示例新闻网">
<meta name="publishdate" content="2024-03-15">
</head><body>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li>
<li><a href="/app">下载客户端</a></li></ul></nav>
<nav>要闻 | 评论 | 关于我们</nav>
<div class="sidebar"><h3>热门文章</h3><ul><li><a href="/1">某地举办美食节活动</a></li>
<li><a href="/2">天气预报明天有雨</a></li></ul></div>
<article>
<h1>社区党建引领基层治理</h1>
<p>本报讯 近年来，某区坚持以社区党建引领基层治理，推动网格化管理向纵深发展。</p>
<p>社区党委书记介绍，每个网格配备一名专职网格员，及时收集居民诉求，做到小事不出网格。</p>
<p>下一步，该区将继续完善“党建+物业”联动机制，打通服务群众的“最后一公里”。</p>
</article>
<footer><p>版权所有 © 2024 示例新闻网 京ICP备12345678号</p><p>联系我们 | 关于我们</p></footer>
</body></html>
"""
BODY = [
    "本报讯 近年来，某区坚持以社区党建引领基层治理，推动网格化管理向纵深发展。",
    "社区党委书记介绍，每个网格配备一名专职网格员，及时收集居民诉求，做到小事不出网格。",
    "下一步，该区将继续完善“党建+物业”联动机制，打通服务群众的“最后一公里”。",
]
NOISE = [
    "首页",
    "要闻",
    "下载客户端",
    "热门文章",
    "美食节",
    "天气预报",
    "版权所有",
    "ICP备",
    "联系我们",
]

CSV_ROWS = [
    ["标题", "正文", "日期", "来源", "链接", "作者", "编号"],
    ["网格化管理", SIMPLIFIED.replace("\n", "\r\n"), "2024-03-15", "人民网", "http://a.cn/1", "王小明", "A1"],
    ["空行", "", "2024-03-16", "新华网", "http://a.cn/2", "", "A2"],
    ["社區治理", TRADITIONAL, "2024年3月17日", "聯合報", "http://b.tw/3", "陳大文", "A3"],
]  # fmt: skip


def one(result: ReadResult) -> RawDocument:
    assert result.skipped == []
    assert len(result.documents) == 1
    return result.documents[0]


def write_docx(path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "社区网格化管理"
    document.core_properties.author = "王小明"
    document.add_paragraph("社区党建引领基层治理。")
    document.add_paragraph("居民有事找网格员。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "社区"
    table.cell(0, 1).text = "网格数"
    table.cell(1, 0).text = "向阳社区"
    table.cell(1, 1).text = "12"
    document.add_paragraph("小事不出社区。")
    document.save(str(path))


def write_xlsx(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "文章"
    sheet.append(["標題", "內容", "發佈時間", "媒體", "網址", "記者", "字數"])
    sheet.append(
        [
            "網格化管理",
            TRADITIONAL,
            dt.datetime(2024, 3, 15),
            "聯合報",
            "http://b.tw/1",
            "陳大文",
            58,
        ]
    )
    sheet.append(["黨建引領", SIMPLIFIED, dt.datetime(2024, 3, 16, 9, 26), None, None, None, 61.0])
    sheet.append([None] * 7)
    sheet.append(["沒有正文", None, dt.date(2024, 3, 17), "中時", None, None, 0])
    other = workbook.create_sheet("備註")
    other.append(["text"])
    other.append(["另一張表的正文：社区治理"])
    workbook.save(path)  # fmt: skip


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with one file of every kind, as a lead might gather them."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a_bom_crlf.txt").write_bytes(
        ("\ufeff" + SIMPLIFIED.replace("\n", "\r\n")).encode("utf-8")
    )
    (folder / "b_plain.txt").write_bytes(SIMPLIFIED.encode("utf-8"))
    (folder / "c_gb18030.txt").write_bytes(SIMPLIFIED_RARE.encode("gb18030"))
    (folder / "d_big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (folder / "e_utf16.txt").write_bytes(("\ufeff" + TRADITIONAL).encode("utf-16-le"))
    (folder / "f_page.html").write_text(ARTICLE_PAGE.format(charset="utf-8"), encoding="utf-8")
    with (folder / "g_table.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(CSV_ROWS)
    write_xlsx(folder / "h_table.xlsx")
    write_docx(folder / "i_doc.docx")
    (folder / "j_list.json").write_text(
        json.dumps(
            {
                "articles": [
                    {"title": "网格", "content": SIMPLIFIED, "date": "2024-03-15", "id": 7},
                    {"title": "没有正文", "content": "  ", "date": "2024-03-16", "id": 8},
                    {"title": "社區", "content": TRADITIONAL, "tags": ["党建", "网格"]},
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    lines = [
        json.dumps({"标题": "一", "正文": SIMPLIFIED, "来源": "人民网"}, ensure_ascii=False),
        "",
        json.dumps(
            {"标题": "二", "正文": TRADITIONAL + "\u2028", "来源": None}, ensure_ascii=False
        ),
    ]
    (folder / "k_lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    sub = folder / "more"
    sub.mkdir()
    (sub / "10.txt").write_text("第十篇：社区治理。", encoding="utf-8")
    (sub / "2.txt").write_text("第二篇：网格化管理。", encoding="utf-8")
    (folder / ".hidden.txt").write_text("隐藏", encoding="utf-8")
    hidden = folder / ".git"
    hidden.mkdir()
    (hidden / "x.txt").write_text("隐藏", encoding="utf-8")
    (folder / "~$h_table.xlsx").write_bytes(b"lock")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    return folder


def test_iter_paths_walks_folders_in_natural_order(corpus: Path) -> None:
    names = [p.relative_to(corpus).as_posix() for p in iter_paths([corpus])]
    assert names == [
        "a_bom_crlf.txt",
        "b_plain.txt",
        "c_gb18030.txt",
        "d_big5.txt",
        "e_utf16.txt",
        "f_page.html",
        "g_table.csv",
        "h_table.xlsx",
        "i_doc.docx",
        "j_list.json",
        "k_lines.jsonl",
        "more/2.txt",
        "more/10.txt",
    ]


def test_iter_paths_keeps_named_files_once(corpus: Path) -> None:
    png = corpus / "photo.png"
    plain = corpus / "b_plain.txt"
    paths = iter_paths([png, plain, corpus / "more", plain])
    assert paths == [png, plain, corpus / "more" / "2.txt", corpus / "more" / "10.txt"]


def test_every_file_in_the_folder_reads(corpus: Path) -> None:
    documents = [d for p in iter_paths([corpus]) for d in read_path(p).documents]
    assert len(documents) == 5 + 1 + 2 + 2 + 1 + 2 + 2 + 2


def test_utf8_with_bom_and_crlf_is_kept_exactly(corpus: Path) -> None:
    document = one(read_path(corpus / "a_bom_crlf.txt"))
    assert document.raw_text == "\ufeff" + SIMPLIFIED.replace("\n", "\r\n")
    assert (document.encoding, document.fmt) == ("utf-8-sig", "txt")
    assert document.source == str(corpus / "a_bom_crlf.txt")
    assert document.title is None and document.extra == {}


def test_plain_utf8(corpus: Path) -> None:
    document = one(read_path(corpus / "b_plain.txt"))
    assert (document.raw_text, document.encoding) == (SIMPLIFIED, "utf-8")


def test_gb18030_with_a_character_outside_gbk(corpus: Path) -> None:
    document = one(read_path(corpus / "c_gb18030.txt"))
    assert (document.raw_text, document.encoding) == (SIMPLIFIED_RARE, "gb18030")


def test_big5(corpus: Path) -> None:
    document = one(read_path(corpus / "d_big5.txt"))
    assert (document.raw_text, document.encoding) == (TRADITIONAL, "big5")


def test_utf16_with_bom(corpus: Path) -> None:
    document = one(read_path(corpus / "e_utf16.txt"))
    assert (document.raw_text, document.encoding) == ("\ufeff" + TRADITIONAL, "utf-16")


def test_forced_encoding(corpus: Path) -> None:
    document = one(read_path(corpus / "c_gb18030.txt", encoding="gb18030"))
    assert document.raw_text == SIMPLIFIED_RARE
    with pytest.raises(ReadError) as caught:
        read_path(corpus / "d_big5.txt", encoding="utf-8")
    assert caught.value.location == "line 1"
    assert "--encoding" in caught.value.message


def test_html_main_text_without_navigation_or_footer(corpus: Path) -> None:
    document = one(read_path(corpus / "f_page.html"))
    assert document.fmt == "html"
    assert document.raw_text.splitlines()[-3:] == BODY
    for noise in NOISE:
        assert noise not in document.raw_text
    # The page's metadata is kept as candidates with their source; corpus.metadata judges them.
    assert document.title is None and document.author is None
    candidates = set(document.page_metadata)
    assert ("author", "王小明", "meta tag") in candidates
    assert ("outlet", "示例新闻网", "meta tag") in candidates
    assert ("published", "2024-03-15", "meta tag") in candidates
    assert ("title", "社区党建引领基层治理_新闻中心_示例网", "title tag") in candidates
    assert document.page_text is not None and "社区党委书记介绍" in document.page_text
    assert document.encoding == "utf-8"


def test_html_in_gbk_with_a_meta_charset(tmp_path: Path) -> None:
    page = tmp_path / "gbk.htm"
    # GBK has no ©: the page is written in GB18030 under its older label, as sites do.
    page.write_bytes(ARTICLE_PAGE.format(charset="gb2312").encode("gb18030"))
    document = one(read_path(page))
    assert document.raw_text.splitlines()[-3:] == BODY
    assert document.encoding == "gb18030"


def test_html_title_falls_back_to_the_title_tag(tmp_path: Path) -> None:
    page = tmp_path / "bare.html"
    paragraphs = "".join(f"<p>{line}</p>" for line in BODY)
    page.write_text(
        f"<html><head><title> 标题 &amp; 副题 </title></head><body>{paragraphs}</body></html>",
        encoding="utf-8",
    )
    document = one(read_path(page))
    assert ("title", "标题 & 副题", "title tag") in document.page_metadata
    assert BODY[0] in document.raw_text


def test_html_without_text(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text(
        "<html><head><title>空</title></head><body><script>var a = 1;</script></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(ReadError, match="no article text"):
        read_path(page)


def test_csv_with_chinese_headers(corpus: Path) -> None:
    result = read_path(corpus / "g_table.csv")
    first, second = result.documents
    source = str(corpus / "g_table.csv")
    assert first == RawDocument(
        source=f"{source}#row 2",
        raw_text=SIMPLIFIED.replace("\n", "\r\n"),
        encoding="utf-8-sig",
        fmt="csv",
        title="网格化管理",
        outlet="人民网",
        published="2024-03-15",
        author="王小明",
        url="http://a.cn/1",
        extra={"编号": "A1"},
    )
    assert second.source == f"{source}#row 4"
    assert (second.raw_text, second.published, second.outlet) == (
        TRADITIONAL,
        "2024年3月17日",
        "聯合報",
    )
    assert result.skipped == [(f"{source}#row 3", "row 3: the text ('正文') is empty")]


def test_csv_in_gb18030_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "gb.csv"
    rows = [["标题", "内容"], ["网格", SIMPLIFIED], ["党建", SIMPLIFIED_RARE]]
    with path.open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    result = read_path(path)
    assert [d.raw_text for d in result.documents] == [SIMPLIFIED, SIMPLIFIED_RARE]
    assert {d.encoding for d in result.documents} == {"gb18030"}


def test_tsv(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("title\ttext\n网格\t社区党建引领基层治理, 网格化管理\n", encoding="utf-8")
    document = one(read_path(path))
    assert (document.title, document.raw_text) == ("网格", "社区党建引领基层治理, 网格化管理")


def test_csv_without_a_text_column(tmp_path: Path) -> None:
    path = tmp_path / "no_text.csv"
    path.write_text("标题,摘要\n网格,社区治理\n", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_path(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: header row: cannot find the article text column")
    assert "'标题', '摘要'" in message
    assert "--text-column NAME" in message


def test_column_map_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "mapped.csv"
    path.write_text("题,摘要,正文\n网格,社区治理,不是这一列\n", encoding="utf-8")
    document = one(read_path(path, ColumnMap(text="摘要", title="题")))
    assert (document.raw_text, document.title) == ("社区治理", "网格")
    assert document.extra == {"正文": "不是这一列"}
    with pytest.raises(ReadError) as caught:
        read_path(path, ColumnMap(text="全文内容"))
    assert caught.value.location == "column '全文内容'"
    assert "'题', '摘要', '正文'" in caught.value.message


def test_column_map_defaults_ignore_case_and_spaces() -> None:
    mapping = ColumnMap().resolve([" Title ", "BODY", "Date", "time", "Source:"], "x.csv")
    assert mapping == {"text": 1, "title": 0, "published": 2, "outlet": 4}


def test_xlsx(corpus: Path) -> None:
    result = read_path(corpus / "h_table.xlsx")
    source = str(corpus / "h_table.xlsx")
    first, second = result.documents
    assert first == RawDocument(
        source=f"{source}#row 2",
        raw_text=TRADITIONAL,
        encoding="utf-8",
        fmt="xlsx",
        title="網格化管理",
        outlet="聯合報",
        published="2024-03-15",
        author="陳大文",
        url="http://b.tw/1",
        extra={"字數": "58"},
    )
    assert (second.source, second.raw_text) == (f"{source}#row 3", SIMPLIFIED)
    assert second.published == "2024-03-16T09:26:00"
    assert second.extra == {"字數": "61"}
    assert result.skipped == [(f"{source}#row 5", "row 5: the text ('內容') is empty")]


def test_xlsx_named_sheet(corpus: Path) -> None:
    document = one(read_path(corpus / "h_table.xlsx", sheet="備註"))
    assert document.raw_text == "另一張表的正文：社区治理"
    with pytest.raises(ReadError, match="there is no sheet '第三'; the sheets are '文章', '備註'"):
        read_path(corpus / "h_table.xlsx", sheet="第三")


def test_docx(corpus: Path) -> None:
    document = one(read_path(corpus / "i_doc.docx"))
    assert document.raw_text == (
        "社区党建引领基层治理。\n居民有事找网格员。\n社区\t网格数\n向阳社区\t12\n小事不出社区。"
    )
    assert (document.title, document.author, document.fmt) == ("社区网格化管理", "王小明", "docx")
    assert "created" in document.extra


def test_json_articles(corpus: Path) -> None:
    result = read_path(corpus / "j_list.json")
    source = str(corpus / "j_list.json")
    first, second = result.documents
    assert first.source == f"{source}#item 1"
    assert (first.raw_text, first.title, first.published) == (SIMPLIFIED, "网格", "2024-03-15")
    assert first.extra == {"id": "7", "tags": ""}
    assert second.source == f"{source}#item 3"
    assert second.raw_text == TRADITIONAL
    assert second.extra == {"id": "", "tags": '["党建", "网格"]'}
    assert result.skipped == [(f"{source}#item 2", "item 2: the text ('content') is empty")]


def test_json_plain_list_and_single_object(tmp_path: Path) -> None:
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([{"text": SIMPLIFIED}], ensure_ascii=False), encoding="utf-8")
    assert one(read_path(listed)).source == f"{listed}#item 1"
    single = tmp_path / "single.json"
    single.write_text(json.dumps({"正文": TRADITIONAL, "标题": "一"}), encoding="utf-8")
    document = one(read_path(single))
    assert (document.source, document.raw_text, document.title) == (
        str(single),
        TRADITIONAL,
        "一",
    )


def test_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n{"text": "社区"},\n{"text": }\n]', encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert caught.value.location == "line 3"
    assert "not valid JSON" in caught.value.message
    scalar = tmp_path / "scalar.json"
    scalar.write_text('"社区"', encoding="utf-8")
    with pytest.raises(ReadError, match="expected a list of article objects"):
        read_path(scalar)


def test_jsonl(corpus: Path) -> None:
    result = read_path(corpus / "k_lines.jsonl")
    source = str(corpus / "k_lines.jsonl")
    first, second = result.documents
    assert (first.source, first.raw_text, first.title, first.outlet) == (
        f"{source}#line 1",
        SIMPLIFIED,
        "一",
        "人民网",
    )
    # A blank line still counts, so that line numbers match the file; U+2028 stays in.
    assert (second.source, second.raw_text, second.outlet) == (
        f"{source}#line 3",
        TRADITIONAL + "\u2028",
        None,
    )
    assert second.fmt == "jsonl"


def test_jsonl_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "社区"}\n{"text": "网格"}\n{"text": 社区}\n', encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert str(caught.value).startswith(f"{path}: line 3: not valid JSON")
    listed = tmp_path / "list.jsonl"
    listed.write_text('{"text": "社区"}\n["网格"]\n', encoding="utf-8")
    with pytest.raises(ReadError, match="line 2: is not an article object"):
        read_path(listed)


def test_unsupported_type(tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    path.write_text("社区", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert str(caught.value) == (
        f"{path}: unsupported file type .xyz; supported: {', '.join(SUPPORTED_SUFFIXES)}"
    )
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReadError, match=r"save it as \.docx"):
        read_path(old)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert str(caught.value) == f"{path}: file is empty"


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \r\n\t\n", encoding="utf-8")
    with pytest.raises(ReadError, match="the file has no article text"):
        read_path(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(500))
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert str(caught.value) == f"{path}: not a text file: it looks like a PNG image"
    noise = tmp_path / "noise.txt"
    noise.write_bytes(random.Random(4).randbytes(500))
    with pytest.raises(ReadError, match="not a text file"):
        read_path(noise)


def test_broken_docx_and_xlsx(tmp_path: Path) -> None:
    for name in ("broken.docx", "broken.xlsx"):
        path = tmp_path / name
        path.write_bytes(b"PK\x03\x04 not really a zip")
        with pytest.raises(ReadError, match="not a readable"):
            read_path(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    for name in ("missing.txt", "missing.docx", "missing.xlsx", "missing.csv"):
        with pytest.raises(ReadError, match="no such file"):
            read_path(tmp_path / name)
    with pytest.raises(ReadError, match="is a folder"):
        read_path(tmp_path)


def test_csv_header_only_gives_nothing(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("title,text\n", encoding="utf-8")
    assert read_path(path) == ReadResult([], [])
