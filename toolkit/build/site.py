"""The site build: every source page x every locale into build/<locale>/, only what changed.

A manifest (``build/.l10n-build.json``) keys each built page by the digests of its source, its
catalogue and the build settings, so an unchanged page is not even re-read.  Pages are built in
worker processes when there are enough of them, and written as they finish: an interrupted
build keeps its finished pages and their manifest entries.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.build.links import SiteLayout, page_language_links
from toolkit.build.splice import PageResult, build_page
from toolkit.build.translations import Translations, content_digest, load_translations
from toolkit.catalog import missing_catalog
from toolkit.config import Config
from toolkit.errors import L10nError
from toolkit.extract import load_page
from toolkit.fsutil import atomic_write_text, write_if_changed
from toolkit.progress import Progress

MANIFEST = ".l10n-build.json"


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0  # up to date according to the manifest
    translated: dict[str, int] = field(default_factory=dict)
    fallback: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)


@dataclass
class _BuildState:
    """What every worker needs, sent once per process."""

    locales: list[str]
    translations: dict[str, Translations]
    layout: SiteLayout
    relpaths: dict[str, str]  # source path -> path shown in messages
    id_as_context: bool = False  # [tool.l10n] its_id_as_context: the units must be those extract made


_worker_state: dict[str, _BuildState] = {}
PageOutcome = tuple[str, list[PageResult] | L10nError]


def _init_worker(state: _BuildState) -> None:
    _worker_state["state"] = state


def _build_one(job: tuple[str, str]) -> PageOutcome:
    """Build every requested locale of one source page (runs in a worker process)."""
    src, rel = job
    st = _worker_state["state"]
    try:
        doc = load_page(Path(src), st.id_as_context)
    except L10nError as exc:
        return rel, exc
    links = page_language_links(doc, st.layout.source_locale)
    return rel, [build_page(doc, rel, locale, st.translations[locale], st.layout, st.relpaths[src], links)
                 for locale in st.locales]


def _run_jobs(todo: list[tuple[str, str]], workers: int, state: _BuildState) -> Iterator[PageOutcome]:
    """(rel, results or error) per page, in order, from worker processes when it pays."""
    if workers > 1 and len(todo) >= 8:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(state,)) as pool:
            yield from pool.map(_build_one, todo, chunksize=max(1, len(todo) // (workers * 4)))
    else:
        _init_worker(state)
        for job in todo:
            yield _build_one(job)


def build_site(cfg: Config, locales: list[str] | None = None, include_fuzzy: bool = False,
               force: bool = False, jobs: int | None = None, progress: Progress | None = None) -> BuildReport:
    """Build build/<locale>/<page> for every source page; only what changed is rewritten.

    `progress` is called with (pages done, pages to build) as pages finish.
    """
    locales = list(locales or cfg.locales)
    site = cfg.all_locales()
    layout = SiteLayout(cfg.source_locale, site, {loc: cfg.lang_tag(loc) for loc in [cfg.source_locale, *site]})
    report = BuildReport()
    translations: dict[str, Translations] = {}
    cat_digest: dict[str, str] = {}
    for loc in locales:
        po = cfg.po_path(loc)
        if not po.exists():
            raise missing_catalog(po, loc)
        translations[loc] = load_translations(po, include_fuzzy, cfg.locales_path / ".cache", report.warnings.append)
        cat_digest[loc] = content_digest(po.read_bytes())
    out_root = cfg.output_path
    manifest_path = out_root / MANIFEST
    manifest = {} if force else _read_manifest(manifest_path)
    settings = content_digest(__version__, json.dumps([include_fuzzy, layout.locales, layout.lang_tags,
                                                       cfg.source_locale], sort_keys=True))
    jobs_todo: list[tuple[str, str]] = []
    keys: dict[tuple[str, str], str] = {}
    for src in cfg.source_files():
        rel = src.relative_to(cfg.source_path).as_posix()
        try:
            src_digest = content_digest(src.read_bytes())
        except OSError as exc:
            report.errors.append(L10nError(f"cannot read: {exc.strerror}", src))
            continue
        stale = False
        for loc in locales:
            key = content_digest(src_digest, cat_digest[loc], settings)
            keys[(rel, loc)] = key
            if manifest.get(f"{loc}/{rel}") != key or not (out_root / loc / rel).exists():
                stale = True
        if stale:
            jobs_todo.append((str(src), rel))
        else:
            report.skipped += len(locales)
    state = _BuildState(locales, translations, layout, {s: cfg.relpath(Path(s)) for s, _ in jobs_todo},
                        cfg.its_id_as_context)
    workers = jobs or os.cpu_count() or 1
    try:
        for done, (rel, outcome) in enumerate(_run_jobs(jobs_todo, workers, state), 1):
            if isinstance(outcome, L10nError):
                report.errors.append(outcome)
            else:
                for res in outcome:
                    _record(report, out_root / res.locale / rel, res)
                    manifest[f"{res.locale}/{rel}"] = keys[(rel, res.locale)]
            if progress is not None:
                progress(done, len(jobs_todo))
    finally:  # an interrupted build keeps the pages it finished
        if jobs_todo or not manifest_path.exists():
            atomic_write_text(manifest_path, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return report


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _record(report: BuildReport, out: Path, res: PageResult) -> None:
    """Write one built page (only if its bytes changed) and count its units."""
    if write_if_changed(out, res.html.encode("utf-8")):
        report.written.append(out)
    else:
        report.unchanged += 1
    report.translated[res.locale] = report.translated.get(res.locale, 0) + res.translated
    report.fallback[res.locale] = report.fallback.get(res.locale, 0) + res.fallback
    report.warnings += res.warnings
