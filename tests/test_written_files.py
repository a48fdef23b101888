"""Files the program writes: whole or not at all, and no cell a spreadsheet would run (issue 13).

Codebook files and agreement reports are written to a temporary file that replaces the target
only when complete: on a full disk (here: a child process whose files may not grow past a few
kilobytes) the old file stays byte for byte and no partial file is left. Codebook and agreement
workbooks keep formula-like texts as text with Excel's quote prefix, as the data export does.
"""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from agreement.report import ReportRow, write_report_xlsx
from models.safe_write import write_text_whole

ARTICODER = [sys.executable, "-m", "articoder.cli"]

CODEBOOK = """\
name: 测试编码本
version: 1
codes:
- name: =HYPERLINK("http://example.invalid","点我")
  key: '1'
  definition: '- 不含对上级文件的简单转述'
  include: '+ 含具体做法'
  exclude: '@提及即可'
- name: 网格员
  key: '2'
  definition: 报道网格员的日常工作。
"""
# Enough codes for an export larger than the file-size limit below (the project's own -shm
# file, 32 KiB, must still fit under it).
FILLER = "".join(
    f"- name: 编码{i:03d}\n  definition: {'社区党组织在网格中开展走访与议事协商。' * 12}\n"
    for i in range(150)
)
FILE_LIMIT = 40_000


def _run(*arguments: str, file_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # a full disk: writes past `file_limit` bytes fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        assert file_limit is not None
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run(
        [*ARTICODER, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=limit if file_limit is not None else None,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.articoder"
    assert _run("new", str(path)).returncode == 0
    (tmp_path / "codebook.yaml").write_text(CODEBOOK + FILLER, encoding="utf-8")
    done = _run("codebook", "import", str(path), str(tmp_path / "codebook.yaml"))
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as Linux applies it")
@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx", ".qdc"])
def test_a_codebook_export_on_a_full_disk_keeps_the_old_file(
    project: Path, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"old{suffix}"
    old = "上一次导出的编码本，必须原样保留。".encode() * 20
    target.write_bytes(old)
    done = _run("codebook", "export", str(project), str(target), file_limit=FILE_LIMIT)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and str(target) in done.stderr
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []
    done = _run("codebook", "export", str(project), str(target))  # with room, it is replaced
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() != old


def test_codebook_workbook_keeps_formula_like_texts_as_text(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "codebook.xlsx"
    assert _run("codebook", "export", str(project), str(target)).returncode == 0
    book = openpyxl.load_workbook(target)
    texts = {
        cell.value: cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for text in ('=HYPERLINK("http://example.invalid","点我")', "- 不含对上级文件的简单转述"):
        cell = texts[text]
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert not texts["网格员"].quotePrefix


def test_agreement_workbook_keeps_formula_like_names_as_text(tmp_path: Path) -> None:
    target = tmp_path / "agreement.xlsx"
    write_report_xlsx(
        [
            ReportRow(
                kind="code",
                name="-负面报道",
                guid="G",
                unit="article",
                level="nominal",
                n_units=0,
                coders=["甲", "乙"],
            )
        ],
        target,
    )
    sheet = openpyxl.load_workbook(target)["Agreement"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "-负面报道")
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as Linux applies it")
def test_an_agreement_report_on_a_full_disk_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text(json.dumps({"old": "报告"}), encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from models.safe_write import write_text_whole\n"
        f"write_text_whole(Path({str(target)!r}), '新报告' * 5000)"
    )

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    done = subprocess.run([sys.executable, "-c", code], preexec_fn=limit, capture_output=True)
    assert done.returncode != 0 and b"File too large" in done.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == {"old": "报告"}
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    write_text_whole(target, "新报告")
    assert target.read_text(encoding="utf-8") == "新报告"
