"""The `articoder suggest` commands: train and validate, pre-code, review, report.

    articoder suggest train PROJECT [--unit article|sentence] [--codes CODE ...] [--folds 5]
                            [--metric alpha|f1] [--threshold 0.667] [--min-units 10]
                            [--coder NAME] [--json]
    articoder suggest apply PROJECT [--min-confidence 0.5] [--model VERSION] [--json]
    articoder suggest list PROJECT ARTICLE [--all] [--json]
    articoder suggest accept|reject PROJECT ID [ID ...] --coder NAME [--json]
    articoder suggest report PROJECT [--json]
    articoder suggest next PROJECT [--limit 20] [--model VERSION] [--json]

The numbers are those of suggest.training (cross-validated per code, grouped by article);
docs/suggestions.md says what they mean and how to report them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from articoder.cli_common import Commands, add_command, print_json
from coding.segments import CodingError
from models.database import ProjectDatabase, open_project
from models.journal import perform
from suggest.active import DEFAULT_LIMIT, next_articles
from suggest.store import (
    DEFAULT_MIN_CONFIDENCE,
    AcceptSuggestion,
    RejectSuggestion,
    apply_model,
    report,
    suggestions_for_article,
    train_model,
)
from suggest.training import (
    DEFAULT_FOLDS,
    DEFAULT_METRIC,
    DEFAULT_MIN_UNITS,
    DEFAULT_THRESHOLD,
    METRICS,
    TrainSettings,
)
from suggest.units import SuggestError


def _guarded(handler: Callable[[argparse.Namespace], None]) -> Callable[[argparse.Namespace], None]:
    """The handler, with a refusal printed as one line and exit code 1 (never a traceback)."""

    def run(arguments: argparse.Namespace) -> None:
        try:
            handler(arguments)
        except (SuggestError, CodingError) as exc:
            print(f"articoder: {exc}", file=sys.stderr)
            raise SystemExit(1) from exc

    return run


def _number(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


def _validation_lines(codes: list[dict[str, Any]]) -> list[str]:
    lines = [
        f"{'code':<30} {'pos':>6} {'neg':>6} {'P':>6} {'R':>6} {'F1':>6} {'alpha':>6} "
        f"{'coders':>6}  suggested"
    ]
    for c in codes:
        verdict = "yes" if c["passed"] else f"no: {c['reason']}"
        lines.append(
            f"{c['code'][-30:]:<30} {c['positives']:>6} {c['negatives']:>6} "
            f"{_number(c['precision']):>6} {_number(c['recall']):>6} {_number(c['f1']):>6} "
            f"{_number(c['alpha']):>6} {_number(c['alpha_coders']):>6}  {verdict}"
        )
    return lines


def cmd_train(arguments: argparse.Namespace) -> None:
    """Validate and train; print the per-code validation."""
    settings = TrainSettings(
        folds=arguments.folds,
        metric=arguments.metric,
        threshold=arguments.threshold,
        min_units=arguments.min_units,
    )
    database = open_project(arguments.project)
    try:
        result = train_model(
            database, arguments.unit, arguments.codes, settings, trained_by=arguments.coder
        )
    finally:
        database.close()
    if arguments.json:
        print_json(result.as_json())
        return
    passed = sum(1 for c in result.codes if c["passed"])
    print(
        f"model {result.version}: {result.units} {result.unit} units from {result.articles} "
        f"coded articles, {result.features} features, {result.seconds} s"
    )
    print(
        f"{settings.folds}-fold cross-validation grouped by article; a code is suggested when "
        f"{settings.metric} >= {settings.threshold}: {passed} of {len(result.codes)} codes"
    )
    for line in _validation_lines(result.codes):
        print(line)


def cmd_apply(arguments: argparse.Namespace) -> None:
    """Pre-code uncoded articles outside the reliability sample with pending suggestions."""
    database = open_project(arguments.project)
    try:
        result = apply_model(database, arguments.min_confidence, arguments.model)
    finally:
        database.close()
    if arguments.json:
        print_json(result.as_json())
        return
    print(
        f"model {result.version}: {result.suggestions} pending suggestions in "
        f"{result.articles_suggested} articles (confidence >= {result.min_confidence}); "
        f"left alone: {result.skipped_coded} coded articles, {result.skipped_sample} of the "
        f"reliability sample; {len(result.codes_suggested)} codes suggested, "
        f"{len(result.codes_withheld)} withheld (below the threshold)"
    )


def _coder_id(database: ProjectDatabase, name: str) -> int:
    from sqlalchemy import select

    from models.entities import Coder

    with database.session() as session:
        found = session.scalar(select(Coder.id).where(Coder.name == name))
    if found is None:
        raise SuggestError(f"no coder {name!r} in this project")
    return int(found)


def cmd_decide(arguments: argparse.Namespace) -> None:
    """Accept or reject suggestions as a coder (each one journalled)."""
    database = open_project(arguments.project)
    done: list[int] = []
    try:
        coder = _coder_id(database, arguments.coder)
        for suggestion in arguments.ids:
            if arguments.decision == "accept":
                perform(database, AcceptSuggestion(suggestion, coder), coder)
            else:
                perform(database, RejectSuggestion(suggestion, coder), coder)
            done.append(suggestion)
    finally:
        database.close()
    if arguments.json:
        print_json({"decision": arguments.decision, "suggestions": done})
    else:
        print(f"{arguments.decision}ed {len(done)} suggestions as {arguments.coder}")


def cmd_list(arguments: argparse.Namespace) -> None:
    """The suggestions of one article."""
    database = open_project(arguments.project)
    try:
        states = ("pending", "accepted", "rejected") if arguments.all else ("pending",)
        found = suggestions_for_article(database, arguments.article, states)
    finally:
        database.close()
    if arguments.json:
        print_json([s.__dict__ for s in found])
        return
    for s in found:
        who = f" by {s.decided_by}" if s.decided_by else ""
        print(
            f"{s.id:>6} {s.state:<8}{who} {s.confidence:.2f} {s.code} [{s.start}, {s.end}) "
            f"{s.text[:40]}"
        )


def cmd_report(arguments: argparse.Namespace) -> None:
    """Every model's validation and the suggestions by code and state."""
    database = open_project(arguments.project)
    try:
        result = report(database)
    finally:
        database.close()
    if arguments.json:
        print_json(result)
        return
    if not result["models"]:
        print("No model trained yet: run `articoder suggest train PROJECT`.")
        return
    for model in result["models"]:
        settings = model["settings"]
        print(
            f"model {model['version']} ({model['unit']}, by {model['trained_by'] or '-'}, "
            f"{settings.get('folds')}-fold, suggested when {settings.get('metric')} >= "
            f"{settings.get('threshold')})"
        )
    for line in _validation_lines(result["models"][-1]["codes"]):
        print(line)
    print(f"\n{'code':<30} {'pending':>8} {'accepted':>9} {'rejected':>9}")
    for code, states in sorted(result["suggestions"].items()):
        print(
            f"{code[-30:]:<30} {states['pending']:>8} {states['accepted']:>9} "
            f"{states['rejected']:>9}"
        )


def cmd_next(arguments: argparse.Namespace) -> None:
    """The uncoded articles whose coding would most help the weak codes, best first."""
    database = open_project(arguments.project)
    try:
        result = next_articles(database, arguments.limit, arguments.model)
    finally:
        database.close()
    if arguments.json:
        print_json(result.as_json())
        return
    basis = "every fitted code passed; all of them" if result.all_passed else "codes below the bar"
    print(
        f"model {result.version}: {result.candidates} uncoded articles outside the reliability "
        f"sample, ordered by the mean uncertainty over {len(result.weak_codes)} {basis}"
    )
    for article in result.articles:
        unsure = ", ".join(f"{c.code} p={c.probability:.2f}" for c in article.codes)
        print(f"{article.article_id:>7} {article.score:.3f} {article.title[:30]}  ({unsure})")


def add_suggest_commands(commands: Commands) -> None:  # type: ignore[type-arg]
    """Register `suggest` and its subcommands on the main parser's subcommands."""
    parser = commands.add_parser(
        "suggest", help="assisted coding: train, validate, pre-code, review"
    )
    subcommands = parser.add_subparsers(dest="suggest_command", required=True)
    train = add_command(
        subcommands,
        "train",
        _guarded(cmd_train),
        "validate per code (k-fold, grouped by article) and train on the human coding",
    )
    train.add_argument("project")
    train.add_argument("--unit", choices=("article", "sentence"), default="article")
    train.add_argument("--codes", nargs="+", help="code ids, names or paths (default: all coded)")
    train.add_argument("--folds", type=int, default=DEFAULT_FOLDS)
    train.add_argument("--metric", choices=METRICS, default=DEFAULT_METRIC)
    train.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help="a code is suggested only when its metric reaches this (default 0.667)",
    )
    train.add_argument("--min-units", type=int, default=DEFAULT_MIN_UNITS)
    train.add_argument("--coder", help="who trained it (recorded with the model)")
    apply = add_command(
        subcommands,
        "apply",
        _guarded(cmd_apply),
        "pre-code uncoded articles (not the reliability sample) with pending suggestions",
    )
    apply.add_argument("project")
    apply.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE)
    apply.add_argument("--model", help="a model version (default: the newest)")
    listing = add_command(subcommands, "list", _guarded(cmd_list), "one article's suggestions")
    listing.add_argument("project")
    listing.add_argument("article", type=int)
    listing.add_argument("--all", action="store_true", help="decided ones too")
    for decision in ("accept", "reject"):
        decide = add_command(
            subcommands, decision, _guarded(cmd_decide), f"{decision} suggestions as a coder"
        )
        decide.add_argument("project")
        decide.add_argument("ids", type=int, nargs="+")
        decide.add_argument("--coder", required=True)
        decide.set_defaults(decision=decision)
    report_command = add_command(
        subcommands, "report", _guarded(cmd_report), "models, validation and suggestion counts"
    )
    report_command.add_argument("project")
    following = add_command(
        subcommands,
        "next",
        _guarded(cmd_next),
        "what to code next: uncoded articles the weakest codes are least sure about",
    )
    following.add_argument("project")
    following.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, help=f"how many (default {DEFAULT_LIMIT})"
    )
    following.add_argument("--model", help="a model version (default: the newest)")
