"""What the machine learns from: human-coded units, their labels per coder, and the consensus.

A unit is an article or a sentence of one (agreement.reliability.sentence_spans, the same
sentences the agreement report uses). An article counts as coded by a coder when the coder
marked it done or coded a segment in it; the coder's label of a unit for a code is 1 when one
of the coder's segments of that code overlaps the unit. The consensus is the consensus coder's
coding where it exists (coding.selection.consensus_coder_name), otherwise the label given by at
least half of the article's coders. Articles where a suggestion was accepted are left out: their
coding is no longer the humans' alone.

The reliability sample is every article an `assign` event drew into the overlap
(team.assignments records `overlap_articles`) and every article in two or more queues. Its
articles never receive suggestions; they stay in training, since their coding is the best
coding there is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agreement.reliability import sentence_spans
from codebook.tree import CodeTree, load_code_tree
from coding.selection import consensus_coder_name
from models.database import ProjectDatabase
from models.entities import Article, Assignment, Coder, Event, Segment
from models.suggestions import Suggestion

LabelMatrix = npt.NDArray[np.int8]
# A coder's cell for a unit of an article the coder did not code.
NOT_CODED = -1
_CHUNK = 500


class SuggestError(Exception):
    """A suggestion step that cannot be done as asked; the message says what to change."""


@dataclass(frozen=True)
class CodeChoice:
    """A code the machine is trained for, as plain data."""

    id: int
    guid: str
    name: str  # the path, "组织体系 > 楼栋党小组"


@dataclass
class LabelledUnits:
    """Human-coded units with their labels (rows: units, columns: `codes`)."""

    unit: str
    codes: list[CodeChoice]
    article_ids: list[int]  # the article of each unit (the group of grouped k-fold)
    spans: list[tuple[int, int]]  # [start, end) of each unit in its article's text
    consensus: LabelMatrix
    # Coder name -> labels, NOT_CODED where the coder did not code the unit's article.
    by_coder: dict[str, LabelMatrix] = field(default_factory=dict)

    def positives(self) -> npt.NDArray[np.int64]:
        """Positive units of each code in the consensus."""
        return np.asarray(self.consensus.sum(axis=0), dtype=np.int64)


def check_unit(unit: str) -> str:
    """The unit, or a clear refusal."""
    if unit not in ("article", "sentence"):
        raise SuggestError(f"unit {unit!r} is not known; use article or sentence")
    return unit


def units_of(unit: str, text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of an article's units: the whole text, or its sentences."""
    if unit == "article":
        return [(0, len(text))] if text.strip() else []
    return sentence_spans(text)


def choose_codes(tree: CodeTree, wanted: Sequence[str] | None) -> list[CodeChoice]:
    """The codes named (id, name or path), or every live code that has segments."""
    nodes = [n for n in tree.by_id.values() if not n.retired]
    if not wanted:
        chosen = [n for n in nodes if n.segments > 0]
        if not chosen:
            raise SuggestError("no code has human coding yet: code some articles first")
    else:
        chosen = []
        for name in wanted:
            matches = [
                n
                for n in nodes
                if str(n.id) == name.strip() or name.strip() in (n.name, n.path_text)
            ]
            if not matches:
                raise SuggestError(f"no code {name!r}; `articoder codebook show` lists them")
            if len(matches) > 1:
                raise SuggestError(
                    f"{name!r} names {len(matches)} codes; give its path or id instead: "
                    + "; ".join(f"{n.id} {n.path_text}" for n in matches)
                )
            chosen.append(matches[0])
    chosen.sort(key=lambda n: n.id)
    return [CodeChoice(n.id, n.guid, n.path_text) for n in chosen]


def reliability_sample_in(session: Session) -> set[int]:
    """Articles of the reliability sample: drawn into an overlap, or in two or more queues."""
    sample: set[int] = set()
    for payload in session.scalars(select(Event.payload).where(Event.action == "assign")):
        sample.update(int(a) for a in (payload or {}).get("overlap_articles", []) or [])
    # Queues only: a coder's own done mark on an unassigned article (`assigned` false, migration
    # 0005) puts nobody's article in a sample.
    shared = (
        select(Assignment.article_id)
        .where(Assignment.assigned.is_(True))
        .group_by(Assignment.article_id)
        .having(func.count(Assignment.coder_id) >= 2)
    )
    sample.update(int(a) for a in session.scalars(shared))
    return sample


def reliability_sample(database: ProjectDatabase) -> set[int]:
    """The reliability sample's articles (see `reliability_sample_in`)."""
    with database.session() as session:
        return reliability_sample_in(session)


def articles_with_accepted_suggestions(database: ProjectDatabase) -> set[int]:
    """Articles where a coder accepted a machine suggestion (their coding is not purely human)."""
    with database.session() as session:
        query = select(Suggestion.article_id).where(Suggestion.state == "accepted").distinct()
        return {int(a) for a in session.scalars(query)}


def coded_articles(database: ProjectDatabase) -> dict[int, set[int]]:
    """Article id -> the coders (ids) who coded it: a done mark or a segment."""
    coded: dict[int, set[int]] = defaultdict(set)
    with database.session() as session:
        done = select(Assignment.article_id, Assignment.coder_id).where(Assignment.status == "done")
        for article_id, coder_id in session.execute(done):
            coded[int(article_id)].add(int(coder_id))
        with_segments = select(Segment.article_id, Segment.coder_id).distinct()
        for article_id, coder_id in session.execute(with_segments):
            coded[int(article_id)].add(int(coder_id))
    return coded


def read_texts(database: ProjectDatabase, article_ids: Sequence[int]) -> dict[int, str]:
    """The cleaned texts of these articles, read in chunks."""
    texts: dict[int, str] = {}
    with database.session() as session:
        for i in range(0, len(article_ids), _CHUNK):
            chunk = list(article_ids[i : i + _CHUNK])
            for article_id, text in session.execute(
                select(Article.id, Article.text).where(Article.id.in_(chunk))
            ):
                texts[int(article_id)] = str(text or "")
    return texts


def _overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[int]:
    """Indexes of the spans that share at least one character with [start, end)."""
    return [i for i, (a, b) in enumerate(spans) if a < end and start < b]


def load_units(
    database: ProjectDatabase, unit: str, codes: list[CodeChoice]
) -> tuple[LabelledUnits, dict[int, str]]:
    """The human-coded units and their labels, and the texts of their articles."""
    check_unit(unit)
    consensus_name = consensus_coder_name(database)
    with database.session() as session:
        names = {int(i): str(n) for i, n in session.execute(select(Coder.id, Coder.name))}
    consensus_id = next((i for i, n in names.items() if n == consensus_name), None)
    excluded = articles_with_accepted_suggestions(database)
    coded = {a: c for a, c in coded_articles(database).items() if a not in excluded}
    article_ids = sorted(coded)
    texts = read_texts(database, article_ids)
    column = {code.id: j for j, code in enumerate(codes)}
    # (article, coder) -> [(code column, start, end)]
    spans_of: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
    wanted = set(article_ids)
    with database.session() as session:
        # One pass over the segments: an `IN` on the codes makes SQLite walk the code index
        # once per chunk of articles instead (seconds on 200,000 segments).
        query = select(
            Segment.article_id, Segment.coder_id, Segment.code_id, Segment.start, Segment.end
        )
        for article_id, coder_id, code_id, start, end in session.execute(query):
            if int(article_id) in wanted and int(code_id) in column:
                spans_of[(int(article_id), int(coder_id))].append(
                    (column[int(code_id)], int(start), int(end))
                )
    human_ids = sorted({c for cs in coded.values() for c in cs if c != consensus_id})
    unit_articles: list[int] = []
    unit_spans: list[tuple[int, int]] = []
    per_coder_rows: dict[int, list[npt.NDArray[np.int8]]] = {c: [] for c in human_ids}
    consensus_rows: list[npt.NDArray[np.int8]] = []
    for article_id in article_ids:
        spans = units_of(unit, texts.get(article_id, ""))
        if not spans:
            continue
        coders_here = coded[article_id]
        labels: dict[int, npt.NDArray[np.int8]] = {}
        for coder_id in coders_here:
            matrix = np.zeros((len(spans), len(codes)), dtype=np.int8)
            for code_column, start, end in spans_of.get((article_id, coder_id), []):
                for row in _overlapping(spans, start, end):
                    matrix[row, code_column] = 1
            labels[coder_id] = matrix
        if consensus_id is not None and consensus_id in labels:
            agreed = labels[consensus_id]
        else:
            humans = [labels[c] for c in coders_here if c != consensus_id]
            # At least half of the article's coders: with one coder, that coder's coding.
            agreed = (2 * np.sum(humans, axis=0) >= len(humans)).astype(np.int8)
        consensus_rows.append(agreed)
        for coder_id in human_ids:
            cells = labels.get(coder_id)
            if cells is None:
                cells = np.full((len(spans), len(codes)), NOT_CODED, dtype=np.int8)
            per_coder_rows[coder_id].append(cells)
        unit_articles.extend([article_id] * len(spans))
        unit_spans.extend(spans)
    if not consensus_rows:
        raise SuggestError(
            "no article is coded yet (a done mark or a segment): code some articles first"
        )
    empty = np.zeros((0, len(codes)), dtype=np.int8)
    units = LabelledUnits(
        unit=unit,
        codes=codes,
        article_ids=unit_articles,
        spans=unit_spans,
        consensus=np.concatenate(consensus_rows) if consensus_rows else empty,
        by_coder={names[c]: np.concatenate(rows) for c, rows in per_coder_rows.items()},
    )
    return units, texts


def load_code_choices(database: ProjectDatabase, wanted: Sequence[str] | None) -> list[CodeChoice]:
    """The codes to train, from the project's code tree."""
    return choose_codes(load_code_tree(database), wanted)
