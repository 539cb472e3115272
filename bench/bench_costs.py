"""Per-page and per-entry costs, in one process: the figures docs/SCALE.md rests on.

    python bench/bench_costs.py            # on bench/out/site (bench_all.py makes it; made here if missing)

Each figure is the best of 3 passes over the whole generated site (300 pages of about 20 KB, one
translated catalogue per locale), as CPU time on one core, with the garbage collector tuned as the
commands tune it.  Prints one line per cost.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import fill, make_project, po_path
from peers import OUT

from toolkit.build import SiteLayout, build_page
from toolkit.build.translations import TranslationStore, store_keys, write_store
from toolkit.catalog import read_catalog
from toolkit.discover import switcher_links
from toolkit.extract import load_page, page_messages
from toolkit.fsutil import write_if_changed
from toolkit.pagecache import cache_for, load_page_cached

L10N = [sys.executable, "-m", "toolkit"]
RUNS = 3


def cpu(work: Callable[[], object]) -> float:
    """The best CPU time of `RUNS` calls of `work`, in seconds."""
    best = float("inf")
    for _ in range(RUNS):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def site() -> Path:
    root = OUT / "site"
    if not (root / "locales" / "messages.pot").exists():
        make_project(root, ["ko", "zh_TW", "zh_CN", "ja"], corpus=300)
        subprocess.run([*L10N, "--root", str(root), "-q", "extract"], check=True)
        subprocess.run([*L10N, "--root", str(root), "-q", "init"], check=True)
        for loc in ("ko", "zh_TW", "zh_CN", "ja"):
            fill(po_path(root, loc))
    if not (root / "locales" / ".cache" / "units").is_dir():
        subprocess.run([*L10N, "--root", str(root), "-q", "extract"], check=True)  # starts the units cache
    return root


def store_peak(po: Path) -> tuple[int, int]:
    """(baseline, peak) RSS in KiB of a fresh process that writes the catalogue's build store."""
    # VmHWM, not ru_maxrss: the kernel carries ru_maxrss over from this (bigger) process into the child
    code = (
        "import re, sys\n"
        "from pathlib import Path\n"
        "from toolkit.build.translations import write_store\n"
        "def hwm(): return int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "base = hwm()\n"
        "write_store(Path(sys.argv[1]), False, Path(sys.argv[2]), 'x')\n"
        "print(base, hwm())\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", code, str(po), str(Path(tmp) / "s.sqlite")],
                             capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1])


def write_pages(out: Path, rels: list[str], pages: list[bytes]) -> None:
    """Write each page as the build does (new files, atomically, without a per-file fsync)."""
    for rel, data in zip(rels, pages):
        write_if_changed(out / rel, data, durable=False)


def main() -> int:
    import argparse

    from toolkit.cli import _tune_gc

    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()

    _tune_gc()  # the collector as every l10n command sets it (the default one would dominate the figures)
    root = site()
    pages = sorted((root / "source_html").rglob("*.html"))
    n = len(pages)
    po = po_path(root, "ko")
    entries = len(read_catalog(po))
    cache = cache_for(root / "locales", create=False)
    rels = [str(p.relative_to(root / "source_html")) for p in pages]
    layout = SiteLayout("en", ["ko"], {"en": "en", "ko": "ko"}, pages=frozenset(rels))

    segment = cpu(lambda: [load_page(p) for p in pages])
    docs = [load_page(p) for p in pages]
    links = cpu(lambda: [switcher_links(d, "en") for d in docs])  # once a page, for every locale (as builds do)
    page_links = [switcher_links(d, "en") for d in docs]
    messages = cpu(lambda: [page_messages(d) for d in docs])
    cached = cpu(lambda: [load_page_cached(p, False, "en", cache) for p in pages])
    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "ko.sqlite"
        store_seconds = cpu(lambda: write_store(po, False, store_path, "x"))
        store = TranslationStore(store_path)
        keys = [store_keys((u.context, u.msgid) for u in d.units) for d in docs]  # as a build makes them
        lookup = cpu(lambda: [store.lookup(k) for k in keys])
        found = [store.lookup(k) for k in keys]
        splice_ko = cpu(lambda: [build_page(d, r, "ko", t, layout, "", ls)
                                 for d, r, t, ls in zip(docs, rels, found, page_links)])
        splice_en = cpu(lambda: [build_page(d, r, "en", {}, layout, "", ls) for d, r, ls in zip(docs, rels, page_links)])
        store.close()
        built = [build_page(d, r, "ko", t, layout, "", ls).html.encode()
                 for d, r, t, ls in zip(docs, rels, found, page_links)]
        with tempfile.TemporaryDirectory(dir=OUT) as out:  # the file system builds write to
            passes = iter(range(RUNS))
            write = cpu(lambda: write_pages(Path(out) / str(next(passes)), rels, built))
    read = cpu(lambda: read_catalog(po))
    base, peak = store_peak(po)
    costs = {
        "pages": n,
        "catalogue entries": entries,
        "segment ms/page": 1000 * segment / n,
        "messages ms/page": 1000 * messages / n,
        "language links ms/page": 1000 * links / n,
        "units cache load ms/page": 1000 * cached / n,
        "lookup ms/page/locale": 1000 * lookup / n,
        "splice ms/page/locale": 1000 * splice_ko / n,
        "source-language page ms/page": 1000 * splice_en / n,
        "writing a built page ms/page": 1000 * write / n,
        "store parse us/entry": 1e6 * store_seconds / entries,
        "store parse peak KiB over start-up": peak - base,
        "catalogue read us/entry": 1e6 * read / entries,
    }
    for name, value in costs.items():
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in costs.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
