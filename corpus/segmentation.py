"""Word boundaries: jieba with the project dictionary, as offsets, cached per article.

Segmentation runs on the folded text (`corpus.script.fold`), which has the length of the
cleaned text: offsets hold for both scripts, and a dictionary written in Simplified (codebook
terms such as 党建引领, 红色物业) also makes single words in Traditional articles. jieba takes
about 0.7 s to load its dictionary, so it is loaded on first use, never on the start-up path.

Two kinds of words are added to jieba's own, so that snapping keeps them whole in Traditional
text too: common names of people in the news (`corpus.names`: 蔡英文, 高拔陞, 林鄭月娥), and
the Traditional spellings of jieba's words that fold apart from the Simplified word (瞭解,
隨著, 反覆, 一見鍾情), made once with OpenCC and kept in a cache file (`traditional_words`).

Snapping widens a selection to whole words but never takes punctuation or spaces at its ends
(a selection dragged from a comma gives 在老旧, not ，在老旧).

The cache (`article_words`) is trusted only as far as it can be checked: a cached list that
is not strictly increasing offsets ending at the text's length is recomputed (and rewritten
when allowed), never raised on. Writing it is best-effort: on a shared server only leads may
write it (team.server), so a coder's Workspace computes the boundaries in memory instead.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import logging
import os
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from corpus.names import NAMES
from corpus.script import fold, read_character_table
from models.database import NotAllowed, ProjectDatabase, ProjectError
from models.entities import Article, ArticleWords, DictionaryWord
from models.failures import ReadOnlyProject

_jieba_lock = threading.Lock()

# Bump when the way the Traditional words are made changes, so old cache files are not used.
_TRADITIONAL_FORMAT = 1


def _cache_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    return (Path(base) if base else Path.home() / ".cache") / "articoder"


def _make_traditional_words(dictionary: Path) -> list[tuple[str, int]]:
    """(folded Traditional spelling, frequency) of jieba's words that fold apart from them.

    Only words holding a character whose Traditional reading folds elsewhere (了 -> 瞭,
    复 -> 覆, 着 -> 著 in Taiwan) can differ, so only those go through OpenCC (Taiwan and
    Hong Kong standards, which write the particle 著).
    """
    import opencc

    table = read_character_table("STCharacters.txt")
    risky = {c for c, readings in table.items() for r in readings if fold(r) != c} | {"着"}
    converters = [opencc.OpenCC("s2tw"), opencc.OpenCC("s2hk")]
    found: dict[str, int] = {}
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        word, _, rest = line.partition(" ")
        if len(word) < 2 or not any(c in risky for c in word):
            continue
        frequency = int(rest.split(" ")[0] or 1)
        for converter in converters:
            spelling = fold(converter.convert(word))
            if len(spelling) == len(word) and spelling != word:
                found[spelling] = max(found.get(spelling, 0), frequency)
    return sorted(found.items())


@functools.cache
def traditional_words() -> tuple[tuple[str, int], ...]:
    """jieba's words in the Traditional spellings that fold apart, from a cache file.

    Made once per jieba dictionary and OpenCC version (about 1 s) and kept in the user's
    cache directory; when the cache cannot be written they are made in memory each time.
    """
    import jieba
    import opencc

    dictionary = Path(jieba.__file__).with_name("dict.txt")
    tables = Path(opencc.__file__).with_name("dictionary") / "STPhrases.txt"
    stamp = f"{_TRADITIONAL_FORMAT}-{dictionary.stat().st_size}-{tables.stat().st_size}"
    key = hashlib.sha256(stamp.encode()).hexdigest()[:12]
    path = _cache_directory() / f"jieba-traditional-{key}.txt"
    try:
        rows = path.read_text(encoding="utf-8").splitlines()
        return tuple((word, int(freq)) for word, _, freq in (r.partition(" ") for r in rows))
    except (OSError, ValueError):
        pass
    words = _make_traditional_words(dictionary)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".part"
        ) as part:
            part.write("".join(f"{word} {freq}\n" for word, freq in words))
        os.replace(part.name, path)
    except OSError:
        pass  # a read-only home: the words are still used, only made again next time
    return tuple(words)


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
                for word, frequency in traditional_words():
                    tokenizer.add_word(word, frequency)
                for word in (*NAMES, *self.words):
                    tokenizer.add_word(fold(word))
                self._tokenizer = tokenizer
            return self._tokenizer

    def boundaries(self, text: str) -> list[int]:
        """The end offset of every word (code points), in order; the last is len(text)."""
        tokenizer = self._load()
        tokens = tokenizer.tokenize(fold(text), HMM=True)  # type: ignore[attr-defined]
        return [end for _word, _start, end in tokens]


def _is_edge(char: str) -> bool:
    """Punctuation (CJK and ASCII), symbols of quotation and spaces: never a selection's end."""
    return char.isspace() or unicodedata.category(char).startswith("P")


def snap_to_words(
    boundaries: Sequence[int], start: int, end: int, text: str | None = None
) -> tuple[int, int]:
    """Widen [start, end) to whole words; an empty span stays where it is.

    With `text`, punctuation and spaces at either end of the widened span are left out
    (，在老旧 gives 在老旧); a span of nothing else keeps its punctuation.
    """
    if start >= end or not boundaries:
        return start, end
    starts = [0, *boundaries[:-1]]
    snapped_start = starts[bisect.bisect_right(starts, start) - 1]
    snapped_end = boundaries[bisect.bisect_left(boundaries, end)] if end <= boundaries[-1] else end
    if text is not None:
        low, high = snapped_start, min(snapped_end, len(text))
        while low < high and _is_edge(text[low]):
            low += 1
        while high > low and _is_edge(text[high - 1]):
            high -= 1
        if low < high:
            return low, high
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
