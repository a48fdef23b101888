"""Segments: coding a span of an article's cleaned text, and changing or removing it.

Every change is an undoable `models.journal.Operation`. Offsets are Python code points into
the cleaned text, end exclusive, checked against the text before anything is stored; the
covered text is stored with the segment so that `articoder check` can prove it still matches.
A memo is checked too (models.text_limits: its length, no NUL or unpaired surrogate), so a
bad one is refused with a sentence before any SQL is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from codebook.operations import AddCode
from models.entities import Article, Code, Coder, ProjectInfo, Segment, utcnow
from models.ids import new_guid
from models.journal import Changes
from models.text_limits import MEMO_LIMIT, typed_text_problem


class CodingError(Exception):
    """A coding action that cannot be done; the message says why. Nothing was stored."""


@dataclass(frozen=True)
class SegmentInfo:
    """A stored segment as plain data."""

    id: int
    guid: str
    article_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    text: str
    memo: str
    codebook_version: int


def _info(segment: Segment) -> SegmentInfo:
    return SegmentInfo(
        segment.id,
        segment.guid,
        segment.article_id,
        segment.code_id,
        segment.coder_id,
        segment.start,
        segment.end,
        segment.text,
        segment.memo,
        segment.codebook_version,
    )


def segments_of(
    session: Session, article_id: int, coder_ids: Sequence[int] | None = None
) -> list[SegmentInfo]:
    """An article's segments (of some coders, or all), in text order."""
    # Plain columns, not ORM objects: an article may hold hundreds of segments, and the
    # window reads them after every coding action.
    columns = (
        Segment.id,
        Segment.guid,
        Segment.article_id,
        Segment.code_id,
        Segment.coder_id,
        Segment.start,
        Segment.end,
        Segment.text,
        Segment.memo,
        Segment.codebook_version,
    )
    query = select(*columns).where(Segment.article_id == article_id)
    if coder_ids is not None:
        query = query.where(Segment.coder_id.in_(list(coder_ids)))
    # Core execution on the session's connection skips the ORM's result machinery.
    rows = session.connection().execute(query.order_by(Segment.start, Segment.end, Segment.id))
    return [SegmentInfo(i, g, a, c, k, st, en, t, m, v) for i, g, a, c, k, st, en, t, m, v in rows]


def _article_text(session: Session, article_id: int) -> str:
    text = session.scalar(select(Article.text).where(Article.id == article_id))
    if text is None:
        raise CodingError(f"no article with id {article_id}")
    return text


def _check_code(session: Session, code_id: int) -> Code:
    code = session.get(Code, code_id)
    if code is None:
        raise CodingError(f"no code with id {code_id}")
    if code.retired:
        raise CodingError(f"code {code.name!r} is retired; it can no longer be used for new coding")
    info = session.scalars(select(ProjectInfo)).one()
    codable_groups = bool((info.settings or {}).get("codable_groups", False))
    if not codable_groups and session.scalar(
        select(Code.id).where(Code.parent_id == code_id).limit(1)
    ):
        raise CodingError(f"code {code.name!r} groups other codes; code with one of its children")
    return code


def _check_span(text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise CodingError(f"span [{start}, {end}) is not inside the article (length {len(text)})")
    if not text[start:end].strip():
        raise CodingError("the selection holds only white space")


def _check_memo(memo: str) -> None:
    problem = typed_text_problem(memo, "the memo", MEMO_LIMIT)
    if problem is not None:
        raise CodingError(problem)


def _version(session: Session) -> int:
    return int(session.scalars(select(ProjectInfo.codebook_version)).one())


@dataclass
class AddSegments:
    """Code one or more spans (one span from the window; many from auto-coding) in one step."""

    spans: list[tuple[int, int, int]]  # (article id, start, end)
    code_id: int
    coder_id: int
    memo: str = ""
    label: str = "Code selection"
    action: str = "segment-add"
    entity: str = "segment"
    created: list[SegmentInfo] = field(default_factory=list)

    def apply(self, session: Session) -> Changes:
        """Store the segments; on redo, with the same ids and GUIDs as the first time."""
        _check_memo(self.memo)
        _check_code(session, self.code_id)
        if session.get(Coder, self.coder_id) is None:
            raise CodingError(f"no coder with id {self.coder_id}")
        version = _version(session)
        now = utcnow()
        rows: list[dict[str, Any]] = []
        texts: dict[int, str] = {}
        for i, (article_id, start, end) in enumerate(self.spans):
            if article_id not in texts:
                texts[article_id] = _article_text(session, article_id)
            _check_span(texts[article_id], start, end)
            earlier = self.created[i] if i < len(self.created) else None
            rows.append(
                {
                    **({"id": earlier.id} if earlier else {}),
                    "guid": earlier.guid if earlier else new_guid(),
                    "article_id": article_id,
                    "code_id": self.code_id,
                    "coder_id": self.coder_id,
                    "start": start,
                    "end": end,
                    "text": texts[article_id][start:end],
                    "memo": self.memo,
                    "codebook_version": version,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if not rows:
            return Changes()
        ids = (
            session.execute(
                insert(Segment).returning(Segment.id, sort_by_parameter_order=True), rows
            )
            .scalars()
            .all()
        )
        self.created = [
            SegmentInfo(
                i,
                r["guid"],
                r["article_id"],
                r["code_id"],
                r["coder_id"],
                r["start"],
                r["end"],
                r["text"],
                r["memo"],
                version,
            )
            for i, r in zip(ids, rows, strict=True)
        ]
        return Changes(articles={r["article_id"] for r in rows}, segments=set(ids))

    def revert(self, session: Session) -> Changes:
        """Remove exactly the segments this step stored."""
        ids = [s.id for s in self.created]
        session.execute(delete(Segment).where(Segment.id.in_(ids)))
        return Changes(articles={s.article_id for s in self.created}, segments=set(ids))

    def payload(self) -> dict[str, Any]:
        """Journal payload."""
        return {
            "code": self.code_id,
            "segments": [[s.guid, s.article_id, s.start, s.end] for s in self.created],
        }

    def entity_guid(self) -> str | None:
        """The first segment's GUID."""
        return self.created[0].guid if self.created else None


@dataclass
class RemoveSegments:
    """Delete segments; undo puts them back with the same ids, GUIDs and times."""

    segment_ids: list[int]
    label: str = "Delete segment"
    action: str = "segment-delete"
    entity: str = "segment"
    removed: list[dict[str, Any]] = field(default_factory=list)

    def apply(self, session: Session) -> Changes:
        """Delete the segments, remembering every column."""
        segments = list(session.scalars(select(Segment).where(Segment.id.in_(self.segment_ids))))
        if len(segments) != len(set(self.segment_ids)):
            raise CodingError("a segment to delete no longer exists")
        self.removed = [
            {c.key: getattr(s, c.key) for c in Segment.__table__.columns} for s in segments
        ]
        session.execute(delete(Segment).where(Segment.id.in_(self.segment_ids)))
        return Changes(
            articles={s["article_id"] for s in self.removed}, segments=set(self.segment_ids)
        )

    def revert(self, session: Session) -> Changes:
        """Restore the deleted rows exactly."""
        session.execute(insert(Segment), self.removed)
        return Changes(
            articles={s["article_id"] for s in self.removed}, segments=set(self.segment_ids)
        )

    def payload(self) -> dict[str, Any]:
        """Journal payload."""
        return {
            "segments": [
                [s["guid"], s["article_id"], s["start"], s["end"], s["code_id"]]
                for s in self.removed
            ]
        }

    def entity_guid(self) -> str | None:
        """The first segment's GUID."""
        return str(self.removed[0]["guid"]) if self.removed else None


@dataclass
class ChangeSegment:
    """Change a segment's code, boundaries or memo; undo restores the old values."""

    segment_id: int
    code_id: int | None = None
    start: int | None = None
    end: int | None = None
    memo: str | None = None
    label: str = "Change segment"
    action: str = "segment-change"
    entity: str = "segment"
    before: SegmentInfo | None = None
    after: SegmentInfo | None = None

    def _write(self, session: Session, target: SegmentInfo) -> Changes:
        segment = session.get(Segment, self.segment_id)
        if segment is None:
            raise CodingError(f"segment {self.segment_id} no longer exists")
        segment.code_id, segment.start, segment.end = target.code_id, target.start, target.end
        segment.text, segment.memo = target.text, target.memo
        segment.updated_at = utcnow()
        return Changes(articles={segment.article_id}, segments={segment.id})

    def apply(self, session: Session) -> Changes:
        """Check the new values against the text and the codebook, then store them."""
        if self.after is None:
            segment = session.get(Segment, self.segment_id)
            if segment is None:
                raise CodingError(f"segment {self.segment_id} no longer exists")
            self.before = _info(segment)
            start = self.before.start if self.start is None else self.start
            end = self.before.end if self.end is None else self.end
            text = _article_text(session, segment.article_id)
            _check_span(text, start, end)
            code_id = self.before.code_id if self.code_id is None else self.code_id
            if code_id != self.before.code_id:
                _check_code(session, code_id)
            if self.memo is not None:
                _check_memo(self.memo)
            memo = self.before.memo if self.memo is None else self.memo
            self.after = replace(
                self.before, code_id=code_id, start=start, end=end, text=text[start:end], memo=memo
            )
        return self._write(session, self.after)

    def revert(self, session: Session) -> Changes:
        """Put the old code, boundaries and memo back."""
        assert self.before is not None
        return self._write(session, self.before)

    def payload(self) -> dict[str, Any]:
        """Journal payload: before and after."""

        def plain(info: SegmentInfo | None) -> list[Any] | None:
            return None if info is None else [info.code_id, info.start, info.end, info.memo]

        return {"before": plain(self.before), "after": plain(self.after)}

    def entity_guid(self) -> str | None:
        """The segment's GUID."""
        return self.before.guid if self.before else None


@dataclass
class CodeInVivo:
    """In-vivo coding: a new code named by the selected words, and the selection coded with it.

    One step for the journal and the undo stack: undo removes the segment, then the code.
    The check of the span comes first, so a bad span never leaves a code behind.
    """

    add_code: AddCode
    article_id: int
    start: int
    end: int
    coder_id: int
    label: str = "Code in vivo"
    # Journalled as a segment-add (with the new code in the payload), so `articoder check`'s
    # replay and the merge's reading of the journal treat its segment like any other.
    action: str = "segment-add"
    entity: str = "segment"
    segments: AddSegments | None = None

    def apply(self, session: Session) -> Changes:
        """Add the code, then the segment (both with the same ids on redo)."""
        _check_span(_article_text(session, self.article_id), self.start, self.end)
        changes = self.add_code.apply(session)
        assert self.add_code.code_id is not None
        if self.segments is None:
            self.segments = AddSegments(
                [(self.article_id, self.start, self.end)],
                self.add_code.code_id,
                self.coder_id,
                label=self.label,
            )
        return changes.merge(self.segments.apply(session))

    def revert(self, session: Session) -> Changes:
        """Remove the segment, then the code."""
        assert self.segments is not None
        changes = self.segments.revert(session)
        session.flush()
        return changes.merge(self.add_code.revert(session))

    def payload(self) -> dict[str, Any]:
        """Journal payload: the code made and the segment coded with it."""
        segments = self.segments.payload() if self.segments else {}
        return {**segments, "new_code": self.add_code.payload()}

    def entity_guid(self) -> str | None:
        """The segment's GUID."""
        return self.segments.entity_guid() if self.segments else None
