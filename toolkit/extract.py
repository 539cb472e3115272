"""Source pages -> translation units -> the gettext template (.pot).

Also the Babel extractor registered under ``babel.extractors`` as ``html``, so
``pybabel extract -F babel.cfg`` yields the same messages as ``l10n extract``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
import re
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import polib

from toolkit import __version__
from toolkit.catalog.read import WIDTH, make_entry
from toolkit.catalog.write import halves_bytes, streamed_catalog_bytes, written_on_two_cores
from toolkit.config import Config, find_project_root, load_config, section_setting, unmatched_pages_warning
from toolkit.discover import LanguageLink, content_units, segment_page
from toolkit.errors import L10nError
from toolkit.frameworks import client_renderer, renderer_warnings
from toolkit.fsutil import atomic_write_bytes, file_sha256, holds_text, locked
from toolkit.html import Document, Unit, decode_html, parse_document
from toolkit.html.elements import is_xml_page
from toolkit.html.tree import ALLOWED_CHARACTERS_PREFIX
from toolkit.layout import check_layout
from toolkit.locales import language_of
from toolkit.pagecache import PageCache, cache_for, load_page_cached, page_key, project_rules, segmenter_fingerprint
from toolkit.processes import pool_worker_signals, stop_signals_held
from toolkit.progress import Progress

if TYPE_CHECKING:
    from toolkit.html.its import ProjectRules


@dataclass
class ExtractResult:
    pot_path: Path
    pages: int
    messages: int
    written: bool
    errors: list[L10nError]
    stale: bool = False  # the template on disk differs (or is missing) from what the pages give
    rendered: dict[str, str] = field(default_factory=dict)  # page -> the script framework that renders it again


def load_page(path: Path, id_as_context: bool = False, its_rules: ProjectRules | None = None) -> Document:
    """Read, decode and segment one page (with the project's ITS rules and those it links); L10nError names the
    file on bad input."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path) from None
    text, encoding = decode_html(data, path)
    return parse_document(text, encoding, path, id_as_context, its_rules)


LOCALE_FILTER_NOTES = ("Only for locales: ", "Not for locales: ")  # how a unit's ITS Locale Filter is noted


def unit_comments(unit: Unit) -> list[str]:
    """`#.` lines for translators: ITS notes, what a placeholder hides, the locale filter, ITS limits."""
    notes = list(unit.notes)
    if unit.locales is not None and (unit.locales_exclude or "*" not in unit.locales):  # ("*": every locale)
        which = ", ".join(unit.locales) or "none"
        notes.append((LOCALE_FILTER_NOTES[1] if unit.locales_exclude else LOCALE_FILTER_NOTES[0]) + which)
    if unit.storage is not None:
        notes.append(unit.storage.comment())
    if unit.allowed is not None:
        notes.append(ALLOWED_CHARACTERS_PREFIX + unit.allowed)
    return notes


Message = tuple[str | None, str, int, list[str]]  # msgctxt, msgid, line, comments


def page_messages(doc: Document, source_locale: str = "en", links: list[LanguageLink] | None = None) -> list[Message]:
    """The page's units as template messages; language-switcher labels (`links`, found if not given) are not
    text to translate."""
    return [(u.context, u.msgid, u.line, unit_comments(u)) for u in content_units(doc, source_locale, links)]


@dataclass
class PageMessages:
    """One page's messages and the warnings its ITS rules gave (small to send between processes)."""

    messages: list[Message]
    warnings: list[str]
    key: str = ""  # the page's key in the units cache (toolkit.pagecache)
    declared_lang: str | None = None  # its <html lang>, when that names another language than the source locale
    renderer: str | None = None  # the script framework that renders it again in the browser (`client_renderer`)


@dataclass(frozen=True)
class PageJob:
    """What a worker needs to extract one page."""

    path: str
    id_as_context: bool = False  # ITS ID Value gives the msgctxt
    source_locale: str = "en"  # language-switcher labels are found relative to it
    cache: PageCache | None = None  # segmented pages are read from and written to it (the build reuses them)
    its_rules: ProjectRules | None = None  # [tool.l10n] its_rules, read once by the parent


def _read_messages(job: PageJob) -> PageMessages | L10nError:
    """Worker: one page's messages, or its error."""
    try:
        page = load_page_cached(Path(job.path), job.id_as_context, job.source_locale, job.cache, job.its_rules)
    except L10nError as exc:
        return exc
    return PageMessages(page_messages(page.doc, job.source_locale, page.links), page.doc.warnings, page.key,
                        other_language(page.doc, job.source_locale), client_renderer(page.doc))


def other_language(doc: Document, source_locale: str) -> str | None:
    """The page's declared language (``<html lang>`` or ``xml:lang``) when it is not the source locale's: its text
    would be extracted, machine-translated and published as if it were (and its alternates say so)."""
    html = doc.tag("html")
    if html is None:
        return None
    for name in ("lang", "xml:lang"):
        attr = html.attrs.get(name)
        if attr is not None and attr.value.strip():
            declared = attr.value.strip()
            return declared if language_of(declared) != language_of(source_locale) else None
    return None


Key = str | tuple[str, str]  # msgid, or (msgctxt, msgid)
_SCANNED_NOTES = 32  # a message's notes looked through in a list, past which a set holds them too


@dataclass
class Template:
    """The template being extracted, held compactly: per message, in order of first appearance,
    its locations (``"path:line"``, a list only when there are several) and its notes.

    polib entries are made one at a time when the file is written (`entries`), so a site of
    thousands of pages is not held as polib objects: about 320 bytes per message instead of 1 KB.
    """

    header: dict[str, str]
    locations: dict[Key, str | list[str]] = field(default_factory=dict)
    notes: dict[Key, list[str]] = field(default_factory=dict)  # only messages that have notes
    # a message's notes as a set too, once there are many (a list scan for each note made 64,000 notes on one message
    # take 36 s to extract; a set for every message with a note would cost megabytes on a large site)
    noted: dict[Key, set[str]] = field(default_factory=dict)
    # messages every occurrence of which so far is for some locales only (an ITS Locale Filter); one also used for
    # every locale is no longer noted as "Only for locales" (a translator of another locale would skip it)
    filtered: set[Key] = field(default_factory=set)
    lines: bool = True  # references name the line (`add_location = "full"`), else the page alone ("file")

    def add(self, rel: str, messages: list[Message]) -> None:
        locations, notes = self.locations, self.notes
        for context, msgid, line, comments in messages:
            key: Key = msgid if context is None else (context, msgid)
            here = f"{rel}:{line}" if self.lines else rel
            where = locations.get(key)
            if comments and any(note.startswith(LOCALE_FILTER_NOTES) for note in comments):
                if where is None or key in self.filtered:
                    self.filtered.add(key)
                else:  # used for every locale before
                    comments = [note for note in comments if not note.startswith(LOCALE_FILTER_NOTES)]
            elif where is not None and key in self.filtered:
                self.filtered.discard(key)
                self._drop_locale_filter(key)
            if where is None:
                locations[key] = here
            elif isinstance(where, str):
                if where != here:  # the same text twice on one line is one location, as msgcat and msgmerge have it
                    locations[key] = [where, here]
            elif where[-1] != here:  # (a page's messages come in line order)
                where.append(here)
            if comments:
                kept = notes.setdefault(key, [])  # its notes so far, each once
                for note in comments:
                    if len(kept) < _SCANNED_NOTES:
                        if note in kept:
                            continue
                    else:
                        seen = self.noted.get(key)
                        if seen is None:
                            seen = self.noted[key] = set(kept)
                        if note in seen:
                            continue
                        seen.add(note)
                    kept.append(note)

    def _drop_locale_filter(self, key: Key) -> None:
        kept = self.notes.get(key)
        if kept:
            kept[:] = [note for note in kept if not note.startswith(LOCALE_FILTER_NOTES)]
        seen = self.noted.get(key)
        if seen is not None:
            self.noted[key] = {note for note in seen if not note.startswith(LOCALE_FILTER_NOTES)}

    def __len__(self) -> int:
        return len(self.locations)

    def head(self) -> polib.POFile:
        pot = polib.POFile(wrapwidth=WIDTH)
        pot.metadata = self.header
        pot.metadata_is_fuzzy = True  # as xgettext and pybabel write it: `msgfmt -c` then accepts the template
        return pot

    def entries(self, messages: Iterable[tuple[Key, str | list[str]]] | None = None) -> Iterator[polib.POEntry]:
        """polib entries of `messages` (items of `locations`; default all), made one at a time."""
        notes = self.notes
        split = (lambda place: tuple(place.rsplit(":", 1))) if self.lines else (lambda place: (place, ""))
        for key, where in self.locations.items() if messages is None else messages:
            context, msgid = (None, key) if isinstance(key, str) else key
            kept = notes.get(key)
            yield make_entry(msgid=msgid, msgctxt=context, comment="\n".join(kept) if kept else "",
                             occurrences=[split(where)] if isinstance(where, str) else list(map(split, where)))

    def data(self, path: object = None, width: int = WIDTH) -> bytes:
        """The .pot file's bytes (verified to read back, see catalog.streamed_catalog_bytes).

        A template of a few thousand messages has half of them written on a second core (`halves_bytes`), one of a
        site's size is written in one process (memory first: `written_on_two_cores`).
        """
        if written_on_two_cores(len(self)):
            data = halves_bytes(self.head(), list(self.locations.items()), self.entries, width)
            if data is not None:
                return data
        return streamed_catalog_bytes(self.head(), self.entries, path, width)  # (a refusal names the entry)


def build_template(pages: Iterable[tuple[str, list[Message]]], header: dict[str, str]) -> polib.POFile:
    """One entry per (msgctxt, msgid), in order of first appearance, with every location."""
    template = Template(header)
    for rel, messages in pages:
        template.add(rel, messages)
    pot = template.head()
    pot.extend(template.entries())
    return pot


def template_header(cfg: Config, created: str) -> dict[str, str]:
    return {
        # pybabel's placeholder when pyproject.toml names no [project]: never the folder's name, which a CI checkout
        # or a copy changes (`extract --check` then failed, and every copy rewrote the template)
        "Project-Id-Version": cfg.project_id or "PROJECT VERSION",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Generated-By": f"l10n-toolkit {__version__}",
    }


def now_stamp() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M+0000")


def _map_pages(jobs_todo: list[PageJob], jobs: int | None) -> Iterator[PageMessages | L10nError]:
    """Each page's messages in order, segmented in parallel processes when there are enough pages to pay
    for it; a generator, so the caller holds one page's messages at a time, not all of them."""
    workers = jobs or os.cpu_count() or 1
    total = sum(os.path.getsize(job.path) for job in jobs_todo) if len(jobs_todo) > 1 else 0
    if workers > 1 and len(jobs_todo) >= 8 and total > 1_000_000:
        with ProcessPoolExecutor(workers, initializer=pool_worker_signals) as pool:
            with stop_signals_held():  # the workers are forked as the jobs are handed over
                results = pool.map(_read_messages, jobs_todo,
                                   chunksize=max(1, min(16, len(jobs_todo) // (workers * 4))))
            yield from results
        return
    for job in jobs_todo:
        yield _read_messages(job)


# (a template checked out with CR LF line ends, git's `core.autocrlf`, has its date too: else every extract --check
# found it out of date, and every extract gave it a new date, which `update` copied into every catalogue)
_POT_DATE = re.compile(rb'^"POT-Creation-Date: ([^"\\]*)\\n"\r?$', re.M)
_HEAD_BYTES = 4096  # where a template's header, and so its date, is looked for


def _date_line(stamp: str) -> bytes:
    return f'"POT-Creation-Date: {stamp}\\n"'.encode()


def _redated(data: bytes, created: str) -> list[bytes | memoryview]:
    """A changed template's bytes with today's date in its header, as pieces (a large one is not copied whole)."""
    line = _date_line(created)
    at = data.find(line, 0, _HEAD_BYTES)
    if at < 0:
        return [data]
    view = memoryview(data)
    return [view[:at], _date_line(now_stamp()), view[at + len(line):]]


def extract_project(
    cfg: Config, output: str | Path | None = None, warn: Callable[[str], None] = print,
    jobs: int | None = None, check: bool = False, allow_empty: bool = False, progress: Progress | None = None,
) -> ExtractResult:
    """Extract every source page into the template; keep the file (and its date) if nothing changed.

    With `check`, write nothing: the result's `stale` says whether the template would change (a CI gate).
    A template with messages is not replaced by one without (`refuse_empty_template`) unless `allow_empty`.
    `progress` is called with (pages done, pages) as pages are segmented.  A wrong layout of the project's folders
    (`check_layout`: the build's output inside the source) stops it before it reads a page.
    """
    check_layout(cfg)
    pot_path = Path(output) if output else cfg.pot_path
    dangling: list[str] = []
    unmatched: list[str] = []
    files = cfg.source_files(dangling, unmatched)
    for rel in dangling:
        warn(f"{rel}: a symbolic link to nothing; not extracted")
    if unmatched:
        warn(unmatched_pages_warning(unmatched))
    errors: list[L10nError] = []
    count = 0
    its_rules = project_rules(cfg)  # a bad rules file stops the extraction here, not on every page
    units = cache_for(cfg.cache_path)
    cache = replace(units, write=False) if check else units  # a check reads what extract cached, writes nothing
    todo = [PageJob(str(p), cfg.its_id_as_context, cfg.source_locale, cache, its_rules) for p in files]
    keys: set[str] = set()
    extracted: dict[str, str] = {}  # page → its key: what the template is made from (`pages_changed_since_extract`)

    rendered: dict[str, str] = {}  # page -> the script framework that renders it again in the browser

    previous: dict[str, list[Message]] | None = None

    def pages() -> Iterator[tuple[str, list[Message]]]:
        nonlocal count, previous
        for done, (path, result) in enumerate(zip(files, _map_pages(todo, jobs)), 1):
            if progress is not None:
                progress(done, len(files))
            if isinstance(result, L10nError):
                errors.append(result)
                if previous is None:
                    previous = _kept_messages(pot_path, cfg.relpath(path), result)
                yield cfg.relpath(path), previous.get(cfg.relpath(path), [])
            else:
                count += 1
                keys.add(result.key)
                extracted[cfg.relpath(path)] = result.key
                for message in result.warnings:
                    warn(message)
                rel = cfg.relpath(path)
                if result.declared_lang is not None:
                    warn(f"{rel}: declares lang=\"{result.declared_lang}\", not the source language "
                         f"({cfg.source_locale}); its text is extracted as {cfg.source_locale} all the same (fix its "
                         "lang, or leave the page out in babel.cfg if it is not in that language)")
                if result.renderer is not None:
                    rendered[rel] = result.renderer
                yield rel, result.messages

    with nullcontext() if check else locked(pot_path):  # a check writes nothing, not even a lock file
        # the old template is compared a piece at a time, never held: a large site's is tens of megabytes
        existed = pot_path.exists()
        m = _POT_DATE.search(_head(pot_path)) if existed else None
        created = m.group(1).decode() if m else now_stamp()
        template = Template(template_header(cfg, created), lines=cfg.add_location == "full")
        for rel, messages in pages():  # one page's messages at a time
            template.add(rel, messages)
        if (not len(template) or (errors and not count)) and not allow_empty:  # (every page failed: one line)
            refuse_empty_template(cfg, pot_path, count, errors)
        if not files:
            warn(f"no HTML pages under {cfg.source_path}")
        for line in renderer_warnings(rendered):
            warn(line)
        data = template.data(pot_path, cfg.wrap_width)
        stale = not holds_text(pot_path, data)
        if check:
            return ExtractResult(pot_path, count, len(template), False, errors, stale, rendered)
        written = stale and atomic_write_bytes(pot_path, _redated(data, created) if existed else data)
        if pot_path == cfg.pot_path:
            _record_extract(cfg, extracted)
    cache.prune(keys)  # entries of pages changed or gone
    return ExtractResult(pot_path, count, len(template), written, errors, stale, rendered)


def _extract_record(cfg: Config) -> Path:
    return cfg.cache_path / "extracted.json"


def _record_extract(cfg: Config, pages: dict[str, str]) -> None:
    """Note the template's digest and the pages it was made from (each by its units-cache key), for
    `pages_changed_since_extract`.  A note that cannot be written costs nothing but that warning."""
    record = {"template": file_sha256(cfg.pot_path), "pages": pages, "segmenter": segmenter_fingerprint()}
    with suppress(OSError):
        atomic_write_bytes(_extract_record(cfg), json.dumps(record, sort_keys=True).encode(), durable=False)


def pages_changed_since_extract(cfg: Config) -> list[str]:
    """The source pages added, changed or removed since the extract that wrote the template as it is now (an
    `update` without `extract` merges a template that misses their changes).  None can be told when no extract
    ran here, the template changed since (a teammate's extract, pulled with the pages it was made from), or the
    toolkit did (its pages' keys are others)."""
    try:
        record = json.loads(_extract_record(cfg).read_bytes())
        if record["template"] != file_sha256(cfg.pot_path) or record.get("segmenter") != segmenter_fingerprint():
            return []  # (another toolkit version keys every page anew: no page would read as unchanged)
        before: dict[str, str] = record["pages"]
        its_rules = project_rules(cfg)
        now = {cfg.relpath(path): page_key(path.read_bytes(), cfg.its_id_as_context, cfg.source_locale, its_rules,
                                           is_xml_page(path.name)) for path in cfg.source_files()}
    except (OSError, ValueError, KeyError, TypeError, L10nError):
        return []
    return sorted(page for page in before.keys() | now.keys() if before.get(page) != now.get(page))


def _kept_messages(pot_path: Path, page: str, failed: L10nError) -> dict[str, list[Message]]:
    """`previous_messages`, or, when the template cannot be read (conflict markers, a writer stopped half-way), an
    L10nError naming both problems: a template written without the failed page's messages would make their
    translations obsolete at the next `update`."""
    try:
        return previous_messages(pot_path)
    except L10nError as unreadable:
        raise L10nError(f"{page} failed ({failed}) and the old template, which would keep its messages, cannot be "
                        f"read ({unreadable}); nothing was written, so that no translation of that page becomes "
                        "obsolete: fix the page's problem and re-run") from None


def previous_messages(pot_path: Path) -> dict[str, list[Message]]:
    """The messages the template holds for each page (by their locations), in line order: what a page that fails
    this time (a broken ITS rules file of its own, an unreadable file) keeps, so that `update` does not make its
    translations obsolete.  Nothing if there is no template; L10nError if it cannot be read."""
    from toolkit.catalog import read_catalog

    out: dict[str, list[Message]] = {}
    if not pot_path.exists():
        return out
    try:
        entries = read_catalog(pot_path)
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", pot_path) from None
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        notes = entry.comment.split("\n") if entry.comment else []
        for where, line in entry.occurrences:
            out.setdefault(where, []).append((entry.msgctxt, entry.msgid, int(line) if line.isdigit() else 0, notes))
    for messages in out.values():
        messages.sort(key=lambda message: message[2])
    return out


_MESSAGE = re.compile(rb'^msgid (?!""\r?\nmsgstr )', re.M)  # an entry's msgid line, the header's excepted


def _head(path: Path) -> bytes:
    """The start of a file, where the template's header is (b"" if it cannot be read)."""
    try:
        with path.open("rb") as fh:
            return fh.read(_HEAD_BYTES)
    except OSError:
        return b""


def refuse_empty_template(cfg: Config, pot_path: Path, pages: int, errors: list[L10nError]) -> None:
    """Stop an extract that found no messages from emptying a template that has some: the source is most likely
    missing (an empty or unmounted folder, a wrong --source-dir, babel.cfg patterns that match nothing) or its pages
    failed (named: the first error is the reason), and the next `update` would make every translation obsolete and
    the build remove the site."""
    try:
        had = len(_MESSAGE.findall(pot_path.read_bytes()))
    except OSError:
        had = 0
    if not had:
        return
    source = cfg.relpath(cfg.source_path)
    if errors:
        found = (f"{len(errors)} page{'s' if len(errors) > 1 else ''} under {source} failed ({errors[0]}"
                 f"{', …' if len(errors) > 1 else ''})" + (" and the others give no messages" if pages else ""))
    elif pages:
        found = f"the {pages} page{'s' if pages > 1 else ''} under {source} give{'' if pages > 1 else 's'} no messages"
    else:
        found = f"no pages under {source} (check --source-dir and the patterns in babel.cfg)"
    raise L10nError(f"{found}; the template's {had} messages were kept (pass --allow-empty to empty it)", pot_path)


# --- Babel plugin ----------------------------------------------------------------------------


@functools.cache
def _project(root: Path | None) -> Config | None:
    """The project holding the pages pybabel hands us, read once per project, not once per page."""
    try:
        return load_config(root) if root is not None else None
    except L10nError:
        return None


@functools.cache
def _project_its_rules(root: Path | None) -> ProjectRules | None:
    """The project's ITS rules (``[tool.l10n] its_rules``), as `l10n extract` applies them, read once; a bad
    rules file stops pybabel (L10nError), as a malformed linked one does."""
    cfg = _project(root)
    return project_rules(cfg) if cfg is not None else None


def babel_extract(fileobj: IO[bytes], keywords: Mapping[str, object], comment_tags: Collection[str],
                  options: Mapping[str, Any] | None) -> Iterator[tuple]:
    """Babel extraction method for HTML pages: (lineno, funcname, messages, comments).

    The project's ITS rules (``[tool.l10n] its_rules``) apply, and rules linked from the page are read
    relative to it, as `l10n extract` does; their warnings go to stderr (an error, such as a malformed
    rules file, stops pybabel).
    """
    name = getattr(fileobj, "name", None)
    root = find_project_root(Path(name).resolve().parent if name else Path.cwd())
    text, encoding = decode_html(fileobj.read(), name)
    project = _project(root)
    source_locale = section_setting(options or {}, "source_locale", project)
    doc, links = segment_page(text, encoding, name, section_setting(options or {}, "its_id_as_context", project),
                              _project_its_rules(root), source_locale)
    for message in doc.warnings:
        print(f"warning: {message}", file=sys.stderr)
    with_context = "pgettext" in keywords  # (pybabel looks the name up in its keywords: a list without it failed)
    dropped = 0
    for unit in content_units(doc, source_locale, links):
        comments = unit_comments(unit)
        if unit.context is not None and with_context:
            yield unit.line, "pgettext", (unit.context, unit.msgid), comments
        else:
            dropped += unit.context is not None
            yield unit.line, None, unit.msgid, comments
    if dropped:
        print(f"warning: {name or 'page'}: the keywords leave out pgettext, so {dropped} message(s) are extracted "
              "without their msgctxt; add -k pgettext:1c,2 to keep them apart", file=sys.stderr)
