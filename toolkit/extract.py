"""Source pages -> translation units -> the gettext template (.pot).

Also the Babel extractor registered under ``babel.extractors`` as ``html``, so
``pybabel extract -F babel.cfg`` yields the same messages as ``l10n extract``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import polib

from toolkit import __version__
from toolkit.catalog import catalog_bytes
from toolkit.config import Config
from toolkit.discover import language_label_units, switcher_links
from toolkit.errors import L10nError
from toolkit.fsutil import locked, write_if_changed
from toolkit.html import Document, Unit, decode_html, parse_document


@dataclass
class ExtractResult:
    pot_path: Path
    pages: int
    messages: int
    written: bool
    errors: list[L10nError]
    stale: bool = False  # the template on disk differs (or is missing) from what the pages give


def load_page(path: Path) -> Document:
    """Read, decode and segment one page; L10nError names the file on bad input."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path) from None
    text, encoding = decode_html(data, path)
    return parse_document(text, encoding)


def unit_comments(unit: Unit) -> list[str]:
    """`#.` lines for translators: ITS notes, what a placeholder hides, the locale filter."""
    notes = list(unit.notes)
    if unit.locales is not None:
        which = ", ".join(unit.locales) or "none"
        notes.append(("Not for locales: " if unit.locales_exclude else "Only for locales: ") + which)
    return notes


Message = tuple[str | None, str, int, list[str]]  # msgctxt, msgid, line, comments


def page_messages(doc: Document, source_locale: str = "en") -> list[Message]:
    """The page's units as template messages; language-switcher labels are not text to translate."""
    labels = language_label_units(doc, switcher_links(doc, source_locale))
    return [(u.context, u.msgid, u.line, unit_comments(u)) for u in doc.units if id(u) not in labels]


def _read_messages(path: str, source_locale: str = "en") -> list[Message] | L10nError:
    """Worker: one page's messages (small to send back between processes), or its error."""
    try:
        return page_messages(load_page(Path(path)), source_locale)
    except L10nError as exc:
        return exc


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


def _map_pages(paths: list[str], jobs: int | None, source_locale: str = "en") -> list:
    """Segment pages, in parallel processes when there are enough of them to pay for it."""
    workers = jobs or os.cpu_count() or 1
    total = sum(os.path.getsize(p) for p in paths) if len(paths) > 1 else 0
    if workers > 1 and len(paths) >= 8 and total > 1_000_000:
        with ProcessPoolExecutor(workers) as pool:
            return list(pool.map(partial(_read_messages, source_locale=source_locale), paths,
                                 chunksize=max(1, len(paths) // (workers * 4))))
    return [_read_messages(p, source_locale) for p in paths]


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
    for path, result in zip(files, _map_pages([str(p) for p in files], jobs, cfg.source_locale)):
        if isinstance(result, L10nError):
            errors.append(result)
        else:
            pages.append((cfg.relpath(path), result))
    if not files:
        warn(f"no HTML pages under {cfg.source_path}")
    with nullcontext() if check else locked(pot_path):  # a check writes nothing, not even a lock file
        old = pot_path.read_bytes() if pot_path.exists() else None
        m = _POT_DATE.search(old, 0, 4096) if old else None
        created = m.group(1).decode() if m else now_stamp()
        pot = build_template(pages, template_header(cfg, created))
        data = catalog_bytes(pot)
        stale = old != data
        if check:
            return ExtractResult(pot_path, len(pages), len(pot), False, errors, stale)
        if old is not None and stale:  # changed: it gets today's date
            data = data.replace(_date_line(created), _date_line(now_stamp()), 1)
        written = write_if_changed(pot_path, data)
    return ExtractResult(pot_path, len(pages), len(pot), written, errors, stale)


# --- Babel plugin ----------------------------------------------------------------------------


def babel_extract(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method for HTML pages: (lineno, funcname, messages, comments)."""
    name = getattr(fileobj, "name", None)
    text, encoding = decode_html(fileobj.read(), name)
    doc = parse_document(text, encoding)
    labels = language_label_units(doc, switcher_links(doc, (options or {}).get("source_locale", "en")))
    for unit in doc.units:
        if id(unit) in labels:
            continue
        comments = unit_comments(unit)
        if unit.context is not None:
            yield unit.line, "pgettext", (unit.context, unit.msgid), comments
        else:
            yield unit.line, None, unit.msgid, comments
