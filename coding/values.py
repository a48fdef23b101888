"""Article-level variable values (the coding sheet): validating and storing one coder's values.

A value is stored as text; `check_value` says whether it fits the variable (an allowed value
of a nominal or ordinal variable, a number in range, an ISO date; for every level, at most
`models.text_limits.VALUE_LIMIT` characters and none a project cannot store) and normalises it.
Setting a value to None removes it. Every change is an undoable operation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding.segments import CodingError
from models.entities import Article, Coder, ProjectInfo, Variable, VariableValue, utcnow
from models.ids import new_guid
from models.journal import Changes
from models.text_limits import VALUE_LIMIT, typed_text_problem


def check_value(variable: Variable, value: str) -> str:
    """The value normalised for storage, or CodingError saying what the variable accepts."""
    name = variable.label or variable.name
    problem = typed_text_problem(value, f"{name}: the value", VALUE_LIMIT)
    if problem is not None:
        raise CodingError(problem)
    text = value.strip()
    if variable.level in ("nominal", "ordinal"):
        allowed = [c.value for c in variable.choices]
        if text in allowed:
            return text
        by_label = {c.label: c.value for c in variable.choices if c.label}
        if text in by_label:
            return by_label[text]
        raise CodingError(f"{name}: {text!r} is not one of {', '.join(allowed)}")
    if variable.level in ("interval", "ratio"):
        try:
            number = float(text)
        except ValueError as exc:
            raise CodingError(f"{name}: {text!r} is not a number") from exc
        if variable.minimum is not None and number < variable.minimum:
            raise CodingError(f"{name}: {text} is below the minimum {variable.minimum:g}")
        if variable.maximum is not None and number > variable.maximum:
            raise CodingError(f"{name}: {text} is above the maximum {variable.maximum:g}")
        return f"{number:g}" if number.is_integer() else repr(number)
    if variable.level == "date":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise CodingError(f"{name}: {text!r} is not a date (YYYY-MM-DD)") from exc
    return value


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
