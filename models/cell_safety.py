"""Cell safety: what every exported text goes through before a spreadsheet sees it.

Pure functions on strings, shared by the xlsx and CSV writers and by the import that reads
their files back. Three rules, each counted so the About sheet can say how many cells changed:

- Characters that XML 1.0 (and so openpyxl) refuses are removed: C0 controls other than tab,
  line feed and carriage return, lone surrogates, U+FFFE and U+FFFF. Scraped text has them.
- A text longer than Excel's cell limit (32,767 characters, counted as Excel counts them, in
  UTF-16 units, so a character outside the Basic Multilingual Plane counts 2) is cut, and the
  cut is visible: the cell ends with ``…[cut: 40,000 characters, see articoder show]``, where
  40,000 is the length of the whole text in code points (the database's unit) and the hint
  says where the whole text can be read. Both writers would otherwise cut silently.
- A text that a spreadsheet would run as a formula (starting with = + - @, or with a tab or
  carriage return, as OWASP lists for CSV injection) is neutralised. In xlsx the text is kept
  exactly and written as a string cell with Excel's quote-prefix style, so Excel shows it
  verbatim and keeps it text even when the cell is edited. CSV has no cell types, so there a
  visible apostrophe is put in front (``'=SUM(A1)``), which `unneutralise_csv` takes off again;
  a plain number such as ``-3.5`` is left alone. The rule is reversible: a text that already
  starts with an apostrophe followed by something neutralised gets one more apostrophe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EXCEL_CELL_LIMIT = 32_767
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_QUOTE = "'"
DEFAULT_SEE = "articoder show"

# openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE, plus what lxml refuses although openpyxl lets it
# through (lone surrogates, U+FFFE, U+FFFF): both end a save with an exception.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Texts up to this many code points always fit a cell (at most two UTF-16 units each).
SAFE_LENGTH = EXCEL_CELL_LIMIT // 2
find_unwritable = _UNWRITABLE.search
_CUT_MARK = re.compile(r"…\[cut: (\d[\d,]*) characters(?:, see [^\]]*)?\]\Z")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")


def remove_unwritable(text: str) -> str:
    """The text without the characters a spreadsheet file cannot hold."""
    return _UNWRITABLE.sub("", text)


def has_unwritable(text: str) -> bool:
    """Whether the text holds a character a spreadsheet file cannot hold."""
    return _UNWRITABLE.search(text) is not None


def utf16_length(text: str) -> int:
    """The length as Excel counts it: UTF-16 code units."""
    # Astral characters are the only ones taking two units; counting them is cheaper than
    # encoding the whole text.
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def cut_mark(total: int, see: str = DEFAULT_SEE) -> str:
    """The visible mark that ends a cut text of `total` characters."""
    return f"…[cut: {total:,} characters, see {see}]"


def fits_cell(text: str, limit: int = EXCEL_CELL_LIMIT) -> bool:
    """Whether the text fits an Excel cell as it is."""
    # Each code point takes at most two UTF-16 units: short texts need no counting.
    return len(text) * 2 <= limit or utf16_length(text) <= limit


def cut_to_limit(text: str, limit: int = EXCEL_CELL_LIMIT, see: str = DEFAULT_SEE) -> str:
    """The text if it fits a cell, else its beginning followed by the cut mark (fits exactly)."""
    if fits_cell(text, limit):
        return text
    mark = cut_mark(len(text), see)
    room = limit - utf16_length(mark)
    if room <= 0:
        return mark[:limit]
    kept = units = 0
    for character in text:
        units += 2 if ord(character) > 0xFFFF else 1
        if units > room:
            break
        kept += 1
    return text[:kept] + mark


def split_cut_mark(text: str) -> tuple[str, int | None]:
    """(the text before the cut mark, the whole length) for a cut text; (text, None) otherwise."""
    match = _CUT_MARK.search(text)
    if match is None:
        return text, None
    return text[: match.start()], int(match.group(1).replace(",", ""))


def is_plain_number(text: str) -> bool:
    """Whether the text is just a decimal number (which a spreadsheet reads as that number)."""
    return _PLAIN_NUMBER.match(text) is not None


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take the text for a formula (see the module docstring)."""
    return text.startswith(FORMULA_STARTS) and not is_plain_number(text)


def needs_csv_quote(text: str) -> bool:
    """Whether the CSV writer puts an apostrophe in front (reversibly, see the module doc)."""
    while True:
        if is_formula_like(text):
            return True
        if not text.startswith(CSV_QUOTE):
            return False
        text = text[1:]


def neutralise_csv(text: str) -> str:
    """The text as a CSV cell: with an apostrophe in front when it could run as a formula."""
    return CSV_QUOTE + text if needs_csv_quote(text) else text


def unneutralise_csv(text: str) -> str:
    """Undo `neutralise_csv` (a hand-made cell like ``'=x`` also loses its apostrophe)."""
    if text.startswith(CSV_QUOTE) and needs_csv_quote(text[1:]):
        return text[1:]
    return text


@dataclass
class SafetyCounts:
    """How many cells each rule changed in one export."""

    unwritable_removed: int = 0
    cut: int = 0
    formulas_neutralised: int = 0

    def rows(self) -> list[tuple[str, int]]:
        """The counts as About-sheet rows."""
        return [
            ("cells with control characters removed", self.unwritable_removed),
            (f"cells cut at {EXCEL_CELL_LIMIT:,} characters (marked …[cut: …])", self.cut),
            (
                "cells starting with = + - @ written as text, not formulas",
                self.formulas_neutralised,
            ),
        ]


class Sanitiser:
    """Applies the control-character and length rules to texts, counting what it changed."""

    def __init__(self) -> None:
        """Start with every count at zero."""
        self.counts = SafetyCounts()

    def text(self, value: str, see: str = DEFAULT_SEE) -> str:
        """The text ready for a cell: writable characters only, cut with a mark if too long."""
        if _UNWRITABLE.search(value) is not None:
            value = _UNWRITABLE.sub("", value)
            self.counts.unwritable_removed += 1
        if len(value) * 2 > EXCEL_CELL_LIMIT and not fits_cell(value):
            value = cut_to_limit(value, see=see)
            self.counts.cut += 1
        return value

    def formula(self, value: str) -> bool:
        """Whether the (sanitised) text is formula-like; counted when it is."""
        if value.startswith(FORMULA_STARTS) and not is_plain_number(value):
            self.counts.formulas_neutralised += 1
            return True
        return False
