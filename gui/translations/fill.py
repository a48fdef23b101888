"""Fill articoder_zh_CN.ts from zh_CN.tsv (source<TAB>translation), then compile it.

Run after changing interface strings:
    .venv/bin/pyside6-lupdate gui/*.py -ts gui/translations/articoder_zh_CN.ts
    .venv/bin/python gui/translations/fill.py
The test suite checks that every string in the interface has a translation.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent
TS = HERE / "articoder_zh_CN.ts"


def translations() -> dict[str, str]:
    """Source string -> Chinese, from the TSV file."""
    table = {}
    for line in (HERE / "zh_CN.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            source, _, target = line.partition("\t")
            table[source] = target
    return table


def main() -> int:
    """Fill, write, compile; exit 1 if a string lacks a translation."""
    table = translations()
    tree = ET.parse(TS)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if source not in table:
            missing.append(source)
            continue
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            translation.text = None
            for child in list(translation):
                translation.remove(child)
            ET.SubElement(translation, "numerusform").text = table[source]
        else:
            translation.text = table[source]
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(TS), "-qm", str(TS.with_suffix(".qm"))], check=True)
    for source in missing:
        print(f"no translation: {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
