"""What every command module shares: printing JSON, adding a subcommand with `--json`, the
coder-name and article-id option types, and output that is safe for a terminal.

Titles and texts come from scraped pages: an ESC or BEL byte in one would reach the user's
terminal as a command (a changed title, a cleared screen, a bell). `terminal_safe_output`
strips C0 and C1 control characters (tab and line feed excepted) from everything the command
line prints; JSON escapes the C0 ones anyway. `without_passwords` takes the passwords of
database URLs given on the command line out of a message.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_URL_PASSWORD = re.compile(r"://[^:/@\s]*:([^@\s]+)@")


class _TerminalSafe:
    """A text stream that drops control characters on their way to the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_CONTROL.sub("", text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def terminal_safe_output() -> Iterator[None]:
    """Strip control characters from stdout and stderr while a command runs."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = _TerminalSafe(stdout)
    sys.stderr = _TerminalSafe(stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def without_passwords(message: str, arguments: Sequence[str]) -> str:
    """The message with every password of a URL among `arguments` shown as ***."""
    for argument in arguments:
        for password in _URL_PASSWORD.findall(argument):
            message = message.replace(password, "***")
    return message


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


def coder_names(text: str) -> list[str]:
    """'李明, 王芳' -> ['李明', '王芳']: an option's comma-separated coder names."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one coder name")
    return names


def article_ids(text: str) -> list[int]:
    """'3,5,10-12' -> [3, 5, 10, 11, 12]."""
    ids: list[int] = []
    try:
        for part in text.split(","):
            part = part.strip()
            if not part:
                continue
            if "-" in part:
                low, high = (int(p) for p in part.split("-", 1))
                if high < low or high - low > 10_000_000:
                    raise ValueError(part)
                ids.extend(range(low, high + 1))
            else:
                ids.append(int(part))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r}: article ids are numbers and ranges, like 3,5,10-12"
        ) from exc
    return ids
