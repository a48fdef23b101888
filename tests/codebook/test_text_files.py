"""Codebook YAML/JSON files: reading, clear errors with line numbers, lossless round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from codebook.spec import CodebookError
from codebook.text_files import read_codebook_text, write_codebook_text

FIXTURE = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"


def test_reads_tree_and_variables() -> None:
    spec = read_codebook_text(FIXTURE)
    assert [c.name for c in spec.codes] == ["组织体系", "红色物业"]
    group = spec.codes[0]
    assert [c.name for c in group.children] == ["楼栋党小组", "党员中心户"]
    assert group.children[0].keywords == ["楼栋党小组", "楼栋党支部"]
    assert group.children[0].key == "1"
    tone = spec.variables[0]
    assert tone.level == "ordinal"
    assert [c.value for c in tone.values] == ["negative", "neutral", "positive"]
    assert spec.variables[1].minimum == 0 and spec.variables[1].maximum == 8


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_round_trip_gives_the_same_file(tmp_path: Path, suffix: str) -> None:
    spec = read_codebook_text(FIXTURE)
    first = tmp_path / f"first{suffix}"
    write_codebook_text(spec, first)
    again = read_codebook_text(first)
    assert again == spec
    second = tmp_path / f"second{suffix}"
    write_codebook_text(again, second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def _write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    return path


def test_duplicate_key_named_with_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "codes:\n  - name: 甲\n    key: '1'\n  - name: 乙\n    key: '1'\n",
    )
    with pytest.raises(CodebookError) as error:
        read_codebook_text(path)
    message = str(error.value)
    assert "bad.yaml" in message and "line 4" in message and "'1'" in message


def test_bad_colour_and_level_reported_together(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "codes:\n  - name: 甲\n    color: red\nvariables:\n  - name: v\n    type: nominal_ish\n",
    )
    with pytest.raises(CodebookError) as error:
        read_codebook_text(path)
    assert len(error.value.problems) == 2  # both reported, not only the first
    assert "line 2" in str(error.value) and "#rrggbb" in str(error.value)


def test_a_misspelt_field_is_named_at_its_own_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "codes:\n  - name: 甲\n    key: '1'\n    colour: '#aa0000'\n",
    )
    with pytest.raises(CodebookError) as error:
        read_codebook_text(path)
    (problem,) = error.value.problems
    assert problem.where == "line 4" and "'colour'" in problem.message


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "codes:\n  - name: 甲\n   - name: [乙\n")
    with pytest.raises(CodebookError, match="line 3"):
        read_codebook_text(path)


def test_sibling_names_must_differ(tmp_path: Path) -> None:
    path = _write(tmp_path, "codes:\n  - name: 甲\n  - name: 甲\n")
    with pytest.raises(CodebookError, match="same parent"):
        read_codebook_text(path)
