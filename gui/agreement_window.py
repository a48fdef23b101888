"""The agreement window: the report as a table and a chart, and the disagreement browser.

The report is the command line's (agreement.report.agreement_report, same defaults), shown as a
table led by Krippendorff's alpha, the pairwise table of every pair of coders, the
prevalence of each code, and a chart; it exports as xlsx or JSON, the files `articoder
agreement --xlsx/--json` writes. Alpha's interval is our bootstrap (clustered by article where
units nest in articles) or, chosen beside Compute, KALPHA's (`--bootstrap kalpha`). Article
variables are listed by their label in the interface's language, as the coding sheet shows
them, with the codebook name in the tooltip; a date's two rows say what each compares (the same
day, days apart). One rule colours the table, stated in the legend under it: alpha, its
interval and the verdict are shaded together by the number the verdict is drawn on (the
interval's lower bound when it is sound, else alpha itself; agreement.report.judged_value), and
the verdict names that number, so a cell's colour never tells a different story from the verdict.
No other coefficient is held to the bars. In blind mode the window is the lead's alone
(:meth:`AgreementWindow.refusal`, :meth:`AgreementWindow.open_for`): it shows every coder's work.

The report is computed off the UI thread (gui.tasks.Task, with progress and Cancel). Choosing a
code row of the article-unit report lists the articles where the coders' segments of that code
differ; choosing an article shows each coder's version side by side, each scrolled to the first
place where the versions differ, and the lead accepts one of them as the consensus
(coding.consensus.AcceptVersion, one undoable step in the journal).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QShortcut,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from agreement import report, statistics
from agreement.reliability import AgreementError
from agreement.report import (
    BARS,
    DAYS_APART,
    DEFAULT_BOOTSTRAP,
    NOT_USED,
    SAME_DAY,
    VERDICT_BELOW,
    VERDICT_FIRM,
    VERDICT_TENTATIVE,
    VERDICT_UNDEFINED,
    ReportRow,
    agreement_report,
    definition_items,
    judged_value,
    report_as_json,
    write_report_xlsx,
)
from coding.coders import CoderInfo, ensure_coder, list_coders
from coding.consensus import AcceptVersion
from coding.segments import AddSegments, CodingError, RemoveSegments
from coding.selection import consensus_coder_name
from coding.workspace import Workspace
from gui.file_dialogs import save_file_name
from gui.offsets import OffsetMap
from gui.plurals import counted
from gui.tasks import Task
from models.entities import Segment, Variable, VariableValue
from models.journal import Changes, Operation
from models.progress import Progress
from models.safe_write import write_text_whole

LOW = QColor(255, 205, 205)  # below .667: red-ish
MIDDLE = QColor(255, 228, 170)  # below .800: amber
# Krippendorff's bars are alpha's: alpha, its interval and the verdict are shaded, together, by
# the number the verdict is drawn on; no other coefficient is.
_JUDGED = ("krippendorff_alpha", "alpha_interval", "verdict")
# Reasons that say a coefficient was not computed for this unit, not that the data leave it
# undefined: the cell says "not computed" and the note under the table says why.
_NOT_COMPUTED = (report.CONTINUUM_ONLY, report.NO_UNITIZING_INTERVAL, report.OVERALL_ONLY)
_Index = QModelIndex | QPersistentModelIndex


def _figure(value: float) -> str:
    return f"{value:.3f}"


def _bar_color(value: float | None) -> QColor | None:
    if value is None:
        return None
    if value < BARS[0]:
        return LOW
    if value < BARS[1]:
        return MIDDLE
    return None


# agreement.reliability words this one inline (ReliabilityTable.skipped of a text variable).
TEXT_VARIABLE_SKIPPED = "a text variable has no level of measurement to compare values on"


def reason_text(reason: str) -> str:
    """Why a coefficient is undefined, or a row's flag, in the interface's language.

    agreement/ words its reasons in English (the CLI and the JSON report print them); the
    window shows the translation of each it knows, and any other as it is.
    """
    names = {
        statistics.NO_UNITS: QCoreApplication.translate("AgreementWindow", "there are no units"),
        statistics.FEWER_THAN_TWO_CODERS: QCoreApplication.translate(
            "AgreementWindow", "fewer than two coders"
        ),
        statistics.NO_UNIT_CODED_BY_BOTH: QCoreApplication.translate(
            "AgreementWindow", "no unit was coded by both coders"
        ),
        statistics.NO_UNIT_CODED_TWICE: QCoreApplication.translate(
            "AgreementWindow", "no unit was coded by two or more coders"
        ),
        statistics.FEWER_THAN_TWO_PAIRABLE: QCoreApplication.translate(
            "AgreementWindow", "fewer than two pairable values"
        ),
        statistics.ONE_CATEGORY: QCoreApplication.translate(
            "AgreementWindow", "only one category occurs, so expected agreement is 1"
        ),
        statistics.ONE_VALUE: QCoreApplication.translate(
            "AgreementWindow", "only one value occurs, so expected disagreement is 0"
        ),
        statistics.FEWER_THAN_TWO_CATEGORIES: QCoreApplication.translate(
            "AgreementWindow", "fewer than two categories"
        ),
        statistics.NO_SEGMENTS: QCoreApplication.translate(
            "AgreementWindow", "no coder marked a segment of this code"
        ),
        statistics.ZERO_EXPECTED_DISAGREEMENT: QCoreApplication.translate(
            "AgreementWindow", "expected disagreement is 0"
        ),
        report.NOT_USED: QCoreApplication.translate("AgreementWindow", "not used by any coder"),
        report.OVERALL_ONLY: QCoreApplication.translate(
            "AgreementWindow", "the overall row summarises the codes' alphas (see summary)"
        ),
        report.TWO_CODERS_ONLY: QCoreApplication.translate(
            "AgreementWindow", "defined for two coders; with more, see the pairwise table"
        ),
        report.CONTINUUM_ONLY: QCoreApplication.translate(
            "AgreementWindow",
            "not computed on the continuum: it has no units, only unitizing alpha applies",
        ),
        report.NO_UNITIZING_INTERVAL: QCoreApplication.translate(
            "AgreementWindow",
            "no bootstrap is drawn for unitizing alpha, so the continuum has no interval and its "
            "verdict is on alpha itself; for an interval, use the character unit, which "
            "resamples whole articles",
        ),
        report.NO_DEFINED_DRAW: QCoreApplication.translate(
            "AgreementWindow", "no bootstrap resample gave a defined alpha"
        ),
        report.NO_CONTINUUM: QCoreApplication.translate(
            "AgreementWindow",
            "no article was coded by every chosen coder, so there is no continuum",
        ),
        report.EMPTY_CONTINUUM: QCoreApplication.translate(
            "AgreementWindow", "the articles laid end to end have no text"
        ),
        TEXT_VARIABLE_SKIPPED: QCoreApplication.translate(
            "AgreementWindow", "a text variable has no level of measurement to compare values on"
        ),
        "below .667": QCoreApplication.translate("AgreementWindow", "below .667"),
        "below .800": QCoreApplication.translate("AgreementWindow", "below .800"),
    }
    return names.get(reason, reason)


def unit_name(unit: str) -> str:
    """A report row's unit (agreement.report's English key) in the interface's language."""
    names = {
        "article": QCoreApplication.translate("AgreementWindow", "Article"),
        "paragraph": QCoreApplication.translate("AgreementWindow", "Paragraph"),
        "sentence": QCoreApplication.translate("AgreementWindow", "Sentence"),
        "character": QCoreApplication.translate("AgreementWindow", "Character"),
        "continuum": QCoreApplication.translate("AgreementWindow", "Continuum (unitizing)"),
    }
    return names.get(unit, unit)


def level_name(level: str) -> str:
    """A measurement level (nominal, ordinal, interval, ratio) in the interface's language."""
    names = {
        "nominal": QCoreApplication.translate("AgreementWindow", "nominal"),
        "ordinal": QCoreApplication.translate("AgreementWindow", "ordinal"),
        "interval": QCoreApplication.translate("AgreementWindow", "interval"),
        "ratio": QCoreApplication.translate("AgreementWindow", "ratio"),
        "text": QCoreApplication.translate("AgreementWindow", "text"),
    }
    return names.get(level, level)


def compared_name(compared_as: str) -> str:
    """What a date variable's row compares (agreement.report.SAME_DAY or DAYS_APART), in the
    interface's language; "" for any other row.
    """
    names = {
        SAME_DAY: QCoreApplication.translate("AgreementWindow", "same day"),
        DAYS_APART: QCoreApplication.translate("AgreementWindow", "days apart"),
    }
    return names.get(compared_as, compared_as)


def row_name(row: ReportRow, labels: dict[str, str]) -> str:
    """A row's name as the window shows it: a variable by its label (``labels``, by GUID), a
    date's two rows with what each compares, so that they do not read as one row twice.
    """
    if row.kind != "variable":
        return row.name
    name = labels.get(row.guid) or row.name
    if row.compared_as:
        name = (
            QCoreApplication.translate("AgreementWindow", "%1 (%2)")
            .replace("%1", name)
            .replace("%2", compared_name(row.compared_as))
        )
    return name


def variable_label(name: str, label: str | None, label_en: str | None, english: bool) -> str:
    """What the coding sheet calls a variable: its English label in the English interface when
    it has one, else its label, else its codebook name.
    """
    return (label_en if english and label_en else label) or name


class ReportModel(QAbstractTableModel):
    """The report rows as a table; undefined values say so, with the reason as tooltip.

    Variables show their label (``labels``, by GUID; the codebook name when there is none),
    with the codebook name as the tooltip.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ReportRow] = []
        self.labels: dict[str, str] = {}
        self.columns: list[tuple[str, str]] = [
            (self.tr("Kind"), "kind"),
            (self.tr("Name"), "name"),
            (self.tr("Unit"), "unit"),
            (self.tr("Level"), "level"),
            (self.tr("N units"), "n_units"),
            (self.tr("Units marked"), "n_marked_units"),
            (self.tr("Krippendorff's α"), "krippendorff_alpha"),
            (self.tr("α 95% interval"), "alpha_interval"),
            (self.tr("Usable draws"), "draws"),
            (self.tr("P(α < .800)"), "p_below_800"),
            (self.tr("Verdict"), "verdict"),
            (self.tr("% agreement"), "percent_agreement"),
            (self.tr("Cohen's κ"), "cohen_kappa"),
            (self.tr("Fleiss' κ"), "fleiss_kappa"),
            (self.tr("Gwet's AC1"), "gwet_ac1"),
            (self.tr("Brennan-Prediger"), "brennan_prediger"),
            (self.tr("Coders"), "coders"),
        ]

    def set_rows(self, rows: list[ReportRow], labels: dict[str, str] | None = None) -> None:
        """Show a new report; ``labels`` names variables by GUID (see `shown_name`)."""
        self.beginResetModel()
        self.rows = list(rows)
        self.labels = dict(labels or {})
        self.endResetModel()

    def shown_name(self, row: ReportRow) -> str:
        """A row's name as the window shows it (see `row_name`)."""
        return row_name(row, self.labels)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """One line per report row."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """The columns listed in `columns`."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltip, background and alignment of one cell."""
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.columns[index.column()][1]
        value = getattr(row, key)
        undefined_key = "krippendorff_alpha" if key == "alpha_interval" else key
        reason = row.undefined.get(key) or (
            row.undefined.get(undefined_key) if key == "alpha_interval" else None
        )
        sound = bool(row.bootstrap.get("sound", True))
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "name" and row.kind == "overall":
                return self.tr("all codes")
            if key == "name":
                return self.shown_name(row)
            if key == "coders":
                return ", ".join(value)
            if key == "kind":
                return {
                    "code": self.tr("code"),
                    "variable": self.tr("variable"),
                    "overall": self.tr("all codes"),
                }.get(value, value)
            if key == "unit":
                return unit_name(str(value))
            if key == "level" and isinstance(value, str):
                return level_name(value)
            if key == "draws":
                total = row.bootstrap.get("draws")
                return f"{value}/{total}" if total else ""
            if key == "verdict" and row.kind == "overall":
                return self._summary(row)
            if key == "verdict":
                return self._verdict_text(row)
            if value is None and reason in _NOT_COMPUTED:
                return self.tr("not computed")
            if value is None:
                return self.tr("undefined") if reason else ""
            if key == "alpha_interval":
                # A question mark: too few usable draws for the interval to be taken as sound.
                mark = "" if sound else " ?"
                return f"[{_figure(value[0])}, {_figure(value[1])}]{mark}"
            if isinstance(value, float):
                return _figure(value)
            return str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key, value, reason)
        if role == Qt.ItemDataRole.BackgroundRole and key in _JUDGED and value is not None:
            # One colour for the row's alpha, interval and verdict: the verdict's.
            color = _bar_color(judged_value(row))
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and value is None and reason:
            return QBrush(QColor(120, 120, 120))
        if role == Qt.ItemDataRole.TextAlignmentRole and key not in (
            "kind",
            "name",
            "coders",
            "verdict",
            "level",
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _verdicts(self) -> dict[str, str]:
        return {
            VERDICT_FIRM: self.tr("at or above .800"),
            VERDICT_TENTATIVE: self.tr("between .667 and .800 (tentative conclusions only)"),
            VERDICT_BELOW: self.tr("below .667"),
            VERDICT_UNDEFINED: self.tr("alpha undefined"),
            NOT_USED: self.tr("not used by any coder"),
        }

    def _verdict_text(self, row: ReportRow) -> str:
        """The verdict with the number it is drawn on: "below .667, on the lower bound 0.251"
        (the tentative verdict shortened to fit the column; its tooltip has it in full).
        """
        verdicts = self._verdicts()
        verdicts[VERDICT_TENTATIVE] = self.tr("between .667 and .800 (tentative)")
        verdict = verdicts.get(row.verdict, row.verdict)
        judged = judged_value(row)
        if judged is None:
            return verdict
        if row.verdict_basis == "lower bound":
            basis = self.tr("%1, on the lower bound %2")
        else:
            basis = self.tr("%1, on α itself %2")
        return basis.replace("%1", verdict).replace("%2", _figure(judged))

    def _summary(self, row: ReportRow) -> str:
        summary = row.summary
        if summary.get("alpha_mean") is None:
            return ""
        return (
            self.tr("α of %1 codes: mean %2, %3 to %4; %5 not used")
            .replace("%1", str(summary["codes_with_alpha"]))
            .replace("%2", _figure(summary["alpha_mean"]))
            .replace("%3", _figure(summary["alpha_min"]))
            .replace("%4", _figure(summary["alpha_max"]))
            .replace("%5", str(summary["codes_not_used"]))
        )

    def _interval_tooltip(self, row: ReportRow) -> str:
        """How alpha's interval was drawn: KALPHA's pairs, or our resampling of units/articles."""
        if row.bootstrap.get("method") == "kalpha":
            text = (
                self.tr("KALPHA's bootstrap: %1 draws of %2 pairs of values each")
                .replace("%1", str(row.bootstrap.get("draws", "")))
                .replace("%2", str(row.bootstrap.get("pairs") or ""))
            )
            if row.unit != "article":
                text += "\n" + self.tr(
                    "It draws a fixed number of pairs as if independent, although these units "
                    "nest in articles: its width does not follow these data."
                )
            return text
        method = str(row.bootstrap.get("method", ""))
        method = {"units": self.tr("units"), "articles": self.tr("whole articles")}.get(
            method, method
        )
        return (
            self.tr("%1 of %2 bootstrap draws usable, resampling %3")
            .replace("%1", str(row.draws))
            .replace("%2", str(row.bootstrap.get("draws", "")))
            .replace("%3", method)
        )

    def _judged_tooltip(self, row: ReportRow) -> str | None:
        """Why alpha's cells have the colour they have, in numbers."""
        judged = judged_value(row)
        if judged is None or row.krippendorff_alpha is None:
            return None
        verdict = self._verdicts().get(row.verdict, row.verdict)
        if row.verdict_basis == "lower bound" and row.alpha_interval is not None:
            text = (
                self.tr(
                    "α is %1; its 95% interval reaches down to %2. The verdict and the shading "
                    "are drawn on that lower bound: %3."
                )
                .replace("%1", _figure(row.krippendorff_alpha))
                .replace("%2", _figure(judged))
                .replace("%3", verdict)
            )
        else:
            text = (
                self.tr(
                    "α is %1. With no sound interval, the verdict and the shading are drawn on "
                    "α itself: %2."
                )
                .replace("%1", _figure(row.krippendorff_alpha))
                .replace("%2", verdict)
            )
        return text + "\n" + self.legend()

    def legend(self) -> str:
        """The shading rule, as the tooltips and the note under the table state it."""
        return self.tr(
            "Shading: red below .667, amber from .667 to .800, none at .800 or above, drawn on "
            "the lower bound of α's 95% interval (on α itself when there is no sound interval), "
            "the number the verdict names. Only α is held to these bars."
        )

    def _tooltip(self, row: ReportRow, key: str, value: Any, reason: str | None) -> str | None:
        if value is None and reason:
            return reason_text(reason)
        if key == "level" and row.compared_as == SAME_DAY:
            return self.tr("Dates at the nominal level: do the coders give the same day?")
        if key == "level" and row.compared_as == DAYS_APART:
            return self.tr("Dates at the interval level: how many days apart are the coders?")
        if key == "krippendorff_alpha":
            return self._judged_tooltip(row)
        if key == "name" and row.kind == "variable":
            return self.tr("Name in the codebook: %1").replace("%1", row.name)
        if key == "alpha_interval" and value:
            text = self._interval_tooltip(row)
            if not row.bootstrap.get("sound", True):
                text += "\n" + self.tr(
                    "Too few usable draws: the interval leans one way; read it as a rough guide."
                )
            judged = self._judged_tooltip(row)
            return text + ("\n" + judged if judged else "")
        if key == "verdict" and row.verdict_basis:
            return self._judged_tooltip(row)
        if key in ("percent_agreement", "gwet_ac1", "brennan_prediger"):
            return self.tr(
                "Not held to the .667/.800 bars: units no coder marked count as agreement "
                "and keep this high when most units are empty."
            )
        if key == "cohen_kappa" and len(row.coders) > 2:
            return self.tr("Kappa for every pair of coders: see the Pairwise tab.")
        if key in row.flags:
            return reason_text(row.flags[key])
        if key == "n_marked_units" and row.prevalence:
            return ", ".join(f"{c}: {n}" for c, n in row.prevalence.items())
        return None


class AlphaChart(QWidget):
    """Krippendorff's alpha per code or variable: a dot, its interval as a line, the two bars."""

    ROW = 24
    LEFT = 200
    RIGHT = 30
    TOP = 30
    BOTTOM = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ReportRow] = []
        self.labels: dict[str, str] = {}
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.backgroundRole().Base)

    def set_rows(self, rows: list[ReportRow], labels: dict[str, str] | None = None) -> None:
        """Show the rows with a defined alpha; variables by their label (``labels``, by GUID)."""
        self.rows = [r for r in rows if r.krippendorff_alpha is not None]
        self.labels = dict(labels or {})
        self.setMinimumHeight(self.TOP + self.BOTTOM + self.ROW * max(len(self.rows), 1))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        """Tall enough for every row."""
        return QSize(640, self.TOP + self.BOTTOM + self.ROW * max(len(self.rows), 1))

    def _range(self) -> tuple[float, float]:
        low = 0.0
        for row in self.rows:
            assert row.krippendorff_alpha is not None
            low = min(low, row.krippendorff_alpha, *(row.alpha_interval or ()))
        return max(-1.0, math.floor(round(low * 10, 6)) / 10), 1.0

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the chart."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self.rows:
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("No code or variable has a defined alpha yet: compute the report."),
            )
            painter.end()
            return
        low, high = self._range()
        width = max(self.width() - self.LEFT - self.RIGHT, 50)

        def x(value: float) -> float:
            return self.LEFT + (value - low) / (high - low) * width

        bottom = self.TOP + self.ROW * len(self.rows)
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() - 1, 6))
        # Axis and ticks.
        painter.setPen(QPen(QColor(160, 160, 160), 1))
        painter.drawLine(QPointF(x(low), bottom), QPointF(x(high), bottom))
        painter.setFont(small)
        step = 2 if high - low > 1 else 1  # tenths
        first = math.ceil(round(low * 10, 6) / step) * step
        ticks = [t / 10 for t in range(first, 11, step)]
        for tick in ticks:
            painter.drawLine(QPointF(x(tick), bottom), QPointF(x(tick), bottom + 4))
            painter.drawText(
                QRectF(x(tick) - 20, bottom + 5, 40, 16),
                Qt.AlignmentFlag.AlignCenter,
                f"{tick:.1f}",
            )
        # The bars at .667 and .800.
        for bar, color in ((BARS[0], QColor(210, 60, 60)), (BARS[1], QColor(220, 150, 20))):
            painter.setPen(QPen(color, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x(bar), self.TOP - 6), QPointF(x(bar), bottom))
            painter.drawText(
                QRectF(x(bar) - 25, 4, 50, 16), Qt.AlignmentFlag.AlignCenter, f"{bar:.3f}"[1:]
            )
        painter.setFont(self.font())
        metrics = painter.fontMetrics()
        for i, row in enumerate(self.rows):
            alpha = row.krippendorff_alpha
            assert alpha is not None
            y = self.TOP + self.ROW * i + self.ROW / 2
            if i % 2:
                painter.fillRect(
                    QRectF(0, y - self.ROW / 2, self.width(), self.ROW), QColor(0, 0, 0, 12)
                )
            painter.setPen(self.palette().text().color())
            name = metrics.elidedText(
                row_name(row, self.labels), Qt.TextElideMode.ElideMiddle, self.LEFT - 16
            )
            painter.drawText(
                QRectF(6, y - self.ROW / 2, self.LEFT - 14, self.ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            color = QColor(40, 90, 170)
            if row.alpha_interval is not None:
                lo, hi = row.alpha_interval
                painter.setPen(QPen(color, 2))
                painter.drawLine(QPointF(x(lo), y), QPointF(x(hi), y))
                for end in (lo, hi):
                    painter.drawLine(QPointF(x(end), y - 4), QPointF(x(end), y + 4))
            painter.setPen(QPen(color.darker(130), 1))
            # The dot takes the table's colour: the verdict's, drawn on the lower bound.
            painter.setBrush(_bar_color(judged_value(row)) or QColor(90, 170, 90))
            painter.drawEllipse(QPointF(x(alpha), y), 5, 5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.end()


def _cell(text: str, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _fill(table: QTableWidget, headers: list[str], lines: list[list[tuple[str, bool]]]) -> None:
    """Put ``lines`` (each cell: text, whether it is a number) under ``headers``."""
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(lines))
    for r, line in enumerate(lines):
        for c, (text, number) in enumerate(line):
            table.setItem(r, c, _cell(text, number))
    table.resizeColumnsToContents()


def _shown(value: float | None) -> str:
    return "" if value is None else _figure(value)


class AgreementWindow(QMainWindow):
    """The report, the chart and the disagreement browser of one project."""

    UNITS = ("article", "paragraph", "sentence", "character", "continuum")

    @classmethod
    def refusal(cls, workspace: Workspace) -> str | None:
        """Why this coder may not open the window, or None: in blind mode it is the lead's,
        since it shows every coder's coding side by side.
        """
        if workspace.blind and not workspace.coder.is_lead:
            return QCoreApplication.translate(
                "AgreementWindow",
                "In blind mode only the lead sees the agreement report and the other coders' "
                "coding. Ask your lead for the report.",
            )
        return None

    @classmethod
    def open_for(
        cls, workspace: Workspace, parent: QWidget | None = None, english: bool | None = None
    ) -> AgreementWindow | None:
        """Show the window, or tell a coder who may not see it why (then None)."""
        reason = cls.refusal(workspace)
        if reason is not None:
            title = QCoreApplication.translate("AgreementWindow", "Agreement")
            QMessageBox.information(parent, title, reason)
            return None
        window = cls(workspace, parent, english)
        window.show()
        return window

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, english: bool | None = None
    ) -> None:
        """``english``: the interface's language, for variable labels as the coding sheet
        shows them; by default the parent coding window's (Chinese without one).
        """
        super().__init__(parent)
        self.workspace = workspace
        self.english = bool(getattr(parent, "english", False)) if english is None else english
        # The bootstrap of the report on show, for the definitions an export writes.
        self.shown_bootstrap = DEFAULT_BOOTSTRAP
        self._computing_bootstrap = DEFAULT_BOOTSTRAP
        self.task: Task | None = None
        self.rows: list[ReportRow] = []
        self.code_id: int | None = None
        self.coders: list[CoderInfo] = []  # the chosen report row's coders
        self.article_id: int | None = None
        self.setWindowTitle(self.tr("Agreement"))
        # Escape closes it, as it does a dialog: a newcomer expects that of a window on top.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Unit:"), central))
        self.unit_combo = QComboBox(central)
        for unit in self.UNITS:
            self.unit_combo.addItem(unit_name(unit), unit)
        controls.addWidget(self.unit_combo)
        # A push button with a menu keeps room for its arrow; a tool button's arrow was drawn
        # over the end of "Coders…" (编码员…).
        self.coder_button = QPushButton(self.tr("Coders…"), central)
        self.coder_menu = QMenu(self.coder_button)
        self.coder_button.setMenu(self.coder_menu)
        controls.addWidget(self.coder_button)
        self.human_only = QCheckBox(self.tr("Without machine-accepted articles"), central)
        self.human_only.setToolTip(
            self.tr("Leave out every article where a coder accepted a machine suggestion")
        )
        controls.addWidget(self.human_only)
        controls.addWidget(QLabel(self.tr("α interval:"), central))
        self.bootstrap_combo = QComboBox(central)
        self.bootstrap_combo.addItem(self.tr("Clustered bootstrap"), "clustered")
        self.bootstrap_combo.addItem(self.tr("KALPHA (Hayes & Krippendorff)"), "kalpha")
        self.bootstrap_combo.setToolTip(
            self.tr(
                "How alpha's interval is drawn. Clustered (recommended): resamples articles, "
                "or units at the article unit, and recomputes alpha. KALPHA: draws pairs of "
                "values as Hayes' KALPHA macro does, for comparing with published numbers; "
                "it ignores that sentences and characters nest in articles."
            )
        )
        controls.addWidget(self.bootstrap_combo)
        self.compute_button = QPushButton(self.tr("Compute"), central)
        self.compute_button.clicked.connect(self.compute)
        controls.addWidget(self.compute_button)
        self.export_button = QPushButton(self.tr("Export…"), central)
        self.export_button.setToolTip(
            self.tr("Save the report as an Excel workbook or JSON, as the command line writes it")
        )
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._export_chosen)
        controls.addWidget(self.export_button)
        self.status = QLabel(self.tr("Choose a unit and press Compute."), central)
        controls.addWidget(self.status, 1)
        layout.addLayout(controls)

        self.tabs = QTabWidget(central)
        layout.addWidget(self.tabs, 1)
        self.model = ReportModel(self)
        self.table = QTableView(self.tabs)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        report_page = QWidget(self.tabs)
        report_layout = QVBoxLayout(report_page)
        report_layout.setContentsMargins(0, 0, 0, 0)
        report_layout.addWidget(self.table, 1)
        # The legend and the reasons that hold for whole columns, where the eye leaves the table.
        self.table_note = QLabel(self.model.legend(), report_page)
        self.table_note.setWordWrap(True)
        self.table_note.setTextFormat(Qt.TextFormat.PlainText)
        report_layout.addWidget(self.table_note)
        self.tabs.addTab(report_page, self.tr("Report"))

        self.chart = AlphaChart(self.tabs)
        scroll = QScrollArea(self.tabs)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        self.tabs.addTab(scroll, self.tr("Chart"))

        self.pairwise = QTableWidget(self.tabs)
        self.pairwise.verticalHeader().setVisible(False)
        self.tabs.addTab(self.pairwise, self.tr("Pairwise"))
        self.prevalence = QTableWidget(self.tabs)
        self.prevalence.verticalHeader().setVisible(False)
        self.tabs.addTab(self.prevalence, self.tr("Prevalence"))

        browser = QWidget(self.tabs)
        browser_layout = QVBoxLayout(browser)
        self.browser_title = QLabel(
            self.tr("Choose a code row of the article-unit report to see where the coders differ."),
            browser,
        )
        self.browser_title.setWordWrap(True)
        browser_layout.addWidget(self.browser_title)
        splitter = QSplitter(Qt.Orientation.Horizontal, browser)
        self.disagreements = QListWidget(splitter)
        self.disagreements.currentItemChanged.connect(self._article_chosen)
        self.versions = QWidget(splitter)
        self.versions_layout = QHBoxLayout(self.versions)
        self.versions_layout.setContentsMargins(0, 0, 0, 0)
        splitter.addWidget(self.disagreements)
        splitter.addWidget(self.versions)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([220, 880])
        browser_layout.addWidget(splitter, 1)
        self.tabs.addTab(browser, self.tr("Disagreements"))
        self.texts: dict[int, QPlainTextEdit] = {}  # coder id -> its version
        self.accept_buttons: dict[int, QPushButton] = {}
        self._labels: dict[int, tuple[QLabel, str]] = {}
        self._code_color = QColor(255, 230, 120)
        self._consensus: CoderInfo | None = None

        self._fill_coder_menu()
        self.setCentralWidget(central)
        self.resize(1100, 640)
        workspace.subscribe(self._changed)

    # -- the report ---------------------------------------------------------------------------

    def _fill_coder_menu(self) -> None:
        """One checkable entry per coder who has coded anything (all checked at first)."""
        self.coder_menu.clear()
        for name in self._active_coders():
            action = self.coder_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(True)

    def _report_coders(self) -> list[str] | None:
        """The coders the lead checked; None (all) when fewer than two are checked."""
        chosen = [a.text() for a in self.coder_menu.actions() if a.isChecked()]
        return chosen if len(chosen) >= 2 else None

    def _active_coders(self) -> list[str]:
        """The coders with any coding, but not the consensus."""
        consensus = consensus_coder_name(self.workspace.database)
        with self.workspace.database.session() as session:
            active = set(session.scalars(select(Segment.coder_id).distinct()))
            active |= set(session.scalars(select(VariableValue.coder_id).distinct()))
        names = [
            c.name
            for c in list_coders(self.workspace.database)
            if c.name != consensus and c.id in active
        ]
        return names

    def compute(self) -> Task | None:
        """Compute the report for the chosen unit off the UI thread (None if one is running)."""
        if self.task is not None and not self.task.finished_event.is_set():
            return None
        database = self.workspace.database
        unit = self.unit_combo.currentData()
        coders = self._report_coders()
        human_only = self.human_only.isChecked()
        bootstrap = self.bootstrap_combo.currentData()

        def work(progress: Progress) -> list[ReportRow] | AgreementError:
            try:
                return agreement_report(
                    database,
                    unit,
                    coders,
                    progress=progress,
                    without_machine_accepted=human_only,
                    bootstrap_method=bootstrap,
                )
            except AgreementError as exc:  # said in the window, not in a dialog
                return exc

        # One report is computed at a time, so the choice waits here for the result.
        self._computing_bootstrap = bootstrap
        self.status.setText(self.tr("Computing…"))
        task = Task(self, self.tr("Computing agreement"), work)
        task.done.connect(self._computed)
        task.dialog.canceled.connect(
            lambda: self.status.setText(self.tr("Cancelled; the report was not changed."))
        )
        self.task = task
        task.start()
        return task

    def _computed(self, result: list[ReportRow] | AgreementError) -> None:
        if isinstance(result, AgreementError):
            self.status.setText(self.tr("No report: %1").replace("%1", str(result)))
            return
        rows = result
        self.rows = rows
        self.shown_bootstrap = self._computing_bootstrap
        labels = self.variable_labels()
        self.model.set_rows(rows, labels)
        self.chart.set_rows(rows, labels)
        self._fill_pairwise(rows)
        self._fill_prevalence(rows)
        self.export_button.setEnabled(bool(rows))
        self.disagreements.clear()
        self._clear_versions()
        self.table_note.setText(self.report_note(rows))
        # Counted as the verdicts are drawn (the shading's rule), not on alpha alone.
        low = sum(1 for r in rows if (v := judged_value(r)) is not None and v < BARS[1])
        self.status.setText(
            self.tr("%1 rows; %2 judged below .800")
            .replace("%1", str(len(rows)))
            .replace("%2", str(low))
        )

    def report_note(self, rows: list[ReportRow]) -> str:
        """The note under the table: the shading rule, then what holds for a whole column."""
        lines = [self.model.legend()]
        if any(r.unit == "continuum" for r in rows):
            lines.append(
                self.tr("Continuum: %1.").replace("%1", reason_text(report.NO_UNITIZING_INTERVAL))
            )
            lines.append(
                self.tr("Other coefficients: %1.").replace("%1", reason_text(report.CONTINUUM_ONLY))
            )
        if any(not r.bootstrap.get("sound", True) for r in rows if r.alpha_interval):
            lines.append(
                self.tr(
                    "An interval marked ? rests on too few usable draws: it leans one way, so "
                    "its verdict is drawn on α itself."
                )
            )
        return "\n".join(lines)

    def variable_labels(self) -> dict[str, str]:
        """Every variable's name as the coding sheet shows it, by GUID (retired ones too: an
        old report row may name one).
        """
        with self.workspace.database.session() as session:
            found = session.execute(
                select(Variable.guid, Variable.name, Variable.label, Variable.label_en)
            ).all()
        return {
            str(guid): variable_label(name, label, label_en, self.english)
            for guid, name, label, label_en in found
        }

    def _fill_pairwise(self, rows: list[ReportRow]) -> None:
        headers = [
            self.tr("Name"),
            self.tr("Unit"),
            self.tr("Coder A"),
            self.tr("Coder B"),
            self.tr("Cohen's κ"),
            self.tr("Scott's π"),
            self.tr("% agreement"),
            self.tr("N units"),
            self.tr("Undefined because"),
        ]
        lines = [
            [
                (self.model.shown_name(row), False),
                (unit_name(row.unit), False),
                (pair.coder_a, False),
                (pair.coder_b, False),
                (_shown(pair.kappa), True),
                (_shown(pair.scott_pi), True),
                (_shown(pair.percent_agreement), True),
                (str(pair.n), True),
                (reason_text(pair.undefined) if pair.undefined else "", False),
            ]
            for row in rows
            for pair in row.pairwise
        ]
        _fill(self.pairwise, headers, lines)

    def _fill_prevalence(self, rows: list[ReportRow]) -> None:
        coded = [row for row in rows if row.kind == "code"]
        coders = list(coded[0].coders) if coded else []
        headers = [
            self.tr("Code"),
            self.tr("Unit"),
            *[self.tr("Marked by %1").replace("%1", name) for name in coders],
            self.tr("Marked by anyone"),
            self.tr("Share of units"),
            self.tr("Units per article"),
        ]
        lines = []
        for row in coded:
            per_article = row.units_per_article
            lines.append(
                [
                    (row.name, False),
                    (unit_name(row.unit), False),
                    *[(str(row.prevalence.get(name, "")), True) for name in coders],
                    ("" if row.n_marked_units is None else str(row.n_marked_units), True),
                    ("" if row.share_marked is None else f"{row.share_marked:.1%}", True),
                    (
                        ""
                        if not per_article
                        else self.tr("median %1 (%2 to %3)")
                        .replace("%1", f"{per_article['median']:g}")
                        .replace("%2", str(per_article["min"]))
                        .replace("%3", str(per_article["max"])),
                        True,
                    ),
                ]
            )
        _fill(self.prevalence, headers, lines)

    def _export_chosen(self) -> None:
        path, _ = save_file_name(
            self,
            self.tr("Export the agreement report"),
            "agreement.xlsx",
            self.tr("Excel workbook (*.xlsx);;JSON (*.json)"),
        )
        if path:
            self.export_report(path)

    def export_report(self, path: str | Path) -> bool:
        """Write the shown report to ``path``: JSON for .json, else an Excel workbook."""
        target = Path(path)
        if not self.rows:
            self.status.setText(self.tr("Compute the report first."))
            return False
        try:
            if target.suffix.lower() == ".json":
                text = json.dumps(report_as_json(self.rows), ensure_ascii=False, indent=2)
                write_text_whole(target, text + "\n")
            else:
                if target.suffix.lower() != ".xlsx":
                    target = target.with_suffix(".xlsx")
                items = definition_items(bootstrap_method=self.shown_bootstrap)
                write_report_xlsx(self.rows, target, items)
        except OSError as exc:
            self.status.setText(
                self.tr("Could not write %1: %2").replace("%1", str(target)).replace("%2", str(exc))
            )
            return False
        self.status.setText(self.tr("Wrote %1").replace("%1", str(target)))
        return True

    # -- the disagreement browser -------------------------------------------------------------

    def _row_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.choose_row(indexes[0].row())

    def choose_row(self, row_number: int) -> None:
        """List the disagreements of a code row (article unit only)."""
        row = self.rows[row_number]
        self.disagreements.clear()
        self._clear_versions()
        if row.kind != "code" or row.unit != "article":
            self.code_id = None
            self.browser_title.setText(
                self.tr("Disagreements are listed for code rows of the article-unit report.")
            )
            return
        code = next((c for c in self.workspace.codes() if c.guid == row.guid), None)
        by_name = {c.name: c for c in list_coders(self.workspace.database)}
        self.coders = [by_name[n] for n in row.coders if n in by_name]
        if code is None or len(self.coders) < 2:
            self.code_id = None
            return
        self.code_id = code.id
        self._code_color = QColor(code.color) if code.color else QColor(255, 230, 120)
        articles = self.differing_articles(code.id, [c.id for c in self.coders])
        titles = {a.id: a.title for a in self.workspace.article_rows(articles)}
        for article_id in articles:
            item = QListWidgetItem(titles.get(article_id, str(article_id)), self.disagreements)
            item.setData(Qt.ItemDataRole.UserRole, article_id)
            item.setToolTip(titles.get(article_id, ""))
        count = len(articles)
        self.browser_title.setText(
            counted(self.tr("%1: coders differ in %n article(s)", "", count), count).replace(
                "%1", code.path[-1]
            )
        )

    def differing_articles(self, code_id: int, coder_ids: list[int]) -> list[int]:
        """Articles coded by two or more of the coders whose segments of the code differ."""
        coded: dict[int, set[int]] = defaultdict(set)
        spans: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
        with self.workspace.database.session() as session:
            rows = session.execute(
                select(
                    Segment.article_id,
                    Segment.coder_id,
                    Segment.code_id,
                    Segment.start,
                    Segment.end,
                ).where(Segment.coder_id.in_(coder_ids))
            )
            for article_id, coder_id, code, start, end in rows:
                coded[article_id].add(coder_id)
                if code == code_id:
                    spans[(article_id, coder_id)].add((start, end))
        differing = []
        for article_id, coders in sorted(coded.items()):
            if len(coders) < 2:
                continue
            versions = [frozenset(spans.get((article_id, c), set())) for c in coders]
            if len(set(versions)) > 1:
                differing.append(article_id)
        return differing

    def _clear_versions(self) -> None:
        self.article_id = None
        self.texts.clear()
        self.accept_buttons.clear()
        self._labels.clear()
        while self.versions_layout.count():
            item = self.versions_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _article_chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        self._clear_versions()
        if current is not None and self.code_id is not None:
            self.show_article(int(current.data(Qt.ItemDataRole.UserRole)))

    def show_article(self, article_id: int) -> None:
        """Each coder's segments of the chosen code in the article, side by side."""
        assert self.code_id is not None
        self._clear_versions()
        self.article_id = article_id
        text = self.workspace.article(article_id).text
        consensus = ensure_coder(
            self.workspace.database, consensus_coder_name(self.workspace.database)
        )
        self._consensus = consensus
        for coder in [*self.coders, consensus]:
            column = QWidget(self.versions)
            column_layout = QVBoxLayout(column)
            column_layout.setContentsMargins(2, 0, 2, 0)
            label = QLabel(column)
            label.setTextFormat(Qt.TextFormat.PlainText)
            column_layout.addWidget(label)
            view = QPlainTextEdit(column)
            view.setReadOnly(True)
            view.setPlainText(text)
            column_layout.addWidget(view, 1)
            self.texts[coder.id] = view
            if coder.id != consensus.id:
                button = QPushButton(self.tr("Accept this version"), column)
                button.setEnabled(self.workspace.coder.is_lead)
                if not self.workspace.coder.is_lead:
                    button.setToolTip(self.tr("Only the lead decides the consensus."))
                button.clicked.connect(lambda _=False, c=coder.id: self.accept(c))
                column_layout.addWidget(button)
                self.accept_buttons[coder.id] = button
            else:
                column_layout.addWidget(QLabel(self.tr("(the consensus so far)"), column))
                edits = QHBoxLayout()
                add = QPushButton(self.tr("Add selection"), column)
                add.setToolTip(
                    self.tr("Select text in the consensus text, then add it as a segment")
                )
                add.clicked.connect(self.add_to_consensus)
                remove = QPushButton(self.tr("Remove segment at cursor"), column)
                remove.clicked.connect(self.remove_from_consensus)
                for button in (add, remove):
                    button.setEnabled(self.workspace.coder.is_lead)
                    edits.addWidget(button)
                column_layout.addLayout(edits)
            self.versions_layout.addWidget(column, 1)
            # The consensus is a coder only in the database: its column says what it is.
            shown = self.tr("Consensus") if coder.id == consensus.id else coder.name
            self._labels[coder.id] = (label, shown)
        self._paint_versions()
        self.scroll_to_difference()
        # The columns are laid out only once the event loop shows them: centre again then.
        QTimer.singleShot(0, lambda shown=article_id: self._scroll_if_still(shown))

    def first_difference(self) -> int | None:
        """Where the shown article's versions first differ: the start (code points) of the
        first segment of the code that not every coder has; None when they agree.
        """
        if self.article_id is None or self.code_id is None:
            return None
        coder_ids = [c.id for c in self.coders]
        with self.workspace.database.session() as session:
            rows = session.execute(
                select(Segment.coder_id, Segment.start, Segment.end).where(
                    Segment.article_id == self.article_id,
                    Segment.code_id == self.code_id,
                    Segment.coder_id.in_(coder_ids),
                )
            ).all()
        versions = [{(s, e) for c, s, e in rows if c == coder_id} for coder_id in coder_ids]
        if not versions:
            return None
        differing = set().union(*versions) - set.intersection(*versions)
        return min(start for start, _ in differing) if differing else None

    def scroll_to_difference(self) -> None:
        """Scroll every column of the shown article to where the versions first differ, so
        the lead reads the disagreement, not the article's first lines.
        """
        start = self.first_difference()
        if start is None or self.article_id is None:
            return
        offsets = OffsetMap(self.workspace.article(self.article_id).text)
        for view in self.texts.values():
            cursor = view.textCursor()
            cursor.setPosition(offsets.to_qt(start))
            view.setTextCursor(cursor)
            view.centerCursor()

    def _scroll_if_still(self, article_id: int) -> None:
        try:
            if self.article_id == article_id:
                self.scroll_to_difference()
        except RuntimeError:  # the window or a column is gone
            pass

    def _paint_versions(self) -> None:
        if self.article_id is None or self.code_id is None:
            return
        text = self.workspace.article(self.article_id).text
        offsets = OffsetMap(text)
        with self.workspace.database.session() as session:
            rows = session.execute(
                select(Segment.coder_id, Segment.start, Segment.end).where(
                    Segment.article_id == self.article_id,
                    Segment.code_id == self.code_id,
                    Segment.coder_id.in_(list(self.texts)),
                )
            ).all()
        fmt = QTextCharFormat()
        color = QColor(self._code_color)
        color.setAlpha(140)
        fmt.setBackground(color)
        fmt.setFontUnderline(True)
        for coder_id, view in self.texts.items():
            selections = []
            mine = sorted((s, e) for c, s, e in rows if c == coder_id)
            for start, end in mine:
                selection = QTextEdit.ExtraSelection()
                cursor = view.textCursor()
                cursor.setPosition(offsets.to_qt(start))
                cursor.setPosition(offsets.to_qt(end), cursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
            view.setExtraSelections(selections)
            label, name = self._labels[coder_id]
            label.setText(
                counted(self.tr("%1 — %n segment(s)", "", len(mine)), len(mine)).replace("%1", name)
            )

    def accept(self, coder_id: int) -> None:
        """Make this coder's version of the code in the article the consensus (undoable)."""
        if self.article_id is None or self.code_id is None:
            return
        if self._consensus is None:
            return
        operation = AcceptVersion(self.article_id, self.code_id, coder_id, self._consensus.id)
        try:
            self.workspace.perform(operation, self)
        except CodingError as exc:
            QMessageBox.warning(self, self.tr("Accept this version"), str(exc))
            return
        self._paint_versions()
        name = next((c.name for c in self.coders if c.id == coder_id), str(coder_id))
        self.status.setText(
            self.tr("Accepted the version of %1 as the consensus").replace("%1", name)
        )

    def add_to_consensus(self) -> None:
        """Add the text selected in the consensus column as a consensus segment (undoable)."""
        if self._consensus is None or self.article_id is None or self.code_id is None:
            return
        view = self.texts[self._consensus.id]
        cursor = view.textCursor()
        if not cursor.hasSelection():
            self.status.setText(self.tr("Select text in the consensus column first."))
            return
        offsets = OffsetMap(view.toPlainText())
        span = (offsets.from_qt(cursor.selectionStart()), offsets.from_qt(cursor.selectionEnd()))
        operation = AddSegments([(self.article_id, *span)], self.code_id, self._consensus.id)
        operation.label = "Edit consensus"
        self._perform_consensus(operation)

    def remove_from_consensus(self) -> None:
        """Remove the consensus segment of this code under the cursor (undoable)."""
        if self._consensus is None or self.article_id is None or self.code_id is None:
            return
        view = self.texts[self._consensus.id]
        offset = OffsetMap(view.toPlainText()).from_qt(view.textCursor().position())
        with self.workspace.database.session() as session:
            ids = list(
                session.scalars(
                    select(Segment.id).where(
                        Segment.article_id == self.article_id,
                        Segment.code_id == self.code_id,
                        Segment.coder_id == self._consensus.id,
                        Segment.start <= offset,
                        Segment.end > offset,
                    )
                )
            )
        if ids:
            self._perform_consensus(RemoveSegments(ids, label="Edit consensus"))

    def _perform_consensus(self, operation: Operation) -> None:
        # The journal records the workspace's coder (the lead) as who decided, and when.
        try:
            self.workspace.perform(operation, self)
        except CodingError as exc:
            self.status.setText(str(exc))
            return
        self._paint_versions()

    def _changed(self, changes: Changes, _initiator: object | None) -> None:
        try:
            if self.article_id is not None and self.article_id in changes.articles:
                self._paint_versions()
        except RuntimeError:  # the window is gone; the workspace has no unsubscribe
            pass
