"""Speed and memory at site scale: every case side by side with its peer, in one run.

    python bench/bench_all.py            # full run (18 min on a busy 2-core machine) -> bench/RESULTS.md
    python bench/bench_all.py --quick    # smoke run: smaller inputs, best of 1 -> bench/out/RESULTS-quick.md
    python bench/bench_all.py -n 5 --cap 600 --only extract_build,startup

Every measurement is a whole process -- `python -m toolkit --root DIR ...`, translate-toolkit's
html2po/po2html, GNU msgfmt/msgmerge -- and the best of N runs counts (peers too). A process
that runs longer than --cap seconds is killed and recorded as timed out. Peak memory is the
summed RSS of the whole process tree (the process and all its descendants, pool workers
included), sampled every 5 ms with psutil (`pip install -e '.[bench]'`); the largest single
process, sampled alike, is given beside it. (The kernel's ru_maxrss is no use here: a child
forked from this script inherits this script's high-water mark until it execs.) Inputs are generated
under bench/out/ (git-ignored); translate-toolkit is installed there on first use.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import catalogues, fill, make_project, page, po_path, source_bytes
from peers import OUT, gnu, translate_toolkit_bin

HERE = Path(__file__).resolve().parent

MiB = 1024 * 1024
SAMPLE_EVERY = 0.005  # seconds between two RSS samples of the process tree
SITE_LOCALES = ["ko", "ja", "zh_TW", "fr"]
TRASH = OUT / "trash"  # outputs of earlier runs, moved out of the way: emptied when the whole run ends


def discard(path: Path) -> None:
    """Move a previous run's output out of the way, to be deleted when the whole run ends.

    Not deleted between timed runs: ext4 makes each file created in a block group look past every inode of
    the group freed in the last seconds (minutes while the inode table is unwritten), so thousands of files
    deleted just before a timed build cost that build up to a tenth of its CPU time (`perf`: ext4's
    `recently_deleted`), more the more files it writes.  A cold build on a fresh checkout pays nothing of
    the kind; peers' outputs are moved aside alike.
    """
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(Path(tempfile.mkdtemp(dir=TRASH)) / path.name)


@dataclass(frozen=True)
class Sizes:
    """Inputs of one run mode; --quick shrinks the big ones."""

    site_pages: int = 300  # ~20 KB pages: the 6 MB site
    big_site_pages: int = 2500  # the 50 MB site for the memory cases
    catalogue_entries: int = 20_000
    catalogue_changed: int = 400
    big_page_bytes: int = 2_000_000
    translate_entries: int = 100_000


QUICK = Sizes(big_site_pages=500, catalogue_entries=5_000, catalogue_changed=100, translate_entries=10_000)


@dataclass
class Run:
    """One whole-process measurement."""

    seconds: float
    tree_peak: int = 0  # bytes: largest sampled sum of RSS over the process and its descendants
    largest: int = 0  # bytes: largest sampled RSS of a single process of the tree
    timed_out: bool = False

    def __add__(self, other: Run) -> Run:
        return Run(self.seconds + other.seconds, max(self.tree_peak, other.tree_peak),
                   max(self.largest, other.largest), self.timed_out or other.timed_out)


@dataclass
class Row:
    case: str
    ours: str
    peer: str
    ratio: str
    target: str
    met: str


class Failed(Exception):
    """A measured command exited with an error (not a time-out)."""


def tree_rss(proc: psutil.Process) -> tuple[int, int]:
    """(sum, largest) of the RSS of `proc` and all its descendants, in bytes."""
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    sizes = []
    for p in procs:
        try:
            sizes.append(p.memory_info().rss)
        except psutil.Error:  # exited between listing and reading
            pass
    return sum(sizes), max(sizes, default=0)


# Every process runs as installed software does, with its bytecode cache: an environment that sets
# PYTHONDONTWRITEBYTECODE would make each run of an editable install recompile its sources, while
# the peers' installed wheels were byte-compiled by pip.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: list[str], cap: float, sample: bool = False) -> Run:
    """Run `cmd` to the end (or kill its process group after `cap` seconds); wall time and memory."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True, env=CHILD_ENV)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        start = time.perf_counter()
        tree_peak = largest = 0
        if sample:
            tracked = psutil.Process(proc.pid)
            while True:
                pid, status, _usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                total, biggest = tree_rss(tracked)
                tree_peak, largest = max(tree_peak, total), max(largest, biggest)
                if not killed.is_set() and time.perf_counter() - start > cap:
                    kill()
                time.sleep(SAMPLE_EVERY)
        else:
            timer = threading.Timer(cap, kill)
            timer.start()
            _, status, _usage = os.wait4(proc.pid, 0)
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode and not killed.is_set():
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise Failed(f"{' '.join(cmd)} exited with {proc.returncode}: {' / '.join(tail)}")
    return Run(seconds, tree_peak, largest, killed.is_set())


def best_of(n: int, trial: Callable[[], Run], by_memory: bool = False) -> Run:
    """The best of `n` trials (fastest, or smallest tree peak); a time-out ends the series."""
    runs = []
    for _ in range(n):
        r = trial()
        if r.timed_out:
            return r
        runs.append(r)
    return min(runs, key=lambda r: r.tree_peak if by_memory else r.seconds)


# --- formatting ----------------------------------------------------------------------------


def secs(r: Run, cap: float) -> str:
    if r.timed_out:
        return f"timed out after {cap:g} s"
    return f"{r.seconds * 1000:.0f} ms" if r.seconds < 1 else f"{r.seconds:.2f} s"


def mem(r: Run, cap: float) -> str:
    if r.timed_out:
        return f"timed out after {cap:g} s"
    return f"{r.tree_peak / MiB:.0f} MiB tree (largest process {r.largest / MiB:.0f} MiB)"


def yes(ok: bool | None) -> str:
    return "?" if ok is None else ("yes" if ok else "**no**")


# --- the cases -----------------------------------------------------------------------------


class Bench:
    def __init__(self, sizes: Sizes, n: int, cap: float) -> None:
        self.sizes, self.n, self.cap = sizes, n, cap
        self.html2po = str(translate_toolkit_bin("html2po"))
        self.po2html = str(translate_toolkit_bin("po2html"))
        self.msgfmt, self.msgmerge = gnu("msgfmt"), gnu("msgmerge")

    # helpers

    def l10n(self, root: Path, *args: str) -> list[str]:
        return [sys.executable, "-m", "toolkit", "--root", str(root), "-q", *args]

    def do(self, cmd: list[str]) -> None:
        """An untimed preparation step (no cap)."""
        run(cmd, cap=24 * 3600)

    def best(self, trial: Callable[[], Run], by_memory: bool = False) -> Run:
        return best_of(self.n, trial, by_memory)

    @staticmethod
    def clean_build(root: Path) -> None:
        """A cold build: no output, no manifest, no parsed-catalogue cache."""
        discard(root / "build")
        discard(root / "locales" / ".cache")

    def catalogued_site(self, root: Path, locales: list[str], pages: int) -> Path:
        """A generated site with a template and one fully translated catalogue per locale."""
        make_project(root, locales, corpus=pages)
        self.do(self.l10n(root, "extract"))
        self.do(self.l10n(root, "init", *[a for loc in locales for a in ("-l", loc)]))
        for loc in locales:
            fill(po_path(root, loc))
        return root

    # inputs, generated once per run

    @cache  # noqa: B019 -- one Bench per run
    def site(self) -> Path:
        return self.catalogued_site(OUT / "site", SITE_LOCALES, self.sizes.site_pages)

    @cache  # noqa: B019
    def peer_site(self) -> tuple[Path, Path]:
        """html2po's per-page catalogues of site(), translated like ours: (untranslated, translated)."""
        src = self.site() / "source_html"
        raw, done = OUT / "site-html2po", OUT / "site-html2po-filled"
        for d in (raw, done):
            shutil.rmtree(d, ignore_errors=True)
        self.do([self.html2po, "--progress=none", str(src), str(raw)])
        for p in raw.rglob("*.po"):
            target = done / p.relative_to(raw)
            target.parent.mkdir(parents=True, exist_ok=True)
            fill(p, target)
        return raw, done

    @cache  # noqa: B019
    def big_site(self) -> Path:
        return self.catalogued_site(OUT / "big-site", ["ko"], self.sizes.big_site_pages)

    @cache  # noqa: B019
    def catalogue_project(self) -> tuple[Path, Path]:
        """(project, pristine catalogue): a translated catalogue and a template with some msgids edited."""
        root = make_project(OUT / "catalogue", ["ko"])
        po, pot = catalogues(self.sizes.catalogue_entries, self.sizes.catalogue_changed)
        (root / "locales").mkdir()
        pot.save(str(root / "locales" / "messages.pot"))
        pristine = root / "ko.pristine.po"
        po.save(str(pristine))
        return root, pristine

    # rows

    def extract_build(self) -> Row:
        root = self.site()
        pot = root / "locales" / "messages.pot"

        def ours() -> Run:
            pot.unlink()
            self.clean_build(root)
            r = run(self.l10n(root, "extract"), self.cap)
            return r if r.timed_out else r + run(self.l10n(root, "build", "-l", "ko"), self.cap)

        _, filled = self.peer_site()
        out_pot, out_html = OUT / "site-html2po-again", OUT / "site-po2html"

        def peer() -> Run:
            for d in (out_pot, out_html):
                discard(d)
            r = run([self.html2po, "--progress=none", str(root / "source_html"), str(out_pot)], self.cap)
            if r.timed_out:
                return r
            return r + run([self.po2html, "--progress=none", "-t", str(root / "source_html"), "-i", str(filled),
                            "-o", str(out_html)], self.cap)

        o, p = self.best(ours), self.best(peer)
        mb = source_bytes(root) / 1e6
        ok = None if o.timed_out else (p.timed_out or p.seconds / o.seconds >= 3)
        ratio = "" if o.timed_out or p.timed_out else f"{p.seconds / o.seconds:.1f}x faster"
        return Row(f"extract + build of one locale, {self.sizes.site_pages}-page site ({mb:.1f} MB)",
                   secs(o, self.cap), f"html2po + po2html {secs(p, self.cap)}", ratio, ">= 3x faster", yes(ok))

    def locales4(self) -> Row:
        root = self.site()

        def build(*locale_args: str) -> Callable[[], Run]:
            def trial() -> Run:
                self.clean_build(root)
                return run(self.l10n(root, "build", *locale_args), self.cap)
            return trial

        one, four = self.best(build("-l", "ko")), self.best(build())
        ok = None if one.timed_out or four.timed_out else four.seconds / one.seconds <= 1.6
        ratio = "" if ok is None else f"{four.seconds / one.seconds:.2f}"
        return Row(f"build {len(SITE_LOCALES)} locales / build 1 locale ({self.sizes.site_pages} pages, cold)",
                   f"{secs(four, self.cap)} / {secs(one, self.cap)}", "", ratio, "<= 1.6", yes(ok))

    def locales4_read(self) -> Row:
        """The same builds once the catalogues have been read into their stores (a build after pages changed, the
        catalogues not): what is left per locale is the splice, the lookups and the writes ("parse once, splice
        each locale"). Pages are segmented again (no units cache), the output is cold."""
        root = self.site()
        self.do(self.l10n(root, "build"))  # the stores of every locale

        def build(*locale_args: str) -> Callable[[], Run]:
            def trial() -> Run:
                discard(root / "build")
                discard(root / "locales" / ".cache" / "units")
                return run(self.l10n(root, "build", *locale_args), self.cap)
            return trial

        one, four = self.best(build("-l", "ko")), self.best(build())
        ok = None if one.timed_out or four.timed_out else four.seconds / one.seconds <= 1.6
        ratio = "" if ok is None else f"{four.seconds / one.seconds:.2f}"
        return Row(f"build {len(SITE_LOCALES)} locales / build 1 locale ({self.sizes.site_pages} pages, catalogues "
                   "read before)", f"{secs(four, self.cap)} / {secs(one, self.cap)}", "", ratio, "<= 1.6", yes(ok))

    def _compile(self, label: str, root: Path, restore: Path | None) -> Row:
        po = po_path(root, "ko")
        mo = po.with_suffix(".mo")
        gnu_mo = root / "msgfmt.mo"

        def ours() -> Run:
            if restore is not None:
                shutil.copyfile(restore, po)
            mo.unlink(missing_ok=True)
            return run(self.l10n(root, "compile", "-l", "ko"), self.cap)

        def peer() -> Run:
            gnu_mo.unlink(missing_ok=True)
            return run([self.msgfmt, "-o", str(gnu_mo), str(po)], self.cap)

        o, p = self.best(ours), self.best(peer)
        ok = None if o.timed_out or p.timed_out else o.seconds / p.seconds <= 1.5
        ratio = "" if ok is None else f"{o.seconds / p.seconds:.2f}x its time"
        entries = len(polib.pofile(str(po)))
        return Row(f"compile {label} ({entries:,} entries)", secs(o, self.cap), f"msgfmt {secs(p, self.cap)}",
                   ratio, "<= 1.5x msgfmt's time", yes(ok))

    def compile_site(self) -> Row:
        return self._compile(f"the {self.sizes.site_pages}-page site's catalogue", self.site(), None)

    def compile_catalogue(self) -> Row:
        root, pristine = self.catalogue_project()
        po_path(root, "ko").parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pristine, po_path(root, "ko"))
        return self._compile("a large catalogue", root, pristine)

    def update(self) -> Row:
        root, pristine = self.catalogue_project()
        po, pot = po_path(root, "ko"), root / "locales" / "messages.pot"
        po.parent.mkdir(parents=True, exist_ok=True)

        def ours() -> Run:
            shutil.copyfile(pristine, po)
            return run(self.l10n(root, "update", "-l", "ko"), self.cap)

        def peer() -> Run:
            return run([self.msgmerge, "--quiet", "--previous", "-o", str(root / "msgmerge.po"), str(pristine),
                        str(pot)], self.cap)

        o, p = self.best(ours), self.best(peer)
        ok = None if o.timed_out else (p.timed_out or o.seconds / p.seconds <= 0.5)
        ratio = "" if o.timed_out or p.timed_out else f"{o.seconds / p.seconds:.2f}x its time"
        return Row(f"update, {self.sizes.catalogue_entries:,} entries with {self.sizes.catalogue_changed} changed",
                   secs(o, self.cap), f"msgmerge --previous {secs(p, self.cap)}", ratio, "<= 0.5x its time", yes(ok))

    def update_site(self) -> Row:
        """update where sites are: the 50 MB site's catalogue (one entry a message of 2,500 pages), one page changed,
        time and peak memory side by side with msgmerge --previous (no target: the issue's case is `update`)."""
        root = self.big_site()
        po, pot = po_path(root, "ko"), root / "locales" / "messages.pot"
        pristine = root / "ko.pristine.po"
        shutil.copyfile(po, pristine)
        page = sorted((root / "source_html").rglob("*.html"))[0]
        original = page.read_bytes()
        page.write_bytes(original.replace(b"</body>", b"<p>A sentence added for this run.</p></body>", 1))
        self.do(self.l10n(root, "extract"))

        def ours() -> Run:
            shutil.copyfile(pristine, po)
            return run(self.l10n(root, "update", "-l", "ko"), self.cap, sample=True)

        def peer() -> Run:
            return run([self.msgmerge, "--quiet", "--previous", "-o", str(root / "msgmerge.po"), str(pristine),
                        str(pot)], self.cap, sample=True)

        try:
            o, p = self.best(ours), self.best(peer)  # (the fastest run: memory barely moves from run to run)
        finally:
            shutil.copyfile(pristine, po)
            for scratch in (pristine, root / "msgmerge.po"):  # 160 MB each
                scratch.unlink(missing_ok=True)
            page.write_bytes(original)
            self.do(self.l10n(root, "extract"))
        entries = sum(1 for line in pot.open("rb") if line.startswith(b"msgid ")) - 1
        ratio = "" if o.timed_out or p.timed_out else \
            f"{o.seconds / p.seconds:.2f}x its time, {o.largest / p.largest:.2f}x its peak (largest process)"
        return Row(f"update at site scale, {entries:,} entries, one page changed",
                   f"{secs(o, self.cap)}, {mem(o, self.cap)}", f"msgmerge --previous {secs(p, self.cap)}, "
                   f"{mem(p, self.cap)}", ratio, "", "")

    def rebuild_one(self) -> Row:
        root = self.site()
        victim = root / "source_html" / "section0" / "page0.html"
        original = victim.read_text("utf-8")
        self.clean_build(root)
        self.do(self.l10n(root, "build", "-l", "ko"))
        edits = iter(range(1_000_000))

        def ours() -> Run:
            victim.write_text(original.replace("</body>", f"<p>Edit number {next(edits)}.</p></body>"), "utf-8")
            return run(self.l10n(root, "build", "-l", "ko"), self.cap)

        try:
            o = self.best(ours)
        finally:
            victim.write_text(original, "utf-8")
        _, filled = self.peer_site()
        out = OUT / "po2html-one.html"

        def peer() -> Run:
            return run([self.po2html, "--progress=none", "-t", str(victim), "-i",
                        str(filled / "section0" / "page0.po"), "-o", str(out)], self.cap)

        p = self.best(peer)
        ok = None if o.timed_out or p.timed_out else o.seconds / p.seconds <= 3
        ratio = "" if ok is None else f"{o.seconds / p.seconds:.2f}x its time"
        return Row(f"rebuild after one page of {self.sizes.site_pages} changed", secs(o, self.cap),
                   f"po2html of that page {secs(p, self.cap)}", ratio, "<= 3x", yes(ok))

    def _big_page(self, cached: bool) -> Row:
        root = make_project(OUT / "big-page", ["ko"], {"big.html": page(self.sizes.big_page_bytes)})
        pot = root / "locales" / "messages.pot"
        if cached:
            self.do(self.l10n(root, "extract"))  # fills the units cache

        def ours() -> Run:
            pot.unlink(missing_ok=True)
            if not cached:
                discard(root / "locales" / ".cache")  # the page is segmented
            return run(self.l10n(root, "extract"), self.cap)

        o = self.best(ours)
        mb = source_bytes(root) / 1e6
        ok = None if o.timed_out else mb / o.seconds >= 10
        speed = "" if o.timed_out else f"{mb / o.seconds:.1f} MB/s"
        label = "re-extract of an unchanged" if cached else "extract,"
        return Row(f"{label} {mb:.1f} MB page{' (units cached)' if cached else ''}, whole process",
                   f"{secs(o, self.cap)}", "", speed, ">= 10 MB/s" if not cached else "", yes(ok) if not cached else "")

    def extract_big_page(self) -> Row:
        return self._big_page(cached=False)

    def extract_big_page_cached(self) -> Row:
        return self._big_page(cached=True)

    def rss_extract(self) -> Row:
        root = self.big_site()
        pot = root / "locales" / "messages.pot"
        out = OUT / "big-site-html2po"

        def ours() -> Run:
            pot.unlink(missing_ok=True)
            discard(root / "locales" / ".cache")  # every page segmented, as html2po does
            return run(self.l10n(root, "extract"), self.cap, sample=True)

        def peer() -> Run:
            discard(out)
            return run([self.html2po, "--progress=none", str(root / "source_html"), str(out)], self.cap, sample=True)

        o, p = self.best(ours, by_memory=True), self.best(peer, by_memory=True)
        mb = source_bytes(root) / 1e6
        ok = None if o.timed_out else o.tree_peak <= 250 * MiB
        ratio = "" if o.timed_out or p.timed_out else f"{o.tree_peak / p.tree_peak:.2f}x its peak"
        return Row(f"peak RSS, extract of a {mb:.0f} MB / {self.sizes.big_site_pages:,}-page site", mem(o, self.cap),
                   f"html2po {mem(p, self.cap)}", ratio, "<= 250 MiB", yes(ok))

    def rss_reextract(self) -> Row:
        """The extract people run again and again: the template and the units cache are there, one page changed."""
        root = self.big_site()
        self.do(self.l10n(root, "extract"))  # the template and the units cache, as an earlier extract leaves them
        page = sorted((root / "source_html").rglob("*.html"))[0]
        pristine = page.read_bytes()
        edited = pristine.replace(b"</body>", b"<p>A sentence added for this run.</p></body>", 1)

        def ours() -> Run:
            page.write_bytes(edited)
            try:
                return run(self.l10n(root, "extract"), self.cap, sample=True)
            finally:
                page.write_bytes(pristine)
                self.do(self.l10n(root, "extract"))  # the template as it was, so that each run changes it

        o = self.best(ours, by_memory=True)
        ok = None if o.timed_out else o.tree_peak <= 250 * MiB
        mb = source_bytes(root) / 1e6
        return Row(f"peak RSS, re-extract of the {mb:.0f} MB site after one page changed (template and units cache "
                   "there)", mem(o, self.cap), "", "", "<= 250 MiB (as a first extract)", yes(ok))

    def rss_build(self) -> Row:
        root = self.big_site()

        def ours() -> Run:
            self.clean_build(root)
            return run(self.l10n(root, "build", "-l", "ko"), self.cap, sample=True)

        o = self.best(ours, by_memory=True)
        ok = None if o.timed_out else o.tree_peak <= 400 * MiB
        mb = source_bytes(root) / 1e6
        return Row(f"peak RSS, build of one locale, {mb:.0f} MB site, all processes together ({os.cpu_count()} workers)",
                   mem(o, self.cap), "", "", "<= 400 MiB", yes(ok))

    def rss_run(self) -> Row:
        """The whole job on a site: `l10n run` (extract, update, compile, build) after one page changed, the build
        cold (its workers fork from whatever the earlier steps left the process holding)."""
        root = self.big_site()
        po = po_path(root, "ko")
        pristine = root / "ko.before-run.po"
        shutil.copyfile(po, pristine)
        page = sorted((root / "source_html").rglob("*.html"))[0]
        original = page.read_bytes()

        def ours() -> Run:
            shutil.copyfile(pristine, po)
            self.clean_build(root)
            page.write_bytes(original.replace(b"</body>", b"<p>A sentence added for this run.</p></body>", 1))
            return run(self.l10n(root, "run", "--engine", "none", "-l", "ko"), self.cap, sample=True)

        try:
            o = self.best(ours, by_memory=True)
        finally:
            page.write_bytes(original)
            shutil.copyfile(pristine, po)
            pristine.unlink()
            self.do(self.l10n(root, "extract"))
        mb = source_bytes(root) / 1e6
        return Row(f"peak RSS, `l10n run` on the {mb:.0f} MB site after one page changed (cold build), all processes "
                   f"together", f"{mem(o, self.cap)}, {secs(o, self.cap)}", "", "", "", "")

    def translate_pseudo(self) -> Row:
        entries = self.sizes.translate_entries
        root = make_project(OUT / "translate", ["ko"])
        po = po_path(root, "ko")
        po.parent.mkdir(parents=True)
        pristine = root / "ko.pristine.po"
        catalogues(entries, 0, translated=False)[0].save(str(pristine))

        def ours() -> Run:
            shutil.copyfile(pristine, po)
            discard(root / "locales" / ".cache")
            return run(self.l10n(root, "translate", "-l", "ko", "--engine", "pseudo"), self.cap)

        o = self.best(ours)
        if o.timed_out:
            done = sum(1 for e in polib.pofile(str(po)) if e.msgstr)
            cell, ok = f"> {self.cap:g} s (timed out; {done:,} of {entries:,} filled and saved)", False
        else:
            cell, ok = secs(o, self.cap), o.seconds <= 60
        return Row(f"`translate --engine pseudo`, {entries:,} empty entries", cell, "", "", "<= 60 s", yes(ok))

    def check(self) -> Row:
        root = self.site()
        po = po_path(root, "ko")
        out = OUT / "pofilter.po"

        def ours() -> Run:
            return run(self.l10n(root, "check", "-l", "ko"), self.cap)

        def peer() -> Run:
            return run([str(translate_toolkit_bin("pofilter")), "--progress=none", str(po), "-o", str(out)], self.cap)

        o, p = self.best(ours), self.best(peer)
        ratio = "" if o.timed_out or p.timed_out else f"{p.seconds / o.seconds:.1f}x faster"
        entries = len(polib.pofile(str(po)))
        return Row(f"check the {self.sizes.site_pages}-page site's catalogue ({entries:,} entries)", secs(o, self.cap),
                   f"pofilter (Translate Toolkit's checks) {secs(p, self.cap)}", ratio, "", "")

    def startup(self) -> Row:
        script = Path(sys.executable).with_name("l10n")
        cmd = [str(script)] if script.exists() else [sys.executable, "-m", "toolkit"]
        repeat = max(10, self.n)
        o = best_of(repeat, lambda: run([*cmd, "--help"], self.cap))
        p = best_of(repeat, lambda: run([sys.executable, "-c", "pass"], self.cap))
        extra = (o.seconds - p.seconds) * 1000
        return Row(f"`l10n --help` start-up over bare `python -c pass` (best of {repeat})", secs(o, self.cap),
                   f"`python -c pass` {secs(p, self.cap)}", f"+{extra:.0f} ms", "<= +30 ms", yes(extra <= 30))


CASES: dict[str, Callable[[Bench], Row]] = {
    "extract_build": Bench.extract_build,
    "locales4": Bench.locales4,
    "locales4_read": Bench.locales4_read,
    "compile_site": Bench.compile_site,
    "compile_catalogue": Bench.compile_catalogue,
    "update": Bench.update,
    "update_site": Bench.update_site,
    "rebuild_one": Bench.rebuild_one,
    "extract_big_page": Bench.extract_big_page,
    "extract_big_page_cached": Bench.extract_big_page_cached,
    "rss_extract": Bench.rss_extract,
    "rss_reextract": Bench.rss_reextract,
    "rss_build": Bench.rss_build,
    "rss_run": Bench.rss_run,
    "translate_pseudo": Bench.translate_pseudo,
    "check": Bench.check,
    "startup": Bench.startup,
}


# --- the report ----------------------------------------------------------------------------


def first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError:
        return "?"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else "?"


def machine() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
    cores = sum(1 for line in cpuinfo.splitlines() if line.startswith("processor")) or os.cpu_count()
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kib = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    repo = HERE.parent
    commit = first_line(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"])
    dirty = " (with uncommitted changes)" if first_line(["git", "-C", str(repo), "status", "--porcelain"]) != "?" else ""
    return [
        f"- CPU: {models[0] if models else platform.processor() or '?'}, {cores} cores",
        f"- RAM: {kib / 1024 / 1024:.1f} GiB",
        f"- OS: {platform.system()} {platform.release()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        f"- l10n: {first_line([sys.executable, '-m', 'toolkit', '--version'])}, commit {commit}{dirty}",
        f"- translate-toolkit: {first_line([str(translate_toolkit_bin('html2po')), '--version'])}",
        f"- GNU gettext: {first_line([gnu('msgfmt'), '--version'])}",
        f"- psutil: {psutil.__version__}",
    ]


def report(rows: list[Row], args: argparse.Namespace, started: datetime.datetime, minutes: float,
           loads: tuple[float, float]) -> str:
    mode = "--quick (smaller inputs: not the targets' sizes)" if args.quick else "full"
    lines = [
        "# Benchmark results",
        "",
        "Written by `python bench/bench_all.py` (see its docstring); do not edit by hand.",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M %Z}".rstrip(),
        *machine(),
        f"- Mode: {mode}; best of {args.n} whole-process runs; time cap {args.cap:g} s per process;"
        f" whole run {minutes:.1f} min",
        f"- Load average (1 min) when the run started / ended: {loads[0]:.2f} / {loads[1]:.2f}"
        " (other work on the machine slows every row)",
        "",
        "| case | ours | peer | ratio | target | met? |",
        "|---|---|---|---|---|---|",
        *(f"| {r.case} | {r.ours} | {r.peer} | {r.ratio} | {r.target} | {r.met} |" for r in rows),
        "",
        "Notes:",
        "",
        "- Times are wall-clock times of whole processes, start-up included. \"Cold\" builds start with no",
        "  output, no build manifest and no parsed-catalogue cache; the rebuild after one changed page is",
        "  incremental (manifest and cache from the previous build). Every extract starts without the units",
        "  cache (each page is segmented), except the re-extract row, which shows what that cache saves; the",
        "  build of the extract + build row uses the cache that extract made, the 4/1 builds start without it.",
        "  The \"catalogues read before\" 4/1 builds keep each catalogue's parsed store (a build after pages",
        "  changed and the catalogues did not); their output and units cache are cold, as in the cold row.",
        "- Between runs, the previous output (ours and the peers') is moved aside, and deleted when the whole",
        "  run ends: on ext4, files created just after thousands were deleted cost more (see `discard`).",
        "- Peak RSS \"tree\" is the largest sum of RSS over the process and all its descendants, sampled every",
        "  5 ms (pages shared between forked workers are counted once per process, so the sum is an upper",
        "  bound); \"largest process\" is the largest sampled RSS of one process of the tree.",
        f"- Site pages are about 20 KB of generated HTML (bench/corpus.py); the {args.cap:g} s cap turns a run",
        "  that would take longer into \"timed out\".",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=None, help="runs per measurement, the best counts (default 3; 1 with --quick)")
    ap.add_argument("--cap", type=float, default=None,
                    help="seconds before a process is killed and recorded as timed out (default 300; 60 with --quick)")
    ap.add_argument("--quick", action="store_true", help="smaller big cases for a fast smoke run")
    ap.add_argument("--only", default="", help=f"comma-separated cases to run: {', '.join(CASES)}")
    ap.add_argument("-o", "--output", type=Path, default=None,
                    help="results file (default bench/RESULTS.md; bench/out/RESULTS-quick.md with --quick)")
    args = ap.parse_args()
    args.n = args.n or (1 if args.quick else 3)
    args.cap = args.cap or (60.0 if args.quick else 300.0)
    chosen = [c.strip() for c in args.only.split(",") if c.strip()] or list(CASES)
    unknown = [c for c in chosen if c not in CASES]
    if unknown:
        ap.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    output = args.output or (OUT / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md")

    started = datetime.datetime.now().astimezone()
    load_at_start = os.getloadavg()[0]
    t0 = time.perf_counter()
    bench = Bench(QUICK if args.quick else Sizes(), args.n, args.cap)
    # Byte-compile the toolkit as pip does for an installed wheel (an editable install is not).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "toolkit")], check=True, env=CHILD_ENV)
    rows = []
    shutil.rmtree(TRASH, ignore_errors=True)  # left by an interrupted run
    try:
        for name in chosen:
            t = time.perf_counter()
            try:
                row = CASES[name](bench)
            except Failed as exc:
                row = Row(name, f"error: {exc}", "", "", "", "?")
            rows.append(row)
            print(f"[{time.perf_counter() - t:6.1f} s] {row.case} | {row.ours} | {row.peer} | {row.ratio} | "
                  f"{row.target} | {row.met}", flush=True)
    finally:
        shutil.rmtree(TRASH, ignore_errors=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report(rows, args, started, (time.perf_counter() - t0) / 60,
                                  (load_at_start, os.getloadavg()[0])), encoding="utf-8")
    print(f"written: {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
