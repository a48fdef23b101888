"""Run every benchmark in turn and print their numbers (results are kept in RESULTS.md).

./dev bench            # everything (the 100,000-article project is built once, ~6 min)
./dev bench --quick    # the benchmarks that need no large project
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
QUICK = [
    ["bench_agreement.py"],
    ["bench_codebook.py"],
    ["bench_import.py", "--n", "10000"],
    ["bench_window.py", "--skip-startup"],
    ["bench_export.py"],
    ["bench_agreement_report.py"],
    [
        "bench_agreement_report.py",
        "--articles",
        "100",
        "--coders",
        "2",
        "--segments",
        "50",
        "--codes",
        "20",
        "--text",
        "corpus",
        "--chars",
        "1500",
        "--units",
        "character",
    ],
    ["bench_team.py"],
    ["bench_qdpx.py"],
    ["bench_hostile_inputs.py"],
    ["bench_stats_export.py"],
    ["bench_startup.py", "--no-large", "--runs", "3"],
]
LARGE = [
    ["bench_search.py", "--n", "100000"],
    ["bench_window.py", "--n", "100000"],
    ["bench_startup.py", "--commands"],
]


def main() -> int:
    """Run the benchmarks; return non-zero if one failed."""
    plan = QUICK if "--quick" in sys.argv else QUICK + LARGE
    failed = 0
    for script, *arguments in plan:
        if not (HERE / script).exists():
            continue
        print(f"== {script} {' '.join(arguments)}", flush=True)
        failed |= subprocess.run(
            [sys.executable, str(HERE / script), *arguments], check=False
        ).returncode
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
