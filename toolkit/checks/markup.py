"""Placeholders and markup: the only tags a translation may contain are the source's placeholders.

The build turns the msgid's placeholders back into the source's elements and escapes everything
else, so a tag typed into a translation (`<b>Preisliste</b>` for "Price list") is published as the
visible text ``&lt;b&gt;Preisliste&lt;/b&gt;``; an entity (`&nbsp;`, or `&nbsp` without its semicolon) likewise
shows as ``&amp;nbsp;``.  With placeholders, ``&amp;`` and ``&lt;`` are the msgid's own escapes for ``&`` and
``<`` (`toolkit.placeholders`), and show as those characters.
"""

from __future__ import annotations

import html.entities
import re
from collections import Counter
from collections.abc import Iterator

from toolkit import placeholders
from toolkit.checks.registry import ERROR, WARNING, Context, check
from toolkit.mt.masking import VERBATIM_RE, verbatim_texts

ENTITY_RE = placeholders.ENTITY_RE  # one definition each, shared with machine translation's reply check
stray_tags = placeholders.stray_tags


# a reference without its semicolon that browsers still read (`&nbsp`, `&copy`, `&#160`: HTML's legacy names)
_UNTERMINATED = re.compile(r"&(?:#[0-9]++|#[xX][0-9A-Fa-f]++|[A-Za-z][A-Za-z0-9]*+)(?![A-Za-z0-9;])")
_LEGACY_NAMES = frozenset(name for name in html.entities.html5 if not name.endswith(";"))


def entities(text: str) -> Counter[str]:
    """HTML character references typed as text: `&nbsp;`, `&#160;`, `&amp;`, and `&nbsp` (a browser reads it too)."""
    found = Counter(m.group() for m in ENTITY_RE.finditer(text)
                    if m.group()[1] == "#" or m.group()[1:] in html.entities.html5)
    found.update(m.group() for m in _UNTERMINATED.finditer(text) if m.group()[1] == "#" or m.group()[1:] in
                 _LEGACY_NAMES)
    return found


def _listed(found: Counter[str]) -> str:
    return " ".join(sorted(found.elements()))


@check("placeholders", ERROR)
def check_placeholders(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Every placeholder of the source (a line break may be left out), once and properly nested, or the build uses
    the source text."""
    for problem in placeholders.problems(src, tr, ctx.names):
        yield problem + "; the build will use the source text"


@check("markup", ERROR)
def check_markup(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Tags and entities that are not the source's placeholders are published as visible text."""
    # Tag-shaped text the source has too (a code sample showing `<title>`) is text on both sides; so is its
    # translation ("Replace <username> with…" → "<Benutzername>"): only tags beyond the source's count are typed markup.
    tags = stray_tags(tr, ctx.names) if "<" in tr else None  # (every tag has one)
    if tags:
        literal = stray_tags(src, ctx.names)
        tags = tags - literal if tags.total() > literal.total() else None
    if tags:
        allowed = " ".join(sorted(placeholders.signature(src, ctx.names))) or "none"
        yield (f"markup typed as text: {_listed(tags)} (the page would show it literally); "
               f"the source's placeholders: {allowed}")
    refs = entities(tr) - entities(src) if "&" in tr else None
    if refs and ctx.names:
        refs = Counter({ref: n for ref, n in refs.items() if ref not in placeholders.LITERAL_ESCAPES})
    if refs:
        yield f"HTML entity typed as text: {_listed(refs)} (the page would show it literally); type the character"


@check("code", WARNING)
def check_code(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Inline code, keys and program output (`<code>frob.toml</code>`, `<kbd>Ctrl</kbd>`) as the source has them:
    a reader types what the page shows, and `<code>フロブ.toml</code>` names no file.  (Machine translation keeps them
    whole; a key's own label in the target language, German `Strg`, is the warning's exception.)"""
    if "<" not in src or not _VERBATIM_OPEN.search(src):
        return
    missing = verbatim_texts(src, ctx.names) - verbatim_texts(tr, ctx.names)
    if missing:
        yield f"code changed or missing: {_listed(missing)} (the page would show what the translation has)"


_VERBATIM_OPEN = re.compile(f"<{VERBATIM_RE.pattern}>")


@check("template-code", ERROR)
def check_template_code(src: str, tr: str, ctx: Context) -> Iterator[str]:
    """Template code (`{{ x }}`, `{% if %}`, `<%= x %>`, `${x}`) is the page's program: kept exactly, none added, or
    the build uses the source text."""
    missing, added = placeholders.template_code_changes(src, tr)
    if missing:
        yield (f"template code missing or altered: {_listed(missing)}"
               + (f" (the translation has {_listed(added)})" if added else "") + "; the build will use the source text")
    elif added:
        yield f"template code the source does not have: {_listed(added)}; the build will use the source text"
