"""Shared fixtures: a throwaway project directory laid out like the real one."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

# The property and fuzz tests run the same examples every time: a build must not fail on a case a new random
# seed happens to find.  `HYPOTHESIS_PROFILE=explore` draws new examples, to look for cases to pin as @example.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REPO = Path(__file__).resolve().parent.parent

# Debian's Chromium, driven by Playwright's Python package (no browser is downloaded)
CHROMIUM = "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a test module (modules that use it are marked `needs_chromium`)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("msgmerge") is None,
    reason="GNU gettext (msgfmt, msgmerge) is not installed",
)


def dead_pid() -> int:
    """The id of a process that has ended (a child, waited for): what a killed writer's temp file names."""
    import subprocess

    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def write_project(root: Path, pages: dict[str, bytes | str] | None = None,
                  locales: list[str] | None = None) -> Path:
    """A project at `root` with pyproject.toml, babel.cfg and the given source pages."""
    locales = locales or ["ko", "zh_TW", "zh_CN", "ja"]
    (root / "pyproject.toml").write_text(textwrap.dedent(f"""\
        [tool.l10n]
        source_dir = "source_html"
        locales_dir = "locales"
        output_dir = "build"
        source_locale = "en"
        locales = {locales!r}
        """), encoding="utf-8")
    (root / "babel.cfg").write_text("[html: source_html/**.html]\n", encoding="utf-8")
    src = root / "source_html"
    src.mkdir(parents=True, exist_ok=True)
    for rel, content in (pages or {}).items():
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def translate_project(root: Path, locale: str, prefix: str) -> Path:
    """Extract, init `locale` and translate every entry as `prefix` + msgid (a real CLI run); the catalogue's path."""
    import polib

    from toolkit.cli import main

    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q", "-l", locale]) == 0
    po_path = root / "locales" / locale / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = prefix + entry.msgid
    po.save()
    return po_path


@pytest.fixture
def project(tmp_path):
    """Factory: project(pages, locales) -> root path."""
    def make(pages=None, locales=None):
        return write_project(tmp_path, pages, locales)
    return make


@pytest.fixture
def sample_project(tmp_path):
    """A copy of the shipped sample project (source pages and catalogues)."""
    root = tmp_path / "sample"
    root.mkdir()
    for name in ("pyproject.toml", "babel.cfg", "glossary.txt"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "source_html", root / "source_html")
    if (REPO / "locales").exists():
        shutil.copytree(REPO / "locales", root / "locales",
                        ignore=shutil.ignore_patterns(".cache", "*.mo", "*.lock"))
    return root
