"""Article files in: one reader per file type, each turning a file into `RawDocument`s.

This module owns reading: which file types are supported (`SUPPORTED_SUFFIXES`), how folders
are walked (`iter_paths`), how a table's columns map onto article fields (`ColumnMap`), and
what a file gives (`read_path` -> `ReadResult`). It does not clean, normalise or parse
anything: `raw_text` is the article text exactly as read, a leading U+FEFF and CRLF
included, and metadata such as `published` is kept as the string the file gives.

A text file may hold several articles, as news databases export them (`split_articles`):
Factiva closes each with "Document <number>", LexisNexis opens each with "N of M DOCUMENTS" or
closes it with "End of Document", and 慧科/人民日报-style exports and files people put together
set a rule (=====, -----) between header blocks or simply repeat the 标题：/Title: block. Each
article is then `path#article N`, its `raw_text` the file's text between the separators. The
header fields themselves are read by corpus.metadata (`export_header`).
Bytes become text in `corpus.encoding`, which also owns `ReadError` (re-exported here).

One rule for errors: a file that yields no article raises `ReadError` (naming the file, the
line, row or column, and what to do); a row, line or item that yields no article is left
out and listed in `ReadResult.skipped` with the reason, so one bad row never costs the rest.
A text holding a NUL character or a lone surrogate (unstorable: `models.bounded_input.
text_problem`) is such a row, or refuses a one-article file.

Hostile files (models.bounded_input owns the limits): a folder is walked without leaving it
(a link to a file outside is not followed) and without opening FIFOs, devices or sockets,
each passed over entry listed with the reason (`walk_paths`); JSON is checked for nesting
depth, long integers and unstorable escapes before it is parsed; .docx and .xlsx archives
are checked for zip bombs before a library opens them; a sheet's rows are read one at a
time within `ARTICLE_TABLE_LIMITS` (rows, columns, cells), which also bound CSV and JSON
tables.

Size: a reader holds its whole file in memory (about four times the file's size at the peak,
benchmarks/bench_large_files.py), so a file above a cap is refused before a byte is read:
`MAX_ARTICLE_FILE_BYTES` (64 MiB) for the one-article types (.txt, .md, .html, .docx) and
`MAX_FILE_BYTES` (256 MiB) for tables and JSON. A news article is never that long; a
collection that large is imported in parts (one file per year or per outlet, or a folder).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from docx.table import Table


from corpus.encoding import Decoded, ReadError, decode_bytes
from corpus.extraction import extract_page
from corpus.metadata import TITLE_FIELD_LINE_RE, header_label
from models.bounded_input import (
    ARTICLE_TABLE_LIMITS,
    DOCX_LIMITS,
    XLSX_LIMITS,
    InputRefused,
    JsonReader,
    check_zip,
    file_kind_problem,
    read_regular_file,
    sheet_rows,
    text_problem,
)

__all__ = [
    "MAX_ARTICLE_FILE_BYTES",
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ColumnMap",
    "PathListing",
    "RawDocument",
    "ReadError",
    "ReadResult",
    "iter_paths",
    "read_path",
    "walk_paths",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".txt",
    ".md",
    ".html",
    ".htm",
    ".docx",
    ".csv",
    ".tsv",
    ".xlsx",
    ".json",
    ".jsonl",
)

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_ARTICLE_FILE_BYTES = 64 * 1024 * 1024
_ONE_ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")
# A CSV line with more separators than this is no table of articles: csv would make a list of
# that many fields before any check could look at the row.
_MAX_SEPARATORS_PER_LINE = 100_000


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDocument:
    """One article as read from a file, before any cleaning.

    `source` is the file path, followed by "#row N" (CSV, TSV and Excel: the row number a
    spreadsheet shows, header = row 1), "#line N" (JSON Lines) or "#item N" (a JSON list,
    from 1) or "#article N" (a text file of several articles, from 1) when the file holds
    several articles. `raw_text` is the text exactly as read;
    for HTML it is the main text corpus.extraction takes from the page, not the markup,
    since the page's navigation and footers are not what coders code; `outside` then holds
    the (start, end, reason) lines of it judged outside the article (cleaning removes them
    as edits), `page_metadata` the page's (field, value, source) candidates, which
    corpus.metadata judges, and `page_text` the page's visible text (where a page's date
    must be written to be believed). `encoding` is the file's encoding as `corpus.encoding` names it
    ("utf-8" for .docx and .xlsx, which store Unicode XML). `fmt` is the reader used: "txt"
    (.txt, .md), "html", "docx", "csv" (.csv, .tsv), "xlsx", "json" or "jsonl". The
    metadata fields are the strings the file gives, stripped of surrounding spaces, or None
    (always None for HTML); they are not parsed (an Excel date cell is written as an ISO
    date, "2024-03-15" or "2024-03-15T09:26:00"). A .docx gives its file properties' title
    and author. `extra` holds the other columns or fields of a tabular or JSON article by
    their header ("" for an empty cell), for a .docx its creation date ("created"), and for
    an article of a Factiva text export its document number ("document_id").
    """

    source: str
    raw_text: str
    encoding: str
    fmt: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    extra: dict[str, str] = field(default_factory=dict, hash=False)
    # Read with `lenient`: how many undecodable bytes became U+FFFD, and where the first was.
    replaced_bytes: int = 0
    first_bad_byte: int | None = None
    outside: tuple[tuple[int, int, str], ...] = ()
    page_metadata: tuple[tuple[str, str, str], ...] = ()
    page_text: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What one file gave: its articles, and the rows or items left out as (source, reason)."""

    documents: list[RawDocument]
    skipped: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column (or JSON field) holds each article field in a table.

    A field left as None is found by its usual headers (`DEFAULT_HEADERS`, matched without
    regard to case or surrounding spaces); a name given here must exist. Only the text is
    required. The command-line options that fill it are --text-column, --title-column,
    --published-column, --outlet-column, --url-column and --author-column.
    """

    text: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None

    # Earlier names win when a table has several (a "date" and a "time" column, say).
    DEFAULT_HEADERS: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "text": (
            "text", "content", "body", "article", "fulltext", "full_text", "full text",
            "正文", "内容", "內容", "全文", "文章", "文本", "新闻内容", "新聞內容",
        ),
        "title": (
            "title", "headline", "heading", "标题", "標題", "题目", "題目", "新闻标题", "新聞標題",
        ),
        "published": (
            "published", "date", "pubdate", "pub_date", "publish_date", "published_at",
            "publish_time", "datetime", "日期", "发布时间", "發佈時間", "發布時間", "发布日期",
            "發佈日期", "發布日期", "time", "时间", "時間",
        ),
        "outlet": (
            "outlet", "source", "media", "publisher", "newspaper", "site", "sitename",
            "来源", "來源", "媒体", "媒體", "出处", "出處", "报纸", "報紙", "网站", "網站",
        ),
        "url": ("url", "link", "href", "链接", "鏈接", "連結", "网址", "網址", "原文链接"),
        "author": ("author", "reporter", "byline", "作者", "记者", "記者"),
    }  # fmt: skip

    def resolve(self, headers: Sequence[str], source: str) -> dict[str, int]:
        """Map each field that has a column to that column's index in `headers`.

        Raises `ReadError` when a named column is missing or no text column is found; the
        message lists the columns that are there and how to name the right one.
        """
        index: dict[str, int] = {}
        for position, header in enumerate(headers):
            index.setdefault(_header_key(header), position)
        found = ", ".join(repr(h.strip()) for h in headers if h.strip()) or "none"
        resolved: dict[str, int] = {}
        for spec in fields(self):
            name: str | None = getattr(self, spec.name)
            if name is not None:
                if _header_key(name) not in index:
                    raise ReadError(
                        source,
                        f"there is no column {name!r}; the columns are {found}; name the "
                        f"right one with --{spec.name}-column NAME",
                        location=f"column {name!r}",
                    )
                resolved[spec.name] = index[_header_key(name)]
                continue
            for alias in self.DEFAULT_HEADERS[spec.name]:
                if (
                    _header_key(alias) in index
                    and index[_header_key(alias)] not in resolved.values()
                ):
                    resolved[spec.name] = index[_header_key(alias)]
                    break
        if "text" not in resolved:
            raise ReadError(
                source,
                f"cannot find the article text column; the columns are {found}; name it "
                "with --text-column NAME (or call the column 'text' or '正文')",
                location="header row",
            )
        return resolved


def _header_key(header: str) -> str:
    """A header as compared: no BOM, no surrounding spaces or colons, lower case."""
    return header.replace("\ufeff", "").strip().rstrip(":：").strip().casefold()


@dataclass(frozen=True, slots=True)
class PathListing:
    """The files to read, and the folder entries passed over as (path, reason)."""

    files: list[Path]
    skipped: list[tuple[str, str]] = field(default_factory=list)


def iter_paths(paths: Iterable[Path]) -> list[Path]:
    """The files to read (see `walk_paths`, which also says what it passed over and why)."""
    return walk_paths(paths).files


def walk_paths(paths: Iterable[Path]) -> PathListing:
    """The files to read: given files as they are, folders searched recursively.

    Inside a folder, hidden files and folders (a leading dot), Office lock files ("~$...")
    and files of unsupported types are passed over, and files come in natural order
    (2.txt before 10.txt). A file named directly is kept whatever its type, so that
    `read_path` can say why it cannot be read. Each file appears once.

    A folder never leads outside itself and nothing is opened to find out: a link (to a file
    or a folder) whose target lies outside the folder, a broken link, and FIFOs, devices and
    sockets are passed over and listed in `skipped` with the reason, since reading them would
    import a file nobody put there (/etc/passwd), wait for ever (a FIFO) or never end
    (/dev/zero).
    """
    result: list[Path] = []
    skipped: list[tuple[str, str]] = []
    seen: set[Path] = set()

    def keep(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            result.append(path)

    for path in paths:
        if not path.is_dir():
            keep(path)
            continue
        root = path.resolve()
        found: list[Path] = []
        for folder, subfolders, names in os.walk(path):
            visible = [name for name in subfolders if not name.startswith(".")]
            for name in visible:
                entry = Path(folder, name)
                problem = _link_problem(entry, root, path) if entry.is_symlink() else None
                if problem is not None:
                    skipped.append((str(entry), problem))
            # os.walk does not follow links to folders (no loops); a link inside is read where
            # its target lies.
            subfolders[:] = [name for name in visible if not Path(folder, name).is_symlink()]
            for name in names:
                if name.startswith((".", "~$")):
                    continue
                if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                entry = Path(folder, name)
                problem = _link_problem(entry, root, path) if entry.is_symlink() else None
                if problem is None:
                    problem = file_kind_problem(entry)
                if problem is not None:
                    skipped.append((str(entry), problem))
                    continue
                found.append(entry)
        for file in sorted(found, key=lambda p: _natural_key(p.relative_to(path))):
            keep(file)
    return PathListing(result, skipped)


def _link_problem(entry: Path, root: Path, folder: Path) -> str | None:
    """Why a link found in `folder` (resolved: `root`) is not followed, or None."""
    target = Path(os.path.realpath(entry))
    if not target.exists():
        return f"is a link to {target}, which does not exist"
    if not target.is_relative_to(root):
        return (
            f"is a link to {target}, outside the folder {folder}; links are not followed out "
            "of a folder (copy the file into it, or name it on its own, to import it)"
        )
    return None


def _natural_key(path: Path) -> tuple[tuple[tuple[int, int | str], ...], ...]:
    return tuple(
        tuple(
            (0, int(piece)) if piece.isdigit() else (1, piece.casefold())
            for piece in re.split(r"(\d+)", part)
            if piece
        )
        for part in path.parts
    )


def read_path(
    path: Path,
    column_map: ColumnMap | None = None,
    encoding: str | None = None,
    *,
    sheet: str | None = None,
    lenient: bool = False,
) -> ReadResult:
    """Read one file into articles, choosing the reader by its extension.

    `column_map` applies to CSV, TSV, Excel and JSON files; `encoding` forces the encoding
    of text files (.txt, .md, .html, .csv, .tsv, .json, .jsonl) instead of detecting it;
    `sheet` names the Excel sheet to read (default: the first). `lenient` lets a text file
    with a few undecodable bytes in (they become U+FFFD, which cleaning flags, and each
    document says how many). Raises `ReadError` when the
    file gives no article at all (missing, empty, binary, undecidable encoding, no text
    column, malformed JSON, unsupported type); rows or items without text are skipped and
    listed in the result instead.
    """
    source = str(path)
    suffix = path.suffix.lower()
    columns = column_map or ColumnMap()
    if path.is_dir():
        raise ReadError(source, "is a folder, not a file; pass it to iter_paths to list its files")
    if suffix not in SUPPORTED_SUFFIXES:
        hint = {".doc": "; save it as .docx", ".xls": "; save it as .xlsx"}.get(suffix, "")
        raise ReadError(
            source,
            f"unsupported file type {suffix or '(no extension)'}; supported: "
            f"{', '.join(SUPPORTED_SUFFIXES)}{hint}",
        )
    kind = file_kind_problem(path)
    if kind is not None:
        raise ReadError(source, kind)  # a FIFO or a device: never opened
    _refuse_oversized(path, suffix)
    if suffix in (".txt", ".md"):
        result = _read_text(path, encoding, lenient)
    elif suffix in (".html", ".htm"):
        result = _read_html(path, encoding, lenient)
    elif suffix == ".docx":
        result = _read_docx(path)
    elif suffix in (".csv", ".tsv"):
        result = _read_csv(path, columns, encoding, lenient)
    elif suffix == ".xlsx":
        result = _read_xlsx(path, columns, sheet)
    elif suffix == ".json":
        result = _read_json(path, columns, encoding, lenient)
    else:
        result = _read_jsonl(path, columns, encoding, lenient)
    return _storable(result, source)


def _refuse_oversized(path: Path, suffix: str) -> None:
    """Refuse a file above its type's cap (see the module docstring) before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # missing or unreadable: the reader itself says so
    one_article = suffix in _ONE_ARTICLE_SUFFIXES
    cap = MAX_ARTICLE_FILE_BYTES if one_article else MAX_FILE_BYTES
    if size <= cap:
        return
    if one_article:
        advice = "a news article is never that long; is it a collection? Split it into files"
    else:
        advice = "split it into smaller files (one per year or per outlet) and import them"
    raise ReadError(
        str(path),
        f"too large to import: {size / 2**20:,.1f} MiB, above the {cap // 2**20} MiB limit "
        f"for {suffix or 'such'} files; {advice}",
    )


def _refused(refused: InputRefused) -> ReadError:
    """A refusal of models.bounded_input as the readers' own error."""
    return ReadError(refused.source, refused.message, location=refused.location)


_FIELDS = (
    ("raw_text", "the text"),
    ("title", "the title"),
    ("outlet", "the outlet"),
    ("published", "the date"),
    ("author", "the author"),
    ("url", "the URL"),
)


def _unstorable(document: RawDocument) -> str | None:
    """What of a document cannot be stored (a NUL, a lone surrogate), or None."""
    for name, label in _FIELDS:
        value = getattr(document, name)
        problem = text_problem(value) if value else None
        if problem is not None:
            return f"{label} {problem}"
    for key, value in document.extra.items():
        for label, text in ((f"the column name {key!r}", key), (f"the field {key!r}", value)):
            problem = text_problem(text)
            if problem is not None:
                return f"{label} {problem}"
    return None


def _storable(result: ReadResult, source: str) -> ReadResult:
    """The result without documents that cannot be stored: skipped, or the file refused."""
    documents: list[RawDocument] = []
    skipped = list(result.skipped)
    for document in result.documents:
        problem = _unstorable(document)
        if problem is None:
            documents.append(document)
        elif document.source == source:
            raise ReadError(source, f"{problem}; remove it, or save the file again")
        else:
            where = document.source.rpartition("#")[2]
            skipped.append((document.source, f"{where}: {problem}; remove it"))
    if len(documents) == len(result.documents):
        return result
    return ReadResult(documents, skipped)


def _read_bytes(path: Path) -> bytes:
    suffix = path.suffix.lower()
    cap = MAX_ARTICLE_FILE_BYTES if suffix in _ONE_ARTICLE_SUFFIXES else MAX_FILE_BYTES
    try:
        # A hard cap on the bytes read, whatever the size stat gave before.
        return read_regular_file(path, cap, str(path))
    except InputRefused as refused:
        raise _refused(refused) from None
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except OSError as error:
        raise ReadError(str(path), f"cannot open the file: {error.strerror or error}") from None


def _decode(path: Path, encoding: str | None, lenient: bool) -> Decoded:
    return decode_bytes(_read_bytes(path), str(path), encoding, lenient=lenient)


def _noting(decoded: Decoded, result: ReadResult) -> ReadResult:
    """The result, each document saying how many bytes a lenient read replaced."""
    if decoded.how == "lenient":
        result.documents[:] = [
            replace(d, replaced_bytes=decoded.replaced, first_bad_byte=decoded.first_bad)
            for d in result.documents
        ]
    return result


def _one(document: RawDocument) -> ReadResult:
    if not document.raw_text.strip():
        raise ReadError(document.source, "the file has no article text")
    return ReadResult([document])


def _read_text(path: Path, encoding: str | None, lenient: bool) -> ReadResult:
    decoded = _decode(path, encoding, lenient)
    source = str(path)
    parts = split_articles(decoded.text)
    if parts is None:
        document = RawDocument(
            source=source, raw_text=decoded.text, encoding=decoded.encoding, fmt="txt"
        )
        return _noting(decoded, _one(document))
    documents = [
        RawDocument(
            source=f"{source}#article {number}",
            raw_text=decoded.text[start:end],
            encoding=decoded.encoding,
            fmt="txt",
            extra={"document_id": document_id} if document_id else {},
        )
        for number, (start, end, document_id) in enumerate(parts, start=1)
    ]
    return _noting(decoded, ReadResult(documents))


# --------------------------------------------------------------------------------------------
# Text files holding several articles: the separators news-database exports write
# --------------------------------------------------------------------------------------------

# Factiva ends each article with its document number (Document JCRB000020250402e1420000a;
# Dokument, 文件 in other interfaces); LexisNexis opens each with "3 of 25 DOCUMENTS" (older
# exports) or closes it with "End of Document" (newer). These lines never occur in news text.
_END_ID_RE = re.compile(
    r"^[ \t\u3000]*(?:Document|Dokument|Documento|文件|文檔|文档)[ \t\u3000]+"
    r"(?P<id>[A-Za-z0-9]{10,40})[ \t\u3000]*$",
    re.M,
)
_END_WORDS_RE = re.compile(r"^[ \t\u3000]*End of Document[ \t\u3000]*$", re.M | re.I)
_OPENING_COUNT_RE = re.compile(
    r"^[ \t\u3000]*\d{1,6}[ \t\u3000]+(?:of|OF)[ \t\u3000]+\d{1,6}[ \t\u3000]+"
    r"(?:DOCUMENTS|Documents)[ \t\u3000]*$",
    re.M,
)
# A rule of = - * _ ~ # (ASCII or full-width, at least five): WiseNews and 人民日报 exports and
# files people put together by hand set one between articles, but a single story may use one
# as a section break, so it separates articles only when every part opens with header fields.
_RULE_RE = re.compile(r"^[ \t\u3000]*[=＝\-－_＿*＊~～#＃—]{5,}[ \t\u3000]*$", re.M)
# Every part must be this long to be an article and not a fragment between two rules.
_MIN_PART_CHARS = 20
_FIRST_LINE_CHARS = 2000
_SEPARATORS = (
    (True, _END_ID_RE, ("Document", "Dokument", "Documento", "文件", "文檔", "文档")),
    (True, _END_WORDS_RE, ("End of", "END OF", "end of")),
    (False, _OPENING_COUNT_RE, ("DOCUMENTS", "Documents")),
)
_RULE_WORDS = tuple(c * 5 for c in "=＝-－_＿*＊~～#＃—")


def split_articles(text: str) -> list[tuple[int, int, str]] | None:
    """Where a text file holding several articles splits: (start, end, document id) each.

    None when the text is one article. The separator lines (see the patterns above) belong to
    no article; a Factiva document number is kept as the article's id ("" when none). Failing
    those, a file of several header blocks each opening with a title field (标题：…, Title: …)
    is split before each. Parts holding nothing but blank lines (before the first opening
    line, after the last closing one) are left out.
    """
    if len(text) < 2 * _MIN_PART_CHARS:
        return None
    # A word test first: most files hold none of these, and `in` is far quicker than a regex.
    for closing, pattern, words in _SEPARATORS:
        matches = list(pattern.finditer(text)) if any(w in text for w in words) else []
        if matches:
            return _parts_between(text, matches, closing=closing) or None
    rules = list(_RULE_RE.finditer(text)) if any(w in text for w in _RULE_WORDS) else []
    if rules:
        parts = _parts_between(text, rules, closing=False, trailing=True)
        if len(parts) >= 2 and all(_opens_with_header(text, start, end) for start, end, _ in parts):
            return parts
    return _parts_at_titles(text)


def _parts_between(
    text: str, separators: list[re.Match[str]], *, closing: bool, trailing: bool = True
) -> list[tuple[int, int, str]]:
    """The non-blank parts between separator lines; `closing` separators end their part."""
    parts: list[tuple[int, int, str]] = []
    at = 0
    for separator in separators:
        document_id = (separator.groupdict().get("id") or "") if closing else ""
        if text[at : separator.start()].strip():
            parts.append((at, separator.start(), document_id))
        at = separator.end()
    if trailing and text[at:].strip():
        parts.append((at, len(text), ""))
    return [part for part in parts if len(text[part[0] : part[1]].strip()) >= _MIN_PART_CHARS]


def _first_line(text: str, start: int, end: int) -> str:
    for line in text[start:end].splitlines():
        if line.strip():
            return line
    return ""


def _opens_with_header(text: str, start: int, end: int) -> bool:
    return header_label(_first_line(text, start, end)) is not None


def _parts_at_titles(text: str) -> list[tuple[int, int, str]] | None:
    """Parts opening at each title field line, when the text opens with one and has several."""
    if header_label(_first_line(text, 0, min(len(text), _FIRST_LINE_CHARS))) != "title":
        return None
    starts = [match.start() for match in TITLE_FIELD_LINE_RE.finditer(text)]
    if len(starts) < 2:
        return None
    starts[0] = 0
    parts = [(start, end, "") for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [part for part in parts if len(text[part[0] : part[1]].strip()) >= _MIN_PART_CHARS]


# A charset declared in the page's head: <meta charset="gbk"> or the http-equiv form.
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Favouring recall, trafilatura keeps a navigation bar of bare text ("首页 | 新闻 | 关于我们")
# and a page footer; neither ever holds article text outside an <article>.
_NOT_ARTICLE = ("//nav", "//footer[not(ancestor::article)]", "//aside[not(ancestor::article)]")


def _read_html(path: Path, encoding: str | None, lenient: bool) -> ReadResult:
    data = _read_bytes(path)
    declared = _META_CHARSET.search(data[:4096])
    decoded = decode_bytes(
        data,
        str(path),
        encoding,
        declared=declared.group(1).decode("ascii") if declared else None,
        lenient=lenient,
    )
    page = decoded.text.removeprefix("\ufeff")
    try:
        extracted = extract_page(page, prune_xpath=list(_NOT_ARTICLE))
    except Exception as error:  # Third-party parsers: any failure is this file's problem.
        raise ReadError(str(path), f"cannot parse the HTML page ({error})") from None
    if not extracted.text.strip():
        raise ReadError(
            str(path),
            "found no article text in the HTML page; copy the article into a .txt file and "
            "import that",
        )
    document = RawDocument(
        source=str(path),
        raw_text=extracted.text,
        encoding=decoded.encoding,
        fmt="html",
        outside=extracted.outside,
        page_metadata=extracted.metadata,
        page_text=extracted.visible_text,
    )
    return _noting(decoded, _one(document))


def _read_docx(path: Path) -> ReadResult:
    source = str(path)
    if not path.is_file():
        raise ReadError(source, "no such file")
    import docx  # loaded on the first .docx file, not at start-up
    from docx.table import Table

    try:
        check_zip(path, DOCX_LIMITS, source)  # before python-docx inflates every part
        document = docx.Document(source)
        blocks: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                blocks.extend(_table_rows(block))
            else:
                blocks.append(block.text)
        properties = document.core_properties
        created = properties.created
    except InputRefused as refused:
        raise _refused(refused) from None
    except Exception as error:  # A third-party parser: any failure is this file's problem.
        raise ReadError(
            source, f"not a readable .docx file ({error}); open it in Word and save it again"
        ) from None
    return _one(
        RawDocument(
            source=source,
            raw_text="\n".join(blocks),
            encoding="utf-8",
            fmt="docx",
            title=_metadata(properties.title),
            author=_metadata(properties.author),
            # The file's creation date is not the article's publication date: kept aside.
            extra={"created": created.isoformat()} if isinstance(created, dt.datetime) else {},
        )
    )


def _table_rows(table: Table) -> Iterator[str]:
    """A Word table as lines of tab-separated cells, a merged cell once."""
    for row in table.rows:
        cells: list[str] = []
        previous: object = None
        for cell in row.cells:
            # python-docx repeats a merged cell once per grid column it spans.
            if cell._tc is not previous:
                cells.append(cell.text)
            previous = cell._tc
        yield "\t".join(cells)


def _read_csv(path: Path, columns: ColumnMap, encoding: str | None, lenient: bool) -> ReadResult:
    source = str(path)
    decoded = _decode(path, encoding, lenient)
    text = decoded.text.removeprefix("\ufeff")
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        end = text.find("\n")
        first_line = text[: end if end >= 0 else len(text)]  # not split(): no copy of the rest
        # Excel writes ";" where the decimal separator is a comma, and some tools write tabs.
        delimiter = max(",\t;|", key=first_line.count) if first_line else ","
    reader = csv.reader(_csv_lines(text, delimiter, source), delimiter=delimiter)
    rows: Iterator[tuple[int, list[object]]] = (
        (number, list(row)) for number, row in enumerate(reader, start=1)
    )
    try:
        return _noting(decoded, _read_rows(rows, columns, source, decoded.encoding, "csv", "row"))
    except csv.Error as error:
        raise ReadError(
            source,
            f"cannot read the CSV ({error}); check the quotes in this row",
            location=f"row {reader.line_num}",
        ) from None


def _csv_lines(text: str, delimiter: str, source: str) -> Iterator[str]:
    """The text's lines for csv.reader, refusing a line of absurdly many separators."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.count(delimiter) > _MAX_SEPARATORS_PER_LINE:
            raise ReadError(
                source,
                f"more than {_MAX_SEPARATORS_PER_LINE:,} {delimiter!r} separators on one line; "
                "this is not a table of articles",
                location=f"line {number}",
            )
        yield line


def _read_xlsx(path: Path, columns: ColumnMap, sheet: str | None) -> ReadResult:
    source = str(path)
    if not path.is_file():
        raise ReadError(source, "no such file")
    import openpyxl  # loaded on the first .xlsx file, not at start-up

    try:
        check_zip(path, XLSX_LIMITS, source)  # before openpyxl reads the shared strings
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except InputRefused as refused:
        raise _refused(refused) from None
    except Exception as error:  # A third-party parser: any failure is this file's problem.
        raise ReadError(
            source, f"not a readable .xlsx workbook ({error}); open it in Excel and save it again"
        ) from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            names = ", ".join(repr(name) for name in workbook.sheetnames)
            raise ReadError(
                source, f"there is no sheet {sheet!r}; the sheets are {names}", location="sheet"
            )
        # One row at a time, within the limits; the size the sheet declares is checked, then
        # set aside (some writers store a wrong one, and read-only mode would trust it).
        rows = (
            (number, list(values))
            for number, values in sheet_rows(worksheet, source, ARTICLE_TABLE_LIMITS)
        )
        return _read_rows(rows, columns, source, "utf-8", "xlsx", "row")
    except InputRefused as refused:
        raise _refused(refused) from None
    except ReadError:
        raise
    except Exception as error:  # read-only mode parses the sheet lazily: damage shows up here
        raise ReadError(
            source, f"not a readable .xlsx workbook ({error}); open it in Excel and save it again"
        ) from None
    finally:
        workbook.close()


def _read_json(path: Path, columns: ColumnMap, encoding: str | None, lenient: bool) -> ReadResult:
    source = str(path)
    decoded = _decode(path, encoding, lenient)
    text = decoded.text.removeprefix("\ufeff")
    try:
        value = JsonReader(source, len(text)).loads(text)
    except InputRefused as refused:
        raise _refused(refused) from None
    except json.JSONDecodeError as error:
        raise ReadError(
            source,
            f"not valid JSON ({error.msg}, column {error.colno}); fix the file, or write one "
            "article per line as .jsonl",
            location=f"line {error.lineno}",
        ) from None
    if isinstance(value, dict) and "articles" in value:
        value = value["articles"]
        if not isinstance(value, list):
            raise ReadError(source, '"articles" must be a list of article objects')
    elif isinstance(value, dict):
        # One article per file, as many scrapers write them.
        return _noting(decoded, _one_object(value, columns, source, decoded.encoding))
    if not isinstance(value, list):
        raise ReadError(
            source,
            'expected a list of article objects, {"articles": [...]}, or one article object',
        )
    items: list[tuple[int, dict[str, object]]] = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ReadError(source, "is not an article object ({...})", location=f"item {number}")
        items.append((number, item))
    return _noting(decoded, _read_objects(items, columns, source, decoded.encoding, "json", "item"))


def _one_object(
    item: dict[str, object], columns: ColumnMap, source: str, encoding: str
) -> ReadResult:
    result = _read_objects([(1, item)], columns, source, encoding, "json", "item")
    if not result.documents:
        raise ReadError(source, "the file has no article text")
    return ReadResult([replace(result.documents[0], source=source)])


def _read_jsonl(path: Path, columns: ColumnMap, encoding: str | None, lenient: bool) -> ReadResult:
    source = str(path)
    decoded = _decode(path, encoding, lenient)
    text = decoded.text.removeprefix("\ufeff")
    parser = JsonReader(source, len(text))  # one budget of values for the whole file
    items: list[tuple[int, dict[str, object]]] = []
    # Split on newlines only: JSON strings may hold U+2028, which str.splitlines splits on.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = parser.loads(line, first_line=number)
        except InputRefused as refused:
            raise _refused(refused) from None
        except json.JSONDecodeError as error:
            raise ReadError(
                source,
                f"not valid JSON ({error.msg}, column {error.colno}); fix or remove this line",
                location=f"line {number}",
            ) from None
        if not isinstance(item, dict):
            raise ReadError(
                source,
                "is not an article object ({...}); fix or remove this line",
                location=f"line {number}",
            )
        items.append((number, item))
    return _noting(
        decoded, _read_objects(items, columns, source, decoded.encoding, "jsonl", "line")
    )


def _read_objects(
    items: Sequence[tuple[int, dict[str, object]]],
    columns: ColumnMap,
    source: str,
    encoding: str,
    fmt: str,
    unit: str,
) -> ReadResult:
    """Articles from JSON objects, their keys mapped like a table's headers."""
    keys = list(dict.fromkeys(key for _, item in items for key in item))
    if not keys:
        return ReadResult([])
    if len(keys) > ARTICLE_TABLE_LIMITS.columns:
        # Every object becomes a row of every key: a few thousand distinct keys would make
        # the table quadratic in the file's size.
        raise ReadError(
            source,
            f"the objects hold {len(keys):,} different fields, more than "
            f"{ARTICLE_TABLE_LIMITS.columns:,}; this is not a collection of articles",
        )
    rows = ((number, [item.get(key) for key in keys]) for number, item in items)
    return _build(rows, keys, columns, source, encoding, fmt, unit)


def _read_rows(
    rows: Iterator[tuple[int, list[object]]],
    columns: ColumnMap,
    source: str,
    encoding: str,
    fmt: str,
    unit: str,
) -> ReadResult:
    """Articles from table rows; the first row that is not empty holds the headers."""
    for _, header_row in rows:
        if any(_cell(value) for value in header_row):
            headers = [_cell(value) or "" for value in header_row]
            return _build(rows, headers, columns, source, encoding, fmt, unit)
    raise ReadError(source, "the table is empty; its first row must hold the column names")


def _build(
    rows: Iterable[tuple[int, list[object]]],
    headers: list[str],
    columns: ColumnMap,
    source: str,
    encoding: str,
    fmt: str,
    unit: str,
) -> ReadResult:
    limits = ARTICLE_TABLE_LIMITS
    if len(headers) > limits.columns:
        raise ReadError(
            source,
            f"{len(headers):,} columns, more than {limits.columns:,}; keep the columns of the "
            "articles and delete the rest",
            location="header row",
        )
    mapping = columns.resolve(headers, source)
    text_at = mapping["text"]
    names = _extra_names(headers)
    mapped = set(mapping.values())
    unnamed = {position for position, header in enumerate(headers) if not header.strip()}
    documents: list[RawDocument] = []
    skipped: list[tuple[str, str]] = []
    kept_cells = 0
    for number, values in rows:
        if len(values) > limits.columns:
            raise ReadError(
                source,
                f"{len(values):,} cells, more than {limits.columns:,} columns; is this a table "
                "of articles?",
                location=f"{unit} {number}",
            )
        cells = [_cell(value) for value in values]
        if not any(cells):
            continue  # Blank lines and the empty rows Excel keeps below a table.
        where = f"{source}#{unit} {number}"
        text = cells[text_at] if text_at < len(cells) else None
        if text is None or not text.strip():
            skipped.append(
                (where, f"{unit} {number}: the text ({headers[text_at].strip()!r}) is empty")
            )
            continue
        metadata = {
            name: _metadata(cells[position]) if position < len(cells) else None
            for name, position in mapping.items()
            if name != "text"
        }
        extra: dict[str, str] = {}
        for position, cell in enumerate(cells):
            if position in mapped:
                continue
            if not cell and (position in unnamed or position >= len(names)):
                continue  # An unnamed column with nothing in it carries nothing.
            name = names[position] if position < len(names) else f"column {position + 1}"
            extra[name] = cell or ""
        # Each stored cell costs memory (an empty named column too): bound them all.
        kept_cells += len(extra) + len(metadata) + 1
        if kept_cells > limits.cells:
            raise ReadError(
                source,
                f"holds more than {limits.cells:,} cells; split it into smaller files",
                location=f"{unit} {number}",
            )
        documents.append(
            RawDocument(
                source=where,
                raw_text=text,
                encoding=encoding,
                fmt=fmt,
                extra=extra,
                title=metadata.get("title"),
                published=metadata.get("published"),
                outlet=metadata.get("outlet"),
                url=metadata.get("url"),
                author=metadata.get("author"),
            )
        )
    return ReadResult(documents, skipped)


def _extra_names(headers: Sequence[str]) -> list[str]:
    """Unique names for columns: the header, "column N" when blank, "name (2)" when repeated."""
    names: list[str] = []
    taken: set[str] = set()
    for position, header in enumerate(headers):
        name = header.replace("\ufeff", "").strip() or f"column {position + 1}"
        candidate, count = name, 1
        while candidate in taken:
            count += 1
            candidate = f"{name} ({count})"
        taken.add(candidate)
        names.append(candidate)
    return names


def _cell(value: object) -> str | None:
    """A cell or JSON value as text (None when empty); text is kept exactly as it is."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        # Excel stores a date as a date-time at midnight: show it as the date it is.
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _metadata(value: str | None) -> str | None:
    """A metadata string without surrounding spaces, or None when nothing is left."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None
