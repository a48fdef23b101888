"""The lead's progress view: a table of each coder's totals and a chart of the work by day.

The numbers come from `team.progress.team_progress`, computed off the UI thread
(gui.tasks.Task). The chart draws each coder's running total, of articles marked done or of
segments made, over every day from the first day with work to the last, gaps included, so a
coder who stopped shows as a flat line. A history of a few days (a study's first day) has too
few points for a line: it is drawn as bars, one per coder and day, each with its number, and a
line above says so.

Done is a status, not an assignment (migration 0005), so the line above the table counts the
project's articles done (each once, however many coders marked it) apart from the lead's
assignments done, and says "no assignments" when there are none; a coder with nothing assigned
shows a dash, not 0, under To do and % done.

The assignment dialog (and numpy, which its random split uses) is imported when the lead opens
it, not with this window or the coding window.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QPaintEvent, QPen, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coding.selection import consensus_coder_name
from coding.workspace import Workspace
from gui.plurals import counted
from gui.tasks import Task
from models.database import ProjectError
from models.progress import Progress
from team.progress import CoderProgress, TeamProgress, team_progress

if TYPE_CHECKING:
    from gui.assign_dialog import AssignDialog

# Distinct, colour-blind-friendly line colours (Okabe-Ito), one per coder in table order.
PALETTE = (
    QColor(0, 114, 178),
    QColor(213, 94, 0),
    QColor(0, 158, 115),
    QColor(204, 121, 167),
    QColor(230, 159, 0),
    QColor(86, 180, 233),
    QColor(120, 120, 120),
    QColor(240, 228, 66),
)
_Index = QModelIndex | QPersistentModelIndex


def coder_color(row: int) -> QColor:
    """The colour of the coder in this table row, in the table and in the chart."""
    return PALETTE[row % len(PALETTE)]


class ProgressTableModel(QAbstractTableModel):
    """One row per coder: assigned, done, to do, share done, segments, values, last active."""

    COLUMNS = ("name", "assigned", "done", "todo", "share", "segments", "values", "last")

    def __init__(self) -> None:
        super().__init__()
        self.coders: list[CoderProgress] = []
        self.consensus_name: str | None = None  # the reserved coder of the lead's consensus

    def set_coders(self, coders: list[CoderProgress]) -> None:
        """Show these coders."""
        self.beginResetModel()
        self.coders = list(coders)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """One row per coder."""
        return 0 if parent.isValid() else len(self.coders)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """The fixed columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            "name": self.tr("Coder"),
            "assigned": self.tr("Assigned"),
            "done": self.tr("Done"),
            "todo": self.tr("To do"),
            "share": self.tr("% done"),
            "segments": self.tr("Segments"),
            "values": self.tr("Values"),
            "last": self.tr("Last saved (UTC)"),
        }
        return titles[self.COLUMNS[section]]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A coder's figure."""
        if not index.isValid():
            return None
        coder = self.coders[index.row()]
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DecorationRole and key == "name":
            return coder_color(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and key != "name":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(coder, key)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if key == "name":
            if coder.name == self.consensus_name:
                return self.tr("Consensus (the lead's decisions)")
            return coder.name + (self.tr(" (lead)") if coder.is_lead else "")
        if key in ("todo", "share") and not coder.assigned:
            # Nothing assigned: nothing is left to do or done of a queue; a dash, not a 0.
            return "–"
        if key == "share":
            return "" if coder.share_done is None else f"{coder.share_done:.0%}"
        if key == "last":
            return coder.last_active.strftime("%Y-%m-%d %H:%M") if coder.last_active else ""
        return str(getattr(coder, key))

    def _tooltip(self, coder: CoderProgress, key: str) -> str | None:
        if key == "done":
            unassigned = coder.done - coder.done_assigned
            return (
                self.tr("%1 articles marked done: %2 assigned by the lead, %3 on their own")
                .replace("%1", str(coder.done))
                .replace("%2", str(coder.done_assigned))
                .replace("%3", str(unassigned))
            )
        if key in ("todo", "share", "assigned") and not coder.assigned:
            return self.tr("Nothing assigned to this coder: done is a status, not an assignment.")
        return None


class ProgressChart(QWidget):
    """Each coder's running total per day, as lines with a dot on days with work, or as bars
    when there are only a few days (`FEW_DAYS`).
    """

    LEFT = 56
    RIGHT = 24
    TOP = 20
    TOP_WITH_CAPTION = 44  # the bars' caption and the numbers above the tallest bar
    BOTTOM = 40
    FEW_DAYS = 3  # up to this many days, bars: a line through one to three points says little
    BAR_WIDTH = 40  # a bar's greatest width, in pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = TeamProgress([])
        self.what = "articles_done"
        self.consensus_name: str | None = None  # shown as "Consensus", not as a person
        self.setMinimumHeight(220)

    def show_progress(self, progress: TeamProgress, what: str) -> None:
        """Draw `what` ("articles_done" or "segments_made") of this progress."""
        self.progress = progress
        self.what = what
        self.update()

    def sizeHint(self) -> QSize:
        """A comfortable chart."""
        return QSize(720, 300)

    def series(self) -> list[tuple[QColor, str, list[int]]]:
        """(colour, coder name, running totals over the day range) for each coder."""
        return [
            (
                coder_color(row),
                self.tr("Consensus") if coder.name == self.consensus_name else coder.name,
                self.progress.cumulative(coder.coder_id, self.what),
            )
            for row, coder in enumerate(self.progress.coders)
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the axes, the lines and the legend."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        days = self.progress.day_range()
        if not days:
            painter.setPen(self.palette().text().color())
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("No article is done and no segment made yet."),
            )
            painter.end()
            return
        series = self.series()
        top_value = max([1, *(s[-1] for _c, _n, s in series if s)])
        bars = len(days) <= self.FEW_DAYS
        top = self.TOP_WITH_CAPTION if bars else self.TOP
        width = max(self.width() - self.LEFT - self.RIGHT, 50)
        height = max(self.height() - top - self.BOTTOM, 50)
        bottom = top + height

        def y(value: float) -> float:
            return bottom - value / top_value * height

        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() - 1, 6))
        painter.setFont(small)
        grid = QColor(0, 0, 0, 30)
        text = self.palette().text().color()
        for tick in _ticks(top_value):
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(self.LEFT, y(tick)), QPointF(self.LEFT + width, y(tick)))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y(tick) - 8, self.LEFT - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(tick),
            )
        if bars:
            self._paint_bars(painter, days, series, y, width, bottom)
        else:
            self._paint_lines(painter, days, series, y, width, bottom)
        # Legend along the bottom edge.
        painter.setFont(self.font())
        metrics = painter.fontMetrics()
        left = float(self.LEFT)
        for color, name, values in series:
            label = f"{name} {values[-1] if values else 0}"
            painter.fillRect(QRectF(left, self.height() - 15, 12, 8), color)
            painter.setPen(text)
            painter.drawText(QPointF(left + 16, self.height() - 7), label)
            left += 16 + metrics.horizontalAdvance(label) + 18
        painter.end()

    def bar_caption(self, days: int) -> str:
        """The line above the bars: why bars, and what each one is."""
        return counted(
            self.tr(
                "Work on %n day(s) so far: each bar is a coder's total at the end of the day",
                "",
                days,
            ),
            days,
        )

    def _paint_bars(
        self,
        painter: QPainter,
        days: list[dt.date],
        series: list[tuple[QColor, str, list[int]]],
        y: Callable[[float], float],
        width: int,
        bottom: float,
    ) -> None:
        """One group of bars per day, a bar per coder with its number above it."""
        text = self.palette().text().color()
        painter.setPen(text)
        painter.drawText(
            QRectF(self.LEFT, 2, width, self.TOP_WITH_CAPTION - 22),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.bar_caption(len(days)),
        )
        group = width / len(days)
        bar = min(self.BAR_WIDTH, group * 0.8 / max(len(series), 1))
        for i, day in enumerate(days):
            left = self.LEFT + i * group + (group - bar * len(series)) / 2
            for c, (color, _name, values) in enumerate(series):
                value = values[i] if i < len(values) else 0
                x = left + c * bar
                painter.fillRect(QRectF(x + 1, y(value), bar - 2, bottom - y(value)), color)
                painter.setPen(text)
                painter.drawText(
                    QRectF(x - 8, y(value) - 18, bar + 16, 16),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    str(value),
                )
            painter.setPen(text)
            painter.drawText(
                QRectF(self.LEFT + i * group, bottom + 4, group, 16),
                Qt.AlignmentFlag.AlignCenter,
                day.isoformat(),  # a few days: the whole date has room
            )

    def _paint_lines(
        self,
        painter: QPainter,
        days: list[dt.date],
        series: list[tuple[QColor, str, list[int]]],
        y: Callable[[float], float],
        width: int,
        bottom: float,
    ) -> None:
        """A line per coder over the days, a dot where the total grew."""

        def x(i: int) -> float:
            return self.LEFT + (i / max(len(days) - 1, 1)) * width

        text = self.palette().text().color()
        for i in _day_ticks(len(days)):
            painter.setPen(text)
            painter.drawText(
                QRectF(x(i) - 40, bottom + 4, 80, 16),
                Qt.AlignmentFlag.AlignCenter,
                _day_label(days[i], days),
            )
        for color, _name, values in series:
            painter.setPen(QPen(color, 2))
            points = [QPointF(x(i), y(v)) for i, v in enumerate(values)]
            for a, b in itertools.pairwise(points):
                painter.drawLine(a, b)
            painter.setBrush(color)
            for i, point in enumerate(points):
                if i == 0 or values[i] != values[i - 1]:
                    painter.drawEllipse(point, 2.5, 2.5)


def _ticks(top: int) -> list[int]:
    """About five round values from 0 to `top` for the vertical axis."""
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        step = candidate
        if top / candidate <= 5:
            break
    else:
        step = max(1, top // 5)
    return list(range(0, top + 1, step))


def _day_ticks(count: int) -> list[int]:
    """At most seven evenly spread day indexes, the first and the last included."""
    if count <= 7:
        return list(range(count))
    step = (count - 1) / 6
    return sorted({round(i * step) for i in range(7)})


def _day_label(day: dt.date, days: list[dt.date]) -> str:
    # Month and day suffice within a year; the year shows when the study spans two.
    return day.isoformat() if days[0].year != days[-1].year else day.strftime("%m-%d")


class ProgressWindow(QMainWindow):
    """The team's progress: the table, the chart, and who is connected to a shared project."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.progress = TeamProgress([])
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Team progress"))
        # Escape closes it, as it closes the Agreement window and a dialog.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Chart:"), central))
        self.what_combo = QComboBox(central)
        self.what_combo.addItem(self.tr("Articles done, running total"), "articles_done")
        self.what_combo.addItem(self.tr("Segments made, running total"), "segments_made")
        self.what_combo.currentIndexChanged.connect(lambda _i: self._draw())
        controls.addWidget(self.what_combo)
        self.refresh_button = QPushButton(self.tr("Refresh"), central)
        self.refresh_button.clicked.connect(self.refresh)
        controls.addWidget(self.refresh_button)
        self.summary = QLabel(central)
        controls.addWidget(self.summary, 1)
        self.assign_button = QPushButton(self.tr("Assign articles…"), central)
        self.assign_button.clicked.connect(self.open_assign)
        self.assign_button.setVisible(workspace.coder.is_lead)
        controls.addWidget(self.assign_button)
        layout.addLayout(controls)
        self.model = ProgressTableModel()
        self.model.consensus_name = consensus_coder_name(workspace.database)
        self.table = QTableView(central)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.chart = ProgressChart(central)
        self.chart.consensus_name = self.model.consensus_name
        splitter = QSplitter(Qt.Orientation.Vertical, central)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setSizes([200, 320])
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.resize(900, 640)

    def open_assign(self) -> AssignDialog:
        """Let the lead plan and store a split of the articles; refresh when it is stored."""
        from gui.assign_dialog import AssignDialog

        self.assign_dialog = AssignDialog(self.workspace, self)
        self.assign_dialog.accepted.connect(self.refresh)
        self.assign_dialog.open()
        return self.assign_dialog

    def refresh(self) -> Task:
        """Compute the numbers again, off the UI thread."""
        database = self.workspace.database
        coder = self.workspace.coder
        # A coder in blind mode sees only their own numbers; the lead sees the team.
        only = coder.id if self.workspace.blind and not coder.is_lead else None

        def work(progress: Progress) -> TeamProgress:
            progress.check()
            return team_progress(database, only_coder=only)

        self.task = Task(self, self.tr("Team progress"), work, (ProjectError,))
        self.task.done.connect(self.show_progress)
        self.task.start()
        return self.task

    def show_progress(self, progress: TeamProgress) -> None:
        """Show computed numbers."""
        self.progress = progress
        self.model.set_coders(progress.coders)
        self.summary.setText(self.summary_text(progress))
        self.summary.setToolTip(
            self.tr(
                "Done is a status, not an assignment: a coder may mark done an article nobody "
                "assigned. Articles done counts each article once, however many coders marked it."
            )
        )
        self._draw()

    def summary_text(self, progress: TeamProgress) -> str:
        """The line above the table: articles done (each once) and, only when the lead has
        assigned any, the assignments done; never done marks counted against assignments.
        """
        total = progress.articles_total
        articles = counted(self.tr("%1 of %n article(s) done", "", total), total).replace(
            "%1", str(progress.articles_done)
        )
        if progress.assignments:
            assignments = progress.assignments
            queue = counted(
                self.tr("%1 of %n assignment(s) done", "", assignments), assignments
            ).replace("%1", str(progress.assignments_done))
        else:
            queue = self.tr("no assignments")
        segments = sum(c.segments for c in progress.coders)
        line = counted(self.tr("%1; %2; %n segment(s)", "", segments), segments)
        return line.replace("%1", articles).replace("%2", queue)

    def _draw(self) -> None:
        self.chart.show_progress(self.progress, str(self.what_combo.currentData()))
