"""Reading an exchange file (a CAT tool's XLIFF, someone's TMX) through the toolkit's one safe XML parser.

An external DOCTYPE reference (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, as TMX files carry) is fine: it is never
fetched.  Entity declarations and references are refused (`toolkit.xmlsafe`).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from toolkit.errors import L10nError
from toolkit.xmlsafe import parse_xml_bytes


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
