"""Quality checks on translations (``l10n check``).

Each check compares one translation with its source and says what a reviewer should look at.
Severity follows consequence:

* **error** – the page would be wrong or broken: placeholders missing/extra/unbalanced (the
  build falls back to the source for that unit), a URL or e-mail address lost or altered, a
  glossary term neither kept verbatim nor given its approved rendering for the locale.
* **warning** – probably a mistake but with legitimate exceptions: numbers (CJK may write
  10,000 as 1万 or spell out small numbers), whitespace, doubled spaces, end punctuation,
  brackets, untranslated text, suspicious length.

Only reviewed translations are checked (fuzzy ones with ``include_fuzzy``); obsolete and empty
entries are skipped; each form of a plural entry is checked on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib

from toolkit import placeholders
from toolkit.catalog import read_catalog
from toolkit.errors import L10nError

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in one translation; `line` is where the entry starts in the .po file."""

    locale: str
    file: str
    line: int | None
    severity: str  # "error" | "warning"
    check: str
    message: str
    msgid: str
    msgctxt: str | None = None

    def to_dict(self) -> dict:
        """Stable JSON shape: locale, file, line, severity, check, message, msgid, msgctxt."""
        return asdict(self)


# --- scripts -------------------------------------------------------------------------------

CJK_LANGUAGES = {"ja", "zh", "ko", "yue"}


def is_cjk_locale(locale: str) -> bool:
    return locale.replace("-", "_").split("_")[0].lower() in CJK_LANGUAGES


def _is_cjk_char(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH", "IDEOGRAPHIC"))


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(not _is_cjk_char(c) for c in letters) >= 0.8 * len(letters)


# --- text helpers --------------------------------------------------------------------------

# ASCII-only on purpose: CJK text often touches a URL with no space ("詳細はhttps://…。").
URL_RE = re.compile(r"(?<![A-Za-z0-9])(?:(?:https?|ftp)://|www\.)[!#-;=?-~]+")
EMAIL_RE = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _urls(text: str) -> Counter:
    """URLs and e-mail addresses, without sentence punctuation that follows them."""
    found: Counter[str] = Counter()
    for m in URL_RE.finditer(text):
        url = m.group().rstrip(".,;:!?'\"")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        found[url] += 1
    for m in EMAIL_RE.finditer(text):
        found[m.group().rstrip(".")] += 1
    return found


def _without_markup(text: str, names: set[str] | frozenset[str]) -> str:
    """Text with the unit's placeholder tags removed (they are not words, digits or length), literals unescaped."""
    for tok in reversed(placeholders.tokens(text, names)):
        text = text[: tok.start] + text[tok.end :]
    return placeholders.unescape_literal(text) if names else text


def _without_urls(text: str) -> str:
    return EMAIL_RE.sub(" ", URL_RE.sub(" ", text))


# Full-width digits count as digits; a group separator followed by exactly three digits
# (1,000  1.000  1 000  １，０００) is part of the number, so 10,000 == 10000.
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMBER_RE = re.compile(r"\d{1,3}(?:[,. \u00a0\u202f\u2009'’，](?:\d{3}))+(?!\d)|\d+", re.ASCII)


def numbers(text: str) -> Counter:
    """Multiset of the numbers in `text`, normalised to plain ASCII digits."""
    text = text.translate(_FULLWIDTH)
    return Counter(re.sub(r"\D", "", m.group()) for m in _NUMBER_RE.finditer(text))


_APOSTROPHES = "'\u2019\u02bc"  # ' ’ ʼ: "Europe's" and "Europe’s" are the same word


def _word_re(term: str) -> re.Pattern:
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


# --- glossary ------------------------------------------------------------------------------

_LOCALE_KEY_RE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)*")


def _norm_locale(locale: str) -> str:
    """`zh-tw`, `zh_TW` -> `zh_TW`: language lower case, the rest as given but upper-cased
    when it is a two-letter region."""
    parts = locale.replace("-", "_").split("_")
    return "_".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]])


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
        locale = _norm_locale(locale)
        if locale in table:
            return table[locale]
        return table.get(locale.split("_")[0], ())


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
        table.setdefault(_norm_locale(key), [])
        if text not in table[_norm_locale(key)]:
            table[_norm_locale(key)].append(text)
    return GlossaryTerm(term, tuple((k, tuple(v)) for k, v in table.items()))


@dataclass(frozen=True)
class _Rule:
    """A glossary term resolved for one locale: what to look for in the source and which
    spellings the translation may use (the term itself, then the approved renderings)."""

    term: str
    rx: re.Pattern
    renderings: tuple[str, ...]
    accepted: tuple[re.Pattern, ...]

    @classmethod
    def resolve(cls, term: GlossaryTerm, locale: str) -> _Rule:
        rx = _word_re(term.term)
        renderings = term.renderings_for(locale)
        return cls(term.term, rx, renderings, (rx, *(_word_re(r) for r in renderings)))


# --- the checks ----------------------------------------------------------------------------
# Each takes (source, translation, ctx) and yields (check, severity, message).


@dataclass
class _Ctx:
    locale: str
    names: set[str]  # the unit's placeholder names
    glossary: list[_Rule] = field(default_factory=list)  # the glossary, resolved for `locale`


def check_placeholders(src: str, tr: str, ctx: _Ctx):
    """Missing/extra/unbalanced placeholders make the build fall back to the source."""
    for problem in placeholders.problems(src, tr, ctx.names):
        yield "placeholders", ERROR, problem + "; the build will use the source text"


def check_numbers(src: str, tr: str, ctx: _Ctx):
    """Every number of the source (years, quantities) should survive translation."""
    def clean(t):
        return _without_urls(_without_markup(t, ctx.names))

    missing = numbers(clean(src)) - numbers(clean(tr))
    if missing:
        yield "numbers", WARNING, "number(s) missing from the translation: " + " ".join(sorted(missing.elements()))


def check_urls(src: str, tr: str, ctx: _Ctx):
    """Links and addresses must be copied exactly, or readers are sent somewhere else."""
    missing = _urls(src) - _urls(tr)
    if missing:
        yield "urls", ERROR, "URL/e-mail missing or altered: " + " ".join(sorted(missing.elements()))


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def check_whitespace(src: str, tr: str, ctx: _Ctx):
    """Leading/trailing whitespace is layout; a translation should not add or drop it."""
    (sl, st), (tl, tt) = _edges(src), _edges(tr)
    if sl != tl:
        yield "whitespace", WARNING, f"leading whitespace {tl!r} differs from the source's {sl!r}"
    if st != tt:
        yield "whitespace", WARNING, f"trailing whitespace {tt!r} differs from the source's {st!r}"


_SPACES = " \u00a0\u3000"


def check_double_space(src: str, tr: str, ctx: _Ctx):
    """Doubled spaces are usually typos.  CJK text may use ideographic spaces (U+3000) for
    layout, so there only runs involving an ASCII/no-break space are flagged."""
    if re.search(f"[{_SPACES}]{{2}}", src):
        return
    cjk = is_cjk_locale(ctx.locale)
    for m in re.finditer(f"[{_SPACES}]{{2,}}", tr.strip()):
        if cjk and set(m.group()) == {"\u3000"}:
            continue
        yield "double-space", WARNING, "doubled space not in the source"
        return


# Kind of sentence end, by last character; full-width forms count as the same kind.
_END_KIND = {
    ".": "stop", "。": "stop", "．": "stop", "｡": "stop",
    "?": "question", "？": "question",
    "!": "exclamation", "！": "exclamation",
    ":": "colon", "：": "colon",
    "…": "ellipsis", "‥": "ellipsis",
}
_CLOSERS = "\"'”’»)]）」』】》〉"


def end_kind(text: str, names: frozenset[str] | set[str] = frozenset()) -> str | None:
    """How `text` ends ("stop", "question", …), looking past closing quotes and tags."""
    text = _without_markup(text, names).rstrip().rstrip(_CLOSERS).rstrip()
    if text.endswith("..."):
        return "ellipsis"
    return _END_KIND.get(text[-1:]) if text else None


def check_end_punctuation(src: str, tr: str, ctx: _Ctx):
    """A sentence should end like its source: `.` ↔ `。`, `?` ↔ `？` …; a heading without
    punctuation should not gain any.  Japanese questions may end in `か。`."""
    want, got = end_kind(src, ctx.names), end_kind(tr, ctx.names)
    if want == got:
        return
    if want == "question" and got == "stop" and ctx.locale.startswith("ja"):
        return
    if want is None:
        yield "end-punctuation", WARNING, "translation ends with punctuation the source does not have"
    else:
        yield "end-punctuation", WARNING, f"source ends with {want} punctuation, translation with {got or 'none'}"


_BRACKETS = {")": "(", "]": "[", "}": "{", "）": "（", "」": "「", "』": "『", "】": "【",
             "》": "《", "〉": "〈", "］": "［", "｝": "｛", "〕": "〔"}
_OPENERS = set(_BRACKETS.values())


def bracket_problem(text: str) -> str | None:
    """Why the brackets of `text` do not pair up, or None when they do."""
    stack: list[str] = []
    for ch in text:
        if ch in _OPENERS:
            stack.append(ch)
        elif ch in _BRACKETS:
            if not stack:
                return f"unmatched {ch}"
            if stack.pop() != _BRACKETS[ch]:
                return f"{ch} closes a different bracket"
    return f"unclosed {stack[-1]}" if stack else None


def check_brackets(src: str, tr: str, ctx: _Ctx):
    """Brackets (ASCII and full-width) must pair up, unless the source itself is unpaired."""
    if bracket_problem(src) is None:
        problem = bracket_problem(_without_urls(tr))
        if problem:
            yield "brackets", WARNING, problem


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")


def _is_name_only(text: str, ctx: _Ctx) -> bool:
    """True when nothing needs translating: no Latin letters left once glossary terms, URLs
    and tags are gone, or only a proper-noun-looking remainder (one capitalised word, or codes
    and acronyms such as ISS, MS-25).

    Text without Latin letters is not in the (English) source language: a language switcher
    (`<a1>한국</a1> <a2>대만</a2> …`) names each language in its own script and is copied
    unchanged on purpose."""
    text = _without_urls(_without_markup(text, ctx.names))
    for rule in ctx.glossary:
        text = rule.rx.sub(" ", text)
    if not any(_is_latin_letter(c) for c in text):
        return True
    words = [w for w in re.split(r"[^\w'-]+", text) if any(c.isalpha() for c in w)]
    if len(words) == 1 and words[0][0].isupper():
        return True
    return all(w.upper() == w and any(c.isupper() for c in w) for w in words)


def check_untranslated(src: str, tr: str, ctx: _Ctx):
    """A copy of the source is usually a forgotten string, not a translation."""
    if tr == src and not _is_name_only(src, ctx):
        yield "untranslated", WARNING, "translation is identical to the source"


# Expected translation/source length for an English (Latin-script) source, by target script,
# widened generously: CJK is typically 0.3-1.0 of the English length, Latin 0.7-2.0.
LENGTH_BOUNDS = {"cjk": (0.15, 1.5), "latin": (0.35, 3.0)}
MIN_LENGTH = 20


def check_length(src: str, tr: str, ctx: _Ctx):
    """A translation far shorter or longer than expected is often truncated or misplaced.
    Only for Latin-script sources of at least MIN_LENGTH characters."""
    s = " ".join(_without_markup(src, ctx.names).split())
    t = " ".join(_without_markup(tr, ctx.names).split())
    if len(s) < MIN_LENGTH or not _mostly_latin(s):
        return
    lo, hi = LENGTH_BOUNDS["cjk" if is_cjk_locale(ctx.locale) else "latin"]
    ratio = len(t) / len(s)
    if not lo <= ratio <= hi:
        yield "length", WARNING, f"translation is {ratio:.2f}× the source length (expected {lo}–{hi})"


def check_glossary(src: str, tr: str, ctx: _Ctx):
    """A glossary term in the source must be in the translation: verbatim for a
    do-not-translate term (brands, agencies), verbatim or as the approved rendering for the
    locale for a term that has one (Soyuz -> ソユーズ)."""
    verbatim, rendered = [], []
    for rule in ctx.glossary:
        if rule.rx.search(src) and not any(rx.search(tr) for rx in rule.accepted):
            if rule.renderings:
                rendered.append(f"{rule.term} (approved: {' / '.join(rule.renderings)})")
            else:
                verbatim.append(rule.term)
    if verbatim:
        yield "glossary", ERROR, "do-not-translate term(s) missing: " + ", ".join(verbatim)
    if rendered:
        yield "glossary", ERROR, "glossary term(s) missing or not rendered as approved: " + ", ".join(rendered)


CHECKS = [
    check_placeholders, check_urls, check_glossary, check_numbers, check_whitespace,
    check_double_space, check_end_punctuation, check_brackets, check_untranslated, check_length,
]


# --- catalogues ----------------------------------------------------------------------------


def _pairs(entry: polib.POEntry) -> Iterator[tuple[int | None, str, str]]:
    """(plural form, source, translation) for each non-empty translation of `entry`.

    Form 0 is compared with msgid and the others with msgid_plural; in a language with a
    single form (ja, ko, zh) that form stands for every count, so msgid_plural is its source.
    """
    if not entry.msgid_plural:
        if entry.msgstr:
            yield None, entry.msgid, entry.msgstr
        return
    single = len(entry.msgstr_plural) == 1
    for form, text in sorted(entry.msgstr_plural.items()):
        if text:
            src = entry.msgid if form == 0 and not single else entry.msgid_plural
            yield int(form), src, text


def check_catalog(
    po: polib.POFile,
    locale: str,
    glossary_terms: Iterable[str | GlossaryTerm] = (),
    include_fuzzy: bool = False,
    path: str | None = None,
) -> list[Finding]:
    """All findings for one catalogue, in file order.

    `glossary_terms` are GlossaryTerm objects (from load_glossary) or glossary-file lines
    such as ``"ESA"`` or ``"Soyuz | ja: ソユーズ"``.
    """
    terms = [t if isinstance(t, GlossaryTerm) else parse_glossary_line(t) for t in glossary_terms]
    ctx = _Ctx(locale, set(), [_Rule.resolve(t, locale) for t in terms])
    file = path if path is not None else (po.fpath or "")
    out: list[Finding] = []
    for entry in po:
        if entry.obsolete or not entry.msgid or (entry.fuzzy and not include_fuzzy):
            continue
        ctx.names = placeholders.names_in(entry.msgid)
        for form, src, tr in _pairs(entry):
            prefix = f"[form {form}] " if form is not None else ""
            for check in CHECKS:
                for name, severity, message in check(src, tr, ctx):
                    out.append(Finding(locale, file, entry.linenum, severity, name,
                                       prefix + message, entry.msgid, entry.msgctxt))
    return out


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


def glossary_path(cfg, glossary: str | Path | None = None) -> Path | None:
    """The glossary to use: the given one, else [tool.l10n] glossary, else root/glossary.txt if present."""
    if glossary is not None:
        return Path(glossary)
    if cfg.glossary:
        return cfg.root / cfg.glossary
    default = cfg.root / "glossary.txt"
    return default if default.is_file() else None


def check_catalogs(
    cfg, locales: Iterable[str], glossary: str | Path | None = None, include_fuzzy: bool = False
) -> dict[str, list[Finding]]:
    """Findings per locale; a missing or unreadable catalogue raises L10nError."""
    gpath = glossary_path(cfg, glossary)
    terms = load_glossary(gpath) if gpath else []
    results = {}
    for locale in locales:
        po_path = cfg.po_path(locale)
        po = read_catalog(po_path)
        results[locale] = check_catalog(po, locale, terms, include_fuzzy, path=cfg.relpath(po_path))
    return results


def has_errors(results: dict[str, list[Finding]]) -> bool:
    return any(f.severity == ERROR for findings in results.values() for f in findings)
