"""The one definition of each catalogue notion, table-driven, and the one missing-catalogue policy."""

from __future__ import annotations

import polib
import pytest
from conftest import write_project

from toolkit.catalog import (
    MT_COMMENT_PREFIX,
    State,
    is_machine_output,
    is_reviewed,
    is_translated,
    is_usable,
    is_wanted_by_mt,
    state,
)
from toolkit.catalog.status import text_fingerprint
from toolkit.cli import main
from toolkit.config import load_config


def entry(msgstr=None, plural=None, fuzzy=False, obsolete=False, msgid="Hello", comment=""):
    e = polib.POEntry(msgid=msgid, obsolete=obsolete, tcomment=comment, flags=["fuzzy"] if fuzzy else [])
    if plural is not None:
        e.msgid_plural = "Hellos"
        e.msgstr_plural = dict(enumerate(plural))
    else:
        e.msgstr = msgstr or ""
    return e


MT = f"{MT_COMMENT_PREFIX} google (2026-01-01, #{text_fingerprint(['안녕'])})"  # what `translate` writes over 안녕

# name: (entry, translated, reviewed, usable, usable with fuzzy, wanted, wanted overwriting fuzzy, state)
TABLE = {
    "empty": (entry(""), False, False, False, False, True, True, State.UNTRANSLATED),
    "filled": (entry("안녕"), True, True, True, True, False, False, State.TRANSLATED),
    # a fuzzy text without the MT comment is a person's work: --overwrite-fuzzy leaves it (--force replaces it)
    "fuzzy": (entry("안녕", fuzzy=True), False, False, False, True, False, False, State.FUZZY),
    "machine fuzzy": (entry("안녕", fuzzy=True, comment=MT), False, False, False, True, False, True, State.FUZZY),
    "machine approved": (entry("안녕", comment=MT), True, True, True, True, False, False, State.TRANSLATED),
    # machine output a person edited (Poedit keeps the comment and the flag): human work
    "machine edited": (entry("안녕하세요", fuzzy=True, comment=MT), False, False, False, True, False, False, State.FUZZY),
    # counted untranslated, as msgfmt --statistics counts it (GNU's fuzzy is a flag over a translation), and filled
    "empty fuzzy": (entry("", fuzzy=True), False, False, False, False, True, True, State.UNTRANSLATED),
    "obsolete": (entry("안녕", obsolete=True), False, False, False, False, False, False, State.OBSOLETE),
    "header": (entry("x", msgid=""), False, False, False, False, False, False, State.TRANSLATED),
    "plural all": (entry(plural=["개", "개들"]), True, True, True, True, False, False, State.TRANSLATED),
    "plural one empty": (entry(plural=["개", ""]), False, False, False, False, False, False, State.UNTRANSLATED),
    "plural none": (entry(plural=["", ""]), False, False, False, False, True, True, State.UNTRANSLATED),
    "plural fuzzy": (entry(plural=["개", "개들"], fuzzy=True), False, False, False, True, False, False, State.FUZZY),
}


@pytest.mark.parametrize("name", TABLE)
def test_each_notion(name):
    e, translated, reviewed, usable, usable_fuzzy, wanted, wanted_overwrite, expected_state = TABLE[name]
    if name == "header":  # the header is no message: never counted as translated or filled
        assert not is_translated(e) and not is_wanted_by_mt(e) and not is_usable(e, True)
        return
    assert is_translated(e) == translated
    assert is_reviewed(e) == reviewed
    assert is_usable(e) == usable
    assert is_usable(e, include_fuzzy=True) == usable_fuzzy
    assert is_wanted_by_mt(e) == wanted
    assert is_wanted_by_mt(e, overwrite_fuzzy=True) == wanted_overwrite
    assert is_wanted_by_mt(e, overwrite_fuzzy=True, force=True) == (wanted_overwrite or (e.fuzzy and not e.obsolete))
    assert state(e) == expected_state


def test_machine_output_is_fuzzy_with_the_engine_comment():
    assert is_machine_output(TABLE["machine fuzzy"][0])
    assert not is_machine_output(TABLE["machine approved"][0])  # approved: the comment stays, it is reviewed
    assert not is_machine_output(TABLE["fuzzy"][0])  # update's fuzzy match, not machine output
    assert not is_machine_output(TABLE["machine edited"][0])  # a person changed the text the comment records


@pytest.mark.parametrize("command", [
    ["stats"], ["check"], ["update"], ["compile"], ["build"], ["translate", "--engine", "pseudo"],
])
def test_every_command_reports_a_missing_catalogue_the_same_way(tmp_path, capsys, command):
    root = write_project(tmp_path, {"index.html": "<p>Hello world</p>"}, locales=["ko", "ja"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-l", "ko", "-q"]) == 0
    ko = load_config(root).po_path("ko")
    before = ko.read_bytes()
    capsys.readouterr()
    assert main([*command, "--root", str(root)]) == 2
    err = capsys.readouterr().err
    ja = load_config(root).po_path("ja")
    assert f"{ja}: no catalogue for ja; create it with `l10n init -l ja`" in err and "Traceback" not in err
    assert ko.read_bytes() == before and not ko.with_suffix(".mo").exists()  # nothing written first


@pytest.mark.parametrize("command", [["stats"], ["build"], ["translate", "--engine", "pseudo"]])
def test_a_catalogue_path_that_is_no_file_is_not_called_missing(tmp_path, capsys, command):
    """A directory there: the hint was `l10n init -l ja`, which then said "exists; skipped"."""
    root = write_project(tmp_path, {"index.html": "<p>Hello world</p>"}, locales=["ja"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    load_config(root).po_path("ja").mkdir(parents=True)
    capsys.readouterr()
    assert main([*command, "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "messages.po" in err and "no catalogue" not in err
    assert "not a readable file; remove what is there" in err or "a directory stands where a file is needed" in err


def test_the_source_locale_on_l_is_said_to_be_the_source(tmp_path, capsys):
    root = write_project(tmp_path, {"index.html": "<p>Hello world</p>"}, locales=["ja"])
    assert main(["build", "--root", str(root), "-l", "en"]) == 2
    assert "-l en is the source locale" in capsys.readouterr().err
