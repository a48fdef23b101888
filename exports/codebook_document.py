"""The codebook document for a methods appendix: the project's codebook as .docx or .html.

This module owns what the document says and its two renderings. `read_document` reads the
project into plain data (`CodebookDocument`); `write_html` and `write_docx` render it, each file
written all or nothing (models.safe_write); `export_codebook_document` does both steps.

What the document holds, in order:

- the codebook's name, description (Chinese and English) and version, when it was made and by
  which articoder;
- every code in tree order: its number and path, its variables in the datasets of
  exports.stats_files (presence ``c005_...`` and count ``n_c005_...``, and the Stata name where
  that is shorter), English name, key, colour, definition, inclusion and exclusion rules,
  examples and keywords; retired codes marked;
- every coding-sheet variable: its name in the datasets, label, type, whether required, range,
  description, and its categories with the numbers the .sav/.dta files store
  (exports.stats_files.choice_codes);
- the coders: role (lead, the consensus coder), articles worked on, segments, values;
- the reliability table, or why there is none (below);
- the codebook's history: every journal event (models.entities.Event) that changed the
  codebook, with when, who, the version it produced and what it did, undo and redo included.

Reliability: agreement reports are not stored in a project; the agreement package computes one
when asked, and this package may not import it (exports and agreement are independent rooms,
docs/architecture.md). So the caller, which sits above both (the command line, the window),
computes the report and passes its rows in (`Reliability`: agreement.report.report_as_json's
plain rows), or passes the reason there is none; the document shows them as given.

Chinese renders on any machine: the HTML page says ``lang="zh-CN"`` and names a CJK font stack
(Noto/Source Han, PingFang, Microsoft YaHei, WenQuanYi), and the .docx sets an East Asian font
(SimSun, with zh-CN as the East Asian language) on every style it uses, so Word and LibreOffice
pick a Chinese face for Chinese runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Final

from sqlalchemy import func, select, union

from codebook.spec import path_text
from coding.selection import ExportChoice, ExportError
from exports.rows import ExportQuery
from exports.stats_files import SPSS, STATA, choice_codes, code_variable_names, coding_sheet_names
from exports.workbook import check_target
from models.cell_safety import remove_unwritable
from models.database import ProjectDatabase
from models.entities import (
    Assignment,
    Code,
    Coder,
    Event,
    ProjectInfo,
    Segment,
    Variable,
    VariableValue,
    utcnow,
)
from models.safe_write import replaced_when_complete, write_text_whole

__all__ = [
    "SUFFIXES",
    "Change",
    "CodeEntry",
    "CodebookDocument",
    "CoderEntry",
    "Reliability",
    "VariableEntry",
    "export_codebook_document",
    "read_document",
    "write_docx",
    "write_html",
]

SUFFIXES: Final = (".docx", ".html")
EAST_ASIAN_FONT: Final = "SimSun"
LATIN_FONT: Final = "Calibri"
CJK_FONTS: Final = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)
# The journal's codebook events: the codebook's own operations, and imports that added codes.
CODEBOOK_ENTITIES: Final = ("code", "variable", "codebook")
BARS: Final = (0.667, 0.800)


# -- the document as plain data --------------------------------------------------------------


@dataclass(frozen=True)
class Reliability:
    """The reliability table the caller computed, or why there is none.

    `rows` are agreement.report.report_as_json's rows (kind, name, unit, n_units, coders,
    percent_agreement, cohen_kappa, fleiss_kappa, krippendorff_alpha, alpha_interval,
    gwet_ac1, brennan_prediger, undefined); `description` says how they were computed.
    """

    rows: Sequence[Mapping[str, Any]] = ()
    description: str = ""
    absent: str | None = None


@dataclass(frozen=True)
class CodeEntry:
    """A code as the document lists it."""

    number: int
    path: tuple[str, ...]
    variables: tuple[str, str]  # presence and count, SPSS and Parquet names
    stata: tuple[str, str]
    name_en: str | None
    key: str | None
    color: str
    definition: str
    include: str
    exclude: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...]
    retired: bool


@dataclass(frozen=True)
class VariableEntry:
    """A coding-sheet variable as the document lists it, with its categories' stored numbers."""

    name: str
    dataset_name: str
    stata_name: str
    label: str
    label_en: str | None
    level: str
    required: bool
    minimum: float | None
    maximum: float | None
    description: str
    retired: bool
    categories: tuple[tuple[int, str, str, str | None], ...]  # (number, value, label, label_en)


@dataclass(frozen=True)
class CoderEntry:
    """A coder, their role and how much they coded."""

    name: str
    role: str
    articles: int
    segments: int
    values: int


@dataclass(frozen=True)
class Change:
    """One change of the codebook from the journal."""

    at: dt.datetime
    who: str
    version: int | None
    what: str


@dataclass(frozen=True)
class CodebookDocument:
    """Everything the document says (see the module docstring)."""

    project: str
    name: str
    description: str
    description_en: str | None
    version: int
    made_at: dt.datetime
    made_by: str
    consensus_coder: str
    codes: tuple[CodeEntry, ...]
    variables: tuple[VariableEntry, ...]
    coders: tuple[CoderEntry, ...]
    history: tuple[Change, ...]
    reliability: Reliability = field(default_factory=Reliability)


def _version() -> str:
    try:
        return metadata.version("articoder")
    except metadata.PackageNotFoundError:
        return "unknown"


def _coders(database: ProjectDatabase, consensus: str) -> tuple[CoderEntry, ...]:
    with database.session() as session:
        coders = list(session.execute(select(Coder.id, Coder.name, Coder.is_lead)))
        segments = dict(
            session.execute(select(Segment.coder_id, func.count()).group_by(Segment.coder_id)).all()
        )
        values = dict(
            session.execute(
                select(VariableValue.coder_id, func.count()).group_by(VariableValue.coder_id)
            ).all()
        )
        worked = union(
            select(Segment.coder_id, Segment.article_id),
            select(VariableValue.coder_id, VariableValue.article_id),
            select(Assignment.coder_id, Assignment.article_id).where(Assignment.status == "done"),
        ).subquery()
        articles: dict[int, int] = dict(
            session.execute(
                select(worked.c.coder_id, func.count()).group_by(worked.c.coder_id)
            ).all()
        )
    entries = []
    for coder_id, name, is_lead in sorted(coders, key=lambda c: str(c[1])):
        role = "consensus" if name == consensus else "lead" if is_lead else "coder"
        entries.append(
            CoderEntry(
                str(name),
                role,
                int(articles.get(coder_id, 0)),
                int(segments.get(coder_id, 0)),
                int(values.get(coder_id, 0)),
            )
        )
    return tuple(entries)


def _describe(action: str, payload: Mapping[str, Any], subject: str | None) -> str:
    """An event of the journal in words: 'renamed code 网格 to 网格划分'."""
    undone = ""
    if ":" in action:
        kind, action = action.split(":", 1)
        undone = {"undo": "undid: ", "redo": "redid: "}.get(kind, f"{kind}: ")
    name = subject or str(payload.get("path") or payload.get("name") or "")
    what: str
    if action == "code-add":
        what = f"added code {name}"
    elif action == "code-rename":
        what = f"renamed code {payload.get('before')} to {payload.get('after')}"
    elif action == "code-edit":
        what = f"changed the {payload.get('field', 'text')} of {name}"
    elif action == "code-recolour":
        what = f"recoloured {name} to {payload.get('after')}"
    elif action in ("code-move", "code-reorder"):
        what = f"moved {name}"
    elif action == "code-merge":
        what = (
            f"merged {payload.get('source')} into {payload.get('target')} "
            f"({payload.get('segments', 0)} segments moved)"
        )
    elif action == "code-split":
        parts = ", ".join(
            str(p.get("name")) if isinstance(p, Mapping) else str(p)
            for p in payload.get("parts") or []
        )
        what = f"split {name} into {parts}"
    elif action == "code-retire":
        what = f"retired {name}"
    elif action == "code-unretire":
        what = f"brought {name} back into use"
    elif action == "code-delete":
        what = f"deleted {payload.get('path') or name}"
    elif action in ("variable-add", "variable-edit", "variable-retire", "variable-unretire"):
        verb = {"add": "added", "edit": "changed", "retire": "retired", "unretire": "unretired"}
        after = payload.get("after")
        label = name or (after.get("name") if isinstance(after, Mapping) else "") or ""
        what = f"{verb[action.split('-', 1)[1]]} variable {label}"
    elif action == "codebook-import":
        what = (
            f"imported the codebook from {payload.get('source') or 'a file'}: "
            f"{payload.get('added', 0)} codes added, {payload.get('updated', 0)} updated, "
            f"{payload.get('retired', 0)} retired"
        )
    elif action == "qdpx-import":
        what = f"imported {payload.get('codes', 0)} codes from {payload.get('file')}"
    else:
        what = action
    return undone + what


def _history(database: ProjectDatabase) -> tuple[Change, ...]:
    with database.session() as session:
        coder_names = dict(session.execute(select(Coder.id, Coder.name)).all())
        code_rows = session.execute(select(Code.id, Code.guid, Code.name, Code.parent_id)).all()
        variable_names_by_guid = dict(session.execute(select(Variable.guid, Variable.name)).all())
        events = session.scalars(
            select(Event)
            .where(Event.entity.in_([*CODEBOOK_ENTITIES, "project"]))
            .order_by(Event.at, Event.id)
        ).all()
        by_id = {int(i): (str(n), p) for i, _g, n, p in code_rows}

        def path(code_id: int) -> str:
            parts: list[str] = []
            current: int | None = code_id
            while current is not None and current in by_id:
                name, current = by_id[current]
                parts.insert(0, name)
            return path_text(tuple(parts))

        subjects = {str(g): path(int(i)) for i, g, _n, _p in code_rows}
        subjects.update({str(g): str(n) for g, n in variable_names_by_guid.items()})
        changes: list[Change] = []
        for event in events:
            payload = dict(event.payload or {})
            if event.entity == "project" and not payload.get("codes"):
                continue  # an import that brought articles or codings only
            version = payload.get("codebook_version")
            changes.append(
                Change(
                    event.at.replace(microsecond=0),
                    str(coder_names.get(event.coder_id, "")) if event.coder_id else "",
                    int(version) if isinstance(version, int) else None,
                    remove_unwritable(
                        _describe(event.action, payload, subjects.get(event.entity_guid or ""))
                    ),
                )
            )
    return tuple(changes)


def read_document(
    database: ProjectDatabase, reliability: Reliability | None = None
) -> CodebookDocument:
    """The project's codebook document as plain data (see the module docstring)."""
    query = ExportQuery(database, ExportChoice())
    with database.session() as session:
        info = session.scalars(select(ProjectInfo)).one()
        settings = dict(info.settings or {})
    spss_names = coding_sheet_names(query, SPSS)
    stata_names = coding_sheet_names(query, STATA)
    codes = tuple(
        CodeEntry(
            number,
            c.path,
            code_variable_names(c, SPSS),
            code_variable_names(c, STATA),
            c.name_en,
            c.key,
            c.color,
            c.definition,
            c.include,
            c.exclude,
            c.examples,
            c.keywords,
            c.retired,
        )
        for number, c in enumerate(query.codes, 1)
    )
    variables = []
    for v, spss, stata in zip(query.variables, spss_names, stata_names, strict=True):
        numbers = choice_codes(v) if v.level in ("nominal", "ordinal") else {}
        variables.append(
            VariableEntry(
                v.name,
                spss,
                stata,
                v.label,
                v.label_en,
                v.level,
                v.required,
                v.minimum,
                v.maximum,
                v.description,
                v.retired,
                tuple(
                    (numbers.get(value, i), value, label, label_en)
                    for i, (value, label, label_en) in enumerate(v.choices, 1)
                ),
            )
        )
    return CodebookDocument(
        project=query.project_name,
        name=str(settings.get("codebook_name") or query.project_name),
        description=str(settings.get("codebook_description") or ""),
        description_en=settings.get("codebook_description_en") or None,
        version=query.codebook_version,
        made_at=utcnow().replace(microsecond=0),
        made_by=f"articoder {_version()}",
        consensus_coder=query.consensus_name,
        codes=codes,
        variables=tuple(variables),
        coders=_coders(database, query.consensus_name),
        history=_history(database),
        reliability=reliability or Reliability(absent="not asked for"),
    )


# -- shared wording --------------------------------------------------------------------------


def _number(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "undef."
    return f"{value:.3f}"


def _marked(value: object) -> str:
    text = _number(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < BARS[0]:
            return text + "**"
        if value < BARS[1]:
            return text + "*"
    return text


def _range(variable: VariableEntry) -> str | None:
    if variable.minimum is None and variable.maximum is None:
        return None
    low = "" if variable.minimum is None else f"{variable.minimum:g}"
    high = "" if variable.maximum is None else f"{variable.maximum:g}"
    return f"{low} – {high}"


RELIABILITY_HEADERS: Final = (
    "Kind",
    "Name",
    "Units",
    "% agreement",
    "Krippendorff's α",
    "95 % interval",
    "Cohen's / Fleiss' κ",
    "Gwet's AC1",
)


def _percent(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "undef."
    return f"{value * 100:.1f}"


def _reliability_cells(row: Mapping[str, Any]) -> tuple[str, ...]:
    interval = row.get("alpha_interval")
    shown = (
        f"[{interval[0]:.3f},\u00a0{interval[1]:.3f}]"
        if isinstance(interval, Sequence) and len(interval) == 2
        else ""
    )
    coders = row.get("coders") or []
    kappa = row.get("cohen_kappa") if len(coders) == 2 else row.get("fleiss_kappa")
    return (
        str(row.get("kind", "")),
        str(row.get("name", "")),
        str(row.get("n_units", "")),
        _percent(row.get("percent_agreement")),
        _marked(row.get("krippendorff_alpha")),
        shown,
        _number(kappa),
        _number(row.get("gwet_ac1")),
    )


def _reasons(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """One line per row with undefined values: its name and each reason once."""
    lines: list[str] = []
    for row in rows:
        undefined = row.get("undefined") or {}
        if isinstance(undefined, Mapping) and undefined:
            reasons = "; ".join(dict.fromkeys(str(v) for v in undefined.values()))
            lines.append(f"{row.get('name')}: {reasons}")
    return lines


RELIABILITY_NOTE: Final = (
    "Article units. * below .800, ** below .667, on Krippendorff's alpha only (the bars are "
    "alpha's, for tentative and firm conclusions); percent agreement, kappa and AC1 are not "
    "marked. Cohen's kappa for two coders, Fleiss' kappa for more. Definitions: articoder "
    "agreement --xlsx, sheet Definitions."
)
DATASETS_NOTE: Final = (
    "Variable names are those of articoder export PROJECT OUT.sav (and .dta, .parquet): one "
    "row per article and coder, each code as presence (1/0) and as a count of segments (n_); a "
    "code that groups others counts its own segments and those of every code under it. Stata "
    "names are cut to 32 characters where longer."
)


def _code_fields(code: CodeEntry) -> list[tuple[str, str]]:
    names = f"{code.variables[0]} (presence), {code.variables[1]} (count)"
    if code.stata != code.variables:
        names += f"; in Stata {code.stata[0]}, {code.stata[1]}"
    fields = [("Variables", names)]
    if code.name_en:
        fields.append(("English", code.name_en))
    if code.key:
        fields.append(("Key", code.key))
    for label, text in (
        ("Definition", code.definition),
        ("Include", code.include),
        ("Exclude", code.exclude),
    ):
        if text:
            fields.append((label, text))
    if code.keywords:
        fields.append(("Keywords", "、".join(code.keywords)))
    return fields


def _variable_fields(variable: VariableEntry) -> list[tuple[str, str]]:
    name = variable.dataset_name
    if variable.stata_name != name:
        name += f" (Stata {variable.stata_name})"
    if variable.name != variable.dataset_name:
        name += f"; in the project {variable.name}"
    fields = [("Variable", name), ("Type", variable.level)]
    if variable.label_en:
        fields.append(("English", variable.label_en))
    fields.append(("Required", "yes" if variable.required else "no"))
    shown = _range(variable)
    if shown:
        fields.append(("Range", shown))
    if variable.description:
        fields.append(("Description", variable.description))
    return fields


def _history_title(document: CodebookDocument) -> str:
    count = len(document.history)
    return f"History of the codebook ({count} change{'' if count == 1 else 's'})"


def _title(document: CodebookDocument) -> str:
    return f"Codebook: {document.name}"


def _subtitle(document: CodebookDocument) -> str:
    return (
        f"{document.project} · codebook version {document.version} · made "
        f"{document.made_at:%Y-%m-%d %H:%M} UTC by {document.made_by}"
    )


# -- HTML ------------------------------------------------------------------------------------

_CSS: Final = f"""
body {{ font-family: {CJK_FONTS}; color: #1d1d1f; max-width: 58rem; margin: 2rem auto;
  padding: 0 1.5rem; line-height: 1.6; }}
h1 {{ font-size: 1.7rem; margin-bottom: .2rem; }}
h2 {{ margin-top: 2.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }}
h3, h4, h5, h6 {{ margin: 1.4rem 0 .3rem; font-size: 1.08rem; }}
h3 {{ font-size: 1.2rem; }}
.subtitle {{ color: #555; margin-top: 0; }}
.code {{ break-inside: avoid; }}
.swatch {{ display: inline-block; width: .9em; height: .9em; border-radius: 2px;
  vertical-align: -.1em; margin-right: .35em; }}
.number {{ color: #666; font-weight: normal; font-variant-numeric: tabular-nums; }}
.retired {{ color: #a00; font-weight: normal; font-size: .85em; }}
dl {{ display: grid; grid-template-columns: 7.5rem 1fr; gap: .15rem .8rem; margin: .3rem 0; }}
dt {{ color: #555; }}
dd {{ margin: 0; }}
table {{ border-collapse: collapse; margin: .6rem 0; font-size: .92rem; }}
table.wide {{ width: 100%; font-size: .85rem; }}
th, td {{ border: 1px solid #bbb; padding: .2rem .5rem; text-align: left; vertical-align: top; }}
th {{ background: #f0f0f0; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.note {{ color: #555; font-size: .9rem; }}
code {{ font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }}
@media print {{ body {{ max-width: none; margin: 0; }} h2 {{ break-after: avoid; }} }}
"""


def _e(text: object) -> str:
    return html.escape(remove_unwritable(str(text)), quote=True)


def _dl(fields: Sequence[tuple[str, str]], examples: Sequence[str] = ()) -> list[str]:
    out = ["<dl>"]
    for label, text in fields:
        value = _e(text).replace("\n", "<br>")
        if label == "Variables" or label == "Variable":
            value = f"<code>{value}</code>"
        out.append(f"<dt>{_e(label)}</dt><dd>{value}</dd>")
    if examples:
        items = "".join(f"<li>{_e(x)}</li>" for x in examples)
        out.append(f"<dt>Examples</dt><dd><ul>{items}</ul></dd>")
    out.append("</dl>")
    return out


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: set[int], wide: bool = False
) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    table = '<table class="wide">' if wide else "<table>"
    return f"{table}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(document: CodebookDocument) -> str:
    """The document as one self-contained HTML page (styles inline, no scripts)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(_title(document))}</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        f"<h1>{_e(_title(document))}</h1>",
        f'<p class="subtitle">{_e(_subtitle(document))}</p>',
    ]
    if document.description:
        out.append(f"<p>{_e(document.description)}</p>")
    if document.description_en:
        out.append(f'<p lang="en">{_e(document.description_en)}</p>')

    out.append(f"<h2>Codes ({len(document.codes)})</h2>")
    out.append(f'<p class="note">{_e(DATASETS_NOTE)}</p>')
    for code in document.codes:
        level = min(len(code.path) + 2, 6)
        retired = ' <span class="retired">(retired)</span>' if code.retired else ""
        out.append('<section class="code">')
        out.append(
            f'<h{level}><span class="swatch" style="background:{_e(code.color)}"></span>'
            f'<span class="number">{code.number}.</span> {_e(path_text(code.path))}'
            f"{retired}</h{level}>"
        )
        out.extend(_dl(_code_fields(code), code.examples))
        out.append("</section>")

    out.append(f"<h2>Variables ({len(document.variables)})</h2>")
    for variable in document.variables:
        retired = ' <span class="retired">(retired)</span>' if variable.retired else ""
        out.append(f"<h3>{_e(variable.label or variable.name)}{retired}</h3>")
        out.extend(_dl(_variable_fields(variable)))
        if variable.categories:
            out.append(
                _table(
                    ("Number in the datasets", "Value", "Label", "English"),
                    ((n, v, label, en or "") for n, v, label, en in variable.categories),
                    {0},
                )
            )

    out.append("<h2>Coders</h2>")
    out.append(
        _table(
            ("Coder", "Role", "Articles", "Segments", "Values"),
            ((c.name, c.role, c.articles, c.segments, c.values) for c in document.coders),
            {2, 3, 4},
        )
        if document.coders
        else "<p>No coders yet.</p>"
    )
    out.append(
        f'<p class="note">The consensus is the work of the coder '
        f"{_e(document.consensus_coder)} (project setting consensus_coder).</p>"
    )

    out.append("<h2>Reliability</h2>")
    reliability = document.reliability
    if reliability.absent is not None or not reliability.rows:
        out.append(
            f"<p>No reliability table: {_e(reliability.absent or 'nothing to compare')}.</p>"
        )
    else:
        if reliability.description:
            out.append(f"<p>{_e(reliability.description)}</p>")
        out.append(
            _table(
                RELIABILITY_HEADERS,
                (_reliability_cells(r) for r in reliability.rows),
                {2, 3, 4, 5, 6, 7},
                wide=True,
            )
        )
        out.append(f'<p class="note">{_e(RELIABILITY_NOTE)}</p>')
        reasons = _reasons(reliability.rows)
        if reasons:
            items = "".join(f"<li>{_e(r)}</li>" for r in reasons)
            out.append(f'<p class="note">Undefined values:</p><ul class="note">{items}</ul>')

    out.append(f"<h2>{_e(_history_title(document))}</h2>")
    if document.history:
        out.append(
            _table(
                ("When (UTC)", "Who", "Version", "What"),
                (
                    (f"{c.at:%Y-%m-%d %H:%M}", c.who or "—", c.version or "", c.what)
                    for c in document.history
                ),
                {2},
                wide=True,
            )
        )
    else:
        out.append("<p>No changes recorded.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_html(document: CodebookDocument, path: Path) -> None:
    """Write the HTML page, all or nothing."""
    write_text_whole(path, render_html(document))


# -- Word ------------------------------------------------------------------------------------


def _east_asian(style: Any) -> None:
    """Give a style the Latin and East Asian fonts and zh-CN as its East Asian language."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    # A theme font wins over a named one: drop them, or headings keep the theme's face.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:eastAsia"), "zh-CN")


def _docx_table(
    doc: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float] | None = None,
    small: bool = False,
) -> None:
    """A grid table; `widths` in centimetres (Word gives every column the same otherwise)."""
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(remove_unwritable(header)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = remove_unwritable(str(value))
    if widths is not None:
        table.autofit = False
        # Both the grid (LibreOffice reads it) and every cell (Word reads those).
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    if small:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    for run in paragraph.runs:
                        run.font.size = Pt(9)


def _docx_fields(doc: Any, fields: Sequence[tuple[str, str]], examples: Sequence[str]) -> None:
    for label, text in fields:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(remove_unwritable(text))
    if examples:
        doc.add_paragraph().add_run("Examples:").bold = True
        for example in examples:
            doc.add_paragraph(remove_unwritable(example), style="List Bullet")


def build_docx(document: CodebookDocument) -> Any:
    """The document as a python-docx Document (not yet saved)."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    doc = Document()
    styles = doc.styles
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4",
                 "List Bullet", "Table Grid"):  # fmt: skip
        _east_asian(styles[name])
    styles["Normal"].font.size = Pt(10.5)  # 五号, the usual size of Chinese body text
    styles["Normal"].paragraph_format.space_after = Pt(3)
    doc.core_properties.title = remove_unwritable(_title(document))[:255]
    doc.core_properties.language = "zh-CN"
    doc.add_heading(remove_unwritable(_title(document)), level=0)
    doc.add_paragraph(remove_unwritable(_subtitle(document)))
    if document.description:
        doc.add_paragraph(remove_unwritable(document.description))
    if document.description_en:
        doc.add_paragraph(remove_unwritable(document.description_en))

    doc.add_heading(f"Codes ({len(document.codes)})", level=1)
    doc.add_paragraph(DATASETS_NOTE)
    for code in document.codes:
        heading = doc.add_heading(level=min(len(code.path) + 1, 4))
        swatch = heading.add_run("■ ")
        with contextlib.suppress(ValueError):  # a colour from an odd file: no swatch colour
            swatch.font.color.rgb = RGBColor.from_string(code.color.lstrip("#")[:6].upper())
        heading.add_run(f"{code.number}. {remove_unwritable(path_text(code.path))}")
        if code.retired:
            heading.add_run(" (retired)")
        _docx_fields(doc, _code_fields(code), code.examples)

    doc.add_heading(f"Variables ({len(document.variables)})", level=1)
    for variable in document.variables:
        title = remove_unwritable(variable.label or variable.name)
        doc.add_heading(title + (" (retired)" if variable.retired else ""), level=2)
        _docx_fields(doc, _variable_fields(variable), ())
        if variable.categories:
            _docx_table(
                doc,
                ("Number in the datasets", "Value", "Label", "English"),
                [(n, v, label, en or "") for n, v, label, en in variable.categories],
                (2.6, 3.6, 4.5, 4.5),
            )

    doc.add_heading("Coders", level=1)
    if document.coders:
        _docx_table(
            doc,
            ("Coder", "Role", "Articles", "Segments", "Values"),
            [(c.name, c.role, c.articles, c.segments, c.values) for c in document.coders],
        )
    doc.add_paragraph(
        f"The consensus is the work of the coder {remove_unwritable(document.consensus_coder)} "
        "(project setting consensus_coder)."
    )

    doc.add_heading("Reliability", level=1)
    reliability = document.reliability
    if reliability.absent is not None or not reliability.rows:
        why = remove_unwritable(reliability.absent or "nothing to compare")
        doc.add_paragraph(f"No reliability table: {why}.")
    else:
        if reliability.description:
            doc.add_paragraph(remove_unwritable(reliability.description))
        _docx_table(
            doc,
            RELIABILITY_HEADERS,
            [_reliability_cells(r) for r in reliability.rows],
            (1.6, 3.2, 1.0, 1.5, 1.8, 2.5, 1.8, 1.6),
            small=True,
        )
        doc.add_paragraph(RELIABILITY_NOTE)
        for reason in _reasons(reliability.rows):
            doc.add_paragraph(remove_unwritable(reason), style="List Bullet")

    doc.add_heading(_history_title(document), level=1)
    if document.history:
        _docx_table(
            doc,
            ("When (UTC)", "Who", "Version", "What"),
            [
                (f"{c.at:%Y-%m-%d %H:%M}", c.who or "—", c.version or "", c.what)
                for c in document.history
            ],
            (2.9, 2.0, 1.8, 8.3),
            small=True,
        )
    else:
        doc.add_paragraph("No changes recorded.")
    return doc


def write_docx(document: CodebookDocument, path: Path) -> None:
    """Write the Word document, all or nothing."""
    built = build_docx(document)
    with replaced_when_complete(path) as partial:
        built.save(str(partial))


def export_codebook_document(
    database: ProjectDatabase, path: Path, reliability: Reliability | None = None
) -> Path:
    """Read the project and write its codebook document (.docx or .html, by the extension).

    ExportError for another extension or a target that cannot be written.
    """
    target = check_target(Path(path))
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"{target}: the codebook document is written as {' or '.join(SUFFIXES)}")
    document = read_document(database, reliability)
    try:
        if suffix == ".html":
            write_html(document, target)
        else:
            write_docx(document, target)
    except OSError as exc:
        raise ExportError(f"{target}: cannot be written ({exc.strerror or exc})") from exc
    return target
