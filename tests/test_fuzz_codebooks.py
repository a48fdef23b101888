"""Fuzzing every codebook reader: only CodebookError comes out, and a refused import changes nothing.

Inputs are random bytes, valid files (YAML, JSON, xlsx, .qdc) with random byte edits, and for
the text formats valid codebooks with random values put in at random places. Whatever a reader
accepts is then imported into a real project holding codes and segments; a refused import
must leave every row as it was.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from codebook.files import read_codebook, write_codebook
from codebook.spec import CodebookError, CodebookSpec
from codebook.store import import_codebook
from codebook.text_files import codebook_dict, read_codebook_text
from coding.check import check_project
from coding.coders import ensure_coder
from coding.workspace import Workspace
from corpus.importer import import_paths
from models.database import ProjectDatabase
from tests.fuzz_helpers import FUZZ, mutated, project_checksum

CODEBOOK = Path(__file__).parent / "fixtures" / "codebooks" / "small.yaml"
SUFFIXES = (".yaml", ".json", ".xlsx", ".qdc")
KEYS = (
    "name",
    "name_en",
    "color",
    "key",
    "definition",
    "keywords",
    "children",
    "codes",
    "variables",
    "choices",
    "kind",
    "version",
    "codable_groups",
    "guid",
    "retired",
    "min",
    "max",
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["#zzzzzz", "#c0392b", "", " ", "楼栋党小组", "组织体系 > 楼栋党小组", "1"])
)
trees = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=12,
)


@pytest.fixture
def coded(sqlite_database: ProjectDatabase, tmp_path: Path) -> ProjectDatabase:
    """A project holding the codebook, two articles and segments: what a refusal must keep."""
    import_codebook(sqlite_database, read_codebook_text(CODEBOOK))
    texts = {
        "harbour.txt": "海湾社区简讯\n海湾社区成立楼栋党小组，红色物业进驻。",
        "valley.txt": "山谷街道动态\n山谷街道党员中心户带头议事。",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    import_paths(sqlite_database, [tmp_path / name for name in texts])
    workspace = Workspace(sqlite_database, ensure_coder(sqlite_database, "甲"))
    for term in ("楼栋党小组", "红色物业", "党员中心户"):
        code = next(c.id for c in workspace.codes() if c.path[-1] == term)
        workspace.auto_code(workspace.search(term), code)
    return sqlite_database


def _valid_bytes(folder: Path) -> dict[str, bytes]:
    spec = read_codebook_text(CODEBOOK)
    found = {}
    for suffix in SUFFIXES:
        path = folder / f"valid{suffix}"
        write_codebook(spec, path)
        found[suffix] = path.read_bytes()
    return found


def _paths(tree: Any) -> list[tuple[Any, ...]]:
    """Every place in a loaded YAML/JSON tree where a value can be swapped."""
    places: list[tuple[Any, ...]] = [()]
    if isinstance(tree, dict):
        for key, value in tree.items():
            places += [(key, *rest) for rest in _paths(value)]
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            places += [(index, *rest) for rest in _paths(value)]
    return places


@st.composite
def swapped_trees(draw: st.DrawFn, valid: dict[str, Any]) -> dict[str, Any] | Any:
    """A valid codebook tree with a few values replaced by random ones (or removed)."""
    tree: Any = copy.deepcopy(valid)
    for _ in range(draw(st.integers(1, 3))):
        places = _paths(tree)
        place = draw(st.sampled_from(places))
        replacement = draw(trees)
        if not place:
            tree = replacement
            continue
        parent = tree
        for step in place[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[place[-1]]
        else:
            parent[place[-1]] = replacement
    return tree


def _read_and_import(database: ProjectDatabase, path: Path) -> None:
    """Read a codebook file and import it; only CodebookError may come out of either step."""
    assert database.path is not None
    before = project_checksum(database.path)
    try:
        spec = read_codebook(path)
    except CodebookError as exc:
        assert str(path) in str(exc)  # the message names the file
        assert project_checksum(database.path) == before
        return
    assert isinstance(spec, CodebookSpec)
    try:
        import_codebook(database, spec, source=str(path))
    except CodebookError:
        assert project_checksum(database.path) == before


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_codebook_readers_on_mutated_files(
    suffix: str, coded: ProjectDatabase, tmp_path: Path
) -> None:
    valid = _valid_bytes(tmp_path)[suffix]
    target = tmp_path / f"fuzzed{suffix}"

    @FUZZ
    @given(data=mutated(valid) | st.binary(max_size=300))
    def check(data: bytes) -> None:
        target.write_bytes(data)
        _read_and_import(coded, target)

    check()
    assert check_project(coded).ok


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_text_codebooks_with_random_values(
    suffix: str, coded: ProjectDatabase, tmp_path: Path
) -> None:
    valid = codebook_dict(read_codebook_text(CODEBOOK))
    target = tmp_path / f"fuzzed{suffix}"

    @FUZZ
    @given(tree=swapped_trees(valid) | trees)
    def check(tree: Any) -> None:
        if suffix == ".json":
            text = json.dumps(tree, ensure_ascii=False, allow_nan=True)
        else:
            text = yaml.safe_dump(tree, allow_unicode=True)
        target.write_text(text, encoding="utf-8")
        _read_and_import(coded, target)

    check()
    assert check_project(coded).ok


@st.composite
def alias_codebooks(draw: st.DrawFn) -> str:
    """YAML codebooks built of anchors and aliases: trees, bombs, loops, deep nesting."""
    lines = ["codes:"]
    anchors = draw(st.integers(1, 10))
    for level in range(anchors):
        if level == 0:
            children = ""
        else:
            refer = st.integers(0, level) if draw(st.booleans()) else st.integers(0, level - 1)
            count = draw(st.integers(1, 12))
            children = ", ".join(f"*a{draw(refer)}" for _ in range(count))
        name = draw(st.sampled_from(["组织", "红色物业", '"\\0"', '"\\ud800"', "9" * 200]))
        lines.append(f"  - &a{level} {{name: {name}{level}, children: [{children}]}}")
    depth = draw(st.integers(0, 200))
    lines.append("variables: " + "[" * depth + "]" * depth)
    return "\n".join(lines) + "\n"


def test_yaml_codebooks_of_anchors_and_aliases(coded: ProjectDatabase, tmp_path: Path) -> None:
    """Alias bombs, alias loops and deep nesting: only CodebookError, quickly, nothing changed."""
    target = tmp_path / "aliases.yaml"

    @FUZZ
    @given(text=alias_codebooks())
    def check(text: str) -> None:
        target.write_text(text, encoding="utf-8")
        _read_and_import(coded, target)

    check()
    assert check_project(coded).ok
