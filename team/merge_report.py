"""What merging coder files did: plain dataclasses, one `FileReport` per file, with `as_json()`.

Everything a merge touched or refused to touch is listed here, so the lead can see that
nothing was lost: rows added, updated and unchanged (by GUID), renamed coders, codebook edits
made in a coder file (reported, never applied), segments held back because their code is not
in the project, segments whose text no longer lands in a changed article, and values or
segments where the project's copy and the file's copy disagree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class CoderFileError(Exception):
    """A coder file cannot be written or merged; the message names the file and what to do.

    Raised before anything is stored: a refused merge changes nothing in the project.
    """


@dataclass(frozen=True)
class Rename:
    """A coder whose name differs between the project and the coder file (same GUID)."""

    coder_guid: str
    project_name: str
    file_name: str
    kept: str  # the project's name is always the one kept


@dataclass(frozen=True)
class CodebookChange:
    """A difference between the coder file's codebook and the project's (reported only).

    `kind`: code-added, code-changed, code-missing, variable-added, variable-changed,
    variable-missing. `fields` maps a changed field to [project value, file value].
    """

    kind: str
    guid: str
    name: str
    fields: dict[str, list[Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Conflict:
    """Something the merge did not store as the file has it, and why; both versions listed.

    `kind`: text-differs (a segment whose text does not land in the project's changed text),
    code-not-in-project (its code was added in the coder file), variable-not-in-project,
    segment-both-changed / value-both-changed (changed in the project and in the file since
    packaging: the newer copy was stored, the message says which, both are listed),
    segment-older-in-file / value-older-in-file (the file holds a version merged before,
    e.g. an older copy of the file: the project's kept, both listed), deleted-in-project (the
    project had it and deleted it: not stored again), value-invalid (the project's variable
    no longer accepts it), removed-in-coder-file (a segment the file no longer has, kept),
    value-removed-in-coder-file (a value the coder cleared, kept), coder-mismatch (the GUID
    belongs to another coder's segment here), memo-too-long (a segment whose memo is longer
    than models.text_limits.MEMO_LIMIT or holds a NUL: not stored, shorten it in the file).
    """

    kind: str
    article_guid: str
    item_guid: str
    message: str
    file: dict[str, Any] = field(default_factory=dict)
    project: dict[str, Any] = field(default_factory=dict)


@dataclass
class Tally:
    """Rows of one kind: GUIDs added and updated, and how many were already the same."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        """Whether anything of this kind was stored."""
        return bool(self.added or self.updated)


@dataclass
class FileReport:
    """The merge of one coder file."""

    path: str
    coder_guid: str
    coder_name: str  # the name in the project (after renames, the project's)
    packaged_at: str
    codebook_version_packaged: int
    codebook_version_in_file: int
    codebook_version_in_project: int
    coders_added: list[str] = field(default_factory=list)
    renames: list[Rename] = field(default_factory=list)
    articles_by_guid: int = 0
    articles_by_hash: int = 0
    articles_added: list[str] = field(default_factory=list)
    articles_text_differs: list[str] = field(default_factory=list)
    segments: Tally = field(default_factory=Tally)
    segments_removed: list[str] = field(default_factory=list)  # removals proven and applied
    values: Tally = field(default_factory=Tally)
    assignments: Tally = field(default_factory=Tally)  # item: "article-guid/coder-guid"
    events_added: int = 0
    codebook_changes: list[CodebookChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def codebook_edited_in_file(self) -> bool:
        """Whether the coder changed the codebook in the file (its version moved on)."""
        return self.codebook_version_in_file != self.codebook_version_packaged

    @property
    def changed(self) -> bool:
        """Whether this merge stored anything."""
        return bool(
            self.coders_added
            or self.articles_added
            or self.segments.changed
            or self.segments_removed
            or self.values.changed
            or self.assignments.changed
            or self.events_added
        )

    def as_json(self) -> dict[str, Any]:
        """The report as plain JSON values."""
        return {
            **asdict(self),
            "codebook_edited_in_file": self.codebook_edited_in_file,
            "changed": self.changed,
        }


@dataclass
class MergeReport:
    """The merge of one or more coder files, and the backup made before it."""

    backup: str | None = None
    files: list[FileReport] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        """Whether the lead must look: conflicts, held-back rows or codebook edits."""
        return any(f.conflicts or f.codebook_changes or f.renames for f in self.files)

    def as_json(self) -> dict[str, Any]:
        """The report as plain JSON values."""
        return {
            "backup": self.backup,
            "needs_attention": self.needs_attention,
            "files": [f.as_json() for f in self.files],
        }
