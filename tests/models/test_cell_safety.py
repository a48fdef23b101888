"""Cell safety rules: control characters, Excel's length limit, formula-like texts."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from exports.rows import Column, Sheet
from exports.workbook import write_workbook
from models.cell_safety import (
    EXCEL_CELL_LIMIT,
    Sanitiser,
    cut_mark,
    cut_to_limit,
    fits_cell,
    is_formula_like,
    is_plain_number,
    neutralise_csv,
    remove_unwritable,
    split_cut_mark,
    unneutralise_csv,
    utf16_length,
)

# Any character, lone surrogates included, often after a formula or control character.
CELL_TEXT = st.builds(
    str.__add__,
    st.sampled_from(["", "=", "+", "-", "@", "\t", "'", "#N/A", "\x07", "\ufffe", "\ud83d"]),
    st.text(st.characters(exclude_categories=()), max_size=40),
)


def test_control_characters_removed_and_counted() -> None:
    sanitiser = Sanitiser()
    assert sanitiser.text("党建\x00引领\x07\x1f\ufffe\ud800") == "党建引领"
    assert sanitiser.text("换行\n制表\t回车\r保留") == "换行\n制表\t回车\r保留"
    assert sanitiser.counts.unwritable_removed == 1
    assert not ILLEGAL_CHARACTERS_RE.search(remove_unwritable("".join(map(chr, range(32)))))


def test_short_text_untouched() -> None:
    text = "居民" * 16_000
    assert cut_to_limit(text) == text
    assert fits_cell("𠮷" * (EXCEL_CELL_LIMIT // 2))
    assert not fits_cell("𠮷" * (EXCEL_CELL_LIMIT // 2 + 1))


def test_long_text_cut_with_visible_mark() -> None:
    text = "党" * 40_000
    cut = cut_to_limit(text, see="articoder show")
    assert len(cut) == EXCEL_CELL_LIMIT
    assert cut.endswith("…[cut: 40,000 characters, see articoder show]")
    prefix, total = split_cut_mark(cut)
    assert total == 40_000 and text.startswith(prefix)
    assert split_cut_mark("no mark") == ("no mark", None)


def test_cut_counts_astral_characters_as_excel_does() -> None:
    text = "𠮷" * 20_000  # 20,000 code points, 40,000 UTF-16 units
    cut = cut_to_limit(text)
    assert utf16_length(cut) <= EXCEL_CELL_LIMIT
    assert utf16_length(cut) > EXCEL_CELL_LIMIT - 2
    assert split_cut_mark(cut)[1] == 20_000


def test_sanitiser_counts_cuts() -> None:
    sanitiser = Sanitiser()
    sanitiser.text("短")
    sanitiser.text("长" * 33_000, see="articoder segments --json")
    assert sanitiser.counts.cut == 1
    assert cut_mark(33_000, "x") == "…[cut: 33,000 characters, see x]"


def test_formula_like() -> None:
    for text in ("=SUM(A1)", "+1+1", "-cmd|' /C calc'!A0", "@SUM(1)", "\t=1", "-看这里"):
        assert is_formula_like(text), text
    for text in ("-3.5", "+7", "1e5", "党建", "a=b", "", "'=x"):
        assert not is_formula_like(text), text
    assert is_plain_number("-0.25") and not is_plain_number("-")


def test_csv_neutralising_is_visible_and_reversible() -> None:
    assert neutralise_csv("=1+1") == "'=1+1"
    assert neutralise_csv("'=1+1") == "''=1+1"
    assert neutralise_csv("'quoted") == "'quoted"
    assert neutralise_csv("-2") == "-2"
    assert unneutralise_csv("'=1+1") == "=1+1"
    assert unneutralise_csv("'quoted") == "'quoted"


@given(CELL_TEXT)
def test_neutralise_round_trip(text: str) -> None:
    assert unneutralise_csv(neutralise_csv(text)) == text
    assert not is_formula_like(neutralise_csv(text))


@settings(max_examples=60, deadline=None)
@given(CELL_TEXT)
def test_any_sanitised_string_is_written_by_openpyxl_and_never_a_formula(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.xlsx"
        sheet = Sheet("S", [Column("value"), Column("wrapped", wrap=True)], [(text, text)], "")
        write_workbook(path, [sheet])
        with zipfile.ZipFile(path) as archive:
            assert b"<f>" not in archive.read("xl/worksheets/sheet2.xml")
        cells = load_workbook(path)["S"][2]
    clean = Sanitiser().text(text)
    for cell in cells:
        if clean:
            assert cell.data_type == "s"
            assert cell.value == clean
        else:
            assert cell.value is None
