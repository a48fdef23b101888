"""Offset conventions of REFI-QDA files, and choosing the one a file was written in.

The standard counts `startPosition`/`endPosition` of a PlainTextSelection in Unicode code
points over the source's text, end exclusive. Real files differ:

- ``codepoints``: the standard's (MAXQDA, QualCoder, articoder) over the text as stored with
  the byte-order mark left out;
- ``utf16``: UTF-16 code units over the text that keeps its CRLF (NVivo; a character outside
  the Basic Multilingual Plane, 𠮷 or 😀, counts 2);
- ``crlf-as-one``: code points with each CRLF counted as one (ATLAS.ti);
- ``utf16-crlf-as-one``: both at once (seen when a tool counts UTF-16 units over text it
  read with universal newlines).

`OffsetMap` turns positions of one convention into code points of the text; `choose`
decides a file's convention from its origin and from whether the selections' recorded texts
land on the text (see its docstring).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

CODEPOINTS = "codepoints"
UTF16 = "utf16"
CRLF_AS_ONE = "crlf-as-one"
UTF16_CRLF_AS_ONE = "utf16-crlf-as-one"
CONVENTIONS = (CODEPOINTS, UTF16, CRLF_AS_ONE, UTF16_CRLF_AS_ONE)
_ELLIPSES = ("...", "…")
BARE_PREFIX = 20
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def preferred(origin: str) -> tuple[str, ...]:
    """The conventions in the order a file of this origin most likely uses them."""
    lowered = origin.lower()
    if "nvivo" in lowered:
        return (UTF16, CODEPOINTS, UTF16_CRLF_AS_ONE, CRLF_AS_ONE)
    if "atlas" in lowered:
        return (CRLF_AS_ONE, CODEPOINTS, UTF16_CRLF_AS_ONE, UTF16)
    return (CODEPOINTS, CRLF_AS_ONE, UTF16, UTF16_CRLF_AS_ONE)


class OffsetMap:
    """Positions of one convention over one text, as code points of that text."""

    def __init__(self, text: str, convention: str) -> None:
        """Prepare the map (an array of boundaries only when the convention differs)."""
        if convention not in CONVENTIONS:
            raise ValueError(f"unknown offset convention {convention!r}")
        self.length = len(text)
        utf16 = convention in (UTF16, UTF16_CRLF_AS_ONE)
        crlf = convention in (CRLF_AS_ONE, UTF16_CRLF_AS_ONE)
        astral = utf16 and _ASTRAL.search(text) is not None
        pairs = crlf and "\r\n" in text
        # boundaries[i] = the position, in this convention, of the boundary before text[i].
        self._boundaries: npt.NDArray[np.int64] | None = None
        if astral or pairs:
            points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
            widths = np.ones(len(points), dtype=np.int64)
            if astral:
                widths += points > 0xFFFF
            if pairs:
                # The CR of a CRLF weighs nothing: the pair counts as one.
                widths[:-1][(points[:-1] == 13) & (points[1:] == 10)] = 0
            self._boundaries = np.concatenate(([0], np.cumsum(widths)))

    def to_codepoint(self, position: int) -> int | None:
        """The code point offset of a position, or None outside the text or inside a character."""
        boundaries = self._boundaries
        if boundaries is None:
            return position if 0 <= position <= self.length else None
        if position < 0 or position > int(boundaries[-1]):
            return None
        index = int(np.searchsorted(boundaries, position, side="left"))
        if int(boundaries[index]) != position:
            return None  # between the two UTF-16 units of one character
        return index


def normalise_for_comparison(text: str) -> str:
    """White space collapsed (tools rewrite line breaks in attribute values), BOMs dropped."""
    return " ".join(text.replace("\ufeff", "").split())


def landing(recorded: str, covered: str) -> int:
    """2 when a recorded text is the covered text, 1 when it is its cut beginning, else 0.

    Tools record a selection's text in its name, often cut: with an ellipsis ("红色物业服…"),
    or without one after some characters; a beginning without an ellipsis counts only from
    `BARE_PREFIX` characters on, so that a short name like "物业" is not taken for a text.
    """
    want = normalise_for_comparison(recorded)
    have = normalise_for_comparison(covered)
    if not want:
        return 0
    if want == have:
        return 2
    for ellipsis in _ELLIPSES:
        if want.endswith(ellipsis):
            beginning = want[: -len(ellipsis)].rstrip()
            return 1 if beginning and have.startswith(beginning) else 0
    return 1 if len(want) >= BARE_PREFIX and have.startswith(want) else 0


def lands(recorded: str, covered: str) -> bool:
    """Whether a selection's recorded text is the text it covers (or its cut beginning)."""
    return landing(recorded, covered) > 0


@dataclass(frozen=True)
class Probe:
    """One selection to test: the source's text, its positions, the texts the file records."""

    text: str
    start: int
    end: int
    recorded: tuple[str, ...]


@dataclass(frozen=True)
class Choice:
    """The convention chosen for a file, and why."""

    convention: str
    reason: str
    texts_recorded: bool  # whether recorded texts are evidence (then each must land)
    scores: dict[str, int]


def choose(origin: str, probes: Sequence[Probe]) -> Choice:
    """The convention under which most recorded selection texts land on the text.

    Every convention is tried on every selection that records a text (its name or its
    description). The one under which most of them land wins (an exact text counts twice a
    cut one, see `landing`); a tie goes to the one the file's origin prefers (NVivo: UTF-16
    units; ATLAS.ti: CRLF as one; others: the standard's code points). When no recorded text
    lands under any convention, the file records no selected text (names like "Selection
    1"), and the origin's convention is taken; selections are then checked only for lying
    inside the text.
    """
    order = preferred(origin)
    # Maps of the current text only: probes come source by source, and a map of a long text
    # is an array as long as the text.
    maps: dict[str, OffsetMap] = {}
    current: str | None = None
    scores = dict.fromkeys(order, 0)
    landed = dict.fromkeys(order, 0)
    for probe in probes:
        if not any(normalise_for_comparison(r) for r in probe.recorded):
            continue
        if probe.text is not current:
            maps, current = {}, probe.text
        for convention in order:
            if convention not in maps:
                maps[convention] = OffsetMap(probe.text, convention)
            offsets = maps[convention]
            first, last = offsets.to_codepoint(probe.start), offsets.to_codepoint(probe.end)
            if first is None or last is None or first >= last:
                continue
            covered = probe.text[first:last]
            best_landing = max(landing(r, covered) for r in probe.recorded)
            if best_landing:
                landed[convention] += 1
                # An exact text outweighs a cut one: a span one character too long under the
                # wrong convention still has the recorded text as its beginning.
                scores[convention] += best_landing
    best = max(order, key=lambda c: (scores[c], -order.index(c)))
    name = origin or "an unknown program"
    if scores[best] == 0:
        return Choice(
            order[0],
            f"no selection records its text; {order[0]} is the convention of {name}",
            False,
            landed,
        )
    runner_up = max((c for c in order if c != best), key=lambda c: (scores[c], -order.index(c)))
    if scores[runner_up] == scores[best]:
        reason = (
            f"{landed[best]} selection texts land under several conventions; "
            f"{best} is the one {name} uses"
        )
    else:
        reason = (
            f"{landed[best]} selection texts land under {best} "
            f"(next best: {landed[runner_up]} under {runner_up})"
        )
    return Choice(best, reason, True, landed)
