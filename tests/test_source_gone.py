"""Nothing a person wrote is lost when the source goes missing.

An empty or unmounted source folder, a wrong --source-dir, babel.cfg patterns that match nothing: extract refuses to
empty a template that has messages, update to make every translation obsolete with a template that has none, the
build to remove a built site when it finds no pages, and `l10n run` stops before touching any of them. Each is one
line and exit 2; `--allow-empty` says the pages are gone on purpose. A source folder that cannot be read is an
error, never a silent gap. (ARCHITECTURE.md, Conventions.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import translate_project

from toolkit.cli import main

PAGES = {
    "index.html": "<html><head><title>Launchers</title></head><body><h1>Soyuz at Kourou</h1>"
                  "<p>Soyuz lifts off from <a href='esa/coop.html'>French Guiana</a>.</p></body></html>",
    "esa/coop.html": "<html><body><p>Russia is ESA's first partner.</p><p>Ariane 5 carries two satellites.</p>"
                     "</body></html>",
}


def one_error_line(err: str) -> str:
    """The one line of the failure (a warning before it may say more: --source-dir leaving babel.cfg's patterns)."""
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("l10n: warning: ")]
    assert len(lines) == 1, err
    assert "Traceback" not in err and lines[0].startswith("l10n: error: ")
    return lines[0]


def l10n(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as a program: what a CI job runs."""
    return subprocess.run([sys.executable, "-m", "toolkit", *args, "--root", str(root)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file a person or a build wrote: the template, the catalogues, the built site (caches aside)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for folder in ("locales", "build") for p in sorted((root / folder).rglob("*"))
            if p.is_file() and ".cache" not in p.parts and not p.name.endswith(".lock")}


@pytest.fixture
def site(project) -> Path:
    """A translated, built project: ko translated by a person, the site in build/."""
    root = project(PAGES, locales=["ko"])
    translate_project(root, "ko", "KO ")
    assert main(["run", "--root", str(root), "--engine", "none", "-q"]) == 0
    assert (root / "build" / "ko" / "esa" / "coop.html").is_file()
    return root


def emptied_folder(root: Path) -> list[str]:
    shutil.rmtree(root / "source_html")
    (root / "source_html").mkdir()  # a mount point with nothing mounted
    return []


def wrong_source_dir(root: Path) -> list[str]:
    (root / "docs").mkdir()
    return ["--source-dir", "docs"]


def patterns_match_nothing(root: Path) -> list[str]:
    (root / "babel.cfg").write_text("[html: site/**.html]\n", encoding="utf-8")
    return []


def pages_misnamed(root: Path) -> list[str]:
    for page in list((root / "source_html").rglob("*.html")):
        page.rename(page.with_suffix(".shtml"))
    return []


CAUSES = [emptied_folder, wrong_source_dir, patterns_match_nothing, pages_misnamed]


@pytest.mark.parametrize("cause", CAUSES)
def test_run_stops_before_touching_catalogues_or_site(site, cause):
    before = snapshot(site)
    flags = cause(site)
    r = l10n(site, "run", "--engine", "none", *flags)
    assert r.returncode == 2, r.stderr
    line = one_error_line(r.stderr)
    assert "messages.pot" in line and "no pages under" in line and "--allow-empty" in line
    assert snapshot(site) == before


@pytest.mark.parametrize("cause", CAUSES)
def test_extract_keeps_a_template_with_messages(site, cause, capsys):
    pot = site / "locales" / "messages.pot"
    before = pot.read_bytes()
    flags = cause(site)
    assert main(["extract", "--root", str(site), *flags]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "the template's 5 messages were kept" in line and "--allow-empty" in line
    assert main(["extract", "--root", str(site), "--check", *flags]) == 2  # the CI gate names the cause too
    one_error_line(capsys.readouterr().err)
    assert pot.read_bytes() == before


def test_extract_keeps_the_units_cache_when_it_refuses(site):
    cache = site / "locales" / ".cache" / "units"
    before = sorted(p.name for p in cache.iterdir())
    emptied_folder(site)
    assert main(["extract", "--root", str(site), "-q"]) == 2
    assert sorted(p.name for p in cache.iterdir()) == before and before


def test_extract_of_pages_that_give_no_messages_names_them(site, capsys):
    shutil.rmtree(site / "source_html")
    (site / "source_html").mkdir()
    (site / "source_html" / "blank.html").write_text("<p translate='no'>Soyuz</p>", encoding="utf-8")
    assert main(["extract", "--root", str(site)]) == 2
    assert "the 1 page under source_html gives no messages" in one_error_line(capsys.readouterr().err)


def test_extract_allow_empty_empties_the_template_on_purpose(site, capsys):
    emptied_folder(site)
    assert main(["extract", "--root", str(site), "--allow-empty"]) == 0
    assert "no HTML pages under" in capsys.readouterr().err
    assert [e for e in polib.pofile(str(site / "locales" / "messages.pot")) if e.msgid] == []


def test_a_new_project_without_pages_still_gets_its_empty_template(project, capsys):
    root = project({}, locales=["ko"])
    assert main(["extract", "--root", str(root)]) == 0  # nothing to lose: a warning, not an error
    assert "no HTML pages under" in capsys.readouterr().err
    assert (root / "locales" / "messages.pot").is_file()


def header_only(pot: Path) -> None:
    """What `l10n extract --allow-empty`, `pybabel extract` or xgettext --force-po give for no pages."""
    data = pot.read_bytes()
    pot.write_bytes(data[:data.index(b"\n\n") + 1])


def zero_bytes(pot: Path) -> None:
    pot.write_bytes(b"")


@pytest.mark.parametrize(("empty", "said"), [
    (header_only, ("obsolete (5 in ko)", "--allow-empty")),
    (zero_bytes, ("empty file", "restore it")),  # what a writer stopped halfway leaves: --allow-empty or not
])
def test_update_keeps_every_translation_with_an_empty_template(site, empty, said, capsys):
    empty(site / "locales" / "messages.pot")
    before = snapshot(site)
    for flags in ([], ["--check"], *([["--allow-empty"]] if empty is zero_bytes else [])):
        assert main(["update", "--root", str(site), *flags]) == 2
        line = one_error_line(capsys.readouterr().err)
        assert "messages.pot" in line and all(words in line for words in said), line
    assert snapshot(site) == before


def test_update_allow_empty_obsoletes_and_the_pages_bring_every_translation_back(site, project):
    po = site / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    translated = {e.msgid: e.msgstr for e in polib.pofile(str(po)) if e.msgid}
    header_only(site / "locales" / "messages.pot")
    assert main(["update", "--root", str(site), "-q", "--allow-empty"]) == 0
    assert all(e.obsolete for e in polib.pofile(str(po)))
    assert main(["extract", "--root", str(site), "-q"]) == 0
    assert main(["update", "--root", str(site), "-q"]) == 0
    back = polib.pofile(str(po))
    assert {e.msgid: e.msgstr for e in back if e.msgid} == translated
    assert not any(e.obsolete or e.fuzzy for e in back)


def test_update_of_catalogues_without_translations_needs_no_flag(project):
    root = project({}, locales=["ko"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    assert main(["update", "--root", str(root), "-q"]) == 0  # nothing a person wrote: nothing to refuse


@pytest.mark.parametrize("damage", ["missing", "directory", "garbage", "mid-string"])
def test_update_with_a_missing_or_corrupt_template_is_one_line(site, damage, capsys):
    pot = site / "locales" / "messages.pot"
    data = pot.read_bytes()
    pot.unlink()
    if damage == "directory":
        pot.mkdir()
    elif damage == "garbage":
        pot.write_bytes(b"\x00\x01PK\x03\x04")
    elif damage == "mid-string":
        pot.write_bytes(data[:data.index(b"Soyuz lifts") + 5])  # a writer stopped half-way (not ours: atomic)
    before = snapshot(site)
    assert main(["update", "--root", str(site)]) == 2
    assert "messages.pot" in one_error_line(capsys.readouterr().err)
    assert snapshot(site) == before


def test_update_with_a_template_cut_anywhere_loses_no_translation(site, capsys):
    """A template cut at any line by a writer that stopped (not ours: it writes atomically) is refused in one line
    when it holds no message, or is malformed; otherwise it merges with every translation still in the catalogue,
    active or obsolete (`#~`, revived when its message returns)."""
    pot = site / "locales" / "messages.pot"
    po = site / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    data, original = pot.read_bytes(), po.read_bytes()
    translated = {e.msgid: e.msgstr for e in polib.pofile(str(po)) if e.msgid}
    header_end = data.index(b"\n\n") + 1
    for cut in [0] + [i + 1 for i, byte in enumerate(data) if byte == ord("\n")]:
        pot.write_bytes(data[:cut])
        po.write_bytes(original)
        code = main(["update", "--root", str(site), "-q"])
        err = capsys.readouterr().err
        assert code == 2 or (code == 0 and cut > header_end), (cut, err)
        if code == 2:
            one_error_line(err)
            assert po.read_bytes() == original
        else:
            assert {e.msgid: e.msgstr for e in polib.pofile(str(po)) if e.msgid} == translated


def test_build_keeps_the_built_site_when_it_finds_no_pages(site, capsys):
    before = snapshot(site)
    emptied_folder(site)
    assert main(["build", "--root", str(site)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "build: no pages under source_html" in line and "the 4 pages built before were kept" in line
    assert snapshot(site) == before
    assert main(["build", "--root", str(site), "-q", "--allow-empty"]) == 0
    assert not (site / "build" / "ko" / "index.html").exists()


def test_run_allow_empty_goes_through(site):
    emptied_folder(site)
    r = l10n(site, "run", "--engine", "none", "-q", "--allow-empty")
    assert r.returncode == 0, r.stderr
    assert all(e.obsolete for e in polib.pofile(str(site / "locales" / "ko" / "LC_MESSAGES" / "messages.po")))
    assert not (site / "build" / "index.html").exists()


@pytest.mark.parametrize("command", ["extract", "update", "build", "run"])
def test_allow_empty_is_documented(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--allow-empty" in capsys.readouterr().out


def test_a_source_dir_that_is_a_symbolic_link_to_nothing(site, tmp_path):
    before = snapshot(site)
    shutil.rmtree(site / "source_html")
    (site / "source_html").symlink_to(tmp_path / "unmounted")
    r = l10n(site, "run", "--engine", "none")
    assert r.returncode == 2
    line = one_error_line(r.stderr)
    assert "source_html: the source directory is a symbolic link to" in line and "unmounted" in line
    assert snapshot(site) == before


def as_a_user(args: list[str]) -> list[str]:
    """`args` without root's right to read any folder (a chmod 000 folder is then unreadable, as for a user)."""
    if os.geteuid() != 0:
        return args
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's read-anything capabilities")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *args]


@pytest.mark.parametrize("folder", ["source_html", "source_html/esa"])
@pytest.mark.parametrize("command", ["run", "extract", "build"])
def test_a_source_folder_that_cannot_be_read_is_an_error_not_a_gap(site, folder, command):
    before = snapshot(site)
    (site / folder).chmod(0)
    try:
        r = subprocess.run(as_a_user([sys.executable, "-m", "toolkit", command, "--root", str(site)]),
                           capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    finally:
        (site / folder).chmod(0o755)
    if r.returncode == 0 and "Operation not permitted" in r.stderr:
        pytest.skip("cannot drop capabilities here")
    assert r.returncode == 2, r.stderr
    line = one_error_line(r.stderr)
    assert f"{folder}: cannot read this source folder (Permission denied); nothing was done" in line
    assert snapshot(site) == before


def test_a_page_that_cannot_be_read_keeps_what_was_built_from_it(site):
    page = site / "source_html" / "esa" / "coop.html"
    built = {p: (site / "build" / p).read_bytes() for p in ("esa/coop.html", "ko/esa/coop.html")}
    page.chmod(0)
    try:
        r = subprocess.run(as_a_user([sys.executable, "-m", "toolkit", "build", "--root", str(site)]),
                           capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    finally:
        page.chmod(0o644)
    assert r.returncode == 2, r.stderr
    assert "coop.html: cannot read: Permission denied" in r.stderr
    assert {p: (site / "build" / p).read_bytes() for p in built} == built
    assert main(["build", "--root", str(site), "-q"]) == 0
    assert {p: (site / "build" / p).read_bytes() for p in built} == built


def test_extract_whose_every_page_fails_keeps_the_template_and_names_the_failure(site, capsys):
    """(The template used to be emptied, and exit 2 left the next `update` to make every translation obsolete.)"""
    pot = site / "locales" / "messages.pot"
    before = pot.read_bytes()
    for page in (site / "source_html").rglob("*.html"):
        (page.parent / "bad.xml").write_text("<its:rules", "utf-8")
        page.write_text('<html><head><link rel="its-rules" href="bad.xml"></head><body><p>Soyuz</p></body></html>')
    assert main(["extract", "--root", str(site)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "2 pages under source_html failed (" in line and "malformed ITS rules" in line
    assert "the template's 5 messages were kept" in line
    assert pot.read_bytes() == before


def test_update_refuses_the_empty_template_pybabel_writes_for_a_missing_source(site):
    """pybabel extract (through this package's `html` extractor) writes a header-only template when it finds no
    page: `l10n update` is the guard then, as a separate program would run it."""
    pybabel = Path(sys.executable).parent / "pybabel"
    emptied_folder(site)
    pot = site / "locales" / "messages.pot"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(pot), "."], cwd=site, check=True)
    assert [e for e in polib.pofile(str(pot)) if e.msgid] == []
    before = snapshot(site)
    r = l10n(site, "update")
    assert r.returncode == 2
    assert "the template has no messages" in one_error_line(r.stderr)
    assert snapshot(site) == before
