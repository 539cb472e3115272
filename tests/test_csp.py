"""A page's own Content-Security-Policy hashes follow the inline code the build edits (toolkit/build/csp.py)."""

from __future__ import annotations

import base64
import hashlib

import pytest

from toolkit.build import SiteLayout
from toolkit.build.splice import build_page
from toolkit.html import parse_document

IMPORT_MAP = '{"imports":{"app":"./js/app.js"}}'
STYLE = "body{background:url(img/bg.svg)}"
MODULE = 'import "app";'
NEW_MAP = '{"imports":{"app":"../js/app.js"}}'  # as the build writes them in ko/index.html
NEW_STYLE = "body{background:url(../img/bg.svg)}"


def layout() -> SiteLayout:
    return SiteLayout("en", ["ko"], {"en": "en", "ko": "ko"}, {}, frozenset({"index.html"}), frozenset(), None)


def source(code: str, algorithm: str = "sha256", url_safe: bool = False) -> str:
    """A CSP hash source of `code`, as a site's tooling writes it."""
    digest = hashlib.new(algorithm, code.encode("utf-8")).digest()
    value = base64.urlsafe_b64encode(digest).decode().rstrip("=") if url_safe else base64.b64encode(digest).decode()
    return f"'{algorithm}-{value}'"


def page(policy: str, head: str = "", body: str = "", equiv: str = "Content-Security-Policy") -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="{equiv}" content="{policy}"><title>Hello</title>'
            f'<script type="importmap">{IMPORT_MAP}</script><style>{STYLE}</style>'
            f'<script type="module">{MODULE}</script>{head}</head><body>{body}<p>Hello world</p></body></html>')


def built(html: str, translations: dict | None = None) -> str:
    return build_page(parse_document(html), "index.html", "ko", translations or {}, layout()).html


def policies(html: str) -> list[str]:
    """The content of each CSP meta of a page."""
    return [tag.attrs["content"].value for tag in parse_document(html).tags
            if tag.name == "meta" and "http-equiv" in tag.attrs and "content" in tag.attrs
            and tag.attrs["http-equiv"].value.lower().startswith("content-security-policy")]


@pytest.mark.parametrize("equiv", ["Content-Security-Policy", "content-security-policy-report-only"])
def test_the_hashes_of_an_edited_import_map_and_style_become_those_of_their_built_text(equiv):
    """The build rewrote the import map's and the style's URLs and left the policy as it was: Chromium refused both
    in /ko/ (the app did not run).  Nonces, other sources and the unedited module's hash stay as written."""
    policy = (f"default-src 'self'; script-src 'self' 'nonce-abc' {source(IMPORT_MAP)} {source(MODULE)}; "
              f"style-src 'self' {source(STYLE, 'sha384')} 'sha256-bm90IGEgaGFzaCBvZiBhbnl0aGluZw=='")
    html = built(page(policy, equiv=equiv))
    assert NEW_MAP in html and NEW_STYLE in html
    assert policies(html) == [
        f"default-src 'self'; script-src 'self' 'nonce-abc' {source(NEW_MAP)} {source(MODULE)}; "
        f"style-src 'self' {source(NEW_STYLE, 'sha384')} 'sha256-bm90IGEgaGFzaCBvZiBhbnl0aGluZw=='"]


def test_each_policy_and_each_algorithm_is_rehashed_as_written():
    """SHA-512 written in base64url (which CSP reads too), two metas: each names the built text by its own
    algorithm."""
    first = f"script-src {source(IMPORT_MAP, 'sha512', url_safe=True)} 'strict-dynamic'"
    second = f"style-src {source(STYLE)} 'SHA256-{source(MODULE)[8:]}"
    html = built(page(first, head=f'<meta http-equiv="Content-Security-Policy" content="{second}">'))
    assert policies(html) == [f"script-src {source(NEW_MAP, 'sha512')} 'strict-dynamic'",
                              f"style-src {source(NEW_STYLE)} 'SHA256-{source(MODULE)[8:]}"]


@pytest.mark.parametrize("translated", [False, True])
def test_a_style_attributes_hash_follows_its_url_in_a_sentence_or_not(translated):
    """``'unsafe-hashes'`` allows a style attribute by the hash of its value, whose url() the build rewrites, also
    when the attribute is part of a translated sentence's markup."""
    old, new = "background:url(img/dot.png)", "background:url(../img/dot.png)"
    policy = f"style-src 'unsafe-hashes' {source(old)}"
    body = f'<div style="{old}">Dot</div><p>See <b style="{old}">here</b> now.</p>'
    translations = {(None, "See <b>here</b> now."): "<b>여기</b>를 보세요."} if translated else {}
    html = built(page(policy, body=body), translations)
    assert html.count(f'style="{new}"') == 2 and ("여기" in html) is translated
    assert policies(html) == [f"style-src 'unsafe-hashes' {source(new)}"]


def test_a_hash_still_naming_code_the_build_left_alone_stays_beside_the_new_one():
    """The same text in an import map (edited) and in a script the build does not touch: both stay allowed."""
    policy = f"script-src {source(IMPORT_MAP)}"
    html = built(page(policy, head=f'<script type="text/plain">{IMPORT_MAP}</script>'))
    assert policies(html) == [f"script-src {source(IMPORT_MAP)} {source(NEW_MAP)}"]


def test_the_text_hashed_has_the_parsers_line_ends():
    """A browser hashes the element's text with CR LF read as LF: a page saved on Windows."""
    html = page(f"script-src {source(IMPORT_MAP)} {source(STYLE)}", head="").replace(
        f"<style>{STYLE}</style>", "<style>\r\nbody{background:url(img/bg.svg)}\r\n</style>")
    html = html.replace(source(STYLE), source("\nbody{background:url(img/bg.svg)}\n"))
    assert policies(built(html)) == [f"script-src {source(NEW_MAP)} {source(chr(10) + NEW_STYLE + chr(10))}"]


def test_a_policy_naming_no_edited_code_and_a_page_without_one_are_left_as_they_are():
    """Hashes of other code, a nonce, 'unsafe-inline', a malformed hash: nothing to follow."""
    policy = f"script-src 'nonce-r4nd0m' {source(MODULE)} 'sha256-%%%'; style-src 'unsafe-inline'"
    assert policies(built(page(policy))) == [policy]
    plain = page(policy).replace(f'<meta http-equiv="Content-Security-Policy" content="{policy}">', "")
    assert NEW_MAP in built(plain) and not policies(built(plain))


def test_many_hashed_style_attributes_are_rehashed_in_linear_time():
    """Each hash of the policy hashed every edited element again: 4,000 hashed style attributes took 39 s."""
    import time

    styles = [f"background: url(img/b{i}.gif)" for i in range(4000)]
    policy = "style-src 'unsafe-hashes' " + " ".join(source(s) for s in styles)
    html = page(policy, body="".join(f'<span style="{s}">x</span>' for s in styles))
    started = time.perf_counter()
    out = built(html)
    assert time.perf_counter() - started < 10
    assert source("background: url(../img/b7.gif)") in out
