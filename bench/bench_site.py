"""Site build timing: the shipped sample and a generated 300-page corpus (with assets), cold and warm.

    python bench/bench_site.py [--pages 300]

Cold: first build (every page in every locale, every asset copied).  Warm: a second build with
nothing changed (must write and copy nothing).  Prints one line per case.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus

REPO = Path(__file__).resolve().parent.parent
L10N = [sys.executable, "-m", "toolkit"]


def run(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(L10N + args, check=True, capture_output=True)
    return time.perf_counter() - t


def fill(pot: Path, po_path: Path, locale: str) -> None:
    po = polib.pofile(str(pot))
    for e in po:
        e.msgstr = "".join(p if p.startswith("<") else p.replace("a", "á") for p in re.split(r"(<[^>]*>)", e.msgid))
    po.metadata["Language"] = locale
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path))


def sample(tmp: Path) -> Path:
    root = tmp / "sample"
    root.mkdir()
    for name in ("pyproject.toml", "babel.cfg", "glossary.txt"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "source_html", root / "source_html")
    shutil.copytree(REPO / "locales", root / "locales", ignore=shutil.ignore_patterns(".cache", "*.mo", "*.lock"))
    return root


def corpus(tmp: Path, pages: int) -> Path:
    root = tmp / "corpus"
    src = root / "source_html"
    write_corpus(src, pages, 20_000)
    (src / "css").mkdir()
    (src / "css" / "site.css").write_text("body { color: #123 }\n")
    for i in range(50):  # some binary assets
        (src / "img").mkdir(exist_ok=True)
        (src / "img" / f"p{i}.bin").write_bytes(bytes(200_000))
    (root / "pyproject.toml").write_text('[tool.l10n]\nsource_dir = "source_html"\nlocales = ["ko", "ja"]\n')
    run(["extract", "--root", str(root), "-q"])
    for loc in ("ko", "ja"):
        fill(root / "locales" / "messages.pot", root / "locales" / loc / "LC_MESSAGES" / "messages.po", loc)
    return root


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for name, root in (("sample", sample(tmp)), (f"corpus-{args.pages}", corpus(tmp, args.pages))):
            cold = run(["build", "--root", str(root), "-q"])
            warm = run(["build", "--root", str(root), "-q"])
            files = sum(1 for p in (root / "build").rglob("*") if p.is_file())
            print(f"{name}: cold {cold:.2f} s, warm {warm:.2f} s, {files} files in build/")


if __name__ == "__main__":
    main()
