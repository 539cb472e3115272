"""Clean failure: a full disk, a read-only directory, a file in a directory's place each give one line and exit 2,
and leave the existing files intact."""

from __future__ import annotations

import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from toolkit.cli import main

PAGE = "<html><body>" + "".join(f"<p>Sentence number {i} about Soyuz launches.</p>" for i in range(3000)) + "</body></html>"


@contextmanager
def tiny_mount(path: Path, size: str = "64k"):
    """A real small file system (tmpfs) at `path`; skips where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_full_disk_is_one_line_and_keeps_the_old_template(project, capsys):
    root = project({"a.html": "<p>Soyuz lifts off.</p>"})
    with tiny_mount(root / "locales"):
        assert main(["extract", "--root", str(root), "-q"]) == 0
        pot = root / "locales" / "messages.pot"
        before = pot.read_bytes()
        (root / "source_html" / "a.html").write_text(PAGE, encoding="utf-8")
        assert main(["extract", "--root", str(root), "-q"]) == 2
        line = one_error_line(capsys.readouterr().err)
        assert "messages.pot" in line or "locales" in line
        assert "disk is full" in line
        assert pot.read_bytes() == before
        assert [p.name for p in pot.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_read_only_directory_is_one_line(project, capsys):
    root = project({"a.html": "<p>Soyuz lifts off.</p>"})
    with tiny_mount(root / "locales"):
        subprocess.run(["mount", "-o", "remount,ro", str(root / "locales")], check=True)
        assert main(["extract", "--root", str(root), "-q"]) == 2
        assert "read-only" in one_error_line(capsys.readouterr().err)


def test_a_file_where_the_locales_directory_should_be(project, capsys):
    root = project({"a.html": "<p>Soyuz lifts off.</p>"})
    (root / "locales").write_text("not a directory", encoding="utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "locales" in line
    assert (root / "locales").read_text("utf-8") == "not a directory"
