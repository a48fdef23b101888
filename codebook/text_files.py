"""Codebook files a person edits by hand: YAML (and the same shape as JSON).

The shape is the one in articoder/demo/codebook.yaml: `codes` (each with name, name_en,
color, key, definition, include, exclude, examples, keywords, children) and `variables` (name,
label, type, required, values, range). Reading reports problems with their line numbers;
writing gives back a file that reads into the same codebook.

Reading is bounded (models.bounded_input): YAML through a loader that refuses deep nesting,
alias bombs and long integers while it composes the document, JSON after a scan of its
nesting depth, and in both a NUL or a lone surrogate in any text is refused with its line.
FIFOs and devices are never opened. Every refusal is a `CodebookError` naming the line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from codebook.spec import (
    LEVELS,
    ChoiceSpec,
    CodebookError,
    CodebookSpec,
    CodeSpec,
    Problem,
    VariableSpec,
    validate,
)
from models.bounded_input import (
    BoundedYamlLoader,
    InputRefused,
    load_json,
    load_yaml,
    read_regular_file,
)
from models.safe_write import write_text_whole

LINE = "__line__"
KEY_LINES = "__key_lines__"  # each key's line, for problems about one field
CODE_KEYS = {
    "name",
    "name_en",
    "guid",
    "color",
    "key",
    "definition",
    "include",
    "exclude",
    "examples",
    "keywords",
    "retired",
    "children",
}
VARIABLE_KEYS = {
    "name",
    "label",
    "label_en",
    "description",
    "guid",
    "type",
    "required",
    "values",
    "range",
    "retired",
}
TOP_KEYS = {
    "name",
    "description",
    "description_en",
    "version",
    "codable_groups",
    "codes",
    "variables",
}


# The cap of codebook.files.MAX_CODEBOOK_BYTES, applied to the bytes actually read.
_MAX_BYTES = 64 * 1024 * 1024


class _LineLoader(BoundedYamlLoader):
    """A bounded safe loader that records each mapping's line number under LINE."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=True)
        mapping[LINE] = node.start_mark.line + 1
        # Each key's own line, so a misspelt field is reported where it is written.
        mapping[KEY_LINES] = {
            key.value: key.start_mark.line + 1
            for key, _ in node.value
            if isinstance(key, yaml.ScalarNode)
        }
        return mapping


class _Reader:
    """Turns loaded mappings into specs, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def where(self, item: dict[str, Any], fallback: str) -> str:
        return f"line {item[LINE]}" if LINE in item else fallback

    def text(self, item: dict[str, Any], key: str, where: str, default: str = "") -> str:
        value = item.get(key, default)
        if value is None:
            return default
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        self.problems.append(Problem(where, f"{key!r} should be text"))
        return default

    def optional_text(self, item: dict[str, Any], key: str, where: str) -> str | None:
        return self.text(item, key, where) if item.get(key) is not None else None

    def strings(self, item: dict[str, Any], key: str, where: str) -> list[str]:
        value = item.get(key) or []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            self.problems.append(Problem(where, f"{key!r} should be a list of texts"))
            return []
        return [str(v) for v in value]

    def mapping_list(self, value: Any, where: str, what: str) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append(Problem(where, f"{what!r} should be a list"))
            return []
        good = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                good.append(item)
            else:
                self.problems.append(
                    Problem(where, f"item {i + 1} of {what!r} should be a mapping")
                )
        return good

    def unknown(self, item: dict[str, Any], allowed: set[str], where: str) -> None:
        key_lines = item.get(KEY_LINES, {})
        for key in item:
            if key not in (LINE, KEY_LINES) and key not in allowed:
                at = f"line {key_lines[key]}" if key in key_lines else where
                self.problems.append(
                    Problem(at, f"unknown field {key!r} (known: {', '.join(sorted(allowed))})")
                )

    def code(self, item: dict[str, Any], where: str) -> CodeSpec:
        here = self.where(item, where)
        self.unknown(item, CODE_KEYS, here)
        retired = item.get("retired", False)
        return CodeSpec(
            name=self.text(item, "name", here).strip(),
            name_en=self.optional_text(item, "name_en", here),
            guid=self.optional_text(item, "guid", here),
            color=self.text(item, "color", here, "#888888"),
            color_given=item.get("color") is not None,
            key=self.optional_text(item, "key", here),
            definition=self.text(item, "definition", here),
            include=self.text(item, "include", here),
            exclude=self.text(item, "exclude", here),
            examples=self.strings(item, "examples", here),
            keywords=self.strings(item, "keywords", here),
            retired=bool(retired),
            children=[
                self.code(c, here)
                for c in self.mapping_list(item.get("children"), here, "children")
            ],
            location=here,
        )

    def number(self, value: Any, where: str, what: str) -> float | None:
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        self.problems.append(Problem(where, f"{what} should be a number"))
        return None

    def variable(self, item: dict[str, Any], where: str) -> VariableSpec:
        here = self.where(item, where)
        self.unknown(item, VARIABLE_KEYS, here)
        level = self.text(item, "type", here, "")
        if not level:
            self.problems.append(
                Problem(here, f"a variable needs a type: one of {', '.join(LEVELS)}")
            )
        values: list[ChoiceSpec] = []
        listed = item.get("values") or []
        if not isinstance(listed, list):
            self.problems.append(Problem(here, "values should be a list of allowed values"))
            listed = []
        for raw in listed:
            if isinstance(raw, dict):
                values.append(
                    ChoiceSpec(
                        value=self.text(raw, "value", here),
                        label=self.text(raw, "label", here),
                        label_en=self.optional_text(raw, "label_en", here),
                    )
                )
            elif isinstance(raw, (str, int, float)):
                values.append(ChoiceSpec(value=str(raw)))
            else:
                self.problems.append(
                    Problem(here, "each allowed value should be text or {value, label}")
                )
        minimum = maximum = None
        bounds = item.get("range")
        if bounds is not None:
            if isinstance(bounds, list) and len(bounds) == 2:
                minimum = self.number(bounds[0], here, "the range's minimum")
                maximum = self.number(bounds[1], here, "the range's maximum")
            else:
                self.problems.append(Problem(here, "range should be [minimum, maximum]"))
        return VariableSpec(
            name=self.text(item, "name", here).strip(),
            level=level,
            label=self.text(item, "label", here),
            label_en=self.optional_text(item, "label_en", here),
            description=self.text(item, "description", here),
            guid=self.optional_text(item, "guid", here),
            required=bool(item.get("required", False)),
            values=values,
            minimum=minimum,
            maximum=maximum,
            retired=bool(item.get("retired", False)),
            location=here,
        )

    def codebook(self, data: Any) -> CodebookSpec:
        if not isinstance(data, dict):
            self.problems.append(
                Problem("line 1", "the file should be a mapping with 'codes' and 'variables'")
            )
            return CodebookSpec()
        self.unknown(data, TOP_KEYS, "top level")
        version = data.get("version", 1)
        return CodebookSpec(
            name=self.text(data, "name", "top level"),
            description=self.text(data, "description", "top level"),
            description_en=self.optional_text(data, "description_en", "top level"),
            version=version if isinstance(version, int) else 1,
            codable_groups=bool(data.get("codable_groups", False)),
            codes=[
                self.code(c, "codes")
                for c in self.mapping_list(data.get("codes"), "codes", "codes")
            ],
            variables=[
                self.variable(v, "variables")
                for v in self.mapping_list(data.get("variables"), "variables", "variables")
            ],
        )


def parse_codebook(data: Any, source: str) -> CodebookSpec:
    """A codebook from loaded YAML/JSON data; CodebookError lists every problem."""
    reader = _Reader()
    spec = reader.codebook(data)
    problems = reader.problems + validate(spec)
    if problems:
        raise CodebookError(source, problems)
    return spec


def read_codebook_text(path: Path) -> CodebookSpec:
    """Read a .yaml/.yml or .json codebook file."""
    source = str(path)
    try:
        content = read_regular_file(path, _MAX_BYTES, source).decode("utf-8-sig")
    except InputRefused as exc:
        raise CodebookError(source, [Problem(exc.location or "file", exc.message)]) from exc
    except UnicodeDecodeError as exc:
        raise CodebookError(source, [Problem("file", "not UTF-8 text; save it as UTF-8")]) from exc
    except OSError as exc:
        raise CodebookError(source, [Problem("file", exc.strerror or str(exc))]) from exc
    try:
        if path.suffix.lower() == ".json":
            data = load_json(content, source)
        else:
            data = load_yaml(content, source, _LineLoader)
    except InputRefused as exc:
        raise CodebookError(source, [Problem(exc.location or "file", exc.message)]) from exc
    except json.JSONDecodeError as exc:
        raise CodebookError(source, [Problem(f"line {exc.lineno}", exc.msg)]) from exc
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow in a file (a NUL, say); its own message is two lines.
        line = content.count("\n", 0, max(exc.position, 0)) + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise CodebookError(
            source,
            [
                Problem(
                    f"line {line}",
                    f"the character U+{ord(character):04X} is not allowed in a YAML file; "
                    "remove it",
                )
            ],
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "file"
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise CodebookError(source, [Problem(where, problem)]) from exc
    return parse_codebook(data, source)


def _code_dict(code: CodeSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"name": code.name}
    if code.name_en:
        out["name_en"] = code.name_en
    if code.guid:
        out["guid"] = code.guid
    out["color"] = code.color
    if code.key:
        out["key"] = code.key
    for key in ("definition", "include", "exclude"):
        if getattr(code, key):
            out[key] = getattr(code, key)
    if code.examples:
        out["examples"] = list(code.examples)
    if code.keywords:
        out["keywords"] = list(code.keywords)
    if code.retired:
        out["retired"] = True
    if code.children:
        out["children"] = [_code_dict(c) for c in code.children]
    return out


def _variable_dict(variable: VariableSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"name": variable.name}
    if variable.guid:
        out["guid"] = variable.guid
    if variable.label:
        out["label"] = variable.label
    if variable.label_en:
        out["label_en"] = variable.label_en
    if variable.description:
        out["description"] = variable.description
    out["type"] = variable.level
    out["required"] = variable.required
    if variable.values:
        out["values"] = [
            {"value": c.value, "label": c.label, **({"label_en": c.label_en} if c.label_en else {})}
            for c in variable.values
        ]
    if variable.minimum is not None or variable.maximum is not None:
        out["range"] = [_plain_number(variable.minimum), _plain_number(variable.maximum)]
    if variable.retired:
        out["retired"] = True
    return out


def _plain_number(value: float | None) -> float | int | None:
    return int(value) if value is not None and value.is_integer() else value


def codebook_dict(spec: CodebookSpec) -> dict[str, Any]:
    """The codebook as the plain mapping the files hold."""
    out: dict[str, Any] = {"name": spec.name}
    if spec.description:
        out["description"] = spec.description
    if spec.description_en:
        out["description_en"] = spec.description_en
    out["version"] = spec.version
    out["codable_groups"] = spec.codable_groups
    out["codes"] = [_code_dict(c) for c in spec.codes]
    out["variables"] = [_variable_dict(v) for v in spec.variables]
    return out


def write_codebook_text(spec: CodebookSpec, path: Path) -> None:
    """Write a .yaml/.yml or .json codebook file (UTF-8, Chinese kept readable)."""
    data = codebook_dict(spec)
    if path.suffix.lower() == ".json":
        content = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    write_text_whole(path, content)
