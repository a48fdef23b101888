"""The REFI-QDA conventions articoder writes and reads back (exchange.write, exchange.parse).

- Article metadata are project `<Variable>`s with reserved names (`articoder:title`,
  `articoder:outlet`, ...), their values `<VariableValue>`s of each `<TextSource>`.
- A coder's article-level values are one `<Case>` per (article, coder) pair: the case refers
  to the article's source (`<SourceRef>`), names the coder in the reserved variable
  `articoder:coder` (the user's name; the user's GUID is in `<Users>`), and holds the coder's
  values of the codebook's variables. REFI-QDA has no coder on a variable value, so the case
  is the unit that can carry one; other tools show it as a case "标题 · 甲".
- A variable's type is Text (nominal, ordinal, text), Float (interval, ratio) or Date; what
  REFI-QDA cannot say (level, labels, allowed values, range, required, retired) follows the
  description in an "[articoder]" YAML block, as codebook/qdc.py does for codes.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from codebook.qdc import MARKER, split_description
from codebook.spec import ChoiceSpec, CodebookError, VariableSpec

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
RESERVED_PREFIX = "articoder:"
CODER_VARIABLE = "articoder:coder"
# Article columns carried as source variables: name -> (REFI type, what it holds).
METADATA: dict[str, tuple[str, str]] = {
    "articoder:title": ("Text", "title"),
    "articoder:outlet": ("Text", "outlet (the newspaper or site)"),
    "articoder:published": ("Date", "publication date"),
    "articoder:published_text": ("Text", "publication date as the source wrote it"),
    "articoder:author": ("Text", "author"),
    "articoder:editor": ("Text", "editor"),
    "articoder:url": ("Text", "address"),
    "articoder:extra": ("Text", "other fields of its source file, as JSON"),
}
# The article column of each reserved variable.
COLUMN = {name: name.split(":", 1)[1] for name in METADATA}
TYPE_OF_LEVEL = {
    "nominal": "Text",
    "ordinal": "Text",
    "text": "Text",
    "interval": "Float",
    "ratio": "Float",
    "date": "Date",
}
LEVEL_OF_TYPE = {
    "Text": "text",
    "Boolean": "nominal",
    "Integer": "interval",
    "Float": "interval",
    "Date": "date",
    "DateTime": "text",
}
VALUE_ELEMENTS = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}
GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DERIVED = uuid.UUID("6f0c4b1e-3f7a-4c57-9a43-0a2f6c1d9e55")


def derived_guid(*parts: str) -> str:
    """A GUID made from others (stable: exporting twice writes the same GUIDs)."""
    return str(uuid.uuid5(_DERIVED, "/".join(parts))).upper()


def guid_or_none(value: str | None) -> str | None:
    """A GUID in our form (upper case, no braces), or None when it is not a GUID."""
    if value is None:
        return None
    match = GUID.match(value.strip())
    return match.group(1).upper() if match else None


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold."""
    return XML_ILLEGAL.sub("", text)


def timestamp(value: dt.datetime | None) -> str | None:
    """An xsd:dateTime in UTC ("2026-03-01T08:00:00Z") from a naive UTC time."""
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat() + "Z"


def parse_timestamp(value: str | None) -> dt.datetime | None:
    """A naive UTC time from an xsd:dateTime, or None when missing or not understood."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):  # not a time, or one that leaves the calendar in UTC
        return None
    return parsed


def decimal_text(value: str) -> str | None:
    """A stored number as xsd:decimal ("2.5", "0.00001"), or None when it is not a number."""
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def date_text(value: str) -> str | None:
    """A stored date as xsd:date, or None when it is not an ISO date."""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def value_for_type(value: str, type_: str) -> str | None:
    """The text of a value element of this REFI type, or None if the value does not fit."""
    if type_ in ("Float", "Integer"):
        return decimal_text(value)
    if type_ == "Date":
        return date_text(value)
    return xml_text(value)


def variable_description(spec: VariableSpec) -> str:
    """The Description of a variable: its description, then the [articoder] block."""
    extras: dict[str, Any] = {"level": spec.level}
    if spec.label:
        extras["label"] = spec.label
    if spec.label_en:
        extras["label_en"] = spec.label_en
    if spec.required:
        extras["required"] = True
    if spec.minimum is not None:
        extras["minimum"] = spec.minimum
    if spec.maximum is not None:
        extras["maximum"] = spec.maximum
    if spec.retired:
        extras["retired"] = True
    if spec.values:
        extras["values"] = [
            {
                "value": c.value,
                **({"label": c.label} if c.label else {}),
                **({"label_en": c.label_en} if c.label_en else {}),
            }
            for c in spec.values
        ]
    block = yaml.safe_dump(extras, allow_unicode=True, sort_keys=False, width=1000)
    if spec.description:
        return f"{spec.description}\n\n{MARKER}\n{block}"
    return f"{MARKER}\n{block}"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def variable_spec(
    name: str, guid: str, type_: str, description: str, where: str
) -> tuple[VariableSpec, list[str]]:
    """A variable read back: from its [articoder] block, else from its REFI type."""
    problems: list[str] = []
    try:
        text, extras = split_description(description, where)
    except CodebookError as exc:
        problems.extend(str(p) for p in exc.problems)
        text, extras = description, {}
    level = LEVEL_OF_TYPE.get(type_, "text")
    spec = VariableSpec(name=name, level=level, description=text, guid=guid, location=where)
    if type_ == "Boolean":
        spec.values = [ChoiceSpec("true"), ChoiceSpec("false")]
    if not extras:
        return spec, problems
    wanted = extras.get("level")
    if isinstance(wanted, str):
        spec.level = wanted
    spec.label = str(extras.get("label") or "")
    label_en = extras.get("label_en")
    spec.label_en = str(label_en) if label_en else None
    spec.required = extras.get("required") is True
    spec.retired = extras.get("retired") is True
    spec.minimum = _number(extras.get("minimum"))
    spec.maximum = _number(extras.get("maximum"))
    values = extras.get("values")
    if isinstance(values, list):
        choices: list[ChoiceSpec] = []
        for item in values:
            if isinstance(item, dict) and "value" in item:
                choice_en = item.get("label_en")
                choices.append(
                    ChoiceSpec(
                        str(item["value"]),
                        str(item.get("label") or ""),
                        str(choice_en) if choice_en else None,
                    )
                )
            elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
                choices.append(ChoiceSpec(str(item)))
            else:
                problems.append(f"{where}: an allowed value of the [articoder] block is unreadable")
        spec.values = choices
    return spec, problems
