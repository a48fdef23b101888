"""A new user's first study, walked on a real X display: the program runs as its own process
(`python -m articoder`, a fresh home folder) on Xvfb at 1600x1000 and at 1280x720, and is
driven only with the keyboard and the mouse through xdotool.

The walk: the first launch opens the demo; Project > New project (Ctrl+N) in Qt's own file
dialog; "Who is coding?" answered; Import articles (Ctrl+I) of two Chinese news texts written
here; two codes made with the codebook's "+" and the code dialog (Chinese names pasted from the
clipboard, a shortcut key each); the first article's title coded by a mouse drag and a code's
key, the second's by Ctrl+Home, Shift+End and the other key; Export (Ctrl+E) to .xlsx; Quit.
Then the project file and the workbook are read back: each segment must sit on exactly the
characters selected.

The project file is read only after the program has ended. While it runs, no other process
may open it: Qt's own file dialog, listing the project's folder, reads the project, its -wal
and -shm to guess their types, which drops the window's SQLite locks (POSIX locks belong to the
process); a second process opening the project then believes it is alone and resets the -shm
under the window, which died of SIGBUS in the import's commit, or deletes the -wal, and the
window's later work is lost (see the walk's report). The walk waits on what the screen shows.

Where the mouse has to hit the text, the test finds it on a screen grab: the one-line hint above
an article that has no coding yet, and the title's first line of dark pixels below it. The codebook's
"+" is found relative to the window (the top-right corner of the codebook panel).

Xvfb, xdotool and xclip come from apt (see .ci/run). Without them the test is skipped, except
under CI (CI set), where it fails: the walk is part of what a release must show.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import openpyxl
import pytest
from sqlalchemy import select

from models.database import open_project
from models.entities import Article, Code, Segment

ROOT = Path(__file__).parents[2]
TOOLS = ("Xvfb", "xdotool", "xclip")
# Two articles in the style of a local news report; each title is one short line with no
# punctuation at its ends, so the words snapping of a mouse selection keeps it whole. The file
# names are ASCII: xdotool types them, and it drops characters of Chinese ones.
ARTICLES = {
    "01-stairwell-council.txt": (
        "社区议事会开进楼道\n\n"
        "本报讯 近日，青山区红枫街道在十二个小区推行“楼道议事会”，居民在家门口就能商量"
        "公共事务。\n\n"
        "街道负责人介绍，议事会由楼栋长召集，物业、网格员和居民代表共同参加。\n"
    ),
    "02-grid-worker-visits.txt": (
        "网格员走访独居老人\n\n"
        "本报讯 入冬以来，白鹭洲社区网格员每周两次上门走访辖区独居老人，登记用药和取暖需求。\n"
    ),
}
CODES = (("社区治理", "1"), ("居民参与", "2"))
HINT = (253, 242, 208)
T = TypeVar("T")  # the background of the "Select text, then press a code's key" hint


def _missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@pytest.fixture
def x_display() -> Iterator[Callable[[str], str]]:
    """Start Xvfb at a size; returns its DISPLAY. Every server started is stopped after."""
    missing = _missing_tools()
    if missing:
        message = f"the X walk needs {', '.join(missing)} (apt: xvfb xdotool xclip x11-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    servers: list[subprocess.Popen[bytes]] = []

    def start(size: str) -> str:
        # The first free display; another program may take the same one at the same moment,
        # and then this server stops at once and the next number is tried.
        for number in range(70, 200):
            socket = Path(f"/tmp/.X11-unix/X{number}")
            if socket.exists() or Path(f"/tmp/.X{number}-lock").exists():
                continue
            server = subprocess.Popen(
                ["Xvfb", f":{number}", "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers.append(server)
            deadline = time.monotonic() + 10
            while not socket.exists() and server.poll() is None:
                assert time.monotonic() < deadline, "Xvfb did not start in 10 s"
                time.sleep(0.05)
            if server.poll() is None:
                return f":{number}"
        raise AssertionError("no free X display number between :70 and :199")

    yield start
    for server in servers:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(5)


@dataclass
class Screen:
    """xdotool and a screen grab on one display."""

    display: str
    folder: Path
    program: subprocess.Popen[bytes] | None = None  # the program under test, once started

    def run(self, *arguments: str) -> str:
        done = subprocess.run(
            arguments,
            env=dict(os.environ, DISPLAY=self.display),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return done.stdout

    def xdotool(self, *arguments: str) -> str:
        return self.run("xdotool", *arguments)

    def find(self, name: str, timeout: float) -> str | None:
        """The id of the first window whose title matches `name` (a regular expression, as
        xdotool reads it), waiting up to `timeout` for it; None when it did not appear.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.xdotool("search", "--onlyvisible", "--name", name).split()
            if found:
                time.sleep(0.4)  # mapped; Qt gives it focus and lays it out just after
                return found[0]
            self.check_alive(f"waiting for the window {name!r}")
            time.sleep(0.2)
        return None

    def window(self, name: str, timeout: float = 30) -> str:
        """Like `find`, but the window must come."""
        found = self.find(name, timeout)
        if found is None:
            self.grab("timeout")
            raise AssertionError(f"no window titled {name!r} after {timeout} s ({self.folder})")
        return found

    def gone(self, name: str, timeout: float = 20) -> None:
        """Wait until no window titled `name` is shown (a dialog has closed)."""
        deadline = time.monotonic() + timeout
        while self.xdotool("search", "--onlyvisible", "--name", name).split():
            self.check_alive(f"waiting for {name!r} to close")
            if time.monotonic() > deadline:
                self.grab("timeout")
                raise AssertionError(f"{name!r} still open after {timeout} s ({self.folder})")
            time.sleep(0.2)

    def until(self, action: Callable[[], None], name: str, timeout: float = 10) -> str:
        """Do `action` until the window `name` opens: on a busy machine a key sent while the
        window before it was still being laid out can be lost, so it is sent again (3 tries).
        """
        for _attempt in range(2):
            action()
            found = self.find(name, timeout)
            if found is not None:
                return found
        action()
        return self.window(name, timeout)

    def check_alive(self, what: str) -> None:
        """Fail at once, with the program's last output, when it has ended."""
        code = self.program.poll() if self.program is not None else None
        if code is not None:
            log = (self.folder / "articoder.log").read_text(errors="replace")[-3000:]
            raise AssertionError(f"{what}: the program ended (exit code {code}):\n{log}")

    def focus(self, window: str) -> None:
        # No window manager: focus is given by hand, before keys are sent; only when elsewhere,
        # since focusing the window again takes the keyboard from the widget that had it.
        if self.xdotool("getwindowfocus").strip() != window:
            self.xdotool("windowfocus", "--sync", window)

    def keys(self, window: str, *keys: str) -> None:
        self.focus(window)
        self.xdotool("key", "--delay", "40", *keys)

    def type(self, window: str, text: str) -> None:
        self.focus(window)
        self.xdotool("type", "--delay", "10", text)

    def paste(self, window: str, text: str) -> None:
        """Chinese into a field: through the clipboard, as an input method would put it."""
        subprocess.run(
            ["xclip", "-selection", "clipboard"],
            input=text.encode(),
            env=dict(os.environ, DISPLAY=self.display),
            check=True,
            timeout=10,
        )
        self.keys(window, "ctrl+v")

    def geometry(self, window: str) -> tuple[int, int, int, int]:
        values = dict(
            line.split("=", 1)
            for line in self.xdotool("getwindowgeometry", "--shell", window).split()
        )
        return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])

    def grab(self, name: str) -> Path:
        """The whole screen as a PNG (a Qt process of its own grabs the root window)."""
        target = self.folder / f"{name}.png"
        script = (
            "import sys\n"
            "from PySide6.QtGui import QGuiApplication\n"
            "app = QGuiApplication([])\n"
            "ok = app.primaryScreen().grabWindow(0).save(sys.argv[1])\n"
            "sys.exit(0 if ok else 1)\n"
        )
        subprocess.run(
            [sys.executable, "-c", script, str(target)],
            env=dict(os.environ, DISPLAY=self.display, QT_QPA_PLATFORM="xcb"),
            check=True,
            timeout=30,
            capture_output=True,
        )
        return target


def title_line(grab: Path) -> tuple[int, int, int] | None:
    """(left, right, middle y) of the first line of text below the hint, on a screen grab;
    None while no article with the hint is shown.
    """
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(grab))
    assert not image.isNull(), f"cannot read {grab}"

    def rgb(x: int, y: int) -> tuple[int, int, int]:
        colour = QColor(image.pixel(x, y))
        return colour.red(), colour.green(), colour.blue()

    hint_rows = [
        y
        for y in range(0, image.height(), 2)
        if sum(rgb(x, y) == HINT for x in range(0, image.width(), 8)) > 25
    ]
    if not hint_rows:
        return None
    bottom = max(hint_rows)
    y = hint_rows[0]
    hint_x = [x for x in range(image.width()) if rgb(x, y) == HINT]
    left, right = min(hint_x), max(hint_x)
    # Skip the margin where coding stripes are drawn, a fixed strip at the view's left.
    columns = range(left + 50, right - 10)
    dark_rows = []
    for y in range(bottom + 3, min(bottom + 200, image.height())):
        if any(sum(rgb(x, y)) < 250 for x in columns):
            dark_rows.append(y)
        elif dark_rows:
            break
    if not dark_rows:
        return None
    dark_x = [x for y in dark_rows for x in columns if sum(rgb(x, y)) < 250]
    return min(dark_x), max(dark_x), (dark_rows[0] + dark_rows[-1]) // 2


def wait_for(what: str, check: Callable[[], T | None], screen: Screen, timeout: float = 20) -> T:
    """The first true result of `check`, tried until `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        screen.check_alive(what)
        time.sleep(0.2)
    screen.grab("timeout")
    raise AssertionError(f"{what}: not done after {timeout} s (screen in {screen.folder})")


def stored_segments(project: Path) -> list[tuple[str, str, int, int, str]]:
    """(article title, code name, start, end, text as the article has it) of every segment,
    read through the project's own models once the program has ended.
    """
    database = open_project(str(project))
    try:
        with database.session() as session:
            rows = session.execute(
                select(Article.title, Code.name, Segment.start, Segment.end, Article.text)
                .join(Article, Segment.article_id == Article.id)
                .join(Code, Segment.code_id == Code.id)
                .order_by(Segment.id)
            ).all()
            return [(t, c, s, e, text[s:e]) for t, c, s, e, text in rows]
    finally:
        database.close()


def walk(screen: Screen, home: Path) -> None:
    """Run the program and walk a new user's first study through it."""
    articles = home / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    project = home / "study.articoder"
    workbook = home / "coded.xlsx"
    env = dict(
        os.environ,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        DISPLAY=screen.display,
        QT_QPA_PLATFORM="xcb",
        LANG="C.UTF-8",
        # A crash (the program died of SIGBUS in some runs) prints every thread's Python stack.
        PYTHONFAULTHANDLER="1",
    )
    log = (screen.folder / "articoder.log").open("wb")
    program = subprocess.Popen(
        [sys.executable, "-m", "articoder"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    screen.program = program
    try:
        # First launch: the demo, straight to a window.
        demo = screen.window("articoder — demo", timeout=60)
        dialog = screen.until(lambda: screen.keys(demo, "ctrl+n"), "New project")

        def answer(window: str, text: str) -> Callable[[], None]:
            def send() -> None:
                screen.keys(window, "ctrl+a")
                screen.type(window, text)
                screen.keys(window, "Return")

            return send

        def click_add_code() -> None:
            # The codebook's "+", at the top-right corner of the codebook panel.
            left, top, width, _height = screen.geometry(main)
            screen.xdotool("mousemove", str(left + width - 12), str(top + 58), "click", "1")

        who = screen.until(answer(dialog, str(project)), "Who is coding[?]")
        main = screen.until(answer(who, "walker"), "study.articoder")

        dialog = screen.until(lambda: screen.keys(main, "ctrl+i"), "Import articles")
        screen.keys(dialog, "ctrl+a")
        screen.type(dialog, str(articles))
        screen.keys(dialog, "Return")
        time.sleep(0.5)  # the dialog moves into the folder
        screen.type(dialog, " ".join(f'"{name}"' for name in ARTICLES))
        screen.keys(dialog, "Return")

        for name, key in CODES:
            dialog = screen.until(click_add_code, "New code")
            screen.paste(dialog, name)
            # Name, English name, definition, include, exclude, examples, keywords: the key.
            screen.keys(dialog, *["Tab"] * 7)
            screen.type(dialog, key)
            screen.keys(dialog, "Return")
            screen.gone("New code")

        # Coding by mouse: the first article (once the import has brought it), its title line
        # dragged over, then the key "1".
        def first_article() -> tuple[int, int, int] | None:
            # Previous article: with none open it opens the first, and it stays on the first
            # when pressed again while the import is still coming in.
            screen.keys(main, "alt+Up")
            time.sleep(0.5)
            return title_line(screen.grab("article"))

        line_left, line_right, line_y = wait_for(
            "the imported first article", first_article, screen
        )
        screen.xdotool("mousemove", str(line_left - 2), str(line_y), "mousedown", "1")
        screen.xdotool("mousemove", str((line_left + line_right) // 2), str(line_y))
        screen.xdotool("mousemove", str(line_right + 60), str(line_y), "mouseup", "1")
        screen.keys(main, CODES[0][1])
        time.sleep(0.5)

        # Coding by keys: the next article, its first line selected, then the key "2".
        screen.keys(main, "alt+Down")
        time.sleep(0.8)
        screen.keys(main, "ctrl+Home", "shift+End", CODES[1][1])
        time.sleep(0.5)

        dialog = screen.until(lambda: screen.keys(main, "ctrl+e"), "Export")
        screen.keys(dialog, "ctrl+a")
        screen.type(dialog, str(workbook))
        screen.keys(dialog, "Return")

        def exported() -> bool:
            try:
                openpyxl.load_workbook(workbook, read_only=True).close()
            except Exception:  # not there yet, or still being written
                return False
            return True

        wait_for("export to .xlsx", exported, screen)
        screen.grab("done")
        screen.keys(main, "ctrl+q")
        program.wait(20)
    finally:
        if program.poll() is None:
            program.kill()
            program.wait()
        log.close()


@pytest.mark.parametrize("size", ["1600x1000", "1280x720"])
def test_new_user_walk(x_display: Callable[[str], str], tmp_path: Path, size: str) -> None:
    screen = Screen(x_display(size), tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    walk(screen, home)
    project, workbook = home / "study.articoder", home / "coded.xlsx"
    titles = [text.split("\n", 1)[0] for text in ARTICLES.values()]

    # Each segment on exactly the selected characters: the title line of each article.
    segments = stored_segments(project)
    assert [(title, code, text) for title, code, _s, _e, text in segments] == [
        (titles[0], CODES[0][0], titles[0]),
        (titles[1], CODES[1][0], titles[1]),
    ]
    assert all((start, end) == (0, len(text)) for _t, _c, start, end, text in segments)

    # The workbook says the same: code, offsets and the coded text of each segment.
    book = openpyxl.load_workbook(workbook, read_only=True)
    rows = list(book["Segments"].iter_rows(values_only=True))
    header = rows[0]
    exported = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    book.close()
    assert [(r["title"], r["code"], r["start"], r["end"], r["text"]) for r in exported] == [
        (title, code, start, end, text) for title, code, start, end, text in segments
    ]
    assert {r["coder"] for r in exported} == {"walker"}
