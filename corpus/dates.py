"""Publication dates as scraped text gives them: 2022年08月02日09:26, 2024-10-22 18:06, ..."""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})"
)


def parse_date(value: str | None) -> dt.date | None:
    """The first valid calendar date in the text, or None."""
    if not value:
        return None
    for match in _DATE.finditer(value):
        try:
            return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
    return None
