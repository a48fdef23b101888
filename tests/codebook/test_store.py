"""Bringing codebooks into a project: matching by GUID and path, nothing lost, versions move."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from codebook.spec import CodeSpec
from codebook.store import code_rows, import_codebook, load_codebook
from codebook.text_files import read_codebook_text
from models.database import ProjectDatabase
from models.entities import Article, Code, Coder, DictionaryWord, Segment

FIXTURE = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"


def _add_segment(database: ProjectDatabase, code_name: str) -> None:
    with database.session() as session:
        article = Article(title="t", content_hash="x" * 64, raw_text="社区党建", text="社区党建")
        coder = session.scalar(select(Coder)) or Coder(name="甲")
        session.add_all([article, coder])
        session.flush()
        code_id = session.scalar(select(Code.id).where(Code.name == code_name))
        assert code_id is not None
        session.add(
            Segment(
                article_id=article.id,
                code_id=code_id,
                coder_id=coder.id,
                start=0,
                end=2,
                text="社区",
            )
        )


def test_import_then_load_gives_the_codebook(database: ProjectDatabase) -> None:
    spec = read_codebook_text(FIXTURE)
    result = import_codebook(database, spec)
    assert result.added == 4 and result.variables_added == 3
    loaded = load_codebook(database)
    assert [c.name for c in loaded.codes] == ["组织体系", "红色物业"]
    assert [c.name for c in loaded.codes[0].children] == ["楼栋党小组", "党员中心户"]
    assert loaded.variables[0].values[2].label == "正面"
    assert all(c.guid for c in loaded.codes)
    rows = code_rows(database)
    assert [r.path for r in rows][:2] == [("组织体系",), ("组织体系", "楼栋党小组")]
    with database.session() as session:
        words = set(session.scalars(select(DictionaryWord.word)))
    assert {"楼栋党小组", "红色物业", "党员中心户"} <= words


def test_reimport_matches_by_guid_keeps_segments_and_retires(database: ProjectDatabase) -> None:
    import_codebook(database, read_codebook_text(FIXTURE))
    _add_segment(database, "楼栋党小组")
    spec = load_codebook(database)
    # Rename and move the coded code, drop another one, add a new one.
    building = spec.codes[0].children.pop(0)
    building.name = "楼栋党组织"
    spec.codes[1].children.append(building)
    spec.codes[0].children.pop(0)  # 党员中心户 disappears from the file
    spec.codes.append(CodeSpec(name="志愿服务", color="#27ae60"))
    before = load_codebook(database).version
    result = import_codebook(database, spec)
    assert (result.added, result.retired) == (1, 1)
    assert result.version == before + 1
    rows = {r.path: r for r in code_rows(database)}
    assert rows[("红色物业", "楼栋党组织")].segments == 1
    assert rows[("组织体系", "党员中心户")].retired
    with database.session() as session:
        assert session.scalar(select(func.count(Segment.id))) == 1


def test_a_file_without_colours_keeps_the_projects_and_gives_new_codes_the_palette(
    database: ProjectDatabase, tmp_path: Path
) -> None:
    """A codebook file written by hand often has no `color`: re-importing it must not turn
    the colours chosen in the window grey, and its new codes get distinct colours.
    """
    first = tmp_path / "first.yaml"
    first.write_text("codes:\n  - name: 甲\n    color: '#aa0000'\n", encoding="utf-8")
    import_codebook(database, read_codebook_text(first))
    with database.session() as session:
        session.scalars(select(Code).where(Code.name == "甲")).one().color = "#123456"
    again = tmp_path / "again.yaml"
    again.write_text("codes:\n  - name: 甲\n  - name: 乙\n  - name: 丙\n", encoding="utf-8")
    import_codebook(database, read_codebook_text(again))
    colours = {row.path[-1]: row.color for row in code_rows(database)}
    assert colours["甲"] == "#123456"  # the window's choice kept
    assert "#888888" not in (colours["乙"], colours["丙"])
    assert len(set(colours.values())) == 3
