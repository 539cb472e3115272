"""Reading XML that comes from outside (ITS rules files, XLIFF, TMX) without letting it attack us.

One parser configuration for the whole toolkit: lxml with entity resolution, DTD loading and network access
off, no huge-tree mode, comments and processing instructions dropped.  A document whose internal DTD subset
declares entities, or that uses an entity reference, is refused: entity-expansion bombs ("billion laughs") and
external entities (XXE) never reach an expansion step.  An external DOCTYPE reference is never fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from toolkit.errors import L10nError

_SAFE_OPTIONS = dict(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, dtd_validation=False,
                     remove_comments=True, remove_pis=True)
SAFE_PARSER = etree.XMLParser(**_SAFE_OPTIONS)


def parse_xml_bytes(data: bytes, where: object, what: str = "XML", first_line: int = 0) -> etree._Element:
    """The root element of `data`; a problem is an L10nError naming `where` and the line.

    `first_line` is added to the parser's line numbers (XML embedded in a page starts on a page line).
    """
    try:
        root = etree.fromstring(data, SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise _malformed(exc, where, what, first_line) from None
    _refuse_declared_entities(root, where, what)
    _refuse_entity_references(root, where, what)
    return root


def stream_xml(stream: BinaryIO, where: object, what: str, tags: frozenset[str]) -> Iterator[etree._Element]:
    """The document read as `parse_xml_bytes` reads it, with its checks, for a file too large to hold as a tree (a
    whole catalogue's XLIFF is 30 times the catalogue in memory): the root element first (its attributes; not its
    content), then each element whose tag is in `tags` (none inside another) once it is complete, in document order.
    Each is emptied once the caller is done with it (the iteration resumed), with the siblings before it, so the
    tree holds one at a time.  The parser finds the elements: other elements cost the caller nothing."""
    etree.clear_error_log()  # (the log a syntax error carries would hold earlier documents' errors first)
    events = etree.iterparse(stream, events=("start", "end"), tag=list(tags), **_SAFE_OPTIONS)
    root = None
    try:
        for event, element in events:
            if root is None:
                root = element.getroottree().getroot()
                _refuse_declared_entities(root, where, what)
                yield root
            if event == "end" and element is not root:
                _refuse_entity_references(element, where, what)
                yield element
                parent = element.getparent()
                while (before := element.getprevious()) is not None and parent is not None:
                    _refuse_entity_references(before, where, what)
                    parent.remove(before)
                element.clear(keep_tail=True)
        if root is None:  # (no element of `tags`)
            root = events.root
            _refuse_declared_entities(root, where, what)
            yield root
        _refuse_entity_references(root, where, what)  # (what is left: the root and what no element of `tags` held)
    except etree.XMLSyntaxError as exc:
        logged = exc.error_log[0] if len(exc.error_log) else None  # (iterparse's own message says only "no element")
        if logged is not None:
            exc = etree.XMLSyntaxError(logged.message, logged.type, logged.line, logged.column)
        raise _malformed(exc, where, what) from None
    except OSError as exc:  # (a read failing part-way)
        raise L10nError(f"cannot read: {exc.strerror}", where) from None


def _malformed(exc: etree.XMLSyntaxError, where: object, what: str, first_line: int = 0) -> L10nError:
    line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else 1
    # the line is given as ours; libxml2 ends some messages with a line break ("…try XML_PARSE_HUGE\n")
    msg = " ".join(exc.msg.rsplit(", line ", 1)[0].split())
    return L10nError(f"malformed {what}: {msg}; fix the XML", where, first_line + line)


def _refuse_declared_entities(root: etree._Element, where: object, what: str) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        raise L10nError(f"the {what} declares XML entities; refused (entity expansion is a known attack)", where)


def _refuse_entity_references(node: etree._Element, where: object, what: str) -> None:
    if isinstance(node, etree._Entity) or next(node.iter(etree.Entity), None) is not None:
        raise L10nError(f"the {what} uses undeclared entity references; refused", where)
