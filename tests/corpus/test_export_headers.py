"""Text files from news databases and typed by hand: header fields, lines under the title, splits.

The fixtures in tests/fixtures/articles/exports/ are written in the conventions of the
exports researchers download (标题：/來源：/Date: header blocks, 【標題】 brackets, rules of
= or - between articles, Factiva's closing "Document <number>" lines) and of files people type
(a line under the headline naming the paper, the day, the page and the reporter). Each is
imported through `import_paths` into a real project file and read back with
`articoder show --json`.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from articoder.cli import main
from corpus.articles import get_article, set_edit_active
from corpus.importer import import_paths
from corpus.metadata import (
    HEADER_FIELD,
    LINE_UNDER_TITLE,
    NO_HEADER,
    choose_metadata,
    export_header,
)
from corpus.readers import read_path, split_articles
from models.database import create_project, open_project

EXPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "articles" / "exports"
BODY = (
    "江城市住建局昨日宣布，今年将启动二十个老旧小区的改造工程，惠及居民一万余户。\n"
    "改造内容包括加装电梯、更新供水管网和整治小区绿化，预计年底前全部完工。\n"
)


def imported(tmp_path: Path, *names: str) -> tuple[str, dict[str, dict[str, object]]]:
    """Import the fixtures into a new project; each article's `show --json`, by source name."""
    project = tmp_path / "study.articoder"
    database = create_project(project)
    try:
        report = import_paths(database, [EXPORTS / name for name in names])
    finally:
        database.close()
    assert not report.skipped and not report.duplicates
    shown: dict[str, dict[str, object]] = {}
    for article in report.imported:
        shown[article.source.rsplit("/", 1)[-1]] = show_json(project, article.id)
    return str(project), shown


def show_json(project: Path, article_id: int) -> dict[str, object]:
    """`articoder show PROJECT ID --json`, run as the command line runs it."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["show", str(project), str(article_id), "--json"])
    assert code == 0
    data = json.loads(buffer.getvalue())
    assert isinstance(data, dict)
    return data


def fields(shown: dict[str, object]) -> dict[str, tuple[object, object]]:
    metadata = shown["metadata"]
    assert isinstance(metadata, dict)
    return {name: (entry["value"], entry["source"]) for name, entry in metadata.items()}


def removed(shown: dict[str, object]) -> list[tuple[str, str]]:
    edits = shown["removed"]
    assert isinstance(edits, list)
    return [(edit["kind"], edit["text"].strip()) for edit in edits if edit["kind"] != "blank"]


def test_a_simplified_export_is_split_and_its_header_fields_read(tmp_path: Path) -> None:
    _, shown = imported(tmp_path, "database_simplified.txt")
    assert sorted(shown) == [f"database_simplified.txt#article {n}" for n in (1, 2, 3)]
    first = shown["database_simplified.txt#article 1"]
    assert fields(first) == {
        "title": ("江城启动老旧小区改造工程", HEADER_FIELD),
        "published": ("2025-04-02", HEADER_FIELD),
        "author": ("赵磊", HEADER_FIELD),
        "editor": (None, None),
        "outlet": ("江城日报", HEADER_FIELD),
        "section": ("城市新闻", HEADER_FIELD),
        "page": ("A03", HEADER_FIELD),
        "length": ("286", HEADER_FIELD),
    }
    text = first["text"]
    assert isinstance(text, str)
    assert text.startswith("江城市住建局昨日宣布") and "标题" not in text and "=====" not in text
    # Every header line left the text as a metadata edit.
    assert [line for kind, line in removed(first) if kind == "metadata"] == [
        "标题：江城启动老旧小区改造工程",
        "来源：江城日报",
        "日期：2025年4月2日",
        "版次：A03",
        "栏目：城市新闻",
        "作者：本报记者 赵磊",
        "字数：286",
    ]
    second = fields(shown["database_simplified.txt#article 2"])
    assert second["author"] == ("孙悦, 钱程", HEADER_FIELD)
    assert second["page"] == ("第05版：交通", HEADER_FIELD)
    assert second["published"] == ("2025-04-05", HEADER_FIELD)


def test_an_implausible_header_value_is_refused_and_the_footer_removed(tmp_path: Path) -> None:
    _, shown = imported(tmp_path, "database_simplified.txt")
    third = shown["database_simplified.txt#article 3"]
    # 作者：图片新闻 names no person: no author, as for any other source.
    assert fields(third)["author"] == (None, None)
    assert fields(third)["published"] == ("2025-04-08", HEADER_FIELD)
    assert ("boilerplate", "本数据库所载文章版权归原作者及原出版单位所有") in removed(third)
    raw = (EXPORTS / "database_simplified.txt").read_text(encoding="utf-8")
    start, end, _ = split_articles(raw)[2]  # type: ignore[index]
    chosen = choose_metadata(raw[start:end], {}, header=export_header(raw[start:end]).fields)
    assert ("author", "图片新闻", HEADER_FIELD) in [r[:3] for r in chosen.rejected]


def test_a_traditional_export_with_bracketed_labels(tmp_path: Path) -> None:
    _, shown = imported(tmp_path, "database_traditional.txt")
    first = fields(shown["database_traditional.txt#article 1"])
    assert first["title"] == ("港島東新巴士線下月啟用", HEADER_FIELD)
    assert first["outlet"] == ("香江時報", HEADER_FIELD)
    assert first["published"] == ("2025-05-20", HEADER_FIELD)
    assert first["author"] == ("陳美玲", HEADER_FIELD)
    assert first["page"] == ("A08", HEADER_FIELD)
    second = shown["database_traditional.txt#article 2"]
    assert fields(second)["author"] == ("黃志明, 林嘉欣", HEADER_FIELD)
    assert fields(second)["section"] == ("本地新聞", HEADER_FIELD)
    text = second["text"]
    assert isinstance(text, str) and text.startswith("發展局公布") and "【" not in text


def test_english_labels_and_factiva_document_numbers(tmp_path: Path) -> None:
    project, shown = imported(tmp_path, "labelled_english.txt")
    first = fields(shown["labelled_english.txt#article 1"])
    assert first["title"] == ("江城港口货物吞吐量创新高", HEADER_FIELD)
    assert first["outlet"] == ("Jiangcheng Daily", HEADER_FIELD)
    assert first["published"] == ("2025-04-02", HEADER_FIELD)  # "2 April 2025"
    assert first["author"] == ("Zhao Lei", HEADER_FIELD)  # "By Zhao Lei"
    assert first["section"] == ("经济", HEADER_FIELD)
    second = fields(shown["labelled_english.txt#article 2"])
    assert second["published"] == ("2025-04-09", HEADER_FIELD)  # "April 9, 2025"
    for entry in shown.values():
        assert "Document JCRB" not in str(entry["text"])
    database = open_project(Path(project))
    try:
        extra = get_article(database, 1).extra
    finally:
        database.close()
    assert extra["document_id"] == "JCRB000020250402el420000a"


def test_the_line_under_the_title_gives_outlet_date_page_and_reporter(tmp_path: Path) -> None:
    _, shown = imported(tmp_path, "byline_under_title.txt", "page_under_title.txt")
    byline = shown["byline_under_title.txt"]
    assert fields(byline)["outlet"] == ("江城晚报", LINE_UNDER_TITLE)
    assert fields(byline)["published"] == ("2025-04-02", LINE_UNDER_TITLE)
    assert fields(byline)["author"] == ("赵磊", LINE_UNDER_TITLE)
    assert ("metadata", "江城晚报 2025-04-02 记者 赵磊") in removed(byline)
    page = shown["page_under_title.txt"]
    assert fields(page)["outlet"] == ("江城日报", LINE_UNDER_TITLE)
    assert fields(page)["published"] == ("2025-05-20", LINE_UNDER_TITLE)
    assert fields(page)["page"] == ("第A03版", LINE_UNDER_TITLE)
    for entry in (byline, page):
        text = entry["text"]
        assert isinstance(text, str) and "2025" not in text.splitlines()[1]


def test_title_fields_split_a_file_without_rules(tmp_path: Path) -> None:
    _, shown = imported(tmp_path, "titles_without_rules.txt")
    assert len(shown) == 2
    second = fields(shown["titles_without_rules.txt#article 2"])
    assert second["title"] == ("江城公交开通五条夜班线路", HEADER_FIELD)
    assert second["outlet"] == ("江城晚报", HEADER_FIELD)  # 媒体：
    assert second["published"] == ("2025-06-03", HEADER_FIELD)  # 发布时间：


def test_a_header_line_can_be_restored(tmp_path: Path) -> None:
    project, _ = imported(tmp_path, "database_simplified.txt")
    database = open_project(Path(project))
    try:
        article = get_article(database, 1)
        title_line = next(r for r in article.removed if r.text.startswith("标题："))
        assert (title_line.kind, title_line.active) == ("metadata", True)
        text = set_edit_active(database, 1, title_line.index, False)
    finally:
        database.close()
    assert text.startswith("标题：江城启动老旧小区改造工程\n江城市住建局昨日宣布")


def test_read_path_splits_a_text_file_and_names_each_article(tmp_path: Path) -> None:
    result = read_path(EXPORTS / "database_traditional.txt")
    assert [d.source.rsplit("#", 1)[1] for d in result.documents] == ["article 1", "article 2"]
    assert all(d.fmt == "txt" and "-----" not in d.raw_text for d in result.documents)


@pytest.mark.parametrize(
    "text",
    [
        # LexisNexis, older exports: each article opens with "N of M DOCUMENTS".
        "\n   1 of 2 DOCUMENTS\n\n江城日报\n2025年4月2日\n\n"
        + BODY
        + "\n   2 of 2 DOCUMENTS\n\n江城晚报\n2025年4月3日\n\n"
        + BODY.replace("二十", "三十"),
        # LexisNexis, newer exports: each article closes with "End of Document".
        "标题：甲\n" + BODY + "End of Document\n\n标题：乙\n" + BODY + "End of Document\n",
    ],
)
def test_lexisnexis_separators_split(text: str) -> None:
    parts = split_articles(text)
    assert parts is not None and len(parts) == 2
    for start, end, _ in parts:
        assert "DOCUMENTS" not in text[start:end] and "End of Document" not in text[start:end]
        assert "江城市住建局" in text[start:end]


def test_one_article_with_a_rule_in_it_is_not_split() -> None:
    text = "江城启动老旧小区改造工程\n\n" + BODY + "\n----------\n\n" + BODY.replace("二十", "三十")
    assert split_articles(text) is None


def test_plain_articles_have_no_header() -> None:
    # A headline and a body: nothing to read.
    assert export_header("江城启动老旧小区改造工程\n\n" + BODY) is NO_HEADER
    # One 来源 line alone is the text's own rules' (its source stays "article text").
    assert export_header("江城启动老旧小区改造工程\n来源：江城日报\n\n" + BODY) is NO_HEADER
    # A second line that is a sentence, though it holds a date, is no outlet-and-date line.
    assert export_header(
        "江城启动老旧小区改造工程\n记者昨日从江城市住建局获悉，2025年4月2日起施工。\n"
    ) is (NO_HEADER)


def test_a_short_title_field_is_the_headline(tmp_path: Path) -> None:
    """A 标题： field is the export's own headline: taken however short (a page's short
    <title> would be a menu entry, and is refused).
    """
    path = tmp_path / "short.txt"
    path.write_text(f"标题：春运\n来源：江城晚报\n日期：2025-01-20\n\n{BODY}", encoding="utf-8")
    project = tmp_path / "study.articoder"
    database = create_project(project)
    try:
        report = import_paths(database, [path])
    finally:
        database.close()
    (article,) = report.imported
    assert fields(show_json(project, article.id))["title"] == ("春运", HEADER_FIELD)
