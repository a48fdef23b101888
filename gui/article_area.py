"""The article area of the coding window: the article view and its header, the segment list,
what the view shows (segments, keyword and review suggestions, flagged passages), and the
coding done on a selection: code it (by key, by dropping a code on it, "Code with…" on
right-click, in vivo), recode, resize or delete a segment, edit its memo, step by a word, take
or dismiss a suggestion, switch the script (remembered), zoom in steps; the cleaning panel and
the "Coded segments" window are opened from here. Every coding action says what it did in the
status bar, and a permanent "saved" mark there shows when the last change was stored.

The actions this part adds (in vivo, Coded segments, cleaning, zoom reset and Ctrl+=) are
created here as window actions, so their keys work wherever the window puts them in a menu.

`ArticleArea` is mixed into `MainWindow` (gui/main_window.py): `self` is the window, so every
name here stays reachable on it (window.view, window.open_article, window.code_selection).
Its strings are translated in the context "ArticleArea": PySide's tr() looks a string up under
each class of the window's type in turn, and lupdate files it under the class it is written in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import traceback

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QInputDialog, QLabel, QMenu, QVBoxLayout, QWidget

from coding.segments import SegmentInfo
from corpus.script import fold, simplified_view
from gui.article_view import ArticleView, Flag, Span
from gui.cleaning_panel import CleaningPanel, change_cleaning, flag_message, visible_removals
from gui.plurals import counted
from gui.retrieval_window import RetrievalWindow, open_retrieval_window
from gui.segment_list import SegmentList
from gui.worker_threads import start_worker
from models.journal import Changes

# The article's text sizes, in points: Ctrl+= and Ctrl+- step through them, Ctrl+0 goes back
# to the default. Steps grow with the size, so each press is a change one can see.
FONT_STEPS = (9, 10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 28, 32)
DEFAULT_FONT = 14
MIN_FONT, MAX_FONT = FONT_STEPS[0], FONT_STEPS[-1]
RECENT_CODES = 8  # how many codes "Code with…" lists
IN_VIVO_NAME_CHARS = 40
# Colours for codes made in vivo: distinct hues that stay readable behind black text.
IN_VIVO_COLORS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip


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
        self.view.code_dropped.connect(self.code_dropped_on_text)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._article_menu)
        self.header.linkActivated.connect(lambda _link: self.open_cleaning_panel())
        self.recent_codes: list[int] = []
        self.cleaning_panel: CleaningPanel | None = None
        self.retrieval_window: RetrievalWindow | None = None
        self.saved_label = QLabel()
        self.saved_label.setContentsMargins(6, 0, 6, 0)
        self.statusBar().addPermanentWidget(self.saved_label)
        self.workspace.subscribe(self._tell_change)
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
        self._build_article_actions()

    def _window_action(self, text: str, shortcuts: list[str], slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)  # its keys work before (and wherever) a menu shows it
        return action

    def _build_article_actions(self) -> None:
        self.in_vivo_action = self._window_action(
            self.tr("Code in vivo (the selected words become a new top-level code)"),
            ["Ctrl+Shift+I"],
            self.code_in_vivo,
        )
        # A child only when asked for: the codebook's current code is often just the last one
        # dragged or clicked, not a parent the coder meant.
        self.in_vivo_child_action = self._window_action(
            self.tr("Code in vivo under the codebook's selected code"),
            [],
            lambda: self.code_in_vivo(under_current=True),
        )
        # Ctrl+Shift+arrows, the text editors' "select by word": Alt+Shift+arrows belong to
        # many window managers (openbox moves the window to another desktop with them).
        self.extend_word_action = self._window_action(
            self.tr("Extend selection by a word"),
            ["Ctrl+Shift+Right"],
            lambda: self.extend_by_word(1),
        )
        self.shrink_word_action = self._window_action(
            self.tr("Shrink selection by a word"),
            ["Ctrl+Shift+Left"],
            lambda: self.extend_by_word(-1),
        )
        self.retrieval_action = self._window_action(
            self.tr("Coded segments…"), ["Ctrl+Shift+R"], self.open_retrieval
        )
        self.cleaning_action = self._window_action(
            self.tr("What cleaning changed…"), [], self.open_cleaning_panel
        )
        # Ctrl+= is what most keyboards give for "larger" without Shift; the View menu's
        # "Larger text" keeps the platform's own Ctrl++.
        self.zoom_in_equals_action = self._window_action(
            self.tr("Larger text"), ["Ctrl+="], lambda: self.zoom(1)
        )
        self.zoom_reset_action = self._window_action(
            self.tr("Text at normal size"), ["Ctrl+0"], self.zoom_reset
        )

    def _code_name(self, code_id: int) -> str:
        # Code names are the codebook's data, shown as the lead wrote them in either language.
        node = self.tree.by_id.get(code_id)
        return node.name if node is not None else "?"

    def open_article(self, article_id: int) -> None:
        """Show an article with its segments, values and suggestions."""
        article = self.workspace.article(article_id)
        self.article_id = article_id
        self.article_text = article.text
        # The Simplified view is a reader's preference: it stays on across articles and launches.
        wanted = bool(self.settings.value("simplified_view", False, type=bool))
        traditional = article.summary.script == "traditional"
        self.simplified = wanted and traditional
        self.script_action.setChecked(wanted)
        self.script_action.setEnabled(traditional)
        self.view.show_text(simplified_view(article.text) if self.simplified else article.text)
        self.view.set_flags(
            [
                Flag(
                    int(f["start"]),
                    int(f["end"]),
                    str(f.get("kind", "")),
                    flag_message(str(f.get("kind", "")), str(f.get("message", ""))),
                )
                for f in article.flags
                if int(f.get("end", 0)) > int(f.get("start", 0))
            ]
        )
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
        done = " " + unbreakable_html("✔ " + self.tr("Done"), "#1e8449") if status == "done" else ""
        self.header.setText(
            f"<span style='font-size:15pt;font-weight:600'>{_escape(s.title)}</span>{done}"
            f"<br><span style='color:#5f6b73'>{_escape(meta)}</span>" + self._cleaning_note(article)
        )
        if self.cleaning_panel is not None and self.cleaning_panel.isVisible():
            if self.cleaning_panel.article.summary.id == article_id:
                self.cleaning_panel.show_article(article, self.workspace.article_coding(article_id))
            else:
                self.cleaning_panel.close()
        self._refresh_segments()
        self.sheet.show_values(self.workspace.values(article_id))
        self._refresh_hits()
        self._select_in_list(article_id)
        self._load_boundaries(article_id)
        if self.suggestions_panel is not None:  # built after the first paint at launch
            self.suggestions_panel.show_article(article_id)

    def _cleaning_note(self, article: object) -> str:
        # A line under the title when the import flagged passages or cleaning removed text:
        # the link opens the cleaning panel.
        flagged = sum(1 for f in article.flags if f.get("message"))  # type: ignore[attr-defined]
        changed = len(visible_removals(article))  # type: ignore[arg-type]
        if not flagged and not changed:
            return ""
        # Plurals through the class's own context: PySide's tr() on a mixin looks a numerus
        # string up in the window's context only, and the link text outside an f-string, where
        # lupdate cannot see it.
        parts = []
        if flagged:
            parts.append(
                counted(
                    QCoreApplication.translate(
                        "ArticleArea", "⚠ %n passage(s) to check", "", flagged
                    ),
                    flagged,
                )
            )
        if changed:
            parts.append(
                counted(
                    QCoreApplication.translate("ArticleArea", "%n cleaning change(s)", "", changed),
                    changed,
                )
            )
        review = self.tr("Review…")
        return (
            "<br><span style='color:#a04000'>" + _escape(" · ".join(parts)) + "</span> "
            "<a href='cleaning'>" + _escape(review) + "</a>"
        )

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
                    code_id=s.code_id,
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
                before = self._span_of(segment_id)
                if self._perform(
                    lambda: self.workspace.change_segment(segment_id, code_id=code_id)
                ):
                    if before is not None and before.code_id != code_id:
                        self._count({before.code_id: -1, code_id: 1})
                    self._remember_code(code_id)
                    self.statusBar().showMessage(
                        self.tr("Recoded the segment as %1").replace(
                            "%1", self._code_name(code_id)
                        ),
                        4000,
                    )
            else:
                self.statusBar().showMessage(
                    self.tr("Select some text first, then press the code's key."), 5000
                )
            return
        article_id = self.article_id
        created: list[int] = []
        if self._perform(
            lambda: created.append(
                self.workspace.code_span(article_id, span[0], span[1], code_id).id
            )
        ):
            # The new segment is the current one: Ctrl+M, Delete or Ctrl+R act on it at once.
            self._make_current(created[0])
            self._count({code_id: 1})
            self._remember_code(code_id)
            self.statusBar().showMessage(
                self.tr("Coded “%1” as %2")
                .replace("%1", self.article_text[span[0] : span[1]][:30])
                .replace("%2", self._code_name(code_id)),
                4000,
            )

    def select_segment(self, segment_id: int) -> None:
        """Make a segment the current one: emphasised in the text and the list.

        Chosen in the list, the text scrolls to it with the caret at its start but nothing
        selected, exactly as after clicking it in the text: a code key then recodes it (a
        selection would be coded again as a new, duplicate segment).
        """
        self._make_current(segment_id)
        span = next((s for s in self.view.spans if s.segment_id == segment_id), None)
        if span is not None and self.sender() is self.segment_list:
            self.view.show_position(span.start)

    def _span_of(self, segment_id: int) -> Span | None:
        return next((s for s in self.view.spans if s.segment_id == segment_id), None)

    def _count(self, deltas: dict[int, int]) -> None:
        # The codebook's counts follow this window's coding at once; a reload from the
        # database (debounced, after the coder pauses) confirms them and counts undo too.
        self.codebook_panel.model.add_to_counts(deltas)

    def _make_current(self, segment_id: int | None) -> None:
        self.view.set_selected_segment(segment_id)
        self.segment_list.select_segment(segment_id)

    def _segment_words(self, segment_id: int) -> tuple[str, str]:
        # The code's name and the segment's text (shortened), for dialogs and messages.
        span = next((s for s in self.view.spans if s.segment_id == segment_id), None)
        if span is None:
            return "", ""
        text = re.sub(r"\s+", " ", self.article_text[span.start : span.end])
        return span.name, text if len(text) <= 40 else text[:39] + "…"

    def delete_segment(self) -> None:
        """Delete the selected segment."""
        segment_id = self.view.selected_segment
        if segment_id is None:
            self.statusBar().showMessage(self.tr("Click a segment first, then delete it."), 5000)
            return
        span = self._span_of(segment_id)
        if self._perform(lambda: self.workspace.delete_segments([segment_id])):
            self.view.set_selected_segment(None)
            if span is not None:
                self._count({span.code_id: -1})
            self.statusBar().showMessage(
                self.tr("Deleted the segment “%1” (%2) — Ctrl+Z brings it back")
                .replace("%1", self.article_text[span.start : span.end][:30] if span else "")
                .replace("%2", span.name if span else ""),
                5000,
            )

    def edit_memo(self) -> None:
        """Edit the selected segment's memo."""
        segment_id = self.view.selected_segment
        if segment_id is None:
            return
        current = next(
            (s.memo for s in self.workspace.segments(self.article_id or 0) if s.id == segment_id),
            "",
        )
        code, text = self._segment_words(segment_id)
        memo, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("Memo — %1").replace("%1", code),
            self.tr("Memo for “%1” (coded as %2):").replace("%1", text).replace("%2", code),
            current,
        )
        if not ok or memo == current:
            return
        if self._perform(lambda: self.workspace.change_segment(segment_id, memo=memo)):
            self.statusBar().showMessage(
                self.tr("Memo saved") if memo.strip() else self.tr("Memo cleared"), 4000
            )

    def resize_segment(self) -> None:
        """Move the selected segment's boundaries to the current text selection."""
        segment_id, span = self.view.selected_segment, self.view.selected_span()
        if (
            segment_id is not None
            and span is not None
            and self._perform(
                lambda: self.workspace.change_segment(segment_id, start=span[0], end=span[1])
            )
        ):
            self.statusBar().showMessage(
                self.tr("The segment now covers “%1”").replace(
                    "%1", self.article_text[span[0] : span[1]][:30]
                ),
                4000,
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
            self.view.select_span(*self.view.snapped(start, end))

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
        self.settings.setValue("simplified_view", self.script_action.isChecked())
        self.simplified = self.script_action.isChecked()
        self.view.replace_text_keeping_layout(
            simplified_view(self.article_text) if self.simplified else self.article_text
        )

    def _toggle_snap(self) -> None:
        self.view.snap_to_words = self.snap_action.isChecked()
        self.settings.setValue("snap", self.view.snap_to_words)

    def zoom(self, step: int) -> None:
        """Make the article's text one step larger (1) or smaller (-1); remembered."""
        current = self.view.font().pointSize()
        if step > 0:
            size = next((s for s in FONT_STEPS if s > current), MAX_FONT)
        else:
            size = next((s for s in reversed(FONT_STEPS) if s < current), MIN_FONT)
        self._set_text_size(size)

    def zoom_reset(self) -> None:
        """Put the article's text back at its normal size."""
        self._set_text_size(DEFAULT_FONT)

    def _set_text_size(self, size: int) -> None:
        font = self.view.font()
        font.setPointSize(size)
        self.view.setFont(font)
        self.settings.setValue("font_size", size)
        self.statusBar().showMessage(
            self.tr("Text size %1 pt (Ctrl+= larger, Ctrl+- smaller, Ctrl+0 normal)").replace(
                "%1", str(size)
            ),
            3000,
        )

    # -- more ways to code ----------------------------------------------------------------------

    def _recent_key(self) -> str:
        # One list per project, by code GUID (ids differ between projects and coder files).
        location = self.workspace.database.location.encode("utf-8", "replace")
        return "recent_codes/" + hashlib.sha1(location).hexdigest()[:16]

    def _load_recent_codes(self) -> None:
        guids = self.settings.value(self._recent_key(), [])
        by_guid = {n.guid.upper(): n.id for n in self.tree}
        if isinstance(guids, str):  # QSettings gives a one-item list back as a string
            guids = [guids]
        self.recent_codes = [by_guid[g] for g in guids or [] if g in by_guid][:RECENT_CODES]

    def _remember_code(self, code_id: int) -> None:
        if not self.recent_codes:
            self._load_recent_codes()  # the last session's codes come first in line
        if code_id in self.recent_codes:
            self.recent_codes.remove(code_id)
        self.recent_codes.insert(0, code_id)
        del self.recent_codes[RECENT_CODES:]
        self.settings.setValue(
            self._recent_key(),
            [self.tree.by_id[c].guid.upper() for c in self.recent_codes if c in self.tree.by_id],
        )

    def code_dropped_on_text(self, code_id: int) -> None:
        """A code dragged from the codebook and dropped on the text codes the selection."""
        if code_id not in self.tree.by_id:
            return
        self.code_selection(code_id)

    def code_in_vivo(self, under_current: bool = False) -> None:
        """The selected words become a new code, coding the selection.

        A top-level code, as in NVivo and MAXQDA; under the codebook's selected code only
        when the coder asked for that (`under_current`, the right-click menu's entry).
        """
        if self.article_id is None:
            return
        span = self.view.selected_span()
        name = in_vivo_name(self.article_text[span[0] : span[1]]) if span else ""
        if span is None or not name:
            self.statusBar().showMessage(
                self.tr("Select the words that should name the new code first."), 5000
            )
            return
        parent_id = self.codebook_panel.current_code() if under_current else None
        parent = self.tree.by_id.get(parent_id) if parent_id is not None else None
        if parent is not None and parent.retired:
            self.statusBar().showMessage(
                self.tr("“%1” is retired: no new code can go under it.").replace("%1", parent.name),
                6000,
            )
            return
        siblings = (
            parent.children if parent is not None else [n for n in self.tree if n.parent is None]
        )
        existing = next((n for n in siblings if n.name == name), None)
        if existing is not None:  # the words already name a code there: code with it
            self.code_selection(existing.id)
            return
        used = {n.color.lower() for n in self.tree}
        color = next((c for c in IN_VIVO_COLORS if c not in used), IN_VIVO_COLORS[len(used) % 10])
        article_id, parent_key = self.article_id, parent.id if parent else None
        segments: list[SegmentInfo] = []
        if self._perform(
            lambda: segments.append(
                self.workspace.code_in_vivo(article_id, span[0], span[1], parent_key, name, color)
            )
        ):
            self._remember_code(segments[0].code_id)
            self._make_current(segments[0].id)
            if parent is None:
                message = self.tr("New top-level code “%1” codes the selection").replace("%1", name)
            else:
                message = (
                    self.tr("New code “%1” under “%2” codes the selection")
                    .replace("%1", name)
                    .replace("%2", parent.path_text)
                )
            self.statusBar().showMessage(message, 6000)

    def _code_icon(self, code_id: int) -> QIcon:
        pixmap = QPixmap(12, 12)
        node = self.tree.by_id.get(code_id)
        pixmap.fill(QColor(node.color if node else "#888888"))
        return QIcon(pixmap)

    def article_menu(self, position: QPoint) -> QMenu:
        """The right-click menu: Code with… (recent codes), in vivo, the segment's actions."""
        menu = QMenu(self)
        if self.view.selected_span() is None:
            # A right-click on a segment with no text selected acts on that segment.
            covering = self.view.spans_at(
                self.view.offsets.from_qt(self.view.cursorForPosition(position).position())
            )
            if covering:
                self.select_segment(covering[0].segment_id)
        if not self.recent_codes:
            self._load_recent_codes()
        recent = [
            c for c in self.recent_codes if c in self.tree.by_id and not self.tree.by_id[c].retired
        ]
        code_with = menu.addMenu(self.tr("Code with…"))
        for code_id in recent:
            action = code_with.addAction(self._code_icon(code_id), self._code_name(code_id))
            action.triggered.connect(lambda _checked=False, c=code_id: self.code_selection(c))
        if not recent:
            code_with.addAction(self.tr("(no code used yet in this session)")).setEnabled(False)
        code_with.addSeparator()
        self._all_codes_menu(code_with.addMenu(self.tr("All codes…")))
        if self.view.selected_span() is None and self.view.selected_segment is None:
            code_with.setEnabled(False)
        menu.addAction(self.in_vivo_action)
        self.in_vivo_action.setEnabled(self.view.selected_span() is not None)
        current = self.codebook_panel.current_code()
        node = self.tree.by_id.get(current) if current is not None else None
        if node is not None and not node.retired:
            child = menu.addAction(self.tr("Code in vivo under “%1”").replace("%1", node.name))
            child.triggered.connect(self.in_vivo_child_action.trigger)
            child.setEnabled(self.view.selected_span() is not None)
        menu.addSeparator()
        has_segment = self.view.selected_segment is not None
        for text, slot in (
            (self.tr("Edit memo of segment…"), self.edit_memo),
            (self.tr("Delete segment"), self.delete_segment),
        ):
            action = menu.addAction(text)
            action.triggered.connect(slot)
            action.setEnabled(has_segment)
        menu.addSeparator()
        copy = menu.addAction(self.tr("Copy"))
        copy.triggered.connect(self.view.copy)
        copy.setEnabled(self.view.selected_span() is not None)
        menu.addAction(self.retrieval_action)
        menu.addAction(self.cleaning_action)
        return menu

    def _all_codes_menu(self, menu: QMenu) -> None:
        # The whole codebook as the tree shows it: a parent code is a submenu whose first
        # entry codes with the parent itself. Retired codes are left out (no new coding).
        def fill(target: QMenu, nodes: list) -> None:  # type: ignore[type-arg]
            for node in nodes:
                if node.retired:
                    continue
                label = node.name + (f"\t{node.key}" if node.key else "")
                if node.children:
                    sub = target.addMenu(self._code_icon(node.id), node.name)
                    own = sub.addAction(self._code_icon(node.id), label)
                    own.triggered.connect(lambda _c=False, c=node.id: self.code_selection(c))
                    sub.addSeparator()
                    fill(sub, node.children)
                else:
                    action = target.addAction(self._code_icon(node.id), label)
                    action.triggered.connect(lambda _c=False, c=node.id: self.code_selection(c))

        fill(menu, self.tree.roots)
        if menu.isEmpty():
            menu.addAction(self.tr("(the codebook has no codes yet)")).setEnabled(False)

    def _article_menu(self, position: QPoint) -> None:
        menu = self.article_menu(position)
        menu.exec(self.view.viewport().mapToGlobal(position))
        self.in_vivo_action.setEnabled(True)

    # -- windows opened from the article -------------------------------------------------------

    def open_cleaning_panel(self) -> None:
        """Show what cleaning removed or changed in the open article, to put some of it back."""
        if self.article_id is None:
            return
        article_id = self.article_id
        article = self.workspace.article(article_id)
        if self.cleaning_panel is not None:
            self.cleaning_panel.close()
        self.cleaning_panel = CleaningPanel(
            article,
            self.workspace.article_coding(article_id),
            change_cleaning(self, article_id),
            self,
        )
        self.cleaning_panel.show()

    def open_retrieval(self) -> None:
        """Open the "Coded segments" window (on the codebook's current code)."""
        if self.retrieval_window is not None:
            self.retrieval_window.close()
        self.retrieval_window = open_retrieval_window(self, self.show_segment)

    def show_segment(self, article_id: int, segment_id: int) -> None:
        """Bring the main window to a segment: open its article, select and show it."""
        if self.article_id != article_id:
            self.open_article(article_id)
        segment = next((s for s in self.view.spans if s.segment_id == segment_id), None)
        if segment is None:
            self.statusBar().showMessage(self.tr("That segment no longer exists."), 5000)
            return
        self._make_current(segment_id)
        self.view.show_position(segment.start)
        self.raise_()
        self.activateWindow()

    # -- feedback -------------------------------------------------------------------------------

    def _tell_change(self, changes: Changes, initiator: object | None) -> None:
        # Every change this window makes is stored at once: the mark says so, with the time.
        # Undo and redo say what they did; the other actions word their own messages.
        if initiator is not None:  # the team's changes are told by team_actions
            return
        with contextlib.suppress(RuntimeError):  # the window is already gone
            self.saved_label.setText(
                "✔ " + self.tr("Saved %1").replace("%1", dt.datetime.now().strftime("%H:%M:%S"))
            )
            self.saved_label.setToolTip(
                self.tr("Every change is stored in the project file the moment it is made.")
            )
            stack = self.workspace.undo_stack
            step = self.workspace.last_step
            if step == "undo" and stack.redo_label:
                self.statusBar().showMessage(
                    self.tr("Undone: %1").replace("%1", self.operation_name(stack.redo_label)), 4000
                )
            elif step == "redo" and stack.undo_label:
                self.statusBar().showMessage(
                    self.tr("Redone: %1").replace("%1", self.operation_name(stack.undo_label)), 4000
                )

    def operation_name(self, label: str) -> str:
        """An undoable step's name (models/journal labels) in the interface's language."""
        names = {
            "Code selection": self.tr("coding of a selection"),
            "Code in vivo": self.tr("in-vivo coding"),
            "Change segment": self.tr("change of a segment"),
            "Delete segment": self.tr("deletion of a segment"),
            "Auto-code search hits": self.tr("auto-coding of search hits"),
            "Set value": self.tr("a coding-sheet value"),
            "Mark article done": self.tr("marking an article done"),
            "Accept version": self.tr("accepting a version"),
            "Add code": self.tr("adding a code"),
            "Edit code": self.tr("editing a code"),
            "Rename code": self.tr("renaming a code"),
            "Recolour code": self.tr("recolouring a code"),
            "Move code": self.tr("moving a code"),
            "Reorder code": self.tr("reordering codes"),
            "Merge codes": self.tr("merging codes"),
            "Split code": self.tr("splitting a code"),
            "Retire code": self.tr("retiring a code"),
            "Unretire code": self.tr("bringing back a code"),
            "Delete code": self.tr("deleting a code"),
            "Add variable": self.tr("adding a variable"),
            "Edit variable": self.tr("editing a variable"),
            "Retire variable": self.tr("retiring a variable"),
            "Unretire variable": self.tr("bringing back a variable"),
            "Change codebook": self.tr("a codebook change"),
        }
        return names.get(label, label)


def unbreakable_html(text: str, color: str) -> str:
    """`text` as rich text that wraps as a whole, never inside itself ("✔ 已完 / 成").

    Qt's rich text ignores `white-space: nowrap` on a span, and Chinese text may break between
    any two characters; a word joiner (U+2060) between them forbids that break.
    """
    glued = "\u2060".join("&nbsp;" if ch == " " else _escape(ch) for ch in text)
    return f"<span style='color:{color}'>{glued}</span>"


def in_vivo_name(selected: str) -> str:
    """A code name from selected words: one line, spaces collapsed, at most 40 characters."""
    name = re.sub(r"\s+", " ", selected).strip()
    return name[:IN_VIVO_NAME_CHARS].strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
