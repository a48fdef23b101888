"""Coder files: one coder's share of a project as a project file of its own, and merging back.

`package(database, coder, out)` writes a new SQLite project (created by the migrations like
any project) holding the coder's assigned articles (same GUIDs and ids, raw and cleaned text,
edits, flags, metadata; the search index filled), the whole codebook (codes with GUIDs,
hierarchy and retired ones, variables and choices), the project dictionary, the project's
settings and codebook version, the coder (same GUID), and only that coder's own segments,
values and assignments: never another coder's work, so blind coding stays blind. The setting
`coder_file` marks it: which project (GUID, name), which coder (GUID, name), when, and the
codebook version it was packaged with; the setting `coder_file_rows` records the coder's
segments and values as packaged (a digest of each, by GUID), the baseline a merge compares
against. The coder opens it in the window like any project.

`merge(database, paths)` brings coder files back (team.merge_rules has the rules). Every
file is read and checked before anything is stored: a damaged file, a file that is not a
coder file, or one packaged from another project is refused with nothing changed. An SQLite
project is backed up first; then each file is merged in one transaction of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from corpus.search import index_articles
from models.backups import backup_before
from models.database import ProjectDatabase, ProjectError, create_project, open_project
from models.entities import (
    Article,
    Assignment,
    Code,
    Coder,
    DictionaryWord,
    Event,
    ProjectInfo,
    Segment,
    Variable,
    VariableChoice,
    VariableValue,
    utcnow,
)
from team.merge_report import CoderFileError, FileReport, MergeReport
from team.merge_rules import FileContent, merge_file, packaged_rows

__all__ = ["CODER_FILE_SETTING", "CoderFileError", "PackageReport", "merge", "package"]

CODER_FILE_SETTING = "coder_file"
# The coder's segments and values as packaged (digests by GUID): the merge's baseline.
PACKAGED_ROWS_SETTING = "coder_file_rows"
_CHUNK = 900  # ids per IN (...): under SQLite's parameter limit


@dataclass(frozen=True)
class PackageReport:
    """What `package` wrote."""

    path: str
    project_guid: str
    coder_guid: str
    coder_name: str
    packaged_at: str
    codebook_version: int
    articles: int
    segments: int
    values: int
    codes: int
    variables: int

    def as_json(self) -> dict[str, Any]:
        """The report as plain JSON values."""
        return dict(self.__dict__)


def _table(entity: type[Any]) -> Table:
    table = entity.__table__
    assert isinstance(table, Table)
    return table


def _rows(session: Session, entity: type[Any], where: Any = None) -> list[dict[str, Any]]:
    """Every column of every row (deferred texts included), as plain dicts."""
    query = select(_table(entity))
    if where is not None:
        query = query.where(where)
    return [dict(row) for row in session.execute(query).mappings()]


def _rows_in(
    session: Session, entity: type[Any], column: Any, ids: Sequence[int], where: Any = None
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for i in range(0, len(ids), _CHUNK):
        condition = column.in_(ids[i : i + _CHUNK])
        found.extend(_rows(session, entity, condition if where is None else condition & where))
    return found


def _parents_first(codes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Codes ordered so that every parent comes before its children (foreign keys hold)."""
    by_id = {c["id"]: c for c in codes}

    def depth(code: dict[str, Any]) -> int:
        level = 0
        while code["parent_id"] is not None and code["parent_id"] in by_id:
            code = by_id[code["parent_id"]]
            level += 1
        return level

    return sorted(codes, key=lambda c: (depth(c), c["id"]))


def _is_coder_file(settings: dict[str, Any] | None) -> bool:
    return isinstance((settings or {}).get(CODER_FILE_SETTING), dict)


def package(database: ProjectDatabase, coder_name: str, out_path: str | Path) -> PackageReport:
    """Write a coder file for `coder_name` at `out_path` (a new file); see the module docstring.

    The ids of articles, codes, variables and the coder are kept, so "article 17" means the
    same article in the project and in every coder file. Nothing in the project changes.
    """
    out = Path(out_path)
    if out.exists():
        raise CoderFileError(f"{out}: a file is already there; choose another name")
    with database.session() as session:
        info = session.scalars(select(ProjectInfo)).one()
        if _is_coder_file(info.settings):
            raise CoderFileError(
                f"{database.url}: is itself a coder file; package from the lead's project"
            )
        coder = session.scalar(select(Coder).where(Coder.name == coder_name.strip()))
        if coder is None:
            names = ", ".join(session.scalars(select(Coder.name).order_by(Coder.name))) or "none"
            raise CoderFileError(f"no coder named {coder_name} in this project (coders: {names})")
        # The lead's assignments make the package; the coder's own done marks elsewhere stay.
        assignments = _rows(
            session,
            Assignment,
            (Assignment.coder_id == coder.id) & Assignment.assigned.is_(True),
        )
        article_ids = sorted({row["article_id"] for row in assignments})
        if not article_ids:
            raise CoderFileError(
                f"no articles are assigned to {coder.name}; assign some first with "
                f"`articoder assign PROJECT --coders {coder.name} ...`"
            )
        tables: list[tuple[type[Any], list[dict[str, Any]]]] = [
            (Coder, [{**_rows(session, Coder, Coder.id == coder.id)[0], "db_role": None}]),
            (Code, _parents_first(_rows(session, Code))),
            (Variable, _rows(session, Variable)),
            (VariableChoice, _rows(session, VariableChoice)),
            (DictionaryWord, _rows(session, DictionaryWord)),
            (
                Article,
                [
                    {**row, "batch_id": None}
                    for row in _rows_in(session, Article, Article.id, article_ids)
                ],
            ),
            (Assignment, assignments),
            (
                Segment,
                _rows_in(
                    session, Segment, Segment.article_id, article_ids, Segment.coder_id == coder.id
                ),
            ),
            (
                VariableValue,
                _rows_in(
                    session,
                    VariableValue,
                    VariableValue.article_id,
                    article_ids,
                    VariableValue.coder_id == coder.id,
                ),
            ),
        ]
        packaged_at = utcnow()
        marker = {
            "project_guid": info.guid,
            "project_name": info.name,
            "coder_guid": coder.guid,
            "coder_name": coder.name,
            "packaged_at": packaged_at.isoformat(),
            "codebook_version": info.codebook_version,
        }
        tables_by_entity = dict(tables)
        baseline = packaged_rows(
            tables_by_entity[Segment],
            tables_by_entity[VariableValue],
            {code["id"]: code["guid"] for code in tables_by_entity[Code]},
        )
        settings = {
            **(info.settings or {}),
            CODER_FILE_SETTING: marker,
            PACKAGED_ROWS_SETTING: baseline,
        }
        project_name, version = info.name, info.codebook_version
    try:
        target = create_project(out, name=f"{project_name} ({coder_name})")
    except ProjectError as exc:
        raise CoderFileError(str(exc)) from exc
    try:
        with target.session() as session:
            file_info = session.scalars(select(ProjectInfo)).one()
            file_info.codebook_version = version
            file_info.settings = settings
            session.flush()
            for entity, rows in tables:
                if rows:
                    session.execute(insert(_table(entity)), rows)
            articles = dict(tables)[Article]
            index_articles(
                session.connection(),
                ((row["id"], row["search_text"] or row["text"]) for row in articles),
            )
    except BaseException:
        target.close()
        out.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            out.with_name(out.name + suffix).unlink(missing_ok=True)
        raise
    target.close()
    counts = {entity: len(rows) for entity, rows in tables}
    return PackageReport(
        path=str(out),
        project_guid=str(marker["project_guid"]),
        coder_guid=str(marker["coder_guid"]),
        coder_name=str(marker["coder_name"]),
        packaged_at=str(marker["packaged_at"]),
        codebook_version=int(version),
        articles=counts[Article],
        segments=counts[Segment],
        values=counts[VariableValue],
        codes=counts[Code],
        variables=counts[Variable],
    )


def read_coder_file(path: str | Path, project_guid: str, project_name: str) -> FileContent:
    """Read a whole coder file into plain data, refusing anything that is not sound.

    Refused (CoderFileError): a missing or damaged file (`PRAGMA quick_check`), a project
    file that is not a coder file, a coder file of another project. The file is not changed
    (an older schema is refused with the command that upgrades it, never upgraded here).
    """
    file = Path(path)
    if "://" in str(path):
        raise CoderFileError(f"{path}: a coder file is a file path, not a database URL")
    try:
        source = open_project(file, upgrade=False)
    except ProjectError as exc:
        raise CoderFileError(f"{file}: cannot be merged: {exc}") from exc
    try:
        with source.session() as session:
            check = session.connection().exec_driver_sql("PRAGMA quick_check").scalar()
            if check != "ok":
                raise CoderFileError(f"{file}: the file is damaged ({check}); nothing merged")
            info = session.scalars(select(ProjectInfo)).one()
            marker = (info.settings or {}).get(CODER_FILE_SETTING)
            if not isinstance(marker, dict):
                raise CoderFileError(
                    f"{file}: not a coder file (it has no coder_file marker); coder files are "
                    "written by `articoder package`"
                )
            if marker.get("project_guid") != project_guid:
                raise CoderFileError(
                    f"{file}: is a coder file of project {marker.get('project_name')!r} "
                    f"(GUID {marker.get('project_guid')}), not of this project "
                    f"{project_name!r} (GUID {project_guid}); merge it into its own project"
                )
            rows = (info.settings or {}).get(PACKAGED_ROWS_SETTING)
            return FileContent(
                path=str(file),
                marker=dict(marker),
                codebook_version=int(info.codebook_version),
                coders=_rows(session, Coder),
                articles=_rows(session, Article),
                codes=_rows(session, Code),
                variables=_rows(session, Variable),
                choices=_rows(session, VariableChoice),
                segments=_rows(session, Segment),
                values=_rows(session, VariableValue),
                assignments=_rows(session, Assignment),
                events=sorted(_rows(session, Event), key=lambda e: e["id"]),
                packaged_rows=rows if isinstance(rows, dict) else None,
            )
    except ProjectError as exc:  # the database layer's own words for a damaged file
        raise CoderFileError(f"{file}: cannot be merged: {exc}") from exc
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise CoderFileError(
            f"{file}: damaged or not a coder file ({reason}); nothing merged"
        ) from exc
    finally:
        source.close()


def merge(database: ProjectDatabase, paths: Iterable[str | Path]) -> MergeReport:
    """Merge coder files into the project; return what was done (see team.merge_rules).

    All files are read and checked first, so one refused file means nothing is merged.
    An SQLite project is then backed up (reason "merge"), and each file is merged in its own
    transaction. Merging a file again stores nothing new.
    """
    with database.session() as session:
        info = session.scalars(select(ProjectInfo)).one()
        project_guid, project_name = info.guid, info.name
        if _is_coder_file(info.settings):
            raise CoderFileError(
                f"{database.url}: is a coder file; merge coder files into the lead's project"
            )
    contents = [read_coder_file(path, project_guid, project_name) for path in paths]
    if not contents:
        raise CoderFileError("name at least one coder file to merge")
    report = MergeReport()
    backup = backup_before(database, "merge")
    report.backup = str(backup) if backup is not None else None
    for content in contents:
        file_report: FileReport
        with database.session() as session:
            file_report = merge_file(session, content)
        report.files.append(file_report)
    return report


def coder_file_coder(database: ProjectDatabase) -> str | None:
    """The GUID of the coder a coder file was packaged for; None for a project of its own."""
    with database.session() as session:
        settings = session.scalars(select(ProjectInfo.settings)).one() or {}
    marker = settings.get(CODER_FILE_SETTING)
    if not isinstance(marker, dict) or "coder_guid" not in marker:
        return None
    return str(marker["coder_guid"])
