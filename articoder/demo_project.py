"""The bundled demo project: our own articles and codebook, built into a project on first use."""

from __future__ import annotations

import os
from pathlib import Path

from codebook.store import import_codebook
from codebook.text_files import read_codebook_text
from corpus.importer import import_paths
from models.database import ProjectDatabase, create_project, open_project

DEMO_DATA = Path(__file__).with_name("demo")
DEMO_ARTICLES = DEMO_DATA / "articles"
DEMO_CODEBOOK = DEMO_DATA / "codebook.yaml"
# Bump when the demo content changes, so an old demo project is rebuilt.
DEMO_VERSION = 1


def data_home() -> Path:
    """Where articoder keeps its own files (XDG_DATA_HOME, or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "articoder"


def build_demo_project(target: Path) -> ProjectDatabase:
    """Create a project at `target` holding the demo codebook and articles."""
    database = create_project(target, name="党建引领社区治理 (演示) / Community governance demo")
    import_codebook(database, read_codebook_text(DEMO_CODEBOOK), source="demo codebook")
    import_paths(database, [p for p in sorted(DEMO_ARTICLES.iterdir()) if p.suffix != ".md"])
    return database


def demo_project_path() -> Path:
    """The demo project file, built (or rebuilt after a demo update) when needed."""
    target = data_home() / f"demo-v{DEMO_VERSION}.articoder"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".building")
        for leftover in target.parent.glob(partial.name + "*"):
            leftover.unlink()
        build_demo_project(partial).close()
        partial.replace(target)
    return target


def open_demo_project() -> ProjectDatabase:
    """The demo project, open."""
    return open_project(demo_project_path())
