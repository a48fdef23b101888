"""REFI-QDA export: a project as a .qdpx archive (project.qde and sources/<GUID>.txt).

The archive holds each article's cleaned text as `sources/<article GUID>.txt` (UTF-8 without
a BOM, LF line breaks, exactly the text coders coded; the folder is lower case, as the
standard says) and `project.qde`, valid against the REFI-QDA 1.0 Project.xsd:

- `<Users>`: the coders; `<CodeBook>`: the code tree with colours, each code's definition
  as its Description (what other programs show), and the fields REFI-QDA has no place for
  (English name, rules, examples, keywords, key, retired) as the `[articoder]` block of
  codebook/qdc.py in a `<Note>` named "articoder: <code>" that the code's `<NoteRef>` names
  (a .qdc file, which has no notes, keeps the block in the Description);
- `<Variables>`: the codebook's variables, and the reserved ones for article columns and
  for the coder (exchange.format);
- `<Cases>`: one per (article, coder) with values: the coder's coding sheet;
- `<Sources>`: one `<TextSource>` per article (`plainTextPath="internal://<GUID>.txt"`,
  its metadata as `<VariableValue>`s), and one `<PlainTextSelection>` per segment: the
  segment's GUID, `startPosition`/`endPosition` in code points of the cleaned text, end
  exclusive (as the standard says), the covered text as its name (what importers check the
  span against), the coder as `creatingUser`, and one `<Coding>` with the `<CodeRef>`;
- a segment's memo twice, where programs read it: as the selection's `<Description>` (what
  ATLAS.ti and QualCoder show as the coding's comment or memo) and as a `<Note>` the
  selection's `<NoteRef>` refers to (the standard's way, which NVivo and MAXQDA read). The
  import takes the two back as one memo.

GUIDs that articoder does not store (codings, notes, cases, reserved variables) are derived
from stored ones, so exporting twice writes the same file contents. Characters XML 1.0
cannot hold (C0 controls other than tab and line breaks) are left out of names and memos;
source texts are written as they are. The archive is written next to the target and moved
into place, so a failed export never leaves half a file.

By default every coder's work is exported, the consensus coder's too: a .qdpx is the whole
project. `--coders`/`--consensus` and `--articles` narrow it; the status, assignment and
search filters of the workbook export are refused.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped,unused-ignore]
from sqlalchemy import select
from sqlalchemy.orm import Session

from codebook.qdc import code_extras_text, origin_name
from codebook.spec import CodeSpec, walk
from codebook.store import load_codebook_in
from coding.selection import ExportChoice, WriteReport, chosen_coders
from exchange.archive import QdpxError
from exchange.format import (
    CODER_VARIABLE,
    METADATA,
    PROJECT_NAMESPACE,
    TYPE_OF_LEVEL,
    VALUE_ELEMENTS,
    derived_guid,
    guid_or_none,
    timestamp,
    value_for_type,
    variable_description,
    xml_text,
)
from models.batches import chunks
from models.database import ProjectDatabase
from models.entities import (
    Article,
    Code,
    Coder,
    ProjectInfo,
    Segment,
    Variable,
    VariableValue,
)
from models.progress import Progress

NS = f"{{{PROJECT_NAMESPACE}}}"
PROJECT_MEMBER = "project.qde"
SOURCES_FOLDER = "sources"
_CHUNK = 200


def _element(tag: str, attributes: dict[str, str | None] | None = None) -> Any:
    # The default namespace on every top element: no ns0: prefixes in the written file.
    element = etree.Element(NS + tag, nsmap={None: PROJECT_NAMESPACE})
    for key, value in (attributes or {}).items():
        if value is not None:
            element.set(key, value)
    return element


def _sub(parent: Any, tag: str, attributes: dict[str, str | None] | None = None) -> Any:
    element = _element(tag, attributes)
    parent.append(element)
    return element


def _note_name(text: str) -> str:
    """The name of a memo's note: what other programs list it by, the start of its span."""
    flat = " ".join(xml_text(text).split())
    return f"memo: {flat if len(flat) <= 30 else flat[:30] + '…'}"


@dataclass
class _Counts:
    sources: int = 0
    selections: int = 0
    notes: int = 0
    cases: int = 0
    values_left_out: int = 0
    memos: list[tuple[str, str, str, Any, str]] = field(default_factory=list)
    code_notes: list[tuple[str, str, str]] = field(default_factory=list)


class _Writer:
    """Collects what the export holds, then writes the archive."""

    def __init__(self, database: ProjectDatabase, choice: ExportChoice) -> None:
        filters = choice.articles
        if filters.status or filters.assigned_to or filters.search:
            raise QdpxError(
                "a .qdpx export holds whole articles of the whole project; the status, "
                "assigned-to and search filters are for workbooks (use --articles IDS)"
            )
        self.database = database
        if choice.coders or choice.consensus:
            coders = chosen_coders(database, choice)
            wanted = {c.id for c in coders}
        else:
            wanted = None
        self.ids = set(filters.ids) if filters.ids is not None else None
        with database.session() as session:
            info = session.scalars(select(ProjectInfo)).one()
            self.project_name = info.name
            self.project_guid = info.guid
            self.created = info.created_at
            self.codebook = load_codebook_in(session)
            self.coders = [
                (int(i), str(g).upper(), str(n), bool(lead))
                for i, g, n, lead in session.execute(
                    select(Coder.id, Coder.guid, Coder.name, Coder.is_lead).order_by(Coder.id)
                )
                if wanted is None or i in wanted
            ]
            self.code_guid = {
                int(i): str(g).upper() for i, g in session.execute(select(Code.id, Code.guid))
            }
            self.variable_guid = {
                int(i): str(g).upper()
                for i, g in session.execute(select(Variable.id, Variable.guid))
            }
            query = select(Article.id).order_by(Article.id)
            self.article_ids = [
                int(i) for i in session.scalars(query) if self.ids is None or i in self.ids
            ]
        self.coder_guid = {i: g for i, g, _, _ in self.coders}
        self.coder_name = {i: n for i, _, n, _ in self.coders}
        self.counts = _Counts()

    # -- the parts ------------------------------------------------------------------------------

    def users(self) -> Any:
        users = _element("Users")
        for _, guid, name, _ in self.coders:
            _sub(users, "User", {"guid": guid, "name": xml_text(name)})
        return users

    def code(self, parent: Any, spec: CodeSpec) -> None:
        guid = guid_or_none(spec.guid)
        if guid is None:
            raise QdpxError(f"code {spec.name!r} has no valid GUID; run `articoder check`")
        element = _sub(
            parent,
            "Code",
            {
                "guid": guid,
                "name": xml_text(spec.name),
                "isCodable": "true"
                if self.codebook.codable_groups or not spec.children
                else "false",
                "color": spec.color.upper(),
            },
        )
        # The definition alone is the description other programs show; the fields REFI-QDA
        # has no place for go to a note on the code (read back by exchange.parse).
        if spec.definition and xml_text(spec.definition):
            _sub(element, "Description").text = xml_text(spec.definition)
        block = xml_text(code_extras_text(spec))
        if block:
            note = derived_guid(guid, "articoder")
            _sub(element, "NoteRef", {"targetGUID": note})
            self.counts.code_notes.append((note, block, f"articoder: {xml_text(spec.name)}"))
        for child in spec.children:
            self.code(element, child)

    def codebook_element(self) -> Any:
        book = _element("CodeBook")
        codes = _sub(book, "Codes")
        for spec in self.codebook.codes:
            self.code(codes, spec)
        return book

    def reserved_guid(self, name: str) -> str:
        return derived_guid(self.project_guid, "variable", name)

    def variables_element(self) -> Any:
        variables = _element("Variables")
        for name, (type_, what) in METADATA.items():
            element = _sub(
                variables,
                "Variable",
                {"guid": self.reserved_guid(name), "name": name, "typeOfVariable": type_},
            )
            _sub(element, "Description").text = f"articoder: the article's {what}"
        coder = _sub(
            variables,
            "Variable",
            {
                "guid": self.reserved_guid(CODER_VARIABLE),
                "name": CODER_VARIABLE,
                "typeOfVariable": "Text",
            },
        )
        _sub(
            coder, "Description"
        ).text = "articoder: the coder whose coding sheet this case is (a name of <Users>)"
        for variable in self.codebook.variables:
            element = _sub(
                variables,
                "Variable",
                {
                    "guid": str(variable.guid).upper(),
                    "name": xml_text(variable.name),
                    "typeOfVariable": TYPE_OF_LEVEL.get(variable.level, "Text"),
                },
            )
            _sub(element, "Description").text = xml_text(variable_description(variable))
        return variables

    def value_element(self, parent: Any, guid: str, type_: str, value: str) -> bool:
        text = value_for_type(value, type_)
        if text is None or text == "":
            return False
        element = _sub(parent, "VariableValue")
        _sub(element, "VariableRef", {"targetGUID": guid})
        _sub(element, VALUE_ELEMENTS[type_]).text = text
        return True

    def case_elements(self, session: Session) -> Iterator[Any]:
        level = {str(v.guid).upper(): v.level for v in self.codebook.variables}
        types = {
            i: (guid, TYPE_OF_LEVEL.get(level.get(guid, "text"), "Text"))
            for i, guid in self.variable_guid.items()
        }
        coder_ids = list(self.coder_guid)
        for chunk in chunks(self.article_ids, _CHUNK):
            articles = {
                int(i): (str(g).upper(), str(t))
                for i, g, t in session.execute(
                    select(Article.id, Article.guid, Article.title).where(Article.id.in_(chunk))
                )
            }
            rows = session.execute(
                select(
                    VariableValue.article_id,
                    VariableValue.coder_id,
                    VariableValue.variable_id,
                    VariableValue.value,
                )
                .where(VariableValue.article_id.in_(chunk), VariableValue.coder_id.in_(coder_ids))
                .order_by(VariableValue.article_id, VariableValue.coder_id, VariableValue.id)
            )
            grouped: dict[tuple[int, int], list[tuple[int, str]]] = {}
            for article_id, coder_id, variable_id, value in rows:
                grouped.setdefault((int(article_id), int(coder_id)), []).append(
                    (int(variable_id), str(value))
                )
            for (article_id, coder_id), values in grouped.items():
                article_guid, title = articles[article_id]
                coder_guid = self.coder_guid[coder_id]
                case = _element(
                    "Case",
                    {
                        "guid": derived_guid(article_guid, coder_guid, "case"),
                        "name": xml_text(f"{title} · {self.coder_name[coder_id]}"),
                    },
                )
                self.value_element(
                    case, self.reserved_guid(CODER_VARIABLE), "Text", self.coder_name[coder_id]
                )
                for variable_id, value in values:
                    guid, type_ = types[variable_id]
                    if not self.value_element(case, guid, type_, value):
                        self.counts.values_left_out += 1
                _sub(case, "SourceRef", {"targetGUID": article_guid})
                self.counts.cases += 1
                yield case

    def source_elements(self, session: Session, progress: Progress) -> Iterator[Any]:
        coder_ids = list(self.coder_guid)
        for chunk in chunks(self.article_ids, _CHUNK):
            articles = session.execute(
                select(
                    Article.id,
                    Article.guid,
                    Article.title,
                    Article.outlet,
                    Article.published,
                    Article.published_text,
                    Article.author,
                    Article.editor,
                    Article.url,
                    Article.extra,
                    Article.imported_at,
                )
                .where(Article.id.in_(chunk))
                .order_by(Article.id)
            ).all()
            segments: dict[int, list[Any]] = {}
            for row in session.execute(
                select(
                    Segment.article_id,
                    Segment.guid,
                    Segment.start,
                    Segment.end,
                    Segment.text,
                    Segment.memo,
                    Segment.code_id,
                    Segment.coder_id,
                    Segment.created_at,
                    Segment.updated_at,
                )
                .where(Segment.article_id.in_(chunk), Segment.coder_id.in_(coder_ids))
                .order_by(Segment.article_id, Segment.start, Segment.end, Segment.id)
            ):
                segments.setdefault(int(row.article_id), []).append(row)
            for article in articles:
                yield self.source(article, segments.get(int(article.id), []))
                progress.step()

    def source(self, article: Any, segments: Sequence[Any]) -> Any:
        guid = str(article.guid).upper()
        source = _element(
            "TextSource",
            {
                "guid": guid,
                "name": xml_text(article.title or guid),
                "plainTextPath": f"internal://{guid}.txt",
                "creationDateTime": timestamp(article.imported_at),
            },
        )
        for segment in segments:
            segment_guid = str(segment.guid).upper()
            coder = self.coder_guid[int(segment.coder_id)]
            selection = _sub(
                source,
                "PlainTextSelection",
                {
                    "guid": segment_guid,
                    "name": xml_text(segment.text),
                    "startPosition": str(segment.start),
                    "endPosition": str(segment.end),
                    "creatingUser": coder,
                    "creationDateTime": timestamp(segment.created_at),
                    "modifyingUser": coder,
                    "modifiedDateTime": timestamp(segment.updated_at),
                },
            )
            memo = xml_text(segment.memo or "")
            memo = memo if memo.strip() else ""
            if memo:
                # Before the Coding, as the schema orders them.
                _sub(selection, "Description").text = memo
            coding = _sub(
                selection,
                "Coding",
                {
                    "guid": derived_guid(segment_guid, "coding"),
                    "creatingUser": coder,
                    "creationDateTime": timestamp(segment.created_at),
                },
            )
            _sub(coding, "CodeRef", {"targetGUID": self.code_guid[int(segment.code_id)]})
            if memo:
                note = derived_guid(segment_guid, "memo")
                _sub(selection, "NoteRef", {"targetGUID": note})
                self.counts.memos.append(
                    (note, memo, coder, segment.updated_at, _note_name(segment.text))
                )
            self.counts.selections += 1
        values = {
            "articoder:title": article.title,
            "articoder:outlet": article.outlet,
            "articoder:published": article.published.isoformat() if article.published else None,
            "articoder:published_text": article.published_text,
            "articoder:author": article.author,
            "articoder:editor": article.editor,
            "articoder:url": article.url,
            "articoder:extra": json.dumps(article.extra, ensure_ascii=False)
            if article.extra
            else None,
        }
        for name, value in values.items():
            if value:
                self.value_element(source, self.reserved_guid(name), METADATA[name][0], value)
        self.counts.sources += 1
        return source

    def notes_element(self) -> Any:
        notes = _element("Notes")
        for guid, block, name in self.counts.code_notes:
            note = _sub(notes, "Note", {"guid": guid, "name": name})
            _sub(note, "PlainTextContent").text = block
            self.counts.notes += 1
        for guid, memo, coder, when, name in self.counts.memos:
            note = _sub(
                notes,
                "Note",
                {
                    "guid": guid,
                    "name": name,
                    "creatingUser": coder,
                    "creationDateTime": timestamp(when),
                },
            )
            _sub(note, "PlainTextContent").text = memo
            self.counts.notes += 1
        return notes

    # -- the archive --------------------------------------------------------------------------

    def write_texts(self, archive: zipfile.ZipFile) -> None:
        with self.database.session() as session:
            for chunk in chunks(self.article_ids, _CHUNK):
                for guid, text in session.execute(
                    select(Article.guid, Article.text).where(Article.id.in_(chunk))
                ):
                    archive.writestr(
                        f"{SOURCES_FOLDER}/{str(guid).upper()}.txt",
                        text.encode("utf-8", "surrogatepass"),
                    )

    def write_project(self, archive: zipfile.ZipFile, progress: Progress) -> None:
        lead = next((g for _, g, _, is_lead in self.coders if is_lead), None)
        attributes = {
            "name": xml_text(self.project_name) or "articoder",
            "origin": origin_name(),
            "creationDateTime": timestamp(self.created),
        }
        if lead is not None:
            attributes["creatingUserGUID"] = lead
        with (
            archive.open(PROJECT_MEMBER, "w", force_zip64=True) as stream,
            etree.xmlfile(stream, encoding="utf-8") as xml,
        ):
            xml.write_declaration()
            with xml.element(NS + "Project", attributes, nsmap={None: PROJECT_NAMESPACE}):
                xml.write("\n")
                if self.coders:
                    xml.write(self.users(), pretty_print=True)
                if self.codebook.codes:
                    xml.write(self.codebook_element(), pretty_print=True)
                xml.write(self.variables_element(), pretty_print=True)
                with self.database.session() as session:
                    cases = self.case_elements(session)
                    first = next(cases, None)
                    if first is not None:
                        with xml.element(NS + "Cases"):
                            xml.write("\n")
                            xml.write(first, pretty_print=True)
                            for case in cases:
                                xml.write(case, pretty_print=True)
                    if self.article_ids:
                        with xml.element(NS + "Sources"):
                            xml.write("\n")
                            for source in self.source_elements(session, progress):
                                xml.write(source, pretty_print=True)
                if self.counts.memos or self.counts.code_notes:
                    xml.write(self.notes_element(), pretty_print=True)


def export_qdpx(
    database: ProjectDatabase,
    path: Path,
    choice: ExportChoice | None = None,
    progress: Progress | None = None,
) -> WriteReport:
    """Write the project (or the chosen coders and articles) as a .qdpx archive."""
    progress = progress or Progress()
    writer = _Writer(database, choice or ExportChoice())
    if not path.parent.is_dir():
        raise QdpxError(f"{path.parent}: no such folder")
    progress.start(len(writer.article_ids), "Writing the REFI-QDA project")
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            writer.write_texts(archive)
            writer.write_project(archive, progress)
        os.replace(partial, path)
    except OSError as exc:
        raise QdpxError(f"{path}: cannot be written ({exc.strerror or exc})") from exc
    finally:
        partial.unlink(missing_ok=True)
    counts = writer.counts
    return WriteReport(
        str(path),
        {
            "users": len(writer.coders),
            "codes": sum(1 for _ in walk(writer.codebook.codes)),
            "variables": len(writer.codebook.variables),
            "cases": counts.cases,
            "sources": counts.sources,
            "selections": counts.selections,
            "notes": counts.notes,
        },
    )
