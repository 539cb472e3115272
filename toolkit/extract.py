"""Source pages -> translation units -> the gettext template (.pot).

Also the Babel extractor registered under ``babel.extractors`` as ``html``, so
``pybabel extract -F babel.cfg`` yields the same messages as ``l10n extract``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import polib

from toolkit import __version__
from toolkit.catalog import catalog_bytes
from toolkit.config import Config, find_project_root, load_config
from toolkit.discover import content_units
from toolkit.errors import L10nError
from toolkit.fsutil import locked, write_if_changed
from toolkit.html import Document, Unit, decode_html, parse_document
from toolkit.html.tree import ALLOWED_CHARACTERS_PREFIX


@dataclass
class ExtractResult:
    pot_path: Path
    pages: int
    messages: int
    written: bool
    errors: list[L10nError]
    stale: bool = False  # the template on disk differs (or is missing) from what the pages give


def load_page(path: Path, id_as_context: bool = False) -> Document:
    """Read, decode and segment one page (with the ITS rules it links); L10nError names the file on bad input."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path) from None
    text, encoding = decode_html(data, path)
    return parse_document(text, encoding, path, id_as_context)


def unit_comments(unit: Unit) -> list[str]:
    """`#.` lines for translators: ITS notes, what a placeholder hides, the locale filter, ITS limits."""
    notes = list(unit.notes)
    if unit.locales is not None:
        which = ", ".join(unit.locales) or "none"
        notes.append(("Not for locales: " if unit.locales_exclude else "Only for locales: ") + which)
    if unit.storage is not None:
        notes.append(unit.storage.comment())
    if unit.allowed is not None:
        notes.append(ALLOWED_CHARACTERS_PREFIX + unit.allowed)
    return notes


Message = tuple[str | None, str, int, list[str]]  # msgctxt, msgid, line, comments


def page_messages(doc: Document, source_locale: str = "en") -> list[Message]:
    """The page's units as template messages; language-switcher labels are not text to translate."""
    return [(u.context, u.msgid, u.line, unit_comments(u)) for u in content_units(doc, source_locale)]


@dataclass
class PageMessages:
    """One page's messages and the warnings its ITS rules gave (small to send between processes)."""

    messages: list[Message]
    warnings: list[str]


@dataclass(frozen=True)
class PageJob:
    """What a worker needs to extract one page."""

    path: str
    id_as_context: bool = False  # ITS ID Value gives the msgctxt
    source_locale: str = "en"  # language-switcher labels are found relative to it


def _read_messages(job: PageJob) -> PageMessages | L10nError:
    """Worker: one page's messages, or its error."""
    try:
        doc = load_page(Path(job.path), job.id_as_context)
    except L10nError as exc:
        return exc
    return PageMessages(page_messages(doc, job.source_locale), doc.warnings)


def build_template(pages: Iterable[tuple[str, list[Message]]], header: dict[str, str]) -> polib.POFile:
    """One entry per (msgctxt, msgid), in order of first appearance, with every location."""
    pot = polib.POFile(wrapwidth=78)
    pot.metadata = header
    pot.metadata_is_fuzzy = True  # as xgettext and pybabel write it: `msgfmt -c` then accepts the template
    by_key: dict[tuple[str | None, str], polib.POEntry] = {}
    for rel, messages in pages:
        for context, msgid, line, comments in messages:
            entry = by_key.get((context, msgid))
            if entry is None:
                entry = polib.POEntry(msgid=msgid, msgstr="", msgctxt=context, occurrences=[])
                entry.comment = ""
                by_key[(context, msgid)] = entry
                pot.append(entry)
            entry.occurrences.append((rel, str(line)))
            for note in comments:
                lines = entry.comment.split("\n") if entry.comment else []
                if note not in lines:
                    entry.comment = "\n".join(lines + [note])
    return pot


def template_header(cfg: Config, created: str) -> dict[str, str]:
    return {
        "Project-Id-Version": cfg.project_id or cfg.root.resolve().name,
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


def _map_pages(jobs_todo: list[PageJob], jobs: int | None) -> list:
    """Segment pages, in parallel processes when there are enough of them to pay for it."""
    workers = jobs or os.cpu_count() or 1
    total = sum(os.path.getsize(job.path) for job in jobs_todo) if len(jobs_todo) > 1 else 0
    if workers > 1 and len(jobs_todo) >= 8 and total > 1_000_000:
        with ProcessPoolExecutor(workers) as pool:
            return list(pool.map(_read_messages, jobs_todo, chunksize=max(1, len(jobs_todo) // (workers * 4))))
    return [_read_messages(job) for job in jobs_todo]


_POT_DATE = re.compile(rb'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.M)


def _date_line(stamp: str) -> bytes:
    return f'"POT-Creation-Date: {stamp}\\n"'.encode()


def extract_project(
    cfg: Config, output: str | Path | None = None, warn: Callable[[str], None] = print,
    jobs: int | None = None, check: bool = False,
) -> ExtractResult:
    """Extract every source page into the template; keep the file (and its date) if nothing changed.

    With `check`, write nothing: the result's `stale` says whether the template would change (a CI gate).
    """
    pot_path = Path(output) if output else cfg.pot_path
    files = cfg.source_files()
    pages: list[tuple[str, list[Message]]] = []
    errors: list[L10nError] = []
    todo = [PageJob(str(p), cfg.its_id_as_context, cfg.source_locale) for p in files]
    for path, result in zip(files, _map_pages(todo, jobs)):
        if isinstance(result, L10nError):
            errors.append(result)
        else:
            pages.append((cfg.relpath(path), result.messages))
            for message in result.warnings:
                warn(message)
    if not files:
        warn(f"no HTML pages under {cfg.source_path}")
    with nullcontext() if check else locked(pot_path):  # a check writes nothing, not even a lock file
        old = pot_path.read_bytes() if pot_path.exists() else None
        m = _POT_DATE.search(old, 0, 4096) if old else None
        created = m.group(1).decode() if m else now_stamp()
        pot = build_template(pages, template_header(cfg, created))
        data = catalog_bytes(pot, pot_path, cfg.wrap_width)
        stale = old != data
        if check:
            return ExtractResult(pot_path, len(pages), len(pot), False, errors, stale)
        if old is not None and stale:  # changed: it gets today's date
            data = data.replace(_date_line(created), _date_line(now_stamp()), 1)
        written = write_if_changed(pot_path, data)
    return ExtractResult(pot_path, len(pages), len(pot), written, errors, stale)


# --- Babel plugin ----------------------------------------------------------------------------


def _id_as_context(options: dict, name: str | None) -> bool:
    """`its_id_as_context` from the babel.cfg section, else from the project's [tool.l10n]."""
    if "its_id_as_context" in options:
        return str(options["its_id_as_context"]).strip().lower() in ("1", "true", "yes", "on")
    root = find_project_root(Path(name).resolve().parent if name else Path.cwd())
    return _project_id_as_context(root) if root is not None else False


@functools.cache
def _project_id_as_context(root: Path) -> bool:
    """Read once per project, not once per page pybabel hands us."""
    try:
        return load_config(root).its_id_as_context
    except L10nError:
        return False


def babel_extract(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method for HTML pages: (lineno, funcname, messages, comments).

    ITS rules linked from the page are read relative to it, as `l10n extract` does; their
    warnings go to stderr (an error, such as a malformed rules file, stops pybabel).
    """
    name = getattr(fileobj, "name", None)
    text, encoding = decode_html(fileobj.read(), name)
    doc = parse_document(text, encoding, name, _id_as_context(options or {}, name))
    for message in doc.warnings:
        print(f"warning: {message}", file=sys.stderr)
    for unit in content_units(doc, (options or {}).get("source_locale", "en")):
        comments = unit_comments(unit)
        if unit.context is not None:
            yield unit.line, "pgettext", (unit.context, unit.msgid), comments
        else:
            yield unit.line, None, unit.msgid, comments
