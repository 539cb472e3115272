"""The file helpers every writer shares: comparing a file with bytes a piece at a time, writing pieces atomically."""

from __future__ import annotations

import os

import pytest

from toolkit import fsutil


@pytest.mark.parametrize(("on_disk", "data", "same"), [
    (b"0123456789abcdef", b"0123456789abcdef", True),
    (b"0123456789abcdef", b"0123456789abcdeF", False),  # the last piece differs
    (b"0123456789abcdef", b"X123456789abcdef", False),  # the first
    (b"0123456789abcdef", b"0123456789abcde", False),  # shorter
    (b"", b"", True),
])
def test_a_file_is_compared_with_data_a_piece_at_a_time(tmp_path, monkeypatch, on_disk, data, same):
    monkeypatch.setattr(fsutil, "_COMPARED", 4)
    path = tmp_path / "f"
    path.write_bytes(on_disk)
    assert fsutil.holds(path, data) is same
    assert fsutil.write_if_changed(path, data) is not same
    assert path.read_bytes() == data


def test_a_missing_file_holds_nothing(tmp_path):
    assert not fsutil.holds(tmp_path / "missing", b"")


def test_pieces_are_written_in_order_and_atomically(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"old")
    data = b"head DATE tail"
    assert fsutil.atomic_write_bytes(path, [memoryview(data)[:5], b"2026", memoryview(data)[9:]])
    assert path.read_bytes() == b"head 2026 tail"
    assert [p.name for p in tmp_path.iterdir()] == ["f"]  # no temp file left


def test_a_symbolic_link_is_written_through_not_replaced(tmp_path):
    """A catalogue linked to a shared checkout (a Weblate repository) became a plain file on the first save, and
    every later save of the translator's real file was ignored."""
    shared = tmp_path / "shared" / "ko.po"
    shared.parent.mkdir()
    shared.write_bytes(b"old")
    link = tmp_path / "locales" / "messages.po"
    link.parent.mkdir()
    link.symlink_to("../shared/ko.po")
    assert fsutil.atomic_write_bytes(link, b"new")
    assert link.is_symlink() and shared.read_bytes() == b"new"
    assert not list(link.parent.glob("*.tmp")) and not list(shared.parent.glob(".*.tmp"))


def test_only_the_temp_files_of_writers_that_are_gone_are_removed(tmp_path):
    from conftest import dead_pid

    target = tmp_path / "messages.po"
    killed = tmp_path / f".messages.po.{dead_pid()}.abcd1234.tmp"  # a save stopped by SIGKILL
    running = tmp_path / f".messages.po.{os.getpid()}.efgh5678.tmp"  # another save, in progress
    kept = [running, tmp_path / ".notes.tmp", tmp_path / f".other.po.{dead_pid()}.abcd1234.tmp"]
    for path in (killed, *kept):
        path.write_text("half")
    assert fsutil.atomic_write_bytes(target, b"saved")  # a durable write sweeps its target's
    assert not killed.exists() and all(path.exists() for path in kept)
    assert fsutil.atomic_write_bytes(tmp_path / "page.html", b"x", durable=False)  # a page: no sweep
    assert fsutil.is_orphan(kept[2]) and not fsutil.is_orphan(running) and not fsutil.is_orphan(kept[1])


def test_a_long_name_still_has_a_temp_file(tmp_path):
    """A 243-byte page name (81 CJK characters) could not be built: its temp name passed NAME_MAX."""
    target = tmp_path / ("発" * 81 + ".html")
    assert len(target.name.encode()) == 248
    assert fsutil.atomic_write_bytes(target, b"page")
    assert target.read_bytes() == b"page"


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")
def test_a_writer_that_is_a_zombie_is_gone(tmp_path):
    """A killed build's workers stay zombies until something reaps them: their temp files were kept as a live
    writer's (the next build left one behind)."""
    import subprocess
    import time

    child = subprocess.Popen(["true"])  # ends at once; not waited for yet: a zombie
    deadline = time.monotonic() + 10
    while fsutil.process_running(child.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    temp = tmp_path / f".page.html.{child.pid}.abcd1234.tmp"
    temp.write_text("half")
    assert fsutil.is_orphan(temp)
    assert fsutil.process_running(os.getpid())
    child.wait()


def test_a_held_lock_is_waited_for_with_a_word_then_refused_without_telling_to_remove_it(tmp_path, monkeypatch, caplog):
    """The timeout said "wait for it or remove the stale lock file": the lock is flock, never stale, and removing a held
    one lets a second writer in; and the 30 s wait said nothing."""
    import logging

    from filelock import FileLock

    from toolkit import fsutil
    from toolkit.errors import L10nError

    target = tmp_path / "messages.po"
    monkeypatch.setattr(fsutil, "LOCK_WAIT", 0.2)
    holder = FileLock(str(target) + ".lock")
    holder.acquire()
    try:
        with caplog.at_level(logging.WARNING, logger="toolkit"), pytest.raises(L10nError) as exc, \
                fsutil.locked(target):
            pass
        message = str(exc.value)
        assert "still holds it" in message and "remove" not in message and str(target) in message
        assert [r.getMessage() for r in caplog.records] == [
            f"{target}: another l10n command is writing it; waiting for it to finish (up to 0 s)"]
    finally:
        holder.release()
    with fsutil.locked(target):  # free again
        pass


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o002, 0o664), (0o022, 0o644)])
def test_a_new_file_has_the_mode_the_umask_gives_as_every_program_s(tmp_path, umask, mode):
    """Every file written was 0o644 whatever the umask: readable by all under umask 077 (where msgfmt -o writes 600),
    not writable by the group sharing a checkout under umask 002."""
    old = os.umask(umask)
    try:
        fsutil.atomic_write_bytes(tmp_path / "new.po", b"new")
        fsutil.atomic_write_bytes(tmp_path / "pieces.po", [b"a", b"b"], durable=False)
    finally:
        os.umask(old)
    assert {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()} == {"new.po": mode, "pieces.po": mode}


def test_a_replaced_file_keeps_its_mode_whatever_the_umask(tmp_path):
    path = tmp_path / "messages.po"
    path.write_bytes(b"old")
    path.chmod(0o664)
    old = os.umask(0o077)
    try:
        fsutil.atomic_write_bytes(path, b"new")
    finally:
        os.umask(old)
    assert path.read_bytes() == b"new" and path.stat().st_mode & 0o777 == 0o664


def test_every_file_the_commands_write_has_the_umask_s_mode(project):
    """The .pot, .po, .mo, pages, build store, .xlf and .tmx: each was 0o644 under umask 077."""
    from toolkit.cli import main

    old = os.umask(0o077)
    try:
        root = project({"index.html": "<html><body><p>Hello there</p></body></html>"}, ["ko"])
        for command in (["extract"], ["init"], ["translate", "--engine", "pseudo"], ["compile", "--use-fuzzy"],
                        ["build"], ["xliff", "export"], ["tmx", "export"]):
            assert main([*command, "--root", str(root), "-q"]) == 0, command
    finally:
        os.umask(old)
    modes = {str(p.relative_to(root)): p.stat().st_mode & 0o777 for p in root.rglob("*") if p.is_file()}
    assert {"locales/messages.pot", "locales/ko/LC_MESSAGES/messages.po", "locales/ko/LC_MESSAGES/messages.mo",
            "build/ko/index.html", "locales/ko.xlf", "locales/ko.tmx"} <= modes.keys()
    assert any(name.startswith("locales/.cache/") for name in modes)
    assert {name: mode for name, mode in modes.items() if mode != 0o600} == {}


@pytest.mark.parametrize(("a", "b", "same"), [
    (b"0123456789abcdef", b"0123456789abcdef", True),
    (b"0123456789abcdef", b"0123456789abcdeF", False),
    (b"0123456789abcdef", b"0123456789abcde", False),
    (b"", b"", True),
])
def test_two_files_are_compared_a_piece_at_a_time(tmp_path, monkeypatch, a, b, same):
    monkeypatch.setattr(fsutil, "_COMPARED", 4)
    (tmp_path / "a").write_bytes(a)
    (tmp_path / "b").write_bytes(b)
    assert fsutil.same_bytes(tmp_path / "a", tmp_path / "b") is same
    assert not fsutil.same_bytes(tmp_path / "a", tmp_path / "missing")


def test_staged_writes_replace_all_their_files_together_and_leave_an_unchanged_one_untouched(tmp_path):
    same, changed, new = tmp_path / "same.xlf", tmp_path / "changed.xlf", tmp_path / "new.xlf"
    same.write_bytes(b"same")
    changed.write_bytes(b"old")
    before = same.stat()
    with fsutil.StagedWrites() as staged:
        assert staged.write(same, [b"sa", b"me"]) is False
        assert staged.write(changed, b"new") is True
        assert staged.write(new, b"new") is True
        assert changed.read_bytes() == b"old" and not new.exists()  # (not yet)
    assert changed.read_bytes() == new.read_bytes() == b"new"
    assert (same.stat().st_mtime_ns, same.stat().st_ino) == (before.st_mtime_ns, before.st_ino)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["changed.xlf", "new.xlf", "same.xlf"]


def test_staged_writes_replace_nothing_when_the_block_fails(tmp_path):
    changed = tmp_path / "changed.xlf"
    changed.write_bytes(b"old")
    with pytest.raises(ValueError), fsutil.StagedWrites() as staged:
        staged.write(changed, b"new")
        staged.write(tmp_path / "new.xlf", b"new")
        raise ValueError("a broken catalogue")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["changed.xlf"] and changed.read_bytes() == b"old"


def test_staged_writes_keep_a_file_written_meanwhile(tmp_path):
    """A file back from a vendor saved where the export is, while the other locales' exports were written: it is
    not replaced, and neither is any other (the run is simply made again)."""
    from toolkit.errors import L10nError

    ko, ja = tmp_path / "ko.xlf", tmp_path / "ja.xlf"
    ko.write_bytes(b"old")
    with pytest.raises(L10nError, match="changed while its replacement was written") as caught, \
            fsutil.StagedWrites() as staged:
        staged.write(ja, b"new")
        staged.write(ko, b"new")
        ko.write_bytes(b"the vendor's work")
    assert caught.value.path == ko
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ko.xlf"] and ko.read_bytes() == b"the vendor's work"


def test_staged_writes_refuse_a_read_only_file_only_when_it_would_change(tmp_path):
    path = tmp_path / "ko.xlf"
    path.write_bytes(b"old")
    path.chmod(0o444)
    try:
        with fsutil.StagedWrites() as staged:
            assert staged.write(path, b"old") is False
            with pytest.raises(fsutil.ReadOnlyFile):
                staged.write(path, b"new")
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["ko.xlf"]
