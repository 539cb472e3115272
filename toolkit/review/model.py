"""What the review server knows, without any web code: pages, units, their status, and saving.

A page is rendered for review by the build's own splice (`toolkit.build.splice.build_page`) as a
fuzzy preview (machine translations shown), with each text unit wrapped in an
``<l10n-unit data-u="N" data-s="STATUS">`` marker through the splice's `annotate` hook; the marker
attributes are written with the build's escaping (`toolkit.html.render.escape_attr`).  Units that
cannot carry a marker (attributes, ``<title>``, ``<textarea>``, ``<option>`` text) are listed by
the page's unit list instead.

Saving goes through the locked merge (a `toolkit.catalog.CatalogWriter` per locale, at the project's line width): only
the changed entry, only if it still reads as the reviewer saw it; otherwise the save is a `Conflict` carrying the
entry as it is now.  The catalogue a save wrote is kept as the one on disk while the file holds its bytes.
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib

from toolkit.build.links import SiteLayout
from toolkit.build.splice import build_page
from toolkit.catalog import (
    MT_COMMENT_PREFIX,
    CatalogWriter,
    EntryChange,
    EntryText,
    entry_key,
    has_text,
    is_machine_output,
    is_reviewed,
    is_usable,
    mt_note,
    read_catalog,
    reviewed_comment,
)
from toolkit.catalog.read import changes_soon, file_identity
from toolkit.checks import ERROR, check_catalog, load_glossary, project_checks_off
from toolkit.checks.glossary import glossary_path
from toolkit.config import Config
from toolkit.discover import content_units
from toolkit.errors import L10nError
from toolkit.fsutil import holds
from toolkit.html import Document, Unit
from toolkit.html.render import escape_attr
from toolkit.html.tokenize import CONDITIONAL
from toolkit.pagecache import cache_for, linked_rules_digest, load_page_cached, project_rules

Key = tuple[str | None, str]
PageVersion = tuple[object, str | None]  # a page's file identity and the digest of the ITS rules files it links
PAGES_HELD = 32  # segmented pages kept between requests: a reviewer moves page by page (an 8 MB page: 80 MB)
# text units whose element holds raw text or only text: a marker element there would show as text or vanish
UNMARKED_ELEMENTS = frozenset({"title", "textarea", "option"})


class Status(enum.Enum):
    """A unit's review state, from the one set of definitions in toolkit.catalog.status."""

    REVIEWED = "reviewed"  # status.is_reviewed
    MT = "mt"  # status.is_machine_output: fuzzy machine output
    FUZZY = "fuzzy"  # fuzzy for another reason: update's fuzzy match (`#|` previous) or a person's draft
    UNTRANSLATED = "untranslated"


def entry_status(entry: polib.POEntry | None) -> Status:
    if entry is None or not has_text(entry):
        return Status.UNTRANSLATED
    if is_reviewed(entry):
        return Status.REVIEWED
    if is_machine_output(entry):
        return Status.MT
    if entry.fuzzy:
        return Status.FUZZY
    return Status.UNTRANSLATED  # a plural entry with an empty form


@dataclass(frozen=True)
class CheckFinding:
    severity: str
    check: str
    message: str


@dataclass
class UnitView:
    """One unit of a page as the review panel shows it (JSON for the page's script)."""

    id: int
    kind: str  # "text" (marked in the page), "attribute" or "unmarked" (listed in the panel)
    element: str
    attribute: str | None
    msgctxt: str | None
    msgid: str
    msgstr: str
    fuzzy: bool
    status: str
    error: bool
    notes: list[str]
    previous_msgid: str | None
    engine: str | None
    engine_date: str | None
    engine_reviewed: bool
    findings: list[CheckFinding]
    line: int  # line in the source page
    po_line: int | None  # line of the entry in the catalogue
    plural: bool

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class UnitStatus:
    """What the page's markers, counts and j/k need of a unit, sent for every unit of the page at once; the rest of
    its `UnitView` (texts, notes, findings) only when it is opened: on a 40,000-unit page the views were 24 MB."""

    id: int
    kind: str
    element: str
    attribute: str | None
    status: str
    error: bool
    label: str  # what the panel's list of attributes and titles shows: the translation, else the source


@dataclass
class PageProgress:
    """Completion of one page in one locale, by unit."""

    page: str
    locale: str
    reviewed: int = 0
    mt: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    errors: int = 0

    @property
    def total(self) -> int:
        return self.reviewed + self.mt + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.reviewed / self.total if self.total else 100.0


@dataclass
class Saved:
    unit: UnitView | None
    version: str


class Refused(L10nError):
    """A save the review never makes: nothing was written (the panel shows the one line)."""


NOTHING_TO_APPROVE = ("an empty translation cannot be approved: type the translation, or Save to leave the unit "
                      "untranslated")


# a catalogue read while another program saves it in place may end early, between two entries: either cause
NOT_IN_CATALOGUE = ("this entry is not in the catalogue as it is on disk now: if another program is saving it, try "
                    "again; if the page changed, run l10n extract and l10n update")


@dataclass
class Conflict:
    """The entry changed on disk since the reviewer opened it (or is gone): nothing was written."""

    message: str
    unit: UnitView | None
    version: str


@dataclass
class _Catalog:
    identity: object
    entries: dict[Key, polib.POEntry]
    metadata: dict[str, str]  # the header's fields: the checks read nplurals from them
    findings: dict[Key, list[CheckFinding]] = field(default_factory=dict)

    @classmethod
    def of(cls, identity: object, po: polib.POFile, before: _Catalog | None) -> _Catalog:
        """The view of a catalogue read (or just written), with the findings of `before` its entries still earn."""
        cat = cls(identity, {entry_key(e): e for e in po if e.msgid and not e.obsolete}, dict(po.metadata))
        if before is not None:
            cat.carry_findings(before)
        return cat

    def carry_findings(self, old: _Catalog) -> None:
        """Keep the findings of the entries that read as they did in `old`: after a save only the entry saved is
        checked again (checking every entry of a 40,000-entry catalogue takes about 8 s)."""
        for key, found in old.findings.items():
            before, now = old.entries.get(key), self.entries.get(key)
            if before is not None and now is not None and _checked_fields(before) == _checked_fields(now):
                self.findings[key] = found


@dataclass
class _Page:
    """A segmented page and, per locale, the units it offers for review."""

    version: PageVersion
    doc: Document
    unmarked: set[int]  # ids of the text units the page can show no marker for (`_unmarked`)
    offered: dict[str, dict[int, Unit]] = field(default_factory=dict)


class ReviewSite:
    """The project as the review server sees it; every read follows the catalogue on disk."""

    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.checks_off = project_checks_off(cfg)  # a bad checks_off stops `l10n serve` at once, not every page
        self.its_rules = project_rules(cfg)  # so does a bad ITS rules file (read when the server starts)
        self.layout = SiteLayout(cfg.source_locale, cfg.all_locales(),
                                 {loc: cfg.lang_tag(loc) for loc in [cfg.source_locale, *cfg.all_locales()]})
        gpath = glossary_path(cfg)
        self.glossary = load_glossary(gpath) if gpath and gpath.is_file() else []
        self._catalogs: dict[str, _Catalog] = {}
        self._versions: dict[str, PageVersion] = {}  # rel -> what its units were made from, for every page seen
        self._docs: OrderedDict[str, _Page] = OrderedDict()  # the pages last used (`PAGES_HELD`), least recent first
        self._units_cache = cache_for(cfg.cache_path, create=False)
        self._progress: dict[tuple[str, str], tuple[PageVersion, _Catalog, PageProgress]] = {}
        self._writers: dict[str, CatalogWriter] = {}  # per locale: a save after a save parses nothing

    # --- files ---------------------------------------------------------------------------------

    @property
    def locales(self) -> list[str]:
        return list(self.cfg.locales)

    def pages(self) -> dict[str, Path]:
        """rel path (as in URLs) -> source page."""
        root = self.cfg.source_path
        return {p.relative_to(root).as_posix(): p for p in self.cfg.source_files()}

    def source_file(self, rel: str) -> Path | None:
        """A file under the source directory, or None: `..`, absolute paths and symlinks leading out are refused."""
        root = self.cfg.source_path.resolve()
        try:
            target = (root / rel).resolve()
            if not target.is_relative_to(root) or not target.is_file():
                return None
        except (OSError, RuntimeError, ValueError):  # a name too long, a NUL, a symlink loop
            return None
        return target

    def version(self, locale: str) -> str:
        """Cheap change marker of a catalogue (mtime and size): open pages poll it."""
        try:
            st = self.cfg.po_path(locale).stat()
        except OSError:
            return "missing"
        return f"{st.st_mtime_ns}-{st.st_size}"

    # --- catalogues ------------------------------------------------------------------------------

    def check_readable(self, locale: str) -> None:
        """The one-line L10nError when the catalogue cannot be read now (parsed once per version of the file)."""
        self._catalog(locale)

    def _catalog(self, locale: str) -> _Catalog:
        if locale not in self.cfg.locales:
            raise L10nError(f"{locale} is not a configured locale")
        path = self.cfg.po_path(locale)
        identity = file_identity(path)
        cached = self._catalogs.get(locale)
        if cached is not None and cached.identity == identity:
            return cached
        cat = self._catalogs[locale] = _Catalog.of(identity, read_catalog(path), cached)
        return cat

    def _adopt(self, locale: str, writer: CatalogWriter, saved: list[Key]) -> None:
        """The catalogue a save just wrote is the one on disk (while the file still holds its bytes): kept, not read
        again (reading a 171,000-entry catalogue back took most of a save's 10 s).  Its identity is taken first,
        so a program saving the file meanwhile makes it a miss, read from disk."""
        written = writer.written()
        path = self.cfg.po_path(locale)
        identity = file_identity(path)
        if written is None or not holds(path, written[0]):
            return
        cat = _Catalog.of(identity, written[1], self._catalogs.get(locale))
        for key in saved:  # (the kept catalogue's entries are the writer's, changed in place by the save: an entry
            cat.findings.pop(key, None)  # saved compares equal to itself, and kept the findings of its old text)
        self._catalogs[locale] = cat

    def _findings(self, locale: str, cat: _Catalog, key: Key) -> list[CheckFinding]:
        """The entry's findings, computed once per catalogue version."""
        self._check(locale, cat, [key])
        return cat.findings[key]

    def _check(self, locale: str, cat: _Catalog, keys: Iterable[Key]) -> None:
        """The findings of the entries of `keys` not checked yet in this catalogue version, in one run of the
        registry's checks (fuzzy included: the reviewer is judging them).  One run for a page's entries, not one
        an entry: setting the checks up for each of a large site's entries made a first index take a minute."""
        todo = {key: cat.entries.get(key) for key in keys if key not in cat.findings}
        if not todo:
            return
        po = polib.POFile()
        po.metadata = cat.metadata
        list.extend(po, [entry for entry in todo.values() if entry is not None])
        found: dict[Key, list[CheckFinding]] = {key: [] for key in todo}
        sources = (msgid for _, msgid in cat.entries)  # the whole catalogue's words, not the page's
        for f in check_catalog(po, locale, self.glossary, include_fuzzy=True, checks_off=self.checks_off,
                               sources=sources, header=False, source_locale=self.cfg.source_locale):
            found[(f.msgctxt, f.msgid)].append(CheckFinding(f.severity, f.check, f.message))
        cat.findings.update(found)

    # --- pages -----------------------------------------------------------------------------------

    def _version(self, rel: str, pages: dict[str, Path] | None = None) -> tuple[PageVersion, Path]:
        """What the page's units are made from now, and its file (`pages`: the site's, when the caller has it; a
        walk of the source dir for each page made the index quadratic).  The linked ITS rules files are read
        again only for a page that links some; they are read before the page, so an edit in between shows next
        time."""
        path = (self.pages() if pages is None else pages).get(rel)
        if path is None:
            raise KeyError(rel)
        identity = file_identity(path)
        known = self._versions.get(rel)
        if known is not None and known[0] == identity and known[1] is None:
            return known, path
        version = self._versions[rel] = (identity, _linked_rules(path))  # (the rules' digest read once)
        return version, path

    def _page(self, rel: str, pages: dict[str, Path] | None = None) -> _Page:
        """The page as segmented (see `_held`)."""
        return self._held(rel, *self._version(rel, pages))

    def _held(self, rel: str, version: PageVersion, path: Path) -> _Page:
        """The page of `version`, segmented again only when it changed or fell out of the pages held (`PAGES_HELD`:
        a large site's pages, all held after an index, took a gigabyte)."""
        held = self._docs.get(rel)
        if held is not None and held.version == version:
            self._docs.move_to_end(rel)
            return held
        # the units extract cached (as the build reads them): segmenting every page again was most of a first index
        doc = load_page_cached(path, self.cfg.its_id_as_context, self.cfg.source_locale, self._units_cache,
                               self.its_rules).doc
        page = self._docs[rel] = _Page(version, doc, _unmarked(doc))
        self._docs.move_to_end(rel)
        while len(self._docs) > PAGES_HELD:
            self._docs.popitem(last=False)
        return page

    def document(self, rel: str, pages: dict[str, Path] | None = None) -> Document:
        """The page as segmented (see `_page`)."""
        return self._page(rel, pages).doc

    def _error(self, locale: str, cat: _Catalog, key: Key) -> bool:
        return any(f.severity == ERROR for f in self._findings(locale, cat, key))

    def _view(self, uid: int, unit: Unit, locale: str, cat: _Catalog, unmarked: set[int]) -> UnitView:
        key = (unit.context, unit.msgid)
        entry = cat.entries.get(key)
        note = mt_note(entry) if entry is not None else None
        findings = self._findings(locale, cat, key)
        return UnitView(
            id=uid, kind=_kind(unit, unmarked), element=unit.element, attribute=unit.attribute,
            msgctxt=unit.context, msgid=unit.msgid,
            msgstr=_msgstr(entry),
            fuzzy=bool(entry is not None and entry.fuzzy),
            status=entry_status(entry).value,
            error=any(f.severity == ERROR for f in findings),
            notes=[ln for ln in (entry.comment or "").splitlines()] if entry is not None else list(unit.notes),
            previous_msgid=entry.previous_msgid if entry is not None else None,
            engine=note.engine if note else None, engine_date=note.date if note else None,
            engine_reviewed=bool(note and note.reviewed),
            findings=findings, line=unit.line, po_line=entry.linenum if entry is not None else None,
            plural=bool(entry is not None and entry.msgid_plural),
        )

    def statuses(self, rel: str, locale: str, pages: dict[str, Path] | None = None) -> list[UnitStatus]:
        """Every unit of the page for `locale` (ITS locale filters applied), in page order: its status only."""
        cat = self._catalog(locale)
        page = self._page(rel, pages)
        units = self._units(page, locale)
        self._check(locale, cat, [(unit.context, unit.msgid) for unit in units.values()])
        out = []
        for uid, unit in units.items():
            entry = cat.entries.get((unit.context, unit.msgid))
            msgstr = _msgstr(entry)
            out.append(UnitStatus(uid, _kind(unit, page.unmarked), unit.element, unit.attribute,
                                  entry_status(entry).value, self._error(locale, cat, (unit.context, unit.msgid)),
                                  msgstr or unit.msgid))
        return out

    def _units(self, page: _Page, locale: str) -> dict[int, Unit]:
        """The units offered for `locale` by their ids (positions in the page's units), in page order; found again
        only when the page changed (0.5 s on a 40,000-unit page, and every opened unit asks)."""
        offered = page.offered.get(locale)
        if offered is None:
            doc = page.doc
            content = {id(unit) for unit in content_units(doc, self.cfg.source_locale)}  # not the language labels
            offered = page.offered[locale] = {uid: unit for uid, unit in enumerate(doc.units)
                                              if id(unit) in content and unit.for_locale(locale)}
        return offered

    def progress(self, rel: str, locale: str, pages: dict[str, Path] | None = None) -> PageProgress:
        """The page's completion, counted again only when the page or the catalogue changed."""
        (version, path), cat = self._version(rel, pages), self._catalog(locale)
        cached = self._progress.get((rel, locale))
        if cached is not None and cached[0] == version and cached[1] is cat:
            return cached[2]
        out = PageProgress(rel, locale)
        seen: set[Key] = set()
        units = self._units(self._held(rel, version, path), locale)
        self._check(locale, cat, [(unit.context, unit.msgid) for unit in units.values()])
        for unit in units.values():
            key = (unit.context, unit.msgid)
            if key in seen:
                continue
            seen.add(key)
            status = entry_status(cat.entries.get(key)).value
            setattr(out, status, getattr(out, status) + 1)
            out.errors += self._error(locale, cat, key)
        self._progress[(rel, locale)] = (version, cat, out)
        return out

    def index(self) -> tuple[list[PageProgress], dict[str, str]]:
        """Every page x locale with its completion, but for the locales whose catalogue cannot be read, given with
        why (a merge conflict in one catalogue or a locale not yet initialised leaves the others reviewable)."""
        pages = self.pages()
        unreadable: dict[str, str] = {}
        for locale in self.locales:
            try:
                self._catalog(locale)
            except L10nError as exc:
                unreadable[locale] = str(exc)
        readable = [loc for loc in self.locales if loc not in unreadable]
        return [self.progress(rel, loc, pages) for rel in sorted(pages, key=_natural) for loc in readable], unreadable

    def render(self, rel: str, locale: str, pages: dict[str, Path] | None = None) -> str:
        """The page as a fuzzy preview build, each text unit wrapped in its status marker (`pages`: the site's, when
        the caller has them: the source dir is walked once a request)."""
        pages = self.pages() if pages is None else pages
        page = self._page(rel, pages)
        doc = page.doc
        cat = self._catalog(locale)
        keys = [(unit.context, unit.msgid) for unit in doc.units]
        self._check(locale, cat, keys)
        # the page's translations, not the catalogue's (171,000 entries looked at for each view of one page)
        translations = {key: e.msgstr for key in keys if (e := cat.entries.get(key)) is not None
                        and is_usable(e, include_fuzzy=True) and not e.msgid_plural}
        ids = {id(unit): uid for uid, unit in enumerate(doc.units)}

        def annotate(unit: Unit, translated: bool) -> tuple[str, str]:
            if id(unit) in page.unmarked:
                return "", ""
            key = (unit.context, unit.msgid)
            status = entry_status(cat.entries.get(key)).value
            attrs = (f'data-u="{ids[id(unit)]}" data-s="{escape_attr(status)}"'
                     + (' data-e="1"' if self._error(locale, cat, key) else ""))
            return f"<l10n-unit {attrs}>", "</l10n-unit>"

        return build_page(doc, rel, locale, translations, self.layout, str(pages[rel]), annotate=annotate).html

    def unit(self, rel: str, locale: str, uid: int, pages: dict[str, Path] | None = None) -> UnitView:
        """One unit of the page as the panel shows it: KeyError if the page offers no unit `uid` for `locale`."""
        page = self._page(rel, pages)
        return self._view(uid, self._units(page, locale)[uid], locale, self._catalog(locale), page.unmarked)

    # --- saving ----------------------------------------------------------------------------------

    def save(self, locale: str, key: Key, seen: EntryText, msgstr: str, approve: bool,
             rel: str | None = None, uid: int | None = None, pages: dict[str, Path] | None = None) -> Saved | Conflict:
        """Write one entry through the locked merge; a reviewer's approval clears fuzzy and marks MT reviewed.  An
        empty text is no translation: it cannot be approved (`Refused`), and saved it leaves the entry untranslated,
        without the fuzzy flag or the machine-translation note of the text it clears."""
        if approve and not msgstr:
            raise Refused(NOTHING_TO_APPROVE)
        cat = self._catalog(locale)
        entry = cat.entries.get(key)
        if entry is None and changes_soon(self.cfg.po_path(locale), cat.identity):
            cat = self._catalog(locale)  # (an editor saving in place was read halfway, cut between two entries)
            entry = cat.entries.get(key)
        if entry is None or entry.msgid_plural:
            return Conflict(NOT_IN_CATALOGUE, None, self.version(locale))
        comment = None
        note = mt_note(entry)
        if not msgstr and note is not None:
            comment = ""  # (the note said where a text came from: that text is gone)
        elif approve and note is not None and not note.reviewed:
            comment = reviewed_comment(note, (msgstr,))
        change = EntryChange(seen, EntryText((msgstr,), fuzzy=bool(msgstr) and not approve and seen.fuzzy),
                             comment=comment, comment_prefix=MT_COMMENT_PREFIX)
        path = self.cfg.po_path(locale)
        writer = self._writers.get(locale)
        if writer is None:
            writer = self._writers[locale] = CatalogWriter(path, self.cfg.wrap_width)
        try:
            report = writer.apply({key: change})
        except BaseException:
            self._catalogs.pop(locale, None)  # (its entries may hold the change the failed write did not make)
            raise
        if report.written:
            self._adopt(locale, writer, report.applied)
        view = self.unit(rel, locale, uid, pages) if rel is not None and uid is not None else None
        version = self.version(locale)
        if report.applied:
            return Saved(view, version)
        if report.gone:
            return Conflict(NOT_IN_CATALOGUE, view, version)
        return Conflict("someone changed this entry meanwhile; here is the text now on disk, nothing was written",
                        view, version)


def _kind(unit: Unit, unmarked: set[int]) -> str:
    """"text" (marked in the page), "attribute" or "unmarked" (listed in the panel)."""
    if unit.attribute is not None:
        return "attribute"
    return "unmarked" if id(unit) in unmarked else "text"


def _unmarked(doc: Document) -> set[int]:
    """The text units a marker element cannot show: those of `UNMARKED_ELEMENTS`, and those inside a ``<noscript>``,
    raw text to the browser the reviewer runs scripts in (`segment._Segmenter.noscript_units`), or inside a
    conditional comment, a comment to it (`segment._Segmenter.conditional_comment`)."""
    hiding = [t for t in doc.tags if t.name in ("noscript", CONDITIONAL)]  # (in page order; contents never overlap)
    starts = [t.end for t in hiding]
    stops = [t.content_end for t in hiding]

    def hidden(at: int) -> bool:
        i = bisect_right(starts, at) - 1  # (a page with a lazy-loading fallback per image has hundreds)
        return i >= 0 and at < stops[i]

    return {id(u) for u in doc.units if u.attribute is None and (u.element in UNMARKED_ELEMENTS or hidden(u.start))}


def _msgstr(entry: polib.POEntry | None) -> str:
    """The translation the panel edits ("" for a plural entry: the panel does not edit those)."""
    return entry.msgstr if entry is not None and not entry.msgid_plural else ""


def _checked_fields(entry: polib.POEntry) -> tuple:
    """Everything of an entry the checks read (`checks.catalog.check_catalog`): equal fields, equal findings."""
    return (entry.msgid, entry.msgid_plural, entry.msgstr, sorted(entry.msgstr_plural.items()), entry.flags,
            entry.tcomment, entry.comment)


def _linked_rules(path: Path) -> str | None:
    """The digest of the ITS rules files the page links (None if it links none): an edit there changes its units."""
    try:
        return linked_rules_digest(path.read_bytes(), path)
    except OSError:
        return ""


def _natural(rel: str) -> list[tuple[int, int | str]]:
    """The index's page order: numbers by value (page2 before page10), the rest by case-folded text."""
    return [(1, int(part)) if part.isdigit() else (0, part.casefold()) for part in re.split(r"(\d+)", rel) if part]
