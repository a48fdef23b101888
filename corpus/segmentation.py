"""Word boundaries: jieba with the project dictionary, as offsets, cached per article.

Segmentation runs on the folded text (`corpus.script.fold`), which has the length of the
cleaned text: offsets hold for both scripts, and a dictionary written in Simplified (codebook
terms such as 党建引领, 红色物业) also makes single words in Traditional articles. jieba takes
about 0.7 s to load its dictionary, so it is loaded on first use, never on the start-up path.

The cache (`article_words`) is trusted only as far as it can be checked: a cached list that
is not strictly increasing offsets ending at the text's length is recomputed (and rewritten
when allowed), never raised on. Writing it is best-effort: on a shared server only leads may
write it (team.server), so a coder's Workspace computes the boundaries in memory instead.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import logging
import threading
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from corpus.script import fold
from models.database import NotAllowed, ProjectDatabase, ProjectError
from models.entities import Article, ArticleWords, DictionaryWord
from models.failures import ReadOnlyProject

_jieba_lock = threading.Lock()


def dictionary_version(words: Iterable[str]) -> int:
    """A number that changes whenever the set of dictionary words changes."""
    digest = hashlib.sha256("\n".join(sorted(set(words))).encode("utf-8")).digest()
    return int.from_bytes(digest[:6], "big")


class Segmenter:
    """A jieba tokenizer with the project's words added."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        """Remember the words; jieba itself loads on the first call."""
        self.words = sorted({fold(w.strip()) for w in words if w.strip()})
        self.version = dictionary_version(self.words)
        self._tokenizer: object | None = None
        # Set when the project refused a cache write (a coder's role on a server, a read-only
        # file): later articles are then computed without trying again.
        self.cache_refused = False

    def _load(self) -> object:
        with _jieba_lock:
            if self._tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in self.words:
                    tokenizer.add_word(word)
                self._tokenizer = tokenizer
            return self._tokenizer

    def boundaries(self, text: str) -> list[int]:
        """The end offset of every word (code points), in order; the last is len(text)."""
        tokenizer = self._load()
        tokens = tokenizer.tokenize(fold(text), HMM=True)  # type: ignore[attr-defined]
        return [end for _word, _start, end in tokens]


def snap_to_words(boundaries: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words; an empty span stays where it is."""
    if start >= end or not boundaries:
        return start, end
    starts = [0, *boundaries[:-1]]
    snapped_start = starts[bisect.bisect_right(starts, start) - 1]
    snapped_end = boundaries[bisect.bisect_left(boundaries, end)] if end <= boundaries[-1] else end
    return snapped_start, snapped_end


def project_words(database: ProjectDatabase) -> list[str]:
    """The project dictionary: user words and codebook terms."""
    with database.session() as session:
        return list(session.scalars(select(DictionaryWord.word)))


def parse_boundaries(stored: str, length: int) -> list[int] | None:
    """Cached boundaries, or None unless they are increasing offsets ending at `length`."""
    try:
        boundaries = [int(part) for part in stored.split(",") if part.strip()]
    except ValueError:
        return None
    ends = [0, *boundaries]
    increasing = all(a < b for a, b in itertools.pairwise(ends))
    complete = boundaries[-1] == length if boundaries else length == 0
    return boundaries if increasing and complete else None


def article_boundaries(
    database: ProjectDatabase, article_id: int, segmenter: Segmenter
) -> list[int]:
    """An article's word boundaries, from the cache when made with the same dictionary."""
    with database.session() as session:
        text = session.scalar(select(Article.text).where(Article.id == article_id))
        if text is None:
            return []
        cached = session.get(ArticleWords, article_id)
        if cached is not None and cached.dictionary_version == segmenter.version:
            boundaries = parse_boundaries(cached.boundaries, len(text))
            if boundaries is not None:
                return boundaries
    boundaries = segmenter.boundaries(text)
    if segmenter.cache_refused:
        return boundaries
    try:
        with database.session() as session:
            session.execute(delete(ArticleWords).where(ArticleWords.article_id == article_id))
            session.add(
                ArticleWords(
                    article_id=article_id,
                    dictionary_version=segmenter.version,
                    boundaries=",".join(map(str, boundaries)),
                )
            )
    except IntegrityError:
        pass  # another window stored the same article at the same moment: theirs stands
    except ProjectError as refused:
        # A coder's role on a server (NotAllowed), a read-only, busy or full file: it is only
        # a cache. Refused for good (a role, a read-only file): do not ask again.
        segmenter.cache_refused = isinstance(refused, NotAllowed | ReadOnlyProject)
    return boundaries
