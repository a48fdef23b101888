"""REFI-QDA import: a .qdpx project (or a .qdc codebook) stored in a project, all or nothing.

`read_project_file` tells what a file really is before reading it (exchange.archive.sniff): a
.qdpx archive, also when renamed to .zip; a bare project XML (.qde, or one named .qdpx),
imported when its texts are inside it; a .qdc codebook. A file of a program's own format
(NVivo .nvp, MAXQDA .mx24, ATLAS.ti .atlproj, a QualCoder .qda folder, an articoder project),
a database, or an unpacked folder is refused with what to do instead.

The file is read and checked first (exchange.parse: safety, references, offsets), then
stored in one transaction, so a refused file or a failure changes nothing. Importing adds;
it never changes or removes what the project holds:

- Coders: a file's user is the coder with its GUID, else the coder with its name, else a new
  coder with the file's GUID and name. Codings and values that name no user belong to the
  project's creating user of the file, or its only user, or else a coder named
  `FALLBACK_CODER`.
- Codes: matched by GUID, then by path (names from the top); unmatched codes are added under
  their (matched or added) parent with the file's GUID, colour and description. A matched code
  keeps the project's name, definition and colour. In a project without codes, whether codes
  with children may be coded follows the file (`isCodable` of a group).
- Variables: matched by GUID, then by name; new ones added (articoder's reserved
  `articoder:*` variables are article columns and the coder, not variables).
- Articles: matched by GUID, then by the hash of the cleaned text; a new one keeps the
  source's GUID. A matched article whose text differs from the file's source keeps its text,
  and the source's selections are reported as mismatches (their offsets would not fit).
- Segments: one per coding of a selection (the selection's GUID when it has one coding, the
  coding's GUID otherwise). A segment with that GUID, or with the same article, code, coder
  and span, is already there: unchanged. A GUID the project uses for another span or code is
  a conflict: the project's segment is kept and the conflict reported.
- Values: a case with `articoder:coder` gives that coder's values for the sources it refers
  to; other cases, and values on a source, belong to the default coder. Each value is checked
  as the coding sheet checks it; a value that does not fit is a mismatch; a different stored
  value is a conflict (the project's is kept).

- Memos: each coding's memo (its notes and its selection's Description) becomes the memo of
  its segment.

So importing the same file twice adds nothing the second time. The report lists what was
added and matched, the REFI-QDA namespace the file used, the offset convention chosen and
the evidence that decided it, every mismatch (never stored, never silently shifted), every
conflict, and, by kind with a count and an example, everything the file holds that articoder
does not store (`not_imported`).
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from codebook.spec import CodebookSpec, CodeSpec, VariableSpec, validate
from coding.segments import CodingError
from coding.values import check_value
from corpus.cleaning import Cleaned, mojibake_flags
from corpus.dates import parse_date
from corpus.importer import build_article_row
from corpus.readers import RawDocument
from corpus.search import index_articles
from corpus.text import content_hash
from exchange.archive import ArchiveLimits, QdpxError, sniff
from exchange.format import COLUMN, METADATA, guid_or_none
from exchange.offsets import CONVENTIONS
from exchange.parse import (
    Mismatch,
    NotImported,
    QdpxFile,
    SourceIn,
    namespace_text,
    read_qdc,
    read_qde,
    read_qdpx,
)
from models.backups import backup_before, make_backup
from models.batches import chunks
from models.database import (
    ProjectDatabase,
    ProjectError,
    create_project,
    open_project,
    sqlite_path,
    to_url,
)
from models.entities import (
    Article,
    Code,
    Coder,
    DictionaryWord,
    Event,
    ImportBatch,
    ProjectInfo,
    Segment,
    Variable,
    VariableChoice,
    VariableValue,
    utcnow,
)
from models.ids import new_guid
from models.text_limits import MEMO_LIMIT, typed_text_problem

_SegmentKey = tuple[int, int, int, int, int]  # article, code, coder, start, end
FALLBACK_CODER = "qdpx import"
# The lengths of the article columns (models.entities): longer values from a file are cut.
_COLUMN_LIMITS = {
    "title": 500,
    "outlet": 200,
    "published_text": 100,
    "author": 300,
    "editor": 200,
    "url": 2000,
}
SUFFIXES = (".qdpx", ".qdc", ".qde")
OFFSET_CONVENTIONS = CONVENTIONS
# Programs' own project files: not exchange files, but what people pick by mistake.
_NATIVE = (
    (re.compile(r"^\.nvpx?$"), "an NVivo project", "NVivo"),
    (re.compile(r"^\.(mx\d+|mex\d*)$"), "a MAXQDA project", "MAXQDA"),
    (re.compile(r"^\.(atlproj\d*|hpr\d+)$"), "an ATLAS.ti project", "ATLAS.ti"),
    (re.compile(r"^\.qda$"), "a QualCoder project", "QualCoder"),
    (re.compile(r"^\.articoder$"), "an articoder project", "articoder (`articoder export`)"),
)
_CHUNK = 500
_ARTICLE_CHUNK = 1000


@dataclass
class QdpxImportReport:
    """What one import added, matched, and could not take."""

    file: str
    origin: str = ""
    namespace: str = ""
    convention: str = ""
    convention_evidence: str = ""
    convention_reason: str = ""
    coders_added: list[str] = field(default_factory=list)
    coders_matched: int = 0
    codes_added: int = 0
    codes_matched: int = 0
    variables_added: int = 0
    variables_matched: int = 0
    articles_added: int = 0
    articles_matched: int = 0
    segments_added: int = 0
    segments_unchanged: int = 0
    values_added: int = 0
    values_unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    not_imported: list[NotImported] = field(default_factory=list)
    articles: set[int] = field(default_factory=set)

    @property
    def not_imported_count(self) -> int:
        """How many things the file holds that were not stored (of every kind)."""
        return sum(item.count for item in self.not_imported)

    @property
    def added_anything(self) -> bool:
        """Whether the import stored anything at all."""
        return bool(
            self.coders_added
            or self.codes_added
            or self.variables_added
            or self.articles_added
            or self.segments_added
            or self.values_added
        )

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form."""
        return {
            "file": self.file,
            "origin": self.origin,
            "namespace": self.namespace,
            "offsets": {
                "convention": self.convention,
                "evidence": self.convention_evidence,
                "reason": self.convention_reason,
            },
            "coders": {"added": self.coders_added, "matched": self.coders_matched},
            "codes": {"added": self.codes_added, "matched": self.codes_matched},
            "variables": {"added": self.variables_added, "matched": self.variables_matched},
            "articles": {"added": self.articles_added, "matched": self.articles_matched},
            "segments": {"added": self.segments_added, "unchanged": self.segments_unchanged},
            "values": {"added": self.values_added, "unchanged": self.values_unchanged},
            "mismatches": [m.as_json() for m in self.mismatches],
            "conflicts": self.conflicts,
            "not_imported": [item.as_json() for item in self.not_imported],
        }


def _native(path: Path) -> tuple[str, str] | None:
    suffix = path.suffix.lower()
    return next(((what, who) for pattern, what, who in _NATIVE if pattern.match(suffix)), None)


def refi_qda_path(path: Path) -> bool:
    """Whether the command line's `import` should read `path` as REFI-QDA (or refuse it so).

    REFI-QDA suffixes, programs' own project files (refused with what to do), and a .zip that
    holds a project XML (a .qdpx renamed).
    """
    suffix = path.suffix.lower()
    if suffix in SUFFIXES or _native(path) is not None:
        return True
    if suffix != ".zip" or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.lower().endswith(".qde") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_project_file(
    path: Path, limits: ArchiveLimits | None = None, convention: str | None = None
) -> QdpxFile:
    """Read and check a .qdpx, .qde or .qdc file (nothing stored yet); see the module doc.

    `convention` forces the offset convention (one of `OFFSET_CONVENTIONS`) of a file whose
    evidence does not decide it.
    """
    native = _native(path)
    if native is not None:
        what, program = native
        raise QdpxError(
            f"{path}: {what}, not a REFI-QDA exchange file; export it from {program} as a "
            "REFI-QDA project (.qdpx) and import that"
        )
    suffix = path.suffix.lower()
    if suffix not in (*SUFFIXES, ".zip"):
        raise QdpxError(f"{path}: not a REFI-QDA file (.qdpx project or .qdc codebook)")
    if not path.exists():
        raise QdpxError(f"{path}: no such file")
    kind = sniff(path)
    if kind == "folder":
        raise QdpxError(
            f"{path}: a folder, not a file (an unpacked .qdpx?); import the .qdpx archive, or "
            "zip the project XML with its sources/ folder into one"
        )
    if kind == "sqlite":
        raise QdpxError(
            f"{path}: a database (a program's own project file?), not a REFI-QDA file; export "
            "the project as REFI-QDA (.qdpx) from the program that made it"
        )
    if suffix == ".qdc":
        return read_qdc(path)
    if kind == "zip":
        return read_qdpx(path, limits, convention)
    if kind == "xml":
        # A project XML on its own, as a .qde or named .qdpx: whole when its texts are inside.
        return read_qde(path, limits, convention)
    raise QdpxError(
        f"{path}: neither a zip archive nor XML, so no REFI-QDA file; a .qdpx is a zip "
        "archive exported by a QDA program"
    )


def import_project_file(
    database: ProjectDatabase,
    path: Path,
    limits: ArchiveLimits | None = None,
    convention: str | None = None,
) -> QdpxImportReport:
    """Read and check a REFI-QDA file, back an SQLite project up, store in one transaction.

    A refused file makes no backup and changes nothing (see the module doc).
    """
    parsed = read_project_file(path, limits, convention)
    backup_before(database, "before-qdpx-import")
    return store(database, parsed)


class _Store:
    """One import's work inside its session."""

    def __init__(self, session: Session, parsed: QdpxFile, report: QdpxImportReport) -> None:
        self.session = session
        self.parsed = parsed
        self.report = report
        self.now = utcnow()
        self.coder_of_user: dict[str, int] = {}
        self.coder_by_name: dict[str, int] = {}
        self.code_of: dict[str, int] = {}
        self.group_codes: set[int] = set()
        self.variable_of: dict[str, Variable] = {}
        self.article_of: dict[str, int] = {}
        self.fallback: int | None = None
        info = session.scalars(select(ProjectInfo)).one()
        self.info = info
        self.codable_groups = bool((info.settings or {}).get("codable_groups", False))

    # -- coders --------------------------------------------------------------------------------

    def coders(self) -> None:
        existing = list(self.session.scalars(select(Coder)))
        by_guid = {c.guid.upper(): c for c in existing}
        self.coder_by_name = {c.name: c.id for c in existing}
        # In a project without coders, the file's creating user leads (else its first user).
        lead = (
            (self.parsed.creator or next((u.guid for u in self.parsed.users), None))
            if not existing
            else None
        )
        for user in self.parsed.users:
            coder = by_guid.get(user.guid)
            coder_id = coder.id if coder is not None else self.coder_by_name.get(user.name)
            if coder_id is not None:
                self.report.coders_matched += 1
            else:
                coder_id = self._add_coder(user.name, user.guid, lead=user.guid == lead)
            self.coder_of_user[user.guid] = coder_id

    def _add_coder(self, name: str, guid: str | None = None, lead: bool = False) -> int:
        guid_free = guid is not None and (
            self.session.scalar(select(Coder.id).where(Coder.guid == guid)) is None
        )
        coder = Coder(
            guid=guid if guid_free else new_guid(),
            name=name[:120],
            is_lead=lead,
            created_at=self.now,
        )
        self.session.add(coder)
        self.session.flush()
        self.coder_by_name[coder.name] = coder.id
        self.report.coders_added.append(coder.name)
        return coder.id

    def default_coder(self) -> int:
        if self.parsed.default_user is not None:
            return self.coder_of_user[self.parsed.default_user]
        if self.fallback is None:
            self.fallback = self.coder_by_name.get(FALLBACK_CODER) or self._add_coder(
                FALLBACK_CODER
            )
        return self.fallback

    def coder_named(self, value: str) -> int:
        guid = guid_or_none(value)
        if guid is not None and guid in self.coder_of_user:
            return self.coder_of_user[guid]
        for user in self.parsed.users:
            if user.name == value:
                return self.coder_of_user[user.guid]
        return self.coder_by_name.get(value) or self._add_coder(value)

    # -- codebook ------------------------------------------------------------------------------

    def codes(self) -> None:
        spec = self.parsed.codebook
        existing = list(self.session.scalars(select(Code)))
        if not existing and spec.codes:
            self.codable_groups = spec.codable_groups
            self.info.settings = {
                **(self.info.settings or {}),
                "codable_groups": spec.codable_groups,
            }
        by_guid = {c.guid.upper(): c for c in existing}
        children: dict[int | None, list[Code]] = {}
        for code in sorted(existing, key=lambda c: (c.position, c.id)):
            children.setdefault(code.parent_id, []).append(code)
        by_path: dict[tuple[str, ...], Code] = {}

        def index(parent: int | None, path: tuple[str, ...]) -> None:
            for code in children.get(parent, []):
                by_path[(*path, code.name)] = code
                index(code.id, (*path, code.name))

        index(None, ())
        keys = {c.shortcut for c in existing if c.shortcut}
        words = set(self.session.scalars(select(DictionaryWord.word)))
        used: set[int] = set()

        def place(specs: list[CodeSpec], parent_id: int | None, path: tuple[str, ...]) -> None:
            siblings = children.get(parent_id, [])
            position = max((c.position for c in siblings), default=-1) + 1
            for spec_code in specs:
                here = (*path, spec_code.name)
                guid = (spec_code.guid or "").upper()
                code = by_guid.get(guid) or by_path.get(here)
                if code is not None and code.id not in used:
                    self.report.codes_matched += 1
                else:
                    code = self._add_code(spec_code, parent_id, position, guid, by_guid, keys)
                    position += 1
                    self.report.codes_added += 1
                    for word in spec_code.keywords:
                        word = word.strip()
                        if 1 < len(word) <= 100 and word not in words:
                            self.session.add(DictionaryWord(word=word, source="codebook"))
                            words.add(word)
                used.add(code.id)
                self.code_of[guid] = code.id
                place(spec_code.children, code.id, here)

        place(spec.codes, None, ())
        parents = set(
            self.session.scalars(select(Code.parent_id).where(Code.parent_id.is_not(None)))
        )
        self.group_codes = {int(p) for p in parents if p is not None}

    def _add_code(
        self,
        spec: CodeSpec,
        parent_id: int | None,
        position: int,
        guid: str,
        by_guid: dict[str, Code],
        keys: set[str],
    ) -> Code:
        key = spec.key if spec.key and spec.key not in keys else None
        if key:
            keys.add(key)
        code = Code(
            guid=guid if guid and guid not in by_guid else new_guid(),
            parent_id=parent_id,
            position=position,
            name=spec.name,
            name_en=spec.name_en,
            color=spec.color,
            shortcut=key,
            definition=spec.definition,
            include_rule=spec.include,
            exclude_rule=spec.exclude,
            examples=list(spec.examples),
            keywords=list(spec.keywords),
            retired=spec.retired,
            created_at=self.now,
        )
        self.session.add(code)
        self.session.flush()
        by_guid[code.guid] = code
        return code

    def variables(self) -> None:
        wanted = [v for v in self.parsed.variables if not v.reserved]
        specs: list[VariableSpec] = [v.spec for v in wanted]
        problems = validate(CodebookSpec(variables=specs))
        if problems:
            shown = "; ".join(str(p) for p in problems[:5])
            raise QdpxError(f"{self.parsed.path}: variables that cannot be used: {shown}")
        existing = list(self.session.scalars(select(Variable)))
        by_guid = {v.guid.upper(): v for v in existing}
        by_name = {v.name: v for v in existing}
        position = max((v.position for v in existing), default=-1) + 1
        for variable_in in wanted:
            variable = by_guid.get(variable_in.guid) or by_name.get(variable_in.name)
            if variable is not None:
                self.report.variables_matched += 1
            else:
                spec = variable_in.spec
                variable = Variable(
                    guid=variable_in.guid,
                    name=spec.name,
                    label=spec.label,
                    label_en=spec.label_en,
                    description=spec.description,
                    level=spec.level,
                    required=spec.required,
                    minimum=spec.minimum,
                    maximum=spec.maximum,
                    position=position,
                    retired=spec.retired,
                )
                variable.choices = [
                    VariableChoice(
                        guid=new_guid(),
                        value=c.value,
                        label=c.label,
                        label_en=c.label_en,
                        position=i,
                    )
                    for i, c in enumerate(spec.values)
                ]
                self.session.add(variable)
                self.session.flush()
                position += 1
                by_name[variable.name] = variable
                self.report.variables_added += 1
            self.variable_of[variable_in.guid] = variable

    # -- articles ------------------------------------------------------------------------------

    def articles(self) -> None:
        rows: list[dict[str, Any]] = []
        stored: dict[str, int] = {}  # content hash -> id of the articles added
        fresh: list[SourceIn] = []
        texts_differ: set[str] = set()
        batch_id: int | None = None
        hashes_seen: dict[str, str] = {}
        digests = {source.guid: content_hash(source.text) for source in self.parsed.sources}
        by_guid: dict[str, tuple[int, str]] = {}
        by_hash: dict[str, tuple[int, str]] = {}
        for chunk in chunks(list(digests), _CHUNK):
            for article_id, guid, digest in self.session.execute(
                select(Article.id, Article.guid, Article.content_hash).where(
                    Article.guid.in_(chunk)
                )
            ):
                by_guid[str(guid).upper()] = (int(article_id), str(digest))
        for chunk in chunks(sorted(set(digests.values())), _CHUNK):
            for article_id, digest in self.session.execute(
                select(Article.id, Article.content_hash)
                .where(Article.content_hash.in_(chunk))
                .order_by(Article.id.desc())
            ):
                by_hash[str(digest)] = (int(article_id), str(digest))  # the first id wins
        for source in self.parsed.sources:
            digest = digests[source.guid]
            found = by_guid.get(source.guid) or by_hash.get(digest)
            if found is not None:
                self.article_of[source.guid] = int(found[0])
                self.report.articles_matched += 1
                if found[1] != digest:
                    texts_differ.add(source.guid)
                continue
            if digest in hashes_seen:  # the same text twice in one file: one article
                fresh.append(source)
                continue
            hashes_seen[digest] = source.guid
            if batch_id is None:
                batch = ImportBatch(
                    guid=new_guid(), started_at=self.now, sources=[str(self.parsed.path)]
                )
                self.session.add(batch)
                self.session.flush()
                batch_id = batch.id
            rows.append(self._article_row(source, batch_id))
            fresh.append(source)
            if len(rows) >= _ARTICLE_CHUNK:
                stored.update(self._insert_articles(rows))
                rows = []
        if rows:
            stored.update(self._insert_articles(rows))
        if stored:
            stored_batch = self.session.get(ImportBatch, batch_id)
            assert stored_batch is not None
            stored_batch.finished_at = utcnow()
            stored_batch.imported = len(stored)
            for source in fresh:
                self.article_of[source.guid] = stored[digests[source.guid]]
        for source in self.parsed.sources:
            if source.guid in texts_differ:
                for selection in source.selections:
                    self.report.mismatches.append(
                        Mismatch(
                            source.name or source.guid,
                            selection.guid,
                            selection.line,
                            f"the project's article {self.article_of[source.guid]} (same GUID) "
                            "has another text; the selection's offsets would not fit it",
                        )
                    )
                source.selections = []

    def _insert_articles(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        """Insert and index a chunk of new articles; their ids by content hash."""
        # A Core insert on the table: the ORM's bulk insert groups the rows by which columns
        # are None and splices the RETURNING results back into parameter order group by
        # group, quadratic in the number of groups (4 s for 10,000 articles). Every row names
        # every column and the ones that may be None (outlet, dates, author, editor, url,
        # search_text) have no default, so both store the same. In chunks: a row holds the
        # text three times (raw, cleaned, folded for search), too much to hold for them all.
        table = Article.__table__
        assert isinstance(table, Table)
        ids = (
            self.session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            )
            .scalars()
            .all()
        )
        index_articles(
            self.session.connection(),
            ((i, row["search_text"] or row["text"]) for i, row in zip(ids, rows, strict=True)),
        )
        self.report.articles_added += len(rows)
        self.report.articles.update(int(i) for i in ids)
        return {row["content_hash"]: int(i) for i, row in zip(ids, rows, strict=True)}

    def _article_row(self, source: SourceIn, batch_id: int) -> dict[str, Any]:
        meta = source.metadata
        document = RawDocument(
            source=f"{self.parsed.path}#{source.member}",
            raw_text=source.raw_text,
            encoding=source.encoding,
            fmt="qdpx",
            title=meta.get("articoder:title") or source.name or None,
            outlet=meta.get("articoder:outlet"),
            published=meta.get("articoder:published"),
            author=meta.get("articoder:author"),
            url=meta.get("articoder:url"),
        )
        cleaned = Cleaned(source.text, tuple(source.edits), tuple(mojibake_flags(source.text)))
        row = build_article_row(document, cleaned, batch_id)
        # Not taken: an article with this GUID would have been matched instead.
        row["guid"] = source.guid
        if self.parsed.ours:
            # Our own file names every column: take them as they are, guessing none.
            for name in METADATA:
                column, value = COLUMN[name], meta.get(name)
                if column == "published":
                    row[column] = parse_date(value) if value else None
                elif column == "extra":
                    row[column] = _extra(value)
                elif column == "title":
                    row[column] = (value or source.name or row["title"])[:500]
                else:
                    row[column] = value or None
        for column, limit in _COLUMN_LIMITS.items():
            if isinstance(row[column], str):
                row[column] = row[column][:limit]
        return row

    # -- segments ------------------------------------------------------------------------------

    def segments(self) -> None:
        article_ids = sorted(set(self.article_of.values()))
        stored: dict[str, _SegmentKey] = {}
        keys: set[_SegmentKey] = set()
        for chunk in chunks(article_ids, _CHUNK):
            rows = self.session.execute(
                select(
                    Segment.guid,
                    Segment.article_id,
                    Segment.code_id,
                    Segment.coder_id,
                    Segment.start,
                    Segment.end,
                ).where(Segment.article_id.in_(chunk))
            )
            for guid, article, code, coder, start, end in rows:
                stored_key = (int(article), int(code), int(coder), int(start), int(end))
                stored[str(guid).upper()] = stored_key
                keys.add(stored_key)
        wanted: list[tuple[str, dict[str, Any]]] = []
        version = self.info.codebook_version
        for source in self.parsed.sources:
            article_id = self.article_of.get(source.guid)
            if article_id is None:
                continue
            for selection in source.selections:
                for coding in selection.codings:
                    guid = selection.guid if len(selection.codings) == 1 else coding.guid
                    code_id = self.code_of[coding.code_guid]
                    coder_id = (
                        self.coder_of_user[coding.user_guid]
                        if coding.user_guid is not None
                        else self.default_coder()
                    )
                    key = (article_id, code_id, coder_id, selection.start, selection.end)
                    if guid in stored:
                        if stored[guid] != key:
                            self.report.conflicts.append(
                                f"segment {guid} ({source.name or source.guid}): the project "
                                "holds a segment with this GUID on another span, code or "
                                "coder; the project's is kept"
                            )
                        else:
                            self.report.segments_unchanged += 1
                        continue
                    if key in keys:
                        self.report.segments_unchanged += 1
                        continue
                    memo_problem = typed_text_problem(coding.memo, "its memo", MEMO_LIMIT)
                    if memo_problem is not None:  # a server would refuse the whole import
                        self.report.mismatches.append(
                            Mismatch(source.name or source.guid, guid, selection.line, memo_problem)
                        )
                        continue
                    if code_id in self.group_codes and not self.codable_groups:
                        self.report.mismatches.append(
                            Mismatch(
                                source.name or source.guid,
                                guid,
                                selection.line,
                                "its code groups other codes and this project codes only "
                                "codes without children",
                            )
                        )
                        continue
                    keys.add(key)
                    stored[guid] = key
                    wanted.append(
                        (
                            guid,
                            {
                                "article_id": article_id,
                                "code_id": code_id,
                                "coder_id": coder_id,
                                "start": selection.start,
                                "end": selection.end,
                                "text": selection.text,
                                "memo": coding.memo,
                                "codebook_version": version,
                                "created_at": coding.created or self.now,
                                "updated_at": coding.changed or self.now,
                            },
                        )
                    )
        taken: set[str] = set()
        guids = [g for g, _ in wanted]
        for guid_chunk in chunks(guids, _CHUNK):
            taken.update(
                str(g).upper()
                for g in self.session.scalars(
                    select(Segment.guid).where(Segment.guid.in_(guid_chunk))
                )
            )
        segment_rows = [{"guid": g if g not in taken else new_guid(), **r} for g, r in wanted]
        for row_chunk in chunks(segment_rows, _CHUNK):
            self.session.execute(insert(Segment), row_chunk)
        self.report.segments_added = len(segment_rows)
        self.report.articles.update(int(r["article_id"]) for r in segment_rows)

    # -- values --------------------------------------------------------------------------------

    def values(self) -> None:
        items: list[tuple[int, int, str, str, int, str]] = []  # article, coder, var, value...
        for source in self.parsed.sources:
            article_id = self.article_of.get(source.guid)
            if article_id is None:
                continue
            for value in source.values:
                if value.variable_guid in self.variable_of:
                    items.append(
                        (
                            article_id,
                            self.default_coder(),
                            value.variable_guid,
                            value.value,
                            value.line,
                            source.name or source.guid,
                        )
                    )
        for case in self.parsed.cases:
            coder_id = self.coder_named(case.coder) if case.coder else None
            for source_guid in case.source_guids:
                article_id = self.article_of.get(source_guid)
                if article_id is None:
                    continue
                for value in case.values:
                    items.append(
                        (
                            article_id,
                            coder_id if coder_id is not None else self.default_coder(),
                            value.variable_guid,
                            value.value,
                            value.line,
                            case.name or case.guid,
                        )
                    )
        if not items:
            return
        stored: dict[tuple[int, int, int], str] = {}
        for chunk in chunks(sorted({i[0] for i in items}), _CHUNK):
            for article_id, variable_id, coder_id, stored_value in self.session.execute(
                select(
                    VariableValue.article_id,
                    VariableValue.variable_id,
                    VariableValue.coder_id,
                    VariableValue.value,
                ).where(VariableValue.article_id.in_(chunk))
            ):
                stored[(int(article_id), int(variable_id), int(coder_id))] = str(stored_value)
        version = self.info.codebook_version
        rows: list[dict[str, Any]] = []
        for article_id, coder_id, variable_guid, text, line, where in items:
            variable = self.variable_of[variable_guid]
            try:
                checked = check_value(variable, text)
            except CodingError as exc:
                self.report.mismatches.append(Mismatch(where, variable.guid, line, str(exc)))
                continue
            key = (article_id, variable.id, coder_id)
            if key in stored:
                if stored[key] == checked:
                    self.report.values_unchanged += 1
                else:
                    self.report.conflicts.append(
                        f"value of {variable.name!r} for article {article_id} ({where}): the "
                        f"project holds {stored[key]!r}, the file {checked!r}; the project's "
                        "is kept"
                    )
                continue
            stored[key] = checked
            rows.append(
                {
                    "guid": new_guid(),
                    "article_id": article_id,
                    "variable_id": variable.id,
                    "coder_id": coder_id,
                    "value": checked,
                    "codebook_version": version,
                    "created_at": self.now,
                    "updated_at": self.now,
                }
            )
        for row_chunk in chunks(rows, _CHUNK):
            self.session.execute(insert(VariableValue), row_chunk)
        self.report.values_added = len(rows)
        self.report.articles.update(row["article_id"] for row in rows)


def _extra(value: str | None) -> dict[str, Any]:
    if not value:
        return {}
    try:
        loaded = json.loads(value)
    except ValueError:
        return {"qdpx": value}
    return loaded if isinstance(loaded, dict) else {"qdpx": value}


def store(database: ProjectDatabase, parsed: QdpxFile) -> QdpxImportReport:
    """Store a checked file in one transaction (see the module doc); the report says what."""
    report = QdpxImportReport(
        str(parsed.path), origin=parsed.origin, namespace=namespace_text(parsed.namespace)
    )
    if parsed.choice is not None:
        report.convention = parsed.choice.convention
        report.convention_evidence = parsed.choice.evidence
        report.convention_reason = parsed.choice.reason
    report.mismatches.extend(parsed.mismatches)
    report.not_imported.extend(parsed.not_imported)
    with database.session() as session:
        work = _Store(session, parsed, report)
        work.coders()
        work.codes()
        work.variables()
        if report.codes_added or report.variables_added:
            work.info.codebook_version += 1
        work.articles()
        work.segments()
        work.values()
        if report.added_anything:
            session.add(
                Event(
                    guid=new_guid(),
                    at=utcnow(),
                    action="qdpx-import",
                    entity="project",
                    payload={
                        "file": str(parsed.path),
                        "articles": report.articles_added,
                        "codes": report.codes_added,
                        "segments": report.segments_added,
                        "values": report.values_added,
                        "mismatches": len(report.mismatches),
                    },
                )
            )
    return report


def count_rows(database: ProjectDatabase) -> dict[str, int]:
    """How many rows each table a .qdpx import touches holds (tests and reports)."""
    tables = {
        "articles": Article,
        "codes": Code,
        "coders": Coder,
        "variables": Variable,
        "segments": Segment,
        "values": VariableValue,
        "events": Event,
    }
    with database.session() as session:
        return {
            name: int(session.scalar(select(func.count()).select_from(entity)) or 0)
            for name, entity in tables.items()
        }


def import_into(
    target: str | Path,
    path: Path,
    limits: ArchiveLimits | None = None,
    convention: str | None = None,
) -> QdpxImportReport:
    """Import a REFI-QDA file into the project at `target`, creating it if there is none.

    The file is read and checked before the project is opened, so a refused file creates or
    changes nothing; an existing SQLite project is backed up first (models.backups); a project
    created here and left unfinished by an error is removed again.
    """
    parsed = read_project_file(path, limits, convention)
    url = to_url(target)
    file = sqlite_path(url)
    created = False
    if file is not None and not file.exists():
        database = create_project(file)
        created = True
    else:
        try:
            database = open_project(target)
        except ProjectError:
            if file is not None:
                raise
            database = create_project(target)  # an empty server database: a new project
            created = True
        if file is not None:
            make_backup(file, "before-qdpx-import")
    try:
        return store(database, parsed)
    except BaseException:
        database.close()
        if created and file is not None:
            for leftover in (file, Path(f"{file}-wal"), Path(f"{file}-shm")):
                leftover.unlink(missing_ok=True)
        raise
    finally:
        database.close()


def report_lines(report: QdpxImportReport, limit: int | None = 20) -> list[str]:
    """The report for people: what was added, the offsets convention, what was not taken.

    At most `limit` items of each list (None: all of them, as the window's details show).
    """
    lines = [
        f"{report.file} ({report.origin or 'unknown origin'}; {report.namespace}): "
        f"{report.articles_added} articles added, {report.articles_matched} already here; "
        f"{report.segments_added} segments added, {report.segments_unchanged} already here; "
        f"{report.values_added} values added; {report.codes_added} codes, "
        f"{report.variables_added} variables and {len(report.coders_added)} coders added.",
    ]
    if report.convention:
        lines.append(f"  offsets: {report.convention} ({report.convention_reason})")
    if report.mismatches:
        lines.append(f"  {len(report.mismatches)} selections or values NOT imported:")
        lines.extend(
            f"    {m.source}, line {m.line}, {m.guid}: {m.reason}"
            for m in report.mismatches[:limit]
        )
        if limit is not None and len(report.mismatches) > limit:
            lines.append(f"    ... and {len(report.mismatches) - limit} more (--json lists all)")
    lines.extend(f"  conflict: {c}" for c in report.conflicts[:limit])
    if report.not_imported:
        lines.append(f"  {report.not_imported_count} things in the file are not imported:")
        lines.extend(f"    {item.text()}" for item in report.not_imported)
    return lines
