"""MT provenance: the machine-translation comment never claims a reviewed entry is machine output,
and `translate --overwrite-fuzzy` never replaces a person's work (`--force` does, and says so)."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import polib
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_mt import TODAY, entries, libre, make_project, translate
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


def _states(po_path: Path) -> dict[str, tuple]:
    """Each entry's provenance as read back: machine output, reviewed, post-edited (the note's words), engine."""
    from toolkit.catalog import is_machine_output

    out = {}
    for e in polib.pofile(str(po_path)):
        note = mt_note(e)
        if note is not None:
            out[e.msgid] = (is_machine_output(e), note.reviewed, "post-edited" in note.line, note.engine, note.line)
    return out


@pytest.mark.parametrize("rewrap", ["polib 78", "polib 40", "polib 24", "msgcat 40"])
def test_a_note_another_tool_wrapped_reads_the_same_and_update_leaves_it(sample_project, rewrap):
    """polib wraps comment lines at its width (`…, post-edited and` then `reviewed`): `update` read the first line as
    an unreviewed note and appended `, reviewed` to it on every run, leaving a stray `# reviewed` line."""
    import shutil
    import subprocess

    tool, width = rewrap.split()
    if tool == "msgcat" and shutil.which("msgcat") is None:
        pytest.skip("GNU msgcat is not installed")
    po_path = sample_project / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    machine, approved, edited = [e for e in po if e.msgid and e.msgstr][:3]
    engine = "llm test-model"  # (a hyphen: Python's textwrap breaks after it)
    machine.tcomment, machine.flags = mt_comment(engine, "2026-11-01", (machine.msgstr,)), ["fuzzy"]
    approved.tcomment = mt_comment(engine, "2026-11-01", (approved.msgstr,))
    edited.tcomment = "a person's note\n" + mt_comment(engine, "2026-11-01", ("the engine's text",))
    po.save()
    assert main(["update", "--root", str(sample_project), "-l", "ko"]) == 0  # writes `…, post-edited and reviewed`
    before = _states(po_path)
    assert [before[e.msgid][:3] for e in (machine, approved, edited)] == [
        (True, False, False), (False, True, False), (False, True, True)]
    if tool == "polib":
        polib.pofile(str(po_path), wrapwidth=int(width)).save()
    else:
        subprocess.run(["msgcat", f"--width={width}", "-o", str(po_path), str(po_path)], check=True)
    if tool == "polib":  # (the wrap this is about; msgcat leaves comment lines as they are)
        assert f"# {before[edited.msgid][4]}\n" not in po_path.read_text(encoding="utf-8")
    assert _states(po_path) == before
    assert main(["update", "--root", str(sample_project), "-l", "ko"]) == 0
    assert _states(po_path) == before
    once = po_path.read_bytes()
    assert main(["update", "--root", str(sample_project), "-l", "ko"]) == 0
    assert po_path.read_bytes() == once and _states(po_path) == before
    assert polib.pofile(str(po_path)).find(edited.msgid).tcomment.startswith("a person's note\n")


@pytest.mark.parametrize("width", [20, 30, 40, 78])
def test_marking_a_wrapped_note_reviewed_replaces_all_its_lines(width):
    """A note polib wrapped, then approved in Poedit: the reviewed note replaces every line of it, a person's lines
    before and after stay as they are."""
    note = mt_comment("llm test-model", "2026-11-01", ("번역",))
    po = polib.POFile(wrapwidth=width)
    po.append(entry(comment=f"before\n{note}\nafter, reviewed by Anna"))
    wrapped = polib.pofile(po.__unicode__(), wrapwidth=width)[0]
    assert wrapped.tcomment.count("\n") > 2 or width == 78
    assert mark_reviewed(wrapped)
    assert wrapped.tcomment.split("\n")[1] == note + ", reviewed" and mt_note(wrapped).reviewed
    assert wrapped.tcomment.startswith("before\n") and wrapped.tcomment.endswith("Anna")
    assert not mark_reviewed(wrapped)


def test_a_new_engine_note_replaces_all_lines_of_a_wrapped_one(tmp_path):
    """`translate --overwrite-fuzzy` over machine output whose note polib wrapped: the new note replaces all of it."""
    old = mt_comment("llm test-model", "2026-11-01", ("old mt",))
    wrapped = "\n".join(textwrap.wrap(old, 20, break_long_words=False))
    assert wrapped.count("\n") >= 2
    cfg = make_project(tmp_path, msgids=(), extra=[dict(msgid="Hello", msgstr="old mt", flags=["fuzzy"],
                                                        tcomment="keep me\n" + wrapped)])
    with FakeMT() as fake:
        translate(cfg, options=libre(fake), overwrite_fuzzy=True)
    got = entries(cfg)[(None, "Hello")]
    assert got.msgstr == "ko:HELLO"
    assert got.tcomment == "keep me\n" + mt_comment("libre", TODAY, ("ko:HELLO",))


def test_marking_reviewed_keeps_a_persons_line_separators():
    """A person's comment line holding U+2028 (a line separator to Python, not to gettext) came back split in two."""
    e = entry(comment="see\u2028the style guide\n" + MT)
    assert mark_reviewed(e) and e.tcomment == "see\u2028the style guide\n" + MT + ", reviewed"


def test_an_undated_note_does_not_swallow_the_persons_line_after_it():
    """An older note without a date, then a person's line ending in a date: the two were read as one wrapped note,
    the engine's name became "deepl Anna: glossary term …", and marking it reviewed folded Anna's line into it."""
    e = entry(comment="machine translation: deepl\nAnna: glossary term confirmed with client (2024-06-01)")
    assert mt_note(e).engine == "deepl"
    assert mark_reviewed(e)
    assert e.tcomment == ("machine translation: deepl, reviewed\n"
                          "Anna: glossary term confirmed with client (2024-06-01)")
