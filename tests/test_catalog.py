"""Catalogue lifecycle: init, update (merge), compile, stats; GNU gettext as the reference."""

from __future__ import annotations

import dataclasses
import gettext
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural
from conftest import needs_gettext

from toolkit.catalog import (
    catalog_bytes,
    catalog_stats,
    compile_catalogs,
    merge_catalogs,
    mo_bytes,
    new_catalog,
    read_catalog,
    update_catalogs,
    word_count,
    write_catalog,
)
from toolkit.cli import main
from toolkit.config import load_config
from toolkit.errors import L10nError
from toolkit.fsutil import locked

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: test 1.0\\n"
"POT-Creation-Date: {created}\\n"
"PO-Revision-Date: 2024-01-02 10:00+0000\\n"
"Last-Translator: Kim <kim@example.org>\\n"
"Language-Team: 한국어\\n"
"Language: ko\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""


def po_text(body: str, created: str = "2024-01-01 00:00+0000") -> str:
    return HEADER.format(created=created) + "\n" + textwrap.dedent(body)


def parse(text: str) -> polib.POFile:
    return polib.pofile(text)


def msgfmt_check(path: Path) -> None:
    run = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def states(po: polib.POFile) -> dict:
    """(msgctxt, msgid) -> (state, msgstr, previous msgctxt/msgid) for comparing two merges."""
    out = {}
    for e in po:
        state = "obsolete" if e.obsolete else "fuzzy" if e.fuzzy else "translated" if e.msgstr else "untranslated"
        previous = (e.previous_msgctxt, e.previous_msgid) if e.fuzzy and not e.obsolete else None
        out[(e.msgctxt, e.msgid)] = (state, e.msgstr, previous)
    return out


# A catalogue and a newer template exercising every merge rule.
OLD = po_text("""\
    # translator: keep it short
    #. old note
    #: old.html:1
    #, python-format
    msgid "Welcome to ESA"
    msgstr "ESA에 오신 것을 환영합니다"

    #: a.html:2
    msgid "The European Space Agency launched the satellite in 2004."
    msgstr "유럽 우주국은 2004년에 위성을 발사했다."

    #: a.html:3
    msgid "A sentence the site no longer has at all."
    msgstr "사이트에 더 이상 없는 문장."

    #: a.html:4
    msgid "Nobody translated this one"
    msgstr ""

    #, fuzzy
    #| msgid "Original source text of the caption"
    msgid "Changed source text of the caption"
    msgstr "캡션의 원래 번역"

    msgctxt "nav"
    msgid "Launchers"
    msgstr "발사체"

    #: b.html:1
    msgid "Launch of the Ariane satellite in 2005"
    msgstr "2005년 아리안 위성 발사"

    #: b.html:2
    msgid "Launch of Ariane satellites in 2004"
    msgstr "2004년 아리안 위성들 발사"

    #: c.html:1
    #, fuzzy
    msgid "Mission control is in Darmstadt"
    msgstr "관제 센터는 다름슈타트에 있다"

    #~ msgid "Coming back from the archive"
    #~ msgstr "보관소에서 돌아온 문장"

    #~ msgid "An obsolete sentence about rockets"
    #~ msgstr "로켓에 관한 폐기된 문장"
    """)

TEMPLATE = po_text("""\
    #. new note
    #: index.html:10
    msgid "Welcome to ESA"
    msgstr ""

    #: index.html:11
    msgid "Welcome to ESA!"
    msgstr ""

    #: a.html:2
    msgid "The European Space Agency launched the satellite in 2005."
    msgstr ""

    #: a.html:5
    msgid "Coming back from the archive"
    msgstr ""

    #: a.html:6
    msgid "Changed source text of the caption, again"
    msgstr ""

    #: a.html:4
    msgid "Nobody translated this one"
    msgstr ""

    msgctxt "footer"
    msgid "Launchers"
    msgstr ""

    #: b.html:1
    msgid "Launch of the Ariane satellite in 2005"
    msgstr ""

    #: b.html:2
    msgid "Launch of the Ariane satellite in 2006"
    msgstr ""

    #: c.html:1
    msgid "Mission control is in Darmstadt"
    msgstr ""

    #: c.html:2
    msgid "Mission control is in Darmstadt, Germany"
    msgstr ""

    #: d.html:1
    msgid "An obsolete sentence about rockets!"
    msgstr ""

    #: e.html:1
    msgid "Completely new text with no relative"
    msgstr ""
    """, created="2024-03-01 12:00+0000")



def with_template_and_ko(root, ko: str = OLD):
    """The project's config, with TEMPLATE as its .pot and `ko` as its Korean catalogue."""
    cfg = load_config(root)
    cfg.pot_path.parent.mkdir(parents=True)
    cfg.pot_path.write_text(TEMPLATE, "utf-8")
    po_path = cfg.po_path("ko")
    po_path.parent.mkdir(parents=True)
    po_path.write_text(ko, "utf-8")
    return cfg, po_path

def test_merge_keeps_fuzzies_obsoletes_and_revives():
    merged, stats = merge_catalogs(parse(TEMPLATE), parse(OLD))
    got = {(e.msgctxt, e.msgid): e for e in merged}

    welcome = got[(None, "Welcome to ESA")]
    assert welcome.msgstr == "ESA에 오신 것을 환영합니다" and not welcome.fuzzy
    assert welcome.tcomment == "translator: keep it short"  # translator comments are kept
    assert welcome.comment == "new note" and welcome.occurrences == [("index.html", "10")]
    assert welcome.flags == []  # flags come from the template

    edited = got[(None, "The European Space Agency launched the satellite in 2005.")]
    assert edited.fuzzy and edited.msgstr == "유럽 우주국은 2004년에 위성을 발사했다."
    assert edited.previous_msgid == "The European Space Agency launched the satellite in 2004."

    context = got[("footer", "Launchers")]
    assert context.fuzzy and (context.previous_msgctxt, context.previous_msgid) == ("nav", "Launchers")

    again = got[(None, "Changed source text of the caption, again")]  # the translation is for the original
    assert again.previous_msgid == "Original source text of the caption"

    revived = got[(None, "Coming back from the archive")]
    assert not revived.obsolete and not revived.fuzzy and revived.msgstr == "보관소에서 돌아온 문장"
    from_obsolete = got[(None, "An obsolete sentence about rockets!")]
    assert from_obsolete.fuzzy and from_obsolete.msgstr == "로켓에 관한 폐기된 문장"

    gone = got[(None, "A sentence the site no longer has at all.")]
    assert gone.obsolete and gone.msgstr == "사이트에 더 이상 없는 문장." and not gone.occurrences
    assert (None, "Nobody translated this one") in got and not got[(None, "Nobody translated this one")].obsolete
    assert not got[(None, "Completely new text with no relative")].msgstr

    assert [e.msgid for e in merged if not e.obsolete] == [e.msgid for e in parse(TEMPLATE)]  # template order
    assert len({(e.msgctxt, e.msgid) for e in merged}) == len(merged)  # no duplicate definitions
    assert merged.metadata["POT-Creation-Date"] == "2024-03-01 12:00+0000"
    assert merged.metadata["PO-Revision-Date"] == "2024-01-02 10:00+0000"
    assert merged.metadata["Last-Translator"] == "Kim <kim@example.org>"
    assert stats.revived == 1 and stats.obsolete == 1


def test_merge_into_the_templates_own_entries_gives_the_same_catalogue_every_time():
    """update merges into the template's entries (a site-sized template is hundreds of MB of them): the result is
    the copying merge's, the entries are the template's, and merging the reused template again (the next locale,
    a retry after an editor's save) is as merging a fresh one."""
    expected = catalog_bytes(merge_catalogs(parse(TEMPLATE), parse(OLD))[0])
    other = OLD.replace("ESA에 오신 것을 환영합니다", "ESA 환영")
    template = parse(TEMPLATE)
    merged, _ = merge_catalogs(template, parse(OLD), reuse_template=True)
    assert catalog_bytes(merged) == expected
    assert merged.find("Welcome to ESA") is template.find("Welcome to ESA")
    fuzzy = po_text("""\
        #, fuzzy
        #| msgid "Welcome"
        msgid "Welcome to ESA"
        msgstr "환영"
        """)
    for catalogue in (other, fuzzy, po_text(""), OLD):  # po_text(""): a catalogue without entries
        merged, _ = merge_catalogs(template, parse(catalogue), reuse_template=True)
        assert catalog_bytes(merged) == catalog_bytes(merge_catalogs(parse(TEMPLATE), parse(catalogue))[0])


HEADER_JA = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'


def test_an_obsolete_entry_keeps_its_translator_comment_and_brings_it_back():
    """A translator's note on a sentence that left the template was dropped, and missing when the sentence came
    back."""
    old = parse(HEADER_JA + '# translator: keep the brand name\nmsgid "Old sentence about rockets"\nmsgstr "ロケット"\n')
    gone, _ = merge_catalogs(parse(HEADER_JA), old)
    assert [(e.obsolete, e.tcomment) for e in gone if e.msgid] == [(True, "translator: keep the brand name")]
    back, _ = merge_catalogs(parse(HEADER_JA + 'msgid "Old sentence about rockets"\nmsgstr ""\n'), gone)
    assert [(e.obsolete, e.msgstr, e.tcomment) for e in back if e.msgid] == \
        [(False, "ロケット", "translator: keep the brand name")]


@pytest.mark.parametrize(("old", "new"), [
    ('msgid "one file"\nmsgstr "1ファイル"\n', 'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] ""\n'),
    ('msgid "apple"\nmsgid_plural "apples"\nmsgstr[0] "りんご"\n', 'msgid "apple"\nmsgstr ""\n'),
])
def test_a_message_that_becomes_plural_or_singular_is_fuzzy_with_its_previous_msgid(old, new):
    """With one plural form (ja, ko, zh) the carried text fills the entry: not marked fuzzy, it was compiled and
    built unreviewed."""
    merged, _ = merge_catalogs(parse(HEADER_JA + new), parse(HEADER_JA + old))
    entry = next(e for e in merged if e.msgid and not e.obsolete)
    assert entry.fuzzy and entry.previous_msgid == entry.msgid
    assert (entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr) in ("1ファイル", "りんご")


def test_a_fuzzy_match_needs_msgmerge_s_similarity():
    """msgmerge's threshold (0.6 of its fstrcmp): below it a changed sentence is no match (noise for the
    translator), above it one is."""
    old = parse(HEADER_JA + 'msgid "Download the latest release"\nmsgstr "最新版をダウンロード"\n')
    far, _ = merge_catalogs(parse(HEADER_JA + 'msgid "Download all old builds here"\nmsgstr ""\n'), old)
    assert [e.msgstr for e in far if e.msgid and not e.obsolete] == [""]  # ratio 54.5
    near, _ = merge_catalogs(parse(HEADER_JA + 'msgid "Load all the latest builds"\nmsgstr ""\n'), old)  # 64.2
    assert [(e.msgstr, e.fuzzy) for e in near if e.msgid and not e.obsolete] == [("最新版をダウンロード", True)]


def test_merge_without_fuzzy_matching_obsoletes_instead():
    merged, stats = merge_catalogs(parse(TEMPLATE), parse(OLD), fuzzy_matching=False)
    got = {(e.msgctxt, e.msgid): e for e in merged}
    assert not got[(None, "The European Space Agency launched the satellite in 2005.")].msgstr
    assert got[(None, "The European Space Agency launched the satellite in 2004.")].obsolete
    assert stats.matched == 0
    assert got[(None, "Coming back from the archive")].msgstr  # exact revival still happens


@needs_gettext
def test_merge_agrees_with_msgmerge_previous(tmp_path):
    """Same kept / fuzzy / obsolete entries, translations and previous msgids as `msgmerge --previous`.

    Deliberate differences (both asserted below):
    1. An edited string takes its fuzzy match from a translated string that *left* the template
       (its likely old version) when there is one, even if a string still in use scores higher;
       msgmerge takes the highest score anywhere, so it suggests the neighbour's translation and
       obsoletes the old version.  ("...satellite in 2006": we show "...satellites in 2004".)
    2. Fuzzy entries still in the template are not sources for new fuzzy matches (a guess on a
       guess, often machine translation of another sentence; an empty entry gets a fresh
       `l10n translate` instead); msgmerge uses them.  ("..., Germany")
    Not compared: wrapping (polib's, not gettext's), `#~|` lines of obsolete entries (polib
    does not read them back) and msgmerge's 1e-5 same-context bonus on fuzzy scores.
    """
    (tmp_path / "ko.po").write_text(OLD, "utf-8")
    (tmp_path / "messages.pot").write_text(TEMPLATE, "utf-8")
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "gnu.po"),
                    str(tmp_path / "ko.po"), str(tmp_path / "messages.pot")], check=True)
    gnu = states(polib.pofile(str(tmp_path / "gnu.po")))
    merged, _ = merge_catalogs(read_catalog(tmp_path / "messages.pot"), read_catalog(tmp_path / "ko.po"))
    write_catalog(merged, tmp_path / "ours.po")
    msgfmt_check(tmp_path / "ours.po")
    ours = states(read_catalog(tmp_path / "ours.po"))

    neighbour = (None, "Launch of the Ariane satellite in 2006")
    old_version = (None, "Launch of Ariane satellites in 2004")
    assert ours[neighbour][2] == (None, "Launch of Ariane satellites in 2004")  # difference 1
    assert gnu[neighbour][2] == (None, "Launch of the Ariane satellite in 2005")
    assert gnu[old_version][0] == "obsolete" and old_version not in ours
    on_a_guess = (None, "Mission control is in Darmstadt, Germany")  # difference 2
    assert gnu[on_a_guess][0] == "fuzzy" and ours[on_a_guess][0] == "untranslated"
    for key in (neighbour, old_version, on_a_guess):
        gnu.pop(key, None), ours.pop(key, None)
    assert ours == gnu


@needs_gettext
def test_a_fuzzy_entrys_previous_msgid_is_kept_or_none_as_msgmerge_has_it(tmp_path):
    """Machine output (fuzzy, no `#|`) whose source changed got `#| msgid` of that source, which then read as a
    person's unfinished work (`translate --overwrite-fuzzy` kept it); msgmerge --previous adds none, and keeps an
    older `#|` rather than the fuzzy entry's own msgid."""
    (tmp_path / "ko.po").write_text(po_text("""\
        # machine translation: pseudo (2026-11-27, #1a2b3c4d)
        #, fuzzy
        msgid "The name Soyuz means union in Russian."
        msgstr "[The name Soyuz means union in Russian.]"

        #, fuzzy
        #| msgid "Old text here ok."
        msgid "Second sentence here today."
        msgstr "[Second]"

        msgid "Third sentence is here."
        msgstr "[Third]"
        """), "utf-8")
    (tmp_path / "messages.pot").write_text(po_text("""\
        msgid "The name Soyuz means union in the Russian language."
        msgstr ""

        msgid "Second sentence here today!"
        msgstr ""

        msgid "Third sentence is here!"
        msgstr ""
        """), "utf-8")
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "gnu.po"),
                    str(tmp_path / "ko.po"), str(tmp_path / "messages.pot")], check=True)
    merged, _ = merge_catalogs(read_catalog(tmp_path / "messages.pot"), read_catalog(tmp_path / "ko.po"))
    ours = states(merged)
    assert ours == states(polib.pofile(str(tmp_path / "gnu.po")))
    previous = {msgid: v[2] for (_, msgid), v in ours.items()}
    assert previous["The name Soyuz means union in the Russian language."] == (None, None)
    assert previous["Second sentence here today!"] == (None, "Old text here ok.")
    assert previous["Third sentence is here!"] == (None, "Third sentence is here.")


@needs_gettext
def test_bench_generator_agrees_with_msgmerge(tmp_path):
    """The bench's data at a small size: everything but deliberate difference 1 matches."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus", Path(__file__).parent.parent / "bench" / "corpus.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    po, pot = bench.catalogues(600, 40, seed=7)
    write_catalog(po, tmp_path / "ko.po")
    write_catalog(pot, tmp_path / "messages.pot")
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "gnu.po"),
                    str(tmp_path / "ko.po"), str(tmp_path / "messages.pot")], check=True)
    merged, stats = merge_catalogs(read_catalog(tmp_path / "messages.pot"), read_catalog(tmp_path / "ko.po"))
    gnu = polib.pofile(str(tmp_path / "gnu.po"))
    assert stats.matched == 40 == len(gnu.fuzzy_entries())
    assert {e.msgid for e in merged.fuzzy_entries()} == {e.msgid for e in gnu.fuzzy_entries()}
    same_source = sum(a.previous_msgid == b.previous_msgid for a, b in zip(merged, gnu) if a.fuzzy)
    assert same_source >= 38  # msgmerge may prefer a higher-scoring neighbour still in use


def test_update_twice_changes_no_byte(project):
    root = project()
    _cfg, po_path = with_template_and_ko(root)
    assert main(["update", "--root", str(root), "-l", "ko", "-q"]) == 0
    first = po_path.read_bytes()
    mtime = po_path.stat().st_mtime_ns
    time.sleep(0.01)
    (ko,) = update_catalogs(dataclasses.replace(load_config(root), locales=["ko"]))
    assert not ko.written and po_path.read_bytes() == first and po_path.stat().st_mtime_ns == mtime
    assert b"PO-Revision-Date: 2024-01-02 10:00+0000" in first


def test_update_waits_for_the_catalogue_lock(project):
    """A second run blocks on the catalogue's lock instead of interleaving its write."""
    root = project(locales=["ko"])
    cfg, po_path = with_template_and_ko(root)
    before = po_path.read_bytes()
    runs = [threading.Thread(target=update_catalogs, args=(cfg,)) for _ in range(2)]
    with locked(po_path):
        for run in runs:
            run.start()
        time.sleep(0.3)
        assert all(run.is_alive() for run in runs) and po_path.read_bytes() == before
    for run in runs:
        run.join(10)
    expected, _ = merge_catalogs(parse(TEMPLATE), parse(OLD))
    assert po_path.read_bytes() == catalog_bytes(read_catalog(po_path)) == catalog_bytes(expected)



def test_update_lets_each_locale_go_before_reading_the_next(project, monkeypatch):
    """Locales are updated one at a time, each merged catalogue released before the next catalogue is read: at
    340,714 entries, two locales held 1.66 GiB at once when the first one's lived on (1.27 GiB, as one locale)."""
    import gc
    import weakref

    import toolkit.catalog.lifecycle as lifecycle
    import toolkit.catalog.merge as merge_module

    root = project(locales=["ko", "ja"])
    cfg, ko = with_template_and_ko(root)
    ja = cfg.po_path("ja")
    ja.parent.mkdir(parents=True)
    ja.write_text(OLD, "utf-8")
    real_merge, real_read, merged, live = merge_module.merge_catalogs, lifecycle.read_catalog_identity, [], []

    def merge(*args, **kwargs):
        out = real_merge(*args, **kwargs)
        merged.append(weakref.ref(out[0]))
        return out

    def read(*args, **kwargs):
        gc.collect()
        live.append(sum(ref() is not None for ref in merged))
        return real_read(*args, **kwargs)

    monkeypatch.setattr(merge_module, "merge_catalogs", merge)
    monkeypatch.setattr(lifecycle, "read_catalog_identity", read)
    results = update_catalogs(cfg)
    assert [r.locale for r in results] == ["ko", "ja"] and all(r.written for r in results)
    assert live == [0, 0] and len(merged) == 2
    assert ko.read_bytes() == ja.read_bytes()


def test_update_lets_the_catalogues_bytes_go_once_decoded(project, monkeypatch):
    """The bytes a catalogue was read from are let go before its entries are made (100 MB more for a site's
    catalogue, at the peak of an update): the new bytes are compared with the file instead, and still written or
    left alone."""
    import gc
    import weakref

    import toolkit.catalog.read as read_module

    root = project(locales=["ko"])
    cfg, po_path = with_template_and_ko(root)
    real_snapshot, real_parse, snapshots, held = read_module.read_snapshot, read_module.parse_text, [], []

    def read_snapshot(*args, **kwargs):
        snapshot = real_snapshot(*args, **kwargs)
        snapshots.append(weakref.ref(snapshot))
        return snapshot

    def parse_text(text, path, *args):
        if path == po_path:
            gc.collect()
            held.append(snapshots[-1]() is not None)
        return real_parse(text, path, *args)

    monkeypatch.setattr(read_module, "read_snapshot", read_snapshot)
    monkeypatch.setattr(read_module, "parse_text", parse_text)
    (ko,) = update_catalogs(cfg)
    merged = po_path.read_bytes()
    assert ko.written and held == [False]
    expected, _ = merge_catalogs(parse(TEMPLATE), parse(OLD))
    assert merged == catalog_bytes(expected)
    (root / "locales" / ".cache" / "stamps.json").unlink()  # (else nothing is read again: `stamps`)
    (again,) = update_catalogs(cfg)
    assert not again.written and not again.stale and po_path.read_bytes() == merged and held == [False, False]


def test_update_merges_again_when_an_editor_saves_during_the_merge(project, monkeypatch):
    """Poedit saves without the lock: a save between update's read and its write is merged, not written over."""
    import toolkit.catalog.merge as merge_module

    root = project(locales=["ko"])
    cfg, po_path = with_template_and_ko(root)
    real, calls = merge_module.merge_catalogs, []

    def save_meanwhile(template, po, fuzzy_matching=True, **options):
        if not calls:  # the translator saves an edit of "Welcome to ESA" while update merges
            time.sleep(0.01)
            po_path.write_text(po_path.read_text("utf-8").replace('"ESA에 오신 것을 환영합니다"', '"사람의 번역"'), "utf-8")
        calls.append(1)
        return real(template, po, fuzzy_matching, **options)

    monkeypatch.setattr(merge_module, "merge_catalogs", save_meanwhile)
    (ko,) = update_catalogs(cfg)
    assert len(calls) == 2 and ko.written
    assert read_catalog(po_path).find("Welcome to ESA").msgstr == "사람의 번역"


def test_update_merges_again_when_an_editor_saves_while_its_copy_is_synced(project, monkeypatch):
    """The file is checked once update's copy is written and synced, just before the rename."""
    import os

    import toolkit.fsutil

    root = project(locales=["ko"])
    cfg, po_path = with_template_and_ko(root)
    real_fsync, saves = os.fsync, []

    def save_during_sync(fd: int) -> None:
        real_fsync(fd)
        if not saves:
            po_path.write_text(po_path.read_text("utf-8").replace('"ESA에 오신 것을 환영합니다"', '"사람의 번역"'), "utf-8")
            saves.append(1)

    monkeypatch.setattr(toolkit.fsutil.os, "fsync", save_during_sync)
    (ko,) = update_catalogs(cfg)
    assert saves and ko.written
    assert read_catalog(po_path).find("Welcome to ESA").msgstr == "사람의 번역"


def test_syntax_error_names_file_and_line_and_leaves_it_alone(project, capsys):
    root = project(locales=["ko"])
    cfg = load_config(root)
    cfg.pot_path.parent.mkdir(parents=True)
    cfg.pot_path.write_text(TEMPLATE, "utf-8")
    po_path = cfg.po_path("ko")
    po_path.parent.mkdir(parents=True)
    broken = OLD.replace('msgstr "발사체"', 'msgstr "발사체')  # unterminated string
    po_path.write_text(broken, "utf-8")
    line = broken.splitlines().index('msgstr "발사체') + 1
    for command in ("update", "compile", "stats"):
        assert main([command, "--root", str(root)]) == 2
        err = capsys.readouterr().err
        assert f"messages.po:{line}: syntax error" in err and "Traceback" not in err
    assert po_path.read_text("utf-8") == broken
    assert not po_path.with_suffix(".mo").exists()


def test_unknown_keyword_is_a_syntax_error(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(po_text('msgid "a"\nmsgstr "b"\nmsgstring "c"\n'), "utf-8")
    with pytest.raises(Exception) as info:
        read_catalog(path)
    assert "unknown keyword 'msgstring'" in str(info.value) and f"{path}:" in str(info.value)


def test_unknown_locale_is_rejected_with_a_suggestion(project, capsys):
    root = project()
    assert main(["init", "--root", str(root), "-l", "korean"]) == 2
    err = capsys.readouterr().err
    assert "unknown locale 'korean'" in err and "did you mean ko" in err


# --- init ----------------------------------------------------------------------------


def test_new_catalog_header_from_cldr():
    template = parse(TEMPLATE)
    for locale, team in [("ko", "한국어"), ("zh_TW", "繁體中文"), ("zh_CN", "简体中文"), ("ja", "日本語"),
                         ("pt_PT", "português (Portugal)")]:
        po = new_catalog(template, locale)
        meta = po.metadata
        assert meta["Language"] == locale and meta["Language-Team"] == team
        assert meta["Plural-Forms"] == get_plural(locale).plural_forms
        assert meta["Content-Type"] == "text/plain; charset=UTF-8"
        assert meta["Content-Transfer-Encoding"] == "8bit"
        assert meta["POT-Creation-Date"] == "2024-03-01 12:00+0000"
        assert not po.metadata_is_fuzzy
        assert [e.msgid for e in po] == [e.msgid for e in template] and not any(e.msgstr for e in po)
    assert new_catalog(template, "ru").metadata["Plural-Forms"].startswith("nplurals=3;")


@needs_gettext
def test_init_creates_valid_catalogues_and_never_overwrites(project, capsys):
    root = project()
    cfg = load_config(root)
    cfg.pot_path.parent.mkdir(parents=True)
    cfg.pot_path.write_text(TEMPLATE, "utf-8")
    assert main(["init", "--root", str(root), "-l", "ko", "-l", "zh-tw"]) == 0
    for locale in ("ko", "zh_TW"):
        msgfmt_check(cfg.po_path(locale))
    assert not cfg.po_path("ja").exists()
    ko = cfg.po_path("ko")
    ko.write_text(ko.read_text("utf-8").replace('msgid "Welcome to ESA"\nmsgstr ""',
                                                'msgid "Welcome to ESA"\nmsgstr "환영"'), "utf-8")
    before = ko.read_bytes()
    capsys.readouterr()
    assert main(["init", "--root", str(root)]) == 0  # every configured locale
    err = capsys.readouterr().err
    assert f"{ko}: exists; skipped" in err
    assert ko.read_bytes() == before
    assert all(cfg.po_path(loc).exists() for loc in ("zh_CN", "ja"))


def test_init_from_links(project):
    page = ('<html><head><meta charset="iso-8859-1"></head><body><p>'
            '<a href="http://www.esa.int/esaKO/index.html">&#54620;&#44397;</a> '
            '<a href="/esaTW/">&#45824;&#47564;</a> <a href="/esaCN/">&#51473;&#44397;</a> '
            '<a href="/esaJP/">&#51068;&#48376;</a></p><p>Caf\xe9 \u201cnews\u201d</p></body></html>')
    root = project({"index.html": page.encode("windows-1252")}, locales=["ko"])
    cfg = load_config(root)
    cfg.pot_path.parent.mkdir(parents=True)
    cfg.pot_path.write_text(TEMPLATE, "utf-8")
    assert main(["init", "--root", str(root), "-q", "--from-links", str(root / "source_html" / "index.html")]) == 0
    assert sorted(p.parent.parent.name for p in cfg.locales_path.glob("*/LC_MESSAGES/messages.po")) == [
        "ja", "ko", "zh_CN", "zh_TW"]


# --- extract + update ------------------------------------------------------------------


def test_edited_source_sentence_becomes_fuzzy_with_previous_msgid(project):
    extract = pytest.importorskip("toolkit.extract")
    old = "The Soyuz launcher lifted off from French Guiana at 18:30 local time."
    new = "The Soyuz launcher lifted off from French Guiana at 18:32 local time."
    page = f"<html><body><h1>Soyuz at CSG</h1><p>{old}</p></body></html>"
    root = project({"soyuz.html": page}, locales=["ko"])
    cfg = load_config(root)
    extract.extract_project(cfg, output=None, warn=print)
    assert main(["init", "--root", str(root), "-q"]) == 0
    po_path = cfg.po_path("ko")
    po = read_catalog(po_path)
    po.find(old).msgstr = "소유즈 발사체가 현지 시각 18시 30분에 프랑스령 기아나에서 이륙했다."
    write_catalog(po, po_path)

    (root / "source_html" / "soyuz.html").write_text(page.replace(old, new), "utf-8")
    result = extract.extract_project(cfg, output=None, warn=print)
    assert result.written
    assert main(["update", "--root", str(root), "-q"]) == 0
    entry = read_catalog(po_path).find(new)
    assert entry.fuzzy and entry.previous_msgid == old
    assert entry.msgstr.startswith("소유즈 발사체가")
    assert any(line.startswith("#|") and "18:30" in line for line in po_path.read_text("utf-8").splitlines())

    snapshot = po_path.read_bytes(), cfg.pot_path.read_bytes()
    extract.extract_project(cfg, output=None, warn=print)
    assert main(["update", "--root", str(root), "-q"]) == 0
    assert (po_path.read_bytes(), cfg.pot_path.read_bytes()) == snapshot


# --- compile -------------------------------------------------------------------------

PLURAL_PO = """\
# German
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: test 1.0\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Launch"
msgstr "Start"

msgctxt "verb"
msgid "Launch"
msgstr "Starten"

msgid "Untranslated"
msgstr ""

#, fuzzy
msgid "Fuzzy guess"
msgstr "Unscharfe Vermutung"

msgid "{n} satellite"
msgid_plural "{n} satellites"
msgstr[0] "{n} Satellit"
msgstr[1] "{n} Satelliten"

msgid "Line one\\nline two"
msgstr "Zeile eins\\nZeile zwei"

#~ msgid "Old"
#~ msgstr "Alt"
"""


def test_mo_loads_in_python_gettext_and_skips_fuzzy():
    po = parse(PLURAL_PO)
    import io

    t = gettext.GNUTranslations(io.BytesIO(mo_bytes(po)))
    assert t.gettext("Launch") == "Start" and t.pgettext("verb", "Launch") == "Starten"
    assert t.ngettext("{n} satellite", "{n} satellites", 3) == "{n} Satelliten"
    assert t.gettext("Fuzzy guess") == "Fuzzy guess" and t.gettext("Old") == "Old"
    assert t.info()["language"] == "de"  # the header is kept although it is marked fuzzy
    with_fuzzy = gettext.GNUTranslations(io.BytesIO(mo_bytes(po, use_fuzzy=True)))
    assert with_fuzzy.gettext("Fuzzy guess") == "Unscharfe Vermutung"


@needs_gettext
@pytest.mark.parametrize("use_fuzzy", [False, True])
def test_mo_is_byte_identical_to_msgfmt(tmp_path, use_fuzzy):
    """Byte comparison with `msgfmt -o` (hash table included): we write the same .mo."""
    bench_like = po_text("".join(f'msgid "Sentence number {i} about rockets"\nmsgstr "로켓 문장 {i}"\n\n'
                                 for i in range(300)))
    for name, text in [("de.po", PLURAL_PO), ("big.po", bench_like), ("empty.po", po_text(""))]:
        src = tmp_path / name
        src.write_text(text, "utf-8")
        gnu = tmp_path / (name + ".gnu.mo")
        subprocess.run(["msgfmt", *(["--use-fuzzy"] if use_fuzzy else []), "-o", str(gnu), str(src)], check=True)
        assert mo_bytes(read_catalog(src), use_fuzzy=use_fuzzy) == gnu.read_bytes(), name


@needs_gettext
def test_an_empty_msgid_with_a_context_is_a_message_not_the_header(tmp_path):
    """msgfmt ships `msgctxt "menu"` + `msgid ""` and counts it translated; only a context-free
    empty msgid is the header."""
    from toolkit.catalog.mo import translations_mo_bytes
    from toolkit.catalog.read import read_translations

    src = tmp_path / "ctx.po"
    src.write_text(po_text('msgctxt "menu"\nmsgid ""\nmsgstr "Datei"\n\nmsgid "a"\nmsgstr "b"\n'), "utf-8")
    gnu = tmp_path / "gnu.mo"
    stats = subprocess.run(["msgfmt", "--statistics", "-o", str(gnu), str(src)], capture_output=True, text=True,
                           check=True).stderr
    assert stats.startswith("2 translated messages")
    assert mo_bytes(read_catalog(src)) == gnu.read_bytes()
    assert translations_mo_bytes(read_translations(src)) == gnu.read_bytes()  # what `l10n compile` writes
    assert gettext.GNUTranslations(gnu.open("rb")).pgettext("menu", "") == "Datei"
    s = catalog_stats(read_catalog(src), "de")
    assert (s.translated, s.untranslated) == (2, 0)


@needs_gettext
def test_stats_count_a_fuzzy_flag_without_a_translation_as_msgfmt_does(tmp_path):
    """A flag over an empty msgstr (another tool's file) is untranslated to msgfmt --statistics; stats said fuzzy."""
    src = tmp_path / "f.po"
    src.write_text(po_text('#, fuzzy\nmsgid "a"\nmsgstr ""\n\n#, fuzzy\nmsgid "b"\nmsgstr "B"\n\n'
                           'msgid "c"\nmsgstr "C"\n\n#, fuzzy\nmsgid "d"\nmsgid_plural "ds"\nmsgstr[0] ""\n'
                           'msgstr[1] "D"\n'), "utf-8")
    stats = subprocess.run(["msgfmt", "--statistics", "-o", str(tmp_path / "f.mo"), str(src)], capture_output=True, text=True,
                           check=True).stderr
    assert stats.startswith("1 translated message, 1 fuzzy translation, 2 untranslated messages"), stats
    s = catalog_stats(read_catalog(src), "de")
    assert (s.translated, s.fuzzy, s.untranslated) == (1, 1, 2)


@pytest.mark.parametrize(("locale", "charset", "translation"), [
    ("ko", "EUC-KR", "발사 안녕"), ("zh_TW", "BIG5", "發射"), ("zh_CN", "GB2312", "发射"),
    ("ja", "Shift_JIS", "ソフト表示"),  # ソ and 表 end in byte 0x5C, a backslash to a byte-level reader
    ("fr", "ISO-8859-1", "Décollage à Kourou"),
    # other names of gettext's charsets, which msgfmt reads with a warning (Python's codecs know them too)
    ("fr", "latin1", "Décollage à Kourou"), ("de", "windows-1252", "Start – „Ariane“"),
])
def test_a_catalogue_in_the_charset_its_header_declares_is_read_and_saved_as_utf8(
        project, capsys, locale, charset, translation):
    """As gettext and polib read it; a command that saves it writes UTF-8 (and says so once)."""
    root = project({"a.html": "<html><body><p>Launch</p><p>Other</p></body></html>"}, locales=[locale])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    po = load_config(root).po_path(locale)
    text = po.read_text("utf-8").replace("charset=UTF-8", f"charset={charset}")
    text = text.replace('msgid "Launch"\nmsgstr ""', f'msgid "Launch"\nmsgstr "{translation}"')
    po.write_bytes(text.encode(charset))
    capsys.readouterr()
    assert main(["compile", "--root", str(root)]) == 0
    assert f"read as {charset}, as its header declares" in capsys.readouterr().err
    t = gettext.translation("messages", localedir=str(po.parent.parent.parent), languages=[locale])
    assert t.gettext("Launch") == translation
    assert main(["build", "--root", str(root), "-q"]) == 0
    assert any(f"<p>{translation}</p>" in built.read_text("utf-8") for built in (root / "build").glob("*/a.html"))
    assert main(["update", "--root", str(root), "-q"]) == 0
    saved = po.read_text("utf-8")  # UTF-8 now, and saying so
    assert "charset=UTF-8" in saved and f'msgstr "{translation}"' in saved


@pytest.mark.parametrize("data", [
    # a UTF-8 catalogue with one stray byte, declared Latin-1: read as Latin-1 it would be garbled
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "a"\nmsgstr "가\xff"\n',
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "\xff"\n',
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=unicode_escape\\n"\n\nmsgid "a"\nmsgstr "\xff"\n',
    # a charset named in a message, not in the header: not the file's (and the message's text is not rewritten)
    'msgid ""\nmsgstr "Language: zh_TW\\n"\n\nmsgid "a"\nmsgstr "Content-Type: text/plain; charset=BIG5 \xb5o"\n',
])
def test_a_catalogue_neither_utf8_nor_in_its_declared_charset_is_refused(tmp_path, data):
    path = tmp_path / "messages.po"
    path.write_bytes(data.encode("latin-1") if "가" not in data else data.replace("\xff", "").encode() + b"\xff")
    with pytest.raises(L10nError, match="neither UTF-8 nor in a charset its header declares"):
        read_catalog(path)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_a_utf16_catalogue_is_named_as_such(tmp_path, codec):
    """A Windows editor's "Unicode" save: "neither UTF-8 nor in a charset its header declares" named no cause."""
    path = tmp_path / "messages.po"
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "가"\n'
    path.write_bytes(("\ufeff" + text).encode(codec))
    with pytest.raises(L10nError, match=r"catalogue is UTF-16 .*iconv -f UTF-16 -t UTF-8"):
        read_catalog(path)


def test_compile_writes_mo_next_to_po(project, capsys):
    root = project(locales=["de"])
    cfg = load_config(root)
    po_path = cfg.po_path("de")
    po_path.parent.mkdir(parents=True)
    po_path.write_text(PLURAL_PO, "utf-8")
    assert main(["compile", "--root", str(root)]) == 0
    assert "4 translations, 1 fuzzy left out (--use-fuzzy)" in capsys.readouterr().err
    mo = po_path.with_suffix(".mo")
    t = gettext.translation("messages", localedir=str(cfg.locales_path), languages=["de"])
    assert t.gettext("Launch") == "Start"
    results = compile_catalogs(cfg)
    assert not results[0].written and mo.exists()  # unchanged: not rewritten
    assert compile_catalogs(cfg, use_fuzzy=True)[0].messages == 5


def test_compile_rejects_duplicate_definitions(project, capsys):
    root = project(locales=["ko"])
    po_path = load_config(root).po_path("ko")
    po_path.parent.mkdir(parents=True)
    po_path.write_text(po_text('msgid "a"\nmsgstr "가"\n\nmsgid "a"\nmsgstr "나"\n'), "utf-8")
    assert main(["compile", "--root", str(root)]) == 2
    assert 'messages.po:17: duplicate definition of "a", first defined at line 14' in capsys.readouterr().err


@needs_gettext
@pytest.mark.parametrize(("entry", "words"), [
    ('msgid "Kourou"\nmsgstr "쿠루\\n"\n', "'msgid' and 'msgstr' do not both end with a line break"),
    ('msgid "\\nKourou"\nmsgstr "쿠루"\n', "'msgid' and 'msgstr' do not both begin with a line break"),
    ('msgid "%d day"\nmsgid_plural "%d days\\n"\nmsgstr[0] "%d일"\n',
     "'msgid' and 'msgid_plural' do not both end with a line break"),
])
def test_compile_refuses_what_msgfmt_refuses_whatever_its_options(project, capsys, entry, words):
    """A line break at one end of only the msgid or its translation: msgfmt (without -c) refuses the catalogue,
    and compile wrote a .mo for it, so a CI gate on compile passed what GNU's tools reject."""
    root = project(locales=["ko"])
    po_path = load_config(root).po_path("ko")
    po_path.parent.mkdir(parents=True)
    po_path.write_text(po_text(entry), "utf-8")
    assert subprocess.run(["msgfmt", "-o", os.devnull, str(po_path)], capture_output=True).returncode == 1
    assert main(["compile", "--root", str(root)]) == 2
    assert f"messages.po:14: {words} (msgfmt refuses" in capsys.readouterr().err
    assert not po_path.with_suffix(".mo").exists()
    # fuzzy, it is not compiled: msgfmt and compile both pass it
    po_path.write_text(po_text("#, fuzzy\n" + entry), "utf-8")
    assert subprocess.run(["msgfmt", "-o", os.devnull, str(po_path)], capture_output=True).returncode == 0
    assert main(["compile", "--root", str(root)]) == 0


@needs_gettext
@pytest.mark.parametrize(("text", "words"), [
    ('msgid "ESA Home"\nmsgstr "ESA 홈"\n', 'no header entry (msgid "" with the charset'),  # no header at all
    (po_text('msgid "ESA Home"\nmsgstr "ESA 홈"\n').replace("plural=0;", "plural=n>;"),
     "invalid plural expression 'n>'"),
    (po_text('msgid "ESA Home"\nmsgstr "ESA 홈"\n').replace("nplurals=1", "nplurals=x"), "invalid nplurals value 'x'"),
    (po_text('msgid "ESA Home"\nmsgstr "ESA 홈"\n').replace("plural=0", "plural=n"), "gives form 999"),
    (po_text('msgid "ESA Home"\nmsgstr "ESA 홈"\n').replace("plural=0", "plural=n%0"), "can divide by zero"),
    (po_text('msgid "ESA Home"\nmsgstr "ESA 홈"\n').replace("plural=0", "plural=n==0 ? 0-1 : 0"), "gives form -1"),
    (po_text('msgid "%d day"\nmsgid_plural "%d days"\nmsgstr[0] "%d일"\n').replace("Plural-Forms: nplurals=1; plural=0;",
                                                                               "Plural-Forms: one form"),
     "plural entries but no Plural-Forms header"),
])
def test_compile_and_check_refuse_a_header_msgfmt_refuses(project, capsys, text, words):
    """A catalogue without a header compiled into a .mo Python's gettext could not read (no charset), and an invalid
    Plural-Forms expression passed every command: msgfmt -c refuses both."""
    root = project(locales=["ko"])
    po_path = load_config(root).po_path("ko")
    po_path.parent.mkdir(parents=True)
    po_path.write_text(text, "utf-8")
    assert subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po_path)], capture_output=True).returncode == 1
    assert main(["compile", "--root", str(root)]) == 2
    assert words in capsys.readouterr().err and not po_path.with_suffix(".mo").exists()
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    [finding] = [f for f in json.loads(capsys.readouterr().out) if f["check"] == "header"]
    assert finding["severity"] == "error" and words in finding["message"] and finding["line"] == 1
    assert main(["check", "--root", str(root), "--off", "header", "--off", "plural-forms"]) == 0
    # a catalogue msgfmt -c accepts: no header finding
    po_path.write_text(po_text('msgid "ESA Home"\nmsgstr "ESA 홈"\n').replace("nplurals=1; plural=0;", "one form"),
                       "utf-8")
    assert subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po_path)], capture_output=True).returncode == 0
    assert main(["compile", "--root", str(root)]) == 0 and main(["check", "--root", str(root)]) == 0


# --- stats ---------------------------------------------------------------------------


def test_stats_counts_entries_and_words():
    po = parse(po_text("""\
        msgid "Read about <a>Soyuz</a> at <b>ESA</b>."
        msgstr "<b>ESA</b>에서 <a>소유즈</a>에 대해 읽어 보세요."

        #, fuzzy
        msgid "Two words"
        msgstr "두 단어"

        msgid "One"
        msgstr ""

        #~ msgid "Old"
        #~ msgstr "옛"
        """))
    s = catalog_stats(po, "ko")
    assert (s.translated, s.fuzzy, s.untranslated, s.obsolete) == (1, 1, 1, 1)
    assert s.words == {"translated": 5, "fuzzy": 2, "untranslated": 1}
    assert s.percent == 33.3 and s.percent_words == round(500 / 8, 1)
    assert word_count("<br/>Hello, <a1>big</a1> world") == 3


@pytest.mark.parametrize("text, words", [
    ("宇宙への挑戦", 6), ("臺灣的太空之路", 7), ("<a1>H-IIA</a1>ロケット", 6), ("2025年3月1日", 6),
    ("로켓은 아주 큽니다.", 3),  # Korean spaces its words
])
def test_a_chinese_or_japanese_character_is_a_word(text, words):
    """\\w+ read a Japanese or Chinese sentence as one word: a site written in them had a few dozen "words", and
    %words measured nothing.  Each Han character or kana is one, as CAT tools count them."""
    assert word_count(text) == words


def test_stats_cli_table_and_json(project, capsys):
    root = project(locales=["ko", "ja"])
    po_path = load_config(root).po_path("ko")
    po_path.parent.mkdir(parents=True)
    po_path.write_text(OLD, "utf-8")
    assert main(["stats", "--root", str(root)]) == 2  # ja has no catalogue: the one missing-catalogue error
    assert "no catalogue for ja; create it with `l10n init -l ja`" in capsys.readouterr().err
    assert main(["stats", "--root", str(root), "-l", "ko"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["locale", "translated", "fuzzy", "untranslated", "obsolete", "%entries", "%words"]
    assert out[1].split()[:5] == ["ko", "6", "2", "1", "2"] and len(out) == 2
    assert main(["stats", "--root", str(root), "-l", "ko", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["locale"] == "ko" and data[0]["translated"] == 6 and data[0]["percent"] == 66.7
    assert data[0]["words"]["fuzzy"] > 0 and len(data) == 1


def test_read_catalog_without_comments_keeps_translations_and_flags(tmp_path):
    from toolkit.catalog import read_catalog

    path = tmp_path / "x.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "# translator note\n#. extracted note\n#: a.html:1\n#, fuzzy\n#| msgid \"Old\"\n"
        'msgid "New"\nmsgstr "새"\n\n#: b.html:2\nmsgctxt "menu"\nmsgid "Home"\nmsgstr "홈"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "사라짐"\n', encoding="utf-8")
    full = read_catalog(path)
    slim = read_catalog(path, comments=False)
    assert [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy) for e in full if not e.obsolete] == \
        [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy) for e in slim]
    assert not any(e.obsolete for e in slim) and not any(e.occurrences for e in slim)


@pytest.mark.parametrize("code, hint", [("kr", "ko"), ("jp", "ja"), ("korean", "ko"), ("zh_XX", "did you mean zh?")])
def test_unknown_locale_codes_get_a_suggestion(code, hint, capsys, tmp_path):
    from toolkit.cli import main

    assert main(["stats", "--root", str(tmp_path), "-l", code]) == 2
    err = capsys.readouterr().err
    assert f"unknown locale {code!r}" in err and hint in err and "Traceback" not in err


def test_every_catalog_name_imports_on_first_use():
    import toolkit.catalog as catalog

    for name in catalog.__all__:
        assert getattr(catalog, name) is not None
    with pytest.raises(AttributeError):
        catalog.no_such_name  # noqa: B018


def test_compile_and_update_import_only_what_they_need(tmp_path):
    """Start-up is a third of a compile: no Babel, no polib, no writer, no merge."""
    import sys

    code = ("import sys; from toolkit.config import load_config; from toolkit.catalog import compile_catalogs; "
            "from toolkit.locales import normalize_locale; normalize_locale('ko'); normalize_locale('pt-BR'); "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('babel', 'rapidfuzz', 'polib') "
            "or m in ('toolkit.catalog.write', 'toolkit.catalog.apply', 'toolkit.catalog.merge'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == []


SHARED_MATCHING = """
import os, polib
from toolkit.catalog import merge
from toolkit.catalog.write import format_catalog

forks = []
os.register_at_fork(after_in_parent=lambda: forks.append(1))
edited = "Telemetry from ground station {} arrives every minute{}"
text = "Sentence number {} about the launch pad and the rocket engine{}"
old, template = polib.POFile(), polib.POFile()
for i in range(50):
    old.append(polib.POEntry(msgid=edited.format(i, "."), msgstr=f"원격 측정 {i}"))
    template.append(polib.POEntry(msgid=edited.format(i, "!")))  # edited: the old texts are gone
for i in range(50, 200):  # still in use
    old.append(polib.POEntry(msgid=text.format(i, "."), msgstr=f"문장 {i}"))
    template.append(polib.POEntry(msgid=text.format(i, ".")))
for i in range(150, 200):  # new texts like none of the gone ones: matched from the reviewed entries in use
    template.append(polib.POEntry(msgid=text.format(i, "s.")))
merge._SHARED_COMPARISONS = 1
shared, stats = merge.merge_catalogs(template, old)
merge._SHARED_COMPARISONS = 10**12
alone, _ = merge.merge_catalogs(template, old)
from_in_use = [e for e in shared if e.msgid.endswith("engines.") and e.previous_msgid == e.msgid[:-2] + "."]
print(format_catalog(shared) == format_catalog(alone), len(forks), stats.matched, len(from_in_use))
"""


def test_fuzzy_matches_found_on_two_cores_are_the_ones_found_on_one():
    """Past a number of comparisons a forked child looks for half the fuzzy matches (both pools: entries gone from
    the template, then reviewed ones in use): the merged catalogue is the one a single process makes."""
    proc = subprocess.run([sys.executable, "-c", SHARED_MATCHING], capture_output=True, text=True, timeout=120)
    assert (proc.stdout.strip(), proc.returncode) == ("True 1 100 50", 0), proc.stderr


def test_a_long_edited_paragraph_finds_its_old_version_at_once():
    """A long msgid's fuzzy match is extractOne's (the first of the best scores at or above 60), found without its
    cached scorer, which compared whole texts however little they differed: a 1 MB paragraph edited took 20 s."""
    import random

    from rapidfuzz import fuzz, process

    from toolkit.catalog.merge import FUZZY_CUTOFF
    from toolkit.similar import closest

    rng = random.Random(7)

    def words(n: int) -> str:
        return "".join(rng.choice("abcde fgh") for _ in range(n))

    for _ in range(200):  # the same answer as extractOne's, ties and cutoff included
        base = words(rng.randint(2000, 3000))
        choices = []
        for _ in range(rng.randint(1, 10)):
            cut = rng.randint(0, len(base))
            choices.append(rng.choice([base[:cut] + words(rng.randint(0, 300)) + base[cut + rng.randint(0, 300):],
                                       words(rng.randint(800, 6000)), base[rng.randint(0, 1200):],
                                       choices[-1] if choices else base]))
        hit = process.extractOne(base, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        assert closest(base, choices, FUZZY_CUTOFF) == (None if hit is None else (hit[2], hit[1]))
    # a tie with a fractional score: the lower index, found second (rapidfuzz dropped a score equal to its cutoff)
    tied = "ab" * 1000 + "a"
    choices = ["x" + tied[:-1], tied[:-1] + "x"]
    hit = process.extractOne(tied, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    assert hit is not None and closest(tied, choices, FUZZY_CUTOFF) == (hit[2], hit[1]) == (0, hit[1])

    paragraph = words(1_000_000)
    old = po_text(f'msgid "{paragraph}"\nmsgstr "번역"\n\n' +
                  "".join(f'msgid "{words(1_000_000)}"\nmsgstr "다른 {i}"\n\n' for i in range(3)))
    edited = paragraph[:500_000] + "an edit" + paragraph[500_020:]
    started = time.process_time()
    merged, stats = merge_catalogs(parse(po_text(f'msgid "{edited}"\nmsgstr ""\n')), parse(old))
    assert time.process_time() - started < 3.0
    entry = merged.find(edited)
    assert (entry.msgstr, entry.previous_msgid, "fuzzy" in entry.flags, stats.matched) == ("번역", paragraph, True, 1)
