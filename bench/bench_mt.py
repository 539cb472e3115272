"""Benchmark: our MT runner vs a plain deep-translator ``translate_batch`` loop.

Both talk to the same fake LibreTranslate server on 127.0.0.1 (tests/test_mt_fakes.py, run as
its own process) with a fixed latency per request (default 100 ms).  Ours is the whole
``python -m toolkit translate --engine libre`` process (catalogue read, masking, periodic saves)
with N workers and a token-bucket rate limit; the plain loop is what deep-translator offers,
through its real LibreTranslator.  A plain loop that would take longer than --max-plain seconds
is measured on a subset and extrapolated (said so in the output).

    .venv/bin/python bench/bench_mt.py                # 500 strings, 100 ms, 16 workers, 200 req/s
    .venv/bin/python bench/bench_mt.py --rate 50      # the rate limit caps the speed-up at 50 x 0.1 = 5x

The speed-up cannot exceed min(concurrency, rate x latency): 16 workers x 100 ms at 200 req/s
allow 16x; at 50 req/s only 5x.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib
from deep_translator import LibreTranslator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_all import run
from corpus import make_project, po_path

FAKE_SERVER = Path(__file__).resolve().parents[1] / "tests" / "test_mt_fakes.py"


def project(root: Path, texts: list[str]) -> Path:
    make_project(root, ["ko"])
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    for t in texts:
        po.append(polib.POEntry(msgid=t, msgstr=""))
    po_path(root, "ko").parent.mkdir(parents=True)
    po.save(str(po_path(root, "ko")))
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=500, help="unique strings (default 500)")
    ap.add_argument("--latency", type=float, default=0.1, help="server latency per request, s (default 0.1)")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--rate", type=float, default=200, help="our rate limit, requests/s (default 200)")
    ap.add_argument("--max-plain", type=float, default=60, help="longest plain loop to run in full, s")
    args = ap.parse_args()
    texts = [f"Sentence number {i} about <b>item {i}</b> in the catalogue." for i in range(args.n)]
    plain_texts = [f"Plain sentence {i}." for i in range(args.n)]

    server = subprocess.Popen([sys.executable, str(FAKE_SERVER), str(args.latency)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip() + "/"
        with tempfile.TemporaryDirectory() as tmp:
            root = project(Path(tmp) / "project", texts)
            ours = run([sys.executable, "-m", "toolkit", "--root", str(root), "-q", "translate", "-l", "ko",
                        "--engine", "libre", "--engine-option", f"url={url}", "--engine-option", f"rate={args.rate:g}",
                        "--concurrency", str(args.concurrency), "--no-cache"], cap=3600).seconds
            filled = sum(1 for e in polib.pofile(str(po_path(root, "ko"))) if e.msgstr)
            assert filled == args.n, f"{filled} of {args.n} filled"

        translator = LibreTranslator(source="en", target="ko", api_key="-", custom_url=url)
        estimate = args.n * (args.latency + 0.003)
        subset = plain_texts if estimate <= args.max_plain else plain_texts[: max(20, int(args.max_plain / 2 / args.latency))]
        start = time.perf_counter()
        translator.translate_batch(subset)
        measured = time.perf_counter() - start
        plain = measured * args.n / len(subset)
    finally:
        server.communicate(timeout=10)  # closing its stdin stops it

    print(f"{args.n} unique strings, {args.latency * 1000:.0f} ms latency per request, fake LibreTranslate on 127.0.0.1")
    print(f"ours : {ours:6.2f} s  (whole `l10n translate` process, {args.concurrency} workers, rate limit "
          f"{args.rate:g} req/s, {args.n / ours:.0f} req/s, {filled} entries filled and saved)")
    if len(subset) < args.n:
        print(f"plain: {plain:6.2f} s  (deep-translator translate_batch; measured {len(subset)} strings in "
              f"{measured:.2f} s, extrapolated to {args.n})")
    else:
        print(f"plain: {plain:6.2f} s  (deep-translator translate_batch, all {args.n} strings)")
    bound = min(args.concurrency, args.rate * args.latency) if args.rate > 0 else args.concurrency
    print(f"speed-up: {plain / ours:.1f}x  (ceiling min(concurrency, rate x latency) = {bound:g}x)")


if __name__ == "__main__":
    main()
