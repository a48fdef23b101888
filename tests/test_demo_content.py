"""Tests of the demo content: the demo codebook, the demo articles and the corpus generator.

They pin what `articoder/demo/articles/README.md` and the codebook's header promise, so that an
edit to the demo files that breaks the demo (or the importer tests built on it) fails here first.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "articoder" / "demo"
ARTICLES = DEMO / "articles"
CODEBOOK = DEMO / "codebook.yaml"
GENERATOR = ROOT / "benchmarks" / "corpus_generator.py"

CSV_NAME = "wire_feed.csv"
CSV_HEADER = ["标题", "来源", "日期", "链接", "正文"]
LEGACY_ENCODED = {
    "06_lanting-zhangzhe-shitang.txt": "gb18030",
    "07_dongpo-laoniangjiu-tiaojie.txt": "big5",
}
BOM_CRLF = ("02_guixiang-wanggeyuan.txt", "13_nanting-wuyefei-jiufen.txt")
HTML_FILE = "08_qifeng-liuji-zuzhi.html"

TOP_KEYS = {"name", "description", "description_en", "version", "codable_groups", "codes"}
TOP_KEYS_ALL = TOP_KEYS | {"variables"}
CODE_KEYS = {
    "name",
    "name_en",
    "color",
    "key",
    "definition",
    "include",
    "exclude",
    "examples",
    "keywords",
    "children",
}
LEAF_REQUIRED = {
    "name",
    "name_en",
    "color",
    "definition",
    "include",
    "exclude",
    "examples",
    "keywords",
}
VARIABLE_KEYS = {"name", "label", "label_en", "type", "required", "values", "range"}
VARIABLE_TYPES = {"nominal", "ordinal", "interval", "ratio", "date", "text"}
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# A parenthesised run of Latin letters with a tone-marked vowel: pinyin a conversion site inserted.
PINYIN = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


# --------------------------------------------------------------------------------------------
# Codebook
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def codebook() -> dict[str, Any]:
    data = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def walk(codes: list[dict[str, Any]], depth: int = 1) -> Iterator[tuple[dict[str, Any], int]]:
    for code in codes:
        yield code, depth
        yield from walk(code.get("children") or [], depth + 1)


def leaves(codebook: dict[str, Any]) -> list[dict[str, Any]]:
    return [code for code, _ in walk(codebook["codes"]) if not code.get("children")]


def test_codebook_top_level(codebook: dict[str, Any]) -> None:
    assert TOP_KEYS <= set(codebook) <= TOP_KEYS_ALL
    assert isinstance(codebook["name"], str) and codebook["name"]
    assert isinstance(codebook["description"], str) and len(codebook["description"]) > 50
    assert isinstance(codebook["description_en"], str) and len(codebook["description_en"]) > 50
    assert isinstance(codebook["version"], int)
    assert codebook["codable_groups"] is False
    assert isinstance(codebook["codes"], list) and codebook["codes"]


def test_codes_have_the_documented_shape(codebook: dict[str, Any]) -> None:
    for code, depth in walk(codebook["codes"]):
        name = code.get("name")
        assert set(code) <= CODE_KEYS, f"{name}: unknown keys {set(code) - CODE_KEYS}"
        assert depth <= 3, f"{name}: deeper than 3 levels"
        for field in ("name", "name_en", "definition"):
            assert isinstance(code.get(field), str) and code[field].strip(), f"{name}: {field}"
        assert isinstance(code.get("color"), str) and COLOUR.match(code["color"]), name
        if "children" in code:
            assert isinstance(code["children"], list) and code["children"], name
        else:
            assert set(code) >= LEAF_REQUIRED, f"{name}: missing {LEAF_REQUIRED - set(code)}"
            for field in ("include", "exclude"):
                assert isinstance(code[field], str) and code[field].strip(), f"{name}: {field}"
            for field in ("examples", "keywords"):
                values = code.get(field)
                assert isinstance(values, list) and values, f"{name}: {field}"
                assert all(isinstance(v, str) and v.strip() for v in values), f"{name}: {field}"


def test_sibling_names_are_unique(codebook: dict[str, Any]) -> None:
    def check(codes: list[dict[str, Any]]) -> None:
        names = [c["name"] for c in codes]
        assert len(names) == len(set(names)), names
        english = [c["name_en"] for c in codes]
        assert len(english) == len(set(english)), english
        for code in codes:
            check(code.get("children") or [])

    check(codebook["codes"])


def test_tree_size_and_depth(codebook: dict[str, Any]) -> None:
    depths = [depth for _, depth in walk(codebook["codes"])]
    assert max(depths) in (2, 3)
    assert 20 <= len(leaves(codebook)) <= 30
    assert 5 <= len(codebook["codes"]) <= 10


def test_keys_are_single_characters_and_unique(codebook: dict[str, Any]) -> None:
    keys = [code["key"] for code, _ in walk(codebook["codes"]) if "key" in code]
    # Quoted in the YAML: an unquoted y/n would load as a boolean, a digit as an int.
    assert all(isinstance(k, str) and len(k) == 1 for k in keys), keys
    assert len(keys) == len(set(keys)), Counter(keys).most_common(3)
    assert {str(d) for d in range(1, 10)} <= set(keys)
    # Groups are not codable (codable_groups: false), so a key on a group would do nothing.
    groups_with_keys = [
        c["name"] for c, _ in walk(codebook["codes"]) if "children" in c and "key" in c
    ]
    assert not groups_with_keys


def test_colours_are_distinct(codebook: dict[str, Any]) -> None:
    colours = [code["color"].lower() for code, _ in walk(codebook["codes"])]
    assert len(colours) == len(set(colours)), Counter(colours).most_common(3)


def test_keywords_are_simplified(codebook: dict[str, Any]) -> None:
    import opencc

    t2s = opencc.OpenCC("t2s")
    for code in leaves(codebook):
        for keyword in code["keywords"]:
            assert t2s.convert(keyword) == keyword, f"{code['name']}: {keyword} is not Simplified"


def test_variables_have_the_documented_shape(codebook: dict[str, Any]) -> None:
    variables = codebook["variables"]
    names = [v["name"] for v in variables]
    assert len(names) == len(set(names))
    assert {
        "outlet_type",
        "governance_level",
        "tone",
        "org_tiers",
        "problem_mentioned",
        "event_date",
        "notes",
    } <= set(names)
    for variable in variables:
        name = variable["name"]
        assert set(variable) <= VARIABLE_KEYS, f"{name}: unknown keys"
        assert variable["type"] in VARIABLE_TYPES, name
        assert isinstance(variable.get("required"), bool), name
        assert isinstance(variable.get("label"), str) and variable["label"], name
        assert isinstance(variable.get("label_en"), str) and variable["label_en"], name
        if variable["type"] in ("nominal", "ordinal"):
            values = variable.get("values")
            assert isinstance(values, list) and len(values) >= 2, name
            codes = [v["value"] for v in values]
            assert all(isinstance(c, str) and c for c in codes), f"{name}: {codes}"
            assert len(codes) == len(set(codes)), name
            for value in values:
                assert set(value) == {"value", "label", "label_en"}, f"{name}: {value}"
                assert isinstance(value["label"], str) and isinstance(value["label_en"], str)
        else:
            assert "values" not in variable, name
        if variable["type"] in ("interval", "ratio"):
            low, high = variable["range"]
            assert isinstance(low, int | float) and isinstance(high, int | float), name
            assert low < high, name
        else:
            assert "range" not in variable, name


def test_specific_variables(codebook: dict[str, Any]) -> None:
    by_name = {v["name"]: v for v in codebook["variables"]}
    tone = by_name["tone"]
    assert tone["type"] == "ordinal"
    # Ordinal values are listed in their order.
    assert [v["value"] for v in tone["values"]] == ["negative", "neutral", "positive"]
    assert by_name["org_tiers"]["type"] == "interval"
    assert by_name["org_tiers"]["range"] == [0, 8]
    assert by_name["outlet_type"]["type"] == "nominal"
    assert [v["value"] for v in by_name["problem_mentioned"]["values"]] == ["yes", "no"]
    assert by_name["event_date"]["type"] == "date"
    assert by_name["notes"]["type"] == "text" and by_name["notes"]["required"] is False


# --------------------------------------------------------------------------------------------
# Demo articles
# --------------------------------------------------------------------------------------------


def article_files() -> list[Path]:
    return sorted(p for p in ARTICLES.iterdir() if p.name not in ("README.md", CSV_NAME))


def read_text(path: Path) -> str:
    codec = LEGACY_ENCODED.get(path.name, "utf-8-sig")
    return path.read_bytes().decode(codec)


def csv_rows() -> list[dict[str, str]]:
    text = (ARTICLES / CSV_NAME).read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == CSV_HEADER
    return list(reader)


def all_article_texts() -> list[str]:
    return [read_text(p) for p in article_files()] + [row["正文"] for row in csv_rows()]


def test_twenty_demo_articles() -> None:
    files = article_files()
    assert len(files) == 17
    numbers = [int(p.name[:2]) for p in files]
    assert numbers == list(range(1, 18))
    for path in files:
        assert re.fullmatch(r"\d\d_[a-z0-9-]+\.(txt|html)", path.name), path.name
    assert len(csv_rows()) == 3
    assert (ARTICLES / "README.md").is_file()


def test_csv_feed() -> None:
    raw = (ARTICLES / CSV_NAME).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel on Chinese Windows needs the BOM"
    for row in csv_rows():
        assert re.fullmatch(r"20(2[1-5])-\d\d-\d\d", row["日期"]), row["日期"]
        assert row["链接"].startswith("https://")
        assert row["标题"] and row["来源"]
        assert 600 <= len(row["正文"]) <= 2000


def test_legacy_encodings_are_not_utf8_but_decode_with_their_codec() -> None:
    for name, codec in LEGACY_ENCODED.items():
        raw = (ARTICLES / name).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        text = raw.decode(codec)
        assert "社区" in text or "社區" in text
    assert "社区" in read_text(ARTICLES / "06_lanting-zhangzhe-shitang.txt")
    assert "社區" in read_text(ARTICLES / "07_dongpo-laoniangjiu-tiaojie.txt")


def test_other_files_are_utf8() -> None:
    for path in article_files():
        if path.name not in LEGACY_ENCODED:
            path.read_bytes().decode("utf-8")


def test_bom_and_crlf_files() -> None:
    for name in BOM_CRLF:
        raw = (ARTICLES / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), name
    others = [p for p in article_files() if p.name not in BOM_CRLF]
    assert not any(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in others)


def test_html_article() -> None:
    html = (ARTICLES / HTML_FILE).read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert '<div class="content">' in html or "<article" in html
    assert 'class="nav"' in html and 'class="footer"' in html
    body = re.search(r'<div class="content">(.*?)</div>', html, re.S)
    assert body is not None
    text = re.sub(r"<[^>]+>", "", body.group(1))
    assert 600 <= len(re.sub(r"\s", "", text)) <= 2000


def test_script_mix() -> None:
    import opencc

    t2s = opencc.OpenCC("t2s")

    def is_traditional(text: str) -> bool:
        han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
        changed = sum(a != b for a, b in zip(han, t2s.convert("".join(han)), strict=False))
        return changed > 0.05 * len(han)

    scripts = Counter(is_traditional(t) for t in all_article_texts())
    assert scripts == Counter({False: 14, True: 6})


def test_noise_and_special_characters() -> None:
    texts = all_article_texts()
    astral = [
        t for t in texts if any(ord(c) > 0xFFFF and unicodedata.category(c) == "Lo" for c in t)
    ]
    assert len(astral) >= 2
    emoji = [t for t in texts if any(0x1F300 <= ord(c) <= 0x1FAFF for c in t)]
    assert len(emoji) >= 1
    with_pinyin = [t for t in texts if len(PINYIN.findall(t)) > 100]
    assert len(with_pinyin) == 3
    private_use = [t for t in texts if any(unicodedata.category(c) == "Co" for c in t)]
    assert len(private_use) == 1
    county_lists = [t for t in texts if any(line.count("| ") >= 10 for line in t.splitlines())]
    assert len(county_lists) >= 1
    assert sum("ICP备" in t or "ICP備" in t for t in texts) >= 3
    assert sum(bool(re.search(r"\.(jpg|png)\b", t)) for t in texts) >= 3
    assert sum("在线观看" in t.splitlines()[0] for t in texts) == 2
    assert sum("\u00a0" in t for t in texts) >= 1


# --------------------------------------------------------------------------------------------
# Corpus generator
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    # benchmarks/ is not a package: load the script as a module by path.
    spec = importlib.util.spec_from_file_location("benchmarks_corpus_generator", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before running it: dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generator_is_deterministic(generator: ModuleType) -> None:
    first = list(generator.generate_articles(60, seed=5))
    again = list(generator.generate_articles(60, seed=5))
    other = list(generator.generate_articles(60, seed=6))
    assert first == again
    assert first != other
    assert len({a.filename for a in first}) == 60


def test_generator_scripts_encodings_and_noise(generator: ModuleType) -> None:
    articles = list(generator.generate_articles(1500, seed=0))
    scripts = Counter(a.script for a in articles)
    assert set(scripts) == {"simplified", "traditional"}
    assert 0.25 <= scripts["traditional"] / len(articles) <= 0.35
    encodings = Counter((a.script, a.encoding) for a in articles)
    assert encodings[("simplified", "gb18030")] > 0
    assert encodings[("traditional", "big5")] > 0
    assert encodings[("simplified", "big5")] == encodings[("traditional", "gb18030")] == 0
    for article in articles:
        assert 1500 <= len(article.text) <= 6000, (article.filename, len(article.text))
        article.text.encode(article.encoding)  # the stated encoding can hold the text
        assert "社区" in article.text or "社區" in article.text
    traditional = [a for a in articles if a.script == "traditional"]
    assert any(PINYIN.search(a.text) for a in traditional)
    assert not any(PINYIN.search(a.text) for a in articles if a.script == "simplified")
    assert sum("党建" in a.text or "黨建" in a.text for a in articles) > 0.9 * len(articles)
    assert any(any(ord(c) > 0xFFFF for c in a.text) for a in articles)
    assert any(a.text.startswith("\ufeff") for a in articles)
    assert any("\r\n" in a.text for a in articles)


def test_write_corpus_round_trips(generator: ModuleType, tmp_path: Path) -> None:
    paths = generator.write_corpus(tmp_path / "corpus", 200, seed=2)
    assert len(paths) == 200 and all(p.suffix == ".txt" for p in paths)
    expected = {a.filename: a for a in generator.generate_articles(200, seed=2)}
    for path in paths:
        article = expected[path.name]
        assert path.read_bytes().decode(article.encoding) == article.text
