"""Main text and page metadata out of a news page's HTML.

This module owns the choice of what in a page is the article: trafilatura (tuned for recall)
gives the raw text, and two independent judges mark the lines of that text that lie outside
the article, which cleaning then removes as `Edit`s a user can put back (nothing is cut here):

- readability-lxml's main block: when it agrees with trafilatura on most body paragraphs, a
  line that is not in readability's block (a menu, reader comments, related headlines, share
  and privacy pop-ups) is outside;
- link density: a line whose words are mostly the texts of the page's links, and which does
  not read like a sentence, is a menu or a list of headlines.

When trafilatura finds no text, readability's block is the raw text. benchmarks/
bench_extraction.py measures each extractor and this combination against gold text.

It also collects the page's own metadata with where each value came from: the structured data
(JSON-LD `NewsArticle`), the meta tags (og:title, article:published_time, author,
og:site_name...) and the <title> tag. corpus/metadata.py decides which value to believe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from corpus.cleaning import is_body_paragraph

STRUCTURED = "structured data"
META_TAG = "meta tag"
TITLE_TAG = "title tag"

OUTSIDE_MAIN_BLOCK = "outside the page's main block"
LINE_OF_LINKS = "line of links (menu or headlines)"
TABLE_MARKUP = "empty table row"
WIDGET_ROW = "calendar or pager row"
WEB_ADDRESS = "web address"

_SPACE_RE = re.compile(r"\s+")
_TOKEN_SPLIT_RE = re.compile(r"[\s|｜丨/·•>»›]+")
# Most words of the line are link texts: a menu bar or a row of headlines.
_LINK_SHARE = 0.6
# Readability is believed when it holds this share of trafilatura's body paragraphs.
_AGREEMENT = 0.6
_MIN_READABILITY_CHARS = 50


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What a page gives: its raw main text, the lines judged outside, and page metadata.

    `outside` holds (start, end, reason) spans of `text`, each one whole line. `metadata` holds
    (field, value, source) triples in the order found; field is one of title, published,
    author, outlet, url. `visible_text` is all the text of the page, scripts and styles left
    out: a date from the page is believed only when it is written there.
    """

    text: str
    outside: tuple[tuple[int, int, str], ...] = ()
    metadata: tuple[tuple[str, str, str], ...] = ()
    extractor: str = "trafilatura"
    visible_text: str = ""


def extract_page(page: str, prune_xpath: list[str] | None = None) -> ExtractedPage:
    """The main text of `page` with the lines outside the article marked.

    Raises ValueError when a parser fails on the page (the reader turns that into a message
    naming the file).
    """
    import trafilatura  # heavy (about 0.3 s): loaded on the first HTML file, not at start-up

    extracted = trafilatura.bare_extraction(
        page,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        with_metadata=True,
        prune_xpath=prune_xpath,
    )
    text = split_layout_rows(getattr(extracted, "text", None) or "")
    tree = _parse(page)
    metadata = page_metadata(tree) if tree is not None else []
    for name, attribute in (
        ("title", "title"),
        ("published", "date"),
        ("author", "author"),
        ("outlet", "sitename"),
        ("url", "url"),
    ):
        value = getattr(extracted, attribute, None)
        if isinstance(value, str) and value.strip():
            metadata.append((name, value.strip(), "trafilatura"))
    block = _readability_lines(page)
    visible = _visible_text(tree) if tree is not None else ""
    if not text.strip():
        return ExtractedPage(
            "\n".join(block), (), tuple(metadata), "readability-lxml", visible_text=visible
        )
    if _missed_by_trafilatura(text, block):
        # trafilatura took another part of the page (a sidebar, a notice) and missed the story
        # readability found: the story is appended, and trafilatura's lines stay in the raw
        # text, judged outside, so a user can bring them back.
        outside = [
            (start, end, OUTSIDE_MAIN_BLOCK)
            for start, end, _, sq in _lines_with_offsets(text)
            if sq
        ]
        joined = text.rstrip("\n") + "\n"
        return ExtractedPage(
            joined + "\n".join(block),
            tuple(outside),
            tuple(metadata),
            "readability-lxml",
            visible_text=visible,
        )
    links = _link_texts(tree) if tree is not None else frozenset()
    titles = [_SPACE_RE.sub("", value) for name, value, _ in metadata if name == "title"]
    outside = outside_lines(text, block, links, [t for t in titles if len(t) >= 4])
    return ExtractedPage(text, tuple(outside), tuple(metadata), visible_text=visible)


# Readability's story is taken over trafilatura's text when it has at least this much running
# text and almost none of it is in trafilatura's text.
_MISSED_STORY_CHARS = 100
_MISSED_SHARE = 0.2


def _missed_by_trafilatura(text: str, block: list[str]) -> bool:
    squeezed_text = _SPACE_RE.sub("", text)
    story = [_SPACE_RE.sub("", line) for line in block if is_body_paragraph(line)]
    story_chars = sum(len(line) for line in story)
    if story_chars < _MISSED_STORY_CHARS:
        return False
    found = sum(len(line) for line in story if line in squeezed_text)
    return found < _MISSED_SHARE * story_chars


_ROW_RE = re.compile(r"^\|.*\|$")
_MARKUP_ONLY_RE = re.compile(r"[|\-:\s]*")
# A row of a layout table (a page built of tables holds its menu and its article in cells of
# one row): long, or with a cell of running text. A data table's short cells stay one row.
_LAYOUT_ROW_CHARS = 200
_LAYOUT_CELL_CHARS = 40


def split_layout_rows(text: str) -> str:
    """`text` with each row of a layout table written one cell a line.

    trafilatura writes a table row as "| cell | cell |"; on old portal pages one such row holds
    the site menu and the whole story, and a line that long can only be judged whole. Each
    cell on its own line lets menu cells and story cells be judged apart.
    """
    if "|" not in text:
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if _ROW_RE.match(stripped) and len(stripped) > 2:
            cells = [cell.strip() for cell in stripped[1:-1].split(" | ")]
            if len(stripped) > _LAYOUT_ROW_CHARS or any(
                len(cell) >= _LAYOUT_CELL_CHARS for cell in cells
            ):
                lines.extend(cell for cell in cells if cell.strip("| "))
                continue
        lines.append(line)
    return "\n".join(lines)


def outside_lines(
    text: str, block: list[str], links: frozenset[str], titles: Sequence[str] = ()
) -> list[tuple[int, int, str]]:
    """(start, end, reason) of each line of `text` judged outside the article."""
    block_text = _SPACE_RE.sub("", "".join(block))
    lines = _lines_with_offsets(text)
    body = [(view, squeezed) for _, _, view, squeezed in lines if is_body_paragraph(view)]
    body_chars = sum(len(squeezed) for _, squeezed in body)
    agreed = sum(len(squeezed) for _, squeezed in body if _in_block(squeezed, block_text))
    trust_block = (
        len(block_text) >= _MIN_READABILITY_CHARS
        and body_chars > 0
        and agreed >= _AGREEMENT * body_chars
    )
    # Readability often leaves out a headline, a list or an abstract inside the article, but
    # not what surrounds it: lines before the first and after the last paragraph both agree on
    # are outside (the headline above the story excepted), and inside that stretch only short
    # lines readability left out (share tools, "home", a photo credit), never a section number.
    agreed_at = [
        i
        for i, (_, _, view, squeezed) in enumerate(lines)
        if squeezed and is_body_paragraph(view) and _in_block(squeezed, block_text)
    ] or [
        i
        for i, (_, _, _, squeezed) in enumerate(lines)
        if squeezed and _in_block(squeezed, block_text)
    ]
    first, last = (agreed_at[0], agreed_at[-1]) if agreed_at else (len(lines), -1)
    # A paragraph of running text right next to the stretch (a lead readability cut off, a
    # closing line) belongs to it; a reader's comment comes after a name or date line.
    while first > 0 and trust_block and _is_running_text(lines[first - 1]):
        first -= 1
    while last + 1 < len(lines) and last >= 0 and trust_block and _is_running_text(lines[last + 1]):
        last += 1
    found: list[tuple[int, int, str]] = []
    for index, (start, end, view, squeezed) in enumerate(lines):
        if not squeezed:
            continue
        if _MARKUP_ONLY_RE.fullmatch(squeezed):
            found.append((start, end, TABLE_MARKUP))
            continue
        if _is_widget_row(view):
            found.append((start, end, WIDGET_ROW))
            continue
        if _WEB_ADDRESS_RE.fullmatch(squeezed):
            found.append((start, end, WEB_ADDRESS))
            continue
        if trust_block and _judged_outside(index, first, last, view, squeezed, block_text, titles):
            found.append((start, end, OUTSIDE_MAIN_BLOCK))
        elif links and not is_body_paragraph(view) and _link_share(view, links) >= _LINK_SHARE:
            found.append((start, end, LINE_OF_LINKS))
    return found


def _is_running_text(line: tuple[int, int, str, str]) -> bool:
    return is_body_paragraph(line[2])


# A line that is only a web address, plain or percent-encoded (a share link's target).
_WEB_ADDRESS_RE = re.compile(
    r"(?:https?(?::|%3A)(?://|%2F%2F)|www\.)[\w.~:/?#@!$&'()*+,;=%\-\[\]]+", re.I
)
# A row of five or more one- or two-character cells: a calendar or a pager, not a table of
# an article's data.
_WIDGET_MIN_CELLS = 5
_WIDGET_CELL_CHARS = 2


def _is_widget_row(view: str) -> bool:
    if not (view.startswith("|") and view.endswith("|")):
        return False
    cells = [cell.strip() for cell in view[1:-1].split("|")]
    filled = [cell for cell in cells if cell]
    return len(cells) >= _WIDGET_MIN_CELLS and all(
        len(cell) <= _WIDGET_CELL_CHARS or cell in ("«", "»") for cell in filled
    )


_SECTION_NUMBER_RE = re.compile(r"[0-9０-９一二三四五六七八九十（）()、.．]{1,6}")
_SHORT_LINE_CHARS = 12


def _judged_outside(
    index: int,
    first: int,
    last: int,
    view: str,
    squeezed: str,
    block_text: str,
    titles: Sequence[str],
) -> bool:
    if first <= index <= last:
        return (
            len(squeezed) <= _SHORT_LINE_CHARS
            and not _in_block(squeezed, block_text)
            and not is_body_paragraph(view)
            and _SECTION_NUMBER_RE.fullmatch(squeezed) is None
        )
    if _in_block(squeezed, block_text):
        return False  # readability has it: a line of the story outside the agreed stretch
    return index > first or not any(title.startswith(squeezed) for title in titles)


def _lines_with_offsets(text: str) -> list[tuple[int, int, str, str]]:
    lines = []
    position = 0
    for line in text.splitlines(keepends=True):
        view = line.strip()
        lines.append((position, position + len(line), view, _SPACE_RE.sub("", view)))
        position += len(line)
    return lines


def _in_block(squeezed: str, block_text: str) -> bool:
    if squeezed in block_text:
        return True
    if "|" in squeezed:
        # A table row: its cells' text, without trafilatura's markup, is what readability has.
        squeezed = squeezed.replace("\\|", "").replace("|", "")
        if not squeezed or squeezed in block_text:
            return True
    # A long paragraph that readability split or trimmed at an inline element: both ends in.
    return len(squeezed) >= 60 and squeezed[:20] in block_text and squeezed[-20:] in block_text


def _link_share(view: str, links: frozenset[str]) -> float:
    tokens = [token for token in _TOKEN_SPLIT_RE.split(view) if token]
    total = sum(len(token) for token in tokens)
    if total == 0:
        return 0.0
    linked = sum(len(token) for token in tokens if token in links)
    if linked == 0 and _SPACE_RE.sub("", view).replace("|", "") in links:
        return 1.0  # one link whose text has spaces in it (a headline), maybe in a table cell
    return linked / total


def _parse(page: str) -> Any:
    import lxml.html  # with trafilatura: loaded on the first HTML page, not at start-up

    try:
        # Bytes with the encoding named: a string with an XML declaration is refused, and
        # bytes alone are read as Latin-1 when the page declares no charset.
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.document_fromstring(page.encode("utf-8"), parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return None


def _visible_text(tree: Any) -> str:
    """The page's text, one text node a line (so line-based metadata reading works on it)."""
    pieces: list[str] = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in ("script", "style", "noscript", "title") and element.text:
            pieces.append(element.text)
        if element.tail:  # the tail of a script is page text; its body is not
            pieces.append(element.tail)
    lines = (" ".join(piece.split()) for piece in pieces)
    return "\n".join(line for line in lines if line)


def _link_texts(tree: Any) -> frozenset[str]:
    texts = set()
    for anchor in tree.iter("a"):
        squeezed = _SPACE_RE.sub("", anchor.text_content())
        if 2 <= len(squeezed) <= 80:
            texts.add(squeezed)
    return frozenset(texts)


_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section")


def _readability_lines(page: str) -> list[str]:
    import lxml.html
    from readability import Document

    try:
        summary = Document(page).summary(html_partial=True)
        tree = lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # A third-party parser: a failure only means no second opinion.
        return []
    for element in tree.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return [line.strip() for line in tree.text_content().splitlines() if line.strip()]


# --------------------------------------------------------------------------------------------
# Page metadata
# --------------------------------------------------------------------------------------------

_META_FIELDS = {
    "og:title": "title",
    "twitter:title": "title",
    "headline": "title",
    "article:published_time": "published",
    "og:release_date": "published",
    "pubdate": "published",
    "publishdate": "published",
    "publish_date": "published",
    "publishtime": "published",
    "datePublished": "published",
    "date": "published",
    "dc.date": "published",
    "dc.date.issued": "published",
    "author": "author",
    "article:author": "author",
    "dc.creator": "author",
    "og:site_name": "outlet",
    "application-name": "outlet",
    "og:url": "url",
}
_META_FIELDS_LOWER = {key.lower(): value for key, value in _META_FIELDS.items()}
_JSON_LD_FIELDS = (
    ("headline", "title"),
    ("datePublished", "published"),
    ("author", "author"),
    ("publisher", "outlet"),
)


def page_metadata(tree: Any) -> list[tuple[str, str, str]]:
    """(field, value, source) from the page's JSON-LD, meta tags and title tag, in that order."""
    found: list[tuple[str, str, str]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found.extend(_json_ld(script.text))
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        name = _META_FIELDS_LOWER.get(key)
        content = " ".join((meta.get("content") or "").split())
        if name and content:
            found.append((name, content, META_TAG))
    title = tree.find(".//title")
    if title is not None:
        text = " ".join(title.text_content().split())
        if text:
            found.append(("title", text, TITLE_TAG))
    return found


def _json_ld(source: str) -> list[tuple[str, str, str]]:
    try:
        data = json.loads(source)
    except ValueError:
        return []
    items = data if isinstance(data, list) else [data]
    if len(items) == 1 and isinstance(items[0], dict) and isinstance(items[0].get("@graph"), list):
        items = items[0]["@graph"]
    found = []
    for item in items:
        if not isinstance(item, dict) or "Article" not in str(item.get("@type", "")):
            continue
        for key, name in _JSON_LD_FIELDS:
            for value in _json_ld_values(item.get(key)):
                found.append((name, value, STRUCTURED))
    return found


def _json_ld_values(value: object) -> list[str]:
    if isinstance(value, str):
        return [" ".join(value.split())] if value.strip() else []
    if isinstance(value, dict):
        return _json_ld_values(value.get("name"))
    if isinstance(value, list):
        return [text for part in value for text in _json_ld_values(part)]
    return []


# --------------------------------------------------------------------------------------------
# Repetition across a batch
# --------------------------------------------------------------------------------------------

REPEATED_IN_BATCH = "line repeated on other pages of the batch (site furniture)"
# A short line that stands on this many pages of one batch is the sites' furniture (a menu
# entry, "页面功能【我来说两句】", a slogan), not a sentence of a story.
REPEATED_MIN_PAGES = 3
_REPEATED_MAX_CHARS = 40
# Section headings (一、基本情况, 1. 背景, （一）) recur across a series of reports: they stay.
_HEADING_RE = re.compile(
    r"[0-9０-９一二三四五六七八九十]{1,3}[、.．]|[（(][0-9一二三四五六七八九十]{1,3}[)）]"
)


def furniture_candidates(text: str) -> set[str]:
    """The lines of one page that could be site furniture, whitespace squeezed out."""
    found = set()
    for line in text.splitlines():
        view = line.strip()
        if not view or len(view) > _REPEATED_MAX_CHARS or is_body_paragraph(view):
            continue
        if _HEADING_RE.match(view) or _SECTION_NUMBER_RE.fullmatch(view):
            continue
        found.add(_SPACE_RE.sub("", view))
    return found


def repeated_lines(
    text: str, counts: dict[str, int], min_pages: int = REPEATED_MIN_PAGES
) -> list[tuple[int, int, str]]:
    """(start, end, reason) of the lines of `text` that stand on `min_pages` pages or more.

    `counts` maps a squeezed line to the number of the batch's pages holding it (each page
    counted once, from `furniture_candidates`).
    """
    found = []
    for start, end, view, squeezed in _lines_with_offsets(text):
        if (
            squeezed
            and counts.get(squeezed, 0) >= min_pages
            and squeezed in furniture_candidates(view)
        ):
            found.append((start, end, REPEATED_IN_BATCH))
    return found


def merge_outside(
    first: Sequence[tuple[int, int, str]], second: Sequence[tuple[int, int, str]]
) -> tuple[tuple[int, int, str], ...]:
    """Both lists of outside lines, sorted, a line in both kept once (with the first reason)."""
    taken = {(start, end) for start, end, _ in first}
    return tuple(sorted([*first, *(span for span in second if span[:2] not in taken)]))
