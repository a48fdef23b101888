"""Slicing long id lists for queries: SQLite takes at most 999 parameters in one statement."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

__all__ = ["chunks"]

_T = TypeVar("_T")


def chunks(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    """`items` in slices of at most `size` (SQLite takes at most 999 parameters a query)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
