"""Main text and page metadata out of a news page's HTML.

This module owns the choice of what in a page is the article: trafilatura (tuned for recall)
gives the raw text, and two independent judges mark the lines of that text that lie outside
the article, which cleaning then removes as `Edit`s a user can put back (nothing is cut here):

- readability-lxml's main block: when it agrees with trafilatura on most body paragraphs, a
  line that is not in readability's block (a menu, reader comments, related headlines, share
  and privacy pop-ups) is outside;
- link density: a line whose words are mostly the texts of the page's links, and which does
  not read like a sentence, is a menu or a list of headlines.

On a forum thread or a blog's front page the story is the first post: the replies or older
posts after it are outside too (`thread_lines`). A page holding several stories (one the site
appended while the reader scrolled, a related article printed whole) keeps the one its
<title>, og:title, description and canonical address name (`story_named_by_page`); the
others' lines are outside. A short story above a longer feed of other stories' leads
(更多即時新聞, 下一篇新聞：, items cut short in "..."), which readability takes for the main block,
keeps the story the page's headline and description name, and the feed is outside
(`_feed_below_story`). Photo captions (<figcaption>, a caption class, a short line closing
with a picture credit such as （資料圖片） or 報系資料照, or opening with ▲/▼) and rows of link
texts run together are outside too (`_furniture_lines`), whichever extractor kept them; a
paragraph opening with the page's description meta (the story's lead) is never outside the
main block (`_keep_the_lead`), and when trafilatura skipped that lead (bare text in its own
container) and readability holds it above the story, it is put back (`_with_the_lead`). Links
to the story's own subheads (a table of contents) do not count as links.

When trafilatura finds no text, readability's block is the raw text. benchmarks/
bench_extraction.py measures each extractor and this combination against gold text.

It also collects the page's own metadata with where each value came from: the structured data
(JSON-LD `NewsArticle`), the meta tags (og:title, article:published_time, author,
og:site_name...) and the <title> tag. JSON-LD whose headline agrees with none of the page's
own headlines nor with the story's first lines describes another article and is marked so
(`OTHER_ARTICLE_DATA`). corpus/metadata.py decides which value to believe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from corpus.cleaning import is_body_paragraph, is_list_heading

STRUCTURED = "structured data"
# JSON-LD describing another article than the page's own story (see `page_metadata`).
OTHER_ARTICLE_DATA = "structured data of another article"
META_TAG = "meta tag"
TITLE_TAG = "title tag"

OUTSIDE_MAIN_BLOCK = "outside the page's main block"
LINE_OF_LINKS = "line of links (menu or headlines)"
TABLE_MARKUP = "empty table row"
WIDGET_ROW = "calendar or pager row"
WEB_ADDRESS = "web address"
APPENDED_STORY = "another story on the page (appended or related), not the one the page names"
PHOTO_CAPTION = "photo caption"
FEED_OF_OTHER_STORIES = "other stories' leads below the story (a news feed)"

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
    block = _readability_lines(page)
    others: list[str] = []
    other_elements: list[Any] = []
    identity = _page_identity(tree) if tree is not None else PageIdentity()
    if tree is not None:
        stories = page_stories(tree)
        if len(stories) >= 2:
            # Several stories on one page (one appended while the reader scrolled, a related
            # article printed whole): the main block is the story the page names, whatever
            # trafilatura and readability took from the whole page.
            about = story_named_by_page(stories, identity)
            if about is not None:
                own = _readability_lines(_element_html(stories[about][0]))
                if own:
                    block = own
                others = [squeezed for i, (_, squeezed) in enumerate(stories) if i != about]
                other_elements = [element for i, (element, _) in enumerate(stories) if i != about]
    text = _with_the_lead(text, block, identity.leads)
    # A short story above a longer feed of other stories' leads: readability took the feed.
    feed_start = None if others else _feed_below_story(text, block, identity)
    if feed_start is not None:
        block = [
            view
            for start, _, view, squeezed in _lines_with_offsets(text)
            if start < feed_start and squeezed and is_body_paragraph(view)
        ]
    # Another story's byline, date and headline are no evidence for this one's.
    visible = _visible_text(tree, other_elements) if tree is not None else ""
    if not text.strip():
        metadata = _all_metadata(tree, extracted, block, other_elements)
        return ExtractedPage(
            "\n".join(block), (), tuple(metadata), "readability-lxml", visible_text=visible
        )
    if _missed_by_trafilatura(text, block):
        # trafilatura took another part of the page (a sidebar, a notice, another story) and
        # missed the story readability found: the story is appended, and trafilatura's lines
        # stay in the raw text, judged outside, so a user can bring them back.
        block_text = _SPACE_RE.sub("", "".join(block))
        story = "\n".join(block) + "\n"
        # On a page of several stories the one the page names comes first, so the article's
        # header (its byline, its date) opens the raw text; otherwise trafilatura's lines do.
        shift = len(story) if others else 0
        outside = [
            (
                shift + start,
                shift + end,
                APPENDED_STORY
                if _in_other_story(sq, others) and not _in_block(sq, block_text)
                else OUTSIDE_MAIN_BLOCK,
            )
            for start, end, _, sq in _lines_with_offsets(text)
            if sq
        ]
        joined = text.rstrip("\n") + "\n"
        metadata = _all_metadata(tree, extracted, block, other_elements)
        text = story + joined if others else joined + "\n".join(block)
        outside = _furniture_lines(text, outside, tree)
        return ExtractedPage(
            text,
            tuple(outside),
            tuple(metadata),
            "readability-lxml",
            visible_text=visible,
        )
    metadata = _all_metadata(tree, extracted, _first_story_lines(text, others), other_elements)
    links = _link_texts(tree) if tree is not None else frozenset()
    titles = [_SPACE_RE.sub("", value) for name, value, _ in metadata if name == "title"]
    titles = [t for t in titles if len(t) >= 4]
    if feed_start is None:
        outside = outside_lines(text, block, links, titles)
    else:
        # The story is judged on its own; every line of the feed is set aside.
        outside = outside_lines(text[:feed_start], block, links, titles) + [
            (start, end, FEED_OF_OTHER_STORIES)
            for start, end, _, squeezed in _lines_with_offsets(text)
            if start >= feed_start and squeezed
        ]
    if tree is not None:
        outside = _keep_the_lead(text, outside, identity.leads)
    if others:
        block_text = _SPACE_RE.sub("", "".join(block))
        appended = [
            (start, end, APPENDED_STORY)
            for start, end, _, squeezed in _lines_with_offsets(text)
            if squeezed
            and _in_other_story(squeezed, others)
            and not _in_block(squeezed, block_text)
        ]
        outside = list(merge_outside(appended, outside))
    outside = list(merge_outside(outside, thread_lines(text)))
    outside = _furniture_lines(text, outside, tree, links)
    return ExtractedPage(text, tuple(outside), tuple(metadata), visible_text=visible)


def _keep_the_lead(
    text: str, outside: Sequence[tuple[int, int, str]], leads: Sequence[str]
) -> list[tuple[int, int, str]]:
    """`outside` without the story's lead: a paragraph opening with the page's description.

    The description meta is the story's lead; readability may leave the lead out of its block
    (it stands in another element, 【某報專訊】…), which alone does not make it outside.
    """
    if not leads:
        return list(outside)
    kept = []
    for start, end, reason in outside:
        squeezed = _SPACE_RE.sub("", text[start:end])
        if (
            reason == OUTSIDE_MAIN_BLOCK
            and is_body_paragraph(text[start:end].strip())
            and any(squeezed.startswith(lead) for lead in leads)
        ):
            continue
        kept.append((start, end, reason))
    return kept


def _with_the_lead(text: str, block: Sequence[str], leads: Sequence[str]) -> str:
    """`text` with the story's lead put back where trafilatura left it out.

    Some pages set the lead apart, as bare text in its own container, which trafilatura skips;
    the page's description names it, and readability holds it above the paragraphs both
    agree on. It goes in before the first of those; nothing else of the text changes.
    """
    if not leads or not text.strip():
        return text
    if any(lead in _SPACE_RE.sub("", text) for lead in leads):
        return text
    squeezed_block = [_SPACE_RE.sub("", line) for line in block]
    at = next(
        (
            index
            for index, (line, squeezed) in enumerate(zip(block, squeezed_block, strict=True))
            if is_body_paragraph(line) and any(squeezed.startswith(lead) for lead in leads)
        ),
        None,
    )
    if at is None:
        return text
    later = "".join(squeezed_block[at + 1 :])
    for start, _, view, squeezed in _lines_with_offsets(text):
        if squeezed and is_body_paragraph(view) and _in_block(squeezed, later):
            return text[:start] + block[at] + "\n" + text[start:]
    return text


# A feed item is cut short: its last paragraph ends in an ellipsis (…, ..., ⋯).
_CUT_SHORT_ENDS = ("...", "…", "⋯")
_MIN_CUT_SHORT_ITEMS = 2
# How many lines above the feed's first item its heading may stand (a time, a headline).
_FEED_HEADING_LOOKBACK = 3


def _feed_below_story(text: str, block: Sequence[str], identity: PageIdentity) -> int | None:
    """Offset in `text` where a feed of other stories' leads starts, below the page's own story.

    A news site may print under a short story a longer feed of other stories (更多即時新聞,
    下一篇新聞：, 其他新聞), each item a headline and one or two paragraphs, so readability
    takes the feed for the main block. The feed is believed only when all three hold:

    - readability's block names neither the page's headline nor its lead (the description);
    - the lines of `text` above the block's first paragraph do (the story), with at least one
      paragraph of running text;
    - the block reads as a feed: two or more of its paragraphs end cut short in an ellipsis,
      or a heading of a list of other stories stands just above it.

    None when the block is the page's story or the page does not tell.
    """
    block_text = _SPACE_RE.sub("", "".join(block))
    if not block_text or _names_story(block_text, identity):
        return None
    lines = _lines_with_offsets(text)
    first = next(
        (
            index
            for index, (_, _, view, squeezed) in enumerate(lines)
            if squeezed and is_body_paragraph(view) and _in_block(squeezed, block_text)
        ),
        None,
    )
    if first is None:
        return None
    start = first
    above = [index for index in range(first) if lines[index][3]][-_FEED_HEADING_LOOKBACK:]
    headed = False
    for index in reversed(above):
        if is_list_heading(lines[index][2]):
            start, headed = index, True
            break
    story = [view for _, _, view, squeezed in lines[:start] if squeezed]
    if not any(is_body_paragraph(view) for view in story):
        return None
    if not _names_story(_SPACE_RE.sub("", "".join(story)), identity):
        return None
    cut_short = sum(
        1 for line in block if is_body_paragraph(line) and line.rstrip().endswith(_CUT_SHORT_ENDS)
    )
    if not headed and cut_short < _MIN_CUT_SHORT_ITEMS:
        return None
    return lines[start][0]


def _names_story(squeezed: str, identity: PageIdentity) -> bool:
    """Whether text (whitespace squeezed out) holds the page's headline or the opening of its
    description (the lead).
    """
    if any(lead in squeezed for lead in identity.leads):
        return True
    key = _headline_key(squeezed)
    return any(_headline_key(h) and _headline_key(h) in key for h in identity.headlines)


def _furniture_lines(
    text: str,
    outside: Sequence[tuple[int, int, str]],
    tree: Any,
    links: frozenset[str] | None = None,
) -> list[tuple[int, int, str]]:
    """`outside` with the photo captions and the runs of link texts of `text` added.

    Both are judged on the page's markup, whatever extractor gave the line: a line that is
    the text of a <figcaption> is a caption (a picture's words, not the story's), and a line
    or of an element named a caption, and a line
    whose characters are nearly all the texts of two or more links is a row of headlines run
    together without separators (宏福苑大火｜某某…宏福苑大火｜某某…), even when it is long.
    """
    if tree is None:
        return list(outside)
    captions = _caption_texts(tree)
    if links is None:
        links = _link_texts(tree)
    taken = {(start, end) for start, end, _ in outside}
    found: list[tuple[int, int, str]] = []
    lines = [line for line in _lines_with_offsets(text) if line[3] and line[:2] not in taken]
    for start, end, view, squeezed in lines:
        if (
            squeezed in captions
            or squeezed.rstrip("。") in captions
            or _CREDITED_CAPTION_RE.search(squeezed)
            or _is_marked_caption(view)
        ):
            found.append((start, end, PHOTO_CAPTION))
        elif _covered_by_links(squeezed, links):
            found.append((start, end, LINE_OF_LINKS))
    # A page of pictures whose captions are its only text keeps them.
    if len(found) == len(lines):
        return list(outside)
    return list(merge_outside(outside, found))


_CAPTION_MIN_CHARS = 4
# A caption says whose picture it is in brackets at its end: （港台圖片）, （某某攝）, （影片截圖）,
# （资料图片）. A line that short ending so is a caption wherever the page put it.
_CREDITED_CAPTION_RE = re.compile(
    r"^.{4,80}[。！？!?]?[（(](?:[^（）()]{0,12}(?:圖片|图片|截圖|截图|攝|摄|圖|图|照片|相片)"
    r"|資料圖片|资料图片)[）)]$"
)


# Captions old Taiwan and Hong Kong pages write without a caption element: opened by a mark
# pointing at the picture (▲ above it, ▼ below it), or closed by an unbracketed credit for an
# archive photo ("…的球員。 報系資料照", often in a layout table's cell). Mainland captions
# closed by "新华社记者 某某 摄" are not taken: gold texts of mainland pages keep them.
_CAPTION_OPENERS = ("▲", "▼", "△", "▽")
_MARKED_CAPTION_MAX_CHARS = 100
_ARCHIVE_CREDIT_RE = re.compile(
    r".{4,100}?(?:[。！？!?]\s*|\s+)(?:報系|本報|本报|報社|报社)?"
    r"(?:資料照片?|资料照片?|檔案照片?|档案照片?)"
)


def _is_marked_caption(view: str) -> bool:
    cell = view.strip("| \t")
    if len(cell) > _MARKED_CAPTION_MAX_CHARS or "|" in cell:
        return False
    return cell.startswith(_CAPTION_OPENERS) or _ARCHIVE_CREDIT_RE.fullmatch(cell) is not None


def _caption_texts(tree: Any) -> frozenset[str]:
    """The texts of the page's captions: <figcaption>, and elements a class or itemprop names
    as one (img-caption, wp-caption-text, itemprop="caption").
    """
    texts = set()
    for caption in tree.iter():
        if not isinstance(caption.tag, str):
            continue
        if caption.tag != "figcaption" and not (
            "caption" in (caption.get("class") or "").lower()
            or (caption.get("itemprop") or "").lower() == "caption"
        ):
            continue
        squeezed = _SPACE_RE.sub("", caption.text_content())
        if len(squeezed) >= _CAPTION_MIN_CHARS:
            texts.add(squeezed)
    return frozenset(texts)


# A line of links run together: this share of its characters is link text, from two links.
_LINK_COVER = 0.9
_MIN_LINKS_IN_ROW = 2
_MIN_LINK_CHARS = 4


def _covered_by_links(squeezed: str, links: frozenset[str]) -> bool:
    if len(squeezed) < 2 * _MIN_LINK_CHARS:
        return False
    covered = bytearray(len(squeezed))
    count = 0
    for link in links:
        if len(link) < _MIN_LINK_CHARS:
            continue
        at = squeezed.find(link)
        if at < 0:
            continue
        count += 1
        while at >= 0:
            covered[at : at + len(link)] = b"\x01" * len(link)
            at = squeezed.find(link, at + len(link))
    return count >= _MIN_LINKS_IN_ROW and sum(covered) >= _LINK_COVER * len(squeezed)


def _all_metadata(
    tree: Any, extracted: Any, story: Sequence[str], other_stories: Sequence[Any] = ()
) -> list[tuple[str, str, str]]:
    """The page's metadata, then trafilatura's guesses; `story` is the story's text lines."""
    first_lines = [line for line in story if line.strip()][:_FIRST_LINES]
    metadata = page_metadata(tree, first_lines, other_stories) if tree is not None else []
    for name, attribute in (
        ("title", "title"),
        ("published", "date"),
        ("author", "author"),
        ("outlet", "sitename"),
        ("url", "url"),
    ):
        value = getattr(extracted, attribute, None)
        if isinstance(value, str) and value.strip():
            # trafilatura reads the same JSON-LD: a value it took from another article's data
            # is no more evidence than that data.
            source = (
                OTHER_ARTICLE_DATA
                if _from_other_article(name, value, metadata)
                else ("trafilatura")
            )
            metadata.append((name, value.strip(), source))
    return metadata


_NAME_LIST_RE = re.compile(r"\s*[;；,，、]\s*")


def _from_other_article(name: str, value: str, metadata: Sequence[tuple[str, str, str]]) -> bool:
    """Whether `value` repeats what another article's structured data says for field `name`."""
    other = [
        found for field, found, source in metadata if field == name and source == OTHER_ARTICLE_DATA
    ]
    if not other:
        return False
    if name == "title":
        return any(headlines_agree(value, found) for found in other)
    if name == "author":
        names = {part for found in other for part in _NAME_LIST_RE.split(found) if part}
        return any(part in names for part in _NAME_LIST_RE.split(value))
    if name == "published":
        own = {
            found[:10]
            for field, found, source in metadata
            if field == name and source != OTHER_ARTICLE_DATA
        }
        day = value.strip()[:10]
        return day in {found[:10] for found in other} and day not in own
    return False


# A headline stands among the first lines of the extracted story (after a kicker or a date).
_FIRST_LINES = 3


def _first_story_lines(text: str, others: Sequence[str]) -> list[str]:
    return [
        view
        for _, _, view, squeezed in _lines_with_offsets(text)
        if squeezed and not _in_other_story(squeezed, others)
    ][:_FIRST_LINES]


# --------------------------------------------------------------------------------------------
# Pages holding several stories
# --------------------------------------------------------------------------------------------

# An <article> holding at least this much text (scripts and styles left out) is a story.
_STORY_MIN_CHARS = 200
_NOT_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
# A page's description meta is the story's lead: its opening characters are looked for.
_LEAD_CHARS = 20
_URL_NUMBER_RE = re.compile(r"(?<!\d)\d{5,}(?!\d)")


def page_stories(tree: Any) -> list[tuple[Any, str]]:
    """(element, its text without whitespace) for each <article> of the page holding a story.

    Nested <article>s (a comment, a quoted post) belong to the one around them.
    """
    found = []
    for element in tree.iter("article"):
        if any(True for _ in element.iterancestors("article")):
            continue
        squeezed = _element_text(element)
        if len(squeezed) >= _STORY_MIN_CHARS:
            found.append((element, squeezed))
    return found


@dataclass(frozen=True, slots=True)
class PageIdentity:
    """What the page says its story is: headlines, lead (description), numbers of its URL."""

    headlines: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()
    url_numbers: tuple[str, ...] = ()


def story_named_by_page(stories: Sequence[tuple[Any, str]], identity: PageIdentity) -> int | None:
    """Index of the story the page is about, or None when the page does not tell them apart.

    Each story scores one point for each sign: it holds the page's headline (its <title> or
    og:title, without the site's name), it holds the opening of the page's description (the
    lead), its element or one of the elements around it that hold no other story carries a
    number of the page's canonical address in an attribute (article-body-60300280).
    """
    # The elements around each story: one around another story too is a common wrapper.
    around = [set(element.iterancestors()) for element, _ in stories]
    scores = []
    for index, (element, squeezed) in enumerate(stories):
        score = 0
        if any(_headline_key(h) and _headline_key(h) in squeezed for h in identity.headlines):
            score += 1
        if any(lead and lead in squeezed for lead in identity.leads):
            score += 1
        if identity.url_numbers and _carries_number(
            element, identity.url_numbers, [a for i, a in enumerate(around) if i != index]
        ):
            score += 1
        scores.append(score)
    best = max(scores)
    if best == 0 or scores.count(best) > 1:
        return None
    return scores.index(best)


def _carries_number(
    element: Any, numbers: Sequence[str], around_others: Sequence[set[Any]]
) -> bool:
    """`element` or a wrapper of it alone has one of `numbers` in an attribute."""
    chain = [element]
    for ancestor in element.iterancestors():
        if any(ancestor in around for around in around_others):
            break
        chain.append(ancestor)
    return any(number in value for e in chain for value in e.attrib.values() for number in numbers)


def _page_identity(tree: Any) -> PageIdentity:
    headlines: list[str] = []
    leads: list[str] = []
    numbers: list[str] = []
    descriptions: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        content = " ".join((meta.get("content") or "").split())
        if not content:
            continue
        if key in ("og:title", "twitter:title"):
            headlines.extend((content, _headline_part(content)))
        elif key in ("description", "og:description", "twitter:description"):
            descriptions.append(_SPACE_RE.sub("", content))
        elif key == "og:url":
            numbers.extend(_URL_NUMBER_RE.findall(content))
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical":
            numbers.extend(_URL_NUMBER_RE.findall(link.get("href") or ""))
    title = tree.find(".//title")
    if title is not None:
        # Only the headline: the site's name after a separator is on every story of the site.
        headline = re.split(r"\s+[-|｜_–—]+\s+", title.text_content().strip())[0]
        headlines.extend((headline, _headline_part(headline)))
    # A headline must be long enough to say something (not "新聞").
    headlines = [h for h in headlines if len(_headline_key(h)) >= 6]
    for description in descriptions:
        leads.append(description[:_LEAD_CHARS])
        # Some sites open the description with the headline: the lead follows it.
        for headline in headlines:
            squeezed_headline = _SPACE_RE.sub("", headline)
            if description.startswith(squeezed_headline):
                leads.append(description[len(squeezed_headline) :][:_LEAD_CHARS])
    leads = [lead for lead in leads if len(lead) == _LEAD_CHARS]
    return PageIdentity(
        tuple(dict.fromkeys(headlines)), tuple(dict.fromkeys(leads)), tuple(dict.fromkeys(numbers))
    )


def _headline_part(title: str) -> str:
    """The first piece of a title cut at a bar (保監局：某某｜本地｜某台): the headline, before
    the section and the site's name, which sites join with a bar and no spaces.
    """
    return re.split(r"\s*[|｜│]\s*", title)[0]


def _element_text(element: Any) -> str:
    """The text of `element` without whitespace, scripts and styles left out."""
    pieces: list[str] = []
    for node in element.iter():
        if not isinstance(node.tag, str) or node.tag in _NOT_TEXT_TAGS:
            if node is not element and node.tail:
                pieces.append(node.tail)
            continue
        if node.text:
            pieces.append(node.text)
        if node is not element and node.tail:
            pieces.append(node.tail)
    return _SPACE_RE.sub("", "".join(pieces))


def _element_html(element: Any) -> str:
    import lxml.html

    markup: str = lxml.html.tostring(element, encoding="unicode")
    return "<html><body>" + markup + "</body></html>"


def _in_other_story(squeezed: str, others: Sequence[str]) -> bool:
    """The line is another story's (long enough to tell: not a caption word or a date)."""
    return len(squeezed) >= _OTHER_STORY_MIN_CHARS and any(squeezed in other for other in others)


_OTHER_STORY_MIN_CHARS = 10


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


# --------------------------------------------------------------------------------------------
# Replies and other posts after the story (forum threads, blog front pages)
# --------------------------------------------------------------------------------------------

AFTER_THE_STORY = "reply or other post after the story (thread or list of posts)"
# A date with a time of day, as forums and blogs stamp each post: 2005-06-13 15:00:14,
# 08-11 16:06, 2005年6月13日 15:00.
_STAMP_RE = re.compile(
    r"(?:\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*[T ]?\s*\d{1,2}[:：]\d{2}"
)
# A heading that opens the readers' part of a page: the replies, the comments.
REPLIES_HEADING_RE = re.compile(
    r"(?:回复线索|回復線索|网友评论|網友評論|网友回复|網友回覆|读者评论|讀者評論|相关评论|相關評論"
    r"|评论列表|評論列表|全部评论|全部評論|最新评论|最新評論|热门评论|熱門評論|所有回复|所有回覆"
    r"|以下是(?:对|對).{0,40}(?:的回复|的回覆))"
)
_HEADING_MAX_CHARS = 40
# The stretch after a replies heading is replies when this share of its lines, and at least
# two, carry a post's time stamp; a story's own text rarely does.
_STAMPED_SHARE = 1 / 3
_MIN_STAMPED = 2
# A post header that recurs: a short table row, not running text.
_HEADER_MAX_CHARS = 80
_MIN_RECURRENCES = 2
_HEADER_LOOKBACK = 3
_POSTER_MAX_CHARS = 30
_MIN_STORY_CHARS = 50


def thread_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of the lines after the story that are replies or other posts.

    A forum thread or a blog's front page holds the story (the first post) and then the
    replies or older posts. Two signs mark where the story ends, both only after at least
    `_MIN_STORY_CHARS` of running text:

    - a replies heading (回复线索, 网友评论...) followed by lines most of which carry a post's
      time stamp;
    - the table row that heads the story (its title, or title and time) recurring with the
      same layout of cells at least twice below it: each recurrence heads another post.

    From there to the end every line is outside; a user can put any of them back.
    """
    lines = _lines_with_offsets(text)
    first_body = next(
        (i for i, (_, _, view, _) in enumerate(lines) if is_body_paragraph(view)), None
    )
    if first_body is None:
        return []
    cut = _post_header_recurs(lines, first_body)
    if cut is not None:
        cut = _start_of_next_post(lines, cut)
    story_chars = 0
    for index in range(first_body, len(lines) if cut is None else cut):
        _, _, view, squeezed = lines[index]
        if is_body_paragraph(view):
            story_chars += len(squeezed)
            continue
        if story_chars >= _MIN_STORY_CHARS and _opens_replies(lines, index):
            cut = index
            break
    if cut is None or story_chars < _MIN_STORY_CHARS:
        return []
    return [(start, end, AFTER_THE_STORY) for start, end, _, squeezed in lines[cut:] if squeezed]


def _start_of_next_post(lines: list[tuple[int, int, str, str]], recurrence: int) -> int:
    """Where the post a recurring header row belongs to begins: the lines between the story's
    last paragraph and that row (another heading row, "返回", "[打印]") go with it; the story's
    own footer (a line with its time stamp) stays with the story.
    """
    start = recurrence
    while start - 1 >= 0 and not is_body_paragraph(lines[start - 1][2]):
        start -= 1
    while start < recurrence and (not lines[start][3] or _STAMP_RE.search(lines[start][2])):
        start += 1
    return start


def _cells(view: str) -> list[str]:
    return [cell.strip() for cell in view.strip("|").split("|")]


def _row_layout(view: str) -> tuple[str, ...] | None:
    """A table row's layout: for each cell, empty, a time stamp, or text."""
    if not (view.startswith("|") and view.endswith("|")) or len(view) > _HEADER_MAX_CHARS:
        return None
    cells = _cells(view)
    layout = tuple(
        "" if _MARKUP_ONLY_RE.fullmatch(cell) else "stamp" if _STAMP_RE.fullmatch(cell) else "text"
        for cell in cells
    )
    return layout if "text" in layout else None


def _post_header_recurs(lines: list[tuple[int, int, str, str]], first_body: int) -> int | None:
    """Index of the first recurrence of the row heading the story, when it recurs enough."""
    # The row heading the story: the nearest table row among the few lines above it (a
    # poster's name may stand between the row and the text).
    above = [i for i in range(first_body - 1, -1, -1) if lines[i][3]][:_HEADER_LOOKBACK]
    layouts = [(i, _row_layout(lines[i][2])) for i in above]
    layout = next((found for _, found in layouts if found is not None), None)
    if layout is None:
        return None
    # Each recurrence must head a post: running text follows it at once or after a poster's
    # name (rows of an information box repeat a layout too, but with no text under each).
    recurrences = [
        i
        for i in range(first_body + 1, len(lines))
        if not is_body_paragraph(lines[i][2])
        and _row_layout(lines[i][2]) == layout
        and _text_follows(lines, i)
    ]
    return recurrences[0] if len(recurrences) >= _MIN_RECURRENCES else None


def _text_follows(lines: list[tuple[int, int, str, str]], index: int) -> bool:
    """Running text comes next, or after one short line that is not a row (a poster's name)."""
    following: list[str] = []
    for position in range(index + 1, len(lines)):
        if lines[position][3]:
            following.append(lines[position][2])
            if len(following) == 2:
                break
    if following and is_body_paragraph(following[0]):
        return True
    return (
        len(following) == 2
        and not following[0].startswith("|")
        and len(following[0]) <= _POSTER_MAX_CHARS
        and is_body_paragraph(following[1])
    )


def _opens_replies(lines: list[tuple[int, int, str, str]], index: int) -> bool:
    view = lines[index][2]
    label = "".join(_cells(view)) if view.startswith("|") else view
    if len(label) > _HEADING_MAX_CHARS or not REPLIES_HEADING_RE.search(label):
        return False
    following = [view for _, _, view, squeezed in lines[index + 1 :] if squeezed]
    stamped = sum(1 for view in following if _STAMP_RE.search(view))
    return stamped >= _MIN_STAMPED and stamped >= _STAMPED_SHARE * len(following)


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


def _visible_text(tree: Any, leave_out: Sequence[Any] = ()) -> str:
    """The page's text, one text node a line (so line-based metadata reading works on it).

    The elements of `leave_out` (other stories on the page) are left out.
    """
    # The elements themselves are kept in the set: an lxml proxy's id() is reused once freed.
    skipped = {node for element in leave_out for node in element.iter()}
    pieces: list[str] = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element in skipped:
            if element in leave_out and element.tail:
                pieces.append(element.tail)
            continue
        if element.tag not in ("script", "style", "noscript", "title") and element.text:
            pieces.append(element.text)
        if element.tail:  # the tail of a script is page text; its body is not
            pieces.append(element.tail)
    lines = (" ".join(piece.split()) for piece in pieces)
    return "\n".join(line for line in lines if line)


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _link_texts(tree: Any) -> frozenset[str]:
    """The texts of the page's links, but for a table of contents' links to the story's own
    subheads (<a href="#part-2"> whose text is that of the heading with id part-2): those
    subheads are the story's, not a menu's.
    """
    subheads = {
        heading.get("id"): _SPACE_RE.sub("", heading.text_content())
        for heading in tree.iter(*_HEADING_TAGS)
        if heading.get("id")
    }
    texts = set()
    for anchor in tree.iter("a"):
        squeezed = _SPACE_RE.sub("", anchor.text_content())
        if not 2 <= len(squeezed) <= 80:
            continue
        target = (anchor.get("href") or "").strip()
        if target.startswith("#") and subheads.get(target[1:]) == squeezed:
            continue
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
    # The story's credited source (新华社 on a portal, 中時電子報): corpus.metadata reads it
    # as a 来源 line, before the site's own names.
    "source": "source",
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


# A headline the page prints in an <h1>: field and source of page_metadata's triples.
PAGE_HEADING = "headline"
PRINTED_HEADING = "page heading"


def page_metadata(
    tree: Any, first_lines: Sequence[str] = (), other_stories: Sequence[Any] = ()
) -> list[tuple[str, str, str]]:
    """(field, value, source) from the page's JSON-LD, meta tags and title tag, in that order.

    A JSON-LD article whose headline agrees with none of the page's own headlines (its
    <title>, og:title, an <h1> outside `other_stories`) nor with `first_lines` (the story's
    first lines)
    describes another article: a story the site appended while the reader scrolled, a related
    article. Its values are kept with the source OTHER_ARTICLE_DATA, which is no evidence for
    this article (corpus/metadata.py lists them as refused, saying why).
    """
    tagged: list[tuple[str, str, str]] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        name = _META_FIELDS_LOWER.get(key)
        content = " ".join((meta.get("content") or "").split())
        if name and content:
            tagged.append((name, content, META_TAG))
    title = tree.find(".//title")
    if title is not None:
        text = " ".join(title.text_content().split())
        if text:
            tagged.append(("title", text, TITLE_TAG))
    headlines = [value for name, value, _ in tagged if name == "title"]
    inside_others = {node for element in other_stories for node in element.iter()}
    printed = [
        text
        for h1 in tree.iter("h1")
        if h1 not in inside_others and (text := " ".join(h1.text_content().split()))
    ]
    headlines.extend(printed)
    headlines.extend(first_lines)
    structured: list[tuple[str, str, str]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            structured.extend(_json_ld(script.text, headlines))
    # The headlines the page prints (field PAGE_HEADING, read by corpus.metadata): what
    # tells a meta title dressed with a section name, or a shortened one, from the headline.
    return [*structured, *tagged, *((PAGE_HEADING, text, PRINTED_HEADING) for text in printed)]


def headlines_agree(first: str, second: str) -> bool:
    """Whether two headlines name the same story.

    The same words with a site's name after one of them (… - 某報), an edited word or two
    (陳某 in the <title>, 前TVB小生 in og:title), punctuation and spaces aside: one holds the
    other, or most of their pairs of characters are shared.
    """
    a, b = _headline_key(first), _headline_key(second)
    if len(a) < _MIN_HEADLINE_CHARS or len(b) < _MIN_HEADLINE_CHARS:
        return False
    if a in b or b in a:
        return True
    pairs_a = {a[i : i + 2] for i in range(len(a) - 1)}
    pairs_b = {b[i : i + 2] for i in range(len(b) - 1)}
    shared = len(pairs_a & pairs_b)
    return 2 * shared >= _HEADLINE_AGREEMENT * (len(pairs_a) + len(pairs_b))


_HEADLINE_PUNCTUATION_RE = re.compile(r"[\W_]+")
_MIN_HEADLINE_CHARS = 4
# Share of character pairs two wordings of one headline have in common (Dice coefficient).
_HEADLINE_AGREEMENT = 0.5


def _headline_key(text: str) -> str:
    return _HEADLINE_PUNCTUATION_RE.sub("", text).lower()


def _json_ld(source: str, headlines: Sequence[str] = ()) -> list[tuple[str, str, str]]:
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
        own = _json_ld_values(item.get("headline"))
        # Without any headline of the page's own to compare with, the data is believed.
        other = bool(own and headlines) and not any(
            headlines_agree(own[0], headline) for headline in headlines
        )
        for key, name in _JSON_LD_FIELDS:
            for value in _json_ld_values(item.get(key)):
                found.append((name, value, OTHER_ARTICLE_DATA if other else STRUCTURED))
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
