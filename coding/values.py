"""Article-level variable values (the coding sheet): validating and storing one coder's values.

A value is stored as text; `check_value` says whether it fits the variable (an allowed value
of a nominal or ordinal variable, a number in range, a date; for every level, at most
`models.text_limits.VALUE_LIMIT` characters and none a project cannot store) and normalises it:
dates written the ways people in China write them (2025/1/16, 2025.1.16, 2025年1月16日) are
stored as ISO YYYY-MM-DD. A refusal (`ValueRefused`) carries its reason as data, so the window
can word it in its own language. `missing_required` lists the required variables a coder left
empty for an article (the window asks before marking such an article done).
Setting a value to None removes it. Every change is an undoable operation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.segments import CodingError
from models.entities import Article, Coder, ProjectInfo, Variable, VariableValue, utcnow
from models.ids import new_guid
from models.journal import Changes
from models.text_limits import VALUE_LIMIT, typed_text_problem


class ValueRefused(CodingError):
    """A typed value a variable does not accept, with the reason as data.

    `reason` is one of REASONS; the window words it in the interface's language from the
    reason and its details, the CLI and imports use the English message (`str(error)`).
    """

    REASONS = (
        "unstorable",
        "not_allowed",
        "not_number",
        "below_minimum",
        "above_maximum",
        "not_date",
    )

    def __init__(
        self,
        message: str,
        reason: str,
        text: str,
        limit: float | None = None,
        allowed: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.text = text
        self.limit = limit
        self.allowed = allowed

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt with every field when it crosses a process (the default passes the message
        # alone to __init__).
        return (type(self), (str(self), self.reason, self.text, self.limit, self.allowed))


# How people in China write a date besides ISO: 2025/1/16, 2025.1.16, 2025-1-16 (one separator
# throughout), and 2025年1月16日 (日 or 号 optional). Full-width digits are folded first (NFKC).
_SEPARATED_DATE = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")


def parse_date(text: str) -> dt.date | None:
    """The date `text` names (ISO, 2025/1/16, 2025.1.16, 2025-1-16, 2025年1月16日), or None."""
    folded = unicodedata.normalize("NFKC", text).strip()
    try:
        return dt.date.fromisoformat(folded)
    except ValueError:
        pass
    match = _SEPARATED_DATE.fullmatch(folded)
    if match is not None:
        year, month, day = match.group(1), match.group(3), match.group(4)
    else:
        match = _CHINESE_DATE.fullmatch(folded)
        if match is None:
            return None
        year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:  # 2025/2/30: the shape of a date, but no such day
        return None


def normalise_value(
    name: str,
    level: str,
    value: str,
    allowed: tuple[str, ...] = (),
    labels: dict[str, str] | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
) -> str:
    """`value` as stored for a variable of `level`, or ValueRefused saying why not.

    `name` words the English message; `allowed` are a nominal or ordinal variable's values in
    order and `labels` maps a value's label to the value (a label typed is taken as its value).
    """
    problem = typed_text_problem(value, f"{name}: the value", VALUE_LIMIT)
    if problem is not None:
        raise ValueRefused(problem, "unstorable", value)
    text = value.strip()
    if level in ("nominal", "ordinal"):
        if text in allowed:
            return text
        if labels and text in labels:
            return labels[text]
        raise ValueRefused(
            f"{name}: {text!r} is not one of {', '.join(allowed)}",
            "not_allowed",
            text,
            allowed=allowed,
        )
    if level in ("interval", "ratio"):
        try:
            number = float(unicodedata.normalize("NFKC", text))
        except ValueError as exc:
            raise ValueRefused(f"{name}: {text!r} is not a number", "not_number", text) from exc
        if minimum is not None and number < minimum:
            raise ValueRefused(
                f"{name}: {text} is below the minimum {minimum:g}", "below_minimum", text, minimum
            )
        if maximum is not None and number > maximum:
            raise ValueRefused(
                f"{name}: {text} is above the maximum {maximum:g}", "above_maximum", text, maximum
            )
        return f"{number:g}" if number.is_integer() else repr(number)
    if level == "date":
        date = parse_date(text)
        if date is None:
            raise ValueRefused(f"{name}: {text!r} is not a date (YYYY-MM-DD)", "not_date", text)
        return date.isoformat()
    return value


def check_value(variable: Variable, value: str) -> str:
    """The value normalised for storage, or ValueRefused saying what the variable accepts."""
    return normalise_value(
        variable.label or variable.name,
        variable.level,
        value,
        tuple(c.value for c in variable.choices),
        {c.label: c.value for c in variable.choices if c.label},
        variable.minimum,
        variable.maximum,
    )


@dataclass(frozen=True)
class MissingValue:
    """A required variable with no value from this coder for the article."""

    variable_id: int
    name: str
    label: str
    label_en: str | None


def missing_required(session: Session, article_id: int, coder_id: int) -> list[MissingValue]:
    """The required variables in use that this coder left empty for the article, in sheet order."""
    stored = values_of(session, article_id, coder_id)
    required = session.scalars(
        select(Variable)
        .where(Variable.required.is_(True), Variable.retired.is_(False))
        .order_by(Variable.position, Variable.id)
    ).all()
    return [
        MissingValue(v.id, v.name, v.label or "", v.label_en)
        for v in required
        if not (stored.get(v.id) or "").strip()
    ]


@dataclass(frozen=True)
class ValueInfo:
    """One stored value."""

    id: int
    article_id: int
    variable_id: int
    coder_id: int
    value: str


def values_of(session: Session, article_id: int, coder_id: int) -> dict[int, str]:
    """A coder's values for an article, by variable id."""
    rows = session.execute(
        select(VariableValue.variable_id, VariableValue.value).where(
            VariableValue.article_id == article_id, VariableValue.coder_id == coder_id
        )
    )
    return {int(variable_id): str(value) for variable_id, value in rows}


@dataclass
class SetValue:
    """Set (or, with None, clear) one coder's value of one variable for one article."""

    article_id: int
    variable_id: int
    coder_id: int
    value: str | None
    label: str = "Set value"
    action: str = "value-set"
    entity: str = "value"
    before: str | None = None
    after: str | None = None
    guid: str | None = None
    _checked: bool = False

    def _store(self, session: Session, value: str | None) -> Changes:
        row = session.scalar(
            select(VariableValue).where(
                VariableValue.article_id == self.article_id,
                VariableValue.variable_id == self.variable_id,
                VariableValue.coder_id == self.coder_id,
            )
        )
        if value is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            version = int(session.scalars(select(ProjectInfo.codebook_version)).one())
            self.guid = self.guid or new_guid()
            session.add(
                VariableValue(
                    guid=self.guid,
                    article_id=self.article_id,
                    variable_id=self.variable_id,
                    coder_id=self.coder_id,
                    value=value,
                    codebook_version=version,
                )
            )
        else:
            self.guid = row.guid
            row.value = value
            row.updated_at = utcnow()
        return Changes(articles={self.article_id}, values={self.variable_id})

    def apply(self, session: Session) -> Changes:
        """Validate, remember the old value, store the new one."""
        if not self._checked:
            variable = session.get(Variable, self.variable_id)
            if variable is None:
                raise CodingError(f"no variable with id {self.variable_id}")
            if session.get(Article, self.article_id) is None:
                raise CodingError(f"no article with id {self.article_id}")
            if session.get(Coder, self.coder_id) is None:
                raise CodingError(f"no coder with id {self.coder_id}")
            if variable.retired and self.value is not None:
                raise CodingError(f"variable {variable.name!r} is retired")
            self.after = (
                None
                if self.value is None or not self.value.strip()
                else check_value(variable, self.value)
            )
            self.before = values_of(session, self.article_id, self.coder_id).get(self.variable_id)
            self._checked = True
        return self._store(session, self.after)

    def revert(self, session: Session) -> Changes:
        """Put the old value (or its absence) back."""
        return self._store(session, self.before)

    def payload(self) -> dict[str, Any]:
        """Journal payload."""
        return {
            "article": self.article_id,
            "variable": self.variable_id,
            "before": self.before,
            "after": self.after,
        }

    def entity_guid(self) -> str | None:
        """The value's GUID."""
        return self.guid
