"""How long the texts a coder types may be, checked before anything reaches the database.

Owns the limits of a segment's memo and of a coding-sheet value, and `typed_text_problem`, the
check the coding services call before storing either: too long, or a character no project can
store (a NUL, which PostgreSQL's text type cannot hold and which psycopg refuses only after the
whole statement was built; an unpaired surrogate, which has no UTF-8 encoding). The character
rule is models.bounded_input's, the one the file readers apply. A shared server enforces the
same lengths again with CHECK constraints (team.server_hardening), so a coder's own SQL
cannot go past them either.

The limits are generous for people and small for machines: a memo of 100,000 characters is
about fifty pages, while a memo of 450 MB once made a lead's export take a minute and 1.3 GB.
"""

from __future__ import annotations

from models.bounded_input import text_problem

__all__ = ["MEMO_LIMIT", "VALUE_LIMIT", "typed_text_problem"]

MEMO_LIMIT = 100_000  # characters (code points) of a segment's memo
VALUE_LIMIT = 100_000  # characters of one coding-sheet value (a text variable's answer)


def typed_text_problem(text: str, what: str, limit: int) -> str | None:
    """Why `text` (described as `what`, e.g. "the memo") cannot be stored, or None if it can."""
    if len(text) > limit:
        return f"{what} is {len(text):,} characters long; at most {limit:,} are allowed"
    problem = text_problem(text)
    return None if problem is None else f"{what} {problem}; remove it"
