"""Localised pages from source pages + catalogues, by splicing: nothing is re-serialised.

A page is rebuilt as a list of edits on the decoded source (translated units, attribute values,
``lang``, the charset declaration, alternates, language-switcher hrefs); everything between the
edits is copied as it is.  Edits that fall inside a translated unit's placeholders are applied
to the placeholder markup, so an ``<a title>`` keeps its translated title inside a translated
sentence.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import posixpath
import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from pathlib import Path

from babel import Locale
from tqdm import tqdm

from toolkit import __version__
from toolkit.catalog import entry_key, is_usable, missing_catalog, read_catalog
from toolkit.config import Config
from toolkit.errors import L10nError
from toolkit.extract import load_page
from toolkit.fsutil import atomic_write_bytes, atomic_write_text, write_if_changed
from toolkit.html import Document, Unit, render_translation
from toolkit.html.render import escape_attr
from toolkit.html.segment import Tag

MANIFEST = ".l10n-build.json"
_HAS_LANG = re.compile(r"[\s/]lang\s*=", re.I)

Translations = dict[tuple[str | None, str], str]


@dataclass
class Edit:
    start: int
    end: int
    text: str


@dataclass
class PageResult:
    rel: str
    locale: str
    html: str
    translated: int = 0
    fallback: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class SiteLayout:
    """Where each locale's copy of a page lives, for alternates and language links."""

    source_locale: str
    locales: list[str]
    lang_tags: dict[str, str]  # gettext locale -> BCP 47

    def href(self, from_locale: str, rel: str, to_locale: str | None) -> str:
        """Relative URL from build/<from_locale>/<rel> to the same page in `to_locale`.

        The source pages are assumed to be served from the site root and each locale from
        /<ll_CC>/ beside them (the layout of build/ when the source is published at its root).
        """
        here = posixpath.dirname(posixpath.join(from_locale, rel))
        target = rel if to_locale is None else posixpath.join(to_locale, rel)
        return posixpath.relpath(target, here or ".")


def load_translations(path: Path, include_fuzzy: bool, cache_dir: Path | None = None) -> Translations:
    """(msgctxt, msgid) -> msgstr for reviewed (and, for previews, fuzzy) translations.

    Parsing a large .po is most of an incremental build, so the result is kept in `cache_dir`
    keyed by the catalogue's bytes.
    """
    if not path.exists():
        return {}
    cache = None
    if cache_dir is not None:
        digest = _digest(path.read_bytes(), str(include_fuzzy), __version__)
        cache = cache_dir / f"build-{path.parent.parent.name}.pickle"
        try:
            with open(cache, "rb") as fh:
                stored_digest, stored = pickle.load(fh)
            if stored_digest == digest:
                return stored
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            pass
    out = _parse_translations(path, include_fuzzy)
    if cache is not None:
        try:
            atomic_write_bytes(cache, pickle.dumps((digest, out), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass
    return out


def _parse_translations(path: Path, include_fuzzy: bool) -> Translations:
    out: Translations = {}
    for entry in read_catalog(path, comments=False):
        if is_usable(entry, include_fuzzy) and not entry.msgid_plural:  # pages have no plurals
            out[entry_key(entry)] = entry.msgstr
    return out


def build_page(doc: Document, rel: str, locale: str, translations: Translations,
               layout: SiteLayout, source_path: str = "",
               links: list[tuple[Tag, str]] | None = None) -> PageResult:
    """The localised page for `locale` (as text) and what happened to each unit.

    `links` are the page's language links (computed once per page when building many locales).
    """
    if links is None:
        links = page_language_links(doc, layout.source_locale)
    text = doc.text
    result = PageResult(rel, locale, "")
    small: list[Edit] = []  # edits inside tags: attributes, lang, hrefs
    source_lang = layout.lang_tags.get(layout.source_locale, layout.source_locale)

    for unit in doc.units:
        if unit.attribute is None:
            continue
        msgstr = translations.get((unit.context, unit.msgid)) if unit.for_locale(locale) else None
        if msgstr:
            small.append(Edit(unit.start, unit.end, render_translation(unit, msgstr)))
            result.translated += 1
        else:
            result.fallback += 1

    small += _document_edits(doc, rel, locale, layout)
    small += _language_link_edits(links, rel, locale, layout)

    small.sort(key=lambda e: (e.start, e.end))
    starts = [e.start for e in small]
    absorbed: set[int] = set()  # small edits now part of a translated unit's placeholders
    big: list[Edit] = []
    for unit in doc.units:
        if unit.attribute is not None:
            continue
        msgstr = translations.get((unit.context, unit.msgid)) if unit.for_locale(locale) else None
        rendered = None
        if msgstr:
            inside = _within(small, starts, unit.start, unit.end)
            rendered = render_translation(unit, msgstr, _rewritten_placeholders(unit, small, inside))
            if rendered is None:
                result.warnings.append(
                    f"{source_path or rel}:{unit.line}: {locale} translation of {unit.msgid[:60]!r} has "
                    "missing, extra or misnested placeholders; using the source text")
        if rendered is not None:
            absorbed.update(inside)
            big.append(Edit(unit.start, unit.end, rendered))
            result.translated += 1
            continue
        result.fallback += 1
        big += _fallback_lang(unit, text, source_lang)

    kept = [e for k, e in enumerate(small) if k not in absorbed] if absorbed else small
    result.html = apply_edits(text, kept + big)
    return result


def _within(edits: list[Edit], starts: list[int], lo: int, hi: int) -> list[int]:
    """Indices of the (sorted) edits lying inside [lo, hi]."""
    return [k for k in range(bisect_left(starts, lo), bisect_right(starts, hi)) if edits[k].end <= hi]


def _rewritten_placeholders(unit: Unit, edits: list[Edit], candidates: list[int]) -> dict[str, str]:
    """Placeholder markup with the tag-level edits (attribute translations, hrefs) applied."""
    out = {}
    if not candidates:
        return out
    for name, ph in unit.placeholders.items():
        lo, hi = ph.start, ph.start + len(ph.open)
        inner = [Edit(edits[k].start - lo, edits[k].end - lo, edits[k].text) for k in candidates
                 if lo <= edits[k].start and edits[k].end <= hi]
        if inner:
            out[name] = apply_edits(ph.open, inner)
    return out


def _fallback_lang(unit: Unit, text: str, lang: str) -> list[Edit]:
    """Mark untranslated text with the source language, on its element or with a span."""
    if unit.whole and unit.owner_tag is not None:
        start, end = unit.owner_tag
        if _HAS_LANG.search(text, start, end):
            return []
        at = start + 1 + len(unit.element)
        return [Edit(at, at, f' lang="{lang}"')]
    return [Edit(unit.start, unit.start, f'<span lang="{lang}">'), Edit(unit.end, unit.end, "</span>")]


@cache
def text_direction(locale: str) -> str:
    """'rtl' or 'ltr' from CLDR (some Babel locales lack the data: they are ltr)."""
    try:
        return Locale.parse(locale).text_direction
    except (KeyError, ValueError):
        return "ltr"


def _document_edits(doc: Document, rel: str, locale: str, layout: SiteLayout) -> list[Edit]:
    """<html lang dir>, the charset declaration, and the hreflang alternates."""
    text = doc.text
    edits: list[Edit] = []
    tag = layout.lang_tags.get(locale, locale.replace("_", "-"))
    html = next((t for t in doc.tags if t.name == "html"), None)
    direction = text_direction(locale)
    if html is not None:
        at = html.start + 5
        for name, value in (("lang", tag), ("xml:lang", tag), ("dir", direction)):
            attr = html.attrs.get(name)
            if attr is not None and attr.end > attr.start:
                edits.append(Edit(attr.start, attr.end, f'"{value}"'))
            elif name != "xml:lang" and (name == "lang" or direction == "rtl"):
                edits.append(Edit(at, at, f' {name}="{value}"'))
    charset_done = False
    for t in doc.tags:
        if t.name != "meta":
            continue
        if "charset" in t.attrs:
            a = t.attrs["charset"]
            edits.append(Edit(a.start, a.end, '"utf-8"'))
            charset_done = True
        elif t.attrs.get("http-equiv") and t.attrs["http-equiv"].value.lower() == "content-type" \
                and "content" in t.attrs:
            a = t.attrs["content"]
            edits.append(Edit(a.start, a.end, '"text/html; charset=utf-8"'))
            charset_done = True
    head = next((t for t in doc.tags if t.name == "head"), None)
    if not charset_done:
        at = head.end if head is not None else (html.end if html is not None else 0)
        edits.append(Edit(at, at, '<meta charset="utf-8">'))
    existing = {t.attrs["hreflang"].value.lower() for t in doc.tags
                if t.name == "link" and "hreflang" in t.attrs}
    links = []
    for loc in [layout.source_locale, *layout.locales]:
        lang = layout.lang_tags.get(loc, loc.replace("_", "-"))
        if lang.lower() in existing:
            continue
        target = None if loc == layout.source_locale else loc
        links.append(f'<link rel="alternate" hreflang="{lang}" href="{escape_attr(layout.href(locale, rel, target))}">')
    if "x-default" not in existing:
        default_href = escape_attr(layout.href(locale, rel, None))
        links.append(f'<link rel="alternate" hreflang="x-default" href="{default_href}">')
    at = doc.head_end if doc.head_end is not None else (head.end if head is not None else None)
    if at is not None and links:
        nl = "\r\n" if "\r\n" in text[:2000] else "\n"
        edits.append(Edit(at, at, nl.join(links) + nl))
    return edits


_A_END = re.compile(r"</a[\t\n\f\r />]", re.I)
_TAGS = re.compile(r"<[^>]*>")
_ALT = re.compile(r"""<img[^>]*?\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def page_language_links(doc: Document, source_locale: str) -> list[tuple[Tag, str]]:
    """The page's language-switcher anchors (한국 대만 중국 일본) and the locale each leads to."""
    from toolkit.discover import Anchor, rewritable
    from toolkit.discover import language_links as classify

    text = doc.text
    tags, anchors = [], []
    for tag in doc.tags:
        if tag.name != "a" or "href" not in tag.attrs:
            continue
        m = _A_END.search(text, tag.end)
        inner = text[tag.end:m.start() if m else tag.end]
        label = " ".join(unescape(_TAGS.sub(" ", inner)).split())
        if not label:
            alt = _ALT.search(inner)
            title = tag.attrs.get("title")
            label = unescape(next(g for g in alt.groups() if g is not None)) if alt else (title.value if title else "")
        get = tag.attrs.get
        tags.append(tag)
        anchors.append(Anchor(tag.attrs["href"].value, label.strip(),
                              get("hreflang").value if get("hreflang") else None,
                              get("lang").value if get("lang") else None))
    by_href = {}
    for link in classify(anchors, source_locale):
        if rewritable(link):
            by_href.setdefault(link.href, link.locale)
    return [(t, by_href[a.href]) for t, a in zip(tags, anchors) if a.href in by_href]


def _language_link_edits(links: list[tuple[Tag, str]], rel: str, locale: str, layout: SiteLayout) -> list[Edit]:
    """Point the language-switcher links at the built pages of their locales."""
    edits = []
    for tag, link_locale in links:
        href = tag.attrs["href"]
        if link_locale == layout.source_locale:
            target = layout.href(locale, rel, None)
        elif link_locale in layout.locales:
            target = layout.href(locale, rel, link_locale)
        else:
            continue
        edits.append(Edit(href.start, href.end, f'"{escape_attr(target)}"'))
    return edits


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Splice non-overlapping edits into `text` (insertions at one point keep their order)."""
    out = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edits at offset {e.start}")
        out.append(text[pos:e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


# --- the site ------------------------------------------------------------------------------


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0  # up to date according to the manifest
    translated: dict[str, int] = field(default_factory=dict)
    fallback: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


_worker_state: dict = {}


def _init_worker(state: dict) -> None:
    _worker_state.update(state)


def _build_one(job: tuple[str, str]) -> tuple[str, list[PageResult] | L10nError]:
    """Build every requested locale of one source page (runs in a worker process)."""
    src, rel = job
    st = _worker_state
    try:
        doc = load_page(Path(src))
    except L10nError as exc:
        return rel, exc
    links = page_language_links(doc, st["layout"].source_locale)
    results = []
    for locale in st["locales_to_build"]:
        results.append(build_page(doc, rel, locale, st["translations"][locale], st["layout"],
                                  st["relpaths"][src], links))
    return rel, results


def _run_jobs(todo: list[tuple[str, str]], workers: int, state: dict) -> Iterator[tuple]:
    """(rel, results or error) per page, in order, from worker processes when it pays."""
    if workers > 1 and len(todo) >= 8:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(state,)) as pool:
            yield from pool.map(_build_one, todo, chunksize=max(1, len(todo) // (workers * 4)))
    else:
        _init_worker(state)
        for job in todo:
            yield _build_one(job)


def build_site(cfg: Config, locales: list[str] | None = None, include_fuzzy: bool = False,
               force: bool = False, jobs: int | None = None, progress: bool = False) -> BuildReport:
    """Build build/<locale>/<page> for every source page; only what changed is rewritten."""
    locales = list(locales or cfg.locales)
    site = cfg.all_locales()
    layout = SiteLayout(cfg.source_locale, site, {loc: cfg.lang_tag(loc) for loc in [cfg.source_locale, *site]})
    translations = {}
    cat_digest = {}
    for loc in locales:
        po = cfg.po_path(loc)
        if not po.exists():
            raise missing_catalog(po, loc)
        translations[loc] = load_translations(po, include_fuzzy, cfg.locales_path / ".cache")
        cat_digest[loc] = _digest(po.read_bytes())
    out_root = cfg.output_path
    manifest_path = out_root / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text("utf-8")) if not force else {}
    except (OSError, ValueError):
        manifest = {}
    settings = _digest(__version__, json.dumps([include_fuzzy, layout.locales, layout.lang_tags,
                                                cfg.source_locale], sort_keys=True))
    report = BuildReport()
    jobs_todo: list[tuple[str, str]] = []
    keys: dict[tuple[str, str], str] = {}
    for src in cfg.source_files():
        rel = src.relative_to(cfg.source_path).as_posix()
        try:
            src_digest = _digest(src.read_bytes())
        except OSError as exc:
            report.errors.append(L10nError(f"cannot read: {exc.strerror}", src))
            continue
        stale = False
        for loc in locales:
            key = _digest(src_digest, cat_digest[loc], settings)
            keys[(rel, loc)] = key
            if manifest.get(f"{loc}/{rel}") != key or not (out_root / loc / rel).exists():
                stale = True
        if stale:
            jobs_todo.append((str(src), rel))
        else:
            report.skipped += len(locales)
    state = {"locales_to_build": locales, "translations": translations, "layout": layout,
             "relpaths": {s: cfg.relpath(Path(s)) for s, _ in jobs_todo}}
    workers = jobs or os.cpu_count() or 1
    bar = tqdm(total=len(jobs_todo), desc="build", unit="page", file=sys.stderr, leave=False,
               disable=not progress or not sys.stderr.isatty())
    try:
        for rel, outcome in _run_jobs(jobs_todo, workers, state):
            bar.update()
            if isinstance(outcome, L10nError):
                report.errors.append(outcome)
                continue
            for res in outcome:
                out = out_root / res.locale / rel
                if write_if_changed(out, res.html.encode("utf-8")):
                    report.written.append(out)
                else:
                    report.unchanged += 1
                manifest[f"{res.locale}/{rel}"] = keys[(rel, res.locale)]
                report.translated[res.locale] = report.translated.get(res.locale, 0) + res.translated
                report.fallback[res.locale] = report.fallback.get(res.locale, 0) + res.fallback
                report.warnings += res.warnings
    finally:  # an interrupted build keeps the pages it finished
        bar.close()
        if jobs_todo or not manifest_path.exists():
            atomic_write_text(manifest_path, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return report
