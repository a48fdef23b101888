"""REFI-QDC codebook files (.qdc): the exchange format of NVivo, ATLAS.ti, MAXQDA and others.

A .qdc file is `<CodeBook origin="..."><Codes><Code guid name isCodable color>` with an
optional `<Description>` and nested `<Code>`s, in the namespace urn:QDA-XML:codebook:1.0
(Codebook.xsd of the REFI-QDA 1.5 standard). Export writes a file valid against that schema:
GUIDs in upper case without braces, colours as #RRGGBB, `isCodable` true for leaves and, when
the codebook lets groups be coded (`codable_groups`), for groups too.

QDC has no field for most of what an articoder code holds. The definition is the Description
itself, so other tools show it as the code's description; everything else (English name,
include and exclude rules, examples, keywords, shortcut key, retired) follows it in a block
that starts with the line "[articoder]" after a blank line and is YAML below that line:

    以楼栋为单位设立的党小组。

    [articoder]
    include: 明确提到楼栋党小组或楼栋党支部。
    keywords:
    - 楼栋党小组
    key: '1'

Reading takes that block back, so our own files round-trip without loss, while a plain
description written by NVivo, ATLAS.ti or MAXQDA becomes the definition. A code without those
extra fields has no block at all.

What QDC cannot carry stays in the project: the article-level variables, the codebook's name,
description and version. A codebook read from a .qdc file has none of them (bring it into a
project with the project's own variables, see `codebook.files.keep_project_parts`).
`codable_groups` is read back as "some code with children is codable". Sets (`<Sets>`: MAXQDA's
code sets, ATLAS.ti's code groups) are groupings of codes, not codes: `read_qdc_document`
names them so that an import can report them as not imported.

Import accepts what real files do: a byte-order mark, UTF-16, no or another namespace prefix,
any version of the REFI-QDA namespaces (`urn:QDA-XML:codebook:1.0`, the `urn:QDA-XML:codebook:0:4`
of ATLAS.ti 23.4 to 26, `1:0`; `qda_namespace` tells them apart from foreign documents),
a missing `isCodable`, lower-case or three-digit colours, GUIDs in braces, codes with the same
name under different parents, any `origin`, and a whole REFI-QDA project file (.qde), whose
codebook is read. It refuses malformed XML and files that are not QDC with a CodebookError
naming the line. Parsing never resolves entities, loads a DTD or touches the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from codebook.spec import (
    CodebookError,
    CodebookSpec,
    CodeSpec,
    Problem,
    path_text,
    validate,
)
from models.ids import new_guid
from models.safe_write import write_bytes_whole

NAMESPACE = "urn:QDA-XML:codebook:1.0"
PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
# Every version real programs write: 1.0 (the standard), 0:4 (ATLAS.ti 23.4 to 26.1), 1:0.
QDA_NAMESPACE = re.compile(r"^urn:QDA-XML:(codebook|project):(\d+(?:[.:]\d+)*)$", re.IGNORECASE)
MARKER = "[articoder]"
GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)
RGB = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
# Characters XML 1.0 cannot hold at all (lxml refuses them); they only come from pasted noise.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXTRA_FIELDS = ("name_en", "include", "exclude", "examples", "keywords", "key", "retired")


class _FlowList(list[str]):
    """A list written on one line ([a, b, c]): keywords read best that way."""


class _Dumper(yaml.SafeDumper):
    """The safe dumper, with keyword lists on one line."""


_Dumper.add_representer(
    _FlowList,
    lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, True),
)


def origin_name() -> str:
    try:
        return f"articoder {metadata.version('articoder')}"
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "articoder"


def _clean(text: str) -> str:
    return XML_ILLEGAL.sub("", text)


# --- the Description and its [articoder] block ----------------------------------------------


def description_text(code: CodeSpec) -> str:
    """The Description of a code: its definition, then the [articoder] block if needed."""
    block = code_extras_text(code)
    if not block:
        return code.definition
    return f"{code.definition}\n\n{block}" if code.definition else block


def code_extras_text(code: CodeSpec) -> str:
    """The [articoder] block of a code's extra fields alone; "" when it has none.

    A .qdc file carries it in the Description; a project export (exchange.write) in a note
    on the code, so that other programs show the definition alone as the description.
    """
    extras: dict[str, Any] = {}
    if code.name_en:
        extras["name_en"] = code.name_en
    if code.include:
        extras["include"] = code.include
    if code.exclude:
        extras["exclude"] = code.exclude
    if code.examples:
        extras["examples"] = list(code.examples)
    if code.keywords:
        extras["keywords"] = _FlowList(code.keywords)
    if code.key:
        extras["key"] = code.key
    if code.retired:
        extras["retired"] = True
    if not extras:
        return ""
    block = yaml.dump(extras, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"{MARKER}\n{block}"


def is_extras_text(text: str) -> bool:
    """Whether a text (a note on a code) is an [articoder] block."""
    return text.startswith(f"{MARKER}\n")


def apply_code_extras(code: CodeSpec, text: str, where: str) -> list[Problem]:
    """Take a code's extra fields back from an [articoder] block; the problems found."""
    reader = _Reader()
    try:
        _, extras = split_description(text, where)
    except CodebookError as exc:
        return list(exc.problems)
    reader.extras(code, extras, where)
    return reader.problems


def split_description(text: str, where: str) -> tuple[str, dict[str, Any]]:
    """The definition and the extra fields of a Description; CodebookError if the block is bad."""
    if text.startswith(f"{MARKER}\n"):
        definition, block = "", text[len(MARKER) + 1 :]
    else:
        definition, separator, block = text.rpartition(f"\n\n{MARKER}\n")
        if not separator:
            return text, {}
    try:
        extras = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "not readable"
        mark = getattr(exc, "problem_mark", None)
        at = f" on its line {mark.line}" if mark is not None else ""
        raise CodebookError(
            "description", [Problem(where, f"the {MARKER} block is not valid YAML: {problem}{at}")]
        ) from exc
    if extras is None:
        return definition, {}
    if not isinstance(extras, dict):
        raise CodebookError(
            "description", [Problem(where, f"the {MARKER} block should hold 'field: value' lines")]
        )
    return definition, extras


# --- writing --------------------------------------------------------------------------------


def _code_element(parent: Any, code: CodeSpec, path: tuple[str, ...], groups: bool) -> None:
    where = f"code {path_text(path)!r}"
    guid = code.guid or new_guid()
    match = GUID.match(guid)
    if match is None:
        raise CodebookError("REFI-QDC", [Problem(where, f"GUID {guid!r} is not a GUID")])
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}Code")
    element.set("guid", match.group(1).upper())
    element.set("name", _clean(code.name))
    element.set("isCodable", "true" if groups or not code.children else "false")
    element.set("color", code.color.upper())
    description = _clean(description_text(code))
    if description:
        etree.SubElement(element, f"{{{NAMESPACE}}}Description").text = description
    for child in code.children:
        _code_element(element, child, (*path, child.name), groups)


def codebook_qdc(spec: CodebookSpec) -> bytes:
    """The codebook as a REFI-QDC document (UTF-8 bytes); its codes only (see the module doc)."""
    problems = validate(CodebookSpec(codes=spec.codes))
    if not spec.codes:
        problems.append(Problem("codes", "a REFI-QDC codebook needs at least one code"))
    if problems:
        raise CodebookError("REFI-QDC", problems)
    root = etree.Element(f"{{{NAMESPACE}}}CodeBook", nsmap={None: NAMESPACE})
    root.set("origin", origin_name())
    codes = etree.SubElement(root, f"{{{NAMESPACE}}}Codes")
    for code in spec.codes:
        _code_element(codes, code, (code.name,), spec.codable_groups)
    body: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def write_codebook_qdc(spec: CodebookSpec, path: Path) -> None:
    """Write a .qdc file (valid against Codebook.xsd)."""
    write_bytes_whole(path, codebook_qdc(spec))


# --- reading --------------------------------------------------------------------------------


def local_name(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    # Not etree.QName: it refuses the odd names a damaged file gives ("{x}urn:...}Project").
    return tag.rpartition("}")[2]


def namespace_of(element: Any) -> str | None:
    """The namespace of an element's tag, or None for none."""
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return None
    return tag[1:].rpartition("}")[0]


def children_named(element: Any, name: str) -> list[Any]:
    return [child for child in element if local_name(child) == name]


def qda_namespace(namespace: str | None) -> tuple[str, str] | None:
    """("codebook" or "project", version) of a REFI-QDA namespace; None for any other."""
    match = QDA_NAMESPACE.match((namespace or "").strip())
    return (match.group(1).lower(), match.group(2)) if match else None


@dataclass(frozen=True)
class CodeSet:
    """A set of codes (`<Set>` with `<MemberCode>`s): a grouping, which articoder does not keep."""

    name: str
    members: int


@dataclass
class QdcDocument:
    """A codebook read from a file, with what the file says about itself."""

    spec: CodebookSpec
    namespace: str  # the document's namespace as written ("" for none)
    origin: str
    sets: list[CodeSet] = field(default_factory=list)


class _Reader:
    """Turns <Code> elements into specs, collecting every problem with its line."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.codable_groups = False

    def code(self, element: Any, parent: tuple[str, ...]) -> CodeSpec:
        line = f"line {element.sourceline}"
        name = (element.get("name") or "").strip()
        where = f"{line}, code {path_text((*parent, name))!r}"
        guid = element.get("guid")
        if guid is not None:
            match = GUID.match(guid.strip())
            if match is None:
                self.problems.append(Problem(where, f"guid {guid!r} is not a GUID"))
                guid = None
            else:
                guid = match.group(1).upper()
        color = (element.get("color") or "").strip()
        if color:
            match = RGB.match(color)
            if match is None:
                self.problems.append(Problem(where, f"color {color!r} is not of the form #rrggbb"))
                color = ""
            else:
                digits = match.group(1).lower()
                color = "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)
        codable = (element.get("isCodable") or "true").strip().lower() in ("true", "1")
        descriptions = children_named(element, "Description")
        text = (descriptions[0].text or "") if descriptions else ""
        try:
            definition, extras = split_description(text, where)
        except CodebookError as exc:
            self.problems.extend(exc.problems)
            definition, extras = text, {}
        spec = CodeSpec(
            name=name,
            guid=guid,
            color=color or "#888888",
            definition=definition,
            location=line,
        )
        self.extras(spec, extras, where)
        spec.children = [self.code(c, (*parent, name)) for c in children_named(element, "Code")]
        if spec.children and codable:
            self.codable_groups = True
        return spec

    def extras(self, spec: CodeSpec, extras: dict[str, Any], where: str) -> None:
        for key, value in extras.items():
            if key not in EXTRA_FIELDS:
                self.problems.append(
                    Problem(
                        where,
                        f"unknown field {key!r} in the {MARKER} block "
                        f"(known: {', '.join(EXTRA_FIELDS)})",
                    )
                )
            elif key in ("examples", "keywords"):
                if isinstance(value, str):
                    value = [value]
                if not isinstance(value, list) or not all(
                    isinstance(v, (str, int, float)) for v in value
                ):
                    self.problems.append(Problem(where, f"{key!r} should be a list of texts"))
                    continue
                setattr(spec, key, [str(v) for v in value])
            elif key == "retired":
                if not isinstance(value, bool):
                    self.problems.append(Problem(where, "'retired' should be true or false"))
                    continue
                spec.retired = value
            elif value is not None:
                if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                    self.problems.append(Problem(where, f"{key!r} should be text"))
                    continue
                setattr(spec, key, str(value))


# Files from elsewhere: no entities, DTDs, network or huge trees (exchange.parse streams with
# the same options).
SAFE_XML_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_pis": True,
    "remove_comments": True,
}


def safe_xml_parser() -> Any:
    """An XML parser for files from elsewhere: no entities, DTDs, network or huge trees."""
    return etree.XMLParser(**SAFE_XML_OPTIONS)


def _parse(data: bytes, source: str) -> Any:
    if data.startswith(b"PK"):
        raise CodebookError(
            source,
            [Problem("file", "a zip archive (a .qdpx project?), not a REFI-QDC codebook (.qdc)")],
        )
    try:
        root = etree.fromstring(data, safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        message = exc.msg or str(exc)
        raise CodebookError(
            source, [Problem(f"line {line}", f"not well-formed XML: {message}")]
        ) from exc
    if root is None:
        raise CodebookError(source, [Problem("file", "empty document")])
    if root.getroottree().docinfo.doctype:
        raise CodebookError(
            source,
            [Problem("line 1", "a DOCTYPE declaration; codebook files never need one (refused)")],
        )
    return root


def parse_codebook_qdc(data: bytes, source: str = "REFI-QDC") -> CodebookSpec:
    """A codebook from the bytes of a .qdc (or .qde project) file."""
    return parse_qdc_document(data, source).spec


def parse_qdc_document(data: bytes, source: str = "REFI-QDC") -> QdcDocument:
    """A codebook, its namespace, origin and code sets, from a .qdc (or .qde) file's bytes."""
    root = _parse(data, source)
    namespace = namespace_of(root)
    if namespace is not None and qda_namespace(namespace) is None:
        raise CodebookError(
            source,
            [
                Problem(
                    f"line {root.sourceline}",
                    f"not a REFI-QDC codebook (namespace {namespace}; REFI-QDA files use "
                    "urn:QDA-XML:codebook:<version> or urn:QDA-XML:project:<version>)",
                )
            ],
        )
    origin = (root.get("origin") or "").strip()
    if local_name(root) == "Project":
        books = children_named(root, "CodeBook")
        if not books:
            raise CodebookError(
                source, [Problem(f"line {root.sourceline}", "a REFI-QDA project without codes")]
            )
        root = books[0]
    elif local_name(root) != "CodeBook":
        raise CodebookError(
            source,
            [
                Problem(
                    f"line {root.sourceline}",
                    f"not a REFI-QDC codebook: the document is <{local_name(root)}>, "
                    "not <CodeBook>",
                )
            ],
        )
    codes = children_named(root, "Codes")
    if not codes:
        raise CodebookError(source, [Problem(f"line {root.sourceline}", "no <Codes> element")])
    reader = _Reader()
    spec = CodebookSpec(codes=[reader.code(c, ()) for c in children_named(codes[0], "Code")])
    spec.codable_groups = reader.codable_groups
    problems = reader.problems + validate(spec)
    if problems:
        raise CodebookError(source, problems)
    sets = [
        CodeSet(
            (element.get("name") or element.get("guid") or "").strip(),
            len(children_named(element, "MemberCode")),
        )
        for group in children_named(root, "Sets")
        for element in children_named(group, "Set")
    ]
    return QdcDocument(spec, namespace or "", origin, sets)


def read_qdc_document(path: Path) -> QdcDocument:
    """Read a .qdc codebook file (or the codebook of a .qde project file), with its sets."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CodebookError(str(path), [Problem("file", exc.strerror or str(exc))]) from exc
    return parse_qdc_document(data, str(path))


def read_codebook_qdc(path: Path) -> CodebookSpec:
    """Read a .qdc codebook file (or the codebook of a .qde project file)."""
    return read_qdc_document(path).spec
