"""TMX 1.4b: export reviewed translations; read a TMX as translation-memory pairs.

Export writes one ``<tu>`` per reviewed entry (both forms of a plural one) with the source and
the target ``<tuv>``.  Placeholders become inline codes: ``<bpt i=…>``/``<ept i=…>`` for a pair,
``<ph x=…>`` for a void one, each holding the placeholder text (``<a1>``) as its native code.

Reading (for the `memory` engine) turns each segment into the masked token space of
`toolkit.mt.masking` (``[X1X]`` per code, in source order) without looking at what the codes
contain, so a TMX from another tool whose codes hold real HTML (``<b class=x>``) still matches a
msgid that shows ``<b>``; the target's codes are numbered through the source's (``bpt``/``ept``
by ``i``, ``ph`` by ``x``, else by content, else in order).  A unit whose codes cannot be
matched is skipped.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from toolkit import __version__
from toolkit.catalog import is_reviewed, read_catalog, require_catalogs
from toolkit.errors import L10nError
from toolkit.exchange.inline import Codes
from toolkit.exchange.xml import TOOL, pretty_printed, require_xml_text, streamed_xml
from toolkit.fsutil import StagedWrites
from toolkit.locales import bcp47
from toolkit.placeholders import escape_literal
from toolkit.placeholders import problems as placeholder_problems

if TYPE_CHECKING:
    from toolkit.config import Config

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODES = ("bpt", "ept", "ph", "it")
_TOKEN = re.compile(r"(\[X\d+X\])")


@dataclass
class TmxExportReport:
    path: Path
    units: int = 0
    skipped: int = 0  # reviewed entries whose placeholders are broken
    written: bool = False  # False: the file held the export already, and was left as it was


def _replaceable(path: Path) -> None:
    """An L10nError unless a TMX export may be written at `path`: nothing is there, or this toolkit's TMX (`-o`
    naming the catalogue, a page or the settings replaced them)."""
    if not path.exists():
        return
    ours = False
    try:
        if path.is_file():  # (a pipe would block the read)
            with streamed_xml(path, frozenset(["header"])) as elements:  # (read up to the header)
                root, header = next(elements), next(elements, None)
                ours = root.tag == "tmx" and header is not None and header.get("creationtool") == TOOL
    except L10nError:
        pass
    if not ours:
        raise L10nError("exists and is not a TMX file this toolkit exported; not replaced (write the export elsewhere "
                        "with -o, or move the file away)", path)


def export_tmx(cfg: Config, locale: str, output: str | Path, staged: StagedWrites | None = None) -> TmxExportReport:
    """Write the reviewed translations of `locale` as TMX 1.4b; with `staged`, when it commits (the exports of
    several locales are written all or none)."""
    from toolkit.mt.offline import reviewed_pairs

    po_path = require_catalogs(cfg, [locale])[locale]
    report = TmxExportReport(Path(output))
    _replaceable(report.path)
    src_lang, trg_lang = bcp47(cfg.source_locale), cfg.lang_tag(locale)
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool=TOOL, creationtoolversion=__version__,
                     segtype="block", adminlang="en", srclang=src_lang, datatype="plaintext",
                     **{"o-tmf": "PO"})
    body = etree.SubElement(root, "body")
    po = read_catalog(po_path)
    for e in po:  # TMX has no way to carry them (XLIFF's <cp>)
        if is_reviewed(e):
            require_xml_text([e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, *e.msgstr_plural.values()],
                             "a reviewed entry", po_path, e.linenum)

    def units() -> Iterator[etree._Element]:
        for ctx, source, translation in reviewed_pairs(po):
            codes = Codes.of(source)
            if placeholder_problems(source, translation, set(codes.names)):
                report.skipped += 1
                continue
            tu = etree.SubElement(body, "tu")
            if ctx is not None:
                etree.SubElement(tu, "prop", type="x-context").text = ctx
            for lang, text in ((src_lang, source), (trg_lang, translation)):
                tuv = etree.SubElement(tu, "tuv")
                tuv.set(XML_LANG, lang)
                _seg(etree.SubElement(tuv, "seg"), codes, text)
            report.units += 1
            yield tu

    document = pretty_printed(root, body, units(), doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
    with StagedWrites() if staged is None else contextlib.nullcontext(staged) as writes:
        report.written = writes.write(report.path, document)
    return report


def _seg(seg: etree._Element, codes: Codes, text: str) -> None:
    last: etree._Element | None = None
    for piece in codes.pieces(text):
        if isinstance(piece, str):
            if last is None:
                seg.text = (seg.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        tag = {"open": "bpt", "close": "ept", "void": "ph"}[piece.kind]
        last = etree.SubElement(seg, tag, **({"x": str(piece.number)} if tag == "ph" else {"i": str(piece.number)}))
        last.text = piece.text


# --- reading ------------------------------------------------------------------------------------


def read_tmx_pairs(path: str | Path, source_tag: str, target_tag: str) -> list[tuple[str, str]]:
    """(masked source, masked translation) of every unit with both languages; see the module docstring.

    Languages match case-insensitively, and a tag without a region matches one with it (``ko``
    finds ``ko-KR``) when nothing matches exactly.
    """
    with streamed_xml(path, frozenset(["tu"])) as elements:
        root = next(elements)
        if root.tag != "tmx":
            raise L10nError(f"not a TMX document (root element {root.tag!r})", path)
        return [pair for tu in elements if (pair := _tu_pair(tu, source_tag, target_tag)) is not None]


def _tu_pair(tu: etree._Element, source_tag: str, target_tag: str) -> tuple[str, str] | None:
    segs: dict[str, etree._Element] = {}
    for tuv in tu.iterfind("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        if seg is not None:
            segs.setdefault(lang.lower(), seg)
    src = _pick(segs, source_tag)
    trg = _pick(segs, target_tag)
    return None if src is None or trg is None else _masked_pair(src, trg)


def _pick(segs: dict, tag: str) -> etree._Element | None:
    tag = tag.lower()
    if tag in segs:
        return segs[tag]
    if "-" not in tag:
        return next((seg for lang, seg in segs.items() if lang.split("-")[0] == tag), None)
    return None


def _masked_pair(src: etree._Element, trg: etree._Element) -> tuple[str, str] | None:
    source_codes = _codes(src)
    if source_codes is None:
        return None
    by_key: dict[tuple, int] = {}
    for n, (key, content) in enumerate(source_codes, 1):
        if key[1] is not None:
            by_key.setdefault(key, n)
        by_key.setdefault(("content", content), n)
    target_codes = _codes(trg)
    if target_codes is None:
        return None
    ph_order = iter(n for n, (key, _) in enumerate(source_codes, 1) if key[0] == "ph")
    numbers = []
    for key, content in target_codes:
        number = by_key.get(key) if key[1] is not None else by_key.get(("content", content))
        if number is None and key[0] == "ph":
            number = next(ph_order, None)
        if number is None:
            return None
        numbers.append(number)
    if sorted(numbers) != list(range(1, len(source_codes) + 1)):
        return None  # the target drops or repeats a code
    return _render(src, iter(range(1, len(source_codes) + 1))), _render(trg, iter(numbers))


def _codes(seg: etree._Element) -> list[tuple[tuple, str]] | None:
    """(key, content) of each inline code of a segment, in order; key identifies it across languages."""
    out = []
    for el in seg:
        if el.tag not in _CODES:
            continue
        content = "".join(el.itertext())
        if el.tag in ("bpt", "ept"):
            if el.get("i") is None:
                return None
            out.append(((el.tag, el.get("i")), content))
        elif el.tag == "ph" and el.get("x"):
            out.append((("ph", el.get("x")), content))
        else:
            out.append(((el.tag, None), content))
    return out


def _render(seg: etree._Element, numbers: Iterator[int]) -> str:
    """The segment with each code as its [Xn X] token; text escaped as a msgid with placeholders is."""
    has_codes = any(el.tag in _CODES for el in seg)
    parts = [seg.text or ""]
    for child in seg:
        if child.tag in _CODES:
            parts.append(f"[X{next(numbers)}X]")
        else:  # <hi>, <sub>, <ut>: their text is text
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    text = "".join(parts)
    if not has_codes:
        return text
    out = []
    for piece in _split_tokens(text):
        out.append(piece if piece.startswith("[X") else escape_literal(piece))
    return "".join(out)


def _split_tokens(text: str) -> list[str]:
    return [p for p in _TOKEN.split(text) if p]
