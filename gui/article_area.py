"""The article area of the coding window: the article view and its header, the segment list,
what the view shows (segments, keyword and review suggestions), and the coding done on a
selection: code it, recode, resize or delete a segment, edit its memo, step by a word, take or
dismiss a suggestion, switch the script, zoom.

`ArticleArea` is mixed into `MainWindow` (gui/main_window.py): `self` is the window, so every
name here stays reachable on it (window.view, window.open_article, window.code_selection).
Its strings are translated in the context "ArticleArea": PySide's tr() looks a string up under
each class of the window's type in turn, and lupdate files it under the class it is written in.
"""

from __future__ import annotations

import contextlib
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QVBoxLayout, QWidget

from corpus.script import fold, simplified_view
from corpus.segmentation import snap_to_words
from gui.article_view import ArticleView, Span
from gui.segment_list import SegmentList
from gui.worker_threads import start_worker

MIN_FONT, MAX_FONT = 9, 32


class ArticleArea:
    """The article, its segments and suggestions, and coding on the selection."""

    def _build_article_area(self) -> None:
        self.article_id: int | None = None
        self.article_text = ""
        self.simplified = False
        self.dismissed: set[tuple[int, int, int]] = set()
        self.review: dict[int, list[tuple[int, int, int, str]]] = {}  # article -> suggestions
        self._keyword_cache: tuple[object, list[tuple[int, int, int, str]]] = (None, [])
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setContentsMargins(8, 6, 8, 2)
        self.view = ArticleView()
        font = self.view.font()
        font.setPointSize(int(str(self.settings.value("font_size", 14))))
        self.view.setFont(font)
        self.view.document().setDocumentMargin(18)
        self.view.segment_clicked.connect(self.select_segment)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view)
        self.setCentralWidget(central)
        # The window puts the list in its dock (gui/main_window.py decides where panels go).
        self.segment_list = SegmentList()
        self.segment_list.segment_chosen.connect(self.select_segment)
        self.boundaries_ready.connect(self._on_boundaries)

    def _code_name(self, code_id: int) -> str:
        # Code names are the codebook's data, shown as the lead wrote them in either language.
        node = self.tree.by_id.get(code_id)
        return node.name if node is not None else "?"

    def open_article(self, article_id: int) -> None:
        """Show an article with its segments, values and suggestions."""
        article = self.workspace.article(article_id)
        self.article_id = article_id
        self.article_text = article.text
        self.simplified = False
        self.script_action.setChecked(False)
        self.script_action.setEnabled(article.summary.script == "traditional")
        self.view.show_text(article.text)
        s = article.summary
        row = self.article_model.row_of(article_id)
        status = self.article_model.article_at(row).status if row is not None else ""
        meta = " · ".join(
            x
            for x in (
                s.outlet or "",
                s.published.isoformat() if s.published else "",
                article.author or "",
            )
            if x
        )
        done = (
            f" <span style='color:#1e8449'>✔ {self.tr('Done')}</span>" if status == "done" else ""
        )
        self.header.setText(
            f"<span style='font-size:15pt;font-weight:600'>{_escape(s.title)}</span>{done}"
            f"<br><span style='color:#5f6b73'>{_escape(meta)}</span>"
        )
        self._refresh_segments()
        self.sheet.show_values(self.workspace.values(article_id))
        self._refresh_hits()
        self._select_in_list(article_id)
        self._load_boundaries(article_id)

    def _load_boundaries(self, article_id: int) -> None:
        # Word boundaries are cached in the project after the first time; jieba loads on its
        # first use (about a second), so segmentation runs on a worker thread and the window
        # never waits for it. Until the boundaries arrive, selections are not snapped.
        def work() -> None:
            try:
                boundaries = self.workspace.word_boundaries(article_id)
            except Exception:  # snapping is a comfort; a failure must not disturb coding
                traceback.print_exc()
                return
            with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                self.boundaries_ready.emit(article_id, boundaries)

        start_worker(work)

    def _on_boundaries(self, article_id: int, boundaries: list[int]) -> None:
        if self.article_id == article_id:
            self.view.boundaries = boundaries

    def _refresh_segments(self) -> None:
        if self.article_id is None:
            return
        segments = self.workspace.segments(self.article_id)
        colors = {n.id: n.color for n in self.tree}
        names = {n.id: self._code_name(n.id) for n in self.tree}
        show_coder = not self.workspace.blind
        self.view.set_spans(
            [
                Span(
                    s.id,
                    s.start,
                    s.end,
                    colors.get(s.code_id, "#888888"),
                    names.get(s.code_id, "?"),
                    self.coder_names.get(s.coder_id, "") if show_coder else "",
                )
                for s in segments
            ]
        )
        self.segment_list.show_segments(segments, names, colors, self.coder_names)
        self._refresh_suggestions()

    def _keyword_hits(self) -> list[tuple[int, int, int, str]]:
        # Computed once per article and codebook: refreshing after each action only filters.
        key = (self.article_id, id(self.tree))
        if self._keyword_cache[0] != key:
            folded = fold(self.article_text)
            hits = []
            for node in self.tree:
                if node.retired or node.children:
                    continue
                spec = self.codebook_panel.specs.get(node.guid.upper())
                for keyword in spec.keywords if spec else []:
                    target = fold(keyword)
                    position = folded.find(target) if target else -1
                    while position != -1:
                        hits.append((position, position + len(target), node.id, node.color))
                        position = folded.find(target, position + 1)
            self._keyword_cache = (key, sorted(hits))
        return self._keyword_cache[1]

    def _refresh_suggestions(self) -> None:
        if self.article_id is None:
            return
        coded = {(s.start, s.end) for s in self.view.spans}
        review = self.review.get(self.article_id)
        hits = sorted([*self._keyword_hits(), *review]) if review else self._keyword_hits()
        self.view.set_suggestions(
            [h for h in hits if h[:2] not in coded and h[:3] not in self.dismissed]
        )

    def code_selection(self, code_id: int) -> None:
        """Code the selected text with a code; with no text selected, recode the chosen segment."""
        if self.article_id is None:
            return
        span = self.view.selected_span()
        if span is None:
            segment_id = self.view.selected_segment
            if segment_id is not None:
                self._perform(lambda: self.workspace.change_segment(segment_id, code_id=code_id))
            else:
                self.statusBar().showMessage(
                    self.tr("Select some text first, then press the code's key."), 5000
                )
            return
        article_id = self.article_id
        if self._perform(lambda: self.workspace.code_span(article_id, span[0], span[1], code_id)):
            self.statusBar().showMessage(
                self.tr("Coded “%1” as %2")
                .replace("%1", self.article_text[span[0] : span[1]][:30])
                .replace("%2", self._code_name(code_id)),
                4000,
            )

    def select_segment(self, segment_id: int) -> None:
        """Emphasise a segment in the text and the list."""
        self.view.set_selected_segment(segment_id)
        self.segment_list.select_segment(segment_id)
        segment = next(
            (s for s in self.workspace.segments(self.article_id or 0) if s.id == segment_id), None
        )
        if segment is not None and self.sender() is self.segment_list:
            self.view.select_span(segment.start, segment.end)

    def delete_segment(self) -> None:
        """Delete the selected segment."""
        segment_id = self.view.selected_segment
        if segment_id is not None:
            self._perform(lambda: self.workspace.delete_segments([segment_id]))
            self.view.set_selected_segment(None)

    def edit_memo(self) -> None:
        """Edit the selected segment's memo."""
        segment_id = self.view.selected_segment
        if segment_id is None:
            return
        current = next(
            (s.memo for s in self.workspace.segments(self.article_id or 0) if s.id == segment_id),
            "",
        )
        memo, ok = QInputDialog.getMultiLineText(
            self, self.tr("Memo"), self.tr("Memo for this segment:"), current
        )
        if ok:
            self._perform(lambda: self.workspace.change_segment(segment_id, memo=memo))

    def resize_segment(self) -> None:
        """Move the selected segment's boundaries to the current text selection."""
        segment_id, span = self.view.selected_segment, self.view.selected_span()
        if segment_id is not None and span is not None:
            self._perform(
                lambda: self.workspace.change_segment(segment_id, start=span[0], end=span[1])
            )

    def extend_by_word(self, step: int) -> None:
        """Grow (or shrink) the selection's end by one word."""
        boundaries = self.view.boundaries
        cursor_span = self.view.selected_span()
        position = self.view.offsets.from_qt(self.view.textCursor().position())
        start, end = cursor_span if cursor_span else (position, position)
        if not boundaries:
            return
        ends = [0, *boundaries]
        if step > 0:
            end = next((b for b in ends if b > end), end)
        else:
            end = max((b for b in ends if b < end and b > start), default=start)
        if end > start:
            self.view.select_span(*snap_to_words(boundaries, start, end))

    def _suggestion_at_cursor(self) -> tuple[int, int, int, str] | None:
        span = self.view.selected_span()
        if span is None:
            return None
        return next((s for s in self.view.suggestions if (s[0], s[1]) == span), None)

    def next_suggestion(self) -> None:
        """Select the next suggestion after the current one (suggestions may overlap)."""
        cursor = self.view.textCursor()
        current = (
            self.view.offsets.from_qt(cursor.selectionStart()),
            self.view.offsets.from_qt(cursor.selectionEnd()),
        )
        if not cursor.hasSelection():
            current = (current[0] - 1, current[1])  # a suggestion starting at the caret is next
        after = [s for s in self.view.suggestions if s[:2] > current] or self.view.suggestions
        if after:
            self.view.select_span(after[0][0], after[0][1])
            self.statusBar().showMessage(
                self.tr("Suggestion: %1 — Ctrl+Return accepts, Ctrl+Backspace dismisses").replace(
                    "%1", self._code_name(after[0][2])
                ),
                6000,
            )

    def accept_suggestion(self) -> None:
        """Code the selected suggestion with its code."""
        suggestion = self._suggestion_at_cursor()
        if suggestion is not None:
            self.code_selection(suggestion[2])
            self.next_suggestion()

    def dismiss_suggestion(self) -> None:
        """Hide the selected suggestion for this session."""
        suggestion = self._suggestion_at_cursor()
        if suggestion is not None:
            self.dismissed.add(suggestion[:3])
            self._refresh_suggestions()
            self.next_suggestion()

    def toggle_script(self) -> None:
        """Switch a Traditional article between its own script and Simplified, highlights kept."""
        self.simplified = self.script_action.isChecked()
        self.view.replace_text_keeping_layout(
            simplified_view(self.article_text) if self.simplified else self.article_text
        )

    def _toggle_snap(self) -> None:
        self.view.snap_to_words = self.snap_action.isChecked()
        self.settings.setValue("snap", self.view.snap_to_words)

    def zoom(self, step: int) -> None:
        """Change the article's font size (remembered)."""
        font = self.view.font()
        size = min(max(font.pointSize() + step, MIN_FONT), MAX_FONT)
        font.setPointSize(size)
        self.view.setFont(font)
        self.settings.setValue("font_size", size)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
