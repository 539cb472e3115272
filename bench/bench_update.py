"""Benchmark `l10n update` against GNU `msgmerge --previous` on a large catalogue.

Generates a 20,000-entry Korean catalogue of realistic English sentences and a
template in which 400 of those sentences were edited (a word changed, a clause
added, a year bumped), then times both merges side by side and prints the ratio.

    .venv/bin/python bench/bench_update.py [--entries 20000] [--changed 400] [--added 0] [--repeat 3]

--added N appends N sentences that are new to the template: with no old version to find,
each is compared with every reviewed entry (msgmerge does the same), the expensive case.

Files go to bench/out/ (git-ignored) so the two results can be diffed by hand.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.catalog import merge_catalogs, read_catalog, write_catalog  # noqa: E402

SUBJECTS = [
    "The European Space Agency", "ESA", "The mission team", "Our engineers", "The spacecraft",
    "The orbiter", "The lander", "Mission control in Darmstadt", "The science team",
    "The launch provider", "The ground station network", "The payload", "The rover",
    "The international partners", "The Member States", "The astronaut", "The telescope",
    "The Earth observation satellite", "The navigation system", "The research group",
]
VERBS = [
    "launched", "tested", "delivered", "announced", "completed", "studied", "observed",
    "measured", "designed", "approved", "operated", "monitored", "calibrated", "integrated",
    "selected", "presented", "reviewed", "released", "confirmed", "prepared",
]
OBJECTS = [
    "the first images of the comet", "a new instrument for climate research",
    "the solar panels", "the results of the flight campaign", "the heat shield",
    "the atmospheric data", "a cooperation agreement with the partner agencies",
    "the next generation of launchers", "the deep-space antenna", "the propulsion module",
    "the mission timeline", "the sample return capsule", "the radar altimeter",
    "high-resolution maps of the polar ice", "the communication link", "the docking port",
    "the magnetic field measurements", "the student experiments", "the budget proposal",
    "the industrial contracts",
]
TAILS = [
    "in {year}", "after {n} months of preparation", "ahead of schedule", "for the first time",
    "together with {partner}", "at the Kourou spaceport", "during the commissioning phase",
    "with support from {partner}", "before the end of {year}", "in low Earth orbit",
    "from a distance of {n} kilometres", "under the {program} programme", "on behalf of {partner}",
]
PARTNERS = ["NASA", "JAXA", "KARI", "CNSA", "Roscosmos", "ISRO", "CSA", "the European Commission"]
PROGRAMS = ["Copernicus", "Galileo", "Horizon", "Aurora", "Cosmic Vision", "Artemis"]
EXTRAS = [
    "Further details will be published on this page.", "Read more about the mission.",
    "The data are freely available to researchers.", "This was a milestone for European industry.",
    "", "", "", "",
]
HANGUL = [chr(c) for c in range(0xAC00, 0xAC00 + 2000, 7)]


def sentence(rng: random.Random) -> str:
    tail = rng.choice(TAILS).format(
        year=rng.randint(1975, 2030), n=rng.randint(2, 900), partner=rng.choice(PARTNERS),
        program=rng.choice(PROGRAMS))
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {tail}."
    extra = rng.choice(EXTRAS)
    return f"{text} {extra}".strip()


def korean(rng: random.Random, msgid: str) -> str:
    words = max(2, len(msgid.split()) * 2 // 3)
    return " ".join("".join(rng.choice(HANGUL) for _ in range(rng.randint(1, 4))) for _ in range(words)) + "."


def edit(rng: random.Random, text: str) -> str:
    """A realistic source edit: swap a word, append a clause or change a number."""
    words = text.split()
    kind = rng.randrange(3)
    if kind == 0:
        i = rng.randrange(len(words))
        words[i] = rng.choice(VERBS)
    elif kind == 1:
        words.insert(len(words) - 1, "successfully")
    else:
        words.append(f"(updated {rng.randint(2000, 2030)})")
    return " ".join(words)


def generate(entries: int, changed: int, seed: int = 1, added: int = 0) -> tuple[polib.POFile, polib.POFile]:
    rng = random.Random(seed)
    seen: set[str] = set()
    msgids = []
    while len(msgids) < entries:
        s = sentence(rng)
        if s not in seen:
            seen.add(s)
            msgids.append(s)
    header = {
        "Project-Id-Version": "bench", "POT-Creation-Date": "2024-01-01 00:00+0000",
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    po, pot = polib.POFile(wrapwidth=78), polib.POFile(wrapwidth=78)
    po.metadata = {**header, "PO-Revision-Date": "2024-01-02 00:00+0000", "Last-Translator": "bench",
                   "Language-Team": "한국어", "Language": "ko", "Plural-Forms": "nplurals=1; plural=0;"}
    pot.metadata = {**header, "POT-Creation-Date": "2024-02-01 00:00+0000"}
    to_change = set(rng.sample(range(entries), changed))
    for i, msgid in enumerate(msgids):
        where = [(f"source_html/page{i // 50:03d}.html", str(i % 50 * 3 + 10))]
        po.append(polib.POEntry(msgid=msgid, msgstr=korean(rng, msgid), occurrences=where))
        new = msgid
        while new in seen:
            new = edit(rng, new) if i in to_change else new
            if i not in to_change:
                break
        seen.add(new)
        pot.append(polib.POEntry(msgid=new, msgstr="", occurrences=where))
    while added:
        s = sentence(rng)
        if s not in seen:
            seen.add(s)
            pot.append(polib.POEntry(msgid=s, msgstr="", occurrences=[("source_html/new.html", str(added))]))
            added -= 1
    return po, pot


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=20000)
    ap.add_argument("--changed", type=int, default=400)
    ap.add_argument("--added", type=int, default=0, help="brand-new msgids appended to the template")
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool; the best time counts")
    args = ap.parse_args()

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    po_path, pot_path = out / "ko.po", out / "messages.pot"
    po, pot = generate(args.entries, args.changed, added=args.added)
    write_catalog(po, po_path)
    write_catalog(pot, pot_path)
    print(f"catalogue: {args.entries} entries, template: {args.changed} changed msgids, "
          f"{args.added} new ones ({po_path.parent})")

    def ours() -> polib.POFile:
        merged, _stats = merge_catalogs(read_catalog(pot_path), read_catalog(po_path))
        write_catalog(merged, out / "ours.po")
        return merged

    def gnu() -> None:
        subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(out / "msgmerge.po"),
                        str(po_path), str(pot_path)], check=True)

    t_ours = best_of(ours, args.repeat)
    _merged, stats = merge_catalogs(read_catalog(pot_path), read_catalog(po_path))
    print(f"l10n update          {t_ours:7.2f} s   ({stats})")
    if shutil.which("msgmerge") is None:
        print("msgmerge not installed: no comparison")
        return 0
    t_gnu = best_of(gnu, args.repeat)
    gnu_po = polib.pofile(str(out / "msgmerge.po"))
    print(f"msgmerge --previous  {t_gnu:7.2f} s   ({len(gnu_po.fuzzy_entries())} fuzzy, "
          f"{len(gnu_po.obsolete_entries())} obsolete)")
    print(f"ratio ours/msgmerge  {t_ours / t_gnu:7.2f}x")
    return 0


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


if __name__ == "__main__":
    raise SystemExit(main())
