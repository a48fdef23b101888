"""Build the extraction evaluation set in ../shared/eval/extraction/ from public repositories.

The pages are third-party material, so they are not committed: this script copies them, at
pinned commits, out of git clones (cloned from GitHub, or given with --mirror OWNER/NAME=DIR
when a local clone exists) and writes manifest.json there, one entry per page:

    {"id", "set", "region", "split", "html", "gold" (gold main text, or null), "date",
     "author", "author_known" (whether the source asserts the author, or that there is none),
     "title", "outlet", "snippet"/"snippets" (sentences the main text must hold),
     "without" (boilerplate the main text must not hold)}

Three splits: "tuned" (the pages the extraction and metadata rules were written on),
"held-out" (pages from repositories nobody looked at while writing rules: mozilla/readability,
AndyTheFactory/newspaper4k, adbar/trafilatura's evaluation set, and the Hong Kong sample
pages of Robin318-Gamer/the-curator) and "unseen-2" (opendatalab/magic-html's hand-marked
news pages, flairNLP/fundus's 人民网 page and lulalala/taiwanese_news_parser's Taiwan pages,
scored once before anyone here read them) and "unseen-3" (Taiwan and mainland pages saved
by ChiaYuChang/NewsSentimentAnalyzer's parser tests and Hong Kong pages archived by the
Hong-Kong-Fire-Documentary project, with gold made here by reading them and
kept in unseen3_gold.json as line hashes, no text; see unseen3.py). bench_extraction.py
reports them apart; a rule is never changed because of a held-out or unseen page.

Sources and licences are listed in benchmarks/extraction/PROVENANCE.md.

    python benchmarks/extraction/prepare.py [--mirror owner/name=/path/to/git/dir ...]
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import lzma
import re
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

# The benchmarks folder, so that the unseen-3 helpers import the same way in both scripts.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction.unseen3 import GoldMismatch, rebuild_gold

# Beside the project, never in it: third-party pages are not committed with our code.
CACHE = Path(__file__).resolve().parents[3] / "shared" / "eval" / "extraction"

# repository -> pinned commit
SOURCES = {
    "immortal-autumn/Chinese-Web-Content-Extraction-Dataset": (
        "99d0ef08419109b5489b12e38f771f25b952d774"
    ),
    "leogao2/htmltotext-benchmark": "feab59949ee4f9789af8e0c2412720895278d3cf",
    "virus-warnning/twnews": "4c7ef436018480d07b5f3f5f474f3843af46eb99",
    "ayltai/hknews-backend": "d269775877183c523d0d9aee7e6d4d4870b3d422",
    "ayltai/hknews": "b8d0d22657e6104e3c707c1d9edee4887e100418",
    # The held-out split: repositories nobody tuned a rule on (see HELD_OUT below).
    "mozilla/readability": "ab4027a8b37669745016869a37a504727992b2ba",
    "AndyTheFactory/newspaper4k": "540bff3e8344cb8291c4829fafd98860f30d9692",
    "adbar/trafilatura": "e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5",
    "Robin318-Gamer/the-curator": "d7deee433838298ec3ccf7ecf194c94b1a5450d9",
    # The second unseen split ("unseen-2"): looked at by nobody here before its first run.
    "opendatalab/magic-html": "47d4a7fed12030e906a093b074637f178cb46ef2",
    "lulalala/taiwanese_news_parser": "fccbc791113af1ef1351498674a460a102501cda",
    "flairNLP/fundus": "18da6e53592f99cf0ac5770dc63d6ba99ba63ae8",
    # The third unseen split ("unseen-3"): gold made here by reading the pages, kept as hashes
    # in unseen3_gold.json (see unseen3.py).
    "ChiaYuChang/NewsSentimentAnalyzer": "dcff14fbd41f4bc30b99826b6680d64975f14a29",
    "Hong-Kong-Emergency-Coordination-Hub/Hong-Kong-Fire-Documentary": (
        "ac9b9673dd5157e41a6ee0e666cad9407df52ad5"
    ),
}

# ayltai/hknews-backend's parser tests assert each page's whole article text (its
# "description"): that assertion is the gold text.
HKNEWS_BACKEND_TESTS = {
    "appledaily_details.html": "AppleDaily",
    "headline.html": "Headline",
    "hkej.html": "Hkej",
    "mingpao.html": "MingPao",
    "rthk.html": "Rthk",
    "singpao_details.html": "SingPao",
    "singtao_details.html": "SingTao",
    "singtao_realtime_details.html": "SingTaoRealtime",
    "skypost_details.html": "SkyPost",
}
# ayltai/hknews's tests assert only the first 50 characters. The gold text is the article
# block its hand-written parser for that site reads (between two markers of the page's
# source, all <p> paragraphs or all text), kept only when it starts with the asserted
# characters. (page, test class, start marker, end marker, "p" or "all")
HKNEWS_BLOCKS = (
    ("headline_details.html", "Headline", '<div id="news-content"', "</div>", "all"),
    (
        "headline_realtime_details.html",
        "HeadlineRealtime",
        '<div class="content post-content">',
        "</article>",
        "p",
    ),
    ("hkej_details.html", "Hkej", "<p></p>", "<p>（節錄）</p>", "all"),
    (
        "hkej_realtime_details.html",
        "HkejRealtime",
        "<div id='article-content'>",
        "</div>",
        "p",
    ),
    (
        "hket.html",
        "Hket",
        '<div class="article-detail-body-container">',
        '<div class="article-details-center-sharing-btn">',
        "p",
    ),
    ("mingpao.html", "MingPao", "<hgroup>", "<h3>上 / 下一篇新聞</h3>", "p"),
    (
        "orientaldaily_details.html",
        "OrientalDaily",
        '<div id="contentCTN-top"',
        "</div><!--//contentCTN-->",
        "p",
    ),
    ("rthk.htm", "Rthk", '<div class="itemFullText">', "</div>", "all"),
    ("singpao_details.html", "SingPao", "<td class='news_title'>", "您可能有興趣:", "p"),
    ("singtao_details.html", "SingTao", '<article class="content">', "</article>", "p"),
    (
        "singtao_realtime_details.html",
        "SingTao",
        '<article class="content">',
        "</article>",
        "p",
    ),
    (
        "skypost_details.html",
        "SkyPost",
        '<section class="article-head">',
        '<div class="article-detail_extra-info">',
        "p",
    ),
    (
        "wenweipo_details.html",
        "WenWeiPo",
        '<main class="mainbody">',
        '<div class="post-footer">',
        "p",
    ),
)

# twnews keeps seven Taiwan pages with the values its own tests assert (tests/soup/test_soup_*);
# these short facts are written out here, the pages themselves come from the repository. The
# outlet is a part of the outlet's name that any correct value holds (蘋果 for 蘋果日報 and
# 蘋果新聞網); the tests name only the site.
TWNEWS_FACTS: dict[str, dict[str, str | None]] = {
    "appledaily": {
        "title": "和男友口角鎖門吞藥　女墜樓不治",
        "date": "2016-05-21",
        "author": "王煌忠",
        "outlet": "蘋果",
        "snippet": "文心路的一棟住宅大樓",
    },
    "chinatimes": {
        "title": "悲慟！北市士林年邁母子 住處上吊自殺身亡",
        "date": "2018-09-16",
        "author": "謝明俊",
        "outlet": "中時",
        "snippet": "北市士林區葫蘆街一處民宅",
    },
    "cna": {
        "title": "平鎮輪胎行惡火  疏散7人1女命喪",
        "date": "2016-03-19",
        "author": "邱俊欽",
        "outlet": "中央社",
        "snippet": "桃園市平鎮區一家輪胎行",
    },
    "ettoday": {
        "title": "客運司機車禍致人於死　心情鬱悶陽台以狗鍊上吊",
        "date": "2017-12-09",
        "author": "林悅",
        "outlet": "ETtoday",
        "snippet": "台南市永康區永安路住處後陽台上吊",
    },
    "ltn": {
        "title": "10年前父親掐死兒後自縊... 凶宅下月拍開價425萬",
        "date": "2018-07-31",
        "author": None,
        "outlet": "自由時報",
        "snippet": "台北市萬華區萬大路一帶公寓的蘇姓男子",
    },
    "setn": {
        "title": "與母爭吵疑失足墜樓　男子送醫搶救不治",
        "date": "2018-02-21",
        "author": None,
        "outlet": "三立",
        "snippet": "新北市新店區中正路今（21）日下午3時許發生墜樓案件",
    },
    "udn": {
        "title": "血濺桃機 他把老婆丟下樓再跳樓",
        "date": "2019-03-18",
        "author": "陳嘉寧",
        "outlet": "聯合",
        "snippet": "萬與張女站在第二航廈出境大廳管制區外南側四樓往三樓樓梯迴轉處爭吵",
    },
}


# The held-out split: pages from repositories no rule was tuned on, scored apart from the
# tuned split (bench_extraction.py never looks at them while rules are written).
#
# mozilla/readability keeps, for each test page, the text its maintainers accept as the
# page's article (expected.html): that text is the gold. page -> region.
READABILITY_PAGES = {"gmw": "mainland", "qq": "mainland", "youth": "mainland", "pixnet": "taiwan"}
# AndyTheFactory/newspaper4k keeps the article text its tests compare against (data/txt) and,
# for two pages, the title and date (data/metadata). page -> region. The BBC Chinese page is
# an outlet of none of the three regions: it is reported on its own.
NEWSPAPER4K_PAGES = {
    "chinese_article_001": "mainland",
    "chinese_article_002": "mainland",
    "chinese_article": "international",
}
# adbar/trafilatura's evaluation set gives, per page, sentences the main text must hold
# ("with"), boilerplate it must not hold ("without"), and title, date and author.
TRAFILATURA_EVAL_FILES = (
    "xinhuanet.com.c_1125597921.html",
    "banyuetan.org.1000200033136171577956287380194268_1.html",
    "archive.org.he.xinhuanet.com.25340717.html",
)


# Robin318-Gamer/the-curator keeps, for three 香港01 pages and one 明報 page, the page as the
# browser had it (SampleDate/*Source*code.txt) and a note the developer wrote of what the
# scraper must find (SampleDate/*Data.md): "Title:", "Author:", "Published Date:" and, after
# "Summary/Description:", the story's text copied by hand up to the first line of markup. That
# hand copy is the gold text. (data note, source page, outlet)
CURATOR_PAGES = (
    ("Article1Data.md", "Article1Sourcecode.txt", "香港01"),
    ("Article2Data.md", "Article2SourcCode.txt", "香港01"),
    ("Article3Data.md", "Article3SourceCode.txt", "香港01"),
    ("MingPao1Data.md", "MingPao1Sourcecode.txt", "明報"),
)


def curator_note(note: str) -> dict[str, Any]:
    """Title, author, date and gold text from one of the-curator's hand-written page notes.

    The gold text is every line after "Summary/Description:" up to the first line of markup.
    A paragraph the note repeats is kept once: the 明報 note pastes two paragraphs twice,
    which the page holds once.
    """
    fields: dict[str, Any] = {}
    for name, key in (("Title", "title"), ("Author", "author"), ("Published Date", "date")):
        match = re.search(rf"^{name}:[ \t]*(.*)$", note, re.M)
        fields[key] = match[1].strip() or None if match else None
    date = fields["date"] or ""
    numbers = re.match(r"(\d{4})[-年](\d{1,2})[-月](\d{1,2})", date)
    fields["date"] = (
        f"{numbers[1]}-{int(numbers[2]):02d}-{int(numbers[3]):02d}" if numbers else None
    )
    lines: list[str] = []
    seen: set[str] = set()
    started = False
    for line in note.splitlines():
        if not started:
            started = line.startswith("Summary/Description:")
            continue
        if line.lstrip().startswith("<"):
            break
        text = line.strip()
        if text and (len(text) < 20 or text not in seen):
            lines.append(text)
            seen.add(text)
    fields["gold_text"] = "\n".join(lines)
    return fields


def _entry(set_name: str, name: str, region: str, split: str, **known: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": f"{set_name}/{name}",
        "set": set_name,
        "region": region,
        "split": split,
        "html": f"{set_name}/{name}",
        "gold": None,
        "date": None,
        "author": None,
        "author_known": False,
        "title": None,
        "outlet": None,
        "snippet": None,
        "snippets": [],
        "without": [],
    }
    entry.update(known)
    return entry


def _held_out(mirrors: dict[str, Path], scratch: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []

    folder = CACHE / "readability"
    folder.mkdir(parents=True, exist_ok=True)
    paths = tuple(f"test/test-pages/{page}" for page in READABILITY_PAGES)
    tree = _tree("mozilla/readability", mirrors, scratch, paths)
    for page, region in READABILITY_PAGES.items():
        source = tree / "test/test-pages" / page
        (folder / f"{page}.html").write_bytes((source / "source.html").read_bytes())
        gold = html_to_text((source / "expected.html").read_text("utf-8"))
        (folder / f"{page}.gold.txt").write_text(gold, encoding="utf-8")
        entries.append(
            _entry(
                "readability",
                f"{page}.html",
                region,
                "held-out",
                gold=f"readability/{page}.gold.txt",
            )
        )

    folder = CACHE / "newspaper4k"
    folder.mkdir(parents=True, exist_ok=True)
    tree = _tree("AndyTheFactory/newspaper4k", mirrors, scratch, ("tests/data",))
    for page, region in NEWSPAPER4K_PAGES.items():
        data = tree / "tests/data"
        (folder / f"{page}.html").write_bytes((data / "html" / f"{page}.html").read_bytes())
        gold = (data / "txt" / f"{page}.txt").read_text("utf-8")
        (folder / f"{page}.gold.txt").write_text(gold, encoding="utf-8")
        facts: dict[str, Any] = {}
        metadata_path = data / "metadata" / f"{page}.json"
        if metadata_path.exists():
            metadata = json.loads(metadata_path.read_text("utf-8"))
            facts = {"title": metadata.get("title"), "date": metadata.get("publish_date")}
        entries.append(
            _entry(
                "newspaper4k",
                f"{page}.html",
                region,
                "held-out",
                gold=f"newspaper4k/{page}.gold.txt",
                **facts,
            )
        )

    folder = CACHE / "trafilatura"
    folder.mkdir(parents=True, exist_ok=True)
    paths = ("tests/evaldata.json", *(f"tests/eval/{name}" for name in TRAFILATURA_EVAL_FILES))
    tree = _tree("adbar/trafilatura", mirrors, scratch, paths)
    evaluation = json.loads((tree / "tests/evaldata.json").read_text("utf-8"))
    by_file = {item["file"]: item for item in evaluation.values()}
    for name in TRAFILATURA_EVAL_FILES:
        item = by_file[name]
        (folder / name).write_bytes((tree / "tests/eval" / name).read_bytes())
        entries.append(
            _entry(
                "trafilatura",
                name,
                "mainland",
                "held-out",
                title=item.get("title") or None,
                date=item.get("date") or None,
                author=item.get("author") or None,
                author_known=bool(item.get("author")),
                snippets=list(item.get("with") or []),
                without=list(item.get("without") or []),
            )
        )

    folder = CACHE / "curator"
    folder.mkdir(parents=True, exist_ok=True)
    paths = tuple(f"SampleDate/{name}" for pair in CURATOR_PAGES for name in pair[:2])
    tree = _tree("Robin318-Gamer/the-curator", mirrors, scratch, paths)
    for note_name, page_name, outlet in CURATOR_PAGES:
        stem = note_name.removesuffix("Data.md").lower()
        (folder / f"{stem}.html").write_bytes((tree / "SampleDate" / page_name).read_bytes())
        fields = curator_note((tree / "SampleDate" / note_name).read_text("utf-8"))
        (folder / f"{stem}.gold.txt").write_text(fields.pop("gold_text"), encoding="utf-8")
        entries.append(
            _entry(
                "curator",
                f"{stem}.html",
                "hong kong",
                "held-out",
                gold=f"curator/{stem}.gold.txt",
                outlet=outlet,
                # The 明報 note leaves the author empty: the page credits only 明報記者.
                author_known=fields["author"] is not None,
                **fields,
            )
        )
    return entries


# The second unseen split ("unseen-2"): pages from three more repositories, run once before
# anyone here read them. Nothing is tuned on them; what they show is written down, not fixed.
#
# opendatalab/magic-html keeps 158 article pages (a browser's DOM, saved) with the main text
# its authors marked by hand (benchmark/data/article/base.json, "content"). The news pages of
# outlets and news portals of mainland China and Hong Kong are used, chosen by the page's
# host; blogs, encyclopedias, novels, forums, WeChat and Japanese pages are not news and are
# left out. host -> (region, outlet the page names, or None where a portal carries other
# outlets' copy and the outlet is not one name).
MAGIC_HTML_HOSTS: dict[str, tuple[str, str | None]] = {
    "www.news.cn": ("mainland", "新华"),
    "www.he.news.cn": ("mainland", "新华"),
    "finance.people.com.cn": ("mainland", "人民网"),
    "health.people.com.cn": ("mainland", "人民网"),
    "news.sina.com.cn": ("mainland", None),
    "finance.sina.com.cn": ("mainland", None),
    "new.qq.com": ("mainland", None),
    "www.sohu.com": ("mainland", None),
    "politics.gmw.cn": ("mainland", "光明"),
    "news.gmw.cn": ("mainland", "光明"),
    "www.163.com": ("mainland", None),
    "news.youth.cn": ("mainland", "中国青年网"),
    "news.china.com.cn": ("mainland", "中国网"),
    "travel.china.com.cn": ("mainland", "中国网"),
    "news.ifeng.com": ("mainland", None),
    "pl.ifeng.com": ("mainland", None),
    "economy.caijing.com.cn": ("mainland", "财经"),
    "news.southcn.com": ("mainland", "南方"),
    "j.021east.com": ("mainland", "东方网"),
    "www.1905.com": ("mainland", "1905"),
    "www.toutiao.com": ("mainland", None),
    # Yahoo 新聞 Hong Kong; both stories are agency copy (路透, 法新社) as the site runs it.
    "hk.finance.yahoo.com": ("hong kong", None),
    "hk.news.yahoo.com": ("hong kong", None),
}

# flairNLP/fundus keeps, per publisher, a crawled page and the article its hand-written
# parser for that site returns (title, authors, date, body paragraphs), which its tests
# compare against. Its one Chinese-language page is 人民网's. The body paragraphs are the
# gold text, without the last one (分享让更多人看到, the share button the parser keeps); the
# title is the <title> the parser returns without its section and site pieces (--时政--人民网);
# the authors it names are the page's editors (责编).
FUNDUS_PAGES = (("cn", "People", "People_2024_04_24.html.gz", "人民网"),)
FUNDUS_SHARE_LINE = "分享让更多人看到"

# lulalala/taiwanese_news_parser's specs (RSpec, 2013-2014) assert, for 27 saved pages of
# nine Taiwan outlets, the title, sentences the content must (and must not) hold, the
# company (outlet), the reporter (or nil: none) and the publication time. Those assertions
# are read from the spec files themselves; a commented-out assertion (#TODO) is not one.
TAIWANESE_SPEC_DIR = "spec/taiwanese_news_parser/parser"


def taiwanese_spec_facts(spec: str) -> dict[str, dict[str, Any]]:
    """Per saved page of one RSpec file: what the spec asserts of the parsed article."""
    facts: dict[str, dict[str, Any]] = {}
    pieces = re.split(r"FakeWeb\.register_uri\(:get,\s*url,\s*body:\s*sample\(__FILE__,\s*", spec)
    for piece in pieces[1:]:
        page = re.match(r"'([^']+)'", piece)
        if page is None:
            continue
        # Assertions up to the next example: stop at the next "it" block or describe.
        body = re.split(r"\n\s*(?:it\b|describe\b)", piece, maxsplit=1)[0]

        def asserted(field: str, text: str = body) -> re.Match[str] | None:
            return re.search(rf"^\s*article\[:{field}\]\.should == (nil|'([^']*)')", text, re.M)

        title, company, reporter = (
            asserted("title"),
            asserted("company_name"),
            asserted("reporter_name"),
        )
        published = re.search(
            r"^\s*article\[:published_at\]\.should == (?:Date)?Time\.new\((\d+),\s*(\d+),\s*(\d+)",
            body,
            re.M,
        )
        facts[page[1]] = {
            "title": title[2] if title else None,
            "outlet": company[2] if company else None,
            "author": reporter[2] if reporter else None,
            "author_known": reporter is not None,
            "date": (
                f"{published[1]}-{int(published[2]):02d}-{int(published[3]):02d}"
                if published
                else None
            ),
            "snippets": re.findall(
                r"^\s*article\[:content\]\.should include\('([^']*)'\)", body, re.M
            ),
            "without": re.findall(
                r"^\s*article\[:content\]\.should_not include\('([^']*)'\)", body, re.M
            ),
        }
    return facts


def _site_label(host: str) -> str:
    """The site's label in a host name: sina for news.sina.com.cn, yahoo for hk.news.yahoo.com."""
    labels = host.split(".")
    return labels[-3] if labels[-2:] in (["com", "cn"], ["org", "cn"]) else labels[-2]


def _unseen_2(mirrors: dict[str, Path], scratch: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []

    folder = CACHE / "magichtml"
    folder.mkdir(parents=True, exist_ok=True)
    tree = _tree("opendatalab/magic-html", mirrors, scratch, ("benchmark/data/article",))
    marked = json.loads((tree / "benchmark/data/article/base.json").read_text("utf-8"))
    for key, item in sorted(marked.items()):
        host = urllib.parse.urlsplit(item["url"]).hostname or ""
        if host not in MAGIC_HTML_HOSTS:
            continue
        region, outlet = MAGIC_HTML_HOSTS[host]
        stem = f"{_site_label(host)}-{key[:10]}"
        marked_page = tree / "benchmark/data/article/htmls" / f"{key}.html"
        (folder / f"{stem}.html").write_bytes(marked_page.read_bytes())
        (folder / f"{stem}.gold.txt").write_text(item["content"], encoding="utf-8")
        entries.append(
            _entry(
                "magichtml",
                f"{stem}.html",
                region,
                "unseen-2",
                gold=f"magichtml/{stem}.gold.txt",
                outlet=outlet,
                url=item["url"],
            )
        )

    folder = CACHE / "fundus"
    folder.mkdir(parents=True, exist_ok=True)
    data = "tests/resources/parser/test_data"
    paths = tuple(
        f"{data}/{country}/{name}"
        for country, publisher, page, _ in FUNDUS_PAGES
        for name in (f"{publisher}.json", page)
    )
    tree = _tree("flairNLP/fundus", mirrors, scratch, paths)
    for country, publisher, page, outlet in FUNDUS_PAGES:
        stem = page.removesuffix(".html.gz")
        (folder / f"{stem}.html").write_bytes(
            gzip.decompress((tree / data / country / page).read_bytes())
        )
        expected = next(
            iter(
                json.loads(
                    (tree / data / country / f"{publisher}.json").read_text("utf-8")
                ).values()
            )
        )
        paragraphs = [
            paragraph
            for section in expected["body"]["sections"]
            for paragraph in section["paragraphs"]
            if paragraph.strip() != FUNDUS_SHARE_LINE
        ]
        (folder / f"{stem}.gold.txt").write_text("\n".join(paragraphs), encoding="utf-8")
        entries.append(
            _entry(
                "fundus",
                f"{stem}.html",
                "mainland",
                "unseen-2",
                gold=f"fundus/{stem}.gold.txt",
                title=re.sub(r"(?:--[^-]+)+$", "", expected["title"]),
                date=expected["publishing_date"][:10],
                author="、".join(expected["authors"]),
                author_known=True,
                outlet=outlet,
            )
        )

    folder = CACHE / "twparser"
    folder.mkdir(parents=True, exist_ok=True)
    tree = _tree("lulalala/taiwanese_news_parser", mirrors, scratch, (TAIWANESE_SPEC_DIR,))
    for spec_path in sorted((tree / TAIWANESE_SPEC_DIR).glob("*_spec.rb")):
        for page, facts in taiwanese_spec_facts(spec_path.read_text("utf-8")).items():
            (folder / page).write_bytes((tree / TAIWANESE_SPEC_DIR / page).read_bytes())
            entries.append(_entry("twparser", page, "taiwan", "unseen-2", **facts))
    return entries


UNSEEN3_GOLD = Path(__file__).resolve().parent / "unseen3_gold.json"


def _unseen_3(mirrors: dict[str, Path], scratch: Path) -> list[dict[str, Any]]:
    """Copy the unseen-3 pages and rebuild their gold text from the page and the hashes."""
    pages = json.loads(UNSEEN3_GOLD.read_text("utf-8"))["pages"]
    entries: list[dict[str, Any]] = []
    folder = CACHE / "unseen3"
    folder.mkdir(parents=True, exist_ok=True)
    for repository in sorted({page["repository"] for page in pages}):
        git_dir = _git_dir(repository, mirrors, scratch)
        # Pages are named by their git blob, not their path: some paths are the story's
        # headline, third-party text we keep out of the repository. The blob must be in the
        # pinned commit's tree.
        listing = subprocess.run(
            ["git", "--git-dir", str(git_dir), "ls-tree", "-r", SOURCES[repository]],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8", errors="replace")
        blobs_at_commit = {line.split()[2] for line in listing.splitlines() if line}
        for page in (page for page in pages if page["repository"] == repository):
            if page["commit"] != SOURCES[repository] or page["blob"] not in blobs_at_commit:
                raise SystemExit(
                    f"{UNSEEN3_GOLD}: page {page['id']} (blob {page['blob']}, annotated at "
                    f"{page['commit']}) is not in {repository} at the pinned commit "
                    f"{SOURCES[repository]}: annotate it again at the pinned commit"
                )
            data = subprocess.run(
                ["git", "--git-dir", str(git_dir), "cat-file", "blob", page["blob"]],
                check=True,
                capture_output=True,
            ).stdout
            try:
                gold = rebuild_gold(page["id"], data, page["lines"])
            except GoldMismatch as mismatch:
                raise SystemExit(f"{UNSEEN3_GOLD}: {mismatch}") from None
            (folder / f"{page['id']}.html").write_bytes(data)
            (folder / f"{page['id']}.gold.txt").write_text(gold, encoding="utf-8")
            entries.append(
                _entry(
                    "unseen3",
                    f"{page['id']}.html",
                    page["region"],
                    "unseen-3",
                    gold=f"unseen3/{page['id']}.gold.txt",
                    date=page["date"],
                    # Metadata gold is hashed: bench_extraction.py compares hashes of the
                    # normalised stored values (unseen3.title_key, author_key, outlet_keys).
                    title_sha1=page["title_sha1"],
                    author_sha1=page["author_sha1"],
                    author_known=True,
                    outlet_sha1=page["outlet_sha1"],
                )
            )
    return entries


def _git_dir(repository: str, mirrors: dict[str, Path], scratch: Path) -> Path:
    """A git directory of the repository: the local mirror given, or a bare clone in scratch."""
    git_dir = mirrors.get(repository)
    if git_dir is None:
        git_dir = scratch / repository.replace("/", "+")
        if not git_dir.exists():
            subprocess.run(
                ["git", "clone", "--bare", "--quiet", f"https://github.com/{repository}", git_dir],
                check=True,
            )
    return git_dir


def _tree(
    repository: str, mirrors: dict[str, Path], scratch: Path, paths: tuple[str, ...] = ()
) -> Path:
    """The repository's files at the pinned commit (only `paths` when given), under `scratch`."""
    commit = SOURCES[repository]
    git_dir = _git_dir(repository, mirrors, scratch)
    archive = subprocess.run(
        ["git", "--git-dir", str(git_dir), "archive", commit, *paths],
        check=True,
        capture_output=True,
    ).stdout
    target = scratch / (repository.replace("/", "+") + "-tree")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def _read_gold(path: Path) -> str | None:
    if not path.exists():
        return None
    value = path.read_bytes().decode("utf-8", errors="replace").strip()
    return None if value.upper().startswith(("UNKNOWN", "UNKNWON")) or not value else value


_TAG_RE = re.compile(r"<[^>]+>")
_BREAK_RE = re.compile(r"<(?:br|/p|p|/h\d|h\d)\b[^>]*>", re.I)
_JAVA_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def html_to_text(fragment: str) -> str:
    """Markup to plain text: tags out, paragraph and line breaks kept, entities decoded."""
    text = _TAG_RE.sub("", _BREAK_RE.sub("\n", fragment))
    lines = (" ".join(html.unescape(line).split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _java_string(literal: str) -> str:
    def unescape(match: re.Match[str]) -> str:
        code = match[1]
        if code.startswith("u"):
            return chr(int(code[1:], 16))
        return _JAVA_ESCAPES.get(code, code)

    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", unescape, literal)


def _asserted_description(test_source: str, page: str) -> str | None:
    """The description a Java parser test asserts right after reading `page`."""
    at = test_source.find(f'"testdata/{page}"')
    if at < 0:
        return None
    match = re.compile(
        r'assertEquals\((?:"Incorrect item description",\s*)?"((?:[^"\\]|\\.)*)",\s*'
        r"updatedItem\.getDescription\(\)"
    ).search(test_source, at)
    return _java_string(match[1]) if match else None


def _between(source: str, start: str, end: str) -> str | None:
    at = source.find(start)
    if at < 0:
        return None
    stop = source.find(end, at + len(start))
    return source[at + len(start) : stop] if stop >= 0 else None


def _hong_kong(mirrors: dict[str, Path], scratch: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    folder = CACHE / "hknews"
    folder.mkdir(parents=True, exist_ok=True)
    tree = _tree("ayltai/hknews-backend", mirrors, scratch)
    tests = tree / "src/test/java/com/github/ayltai/hknews/parser"
    for page, test in HKNEWS_BACKEND_TESTS.items():
        source = (tests / f"{test}ParserTest.java").read_text("utf-8")
        described = _asserted_description(source, page)
        if described is None:
            continue
        name = f"backend-{page}"
        (folder / name).write_bytes((tree / "src/test/resources/testdata" / page).read_bytes())
        (folder / f"{name}.gold.txt").write_text(html_to_text(described), encoding="utf-8")
        entries.append(_hk_entry(name))
    tree = _tree("ayltai/hknews", mirrors, scratch)
    tests = tree / "src/test/java/com/github/ayltai/hknews/parser"
    for page, test, start, end, mode in HKNEWS_BLOCKS:
        source = (tests / f"{test}ParserTests.java").read_text("utf-8")
        prefix = _asserted_description(
            source.replace(".substring(0, 50)", "").replace(".substring(0, 53)", ""), page
        )
        page_source = (tree / "src/test/resources/testdata" / page).read_text("utf-8")
        block = _between(page_source, start, end)
        if block is None or prefix is None:
            continue
        if mode == "p":
            paragraphs = re.findall(r"<p\b[^>]*>(.*?)</p>", block, re.S | re.I)
            block = "\n".join(paragraphs)
        gold = html_to_text(block)
        if not "".join(gold.split()).startswith("".join(html_to_text(prefix).split())):
            continue  # the block is not the text the test asserts: no gold for this page
        name = f"hknews-{page}"
        (folder / name).write_text(page_source, encoding="utf-8")
        (folder / f"{name}.gold.txt").write_text(gold, encoding="utf-8")
        entries.append(_hk_entry(name))
    return entries


def _hk_entry(name: str) -> dict[str, Any]:
    return {
        "id": f"hknews/{name}",
        "set": "hknews",
        "region": "hong kong",
        "html": f"hknews/{name}",
        "gold": f"hknews/{name}.gold.txt",
        "date": None,
        "author": None,
        "title": None,
        "outlet": None,
        "snippet": None,
    }


def build(mirrors: dict[str, Path]) -> list[dict[str, Any]]:
    """Copy the pages into CACHE and return the manifest entries."""
    entries: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)

        tree = _tree("immortal-autumn/Chinese-Web-Content-Extraction-Dataset", mirrors, scratch)
        folder = CACHE / "cwce"
        folder.mkdir(parents=True, exist_ok=True)
        for page in sorted((tree / "original").glob("*.html")):
            stem = page.stem
            (folder / page.name).write_bytes(page.read_bytes())
            gold = _read_gold(tree / "cleaned" / f"{stem}.txt")
            if gold is not None:
                (folder / f"{stem}.gold.txt").write_text(gold, encoding="utf-8")
            entries.append(
                {
                    "id": f"cwce/{stem}",
                    "set": "cwce",
                    "region": "mainland",
                    "html": f"cwce/{page.name}",
                    "gold": f"cwce/{stem}.gold.txt" if gold is not None else None,
                    "date": _read_gold(tree / "date" / f"{stem}.txt"),
                    "author": _read_gold(tree / "author" / f"{stem}.txt"),
                    "title": None,
                    "outlet": None,
                    "snippet": None,
                }
            )

        tree = _tree("leogao2/htmltotext-benchmark", mirrors, scratch)
        folder = CACHE / "htmltotext"
        folder.mkdir(parents=True, exist_ok=True)
        for page in sorted((tree / "benchmarkdata/zh/html").glob("news-*.html")):
            (folder / page.name).write_bytes(page.read_bytes())
            gold = (tree / "benchmarkdata/zh/text" / f"{page.stem}.txt").read_text("utf-8")
            (folder / f"{page.stem}.gold.txt").write_text(gold, encoding="utf-8")
            entries.append(
                {
                    "id": f"htmltotext/{page.stem}",
                    "set": "htmltotext",
                    "region": "mainland",
                    "html": f"htmltotext/{page.name}",
                    "gold": f"htmltotext/{page.stem}.gold.txt",
                    "date": None,
                    "author": None,
                    "title": None,
                    "outlet": None,
                    "snippet": None,
                }
            )

        tree = _tree("virus-warnning/twnews", mirrors, scratch)
        folder = CACHE / "twnews"
        folder.mkdir(parents=True, exist_ok=True)
        for name, facts in TWNEWS_FACTS.items():
            data = lzma.decompress((tree / "twnews/samples" / f"{name}.html.xz").read_bytes())
            (folder / f"{name}.html").write_bytes(data)
            entries.append(
                {
                    "id": f"twnews/{name}",
                    "set": "twnews",
                    "region": "taiwan",
                    "html": f"twnews/{name}.html",
                    "gold": None,
                    **facts,
                }
            )
        entries.extend(_hong_kong(mirrors, scratch))
        for entry in entries:
            entry["split"] = "tuned"
            entry.setdefault("snippets", [entry["snippet"]] if entry["snippet"] else [])
            entry.setdefault("without", [])
            # cwce gives an author (or "UNKNOWN") for each dated page; twnews's tests assert
            # the author or None.
            entry["author_known"] = entry["set"] == "twnews" or (
                entry["set"] == "cwce" and entry["date"] is not None
            )
        entries.extend(_held_out(mirrors, scratch))
        entries.extend(_unseen_2(mirrors, scratch))
        entries.extend(_unseen_3(mirrors, scratch))
    return entries


def main() -> None:
    """Build the cache and write its manifest."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mirror", action="append", default=[], metavar="OWNER/NAME=GITDIR")
    parser.add_argument(
        "--only-unseen-3",
        action="store_true",
        help="rebuild only the unseen-3 pages and replace them in the existing manifest.json",
    )
    arguments = parser.parse_args()
    mirrors = {}
    for item in arguments.mirror:
        repository, _, directory = item.partition("=")
        mirrors[repository] = Path(directory)
    if arguments.only_unseen_3:
        manifest = CACHE / "manifest.json"
        if not manifest.exists():
            raise SystemExit(f"{manifest}: no manifest yet; run prepare.py without --only-unseen-3")
        kept = [
            entry
            for entry in json.loads(manifest.read_text("utf-8"))
            if entry.get("split") != "unseen-3"
        ]
        with tempfile.TemporaryDirectory() as scratch_name:
            entries = kept + _unseen_3(mirrors, Path(scratch_name))
    else:
        entries = build(mirrors)
    (CACHE / "manifest.json").write_text(
        json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    with_gold = sum(1 for e in entries if e["gold"])
    held_out = sum(1 for e in entries if e["split"] == "held-out")
    unseen = sum(1 for e in entries if e["split"] == "unseen-2")
    unseen_3 = sum(1 for e in entries if e["split"] == "unseen-3")
    print(
        f"{len(entries)} pages ({with_gold} with gold text, {held_out} held out, "
        f"{unseen} in the second unseen split, {unseen_3} in the third) in {CACHE}"
    )


if __name__ == "__main__":
    main()
