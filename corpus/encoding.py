"""Bytes to text: the one place that decides how an article file's bytes become text.

This module owns encoding detection for everything the readers open: byte-order marks,
UTF-16 without a mark, strict UTF-8, and the choice between GB18030 (Simplified, and GBK,
which it contains) and Big5 (Traditional) when a file is not UTF-8. It also owns `ReadError`,
the error every reader raises, so that both modules share one error type without importing
each other (`corpus.readers` re-exports it).

The rule it keeps: a text is either decoded right or refused with a message that names the
file and says what to do. It is never decoded silently wrong. Decoding is always strict, and
when GB18030 and Big5 both decode the bytes, the reading whose characters are common Chinese
characters wins only by a clear margin; otherwise the file is refused.

Big5 files from Hong Kong carry characters of the Hong Kong Supplementary Character Set
(HKSCS, such as 𨋢): when Windows Big5 (cp950) cannot read them, Big5-HKSCS is tried, also
when the user named Big5.

A file with a few bytes that no encoding reads (a final character cut off when the file was
cut) is refused, with the first bad byte's position and the way on: the caller may ask again
with `lenient=True` (the CLI's --lenient), which replaces the bad bytes with U+FFFD and says
how many (`Decoded.replaced`), so that the article can be flagged; replacement characters are
flagged as lossy mojibake by the cleaner. More than a few bad bytes are refused even then.

The decoded text is the raw text exactly as read: a byte-order mark stays in it as a leading
U+FEFF (the normaliser removes it and records the removal as an edit), and CRLF stays CRLF.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

__all__ = ["ENCODINGS", "Decoded", "ReadError", "decode_bytes"]

# What to tell the user whenever we refuse to guess.
_FIX = "save it as UTF-8, or name the encoding with --encoding (e.g. --encoding gb18030)"
# What to tell the user when only a few bytes stand in the way.
_LENIENT = (
    "to import it with the bad bytes replaced by U+FFFD (the article is flagged for "
    "checking), run the import again with --lenient"
)


class ReadError(Exception):
    """A file (or one row, line or item of it) that cannot be read.

    `source` is the file path, `location` where in it ("line 3", "row 12",
    "column 'text'") or None for the whole file, and `message` what is wrong and what to do.
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


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a file's bytes.

    `text` is exactly as read (a byte-order mark is kept as a leading U+FEFF). `encoding` is
    the canonical name of the file's encoding, one of `ENCODINGS` (or the Python codec name
    the user forced). "utf-8-sig" means UTF-8 with a byte-order mark; "big5" is Big5 as
    Windows writes it (Python's cp950 codec). `how` says how the encoding was decided:
    "bom", "utf-16 pattern", "strict utf-8", "declared" (GB18030 or Big5 chosen on the
    decoded characters, agreeing with an HTML meta charset), "detected" (chosen on the decoded
    characters alone), "forced", or "lenient" (read with `replaced` undecodable bytes
    replaced by U+FFFD; `first_bad` is the byte offset of the first of them). "big5-hkscs"
    is Hong Kong Big5, read when cp950 cannot read a file.
    """

    text: str
    encoding: str
    how: str
    replaced: int = 0
    first_bad: int | None = None


# Canonical name -> Python codec that reads it (for "utf-16" and "utf-32" we pick the byte
# order from the mark ourselves, so that the mark stays in the text). Big5 files in the wild
# are written by Windows, whose Big5 (cp950) adds 恒, 裏, 墻 and the euro sign to plain Big5.
ENCODINGS: dict[str, str] = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8",
    "utf-16": "utf-16",
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
    "utf-32": "utf-32",
    "gb18030": "gb18030",
    "big5": "cp950",
    "big5-hkscs": "big5hkscs",
}

# Names users (and HTML pages) give, mapped to our canonical names. GBK and GB2312 are
# subsets of GB18030, so decoding them as GB18030 gives the same text.
_ALIASES: dict[str, str] = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf8-sig": "utf-8",
    "utf-8-sig": "utf-8",
    "utf16": "utf-16",
    "utf-16": "utf-16",
    "utf16le": "utf-16-le",
    "utf-16le": "utf-16-le",
    "utf-16-le": "utf-16-le",
    "utf16be": "utf-16-be",
    "utf-16be": "utf-16-be",
    "utf-16-be": "utf-16-be",
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "x-gbk": "gb18030",
    "936": "gb18030",
    "big5": "big5",
    "big-5": "big5",
    "cp950": "big5",
    "x-x-big5": "big5",
    "950": "big5",
    "big5-hkscs": "big5-hkscs",
    "big5hkscs": "big5-hkscs",
    "hkscs": "big5-hkscs",
}

# The most bytes a lenient reading may replace: a cut-off character or a damaged spot, not a
# file in another encoding (which would come out as a field of replacement characters).
MAX_LENIENT_REPLACED = 16
_MAX_LENIENT_SHARE = 0.01

_COMMON_SIMPLIFIED = (
    "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于"
    "后就发自之对得主长可过天作分方用多你着部能市等业全里工公经本都而高政法面门动日进"
    "区事代那去心小同北定开产前其军还然起种所如现理机体表力好外与文当两实重新三么只山"
    "水关明从化平建又制南内西没此将员名手最东头者月间无安看见各城十相但已些正口通想度"
    "加第她合院物性战由位常点海意场武使次二向治因立数样身情入原问把路被并利石老教万知"
    "级量任江及应省资委务元美特期世湖回系比气汉总展电科金先声提品设或义王社很统处四首"
    "共马形己儿司太目基领队直计别女权话少流命至报米给打变果书清活几州华解议更称程今决"
    "张导术府才保交放管结师便走达族反再题色五京河接条规式县白它改风光运信受什组听布百"
    "济党指论强做取技黄神选记斯真却职号界件花类何眼兵传带空干农边据集联古广完质阳难增"
    "历史专官每住商即步认车台林必死游举线言皇土团收考求德叫近备研争非具李众连调感转笑"
    "革该持始英克士尔让拉思根格造较际亲单朝红型价校约器字段周亚深候则功属积快图火千准"
    "究往极育装许参半令吃观鱼精办像帝八复影告远群包整构料随划算象容示投势热值夫网望源"
    "息语股铁断派速怎需片爱律纪支早况病境证编越局推满且列觉服双未居除乐企引标确织初青"
    "志率项飞球节察龙响药站施均消客失轻存低甚般击曾防请离落显罗营足素视护副食创余照兴"
    "占巴虽洲村费易试星木黑左宝置跟央识维采六底宫房音环案批切斗富乡另倒若按查故突责严"
    "桥模仅胜杀围席态破承招杨负层须父供续状域似依银范修找九致密终血旅钱赛独细效玉冲获"
    "习医演毛尽脸弹楼艺航陆右协七攻镇检写苏宗章注阿抗弟坐验封紧劳户优财养适陈喜卫排射"
    "哥油刻留急降念云微伤例景拿绝阶座刘刚害印亿沙母酒助闻超审待压升送监策略限竟香配藏"
    "敌呢差仍兰温园树征善波哪词岛止预怕继皮执味份角草男普答益谁船惊核街夏宣掌田久著画"
    "辑奇尼剑吧谈背免孩礼材愿洋春架筑括晚乱乎讲尚良友临激刀夜室既敢邦挥昌板胡欧福港叶"
    "简苦担句岁荆贵娘守辖威宜衣帮块堂额错剧充欢够孙班呼阵销坚练脚退读测吴希宁换版异某"
    "顾曲楚典朱毒菜判救宋茶洪含顺啊鲜败货矿端兄归冷忙买险康评肉吗厂永哈沉散遗停笔假输"
    "牛洞松渐顶训录否述毕督控丰献姑忽爷互亮纳襄登咱钟伯臣雄季脑介鄂召饭暗扩祖齐短烈赶"
    "牌恩诉移诗础露届蒙静喝盘卖植授伊湾博痛减穿逐秘庭陵固禁票灵杂姓泽吸侧庆妈遇追甲馆"
    "补唐炮沿殿刺怪彩俄旧警索岸轮妇载靠附毫怀软骨探雷旁罪枪牙迎序慢盛雨墙恶谷顿危稳熟"
)
_COMMON_TRADITIONAL = (
    "國爲為這個來會時學說説們於後發對長過業裏裡經門動進區開產軍還種現機體與當兩實麼關"
    "從內沒將員東頭間無見戰點場數樣問並萬級應資務氣漢總電聲設義統處馬兒領隊計別權話報"
    "給變書幾華議稱決張導術結師達題條規縣風運組聽濟黨論強黃選記卻職號類傳帶幹農邊據聯"
    "廣質陽難歷專認車臺遊舉線團備爭衆眾連調轉該爾讓較際親單紅價約亞則屬積圖準極裝許參"
    "喫觀魚辦復遠羣構隨劃勢熱網語鐵斷愛紀況證編滿覺雙樂標確織項飛節龍響藥輕擊請離顯羅"
    "營視護創餘興佔雖費試寶識維採宮環鬥鄉責嚴橋僅勝殺圍態楊負層須續狀銀範終錢賽獨細衝"
    "獲習醫盡臉彈樓藝陸協鎮檢寫蘇驗緊勞戶優財養適陳衛衞雲傷絕階劉剛億聞審壓監敵蘭溫園"
    "樹徵詞島預繼執誰驚畫輯劍談禮願築亂講臨揮歐葉簡擔歲荊貴轄幫塊額錯劇歡夠孫陣銷堅練"
    "腳讀測吳寧換異顧順鮮敗貨礦歸買險評嗎廠遺筆輸漸頂訓錄畢豐獻爺納鍾腦飯擴齊趕訴詩礎"
    "屆靜盤賣灣減祕靈雜澤側慶媽館補舊輪婦載懷軟槍牆惡頓穩"
)
_COMMON_PUNCTUATION = "，。、“”‘’：；！？（）《》〈〉【】—…·「」『』～　％"

# A right reading of a Chinese article is mostly these characters (about 90 % of the Chinese
# characters of a news article); a wrong reading (Big5 bytes read as GB18030 or the reverse)
# gives far fewer. They are the 1,000 most frequent characters of jieba's dictionary (word
# frequencies summed per character) and their Traditional forms (OpenCC s2t, s2tw, s2hk).
_DELETE_COMMON: dict[int, None] = dict.fromkeys(
    map(ord, _COMMON_SIMPLIFIED + _COMMON_TRADITIONAL + _COMMON_PUNCTUATION)
)

# Characters a Chinese news text almost never has, but a wrong reading often makes: kana
# (EUC-JP read as Big5), Hangul, box drawing, small form variants, Yi syllables and the
# private use area (Big5 read as GB18030). Each counts against a reading.
_ALIEN = re.compile(
    "[\u2500-\u257f\u3040-\u30ff\u3130-\u318f\ua000-\ua4cf\uac00-\ud7af"
    "\ue000-\uf8ff\ufe50-\ufe6f\U000f0000-\U0010ffff]"
)

# Decide on the opening of a long file: the evidence is spread evenly through the text and
# counting characters costs time on a large file.
_SAMPLE_CHARS = 20_000
# A reading must be at least this share of common characters (real articles: 0.85-0.95).
_MIN_SHARE = 0.6
# ...and contain at least this many common characters, so that a file with one or two Chinese
# characters is not taken on chance.
_MIN_COMMON = 2
# When GB18030 and Big5 both decode, the better reading must lead by this share and count.
_MIN_MARGIN = 0.3
_MIN_LEAD = 2
# Below this size charset_normalizer is no better than chance (DOMAIN.md); above it, it may
# settle a close call between GB18030 and Big5, but only by agreeing with our own choice.
_DETECTOR_MIN_BYTES = 200
# Scraped text carries the odd stray control character; binary files carry many.
_MAX_CONTROL_SHARE = 0.01

# ASCII control characters other than tab, newline, vertical tab, form feed and carriage
# return. In UTF-8, GB18030 and Big5 these bytes only ever stand for themselves (trail bytes
# start at 0x30), so they can be counted on the raw bytes before decoding.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_DELETE_CONTROL: dict[int, None] = dict.fromkeys(_CONTROL_BYTES)

# A lead byte of a UTF-8 sequence of three or four bytes: every Chinese character has one.
_WIDE_UTF8_LEAD = re.compile(rb"[\xe0-\xf4]")

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx file with the wrong extension?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel file: save it as .docx or .xlsx"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
)


@dataclass(frozen=True, slots=True)
class _Reading:
    """One strict decoding of the bytes and how many of its characters are common."""

    encoding: str
    text: str
    common: int
    counted: int

    @property
    def share(self) -> float:
        return self.common / self.counted if self.counted else 0.0


def decode_bytes(
    data: bytes,
    source: str,
    encoding: str | None = None,
    *,
    declared: str | None = None,
    lenient: bool = False,
) -> Decoded:
    """Decode a file's bytes, or raise `ReadError` saying why not and what to do.

    `source` names the file in error messages. `encoding` forces an encoding (any name
    Python knows; GBK and GB2312 are read as GB18030, Big5 as cp950). `declared` is the
    encoding the file itself declares (an HTML meta charset). `lenient` accepts a text that
    only a few undecodable bytes keep from reading, with them replaced (see `Decoded`).

    Without `encoding` the order is: byte-order mark; UTF-16 without a mark (NUL bytes);
    strict UTF-8; GB18030 or Big5, decided on the decoded text, with the declared encoding
    (if any) settling a close call.
    """
    if not data:
        raise ReadError(source, "file is empty")
    if encoding is not None:
        return _decode_forced(data, source, encoding, lenient)
    marked = _decode_bom(data, source)
    if marked is not None:
        return marked
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ReadError(source, f"not a text file: it looks like {kind}")
    if b"\x00" in data:
        unmarked = _guess_utf16(data)
        if unmarked is None:
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            raise ReadError(
                source,
                f"not a text file: it contains NUL bytes (the first on line {line}); "
                "check that this is an article file",
            )
        return unmarked
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise ReadError(
            source,
            f"not a text file: {controls} of its {len(data)} bytes are control characters; "
            "check that this is an article file",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_utf8_lookalike(data, text, source)
        return Decoded(text, "utf-8", "strict utf-8")
    canonical_declared = None if declared is None else _canonical(declared)
    if not lenient:
        return _choose_chinese(data, source, canonical_declared)
    try:
        return _choose_chinese(data, source, canonical_declared)
    except ReadError:
        return _lenient_reading(data, source, canonical_declared)


def _canonical(name: str) -> str | None:
    """Our canonical name for an encoding name, or None if it is not one of ours."""
    return _ALIASES.get(name.strip().lower().replace("_", "-"))


def _decode_forced(data: bytes, source: str, name: str, lenient: bool = False) -> Decoded:
    canonical = _canonical(name)
    advice = "check the encoding you named, or leave out --encoding to detect it"
    if lenient:
        lenient_codec = _forced_codec(data, name, source)
        text = data.decode(lenient_codec, errors="replace")
        replaced = _replaced(data, lenient_codec, text)
        if replaced:
            _refuse_too_many(replaced, text, source, lenient_codec)
            _refuse_control_text(text, source)
            first_bad = _first_bad(data, lenient_codec)
            return Decoded(text, canonical or name, "lenient", replaced, first_bad)
    if canonical == "utf-8":
        text = _strict(data, "utf-8", "UTF-8", source, advice)
        _refuse_control_text(text, source)
        return Decoded(text, "utf-8-sig" if text.startswith("\ufeff") else "utf-8", "forced")
    if canonical == "utf-16":
        # Decode with the byte order the mark names, so that the mark stays in the text.
        if data.startswith(codecs.BOM_UTF16_BE):
            codec = "utf-16-be"
        elif data.startswith(codecs.BOM_UTF16_LE):
            codec = "utf-16-le"
        else:
            codec = canonical = "utf-16-le"  # Windows writes little-endian.
        text = _strict(data, codec, "UTF-16", source, advice)
    elif canonical == "big5":
        # Hong Kong Big5 carries HKSCS characters cp950 lacks: read them rather than refuse.
        try:
            text = data.decode("cp950")
        except UnicodeDecodeError:
            text = _strict(data, "big5hkscs", "Big5 or Big5-HKSCS", source, advice)
            canonical = "big5-hkscs"
    elif canonical is not None:
        text = _strict(data, ENCODINGS[canonical], canonical, source, advice)
    else:
        try:
            info = codecs.lookup(name)
        except LookupError:
            raise ReadError(
                source, f"unknown encoding {name!r}; use utf-8, gb18030, big5 or utf-16"
            ) from None
        canonical = info.name
        text = _strict(data, canonical, canonical, source, advice)
    _refuse_control_text(text, source)
    return Decoded(text, canonical, "forced")


def _decode_bom(data: bytes, source: str) -> Decoded | None:
    advice = f"the file starts with a byte-order mark but is damaged; {_FIX}"
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_strict(data, "utf-8", "UTF-8", source, advice), "utf-8-sig", "bom")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        codec = "utf-32-le" if data.startswith(codecs.BOM_UTF32_LE) else "utf-32-be"
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            pass  # UTF-16 with a NUL after its mark, most likely: tried next.
        else:
            _refuse_control_text(text, source)
            return Decoded(text, "utf-32", "bom")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        text = _strict(data, codec, "UTF-16", source, advice)
        _refuse_control_text(text, source)
        return Decoded(text, "utf-16", "bom")
    return None


def _strict(data: bytes, codec: str, label: str, source: str, advice: str) -> str:
    """Decode strictly; on failure name the line and the bytes that do not fit."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(codec, errors="replace").count("\n") + 1
        bad = data[error.start : error.start + 4].hex(" ")
        # How many bytes stand in the way says whether --lenient can help: a few bytes of
        # another encoding in a page, or a file in another encoding altogether.
        count = _replaced(data, codec, data.decode(codec, errors="replace"))
        few = count <= min(MAX_LENIENT_REPLACED, max(2, _MAX_LENIENT_SHARE * len(data)))
        extent = (
            f"{count} byte{'s' if count != 1 else ''} in all, few enough for --lenient"
            if few
            else f"{count} bytes in all, too many for --lenient"
        )
        raise ReadError(
            source,
            f"the bytes from {bad} on (byte {error.start} of {len(data)}) cannot be read as "
            f"{label} ({extent}); {advice}; or, {_LENIENT}",
            location=f"line {line}",
        ) from None


def _first_bad(data: bytes, codec: str) -> int | None:
    """The byte offset of the first byte `codec` cannot read, or None if it reads them all."""
    try:
        data.decode(codec)
    except UnicodeDecodeError as error:
        return error.start
    return None


def _replaced(data: bytes, codec: str, text: str) -> int:
    """How many replacement characters a lenient decoding added (the file's own not counted)."""
    own = data.count("\ufffd".encode(codec)) if codec.startswith("utf") else 0
    return text.count("\ufffd") - own


def _forced_codec(data: bytes, name: str, source: str) -> str:
    """The Python codec a forced encoding name reads with (Big5 falls back to HKSCS)."""
    canonical = _canonical(name)
    if canonical == "big5":
        return "cp950" if _first_bad(data, "cp950") is None else "big5hkscs"
    if canonical == "utf-16":
        return "utf-16-be" if data.startswith(codecs.BOM_UTF16_BE) else "utf-16-le"
    if canonical is not None:
        return ENCODINGS[canonical]
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ReadError(
            source, f"unknown encoding {name!r}; use utf-8, gb18030, big5 or utf-16"
        ) from None


def _refuse_too_many(replaced: int, text: str, source: str, label: str) -> None:
    # A short file may still lose its one cut-off character: the share counts from 2 bytes.
    if replaced > min(MAX_LENIENT_REPLACED, max(2, _MAX_LENIENT_SHARE * len(text))):
        raise ReadError(
            source,
            f"read as {label.upper()}, {replaced} bytes cannot be decoded: too many to replace "
            f"(--lenient replaces a few, at most {MAX_LENIENT_REPLACED}); {_FIX}",
        )


def _lenient_reading(data: bytes, source: str, declared: str | None = None) -> Decoded:
    """The reading with the fewest replaced bytes among those that look like Chinese text;
    of two with as few, the one the page declares, then the more Chinese-looking one.
    """
    best: tuple[int, float, str, str] | None = None
    for encoding in ("utf-8", "gb18030", "big5", "big5-hkscs"):
        codec = ENCODINGS[encoding]
        text = data.decode(codec, errors="replace")
        replaced = _replaced(data, codec, text)
        sample = text[:_SAMPLE_CHARS]
        wide = len(sample) - len(sample.encode("ascii", "ignore")) - sample.count("\ufffd")
        common = len(sample) - len(sample.translate(_DELETE_COMMON))
        score = common - _ALIEN.subn("", sample)[1]
        share = score / wide if wide else 0.0
        if score < _MIN_COMMON or share < _MIN_SHARE:
            continue
        if best is None or (replaced, not _declares(declared, encoding), -share) < (
            best[0],
            not _declares(declared, best[2]),
            -best[1],
        ):
            best = (replaced, share, encoding, text)
    if best is None:
        raise ReadError(
            source,
            "cannot tell the encoding: even with undecodable bytes replaced, the file does not "
            f"read as Chinese text in UTF-8, GB18030 or Big5; {_FIX}",
        )
    replaced, _share, encoding, text = best
    _refuse_too_many(replaced, text, source, encoding)
    _refuse_control_text(text, source)
    return Decoded(text, encoding, "lenient", replaced, _first_bad(data, ENCODINGS[encoding]))


def _refuse_control_text(text: str, source: str) -> None:
    sample = text[:_SAMPLE_CHARS]
    controls = len(sample) - len(sample.translate(_DELETE_CONTROL))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise ReadError(
            source,
            f"not a text file: {controls} of its first {len(sample)} characters are "
            "control characters; check that this is an article file",
        )


def _guess_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a byte-order mark, if one byte order reads clearly as text.

    ASCII characters (newlines, digits) give NUL bytes in alternating positions; Chinese
    characters read in the wrong byte order become rare characters of other scripts.
    """
    if len(data) % 2:
        return None
    readings: list[_Reading] = []
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE_CHARS]
        if len(sample) - len(sample.translate(_DELETE_CONTROL)) > _MAX_CONTROL_SHARE * len(sample):
            continue
        # Printable ASCII and whitespace are evidence too: the wrong byte order makes none.
        ascii_chars = len(sample.encode("ascii", "ignore"))
        common = len(sample) - len(sample.translate(_DELETE_COMMON))
        alien = _ALIEN.subn("", sample)[1]
        readings.append(_Reading(codec, text, ascii_chars + common - alien, len(sample)))
    best = _pick(readings)
    return None if best is None else Decoded(best.text, best.encoding, "utf-16 pattern")


def _read_chinese(data: bytes, encoding: str) -> _Reading | None:
    """A strict GB18030 or Big5 reading, scored on its non-ASCII characters."""
    try:
        text = data.decode(ENCODINGS[encoding])
    except UnicodeDecodeError:
        return None
    # ASCII bytes read the same in both encodings: only the rest is evidence.
    sample = text[:_SAMPLE_CHARS]
    wide = len(sample) - len(sample.encode("ascii", "ignore"))
    common = len(sample) - len(sample.translate(_DELETE_COMMON))
    alien = _ALIEN.subn("", sample)[1]
    return _Reading(encoding, text, common - alien, wide)


def _plausible(reading: _Reading) -> bool:
    return reading.common >= _MIN_COMMON and reading.share >= _MIN_SHARE


def _pick(readings: list[_Reading]) -> _Reading | None:
    """The reading that is plausible and clearly ahead of the other, if there is one."""
    if not readings:
        return None
    ranked = sorted(readings, key=lambda r: (r.share, r.common), reverse=True)
    best = ranked[0]
    if not _plausible(best):
        return None
    for other in ranked[1:]:
        if best.share - other.share < _MIN_MARGIN or best.common - other.common < _MIN_LEAD:
            return None
    return best


def _choose_chinese(data: bytes, source: str, declared: str | None) -> Decoded:
    """GB18030 or Big5 for bytes that are not UTF-8, or a `ReadError`.

    A declared encoding only settles a close call: pages saved from a browser often keep
    a meta charset that no longer fits their bytes.
    """
    big5 = _read_chinese(data, "big5")
    if big5 is None:
        # Only when Windows Big5 fails: Big5-HKSCS reads a few cp950 codes otherwise (恒, €).
        big5 = _read_chinese(data, "big5-hkscs")
    readings = [
        reading for reading in (_read_chinese(data, "gb18030"), big5) if reading is not None
    ]
    utf8_bad = _first_bad(data, "utf-8")
    if utf8_bad is not None and len(data) - utf8_bad <= 3 and readings == []:
        _refuse_cut_off(data, source, utf8_bad)
    if not readings:
        _refuse_mostly_declared(data, source, declared)
        raise ReadError(source, f"cannot tell the encoding: {_bad_bytes(data)}; {_LENIENT}")
    best = _pick(readings)
    if best is not None:
        how = "declared" if _declares(declared, best.encoding) else "detected"
        return Decoded(best.text, best.encoding, how)
    for reading in readings:
        if _declares(declared, reading.encoding) and _plausible(reading):
            return Decoded(reading.text, reading.encoding, "declared")
    ranked = sorted(readings, key=lambda r: (r.share, r.common), reverse=True)
    if (
        len(ranked) == 2
        and _plausible(ranked[0])
        and len(data) >= _DETECTOR_MIN_BYTES
        and _detector_pick(data) == ranked[0].encoding
    ):
        return Decoded(ranked[0].text, ranked[0].encoding, "detected")
    if len(ranked) == 2 and _plausible(ranked[1]):
        raise ReadError(
            source,
            "cannot tell the encoding: the file reads as Chinese both as GB18030 "
            "(Simplified) and as Big5 (Traditional); save it as UTF-8, or name the "
            "encoding with --encoding gb18030 or --encoding big5",
        )
    names = " or ".join(r.encoding.upper() for r in readings)
    if utf8_bad is not None and len(data) - utf8_bad <= 3:
        _refuse_cut_off(data, source, utf8_bad)
    _refuse_mostly_declared(data, source, declared)
    raise ReadError(
        source,
        f"cannot tell the encoding: the file is not UTF-8 (byte {utf8_bad} does not fit), "
        f"and read as {names} it does not look like Chinese text; {_FIX}",
    )


_LABELS = {"utf-8": "UTF-8", "gb18030": "GB18030", "big5": "Big5", "big5-hkscs": "Big5-HKSCS"}


def _refuse_mostly_declared(data: bytes, source: str, declared: str | None) -> None:
    """Refuse, with the way on, a page that its declared charset reads but for a few bytes.

    A Big5 or GBK page may hold a few bytes of another encoding (a widget pasted in as UTF-8).
    Strict decoding fails there, and a reading that happens to decode every byte (GB18030
    takes almost any byte pair) is no Chinese text. Nothing is replaced without the user's
    --lenient: the message names the declared encoding, every encoding tried, and where the
    first bad byte is.
    """
    if declared not in ("gb18030", "big5"):
        return
    codecs_tried = ("cp950", "big5hkscs") if declared == "big5" else ("gb18030",)
    best: tuple[int, str] | None = None
    for codec in codecs_tried:
        text = data.decode(codec, errors="replace")
        replaced = _replaced(data, codec, text)
        if replaced and (best is None or replaced < best[0]):
            best = (replaced, codec)
    if best is None:
        return
    replaced, codec = best
    if replaced > min(MAX_LENIENT_REPLACED, max(2, _MAX_LENIENT_SHARE * len(data))):
        return
    first = _first_bad(data, codec)
    assert first is not None  # it replaced bytes, so it has a first bad one
    line = data[:first].decode(codec, errors="replace").count("\n") + 1
    bad = data[first : first + 4].hex(" ")
    # Every reading that decodes all bytes was found not to be Chinese text (or the file
    # would not be refused).
    tried = []
    for encoding, label in _LABELS.items():
        position = _first_bad(data, ENCODINGS[encoding])
        if position is not None:
            tried.append(f"{label} fails at byte {position}")
        else:
            tried.append(f"{label} decodes every byte but does not read as Chinese text")
    label = "GBK" if declared == "gb18030" else "Big5"
    read_as = {"big5hkscs": "Big5-HKSCS", "gb18030": "GB18030"}.get(codec, "Big5")
    raise ReadError(
        source,
        f"the page declares charset {label} and reads as {read_as} except {replaced} "
        f"undecodable byte{'s' if replaced != 1 else ''} (the first at byte {first} of "
        f"{len(data)}: {bad}), most likely a few bytes of another encoding pasted into the "
        f"page; tried: {'; '.join(tried)}; {_LENIENT} (it is then read as {read_as})",
        location=f"line {line}",
    )


def _refuse_cut_off(data: bytes, source: str, utf8_bad: int) -> None:
    """Refuse UTF-8 whose only fault is its last character, cut off, with the way on."""
    raise ReadError(
        source,
        f"the file reads as UTF-8 up to its last {len(data) - utf8_bad} bytes (from byte "
        f"{utf8_bad} of {len(data)}; GB18030 and Big5 were tried too), most likely a "
        f"character cut off at the end; {_LENIENT}",
    )


def _declares(declared: str | None, encoding: str) -> bool:
    """Whether a page's declared charset names `encoding` (a Big5 page may be Big5-HKSCS)."""
    return encoding == declared or (declared == "big5" and encoding == "big5-hkscs")


def _bad_bytes(data: bytes) -> str:
    """Where each encoding tried first fails, for a message."""
    tried = []
    for label, codec in (
        ("UTF-8", "utf-8"),
        ("GB18030", "gb18030"),
        ("Big5", "cp950"),
        ("Big5-HKSCS", "big5hkscs"),
    ):
        position = _first_bad(data, codec)
        if position is not None:
            tried.append(f"{label} from byte {position}")
    return f"no encoding tried reads all {len(data)} bytes (" + ", ".join(tried) + ")"


def _detector_pick(data: bytes) -> str | None:
    """charset_normalizer's choice between GB18030 and Big5 (None when it has none)."""
    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    return None if best is None else _canonical(str(best.encoding))


def _refuse_utf8_lookalike(data: bytes, text: str, source: str) -> None:
    """Refuse valid UTF-8 without any Chinese character when it also reads as Chinese.

    Chinese characters are three bytes in UTF-8, so real Chinese UTF-8 never gets past the
    first check. A short GB18030 or Big5 text can happen to be valid UTF-8 made of two-byte
    letters instead: 前 is ǰ, 篇 is ƪ. Western text stays UTF-8: its two-byte characters
    sit next to ASCII letters (é, ü), or are Latin-1 symbols next to ASCII (© 2024, 25°C).
    """
    if data.isascii() or _WIDE_UTF8_LEAD.search(data) is not None:
        return
    sample = text[:_SAMPLE_CHARS]
    wide = western = 0
    for position, char in enumerate(sample):
        if char < "\x80":
            continue
        wide += 1
        before = sample[position - 1] if position else ""
        western += _western(char, before, sample[position + 1 : position + 2])
    if 2 * western >= wide:
        return
    for encoding in ("gb18030", "big5"):
        reading = _read_chinese(data, encoding)
        if reading is not None and reading.common >= 1 and reading.share >= 0.8:
            raise ReadError(
                source,
                "cannot tell the encoding: the file reads as UTF-8 without any Chinese "
                f"character and also as {encoding.upper()} Chinese; name the encoding with "
                f"--encoding utf-8 or --encoding {encoding}",
            )


def _western(char: str, before: str, after: str) -> bool:
    """Whether a two-byte UTF-8 character stands as in Western text ("" = no neighbour)."""
    if any(c.isascii() and c.isalpha() for c in (before, after)):
        return True
    # Latin-1 symbols stand next to spaces and digits too (© 2024, 25°C), but a lone
    # two-byte character is as likely one GB18030 or Big5 character.
    return char <= "\xff" and any(c.isascii() and c.isprintable() for c in before + after)
