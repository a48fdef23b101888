"""Writing a file the program makes (an export, a report, a codebook) all or nothing.

Every such file is written to a temporary file beside its target (``.name.PID.partial``, a
name no reader lists), flushed to the disk, and only then renamed over the target, which
the file system does in one step. A full disk, a cancel or a crash halfway leaves the old file
exactly as it was and no half-written one, never a file cut mid-character.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["partial_path", "replaced_when_complete", "write_bytes_whole", "write_text_whole"]


def partial_path(target: Path) -> Path:
    """The temporary file a write of `target` goes to first."""
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


def _flush_to_disk(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def replaced_when_complete(target: Path) -> Iterator[Path]:
    """Yield the temporary path to write; when the block ends normally it replaces `target`.

    On any exception the temporary file is removed and `target` is left as it was; the
    exception (an OSError for a full disk) goes on to the caller, who words the message.
    """
    partial = partial_path(target)
    try:
        yield partial
        _flush_to_disk(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def write_bytes_whole(target: Path, data: bytes) -> None:
    """Write `data` to `target`, all or nothing."""
    with replaced_when_complete(target) as partial:
        partial.write_bytes(data)


def write_text_whole(target: Path, text: str) -> None:
    """Write `text` to `target` in UTF-8, all or nothing."""
    write_bytes_whole(target, text.encode("utf-8"))
