"""Generated HTML for the benchmarks: realistic pages (tables, inline links, lists, scripts)."""

from __future__ import annotations

import random
from pathlib import Path

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
