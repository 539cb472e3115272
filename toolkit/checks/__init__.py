"""Quality checks on translations (``l10n check``): one function per check, in a registry.

Each check compares one translation with its source and says what a reviewer should look at.
Severity follows consequence:

* **error** – the page would be wrong or broken: placeholders missing/extra/unbalanced (the build
  falls back to the source), markup or entities typed as text (published as visible ``&lt;b&gt;``),
  a URL or e-mail address lost, altered or added, a number changed or dropped, brackets left
  unpaired, a page's keywords separated by another comma than U+002C, a translation of nothing but white space,
  a glossary term neither kept verbatim nor given its approved rendering, a translation
  over its ITS Storage Size or with characters outside its ITS Allowed Characters, a bidirectional
  control left open in its text run (it reorders the page's text after it).
* **warning** – probably a mistake but with legitimate exceptions: small numbers that may be
  spelled out, numbers the source does not have, whitespace, doubled spaces, end punctuation,
  a quotation left open, fewer sentences than the source, untranslated text, suspicious length,
  invisible or bidirectional characters the source lacks, a combining mark with no letter to go on, letters of a
  script a Chinese, Japanese or Korean locale does not write (Hangul in Japanese, Simplified in Traditional Chinese).

Modules: `registry` (the `@check` decorator, `Check`, `Finding`), one module per family of checks (`markup`,
`links`, `glossary`, `numbers`, `typography`, `characters`, `scripts`, `content`, `its`; importing them registers
their checks, in report order) and `catalog` (running them over catalogues).
"""

from __future__ import annotations

# The family modules register their checks on import; this order is the order of findings.
# isort: off
from toolkit.checks import markup, links, glossary, numbers, typography, characters, scripts, content, its  # noqa: F401
# isort: on
from toolkit.checks.catalog import (
    check_catalog,
    check_catalogs,
    failed,
    has_errors,
    ignored_checks,
    known_checks,
    project_checks_off,
)
from toolkit.checks.glossary import GlossaryTerm, load_glossary, parse_glossary_line
from toolkit.checks.registry import ERROR, REGISTRY, WARNING, Check, Context, Finding, Need, Problem, check

__all__ = [
    "ERROR", "REGISTRY", "WARNING", "Check", "Context", "Finding", "GlossaryTerm", "Need", "Problem", "check",
    "check_catalog", "check_catalogs", "failed", "has_errors", "ignored_checks", "known_checks",
    "load_glossary", "parse_glossary_line", "project_checks_off",
]
