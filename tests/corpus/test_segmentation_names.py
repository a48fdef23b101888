"""Word snapping in Traditional text: names kept whole, Traditional spellings, no punctuation."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import segmentation
from corpus.segmentation import Segmenter, snap_to_words, traditional_words


def _words(text: str, boundaries: list[int]) -> list[str]:
    return [text[a:b] for a, b in zip([0, *boundaries[:-1]], boundaries, strict=True)]


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(["黨建引領"])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("總統蔡英文今天出席國慶典禮", "蔡英文"),
        ("总统蔡英文今天出席国庆典礼", "蔡英文"),
        ("警務處處長高拔陞表示，案件仍在調查", "高拔陞"),
        ("行政長官林鄭月娥宣布新措施", "林鄭月娥"),
        ("行政長官李家超今日會見傳媒", "李家超"),
    ],
)
def test_names_stay_whole(segmenter: Segmenter, text: str, name: str) -> None:
    words = _words(text, segmenter.boundaries(text))
    assert name in words
    start = text.index(name)
    # Snapping a selection of the name's middle character gives the whole name.
    assert snap_to_words(segmenter.boundaries(text), start + 1, start + 2, text) == (
        start,
        start + len(name),
    )


def test_traditional_spellings_of_jieba_words(segmenter: Segmenter) -> None:
    text = "我們瞭解隨著社會發展，他反覆說明。"
    words = _words(text, segmenter.boundaries(text))
    assert "瞭解" in words and "隨著" in words


def test_traditional_words_are_made_once_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    traditional_words.cache_clear()
    try:
        made = traditional_words()
        (cache,) = (tmp_path / "articoder").glob("jieba-traditional-*.txt")
        assert ("瞭解", made[[w for w, _ in made].index("瞭解")][1]) in made
        traditional_words.cache_clear()
        # The second time comes from the file, not from OpenCC.
        monkeypatch.setattr(segmentation, "_make_traditional_words", pytest.fail)
        assert traditional_words() == made
        assert cache.read_text(encoding="utf-8").count("\n") == len(made)
    finally:
        traditional_words.cache_clear()


@pytest.mark.parametrize(
    ("text", "selected", "expected"),
    [
        ("社区，在老旧小区里", "，在老", "在老旧"),
        ("中華協會、香港分會", "協會、", "協會"),
        ("他說：「我們贊成。」", "贊成。」", "贊成"),
        ("hello, world (test)", ", world (", "world"),
    ],
)
def test_snapping_never_takes_punctuation_at_the_ends(
    segmenter: Segmenter, text: str, selected: str, expected: str
) -> None:
    start = text.index(selected)
    low, high = snap_to_words(segmenter.boundaries(text), start, start + len(selected), text)
    assert text[low:high] == expected


def test_a_selection_of_punctuation_alone_stays() -> None:
    text = "社区，在"
    assert snap_to_words([2, 3, 4], 2, 3, text) == (2, 3)
