"""The welcome panel an empty project opens on: what to do first, as three buttons.

A project with no articles has nothing to list or show, so instead of an empty list and a blank
page the window shows this panel in the article's place: import articles, import a codebook, or
open the demo project to see a coded study first. It leaves as soon as articles arrive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePanel(QWidget):
    """Three ways to start an empty project."""

    import_articles = Signal()
    import_codebook = Signal()
    open_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("This project has no articles yet"))
        title.setStyleSheet("font-size: 16pt; font-weight: 600")
        title.setWordWrap(True)  # the panel must not hold the window wider than a small screen
        intro = QLabel(
            self.tr(
                "Bring in the articles to code (text, Word, HTML, CSV or Excel files), and a "
                "codebook if you have one; you can also build the codebook here, in the "
                "Codebook panel. The demo project shows a study already coded by three coders."
            )
        )
        intro.setWordWrap(True)
        self.articles_button = QPushButton(self.tr("Import articles…"))
        self.codebook_button = QPushButton(self.tr("Import a codebook…"))
        self.demo_button = QPushButton(self.tr("Open the demo project"))
        self.articles_button.clicked.connect(self.import_articles)
        self.codebook_button.clicked.connect(self.import_codebook)
        self.demo_button.clicked.connect(self.open_demo)
        self.articles_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(12)
        for button in (self.articles_button, self.codebook_button, self.demo_button):
            button.setMinimumHeight(34)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)
