"""The import service: files in, cleaned and indexed articles out, in one transaction a batch.

Each file is read (corpus.readers), cleaned (corpus.cleaning), given the metadata that no
column supplied (corpus.metadata), folded for search and indexed. Exact duplicates, by the hash
of the cleaned text, are reported and not stored twice; unreadable files, and the entries of a
folder that are never opened (links leading out of it, FIFOs, devices, sockets), are reported
with the reason and the rest imported. A failure or a cancel rolls the whole batch back, so the
project is left as it was; so does a batch that stores no article (every file refused, or
every article a duplicate): it leaves no trace, not even an empty batch record.
"""

from __future__ import annotations

import errno
import hashlib
import pickle
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, insert, select, update

from corpus.cleaning import Cleaned, clean
from corpus.dates import parse_date
from corpus.metadata import extract_metadata
from corpus.readers import ColumnMap, RawDocument, ReadError, read_path, walk_paths
from corpus.script import detect_script, fold
from corpus.search import index_articles
from corpus.text import Edit
from models.database import ProjectDatabase
from models.entities import Article, Event, ImportBatch, utcnow
from models.failures import DiskFull
from models.ids import ArticleId, new_guid
from models.progress import Progress

TITLE_FALLBACK_CHARS = 60


@dataclass(frozen=True)
class ImportedArticle:
    """An article the batch stored."""

    id: ArticleId
    title: str
    source: str


@dataclass(frozen=True)
class SkippedSource:
    """A file or row the batch could not import, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class DuplicateSource:
    """A file or row whose cleaned text the project (or the batch) already holds."""

    source: str
    duplicate_of: ArticleId
    duplicate_of_source: str


class _NothingStored(Exception):
    """Raised inside the batch's transaction to roll back a batch that stored no article."""


@dataclass
class ImportReport:
    """What one import did; `batch_id` is None when nothing was stored."""

    batch_id: int | None = None
    imported: list[ImportedArticle] = field(default_factory=list)
    skipped: list[SkippedSource] = field(default_factory=list)
    duplicates: list[DuplicateSource] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON form."""
        return {
            "imported": [{"id": a.id, "title": a.title, "source": a.source} for a in self.imported],
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "duplicates": [
                {
                    "source": d.source,
                    "duplicate_of": d.duplicate_of,
                    "duplicate_of_source": d.duplicate_of_source,
                }
                for d in self.duplicates
            ],
        }


def edits_to_json(edits: Iterable[Edit], active: bool = True) -> list[list[Any]]:
    """Edits in the compact stored form: [start, end, replacement, kind, detail, active]."""
    return [[e.start, e.end, e.replacement, e.kind, e.detail, active] for e in edits]


def edits_from_json(stored: Sequence[Sequence[Any]]) -> list[tuple[Edit, bool]]:
    """Stored edits back as (Edit, active) pairs."""
    return [(Edit(int(s), int(e), str(r), str(k), str(d)), bool(a)) for s, e, r, k, d, a in stored]


def content_hash(cleaned_text: str) -> str:
    """The hash that decides exact duplicates: sha256 of the cleaned text."""
    return hashlib.sha256(cleaned_text.encode("utf-8")).hexdigest()


def _title_from_text(text: str, source: str) -> str:
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= TITLE_FALLBACK_CHARS else line[:TITLE_FALLBACK_CHARS] + "…"
    return Path(source.split("#", 1)[0]).stem


def build_article_row(document: RawDocument, cleaned: Cleaned, batch_id: int) -> dict[str, Any]:
    """The `articles` row for one read and cleaned document (metadata columns win over text)."""
    found = extract_metadata(document.raw_text)
    published_text = document.published or found.published_text
    published = parse_date(document.published) if document.published else found.published
    script = detect_script(cleaned.text)
    folded = fold(cleaned.text)
    flags = [
        {"kind": f.kind, "start": f.start, "end": f.end, "message": f.message}
        for f in cleaned.flags
    ]
    if document.published and published is None:
        flags.append(
            {
                "kind": "date",
                "start": 0,
                "end": 0,
                "message": f"date not understood: {document.published}",
            }
        )
    return {
        "guid": new_guid(),
        "title": (document.title or found.title or _title_from_text(cleaned.text, document.source))[
            :500
        ],
        "outlet": document.outlet or found.outlet,
        "published": published,
        "published_text": published_text[:100] if published_text else None,
        "author": document.author or found.author,
        "editor": found.editor,
        "url": document.url,
        "extra": dict(document.extra),
        "script": script,
        "chars": len(cleaned.text),
        "content_hash": content_hash(cleaned.text),
        "source": document.source,
        "source_format": document.fmt,
        "encoding": document.encoding,
        "batch_id": batch_id,
        "imported_at": utcnow(),
        "raw_text": document.raw_text,
        "text": cleaned.text,
        "search_text": folded if folded != cleaned.text else None,
        "edits": edits_to_json(cleaned.edits),
        "flags": flags,
    }


def _reason(error: ReadError) -> str:
    return f"{error.location}: {error.message}" if error.location else error.message


def _existing_hashes(connection: Connection, hashes: Iterable[str]) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    wanted = list(set(hashes))
    for i in range(0, len(wanted), 500):
        rows = connection.execute(
            select(Article.id, Article.content_hash, Article.source).where(
                Article.content_hash.in_(wanted[i : i + 500])
            )
        )
        for article_id, digest, source in rows:
            found.setdefault(digest, (article_id, source))
    return found


def import_paths(
    database: ProjectDatabase,
    paths: Sequence[Path],
    column_map: ColumnMap | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
    chunk: int = 500,
) -> ImportReport:
    """Import files and folders as one batch; a failure or a cancel leaves the project unchanged."""
    progress = progress or Progress()
    report = ImportReport()
    listing = walk_paths(paths)
    files = listing.files
    report.skipped.extend(SkippedSource(source, reason) for source, reason in listing.skipped)
    progress.start(len(files), "reading")
    try:
        _import_files(database, files, paths, column_map, encoding, progress, chunk, report)
    except _NothingStored:
        report.batch_id = None
    return report


def _import_files(
    database: ProjectDatabase,
    files: Sequence[Path],
    paths: Sequence[Path],
    column_map: ColumnMap | None,
    encoding: str | None,
    progress: Progress,
    chunk: int,
    report: ImportReport,
) -> None:
    """Read and clean `files` first, then store them in one short transaction.

    Reading and cleaning take most of an import's time (seconds to minutes); they run before
    the write lock is taken, into a spool file on disk (bounded memory), so the window's coding
    and other commands are held up only while the rows are inserted.
    """
    with tempfile.TemporaryFile() as spool:
        try:
            count = _read_into_spool(files, column_map, encoding, progress, report, spool)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
                raise
            raise DiskFull(
                f"{tempfile.gettempdir()}: the disk is full ({exc.strerror}): no room for the "
                "import's working file; nothing of this step was stored and the project is as "
                "it was. Free some space on the disk and try again."
            ) from exc
        progress.check()
        spool.seek(0)
        if count == 0:
            raise _NothingStored  # every file refused or empty: no batch, no write lock
        _store_spooled(database, paths, spool, count, chunk, progress, report)


def _read_into_spool(
    files: Sequence[Path],
    column_map: ColumnMap | None,
    encoding: str | None,
    progress: Progress,
    report: ImportReport,
    spool: IO[bytes],
) -> int:
    """Read and clean every file; write each article's row to `spool`; return how many."""
    count = 0
    for path in files:
        try:
            result = read_path(path, column_map=column_map, encoding=encoding)
        except ReadError as exc:
            report.skipped.append(SkippedSource(str(path), _reason(exc)))
            progress.step()
            continue
        report.skipped.extend(SkippedSource(source, reason) for source, reason in result.skipped)
        for document in result.documents:
            cleaned = clean(document.raw_text)
            if not cleaned.text.strip():
                report.skipped.append(
                    SkippedSource(document.source, "no article text left after cleaning")
                )
                continue
            pickle.dump(build_article_row(document, cleaned, 0), spool)
            count += 1
        progress.step(message=path.name)
    return count


def _store_spooled(
    database: ProjectDatabase,
    paths: Sequence[Path],
    spool: IO[bytes],
    count: int,
    chunk: int,
    progress: Progress,
    report: ImportReport,
) -> None:
    """Store the spooled rows as one batch, in one transaction, filling `report`."""
    with database.engine.begin() as connection:
        batch_id = connection.execute(
            insert(ImportBatch).returning(ImportBatch.id),
            [{"guid": new_guid(), "started_at": utcnow(), "sources": [str(p) for p in paths]}],
        ).scalar_one()
        report.batch_id = batch_id
        seen: dict[str, tuple[int, str]] = {}
        pending: list[dict[str, Any]] = []

        def flush() -> None:
            existing = _existing_hashes(connection, (row["content_hash"] for row in pending))
            fresh: list[dict[str, Any]] = []
            later: list[tuple[str, str]] = []  # (source, hash) of repeats within this chunk
            first_in_chunk: set[str] = set()
            for row in pending:
                digest = row["content_hash"]
                earlier = existing.get(digest) or seen.get(digest)
                if earlier is not None:
                    report.duplicates.append(
                        DuplicateSource(row["source"], ArticleId(earlier[0]), earlier[1])
                    )
                elif digest in first_in_chunk:
                    later.append((row["source"], digest))
                else:
                    first_in_chunk.add(digest)
                    fresh.append(row)
            if fresh:
                ids = (
                    connection.execute(
                        insert(Article).returning(Article.id, sort_by_parameter_order=True), fresh
                    )
                    .scalars()
                    .all()
                )
                for article_id, row in zip(ids, fresh, strict=True):
                    seen[row["content_hash"]] = (article_id, row["source"])
                    report.imported.append(
                        ImportedArticle(ArticleId(article_id), row["title"], row["source"])
                    )
                index_articles(
                    connection,
                    (
                        (i, row["search_text"] or row["text"])
                        for i, row in zip(ids, fresh, strict=True)
                    ),
                )
            for source, digest in later:
                article_id, first_source = seen[digest]
                report.duplicates.append(
                    DuplicateSource(source, ArticleId(article_id), first_source)
                )
            pending.clear()

        for _ in range(count):
            row = pickle.load(spool)
            row["batch_id"] = batch_id
            pending.append(row)
            if len(pending) >= chunk:
                flush()
        flush()
        progress.check()
        if not report.imported:
            raise _NothingStored  # rolls the batch record back: the project stays as it was
        connection.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch_id)
            .values(
                finished_at=utcnow(),
                imported=len(report.imported),
                skipped=[s.__dict__ for s in report.skipped],
                duplicates=[{**d.__dict__} for d in report.duplicates],
            )
        )
        connection.execute(
            insert(Event),
            [
                {
                    "guid": new_guid(),
                    "at": utcnow(),
                    "action": "import",
                    "entity": "batch",
                    "payload": {"batch": batch_id, "imported": len(report.imported)},
                }
            ],
        )
        progress.check()
