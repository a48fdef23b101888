"""Typed ids: plain ints and GUID strings that say which table they point into."""

from __future__ import annotations

import uuid
from typing import NewType

ArticleId = NewType("ArticleId", int)
CodeId = NewType("CodeId", int)
CoderId = NewType("CoderId", int)
VariableId = NewType("VariableId", int)
SegmentId = NewType("SegmentId", int)
BatchId = NewType("BatchId", int)


def new_guid() -> str:
    """A new stable GUID, upper-case as REFI-QDA writes them, so files from coders merge."""
    return str(uuid.uuid4()).upper()
