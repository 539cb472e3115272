"""The fast catalogue writer must produce exactly what polib produces."""

from __future__ import annotations

import textwrap
from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.catalog.write import _wrap, format_catalog

REPO = Path(__file__).resolve().parent.parent


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", " ", "-", "é", "x" * 30, "\\", '"', "\t", "한"]),
                max_size=80).map("".join), st.sampled_from([10, 40, 76]))
def test_wrap_matches_textwrap(text, width):
    assert _wrap(text, width) == textwrap.wrap(text, width, drop_whitespace=False, break_long_words=False)


def test_shipped_catalogues_are_written_identically():
    files = sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").glob("*.pot"))
    assert files
    for f in files:
        po = polib.pofile(str(f))
        assert format_catalog(po) == str(po), f


words = st.sampled_from(["Soyuz", "launch", "long-term", "", " ", "  ", "\n", "\t", '"q"', "back\\slash",
                         "유럽", "x" * 90, "<a>", "</a>", "—", "a-b-c"])
text = st.lists(words, max_size=30).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(text, text, st.none() | text, text, st.booleans(), st.booleans(),
                          st.none() | text), min_size=1, max_size=5))
def test_generated_entries_are_written_identically(rows):
    po = polib.POFile(wrapwidth=78)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    for i, (msgid, msgstr, ctx, comment, fuzzy, obsolete, previous) in enumerate(rows):
        e = polib.POEntry(msgid=f"{i} {msgid}", msgstr=msgstr, msgctxt=ctx, comment=comment,
                          tcomment=comment[:20], occurrences=[(f"dir-x/page-{i}.html", str(i))] * (i + 1),
                          flags=["fuzzy"] if fuzzy else [], obsolete=obsolete, previous_msgid=previous)
        po.append(e)
    assert format_catalog(po) == str(po)
