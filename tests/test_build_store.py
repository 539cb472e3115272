"""A cold build streams the catalogue into its translations store instead of holding it.

`stream_translations` hands each usable translation over as the reader finds it; what it gives
must be exactly what the full parse through polib entries gives (`_parse_entries`), errors
included, and a catalogue error found halfway must leave no store and no temp file behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import tempfile
import time
import tracemalloc
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.build.translations import _parse_entries, parse_translations, stream_translations, write_store
from toolkit.catalog import read_catalog
from toolkit.cli import main
from toolkit.errors import L10nError

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def outcome(fn, path: Path, include_fuzzy: bool) -> object:
    try:
        return fn(path, include_fuzzy)
    except L10nError as exc:
        return ("error", str(exc))


lines = st.sampled_from([
    "# translator", "#", "#x", "#. note", "#: a.html:1", "#:x", "#, fuzzy", "#,fuzzy", "#, c-format, fuzzy", "#,",
    "#| msgid \"old\"", "#~ msgid \"o\"", "#~ msgstr \"p\"", "#~ #, fuzzy", "#~", "", "msgctxt \"ctx\"",
    "msgctxt \"\"", "msgid \"id\"", "msgid\"glued\"", "msgstr \"str\"", "msgstr \"\"", "\"cont\"",
    "msgid_plural \"ids\"", "msgid_plural \"\"", "msgstr[0] \"s0\"", "msgstr[1] \"s1\"", "msgstr[0] \"\"",
    "msgid \"\"", "msgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"", "msgstr \"한국어\"",
    "\"Language: ko\\n\"", "msgid \"bad \\q escape\"",
])
prefixes = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf"])
suffixes = st.sampled_from([b"", b"\n", b'\nmsgid "\xff"\nmsgstr ""\n'])


@settings(max_examples=600, deadline=None)
@given(st.lists(lines, max_size=25), st.integers(0, 1000), prefixes, suffixes, st.booleans())
def test_streamed_translations_are_the_full_parses(chosen, salt, prefix, suffix, include_fuzzy):
    # msgids made unique so that most texts pass the duplicate check
    text = "\n".join(line.replace('"id"', f'"id{salt + i}"') for i, line in enumerate(chosen))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "messages.po"
        path.write_bytes(prefix + text.encode() + suffix)
        assert outcome(parse_translations, path, include_fuzzy) == outcome(_parse_entries, path, include_fuzzy)
        streamed: dict = {}
        try:
            plain = stream_translations(path, include_fuzzy, streamed.__setitem__)
        except L10nError:
            return
        if plain:  # the rows handed over are the translations (False: the full parse decides)
            assert streamed == _parse_entries(path, include_fuzzy)


@pytest.mark.parametrize(("data", "message"), [
    (HEADER.encode() + b'msgid "a"\nbogus\n\nmsgid "\xff"\nmsgstr ""\n', "neither UTF-8"),  # the decoding error first
    (HEADER.replace("UTF-8", "ISO-8859-1").encode() + 'msgid "a"\nmsgstr "가"\n'.encode(), "charset=ISO-8859-1"),
    (HEADER.encode() + b'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', "duplicate definition"),
])
def test_a_catalogue_error_is_the_one_read_catalog_reports(tmp_path, data, message):
    path = tmp_path / "messages.po"
    path.write_bytes(data)
    with pytest.raises(L10nError, match=message) as expected:
        read_catalog(path, comments=False)
    with pytest.raises(L10nError) as streamed:
        parse_translations(path, False)
    assert (str(streamed.value), streamed.value.line) == (str(expected.value), expected.value.line)


def catalogue(path: Path, entries: int, tail: str = "") -> Path:
    text = "Soyuz launches from Kourou in French Guiana. " * 8
    body = "".join(f'#: page{i // 100}.html:{i}\nmsgid "{i} {text}"\nmsgstr "{i} {text.upper()}"\n\n'
                   for i in range(entries))
    path.write_text(HEADER + body + tail, "utf-8")
    return path


def test_the_parse_does_not_hold_the_catalogue(tmp_path):
    """Reading 4x the entries may cost about the file's bytes more (they are kept for the duplicate
    check), not 2.7x them: what polib entries plus the decoded text cost."""
    growth = []
    for n in (1500, 6000):
        po = catalogue(tmp_path / f"{n}.po", n)
        tracemalloc.start()
        try:
            assert write_store(po, False, tmp_path / f"{n}.sqlite", "digest") == n
            growth.append((tracemalloc.get_traced_memory()[1], po.stat().st_size))
        finally:
            tracemalloc.stop()
    (small_peak, small_size), (big_peak, big_size) = growth
    assert (big_peak - small_peak) / (big_size - small_size) < 2.0


def test_a_catalogue_error_found_halfway_leaves_no_store(tmp_path):
    po = catalogue(tmp_path / "messages.po", 3000, tail='msgid "7 x"\nmsgstr ""\n\nmsgid "7 x"\nmsgstr ""\n')
    handed = []
    with pytest.raises(L10nError, match="duplicate definition") as err:
        stream_translations(po, False, lambda key, msgstr: handed.append(key))
    assert len(handed) == 3000  # streamed: every translation was handed over before the error was found
    assert err.value.line == po.read_text("utf-8").count("\n") - 1
    cache = tmp_path / "cache"
    with pytest.raises(L10nError, match="duplicate definition"):
        write_store(po, False, cache / "build-ko.sqlite", "digest")
    assert list(cache.iterdir()) == []


def test_a_build_reports_a_catalogue_error_from_its_parse_process(project, capsys):
    root = project({f"p{i}.html": f"<html><body><p>Page {i}</p></body></html>" for i in range(3)}, locales=["ko"])
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + 'msgid "Page 1"\nmsgstr "1쪽"\n\nmsgid "Page 1"\nmsgstr "일쪽"\n', "utf-8")
    assert main(["build", "--root", str(root), "-q", "--jobs", "2"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "messages.po:8: duplicate definition" in err[0], err
    assert not [p for p in (root / "locales").rglob("*") if p.name.endswith(".tmp") or p.suffix == ".sqlite"]
    po.write_text(HEADER + 'msgid "Page 1"\nmsgstr "1쪽"\n', "utf-8")
    assert main(["build", "--root", str(root), "-q", "--jobs", "2"]) == 0
    assert "1쪽" in (root / "build" / "ko" / "p1.html").read_text("utf-8")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_parse_process_leaves_no_temp_store(tmp_path, signum):
    """The build stops its parse processes with SIGTERM (they remove their temp store); a process
    killed outright cannot, so the next parse removes what a dead process left."""
    from toolkit.build.site import _store_process

    po = catalogue(tmp_path / "messages.po", 20_000)  # long enough to be stopped halfway
    cache = tmp_path / "cache"
    cache.mkdir()
    target = cache / "build-ko.sqlite"
    _receive, send = multiprocessing.Pipe(duplex=False)
    proc = multiprocessing.Process(target=_store_process, args=((str(po), str(target), False, "d"), send))
    proc.start()
    deadline = time.monotonic() + 60
    while not list(cache.glob("*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.001)
    os.kill(proc.pid, signum)
    proc.join(60)
    assert proc.exitcode in (128 + signum, -signum)
    assert not target.exists()
    left = list(cache.iterdir())
    if signum == signal.SIGKILL:
        assert len(left) == 1 and left[0].name.startswith(f".build-ko.sqlite.{proc.pid}.")
        running = cache / f".build-ko.sqlite.{os.getpid()}.abcd1234.tmp"  # another build's, still being written
        running.touch()
        assert write_store(po, False, target, "d") == 20_000
        left = sorted(cache.iterdir())
        assert left == [running, target]
    else:
        assert left == []


def test_a_build_stopped_while_it_parses_a_catalogue_is_an_interrupt(project):
    """SIGTERM while the stores are parsed (before any page is built): exit 130 as for Ctrl-C, no traceback,
    and the parse processes are stopped before they leave a temp store behind."""
    import subprocess
    import sys

    root = project({f"p{i}.html": f"<html><body><p>Page {i}</p></body></html>" for i in range(3)},
                   locales=["ko", "ja"])
    for loc in ("ko", "ja"):
        po = root / "locales" / loc / "LC_MESSAGES" / "messages.po"
        po.parent.mkdir(parents=True)
        catalogue(po, 40_000)  # long enough to be stopped halfway
    cache = root / "locales" / ".cache"
    proc = subprocess.Popen([sys.executable, "-m", "toolkit", "build", "--root", str(root), "-q", "-j", "2"],
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(cache.glob("*.tmp")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    assert proc.poll() is None, "the parse ended before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert not list(cache.glob("*.tmp")) and not list(cache.glob("*.sqlite"))
    assert not (root / "build" / "ko").exists()


def test_keys_that_share_a_digest_are_told_apart_by_the_key(tmp_path, monkeypatch):
    """The store finds rows by a 64-bit digest of the key; two keys with one digest (made here by a digest that
    gives every key the same value) must still each get their own translation, and a missing key none."""
    from toolkit.build import translations
    from toolkit.build.translations import open_store, store_keys

    monkeypatch.setattr(translations, "_digest", lambda key: 7)
    po_path = tmp_path / "ko" / "LC_MESSAGES" / "messages.po"
    po_path.parent.mkdir(parents=True)
    po = polib.POFile()
    for i in range(50):
        po.append(polib.POEntry(msgid=f"Text {i}", msgstr=f"글 {i}"))
    po.append(polib.POEntry(msgid="Text 0", msgctxt="menu", msgstr="메뉴"))
    po.save(str(po_path))
    store = open_store(po_path, False, tmp_path / "cache")
    keys = store_keys([(None, "Text 3"), ("menu", "Text 0"), (None, "Text 0"), (None, "Missing")])
    assert list(keys) == [7]
    assert store.lookup(keys) == {(None, "Text 3"): "글 3", ("menu", "Text 0"): "메뉴", (None, "Text 0"): "글 0"}


def test_a_pages_rows_lie_together_in_the_store(tmp_path):
    """Rows keep the catalogue's order (the order of the pages that first have them), so one page's lookups
    read neighbouring rows, not rows scattered by key order."""
    from toolkit.build.translations import open_store

    po_path = tmp_path / "ko" / "LC_MESSAGES" / "messages.po"
    po_path.parent.mkdir(parents=True)
    po = polib.POFile()
    msgids = [f"{chr(ord('z') - i % 26)} message {i}" for i in range(200)]  # not in key order
    for msgid in msgids:
        po.append(polib.POEntry(msgid=msgid, msgstr="번역"))
    po.save(str(po_path))
    store = open_store(po_path, False, tmp_path / "cache")
    with sqlite3.connect(store.path) as db:
        assert [k for (k,) in db.execute("SELECT k FROM tr ORDER BY rowid")] == ["n" + m for m in msgids]

