"""Offset conventions of REFI-QDA files, and choosing the one a file was written in, by evidence.

The standard counts `startPosition`/`endPosition` of a PlainTextSelection in Unicode code
points over the source's text, end exclusive. Real files differ:

- ``codepoints``: the standard's (MAXQDA, QualCoder on macOS and Linux, articoder) over the
  text as stored with the byte-order mark left out;
- ``utf16``: UTF-16 code units over the text that keeps its CRLF (NVivo; a character outside
  the Basic Multilingual Plane, 𠮷 or 😀, counts 2);
- ``crlf-as-one``: code points with each CRLF counted as one (ATLAS.ti; QualCoder on Windows,
  which counts the text it read with universal newlines and writes it back with CRLF);
- ``utf16-crlf-as-one``: both at once (seen when a tool counts UTF-16 units over text it
  read with universal newlines).

The conventions differ only after a CRLF or a character outside the BMP, and there they put a
span some characters apart. `OffsetMap` turns positions of one convention into code points of
the text; `choose` decides a file's convention from evidence, strongest first (see its
docstring), and raises `Undecided` rather than guess: a wrong convention shifts every span.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

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
# The convention each program is known to write. QualCoder is absent: it counts code points
# of the text it read with universal newlines, which are CRLF-as-one positions in the CRLF files
# it writes on Windows, so its origin says nothing.
KNOWN_ORIGINS = (
    ("nvivo", UTF16),
    ("atlas", CRLF_AS_ONE),
    ("maxqda", CODEPOINTS),
    ("articoder", CODEPOINTS),
)
# Boundaries decide when the best convention puts at least this many more spans on line or
# word boundaries than the next best (and clearly more than chance would: see `decisive`).
BOUNDARY_MARGIN = 2
_OPENING = frozenset("（【「『《〈“‘([{<")
_CLOSING = frozenset("，。、；：！？）】」』》〉”’,.;:!?)]}>…")
_Span = tuple[int, int] | None


def origin_convention(origin: str) -> str | None:
    """The convention the program named in `origin` is known to write, or None."""
    lowered = origin.lower()
    return next((c for name, c in KNOWN_ORIGINS if name in lowered), None)


def preferred(origin: str) -> tuple[str, ...]:
    """The conventions, the one the origin's program writes first (else the standard's)."""
    first = origin_convention(origin) or CODEPOINTS
    return (first, *(c for c in CONVENTIONS if c != first))


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


def on_boundaries(text: str, start: int, end: int) -> bool:
    """Whether the span [start, end) begins and ends at line or word boundaries.

    A span begins at the start of the text, after white space or punctuation, or at an
    opening mark ("“", "（"); it ends at the end of the text, before white space or
    punctuation, after a closing mark or a full stop, or after a line break. It neither begins
    with white space, a comma or a full stop, nor ends with an opening mark or white space
    other than a line break, and no end lies between the CR and the LF of a CRLF: coders
    select words, clauses and lines, while the wrong convention shifts a span by a character
    or more, into words or onto the punctuation beside them. Characters other than letters
    and digits (emoji too) count as punctuation.
    """
    return _begins(text, start) and _ends(text, end)


def _begins(text: str, index: int) -> bool:
    if index <= 0:
        return True
    if index >= len(text):
        return False
    before, first = text[index - 1], text[index]
    if (before == "\r" and first == "\n") or first.isspace() or first in _CLOSING:
        return False
    return not before.isalnum() or first in _OPENING


def _ends(text: str, index: int) -> bool:
    if index >= len(text):
        return True
    if index <= 0:
        return False
    last, after = text[index - 1], text[index]
    if last == "\n":
        return True  # a whole line, its line break included (NVivo's coders select so)
    if (last == "\r" and after == "\n") or last.isspace() or last in _OPENING:
        return False
    return not after.isalnum() or last in _CLOSING


@dataclass(frozen=True, slots=True)
class Probe:
    """One selection to test: the source's text, its positions, the texts the file records."""

    text: str
    start: int
    end: int
    name: str = ""
    description: str = ""


@dataclass(frozen=True)
class Choice:
    """The convention chosen for a file, the evidence that decided, and why.

    `texts_field` names the selection attribute that records the selected text ("name" or
    "description") when recorded texts land at all; each selection's text in that field must
    then land on its span, and the other field holds no text (a Description is then a memo).
    """

    convention: str
    evidence: str  # "texts", "boundaries", "origin", "same" or "given"
    reason: str
    texts_field: str | None = None
    scores: dict[str, int] = field(default_factory=dict)

    @property
    def texts_recorded(self) -> bool:
        """Whether the selections' recorded texts are evidence (then each must land)."""
        return self.texts_field is not None


class Undecided(Exception):
    """The evidence does not single out one convention; the message says what it shows."""


def _spans(probes: Iterable[Probe]) -> Iterator[tuple[Probe, dict[str, _Span]]]:
    """Each probe with its span in code points under each convention (None: impossible)."""
    # Maps of the current text only: probes come source by source, and a map of a long text
    # is an array as long as the text.
    maps: dict[str, OffsetMap] = {}
    current: str | None = None
    for probe in probes:
        if probe.text is not current:
            maps, current = {}, probe.text
        spans: dict[str, _Span] = {}
        for convention in CONVENTIONS:
            if convention not in maps:
                maps[convention] = OffsetMap(probe.text, convention)
            offsets = maps[convention]
            first, last = offsets.to_codepoint(probe.start), offsets.to_codepoint(probe.end)
            if first is None or last is None or first >= last:
                spans[convention] = None
            else:
                spans[convention] = (first, last)
        yield probe, spans


@dataclass
class _Evidence:
    """What the selections show under each convention."""

    order: tuple[str, ...]
    total: int = 0
    recording: int = 0  # selections that record a text (a name or a description)
    # Exact texts count 2, cut ones 1 (see `landing`).
    scores: dict[str, int] = field(default_factory=dict)
    landed: dict[str, dict[str, int]] = field(default_factory=dict)
    # (text, spans) of the selections that not every convention places alike.
    differing: list[tuple[str, dict[str, _Span]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.scores = dict.fromkeys(self.order, 0)
        self.landed = {c: {"name": 0, "description": 0} for c in self.order}

    def add(self, probe: Probe, spans: dict[str, _Span]) -> None:
        self.total += 1
        if len(set(spans.values())) > 1:
            self.differing.append((probe.text, spans))
        recorded = [
            (attribute, text)
            for attribute, text in (("name", probe.name), ("description", probe.description))
            if normalise_for_comparison(text)
        ]
        self.recording += bool(recorded)
        for convention, span in spans.items():
            if not recorded or span is None:
                continue
            covered = probe.text[span[0] : span[1]]
            best = 0
            for attribute, text in recorded:
                found = landing(text, covered)
                if found:
                    self.landed[convention][attribute] += 1
                best = max(best, found)
            # An exact text outweighs a cut one: a span one character too long under the
            # wrong convention still has the recorded text as its beginning.
            self.scores[convention] += best

    def texts_field(self, convention: str) -> str | None:
        counts = self.landed[convention]
        if not counts["name"] and not counts["description"]:
            return None
        return "name" if counts["name"] >= counts["description"] else "description"

    def landed_count(self, convention: str) -> int:
        return max(self.landed[convention].values())

    def boundaries(self, candidates: Sequence[str]) -> list[_Placement]:
        """How each candidate places the selections the candidates place apart.

        Candidates that place every one of them alike are one `_Placement` (in the order
        given): such conventions cannot be told apart, and need not be.
        """
        placed: dict[str, list[_Span]] = {c: [] for c in candidates}
        on: dict[str, list[bool]] = {c: [] for c in candidates}
        for text, spans in self.differing:
            if len({spans[c] for c in candidates}) == 1:
                continue
            for convention in candidates:
                span = spans[convention]
                placed[convention].append(span)
                on[convention].append(span is not None and on_boundaries(text, *span))
        groups: dict[tuple[_Span, ...], _Placement] = {}
        for convention in candidates:
            key = tuple(placed[convention])
            if key in groups:
                groups[key].conventions.append(convention)
            else:
                groups[key] = _Placement([convention], placed[convention], on[convention])
        return list(groups.values())


@dataclass
class _Placement:
    """Conventions that place the deciding selections alike, and where those spans fall."""

    conventions: list[str]
    spans: list[_Span]
    on: list[bool]  # whether each span begins and ends on boundaries

    @property
    def count(self) -> int:
        return sum(self.on)

    def against(self, other: _Placement) -> tuple[int, int]:
        """Spans on boundaries here and not there, and there and not here (where they differ)."""
        mine = theirs = 0
        for span, on, other_span, other_on in zip(
            self.spans, self.on, other.spans, other.on, strict=True
        ):
            if span != other_span:
                mine += on and not other_on
                theirs += other_on and not on
        return mine, theirs


def choose(origin: str, probes: Iterable[Probe], given: str | None = None) -> Choice:
    """The convention of a file's selections, from the strongest evidence there is.

    1. Recorded texts: every convention is tried on every selection that records a text (its
       name or its description). The one under which most of them land wins (an exact text
       counts twice a cut one, see `landing`).
    2. Boundaries, when no text lands or texts land equally under several conventions: the one
       under which clearly more spans begin and end on line and word boundaries wins
       (`on_boundaries`; coders select words, clauses and lines, a span shifted by the wrong
       convention begins or ends inside a word). Only the selections the remaining candidates
       place differently count, a span impossible under a convention (outside the text,
       splitting a character) counts for none, and conventions that place every one of them
       alike are one.
    3. The origin, when the boundaries do not decide (`decisive`): the convention the program
       named in `origin` is known to write (`KNOWN_ORIGINS`), if the texts leave it possible.

    When every convention places every selection alike (no CRLF and no character outside the
    BMP before or inside any of them) nothing needs deciding. Otherwise, when none of the
    three singles one convention out (no text lands, the boundaries are not clear, and the
    origin names no program whose convention is known), `Undecided` is raised: storing a
    guess could shift every span. `given` (the user's choice) is taken as it is; recorded
    texts are still checked.
    """
    order = preferred(origin)
    name = origin or "none"
    evidence = _Evidence(order)
    for probe, spans in _spans(probes):
        evidence.add(probe, spans)
    landed = {c: evidence.landed_count(c) for c in order}
    if given is not None:
        if given not in CONVENTIONS:
            raise ValueError(f"unknown offset convention {given!r}")
        return Choice(given, "given", "given by the user", evidence.texts_field(given), landed)
    if not evidence.differing:
        what = f"all {evidence.total} selections" if evidence.total else "the file's selections"
        return Choice(
            order[0],
            "same",
            f"every convention places {what} alike (no CRLF or character outside the BMP "
            "before or inside a span)",
            evidence.texts_field(order[0]),
            landed,
        )
    scores = evidence.scores
    candidates = [c for c in order if scores[c] == max(scores.values())]
    if len(candidates) == 1:
        best = candidates[0]
        runner_up = max((c for c in order if c != best), key=lambda c: (scores[c], -order.index(c)))
        return Choice(
            best,
            "texts",
            f"recorded texts: {landed[best]} selection texts land under {best} "
            f"(next best: {landed[runner_up]} under {runner_up})",
            evidence.texts_field(best),
            landed,
        )
    if max(scores.values()) > 0:
        texts_note = (
            f"{landed[candidates[0]]} selection texts land under each of {', '.join(candidates)}"
        )
    elif evidence.recording:
        texts_note = f"none of {evidence.recording} recorded selection texts lands"
    else:
        texts_note = "no selection records its text"
    placements = evidence.boundaries(candidates)
    if len(placements) == 1:
        # The tied candidates place every selection alike: the texts decided all there is.
        return Choice(
            candidates[0],
            "texts",
            f"recorded texts: {texts_note}, which place every selection alike",
            evidence.texts_field(candidates[0]),
            landed,
        )
    ranked = sorted(placements, key=lambda p: (-p.count, order.index(p.conventions[0])))
    leader, follower = ranked[0], ranked[1]
    top, second = leader.conventions[0], follower.conventions[0]
    counts = {c: p.count for p in placements for c in p.conventions}
    alike = f" (and {', '.join(leader.conventions[1:])}, alike)" if leader.conventions[1:] else ""
    counted = f"{len(leader.spans)} selections that the conventions place apart"
    # Against every other placement, by the selections where the two differ.
    if all(decisive(*leader.against(other)) for other in ranked[1:]):
        return Choice(
            top,
            "boundaries",
            f"span boundaries: {leader.count} of {counted} begin and end on line or word "
            f"boundaries under {top}{alike} (next best: {follower.count} under {second}); "
            f"{texts_note}",
            evidence.texts_field(top),
            counts,
        )
    shown = f"{leader.count} of {counted} under {top}, {follower.count} under {second}"
    known = origin_convention(origin)
    if known in candidates:
        return Choice(
            known,
            "origin",
            f"origin: {name} writes {known}; span boundaries do not decide ({shown}); {texts_note}",
            evidence.texts_field(known),
            counts,
        )
    if known is None:
        about_origin = f"its origin ({name}) is no program whose convention is known"
    else:
        about_origin = f"its origin ({name}) writes {known}, which the texts rule out"
    raise Undecided(
        f"cannot tell how the file counts positions: {texts_note}; span boundaries do not "
        f"decide ({shown}); {about_origin}"
    )


def decisive(best: int, next_best: int) -> bool:
    """Whether `best` spans on boundaries clearly beat `next_best`.

    The difference must be at least `BOUNDARY_MARGIN` and two standard deviations of the
    difference two equally good conventions would show by chance (about the square root of
    the spans counted): 290 against 40 decides, 10 against 2 does, 3 against 1 does not.
    """
    difference = best - next_best
    return difference >= max(BOUNDARY_MARGIN, 2 * math.sqrt(best + next_best))
