"""The reliability table of a codebook document: the article-unit report, computed on demand.

Agreement reports are not stored, so a codebook document (exports.codebook_document) gets its
table computed when it is made, the same way from the command line and from the window: among
the given coders, or every coder but the consensus; the reason instead when it cannot be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from agreement.reliability import AgreementError
from agreement.report import DEFAULT_DRAWS, DEFAULT_SEED, agreement_report, report_as_json
from coding.selection import ExportChoice, chosen_coders
from models.database import ProjectDatabase
from models.progress import Progress

__all__ = ["DocumentReliability", "document_reliability"]


@dataclass(frozen=True)
class DocumentReliability:
    """The report's rows (report_as_json) and how they were computed, or why there are none."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    description: str = ""
    absent: str | None = None


def document_reliability(
    database: ProjectDatabase, coders: Sequence[str] = (), progress: Progress | None = None
) -> DocumentReliability:
    """The article-unit report among `coders` (default: every coder but the consensus)."""
    names = list(coders) or [c.name for c in chosen_coders(database, ExportChoice())]
    if len(names) < 2:
        return DocumentReliability(
            absent="the project has fewer than two coders besides the consensus"
        )
    try:
        rows = agreement_report(database, "article", names, progress=progress)
    except AgreementError as exc:
        return DocumentReliability(absent=f"agreement could not be computed ({exc})")
    # The summary row across codes (kind "overall") has no coefficients of its own for the
    # document's table (one line per variable or code); its numbers are in the report.
    rows = [row for row in rows if row.kind != "overall"]
    return DocumentReliability(
        report_as_json(rows),
        f"Computed when this document was made (articoder stores no agreement reports), on "
        f"article units, among the coders {', '.join(names)}; alpha's interval is a bootstrap "
        f"of {DEFAULT_DRAWS:,} draws (seed {DEFAULT_SEED}).",
    )
