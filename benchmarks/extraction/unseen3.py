"""The third unseen split ("unseen-3"): hand-made gold kept as hashes, never as text.

The pages are third-party material and so is their text, so the gold we made by reading
them (benchmarks/extraction/unseen3_gold.json) holds no text: for each page, the numbers of
the lines of the page's visible text that are the story's body, each with the SHA-1 of that
line, and SHA-1s of the title, author and outlet a careful reader finds on the page (the date
is a fact and is kept in clear). This module owns

- `visible_lines`: the deterministic rendering of a page into lines of visible text that the
  line numbers point into (scripts, styles and the <head> left out, one line per block
  element, whitespace squeezed);
- `rebuild_gold`: the gold text of a page from its lines and the hashes, failing with a
  message naming the page and line when the page no longer renders as it did;
- the normalisations whose hashes metadata is compared by (`title_key`, `author_key`,
  `outlet_keys`), shared by prepare.py and bench_extraction.py.

Annotating a page (how the gold file was written; the entry is then completed with the
page's id, region, repository, pinned commit and git blob id):

    python benchmarks/extraction/unseen3.py PAGE.html            # numbered lines
    python benchmarks/extraction/unseen3.py PAGE.html --pick 40-52,55 --title '…'
        --author '…' --outlet '…'                                # the page's JSON entry
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

import lxml.etree
import lxml.html

# Elements whose start and end break a line of text, as a browser lays them out.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "title",
        "option",
        "select",
        "button",
    ]
)
# Never shown to a reader.
HIDDEN_TAGS = ("script", "style", "noscript", "template", "head", "iframe", "svg")
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class GoldMismatch(Exception):
    """The page no longer renders into the lines the gold was made on."""


def sha1(text: str) -> str:
    """Hex SHA-1 of the UTF-8 text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def decode_page(data: bytes) -> str:
    """The page's text in the charset it declares (UTF-8 when it declares none)."""
    declared = _CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def visible_lines(data: bytes) -> list[str]:
    """The page's visible text, one line per block, whitespace squeezed, empty lines dropped."""
    tree = lxml.html.document_fromstring(
        decode_page(data).encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
    )
    for hidden in tree.xpath("|".join(f"//{tag}" for tag in HIDDEN_TAGS) + "|//comment()"):
        if hidden.getparent() is not None:
            hidden.drop_tree()
    pieces: list[str] = []
    # iterwalk, not recursion: some pages nest deeper than Python's recursion limit.
    for event, element in lxml.etree.iterwalk(tree, events=("start", "end")):
        block = isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS
        if event == "start":
            if block:
                pieces.append("\n")
            if element.text and isinstance(element.tag, str):
                pieces.append(element.text)
        else:
            if block:
                pieces.append("\n")
            if element.tail:
                pieces.append(element.tail)
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


def rebuild_gold(page_id: str, data: bytes, marked: list[list[object]]) -> str:
    """The gold text: the marked lines, in page order, each checked against its hash."""
    lines = visible_lines(data)
    kept: list[str] = []
    for number, digest in marked:
        assert isinstance(number, int) and isinstance(digest, str)
        if number >= len(lines) or sha1(lines[number]) != digest:
            raise GoldMismatch(
                f"{page_id}: line {number} of the rendered page does not match the gold hash "
                f"{digest[:12]}… (the page renders into {len(lines)} lines); the page or the "
                "rendering changed: re-annotate it with benchmarks/extraction/unseen3.py"
            )
        kept.append(lines[number])
    return "\n".join(kept)


def squeeze(text: str | None) -> str:
    """Text without whitespace."""
    return re.sub(r"\s+", "", text or "")


def title_key(title: str | None) -> str:
    """The hash a title is compared by: whitespace-free text."""
    return sha1(squeeze(title))


def author_key(author: str | None) -> str:
    """The hash an author field is compared by: its set of names, sorted, joined by |."""
    names = sorted({part for part in re.split(r"[\s、,，;；/／]+", author or "") if part})
    return sha1("|".join(names))


def outlet_keys(outlet: str | None) -> set[str]:
    """Hashes of every piece of a stored outlet: the gold outlet is right when it is one."""
    text = squeeze(outlet).lower()
    return {sha1(text[i:j]) for i in range(len(text)) for j in range(i + 1, len(text) + 1)}


def main() -> None:
    """Print a page's numbered lines, or its gold entry for the lines picked."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("page", type=Path)
    parser.add_argument("--pick", help="line numbers of the story's body: 40-52,55")
    parser.add_argument("--title")
    parser.add_argument("--author", help="names separated by 、 (empty: the page names none)")
    parser.add_argument(
        "--outlet", action="append", default=[], help="an outlet name a reader accepts (repeat)"
    )
    parser.add_argument("--date", help="ISO date as the page gives it")
    arguments = parser.parse_args()
    lines = visible_lines(arguments.page.read_bytes())
    if not arguments.pick:
        for number, line in enumerate(lines):
            print(f"{number:4d} {line}")
        return
    numbers: list[int] = []
    for part in arguments.pick.split(","):
        first, _, last = part.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    entry = {
        "lines": [[number, sha1(lines[number])] for number in numbers],
        "gold_chars": sum(len(lines[number]) for number in numbers),
        "date": arguments.date,
        "title_sha1": title_key(arguments.title) if arguments.title else None,
        "author_sha1": author_key(arguments.author) if arguments.author is not None else None,
        "outlet_sha1": [sha1(squeeze(outlet).lower()) for outlet in arguments.outlet],
    }
    print(json.dumps(entry, ensure_ascii=False))


if __name__ == "__main__":
    main()
