"""The import service: files in, cleaned and indexed articles out, in one transaction a batch.

Each file is read (corpus.readers), cleaned (corpus.cleaning), given each metadata field from
its most reliable plausible source, with the source kept in extra["metadata_sources"]
(corpus.metadata), folded for search and indexed. The header fields that open a text file (标题：…,
來源：…, Date: …, or the line under the headline naming the paper and the day) are read as
metadata, their lines removed as metadata edits like the text's own byline lines, and a section,
page or length they give kept in extra with its source (`clean_document`). Lines that stand on
several HTML pages of the batch are removed as site furniture once the whole batch has been
read. The report warns of articles with almost no text, articles that read like a list of links,
and articles whose date, author, outlet or title was not found (`ImportReport.warnings`). Exact
duplicates, by the hash of the cleaned text, are reported and not stored twice; unreadable
files, and the entries of a folder that are never opened (links leading out of it, FIFOs,
devices, sockets), are reported with the reason and the rest imported. A failure or a cancel
rolls the whole batch back, so the project is left as it was; so does a batch that stores no
article (every file refused, or every article a duplicate): it leaves no trace, not even an
empty batch record.
"""

from __future__ import annotations

import errno
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, insert, select, update

from corpus.cleaning import BOILERPLATE, METADATA, Cleaned, clean, ends_sentence
from corpus.extraction import furniture_candidates, merge_outside, repeated_lines
from corpus.metadata import (
    COLUMN,
    FIRST_LINE,
    HEADER_DETAIL,
    HEADER_EXTRA_FIELDS,
    METADATA_SOURCES,
    NO_HEADER,
    PUBLISHING_SITE,
    UNDER_TITLE_DETAIL,
    ExportHeader,
    choose_metadata,
    export_header,
    recurring_title_suffixes,
    title_suffixes,
)
from corpus.readers import ColumnMap, RawDocument, ReadError, read_path, walk_paths
from corpus.script import detect_script, fold
from corpus.search import index_articles
from corpus.text import Edit, content_hash, edits_to_json
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


@dataclass(frozen=True)
class ImportWarning:
    """Something about a stored article a person should check.

    `kind` is "near-empty" (almost no text left), "link-list" (reads like a list of links or
    headlines), "undecodable-bytes" (read with `lenient`: bytes replaced) or
    "metadata-missing" (no plausible date, author, outlet or title was found; `fields` names
    them: "published", "author", "outlet", "title").
    """

    source: str
    article: ArticleId
    kind: str
    message: str
    fields: tuple[str, ...] = ()  # for "metadata-missing": the fields left empty


@dataclass
class ImportReport:
    """What one import did; `batch_id` is None when nothing was stored."""

    batch_id: int | None = None
    imported: list[ImportedArticle] = field(default_factory=list)
    skipped: list[SkippedSource] = field(default_factory=list)
    duplicates: list[DuplicateSource] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)

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
            "warnings": [
                {
                    "source": w.source,
                    "article": w.article,
                    "kind": w.kind,
                    "message": w.message,
                    "fields": list(w.fields),
                }
                for w in self.warnings
            ],
        }


def _title_from_text(text: str, source: str) -> str:
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= TITLE_FALLBACK_CHARS else line[:TITLE_FALLBACK_CHARS] + "…"
    return Path(source.split("#", 1)[0]).stem


def build_article_row(
    document: RawDocument,
    cleaned: Cleaned,
    batch_id: int,
    site_suffixes: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The `articles` row for one read and cleaned document.

    Each metadata field comes from its most reliable plausible source (corpus.metadata.
    choose_metadata); extra["metadata_sources"] records where each stored value came from.
    `site_suffixes` are the title endings shared by several pages of the batch (the site's).
    """
    header = header_of(document)
    chosen = choose_metadata(
        document.raw_text,
        {
            "title": document.title,
            "published": document.published,
            "author": document.author,
            "outlet": document.outlet,
        },
        document.page_metadata,
        document.page_text,
        site_suffixes=site_suffixes,
        header=header.fields,
    )
    script = detect_script(cleaned.text)
    folded = fold(cleaned.text)
    flags = [
        {"kind": f.kind, "start": f.start, "end": f.end, "message": f.message}
        for f in cleaned.flags
    ]
    if document.published and chosen.sources and chosen.sources.get("published") != COLUMN:
        flags.append(
            {
                "kind": "date",
                "start": 0,
                "end": 0,
                "message": f"date not understood: {document.published}",
            }
        )
    sources = dict(chosen.sources or {})
    title = chosen.title
    if title is None:
        # The title column cannot be empty: the text's first line stands in, said as such,
        # and the report still warns that no title was found.
        title = _title_from_text(cleaned.text, document.source)
        sources["title"] = FIRST_LINE
    extra: dict[str, Any] = dict(document.extra)
    for name, value, source in header.fields:
        # The section, page and length an export's header gives, the first of each kept.
        if name in HEADER_EXTRA_FIELDS and name not in extra:
            extra[name] = {"value": value[:200], "source": source}
    if sources:
        extra[METADATA_SOURCES] = sources
    if chosen.site:
        # The outlet is the source the story is credited to (来源：新华社 on a portal); the site
        # that published the page is kept beside it, with where its name was read.
        extra[PUBLISHING_SITE] = {"value": chosen.site, "source": chosen.site_source}
    return {
        "guid": new_guid(),
        "title": title[:500],
        "outlet": chosen.outlet,
        "published": chosen.published,
        "published_text": chosen.published_text[:100] if chosen.published_text else None,
        "author": chosen.author,
        "editor": chosen.editor,
        "url": document.url or _page_url(document),
        "extra": extra,
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
        _WARNINGS_KEY: _article_warnings(cleaned, chosen.missing, document),
    }


# Read in the header fields of files a person or a news database wrote as text; a web page's
# extracted text and a table's text cell have their fields elsewhere.
_HEADER_FORMATS = ("txt", "docx")
_HEADER_DETAILS = (HEADER_DETAIL, UNDER_TITLE_DETAIL)


def header_of(document: RawDocument) -> ExportHeader:
    """The header fields that open the document's text (corpus.metadata.export_header)."""
    if document.fmt not in _HEADER_FORMATS:
        return NO_HEADER
    return export_header(document.raw_text)


def clean_document(document: RawDocument, outside: Sequence[tuple[int, int, str]] = ()) -> Cleaned:
    """The document cleaned, its header lines (`header_of`) removed as metadata edits.

    Cleaning removes the lines `outside` names as boilerplate; the header's are the article's
    metadata, so their edits say so (the text's own 来源/日期 lines are metadata edits too),
    and like every edit they can be restored.
    """
    header = header_of(document)
    if not header.spans:
        return clean(document.raw_text, outside)
    cleaned = clean(document.raw_text, [*outside, *header.spans])
    edits = tuple(
        Edit(e.start, e.end, e.replacement, METADATA, e.detail)
        if e.kind == BOILERPLATE and e.detail in _HEADER_DETAILS
        else e
        for e in cleaned.edits
    )
    return Cleaned(text=cleaned.text, edits=edits, flags=cleaned.flags)


def _page_url(document: RawDocument) -> str | None:
    return next((value for name, value, _ in document.page_metadata if name == "url"), None)


# An article this short after cleaning is most likely a page whose story was not found.
NEAR_EMPTY_CHARS = 80
# A text of at least this many lines, most of them short and without a full stop, is a list of
# headlines or links rather than a story.
_LINK_LIST_MIN_LINES = 5
_LINK_LIST_SHARE = 0.7
_LINK_LIST_LINE_CHARS = 30
_WARNINGS_KEY = "_warnings"  # carried with the spooled row to the report, never stored
_MISSING_NAMES = {"title": "title", "published": "date", "author": "author", "outlet": "outlet"}


def _article_warnings(
    cleaned: Cleaned, missing: Sequence[str], document: RawDocument
) -> list[tuple[str, str, tuple[str, ...]]]:
    """(kind, message, fields) for what a person should check in this article."""
    warnings: list[tuple[str, str, tuple[str, ...]]] = []
    if document.replaced_bytes:
        warnings.append(
            (
                "undecodable-bytes",
                f"{document.replaced_bytes} undecodable byte(s) of the file were replaced with "
                f"U+FFFD (the first at byte {document.first_bad_byte}); the passage is flagged: "
                "check it against the source",
                (),
            )
        )
    text = cleaned.text
    # Counting only a short text's characters keeps this off the import's hot path.
    visible = len("".join(text.split())) if len(text) < 4 * NEAR_EMPTY_CHARS else len(text)
    if visible < NEAR_EMPTY_CHARS:
        warnings.append(
            (
                "near-empty",
                f"only {visible} characters of text are left: the file may hold little more "
                "than a headline, or a page's story was not found; check the article against "
                "its source",
                (),
            )
        )
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) >= _LINK_LIST_MIN_LINES:
        short_lines = [
            line for line in lines if len(line) <= _LINK_LIST_LINE_CHARS and not ends_sentence(line)
        ]
        short = len(short_lines)
        # Most lines short, and most of the text in them: one story paragraph among a few
        # heading lines is not a list.
        short_chars = sum(map(len, short_lines))
        if short >= _LINK_LIST_SHARE * len(lines) and 2 * short_chars >= sum(map(len, lines)):
            warnings.append(
                (
                    "link-list",
                    f"{short} of its {len(lines)} lines are short lines without a full stop: "
                    "it looks like a list of links or headlines, not a story",
                    (),
                )
            )
    if missing:
        names = ", ".join(_MISSING_NAMES.get(name, name) for name in missing)
        warnings.append(
            (
                "metadata-missing",
                f"no plausible {names} found in the file or the text; nothing was stored for "
                "it (fill it in by hand if the source gives it)",
                tuple(missing),
            )
        )
    return warnings


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
    lenient: bool = False,
) -> ImportReport:
    """Import files and folders as one batch; a failure or a cancel leaves the project unchanged.

    `lenient` lets in text files with a few undecodable bytes (see corpus.encoding); each such
    article is flagged and named in the report's warnings.
    """
    progress = progress or Progress()
    report = ImportReport()
    listing = walk_paths(paths)
    files = listing.files
    report.skipped.extend(SkippedSource(source, reason) for source, reason in listing.skipped)
    progress.start(len(files), "reading")
    try:
        _import_files(
            database, files, paths, column_map, encoding, lenient, progress, chunk, report
        )
    except _NothingStored:
        report.batch_id = None
    return report


def _import_files(
    database: ProjectDatabase,
    files: Sequence[Path],
    paths: Sequence[Path],
    column_map: ColumnMap | None,
    encoding: str | None,
    lenient: bool,
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
            furniture: Counter[str] = Counter()
            suffixes: Counter[str] = Counter()
            count = _read_into_spool(
                files, column_map, encoding, lenient, progress, report, spool, furniture, suffixes
            )
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
        _store_spooled(database, paths, spool, count, chunk, progress, report, furniture, suffixes)


def _read_into_spool(
    files: Sequence[Path],
    column_map: ColumnMap | None,
    encoding: str | None,
    lenient: bool,
    progress: Progress,
    report: ImportReport,
    spool: IO[bytes],
    furniture: Counter[str],
    suffixes: Counter[str],
) -> int:
    """Read and clean every file; write each article's row to `spool`; return how many.

    `furniture` counts, for the lines of HTML pages that could be site furniture, how many
    pages hold each, and `suffixes` how many pages' titles end in each piece; a page's row
    carries its document so that it can be cleaned again once the whole batch has been counted.
    """
    count = 0
    for path in files:
        try:
            result = read_path(path, column_map=column_map, encoding=encoding, lenient=lenient)
        except ReadError as exc:
            report.skipped.append(SkippedSource(str(path), _reason(exc)))
            progress.step()
            continue
        report.skipped.extend(SkippedSource(source, reason) for source, reason in result.skipped)
        for document in result.documents:
            cleaned = clean_document(document, document.outside)
            if not cleaned.text.strip():
                report.skipped.append(
                    SkippedSource(document.source, "no article text left after cleaning")
                )
                continue
            row = build_article_row(document, cleaned, 0)
            if document.fmt == "html":
                furniture.update(furniture_candidates(document.raw_text))
                suffixes.update(title_suffixes(document.page_metadata))
                row[_DOCUMENT_KEY] = document
            pickle.dump(row, spool)
            count += 1
        progress.step(message=path.name)
    return count


_DOCUMENT_KEY = "_document"  # carried with an HTML page's spooled row, never stored


def _without_furniture(
    row: dict[str, Any], furniture: Counter[str], site_suffixes: frozenset[str]
) -> dict[str, Any]:
    """The row, rebuilt when its page holds lines repeated on other pages of the batch, or
    its title ends in a piece that ends the titles of several pages of the batch (the site's).
    """
    document: RawDocument | None = row.pop(_DOCUMENT_KEY, None)
    if document is None:
        return row
    repeated = repeated_lines(document.raw_text, furniture)
    shared_suffix = bool(title_suffixes(document.page_metadata) & site_suffixes)
    if not repeated and not shared_suffix:
        return row
    cleaned = clean_document(document, merge_outside(document.outside, repeated))
    if cleaned.text == row["text"] and not shared_suffix:
        return row  # the lines were gone already
    return build_article_row(document, cleaned, 0, site_suffixes)


def _store_spooled(
    database: ProjectDatabase,
    paths: Sequence[Path],
    spool: IO[bytes],
    count: int,
    chunk: int,
    progress: Progress,
    report: ImportReport,
    furniture: Counter[str],
    suffixes: Counter[str],
) -> None:
    """Store the spooled rows as one batch, in one transaction, filling `report`.

    An HTML page holding lines that stand on several pages of the batch (`furniture`) is
    cleaned again with those lines removed (as edits) before its row is stored, and a page whose
    title ends in a piece ending the titles of several pages (`suffixes`) has its metadata
    chosen again without it.
    """
    site_suffixes = recurring_title_suffixes(suffixes)
    with database.engine.begin() as connection:
        batch_id = connection.execute(
            insert(ImportBatch).returning(ImportBatch.id),
            [{"guid": new_guid(), "started_at": utcnow(), "sources": [str(p) for p in paths]}],
        ).scalar_one()
        report.batch_id = batch_id
        seen: dict[str, tuple[int, str]] = {}
        pending: list[dict[str, Any]] = []
        # Warnings travel with their row (by identity) until the row has an article id.
        warnings_of: dict[int, list[tuple[str, str, tuple[str, ...]]]] = {}

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
                    report.warnings.extend(
                        ImportWarning(row["source"], ArticleId(article_id), kind, message, fields)
                        for kind, message, fields in warnings_of[id(row)]
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
            for row in pending:
                warnings_of.pop(id(row), None)
            pending.clear()

        for _ in range(count):
            row = _without_furniture(pickle.load(spool), furniture, site_suffixes)
            row["batch_id"] = batch_id
            warnings_of[id(row)] = row.pop(_WARNINGS_KEY, [])
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
