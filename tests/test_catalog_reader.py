"""The one-pass catalogue reader must give exactly the entries polib's parser gives.

`read.parse_text` checks a catalogue and builds its polib entries in the same pass over the
lines; `read._parse_with_polib` is polib's own parser (kept for lines polib reads in its own
way).  Both are compared attribute by attribute, line numbers included.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import polib
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from toolkit.catalog import read_catalog
from toolkit.catalog.read import _parse_with_polib, _Reader, parse_text, parse_translations, scan
from toolkit.catalog.write import catalog_text
from toolkit.errors import L10nError

REPO = Path(__file__).resolve().parent.parent


def assert_same(text: str, comments: bool = True) -> polib.POFile:
    ours, theirs = parse_text(text, comments=comments), _parse_with_polib(text, None, comments)
    assert vars(ours) == vars(theirs)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        mine, polibs = dict(vars(a)), dict(vars(b))
        if not comments:  # polib saw the comment-free lines: other line numbers, bare "#" comments
            for name in ("linenum", "tcomment"):
                mine.pop(name), polibs.pop(name)
        if "\u2068" in text:  # a difference by design: polib splits a path with spaces (see below)
            mine.pop("occurrences"), polibs.pop("occurrences")
        if a.obsolete:  # and polib drops an obsolete entry's "#~|" lines (see below)
            for name in ("previous_msgctxt", "previous_msgid", "previous_msgid_plural"):
                mine.pop(name), polibs.pop(name)
        assert mine == polibs
    return ours


def test_shipped_catalogues_read_as_polib_reads_them():
    files = sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").glob("*.pot"))
    assert files
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert not _Reader(text, f, build=True).odd  # the one-pass path, not the fallback
        assert_same(text)
        assert_same(text, comments=False)


words = st.sampled_from(["Soyuz", "launch", "long-term", "", " ", "\n", "\t", '"q"', "back\\slash", "유럽",
                         "x" * 90, "<a>", "a-b-c", "a:1", "#", "\u2028", "\x1c"])
text = st.lists(words, max_size=12).map(" ".join)
names = st.sampled_from(["page.html", "a b.html", "dir/x.html", "no-line", "c:d"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(text, text, st.none() | text, text, text, st.lists(names, max_size=3),
                          st.lists(st.sampled_from(["fuzzy", "c-format", "no-wrap"]), max_size=2),
                          st.booleans(), st.none() | text, st.none() | text, st.none() | text),
                min_size=1, max_size=6), st.booleans(), text)
def test_written_catalogues_read_as_polib_reads_them(rows, header_fuzzy, header_comment):
    po = polib.POFile(wrapwidth=78)
    po.header = header_comment
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.metadata_is_fuzzy = header_fuzzy
    for i, (msgid, msgstr, ctx, note, tcomment, where, flags, obsolete, previous, plural, prev_ctx) in \
            enumerate(rows):
        e = polib.POEntry(msgid=f"{i} {msgid}", msgstr=msgstr, msgctxt=ctx, comment=note, tcomment=tcomment,
                          occurrences=[(n, str(k) if k % 2 else "") for k, n in enumerate(where)],
                          flags=list(dict.fromkeys(flags)), obsolete=obsolete, previous_msgid=previous,
                          previous_msgctxt=prev_ctx if previous is not None else None)
        if plural is not None:
            e.msgid_plural, e.msgstr, e.msgstr_plural = f"{i} {plural}", "", {0: msgstr, 1: note}
        po.append(e)
    data = catalog_text(po)
    assert ({e.msgid: e.occurrences for e in assert_same(data)}
            == {e.msgid: [] if e.obsolete else e.occurrences for e in po})  # paths with spaces too
    assert_same(data, comments=False)


lines = st.sampled_from([
    "# translator", "#", "##", "#  two spaces", "#\ttab", "#. note", "#.", "#.x", "#: a.html:1 b.html",
    "#:", "#:x", "#, fuzzy", "#,", "#, c-format, fuzzy", "#| msgid \"old\"", "#| \"more\"",
    "#| msgctxt \"c\"", "#| msgid_plural \"olds\"", "#|msgid \"x\"", "#| msgstr \"x\"", "#~| msgid \"gone\"",
    "#~ # obsolete comment", "#~", "#~ msgid \"o\"", "#~ msgstr \"p\"", "#~msgid \"q\"", "#x", "",
    "msgctxt \"ctx\"", "msgid \"id\"", "msgid\"glued\"", "msgstr \"str\"", "\"cont\"", "msgid_plural \"ids\"",
    "msgstr[0] \"s0\"", "msgstr[1] \"s1\"", "msgid \"\"", "msgstr \"Language: ko\\n\"",
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(lines, max_size=25), st.integers(0, 1000))
def test_any_accepted_text_reads_as_polib_reads_it(chosen, salt):
    # msgids made unique so that most texts pass the duplicate check
    text = "\n".join(line.replace('"id"', f'"id{salt + i}"') for i, line in enumerate(chosen))
    try:
        ours = parse_text(text)
    except L10nError:
        return  # rejected by the integrity check (the same check as before, see test_catalog_integrity)
    if POLIB_DROPS_OBSOLETE.search(text) or POLIB_DROPS_LAST.search(text):
        return  # polib loses that entry; we keep it (test_an_obsolete_entry_before_a_previous_msgid_is_kept)
    assert_same(text)
    assert ours is not None


# polib drops a complete obsolete entry that is followed by a `#~|` line; gettext keeps it
POLIB_DROPS_OBSOLETE = re.compile(r'^#~ msgstr .*\n(?:#~ ".*"\n)*#~\|', re.M)
# polib also drops the last entry of a text whose last line is an empty "#.", "#:" or "#," comment
POLIB_DROPS_LAST = re.compile(r"^#[.:,]\s*\Z", re.M)


def test_the_last_entry_before_an_empty_comment_at_the_end_is_kept():
    text = 'msgid "a"\nmsgstr "b"\n#.\n'
    assert len(_parse_with_polib(text, None, True)) == 0  # the polib defect this reader does not copy
    assert [e.msgid for e in parse_text(text)] == ["a"]


def test_an_obsolete_entry_before_a_previous_msgid_is_kept():
    text = 'msgid ""\nmsgstr ""\n\n#~ msgid "o"\n#~ msgstr "p"\n#~| msgid "gone"\n'
    assert len(polib.pofile(text)) == 0  # the defect this reader does not copy
    (entry,) = parse_text(text)
    assert entry.obsolete and (entry.msgid, entry.msgstr) == ("o", "p")


OBSOLETE_WITH_PREVIOUS = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                          '#, fuzzy\n#~| msgctxt "nav"\n#~| msgid ""\n#~| "Launch\\n"\n#~| "window"\n'
                          '#~ msgid "Launch window"\n#~ msgstr "발사 창"\n')


def test_an_obsolete_entry_keeps_its_previous_msgid():
    """GNU gettext keeps "#~|" lines (msgmerge writes them when a fuzzy entry goes obsolete); polib drops them,
    so the next update lost them: `update` twice was not byte-identical."""
    (entry,) = parse_text(OBSOLETE_WITH_PREVIOUS)
    assert entry.obsolete and (entry.previous_msgctxt, entry.previous_msgid) == ("nav", "Launch\nwindow")
    assert catalog_text(parse_text(OBSOLETE_WITH_PREVIOUS)) == OBSOLETE_WITH_PREVIOUS


MENU = 'msgctxt "menu"\nmsgid ""\nmsgstr "파일"\n\n'
HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize("text", [MENU + 'msgid "a"\nmsgstr "b"\n', MENU + HEADER + 'msgid "a"\nmsgstr "b"\n'])
def test_an_empty_msgid_with_a_context_is_a_message_even_without_a_header_before_it(text):
    """msgfmt's header is the empty msgid without a msgctxt.  polib takes a lone one with a context for the header
    (dropping the message); before the real header, so did this reader (which then read the header as a message)."""
    for po in (parse_text(text), _parse_with_polib(text, None, True)):
        assert [(e.msgctxt, e.msgid, e.msgstr) for e in po] == [("menu", "", "파일"), (None, "a", "b")]
        assert po.metadata == ({"Content-Type": "text/plain; charset=UTF-8"} if HEADER in text else {})
    records = parse_translations(text)
    assert [(r.msgctxt, r.msgid) for r in records.records] == [("menu", ""), (None, "a")]
    assert records.metadata == parse_text(text).metadata


SPACED = (HEADER + '# Checked by Min-jun\n#. Button label\n#: page.html:3\n#, fuzzy\n#| msgid "Lift off"\n'
          'msgid "Launch"\nmsgstr "발사"\n\n#~ msgid "Abort"\n#~ msgstr "중단"\n')


def test_a_marker_glued_to_its_text_reads_as_gettext_reads_it():
    """`#Note`, `#:page.html:3`, `#,fuzzy`, `#|msgid`, `#~msgid`: msgfmt and msgcat read them as if spaced (msgcat
    writes them so); polib refuses them, and so did this reader ("syntax error")."""
    glued = re.sub(r"^#([:.,|~]?) ", r"#\1", SPACED, flags=re.M)
    assert glued.count("\n#") == SPACED.count("\n#") and "#,fuzzy" in glued and "#Checked" in glued
    ours, spaced = parse_text(glued), parse_text(SPACED)
    assert [vars(e) for e in ours] == [vars(e) for e in spaced] and ours[0].fuzzy
    assert catalog_text(ours) == SPACED
    assert [r.fuzzy for r in parse_translations(glued).records] == [True]


@pytest.mark.parametrize("text", [
    '#~| msgid "gone"\nmsgid "a"\nmsgstr ""\n',
    '#| msgid "gone"\n#~ msgid "a"\n#~ msgstr "b"\n',
    '#| msgctxt "c"\n#~| msgid "gone"\n#~ msgid "a"\n#~ msgstr "b"\n',
])
def test_a_previous_msgid_of_the_other_kind_is_an_error(text):
    # "inconsistent use of #~", says msgfmt
    with pytest.raises(L10nError, match="partly obsolete"):
        scan(text)


@pytest.mark.parametrize("text", [
    'msgid "a"\nmsgstr "b"\n#| msgid "old"\n"continued"\nmsgid "c"\nmsgstr ""\n',
])
def test_a_bare_string_after_a_comment_is_an_error(text):
    # gettext would continue the msgstr, polib the previous msgid: ambiguous, so refused
    with pytest.raises(L10nError, match="without a keyword"):
        parse_text(text)


def test_duplicates_found_by_hash_are_confirmed_exactly(monkeypatch):
    """The duplicate check keeps hashes, not keys; keys that merely share a hash are no duplicate."""
    import toolkit.catalog.read as read

    monkeypatch.setattr(read, "_key_hash", lambda key: 0)  # every key collides with every other
    text = 'msgid "a"\nmsgstr "x"\n\nmsgctxt "c"\nmsgid "a"\nmsgstr "y"\n\nmsgid "b"\nmsgstr ""\n'
    assert [e.msgid for e in parse_text(text)] == ["a", "a", "b"]
    with pytest.raises(L10nError, match="duplicate definition of \"b\", first defined at line 8") as err:
        parse_text(text + '\nmsgid "b"\nmsgstr "z"\n')
    assert err.value.line == 11


@pytest.mark.parametrize("fields", [
    {},
    {"msgid": "a", "msgstr": "b", "msgctxt": "c", "occurrences": [("p.html", "3")], "comment": "n"},
    {"msgid": "a", "msgid_plural": "as", "msgstr_plural": {0: "x", 1: "y"}, "flags": ["fuzzy"], "obsolete": True,
     "tcomment": "t", "previous_msgid": "o", "previous_msgctxt": "pc", "previous_msgid_plural": "os", "linenum": 7},
])
def test_make_entry_equals_polib_entry(fields):
    from toolkit.catalog.read import make_entry

    made = make_entry(**fields)
    assert vars(made) == vars(polib.POEntry(**fields))
    assert make_entry().flags is not make_entry().flags  # fresh defaults, not shared ones


# --- the fast path (whole entries in GNU's layout, one regular-expression match each) --------

def _outcome(text: str | bytes, **options: object) -> tuple:
    """What the reader makes of `text`: entries, header and records, or the error (message and line)."""
    import toolkit.catalog.read as read

    try:
        records: list = []
        read._Reader(text, "f.po", build=False, sink=records.append)
        reader = read._Reader(text, "f.po", build=True, **options)
    except L10nError as exc:
        return ("error", exc.message, exc.line)
    return ([vars(e) for e in reader.entries], reader.header, reader.odd, records)


def assert_fast_is_slow(text: str) -> None:
    """The reader gives the same with and without its fast path (every option, str and bytes)."""
    from unittest import mock

    import toolkit.catalog.read as read

    cases = [(text, {}), (text, {"comments": False}), (text.encode("utf-8"), {})]
    with mock.patch.object(read, "_FAST_MIN", 0):
        fast = [_outcome(t, **o) for t, o in cases]
        with mock.patch.object(read, "_chunks", functools.partial(read._chunks, chunk=5)):  # bytes read in pieces
            assert _outcome(cases[2][0]) == fast[2]
    with mock.patch.object(read, "_FAST_MIN", float("inf")):
        slow = [_outcome(t, **o) for t, o in cases]
    assert fast == slow


_PIECES = [*lines.elements, "", "", "", '#~ msgid "o2"', '#| msgid "a\\qb"', 'msgid "x\\qy"', 'msgstr "\\0"',
           'msgstr "a\\"b"', '"\\n"', 'msgstr[2] "z"', "#, fuzzy, c-format", "# x ", 'msgid "dup"', "  ", "\r",
           '#: a.html:1\nmsgid "idN"\nmsgstr "s"\n', '#, fuzzy\n#| msgid "old"\nmsgid "idN"\nmsgstr "t"\n"u"\n',
           'msgctxt "c"\nmsgid "idN"\nmsgid_plural "p"\nmsgstr[0] "a"\nmsgstr[1] "b"\n',
           'msgid "idN"\nmsgstr ""\n"x\\ty"\n', 'msgid "dup"\nmsgstr "d"\n',
           'msgid "idN"\nmsgstr "z\0"\n']


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
# An entry's NUL, then a bad escape in the next one: the first error in the file is reported either way.
@example(['#: a.html:1\nmsgid "idN"\nmsgstr "s"\n', 'msgid "idN"\nmsgstr "z\0"\n', 'msgid "x\\qy"'])
def test_the_fast_path_reads_any_text_as_the_line_loop_does(chosen):
    pieces = [piece.replace("idN", f"id{i}") for i, piece in enumerate(chosen)]
    assert_fast_is_slow("\n".join(pieces))
    assert_fast_is_slow("\n".join(pieces) + "\n")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(text, text, st.none() | text, st.lists(names, max_size=3), st.booleans(),
                          st.none() | text, st.none() | text), min_size=1, max_size=8))
def test_the_fast_path_reads_written_catalogues_as_the_line_loop_does(rows):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    for i, (msgid, msgstr, ctx, where, fuzzy, previous, plural) in enumerate(rows):
        e = polib.POEntry(msgid=f"{i} {msgid}", msgstr=msgstr, msgctxt=ctx, flags=["fuzzy"] if fuzzy else [],
                          occurrences=[(n, "1") for n in where], previous_msgid=previous)
        if plural is not None:
            e.msgid_plural, e.msgstr, e.msgstr_plural = plural, "", {0: msgstr, 1: plural}
        po.append(e)
    assert_fast_is_slow(catalog_text(po))


def test_the_fast_path_reads_a_written_catalogue_to_its_end(monkeypatch):
    import toolkit.catalog.read as read

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for i in range(50):
        po.append(polib.POEntry(msgid=f"Sentence {i} " + "word " * (i % 30), msgstr=f"Satz {i}",
                                occurrences=[("page.html", str(i))], flags=["fuzzy"] if i % 7 == 0 else []))
    data = catalog_text(po)
    stops: list[int] = []
    original = read._Reader._fast

    def spy(self, text, m, number, pattern, *rest):
        stopped = original(self, text, m, number, pattern, *rest)
        stops.append(stopped[0] - len(text))
        return stopped

    monkeypatch.setattr(read._Reader, "_fast", spy)
    monkeypatch.setattr(read, "_FAST_MIN", 0)
    assert len(parse_text(data)) == 50
    assert stops == [0]  # one fast run, from the first entry after the header to the end
    assert_fast_is_slow(data)


def assert_records_compile_as_entries(text: str) -> None:
    """The .mo built from records (compile's read) equals the .mo built from polib entries, or both refuse."""
    from toolkit.catalog.mo import line_break_mismatch, mo_bytes, translations_mo_bytes
    from toolkit.catalog.read import parse_translations
    from toolkit.catalog.status import forms, is_usable

    try:
        po = parse_text(text, comments=False)
    except L10nError as exc:
        with pytest.raises(L10nError) as info:
            parse_translations(text)
        assert (info.value.message, info.value.line) == (exc.message, exc.line)
        return
    catalog = parse_translations(text)
    assert catalog.metadata == po.metadata
    for use_fuzzy in (False, True):
        try:
            data = translations_mo_bytes(catalog, use_fuzzy)
        except L10nError as exc:  # what msgfmt refuses: a compiled entry's line break at one end only
            assert "line break" in exc.message
            assert any(is_usable(e, use_fuzzy) and line_break_mismatch(
                e.msgid, e.msgid_plural or None, forms(e)) for e in po)
            continue
        assert data == mo_bytes(po, use_fuzzy)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, 'msgid ""\nmsgstr "Language: ko\\n"\n', "#, fuzzy\n",
                                 'msgid "idN"\nmsgid_plural ""\nmsgstr[0] "a"\n', "#,fuzzy"]), max_size=30))
def test_compile_reads_records_as_the_entries_read(chosen):
    pieces = [piece.replace("idN", f"id{i}") for i, piece in enumerate(chosen)]
    assert_records_compile_as_entries("\n".join(pieces) + "\n")


def test_a_path_with_spaces_is_one_reference_between_isolates():
    """GNU gettext 0.22 writes a `#:` path that holds spaces between U+2068 and U+2069 (Babel reads
    them so too); polib splits it into two paths.  Unpaired isolates are split as polib splits."""
    text = ('#: \u2068source_html/my page.html\u2069:3 b.html:2 \u2068c  d\u2069\n'
            'msgid "a"\nmsgstr ""\n\n#: \u2068x y:1\nmsgid "b"\nmsgstr ""\n')
    first, second = parse_text(text)
    assert first.occurrences == [("source_html/my page.html", "3"), ("b.html", "2"), ("c  d", "")]
    assert second.occurrences == [("\u2068x", ""), ("y", "1")]
    assert [(p, n) for p, n in polib.pofile(text)[0].occurrences][:2] == [("\u2068source_html/my", ""),
                                                                         ("page.html\u2069", "3")]



def test_a_page_path_is_held_once_however_many_entries_it_locates():
    """A site's catalogue has hundreds of entries a page: each location's path (and line number) is one shared
    string, not one per location (reading the 2,500-page site's template and catalogue took 113 MB less)."""
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + "".join(
        f'\n#: section/page.html:{n % 7} other.html:3\nmsgid "Sentence {n}"\nmsgstr ""\n' for n in range(50))
    po = parse_text(text)
    paths = {id(path) for e in po for path, _ in e.occurrences}
    lines = {id(line) for e in po for _, line in e.occurrences}
    assert len(paths) == 2 and len(lines) == 7  # line numbers 0 to 6 (other.html's "3" among them)
    assert po[49].occurrences == [("section/page.html", "0"), ("other.html", "3")]


def test_a_catalogue_read_for_a_merge_leaves_out_only_locations_and_notes():
    """`update` takes locations and notes from the template: reading a catalogue without them (`sources=False`)
    gives every other field as the full read does, on the fast path and on the line-by-line one."""
    text = ('# Header comment\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '# translator note\n#. extracted note\n#: a.html:1 b.html:2\n#, fuzzy\n#| msgid "Old"\nmsgid "New"\n'
            'msgstr "Neu"\n\n#: c.html:3\n#. note after the location\nmsgctxt "menu"\nmsgid "Home"\nmsgstr "Start"\n\n'
            '#: d.html:4\nmsgid "One"\nmsgid_plural "Many"\nmsgstr[0] "Eins"\nmsgstr[1] "Viele"\n\n'
            '#~ msgid "Gone"\n#~ msgstr "Weg"\n')
    full, lean = parse_text(text), parse_text(text, sources=False)

    def fields(e: polib.POEntry) -> tuple:
        return (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.msgstr_plural, e.tcomment, e.flags,
                e.previous_msgid, e.obsolete, e.linenum)

    assert [fields(e) for e in lean] == [fields(e) for e in full] and len(full) == 4
    assert lean.header == full.header == "Header comment" and lean.metadata == full.metadata
    assert all(not e.occurrences and not e.comment for e in lean)
    assert full[0].occurrences == [("a.html", "1"), ("b.html", "2")] and full[1].comment == "note after the location"


@pytest.mark.parametrize("marker", ["<<<<<<< HEAD", "=======", ">>>>>>> feature/ko", "||||||| base"])
def test_a_merge_conflict_is_named_as_one(tmp_path, marker):
    """A catalogue two branches edited: "syntax error: expected a quoted string" at the `<<<<<<<` line left people
    to guess; the error says it is a merge conflict, at its line."""
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', "", 'msgid "a"', 'msgstr "b"',
             marker, 'msgid "c"', 'msgstr "d"']
    path = tmp_path / "messages.po"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(L10nError) as exc:
        read_catalog(path)
    assert exc.value.line == 7 and "unresolved merge conflict" in str(exc.value) and marker.split()[0] in str(exc.value)


@pytest.mark.parametrize("name, fix", [
    ("messages.po", "keep the entries of both sides (of an entry both changed, the one translation you want), remove "
                    "the markers, then run `l10n update`"),
    ("messages.pot", "the template is made from the source pages: run `l10n extract` to write it anew"),
])
def test_a_merge_conflict_or_a_duplicate_says_how_to_resolve_it_in_that_kind_of_file(tmp_path, name, fix):
    """"Keeping one side of each conflict" dropped the entries and translations the other branch added to a
    catalogue; a template is not resolved by hand at all, it is extracted again (a duplicate in it too)."""
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    path = tmp_path / name
    path.write_text(head + 'msgid "a"\n<<<<<<< HEAD\nmsgstr ""\n=======\nmsgstr ""\n>>>>>>> dev\n', "utf-8")
    with pytest.raises(L10nError) as exc:
        read_catalog(path)
    assert str(exc.value).endswith(f"; {fix}")
    path.write_text(head + 'msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n', "utf-8")
    with pytest.raises(L10nError) as exc:
        read_catalog(path)
    assert str(exc.value).endswith("; merge the two entries" if name.endswith(".po") else f"; {fix}")
