"""MT provenance: the machine-translation comment never claims a reviewed entry is machine output,
and `translate --overwrite-fuzzy` never replaces a person's work (`--force` does, and says so)."""

from __future__ import annotations

import sys
from pathlib import Path

import polib
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_mt import entries, libre, make_project, translate
from test_mt_fakes import FakeMT

from toolkit.catalog import (
    holds_human_work,
    is_machine_output,
    mark_reviewed,
    mt_comment,
    mt_note,
    needs_reviewed_mark,
    update_catalogs,
)
from toolkit.cli import main
from toolkit.config import load_config

MT = mt_comment("google", "2026-11-01", ("번역",))  # "machine translation: google (2026-11-01, #…)" of 번역


def entry(msgstr="번역", fuzzy=False, comment: str | None = MT, previous: str | None = None) -> polib.POEntry:
    e = polib.POEntry(msgid="Hello", msgstr=msgstr, tcomment=comment or "",
                      flags=["fuzzy"] if fuzzy else [], previous_msgid=previous)
    return e


@pytest.mark.parametrize("comment, engine, date, reviewed", [
    ("machine translation: google (2026-11-01)", "google", "2026-11-01", False),
    ("machine translation: llm gpt-4o (2026-11-01), reviewed", "llm gpt-4o", "2026-11-01", True),
    ("note\nmachine translation: pseudo", "pseudo", None, False),
    ("machine translation: memory 90% (2026-11-27, #0a1b2c3d)", "memory 90%", "2026-11-27", False),
    ("machine translation: libre (2026-11-27, #0a1b2c3d), reviewed", "libre", "2026-11-27", True),
])
def test_mt_note_parses_engine_date_and_review(comment, engine, date, reviewed):
    note = mt_note(entry(comment=comment))
    assert note is not None and (note.engine, note.date, note.reviewed) == (engine, date, reviewed)
    assert note.fingerprint == ("0a1b2c3d" if "#" in comment else None)


def test_status_table():
    """One table for the provenance notions (toolkit/catalog/status.py)."""
    mt_fuzzy = entry(fuzzy=True)
    approved_in_poedit = entry(fuzzy=False)
    approved_marked = entry(comment=MT + ", reviewed")
    update_fuzzy = entry(fuzzy=True, previous="Hallo")
    human_fuzzy = entry(fuzzy=True, comment=None)
    empty_fuzzy = entry(msgstr="", fuzzy=True, comment=None)
    edited_in_poedit = entry(msgstr="고친 번역", fuzzy=True)  # the text changed, the comment and flag stayed
    earlier = entry(fuzzy=True, comment="machine translation: google (2026-11-01)")  # an earlier version's comment
    assert [is_machine_output(e) for e in (mt_fuzzy, approved_in_poedit, update_fuzzy, human_fuzzy, edited_in_poedit,
                                           earlier)] == [True, False, False, False, False, True]
    assert [needs_reviewed_mark(e) for e in (mt_fuzzy, approved_in_poedit, approved_marked)] == [False, True, False]
    assert [holds_human_work(e) for e in (mt_fuzzy, update_fuzzy, human_fuzzy, empty_fuzzy, edited_in_poedit,
                                          earlier)] == [False, True, True, False, True, False]
    assert mark_reviewed(approved_in_poedit) and approved_in_poedit.tcomment == MT + ", reviewed"  # 번역 as written
    assert not mark_reviewed(approved_in_poedit)  # once


def test_update_marks_entries_a_human_unfuzzied(sample_project, capsys):
    po_path = sample_project / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    first, second, third = [e for e in po if e.msgid and e.msgstr][:3]
    first.tcomment = mt_comment("google", "2026-11-01", (first.msgstr,))  # approved in Poedit: fuzzy cleared
    second.tcomment, second.flags = MT, ["fuzzy"]  # still machine output
    third.tcomment = mt_comment("google", "2026-11-01", ("the engine's text",))  # edited, then approved
    po.save()
    assert main(["update", "--root", str(sample_project), "-l", "ko"]) == 0
    assert "2 approved machine translation(s) marked reviewed" in capsys.readouterr().err
    got = {e.msgid: e for e in polib.pofile(str(po_path))}
    assert got[first.msgid].tcomment == first.tcomment + ", reviewed"
    assert got[third.msgid].tcomment == third.tcomment + ", post-edited and reviewed"  # not the engine's text
    assert mt_note(got[third.msgid]).reviewed
    assert got[second.msgid].tcomment == MT and got[second.msgid].fuzzy
    assert all(r.marked_reviewed == 0 for r in update_catalogs(load_config(sample_project)))  # once


def test_translate_marks_entries_a_human_unfuzzied(tmp_path):
    approved = mt_comment("google", "2026-11-01", ("안녕",))
    cfg = make_project(tmp_path, msgids=("Open the door",), extra=[dict(msgid="Hello", msgstr="안녕", tcomment=approved)])
    with FakeMT() as fake:
        report = translate(cfg, options=libre(fake))
    got = entries(cfg)
    assert got[(None, "Hello")].tcomment == approved + ", reviewed" and got[(None, "Hello")].msgstr == "안녕"
    assert report.locales[0].marked_reviewed == 1 and report.locales[0].filled == 1


def human_work_project(tmp_path):
    return make_project(tmp_path, msgids=(), extra=[
        dict(msgid="Hello", msgstr="old mt", flags=["fuzzy"],  # machine output: replaceable
             tcomment=mt_comment("libre", "2026-11-01", ("old mt",))),
        # machine output a person then edited in Poedit (text only: the comment and the flag stay)
        dict(msgid="Edited", msgstr="고친 번역", flags=["fuzzy"], tcomment=mt_comment("libre", "2026-11-01", ("mt",))),
        dict(msgid="Open the door", msgstr="문을 열어", flags=["fuzzy"], previous_msgid="Open a door"),  # update-fuzzy
        dict(msgid="Human", msgstr="사람?", flags=["fuzzy"]),  # a person's draft, no MT comment
    ])


def test_overwrite_fuzzy_never_replaces_human_work(tmp_path):
    cfg = human_work_project(tmp_path)
    with FakeMT() as fake:
        report = translate(cfg, options=libre(fake), overwrite_fuzzy=True)
    got = entries(cfg)
    assert got[(None, "Hello")].msgstr == "ko:HELLO"
    assert got[(None, "Open the door")].msgstr == "문을 열어" and got[(None, "Open the door")].previous_msgid
    assert got[(None, "Human")].msgstr == "사람?"
    assert got[(None, "Edited")].msgstr == "고친 번역" and got[(None, "Edited")].fuzzy
    assert report.locales[0].replaced_human == 0 and report.locales[0].kept_human == 3
    assert "3 fuzzy texts a person wrote or edited kept (--force replaces them)" in report.summary()[0]


def test_force_replaces_human_work_and_says_how_many(tmp_path, capsys):
    cfg = human_work_project(tmp_path)
    with FakeMT() as fake:
        code = main(["translate", "--root", str(tmp_path), "--engine", "libre", "--force",
                     *[a for k, v in libre(fake).items() for a in ("--engine-option", f"{k}={v}")]])
    assert code == 0
    got = entries(cfg)
    assert got[(None, "Human")].msgstr == "ko:HUMAN" and got[(None, "Open the door")].msgstr == "ko:OPEN THE DOOR"
    assert got[(None, "Edited")].msgstr == "ko:EDITED"
    assert "3 fuzzy human translations replaced (--force)" in capsys.readouterr().err
