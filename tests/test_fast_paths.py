"""Fast paths that must answer exactly what the general code answers: `placeholders.problems` for a
translation that writes the msgid's placeholders in order, the build's relative links between site paths."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.placeholders import is_balanced, names_in, problems, signature

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


def test_an_unbalanced_msgid_copied_as_it_is_is_still_reported():
    assert problems("<a><b>x</a></b>", "<a><b>y</a></b>") == ["placeholders are not properly nested"]
    assert problems("<a>x</a> <br/>", "<a>y</a> <br/>") == []


PATHS = st.lists(st.sampled_from(["a", "b", "ko", "x.html", ".", "..", "", "é"]), min_size=1, max_size=4).map("/".join)


@settings(max_examples=500, deadline=None)
@given(PATHS, PATHS | st.just("."))
def test_site_relative_paths_are_those_of_posixpath(target, start):
    import posixpath

    from toolkit.build.links import relative_path

    def outcome(fn):
        try:
            return fn(target, start)
        except ValueError as exc:
            return str(exc)

    assert outcome(relative_path) == outcome(posixpath.relpath)
