"""Generated inputs for the benchmarks: realistic HTML pages (tables, inline links, lists, scripts),
projects around them, and large catalogues of realistic sentences."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import polib

WORDS = (
    "launcher spaceport agency cooperation mission orbit payload rocket stage engine flight "
    "satellite programme partner Europe Russia Soyuz Ariane Vega Kourou Guiana science "
    "development technology access space future generation agreement federal government "
    "launch base versions successful nations commercial market facilities installations "
    "ready scheduled consolidate medium size reduce risks costs joint production"
).split()


def sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(6, 24))]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "?", "!"])


def block(rng: random.Random, i: int) -> str:
    kind = i % 6
    if kind == 0:
        return (f'<h2 id="s{i}">{sentence(rng, 4)}</h2>\n<p>{sentence(rng)} '
                f'<a href="/page{i}.html" title="{sentence(rng, 3)}">{sentence(rng, 3)}</a> '
                f'{sentence(rng)} <b>{rng.choice(WORDS)}</b> {sentence(rng)}</p>\n')
    if kind == 1:
        items = "".join(f'<li><a href="/n{i}_{k}.html">{sentence(rng, 3)}</a></li>\n' for k in range(4))
        return f'<ul class="nav">\n{items}</ul>\n'
    if kind == 2:
        cells = "".join(f"<td>{sentence(rng, 4)}</td><td>{rng.randint(1, 9999)}</td>" for _ in range(2))
        return f'<table border="0" cellpadding="2"><tr>{cells}</tr><tr><td colspan=4>&nbsp;</td></tr></table>\n'
    if kind == 3:
        return (f'<div class="fig"><img src="/img/{i}.jpg" width="200" alt="{sentence(rng, 6)}">'
                f"<br><i>{sentence(rng, 8)}</i></div>\n")
    if kind == 4:
        return f'<script type="text/javascript">var x{i} = "{sentence(rng, 4)}"; if (x{i} < 3) {{ run(); }}</script>\n'
    return f"<p>{sentence(rng)}<br>\n{sentence(rng)} &copy; 2007 <em>{sentence(rng, 4)}</em></p>\n"


def page(size: int, seed: int = 0) -> str:
    """An HTML page of about `size` characters."""
    rng = random.Random(seed)
    head = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{sentence(rng, 5)}</title></head>\n<body>\n")
    parts = [head]
    total = len(head)
    i = 0
    while total < size:
        b = block(rng, i)
        parts.append(b)
        total += len(b)
        i += 1
    parts.append("</body></html>\n")
    return "".join(parts)


def write_corpus(root: Path, pages: int, size: int) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(pages):
        p = root / f"section{n % 10}" / f"page{n}.html"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(page(size, seed=n), encoding="utf-8")
        out.append(p)
    return out


# --- projects: what `python -m toolkit --root ROOT ...` works on ---------------------------


def make_project(root: Path, locales: list[str], pages: dict[str, str] | None = None, corpus: int = 0) -> Path:
    """A fresh project directory: pyproject.toml with [tool.l10n], source_html/ with the pages."""
    if root.exists():
        shutil.rmtree(root)
    (root / "source_html").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        f'[tool.l10n]\nsource_dir = "source_html"\nlocales = {json.dumps(locales)}\n', encoding="utf-8")
    for name, text in (pages or {}).items():
        (root / "source_html" / name).write_text(text, encoding="utf-8")
    if corpus:
        write_corpus(root / "source_html", corpus, 20_000)
    return root


def po_path(root: Path, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / "messages.po"


def source_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in (root / "source_html").rglob("*.html"))


def fill(path: Path, out: Path | None = None) -> int:
    """Give every entry a translation (accents outside the inline placeholders); returns the count."""
    po = polib.pofile(str(path), wrapwidth=78)
    for e in po:
        e.msgstr = "".join(part if part.startswith("<") else part.replace("a", "á")
                           for part in re.split(r"(<[^>]*>)", e.msgid))
    po.save(str(out or path))
    return len(po)


# --- large catalogues: realistic English sentences, Korean translations ----------------------

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


def catalogue_sentence(rng: random.Random) -> str:
    tail = rng.choice(TAILS).format(
        year=rng.randint(1975, 2030), n=rng.randint(2, 900), partner=rng.choice(PARTNERS),
        program=rng.choice(PROGRAMS))
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {tail}."
    return f"{text} {rng.choice(EXTRAS)}".strip()


def korean(rng: random.Random, msgid: str) -> str:
    words = max(2, len(msgid.split()) * 2 // 3)
    return " ".join("".join(rng.choice(HANGUL) for _ in range(rng.randint(1, 4))) for _ in range(words)) + "."


def edit(rng: random.Random, text: str) -> str:
    """A realistic source edit: swap a word, insert a word or append a clause with a year."""
    words = text.split()
    kind = rng.randrange(3)
    if kind == 0:
        words[rng.randrange(len(words))] = rng.choice(VERBS)
    elif kind == 1:
        words.insert(len(words) - 1, "successfully")
    else:
        words.append(f"(updated {rng.randint(2000, 2030)})")
    return " ".join(words)


def catalogues(entries: int, changed: int, translated: bool = True, seed: int = 1) -> tuple[polib.POFile, polib.POFile]:
    """A Korean catalogue of `entries` unique sentences and a template where `changed` of them were edited."""
    rng = random.Random(seed)
    seen: set[str] = set()
    msgids: list[str] = []
    while len(msgids) < entries:
        s = catalogue_sentence(rng)
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
        po.append(polib.POEntry(msgid=msgid, msgstr=korean(rng, msgid) if translated else "", occurrences=where))
        new = msgid
        if i in to_change:
            while new in seen:
                new = edit(rng, new)
            seen.add(new)
        pot.append(polib.POEntry(msgid=new, msgstr="", occurrences=where))
    return po, pot
