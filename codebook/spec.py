"""The codebook as plain data: codes in a tree, article-level variables, and their checks.

These dataclasses are what codebook files are read into and written from, and what the
project's codebook is loaded as; they hold no database objects. `validate` reports every
problem with its location, so a bad file changes nothing and the user knows what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

LEVELS = ("nominal", "ordinal", "interval", "ratio", "date", "text")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
PATH_SEPARATOR = " > "


@dataclass
class CodeSpec:
    """A code and its children."""

    name: str
    name_en: str | None = None
    guid: str | None = None
    color: str = "#888888"
    key: str | None = None
    definition: str = ""
    include: str = ""
    exclude: str = ""
    examples: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    retired: bool = False
    children: list[CodeSpec] = field(default_factory=list)
    # Where the code was read from ("line 12"), for error messages; not part of the codebook.
    location: str | None = field(default=None, compare=False, repr=False)
    # False when the file gave no colour: an import then keeps a known code's colour and gives
    # a new code the next colour of the palette, rather than grey.
    color_given: bool = field(default=True, compare=False, repr=False)


@dataclass
class ChoiceSpec:
    """An allowed value of a nominal or ordinal variable."""

    value: str
    label: str = ""
    label_en: str | None = None


@dataclass
class VariableSpec:
    """An article-level variable of the coding sheet."""

    name: str
    level: str
    label: str = ""
    label_en: str | None = None
    description: str = ""
    guid: str | None = None
    required: bool = False
    values: list[ChoiceSpec] = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    retired: bool = False
    location: str | None = field(default=None, compare=False, repr=False)


@dataclass
class CodebookSpec:
    """A whole codebook."""

    name: str = ""
    description: str = ""
    description_en: str | None = None
    version: int = 1
    codable_groups: bool = False
    codes: list[CodeSpec] = field(default_factory=list)
    variables: list[VariableSpec] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a codebook, and where."""

    where: str
    message: str

    def __str__(self) -> str:
        """'where: message'."""
        return f"{self.where}: {self.message}"


class CodebookError(Exception):
    """A codebook file or change that cannot be used; nothing was changed."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        """Name the source and every problem found."""
        self.source = source
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{source}: {shown}{more}")


def walk(
    codes: list[CodeSpec], parent: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], CodeSpec]]:
    """Every code with its path (names from the top), depth first, in order."""
    for code in codes:
        path = (*parent, code.name)
        yield path, code
        yield from walk(code.children, path)


def path_text(path: tuple[str, ...]) -> str:
    """A code path as one string: 组织体系 > 楼栋党小组."""
    return PATH_SEPARATOR.join(path)


def _where(path: tuple[str, ...], location: str | None) -> str:
    return f"{location}, code {path_text(path)!r}" if location else f"code {path_text(path)!r}"


def validate(spec: CodebookSpec) -> list[Problem]:
    """Every problem in the codebook: empty or repeated names, keys, colours, variable rules."""
    problems: list[Problem] = []
    keys: dict[str, str] = {}
    guids: set[str] = set()

    def check_siblings(codes: list[CodeSpec], parent: tuple[str, ...]) -> None:
        seen: set[str] = set()
        for code in codes:
            path = (*parent, code.name)
            where = _where(path, code.location)
            if not code.name.strip():
                problems.append(
                    Problem(code.location or path_text(parent) or "codes", "a code has no name")
                )
            elif code.name in seen:
                problems.append(Problem(where, "two codes with this name under the same parent"))
            seen.add(code.name)
            if PATH_SEPARATOR.strip() in code.name:
                problems.append(
                    Problem(where, f"a code name cannot contain {PATH_SEPARATOR.strip()!r}")
                )
            if not COLOR.match(code.color):
                problems.append(Problem(where, f"colour {code.color!r} is not of the form #rrggbb"))
            if code.key:
                if code.key in keys:
                    problems.append(
                        Problem(
                            where,
                            f"shortcut key {code.key!r} is already used by {keys[code.key]!r}",
                        )
                    )
                keys[code.key] = path_text(path)
            if code.guid:
                if code.guid.upper() in guids:
                    problems.append(Problem(where, f"GUID {code.guid} appears twice"))
                guids.add(code.guid.upper())
            check_siblings(code.children, path)

    check_siblings(spec.codes, ())
    names: set[str] = set()
    for variable in spec.variables:
        where = (
            f"{variable.location}, variable {variable.name!r}"
            if variable.location
            else f"variable {variable.name!r}"
        )
        if not variable.name.strip():
            problems.append(Problem(variable.location or "variables", "a variable has no name"))
        elif variable.name in names:
            problems.append(Problem(where, "two variables with this name"))
        names.add(variable.name)
        if variable.level not in LEVELS:
            problems.append(
                Problem(where, f"type {variable.level!r} is not one of {', '.join(LEVELS)}")
            )
        if variable.level in ("nominal", "ordinal") and not variable.values:
            problems.append(Problem(where, f"a {variable.level} variable needs its allowed values"))
        values = [c.value for c in variable.values]
        if len(values) != len(set(values)):
            problems.append(Problem(where, "an allowed value is listed twice"))
        if (
            variable.minimum is not None
            and variable.maximum is not None
            and variable.minimum > variable.maximum
        ):
            problems.append(Problem(where, "the range's minimum is above its maximum"))
    return problems
