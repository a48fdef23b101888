"""The cleaning panel: what the import removed or changed in one article, and putting it back.

Opened from the article (its header's link or the article's menu). Each line is one cleaning
change (corpus/text.py `Edit`): what it was, why, and the text it removed; line-ending and
byte-order-mark fixes are left out, since a reader never sees them. A change can be put back,
or taken out again, while nobody has coded the article; once it is coded the panel says why
its text can no longer change. The passages the import flagged for a person to check are
listed under the changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coding.workspace import ArticleCoding
from corpus import extraction
from corpus.articles import ArticleDetail, ArticleError, Removal
from corpus.metadata import HEADER_DETAIL, UNDER_TITLE_DETAIL
from gui.plurals import counted

HIDDEN_KINDS = ("newline", "bom")


def kind_label(kind: str) -> str:
    """A cleaning change's kind in the interface's language."""
    labels = {
        "pinyin": QCoreApplication.translate("CleaningPanel", "Inserted pinyin"),
        "boilerplate": QCoreApplication.translate("CleaningPanel", "Boilerplate"),
        "metadata": QCoreApplication.translate("CleaningPanel", "Metadata line"),
        "blank": QCoreApplication.translate("CleaningPanel", "Blank lines"),
        "space": QCoreApplication.translate("CleaningPanel", "Spaces"),
    }
    return labels.get(kind, kind)


def detail_labels() -> dict[str, str]:
    """Every reason cleaning, metadata and the HTML extractor give for a removal, with its label
    in the interface's language; a reason not listed is shown as cleaning wrote it
    (tests/gui/test_cleaning_labels.py fails on any reason the import gives that is not listed).
    """
    return {
        "inserted pinyin": QCoreApplication.translate(
            "CleaningPanel", "pinyin inserted after characters"
        ),
        "pinyin cut by a line break": QCoreApplication.translate(
            "CleaningPanel", "pinyin cut by a line break"
        ),
        "ICP or licence line": QCoreApplication.translate("CleaningPanel", "ICP or licence line"),
        "SEO spam line": QCoreApplication.translate("CleaningPanel", "SEO spam line"),
        "copyright or republication notice": QCoreApplication.translate(
            "CleaningPanel", "copyright or republication notice"
        ),
        "list of places or links": QCoreApplication.translate(
            "CleaningPanel", "list of places or links"
        ),
        "repeated line": QCoreApplication.translate("CleaningPanel", "repeated line"),
        "site name": QCoreApplication.translate("CleaningPanel", "site name"),
        "site-operator line": QCoreApplication.translate("CleaningPanel", "site-operator line"),
        "account or page header line": QCoreApplication.translate(
            "CleaningPanel", "account or page header line"
        ),
        "byline": QCoreApplication.translate("CleaningPanel", "byline"),
        "metadata line": QCoreApplication.translate(
            "CleaningPanel", "metadata line (source, date, editor)"
        ),
        "related-articles list": QCoreApplication.translate(
            "CleaningPanel", "related-articles list"
        ),
        "headlines of other articles after the article": QCoreApplication.translate(
            "CleaningPanel", "headlines of other articles after the article"
        ),
        "page number": QCoreApplication.translate("CleaningPanel", "page number"),
        "share, app or navigation line": QCoreApplication.translate(
            "CleaningPanel", "share, app or navigation line"
        ),
        "image file name": QCoreApplication.translate("CleaningPanel", "image file name"),
        "indentation": QCoreApplication.translate("CleaningPanel", "indentation"),
        "trailing whitespace": QCoreApplication.translate("CleaningPanel", "trailing whitespace"),
        "no-break or odd space": QCoreApplication.translate(
            "CleaningPanel", "no-break or odd space"
        ),
        "zero-width or invisible character": QCoreApplication.translate(
            "CleaningPanel", "zero-width or invisible character"
        ),
        # The HTML extractor's reasons (corpus/extraction.py), keyed by its own constants.
        extraction.OUTSIDE_MAIN_BLOCK: QCoreApplication.translate(
            "CleaningPanel", "outside the page's main block"
        ),
        extraction.LINE_OF_LINKS: QCoreApplication.translate(
            "CleaningPanel", "line of links (menu or headlines)"
        ),
        extraction.TABLE_MARKUP: QCoreApplication.translate("CleaningPanel", "empty table row"),
        extraction.WIDGET_ROW: QCoreApplication.translate("CleaningPanel", "calendar or pager row"),
        extraction.WEB_ADDRESS: QCoreApplication.translate("CleaningPanel", "web address"),
        extraction.AFTER_THE_STORY: QCoreApplication.translate(
            "CleaningPanel", "reply or other post after the story (thread or list of posts)"
        ),
        extraction.REPEATED_IN_BATCH: QCoreApplication.translate(
            "CleaningPanel", "line repeated on other pages of the batch (site furniture)"
        ),
        extraction.APPENDED_STORY: QCoreApplication.translate(
            "CleaningPanel",
            "another story on the page (appended or related), not the one the page names",
        ),
        extraction.PHOTO_CAPTION: QCoreApplication.translate("CleaningPanel", "photo caption"),
        extraction.FEED_OF_OTHER_STORIES: QCoreApplication.translate(
            "CleaningPanel", "other stories' leads below the story (a news feed)"
        ),
        "platform's notice about its users' content": QCoreApplication.translate(
            "CleaningPanel", "platform's notice about its users' content"
        ),
        "video player interface": QCoreApplication.translate(
            "CleaningPanel", "video player interface"
        ),
        "line repeated above the story (headline printed again, menu entry)": (
            QCoreApplication.translate(
                "CleaningPanel",
                "line repeated above the story (headline printed again, menu entry)",
            )
        ),
        "other articles' headlines with their times": QCoreApplication.translate(
            "CleaningPanel", "other articles' headlines with their times"
        ),
        "another story printed in the article (its own headline and byline)": (
            QCoreApplication.translate(
                "CleaningPanel",
                "another story printed in the article (its own headline and byline)",
            )
        ),
        "table rows of other articles' headlines": QCoreApplication.translate(
            "CleaningPanel", "table rows of other articles' headlines"
        ),
        "list of keywords or tags": QCoreApplication.translate(
            "CleaningPanel", "list of keywords or tags"
        ),
        "identifier number": QCoreApplication.translate("CleaningPanel", "identifier number"),
        "long line of share buttons or headlines": QCoreApplication.translate(
            "CleaningPanel", "long line of share buttons or headlines"
        ),
        "link line (a label and a web address)": QCoreApplication.translate(
            "CleaningPanel", "link line (a label and a web address)"
        ),
        "the site's promotion (a programme or app to watch or download)": (
            QCoreApplication.translate(
                "CleaningPanel", "the site's promotion (a programme or app to watch or download)"
            )
        ),
        # A news database's text export (corpus/metadata.py): its header lines are read into
        # the article's fields and taken out of the text.
        HEADER_DETAIL: QCoreApplication.translate(
            "CleaningPanel", "header line of a news-database export (read into the fields)"
        ),
        UNDER_TITLE_DETAIL: QCoreApplication.translate(
            "CleaningPanel", "outlet and date line under the title (read into the fields)"
        ),
    }


def flag_message(kind: str, message: str) -> str:
    """What the import found in a flagged passage, in the interface's language."""
    if message.startswith("Lossy mojibake"):
        return QCoreApplication.translate(
            "CleaningPanel",
            "Garbled characters (the source was decoded with the wrong encoding before it "
            "was saved): they cannot be repaired; check this passage against the source.",
        )
    if message.startswith("Mojibake"):
        return QCoreApplication.translate(
            "CleaningPanel",
            "Garbled characters (UTF-8 read as Latin-1): re-import the file with the right "
            "encoding, or check this passage against the source.",
        )
    if kind == "date" and ":" in message:
        return QCoreApplication.translate("CleaningPanel", "Date not understood: %1").replace(
            "%1", message.split(":", 1)[1].strip()
        )
    return message


def removed_text_label(text: str) -> str:
    """What a removal took out, as a reader can see it: whitespace alone is named in words.

    Indentation and blank lines are removals too; an empty-looking cell would hide them.
    """
    if text.strip():
        return text.replace("\n", " ⏎ ")
    breaks = text.count("\n")
    spaces = sum(1 for c in text if c.isspace() and c not in "\r\n")
    parts = []
    if spaces:
        parts.append(
            counted(QCoreApplication.translate("CleaningPanel", "%n space(s)", "", spaces), spaces)
        )
    if breaks:
        parts.append(
            counted(
                QCoreApplication.translate("CleaningPanel", "%n line break(s)", "", breaks), breaks
            )
        )
    if not parts:
        return ""
    return QCoreApplication.translate("CleaningPanel", "(%1)").replace("%1", listed(parts))


def listed(items: list[str]) -> str:
    """Items as a list in the interface's language: "a, b, c" (Chinese: "a、b、c")."""
    if not items:
        return ""
    text = items[0]
    for item in items[1:]:
        text = QCoreApplication.translate("CleaningPanel", "%1, %2").replace("%1", text)
        text = text.replace("%2", item)
    return text


def visible_removals(article: ArticleDetail) -> list[Removal]:
    """The changes a reader would notice (not line endings or a byte-order mark)."""
    return [r for r in article.removed if r.kind not in HIDDEN_KINDS]


class CleaningPanel(QDialog):
    """Lists one article's cleaning changes; each can be put back while it is uncoded."""

    def __init__(
        self,
        article: ArticleDetail,
        coded: ArticleCoding,
        change: Callable[[int, bool], str | None],
        parent: QWidget | None = None,
    ) -> None:
        """Show `article`'s changes; `coded` says whose coding holds its text.

        `change(index, active)` stores a change and returns a refusal's message or None.
        """
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("What cleaning changed — %1").replace("%1", article.summary.title)
        )
        self.resize(760, 460)
        self.change = change
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("Why"), self.tr("Removed text"), self.tr("State")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 110)
        header.resizeSection(1, 170)
        header.resizeSection(3, 90)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.toggle_button = QPushButton()
        self.toggle_button.clicked.connect(self._toggle)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        self.flags.setTextFormat(Qt.TextFormat.PlainText)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.flags)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.show_article(article, coded)

    def show_article(self, article: ArticleDetail, coded: ArticleCoding) -> None:
        """List the article's changes and flags (again, after one was put back)."""
        self.article, self.coded = article, coded.coded
        self.removals = visible_removals(article)
        self.table.setRowCount(len(self.removals))
        details = detail_labels()  # once, not about forty translations per row
        for row, removal in enumerate(self.removals):
            shown = removed_text_label(removal.text) or removal.replacement
            cells = (
                kind_label(removal.kind),
                details.get(removal.detail, removal.detail),
                shown,
                self.tr("Removed") if removal.active else self.tr("Restored"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(removal.text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        flags = [f for f in article.flags if f.get("message")]
        self.flags.setText(
            "\n".join(
                "⚠ "
                + (f"«{article.text[f['start'] : f['end']]}» " if f["end"] > f["start"] else "")
                + flag_message(str(f.get("kind", "")), str(f["message"]))
                for f in flags
            )
        )
        self.flags.setVisible(bool(flags))
        if not self.removals:
            self.message.setText(self.tr("Cleaning changed nothing a reader would see here."))
        elif coded.own:
            self.message.setText(
                self.tr(
                    "You have coded this article, so its text can no longer change: the list "
                    "shows what cleaning did, but nothing can be put back."
                )
            )
        elif coded.others:
            self.message.setText(
                self.tr(
                    "%1 coded this article, so its text can no longer change (their segments "
                    "sit on it): the list shows what cleaning did, but nothing can be put back."
                ).replace("%1", listed(list(coded.others)))
            )
        elif coded.other_segments:
            # Blind mode: the coder learns that someone coded it, never who or what.
            self.message.setText(
                self.tr(
                    "Another coder has coded this article, so its text can no longer change: "
                    "the list shows what cleaning did, but nothing can be put back."
                )
            )
        else:
            self.message.setText(
                self.tr(
                    "Select a change and put its text back (possible until the article is coded)."
                )
            )
        self._update_button()

    def selected(self) -> Removal | None:
        """The change on the selected line."""
        rows = self.table.selectionModel().selectedRows()
        return self.removals[rows[0].row()] if rows else None

    def _update_button(self) -> None:
        removal = self.selected()
        self.toggle_button.setText(
            self.tr("Remove again") if removal and not removal.active else self.tr("Put back")
        )
        self.toggle_button.setEnabled(removal is not None and not self.coded)

    def _toggle(self) -> None:
        removal = self.selected()
        if removal is None:
            return
        problem = self.change(removal.index, not removal.active)
        if problem:
            self.message.setText(problem)


def change_cleaning(window: object, article_id: int) -> Callable[[int, bool], str | None]:
    """The panel's `change` for the main window: store it, reopen the article, list again."""

    def change(index: int, active: bool) -> str | None:
        workspace = window.workspace  # type: ignore[attr-defined]
        try:
            workspace.set_cleaning_edit(article_id, index, active)
        except ArticleError as exc:
            return str(exc)
        window.open_article(article_id)  # type: ignore[attr-defined]
        return None

    return change
