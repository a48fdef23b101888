"""REFI-QDA projects (.qdpx): export, import, round trip, other tools' conventions, safety.

Every exported project.qde is validated against the REFI-QDA Project.xsd kept in
../shared/refi-qda. The files of other tools are built here by hand, imitating what NVivo
(UTF-16 units over text with CRLF), ATLAS.ti (CRLF counted as one) and MAXQDA (the
standard's code points) write, with a BOM, CRLF line breaks and characters outside the Basic
Multilingual Plane before the coded spans.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from articoder.cli import main
from codebook.qdc import read_codebook_qdc
from codebook.spec import ChoiceSpec, CodebookSpec, CodeSpec, VariableSpec, walk
from codebook.store import import_codebook, load_codebook
from coding.check import check_project
from coding.coders import ensure_coder
from coding.selection import ArticleFilter, ExportChoice
from coding.workspace import Workspace
from corpus.importer import import_paths
from exchange.archive import ArchiveLimits, QdpxError
from exchange.offsets import OffsetMap, Probe, choose, landing, lands
from exchange.read import count_rows, import_into, import_project_file
from exchange.write import export_qdpx
from models.database import ProjectDatabase, create_project, open_project
from models.entities import Article, Code, Coder, Segment, Variable, VariableValue

XSD = Path(__file__).parents[3] / "shared" / "refi-qda" / "Project.xsd"
QDC_FIXTURES = Path(__file__).parents[1] / "fixtures" / "codebooks"
NS = "urn:QDA-XML:project:1.0"

# Our own short news texts: a BOM and CRLF in one file, characters outside the BMP in two.
ARTICLES = {
    "qiao.txt": "\ufeff新桥社区简讯\r\n2024年3月5日，新桥社区成立楼栋党小组。\r\n党员中心户亮身份，居民点赞。\r\n",
    "ji.txt": "𠮷祥街道纪实\n居民😀反映：𠮷祥社区的红色物业服务很好。\n街道表示将继续推进。",
    "hu.txt": "東湖社區紀實\n東湖社區推行紅色物業，居民滿意。",
}


def codebook_spec() -> CodebookSpec:
    return CodebookSpec(
        name="往返测试码本",
        codable_groups=False,
        codes=[
            CodeSpec(
                name="组织体系",
                name_en="Organisation",
                color="#c0392b",
                definition="党组织的层级设置。",
                children=[
                    CodeSpec(
                        name="楼栋党小组",
                        color="#e67e22",
                        key="1",
                        definition="以楼栋为单位的党小组。",
                        include="明确提到楼栋党小组。",
                        keywords=["楼栋党小组"],
                    ),
                    CodeSpec(
                        name="党员",
                        color="#2980b9",
                        children=[CodeSpec(name="党员中心户", color="#f1c40f", key="2")],
                    ),
                ],
            ),
            CodeSpec(name="红色物业", color="#8e44ad", definition="物业服务与党建结合。"),
            CodeSpec(name="旧码", color="#888888", retired=True),
        ],
        variables=[
            VariableSpec(
                name="tone",
                level="ordinal",
                label="报道基调",
                values=[
                    ChoiceSpec("negative", "负面"),
                    ChoiceSpec("neutral", "中性"),
                    ChoiceSpec("positive", "正面", "Positive"),
                ],
                required=True,
            ),
            VariableSpec(name="tiers", level="interval", minimum=0, maximum=8),
            VariableSpec(name="event_date", level="date", description="事件日期"),
            VariableSpec(name="notes", level="text"),
        ],
    )


@dataclass
class Project:
    database: ProjectDatabase
    articles: dict[str, int]


def code_id(workspace: Workspace, name: str) -> int:
    return next(c.id for c in workspace.codes() if c.path[-1] == name)


def variable_id(workspace: Workspace, name: str) -> int:
    return next(v.id for v in workspace.variables() if v.name == name)


def build(database: ProjectDatabase, folder: Path) -> Project:
    import_codebook(database, codebook_spec())
    folder.mkdir(exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    report = import_paths(database, [folder / name for name in ARTICLES])
    articles = {Path(a.source).stem: int(a.id) for a in report.imported}
    first = Workspace(database, ensure_coder(database, "甲"))
    second = Workspace(database, ensure_coder(database, "乙"))

    def code(workspace: Workspace, article: str, words: str, code: str, memo: str = "") -> None:
        text = workspace.article(articles[article]).text
        start = text.index(words)
        workspace.code_span(
            articles[article], start, start + len(words), code_id(workspace, code), memo
        )

    code(first, "qiao", "楼栋党小组", "楼栋党小组", memo="备忘：第一次提到")
    code(first, "qiao", "党员中心户亮身份", "党员中心户", memo="多行\n备忘 😀")
    code(first, "ji", "𠮷祥社区的红色物业", "红色物业", memo="=注意")
    code(second, "ji", "红色物业服务很好", "红色物业")
    code(second, "hu", "紅色物業", "红色物业", memo="繁体")
    first.set_value(articles["qiao"], variable_id(first, "tone"), "positive")
    first.set_value(articles["qiao"], variable_id(first, "tiers"), "3")
    first.set_value(articles["qiao"], variable_id(first, "event_date"), "2024-03-05")
    first.set_value(articles["ji"], variable_id(first, "notes"), "居民😀点赞")
    second.set_value(articles["qiao"], variable_id(second, "tone"), "neutral")
    second.set_value(articles["hu"], variable_id(second, "tiers"), "2.5")
    return Project(database, articles)


@pytest.fixture
def built(sqlite_database: ProjectDatabase, tmp_path: Path) -> Project:
    return build(sqlite_database, tmp_path / "articles")


@pytest.fixture(scope="module")
def schema() -> Any:
    if not XSD.exists():
        pytest.skip(f"the REFI-QDA schema is not at {XSD} (the shared folder is absent)")
    import xmlschema

    return xmlschema.XMLSchema(str(XSD))


def exported(database: ProjectDatabase, path: Path, schema: Any, **choice: Any) -> Path:
    """Export and validate the project XML against Project.xsd (every export in these tests)."""
    export_qdpx(database, path, ExportChoice(**choice))
    with zipfile.ZipFile(path) as archive:
        schema.validate(archive.read("project.qde").decode("utf-8"))
    return path


# -- what a project holds, by GUIDs, for comparing two projects ---------------------------------


def snapshot(database: ProjectDatabase) -> dict[str, Any]:
    with database.session() as session:
        coders = {c.id: c.guid for c in session.scalars(select(Coder))}
        articles = {
            a.id: (a.guid, a.title, a.outlet, a.published, a.author, a.url, a.text, a.content_hash)
            for a in session.scalars(select(Article))
        }
        code_guids = {c.id: c.guid for c in session.scalars(select(Code))}
        variables = {v.id: v.guid for v in session.scalars(select(Variable))}
        segments = {
            (
                s.guid,
                articles[s.article_id][0],
                code_guids[s.code_id],
                coders[s.coder_id],
                s.start,
                s.end,
                s.text,
                s.memo,
            )
            for s in session.scalars(select(Segment))
        }
        values = {
            (articles[v.article_id][0], variables[v.variable_id], coders[v.coder_id], v.value)
            for v in session.scalars(select(VariableValue))
        }
        coder_rows = {(c.guid, c.name, c.is_lead) for c in session.scalars(select(Coder))}
    codebook = load_codebook(database)
    return {
        "articles": sorted(articles.values(), key=lambda a: a[0]),
        "segments": segments,
        "values": values,
        "coders": coder_rows,
        "codes": codebook.codes,
        "variables": codebook.variables,
        "codable_groups": codebook.codable_groups,
    }


# -- round trip ----------------------------------------------------------------------------------


def test_round_trip_gives_the_same_project(built: Project, tmp_path: Path, schema: Any) -> None:
    path = exported(built.database, tmp_path / "out.qdpx", schema)
    copy = create_project(tmp_path / "copy.articoder")
    try:
        report = import_project_file(copy, path)
        assert report.mismatches == [] and report.conflicts == []
        assert report.convention == "codepoints"
        original, imported = snapshot(built.database), snapshot(copy)
        assert imported == original
        assert len(imported["segments"]) == 5 and len(imported["values"]) == 6
        assert any("𠮷祥社区的红色物业" in s for s in imported["segments"])
        assert any("多行\n备忘 😀" in s for s in imported["segments"])
        assert check_project(copy).problems == []
        # The copy exports to the same project XML (GUIDs derived, not random).
        again = exported(copy, tmp_path / "again.qdpx", schema)
        with zipfile.ZipFile(path) as first, zipfile.ZipFile(again) as second:
            assert sorted(first.namelist()) == sorted(second.namelist())
            for name in first.namelist():
                if name.endswith(".txt"):
                    assert first.read(name) == second.read(name)
    finally:
        copy.close()


def test_round_trip_on_each_backend(database: ProjectDatabase, tmp_path: Path, schema: Any) -> None:
    project = build(database, tmp_path / "articles")
    path = exported(project.database, tmp_path / "out.qdpx", schema)
    copy = create_project(tmp_path / "copy.articoder")
    try:
        import_project_file(copy, path)
        assert snapshot(copy) == snapshot(database)
        # ...and back into the server (or SQLite) project: everything is already there.
        before = count_rows(database)
        report = import_project_file(database, exported(copy, tmp_path / "back.qdpx", schema))
        assert not report.added_anything
        assert count_rows(database) == before
    finally:
        copy.close()


def test_archive_layout_and_texts(built: Project, tmp_path: Path, schema: Any) -> None:
    path = exported(built.database, tmp_path / "out.qdpx", schema)
    with built.database.session() as session:
        texts = {a.guid: a.text for a in session.scalars(select(Article))}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        # The standard's lower-case folder (ATLAS.ti refuses Sources/).
        assert names == {"project.qde"} | {f"sources/{g}.txt" for g in texts}
        for guid, text in texts.items():
            data = archive.read(f"sources/{guid}.txt")
            assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
            assert data.decode("utf-8") == text
        xml = archive.read("project.qde").decode("utf-8")
    # Offsets are code points of the cleaned text: 𠮷 and 😀 count one each.
    text = texts[next(g for g, t in texts.items() if t.startswith("𠮷"))]
    start = text.index("𠮷祥社区的红色物业")
    assert f'startPosition="{start}" endPosition="{start + 9}"' in xml


def test_an_empty_project_exports_a_valid_file(
    sqlite_database: ProjectDatabase, tmp_path: Path, schema: Any
) -> None:
    path = exported(sqlite_database, tmp_path / "empty.qdpx", schema)
    copy = create_project(tmp_path / "copy.articoder")
    try:
        assert not import_project_file(copy, path).added_anything
    finally:
        copy.close()


def test_workbook_filters_are_refused_for_a_project_file(built: Project, tmp_path: Path) -> None:
    with pytest.raises(QdpxError, match="--articles"):
        export_qdpx(
            built.database, tmp_path / "x.qdpx", ExportChoice(articles=ArticleFilter(status="done"))
        )
    assert not (tmp_path / "x.qdpx").exists()


def test_export_of_chosen_coders_and_articles(built: Project, tmp_path: Path, schema: Any) -> None:
    path = exported(
        built.database,
        tmp_path / "one.qdpx",
        schema,
        coders=("乙",),
        articles=ArticleFilter(ids=frozenset({built.articles["hu"]})),
    )
    copy = create_project(tmp_path / "copy.articoder")
    try:
        report = import_project_file(copy, path)
        assert (report.articles_added, report.segments_added, report.values_added) == (1, 1, 1)
        assert report.coders_added == ["乙"]
    finally:
        copy.close()


def test_import_into_an_existing_project_matches_by_name(
    built: Project, tmp_path: Path, schema: Any
) -> None:
    path = exported(built.database, tmp_path / "out.qdpx", schema)
    other = create_project(tmp_path / "other.articoder")
    try:
        spec = codebook_spec()  # the same codebook with other GUIDs: matched by path
        import_codebook(other, spec)
        ensure_coder(other, "甲")  # the same name, another GUID: matched by name
        report = import_project_file(other, path)
        assert report.codes_added == 0 and report.codes_matched == 6
        assert report.coders_added == ["乙"] and report.coders_matched == 1
        assert report.variables_added == 0 and report.variables_matched == 4
        assert report.segments_added == 5 and report.values_added == 6
        assert check_project(other).problems == []
    finally:
        other.close()


def test_reimport_adds_nothing(built: Project, tmp_path: Path, schema: Any) -> None:
    path = exported(built.database, tmp_path / "out.qdpx", schema)
    before = count_rows(built.database)
    report = import_project_file(built.database, path)
    assert not report.added_anything
    assert report.articles_matched == 3 and report.segments_unchanged == 5
    assert report.values_unchanged == 6
    assert count_rows(built.database) == before


# -- files of other tools -------------------------------------------------------------------------

USER = "0A1B2C3D-0000-4000-8000-000000000001"
CODE_A = "0A1B2C3D-0000-4000-8000-0000000000A1"
CODE_B = "0A1B2C3D-0000-4000-8000-0000000000B1"
SOURCE = "0A1B2C3D-0000-4000-8000-0000000000C1"
# A BOM, CRLF and characters outside the BMP before every coded span.
FOREIGN = "\ufeff𠮷祥社区通讯\r\n居民😀反映：红色物业服务很好。\r\n𠮷祥街道表示，将继续推进楼栋党小组建设。\r\n"
SPANS = ("红色物业", "很好。\r\n𠮷祥街道", "楼栋党小组")


def position(text: str, index: int, convention: str) -> int:
    """Where `index` (code points of the text without its BOM) lies in a tool's convention."""
    prefix = text[:index]
    if convention == "nvivo":
        return len(prefix.encode("utf-16-le")) // 2
    if convention == "atlas":
        return len(prefix.replace("\r\n", "\n"))
    return len(prefix)


def selection_xml(text: str, spans: tuple[str, ...], convention: str, names: bool) -> str:
    body = text.lstrip("\ufeff")
    parts = []
    for number, words in enumerate(spans, 1):
        start = body.index(words)
        begin, end = (
            position(body, start, convention),
            position(body, start + len(words), convention),
        )
        name = words.replace("\r\n", " ") if names else f"Selection {number}"
        code = CODE_A if number != 3 else CODE_B
        parts.append(
            f'<PlainTextSelection guid="0A1B2C3D-0000-4000-8000-00000000D00{number}" '
            f'name="{name}" startPosition="{begin}" endPosition="{end}" creatingUser="{USER}">'
            f'<Coding guid="0A1B2C3D-0000-4000-8000-00000000E00{number}" creatingUser="{USER}">'
            f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
        )
    return "".join(parts)


def project_xml(
    origin: str, selections: str, path: str = f"internal://{SOURCE}.txt", extra: str = ""
) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="{NS}" name="外来项目" origin="{origin}">\n'
        f'<Users><User guid="{USER}" name="王芳"/></Users>\n'
        f'<CodeBook><Codes><Code guid="{CODE_A}" name="物业" isCodable="true" color="#AA0000">'
        f'<Code guid="{CODE_B}" name="党建" isCodable="true"/></Code></Codes></CodeBook>\n'
        f'<Sources><TextSource guid="{SOURCE}" name="通讯" plainTextPath="{path}">'
        f"{selections}</TextSource></Sources>\n{extra}</Project>\n"
    )


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def foreign_qdpx(
    tmp_path: Path,
    origin: str,
    convention: str,
    names: bool = True,
    qde: str = "project.qde",
    folder: str = "Sources",
    xml_bom: bytes = b"",
) -> Path:
    xml = project_xml(origin, selection_xml(FOREIGN, SPANS, convention, names))
    return write_zip(
        tmp_path / "foreign.qdpx",
        {qde: xml_bom + xml.encode("utf-8"), f"{folder}/{SOURCE}.txt": FOREIGN.encode("utf-8")},
    )


@pytest.mark.parametrize("names", [True, False], ids=["texts-recorded", "no-texts"])
@pytest.mark.parametrize(
    ("origin", "convention", "expected"),
    [
        ("NVivo 14", "nvivo", "utf16"),
        ("MAXQDA 2022 (Release 22.7.0)", "standard", "codepoints"),
        ("ATLAS.ti 23.2", "atlas", "crlf-as-one"),
    ],
)
def test_selections_of_other_tools_land_on_the_right_text(
    sqlite_database: ProjectDatabase,
    tmp_path: Path,
    origin: str,
    convention: str,
    expected: str,
    names: bool,
) -> None:
    path = foreign_qdpx(tmp_path, origin, convention, names)
    report = import_project_file(sqlite_database, path)
    assert report.convention == expected
    assert report.mismatches == []
    assert report.segments_added == 3 and report.coders_added == ["王芳"]
    with sqlite_database.session() as session:
        article = session.scalars(select(Article)).one()
        texts = [s.text for s in session.scalars(select(Segment).order_by(Segment.start))]
        assert article.raw_text == FOREIGN  # as stored in the file, BOM and CRLF kept
        assert article.text == FOREIGN.lstrip("\ufeff").replace("\r\n", "\n")
        assert article.guid == SOURCE and article.title == "通讯"
    assert texts == [s.replace("\r\n", "\n") for s in SPANS]
    assert check_project(sqlite_database).problems == []


def test_recorded_texts_decide_against_the_origin(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    # UTF-16 positions in a file that does not say it is from NVivo: the texts decide.
    path = foreign_qdpx(tmp_path, "SomeTool 1.0", "nvivo", names=True)
    report = import_project_file(sqlite_database, path)
    assert report.convention == "utf16" and report.mismatches == []
    assert "3 selection texts land under utf16" in report.convention_reason


def test_lower_case_sources_folder_and_a_project_named_qde_with_a_bom(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    path = foreign_qdpx(
        tmp_path, "NVivo 14", "nvivo", qde="社区研究.qde", folder="sources", xml_bom=b"\xef\xbb\xbf"
    )
    report = import_project_file(sqlite_database, path)
    assert report.segments_added == 3 and report.mismatches == []


def test_a_selection_that_does_not_land_is_reported_not_stored(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    xml = project_xml("MAXQDA 2022", selection_xml(FOREIGN, SPANS, "standard", True))
    xml = xml.replace('name="楼栋党小组"', 'name="街道表示"')  # the file says other words
    path = write_zip(
        tmp_path / "f.qdpx",
        {"project.qde": xml.encode("utf-8"), f"Sources/{SOURCE}.txt": FOREIGN.encode("utf-8")},
    )
    report = import_project_file(sqlite_database, path)
    assert report.segments_added == 2
    [mismatch] = report.mismatches
    assert mismatch.guid.endswith("D003") and "楼栋党小组" in mismatch.reason
    assert "街道表示" in mismatch.reason
    with sqlite_database.session() as session:
        assert "楼栋党小组" not in {s.text for s in session.scalars(select(Segment))}


def test_a_selection_splitting_a_character_is_a_mismatch(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    body = FOREIGN.lstrip("\ufeff")
    inside = position(body, 0, "nvivo") + 1  # between the two UTF-16 units of 𠮷
    selections = (
        f'<PlainTextSelection guid="0A1B2C3D-0000-4000-8000-00000000D009" startPosition="{inside}" '
        f'endPosition="{inside + 3}"><Coding guid="0A1B2C3D-0000-4000-8000-00000000E009">'
        f'<CodeRef targetGUID="{CODE_A}"/></Coding></PlainTextSelection>'
    )
    path = write_zip(
        tmp_path / "f.qdpx",
        {
            "project.qde": project_xml("NVivo 14", selections).encode("utf-8"),
            f"Sources/{SOURCE}.txt": FOREIGN.encode("utf-8"),
        },
    )
    report = import_project_file(sqlite_database, path)
    assert report.segments_added == 0
    assert "splits a character" in report.mismatches[0].reason


def test_notes_cases_and_a_default_coder(sqlite_database: ProjectDatabase, tmp_path: Path) -> None:
    note = "0A1B2C3D-0000-4000-8000-0000000000F1"
    variable = "0A1B2C3D-0000-4000-8000-0000000000F2"
    selections = selection_xml(FOREIGN, SPANS[:1], "standard", True).replace(
        "</Coding>", f'</Coding><NoteRef targetGUID="{note}"/>'
    )
    extra = (
        f'<Notes><Note guid="{note}" name="memo"><PlainTextContent>居民很满意</PlainTextContent>'
        "</Note></Notes>"
    )
    xml = project_xml("QualCoder 3.5", selections, extra=extra)
    xml = xml.replace(
        "<Sources>",
        f'<Variables><Variable guid="{variable}" name="地区" typeOfVariable="Text"/></Variables>'
        f'<Cases><Case guid="0A1B2C3D-0000-4000-8000-0000000000F3" name="受访者">'
        f'<VariableValue><VariableRef targetGUID="{variable}"/><TextValue>华东</TextValue>'
        f'</VariableValue><SourceRef targetGUID="{SOURCE}"/></Case></Cases><Sources>',
    )
    path = write_zip(
        tmp_path / "f.qdpx",
        {"project.qde": xml.encode("utf-8"), f"Sources/{SOURCE}.txt": FOREIGN.encode("utf-8")},
    )
    report = import_project_file(sqlite_database, path)
    assert report.segments_added == 1 and report.values_added == 1
    with sqlite_database.session() as session:
        segment = session.scalars(select(Segment)).one()
        value = session.scalars(select(VariableValue)).one()
        assert segment.memo == "居民很满意"
        # The file's only user is the default coder of values without a coder.
        assert value.value == "华东" and value.coder_id == segment.coder_id


@pytest.mark.parametrize("tool", ["nvivo", "atlasti", "maxqda"])
def test_qdc_codebooks_of_other_tools_are_imported_too(
    sqlite_database: ProjectDatabase, tool: str
) -> None:
    path = QDC_FIXTURES / f"{tool}.qdc"
    report = import_project_file(sqlite_database, path)
    assert report.codes_added == len(list(walk(read_codebook_qdc(path).codes)))
    assert report.codes_added > 0 and report.articles_added == 0
    again = import_project_file(sqlite_database, path)
    assert not again.added_anything


# -- safety ---------------------------------------------------------------------------------------


def refused(database: ProjectDatabase, path: Path, *fragments: str, **limits: Any) -> str:
    """Import `path`, expect a QdpxError naming `fragments`, and the project unchanged."""
    before = count_rows(database)
    with pytest.raises(QdpxError) as caught:
        import_project_file(database, path, ArchiveLimits(**limits) if limits else None)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert count_rows(database) == before
    return message


def valid_files() -> dict[str, bytes]:
    xml = project_xml("MAXQDA 2022", selection_xml(FOREIGN, SPANS, "standard", True))
    return {"project.qde": xml.encode("utf-8"), f"Sources/{SOURCE}.txt": FOREIGN.encode("utf-8")}


@pytest.mark.parametrize(
    ("member", "words"),
    [("../evil.txt", "climbs out"), ("/etc/evil.txt", "absolute"), ("C:/evil.txt", "absolute")],
)
def test_members_escaping_the_archive_are_refused(
    built: Project, tmp_path: Path, member: str, words: str
) -> None:
    path = write_zip(tmp_path / "evil.qdpx", {**valid_files(), member: b"x"})
    refused(built.database, path, str(path), member, words)


def test_a_source_path_escaping_the_archive_is_refused(built: Project, tmp_path: Path) -> None:
    files = valid_files()
    files["project.qde"] = files["project.qde"].replace(
        f"internal://{SOURCE}.txt".encode(), b"internal://../../etc/passwd"
    )
    path = write_zip(tmp_path / "evil.qdpx", files)
    refused(built.database, path, "climbs out")


def test_a_zip_bomb_is_refused(built: Project, tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "bomb.qdpx", {**valid_files(), "Sources/zero.txt": bytes(20 * 1024**2)}
    )
    refused(built.database, path, "zip bomb", "Sources/zero.txt")
    # An archive under every ratio, but larger in total than allowed.
    path = write_zip(tmp_path / "big.qdpx", valid_files())
    refused(built.database, path, "zip bomb", total_bytes=100)


def test_malformed_xml_and_entities_are_refused(built: Project, tmp_path: Path) -> None:
    files = valid_files()
    path = write_zip(tmp_path / "cut.qdpx", {**files, "project.qde": files["project.qde"][:300]})
    refused(built.database, path, "project.qde", "not well-formed XML")
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>'
    )
    path = write_zip(tmp_path / "laughs.qdpx", {"project.qde": laughs})
    refused(built.database, path, "DOCTYPE")
    path = tmp_path / "not-a-zip.qdpx"
    path.write_bytes(b"Project, but no zip and no XML")
    refused(built.database, path, "neither a zip archive nor XML")
    path.write_bytes(b"PK\x03\x04 a damaged zip")
    refused(built.database, path, "not a readable zip")


def test_a_source_holding_nul_is_refused(built: Project, tmp_path: Path) -> None:
    # PostgreSQL cannot store NUL, and no text file holds one: refuse it on every backend.
    text = FOREIGN.replace("\r\n", "\r\n\x00", 1)
    xml = project_xml("MAXQDA 2022", selection_xml(text, SPANS, "standard", True))
    files = {"project.qde": xml.encode("utf-8"), f"Sources/{SOURCE}.txt": text.encode("utf-8")}
    refused(built.database, write_zip(tmp_path / "nul.qdpx", files), "NUL", SOURCE)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            f'<CodeRef targetGUID="{CODE_B}"',
            '<CodeRef targetGUID="0A1B2C3D-0000-4000-8000-999999999999"',
            "names no code",
        ),
        (
            f'<Coding guid="0A1B2C3D-0000-4000-8000-00000000E001" creatingUser="{USER}"',
            '<Coding guid="0A1B2C3D-0000-4000-8000-00000000E001" creatingUser="0A1B2C3D-0000-4000-8000-999999999999"',
            "not among the file's <Users>",
        ),
        (
            "</Coding></PlainTextSelection>",
            '</Coding><NoteRef targetGUID="0A1B2C3D-0000-4000-8000-999999999999"/></PlainTextSelection>',
            "names no note",
        ),
        (f"internal://{SOURCE}.txt", "internal://missing.txt", "does not hold"),
        ('startPosition="', 'startPosition="x', "not a whole number"),
        (f'<Code guid="{CODE_A}"', '<Code guid="not-a-guid"', "not a GUID"),
    ],
    ids=["code", "user", "note", "file", "position", "guid"],
)
def test_dangling_references_are_refused(
    built: Project, tmp_path: Path, old: str, new: str, words: str
) -> None:
    files = valid_files()
    xml = files["project.qde"].decode("utf-8")
    assert old in xml
    files["project.qde"] = xml.replace(old, new, 1).encode("utf-8")
    path = write_zip(tmp_path / "dangling.qdpx", files)
    message = refused(built.database, path, words)
    assert "line" in message


# -- command line --------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    output = json.loads(captured.out) if code == 0 and "--json" in argv else captured.out
    return code, output, captured.err


def test_cli_export_then_import_into_a_new_project(
    built: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], schema: Any
) -> None:
    assert built.database.path is not None
    out = tmp_path / "cli.qdpx"
    code, report, _ = run(capsys, "export", str(built.database.path), str(out), "--json")
    assert code == 0 and report["sheets"]["selections"] == 5
    with zipfile.ZipFile(out) as archive:
        schema.validate(archive.read("project.qde").decode("utf-8"))
    new = tmp_path / "new.articoder"
    code, report, _ = run(capsys, "import", str(new), str(out), "--json")
    assert code == 0
    assert report["articles"] == {"added": 3, "matched": 0}
    assert report["segments"] == {"added": 5, "unchanged": 0}
    assert report["offsets"]["convention"] == "codepoints"
    code, text, _ = run(capsys, "import", str(new), str(out))
    assert code == 0 and "0 articles added, 3 already here" in text
    database = open_project(new)
    try:
        assert snapshot(database) == snapshot(built.database)
    finally:
        database.close()


def test_cli_refuses_a_bad_file_without_creating_a_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_zip(tmp_path / "bad.qdpx", {"../x.txt": b"x"})
    new = tmp_path / "new.articoder"
    code, _, err = run(capsys, "import", str(new), str(bad))
    assert code == 1 and "climbs out" in err and "Traceback" not in err
    assert not new.exists()


def test_cli_backs_up_an_existing_project_first(
    built: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert built.database.path is not None
    path = foreign_qdpx(tmp_path, "NVivo 14", "nvivo")
    code, report, _ = run(capsys, "import", str(built.database.path), str(path), "--json")
    # This project codes only codes without children; the file codes its group 物业 twice.
    assert code == 0 and report["segments"]["added"] == 1
    assert [m["reason"] for m in report["mismatches"]] == [
        "its code groups other codes and this project codes only codes without children"
    ] * 2
    backups = list(Path(f"{built.database.path}.backups").iterdir())
    assert any("before-qdpx-import" in b.name for b in backups)


def test_import_into_creates_and_cleans_up(tmp_path: Path) -> None:
    path = foreign_qdpx(tmp_path, "ATLAS.ti 23", "atlas")
    target = tmp_path / "fresh.articoder"
    report = import_into(target, path)
    assert report.articles_added == 1 and target.exists()


def test_timestamps_are_utc_and_the_lead_creates_the_project(
    built: Project, tmp_path: Path, schema: Any
) -> None:
    path = exported(built.database, tmp_path / "out.qdpx", schema)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("project.qde").decode("utf-8")
    year = dt.datetime.now(dt.UTC).year
    assert f'creationDateTime="{year}' in xml and 'Z"' in xml
    with built.database.session() as session:
        lead = session.scalars(select(Coder).where(Coder.is_lead)).first()
    assert lead is not None and f'creatingUserGUID="{lead.guid}"' in xml


# -- offsets ---------------------------------------------------------------------------------------


def test_offset_maps_of_each_convention() -> None:
    text = "𠮷a\r\nb😀c"
    standard = OffsetMap(text, "codepoints")
    assert [standard.to_codepoint(p) for p in range(-1, 9)] == [None, *range(8), None]
    utf16 = OffsetMap(text, "utf16")
    # 𠮷 takes units 0-1; 😀 takes 6-7 (after a, CR, LF, b).
    assert [utf16.to_codepoint(p) for p in range(10)] == [0, None, 1, 2, 3, 4, 5, None, 6, 7]
    crlf = OffsetMap(text, "crlf-as-one")
    assert [crlf.to_codepoint(p) for p in range(8)] == [0, 1, 2, 4, 5, 6, 7, None]
    both = OffsetMap(text, "utf16-crlf-as-one")
    assert [both.to_codepoint(p) for p in range(9)] == [0, None, 1, 2, 4, 5, None, 6, 7]


def test_recorded_texts_land_whole_or_cut_with_an_ellipsis() -> None:
    assert lands("红色物业 服务", "红色物业\n服务")
    assert lands("红色物业服…", "红色物业服务很好")
    assert lands("红色物业服...", "红色物业服务很好")
    assert not lands("红色物业服", "红色物业服务很好")  # short and no ellipsis: a name
    assert (
        landing(
            "居民反映红色物业服务很好街道表示将继续推进楼栋",
            "居民反映红色物业服务很好街道表示将继续推进楼栋党小组",
        )
        == 1
    )
    assert landing("红色物业", "红色物业") == 2
    assert not lands("", "红色物业")


def test_an_exact_text_beats_a_span_one_character_too_long() -> None:
    # 😀 inside the span only: read as code points, NVivo's end is one character too far,
    # and the recorded text is still the beginning of that longer span.
    text = "居民反映红色物业😀服务很好，街道表示将继续推进楼栋党小组建设工作。"
    words = "居民反映红色物业😀服务很好，街道表示将继续推进"
    end = len(words.encode("utf-16-le")) // 2
    choice = choose("SomeTool", [Probe(text, 0, end, words)])
    assert choice.convention == "utf16" and choice.texts_recorded


# -- more of what other tools write ------------------------------------------------------------


def one_source_file(
    tmp_path: Path, xml: str, data: bytes = FOREIGN.encode("utf-8"), **more: bytes
) -> Path:
    return write_zip(
        tmp_path / "f.qdpx",
        {"project.qde": xml.encode("utf-8"), f"Sources/{SOURCE}.txt": data, **more},
    )


def test_a_utf16_source_file_and_a_note_in_a_file(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    note = "0A1B2C3D-0000-4000-8000-0000000000F1"
    selections = selection_xml(FOREIGN, SPANS[:1], "nvivo", True).replace(
        "</PlainTextSelection>", f'<NoteRef targetGUID="{note}"/></PlainTextSelection>'
    )
    extra = f'<Notes><Note guid="{note}" plainTextPath="internal://{note}.txt"/></Notes>'
    path = one_source_file(
        tmp_path,
        project_xml("NVivo 14", selections, extra=extra),
        FOREIGN.encode("utf-16"),  # with its BOM
        **{f"Sources/{note}.txt": "\ufeff笔记：物业".encode()},
    )
    report = import_project_file(sqlite_database, path)
    assert report.segments_added == 1 and report.mismatches == []
    with sqlite_database.session() as session:
        segment = session.scalars(select(Segment)).one()
        assert (segment.text, segment.memo) == ("红色物业", "笔记：物业")  # the BOM is not memo


def test_what_articoder_cannot_use_is_reported(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    other = "0A1B2C3D-0000-4000-8000-0000000000C2"
    pdf = "0A1B2C3D-0000-4000-8000-0000000000C3"
    whole = (
        f'<Coding guid="0A1B2C3D-0000-4000-8000-0000000000E9"><CodeRef targetGUID="{CODE_A}"/>'
        "</Coding>"
    )
    xml = project_xml("MAXQDA 2022", selection_xml(FOREIGN, SPANS, "standard", True) + whole)
    xml = xml.replace(
        "</Sources>",
        f'<TextSource guid="{other}" name="外部" plainTextPath="relative://外部.txt"/>'
        f'<PDFSource guid="{pdf}" name="扫描件" path="internal://x.pdf"/></Sources>',
    )
    report = import_project_file(sqlite_database, one_source_file(tmp_path, xml))
    assert report.segments_added == 3
    kinds = {item.kind: item for item in report.not_imported}
    assert set(kinds) == {"source outside the archive", "PDFSource", "coding of a whole source"}
    assert kinds["PDFSource"].example == "扫描件" and kinds["PDFSource"].count == 1
    assert "relative://外部.txt" in kinds["source outside the archive"].example
    assert report.not_imported_count == 3


def test_conflicts_keep_the_project_and_are_reported(
    sqlite_database: ProjectDatabase, tmp_path: Path
) -> None:
    xml = project_xml("MAXQDA 2022", selection_xml(FOREIGN, SPANS, "standard", True))
    import_project_file(sqlite_database, one_source_file(tmp_path, xml))
    # The same selection GUID now on other words: a conflict, the stored segment stays.
    moved = xml.replace(SPANS[0], "街道表示", 1)
    body = FOREIGN.lstrip("\ufeff")
    start = body.index(SPANS[0])
    target = body.index("街道表示")
    moved = moved.replace(
        f'startPosition="{start}" endPosition="{start + 4}"',
        f'startPosition="{target}" endPosition="{target + 4}"',
    )
    before = count_rows(sqlite_database)
    report = import_project_file(sqlite_database, one_source_file(tmp_path, moved))
    assert len(report.conflicts) == 1 and "kept" in report.conflicts[0]
    assert count_rows(sqlite_database) == before


def test_an_article_with_another_text_under_the_same_guid(
    built: Project, tmp_path: Path, schema: Any
) -> None:
    path = exported(built.database, tmp_path / "out.qdpx", schema)
    with built.database.session() as session:
        article = session.get(Article, built.articles["hu"])
        assert article is not None
        guid = article.guid
    files = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            files[name] = archive.read(name)
    files[f"sources/{guid}.txt"] = "東湖社區紀實\n東湖社區推行紅色物業，居民很滿意。".encode()
    copy = create_project(tmp_path / "copy.articoder")
    try:
        import_project_file(copy, write_zip(tmp_path / "changed.qdpx", files))
        report = import_project_file(copy, path)  # the project's article has the other text
        assert report.segments_added == 0
        [mismatch] = report.mismatches
        assert (
            "(same GUID) has another text" in mismatch.reason and mismatch.source == "東湖社區紀實"
        )
    finally:
        copy.close()
