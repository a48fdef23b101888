"""Assisted coding (issue 19) on a generated project with a known truth: time, memory, validity.

Usage: .venv/bin/python benchmarks/bench_suggest.py [--coded 10000] [--held-out 1000]
       [--codes 50] [--unit article] [--seed 7] [--warm] [--json]

The corpus is made from the demo articles (articoder/demo/articles), multiplied with variation:
each generated article is 12-30 of the demo's sentences drawn at random, each sentence with a
clause dropped now and then and its numbers changed. The truth of a sentence is the demo
codebook's rule for its leaf codes (a code's keyword in the sentence, after folding), taken on
the varied sentence; the `--codes` most frequent leaf codes are used (beyond the codebook's 25,
codes defined by one word of the demo sentences each, see `_add_word_codes`). Two coders
(甲, 乙) code the first `--coded` articles, 60 % each, so 20 % are in both queues (the
reliability sample); each misses a true code one time in seven, codes a sibling instead one
time in twenty, and adds a stray code to one article in ten. The last `--held-out` articles
are not coded: the model's suggestions on them are scored against the truth, beside what
cross-validation reported.

Training runs in a fresh process (benchmarks/child_memory.py) so that its peak memory is its
own: cold (jieba segments every article), and with --warm a second time (word boundaries
cached in the project, as after the first training). Targets (issue 19): training 10,000
articles x 50 codes within 60 s, suggestion time per article within 50 ms.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere in the tree

from child_memory import child_script
from sqlalchemy import insert, select

from agreement.reliability import sentence_spans
from agreement.statistics import krippendorff_alpha
from articoder.demo_project import DEMO_CODEBOOK, build_demo_project
from codebook.spec import CodebookSpec, CodeSpec, walk
from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from codebook.tree import load_code_tree
from corpus.importer import content_hash
from corpus.script import fold
from models.database import ProjectDatabase, create_project
from models.entities import Article, Assignment, Coder, Segment, utcnow
from models.ids import new_guid

_PINYIN = re.compile(r"\([a-zǜ-ͯāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)")
_DIGITS = re.compile(r"\d+")
CODERS = ("甲", "乙")


@dataclass
class Corpus:
    """The generated project's truth: per article, its sentences' true code ids."""

    coded: list[int]
    held_out: list[int]
    truth: dict[int, list[tuple[int, int, frozenset[int]]]]  # article -> (start, end, codes)
    codes: dict[int, str]  # code id -> path


def _demo_sentences() -> list[str]:
    """The demo articles' sentences as the importer cleans them, folded to Simplified."""
    folder = Path(tempfile.mkdtemp(prefix="bench-suggest-demo-"))
    demo = build_demo_project(folder / "demo.articoder")
    with demo.session() as session:
        texts = [fold(str(t)) for t in session.scalars(select(Article.text))]
    demo.close()
    found: list[str] = []
    for text in texts:
        for start, end in sentence_spans(text):
            sentence = text[start:end].strip()
            if len(sentence) >= 8:
                found.append(sentence)
    return found


def _vary(sentence: str, rng: random.Random) -> str:
    """The sentence with, now and then, one clause dropped, and its numbers changed."""
    clauses = sentence.split("，")
    if len(clauses) > 2 and rng.random() < 0.3:
        del clauses[rng.randrange(1, len(clauses))]
    varied = "，".join(clauses)
    return _DIGITS.sub(lambda m: str(rng.randrange(1, 10 ** len(m.group()))), varied)


def _add_word_codes(spec: CodebookSpec, pool: list[str], codes_wanted: int) -> None:
    """Codes defined by a word of the demo sentences, when the codebook's keyword codes are
    too few for `codes_wanted` (the demo codebook has 25): a group 基准词语 whose leaf codes
    each carry one two-character word found in 2-10 % of the sentences, the most frequent
    first, none inside a keyword of the codebook. Their truth is made exactly like the
    codebook's (the word in the sentence), so the benchmark can ask for 50 codes.
    """
    taken = [fold(k) for _, code in walk(spec.codes) for k in code.keywords]
    available = sum(1 for _, code in walk(spec.codes) if not code.children and code.keywords)
    missing = codes_wanted - available
    if missing <= 0:
        return
    counts: Counter[str] = Counter()
    for sentence in pool:
        counts.update({sentence[i : i + 2] for i in range(len(sentence) - 1)})
    words: list[str] = []
    for word, count in counts.most_common():
        if len(words) == missing:
            break
        if not 0.02 <= count / len(pool) <= 0.10 or not all(
            "\u4e00" <= ch <= "\u9fff" for ch in word
        ):
            continue
        if any(word in k or k in word for k in taken + words):
            continue
        words.append(word)
    group = CodeSpec(
        name="基准词语", children=[CodeSpec(name=f"含“{w}”", keywords=[w]) for w in words]
    )
    spec.codes.append(group)


def build_corpus(
    path: Path, coded: int, held_out: int, codes_wanted: int, seed: int
) -> tuple[ProjectDatabase, Corpus]:
    """A new project at `path` with generated articles and two coders' noisy coding."""
    rng = random.Random(seed)
    database = create_project(path)
    spec = read_codebook_text(DEMO_CODEBOOK)
    pool = _demo_sentences()
    _add_word_codes(spec, pool, codes_wanted)
    import_codebook(database, spec)
    tree = load_code_tree(database)
    by_path = {node.path: node.id for node in tree.by_id.values()}
    keywords = {
        by_path[path]: [fold(k) for k in code.keywords]
        for path, code in walk(spec.codes)
        if not code.children and code.keywords and not code.retired
    }
    frequency = Counter(
        c for t in pool for c, words in keywords.items() if any(w in t for w in words)
    )
    chosen = [c for c, _ in frequency.most_common(codes_wanted)]
    siblings = {
        c: [o for o in chosen if o != c and tree.by_id[o].parent is tree.by_id[c].parent]
        for c in chosen
    }
    carrying = {c: [t for t in pool if any(w in t for w in keywords[c])] for c in chosen}
    neutral = [t for t in pool if not any(any(w in t for w in keywords[c]) for c in chosen)]
    weights = [len(carrying[c]) for c in chosen]
    truth: dict[int, list[tuple[int, int, frozenset[int]]]] = {}

    @functools.cache
    def codes_of(sentence: str) -> frozenset[int]:
        return frozenset(c for c in chosen if any(w in sentence for w in keywords[c]))

    article_rows: list[dict[str, Any]] = []
    now = utcnow()
    total = coded + held_out
    for n in range(total):
        # An article reports on one to three topics; the rest of it is general community news.
        topics = set(rng.choices(chosen, weights=weights, k=rng.randint(1, 3)))
        on_topic = [t for c in topics for t in carrying[c]]
        parts: list[str] = [f"合成报道第{n + 1}篇"]
        for i in range(rng.randint(12, 30)):
            sentence = rng.choice(on_topic if rng.random() < 0.35 else neutral)
            parts.append(_vary(sentence, rng) + ("\n" if i % 4 == 3 else ""))
        text = parts[0] + "\n" + "".join(parts[1:]).strip()
        article_rows.append(
            {
                "guid": new_guid(),
                "title": parts[0],
                "outlet": "合成日报",
                "extra": {},
                "script": "simplified",
                "chars": len(text),
                "content_hash": content_hash(text + str(n)),
                "source": f"generated/{n + 1}.txt",
                "source_format": "txt",
                "encoding": "utf-8",
                "imported_at": now,
                "raw_text": text,
                "text": text,
                "edits": [],
                "flags": [],
            }
        )
    with database.session() as session:
        ids = list(
            session.execute(
                insert(Article).returning(Article.id, sort_by_parameter_order=True), article_rows
            ).scalars()
        )
        for name in CODERS:
            session.add(Coder(name=name, is_lead=name == CODERS[0]))
    with database.session() as session:
        coder_ids = {str(n): int(i) for i, n in session.execute(select(Coder.id, Coder.name))}
    segments: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    for n, (article_id, row) in enumerate(zip(ids, article_rows, strict=True)):
        text = row["text"]
        spans = sentence_spans(text)
        truth[article_id] = [(s, e, codes_of(text[s:e])) for s, e in spans]
        if n >= coded:
            continue
        queues = [CODERS[0]] if n % 5 in (0, 1) else [CODERS[1]] if n % 5 in (3, 4) else CODERS
        for name in queues:
            assignments.append(
                {
                    "article_id": article_id,
                    "coder_id": coder_ids[name],
                    "status": "done",
                    "assigned_at": now,
                    "done_at": now,
                }
            )
            for start, end, true_codes in truth[article_id]:
                for code in true_codes:
                    roll = rng.random()
                    if roll < 1 / 7:
                        continue  # missed
                    if roll < 1 / 7 + 1 / 20 and siblings[code]:
                        code = rng.choice(siblings[code])
                    segments.append(
                        _segment(article_id, code, coder_ids[name], start, end, text, now)
                    )
            if rng.random() < 0.1:
                start, end = rng.choice(spans)
                segments.append(
                    _segment(article_id, rng.choice(chosen), coder_ids[name], start, end, text, now)
                )
    with database.session() as session:
        session.execute(insert(Assignment), assignments)
        for i in range(0, len(segments), 5000):
            session.execute(insert(Segment), segments[i : i + 5000])
    corpus = Corpus(
        coded=ids[:coded],
        held_out=ids[coded:],
        truth=truth,
        codes={c: tree.by_id[c].path_text for c in chosen},
    )
    return database, corpus


def _segment(
    article_id: int, code_id: int, coder_id: int, start: int, end: int, text: str, now: Any
) -> dict[str, Any]:
    return {
        "guid": new_guid(),
        "article_id": article_id,
        "code_id": code_id,
        "coder_id": coder_id,
        "start": start,
        "end": end,
        "text": text[start:end],
        "memo": "",
        "codebook_version": 1,
        "created_at": now,
        "updated_at": now,
    }


CHILD = child_script(
    """
sys.path.insert(0, sys.argv[3])
from models.database import open_project
from suggest.store import train_model
database = open_project(sys.argv[1], upgrade=False)
began = time.perf_counter()
report = train_model(database, sys.argv[2], codes=json.loads(sys.argv[4]))
seconds = time.perf_counter() - began
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                  "peak_kb": kilobytes("VmHWM"), "report": report.as_json()},
                 default=str, ensure_ascii=False))
"""
)


def train_in_child(path: Path, unit: str, codes: list[str]) -> dict[str, Any]:
    """Train in a fresh process; its time, peak memory and report."""
    root = str(Path(__file__).resolve().parents[1])
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), unit, root, json.dumps(codes)],
        capture_output=True,
        text=True,
    )
    if child.returncode:
        raise SystemExit(f"training failed in the child process:\n{child.stderr}")
    result: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def held_out_scores(
    database: ProjectDatabase, corpus: Corpus, unit: str, min_confidence: float
) -> tuple[dict[str, dict[str, Any]], float, int]:
    """Every fitted code's predictions on the held-out articles against the truth; the time
    `apply_model` takes per article, and how many suggestions it stored.
    """
    from suggest.store import apply_model, load_model, score_texts
    from suggest.units import read_texts

    began = time.perf_counter()
    applied = apply_model(database, min_confidence, articles=corpus.held_out)
    per_article_ms = (time.perf_counter() - began) * 1000 / max(len(corpus.held_out), 1)
    model = load_model(database)
    texts = read_texts(database, corpus.held_out)
    article_ids, spans, probability = score_texts(database, model, texts)
    scores: dict[str, dict[str, Any]] = {}
    for column, code in enumerate(model.code_ids):
        predicted: dict[tuple[int, int], int] = {}
        for n, (article, (start, _end)) in enumerate(zip(article_ids, spans, strict=True)):
            predicted[(article, start)] = int(probability[n, column] >= 0.5)
        true_cells: list[int] = []
        machine: list[int] = []
        for article in corpus.held_out:
            if unit == "article":
                true_cells.append(int(any(code in c for _, _, c in corpus.truth[article])))
                machine.append(predicted.get((article, 0), 0))
            else:
                for start, _end, codes in corpus.truth[article]:
                    true_cells.append(int(code in codes))
                    machine.append(predicted.get((article, start), 0))
        tp = sum(1 for t, m in zip(true_cells, machine, strict=True) if t and m)
        precision = tp / sum(machine) if sum(machine) else None
        recall = tp / sum(true_cells) if sum(true_cells) else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
        alpha = krippendorff_alpha(list(zip(true_cells, machine, strict=True)), "nominal")
        scores[corpus.codes[code]] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "alpha": None if alpha != alpha else alpha,
            "prevalence": round(sum(true_cells) / len(true_cells), 4),
        }
    return scores, per_article_ms, applied.suggestions


def _fmt(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


def main() -> None:
    """Build, train twice, apply to the held-out articles, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coded", type=int, default=10_000)
    parser.add_argument("--held-out", type=int, default=1_000)
    parser.add_argument("--codes", type=int, default=50)
    parser.add_argument("--unit", choices=("article", "sentence"), default="article")
    parser.add_argument("--min-confidence", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warm", action="store_true", help="train a second time, words cached")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-suggest-"))
    began = time.perf_counter()
    database, corpus = build_corpus(
        folder / "bench.articoder",
        arguments.coded,
        arguments.held_out,
        arguments.codes,
        arguments.seed,
    )
    built = time.perf_counter() - began
    codes = [str(c) for c in corpus.codes]
    database.close()
    cold = train_in_child(folder / "bench.articoder", arguments.unit, codes)
    warm = (
        train_in_child(folder / "bench.articoder", arguments.unit, codes)
        if arguments.warm
        else cold
    )
    from models.database import open_project

    database = open_project(folder / "bench.articoder", upgrade=False)
    scores, per_article_ms, suggestions = held_out_scores(
        database, corpus, arguments.unit, arguments.min_confidence
    )
    database.close()
    result = {
        "coded": arguments.coded,
        "held_out": arguments.held_out,
        "codes": len(codes),
        "unit": arguments.unit,
        "build_seconds": round(built, 1),
        "train_cold_seconds": round(cold["seconds"], 1),
        "train_cold_cpu_seconds": round(cold["cpu_seconds"], 1),
        "train_cold_peak_mb": round(cold["peak_kb"] / 1024),
        "train_warm_seconds": round(warm["seconds"], 1),
        "train_warm_peak_mb": round(warm["peak_kb"] / 1024),
        "suggest_ms_per_article": round(per_article_ms, 2),
        "held_out_suggestions": suggestions,
        "units": warm["report"]["units"],
        "features": warm["report"]["features"],
        "validation": warm["report"]["codes"],
        "held_out_truth": scores,
    }
    if arguments.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    print(
        f"{arguments.coded} coded + {arguments.held_out} held-out articles, {len(codes)} codes, "
        f"unit {arguments.unit}: built in {built:.1f} s; {result['units']} units, "
        f"{result['features']} features"
    )
    print(
        f"train {result['train_cold_seconds']} s ({result['train_cold_cpu_seconds']} s CPU, "
        f"peak {result['train_cold_peak_mb']} MB)"
        + (
            f", again with words cached {result['train_warm_seconds']} s "
            f"(peak {result['train_warm_peak_mb']} MB)"
            if arguments.warm
            else ""
        )
        + f"; suggest {result['suggest_ms_per_article']} ms/article "
        f"({suggestions} pending suggestions on the held-out articles)"
    )
    print(
        f"{'code':<28} {'pos/neg':>13} {'P':>6} {'R':>6} {'F1':>6} {'alpha':>6} "
        f"{'humans':>6} ok | held-out truth: {'P':>6} {'R':>6} {'F1':>6} {'alpha':>6}"
    )
    for row in result["validation"]:
        truth = scores.get(row["code"], {})
        print(
            f"{row['code'][-26:]:<28} {row['positives']:>6}/{row['negatives']:<6} "
            f"{_fmt(row['precision']):>6} {_fmt(row['recall']):>6} {_fmt(row['f1']):>6} "
            f"{_fmt(row['alpha']):>6} {_fmt(row['alpha_coders']):>6} "
            f"{'y' if row['passed'] else 'n':>2} | "
            f"{'':>15}{_fmt(truth.get('precision')):>6} {_fmt(truth.get('recall')):>6} "
            f"{_fmt(truth.get('f1')):>6} {_fmt(truth.get('alpha')):>6}"
        )
    digest = hashlib.sha256(json.dumps(result, sort_keys=True, default=str).encode()).hexdigest()
    print(f"(result digest {digest[:12]}; project in {folder})")


if __name__ == "__main__":
    main()
