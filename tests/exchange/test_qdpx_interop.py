"""REFI-QDA with the files real programs write (issue 17).

Namespace versions (ATLAS.ti's `urn:QDA-XML:codebook:0:4`), memos where other programs read
them, everything a file holds that articoder does not store listed in `not_imported`, the
offset convention decided by evidence (recorded texts, span boundaries, origin) or the file
refused, clear messages for files that are not what their name says, and the project XML read
as a stream. The files are shaped like real exports (tests/fixtures/refi-qda/README.md says
which and where the shapes were seen); their words are our own.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from articoder.cli import main
from codebook.spec import walk
from codebook.store import load_codebook
from coding.check import check_project
from exchange.archive import QdpxError
from exchange.offsets import (
    CONVENTIONS,
    Probe,
    Undecided,
    choose,
    decisive,
    on_boundaries,
)
from exchange.read import count_rows, import_project_file, read_project_file, report_lines
from exchange.write import export_qdpx
from models.database import ProjectDatabase, create_project
from models.entities import Segment, Variable, VariableValue
from tests.exchange.test_qdpx import (
    CODE_A,
    CODE_B,
    FOREIGN,
    NS,
    SOURCE,
    SPANS,
    USER,
    build,
    foreign_qdpx,
    project_xml,
    selection_xml,
    write_zip,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "refi-qda"
NVIVO = FIXTURES / "nvivo-12"
# What the NVivo-shaped file's coders selected: ten whole comments and two phrases.
NVIVO_TEXTS = sorted(
    [
        "小区加装电梯的事终于有人管了，社区书记跑了三趟😀",
        "楼栋党小组开会到晚上九点，大家都很支持。",
        "物业费又涨了，红色物业到底红在哪里？",
        "网格员上门登记，态度很好👍",
        "议事会上吵得很厉害，最后还是投票决定。",
        "志愿者服务队帮老人买菜，点赞！",
        "老旧小区改造把停车位改没了😡",
        "党员中心户亮身份以后，邻里纠纷少多了。",
        "社区食堂价格实惠，就是排队太久。",
        "街道说会继续推进楼栋党小组建设🙏",
        "红色物业",
        "楼栋党小组建设",
    ]
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    output = json.loads(captured.out) if code == 0 and "--json" in argv else captured.out
    return code, output, captured.err


def segment_texts(database: ProjectDatabase) -> list[str]:
    with database.session() as session:
        return sorted(s.text for s in session.scalars(select(Segment)))


def nvivo_qdpx(tmp_path: Path, change: Any = None, name: str = "nvivo.qdpx") -> Path:
    """The NVivo-shaped sample as a .qdpx, its project XML changed by `change` (bytes -> bytes)."""
    xml = (NVIVO / "project.qde").read_bytes()
    files = {"project.qde": change(xml) if change else xml}
    for text in (NVIVO / "Sources").iterdir():
        files[f"Sources/{text.name}"] = text.read_bytes()
    return write_zip(tmp_path / name, files)


def without_origin(xml: bytes) -> bytes:
    return re.sub(rb' origin="[^"]*"', b"", xml, count=1)


def with_origin(origin: str) -> Any:
    return lambda xml: re.sub(rb' origin="[^"]*"', f' origin="{origin}"'.encode(), xml, count=1)


# -- 1. namespace versions --------------------------------------------------------------------


def test_an_atlas_ti_codebook_in_namespace_0_4_is_imported_with_its_groups_listed(
    sqlite_database: ProjectDatabase,
) -> None:
    path = FIXTURES / "atlasti-26-codebook.qdc"
    report = import_project_file(sqlite_database, path)
    assert report.codes_added == 4 and report.namespace == "urn:QDA-XML:codebook:0:4"
    assert report.origin == "ATLAS.ti Win 26.1.1"
    [groups] = report.not_imported
    assert (groups.kind, groups.count, groups.example) == ("set of codes", 2, "党建")
    assert "urn:QDA-XML:codebook:0:4" in report_lines(report)[0]


def test_codebook_import_takes_the_atlas_ti_codebook_too(
    sqlite_database: ProjectDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sqlite_database.path is not None
    path = FIXTURES / "atlasti-26-codebook.qdc"
    code, result, err = run(
        capsys, "codebook", "import", str(sqlite_database.path), str(path), "--json"
    )
    assert code == 0, err
    assert result["added"] == 4


@pytest.mark.parametrize(
    "namespace",
    ["urn:QDA-XML:project:1.0", "urn:QDA-XML:project:0:4", "urn:QDA-XML:project:1:0", ""],
)
def test_project_files_in_every_namespace_version(
    sqlite_database: ProjectDatabase, tmp_path: Path, namespace: str
) -> None:
    xml = project_xml("MAXQDA 24", selection_xml(FOREIGN, SPANS, "standard", True))
    xml = xml.replace(f' xmlns="{NS}"', f' xmlns="{namespace}"' if namespace else "")
    path = write_zip(
        tmp_path / "ns.qdpx",
        {"project.qde": xml.encode(), f"sources/{SOURCE}.txt": FOREIGN.encode()},
    )
    report = import_project_file(sqlite_database, path)
    assert report.segments_added == 3 and report.mismatches == []
    assert report.namespace == (namespace or "no namespace")
    assert report.as_json()["namespace"] == report.namespace


def test_a_document_in_a_foreign_namespace_is_refused(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    xml = project_xml("MAXQDA 24", "").replace(NS, "urn:example:not-refi")
    path = write_zip(tmp_path / "foreign.qdpx", {"project.qde": xml.encode()})
    with pytest.raises(QdpxError, match="not a REFI-QDA <Project>"):
        import_project_file(sqlite_database, path)


def test_a_namespace_no_xml_name_can_hold_is_refused_cleanly(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    # Found by the fuzzer: a GUID in braces spliced into the xmlns attribute.
    xml = project_xml("MAXQDA 24", "").replace(f'xmlns="{NS}"', f'xmlns="{{{CODE_A}}}{NS}"')
    path = write_zip(tmp_path / "odd.qdpx", {"project.qde": xml.encode()})
    with pytest.raises(QdpxError, match="not a REFI-QDA <Project>"):
        import_project_file(sqlite_database, path)


# -- 2. memos where programs read them, the sources/ folder ---------------------------------------


def test_memos_are_exported_as_the_selections_description_and_as_a_note(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    project = build(sqlite_database, tmp_path / "articles")
    out = tmp_path / "out.qdpx"
    export_qdpx(project.database, out)
    with zipfile.ZipFile(out) as archive:
        root = _xml(archive.read("project.qde"))
        assert all(n.startswith("sources/") for n in archive.namelist() if n != "project.qde")
    notes = {n.get("guid"): n for n in root.iter(f"{{{NS}}}Note")}
    with sqlite_database.session() as session:
        memos = {s.guid: s.memo for s in session.scalars(select(Segment)) if s.memo}
    assert len(memos) == 4
    for selection in root.iter(f"{{{NS}}}PlainTextSelection"):
        memo = memos.get(selection.get("guid"))
        description = selection.find(f"{{{NS}}}Description")
        if memo is None:
            assert description is None and selection.find(f"{{{NS}}}NoteRef") is None
            continue
        # What QualCoder and ATLAS.ti read as the coding's memo or comment...
        assert description is not None and description.text == memo
        # ...and the standard's note, which NVivo and MAXQDA read.
        note = notes[selection.find(f"{{{NS}}}NoteRef").get("targetGUID")]
        assert note.find(f"{{{NS}}}PlainTextContent").text == memo
        assert note.get("name").startswith("memo: ")
    # Read back, each memo is there once (the Description and the note are one memo).
    copy = create_project(tmp_path / "copy.articoder")
    try:
        import_project_file(copy, out)
        with copy.session() as session:
            assert {s.guid: s.memo for s in session.scalars(select(Segment)) if s.memo} == memos
    finally:
        copy.close()


def test_other_programs_see_a_codes_definition_alone(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    # The fields REFI-QDA has no place for (rules, keywords, key...) go to a note on the code,
    # not into the Description other programs show as the code's description.
    build(sqlite_database, tmp_path / "articles")
    out = tmp_path / "out.qdpx"
    export_qdpx(sqlite_database, out)
    with zipfile.ZipFile(out) as archive:
        root = _xml(archive.read("project.qde"))
    notes = {n.get("guid"): n for n in root.iter(f"{{{NS}}}Note")}
    codes = {c.get("name"): c for c in root.iter(f"{{{NS}}}Code")}
    group = codes["楼栋党小组"]
    assert group.find(f"{{{NS}}}Description").text == "以楼栋为单位的党小组。"
    note = notes[group.find(f"{{{NS}}}NoteRef").get("targetGUID")]
    assert note.get("name") == "articoder: 楼栋党小组"
    block = note.find(f"{{{NS}}}PlainTextContent").text
    assert block.startswith("[articoder]\n") and "楼栋党小组" in block and "key: '1'" in block
    assert all(
        "[articoder]" not in (d.text or "")
        for c in codes.values()
        for d in c.iter(f"{{{NS}}}Description")
    )
    assert codes["红色物业"].find(f"{{{NS}}}NoteRef") is None  # nothing but a definition
    # Read back, every field is there again (the round trip test compares whole codebooks).
    copy = create_project(tmp_path / "copy.articoder")
    try:
        report = import_project_file(copy, out)
        assert report.not_imported == []
        spec = next(c for _, c in walk(load_codebook(copy).codes) if c.name == "楼栋党小组")
        assert (spec.key, spec.keywords, spec.include) == (
            "1",
            ["楼栋党小组"],
            "明确提到楼栋党小组。",
        )
    finally:
        copy.close()


def _xml(data: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(data)


# -- 3. nothing dropped in silence ---------------------------------------------------------------

# A text for the files below: a BOM, CRLF, a character outside the BMP before the spans.
TEXT = "\ufeff𠮷祥社区通讯\r\n居民😀反映：红色物业服务很好。\r\n街道表示，将继续推进楼栋党小组建设。\r\n"
BODY = TEXT.lstrip("\ufeff")
SECOND = "0A1B2C3D-0000-4000-8000-0000000000C2"
VARIABLE = "0A1B2C3D-0000-4000-8000-0000000000AA"


def guid(n: int) -> str:
    return f"0A1B2C3D-0000-4000-8000-{n:012X}"


def at(words: str, convention: str = "codepoints") -> tuple[int, int]:
    """The positions of `words` in BODY, in a convention's units."""
    start = BODY.index(words)

    def units(index: int) -> int:
        prefix = BODY[:index]
        if "crlf" in convention:
            prefix = prefix.replace("\r\n", "\n")
        if convention.startswith("utf16"):
            return len(prefix.encode("utf-16-le")) // 2
        return len(prefix)

    return units(start), units(start + len(words))


def selection(
    n: int,
    words: str,
    convention: str = "codepoints",
    name: str | None = None,
    description: str | None = None,
    code: str | None = CODE_A,
    notes: tuple[str, ...] = (),
    coding_notes: tuple[str, ...] = (),
) -> str:
    start, end = at(words, convention)
    parts = [
        f'<PlainTextSelection guid="{guid(0xD00 + n)}" name="{words if name is None else name}" '
        f'startPosition="{start}" endPosition="{end}" creatingUser="{USER}">'
    ]
    if description is not None:
        parts.append(f"<Description>{description}</Description>")
    if code is not None:
        refs = "".join(f'<NoteRef targetGUID="{g}"/>' for g in coding_notes)
        parts.append(
            f'<Coding guid="{guid(0xE00 + n)}" creatingUser="{USER}">'
            f'<CodeRef targetGUID="{code}"/>{refs}</Coding>'
        )
    parts.extend(f'<NoteRef targetGUID="{g}"/>' for g in notes)
    parts.append("</PlainTextSelection>")
    return "".join(parts)


def program_file(
    tmp_path: Path,
    origin: str,
    *,
    sources: str,
    cases: str = "",
    notes: str = "",
    after: str = "",
    codebook_extra: str = "",
    variables: str = "",
    folder: str = "sources",
    qde: str = "project.qde",
    extra_files: dict[str, bytes] | None = None,
) -> Path:
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="{NS}" name="社区研究" origin="{origin}">\n'
        f'<Users><User guid="{USER}" name="王芳"/></Users>\n'
        f'<CodeBook><Codes><Code guid="{CODE_A}" name="物业" isCodable="true">{codebook_extra}'
        f'<Code guid="{CODE_B}" name="党建" isCodable="true"/></Code></Codes></CodeBook>\n'
        f"{variables}{cases}<Sources>{sources}</Sources>\n{notes}{after}</Project>\n"
    )
    files = {qde: xml.encode(), f"{folder}/{SOURCE}.txt": TEXT.encode()}
    files.update(extra_files or {})
    return write_zip(tmp_path / "program.qdpx", files)


def kinds(report: Any) -> dict[str, tuple[int, str]]:
    return {item.kind: (item.count, item.example) for item in report.not_imported}


def test_maxqda_sets_unnamed_cases_and_memo_selections(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    # MAXQDA 24: document variables in an unnamed case naming one source, a document set,
    # a code set, a memo on a span as a selection without a Coding, the standard's offsets.
    variables = (
        f'<Variables><Variable guid="{VARIABLE}" name="地区" typeOfVariable="Text"/></Variables>'
    )
    cases = (
        f'<Cases><Case guid="{guid(0xCA1)}"><VariableValue><VariableRef targetGUID="{VARIABLE}"/>'
        f'<TextValue>华东</TextValue></VariableValue><SourceRef targetGUID="{SOURCE}"/></Case>'
        f'<Case guid="{guid(0xCA2)}" name="两篇"><VariableValue><VariableRef '
        f'targetGUID="{VARIABLE}"/><TextValue>华北</TextValue></VariableValue>'
        f'<SourceRef targetGUID="{SOURCE}"/><SourceRef targetGUID="{SECOND}"/></Case></Cases>'
    )
    sources = (
        f'<TextSource guid="{SOURCE}" name="通讯" plainTextPath="internal://{SOURCE}.txt">'
        + selection(1, "红色物业")
        + selection(2, "楼栋党小组", code=None, name="", description="备忘：再核实")
        + f'</TextSource><TextSource guid="{SECOND}" name="空白" plainTextPath="internal://'
        f'{SECOND}.txt"/>'
    )
    after = (
        f'<Sets><Set guid="{guid(0x5E1)}" name="访谈"><MemberSource targetGUID="{SOURCE}"/>'
        f'</Set><Set guid="{guid(0x5E2)}" name="主题"><MemberCode targetGUID="{CODE_A}"/>'
        "</Set></Sets>"
    )
    path = program_file(
        tmp_path,
        "MAXQDA 24 (Release 24.7.0)",
        sources=sources,
        cases=cases,
        after=after,
        variables=variables,
        extra_files={f"sources/{SECOND}.txt": b"  \r\n"},
    )
    report = import_project_file(sqlite_database, path)
    assert report.segments_added == 1 and report.mismatches == []
    assert report.values_added == 1
    with sqlite_database.session() as session:
        value = session.scalars(select(VariableValue)).one()
        assert value.value == "华东"
    assert kinds(report) == {
        "selection without a code": (1, "备忘：再核实"),
        "source without text": (1, "空白"),
        "case with values": (1, "两篇"),
        "set of sources": (1, "访谈"),
        "set of codes": (1, "主题"),
    }
    assert report.not_imported_count == 5


def test_qualcoder_memos_journals_annotations_and_the_project_memo(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    # QualCoder (on Windows): CRLF files it counts with CRLF as one, each coding's memo in its
    # selection's Description, journals as notes in files, annotations as notes holding a
    # PlainTextSelection, a source memo, the project memo as the last Description.
    journal, annotation = guid(0xF01), guid(0xF02)
    sources = (
        f'<TextSource guid="{SOURCE}" name="通讯" plainTextPath="internal://{SOURCE}.txt">'
        "<Description>来源备忘</Description>"
        + selection(1, "红色物业", "crlf-as-one", description="物业的说法要再查")
        + selection(2, "楼栋党小组", "crlf-as-one", code=CODE_B, description="楼栋党小组")
        + f'<NoteRef targetGUID="{annotation}"/></TextSource>'
    )
    notes = (
        f'<Notes><Note guid="{journal}" name="第一周日志" plainTextPath="internal://{journal}.txt">'
        f'<Description/></Note><Note guid="{annotation}"><PlainTextContent>注释</PlainTextContent>'
        f'<PlainTextSelection guid="{guid(0xD99)}" startPosition="2" endPosition="4"/></Note>'
        "</Notes>"
    )
    path = program_file(
        tmp_path,
        "QualCoder 3.6",
        sources=sources,
        notes=notes,
        after="<Description>项目备忘</Description>",
        extra_files={f"sources/{journal}.txt": "\ufeff日志正文".encode()},
    )
    report = import_project_file(sqlite_database, path)
    assert report.convention == "crlf-as-one" and report.convention_evidence == "texts"
    assert report.segments_added == 2 and report.mismatches == []
    with sqlite_database.session() as session:
        memos = {s.text: s.memo for s in session.scalars(select(Segment))}
    # A Description that is the selected text is not a memo.
    assert memos == {"红色物业": "物业的说法要再查", "楼栋党小组": ""}
    assert kinds(report) == {
        "source memo": (1, "通讯"),
        "note": (1, "第一周日志"),
        "project description": (1, "项目备忘"),
    }


def test_atlas_ti_comments_code_groups_links_and_a_project_named_after_itself(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    # ATLAS.ti: the project XML named after the project, quotations named by their cut text,
    # comments in the Description, CRLF counted as one, code groups as project Sets, links
    # between codes, a code memo note, a graph.
    memo = guid(0xF11)
    sources = (
        f'<TextSource guid="{SOURCE}" name="通讯" plainTextPath="internal://{SOURCE}.txt">'
        + selection(1, "红色物业服务很好。", "crlf-as-one", name="红色物业服…", description="典型")
        + selection(2, "楼栋党小组", "crlf-as-one", code=CODE_B, notes=(memo,))
        + "</TextSource>"
    )
    notes = f'<Notes><Note guid="{memo}" name="m"><PlainTextContent>要点</PlainTextContent></Note>'
    code_memo = guid(0xF12)
    notes += (
        f'<Note guid="{code_memo}" name="代码备忘"><PlainTextContent>定义草稿</PlainTextContent>'
    )
    notes += "</Note></Notes>"
    after = (
        f'<Links><Link guid="{guid(0x11)}" name="is part of" originGUID="{CODE_B}" '
        f'targetGUID="{CODE_A}"/></Links>'
        f'<Sets><Set guid="{guid(0x5E3)}" name="党建组"><MemberCode targetGUID="{CODE_B}"/>'
        f'</Set></Sets><Graphs><Graph guid="{guid(0x6A1)}" name="网络图"/></Graphs>'
    )
    path = program_file(
        tmp_path,
        "ATLAS.ti Windows 23.2.3",
        sources=sources,
        notes=notes,
        after=after,
        codebook_extra=f'<NoteRef targetGUID="{code_memo}"/>',
        qde="社区研究.qde",
        folder="Sources",
    )
    report = import_project_file(sqlite_database, path)
    assert report.convention == "crlf-as-one" and report.mismatches == []
    with sqlite_database.session() as session:
        memos = {s.text: s.memo for s in session.scalars(select(Segment))}
    assert memos == {"红色物业服务很好。": "典型", "楼栋党小组": "要点"}
    assert kinds(report) == {
        "code memo": (1, "物业"),
        "link": (1, "is part of"),
        "set of codes": (1, "党建组"),
        "graph": (1, "网络图"),
    }


def test_cases_that_cannot_be_mapped_and_extensions_are_listed(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    cases = (
        f'<Cases><Case guid="{guid(0xCA3)}" name="受访者甲"><Description>男，60岁</Description>'
        f'<SourceRef targetGUID="{SOURCE}"/><SelectionRef targetGUID="{guid(0xD01)}"/></Case>'
        f'<Case guid="{guid(0xCA4)}" name="空案例"/></Cases>'
    )
    sources = (
        f'<TextSource guid="{SOURCE}" name="通讯" plainTextPath="internal://{SOURCE}.txt">'
        + selection(1, "红色物业")
        + "</TextSource>"
    )
    path = program_file(
        tmp_path,
        "MAXQDA 24",
        sources=sources,
        cases=cases,
        after='<QuackdasExtensions version="1"><X/></QuackdasExtensions>'
        f'<NoteRef targetGUID="{guid(0xF21)}"/>',
        notes=f'<Notes><Note guid="{guid(0xF21)}" name="项目笔记"/></Notes>',
    )
    report = import_project_file(sqlite_database, path)
    assert report.segments_added == 1
    assert kinds(report) == {
        "case memo": (1, "受访者甲"),
        "case coding": (1, "受访者甲"),
        "case": (1, "空案例"),
        "<QuackdasExtensions>": (1, "QuackdasExtensions"),
        "project memo": (1, "项目笔记"),
    }


def test_the_command_line_shows_what_was_not_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = FIXTURES / "atlasti-26-codebook.qdc"
    target = tmp_path / "new.articoder"
    code, text, _ = run(capsys, "import", str(target), str(path))
    assert code == 0
    assert "2 things in the file are not imported:" in text
    assert "2 × set of codes (e.g. '党建'): articoder has no code groups" in text
    code, report, _ = run(capsys, "import", str(tmp_path / "again.articoder"), str(path), "--json")
    assert report["not_imported"] == [
        {
            "kind": "set of codes",
            "count": 2,
            "example": "党建",
            "why": "articoder has no code groups (the codes are imported)",
        }
    ]


def test_our_own_export_drops_nothing(sqlite_database: ProjectDatabase, tmp_path: Path) -> None:
    build(sqlite_database, tmp_path / "articles")
    out = tmp_path / "out.qdpx"
    export_qdpx(sqlite_database, out)
    copy = create_project(tmp_path / "copy.articoder")
    try:
        report = import_project_file(copy, out)
        assert report.not_imported == [] and report.convention_evidence == "texts"
    finally:
        copy.close()


# -- 4. the offset convention, by evidence ------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [None, without_origin, with_origin("MAXQDA 24 (Release 24.7.0)"), with_origin("QualCoder")],
    ids=["nvivo-origin", "no-origin", "maxqda-origin", "qualcoder-origin"],
)
def test_the_nvivo_file_is_read_right_whatever_its_origin_says(
    sqlite_database: ProjectDatabase, tmp_path: Path, change: Any
) -> None:
    # No selection records its text (name="", empty Description): the positions fall on the
    # ends of the comments under UTF-16 units only.
    report = import_project_file(sqlite_database, nvivo_qdpx(tmp_path, change))
    assert report.convention == "utf16" and report.convention_evidence == "boundaries"
    assert "no selection records its text" in report.convention_reason
    assert report.segments_added == 12 and report.mismatches == []
    assert segment_texts(sqlite_database) == NVIVO_TEXTS
    assert check_project(sqlite_database).problems == []


def test_a_file_whose_evidence_decides_nothing_is_refused(
    sqlite_database: ProjectDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Three selections named "Selection N" in mid-sentence, from no known program: neither
    # texts nor boundaries nor the origin tell the conventions apart.
    path = foreign_qdpx(tmp_path, "", "nvivo", names=False)
    before = count_rows(sqlite_database)
    with pytest.raises(QdpxError) as caught:
        import_project_file(sqlite_database, path)
    message = str(caught.value)
    assert "cannot tell how the file counts positions" in message
    assert "none of 3 recorded selection texts lands" in message and "--offsets" in message
    assert count_rows(sqlite_database) == before
    # The user who knows the program says so; recorded texts would still be checked.
    report = import_project_file(sqlite_database, path, convention="utf16")
    assert report.convention_evidence == "given" and report.segments_added == 3
    assert segment_texts(sqlite_database) == sorted(s.replace("\r\n", "\n") for s in SPANS)
    # The same from the command line.
    target = tmp_path / "cli.articoder"
    code, _, err = run(capsys, "import", str(target), str(path))
    assert code == 1 and "--offsets" in err and not target.exists()
    code, result, _ = run(capsys, "import", str(target), str(path), "--offsets", "utf16", "--json")
    assert code == 0 and result["offsets"]["evidence"] == "given"


# Sentences on lines, 😀 and 𠮷 before most of them; the spans are whole sentences and
# clauses, as coders select them.
NEWS = (
    "𠮷祥社区简讯\n2024年3月5日，社区召开居民议事会。😀\n楼栋党小组组长介绍了加装电梯的进展。\n"
    "居民代表提出停车位不足的问题，物业公司承诺下月完成改造。\n“红色物业”试点已满一年，"
    "居民满意度明显提高。👍\n街道表示将继续推进红色物业建设。\n"
)
NEWS_SPANS = (
    "2024年3月5日",
    "社区召开居民议事会。",
    "楼栋党小组组长介绍了加装电梯的进展。",
    "居民代表提出停车位不足的问题",
    "物业公司承诺下月完成改造。",
    "“红色物业”试点已满一年",
    "居民满意度明显提高。",
    "街道表示将继续推进红色物业建设。",
    "红色物业建设",
    "楼栋党小组",
)
ORIGINS = {
    "utf16": "NVivo 14",
    "codepoints": "MAXQDA 24",
    "crlf-as-one": "ATLAS.ti 23.2",
    "utf16-crlf-as-one": "SomeTool 1.0",
}


def news_file(
    tmp_path: Path, convention: str, crlf: bool, bom: bool, origin: str, namespace: str
) -> Path:
    body = NEWS.replace("\n", "\r\n") if crlf else NEWS

    def units(index: int) -> int:
        prefix = body[:index]
        if "crlf" in convention:
            prefix = prefix.replace("\r\n", "\n")
        return (
            len(prefix.encode("utf-16-le")) // 2 if convention.startswith("utf16") else len(prefix)
        )

    selections = "".join(
        f'<PlainTextSelection guid="{guid(0xD00 + n)}" name="" '
        f'startPosition="{units(body.index(w))}" endPosition="{units(body.index(w) + len(w))}">'
        f'<Description/><Coding guid="{guid(0xE00 + n)}"><CodeRef targetGUID="{CODE_A}"/>'
        "</Coding></PlainTextSelection>"
        for n, w in enumerate(NEWS_SPANS)
    )
    xml = project_xml(origin, selections).replace(f'xmlns="{NS}"', f'xmlns="{namespace}"')
    xml = xml.replace(f'<User guid="{USER}" name="王芳"/>', "")
    text = ("\ufeff" if bom else "") + body
    return write_zip(
        tmp_path / "news.qdpx",
        {"project.qde": xml.encode(), f"sources/{SOURCE}.txt": text.encode()},
    )


@pytest.mark.parametrize("origin", ["own", "none", "other"])
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("crlf", [True, False], ids=["crlf", "lf"])
@pytest.mark.parametrize("convention", CONVENTIONS)
def test_files_that_differ_in_origin_line_endings_bom_and_namespace(
    tmp_path: Path, convention: str, crlf: bool, bom: bool, origin: str
) -> None:
    """Every variant gives exactly the coded sentences: never a shifted span, never a guess."""
    named = {
        "own": ORIGINS[convention],
        "none": "",
        "other": next(o for c, o in ORIGINS.items() if c != convention),
    }[origin]
    namespace = "urn:QDA-XML:project:0:4" if bom else "urn:QDA-XML:project:1.0"
    parsed = read_project_file(news_file(tmp_path, convention, crlf, bom, named, namespace))
    assert parsed.mismatches == [] and parsed.choice is not None
    [source] = parsed.sources
    assert sorted(s.text for s in source.selections) == sorted(NEWS_SPANS)
    assert parsed.choice.evidence == "boundaries"


def test_choosing_by_recorded_texts_then_boundaries_then_origin() -> None:
    # Paragraphs with CRLF, positions counting each CRLF as one (as ATLAS.ti does).
    lines = ["第一段。", "第二段说红色物业。", "第三段讲楼栋党小组。", "第四段完。"]
    lines += ["第五段。", "第六段：议事会。", "第七段。", "第八段结束。"]
    text = "\r\n".join(lines) + "\r\n"
    single = text.replace("\r\n", "\n")

    def probe(words: str, name: str = "") -> Probe:
        start = single.index(words)
        return Probe(text, start, start + len(words), name)

    # Recorded texts decide, whatever the origin says; without characters outside the BMP,
    # UTF-16 units with CRLF as one place the selections alike, so nothing is lost.
    texts = [probe("红色物业", "红色物业"), probe("楼栋党小组", "楼栋党小组")]
    choice = choose("NVivo 14", texts)
    assert (choice.convention, choice.evidence, choice.texts_field) == (
        "crlf-as-one",
        "texts",
        "name",
    )
    assert "2 selection texts land" in choice.reason
    # Three paragraphs without recorded texts are not enough alone: a known origin decides,
    # no origin is refused.
    paragraphs = [probe(line) for line in lines[1:4]]
    with pytest.raises(Undecided, match="no selection records its text"):
        choose("", paragraphs)
    choice = choose("ATLAS.ti 9", paragraphs)
    assert (choice.convention, choice.evidence) == ("crlf-as-one", "origin")
    # Seven of them decide, even against the origin.
    choice = choose("MAXQDA 24", [probe(line) for line in lines[1:]])
    assert (choice.convention, choice.evidence) == ("crlf-as-one", "boundaries")
    assert "7 of 7 selections" in choice.reason and "utf16-crlf-as-one, alike" in choice.reason
    # Nothing to decide without CRLF or characters outside the BMP.
    plain = Probe(single, 0, 4)
    assert choose("", [plain]).evidence == "same"
    assert choose("", [plain], given="utf16").evidence == "given"


def test_boundaries_and_how_clear_they_must_be() -> None:
    text = "居民说：“红色物业”很好。\r\nword word"
    assert on_boundaries(text, 4, 13)  # “红色物业”很好。 begins at an opening mark
    assert on_boundaries(text, 5, 9)  # 红色物业 inside the quotation marks
    assert on_boundaries(text, 15, 19) and on_boundaries(text, 0, 3)
    assert not on_boundaries(text, 6, 9)  # begins inside a word
    assert not on_boundaries(text, 0, 2)  # ends inside a word
    assert not on_boundaries(text, 3, 9)  # begins with a colon
    assert not on_boundaries(text, 4, 14)  # ends between the CR and the LF
    assert on_boundaries(text, 4, 15)  # a whole line with its line break, as NVivo's coders
    assert not on_boundaries(text, 14, 19)  # begins with a line break
    assert decisive(290, 40) and decisive(10, 2) and decisive(4, 0)
    assert not decisive(3, 1) and not decisive(100, 90) and not decisive(1, 0)


# -- 5. files that are not what their names say -------------------------------------------------


def test_a_renamed_zip_is_a_qdpx(
    sqlite_database: ProjectDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = foreign_qdpx(tmp_path, "MAXQDA 24", "standard")
    renamed = path.rename(tmp_path / "project.zip")
    report = import_project_file(sqlite_database, renamed)
    assert report.segments_added == 3
    code, result, err = run(capsys, "import", str(tmp_path / "z.articoder"), str(renamed), "--json")
    assert code == 0, err
    assert result["segments"]["added"] == 3


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"notes.txt": b"x", "a.docx": b"y"}, "without a REFI-QDA project XML"),
        ({"inner/project.qdpx": b"PK"}, "unpack it and import that .qdpx"),
    ],
    ids=["plain-zip", "zipped-qdpx"],
)
def test_a_zip_that_holds_no_project_says_so(
    sqlite_database: ProjectDatabase, tmp_path: Path, files: dict[str, bytes], words: str
) -> None:
    path = write_zip(tmp_path / "renamed.qdpx", files)
    with pytest.raises(QdpxError, match=words):
        import_project_file(sqlite_database, path)


def test_a_bare_project_xml(sqlite_database: ProjectDatabase, tmp_path: Path) -> None:
    # The project.qde taken out of its archive: its texts are not in it.
    xml = project_xml("MAXQDA 24", selection_xml(FOREIGN, SPANS, "standard", True))
    bare = tmp_path / "project.qde"
    bare.write_text(xml, encoding="utf-8")
    with pytest.raises(QdpxError, match=r"a bare project XML \(\.qde\).*import that \.qdpx"):
        import_project_file(sqlite_database, bare)
    # The same XML named .qdpx (a project file given where the archive is expected).
    named = tmp_path / "project.qdpx"
    named.write_text(xml, encoding="utf-8")
    with pytest.raises(QdpxError, match="a bare project XML"):
        import_project_file(sqlite_database, named)
    # A project XML holding its texts is whole: imported.
    inline = xml.replace(
        f'plainTextPath="internal://{SOURCE}.txt">',
        f">{_escaped_content(FOREIGN.lstrip(chr(0xFEFF)))}",
    )
    bare.write_text(inline, encoding="utf-8")
    report = import_project_file(sqlite_database, bare)
    assert report.segments_added == 3 and report.mismatches == []


def _escaped_content(text: str) -> str:
    return "<PlainTextContent>" + text.replace("\r", "&#13;") + "</PlainTextContent>"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("study.nvp", "an NVivo project, not a REFI-QDA exchange file; export it from NVivo"),
        ("study.mx24", "a MAXQDA project"),
        ("study.atlproj", "an ATLAS.ti project"),
        ("other.articoder", "an articoder project"),
    ],
)
def test_a_programs_own_project_file_gets_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x00binary project")
    target = tmp_path / "target.articoder"
    code, _, err = run(capsys, "import", str(target), str(path))
    assert code == 1 and words in err and "REFI-QDA project (.qdpx)" in err
    assert not target.exists()


def test_a_database_or_a_folder_given_as_a_qdpx(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    database = tmp_path / "data.qdpx"
    sqlite3.connect(database).execute("create table t (x)").connection.close()
    with pytest.raises(QdpxError, match="a database"):
        import_project_file(sqlite_database, database)
    folder = tmp_path / "unpacked.qdpx"
    folder.mkdir()
    with pytest.raises(QdpxError, match="a folder, not a file"):
        import_project_file(sqlite_database, folder)


# -- 6. the project XML as a stream -------------------------------------------------------------


def test_forward_references_and_sections_out_of_order(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    # Notes before the Sources that refer to them, a case naming a source read later, and the
    # Variables after the Cases whose values name them: all resolved once the file is read.
    memo = guid(0xF31)
    notes = f'<Notes><Note guid="{memo}"><PlainTextContent>先出现的备忘</PlainTextContent></Note></Notes>'
    cases = (
        f'<Cases><Case guid="{guid(0xCA5)}"><VariableValue><VariableRef targetGUID="{VARIABLE}"/>'
        f'<TextValue>华南</TextValue></VariableValue><SourceRef targetGUID="{SOURCE}"/></Case>'
        "</Cases>"
    )
    variables = (
        f'<Variables><Variable guid="{VARIABLE}" name="地区" typeOfVariable="Text"/></Variables>'
    )
    sources = (
        f'<TextSource guid="{SOURCE}" name="通讯" plainTextPath="internal://{SOURCE}.txt">'
        + selection(1, "红色物业", notes=(memo,))
        + "</TextSource>"
    )
    path = program_file(tmp_path, "MAXQDA 24", sources=sources, cases=notes + cases + variables)
    report = import_project_file(sqlite_database, path)
    assert (report.segments_added, report.values_added) == (1, 1)
    with sqlite_database.session() as session:
        assert session.scalars(select(Segment.memo)).one() == "先出现的备忘"
        assert session.scalars(select(Variable.name)).one() == "地区"


MEMORY_CHILD = """
import sys
from pathlib import Path
from exchange.read import read_project_file

def kilobytes(key):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])

before = kilobytes("VmRSS")
parsed = read_project_file(Path(sys.argv[1]))
print(kilobytes("VmHWM") - before, sum(len(s.selections) for s in parsed.sources))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_large_project_xml_is_read_in_bounded_memory(tmp_path: Path) -> None:
    # 40,000 selections laid out as NVivo writes them (users, times, an empty Description, a
    # Coding each): a 24 MB project.qde. Parsed as one tree it took ten times its size (254
    # MB); read as a stream, memory grows by what is kept of it (about 55 MB).
    text = "红色物业服务很好，居民点赞。\n" * 50
    stamp = "2024-03-05T08:00:00Z"
    selections = "".join(
        f'\n  <PlainTextSelection guid="{guid(0x100000 + n)}" name="红色物业服务很好" '
        f'startPosition="{(n % 50) * 15}" endPosition="{(n % 50) * 15 + 8}" '
        f'creatingUser="{USER}" creationDateTime="{stamp}" modifyingUser="{USER}" '
        f'modifiedDateTime="{stamp}">\n    <Description />\n'
        f'    <Coding guid="{guid(0x200000 + n)}" creatingUser="{USER}" '
        f'creationDateTime="{stamp}">\n      <CodeRef targetGUID="{CODE_A}" />\n'
        "    </Coding>\n  </PlainTextSelection>"
        for n in range(40_000)
    )
    xml = project_xml("MAXQDA 24", selections).encode()
    path = write_zip(
        tmp_path / "large.qdpx", {"project.qde": xml, f"sources/{SOURCE}.txt": text.encode()}
    )
    child = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    grown_kb, selections_read = (int(x) for x in child.stdout.split())
    assert selections_read == 40_000
    assert grown_kb * 1024 < 3 * len(xml), (grown_kb, len(xml))
