"""Normalisation of raw article text: byte-order marks, line breaks, odd spaces, blank lines.

This module owns the mechanical, meaning-free changes between a raw article and the text coders
see, each expressed as an `Edit` on the raw text (see corpus/text.py), and the splitting of raw
text into lines that the cleaner (corpus/cleaning.py) builds on:

- a byte-order mark at the start ("bom");
- CRLF becomes LF (the CR is removed), a lone CR or a Unicode line/paragraph separator becomes
  LF ("newline");
- no-break and other typographic spaces inside a line become ASCII spaces ("space");
- zero-width characters, soft hyphens, direction marks and C0 control characters are removed
  ("invisible");
- whitespace at the end of a line and indentation at the start of a line are removed ("space");
- blank lines at the start and end of the text are removed, and a run of two or more blank lines
  (three or more line breaks in a row) becomes one blank line ("newline").

Ideographic space U+3000 is kept inside a line (Chinese pages use it as a real separator, as
in a byline "记者　张三") but removed at line starts and ends, where it is only indentation: the
paragraph structure is carried by the line breaks, and sources indent inconsistently (two
U+3000, four no-break spaces, tabs), so keeping indentation would only add noise to search and
to segment boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from itertools import accumulate
from typing import NamedTuple

from corpus.text import Edit, apply_edits, merge_edits

# Spaces that only render as a gap; U+3000 and the tab are listed separately because they are
# kept inside a line.
_ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f"
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\u200e\u200f"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
# Everything that counts as "nothing" at a line end, at a line start or on a blank line.
_EDGE = " \t\u3000" + _ODD_SPACES + _INVISIBLE + _CONTROL
_BREAKS = "\r\n\u2028\u2029"

# Candidate runs for character-level edits: a line break other than LF, or a run of "edge"
# characters. Starting the pattern with a single character class lets the regex engine skip
# ordinary text quickly; what a run means (trailing, indentation, inside a line) is decided in
# Python from its neighbours, which keeps the edits from ever overlapping.
_RUN_RE = re.compile(rf"[{_EDGE}\r\u2028\u2029][{_EDGE}]*+")
_KEEP_RE = re.compile(r"[ \t\u3000]*")
_INNER_RE = re.compile(
    rf"(?P<space>[{_ODD_SPACES}]+)|(?P<invisible>[{_INVISIBLE}]+)|(?P<control>[{_CONTROL}]+)"
)
_LINE_BREAK_RE = re.compile(r"\r\n|[\r\n\u2028\u2029]")
_BLANK_RE = re.compile(rf"[{_EDGE}]*")

# The same sets as plain strings of characters, for str.strip and for other modules.
ODD_SPACE_CHARACTERS = "\u00a0\u1680\u202f\u205f" + "".join(map(chr, range(0x2000, 0x200B)))
EDGE_CHARACTERS = (
    " \t\u3000"
    + ODD_SPACE_CHARACTERS
    + "\u200b\u2060\ufeff\u00ad\u200e\u200f\x7f"
    + "".join(chr(code) for code in range(0x20) if chr(code) not in "\r\n")
)


class LineSpan(NamedTuple):
    """One raw line: [start, content_end) is its content, [start, end) adds the line break."""

    start: int
    content_end: int
    end: int


def _only_lf(text: str) -> bool:
    return "\r" not in text and "\u2028" not in text and "\u2029" not in text


def line_spans(raw: str) -> list[LineSpan]:
    """Split raw text into lines at CRLF, LF, CR, U+2028 and U+2029.

    There is always at least one line; the last one has no break (content_end == end) and is
    empty when the text ends with a line break.
    """
    if _only_lf(raw):
        # The common case, without a regex scan: str.split runs at memory speed.
        ends = list(accumulate(len(line) + 1 for line in raw.split("\n")))
        ends[-1] -= 1  # the last line has no break
        starts = [0, *ends[:-1]]
        contents = [end - 1 for end in ends]
        contents[-1] += 1
        return list(map(LineSpan, starts, contents, ends))
    spans: list[LineSpan] = []
    append = spans.append
    start = 0
    for match in _LINE_BREAK_RE.finditer(raw):
        append(LineSpan(start, match.start(), match.end()))
        start = match.end()
    append(LineSpan(start, len(raw), len(raw)))
    return spans


def split_lines(text: str) -> list[str]:
    """The contents of the lines of `text`, split exactly as `line_spans` splits."""
    if _only_lf(text):
        return text.split("\n")
    return _LINE_BREAK_RE.split(text)


def is_blank(raw: str, span: LineSpan) -> bool:
    """Whether a line holds nothing but spaces, invisible and control characters."""
    return _BLANK_RE.fullmatch(raw, span.start, span.content_end) is not None


_BREAK_CHARACTERS = "\r\n\u2028\u2029"
_INNER_EDITS: dict[str, tuple[str, str]] = {
    "invisible": ("invisible", "zero-width or invisible character"),
    "control": ("invisible", "control character"),
}


def character_edits(raw: str) -> list[Edit]:
    """Edits that never cross a line: BOM, line breaks, odd spaces, invisible characters.

    Every edit lies inside one line span (content plus its break), which is what lets the
    cleaner drop the edits of a line it removes as a whole.
    """
    edits: list[Edit] = []
    append = edits.append
    size = len(raw)
    for match in _RUN_RE.finditer(raw):
        start, end = match.span()
        first = raw[start]
        if first in _BREAK_CHARACTERS:
            if first != "\r":
                append(Edit(start, start + 1, "\n", "newline", "Unicode line separator"))
            elif start + 1 < size and raw[start + 1] == "\n":
                append(Edit(start, start + 1, "", "newline", "CRLF line break"))
            else:
                append(Edit(start, start + 1, "\n", "newline", "CR line break"))
            start += 1
            if start == end:
                continue
        at_line_start = start == 0 or raw[start - 1] in _BREAK_CHARACTERS
        if start == 0 and first == "\ufeff":
            append(Edit(0, 1, "", "bom", "byte-order mark"))
            start = 1
            if start == end:
                continue
        if end == size or raw[end] in _BREAK_CHARACTERS:
            append(Edit(start, end, "", "space", "trailing whitespace"))
        elif at_line_start:
            append(Edit(start, end, "", "space", "indentation"))
        elif _KEEP_RE.fullmatch(raw, start, end) is None:
            for inner in _INNER_RE.finditer(raw, start, end):
                low, high = inner.span()
                group = inner.lastgroup
                if group == "space":
                    append(Edit(low, high, " " * (high - low), "space", "no-break or odd space"))
                else:
                    kind, detail = _INNER_EDITS[group or "invisible"]
                    append(Edit(low, high, "", kind, detail))
    return edits


def blank_line_edits(
    raw: str,
    spans: Sequence[LineSpan],
    removed: Collection[int] = frozenset(),
    blank: Sequence[bool] | None = None,
) -> list[Edit]:
    """Remove blank lines at both ends and all but the first of every run of blank lines.

    Lines whose index is in `removed` are treated as already gone, so that a blank line on each
    side of a removed boilerplate line does not leave two blank lines behind. A blank line
    removal takes the whole line with its break; adjacent ones are merged into one edit.
    `blank` may give `is_blank` for every line when the caller already knows it.
    """
    if blank is None:
        blank = [is_blank(raw, span) for span in spans]
    doomed: list[int] = []
    pending: list[int] = []  # blank lines seen since the last kept non-blank line
    seen_content = False
    for index in range(len(spans)):
        if index in removed:
            continue
        if blank[index]:
            pending.append(index)
            continue
        if seen_content:
            doomed.extend(pending[1:])  # keep one blank line between two paragraphs
        else:
            doomed.extend(pending)  # blank lines before the first line of text
        pending = []
        seen_content = True
    doomed.extend(pending)  # blank lines after the last line of text
    return _line_removals(spans, doomed, "newline", "blank line")


def _line_removals(
    spans: Sequence[LineSpan], indices: Iterable[int], kind: str, detail: str
) -> list[Edit]:
    edits: list[Edit] = []
    run_start = run_end = -1
    for index in sorted(indices):
        span = spans[index]
        if span.start == run_end:
            run_end = span.end
            continue
        if run_end > run_start:
            edits.append(Edit(run_start, run_end, "", kind, detail))
        run_start, run_end = span.start, span.end
    if run_end > run_start:
        edits.append(Edit(run_start, run_end, "", kind, detail))
    return edits


def without_covered(edits: Sequence[Edit], removals: Sequence[Edit]) -> list[Edit]:
    """Drop the edits that lie inside one of the removals (both lists sorted by start).

    The removals must not overlap each other. An edit that only partly overlaps a removal is
    kept, so that merging reports the conflict instead of hiding it.
    """
    kept: list[Edit] = []
    position = 0
    count = len(removals)
    for edit in edits:
        while position < count and removals[position].end <= edit.start:
            position += 1
        if position < count:
            removal = removals[position]
            if removal.start <= edit.start and edit.end <= removal.end:
                continue
        kept.append(edit)
    return kept


def normalisation_edits(raw: str) -> list[Edit]:
    """All normalisation edits for `raw`, sorted and non-overlapping."""
    spans = line_spans(raw)
    blanks = blank_line_edits(raw, spans)
    return merge_edits(without_covered(character_edits(raw), blanks), blanks)


def normalise(raw: str) -> str:
    """The raw text with all normalisation edits applied (a convenience for callers and tests)."""
    return apply_edits(raw, normalisation_edits(raw))
