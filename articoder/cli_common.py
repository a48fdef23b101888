"""What every command module shares: printing JSON, and adding a subcommand with `--json`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

Commands = argparse._SubParsersAction  # the main parser's subcommands


def print_json(value: Any) -> None:
    """Print a value as the only output: indented JSON, Chinese kept readable."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def add_command(
    commands: Commands,  # type: ignore[type-arg]
    name: str,
    handler: Callable[[argparse.Namespace], None],
    help_: str,
) -> argparse.ArgumentParser:
    """A subcommand that takes `--json` and runs `handler`."""
    sub: argparse.ArgumentParser = commands.add_parser(name, help=help_, description=help_)
    sub.add_argument("--json", action="store_true", help="print only JSON")
    sub.set_defaults(handler=handler)
    return sub
