"""Extract + build, side by side with translate-toolkit's html2po + po2html.

    python bench/bench_build.py

For each case: time extraction, fill every entry with a translation (not timed), then time the
build of one locale.  Also measures an incremental rebuild after one source page changes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import make_project, size_of
from corpus import page
from peers import OUT, timed, translate_toolkit_bin


def fill(po_path: Path, out: Path | None = None) -> None:
    """Give every entry a translation (accents outside the placeholders)."""
    po = polib.pofile(str(po_path))
    for e in po:
        e.msgstr = "".join(part if part.startswith("<") else part.replace("a", "á")
                           for part in re.split(r"(<[^>]*>)", e.msgid))
    po.metadata["Language"] = "ko"
    po.save(str(out or po_path))


def ours(root: Path) -> tuple[float, float]:
    l10n = [sys.executable, "-m", "toolkit"]
    shutil.rmtree(root / "locales", ignore_errors=True)
    shutil.rmtree(root / "build", ignore_errors=True)
    t_extract = timed(l10n + ["extract", "--root", str(root), "-q"])
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    fill(root / "locales" / "messages.pot", po)
    t_build = timed(l10n + ["build", "--root", str(root), "-q", "-l", "ko"])
    return t_extract, t_build


def peer(root: Path) -> tuple[float, float]:
    html2po, po2html = translate_toolkit_bin("html2po"), translate_toolkit_bin("po2html")
    src = root / "source_html"
    pos, out = root / "tt-po", root / "tt-build"
    for d in (pos, out):
        shutil.rmtree(d, ignore_errors=True)
    t_extract = timed([str(html2po), "--progress=none", str(src), str(pos)])
    for p in pos.rglob("*.po"):
        fill(p)
    t_build = timed([str(po2html), "--progress=none", "-t", str(src), "-i", str(pos), "-o", str(out)])
    return t_extract, t_build


def incremental(root: Path) -> str:
    l10n = [sys.executable, "-m", "toolkit", "build", "--root", str(root), "-l", "ko"]
    victim = next((root / "source_html").rglob("*.html"))
    victim.write_text(victim.read_text("utf-8").replace("</body>", "<p>One more paragraph.</p></body>"), "utf-8")
    t0 = time.perf_counter()
    r = subprocess.run(l10n, capture_output=True, text=True, check=True)
    dt = time.perf_counter() - t0
    return f"{dt:.2f} s; {r.stderr.strip().splitlines()[-1]}"


def main() -> None:
    cases = {
        "300-page corpus": make_project(OUT / "b300", corpus=300),
        "2 MB page": make_project(OUT / "b2mb", {"big.html": page(2_000_000)}),
    }
    print(f"{'case':16} {'MB':>5} | {'ours extract':>12} {'build':>7} {'total':>7} | "
          f"{'html2po':>8} {'po2html':>8} {'total':>7} | ratio")
    for name, root in cases.items():
        mb = size_of(root) / 1e6
        oe, ob = ours(root)
        pe, pb = peer(root)
        print(f"{name:16} {mb:5.2f} | {oe:12.2f} {ob:7.2f} {oe + ob:7.2f} | {pe:8.2f} {pb:8.2f} "
              f"{pe + pb:7.2f} | {(pe + pb) / (oe + ob):5.1f}x", flush=True)
    print("incremental rebuild after one of 300 pages changed:", incremental(cases["300-page corpus"]))


if __name__ == "__main__":
    main()
