"""The import service on a mixed folder: encodings, formats, skips, duplicates, all-or-nothing."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from sqlalchemy import func, select

import corpus.importer
from corpus.articles import ArticleError, get_article, list_articles, set_edit_active
from corpus.importer import import_paths
from models.database import ProjectDatabase, create_project
from models.entities import Article, Code, Coder, ImportBatch, Segment
from models.progress import Cancelled, Progress
from models.project_file import write_lock_held

SIMPLIFIED = "西岭街道新桥社区推行党建引领网格化管理，网格员每天走访居民。\n社区党委组织志愿服务队，帮助老人解决实际困难。"
TRADITIONAL = (
    "東湖社區堅持黨建引領，推動紅色物業進小區。\n居民議事會每月召開一次，協商解決停車難題。"
)


def _mixed_folder(root: Path) -> Path:
    folder = root / "scraped"
    folder.mkdir()
    (folder / "a_utf8_bom_crlf.txt").write_bytes(
        codecs.BOM_UTF8 + ("新桥社区动态\r\n" + SIMPLIFIED.replace("\n", "\r\n")).encode()
    )
    (folder / "b_gb18030.txt").write_bytes(
        ("南山社区简报\n" + SIMPLIFIED.replace("西岭", "南山")).encode("gb18030")
    )
    (folder / "c_big5.txt").write_bytes(("東湖社區新聞\n" + TRADITIONAL).encode("big5"))
    (folder / "d_utf16.txt").write_bytes(
        ("北苑社区\n" + SIMPLIFIED.replace("西岭", "北苑")).encode("utf-16")
    )
    (folder / "e_page.html").write_text(
        "<html><head><title>河西社区推进智慧治理</title></head><body>"
        "<nav>首页 | 新闻 | 关于我们</nav><article><h1>河西社区推进智慧治理</h1>"
        "<p>河西社区上线“社区通”小程序，居民可以在线反映问题，网格员及时处理。</p>"
        "<p>社区党委书记表示，数字化手段让党建引领基层治理更加精准高效。</p></article>"
        "<footer>版权所有 © 河西新闻网</footer></body></html>",
        encoding="utf-8",
    )
    (folder / "f_feed.csv").write_text(
        "标题,来源,日期,正文\n"
        "城南社区成立居民议事会,城南日报,2024-03-05,城南社区成立居民议事会，每月协商一次社区公共事务。\n"
        "城北社区开展志愿服务,城北晚报,2024年3月6日,城北社区党员志愿者走进楼栋开展志愿服务活动。\n",
        encoding="utf-8-sig",
    )
    (folder / "g_empty.txt").write_bytes(b"")
    (folder / "h_binary.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    )
    return folder


def test_mixed_folder_imports_with_the_right_text(
    database: ProjectDatabase, tmp_path: Path
) -> None:
    report = import_paths(database, [_mixed_folder(tmp_path)])
    sources = {Path(a.source.split("#")[0]).name for a in report.imported}
    assert sources == {
        "a_utf8_bom_crlf.txt",
        "b_gb18030.txt",
        "c_big5.txt",
        "d_utf16.txt",
        "e_page.html",
        "f_feed.csv",
    }
    assert len(report.imported) == 7  # the CSV holds two articles
    skipped = {Path(s.source).name: s.reason for s in report.skipped}
    assert set(skipped) == {"g_empty.txt", "h_binary.txt"}
    assert "empty" in skipped["g_empty.txt"]
    assert "text" in skipped["h_binary.txt"]
    texts = {
        Path(a.source.split("#")[0]).name + a.source.partition("#")[2]: get_article(database, a.id)
        for a in report.imported
    }
    bom = texts["a_utf8_bom_crlf.txt"]
    assert "\r" not in bom.text and "\ufeff" not in bom.text
    assert "西岭街道新桥社区推行党建引领网格化管理" in bom.text
    assert bom.raw_text.startswith("\ufeff") and "\r\n" in bom.raw_text  # raw kept exactly
    assert bom.encoding.startswith("utf-8")
    assert "南山街道新桥社区" in texts["b_gb18030.txt"].text
    big5 = texts["c_big5.txt"]
    assert "東湖社區堅持黨建引領" in big5.text and big5.summary.script == "traditional"
    assert "北苑街道" in texts["d_utf16.txt"].text
    html = texts["e_page.html"]
    assert "河西社区上线“社区通”小程序" in html.text
    assert "关于我们" not in html.text and "版权所有" not in html.text
    rows = sorted(a for a in texts if a.startswith("f_feed.csv"))
    feed = [texts[r] for r in rows]
    assert {a.summary.outlet for a in feed} == {"城南日报", "城北晚报"}
    assert {a.summary.published.isoformat() for a in feed if a.summary.published} == {
        "2024-03-05",
        "2024-03-06",
    }


def test_duplicates_are_reported_not_doubled(database: ProjectDatabase, tmp_path: Path) -> None:
    folder = tmp_path / "dup"
    folder.mkdir()
    (folder / "one.txt").write_text("标题\n" + SIMPLIFIED, encoding="utf-8")
    (folder / "two.txt").write_text("标题\r\n" + SIMPLIFIED.replace("\n", "\r\n"), encoding="utf-8")
    first = import_paths(database, [folder])
    assert len(first.imported) == 1 and len(first.duplicates) == 1
    assert first.duplicates[0].duplicate_of == first.imported[0].id
    second = import_paths(database, [folder / "one.txt"])
    assert second.imported == [] and second.duplicates[0].duplicate_of == first.imported[0].id
    assert len(list_articles(database)) == 1


def test_failure_mid_batch_leaves_project_unchanged(
    database: ProjectDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _mixed_folder(tmp_path)
    import_paths(database, [folder / "c_big5.txt"])
    before = len(list_articles(database))
    real = corpus.importer.build_article_row
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> dict[str, object]:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError("disk full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus.importer, "build_article_row", failing)
    with pytest.raises(OSError):
        import_paths(database, [folder], chunk=2)
    assert len(list_articles(database)) == before
    with database.session() as session:
        assert session.scalar(select(func.count(ImportBatch.id))) == 1


def test_cancel_leaves_project_unchanged(database: ProjectDatabase, tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    seen: list[int] = []

    def listener(done: int, total: int, message: str) -> None:
        seen.append(done)
        if done == 3:
            progress.cancel()

    progress = Progress(listener)
    with pytest.raises(Cancelled):
        import_paths(database, [folder], progress=progress, chunk=1)
    assert list_articles(database) == []
    assert max(seen) == 3


def test_restore_a_removal_until_coded(sqlite_database: ProjectDatabase, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "新桥社区动态\n" + SIMPLIFIED + "\n版权所有，未经授权不得转载。\n", encoding="utf-8"
    )
    report = import_paths(sqlite_database, [path])
    article = get_article(sqlite_database, report.imported[0].id)
    assert "版权所有" not in article.text
    copyright_edit = next(r for r in article.removed if "版权所有" in r.text)
    text = set_edit_active(sqlite_database, article.summary.id, copyright_edit.index, active=False)
    assert "版权所有，未经授权不得转载。" in text
    with sqlite_database.session() as session:
        coder, code = Coder(name="甲"), Code(name="x")
        session.add_all([coder, code])
        session.flush()
        session.add(
            Segment(
                article_id=article.summary.id, code_id=code.id, coder_id=coder.id, start=0, end=2
            )
        )
    with pytest.raises(ArticleError, match="can no longer change"):
        set_edit_active(sqlite_database, article.summary.id, copyright_edit.index, active=True)
    with sqlite_database.session() as session:
        stored = session.scalar(select(Article.text).where(Article.id == article.summary.id))
    assert stored == text


def test_files_are_read_and_cleaned_before_the_write_lock(
    sqlite_database: ProjectDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long import must not hold the project's write lock while it reads: the window's
    # coding and other commands would wait (or be told the project is in use).
    path = sqlite_database.path
    assert path is not None
    folder = _mixed_folder(tmp_path)
    real = corpus.importer.read_path
    locked_while_reading: list[bool] = []

    def reading(*args: object, **kwargs: object) -> object:
        locked_while_reading.append(write_lock_held(path))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus.importer, "read_path", reading)
    report = import_paths(sqlite_database, [folder], chunk=2)
    assert len(report.imported) >= 3
    assert locked_while_reading and not any(locked_while_reading)


def test_the_open_project_is_never_read_as_an_article(tmp_path: Path) -> None:
    # A folder import that holds the project itself (here named like an article file): opening
    # it would drop this process's locks on it, so it is skipped unopened, with the reason.
    folder = tmp_path / "folder"
    folder.mkdir()
    database = create_project(folder / "study.json")
    try:
        (folder / "one.txt").write_text("标题\n" + SIMPLIFIED, encoding="utf-8")
        report = import_paths(database, [folder])
        assert len(report.imported) == 1
        skipped = {Path(s.source).name: s.reason for s in report.skipped}
        assert (
            "study.json" in skipped and "the project this import writes to" in skipped["study.json"]
        )
    finally:
        database.close()


def test_a_title_ending_shared_by_the_batch_is_the_sites(
    database: ProjectDatabase, tmp_path: Path
) -> None:
    """A piece that ends the <title> of three pages of one import is the site's name, even
    when nothing else says so; alone, a page keeps it (it might be part of the headline).
    """
    stories = {
        "一号": ("城西街道试点楼栋议事会", "城西街道试点楼栋议事会，居民每月协商一次公共事务。"),
        "二号": ("城西社区食堂开张半年", "城西社区食堂开张半年，老人用餐满意度明显提高。"),
        "三号": ("城西网格员走访独居老人", "城西网格员每周走访独居老人，登记需求并及时回应。"),
    }

    def page(headline: str, body: str) -> str:
        return (
            f"<html><head><title>{headline}-城西观察</title></head><body><article>"
            f"<p>{body}</p><p>{body}街道表示将继续推进这项工作。</p>"
            "</article></body></html>"
        )

    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "a.html").write_text(page(*stories["一号"]), encoding="utf-8")
    import_paths(database, [alone])
    assert [a.title for a in list_articles(database)] == ["城西街道试点楼栋议事会-城西观察"]

    batch = tmp_path / "batch"
    batch.mkdir()
    for name, (headline, body) in stories.items():
        (batch / f"{name}.html").write_text(page(headline, body + "（批量）"), encoding="utf-8")
    report = import_paths(database, [batch])
    titles = {a.title for a in list_articles(database) if a.id in {i.id for i in report.imported}}
    assert titles == {headline for headline, _ in stories.values()}
