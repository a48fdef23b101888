"""The main window: the article list beside the selected article's cleaned text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QPlainTextEdit, QSplitter, QTableView

from corpus.articles import get_article, list_articles
from gui.article_list_model import ArticleListModel
from models.database import ProjectDatabase


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    """Lists the project's articles and shows the one selected."""

    def __init__(self, database: ProjectDatabase) -> None:
        super().__init__()
        self.database = database
        self.setWindowTitle(_tr("articoder"))
        self.resize(1280, 800)
        self.article_model = ArticleListModel(list_articles(database))
        self.article_table = QTableView()
        self.article_table.setModel(self.article_model)
        self.article_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.article_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.article_table.verticalHeader().hide()
        header = self.article_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.article_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.article_view = QPlainTextEdit()
        self.article_view.setReadOnly(True)
        font = self.article_view.font()
        font.setPointSize(13)
        self.article_view.setFont(font)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.article_table)
        splitter.addWidget(self.article_view)
        splitter.setSizes([520, 760])
        self.setCentralWidget(splitter)
        self.article_table.selectionModel().selectionChanged.connect(self._on_selection)
        count = self.article_model.rowCount()
        self.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "%n article(s)", "", count)
        )
        if self.article_model.rowCount():
            self.article_table.selectRow(0)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if not rows:
            return
        summary = self.article_model.article_at(rows[0].row())
        article = get_article(self.database, summary.id)
        self.article_view.setPlainText(article.text)
