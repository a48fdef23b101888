"""Integrity check of a whole project (`articoder check`): read only, streamed in batches.

`check_project(database)` returns a `CheckReport` listing every problem found, each with a
kind, where it is ("article 12", "segment 7 (guid ...)") and a message, and counts of what was
checked. What is verified:

- ``sqlite``: on SQLite, ``PRAGMA integrity_check`` reports "ok" and ``PRAGMA
  foreign_key_check`` finds no row pointing at a missing parent.
- ``reference``: every segment's article, code and coder, every value's article, variable and
  coder, every choice's variable, every code's parent and every assignment's article and coder
  exist (LEFT JOIN queries; this also catches rows written with foreign keys off and server
  databases without constraints).
- ``value``: values of nominal and ordinal variables are among the variable's choices (the
  stored value, not its label).
- ``article``: ``chars == len(text)``; ``content_hash`` is the sha256 of the text; the stored
  edits are well formed, sorted and inside the raw text, and ``text`` equals the raw text with
  the active edits applied. Articles are read in batches of `BATCH` with their deferred text
  columns, so 100,000-article projects never sit in memory at once.
- ``segment``: each segment lies inside its article's text (``0 <= start < end <= len``) and
  its stored ``text`` equals ``article.text[start:end]``.
- ``journal``: the events are replayed in order for the segment GUIDs their payloads name:
  ``segment-add``, ``redo:segment-add``, ``undo:segment-delete`` and the ``after`` list of a
  ``consensus-accept`` (or its redo) add a GUID, ``segment-delete``, ``redo:segment-delete``,
  ``undo:segment-add`` and the ``before`` list of a ``consensus-accept`` remove it (an
  ``undo:consensus-accept`` the other way round). A GUID whose last such event adds it must
  exist in `segments`. Nothing else in the journal is checked (segments imported from a codings
  file are not journalled one by one, so a segment with no event is not a problem).
- ``search``: on SQLite, the bigram index (`article_grams`, contentless FTS5) holds one
  document per article: its ``article_grams_docsize`` rows are exactly the article ids. On
  other databases there is no index and the check is skipped with a note.

At most `LIMIT_PER_KIND` problems of each kind are listed; `omitted` counts the rest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, inspect, text

from corpus.text import apply_edits, check_edits, edits_from_json
from models.database import ProjectDatabase
from models.progress import Progress

__all__ = ["BATCH", "LIMIT_PER_KIND", "CheckReport", "Problem", "check_project"]

BATCH = 500  # articles per read (each with its raw and cleaned text)
LIMIT_PER_KIND = 1000
_GUID_CHUNK = 500

# (child table, column, parent table, what the child is, what the parent is); nullable
# columns are checked only where set.
_REFERENCES: tuple[tuple[str, str, str, str, str], ...] = (
    ("segments", "article_id", "articles", "segment", "article"),
    ("segments", "code_id", "codes", "segment", "code"),
    ("segments", "coder_id", "coders", "segment", "coder"),
    ("variable_values", "article_id", "articles", "value", "article"),
    ("variable_values", "variable_id", "variables", "value", "variable"),
    ("variable_values", "coder_id", "coders", "value", "coder"),
    ("variable_choices", "variable_id", "variables", "choice", "variable"),
    ("codes", "parent_id", "codes", "code", "parent code"),
    ("assignments", "article_id", "articles", "assignment", "article"),
    ("assignments", "coder_id", "coders", "assignment", "coder"),
)

_ADDS = {"segment-add", "redo:segment-add", "undo:segment-delete"}
_REMOVES = {"segment-delete", "redo:segment-delete", "undo:segment-add"}
_CONSENSUS = {"consensus-accept", "redo:consensus-accept", "undo:consensus-accept"}


@dataclass(frozen=True)
class Problem:
    """One thing found wrong: its kind, where it is, and what is wrong."""

    kind: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.where}: {self.message}"


@dataclass
class CheckReport:
    """What `check_project` found and how much it looked at."""

    problems: list[Problem] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    omitted: dict[str, int] = field(default_factory=dict)
    _listed: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def add(self, kind: str, where: str, message: str) -> None:
        """Record a problem (beyond `LIMIT_PER_KIND` of a kind, only counted)."""
        listed = self._listed.get(kind, 0)
        if listed >= LIMIT_PER_KIND:
            self.omitted[kind] = self.omitted.get(kind, 0) + 1
        else:
            self._listed[kind] = listed + 1
            self.problems.append(Problem(kind, where, message))

    def count(self, what: str, n: int = 1) -> None:
        """Count `n` more things of `what` checked."""
        self.checked[what] = self.checked.get(what, 0) + n

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form."""
        return {
            "ok": self.ok,
            "problems": [
                {"kind": p.kind, "where": p.where, "message": p.message} for p in self.problems
            ],
            "omitted": dict(self.omitted),
            "checked": dict(self.checked),
            "notes": list(self.notes),
        }


def _in(name: str) -> Any:
    """An expanding parameter for `column IN :name` with a list."""
    return bindparam(name, expanding=True)


def _short(value: str, width: int = 40) -> str:
    return repr(value if len(value) <= width else value[:width] + "…")


def _check_sqlite(connection: Connection, report: CheckReport) -> None:
    rows = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check")]
    report.count("sqlite integrity")
    if rows != ["ok"]:
        for row in rows:
            report.add("sqlite", "database file", f"integrity_check: {row}")
    report.count("sqlite foreign keys")
    for table, rowid, parent, _fkid in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        report.add(
            "sqlite",
            f"{table} row {rowid}",
            f"foreign_key_check: points at a missing row of {parent}",
        )


def _check_references(connection: Connection, report: CheckReport) -> None:
    for child, column, parent, what, parent_what in _REFERENCES:
        report.count("references")
        rows = connection.execute(
            text(
                f"SELECT c.id, c.{column} FROM {child} c LEFT JOIN {parent} p "
                f"ON p.id = c.{column} WHERE c.{column} IS NOT NULL AND p.id IS NULL "
                "ORDER BY c.id"
            )
        )
        for row_id, missing in rows:
            report.add(
                "reference",
                f"{what} {row_id}",
                f"{column} = {missing}: no {parent_what} with id {missing}",
            )


def _check_values(connection: Connection, report: CheckReport) -> None:
    report.count(
        "values",
        int(connection.execute(text("SELECT count(*) FROM variable_values")).scalar_one()),
    )
    rows = connection.execute(
        text(
            "SELECT v.id, v.article_id, v.coder_id, v.value, var.name, var.level "
            "FROM variable_values v JOIN variables var ON var.id = v.variable_id "
            "LEFT JOIN variable_choices c ON c.variable_id = v.variable_id AND c.value = v.value "
            "WHERE var.level IN ('nominal', 'ordinal') AND c.id IS NULL ORDER BY v.id"
        )
    )
    for value_id, article_id, coder_id, value, name, level in rows:
        report.add(
            "value",
            f"value {value_id} (article {article_id}, coder {coder_id})",
            f"{_short(str(value))} is not one of the choices of the {level} variable {name!r}",
        )


def _article_batches(connection: Connection) -> Iterator[Sequence[Any]]:
    last = 0
    query = text(
        "SELECT id, guid, raw_text, text, edits, chars, content_hash FROM articles "
        "WHERE id > :last ORDER BY id LIMIT :n"
    )
    while True:
        rows = connection.execute(query, {"last": last, "n": BATCH}).all()
        if not rows:
            return
        yield rows
        last = int(rows[-1][0])


def _json(value: Any) -> Any:
    if isinstance(value, str):  # JSON read through a plain text() query on SQLite
        return json.loads(value)
    return value


def _check_article(report: CheckReport, row: Sequence[Any]) -> None:
    article_id, guid, raw, cleaned, edits, chars, stored_hash = row
    where = f"article {article_id} (guid {guid})"
    cleaned = cleaned or ""
    raw = raw or ""
    if chars != len(cleaned):
        report.add("article", where, f"chars is {chars} but the text has {len(cleaned)}")
    actual = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
    if stored_hash != actual:
        report.add("article", where, "content_hash is not the sha256 of the text")
    try:
        active = [e for e, on in edits_from_json(_json(edits) or []) if on]
        check_edits(active, len(raw))
    except (ValueError, TypeError) as exc:
        report.add("article", where, f"the stored edits are malformed ({exc})")
        return
    rebuilt = apply_edits(raw, active)
    if rebuilt != cleaned:
        at = next(
            (i for i, (a, b) in enumerate(zip(rebuilt, cleaned, strict=False)) if a != b),
            min(len(rebuilt), len(cleaned)),
        )
        report.add(
            "article",
            where,
            "the text is not the raw text with its active edits applied "
            f"(they differ from offset {at}: text has {_short(cleaned[at : at + 20])}, "
            f"raw text + edits give {_short(rebuilt[at : at + 20])})",
        )


def _check_segments(
    connection: Connection, report: CheckReport, texts: dict[int, str], guids: dict[int, str]
) -> None:
    rows = connection.execute(
        text(
            'SELECT id, guid, article_id, start, "end", text FROM segments '
            "WHERE article_id IN :ids ORDER BY id"
        ).bindparams(_in("ids")),
        {"ids": list(texts)},
    )
    for segment_id, guid, article_id, start, end, stored in rows:
        report.count("segments")
        article_text = texts[article_id]
        where = f"segment {segment_id} (guid {guid}) of article {article_id}"
        if not 0 <= start < end <= len(article_text):
            report.add(
                "segment",
                where,
                f"[{start}, {end}) is not inside the article's text "
                f"(length {len(article_text)}, article guid {guids[article_id]})",
            )
        elif stored != article_text[start:end]:
            report.add(
                "segment",
                where,
                f"stored text {_short(stored or '')} differs from the article's text at "
                f"[{start}, {end}): {_short(article_text[start:end])}",
            )


def _check_articles_and_segments(
    connection: Connection, report: CheckReport, progress: Progress | None
) -> None:
    total = int(connection.execute(text("SELECT count(*) FROM articles")).scalar_one())
    report.checked.setdefault("articles", 0)
    report.checked.setdefault("segments", 0)
    if progress is not None:
        progress.start(total, "Checking articles and segments")
    for rows in _article_batches(connection):
        texts: dict[int, str] = {}
        guids: dict[int, str] = {}
        for row in rows:
            _check_article(report, row)
            texts[int(row[0])] = row[3] or ""
            guids[int(row[0])] = str(row[1])
        _check_segments(connection, report, texts, guids)
        report.count("articles", len(rows))
        if progress is not None:
            progress.step(len(rows))


def _payload_segments(payload: Any, key: str) -> list[tuple[str, Any]]:
    """(guid, article) pairs of a payload list; anything unexpected is skipped."""
    if not isinstance(payload, dict):
        return []
    items = payload.get(key)
    if not isinstance(items, list):
        return []
    article = payload.get("article")
    found: list[tuple[str, Any]] = []
    for item in items:
        if isinstance(item, list) and item and isinstance(item[0], str):
            has_article = key == "segments" and len(item) > 1
            found.append((item[0], item[1] if has_article else article))
    return found


def _check_journal(connection: Connection, report: CheckReport) -> None:
    actions = sorted(_ADDS | _REMOVES | _CONSENSUS)
    query = text(
        "SELECT id, action, payload FROM events WHERE id > :last AND action IN :actions "
        "ORDER BY id LIMIT :n"
    ).bindparams(_in("actions"))
    state: dict[str, tuple[bool, int, Any]] = {}  # guid -> (added last?, event id, article)
    last = 0
    report.checked.setdefault("journal events", 0)
    while True:
        rows = connection.execute(query, {"last": last, "actions": actions, "n": BATCH}).all()
        if not rows:
            break
        for event_id, action, stored in rows:
            payload = _json(stored)
            changes: list[tuple[bool, list[tuple[str, Any]]]] = []
            if action in _ADDS:
                changes.append((True, _payload_segments(payload, "segments")))
            elif action in _REMOVES:
                changes.append((False, _payload_segments(payload, "segments")))
            else:
                undo = action.startswith("undo:")
                changes.append((undo, _payload_segments(payload, "after")))
                changes.append((not undo, _payload_segments(payload, "before")))
            # Removals first: an accept that keeps a GUID in both lists leaves it added.
            for added, pairs in sorted(changes, key=lambda change: change[0]):
                for guid, article in pairs:
                    state[guid] = (added, int(event_id), article)
        report.count("journal events", len(rows))
        last = int(rows[-1][0])
    expected = [guid for guid, (added, _, _) in state.items() if added]
    report.count("journal segment guids", len(state))
    for i in range(0, len(expected), _GUID_CHUNK):
        chunk = expected[i : i + _GUID_CHUNK]
        present = set(
            connection.execute(
                text("SELECT guid FROM segments WHERE guid IN :ids").bindparams(_in("ids")),
                {"ids": chunk},
            ).scalars()
        )
        for guid in chunk:
            if guid not in present:
                _, event_id, article = state[guid]
                report.add(
                    "journal",
                    f"segment guid {guid} of article {article}",
                    f"the journal adds it (event {event_id}) and never removes it, "
                    "but there is no such segment",
                )


def _check_search_index(connection: Connection, report: CheckReport) -> None:
    if connection.dialect.name != "sqlite":
        report.notes.append("search index: not checked (only SQLite projects have one)")
        return
    if not inspect(connection).has_table("article_grams_docsize"):
        report.notes.append("search index: not checked (article_grams_docsize is missing)")
        return
    report.count("search index")
    indexed = int(
        connection.execute(text("SELECT count(*) FROM article_grams_docsize")).scalar_one()
    )
    articles = int(connection.execute(text("SELECT count(*) FROM articles")).scalar_one())
    if indexed != articles:
        report.add(
            "search",
            "search index",
            f"holds {indexed} documents for {articles} articles; rebuild the index",
        )
    missing = connection.execute(
        text(
            "SELECT a.id FROM articles a LEFT JOIN article_grams_docsize d ON d.id = a.id "
            "WHERE d.id IS NULL ORDER BY a.id"
        )
    )
    for (article_id,) in missing:
        report.add("search", f"article {article_id}", "is not in the search index")
    extra = connection.execute(
        text(
            "SELECT d.id FROM article_grams_docsize d LEFT JOIN articles a ON a.id = d.id "
            "WHERE a.id IS NULL ORDER BY d.id"
        )
    )
    for (row_id,) in extra:
        report.add("search", f"search index row {row_id}", "indexes no existing article")


def check_project(database: ProjectDatabase, progress: Progress | None = None) -> CheckReport:
    """Check the whole project's integrity (read only) and report every problem found."""
    report = CheckReport()
    with database.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            _check_sqlite(connection, report)
        else:
            report.notes.append("SQLite integrity and foreign-key pragmas: not an SQLite project")
        _check_references(connection, report)
        _check_values(connection, report)
        _check_articles_and_segments(connection, report, progress)
        _check_journal(connection, report)
        _check_search_index(connection, report)
        connection.rollback()
    return report
