"""Build the extraction evaluation set in ../shared/eval/extraction/ from public repositories.

The pages are third-party material, so they are not committed: this script copies them, at
pinned commits, out of git clones (cloned from GitHub, or given with --mirror OWNER/NAME=DIR
when a local clone exists) and writes manifest.json there, one entry per page:

    {"id", "set", "region", "html", "gold" (gold main text, or null), "date", "author",
     "title", "outlet", "snippet" (a sentence the main text must hold, or null)}

Sources and licences are listed in benchmarks/extraction/PROVENANCE.md.

    python benchmarks/extraction/prepare.py [--mirror owner/name=/path/to/git/dir ...]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import lzma
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

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


def _tree(repository: str, mirrors: dict[str, Path], scratch: Path) -> Path:
    """The repository's files at the pinned commit, unpacked under `scratch`."""
    commit = SOURCES[repository]
    git_dir = mirrors.get(repository)
    if git_dir is None:
        git_dir = scratch / repository.replace("/", "+")
        subprocess.run(
            ["git", "clone", "--bare", "--quiet", f"https://github.com/{repository}", git_dir],
            check=True,
        )
    archive = subprocess.run(
        ["git", "--git-dir", str(git_dir), "archive", commit], check=True, capture_output=True
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
            page = lzma.decompress((tree / "twnews/samples" / f"{name}.html.xz").read_bytes())
            (folder / f"{name}.html").write_bytes(page)
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
    return entries


def main() -> None:
    """Build the cache and write its manifest."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mirror", action="append", default=[], metavar="OWNER/NAME=GITDIR")
    arguments = parser.parse_args()
    mirrors = {}
    for item in arguments.mirror:
        repository, _, directory = item.partition("=")
        mirrors[repository] = Path(directory)
    entries = build(mirrors)
    (CACHE / "manifest.json").write_text(
        json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    with_gold = sum(1 for e in entries if e["gold"])
    print(f"{len(entries)} pages ({with_gold} with gold text) in {CACHE}")


if __name__ == "__main__":
    main()
