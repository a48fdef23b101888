"""Measuring one step's memory in a fresh process: the script head several benchmarks share.

A benchmark runs `child_script(body)` with `python -c` so that the peak it reads (VmHWM, or
ru_maxrss where /proc is missing) belongs to the step alone, not to building the project.
The body can use `kilobytes(key)` and has json, resource, sys, time and Path imported.
"""

from __future__ import annotations

_HEAD = """
import json, resource, sys, time
from pathlib import Path

def kilobytes(key):
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""


def child_script(body: str) -> str:
    """The Python source of a child process: the shared head, then `body`."""
    return _HEAD + body
