"""Coding-sheet values (issue 15): the dates people in China write, refusals as data, and the
required variables a coder left empty for an article (asked about before marking it done).
"""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from sqlalchemy import select

from coding.values import ValueRefused, missing_required, normalise_value, parse_date
from coding.workspace import Workspace
from models.entities import Variable
from models.text_limits import VALUE_LIMIT
from tests.coding.conftest import article_id


@pytest.mark.parametrize(
    "text",
    [
        "2025-01-16",
        "2025-1-16",
        "2025/1/16",
        "2025/01/16",
        "2025.1.16",
        "2025年1月16日",
        "2025年1月16号",
        "2025年1月16",
        " 2025 年 1 月 16 日 ",
        "２０２５年１月１６日",
        "20250116",
    ],
)
def test_dates_written_the_chinese_ways_are_stored_iso(text: str) -> None:
    assert parse_date(text) == dt.date(2025, 1, 16)
    assert normalise_value("事件日期", "date", text) == "2025-01-16"


@pytest.mark.parametrize(
    "text", ["2025/2/30", "2025/1-16", "16/1/2025", "1月16日", "2025年13月1日", "明天", ""]
)
def test_what_is_not_a_date_is_refused_with_its_reason(text: str) -> None:
    assert parse_date(text) is None
    with pytest.raises(ValueRefused) as refused:
        normalise_value("事件日期", "date", text)
    assert refused.value.reason == "not_date"
    assert refused.value.text == text.strip()


def test_numbers_out_of_range_carry_the_limit() -> None:
    with pytest.raises(ValueRefused) as above:
        normalise_value("组织层级数", "interval", "9", minimum=0, maximum=8)
    assert (above.value.reason, above.value.limit, above.value.text) == ("above_maximum", 8, "9")
    assert str(above.value) == "组织层级数: 9 is above the maximum 8"  # the CLI's wording
    with pytest.raises(ValueRefused) as below:
        normalise_value("组织层级数", "interval", "-1", minimum=0, maximum=8)
    assert below.value.reason == "below_minimum"
    with pytest.raises(ValueRefused) as words:
        normalise_value("组织层级数", "interval", "三", minimum=0, maximum=8)
    assert words.value.reason == "not_number"
    assert normalise_value("组织层级数", "interval", "８", minimum=0, maximum=8) == "8"


def test_a_choice_by_value_or_label_and_a_refusal_listing_the_values() -> None:
    allowed = ("negative", "neutral", "positive")
    labels = {"负面": "negative", "中性": "neutral", "正面": "positive"}
    assert normalise_value("报道基调", "ordinal", "正面", allowed, labels) == "positive"
    with pytest.raises(ValueRefused) as refused:
        normalise_value("报道基调", "ordinal", "很好", allowed, labels)
    assert (refused.value.reason, refused.value.allowed) == ("not_allowed", allowed)


def test_a_value_too_long_is_unstorable() -> None:
    with pytest.raises(ValueRefused) as refused:
        normalise_value("备注", "text", "字" * (VALUE_LIMIT + 1))
    assert refused.value.reason == "unstorable"


def test_the_workspace_stores_a_slashed_date_as_iso(workspace: Workspace) -> None:
    # The small codebook has no date variable: give the project one, as a codebook would.
    with workspace.database.session() as session:
        session.add(Variable(name="event_date", label="事件日期", level="date", position=9))
    date_id = next(v.id for v in workspace.variables() if v.name == "event_date")
    first = article_id(workspace, "新桥")
    workspace.set_value(first, date_id, "2025年3月1日")
    assert workspace.values(first)[date_id] == "2025-03-01"


def test_missing_required_lists_what_the_coder_left_empty(workspace: Workspace) -> None:
    first = article_id(workspace, "新桥")
    tone = next(v for v in workspace.variables() if v.name == "tone")
    tiers = next(v for v in workspace.variables() if v.name == "org_tiers")
    with workspace.database.session() as session:
        # An empty article (no segments, no values): the one required variable is missing.
        assert [
            (m.name, m.label, m.label_en)
            for m in missing_required(session, first, workspace.coder.id)
        ] == [("tone", "报道基调", "Tone")]
        # Make the tiers required too: both are listed, in the sheet's order.
        session.scalars(select(Variable).where(Variable.id == tiers.id)).one().required = True
    with workspace.database.session() as session:
        missing = missing_required(session, first, workspace.coder.id)
    assert [m.variable_id for m in missing] == [tone.id, tiers.id]
    workspace.set_value(first, tone.id, "neutral")
    with workspace.database.session() as session:
        assert [m.name for m in missing_required(session, first, workspace.coder.id)] == [
            "org_tiers"
        ]
    workspace.set_value(first, tiers.id, "3")
    with workspace.database.session() as session:
        assert missing_required(session, first, workspace.coder.id) == []
        # Another coder's values are theirs: this coder's list is unchanged by them.
        other = article_id(workspace, "東湖")
        assert len(missing_required(session, other, workspace.coder.id)) == 2


def test_a_refusal_survives_pickling() -> None:
    with pytest.raises(ValueRefused) as refused:
        normalise_value("组织层级数", "interval", "9", minimum=0, maximum=8)
    copy = pickle.loads(pickle.dumps(refused.value))
    assert (str(copy), copy.reason, copy.limit) == (str(refused.value), "above_maximum", 8)
