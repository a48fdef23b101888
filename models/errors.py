"""The errors every room raises about a project: `ProjectError` and `NotAllowed`.

Kept apart from the modules that raise them (models.database, models.failures,
models.project_file), so none of those has to import another for its error type.
"""

from __future__ import annotations

__all__ = ["NotAllowed", "ProjectError"]


class ProjectError(Exception):
    """A project cannot be created or opened; the message says why and what to do."""


class NotAllowed(ProjectError):
    """The database refused a change that this connection's role may not make; nothing stored."""
