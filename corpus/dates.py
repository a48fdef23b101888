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


# A date in a page's address: /article/20251128/, /2023/09/13/, /2023-09/13/, 1833394-20251126.htm.
# Written without separators it must be eight digits standing alone (not inside an id).
_COMPACT_ADDRESS_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")
_SEPARATED_ADDRESS_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[/\-_](?P<m>\d{1,2})[/\-_](?P<d>\d{1,2})(?!\d)"
)


def date_in_address(url: str | None) -> dt.date | None:
    """The one calendar date the path of `url` holds, or None (none, or several that differ).

    Only the path is read: a query (?archive_date=…, ?t=20251129) says when the page was asked
    for, not when the story was filed.
    """
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""
    found: set[dt.date] = set()
    for pattern in (_COMPACT_ADDRESS_DATE, _SEPARATED_ADDRESS_DATE):
        for match in pattern.finditer(path):
            try:
                found.add(dt.date(int(match["y"]), int(match["m"]), int(match["d"])))
            except ValueError:
                continue
    return found.pop() if len(found) == 1 else None
