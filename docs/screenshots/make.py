"""Make the README's screenshots: the coding window and its main windows on the demo project,
at 1600x1000 and 1280x720, in English and in Simplified Chinese.

    .venv/bin/python docs/screenshots/make.py            # every size and language
    .venv/bin/python docs/screenshots/make.py --size 1280x720 --language zh_CN

Each size runs in a child process on an X server of exactly that size (Xvfb, started here and
stopped after), so the windows size themselves as they would on such a screen; without Xvfb the
child runs offscreen and the windows are sized by hand. The child uses a fresh HOME, so no saved
layout or language of the person running it leaks into the pictures.

Fonts come from the system: a CJK font (Noto Sans CJK or WenQuanYi Micro Hei) for the text, and
an emoji font (Debian: fonts-noto-color-emoji) for the demo articles' emoji, which are boxes
without one. For the main window the script prints how many Chinese characters a line of the
article holds, the number the layout is made for (tests/gui/test_layout.py).

Shots, named <what>-<language>-<width>x<height>.png:
  main-window   an article with coded segments open, a code chosen in the codebook
  agreement     the report computed
  agreement-disagreement  a disagreement shown with each coder's version and the consensus
  coded-segments  the "Coded segments" view on the demo's most used code
  code-dialog   the code dialog on a demo code, with its definition and rules
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SIZES = ("1600x1000", "1280x720")
LANGUAGES = ("en", "zh_CN")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", action="append", choices=SIZES, help="default: every size")
    parser.add_argument("--language", action="append", choices=LANGUAGES)
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PNG files")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # WxH: take the shots on this display
    arguments = parser.parse_args()
    languages = arguments.language or list(LANGUAGES)
    if arguments.child:
        return take_shots(arguments.child, languages, arguments.out)
    for size in arguments.size or SIZES:
        code = run_child(size, languages, arguments.out)
        if code:
            return code
    return 0


def run_child(size: str, languages: list[str], out: Path) -> int:
    """Take one size's shots in a child process, on its own Xvfb when there is one."""
    home = Path(tempfile.mkdtemp(prefix="articoder-shots-"))
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    env["XDG_DATA_HOME"] = str(home / ".local" / "share")
    env.pop("LANGUAGE", None)
    server = None
    if shutil.which("Xvfb"):
        display = f":{90 + SIZES.index(size)}"
        server = subprocess.Popen(
            ["Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)  # the server takes its socket
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    command = [sys.executable, str(Path(__file__).resolve()), "--child", size, "--out", str(out)]
    for language in languages:
        command += ["--language", language]
    try:
        return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        shutil.rmtree(home, ignore_errors=True)


def take_shots(size: str, languages: list[str], out: Path) -> int:
    """In the child: open the demo in each language and save every shot."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QFontMetricsF, QImage
    from PySide6.QtWidgets import QWidget

    from articoder.demo_project import build_demo_project
    from codebook.spec import CodeSpec
    from coding.workspace import Workspace
    from gui.app import application, install_language, own_coder
    from gui.main_window import MainWindow
    from models.database import open_project

    app = application()
    width, height = (int(n) for n in size.split("x"))
    out.mkdir(parents=True, exist_ok=True)

    def settle(milliseconds: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()

    def save(widget: QWidget, what: str, language: str) -> None:
        settle()
        target = out / f"{what}-{language}-{size}.png"
        # 256 colours hold a window's flat fills and anti-aliased text; without dithering the
        # fills stay clean. Quality 0 is PNG's strongest compression.
        image = widget.grab().toImage()
        image = image.convertToFormat(
            QImage.Format.Format_Indexed8,
            Qt.ImageConversionFlag.AvoidDither | Qt.ImageConversionFlag.ColorOnly,
        )
        if not image.save(str(target), "PNG", 0):
            raise SystemExit(f"could not write {target}")
        print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.articoder"
        build_demo_project(path, coding=True).close()
        for language in languages:
            database = open_project(str(path))
            coder = own_coder(database)
            if coder is None:
                raise SystemExit("the demo project has no demo lead to open as")
            workspace = Workspace(database, coder)
            install_language(language)
            window = MainWindow(workspace, english=language == "en")
            screen = window.screen().availableGeometry()
            if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
                window.setGeometry(0, 0, width, height)
            else:
                window.setGeometry(screen)  # as a maximised window, the way a coder works
            window.show()
            settle(500)
            # The article with the most coding, and the code with the most segments chosen.
            rows = [
                window.article_model.article_at(r) for r in range(window.article_model.rowCount())
            ]
            article = max(rows, key=lambda a: a.segments)
            window.open_article(article.id)
            used = max((n for n in window.tree if not n.retired), key=lambda n: n.segments)
            panel = window.codebook_panel
            panel.tree.setCurrentIndex(panel.proxy.mapFromSource(panel.model.index_of(used.id)))
            save(window, "main-window", language)
            view = window.view
            room = view.viewport().width() - 2 * view.document().documentMargin()
            per_line = room / QFontMetricsF(view.font()).horizontalAdvance("中")
            print(f"  {per_line:.1f} Chinese characters per line of the article")

            window.open_agreement()
            agreement = window.agreement_window
            if agreement is not None:
                agreement.setGeometry(window.geometry())
                task = agreement.compute()
                while task is not None and not task.finished_event.is_set():
                    settle(100)
                settle(300)
                for number, row in enumerate(agreement.rows):
                    if row.kind == "code" and row.unit == "article":
                        agreement.choose_row(number)
                        if agreement.disagreements.count():
                            agreement.table.selectRow(number)
                            agreement.disagreements.setCurrentRow(0)
                            break
                save(agreement, "agreement", language)
                agreement.tabs.setCurrentIndex(agreement.tabs.count() - 1)
                save(agreement, "agreement-disagreement", language)
                agreement.close()

            window.open_retrieval()
            retrieval = window.retrieval_window
            if retrieval is not None:
                retrieval.check_codes([used.id])
                retrieval.resize(min(1200, width), min(760, height))
                save(retrieval, "coded-segments", language)
                retrieval.close()

            spec = window.codebook_panel.spec_of(used.guid) or CodeSpec(
                name=used.name, guid=used.guid, color=used.color, key=used.key
            )
            title = QCoreApplication.translate("Docks", "Edit code")
            dialog = window._code_dialog(spec, used.id, title)
            dialog.show()
            save(dialog, "code-dialog", language)
            dialog.close()

            window.close()
            workspace.close()
            install_language("en")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
