"""The command line: JSON shapes, exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from articoder.cli import main

FIXTURE_CODEBOOK = Path(__file__).parent / "fixtures" / "codebooks" / "small.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    payload = (
        json.loads(captured.out) if "--json" in argv and captured.out.strip() else captured.out
    )
    return code, payload, captured.err


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "study.articoder")
    code, payload, _ = run(capsys, "new", path, "--json")
    assert (
        code == 0 and isinstance(payload, dict) and payload["project"].endswith("study.articoder")
    )
    return path


def test_import_articles_show_search(
    project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "新桥社区推进党建引领\n来源：新桥日报 2024年05月06日\n新桥社区党委把党建工作延伸到楼栋。(责编：李明)\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_bytes("東湖社區黨建紀實\n東湖社區黨委推動黨建引領。".encode("big5"))
    (folder / "empty.txt").write_bytes(b"")
    code, report, _ = run(capsys, "import", project, str(folder), "--json")
    assert code == 0 and isinstance(report, dict)
    assert sorted(report) == ["duplicates", "imported", "skipped", "warnings"]
    assert len(report["imported"]) == 2
    assert set(report["imported"][0]) == {"id", "title", "source"}
    assert report["skipped"][0]["source"].endswith("empty.txt") and report["skipped"][0]["reason"]

    code, articles, _ = run(capsys, "articles", project, "--json")
    assert code == 0 and isinstance(articles, list)
    assert set(articles[0]) == {"id", "title", "outlet", "published", "script", "chars"}
    assert {a["script"] for a in articles} == {"simplified", "traditional"}

    first = next(a for a in articles if a["script"] == "simplified")
    code, shown, _ = run(capsys, "show", project, str(first["id"]), "--json")
    assert code == 0 and isinstance(shown, dict)
    assert {
        "id",
        "title",
        "outlet",
        "published",
        "author",
        "script",
        "text",
        "removed",
        "flags",
        "metadata",
    } <= set(shown)
    # Every field with its value and where the import found it (None: nothing plausible).
    assert set(shown["metadata"]) == {"title", "published", "author", "editor", "outlet"}
    assert shown["metadata"]["title"]["value"] == shown["title"]
    assert shown["metadata"]["title"]["source"] is not None
    assert "新桥社区党委把党建工作延伸到楼栋" in shown["text"]

    code, hits, _ = run(capsys, "search", project, "党建", "--json")
    assert code == 0 and isinstance(hits, list)
    assert {h["article"] for h in hits} == {a["id"] for a in articles}
    assert set(hits[0]) == {"article", "start", "end", "snippet"}


def test_codebook_commands(
    project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result, _ = run(capsys, "codebook", "import", project, str(FIXTURE_CODEBOOK), "--json")
    assert code == 0 and isinstance(result, dict) and result["added"] == 4
    code, rows, _ = run(capsys, "codebook", "show", project, "--json")
    assert code == 0 and isinstance(rows, list)
    assert (
        rows[1]["path"] == "组织体系 > 楼栋党小组"
        and rows[1]["key"] == "1"
        and rows[1]["segments"] == 0
    )
    out = tmp_path / "out.yaml"
    code, _, _ = run(capsys, "codebook", "export", project, str(out), "--json")
    assert code == 0 and "楼栋党小组" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["articles", "{missing}"], "articoder new"),
        (["show", "{project}", "999"], "no article with id 999"),
        (["import", "{project}", "{missing}"], "no such file or folder"),
        (["codebook", "import", "{project}", "{bad_codebook}"], "line 2"),
        (["codebook", "export", "{project}", "{tmp}/x.pdf"], "unknown codebook format"),
        (["new", "{project}"], "already there"),
    ],
)
def test_user_errors_are_one_line(
    project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("codes:\n  - name: 甲\n    color: 红\n", encoding="utf-8")
    values = {
        "project": project,
        "missing": str(tmp_path / "nope"),
        "bad_codebook": str(bad),
        "tmp": str(tmp_path),
    }
    code, _, err = run(capsys, *[a.format(**values) for a in argv])
    assert code == 1
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "articoder",
            "articles",
            str(tmp_path / "nothing.articoder"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "articoder new" in result.stderr


@pytest.mark.parametrize("suffix", [".xlsx", ".qdc", ".json"])
def test_codebook_export_import_formats(
    project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    assert run(capsys, "codebook", "import", project, str(FIXTURE_CODEBOOK), "--json")[0] == 0
    out = tmp_path / f"codebook{suffix}"
    assert run(capsys, "codebook", "export", project, str(out), "--json")[0] == 0
    assert run(capsys, "codebook", "import", project, str(out), "--json")[0] == 0
    code, rows, _ = run(capsys, "codebook", "show", project, "--json")
    assert code == 0 and isinstance(rows, list)
    assert [r["path"] for r in rows] == [
        "组织体系",
        "组织体系 > 楼栋党小组",
        "组织体系 > 党员中心户",
        "红色物业",
    ]
    assert not any(r["retired"] for r in rows)


def test_bulk_changes_leave_a_backup(
    project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("新桥社区简讯\n新桥社区党委把党建工作延伸到楼栋。", encoding="utf-8")
    assert run(capsys, "import", project, str(source), "--json")[0] == 0
    assert run(capsys, "codebook", "import", project, str(FIXTURE_CODEBOOK), "--json")[0] == 0
    code, backups, _ = run(capsys, "backups", project, "--json")
    assert code == 0 and isinstance(backups, list)
    assert [b["reason"] for b in backups] == ["before-codebook-import", "before-import"]
    code, _restored, _ = run(capsys, "restore", project, backups[1]["name"], "--json")
    assert code == 0
    code, articles, _ = run(capsys, "articles", project, "--json")
    assert articles == []  # back to before the import


def test_import_lenient_takes_a_cut_off_file_and_flags_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = str(tmp_path / "p.articoder")
    assert main(["new", project]) == 0
    cut = tmp_path / "cut.txt"
    # The last character 区 lost its final byte, as a crawler that cut the file does.
    cut.write_bytes(
        "社区党建工作座谈会昨日召开，居民代表发言踊跃。街道社".encode() + "区".encode()[:2]
    )
    capsys.readouterr()
    assert main(["import", project, str(cut)]) == 1
    refused = capsys.readouterr().err
    assert "cut.txt" in refused and "--lenient" in refused
    code, report, _ = run(capsys, "import", project, str(cut), "--lenient", "--json")
    assert code == 0 and isinstance(report, dict) and len(report["imported"]) == 1
    (warning,) = [w for w in report["warnings"] if w["kind"] == "undecodable-bytes"]
    assert "cut.txt" in warning["source"] and "U+FFFD" in warning["message"]
    code, shown, _ = run(capsys, "show", project, str(report["imported"][0]["id"]), "--json")
    assert isinstance(shown, dict) and shown["text"].endswith("\ufffd")
    assert any(f["kind"] == "mojibake" for f in shown["flags"])
