"""Property: every visible text character of a page is in exactly one unit or in a skipped category."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.html import parse_document, render_translation
from toolkit.placeholders import escape_literal, tokens, unescape_literal

CONTAINERS = ["div", "section", "blockquote", "li"]
LEAVES = ["p", "h2", "td", "pre", "figcaption"]
INLINES = ["a", "b", "span", "em", "code"]
TRANSLATE = st.sampled_from([None, None, None, "no", "yes"])


class Words:
    """Unique letter-only words, so each one can be found in the output unambiguously."""

    def __init__(self):
        self.counter = itertools.count()

    def next(self) -> str:
        n = next(self.counter)
        return "w" + "".join("abcdefghij"[int(d)] for d in str(n)) + "z"


def node(depth: int):
    text = st.tuples(st.just("text"), st.integers(1, 3), st.sampled_from(["", " ", "\n  ", "&nbsp;", " &lt;b&gt;"]))
    inline = st.deferred(lambda: st.tuples(st.just("inline"), st.sampled_from(INLINES), TRANSLATE,
                                           st.lists(st.one_of(text, inline), max_size=3)))
    void = st.tuples(st.just("void"), st.sampled_from(["br", "img"]))
    hidden = st.tuples(st.just("hidden"), st.sampled_from(["script", "style", "comment"]))
    phrasing = st.lists(st.one_of(text, text, inline, void, hidden), min_size=1, max_size=5)
    leaf = st.tuples(st.just("leaf"), st.sampled_from(LEAVES), TRANSLATE, phrasing)
    if depth <= 0:
        return leaf
    container = st.tuples(st.just("container"), st.sampled_from(CONTAINERS), TRANSLATE,
                          st.lists(st.one_of(text, inline, leaf, node(depth - 1)), min_size=1, max_size=4))
    return st.one_of(leaf, container)


def render(tree, words: Words, translate: bool, expect: dict[str, bool | None], in_pre: bool = False,
           asked: bool = False, in_code: bool = False) -> str:
    """Serialise the generated tree and record, for each word, whether it must be extracted.  A `<code>` inside a
    `<pre>` is a code listing: not translated unless it or an ancestor says translate="yes" (`asked`;
    `elements.CODE_IN_PRE`).  A word in another `<code>` not asked for may be left out (None): with the unit it is
    in, when that unit's letters are all in code (`elements.VERBATIM`)."""
    kind = tree[0]
    if kind == "text":
        ws = tree[2]
        out = []
        for _ in range(tree[1]):
            w = words.next()
            expect[w] = None if translate and in_code and not asked else translate
            out.append(w)
        return ws + " ".join(out) + ws
    if kind == "void":
        return "<br>" if tree[1] == "br" else '<img src="x.png">'
    if kind == "hidden":
        w = words.next()
        expect[w] = False
        return {"script": f"<script>var {w} = 1;</script>", "style": f"<style>.{w} {{}}</style>",
                "comment": f"<!-- {w} -->"}[tree[1]]
    _, name, attr, children = tree
    listing = name == "code" and in_pre and not asked
    here = (translate and not listing) if attr is None else attr == "yes"
    asked = here and (asked or attr == "yes")
    inner = "".join(render(c, words, here, expect, in_pre or name == "pre", asked, in_code or name == "code")
                    for c in children)
    attrs = f' translate="{attr}"' if attr else ""
    if name == "li":
        return f"<ul><li{attrs}>{inner}</li></ul>"
    if name == "td":
        return f"<table><tr><td{attrs}>{inner}</td></tr></table>"
    return f"<{name}{attrs}>{inner}</{name}>"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(node(3), min_size=1, max_size=4), TRANSLATE)
def test_every_visible_word_is_in_exactly_one_unit_or_skipped(trees, body_translate):
    words = Words()
    expect: dict[str, bool | None] = {}
    body_on = body_translate != "no"
    body = "".join(render(t, words, body_on, expect, asked=body_translate == "yes") for t in trees)
    attr = f' translate="{body_translate}"' if body_translate else ""
    html = f"<!DOCTYPE html><html><head><title>T</title></head><body{attr}>{body}</body></html>"
    units = parse_document(html).units
    joined = [u.msgid for u in units]
    for word, translatable in expect.items():
        hits = sum(m.count(word) for m in joined)
        if translatable is None:
            assert hits <= 1, (word, html, joined)
        elif translatable:
            assert hits == 1, (word, html, joined)
        else:
            assert hits == 0, (word, html, joined)
    # and each unit can be rebuilt from its own msgid (placeholders round-trip)
    for u in units:
        if u.attribute is None:
            out = render_translation(u, u.msgid)
            assert out is not None, (u.msgid, html)
            # literal text that looks like markup stays text
            assert out.count("&lt;b&gt;") == html[u.start:u.end].count("&lt;b&gt;"), (u.msgid, out)

@given(st.text(alphabet="<>/&;ltampbi1 x", max_size=30))
def test_literal_escape_round_trips_and_leaves_no_placeholder(text):
    escaped = escape_literal(text)
    assert unescape_literal(escaped) == text
    assert not tokens(escaped)
