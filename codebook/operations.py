"""Codebook operations: every change a lead makes to the code tree and the variables.

Each class here is a `models.journal.Operation`: `perform` or an `UndoStack` applies it in one
transaction and journals it; `revert` undoes it exactly (same ids, same GUIDs, the same
segments back on the same codes, the same sibling positions). Every check runs before the
first change, and a refused change raises `CodebookError` naming the code and the problem, so
nothing is ever half-done. Operations hold ids and plain values, never ORM objects, so one
operation object can be applied, reverted and applied again in fresh sessions.

Decisions a lead (and the coding service) can rely on:

- The codebook version (`ProjectInfo.codebook_version`) goes up by one on every apply AND on
  every revert. A number therefore never names two different codebook states: after an undo
  the codebook equals an earlier state but carries a new number, and the journal (each event
  records the version it produced) says which. New segments and values carry
  `current_codebook_version`; moving a segment to another code (merge, split, delete with
  reassignment) keeps its own version, because it records what the coder saw.
- Sibling names are unique (retired siblings included, since paths identify codes in files)
  and shortcut keys are unique over the whole codebook (retired codes keep theirs, so that an
  unretire never clashes); a code name cannot contain ">" (the path separator).
- Retiring a code retires its whole subtree (hidden from new coding, kept with its segments);
  unretiring a code unretires its retired descendants too, and is refused under a retired
  parent. Adding or moving a code under a retired code is refused.
- Merging: the source's segments move to the target, the source's children move under the
  target (after the target's own children; a name clash with one of the target's children is
  refused, merge those two first), the source's keywords are added to the target's (the
  target's other fields stay), and the source is deleted, or retired when
  `delete_source=False`. A code cannot be merged into its own descendant or into a retired
  code.
- Deleting removes the code and its whole subtree. It is refused when any of them has
  segments, unless `reassign_to` names a code outside the subtree to receive them, or
  `delete_segments=True` says the segments go too (every coder's: a code that is gone cannot
  hold them). Undo puts back the codes and every segment exactly (ids, GUIDs, memos, times).
- Splitting adds new sibling codes right after the code and moves the segments the lead
  picked (segment id -> index of the new code) to them; the others stay where they were.
- Variables: a variable's type cannot change once values are coded (except between nominal
  and ordinal), and an allowed value that coded values use cannot be removed.
- Codebook keywords feed the segmentation dictionary (`DictionaryWord`, source "codebook"),
  as `codebook.store.import_codebook` does; operations that change keywords keep it in step.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from codebook.spec import (
    COLOR,
    PATH_SEPARATOR,
    CodebookError,
    CodebookSpec,
    CodeSpec,
    Problem,
    VariableSpec,
    path_text,
    validate,
)
from models.entities import (
    Code,
    DictionaryWord,
    ProjectInfo,
    Segment,
    Variable,
    VariableChoice,
    VariableValue,
    utcnow,
)
from models.ids import new_guid
from models.journal import Changes

if TYPE_CHECKING:
    from models.journal import Operation

# What `EditCode` may change: the field name used in codebook files -> the Code column.
CODE_FIELDS: dict[str, str] = {
    "name_en": "name_en",
    "definition": "definition",
    "include": "include_rule",
    "exclude": "exclude_rule",
    "examples": "examples",
    "keywords": "keywords",
    "key": "shortcut",
}
_LIST_FIELDS = frozenset({"examples", "keywords"})
_OPTIONAL_FIELDS = frozenset({"name_en", "key"})
# Column sizes of the schema (PostgreSQL enforces them; SQLite would silently accept more).
NAME_LIMIT = 200
KEY_LIMIT = 16
VARIABLE_NAME_LIMIT = 120
CHOICE_LIMIT = 200
# Ids per IN (...) list: SQLite allows a limited number of bound parameters per statement.
_CHUNK = 500
_SEPARATOR = PATH_SEPARATOR.strip()


# Colours for new codes: Okabe and Ito's colours, told apart with every common form of colour
# blindness, then eight from Paul Tol's "muted" set. Black and grey are left out: segment text
# is drawn over the code's colour, and grey reads as "no colour chosen". A new code takes the
# first colour no code uses yet, so the first fifteen codes are all distinct.
CATEGORY_COLOURS = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#f0e442",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#332288",
    "#88ccee",
    "#44aa99",
    "#117733",
    "#999933",
    "#ddcc77",
    "#cc6677",
    "#882255",
)


def next_code_colour(used: Iterable[str]) -> str:
    """The first palette colour not in `used` (case-insensitive); when all are taken, the one
    used least, so colours still spread evenly.
    """
    counts = {colour: 0 for colour in CATEGORY_COLOURS}
    for colour in used:
        if colour.lower() in counts:
            counts[colour.lower()] += 1
    return min(CATEGORY_COLOURS, key=lambda colour: counts[colour])


def current_codebook_version(session: Session) -> int:
    """The codebook version now: what a new segment or variable value must record."""
    return int(session.scalars(select(ProjectInfo.codebook_version)).one())


# --- shared helpers -------------------------------------------------------------------------


def _bump_version(session: Session) -> int:
    session.execute(
        update(ProjectInfo).values(codebook_version=ProjectInfo.codebook_version + 1),
        execution_options={"synchronize_session": "fetch"},
    )
    return current_codebook_version(session)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _code(session: Session, code_id: int, source: str, what: str = "code") -> Code:
    code = session.get(Code, code_id)
    if code is None:
        raise CodebookError(source, [Problem(f"{what} id {code_id}", "no such code")])
    return code


def _path(session: Session, code: Code) -> tuple[str, ...]:
    names = [code.name]
    parent_id = code.parent_id
    while parent_id is not None:
        parent = session.get(Code, parent_id)
        if parent is None:  # pragma: no cover - the foreign key forbids it
            break
        names.append(parent.name)
        parent_id = parent.parent_id
    return tuple(reversed(names))


def _where(session: Session, code: Code) -> str:
    return f"code {path_text(_path(session, code))!r}"


def _children_map(session: Session) -> dict[int | None, list[int]]:
    tree: dict[int | None, list[int]] = {}
    for code_id, parent_id in session.execute(
        select(Code.id, Code.parent_id).order_by(Code.position, Code.id)
    ):
        tree.setdefault(parent_id, []).append(code_id)
    return tree


def _subtree(session: Session, code_id: int) -> list[int]:
    """The code and its descendants, parents before children (depth first, in order)."""
    tree = _children_map(session)
    out: list[int] = []
    stack = [code_id]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(tree.get(current, [])))
    return out


def _ancestors(session: Session, code: Code) -> list[Code]:
    out: list[Code] = []
    parent_id = code.parent_id
    while parent_id is not None:
        parent = session.get(Code, parent_id)
        if parent is None:  # pragma: no cover - the foreign key forbids it
            break
        out.append(parent)
        parent_id = parent.parent_id
    return out


def _siblings(session: Session, parent_id: int | None) -> list[Code]:
    return list(
        session.scalars(
            select(Code).where(Code.parent_id == parent_id).order_by(Code.position, Code.id)
        )
    )


def _positions(session: Session, parent_id: int | None) -> dict[int, int]:
    return {c.id: c.position for c in _siblings(session, parent_id)}


def _restore_positions(session: Session, positions: dict[int, int]) -> None:
    for code_id, position in positions.items():
        code = session.get(Code, code_id)
        if code is not None:
            code.position = position


def _insert_at(session: Session, code: Code, parent_id: int | None, index: int | None) -> None:
    """Put `code` at `index` among the children of `parent_id` and number them 0, 1, 2..."""
    order = [c for c in _siblings(session, parent_id) if c.id != code.id]
    order.insert(len(order) if index is None else max(0, min(index, len(order))), code)
    code.parent_id = parent_id
    for position, sibling in enumerate(order):
        if sibling.position != position:
            sibling.position = position


def _name_problems(
    session: Session,
    name: str,
    parent_id: int | None,
    where: str,
    exclude_ids: Iterable[int] = (),
    also_taken: Iterable[str] = (),
) -> list[Problem]:
    if not name.strip():
        return [Problem(where, "a code needs a name")]
    problems: list[Problem] = []
    if name != name.strip():
        problems.append(Problem(where, "a code name cannot start or end with spaces"))
    if _SEPARATOR in name:
        problems.append(Problem(where, f"a code name cannot contain {_SEPARATOR!r}"))
    if len(name) > NAME_LIMIT:
        problems.append(Problem(where, f"a code name can have at most {NAME_LIMIT} characters"))
    query = select(Code.id).where(Code.parent_id == parent_id, Code.name == name)
    excluded = list(exclude_ids)
    if excluded:
        query = query.where(Code.id.not_in(excluded))
    if session.scalar(query.limit(1)) is not None or name in set(also_taken):
        problems.append(Problem(where, f"another code under the same parent is named {name!r}"))
    return problems


def _key_problems(
    session: Session,
    key: str | None,
    where: str,
    exclude_ids: Iterable[int] = (),
    also_taken: dict[str, str] | None = None,
) -> list[Problem]:
    if key is None:
        return []
    if not key.strip() or key != key.strip():
        return [Problem(where, f"shortcut key {key!r} is blank or has spaces around it")]
    if len(key) > KEY_LIMIT:
        return [Problem(where, f"a shortcut key can have at most {KEY_LIMIT} characters")]
    query = select(Code).where(Code.shortcut == key)
    excluded = list(exclude_ids)
    if excluded:
        query = query.where(Code.id.not_in(excluded))
    holder = session.scalars(query.limit(1)).first()
    if holder is not None:
        return [
            Problem(
                where,
                f"shortcut key {key!r} is already used by {path_text(_path(session, holder))!r}",
            )
        ]
    if also_taken and key in also_taken:
        return [Problem(where, f"shortcut key {key!r} is already used by {also_taken[key]!r}")]
    return []


def _color_problems(color: str, where: str) -> list[Problem]:
    if COLOR.match(color):
        return []
    return [Problem(where, f"colour {color!r} is not of the form #rrggbb")]


def _guid_problems(session: Session, guid: str, where: str) -> list[Problem]:
    if session.scalar(select(Code.id).where(func.upper(Code.guid) == guid.upper())) is not None:
        return [Problem(where, f"GUID {guid} is already used by another code")]
    return []


def _raise(source: str, problems: list[Problem]) -> None:
    if problems:
        raise CodebookError(source, problems)


def _snapshot(code: Code) -> dict[str, Any]:
    """Every column of a code, to recreate it exactly (same id and GUID) on undo."""
    return {
        column.key: copy.deepcopy(getattr(code, column.key)) for column in Code.__table__.columns
    }


def _recreate(session: Session, snapshot: dict[str, Any]) -> Code:
    code = Code(**copy.deepcopy(snapshot))
    session.add(code)
    session.flush()
    return code


def _segment_ids(session: Session, code_ids: Sequence[int]) -> dict[int, int]:
    """Segment id -> code id of every segment on the given codes."""
    out: dict[int, int] = {}
    for chunk in _chunks(list(code_ids)):
        out.update(
            session.execute(
                select(Segment.id, Segment.code_id).where(Segment.code_id.in_(chunk))
            ).all()
        )
    return out


def _move_segments(session: Session, segment_ids: Sequence[int], code_id: int) -> None:
    for chunk in _chunks(sorted(segment_ids)):
        session.execute(
            update(Segment).where(Segment.id.in_(chunk)).values(code_id=code_id),
            execution_options={"synchronize_session": "fetch"},
        )


def _put_back(session: Session, original: dict[int, int]) -> None:
    """Move segments back to the codes they had (segment id -> code id)."""
    by_code: dict[int, list[int]] = {}
    for segment_id, code_id in original.items():
        by_code.setdefault(code_id, []).append(segment_id)
    for code_id, segment_ids in by_code.items():
        _move_segments(session, segment_ids, code_id)


def _delete_segment_rows(session: Session, segment_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Delete segments, returning every column of each so that undo can insert them again."""
    rows: list[dict[str, Any]] = []
    columns = [getattr(Segment, c.key) for c in Segment.__table__.columns]
    keys = [c.key for c in Segment.__table__.columns]
    for chunk in _chunks(sorted(segment_ids)):
        rows.extend(
            dict(zip(keys, row, strict=True))
            for row in session.execute(select(*columns).where(Segment.id.in_(chunk)))
        )
        session.execute(
            delete(Segment).where(Segment.id.in_(chunk)),
            execution_options={"synchronize_session": False},
        )
    return rows


def _segment_changes(session: Session, segment_ids: Iterable[int]) -> Changes:
    ids = sorted(segment_ids)
    articles: set[int] = set()
    for chunk in _chunks(ids):
        articles.update(
            session.scalars(select(Segment.article_id).where(Segment.id.in_(chunk)).distinct())
        )
    return Changes(articles=articles, segments=set(ids), codebook=True)


def _sync_dictionary(session: Session) -> None:
    """Codebook keywords become dictionary words, so segmentation keeps them whole."""
    session.flush()
    words = {
        word.strip()
        for keywords in session.scalars(select(Code.keywords))
        for word in keywords or []
        if isinstance(word, str) and 1 < len(word.strip()) <= 100
    }
    existing = {w.word: w for w in session.scalars(select(DictionaryWord))}
    for word, row in existing.items():
        if row.source == "codebook" and word not in words:
            session.delete(row)
    for word in sorted(words - existing.keys()):
        session.add(DictionaryWord(word=word, source="codebook"))


def _spec_fields(spec: CodeSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "name_en": spec.name_en,
        "color": spec.color,
        "key": spec.key,
        "definition": spec.definition,
        "include": spec.include,
        "exclude": spec.exclude,
        "examples": list(spec.examples),
        "keywords": list(spec.keywords),
    }


def _clean_spec(spec: CodeSpec) -> CodeSpec:
    """A copy with the name stripped and an empty key or English name as none."""
    return replace(
        spec,
        name=spec.name.strip(),
        key=spec.key or None,
        name_en=spec.name_en or None,
        examples=list(spec.examples),
        keywords=list(spec.keywords),
        children=list(spec.children),
    )


def _new_code_problems(
    session: Session,
    spec: CodeSpec,
    parent_id: int | None,
    where: str,
    names_taken: Iterable[str] = (),
    keys_taken: dict[str, str] | None = None,
) -> list[Problem]:
    problems = _name_problems(session, spec.name, parent_id, where, also_taken=names_taken)
    problems += _color_problems(spec.color, where)
    problems += _key_problems(session, spec.key, where, also_taken=keys_taken)
    if spec.name_en is not None and len(spec.name_en) > NAME_LIMIT:
        problems.append(Problem(where, f"an English name can have at most {NAME_LIMIT} characters"))
    if spec.guid:
        problems += _guid_problems(session, spec.guid, where)
    if spec.children:
        problems.append(Problem(where, "add a code's children one by one"))
    return problems


def _new_code(
    spec: CodeSpec,
    guid: str,
    code_id: int | None,
    parent_id: int | None,
    created_at: dt.datetime | None,
) -> Code:
    # On redo the id, GUID and creation time of the first apply come back.
    return Code(
        id=code_id,
        guid=guid,
        parent_id=parent_id,
        position=0,
        name=spec.name,
        name_en=spec.name_en,
        color=spec.color,
        shortcut=spec.key,
        definition=spec.definition,
        include_rule=spec.include,
        exclude_rule=spec.exclude,
        examples=list(spec.examples),
        keywords=list(spec.keywords),
        retired=False,
        created_at=created_at or utcnow(),
    )


class CodebookOperation:
    """What every codebook operation shares: the version bump and the journal payload."""

    label: str = "Change codebook"
    action: str = "codebook-change"
    entity: str = "code"
    # The codebook version the last apply or revert produced (recorded in the journal).
    version: int | None = None

    def apply(self, session: Session) -> Changes:
        """Check, then make the change; the codebook version goes up by one."""
        changes = self._apply(session)
        session.flush()
        self.version = _bump_version(session)
        return changes

    def revert(self, session: Session) -> Changes:
        """Undo the change exactly; the codebook version still goes up (never reused)."""
        changes = self._revert(session)
        session.flush()
        self.version = _bump_version(session)
        return changes

    def payload(self) -> dict[str, Any]:
        """The journal's record: the operation's own details and the version it produced."""
        return {**self._payload(), "codebook_version": self.version}

    def entity_guid(self) -> str | None:
        """The GUID of the main code or variable changed."""
        return None

    def _apply(self, session: Session) -> Changes:
        raise NotImplementedError

    def _revert(self, session: Session) -> Changes:
        raise NotImplementedError

    def _payload(self) -> dict[str, Any]:
        return {}


if TYPE_CHECKING:

    def _is_an_operation(operation: CodebookOperation) -> Operation:
        return operation  # mypy checks that every codebook operation fits the protocol


# --- codes ------------------------------------------------------------------------------------


@dataclass
class AddCode(CodebookOperation):
    """Add a code under `parent_id` (None: at the top) at `position` (None: last)."""

    parent_id: int | None
    spec: CodeSpec
    position: int | None = None
    code_id: int | None = field(default=None, init=False)
    guid: str = field(default="", init=False)
    _positions: dict[int, int] = field(default_factory=dict, init=False, repr=False)
    _created: dt.datetime | None = field(default=None, init=False, repr=False)

    label = "Add code"
    action = "code-add"

    def __post_init__(self) -> None:
        self.spec = _clean_spec(self.spec)
        self.guid = (self.spec.guid or new_guid()).upper()

    def _apply(self, session: Session) -> Changes:
        where = f"code {self.spec.name!r}"
        problems: list[Problem] = []
        if self.parent_id is not None:
            parent = _code(session, self.parent_id, self.label, "parent")
            where = f"code {path_text((*_path(session, parent), self.spec.name))!r}"
            if parent.retired:
                problems.append(Problem(where, "cannot add a code under a retired code"))
        spec = CodeSpec(**{**_spec_fields(self.spec), "guid": self.guid})
        problems += _new_code_problems(session, spec, self.parent_id, where)
        _raise(self.label, problems)
        positions = _positions(session, self.parent_id)
        code = _new_code(self.spec, self.guid, self.code_id, self.parent_id, self._created)
        session.add(code)
        session.flush()
        _insert_at(session, code, self.parent_id, self.position)
        if self.spec.keywords:
            _sync_dictionary(session)
        self.code_id, self._positions, self._created = code.id, positions, code.created_at
        return Changes(codebook=True)

    def _revert(self, session: Session) -> Changes:
        assert self.code_id is not None, "revert before apply"
        code = _code(session, self.code_id, f"Undo {self.label}")
        if session.scalar(select(Segment.id).where(Segment.code_id == code.id).limit(1)):
            raise CodebookError(
                f"Undo {self.label}",
                [Problem(_where(session, code), "the code has segments now; delete it instead")],
            )
        if session.scalar(select(Code.id).where(Code.parent_id == code.id).limit(1)):
            raise CodebookError(
                f"Undo {self.label}", [Problem(_where(session, code), "the code has children now")]
            )
        session.delete(code)
        session.flush()
        _restore_positions(session, self._positions)
        if self.spec.keywords:
            _sync_dictionary(session)
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {
            "code_id": self.code_id,
            "parent_id": self.parent_id,
            "position": self.position,
            **_spec_fields(self.spec),
        }

    def entity_guid(self) -> str | None:
        """The new code's GUID."""
        return self.guid


@dataclass
class _CodeOperation(CodebookOperation):
    """An operation on one existing code."""

    code_id: int
    guid: str | None = field(default=None, init=False, repr=False)

    def _target(self, session: Session) -> Code:
        code = _code(session, self.code_id, self.label)
        self.guid = code.guid
        return code

    def entity_guid(self) -> str | None:
        """The code's GUID."""
        return self.guid


@dataclass
class RenameCode(_CodeOperation):
    """Give a code a new name (unique among its siblings)."""

    name: str
    old_name: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.name = self.name.strip()

    label = "Rename code"
    action = "code-rename"

    def _apply(self, session: Session) -> Changes:
        code = self._target(session)
        _raise(
            self.label,
            _name_problems(
                session, self.name, code.parent_id, _where(session, code), exclude_ids=[code.id]
            ),
        )
        self.old_name, code.name = code.name, self.name
        return Changes(codebook=True)

    def _revert(self, session: Session) -> Changes:
        assert self.old_name is not None, "revert before apply"
        self._target(session).name = self.old_name
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {"code_id": self.code_id, "before": self.old_name, "after": self.name}


@dataclass
class EditCode(_CodeOperation):
    """Change one field of a code: name_en, definition, include, exclude, examples, keywords, key.

    `value` is a list of texts for examples and keywords, text (or None) for the others; an
    empty key or English name is stored as none.
    """

    field_name: str
    value: str | list[str] | None
    before: str | list[str] | None = field(default=None, init=False)

    label = "Edit code"
    action = "code-edit"

    def __post_init__(self) -> None:
        if self.field_name not in CODE_FIELDS:
            raise CodebookError(
                self.label,
                [
                    Problem(
                        f"field {self.field_name!r}",
                        f"not a field that can be edited here (known: {', '.join(CODE_FIELDS)})",
                    )
                ],
            )
        label = {"key": "shortcut key", "name_en": "English name"}.get(self.field_name)
        self.label = f"Edit {label or self.field_name}"
        if self.field_name in _LIST_FIELDS:
            if isinstance(self.value, str) or self.value is None:
                self.value = [self.value] if self.value else []
            self.value = [str(v) for v in self.value]
        elif isinstance(self.value, list):
            raise CodebookError(
                self.label, [Problem(f"field {self.field_name!r}", "should be text, not a list")]
            )
        elif self.field_name in _OPTIONAL_FIELDS and self.value is not None and not self.value:
            self.value = None
        elif self.value is None and self.field_name not in _OPTIONAL_FIELDS:
            self.value = ""

    def _apply(self, session: Session) -> Changes:
        code = self._target(session)
        where = _where(session, code)
        value = copy.deepcopy(self.value)
        if self.field_name == "key":
            assert value is None or isinstance(value, str)
            _raise(self.label, _key_problems(session, value, where, exclude_ids=[code.id]))
        if self.field_name == "name_en" and isinstance(value, str) and len(value) > NAME_LIMIT:
            _raise(
                self.label,
                [Problem(where, f"an English name can have at most {NAME_LIMIT} characters")],
            )
        column = CODE_FIELDS[self.field_name]
        self.before = copy.deepcopy(getattr(code, column))
        setattr(code, column, value)
        if self.field_name == "keywords":
            _sync_dictionary(session)
        return Changes(codebook=True)

    def _revert(self, session: Session) -> Changes:
        code = self._target(session)
        setattr(code, CODE_FIELDS[self.field_name], copy.deepcopy(self.before))
        if self.field_name == "keywords":
            _sync_dictionary(session)
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {
            "code_id": self.code_id,
            "field": self.field_name,
            "before": self.before,
            "after": self.value,
        }


# The fields `UpdateCode` sets, as in codebook files -> the Code column.
_UPDATE_FIELDS: dict[str, str] = {"name": "name", "color": "color", **CODE_FIELDS}


@dataclass
class UpdateCode(_CodeOperation):
    """Set every field of a code at once from a `CodeSpec` (the code dialog): one undo step.

    Name, English name, colour, key, definition, rules, examples and keywords; the GUID, the
    place in the tree, the retired flag and the children stay. Only the fields that differ are
    journalled. Checks as RenameCode, RecolourCode and EditCode do, all before any change.
    """

    spec: CodeSpec
    before: dict[str, Any] = field(default_factory=dict, init=False)
    after: dict[str, Any] = field(default_factory=dict, init=False)

    label = "Edit code"
    action = "code-edit"

    def __post_init__(self) -> None:
        self.spec = _clean_spec(self.spec)

    def _apply(self, session: Session) -> Changes:
        code = self._target(session)
        where = _where(session, code)
        wanted = {k: v for k, v in _spec_fields(self.spec).items() if k in _UPDATE_FIELDS}
        problems = _name_problems(
            session, self.spec.name, code.parent_id, where, exclude_ids=[code.id]
        )
        problems += _color_problems(self.spec.color, where)
        problems += _key_problems(session, self.spec.key, where, exclude_ids=[code.id])
        if self.spec.name_en is not None and len(self.spec.name_en) > NAME_LIMIT:
            problems.append(
                Problem(where, f"an English name can have at most {NAME_LIMIT} characters")
            )
        _raise(self.label, problems)
        self.before, self.after = {}, {}
        for name, value in wanted.items():
            column = _UPDATE_FIELDS[name]
            current = getattr(code, column)
            if current != value:
                self.before[name] = copy.deepcopy(current)
                self.after[name] = copy.deepcopy(value)
                setattr(code, column, copy.deepcopy(value))
        if "keywords" in self.after:
            _sync_dictionary(session)
        return Changes(codebook=True)

    def _revert(self, session: Session) -> Changes:
        code = self._target(session)
        for name, value in self.before.items():
            setattr(code, _UPDATE_FIELDS[name], copy.deepcopy(value))
        if "keywords" in self.before:
            _sync_dictionary(session)
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {
            "code_id": self.code_id,
            "field": ", ".join(self.after) or "nothing",
            "before": self.before,
            "after": self.after,
        }


@dataclass
class RecolourCode(_CodeOperation):
    """Give a code a new colour (#rrggbb)."""

    color: str
    before: str | None = field(default=None, init=False)

    label = "Recolour code"
    action = "code-recolour"

    def _apply(self, session: Session) -> Changes:
        code = self._target(session)
        _raise(self.label, _color_problems(self.color, _where(session, code)))
        self.before, code.color = code.color, self.color
        return Changes(codebook=True)

    def _revert(self, session: Session) -> Changes:
        assert self.before is not None, "revert before apply"
        self._target(session).color = self.before
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {"code_id": self.code_id, "before": self.before, "after": self.color}


@dataclass
class _Placement(_CodeOperation):
    """Moving a code among the children of some parent: shared by MoveCode and ReorderCode."""

    _old_parent: int | None = field(default=None, init=False, repr=False)
    _new_parent: int | None = field(default=None, init=False, repr=False)
    _old_positions: dict[int, int] = field(default_factory=dict, init=False, repr=False)
    _new_positions: dict[int, int] = field(default_factory=dict, init=False, repr=False)

    def _place(
        self, session: Session, code: Code, parent_id: int | None, index: int | None
    ) -> None:
        where = _where(session, code)
        problems: list[Problem] = []
        if parent_id is not None:
            parent = _code(session, parent_id, self.label, "new parent")
            if parent.id in set(_subtree(session, code.id)):
                problems.append(Problem(where, "cannot move a code under itself or its descendant"))
            elif parent.retired and parent.id != code.parent_id:
                problems.append(Problem(where, "cannot move a code under a retired code"))
        if parent_id != code.parent_id:
            problems += _name_problems(session, code.name, parent_id, where, exclude_ids=[code.id])
        _raise(self.label, problems)
        old_parent = code.parent_id
        old_positions = _positions(session, old_parent)
        new_positions = _positions(session, parent_id)
        _insert_at(session, code, parent_id, index)
        self._old_parent, self._new_parent = old_parent, parent_id
        self._old_positions, self._new_positions = old_positions, new_positions

    def _revert(self, session: Session) -> Changes:
        code = self._target(session)
        code.parent_id = self._old_parent
        _restore_positions(session, self._new_positions)
        _restore_positions(session, self._old_positions)
        return Changes(codebook=True)


@dataclass
class MoveCode(_Placement):
    """Move a code (with its subtree) under another parent (None: the top) at a position.

    `position` counts among the new siblings from 0; None puts the code last.
    """

    parent_id: int | None
    position: int | None = None

    label = "Move code"
    action = "code-move"

    def _apply(self, session: Session) -> Changes:
        self._place(session, self._target(session), self.parent_id, self.position)
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {
            "code_id": self.code_id,
            "from_parent_id": self._old_parent,
            "to_parent_id": self.parent_id,
            "position": self.position,
        }


@dataclass
class ReorderCode(_Placement):
    """Move a code to another position among its siblings (counted from 0; the parent stays)."""

    position: int

    label = "Reorder code"
    action = "code-reorder"

    def _apply(self, session: Session) -> Changes:
        code = self._target(session)
        self._place(session, code, code.parent_id, self.position)
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {
            "code_id": self.code_id,
            "parent_id": self._new_parent,
            "before": self._old_positions.get(self.code_id),
            "position": self.position,
        }


@dataclass
class MergeCodes(CodebookOperation):
    """Merge the source code into the target: segments and children follow (see module doc)."""

    source_id: int
    target_id: int
    delete_source: bool = True
    _segments: list[int] = field(default_factory=list, init=False, repr=False)
    _children: dict[int, int] = field(default_factory=dict, init=False, repr=False)
    _source: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _target_keywords: list[str] = field(default_factory=list, init=False, repr=False)
    _names: tuple[str, str] = field(default=("", ""), init=False, repr=False)
    guid: str | None = field(default=None, init=False, repr=False)

    label = "Merge codes"
    action = "code-merge"

    def _check(self, session: Session, source: Code, target: Code) -> list[Code]:
        where = _where(session, source)
        problems: list[Problem] = []
        if source.id == target.id:
            problems.append(Problem(where, "a code cannot be merged into itself"))
        elif target.id in set(_subtree(session, source.id)):
            problems.append(Problem(where, "a code cannot be merged into its own descendant"))
        if target.retired:
            problems.append(
                Problem(_where(session, target), "cannot merge into a retired code; unretire it")
            )
        children = _siblings(session, source.id)
        taken = {c.name for c in _siblings(session, target.id)}
        if source.parent_id == target.id and self.delete_source:
            taken.discard(source.name)  # the source leaves the target's children
        for child in children:
            if child.name in taken:
                problems.append(
                    Problem(
                        _where(session, child),
                        f"the target already has a child named {child.name!r}; merge those first",
                    )
                )
        _raise(self.label, problems)
        return children

    def _apply(self, session: Session) -> Changes:
        source = _code(session, self.source_id, self.label, "source")
        target = _code(session, self.target_id, self.label, "target")
        children = self._check(session, source, target)
        names = (path_text(_path(session, source)), path_text(_path(session, target)))
        snapshot = _snapshot(source)
        target_keywords = list(target.keywords)
        segments = sorted(_segment_ids(session, [source.id]))
        _move_segments(session, segments, target.id)
        child_positions = {c.id: c.position for c in children}
        last = max((c.position for c in _siblings(session, target.id)), default=-1)
        for offset, child in enumerate(children, start=1):
            child.parent_id, child.position = target.id, last + offset
        merged = list(target_keywords)
        merged += [k for k in source.keywords if k not in merged]
        target.keywords = merged
        session.flush()
        if self.delete_source:
            session.delete(source)
        else:
            source.retired = True
        session.flush()
        _sync_dictionary(session)
        self._segments, self._children, self._source = segments, child_positions, snapshot
        self._target_keywords, self._names = target_keywords, names
        self.guid = snapshot["guid"]
        return _segment_changes(session, segments)

    def _revert(self, session: Session) -> Changes:
        source = session.get(Code, self.source_id)
        if source is None:
            source = _recreate(session, self._source)
        else:
            source.retired = self._source["retired"]
        target = _code(session, self.target_id, f"Undo {self.label}")
        target.keywords = list(self._target_keywords)
        for child_id, position in self._children.items():
            child = _code(session, child_id, f"Undo {self.label}")
            child.parent_id, child.position = source.id, position
        _move_segments(session, self._segments, source.id)
        session.flush()
        _sync_dictionary(session)
        return _segment_changes(session, self._segments)

    def entity_guid(self) -> str | None:
        """The source code's GUID."""
        return self.guid

    def _payload(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "target_id": self.target_id,
            "source": self._names[0],
            "target": self._names[1],
            "source_deleted": self.delete_source,
            "segments": len(self._segments),
            "children": sorted(self._children),
        }


@dataclass
class SplitCode(_CodeOperation):
    """Add new sibling codes after a code and move the segments the lead picked to them.

    `segments` maps a segment id of the code to the index of the new code (in `parts`) it goes
    to; segments not listed stay on the code. With `retire_source` the code is retired too.
    """

    parts: list[CodeSpec]
    segments: dict[int, int] = field(default_factory=dict)
    retire_source: bool = False
    part_ids: list[int] = field(default_factory=list, init=False)
    part_guids: list[str] = field(default_factory=list, init=False)
    _positions: dict[int, int] = field(default_factory=dict, init=False, repr=False)
    _was_retired: bool = field(default=False, init=False, repr=False)
    _created: list[dt.datetime] = field(default_factory=list, init=False, repr=False)

    label = "Split code"
    action = "code-split"

    def __post_init__(self) -> None:
        self.parts = [_clean_spec(p) for p in self.parts]
        self.part_guids = [(p.guid or new_guid()).upper() for p in self.parts]

    def _check(self, session: Session, code: Code) -> None:
        where = _where(session, code)
        problems: list[Problem] = []
        if not self.parts:
            problems.append(Problem(where, "a split needs at least one new code"))
        names: list[str] = []
        keys: dict[str, str] = {}
        for part, guid in zip(self.parts, self.part_guids, strict=True):
            part_where = f"new code {part.name!r}"
            spec = CodeSpec(**{**_spec_fields(part), "guid": guid})
            problems += _new_code_problems(session, spec, code.parent_id, part_where, names, keys)
            names.append(part.name)
            if part.key:
                keys[part.key] = part.name
        owners = _segment_ids(session, [code.id])
        strays = sorted(s for s in self.segments if s not in owners)
        if strays:
            shown = ", ".join(str(s) for s in strays[:10])
            problems.append(Problem(where, f"segments {shown} are not coded with this code"))
        wrong = sorted({i for i in self.segments.values() if not 0 <= i < len(self.parts)})
        if wrong:
            problems.append(Problem(where, f"no new code number {wrong[0]} (count from 0)"))
        if self.retire_source and code.retired:
            problems.append(Problem(where, "the code is already retired"))
        _raise(self.label, problems)

    def _apply(self, session: Session) -> Changes:
        code = self._target(session)
        self._check(session, code)
        positions = _positions(session, code.parent_id)
        order = [c.id for c in _siblings(session, code.parent_id)]
        index = order.index(code.id) + 1
        new_ids: list[int] = []
        created: list[dt.datetime] = []
        for offset, (part, guid) in enumerate(zip(self.parts, self.part_guids, strict=True)):
            known = self.part_ids[offset] if self.part_ids else None
            when = self._created[offset] if self._created else None
            new = _new_code(part, guid, known, code.parent_id, when)
            session.add(new)
            session.flush()
            _insert_at(session, new, code.parent_id, index + offset)
            new_ids.append(new.id)
            created.append(new.created_at)
        by_part: dict[int, list[int]] = {}
        for segment_id, part_index in self.segments.items():
            by_part.setdefault(part_index, []).append(segment_id)
        for part_index, segment_ids in by_part.items():
            _move_segments(session, segment_ids, new_ids[part_index])
        was_retired = code.retired
        if self.retire_source:
            code.retired = True
        if any(p.keywords for p in self.parts):
            _sync_dictionary(session)
        self.part_ids, self._positions, self._was_retired = new_ids, positions, was_retired
        self._created = created
        return _segment_changes(session, self.segments)

    def _revert(self, session: Session) -> Changes:
        code = self._target(session)
        _move_segments(session, list(self.segments), code.id)
        session.flush()
        for part_id in self.part_ids:
            part = _code(session, part_id, f"Undo {self.label}")
            if session.scalar(select(Segment.id).where(Segment.code_id == part_id).limit(1)):
                raise CodebookError(
                    f"Undo {self.label}",
                    [Problem(_where(session, part), "the new code has other segments now")],
                )
            session.delete(part)
        session.flush()
        _restore_positions(session, self._positions)
        code.retired = self._was_retired
        if any(p.keywords for p in self.parts):
            _sync_dictionary(session)
        return _segment_changes(session, self.segments)

    def _payload(self) -> dict[str, Any]:
        return {
            "code_id": self.code_id,
            "parts": [
                {**_spec_fields(p), "guid": g}
                for p, g in zip(self.parts, self.part_guids, strict=True)
            ],
            "part_ids": self.part_ids,
            "segments": {str(k): v for k, v in sorted(self.segments.items())},
            "retire_source": self.retire_source,
        }


@dataclass
class RetireCode(_CodeOperation):
    """Retire a code and its subtree: hidden from new coding, kept with all its segments."""

    retired_ids: list[int] = field(default_factory=list, init=False)

    label = "Retire code"
    action = "code-retire"

    def _apply(self, session: Session) -> Changes:
        code = self._target(session)
        if code.retired:
            _raise(self.label, [Problem(_where(session, code), "the code is already retired")])
        changed: list[int] = []
        for code_id in _subtree(session, code.id):
            node = _code(session, code_id, self.label)
            if not node.retired:
                node.retired = True
                changed.append(code_id)
        self.retired_ids = changed
        return Changes(codebook=True)

    def _revert(self, session: Session) -> Changes:
        for code_id in self.retired_ids:
            _code(session, code_id, f"Undo {self.label}").retired = False
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {"code_id": self.code_id, "retired": self.retired_ids}


@dataclass
class UnretireCode(_CodeOperation):
    """Bring a retired code back into use, with its retired descendants unless told not to."""

    with_descendants: bool = True
    unretired_ids: list[int] = field(default_factory=list, init=False)

    label = "Unretire code"
    action = "code-unretire"

    def _apply(self, session: Session) -> Changes:
        code = self._target(session)
        where = _where(session, code)
        if not code.retired:
            _raise(self.label, [Problem(where, "the code is not retired")])
        if any(a.retired for a in _ancestors(session, code)):
            _raise(self.label, [Problem(where, "its parent is retired; unretire the parent")])
        ids = _subtree(session, code.id) if self.with_descendants else [code.id]
        changed: list[int] = []
        for code_id in ids:
            node = _code(session, code_id, self.label)
            if node.retired:
                node.retired = False
                changed.append(code_id)
        self.unretired_ids = changed
        return Changes(codebook=True)

    def _revert(self, session: Session) -> Changes:
        for code_id in self.unretired_ids:
            _code(session, code_id, f"Undo {self.label}").retired = True
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {"code_id": self.code_id, "unretired": self.unretired_ids}


@dataclass
class DeleteCode(_CodeOperation):
    """Delete a code and its subtree; refused if any has segments, unless told what to do.

    With `reassign_to`, every segment of the deleted codes moves to that code first; with
    `delete_segments`, they are deleted with the codes (undo brings them back, row for row).
    """

    reassign_to: int | None = None
    delete_segments: bool = False
    _snapshots: list[dict[str, Any]] = field(default_factory=list, init=False, repr=False)
    _segments: dict[int, int] = field(default_factory=dict, init=False, repr=False)
    _segment_rows: list[dict[str, Any]] = field(default_factory=list, init=False, repr=False)
    _path_text: str = field(default="", init=False, repr=False)

    label = "Delete code"
    action = "code-delete"

    def _apply(self, session: Session) -> Changes:
        code = self._target(session)
        where = _where(session, code)
        subtree = _subtree(session, code.id)
        segments = _segment_ids(session, subtree)
        problems: list[Problem] = []
        if self.reassign_to is not None and self.delete_segments:
            problems.append(
                Problem(where, "its segments can be reassigned or deleted, not both; choose one")
            )
        elif self.reassign_to is not None:
            target = _code(session, self.reassign_to, self.label, "reassignment target")
            if target.id in set(subtree):
                problems.append(
                    Problem(where, "its segments cannot go to the code itself or one under it")
                )
            elif target.retired:
                problems.append(
                    Problem(where, "its segments cannot go to a retired code; unretire it first")
                )
        elif segments and not self.delete_segments:
            under = " and the codes under it" if len(subtree) > 1 else ""
            problems.append(
                Problem(
                    where,
                    f"the code{under} has {len(segments)} segments; choose a code to reassign "
                    "them to, delete them with the code, or retire the code instead",
                )
            )
        _raise(self.label, problems)
        snapshots = [_snapshot(_code(session, i, self.label)) for i in subtree]
        self._path_text = path_text(_path(session, code))
        # The articles are read before the segments go: afterwards nothing names them.
        changes = _segment_changes(session, segments) if segments else Changes(codebook=True)
        self._segment_rows = []
        if self.reassign_to is not None:
            _move_segments(session, list(segments), self.reassign_to)
        elif segments:
            self._segment_rows = _delete_segment_rows(session, list(segments))
        session.flush()
        # Children first: the parent foreign key is RESTRICT.
        for code_id in reversed(subtree):
            session.delete(_code(session, code_id, self.label))
            session.flush()
        _sync_dictionary(session)
        self._snapshots, self._segments = snapshots, segments
        return changes

    def _revert(self, session: Session) -> Changes:
        for snapshot in self._snapshots:  # parents before children
            _recreate(session, snapshot)
        session.flush()
        if self._segment_rows:
            session.execute(insert(Segment), self._segment_rows)
        else:
            _put_back(session, self._segments)
        session.flush()
        _sync_dictionary(session)
        if not self._segments:
            return Changes(codebook=True)
        return _segment_changes(session, self._segments)

    def _payload(self) -> dict[str, Any]:
        return {
            "code_id": self.code_id,
            "path": self._path_text,
            "deleted": [s["id"] for s in self._snapshots],
            "reassign_to": self.reassign_to,
            "segments": len(self._segments),
            "segments_deleted": len(self._segment_rows),
        }


# --- variables --------------------------------------------------------------------------------


def _variable(session: Session, variable_id: int, source: str) -> Variable:
    variable = session.get(Variable, variable_id)
    if variable is None:
        raise CodebookError(source, [Problem(f"variable id {variable_id}", "no such variable")])
    return variable


def _variable_problems(
    session: Session, spec: VariableSpec, exclude_id: int | None = None
) -> list[Problem]:
    where = f"variable {spec.name!r}"
    problems = validate(CodebookSpec(variables=[spec]))
    if spec.name != spec.name.strip():
        problems.append(Problem(where, "a variable name cannot start or end with spaces"))
    if len(spec.name) > VARIABLE_NAME_LIMIT:
        problems.append(
            Problem(where, f"a variable name can have at most {VARIABLE_NAME_LIMIT} characters")
        )
    for text in (spec.label, spec.label_en or ""):
        if len(text) > NAME_LIMIT:
            problems.append(Problem(where, f"a label can have at most {NAME_LIMIT} characters"))
    for choice in spec.values:
        if not choice.value.strip():
            problems.append(Problem(where, "an allowed value is empty"))
        if max(len(choice.value), len(choice.label), len(choice.label_en or "")) > CHOICE_LIMIT:
            problems.append(
                Problem(
                    where, f"allowed values and their labels can have {CHOICE_LIMIT} characters"
                )
            )
    query = select(Variable.id).where(Variable.name == spec.name)
    if exclude_id is not None:
        query = query.where(Variable.id != exclude_id)
    if session.scalar(query.limit(1)) is not None:
        problems.append(Problem(where, "another variable has this name"))
    return problems


def _variable_columns(variable: Variable) -> dict[str, Any]:
    return {column.key: getattr(variable, column.key) for column in Variable.__table__.columns}


def _choice_rows(variable: Variable) -> list[dict[str, Any]]:
    return [
        {column.key: getattr(choice, column.key) for column in VariableChoice.__table__.columns}
        for choice in variable.choices
    ]


def _variable_json(spec: VariableSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "label": spec.label,
        "label_en": spec.label_en,
        "description": spec.description,
        "type": spec.level,
        "required": spec.required,
        "values": [
            {"value": c.value, "label": c.label, "label_en": c.label_en} for c in spec.values
        ],
        "range": [spec.minimum, spec.maximum],
    }


def _restore_choices(session: Session, variable: Variable, rows: list[dict[str, Any]]) -> None:
    """Make a variable's allowed values exactly the recorded rows (same ids and GUIDs)."""
    wanted = {row["id"]: row for row in rows}
    for old in list(variable.choices):
        if old.id not in wanted:
            variable.choices.remove(old)
    session.flush()
    present = {c.id: c for c in variable.choices}
    for row in rows:
        choice = present.get(row["id"])
        if choice is None:
            variable.choices.append(VariableChoice(**row))
        else:
            for key, value in row.items():
                setattr(choice, key, value)
    variable.choices.sort(key=lambda c: c.position)
    session.flush()


@dataclass
class AddVariable(CodebookOperation):
    """Add an article-level variable with its allowed values, at `position` (None: last)."""

    spec: VariableSpec
    position: int | None = None
    variable_id: int | None = field(default=None, init=False)
    guid: str = field(default="", init=False)
    _choices: list[dict[str, Any]] = field(default_factory=list, init=False, repr=False)
    _positions: dict[int, int] = field(default_factory=dict, init=False, repr=False)

    label = "Add variable"
    action = "variable-add"
    entity = "variable"

    def __post_init__(self) -> None:
        self.guid = (self.spec.guid or new_guid()).upper()

    def _apply(self, session: Session) -> Changes:
        problems = _variable_problems(session, self.spec)
        if session.scalar(select(Variable.id).where(func.upper(Variable.guid) == self.guid)):
            problems.append(Problem(f"variable {self.spec.name!r}", "its GUID is already used"))
        _raise(self.label, problems)
        order = list(session.scalars(select(Variable).order_by(Variable.position, Variable.id)))
        positions = {v.id: v.position for v in order}
        variable = Variable(
            id=self.variable_id,
            guid=self.guid,
            name=self.spec.name,
            label=self.spec.label,
            label_en=self.spec.label_en,
            description=self.spec.description,
            level=self.spec.level,
            required=self.spec.required,
            minimum=self.spec.minimum,
            maximum=self.spec.maximum,
            retired=False,
        )
        if self._choices:  # redo: the same rows again
            variable.choices = [VariableChoice(**row) for row in self._choices]
        else:
            variable.choices = [
                VariableChoice(
                    guid=new_guid(), value=c.value, label=c.label, label_en=c.label_en, position=i
                )
                for i, c in enumerate(self.spec.values)
            ]
        session.add(variable)
        session.flush()
        index = len(order) if self.position is None else max(0, min(self.position, len(order)))
        order.insert(index, variable)
        for i, item in enumerate(order):
            item.position = i
        session.flush()
        self.variable_id, self._positions = variable.id, positions
        self._choices = _choice_rows(variable)
        return Changes(codebook=True)

    def _revert(self, session: Session) -> Changes:
        assert self.variable_id is not None, "revert before apply"
        variable = _variable(session, self.variable_id, f"Undo {self.label}")
        if session.scalar(
            select(VariableValue.id).where(VariableValue.variable_id == variable.id).limit(1)
        ):
            raise CodebookError(
                f"Undo {self.label}",
                [Problem(f"variable {variable.name!r}", "it has coded values now; retire it")],
            )
        session.delete(variable)
        session.flush()
        for variable_id, position in self._positions.items():
            _variable(session, variable_id, f"Undo {self.label}").position = position
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {"variable_id": self.variable_id, **_variable_json(self.spec)}

    def entity_guid(self) -> str | None:
        """The new variable's GUID."""
        return self.guid


@dataclass
class EditVariable(CodebookOperation):
    """Change a variable: name, labels, description, type, required, range, allowed values.

    The allowed values become `spec.values` in that order; a value already there keeps its row
    (and GUID). `spec.guid` and `spec.retired` are ignored (see `RetireVariable`).
    """

    variable_id: int
    spec: VariableSpec
    guid: str | None = field(default=None, init=False, repr=False)
    _before: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _before_choices: list[dict[str, Any]] = field(default_factory=list, init=False, repr=False)
    _before_spec: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _added_choices: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, repr=False)

    label = "Edit variable"
    action = "variable-edit"
    entity = "variable"

    def _apply(self, session: Session) -> Changes:
        variable = _variable(session, self.variable_id, self.label)
        where = f"variable {variable.name!r}"
        problems = _variable_problems(session, self.spec, exclude_id=variable.id)
        used = set(
            session.scalars(
                select(VariableValue.value).where(VariableValue.variable_id == variable.id)
            )
        )
        soft = {"nominal", "ordinal"}
        if used and self.spec.level != variable.level and {self.spec.level, variable.level} - soft:
            problems.append(
                Problem(where, f"values are coded, so its type stays {variable.level!r}")
            )
        if variable.level in soft:
            dropped = sorted(
                {c.value for c in variable.choices} - {c.value for c in self.spec.values}
            )
            in_use = [v for v in dropped if v in used]
            if in_use:
                problems.append(
                    Problem(
                        where,
                        f"allowed value {in_use[0]!r} is used by coded values; keep it or "
                        "recode them first",
                    )
                )
        _raise(self.label, problems)
        before = _variable_columns(variable)
        before_choices = _choice_rows(variable)
        before_spec = _variable_json(
            VariableSpec(
                name=variable.name,
                level=variable.level,
                label=variable.label,
                label_en=variable.label_en,
                description=variable.description,
                required=variable.required,
                minimum=variable.minimum,
                maximum=variable.maximum,
            )
        )
        before_spec["values"] = [
            {"value": c["value"], "label": c["label"], "label_en": c["label_en"]}
            for c in before_choices
        ]
        variable.name = self.spec.name
        variable.label = self.spec.label
        variable.label_en = self.spec.label_en
        variable.description = self.spec.description
        variable.level = self.spec.level
        variable.required = self.spec.required
        variable.minimum = self.spec.minimum
        variable.maximum = self.spec.maximum
        existing = {c.value: c for c in variable.choices}
        wanted = {c.value for c in self.spec.values}
        for value, old in existing.items():
            if value not in wanted:
                variable.choices.remove(old)
        session.flush()
        added: dict[str, dict[str, Any]] = {}
        for position, spec_choice in enumerate(self.spec.values):
            choice = existing.get(spec_choice.value)
            if choice is None:
                # On redo, a value this edit added gets its first id and GUID back.
                known = self._added_choices.get(spec_choice.value)
                choice = VariableChoice(
                    id=known["id"] if known else None,
                    guid=known["guid"] if known else new_guid(),
                    value=spec_choice.value,
                )
                variable.choices.append(choice)
            choice.label, choice.label_en = spec_choice.label, spec_choice.label_en
            choice.position = position
        variable.choices.sort(key=lambda c: c.position)
        session.flush()
        old_ids = {row["id"] for row in before_choices}
        for row in _choice_rows(variable):
            if row["id"] not in old_ids:
                added[row["value"]] = {"id": row["id"], "guid": row["guid"]}
        self.guid = variable.guid
        self._before, self._before_choices, self._before_spec = before, before_choices, before_spec
        self._added_choices = added
        return Changes(codebook=True)

    def _revert(self, session: Session) -> Changes:
        variable = _variable(session, self.variable_id, f"Undo {self.label}")
        for key, value in self._before.items():
            setattr(variable, key, value)
        _restore_choices(session, variable, self._before_choices)
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {
            "variable_id": self.variable_id,
            "before": self._before_spec,
            "after": _variable_json(self.spec),
        }

    def entity_guid(self) -> str | None:
        """The variable's GUID."""
        return self.guid


@dataclass
class RetireVariable(CodebookOperation):
    """Retire a variable: hidden from new coding, kept with its coded values."""

    variable_id: int
    guid: str | None = field(default=None, init=False, repr=False)

    label = "Retire variable"
    action = "variable-retire"
    entity = "variable"
    _retire = True

    def _apply(self, session: Session) -> Changes:
        variable = _variable(session, self.variable_id, self.label)
        if variable.retired == self._retire:
            state = "retired" if self._retire else "in use"
            _raise(self.label, [Problem(f"variable {variable.name!r}", f"it is already {state}")])
        variable.retired = self._retire
        self.guid = variable.guid
        return Changes(codebook=True)

    def _revert(self, session: Session) -> Changes:
        _variable(session, self.variable_id, f"Undo {self.label}").retired = not self._retire
        return Changes(codebook=True)

    def _payload(self) -> dict[str, Any]:
        return {"variable_id": self.variable_id}

    def entity_guid(self) -> str | None:
        """The variable's GUID."""
        return self.guid


@dataclass
class UnretireVariable(RetireVariable):
    """Bring a retired variable back into use."""

    label = "Unretire variable"
    action = "variable-unretire"
    _retire = False
