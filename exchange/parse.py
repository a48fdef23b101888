"""A REFI-QDA project file (.qdpx, or a codebook .qdc) read into plain data, every span checked.

Nothing here touches a project: `read_qdpx` returns a `QdpxFile` that
exchange.read stores in one transaction. Everything that makes the file unusable raises
`QdpxError` before any of it is stored: an unsafe archive (exchange.archive), malformed
XML, a GUID that is not one, and dangling references (a CodeRef, NoteRef, SourceRef,
SelectionRef or VariableRef to nothing, a creatingUser who is not among the Users, a
plainTextPath to a file the archive does not hold).

How a source's text becomes an article, and how selections land on it:

- The source file is decoded (UTF-8, or UTF-16 with its BOM); the raw text keeps the BOM as
  U+FEFF, as every articoder import does. The cleaned text is the raw text with only the
  byte-level normalisation applied: the BOM removed, CRLF turned into LF (the CR removed) and
  a lone CR into LF, each an `Edit` stored with the article. The content cleaning of a file
  import (boilerplate, pinyin, metadata lines, white space) is deliberately not run: the other
  tool's coders coded the whole text, and removing a line they coded would lose their work.
- Positions are read in the file's convention (exchange.offsets: code points, UTF-16
  units, CRLF counted as one), turned into code points of the text without its BOM, then
  mapped through the edits onto the cleaned text.
- Each selection is checked: it must lie inside the text and not split a character, cover
  more than white space, and, when the file records its text (its name or description, and
  the file's recorded texts are evidence at all, see exchange.offsets.choose), cover that text.
  A selection that fails is a `Mismatch`: reported with its GUID, line and both texts, and
  never stored.
"""

from __future__ import annotations

import bisect
import datetime as dt
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from codebook.qdc import children_named, local_name, parse_codebook_qdc, read_codebook_qdc
from codebook.spec import CodebookError, CodebookSpec, walk
from corpus.text import Edit, apply_edits
from exchange.archive import Archive, ArchiveLimits, QdpxError, decode_text, parse_xml
from exchange.format import (
    CODER_VARIABLE,
    METADATA,
    PROJECT_NAMESPACE,
    RESERVED_PREFIX,
    VALUE_ELEMENTS,
    guid_or_none,
    parse_timestamp,
    variable_spec,
)
from exchange.offsets import Choice, OffsetMap, Probe, choose, lands, preferred

_SOURCE_KINDS = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
_SHORT = 40
# The longest names the project's tables hold (models.entities).
CODE_NAME_LIMIT = 200
VARIABLE_NAME_LIMIT = 120


@dataclass(frozen=True)
class UserIn:
    """A user of the file (a coder)."""

    guid: str
    name: str


@dataclass
class VariableIn:
    """A variable of the file; `reserved` names an article column or the coder variable."""

    guid: str
    name: str
    type: str
    spec: Any  # codebook.spec.VariableSpec
    reserved: bool


@dataclass(frozen=True)
class ValueIn:
    """A variable's value, as text."""

    variable_guid: str
    value: str
    line: int


@dataclass(frozen=True)
class CodingIn:
    """One code applied to a selection, by one user, with the memo of its notes."""

    guid: str
    code_guid: str
    user_guid: str | None
    created: dt.datetime | None
    changed: dt.datetime | None
    memo: str


@dataclass
class SelectionIn:
    """A checked selection: [start, end) in code points of the cleaned text."""

    guid: str
    start: int
    end: int
    text: str
    codings: list[CodingIn]
    line: int


@dataclass
class SourceIn:
    """A text source: the article it becomes, its metadata, selections and values."""

    guid: str
    name: str
    member: str
    raw_text: str
    text: str
    edits: list[Edit]
    encoding: str
    metadata: dict[str, str]
    selections: list[SelectionIn]
    values: list[ValueIn]
    line: int


@dataclass(frozen=True)
class CaseIn:
    """A case: values for the sources it refers to, by one coder when it names one."""

    guid: str
    name: str
    coder: str | None  # the value of articoder:coder: a user's name or GUID
    source_guids: tuple[str, ...]
    values: tuple[ValueIn, ...]
    line: int


@dataclass(frozen=True)
class Mismatch:
    """A selection (or value) that does not land where the file says; never stored."""

    source: str
    guid: str
    line: int
    reason: str

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form."""
        return {"source": self.source, "guid": self.guid, "line": self.line, "reason": self.reason}


@dataclass
class QdpxFile:
    """Everything a .qdpx (or .qdc) file holds that articoder can store."""

    path: Path
    origin: str
    name: str
    choice: Choice | None
    users: list[UserIn] = field(default_factory=list)
    codebook: CodebookSpec = field(default_factory=CodebookSpec)
    variables: list[VariableIn] = field(default_factory=list)
    sources: list[SourceIn] = field(default_factory=list)
    cases: list[CaseIn] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    default_user: str | None = None
    creator: str | None = None  # the project's creatingUserGUID, when it is a user
    ours: bool = False


# -- small helpers ---------------------------------------------------------------------------


def _first_text(element: Any, name: str) -> str:
    found = children_named(element, name)
    return (found[0].text or "") if found else ""


def short(text: str) -> str:
    """A text shortened for a message, on one line."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= _SHORT else flat[:_SHORT] + "…")


class _Parser:
    """Reads the project XML with its archive, collecting GUIDs and references to check."""

    def __init__(self, archive: Archive, member: str, root: Any) -> None:
        self.archive = archive
        self.member = member
        self.base = posixpath.dirname(member.replace("\\", "/"))
        self.root = root
        self.where = f"{archive.path}: {member}"
        self.origin = root.get("origin") or ""
        self.users: dict[str, UserIn] = {}
        self.notes: dict[str, str] = {}
        self.variables: dict[str, VariableIn] = {}
        self.code_guids: set[str] = set()
        self.selection_guids: set[str] = set()
        self.source_guids: set[str] = set()
        self.skipped: list[str] = []

    def error(self, element: Any, message: str) -> QdpxError:
        line = getattr(element, "sourceline", None) or 1
        return QdpxError(f"{self.where}, line {line}, <{local_name(element)}>: {message}")

    def guid(self, element: Any, attribute: str = "guid", required: bool = True) -> str | None:
        value = element.get(attribute)
        if value is None:
            if required:
                raise self.error(element, f"no {attribute} attribute (REFI-QDA requires it)")
            return None
        guid = guid_or_none(value)
        if guid is None:
            raise self.error(element, f"{attribute} {value!r} is not a GUID")
        return guid

    def integer(self, element: Any, attribute: str) -> int:
        value = element.get(attribute)
        try:
            return int((value or "").strip())
        except ValueError:
            raise self.error(element, f"{attribute} {value!r} is not a whole number") from None

    def user_ref(self, element: Any, attribute: str = "creatingUser") -> str | None:
        guid = self.guid(element, attribute, required=False)
        if guid is not None and guid not in self.users:
            raise self.error(
                element,
                f"{attribute} {guid} is not among the file's <Users> (a dangling reference); "
                "export the project again from the program that made it",
            )
        return guid

    def ref(self, element: Any, known: set[str] | dict[str, Any], what: str) -> str:
        guid = self.guid(element, "targetGUID")
        assert guid is not None
        if guid not in known:
            raise self.error(
                element, f"targetGUID {guid} names no {what} in the file (a dangling reference)"
            )
        return guid

    def member_text(self, element: Any, path: str) -> tuple[str, str, str, bool]:
        """(member, text, encoding, BOM) of a plainTextPath inside the archive."""
        lowered = path.lower()
        if lowered.startswith("internal://"):
            name = path[len("internal://") :]
            member = self.archive.find(f"Sources/{name}", self.base) or self.archive.find(
                name, self.base
            )
        elif "://" in path:
            raise _External(path)
        else:
            member = self.archive.find(path, self.base)
        if member is None:
            raise self.error(
                element,
                f"plainTextPath {path!r} names a file the archive does not hold (looked in "
                "Sources/ and sources/)",
            )
        data = self.archive.read(member)
        text, encoding, bom = decode_text(data, f"{self.archive.path}: {member}")
        return member, text, encoding, bom

    # -- sections ----------------------------------------------------------------------------

    def read_users(self) -> None:
        for users in children_named(self.root, "Users"):
            for user in children_named(users, "User"):
                guid = self.guid(user)
                assert guid is not None
                name = (user.get("name") or user.get("id") or "").strip()
                self.users[guid] = UserIn(guid, name or f"user {guid[:8]}")

    def read_codebook(self) -> CodebookSpec:
        books = children_named(self.root, "CodeBook")
        if not books:
            return CodebookSpec()
        book = books[0]
        # The codebook reader parses its own document: pad it so that its lines are ours.
        data = b"\n" * (max(book.sourceline or 1, 1) - 1) + etree.tostring(book)
        try:
            spec = parse_codebook_qdc(data, self.where)
        except CodebookError as exc:
            raise QdpxError(str(exc)) from exc
        for path, code in walk(spec.codes):
            if len(code.name) > CODE_NAME_LIMIT:
                raise QdpxError(
                    f"{self.where}, {code.location or 'CodeBook'}: a code name longer than "
                    f"{CODE_NAME_LIMIT} characters ({short(code.name)}); shorten it first"
                )
            if code.guid is None:
                raise QdpxError(
                    f"{self.where}, {code.location or 'CodeBook'}: code {' > '.join(path)!r} "
                    "has no valid guid"
                )
            self.code_guids.add(code.guid.upper())
        return spec

    def read_variables(self) -> list[str]:
        problems: list[str] = []
        for variables in children_named(self.root, "Variables"):
            for element in children_named(variables, "Variable"):
                guid = self.guid(element)
                assert guid is not None
                name = (element.get("name") or "").strip()
                if len(name) > VARIABLE_NAME_LIMIT:
                    raise self.error(
                        element,
                        f"a variable name longer than {VARIABLE_NAME_LIMIT} characters; "
                        "shorten it first",
                    )
                type_ = (element.get("typeOfVariable") or "Text").strip()
                if type_ not in VALUE_ELEMENTS:
                    raise self.error(element, f"typeOfVariable {type_!r} is not a REFI-QDA type")
                where = f"line {element.sourceline}"
                spec, found = variable_spec(
                    name, guid, type_, _first_text(element, "Description"), where
                )
                problems.extend(found)
                self.variables[guid] = VariableIn(
                    guid, name, type_, spec, name.startswith(RESERVED_PREFIX)
                )
        return problems

    def read_notes(self) -> None:
        for notes in children_named(self.root, "Notes"):
            for note in children_named(notes, "Note"):
                guid = self.guid(note)
                assert guid is not None
                content = children_named(note, "PlainTextContent")
                if content:
                    self.notes[guid] = content[0].text or ""
                elif note.get("plainTextPath"):
                    try:
                        _, text, _, _ = self.member_text(note, note.get("plainTextPath"))
                    except _External:
                        text = ""
                    self.notes[guid] = text
                else:
                    self.notes[guid] = _first_text(note, "Description")

    def memo(self, element: Any) -> list[str]:
        texts: list[str] = []
        for ref in children_named(element, "NoteRef"):
            text = self.notes[self.ref(ref, self.notes, "note")]
            if text.strip():
                texts.append(text)
        return texts

    def values(self, element: Any) -> list[ValueIn]:
        found: list[ValueIn] = []
        for value in children_named(element, "VariableValue"):
            refs = children_named(value, "VariableRef")
            if not refs:
                raise self.error(value, "no <VariableRef>")
            guid = self.ref(refs[0], self.variables, "variable")
            text: str | None = None
            for child in value:
                kind = local_name(child)
                if kind in VALUE_ELEMENTS.values():
                    text = (child.text or "").strip() if kind != "TextValue" else child.text or ""
                    if kind == "BooleanValue":
                        text = "true" if text in ("true", "1") else "false"
            if text is not None and text != "":
                found.append(ValueIn(guid, text, value.sourceline or 0))
        return found

    def read_source(self, element: Any) -> tuple[SourceIn, list[tuple[Any, SelectionIn]]] | None:
        guid = self.guid(element)
        assert guid is not None
        name = (element.get("name") or "").strip()
        content = children_named(element, "PlainTextContent")
        path = element.get("plainTextPath")
        bom = False
        encoding = "utf-8"
        if path:
            try:
                member, text, encoding, bom = self.member_text(element, path)
            except _External:
                return None
        elif content:
            member, text = f"{self.member}#line {element.sourceline}", content[0].text or ""
        else:
            raise self.error(element, "neither plainTextPath nor PlainTextContent: no text")
        raw = ("\ufeff" if bom else "") + text
        edits = newline_edits(raw)
        source = SourceIn(
            guid=guid,
            name=name,
            member=member,
            raw_text=raw,
            text=apply_edits(raw, edits),
            edits=edits,
            encoding=encoding,
            metadata={},
            selections=[],
            values=[],
            line=element.sourceline or 0,
        )
        selections: list[tuple[Any, SelectionIn]] = []
        for selection in children_named(element, "PlainTextSelection"):
            selection_guid = self.guid(selection)
            assert selection_guid is not None
            if selection_guid in self.selection_guids:
                raise self.error(selection, f"guid {selection_guid} is used twice")
            self.selection_guids.add(selection_guid)
            start = self.integer(selection, "startPosition")
            end = self.integer(selection, "endPosition")
            selection_user = self.user_ref(selection)
            memo = self.memo(selection)
            codings: list[CodingIn] = []
            for coding in children_named(selection, "Coding"):
                coding_guid = self.guid(coding)
                assert coding_guid is not None
                refs = children_named(coding, "CodeRef")
                if not refs:
                    raise self.error(coding, "no <CodeRef>: which code?")
                code = self.ref(refs[0], self.code_guids, "code of the CodeBook")
                user = self.user_ref(coding) or selection_user
                created = parse_timestamp(coding.get("creationDateTime")) or parse_timestamp(
                    selection.get("creationDateTime")
                )
                changed = parse_timestamp(selection.get("modifiedDateTime")) or created
                codings.append(
                    CodingIn(
                        coding_guid,
                        code,
                        user,
                        created,
                        changed,
                        "\n\n".join(memo + self.memo(coding)),
                    )
                )
            selections.append(
                (selection, SelectionIn(selection_guid, start, end, "", codings, source.line))
            )
        if children_named(element, "Coding"):
            self.skipped.append(
                f"source {name or guid}: codings of the whole source are not imported "
                "(articoder codes spans of text)"
            )
        for coding in children_named(element, "Coding"):
            for ref in children_named(coding, "CodeRef"):
                self.ref(ref, self.code_guids, "code of the CodeBook")
        self.memo(element)  # only checked: a note on a whole source has no place in articoder
        source.values = self.values(element)
        for value in source.values:
            variable = self.variables[value.variable_guid]
            if variable.name in METADATA:
                source.metadata[variable.name] = value.value
        return source, selections

    def read_cases(self) -> list[CaseIn]:
        cases: list[CaseIn] = []
        for group in children_named(self.root, "Cases"):
            for case in children_named(group, "Case"):
                guid = self.guid(case)
                assert guid is not None
                for ref in children_named(case, "CodeRef"):
                    self.ref(ref, self.code_guids, "code of the CodeBook")
                for ref in children_named(case, "SelectionRef"):
                    self.ref(ref, self.selection_guids, "selection")
                source_guids = tuple(
                    self.ref(ref, self.source_guids, "source")
                    for ref in children_named(case, "SourceRef")
                )
                values = self.values(case)
                coder = next(
                    (
                        v.value.strip()
                        for v in values
                        if self.variables[v.variable_guid].name == CODER_VARIABLE
                    ),
                    None,
                )
                cases.append(
                    CaseIn(
                        guid,
                        (case.get("name") or "").strip(),
                        coder,
                        source_guids,
                        tuple(v for v in values if not self.variables[v.variable_guid].reserved),
                        case.sourceline or 0,
                    )
                )
        return cases


class _External(Exception):
    """A source whose text lies outside the archive (relative:// or absolute://)."""


def newline_edits(raw: str) -> list[Edit]:
    """The byte-level normalisation of an imported source: BOM out, CRLF and CR to LF."""
    edits: list[Edit] = []
    if raw.startswith("\ufeff"):
        edits.append(Edit(0, 1, "", "bom", "byte-order mark"))
    position = raw.find("\r")
    while position != -1:
        if raw.startswith("\r\n", position):
            edits.append(Edit(position, position + 1, "", "newline", "CRLF"))
        else:
            edits.append(Edit(position, position + 1, "\n", "newline", "CR"))
        position = raw.find("\r", position + 1)
    return edits


def _removed_positions(edits: list[Edit]) -> list[int]:
    return [e.start for e in edits if not e.replacement]


def _check_selections(
    parsed: QdpxFile,
    choice: Choice,
    pending: list[tuple[SourceIn, list[tuple[Any, SelectionIn]]]],
) -> None:
    for source, selections in pending:
        bom = 1 if source.raw_text.startswith("\ufeff") else 0
        stored = source.raw_text[bom:]
        offsets = OffsetMap(stored, choice.convention)
        removed = _removed_positions(source.edits)
        label = source.name or source.guid
        for element, selection in selections:
            line = element.sourceline or 0

            def mismatch(
                reason: str,
                selection: SelectionIn = selection,
                line: int = line,
                label: str = label,
            ) -> None:
                parsed.mismatches.append(Mismatch(label, selection.guid, line, reason))

            first = offsets.to_codepoint(selection.start)
            last = offsets.to_codepoint(selection.end)
            span = f"[{selection.start}, {selection.end})"
            if first is None or last is None:
                mismatch(
                    f"{span} ({choice.convention}) is not inside the text or splits a character"
                )
                continue
            if first >= last:
                mismatch(f"{span} is empty")
                continue
            covered = stored[first:last]
            recorded = [element.get("name") or "", _first_text(element, "Description")]
            said = [r for r in recorded if r.strip()]
            if choice.texts_recorded and said and not any(lands(r, covered) for r in said):
                mismatch(
                    f"{span} ({choice.convention}) covers {short(covered)}, "
                    f"but the file says {short(said[0])}"
                )
                continue
            start = first + bom - bisect.bisect_left(removed, first + bom)
            end = last + bom - bisect.bisect_left(removed, last + bom)
            text = source.text[start:end]
            if not text.strip():
                mismatch(f"{span} covers only white space")
                continue
            if not selection.codings:
                continue  # a selection without a code is nothing articoder can store
            selection.start, selection.end, selection.text = start, end, text
            selection.line = line
            source.selections.append(selection)


def _probes(
    pending: list[tuple[SourceIn, list[tuple[Any, SelectionIn]]]],
) -> Iterator[Probe]:
    for source, selections in pending:
        bom = 1 if source.raw_text.startswith("\ufeff") else 0
        stored = source.raw_text[bom:]
        for element, selection in selections:
            recorded = (element.get("name") or "", _first_text(element, "Description"))
            yield Probe(stored, selection.start, selection.end, recorded)


def read_qdpx(path: Path, limits: ArchiveLimits | None = None) -> QdpxFile:
    """Read and check a .qdpx archive; QdpxError when it cannot be imported as a whole."""
    with Archive(path, limits) as archive:
        member = archive.project_member()
        data = archive.read(member, archive.limits.xml_bytes)
        root = parse_xml(data, f"{path}: {member}")
        namespace = etree.QName(root).namespace
        if local_name(root) != "Project" or namespace not in (None, PROJECT_NAMESPACE):
            raise QdpxError(
                f"{path}: {member}: the document is <{local_name(root)}> in {namespace or 'no'} "
                "namespace, not a REFI-QDA <Project>"
            )
        parser = _Parser(archive, member, root)
        parser.read_users()
        codebook = parser.read_codebook()
        problems = parser.read_variables()
        if problems:
            raise QdpxError(f"{parser.where}: " + "; ".join(problems[:5]))
        parser.read_notes()
        parsed = QdpxFile(path, parser.origin, (root.get("name") or "").strip(), None)
        parsed.codebook = codebook
        parsed.users = list(parser.users.values())
        parsed.variables = list(parser.variables.values())
        parsed.ours = "articoder:title" in {v.name for v in parsed.variables}
        creator = parser.guid(root, "creatingUserGUID", required=False)
        if creator in parser.users:
            parsed.default_user = parsed.creator = creator
        elif len(parser.users) == 1:
            parsed.default_user = next(iter(parser.users))
        pending: list[tuple[SourceIn, list[tuple[Any, SelectionIn]]]] = []
        sources: dict[str, SourceIn] = {}
        for group in children_named(root, "Sources"):
            for element in group:
                kind = local_name(element)
                if kind in (*_SOURCE_KINDS, "TextSource"):
                    parser.source_guids.add(str(parser.guid(element)))
                if kind in _SOURCE_KINDS:
                    parsed.skipped.append(
                        f"{kind} {element.get('name') or element.get('guid')}: only text "
                        "sources can be imported"
                    )
                    continue
                if kind != "TextSource":
                    continue
                read = parser.read_source(element)
                if read is None:
                    parsed.skipped.append(
                        f"source {element.get('name') or element.get('guid')}: its text is "
                        f"outside the archive ({element.get('plainTextPath')})"
                    )
                    continue
                source, selections = read
                if source.guid in sources:
                    raise parser.error(element, f"guid {source.guid} is used by two sources")
                sources[source.guid] = source
                if not source.text.strip():
                    parsed.skipped.append(f"source {source.name or source.guid}: no text")
                    continue
                pending.append((source, selections))
        parsed.skipped.extend(parser.skipped)
        parsed.cases = parser.read_cases()
    choice = choose(parsed.origin, list(_probes(pending)))
    parsed.choice = choice
    _check_selections(parsed, choice, pending)
    parsed.sources = [source for source, _ in pending]
    return parsed


def read_qdc(path: Path) -> QdpxFile:
    """A codebook file (.qdc) as a project file holding codes only."""
    try:
        spec = read_codebook_qdc(path)
    except CodebookError as exc:
        raise QdpxError(str(exc)) from exc
    return QdpxFile(
        path,
        "",
        "",
        Choice(preferred("")[0], "a codebook holds no selections", False, {}),
        codebook=spec,
    )
