"""What an export or an exchange takes from a project: whose work, which articles.

Shared by the tabular exports (exports.rows) and the REFI-QDA writer (exchange.write), which
resolve the same choices the same way:

- Coders: by name (`ExportChoice.coders`), or every coder except the consensus coder.
- Consensus: the work of one reserved coder, named by the project setting ``consensus_coder``
  (default ``"consensus"``); ``ExportChoice(consensus=True)`` takes that coder alone.
- Articles: by id, by status, by being in one coder's queue, by holding a search term.

`ExportError` is the user error of every export and exchange; `WriteReport` what a writer wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from models.database import ProjectDatabase
from models.entities import Coder, ProjectInfo

__all__ = [
    "CONSENSUS_SETTING",
    "DEFAULT_CONSENSUS_CODER",
    "ArticleFilter",
    "CoderRef",
    "ExportChoice",
    "ExportError",
    "WriteReport",
    "choose_coders",
    "chosen_coders",
    "coder_names",
    "consensus_coder_name",
]

CONSENSUS_SETTING = "consensus_coder"
DEFAULT_CONSENSUS_CODER = "consensus"


class ExportError(Exception):
    """An export or import that cannot be done as asked; the message says why and what to do."""


# -- choices ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles an export covers; every condition given must hold."""

    ids: frozenset[int] | None = None
    status: str | None = None  # "done" or "todo", the row's coder's status
    assigned_to: str | None = None  # a coder's name: only articles in that coder's queue
    search: str | None = None  # only articles holding this term, in either script

    def describe(self) -> str:
        """The filter in words, for the About sheet."""
        parts: list[str] = []
        if self.ids is not None:
            shown = ", ".join(str(i) for i in sorted(self.ids)[:20])
            more = f" and {len(self.ids) - 20} more" if len(self.ids) > 20 else ""
            parts.append(f"ids {shown}{more}")
        if self.status:
            parts.append(f"status {self.status} for the row's coder")
        if self.assigned_to:
            parts.append(f"assigned to {self.assigned_to}")
        if self.search:
            parts.append(f"holding {self.search!r}")
        return "; ".join(parts) if parts else "all articles"


@dataclass(frozen=True)
class ExportChoice:
    """What to export: whose work, which articles, and whether to include article texts."""

    coders: tuple[str, ...] | None = None
    consensus: bool = False
    articles: ArticleFilter = field(default_factory=ArticleFilter)
    include_text: bool = False


@dataclass(frozen=True)
class CoderRef:
    """A coder whose work is exported."""

    id: int
    guid: str
    name: str


def consensus_coder_name(database: ProjectDatabase) -> str:
    """The name of the coder whose codings are the consensus (project setting, see module)."""
    with database.session() as session:
        settings = session.scalars(select(ProjectInfo.settings)).one() or {}
    return str(settings.get(CONSENSUS_SETTING) or DEFAULT_CONSENSUS_CODER)


@dataclass
class WriteReport:
    """What a writer wrote."""

    path: str
    rows: dict[str, int]
    unwritable_removed: int = 0
    cut: int = 0
    formulas_neutralised: int = 0

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form."""
        return {
            "file": self.path,
            "sheets": dict(self.rows),
            "cells_with_control_characters_removed": self.unwritable_removed,
            "cells_cut": self.cut,
            "formula_like_cells_neutralised": self.formulas_neutralised,
        }


def coder_names(coders: Sequence[CoderRef]) -> str:
    """The project's coders in words, for a message about an unknown name."""
    if not coders:
        return "the project has no coders yet"
    return "coders: " + ", ".join(c.name for c in coders)


def choose_coders(
    coders: list[CoderRef], choice: ExportChoice, consensus_name: str
) -> list[CoderRef]:
    """The coders whose work `choice` asks for; ExportError for an unknown name."""
    by_name = {c.name: c for c in coders}
    if choice.consensus:
        if choice.coders:
            raise ExportError("choose either coders or the consensus, not both")
        if consensus_name not in by_name:
            raise ExportError(
                f"no consensus coder {consensus_name!r} in this project yet "
                f"(project setting {CONSENSUS_SETTING}); {coder_names(coders)}"
            )
        return [by_name[consensus_name]]
    if choice.coders:
        chosen: list[CoderRef] = []
        for name in choice.coders:
            if name not in by_name:
                raise ExportError(f"no coder named {name!r}; {coder_names(coders)}")
            if by_name[name] not in chosen:
                chosen.append(by_name[name])
        return chosen
    return [c for c in coders if c.name != consensus_name]


def chosen_coders(database: ProjectDatabase, choice: ExportChoice) -> list[CoderRef]:
    """The project's coders that `choice` asks for, by name; ExportError for an unknown one."""
    with database.session() as session:
        coders = [
            CoderRef(int(i), str(g), str(n))
            for i, g, n in session.execute(
                select(Coder.id, Coder.guid, Coder.name).order_by(Coder.name)
            )
        ]
    return choose_coders(coders, choice, consensus_coder_name(database))
