"""Edits on raw text: the one record of what normalisation and cleaning changed.

Every change between the raw text of an article (exactly as read) and the cleaned text that
coders see is an `Edit` with offsets into the raw text (Python code points, end exclusive).
Keeping the changes as data, not as a rewritten string, is what lets a user review every
removal and put one back, and lets `articoder show` report positions in the raw text.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace raw[start:end] with `replacement` ("" for a removal).

    `kind` says why ("bom", "newline", "space", "pinyin", "boilerplate", "metadata", ...);
    `detail` is a short human-readable reason ("copyright line", "related-articles list").
    """

    start: int
    end: int
    replacement: str
    kind: str
    detail: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"edit span [{self.start}, {self.end}) is not a valid span")


def check_edits(edits: Sequence[Edit], length: int) -> None:
    """Raise ValueError unless the edits are sorted, inside the text and non-overlapping."""
    position = 0
    for edit in edits:
        if edit.start < position:
            raise ValueError(f"edit {edit} overlaps the one before it or is out of order")
        if edit.end > length:
            raise ValueError(f"edit {edit} ends after the text (length {length})")
        position = edit.end


def apply_edits(raw: str, edits: Iterable[Edit]) -> str:
    """Return the raw text with the sorted, non-overlapping edits applied."""
    pieces: list[str] = []
    position = 0
    for edit in edits:
        pieces.append(raw[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(raw[position:])
    return "".join(pieces)


def merge_edits(*groups: Iterable[Edit]) -> list[Edit]:
    """Merge groups of edits into one sorted list; overlapping edits are an error."""
    merged = sorted((e for group in groups for e in group), key=lambda e: (e.start, e.end))
    for before, after in itertools.pairwise(merged):
        if after.start < before.end:
            raise ValueError(f"edits overlap: {before} and {after}")
    return merged


def raw_to_clean_offset(edits: Sequence[Edit], raw_offset: int) -> int:
    """Map an offset in the raw text to the cleaned text (inside a removal: its start)."""
    shift = 0
    for edit in edits:
        if edit.end <= raw_offset:
            shift += len(edit.replacement) - (edit.end - edit.start)
        elif edit.start < raw_offset:
            return edit.start + shift + min(len(edit.replacement), raw_offset - edit.start)
        else:
            break
    return raw_offset + shift


def edits_to_json(edits: Iterable[Edit], active: bool = True) -> list[list[Any]]:
    """Edits in the compact stored form: [start, end, replacement, kind, detail, active]."""
    return [[e.start, e.end, e.replacement, e.kind, e.detail, active] for e in edits]


def edits_from_json(stored: Sequence[Sequence[Any]]) -> list[tuple[Edit, bool]]:
    """Stored edits back as (Edit, active) pairs."""
    return [(Edit(int(s), int(e), str(r), str(k), str(d)), bool(a)) for s, e, r, k, d, a in stored]


def content_hash(cleaned_text: str) -> str:
    """The hash that decides exact duplicates: sha256 of the cleaned text."""
    return hashlib.sha256(cleaned_text.encode("utf-8")).hexdigest()
