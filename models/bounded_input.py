r"""Reading untrusted files within bounds: every reader's guard against hostile input.

This module owns the limits that keep a file a person hands us from crashing, hanging or
flooding the program, whatever it holds, and the checks that apply them before the costly
work starts:

- JSON (`JsonReader`): the nesting depth is measured by a scan of the brackets outside
  strings before `json.loads` recurses; the number of values is capped by the text's size
  (tiny values cost many times their bytes); integers longer than `JsonLimits.int_digits`
  digits, `Infinity`, and the escapes `\u0000` (NUL) and lone surrogates are refused with the
  line and column. `NaN`, which some tools write for a missing value, reads as null.
- YAML (`BoundedYamlLoader`, a `yaml.SafeLoader`): nesting depth, alias uses, and the number
  of nodes the document expands to with its aliases are counted while the document is
  composed, so a billion-laughs file is refused after a few hundred nodes; long integers,
  NUL and lone surrogates are refused with their line.
- Zip containers, .docx and .xlsx (`check_zip`): the central directory is checked (members,
  declared sizes, compression ratio) and then every member is decompressed with a hard cap
  on the bytes actually produced, so an archive lying about its sizes is caught too.
- Spreadsheets (`sheet_rows`): a declared size beyond the limits (A1:XFD1048576) is refused
  before a row is read; rows are read one at a time and a cell far out, a row too wide, or
  too many cells in all stop the reading.
- Files (`file_kind_problem`, `read_regular_file`): FIFOs, devices and sockets are never
  opened, and a file is read with a hard byte cap whatever its size claims.
- Text (`text_problem`): NUL characters (no text holds them; PostgreSQL refuses them) and
  lone surrogates (they cannot be written as UTF-8).

Limits are generous for real data (a spreadsheet of 200,000 rows x 30 columns, a codebook of
thousands of codes) and keep memory bounded on hostile shapes. A refusal is `InputRefused`,
naming the file, where in it, and what to do; each reader turns it into its own error type
(`ReadError`, `CodebookError`, `ExportError`). It is the bottom layer: it imports nothing of
articoder's.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from models.project_file import is_open_here

__all__ = [
    "ARTICLE_TABLE_LIMITS",
    "CODEBOOK_SHEET_LIMITS",
    "CODEBOOK_ZIP_LIMITS",
    "CODINGS_SHEET_LIMITS",
    "DOCX_LIMITS",
    "XLSX_LIMITS",
    "BoundedYamlLoader",
    "InputRefused",
    "JsonLimits",
    "JsonReader",
    "SheetLimits",
    "ZipLimits",
    "check_zip",
    "file_kind_problem",
    "load_json",
    "load_yaml",
    "read_member",
    "read_regular_file",
    "sheet_rows",
    "text_problem",
]

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB
_CHUNK = 1 * MIB


class InputRefused(ValueError):
    """A file (or a part of it) that is refused as beyond our limits or unsafe to read.

    `source` names the file, `location` where in it ("line 3, column 7", "member
    'word/document.xml'", "sheet 'Codes', row 12") or None for the whole file, and `message`
    what is wrong and what to do. A ValueError, so that code catching bad values in general
    still catches it; readers turn it into their own error type.
    """

    def __init__(self, source: str, message: str, location: str | None = None) -> None:
        super().__init__(source, message, location)
        self.source = source
        self.location = location
        self.message = message

    def __str__(self) -> str:
        if self.location:
            return f"{self.source}: {self.location}: {self.message}"
        return f"{self.source}: {self.message}"


# -- text --------------------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """What makes `text` unstorable (a NUL, a lone surrogate) and where, or None.

    Checked on every string a reader produces: SQLite stores a NUL but PostgreSQL refuses the
    whole statement, and a lone surrogate cannot be encoded as UTF-8 at all.
    """
    at = text.find("\x00")
    if at >= 0:
        return f"holds a NUL character (U+0000) at character {at + 1}"
    if not text.isascii():  # a flag in CPython: ASCII text costs nothing here
        found = _SURROGATE.search(text)
        if found is not None:
            return (
                f"holds a lone surrogate (U+{ord(found.group()):04X}) at character "
                f"{found.start() + 1}, which is not a character"
            )
    return None


# -- files -------------------------------------------------------------------------------------


def file_kind_problem(path: Path) -> str | None:
    """Why `path` must not be opened (a FIFO, a device, a socket, a folder), or None.

    Uses stat, which never opens the file: opening a FIFO waits for a writer for ever, and a
    device such as /dev/zero never ends. A missing file gives None (the reader says so). A
    project this process has open is refused too (models.project_file's rule).
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        if is_open_here(Path(path)):  # opening it would drop this process's locks on it
            return "is the project this import writes to (or its -wal/-shm); it was not read"
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        kind = "not a regular file"
    return f"is {kind}, not a file; it was not opened (copy the file you mean and import that)"


def read_regular_file(path: Path, cap: int, source: str | None = None) -> bytes:
    """The bytes of a regular file, refusing other kinds and anything past `cap` bytes.

    The cap is applied to the bytes read, not to what stat says: a file that grows while it
    is read is still stopped at `cap`. The file is opened without blocking and checked again
    once open, so one swapped for a FIFO in the meantime cannot make the read wait. OSError
    (missing, no permission) passes through for the caller to word.
    """
    where = source or str(path)
    problem = file_kind_problem(path)
    if problem is not None:
        raise InputRefused(where, problem)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise InputRefused(where, "is not a regular file; it was not read")
        # One read of the expected size, as Path.read_bytes does (no second copy), then
        # whatever a growing file added, up to the cap.
        data = handle.read(min(status.st_size, cap) + 1)
        if len(data) > status.st_size:
            data += handle.read(cap + 1 - len(data))
        if len(data) > cap:
            raise InputRefused(
                where,
                f"too large to read: more than {cap / MIB:,.0f} MiB; split it into smaller files",
            )
    return data


# -- JSON --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JsonLimits:
    """How much a JSON text may hold.

    `depth`: nesting of arrays and objects (an article file needs 3 or 4, a codebook about
    twice its code levels). `int_digits`: digits of an integer (Python refuses to read more
    than 4,300, and a float holds no more than 309). `free_values` and `bytes_per_value`:
    at most `free_values` values plus one for every `bytes_per_value` characters of text, so
    a file of tiny values ("[1,1,1,...]", about 20 times their size in memory) is refused while
    real records, whose values are words and articles, pass.
    """

    depth: int = 100
    int_digits: int = 100
    free_values: int = 1_000_000
    bytes_per_value: int = 16


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_NOT_STRUCTURE = re.compile(r"[^\[\]{},]+")
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# \u0000 and the surrogate range: candidates only, confirmed in JsonReader._check_escapes.
_ESCAPE_CANDIDATE = re.compile(r"\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_LOW_SURROGATE_ESCAPE = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")


class JsonReader:
    """Parses the JSON texts of one file within `JsonLimits`, the value budget shared.

    `total_chars` is the whole file's length (JSON Lines: one reader for all lines), which
    sets the number of values allowed.
    """

    def __init__(self, source: str, total_chars: int, limits: JsonLimits | None = None) -> None:
        self.source = source
        self.limits = limits or JsonLimits()
        self.values_left = self.limits.free_values + total_chars // self.limits.bytes_per_value
        self.texts = 0

    def loads(self, text: str, first_line: int = 1) -> Any:
        """The value of one JSON text; `first_line` numbers its lines within the file.

        Raises `InputRefused` for what the limits refuse and lets `json.JSONDecodeError`
        through for malformed JSON (the caller words that in its own terms).
        """
        self.texts += 1
        self._check_structure(text, first_line)
        self._check_escapes(text, first_line)
        return json.loads(
            text,
            parse_int=self._integer(text, first_line),
            parse_constant=self._constant(text, first_line),
        )

    def _refuse(self, text: str, offset: int, first_line: int, message: str) -> InputRefused:
        line = text.count("\n", 0, offset) + first_line
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return InputRefused(self.source, message, f"line {line}, column {column}")

    def _check_structure(self, text: str, first_line: int) -> None:
        # Strings out first (they are most of a real file), then only the structure is left.
        skeleton = _JSON_NOT_STRUCTURE.sub("", _JSON_STRING.sub("", text))
        values = skeleton.count(",") + 1  # an element, or a key with its value
        self.values_left -= values
        if self.values_left < 0:
            raise InputRefused(
                self.source,
                "holds too many small values for its size (each costs many times its bytes "
                "in memory); this is not an article or codebook file",
                # JSON Lines: the line where the file's budget ran out.
                f"line {first_line}" if self.texts > 1 else None,
            )
        brackets = skeleton.replace(",", "")
        deepest = max(itertools.accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)
        if deepest > self.limits.depth:
            raise self._refuse(
                text,
                self._depth_offset(text),
                first_line,
                f"nested more than {self.limits.depth} levels deep; no article or codebook "
                "file needs that (is it the right file?)",
            )

    def _depth_offset(self, text: str) -> int:
        """Where the nesting first passes the limit (only run on a refused text)."""
        depth = 0
        for token in _JSON_TOKEN.finditer(text):
            step = _DEPTH_STEP.get(token.group())
            if step is not None:
                depth += step
                if depth > self.limits.depth:
                    return token.start()
        return 0

    def _check_escapes(self, text: str, first_line: int) -> None:
        if "\\u" not in text:
            return
        paired_until = -1
        for found in _ESCAPE_CANDIDATE.finditer(text):
            start = found.start()
            if start < paired_until:
                continue
            backslashes = 0
            while start - backslashes - 1 >= 0 and text[start - backslashes - 1] == "\\":
                backslashes += 1
            if backslashes % 2:
                continue  # "\\u..." is an escaped backslash followed by the letter u
            value = int(found.group(1), 16)
            if value == 0:
                message = "a NUL character (\\u0000) in a string"
            elif value < 0xDC00 and _LOW_SURROGATE_ESCAPE.match(text, start + 6):
                paired_until = start + 12  # a surrogate pair: one astral character
                continue
            else:
                message = f"a lone surrogate (\\u{found.group(1)}) in a string, not a character"
            raise self._refuse(text, start, first_line, f"{message}; remove it (no text holds one)")

    def _integer(self, text: str, first_line: int) -> Callable[[str], int]:
        limit = self.limits.int_digits

        def parse(literal: str) -> int:
            if len(literal.lstrip("-")) > limit:
                raise self._refuse(
                    text,
                    max(text.find(literal), 0),
                    first_line,
                    f"a number of {len(literal.lstrip('-')):,} digits, more than {limit}; "
                    "write it as text (in quotes) if it is an identifier",
                )
            return int(literal)

        return parse

    def _constant(self, text: str, first_line: int) -> Callable[[str], None]:
        def parse(name: str) -> None:
            if name == "NaN":
                return None  # Python's json.dumps writes NaN for a missing value (pandas' NaN)
            raise self._refuse(
                text,
                max(text.find(name), 0),
                first_line,
                f"{name} is not a number JSON can hold; write null, or the number",
            )

        return parse


def load_json(text: str, source: str, limits: JsonLimits | None = None) -> Any:
    """One JSON text parsed within `limits` (see `JsonReader.loads`)."""
    return JsonReader(source, len(text), limits).loads(text)


# -- YAML --------------------------------------------------------------------------------------


class BoundedYamlLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses deep nesting, alias bombs, long integers and bad text.

    While the document is composed it counts the nesting depth (before the composer
    recurses), each alias use, and the number of nodes each node stands for once its aliases
    are expanded ("weight") and how deep it reaches through them ("height"). A billion-laughs
    file (nine aliases of nine aliases of ...) is refused as soon as one node's weight passes
    `max_nodes`, after composing a few dozen nodes; an alias that refers to the node it is
    inside of (a loop) is refused too. Limits are class attributes, so a subclass may change
    them. `source` names the file in refusals.
    """

    max_depth = 100
    max_aliases = 10_000
    max_nodes = 250_000  # a codebook of 2,000 codes with examples is about 100,000
    max_int_digits = 100
    source = "the file"

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._composed = 0
        # id(node) -> (weight, height), filled when a node is complete; the nodes stay alive
        # in the document, so their ids stay theirs.
        self._sizes: dict[int, tuple[int, int]] = {}

    def _refuse(self, mark: Any, message: str) -> InputRefused:
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else None
        return InputRefused(self.source, message, where)

    def compose_node(self, parent: Any, index: Any) -> Any:
        mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > self.max_aliases:
                raise self._refuse(
                    mark,
                    f"more than {self.max_aliases:,} aliases (*name); refused as a possible "
                    "alias bomb (write the values out)",
                )
            node = super().compose_node(parent, index)
            if id(node) not in self._sizes:
                raise self._refuse(mark, "an alias refers to the node it is inside of (a loop)")
            return node
        self._depth += 1
        if self._depth > self.max_depth:
            raise self._refuse(
                mark,
                f"nested more than {self.max_depth} levels deep; no codebook needs that",
            )
        self._composed += 1
        if self._composed > self.max_nodes:
            raise self._refuse(mark, f"more than {self.max_nodes:,} values; is it the right file?")
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        self._measure(node, mark)
        return node

    def _measure(self, node: Any, mark: Any) -> None:
        children: list[Any]
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        weight, height = 1, 1
        for child in children:
            child_weight, child_height = self._sizes[id(child)]
            weight += child_weight
            height = max(height, child_height + 1)
        if weight > self.max_nodes:
            raise self._refuse(
                mark,
                f"expands to more than {self.max_nodes:,} values through its aliases; refused "
                "as an alias bomb (billion laughs)",
            )
        if height > self.max_depth:
            raise self._refuse(
                mark,
                f"nested more than {self.max_depth} levels deep through its aliases",
            )
        self._sizes[id(node)] = (weight, height)

    def construct_scalar(self, node: Any) -> Any:
        value = super().construct_scalar(node)
        if isinstance(value, str):
            problem = text_problem(value)
            if problem is not None:
                raise self._refuse(node.start_mark, f"the value {problem}; remove it")
        return value

    def construct_yaml_int(self, node: Any) -> Any:
        # The written length, not only decimal digits: 0x followed by thousands of digits is
        # a number no float can hold either (a range's bounds become floats).
        digits = len(str(node.value).lstrip("+-"))
        if digits > self.max_int_digits:
            raise self._refuse(
                node.start_mark,
                f"a number of {digits:,} digits, more than {self.max_int_digits}; write it "
                "as text (in quotes) if it is an identifier",
            )
        return super().construct_yaml_int(node)


BoundedYamlLoader.add_constructor("tag:yaml.org,2002:int", BoundedYamlLoader.construct_yaml_int)


def load_yaml(text: str, source: str, loader: type[BoundedYamlLoader] = BoundedYamlLoader) -> Any:
    """One YAML document loaded with `loader` (a `BoundedYamlLoader`), refusals naming `source`.

    yaml.YAMLError passes through for malformed YAML.
    """
    instance = loader(text)
    instance.source = source
    try:
        return instance.get_single_data()
    finally:
        instance.dispose()


# -- zip containers (.docx, .xlsx) -------------------------------------------------------------


@dataclass(frozen=True)
class ZipLimits:
    """How much a zip container may expand to; anything more is refused as a possible bomb.

    `member_bytes` caps each member, `xml_bytes` (when set) each XML member (.xml, .rels),
    which is parsed into a tree many times its size, `total_bytes` all members together, and
    `ratio` the compression ratio of members larger than `ratio_floor` (deflate reaches about
    1:1000 on runs of one byte; real documents rarely pass 1:20).
    """

    what: str
    members: int
    member_bytes: int
    total_bytes: int
    xml_bytes: int | None = None
    ratio: float = 200.0
    ratio_floor: int = 1 * MIB


# A news article as .docx: its text is a few hundred kilobytes of XML; pictures may be larger.
DOCX_LIMITS = ZipLimits(
    "a .docx file", members=2_000, member_bytes=64 * MIB, xml_bytes=8 * MIB, total_bytes=128 * MIB
)
# An article table as .xlsx: 200,000 articles of text are about 1 GiB of XML.
XLSX_LIMITS = ZipLimits("an .xlsx workbook", members=10_000, member_bytes=GIB, total_bytes=GIB)
# A codebook workbook: thousands of codes are a few megabytes.
CODEBOOK_ZIP_LIMITS = ZipLimits(
    "a codebook workbook", members=2_000, member_bytes=128 * MIB, total_bytes=256 * MIB
)


def _member_limit(info: zipfile.ZipInfo, limits: ZipLimits) -> int:
    name = info.filename.lower()
    if limits.xml_bytes is not None and name.endswith((".xml", ".rels")):
        return min(limits.xml_bytes, limits.member_bytes)
    return limits.member_bytes


# A central directory entry is 46 bytes and the member's name (and extras): real ones are
# under 200 bytes, so this bounds the directory zipfile would parse.
_DIRECTORY_ENTRY_BYTES = 512
_END_RECORD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END_RECORD = b"PK\x06\x06"


def _central_directory(path: Path) -> tuple[int, int] | None:
    """(members, bytes) of the central directory as the end record gives them, or None.

    None when there is no readable end record: zipfile then says what is wrong.
    """
    with open(path, "rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        tail_bytes = min(size, 22 + 65_535 + 20)  # the record, its comment, a ZIP64 locator
        handle.seek(size - tail_bytes)
        tail = handle.read(tail_bytes)
        at = tail.rfind(_END_RECORD)
        if at < 0 or len(tail) - at < 22:
            return None
        entries = int.from_bytes(tail[at + 10 : at + 12], "little")
        directory_bytes = int.from_bytes(tail[at + 12 : at + 16], "little")
        locator = tail.rfind(_ZIP64_LOCATOR, 0, at)
        if locator >= 0 and at - locator == 20:
            # ZIP64: the real counts are in a record the locator points to.
            handle.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
            record = handle.read(56)
            if len(record) == 56 and record.startswith(_ZIP64_END_RECORD):
                entries = int.from_bytes(record[32:40], "little")
                directory_bytes = int.from_bytes(record[40:48], "little")
    return entries, directory_bytes


def check_zip(path: Path, limits: ZipLimits, source: str | None = None) -> None:
    """Check a zip container against `limits` before a library reads it; InputRefused if not.

    First the end record (how many members, how large the central directory: zipfile would
    build an object per member before any check could count them), then the central
    directory (each declared size and ratio, their sum), then each member is decompressed and
    counted, stopping at its cap: a member that produces more than it declares or than its
    cap is refused without being held in memory. Errors of a damaged zip
    (zipfile.BadZipFile, zlib.error, ...) pass through unchanged, so the caller words them as
    it words any unreadable file.
    """
    where = source or str(path)
    advice = f"refused as a possible zip bomb; is this really {limits.what}?"
    directory = _central_directory(path)
    if directory is not None:
        entries, directory_bytes = directory
        if entries > limits.members or directory_bytes > limits.members * _DIRECTORY_ENTRY_BYTES:
            raise InputRefused(
                where,
                f"its directory lists {entries:,} members in {directory_bytes:,} bytes, more "
                f"than the {limits.members:,} allowed; {advice}",
            )
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise InputRefused(
                where, f"{len(infos):,} members, more than the {limits.members:,} allowed; {advice}"
            )
        total = 0
        for info in infos:
            cap = _member_limit(info, limits)
            member = f"member {info.filename!r}"
            if info.file_size > cap:
                raise InputRefused(
                    where,
                    f"would expand to {info.file_size / MIB:,.1f} MiB, more than "
                    f"{cap / MIB:,.0f} MiB; {advice}",
                    member,
                )
            if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(
                info.compress_size, 1
            ):
                raise InputRefused(
                    where,
                    f"expands {info.file_size:,} bytes from {info.compress_size:,} (more than "
                    f"1:{limits.ratio:g}); {advice}",
                    member,
                )
            total += info.file_size
        if total > limits.total_bytes:
            raise InputRefused(
                where,
                f"the members would expand to {total / MIB:,.1f} MiB, more than "
                f"{limits.total_bytes / MIB:,.0f} MiB; {advice}",
            )
        read = 0
        for info in infos:
            if info.is_dir():
                continue
            cap = min(_member_limit(info, limits), info.file_size)
            read += _count_member(archive, info, cap, where)
            if read > limits.total_bytes:
                raise InputRefused(where, f"expands beyond its declared size; {advice}")


def _count_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, where: str) -> int:
    size = 0
    with archive.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            size += len(chunk)
            if size > cap:
                raise InputRefused(
                    where,
                    "expands beyond its declared or allowed size; refused as a possible zip bomb",
                    f"member {info.filename!r}",
                )
    return size


def read_member(archive: zipfile.ZipFile, name: str, cap: int, source: str) -> bytes:
    """A member's bytes, reading no more than `cap` of them: InputRefused past the cap."""
    info = archive.getinfo(name)
    pieces: list[bytes] = []
    size = 0
    with archive.open(info) as handle:
        while chunk := handle.read(min(_CHUNK, cap + 1 - size)):
            size += len(chunk)
            if size > cap:
                raise InputRefused(
                    source,
                    f"expands to more than {cap:,} bytes; refused as a possible zip bomb",
                    f"member {name!r}",
                )
            pieces.append(chunk)
    return b"".join(pieces)


# -- spreadsheets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLimits:
    """How big a table may be: rows (as numbered), columns, and cells read in all.

    `cells` counts the width of every row read (a row is as wide as its last cell), which
    bounds both the time spent and what a reader that keeps the rows holds.
    """

    rows: int
    columns: int
    cells: int


# Excel's own maximum is 1,048,576 rows; an article table has tens of columns, and 200,000
# articles of 30 columns are 6 million cells (read in about 800 MB: benchmarks/RESULTS.md).
ARTICLE_TABLE_LIMITS = SheetLimits(rows=1_048_576, columns=1_000, cells=10_000_000)
# A codings table: a million segments of about 20 columns.
CODINGS_SHEET_LIMITS = SheetLimits(rows=1_048_576, columns=1_000, cells=30_000_000)
# A codebook sheet: thousands of rows of a dozen fields and the level columns.
CODEBOOK_SHEET_LIMITS = SheetLimits(rows=1_048_576, columns=200, cells=5_000_000)


def _column_letter(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_rows(
    worksheet: Any, source: str, limits: SheetLimits
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number as Excel shows it, values) of a read-only openpyxl worksheet, within limits.

    The size the sheet declares (`<dimension ref="A1:XFD1048576"/>`) is checked first, then
    set aside (some writers declare a wrong one; openpyxl would pad every row to it). Rows
    then come one at a time, as wide as their last cell; a row past `limits.rows`, a cell past
    `limits.columns` or more than `limits.cells` in all raise InputRefused naming the sheet,
    row and column. Values are checked with `text_problem`.
    """
    title = getattr(worksheet, "title", "")
    sheet = f"sheet {title!r}"
    declared_rows = worksheet.max_row or 0
    declared_columns = worksheet.max_column or 0
    if declared_rows > limits.rows or declared_columns > limits.columns:
        raise InputRefused(
            source,
            f"declares its size as {declared_rows:,} rows x {declared_columns:,} columns (up "
            f"to {_column_letter(declared_columns)}{declared_rows}), more than "
            f"{limits.rows:,} x {limits.columns:,}; delete the empty rows and columns beyond "
            "the table in Excel and save it again",
            sheet,
        )
    worksheet.reset_dimensions()
    cells = 0
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > limits.rows:
            raise InputRefused(
                source,
                f"has rows past row {limits.rows:,}; delete what lies below the table",
                f"{sheet}, row {number:,}",
            )
        width = len(values)
        if width > limits.columns:
            raise InputRefused(
                source,
                f"has a cell in column {_column_letter(width)}, past column "
                f"{_column_letter(limits.columns)} ({limits.columns:,} columns); delete what "
                "lies right of the table",
                f"{sheet}, row {number:,}",
            )
        cells += width
        if cells > limits.cells:
            raise InputRefused(
                source,
                f"holds more than {limits.cells:,} cells; split it into smaller workbooks",
                f"{sheet}, row {number:,}",
            )
        for column, value in enumerate(values, start=1):
            if isinstance(value, str):
                problem = text_problem(value)
                if problem is not None:
                    raise InputRefused(
                        source,
                        f"the cell {problem}; remove it",
                        f"{sheet}, row {number:,}, column {_column_letter(column)}",
                    )
        yield number, tuple(values)
