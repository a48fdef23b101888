"""The bundled demo project: our own articles and codebook, and three demo coders' coding of them.

The coding is written by code from the demo articles and the demo codebook, the same way on every
machine (no randomness, no clock in the choices): each coder codes the sentences that hold a
code's keywords, and the three differ on purpose so that every view has something true to show:

- 张老师 (the lead) codes whole sentences in articles 1-12 and fills in every variable;
- 李同学 codes whole sentences in articles 1-8 and 13-17, misses some, and now and then picks a
  sibling of the lead's code (a real disagreement);
- 王同学 codes from the keyword to the end of the sentence in articles 1-6 and 9-14 (an
  overlap, not the same span) and misses others.

So articles 1-6 are coded by all three, 7-8 by two, and the rest by one or two. Values follow the
text (the outlet line, the tiers named, whether a problem code was used) with deliberate
differences; each coder marks most of their articles done. The window opens the demo as the lead
(the `demo_coder` setting), so the Agreement, disagreement, progress and export views all have
coding to show at once.

The built project ships in the package (articoder/demo/demo-vN.articoder, made by `python -m
articoder.demo_project`), and a first launch copies it instead of building it (1.5 s, before
the window could paint). So that the copy needs nothing heavy, the libraries that build the demo
are imported inside the functions that build it, not at the top of this module.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from codebook.spec import CodeSpec
    from coding.coders import CoderInfo
    from models.database import ProjectDatabase
    from models.journal import Operation

DEMO_DATA = Path(__file__).with_name("demo")
DEMO_ARTICLES = DEMO_DATA / "articles"
DEMO_CODEBOOK = DEMO_DATA / "codebook.yaml"
# Bump when the demo content changes, so an old demo project is rebuilt; then rebuild the
# shipped copy (`python -m articoder.demo_project`; a test compares it with a fresh build).
DEMO_VERSION = 2
PREBUILT_DEMO = DEMO_DATA / f"demo-v{DEMO_VERSION}.articoder"


@dataclass(frozen=True)
class DemoCoder:
    """One demo coder and how they code."""

    name: str
    articles: frozenset[int]  # positions (1-based) of the articles, in id order, they code
    whole_sentence: bool  # False: from the first keyword to the end of the sentence
    miss_one_in: int  # skips a passage when its hash falls on 0 (0: never)
    sibling_one_in: int  # picks a sibling code when its hash falls on 1 (0: never)
    not_done: frozenset[int]  # positions of coded articles left not done


DEMO_CODERS = (
    DemoCoder("张老师", frozenset(range(1, 13)), True, 0, 0, frozenset({12})),
    DemoCoder("李同学", frozenset([*range(1, 9), *range(13, 18)]), True, 6, 5, frozenset({16, 17})),
    DemoCoder("王同学", frozenset([*range(1, 7), *range(9, 15)]), False, 4, 0, frozenset({14})),
)
# At most this many passages per code and article: enough to show, not a wall of colour.
PASSAGES_PER_CODE = 2
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _hash(*parts: object) -> int:
    """A number from the parts that is the same on every run and machine (unlike hash())."""
    return zlib.crc32("|".join(str(p) for p in parts).encode("utf-8"))


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, end exclusive, without surrounding whitespace."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield from _trimmed(text, start, match.end())
        start = match.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 4:  # a heading's leftover or a lone mark is no passage
        yield start, end


@dataclass(frozen=True)
class Passage:
    """A sentence holding one of a code's keywords: what the lead would code."""

    article: int  # position, 1-based
    article_id: int
    code: str  # the code's path text: stable across builds, unlike its GUID
    start: int
    end: int
    keyword_at: int  # where the first keyword begins


def find_passages(
    articles: list[tuple[int, str]], codes: list[tuple[str, CodeSpec]]
) -> list[Passage]:
    """Every coder's raw material: sentences holding a leaf code's keyword, per article.

    `codes` are (path text, code). Keywords are Simplified; the text is folded first, so
    Traditional articles match too (folding keeps the length: positions are positions in the
    text).
    """
    from corpus.script import fold

    leaves = [(path, c) for path, c in codes if not c.children and c.keywords and not c.retired]
    found: list[Passage] = []
    for position, (article_id, text) in enumerate(articles, start=1):
        folded = fold(text)
        per_code: dict[str, int] = defaultdict(int)
        for start, end in sentences(folded):
            sentence = folded[start:end]
            for path, code in leaves:
                if per_code[path] >= PASSAGES_PER_CODE:
                    continue
                hits = [sentence.find(k) for k in code.keywords if k and k in sentence]
                if hits:
                    per_code[path] += 1
                    found.append(Passage(position, article_id, path, start, end, start + min(hits)))
    return found


def _sibling(code: str, parents: dict[str, str | None], leaves: list[str]) -> str | None:
    """Another leaf under the same parent, the first in codebook order."""
    parent = parents.get(code)
    siblings = [g for g in leaves if parents.get(g) == parent and g != code]
    return siblings[0] if siblings else None


def coder_spans(
    coder: DemoCoder, passages: list[Passage], parents: dict[str, str | None], leaves: list[str]
) -> dict[str, list[tuple[int, int, int]]]:
    """Code path -> (article id, start, end) spans this coder codes. Pure.

    `parents` maps a code path to its parent's path; `leaves` lists the codable codes' paths
    in codebook order.
    """
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for p in passages:
        if p.article not in coder.articles:
            continue
        number = _hash(coder.name, p.article, p.code, p.start)
        if coder.miss_one_in and number % coder.miss_one_in == 0:
            continue
        code = p.code
        if coder.sibling_one_in and number % coder.sibling_one_in == 1:
            code = _sibling(code, parents, leaves) or code
        start = p.start if coder.whole_sentence else p.keyword_at
        spans[code].append((p.article_id, start, p.end))
    return spans


# Outlet words -> the outlet_type value (first match wins; the lead reads the 来源 line).
_OUTLETS = (
    ("日报", "party_paper"),
    ("党建", "party_paper"),
    ("电视", "broadcaster"),
    ("融媒", "broadcaster"),
    ("广播", "broadcaster"),
    ("政府", "government"),
    ("政务", "government"),
    ("发布", "government"),
    ("网", "commercial"),
    ("号", "self_media"),
)
_LEVELS = (
    ("楼栋", "building"),
    ("小区", "compound"),
    ("社区", "community"),
    ("街道", "subdistrict"),
    ("区委", "district"),
)
_TIER_WORDS = ("街道党工委", "社区党委", "小区党支部", "楼栋党小组", "党员中心户", "网格党支部")
_TONES = ("negative", "neutral", "positive")


def coder_values(
    coder: DemoCoder, position: int, text: str, outlet: str, problems: bool, published: str
) -> dict[str, str]:
    """Variable name -> value this coder gives one article (text-based, with disagreements)."""
    from corpus.script import fold

    folded = fold(text)
    outlet_folded = fold(outlet)
    outlet_type = next((v for word, v in _OUTLETS if word in outlet_folded), "other")
    counts = {value: folded.count(word) for word, value in _LEVELS}
    level = max(counts, key=lambda v: (counts[v], v))
    tiers = sum(1 for word in _TIER_WORDS if word in folded)
    tone = 1 if problems else 2
    number = _hash(coder.name, position)
    if coder.name != DEMO_CODERS[0].name:
        # The others read some articles differently: a tone a step off, a tier more or less.
        if number % 3 == 0:
            tone = max(0, tone - 1)
        if number % 4 == 1:
            tiers = max(0, tiers + (1 if number % 2 else -1))
        if number % 5 == 2:
            level = "community" if level != "community" else "subdistrict"
    values = {
        "outlet_type": outlet_type,
        "governance_level": level,
        "tone": _TONES[tone],
        "org_tiers": str(tiers),
        "problem_mentioned": "yes" if problems else "no",
    }
    if published:
        values["event_date"] = published
    return values


def add_demo_coding(database: ProjectDatabase) -> list[CoderInfo]:
    """Give the demo project its three coders' segments, values and done marks.

    Everything goes through the same operations the window uses (journalled, so `articoder
    check` replays it), one step per coder and code, value or done mark.
    """
    from sqlalchemy import select

    from codebook.spec import path_text, walk
    from codebook.store import load_codebook
    from codebook.tree import load_code_tree
    from coding.coders import DEMO_CODER_SETTING, ensure_coder
    from coding.segments import AddSegments
    from coding.status import SetStatus
    from coding.values import SetValue
    from models.entities import Article, ProjectInfo, Variable

    codebook = load_codebook(database)
    specs = [(path_text(path), code) for path, code in walk(codebook.codes)]
    tree = load_code_tree(database)
    by_path = {node.path_text: node for node in tree}
    parents = {node.path_text: (node.parent.path_text if node.parent else None) for node in tree}
    leaves = [node.path_text for node in tree if not node.children and not node.retired]
    problem_codes = {path for path in by_path if path.startswith("问题与困难")}
    with database.session() as session:
        rows = session.execute(
            select(Article.id, Article.text, Article.outlet, Article.published).order_by(Article.id)
        ).all()
        variables = {str(n): int(i) for n, i in session.execute(select(Variable.name, Variable.id))}
    articles = [(int(r[0]), str(r[1])) for r in rows]
    passages = find_passages(articles, specs)
    coders: list[CoderInfo] = []
    for number, demo in enumerate(DEMO_CODERS):
        coder = ensure_coder(database, demo.name, is_lead=number == 0)
        coders.append(coder)
        operations: list[Operation] = []
        spans = coder_spans(demo, passages, parents, leaves)
        for path in leaves:  # codebook order, so the journal reads like a coder's session
            if spans.get(path):
                operations.append(AddSegments(spans[path], by_path[path].id, coder.id))
        coded = {s[0] for spans_of in spans.values() for s in spans_of}
        for position, (article_id, text, outlet, published) in enumerate(rows, start=1):
            if position not in demo.articles:
                continue
            # A problem is mentioned when this coder coded one there.
            problems = any(s[0] == article_id for g in problem_codes for s in spans.get(g, []))
            values = coder_values(
                demo,
                position,
                str(text),
                str(outlet or ""),
                problems,
                published.isoformat() if published else "",
            )
            for name, value in values.items():
                if name in variables:
                    operations.append(SetValue(article_id, variables[name], coder.id, value))
            if position not in demo.not_done and article_id in coded:
                operations.append(SetStatus(article_id, coder.id, True))
        _perform_all(database, operations, coder.id)
    with database.session() as session:
        info = session.scalars(select(ProjectInfo)).one()
        info.settings = {**(info.settings or {}), DEMO_CODER_SETTING: coders[0].guid}
    return coders


def _perform_all(database: ProjectDatabase, operations: list[Operation], coder_id: int) -> None:
    """Apply and journal each operation as `models.journal.perform` does, all in one transaction.

    One commit instead of one per operation: the demo is built on the user's first launch, and
    some 350 synchronous commits took seconds on a busy machine. The events are the ones
    `perform` writes, so `articoder check` replays the demo's journal like any other.
    """
    from models.entities import Event, utcnow
    from models.ids import new_guid

    with database.session() as session:
        for operation in operations:
            operation.apply(session)
            session.flush()
            session.add(
                Event(
                    guid=new_guid(),
                    at=utcnow(),
                    coder_id=coder_id,
                    action=operation.action,
                    entity=operation.entity,
                    entity_guid=operation.entity_guid(),
                    payload=operation.payload(),
                )
            )


def data_home() -> Path:
    """Where articoder keeps its own files (XDG_DATA_HOME, or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "articoder"


def build_demo_project(target: Path, coding: bool = False) -> ProjectDatabase:
    """Create a project at `target` holding the demo codebook and articles.

    `coding`: add the demo coders' coding too (what the demo the user opens holds); the
    tests that need a clean corpus to code in leave it out.
    """
    from codebook.store import import_codebook
    from codebook.text_files import read_codebook_text
    from corpus.importer import import_paths
    from models.database import create_project

    database = create_project(target, name="党建引领社区治理 (演示) / Community governance demo")
    import_codebook(database, read_codebook_text(DEMO_CODEBOOK), source="demo codebook")
    import_paths(database, [p for p in sorted(DEMO_ARTICLES.iterdir()) if p.suffix != ".md"])
    if coding:
        add_demo_coding(database)
    return database


def demo_project_path() -> Path:
    """The user's demo project file: on first use a copy of the shipped one (milliseconds, so
    the window paints at once), or built here when the package has none (a checkout before
    `python -m articoder.demo_project`).
    """
    target = data_home() / f"demo-v{DEMO_VERSION}.articoder"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".building")
        for leftover in target.parent.glob(partial.name + "*"):
            leftover.unlink()
        if PREBUILT_DEMO.is_file():
            shutil.copyfile(PREBUILT_DEMO, partial)
        else:
            build_demo_project(partial, coding=True).close()
        partial.replace(target)
    return target


def open_demo_project() -> ProjectDatabase:
    """The demo project, open."""
    from models.database import open_project

    return open_project(demo_project_path())


def write_prebuilt_demo(target: Path = PREBUILT_DEMO) -> Path:
    """Build the demo with its coding into `target`: one compact file (VACUUM, rollback
    journal, no -wal beside it) that a first launch can copy as it is.
    """
    with tempfile.TemporaryDirectory() as folder:
        built = Path(folder) / "demo.articoder"
        build_demo_project(built, coding=True).close()
        compact = sqlite3.connect(built, isolation_level=None)
        try:
            compact.execute("PRAGMA journal_mode=DELETE")
            compact.execute("VACUUM")
        finally:
            compact.close()
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(built, partial)
        partial.replace(target)
    return target


if __name__ == "__main__":
    # `python -m articoder.demo_project`: rebuild the shipped demo after a change to the demo's
    # articles, codebook or coders (then commit the file).
    print(f"wrote {write_prebuilt_demo()}", file=sys.stderr)
