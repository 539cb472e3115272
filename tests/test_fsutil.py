"""The file helpers every writer shares: comparing a file with bytes a piece at a time, writing pieces atomically."""

from __future__ import annotations

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
