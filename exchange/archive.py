"""Reading a REFI-QDA project archive (.qdpx) safely: members, sizes, paths and the XML.

A .qdpx is a zip holding one project XML (`project.qde`, or named after the project: any
single `*.qde`) and the sources' files in `sources/` (as the standard says; NVivo and articoder
before issue 17 write `Sources/`, so member names are matched ignoring case). This module opens
such an archive without trusting it:

- member names that escape the archive's folder (`../`, an absolute path, a drive letter, a
  NUL) refuse the whole archive, even when nothing refers to them;
- sizes are capped (`ArchiveLimits`): the number of members, the declared size of each member
  and of all of them together, the compression ratio of big members, and the bytes actually
  read (a zip may lie about sizes), so an archive that would expand to gigabytes is refused
  before or while it is read, never written to disk;
- the XML is parsed by lxml without entities, DTDs, the network or huge-tree mode, and a
  DOCTYPE is refused;
- every problem of the zip itself (a bad header, a CRC error, an unknown compression method,
  a truncated file) becomes a `QdpxError` that names the file and member;
- the project XML can be read as a stream (`Archive.stream`), counted against the same limits,
  so that a large project.qde is parsed piece by piece (exchange.parse) instead of as one tree.

`sniff` tells what a file given for import really is (a zip, an XML document, a database),
whatever its name says, so that a renamed file gets a message that says what to do.

`QdpxError` is the user error of REFI-QDA import and export (a kind of `ExportError`): its
message names the file, the member or the element's line, and says what to do.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from codebook.qdc import safe_xml_parser
from coding.selection import ExportError

GIB = 1024**3
MIB = 1024**2
_READ_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
# Everything reading a damaged zip can raise; turned into QdpxError at the one place it is read.
ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    struct.error,
    KeyError,
    RuntimeError,
    OverflowError,
)


class QdpxError(ExportError):
    """A REFI-QDA file that cannot be imported or written; nothing was stored or written."""


@dataclass(frozen=True)
class ArchiveLimits:
    """How much an archive may hold; anything more is refused as a possible zip bomb."""

    members: int = 200_000
    member_bytes: int = 512 * MIB
    total_bytes: int = 2 * GIB
    # Deflate reaches about 1:1000 on runs of one byte; real text rarely passes 1:20.
    ratio: float = 200.0
    # Members smaller than this are never refused for their ratio (tiny files compress oddly).
    ratio_floor: int = 1 * MIB
    xml_bytes: int = 512 * MIB


def member_problem(name: str) -> str | None:
    """Why a member name escapes the archive's folder, or None when it is a plain path."""
    if not name:
        return "has an empty name"
    if "\x00" in name:
        return "holds a NUL character"
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        return "is an absolute path"
    if ".." in unified.split("/"):
        return "climbs out of the archive's folder (..)"
    return None


def parse_xml(data: bytes, where: str) -> Any:
    """The root element of an XML document, parsed without entities, DTDs or the network."""
    try:
        root = etree.fromstring(data, safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        raise QdpxError(
            f"{where}, line {line}: not well-formed XML ({exc.msg or exc}); "
            "export the project again from the program that made it"
        ) from exc
    except (ValueError, TypeError) as exc:  # e.g. an encoding lxml does not know
        raise QdpxError(f"{where}: not readable XML ({exc})") from exc
    if root is None:
        raise QdpxError(f"{where}: the XML document is empty")
    if root.getroottree().docinfo.doctype:
        raise QdpxError(
            f"{where}, line 1: a DOCTYPE declaration; REFI-QDA files never need one (refused "
            "because it could expand entities)"
        )
    return root


def sniff(path: Path) -> str:
    """What a file holds, by its first bytes: "zip", "xml", "sqlite", "folder" or "other"."""
    if path.is_dir():
        return "folder"
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError as exc:
        raise QdpxError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding, "ignore").encode("utf-8")
            break
    return "xml" if head.lstrip().startswith(b"<") else "other"


class _Stream(io.RawIOBase):
    """A member read as a stream, counting every byte against the archive's limits."""

    def __init__(self, archive: Archive, name: str, cap: int) -> None:
        super().__init__()
        self._archive = archive
        self._name = name
        self._cap = cap
        self._size = 0
        try:
            self._handle = archive._zip.open(archive._infos[name])
        except ZIP_ERRORS as exc:
            raise archive.damaged(name, exc) from exc

    def readable(self) -> bool:
        """A stream to read from."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill `buffer` from the member; QdpxError past a limit or on a damaged member."""
        try:
            data = self._handle.read(len(buffer))
        except ZIP_ERRORS as exc:
            raise self._archive.damaged(self._name, exc) from exc
        count = len(data)
        buffer[:count] = data
        self._size += count
        self._archive.count(self._name, self._size, count, self._cap)
        return count

    def close(self) -> None:
        """Close the member."""
        handle = getattr(self, "_handle", None)
        if handle is not None:
            handle.close()
        super().close()


class Archive:
    """An open .qdpx archive whose names and declared sizes have been checked."""

    def __init__(self, path: Path, limits: ArchiveLimits | None = None) -> None:
        """Open and check the archive; QdpxError when it is not a safe REFI-QDA archive."""
        self.path = path
        self.limits = limits or ArchiveLimits()
        self.read_bytes = 0
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except FileNotFoundError as exc:
            raise QdpxError(f"{path}: no such file") from exc
        except ZIP_ERRORS as exc:
            raise QdpxError(
                f"{path}: not a readable zip archive ({exc}); a .qdpx file is a zip made by a "
                "QDA program"
            ) from exc
        try:
            self._check(infos)
        except QdpxError:
            self._zip.close()
            raise
        self._infos = {i.filename: i for i in infos if not i.filename.endswith("/")}
        self._by_lower: dict[str, list[str]] = {}
        for name in self._infos:
            self._by_lower.setdefault(name.replace("\\", "/").lower(), []).append(name)

    def _check(self, infos: list[zipfile.ZipInfo]) -> None:
        limits = self.limits
        if len(infos) > limits.members:
            raise QdpxError(
                f"{self.path}: {len(infos):,} members, more than the {limits.members:,} a "
                "project archive may hold (refused as a possible zip bomb)"
            )
        total = 0
        for info in infos:
            problem = member_problem(info.filename)
            if problem is not None:
                raise QdpxError(
                    f"{self.path}: member {info.filename!r} {problem}; refused (an archive "
                    "must keep its files inside its own folder)"
                )
            if info.file_size > limits.member_bytes:
                raise QdpxError(
                    f"{self.path}: member {info.filename!r} would expand to "
                    f"{info.file_size:,} bytes, more than {limits.member_bytes:,} "
                    "(refused as a possible zip bomb)"
                )
            if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(
                info.compress_size, 1
            ):
                raise QdpxError(
                    f"{self.path}: member {info.filename!r} expands {info.file_size:,} bytes "
                    f"from {info.compress_size:,} (more than 1:{limits.ratio:g}; refused as a "
                    "possible zip bomb)"
                )
            total += info.file_size
        if total > limits.total_bytes:
            raise QdpxError(
                f"{self.path}: the members would expand to {total:,} bytes, more than "
                f"{limits.total_bytes:,} (refused as a possible zip bomb)"
            )

    def close(self) -> None:
        """Close the zip file."""
        self._zip.close()

    def __enter__(self) -> Archive:
        """Use as a context manager."""
        return self

    def __exit__(self, *_: object) -> None:
        """Close on leaving."""
        self.close()

    @property
    def names(self) -> list[str]:
        """The file members, in archive order."""
        return list(self._infos)

    def project_member(self) -> str:
        """The project XML: the one `*.qde` (at the top level if there are several)."""
        found = [n for n in self._infos if n.lower().endswith(".qde")]
        top = [n for n in found if "/" not in n.replace("\\", "/")]
        if len(top) == 1:
            return top[0]
        if not top and len(found) == 1:
            return found[0]
        if not found:
            raise QdpxError(f"{self.path}: {self._not_a_project()}")
        named = [n for n in top if n.lower() == "project.qde"]
        if len(named) == 1:
            return named[0]
        shown = ", ".join(sorted(top or found)[:5])
        raise QdpxError(
            f"{self.path}: several project XML files ({shown}); a .qdpx holds exactly one"
        )

    def _not_a_project(self) -> str:
        """Why a zip without a project XML is not a .qdpx, and what it holds."""
        names = self.names
        inner = [n for n in names if n.lower().endswith(".qdpx")]
        if inner:
            return (
                f"a zip archive holding the REFI-QDA project {inner[0]!r}, not a project "
                "itself; unpack it and import that .qdpx"
            )
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        return (
            "a zip archive without a REFI-QDA project XML (*.qde), so not a .qdpx (a .zip "
            "renamed to .qdpx?); export the project again from the program that made it "
            f"(it holds: {shown or 'nothing'})"
        )

    def damaged(self, name: str, exc: BaseException) -> QdpxError:
        """The error of a member that cannot be read."""
        return QdpxError(
            f"{self.path}: member {name!r} cannot be read ({exc}); the archive is damaged"
        )

    def count(self, name: str, size: int, count: int, cap: int) -> None:
        """Count `count` more bytes read of a member now `size` long; QdpxError past a limit."""
        self.read_bytes += count
        if size > cap or size > self._infos[name].file_size:
            raise QdpxError(
                f"{self.path}: member {name!r} expands beyond its declared or allowed size "
                "(refused as a possible zip bomb)"
            )
        if self.read_bytes > self.limits.total_bytes:
            raise QdpxError(
                f"{self.path}: the archive expands beyond {self.limits.total_bytes:,} bytes "
                "(refused as a possible zip bomb)"
            )

    def stream(self, name: str, cap: int | None = None) -> io.BufferedReader:
        """A member as a stream, counted against the limits like `read`."""
        cap = min(cap or self.limits.member_bytes, self.limits.member_bytes)
        return io.BufferedReader(_Stream(self, name, cap), _READ_CHUNK)

    def find(self, relative: str, base: str = "") -> str | None:
        """The member at `relative` (from the folder `base`), ignoring case; None if absent."""
        problem = member_problem(relative)
        if problem is not None:
            raise QdpxError(
                f"{self.path}: the path {relative!r} {problem}; refused (a source must be a "
                "file inside the archive)"
            )
        wanted = posixpath.normpath(posixpath.join(base, relative.replace("\\", "/")))
        exact = wanted if wanted in self._infos else None
        if exact is not None:
            return exact
        candidates = self._by_lower.get(wanted.lower(), [])
        return candidates[0] if len(candidates) == 1 else None

    def read(self, name: str, cap: int | None = None) -> bytes:
        """A member's bytes, counting what is really read against the limits."""
        with self.stream(name, cap) as handle:
            return handle.read()


def decode_text(data: bytes, where: str) -> tuple[str, str, bool]:
    """(text without BOM, encoding, had a BOM) of a source file: UTF-8, or UTF-16 with a BOM."""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, body, bom = "utf-8", data[3:], True
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        body, bom = data[2:], True
    else:
        encoding, body, bom = "utf-8", data, False
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise QdpxError(
            f"{where}: not {encoding.upper()} text (byte {exc.start}); REFI-QDA sources are "
            "UTF-8 text files"
        ) from exc
    if "\x00" in text:
        # No text file holds NUL; PostgreSQL cannot store it. Refuse like the article readers.
        raise QdpxError(
            f"{where}: holds a NUL character at character {text.index(chr(0))}; this is not a "
            "text file (export the project again, or remove the source)"
        )
    return text, encoding, bom
