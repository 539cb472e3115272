"""Fast paths that must answer exactly what the general code answers: `placeholders.problems` for a
translation that writes the msgid's placeholders in order, the build's `matching_tokens`, the build's relative
links between site paths, its text escaping."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.html.render import _render_in_order, _render_tokens, escape_text, render_translation
from toolkit.html.segment import Placeholder, Unit
from toolkit.placeholders import is_balanced, matching_tokens, names_in, problems, signature, tokens

PIECES = st.sampled_from(["<a>", "</a>", "<b>", "</b>", "<a1>", "</a1>", "<br/>", "</br/>", "<x>", "</x>",
                          "text ", "&lt;a>", "<", ">", "/"])


def full_comparison(msgid: str, msgstr: str, names: set[str] | None = None) -> list[str]:
    """`problems` as it was before the fast path."""
    if names is None:
        names = names_in(msgid)
    if not names:
        return []
    want, got = signature(msgid, names), signature(msgstr, names)
    out = []
    missing, extra = want - got, got - want
    del missing["<br/>"]  # a line break may be left out (PIECES' only one)
    if missing:
        out.append("missing placeholder(s) " + " ".join(sorted(missing.elements())))
    if extra:
        out.append("extra placeholder(s) " + " ".join(sorted(extra.elements())))
    if not missing and not extra and not is_balanced(msgstr, names):
        out.append("placeholders are not properly nested")
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=8), st.lists(PIECES, max_size=8), st.booleans())
def test_the_fast_path_agrees_with_the_full_comparison(msgid_parts, msgstr_parts, same):
    msgid = "".join(msgid_parts)
    msgstr = msgid.replace("text", "텍스트") if same else "".join(msgstr_parts)
    for names in (None, {"a", "b", "br"}, {"a1", "x"}):
        assert problems(msgid, msgstr, names) == full_comparison(msgid, msgstr, names)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=8), st.lists(PIECES, max_size=8), st.booleans())
def test_the_builds_matching_tokens_are_the_tokens_of_a_translation_without_problems(msgid_parts, msgstr_parts,
                                                                                      same):
    """Asked once a unit and locale, with the msgid's tokens remembered between calls: twice here, the second
    call answering from what the first remembered."""
    msgid = "".join(msgid_parts)
    msgstr = msgid.replace("text", "텍스트") if same else "".join(msgstr_parts)
    for names in ({"a", "b", "br"}, {"a1", "x"}, {"a": 1, "b": 2}.keys()):
        expected = None if problems(msgid, msgstr, set(names)) else tokens(msgstr, names)
        assert matching_tokens(msgid, msgstr, names) == expected
        assert matching_tokens(msgid, msgstr, names) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=8), st.lists(PIECES, max_size=8), st.booleans(), st.booleans(), st.booleans(),
       st.booleans())
def test_the_in_order_render_is_the_token_render(msgid_parts, msgstr_parts, same, unclosed, rewritten, xml):
    """The build renders a translation that keeps the msgid's placeholders in order in one pass (`_render_in_order`);
    whenever it answers, it must write what the general render writes, escaping, rewritten start tags, elements the
    source leaves open (nothing written for their close at the end) and all."""
    msgid = "".join(msgid_parts)
    msgstr = msgid.replace("text", "텍스트 & <i>\u00a0") if same else "".join(msgstr_parts)
    names = sorted(names_in(msgid))
    if not names:
        return
    last = tokens(msgid, set(names))[-1].name  # the source leaves it open: a close of it ending the text writes nothing
    unit = Unit(msgid, 0, len(msgid), 1, comments="<!-- c -->", placeholders={
        name: Placeholder(f'<{name} class="{name}">', "" if name == "br" else f"</{name}>",
                          unclosed=unclosed and name == last) for name in names})
    opens = {names[0]: f'<{names[0]} href="../x">'} if rewritten else None
    fast = _render_in_order(unit, msgstr, opens, xml)
    general = _render_tokens(unit, msgstr, opens, xml)
    if fast is not None:
        assert fast == general
    assert render_translation(unit, msgstr, opens, xml) == general
    if same and not unclosed and general is not None:
        assert fast is not None  # (the usual case does take the one-pass render)


def test_a_translation_may_reorder_the_placeholders():
    reordered = "<b>y</b> <a>x</a>"
    assert matching_tokens("<a>x</a> <b>y</b>", reordered, {"a", "b"}) == tokens(reordered, {"a", "b"})
    assert matching_tokens("<a>x</a> <b>y</b>", "<b>y</a> <a>x</b>", {"a", "b"}) is None


@given(st.text(st.sampled_from("a&<>\u00a0é한 ;")), st.booleans())
def test_text_is_escaped_as_by_its_table(text, xml):
    table = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\u00a0": "&#160;" if xml else "&nbsp;"}
    assert escape_text(text, xml) == "".join(table.get(c, c) for c in text)


def test_an_unbalanced_msgid_copied_as_it_is_is_still_reported():
    assert problems("<a><b>x</a></b>", "<a><b>y</a></b>") == ["placeholders are not properly nested"]
    assert problems("<a>x</a> <br/>", "<a>y</a> <br/>") == []


PATHS = st.lists(st.sampled_from(["a", "b", "ko", "x.html", ".", "..", "", "é"]), min_size=1, max_size=4).map("/".join)


@settings(max_examples=500, deadline=None)
@given(PATHS, PATHS | st.just("."))
def test_site_relative_paths_are_those_of_posixpath_below_a_deep_root(target, start):
    """`relative_path` is `posixpath.relpath` of the two paths under a root deeper than they climb, worked out
    without the current directory (relpath's answer for ``../x`` depends on where the process runs); where that
    answer would name the root's own folders, it is a ValueError."""
    import posixpath

    from toolkit.build.links import relative_path

    root = "/_r1/_r2/_r3/_r4/_r5/"
    try:
        got = relative_path(target, start)
    except ValueError:
        assert not target or not start or "/" in (target[0], start[0]) or any(
            part.startswith("_r") for part in posixpath.relpath(root + target, root + start).split("/"))
        return
    assert got == posixpath.relpath(root + target, root + start)
