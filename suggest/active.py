"""What to code next: uncoded articles ordered by what coding them would teach the weak codes.

Uncertainty sampling on the newest stored model. The *weak* codes are the model's fitted codes
that did not pass validation (below the lead's bar, yet with enough units to be fitted); when
every fitted code passed, all fitted codes count, so the order still points at where the model
is least sure. For one article and one weak code the uncertainty is 1 - 2 |p - 0.5| (1 when the
model's probability p is 0.5, 0 when it is sure either way); at the sentence unit, the article
takes its most uncertain sentence, since coding the article labels all of its sentences. The
codes are combined by the *mean* of their uncertainties, each weak code weighing the same
whatever its prevalence: an article the model is unsure about for several weak codes comes
before one it is unsure about for one. Ties go to the lower article id, so the order repeats.

The candidates are the articles nobody has coded (no done mark, no segment, no value) outside
the reliability sample, which is coded by hand on its own schedule. This is an order beside
the assignment order, not a replacement: nothing is assigned or stored here.
"""

from __future__ import annotations

import heapq
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select

from models.database import ProjectDatabase
from models.entities import Article
from models.progress import Progress
from suggest.store import load_model, score_texts
from suggest.units import SuggestError, coded_articles, read_texts, reliability_sample

DEFAULT_LIMIT = 20
_CHUNK = 500
# How many of an article's most uncertain weak codes are named beside it.
_SHOWN_CODES = 3


@dataclass(frozen=True)
class CodeUncertainty:
    """One weak code's probability in an article (its most uncertain unit)."""

    code: str
    probability: float
    uncertainty: float


@dataclass(frozen=True)
class NextArticle:
    """An uncoded article and how uncertain the model is about it."""

    article_id: int
    title: str
    score: float  # the mean uncertainty over the weak codes, 0..1
    codes: list[CodeUncertainty] = field(default_factory=list)  # the most uncertain first


@dataclass
class NextReport:
    """The order, and what it is based on."""

    version: str
    weak_codes: list[str]
    all_passed: bool  # no code was below the bar: the order uses every fitted code
    candidates: int
    articles: list[NextArticle]

    def as_json(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return asdict(self)


def uncertainty(probability: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """1 - 2 |p - 0.5|: 1 at p = 0.5, 0 at p = 0 or 1."""
    return np.asarray(1.0 - 2.0 * np.abs(probability - 0.5), dtype=np.float64)


def article_uncertainty(
    article_ids: list[int], probability: npt.NDArray[np.float64], columns: list[int]
) -> tuple[list[int], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Per article (in first-seen order): its units' highest uncertainty for each weak code
    (articles x codes), and the probability of that most uncertain unit.
    """
    order: dict[int, int] = {}
    for article in article_ids:
        order.setdefault(article, len(order))
    rows = np.fromiter((order[a] for a in article_ids), dtype=np.int64, count=len(article_ids))
    unsure = uncertainty(probability[:, columns]) if columns else np.zeros((len(rows), 0))
    best = np.full((len(order), len(columns)), -1.0)
    best_p = np.zeros((len(order), len(columns)))
    for column in range(len(columns)):
        # Visit the units from the least to the most uncertain: the last write wins.
        by_unsure = np.argsort(unsure[:, column], kind="stable")
        best[rows[by_unsure], column] = unsure[by_unsure, column]
        best_p[rows[by_unsure], column] = probability[by_unsure, columns[column]]
    return list(order), best, best_p


def next_articles(
    database: ProjectDatabase,
    limit: int = DEFAULT_LIMIT,
    version: str | None = None,
    progress: Progress | None = None,
) -> NextReport:
    """The `limit` uncoded articles whose coding would most help the weakest codes."""
    if limit < 1:
        raise SuggestError(f"limit {limit}: ask for at least 1 article")
    progress = progress or Progress()
    model = load_model(database, version)
    validation = {int(c["code_id"]): c for c in model.validation.get("codes", [])}
    weak = [c for c in model.code_ids if not validation.get(c, {}).get("passed")]
    all_passed = not weak
    if all_passed:
        weak = list(model.code_ids)
    if not weak:
        raise SuggestError(
            f"model {model.version} has no fitted code (too few coded units): code more "
            "articles by hand and train again"
        )
    columns = [model.code_ids.index(c) for c in weak]
    names = [str(validation.get(c, {}).get("code", c)) for c in weak]
    coded = coded_articles(database)
    sample = reliability_sample(database)
    with database.session() as session:
        every = [
            (int(i), str(t or ""))
            for i, t in session.execute(select(Article.id, Article.title).order_by(Article.id))
        ]
    titles = dict(every)
    candidates = [a for a, _ in every if a not in coded and a not in sample]
    # A bounded heap of (score, -article id): the best `limit` of all, read a chunk at a time.
    kept: list[tuple[float, int, list[CodeUncertainty]]] = []
    progress.start(len(candidates), "scoring uncoded articles")
    for first in range(0, len(candidates), _CHUNK):
        chunk = candidates[first : first + _CHUNK]
        texts = read_texts(database, chunk)
        article_ids, _spans, probability = score_texts(database, model, texts, progress)
        if article_ids:
            order, unsure, chosen_p = article_uncertainty(article_ids, probability, columns)
            scores = unsure.mean(axis=1)
            for row, article in enumerate(order):
                item = (float(scores[row]), -article)
                if len(kept) == limit and item <= kept[0][:2]:
                    continue
                ranked = np.argsort(-unsure[row], kind="stable")[:_SHOWN_CODES]
                codes = [
                    CodeUncertainty(
                        names[j], round(float(chosen_p[row, j]), 4), round(float(unsure[row, j]), 4)
                    )
                    for j in ranked.tolist()
                ]
                entry = (item[0], item[1], codes)
                if len(kept) < limit:
                    heapq.heappush(kept, entry)
                else:
                    heapq.heapreplace(kept, entry)
        progress.step(len(chunk))
    best = sorted(kept, key=lambda e: (-e[0], -e[1]))
    return NextReport(
        version=model.version,
        weak_codes=names,
        all_passed=all_passed,
        candidates=len(candidates),
        articles=[
            NextArticle(-negative_id, titles[-negative_id], round(score, 4), codes)
            for score, negative_id, codes in best
        ],
    )
