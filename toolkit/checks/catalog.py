"""Running the registered checks over catalogues: which entries, which checks, and the findings.

Only reviewed translations are checked (fuzzy ones with ``include_fuzzy``); obsolete and empty
entries are skipped; each form of a plural entry is checked on its own.  A check is left out when
the project switches it off (``[tool.l10n] checks_off``), when the entry does (a translator comment
``# l10n: ignore-check length, numbers``), or when it cannot apply (`Need`): the glossary check
without a glossary, language checks on pseudo-localised text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from toolkit import placeholders
from toolkit.catalog import (
    TemplateLag,
    header_problem,
    is_usable,
    mt_note,
    pair_forms,
    plural_count,
    read_catalog,
    require_catalogs,
    template_keys,
    template_lag,
)
from toolkit.catalog.status import TOOL_MARK_PREFIXES, comment_lines, joined_lines
from toolkit.checks.glossary import GlossaryTerm, Rule, glossary_path, load_glossary, parse_glossary_line
from toolkit.checks.registry import ERROR, REGISTRY, WARNING, Check, Context, Finding, Need
from toolkit.errors import L10nError

if TYPE_CHECKING:
    from toolkit.config import Config

# A translator comment line switching checks off for its entry.  Translator comments are what
# Poedit lets people edit and what msgmerge and `l10n update` carry over (custom `#,` flags are not:
# msgmerge takes flags from the template).
IGNORE_RE = re.compile(r"\s*l10n:\s*ignore-checks?\b:?(?P<names>.*)", re.IGNORECASE)
# Where a tool that wrapped such a line may have broken it within the keyword: `l10n:` | `ignore-` | `check …`.
_KEYWORD_PART = re.compile(r"\s*l10n:(?:\s*ignore-)?\s*", re.IGNORECASE)
_SPLIT_WORD = re.compile(r"(?:,|[^\W\d_]-)\s*\Z")  # a list going on, or a name broken after its hyphen
# What the pseudo engine makes: `[!! Ŕéåð ṁöŕé ~~~ !!]`, noted `# machine translation: pseudo (date)`.
PSEUDO_RE = re.compile(r"\s*\[!! .* !!\]\s*", re.DOTALL)
PSEUDO_ENGINE = "pseudo"


def known_checks() -> list[Check]:
    """Every registered check, in report order."""
    return list(REGISTRY.values())


def unknown_checks(names: Iterable[str]) -> list[str]:
    return [n for n in names if n not in REGISTRY]


def ignored_checks(entry: polib.POEntry) -> tuple[set[str], list[str]]:
    """Checks the entry's translator comments switch off, and the names there that are no check."""
    names: set[str] = set()
    for directive in _ignore_directives(entry.tcomment or ""):
        names.update(n for n in re.split(r"[\s,]+", directive) if n)
    return names, sorted(unknown_checks(names))


def _ignore_directives(tcomment: str) -> Iterator[str]:
    """The names of each `l10n: ignore-check` line, with the lines a tool (polib at 78 columns, Poedit) wrapped it
    onto: after a break within the keyword, a comma or a hyphenated name, or a line of nothing but check names."""
    lines = [line.text for line in comment_lines(tcomment)]
    at = 0
    while at < len(lines):
        taken = [lines[at]]
        at += 1
        if not _KEYWORD_PART.match(taken[0]):
            continue
        while at < len(lines) and _continues(joined_lines(taken), lines[at]):
            taken.append(lines[at])
            at += 1
        m = IGNORE_RE.match(joined_lines(taken))
        if m:
            yield m["names"]


def _continues(directive: str, line: str) -> bool:
    words = [w for w in re.split(r"[\s,]+", line) if w]
    if not words or line.strip().lower().startswith(TOOL_MARK_PREFIXES):
        return False
    if _KEYWORD_PART.fullmatch(directive) or _SPLIT_WORD.search(directive):
        return True
    return all(w in REGISTRY or (w.endswith("-") and any(n.startswith(w) for n in REGISTRY)) for w in words)


def is_pseudo(entry: polib.POEntry, translation: str) -> bool:
    """Pseudo-localised: the engine's `[!! … !!]` wrapper, or its comment on a still-fuzzy entry."""
    if PSEUDO_RE.fullmatch(translation):
        return True
    note = mt_note(entry)
    return note is not None and note.engine.split(" ")[0] == PSEUDO_ENGINE and entry.fuzzy


def _pairs(entry: polib.POEntry, singular: int) -> Iterator[tuple[int | None, str, str]]:
    """(plural form, source, translation) for each non-empty translation of `entry`.

    The form gettext picks for n = 1 (`singular`, `pair_forms`: form 0 but in Arabic, whose form 0 is the zero
    form) is compared with msgid, the others with msgid_plural; in a language with a single form (ja, ko, zh)
    that form stands for every count, so msgid_plural is its source.
    """
    if not entry.msgid_plural:
        if entry.msgstr:
            yield None, entry.msgid, entry.msgstr
        return
    single = len(entry.msgstr_plural) == 1
    for form, text in sorted(entry.msgstr_plural.items()):
        if text:
            src = entry.msgid if int(form) == singular and not single else entry.msgid_plural
            yield int(form), src, text


def _applies(check: Check, ctx: Context, pseudo: bool) -> bool:
    if Need.CATALOGUE in check.needs:
        return False  # (run once, by `check_catalog`)
    if Need.GLOSSARY in check.needs and not ctx.glossary:
        return False
    return not (Need.LANGUAGE in check.needs and pseudo)


def _checks_for(active: list[Check], ctx: Context) -> dict[bool, list[Check]]:
    """The checks that apply to real and to pseudo-localised text (`_applies`), listed once per catalogue."""
    return {pseudo: [c for c in active if _applies(c, ctx, pseudo)] for pseudo in (False, True)}


def check_catalog(
    po: polib.POFile,
    locale: str,
    glossary_terms: Iterable[str | GlossaryTerm] = (),
    include_fuzzy: bool = False,
    path: str | None = None,
    checks_off: Iterable[str] = (),
    sources: Iterable[str] | None = None,
    header: bool = True,
    source_locale: str = "en",
) -> list[Finding]:
    """All findings for one catalogue, in file order.

    `glossary_terms` are GlossaryTerm objects (from load_glossary) or glossary-file lines
    such as ``"ESA"`` or ``"Soyuz | ja: ソユーズ"``.  `checks_off` names checks not to run.
    `sources`: the msgids of the whole catalogue when `po` holds some of its entries (the review
    server checks a page's), read only if a check asks (`Context.vocabulary`); `header`: whether `po`'s header is
    the catalogue's to check (not when `po` is a page's share of it); `source_locale`: the msgids' language.
    """
    unknown = unknown_checks(checks_off)
    if unknown:
        raise ValueError(f"unknown check(s): {', '.join(unknown)}")
    terms = [t if isinstance(t, GlossaryTerm) else parse_glossary_line(t) for t in glossary_terms]
    ctx = Context(locale, set(), [Rule.resolve(t, locale) for t in terms], nplurals=plural_count(po),
                  sources=(e.msgid for e in po if not e.obsolete) if sources is None else sources,
                  source_locale=source_locale)
    active = [c for c in known_checks() if c.name not in set(checks_off)]
    file = path if path is not None else (po.fpath or "")
    applying = _checks_for(active, ctx)
    out: list[Finding] = []
    if header and "header" in {c.name for c in active}:
        wrong = header_problem(po.metadata, any(e.msgid_plural for e in po))
        if wrong is not None:
            out.append(Finding(locale, file, 1, ERROR, "header", wrong, "", None))
    singular = pair_forms(po.metadata)[0]
    for entry in po:
        if not is_usable(entry, include_fuzzy):  # what a build or .mo would ship
            continue

        def finding(severity: str, check: str, message: str, entry: polib.POEntry = entry) -> Finding:
            return Finding(locale, file, entry.linenum, severity, check, message, entry.msgid, entry.msgctxt)

        ignored, typos = ignored_checks(entry)
        if typos:
            known = ", ".join(REGISTRY)
            out.append(finding(WARNING, "ignore-check", f"'l10n: ignore-check' names no check {', '.join(typos)}; "
                                                        f"known: {known}"))
        ctx.names = placeholders.names_in(entry.msgid)
        ctx.comments = entry.comment.splitlines() if entry.comment else []
        ctx.forms = len(entry.msgstr_plural) if entry.msgid_plural else 1
        for form, src, tr in _pairs(entry, singular):
            ctx.form = form
            prefix = f"[form {form}] " if form is not None else ""
            for check in applying[is_pseudo(entry, tr)]:
                if check.name in ignored:
                    continue
                for problem in check.run(src, tr, ctx):
                    out.append(finding(problem.severity or check.severity, check.name, prefix + problem.message))
    return out


def project_checks_off(cfg: Config) -> list[str]:
    """`[tool.l10n] checks_off`, every name a known check (else L10nError naming pyproject.toml)."""
    if not isinstance(cfg.checks_off, list) or not all(isinstance(n, str) for n in cfg.checks_off):
        raise L10nError("`checks_off` must be a list of check names, e.g. [\"length\"]", cfg.root / "pyproject.toml")
    unknown = unknown_checks(cfg.checks_off)
    if unknown:
        raise L10nError(f"unknown check(s) in [tool.l10n] checks_off: {', '.join(unknown)}; "
                        f"known: {', '.join(REGISTRY)}", cfg.root / "pyproject.toml")
    return list(cfg.checks_off)


def check_catalogs(
    cfg: Config, locales: Iterable[str], glossary: str | Path | None = None, include_fuzzy: bool = False,
    checks_off: Iterable[str] = (), lags: dict[str, TemplateLag] | None = None,
) -> dict[str, list[Finding]]:
    """Findings per locale, without the checks the project (`cfg.checks_off`) or `checks_off` switch off.

    A missing or unreadable catalogue, or an unknown check name, raises L10nError.  `lags` gets each catalogue
    behind the template: its entries are checked as they are, and the template's new messages not at all.
    """
    project_off = project_checks_off(cfg)
    unknown = unknown_checks(checks_off)
    if unknown:
        raise L10nError(f"unknown check(s): {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    off = [*project_off, *checks_off]
    gpath = glossary_path(cfg, glossary)
    terms = load_glossary(gpath) if gpath else []
    results = {}
    paths = require_catalogs(cfg, list(locales))
    template = template_keys(cfg) if lags is not None else None
    for locale, po_path in paths.items():
        po = read_catalog(po_path)
        lag = template_lag(template, po)
        if lag is not None and lags is not None:
            lags[locale] = lag
        results[locale] = check_catalog(po, locale, terms, include_fuzzy, path=cfg.relpath(po_path),
                                        checks_off=off, source_locale=cfg.source_locale)
    return results


def has_errors(results: dict[str, list[Finding]]) -> bool:
    return any(f.severity == ERROR for findings in results.values() for f in findings)


def failed(results: dict[str, list[Finding]], strict: bool = False) -> bool:
    """Whether `l10n check` fails: on errors, and with `strict` on warnings too."""
    return has_errors(results) or (strict and any(results.values()))
