"""The agreement window on the demo project: report, chart, disagreements, accepting a version."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from articoder.demo_project import build_demo_project
from coding.coders import ensure_coder
from coding.workspace import Workspace
from gui.agreement_window import AgreementWindow, row_name
from models.entities import Event, Segment

SHOTS = Path(__file__).parents[2] / "shots"


@pytest.fixture
def lead(demo_file: Path, tmp_path: Path) -> Iterator[Workspace]:
    copy = tmp_path / "demo.articoder"
    copy.write_bytes(demo_file.read_bytes())
    workspace = Workspace.open(copy, "组长")
    assert workspace.coder.is_lead
    yield workspace
    workspace.close()


def _span(text: str, at: int, length: int) -> tuple[int, int]:
    """A span of `length` characters at or after `at` holding no white space."""
    start = at
    while not all(ch.strip() for ch in text[start : start + length]):
        start += 1
    return start, start + length


def _code(lead: Workspace) -> tuple[int, int]:
    """Two leaf codes of the demo codebook."""
    codes = lead.codes()
    leaves = [c for c in codes if not any(o.path[:-1] == c.path for o in codes) and not c.retired]
    return leaves[0].id, leaves[1].id


def _spans(lead: Workspace, coder_id: int, code_id: int, article_id: int) -> list[tuple[int, int]]:
    with lead.database.session() as session:
        rows = session.execute(
            select(Segment.start, Segment.end)
            .where(
                Segment.coder_id == coder_id,
                Segment.code_id == code_id,
                Segment.article_id == article_id,
            )
            .order_by(Segment.start, Segment.end)
        )
        return [(int(s), int(e)) for s, e in rows]


def test_report_chart_disagreements_and_accept(qtbot: QtBot, lead: Workspace) -> None:
    database = lead.database
    a = Workspace(database, ensure_coder(database, "甲"))
    b = Workspace(database, ensure_coder(database, "乙"))
    x, y = _code(lead)
    articles = [row.id for row in lead.article_rows()][:4]
    texts = {i: lead.article(i).text for i in articles}
    first, second, third, fourth = articles
    # Agreeing article.
    a.code_span(first, *_span(texts[first], 0, 4), x)
    b.code_span(first, *_span(texts[first], 0, 4), x)
    # Different boundaries.
    a.code_span(second, *_span(texts[second], 2, 6), x)
    a.code_span(second, *_span(texts[second], 20, 5), x)
    b.code_span(second, *_span(texts[second], 3, 5), x)
    # Only one coder used the code; the other coded something else.
    a.code_span(third, *_span(texts[third], 0, 3), x)
    b.code_span(third, *_span(texts[third], 5, 3), y)
    a.code_span(fourth, *_span(texts[fourth], 1, 3), y)
    b.code_span(fourth, *_span(texts[fourth], 1, 3), y)

    window = AgreementWindow(lead)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    task = window.compute()
    assert task is not None
    qtbot.waitUntil(task.finished_event.is_set, timeout=60_000)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0)
    assert task.error is None
    model = window.model
    guid = next(c.guid for c in lead.codes() if c.id == x)
    assert any(r.guid == guid and r.kind == "code" for r in window.rows)
    assert window.chart.rows  # some alpha is defined
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            if index.data() == "undefined":
                assert index.data(0x03)  # the reason, as tooltip

    row = next(
        r
        for r in range(model.rowCount())
        if window.rows[r].kind == "code" and window.rows[r].guid == guid
    )
    window.table.selectRow(row)
    assert window.code_id == x
    listed = [
        window.disagreements.item(i).data(0x0100) for i in range(window.disagreements.count())
    ]
    assert listed == [second, third]

    window.tabs.setCurrentIndex(2)
    window.disagreements.setCurrentRow(0)
    assert window.article_id == second
    assert set(window.texts) >= {a.coder.id, b.coder.id}
    assert len(window.texts[a.coder.id].extraSelections()) == 2
    assert len(window.texts[b.coder.id].extraSelections()) == 1
    window.resize(1200, 560)
    SHOTS.mkdir(exist_ok=True)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "agreement_window.png"))
    window.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "agreement_window_chart.png"))
    window.tabs.setCurrentIndex(0)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "agreement_window_report.png"))
    window.tabs.setCurrentIndex(2)

    consensus = ensure_coder(database, "consensus")
    window.accept_buttons[a.coder.id].click()
    assert _spans(lead, consensus.id, x, second) == _spans(lead, a.coder.id, x, second)
    assert len(window.texts[consensus.id].extraSelections()) == 2
    with database.session() as session:
        event = session.scalars(select(Event).order_by(Event.id.desc())).first()
        assert event is not None
        assert (event.action, event.coder_id) == ("consensus-accept", lead.coder.id)

    window.accept_buttons[b.coder.id].click()
    assert _spans(lead, consensus.id, x, second) == _spans(lead, b.coder.id, x, second)
    lead.undo()
    assert _spans(lead, consensus.id, x, second) == _spans(lead, a.coder.id, x, second)
    assert len(window.texts[consensus.id].extraSelections()) == 2  # the view followed the undo
    lead.undo()
    assert _spans(lead, consensus.id, x, second) == []

    # The lead edits a consensus of their own: add a selection, remove a segment, undo.
    view = window.texts[consensus.id]
    start, end = _span(texts[second], 8, 4)
    cursor = view.textCursor()
    cursor.setPosition(window_offsets(texts[second], start))
    cursor.setPosition(window_offsets(texts[second], end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    window.add_to_consensus()
    assert _spans(lead, consensus.id, x, second) == [(start, end)]
    cursor.setPosition(window_offsets(texts[second], start + 1))
    view.setTextCursor(cursor)
    window.remove_from_consensus()
    assert _spans(lead, consensus.id, x, second) == []
    lead.undo()
    assert _spans(lead, consensus.id, x, second) == [(start, end)]
    with database.session() as session:
        event = session.scalars(select(Event).order_by(Event.id.desc())).first()
        assert event is not None and event.coder_id == lead.coder.id  # who decided

    # Only the chosen coders are compared.
    assert [a_.text() for a_ in window.coder_menu.actions()] == ["乙", "甲"]
    window.coder_menu.actions()[0].setChecked(False)
    assert window._report_coders() is None  # fewer than two chosen: all coders


def window_offsets(text: str, offset: int) -> int:
    from gui.offsets import OffsetMap

    return OffsetMap(text).to_qt(offset)


def test_coder_who_is_not_lead_cannot_accept(qtbot: QtBot, lead: Workspace) -> None:
    database = lead.database
    a = Workspace(database, ensure_coder(database, "甲"))
    b = Workspace(database, ensure_coder(database, "乙"))
    x, _ = _code(lead)
    article = lead.article_rows()[0].id
    text = lead.article(article).text
    a.code_span(article, *_span(text, 0, 4), x)
    b.code_span(article, *_span(text, 1, 4), x)
    window = AgreementWindow(b)
    qtbot.addWidget(window)
    task = window.compute()
    assert task is not None
    qtbot.waitUntil(task.finished_event.is_set, timeout=60_000)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0)
    row = next(
        r for r, report in enumerate(window.rows) if report.kind == "code" and report.n_units
    )
    window.table.selectRow(row)
    window.disagreements.setCurrentRow(0)
    assert window.accept_buttons
    assert not any(button.isEnabled() for button in window.accept_buttons.values())


def test_blind_mode_keeps_the_window_for_the_lead(
    qtbot: QtBot, lead: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    database = lead.database
    coder = Workspace(database, ensure_coder(database, "甲"))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    lead.set_blind(True)
    assert coder.blind and not coder.coder.is_lead
    assert AgreementWindow.open_for(coder) is None
    assert told and "only the lead" in told[0]
    assert AgreementWindow.refusal(lead) is None
    window = AgreementWindow.open_for(lead)
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    # Blind mode off: every coder may look.
    lead.set_blind(False)
    assert AgreementWindow.refusal(Workspace(database, ensure_coder(database, "乙"))) is None


def test_pairwise_prevalence_shading_and_export(
    qtbot: QtBot, lead: Workspace, tmp_path: Path
) -> None:
    import json

    from openpyxl import load_workbook
    from PySide6.QtCore import Qt

    database = lead.database
    coders = [Workspace(database, ensure_coder(database, name)) for name in ("甲", "乙", "丙")]
    x, y = _code(lead)
    articles = [row.id for row in lead.article_rows()][:3]
    for number, article in enumerate(articles):
        text = lead.article(article).text
        for index, coder in enumerate(coders):
            # 甲 and 乙 agree on x; 丙 marks x a little later in one article, and y once.
            shift = 6 if (index == 2 and number == 1) else 0
            coder.code_span(article, *_span(text, shift, 4), x)
        if number == 0:
            coders[2].code_span(article, *_span(text, 10, 3), y)

    window = AgreementWindow(lead)
    qtbot.addWidget(window)
    window.show()
    names = [a.text() for a in window.coder_menu.actions()]
    for action in window.coder_menu.actions():
        action.setChecked(action.text() in ("甲", "乙", "丙"))
    assert {"甲", "乙", "丙"} <= set(names)
    task = window.compute()
    assert task is not None
    qtbot.waitUntil(task.finished_event.is_set, timeout=60_000)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0)
    assert window.rows[-1].kind == "overall"
    # The pairwise table: three pairs for every code somebody used (the others are "not
    # used", with no coefficient at all).
    code_rows = [row for row in window.rows if row.kind == "code"]
    used = [row for row in code_rows if row.verdict != "not used by any coder"]
    assert all(len(row.pairwise) == 3 for row in used)
    assert window.pairwise.rowCount() == sum(len(row.pairwise) for row in window.rows)
    assert window.pairwise.horizontalHeaderItem(5).text() == "Scott's π"
    # Prevalence: one line per code, a column per coder.
    assert window.prevalence.rowCount() == len(code_rows)
    x_row = next(i for i, row in enumerate(code_rows) if row.n_marked_units == 3)
    assert [window.prevalence.item(x_row, c).text() for c in (2, 3, 4)] == ["3", "3", "3"]
    # Only alpha and its interval are shaded, whatever the others show.
    model = window.model
    keys = [key for _, key in model.columns]
    for r in range(model.rowCount()):
        for key in ("percent_agreement", "gwet_ac1", "brennan_prediger", "fleiss_kappa"):
            index = model.index(r, keys.index(key))
            assert index.data(Qt.ItemDataRole.BackgroundRole) is None
    # Export: the same files the command line writes.
    assert window.export_report(tmp_path / "report.json")
    payload = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [entry["name"] for entry in payload] == [row.name for row in window.rows]
    assert all("pairwise" in entry and "prevalence" in entry for entry in payload)
    assert window.export_report(tmp_path / "report")
    book = load_workbook(tmp_path / "report.xlsx")
    assert book.sheetnames == ["Agreement", "Pairwise", "Definitions"]
    assert book["Pairwise"].max_row == 1 + window.pairwise.rowCount()
    window.tabs.setCurrentIndex(3)
    qtbot.wait(50)
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "agreement_window_pairwise.png"))


def test_variables_by_label_in_either_language_and_kalpha_intervals(
    qtbot: QtBot, lead: Workspace, tmp_path: Path
) -> None:
    import json

    from openpyxl import load_workbook
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMainWindow

    from models.entities import Variable

    # A variable without labels shows its codebook name, as the coding sheet does.
    with lead.database.session() as session:
        tiers = session.scalars(select(Variable).where(Variable.name == "org_tiers")).one()
        tiers.label, tiers.label_en = "", None
        session.commit()
    # Two coders fill in the variables and code a little, so that there is a report.
    database = lead.database
    coders = [Workspace(database, ensure_coder(database, name)) for name in ("甲", "乙")]
    variables = {v.name: v for v in lead.variables()}
    x, _ = _code(lead)
    for number, article in enumerate(row.id for row in lead.article_rows()[:6]):
        text = lead.article(article).text
        for index, coder in enumerate(coders):
            coder.code_span(article, *_span(text, 3 * index * (number % 2), 4), x)
            outlet = variables["outlet_type"].choices[(number + index * (number % 3 == 0)) % 2]
            coder.set_value(article, variables["outlet_type"].id, outlet[0])
            level = variables["governance_level"].choices[number % 3]
            coder.set_value(article, variables["governance_level"].id, level[0])
            coder.set_value(article, variables["org_tiers"].id, str(number + index))
    # The coding window's language unless told: a parent without one means Chinese.
    parent = QMainWindow()
    qtbot.addWidget(parent)
    parent.english = True  # type: ignore[attr-defined]
    inherits, default = AgreementWindow(lead, parent), AgreementWindow(lead)
    qtbot.addWidget(default)  # the other one closes with its parent
    assert inherits.english and not default.english

    for english, outlet, level in (
        (False, "媒体类型", "治理层级"),
        (True, "Outlet type", "Governance level"),
    ):
        window = AgreementWindow(lead, english=english)
        qtbot.addWidget(window)
        window.bootstrap_combo.setCurrentIndex(window.bootstrap_combo.findData("kalpha"))
        task = window.compute()
        assert task is not None
        qtbot.waitUntil(task.finished_event.is_set, timeout=60_000)
        assert task.error is None, task.error
        assert not isinstance(task.result, Exception), task.result
        qtbot.waitUntil(lambda w=window: w.model.rowCount() > 0)  # type: ignore[misc]
        model = window.model
        column = [key for _, key in model.columns].index("name")
        shown = {
            row.name: (
                model.index(r, column).data(),
                model.index(r, column).data(Qt.ItemDataRole.ToolTipRole),
            )
            for r, row in enumerate(window.rows)
            if row.kind == "variable"
        }
        assert shown["outlet_type"] == (outlet, "Name in the codebook: outlet_type")
        assert shown["governance_level"][0] == level
        assert shown["org_tiers"][0] == "org_tiers"
        # Codes keep their names; the pairwise table names variables as the report does.
        code = next(r for r, row in enumerate(window.rows) if row.kind == "code")
        assert model.index(code, column).data() == window.rows[code].name
        pairwise = {window.pairwise.item(i, 0).text() for i in range(window.pairwise.rowCount())}
        assert outlet in pairwise and "outlet_type" not in pairwise
        # Alpha's interval is KALPHA's, and says so.
        kalpha = [row for row in window.rows if row.bootstrap]
        assert kalpha and all(row.bootstrap["method"] == "kalpha" for row in kalpha)
        interval = [key for _, key in model.columns].index("alpha_interval")
        first = window.rows.index(kalpha[0])
        tooltip = model.index(first, interval).data(Qt.ItemDataRole.ToolTipRole)
        assert tooltip.startswith("KALPHA's bootstrap: 1000 draws of ")
    # The export says which bootstrap ran, in the JSON rows and the definitions.
    assert window.export_report(tmp_path / "report.json")
    payload = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert {e["bootstrap"]["method"] for e in payload if e["bootstrap"]} == {"kalpha"}
    assert window.export_report(tmp_path / "report.xlsx")
    definitions = load_workbook(tmp_path / "report.xlsx")["Definitions"]
    text = " ".join(str(cell.value) for line in definitions.iter_rows() for cell in line)
    assert "are KALPHA's" in text


def _computed(qtbot: QtBot, window: AgreementWindow, unit: str = "article") -> None:
    window.unit_combo.setCurrentIndex(window.unit_combo.findData(unit))
    task = window.compute()
    assert task is not None
    qtbot.waitUntil(task.finished_event.is_set, timeout=120_000)
    assert task.error is None, task.error
    assert not isinstance(task.result, Exception), task.result
    qtbot.waitUntil(lambda: bool(window.rows) and window.rows[0].unit == unit)


@pytest.fixture(scope="module")
def coded_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("coded") / "demo.articoder"
    build_demo_project(path, coding=True).close()
    return path


@pytest.fixture
def coded_lead(coded_demo_file: Path, tmp_path: Path) -> Iterator[Workspace]:
    """The demo as the user opens it: three demo coders' coding, opened by its lead."""
    from coding.coders import list_coders
    from models.database import open_project

    copy = tmp_path / "coded.articoder"
    copy.write_bytes(coded_demo_file.read_bytes())
    database = open_project(copy)
    lead_name = next(c.name for c in list_coders(database) if c.is_lead)
    database.close()
    workspace = Workspace.open(copy, lead_name)
    yield workspace
    workspace.close()


def test_shading_verdict_dates_and_continuum_tell_one_story(
    qtbot: QtBot, coded_lead: Workspace
) -> None:
    """On the demo's three coders: alpha, its interval and the verdict share one colour, the
    verdict's, and the verdict names its number; a date's two rows say what each compares; the
    continuum says why it has no interval, in the cell's tooltip and under the table.
    """
    from PySide6.QtCore import Qt

    from agreement.report import judged_value
    from gui.agreement_window import _bar_color

    lead = coded_lead
    window = AgreementWindow(lead, english=True)
    qtbot.addWidget(window)
    window.show()
    _computed(qtbot, window)
    model = window.model
    keys = [key for _, key in model.columns]
    judged = [r for r, row in enumerate(window.rows) if judged_value(row) is not None]
    assert len(judged) >= 10
    lower_bound_story = 0
    for r in judged:
        row = window.rows[r]
        value = judged_value(row)
        expected = _bar_color(value)
        for key in ("krippendorff_alpha", "alpha_interval", "verdict"):
            brush = model.index(r, keys.index(key)).data(Qt.ItemDataRole.BackgroundRole)
            # An empty interval cell stays unshaded: there is nothing in it to colour.
            wanted = None if getattr(row, key) is None else expected
            assert (brush.color() if brush is not None else None) == wanted, (row.name, key)
        verdict = model.index(r, keys.index("verdict")).data()
        assert verdict.endswith(f"{value:.3f}")
        tip = model.index(r, keys.index("krippendorff_alpha")).data(Qt.ItemDataRole.ToolTipRole)
        assert "Shading:" in tip and f"{row.krippendorff_alpha:.3f}" in tip
        if row.verdict_basis == "lower bound" and _bar_color(row.krippendorff_alpha) != expected:
            # The reviewer's case (alpha .742, lower bound .251): the colour is the verdict's.
            assert ", on the lower bound " in verdict and f"down to {value:.3f}" in tip
            lower_bound_story += 1
    assert lower_bound_story >= 1
    assert window.table_note.text().startswith("Shading: red below .667")
    # No other coefficient is held to the bars.
    for r in range(model.rowCount()):
        for key in ("percent_agreement", "gwet_ac1", "brennan_prediger", "cohen_kappa"):
            assert model.index(r, keys.index(key)).data(Qt.ItemDataRole.BackgroundRole) is None

    # The event date twice, each row naming what it compares.
    dates = [r for r, row in enumerate(window.rows) if row.name == "event_date"]
    assert len(dates) == 2
    names = {model.index(r, keys.index("name")).data() for r in dates}
    levels = {model.index(r, keys.index("level")).data() for r in dates}
    assert len(names) == 2 and all(n.endswith(("(same day)", "(days apart)")) for n in names)
    assert levels == {"nominal", "interval"}
    tips = {model.index(r, keys.index("level")).data(Qt.ItemDataRole.ToolTipRole) for r in dates}
    assert any("same day" in tip for tip in tips) and any("days apart" in tip for tip in tips)
    chart_names = {row_name(row, window.chart.labels) for row in window.chart.rows}
    assert names <= chart_names

    _computed(qtbot, window, "continuum")
    interval = keys.index("alpha_interval")
    used = [r for r, row in enumerate(window.rows) if row.krippendorff_alpha is not None]
    assert used and window.rows[used[-1]].kind == "overall"  # unitizing alpha over all codes
    for r in used:
        assert model.index(r, interval).data() == "not computed", window.rows[r]
        tip = model.index(r, interval).data(Qt.ItemDataRole.ToolTipRole)
        assert "no bootstrap is drawn for unitizing alpha" in tip
        if window.rows[r].kind == "code":
            verdict = model.index(r, keys.index("verdict")).data()
            assert verdict.count(", on α itself ") == 1
    note = window.table_note.text()
    assert "Continuum: no bootstrap is drawn for unitizing alpha" in note
    assert "character unit" in note


def test_disagreement_panes_count_in_words_and_open_at_the_difference(
    qtbot: QtBot, lead: Workspace
) -> None:
    """Each pane says "1 segment" (not "1 segments") and is scrolled to the first place where
    the versions differ, far down a long article, not to its top.
    """
    database = lead.database
    a = Workspace(database, ensure_coder(database, "甲"))
    b = Workspace(database, ensure_coder(database, "乙"))
    x, _ = _code(lead)
    article = max(lead.article_rows(), key=lambda row: len(lead.article(row.id).text)).id
    text = lead.article(article).text
    late = int(len(text) * 0.85)
    for coder in (a, b):  # both agree at the top, where the panes would otherwise open
        coder.code_span(article, *_span(text, 0, 3), x)
    a.code_span(article, *_span(text, late, 5), x)  # only 甲 marked it: the difference

    window = AgreementWindow(lead, english=True)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    for action in window.coder_menu.actions():
        action.setChecked(action.text() in ("甲", "乙"))
    _computed(qtbot, window)
    guid = next(c.guid for c in lead.codes() if c.id == x)
    row = next(r for r, row in enumerate(window.rows) if row.guid == guid)
    window.table.selectRow(row)
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    listed = [
        window.disagreements.item(i).data(0x0100) for i in range(window.disagreements.count())
    ]
    assert window.browser_title.text().endswith(
        "coders differ in 1 article" if len(listed) == 1 else f"in {len(listed)} articles"
    )
    window.disagreements.setCurrentRow(listed.index(article))
    assert window.first_difference() == _span(text, late, 5)[0]
    labels = {coder_id: label.text() for coder_id, (label, _name) in window._labels.items()}
    assert labels[a.coder.id] == "甲 — 2 segments"
    assert labels[b.coder.id] == "乙 — 1 segment"
    qtbot.wait(50)
    for view in window.texts.values():
        bar = view.verticalScrollBar()
        assert bar.maximum() > 0 and bar.value() > bar.maximum() // 2
        top = view.cursorForPosition(view.viewport().rect().topLeft()).position()
        bottom = view.cursorForPosition(view.viewport().rect().bottomRight()).position()
        shown_at = window_offsets(text, _span(text, late, 5)[0])
        assert top <= shown_at <= bottom
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "agreement_disagreement_scrolled.png"))
