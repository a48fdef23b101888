"""The project's codebook in the database: loading it as plain data, and bringing a file in.

Bringing a codebook file into a project matches codes by GUID, then by path, and variables by
GUID, then by name: matched ones are updated in place (their segments and values stay), new
ones are added, and ones the file no longer lists are retired, never deleted, so no coding is
lost. The whole change is one transaction, one journal event and one codebook version.

Also what the window's variable dialog reads: one variable as a spec, the retired ones, the
names taken, and the values already coded with a variable (`StoredValues`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from codebook.operations import next_code_colour
from codebook.spec import (
    ChoiceSpec,
    CodebookError,
    CodebookSpec,
    CodeSpec,
    VariableSpec,
    path_text,
    validate,
    walk,
)
from models.database import ProjectDatabase
from models.entities import (
    Code,
    DictionaryWord,
    Event,
    ProjectInfo,
    Segment,
    Variable,
    VariableChoice,
    VariableValue,
    utcnow,
)
from models.ids import new_guid


@dataclass(frozen=True)
class CodeRow:
    """A code as `codebook show` lists it."""

    id: int
    guid: str
    path: tuple[str, ...]
    color: str
    key: str | None
    segments: int
    retired: bool

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form."""
        return {
            "id": self.id,
            "guid": self.guid,
            "path": path_text(self.path),
            "level": len(self.path),
            "color": self.color,
            "key": self.key,
            "segments": self.segments,
            "retired": self.retired,
        }


@dataclass(frozen=True)
class CodebookImport:
    """What bringing a codebook in did."""

    added: int
    updated: int
    retired: int
    variables_added: int
    variables_updated: int
    variables_retired: int
    version: int


def _children(codes: list[Code]) -> dict[int | None, list[Code]]:
    tree: dict[int | None, list[Code]] = {}
    for code in sorted(codes, key=lambda c: (c.position, c.id)):
        tree.setdefault(code.parent_id, []).append(code)
    return tree


def _code_spec(code: Code, tree: dict[int | None, list[Code]]) -> CodeSpec:
    return CodeSpec(
        name=code.name,
        name_en=code.name_en,
        guid=code.guid,
        color=code.color,
        key=code.shortcut,
        definition=code.definition,
        include=code.include_rule,
        exclude=code.exclude_rule,
        examples=list(code.examples),
        keywords=list(code.keywords),
        retired=code.retired,
        children=[_code_spec(c, tree) for c in tree.get(code.id, [])],
    )


def _variable_spec(variable: Variable) -> VariableSpec:
    return VariableSpec(
        name=variable.name,
        level=variable.level,
        label=variable.label,
        label_en=variable.label_en,
        description=variable.description,
        guid=variable.guid,
        required=variable.required,
        values=[ChoiceSpec(c.value, c.label, c.label_en) for c in variable.choices],
        minimum=variable.minimum,
        maximum=variable.maximum,
        retired=variable.retired,
    )


def load_codebook_in(session: Session) -> CodebookSpec:
    """The project's codebook as plain data (within an open session)."""
    info = session.scalars(select(ProjectInfo)).one()
    settings = dict(info.settings or {})
    tree = _children(list(session.scalars(select(Code))))
    variables = session.scalars(select(Variable).order_by(Variable.position, Variable.id)).all()
    return CodebookSpec(
        name=str(settings.get("codebook_name", "")),
        description=str(settings.get("codebook_description", "")),
        description_en=settings.get("codebook_description_en"),
        version=info.codebook_version,
        codable_groups=bool(settings.get("codable_groups", False)),
        codes=[_code_spec(c, tree) for c in tree.get(None, [])],
        variables=[_variable_spec(v) for v in variables],
    )


def load_codebook(database: ProjectDatabase) -> CodebookSpec:
    """The project's codebook as plain data."""
    with database.session() as session:
        return load_codebook_in(session)


def code_rows(database: ProjectDatabase) -> list[CodeRow]:
    """Every code, depth first in tree order, with its path and number of segments."""
    with database.session() as session:
        counts = dict(
            session.execute(
                select(Segment.code_id, func.count(Segment.id)).group_by(Segment.code_id)
            ).all()
        )
        tree = _children(list(session.scalars(select(Code))))
    rows: list[CodeRow] = []

    def visit(parent: int | None, path: tuple[str, ...]) -> None:
        for code in tree.get(parent, []):
            here = (*path, code.name)
            rows.append(
                CodeRow(
                    code.id,
                    code.guid,
                    here,
                    code.color,
                    code.shortcut,
                    int(counts.get(code.id, 0)),
                    code.retired,
                )
            )
            visit(code.id, here)

    visit(None, ())
    return rows


def _apply_code(
    code: Code, spec: CodeSpec, parent_id: int | None, position: int, colours: list[str]
) -> None:
    """Set `code` from `spec`; `colours` are the colours in use, for a new code without one."""
    code.parent_id = parent_id
    code.position = position
    code.name = spec.name
    code.name_en = spec.name_en
    if spec.color_given or not code.color:
        code.color = spec.color if spec.color_given else next_code_colour(colours)
        colours.append(code.color)
    code.shortcut = spec.key
    code.definition = spec.definition
    code.include_rule = spec.include
    code.exclude_rule = spec.exclude
    code.examples = list(spec.examples)
    code.keywords = list(spec.keywords)
    code.retired = spec.retired


def _apply_variable(variable: Variable, spec: VariableSpec, position: int) -> None:
    variable.name = spec.name
    variable.level = spec.level
    variable.label = spec.label
    variable.label_en = spec.label_en
    variable.description = spec.description
    variable.required = spec.required
    variable.minimum = spec.minimum
    variable.maximum = spec.maximum
    variable.position = position
    variable.retired = spec.retired
    existing = {c.value: c for c in variable.choices}
    wanted = {choice.value for choice in spec.values}
    for value, old in existing.items():
        if value not in wanted:
            variable.choices.remove(old)
    for i, choice in enumerate(spec.values):
        row = existing.get(choice.value)
        if row is None:
            row = VariableChoice(guid=new_guid(), value=choice.value)
            variable.choices.append(row)
        row.label, row.label_en, row.position = choice.label, choice.label_en, i
    variable.choices.sort(key=lambda c: c.position)


def import_codebook(
    database: ProjectDatabase, spec: CodebookSpec, source: str = "codebook"
) -> CodebookImport:
    """Bring a codebook into the project, keeping every segment and value (see module doc)."""
    problems = validate(spec)
    if problems:
        raise CodebookError(source, problems)
    with database.session() as session:
        codes = list(session.scalars(select(Code)))
        by_guid = {c.guid.upper(): c for c in codes}
        tree = _children(codes)
        by_path: dict[tuple[str, ...], Code] = {}

        def index(parent: int | None, path: tuple[str, ...]) -> None:
            for code in tree.get(parent, []):
                by_path[(*path, code.name)] = code
                index(code.id, (*path, code.name))

        index(None, ())
        colours = [c.color for c in codes if not c.retired]
        kept: set[int] = set()
        added = updated = 0

        def place(specs: list[CodeSpec], parent_id: int | None, path: tuple[str, ...]) -> None:
            nonlocal added, updated
            for position, spec_code in enumerate(specs):
                here = (*path, spec_code.name)
                code = (
                    by_guid.get(spec_code.guid.upper()) if spec_code.guid else None
                ) or by_path.get(here)
                if code is not None and code.id in kept:
                    code = None
                if code is None:
                    code = Code(guid=(spec_code.guid or new_guid()).upper(), created_at=utcnow())
                    session.add(code)
                    added += 1
                else:
                    updated += 1
                _apply_code(code, spec_code, parent_id, position, colours)
                session.flush()
                kept.add(code.id)
                place(spec_code.children, code.id, here)

        place(spec.codes, None, ())
        retired = 0
        for code in codes:
            if code.id not in kept and not code.retired:
                code.retired = True
                retired += 1
        variables = list(session.scalars(select(Variable)))
        var_by_guid = {v.guid.upper(): v for v in variables}
        var_by_name = {v.name: v for v in variables}
        # Variable names are unique in the table: park them under temporary names so that
        # renames within the file cannot collide halfway through.
        for variable in variables:
            variable.name = f"__renaming {variable.id}"
        session.flush()
        var_kept: set[int] = set()
        var_added = var_updated = 0
        for position, spec_var in enumerate(spec.variables):
            matched = (var_by_guid.get(spec_var.guid.upper()) if spec_var.guid else None) or (
                var_by_name.get(spec_var.name)
            )
            if matched is not None and matched.id not in var_kept:
                variable = matched
                var_updated += 1
            else:
                variable = Variable(
                    guid=(spec_var.guid or new_guid()).upper(), level=spec_var.level
                )
                session.add(variable)
                var_added += 1
            _apply_variable(variable, spec_var, position)
            session.flush()
            var_kept.add(variable.id)
        var_retired = 0
        original_var_names = {v.id: name for name, v in var_by_name.items()}
        for variable in variables:
            if variable.id not in var_kept:
                variable.name = original_var_names[variable.id]
                if not variable.retired:
                    variable.retired = True
                    var_retired += 1
        _refresh_dictionary(session, spec)
        info = session.scalars(select(ProjectInfo)).one()
        info.codebook_version += 1
        info.settings = {
            **(info.settings or {}),
            "codebook_name": spec.name,
            "codebook_description": spec.description,
            "codebook_description_en": spec.description_en,
            "codable_groups": spec.codable_groups,
        }
        session.add(
            Event(
                guid=new_guid(),
                at=utcnow(),
                action="codebook-import",
                entity="codebook",
                payload={"source": source, "added": added, "updated": updated, "retired": retired},
            )
        )
        return CodebookImport(
            added, updated, retired, var_added, var_updated, var_retired, info.codebook_version
        )


def _refresh_dictionary(session: Session, spec: CodebookSpec) -> None:
    """Codebook keywords become project dictionary words, so segmentation keeps them whole."""
    words = {
        w.strip()
        for _, code in walk(spec.codes)
        for w in code.keywords
        if 1 < len(w.strip()) <= 100
    }
    existing = {w.word: w for w in session.scalars(select(DictionaryWord))}
    for word, row in existing.items():
        if row.source == "codebook" and word not in words:
            session.delete(row)
    for word in words - existing.keys():
        session.add(DictionaryWord(word=word, source="codebook"))


# -- reading variables for the window's variable dialog ----------------------------------


@dataclass(frozen=True)
class StoredValues:
    """What is coded with a variable already: how many values, and how many use each allowed
    value. `counted` is False when the numbers may not be shown (blind mode, not the lead):
    `total` and `by_value` then only say whether, not how many.
    """

    total: int = 0
    by_value: dict[str, int] = field(default_factory=dict)
    counted: bool = True
    others: bool = False  # values of other coders are among them


def stored_values(
    database: ProjectDatabase, variable_id: int, coder_id: int, counted: bool
) -> StoredValues:
    """Every coder's values of the variable (what EditVariable protects)."""
    with database.session() as session:
        rows = session.execute(
            select(VariableValue.value, func.count())
            .where(VariableValue.variable_id == variable_id)
            .group_by(VariableValue.value)
        ).all()
        others = session.scalar(
            select(VariableValue.id)
            .where(VariableValue.variable_id == variable_id, VariableValue.coder_id != coder_id)
            .limit(1)
        )
    by_value = {str(value): int(count) for value, count in rows}
    return StoredValues(sum(by_value.values()), by_value, counted, others is not None)


def variable_spec(database: ProjectDatabase, variable_id: int) -> VariableSpec | None:
    """The stored variable as plain data (None when it is gone)."""
    with database.session() as session:
        variable = session.get(Variable, variable_id)
        return None if variable is None else _variable_spec(variable)


def retired_variables(database: ProjectDatabase) -> list[tuple[int, VariableSpec]]:
    """The retired variables, in the sheet's order, as (id, spec without its values)."""
    with database.session() as session:
        rows = session.scalars(
            select(Variable)
            .where(Variable.retired.is_(True))
            .order_by(Variable.position, Variable.id)
        ).all()
        return [
            (
                row.id,
                VariableSpec(
                    name=row.name, level=row.level, label=row.label, label_en=row.label_en
                ),
            )
            for row in rows
        ]


def variable_names(database: ProjectDatabase, leave_out: int | None = None) -> set[str]:
    """The names every variable has, retired ones too (names identify them in files)."""
    with database.session() as session:
        query = select(Variable.name)
        if leave_out is not None:
            query = query.where(Variable.id != leave_out)
        return set(session.scalars(query))
