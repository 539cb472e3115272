"""Reading an exchange file (a CAT tool's XLIFF, someone's TMX) through the toolkit's one safe XML parser, and
writing ours, a batch of elements at a time.

An external DOCTYPE reference (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, as TMX files carry) is fine: it is never
fetched.  Entity declarations and references are refused (`toolkit.xmlsafe`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from toolkit.errors import L10nError
from toolkit.xmlsafe import stream_xml

# the tool our exports name (XLIFF's generator note, TMX's creationtool): a file naming it is one an export replaces
TOOL = "l10n-toolkit"


@contextmanager
def streamed_xml(path: str | Path, tags: frozenset[str]) -> Iterator[Iterator[etree._Element]]:
    """The root element, then each element of `tags` (`toolkit.xmlsafe.stream_xml`: one held at a time); any
    problem is an L10nError naming the file (and line)."""
    path = Path(path)
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise L10nError("file not found", path) from None
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path) from None
    with stream:
        yield stream_xml(stream, path, "document", tags)


# What XML 1.0 cannot carry (its Char production): C0 controls but tab, LF, CR; surrogates; U+FFFE, U+FFFF.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def require_xml_text(texts: list[str | None], what: str, po_path: Path, line: int | None) -> None:
    """An L10nError naming the entry's line if one of `texts` holds a character XML cannot carry."""
    for text in texts:
        bad = NOT_XML.search(text) if text else None
        if bad is not None:
            raise L10nError(f"{what} holds U+{ord(bad.group()):04X}, which XML cannot carry; remove it", po_path, line)


def pretty_printed(root: etree._Element, parent: etree._Element, children: Iterator[etree._Element],
                   doctype: str | None = None, batch: int = 1000) -> Iterator[bytes]:
    """The document's bytes as lxml pretty-prints it whole, made `batch` of `parent`'s last children at a time (each
    added to `parent` as it is made, after what it holds already): the tree holds one batch, not a whole catalogue
    (whose tree was 30 times its size in memory)."""
    def serialised() -> bytes:
        return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True,
                              doctype=doctype)

    marker = etree.SubElement(parent, _CUT)  # where the children go: what comes before and after them
    data = serialised()
    parent.remove(marker)
    at = data.index(b"<" + _CUT.encode())
    head, tail = data[:data.rindex(b"\n", 0, at) + 1], data[data.index(b"\n", at) + 1:]
    chunk = list(itertools.islice(children, batch))
    if not chunk:  # (lxml writes an empty element as <body/>)
        yield serialised()
        return
    yield head
    while chunk:
        data = serialised()
        yield data[len(head):len(data) - len(tail)]
        for child in chunk:
            parent.remove(child)
        chunk = list(itertools.islice(children, batch))
    yield tail


_CUT = "l10n-cut"
