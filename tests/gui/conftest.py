"""Window tests run offscreen; a CJK font makes the screenshots readable where one is installed."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
