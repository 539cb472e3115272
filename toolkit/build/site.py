"""The site build: build/ becomes the whole site, ready to deploy; only what changed is rewritten.

Layout: the source-language pages at their source paths, every other file of the source dir
copied beside them (`assets`), and each locale's pages under its URL segment (``build/ko/…``).
A manifest (``build/.l10n-build.json``) keys each built page by the digests of its source, its
catalogue and the build settings, so an unchanged page is not even re-read; it also lists the
copied assets, so files whose source is gone are removed.  Pages are built in worker processes
when there are enough of them, and each worker writes the pages it builds (creating a file is a
good part of a page's cost, so it is spread over the cores, and no page travels to the parent);
the parent records each finished page in the manifest: an interrupted build keeps its finished
pages and their entries.  Workers ignore Ctrl-C (the parent stops them) and die with the parent;
temp files of an interrupted write are swept when the build stops and on the next run.

Memory and time at site scale: each stale catalogue is parsed into its SQLite store in a child
process of its own (in parallel, and the parser's memory goes back to the system when it ends),
while the parent, which would only wait, loads the first pages for the workers to inherit;
the parent never holds a catalogue, so the forked page workers share nothing large, and each page
looks up only its own keys.  One job per page builds every locale from one parse.  Pages are
written without a per-file fsync; one ``syncfs`` makes them durable before the manifest names them.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import posixpath
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit import __version__
from toolkit.build.assets import copy_assets, remove_output, remove_stale_assets, remove_temp_files, site_assets
from toolkit.build.head import (
    canonical_base_hint,
    canonical_href,
    is_fragment,
    is_redirect,
    names_another_page,
    names_clean_url,
    says_noindex,
)
from toolkit.build.links import SiteLayout
from toolkit.build.refs import names_lazily, script_asset_hint
from toolkit.build.sitemap import PART, SITEMAP, replaced_by_build, sitemap_files
from toolkit.build.splice import build_page, page_coverage
from toolkit.build.translations import (
    TranslationStore,
    content_digest,
    fresh_store,
    store_digest,
    store_keys,
    translations_cache,
    write_store,
)
from toolkit.catalog.read import CONFLICT_MARKERS
from toolkit.config import Config, unmatched_pages_warning
from toolkit.errors import L10nError
from toolkit.fingerprint import code_files, hash_code
from toolkit.frameworks import client_renderer, renderer_warnings
from toolkit.fsutil import atomic_write_text, file_sha256, locked, sync_filesystem, write_if_changed
from toolkit.html.elements import is_xml_page
from toolkit.layout import check_layout
from toolkit.pagecache import (
    LoadedPage,
    PageCache,
    cache_for,
    linked_rules_digest,
    load_page_cached,
    page_key,
    project_rules,
)
from toolkit.processes import pool_worker_signals, stop_signals_held, trim_heap
from toolkit.progress import Progress

if TYPE_CHECKING:
    import multiprocessing.pool
    from multiprocessing.connection import Connection

    from toolkit.html.its import ProjectRules

# multiprocessing, ctypes and the catalogue package are imported where they are used: a rebuild of one page
# (no pool, the store up to date) does without them, and start-up is a good part of its time.

MANIFEST = ".l10n-build.json"
MANIFEST_FORMAT = 2
LINKED = "hardlink_assets"  # the manifest's record of whether the assets were placed as links


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)  # pages, and the sitemap's files
    sitemap_written: int = 0  # of those, the sitemap's files (not pages, in what a person reads)
    unchanged: int = 0
    skipped: int = 0  # up to date according to the manifest
    translated: dict[str, int] = field(default_factory=dict)
    fallback: dict[str, int] = field(default_factory=dict)
    withheld: dict[str, int] = field(default_factory=dict)  # pages below --min-percent, per locale
    removed: list[Path] = field(default_factory=list)  # built pages and assets whose source is gone
    assets_copied: int = 0
    assets_unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)
    rendered: dict[str, str] = field(default_factory=dict)  # page written -> the script framework rendering it again


@dataclass
class PageWritten:
    """One locale's page of a job, written to build/ by the worker: what the parent records."""

    locale: str
    written: bool  # False: the file already held exactly these bytes
    translated: int
    fallback: int
    warnings: list[str]
    renderer: str | None = None  # the script framework that renders the page again in the browser


@dataclass
class _BuildState:
    """What every worker needs, sent once per process."""

    out_root: Path
    locales: list[str]  # the source locale first: its page is built too
    stores: dict[str, TranslationStore]  # each page looks up only its own keys: workers hold no catalogue
    layout: SiteLayout
    relpaths: dict[str, str]  # source path -> path shown in messages
    id_as_context: bool = False  # [tool.l10n] its_id_as_context: the units must be those extract made
    its_rules: ProjectRules | None = None  # [tool.l10n] its_rules: so must the rules that segment them
    cache: PageCache | None = None  # pages segmented before (by extract or an earlier build)
    preloaded: dict[str, LoadedPage] = field(default_factory=dict)  # source path -> page loaded by the parent


_worker_state: dict[str, _BuildState] = {}
PageOutcome = tuple[str, list[PageWritten] | L10nError | OSError]  # OSError: writing failed, the build stops


def _init_worker(state: _BuildState) -> None:
    _worker_state["state"] = state


def _init_pool_worker(state: _BuildState | None = None) -> None:
    """A pool worker: Ctrl-C is the parent's to handle, and the worker dies with its parent."""
    gc.set_threshold(20_000, 50, 100)  # pages make many short-lived objects and no cycles worth chasing often
    pool_worker_signals()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if state is not None:
        _init_worker(state)


def _build_one(job: tuple[str, str, tuple[str, ...]]) -> PageOutcome:
    """Build and write the requested locales of one source page (runs in a worker process)."""
    src, rel, locales = job
    st = _worker_state["state"]
    page = st.preloaded.get(src)
    if page is None:
        try:
            page = load_page_cached(Path(src), st.id_as_context, st.layout.source_locale, st.cache, st.its_rules)
        except L10nError as exc:
            return rel, exc
    doc, links = page.doc, page.links
    renderer = client_renderer(doc)
    keys = store_keys((unit.context, unit.msgid) for unit in doc.units)
    out = []
    for locale in locales:
        store = st.stores.get(locale)
        found = store.lookup(keys) if store is not None and keys else {}
        res = build_page(doc, rel, locale, found, st.layout, st.relpaths[src], links)
        try:  # synced once, by the parent, before the manifest names the page
            written = write_if_changed(st.out_root / st.layout.site_path(locale, rel), res.html.encode("utf-8"),
                                       durable=False)
        except OSError as exc:
            return rel, exc
        out.append(PageWritten(locale, written, res.translated, res.fallback, res.warnings, renderer))
    return rel, out


@contextmanager
def _run_jobs(todo: list[tuple[str, str, tuple[str, ...]]], workers: int,
              state: _BuildState) -> Iterator[Iterator[PageOutcome]]:
    """(rel, results or error) per page, in order, from worker processes when it pays.

    Leaving the block early (an error, Ctrl-C, SIGTERM) terminates the workers at once.
    """
    if workers > 1 and len(todo) >= 8:
        with _pool(workers, state) as pool:
            yield pool.imap(_build_one, todo, chunksize=max(1, min(8, len(todo) // (workers * 4))))
    else:
        _init_worker(state)
        yield (_build_one(job) for job in todo)


@contextmanager
def _pool(workers: int, state: _BuildState) -> Iterator[multiprocessing.pool.Pool]:
    """Forked workers; the parent's objects are frozen first so the children share their pages.

    No full collection first: loading pages makes no cycles (one found nothing and took 40 ms of every build),
    and what a step before the build freed, `l10n run` gave back already (`release_memory`)."""
    import multiprocessing

    trim_heap()
    gc.freeze()  # no collection in a child touches (and so copies) the parent's objects
    with stop_signals_held():
        pool = multiprocessing.get_context("fork").Pool(workers, _init_pool_worker, (state,))  # inherit, not pickle
    try:
        yield pool
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()


StoreJob = tuple[str, str, bool, str]  # catalogue, store path, include_fuzzy, digest


def _write_store_job(job: StoreJob) -> tuple[str, str]:
    """Worker: parse one catalogue into its store; ("ok"|"unwritable"|"error", message)."""
    po, target, include_fuzzy, digest = job
    try:
        write_store(Path(po), include_fuzzy, Path(target), digest)
    except L10nError as exc:
        return "error", str(exc)
    except OSError as exc:
        return "unwritable", str(exc)
    return "ok", ""


def _write_stores(jobs: list[StoreJob], workers: int, scratch: ExitStack,
                  meanwhile: Iterator[object]) -> dict[str, str]:
    """Bring the stale stores up to date, each catalogue parsed in a process of its own (in parallel,
    and its parser's memory is returned when the process ends); a store that cannot be written
    (read-only tree) goes to a temp dir for this build.  Returns catalogue -> store path.

    While the children parse, this process works through `meanwhile` a step at a time.
    """
    outcomes = _in_processes(jobs, workers, meanwhile) if workers > 1 and jobs else \
        [_write_store_job(job) for job in jobs]
    paths = {}
    for (po, target, include_fuzzy, digest), (status, message) in zip(jobs, outcomes):
        if status == "error":
            raise L10nError(message)
        if status == "unwritable":
            tmp = Path(scratch.enter_context(tempfile.TemporaryDirectory(prefix="l10n-build-")))
            target = str(tmp / Path(target).name)
            write_store(Path(po), include_fuzzy, Path(target), digest)
        paths[po] = target
    return paths


_DONE = object()


def _store_process(job: StoreJob, conn: Connection) -> None:
    _init_pool_worker()
    signal.signal(signal.SIGTERM, _exit)  # the parent stopping the build: remove the half-written store
    conn.send(_write_store_job(job))
    conn.close()


def _exit(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _in_processes(jobs: list[StoreJob], workers: int, meanwhile: Iterator[object]) -> list[tuple[str, str]]:
    """`_write_store_job` of each job in a process of its own, at most `workers` at a time; steps of
    `meanwhile` run here until they run out, between looks at the children."""
    import multiprocessing
    from multiprocessing.connection import wait

    outcomes: list[tuple[str, str]] = [("error", "")] * len(jobs)
    pending = list(enumerate(jobs))
    running: dict[int, tuple[multiprocessing.Process, Connection]] = {}
    try:
        while pending or running:
            while pending and len(running) < workers:
                i, job = pending.pop(0)
                receive, send = multiprocessing.Pipe(duplex=False)
                proc = multiprocessing.Process(target=_store_process, args=(job, send), daemon=True)
                with stop_signals_held():
                    proc.start()
                send.close()
                running[i] = (proc, receive)
            conns = [conn for _, conn in running.values()]
            ready = wait(conns, timeout=0)
            while not ready and next(meanwhile, _DONE) is not _DONE:
                ready = wait(conns, timeout=0)
            if not ready:
                ready = wait(conns)
            for i in [i for i, (_, conn) in running.items() if conn in ready]:
                proc, conn = running.pop(i)
                try:
                    outcomes[i] = conn.recv()
                except EOFError:
                    outcomes[i] = ("error", f"{jobs[i][0]}: reading the catalogue failed (worker exit code "
                                            f"{proc.exitcode}); try again with --jobs 1")
                conn.close()
                proc.join()
    finally:
        for proc, _ in running.values():
            proc.terminate()
            proc.join()
    return outcomes


def site_layout(cfg: Config, pages: frozenset[str] | None = None,
                withheld: frozenset[tuple[str, str]] = frozenset(), assets: frozenset[str] | None = None) -> SiteLayout:
    site = cfg.all_locales()
    every = [cfg.source_locale, *site]
    return SiteLayout(cfg.source_locale, site, {loc: cfg.lang_tag(loc) for loc in every},
                      {loc: cfg.url_segment(loc) for loc in site}, pages, withheld, cfg.base_url,
                      {loc: cfg.og_locale(loc) for loc in every}, assets=assets)


BUILD_LOCK_WAIT = 600.0  # seconds a build waits for another build of the project to end


def _say_waiting() -> None:
    import logging

    logging.getLogger("toolkit.build").warning("another build of this project is running; waiting for it to end")


def build_site(cfg: Config, locales: list[str] | None = None, include_fuzzy: bool = False,
               force: bool = False, jobs: int | None = None, progress: Progress | None = None,
               min_percent: float | None = None, allow_empty: bool = False) -> BuildReport:
    """Build the whole site into the output dir; only what changed is rewritten or copied.

    `progress` is called with (pages done, pages to build) as pages finish.  A page with fewer
    than `min_percent` (default: the setting) of its units translated is not published in
    that locale.  With no source pages, a site built before is kept (an error) unless `allow_empty`.
    """
    check_layout(cfg)
    locales = list(locales or cfg.locales)
    min_percent = cfg.min_percent if min_percent is None else min_percent
    report = BuildReport()
    out_root = cfg.output_path
    workers = jobs or os.cpu_count() or 1
    its_rules = project_rules(cfg)  # read and checked once; a bad file stops the build before it writes
    for loc in locales:  # (before the lock: a misspelt locales_dir was left holding .cache/build.lock)
        if not cfg.po_path(loc).is_file():
            from toolkit.catalog import missing_catalog

            raise missing_catalog(cfg.po_path(loc), loc)
    # one build of a project at a time: two at once each trusted the manifest the other was rewriting, and a later
    # build called pages up to date that were not (the lock is in the project's cache, not in the deployed output)
    with locked(cfg.cache_path / "build", BUILD_LOCK_WAIT, _say_waiting), ExitStack() as scratch:
        remove_temp_files(out_root)
        return _build(cfg, locales, include_fuzzy, force, workers, progress, min_percent, report, scratch,
                      allow_empty, its_rules)


def _build(cfg: Config, locales: list[str], include_fuzzy: bool, force: bool, workers: int,
           progress: Progress | None, min_percent: float, report: BuildReport, scratch: ExitStack,
           allow_empty: bool, its_rules: ProjectRules | None) -> BuildReport:
    out_root = cfg.output_path
    cat_digest: dict[str, str] = {}
    stores: dict[str, TranslationStore] = {}
    stale_stores: list[StoreJob] = []
    for loc in locales:
        po = cfg.po_path(loc)
        cat_digest[loc], digest = _catalogue_digests(po, include_fuzzy)
        stores[loc] = TranslationStore(translations_cache(cfg.cache_path, po))
        if not fresh_store(stores[loc], digest, report.warnings.append):
            stale_stores.append((str(po), str(stores[loc].path), include_fuzzy, digest))
    unmatched: list[str] = []
    sources = cfg.source_files(unmatched=unmatched)
    if unmatched:
        report.warnings.append(unmatched_pages_warning(unmatched))
    rels = {src: src.relative_to(cfg.source_path).as_posix() for src in sources}
    manifest_path = out_root / MANIFEST
    old, damaged = _read_manifest(manifest_path)
    if damaged:
        report.warnings.append(_manifest_warning(cfg.relpath(manifest_path), damaged))
    if not sources and old["pages"] and not allow_empty:
        raise L10nError(f"no pages under {cfg.relpath(cfg.source_path)} (check --source-dir and the patterns in "
                        f"babel.cfg); the {len(old['pages'])} pages built before were kept (pass --allow-empty to "
                        "remove them)", out_root)
    manifest: dict[str, Any] = {"format": MANIFEST_FORMAT, "pages": dict(old["pages"]),
                                "coverage": {}, "assets": old["assets"], "files": old["files"]}
    if LINKED in old:
        manifest[LINKED] = old[LINKED]
    # the build reads the pages extract segmented, and keeps that cache up to date for pages edited since; it does
    # not start one (a build-only CI job would pay for a cache it throws away)
    cache = cache_for(cfg.cache_path, create=False)
    src_digests: dict[str, str] = {}  # the units cache's key: the page's bytes and what segments them
    rules_digests: dict[str, str] = {}  # pages with linked ITS rules: those files' bytes too
    unlisted: set[str] = set()  # pages asking not to be indexed, duplicates of another, redirects, fragments: not in
    # the sitemap
    canonicals: dict[str, str] = {}  # page -> the href of its canonical link (without a <base href>)
    lazy: set[str] = set()  # pages with lazy-loading attributes, which are rewritten where they name a file of the site
    for src, rel in rels.items():
        try:
            data = src.read_bytes()
        except OSError as exc:
            report.errors.append(L10nError(f"cannot read: {exc.strerror}", src))
            continue
        src_digests[rel] = page_key(data, cfg.its_id_as_context, cfg.source_locale, its_rules, is_xml_page(rel))
        if cfg.base_url and (says_noindex(data) or is_redirect(data) or is_fragment(data)):
            unlisted.add(rel)
        elif cfg.base_url and (href := canonical_href(data)) is not None and b"<base" not in data.lower():
            canonicals[rel] = href
        if names_lazily(data):
            lazy.add(rel)
        linked = linked_rules_digest(data, src)
        if linked is not None:
            rules_digests[rel] = linked
    cache.prune(set(src_digests.values()))
    preloaded: dict[str, LoadedPage] = {}
    written = _write_stores(stale_stores, workers, scratch,
                            _preload(cfg, rels, src_digests, cache, preloaded, its_rules))
    for loc in locales:
        if str(cfg.po_path(loc)) in written:
            stores[loc] = TranslationStore(Path(written[str(cfg.po_path(loc))]))
    withheld = _withheld(cfg, rels, src_digests, rules_digests, locales, stores, cat_digest, min_percent,
                         old["coverage"], manifest["coverage"], report, cache, preloaded, its_rules, include_fuzzy) \
        if min_percent > 0 else frozenset()
    if min_percent > 0:  # a locale this build leaves as it is (`build -l`) is published as the output holds it: the
        # pages written named its versions that min_percent withheld, or that were never built (a 404)
        idle = {loc: cfg.url_segment(loc) for loc in cfg.all_locales() if loc not in locales}
        withheld |= {(loc, rel) for loc, segment in idle.items() for rel in rels.values()
                     if posixpath.join(segment, rel) not in old["pages"]}
        manifest["coverage"].update({key: entry for key, entry in old["coverage"].items()
                                     if key.split("/", 1)[0] in idle})  # (what its next build may reuse)
    files = _site_files(cfg, sources, report)
    layout = site_layout(cfg, frozenset(rels.values()), withheld, frozenset(files))
    files_key = content_digest(*sorted(files)) if lazy else ""  # a file added or removed rebuilds those pages
    if cfg.base_url:  # (absolute URLs only: a relative link to about.html is what a file:// preview can follow)
        layout.clean_urls = cfg.clean_urls if cfg.clean_urls is not None else \
            any(names_clean_url(href, rel, layout) for rel, href in canonicals.items())
    unlisted.update(rel for rel, href in canonicals.items() if names_another_page(href, rel, layout))
    settings = content_digest(__version__, build_code(), json.dumps(
        [include_fuzzy, layout.locales, layout.lang_tags, layout.segments, layout.base_url, layout.clean_urls,
         cfg.source_locale,
         sorted(layout.pages or ()), sorted(withheld)], sort_keys=True))
    built_locales = [cfg.source_locale, *locales]
    wanted: dict[str, str] = {}  # output path -> key
    jobs_todo: list[tuple[str, str, tuple[str, ...]]] = []
    for src, rel in rels.items():
        if rel not in src_digests:  # unreadable this time (its error says so): the pages built from it stay
            for out in (layout.site_path(loc, rel) for loc in built_locales):
                if out in manifest["pages"]:
                    wanted[out] = manifest["pages"][out][1]
            continue
        stale = []
        for loc in built_locales:
            if not layout.published(loc, rel):
                continue
            out = layout.site_path(loc, rel)
            key = content_digest(src_digests[rel], rules_digests.get(rel, ""), cat_digest.get(loc, ""), settings,
                                 files_key if rel in lazy else "")
            wanted[out] = key
            if force or manifest["pages"].get(out, [None, None])[1] != key or not (out_root / out).exists():
                stale.append(loc)
            else:
                report.skipped += 1
        if stale:
            jobs_todo.append((str(src), rel, tuple(stale)))
    report.warnings += _page_hints(cfg, jobs_todo, bool(locales))
    state = _BuildState(out_root, built_locales, stores, layout, {s: cfg.relpath(Path(s)) for s, _, _ in jobs_todo},
                        cfg.its_id_as_context, its_rules, cache, preloaded)
    shown = {rel: state.relpaths[src] for src, rel, _ in jobs_todo}  # as extract names the page
    try:
        # what the site no longer has goes first: a page or asset that became a folder, or the reverse, would stand
        # where the new one is written (and an asset that became a page was removed once the page was written)
        _prune(out_root, manifest, wanted, set(built_locales), {cfg.source_locale, *cfg.all_locales()}, report)
        placed = _asset_places(files, layout, built_locales) if cfg.locale_assets else files
        stale = remove_stale_assets(out_root, list(manifest["assets"]), placed)
        manifest["assets"] = [rel for rel in manifest["assets"] if rel in placed]
        report.removed += [out_root / rel for rel in stale]
        with _run_jobs(jobs_todo, workers, state) as results:
            for done, (rel, outcome) in enumerate(results, 1):
                if isinstance(outcome, OSError):
                    raise outcome  # a full disk, a read-only build/: the build stops, what is written stays
                if isinstance(outcome, L10nError):
                    report.errors.append(outcome)
                else:
                    for res in outcome:
                        if res.renderer is not None and locales:
                            report.rendered[shown[rel]] = res.renderer
                        out = layout.site_path(res.locale, rel)
                        _record(report, out_root / out, res, res.locale != cfg.source_locale)
                        manifest["pages"][out] = [res.locale, wanted[out]]
                if progress is not None:
                    progress(done, len(jobs_todo))
            # (a copy placed before `hardlink_assets` was switched on is a link from then on, not only once edited)
            relink = force or old.get(LINKED) is not True
            assets = copy_assets(placed, out_root, cfg.hardlink_assets, compare=force or damaged is not None,
                                 relink=relink)
            manifest["assets"] = sorted(placed)
            manifest[LINKED] = cfg.hardlink_assets
            report.assets_copied, report.assets_unchanged = len(assets.copied), assets.unchanged
            _sitemap(layout, sorted(set(rels.values()) - unlisted), out_root, manifest, report)
            report.warnings += [
                f"{loc}: none of the {report.fallback[loc]} units of the pages written is translated: they are the "
                f"source text under {layout.segment(loc)}/ (marked as such), which search engines take for duplicates; "
                "set min_percent (or --min-percent) to publish only pages translated that far"
                for loc in locales if min_percent == 0 and report.fallback.get(loc) and not report.translated.get(loc)]
            report.warnings += renderer_warnings(report.rendered)  # (a build from committed catalogues, in CI, runs
            # no extract to say it)
    except BaseException:  # interrupted (even between a temp file's creation and its rename): leave none behind
        remove_temp_files(out_root)
        raise
    finally:  # an interrupted build keeps the pages it finished
        if report.written:  # the manifest never names a page the disk does not hold
            sync_filesystem(out_root)
        if manifest != old or not manifest_path.exists():
            atomic_write_text(manifest_path, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return report


def _page_hints(cfg: Config, jobs: list[tuple[str, str, tuple[str, ...]]], localised: bool) -> list[str]:
    """The warnings a site's pages call for once a build (`canonical_base_hint`, `script_asset_hint`: every page of
    such a site has the same), looked for in the pages this build writes: a rebuild of one page reads one page for
    them, not the site (scanning 300 pages for both took 60 ms of a 250 ms rebuild)."""
    hints: list[str] = []
    canonical = not cfg.base_url
    scripts = localised and not cfg.locale_assets
    for src, rel, _locales in jobs:
        if not canonical and not scripts:
            break
        try:
            data = Path(src).read_bytes()
        except OSError:
            continue  # (the page's job reports it)
        if canonical and (hint := canonical_base_hint(data, rel)) is not None:
            hints.append(hint)
            canonical = False
        if scripts and (hint := script_asset_hint(data, Path(src), rel)) is not None:
            hints.append(hint)
            scripts = False
    return hints


_PRELOAD_CHARACTERS = 3_000_000  # of source text; a loaded page holds about ten times its size


def _preload(cfg: Config, rels: dict[Path, str], src_digests: dict[str, str], cache: PageCache,
             into: dict[str, LoadedPage], its_rules: ProjectRules | None) -> Iterator[None]:
    """Load pages, one a step, while the catalogues are parsed into their stores (this process would
    only wait): the forked workers inherit them instead of loading them again."""
    budget = _PRELOAD_CHARACTERS
    for src, rel in rels.items():
        if budget <= 0:
            return
        if rel not in src_digests:
            continue
        try:
            page = load_page_cached(src, cfg.its_id_as_context, cfg.source_locale, cache, its_rules)
        except L10nError:
            continue  # the page's job reports it
        into[str(src)] = page
        budget -= len(page.doc.text)
        yield None


@functools.cache
def build_code() -> str:
    """The digest of the build package's code, part of every page's manifest key (the segmenter's code is in the
    page's key already): a fix pulled into an editable install rebuilds the pages without `--force`."""
    h = hashlib.sha256()
    hash_code(h, code_files(Path(__file__).resolve().parent))
    return h.hexdigest()


def _catalogue_digests(po: Path, include_fuzzy: bool) -> tuple[str, str]:
    """(manifest digest, store digest) of a catalogue; its bytes are not kept (forked workers would share them)."""
    catalogue = file_sha256(po)  # streamed: no copy of a 100 MB catalogue
    return catalogue, store_digest(catalogue, include_fuzzy)


def _site_files(cfg: Config, pages: list[Path], report: BuildReport) -> dict[str, Path]:
    """The source's other files (`site_assets`), by their source paths: not the build's own manifest, nor, with
    base_url, a sitemap of the site's own (the build writes its own there)."""
    current = site_assets(cfg.source_path, set(pages))
    where = cfg.relpath(cfg.source_path)
    report.warnings += [f"{where}/{rel}: a symbolic link to nothing; not copied"
                        for rel in current.dangling]  # (the link's own name: relpath would follow it)
    report.warnings += [f"{where}/{rel}: a symbolic link to a folder; not followed, its files are not in the build"
                        for rel in current.linked_dirs]
    report.warnings += [f"{where}/{rel}: not a regular file (a pipe, a device or a link to one); not copied"
                        for rel in current.special]
    files = current.files
    if MANIFEST in files:
        report.warnings.append(f"{where}/{MANIFEST}: the name of the build's own record of what it wrote; not copied")
        files = {rel: path for rel, path in files.items() if rel != MANIFEST}
    if cfg.base_url:
        files = {rel: path for rel, path in files.items() if not replaced_by_build(rel)}
    return files


def _asset_places(files: dict[str, Path], layout: SiteLayout, locales: list[str]) -> dict[str, Path]:
    """`locale_assets`: each asset at its own path and under every locale's folder, where a script that builds a
    URL from the page's place (``path_to_root + "searchindex.js"``) looks for it.  Page references still lead to
    the shared copy."""
    out = dict(files)
    for seg in filter(None, map(layout.segment, locales)):
        out.update({f"{seg}/{rel}": src for rel, src in files.items()})
    return out


def _withheld(cfg: Config, rels: dict[Path, str], src_digests: dict[str, str], rules_digests: dict[str, str],
              locales: list[str],
              stores: dict[str, TranslationStore], cat_digest: dict[str, str], min_percent: float,
              old: dict[str, Any], new: dict[str, Any], report: BuildReport,
              cache: PageCache | None = None, preloaded: dict[str, LoadedPage] | None = None,
              its_rules: ProjectRules | None = None, include_fuzzy: bool = False) -> frozenset[tuple[str, str]]:
    """(locale, page) pairs below `min_percent`; coverage is remembered per source (with the ITS rules it links),
    catalogue digest and whether fuzzy entries count (`_coverage_key`)."""
    out = set()
    for src, rel in rels.items():
        if rel not in src_digests:
            continue
        doc = None
        for loc in locales:
            key = _coverage_key(src_digests[rel], rules_digests.get(rel, ""), cat_digest[loc], include_fuzzy)
            entry = old.get(f"{loc}/{rel}")
            if isinstance(entry, list) and len(entry) == 3 and entry[0] == key:
                done, total = entry[1], entry[2]
            else:
                if doc is None:
                    try:
                        page = (preloaded or {}).get(str(src)) or \
                            load_page_cached(src, cfg.its_id_as_context, cfg.source_locale, cache, its_rules)
                    except L10nError:
                        break  # reported by the build itself
                    doc, links = page.doc, page.links
                    keys = store_keys((u.context, u.msgid) for u in doc.units)  # once for every locale
                done, total = page_coverage(doc, loc, stores[loc].lookup(keys), links)
            new[f"{loc}/{rel}"] = [key, done, total]
            if total and 100 * done / total < min_percent:
                out.add((loc, rel))
                report.withheld[loc] = report.withheld.get(loc, 0) + 1
    return frozenset(out)


def _coverage_key(source: str, rules: str, catalogue: str, include_fuzzy: bool) -> str:
    """What a page's coverage in a locale depends on (a preview build counts fuzzy entries, a published one not)."""
    return content_digest(source, rules, catalogue, str(include_fuzzy))


def _prune(out_root: Path, manifest: dict[str, Any], wanted: dict[str, str], locales: set[str],
           site_locales: set[str], report: BuildReport) -> None:
    """Remove built pages of the built `locales` that the site no longer has (source gone, withheld), and every
    page of a locale the site no longer has (taken out of the settings: its pages went on claiming to be
    alternates of the others).  A locale of the site not built this time (`build -l`) keeps its pages."""
    for out, entry in list(manifest["pages"].items()):
        locale = entry[0] if isinstance(entry, list) and entry else None
        if out in wanted or (locale not in locales and locale in site_locales):
            continue
        remove_output(out_root, out)
        del manifest["pages"][out]
        report.removed.append(out_root / out)


def _sitemap(layout: SiteLayout, pages: list[str], out_root: Path, manifest: dict[str, Any],
             report: BuildReport) -> None:
    """Write the sitemap's files (with base_url) and remove those an earlier build wrote that this one does not (a
    site's own sitemap.xml, MkDocs', is copied back)."""
    files = set(manifest["files"])
    written = set()
    if layout.base_url:
        for name, data in sitemap_files(layout, pages):
            if write_if_changed(out_root / name, data):
                report.written.append(out_root / name)
                report.sitemap_written += 1
            written.add(name)
    for name in sorted(f for f in files - written if f == SITEMAP or PART.fullmatch(f)):
        files.discard(name)
        if name not in manifest["assets"]:
            remove_output(out_root, name)
            report.removed.append(out_root / name)
    manifest["files"] = sorted(files | written)


def _read_manifest(path: Path) -> tuple[dict[str, Any], str | None]:
    """The manifest the last build wrote (empty: none, or one of another format, rebuilt once), and what is wrong
    with it when it is there but unusable (damaged, conflicted, hand-edited): the build then rebuilds everything,
    and says so, since it cannot know which outputs belong to pages removed since."""
    empty: dict[str, Any] = {"format": MANIFEST_FORMAT, "pages": {}, "coverage": {}, "assets": [], "files": []}
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return empty, None
    except (OSError, ValueError) as exc:
        return empty, f"unreadable ({getattr(exc, 'strerror', None) or exc})"
    try:
        data = json.loads(text)
    except ValueError:
        conflicted = any(line.startswith(CONFLICT_MARKERS) for line in text.splitlines())
        return empty, "an unresolved merge conflict in it" if conflicted else "not JSON"
    except RecursionError:  # (our own file: its depth is not scanned, see toolkit.jsonsafe)
        return empty, "nested too deep"
    if isinstance(data, dict) and isinstance(data.get("format"), int) and data["format"] != MANIFEST_FORMAT:
        return empty, None  # another version's manifest: everything is rebuilt once
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT or not all(
            isinstance(data.get(name), kind)
            for name, kind in (("pages", dict), ("coverage", dict), ("assets", list), ("files", list))):
        return empty, "not a build manifest's shape"
    # the build removes what its manifest names: a path off the output (`../../x`, `/tmp/x`, a hand edit, a
    # restored backup of another tree's) or a page entry not of our shape makes it not ours, and nothing is removed
    if not all(_inside_output(p) for p in [*data["pages"], *data["assets"], *data["files"]]):
        return empty, "names files outside the output"
    if not all(isinstance(e, list) and len(e) == 2 and all(isinstance(v, str) for v in e)
               for e in data["pages"].values()):
        return empty, "not a build manifest's shape"
    return data, None


def _manifest_warning(where: str, problem: str) -> str:
    """One line: which file, what is wrong, what it costs, and the way to a clean tree."""
    return (f"{where}: the build's record of what it wrote is damaged ({problem}); every page and asset is checked "
            "against its source again (those that already match are left as they are), but outputs of pages and "
            "assets removed since cannot be pruned this time (delete the output folder for a clean tree)")


def _inside_output(rel: object) -> bool:
    """A manifest's path is one the build could have written: relative, below the output, POSIX."""
    return (isinstance(rel, str) and bool(rel) and not rel.startswith("/") and "\0" not in rel
            and all(part not in ("", ".", "..") for part in rel.split("/")))


def _record(report: BuildReport, out: Path, res: PageWritten, localised: bool) -> None:
    """Count one page a worker wrote (or found up to date) and its units."""
    if res.written:
        report.written.append(out)
    else:
        report.unchanged += 1
    if localised:
        report.translated[res.locale] = report.translated.get(res.locale, 0) + res.translated
        report.fallback[res.locale] = report.fallback.get(res.locale, 0) + res.fallback
    report.warnings += res.warnings
