"""The team commands: assign, queue, unassign, package, merge; JSON, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from articoder.cli import main
from coding.workspace import Workspace

CODEBOOK = Path(__file__).parent / "fixtures" / "codebooks" / "small.yaml"
TEXTS = [
    "江北社区快报\n江北社区组建楼栋党小组，居民议事有了新平台。",
    "港口街道通讯\n港口街道的红色物业开通维修热线。",
    "果园村纪事\n果园村党员中心户帮助果农联系销路。",
    "滨江日报\n滨江社区召开红色物业联席会议。",
    "石桥镇简报\n石桥镇为独居老人安装烟感报警器。",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    wants_json = "--json" in argv
    payload = json.loads(captured.out) if wants_json and captured.out.strip() else captured.out
    return code, payload, captured.err


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "team.articoder")
    folder = tmp_path / "in"
    folder.mkdir()
    for i, body in enumerate(TEXTS):
        (folder / f"t{i}.txt").write_text(body, encoding="utf-8")
    assert run(capsys, "new", path, "--json")[0] == 0
    assert run(capsys, "import", path, str(folder), "--json")[0] == 0
    assert run(capsys, "codebook", "import", path, str(CODEBOOK), "--json")[0] == 0
    return path


def test_assign_package_code_merge(
    project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = run(
        capsys, "assign", project, "--coders", "甲,乙,丙", "--overlap", "0.4", "--seed", "3",
        "--json",
    )  # fmt: skip
    assert code == 0
    plan = report["plan"]
    assert len(plan["overlap_articles"]) == 2 and plan["seed"] == 3
    assert sum(report["added"].values()) == len(TEXTS) + 2
    assert sorted(report["coders_added"]) == ["丙", "乙", "甲"]
    # The same command again stores nothing new.
    code, again, _ = run(
        capsys, "assign", project, "--coders", "甲,乙,丙", "--overlap", "0.4", "--seed", "3",
        "--json",
    )  # fmt: skip
    assert code == 0 and sum(again["added"].values()) == 0

    code, items, _ = run(capsys, "queue", project, "乙", "--json")
    assert code == 0 and [i["article"] for i in items] == plan["queues"]["乙"]

    out = tmp_path / "乙.articoder"
    code, packaged, _ = run(capsys, "package", project, "乙", str(out), "--json")
    assert code == 0 and packaged["articles"] == len(plan["queues"]["乙"])
    worker = Workspace.open(out, "乙")
    first = plan["queues"]["乙"][0]
    text = worker.article(first).text
    leaf = next(c for c in worker.codes() if c.path[-1] == "红色物业")
    segment = worker.code_span(first, 0, len(text.splitlines()[0]), leaf.id)
    worker.set_done(first)
    worker.close()

    code, merged, err = run(capsys, "merge", project, str(out), "--json")
    assert code == 0 and err == ""
    assert merged["needs_attention"] is False
    assert merged["files"][0]["segments"]["added"] == [segment.guid]
    assert Path(merged["backup"]).exists()
    code, summary, _ = run(capsys, "merge", project, str(out))  # for people: a summary
    assert code == 0 and "0 segments added, 0 updated, 0 removed, 1 unchanged" in summary
    assert "(乙)" in summary and "Backup of the project" in summary
    code, merged, _ = run(capsys, "merge", project, str(out), "--json")
    assert code == 0 and merged["files"][0]["changed"] is False
    code, items, _ = run(capsys, "queue", project, "乙", "--json")
    assert [i["status"] for i in items][-1] == "done"


def test_by_hand_and_unassign(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "assign", project, "--by-hand", "甲", "--articles", "1-3")
    assert code == 1 and "no coder named 甲" in err
    run(capsys, "assign", project, "--coders", "甲", "--articles", "1", "--json")
    code, report, _ = run(
        capsys, "assign", project, "--by-hand", "甲", "--articles", "2,3", "--json"
    )
    assert code == 0 and report["added"] == {"甲": 2}
    code, report, _ = run(capsys, "unassign", project, "甲", "--articles", "1,2", "--json")
    assert code == 0 and report["removed"] == {"甲": 2}
    code, items, _ = run(capsys, "queue", project, "甲", "--json")
    assert [i["article"] for i in items] == [3]
    code, out, _ = run(capsys, "assign", project, "--coders", "甲", "--all-unassigned")
    assert code == 0 and "甲: 4 articles added" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--coders", "甲,乙", "--overlap", "2"], "between 0 and 1"),
        (["--coders", "甲", "--overlap", "0.5", "--seed", "1"], "needs at least that many"),
        (["--coders", "甲,乙", "--articles", "1,999"], "no article with id 999"),
        (["--by-hand", "甲"], "--by-hand needs --articles"),
        ([], "name the coders"),
    ],
)
def test_assign_errors_are_one_line(
    project: str, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    code, out, err = run(capsys, "assign", project, *argv)
    assert code == 1 and out == ""
    assert err.startswith("articoder: ") and words in err and len(err.splitlines()) == 1


def test_merge_refusals_exit_1(
    project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "package", project, "乙", str(tmp_path / "x.articoder"))
    assert code == 1 and "no coder named 乙" in err
    bogus = tmp_path / "bogus.articoder"
    bogus.write_text("这不是数据库", encoding="utf-8")
    code, out, err = run(capsys, "merge", project, str(bogus))
    assert code == 1 and out == "" and str(bogus) in err and "Traceback" not in err
    code, out, err = run(capsys, "merge", project, project)
    assert code == 1 and "not a coder file" in err
