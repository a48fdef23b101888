"""The `edits` and `restore-text` commands: what cleaning changed in an article, and putting one
change back.

    articoder edits PROJECT ARTICLE [--all] [--json]
    articoder restore-text PROJECT ARTICLE EDIT [--json]

EDIT is the number `edits` lists (the stored position of the change, so it stays the same
whatever is listed). Line-ending and byte-order-mark fixes are left out of the list unless
`--all` is given: they are many and change nothing a reader sees. A change can be put back
only while nobody has coded the article (corpus.articles.set_edit_active): after that its
cleaned text never changes under the stored offsets.
"""

from __future__ import annotations

import argparse

from articoder.cli_common import Commands, add_command, print_json
from corpus.articles import ArticleError, Removal, get_article, set_edit_active
from models.database import open_project

HIDDEN_KINDS = ("newline", "bom")  # normalisation a reader never sees


def _shown(text: str, limit: int = 60) -> str:
    """One line of a removed text for the terminal: line breaks shown, long texts cut."""
    flat = text.replace("\n", "⏎")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _as_json(removal: Removal) -> dict[str, object]:
    return {
        "edit": removal.index,
        "kind": removal.kind,
        "detail": removal.detail,
        "start": removal.start,
        "end": removal.end,
        "text": removal.text,
        "replacement": removal.replacement,
        "active": removal.active,
    }


def cmd_edits(arguments: argparse.Namespace) -> None:
    """List what cleaning removed or changed in one article."""
    database = open_project(arguments.project)
    try:
        article = get_article(database, arguments.article)
    finally:
        database.close()
    edits = [r for r in article.removed if arguments.all or r.kind not in HIDDEN_KINDS]
    if arguments.json:
        print_json({"article": article.summary.id, "edits": [_as_json(r) for r in edits]})
        return
    if not edits:
        print(f"Cleaning changed nothing a reader would see in article {article.summary.id}.")
        return
    print(f"{'edit':>5}  {'state':<9} {'kind':<12} {'raw text':<17} removed text")
    for removal in edits:
        state = "active" if removal.active else "restored"
        where = f"{removal.start}-{removal.end}"
        detail = f"  ({removal.detail})" if removal.detail else ""
        print(
            f"{removal.index:>5}  {state:<9} {removal.kind:<12} {where:<17} "
            f"{_shown(removal.text)}{detail}"
        )
    print(
        f"\nPut one back with: articoder restore-text {arguments.project} {article.summary.id} EDIT"
    )


def cmd_restore_text(arguments: argparse.Namespace) -> None:
    """Put back what one cleaning change removed (while the article is uncoded)."""
    database = open_project(arguments.project)
    try:
        article = get_article(database, arguments.article)
        removal = next((r for r in article.removed if r.index == arguments.edit), None)
        if removal is None:
            raise ArticleError(
                f"article {arguments.article} has no cleaning change number {arguments.edit}; "
                f"`articoder edits {arguments.project} {arguments.article}` lists them"
            )
        if not removal.active:
            raise ArticleError(
                f"cleaning change {arguments.edit} of article {arguments.article} is already "
                "put back; nothing to do"
            )
        text = set_edit_active(database, arguments.article, arguments.edit, False)
    finally:
        database.close()
    if arguments.json:
        print_json({**_as_json(removal), "active": False, "chars": len(text)})
        return
    print(
        f"Put back in article {arguments.article}: “{_shown(removal.text)}” ({removal.kind}); "
        f"the cleaned text now has {len(text):,} characters."
    )


def add_text_commands(commands: Commands) -> None:  # type: ignore[type-arg]
    """Register `edits` and `restore-text` on the main parser's subcommands."""
    sub = add_command(
        commands, "edits", cmd_edits, "list what cleaning removed or changed in one article"
    )
    sub.add_argument("project")
    sub.add_argument("article", type=int, help="the article's id (`articoder articles`)")
    sub.add_argument(
        "--all", action="store_true", help="also list line-ending and byte-order-mark fixes"
    )
    sub = add_command(
        commands,
        "restore-text",
        cmd_restore_text,
        "put back what one cleaning change removed, while the article is uncoded",
    )
    sub.add_argument("project")
    sub.add_argument("article", type=int, help="the article's id (`articoder articles`)")
    sub.add_argument("edit", type=int, help="the change's number, as `articoder edits` lists it")
