"""A page's own Content-Security-Policy kept true to the inline code the build edits.

A policy may allow an inline ``<script>`` or ``<style>`` by the hash of its text (``'sha256-…'``), and a ``style``
attribute by the hash of its value (with ``'unsafe-hashes'``).  The build edits some of them (an import map's
addresses, a stylesheet's or a style attribute's ``url()``: `refs.reference_edits`), after which the old hash no
longer allows the element: the browser refuses it, and the localised page's app does not run.  (A data block such
as JSON-LD runs nothing, so no policy applies to it.)  So each hash source of a
``<meta http-equiv="Content-Security-Policy">`` (or ``…-Report-Only``) that is the hash of an edited element's
source text becomes the hash, by the same algorithm, of its built text; one still hashing an element the build left
alone stays too.  Nonces, other sources and a page whose policy names no such hash are left as they are.  A policy
the server sends is not in the page: its hashes are the site's to regenerate for the built pages.

The text hashed is the element's as the HTML parser gives it (its line ends made LF), UTF-8 encoded; a hash made
otherwise (an XHTML page's entity-decoded text) matches no source text and is left alone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

from toolkit.build.splice import Edit, apply_edits
from toolkit.html import Document
from toolkit.html.elements import SVG_TAG_PREFIX
from toolkit.html.render import escape_attr
from toolkit.html.segment import Tag

POLICIES = frozenset({"content-security-policy", "content-security-policy-report-only"})
_HASH_SOURCE = re.compile(r"'(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})'", re.I)
_LINE_END = re.compile(r"\r\n?")
# elements whose content is inline code (refs.py edits an inline SVG's <style> as raw text too)
_INLINE_CODE = frozenset({"script", "style", SVG_TAG_PREFIX + "style"})


@dataclass(frozen=True)
class _Inline:
    """The text of an inline script, style or style attribute, as in the source and as built."""

    old: str
    new: str


@lru_cache(maxsize=4)
def _names_a_policy(text: str) -> bool:
    """Whether the page's text names a CSP at all: asked for each locale of a page, answered once (the text's hash is
    kept by the string)."""
    return "content-security-policy" in text.lower()  # (a case-blind regular expression took 20 times as long)


def csp_edits(doc: Document, edits: list[Edit], xml: bool = False) -> list[Edit]:
    """Edits of the page's CSP metas for the inline code that `edits` (the page's edits) change; none if the page
    has no policy of its own or none of its hashes names edited code."""
    if not _names_a_policy(doc.text):  # (nearly every page: one scan a page, not a loop over its tags a locale)
        return []
    metas = [content for tag in doc.tags if tag.name == "meta" and (content := tag.attrs.get("content"))
             and (http_equiv := tag.attrs.get("http-equiv")) and http_equiv.value.strip().lower() in POLICIES]
    if not metas or not edits:
        return []
    inline = _inline_code(doc, edits)
    changed = [i for i in inline if i.old != i.new]
    if not changed:
        return []
    kept = [i.old for i in inline if i.old == i.new]
    taken = {(e.start, e.end) for e in edits}
    out = []
    for content in metas:
        if (content.start, content.end) in taken:
            continue
        policy = _rehashed(content.value, changed, kept)
        if policy != content.value:
            out.append(Edit(content.start, content.end, f'"{escape_attr(policy, xml)}"'))
    return out


def _inline_code(doc: Document, edits: list[Edit]) -> list[_Inline]:
    """Every inline script, style element and style attribute of the page, with its text before and after `edits`."""
    text = doc.text
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    starts = [e.start for e in ordered]
    by_span = {(e.start, e.end): e for e in edits}
    out = []
    for tag in doc.tags:
        if (style := tag.attrs.get("style")) is not None and style.end > style.start:
            edit = by_span.get((style.start, style.end))
            new = html.unescape(edit.text[1:-1]) if edit is not None and edit.text[:1] in ('"', "'") else style.value
            out.append(_Inline(style.value, new))
        if tag.name in _INLINE_CODE:
            out.append(_element_text(text, tag, ordered, starts))
    return out


def _element_text(text: str, tag: Tag, ordered: list[Edit], starts: list[int]) -> _Inline:
    """An element's content before and after the edits that lie inside it (an insertion at either end belongs to
    the markup around it)."""
    lo, hi = tag.end, tag.content_end
    inside = [Edit(e.start - lo, e.end - lo, e.text) for e in ordered[bisect_left(starts, lo):bisect_right(starts, hi)]
              if e.end <= hi and (e.end > e.start or lo < e.start < hi)]
    old = text[lo:hi]
    return _Inline(old, apply_edits(old, inside) if inside else old)


def _rehashed(policy: str, changed: list[_Inline], kept: list[str]) -> str:
    """`policy` with each hash of a changed element's old text replaced by the hash of its new text."""

    @cache
    def kept_digests(algorithm: str) -> frozenset[bytes]:  # (once a policy, whatever the number of its hashes)
        return frozenset(_digest(algorithm, old) for old in kept)

    @cache
    def changed_by_digest(algorithm: str) -> dict[bytes, list[str]]:  # (each element hashed once, not once a source)
        out: dict[bytes, list[str]] = {}
        for i in changed:
            out.setdefault(_digest(algorithm, i.old), []).append(i.new)
        return out

    def replace(m: re.Match[str]) -> str:
        algorithm = m.group(1).lower()
        digest = _decoded(m.group(2))
        news = changed_by_digest(algorithm).get(digest, []) if digest is not None else []
        if not news:
            return m.group(0)
        sources = [m.group(0)] if digest in kept_digests(algorithm) else []
        for new in news:
            source = f"'{algorithm}-{base64.b64encode(_digest(algorithm, new)).decode('ascii')}'"
            if source not in sources:
                sources.append(source)
        return " ".join(sources)

    return _HASH_SOURCE.sub(replace, policy)


def _digest(algorithm: str, code: str) -> bytes:
    return hashlib.new(algorithm, _LINE_END.sub("\n", code).encode("utf-8")).digest()


def _decoded(value: str) -> bytes | None:
    """A hash source's digest (base64, or base64url as CSP also reads it); None if it is not base64."""
    value = value.rstrip("=").replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
