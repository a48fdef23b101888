"""Coder files: packaging one coder's share, coding it offline, merging it back.

The main round trip runs on SQLite and PostgreSQL (the `database` fixture); coder files are
always SQLite files. Idempotence is shown by a checksum over every row of every table.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from codebook.files import read_codebook, write_codebook
from codebook.operations import AddCode, RenameCode
from codebook.spec import CodeSpec
from codebook.store import import_codebook, load_codebook
from codebook.text_files import read_codebook_text
from coding.check import check_project
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from corpus.search import unindex_articles
from corpus.text import content_hash
from models.backups import list_backups
from models.database import ProjectDatabase, create_project, open_project
from models.entities import Article, Base, Code, Coder, ProjectInfo, Segment, VariableValue
from team.assignments import assign
from team.coder_files import CODER_FILE_SETTING, merge, package
from team.merge_report import CoderFileError

CODEBOOK = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"
TEXTS = {
    "qiao": "桥东社区通讯\n桥东社区成立楼栋党小组，党员中心户挂牌服务。",
    "hu": "湖滨街道纪事\n湖滨街道推行红色物业，楼栋党小组每月议事。",
    "shan": "山前村简报\n山前村党员中心户带头清理河道，村民点赞。",
    "lin": "林场新闻\n林场社区的红色物业公司为老人送菜上门。",
}


@dataclass
class Team:
    """A project with articles, the small codebook, and coders 甲 and 乙 with assignments."""

    database: ProjectDatabase
    articles: dict[str, int]
    codes: dict[str, int]
    variables: dict[str, int]
    lead: Workspace
    second: Workspace


def _build(database: ProjectDatabase, folder: Path) -> Team:
    import_codebook(database, read_codebook_text(CODEBOOK))
    folder.mkdir(exist_ok=True)
    for name, body in TEXTS.items():
        (folder / f"{name}.txt").write_text(body, encoding="utf-8")
    report = import_paths(database, [folder / f"{name}.txt" for name in TEXTS])
    articles = {Path(a.source).stem: int(a.id) for a in report.imported}
    lead = Workspace(database, ensure_coder(database, "甲"))
    second = Workspace(database, ensure_coder(database, "乙"))
    codes = {c.path[-1]: c.id for c in lead.codes()}
    variables = {v.name: v.id for v in lead.variables()}
    assign(
        database,
        {
            "甲": [articles["qiao"], articles["hu"]],
            "乙": [articles["qiao"], articles["shan"], articles["lin"]],
        },
    )
    # Work done in the project before packaging: the lead's (never in 乙's file) and 乙's own.
    lead.code_span(
        articles["qiao"], *_span(lead, articles["qiao"], "桥东社区"), codes["楼栋党小组"]
    )
    second.code_span(
        articles["qiao"], *_span(second, articles["qiao"], "党员中心户"), codes["党员中心户"]
    )
    second.set_value(articles["qiao"], variables["tone"], "neutral")
    return Team(database, articles, codes, variables, lead, second)


def _span(workspace: Workspace, article_id: int, words: str) -> tuple[int, int]:
    start = workspace.article(article_id).text.index(words)
    return start, start + len(words)


@pytest.fixture
def team(database: ProjectDatabase, tmp_path: Path) -> Iterator[Team]:
    yield _build(database, tmp_path / "in")


@pytest.fixture
def sqlite_team(sqlite_database: ProjectDatabase, tmp_path: Path) -> Iterator[Team]:
    yield _build(sqlite_database, tmp_path / "in")


def checksum(database: ProjectDatabase) -> str:
    """A hash of every row of every table (ids, GUIDs, texts, times: all columns)."""
    digest = hashlib.sha256()
    with database.session() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(select(table)).all()
            for row in sorted(repr(tuple(row)) for row in rows):
                digest.update(f"{table.name}:{row}\n".encode())
    return digest.hexdigest()


def _segments(database: ProjectDatabase, coder: str) -> dict[str, tuple[int, int, str, int]]:
    with database.session() as session:
        rows = session.execute(
            select(Segment.guid, Segment.start, Segment.end, Segment.text, Segment.code_id)
            .join(Coder, Coder.id == Segment.coder_id)
            .where(Coder.name == coder)
        ).all()
    return {g: (s, e, t, c) for g, s, e, t, c in rows}


def _no_problems(database: ProjectDatabase) -> None:
    report = check_project(database)
    assert report.problems == []


def test_package_holds_only_the_coders_share(sqlite_team: Team, tmp_path: Path) -> None:
    out = tmp_path / "乙.articoder"
    report = package(sqlite_team.database, "乙", out)
    assert (report.articles, report.segments, report.values) == (3, 1, 1)
    coder_file = open_project(out)
    try:
        with coder_file.session() as session:
            info = session.scalars(select(ProjectInfo)).one()
            marker = info.settings[CODER_FILE_SETTING]
            names = list(session.scalars(select(Coder.name)))
        with sqlite_team.database.session() as session:
            project = session.scalars(select(ProjectInfo)).one()
        assert marker["project_guid"] == project.guid
        assert marker["coder_guid"] == sqlite_team.second.coder.guid
        assert info.codebook_version == project.codebook_version
        assert names == ["乙"]  # the lead is not in the file, nor the lead's segments
        worker = Workspace.open(out, "乙")
        try:
            rows = {r.id: r for r in worker.article_rows()}
            assert set(rows) == {sqlite_team.articles[k] for k in ("qiao", "shan", "lin")}
            assert {r.status for r in rows.values()} == {"todo"}
            qiao = worker.article(sqlite_team.articles["qiao"])
            assert qiao.text == sqlite_team.lead.article(sqlite_team.articles["qiao"]).text
            assert [s.text for s in worker.segments(sqlite_team.articles["qiao"])] == ["党员中心户"]
            assert [c.path for c in worker.codes()] == [c.path for c in sqlite_team.lead.codes()]
            hits = worker.search("红色物业")  # the search index was filled
            assert {h.article for h in hits} == {sqlite_team.articles["lin"]}
        finally:
            worker.close()
        _no_problems(coder_file)
    finally:
        coder_file.close()
    with pytest.raises(CoderFileError, match="already there"):
        package(sqlite_team.database, "乙", out)
    with pytest.raises(CoderFileError, match="no coder named 丙"):
        package(sqlite_team.database, "丙", tmp_path / "丙.articoder")


def test_round_trip_twice_and_nothing_changes(team: Team, tmp_path: Path) -> None:
    database, articles, codes = team.database, team.articles, team.codes
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    before = _segments(database, "乙")
    worker = Workspace.open(out, "乙")
    try:
        shan, lin, qiao = articles["shan"], articles["lin"], articles["qiao"]
        added = worker.code_span(shan, *_span(worker, shan, "党员中心户"), codes["党员中心户"])
        coded = worker.code_span(lin, *_span(worker, lin, "红色物业"), codes["红色物业"], "好")
        old = next(iter(worker.segments(qiao)))
        worker.change_segment(old.id, memo="改过")
        worker.set_value(shan, team.variables["tone"], "positive")
        worker.set_value(qiao, team.variables["tone"], "positive")
        worker.set_done(shan)
    finally:
        worker.close()
    report = merge(database, [out])
    assert report.backup is None or Path(report.backup).exists()
    result = report.files[0]
    assert sorted(result.segments.added) == sorted([added.guid, coded.guid])
    assert result.segments.updated == [old.guid]
    assert len(result.values.added) == 1 and len(result.values.updated) == 1
    assert result.conflicts == [] and result.codebook_changes == []
    after = _segments(database, "乙")
    assert set(after) == set(before) | {added.guid, coded.guid}
    assert after[coded.guid][2] == "红色物业"
    with database.session() as session:
        memo = session.scalar(select(Segment.memo).where(Segment.guid == old.guid))
        tone = session.scalar(
            select(VariableValue.value).where(
                VariableValue.article_id == qiao,
                VariableValue.coder_id == team.second.coder.id,
            )
        )
    assert (memo, tone) == ("改过", "positive")
    assert team.second.article_rows([articles["shan"]])[0].status == "done"
    _no_problems(database)
    # The same file again: not one row changes, not even the journal.
    once = checksum(database)
    again = merge(database, [out])
    assert not again.files[0].changed and checksum(database) == once
    assert again.files[0].segments.unchanged == 3


def test_removals_only_with_the_coder_files_journal(sqlite_team: Team, tmp_path: Path) -> None:
    database, articles = sqlite_team.database, sqlite_team.articles
    qiao = articles["qiao"]
    sqlite_team.second.code_span(
        qiao, *_span(sqlite_team.second, qiao, "楼栋党小组"), sqlite_team.codes["楼栋党小组"]
    )
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    worker = Workspace.open(out, "乙")
    try:
        first, second = worker.segments(qiao)
        worker.delete_segments([first.id])  # journalled: the merge may apply it
    finally:
        worker.close()
    coder_file = open_project(out)
    with coder_file.session() as session:  # gone without a trace: the merge must not apply it
        session.execute(text("DELETE FROM segments WHERE guid = :g"), {"g": second.guid})
    coder_file.close()
    report = merge(database, [out]).files[0]
    assert report.segments_removed == [first.guid]
    kept = [c for c in report.conflicts if c.kind == "removed-in-coder-file"]
    assert [c.item_guid for c in kept] == [second.guid]
    assert set(_segments(database, "乙")) == {second.guid}
    _no_problems(database)
    once = checksum(database)
    merge(database, [out])
    assert checksum(database) == once


def test_renamed_coder_keeps_the_projects_name(sqlite_team: Team, tmp_path: Path) -> None:
    database = sqlite_team.database
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    with database.session() as session:  # the lead renames 乙 after packaging
        session.execute(update(Coder).where(Coder.name == "乙").values(name="乙（王）"))
    coder_file = open_project(out)
    with coder_file.session() as session:  # and the coder file names the coder otherwise
        session.execute(update(Coder).values(name="小王"))
    coder_file.close()
    worker = Workspace.open(out, "小王")
    lin = sqlite_team.articles["lin"]
    made = worker.code_span(lin, *_span(worker, lin, "送菜"), sqlite_team.codes["红色物业"])
    worker.close()
    report = merge(database, [out]).files[0]
    assert [(r.project_name, r.file_name, r.kept) for r in report.renames] == [
        ("乙（王）", "小王", "乙（王）")
    ]
    assert report.coder_name == "乙（王）" and report.coders_added == []
    assert made.guid in _segments(database, "乙（王）")
    with database.session() as session:
        assert sorted(session.scalars(select(Coder.name))) == ["乙（王）", "甲"]


def test_codebook_edits_reported_not_applied(sqlite_team: Team, tmp_path: Path) -> None:
    database, codes = sqlite_team.database, sqlite_team.codes
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    codebook_before = load_codebook(database)
    worker = Workspace.open(out, "乙")
    lin = sqlite_team.articles["lin"]
    adding = AddCode(parent_id=None, spec=CodeSpec(name="便民服务", color="#16a085"))
    worker.perform(adding)
    assert adding.code_id is not None
    worker.perform(RenameCode(code_id=codes["红色物业"], name="红色物业服务"))
    held = worker.code_span(lin, *_span(worker, lin, "送菜上门"), adding.code_id)
    kept = worker.code_span(lin, *_span(worker, lin, "红色物业"), codes["红色物业"])
    worker.close()
    report = merge(database, [out]).files[0]
    assert report.codebook_edited_in_file
    kinds = {(c.kind, c.name) for c in report.codebook_changes}
    assert ("code-added", "便民服务") in kinds
    changed = next(c for c in report.codebook_changes if c.kind == "code-changed")
    assert changed.fields["name"] == ["红色物业", "红色物业服务"]
    assert load_codebook(database) == codebook_before  # nothing applied
    assert [(c.kind, c.item_guid) for c in report.conflicts] == [("code-not-in-project", held.guid)]
    assert kept.guid in _segments(database, "乙") and held.guid not in _segments(database, "乙")
    _no_problems(database)
    # Nothing lost: the lead adopts the coder's codebook (codes match by GUID), merges again.
    exported = tmp_path / "coder-codebook.yaml"
    coder_file = open_project(out)
    write_codebook(load_codebook(coder_file), exported)
    coder_file.close()
    import_codebook(database, read_codebook(exported))
    again = merge(database, [out]).files[0]
    assert again.segments.added == [held.guid] and again.conflicts == []
    assert _segments(database, "乙")[held.guid][2] == "送菜上门"
    _no_problems(database)


def test_article_whose_text_differs(sqlite_team: Team, tmp_path: Path) -> None:
    database = sqlite_team.database
    shan = sqlite_team.articles["shan"]
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    worker = Workspace.open(out, "乙")
    lands = worker.code_span(shan, *_span(worker, shan, "清理河道"), sqlite_team.codes["红色物业"])
    lost = worker.code_span(shan, *_span(worker, shan, "带头"), sqlite_team.codes["党员中心户"])
    worker.close()
    # Meanwhile the project's text of that article changed: a prefix, one word gone.
    with database.session() as session:
        old = session.scalar(text("SELECT text FROM articles WHERE id = :i"), {"i": shan})
        new = "【更正】" + old.replace("带头", "")
        session.execute(
            text("UPDATE articles SET text = :t, content_hash = :h, chars = :n WHERE id = :i"),
            {"t": new, "h": content_hash(new), "n": len(new), "i": shan},
        )
    report = merge(database, [out]).files[0]
    assert report.articles_text_differs == [sqlite_team.lead.article(shan).summary.guid]
    stored = _segments(database, "乙")
    assert lands.guid in stored and lost.guid not in stored
    start, end, covered, _ = stored[lands.guid]
    assert new[start:end] == covered == "清理河道" and start == lands.start + len("【更正】") - 2
    assert [(c.kind, c.item_guid) for c in report.conflicts] == [("text-differs", lost.guid)]
    assert report.conflicts[0].file["text"] == "带头"


def test_values_both_changed_newest_wins(sqlite_team: Team, tmp_path: Path) -> None:
    database, qiao = sqlite_team.database, sqlite_team.articles["qiao"]
    tone = sqlite_team.variables["tone"]
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    sqlite_team.second.set_value(qiao, tone, "negative")  # in the project, first
    worker = Workspace.open(out, "乙")
    worker.set_value(qiao, tone, "positive")  # in the coder file, later: newer
    worker.close()
    report = merge(database, [out]).files[0]
    assert sqlite_team.second.values(qiao)[tone] == "positive"
    (conflict,) = report.conflicts
    assert conflict.kind == "value-both-changed"
    assert (conflict.project["value"], conflict.file["value"]) == ("negative", "positive")


def test_refused_files_change_nothing(sqlite_team: Team, tmp_path: Path) -> None:
    database = sqlite_team.database
    good = tmp_path / "乙.articoder"
    package(database, "乙", good)
    other = create_project(tmp_path / "other.articoder")
    _build(other, tmp_path / "other-in")
    foreign = tmp_path / "foreign.articoder"
    package(other, "乙", foreign)
    other.close()
    corrupt = tmp_path / "corrupt.articoder"
    data = bytearray(good.read_bytes())
    data[100:] = b"\x5a" * (len(data) - 100)  # the header survives, the pages do not
    corrupt.write_bytes(bytes(data))
    damaged = tmp_path / "damaged.articoder"
    data = bytearray(good.read_bytes())
    data[50_000:54_096] = b"\x5a" * 4096  # one page in the middle
    damaged.write_bytes(bytes(data))
    garbage = tmp_path / "garbage.articoder"
    garbage.write_bytes(b"not a database at all")
    once = checksum(database)
    backups = len(list_backups(database.path)) if database.path else 0
    cases = [
        (foreign, "not of this project"),
        (corrupt, "malformed"),
        (damaged, "damaged.*malformed"),
        (garbage, "not an SQLite database"),
        (tmp_path / "other.articoder", "not a coder file"),
        (tmp_path / "missing.articoder", "no project here"),
    ]
    for path, words in cases:
        with pytest.raises(CoderFileError, match=words) as caught:
            merge(database, [good, path])  # one bad file: the good one is not merged either
        assert str(path) in str(caught.value)
    assert checksum(database) == once
    assert (len(list_backups(database.path)) if database.path else 0) == backups
    worker = Workspace.open(good, "乙")
    worker.set_done(sqlite_team.articles["lin"])
    worker.close()
    assert merge(database, [good]).files[0].assignments.updated
    assert checksum(database) != once


def test_code_table_untouched_by_merge(team: Team, tmp_path: Path) -> None:
    out = tmp_path / "乙.articoder"
    package(team.database, "乙", out)
    with team.database.session() as session:
        codes_before = session.execute(select(Code.guid, Code.name)).all()
    merge(team.database, [out])
    with team.database.session() as session:
        assert session.execute(select(Code.guid, Code.name)).all() == codes_before


def test_later_deletion_of_merged_work_and_a_new_coder(sqlite_team: Team, tmp_path: Path) -> None:
    database, lin = sqlite_team.database, sqlite_team.articles["lin"]
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    worker = Workspace.open(out, "乙")
    made = worker.code_span(lin, *_span(worker, lin, "送菜"), sqlite_team.codes["红色物业"])
    worker.close()
    assert merge(database, [out]).files[0].segments.added == [made.guid]
    # Later the coder deletes it in the file (a new session), and someone else used the file.
    worker = Workspace.open(out, "乙")
    worker.delete_segments([s.id for s in worker.segments(lin)])
    worker.close()
    guest = Workspace.open(out, "丙")  # a coder GUID the project does not know
    other = guest.code_span(lin, *_span(guest, lin, "老人"), sqlite_team.codes["红色物业"])
    guest.close()
    report = merge(database, [out]).files[0]
    assert report.segments_removed == [made.guid]
    assert report.coders_added == ["丙"] and report.segments.added == [other.guid]
    assert made.guid not in _segments(database, "乙")
    assert set(_segments(database, "丙")) == {other.guid}
    _no_problems(database)


def test_article_gone_from_the_project_comes_back(sqlite_team: Team, tmp_path: Path) -> None:
    database, lin = sqlite_team.database, sqlite_team.articles["lin"]
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    worker = Workspace.open(out, "乙")
    made = worker.code_span(lin, *_span(worker, lin, "送菜"), sqlite_team.codes["红色物业"])
    guid = worker.article(lin).summary.guid
    worker.close()
    with database.session() as session:  # the lead removed the article meanwhile
        body = session.scalar(select(Article.text).where(Article.id == lin))
        unindex_articles(session.connection(), [(lin, body)])
        session.execute(text("DELETE FROM articles WHERE id = :i"), {"i": lin})
    report = merge(database, [out]).files[0]
    assert report.articles_added == [guid] and made.guid in _segments(database, "乙")
    with database.session() as session:
        assert session.scalar(select(Article.text).where(Article.guid == guid)) == body
    _no_problems(database)


def test_codebook_changed_only_in_the_project_is_not_reported(
    sqlite_team: Team, tmp_path: Path
) -> None:
    out = tmp_path / "乙.articoder"
    package(sqlite_team.database, "乙", out)
    sqlite_team.lead.perform(RenameCode(code_id=sqlite_team.codes["红色物业"], name="物业服务"))
    report = merge(sqlite_team.database, [out]).files[0]
    assert not report.codebook_edited_in_file and report.codebook_changes == []
    assert not report.changed


def test_lead_edits_merged_work_then_coder_edits_again(sqlite_team: Team, tmp_path: Path) -> None:
    database, lin = sqlite_team.database, sqlite_team.articles["lin"]
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    worker = Workspace.open(out, "乙")
    made = worker.code_span(lin, *_span(worker, lin, "送菜"), sqlite_team.codes["红色物业"])
    worker.close()
    merge(database, [out])
    with database.session() as session:
        here = session.scalar(select(Segment.id).where(Segment.guid == made.guid))
    assert here is not None
    sqlite_team.lead.change_segment(here, memo="组长批注")  # the lead reviews merged work
    again = merge(database, [out]).files[0]
    assert again.conflicts == [] and not again.changed  # already merged: no conflict
    worker = Workspace.open(out, "乙")
    worker.change_segment(made.id, memo="编码员补充")  # now the coder changes it too, later
    worker.close()
    third = merge(database, [out]).files[0]
    assert third.segments.updated == [made.guid]
    (conflict,) = third.conflicts
    assert conflict.kind == "segment-both-changed"
    assert (conflict.project["memo"], conflict.file["memo"]) == ("组长批注", "编码员补充")


def _memo(database: ProjectDatabase, guid: str) -> str | None:
    with database.session() as session:
        return session.scalar(select(Segment.memo).where(Segment.guid == guid))


def test_edit_in_the_file_after_a_copy_was_merged_is_kept(
    sqlite_team: Team, tmp_path: Path
) -> None:
    database, lin = sqlite_team.database, sqlite_team.articles["lin"]
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    worker = Workspace.open(out, "乙")
    made = worker.code_span(lin, *_span(worker, lin, "送菜"), sqlite_team.codes["红色物业"])
    worker.close()
    copy = tmp_path / "周一寄出.articoder"
    shutil.copy(out, copy)  # the coder e-mails a copy and keeps working in the original
    worker = Workspace.open(out, "乙")
    worker.change_segment(made.id, memo="第二天补充")
    worker.close()
    first = merge(database, [copy]).files[0]  # merged after the coder's edit was made
    assert first.segments.added == [made.guid]
    second = merge(database, [out]).files[0]
    assert second.segments.updated == [made.guid] and second.conflicts == []
    assert _memo(database, made.guid) == "第二天补充"
    once = checksum(database)
    for path in (out, copy):  # the final file again: nothing; the old copy: listed, not stored
        report = merge(database, [path]).files[0]
        assert not report.changed and checksum(database) == once
    (older,) = report.conflicts
    assert older.kind == "segment-older-in-file" and older.item_guid == made.guid
    assert (older.file["memo"], older.project["memo"]) == ("", "第二天补充")
    _no_problems(database)


def _clock_behind(path: Path) -> None:
    """Stamp the coder file's rows as a clock a year behind would (in its own order)."""
    coder_file = open_project(path)
    with coder_file.session() as session:
        for table in ("segments", "variable_values"):
            rows = session.execute(text(f"SELECT id, updated_at FROM {table}")).all()
            for row_id, at in rows:
                behind = datetime.fromisoformat(str(at)) - timedelta(days=365)
                session.execute(
                    text(f"UPDATE {table} SET updated_at = :at WHERE id = :i"),
                    {"at": behind.isoformat(sep=" "), "i": row_id},
                )
    coder_file.close()


def test_coder_clock_behind_does_not_drop_the_edit(sqlite_team: Team, tmp_path: Path) -> None:
    database, qiao = sqlite_team.database, sqlite_team.articles["qiao"]
    tone = sqlite_team.variables["tone"]
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    worker = Workspace.open(out, "乙")
    (packaged,) = worker.segments(qiao)
    worker.change_segment(packaged.id, memo="先改")
    worker.close()
    _clock_behind(out)  # the coder's clock runs a year behind the lead's
    assert merge(database, [out]).files[0].segments.updated == [packaged.guid]
    _clock_behind(out)
    worker = Workspace.open(out, "乙")  # later edits, again on a clock a year behind
    worker.change_segment(packaged.id, memo="再改")
    worker.set_value(qiao, tone, "negative")
    worker.close()
    _clock_behind(out)
    report = merge(database, [out]).files[0]
    assert report.segments.updated == [packaged.guid] and len(report.values.updated) == 1
    assert report.conflicts == []
    assert _memo(database, packaged.guid) == "再改"
    assert sqlite_team.second.values(qiao)[tone] == "negative"
    once = checksum(database)
    assert not merge(database, [out]).files[0].changed and checksum(database) == once


def test_deleted_in_project_is_not_brought_back(sqlite_team: Team, tmp_path: Path) -> None:
    database, lin = sqlite_team.database, sqlite_team.articles["lin"]
    qiao, tone = sqlite_team.articles["qiao"], sqlite_team.variables["tone"]
    out = tmp_path / "乙.articoder"
    package(database, "乙", out)
    worker = Workspace.open(out, "乙")
    made = worker.code_span(lin, *_span(worker, lin, "送菜"), sqlite_team.codes["红色物业"])
    worker.set_value(lin, tone, "positive")
    worker.close()
    first = merge(database, [out]).files[0]
    assert first.segments.added == [made.guid] and len(first.values.added) == 1
    # The lead deletes merged work and packaged work: segments (journalled), values (not).
    lead_view = sqlite_team.second
    (packaged,) = lead_view.segments(qiao)
    lead_view.delete_segments([packaged.id, *(s.id for s in lead_view.segments(lin))])
    lead_view.set_value(qiao, tone, None)
    with database.session() as session:  # the merged value, removed by hand
        session.execute(text("DELETE FROM variable_values WHERE article_id = :a"), {"a": lin})
    once = checksum(database)
    report = merge(database, [out]).files[0]
    assert not report.changed and checksum(database) == once
    assert {c.kind for c in report.conflicts} == {"deleted-in-project"}
    listed = {c.item_guid for c in report.conflicts}
    assert len(listed) == 4 and {made.guid, packaged.guid, *first.values.added} <= listed
    assert _segments(database, "乙") == {}
    assert lead_view.values(qiao) == {} and lead_view.values(lin) == {}
    # New work in the same file still comes in.
    worker = Workspace.open(out, "乙")
    fresh = worker.code_span(lin, *_span(worker, lin, "老人"), sqlite_team.codes["红色物业"])
    worker.close()
    again = merge(database, [out]).files[0]
    assert again.segments.added == [fresh.guid] and set(_segments(database, "乙")) == {fresh.guid}
    _no_problems(database)
