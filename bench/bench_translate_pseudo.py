"""Benchmark: `l10n translate --engine pseudo` on N empty entries, timed as a whole process.

Saving used to re-serialise the whole catalogue every 25 entries (quadratic: 8,000 entries
took 74 s); saves are now paced by time through the locked merge, so the run is linear.

    .venv/bin/python bench/bench_translate_pseudo.py            # 100,000 entries; must finish under 60 s
    .venv/bin/python bench/bench_translate_pseudo.py -n 690000 --limit 0
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_project(root: Path, n: int) -> Path:
    """A project with one `ko` catalogue of `n` empty entries; returns the catalogue's path."""
    (root / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["ko"]\n', encoding="utf-8")
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    head = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ko\\n"\n'
            '"Plural-Forms: nplurals=1; plural=0;\\n"\n')
    body = "".join(f'\n#: page{i // 50}.html:{i % 50 + 1}\nmsgid "Sentence number {i} about <b>item {i}</b>."\n'
                   'msgstr ""\n' for i in range(n))
    po.write_text(head + body, encoding="utf-8")
    return po


def run(n: int) -> tuple[float, str]:
    """Seconds the whole `l10n translate` process took, and its summary line."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        po = make_project(root, n)
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "toolkit", "translate", "--root", str(root), "--engine", "pseudo"],
                              capture_output=True, text=True, cwd=ROOT)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit(f"l10n translate failed ({proc.returncode}): {proc.stderr.strip()}")
        filled = po.read_text("utf-8").count("# machine translation: pseudo")
        if filled != n:
            raise SystemExit(f"expected {n} filled entries, found {filled}")
        return elapsed, proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=100_000, help="empty entries (default 100,000)")
    ap.add_argument("--limit", type=float, default=60.0, help="fail above this many seconds (0: no limit)")
    args = ap.parse_args()
    elapsed, summary = run(args.n)
    print(f"{args.n} entries: {elapsed:.1f} s ({summary})")
    if args.limit and elapsed > args.limit:
        raise SystemExit(f"too slow: {elapsed:.1f} s > {args.limit:.0f} s")


if __name__ == "__main__":
    main()
