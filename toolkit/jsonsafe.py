"""Reading JSON that comes from outside (a model's reply, a page's JSON-LD, a review request) without letting its
nesting reach Python's recursion limit.

`json.loads` of a hostile ``[[[[…`` recurses until RecursionError; on the way down the garbage collector may run
finalizers with no stack left (seen as an intermittent unraisable RecursionError), and a caller that expects only
ValueError crashes.  `shallow_json` counts the nesting first (brackets outside strings) and refuses a text deeper
than `MAX_NESTING` with a ValueError, before any parsing.  Our own large files (the units cache, the build manifest)
are not scanned: their depth is ours, and they are read on hot paths.
"""

from __future__ import annotations

import json
import re
from typing import Any

# a string (skipped) or a bracket; the string's repeat is possessive (a backtracking one kept about 120 bytes of the
# regex engine's stack per character: a 1 MB JSON-LD string took 122 MB to scan)
_NESTING = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]', re.S)  # (unclosed: to the end, once; json.loads fails)
MAX_NESTING = 64  # far below Python's recursion limit, far above any JSON-LD, reply or request we read


def shallow_json(text: str, **options: Any) -> Any:
    """`json.loads(text, **options)` of a text nested at most MAX_NESTING deep; deeper is a ValueError."""
    depth = 0
    for m in _NESTING.finditer(text):
        char = m.group()[0]
        if char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise ValueError(f"JSON nested deeper than {MAX_NESTING} levels")
        elif char in "]}":
            depth -= 1
    return json.loads(text, **options)
