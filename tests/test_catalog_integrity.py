"""Nothing is dropped silently: what msgfmt -c rejects is an error in every command; writes read back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from conftest import needs_gettext, write_project

from toolkit.catalog import read_catalog, write_catalog
from toolkit.catalog.read import read_translations
from toolkit.cli import main
from toolkit.config import load_config
from toolkit.errors import L10nError

HEAD = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')  # 5 lines, the body starts at line 6

# name: (body, line our error names, words in our message, msgfmt -c rejects it too)
CASES = {
    "duplicate": ('msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', 9,
                  'duplicate definition of "a", first defined at line 6', True),
    "duplicate with context": ('msgctxt "c"\nmsgid "a"\nmsgstr "x"\n\nmsgctxt "c"\nmsgid "a"\nmsgstr "y"\n', 11,
                               'duplicate definition of "a", first defined at line 7', True),
    "duplicate obsolete": ('msgid "a"\nmsgstr "x"\n\n#~ msgid "a"\n#~ msgstr "y"\n', 9,
                           "duplicate definition", True),
    "msgstr[n] on singular": ('msgid "a"\nmsgstr[0] "x"\n', 7, "msgstr[0] on an entry without msgid_plural", True),
    "plain msgstr on plural": ('msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n', 8, "plain msgstr on an entry with", True),
    "msgid without msgstr": ('msgid "a"\n\nmsgid "b"\nmsgstr "y"\n', 6, 'msgid "a" has no msgstr', True),
    "unknown escape": ('msgid "a"\nmsgstr "x\\qy"\n', 7, "unknown escape sequence \\q", True),
    "bytes not UTF-8": ('msgid "a"\nmsgstr "x\\377"\n', 6, "escape sequences (octal or hex bytes) that are no UTF-8", False),
    "NUL in msgstr": ('msgid "a"\nmsgstr "x\0y"\n', 6, "NUL character in msgstr", False),  # msgfmt truncates
    "NUL in msgid": ('msgid "a\0b"\nmsgstr "x"\n', 6, "NUL character in msgid", False),  # .mo: msgid "a", plural "b"
    "NUL in msgctxt": ('msgctxt "c\0"\nmsgid "a"\nmsgstr "x"\n', 7, "NUL character in msgctxt", False),
    "NUL in msgid_plural": ('msgid "a"\nmsgid_plural "b\0"\nmsgstr[0] "x"\n', 6, "NUL character in msgid_plural", True),
    "unterminated": ('msgid "a"\nmsgstr "x\n', 7, "unterminated or malformed string", True),
}


@pytest.mark.parametrize("name", CASES)
def test_read_rejects_what_msgfmt_rejects(tmp_path, name):
    body, line, words, _msgfmt_rejects = CASES[name]
    path = tmp_path / "messages.po"
    path.write_text(HEAD + body, "utf-8")
    with pytest.raises(L10nError) as info:
        read_catalog(path)
    assert info.value.line == line and words in info.value.message, str(info.value)
    assert str(info.value).startswith(f"{path}:{line}: ")
    with pytest.raises(L10nError):
        read_catalog(path, comments=False)  # the translation-only read (build) checks too



@needs_gettext
@pytest.mark.parametrize("size", [1, 300])  # line by line, and in a catalogue read on the fast path
def test_escapes_gnu_gettext_reads_are_read_as_it_reads_them(tmp_path, size):
    """`msgcat --escape` writes "é" as \\303\\251; octal, hex and \\a are C escapes msgfmt reads, which polib keeps as
    text.  Every command refused such a file; it is read as msgfmt reads it (the .mo is msgfmt's, byte for
    byte), and `update` writes the characters back."""
    filler = "".join(f'msgid "message {i}"\nmsgstr "text {i}"\n\n' for i in range(size))
    body = ('msgid "caf\\303\\251"\nmsgstr "\\x48\\x6fme \\101 \\303\\251t\\303\\251"\n\n'
            'msgid "why"\nmsgstr "ring\\a \\\\101"\n\n'
            'msgid "split"\nmsgstr "caf\\303"\n"\\251"\n\n' + filler)  # a character's bytes in two strings
    path = tmp_path / "messages.po"
    path.write_text(HEAD + body, "utf-8")
    po = read_catalog(path)
    assert po.find("café").msgstr == "Home A été" and po.find("why").msgstr == "ring\a \\101"
    assert po.find("split").msgstr == "café"
    assert read_translations(path).records[0].msgstr == ["Home A été"]
    gnu = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "-c", "-o", str(gnu), str(path)], check=True)
    (tmp_path / "p").mkdir()
    root = write_project(tmp_path / "p", {"a.html": "<p>café</p>"}, ["ko"])
    cfg = load_config(root)
    cfg.po_path("ko").parent.mkdir(parents=True)
    cfg.po_path("ko").write_text(HEAD + body, "utf-8")
    assert main(["compile", "--root", str(root), "-q"]) == 0
    assert cfg.po_path("ko").with_suffix(".mo").read_bytes() == gnu.read_bytes()
    written = tmp_path / "written.po"  # what update and the other writers save: the characters, which msgfmt reads
    write_catalog(po, written)
    assert "\\303" not in written.read_text("utf-8") and read_catalog(written).find("café").msgstr == "Home A été"
    subprocess.run(["msgfmt", "-c", "-o", str(tmp_path / "again.mo"), str(written)], check=True)
    assert (tmp_path / "again.mo").read_bytes() == gnu.read_bytes()


def test_escapes_only_gnu_gettext_reads_are_refused_where_polib_reads_the_file(tmp_path):
    """A file with a line polib reads its own way (`msgid"b"`) is built by polib, which would keep \\101 as four
    characters: the escape is an error there, naming its line, not a translation changed in silence."""
    path = tmp_path / "messages.po"
    path.write_text(HEAD + 'msgid "a"\nmsgstr "x\\101"\n\nmsgid"b"\nmsgstr "y"\n', "utf-8")
    for read in (read_catalog, read_translations):
        with pytest.raises(L10nError) as info:
            read(path)
        assert info.value.line == 7 and "escape sequence (octal, hex or" in info.value.message


@pytest.mark.parametrize("field", ["msgctxt", "msgid", "msgstr"])
def test_a_nul_in_a_large_catalogue_is_found_on_the_fast_path(tmp_path, field):
    """Entries in GNU's layout are read whole (`_Reader._fast`): a NUL there is still an error at its line."""
    char = "\0"
    body = "".join(f'msgid "message {i}"\nmsgstr "text {i}"\n\n' for i in range(300))
    entry = {"msgctxt": f'msgctxt "c{char}"\nmsgid "a"\nmsgstr "x"\n',
             "msgid": f'msgid "a{char}"\nmsgstr "x"\n', "msgstr": f'msgid "a"\nmsgstr "x{char}"\n'}[field]
    path = tmp_path / "messages.po"
    path.write_text(HEAD + body + entry + "\n" + body.replace("message", "other"), "utf-8")
    line = HEAD.count("\n") + body.count("\n") + 1 + (field == "msgctxt")
    for read in (read_catalog, read_translations):
        with pytest.raises(L10nError) as info:
            read(path)
        assert info.value.line == line and f" in {field}; remove it" in info.value.message, str(info.value)


def test_a_line_only_polib_refuses_is_named_at_the_same_line_by_every_reader(tmp_path):
    """Compile and build read without comments; the comment lines they skip do not shift the line named."""
    path = tmp_path / "messages.po"
    path.write_text(HEAD + '#. note\n#: a.html:1\nmsgid "a"\nmsgstr "x"\n\n#: a.html:2\nmsgid"b"\nmsgstr "y"\n', "utf-8")
    for read in (read_catalog, lambda p: read_catalog(p, comments=False), read_translations):
        with pytest.raises(L10nError) as info:
            read(path)
        assert info.value.line == 12 and "cannot parse catalogue" in info.value.message, str(info.value)

@needs_gettext
@pytest.mark.parametrize("name", CASES)
def test_msgfmt_agrees(tmp_path, name):
    body, line, _words, msgfmt_rejects = CASES[name]
    path = tmp_path / "messages.po"
    path.write_text(HEAD + body, "utf-8")
    run = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert (run.returncode != 0) == msgfmt_rejects, run.stderr
    if name.startswith("duplicate") and name != "duplicate obsolete":
        assert f"{path}:{line}: duplicate message definition" in run.stderr


def test_valid_escapes_and_separators_read_back(tmp_path):
    path = tmp_path / "messages.po"
    path.write_text(HEAD + 'msgid "a\\tb\\\\c\\"d"\nmsgstr "x\u2028y\x1cz"\n', "utf-8")
    po = read_catalog(path)
    assert po[0].msgid == 'a\tb\\c"d' and po[0].msgstr == "x\u2028y\x1cz"  # split on "\n" only
    assert write_catalog(po, tmp_path / "out.po") and read_catalog(tmp_path / "out.po")[0].msgstr == "x\u2028y\x1cz"


@pytest.mark.parametrize("command", [["update"], ["compile"], ["stats"], ["check"], ["build"],
                                     ["translate", "--engine", "pseudo"]])
def test_every_command_rejects_a_duplicate_and_writes_nothing(tmp_path, capsys, command):
    root = write_project(tmp_path, {"index.html": "<p>Hello world</p><p>Bye</p>"}, locales=["ko"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    po_path = load_config(root).po_path("ko")
    text = po_path.read_text("utf-8") + '\nmsgid "Hello world"\nmsgstr "안녕"\n'  # as after a git merge
    po_path.write_text(text, "utf-8")
    capsys.readouterr()
    assert main([*command, "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert 'duplicate definition of "Hello world", first defined at line' in err and "Traceback" not in err
    assert po_path.read_text("utf-8") == text and not po_path.with_suffix(".mo").exists()
    assert not (root / "build" / "ko").exists()


def test_a_write_that_would_not_read_back_is_refused_and_the_file_left_alone(tmp_path):
    path = tmp_path / "messages.po"
    path.write_text(HEAD + 'msgid "a"\nmsgstr "x"\n', "utf-8")
    before = path.read_bytes()
    po = read_catalog(path)
    po[0].msgstr_plural = {0: "y", 1: "z"}  # a singular entry with plural forms: gettext cannot read it
    with pytest.raises(L10nError, match="would not read back"):
        write_catalog(po, path)
    assert path.read_bytes() == before
    po = read_catalog(path)
    po[0].msgstr = "bad\0"
    with pytest.raises(L10nError, match="would not read back"):
        write_catalog(po, path)
    assert path.read_bytes() == before


def test_a_streamed_write_that_would_not_read_back_is_refused_naming_the_entry():
    """The template writer compares a digest of the entries; a difference still names the entry."""
    from toolkit.catalog.write import streamed_catalog_bytes

    head = polib.POFile()
    head.metadata = {"Content-Type": "text/plain; charset=UTF-8"}

    def entries(bad: polib.POEntry | None) -> list[polib.POEntry]:
        good = [polib.POEntry(msgid=f"m{i}", msgstr="", occurrences=[("a.html", str(i))]) for i in range(50)]
        return good[:20] + ([bad] if bad else []) + good[20:]

    assert streamed_catalog_bytes(head, lambda: entries(None)) == catalog_bytes_of(head, entries(None))
    flagged = polib.POEntry(msgid="flag", msgstr="", flags=["x,fuzzy"])  # reads back fuzzy, written as not
    with pytest.raises(L10nError, match='refusing to write entry "flag": it would not read back the same'):
        streamed_catalog_bytes(head, lambda: entries(flagged))
    with pytest.raises(L10nError, match=r"would not read back .*NUL character"):
        streamed_catalog_bytes(head, lambda: entries(polib.POEntry(msgid="nul", msgstr="x\0")))


def catalog_bytes_of(head: polib.POFile, entries: list[polib.POEntry]) -> bytes:
    from toolkit.catalog.write import catalog_bytes

    po = polib.POFile()
    po.metadata = head.metadata
    po.extend(entries)
    return catalog_bytes(po)


def test_written_catalogues_read_back_identically(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for i, text in enumerate(["plain", "tab\there", 'quote " and \\ backslash', "line\nbreak", "long " * 40]):
        po.append(polib.POEntry(msgid=f"{i} {text}", msgstr=text, msgctxt="ctx" if i % 2 else None))
    path = Path(tmp_path / "out.po")
    write_catalog(po, path)
    again = read_catalog(path)
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in again] == [(e.msgctxt, e.msgid, e.msgstr) for e in po]


def test_long_multiline_strings_read_in_linear_time(tmp_path):
    """A msgid of 100,000 continuation lines reads fast (continuations used to be joined one by one: quadratic)."""
    import time

    from toolkit.catalog.read import scan

    lines = "".join(f'"line {i} of a very long paragraph "\n' for i in range(100_000))
    text = f'msgid ""\nmsgstr ""\n\nmsgid ""\n{lines}msgstr ""\n'
    started = time.process_time()
    (_header, entry) = scan(text)
    assert time.process_time() - started < 2.0
    assert entry.msgid is not None and entry.msgid.startswith("line 0 of") and entry.msgid.count("line ") == 100_000


@pytest.mark.parametrize("kind", ["# translator line", "#. note line", "#| previous", "# header line"])
def test_many_comment_lines_of_one_entry_read_in_linear_time(tmp_path, kind):
    """128,000 translator comment lines on one entry (or notes, previous msgid lines, header comment lines) took
    10 s to read: each line was joined to the text before it."""
    import time

    lines = 128_000
    if kind == "#| previous":
        comments = '#| msgid ""\n' + "".join(f'#| "prev {i} "\n' for i in range(lines))
    else:
        comments = "".join(f"{kind} {i}\n" for i in range(lines))
    head = comments if kind == "# header line" else ""
    path = tmp_path / "messages.po"
    path.write_text(head + HEAD + (comments if not head else "") + 'msgid "a"\nmsgstr "b"\n', "utf-8")
    started = time.process_time()
    po = read_catalog(path)
    assert time.process_time() - started < 3.0
    entry = po.find("a")
    text = {"# translator line": entry.tcomment, "#. note line": entry.comment, "#| previous": entry.previous_msgid,
            "# header line": po.header}[kind]
    assert text.count("\n") == (0 if kind == "#| previous" else lines - 1) and text.count(str(lines - 1)) == 1


def test_escapes_cost_the_reader_no_memory_each():
    """A msgid of 200,000 escaped quotes (800 KB of catalogue, as a page quoting much text makes) took about 50 MB of
    the regex engine's stack to read, on the fast path and line by line (about 120 bytes an escape; every command
    that read the catalogue peaked near 500 MB for one of a million)."""
    import tracemalloc

    from toolkit.catalog.read import scan

    quoted = '\\"' * 200_000
    entry = f'msgid "{quoted}"\nmsgstr "{quoted}"\n'
    for text in (HEAD + entry + "".join(f'\nmsgid "m{i}"\nmsgstr "t{i}"\n' for i in range(300)),  # the fast path too
                 HEAD + entry):
        tracemalloc.start()
        try:
            records = scan(text)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert records[1].msgid == '"' * 200_000 and peak < 12 * len(text), peak


def test_the_template_read_back_holds_nothing_per_entry():
    """The template's read-back skips the duplicate check (its keys come from a dict, and the digests compare
    every entry): reading 4x the entries costs no more memory, where the check holds about 100 bytes an entry."""
    import tracemalloc

    from toolkit.catalog.read import scan_each

    long = "of the page, long enough for a few thousand entries to fill megabytes " * 8

    def peak(entries: int, unique: bool) -> int:
        data = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + "".join(
            f'#: p{i}.html:{i}\nmsgid "Sentence {i} {long}"\nmsgstr ""\n\n' for i in range(entries))).encode()
        tracemalloc.start()
        try:
            scan_each(data, lambda record: None, None, unique)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak(24_000, True) - peak(6_000, True) < 200_000  # (6,000 entries are several pieces to decode)
    assert peak(24_000, False) - peak(6_000, False) > 80 * 18_000  # what the check holds


def test_a_read_back_without_the_duplicate_check_reads_the_same_records():
    from toolkit.catalog.read import EntryRecord, scan_each

    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; '
            'plural=n != 1;\\n"\n\n#, fuzzy\nmsgctxt "c"\nmsgid "a"\nmsgstr "b"\n\nmsgid "one"\nmsgid_plural "many"\n'
            'msgstr[0] "x"\nmsgstr[1] "y"\n\n#~ msgid "old"\n#~ msgstr "gone"\n\nmsgid "l"\n"ong"\nmsgstr "\\n"\n')
    both: list[list[EntryRecord]] = [[], []]
    for unique, records in zip((False, True), both):
        scan_each(text, records.append, None, unique)
    assert both[0] == both[1] and len(both[0]) == 5
    with pytest.raises(L10nError, match="duplicate definition"):
        scan_each(text + '\nmsgctxt "c"\nmsgid "a"\nmsgstr ""\n', lambda record: None)
