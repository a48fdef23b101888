"""The lead's progress window on the demo project: the table, the chart, from the Coding menu."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from articoder.demo_project import build_demo_project
from coding.coders import ensure_coder
from coding.workspace import Workspace
from gui.progress_window import ProgressWindow, _day_ticks, _ticks
from models.entities import Article, Assignment, Coder, Segment

SHOTS = Path(__file__).parents[2] / "shots"


@pytest.fixture
def lead(tmp_path: Path) -> Iterator[Workspace]:
    path = tmp_path / "demo.articoder"
    build_demo_project(path).close()
    workspace = Workspace.open(path, "组长")
    yield workspace
    workspace.close()


def _spread_work_over_days(lead: Workspace) -> None:
    """Give every coder assignments, some done, on different days of a week."""
    start = dt.datetime(2026, 11, 2, 10, 0)
    leaf = next(c.id for c in lead.codes() if not c.retired and len(c.path) > 1)
    for name in ("组长", "王芳", "李明"):
        coder = Workspace(lead.database, ensure_coder(lead.database, name))
        for row in coder.article_rows()[:4]:
            coder.code_span(row.id, 0, 4, leaf)
            coder.code_span(row.id, 6, 9, leaf)
    with lead.database.session() as session:
        coders = session.scalars(select(Coder.id).order_by(Coder.id)).all()
        articles = session.scalars(select(Article.id).order_by(Article.id)).all()
        session.execute(Assignment.__table__.delete())
        for c, coder_id in enumerate(coders):
            for a, article_id in enumerate(articles):
                done = (a + c) % 3 != 0
                session.add(
                    Assignment(
                        article_id=article_id,
                        coder_id=coder_id,
                        status="done" if done else "todo",
                        done_at=start + dt.timedelta(days=(a + 2 * c) % 6) if done else None,
                    )
                )
            for n, segment_id in enumerate(
                session.scalars(select(Segment.id).where(Segment.coder_id == coder_id))
            ):
                session.execute(
                    update(Segment)
                    .where(Segment.id == segment_id)
                    .values(created_at=start + dt.timedelta(days=(n + c) % 5))
                )


def test_table_and_chart(qtbot: QtBot, lead: Workspace) -> None:
    _spread_work_over_days(lead)
    window = ProgressWindow(lead)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.refresh().done, timeout=20000):
        pass
    model = window.model
    assert model.rowCount() >= 3
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert any("组长" in name for name in names)
    for row, coder in enumerate(model.coders):
        assert model.index(row, 1).data() == str(coder.assigned)
        assert model.index(row, 2).data() == str(coder.done)
        assert model.index(row, 3).data() == str(coder.assigned - coder.done)
        assert coder.done > 0
    series = window.chart.series()
    assert len(series) == model.rowCount()
    for (_color, _name, values), coder in zip(series, model.coders, strict=True):
        assert values == sorted(values)  # running totals never fall
        assert values[-1] == coder.done
    window.what_combo.setCurrentIndex(1)
    for (_color, _name, values), coder in zip(window.chart.series(), model.coders, strict=True):
        assert values[-1] == coder.segments
    window.what_combo.setCurrentIndex(0)
    assert "assignments" in window.summary.text()
    SHOTS.mkdir(exist_ok=True)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "progress_window.png"))


def test_done_without_assignments_is_not_counted_as_assignments(
    qtbot: QtBot, lead: Workspace
) -> None:
    """Done marks with no assignment (done is a status): the summary counts done articles,
    each once, and says there are no assignments; To do and % done show a dash, not 0.
    """
    with lead.database.session() as session:
        session.execute(Assignment.__table__.delete())
        articles = session.scalars(select(Article.id).order_by(Article.id)).all()
    coders = [Workspace(lead.database, ensure_coder(lead.database, n)) for n in ("王芳", "李明")]
    for coder in coders:  # both mark the same two articles done, nobody assigned them
        for article in articles[:2]:
            coder.set_done(article)
    window = ProgressWindow(lead)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.refresh().done, timeout=20000):
        pass
    summary = window.summary.text()
    assert summary.startswith(f"2 of {len(articles)} articles done; no assignments;")
    assert "of 0" not in summary
    model = window.model
    row = next(r for r, c in enumerate(model.coders) if c.name == "王芳")
    assert model.index(row, 2).data() == "2"  # done
    assert model.index(row, 3).data() == "–" and model.index(row, 4).data() == "–"
    tip = model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "0 assigned by the lead, 2 on their own" in tip

    # Once the lead assigns, the assignments appear beside the done articles.
    from team.assignments import assign

    assign(lead.database, {"王芳": [articles[2]]}, add_coders=False)
    with qtbot.waitSignal(window.refresh().done, timeout=20000):
        pass
    assert "; 0 of 1 assignment done;" in window.summary.text()
    assert model.index(row, 3).data() == "1" and model.index(row, 4).data() == "0%"


def test_opens_from_the_coding_menu(qtbot: QtBot, lead: Workspace) -> None:
    from gui.main_window import MainWindow

    _spread_work_over_days(lead)
    window = MainWindow(lead, english=True)
    qtbot.addWidget(window)
    window.open_progress()
    qtbot.waitUntil(lambda: window.progress_window.model.rowCount() > 0, timeout=20000)
    window.progress_window.close()


def test_axis_ticks() -> None:
    assert _ticks(4) == [0, 1, 2, 3, 4]
    assert _ticks(37) == [0, 10, 20, 30]
    assert _ticks(1) == [0, 1]
    assert _day_ticks(3) == [0, 1, 2]
    ticks = _day_ticks(30)
    assert ticks[0] == 0 and ticks[-1] == 29 and len(ticks) == 7


def test_chinese_screenshot(qtbot: QtBot, lead: Workspace) -> None:
    from gui.app import install_language

    _spread_work_over_days(lead)
    install_language("zh_CN")
    try:
        window = ProgressWindow(lead)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.refresh().done, timeout=20000):
            pass
        assert window.model.headerData(1, Qt.Orientation.Horizontal) == "已分配"
        SHOTS.mkdir(exist_ok=True)
        qtbot.wait(50)
        window.grab().save(str(SHOTS / "progress_window_zh_CN.png"))
    finally:
        install_language("en")


def test_assign_dialog_preview_and_store(qtbot: QtBot, lead: Workspace) -> None:
    from gui.assign_dialog import AssignDialog

    for name in ("王芳", "李明", "张伟"):
        ensure_coder(lead.database, name)
    dialog = AssignDialog(lead)
    qtbot.addWidget(dialog)
    # The lead is not ticked by default; the three coders are.
    assert dialog.chosen_coders() == ["张伟", "李明", "王芳"]
    total = len(lead.article_rows())
    dialog.overlap.setValue(50)
    dialog.seed.setValue(7)
    plan = dialog.plan
    assert plan is not None and plan.seed == 7
    assert len(plan.overlap) == round(0.5 * total)
    assert sum(int(dialog.preview.item(r, 1).text()) for r in range(3)) == total + len(plan.overlap)
    assert str(total) in dialog.summary.text()
    dialog.per_article.setValue(4)  # more coders per article than are ticked
    assert dialog.plan is None and not dialog.assign_button.isEnabled()
    dialog.per_article.setValue(2)
    dialog.show()
    dialog.new_coder.setFocus()
    dialog.new_coder.setText("赵敏")
    qtbot.keyClick(dialog.new_coder, Qt.Key.Key_Return)  # adds the coder, stores nothing
    assert "赵敏" in dialog.chosen_coders() and dialog.isVisible()
    assert dialog.task is None  # Assign was not pressed
    with lead.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Assignment)) == 0
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "assign_dialog.png"))
    plan = dialog.plan
    assert plan is not None
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.start_assign()
    assert dialog.report is not None and dialog.report.coders_added == ["赵敏"]
    with lead.database.session() as session:
        stored = {
            (name, article)
            for name, article in session.execute(
                select(Coder.name, Assignment.article_id).join(
                    Assignment, Assignment.coder_id == Coder.id
                )
            )
        }
    assert stored == {(name, a) for name, queue in plan.queues.items() for a in queue}
    assert lead.database.path is not None
    backups = list(Path(str(lead.database.path) + ".backups").glob("*before-assign*"))
    assert len(backups) == 1
    # Nothing is left to assign: the default choice now has no article.
    again = AssignDialog(lead)
    qtbot.addWidget(again)
    assert not again.assign_button.isEnabled()
