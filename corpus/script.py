"""Chinese script: detecting Simplified or Traditional, folding text for search, t2s views.

Search folds every text and every query with one length-preserving character table (OpenCC's
Traditional->Simplified characters, fullwidth letters and digits to ASCII, Latin to lower
case), so a Simplified query finds Traditional articles and the reverse, and positions in the
folded text are positions in the cleaned text. `str.translate` keeps it at C speed: OpenCC's
phrase conversion runs at about 0.5 million characters a second, too slow for import, so it is
used only for the optional Simplified view, and only when it keeps the length.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import opencc

Script = Literal["simplified", "traditional"]

_DICTIONARY = Path(opencc.__file__).with_name("dictionary")


def read_character_table(name: str) -> dict[str, list[str]]:
    """One of OpenCC's character tables (e.g. "STCharacters.txt"): character -> readings."""
    return _read_characters(name)


def _read_characters(name: str) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in (_DICTIONARY / name).read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if len(key) == 1 and values:
            table[key] = values.split()
    return table


@functools.cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for key, values in _read_characters("TSCharacters.txt").items():
        if len(values[0]) == 1 and values[0] != key:
            table[ord(key)] = values[0]
    for code in range(0xFF01, 0xFF5F):  # fullwidth ASCII
        table[code] = chr(code - 0xFEE0)
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for code in range(ord("a"), ord("z") + 1):
        table[code + 0xFEE0 - 32] = chr(code)  # fullwidth capitals fold to lower ASCII
    return table


def _only_in(name: str) -> dict[int, None]:
    # Characters that one script has and the other writes differently (not ambiguous ones).
    return {ord(k): None for k, values in _read_characters(name).items() if k not in values}


@functools.cache
def _traditional_only() -> dict[int, None]:
    return _only_in("TSCharacters.txt")


@functools.cache
def _simplified_only() -> dict[int, None]:
    return _only_in("STCharacters.txt")


def fold(text: str) -> str:
    """Fold text for search: Traditional to Simplified, fullwidth to ASCII, Latin to lower case.

    The result has exactly the length of the input.
    """
    return text.translate(_fold_table())


def _count(text: str, table: dict[int, None]) -> int:
    return len(text) - len(text.translate(table))


def detect_script(text: str, sample: int = 1000) -> Script:
    """'traditional' when the text has more Traditional-only than Simplified-only characters.

    The first `sample` characters decide; only when they hold neither kind is the whole read.
    """
    for part in (text[:sample], text[sample:]):
        traditional = _count(part, _traditional_only())
        simplified = _count(part, _simplified_only())
        if traditional != simplified:
            return "traditional" if traditional > simplified else "simplified"
    return "simplified"


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified_view(text: str) -> str:
    """The text in Simplified script, with exactly the same length (so every offset holds).

    OpenCC's phrase-aware t2s is used where it keeps the length; otherwise the character
    table, which always does.
    """
    converted: str = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return text.translate(
        {k: v for k, v in _fold_table().items() if not ("A" <= chr(k) <= "Z" or k > 0xFF00)}
    )
