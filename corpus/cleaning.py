"""Cleaning of scraped Chinese news articles: inserted pinyin, web boilerplate, metadata lines.

This module owns the decision of what, beyond normalisation (corpus/normalise.py), is not part
of an article: pinyin that conversion sites insert after characters (網(wǎng)), SEO spam lines,
related/hot/latest-article lists, place-name lists, copyright, ICP and site-operator lines,
image file names, share/app/navigation lines, page numbers, repeated site names, tables of
other articles' headlines (also run together with their times), a video player's interface, a
user-channel platform's notice about its users' content, a second story printed at the end of
the article with its own headline and byline, what a page's hidden fields leave in the text
(its address, its tags, its article ID), a line that is a label and a web address (直播連結：
https://…), the site's promotion of its own programme or app (《某某新聞網》每天16:00~22:00
特別報導…敬請鎖定), and the lines that only carry metadata (source,
date, reporter, editor), whose values corpus/metadata.py reads. It also flags lossy mojibake,
which cannot be repaired and must be checked by a person.

Every change is an `Edit` on the raw text, so a user can review each removal and put it back.
Boilerplate is judged line by line on a "view" of each raw line (pinyin stripped, edges
trimmed); a removed line is one edit that takes the whole line with its line break, and the
normalisation and pinyin edits inside it are dropped, so edits never overlap. Restoring a
removed line brings back its raw text exactly as it was in the source.

The rules prefer leaving noise over losing text: a line that reads like a body paragraph (a
sentence ending in 。！？ with clause punctuation, or a long line) is never removed, except
inside a related-articles list where teaser paragraphs are cut mid-sentence or bulleted, and
except a hidden field's line, which is long without being prose (a bare address, a run of tags
between ASCII commas), and except a promotion, which must name a medium in 《》, call the
reader to watch, download or follow, and give a schedule or speak to the reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import attrgetter

from corpus.normalise import (
    EDGE_CHARACTERS,
    ODD_SPACE_CHARACTERS,
    LineSpan,
    blank_line_edits,
    character_edits,
    line_spans,
    split_lines,
    without_covered,
)
from corpus.text import Edit, apply_edits, merge_edits

# --------------------------------------------------------------------------------------------
# Inserted pinyin
# --------------------------------------------------------------------------------------------

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛ"
_TONED_NASALS = "ńňǹḿ"
_COMBINING_TONES = "\u0300\u0301\u0304\u030c"
TONE_MARKS = _TONED_VOWELS + _TONED_NASALS + _COMBINING_TONES
_VOWELS = "aeiouüvêAEIOUÜV" + _TONED_VOWELS + _COMBINING_TONES
PINYIN_LETTERS = "a-zA-ZüÜê" + TONE_MARKS
# One syllable: optional initial, a vowel cluster, optional nasal or r ending; or a syllabic
# nasal (嗯 ńg, 呣 ḿ). Checking the shape keeps `(café)` or `(José)` from being taken for pinyin.
_SYLLABLE = (
    r"(?:(?:[zcsZCS]h|[bpmfdtnlgkhjqxrzcsywBPMFDTNLGKHJQXRZCSYW])?"
    rf"[{_VOWELS}]{{1,4}}(?:ng|n|r)?"
    rf"|[nN{_TONED_NASALS}]g?|[mḿ])"
)
# Pinyin comes right after a CJK character, or after one stray Latin letter or caret that
# mojibake left where a character was (幸?,F(xiàn)代, 瓍^(qū)). At least one tone mark is
# required: (logo), (ID), (YUE) and (2024) are not pinyin. A neutral-tone syllable has no tone
# mark, so it is taken only after the particles that carry it (們(men), 的(de), 了(le)).
# Starting the pattern with the parenthesis lets the regex engine skip ahead to candidates.
_NEUTRAL_TONE = (
    "(?<=[們们][(（])men|(?<=[的地得][(（])de|(?<=了[(（])le|(?<=[麼么麽][(（])me|(?<=呢[(（])ne"
    "|(?<=[嗎吗][(（])ma|(?<=吧[(（])ba|(?<=子[(（])zi|(?<=[著着][(（])zhe|(?<=[個个][(（])ge"
    "|(?<=[頭头][(（])tou|(?<=[裡里][(（])li"
)
_PINYIN_RE = re.compile(
    r"[(（](?:"
    rf"(?:(?<=[{CJK}][(（])|(?<=[{CJK}?,!\ue000-\uf8ff\ufffd][A-Za-z^_][(（]))"
    rf"(?=[^)）\r\n]{{0,30}}?[{TONE_MARKS}])"
    rf"{_SYLLABLE}(?:[ '’]{_SYLLABLE}){{0,3}}"
    rf"|{_NEUTRAL_TONE})[)）]"
)
# Pinyin cut by a line break, `區(q` + newline + `ū)`: removed only when the two halves make one
# toned syllable; the line break itself stays.
_PINYIN_SPLIT_RE = re.compile(
    rf"[(（](?<=[{CJK}][(（])(?P<head>[{PINYIN_LETTERS}]{{1,6}})"
    rf"(?P<br>\r\n|[\r\n])(?P<tail>[{PINYIN_LETTERS}]{{1,6}})[)）]"
)
_TONED_SYLLABLE_RE = re.compile(rf"(?=.*[{TONE_MARKS}]){_SYLLABLE}")


def _split_pinyin_ok(match: re.Match[str]) -> bool:
    return _TONED_SYLLABLE_RE.fullmatch(match["head"] + match["tail"]) is not None


def _keep_break(match: re.Match[str]) -> str:
    return match["br"] if _split_pinyin_ok(match) else match[0]


def strip_pinyin(text: str) -> str:
    """Remove inserted pinyin from `text`: 網(wǎng) becomes 網; (logo) and (2024) stay.

    Line breaks are never removed, so the result has as many lines as `text`.
    """
    text = _PINYIN_RE.sub("", text)
    if "(" in text or "（" in text:
        text = _PINYIN_SPLIT_RE.sub(_keep_break, text)
    return text


def pinyin_edits(raw: str) -> list[Edit]:
    """One removal for each inserted pinyin in `raw` (two for pinyin cut by a line break)."""
    edits = [
        Edit(m.start(), m.end(), "", "pinyin", "inserted pinyin") for m in _PINYIN_RE.finditer(raw)
    ]
    split = [m for m in _PINYIN_SPLIT_RE.finditer(raw) if _split_pinyin_ok(m)]
    if split:
        for m in split:
            edits.append(Edit(m.start(), m.start("br"), "", "pinyin", "pinyin cut by a line break"))
            edits.append(Edit(m.start("tail"), m.end(), "", "pinyin", "pinyin cut by a line break"))
        edits.sort(key=_START)
    return edits


# --------------------------------------------------------------------------------------------
# Mojibake flags
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Flag:
    """Something in the cleaned text that a person should check; offsets into the cleaned text."""

    kind: str
    start: int
    end: int
    message: str


MOJIBAKE_MESSAGE = (
    "Lossy mojibake (text that was decoded with the wrong encoding before it was saved): it "
    "cannot be repaired; check this passage against the source."
)
_CP1252_TRAIL = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_MOJIBAKE_START = "\ufffd\ue000-\uf8ff?锟烫屯鈥銆锛\u00c3-\u00ef"
# One leading character class, then the branch chosen by a lookbehind on that character: a
# pattern that starts with alternatives would make the regex engine try each of them at every
# position of the text, several times slower.
_MOJIBAKE_RE = re.compile(
    rf"[{_MOJIBAKE_START}](?:"
    # Replacement characters and Private Use Area characters: bytes that had no character.
    r"(?<=[\ufffd\ue000-\uf8ff])[\ufffd\ue000-\uf8ff]*"
    # UTF-8 read as GBK and saved: a lost byte became "?" and the rest of the character turned
    # into ASCII punctuation stuck to garbled characters (幸?,F代, 啦?!苯眨_州). A "?!"
    # counts only when the garbled run ends in the tell-tale "_", "^" or a byte with no
    # character: "真的?!我不信" is a genuine question.
    r"|(?<=\?),[^\s，。、；：“”‘’,.;:!?()（）]{1,4}"
    r"|(?<=\?)![^\s，。、；：“”‘’「」『』《》,.;:!?()（）_^]{0,3}[_^\ue000-\uf8ff\ufffd]"
    # ...or a "?" swallowed the opening parenthesis of inserted pinyin (們?nèi)粘).
    rf"|(?<=[{CJK}]\?)[{PINYIN_LETTERS}]{{1,6}}[)）}}]"
    # Classic GBK renderings of UTF-8 punctuation and of U+FFFD.
    r"|(?<=锟)斤拷|(?<=烫)烫烫|(?<=屯)屯屯|(?<=[鈥銆锛])[\u4e00-\u9fff?\ue000-\uf8ff]"
    # UTF-8 read as Latin-1 or cp1252 (æ–°é—»), two characters' worth or more.
    rf"|(?<=[\u00c3-\u00ef])[{_CP1252_TRAIL}]{{1,2}}(?:[\u00c3-\u00ef][{_CP1252_TRAIL}]{{1,2}})+"
    r")"
)
_FLAG_GAP = 3  # flags this close together describe one damaged passage


LATIN1_MESSAGE = (
    "Mojibake (UTF-8 text that was read as Latin-1 or cp1252, such as æ–°é—»): re-import the "
    "file with the right encoding, or check this passage against the source."
)
_LATIN1_LEADS = frozenset(chr(code) for code in range(0xC3, 0xF0))


def mojibake_flags(text: str) -> list[Flag]:
    """Flags for the stretches of `text` that look like mojibake (nearby ones merged)."""
    spans: list[list[int]] = []  # start, end, and 1 if any part is lossy
    for match in _MOJIBAKE_RE.finditer(text):
        start, end = match.span()
        lossy = 0 if text[start] in _LATIN1_LEADS else 1
        if spans and start - spans[-1][1] <= _FLAG_GAP:
            spans[-1][1] = end
            spans[-1][2] |= lossy
        else:
            spans.append([start, end, lossy])
    return [
        Flag("mojibake", start, end, MOJIBAKE_MESSAGE if lossy else LATIN1_MESSAGE)
        for start, end, lossy in spans
    ]


# --------------------------------------------------------------------------------------------
# Line rules
# --------------------------------------------------------------------------------------------

_START = attrgetter("start")
_ODD_SPACE_RE = re.compile(f"[{ODD_SPACE_CHARACTERS}]")

BOILERPLATE = "boilerplate"
METADATA = "metadata"
BLANK = "blank"

_CLOSERS = '”」』’"）)'
_SENTENCE_ENDS = "。！？!?…"
_CLAUSE_RE = re.compile(r"[，,；;]")
_FULL_STOP_RE = re.compile(r"[。！？]")
_BULLET_RE = re.compile(r"[•·●◦▪■□◆◇▶►‣⁃※*]")

_SPAM_STRONG = (
    "无码|無碼|一区二区|一區二區|二区三区|二區三區|久久|午夜|人妻|熟女|毛片|黄片|黃片|色情|"
    "偷拍|偷窥|偷窺|乱伦|亂倫|伦理片|倫理片|三级片|三級片|棋牌(?!室)|彩票|博彩|赌场|賭場|"
    "百家乐|百家樂|老虎机|老虎機|娱乐城|娛樂城|六合彩|时时彩|時時彩|欧美|歐美|日韩|日韓|"
    "中文字幕|杂交|雜交|狂配|少妇|少婦|巨乳|丝袜|絲襪|性爱|性愛|成人(?:影|视|視|网|網|电|電|小说|小說|片)|"
    "私服|网赚|網賺|刷单|刷單|返利|比分直播|日结|日結|秒到账|秒到賬|赌球|賭球|足彩|体育投注|體育投注|"
    "真人视讯|真人視訊|开户送|開戶送|注册送|註冊送|彩金|"
    # Literal spellings (not [Aa][Vv]) keep every alternative starting with a literal, which
    # lets the regex engine skip ahead; the lookarounds keep "av" inside words out.
    r"av(?<![A-Za-z]av)(?![A-Za-z])|AV(?<![A-Za-z]AV)(?![A-Za-z])|Av(?<![A-Za-z]Av)(?![A-Za-z])"
)
_SPAM_WEAK = "亚洲|亞洲|精品|免费|免費|在线|在線|视频|視頻|高清|国产|國產|美女|福利|真人|小说|小說"
_SPAM_STRONG_RE = re.compile(_SPAM_STRONG)
_SPAM_WEAK_RE = re.compile(_SPAM_WEAK)
_LIST_SEPARATOR_RE = re.compile(r"[,，、\s|]+")

_PLACE_LIST_RE = re.compile(r"(?:[^|｜]{1,12}[|｜]\s*){4,}[^|｜]{0,12}")

# Each phrase here only ever occurs in copyright and republication notices; words that also
# occur in news text (版权 alone, 未经授权 alone, 转载) need a companion word.
_COPYRIGHT_START_RE = re.compile(
    r"[【\[(（]?(?:(?:版权|版權|著作权|著作權)(?:所有|声明|聲明|说明|說明|作品|信息|归|歸|[:：©])"
    r"|[Cc]opyright|COPYRIGHT|©|\([Cc]\)|免责声明|免責聲明|本文来自|本文來自|本文转自|本文轉自"
    r"|本文系|本文係|凡本网|凡本網|凡注明|特别声明|特別聲明|声明[:：]|聲明[:：])"
)
_COPYRIGHT_ANY_RE = re.compile(
    r"(?:未经|未經)(?:授权|授權|许可|許可|同意)[^。]{0,6}(?:转载|轉載|使用|复制|複製|刊登|摘编|摘編|镜像|鏡像)|"
    r"禁止转载|禁止轉載|严禁转载|嚴禁轉載|不得转载|不得轉載|谢绝转载|謝絕轉載|"
    r"转载请注明|轉載請註明|轉載請注明|转载须注明|轉載須註明|轉載須注明|"
    r"版权所有|版權所有|版权归|版權歸|All rights reserved|all rights reserved|ALL RIGHTS RESERVED|"
    r"保留所有权利|侵权必究|侵權必究|如有侵权|如有侵權|联系删除|聯繫刪除|仅代表作者|僅代表作者|"
    r"不代表本站|不代表本网|不代表本網|本站仅提供|本站僅提供|本站不承担|本站不承擔"
)
# A site's disclaimer about its partners' content: two or more of these phrases in one line,
# whatever its length (a long disclaimer reads like a paragraph).
_DISCLAIMER_RE = re.compile(
    r"著作权纠纷|著作權糾紛|内容合作方|內容合作方|负责其所发布|負責其所發布|真实性、准确性|真實性、準確性|"
    r"不承担任何法律责任|不承擔任何法律責任|不代表本站|不代表本网|不代表本網|仅供参考|僅供參考|"
    r"不构成投资建议|不構成投資建議|网络传输|網絡傳輸|上载该作品|上載該作品"
)
_ICP_RE = re.compile(
    r"ICP备|ICP備|ICP证|ICP證|公网安备|公網安備|网安备|網安備|增值电信业务经营许可证|"
    r"增值電信業務經營許可證|新闻信息服务许可证|新聞信息服務許可證|网络文化经营许可证|"
    r"網絡文化經營許可證|违法和不良信息举报|違法和不良信息舉報"
)
_OPERATOR_RE = re.compile(
    r"(?:主办单位|主辦單位|主办[:：]|主辦[:：]|承办单位|承辦單位|协办单位|協辦單位|技术支持|技術支持|"
    r"运营单位|運營單位|运维单位|運維單位|网站维护|網站維護|网站地图|網站地圖|联系我们|聯繫我們|"
    r"关于我们|關於我們|设为首页|設為首頁|加入收藏|欢迎您访问|歡迎您訪問|欢迎访问|歡迎訪問|"
    r"欢迎光临|歡迎光臨|您是第.{0,12}位)"
)
_IMAGE_ENDINGS = (
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".bmp",
    ".tif",
    ".tiff",
    ".heic",
    "图片",
    "圖片",
    "image",
    "img",
    "photo",
    "]",
)
_IMAGE_RE = re.compile(
    r"(?:[\w\-.~ ()（）]{0,80}\.(?:jpe?g|png|gif|webp|bmp|tiff?|heic)"
    r"|\[?(?:图片|圖片|image|img|photo|IMG)\]?)",
    re.IGNORECASE,
)
_UI_TOKEN = (
    r"(?:下载|下載|打开|打開)[^。]{0,12}?(?:APP|App|app|客户端|客戶端)[^。]{0,12}"
    r"|(?:点击|點擊)[^。，,]{0,8}(?:关注|關注)[^。，,]{0,8}|关注我们|關注我們"
    r"|(?:视频|視頻|图片|圖片)?(?:加载中|加載中)(?:\.{1,3}|…)?|(?:视频|視頻)"
    r"|(?:APP|App)内(?:打开|查看)|分享到.{0,24}|分享至.{0,24}|分享让更多人看到|分享讓更多人看到|分享"
    r"|(?:返回|回到)(?:顶部|頂部|首页|首頁|列表|上页|上頁)|[小中大]字[号號]"
    r"|(?:字[号號]|字体|字體)[:：]?[大中小\s]*|打印本页|打印本頁|打印此文|打印|关闭窗口|關閉窗口|关闭|關閉"
    r"|收藏|纠错|糾錯|举报|舉報|点赞|點讚|评论|評論|在看|阅读原文|閱讀原文"
    r"|(?:放大|查看|显示|顯示)(?:图片|圖片|原图|原圖|大图|大圖)"
    r"|我们一直在努力|我們一直在努力|服务粉丝|服務粉絲|扫一扫.{0,20}|掃一掃.{0,20}"
    r"|(?:扫描|掃描|扫码|掃碼|长按|長按|识别|識別|手机|手機|微信|下方|上方|文末|\s)*二[维維]码"
    r"(?:关注|關注|下载|下載|分享|打开|打開|阅读|閱讀|查看|\s)*"
    r"(?:我们|我們|公众号|公眾號|更多精彩|更多|原文|全文|客户端|客戶端|APP|本文|本页|本頁)?"
    r"|[(（]\d{1,6}[)）]|(?:阅读|閱讀|浏览|瀏覽)\s*\d+"
    r"|微信|微博|QQ空间|QQ空間|朋友圈|QQ"
    r"|广告|廣告|(?:加入)?(?:書籤|书签|最愛|最爱)[:：]?|列印(?:本頁|此頁)?|轉寄(?:好友)?|(?:發送)?推文"
    r"|[小中大]字型|字級(?:設定)?"
)
# A line of one or more of these, each possibly in brackets: 【打印】 【关闭窗口】.
_UI_RE = re.compile(rf"[【\[]?(?:{_UI_TOKEN})[】\]]?(?:[\s|｜/·]*[【\[]?(?:{_UI_TOKEN})[】\]]?)*")
_NAVIGATION_RE = re.compile(
    r"(?:当前位置|當前位置|您的位置|你的位置|您现在的位置|您現在的位置|所在位置)[:：].*"
    r"|[^>»›。，,]{0,15}?(?:首页|首頁)\s*[>»›].*"
    # A breadcrumb: 澄州新闻网 > 新闻频道 > 本地新闻
    r"|[^>»›。，,]{1,15}(?:\s*[>»›]\s*[^>»›。，,]{1,15}){2,}\s*[>»›]?"
    r"|(?:上一篇|下一篇|上一条|下一条|上一條|下一條)(?:[:：\s].*)?"
    r"|(?:首页|首頁|上一页|上一頁)(?:\s*(?:\d{1,3}|上一页|上一頁|下一页|下一頁|尾页|尾頁|…))+"
)
_PAGE_RE = re.compile(r"\d{1,3}|第\s*\d{1,3}\s*[页頁]|\[\s*\d{1,3}\s*\]|-\s*\d{1,3}\s*-")
_RELATED_HEADERS = (
    "相关文章|相关新闻|相关阅读|相关推荐|相关链接|相关报道|相关专题|热门文章|热门新闻|热门推荐|热门排行|"
    "热点新闻|热点推荐|最新文章|最新新闻|最新资讯|最新推荐|推荐阅读|推荐文章|延伸阅读|猜你喜欢|精彩推荐|"
    "更多新闻|更多阅读|往期回顾|往期推荐|今日推荐|编辑推荐|阅读排行|点击排行|图片新闻|"
    "相關文章|相關新聞|相關閱讀|相關推薦|相關鏈接|相關連結|相關報導|相關報道|相關專題|熱門文章|熱門新聞|"
    "熱門推薦|熱門排行|熱點新聞|熱點推薦|最新新聞|最新資訊|最新推薦|推薦閱讀|推薦文章|延伸閱讀|"
    "猜你喜歡|精彩推薦|更多新聞|更多閱讀|往期回顧|往期推薦|今日推薦|編輯推薦|閱讀排行|點擊排行|圖片新聞|"
    "延伸新聞|延伸新闻|相關影片|相关视频|相關視頻|為你推薦|为你推荐|為您推薦|为您推荐|推薦新聞|推荐新闻|"
    "熱門話題|热门话题|熱門資訊|热门资讯|今日熱點|今日热点|即時熱門|即时热门|新聞排行|新闻排行|"
    "精選推薦|精选推荐|編輯精選|编辑精选|人氣排行|人气排行|點閱排行|最多人看|看更多|更多精彩|"
    # The heading of a feed of other stories below the story: 其他新聞, 下一篇新聞：
    "其他新聞|其他新闻|其它新聞|其它新闻|下一篇新聞|下一篇新闻|下一則新聞|下一则新闻|"
    # "You may also like" and "others are reading": 您也可能喜歡…, 你可能感兴趣, 你可能還想看,
    # 其他人也在看, 大家都在看, 讀者還看了
    "[您你](?:也可能|可能也|可能)(?:喜欢|喜歡|感兴趣|感興趣|還想看|还想看|也想看|會喜歡|会喜欢"
    "|錯過了?|错过了?)|(?:其他人|別人|别人|大家|網友|网友|讀者|读者)(?:也|還|还|都)(?:在看|看了|愛看|爱看)|"
    # A section's own list: 政治熱門新聞, 社会相关新闻
    f"[{CJK}]{{2,4}}(?:熱門|热门|相關|相关|即時|即时|最新)(?:新聞|新闻|文章)"
)
_RELATED_RE = re.compile(
    rf"[【\[「《<■●◆▶▼>※|｜\s]*(?:{_RELATED_HEADERS})[】\]」》|｜\s:：>»]*(?:更多\s*[>»]*)?(?:\.{{2,3}}|…)?"
)
# One item of a related-stories list written as a long line: the source, a middle dot and a
# space, then the headline and its summary ("- 某某財經· 標題 摘要…"). Prose never opens
# with a short name glued to a middle dot followed by a space.
_SOURCE_ITEM_RE = re.compile(
    r"(?:[-–—•*]\s*)?[^\s。！？，,：:]{1,20}(?:\s[^\s。！？，,：:]{1,20}){0,2}[·•‧]\s"
)
_MIN_SOURCE_ITEMS = 3
_SOURCE_ITEM_HEAD_CHARS = 70  # a bullet, up to three words of a source, the dot

# Metadata fields. Dates are removed before the fields are read, because a date's colon
# (18:06) would otherwise end a field's value.
_SOURCE_LABELS = (
    "(?:本文|文章|新闻|新聞|信息|稿件|内容|內容)?(?:来源|來源)"
    "|稿源|出处|出處|转自|轉自|转载自|轉載自"
)
_PERSON_LABELS = (
    "特约记者|特約記者|实习记者|實習記者|记者|記者|通讯员|通訊員|实习生|實習生|作者|撰稿|撰文|"
    "摄影|攝影|摄像|攝像|文/图|文/圖|图/文|圖/文|文图|文圖|供稿"
)
_EDITOR_LABELS = (
    "责任编辑|責任編輯|值班编辑|值班編輯|收集编辑|收集編輯|实习编辑|實習編輯|网络编辑|網絡編輯|"
    "责编|責編|编辑|編輯|编审|編審|终审|終審|初审|初審|复审|複審|审核|審核|审校|審校|校对|校對|"
    "主编|主編|美编|美編|监制|監製|统筹|統籌|策划|策劃"
)
_DATE_LABELS = (
    "发布时间|發佈時間|發布時間|发表时间|發表時間|更新时间|更新時間|发布日期|發佈日期|發布日期|"
    "时间|時間|日期"
)
_OTHER_LABELS = (
    "浏览次数|瀏覽次數|浏览量|瀏覽量|点击数|點擊數|点击量|點擊量|阅读量|閱讀量|阅读数|閱讀數|"
    "浏览|瀏覽|阅读|閱讀|点击|點擊|字号|字號|作者单位|作者單位"
)
LABELS = f"{_SOURCE_LABELS}|{_PERSON_LABELS}|{_EDITOR_LABELS}|{_DATE_LABELS}|{_OTHER_LABELS}"
_NAME = rf"[{CJK}·•A-Za-z]{{2,6}}"
NAMES = rf"{_NAME}(?:[、，,\s/]+{_NAME}){{0,8}}?"
# A value ends at the next label, at two spaces, an ideographic space or a tab (pages align
# their fields with them), at a separator or a closing bracket, or at the end of the line.
_FIELD_END = (
    rf"(?=[\s，,、;；]*(?:{LABELS})\s*[:：]|[\s，,、;；]*(?:{_PERSON_LABELS})\s"
    r"|\s{2,}|[\u3000\t]|\s*[|｜丨)）】\]]|\s*$)"
)
_PERSON_END = rf"(?=[\s，,、;；]*(?:{LABELS})(?:\s*[:：]|\s)|\s*[|｜丨)）】\]]|\s*$)"
# A reporter label may carry the outlet in front of it (昆明日报全媒体记者:任翊翔).
_REPORTER_PREFIX = r"(?:[^\s:：|｜()（）【】\[\]，,。]{0,12}?)"
FIELD_RE = re.compile(
    rf"(?P<plabel>{_REPORTER_PREFIX}(?:{_PERSON_LABELS}))(?:\s*[:：]\s*|\s+)(?P<pvalue>{NAMES}){_PERSON_END}"
    rf"|(?P<label>{LABELS})\s*[:：]\s*(?P<value>[^|｜丨:：。！？；;，,\n]{{0,40}}?){_FIELD_END}"
)
DATE_RE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*(?:年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号號]?"
    r"|[-/.](?P<month2>\d{1,2})[-/.](?P<day2>\d{1,2})(?!\d))"
    r"(?:\s*(?:星期|周|週|礼拜|禮拜)[一二三四五六日天])?"
    r"(?:\s*(?:上午|下午|中午|晚上|早上|凌晨)?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
# Every alternative starts with a literal character, which lets the engine skip ahead.
_LABEL_WORDS = sorted(
    {
        word
        for part in (_PERSON_LABELS, _EDITOR_LABELS, _DATE_LABELS, _OTHER_LABELS)
        for word in part.split("|")
    }
    | {"来源", "來源", "稿源", "出处", "出處", "转自", "轉自"},
    key=len,
    reverse=True,
)
_LABEL_HINT_RE = re.compile("|".join(_LABEL_WORDS))
_META_HINT_RE = re.compile("|".join(_LABEL_WORDS) + r"|19\d\d|20\d\d")
_META_LEFTOVER_RE = re.compile(r"[\s|｜丨/／\\·•\-—_–,，、;；:：()（）【】\[\]<>《》「」]+")
_BYLINE_RE = re.compile(rf"[{CJK}·]{{2,4}}(?:[、，,\s]+[{CJK}·]{{2,4}}){{0,7}}")
_KICKER_RE = re.compile(r"[^\s，。,:：]{2,10}(?:\s+[^\s，。,:：]{2,10}){1,4}")
SITE_NAME_RE = re.compile(
    rf"[{CJK}\w·\-—]{{1,20}}(?:网|網|网站|網站|官网|官網|在线|在線|客户端|客戶端|频道|頻道|新闻|新聞"
    r"|日报|日報|晚报|晚報|时报|時報|数字报|數字報|电子报|電子報|电子版|電子版|手机版|手機版"
    r"|融媒|融媒体|融媒體|电视台|電視台|杂志|雜誌|周刊|週刊|新闻中心|新聞中心)"
)
_TITLE_BAD_END_RE = re.compile(r"[。；;，,：:]$")
_TIME_RE = re.compile(r"\d{1,2}[:：]\d{2}")
# A newspaper page header: 临澜日报　2022年10月11日　第03版：社区
_PAGE_HEADER_RE = re.compile(r"第\s*[0-9０-９A-Z]{1,3}\s*版面?(?:\s*[:：]\s*[^\s:：]{1,8})?")
_WORD_PUNCTUATION_RE = re.compile(r"[，。,、：:；;！？!?“”\"()（）]")
_CAPTION_MARKS = ("▲", "△", "▼", "↑", "图为", "圖為", "图：", "圖：", "图:", "圖:", "（图", "(图")
_TOP_LINES = 6

# A platform's one-line notice of its stance on what its users post (网易号, 百家号, 头条号,
# 搜狐号 pages): it speaks of "the content above" or of the platform itself, or says that
# readers' comments are only their own views. Anchored at the line's start (after a label):
# a story that reports such a notice quotes it inside a sentence.
_STANCE_RE = re.compile(
    r"[【\[(（]?(?:(?:特别|特別)?(?:声明|聲明|注|註|提示|说明|說明)[】\])）]?\s*[:：]?\s*)?(?:"
    r"(?:以上|上述|本文|本篇)(?:内容|內容|文章|作品|图文|圖文)?[^。]{0,40}?(?:自媒体|自媒體|平台|平臺)"
    r"[^。]{0,30}?(?:用户|用戶|作者|网友|網友)[^。]{0,30}?(?:上传|上傳|发布|發布|發佈|提供)"
    r"|本(?:平台|站|网|網)(?:仅|僅|只)(?:提供|为|為)"
    r"|(?:网友|網友|读者|讀者|用户|用戶)(?:评论|評論|留言|发言|發言|回应|回應)[^。]{0,6}?(?:仅|僅|只)"
    r"[^。]{0,30}?(?:立场|立場|观点|觀點|看法|意见|意見)"
    r")"
)
_STANCE_LATIN_RE = re.compile(
    r"(?:Notice|NOTICE|Disclaimer|DISCLAIMER|Statement|Note)\s*[:：].{0,300}?"
    r"(?:platform|information storage|do(?:es)? not (?:represent|reflect)|views? of|opinions?)",
)
_STANCE_DETAIL = "platform's notice about its users' content"
# The characters such a notice can open with: checked before either pattern, since nearly
# every line of an article is short enough to be tried.
_STANCE_FIRST = frozenset("【[(（特声聲注註提说說以上本网網读讀用NDS")

# A video player's interface, left as text by the page's player: speed, quality and screen
# buttons, a timer at zero or "played / length", a failed-playback message with its error
# code, and the clip's length with a hint to watch it on Wi-Fi.
_PLAYER_RE = re.compile(
    r"倍速(?:播放)?|播放速度|清晰度|画质|畫質|全屏|全螢幕|退出全屏|静音|靜音|画中画|子母畫面"
    r"|重播|重新播放|自动播放|自動播放|连播|連播|弹幕|彈幕"
    r"|\d(?:\.\d{1,2})?[xX倍]"
    r"|0?0:00(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}:\d{2}(?::\d{2})?\s*/\s*\d{1,2}:\d{2}(?::\d{2})?"
    r"|(?:很抱歉|抱歉|对不起|對不起)?[，,\s]*(?:当前|當前|该|該|此)?(?:视频|視頻|影片|节目|節目)(?:暂时|暫時)?"
    r"(?:播放失败|播放失敗|加载失败|加載失敗|无法播放|無法播放|播放出错|播放出錯|已下线|已下線)[。!！]?"
    r"|(?:错误代码|錯誤代碼|错误码|錯誤碼)\s*[:：]?\s*[\w.\-]{1,20}"
    r"|(?:时长|時長|片长|片長)\s*[:：]\s*\d{1,3}(?::\d{2}){1,2}\s*(?:(?:建议|建議)[^。]{0,20})?"
    r"|(?:建议|建議)\s*(?:在)?\s*(?:WIFI|WiFi|Wi-Fi|wifi|WLAN)\s*(?:环境|環境)?\s*下?"
    r"\s*(?:打开|打開|观看|觀看|播放)"
)
_PLAYER_DETAIL = "video player interface"
# The characters a player line can open with (a cheap test before the pattern).
_PLAYER_FIRST = frozenset(
    "倍播清画畫全退静靜子重自连連弹彈0123456789很抱对對，, 当當该該此视視影节節错錯时時片建"
)
# The expand/collapse toggle a player or summary box glues to the headline it repeats.
_TOGGLE_ENDINGS = ("收起", "展开", "展開", "收合", "收回", "展开全文", "展開全文")
_REPEATED_HEADLINE_DETAIL = "line repeated above the story (headline printed again, menu entry)"
_HEADLINE_MIN_CJK = 4

# Old Taiwan pages' layout tables: other articles' headlines run together, each followed by its
# time in brackets, "標題 (2014/03/19 18:16) 標題 (2014/03/19 18:58) …".
_STAMP_IN_RUN_RE = re.compile(
    r"[(（]\s*(?:19|20)\d{2}[/\-.]\d{1,2}[/\-.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[)）]"
)
_MIN_STAMPS_IN_RUN = 2
_STAMPED_PIECE_MAX_CHARS = 60
_STAMPED_RUN_DETAIL = "other articles' headlines with their times"
# A second story printed inside the article, as old Taiwan pages box a related report: its own
# short headline, then its own bracketed byline (【某某新聞網／綜合報導】, 〔記者某某／台北報導〕).
_SIDEBAR_BYLINE_RE = re.compile(
    r"[【〔\[]\s*[^【】〔〕\[\]]{1,20}?[／/╱][^【】〔〕\[\]]{1,12}?(?:報導|报道|報道)\s*[】〕\]]"
)
_SIDEBAR_HEADLINE_CHARS = (4, 30)
_SIDEBAR_MIN_BODY_BEFORE = 2
_SIDEBAR_DETAIL = "another story printed in the article (its own headline and byline)"

_RELATED_DETAIL = "related-articles list"
_HEADLINE_ROWS_DETAIL = "table rows of other articles' headlines"
_ADDRESS_DETAIL = "web address"
_KEYWORDS_DETAIL = "list of keywords or tags"
_NUMBER_DETAIL = "identifier number"
_TAIL_DETAIL = "headlines of other articles after the article"
_PAGE_DETAIL = "page number"
_UI_DETAIL = "share, app or navigation line"
_IMAGE_DETAIL = "image file name"
_LONG_LINE_DETAIL = "long line of share buttons or headlines"
# A line that is a whole list of other articles by itself: a header right above it heads it.
_WHOLE_LISTS = (_STAMPED_RUN_DETAIL, _LONG_LINE_DETAIL)
# View counts and "more" links inside a related-articles list belong to the list.
_ABSORBED_IN_LISTS = (_RELATED_DETAIL, _PAGE_DETAIL, _UI_DETAIL)
_NOT_FOOTER = (_IMAGE_DETAIL, _PAGE_DETAIL, _STAMPED_RUN_DETAIL, _RELATED_DETAIL)


def is_metadata_line(view: str) -> bool:
    """Whether a (pinyin-stripped, trimmed) line holds only metadata fields and dates."""
    if len(view) > 120 or _FULL_STOP_RE.search(view) or not _META_HINT_RE.search(view):
        return False
    without_dates = DATE_RE.sub(" ", view)
    if _LABEL_HINT_RE.search(without_dates) is None:
        # Only dates, if anything: a date line, or text with a year in it.
        return without_dates != view and not _META_LEFTOVER_RE.sub("", without_dates)
    without_fields = FIELD_RE.sub(" ", without_dates)
    if without_fields == view:
        return False
    return not _META_LEFTOVER_RE.sub("", without_fields)


# The heading of a list or feed of other stories, followed by the next story's headline:
# 下一篇新聞：某某標題, 下一篇：某某標題.
_NEXT_STORY_RE = re.compile(
    r"(?:下一篇|下一則|下一则|下一條|下一条)(?:新聞|新闻|文章|報導|报道)?\s*[:：].{0,60}"
)


def is_list_heading(view: str) -> bool:
    """Whether a (trimmed) line heads a list of other stories: 相關新聞, 更多即時新聞, 其他新聞,
    下一篇新聞：…, in either script.
    """
    if len(view) > 80:
        return False
    return (len(view) <= 40 and _RELATED_RE.fullmatch(view) is not None) or (
        _NEXT_STORY_RE.fullmatch(view) is not None
    )


def ends_sentence(view: str) -> bool:
    """Whether a line ends like a sentence (。！？… possibly followed by closing quotes)."""
    trimmed = view.rstrip(_CLOSERS)
    return (trimmed != "" and trimmed[-1] in _SENTENCE_ENDS) or trimmed.endswith("...")


def is_body_paragraph(view: str) -> bool:
    """Whether a line reads like a paragraph of running text, which cleaning must never remove."""
    size = len(view)
    if size >= 100:
        return True
    if not ends_sentence(view):
        return False
    if size >= 40:
        return True
    # A short line ending in ？ or ！ is more often a headline (社区减负，为何“减”了又“增”？).
    last = view.rstrip(_CLOSERS)[-1:]
    return last not in "？！?!" and _CLAUSE_RE.search(view) is not None


def _is_spam(view: str) -> bool:
    if _FULL_STOP_RE.search(view):
        return False
    strong = {m.group().lower() for m in _SPAM_STRONG_RE.finditer(view)}
    if not strong:
        return False
    if len(strong) >= 2:
        return True
    weak = {m.group() for m in _SPAM_WEAK_RE.finditer(view)}
    return len(weak) >= 2 and len(_LIST_SEPARATOR_RE.split(view)) >= 2


_ITEM_SPLIT_RE = re.compile(r"[\s|｜丨·•/]+")
_CJK_RE = re.compile(f"[{CJK}]")
_MIN_ITEMS = 10
_ITEM_MEAN_CHARS = 16
_ITEM_MAX_CHARS = 60


def _is_run_of_short_items(view: str) -> bool:
    """Whether a long line is many short items (buttons, headlines) rather than prose.

    Only for Chinese lines: English prose also falls into short pieces at its spaces.
    """
    if len(_CJK_RE.findall(view)) * 2 < len(view):
        return False
    items = [item for item in _ITEM_SPLIT_RE.split(view) if item]
    return (
        len(items) >= _MIN_ITEMS
        and sum(map(len, items)) / len(items) <= _ITEM_MEAN_CHARS
        and max(map(len, items)) <= _ITEM_MAX_CHARS
    )


# A line that starts with a web address and holds no prose punctuation is the address alone
# (the page's own URL, percent-encoded or with its headline in the path).
_ADDRESS_STARTS = ("http://", "https://", "http%3A%2F%2F", "https%3A%2F%2F", "www.")
_PROSE_MARK_RE = re.compile(r"[。！？，；：、]")
# A line that is mostly a web address: a short label (直播連結：, 網址：) and the address, nothing
# after it but closing punctuation. A sentence that mentions an address goes on after it
# (…可瀏覽 www.example.hk 查閱。) or says more before it than a label.
_ADDRESS_IN_LINE_RE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")
_ADDRESS_LABEL_MAX_CHARS = 12
_ADDRESS_TRAILER = " 。.）)」』>»"
_ADDRESS_LINE_DETAIL = "link line (a label and a web address)"
# A promotion of the site's own programme or app inside the article: it names a medium in 《》
# (《某某新聞網》, 《某報》客戶端), calls the reader to watch, download or follow (敬請鎖定,
# 歡迎下載), and gives a schedule or speaks to the reader (每天16:00~22:00, 陪您). A news
# sentence quoting a paper (《某報》報導…) has no such call; one with a call but no medium
# (氣象署呼籲民眾鎖定最新消息) stays too.
_MEDIUM_RE = re.compile(
    r"《(?:[^《》]{1,20}(?:新聞網|新闻网|新聞台|新闻台|電視台|电视台|電台|电台|頻道|频道|網|网|台)"
    r"|[A-Za-z0-9 ]{2,20})》"
    r"|《[^《》]{1,20}》(?:客戶端|客户端|APP|App|app|頻道|频道|YouTube|官網|官网|網站|网站"
    r"|粉絲專頁|粉丝专页|公眾號|公众号)"
)
_PROMOTION_CALL_RE = re.compile(
    r"敬請鎖定|敬请锁定|請鎖定|请锁定|鎖定收看|锁定收看|敬請收看|敬请收看|歡迎收看|欢迎收看"
    r"|準時收看|准时收看|敬請期待|敬请期待|敬請關注|敬请关注|"
    r"(?:立即|馬上|马上|歡迎|欢迎|免費|免费|點擊|点击|請|请)(?:下載|下载|訂閱|订阅|追蹤|追踪|關注|关注)"
    r"|掃碼|扫码|按讚|搶先看|抢先看"
)
_SCHEDULE_RE = re.compile(
    r"每天|每日|每晚|每週|每周|連續\s*\d+\s*天|连续\s*\d+\s*天|直播|首播"
    r"|\d{1,2}[:：]\d{2}\s*[~～\-–—至到]\s*\d{1,2}[:：]\d{2}"
    r"|\d{1,2}/\d{1,2}\s*[~～\-–—至到]\s*\d{1,2}/\d{1,2}|[您你]"
)
_PROMOTION_MAX_CHARS = 200
_PROMOTION_DETAIL = "the site's promotion (a programme or app to watch or download)"


def _is_address_line(view: str) -> bool:
    """Whether a line is a web address with at most a short label before it."""
    found = _ADDRESS_IN_LINE_RE.search(view)
    if found is None or view[found.end() :].strip(_ADDRESS_TRAILER):
        return False
    label = view[: found.start()].strip().rstrip(":：").strip()
    return len(label) <= _ADDRESS_LABEL_MAX_CHARS and not _PROSE_MARK_RE.search(label)


def _is_promotion(view: str) -> bool:
    return (
        len(view) <= _PROMOTION_MAX_CHARS
        and "《" in view
        and _MEDIUM_RE.search(view) is not None
        and _PROMOTION_CALL_RE.search(view) is not None
        and _SCHEDULE_RE.search(view) is not None
    )


# A bare number this long is an article or section ID, not a section number (1…7, 01/02) nor a
# page number; a year (2019) is shorter.
_ID_MIN_DIGITS = 5
_KEYWORD_MIN_ITEMS = 6
_KEYWORD_MEAN_CHARS = 8
_KEYWORD_MAX_CHARS = 16


def _is_keyword_list(view: str) -> bool:
    """Whether a line is a page's keywords or tags: many short Chinese words between ASCII
    commas (新冠肺炎,肺炎,傳染病,…), with no full stop.

    Old mainland pages write prose with ASCII commas too; their clauses are longer than tags.
    """
    if _FULL_STOP_RE.search(view) or len(_CJK_RE.findall(view)) * 2 < len(view):
        return False
    items = [item.strip() for item in view.split(",")]
    if len(items) < _KEYWORD_MIN_ITEMS or not all(items):
        return False
    return (
        sum(map(len, items)) / len(items) <= _KEYWORD_MEAN_CHARS
        and max(map(len, items)) <= _KEYWORD_MAX_CHARS
    )


# A table row with one filled cell ("|    | 【專題】某某標題 |  |"): how trafilatura writes a
# table of links to other articles. Its cell is a headline: no label before a colon, no full
# sentence. Three or more such rows after the story's first paragraph are a list of other
# articles' headlines.
_HEADLINE_ROW_RE = re.compile(r"\|(?:[ \t]*\|)*[ \t]*(?P<cell>[^|]{10,80}?)[ \t]*(?:\|[ \t]*)+")
_CELL_LABEL_RE = re.compile(r"^[^：:]{1,8}[：:]")
_ROW_FILLERS = frozenset("-—–_·*")
_MIN_HEADLINE_ROWS = 3


def _is_headline_row(view: str) -> bool:
    match = _HEADLINE_ROW_RE.fullmatch(view)
    if match is None:
        return False
    cell = match["cell"]
    return not ends_sentence(cell) and _CELL_LABEL_RE.match(cell) is None


def _mark_headline_rows(
    kinds: list[str],
    details: list[str],
    groups: list[int],
    views: list[str],
    start: int,
    next_group: int,
) -> int:
    """Mark runs of headline table rows from line `start` on; returns the next free group."""
    count = len(kinds)
    index = start
    while index < count:
        if kinds[index] != "" or not _is_headline_row(views[index]):
            index += 1
            continue
        rows = [index]
        after = index + 1
        while after < count:
            if kinds[after] == BLANK or (kinds[after] == "" and views[after] in _ROW_FILLERS):
                after += 1
            elif kinds[after] == "" and _is_headline_row(views[after]):
                rows.append(after)
                after += 1
            else:
                break
        if len(rows) >= _MIN_HEADLINE_ROWS:
            group = next_group
            next_group += 1
            first = rows[0]
            # The separator line above the first row belongs to the table.
            while first > start and kinds[first - 1] == "" and views[first - 1] in _ROW_FILLERS:
                first -= 1
            for row in range(first, rows[-1] + 1):
                groups[row] = group
                if kinds[row] != BLANK:
                    kinds[row], details[row] = BOILERPLATE, _HEADLINE_ROWS_DETAIL
        index = rows[-1] + 1
    return next_group


_BODY = "body"
_KEPT = ("", "")
_KEPT_BODY = ("", _BODY)


def _is_stamped_headline_run(view: str) -> bool:
    """Whether a line is other articles' headlines, each followed by its time in brackets."""
    stamps = _STAMP_IN_RUN_RE.findall(view)
    if len(stamps) < _MIN_STAMPS_IN_RUN or "。" in view:
        return False
    pieces = _STAMP_IN_RUN_RE.split(view)
    return all(len(piece.strip()) <= _STAMPED_PIECE_MAX_CHARS for piece in pieces)


def _classify(view: str) -> tuple[str, str]:
    """Rules that need no context: (kind, detail), kind "" for a kept line.

    A table row with one filled cell ("| 延伸新聞 |", "| 加入書籤： |  |  |") is judged by its
    cell when the cell alone is boilerplate.
    """
    size = len(view)
    if view[0] == "|" and view[-1] == "|" and size > 2:
        cells = [cell for cell in (part.strip() for part in view[1:-1].split("|")) if cell]
        if len(cells) == 1:
            kind, detail = _classify(cells[0])
            if kind == BOILERPLATE:
                return kind, detail
    # A page's address, its tags and its article ID, left in the text by hidden fields: long
    # enough to pass for paragraphs, so judged first.
    if view.startswith(_ADDRESS_STARTS) and not _PROSE_MARK_RE.search(view):
        return BOILERPLATE, _ADDRESS_DETAIL
    if ("http" in view or "www." in view) and _is_address_line(view):
        return BOILERPLATE, _ADDRESS_LINE_DETAIL
    if _is_promotion(view):
        return BOILERPLATE, _PROMOTION_DETAIL
    if "," in view and _is_keyword_list(view):
        return BOILERPLATE, _KEYWORDS_DETAIL
    if size >= _ID_MIN_DIGITS and view.isdigit() and view.isascii():
        return BOILERPLATE, _NUMBER_DETAIL
    if view.count("(") + view.count("（") >= _MIN_STAMPS_IN_RUN and _is_stamped_headline_run(view):
        return BOILERPLATE, _STAMPED_RUN_DETAIL
    if size > 400:
        # Long paragraphs are body text; a long line without a full stop is first cut at its
        # spaces and separators, and when it falls into many short pieces it is a row of share
        # buttons and headlines that the page had on one line.
        if _FULL_STOP_RE.search(view) is None and _is_run_of_short_items(view):
            return BOILERPLATE, _LONG_LINE_DETAIL
        return _KEPT_BODY
    if ("|" in view or "｜" in view) and _PLACE_LIST_RE.fullmatch(view):
        return BOILERPLATE, "list of places or links"
    if size >= 6 and _is_spam(view):
        return BOILERPLATE, "SEO spam line"
    if size <= 300 and _COPYRIGHT_START_RE.match(view):
        return BOILERPLATE, "copyright or republication notice"
    if size <= 200 and _COPYRIGHT_ANY_RE.search(view):
        return BOILERPLATE, "copyright or republication notice"
    if len(set(_DISCLAIMER_RE.findall(view))) >= 2:
        return BOILERPLATE, "site disclaimer"
    if (
        size <= 300
        and view[0] in _STANCE_FIRST
        and (_STANCE_RE.match(view) or _STANCE_LATIN_RE.match(view))
    ):
        return BOILERPLATE, _STANCE_DETAIL
    if size <= 40 and view[0] in _PLAYER_FIRST and _PLAYER_RE.fullmatch(view):
        return BOILERPLATE, _PLAYER_DETAIL
    if is_body_paragraph(view):
        # Running text: of the remaining rules only the ICP one may apply ("...京ICP备...号。").
        if size <= 120 and _ICP_RE.search(view):
            return BOILERPLATE, "ICP or licence line"
        return _KEPT_BODY
    if size > 120:
        return _KEPT
    if _ICP_RE.search(view):
        return BOILERPLATE, "ICP or licence line"
    if size <= 80 and _OPERATOR_RE.match(view):
        return BOILERPLATE, "site-operator line"
    if view.lower().endswith(_IMAGE_ENDINGS) and _IMAGE_RE.fullmatch(view):
        return BOILERPLATE, _IMAGE_DETAIL
    if _NAVIGATION_RE.fullmatch(view) or (size <= 40 and _UI_RE.fullmatch(view)):
        return BOILERPLATE, _UI_DETAIL
    if size <= 12 and _PAGE_RE.fullmatch(view):
        return BOILERPLATE, _PAGE_DETAIL
    if size <= 40 and _RELATED_RE.fullmatch(view):
        return BOILERPLATE, _RELATED_DETAIL
    if is_metadata_line(view):
        return METADATA, "metadata line"
    return _KEPT


@dataclass(frozen=True, slots=True)
class ArticleLines:
    """What the line rules decided for each line of a raw article.

    `kinds[i]` is "" for a kept line, "blank", "boilerplate" or "metadata"; `details[i]` says
    why (for a kept line: "body" when it reads like a paragraph of running text, else "").
    Lines with the same non-negative `groups[i]` are removed as one edit (a list block).
    `views[i]` is the line with pinyin stripped and edges trimmed. `title`, `first_body` and
    `last_body` are line indices (or None): the headline, and the first and last lines that read
    like body paragraphs.
    """

    spans: tuple[LineSpan, ...]
    views: tuple[str, ...]
    kinds: tuple[str, ...]
    details: tuple[str, ...]
    groups: tuple[int, ...]
    title: int | None
    first_body: int | None
    last_body: int | None


def analyse_lines(raw: str) -> ArticleLines:
    """Split `raw` into lines and decide, for each one, whether it is boilerplate or metadata.

    The last few results are cached: an import cleans an article and then reads its metadata
    from the same raw string, and the analysis is most of the cost of both.
    """
    return _analyse_cached(raw)


@lru_cache(maxsize=4)
def _analyse_cached(raw: str) -> ArticleLines:
    return _analyse(raw)


def _analyse(raw: str) -> ArticleLines:
    spans = line_spans(raw)
    plain = strip_pinyin(raw)
    # Judge and report "2025年04月22日 21:05", not "2025年04月22日\xa021:05". (A regex beats
    # str.translate here: translate looks up every character of a non-ASCII string in a dict.)
    plain = _ODD_SPACE_RE.sub(" ", plain)
    views = [line.strip(EDGE_CHARACTERS) for line in split_lines(plain)]
    count = len(spans)
    kinds = [""] * count
    details = [""] * count
    groups = [-1] * count

    # Pass 1: rules on single lines.
    for index, view in enumerate(views):
        if not view:
            kinds[index] = BLANK
            continue
        kinds[index], details[index] = _classify(view)

    first_body = next((i for i in range(count) if details[i] == _BODY), None)
    header_end = count if first_body is None else first_body
    # A bare number between two body paragraphs is a section number (1…7, 01/02) that heads
    # the paragraphs after it, not a page number: page numbers sit under the story.
    if first_body is not None:
        last = max(i for i in range(count) if details[i] == _BODY)
        for index in range(first_body + 1, last):
            if (
                details[index] == _PAGE_DETAIL
                and len(views[index]) <= 2
                and not views[index].startswith(("[", "-", "第"))
            ):
                kinds[index], details[index] = _KEPT

    # Pass 2: the header. A line of a date, a time and a few short words is the account line
    # of a WeChat-style page (原创 某某观察 2025年04月22日 21:05 广东) or a newspaper's page
    # header (临澜日报　2022年10月11日　第03版：社区). The title is the first
    # headline-like line; site names above it and a byline of bare names next to a metadata
    # line are removed.
    for index in range(header_end):
        if kinds[index] == "" and _is_account_line(views[index]):
            kinds[index], details[index] = METADATA, "account or page header line"
    _mark_repeated_headlines(kinds, details, views, header_end)
    header_metadata = " ".join(views[i] for i in range(header_end) if kinds[i] == METADATA)
    candidates = [
        i
        for i in range(header_end)
        if kinds[i] == ""
        and 2 <= len(views[i]) <= 100
        and _TITLE_BAD_END_RE.search(views[i]) is None
    ]
    skip = 0
    # Site names and repeated lines sit at the very top: look at the first few lines only.
    while skip < min(len(candidates) - 1, _TOP_LINES):
        at = candidates[skip]
        first, second = views[at], views[candidates[skip + 1]]
        # A short line ending in 网/報... above a longer headline-like line is the site's name,
        # and so is a short line that the source or account line repeats. The length tests and
        # the subtitle test keep a real headline such as 织密社区平安网 (followed by a byline or
        # by its subtitle "——记...") from going.
        looks_like_site = SITE_NAME_RE.fullmatch(first) is not None and (
            first == second or (len(first) <= 8 and len(second) > len(first) + 2)
        )
        if (looks_like_site and not second.startswith(("—", "-"))) or (
            len(first) <= 15 and first in header_metadata and len(second) > len(first)
        ):
            kinds[at], details[at] = BOILERPLATE, "site name"
        elif first == second and len(first) <= 30:
            kinds[at], details[at] = BOILERPLATE, "repeated line"
        else:
            break
        skip += 1
    candidates = candidates[skip:]
    title: int | None = None
    if candidates:
        title = candidates[0]
        # A row of short phrases above the headline is a kicker (引题), not the headline.
        if len(candidates) > 1 and _KICKER_RE.fullmatch(views[title]):
            title = candidates[1]
        for index in candidates:
            if (
                index > title
                and _BYLINE_RE.fullmatch(views[index])
                and _next_to_metadata(kinds, index)
            ):
                kinds[index], details[index] = METADATA, "byline"

    # Pass 3: related-articles lists run from their header to the end of the article or to the
    # next body paragraph; teasers inside them are bulleted or cut off with an ellipsis. A run
    # of items that each open with their source ("- 某某財經· 標題 摘要…") is such a list even
    # without a header.
    if first_body is not None:
        _mark_source_item_runs(kinds, details, views, first_body + 1)
    next_group = 0
    index = 0
    while index < count:
        if details[index] != _RELATED_DETAIL or index < header_end:
            index += 1
            continue
        group = next_group
        next_group += 1
        groups[index] = group
        index += 1
        first_item = True
        while index < count:
            kind, view = kinds[index], views[index]
            if kind == "" and _ends_related_list(view):
                break
            if first_item and kind not in ("", BLANK) and details[index] in _WHOLE_LISTS:
                # The header's list is one line already judged a list (headlines with their
                # times, run together on one line): what follows it is another block.
                groups[index] = group
                index += 1
                break
            first_item = first_item and kind == BLANK
            if kind == "" or details[index] in _ABSORBED_IN_LISTS:
                kinds[index], details[index], groups[index] = BOILERPLATE, _RELATED_DETAIL, group
            elif kind != BLANK:
                # A line with its own reason splits the list; the rest is a new group.
                group = next_group
                next_group += 1
            index += 1

    # Pass 3b: tables of other articles' headlines, one per row, after the story has begun.
    if first_body is not None:
        next_group = _mark_headline_rows(kinds, details, groups, views, first_body + 1, next_group)

    # Pass 3c: a second story printed at the end of the article, with its own headline and
    # byline.
    if first_body is not None:
        next_group = _mark_sidebar_story(kinds, details, groups, views, next_group)

    # Pass 4: after the last body paragraph, once a footer line (editor, source, copyright...)
    # has appeared, short headline-like lines are links to other articles.
    last_body = next((i for i in range(count - 1, -1, -1) if details[i] == _BODY), None)
    if last_body is not None:
        footer_seen = False
        group = -1
        for index in range(last_body + 1, count):
            kind, view = kinds[index], views[index]
            if kind == BLANK:
                continue
            if kind:
                # Image file names and page numbers sit among photos and their captions, not
                # in the footer.
                footer_seen = footer_seen or details[index] not in _NOT_FOOTER
                group = -1
                continue
            if (
                footer_seen
                and len(view) <= 80
                and _TITLE_BAD_END_RE.search(view) is None
                and not view.startswith(_CAPTION_MARKS)
            ):
                if group < 0:
                    group = next_group
                    next_group += 1
                kinds[index], details[index], groups[index] = BOILERPLATE, _TAIL_DETAIL, group
            else:
                group = -1

    # Blank lines between two lines of one group belong to the group.
    _fill_group_gaps(kinds, groups)
    return ArticleLines(
        spans=tuple(spans),
        views=tuple(views),
        kinds=tuple(kinds),
        details=tuple(details),
        groups=tuple(groups),
        title=title,
        first_body=first_body,
        last_body=last_body,
    )


def _is_account_line(view: str) -> bool:
    if len(view) > 60 or _FULL_STOP_RE.search(view):
        return False
    page = _PAGE_HEADER_RE.search(view)
    if page is None and _TIME_RE.search(view) is None:
        return False
    without_dates = DATE_RE.sub(" ", _PAGE_HEADER_RE.sub(" ", view))
    if DATE_RE.search(view) is None:
        return False
    words = without_dates.split()
    return len(words) <= 5 and all(
        len(word) <= 12 and _WORD_PUNCTUATION_RE.search(word) is None for word in words
    )


def _ends_related_list(view: str) -> bool:
    if (
        _BULLET_RE.match(view)
        or view.startswith("- ")
        or view.endswith(("…", "..."))
        or _opens_with_source(view)
    ):
        return False
    return len(view) >= 15 and ends_sentence(view)


def _opens_with_source(view: str) -> bool:
    head = view[:_SOURCE_ITEM_HEAD_CHARS]
    return ("·" in head or "•" in head or "‧" in head) and _SOURCE_ITEM_RE.match(view) is not None


def _mark_source_item_runs(
    kinds: list[str], details: list[str], views: list[str], start: int
) -> None:
    """Make the first line of each run of "source· headline" items a related-list header.

    Pass 3 then takes the run as one list; a run needs `_MIN_SOURCE_ITEMS` items, blank lines
    between them allowed.
    """
    count = len(kinds)
    index = start
    while index < count:
        if kinds[index] != "" or not _opens_with_source(views[index]):
            index += 1
            continue
        items = [index]
        after = index + 1
        while after < count:
            if kinds[after] == BLANK:
                after += 1
            elif kinds[after] == "" and _opens_with_source(views[after]):
                items.append(after)
                after += 1
            else:
                break
        if len(items) >= _MIN_SOURCE_ITEMS:
            kinds[index], details[index] = BOILERPLATE, _RELATED_DETAIL
        index = items[-1] + 1


def _mark_repeated_headlines(
    kinds: list[str], details: list[str], views: list[str], header_end: int
) -> None:
    """Remove, above the story, the copies of a headline a video page prints again: a line
    repeating an earlier kept line, and the headline glued to an expand toggle (…播出收起)
    wherever the headline itself also stands.
    """
    kept = [i for i in range(header_end) if kinds[i] == "" and len(views[i]) <= 100]
    headlines = {views[i] for i in kept if len(_CJK_RE.findall(views[i])) >= _HEADLINE_MIN_CJK}
    if len({views[i] for i in kept}) == len(kept) and not any(
        views[i].endswith(_TOGGLE_ENDINGS) for i in kept
    ):
        return  # no line repeats nor carries a toggle: the common case
    seen: set[str] = set()
    for index in kept:
        view = views[index]
        if view not in headlines:
            continue
        glued = next(
            (
                view[: -len(ending)].rstrip()
                for ending in _TOGGLE_ENDINGS
                if view.endswith(ending) and len(view) > len(ending) + _HEADLINE_MIN_CJK
            ),
            None,
        )
        if view in seen or (glued is not None and glued in headlines):
            kinds[index], details[index] = BOILERPLATE, _REPEATED_HEADLINE_DETAIL
        seen.add(view)


def _paragraphs_to_the_end(kinds: list[str], details: list[str], start: int) -> bool:
    """Whether from `start` on come paragraphs, then only removed lines (a footer) if any.

    A removed line with paragraphs after it (a button row, a caption) is the page's structure
    between two blocks: the paragraphs after it may be the article going on.
    """
    paragraphs = 0
    footer = False
    for index in range(start, len(kinds)):
        kind = kinds[index]
        if kind == BLANK:
            continue
        if kind == "":
            if details[index] != _BODY or footer:
                return False
            paragraphs += 1
        else:
            footer = True
    return paragraphs > 0


def _mark_sidebar_story(
    kinds: list[str],
    details: list[str],
    groups: list[int],
    views: list[str],
    next_group: int,
) -> int:
    """Mark a second story at the end of the article; returns the next free group.

    It opens with a short headline-like line and, right under it, a bracketed byline
    (【某某新聞網／綜合報導】), after at least two paragraphs of the article, and it runs to the
    end of the text: only its paragraphs follow, then at most a footer of removed lines. A
    story's own text never carries a second headline and byline; a box in the middle of the
    article (the story's paragraphs going on after it) cannot be told from the article, and
    is left.
    """
    count = len(kinds)
    body_seen = 0
    for index in range(count):
        if details[index] == _BODY:
            body_seen += 1
            continue
        if body_seen < _SIDEBAR_MIN_BODY_BEFORE or kinds[index] != "":
            continue
        view = views[index]
        low, high = _SIDEBAR_HEADLINE_CHARS
        if not low <= len(view) <= high or ends_sentence(view) or _TITLE_BAD_END_RE.search(view):
            continue
        byline = index + 1
        while byline < count and kinds[byline] == BLANK:
            byline += 1
        if byline == count or not _SIDEBAR_BYLINE_RE.fullmatch(views[byline]):
            continue
        if not _paragraphs_to_the_end(kinds, details, byline + 1):
            continue
        group = next_group
        next_group += 1
        for line in range(index, count):
            if kinds[line] in ("", BLANK):
                groups[line] = group
                if kinds[line] == "":
                    kinds[line], details[line] = BOILERPLATE, _SIDEBAR_DETAIL
            else:
                group = next_group
                next_group += 1
        break
    return next_group


def _next_to_metadata(kinds: list[str], index: int) -> bool:
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(kinds) and kinds[other] == BLANK:
            other += step
        if 0 <= other < len(kinds) and kinds[other] == METADATA:
            return True
    return False


def _fill_group_gaps(kinds: list[str], groups: list[int]) -> None:
    last_index = -1
    for index, group in enumerate(groups):
        if group < 0:
            continue
        if last_index >= 0 and groups[last_index] == group:
            for between in range(last_index + 1, index):
                if kinds[between] == BLANK:
                    groups[between] = group
        last_index = index
    # A blank line in a group is removed with it; elsewhere blank lines are left to the
    # blank-line rule.
    for index, group in enumerate(groups):
        if group >= 0 and kinds[index] == BLANK:
            kinds[index] = BOILERPLATE


def line_removals(raw: str, lines: ArticleLines) -> list[Edit]:
    """The removals of boilerplate and metadata lines (a group of lines is one removal)."""
    edits: list[Edit] = []
    spans, kinds, details, groups = lines.spans, lines.kinds, lines.details, lines.groups
    index = 0
    count = len(spans)
    while index < count:
        kind = kinds[index]
        if kind in ("", BLANK):
            index += 1
            continue
        group = groups[index]
        last = index
        if group >= 0:
            while last + 1 < count and groups[last + 1] == group:
                last += 1
        start, end = spans[index].start, spans[last].end
        if end > start:
            edits.append(Edit(start, end, "", kind, details[index]))
        index = last + 1
    return edits


def mark_outside(lines: ArticleLines, outside: Sequence[tuple[int, int, str]]) -> ArticleLines:
    """`lines` with every kept line that lies inside an `outside` span made boilerplate."""
    kinds, details = list(lines.kinds), list(lines.details)
    spans = sorted(outside)
    at = 0
    for index, span in enumerate(lines.spans):
        while at < len(spans) and spans[at][1] <= span.start:
            at += 1
        if at == len(spans):
            break
        start, end, reason = spans[at]
        if kinds[index] == "" and start <= span.start and span.content_end <= end:
            kinds[index], details[index] = BOILERPLATE, reason
    return replace(lines, kinds=tuple(kinds), details=tuple(details))


# --------------------------------------------------------------------------------------------
# The whole cleaning
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaned text, the edits that made it from the raw text, and what to check by hand."""

    text: str
    edits: tuple[Edit, ...]
    flags: tuple[Flag, ...]


def clean(raw: str, outside: Sequence[tuple[int, int, str]] = ()) -> Cleaned:
    """Normalise and clean `raw`; `text == apply_edits(raw, edits)` always holds.

    `outside` holds (start, end, reason) spans of `raw` that the page's structure showed to
    lie outside the article (corpus.extraction); each line inside one that the line rules kept
    is removed with that reason, as an edit like any other.
    """
    lines = analyse_lines(raw)
    if outside:
        lines = mark_outside(lines, outside)
    removals = line_removals(raw, lines)
    kinds = lines.kinds
    removed = {i for i, kind in enumerate(kinds) if kind not in ("", BLANK)}
    # A view is empty exactly when the raw line holds only what normalisation strips (or only
    # the second half of a pinyin cut by a line break, which then goes with its line).
    blank = [not view for view in lines.views]
    whole_lines = removals + blank_line_edits(raw, lines.spans, removed, blank)
    whole_lines.sort(key=_START)
    small = character_edits(raw) + pinyin_edits(raw)
    small.sort(key=_START)  # two sorted runs: linear for Timsort
    edits = merge_edits(whole_lines, without_covered(small, whole_lines))
    text = apply_edits(raw, edits)
    return Cleaned(text=text, edits=tuple(edits), flags=tuple(mojibake_flags(text)))
