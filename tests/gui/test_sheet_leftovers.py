"""Issue 15's leftovers, what newcomers still saw in the coding window on a real display.

In real windows over the demo project at 1280x720 and 1600x1000, in English and in Chinese:

1. a refused coding-sheet value keeps its text and reason (worded again) through a switch of
   the interface's language;
2. the reason under a field wraps whole in a narrow column, the line under a number or date
   field is kept for it, and correcting the value does not pull the fields below up;
3. a list of values shows its whole current value without being opened;
4. Team progress draws a history of one to three days as bars with their numbers;
5. the article list's title, outlet, date, status and segments all fit its width.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

import gui.app
from coding.coders import ensure_coder
from coding.workspace import Workspace
from gui.article_list_model import OUTLET, TITLE, fit_article_columns
from gui.coding_sheet import WRAPPED, ChoiceBox, KeptValue, Refusal
from gui.main_window import MainWindow, WindowPlace
from gui.progress_window import ProgressChart, ProgressWindow, coder_color
from models.entities import Segment

SIZES = [(1280, 720), (1600, 1000)]
LANGUAGES = ["en", "zh_CN"]
BAD_DATE = "2025年13月45日"
OpenWindow = Callable[..., MainWindow]  # (width, height, language) -> the window


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[None]:
    """The application's own font (gui.app.application sets it) and English afterwards."""
    before = QFont(qapp.font())
    qapp.setFont(gui.app.cjk_font(10))
    yield
    qapp.setFont(before)
    gui.app.install_language("en")


@pytest.fixture
def open_window(
    qtbot: QtBot, demo_file: Path, tmp_path: Path, app_font: None
) -> Iterator[OpenWindow]:
    """Opens the demo's window at a size in a language, on its own copy of the project."""
    opened: list[tuple[MainWindow, Workspace]] = []

    def make(width: int, height: int, language: str) -> MainWindow:
        copy = tmp_path / f"demo-{len(opened)}.articoder"
        copy.write_bytes(demo_file.read_bytes())
        workspace = Workspace.open(copy, "测试编码员")
        gui.app.install_language(language)
        window = MainWindow(workspace, english=language == "en")
        qtbot.addWidget(window)
        opened.append((window, workspace))
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        _settle(window)
        return window

    yield make
    for window, workspace in opened:
        window.close()
        workspace.close()


def _settle(window: MainWindow) -> None:
    """Wait until the panels have their sizes (the sheet's width is set once it is laid out)."""
    deadline = time.monotonic() + 3
    last, same = None, 0
    while time.monotonic() < deadline and same < 10:
        QApplication.processEvents()
        time.sleep(0.01)
        now = (window.sheet.size(), window.article_table.viewport().size())
        same = same + 1 if now == last else 0
        last = now


def _variable(window: MainWindow, name: str) -> int:
    return next(v.id for v in window.sheet.variables if v.name == name)


def _leave_typed(window: MainWindow, variable_id: int, text: str) -> QLineEdit:
    """Type `text` into a field and leave it, as a coder tabbing on does."""
    line = window.sheet.editors[variable_id]
    assert isinstance(line, QLineEdit)
    line.setText(text)
    line.setModified(True)
    line.editingFinished.emit()
    QApplication.processEvents()
    return line


def _y(widget: QWidget, window: MainWindow) -> int:
    return widget.mapTo(window.sheet, widget.rect().topLeft()).y()


def _event_date(window: MainWindow) -> int:
    return next(v.id for v in window.sheet.variables if v.level == "date")


# 1. Through a language switch -----------------------------------------------------------------


def test_a_refused_value_and_its_reason_pass_to_the_sheet_in_the_other_language(
    open_window: OpenWindow,
) -> None:
    english = open_window(1280, 720, "en")
    article = english.article_id
    assert article is not None
    date_id = _event_date(english)
    _leave_typed(english, date_id, BAD_DATE)
    reason = english.sheet.errors[date_id].text()
    assert reason == (
        f"Event date: “{BAD_DATE}” is not a date. Write it as 2025-01-16, 2025/1/16 or "
        "2025年1月16日. Not saved."
    )
    kept = english.sheet.kept_values()
    assert kept == (
        KeptValue(article, date_id, BAD_DATE, reason, Refusal("not_date", BAD_DATE, None)),
    )

    chinese = open_window(1280, 720, "zh_CN")
    chinese.sheet.keep_values(kept)
    chinese.open_article(article)
    date = chinese.sheet.editors[date_id]
    assert isinstance(date, QLineEdit) and date.text() == BAD_DATE
    error = chinese.sheet.errors[date_id]
    assert error.isVisible()
    assert error.text() == (
        f"事件日期：“{BAD_DATE}”不是有效日期。请写成 2025-01-16、2025/1/16 或 2025年1月16日。未保存。"
    )
    assert chinese.workspace.values(article).get(date_id) is None  # still not stored
    # A project's own refusal has no reason as data: its words are kept as they were.
    project_said = KeptValue(article, date_id, "x", "The server refused it. Not saved.")
    chinese.sheet.keep_values([project_said])
    assert error.text() == "The server refused it. Not saved." and date.text() == "x"


@pytest.mark.skipif(
    "sheet_kept" not in {f.name for f in dataclasses.fields(WindowPlace)},
    reason="needs WindowPlace.sheet_kept in gui/main_window.py (the sheet's kept values)",
)
def test_switching_the_language_keeps_the_refused_value(
    qtbot: QtBot, demo_file: Path, tmp_path: Path, app_font: None
) -> None:
    QSettings().clear()
    copy = tmp_path / "switch.articoder"
    copy.write_bytes(demo_file.read_bytes())
    workspace = Workspace.open(copy, "测试编码员")
    try:
        window = gui.app.open_window(workspace, "en")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.article_id is not None)
        date_id = _event_date(window)
        _leave_typed(window, date_id, BAD_DATE)
        window.language_requested.emit("zh_CN")
        new = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w is not window and w.isVisible()
        )
        qtbot.addWidget(new)
        date = new.sheet.editors[date_id]
        assert isinstance(date, QLineEdit) and date.text() == BAD_DATE
        assert new.sheet.errors[date_id].isVisible()
        assert "不是有效日期" in new.sheet.errors[date_id].text()
        new.close()
    finally:
        workspace.close()


# 2. The reason under a field ------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_the_reason_wraps_whole_and_a_correction_moves_nothing(
    open_window: OpenWindow, size: tuple[int, int], language: str
) -> None:
    window = open_window(*size, language)
    sheet = window.sheet
    date_id = _event_date(window)
    tiers_id = _variable(window, "org_tiers")
    notes_below = sheet.editors[sheet.variables[-1].id]  # the last field, below both
    # A number field says what it takes in the line its reason will use.
    tiers_note = sheet.notes[tiers_id]
    assert tiers_note.isVisible() and tiers_note.hint.text()
    assert "8" in tiers_note.hint.text()
    before = _y(notes_below, window)

    _leave_typed(window, date_id, BAD_DATE)
    error = sheet.errors[date_id]
    assert error.isVisible()
    # Whole: as tall as its wrapped text needs at its width, and inside the sheet.
    assert error.height() >= error.heightForWidth(error.width()) > error.fontMetrics().height()
    assert error.geometry().right() <= sheet.width()
    assert error.mapTo(sheet, error.rect().bottomRight()).y() < _y(notes_below, window)
    after_refusal = _y(notes_below, window)
    # The date's hint line is taken by the reason: the fields below move by its extra lines.
    moved = after_refusal - before
    assert moved <= error.height() - sheet.notes[date_id].hint.height() + 2

    # Corrected: the reason goes, the hint is back, and nothing below moves up.
    _leave_typed(window, date_id, "2025年1月16日")
    assert not error.isVisible() and sheet.notes[date_id].hint.isVisible()
    assert _y(notes_below, window) == after_refusal
    # Refused again: no move either.
    _leave_typed(window, date_id, BAD_DATE)
    assert error.isVisible() and _y(notes_below, window) == after_refusal
    # Another article: the sheet is as tall as what it shows again.
    _leave_typed(window, date_id, "")
    first = window.article_id
    window.open_article(next(r.id for r in window.workspace.article_rows() if r.id != first))
    QApplication.processEvents()
    assert _y(notes_below, window) == before


# 3. A list of values shows its whole value ----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_a_chosen_value_reads_whole_without_opening_the_list(
    open_window: OpenWindow, size: tuple[int, int], language: str
) -> None:
    window = open_window(*size, language)
    sheet = window.sheet
    lines = [e for e in sheet.editors.values() if isinstance(e, QLineEdit)]
    combos = [e for e in sheet.editors.values() if isinstance(e, ChoiceBox)]
    assert combos and lines
    wrapped = 0
    for combo in combos:
        longest = max(range(1, combo.count()), key=lambda i: len(combo.itemText(i)))
        combo.setCurrentIndex(longest)
    QApplication.processEvents()
    for combo in combos:
        text = combo.currentText()
        room = combo.text_room()
        needed = combo.fontMetrics().boundingRect(QRect(room), WRAPPED, text)
        assert needed.height() <= room.height(), text  # every line of it inside the box
        assert needed.width() <= room.width(), text
        assert combo.toolTip().splitlines()[0] == text
        # As wide as the column lets a field be: its right edge is the line fields' edge.
        assert combo.geometry().right() == lines[0].geometry().right()
        wrapped += combo.height() > combo.wrapped_height(10_000)
    if language == "en":
        assert wrapped, "the English values are long enough to take a second line"


# 4. A few days of team work -------------------------------------------------------------------


def _one_day_of_work(path: Path) -> Workspace:
    lead = Workspace.open(path, "组长")
    leaf = next(c.id for c in lead.codes() if not c.retired and len(c.path) > 1)
    for k, name in enumerate(("组长", "王芳", "李明")):
        coder = Workspace(lead.database, ensure_coder(lead.database, name))
        for row in coder.article_rows()[: 2 + 2 * k]:
            coder.code_span(row.id, 0, 4, leaf)
            coder.set_done(row.id, True)
    return lead


def _progress_window(qtbot: QtBot, lead: Workspace) -> ProgressWindow:
    window = ProgressWindow(lead)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.refresh().done, timeout=20000):
        pass
    return window


def _bar_columns(image: QImage, color: QColor) -> int:
    """How many pixel columns of the image hold 30 or more pixels of this colour in a row:
    a bar's width; a line, a dot or a legend swatch has none.
    """
    rgb = color.rgb()
    columns = 0
    for x in range(image.width()):
        run = longest = 0
        for y in range(image.height()):
            run = run + 1 if image.pixel(x, y) == rgb else 0
            longest = max(longest, run)
        columns += longest >= 30
    return columns


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_day_of_work_shows_bars_with_their_numbers(
    qtbot: QtBot, demo_file: Path, tmp_path: Path, app_font: None, language: str
) -> None:
    copy = tmp_path / "team.articoder"
    copy.write_bytes(demo_file.read_bytes())
    lead = _one_day_of_work(copy)
    try:
        gui.app.install_language(language)
        window = _progress_window(qtbot, lead)
        chart = window.chart
        assert len(window.progress.day_range()) == 1
        assert sorted(values for _c, _n, values in chart.series()) == [[2], [4], [6]]
        image = chart.grab().toImage()
        for row in range(len(chart.series())):
            assert _bar_columns(image, coder_color(row)) >= 8  # a bar, not a dot
        caption = chart.bar_caption(1)
        if language == "en":
            assert caption == (
                "Work on 1 day so far: each bar is a coder's total at the end of the day"
            )
        # Four days or more: lines again, a dot where the total grew.
        with lead.database.session() as session:
            for n, segment_id in enumerate(session.scalars(select(Segment.id)).all()):
                day = (n % 4) + 1
                session.execute(
                    update(Segment)
                    .where(Segment.id == segment_id)
                    .values(created_at=window.progress.day_range()[0].replace(day=day))
                )
        window.what_combo.setCurrentIndex(window.what_combo.findData("segments_made"))
        with qtbot.waitSignal(window.refresh().done, timeout=20000):
            pass
        assert len(window.progress.day_range()) > ProgressChart.FEW_DAYS
        image = chart.grab().toImage()
        assert not any(_bar_columns(image, coder_color(row)) for row in range(3))
        window.close()
    finally:
        lead.close()


# 5. The article list's columns ----------------------------------------------------------------


def test_columns_share_the_width_when_it_is_short() -> None:
    wanted = [300, 120, 80, 55, 36]  # title, outlet, date, status, segments
    least = [73, 60, 80, 55, 36]
    # A narrow list: the title keeps half, the outlet the rest; the date, which would not
    # fit whole, is left out (0) rather than cut.
    assert fit_article_columns(310, wanted, least) == [155, 64, 0, 55, 36]
    # Wider: the date fits whole, the outlet gives way down to its least.
    widths = fit_article_columns(500, wanted, least)
    assert widths[2:] == wanted[2:] and widths[TITLE] == 250 and sum(widths) <= 500
    # Room for everything: all whole but the outlet's share, the title the rest.
    roomy = fit_article_columns(600, wanted, least)
    assert roomy[OUTLET] == 120 and sum(roomy) == 600
    # Too little room for even the least: nothing cut below it (the list scrolls).
    assert fit_article_columns(200, wanted, least)[:3] == [100, 60, 0]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_title_status_segments_and_outlet_are_read_in_the_list(
    open_window: OpenWindow, size: tuple[int, int], language: str
) -> None:
    window = open_window(*size, language)
    table = window.article_table
    header = table.horizontalHeader()
    model = window.article_model
    metrics = table.fontMetrics()
    room = table.viewport().width()
    for column in (TITLE, 3, 4, OUTLET):  # title, status, segments, outlet: in view
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= room, model.COLUMNS[column]
    for column in (2, 3, 4):  # date, status, segments: whole (the date or hidden)
        if column == 2 and table.isColumnHidden(column):
            continue
        texts = [str(model.index(r, column).data()) for r in range(model.rowCount())]
        assert header.sectionSize(column) >= max(metrics.horizontalAdvance(t) for t in texts)
        assert header.sectionSize(column) >= header.sectionSizeHint(column)
    assert header.sectionSize(TITLE) >= room // 2
    assert header.sectionSize(OUTLET) >= metrics.horizontalAdvance("中" * 3 + "…")
    first = model.article_at(0)
    assert model.index(0, OUTLET).data(Qt.ItemDataRole.ToolTipRole) == first.outlet
    tip = model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(first.title) and first.outlet in tip
    assert first.published is not None and first.published.isoformat() in tip
