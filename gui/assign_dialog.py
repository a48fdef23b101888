"""The lead's Assign dialog: split articles among coders with a seeded reliability sample.

The lead ticks the coders (or adds new ones), chooses which articles (those nobody has yet, or
every article), the share coded twice or more, how many coders code each shared article, and
a seed (shown, so the split can be reproduced and reported in a methods section). The preview
is computed with the pure `team.assignments.plan_assignments` as the choices change; Assign
backs an SQLite project up and stores the plan in one transaction off the UI thread.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coding.coders import list_coders
from coding.workspace import Workspace
from gui.tasks import Task
from models.backups import backup_before
from models.database import ProjectError
from models.progress import Progress
from team.assignments import (
    AssignmentError,
    AssignmentPlan,
    AssignReport,
    assign,
    assignable_articles,
    plan_assignments,
)


class AssignDialog(QDialog):
    """Plan and store a split of the articles among coders."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.plan: AssignmentPlan | None = None
        self.report: AssignReport | None = None
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Assign articles"))
        self._articles: dict[str, list[int]] = {
            "unassigned": assignable_articles(workspace.database, unassigned_only=True),
            "all": assignable_articles(workspace.database, unassigned_only=False),
        }

        self.coder_list = QListWidget(self)
        self.coder_list.setMaximumHeight(150)
        for coder in list_coders(workspace.database):
            self._add_coder_item(coder.name, checked=not coder.is_lead)
        self.coder_list.itemChanged.connect(lambda _item: self.update_preview())
        self.new_coder = QLineEdit(self)
        self.new_coder.setPlaceholderText(self.tr("Name of a new coder"))
        add_button = QPushButton(self.tr("Add"), self)
        add_button.clicked.connect(self._add_new_coder)
        # Enter in this field adds the coder and goes no further: the button box makes Assign
        # the default button when shown, and Enter must never store the whole plan.
        self.new_coder.installEventFilter(self)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_coder, 1)
        new_row.addWidget(add_button)

        self.which = QComboBox(self)
        self.which.addItem(self.tr("Articles nobody is assigned yet"), "unassigned")
        self.which.addItem(self.tr("Every article"), "all")
        self.overlap = QDoubleSpinBox(self)
        self.overlap.setRange(0, 100)
        self.overlap.setDecimals(0)
        self.overlap.setSuffix(" %")
        self.overlap.setValue(20)
        self.per_article = QSpinBox(self)
        self.per_article.setRange(2, 10)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2_147_483_647)  # any seed a methods section names
        self.seed.setValue(random.randrange(1, 1_000_000))
        self.which.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.overlap.valueChanged.connect(lambda _v: self.update_preview())
        self.per_article.valueChanged.connect(lambda _v: self.update_preview())
        self.seed.valueChanged.connect(lambda _v: self.update_preview())

        form = QFormLayout()
        form.addRow(self.tr("Articles:"), self.which)
        form.addRow(self.tr("Coded by several coders (reliability sample):"), self.overlap)
        form.addRow(self.tr("Coders per shared article:"), self.per_article)
        form.addRow(self.tr("Random seed (note it in your methods):"), self.seed)

        self.preview = QTableWidget(0, 3, self)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Coder"), self.tr("Articles"), self.tr("Of which shared")]
        )
        self.preview.verticalHeader().hide()
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.assign_button = self.buttons.addButton(
            self.tr("Assign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.assign_button.clicked.connect(self.start_assign)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Coders:"), self))
        layout.addWidget(self.coder_list)
        layout.addLayout(new_row)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(560, 640)
        self.update_preview()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the new-coder field adds the coder, and is not passed to the dialog."""
        if (
            watched is self.new_coder
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._add_new_coder()
            return True
        return super().eventFilter(watched, event)

    def _add_coder_item(self, name: str, checked: bool) -> None:
        item = QListWidgetItem(name, self.coder_list)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _add_new_coder(self) -> None:
        name = self.new_coder.text().strip()
        existing = {self.coder_list.item(i).text() for i in range(self.coder_list.count())}
        if name and name not in existing:
            self._add_coder_item(name, checked=True)  # stored with the plan
        self.new_coder.clear()

    def chosen_coders(self) -> list[str]:
        """The ticked coders, in list order."""
        items = (self.coder_list.item(i) for i in range(self.coder_list.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def update_preview(self) -> None:
        """Plan again with the current choices and show each coder's share."""
        articles = self._articles[str(self.which.currentData())]
        try:
            self.plan = plan_assignments(
                articles,
                self.chosen_coders(),
                self.overlap.value() / 100,
                self.seed.value(),
                self.per_article.value(),
            )
        except AssignmentError as exc:
            self.plan = None
            self.preview.setRowCount(0)
            self.summary.setText(str(exc))
            self.assign_button.setEnabled(False)
            return
        plan = self.plan
        shared = set(plan.overlap)
        self.preview.setRowCount(len(plan.coders))
        for row, name in enumerate(plan.coders):
            queue = plan.queues[name]
            cells = (name, str(len(queue)), str(sum(1 for a in queue if a in shared)))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.preview.setItem(row, column, item)
        pairs = min(plan.pair_counts().values(), default=0)
        self.summary.setText(
            self.tr(
                "%1 articles, %2 of them coded by %3 coders; every two coders share at least %4."
            )
            .replace("%1", str(len(articles)))
            .replace("%2", str(len(plan.overlap)))
            .replace("%3", str(plan.coders_per_overlap))
            .replace("%4", str(pairs))
        )
        self.assign_button.setEnabled(bool(articles))

    def start_assign(self) -> Task | None:
        """Back the project up and store the plan, off the UI thread."""
        plan = self.plan
        if plan is None:
            return None
        database = self.workspace.database
        lead = self.workspace.coder.id

        def work(progress: Progress) -> AssignReport:
            progress.check()
            backup_before(database, "before-assign")
            return assign(database, plan, by=lead)

        self.assign_button.setEnabled(False)
        self.task = Task(self, self.tr("Assign articles"), work, (ProjectError, AssignmentError))
        self.task.done.connect(self._assigned)
        self.task.failed.connect(lambda _message: self.assign_button.setEnabled(True))
        self.task.start()
        return self.task

    def _assigned(self, report: AssignReport) -> None:
        self.report = report
        self.accept()
