"""The Project menu's work: choosing a project to create or open, importing articles, exporting
(an Excel workbook, SPSS/Stata/Parquet datasets, the codebook document for a methods appendix),
importing and exporting REFI-QDA projects, each off the UI thread with progress and Cancel;
importing a codebook file (YAML, JSON, Excel or REFI-QDC, after a backup); and
the bulk-change path that backs the project up (off the UI thread) before a change that touches
many segments (`_after_backup`, whose task is `backup_task`); and the backup of the project as
it was opened, which the launch starts just after the window's first paint
(`start_open_backup`, whose task is `open_backup_task`).

Why the open backup may run while the window is already up: it is one copy through SQLite's
backup API, made in a single step inside one read transaction of its own connection, and a
project is in WAL mode, so a coder's edit committed meanwhile goes to the WAL and cannot show
in that copy halfway: the backup holds the project as opened (with the coder the launch may
have added) or, when an edit came first, as it was just after, whole either way. Its progress
dialog is window-modal, so once it shows (after 0.3 s) nothing can be changed by hand until it
is done. What must not overlap it is another backup (two copies choosing names in, and
rotating, the same folder): every change here that backs up first (imports, bulk changes, the
codebook import) starts only after the open backup is done, whether it succeeded or failed
(`_after_open_backup`).

The export dialog offers every format as a file type and `start_export` picks the writer from
the file's extension. The codebook document's reliability table is computed here, on the
worker thread (exports may not import agreement; see exports.codebook_document).

The Project menu's "Recent projects" lists the last project files the window had open (newest
first, `RECENT_LIMIT` of them, the demo never among them); the newest one that still exists is
what a plain `articoder` opens (`last_project`). A file moved or deleted since is shown greyed
with "not found" and can be cleared from the list. The file dialogs start in the folder last
used for the same purpose, else in the project's folder (gui/file_dialogs.py).

`ProjectActions` is mixed into `MainWindow` (gui/main_window.py): `self` is the window, so
window.start_import, window.start_export and window.backup_task stay where they were. Its
strings are translated in the context "ProjectActions" (PySide's tr() tries each class of the
window in turn).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from codebook.spec import CodebookError
from codebook.store import import_codebook, load_codebook
from coding import bulk
from coding.selection import ExportChoice, ExportError
from gui.file_dialogs import (
    open_file_name,
    open_file_names,
    remember_folder,
    save_file_name,
    starting_path,
)
from gui.tasks import Task
from models.backups import backup_before, backup_on_open
from models.database import ProjectDatabase, ProjectError
from models.journal import Changes
from models.progress import Progress

if TYPE_CHECKING:
    from corpus.importer import ImportReport, ImportWarning
    from exchange.read import QdpxImportReport
    from exports.codebook_document import Reliability


PROJECT_SUFFIX = ".articoder"  # what Open project lists
RECENT_KEY = "recent_projects"
RECENT_LIMIT = 8


def updated_recent(recent: list[str], opened: str, limit: int = RECENT_LIMIT) -> list[str]:
    """The recent list with `opened` first (once), at most `limit` long. Plain strings."""
    return [opened, *(path for path in recent if path != opened)][:limit]


def recent_projects() -> list[str]:
    """The project files the window had open, newest first (missing ones included)."""
    stored = QSettings().value(RECENT_KEY, [])
    # QSettings' INI files give a one-item list back as a plain string.
    if isinstance(stored, str):
        return [stored] if stored else []
    return [str(path) for path in stored or []]


def remember_project(path: Path) -> None:
    """Put a project file at the top of the recent list."""
    QSettings().setValue(RECENT_KEY, updated_recent(recent_projects(), str(path.resolve())))


def forget_projects(paths: list[str]) -> None:
    """Take these files off the recent list."""
    QSettings().setValue(RECENT_KEY, [p for p in recent_projects() if p not in paths])


def last_project() -> str | None:
    """The newest project file of the recent list that still exists, or None."""
    return next((path for path in recent_projects() if Path(path).is_file()), None)


class ProjectActions:
    """New, open, import and export; and a bulk change behind a backup."""

    open_backup_task: Task | None = None  # the backup on open, once the launch started it
    _open_backup_copied: threading.Event | None = None  # set on its worker thread when done

    def start_open_backup(self) -> Task | None:
        """Back the project up as it was opened, off the UI thread (a rotating backup that is
        skipped when nothing changed since the last one); None for a server database.

        A failure is shown and the window stays open on the project, as before this ran in
        the background. See the module docstring for why it may run after the window shows.
        """
        path = self.workspace.database.path
        if path is None:
            return None
        copied = threading.Event()

        def copy(_progress: Progress) -> Path | None:
            try:
                return backup_on_open(path)
            finally:
                copied.set()

        task = Task(self, self.tr("Backing the project up as it was opened"), copy, (ProjectError,))
        # The copy cannot stop halfway and keep a backup: no Cancel button that would only
        # hide the dialog. The copy reports no steps, so the dialog's clock is started here:
        # a copy that takes longer than 0.3 s shows it, window-modal, until the copy is done.
        task.dialog.setCancelButton(None)
        task.dialog.setValue(0)
        self.open_backup_task = task
        self._open_backup_copied = copied
        task.start()
        return task

    def wait_for_open_backup(self) -> None:
        """Wait (without the event loop) until the backup on open has finished copying.

        For quitting: the copy runs on a daemon thread, and one cut off by the end of the
        process would leave a partial file and no backup.
        """
        if self._open_backup_copied is not None:
            self._open_backup_copied.wait()

    def _after_open_backup(self, start: Callable[[], object]) -> None:
        """Call `start` now, or once the backup on open has finished (done or failed)."""
        running = self.open_backup_task
        if running is None or running.finished_event.is_set():
            start()
            return
        running.done.connect(lambda _backup: start())
        running.failed.connect(lambda _message: start())

    def new_project_dialog(self) -> None:
        """Choose where a new project goes; the window then opens it."""
        path, _ = save_file_name(
            self,
            self.tr("New project"),
            self._start_at("projects", "study.articoder"),
            self.tr("articoder projects (*.articoder)"),
        )
        if not path:
            return
        target = project_target(Path(path))
        if target is None:
            QMessageBox.warning(
                self,
                self.tr("New project"),
                self.tr(
                    "“%1” has no name before .articoder. Choose New project again and type "
                    "a name for the project."
                ).replace("%1", Path(path).name),
            )
            return
        remember_folder("projects", str(target))
        self.project_requested.emit(str(target), True)

    def open_project_dialog(self) -> None:
        """Choose a project file to open in place of this one."""
        path, _ = open_file_name(
            self,
            self.tr("Open project"),
            self._start_at("projects"),
            self.tr("articoder projects (*.articoder);;All files (*)"),
        )
        if path:
            remember_folder("projects", path)
            self.project_requested.emit(path, False)

    def _start_at(self, purpose: str, file_name: str = "") -> str:
        """Where a file dialog for `purpose` opens (see gui/file_dialogs.py)."""
        return starting_path(purpose, self.workspace.database.path, file_name)

    def fill_recent_menu(self, menu: QMenu) -> None:
        """Project > Recent projects, as the list is now (filled each time it opens)."""
        menu.clear()
        current = self.workspace.database.path
        here = str(current.resolve()) if current is not None else None
        missing = []
        for path in recent_projects():
            if path == here:
                continue
            action = QAction(menu)
            action.setToolTip(path)
            action.setData(path)  # which file the entry stands for
            if Path(path).is_file():
                action.setText(f"{Path(path).name} — {Path(path).parent}")
                action.triggered.connect(lambda _checked=False, p=path: self.open_recent(p))
            else:
                missing.append(path)
                action.setText(
                    self.tr("%1 — not found at %2")
                    .replace("%1", Path(path).name)
                    .replace("%2", str(Path(path).parent))
                )
                action.setEnabled(False)  # greyed: moved or deleted since
            menu.addAction(action)
        if menu.isEmpty():
            empty = menu.addAction(self.tr("No other projects opened yet"))
            empty.setEnabled(False)
        if missing:
            menu.addSeparator()
            clear = menu.addAction(self.tr("Remove projects not found from this list"))
            clear.triggered.connect(lambda _checked=False: forget_projects(missing))

    def open_recent(self, path: str) -> None:
        """Open a project of the recent list; one gone since the menu opened is taken off it."""
        if not Path(path).is_file():
            forget_projects([path])
            QMessageBox.warning(
                self,
                self.tr("Recent projects"),
                self.tr(
                    "%1 is no longer there (moved or deleted); it was taken off the list. "
                    "Use Open project… to find it where it is now."
                ).replace("%1", path),
            )
            return
        self.project_requested.emit(path, False)

    def import_dialog(self) -> None:
        """Import files in the background, with progress and Cancel."""
        files, _ = open_file_names(
            self,
            self.tr("Import articles"),
            self._start_at("import"),
            self.tr("Articles (*.txt *.md *.html *.htm *.docx *.csv *.tsv *.xlsx *.json *.jsonl)"),
        )
        if files:
            remember_folder("import", files[0])
            self.start_import([Path(f) for f in files])

    def codebook_import_dialog(self) -> None:
        """Bring in a codebook file; codes are matched by GUID, then path, so segments stay."""
        file, _ = open_file_name(
            self,
            self.tr("Import a codebook"),
            self._start_at("import"),
            self.tr("Codebooks (*.yaml *.yml *.json *.xlsx *.qdc)"),
        )
        if file:
            remember_folder("import", file)
            self.import_codebook_file(Path(file))

    def import_codebook_file(self, path: Path) -> None:
        """Read a codebook file (problems shown with the file and place), then import it."""
        from codebook.files import carries_codes_only, keep_project_parts, read_codebook

        try:
            spec = read_codebook(path)
        except CodebookError as exc:
            # The reader's words name the file, line and field (in English); the line above
            # them says in the interface's language that nothing changed and what to do.
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Import a codebook"))
            box.setText(
                self.tr(
                    "The codebook was not imported: %1 has a mistake. Correct it at the line "
                    "named below, save the file and import it again."
                ).replace("%1", path.name)
            )
            box.setInformativeText(str(exc))
            box.exec()
            return
        database = self.workspace.database
        if carries_codes_only(path):  # a .qdc holds no variables: keep the project's
            spec = keep_project_parts(spec, load_codebook(database))

        def change() -> None:
            import_codebook(database, spec, source=path.name)
            self.workspace.announce(Changes(codebook=True))
            self.statusBar().showMessage(
                self.tr("Codebook imported from %1.").replace("%1", path.name), 8000
            )

        self._after_backup("before-codebook-import", change)

    def export_formats(self) -> list[tuple[str, str]]:
        """(file type shown in the dialog, extension) of every export format, in order."""
        return [
            (self.tr("Excel workbook (*.xlsx)"), ".xlsx"),
            (self.tr("SPSS data file, segments in a second file (*.sav)"), ".sav"),
            (self.tr("Stata data file, segments in a second file (*.dta)"), ".dta"),
            (
                self.tr("Parquet file for R or Python, segments in a second file (*.parquet)"),
                ".parquet",
            ),
            (self.tr("Codebook document for a methods appendix, Word (*.docx)"), ".docx"),
            (self.tr("Codebook document for a methods appendix, web page (*.html)"), ".html"),
        ]

    def export_dialog(self) -> None:
        """Export the data or the codebook document in the chosen format, in the background."""
        formats = self.export_formats()
        path, chosen = save_file_name(
            self,
            self.tr("Export"),
            self._start_at("export", "coded-data.xlsx"),
            ";;".join(name for name, _suffix in formats),
        )
        if path:
            remember_folder("export", path)
            self.start_export(export_target(Path(path), dict(formats).get(chosen)))

    def _export_choice(self) -> ExportChoice:
        # A coder in blind mode exports their own work only; the lead exports everyone's.
        coder = self.workspace.coder
        if self.workspace.blind and not coder.is_lead:
            return ExportChoice(coders=(coder.name,))
        return ExportChoice()

    def start_export(self, path: Path) -> Task:
        """Run an export off the UI thread, with progress and Cancel; the extension says which:
        .xlsx a workbook, .sav/.dta/.parquet datasets, .docx/.html the codebook document.
        """
        # The writers (openpyxl, numpy, the statistics files) load when an export starts, not
        # with the window.
        from exports.codebook_document import SUFFIXES as DOCUMENT_SUFFIXES
        from exports.stats_files import PACKAGES, export_stats
        from exports.workbook import export_workbook

        suffix = path.suffix.lower()
        if suffix in DOCUMENT_SUFFIXES:
            return self.start_codebook_document(path)
        if suffix in PACKAGES:
            return self._start_writing(
                path,
                lambda database, out, choice, progress: export_stats(
                    database, out, choice, progress=progress
                ),
            )
        return self._start_writing(
            path,
            lambda database, out, choice, progress: export_workbook(
                database, out, choice, progress=progress
            ),
        )

    def start_codebook_document(self, path: Path) -> Task:
        """Write the codebook document off the UI thread: the agreement report first."""
        from exports.codebook_document import Reliability, export_codebook_document

        database = self.workspace.database
        coder = self.workspace.coder
        # A coder in blind mode sees only their own work; the lead's window computes agreement.
        blind = self.workspace.blind and not coder.is_lead

        def work(progress: Progress) -> Path:
            if blind:
                reliability = Reliability(absent="blind mode: only the lead's window includes it")
            else:
                reliability = document_reliability(database, progress)
            return export_codebook_document(database, path, reliability)

        task = Task(self, self.tr("Writing the codebook document"), work, (ExportError,))
        task.done.connect(
            lambda _path: self.statusBar().showMessage(
                self.tr("Wrote %1").replace("%1", str(path)), 8000
            )
        )
        task.start()
        return task

    def _start_writing(
        self,
        path: Path,
        writer: Callable[[ProjectDatabase, Path, ExportChoice, Progress], object],
    ) -> Task:
        database = self.workspace.database
        choice = self._export_choice()
        task = Task(
            self,
            self.tr("Exporting"),
            lambda progress: writer(database, path, choice, progress),
            (ExportError,),
        )
        task.done.connect(
            lambda _report: self.statusBar().showMessage(
                self.tr("Wrote %1").replace("%1", str(path)), 8000
            )
        )
        task.start()
        return task

    def start_import(self, paths: list[Path]) -> Task:
        """Run an import off the UI thread; the list refreshes when it is done."""
        from corpus.readers import ReadError

        database = self.workspace.database
        task = Task(
            self,
            self.tr("Importing articles"),
            lambda progress: bulk.import_articles(database, paths, progress=progress),
            (ReadError, ProjectError),
        )
        task.done.connect(self._imported)
        self._after_open_backup(task.start)  # the import backs the project up first
        return task

    def _imported(self, report: ImportReport) -> None:
        # Told as our own change, so the team poll does not report it as another program's
        # work; the list reloads with it.
        new = {int(a.id) for a in report.imported}
        self.workspace.announce(Changes(articles=new, visibility=True))
        if self.article_id is None and report.imported:
            self.open_article(int(report.imported[0].id))
        checking = {int(w.article) for w in report.warnings}
        message = self.import_summary(
            len(report.imported), len(checking), len(report.skipped), len(report.duplicates)
        )
        if not (checking or report.skipped or report.duplicates):
            self.statusBar().showMessage(message, 8000)
            return
        self.statusBar().showMessage(message, 12000)
        # What to check and why, one line per article, in a box that does not block coding.
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Import"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(message)
        box.setInformativeText(
            self.tr(
                "Near-empty texts, pages that read like lists of links, undecodable bytes "
                "and missing dates, authors or outlets are listed under Details."
            )
        )
        box.setDetailedText("\n".join(self.import_report_lines(report)))
        box.setModal(False)
        box.show()
        self.import_report_box = box

    def import_summary(self, imported: int, checking: int, skipped: int, duplicates: int) -> str:
        """One sentence on an import, in the interface's language."""
        parts = [self.tr("Imported %1 articles").replace("%1", str(imported))]
        if checking:
            parts.append(self.tr("%1 need checking").replace("%1", str(checking)))
        if skipped:
            parts.append(self.tr("%1 files or rows skipped").replace("%1", str(skipped)))
        if duplicates:
            parts.append(
                self.tr("%1 already in the project, not imported again").replace(
                    "%1", str(duplicates)
                )
            )
        return self.tr("; ").join(parts)

    def import_report_lines(self, report: ImportReport) -> list[str]:
        """The import report's details, in the interface's language where the window knows the
        wording: the warnings by their kind (corpus/importer.py ImportWarning), the skip reason
        of a text cleaned to nothing, duplicates. A reader's own reason (a file's problem, with
        its line or cell) is shown as the reader worded it.
        """
        lines = [f"{w.source}: {self.warning_text(w)}" for w in report.warnings]
        for skipped in report.skipped:
            reason = (
                self.tr("no article text was left after cleaning; nothing was imported from it")
                if skipped.reason == "no article text left after cleaning"
                else skipped.reason
            )
            lines.append(
                self.tr("%1: skipped: %2").replace("%1", skipped.source).replace("%2", reason)
            )
        for duplicate in report.duplicates:
            lines.append(
                self.tr("%1: the same text as article %2 (%3); not imported again")
                .replace("%1", duplicate.source)
                .replace("%2", str(duplicate.duplicate_of))
                .replace("%3", duplicate.duplicate_of_source)
            )
        return lines

    def warning_text(self, warning: ImportWarning) -> str:
        """An import warning in the interface's language; its numbers are read from the
        importer's English message, which is shown as it is if its wording ever changes.
        """
        numbers = re.findall(r"\d+", warning.message)
        if warning.kind == "metadata-missing" and warning.fields:
            names = {
                "title": self.tr("title"),
                "published": self.tr("date"),
                "author": self.tr("author"),
                "outlet": self.tr("outlet"),
            }
            fields = self.tr(", ").join(names.get(f, f) for f in warning.fields)
            return self.tr(
                "no plausible %1 found in the file or the text; nothing was stored for it "
                "(fill it in by hand if the source gives it)"
            ).replace("%1", fields)
        if warning.kind == "near-empty" and len(numbers) == 1:
            return self.tr(
                "only %1 characters of text are left: the file may hold little more than a "
                "headline, or a page's story was not found; check the article against its "
                "source"
            ).replace("%1", numbers[0])
        if warning.kind == "link-list" and len(numbers) == 2:
            return (
                self.tr(
                    "%1 of its %2 lines are short lines without a full stop: it looks like a "
                    "list of links or headlines, not a story"
                )
                .replace("%1", numbers[0])
                .replace("%2", numbers[1])
            )
        if warning.kind == "undecodable-bytes" and len(numbers) >= 2:
            # "N undecodable byte(s) ... U+FFFD (the first at byte M)": FFFD holds no digits
            # of its own that matter, so the count is first and the position last.
            return (
                self.tr(
                    "%1 undecodable bytes of the file were replaced (the first at byte %2); "
                    "the passage is flagged: check it against the source"
                )
                .replace("%1", numbers[0])
                .replace("%2", numbers[-1])
            )
        return warning.message

    def qdpx_export_dialog(self) -> None:
        """Export the project for NVivo, ATLAS.ti, MAXQDA or QualCoder (.qdpx)."""
        path, _ = save_file_name(
            self,
            self.tr("Export as a REFI-QDA project"),
            self._start_at("export", "project.qdpx"),
            self.tr("REFI-QDA projects (*.qdpx)"),
        )
        if path:
            remember_folder("export", path)
            self.start_qdpx_export(Path(path))

    def start_qdpx_export(self, path: Path) -> Task:
        """Write the .qdpx off the UI thread, with progress and Cancel."""
        from exchange.write import export_qdpx

        return self._start_writing(path, export_qdpx)

    def qdpx_import_dialog(self) -> None:
        """Bring in a project or codebook from another program (.qdpx or .qdc)."""
        path, _ = open_file_name(
            self,
            self.tr("Import a REFI-QDA project or codebook"),
            self._start_at("import"),
            self.tr("REFI-QDA files (*.qdpx *.qdc)"),
        )
        if path:
            remember_folder("import", path)
            self.start_qdpx_import(Path(path))

    def start_qdpx_import(self, path: Path) -> Task:
        """Import off the UI thread (backup first); the window reloads and shows the report."""
        from exchange.read import import_project_file

        database = self.workspace.database
        task = Task(
            self,
            self.tr("Importing"),
            lambda _progress: import_project_file(database, path),
            (ExportError, ProjectError),
        )
        task.done.connect(self._qdpx_imported)
        self._after_open_backup(task.start)  # the import backs the project up first
        return task

    def _qdpx_imported(self, report: QdpxImportReport) -> None:
        from exchange.read import report_lines

        self.qdpx_report = report
        # Our own import: everything may have changed (codebook, articles, segments), and the
        # team poll must not report the new codebook version as the lead's.
        self.workspace.announce(Changes(codebook=True, visibility=True))
        summary = (
            self.tr("Added %1 articles, %2 codes, %3 segments and %4 values.")
            .replace("%1", str(report.articles_added))
            .replace("%2", str(report.codes_added))
            .replace("%3", str(report.segments_added))
            .replace("%4", str(report.values_added))
        )
        not_taken = len(report.mismatches) + len(report.conflicts) + report.not_imported_count
        if not_taken:
            # What was not taken matters more than what was: say it where it cannot be missed.
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Import"), summary, parent=self)
            box.setInformativeText(
                self.tr("%1 items were not taken as the file has them; see the details.").replace(
                    "%1", str(not_taken)
                )
            )
            box.setDetailedText("\n".join(report_lines(report, limit=None)))
            box.open()
            self.qdpx_box = box
        else:
            self.statusBar().showMessage(summary, 10000)

    def _after_backup(self, reason: str | None, change: Callable[[], object]) -> Task | None:
        """Do a bulk change here, after backing the project up off the UI thread (copying a
        large project takes seconds); no backup, no change. None when no backup is needed.
        """
        if reason is None or self.workspace.database.path is None:
            self._perform(change)
            return None
        database = self.workspace.database
        self.backup_task = Task(
            self,
            self.tr("Backing the project up first"),
            lambda _progress: backup_before(database, reason),
            (ProjectError,),
        )
        self.backup_task.done.connect(lambda _backup: self._perform(change))
        self._after_open_backup(self.backup_task.start)
        return self.backup_task


def project_target(path: Path) -> Path | None:
    """The new project's file: the name typed, ending in .articoder (Open project lists only
    those, so a project saved as plain "我的研究" could not be found there again); None when
    nothing but the extension was typed.
    """
    name = path.name
    stem = name[: -len(PROJECT_SUFFIX)] if name.lower().endswith(PROJECT_SUFFIX) else name
    if not stem.strip(" ."):
        return None
    return path.with_name(stem + PROJECT_SUFFIX)


def export_target(path: Path, suffix: str | None) -> Path:
    """The file to write: the name given, with the chosen type's extension when it has none."""
    from exports.codebook_document import SUFFIXES as DOCUMENT_SUFFIXES
    from exports.stats_files import PACKAGES

    known = {*PACKAGES, *DOCUMENT_SUFFIXES, ".xlsx"}
    if suffix is None or path.suffix.lower() in known:
        return path
    return path.with_name(path.name + suffix)


def document_reliability(database: ProjectDatabase, progress: Progress) -> Reliability:
    """The document's reliability table: the article-unit report, computed now."""
    from agreement.document import document_reliability as agreement_document_reliability
    from exports.codebook_document import Reliability

    found = agreement_document_reliability(database, progress=progress)
    return Reliability(found.rows, found.description, found.absent)
