"""Why one evaluation page scored as it did: the evidence behind a failure analysis.

For a page of the cache prepare.py builds, prints what the import's path (the same as
bench_extraction.py's "articoder") did with it:

- the lines of the stored text that are not in the gold text (boilerplate kept), and the gold
  lines the stored text lacks (story lost), judged line by line without whitespace;
- each removal edit the cleaning made (kind, reason, the text put aside), so a lost line can
  be traced to the rule that put it aside;
- each metadata field's stored value and source, and every value found and refused with why.

It reads nothing but the cache and changes nothing: rules are not tuned on these pages.

    python benchmarks/extraction/inspect_page.py magichtml/yahoo-2681eeacec.html [--edits]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_extraction import CACHE, _batch  # the benchmark's own batch reading

from corpus.cleaning import clean
from corpus.extraction import merge_outside, repeated_lines
from corpus.metadata import choose_metadata


def squeezed(line: str) -> str:
    """A line without whitespace, the unit lines are compared in."""
    return re.sub(r"\s+", "", line)


def main() -> None:
    """Print the evidence for one page."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("page", help="the page's id in manifest.json, e.g. twparser/udn_s1.html")
    parser.add_argument("--data", type=Path, default=CACHE)
    parser.add_argument("--edits", action="store_true", help="also list every removal edit")
    arguments = parser.parse_args()
    manifest = json.loads((arguments.data / "manifest.json").read_text("utf-8"))
    entry = next((e for e in manifest if arguments.page in (e["id"], e["html"])), None)
    if entry is None:
        sys.exit(f"{arguments.page}: not in {arguments.data / 'manifest.json'}")
    path = arguments.data / entry["html"]
    documents, counts, site_suffixes = _batch(path.parent)
    document = documents.get(path)
    if document is None:
        sys.exit(f"{path}: the import refused this page (see bench_extraction.py's last lines)")
    outside = merge_outside(document.outside, repeated_lines(document.raw_text, counts))
    cleaned = clean(document.raw_text, outside)
    chosen = choose_metadata(
        document.raw_text,
        {},
        document.page_metadata,
        document.page_text,
        site_suffixes=site_suffixes,
    )
    kept = [line for line in cleaned.text.splitlines() if line.strip()]
    if entry.get("gold"):
        gold = (arguments.data / entry["gold"]).read_text("utf-8")
        gold_squeezed = squeezed(gold)
        gold_lines = [line for line in gold.splitlines() if line.strip()]
        stored = squeezed(cleaned.text)
        print(f"== kept, not in the gold ({entry['id']})")
        for line in kept:
            if squeezed(line) not in gold_squeezed:
                print("  +", line[:160])
        print("== in the gold, not kept")
        for line in gold_lines:
            if squeezed(line) not in stored:
                print("  -", line[:160])
    else:
        print(f"== stored text ({entry['id']}, no gold text): {len(kept)} lines")
        for line in kept[:60]:
            print("  |", line[:160])
        for snippet in entry.get("snippets") or []:
            print(
                "  snippet kept" if squeezed(snippet) in squeezed(cleaned.text) else "  LOST",
                snippet,
            )
    if arguments.edits:
        print("== removal edits")
        for edit in cleaned.edits:
            removed = document.raw_text[edit.start : edit.end].strip()
            if removed:
                print(f"  [{edit.kind}: {edit.detail}] {removed[:120]!r}")
    print("== metadata (stored value, source)")
    for field in ("title", "published", "author", "editor", "outlet"):
        source = (chosen.sources or {}).get(field)
        print(f"  {field}: {getattr(chosen, field)!r} from {source}")
    for field, value, source, why in chosen.rejected:
        print(f"  refused {field}={value[:60]!r} from {source}: {why}")
    gold_fields = {k: entry.get(k) for k in ("title", "date", "author", "outlet") if entry.get(k)}
    print("== gold", gold_fields)


if __name__ == "__main__":
    main()
