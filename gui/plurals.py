"""Counts in sentences: the one place where English plurals are settled for tr()'s numerus
strings (Chinese has one form and needs nothing).
"""

from __future__ import annotations


def counted(translated: str, *counts: int) -> str:
    """A count's sentence in the interface's language, "(s)" settled for English.

    `translated` is tr()'s answer to a numerus source such as "%n article(s)". The Chinese
    translation has one form and no "(s)"; English is the source language and has no
    translation file, so Qt hands the source back with only the numbers filled in. Here each
    "(s)" in turn becomes nothing for a count of one and "s" for any other: "1 article",
    "20 articles", "3 segments in 1 article" (counts given in the order of their "(s)").
    """
    parts = translated.split("(s)")
    if len(parts) - 1 != len(counts):
        return translated  # a translation without "(s)" (Chinese) has nothing to settle
    settled = [parts[0]]
    for count, rest in zip(counts, parts[1:], strict=True):
        settled.append(("" if count == 1 else "s") + rest)
    return "".join(settled)
