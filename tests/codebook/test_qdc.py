"""REFI-QDC files, and every format's round trip through a project (YAML, Excel, QDC).

Exported .qdc files are checked against the REFI-QDA Codebook.xsd kept in ../shared/refi-qda;
the files of other tools are our own minimal imitations of what NVivo, ATLAS.ti and MAXQDA
write (tests/fixtures/codebooks/*.qdc).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codebook.files import carries_codes_only, keep_project_parts, read_codebook, write_codebook
from codebook.qdc import (
    codebook_qdc,
    description_text,
    parse_codebook_qdc,
    parse_qdc_document,
    qda_namespace,
    split_description,
)
from codebook.spec import CodebookError, CodebookSpec, CodeSpec, walk
from codebook.store import import_codebook, load_codebook
from codebook.text_files import read_codebook_text
from models.database import create_project

FIXTURES = Path(__file__).parents[1] / "fixtures" / "codebooks"
REFI_QDA = Path(__file__).parents[1] / "fixtures" / "refi-qda"
SMALL = FIXTURES / "small.yaml"
DEMO = Path(__file__).parents[2] / "articoder" / "demo" / "codebook.yaml"
XSD = Path(__file__).parents[3] / "shared" / "refi-qda" / "Codebook.xsd"


@pytest.fixture(scope="module")
def schema() -> object:
    if not XSD.exists():
        pytest.skip(f"the REFI-QDA schema is not at {XSD} (the shared folder is absent)")
    import xmlschema

    return xmlschema.XMLSchema(str(XSD))


def _valid(schema: object, data: bytes) -> None:
    schema.validate(data.decode("utf-8"))  # type: ignore[attr-defined]


def _file_content(path: Path) -> object:
    """What a file holds: its bytes, or every cell of every sheet for a workbook."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path)
        return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in workbook}
    return path.read_bytes()


# --- export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [SMALL, DEMO], ids=["small", "demo"])
def test_export_validates_against_the_schema(schema: object, source: Path) -> None:
    data = codebook_qdc(read_codebook_text(source))
    _valid(schema, data)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<CodeBook')


def test_export_writes_what_qdc_has_and_the_rest_in_the_description() -> None:
    spec = read_codebook_text(SMALL)
    text = codebook_qdc(spec).decode("utf-8")
    assert 'name="组织体系" isCodable="false" color="#C0392B"' in text  # a group, not codable
    assert 'name="楼栋党小组" isCodable="true" color="#E67E22"' in text
    assert (
        "<Description>以楼栋为单位设立的党小组。\n\n[articoder]\nname_en: Building party group"
        in text
    )
    assert "keywords: [楼栋党小组, 楼栋党支部]" in text
    # A code with nothing but a definition has a plain description other tools show as is.
    plain = CodeSpec(name="甲", definition="只有定义。")
    assert description_text(plain) == "只有定义。"


def test_empty_codebook_cannot_be_exported() -> None:
    with pytest.raises(CodebookError, match="at least one code"):
        codebook_qdc(CodebookSpec())


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx", ".qdc"])
def test_file_to_project_to_file_gives_the_same_file(tmp_path: Path, suffix: str) -> None:
    """A file written from a project, brought into a new project and written again, is the same.

    Both projects are at codebook version 2 (created, then one import), which is what the
    YAML and Excel files record as the version.
    """
    first_project = create_project(tmp_path / "a.articoder")
    import_codebook(first_project, read_codebook_text(SMALL))
    first = tmp_path / f"first{suffix}"
    write_codebook(load_codebook(first_project), first)
    first_project.close()

    second_project = create_project(tmp_path / "b.articoder")
    spec = read_codebook(first)
    if carries_codes_only(first):
        spec = keep_project_parts(spec, load_codebook(second_project))
    import_codebook(second_project, spec, source=str(first))
    second = tmp_path / f"second{suffix}"
    write_codebook(load_codebook(second_project), second)
    second_project.close()
    assert _file_content(second) == _file_content(first)


@pytest.mark.parametrize("source", [SMALL, DEMO], ids=["small", "demo"])
def test_qdc_keeps_every_code_field(tmp_path: Path, source: Path) -> None:
    project = create_project(tmp_path / "p.articoder")
    import_codebook(project, read_codebook_text(source))
    spec = load_codebook(project)
    project.close()
    spec.codes[0].retired = True
    spec.codes[0].children[0].examples.append("含有；分号：冒号 - 以及 'quotes'")
    again = parse_codebook_qdc(codebook_qdc(spec))
    assert again.codes == spec.codes
    assert again.codable_groups == spec.codable_groups


texts = st.text(
    alphabet=st.sampled_from([*"社区党建ab #:-'\"[]{}>!&<\n\t，。；、", "\u3000", "𠮷"]),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(
    definition=texts,
    include=texts,
    examples=st.lists(texts.filter(str.strip), max_size=3),
    keywords=st.lists(texts.filter(str.strip), max_size=3),
    key=st.one_of(st.none(), st.sampled_from(["1", "r", "yes", "0.5", "#"])),
)
def test_description_block_round_trips(
    definition: str, include: str, examples: list[str], keywords: list[str], key: str | None
) -> None:
    code = CodeSpec(
        name="甲",
        definition=definition,
        include=include,
        examples=examples,
        keywords=keywords,
        key=key,
        guid="6F1C2A4E-8B3D-4E7A-9C21-0D5E8F7A1B23",
    )
    text = description_text(code)
    assert split_description(text, "here")[0] == definition
    again = parse_codebook_qdc(codebook_qdc(CodebookSpec(codes=[code])))
    assert again.codes == [code]


# --- files of other tools -------------------------------------------------------------------


def test_nvivo_file(schema: object) -> None:
    spec = read_codebook(FIXTURES / "nvivo.qdc")  # with a byte-order mark
    assert [c.name for c in spec.codes] == ["社区治理", "党建引领"]
    governance = spec.codes[0]
    assert governance.definition == "报道中关于社区治理的所有内容。"
    assert governance.guid == "6F1C2A4E-8B3D-4E7A-9C21-0D5E8F7A1B23"
    assert governance.color == "#3366cc"
    assert (
        governance.children[0].definition == "网格员、网格划分、网格化服务管理。\n包括“全科网格”。"
    )
    assert governance.children[1].color == "#888888"  # no colour given
    assert spec.codable_groups  # NVivo lets parent codes be coded
    _valid(schema, codebook_qdc(spec))


def test_atlasti_file() -> None:
    spec = read_codebook(FIXTURES / "atlasti.qdc")  # qdc: prefix, no isCodable, lower case
    assert [c.name for c in spec.codes] == ["Tone: positive", "Tone: negative", "物业纠纷"]
    assert spec.codes[0].color == "#2ecc71"
    assert spec.codes[0].definition == "Praise of officials or of a policy."
    assert spec.codes[2].definition == ""
    assert not spec.codable_groups


def test_maxqda_file_with_sets_and_repeated_names(schema: object) -> None:
    spec = read_codebook(FIXTURES / "maxqda.qdc")
    paths = [path for path, _ in walk(spec.codes)]
    assert ("Actors", "Other") in paths and ("Places", "Other") in paths
    assert spec.codes[0].guid == "E1D2C3B4-A596-4878-9A0B-C1D2E3F4A5B6"  # braces dropped
    assert spec.codes[0].color == "#00aa00"  # three-digit colour widened
    assert spec.codes[1].definition == "Where the reported event happens."
    _valid(schema, codebook_qdc(spec))


@pytest.mark.parametrize("name", ["nvivo.qdc", "atlasti.qdc", "maxqda.qdc"])
def test_other_tools_files_round_trip_through_a_project(
    tmp_path: Path, schema: object, name: str
) -> None:
    project = create_project(tmp_path / "p.articoder")
    spec = read_codebook(FIXTURES / name)
    import_codebook(project, spec)
    out = tmp_path / "out.qdc"
    write_codebook(load_codebook(project), out)
    project.close()
    _valid(schema, out.read_bytes())
    again = read_codebook(out)
    assert again.codes == spec.codes
    assert again.codable_groups == spec.codable_groups


def test_a_project_file_gives_its_codebook(tmp_path: Path) -> None:
    data = (FIXTURES / "nvivo.qdc").read_text(encoding="utf-8-sig")
    body = data.split("\n", 1)[1].replace('xmlns="urn:QDA-XML:codebook:1.0"', "")
    project = (
        '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" '
        f'name="p">{body.replace("<CodeBook ", "<CodeBook ")}</Project>'
    )
    path = tmp_path / "project.qde"
    path.write_text(project, encoding="utf-8")
    assert [c.name for c in read_codebook(path).codes] == ["社区治理", "党建引领"]


@pytest.mark.parametrize(
    ("namespace", "version"),
    [
        ("urn:QDA-XML:codebook:1.0", "1.0"),
        ("urn:QDA-XML:codebook:0:4", "0:4"),  # ATLAS.ti 23.4 to 26.1
        ("urn:QDA-XML:codebook:1:0", "1:0"),
    ],
)
def test_every_namespace_version_programs_write(namespace: str, version: str) -> None:
    data = (
        (REFI_QDA / "atlasti-26-codebook.qdc")
        .read_bytes()
        .replace(b'xmlns="urn:QDA-XML:codebook:0:4"', f'xmlns="{namespace}"'.encode())
    )
    document = parse_qdc_document(data)
    assert document.namespace == namespace and qda_namespace(namespace) == ("codebook", version)
    assert [c.name for c in document.spec.codes] == ["红色物业", "楼栋党小组", "居民参与"]
    assert document.spec.codes[2].children[0].name == "议事会"
    assert document.origin == "ATLAS.ti Win 26.1.1"
    assert [(s.name, s.members) for s in document.sets] == [("党建", 2), ("治理", 1)]


def test_namespaces_that_are_not_refi_qda() -> None:
    assert qda_namespace("urn:QDA-XML:project:1.0") == ("project", "1.0")
    assert qda_namespace("urn:QDA-XML:codebook:") is None
    assert qda_namespace("urn:QDA-XML:cases:1.0") is None
    assert qda_namespace(None) is None


# --- bad files ------------------------------------------------------------------------------


def _bad(tmp_path: Path, content: str | bytes) -> CodebookError:
    path = tmp_path / "bad.qdc"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(CodebookError) as error:
        read_codebook(path)
    assert "bad.qdc" in str(error.value)
    return error.value


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    error = _bad(tmp_path, '<?xml version="1.0"?>\n<CodeBook>\n<Codes>\n<Code name="a"\n</Codes>')
    assert "line" in str(error) and "not well-formed" in str(error)


def test_other_documents_are_refused(tmp_path: Path) -> None:
    assert "not <CodeBook>" in str(_bad(tmp_path, "<html><body>codes</body></html>"))
    assert "no <Codes>" in str(_bad(tmp_path, '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'))
    assert "zip" in str(_bad(tmp_path, b"PK\x03\x04rest of a qdpx"))
    assert "namespace" in str(_bad(tmp_path, '<CodeBook xmlns="urn:other"><Codes/></CodeBook>'))


def test_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    error = _bad(
        tmp_path,
        f'<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="6f1c2a4e-8b3d-4e7a-9c21-0d5e8f7a1b23" name="a" isCodable="true">'
        "<Description>&x;</Description></Code>"
        "</Codes></CodeBook>",
    )
    assert "DOCTYPE" in str(error) and "TOP-SECRET" not in str(error)


def test_bad_codes_are_named_with_their_lines(tmp_path: Path) -> None:
    error = _bad(
        tmp_path,
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>\n'
        '<Code guid="not-a-guid" name="甲" isCodable="true"/>\n'
        '<Code guid="6f1c2a4e-8b3d-4e7a-9c21-0d5e8f7a1b23" name="乙" color="red" isCodable="true"/>\n'
        '<Code guid="7f1c2a4e-8b3d-4e7a-9c21-0d5e8f7a1b23" name="丙" isCodable="true">'
        "<Description>x\n\n[articoder]\nkey: [1, 2\n</Description></Code>\n"
        '<Code guid="8f1c2a4e-8b3d-4e7a-9c21-0d5e8f7a1b23" isCodable="true"/>\n'
        "</Codes></CodeBook>",
    )
    message = str(error)
    assert len(error.problems) == 4
    assert "line 2" in message and "not a GUID" in message
    assert "line 3" in message and "#rrggbb" in message
    assert "line 4" in message and "[articoder] block" in message
    assert "line 9" in message and "no name" in message  # the description took four lines


# --- the dispatcher -------------------------------------------------------------------------


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match=r"unknown codebook format \.pdf; use \.yaml, \.json"):
        read_codebook(tmp_path / "codebook.pdf")
    with pytest.raises(CodebookError, match=r"save it as \.xlsx"):
        write_codebook(read_codebook_text(SMALL), tmp_path / "codebook.xls")


def test_qdc_import_keeps_the_projects_variables(tmp_path: Path) -> None:
    project = create_project(tmp_path / "p.articoder")
    import_codebook(project, read_codebook_text(SMALL))
    spec = read_codebook(FIXTURES / "nvivo.qdc")
    import_codebook(project, keep_project_parts(spec, load_codebook(project)))
    loaded = load_codebook(project)
    project.close()
    assert loaded.name == "小测试码本"
    assert [v.name for v in loaded.variables if not v.retired] == ["tone", "org_tiers", "notes"]
