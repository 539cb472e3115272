"""XLIFF 2.0 export and import of one locale's catalogue, for CAT tools (Trados, memoQ, OmegaT, Okapi).

Export: one ``<unit>`` per active entry.  Its id is derived from (msgctxt, msgid), so it
stays the same however the catalogue is reordered; ``name`` is the msgctxt.  ``#.`` notes,
the ``#:`` locations and a fuzzy entry's previous msgid (``#|``, what its translation was of) become
``<notes>``.  Placeholders become inline codes: ``<pc>`` for
a pair (``dataRefStart``/``dataRefEnd``), ``<ph>`` for a void one, each pointing at an
``<originalData><data>`` that records the placeholder text (``<a1>``).  State: an empty entry
is ``initial`` (no target), a fuzzy one ``translated``, a reviewed one ``reviewed``.

Import: every unit is checked against the catalogue before anything is written: the
trgLang, the unit id, the source text, the codes (only the unit's own, each as recorded) and
the placeholders of the resulting translation.  Each problem is one line; with any problem
nothing is written.  A unit whose entry left the catalogue since the export (its source text changed: `update`
made it a new entry) is skipped with a line of its own, and the others are imported; a file none of whose units
is in the catalogue is an error.  Otherwise the units whose text or state differ from the catalogue go
through `toolkit.catalog.apply_changes` (under the lock, only those entries, never over an
edit made since the file was read).  ``translated`` and ``initial`` import as fuzzy,
``reviewed`` and ``final`` as reviewed, but a reviewed entry whose text comes back unchanged stays reviewed
(tools write a state of their own for every unit they save; the import says how many).  A unit without a target
leaves its entry's text alone.  Notes a CAT
tool added to a unit (``<note category="translator">Check with client!</note>``) join the entry's translator
comment, each line the comment lacks (`_new_notes`), whatever becomes of the text.  White space is read
as the file's xml:space says (`_as_meant`): content where it is "preserve" (our export), a tool's layout where it is
"default"; a target that would break msgfmt's line-break rule is never written.

Edits on both sides: each unit carries a fingerprint of its entry's translation and state as exported
(``<mda:metadata>``, XLIFF 2's Metadata module, which tools keep).  A unit the CAT tool left as exported
changes nothing, even where the catalogue moved on since (a person kept working in Poedit); one changed in both
the file and the catalogue is a conflict: the catalogue's text is kept and the unit reported, unless the
catalogue's is machine output no person touched (a pre-fill since the export yields to the vendor's work).  A
unit without a readable fingerprint (another tool's file, an older export, a tool that dropped them) is imported
wherever it differs, with a warning that edits made in the catalogue since the export may be undone.

Plural entries have no XLIFF 2 core form and are left out (counted in the report).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib
from lxml import etree

from toolkit import __version__
from toolkit.catalog import (
    EntryChange,
    EntryText,
    apply_changes,
    entry_key,
    is_machine_output,
    is_reviewed,
    line_break_mismatch,
    read_catalog,
    require_catalogs,
)
from toolkit.catalog.status import TOOL_MARK_PREFIXES
from toolkit.errors import L10nError
from toolkit.exchange.inline import Code, Codes, Piece
from toolkit.exchange.xml import NOT_XML, TOOL, pretty_printed, require_xml_text, streamed_xml
from toolkit.fsutil import StagedWrites
from toolkit.locales import bcp47
from toolkit.placeholders import NOT_TEXT, PLACEHOLDER_RE, line_break_vanishes
from toolkit.placeholders import problems as placeholder_problems

if TYPE_CHECKING:
    from toolkit.config import Config

NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
_M = f"{{{MDA}}}"
EXPORTED_META = "exported-translation"  # <mda:meta type>: `exported_fingerprint` of the entry as exported
VERSION = "2.0"
_X = f"{{{NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FUZZY_STATES = {"initial", "translated"}
REVIEWED_STATES = {"reviewed", "final"}


def unit_id(msgctxt: str | None, msgid: str) -> str:
    """A stable XML NMTOKEN for an entry: the same (msgctxt, msgid) always gives the same id."""
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def exported_fingerprint(text: EntryText) -> str:
    """What an entry's translation and state were when exported, as a short digest (the module docstring)."""
    return hashlib.sha256(json.dumps([text.forms, text.fuzzy]).encode("utf-8")).hexdigest()[:16]


def data_ids(codes: Codes) -> dict[str, str]:
    """placeholder text -> the id of its <data> element (d1, d2, … in source order)."""
    return {text: f"d{i}" for i, text in enumerate(codes.numbers, 1)}


@dataclass
class ExportReport:
    path: Path
    units: int = 0
    translated: int = 0
    reviewed: int = 0
    plural_skipped: int = 0
    broken_targets: list[str] = field(default_factory=list)  # msgids whose translation's placeholders are broken
    written: bool = False  # False: the file held the export already, and was left as it was


def export_xliff(cfg: Config, locale: str, output: str | Path | None = None,
                 staged: StagedWrites | None = None) -> ExportReport:
    """Write the locale's catalogue as XLIFF 2.0 (default: locales/<locale>.xlf); with `staged`, when it commits
    (the exports of several locales are written all or none)."""
    po_path = require_catalogs(cfg, [locale])[locale]
    path = Path(output) if output else cfg.locales_path / f"{locale}.xlf"
    _replaceable(cfg, path, locale)
    po = read_catalog(po_path)
    report = ExportReport(path)
    root = etree.Element(f"{_X}xliff", nsmap={None: NS, "mda": MDA}, version=VERSION, srcLang=bcp47(cfg.source_locale),
                         trgLang=cfg.lang_tag(locale))
    file = etree.SubElement(root, f"{_X}file", id="f1", original=cfg.relpath(po_path))
    file.set(XML_SPACE, "preserve")
    tool = etree.SubElement(file, f"{_X}notes")
    etree.SubElement(tool, f"{_X}note", category="generator").text = f"{TOOL} {__version__}"

    def units() -> Iterator[etree._Element]:
        for entry in po:
            if entry.obsolete or not entry.msgid:
                continue
            if entry.msgid_plural:
                report.plural_skipped += 1
                continue
            yield _unit(file, entry, report, po_path)

    with StagedWrites() if staged is None else contextlib.nullcontext(staged) as writes:
        report.written = writes.write(path, pretty_printed(root, file, units()))
    return report


def _replaceable(cfg: Config, path: Path, locale: str) -> None:
    """An L10nError unless an export may be written at `path`: nothing is there, or this toolkit's export of the
    locale holding no work of a CAT tool's yet to import.  `-o` naming the catalogue, a page or the settings replaced
    them; a file back from the vendor, left where the export was, was replaced by the next export."""
    if not path.exists():
        return
    refusal = f"exists and is not an XLIFF file this toolkit exported for {locale}; not replaced (write the export " \
              "elsewhere with -o, or move the file away)"
    if not path.is_file():  # (a pipe would block the read)
        raise L10nError(refusal, path)
    try:
        read = _read_import(cfg, path, locale) if _ours(path) else None
    except L10nError as exc:
        if exc.path is not None and Path(str(exc.path)) != path:
            raise  # the catalogue's error (a duplicate entry), at its line: nothing the file could be blamed for
        raise L10nError(refusal, path) from None
    if read is None:
        raise L10nError(refusal, path)
    report, _catalogue, changes = read
    if report.units and len(report.stale) == report.units:
        return  # every unit's text left the catalogue: nothing in it could be imported any more
    work = len(changes) + len(report.conflicts) + len(report.errors)
    if work:
        raise L10nError(f"holds {work} unit(s) whose text differs from the catalogue's and from what was exported (a "
                        f"file back from a CAT tool, not imported, or imported with conflicts): import it (l10n xliff "
                        f"import {path}), or move it away to export anew", path)


def _unit(file: etree._Element, entry: polib.POEntry, report: ExportReport, po_path: Path) -> etree._Element:
    # (text runs carry such characters as <cp>; attributes and notes cannot)
    require_xml_text([entry.msgctxt, entry.comment, entry.tcomment], "the entry's msgctxt or a comment", po_path,
                     entry.linenum)
    report.units += 1
    unit = etree.SubElement(file, f"{_X}unit", id=unit_id(entry.msgctxt, entry.msgid))
    if entry.msgctxt is not None:
        unit.set("name", entry.msgctxt)
    group = etree.SubElement(etree.SubElement(unit, f"{_M}metadata"), f"{_M}metaGroup", category=TOOL)
    etree.SubElement(group, f"{_M}meta", type=EXPORTED_META).text = exported_fingerprint(EntryText.of(entry))
    notes = [("description", n) for n in (entry.comment or "").splitlines() if n.strip()]
    notes += [("translator", n) for n in (entry.tcomment or "").splitlines() if n.strip()]
    if entry.occurrences:
        notes.append(("location", " ".join(f"{p}:{line}" if line else p for p, line in entry.occurrences)))
    previous = entry.previous_msgid if entry.fuzzy else None  # what the translation was of: the change to look at
    if previous is not None and not NOT_XML.search(previous):  # (a note cannot carry what XML cannot)
        notes.append(("previous-source", f"Before the source changed: {previous}"))
    if notes:
        box = etree.SubElement(unit, f"{_X}notes")
        for category, text in notes:
            etree.SubElement(box, f"{_X}note", category=category).text = text
    codes = Codes.of(entry.msgid)
    ids = data_ids(codes)
    if ids:
        original = etree.SubElement(unit, f"{_X}originalData")
        for text, did in ids.items():
            etree.SubElement(original, f"{_X}data", id=did).text = text
    segment = etree.SubElement(unit, f"{_X}segment")
    _fill(etree.SubElement(segment, f"{_X}source"), codes.pieces(entry.msgid), ids, paired=codes.paired_ok(entry.msgid))
    if not entry.msgstr:
        segment.set("state", "initial")
        return unit
    if placeholder_problems(entry.msgid, entry.msgstr, set(codes.names)):
        segment.set("state", "initial")  # the codes would not match: CAT tools get the source only
        report.broken_targets.append(entry.msgid)
        return unit
    segment.set("state", "reviewed" if is_reviewed(entry) else "translated")
    report.reviewed += is_reviewed(entry)
    report.translated += not is_reviewed(entry)
    _fill(etree.SubElement(segment, f"{_X}target"), codes.pieces(entry.msgstr), ids, paired=True)
    return unit


def _fill(element: etree._Element, pieces: list[Piece], ids: dict[str, str], paired: bool) -> None:
    """Append text and codes to `element`: pairs as <pc> (nested as the text nests them), voids as <ph>."""
    stack = [element]
    last: etree._Element | None = None  # where the next text goes: .text of the top, or .tail of `last`

    def add_text(text: str) -> None:
        nonlocal last
        pos = 0
        for bad in [*NOT_XML.finditer(text), None]:  # a character XML cannot carry is XLIFF's <cp hex>
            run = text[pos:bad.start()] if bad is not None else text[pos:]
            if last is None:
                stack[-1].text = (stack[-1].text or "") + run
            else:
                last.tail = (last.tail or "") + run
            if bad is not None:
                last = etree.SubElement(stack[-1], f"{_X}cp", hex=f"{ord(bad.group()):04X}")
                pos = bad.end()

    for piece in pieces:
        if isinstance(piece, str):
            add_text(piece)
        elif piece.kind == "open" and paired:
            pc = etree.SubElement(stack[-1], f"{_X}pc", id=str(piece.number), dataRefStart=ids[piece.text],
                                  dataRefEnd=ids[_closer(piece.text)])
            stack.append(pc)
            last = None
        elif piece.kind == "close" and paired:
            last = stack.pop()
        else:  # void, or a pair that cannot nest: a standalone code each
            suffix = {"open": "s", "close": "e"}.get(piece.kind, "")
            last = etree.SubElement(stack[-1], f"{_X}ph", id=f"{piece.number}{suffix}", dataRef=ids[piece.text])


def _closer(open_text: str) -> str:
    return "</" + open_text[1:]


# --- import ------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    path: Path
    catalog: Path | None = None
    locale: str | None = None
    units: int = 0
    unchanged: int = 0
    applied: int = 0
    changed_meanwhile: int = 0  # edited in the catalogue since it was read: left alone
    kept_since_export: int = 0  # edited in the catalogue since the export, not in the file: left alone
    conflicts: list[str] = field(default_factory=list)  # edited in both since the export: one line each, left alone
    unfingerprinted: int = 0  # units that differ and carry no fingerprint: applied as they are (module docstring)
    stale: list[str] = field(default_factory=list)  # units whose entry is gone from the catalogue: one line each
    noted: int = 0  # units bringing notes their entry lacks (a translator's question): added to its translator comment
    # units whose reviewed text came back unchanged but "translated" or "initial" (a CAT tool writes its own state for
    # every unit it saves): kept reviewed, or one save would unpublish a whole locale
    kept_reviewed: int = 0
    # note lines that read as the toolkit's own marks (machine translation: …, l10n: ignore-check …): not imported,
    # or a note would make a person's text machine output (which translate then overwrites) or switch checks off
    marks_left: int = 0
    errors: list[str] = field(default_factory=list)  # one line each; any error: nothing written


def _ours(path: Path) -> bool:
    """Whether the file is an XLIFF document this toolkit wrote (its generator note, before the first unit)."""
    with streamed_xml(path, frozenset([f"{_X}note", f"{_X}unit"])) as elements:
        if next(elements).tag != f"{_X}xliff":
            return False
        for element in elements:
            if element.tag == f"{_X}unit":
                return False
            if element.get("category") == "generator" and (element.text or "").startswith(f"{TOOL} ") and \
                    [a.tag for a in element.iterancestors()] == [f"{_X}notes", f"{_X}file", f"{_X}xliff"]:
                return True
    return False


def import_xliff(cfg: Config, path: str | Path, locale: str | None = None) -> ImportReport:
    """Write the translations of an XLIFF 2 file into its locale's catalogue; see the module docstring."""
    report, po_path, changes = _read_import(cfg, Path(path), locale)
    if report.errors:
        return report
    result = apply_changes(po_path, changes, cfg.wrap_width)
    report.applied = len(result.applied)
    report.changed_meanwhile = len(result.changed_meanwhile) + len(result.gone)
    return report


def _read_import(cfg: Config, path: Path, locale: str | None) -> tuple[ImportReport, Path, dict]:
    """What importing the file would write: its report (errors, conflicts, counts), the catalogue and the changes by
    entry key.  The file is read a unit at a time."""
    with streamed_xml(path, frozenset([f"{_X}unit"])) as elements:
        return _read_units(cfg, path, locale, next(elements), elements)


def _read_units(cfg: Config, path: Path, locale: str | None, root: etree._Element,
                units: Iterator[etree._Element]) -> tuple[ImportReport, Path, dict]:
    report = ImportReport(path)
    if root.tag != f"{_X}xliff":
        raise L10nError(f"not an XLIFF 2 document (root element {etree.QName(root).localname!r} in namespace "
                        f"{etree.QName(root).namespace!r}; expected xliff in {NS})", path)
    if not str(root.get("version", "")).startswith("2."):
        raise L10nError(f"XLIFF version {root.get('version')!r} is not supported; export XLIFF 2.0 or 2.1", path)
    trg = root.get("trgLang")
    target = _locale_for(cfg, trg, locale)
    if target is None:
        wanted = cfg.lang_tag(locale) if locale else "one of " + ", ".join(cfg.lang_tag(c) for c in cfg.all_locales())
        raise L10nError(f"trgLang is {trg!r}, expected {wanted}", path, root.sourceline)
    po_path = require_catalogs(cfg, [target])[target]
    report.catalog, report.locale = po_path, target
    po = read_catalog(po_path)
    by_id = {unit_id(e.msgctxt, e.msgid): e for e in po if not e.obsolete and e.msgid and not e.msgid_plural}
    changes: dict = {}
    seen: set[str] = set()
    for unit in units:
        report.units += 1
        change = _read_unit(unit, by_id, seen, report, path)
        if change is None:
            continue
        entry, read = change
        old = EntryText.of(entry)
        new = old if read is None else read
        notes = _new_notes(unit, entry, report)
        control = NOT_TEXT.search(("" if new == old else new.forms[0]) + (notes or ""))
        if control is not None:  # (what `tmx export` and PO tools then refuse, written by no translator)
            report.errors.append(f"{path}:{unit.sourceline}: unit {unit.get('id')!r}: its target or a note holds "
                                 f"U+{ord(control.group()):04X}, a control character; remove it")
            continue
        if new != old:
            exported = _exported(unit)
            if exported is not None and exported_fingerprint(new) == exported:
                report.kept_since_export += 1  # the CAT tool left it as exported; the catalogue moved on
                new = old
            elif new.forms == old.forms and new.fuzzy and is_reviewed(entry):
                report.kept_reviewed += 1  # a tool relabelling what it did not touch unpublishes no reviewer's work
                new = old
            elif exported is None:
                report.unfingerprinted += 1
            elif exported_fingerprint(old) != exported and not is_machine_output(entry):  # (machine output yields)
                report.conflicts.append(f"{path}:{unit.sourceline}: {entry.msgid[:60]!r} was changed both in the "
                                        f"catalogue and in this file since the export; the catalogue's is kept")
                new = old
        elif notes is None:
            report.unchanged += 1
            continue
        if new != old or notes is not None:  # (a note joins the translator comment whatever became of the text)
            report.noted += notes is not None
            changes[entry_key(entry)] = EntryChange(old, new, comment=notes)
    if report.units and len(report.stale) == report.units:
        report.errors.append(f"{path}: none of its {report.units} units is in the catalogue (exported from another "
                             "project, or before every text changed?)")
    return report, po_path, changes


_FINGERPRINT = re.compile("[0-9a-f]{16}")


def _exported(unit: etree._Element) -> str | None:
    """The unit's fingerprint of its entry as exported (`exported_fingerprint`); None in another tool's file, and
    where it is unreadable or several disagree (a tool's edit): no basis for calling anything a conflict."""
    found = {(meta.text or "").strip() for meta in unit.iterfind(f"{_M}metadata/{_M}metaGroup/{_M}meta")
             if meta.get("type") == EXPORTED_META}
    value = found.pop() if len(found) == 1 else None
    return value if value is not None and _FINGERPRINT.fullmatch(value) else None


def _locale_for(cfg: Config, tag: str | None, locale: str | None) -> str | None:
    if not tag:
        return None
    candidates = [locale] if locale else cfg.all_locales()
    for code in candidates:
        if cfg.lang_tag(code).lower() == tag.lower() or bcp47(code).lower() == tag.lower():
            return code
    return None


def _read_unit(unit: etree._Element, by_id: dict, seen: set[str], report: ImportReport,
               path: Path) -> tuple[polib.POEntry, EntryText | None] | None:
    """The unit's entry and its translation (None: no target, the entry's text is left alone); None after an
    error, or for a unit whose entry is gone."""
    def error(message: str, element: etree._Element = unit) -> None:
        report.errors.append(f"{path}:{element.sourceline}: {message}")

    uid = unit.get("id", "")
    entry = by_id.get(uid)
    if entry is None:  # the source text changed or went since the export: the vendor's other work still counts
        source = unit.find(f"{_X}segment/{_X}source")
        text = " ".join("".join(source.itertext()).split()) if source is not None else ""
        report.stale.append(f"{path}:{unit.sourceline}: unit {uid!r} ({text[:60]!r}) is not in the catalogue any "
                            "more (its source text changed or went since the export); skipped")
        return None
    if uid in seen:
        error(f"unit {uid!r} appears twice")
        return None
    seen.add(uid)
    segments = unit.findall(f"{_X}segment")
    if len(segments) != 1:
        error(f"unit {uid!r} has {len(segments)} segments; join them into one (segmentation must not change)")
        return None
    segment = segments[0]
    codes = Codes.of(entry.msgid)
    ids = data_ids(codes)
    recorded = {d.get("id"): d.text or "" for d in unit.iterfind(f"{_X}originalData/{_X}data")}
    if recorded != {did: text for text, did in ids.items()}:
        error(f"unit {uid!r}: its <originalData> differs from the catalogue's placeholders "
              f"({' '.join(ids) or 'none'}); was it edited?")
        return None
    by_ref = {did: text for text, did in ids.items()}
    source = segment.find(f"{_X}source")
    source_pieces = _pieces(source, by_ref, error) if source is not None else None
    if source_pieces is None or _as_meant(codes.text(source_pieces), source, entry.msgid) != entry.msgid:
        error(f"unit {uid!r}: the source text differs from the catalogue's msgid {entry.msgid!r}",
              source if source is not None else segment)
        return None
    target = segment.find(f"{_X}target")
    if target is None:
        return entry, None
    pieces = _pieces(target, by_ref, error)
    if pieces is None:
        return None
    text = _as_meant(codes.text(pieces), target, entry.msgid)
    if not text:
        return entry, None
    bad = placeholder_problems(entry.msgid, text, set(codes.names))
    if bad:
        error(f"unit {uid!r}: broken codes in the target: {'; '.join(bad)}", target)
        return None
    breaks = line_break_mismatch(entry.msgid, None, [text])
    if breaks:  # (only where white space is content: `_as_meant` gives laid-out text the source's ends)
        error(f"unit {uid!r}: {breaks}, which msgfmt refuses; the file keeps white space as written "
              '(xml:space="preserve"): remove the line breaks a tool laid the target out with', target)
        return None
    state = segment.get("state", "initial")
    if state not in FUZZY_STATES | REVIEWED_STATES:
        error(f"unit {uid!r}: unknown state {state!r} (initial, translated, reviewed, final)", segment)
        return None
    return entry, EntryText((text,), fuzzy=state in FUZZY_STATES)


_WHITE = " \t\n\r"  # XML's white space (not U+00A0 and the like: those are text)
_PREFORMATTED = re.compile("[\t\n\r]|  ")  # a msgid whose white space is more than single spaces between words


def _space(element: etree._Element) -> str:
    """The xml:space in force at `element`: the nearest declaration, else "default" (XML's and XLIFF 2's default)."""
    for el in (element, *element.iterancestors()):
        value = el.get(XML_SPACE)
        if value in ("default", "preserve"):
            return value
    return "default"


def _as_meant(text: str, element: etree._Element, msgid: str) -> str:
    """`text` read from `element`, its white space as the file means it.

    Where xml:space is "preserve" (as our export declares) white space is content, kept as written.  Where it is
    "default", white space is the tool's layout (a CAT tool re-indenting ``<target>`` over lines of its own): the
    ends become the msgid's (so msgfmt's line-break rule holds) and each run inside one space, except in a
    preformatted msgid (line breaks, tabs, runs of spaces: a ``<pre>``), whose inside is left alone.
    """
    if _space(element) == "preserve":
        return text
    core = text.strip(_WHITE)
    if not core:
        return ""
    if not _PREFORMATTED.search(msgid.strip(_WHITE)):
        core = _collapsed(core)
    return msgid[: len(msgid) - len(msgid.lstrip(_WHITE))] + core + msgid[len(msgid.rstrip(_WHITE)):]


_LAYOUT_RUN = re.compile(rf"[ \t\n\r](?:[ \t\n\r]|{PLACEHOLDER_RE.pattern})*+")
_TAGS_BEFORE = re.compile(rf"(?:{PLACEHOLDER_RE.pattern})+\Z")


def _collapsed(text: str) -> str:
    """Layout white space as a browser shows it (CSS): a run of it, placeholders inside it aside, is one space where
    it starts, or nothing at the start or end of the text or, for a run with a line break, between two wide
    characters (Chinese and Japanese have no spaces between words; Korean has, and keeps one)."""
    def one(run: re.Match[str]) -> str:
        tags = "".join(t[0] for t in PLACEHOLDER_RE.finditer(run[0]))
        tags_before = _TAGS_BEFORE.search(text, max(0, run.start() - 200), run.start())
        at = tags_before.start() if tags_before else run.start()
        before = text[at - 1] if at else ""
        if not before or run.end() == len(text):
            return tags
        after = text[run.end()]  # (never a tag: the run takes those after it)
        if ("\n" in run[0] or "\r" in run[0]) and line_break_vanishes(before, after):
            return tags
        return " " + tags

    return _LAYOUT_RUN.sub(one, text)


_OWN_NOTES = {"description", "location", "previous-source"}  # what the export says of the source, not of the text


def _new_notes(unit: etree._Element, entry: polib.POEntry, report: ImportReport) -> str | None:
    """The lines of the unit's notes that its entry's translator comment lacks (a CAT tool's translator asking
    "Check with client!"), as comment lines; None when there are none.  The export's own notes come back as they
    went: its translator notes are the comment's lines, the others are the source's and not the entry's to keep.
    A line that reads as one of the toolkit's own marks (`TOOL_MARK_PREFIXES`) is left out, counted in `report`."""
    have = {line.strip() for line in (entry.tcomment or "").splitlines()}
    lines: list[str] = []
    for note in unit.iterfind(f"{_X}notes/{_X}note"):
        if note.get("category") in _OWN_NOTES:
            continue
        for line in (note.text or "").splitlines():
            line = line.strip()
            if line and line not in have and line not in lines:
                if line.lower().startswith(TOOL_MARK_PREFIXES):
                    report.marks_left += 1  # a file never says what a human or an engine did, nor silences checks
                    continue
                lines.append(line)
    return "\n".join(lines) or None


def _code_point(hex_digits: str) -> str | None:
    """The character of a ``<cp hex>``; None for what no .po can hold: NUL, a surrogate, beyond U+10FFFF."""
    if not hex_digits or len(hex_digits) > 6 or any(c not in "0123456789abcdefABCDEF" for c in hex_digits):
        return None
    point = int(hex_digits, 16)
    if point == 0 or 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
        return None
    return chr(point)


def _pieces(element: etree._Element, by_ref: dict[str, str],
            error: Callable[[str, etree._Element], None]) -> list[Piece] | None:
    """The text and codes inside <source>/<target>; None (after an error) for a code not of this unit."""
    out: list[Piece] = []
    ok = True

    def walk(el: etree._Element) -> None:
        nonlocal ok
        if el.text:
            out.append(el.text)
        for child in el:
            name = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if child.tag == f"{_X}pc":
                start, end = by_ref.get(child.get("dataRefStart", "")), by_ref.get(child.get("dataRefEnd", ""))
                if start is None or end is None:
                    error(f"<pc id={child.get('id')!r}> refers to no placeholder of this unit", child)
                    ok = False
                else:
                    out.append(Code("open", 0, start))
                    walk(child)
                    out.append(Code("close", 0, end))
            elif child.tag in (f"{_X}ph", f"{_X}sc", f"{_X}ec"):
                ref = by_ref.get(child.get("dataRef", ""))
                if ref is None:
                    error(f"<{name} id={child.get('id')!r}> refers to no placeholder of this unit", child)
                    ok = False
                else:
                    out.append(Code("void", 0, ref))
            elif child.tag == f"{_X}cp":
                char = _code_point(child.get("hex", ""))
                if char is None:
                    error(f"<cp hex={child.get('hex')!r}> is not a character a catalogue can hold "
                          "(a code point 1-10FFFF, not a surrogate)", child)
                    ok = False
                else:
                    out.append(char)
            elif child.tag == f"{_X}mrk":
                walk(child)  # an annotation: its content is text
            else:
                error(f"unexpected element <{name}> in {etree.QName(element).localname}", child)
                ok = False
            if child.tail:
                out.append(child.tail)

    walk(element)
    return out if ok else None
