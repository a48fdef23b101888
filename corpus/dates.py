"""Publication dates as scraped text gives them: 2022年08月02日09:26, 2024-10-22 18:06, ...

Also the forms a news database's export writes in its date field (`parse_field_date`): the
same, plus 20250402 alone and English month names (2 April 2025, April 2, 2025, 2-Apr-2025),
which Factiva and LexisNexis exports use.
"""

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


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})[\s\-]+(?P<m>{_MONTH_NAME})\.?[\s\-,]+(?P<y>(?:19|20)\d{{2}})", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<m>{_MONTH_NAME})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    r"(?P<y>(?:19|20)\d{2})",
    re.I,
)
# A field holding eight digits and nothing else (日期：20250402), never digits inside an id.
_COMPACT_FIELD_DATE = re.compile(r"\s*(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})\s*")


def parse_field_date(value: str | None) -> dt.date | None:
    """The date an export's date field gives (see the module docstring), or None."""
    date = parse_date(value)
    if date is not None or not value:
        return date
    compact = _COMPACT_FIELD_DATE.fullmatch(value)
    if compact is not None:
        return _valid(compact["y"], compact["m"], compact["d"])
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        match = pattern.search(value)
        if match is not None:
            return _valid(match["y"], str(_MONTHS[match["m"].lower()]), match["d"])
    return None


def _valid(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
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
