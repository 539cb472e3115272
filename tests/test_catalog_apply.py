"""The locked merge long writers save through: only their own changes, never over another edit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from conftest import REPO

import toolkit.catalog.apply as apply_module
from toolkit.catalog import EntryChange, EntryText, apply_changes, read_catalog, write_catalog
from toolkit.catalog.read import read_catalog_identity, still_at
from toolkit.errors import L10nError

EMPTY = EntryText(("",), fuzzy=False)


def catalogue(path: Path, n: int) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    for i in range(n):
        po.append(polib.POEntry(msgid=f"Sentence {i}.", msgstr=""))
    write_catalog(po, path)


def fill(text: str) -> EntryChange:
    return EntryChange(EMPTY, EntryText((text,), fuzzy=True), comment="machine translation: test",
                       comment_prefix="machine translation:")


FUZZY_MATCH = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n#, fuzzy\n'
               '#| msgid "Read the user manual"\nmsgid "Read the user guide now"\nmsgstr "Lies das Handbuch"\n')


@pytest.mark.parametrize("new", [EntryText(("Lies jetzt die Anleitung",), fuzzy=False),  # a reviewer's approval
                                 EntryText(("Lies jetzt die Anleitung",), fuzzy=True)])  # new machine output
def test_a_change_to_an_updates_fuzzy_match_drops_its_previous_msgid(tmp_path, new):
    """`#| msgid` says which older source the fuzzy text translated: kept after a reviewer's approval or over new
    machine output, the entry read as a person's unfinished work (`--overwrite-fuzzy` never refreshed it)."""
    path = tmp_path / "messages.po"
    path.write_text(FUZZY_MATCH, encoding="utf-8")
    report = apply_changes(path, {(None, "Read the user guide now"): EntryChange(
        EntryText(("Lies das Handbuch",), fuzzy=True), new,
        comment="machine translation: test" if new.fuzzy else None, comment_prefix="machine translation:")}, width=79)
    assert report.applied
    entry = read_catalog(path)[0]
    assert entry.previous_msgid is None and "#|" not in path.read_text("utf-8")
    assert (entry.msgstr, entry.fuzzy) == ("Lies jetzt die Anleitung", new.fuzzy)


def test_applies_only_where_the_entry_is_as_the_writer_found_it(tmp_path):
    path = tmp_path / "messages.po"
    catalogue(path, 4)
    po = read_catalog(path)
    po[1].msgstr = "사람"  # a person filled it meanwhile
    write_catalog(po, path)
    report = apply_changes(path, {(None, "Sentence 0."): fill("기계 0"), (None, "Sentence 1."): fill("기계 1"),
                                  (None, "Gone."): fill("x")}, width=79)
    assert report.applied == [(None, "Sentence 0.")] and report.changed_meanwhile == [(None, "Sentence 1.")]
    assert report.gone == [(None, "Gone.")] and report.written
    po = read_catalog(path)
    assert (po[0].msgstr, po[0].fuzzy, po[0].tcomment) == ("기계 0", True, "machine translation: test")
    assert (po[1].msgstr, po[1].fuzzy) == ("사람", False)


def test_a_save_retried_after_it_landed_is_no_conflict(tmp_path):
    """The review server stopped (a second Ctrl+C) after writing a reviewer's text but before answering: the
    reviewer saved again from the text they had seen, and was told the entry had changed, to their own text."""
    path = tmp_path / "messages.po"
    catalogue(path, 2)
    save = EntryChange(EMPTY, EntryText(("사람의 번역",), fuzzy=False))
    assert apply_changes(path, {(None, "Sentence 0."): save}, width=79).applied == [(None, "Sentence 0.")]
    again = apply_changes(path, {(None, "Sentence 0."): save}, width=79)
    assert again.applied == [(None, "Sentence 0.")] and again.changed_meanwhile == []
    assert read_catalog(path)[0].msgstr == "사람의 번역"
    # someone else's text is still a conflict
    other = EntryChange(EMPTY, EntryText(("다른 번역",), fuzzy=False))
    assert apply_changes(path, {(None, "Sentence 0."): other}, width=79).changed_meanwhile == [(None, "Sentence 0.")]


def test_a_save_while_our_copy_is_synced_is_merged_again_not_overwritten(tmp_path, monkeypatch):
    """Writing and syncing the temp copy takes milliseconds on a busy disk: the file is checked after it,
    just before the rename, so an editor's save in that time is merged, not renamed over."""
    import toolkit.fsutil

    path = tmp_path / "messages.po"
    catalogue(path, 3)
    real_fsync = os.fsync
    saves = []

    def editor_saves_during_sync(fd: int) -> None:
        real_fsync(fd)
        if not saves and path.exists():
            other = read_catalog(path)
            other[2].msgstr = "사람"
            data = other.__unicode__().encode()  # polib's own writer: another program, no lock
            tmp = path.with_suffix(".editor")
            tmp.write_bytes(data)
            os.replace(tmp, path)
            saves.append(1)

    monkeypatch.setattr(toolkit.fsutil.os, "fsync", editor_saves_during_sync)
    report = apply_changes(path, {(None, "Sentence 0."): fill("기계 0")}, width=79)
    assert saves and report.written and report.attempts == 2
    po = read_catalog(path)
    assert (po[0].msgstr, po[2].msgstr) == ("기계 0", "사람")


def test_a_rewrite_during_the_merge_is_merged_again_not_reverted(tmp_path, monkeypatch):
    path = tmp_path / "messages.po"
    catalogue(path, 3)
    real = apply_module.catalog_bytes
    calls = []

    def rewrite_meanwhile(po, where=None, width=79):
        data = real(po, where, width)
        if not calls:  # another program saves the whole file (no lock) while we format
            other = read_catalog(path)
            other[2].msgstr = "사람"
            write_catalog(other, path)
        calls.append(1)
        return data

    monkeypatch.setattr(apply_module, "catalog_bytes", rewrite_meanwhile)
    report = apply_changes(path, {(None, "Sentence 0."): fill("기계")}, width=79)
    assert report.attempts == 2 and report.applied == [(None, "Sentence 0.")]
    assert [e.msgstr for e in read_catalog(path)] == ["기계", "", "사람"]


@pytest.mark.parametrize("reader", ["apply", "read_catalog", "read_translations", "read_catalog_identity"])
@pytest.mark.parametrize("caught_at", ["truncated", "halfway"])
def test_an_editors_in_place_save_caught_midway_is_read_again_when_done(tmp_path, monkeypatch, caught_at, reader):
    """An editor that saves in place truncates the file, then writes it: read in between, the catalogue looked
    empty (every machine translation dropped as gone) or cut mid-entry (a syntax error that stopped the run).
    Every reader (translate's apply, check through read_catalog, update, compile) waits for the rest."""
    import types

    import toolkit.catalog.read as read_module
    from toolkit.catalog.read import read_translations

    path = tmp_path / "messages.po"
    catalogue(path, 3)
    whole = path.read_bytes()
    cut = whole.index(b'msgid "Sentence 1."') + len(b'msgid "Sen')
    path.write_bytes(b"" if caught_at == "truncated" else whole[:cut])
    waited = []

    def editor_finishes(seconds: float) -> None:  # the moment the reader waits, the editor's write completes
        waited.append(seconds)
        with open(path, "r+b") as fh:  # in place, as such editors write: same inode
            fh.write(whole)
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))

    monkeypatch.setattr(read_module, "time", types.SimpleNamespace(sleep=editor_finishes))
    if reader == "apply":
        report = apply_changes(path, {(None, "Sentence 0."): fill("기계")}, width=79)
        assert report.applied == [(None, "Sentence 0.")] and report.written and waited
        assert [e.msgstr for e in read_catalog(path)] == ["기계", "", ""]
    elif reader == "read_catalog":
        assert [e.msgid for e in read_catalog(path)] == ["Sentence 0.", "Sentence 1.", "Sentence 2."] and waited
    elif reader == "read_translations":
        assert len(read_translations(path).records) == 3 and waited
    else:
        identity, po = read_catalog_identity(path, sources=False)
        assert [e.msgid for e in po] == ["Sentence 0.", "Sentence 1.", "Sentence 2."] and waited
        assert still_at(path, identity)


def test_a_half_written_file_that_stays_so_is_still_an_error(tmp_path):
    path = tmp_path / "messages.po"
    catalogue(path, 3)
    whole = path.read_bytes()
    path.write_bytes(whole[:whole.index(b'msgid "Sentence 1."') + len(b'msgid "Sen')])
    with pytest.raises(L10nError, match="syntax error"):
        read_catalog(path)
    with pytest.raises(L10nError, match="syntax error"):
        read_catalog_identity(path)


def test_nothing_to_apply_writes_nothing(tmp_path):
    path = tmp_path / "messages.po"
    catalogue(path, 1)
    po = read_catalog(path)
    po[0].msgstr = "사람"
    write_catalog(po, path)
    mtime = path.stat().st_mtime_ns
    report = apply_changes(path, {(None, "Sentence 0."): fill("기계")}, width=79)
    assert not report.written and report.changed_meanwhile and path.stat().st_mtime_ns == mtime


EDITOR = """
import sys, os, time, polib
path, rounds = sys.argv[1], int(sys.argv[2])
for r in range(rounds):
    po = polib.pofile(open(path, encoding="utf-8").read())  # whole-file rewrite, no lock, like Poedit
    for i, e in enumerate(po):
        if i % 50 == r:
            e.msgstr = f"HUMAN {r} {i}"
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
    tmp = path + ".editor"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(str(po))
    os.replace(tmp, path)
    print(r, flush=True)
    time.sleep(0.05)
"""


def test_concurrent_whole_file_rewrites_survive_translate(tmp_path):
    """Another program rewrites the catalogue (no lock) while `l10n translate` runs: every edit survives."""
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["ko"]\n', encoding="utf-8")
    path = tmp_path / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    n, rounds = 5000, 6
    catalogue(path, n)
    start_identity = os.stat(path).st_mtime_ns
    translate = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "translate", "--root", str(tmp_path), "--engine", "pseudo",
         "--engine-option", "save_seconds=0.05", "--engine-option", "save_every=1"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while os.stat(path).st_mtime_ns == start_identity and translate.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # wait for translate's first save: the run is under way
    during = translate.poll() is None
    editor = subprocess.run([sys.executable, "-c", EDITOR, str(path), str(rounds)], capture_output=True, text=True)
    assert editor.returncode == 0, editor.stderr
    _out, err = translate.communicate(timeout=120)
    assert translate.returncode == 0, err
    po = read_catalog(path)
    human = {e.msgid for e in po if e.msgstr.startswith("HUMAN")}
    # every entry the editor wrote in its last round that touched it still has that text, reviewed
    for i, e in enumerate(po):
        if i % 50 < rounds:
            assert e.msgstr == f"HUMAN {i % 50} {i}" and not e.fuzzy, (i, e.msgstr)
    assert len(human) == sum(1 for i in range(n) if i % 50 < rounds)
    assert during or pytest.skip("translate finished before the editor started; machine too fast to race")
