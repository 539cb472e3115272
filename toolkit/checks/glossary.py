"""The glossary: do-not-translate terms and approved renderings per locale, and the check that enforces them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.checks.registry import ERROR, Context, Need, check
from toolkit.errors import L10nError
from toolkit.locales import language_of, normalize_locale

if TYPE_CHECKING:
    from toolkit.config import Config

_APOSTROPHES = "'\u2019\u02bc"  # ' ’ ʼ: "Europe's" and "Europe’s" are the same word
_LOCALE_KEY_RE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)*")


def word_re(term: str) -> re.Pattern[str]:
    """`term` as a whole word: an edge of `term` that is an ASCII letter/digit must not be
    glued to another one ("Ariane" is not in "Arianespace", "esa" is not "ESA"); CJK text
    around it is fine, and a CJK edge may touch anything ("アリアン" is in "アリアン5").

    A space in `term` matches any run of whitespace, including no-break spaces
    ("Ariane 5" finds "Ariane&nbsp;5"), and an apostrophe matches any apostrophe.
    """
    term = term.strip()
    parts = []
    for chunk in re.split(r"(\s+)", term):
        if chunk.isspace():
            parts.append(r"\s+")
        elif chunk:
            parts.append("".join(f"[{_APOSTROPHES}]" if c in _APOSTROPHES else re.escape(c) for c in chunk))
    before = r"(?<![A-Za-z0-9])" if term[:1].isascii() and term[:1].isalnum() else ""
    after = r"(?![A-Za-z0-9])" if term[-1:].isascii() and term[-1:].isalnum() else ""
    return re.compile(before + "".join(parts) + after)


def _locale_key(locale: str) -> str:
    """`zh-tw`, `zh_TW` -> `zh_TW`; a code Babel does not know is kept as written."""
    try:
        return normalize_locale(locale)
    except L10nError:
        return locale


@dataclass(frozen=True)
class GlossaryTerm:
    """One glossary line: a term, and the approved renderings per locale (empty: the term is
    not translated in any locale).  `renderings` is ((locale, (text, …)), …), locale keys
    normalised (`zh_TW`, `ja`); a bare language key (`zh`) covers its locales without a key."""

    term: str
    renderings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def renderings_for(self, locale: str) -> tuple[str, ...]:
        """Approved renderings for `locale`: its own key, else its language's key, else none."""
        table = dict(self.renderings)
        locale = _locale_key(locale)
        if locale in table:
            return table[locale]
        return table.get(language_of(locale), ())


def parse_glossary_line(line: str) -> GlossaryTerm:
    """`ESA` or `Soyuz | ko: 소유스 | ja: ソユーズ | zh_CN: 联盟号`; repeat a locale to
    approve alternatives.  Raises ValueError saying what is wrong."""
    term, *fields = (part.strip() for part in line.split("|"))
    if not term:
        raise ValueError(f"no term before '|' in {line!r}")
    table: dict[str, list[str]] = {}
    for part in fields:
        key, sep, text = part.partition(":")
        key, text = key.strip(), text.strip()
        if not sep or not _LOCALE_KEY_RE.fullmatch(key) or not text:
            raise ValueError(f"expected 'locale: rendering' after '|', got {part!r} (in {line!r})")
        approved = table.setdefault(_locale_key(key), [])
        if text not in approved:
            approved.append(text)
    return GlossaryTerm(term, tuple((k, tuple(v)) for k, v in table.items()))


@dataclass(frozen=True)
class Rule:
    """A glossary term resolved for one locale: what to look for in the source and which
    spellings the translation may use (the term itself, then the approved renderings)."""

    term: str
    rx: re.Pattern[str]
    renderings: tuple[str, ...]
    accepted: tuple[re.Pattern[str], ...]

    @classmethod
    def resolve(cls, term: GlossaryTerm, locale: str) -> Rule:
        rx = word_re(term.term)
        renderings = term.renderings_for(locale)
        return cls(term.term, rx, renderings, (rx, *(word_re(r) for r in renderings)))


def load_glossary(path: str | Path) -> list[GlossaryTerm]:
    """Terms from a glossary file: one per line, `#` starts a comment, blank lines ignored.

    A line is a do-not-translate term (`ESA`) or a term with approved renderings
    (`Soyuz | ko: 소유스 | ja: ソユーズ`); see parse_glossary_line.  A malformed line is an
    L10nError naming the file and line.
    """
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise L10nError("glossary not found; create it or pass --glossary FILE", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise L10nError(f"cannot read glossary: {exc}", path) from None
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            out.append(parse_glossary_line(line))
        except ValueError as exc:
            raise L10nError(f"bad glossary line: {exc}", path, number) from None
    return out


def glossary_path(cfg: Config, glossary: str | Path | None = None) -> Path | None:
    """The glossary to use: the given one, else [tool.l10n] glossary, else root/glossary.txt if present."""
    if glossary is not None:
        return Path(glossary)
    if cfg.glossary:
        return cfg.root / cfg.glossary
    default = cfg.root / "glossary.txt"
    return default if default.is_file() else None


@check("glossary", ERROR, needs={Need.GLOSSARY, Need.LANGUAGE})
def check_glossary(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """A glossary term of the source must be in the translation, verbatim or as its approved rendering.

    Verbatim for a do-not-translate term (brands, agencies); verbatim or as the approved rendering
    for the locale for a term that has one (Soyuz -> ソユーズ)."""
    verbatim, rendered = [], []
    for rule in ctx.glossary:
        if rule.rx.search(src) and not any(rx.search(tr) for rx in rule.accepted):
            if rule.renderings:
                rendered.append(f"{rule.term} (approved: {' / '.join(rule.renderings)})")
            else:
                verbatim.append(rule.term)
    if verbatim:
        yield "do-not-translate term(s) missing: " + ", ".join(verbatim)
    if rendered:
        yield "glossary term(s) missing or not rendered as approved: " + ", ".join(rendered)
