"""What a classifier sees of a unit: jieba words and character bigrams, weighted by TF-IDF.

Texts are folded first (corpus.script.fold: Traditional to Simplified, fullwidth to ASCII,
length kept), so an article in either script gives the same features. Words come from the
project's segmenter (jieba with the project dictionary), read from the word-boundary cache when
it holds the article for this dictionary; character bigrams catch what jieba splits
differently from one article to the next. Punctuation and spaces are no features.

Features are hashed (scikit-learn's HashingVectorizer), so there is no vocabulary to keep: a
stored model is its IDF weights and per-code weights, plain arrays read back without pickle
(see suggest/store.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from corpus.script import fold
from corpus.segmentation import Segmenter, parse_boundaries, project_words
from models.database import ProjectDatabase
from models.entities import ArticleWords
from models.errors import ProjectError
from models.progress import Progress

Tokens = list[str]
# Runs of letters, digits and CJK characters: bigrams never span punctuation or spaces.
_RUN = re.compile(r"\w+")
_CHUNK = 500
# Units hashed at a time (see `hashed_counts`).
_BATCH = 2000
# Features are hashed into this many columns (no vocabulary to store, fast to count): far
# more than the distinct words and bigrams of a project, so collisions are rare.
N_FEATURES = 2**19


def _identity(tokens: Tokens) -> Tokens:
    return tokens


def unit_tokens(folded: str, boundaries: Sequence[int], start: int, end: int) -> Tokens:
    """Words ("w" + word) and character bigrams ("c" + two chars) of folded[start:end]."""
    first = bisect.bisect_right(boundaries, start)  # the first word ending after `start`
    last = bisect.bisect_left(boundaries, end)  # the word holding `end - 1`
    ends = list(boundaries[first : last + 1])
    if ends and ends[-1] > end:
        ends[-1] = end
    starts = [max(boundaries[first - 1] if first else 0, start), *ends[:-1]]
    # A jieba token is a word or a run of punctuation and spaces: its first character tells.
    tokens = ["w" + folded[a:b] for a, b in zip(starts, ends, strict=True) if folded[a].isalnum()]
    for run in _RUN.findall(folded, start, end):
        tokens.extend(["c" + run[i : i + 2] for i in range(len(run) - 1)])
    return tokens


class WordSource:
    """Word boundaries of articles: the project cache where valid, else the segmenter."""

    def __init__(self, database: ProjectDatabase) -> None:
        """Make the project's segmenter (jieba itself loads on the first uncached article)."""
        self.database = database
        self.segmenter = Segmenter(project_words(database))

    def boundaries(self, texts: dict[int, str]) -> dict[int, list[int]]:
        """Article id -> word end offsets, for every article in `texts`."""
        found: dict[int, list[int]] = {}
        ids = list(texts)
        with self.database.session() as session:
            for i in range(0, len(ids), _CHUNK):
                query = select(ArticleWords.article_id, ArticleWords.boundaries).where(
                    ArticleWords.article_id.in_(ids[i : i + _CHUNK]),
                    ArticleWords.dictionary_version == self.segmenter.version,
                )
                for article_id, stored in session.execute(query):
                    parsed = parse_boundaries(str(stored), len(texts[int(article_id)]))
                    if parsed is not None:
                        found[int(article_id)] = parsed
        computed = {
            article_id: self.segmenter.boundaries(texts[article_id])
            for article_id in ids
            if article_id not in found
        }
        self._cache(computed)
        return {**found, **computed}

    def _cache(self, computed: dict[int, list[int]]) -> None:
        """Keep new boundaries in the project's cache, so that training again is quick."""
        if not computed or self.segmenter.cache_refused:
            return
        ids = list(computed)
        try:
            with self.database.session() as session:
                for i in range(0, len(ids), _CHUNK):
                    chunk = ids[i : i + _CHUNK]
                    session.execute(delete(ArticleWords).where(ArticleWords.article_id.in_(chunk)))
                    session.execute(
                        insert(ArticleWords),
                        [
                            {
                                "article_id": a,
                                "dictionary_version": self.segmenter.version,
                                "boundaries": ",".join(map(str, computed[a])),
                            }
                            for a in chunk
                        ],
                    )
        except (ProjectError, IntegrityError):
            # Only a cache: a read-only file, a coder's role on a server or a window storing
            # the same article at the same moment leaves it as it was.
            self.segmenter.cache_refused = True


def hashed_counts(
    texts: dict[int, str],
    boundaries: dict[int, list[int]],
    article_ids: Sequence[int],
    spans: Sequence[tuple[int, int]],
    progress: Progress | None = None,
) -> sparse.csr_matrix:
    """The units' feature counts (rows: units), hashed a batch of units at a time.

    Hashing is stateless, so batches give exactly the matrix of all units at once, while only
    one batch's token strings are held (10,000 articles' tokens would take over a gigabyte).
    """
    hasher = _hasher()
    blocks: list[sparse.csr_matrix] = []
    folded: dict[int, str] = {}
    for first in range(0, len(article_ids), _BATCH):
        tokens: list[Tokens] = []
        for article_id, (start, end) in zip(
            article_ids[first : first + _BATCH], spans[first : first + _BATCH], strict=True
        ):
            if article_id not in folded:
                folded = {article_id: fold(texts[article_id])}  # units come article by article
            tokens.append(unit_tokens(folded[article_id], boundaries[article_id], start, end))
        blocks.append(sparse.csr_matrix(hasher.transform(tokens)))
        if progress is not None:
            progress.check()
    if not blocks:
        return sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)
    return sparse.csr_matrix(sparse.vstack(blocks, format="csr"))


def _hasher() -> HashingVectorizer:
    analyzer: Callable[[Tokens], Tokens] = _identity
    return HashingVectorizer(
        analyzer=analyzer,
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )


def fit_features(
    counts: sparse.csr_matrix,
) -> tuple[npt.NDArray[np.float32], sparse.csr_matrix]:
    """The IDF weights learned from these units' counts, and the units' TF-IDF matrix."""
    weighting = TfidfTransformer(sublinear_tf=True)
    matrix = weighting.fit_transform(counts)
    return np.asarray(weighting.idf_, dtype=np.float32), sparse.csr_matrix(matrix)


def transform(counts: sparse.csr_matrix, idf: npt.NDArray[np.float32]) -> sparse.csr_matrix:
    """The TF-IDF matrix of these counts with stored IDF weights (nothing is learned)."""
    weighting = TfidfTransformer(sublinear_tf=True)
    weighting.idf_ = np.asarray(idf, dtype=np.float64)
    return sparse.csr_matrix(weighting.transform(counts))
