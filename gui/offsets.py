"""The one conversion between stored offsets and Qt's text positions.

The database counts Python code points into the cleaned text; Qt counts UTF-16 code units, in
which a character outside the Basic Multilingual Plane (𠮷, emoji) takes two. Every position
that crosses between the article view and the stored segments goes through `OffsetMap`.
"""

from __future__ import annotations

import bisect


class OffsetMap:
    """Converts between code-point offsets and UTF-16 positions for one text."""

    def __init__(self, text: str) -> None:
        """Index the text's astral characters (usually none: then both units agree)."""
        self.length = len(text)
        # Code-point offsets of characters that take two UTF-16 units, in order.
        self._astral = (
            [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        )
        # Their UTF-16 positions, for the reverse direction.
        self._astral_qt = [offset + n for n, offset in enumerate(self._astral)]

    @property
    def qt_length(self) -> int:
        """The text's length in UTF-16 units."""
        return self.length + len(self._astral)

    def to_qt(self, offset: int) -> int:
        """UTF-16 position of a code-point offset."""
        return offset + bisect.bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """Code-point offset of a UTF-16 position (the middle of a pair rounds down)."""
        before = bisect.bisect_left(self._astral_qt, position)
        if before and self._astral_qt[before - 1] + 1 == position:
            return self._astral[before - 1]  # inside a surrogate pair
        return position - before
