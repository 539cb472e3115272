"""`cache_dir` / `--cache-dir`: a read-only checkout builds with its caches elsewhere."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolkit.cli import main, os_error_line
from toolkit.config import load_config

SAMPLE = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    for name in ("source_html", "locales"):
        shutil.copytree(SAMPLE / name, root / name, ignore=shutil.ignore_patterns(".cache", "*.lock", "*.mo"))
    for name in ("pyproject.toml", "babel.cfg"):
        shutil.copy(SAMPLE / name, root / name)
    return root


@contextlib.contextmanager
def read_only(tree: Path) -> Iterator[None]:
    """`tree` bind-mounted read-only onto itself (a real EROFS, as a sandbox's checkout); skips where not allowed."""
    if subprocess.run(["mount", "--bind", str(tree), str(tree)], capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount here (needs root)")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(tree)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(tree)], check=False)


def test_cache_dir_setting_moves_every_cache(project: Path, tmp_path: Path) -> None:
    """Units, stores, stamps, the extract record and the build's lock all follow the one setting."""
    elsewhere = tmp_path / "cache"
    assert main(["--root", str(project), "--cache-dir", str(elsewhere), "-q", "run", "--engine", "pseudo"]) == 0
    assert not (project / "locales" / ".cache").exists()
    names = {p.name for p in elsewhere.iterdir()}
    assert {"units", "extracted.json", "build.lock"} <= names
    assert any(n.startswith("build-") and n.endswith(".sqlite") for n in names)
    cfg = load_config(project, cache_dir="c")
    assert cfg.cache_path == project / "c"
    assert load_config(project).cache_path == project / "locales" / ".cache"


def test_a_read_only_checkout_builds_with_its_caches_elsewhere(project: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    with read_only(project):
        assert main(["--root", str(project), "-q", "build", "-o", str(out)]) == 2
        assert "--cache-dir" in capsys.readouterr().err
        assert main(["--root", str(project), "--cache-dir", str(tmp_path / "c"), "-q", "build", "-o", str(out)]) == 0
    assert (out / "ko" / "soyuz-at-csg.html").is_file()


def test_a_cache_that_cannot_be_written_names_the_setting() -> None:
    """The one error line of a read-only cache says how to keep the caches elsewhere."""
    import errno

    line = os_error_line(OSError(errno.EROFS, "Read-only file system", "/src/locales/.cache/build.lock"))
    assert "read-only" in line and "--cache-dir" in line
    line = os_error_line(OSError(errno.EROFS, "Read-only file system", "/src/locales/ko/LC_MESSAGES/messages.po"))
    assert "--cache-dir" not in line
