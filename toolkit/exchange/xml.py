"""Reading an exchange file (a CAT tool's XLIFF, someone's TMX) through the toolkit's one safe XML parser.

An external DOCTYPE reference (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, as TMX files carry) is fine: it is never
fetched.  Entity declarations and references are refused (`toolkit.xmlsafe`).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from toolkit.errors import L10nError
from toolkit.xmlsafe import parse_xml_bytes

# the tool our exports name (XLIFF's generator note, TMX's creationtool): a file naming it is one an export replaces
TOOL = "l10n-toolkit"


def parse_xml(path: str | Path) -> etree._ElementTree:
    """The parsed document; any problem is an L10nError naming the file (and line)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise L10nError("file not found", path) from None
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path) from None
    return etree.ElementTree(parse_xml_bytes(data, path, "document"))


# What XML 1.0 cannot carry (its Char production): C0 controls but tab, LF, CR; surrogates; U+FFFE, U+FFFF.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def require_xml_text(texts: list[str | None], what: str, po_path: Path, line: int | None) -> None:
    """An L10nError naming the entry's line if one of `texts` holds a character XML cannot carry."""
    for text in texts:
        bad = NOT_XML.search(text) if text else None
        if bad is not None:
            raise L10nError(f"{what} holds U+{ord(bad.group()):04X}, which XML cannot carry; remove it", po_path, line)
