"""Every reason the import gives for a removal has a label in the cleaning panel's language.

The cleaning panel and the segments' context show why text was removed; a reason missing from
`gui.cleaning_panel.detail_labels` would show in English in the Chinese interface. The reasons
are gathered two ways: the reason constants of corpus/cleaning.py, corpus/metadata.py and corpus/extraction.py, and
the reasons a real import of every fixture page and article gives.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from corpus import cleaning, extraction, metadata
from corpus.importer import import_paths
from gui.cleaning_panel import HIDDEN_KINDS, detail_labels
from models.database import create_project
from models.entities import Article

FIXTURES = Path(__file__).parents[1] / "fixtures"
EXTRACTION_REASONS = (
    "OUTSIDE_MAIN_BLOCK",
    "LINE_OF_LINKS",
    "TABLE_MARKUP",
    "WIDGET_ROW",
    "WEB_ADDRESS",
    "APPENDED_STORY",
    "PHOTO_CAPTION",
    "FEED_OF_OTHER_STORIES",
    "AFTER_THE_STORY",
    "REPEATED_IN_BATCH",
)


def _imported_reasons(tmp_path: Path) -> set[str]:
    database = create_project(tmp_path / "labels.articoder")
    try:
        pages = sorted((FIXTURES / "pages").glob("*.html"))
        articles = sorted((FIXTURES / "articles").glob("*.txt"))
        import_paths(database, [*pages, *articles])
        with database.session() as session:
            stored = session.scalars(select(Article.edits)).all()
    finally:
        database.close()
    edits = [edit for row in stored for edit in (json.loads(row) if isinstance(row, str) else row)]
    assert edits  # the fixtures are noisy on purpose
    # Line endings and byte-order marks are not listed in the panel (HIDDEN_KINDS).
    return {str(edit[4]) for edit in edits if edit[3] not in HIDDEN_KINDS}


def test_every_removal_reason_has_a_label(tmp_path: Path) -> None:
    declared = {
        value
        for module in (cleaning, metadata)
        for name, value in vars(module).items()
        if name.endswith("_DETAIL") and isinstance(value, str)
    } | {getattr(extraction, name) for name in EXTRACTION_REASONS}
    reasons = declared | _imported_reasons(tmp_path)
    labels = detail_labels()
    assert sorted(reasons - labels.keys()) == []
