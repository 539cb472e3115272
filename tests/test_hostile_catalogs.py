"""Catalogues as editors and merges leave them: conflict markers, BOM, CRLF, a fuzzy header, a lying charset.

Every failure is one line naming the file and line, exit 2, nothing written; accepted input keeps every
translation; a header declaring another charset than the file's UTF-8 is refused rather than compiled
to mojibake (GNU msgfmt trusts the header silently).
"""

from __future__ import annotations

import gettext
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from review_support import copy_sample, entry, po_path

from toolkit.catalog.mo import mo_bytes
from toolkit.catalog.read import parse_text, read_catalog
from toolkit.catalog.write import catalog_bytes, catalog_text
from toolkit.cli import main


@pytest.fixture
def site(tmp_path):
    return copy_sample(tmp_path / "site")


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args, "-l", "ko"])


def every_command_refuses(site: Path, capsys, message: str) -> None:
    """Each command that reads the catalogue stops with exit 2 and one line holding `message`; the file is untouched."""
    po = po_path(site)
    before = po.read_bytes()
    for command in (["stats"], ["update"], ["check"], ["compile"], ["translate", "--engine", "pseudo"],
                    ["xliff", "export"], ["build"]):
        capsys.readouterr()
        assert run(site, *command) == 2, command
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err and "Traceback" not in err, (command, err)
    assert po.read_bytes() == before


def test_git_conflict_markers_are_one_line_at_the_marker_for_every_command(site, capsys):
    po = po_path(site)
    text = po.read_text(encoding="utf-8")
    at = text.index('msgid "Services"')
    line = text[:at].count("\n") + 1
    po.write_text(text[:at] + "<<<<<<< HEAD\n" + text[at:] , encoding="utf-8")
    every_command_refuses(site, capsys, f"messages.po:{line}:")


def test_a_template_in_conflict_is_written_anew_by_extract_as_the_error_says(site, capsys):
    """Two branches' extracts leave the template in conflict (their dates at least); the error said to keep one side
    of each conflict by hand, which can drop a branch's messages. It says to run `l10n extract`, which works."""
    pot = site / "locales" / "messages.pot"
    text = pot.read_text("utf-8")
    date = next(line for line in text.splitlines() if line.startswith('"POT-Creation-Date:'))
    pot.write_text(text.replace(date, f"<<<<<<< HEAD\n{date}\n=======\n{date.replace('20', '19', 1)}\n>>>>>>> dev"),
                   "utf-8")
    capsys.readouterr()
    assert run(site, "update") == 2
    err = capsys.readouterr().err.rstrip()
    assert "messages.pot:" in err and err.endswith("run `l10n extract` to write it anew")
    assert main(["--root", str(site), "extract", "-q"]) == 0
    undated = [line for line in pot.read_text("utf-8").splitlines() if not line.startswith('"POT-Creation-Date:')]
    assert undated == [line for line in text.splitlines() if line != date]  # the same messages, dated anew
    assert run(site, "update", "-q") == 0 and entry(site, "Services").msgstr == "서비스"


def test_classic_mac_line_breaks_are_refused_not_buried_in_a_header_comment(site, capsys):
    """Bare CR line ends: read by LF the file is one comment line, every translation gone from view, and update
    wrote a new header and empty entries after that comment. Now every command refuses it, naming line 1."""
    po = po_path(site)
    po.write_bytes(po.read_bytes().replace(b"\n", b"\r"))
    before = po.read_bytes()
    every_command_refuses(site, capsys, "messages.po:1: lines end in a bare CR")
    po.write_bytes(before.replace(b"\r", b"\n").replace(b'msgid "Services"', b'# a CR\r inside\nmsgid "Services"'))
    assert run(site, "stats", "-q") == 0  # a stray CR in an LF file is read as gettext reads it


@pytest.mark.parametrize("mangle", [
    pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
    pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
    pytest.param(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"), id="bom+crlf"),
])
def test_windows_editors_bom_and_crlf_keep_every_translation(site, mangle):
    """A BOM (which GNU msgfmt refuses) is normalised away; CR LF alone, as git's `core.autocrlf` checks a file out on
    Windows, is the same catalogue and left as it is (rewritten, every Windows checkout was out of date)."""
    po = po_path(site)
    original = po.read_bytes()
    po.write_bytes(mangle(original))
    assert run(site, "update", "-q") == 0
    assert po.read_bytes() == (mangle(original) if mangle(b"") == b"" else original)  # nothing lost
    assert entry(site, "Services").msgstr == "서비스"


def test_a_headerless_catalogue_gets_a_header_and_keeps_its_entries(site):
    po = po_path(site)
    text = po.read_text(encoding="utf-8")
    body = text[text.index("\n\n") + 2:]
    po.write_text(body, encoding="utf-8")
    assert run(site, "update", "-q") == 0
    after = po.read_text(encoding="utf-8")
    assert after.startswith("msgid \"\"") or "\nmsgid \"\"\n" in after.split("\n\n")[0] + "\n"
    assert entry(site, "Services").msgstr == "서비스"


def test_header_comments_after_a_fuzzy_flag_survive_update(site):
    po = po_path(site)
    text = po.read_text(encoding="utf-8")
    assert text.startswith("# Korean translations")
    head, rest = text.split("msgid \"\"\n", 1)
    po.write_text("# before the flag\n#, fuzzy\n" + head + "msgid \"\"\n" + rest, encoding="utf-8")
    assert run(site, "update", "-q") == 0
    after = po.read_text(encoding="utf-8")
    # GNU gettext's order: every comment line first, then the flags line; no text lost
    assert after.startswith("# before the flag\n" + head + "#, fuzzy\nmsgid \"\"\n")
    assert subprocess.run(["msgcat", str(po)], capture_output=True, check=True).stdout == after.encode()
    assert entry(site, "Services").msgstr == "서비스"


COMMANDS = (["stats"], ["update"], ["check"], ["compile"], ["translate", "--engine", "pseudo"], ["xliff", "export"],
            ["build"])


def test_a_charset_header_that_lies_is_one_line_for_every_command_not_mojibake(site, capsys):
    po = po_path(site)
    text = po.read_text(encoding="utf-8")
    line = text[:text.index('"Content-Type:')].count("\n") + 1
    po.write_text(text.replace("charset=UTF-8", "charset=ISO-8859-1"), encoding="utf-8")
    before = po.read_bytes()
    for command in COMMANDS:
        capsys.readouterr()
        assert run(site, *command) == 2, command
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"messages.po:{line}:" in err and "charset=ISO-8859-1" in err, (command, err)
    assert po.read_bytes() == before
    assert not po.with_suffix(".mo").exists()


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_an_empty_catalogue_is_one_line_for_every_command_not_an_untranslated_site(site, capsys, content):
    """What a program stopped while writing leaves: read as a new catalogue, every command went on (exit 0), the
    build published the locale untranslated and update filled it with empty entries."""
    po = po_path(site)
    po.write_bytes(content)
    for command in COMMANDS:
        capsys.readouterr()
        assert run(site, *command) == 2, command
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "messages.po: empty file" in err and "restore it" in err, (command, err)
    assert po.read_bytes() == content
    assert not po.with_suffix(".mo").exists()


@pytest.mark.parametrize("header", [
    "",  # entries only, as a hand-written file or another tool's may be
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n',  # the charset only
])
def test_update_gives_a_catalogue_without_a_header_the_one_msgfmt_needs(site, header):
    """update kept it without charset, language or plural forms: msgmerge and msgcat then refused the file, and
    gettext could not read the .mo's non-ASCII text."""
    po = po_path(site)
    po.write_text(header + 'msgid "Services"\nmsgstr "서비스"\n', encoding="utf-8")
    assert run(site, "update", "-q") == 0
    written = read_catalog(po)
    assert {k: written.metadata[k] for k in ("Language", "Content-Type", "Plural-Forms")} == {
        "Language": "ko", "Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
    assert entry(site, "Services").msgstr == "서비스"
    before = po.read_bytes()
    assert run(site, "update", "-q") == 0 and po.read_bytes() == before  # once
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], check=True)
    assert run(site, "compile") == 0
    with po.with_suffix(".mo").open("rb") as fh:
        assert gettext.GNUTranslations(fh).gettext("Services") == "서비스"


def test_a_charset_header_telling_the_truth_compiles(site):
    po = po_path(site)
    po.write_text(po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=utf8"), encoding="utf-8")
    assert run(site, "compile") == 0
    with po.with_suffix(".mo").open("rb") as fh:
        assert gettext.GNUTranslations(fh).gettext("Services") == "서비스"


def test_an_ascii_catalogue_declaring_latin1_says_utf8_once_it_gets_non_ascii_text():
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n"Language: ko\\n"\n\n'
            'msgid "Services"\nmsgstr ""\n')
    po = parse_text(text)  # ASCII reads the same in either charset: accepted
    po[0].msgstr = "서비스"
    written = catalog_text(po)
    assert "charset=UTF-8" in written and "ISO-8859-1" not in written
    assert parse_text(written)[0].msgstr == "서비스"


def test_a_catalogue_saying_charset_CHARSET_compiles_to_a_mo_gettext_loads_and_is_saved_saying_utf8(site):
    """xgettext's and msginit's unfilled placeholder: the .mo kept it (Python's gettext: "unknown encoding:
    CHARSET"), and update wrote it back.  The text is read as UTF-8; the .mo and every save say so."""
    po = po_path(site)
    utf8 = po.read_bytes()
    po.write_bytes(utf8.replace(b"charset=UTF-8", b"charset=CHARSET"))
    assert run(site, "compile") == 0
    mo = po.with_suffix(".mo")
    with mo.open("rb") as fh:
        translations = gettext.GNUTranslations(fh)
    assert translations.gettext("Services") == "서비스"
    assert translations.info()["content-type"] == "text/plain; charset=UTF-8"
    if shutil.which("msgfmt"):  # the bytes msgfmt writes for the catalogue saying UTF-8
        reference = po.with_name("reference.po")
        reference.write_bytes(utf8)
        subprocess.run(["msgfmt", "-o", str(reference.with_suffix(".mo")), str(reference)], check=True)
        assert mo.read_bytes() == reference.with_suffix(".mo").read_bytes()
    assert run(site, "update", "-q") == 0
    assert po.read_bytes() == utf8


@pytest.mark.parametrize("written", ["charset=CHARSET", "charset = CHARSET"])
def test_every_write_of_a_catalogue_saying_charset_CHARSET_declares_utf8(written):
    """(`charset = UTF-8`, spaces kept, made a .mo Python's gettext cannot load: it splits at "charset=".)"""
    text = (f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; {written}\\n"\n"Language: ko\\n"\n\n'
            'msgid "Services"\nmsgstr "서비스"\n')
    po = parse_text(text)  # read as UTF-8, as before
    assert po[0].msgstr == "서비스"
    mo = mo_bytes(po)
    assert b"charset=UTF-8\n" in mo
    assert gettext.GNUTranslations(io.BytesIO(mo)).gettext("Services") == "서비스"
    expected = text.replace(written, "charset=UTF-8")
    assert catalog_text(po) == expected
    assert catalog_bytes(parse_text(text)) == expected.encode("utf-8")


def test_the_mo_of_an_ascii_catalogue_declaring_latin1_keeps_its_header_as_msgfmt_does():
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n"Language: ko\\n"\n\n'
            'msgid "Services"\nmsgstr "Dienste"\n')
    assert b"charset=ISO-8859-1\n" in mo_bytes(parse_text(text))
