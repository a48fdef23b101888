"""Variant-aware queries: which spellings of a query mean the same word, and which do not.

Search folds every text and query character by character (`corpus.script.fold`), which finds
國/国 alike but gets two things wrong, and this module owns both corrections:

- Spellings that mean one word but fold apart: 隨著/随着 (著 is the particle 着, but folding
  keeps 著 because 著名 needs it), 瞭解/了解, 反覆/反复, 衞/衛. A query is expanded into every
  such spelling, each folded, so that the index finds them all (`QueryPlan.keys`). The pairs
  come from OpenCC's phrase tables (STPhrases, TSPhrases: every phrase whose Traditional form
  folds to something other than its Simplified form) and variant tables (TWVariants,
  HKVariants); the particle 著 becomes 着 where jieba's dictionary knows the 着 word far better
  than the 著 word (随着 10,614 against 随著 0; 著名 9,342 against 着名 3).
- Characters that fold together but are different words: 髮 (hair) and 發 (to issue) both fold
  to 发, 麵 and 面 to 面, 乾 and 幹 to 干. A query typed in Traditional means the character it
  was typed with: 髮 finds 髮, and finds a Simplified 发 only where OpenCC's phrase table reads
  it as 髮 (头发, 理发), never 發 (`QueryPlan.constraints`). The readings left out are offered
  instead (`QueryPlan.other_readings`: "also: 發"). A Simplified query keeps every reading of
  the characters it folds to, except where the Traditional text writes a character that reads
  otherwise in Simplified too (乾隆 is not a 干).

Reading a character in context takes the longest phrase of the OpenCC table that covers it
(as OpenCC's own conversion does), else the table's first, default, reading. A constraint that
can never reject a hit of the query (黨 in 黨建: no phrase reads 党建 otherwise) is dropped, so
most queries stay answerable by the index alone.

Everything here is plain data in and out, built from the tables on first use
and kept for the process (under a second, on the first search).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from corpus.script import _DICTIONARY, detect_script, fold

__all__ = ["Constraint", "QueryPlan", "plan_query", "query_script"]

# A query expands into at most this many folded spellings; beyond it the rarest are left out
# (a long query of many variant characters, which no user types).
MAX_KEYS = 16

# The particle 著 is read as 着 when jieba knows the 着 word this many times better.
_PARTICLE_RATIO = 10

# How far either side of a character its script is judged, for a character both scripts have.
_CONTEXT = 30


# Phrase pairs of the tables that are two words to a researcher: 夫子 (a master) is not 伕子
# (a porter). Checked by reading all 391 pairs the tables give.
_NOT_ONE_WORD = frozenset({("夫子", "伕子")})


def _table(name: str) -> list[tuple[str, list[str]]]:
    rows = []
    for line in (_DICTIONARY / name).read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            rows.append((key, values.split()))
    return rows


@dataclass(frozen=True, slots=True)
class _PhraseReadings:
    """The phrases of one OpenCC table that hold one character, and its reading in each."""

    # phrase -> offset of the character in it -> its reading there
    phrases: dict[str, dict[int, str]]
    # Every beginning of those phrases, so that a walk from a start stops at the first
    # character no phrase continues with (most walks stop after one or two).
    prefixes: frozenset[str]
    longest: int

    def reading(self, text: str, position: int, default: str) -> str:
        """The character's reading at `position`: the longest covering phrase's, or default.

        Two phrases of one length that disagree (被发 reads 髮, 发明 reads 發: 被发明) leave
        the default reading, where OpenCC would take the leftmost.
        """
        best_length = 0
        best: set[str] = set()
        prefixes = self.prefixes
        stop = min(len(text), position + self.longest)
        for start in range(max(0, position - self.longest + 1), position + 1):
            end = start + 1
            while end <= stop and text[start:end] in prefixes:
                if end > position and end - start >= best_length:
                    found = self.phrases.get(text[start:end], {}).get(position - start)
                    if found is not None:
                        if end - start > best_length:
                            best_length, best = end - start, set()
                        best.add(found)
                end += 1
        return best.pop() if len(best) == 1 else default


@dataclass(frozen=True, slots=True)
class _Tables:
    # Simplified character -> its Traditional readings, default first (STCharacters).
    st_readings: dict[str, list[str]]
    # Traditional character -> its Simplified readings, default first (TSCharacters).
    ts_readings: dict[str, list[str]]
    # Character -> the characters that are only other ways of writing it (裏/裡, 麪/麵).
    variants: dict[str, frozenset[str]]
    # Simplified character -> Simplified phrases holding it and its Traditional reading there.
    st_phrases: dict[str, _PhraseReadings]
    # Traditional character -> Traditional phrases holding it and its Simplified reading there.
    ts_phrases: dict[str, _PhraseReadings]
    # Folded phrase -> folded phrases that are the same word (瞭解 -> 了解).
    same_word: dict[str, frozenset[str]]
    same_word_lengths: tuple[int, ...]
    # Folded character -> folded characters that are pure variants but fold apart (衞 -> 卫).
    same_character: dict[str, frozenset[str]]


def _phrase_index(pairs: list[tuple[str, str]]) -> dict[str, _PhraseReadings]:
    phrases: dict[str, dict[str, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
    for source, target in pairs:
        if len(source) != len(target):
            continue  # a phrase that changes length cannot be aligned character by character
        for offset, (char, reading) in enumerate(zip(source, target, strict=True)):
            phrases[char][source][offset] = reading
    return {
        char: _PhraseReadings(
            {phrase: dict(at) for phrase, at in by_phrase.items()},
            frozenset(phrase[:end] for phrase in by_phrase for end in range(1, len(phrase) + 1)),
            max(map(len, by_phrase)),
        )
        for char, by_phrase in phrases.items()
    }


@functools.cache
def _tables() -> _Tables:
    st_readings = {k: v for k, v in _table("STCharacters.txt") if len(k) == 1}
    ts_readings = {k: v for k, v in _table("TSCharacters.txt") if len(k) == 1}
    variants: dict[str, set[str]] = defaultdict(set)
    for name in ("TWVariants.txt", "HKVariants.txt"):
        for key, values in _table(name):
            for value in values:
                if len(key) == len(value) == 1 and key != value:
                    variants[key].add(value)
                    variants[value].add(key)
    # 着/著 and 么/幺 are variants only in one direction of meaning (著名 is never 着名; 幺
    # is "smallest"); 只/衹 likewise (只 is also the measure word 隻). They are handled apart.
    for a, b in (("着", "著"), ("么", "幺"), ("只", "衹")):
        variants[a].discard(b)
        variants[b].discard(a)
    st_rows = _table("STPhrases.txt")
    ts_rows = _table("TSPhrases.txt")
    # Every spelling a phrase table lists is the same word; the first is the phrase's reading.
    st_pairs = [(k, v) for k, values in st_rows for v in values]
    ts_pairs = [(k, v) for k, values in ts_rows for v in values]
    same_word: dict[str, set[str]] = defaultdict(set)
    for simplified, traditional in st_pairs + [(s, t) for t, s in ts_pairs]:
        if len(simplified) != len(traditional) or (simplified, traditional) in _NOT_ONE_WORD:
            continue
        a, b = fold(traditional), fold(simplified)
        if a != b:
            same_word[a].add(b)
            same_word[b].add(a)
    same_character: dict[str, set[str]] = defaultdict(set)
    for char, others in variants.items():
        for other in others:
            if fold(char) != fold(other):
                same_character[fold(char)].add(fold(other))
    return _Tables(
        st_readings=st_readings,
        ts_readings=ts_readings,
        variants={k: frozenset(v) for k, v in variants.items()},
        st_phrases=_phrase_index([(k, values[0]) for k, values in st_rows]),
        ts_phrases=_phrase_index([(k, values[0]) for k, values in ts_rows]),
        same_word={k: frozenset(v) for k, v in same_word.items()},
        same_word_lengths=tuple(sorted({len(k) for k in same_word}, reverse=True)),
        same_character={k: frozenset(v) for k, v in same_character.items()},
    )


@functools.cache
def _particle_words() -> dict[str, int]:
    """jieba's words holding 着 or 著 (folded), with their frequencies."""
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    words: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "着" in line or "著" in line:
            word, frequency, *_ = line.split(" ")
            words[fold(word)] = words.get(fold(word), 0) + int(frequency)
    return words


def _best_covering(word_frequencies: dict[str, int], text: str, position: int) -> int:
    """The frequency of the most frequent known word of 2+ characters covering `position`."""
    best = 0
    for start in range(max(0, position - 4), position + 1):
        for end in range(position + 1, min(len(text), start + 6) + 1):
            if end - start >= 2:
                best = max(best, word_frequencies.get(text[start:end], 0))
    return best


@dataclass(frozen=True, slots=True)
class Constraint:
    """What the text may hold at one position of a hit, beyond folding to the query.

    `position` is the offset in the query. A "traditional" constraint keeps the reading the
    user typed: the text's character is one of `accepted`, or is the Simplified `simplified`
    read (in context, from STPhrases) as one of `accepted`. A "simplified" constraint keeps
    out Traditional characters that read otherwise in context (TSPhrases: 乾隆 for 干).
    """

    position: int
    kind: str  # "traditional" or "simplified"
    typed: str
    accepted: frozenset[str]
    simplified: str


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """How to search a query: the folded spellings to find and what a hit must satisfy.

    `keys` are folded strings of the query's length; `constraints` are checked on each hit;
    `other_readings` are (reading, query) pairs: the same query typed with another reading of
    a one-to-many character (髮 -> ("發", "發")), for the window to offer.
    """

    query: str
    keys: tuple[str, ...]
    constraints: tuple[Constraint, ...]
    other_readings: tuple[tuple[str, str], ...]

    def accepts(self, text: str, folded: str, start: int) -> bool:
        """Whether the hit at `start` (a position where one key occurs) means the query."""
        for constraint in self.constraints:
            if not _satisfied(constraint, text, folded, start + constraint.position):
                return False
        return True


def _satisfied(constraint: Constraint, text: str, folded: str, position: int) -> bool:
    tables = _tables()
    char = text[position]
    if constraint.kind == "traditional":
        if char in constraint.accepted:
            return True
        if char != constraint.simplified:
            return False  # another Traditional reading: 發 for a query of 髮
        if char in tables.st_readings[char] and _traditional_around(text, position):
            # 里, 面, 干 are Traditional characters too: in Traditional text 里 is never 裡.
            return False
        phrases = tables.st_phrases.get(char)
        default = tables.st_readings[char][0]
        reading = default if phrases is None else phrases.reading(folded, position, default)
        return reading in constraint.accepted
    if char == constraint.typed:
        return True
    readings = tables.ts_readings.get(char)
    if readings is None or len(readings) < 2:
        return True
    phrases = tables.ts_phrases.get(char)
    reading = readings[0] if phrases is None else phrases.reading(text, position, readings[0])
    return reading == constraint.typed


def _traditional_around(text: str, position: int) -> bool:
    """Whether the text around `position` is Traditional (more Traditional-only characters)."""
    window = text[max(0, position - _CONTEXT) : position + _CONTEXT]
    return detect_script(window, sample=len(window)) == "traditional"


def query_script(query: str) -> str:
    """'traditional' when the query holds a character only Traditional writes, else 'simplified'.

    A query of characters both scripts share (面, 干, 中国) counts as Simplified: it keeps
    every reading, as it did before variant-aware search.
    """
    tables = _tables()
    for char in query:
        readings = tables.ts_readings.get(char)
        if readings is not None and char not in tables.st_readings and readings != [char]:
            return "traditional"
    return "simplified"


def _reading_class(char: str) -> frozenset[str]:
    return frozenset({char, *_tables().variants.get(char, ())})


def _compatible(phrase: str, offset: int, keys: tuple[str, ...], position: int) -> bool:
    """Whether a phrase placed with `offset` at `position` agrees with a key where they meet."""
    start = position - offset
    for key in keys:
        if all(
            not 0 <= start + k < len(key) or fold(phrase[k]) == key[start + k]
            for k in range(len(phrase))
        ):
            return True
    return False


def _can_reject(
    phrases: _PhraseReadings | None, keys: tuple[str, ...], position: int, keep: frozenset[str]
) -> bool:
    """Whether some phrase agreeing with the query reads the character outside `keep`."""
    if phrases is None:
        return False
    for phrase, readings in phrases.phrases.items():
        for offset, reading in readings.items():
            if reading not in keep and _compatible(phrase, offset, keys, position):
                return True
    return False


def _traditional_constraint(
    char: str, position: int, keys: tuple[str, ...]
) -> tuple[Constraint | None, list[str]]:
    """The constraint for a character of a Traditional query, and its other readings."""
    tables = _tables()
    simplified = fold(char)
    readings = tables.st_readings.get(simplified, [])
    if len(readings) < 2 or char not in {
        r for reading in readings for r in _reading_class(reading)
    }:
        return None, []
    accepted = _reading_class(char)
    others: list[str] = []
    for reading in readings:
        if reading not in accepted and not any(o in _reading_class(reading) for o in others):
            others.append(reading)
    needed = (
        any(reading != simplified for reading in others)  # 發 must not pass for 髮
        or readings[0] not in accepted  # a Simplified 发 is 發 unless a phrase says 髮
        or _can_reject(tables.st_phrases.get(simplified), keys, position, accepted)
    )
    constraint = Constraint(position, "traditional", char, accepted, simplified)
    return (constraint if needed else None), others


def _simplified_constraint(char: str, position: int, keys: tuple[str, ...]) -> Constraint | None:
    """The constraint for a character of a Simplified query, if a phrase can read otherwise."""
    tables = _tables()
    for traditional in _sources_of().get(char, ()):
        if _can_reject(tables.ts_phrases.get(traditional), keys, position, frozenset({char})):
            return Constraint(position, "simplified", char, frozenset({char}), char)
    return None


@functools.cache
def _sources_of() -> dict[str, list[str]]:
    """Simplified character -> Traditional characters that fold to it but read otherwise too."""
    sources: dict[str, list[str]] = defaultdict(list)
    for traditional, readings in _tables().ts_readings.items():
        if len(readings) > 1:
            sources[readings[0]].append(traditional)
    return dict(sources)


def _expand(folded: str) -> list[str]:
    """Every folded spelling of the same word: phrase pairs, variants, the particle 着."""
    tables = _tables()
    spellings = [folded]
    for index, char in enumerate(folded):
        alternatives = set(tables.same_character.get(char, ()))
        if char == "着":
            alternatives.add("著")  # Taiwan and Hong Kong write the particle 著
        elif char == "著":
            particle = folded[:index] + "着" + folded[index + 1 :]
            words = _particle_words()
            as_particle = _best_covering(words, particle, index)
            as_written = _best_covering(words, folded, index)
            if as_particle > _PARTICLE_RATIO * max(as_written, 1):
                alternatives.add("着")
        if alternatives:
            spellings = [
                spelling[:index] + other + spelling[index + 1 :]
                for spelling in spellings
                for other in (spelling[index], *sorted(alternatives))
            ][:MAX_KEYS]
    for length in tables.same_word_lengths:
        if length > len(folded):
            continue
        for spelling in list(spellings):
            for start in range(len(spelling) - length + 1):
                for other in tables.same_word.get(spelling[start : start + length], ()):
                    candidate = spelling[:start] + other + spelling[start + length :]
                    if candidate not in spellings and len(spellings) < MAX_KEYS:
                        spellings.append(candidate)
    return spellings


@functools.lru_cache(maxsize=256)
def plan_query(query: str, script: str | None = None) -> QueryPlan:
    """The plan for searching `query` (already stripped) in either script.

    `script` forces how the query is read ("traditional" or "simplified"); by default
    `query_script` decides. Other readings are offered as Traditional queries, since each
    names one reading.
    """
    folded = fold(query)
    if not folded:
        return QueryPlan(query, (), (), ())
    keys = tuple(dict.fromkeys(_expand(folded)))
    constraints: list[Constraint] = []
    other_readings: list[tuple[str, str]] = []
    if (script or query_script(query)) == "traditional":
        for position, char in enumerate(query):
            constraint, others = _traditional_constraint(char, position, keys)
            if constraint is not None:
                constraints.append(constraint)
            for other in others:
                other_readings.append((other, query[:position] + other + query[position + 1 :]))
    else:
        for position, char in enumerate(folded):
            constraint = _simplified_constraint(char, position, keys)
            if constraint is not None:
                constraints.append(constraint)
    return QueryPlan(query, keys, tuple(constraints), tuple(other_readings))
