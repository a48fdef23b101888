"""The Suggestions panel: train and validate in the background, pre-code, review one article.

The lead trains (suggest.store.train_model) and pre-codes uncoded articles (apply_model) off the
UI thread through gui/tasks.py; the table shows each code's cross-validated numbers and whether
it is suggested. Every coder reviews the current article's pending suggestions: Accept (F9)
makes an ordinary segment of theirs, Reject (Shift+F9) records the refusal; both go through the
Workspace, so they are undoable and the window refreshes from its broadcast. Articles of the
reliability sample show none (suggest.store.suggestions_for_article).

"What to code next" orders the uncoded articles by the newest model's uncertainty on the codes
below the bar (suggest.active, off the UI thread), an order beside the assignment order: a
double click (or Open article) opens the chosen article through the window's
`open_article(article_id)`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coding.segments import CodingError
from coding.workspace import Workspace
from gui.tasks import Task
from models.errors import ProjectError
from models.progress import Progress
from suggest.active import NextReport, next_articles
from suggest.store import (
    AcceptSuggestion,
    ApplyReport,
    RejectSuggestion,
    SuggestionInfo,
    TrainReport,
    apply_model,
    report,
    suggestions_for_article,
    train_model,
)
from suggest.training import DEFAULT_THRESHOLD, TrainSettings
from suggest.units import SuggestError

_USER_ERRORS = (SuggestError, ProjectError, CodingError)


def _number(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}"


class SuggestionsPanel(QWidget):
    """Training, validation per code, and the current article's pending suggestions."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        """Build the panel and show the newest model's validation, if there is one."""
        super().__init__(parent)
        self.workspace = workspace
        self.article_id: int | None = None
        self.pending: list[SuggestionInfo] = []
        self.task: Task | None = None
        lead = workspace.coder.is_lead

        self.unit_choice = QComboBox()
        self.unit_choice.addItem(self.tr("Article"), "article")
        self.unit_choice.addItem(self.tr("Sentence"), "sentence")
        self.metric_choice = QComboBox()
        self.metric_choice.addItem(self.tr("Krippendorff's alpha"), "alpha")
        self.metric_choice.addItem(self.tr("F1"), "f1")
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setDecimals(3)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.train_button = QPushButton(self.tr("Train and validate"))
        self.train_button.clicked.connect(self.train)
        # Two short rows and the button under them, not one long row: in the right-hand column
        # (about 420 px at 1600x1000) the one row ran past the panel's right edge. The metric
        # list asks only for a short name's width; its long names show whole when it opens.
        self.metric_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.metric_choice.setMinimumContentsLength(8)
        settings_row = QGridLayout()
        settings_row.addWidget(QLabel(self.tr("Unit")), 0, 0)
        settings_row.addWidget(self.unit_choice, 0, 1, 1, 3, Qt.AlignmentFlag.AlignLeft)
        settings_row.addWidget(QLabel(self.tr("Suggest when")), 1, 0)
        settings_row.addWidget(self.metric_choice, 1, 1)
        settings_row.addWidget(QLabel("≥"), 1, 2)
        settings_row.addWidget(self.threshold, 1, 3)
        settings_row.addWidget(self.train_button, 2, 0, 1, 4, Qt.AlignmentFlag.AlignLeft)
        settings_row.setColumnStretch(1, 1)

        self.model_label = QLabel(self.tr("No model trained yet."))
        self.model_label.setWordWrap(True)
        self.validation = QTableWidget(0, 9)
        self.validation.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Positive"),
                self.tr("Negative"),
                self.tr("Precision"),
                self.tr("Recall"),
                self.tr("F1"),
                self.tr("Alpha (machine)"),
                self.tr("Alpha (coders)"),
                self.tr("Suggested"),
            ]
        )
        self._read_only(self.validation)

        self.min_confidence = QDoubleSpinBox()
        self.min_confidence.setRange(0.0, 1.0)
        self.min_confidence.setDecimals(2)
        self.min_confidence.setSingleStep(0.05)
        self.min_confidence.setValue(0.8)
        self.apply_button = QPushButton(self.tr("Pre-code uncoded articles"))
        self.apply_button.clicked.connect(self.apply)
        apply_row = QGridLayout()  # the button under its setting, for the same reason
        apply_row.addWidget(QLabel(self.tr("Minimum confidence")), 0, 0)
        apply_row.addWidget(self.min_confidence, 0, 1, Qt.AlignmentFlag.AlignLeft)
        apply_row.addWidget(self.apply_button, 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        apply_row.setColumnStretch(1, 1)
        for widget in (self.train_button, self.apply_button):
            widget.setEnabled(lead)
            if not lead:
                widget.setToolTip(self.tr("Only the lead trains and pre-codes."))

        self.article_label = QLabel(self.tr("No article open."))
        self.suggestions = QTableWidget(0, 3)
        self.suggestions.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Confidence"), self.tr("Text")]
        )
        self._read_only(self.suggestions)
        self.accept_action = QAction(self.tr("Accept suggestion"), self)
        # F8 is the window's "Next suggestion" (keyword suggestions): these use F9.
        self.accept_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.accept_action.triggered.connect(self.accept_current)
        self.reject_action = QAction(self.tr("Reject suggestion"), self)
        self.reject_action.setShortcut(QKeySequence("Shift+F9"))
        self.reject_action.triggered.connect(self.reject_current)
        self.addActions([self.accept_action, self.reject_action])
        accept_button = QPushButton(self.tr("Accept (F9)"))
        accept_button.clicked.connect(self.accept_action.trigger)
        reject_button = QPushButton(self.tr("Reject (Shift+F9)"))
        reject_button.clicked.connect(self.reject_action.trigger)
        review_row = QHBoxLayout()
        review_row.addWidget(accept_button)
        review_row.addWidget(reject_button)
        review_row.addStretch(1)

        self.next_button = QPushButton(self.tr("What to code next"))
        self.next_button.setToolTip(
            self.tr(
                "Uncoded articles the model is least sure about for the codes below the bar: "
                "coding them teaches those codes most."
            )
        )
        self.next_button.clicked.connect(self.order_next)
        self.open_button = QPushButton(self.tr("Open article"))
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setEnabled(False)
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_button)
        next_row.addWidget(self.open_button)
        next_row.addStretch(1)
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.next_list = QTableWidget(0, 4)
        self.next_list.setHorizontalHeaderLabels(
            [
                self.tr("Article"),
                self.tr("Uncertainty"),
                self.tr("Least sure about"),
                self.tr("Title"),
            ]
        )
        self._read_only(self.next_list)
        self.next_list.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))
        self.next_ids: list[int] = []

        layout = QVBoxLayout(self)
        layout.addLayout(settings_row)
        layout.addWidget(self.model_label)
        layout.addWidget(self.validation, 2)
        layout.addLayout(apply_row)
        layout.addWidget(self.article_label)
        layout.addWidget(self.suggestions, 1)
        layout.addLayout(review_row)
        layout.addLayout(next_row)
        layout.addWidget(self.next_label)
        layout.addWidget(self.next_list, 1)
        self.show_latest_model()

    @staticmethod
    def _read_only(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)

    # -- validation --------------------------------------------------------------------------

    def show_latest_model(self) -> None:
        """Show the newest stored model's validation (none: say so)."""
        models = report(self.workspace.database)["models"]
        if not models:
            return
        newest = models[-1]
        settings = newest["settings"]
        self.show_validation(
            str(newest["version"]),
            newest["codes"],
            str(settings.get("metric", "alpha")),
            float(settings.get("threshold", DEFAULT_THRESHOLD)),
        )

    def show_validation(
        self, version: str, codes: list[dict[str, Any]], metric: str, threshold: float
    ) -> None:
        """Fill the table with each code's cross-validated numbers."""
        passed = sum(1 for c in codes if c["passed"])
        self.model_label.setText(
            self.tr("Model %1: %2 of %3 codes suggested (%4 ≥ %5, cross-validated by article).")
            .replace("%1", version)
            .replace("%2", str(passed))
            .replace("%3", str(len(codes)))
            .replace("%4", metric)
            .replace("%5", f"{threshold:.3f}")
        )
        self.validation.setRowCount(len(codes))
        for row, code in enumerate(codes):
            cells = [
                str(code["code"]),
                str(code["positives"]),
                str(code["negatives"]),
                _number(code["precision"]),
                _number(code["recall"]),
                _number(code["f1"]),
                _number(code["alpha"]),
                _number(code["alpha_coders"]),
                self.tr("yes") if code["passed"] else self.tr("no"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 8 and not code["passed"]:
                    item.setToolTip(str(code["reason"]))
                self.validation.setItem(row, column, item)

    def train(self) -> Task:
        """Validate and train off the UI thread with the settings chosen here."""
        database = self.workspace.database
        unit = str(self.unit_choice.currentData())
        settings = TrainSettings(
            metric=str(self.metric_choice.currentData()), threshold=round(self.threshold.value(), 3)
        )
        coder = self.workspace.coder.name

        def work(progress: Progress) -> TrainReport:
            return train_model(database, unit, None, settings, trained_by=coder, progress=progress)

        self.task = Task(self, self.tr("Training suggestions"), work, _USER_ERRORS)
        self.task.done.connect(self._trained)
        self.task.start()
        return self.task

    def _trained(self, result: TrainReport) -> None:
        self.show_validation(
            result.version,
            result.codes,
            str(result.settings["metric"]),
            float(result.settings["threshold"]),
        )

    # -- pre-coding --------------------------------------------------------------------------

    def apply(self) -> Task:
        """Pre-code uncoded articles with pending suggestions, off the UI thread."""
        database = self.workspace.database
        minimum = round(self.min_confidence.value(), 2)

        def work(progress: Progress) -> ApplyReport:
            return apply_model(database, minimum, progress=progress)

        self.task = Task(self, self.tr("Pre-coding uncoded articles"), work, _USER_ERRORS)
        self.task.done.connect(self._applied)
        self.task.start()
        return self.task

    def _applied(self, result: ApplyReport) -> None:
        self.model_label.setText(
            self.tr("%1 suggestions in %2 articles wait for review.")
            .replace("%1", str(result.suggestions))
            .replace("%2", str(result.articles_suggested))
        )
        if self.article_id is not None:
            self.show_article(self.article_id)

    # -- review ------------------------------------------------------------------------------

    def show_article(self, article_id: int | None) -> None:
        """Show the pending suggestions of this article (none in the reliability sample)."""
        self.article_id = article_id
        self.pending = (
            []
            if article_id is None
            else suggestions_for_article(self.workspace.database, article_id)
        )
        if article_id is None:
            self.article_label.setText(self.tr("No article open."))
        else:
            self.article_label.setText(
                self.tr("%1 pending suggestions in this article.").replace(
                    "%1", str(len(self.pending))
                )
            )
        self.suggestions.setRowCount(len(self.pending))
        for row, suggestion in enumerate(self.pending):
            for column, text in enumerate(
                (suggestion.code, f"{suggestion.confidence:.2f}", suggestion.text[:200])
            ):
                self.suggestions.setItem(row, column, QTableWidgetItem(text))
        if self.pending:
            self.suggestions.selectRow(0)
        self.accept_action.setEnabled(bool(self.pending))
        self.reject_action.setEnabled(bool(self.pending))

    def _selected(self) -> SuggestionInfo | None:
        row = self.suggestions.currentRow()
        return self.pending[row] if 0 <= row < len(self.pending) else None

    def accept_current(self) -> None:
        """Accept the selected suggestion: a segment of this coder's."""
        self._decide(AcceptSuggestion)

    def reject_current(self) -> None:
        """Reject the selected suggestion."""
        self._decide(RejectSuggestion)

    def _decide(self, operation: type[AcceptSuggestion] | type[RejectSuggestion]) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        row = self.suggestions.currentRow()
        try:
            self.workspace.perform(operation(chosen.id, self.workspace.coder.id), self)
        except _USER_ERRORS as exc:
            QMessageBox.warning(self, self.tr("Suggestions"), str(exc))
        self.show_article(self.article_id)
        if self.pending:
            self.suggestions.selectRow(min(row, len(self.pending) - 1))

    # -- what to code next -------------------------------------------------------------------

    def order_next(self) -> Task:
        """Order the uncoded articles by the weak codes' uncertainty, off the UI thread."""
        database = self.workspace.database

        def work(progress: Progress) -> NextReport:
            return next_articles(database, progress=progress)

        self.task = Task(self, self.tr("Ordering uncoded articles"), work, _USER_ERRORS)
        self.task.done.connect(self.show_next)
        self.task.start()
        return self.task

    def show_next(self, result: NextReport) -> None:
        """List the articles to code next, the most informative first."""
        basis = (
            self.tr("every code passed, so all codes decide")
            if result.all_passed
            else self.tr("codes below the bar: %1").replace("%1", "、".join(result.weak_codes))
        )
        self.next_label.setText(
            self.tr("%1 uncoded articles, by mean uncertainty (%2).")
            .replace("%1", str(result.candidates))
            .replace("%2", basis)
        )
        self.next_ids = [a.article_id for a in result.articles]
        self.next_list.setRowCount(len(result.articles))
        for row, article in enumerate(result.articles):
            unsure = "; ".join(f"{c.code} ({c.probability:.2f})" for c in article.codes)
            cells = (str(article.article_id), f"{article.score:.3f}", unsure, article.title)
            for column, text in enumerate(cells):
                self.next_list.setItem(row, column, QTableWidgetItem(text))
        if self.next_ids:
            self.next_list.selectRow(0)
        self.open_button.setEnabled(bool(self.next_ids))

    def open_selected(self) -> None:
        """Open the selected article of the list."""
        self.open_row(self.next_list.currentRow())

    def open_row(self, row: int) -> None:
        """Open the article of this row in the window (its `open_article`)."""
        if not 0 <= row < len(self.next_ids):
            return
        opener = getattr(self.window(), "open_article", None)
        if callable(opener):
            opener(self.next_ids[row])
