"""Metadata found in the text of an article: title, outlet, publication date, reporters, editor.

This module owns reading those values out of the raw text of a scraped article (a .txt file has
no other place for them): the headline line, "来源:/來源:" fields, dates such as
"2022年08月02日09:26" or "2024-10-22 18:06", reporter and 通讯员 fields, bylines of bare names,
"责编/責編" fields, and the dateline that opens many mainland reports ("XX网3月5日讯(记者 张三)").

It reads the lines that corpus/cleaning.py marked as metadata (so both agree on which lines
those are), always on their pinyin-stripped views, and works in Simplified and Traditional
script. Values are returned as found: no script conversion, no guessing beyond the text.

It also owns the choice between sources (`choose_metadata`): for each field the file's
columns, the article's own byline and dateline, a forum or blog poster the page names with a
label (楼主：, 作者：, 由…张贴), the page's structured data, meta tags and visible text, and the
<title> tag are tried in that order, and a value is kept only when it is
plausible (a person's name for an author, never a photo or video credit such as 影片截圖 or
资料图片, a photographer, an interface word such as 字級 or 展开, a place; a name for an outlet,
never a host name or a section; a headline without the site's name or brand for a title, a
date written on the page and not a copyright year); structured data of another article than
the page's is refused. The source of each kept value, and each value refused with the reason,
are returned with it.

Bylines are read in the forms of the three regions: mainland datelines and 责编 lines,
Taiwan and Hong Kong bylines opening the story (【某某／台北報導】, 〔記者甲、乙／台北報導〕,
（中央社記者某某台南4日電）), and credits the page sets in its own elements around the story
(`page_credits`). The outlet is the source the story is credited to; the publishing site, when
another, is returned beside it (`ChosenMetadata.site`).

A text file may open with the labelled header fields of a news-database export or of a file a
person typed (标题：/來源：/日期：/作者：/版次：, 【標題】, Title:/Source:/Date:/Byline:/Section:
/Page:), or carry a line under its headline naming the paper, the day, the page and the
reporters (江城晚报 2025-04-02 记者 赵磊): `export_header` reads them, and `choose_metadata`
tries them right after the file's columns, each only when plausible.
"""

from __future__ import annotations

import datetime
import functools
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
    is_body_paragraph,
)
from corpus.dates import date_in_address, parse_field_date
from corpus.dates import parse_date as parse_date_string
from corpus.extraction import (
    OTHER_ARTICLE_DATA,
    PAGE_HEADING,
    REPLIES_HEADING_RE,
    thread_lines,
)
from corpus.names import PLACES, reads_as_han_name


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
# The slashes bylines are written with: ASCII, full-width, U+2571 (╱) and its look-alikes.
SLASHES = "/／╱∕⁄⧸"
_NAME_SPLIT_RE = re.compile(rf"[、，,\s{SLASHES}]+")
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
# A wire agency's dateline in brackets opening the story, Taiwan style:
# （中央社記者某某某台北19日電）. The agency is the outlet; where the reporter's name ends and the
# place begins cannot be told without a list of names, so no author is read from it.
_WIRE_DATELINE_RE = re.compile(
    rf"[（(](?P<agency>[{CJK}]{{2,6}}?)(?:記者|记者)[{CJK}、，,\s]{{2,14}}?\d{{1,2}}日(?:電|电)[）)]"
)
_AGENCY_DATELINE_RE = re.compile(
    rf"据?(?P<agency>[{CJK}]{{1,6}}社)[{CJK}]{{0,8}}?(?:电|電)\s*[(（](?P<inner>[^)）]{{1,80}})[)）]"
)
# The reporters in a dateline's brackets, the label written onto the first name.
_DATELINE_REPORTERS_RE = re.compile(
    rf"(?:本报|本報|本台)?(?:记者|記者)\s*(?P<names>[{CJK}]{{2,4}}(?:[\s、，,]+[{CJK}]{{2,4}}){{0,5}})"
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
        # A wire dateline opens the story's first full paragraph, which may come after a
        # photo caption the page set above it.
        for view in lines.views[lines.first_body + 1 : lines.first_body + _BYLINE_LINES + 1]:
            if dateline_outlet is not None:
                break
            wire = _WIRE_DATELINE_RE.match(view)
            if wire is not None and _AGENCY_RE.fullmatch(wire["agency"]):
                dateline_outlet = wire["agency"]

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
    wire = _WIRE_DATELINE_RE.match(view)
    if wire is not None and _AGENCY_RE.fullmatch(wire["agency"]):
        return wire["agency"]
    match = _DATELINE_RE.match(view)
    if match is None:
        # A wire dateline without a date: 据新华社拉萨电（记者 某某）.
        agency = _AGENCY_DATELINE_RE.match(view)
        if agency is None:
            return None
        for field in FIELD_RE.finditer(DATE_RE.sub(" ", agency["inner"])):
            _read_field(field, found)
        return agency["agency"]
    head = match["head"]
    if match["inner"]:
        reporters = _DATELINE_REPORTERS_RE.fullmatch(match["inner"].strip())
        listed = _NAME_SPLIT_RE.split(reporters["names"]) if reporters else []
        if listed and all(reads_as_han_name(name) for name in listed):
            # （记者陈畅 华迪）, （记者刘欢、赵博）: the label runs into the first name.
            found.authors.extend(listed)
        else:
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


# --------------------------------------------------------------------------------------------
# Choosing each field's value from the sources, with evidence
# --------------------------------------------------------------------------------------------

# The key of Article.extra that records each stored field's source.
METADATA_SOURCES = "metadata_sources"
COLUMN = "column"
BYLINE = "byline"
ARTICLE_TEXT = "article text"
# The page's visible text around the extracted article (its header, dateline, byline).
PAGE_TEXT = "page text"
FIRST_LINE = "first line of the text"
# A forum or blog poster's handle, named on the page next to a label that says so.
POSTER = "poster named on the page"
# A date read from the page's address (/article/20251128/).
PAGE_ADDRESS = "page address"
TITLE_TAG = "title tag"
# Values read off the labelled lines that open a text file (标题：…, Source: …) and off the
# line under its headline that names the paper and the day (`export_header`).
HEADER_FIELD = "header field"
LINE_UNDER_TITLE = "line under the title"
_DRESSED_HEADLINE_WHY = (
    "the printed headline with a section or site name around it, or shortened: the page's own "
    "line is kept"
)
# Page sources (corpus.extraction names them), most reliable first.
PAGE_SOURCES = ("structured data", "meta tag", "trafilatura", "title tag")
FIELDS = ("title", "published", "author", "editor", "outlet")
_DECLARED_DATE_SOURCES = ("structured data", "meta tag")
_HEADER_SOURCES = (HEADER_FIELD, LINE_UNDER_TITLE)
# Sources that are the text (or the user's data) itself: a date they give needs no witness.
_WRITTEN_SOURCES = (COLUMN, ARTICLE_TEXT, PAGE_TEXT, *_HEADER_SOURCES)
_OTHER_ARTICLE_WHY = (
    "describes another article: its headline agrees with neither the page's title nor the "
    "first lines of the text"
)


@dataclass(frozen=True, slots=True)
class ChosenMetadata:
    """Each field's value and where it came from; a field nothing plausible gave is None.

    `sources` maps a field to its source (one of COLUMN, BYLINE, ARTICLE_TEXT, FIRST_LINE or a
    page source); `rejected` lists (field, value, source, why) for the values found and not
    believed; `missing` the fields of FIELDS that stay empty (the editor is seldom given, so it
    is not listed).

    `outlet` is the outlet the story is credited to: the source a 来源/來源 line or a
    <meta name="source"> names (新华社 for its copy carried by a portal), else the site's own
    name. `site` is the name of the site that published the page when it is another
    (og:site_name, JSON-LD publisher, the <title>'s suffix), with `site_source`; None when it
    is the outlet or unknown.
    """

    title: str | None = None
    outlet: str | None = None
    published: datetime.date | None = None
    published_text: str | None = None
    author: str | None = None
    editor: str | None = None
    sources: dict[str, str] | None = None
    rejected: tuple[tuple[str, str, str, str], ...] = ()
    missing: tuple[str, ...] = ()
    site: str | None = None
    site_source: str | None = None


_COPYRIGHT_WORDS_RE = re.compile(
    r"版权所有|版權所有|版权|版權|[Cc]opyright|©|All [Rr]ights|保留所有|ICP|备案|備案"
)
_LABEL_IN_NAME_RE = re.compile(
    r"责任编辑|責任編輯|编辑|編輯|记者|記者|作者|来源|來源|通讯员|通訊員|责编|責編|摄影|攝影|"
    r"本报|本報|本台|本刊|评论|評論|网友|網友|用户|用戶|[Ee]-?mail|[Ee]mail|"
    # A forum's labels for a poster are not the poster's name (楼主 = the thread's opener).
    r"楼主|樓主|版主|博主|游客|遊客|匿名|管理员|管理員|发表|發表|发帖|發帖|发布|發佈|"
    r"本文|本帖|本贴|此文|"
    # (節錄) closing a column says it is an excerpt, not who wrote it.
    r"节录|節錄|摘录|摘錄|"
    r"(?i:^(?:admin|guest|anonymous)$)"
)
# A photo's or a video's credit (（影片截圖）, 圖片來源, 资料图片, 网络图片, 图/文, 攝影, 视频截图,
# 截图自…, 相片：…) closes a caption in the same brackets as a byline: it names no author.
_PICTURE_CREDIT_RE = re.compile(
    r"截圖|截图|截屏|圖片|图片|資料圖|资料图|網絡圖|网络图|網上圖|网上图|圖[/／╱]文|图[/／╱]文|"
    r"^(?:圖|图|相|照|攝|摄)$|"
    r"攝影|摄影|攝|摄|影片|视频|視頻|錄影|录像|錄像|相片|照片|配圖|配图|供圖|供图|插圖|插图|"
    r"(?i:getty|afp|reuters|\bap\b|istock|shutterstock|unsplash)"
)
# Words of a page's interface that stand next to a byline: font size (字級, 小字型, 字号, 字大),
# sharing and printing (發送推文, 分享, 列印, 转寄), a player's or a box's toggles (展开, 收起),
# reader comments (跟贴, 留言), following and reporting (关注, 举报), sign-in, navigation.
_INTERFACE_WORD_RE = re.compile(
    r"字型|字級|字级|字號|字号|字體|字体|^字[大小中]$|^[大中小]字$|^(?:最大|最小|預設|预设)$|"
    r"推文|推特|分享|列印|打印|轉寄|转寄|轉貼|转贴|收藏|訂閱|订阅|書籤|书签|"
    r"展开|展開|收起|折叠|摺疊|播放|暫停|暂停|全屏|全螢幕|倍速|"
    r"跟贴|跟帖|跟貼|留言|回复|回覆|按讚|点赞|點讚|讚好|关注|關注|举报|舉報|檢舉|"
    r"登入|登录|登錄|註冊|注册|首页|首頁|上一[頁页篇]|下一[頁页篇]|返回|更多|閱讀|阅读|"
    r"複製|复制|連結|链接|二维码|二維碼|掃碼|扫码|熱門|热门|文字大小|字體大小|字体大小|"
    r"選單|选单|請選擇|请选择|"
    r"^(?:發送|发送|發言|发言|評分|评分|頂|顶|踩|贊|赞|大|中|小)$"
)
# Words of the reader comments; 评论员 (a commentator) is a role of the paper's, not of readers.
_COMMENT_WORD_RE = re.compile(
    r"跟贴|跟帖|跟貼|网友|網友|评论(?!员)|評論(?!員)|热评|熱評|留言|回复|回覆|樓層|楼层"
)
# What kind of report a byline's suffix says (張立勳／特稿, 綜合報導, 編譯): not a name.
_REPORT_KIND_RE = re.compile(
    r"^(?:特稿|專稿|专稿|特約|特约|綜合|综合|外電|外电|編譯|编译|整理|快訊|快讯|專訪|专访|"
    r"報導|报道|報道|採訪|采访|撰稿|供稿|專欄|专栏|社論|社论|短評|短评|時評|时评)"
)
_PLACE_SUFFIX_RE = re.compile(r"(?:市|省|縣|县|區|区|鎮|镇|鄉|乡|村|州|島|岛)$")


def is_place(value: str) -> bool:
    """Whether `value` is only a place's name (北京, 台北市, 新竹縣), as datelines write them."""
    value = value.strip()
    if value in PLACES:
        return True
    bare = _PLACE_SUFFIX_RE.sub("", value)
    return bare != value and (bare in PLACES or (bare[:2] in PLACES and len(bare) <= 3))


_SITE_WORD_RE = re.compile(
    r"网|網|报|報|社$|台$|新闻|新聞|频道|頻道|中心|公司|集团|集團|政府|"
    r"\.com|\.cn|\.hk|\.tw|(?i:www|http|\bteam\b|\bcn\b|\bcom\b|news|today)"
)
# "記者陳嘉寧／桃園機場報導": the label before the name and the place after it are not names.
_BYLINE_LABEL_RE = re.compile(rf"^(?:(?:本报|本報|本台)?(?:记者|記者)|文[{SLASHES}]|撰文[:：]?)\s*")
_BYLINE_PLACE_RE = re.compile(rf"\s*[{SLASHES}]\s*[^{SLASHES}]{{0,10}}(?:报道|報導|報道|电|電)$")
# A two-character name padded to the width of three (赵  培).
# Each name of a byline may carry its own role: 編譯茅毅、記者謝守真／綜合報導.
_ROLE_BEFORE_NAME_RE = re.compile(
    r"(?:本报|本報)?(?:特约记者|特約記者|实习记者|實習記者|记者|記者|编译|編譯|特派员|特派員|"
    rf"撰稿|撰文|采访|採訪|整理)\s*(?P<name>[{CJK}]{{2,4}})$"
)
_SPACED_NAME_RE = re.compile(rf"(?<![{CJK}])([{CJK}])[ \u3000]+([{CJK}])(?![{CJK}])")
_CJK_NAME_RE = re.compile(rf"[{CJK}]{{1,4}}(?:[·•][{CJK}]{{1,6}})?")
_LATIN_NAME_RE = re.compile(r"[A-Za-z][A-Za-z'.\-]{1,30}(?: [A-Za-z][A-Za-z'.\-]{0,30}){0,3}")
_AUTHOR_SPLIT_RE = re.compile(
    rf"\s*[、，,{SLASHES}；;]\s*|\s{{2,}}|\u3000|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
)
# Box-drawing bars (│ U+2502, ┃ U+2503) stand between a headline and the site's name as | does
# (…路徑曝│TVBS新聞網). 丨 (U+4E28, a CJK stroke) is left alone: headlines use it inside
# themselves (大埔宏福苑五級火丨何永賢:…).
_TITLE_SEPARATOR_RE = re.compile(r"\s+[-–—|｜│┃_]+\s+|\s*[|｜│┃_]\s*|\s*--+\s*|\s*——\s*")
_MIN_TITLE_CHARS = 5


def plausible_person(value: str) -> str | None:
    """Why `value` is not a person's name (a site, a label, a number, an e-mail), or None.

    Besides those, the page's interface (字級, 小字型, 發送推文, 展开, 收起, 分享, 列印) and a
    place named alone (北京, 台北市) are refused: pages set them on the lines after a byline.
    """
    if "@" in value:
        return "an e-mail address"
    if re.search(r"\d", value):
        return "holds a number"
    if _PICTURE_CREDIT_RE.search(value):
        return "a photo or video credit, not an author"
    if _INTERFACE_WORD_RE.search(value):
        return "a button or label of the page's interface, not a name"
    if _REPORT_KIND_RE.search(value):
        return "the kind of report (特稿, 綜合報導), not a name"
    if is_place(value):
        return "a place name, not a person"
    if _LABEL_IN_NAME_RE.search(value):
        return "a label, not a name"
    if _SITE_WORD_RE.search(value) or _COPYRIGHT_WORDS_RE.search(value):
        return "a site or organisation, not a person"
    if _CJK_NAME_RE.fullmatch(value) or _LATIN_NAME_RE.fullmatch(value):
        return None
    return "does not read as a name"


def plausible_authors(
    value: str, *, from_page: bool = False, family_name: bool = False
) -> tuple[str | None, str | None]:
    """(the names in `value` that read as people, joined with ", "; why none did).

    `from_page`: the value comes from the page's markup, where a single Latin word is the
    site's account (cnanewstaiwan, myudn), not a reporter; in the text it is a user name.
    `family_name`: the value was read off the page's visible text by a label alone (the line
    after 作者 or 来源), where a section's tag list (社會, 社會焦點) or a media account stands as
    often as a name: each Chinese name must open with a family name (corpus.names).
    A value holding a word of the reader comments (热门跟贴, 网友) names commenters: none is kept.
    """
    names: list[str] = []
    why: str | None = None
    value = _BYLINE_PLACE_RE.sub("", _BYLINE_LABEL_RE.sub("", value.strip(_OUTLET_TRIM)))
    value = _SPACED_NAME_RE.sub(r"\1\2", value.strip(_OUTLET_TRIM))
    if _PICTURE_CREDIT_RE.fullmatch(value):
        # 图/文 whole: split at its slash, 文 alone would read as a one-character name.
        return None, f"{value!r}: a photo or video credit, not an author"
    for part in _AUTHOR_SPLIT_RE.split(value):
        part = part.strip(_OUTLET_TRIM)
        role = _ROLE_BEFORE_NAME_RE.match(part)
        if role is not None and reads_as_han_name(role["name"]):
            part = role["name"]
        if not part:
            continue
        if _COMMENT_WORD_RE.search(part):
            return None, f"{part!r}: a word of the reader comments, the names are commenters"
        problem = plausible_person(part)
        if problem is None and from_page and re.fullmatch(r"[A-Za-z]+", part):
            problem = "a site account, not a person"
        if (
            problem is None
            and family_name
            and _CJK_NAME_RE.fullmatch(part)
            and "·" not in part
            and "•" not in part
            and not reads_as_han_name(part)
        ):
            problem = "does not open with a family name (a tag, a section or an account)"
        if problem is None:
            names.append(part)
        else:
            why = why or f"{part!r}: {problem}"
    return (", ".join(dict.fromkeys(names)) or None), (None if names else why or "empty")


def plausible_outlet(value: str) -> tuple[str | None, str | None]:
    """(the outlet's name from `value`, or None and why it is not one).

    A host name (news.ltn.com.tw, udn.com) is not a name: the page's address is kept in the
    article's url, and a name is looked for elsewhere on the page (its site name, the <title>'s
    suffix). A section of the site (即時新聞, 國際新聞, 要闻) is not an outlet either.
    """
    name = value.strip(_OUTLET_TRIM)
    # 光明网-《光明日报》 trimmed to 光明网-《光明日报 gets its closing bracket back.
    if name.count("《") > name.count("》") and value.strip().endswith("》"):
        name += "》"
    if _COPYRIGHT_WORDS_RE.search(name):
        return None, "a copyright notice, not a name"
    if re.fullmatch(r"[\d\s\-:/.]+", name) or "@" in name or name.startswith("http"):
        return None, "not a name"
    if _DOMAIN_RE.fullmatch(name) or _HOST_RE.fullmatch(name) or name.lower().startswith("www."):
        return None, "a host name (the page's address, kept in url), not the outlet's name"
    if _SECTION_RE.fullmatch(name):
        return None, "a section of the site, not an outlet"
    if _INTERFACE_WORD_RE.search(name):
        return None, "a button or label of the page's interface, not an outlet"
    if is_place(name):
        return None, "a place name, not an outlet"
    if _UNNAMED_SOURCE_RE.fullmatch(name):
        return None, "says the story was carried, not from where"
    if not 2 <= len(name) <= 30:
        return None, "too short or too long for a name"
    return name, None


# A 来源 that names no one: 转载文章, 原创, 网络, 本站, 未知.
_UNNAMED_SOURCE_RE = re.compile(
    r"(?:转载|轉載|转自|轉自|原创|原創|网络|網絡|網路|互联网|互聯網|本站|本网|本網|未知|不详|不詳|"
    r"佚名|综合|綜合|其他|其它)(?:文章|稿件|内容|內容|新闻|新聞)?"
)
# A section of a news site: its kind of news, maybe with 新聞/新闻 (即時新聞, 國際新聞, 要闻).
_SECTION_WORDS = (
    r"即時|即时|實時|实时|最新|熱門|热门|焦點|焦点|要聞|要闻|頭條|头条|重點|重点|國際|国际|國內|国内|"
    r"兩岸|两岸|社會|社会|政治|財經|财经|娛樂|娱乐|體育|体育|運動|运动|生活|地方|本地|港聞|港闻|"
    r"科技|健康|旅遊|旅游|綜合|综合|滾動|滚动|時事|时事|軍事|军事|文化|教育|評論|评论|影視|影视|"
    r"專題|专题|獨家|独家|深度|觀點|观点|國內外|国内外|台灣|臺灣|大陸|大陆|中國|中国|全球|世界|"
    r"理財|理财|股市|房產|房产|汽車|汽车|消費|消费|國際財經|产经|產經"
)
_SECTION_RE = re.compile(
    rf"(?:{_SECTION_WORDS})+(?:新聞|新闻|資訊|资讯|頻道|频道|快訊|快讯)?|新聞|新闻|即時|即时"
)


# A separator written without spaces (标题-新华网, 標題_某某新聞): inside a headline a bare
# hyphen is common (中-美, 2019-2020), so the part after it goes only when it is the site's.
_TIGHT_SUFFIX_RE = re.compile(r"\s*[-–—_|｜│┃]+\s*(?P<part>[^-–—_|｜│┃]{2,30})$")
# A date or issue number among the pieces (… - 20251208 - 要聞 - 某報).
_DATE_PIECE_RE = re.compile(r"[\d\s./\-年月日]{4,12}")
_DOMAIN_RE = re.compile(r"(?i:[\w.\-]+\.(?:com|cn|net|org|hk|tw|mo)(?:\.\w+)?)")
# Any host name, whatever its top-level domain (upmedia.mg, news.rthk.hk): labels of Latin
# letters and digits joined by dots, the last two to six letters.
_HOST_RE = re.compile(r"(?i:(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,6})")


def _site_like(part: str, site_names: set[str] | frozenset[str]) -> bool:
    """Whether a piece of a <title> is the site's name rather than words of the headline.

    It is when it is one of the site's known names (the page's og:site_name, publisher or
    outlet, a piece that ends the titles of several pages of the batch), holds one or is held
    in one, or reads as a site's name (…网, …新聞, …日報, a domain).
    """
    part = part.strip()
    if len(part) < 2:
        return False
    if part in site_names or any(name and (name in part or part in name) for name in site_names):
        return True
    return (len(part) <= 12 and SITE_NAME_RE.fullmatch(part) is not None) or (
        _DOMAIN_RE.fullmatch(part) is not None
    )


def strip_site_suffix(title: str, site_names: set[str] | frozenset[str]) -> str:
    """`title` without the site's name before or after it (`… - 新华网`, `聯合新聞網 | …`).

    Parts after a spaced separator (" - ", " | ", "_") go when they are the site's or short
    (a section: | 社會 | 中央社); a part after a separator without spaces (…-新华网, …_网易新闻)
    goes only when it is the site's name (see `_site_like`).
    """
    parts = [part for part in _TITLE_SEPARATOR_RE.split(title.strip()) if part.strip()]
    if len(parts) >= 2:
        # Trailing short parts after a headline are the section and the site.
        while len(parts) > 1 and (
            _site_like(parts[-1], site_names)
            or brand_like(parts[-1])
            or (len(parts[-1]) <= 10 and len(parts[0]) >= 2 * len(parts[-1]))
            or _DATE_PIECE_RE.fullmatch(parts[-1].strip()) is not None
        ):
            parts.pop()
        while len(parts) > 1 and _site_like(parts[0], site_names):
            parts.pop(0)
        # The separator inside what is left is part of the headline: rebuild it from the
        # original.
        start = title.find(parts[0])
        end = title.rfind(parts[-1]) + len(parts[-1])
        title = title[start:end].strip() if 0 <= start < end else " ".join(parts)
    title = title.strip()
    while (match := _TIGHT_SUFFIX_RE.search(title)) is not None:
        head = title[: match.start()].rstrip()
        if len(head) < _MIN_TITLE_CHARS or not _site_like(match["part"], site_names):
            break
        title = head
    return title


def site_suffix(title: str) -> str | None:
    """The site's name after a <title>'s headline (`… - 新华网` or `…-新华网`: 新华网), or None.

    The pieces after the headline are read from the last: a host name (CAIJING.COM.CN) or a
    section (即時新聞) is passed over for the name before it (…_财经网 - CAIJING.COM.CN: 财经网).
    """
    parts = [part.strip() for part in _TITLE_SEPARATOR_RE.split(title.strip()) if part.strip()]
    pieces = parts[1:]
    if not pieces:
        match = _TIGHT_SUFFIX_RE.search(title.strip())
        pieces = [match["part"].strip()] if match else []
    for piece in reversed(pieces):
        named = (SITE_NAME_RE.fullmatch(piece) is not None and len(piece) <= 12) or brand_like(
            piece
        )
        if named and plausible_outlet(piece)[0]:
            return str(piece)
    # The site's name may come first instead (自由電子報 - 標題), shorter than the headline.
    if len(parts) >= 2 and len(parts[0]) < len(parts[-1]):
        first = parts[0]
        named = (SITE_NAME_RE.fullmatch(first) is not None and len(first) <= 12) or brand_like(
            first
        )
        if named and plausible_outlet(first)[0]:
            return str(first)
    return None


# Within a piece after the headline, a site name and its section: 上報 / 焦點.
_PIECE_SPLIT_RE = re.compile(r"\s+/\s+")
_MAX_SITE_PIECE_CHARS = 20


def _host_labels(page: tuple[tuple[str, str, str], ...]) -> set[str]:
    """The labels of the page's host name (news.rthk.hk: news, rthk, hk), lower case."""
    url = next((value for name, value, _ in page if name == "url"), "")
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return {label for label in host.split(".") if label}


def _last_site_piece(title: str) -> str | None:
    """The last piece after a <title>'s headline that could name a site: not a section or date."""
    parts = [part.strip() for part in _TITLE_SEPARATOR_RE.split(title.strip()) if part.strip()]
    pieces = [piece for part in parts[1:] for piece in _PIECE_SPLIT_RE.split(part)]
    for piece in reversed(pieces):
        if (
            2 <= len(piece) <= _MAX_SITE_PIECE_CHARS
            and _SECTION_RE.fullmatch(piece) is None
            and _DATE_PIECE_RE.fullmatch(piece) is None
            and re.search(r"[，,。！？!?：:「」“”]", piece) is None
            and plausible_outlet(piece)[0] is not None
        ):
            return piece
    return None


def title_named_site(page: tuple[tuple[str, str, str], ...]) -> str | None:
    """The site's name ending the page's titles whatever its wording (` - RTHK`), or None.

    `site_suffix` knows a site's name by how it ends (…網, …新聞, …日報); a name without such an
    ending is believed when the page's address spells it (RTHK on news.rthk.hk) or when both the
    <title> and a title meta tag end with it (the page names itself twice). Sections (焦點) and
    dates after the name are passed over.
    """
    labels = _host_labels(page)
    by_source: dict[str, set[str]] = {}
    for name, value, source in page:
        if name != "title" or source not in (TITLE_TAG, "meta tag"):
            continue
        piece = _last_site_piece(value)
        if piece is None:
            continue
        if re.sub(r"[^0-9a-z]", "", piece.lower()) in labels:
            return piece
        by_source.setdefault(source, set()).add(piece)
    shared = by_source.get(TITLE_TAG, set()) & by_source.get("meta tag", set())
    return min(shared) if len(shared) == 1 else None


# How a site's brand ends (中央社即時新聞 CNA NEWS, TVBS 新聞, 自由時報電子報, 新浪网, 中新网,
# Taipei Times): a piece after the headline that ends so is the site's, not the headline's.
_BRAND_END_RE = re.compile(
    r"(?:新聞|新闻|新聞網|新闻网|網|网|電子報|电子报|日報|日报|時報|时报|晚報|晚报|早報|早报|"
    r"電視台|电视台|電視|电视|廣播|广播|雜誌|杂志|週刊|周刊|通訊社|通讯社|"
    r"(?i:news|daily|times|post|tv|online|\.com(?:\.cn|\.tw|\.hk)?))$"
)
_MAX_BRAND_CHARS = 30


def brand_like(part: str) -> bool:
    """Whether a piece of a title reads as a site's or paper's brand (see _BRAND_END_RE).

    Only for pieces after the headline: a headline may end in 新聞 (…假新聞) but does not
    stand after the separator that ends a <title>.
    """
    part = part.strip()
    return (
        2 <= len(part) <= _MAX_BRAND_CHARS
        and _BRAND_END_RE.search(part) is not None
        and re.search(r"[，,。！？!?：:「」“”]", part) is None
    )


def title_suffixes(page: tuple[tuple[str, str, str], ...]) -> set[str]:
    """The pieces after the headline in a page's <title> and title meta tags (its site, section).

    An import counts them over its batch (`recurring_title_suffixes`): a piece that ends the
    titles of several pages is the site's, whatever it says.
    """
    found: set[str] = set()
    for name, value, source in page:
        if name != "title" or source not in ("title tag", "meta tag"):
            continue
        parts = [part.strip() for part in _TITLE_SEPARATOR_RE.split(value.strip()) if part.strip()]
        if len(parts) < 2:
            match = _TIGHT_SUFFIX_RE.search(value.strip())
            parts = [value, match["part"].strip()] if match else []
        found.update(part for part in parts[1:] if 2 <= len(part) <= 30)
    return found


# A piece must end the titles of this many pages of a batch to count as the site's.
SUFFIX_MIN_PAGES = 3


def recurring_title_suffixes(counts: dict[str, int]) -> frozenset[str]:
    """The title pieces (`title_suffixes`, counted per page over a batch) on enough pages."""
    return frozenset(part for part, pages in counts.items() if pages >= SUFFIX_MIN_PAGES)


def plausible_title(
    value: str, site_names: set[str] | frozenset[str]
) -> tuple[str | None, str | None]:
    """(the headline in `value` without the site's name, or None and why it is not one)."""
    title = strip_site_suffix(" ".join(value.split()), site_names)
    if title in site_names or (len(title) <= 12 and SITE_NAME_RE.fullmatch(title)):
        return None, "the site's name, not a headline"
    if len(title) < _MIN_TITLE_CHARS:
        return None, "too short for a headline (a menu entry or section name)"
    return title, None


# A section or site name the meta-tag title sets before or after the printed headline
# (時事脈搏 - 標題): at most this long, and apart from the headline by a separator.
_AFFIX_MAX_CHARS = 12
_AFFIX_SEPARATOR = r"\s*[-–—|｜│┃_]+\s*"
# What a printed headline may add after a shortened one from structured data (標題 + 未來4天
# 全台有雨), and how long the shortened one must be for its start to say it is the same headline.
_ADDED_MAX_CHARS = 24
_MIN_SHORTENED_CHARS = 8
_SENTENCE_END_RE = re.compile(r"[。；;！!？?，,]")


def printed_headline(
    title: str,
    page_text: str,
    raw: str,
    titles: tuple[str, ...] = (),
    headings: tuple[str, ...] = (),
) -> str | None:
    """The headline as the page prints it, when `title` is it in another dress; else None.

    Two dresses: a meta-tag title that is the printed headline with a short section or site
    name before or after it (時事脈搏 - 標題, with 標題 a line of the page), and a structured
    data headline that the printed one starts with and adds to (標題 while the page prints
    標題 未來4天全台有雨). The printed line must stand above the story (a related headline
    under it is another story's), and a longer one must be confirmed: an <h1> of the page
    (`headings`) or another title of the page (`titles`, the <title> and meta titles) holds it.
    """
    title = " ".join(title.split())
    if len(title) < _MIN_TITLE_CHARS:
        return None
    bounds = _story_bounds(page_text, raw) if raw else None
    story_start = bounds[0] if bounds is not None else len(page_text)
    above = page_text[:story_start]
    lines = {" ".join(line.split()) for line in above.splitlines()}
    lines.discard("")
    if title in lines or title in headings:
        return None
    printed = lines | set(headings)
    # A short prefix or suffix around a printed headline.
    for pattern in (
        rf"(?P<affix>.{{1,{_AFFIX_MAX_CHARS}}}?){_AFFIX_SEPARATOR}(?P<headline>.+)",
        rf"(?P<headline>.+){_AFFIX_SEPARATOR}(?P<affix>.{{1,{_AFFIX_MAX_CHARS}}})",
    ):
        match = re.fullmatch(pattern, title)
        if (
            match is not None
            and match["headline"] in printed
            and len(match["headline"]) >= _MIN_TITLE_CHARS
            and _SENTENCE_END_RE.search(match["affix"]) is None
        ):
            return match["headline"]
    # A printed headline that starts with the shortened one and adds a few words.
    if len(title) < _MIN_SHORTENED_CHARS:
        return None
    confirming = " ".join(titles)
    for line in sorted(printed, key=len):
        added = line[len(title) :]
        if (
            line.startswith(title)
            and 0 < len(added.strip()) <= _ADDED_MAX_CHARS
            # The added words start a new phrase: after a space or the shortened one's mark.
            and (added[0].isspace() or not title[-1].isalnum())
            and _SENTENCE_END_RE.search(added.rstrip("！!？?")) is None
            and (line in headings or line in confirming)
        ):
            return line
    return None


def date_of(value: str) -> datetime.date | None:
    """The first calendar date in an ISO or Chinese date string (2024-03-15T09:26, 2024年3月5日)."""
    return parse_date_string(value)


def date_written_in(date: datetime.date, text: str) -> bool:
    """Whether `text` writes `date`: 2004-07-16, 2004年7月16日, 20040716, or 7月16日 and 2004."""
    for match in DATE_RE.finditer(text):
        if parse_date(match) == date:
            return True
    if f"{date.year}{date.month:02d}{date.day:02d}" in text:
        return True
    return str(date.year) in text and f"{date.month}月{date.day}日" in text


# How far before the story's first paragraph a page's date line may stand.
_DATE_WINDOW_CHARS = 400


# A date this close above the story's first paragraph stands by its headline (the dateline under
# it, a caption between); one further up may be the page's chrome (the site's clock).
_NEAR_STORY_CHARS = 150


def date_above_story(page_text: str, raw: str, lines: ArticleLines | None = None) -> str | None:
    """The date written closest above the story's first paragraph on the page, or None.

    Portal pages put the date between the headline and the story, on a line with the site's
    domain, the time and a source ("AUTO.SOHU.COM 2005年05月13日14:15"), which the text's
    field rules do not read; the date nearest above the first paragraph is that line's.
    """
    return date_above_story_at(page_text, raw, lines)[0]


def date_above_story_at(
    page_text: str, raw: str, lines: ArticleLines | None = None
) -> tuple[str | None, int]:
    """`date_above_story` and how many characters above the story's first paragraph it ends."""
    if lines is None:
        lines = analyse_lines(raw)
    if lines.first_body is None:
        return None, 0
    anchor = lines.views[lines.first_body][:12]
    at = page_text.find(anchor) if len(anchor) >= 6 else -1
    if at < 0:
        return None, 0
    start = max(0, at - _DATE_WINDOW_CHARS)
    window = page_text[start:at]
    dates = [match for match in DATE_RE.finditer(window) if parse_date(match) is not None]
    if not dates:
        return None, 0
    return dates[-1][0].strip(), at - (start + dates[-1].end())


# A byline in brackets closing the story: （袁源） or （记者 张三 李四）.
_CLOSING_BYLINE_RE = re.compile(
    rf"[（(]\s*(?:(?:本报|本報)?(?:记者|記者|通讯员|通訊員|文/|文／)\s*)?"
    rf"(?P<names>[{CJK}·]{{2,4}}(?:[\s、，,]+[{CJK}·]{{2,4}}){{0,3}})"
    rf"\s*(?:[{SLASHES}]\s*[^{SLASHES}()（）]{{0,10}}(?:报道|報導|報道))?\s*[）)]$"
)
# The same byline with its place (（王煌忠／台中報導）) says what it is wherever it stands in the
# last paragraphs: the site may run its own notice on after it (…死因。（某某／台中報導）《某報》…).
_PLACED_BYLINE_RE = re.compile(
    rf"[（(]\s*(?:(?:本报|本報)?(?:记者|記者)\s*)?"
    rf"(?P<names>[{CJK}·]{{2,4}}(?:[、，,][{CJK}·]{{2,4}}){{0,3}})"
    rf"\s*[{SLASHES}]\s*[^{SLASHES}()（）]{{1,10}}(?:报道|報導|報道)\s*[）)]"
)
_NOT_BYLINES = frozenset(
    {"全文完", "待续", "待續", "未完", "完", "资料图", "資料圖", "图片", "圖片", "供图", "供圖"}
)


def _credit_or_known(names: str) -> bool:
    """A bracketed closing that is not a byline: a known closing word or a picture credit."""
    return names in _NOT_BYLINES or _PICTURE_CREDIT_RE.search(names) is not None


# A reporter line of Taiwan and Hong Kong papers: 記者林悅／南市報導.
_REPORTER_LINE_RE = re.compile(
    rf"^(?:(?:本报|本報)?(?:记者|記者))\s*(?P<names>[{CJK}·]{{2,4}}(?:[、，,][{CJK}·]{{2,4}}){{0,3}})"
    rf"\s*[{SLASHES}]\s*[^{SLASHES}]{{0,10}}(?:报道|報導|報道)$"
)
_BYLINE_LINES = 3
# How far into a line an opening byline may stand (after a headline run onto it).
_OPENING_CHARS = 120
_BYLINE_NAMES = rf"[{CJK}·]{{2,4}}(?:[\s、，,]+[{CJK}·]{{2,4}}){{0,3}}"
# 本报记者罗某某发自北京: the paper's own reporter and where the report was sent from.
_DISPATCH_BYLINE_RE = re.compile(
    rf"(?:本报|本報|本台|本刊)(?:记者|記者)\s*(?P<names>{_BYLINE_NAMES}?)\s*(?:发自|發自)[{CJK}]{{2,6}}"
)
# A line that is only the reporter's label and names, a bullet maybe before it: □ 本报记者 某某.
_BARE_REPORTER_RE = re.compile(
    rf"^[□■●◎▲△◆◇·•\s]*(?:本报|本報|本台|本刊)?(?:记者|記者)\s+(?P<names>{_BYLINE_NAMES})$"
)


# One name of a byline, and several joined by 、 or commas.
_NAME = rf"[{CJK}·]{{2,4}}"
_NAME_LIST = rf"{_NAME}(?:\s*[、，,]\s*{_NAME}){{0,5}}"
# A desk's byline, Taiwan style: the desk, then the reporters who filed (生活中心／賴俊佑報導);
# 社會中心／綜合報導 names no one (綜合 is no family name).
_DESK_BYLINE_RE = re.compile(
    rf"^[{CJK}]{{1,6}}(?:中心|組|组|部|室)\s*[{SLASHES}]\s*(?P<names>{_NAME_LIST})\s*"
    r"(?:报道|報導|報道)$"
)
# Written for a character class: the ASCII brackets escaped.
_OPEN = "【〔［\\[「"
_CLOSE = "】〕］\\]」"
# A byline in corner or tortoise-shell brackets opening the story, Taiwan and Hong Kong style:
# 【王家俊／台北報導】, 【丁牧群╱台北報導】, 〔記者施曉光、吳亮儀、陳慧萍／台北報導〕, and the
# paper named first: 【聯合報╱本報記者古硯偉】. A reporter's label or a place with 報導/電 must be
# there: a bracketed word alone (【新聞】) is a kicker.
_OPENING_BYLINE_RE = re.compile(
    rf"[{_OPEN}]\s*(?:(?P<outlet>[^{_OPEN}{_CLOSE}{SLASHES}\s]{{2,12}})[{SLASHES}]\s*"
    rf"(?=(?:本报|本報)?(?:记者|記者)))?"
    rf"(?P<label>(?:本报|本報)?(?:记者|記者)\s*)?(?P<names>{_NAME_LIST})\s*"
    rf"(?P<place>[{SLASHES}]\s*[^{_OPEN}{_CLOSE}{SLASHES}]{{0,12}}?(?:报道|報導|報道|电|電))?"
    rf"\s*[{_CLOSE}]"
)
# A wire agency's dateline naming its reporters: （中央社記者楊思瑞台南4日電）.
_WIRE_REPORTER_RE = re.compile(
    rf"[（(](?P<agency>[{CJK}]{{2,6}}?)(?:記者|记者)\s*(?P<run>[{CJK}、，,\s]{{2,30}}?)"
    rf"\s*\d{{1,2}}日(?:電|电)[）)]"
)
# A dispatch line of the reporter and where from: 劉屏／華盛頓4日電.
_DISPATCH_LINE_RE = re.compile(
    rf"^(?:(?:本报|本報)?(?:记者|記者)\s*)?(?P<names>{_NAME_LIST})\s*[{SLASHES}]\s*"
    rf"[{CJK}]{{2,8}}?\s*\d{{1,2}}日(?:電|电)(?=$|[\s，,。])"
)
# A header row that names the reporters before 報導: 2014/03/19 18:58 彭佳芸 黃翊真 報導.
_REPORTED_BY_RE = re.compile(
    rf"(?:^|(?<=[\s|｜]))(?P<names>{_NAME}(?:[ \u3000]+{_NAME}){{0,4}})[ \u3000]*"
    r"(?:报道|報導|報道)(?=$|[\s|｜])"
)
# A photo's credit naming its photographer: （刘满仓摄）, （記者林調遜／攝影）, （圖／房書勤攝）,
# 攝影：某某, 圖／某某.
_PHOTO_NAME_RES = (
    re.compile(
        rf"(?:(?<=[（(\s{SLASHES}:：])|(?<=记者)|(?<=記者)|^)(?P<name>[{CJK}·]{{2,4}}?)\s*"
        rf"[{SLASHES}]?\s*(?:摄|攝)(?:影)?(?=$|[）)\s，,。])",
        re.M,
    ),
    re.compile(
        rf"(?:图|圖|照片|相片|攝影|摄影|图片|圖片)\s*[{SLASHES}:：]\s*(?:记者|記者)?\s*"
        rf"(?P<name>[{CJK}·]{{2,4}}?)(?=$|[）)\s，,。摄攝])",
        re.M,
    ),
)


_PHOTO_WORD_RE = re.compile(r"摄|攝|图|圖|照片|相片")


def photo_credited_names(text: str) -> set[str]:
    """The names `text` credits with a photograph and nowhere with the report itself."""
    if not _PHOTO_WORD_RE.search(text):
        return set()
    names = {match["name"] for pattern in _PHOTO_NAME_RES for match in pattern.finditer(text)}
    return {
        name
        for name in names
        if not re.search(
            rf"(?:记者|記者|文[{SLASHES}])\s*{re.escape(name)}(?!\s*[{SLASHES}]?\s*(?:摄|攝))"
            rf"|{re.escape(name)}\s*[{SLASHES}]\s*[^{SLASHES}\n]{{0,10}}(?:报道|報導|報道|電|电)",
            text,
        )
    }


def _split_wire_run(run: str) -> str | None:
    """The reporters of a wire dateline's run of names and place (楊思瑞台南: 楊思瑞), or None.

    Where the last name ends and the place begins is told by a known place (corpus.names);
    without one, nothing is guessed.
    """
    run = "".join(run.split())
    for size in range(min(len(run) - 2, 8), 1, -1):
        place = run[-size:]
        if is_place(place):
            names = [name for name in re.split(r"[、，,]", run[:-size]) if name]
            if names and all(reads_as_han_name(name) for name in names):
                return "、".join(names)
    return None


def byline_outlet(view: str) -> str | None:
    """The paper a bracketed byline names before its reporter (【聯合報╱本報記者某某】: 聯合報)."""
    for match in _OPENING_BYLINE_RE.finditer(view):
        if match["outlet"] and match["label"]:
            return plausible_outlet(match["outlet"])[0]
    return None


def opening_byline(view: str) -> str | None:
    """The reporters a byline at the story's start names, or None; `view` is one line.

    【某某／台北報導】, （中央社記者某某台南4日電）, 某某／華盛頓4日電, 彭佳芸 黃翊真 報導.
    """
    for match in _OPENING_BYLINE_RE.finditer(view):
        if (match["label"] or match["place"]) and not _credit_or_known(match["names"]):
            return match["names"]
    wire = _WIRE_REPORTER_RE.search(view)
    if wire is not None:
        reporters = _split_wire_run(wire["run"])
        if reporters:
            return reporters
    dispatch = _DISPATCH_LINE_RE.match(view.strip())
    if dispatch is not None and all(
        reads_as_han_name(name) for name in re.split(r"\s*[、，,]\s*", dispatch["names"])
    ):
        return dispatch["names"]
    reported = _REPORTED_BY_RE.search(view)
    if reported is not None:
        listed: list[str] = reported["names"].split()
        if all(reads_as_han_name(name) and not is_place(name) for name in listed):
            return " ".join(listed)
    return None


def text_byline(raw: str, lines: ArticleLines | None = None) -> str | None:
    """The names of a byline the text's field rules do not read, or None.

    Either a byline opening the story (【王家俊／台北報導】, 〔記者某某、某某／台北報導〕, a wire
    dateline （中央社記者某某台南4日電）, a dispatch line 某某／華盛頓4日電, a header row
    "彭佳芸 黃翊真 報導"), maybe run onto the headline's line; a bracketed byline that closes the
    story (（袁源）, （王煌忠／台中報導）), at the end of
    the last paragraph or on a line of its own (a picture credit such as （影片截圖） is none), a
    reporter line near the top (記者林悅／南市報導), a dispatch byline (本报记者某某发自北京,
    maybe run into the lead), or a line of only the label and names (□ 本报记者 某某) above or
    below the story.
    """
    if lines is None:
        lines = analyse_lines(raw)
    views = lines.views
    first_body = lines.first_body if lines.first_body is not None else 0
    for view in views[: first_body + 2]:
        names = opening_byline(view[:_OPENING_CHARS])
        if names:
            return names
    if lines.last_body is not None:
        for view in views[lines.last_body : lines.last_body + _BYLINE_LINES]:
            match = _CLOSING_BYLINE_RE.search(view)
            if match and not _credit_or_known(match["names"]):
                return match["names"]
        # A byline with its place may close a paragraph or two above the last one (the site's
        # notice on suicide prevention, a correction, reads as a paragraph too).
        start = max(0, lines.last_body - _BYLINE_LINES + 1)
        for view in views[start : lines.last_body + _BYLINE_LINES]:
            match = _PLACED_BYLINE_RE.search(view)
            if match and not _credit_or_known(match["names"]):
                return match["names"]
    head_end = max(_BYLINE_LINES + 2, (lines.first_body or 0) + 2)
    for view in views[: _BYLINE_LINES + 2]:
        match = _REPORTER_LINE_RE.match(view)
        if match:
            return match["names"]
        desk = _DESK_BYLINE_RE.match(view.strip())
        if desk is not None and all(
            reads_as_han_name(name) for name in re.split(r"\s*[、，,]\s*", desk["names"])
        ):
            return desk["names"]
    # 本报记者某某发自北京, on its own line or run into the lead by the page.
    for view in views[:head_end]:
        match = _DISPATCH_BYLINE_RE.search(view)
        if match and plausible_authors(match["names"])[0]:
            return match["names"]
    # A reporter line without a colon or a place (□ 本报记者 某某), above or below the story.
    tail = views[lines.last_body : lines.last_body + _BYLINE_LINES + 1] if lines.last_body else []
    for view in [*views[:head_end], *tail]:
        match = _BARE_REPORTER_RE.match(view)
        if match and plausible_authors(match["names"])[0]:
            return match["names"]
    return None


# --------------------------------------------------------------------------------------------
# A forum or blog post's poster
# --------------------------------------------------------------------------------------------

# A handle: letters, digits, CJK, "_", "-", "." and "·", no spaces (海姑娘, ggjjzhzz, kafka_85).
_HANDLE = rf"[A-Za-z0-9_\-.·{CJK}]{{2,20}}?"
# Nothing of the handle may follow it: a space, a line's end or punctuation, not a letter, a
# character or the "=" of markup (作者： size="20" is no handle).
_HANDLE_END = rf"(?![A-Za-z0-9_\-.·=\"'{CJK}])"
_POST_STAMP = r"(?:\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}[:：]\d{2}"
# The ways a page says who posted the story, each with its label next to the handle.
_POSTER_RES = (
    # 作者：ggjjzhzz / 楼主：海姑娘 / 发帖人：… / 文：眉间尺
    re.compile(
        rf"(?:作者|楼主|樓主|发帖人|發帖人|发贴人|發貼人|帖主|博主|原帖由|(?<![{CJK}])文)"
        rf"[ \t]*[:：][ \t]*(?P<name>{_HANDLE}){_HANDLE_END}"
    ),
    # 由海姑娘张贴 @ (370) 2005-03-21 01:20 / 本贴由 大卫 于2005年8月12日16:12:21在…发表.
    # The words of posting must be there: a verb or "@" between the handle and the time, or
    # "本贴/本帖…" before 由. A news sentence says 由张明于3月1日10:00主持 of someone else.
    re.compile(
        rf"由\s*(?P<name>{_HANDLE})\s*(?:张贴|張貼|发表|發表|发帖|發帖)\s*(?:于|於|@)?\s*"
        rf"(?:[(（]\d+[)）]\s*)?{_POST_STAMP}"
    ),
    re.compile(rf"由\s*(?P<name>{_HANDLE})\s*@\s*(?:[(（]\d+[)）]\s*)?{_POST_STAMP}"),
    re.compile(
        rf"(?:本贴|本帖|此帖|该帖|該帖|原帖|本文)\s*由\s*(?P<name>{_HANDLE})\s*(?:于|於)?\s*"
        rf"{_POST_STAMP}"
    ),
    # ggjjzhzz (its own line) 发表于 2005-9-15 11:46:00
    re.compile(
        rf"^[ \t]*(?P<name>{_HANDLE})[ \t]*\n?[ \t]*"
        rf"(?:发表于|發表於|发表时间|發表時間|发帖时间|發帖時間)[ \t]*[:：]?\s*{_POST_STAMP}",
        re.M,
    ),
    # 发布时间 2005/03/15 22:36:13 by duscha
    re.compile(rf"{_POST_STAMP}(?::\d{{2}})?\s+by\s+(?P<name>{_HANDLE}){_HANDLE_END}", re.I),
)
# How far before the story's first paragraph, and after its last, a poster's label may stand.
_POSTER_WINDOW_CHARS = 300
_ANCHOR_CHARS = 12


def plausible_handle(value: str) -> str | None:
    """Why `value` is not a poster's handle (a label, a site, an e-mail, a number), or None.

    A handle may hold Latin letters and digits (ggjjzhzz, kafka85): unlike a byline's name,
    it is believed only when a label on the page says it is the poster's (see `page_poster`).
    """
    if "@" in value:
        return "an e-mail address"
    if re.fullmatch(r"[\d\s\-:/.]+", value):
        return "a number or a date"
    if _LABEL_IN_NAME_RE.search(value):
        return "a label, not a name"
    if _SITE_WORD_RE.search(value) or _COPYRIGHT_WORDS_RE.search(value):
        return "a site or organisation, not a person"
    if not 2 <= len(value) <= 20:
        return "too short or too long for a handle"
    return None


def page_poster(page_text: str, raw: str) -> str | None:
    """The handle a forum or blog page names as the story's poster, or None.

    Only with evidence: a label next to the handle (作者：, 楼主：, 文：, 由…张贴, …发表于 and
    a time, a time and "by …"), standing just above the story or inside it, before any reply
    (corpus.extraction.thread_lines), so a commenter is never taken for the author.
    """
    span = _story_span_on_page(page_text, raw)
    if span is None:
        return None
    start, end = span
    window = page_text[start:end]
    found: list[tuple[int, str]] = []
    for pattern in _POSTER_RES:
        for match in pattern.finditer(window):
            name = match["name"].strip(".-·")
            if plausible_handle(name) is None:
                found.append((match.start("name"), name))
                break
    return min(found)[1] if found else None


def _story_span_on_page(page_text: str, raw: str) -> tuple[int, int] | None:
    """Where the story (without the replies after it) stands in the page's visible text.

    With _POSTER_WINDOW_CHARS before it, and after it up to the replies.
    """
    bounds = _story_bounds(page_text, raw)
    if bounds is None:
        return None
    at, end = bounds
    # The window after the story stops where the replies begin.
    heading = REPLIES_HEADING_RE.search(page_text, end, end + _POSTER_WINDOW_CHARS)
    after = heading.start() if heading else end + _POSTER_WINDOW_CHARS
    return max(0, at - _POSTER_WINDOW_CHARS), after


@functools.lru_cache(maxsize=4)
def _story_bounds(page_text: str, raw: str) -> tuple[int, int] | None:
    """Where the story's first paragraph starts and its last ends in the page's visible text."""
    replies = thread_lines(raw)
    story = raw[: replies[0][0]] if replies else raw
    # A paragraph in a table cell is written "| text |" in the raw text: the page has the text.
    body = [
        line.strip().strip("|").strip()
        for line in story.splitlines()
        if is_body_paragraph(line.strip())
    ]
    # The page and the raw text may break lines and space words differently: both are
    # searched without whitespace, and a place found is mapped back to the page's text.
    squeezed_page, places = _without_whitespace(page_text)
    found: list[tuple[int, str]] = []
    for paragraph in body:
        anchor = "".join(paragraph.split())[:_ANCHOR_CHARS]
        at = squeezed_page.find(anchor) if len(anchor) == _ANCHOR_CHARS else -1
        if at >= 0:
            found.append((at, "".join(paragraph.split())))
    if not found:
        return None
    at, first = found[0]
    last = found[-1][1][-_ANCHOR_CHARS:]
    last_at = squeezed_page.find(last, at)
    end_at = last_at + len(last) if last_at >= 0 else at + len(first)
    return places[at], places[min(end_at, len(places) - 1)]


# How far before the story's first paragraph a byline in its own element may stand (photo
# captions and the date may come between), and how far after its last an editor's line.
_BYLINE_WINDOW_CHARS = 300
_EDITOR_WINDOW_CHARS = 200
# (责编：牛镛、岳弘彬) or 责任编辑：某某 under the story.
_EDITOR_LINE_RE = re.compile(
    rf"(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\s*[:：]\s*(?P<names>{_NAME_LIST})(?=$|[)）\s])",
    re.M,
)
# 来源：光明日报 above the story, the value maybe on the next line.
_SOURCE_LINE_RE = re.compile(
    rf"(?:来源|來源|稿源|出处|出處)\s*[:：]\s*(?P<value>[\w{CJK}·\-—－《》]{{2,30}})(?=\s|$)"
)


@dataclass(frozen=True, slots=True)
class PageCredits:
    """Credits the page sets in its own elements around the story (outside the extracted text).

    `byline`: the reporters of a byline just above the story or opening it (its own, nearest
    the first paragraph); `editor`: an editor's line just under it; `source`: a 来源 line just
    above it; `around`: the page's text around the story, where photo credits are looked for
    (only when an author from the page's markup needs checking: see `photo_credited_names`).
    """

    byline: str | None = None
    editor: str | None = None
    source: str | None = None
    around: str = ""


def page_credits(page_text: str, raw: str) -> PageCredits:
    """The byline, editor and source the page writes next to the story (`PageCredits`)."""
    bounds = _story_bounds(page_text, raw)
    if bounds is None:
        return PageCredits()
    at, end = bounds
    before = page_text[max(0, at - _BYLINE_WINDOW_CHARS) : at]
    opening = page_text[at : at + _OPENING_CHARS]
    after = page_text[end : end + _EDITOR_WINDOW_CHARS]
    heading = REPLIES_HEADING_RE.search(after)
    after = after[: heading.start()] if heading else after
    byline = paper = None
    # The story's own byline is the one nearest its first paragraph: the lines above it are
    # read from the bottom up, after the opening of the first paragraph itself.
    for line in [opening.split("\n", 1)[0], *reversed(before.splitlines())]:
        line = line.strip().strip("|").strip()
        if not line:
            continue
        reporter = _REPORTER_LINE_RE.match(line)
        byline = reporter["names"] if reporter else opening_byline(line[:_OPENING_CHARS])
        if byline:
            paper = byline_outlet(line[:_OPENING_CHARS])
            break
    editor_match = _EDITOR_LINE_RE.search(after)
    # The source line nearest the story is its own.
    sources = [match["value"] for match in _SOURCE_LINE_RE.finditer(before)]
    source = sources[-1] if sources else None
    if source is not None and plausible_outlet(source)[0] is None:
        source = None
    return PageCredits(
        byline=byline,
        editor=editor_match["names"] if editor_match else None,
        source=source or paper,
        around=page_text[max(0, at - _BYLINE_WINDOW_CHARS) : end + _EDITOR_WINDOW_CHARS],
    )


def _without_whitespace(text: str) -> tuple[str, list[int]]:
    """`text` without whitespace, and for each of its characters the place in `text`."""
    places = [index for index, character in enumerate(text) if not character.isspace()]
    return "".join(text[index] for index in places), places


def choose_metadata(
    raw: str,
    columns: dict[str, str | None],
    page: tuple[tuple[str, str, str], ...] = (),
    page_text: str | None = None,
    lines: ArticleLines | None = None,
    site_suffixes: frozenset[str] = frozenset(),
    header: tuple[tuple[str, str, str], ...] = (),
) -> ChosenMetadata:
    """Each field from its most reliable plausible source.

    Order: the file's columns (the user's own data), then the article's own text (byline,
    dateline, source and date lines; on a forum thread only the first post), then for the
    author a poster's handle the page labels as such (`page_poster`), then the page's
    structured data, meta tags, trafilatura's
    guesses and the <title> tag. `page_text` is the visible text of the page (the raw text when
    not given): a date guessed from the page must be written there, which rules out a copyright
    year turned into 1 January and a crawl date; a date the page declares (JSON-LD
    datePublished, a publication-date meta tag) is believed unless it is a 1 January written
    nowhere on the page. `site_suffixes` are title pieces that end the titles of several pages
    of the import's batch (`recurring_title_suffixes`): the site's, cut from every title.
    `header` holds the (field, value, source) of the labelled lines opening a text file
    (`export_header`): tried right after the columns, and like the text's values only when
    plausible.
    """
    # Replies after the story (a forum thread) name their own posters and times: only the
    # story is read for the article's own fields.
    replies = thread_lines(raw)
    if replies:
        raw, lines = raw[: replies[0][0]], None
    found = extract_metadata(raw, lines)
    written = raw if page_text is None else page_text
    candidates: dict[str, list[tuple[str, str]]] = {name: [] for name in FIELDS}
    for name in ("title", "published", "author", "outlet"):
        value = columns.get(name)
        if value:
            candidates[name].append((value, COLUMN))
    for name, value, source in header:
        if name in candidates:
            candidates[name].append((value, source))
    if found.published_text:
        candidates["published"].append((found.published_text, ARTICLE_TEXT))
    if found.author:
        candidates["author"].append((found.author, BYLINE))
    byline = text_byline(raw, lines)
    if byline:
        candidates["author"].append((byline, BYLINE))
    # Credits the page sets in its own elements next to the story, which the extracted text
    # may lack: a reporter line above the first paragraph, an editor's line under the last.
    credits = page_credits(page_text, raw) if page_text else PageCredits()
    # Names credited with photos, read only when an author from the page needs checking.
    photographers: set[str] | None = None
    if credits.byline:
        candidates["author"].append((credits.byline, PAGE_TEXT))
    poster = page_poster(page_text, raw) if page_text else None
    if poster:
        candidates["author"].append((poster, POSTER))
    if found.editor:
        candidates["editor"].append((found.editor, ARTICLE_TEXT))
    if credits.editor:
        candidates["editor"].append((credits.editor, PAGE_TEXT))
    if found.outlet:
        candidates["outlet"].append((found.outlet, ARTICLE_TEXT))
    if credits.source:
        candidates["outlet"].append((credits.source, PAGE_TEXT))
    # <meta name="source"> names the story's source as a 来源 line does (corpus.extraction
    # reads it as the field "source"): before the site's own names.
    candidates["outlet"].extend((value, where) for name, value, where in page if name == "source")
    around = extract_metadata(page_text) if page_text else None
    address_date = date_in_address(next((value for name, value, _ in page if name == "url"), None))
    # The page's text read by its labels alone (the line after 作者: or 来源:): a name must
    # open with a family name there.
    label_only = around.author if around is not None else None
    for source in PAGE_SOURCES:
        if source == "trafilatura" and around is not None:
            # Values written around the article on the page beat trafilatura's guesses.
            page_dates_at = len(candidates["published"])
            if around.published_text:
                candidates["published"].append((around.published_text, PAGE_TEXT))
            # The page's dates by how near the story they stand: the one right above its
            # first paragraph (under the headline), then the one in the page's address, then
            # one further up (the site's clock in the page's chrome may be it), then the first
            # one the page's text reads, which may be a related story's.
            above, distance = date_above_story_at(page_text or "", raw, lines)
            if above and distance <= _NEAR_STORY_CHARS:
                candidates["published"].insert(page_dates_at, (above, PAGE_TEXT))
                page_dates_at += 1
            if address_date is not None and date_written_in(address_date, written):
                candidates["published"].insert(
                    page_dates_at, (address_date.isoformat(), PAGE_ADDRESS)
                )
                page_dates_at += 1
            if above and distance > _NEAR_STORY_CHARS:
                candidates["published"].insert(page_dates_at, (above, PAGE_TEXT))
            if around.author:
                candidates["author"].append((around.author, PAGE_TEXT))
        for name, value, where in page:
            if where == source and name in candidates:
                candidates[name].append((value, source))
    if found.title and not (header and header_label(found.title) is not None):
        # A header's 标题：… line refused above is no headline as a first line either.
        candidates["title"].append((found.title, FIRST_LINE))

    sources: dict[str, str] = {}
    # JSON-LD of another article (a story the site appended, a related one): no evidence for
    # this article's fields, and said so.
    rejected: list[tuple[str, str, str, str]] = [
        (name, value, PAGE_SOURCES[0], _OTHER_ARTICLE_WHY)
        for name, value, where in page
        if where == OTHER_ARTICLE_DATA and name in FIELDS
    ]
    chosen: dict[str, str | None] = dict.fromkeys(FIELDS)
    published: datetime.date | None = None

    for value, source in candidates["outlet"]:
        outlet, why = plausible_outlet(value)
        if outlet is not None:
            chosen["outlet"], sources["outlet"] = outlet, source
            break
        rejected.append(("outlet", value, source, why or ""))
    # The site's name that the page's <title> (or a title meta tag) carries after the headline.
    title_site = next(
        (
            (suffix, where)
            for wanted in ("title tag", "meta tag")
            for name, value, where in page
            if name == "title" and where == wanted and (suffix := site_suffix(value))
        ),
        None,
    )
    if title_site is None and chosen["outlet"] is None:
        # A name the page's titles end with that does not read as a site's by its wording
        # (RTHK, 上報), confirmed by the page's address or by its other title: only when
        # nothing else names the outlet.
        named = title_named_site(page)
        title_site = (named, TITLE_TAG) if named else None
    if chosen["outlet"] is None and title_site is not None:
        # Last resort: no source, no site name but the one in the title.
        chosen["outlet"], sources["outlet"] = title_site
    site, site_source = _publishing_site(page, title_site)
    if site is not None and chosen["outlet"] and site in chosen["outlet"]:
        site = site_source = None
    site_names = {value.strip() for value, _ in candidates["outlet"] if value.strip()}
    site_names.update(site_suffixes)
    if chosen["outlet"]:
        site_names.add(chosen["outlet"])
    # The pieces after the headline in the page's <title> name its site and section (… - 晴報
    # - 港聞 - 要聞): a page's author field that says only one of them names no person.
    title_pieces = title_suffixes(page) | site_names
    for value, source in candidates["title"]:
        # A file's column and a 标题：/Title: field are the user's or the export's own
        # headline: taken as written, however short (a page's short title is a menu entry).
        title, why = (
            (" ".join(value.split()) or None, None)
            if source in (COLUMN, HEADER_FIELD)
            else plausible_title(value, site_names)
        )
        if title and source != COLUMN and page_text:
            # The headline the page prints beats a meta title that dresses it with a section
            # name and a structured-data headline that shortens it.
            printed = printed_headline(
                title,
                page_text,
                raw,
                titles=tuple(
                    found for name, found, where in page if name == "title" and where != source
                ),
                headings=tuple(found for name, found, _ in page if name == PAGE_HEADING),
            )
            if printed is not None:
                rejected.append(("title", value, source, _DRESSED_HEADLINE_WHY))
                title, source = printed, PAGE_TEXT
        if title:
            chosen["title"], sources["title"] = title, source
            break
        rejected.append(("title", value, source, why or ""))
    for field_name in ("author", "editor"):
        for value, source in candidates[field_name]:
            names: str | None
            if source == COLUMN:
                names, why = value.strip(), None
            elif source == POSTER:
                why = plausible_handle(value)
                names = None if why else value
            else:
                names, why = plausible_authors(
                    value,
                    from_page=source in PAGE_SOURCES,
                    family_name=source == PAGE_TEXT and value == label_only,
                )
                if names and all(name in title_pieces for name in names.split(", ")):
                    names, why = None, "the page's section or site, named in its title"
            # A name the page credits with a photograph only (新华社发（某某摄）) is the
            # photographer's, whatever label the page's markup gives it.
            if names and field_name == "author" and source not in (COLUMN, BYLINE):
                if photographers is None:
                    photographers = photo_credited_names(f"{credits.around}\n{raw}")
                if all(name in photographers for name in names.split(", ")):
                    names, why = None, "the page credits this name with a photo, not the report"
            if names:
                chosen[field_name], sources[field_name] = names, source
                break
            rejected.append((field_name, value, source, why or ""))
    for value, source in candidates["published"]:
        if source == ARTICLE_TEXT:
            date = found.published
        elif source in _HEADER_SOURCES:
            date = parse_field_date(value)
        else:
            date = date_of(value)
        if date is None:
            rejected.append(("published", value, source, "not a calendar date"))
            continue
        # The page's own declaration of its publication time is believed unless it is a
        # 1 January that nothing on the page writes (a copyright year made into a date);
        # trafilatura's guesses and the title tag must be written on the page.
        unwritten = source not in _WRITTEN_SOURCES and not date_written_in(date, written)
        if unwritten and (source not in _DECLARED_DATE_SOURCES or (date.month, date.day) == (1, 1)):
            rejected.append(("published", value, source, "not written on the page"))
            continue
        chosen["published"], published, sources["published"] = value.strip(), date, source
        break
    missing = tuple(name for name in FIELDS if name != "editor" and chosen[name] is None)
    return ChosenMetadata(
        site=site,
        site_source=site_source,
        title=chosen["title"],
        outlet=chosen["outlet"],
        published=published,
        published_text=chosen["published"],
        author=chosen["author"],
        editor=chosen["editor"],
        sources=sources,
        rejected=tuple(rejected),
        missing=missing,
    )


def _publishing_site(
    page: tuple[tuple[str, str, str], ...], title_site: tuple[str, str] | None
) -> tuple[str | None, str | None]:
    """The name of the site that published the page, and where it was read, or (None, None).

    The page's own declarations first (JSON-LD publisher, og:site_name), then the <title>'s
    suffix, then trafilatura's guess; a host name or a section is no name.
    """
    for source in ("structured data", "meta tag"):
        for name, value, where in page:
            if name == "outlet" and where == source:
                site = plausible_outlet(value)[0]
                if site:
                    return site, source
    if title_site is not None:
        return title_site
    for name, value, where in page:
        if name == "outlet" and where == "trafilatura":
            site = plausible_outlet(value)[0]
            if site:
                return site, where
    return None, None


# The key of Article.extra that records the publishing site when the outlet is another.
PUBLISHING_SITE = "publishing_site"


def metadata_with_sources(
    values: dict[str, object], extra: dict[str, object] | None
) -> dict[str, dict[str, object]]:
    """{field: {"value": ..., "source": ...}} for an article's stored fields and its extra.

    `values` maps the FIELDS to the stored values (a date is given as its ISO text); the
    sources are the ones the import recorded in extra["metadata_sources"] (None for a field
    nothing plausible gave, and for articles imported before sources were recorded). When the
    import recorded the publishing site apart from the outlet (extra["publishing_site"]), the
    outlet's entry holds it as "publishing_site": {"value": ..., "source": ...}. A section,
    page or length read from an export's header is added under its name, in the same form.
    """
    recorded = (extra or {}).get(METADATA_SOURCES)
    sources = recorded if isinstance(recorded, dict) else {}
    form: dict[str, dict[str, object]] = {}
    for name in FIELDS:
        value = values.get(name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        form[name] = {"value": value, "source": sources.get(name) if value is not None else None}
    # The site that published the page, when the outlet is the story's credited source.
    site = (extra or {}).get(PUBLISHING_SITE)
    if isinstance(site, dict) and site.get("value"):
        form["outlet"]["publishing_site"] = {"value": site["value"], "source": site.get("source")}
    # A section, page or length an export's header gave (HEADER_EXTRA_FIELDS), with its source.
    for name in HEADER_EXTRA_FIELDS:
        kept = (extra or {}).get(name)
        if isinstance(kept, dict) and kept.get("value"):
            form[name] = {"value": kept["value"], "source": kept.get("source")}
    return form


# --------------------------------------------------------------------------------------------
# Header fields of news-database exports and of typed files
# --------------------------------------------------------------------------------------------

# The detail of the edits that remove those lines (corpus.importer makes them metadata edits).
HEADER_DETAIL = "header field of a news-database export"
UNDER_TITLE_DETAIL = "outlet and date line under the title"
# The fields of an export's header kept in Article.extra as {"value": ..., "source": ...}.
HEADER_EXTRA_FIELDS = ("section", "page", "length")

# Each label the exports and typed files write (Simplified, Traditional, English), by field.
# 慧科 WiseNews and 人民日报图文数据库 write 标题/来源/日期/版次/版面/栏目/作者/字数; CNKI's
# newspaper records 报纸名称/出版日期/版号/栏目; Factiva and LexisNexis, when the fields are
# labelled, Title/Source/Byline/Section/Page/Length; researchers typing a file write their own.
_HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "標題", "题目", "題目", "题名", "題名", "篇名", "title", "headline"),
    "outlet": (
        "来源", "來源", "媒体", "媒體", "报纸名称", "報紙名稱", "报刊名称", "報刊名稱",
        "报纸", "報紙", "报刊", "報刊", "刊名", "出处", "出處",
        "source", "publication", "newspaper",
    ),
    "published": (
        "日期", "发布时间", "發佈時間", "發布時間", "发布日期", "發佈日期", "發布日期", "出版日期",
        "发表日期", "發表日期", "刊发日期", "刊發日期", "见报日期", "見報日期", "时间", "時間",
        "date", "publication date", "published",
    ),
    "author": ("作者", "记者", "記者", "author", "byline", "by"),
    "editor": ("责任编辑", "責任編輯", "责编", "責編", "编辑", "編輯", "editor"),
    "section": ("栏目", "欄目", "版名", "专栏", "專欄", "section", "column"),
    "page": ("版次", "版面", "版号", "版號", "page", "edition"),
    "length": ("字数", "字數", "length", "word count", "words"),
    # Read so that the line leaves the text with the header, not kept as a value.
    "": ("语种", "語種", "language", "文章编号", "文章編號", "load-date", "publication-type"),
}  # fmt: skip
_HEADER_FIELD_OF = {label: name for name, labels in _HEADER_LABELS.items() for label in labels}
_HEADER_LABEL_ALTERNATIVES = "|".join(
    re.escape(label) for label in sorted(_HEADER_FIELD_OF, key=len, reverse=True)
)
_TITLE_LABELS = "|".join(re.escape(label) for label in _HEADER_LABELS["title"])
# 标题：…, 【标题】…, Title: …, SECTION: … — the label alone before its colon or in brackets.
_HEADER_LINE_RE = re.compile(
    rf"(?:[【\[](?P<blabel>{_HEADER_LABEL_ALTERNATIVES})[】\]]\s*[:：]?"
    rf"|(?P<label>{_HEADER_LABEL_ALTERNATIVES})[ \t\u3000]*[:：])[ \t\u3000]*(?P<value>.*)",
    re.I,
)
# A line opening with a title field, in a text holding several articles (corpus.readers).
TITLE_FIELD_LINE_RE = re.compile(
    rf"^[ \t\u3000\ufeff]*(?:[【\[](?:{_TITLE_LABELS})[】\]]|(?:{_TITLE_LABELS})[ \t\u3000]*[:：])",
    re.I | re.M,
)
_HEADER_SCAN_LINES = 40  # a header is never further down than this
_HEADER_SCAN_CHARS = 8000
_HEADER_OFFSET_LINES = 4  # unlabelled lines (the title, an outlet) a labelled block may follow
_BY_RE = re.compile(r"(?i:by)\s+")
_PAGE_RE = r"第?\s*[A-Za-z]?\d{1,3}\s*版(?:\s*[:：]\s*[^\s:：]{1,10})?"
# The line under a headline that names the paper, the day and maybe the page and reporters:
# 江城晚报 2025-04-02 记者 赵磊, 江城日报  2025/05/20  第A03版, 《江城日报》2025年4月2日.
_UNDER_TITLE_RE = re.compile(
    rf"《?(?P<outlet>[{CJK}][{CJK}A-Za-z0-9·]{{1,19}}|[A-Za-z][A-Za-z.&' ]{{1,40}}?)》?"
    rf"[ \t\u3000]*(?P<date>{DATE_RE.pattern})"
    rf"(?:[ \t\u3000]+(?P<page>{_PAGE_RE}))?"
    rf"(?:[ \t\u3000]+(?:(?:本报|本報)?(?:记者|記者|作者|文)"
    rf"[ \t\u3000]*[:：{SLASHES}]?[ \t\u3000]*)"
    rf"(?P<names>[{CJK}·]{{2,4}}(?:[ \t\u3000、，,]+[{CJK}·]{{2,4}}){{0,5}}))?"
)


@dataclass(frozen=True, slots=True)
class ExportHeader:
    """What the lines opening a text file say: (field, value, source) and the lines' spans.

    `fields` holds a field of `_HEADER_LABELS` (title, outlet, published, author, editor,
    section, page, length) with its value as written and its source (HEADER_FIELD or
    LINE_UNDER_TITLE); `spans` the (start, end, HEADER_DETAIL) spans of raw those lines take,
    which cleaning removes as edits and corpus.importer records as metadata edits
    (UNDER_TITLE_DETAIL for the line under the title).
    """

    fields: tuple[tuple[str, str, str], ...] = ()
    spans: tuple[tuple[int, int, str], ...] = ()


NO_HEADER = ExportHeader()


def header_label(line: str) -> str | None:
    """The field a header line's label names ("" for a label read and not kept), or None."""
    match = _HEADER_LINE_RE.fullmatch(line.strip(" \t\u3000\ufeff"))
    if match is None:
        return None
    return _HEADER_FIELD_OF[(match["label"] or match["blabel"]).lower()]


def export_header(raw: str) -> ExportHeader:
    """The header fields that open `raw`, or the line under its title, else NO_HEADER.

    A header is a run of labelled lines (标题：…, 來源：…, Date: …), blank lines allowed between,
    at the top of the text or under at most a few unlabelled lines (an outlet's or a title's);
    it must hold a title label or two labelled lines, so that a single 来源 line (which the
    text's own rules read) is left to them. Without a title field, the line right under the
    first line (the headline) is read when it holds an outlet and a date and nothing else but
    a page and reporters (江城晚报 2025-04-02 记者 赵磊).
    """
    if not raw:
        return NO_HEADER
    lines: list[tuple[int, int, str]] = []  # (start, end of content, stripped) of non-blank lines
    at = 0
    # Only the top is read: a long file is not split into lines for it.
    head = raw[:_HEADER_SCAN_CHARS]
    head_lines = head.splitlines(keepends=True)
    if len(head) < len(raw) and head_lines:
        head_lines.pop()  # cut short: not a whole line
    for number, line in enumerate(head_lines):
        if number >= _HEADER_SCAN_LINES:
            break
        content = line.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        stripped = content.strip(" \t\u3000\ufeff\xa0")
        if stripped:
            lines.append((at, at + len(content), stripped))
        at += len(line)
    fields: list[tuple[str, str, str]] = []
    spans: list[tuple[int, int, str]] = []
    for first in range(min(_HEADER_OFFSET_LINES, len(lines))):
        block = _labelled_block(lines, first)
        if len(block) >= 2 or (block and block[0][0] == "title"):
            for name, value, start, end in block:
                spans.append((start, end, HEADER_DETAIL))
                if name and value:
                    fields.append((name, value, HEADER_FIELD))
            break
        if block:
            break  # one labelled line alone: the text's own rules read it
    if not any(name == "title" for name, _, _ in fields) and len(lines) >= 2:
        start, end, text = lines[1]
        if not spans or spans[0][0] > start:
            under = _UNDER_TITLE_RE.fullmatch(text)
            if under is not None:
                spans.insert(0, (start, end, UNDER_TITLE_DETAIL))
                for name, group in (
                    ("outlet", "outlet"),
                    ("published", "date"),
                    ("page", "page"),
                    ("author", "names"),
                ):
                    if under[group]:
                        fields.append((name, under[group].strip(), LINE_UNDER_TITLE))
    if not spans:
        return NO_HEADER
    return ExportHeader(tuple(fields), tuple(spans))


def _labelled_block(
    lines: list[tuple[int, int, str]], first: int
) -> list[tuple[str, str, int, int]]:
    """The run of labelled lines from lines[first]: (field, value, start, end) each."""
    block: list[tuple[str, str, int, int]] = []
    for start, end, text in lines[first:]:
        match = _HEADER_LINE_RE.fullmatch(text)
        if match is None:
            break
        name = _HEADER_FIELD_OF[(match["label"] or match["blabel"]).lower()]
        value = match["value"].strip(" \t\u3000")
        if name == "author":
            value = _BY_RE.sub("", value, count=1) if _BY_RE.match(value) else value
        block.append((name, value, start, end))
    return block
