"""Reading XML that comes from outside (ITS rules files, XLIFF, TMX) without letting it attack us.

One parser configuration for the whole toolkit: lxml with entity resolution, DTD loading and network access
off, no huge-tree mode, comments and processing instructions dropped.  A document whose internal DTD subset
declares entities, or that uses an entity reference, is refused: entity-expansion bombs ("billion laughs") and
external entities (XXE) never reach an expansion step.  An external DOCTYPE reference is never fetched.
"""

from __future__ import annotations

from lxml import etree

from toolkit.errors import L10nError

SAFE_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                              dtd_validation=False, remove_comments=True, remove_pis=True)


def parse_xml_bytes(data: bytes, where: object, what: str = "XML", first_line: int = 0) -> etree._Element:
    """The root element of `data`; a problem is an L10nError naming `where` and the line.

    `first_line` is added to the parser's line numbers (XML embedded in a page starts on a page line).
    """
    try:
        root = etree.fromstring(data, SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else 1
        # the line is given as ours; libxml2 ends some messages with a line break ("…try XML_PARSE_HUGE\n")
        msg = " ".join(exc.msg.rsplit(", line ", 1)[0].split())
        raise L10nError(f"malformed {what}: {msg}; fix the XML", where, first_line + line) from None
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        raise L10nError(f"the {what} declares XML entities; refused (entity expansion is a known attack)", where)
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise L10nError(f"the {what} uses undeclared entity references; refused", where)
    return root
