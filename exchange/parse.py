"""A REFI-QDA file read into plain data, every span checked, everything it holds accounted for.

Nothing here touches a project: `read_qdpx` (a .qdpx archive), `read_qde` (a bare project
XML) and `read_qdc` (a codebook) return a `QdpxFile` that exchange.read stores in one
transaction. Everything that makes the file unusable raises `QdpxError` before any of it is
stored: an unsafe archive (exchange.archive), malformed XML, a document in no REFI-QDA
namespace, a GUID that is not one, and dangling references (a CodeRef, NoteRef, SourceRef,
SelectionRef or VariableRef to nothing, a creatingUser who is not among the Users, a
plainTextPath to a file the archive does not hold).

The project XML is read as a stream (lxml's iterparse over the archive member): each source,
case, note, set, link and graph is turned into plain data when its end tag is read and then
dropped from the tree, each selection when its own end tag is read. Memory therefore follows
what is kept (the texts, the spans, the memos), not the size of the XML; references are
checked once the whole document has been read, since REFI-QDA files refer forwards (a
selection's NoteRef to the Notes after the Sources, a case's SourceRef to the Sources after
the Cases).

How a source's text becomes an article, and how selections land on it:

- The source file is decoded (UTF-8, or UTF-16 with its BOM); the raw text keeps the BOM as
  U+FEFF, as every articoder import does. The cleaned text is the raw text with only the
  byte-level normalisation applied: the BOM removed, CRLF turned into LF (the CR removed) and
  a lone CR into LF, each an `Edit` stored with the article. The content cleaning of a file
  import (boilerplate, pinyin, metadata lines, white space) is deliberately not run: the other
  tool's coders coded the whole text, and removing a line they coded would lose their work.
- Positions are read in the file's convention, decided by evidence (exchange.offsets.choose:
  recorded texts, then span boundaries, then the origin; a file where none decides is refused),
  turned into code points of the text without its BOM, then mapped through the edits onto the
  cleaned text.
- Each selection is checked: it must lie inside the text and not split a character, cover
  more than white space, and, when the file records selected texts (in the attribute the
  evidence showed: the names, or the descriptions), cover its recorded text. A selection that
  fails is a `Mismatch`: reported with its GUID, line and both texts, and never stored.

Memos: a coding's memo is the text of the notes its selection and its coding refer to, plus
the selection's Description when that is not the selected text (ATLAS.ti and QualCoder write
memos there), each text once. A note on a code holding an `[articoder]` block (what
exchange.write puts there) gives back the code's extra fields. Values: a source's own values,
and those of a case naming exactly one source (MAXQDA writes document variables so;
articoder writes one case per article and coder, naming the coder in `articoder:coder`).

Everything else the file holds is listed in `QdpxFile.not_imported`, by kind, with a count and
an example: non-text sources, sources outside the archive, codings of whole sources,
selections without a code, memos of sources, codes and the project, notes attached to nothing
kept (journals, annotations), cases that cannot be mapped to one article, sets (of sources, of
codes), links, graphs, the project description, and elements REFI-QDA 1.0 does not define.
"""

from __future__ import annotations

import bisect
import datetime as dt
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from codebook.qdc import (
    SAFE_XML_OPTIONS,
    apply_code_extras,
    children_named,
    is_extras_text,
    local_name,
    namespace_of,
    parse_qdc_document,
    qda_namespace,
    read_qdc_document,
)
from codebook.spec import CodebookError, CodebookSpec, walk
from corpus.text import Edit, apply_edits
from exchange.archive import Archive, ArchiveLimits, QdpxError, decode_text
from exchange.format import (
    CODER_VARIABLE,
    METADATA,
    RESERVED_PREFIX,
    VALUE_ELEMENTS,
    guid_or_none,
    parse_timestamp,
    variable_spec,
)
from exchange.offsets import (
    Choice,
    OffsetMap,
    Probe,
    Undecided,
    choose,
    lands,
    normalise_for_comparison,
    preferred,
)

_SOURCE_KINDS = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
_ITEM_SECTIONS = ("Sources", "Cases", "Notes", "Links", "Sets", "Graphs")
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


@dataclass(frozen=True, slots=True)
class ValueIn:
    """A variable's value, as text."""

    variable_guid: str
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class CodingIn:
    """One code applied to a selection, by one user, with its memo."""

    guid: str
    code_guid: str
    user_guid: str | None
    created: dt.datetime | None
    changed: dt.datetime | None
    memo: str


@dataclass(slots=True)
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


@dataclass(frozen=True)
class NotImported:
    """Something of one kind the file holds that articoder does not store, and why."""

    kind: str
    count: int
    example: str
    why: str

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form."""
        return {"kind": self.kind, "count": self.count, "example": self.example, "why": self.why}

    def text(self) -> str:
        """One line for people: '3 sets of sources (e.g. "Interviews"): why'."""
        example = f" (e.g. {self.example!r})" if self.example else ""
        return f"{self.count} × {self.kind}{example}: {self.why}"


@dataclass
class QdpxFile:
    """Everything a .qdpx (or .qde, .qdc) file holds that articoder can store."""

    path: Path
    origin: str
    name: str
    choice: Choice | None
    namespace: str = ""
    users: list[UserIn] = field(default_factory=list)
    codebook: CodebookSpec = field(default_factory=CodebookSpec)
    variables: list[VariableIn] = field(default_factory=list)
    sources: list[SourceIn] = field(default_factory=list)
    cases: list[CaseIn] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    not_imported: list[NotImported] = field(default_factory=list)
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


def _example(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHORT else flat[:_SHORT] + "…"


def namespace_text(namespace: str) -> str:
    """A namespace for a report: itself, or a phrase when the document has none."""
    return namespace or "no namespace"


class _Dropped:
    """What a file holds that is not stored, counted by kind and reason, with a first example."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], list[Any]] = {}

    def add(self, kind: str, example: str, why: str, count: int = 1) -> None:
        entry = self._items.setdefault((kind, why), [0, _example(example)])
        entry[0] += count

    def items(self) -> list[NotImported]:
        return [
            NotImported(kind, n, example, why) for (kind, why), (n, example) in self._items.items()
        ]


@dataclass(slots=True)
class _CodingRaw:
    guid: str
    code: str
    user: str | None
    created: dt.datetime | None
    notes: list[str]


@dataclass(slots=True)
class _SelectionRaw:
    guid: str
    start: int
    end: int
    line: int
    user: str | None
    name: str
    description: str
    created: dt.datetime | None
    changed: dt.datetime | None
    notes: list[str]
    codings: list[_CodingRaw]


@dataclass
class _CaseRaw:
    guid: str
    name: str
    description: str
    source_guids: tuple[str, ...]
    values: list[ValueIn]
    codes: int
    selections: int
    line: int


@dataclass
class _NoteRaw:
    name: str
    text: str
    annotation: bool  # holds a PlainTextSelection (QualCoder's annotations)


class _External(Exception):
    """A source whose text lies outside the archive (relative:// or absolute://)."""


_Pending = list[tuple[SourceIn, list[_SelectionRaw]]]


class _Parser:
    """Reads the project XML as a stream, collecting GUIDs and the references to check."""

    def __init__(self, path: Path, archive: Archive | None, member: str) -> None:
        self.path = path
        self.archive = archive
        self.member = member
        self.base = posixpath.dirname(member.replace("\\", "/"))
        self.where = f"{path}: {member}" if archive is not None else str(path)
        self.origin = ""
        self.name = ""
        self.namespace = ""
        self.creator: str | None = None
        self.users: dict[str, UserIn] = {}
        self.notes: dict[str, _NoteRaw] = {}
        self.variables: dict[str, VariableIn] = {}
        self.variable_problems: list[str] = []
        self.codebook = CodebookSpec()
        self.code_guids: set[str] = set()
        self.selection_guids: set[str] = set()
        self.source_guids: set[str] = set()
        # (what it must name, GUID) -> (line, element, attribute) of its first reference,
        # checked when all is read: a user or code referred to 50,000 times is checked once.
        self.refs: dict[tuple[str, str], tuple[int, str, str]] = {}
        # One string per GUID and one datetime per timestamp text: references repeat them.
        self._strings: dict[str, str] = {}
        self._times: dict[str, dt.datetime | None] = {}
        # Notes something refers to (a stored coding, or a thing listed as not imported);
        # the others are listed as notes of their own.
        self.note_used: set[str] = set()
        self.project_notes: list[str] = []
        self.pending: _Pending = []
        self.code_notes: list[tuple[str, str, str]] = []  # (code, note, code name)
        self.cases: list[_CaseRaw] = []
        self.dropped = _Dropped()
        self.current: list[_SelectionRaw] | None = None  # the selections of the open source
        self.seen_root = False

    # -- errors, GUIDs and references ------------------------------------------------------------

    def error(self, element: Any, message: str) -> QdpxError:
        line = getattr(element, "sourceline", None) or 1
        return QdpxError(f"{self.where}, line {line}, <{local_name(element)}>: {message}")

    def guid(self, element: Any, attribute: str = "guid") -> str:
        value = element.get(attribute)
        if value is None:
            raise self.error(element, f"no {attribute} attribute (REFI-QDA requires it)")
        guid = guid_or_none(value)
        if guid is None:
            raise self.error(element, f"{attribute} {value!r} is not a GUID")
        return self._strings.setdefault(guid, guid)

    def timestamp(self, value: str | None) -> dt.datetime | None:
        if value is None:
            return None
        if value not in self._times:
            self._times[value] = parse_timestamp(value)
        return self._times[value]

    def optional_guid(self, element: Any, attribute: str) -> str | None:
        return self.guid(element, attribute) if element.get(attribute) is not None else None

    def integer(self, element: Any, attribute: str) -> int:
        value = element.get(attribute)
        try:
            return int((value or "").strip())
        except ValueError:
            raise self.error(element, f"{attribute} {value!r} is not a whole number") from None

    def refer(self, what: str, element: Any, attribute: str = "targetGUID") -> str:
        """The GUID an element refers to, checked against `what` once the file is read."""
        guid = self.guid(element, attribute)
        if (what, guid) not in self.refs:
            self.refs[(what, guid)] = (element.sourceline or 1, local_name(element), attribute)
        return guid

    def user_ref(self, element: Any, attribute: str = "creatingUser") -> str | None:
        if element.get(attribute) is None:
            return None
        return self.refer("user", element, attribute)

    def note_refs(self, element: Any) -> list[str]:
        return [self.refer("note", ref) for ref in children_named(element, "NoteRef")]

    def check_refs(self) -> None:
        known: dict[str, Any] = {
            "user": self.users,
            "code": self.code_guids,
            "note": self.notes,
            "source": self.source_guids,
            "selection": self.selection_guids,
            "variable": self.variables,
        }
        for (what, guid), (line, tag, attribute) in self.refs.items():
            if guid in known[what]:
                continue
            where = f"{self.where}, line {line}, <{tag}>"
            if what == "user":
                raise QdpxError(
                    f"{where}: {attribute} {guid} is not among the file's <Users> (a dangling "
                    "reference); export the project again from the program that made it"
                )
            thing = "code of the CodeBook" if what == "code" else what
            raise QdpxError(
                f"{where}: {attribute} {guid} names no {thing} in the file (a dangling reference)"
            )

    def member_text(self, element: Any, path: str) -> tuple[str, str, str, bool]:
        """(member, text, encoding, BOM) of a plainTextPath inside the archive."""
        lowered = path.lower()
        if lowered.startswith("internal://"):
            name = path[len("internal://") :]
            if self.archive is None:
                raise QdpxError(
                    f"{self.path}: a bare project XML (.qde) whose texts are files of the .qdpx "
                    f"archive it came from ({path} and others); import that .qdpx, or zip this "
                    "file with its sources/ folder into one"
                )
            member = self.archive.find(f"sources/{name}", self.base) or self.archive.find(
                name, self.base
            )
        elif "://" in path:
            raise _External(path)
        else:
            if self.archive is None:
                raise QdpxError(
                    f"{self.path}: a bare project XML (.qde) whose texts are files beside it "
                    f"({path} and others); import the .qdpx archive holding both"
                )
            member = self.archive.find(path, self.base)
        if member is None or self.archive is None:
            raise self.error(
                element,
                f"plainTextPath {path!r} names a file the archive does not hold (looked in "
                "sources/, in any case, and beside the project XML)",
            )
        data = self.archive.read(member)
        text, encoding, bom = decode_text(data, f"{self.archive.path}: {member}")
        return member, text, encoding, bom

    # -- the stream --------------------------------------------------------------------------------

    def run(self, stream: IO[bytes]) -> None:
        """Read the whole document, handling each piece as its end tag is read."""
        events = iter(etree.iterparse(stream, events=("start", "end"), **SAFE_XML_OPTIONS))
        depth = 0
        section = ""
        while True:
            try:
                event, element = next(events)
            except StopIteration:
                break
            except etree.XMLSyntaxError as exc:
                raise QdpxError(
                    f"{self.where}, line {exc.lineno or 1}: not well-formed XML "
                    f"({exc.msg or exc}); export the project again from the program that made it"
                ) from exc
            except (ValueError, TypeError) as exc:  # e.g. an encoding lxml does not know
                raise QdpxError(f"{self.where}: not readable XML ({exc})") from exc
            if event == "start":
                depth += 1
                if depth == 1:
                    self.root(element)
                elif depth == 2:
                    section = local_name(element)
                elif depth == 3 and section == "Sources":
                    self.current = [] if local_name(element) == "TextSource" else None
                continue
            if depth == 4 and self.current is not None:
                if local_name(element) == "PlainTextSelection":
                    self.current.append(self.selection(element))
                    element.clear()
            elif depth == 3 and section in _ITEM_SECTIONS:
                self.item(section, element)
                # Done with it: drop it, and the emptied items before it, from the tree.
                element.clear()
                parent = element.getparent()
                while element.getprevious() is not None and parent is not None:
                    del parent[0]
            elif depth == 2:
                self.section(element)
                element.clear()
            depth -= 1
        if not self.seen_root:
            raise QdpxError(f"{self.where}: the XML document is empty")

    def root(self, element: Any) -> None:
        self.seen_root = True
        if element.getroottree().docinfo.doctype:
            raise QdpxError(
                f"{self.where}, line 1: a DOCTYPE declaration; REFI-QDA files never need one "
                "(refused because it could expand entities)"
            )
        namespace = namespace_of(element) or ""
        kind = qda_namespace(namespace)
        if local_name(element) != "Project" or (
            namespace and (kind is None or kind[0] != "project")
        ):
            hint = (
                "; a codebook: import it as a .qdc file"
                if local_name(element) == "CodeBook"
                else ""
            )
            raise QdpxError(
                f"{self.where}: the document is <{local_name(element)}> in "
                f"{namespace or 'no'} namespace, not a REFI-QDA <Project>{hint}"
            )
        self.namespace = namespace
        self.origin = (element.get("origin") or "").strip()
        self.name = (element.get("name") or "").strip()
        self.creator = self.optional_guid(element, "creatingUserGUID")

    def section(self, element: Any) -> None:
        kind = local_name(element)
        if kind == "Users":
            for user in children_named(element, "User"):
                guid = self.guid(user)
                name = (user.get("name") or user.get("id") or "").strip()
                self.users[guid] = UserIn(guid, name or f"user {guid[:8]}")
        elif kind == "CodeBook":
            self.read_codebook(element)
        elif kind == "Variables":
            self.read_variables(element)
        elif kind == "Description":
            if (element.text or "").strip():
                self.dropped.add(
                    "project description", element.text or "", "articoder projects have none"
                )
        elif kind == "NoteRef":
            self.project_notes.append(self.refer("note", element))
        elif kind not in _ITEM_SECTIONS:
            self.dropped.add(
                f"<{kind}>", kind, "not part of REFI-QDA 1.0 (another program's extension)"
            )

    def item(self, section: str, element: Any) -> None:
        kind = local_name(element)
        label = (element.get("name") or "").strip() or (element.get("guid") or "")
        if section == "Sources":
            self.source(element)
        elif section == "Cases" and kind == "Case":
            self.case(element)
        elif section == "Notes" and kind == "Note":
            self.note(element)
        elif section == "Links" and kind == "Link":
            for note in self.note_refs(element):
                self.note_used.add(note)
            self.dropped.add(
                "link", label, "articoder has no links between codes, sources or selections"
            )
        elif section == "Sets" and kind == "Set":
            self.set(element, label)
        elif section == "Graphs" and kind == "Graph":
            self.dropped.add("graph", label, "articoder has no networks or maps")
        else:
            self.dropped.add(
                f"<{kind}> in <{section}>",
                label,
                "not part of REFI-QDA 1.0 (another program's extension)",
            )

    # -- sections read whole -------------------------------------------------------------------

    def read_codebook(self, book: Any) -> None:
        # The codebook reader parses its own document: pad it so that its lines are ours.
        data = b"\n" * (max(book.sourceline or 1, 1) - 1) + etree.tostring(book)
        try:
            document = parse_qdc_document(data, self.where)
        except CodebookError as exc:
            raise QdpxError(str(exc)) from exc
        spec = document.spec
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
        for code_set in document.sets:
            self.dropped.add(
                "set of codes",
                code_set.name,
                "articoder has no code groups (the codes are imported)",
            )
        for element in book.iter():
            if local_name(element) == "NoteRef" and local_name(element.getparent()) == "Code":
                code = element.getparent()
                self.code_notes.append(
                    (self.guid(code), self.refer("note", element), code.get("name") or "")
                )
        self.codebook = spec

    def read_variables(self, variables: Any) -> None:
        for element in children_named(variables, "Variable"):
            guid = self.guid(element)
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
            self.variable_problems.extend(found)
            self.variables[guid] = VariableIn(
                guid, name, type_, spec, name.startswith(RESERVED_PREFIX)
            )

    # -- items, as their end tags are read ------------------------------------------------------

    def values(self, element: Any) -> list[ValueIn]:
        found: list[ValueIn] = []
        for value in children_named(element, "VariableValue"):
            refs = children_named(value, "VariableRef")
            if not refs:
                raise self.error(value, "no <VariableRef>")
            guid = self.refer("variable", refs[0])
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

    def selection(self, element: Any) -> _SelectionRaw:
        guid = self.guid(element)
        if guid in self.selection_guids:
            raise self.error(element, f"guid {guid} is used twice")
        self.selection_guids.add(guid)
        start = self.integer(element, "startPosition")
        end = self.integer(element, "endPosition")
        user = self.user_ref(element)
        created = self.timestamp(element.get("creationDateTime"))
        codings: list[_CodingRaw] = []
        for coding in children_named(element, "Coding"):
            coding_guid = self.guid(coding)
            refs = children_named(coding, "CodeRef")
            if not refs:
                raise self.error(coding, "no <CodeRef>: which code?")
            codings.append(
                _CodingRaw(
                    coding_guid,
                    self.refer("code", refs[0]),
                    self.user_ref(coding) or user,
                    self.timestamp(coding.get("creationDateTime")) or created,
                    self.note_refs(coding),
                )
            )
        return _SelectionRaw(
            guid=guid,
            start=start,
            end=end,
            line=element.sourceline or 0,
            user=user,
            name=element.get("name") or "",
            description=_first_text(element, "Description"),
            created=created,
            changed=self.timestamp(element.get("modifiedDateTime")),
            notes=self.note_refs(element),
            codings=codings,
        )

    def source(self, element: Any) -> None:
        kind = local_name(element)
        selections, self.current = self.current or [], None
        guid = self.guid(element)
        name = (element.get("name") or "").strip()
        label = name or guid
        if kind not in (*_SOURCE_KINDS, "TextSource"):
            self.dropped.add(
                f"<{kind}> in <Sources>",
                label,
                "not part of REFI-QDA 1.0 (another program's extension)",
            )
            return
        if guid in self.source_guids:
            raise self.error(element, f"guid {guid} is used by two sources")
        self.source_guids.add(guid)
        if kind in _SOURCE_KINDS:
            self.dropped.add(kind, label, "only text sources can be imported")
            return
        for coding in children_named(element, "Coding"):
            for ref in children_named(coding, "CodeRef"):
                self.refer("code", ref)
            self.dropped.add("coding of a whole source", label, "articoder codes spans of text")
        memos = self.note_refs(element)
        self.note_used.update(memos)
        if memos or _first_text(element, "Description").strip():
            self.dropped.add("source memo", label, "articoder articles have no memo")
        if element.get("richTextPath"):
            self.dropped.add(
                "rich text of a source",
                label,
                "its formatting (a .docx or .rtf beside the plain text); the plain text is "
                "imported",
            )
        values = self.values(element)
        content = children_named(element, "PlainTextContent")
        path = element.get("plainTextPath")
        bom = False
        encoding = "utf-8"
        if path:
            try:
                member, text, encoding, bom = self.member_text(element, path)
            except _External:
                self.dropped.add(
                    "source outside the archive",
                    f"{label} ({path})",
                    "its text is not in the file; export the project with its sources inside",
                )
                return
        elif content:
            member, text = f"{self.member}#line {element.sourceline}", content[0].text or ""
        else:
            raise self.error(element, "neither plainTextPath nor PlainTextContent: no text")
        if not text.strip():
            self.dropped.add("source without text", label, "there is nothing to code")
            return
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
            values=values,
            line=element.sourceline or 0,
        )
        self.pending.append((source, selections))

    def case(self, element: Any) -> None:
        guid = self.guid(element)
        codes = children_named(element, "CodeRef")
        selections = children_named(element, "SelectionRef")
        for ref in codes:
            self.refer("code", ref)
        for ref in selections:
            self.refer("selection", ref)
        self.cases.append(
            _CaseRaw(
                guid=guid,
                name=(element.get("name") or "").strip(),
                description=_first_text(element, "Description"),
                source_guids=tuple(
                    self.refer("source", ref) for ref in children_named(element, "SourceRef")
                ),
                values=self.values(element),
                codes=len(codes),
                selections=len(selections),
                line=element.sourceline or 0,
            )
        )

    def note(self, element: Any) -> None:
        guid = self.guid(element)
        content = children_named(element, "PlainTextContent")
        if content:
            text = content[0].text or ""
        elif element.get("plainTextPath"):
            try:
                _, text, _, _ = self.member_text(element, element.get("plainTextPath"))
            except _External:
                text = ""
        else:
            text = _first_text(element, "Description")
        name = (element.get("name") or "").strip()
        self.notes[guid] = _NoteRaw(name, text, bool(children_named(element, "PlainTextSelection")))

    def set(self, element: Any, label: str) -> None:
        if children_named(element, "MemberSource"):
            kind, why = (
                "set of sources",
                "articoder has no document groups (the sources are imported)",
            )
        elif children_named(element, "MemberCode"):
            kind, why = "set of codes", "articoder has no code groups (the codes are imported)"
        elif children_named(element, "MemberNote"):
            kind, why = "set of notes", "articoder has no notes"
        else:
            kind, why = "empty set", "articoder has no sets"
        self.dropped.add(kind, label, why)

    # -- after the whole document -------------------------------------------------------------

    def finish(self, given: str | None) -> QdpxFile:
        self.check_refs()
        if self.variable_problems:
            raise QdpxError(f"{self.where}: " + "; ".join(self.variable_problems[:5]))
        self.code_extras()
        for note_guid in self.project_notes:
            self.note_used.add(note_guid)
            example = self.notes[note_guid].name or self.notes[note_guid].text
            self.dropped.add("project memo", example, "articoder projects have no memos")
        parsed = QdpxFile(self.path, self.origin, self.name, None, namespace=self.namespace)
        parsed.codebook = self.codebook
        parsed.users = list(self.users.values())
        parsed.variables = list(self.variables.values())
        parsed.ours = "articoder:title" in {v.name for v in parsed.variables}
        if self.creator in self.users:
            parsed.default_user = parsed.creator = self.creator
        elif len(self.users) == 1:
            parsed.default_user = next(iter(self.users))
        for source, _ in self.pending:
            for value in source.values:
                variable = self.variables[value.variable_guid]
                if variable.name in METADATA:
                    source.metadata[variable.name] = value.value
        try:
            choice = choose(self.origin, _probes(self.pending), given)
        except Undecided as exc:
            raise QdpxError(
                f"{self.where}: {exc}. Storing a guess could shift every span: if you know the "
                "program that wrote the file, import it on the command line with `articoder "
                "import PROJECT FILE --offsets CONVENTION`: codepoints (MAXQDA; QualCoder on "
                "macOS or Linux), utf16 (NVivo), crlf-as-one (ATLAS.ti; QualCoder on Windows) "
                "or utf16-crlf-as-one"
            ) from None
        parsed.choice = choice
        self.check_selections(parsed, choice)
        parsed.sources = [source for source, _ in self.pending]
        parsed.cases = self.map_cases()
        for guid, note in self.notes.items():
            if guid in self.note_used:
                continue
            if note.annotation:
                self.dropped.add(
                    "annotation", note.name or note.text, "a note on a span; articoder has no notes"
                )
            else:
                self.dropped.add(
                    "note",
                    note.name or note.text,
                    "a journal entry or memo attached to nothing articoder keeps",
                )
        parsed.not_imported = self.dropped.items()
        return parsed

    def code_extras(self) -> None:
        """Notes on codes: articoder's [articoder] blocks taken back, others listed."""
        codes = {str(code.guid).upper(): code for _, code in walk(self.codebook.codes)}
        for code_guid, note_guid, name in self.code_notes:
            self.note_used.add(note_guid)
            text = self.notes[note_guid].text
            code = codes.get(code_guid)
            if code is not None and is_extras_text(text):
                where = f"{self.where}, note on code {name!r}"
                problems = apply_code_extras(code, text, where)
                if problems:
                    raise QdpxError("; ".join(str(p) for p in problems[:5]))
                continue
            self.dropped.add(
                "code memo",
                name,
                "a code's definition is its Description; notes on codes have no place in articoder",
            )

    def memo(self, raw: _SelectionRaw, coding: _CodingRaw, description: str) -> str:
        texts: list[str] = []
        for text in (description, *(self.notes[g].text for g in (*raw.notes, *coding.notes))):
            if text.strip() and text not in texts:
                texts.append(text)
        return "\n\n".join(texts)

    def check_selections(self, parsed: QdpxFile, choice: Choice) -> None:
        attribute = choice.texts_field
        for source, selections in self.pending:
            bom = 1 if source.raw_text.startswith("\ufeff") else 0
            stored = source.raw_text[bom:]
            offsets = OffsetMap(stored, choice.convention)
            removed = _removed_positions(source.edits)
            label = source.name or source.guid
            for raw in selections:
                if not raw.codings:
                    self.note_used.update(raw.notes)
                    self.dropped.add(
                        "selection without a code",
                        raw.name or raw.description or raw.guid,
                        "an annotation or memo on a span (with its notes); articoder keeps "
                        "coded spans",
                    )
                    continue

                def mismatch(reason: str, raw: _SelectionRaw = raw, label: str = label) -> None:
                    parsed.mismatches.append(Mismatch(label, raw.guid, raw.line, reason))

                first = offsets.to_codepoint(raw.start)
                last = offsets.to_codepoint(raw.end)
                span = f"[{raw.start}, {raw.end})"
                if first is None or last is None:
                    mismatch(
                        f"{span} ({choice.convention}) is not inside the text or splits a character"
                    )
                    continue
                if first >= last:
                    mismatch(f"{span} is empty")
                    continue
                covered = stored[first:last]
                recorded = {"name": raw.name, "description": raw.description}.get(
                    attribute or "", ""
                )
                if recorded.strip() and not lands(recorded, covered):
                    mismatch(
                        f"{span} ({choice.convention}) covers {short(covered)}, "
                        f"but the file says {short(recorded)}"
                    )
                    continue
                start = first + bom - bisect.bisect_left(removed, first + bom)
                end = last + bom - bisect.bisect_left(removed, last + bom)
                text = source.text[start:end]
                if not text.strip():
                    mismatch(f"{span} covers only white space")
                    continue
                self.note_used.update(raw.notes)
                description = raw.description
                if attribute == "description" or _is_text(description, raw.name, covered):
                    description = ""
                codings = []
                for coding in raw.codings:
                    self.note_used.update(coding.notes)
                    codings.append(
                        CodingIn(
                            coding.guid,
                            coding.code,
                            coding.user,
                            coding.created,
                            raw.changed or coding.created,
                            self.memo(raw, coding, description),
                        )
                    )
                source.selections.append(SelectionIn(raw.guid, start, end, text, codings, raw.line))
            selections.clear()  # checked: what is kept is in source.selections

    def map_cases(self) -> list[CaseIn]:
        cases: list[CaseIn] = []
        for raw in self.cases:
            label = raw.name or raw.guid
            coder = next(
                (
                    v.value.strip()
                    for v in raw.values
                    if self.variables[v.variable_guid].name == CODER_VARIABLE
                ),
                None,
            )
            values = tuple(v for v in raw.values if not self.variables[v.variable_guid].reserved)
            if raw.description.strip():
                self.dropped.add("case memo", label, "articoder has no cases")
            if raw.codes or raw.selections:
                self.dropped.add(
                    "case coding",
                    label,
                    "codes or selections assigned to a case; articoder has no cases",
                )
            if coder is not None or (len(raw.source_guids) == 1 and values):
                cases.append(CaseIn(raw.guid, raw.name, coder, raw.source_guids, values, raw.line))
            elif values:
                self.dropped.add(
                    "case with values",
                    label,
                    f"its values concern {len(raw.source_guids) or 'no'} sources; articoder "
                    "keeps values for one article at a time",
                )
            elif not (raw.codes or raw.selections):
                self.dropped.add("case", label, "articoder has no cases (its sources are imported)")
        return cases


def _is_text(description: str, name: str, covered: str) -> bool:
    """Whether a selection's Description is its text (or its name) rather than a memo."""
    if not description.strip():
        return True
    if normalise_for_comparison(description) == normalise_for_comparison(name):
        return True
    return lands(description, covered)


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


def _probes(pending: _Pending) -> Iterator[Probe]:
    for source, selections in pending:
        bom = 1 if source.raw_text.startswith("\ufeff") else 0
        stored = source.raw_text[bom:]
        for raw in selections:
            yield Probe(stored, raw.start, raw.end, raw.name, raw.description)


def read_qdpx(
    path: Path, limits: ArchiveLimits | None = None, given: str | None = None
) -> QdpxFile:
    """Read and check a .qdpx archive; QdpxError when it cannot be imported as a whole."""
    with Archive(path, limits) as archive:
        member = archive.project_member()
        parser = _Parser(path, archive, member)
        with archive.stream(member, archive.limits.xml_bytes) as stream:
            parser.run(stream)
        return parser.finish(given)


def read_qde(path: Path, limits: ArchiveLimits | None = None, given: str | None = None) -> QdpxFile:
    """Read a bare project XML (.qde): usable when its sources' texts are inside it."""
    cap = (limits or ArchiveLimits()).xml_bytes
    try:
        size = path.stat().st_size
        if size > cap:
            raise QdpxError(f"{path}: {size:,} bytes, more than the {cap:,} a project XML may have")
        with path.open("rb") as stream:
            parser = _Parser(path, None, path.name)
            parser.run(stream)
    except OSError as exc:
        raise QdpxError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return parser.finish(given)


def read_qdc(path: Path) -> QdpxFile:
    """A codebook file (.qdc) as a project file holding codes only."""
    try:
        document = read_qdc_document(path)
    except CodebookError as exc:
        raise QdpxError(str(exc)) from exc
    parsed = QdpxFile(
        path,
        document.origin,
        "",
        Choice(preferred("")[0], "same", "a codebook holds no selections"),
        namespace=document.namespace,
        codebook=document.spec,
    )
    dropped = _Dropped()
    for code_set in document.sets:
        dropped.add(
            "set of codes", code_set.name, "articoder has no code groups (the codes are imported)"
        )
    parsed.not_imported = dropped.items()
    return parsed
