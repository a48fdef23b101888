"""Hostile input files through the command line: one line, exit 1, bounded, nothing stored.

Each shape of issue 13 (`articoder import`, `codebook import`, `codings import`) is made here,
small on disk, and given to the real command line in a child process: JSON and YAML nested
thousands of levels deep, integers of 5,000 digits, lone surrogates and NUL characters, a
YAML alias bomb, a .docx whose document.xml inflates to 200 MB, sparse workbooks (a cell or a
declared size at XFD1048576, a cell far out at row 30,000), a FIFO, a link to /dev/zero and a
link to /etc/passwd. Every refusal must be one line on stderr naming the file, exit code 1,
no traceback, the project's rows unchanged (a checksum of every row), within 512 MB of peak
memory (the child's ru_maxrss) and without hanging (the child is killed after a timeout).

The children are forked from one warm server process (`_serve`, run with ``python -c``): a
fresh `articoder` costs about a second of imports each, and the server keeps the whole file
to a few seconds. A child runs `articoder.cli.main`, the console script's own entry point,
with an address-space limit so that a regression fails the test instead of the machine.
benchmarks/bench_hostile_inputs.py runs the same files through `python -m articoder`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

from codebook.files import read_codebook
from codebook.spec import CodebookError
from corpus.readers import ReadError, read_path
from models.bounded_input import (
    InputRefused,
    file_kind_problem,
    load_json,
    load_yaml,
    read_member,
    read_regular_file,
)
from tests.fuzz_helpers import project_checksum

pytest.importorskip("resource")  # POSIX only: fork, FIFOs, rusage

REPOSITORY = Path(__file__).parents[1]
CODEBOOK = REPOSITORY / "tests" / "fixtures" / "codebooks" / "small.yaml"
PEAK_LIMIT_MB = 512
# The child's address space: far above what any refusal needs, far below what would hurt.
ADDRESS_SPACE_BYTES = 3 * 1024**3
TIMEOUT_SECONDS = 60
ARTICLE = "湖滨社区快报\n湖滨社区推行红色物业，楼栋党小组每周走访居民。"


# -- the hostile files ---------------------------------------------------------------------------


def _json(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def deep_json(folder: Path) -> Path:
    return _json(folder / "deep.json", "[" * 50_000 + "]" * 50_000)


def long_integer_json(folder: Path) -> Path:
    return _json(folder / "long-integer.json", '[{"text": "正文", "n": ' + "9" * 5000 + "}]")


def lone_surrogate_json(folder: Path) -> Path:
    return _json(folder / "surrogate.json", '[{"title": "标题\\ud800", "text": "正文"}]')


def nul_json(folder: Path) -> Path:
    return _json(folder / "nul.json", '{"title": "标题", "text": "正文\\u0000后文"}')


def docx_bomb(folder: Path) -> Path:
    """A real .docx whose document.xml inflates to 200 MB of paragraphs (200 KB on disk)."""
    from docx import Document

    plain = folder / "plain.docx"
    document = Document()
    document.add_paragraph(ARTICLE)
    document.save(str(plain))
    path = folder / "bomb.docx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, source.read(info))
                continue
            xml = source.read(info).decode("utf-8")
            head, tail = xml.split("<w:body>")
            paragraph = "<w:p><w:r><w:t>湖滨社区</w:t></w:r></w:p>".encode()
            out.compresslevel = 1  # quick to make; a bomb all the same
            with out.open("word/document.xml", "w") as member:
                member.write(f"{head}<w:body>".encode())
                block = paragraph * (1024 * 1024 // len(paragraph))
                for _ in range(200):
                    member.write(block)
                member.write(tail.encode())
    plain.unlink()
    return path


def _workbook(path: Path, rows: list[list[Any]], far: str | None, title: str = "Sheet") -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if far is not None:
        sheet[far] = "远"
    workbook.save(path)
    return path


def _declare(path: Path, dimension: str) -> Path:
    """Rewrite the first sheet's declared size (openpyxl writes the true one)."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    name = "xl/worksheets/sheet1.xml"
    xml = members[name].decode("utf-8")
    start = xml.index("<dimension ref=")
    end = xml.index("/>", start) + 2
    members[name] = (xml[:start] + f'<dimension ref="{dimension}"/>' + xml[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def xlsx_declared_far(folder: Path) -> Path:
    """An article table with one cell at XFD1048576: its declared size is 17 billion cells."""
    rows = [["title", "text"], ["湖滨社区快报", ARTICLE]]
    return _workbook(folder / "declared-far.xlsx", rows, "XFD1048576")


def xlsx_cell_far(folder: Path) -> Path:
    """A cell at XFD30000 behind a declared size of A1:B2 (declarations cannot be trusted)."""
    rows = [["title", "text"], ["湖滨社区快报", ARTICLE]]
    return _declare(_workbook(folder / "cell-far.xlsx", rows, "XFD30000"), "A1:B2")


def fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def link_to_device(folder: Path) -> Path:
    path = folder / "zero.txt"
    path.symlink_to("/dev/zero")
    return path


def hostile_folder(folder: Path) -> Path:
    """A folder of nothing but entries that must never be read."""
    inside = folder / "scraped"
    inside.mkdir()
    (inside / "zero.txt").symlink_to("/dev/zero")
    (inside / "passwd.txt").symlink_to("/etc/passwd")
    (inside / "elsewhere").symlink_to("/etc")
    os.mkfifo(inside / "pipe.txt")
    return inside


def _code_tree_bomb() -> str:
    """Billion laughs as a code tree: nine children of nine children ... nine levels down."""
    lines = ["codes:", "  - &a0 {name: 笑, children: []}"]
    for level in range(1, 10):
        children = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"  - &a{level} {{name: 笑{level}, children: [{children}]}}")
    return "\n".join(lines) + "\n"


def yaml_alias_bomb(folder: Path) -> Path:
    return _json(folder / "bomb.yaml", _code_tree_bomb())


def yaml_deep(folder: Path) -> Path:
    return _json(folder / "deep.yaml", "codes: " + "[" * 5000 + "]" * 5000 + "\n")


def json_deep_codebook(folder: Path) -> Path:
    return _json(folder / "deep-codebook.json", '{"codes": ' + "[" * 50_000 + "]" * 50_000 + "}")


def yaml_long_integer(folder: Path) -> Path:
    return _json(folder / "long-integer.yaml", "version: " + "9" * 5000 + "\ncodes: []\n")


def json_surrogate_codebook(folder: Path) -> Path:
    return _json(folder / "surrogate-codebook.json", '{"codes": [{"name": "组织\\ud800"}]}')


def yaml_nul(folder: Path) -> Path:
    return _json(folder / "nul.yaml", 'codes:\n  - name: 组织\n    definition: "定义\\0"\n')


def xlsx_codebook_declared_far(folder: Path) -> Path:
    rows = [["Level 1", "definition"], ["组织体系", "党组织的层级设置"]]
    return _workbook(folder / "codebook-far.xlsx", rows, "XFD1048576", title="Codes")


def xlsx_codebook_deep_path(folder: Path) -> Path:
    """A Path cell of 5,000 levels: the code tree is walked recursively everywhere."""
    rows = [["Path", "definition"], [" > ".join(["层"] * 5000), "太深"]]
    return _workbook(folder / "codebook-deep.xlsx", rows, None, title="Codes")


def fifo_codebook(folder: Path) -> Path:
    path = folder / "codebook.yaml"
    os.mkfifo(path)
    return path


SEGMENT_HEADERS = ["article_id", "coder", "code", "start", "end", "memo"]


def csv_nul_memo(folder: Path) -> Path:
    path = folder / "segments.csv"
    path.write_text(
        ",".join(SEGMENT_HEADERS) + "\n1,甲,红色物业,0,2,备注\x00藏着\n", encoding="utf-8"
    )
    return path


def csv_wide_line(folder: Path) -> Path:
    path = folder / "wide.csv"
    path.write_text(",".join(SEGMENT_HEADERS) + "\n" + "," * 2_000_000 + "\n", encoding="utf-8")
    return path


def xlsx_codings_declared_far(folder: Path) -> Path:
    rows = [SEGMENT_HEADERS, [1, "甲", "红色物业", 0, 2, ""]]
    return _workbook(folder / "codings-far.xlsx", rows, "XFD1048576", title="Segments")


@dataclass(frozen=True)
class Case:
    """One hostile file, the command that gets it, and what the refusal must say."""

    command: tuple[str, ...]
    make: Callable[[Path], Path]
    says: str


CASES: dict[str, Case] = {
    "json-deep": Case(("import",), deep_json, "nested more than 100 levels"),
    "json-long-integer": Case(("import",), long_integer_json, "5,000 digits"),
    "json-lone-surrogate": Case(("import",), lone_surrogate_json, "lone surrogate"),
    "json-nul": Case(("import",), nul_json, "NUL"),
    "docx-bomb": Case(("import",), docx_bomb, "zip bomb"),
    "xlsx-declared-far": Case(("import",), xlsx_declared_far, "XFD1048576"),
    "xlsx-cell-far": Case(("import",), xlsx_cell_far, "column XFD"),
    "fifo": Case(("import",), fifo, "named pipe"),
    "link-to-device": Case(("import",), link_to_device, "a device"),
    "folder-of-hostile-entries": Case(("import",), hostile_folder, "not followed"),
    "yaml-alias-bomb": Case(("codebook", "import"), yaml_alias_bomb, "alias bomb"),
    "yaml-deep": Case(("codebook", "import"), yaml_deep, "nested more than 100 levels"),
    "json-deep-codebook": Case(("codebook", "import"), json_deep_codebook, "nested more than"),
    "yaml-long-integer": Case(("codebook", "import"), yaml_long_integer, "5,000 digits"),
    "json-surrogate-codebook": Case(
        ("codebook", "import"), json_surrogate_codebook, "lone surrogate"
    ),
    "yaml-nul": Case(("codebook", "import"), yaml_nul, "NUL"),
    "xlsx-codebook-declared-far": Case(
        ("codebook", "import"), xlsx_codebook_declared_far, "XFD1048576"
    ),
    "xlsx-codebook-deep-path": Case(("codebook", "import"), xlsx_codebook_deep_path, "levels"),
    "fifo-codebook": Case(("codebook", "import"), fifo_codebook, "named pipe"),
    "csv-nul-memo": Case(("codings", "import"), csv_nul_memo, "row 2, column 6 (memo)"),
    "csv-wide-line": Case(("codings", "import"), csv_wide_line, "commas on one line"),
    "xlsx-codings-declared-far": Case(
        ("codings", "import"), xlsx_codings_declared_far, "XFD1048576"
    ),
}


# -- the fork server -----------------------------------------------------------------------------


def _warm_up() -> None:
    """Run each command once on good files, so every lazy import has happened in the server."""
    import contextlib
    import io
    import tempfile

    from articoder.cli import main

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        project = str(base / "warm.articoder")
        (base / "a.txt").write_text(ARTICLE, encoding="utf-8")
        (base / "b.json").write_text(json.dumps([{"text": ARTICLE + "。"}]), encoding="utf-8")
        _workbook(base / "c.xlsx", [["text"], [ARTICLE + "！"]], None)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(["new", project])
            main(["codebook", "import", project, str(CODEBOOK)])
            main(
                ["import", project, str(base / "a.txt"), str(base / "b.json"), str(base / "c.xlsx")]
            )
            main(["codings", "import", project, str(csv_nul_memo(base))])


def _serve() -> None:
    """Read cases as JSON lines; run each in a forked child; answer with exit, peak, time.

    A case is {"argv": [...], "out": path, "err": path}; the answer {"exit": code, "peak_mb":
    the child's ru_maxrss in MB, "seconds": wall time, "hung": killed after the timeout}.
    """
    import resource
    import signal
    import time
    import traceback

    from articoder.cli import main

    _warm_up()
    print(json.dumps({"ready": os.getpid()}), flush=True)
    for line in sys.stdin:
        case = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: one command, its output in files
            code = 3
            try:
                resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES))
                for fd, name in ((1, case["out"]), (2, case["err"])):
                    target = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                    os.dup2(target, fd)
                    os.close(target)
                code = main(case["argv"])
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        hung = False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - started > case["timeout"]:
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                hung = True
                break
            time.sleep(0.005)
        answer = {
            "exit": os.waitstatus_to_exitcode(status),
            "peak_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
            "seconds": time.monotonic() - started,
            "hung": hung,
        }
        print(json.dumps(answer), flush=True)


@dataclass
class Server:
    """The running fork server and its pipes."""

    process: subprocess.Popen[str]
    stdin: IO[str]
    stdout: IO[str]

    def run(self, argv: list[str], folder: Path, timeout: float = TIMEOUT_SECONDS) -> Run:
        out, err = folder / "stdout.txt", folder / "stderr.txt"
        request = {"argv": argv, "out": str(out), "err": str(err), "timeout": timeout}
        self.stdin.write(json.dumps(request) + "\n")
        self.stdin.flush()
        answer = json.loads(self.stdout.readline())
        return Run(
            exit=answer["exit"],
            stdout=out.read_text(encoding="utf-8"),
            stderr=err.read_text(encoding="utf-8"),
            peak_mb=answer["peak_mb"],
            seconds=answer["seconds"],
            hung=answer["hung"],
        )


@dataclass(frozen=True)
class Run:
    """What one command did."""

    exit: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float
    hung: bool


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    process = subprocess.Popen(
        [sys.executable, "-c", "from tests.test_hostile_inputs import _serve; _serve()"],
        cwd=REPOSITORY,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    ready = process.stdout.readline()
    assert "ready" in ready, "the fork server did not start"
    yield Server(process, process.stdin, process.stdout)
    process.stdin.close()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def base_project(tmp_path_factory: pytest.TempPathFactory, server: Server) -> Path:
    """A project with a codebook, two articles and a coded segment: what a refusal must keep."""
    folder = tmp_path_factory.mktemp("base")
    project = folder / "study.articoder"
    (folder / "lake.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "pine.txt").write_text("松林街道消息\n松林街道党员中心户带头参与垃圾分类。", "utf-8")
    segments = folder / "segments.csv"
    segments.write_text(",".join(SEGMENT_HEADERS) + "\n1,甲,红色物业,8,12,备注\n", "utf-8")
    for argv in (
        ["new", str(project)],
        ["codebook", "import", str(project), str(CODEBOOK)],
        ["import", str(project), str(folder / "lake.txt"), str(folder / "pine.txt")],
        ["codings", "import", str(project), str(segments), "--create-coders"],
    ):
        run = server.run(argv, folder)
        assert run.exit == 0, run.stderr
    shutil.rmtree(folder / "study.articoder.backups", ignore_errors=True)
    return project


@pytest.fixture
def project(base_project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project" / base_project.name
    copy.parent.mkdir()
    shutil.copyfile(base_project, copy)
    return copy


def _articles(server: Server, project: Path, folder: Path) -> list[dict[str, Any]]:
    run = server.run(["articles", str(project), "--json"], folder)
    assert run.exit == 0, run.stderr
    articles: list[dict[str, Any]] = json.loads(run.stdout)
    return articles


# -- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_file_is_refused_in_one_line_with_the_project_unchanged(
    name: str, server: Server, project: Path, tmp_path: Path
) -> None:
    case = CASES[name]
    folder = tmp_path / "files"
    folder.mkdir()
    hostile = case.make(folder)
    before = project_checksum(project)
    articles = _articles(server, project, tmp_path)

    run = server.run([*case.command, str(project), str(hostile)], tmp_path)

    assert not run.hung, f"{name}: still running after {TIMEOUT_SECONDS} s"
    assert run.exit == 1, (run.exit, run.stderr)
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("articoder: "), run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert str(hostile) in run.stderr, run.stderr  # the file (or the folder's entry) is named
    assert case.says in run.stderr, run.stderr
    assert run.stdout == ""
    assert run.peak_mb <= PEAK_LIMIT_MB, f"{name}: peak {run.peak_mb:.0f} MB"
    assert run.seconds < 20, f"{name}: {run.seconds:.1f} s"
    assert project_checksum(project) == before
    assert _articles(server, project, tmp_path) == articles


def test_a_folder_imports_its_articles_and_names_every_entry_it_never_opened(
    server: Server, project: Path, tmp_path: Path
) -> None:
    """Links leaving the folder, a FIFO and a link to /dev/zero beside a good article."""
    folder = hostile_folder(tmp_path)
    (folder / "good.txt").write_text("河口社区新闻\n河口社区召开居民议事会。", encoding="utf-8")
    (folder / "inner.txt").symlink_to(folder / "good.txt")  # inside: read (once) where it is
    before = {a["id"] for a in _articles(server, project, tmp_path)}

    run = server.run(["import", str(project), str(folder), "--json"], tmp_path)

    assert not run.hung and run.exit == 0, run.stderr
    assert run.peak_mb <= PEAK_LIMIT_MB and run.seconds < 20
    report = json.loads(run.stdout)
    assert [Path(a["source"]).name for a in report["imported"]] == ["good.txt"]
    skipped = {Path(s["source"]).name: s["reason"] for s in report["skipped"]}
    assert set(skipped) == {"zero.txt", "passwd.txt", "elsewhere", "pipe.txt"}
    assert "outside the folder" in skipped["zero.txt"] and "/dev/zero" in skipped["zero.txt"]
    assert "outside the folder" in skipped["passwd.txt"]
    assert "outside the folder" in skipped["elsewhere"]
    assert "named pipe" in skipped["pipe.txt"] and "not opened" in skipped["pipe.txt"]
    after = _articles(server, project, tmp_path)
    new = [a for a in after if a["id"] not in before]
    assert [a["title"] for a in new] == ["河口社区新闻"]  # /etc/passwd never became an article

    text = server.run(["import", str(project), str(folder)], tmp_path)
    assert text.exit == 0 and "skipped" in text.stdout and str(folder / "pipe.txt") in text.stdout


def test_a_json_of_real_articles_passes_the_checks(
    server: Server, project: Path, tmp_path: Path
) -> None:
    """The limits leave real data alone: nesting, long texts, emoji pairs, NaN for missing."""
    items = [
        {
            "title": f"第{i}篇 😀",
            "text": ARTICLE + f"（{i}）" + "社区" * 2000,
            "tags": [["党建", "物业"], {"level": 3}],
            "views": 12_345_678_901_234_567_890,
        }
        for i in range(50)
    ]
    path = tmp_path / "real.json"
    text = json.dumps({"articles": items}, ensure_ascii=True).replace(
        "12345678901234567890", "NaN", 1
    )
    path.write_text(text, encoding="utf-8")
    run = server.run(["import", str(project), str(path), "--json"], tmp_path)
    assert run.exit == 0, run.stderr
    assert len(json.loads(run.stdout)["imported"]) == 50


# -- the limits themselves, in this process ------------------------------------------------------


def test_a_zip_member_is_read_no_further_than_its_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * 5_000_000)
    with zipfile.ZipFile(path) as archive:
        assert len(read_member(archive, "word/document.xml", 5_000_000, str(path))) == 5_000_000
        with pytest.raises(InputRefused) as caught:
            read_member(archive, "word/document.xml", 1_000_000, str(path))
    assert str(path) in str(caught.value) and "word/document.xml" in str(caught.value)


def test_a_zip_of_many_members_is_refused_before_its_directory_is_parsed(tmp_path: Path) -> None:
    """zipfile makes an object per member (about 500 bytes): the end record is read first."""
    path = tmp_path / "members.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(20_000):
            archive.writestr(f"m{number}", b"")
    with pytest.raises(ReadError, match="lists 20,000 members") as caught:
        read_path(path)
    assert str(path) in str(caught.value)


def test_a_zip_lying_about_its_sizes_is_refused(tmp_path: Path) -> None:
    """Declared sizes of 1,000 bytes for a member of 5 MB: reading stops, the file is refused."""
    from docx import Document

    path = tmp_path / "liar.docx"
    Document().save(str(path))
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["word/document.xml"] += b" " * 5_000_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    size = len(members["word/document.xml"]).to_bytes(4, "little")
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at >= 0:  # the header of document.xml: its uncompressed size set to 1,000
            if name in data[at : at + 200] and data[at + offset : at + offset + 4] == size:
                data[at + offset : at + offset + 4] = (1000).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError) as caught:
        read_path(path)
    # zipfile stops at the declared 1,000 bytes, then the checksum gives the lie away.
    assert str(path) in str(caught.value) and "word/document.xml" in str(caught.value)


def test_json_of_tiny_values_is_refused_for_its_memory() -> None:
    """Two million values in 4 MB of text would take about 60 MB; real records pass."""
    with pytest.raises(InputRefused, match="too many small values"):
        load_json("[" + "1," * 2_000_000 + "1]", "tiny.json")
    records = [{"title": f"第{i}篇", "text": "社区" * 50, "id": i} for i in range(20_000)]
    assert len(load_json(json.dumps(records, ensure_ascii=False), "real.json")) == 20_000


def test_json_lines_share_one_budget(tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl"
    line = '{"text": "正文", "v": [' + "1," * 1000 + "1]}\n"
    path.write_text(line * 2_000, encoding="utf-8")
    with pytest.raises(ReadError, match="too many small values") as caught:
        read_path(path)
    assert caught.value.location is not None and caught.value.location.startswith("line ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &a [1, *a]\n", "loop"),
        ("a: &a [1]\nb: [" + ", ".join(["*a"] * 10_001) + "]\n", "aliases"),
        (
            "a: &a {k0: 1, k1: 2, k2: 3, k3: 4, k4: 5, k5: 6, k6: 7, k7: 8, k8: 9}\n"
            + "".join(
                f"{name}: &{name} {{<<: [{', '.join([f'*{previous}'] * 9)}]}}\n"
                for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
            ),
            "alias bomb",
        ),
    ],
    ids=["alias-loop", "alias-count", "merge-key-bomb"],
)
def test_yaml_alias_shapes_are_refused_quickly(text: str, message: str) -> None:
    with pytest.raises(InputRefused, match=message):
        load_yaml(text, "bomb.yaml")


def test_yaml_anchors_and_merge_keys_of_a_real_codebook_pass() -> None:
    text = (
        "defaults: &defaults {color: '#c0392b', definition: 党组织}\n"
        "codes:\n  - {<<: *defaults, name: 组织体系}\n  - {<<: *defaults, name: 红色物业}\n"
    )
    data = load_yaml(text, "codebook.yaml")
    assert [code["color"] for code in data["codes"]] == ["#c0392b", "#c0392b"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("wide.csv", "title,text\n" + "," * 200_000 + "\n", "separators on one line"),
        ("columns.csv", ",".join(f"c{i}" for i in range(1_001)) + ",text\n1,正文\n", "columns"),
        (
            "keys.json",
            json.dumps([{"text": "正文", f"k{i}": i} for i in range(1_001)]),
            "different fields",
        ),
    ],
    ids=["csv-line-of-separators", "csv-too-many-columns", "json-keys-union"],
)
def test_article_tables_too_wide_are_refused(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReadError, match=message) as caught:
        read_path(path)
    assert str(path) in str(caught.value)


def test_a_nul_in_a_text_file_refuses_it_and_in_a_table_skips_the_row(tmp_path: Path) -> None:
    """UTF-16 lets a NUL character through decoding: it is refused where it is."""
    text = tmp_path / "one.txt"
    text.write_bytes(("标题\n" + "正文" * 200 + "\x00后文").encode("utf-16"))
    with pytest.raises(ReadError, match="NUL character"):
        read_path(text)
    table = tmp_path / "table.csv"
    table.write_bytes(("title,text\n好,正文一\n坏,正文\x00二" + "文" * 200 + "\n").encode("utf-16"))
    result = read_path(table)
    assert [d.title for d in result.documents] == ["好"]
    assert result.skipped[0][0].endswith("#row 3") and "NUL" in result.skipped[0][1]


def test_a_socket_is_never_opened(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "socket.txt"
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))
        with pytest.raises(ReadError, match="a socket"):
            read_path(path)
        assert "a socket" in (file_kind_problem(path) or "")


def test_a_file_is_read_no_further_than_its_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3_000)
    assert read_regular_file(path, 3_000) == b"x" * 3_000
    with pytest.raises(InputRefused, match="too large"):
        read_regular_file(path, 2_999)


def test_a_level_header_of_thousands_of_digits_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "levels.xlsx", [["Level 1", "Level " + "9" * 5000], ["组织", "楼栋"]], None
    )
    with pytest.raises(CodebookError) as caught:
        read_codebook(path)
    assert str(path) in str(caught.value)
    path = _workbook(tmp_path / "deep.xlsx", [["Level 1", "Level 60"], ["组织", "楼栋"]], None)
    with pytest.raises(CodebookError, match="at most 50 levels"):
        read_codebook(path)
