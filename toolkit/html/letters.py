"""Letters: what makes text something to translate (a unit, an attribute, an SVG's own text) rather than notation."""

from __future__ import annotations

import re
import sys

# A word character that is no digit and no underscore: a letter, or a numeral of Unicode category No or Nl
# (`½`, `²`, `①`, `Ⅻ`), which Python's \w counts too.  The fast test; `has_letter` confirms what it finds.
_LETTER = re.compile(r"[^\W\d_]")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def has_letter(text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
    """Whether text[pos:endpos] holds a Unicode letter (category L*): `★★★★½`, `10²`, `①` have none.  When the
    first candidate is a numeral, the rest are looked at together, in C (a page of `½ ½ ½…` stays fast): each is a
    letter or numeric, so one that is not numeric is a letter; a numeric one may be a letter too (`三`)."""
    found = _LETTER.search(text, pos, endpos)
    if found is None:
        return False
    if found[0].isalpha():  # the common case
        return True
    rest = "".join(_LETTER_RUN.findall(text, found.start(), endpos))
    return not rest.isnumeric() or any(map(str.isalpha, rest))
