"""The Project menu's work: choosing a project to create or open, importing articles, exporting
(an Excel workbook, SPSS/Stata/Parquet datasets, the codebook document for a methods appendix),
importing and exporting REFI-QDA projects, each off the UI thread with progress and Cancel; and
the bulk-change path that backs the project up (off the UI thread) before a change that touches
many segments (`_after_backup`, whose task is `backup_task`).

The export dialog offers every format as a file type and `start_export` picks the writer from
the file's extension. The codebook document's reliability table is computed here, on the
worker thread (exports may not import agreement; see exports.codebook_document).

`ProjectActions` is mixed into `MainWindow` (gui/main_window.py): `self` is the window, so
window.start_import, window.start_export and window.backup_task stay where they were. Its
strings are translated in the context "ProjectActions" (PySide's tr() tries each class of the
window in turn).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from agreement.document import document_reliability as agreement_document_reliability
from coding import bulk
from coding.selection import ExportChoice, ExportError
from corpus.importer import ImportReport
from corpus.readers import ReadError
from exchange.read import QdpxImportReport, import_project_file, report_lines
from exchange.write import export_qdpx
from exports.codebook_document import SUFFIXES as DOCUMENT_SUFFIXES
from exports.codebook_document import Reliability, export_codebook_document
from exports.stats_files import PACKAGES, export_stats
from exports.workbook import export_workbook
from gui.tasks import Task
from models.backups import backup_before
from models.database import ProjectDatabase, ProjectError
from models.journal import Changes
from models.progress import Progress


class ProjectActions:
    """New, open, import and export; and a bulk change behind a backup."""

    def new_project_dialog(self) -> None:
        """Choose where a new project goes; the window then opens it."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("New project"),
            str(Path.home() / "study.articoder"),
            self.tr("articoder projects (*.articoder)"),
        )
        if path:
            self.project_requested.emit(path, True)

    def open_project_dialog(self) -> None:
        """Choose a project file to open in place of this one."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open project"),
            str(Path.home()),
            self.tr("articoder projects (*.articoder);;All files (*)"),
        )
        if path:
            self.project_requested.emit(path, False)

    def import_dialog(self) -> None:
        """Import files in the background, with progress and Cancel."""
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import articles"),
            str(Path.home()),
            self.tr("Articles (*.txt *.md *.html *.htm *.docx *.csv *.tsv *.xlsx *.json *.jsonl)"),
        )
        if files:
            self.start_import([Path(f) for f in files])

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
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export"),
            str(Path.home() / "coded-data.xlsx"),
            ";;".join(name for name, _suffix in formats),
        )
        if path:
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
        database = self.workspace.database
        task = Task(
            self,
            self.tr("Importing articles"),
            lambda progress: bulk.import_articles(database, paths, progress=progress),
            (ReadError, ProjectError),
        )
        task.done.connect(self._imported)
        task.start()
        return task

    def _imported(self, report: ImportReport) -> None:
        self._load_articles()
        message = self.tr("Imported %1 articles").replace("%1", str(len(report.imported)))
        self.statusBar().showMessage(message, 8000)

    def qdpx_export_dialog(self) -> None:
        """Export the project for NVivo, ATLAS.ti, MAXQDA or QualCoder (.qdpx)."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export as a REFI-QDA project"),
            str(Path.home() / "project.qdpx"),
            self.tr("REFI-QDA projects (*.qdpx)"),
        )
        if path:
            self.start_qdpx_export(Path(path))

    def start_qdpx_export(self, path: Path) -> Task:
        """Write the .qdpx off the UI thread, with progress and Cancel."""
        return self._start_writing(path, export_qdpx)

    def qdpx_import_dialog(self) -> None:
        """Bring in a project or codebook from another program (.qdpx or .qdc)."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a REFI-QDA project or codebook"),
            str(Path.home()),
            self.tr("REFI-QDA files (*.qdpx *.qdc)"),
        )
        if path:
            self.start_qdpx_import(Path(path))

    def start_qdpx_import(self, path: Path) -> Task:
        """Import off the UI thread (backup first); the window reloads and shows the report."""
        database = self.workspace.database
        task = Task(
            self,
            self.tr("Importing"),
            lambda _progress: import_project_file(database, path),
            (ExportError, ProjectError),
        )
        task.done.connect(self._qdpx_imported)
        task.start()
        return task

    def _qdpx_imported(self, report: QdpxImportReport) -> None:
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
        self.backup_task.start()
        return self.backup_task


def export_target(path: Path, suffix: str | None) -> Path:
    """The file to write: the name given, with the chosen type's extension when it has none."""
    known = {*PACKAGES, *DOCUMENT_SUFFIXES, ".xlsx"}
    if suffix is None or path.suffix.lower() in known:
        return path
    return path.with_name(path.name + suffix)


def document_reliability(database: ProjectDatabase, progress: Progress) -> Reliability:
    """The document's reliability table: the article-unit report, computed now."""
    found = agreement_document_reliability(database, progress=progress)
    return Reliability(found.rows, found.description, found.absent)
