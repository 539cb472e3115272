"""Offline engines: translation memory, pseudo-localisation and OpenCC (zh_CN -> zh_TW).

They need no network and no key, and run through the same runner (saves, progress,
Ctrl-C) as the online ones.  All work in the masked token space, so placeholders survive.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import polib

from toolkit.catalog import is_reviewed, pair_forms, read_catalog
from toolkit.checks.numbers import WORD_SCALED_RE
from toolkit.checks.text import EMAIL_RE, URL_RE
from toolkit.chinese import converter
from toolkit.errors import L10nError
from toolkit.locales import bcp47
from toolkit.mt.cache import Cache, cache_path
from toolkit.mt.engine import Engine, Reply, Request
from toolkit.mt.masking import TOKEN_RE, MaskError, mask
from toolkit.similar import closest

if TYPE_CHECKING:
    from toolkit.config import Config


def reviewed_pairs(po: polib.POFile) -> Iterator[tuple[str | None, str, str]]:
    """(msgctxt, source text, translation) of every reviewed entry; a plural one gives msgid and msgid_plural
    with the forms that translate them (`pair_forms`: not form 0 and the last, Arabic's zero form and "other")."""
    one, many = pair_forms(po.metadata)
    for e in po:
        if not is_reviewed(e):
            continue
        if e.msgid_plural:
            for source, form in ((e.msgid, one), (e.msgid_plural, many)):
                if form in e.msgstr_plural:  # (a header naming more forms than the entry has: no pair)
                    yield e.msgctxt, source, e.msgstr_plural[form]
        else:
            yield e.msgctxt, e.msgid, e.msgstr


class Memory(Engine):
    """Reuse reviewed translations of the same locale (all its catalogues), TMX files and cached MT.

    TMX files come from ``--engine-option tmx=a.tmx,b.tmx`` and ``[tool.l10n] tmx = [...]``
    (paths relative to the project root).  Precedence when a text has several: a reviewed
    catalogue translation, then a TMX's (later files win), then cached machine output.

    Exact matches of the masked text first, else the closest one at or above `min_score`
    (rapidfuzz ratio); the score goes into the translator comment.
    """

    name = "memory"
    options = frozenset({"min_score", "tmx"})

    def __init__(self, options: dict[str, str], cfg: Config):
        super().__init__()
        self.cfg = cfg
        try:
            self.min_score = float(options.get("min_score", 75))
        except ValueError:
            raise L10nError("engine option min_score must be a number (0-100)") from None
        self.index: dict[str, dict[str, str]] = {}
        self.sources: dict[str, list[str]] = {}  # the index's keys as a list: rapidfuzz scans a view 1.6× slower
        given = [p.strip() for p in options.get("tmx", "").split(",") if p.strip()]
        configured = getattr(cfg, "tmx", [])
        named = [(Path(p), "--engine-option tmx") for p in given] + [
            (cfg.root / p, "[tool.l10n] tmx in pyproject.toml")
            for p in ([configured] if isinstance(configured, str) else configured)]
        for path, by in named:  # before any work, naming the setting to correct
            if not path.exists():
                raise L10nError(f"file not found (named by {by})", path)
        self.tmx = [path for path, _ in named]

    def prepare(self, source: str, target: str) -> None:
        found: dict[str, str] = {}
        cache = cache_path(self.cfg.cache_path)
        if cache.is_file():
            with Cache(cache) as c:
                found.update(c.pairs(target))  # machine output: overridden by reviewed text below
                self.warnings += [w for w in c.warnings if w not in self.warnings]
        for tmx in self.tmx:
            from toolkit.exchange.tmx import read_tmx_pairs

            found.update(read_tmx_pairs(tmx, bcp47(source), self.cfg.lang_tag(target)))
        for po_path in sorted((self.cfg.locales_path / target).rglob("*.po")):
            for _ctx, src, translation in reviewed_pairs(read_catalog(po_path)):
                try:
                    m = mask(src)
                except MaskError:
                    continue
                found[m.text] = m.hide(translation)
        self.index[target] = found
        self.sources[target] = list(found)

    def translate(self, request: Request) -> Reply | None:
        index = self.index[request.target]
        if request.text in index:
            return Reply(index[request.text], "100%")
        sources = self.sources[request.target]
        best = closest(request.text, sources, self.min_score)
        if best is None:
            return None
        return Reply(index[sources[best[0]]], f"{math.floor(best[1])}%")


class Pseudo(Engine):
    """Pseudo-localisation for layout testing: accents, ~40% longer, bracketed, placeholders kept."""

    name = "pseudo"
    EXPANSION = 0.4
    ACCENTS = str.maketrans(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        "ÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽåƀçðéƒĝĥîĵķļṁñöþǫŕšţûṽŵẋýž",
    )
    # engine tokens, common format placeholders (%s, %(name)d, {name}), URLs and e-mail addresses (which a
    # translation keeps: the urls check says so) and "10 million" (the numbers check reads the word) stay as they are
    KEEP = re.compile("|".join((TOKEN_RE.pattern, r"%(?:\(\w+\))?[sdif]|\{\w*\}", URL_RE.pattern, EMAIL_RE.pattern,
                                WORD_SCALED_RE.pattern)))

    # a letter with a combining mark after it (NFD e + U+0301) keeps its own shape: an accent on it would be a second
    _MARKED = re.compile(r"[A-Za-z](?=[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])")

    def __init__(self, options: dict[str, str], cfg: Config):
        super().__init__()

    def translate(self, request: Request) -> Reply:
        return Reply(self.pseudo(request.text))

    @classmethod
    def accented(cls, chunk: str) -> str:
        """`chunk` with its ASCII letters accented, but those a combining mark follows."""
        out, pos = [], 0
        for m in cls._MARKED.finditer(chunk):
            out.append(chunk[pos:m.start()].translate(cls.ACCENTS) + m.group())
            pos = m.end()
        out.append(chunk[pos:].translate(cls.ACCENTS))
        return "".join(out)

    @classmethod
    def pseudo(cls, text: str) -> str:
        parts, pos, visible = [], 0, 0
        for m in cls.KEEP.finditer(text):
            chunk = text[pos : m.start()]
            parts.append(cls.accented(chunk) + m.group(0))
            visible += len(chunk)
            pos = m.end()
        parts.append(cls.accented(text[pos:]))
        visible += len(text) - pos
        pad = "~" * max(1, math.ceil(visible * cls.EXPANSION))
        # in word-sized runs, so the padding wraps as a longer translation would
        pad = " ".join(pad[i:i + 6] for i in range(0, len(pad), 6))
        return f"[!! {''.join(parts)} {pad} !!]"


class OpenCC(Engine):
    """zh_TW (or zh_HK) from the reviewed zh_CN catalogue, converted by OpenCC.

    `s2twp` converts characters *and* Taiwanese vocabulary (软件 -> 軟體), not just glyphs.
    The result is still fuzzy: a conversion is not a review.
    """

    name = "opencc"
    options = frozenset({"from"})
    CONFIGS: ClassVar[dict[str, str]] = {"zh_TW": "s2twp", "zh_HK": "s2hk"}

    def __init__(self, options: dict[str, str], cfg: Config):
        super().__init__()
        self.cfg = cfg
        self.source_locale = options.get("from", "zh_CN")
        self.index: dict[tuple, str] = {}
        self.converters: dict[str, Any] = {}

    def prepare(self, source: str, target: str) -> None:
        if target not in self.CONFIGS:
            raise L10nError(f"engine opencc converts reviewed {self.source_locale} into "
                            f"{' or '.join(self.CONFIGS)}, not {target}; use another engine for {target}")
        path: Path = self.cfg.po_path(self.source_locale)
        if not path.is_file():
            raise L10nError(f"engine opencc needs the reviewed {self.source_locale} catalogue; "
                            "translate that first or pass --engine-option from=LOCALE", path)
        self.index = {(ctx, src): text for ctx, src, text in reviewed_pairs(read_catalog(path))}
        self.converters[target] = converter(self.CONFIGS[target])

    def translate(self, request: Request) -> Reply | None:
        job, target = request.job, request.target
        simplified = self.index.get((job.context, job.source))
        if simplified is None:
            return None
        config = self.CONFIGS[target]
        return Reply(job.masked.hide(self.converters[target].convert(simplified)),
                     f"{config} from {self.source_locale}")
