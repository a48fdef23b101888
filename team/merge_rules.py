"""The rules for merging one coder file into its project, inside one transaction.

Matching (never by name or id, which differ between files):

- Coders by GUID. A coder renamed in the file or in the project keeps the project's name; the
  rename is reported. A coder GUID the project does not know is added (with " (coder file)"
  after the name if a different coder already has that name).
- Articles by GUID, then by content hash (the sha256 of the cleaned text). An article the
  project no longer has is added back with its texts, so no coding on it is lost.
- Codes and variables by GUID. The codebook is never changed by a merge: differences between
  the file's codebook and the project's are reported (codes and variables added, changed or
  missing), when the file's codebook version shows the coder edited it.

Segments and values, by GUID (values also by article, variable and coder):

- New ones are inserted with the file's GUIDs; stored ones that differ are updated by the
  rule for changed rows below. Nothing is ever deleted on the file's word alone.
- One the project had and no longer has is not inserted again but listed
  (deleted-in-project): a segment whose deletion the project's journal records, or any row
  packaged into this file or stored by an earlier merge (of any file), so deleting merged
  work in the project sticks. Rows of an article the project lost (added back by this
  merge, or matched only by content hash) come back with it, unless journalled as deleted.
- A segment whose code is not in the project (added in the coder file) is not stored: it is
  listed (code-not-in-project) with its code's GUID and name. The coder file keeps it; once
  the lead adopts the code (e.g. `codebook export` from the coder file, `codebook import`
  into the project: codes match by GUID), merging the file again brings the segment in.
  Parking it under a catch-all code instead would store a coding the coder never made.
- An article whose cleaned text differs (same GUID, other hash): each segment is moved
  through a diff of the two texts and stored only where its recorded text lands exactly;
  the rest are listed as text-differs conflicts, never stored shifted.
- A segment of the file's coder that the project has but the file does not: it was deleted
  in the coder file only if the file's own journal says so (a segment-delete, its redo, or
  the undo of the segment-add, naming its GUID; a segment deleted by hand in the file, or a
  file whose journal was lost, proves nothing). Then, unless the project's copy changed since
  the file last had it (by content, as below), it is deleted here too; otherwise it stays
  and is listed. Segments made in
  the project after packaging that the file never knew are not the file's business. A value
  the file no longer has is listed (value-removed-in-coder-file), never deleted: clearing a
  value is not journalled with the value's GUID, so it cannot be proven.
- Changed rows are judged by content against a baseline, never by the lead's clock (a
  coder's clock may run behind, and a coder may send a copy and keep working): the file
  records each of the coder's rows as packaged (`packaged_rows`: digests by GUID), and each
  "merge" event records, under "baseline", the digests of the rows it weighed that differ
  from the baseline it started from [file's copy, project's copy after the merge, the file
  row's updated_at]. For one file (same coder and
  packaging time, so a copy counts as the same file) the latest entry is the baseline.
  "The coder changed it" = the file's row differs from the baseline's file digest; "the
  project changed it" = the project's row differs from its project digest. Only the coder:
  the file's version is stored; only the project: the project's is kept (the lead's later
  edit of merged work is no conflict). Both, or no baseline (files packaged before these
  were recorded): the newer by updated_at wins and the other is listed
  (segment-both-changed, value-both-changed). A file row equal to a version of it weighed
  before (an older copy of the file merged after a newer one) is listed
  (segment-older-in-file, value-older-in-file), not stored. A value the project's variable
  no longer accepts is listed (value-invalid), not stored.
- Assignments: a missing one is added; "done" wins over "todo", with the file's done_at.
- Events from the file are appended once (by GUID), with the coder mapped, except those that
  name a segment this merge did not store (so `articoder check`'s journal replay stays true;
  they come in with the segment on a later merge).

Merging the same file twice stores nothing the second time: every rule above compares
before it writes, and the "merge" event (with its baseline) is journalled only when
something was stored; a merge that stored nothing leaves the baseline as it was, so it
lists the same conflicts again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from codebook.spec import path_text
from coding.segments import CodingError
from coding.values import check_value
from corpus.search import index_articles
from models.entities import (
    Article,
    Assignment,
    Code,
    Coder,
    Event,
    ProjectInfo,
    Segment,
    Variable,
    VariableChoice,
    VariableValue,
    utcnow,
)
from models.ids import new_guid
from models.text_limits import MEMO_LIMIT, typed_text_problem
from team.merge_report import CodebookChange, Conflict, FileReport, Rename

_CHUNK = 900
# Journal actions that take a segment away (as coding.check replays them).
_SEGMENT_DELETES = {"segment-delete", "redo:segment-delete", "undo:segment-add"}
_CONSENSUS = {"consensus-accept", "redo:consensus-accept", "undo:consensus-accept"}
_CODE_FIELDS = (
    "name",
    "name_en",
    "definition",
    "include_rule",
    "exclude_rule",
    "examples",
    "keywords",
    "color",
    "shortcut",
    "retired",
)
_VARIABLE_FIELDS = (
    "name",
    "label",
    "label_en",
    "description",
    "level",
    "required",
    "minimum",
    "maximum",
    "retired",
)
SpanMap = Callable[[int, int, str], tuple[int, int] | None]


@dataclass
class FileContent:
    """A coder file read whole into plain rows (every column, as dicts)."""

    path: str
    marker: dict[str, Any]
    codebook_version: int
    coders: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    codes: list[dict[str, Any]]
    variables: list[dict[str, Any]]
    choices: list[dict[str, Any]]
    segments: list[dict[str, Any]]
    values: list[dict[str, Any]]
    assignments: list[dict[str, Any]]
    events: list[dict[str, Any]]
    # The coder's segments and values as packaged ({"segments": {guid: entry}, "values": ...},
    # see `packaged_rows`); None for a file packaged before these were recorded.
    packaged_rows: dict[str, dict[str, list[str]]] | None = None


def _table(entity: type[Any]) -> Table:
    table = entity.__table__
    assert isinstance(table, Table)
    return table


def _time(value: Any) -> dt.datetime:
    """A stored time as a naive UTC datetime (drivers may give text or a datetime)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    return dt.datetime.fromisoformat(str(value))


def _digest(*fields: Any) -> str:
    text = json.dumps(fields, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def segment_digest(code_guid: Any, start: Any, end: Any, text: Any, memo: Any) -> str:
    """A segment's content as one short hash (its code by GUID, so ids may differ)."""
    return _digest("segment", code_guid, int(start), int(end), text, memo or "")


def value_digest(value: Any) -> str:
    """A value's content as one short hash."""
    return _digest("value", value)


def packaged_rows(
    segments: Iterable[dict[str, Any]],
    values: Iterable[dict[str, Any]],
    code_guids: dict[int, str],
) -> dict[str, dict[str, list[str]]]:
    """The baseline a coder file starts from: each row's digest and time, by GUID.

    An entry is [digest in the file, digest in the project, the file row's updated_at]; at
    packaging both digests are the same. A merge compares each row against its entry by
    content (never by the lead's clock): the file's copy differs -> the coder changed it,
    the project's differs -> the project changed it.
    """
    return {
        "segments": {
            s["guid"]: [
                digest := segment_digest(
                    code_guids.get(s["code_id"]), s["start"], s["end"], s["text"], s["memo"]
                ),
                digest,
                _time(s["updated_at"]).isoformat(),
            ]
            for s in segments
        },
        "values": {
            v["guid"]: [
                value_digest(v["value"]),
                value_digest(v["value"]),
                _time(v["updated_at"]).isoformat(),
            ]
            for v in values
        },
    }


def _by_guid(session: Session, entity: Any, guids: Iterable[str]) -> dict[str, dict[str, Any]]:
    listed = sorted(set(guids))
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(listed), _CHUNK):
        query = select(_table(entity)).where(entity.guid.in_(listed[i : i + _CHUNK]))
        found.update({row["guid"]: dict(row) for row in session.execute(query).mappings()})
    return found


def span_mapper(old: str, new: str) -> SpanMap:
    """A function moving a span of `old` into `new` where its text lands exactly, else None.

    The common beginning and end are matched directly (most changes are local), the middle by
    difflib. A span maps when its start and its last character fall in matching blocks and
    the new text there equals the recorded text.
    """
    if old == new:
        return lambda start, end, text: (start, end) if new[start:end] == text else None
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    blocks: list[tuple[int, int, int]] = [(0, 0, prefix)] if prefix else []
    middle = SequenceMatcher(
        None, old[prefix : len(old) - suffix], new[prefix : len(new) - suffix], autojunk=False
    )
    blocks.extend((a + prefix, b + prefix, n) for a, b, n in middle.get_matching_blocks() if n)
    if suffix:
        blocks.append((len(old) - suffix, len(new) - suffix, suffix))

    def point(position: int) -> int | None:
        for a, b, size in blocks:
            if a <= position < a + size:
                return b + position - a
        return None

    def map_span(start: int, end: int, text: str) -> tuple[int, int] | None:
        first, last = point(start), point(end - 1)
        if first is None or last is None:
            return None
        if new[first : last + 1] != text:
            return None
        return first, last + 1

    return map_span


def _event_segment_guids(payload: Any) -> set[str]:
    """Every segment GUID an event's payload names (segments, after, before lists)."""
    found: set[str] = set()
    if not isinstance(payload, dict):
        return found
    for key in ("segments", "after", "before"):
        items = payload.get(key)
        if isinstance(items, list):
            for item in items:
                if isinstance(item, list) and item and isinstance(item[0], str):
                    found.add(item[0])
    return found


class _Merger:
    """One file's merge: maps file ids to project ids, then applies each rule in turn."""

    def __init__(self, session: Session, content: FileContent) -> None:
        self.session = session
        self.content = content
        self.marker = content.marker
        self.packaged_at = _time(self.marker["packaged_at"])
        info = session.scalars(select(ProjectInfo)).one()
        self.report = FileReport(
            path=content.path,
            coder_guid=str(self.marker["coder_guid"]),
            coder_name=str(self.marker["coder_name"]),
            packaged_at=str(self.marker["packaged_at"]),
            codebook_version_packaged=int(self.marker["codebook_version"]),
            codebook_version_in_file=content.codebook_version,
            codebook_version_in_project=int(info.codebook_version),
        )
        # Per row GUID, its entry as packaged or as this file (coder and packaging time: a
        # copy of the file counts as the same file) was last merged; `merged_before` holds
        # every GUID any earlier merge weighed, from any file.
        self.baseline: dict[str, dict[str, list[str]]] = {"segments": {}, "values": {}}
        self.merged_before: set[str] = set()
        self.seen: dict[str, set[str]] = {}  # row GUID -> every file digest of it weighed before
        self._history()
        self.records: dict[str, dict[str, list[str]]] = {"segments": {}, "values": {}}
        self.fresh_articles: set[int] = set()  # file ids of articles added or matched by hash
        self._deleted_here: set[str] | None = None
        self.coder_ids: dict[int, int] = {}  # file coder id -> project coder id
        self.coder_guids: dict[int, str] = {}
        self.articles: dict[int, tuple[int, str]] = {}  # file id -> (project id, article guid)
        self.span_maps: dict[int, SpanMap] = {}  # file article id -> span mapper
        self.code_ids: dict[int, int] = {}  # file code id -> project code id
        self.variable_ids: dict[int, int] = {}
        self.not_stored: set[str] = set()  # segment GUIDs this merge did not store

    def _history(self) -> None:
        """Load the baseline: the packaged rows, then each earlier merge's, oldest first."""
        packaged = self.content.packaged_rows or {}
        for kind, entries in self.baseline.items():
            entries.update(packaged.get(kind) or {})
            for guid, entry in entries.items():
                self.seen.setdefault(guid, set()).add(entry[0])
        query = (
            select(Event.entity_guid, Event.payload)
            .where(Event.action == "merge", Event.entity == "coder-file")
            .order_by(Event.id)
        )
        for coder_guid, payload in self.session.execute(query).all():
            rows = payload.get("baseline") if isinstance(payload, dict) else None
            if not isinstance(rows, dict):
                continue  # a merge recorded before baselines were: it names no rows
            same_file = (
                coder_guid == self.report.coder_guid
                and payload.get("packaged_at") == self.report.packaged_at
            )
            for kind, entries in self.baseline.items():
                merged = rows.get(kind) or {}
                self.merged_before.update(merged)
                if same_file:
                    entries.update(merged)
                    for guid, entry in merged.items():
                        self.seen.setdefault(guid, set()).add(entry[0])

    def _deleted_in_project(self) -> set[str]:
        """Segment GUIDs the project's journal records taking away (as coding.check replays)."""
        if self._deleted_here is None:
            found: set[str] = set()
            query = select(Event.action, Event.payload).where(
                Event.action.in_([*_SEGMENT_DELETES, *_CONSENSUS])
            )
            for action, payload in self.session.execute(query).all():
                if action in _SEGMENT_DELETES:
                    found |= _event_segment_guids(payload)
                elif isinstance(payload, dict):
                    key = "after" if action.startswith("undo:") else "before"
                    found |= _event_segment_guids({key: payload.get(key)})
            self._deleted_here = found
        return self._deleted_here

    def _gone_from_project(self, kind: str, guid: str, file_article_id: int) -> bool:
        """Whether the project had this row and no longer has it: deleted there, not new.

        Proof: the project's journal records deleting it, an earlier merge stored it, or the
        file was packaged with it. An article the project lost (added back by this merge, or
        matched only by its text) took its rows with it: those come back unless journalled.
        """
        if kind == "segments" and guid in self._deleted_in_project():
            return True
        if file_article_id in self.fresh_articles:
            return False
        return guid in self.merged_before or guid in self.baseline[kind]

    def _record(self, kind: str, guid: str, file_digest: str, project_digest: str, at: Any) -> None:
        """Remember a row as weighed by this merge (journalled with the merge event)."""
        self.records[kind][guid] = [file_digest, project_digest, _time(at).isoformat()]

    # -- coders, articles, codebook ---------------------------------------------------------

    def coders(self) -> None:
        stored = _by_guid(self.session, Coder, (c["guid"] for c in self.content.coders))
        for row in self.content.coders:
            self.coder_guids[row["id"]] = row["guid"]
            known = stored.get(row["guid"])
            if known is not None:
                self.coder_ids[row["id"]] = known["id"]
                if known["name"] != row["name"]:
                    self.report.renames.append(
                        Rename(row["guid"], known["name"], row["name"], known["name"])
                    )
                if row["guid"] == self.report.coder_guid:
                    self.report.coder_name = known["name"]
                continue
            name = row["name"]
            if self.session.scalar(select(Coder.id).where(Coder.name == name)) is not None:
                name = f"{name} (coder file)"
            coder = Coder(guid=row["guid"], name=name, is_lead=False, created_at=row["created_at"])
            self.session.add(coder)
            self.session.flush()
            self.coder_ids[row["id"]] = coder.id
            self.report.coders_added.append(name)

    def articles_in(self) -> None:
        rows = self.content.articles
        by_guid = _by_guid(self.session, Article, (a["guid"] for a in rows))
        missing = [a for a in rows if a["guid"] not in by_guid]
        by_hash: dict[str, dict[str, Any]] = {}
        hashes = sorted({a["content_hash"] for a in missing})
        for i in range(0, len(hashes), _CHUNK):
            query = select(_table(Article)).where(Article.content_hash.in_(hashes[i : i + _CHUNK]))
            for found in self.session.execute(query.order_by(Article.id)).mappings():
                by_hash.setdefault(found["content_hash"], dict(found))
        for row in rows:
            project = by_guid.get(row["guid"])
            if project is not None:
                self.report.articles_by_guid += 1
            elif (project := by_hash.get(row["content_hash"])) is not None:
                self.report.articles_by_hash += 1
                self.fresh_articles.add(row["id"])
            else:
                self.fresh_articles.add(row["id"])
                fresh = {k: v for k, v in row.items() if k not in ("id", "batch_id")}
                new_id = self.session.execute(
                    insert(_table(Article)).returning(Article.id), [fresh]
                ).scalar_one()
                index_articles(
                    self.session.connection(), [(new_id, row["search_text"] or row["text"])]
                )
                self.report.articles_added.append(row["guid"])
                project = {**fresh, "id": new_id}
            self.articles[row["id"]] = (int(project["id"]), str(project["guid"]))
            if project["content_hash"] != row["content_hash"]:
                self.report.articles_text_differs.append(row["guid"])
            self.span_maps[row["id"]] = span_mapper(row["text"], project["text"])

    def _code_path(self, rows: dict[int, dict[str, Any]], code: dict[str, Any]) -> str:
        names: list[str] = []
        current: dict[str, Any] | None = code
        while current is not None:
            names.insert(0, str(current["name"]))
            current = rows.get(current["parent_id"]) if current["parent_id"] else None
        return path_text(tuple(names))

    def codebook(self) -> None:
        edited = self.report.codebook_edited_in_file
        changes = self.report.codebook_changes
        file_codes = {c["id"]: c for c in self.content.codes}
        project_codes = {c["id"]: c for c in (dict(r) for r in self._all(Code))}
        project_by_guid = {c["guid"]: c for c in project_codes.values()}
        file_guid = {c["id"]: c["guid"] for c in file_codes.values()}
        project_guid = {c["id"]: c["guid"] for c in project_codes.values()}
        for code in file_codes.values():
            project = project_by_guid.get(code["guid"])
            path = self._code_path(file_codes, code)
            if project is None:
                changes.append(CodebookChange("code-added", code["guid"], path))
                continue
            self.code_ids[code["id"]] = project["id"]
            if not edited:
                continue  # the file's codebook is as packaged: differences are the project's
            fields = {
                name: [project[name], code[name]]
                for name in _CODE_FIELDS
                if project[name] != code[name]
            }
            parent_in_file = file_guid.get(code["parent_id"]) if code["parent_id"] else None
            parent_here = project_guid.get(project["parent_id"]) if project["parent_id"] else None
            if parent_in_file != parent_here:
                fields["parent"] = [parent_here, parent_in_file]
            if fields:
                changes.append(CodebookChange("code-changed", code["guid"], path, fields))
        if edited:
            in_file = {c["guid"] for c in file_codes.values()}
            for project in project_codes.values():
                if project["guid"] not in in_file and _time(project["created_at"]) <= (
                    self.packaged_at
                ):
                    path = self._code_path(project_codes, project)
                    changes.append(CodebookChange("code-missing", project["guid"], path))
        self._variables(edited)

    def _all(self, entity: Any) -> Sequence[Any]:
        return self.session.execute(select(_table(entity))).mappings().all()

    def _variables(self, edited: bool) -> None:
        changes = self.report.codebook_changes
        project = {v["guid"]: dict(v) for v in self._all(Variable)}
        choices: dict[int, list[tuple[str, str]]] = {}
        for choice in self._choice_rows():
            choices.setdefault(choice[0], []).append((choice[1], choice[2]))
        file_choices: dict[int, list[tuple[str, str]]] = {}
        for row in sorted(self.content.choices, key=lambda c: (c["position"], c["id"])):
            file_choices.setdefault(row["variable_id"], []).append((row["value"], row["label"]))
        for variable in self.content.variables:
            here = project.get(variable["guid"])
            if here is None:
                changes.append(CodebookChange("variable-added", variable["guid"], variable["name"]))
                continue
            self.variable_ids[variable["id"]] = here["id"]
            if not edited:
                continue
            fields = {
                name: [here[name], variable[name]]
                for name in _VARIABLE_FIELDS
                if here[name] != variable[name]
            }
            mine, theirs = choices.get(here["id"], []), file_choices.get(variable["id"], [])
            if mine != theirs:
                fields["choices"] = [[list(c) for c in mine], [list(c) for c in theirs]]
            if fields:
                changes.append(
                    CodebookChange("variable-changed", variable["guid"], variable["name"], fields)
                )
        if edited:
            in_file = {v["guid"] for v in self.content.variables}
            for guid, here in project.items():
                if guid not in in_file:
                    changes.append(CodebookChange("variable-missing", guid, here["name"]))

    def _choice_rows(self) -> list[tuple[int, str, str]]:
        query = select(VariableChoice.variable_id, VariableChoice.value, VariableChoice.label)
        rows = self.session.execute(query.order_by(VariableChoice.position, VariableChoice.id))
        return [(int(v), str(value), str(label)) for v, value, label in rows]

    # -- segments ---------------------------------------------------------------------------

    def _conflict(
        self,
        kind: str,
        article_guid: str,
        guid: str,
        message: str,
        file: dict[str, Any] | None = None,
        project: dict[str, Any] | None = None,
    ) -> None:
        self.report.conflicts.append(
            Conflict(kind, article_guid, guid, message, file or {}, project or {})
        )

    def _segment_view(self, row: dict[str, Any], code_guid: str | None) -> dict[str, Any]:
        return {
            "code_guid": code_guid,
            "start": row["start"],
            "end": row["end"],
            "text": row["text"],
            "memo": row["memo"],
            "updated_at": _time(row["updated_at"]).isoformat(),
        }

    def segments(self) -> None:
        tally = self.report.segments
        file_codes = {c["id"]: c for c in self.content.codes}
        project_code_guids = dict(self.session.execute(select(Code.id, Code.guid)).all())
        stored = _by_guid(self.session, Segment, (s["guid"] for s in self.content.segments))
        inserts: list[dict[str, Any]] = []
        for row in self.content.segments:
            guid = row["guid"]
            article_id, article_guid = self.articles[row["article_id"]]
            coder_id = self.coder_ids[row["coder_id"]]
            file_code = file_codes.get(row["code_id"], {})
            view = self._segment_view(row, file_code.get("guid"))
            code_id = self.code_ids.get(row["code_id"])
            if code_id is None:
                self.not_stored.add(guid)
                self._conflict(
                    "code-not-in-project",
                    article_guid,
                    guid,
                    f"its code {self._code_path(file_codes, file_code)!r} was added in the coder "
                    "file; adopt the code into the project's codebook, then merge again",
                    file=view,
                )
                continue
            mapped = self.span_maps[row["article_id"]](row["start"], row["end"], row["text"])
            if mapped is None:
                self.not_stored.add(guid)
                self._conflict(
                    "text-differs",
                    article_guid,
                    guid,
                    "the article's text differs from the project's and the segment's text "
                    "does not land there exactly; not stored",
                    file=view,
                )
                continue
            start, end = mapped
            here = stored.get(guid)
            file_digest = segment_digest(
                file_code.get("guid"), row["start"], row["end"], row["text"], row["memo"]
            )
            stored_digest = segment_digest(
                file_code.get("guid"), start, end, row["text"], row["memo"]
            )
            if here is None and self._gone_from_project("segments", guid, row["article_id"]):
                self.not_stored.add(guid)
                self._conflict(
                    "deleted-in-project",
                    article_guid,
                    guid,
                    "the project had this segment and it was deleted there (or by an earlier "
                    "merge); not stored again",
                    file=view,
                )
                continue
            memo_problem = typed_text_problem(row["memo"] or "", "its memo", MEMO_LIMIT)
            if memo_problem is not None:  # listed, and kept in the coder file to shorten there
                self._conflict("memo-too-long", article_guid, guid, memo_problem)
                continue
            if here is None:
                self._record("segments", guid, file_digest, stored_digest, row["updated_at"])
                inserts.append(
                    {
                        "guid": guid,
                        "article_id": article_id,
                        "code_id": code_id,
                        "coder_id": coder_id,
                        "start": start,
                        "end": end,
                        "text": row["text"],
                        "memo": row["memo"],
                        "codebook_version": row["codebook_version"],
                        "created_at": row["created_at"],
                        "updated_at": row["updated_at"],
                    }
                )
                tally.added.append(guid)
                continue
            if here["coder_id"] != coder_id or here["article_id"] != article_id:
                self.not_stored.add(guid)
                self._conflict(
                    "coder-mismatch",
                    article_guid,
                    guid,
                    "the project holds this segment GUID for another coder or article; not stored",
                    file=view,
                )
                continue
            project_digest = segment_digest(
                project_code_guids.get(here["code_id"]),
                here["start"],
                here["end"],
                here["text"],
                here["memo"],
            )
            wanted = (code_id, start, end, row["text"], row["memo"])
            if (here["code_id"], here["start"], here["end"], here["text"], here["memo"]) == wanted:
                tally.unchanged += 1
                self._record("segments", guid, file_digest, project_digest, row["updated_at"])
                continue
            project_view = self._segment_view(here, project_code_guids.get(here["code_id"]))
            winner = self._weigh(
                "segment",
                (row, file_digest),
                (here, project_digest),
                article_guid,
                view,
                project_view,
            )
            if winner == "file":
                self._record("segments", guid, file_digest, stored_digest, row["updated_at"])
                self.session.execute(
                    update(Segment)
                    .where(Segment.id == here["id"])
                    .values(
                        code_id=code_id,
                        start=start,
                        end=end,
                        text=row["text"],
                        memo=row["memo"],
                        codebook_version=row["codebook_version"],
                        updated_at=row["updated_at"],
                    )
                )
                tally.updated.append(guid)
            else:
                tally.unchanged += 1
        if inserts:
            self.session.execute(insert(Segment), inserts)
        self._removed_segments(project_code_guids)

    def _weigh(
        self,
        what: str,
        file: tuple[dict[str, Any], str],
        project: tuple[dict[str, Any], str],
        article_guid: str,
        view: dict[str, Any],
        project_view: dict[str, Any],
    ) -> str:
        """Which copy wins, "file" or "project", judged by content against the baseline.

        Changed = differs from the row as packaged or as this file was last merged (no
        wall clock compared). Only the file changed: the file's copy. Only the project:
        the project's. Both (or no baseline known): the newer wins and the other is listed.
        A file copy that is a version weighed before (an older copy of the file) is listed.
        """
        (row, file_digest), (here, project_digest) = file, project
        kind = f"{what}s"
        guid = str(row["guid"])
        base = self.baseline[kind].get(guid)
        project_base = base if base is not None else self.baseline[kind].get(here["guid"])
        file_changed = base is None or file_digest != base[0]
        project_changed = project_base is None or project_digest != project_base[1]
        if not file_changed:
            assert base is not None
            self.records[kind][guid] = base  # still as last weighed: the project's change stands
            return "project"
        if file_digest in self.seen.get(guid, ()):
            self._conflict(
                f"{what}-older-in-file",
                article_guid,
                guid,
                f"the coder file holds an older version of this {what} than one merged "
                "before (an older copy of the file?); the project's was kept, the coder "
                "file's is listed here",
                file=view,
                project=project_view,
            )
            return "project"
        if not project_changed:
            return "file"  # only the coder changed it
        self._record(kind, guid, file_digest, project_digest, row["updated_at"])
        if _time(row["updated_at"]) > _time(here["updated_at"]):
            self._conflict(
                f"{what}-both-changed",
                article_guid,
                guid,
                f"the {what} was changed in the project and in the coder file; the coder "
                "file's newer version was stored, the project's is listed here",
                file=view,
                project=project_view,
            )
            return "file"
        self._conflict(
            f"{what}-both-changed",
            article_guid,
            guid,
            f"the {what} was changed in the project and in the coder file; the project's "
            "newer version was kept, the coder file's is listed here",
            file=view,
            project=project_view,
        )
        return "project"

    def _removed_segments(self, project_code_guids: dict[int, str]) -> None:
        coder_id = next(
            (self.coder_ids[i] for i, g in self.coder_guids.items() if g == self.report.coder_guid),
            None,
        )
        if coder_id is None:
            return
        article_guids = {project_id: guid for project_id, guid in self.articles.values()}
        in_file = {s["guid"] for s in self.content.segments}
        deleted_at: dict[str, dt.datetime] = {}
        for event in self.content.events:
            if event["action"] in _SEGMENT_DELETES:
                for guid in _event_segment_guids(event["payload"]):
                    deleted_at[guid] = _time(event["at"])
        ids = sorted(article_guids)
        for i in range(0, len(ids), _CHUNK):
            query = select(_table(Segment)).where(
                Segment.coder_id == coder_id, Segment.article_id.in_(ids[i : i + _CHUNK])
            )
            for here in self.session.execute(query).mappings().all():
                guid = here["guid"]
                when = deleted_at.get(guid)
                if guid in in_file:
                    continue
                base = self.baseline["segments"].get(guid)
                if when is None and (
                    base is None
                    if self.content.packaged_rows is not None
                    else _time(here["created_at"]) > self.packaged_at
                ):
                    continue  # made in the project after packaging: not the file's business
                article_guid = article_guids[here["article_id"]]
                code_guid = project_code_guids.get(here["code_id"])
                view = self._segment_view(dict(here), code_guid)
                if base is not None:  # by content: the project's copy as the file last had it
                    unchanged_here = base[1] == segment_digest(
                        code_guid, here["start"], here["end"], here["text"], here["memo"]
                    )
                else:  # a file packaged before baselines were recorded: by time
                    unchanged_here = when is not None and _time(here["updated_at"]) <= when
                if when is not None and unchanged_here:
                    self.session.execute(delete(Segment).where(Segment.id == here["id"]))
                    self.report.segments_removed.append(guid)
                    continue
                reason = (
                    "it was changed in the project since the coder file last had it; kept"
                    if when is not None
                    else "the coder file's journal does not record deleting it; kept"
                )
                self._conflict("removed-in-coder-file", article_guid, guid, reason, project=view)

    # -- values, assignments, events --------------------------------------------------------

    def values(self) -> None:
        tally = self.report.values
        variables = {v["id"]: v for v in self.content.variables}
        stored = _by_guid(self.session, VariableValue, (v["guid"] for v in self.content.values))
        in_file: set[tuple[int, int, int]] = set()
        for row in self.content.values:
            guid = row["guid"]
            article_id, article_guid = self.articles[row["article_id"]]
            coder_id = self.coder_ids[row["coder_id"]]
            variable_name = str(variables.get(row["variable_id"], {}).get("name", "?"))
            view = {
                "variable": variable_name,
                "value": row["value"],
                "updated_at": _time(row["updated_at"]).isoformat(),
            }
            variable_id = self.variable_ids.get(row["variable_id"])
            if variable_id is None:
                self._conflict(
                    "variable-not-in-project",
                    article_guid,
                    guid,
                    f"variable {variable_name!r} was added in the coder file; not stored",
                    file=view,
                )
                continue
            key = (article_id, variable_id, coder_id)
            in_file.add(key)
            here = stored.get(guid)
            if here is None or (here["article_id"], here["variable_id"], here["coder_id"]) != key:
                found = (
                    self.session.execute(
                        select(_table(VariableValue)).where(
                            VariableValue.article_id == article_id,
                            VariableValue.variable_id == variable_id,
                            VariableValue.coder_id == coder_id,
                        )
                    )
                    .mappings()
                    .first()
                )
                here = dict(found) if found is not None else None
            variable = self.session.get(Variable, variable_id)
            assert variable is not None
            try:
                value = check_value(variable, str(row["value"]))
            except CodingError as exc:
                self._conflict("value-invalid", article_guid, guid, f"{exc}; not stored", view)
                continue
            file_digest, stored_digest = value_digest(row["value"]), value_digest(value)
            if here is None and self._gone_from_project("values", guid, row["article_id"]):
                self._conflict(
                    "deleted-in-project",
                    article_guid,
                    guid,
                    "the project had this value and it was cleared there (or by an earlier "
                    "merge); not stored again",
                    file=view,
                )
                continue
            if here is None:
                self._record("values", guid, file_digest, stored_digest, row["updated_at"])
                taken = guid in stored
                self.session.execute(
                    insert(VariableValue),
                    [
                        {
                            "guid": new_guid() if taken else guid,
                            "article_id": article_id,
                            "variable_id": variable_id,
                            "coder_id": coder_id,
                            "value": value,
                            "codebook_version": row["codebook_version"],
                            "created_at": row["created_at"],
                            "updated_at": row["updated_at"],
                        }
                    ],
                )
                tally.added.append(guid)
                continue
            project_digest = value_digest(here["value"])
            if here["value"] == value:
                tally.unchanged += 1
                self._record("values", guid, file_digest, project_digest, row["updated_at"])
                continue
            project_view = {**view, "value": here["value"]}
            project_view["updated_at"] = _time(here["updated_at"]).isoformat()
            winner = self._weigh(
                "value",
                (row, file_digest),
                (here, project_digest),
                article_guid,
                view,
                project_view,
            )
            if winner == "file":
                self._record("values", guid, file_digest, stored_digest, row["updated_at"])
                self.session.execute(
                    update(VariableValue)
                    .where(VariableValue.id == here["id"])
                    .values(
                        value=value,
                        codebook_version=row["codebook_version"],
                        updated_at=row["updated_at"],
                    )
                )
                tally.updated.append(here["guid"])
            else:
                tally.unchanged += 1
        self._removed_values(in_file)

    def _removed_values(self, in_file: set[tuple[int, int, int]]) -> None:
        """Values the file's coder had before packaging and the file no longer has: listed."""
        coder_id = next(
            (self.coder_ids[i] for i, g in self.coder_guids.items() if g == self.report.coder_guid),
            None,
        )
        if coder_id is None:
            return
        article_guids = {project_id: guid for project_id, guid in self.articles.values()}
        ids = sorted(article_guids)
        names = dict(self.session.execute(select(Variable.id, Variable.name)).all())
        for i in range(0, len(ids), _CHUNK):
            query = select(_table(VariableValue)).where(
                VariableValue.coder_id == coder_id,
                VariableValue.article_id.in_(ids[i : i + _CHUNK]),
            )
            for here in self.session.execute(query).mappings().all():
                key = (here["article_id"], here["variable_id"], here["coder_id"])
                if key in in_file or _time(here["created_at"]) > self.packaged_at:
                    continue
                self._conflict(
                    "value-removed-in-coder-file",
                    article_guids[here["article_id"]],
                    here["guid"],
                    "the coder cleared this value in the coder file; the project keeps it",
                    project={
                        "variable": names.get(here["variable_id"], "?"),
                        "value": here["value"],
                    },
                )

    def assignments(self) -> None:
        tally = self.report.assignments
        rows = [
            (row, *self.articles[row["article_id"]], self.coder_ids[row["coder_id"]])
            for row in self.content.assignments
            if row["article_id"] in self.articles and row["coder_id"] in self.coder_ids
        ]
        # The project's assignments of these articles and coders, loaded in chunks: a query
        # per assignment costs about a second for a coder's 2,400 (and again on a re-merge).
        articles_of_coder: dict[int, list[int]] = {}
        for article_id, coder_id in sorted({(a, c) for _, a, _, c in rows}):
            articles_of_coder.setdefault(coder_id, []).append(article_id)
        stored: dict[tuple[int, int], tuple[int, str]] = {}
        for coder_id, article_ids in articles_of_coder.items():
            for i in range(0, len(article_ids), _CHUNK):
                query = select(Assignment.article_id, Assignment.id, Assignment.status).where(
                    Assignment.coder_id == coder_id,
                    Assignment.article_id.in_(article_ids[i : i + _CHUNK]),
                )
                for article_id, assignment_id, status in self.session.execute(query):
                    stored[(int(article_id), coder_id)] = (int(assignment_id), str(status))
        # New ones are inserted together at the end, in the file's order; a later row of the
        # file for the same article and coder (two file articles matched to one) sees them.
        # Each stored row is marked done once at most (then `stored` says done).
        added: dict[tuple[int, int], dict[str, Any]] = {}
        marked: list[dict[str, Any]] = []  # stored ones now done: updated together at the end
        for row, article_id, article_guid, coder_id in rows:
            key = (article_id, coder_id)
            label = f"{article_guid}/{self.coder_guids[row['coder_id']]}"
            here, new = stored.get(key), added.get(key)
            if here is None and new is None:
                added[key] = {
                    "article_id": article_id,
                    "coder_id": coder_id,
                    "status": row["status"],
                    # Files from before done became a status carry only assignments.
                    "assigned": row.get("assigned", True),
                    "assigned_at": row["assigned_at"],
                    "done_at": row["done_at"],
                }
                tally.added.append(label)
                continue
            status = new["status"] if new is not None else here[1] if here is not None else ""
            if row["status"] == "done" and status != "done":
                if new is not None:
                    new.update(status="done", done_at=row["done_at"])
                elif here is not None:
                    marked.append({"assignment_id": here[0], "file_done_at": row["done_at"]})
                    stored[key] = (here[0], "done")
                tally.updated.append(label)
            else:
                tally.unchanged += 1  # same, or done in the project: done wins
        if marked:
            table = _table(Assignment)
            self.session.execute(
                update(table)
                .where(table.c.id == bindparam("assignment_id"))
                .values(status="done", done_at=bindparam("file_done_at")),
                marked,
            )
        if added:
            self.session.execute(insert(Assignment), list(added.values()))

    def events(self) -> None:
        known = _by_guid(self.session, Event, (e["guid"] for e in self.content.events))
        rows = []
        for event in self.content.events:
            if event["guid"] in known:
                continue
            if _event_segment_guids(event["payload"]) & self.not_stored:
                continue  # comes in with its segment, once that can be stored
            coder = event["coder_id"]
            rows.append(
                {
                    "guid": event["guid"],
                    "at": event["at"],
                    "coder_id": self.coder_ids.get(coder) if coder is not None else None,
                    "action": event["action"],
                    "entity": event["entity"],
                    "entity_guid": event["entity_guid"],
                    "payload": event["payload"],
                }
            )
        if rows:
            self.session.execute(insert(Event), rows)
        self.report.events_added = len(rows)

    def journal(self) -> None:
        if not self.report.changed:
            return  # merging the same file again stores nothing, not even an event
        # Only entries that differ from the baseline loaded: the rest are already recorded
        # (packaged into the file, or in an earlier merge event of it).
        baseline = {
            kind: {g: e for g, e in rows.items() if self.baseline[kind].get(g) != e}
            for kind, rows in self.records.items()
        }
        self.session.add(
            Event(
                guid=new_guid(),
                at=utcnow(),
                coder_id=None,
                action="merge",
                entity="coder-file",
                entity_guid=self.report.coder_guid,
                payload={
                    "file": self.content.path,
                    "coder": self.report.coder_guid,
                    "packaged_at": self.report.packaged_at,
                    "segments_added": len(self.report.segments.added),
                    "segments_updated": len(self.report.segments.updated),
                    "segments_removed": len(self.report.segments_removed),
                    "values_added": len(self.report.values.added),
                    "values_updated": len(self.report.values.updated),
                    "conflicts": len(self.report.conflicts),
                    "baseline": baseline,
                },
            )
        )


def merge_file(session: Session, content: FileContent) -> FileReport:
    """Merge one coder file's content in the caller's transaction; return what was done."""
    merger = _Merger(session, content)
    merger.coders()
    merger.articles_in()
    merger.codebook()
    merger.segments()
    merger.values()
    merger.assignments()
    merger.events()
    merger.journal()
    return merger.report
