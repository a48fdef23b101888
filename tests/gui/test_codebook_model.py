"""The codebook panel's item model: Qt's model checks, and what each column and role shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from sqlalchemy import select

from codebook.operations import RetireCode
from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from codebook.tree import CodeTree, load_code_tree
from gui.article_view import CODE_MIME
from gui.codebook_model import KEY, NAME, SEGMENTS, CodebookModel, CodeRole
from models.database import ProjectDatabase
from models.entities import Article, Code, Coder, Segment
from models.journal import perform

FIXTURE = Path(__file__).parents[1] / "fixtures" / "codebooks" / "small.yaml"


@pytest.fixture
def project(sqlite_database: ProjectDatabase) -> ProjectDatabase:
    import_codebook(sqlite_database, read_codebook_text(FIXTURE))
    with sqlite_database.session() as session:
        article = Article(title="t", content_hash="x" * 64, raw_text="社区党建", text="社区党建")
        coder = Coder(name="甲")
        session.add_all([article, coder])
        session.flush()
        code_id = session.scalars(select(Code.id).where(Code.name == "楼栋党小组")).one()
        for start in (0, 2):
            session.add(
                Segment(
                    article_id=article.id,
                    code_id=code_id,
                    coder_id=coder.id,
                    start=start,
                    end=start + 2,
                )
            )
    return sqlite_database


def test_model_passes_qt_checks(qtmodeltester: ModelTester, project: ProjectDatabase) -> None:
    model = CodebookModel(load_code_tree(project))
    qtmodeltester.check(model)


def test_empty_model_passes_qt_checks(qtmodeltester: ModelTester) -> None:
    model = CodebookModel()
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.columnCount() == 3


def test_columns_and_roles(project: ProjectDatabase) -> None:
    model = CodebookModel(load_code_tree(project))
    assert model.rowCount() == 2
    group = model.index(0, NAME)
    assert group.data() == "组织体系"
    assert model.rowCount(group) == 2
    building = model.index(0, NAME, group)
    assert building.data() == "楼栋党小组"
    assert building.parent() == group
    assert model.index(0, KEY, group).data() == "1"
    assert model.index(0, SEGMENTS, group).data() == 2
    # The group itself has none, but its subtree has two: the column shows the branch's total.
    assert group.data(CodeRole.TOTAL_SEGMENTS) == 2
    assert model.index(0, SEGMENTS).data() == "Σ 2"
    tooltip = model.index(0, SEGMENTS).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.splitlines() == [
        "Segments with its sub-codes: 2",
        "Segments coded with this code itself: 0",
    ]
    assert "Σ" in model.headerData(SEGMENTS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert building.data(CodeRole.PATH) == "组织体系 > 楼栋党小组"
    color = building.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(color, QColor) and color.name() == "#e67e22"
    assert "以楼栋为单位设立的党小组" in building.data(Qt.ItemDataRole.ToolTipRole)
    code_id = building.data(CodeRole.ID)
    with project.session() as session:
        assert session.get(Code, code_id).name == "楼栋党小组"  # type: ignore[union-attr]
    assert model.index_of(code_id) == building
    assert model.node(building) is not None
    assert model.node(QModelIndex()) is None
    assert not model.index_of(10_000).isValid()
    assert model.headerData(KEY, Qt.Orientation.Horizontal) == "Key"


def test_set_tree_after_an_operation_resets(project: ProjectDatabase, qtbot: object) -> None:
    model = CodebookModel(load_code_tree(project))
    group_id = model.index(0, NAME).data(CodeRole.ID)
    assert not model.index(0, NAME).data(CodeRole.RETIRED)
    perform(project, RetireCode(group_id))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_tree(load_code_tree(project))
    assert resets == [True]
    group = model.index_of(group_id)
    assert group.data(CodeRole.RETIRED) is True
    assert model.index(1, NAME, group).data(CodeRole.RETIRED) is True
    assert group.data(Qt.ItemDataRole.FontRole).italic()
    model.set_tree(CodeTree())
    assert model.rowCount() == 0


def test_a_dragged_code_carries_its_id_for_the_article_view(project: ProjectDatabase) -> None:
    model = CodebookModel(load_code_tree(project))
    building = model.index(0, NAME, model.index(0, NAME))
    assert model.flags(building) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.mimeTypes() == [CODE_MIME]
    data = model.mimeData([building])
    assert bytes(data.data(CODE_MIME).data()).decode("ascii") == str(building.data(CodeRole.ID))


def test_counts_follow_a_coding_action_at_once(project: ProjectDatabase) -> None:
    # The window's own coding changes the numbers at once, up through the parents ("Σ"), and
    # tells the views which cells changed; the reload from the database agrees afterwards.
    model = CodebookModel(load_code_tree(project))
    building = next(n for n in model.tree if n.name == "楼栋党小组")
    group = building.parent
    assert group is not None
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append((top.row(), top.column())))
    model.add_to_counts({building.id: 1})
    assert model.index_of(building.id, SEGMENTS).data() == 3
    assert model.index_of(group.id, SEGMENTS).data() == "Σ 3"
    assert sorted(changed) == sorted([(building.row, SEGMENTS), (group.row, SEGMENTS)])
    model.add_to_counts({building.id: -1, group.id: 0})
    assert model.index_of(building.id, SEGMENTS).data() == 2
    model.update_counts(load_code_tree(project))
    assert model.index_of(group.id, SEGMENTS).data() == "Σ 2"
