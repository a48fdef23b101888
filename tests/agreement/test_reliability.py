"""Reliability data from a project: units, presence, missing coders, the code tree, variables.

Every test builds a small project row by row (both backends) and checks the tables cell by cell
against what the module doc promises. The project (``build_project``) is shared with
test_report.py:

    A1 "党建引领社区。居民参与治理！⏎志愿者服务。"    sentences [0,7) [7,14) [15,21); ⏎ a newline
    A2 "老旧小区改造；加装电梯。"                    sentences [0,7) [7,12)
    A3 "只有一人编码。"                              coded by 甲 only: not in the default selection

    甲 codes A1, A2, A3; 乙 codes A1, A2; 丙 marked A2 done without a segment; 组长 codes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from agreement.reliability import (
    AgreementError,
    ReliabilityTable,
    Unit,
    code_tables,
    load_coding,
    paragraph_spans,
    reliability_tables,
    sentence_spans,
    table_count,
    variable_tables,
)
from models.database import ProjectDatabase
from models.entities import (
    Article,
    Assignment,
    Code,
    Coder,
    ProjectInfo,
    Segment,
    Variable,
    VariableChoice,
    VariableValue,
)

A1 = "党建引领社区。居民参与治理！\n志愿者服务。"
A2 = "老旧小区改造；加装电梯。"
A3 = "只有一人编码。"
N = None


@dataclass(frozen=True)
class Project:
    """The ids of the small project's rows."""

    articles: dict[str, int]
    coders: dict[str, int]
    codes: dict[str, int]


def build_project(database: ProjectDatabase, codable_groups: bool = False) -> Project:
    """Insert the small project of the module doc and return its ids."""
    with database.session() as session:
        info = session.scalars(select(ProjectInfo)).one()
        info.settings = {**(info.settings or {}), "codable_groups": codable_groups}
        articles = {
            name: Article(
                title=name, content_hash=name * 32, raw_text=text, text=text, chars=len(text)
            )
            for name, text in (("A1", A1), ("A2", A2), ("A3", A3))
        }
        coders = {name: Coder(name=name) for name in ("甲", "乙", "丙", "组长")}
        session.add_all([*articles.values(), *coders.values()])
        session.flush()
        group = Code(name="组织", position=0)
        session.add(group)
        session.flush()
        codes = {
            "组织": group,
            "党小组": Code(name="党小组", parent_id=group.id, position=0),
            "参与": Code(name="参与", position=1),
            "旧码": Code(name="旧码", position=2, retired=True),
            "废码": Code(name="废码", position=3, retired=True),
        }
        session.add_all(codes.values())
        session.flush()
        a, c, k = articles, coders, codes
        for article, code, coder, start, end in [
            ("A1", "党小组", "甲", 0, 7),  # sentence 1 exactly: touches sentence 2
            ("A1", "党小组", "乙", 2, 9),  # sentences 1 and 2
            ("A1", "参与", "甲", 7, 14),
            ("A1", "参与", "乙", 15, 18),
            ("A2", "参与", "甲", 0, 3),
            ("A2", "废码", "乙", 0, 2),
            ("A3", "参与", "甲", 0, 2),
        ]:
            session.add(
                Segment(
                    article_id=a[article].id,
                    code_id=k[code].id,
                    coder_id=c[coder].id,
                    start=start,
                    end=end,
                )
            )
        session.add(Assignment(article_id=a["A2"].id, coder_id=c["丙"].id, status="done"))
        session.add(Assignment(article_id=a["A1"].id, coder_id=c["丙"].id, status="todo"))
        stance = Variable(name="立场", level="nominal", position=0)
        stance.choices = [
            VariableChoice(value=v, position=i) for i, v in enumerate(["正面", "中性", "负面"])
        ]
        length = Variable(name="篇幅", level="interval", position=1)
        date = Variable(name="日期", level="date", position=2)
        remark = Variable(name="备注", level="text", position=3)
        old = Variable(name="旧变量", level="nominal", position=4, retired=True)
        session.add_all([stance, length, date, remark, old])
        session.flush()
        for article, variable, coder, value in [
            ("A1", stance, "甲", "正面"),
            ("A1", stance, "乙", "正面"),
            ("A2", stance, "甲", "正面"),
            ("A2", stance, "乙", "正面"),
            ("A2", stance, "丙", "正面"),
            ("A1", length, "甲", "3"),
            ("A1", length, "乙", "4.5"),
            ("A2", length, "甲", "5"),
            ("A2", length, "乙", ""),
            ("A1", date, "甲", "2024-05-06"),
            ("A1", date, "乙", "2024-05-07"),
            ("A1", remark, "甲", "好"),
            ("A3", stance, "甲", "中性"),
        ]:
            session.add(
                VariableValue(
                    article_id=a[article].id,
                    variable_id=variable.id,
                    coder_id=c[coder].id,
                    value=value,
                )
            )
        return Project(
            {name: x.id for name, x in articles.items()},
            {name: x.id for name, x in coders.items()},
            {name: x.id for name, x in codes.items()},
        )


def by_name(tables: list[ReliabilityTable]) -> dict[str, ReliabilityTable]:
    return {t.name: t for t in tables}


# --------------------------------------------------------------------------------------------
# Units of text (no database)
# --------------------------------------------------------------------------------------------


def test_sentences_split_after_terminators_and_keep_closing_quotes() -> None:
    text = "　新桥社区推进党建。他说：“好！”然后……走了？  \n\n第二段；没有句号\n  \n最后!"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "新桥社区推进党建。",
        "他说：“好！”",
        "然后……",
        "走了？",
        "第二段；",
        "没有句号",
        "最后!",
    ]
    assert sentence_spans(A1) == [(0, 7), (7, 14), (15, 21)]
    assert sentence_spans("") == [] and sentence_spans(" \n ") == []
    # Offsets are code points: a character outside the BMP is one.
    assert sentence_spans("𠮷野家。好") == [(0, 4), (4, 5)]


def test_paragraphs_are_non_blank_lines_without_surrounding_space() -> None:
    text = "　第一段。还是第一段\n\n  \n第二段 \n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["第一段。还是第一段", "第二段"]
    assert paragraph_spans(A1) == [(0, 14), (15, 21)]


# --------------------------------------------------------------------------------------------
# Selection
# --------------------------------------------------------------------------------------------


def test_default_selection_and_missing_coders(database: ProjectDatabase) -> None:
    ids = build_project(database)
    coding = load_coding(database)
    # 组长 coded nothing; A3 was coded by 甲 alone.
    assert coding.coders == ["甲", "乙", "丙"]
    assert coding.article_ids == [ids.articles["A1"], ids.articles["A2"]]
    # 丙's assignment on A1 is not done and holds nothing: not coded. On A2 it is done.
    assert coding.coded.tolist() == [[True, True, False], [True, True, True]]
    # Four variables (a date among them, which gives a second, nominal table) and three codes.
    assert table_count(coding) == 4 + 1 + 3 and table_count(coding, "sentence") == 3


def test_unknown_coder_and_article_are_user_errors(database: ProjectDatabase) -> None:
    build_project(database)
    with pytest.raises(AgreementError, match=r"no coder named '丁'; the project's coders are: "):
        load_coding(database, ["甲", "丁"])
    with pytest.raises(AgreementError, match="at least two coders"):
        load_coding(database, ["甲"])
    with pytest.raises(AgreementError, match="no article with id 999"):
        load_coding(database, None, [999])
    with pytest.raises(AgreementError, match="no article was coded by two"):
        load_coding(database, ["丙", "组长"])


def test_an_empty_project_is_a_user_error(sqlite_database: ProjectDatabase) -> None:
    with pytest.raises(AgreementError, match="fewer than two have coded"):
        load_coding(sqlite_database)


def test_text_units_need_the_offsets(sqlite_database: ProjectDatabase) -> None:
    build_project(sqlite_database)
    coding = load_coding(sqlite_database, offsets=False)
    assert by_name(list(code_tables(coding)))["参与"].data == [(1, 1, N), (1, 0, 0)]
    with pytest.raises(ValueError, match="offsets"):
        next(code_tables(coding, "sentence"))


def test_values_left_out_still_say_who_coded(database: ProjectDatabase) -> None:
    ids = build_project(database)
    # 组长 gave A3 a value and nothing else: A3 is now coded by 甲 and 组长.
    with database.session() as session:
        stance = session.scalars(select(Variable).where(Variable.name == "立场")).one()
        session.add(
            VariableValue(
                article_id=ids.articles["A3"],
                variable_id=stance.id,
                coder_id=ids.coders["组长"],
                value="中性",
            )
        )
    full = load_coding(database)
    lean = load_coding(database, values=False)
    assert lean.coders == full.coders == ["甲", "乙", "丙", "组长"]
    assert lean.article_ids == full.article_ids and ids.articles["A3"] in lean.article_ids
    assert lean.coded.tolist() == full.coded.tolist()
    assert lean.values == {} and full.values
    with pytest.raises(ValueError, match="values"):
        variable_tables(lean)


def test_chosen_coders_and_articles(database: ProjectDatabase) -> None:
    ids = build_project(database)
    coding = load_coding(database, ["乙", "甲"], [ids.articles["A3"], ids.articles["A1"]])
    assert coding.coders == ["乙", "甲"]
    # Chosen articles are all kept, even A3 that only 甲 coded.
    assert coding.article_ids == [ids.articles["A1"], ids.articles["A3"]]
    tables = by_name(list(code_tables(coding)))
    assert tables["参与"].data == [(1, 1), (None, 1)]


# --------------------------------------------------------------------------------------------
# Code presence, unit by unit
# --------------------------------------------------------------------------------------------


def test_article_units_child_codes_and_retired_codes(database: ProjectDatabase) -> None:
    build_project(database)
    tables = by_name(reliability_tables(database))
    # The group without segments of its own is not codable; 旧码 is retired and unused.
    assert list(tables) == ["立场", "篇幅", "日期", "备注", "组织 > 党小组", "参与", "废码"]
    party = tables["组织 > 党小组"]
    assert (party.kind, party.unit, party.level, party.categories) == (
        "code",
        "article",
        "nominal",
        [0, 1],
    )
    assert party.data == [(1, 1, N), (0, 0, 0)]
    assert tables["参与"].data == [(1, 1, N), (1, 0, 0)]
    assert tables["废码"].data == [(0, 0, N), (0, 1, 0)]
    assert party.units is not None and party.units[1][0] == load_coding(database).article_ids[1]


def test_child_segments_do_not_count_for_the_parent(database: ProjectDatabase) -> None:
    build_project(database, codable_groups=True)
    tables = by_name(reliability_tables(database))
    # A codable group is reported, but its child's segments leave it absent everywhere.
    assert tables["组织"].data == [(0, 0, N), (0, 0, 0)]
    assert tables["组织 > 党小组"].data == [(1, 1, N), (0, 0, 0)]


def per_unit(
    database: ProjectDatabase, unit: Unit, *, coded_units_only: bool = False
) -> dict[str, ReliabilityTable]:
    """The code tables with one row per unit (the report's tables gather equal rows)."""
    coding = load_coding(database, offsets=True)
    return by_name(
        list(code_tables(coding, unit, coded_units_only=coded_units_only, per_unit=True))
    )


def test_sentence_units_touching_is_not_overlapping(database: ProjectDatabase) -> None:
    ids = build_project(database)
    tables = per_unit(database, "sentence")
    assert list(tables) == ["组织 > 党小组", "参与", "废码"]
    party = tables["组织 > 党小组"]
    assert party.unit == "sentence"
    assert party.clusters is not None and party.clusters.tolist() == [0, 0, 0, 1, 1]
    assert party.units is not None and [party.units[i] for i in range(len(party.units))] == [
        (ids.articles["A1"], 0, 7),
        (ids.articles["A1"], 7, 14),
        (ids.articles["A1"], 15, 21),
        (ids.articles["A2"], 0, 7),
        (ids.articles["A2"], 7, 12),
    ]
    # 甲's [0, 7) ends where sentence 2 starts: present in sentence 1 only.
    assert party.data == [(1, 1, N), (0, 1, N), (0, 0, N), (0, 0, 0), (0, 0, 0)]
    assert tables["参与"].data == [(0, 0, N), (1, 0, N), (0, 1, N), (1, 0, 0), (0, 0, 0)]
    assert tables["废码"].data == [(0, 0, N), (0, 0, N), (0, 0, N), (0, 1, 0), (0, 0, 0)]

    # The report's tables: each article's equal rows once, weighted, clustered by article.
    gathered = by_name(reliability_tables(database, "sentence"))["组织 > 党小组"]
    assert gathered.units is None
    assert gathered.data == [(0, 0, N), (0, 1, N), (1, 1, N), (0, 0, 0)]
    assert gathered.weights is not None and gathered.weights.tolist() == [1, 1, 1, 2]
    assert gathered.clusters is not None and gathered.clusters.tolist() == [0, 0, 0, 1]


def test_paragraph_units(database: ProjectDatabase) -> None:
    build_project(database)
    tables = per_unit(database, "paragraph")
    assert tables["组织 > 党小组"].data == [(1, 1, N), (0, 0, N), (0, 0, 0)]
    assert tables["参与"].data == [(1, 0, N), (0, 1, N), (1, 0, 0)]


def test_units_coded_only(database: ProjectDatabase) -> None:
    build_project(database)
    tables = per_unit(database, "sentence", coded_units_only=True)
    # The last sentence of A2 nobody marked with any code: left out.
    assert tables["参与"].unit == "sentence-coded"
    assert tables["参与"].data == [(0, 0, N), (1, 0, N), (0, 1, N), (1, 0, 0)]
    assert tables["组织 > 党小组"].data == [(1, 1, N), (0, 1, N), (0, 0, N), (0, 0, 0)]
    with pytest.raises(AgreementError, match="restricted"):
        reliability_tables(database, "article", coded_units_only=True)


def test_character_units(database: ProjectDatabase) -> None:
    ids = build_project(database)
    coding = load_coding(database, ["甲", "乙"], offsets=True)
    by_character = by_name(list(code_tables(coding, "character", per_unit=True)))
    party = by_character["组织 > 党小组"].data
    assert len(party) == len(A1) + len(A2)
    expected = [(1, 0)] * 2 + [(1, 1)] * 5 + [(0, 1)] * 2 + [(0, 0)] * (len(A1) - 9)
    assert party == expected + [(0, 0)] * len(A2)
    units = by_character["参与"].units
    assert units is not None and units[len(A1)][1:] == (0, 1)

    # The same characters as runs: 甲 marked [0, 7) of A1, 乙 [2, 9).
    runs = by_name(reliability_tables(database, "character", ["甲", "乙"]))["组织 > 党小组"]
    assert runs.data == [(1, 0), (1, 1), (0, 1), (0, 0), (0, 0)]
    assert runs.weights is not None and runs.weights.tolist() == [2, 5, 2, len(A1) - 9, len(A2)]
    assert runs.units is not None
    a1, a2 = ids.articles["A1"], ids.articles["A2"]
    assert [runs.units[i] for i in range(len(runs.units))] == [
        (a1, 0, 2), (a1, 2, 7), (a1, 7, 9), (a1, 9, len(A1)), (a2, 0, len(A2)),
    ]  # fmt: skip
    assert runs.clusters is not None and runs.clusters.tolist() == [0, 0, 0, 0, 1]


def test_continuum_keeps_articles_every_coder_coded(database: ProjectDatabase) -> None:
    ids = build_project(database)
    two = by_name(reliability_tables(database, "continuum", ["甲", "乙"]))
    continuum = two["参与"].continuum
    assert continuum is not None and two["参与"].data == []
    assert continuum.article_ids == [ids.articles["A1"], ids.articles["A2"]]
    assert continuum.lengths == [len(A1), len(A2)]
    assert continuum.segments == {"甲": [(0, 7, 14), (1, 0, 3)], "乙": [(0, 15, 18)]}
    assert continuum.laid_end_to_end() == {"甲": [(7, 14), (21, 24)], "乙": [(15, 18)]}
    three = by_name(reliability_tables(database, "continuum"))
    # 丙 did not code A1: only A2 is on the continuum.
    assert three["参与"].continuum is not None
    assert three["参与"].continuum.article_ids == [ids.articles["A2"]]
    assert three["参与"].continuum.segments == {"甲": [(0, 0, 3)], "乙": [], "丙": []}
    assert any("left off the continuum" in note for note in three["参与"].notes)


# --------------------------------------------------------------------------------------------
# Variables
# --------------------------------------------------------------------------------------------


def test_variables_at_their_level(database: ProjectDatabase) -> None:
    build_project(database)
    every = variable_tables(load_coding(database))
    tables = by_name(every)
    stance = tables["立场"]
    assert (stance.level, stance.categories) == ("nominal", ["正面", "中性", "负面"])
    assert stance.data == [("正面", "正面", N), ("正面", "正面", "正面")]
    length = tables["篇幅"]
    # An empty value is missing; numbers are floats.
    assert (length.level, length.categories) == ("interval", None)
    assert length.data == [(3.0, 4.5, N), (5.0, N, N)]
    date = tables["日期"]
    day = dt.date(2024, 5, 6).toordinal()
    # A date is compared twice: days apart (interval), and the same day or not (nominal).
    dates = [t for t in every if t.name == "日期"]
    assert [t.level for t in dates] == ["interval", "nominal"]
    for date in dates:
        assert date.data == [(day, day + 1, N), (N, N, N)]
    assert "days apart" in dates[0].notes[-1] and "same day" in dates[1].notes[-1]
    remark = tables["备注"]
    assert remark.skipped is not None and remark.level == "text"
    # The retired variable has no values: left out.
    assert "旧变量" not in tables


def test_values_outside_the_codebook_are_kept_with_a_note(database: ProjectDatabase) -> None:
    build_project(database)
    with database.session() as session:
        value = session.scalars(select(VariableValue).where(VariableValue.value == "正面")).first()
        assert value is not None
        value.value = "其他"
    stance = by_name(variable_tables(load_coding(database)))["立场"]
    assert stance.categories == ["正面", "中性", "负面", "其他"]
    assert stance.notes and "其他" in stance.notes[0]
