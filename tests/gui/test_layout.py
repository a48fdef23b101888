"""The coding window's layout, measured (issue 15, points 4 and 7): the article's text gets the
room a coder reads in all day, and every list shows its headers and values whole.

Each window is the demo project with its three coders' coding, opened as its demo lead in the
font the application uses (gui/app.py), at the screen sizes researchers work at. The numbers
are measured from the widgets: characters per line from the viewport's width and the text
font's advance, header fits from the header's own size hints.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QTextLayout
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from articoder.demo_project import build_demo_project
from coding.workspace import Workspace
from gui.app import cjk_font, install_language, own_coder
from gui.article_area import DEFAULT_FONT
from gui.codebook_model import SEGMENTS, CodeRole
from gui.coding_stripes import GAP, MIN_COLUMNS, PAD, STRIPE, assign_lanes
from gui.main_window import (
    ARTICLE_LIST_MAX,
    ARTICLE_LIST_SHARE,
    CODEBOOK_MAX,
    CODEBOOK_SHARE,
    LAYOUT_VERSION,
    MainWindow,
)
from gui.plurals import counted
from gui.segment_list import CODE, CODER, MEMO, SHARES, TEXT
from models.database import open_project

# Chinese characters on one line of the article at the default text size.
LEAST_CHARACTERS = {(1280, 720): 24, (1600, 1000): 32}
CJK = "中"
OpenDemo = Callable[..., MainWindow]  # (width, height, language="en") -> the window


@pytest.fixture(scope="module")
def coded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.articoder"
    build_demo_project(path, coding=True).close()
    return path


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[None]:
    """The application's own font (gui.app.application sets it), put back afterwards."""
    before = QFont(qapp.font())
    qapp.setFont(cjk_font(10))
    yield
    qapp.setFont(before)


@pytest.fixture
def open_demo(qtbot: QtBot, coded_demo: Path, tmp_path: Path, app_font: None) -> Iterator[OpenDemo]:
    """A function opening the demo's window at a size in a language, the most coded article
    shown; every window and workspace opened is closed afterwards.
    """
    opened: list[tuple[MainWindow, Workspace]] = []

    def make(width: int, height: int, language: str = "en") -> MainWindow:
        copy = tmp_path / f"demo-{len(opened)}.articoder"
        copy.write_bytes(coded_demo.read_bytes())
        database = open_project(copy)
        coder = own_coder(database)
        assert coder is not None
        workspace = Workspace(database, coder)
        install_language(language)
        window = MainWindow(workspace, english=language == "en")
        qtbot.addWidget(window)
        opened.append((window, workspace))
        window.resize(width, height)  # before the default panel sizes are taken
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(50)
        rows = [window.article_model.article_at(r) for r in range(window.article_model.rowCount())]
        window.open_article(max(rows, key=lambda a: a.segments).id)
        qtbot.wait(20)
        return window

    yield make
    install_language("en")
    for window, workspace in opened:
        window.close()
        workspace.close()


def characters_per_line(window: MainWindow) -> float:
    """How many Chinese characters a line of the article holds, from the widths."""
    view = window.view
    room = view.viewport().width() - 2 * view.document().documentMargin()
    return room / QFontMetricsF(view.font()).horizontalAdvance(CJK)


def first_lines(window: MainWindow) -> list[int]:
    """The characters on the first line of each paragraph that wraps: what Qt laid out."""
    lengths = []
    block = window.view.document().begin()
    while block.isValid():
        layout = block.layout()
        if layout is not None and layout.lineCount() > 1:
            lengths.append(layout.lineAt(0).textLength())
        block = block.next()
    return lengths


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(1280, 720), (1600, 1000)])
def test_the_article_gets_the_room(
    open_demo: OpenDemo, size: tuple[int, int], language: str
) -> None:
    window = open_demo(*size, language)
    assert window.view.font().pointSize() == DEFAULT_FONT
    least = LEAST_CHARACTERS[size]
    assert characters_per_line(window) >= least
    laid_out = first_lines(window)
    assert laid_out and statistics.median(laid_out) >= least
    # The side columns take their shares (a panel's own minimum may ask a little more).
    width = window.width()
    assert window.articles_dock.width() <= min(ARTICLE_LIST_MAX, width * ARTICLE_LIST_SHARE) + 8
    assert window.codebook_dock.width() <= min(CODEBOOK_MAX, width * CODEBOOK_SHARE) + 8


def test_the_margin_is_as_wide_as_the_stripes_drawn(open_demo: OpenDemo) -> None:
    window = open_demo(1280, 720)
    view = window.view
    stripes = view.stripes
    codes = {(s.code_id, s.name) for s in stripes.spans}
    lanes = len(set(stripes.columns.values()))
    assert len(codes) >= 8 and lanes < len(codes)  # codes that never meet share a lane
    expected = 2 * PAD + max(lanes, MIN_COLUMNS) * (STRIPE + GAP) - GAP
    assert view.viewportMargins().left() == stripes.width_needed() == expected
    # No two codes in one lane have a segment in the same paragraph.
    document, offsets = view.document(), view.offsets
    taken: dict[tuple[int, int], tuple[int, str]] = {}
    for span in stripes.spans:
        key = (span.code_id, span.name)
        first = document.findBlock(offsets.to_qt(span.start)).blockNumber()
        last = document.findBlock(offsets.to_qt(span.end - 1)).blockNumber()
        for paragraph in range(first, last + 1):
            other = taken.setdefault((stripes.columns[key], paragraph), key)
            assert other == key


def test_lanes_are_shared_only_by_codes_that_never_meet() -> None:
    a, b, c = (1, "a"), (2, "b"), (3, "c")
    # a in paragraphs 0-1, b in 1, c in 3: b meets a, c meets nobody and takes a's lane.
    assert assign_lanes([(a, 0, 1), (b, 1, 1), (c, 3, 3)]) == {a: 0, b: 1, c: 0}
    assert assign_lanes([]) == {}
    many = [((n, str(n)), 0, 0) for n in range(20)]  # twenty codes in one paragraph
    lanes = assign_lanes(many)
    assert max(lanes.values()) == 11 and lanes[(19, "19")] == 11  # the last lane is shared


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_codebook_headers_and_values_fit(open_demo: OpenDemo, language: str) -> None:
    window = open_demo(1280, 720, language)
    tree = window.codebook_panel.tree
    header = tree.header()
    model = tree.model()
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= header.sectionSizeHint(column), title
        assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(title), title
    for column in (1, 2):  # key, segments: every value whole ("Σ 178" included)
        assert header.sectionSize(column) >= tree.sizeHintForColumn(column)
    # The names keep most of the room.
    assert header.sectionSize(0) >= tree.viewport().width() * 0.55


def test_parent_codes_show_their_branch_total(open_demo: OpenDemo) -> None:
    window = open_demo(1280, 720)
    panel = window.codebook_panel
    model = panel.model
    parents = [node for node in window.tree if node.children]
    assert parents
    for node in parents:
        branch = node.segments + sum(child.total_segments for child in node.children)
        assert branch == node.total_segments
        cell = model.index_of(node.id, SEGMENTS)
        assert cell.data() == f"Σ {branch}"
        assert cell.data(CodeRole.TOTAL_SEGMENTS) == branch
        tooltip = str(cell.data(Qt.ItemDataRole.ToolTipRole))
        assert f"sub-codes: {branch}" in tooltip and f"itself: {node.segments}" in tooltip
    used = max(parents, key=lambda n: n.total_segments)
    assert used.total_segments > 0 and used.segments == 0  # coded only through its sub-codes
    leaf = next(node for node in window.tree if not node.children and node.segments)
    assert model.index_of(leaf.id, SEGMENTS).data() == leaf.segments


def test_segment_columns_follow_their_contents(open_demo: OpenDemo, qtbot: QtBot) -> None:
    window = open_demo(1280, 720)
    listing = window.segment_list
    header = listing.horizontalHeader()
    memo = "受访者把网格员称作“小巷管家”，与区里的说法不同，编码时要留意。"
    window.workspace.change_segment(listing.segment_ids[0], memo=memo)
    qtbot.wait(20)
    room = listing.viewport().width()
    metrics = listing.fontMetrics()
    assert header.sectionSize(MEMO) >= min(
        metrics.horizontalAdvance(memo), int(room * SHARES[MEMO]) - 16
    )
    names = {row[1] for row in listing.segment_model.rows}
    widest_name = max(metrics.horizontalAdvance(name) for name in names)
    assert header.sectionSize(CODE) >= min(widest_name, int(room * SHARES[CODE]) - 16)
    for column in (CODE, MEMO, CODER):
        assert header.sectionSize(column) >= header.sectionSizeHint(column)  # headers whole
    # Nothing cut off at the right; the coded text stretches over what is left, most of it.
    assert sum(header.sectionSize(c) for c in range(4)) <= room
    assert header.sectionSize(TEXT) >= room * 0.4


def test_article_list_columns_fit_and_the_title_gets_the_room(open_demo: OpenDemo) -> None:
    window = open_demo(1280, 720, "zh_CN")
    table = window.article_table
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    model = window.article_model
    for column in (3, 4):  # status, segments: header and values whole, in view
        values = [str(model.index(r, column).data()) for r in range(model.rowCount())]
        assert header.sectionSize(column) >= header.sectionSizeHint(column)
        assert header.sectionSize(column) >= max(metrics.horizontalAdvance(v) for v in values)
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= table.viewport().width()
    others = [header.sectionSize(c) for c in range(1, model.columnCount())]
    assert header.sectionSize(0) > max(others)
    assert header.sectionSize(0) >= table.viewport().width() * 0.5


def test_the_status_bar_counts_in_words(open_demo: OpenDemo, qtbot: QtBot) -> None:
    window = open_demo(1280, 720)
    assert window.statusBar().currentMessage() == "20 articles"
    window.title_filter.setText(window.article_model.article_at(0).title)
    assert window._count_message() == "1 of 20 articles shown"
    one = QCoreApplication.translate("MainWindow", "%n article(s)", "", 1)
    assert counted(one, 1) == "1 article"
    chinese = open_demo(1280, 720, "zh_CN")
    assert chinese.statusBar().currentMessage() == "共 20 篇文章"
    chinese.title_filter.setText(chinese.article_model.article_at(0).title)
    assert chinese._count_message() == "显示 1 篇，共 20 篇文章"
    assert counted(QCoreApplication.translate("MainWindow", "%n article(s)", "", 1), 1) == (
        "共 1 篇文章"
    )


def test_reset_layout_puts_the_widths_back(open_demo: OpenDemo, qtbot: QtBot) -> None:
    window = open_demo(1280, 720)
    window.reset_layout()  # the window as it starts on this screen, the panels' defaults
    qtbot.wait(50)
    expected = (window.articles_dock.width(), window.codebook_dock.width())
    characters = characters_per_line(window)
    codebook_columns = [window.codebook_panel.tree.header().sectionSize(c) for c in range(3)]
    # Panels dragged wide, one floated, one closed; a title column dragged narrow.
    window.resizeDocks([window.articles_dock], [window.width() // 2], Qt.Orientation.Horizontal)
    window.codebook_dock.setFloating(True)
    window.sheet_dock.close()
    window.article_table.horizontalHeader().resizeSection(3, 200)
    qtbot.wait(50)
    assert window.articles_dock.width() > expected[0] + 50
    assert characters_per_line(window) < characters
    reset = next(
        action
        for action in window.menus["view"].actions()
        if action.text() == window.tr("Reset layout")
    )
    reset.trigger()
    qtbot.wait(50)
    assert abs(window.articles_dock.width() - expected[0]) <= 2
    assert abs(window.codebook_dock.width() - expected[1]) <= 2
    assert not window.codebook_dock.isFloating() and window.sheet_dock.isVisible()
    assert abs(characters_per_line(window) - characters) < 0.5
    assert [window.codebook_panel.tree.header().sectionSize(c) for c in range(3)][1:] == (
        codebook_columns[1:]
    )
    assert window.article_table.horizontalHeader().sectionSize(3) < 200
    # The sheet and the suggestions share their place again, the sheet in front.
    assert window.suggestions_dock in window.tabifiedDockWidgets(window.sheet_dock)


def test_a_layout_from_an_older_version_is_not_restored(open_demo: OpenDemo, qtbot: QtBot) -> None:
    window = open_demo(1280, 720)
    window.resizeDocks([window.articles_dock], [600], Qt.Orientation.Horizontal)
    qtbot.wait(50)
    window.settings.setValue("window_state", window.saveState(LAYOUT_VERSION - 1))
    again = open_demo(1280, 720)
    assert not again._layout_restored
    assert again.articles_dock.width() <= 1280 * ARTICLE_LIST_SHARE + 8
    window.save_layout()  # the current version is restored
    third = open_demo(1280, 720)
    assert third._layout_restored


def test_emoji_fall_back_to_an_emoji_font(qapp: QApplication, app_font: None) -> None:
    """Emoji in an article are drawn from the system's emoji font; the application's CJK font
    choice does not stop Qt from falling back to it. Without an emoji font (Debian's
    fonts-noto-color-emoji) they can only be boxes, whatever the program does.
    """
    emoji_families = [
        family
        for family in QFontDatabase.families()
        if "emoji" in family.lower() and QFontDatabase.hasFamily(family)
    ]
    if not emoji_families:
        pytest.skip("no emoji font installed here (Debian: fonts-noto-color-emoji)")
    font = QFont(qapp.font())
    font.setPointSize(DEFAULT_FONT)
    layout = QTextLayout("谢谢👍楼长", font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = {}
    for run in layout.glyphRuns():
        raw = run.rawFont()
        families[raw.familyName()] = list(run.glyphIndexes())
    emoji_runs = [f for f in families if "emoji" in f.lower()]
    assert emoji_runs, families
    assert all(index != 0 for index in families[emoji_runs[0]])  # a real glyph, not a box


def test_paragraphs_for_the_lanes_are_the_views_blocks(qtbot: QtBot) -> None:
    from gui.article_view import ArticleView
    from gui.coding_stripes import paragraph_starts

    view = ArticleView()
    qtbot.addWidget(view)
    text = "第一段\n第二段\u2029第三段\n\n第五段😀\r第六段"  # cleaned texts hold no CR LF
    view.show_text(text)
    blocks = []
    block = view.document().begin()
    while block.isValid():
        blocks.append(view.offsets.from_qt(block.position()))
        block = block.next()
    assert paragraph_starts(text) == blocks
