"""Codebook files of every format, chosen by the file's extension.

`.yaml`/`.yml`/`.json` are the hand-edited text form (codebook.text_files), `.xlsx` the
workbook leads write by hand (codebook.excel), `.qdc` the REFI-QDC exchange format
(codebook.qdc; `.qde`, a REFI-QDA project file, can be read for its codebook). The command
line and the window call these two functions and never pick a module themselves.

A REFI-QDC file carries codes only: before bringing one into a project, keep the project's
variables and codebook name with `keep_project_parts`, or `import_codebook` would retire the
variables the file does not list.

Every reader is bounded (models.bounded_input): a FIFO, a device or a socket is refused
without being opened, a file above `MAX_CODEBOOK_BYTES` before it is read, and whatever a
reader's limits refuse (deep nesting, alias and zip bombs, far-out cells, NUL characters)
comes out as a `CodebookError` naming the file and the place.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from codebook.excel import read_codebook_excel, write_codebook_excel
from codebook.qdc import read_codebook_qdc, write_codebook_qdc
from codebook.spec import CodebookError, CodebookSpec, Problem
from codebook.text_files import read_codebook_text, write_codebook_text
from models.bounded_input import InputRefused, file_kind_problem

TEXT = (".yaml", ".yml", ".json")
EXCEL = (".xlsx",)
QDC = (".qdc",)
READ_ONLY = (".qde",)


# A codebook of 2,000 codes with definitions and examples is under 2 MiB.
MAX_CODEBOOK_BYTES = 64 * 1024 * 1024


def _unknown(path: Path, writing: bool) -> CodebookError:
    suffix = path.suffix.lower() or "(none)"
    hint = " (save it as .xlsx)" if suffix in (".xls", ".xlsm", ".ods") else ""
    if suffix in READ_ONLY and writing:
        hint = " (a REFI-QDA project file is read, never written, here)"
    return CodebookError(
        str(path),
        [
            Problem(
                "file", f"unknown codebook format {suffix}{hint}; use .yaml, .json, .xlsx or .qdc"
            )
        ],
    )


def read_codebook(path: Path) -> CodebookSpec:
    """Read a codebook file of any supported format; CodebookError names every problem.

    A file above `MAX_CODEBOOK_BYTES` is refused before it is read: memory stays bounded.
    """
    suffix = path.suffix.lower()
    kind = file_kind_problem(path)
    if kind is not None:  # a FIFO would make the read wait for ever
        raise CodebookError(str(path), [Problem("file", kind)])
    size = path.stat().st_size if path.is_file() else 0
    if size > MAX_CODEBOOK_BYTES:
        raise CodebookError(
            str(path),
            [
                Problem(
                    "file",
                    f"too large for a codebook: {size / 2**20:,.1f} MiB, above the "
                    f"{MAX_CODEBOOK_BYTES // 2**20} MiB limit (is it the right file?)",
                )
            ],
        )
    try:
        if suffix in TEXT:
            return read_codebook_text(path)
        if suffix in EXCEL:
            return read_codebook_excel(path)
        if suffix in QDC or suffix in READ_ONLY:
            return read_codebook_qdc(path)
    except InputRefused as refused:  # the readers word their own; this is the safety net
        where = refused.location or "file"
        raise CodebookError(str(path), [Problem(where, refused.message)]) from refused
    raise _unknown(path, writing=False)


def write_codebook(spec: CodebookSpec, path: Path) -> None:
    """Write a codebook file in the format its extension names."""
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT:
            write_codebook_text(spec, path)
        elif suffix in EXCEL:
            write_codebook_excel(spec, path)
        elif suffix in QDC:
            write_codebook_qdc(spec, path)
        else:
            raise _unknown(path, writing=True)
    except (OSError, etree.SerialisationError) as exc:  # lxml's way of saying "disk full"
        reason = getattr(exc, "strerror", None) or str(exc)
        raise CodebookError(
            str(path),
            [
                Problem(
                    "file",
                    f"cannot be written ({reason}); the disk may be full or the folder "
                    "read-only. A file already there is unchanged; free some space or choose "
                    "another folder",
                )
            ],
        ) from exc


def carries_codes_only(path: Path) -> bool:
    """True for formats without variables or codebook name (REFI-QDC)."""
    return path.suffix.lower() in QDC + READ_ONLY


def keep_project_parts(spec: CodebookSpec, project: CodebookSpec) -> CodebookSpec:
    """The codes of `spec` with the project's variables, name and descriptions.

    For a codes-only file (`carries_codes_only`): importing it as it is would retire every
    variable of the project and blank the codebook's name.
    """
    return replace(
        spec,
        name=project.name,
        description=project.description,
        description_en=project.description_en,
        variables=copy.deepcopy(project.variables),
    )
