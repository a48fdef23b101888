"""Precision and recall of search on variant pairs, before and after variant-aware queries.

The evaluation corpus (benchmarks/search_eval/, provenance in PROVENANCE.md) is real text:
Traditional Wikipedia sentences (UD Chinese GSD), their Simplified edition corrected by hand
(GSDSimp, line for line the same sentences), Traditional translated news and Wikipedia (PUD)
and Hong Kong film dialogue and Legislative Council speech (HK).

What a query means is written down per query as the Traditional spellings that are that word
(隨著: 隨著 or 隨着; 髮: only 髮). In Traditional text the gold hits are where one of those
spellings stands. In the Simplified GSD text, which has lost the distinction (发 for 發 and
髮), the gold hits are where its Traditional twin sentence has one of them at the same place.

"before" is search as it was: the folded query found in the folded text. "after" is the
variant-aware plan (`corpus.variants.plan_query`), run through the same code search uses.

    python benchmarks/bench_search_variants.py
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from corpus.script import fold
from corpus.search import find_in_text
from corpus.variants import QueryPlan, plan_query
from models.ids import ArticleId

# Third-party text is never committed here: it lives beside the project, in ../shared/eval/
# (benchmarks/search_eval/PROVENANCE.md says where each file comes from and how it was made).
DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "search"
TRADITIONAL = ("gsd_traditional.tsv", "pud_traditional.tsv", "hk_traditional.tsv")
SIMPLIFIED_TWIN = ("gsd_simplified.tsv", "gsd_traditional.tsv")


@dataclass(frozen=True)
class Query:
    """A query as a user types it, the Traditional spellings it means, contexts it does not."""

    typed: str
    means: tuple[str, ...]
    not_in: tuple[str, ...] = ()


QUERIES = [
    # One word, spellings that fold apart.
    Query("隨著", ("隨著", "隨着")),
    Query("随着", ("隨著", "隨着")),
    Query("接著", ("接著", "接着")),
    Query("跟著", ("跟著", "跟着")),
    Query("有著", ("有著", "有着")),
    Query("著名", ("著名",)),
    Query("顯著", ("顯著",)),
    Query("瞭解", ("瞭解", "了解")),
    Query("了解", ("瞭解", "了解")),
    Query("反覆", ("反覆", "反復")),
    Query("反复", ("反覆", "反復")),
    Query("裡", ("裡", "裏")),
    Query("裏", ("裡", "裏")),
    # One-to-many characters typed in Traditional: only the reading typed.
    Query("髮", ("髮",)),
    Query("頭髮", ("頭髮",)),
    Query("發", ("發",)),
    Query("麵", ("麵", "麪")),
    Query("乾", ("乾",)),
    Query("幹", ("幹",)),
    Query("後", ("後",)),
    Query("鐘", ("鐘",)),
    Query("鍾", ("鍾",)),
    # A Simplified query keeps every reading, but not 乾 where it stays 乾 (乾隆).
    Query("干", ("干", "幹", "乾"), not_in=("乾隆",)),
]


def _read(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.partition("\t")[2] for line in lines]


def _gold(text: str, query: Query) -> set[int]:
    width = len(query.typed)
    found = set()
    for spelling in query.means:
        position = text.find(spelling)
        while position != -1:
            excluded = any(
                text.startswith(phrase, start)
                for phrase in query.not_in
                for start in range(max(0, position - len(phrase) + 1), position + 1)
                if start <= position < start + len(phrase)
            )
            if not excluded and len(spelling) == width:
                found.add(position)
            position = text.find(spelling, position + 1)
    return found


def _before(text: str, query: Query) -> set[int]:
    return {hit.start for hit in find_in_text(text, fold(text), fold(query.typed), ArticleId(0))}


def _after(text: str, plan: QueryPlan) -> set[int]:
    folded = fold(text)
    return {
        hit.start
        for key in plan.keys
        for hit in find_in_text(text, folded, key, ArticleId(0))
        if plan.accepts(text, folded, hit.start)
    }


@dataclass
class Tally:
    """Counts for precision and recall."""

    gold: int = 0
    found: int = 0
    right: int = 0

    def add(self, gold: set[int], found: set[int]) -> None:
        """Count one text."""
        self.gold += len(gold)
        self.found += len(found)
        self.right += len(gold & found)

    def cell(self) -> str:
        """P/R as a table cell ("-" where nothing was found or nothing is there)."""
        precision = f"{self.right / self.found:.2f}" if self.found else "  - "
        recall = f"{self.right / self.gold:.2f}" if self.gold else "  - "
        return f"{precision}/{recall}"


def evaluate(queries: list[Query]) -> None:
    """Print P/R per query, in Traditional and Simplified text, before and after."""
    traditional = [line for name in TRADITIONAL for line in _read(name)]
    simplified, twins = (_read(name) for name in SIMPLIFIED_TWIN)
    pairs = [(s, t) for s, t in zip(simplified, twins, strict=True) if len(s) == len(t)]
    print(
        f"corpus: {len(traditional)} Traditional sentences "
        f"({sum(map(len, traditional)):,} characters), {len(pairs)} Simplified sentences "
        f"with a Traditional twin ({sum(len(s) for s, _ in pairs):,} characters)"
    )
    print(
        f"{'query':<6} {'gold T':>6} {'gold S':>6}   {'Trad before':>11} {'Trad after':>11}"
        f"   {'Simp before':>11} {'Simp after':>11}   also"
    )
    totals = {key: Tally() for key in ("tb", "ta", "sb", "sa")}
    for query in queries:
        plan = plan_query(query.typed)
        tally = {key: Tally() for key in totals}
        for line in traditional:
            gold = _gold(line, query)
            tally["tb"].add(gold, _before(line, query))
            tally["ta"].add(gold, _after(line, plan))
        for line, twin in pairs:
            gold = _gold(twin, query)
            tally["sb"].add(gold, _before(line, query))
            tally["sa"].add(gold, _after(line, plan))
        for key, value in tally.items():
            totals[key].gold += value.gold
            totals[key].found += value.found
            totals[key].right += value.right
        also = " ".join(reading for reading, _ in plan.other_readings)
        print(
            f"{query.typed:<6} {tally['ta'].gold:>6} {tally['sa'].gold:>6}   "
            f"{tally['tb'].cell():>11} {tally['ta'].cell():>11}   "
            f"{tally['sb'].cell():>11} {tally['sa'].cell():>11}   {also}"
        )
    print(
        f"{'all':<6} {totals['ta'].gold:>6} {totals['sa'].gold:>6}   "
        f"{totals['tb'].cell():>11} {totals['ta'].cell():>11}   "
        f"{totals['sb'].cell():>11} {totals['sa'].cell():>11}   (P/R pooled over hits)"
    )


def main() -> None:
    """Run the evaluation and time planning."""
    argparse.ArgumentParser(description=__doc__).parse_args()
    began = time.perf_counter()
    plan_query("隨著")
    print(f"variant tables loaded in {time.perf_counter() - began:.2f} s (once per process)")
    evaluate(QUERIES)


if __name__ == "__main__":
    main()
