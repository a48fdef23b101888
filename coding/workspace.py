"""The Workspace: the one object the window holds, over an open project and one coder.

It answers the window's questions with plain data (articles with their status, the codebook,
an article's visible segments and values) and performs every change as an undoable operation
on its `UndoStack`, telling its listeners what changed so panels refresh themselves from one
broadcast. Blind mode (the default) shows a coder only their own segments and values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import func, select

from codebook.operations import AddCode
from codebook.spec import CodeSpec
from codebook.store import CodeRow, code_rows
from codebook.tree import CodeTree, code_tree_in
from coding.coders import CoderInfo, workspace_coder
from coding.following import SharedState, shared_state
from coding.retrieval import RetrievalQuery, RetrievedSegment, coded_segments
from coding.segments import (
    AddSegments,
    ChangeSegment,
    CodeInVivo,
    RemoveSegments,
    SegmentInfo,
    segments_of,
)
from coding.status import SetStatus, statuses
from coding.values import SetValue, values_of
from corpus.articles import ArticleDetail, get_article, set_edit_active
from corpus.search import Hit, OtherReading, other_readings, search
from corpus.segmentation import Segmenter, article_boundaries, project_words
from models.database import ProjectDatabase, ProjectError, open_project
from models.entities import Article, Coder, ProjectInfo, Segment, Variable
from models.journal import Changes, Operation, UndoStack

Listener = Callable[[Changes, object | None], None]
TEAM = "team"  # the initiator of changes another coder or the lead made


class ArticleRow(NamedTuple):
    """One line of the coder's article list.

    A named tuple, not a dataclass: a large project's list makes 100,000 of them before the
    window first paints, and a tuple is made in a third less time.
    """

    id: int
    title: str
    outlet: str | None
    published: dt.date | None
    script: str
    chars: int
    status: str  # "todo", "done", or "" when not assigned to this coder
    segments: int  # this coder's segments (all coders' when not blind)


@dataclass(frozen=True)
class VariableInfo:
    """A coding-sheet variable as plain data, with its allowed values in order."""

    id: int
    name: str
    label: str
    label_en: str | None
    level: str
    required: bool
    choices: tuple[tuple[str, str, str | None], ...]  # (value, label, label_en)
    minimum: float | None
    maximum: float | None
    description: str


@dataclass(frozen=True)
class ArticleCoding:
    """Who has coded an article: this coder's segments, and the other coders'.

    `others` names the other coders only when they may be named (not in blind mode).
    """

    own: int
    other_segments: int
    others: tuple[str, ...] = ()

    @property
    def coded(self) -> bool:
        """Whether anyone has coded the article."""
        return bool(self.own or self.other_segments)


def _date(value: object) -> dt.date | None:
    """A date column as the driver gives it (SQLite: ISO text; PostgreSQL: a date)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class Workspace:
    """An open project seen by one coder."""

    def __init__(self, database: ProjectDatabase, coder: CoderInfo) -> None:
        """Work on `database` as `coder`."""
        self.database = database
        self.coder = coder
        self.undo_stack = UndoStack(database, coder.id)
        self._listeners: list[Listener] = []
        self._segmenter: Segmenter | None = None
        self._blind: bool | None = None
        self._shared: SharedState | None = None  # what the window last saw of shared things
        self._generation = 0  # counts our own changes of shared things
        self._adopt: set[str] = set()  # parts of the shared state we changed ourselves
        # What the last change broadcast was: "do", "undo" or "redo" (the status bar says so).
        self.last_step = ""

    @classmethod
    def open(cls, target: str | Path, coder_name: str) -> Workspace:
        """Open a project and work in it as the named coder (added if new).

        On a shared server the connection's role decides who codes (coding.coders).
        """
        database = open_project(target)
        try:
            return cls(database, workspace_coder(database, coder_name))
        except ProjectError:
            database.close()
            raise

    def close(self) -> None:
        """Release the database."""
        self.database.close()

    # -- settings ---------------------------------------------------------------------------

    def _settings(self) -> dict[str, Any]:
        with self.database.session() as session:
            return dict(session.scalars(select(ProjectInfo.settings)).one() or {})

    @property
    def blind(self) -> bool:
        """Whether a coder sees only their own work (on unless the lead turned it off)."""
        # Read once: the window asks several times per coding action. Another coder's window
        # sees a change of the setting when it next opens the project.
        if self._blind is None:
            self._blind = bool(self._settings().get("blind", True))
        return self._blind

    def set_blind(self, blind: bool) -> None:
        """Turn blind mode on or off for the project."""
        with self.database.session() as session:
            info = session.scalars(select(ProjectInfo)).one()
            info.settings = {**(info.settings or {}), "blind": blind}
        self._blind = blind
        self._tell(Changes(visibility=True), None)

    def _visible_coders(self) -> list[int] | None:
        return [self.coder.id] if self.blind else None

    # -- reading ------------------------------------------------------------------------------

    def article_rows(self, ids: Collection[int] | None = None) -> list[ArticleRow]:
        """Articles (all, or these ids) with this coder's status and segment count; no text."""
        with self.database.session() as session:
            status = statuses(session, self.coder.id, ids)
            count_query = select(Segment.article_id, func.count(Segment.id)).group_by(
                Segment.article_id
            )
            rows_query = select(
                Article.id,
                Article.title,
                Article.outlet,
                Article.published,
                Article.script,
                Article.chars,
            ).order_by(Article.id)
            if ids is not None:
                count_query = count_query.where(Segment.article_id.in_(list(ids)))
                rows_query = rows_query.where(Article.id.in_(list(ids)))
            if self.blind:
                count_query = count_query.where(Segment.coder_id == self.coder.id)
            counts = {int(a): int(n) for a, n in session.execute(count_query)}
            if ids is None:
                # Every article: read through the driver's own cursor (the covering index
                # ix_articles_list), twice as fast as result processing on 100,000 rows.
                cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                cursor.execute(
                    "SELECT id, title, outlet, published, script, chars FROM articles ORDER BY id"
                )
                rows: Any = cursor.fetchall()
                cursor.close()
            else:
                rows = session.execute(rows_query)
            return [
                ArticleRow(i, t, o, _date(p), s, c, status.get(i, ""), counts.get(i, 0))
                for i, t, o, p, s, c in rows
            ]

    def article(self, article_id: int) -> ArticleDetail:
        """The whole record of one article."""
        return get_article(self.database, article_id)

    def codes(self) -> list[CodeRow]:
        """The code tree, depth first."""
        return code_rows(self.database)

    def code_tree(self) -> CodeTree:
        """The code tree with the segment counts this coder may see (their own when blind).

        The codebook panel shows these counts: in blind mode another coder's work must not
        show through them, and they agree with the "Coded segments" list.
        """
        with self.database.session() as session:
            tree = code_tree_in(session)
            if not self.blind:
                return tree
            own = {
                int(code_id): int(count)
                for code_id, count in session.execute(
                    select(Segment.code_id, func.count(Segment.id))
                    .where(Segment.coder_id == self.coder.id)
                    .group_by(Segment.code_id)
                )
            }
        for node in tree:
            node.segments = own.get(node.id, 0)
        for node in reversed(list(tree)):  # children before their parents
            node.total_segments = node.segments + sum(c.total_segments for c in node.children)
        return tree

    def code_segment_total(self, code_id: int) -> int:
        """Every coder's segments on a code and its sub-codes (what deleting it would touch)."""
        with self.database.session() as session:
            tree = code_tree_in(session)
        node = tree.by_id.get(code_id)
        return node.total_segments if node is not None else 0

    def variables(self) -> list[VariableInfo]:
        """The coding sheet's variables that are in use, in order."""
        with self.database.session() as session:
            variables = session.scalars(
                select(Variable)
                .where(Variable.retired.is_(False))
                .order_by(Variable.position, Variable.id)
            ).all()
            return [
                VariableInfo(
                    v.id,
                    v.name,
                    v.label,
                    v.label_en,
                    v.level,
                    v.required,
                    tuple((c.value, c.label, c.label_en) for c in v.choices),
                    v.minimum,
                    v.maximum,
                    v.description,
                )
                for v in variables
            ]

    def segments(self, article_id: int) -> list[SegmentInfo]:
        """The article's segments this coder may see."""
        with self.database.session() as session:
            return segments_of(session, article_id, self._visible_coders())

    def values(self, article_id: int) -> dict[int, str]:
        """This coder's variable values for the article, by variable id."""
        with self.database.session() as session:
            return values_of(session, article_id, self.coder.id)

    def search(self, query: str, limit: int = 1000) -> list[Hit]:
        """Occurrences of a term across the corpus, in either script."""
        with self.database.engine.connect() as connection:
            return search(connection, query, limit=limit)

    def other_readings(self, query: str, limit: int = 1000) -> list[OtherReading]:
        """The readings a Traditional one-to-many query left out (髮: 發), with their hits."""
        with self.database.engine.connect() as connection:
            return other_readings(connection, query, limit=limit)

    @property
    def segmenter(self) -> Segmenter:
        """The project's segmenter (jieba loads on its first use, not here)."""
        if self._segmenter is None:
            self._segmenter = Segmenter(project_words(self.database))
        return self._segmenter

    def word_boundaries(self, article_id: int) -> list[int]:
        """The article's word end offsets (cached in the project)."""
        return article_boundaries(self.database, article_id, self.segmenter)

    # -- changing -----------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(changes, initiator)` after every change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop telling `listener` (a window that closes)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def announce(self, changes: Changes) -> None:
        """Tell the listeners about a change made outside the undo stack (an import)."""
        self._tell(changes, None)

    def _tell(self, changes: Changes, initiator: object | None) -> None:
        if initiator is not TEAM:
            # Our own change of a shared thing is not news from the team: polls already under
            # way are dropped, and the next one takes these parts as they are, silently. No
            # query here: the action is stored and must not fail on a look at the team.
            own = {
                "codebook_version": changes.codebook,
                "assignments": changes.assignments,
                "blind": changes.visibility,
                "work": bool(
                    changes.articles or changes.segments or changes.values or changes.codebook
                )
                or changes.assignments,
            }
            touched = {part for part, changed in own.items() if changed}
            if touched:
                self._generation += 1
                self._adopt |= touched
        for listener in list(self._listeners):
            listener(changes, initiator)

    # -- following the team -------------------------------------------------------------------

    def shared_state(self) -> SharedState:
        """The codebook version, blind mode, this coder's assignments, others' work.

        Safe on any thread; the state remembers which of our own changes it has seen.
        """
        generation = self._generation
        return replace(shared_state(self.database, self.coder.id), generation=generation)

    def apply_shared_state(self, state: SharedState) -> Changes | None:
        """Tell the listeners what the team changed since the last state (None: nothing).

        The first state only sets the baseline; a state read before our own latest change of a
        shared thing is dropped. The window polls `shared_state` off the UI thread and calls
        this on it with the result.
        """
        if state.generation != self._generation:
            return None
        before = self._shared
        if before is not None and self._adopt:
            # What we changed ourselves is taken as it is now, not reported back to us.
            before = replace(before, **{part: getattr(state, part) for part in self._adopt})
        self._adopt = set()
        self._shared = state
        if before is None:
            return None
        changes = Changes(
            codebook=state.codebook_version != before.codebook_version,
            assignments=state.assignments != before.assignments,
            # Work another process stored (an import, a merge, another window): redraw it all.
            visibility=state.blind != before.blind or state.work != before.work,
        )
        if not (changes.codebook or changes.assignments or changes.visibility):
            return None
        self._blind = state.blind
        self._tell(changes, TEAM)
        return changes

    def perform(self, operation: Operation, initiator: object | None = None) -> Changes:
        """Do an operation (saved at once), put it on the undo stack, tell the listeners."""
        changes = self.undo_stack.push(operation)
        self.last_step = "do"
        self._tell(changes, initiator)
        return changes

    def undo(self, initiator: object | None = None) -> Changes | None:
        """Undo the last action of this session."""
        changes = self.undo_stack.undo()
        if changes is not None:
            self.last_step = "undo"
            self._tell(changes, initiator)
        return changes

    def redo(self, initiator: object | None = None) -> Changes | None:
        """Redo the last undone action."""
        changes = self.undo_stack.redo()
        if changes is not None:
            self.last_step = "redo"
            self._tell(changes, initiator)
        return changes

    def code_span(
        self, article_id: int, start: int, end: int, code_id: int, memo: str = ""
    ) -> SegmentInfo:
        """Code [start, end) of the article with a code; returns the stored segment."""
        operation = AddSegments([(article_id, start, end)], code_id, self.coder.id, memo)
        self.perform(operation)
        return operation.created[0]

    def auto_code(self, hits: list[Hit], code_id: int) -> list[SegmentInfo]:
        """Code every hit of a search with one code, in one undoable step."""
        operation = AddSegments(
            [(h.article, h.start, h.end) for h in hits],
            code_id,
            self.coder.id,
            label="Auto-code search hits",
        )
        self.perform(operation)
        return operation.created

    def delete_segments(self, segment_ids: list[int]) -> None:
        """Delete segments."""
        self.perform(RemoveSegments(segment_ids))

    def change_segment(
        self,
        segment_id: int,
        code_id: int | None = None,
        start: int | None = None,
        end: int | None = None,
        memo: str | None = None,
    ) -> None:
        """Change a segment's code, boundaries or memo."""
        self.perform(ChangeSegment(segment_id, code_id, start, end, memo))

    def set_value(self, article_id: int, variable_id: int, value: str | None) -> None:
        """Set (or clear, with None) this coder's value of a variable for an article."""
        self.perform(SetValue(article_id, variable_id, self.coder.id, value))

    def set_done(self, article_id: int, done: bool = True) -> None:
        """Mark the article done (or not done) for this coder."""
        self.perform(SetStatus(article_id, self.coder.id, done))

    def code_in_vivo(
        self, article_id: int, start: int, end: int, parent_id: int | None, name: str, color: str
    ) -> SegmentInfo:
        """Make a new code named by the selected words and code [start, end) with it.

        One undoable step: undo removes the segment and the code together.
        """
        operation = CodeInVivo(
            AddCode(parent_id, CodeSpec(name=name, color=color)),
            article_id,
            start,
            end,
            self.coder.id,
        )
        self.perform(operation)
        assert operation.segments is not None
        return operation.segments.created[0]

    # -- retrieval and cleaning ---------------------------------------------------------------

    def retrieve(self, query: RetrievalQuery) -> list[RetrievedSegment]:
        """The coded segments a retrieval query asks for, as far as this coder may see."""
        return coded_segments(self.database, query, self._visible_coders())

    def article_is_coded(self, article_id: int) -> bool:
        """Whether anyone has coded the article (its cleaned text can then no longer change)."""
        with self.database.session() as session:
            return bool(
                session.scalar(
                    select(func.count(Segment.id)).where(Segment.article_id == article_id)
                )
            )

    def article_coding(self, article_id: int) -> ArticleCoding:
        """Whose segments the article holds: this coder's, and the others' (named if not blind)."""
        with self.database.session() as session:
            rows = session.execute(
                select(Segment.coder_id, Coder.name, func.count(Segment.id))
                .join(Coder, Coder.id == Segment.coder_id)
                .where(Segment.article_id == article_id)
                .group_by(Segment.coder_id, Coder.name)
                .order_by(Coder.name)
            ).all()
        own = sum(int(n) for coder, _name, n in rows if coder == self.coder.id)
        others = [(str(name), int(n)) for coder, name, n in rows if coder != self.coder.id]
        return ArticleCoding(
            own,
            sum(n for _name, n in others),
            () if self.blind else tuple(name for name, _n in others),
        )

    def set_cleaning_edit(self, article_id: int, index: int, active: bool) -> str:
        """Put back (active=False) or take out again one cleaning change; the new text.

        Refused with ArticleError once the article is coded. Not on the undo stack: the
        reverse is the same call with the other `active`, and the journal records both.
        """
        text = set_edit_active(self.database, article_id, index, active)
        self._tell(Changes(articles={article_id}), None)
        return text
