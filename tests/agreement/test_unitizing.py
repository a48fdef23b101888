"""Krippendorff's (2004) unitizing alpha: the textbook example, hand-computed cases, brute force."""

from __future__ import annotations

import math
from collections.abc import Hashable
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement import (
    Segment,
    explain_unitizing_undefined,
    unitizing_alpha,
    unitizing_alpha_report,
)

# Krippendorff, Content Analysis (2nd ed., 2004), p. 254: two observers, codes c and k, on the
# continuum [150, 450). Typed in from DKPro Statistics' Krippendorff2004Test (which cites that
# page), shifted by -150 onto [0, 300). Per code, DKPro asserts (to 4 decimals): c D_o 0.0144,
# D_e 0.0532, alpha 0.7286; k D_o 0, D_e 0.0490, alpha 1; overall alpha 0.8591 (to 0.0005).
TEXTBOOK_LENGTH = 300
TEXTBOOK: dict[str, list[Segment]] = {
    "i": [(75, 145, "c"), (220, 250, "c"), (30, 90, "k"), (150, 200, "k")],
    "j": [(70, 150, "c"), (205, 225, "c"), (250, 270, "c"), (30, 90, "k"), (150, 200, "k")],
}


def test_textbook_example_per_code() -> None:
    report = unitizing_alpha_report(TEXTBOOK_LENGTH, TEXTBOOK)
    c, k = report.per_code["c"], report.per_code["k"]
    # c by hand: overlapping units (225,295)/(220,300): 5^2 + 5^2 = 50; (370,400)/(355,375):
    # 15^2 + 25^2 = 850; unit (400,420) inside the gap (400,450): 20^2 = 400. Ordered pairs
    # double the sum: D_o = 2 * 1300 / (2 * 1 * 300^2) = 13/900.
    assert c.observed == pytest.approx(13 / 900, abs=1e-15)
    # D_e by hand: units 70, 30, 80, 20, 20 (N_c = 5); gaps 75, 75, 50 and 70, 55, 25, 30;
    # numerator (2/300) * 2,767,160, denominator 600 * 599 - 12,780 = 346,620.
    assert c.expected == pytest.approx(2 / 300 * 2_767_160 / 346_620, rel=1e-12)
    assert c.observed == pytest.approx(0.0144, abs=5e-5)
    assert c.expected == pytest.approx(0.0532, abs=5e-5)
    assert c.alpha == pytest.approx(0.7286, abs=5e-5)
    assert k.observed == 0.0
    assert k.expected == pytest.approx(0.0490, abs=5e-5)
    assert k.alpha == 1.0
    assert unitizing_alpha(TEXTBOOK_LENGTH, TEXTBOOK, "c") == c.alpha


def test_textbook_example_overall_is_pooled_not_averaged() -> None:
    report = unitizing_alpha_report(TEXTBOOK_LENGTH, TEXTBOOK)
    c, k = report.per_code["c"], report.per_code["k"]
    pooled = 1 - (c.observed + k.observed) / (c.expected + k.expected)
    assert report.alpha == pytest.approx(pooled, abs=1e-15)
    assert unitizing_alpha(TEXTBOOK_LENGTH, TEXTBOOK) == report.alpha
    # The book's 0.8591 comes from the rounded per-code figures (1 - .0144 / .1022); unrounded
    # it is 0.8587.
    assert report.alpha == pytest.approx(0.8591, abs=5e-4)
    mean_of_codes = (c.alpha + k.alpha) / 2  # 0.8643: what the value must NOT be
    assert abs(report.alpha - mean_of_codes) > 0.005


def test_identical_segmentations_agree_perfectly() -> None:
    marks: list[Segment] = [(0, 10, "a"), (12, 30, "b"), (40, 41, "a")]
    assert unitizing_alpha(100, {"x": marks, "y": list(marks), "z": list(marks)}) == 1.0
    assert unitizing_alpha(100, {"x": marks, "y": marks}, "b") == 1.0


def test_one_coder_marks_what_the_other_does_not() -> None:
    # L = 20; x marks [0, 10). Sections: x (0,10) unit, (10,20) gap; y (0,20) gap.
    # D_o = 2 * 10^2 / (2 * 1 * 400) = 1/4.
    # D_e = (2/20) * [0 + 10^2 * ((10 - 10 + 1) + (20 - 10 + 1))] / (40 * 39 - 10 * 9)
    #     = 120 / 1470; alpha = 1 - (1/4) / (120/1470) = -2.0625.
    segments: dict[str, list[Segment]] = {"x": [(0, 10, "a")], "y": []}
    report = unitizing_alpha_report(20, segments)
    assert report.per_code["a"].observed == pytest.approx(0.25)
    assert report.per_code["a"].expected == pytest.approx(120 / 1470)
    assert unitizing_alpha(20, segments) == pytest.approx(-2.0625)


def test_touching_segments_of_two_coders_do_not_overlap() -> None:
    # L = 10; x marks [0,5), y marks [5,10). Touching units are not compared with each other;
    # each sits inside the other coder's gap: 5^2 + 5^2 = 50, D_o = 2 * 50 / (2 * 100) = 0.5.
    # (Were touching counted as overlap, (0-5)^2 + (5-10)^2 = 50 more would double it.)
    report = unitizing_alpha_report(10, {"x": [(0, 5, "a")], "y": [(5, 10, "a")]})
    assert report.per_code["a"].observed == pytest.approx(0.5)


def test_touching_segments_of_one_coder_stay_two_units() -> None:
    # x marks [0,5) and [5,10), y marks [0,10): two units against one, so they disagree:
    # (0-0)^2 + (5-10)^2 + (5-0)^2 + (10-10)^2 = 50 for the ordered pair.
    two = unitizing_alpha_report(20, {"x": [(0, 5, "a"), (5, 10, "a")], "y": [(0, 10, "a")]})
    assert two.per_code["a"].observed == pytest.approx(2 * 50 / (2 * 400))
    assert two.alpha < 1.0


def test_overlapping_segments_of_one_coder_are_merged() -> None:
    merged = {"x": [(0, 6, "a"), (4, 10, "a"), (2, 3, "a")], "y": [(0, 10, "a")]}
    assert unitizing_alpha(20, merged) == 1.0


def test_the_whole_continuum_counts() -> None:
    # The same marks on a longer text: more agreed-upon gap, a different D_e, a different alpha.
    segments: dict[str, list[Segment]] = {"x": [(0, 10, "a")], "y": [(2, 10, "a")]}
    assert unitizing_alpha(20, segments) != pytest.approx(unitizing_alpha(200, segments))


def test_undefined_cases() -> None:
    one: dict[str, list[Segment]] = {"x": [(0, 10, "a")]}
    assert math.isnan(unitizing_alpha(20, one))
    assert explain_unitizing_undefined(20, one) == "fewer than two coders"
    nobody: dict[str, list[Segment]] = {"x": [], "y": []}
    assert math.isnan(unitizing_alpha(20, nobody))
    assert explain_unitizing_undefined(20, nobody) == "no coder marked a segment of this code"
    assert math.isnan(unitizing_alpha(20, {"x": [(0, 10, "a")], "y": []}, code="b"))
    # Everybody marks the whole one-character text: no gaps, 2l^3 - 3l^2 + l = 0, D_e = 0.
    full: dict[str, list[Segment]] = {"x": [(0, 1, "a")], "y": [(0, 1, "a")]}
    assert math.isnan(unitizing_alpha(1, full))
    assert explain_unitizing_undefined(1, full) == "expected disagreement is 0"
    assert explain_unitizing_undefined(TEXTBOOK_LENGTH, TEXTBOOK) is None


def test_bad_segments_raise() -> None:
    with pytest.raises(ValueError, match="non-empty stretch"):
        unitizing_alpha(10, {"x": [(5, 5, "a")], "y": []})
    with pytest.raises(ValueError, match="non-empty stretch"):
        unitizing_alpha(10, {"x": [(5, 11, "a")], "y": []})
    with pytest.raises(ValueError, match="integer positions"):
        unitizing_alpha(10, {"x": [(1.5, 3, "a")], "y": []})  # type: ignore[list-item]
    with pytest.raises(ValueError, match="positive length"):
        unitizing_alpha(0, {"x": [], "y": []})


# --------------------------------------------------------------------------------------------
# Brute force: the 2004 definitions with loops over every pair of sections
# --------------------------------------------------------------------------------------------


def brute_sections(length: int, spans: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    sections: list[tuple[int, int, bool]] = []
    position = 0
    for start, end in merged:
        if position < start:
            sections.append((position, start, False))
        sections.append((start, end, True))
        position = end
    if position < length:
        sections.append((position, length, False))
    return sections


def brute_distance(g: tuple[int, int, bool], h: tuple[int, int, bool]) -> int:
    bg, eg, vg = g
    bh, eh, vh = h
    lg, lh = eg - bg, eh - bh
    if vg and vh and -lg < bg - bh < lh:
        return (bg - bh) ** 2 + (eg - eh) ** 2
    if vg and not vh and lh - lg >= bg - bh >= 0:
        return lg**2
    if not vg and vh and lg - lh >= bh - bg >= 0:
        return lh**2
    return 0


def brute_unitizing_alpha(
    length: int, segments: dict[str, list[Segment]], code: Hashable | None = None
) -> float:
    coders = list(segments)
    m = len(coders)
    codes = {c for marks in segments.values() for _, _, c in marks}
    total_o = total_e = 0.0
    for current in codes if code is None else [code]:
        continua = [
            brute_sections(length, [(s, e) for s, e, c in segments[x] if c == current])
            for x in coders
        ]
        observed = sum(
            brute_distance(g, h)
            for i in range(m)
            for j in range(m)
            if i != j
            for g in continua[i]
            for h in continua[j]
        ) / (m * (m - 1) * length**2)
        units = [e - s for sections in continua for s, e, v in sections if v]
        gaps = [e - s for sections in continua for s, e, v in sections if not v]
        n_c = len(units)
        numerator = sum(
            (n_c - 1) / 3 * (2 * u**3 - 3 * u**2 + u)
            + u**2 * sum(g - u + 1 for g in gaps if g >= u)
            for u in units
        )
        expected = (
            (2 / length)
            * numerator
            / (m * length * (m * length - 1) - sum(u * (u - 1) for u in units))
        )
        total_o += observed
        total_e += expected
    return 1 - total_o / total_e if total_e > 0 else math.nan


@st.composite
def segmentations(draw: st.DrawFn) -> tuple[int, dict[str, list[Segment]]]:
    length = draw(st.integers(1, 60))
    n_coders = draw(st.integers(2, 4))
    result: dict[str, list[Segment]] = {}
    for coder in range(n_coders):
        marks: list[Segment] = []
        for _ in range(draw(st.integers(0, 5))):
            start = draw(st.integers(0, length - 1))
            end = draw(st.integers(start + 1, length))
            marks.append((start, end, draw(st.sampled_from("ab"))))
        result[f"c{coder}"] = marks
    return length, result


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(segmentations())
def test_matches_brute_force(case: tuple[int, dict[str, list[Segment]]]) -> None:
    length, segments = case
    assert same(unitizing_alpha(length, segments), brute_unitizing_alpha(length, segments))
    assert same(
        unitizing_alpha(length, segments, "a"), brute_unitizing_alpha(length, segments, "a")
    )


@settings(max_examples=60, deadline=None)
@given(segmentations(), st.randoms(use_true_random=False))
def test_permuting_coders_changes_nothing(
    case: tuple[int, dict[str, list[Segment]]], rng: Random
) -> None:
    length, segments = case
    shuffled = list(segments)
    rng.shuffle(shuffled)
    permuted = {name: segments[name] for name in shuffled}
    assert same(unitizing_alpha(length, segments), unitizing_alpha(length, permuted))


@settings(max_examples=60, deadline=None)
@given(segmentations())
def test_identical_coders_agree_when_defined(case: tuple[int, dict[str, list[Segment]]]) -> None:
    length, segments = case
    first = next(iter(segments.values()))
    copies = {name: list(first) for name in segments}
    value = unitizing_alpha(length, copies)
    assert math.isnan(value) or value == 1.0
