"""Extraction speed: a 2 MB page, a 4 MB page (linearity) and a 300-page corpus, vs html2po.

    python bench/bench_extract.py            # prints a table; installs translate-toolkit in bench/out/
    python bench/bench_extract.py --no-peer  # ours only
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import page, write_corpus
from peers import OUT, timed, translate_toolkit_bin


def make_project(root: Path, pages: dict[str, str] | None = None, corpus: int = 0) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "source_html").mkdir(parents=True)
    (root / "pyproject.toml").write_text(textwrap.dedent("""\
        [tool.l10n]
        source_dir = "source_html"
        locales = ["ko"]
        """))
    for name, text in (pages or {}).items():
        (root / "source_html" / name).write_text(text, encoding="utf-8")
    if corpus:
        write_corpus(root / "source_html", corpus, 20_000)
    return root


def size_of(root: Path) -> int:
    return sum(p.stat().st_size for p in (root / "source_html").rglob("*.html"))


def ours(root: Path) -> float:
    pot = root / "locales" / "messages.pot"
    if pot.exists():
        pot.unlink()
    return timed([sys.executable, "-m", "toolkit", "extract", "--root", str(root), "-q"])


def html2po(root: Path) -> float:
    out = root / "html2po-out"
    shutil.rmtree(out, ignore_errors=True)
    exe = translate_toolkit_bin("html2po")
    src = root / "source_html"
    if len(list(src.rglob("*.html"))) == 1:
        return timed([str(exe), "-P", "--progress=none", str(next(src.rglob("*.html"))), str(out) + ".pot"])
    return timed([str(exe), "-P", "--progress=none", str(src), str(out)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-peer", action="store_true", help="skip translate-toolkit")
    args = ap.parse_args()
    cases = {
        "2 MB page": make_project(OUT / "x2mb", {"big.html": page(2_000_000)}),
        "4 MB page": make_project(OUT / "x4mb", {"big.html": page(4_000_000)}),
        "300-page corpus": make_project(OUT / "x300", corpus=300),
    }
    print(f"{'case':18} {'MB':>6} {'ours s':>8} {'MB/s':>7} {'html2po s':>10} {'ratio':>7}")
    results = {}
    for name, root in cases.items():
        mb = size_of(root) / 1e6
        t = min(ours(root) for _ in range(3))
        results[name] = t
        line = f"{name:18} {mb:6.2f} {t:8.3f} {mb / t:7.1f}"
        if not args.no_peer:
            p = html2po(root)
            line += f" {p:10.2f} {p / t:6.1f}x"
        print(line, flush=True)
    print(f"linearity: 4 MB / 2 MB time = {results['4 MB page'] / results['2 MB page']:.2f} (ideal 2.00)")
    print("(ours: whole `python -m toolkit extract` process, best of 3, including start-up and writing the .pot)")


if __name__ == "__main__":
    main()
