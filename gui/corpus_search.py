"""Searching the corpus from the coding window: the search panel (box, hit list, summary), the
hits marked in the article, listing only articles with hits, and turning every hit into coding
(auto-code, behind a backup) or into suggestions to review one by one.

`CorpusSearch` is mixed into `MainWindow` (gui/main_window.py): `self` is the window, so
window.run_search, window.hits and window.search_results stay where they were. Its strings are
translated in the context "CorpusSearch" (PySide's tr() tries each class of the window in turn).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coding import bulk
from corpus.search import Hit

SEARCH_ROWS_SHOWN = 5  # the hit list never shrinks below this many rows


class CorpusSearch:
    """The search panel and what can be done with its hits."""

    def _build_search(self) -> QWidget:
        """The search panel; the window puts it in its dock."""
        self.hits: list[Hit] = []
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search the corpus (either script)…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(lambda: self.run_search(self.search_box.text()))
        self.search_results = QListWidget()
        # At least five hits in view, whatever the dock's share of a 1280x720 window: the
        # list is what a search is for, not the buttons above it.
        self.search_results.setUniformItemSizes(True)
        self.search_results.setMinimumHeight(
            self.search_results.fontMetrics().lineSpacing() * SEARCH_ROWS_SHOWN + 8
        )
        self.search_results.itemActivated.connect(self._open_hit)
        self.search_results.itemClicked.connect(self._open_hit)
        self.search_summary = QLabel()
        # "also: 發 (6 hits)": the other readings of a one-to-many character, each a link.
        self.search_summary.setTextFormat(Qt.TextFormat.RichText)
        self.search_summary.setToolTip(self.tr("Search for this reading instead"))
        self.search_summary.linkActivated.connect(self._search_reading)
        self.auto_code_button = QPushButton(self.tr("Code every hit with the current code"))
        self.auto_code_button.clicked.connect(self.auto_code_hits)
        self.review_button = QPushButton(self.tr("Suggest every hit for review"))
        self.review_button.clicked.connect(self.suggest_hits)
        self.only_hits = QCheckBox(self.tr("List only articles with hits"))
        self.only_hits.toggled.connect(self._filter_by_hits)
        search = QWidget()
        layout = QVBoxLayout(search)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.search_box, 1)
        row.addWidget(self.auto_code_button)
        row.addWidget(self.review_button)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.search_summary, 1)
        row.addWidget(self.only_hits)
        layout.addLayout(row)
        layout.addWidget(self.search_results)
        return search

    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_box.setFocus()
        self.search_box.selectAll()

    def run_search(self, query: str) -> None:
        """Find a term across the corpus; list hits in context and mark them in the article."""
        self.hits = self.workspace.search(query) if query.strip() else []
        self.search_results.clear()
        titles = {r.id: r.title for r in self.workspace.article_rows()} if self.hits else {}
        for hit in self.hits:
            item = QListWidgetItem(f"{titles.get(hit.article, hit.article)}  ·  {hit.snippet}")
            item.setData(Qt.ItemDataRole.UserRole, (hit.article, hit.start, hit.end))
            self.search_results.addItem(item)
        articles = len({h.article for h in self.hits})
        summary = html.escape(
            self.tr("%1 hits in %2 articles")
            .replace("%1", str(len(self.hits)))
            .replace("%2", str(articles))
        )
        readings = self.workspace.other_readings(query) if query.strip() else []
        if readings:
            links = "  ".join(
                f'<a href="{html.escape(r.query)}">'
                + html.escape(
                    self.tr("%1 (%2 hits)").replace("%1", r.reading).replace("%2", str(r.hits))
                )
                + "</a>"
                for r in readings
            )
            summary += " · " + html.escape(self.tr("also: %1")).replace("%1", links)
        self.search_summary.setText(summary)
        self._refresh_hits()
        if self.only_hits.isChecked():
            self._filter_by_hits(True)

    def _search_reading(self, query: str) -> None:
        self.search_box.setText(query)
        self.run_search(query)

    def _open_hit(self, item: QListWidgetItem) -> None:
        article_id, start, end = item.data(Qt.ItemDataRole.UserRole)
        if article_id != self.article_id:
            self.open_article(article_id)
        self.view.select_span(start, end)

    def _filter_by_hits(self, only: bool) -> None:
        self.article_filter.set_ids({h.article for h in self.hits} if only else None)

    def _refresh_hits(self) -> None:
        self.view.set_hits([(h.start, h.end) for h in self.hits if h.article == self.article_id])

    def auto_code_hits(self) -> None:
        """Code every search hit with the code under the codebook cursor, as one undoable step."""
        code_id = self.codebook_panel.current_code()
        if code_id is None or not self.hits:
            self.statusBar().showMessage(
                self.tr("Search first, and pick a code in the codebook."), 5000
            )
            return
        answer = QMessageBox.question(
            self,
            self.tr("Auto-code"),
            self.tr("Code all %1 hits as %2? One Undo takes it back.")
            .replace("%1", str(len(self.hits)))
            .replace("%2", self._code_name(code_id)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            hits = list(self.hits)
            self._after_backup(
                bulk.auto_code_reason(hits),
                lambda: bulk.auto_code(self.workspace, hits, code_id, backed_up=True),
            )

    def suggest_hits(self) -> None:
        """Offer every search hit as a suggestion of the current code, to accept one by one."""
        code_id = self.codebook_panel.current_code()
        node = self.tree.by_id.get(code_id) if code_id is not None else None
        if node is None or not self.hits:
            self.statusBar().showMessage(
                self.tr("Search first, and pick a code in the codebook."), 5000
            )
            return
        self.review = {}
        for hit in self.hits:
            self.review.setdefault(hit.article, []).append(
                (hit.start, hit.end, node.id, node.color)
            )
        self._refresh_suggestions()
        self.statusBar().showMessage(
            self.tr("%1 suggestions to review: F8 goes to the next, Ctrl+Return accepts").replace(
                "%1", str(len(self.hits))
            ),
            8000,
        )
