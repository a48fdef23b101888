"""Metadata found in the text of an article: title, outlet, publication date, reporters, editor.

This module owns reading those values out of the raw text of a scraped article (a .txt file has
no other place for them): the headline line, "来源:/來源:" fields, dates such as
"2022年08月02日09:26" or "2024-10-22 18:06", reporter and 通讯员 fields, bylines of bare names,
"责编/責編" fields, and the dateline that opens many mainland reports ("XX网3月5日讯(记者 张三)").

It reads the lines that corpus/cleaning.py marked as metadata (so both agree on which lines
those are), always on their pinyin-stripped views, and works in Simplified and Traditional
script. Values are returned as found: no script conversion, no guessing beyond the text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from corpus.cleaning import (
    CJK,
    DATE_RE,
    FIELD_RE,
    METADATA,
    SITE_NAME_RE,
    ArticleLines,
    analyse_lines,
)


@dataclass(frozen=True, slots=True)
class FoundMetadata:
    """Values found in an article's text; None when the text does not say.

    `published_text` is the date exactly as written; `author` and `editor` are names joined
    with ", ".
    """

    title: str | None = None
    outlet: str | None = None
    published: datetime.date | None = None
    published_text: str | None = None
    author: str | None = None
    editor: str | None = None


_SOURCE_RE = re.compile(r"(?:来源|來源|稿源|出处|出處|转自|轉自|转载自|轉載自)$")
# Photographers are credited with the same syntax as reporters but are not authors.
_PHOTO_RE = re.compile(r"摄影|攝影|摄像|攝像")
_EDITOR_RANKS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"责任编辑|責任編輯|责编|責編"), 0),
    (re.compile(r"编辑|編輯"), 1),
    (re.compile(r"编审|編審|终审|終審|初审|初審|复审|複審|审核|審核|审校|審校|主编|主編"), 2),
)
_NAME_SPLIT_RE = re.compile(r"[、，,\s/]+")
# "作者：本刊记者 庞雪松": the first word is a label, not a name.
_NOT_A_NAME_RE = re.compile(
    r"(?:记者|記者|通讯员|通訊員|实习生|實習生|编辑|編輯|摄|攝)$|^(?:本报|本報|本刊)$"
)
_OUTLET_TRIM = " \t\u3000?？:：|｜【】[]《》“”\"'()（）"
# "XX网3月5日讯(记者 张三)" or "新华社北京3月5日电" at the start of the first paragraph.
_DATELINE_RE = re.compile(
    r"(?P<head>[^\s，,。:：(（【]{2,24}?)"
    r"(?:(?<![资通快简喜短音视传资資簡傳聞闻])(?:讯|訊)|(?<=日)(?:电|電))"
    r"\s*(?:[(（](?P<inner>[^)）]{1,80})[)）])?"
)
_DATELINE_DATE_RE = re.compile(r"(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日$")
_AGENCY_RE = re.compile(r".{1,12}?(?:社|网|網|台|臺|报|報)")
_NOT_OUTLETS = frozenset({"本报", "本報", "本台", "本臺", "本刊", "本网", "本網", "本站"})
_SITE_NAME_DETAIL = "site name"
_BYLINE_DETAIL = "byline"
_ACCOUNT_DETAIL = "account or page header line"


@dataclass(slots=True)
class _Found:
    outlets: list[str]
    dates: list[tuple[str, datetime.date | None]]
    authors: list[str]
    editors: list[tuple[int, str]]


def extract_metadata(raw: str, lines: ArticleLines | None = None) -> FoundMetadata:
    """Find the title, outlet, date, reporters and editor in the raw text of an article.

    Pass `lines` when the article was already analysed (`corpus.cleaning.analyse_lines`), to
    avoid doing it twice during an import.
    """
    if lines is None:
        lines = analyse_lines(raw)
    count = len(lines.views)
    header_end = count if lines.first_body is None else lines.first_body
    tail_start = header_end if lines.last_body is None else lines.last_body + 1
    order = [i for i in range(count) if lines.kinds[i] == METADATA]
    # Header lines first: a date or source above the body beats one in the footer.
    order.sort(key=lambda i: i >= header_end)

    found = _Found(outlets=[], dates=[], authors=[], editors=[])
    for index in order:
        if lines.details[index] == _BYLINE_DETAIL:
            found.authors.extend(_names(lines.views[index]))
        else:
            # A date or source line between body paragraphs (an event's time, a quoted source)
            # is not the article's own: only its people are read.
            around_body = header_end <= index < tail_start
            _read_fields(lines.views[index], found, people_only=around_body)

    dateline_outlet: str | None = None
    if lines.first_body is not None:
        dateline_outlet = _read_dateline(lines.views[lines.first_body], found)

    outlet = next(iter(found.outlets), None) or dateline_outlet
    if outlet is None:
        # Last resorts: a site name above the headline, or the paper or account named on the
        # line that carries the date (临澜日报　2022年10月11日　第03版).
        outlet = next(
            (
                lines.views[i].strip(_OUTLET_TRIM)
                for i in range(header_end)
                if lines.details[i] == _SITE_NAME_DETAIL
            ),
            None,
        ) or next(
            (
                word
                for i in range(header_end)
                if lines.details[i] == _ACCOUNT_DETAIL
                for word in DATE_RE.sub(" ", lines.views[i]).split()
                if SITE_NAME_RE.fullmatch(word)
            ),
            None,
        )
    published_text, published = next(iter(found.dates), (None, None))
    editor = min(found.editors, key=lambda pair: pair[0])[1] if found.editors else None
    return FoundMetadata(
        title=lines.views[lines.title] if lines.title is not None else None,
        outlet=outlet or None,
        published=published,
        published_text=published_text,
        author=", ".join(dict.fromkeys(found.authors)) or None,
        editor=editor,
    )


def parse_date(match: re.Match[str]) -> datetime.date | None:
    """The calendar date of a DATE_RE match, or None when it is not a real date."""
    month = match["month"] or match["month2"]
    day = match["day"] or match["day2"]
    try:
        return datetime.date(int(match["year"]), int(month), int(day))
    except ValueError:
        return None


def _read_fields(view: str, found: _Found, *, people_only: bool = False) -> None:
    if not people_only:
        for match in DATE_RE.finditer(view):
            found.dates.append((match[0].strip(), parse_date(match)))
    for field in FIELD_RE.finditer(DATE_RE.sub(" ", view)):
        _read_field(field, found, people_only=people_only)


def _read_field(field: re.Match[str], found: _Found, *, people_only: bool = False) -> None:
    if field["plabel"] is not None:
        if _PHOTO_RE.search(field["plabel"]) is None:
            found.authors.extend(_names(field["pvalue"]))
        return
    label, value = field["label"], field["value"].strip()
    if not value:
        return
    if _SOURCE_RE.search(label):
        if people_only:
            return
        outlet = value.strip(_OUTLET_TRIM)
        if outlet:
            found.outlets.append(outlet)
        return
    for pattern, rank in _EDITOR_RANKS:
        if pattern.search(label):
            names = _names(value)
            if names:
                found.editors.append((rank, ", ".join(names)))
            return


def _read_dateline(view: str, found: _Found) -> str | None:
    match = _DATELINE_RE.match(view)
    if match is None:
        return None
    head = match["head"]
    if match["inner"]:
        for field in FIELD_RE.finditer(DATE_RE.sub(" ", match["inner"])):
            _read_field(field, found)
    if not found.dates:
        for date_match in DATE_RE.finditer(head):
            found.dates.append((date_match[0].strip(), parse_date(date_match)))
    outlet = _DATELINE_DATE_RE.sub("", head)
    if view[match.end("head")] in "电電":
        agency = _AGENCY_RE.match(outlet)
        outlet = agency[0] if agency else outlet
    outlet = outlet.strip(_OUTLET_TRIM)
    if outlet in _NOT_OUTLETS or not re.fullmatch(rf"[{CJK}\w·\-]{{2,20}}", outlet):
        return None
    return outlet


def _names(text: str) -> list[str]:
    return [
        name
        for name in _NAME_SPLIT_RE.split(text.strip(_OUTLET_TRIM))
        if name and _NOT_A_NAME_RE.search(name) is None
    ]
