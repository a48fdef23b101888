"""Time the agreement coefficients on large seeded reliability data (best of 5 runs).

Usage: .venv/bin/python benchmarks/bench_agreement.py [--units 100000] [--coders 3]

The data is what the application hands over: a list of units, each a list of one value per
coder, None where a coder gave none. The timings therefore include turning that into numpy
arrays. Target: Krippendorff's alpha on 3 coders x 100,000 units in at most 100 ms.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Hashable

from agreement.statistics import (
    BootstrapResult,
    Segment,
    bootstrap_alpha,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
    unitizing_alpha,
)

CATEGORIES = ["党建", "社区", "物业", "志愿", "其他"]


def reliability_data(units: int, coders: int, seed: int = 20240601) -> list[list[Hashable | None]]:
    """Coders who agree on a true value 70 % of the time and leave 10 % of values empty."""
    rng = random.Random(seed)
    data: list[list[Hashable | None]] = []
    for _ in range(units):
        truth = rng.choice(CATEGORIES)
        row: list[Hashable | None] = []
        for _ in range(coders):
            if rng.random() < 0.10:
                row.append(None)
            elif rng.random() < 0.70:
                row.append(truth)
            else:
                row.append(rng.choice(CATEGORIES))
        data.append(row)
    return data


def ordinal_data(units: int, coders: int, seed: int = 7) -> list[list[Hashable | None]]:
    """Ratings 1-5 scattered around a true value, 10 % missing."""
    rng = random.Random(seed)
    data: list[list[Hashable | None]] = []
    for _ in range(units):
        truth = rng.randint(1, 5)
        data.append(
            [
                None if rng.random() < 0.10 else min(5, max(1, truth + rng.choice([-1, 0, 0, 1])))
                for _ in range(coders)
            ]
        )
    return data


def segments(length: int, coders: int, per_coder: int, seed: int = 3) -> dict[str, list[Segment]]:
    """Coders marking ``per_coder`` segments of three codes on one long continuum."""
    rng = random.Random(seed)
    result: dict[str, list[Segment]] = {}
    for coder in range(coders):
        marks: list[Segment] = []
        for _ in range(per_coder):
            start = rng.randrange(0, length - 50)
            marks.append((start, start + rng.randint(5, 50), rng.choice("abc")))
        result[f"coder{coder}"] = marks
    return result


def best_of(runs: int, call: Callable[[], object]) -> tuple[float, object]:
    """The fastest of ``runs`` calls in milliseconds, and the last result."""
    best = float("inf")
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - started)
    return best * 1000.0, result


def main() -> None:
    """Generate the data, time every coefficient and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    data = reliability_data(args.units, args.coders)
    ratings = ordinal_data(args.units, args.coders)
    pair = [row[:2] for row in data]
    rating_pair = [row[:2] for row in ratings]
    print(f"{args.units} units x {args.coders} coders, best of {args.runs} (ms)")

    cases: list[tuple[str, Callable[[], object]]] = [
        ("krippendorff_alpha nominal", lambda: krippendorff_alpha(data)),
        ("krippendorff_alpha ordinal", lambda: krippendorff_alpha(ratings, "ordinal")),
        ("krippendorff_alpha interval", lambda: krippendorff_alpha(ratings, "interval")),
        ("krippendorff_alpha ratio", lambda: krippendorff_alpha(ratings, "ratio")),
        ("percent_agreement", lambda: percent_agreement(data)),
        ("fleiss_kappa", lambda: fleiss_kappa(data)),
        ("gwet_ac1", lambda: gwet_ac1(data, CATEGORIES)),
        ("brennan_prediger", lambda: brennan_prediger(data, CATEGORIES)),
        ("cohen_kappa (2 coders)", lambda: cohen_kappa(pair)),
        ("cohen_kappa quadratic", lambda: cohen_kappa(rating_pair, "quadratic")),
        ("scott_pi (2 coders)", lambda: scott_pi(pair)),
        ("bootstrap_alpha nominal x1000", lambda: bootstrap_alpha(data, "nominal", seed=1)),
        ("bootstrap_alpha ordinal x1000", lambda: bootstrap_alpha(ratings, "ordinal", seed=1)),
    ]
    for label, call in cases:
        elapsed, value = best_of(args.runs, call)
        if isinstance(value, BootstrapResult):
            shown = f"{value.alpha:.4f} [{value.low:.4f}, {value.high:.4f}]"
        else:
            shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        print(f"{label:32s} {elapsed:9.1f}   {shown}")

    length, per_coder = 200_000, 2_000
    marks = segments(length, 3, per_coder)
    elapsed, value = best_of(args.runs, lambda: unitizing_alpha(length, marks))
    label = f"unitizing_alpha 3 x {per_coder} segs"
    print(f"{label:32s} {elapsed:9.1f}   {value:.4f}")


if __name__ == "__main__":
    main()
