"""Reading XML from outside (a CAT tool's XLIFF, someone's TMX) without letting it attack us.

lxml with entity resolution, DTD loading and network access off, and no huge-tree mode;
and a document whose internal DTD subset declares entities is refused outright, so
entity-expansion bombs ("billion laughs", external entities) never reach the parser's
expansion step.  An external DOCTYPE reference (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, as
TMX files carry) is fine: it is never fetched.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from toolkit.errors import L10nError


def parse_xml(path: str | Path) -> etree._ElementTree:
    """The parsed document; any problem is an L10nError naming the file (and line)."""
    path = Path(path)
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                             dtd_validation=False, remove_comments=True, remove_pis=True)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise L10nError("file not found", path) from None
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path) from None
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        raise L10nError(f"not well-formed XML: {exc.msg}", path, line) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        raise L10nError("the document declares XML entities; refused (entity expansion is a known attack, "
                        "and exchange files need none)", path)
    if any(isinstance(node, etree._Entity) for node in tree.iter()):
        raise L10nError("the document uses undeclared entity references; refused", path)
    return tree
