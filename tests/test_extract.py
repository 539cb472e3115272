"""`l10n extract`: the template, its stability, the pybabel plugin, GNU compatibility, bad input."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
from conftest import needs_gettext

from toolkit.cli import main

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Launchers</title></head>
<body>
<p its-loc-note="Agency name in the first sentence">Read about <a href="/soyuz">Soyuz</a> at <b>ESA</b>.</p>
<p data-l10n-context="menu">Home</p>
<p>Home</p>
<img src="x.png" alt="A rocket">
</body></html>
"""


def extract(root: Path, *extra: str) -> int:
    return main(["extract", "--root", str(root), "-q", *extra])


def test_extract_writes_template_with_locations_notes_context(project):
    root = project({"index.html": PAGE, "sub/other.html": "<p>Home</p>"})
    assert extract(root) == 0
    pot = polib.pofile(str(root / "locales" / "messages.pot"))
    by_id = {(e.msgctxt, e.msgid): e for e in pot}
    e = by_id[(None, "Read about <a>Soyuz</a> at <b>ESA</b>.")]
    assert e.occurrences == [("source_html/index.html", "3")]
    assert e.comment == "Agency name in the first sentence"
    assert (("menu", "Home")) in by_id
    home = by_id[(None, "Home")]
    assert home.occurrences == [("source_html/index.html", "5"), ("source_html/sub/other.html", "1")]
    assert by_id[(None, "A rocket")].comment == "<img alt>"
    assert pot.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_the_same_text_twice_on_one_line_is_one_location(project):
    """`#: p.html:1 p.html:1` is what msgcat and msgmerge collapse: a round trip through them kept changing it."""
    root = project({"p.html": "<table><tr><td>Yes</td><td>No</td><td>Yes</td></tr></table>\n<p>Yes</p> <p>Yes</p>\n"
                              "<p>No</p>\n"})
    assert extract(root) == 0
    by_id = {e.msgid: e for e in polib.pofile(str(root / "locales" / "messages.pot"))}
    assert by_id["Yes"].occurrences == [("source_html/p.html", "1"), ("source_html/p.html", "2")]
    assert by_id["No"].occurrences == [("source_html/p.html", "1"), ("source_html/p.html", "3")]


@needs_gettext
def test_add_location_file_writes_paths_alone_so_a_new_line_changes_nothing(project):
    """A one-line edit at the top of a page renumbered every `#:` below it in the template and every catalogue (82
    diff lines for one new paragraph).  `add_location = "file"` writes the path alone, as `xgettext
    --add-location=file`: the template and the catalogues stay as they are, and GNU gettext reads them."""
    root = project({"index.html": PAGE, "sub/other.html": "<p>Home</p>"}, ["ko"])
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'add_location = "file"\n')
    assert extract(root) == 0 and main(["--root", str(root), "-q", "init"]) == 0
    pot = root / "locales" / "messages.pot"
    by_id = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(pot))}
    assert by_id[(None, "Home")].occurrences == [("source_html/index.html", ""), ("source_html/sub/other.html", "")]
    assert "#: source_html/index.html\n" in pot.read_text()
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    before = pot.read_bytes(), po.read_bytes()
    page = root / "source_html" / "index.html"
    page.write_text(page.read_text().replace("<body>\n", "<body>\n<!-- a new banner -->\n\n"))
    assert extract(root, "--check") == 0
    assert extract(root) == 0 and main(["--root", str(root), "-q", "update"]) == 0
    assert (pot.read_bytes(), po.read_bytes()) == before
    for path in (pot, po):
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)
    assert extract(root, "--add-location", "full") == 0  # the flag overrides the setting
    assert re.search(r"#: source_html/index.html:7 source_html/sub/other.html:1\n", pot.read_text())


def test_add_location_never_is_refused_with_the_reason(project, capsys):
    root = project({"index.html": PAGE})
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'add_location = "never"\n')
    assert extract(root) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "add_location" in err and "stats --by-page" in err and "pyproject.toml" in err


def test_extract_twice_gives_identical_bytes_and_keeps_the_date(project):
    root = project({"index.html": PAGE})
    extract(root)
    pot = root / "locales" / "messages.pot"
    first = pot.read_bytes()
    mtime = pot.stat().st_mtime_ns
    extract(root)
    assert pot.read_bytes() == first
    assert pot.stat().st_mtime_ns == mtime  # not even rewritten


def test_changed_source_updates_template(project):
    root = project({"index.html": PAGE})
    extract(root)
    (root / "source_html" / "index.html").write_text(PAGE.replace("A rocket", "A launcher"), "utf-8")
    extract(root)
    ids = {e.msgid for e in polib.pofile(str(root / "locales" / "messages.pot"))}
    assert "A launcher" in ids and "A rocket" not in ids


def test_sample_site_extracts_expected_messages():
    repo = Path(__file__).resolve().parent.parent
    from toolkit.config import load_config
    from toolkit.extract import build_template, load_page, page_messages, template_header

    cfg = load_config(repo)
    pages = [(cfg.relpath(p), page_messages(load_page(p))) for p in cfg.source_files()]
    pot = build_template(pages, template_header(cfg, "2000-01-01 00:00+0000"))
    ids = {e.msgid for e in pot}
    assert "Soyuz at Europe\u2019s Spaceport" in ids  # windows-1252 0x92 decoded, not mojibake
    assert "Artist's drawing of Soyuz en Guyane" in ids  # image alt
    assert "Copyright 2000 - 2007 © European Space Agency. All rights reserved." in ids
    assert not any("function" in i or "<!--" in i for i in ids)


def test_pybabel_plugin_gives_the_same_messages(project, tmp_path):
    root = project({"index.html": PAGE, "legacy.html": (
        '<meta charset="iso-8859-1"><p>Europe’s Spaceport</p>').encode("cp1252")})
    extract(root)
    out = tmp_path / "babel.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(out), "."],
                   cwd=root, check=True)
    ours = polib.pofile(str(root / "locales" / "messages.pot"))
    theirs = polib.pofile(str(out))
    key = lambda e: (e.msgctxt or "", e.msgid)  # noqa: E731
    assert sorted(map(key, ours)) == sorted(map(key, theirs))
    for e in theirs:
        mine = next(o for o in ours if key(o) == key(e))
        assert sorted(mine.occurrences) == sorted(e.occurrences)
        assert mine.comment == e.comment


NOTED = """<html><body><!-- Translators: Soyuz is a rocket's name; keep it --><p>Soyuz at <b>CSG</b></p>
<p><!-- ordinary comment -->The launch<!-- L10N: "pad" as in launch pad --> pad.</p>
<!-- i18n: the agency's logo --><img src="logo.png" alt="ESA logo"><!-- TRANSLATORS:
     the last one --></body></html>"""


def test_a_comment_for_translators_is_the_note_of_its_unit(project, tmp_path):
    """A comment that begins with a tag (Translators:, L10N:, i18n:, in any case), as gettext's extractors take
    them (xgettext --add-comments, pybabel -c), is a `#.` note of the unit it is inside, else of the next one;
    other comments are no notes, and one that no unit follows is none."""
    root = project({"index.html": NOTED})
    assert extract(root) == 0
    by_id = {e.msgid: e for e in polib.pofile(str(root / "locales" / "messages.pot"))}
    assert by_id["Soyuz at <b>CSG</b>"].comment == "Translators: Soyuz is a rocket's name; keep it"
    assert by_id["The launch pad."].comment == 'L10N: "pad" as in launch pad'
    assert by_id["ESA logo"].comment == "<img alt>\ni18n: the agency's logo"
    out = tmp_path / "babel.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg", "-o", str(out),
                    "."], cwd=root, check=True)
    assert {e.msgid: e.comment for e in polib.pofile(str(out))} == {k: e.comment for k, e in by_id.items()}


def test_pybabel_keywords_without_pgettext_extract_without_contexts(project, tmp_path):
    """`pybabel extract --no-default-keywords -k _` failed with KeyError 'pgettext' and left an empty template: the
    units with a msgctxt come without it, and pybabel says so."""
    root = project({"index.html": '<p data-l10n-context="menu">Open</p><p>Close</p>'})
    out = tmp_path / "babel.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    run = subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "--no-default-keywords", "-k", "_", "-o",
                          str(out), "."], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert sorted((e.msgctxt, e.msgid) for e in polib.pofile(str(out))) == [(None, "Close"), (None, "Open")]
    assert "without their msgctxt; add -k pgettext:1c,2" in run.stderr
    run = subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(out), "."], cwd=root,
                         capture_output=True, text=True)
    assert sorted((e.msgctxt or "", e.msgid) for e in polib.pofile(str(out))) == [("", "Close"), ("menu", "Open")]


@needs_gettext
def test_msgfmt_accepts_a_catalogue_made_from_the_template(project, tmp_path):
    root = project({"index.html": PAGE})
    extract(root)
    po = tmp_path / "ko.po"
    subprocess.run(["msginit", "--no-translator", "-l", "ko", "-i", str(root / "locales" / "messages.pot"),
                    "-o", str(po)], check=True, capture_output=True)
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(root / "locales" / "messages.pot")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@needs_gettext
def test_characters_no_catalogue_can_hold_become_replacement_characters(project):
    """U+0004 (a .mo key's context separator) and a NUL (past the first 4 KB, where a page is not taken
    for a binary file) in page text or an id used as context: msgfmt refuses both in a msgid.  The
    message shows U+FFFD; the translated page carries the translation, the page's other bytes stay."""
    page = ("<html><body><!--" + "x" * 5000 + '--><p id="a\x04b">Hello\x04there</p><p>Nul\x00here</p>'
            "<script>var s = '\x04';</script></body></html>")
    root = project({"index.html": page}, locales=["ko"])
    with (root / "pyproject.toml").open("a") as fh:
        fh.write("its_id_as_context = true\n")
    extract(root)
    pot = root / "locales" / "messages.pot"
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(pot)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    entries = {(e.msgctxt, e.msgid) for e in polib.pofile(str(pot))}
    assert entries == {("a\ufffdb", "Hello\ufffdthere"), (None, "Nul\ufffdhere")}
    assert main(["init", "--root", str(root), "-q"]) == 0
    po_path = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    po.find("Hello\ufffdthere", msgctxt="a\ufffdb").msgstr = "안녕"
    po.save()
    assert main(["compile", "--root", str(root), "-q"]) == 0
    assert main(["build", "--root", str(root), "-q"]) == 0
    built = (root / "build" / "ko" / "index.html").read_text("utf-8")
    assert '<p id="a\x04b">안녕</p><p lang="en">Nul\x00here</p>' in built and "var s = '\x04';" in built


def test_bad_inputs_give_one_line_each_and_other_files_still_processed(project, capsys):
    root = project({
        "good.html": "<p>Good page</p>",
        "binary.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "empty.html": b"",
        "badbytes.html": b'<meta charset="utf-8">\n<p>caf\xe9</p>',
    })
    assert extract(root) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3
    assert any("binary.html" in line and "binary" in line for line in err)
    assert any("empty.html" in line and "empty" in line for line in err)
    assert any("badbytes.html:2:" in line and "utf-8" in line for line in err)
    assert "Traceback" not in "\n".join(err)
    ids = {e.msgid for e in polib.pofile(str(root / "locales" / "messages.pot"))}
    assert ids == {"Good page"}


def test_a_page_left_in_conflict_by_a_merge_fails_and_keeps_its_messages(project, capsys):
    """Its markers and both sides became messages ("<<<<<<< HEAD", ">>>>>>> dev3") with exit 0, to be translated
    and published. It fails as a broken page does, at the conflict's line: the template keeps its old messages."""
    root = project({"a.html": "<p>Launch window</p>\n<p>Payload</p>\n", "b.html": "<p>Other</p>\n"})
    assert extract(root) == 0
    pot = root / "locales" / "messages.pot"
    before = pot.read_bytes()
    page = root / "source_html" / "a.html"
    page.write_bytes(b"<p>Launch window</p>\r\n<<<<<<< HEAD\r\n<p>Payload</p>\r\n=======\r\n<p>Cargo</p>\r\n"
                     b">>>>>>> dev3\r\n")
    capsys.readouterr()
    assert extract(root) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "source_html/a.html:2: an unresolved merge conflict" in err[0]
    assert pot.read_bytes() == before
    for text in ("<p>A</p>\n<<<<<<< HEAD\n<p>B</p>\n", "<pre>\n=======\n>>>>>>> not one\n</pre>",
                 "<pre>&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD\n=======\n&gt;&gt;&gt;&gt;&gt;&gt;&gt; dev\n</pre>"):
        page.write_text(text, "utf-8")  # no conflict: half of one, or one shown as text
        assert extract(root) == 0, text


def test_a_page_declaring_another_language_than_the_source_is_a_warning(project, capsys):
    """An `en` project with a page whose <html lang> says Japanese: its text is extracted as English, machine-
    translated from English and published with alternates calling it English, so extract says so (every time,
    also when the page comes from the units cache); a regional variant of the source language is no other one."""
    pages = {"ja.html": '<html lang="ja"><body><p>Bonjour</p></body></html>',
             "fr.xhtml": '<html xml:lang="fr" xmlns="http://www.w3.org/1999/xhtml"><body><p>Salut</p></body></html>',
             "gb.html": '<html lang="en-GB"><body><p>Colour</p></body></html>',
             "none.html": "<html><body><p>Hello</p></body></html>"}
    root = project(pages, locales=["ko"])
    (root / "babel.cfg").write_text("[html: source_html/**.html]\n[html: source_html/**.xhtml]\n", encoding="utf-8")
    for _ in range(2):
        capsys.readouterr()
        assert main(["extract", "--root", str(root)]) == 0
        warned = [ln for ln in capsys.readouterr().err.splitlines() if "declares lang" in ln]
        assert sorted(warned) == [
            'l10n: warning: source_html/fr.xhtml: declares lang="fr", not the source language (en); its text is '
            "extracted as en all the same (fix its lang, or leave the page out in babel.cfg if it is not in that "
            "language)",
            'l10n: warning: source_html/ja.html: declares lang="ja", not the source language (en); its text is '
            "extracted as en all the same (fix its lang, or leave the page out in babel.cfg if it is not in that "
            "language)"]
    assert {e.msgid for e in polib.pofile(str(root / "locales" / "messages.pot"))} == {"Bonjour", "Salut", "Colour",
                                                                                       "Hello"}


def test_missing_source_dir_is_exit_2(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nsource_dir = "nope"\n')
    assert main(["extract", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "not found" in err and "Traceback" not in err


def test_cli_flag_overrides_setting(project, tmp_path):
    root = project({"index.html": "<p>From the configured dir</p>"})
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "a.html").write_text("<p>From the flag</p>")
    assert main(["extract", "--root", str(root), "-q", "--source-dir", str(other)]) == 0
    ids = {e.msgid for e in polib.pofile(str(root / "locales" / "messages.pot"))}
    assert ids == {"From the flag"}


def test_python_dash_m_entry_point(project):
    root = project({"index.html": "<p>Hello</p>"})
    r = subprocess.run([sys.executable, "-m", "toolkit", "extract", "--root", str(root)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "1 messages from 1 pages" in r.stderr


def test_parallel_extraction_equals_serial(project):
    para = "<p>Paragraph {i} about <a href='/x'>Soyuz</a> launches from Kourou.</p>\n"
    pages = {f"s{n}/p{n}.html": "<html><body>" + "".join(para.format(i=i + n) for i in range(2500))
             + "</body></html>" for n in range(9)}
    root = project(pages)
    from toolkit.config import load_config
    from toolkit.extract import extract_project

    cfg = load_config(root)
    extract_project(cfg, output=root / "serial.pot", jobs=1)
    # the parallel run starts from the serial result: equal messages leave it (and its date) untouched
    (root / "parallel.pot").write_bytes((root / "serial.pot").read_bytes())
    assert not extract_project(cfg, output=root / "parallel.pot", jobs=2).written
    assert (root / "serial.pot").read_bytes() == (root / "parallel.pot").read_bytes()
    assert len(polib.pofile(str(root / "serial.pot"))) > 2500


def test_running_the_pipeline_on_the_shipped_sample_changes_no_catalogue_byte(sample_project):
    """The committed catalogues are in steady state, whatever directory the project sits in."""
    repo = Path(__file__).resolve().parent.parent
    assert main(["run", "--root", str(sample_project), "-q", "--engine", "none"]) == 0
    for rel in ["locales/messages.pot", *(f"locales/{loc}/LC_MESSAGES/messages.po"
                                          for loc in ("ko", "zh_TW", "zh_CN", "ja"))]:
        assert (sample_project / rel).read_bytes() == (repo / rel).read_bytes(), rel


def test_template_date_changes_only_with_its_messages(project, monkeypatch):
    """And the old template is never read whole (a large site's is tens of megabytes; reading it, and again to find
    it unchanged, took a 50 MB site's re-extract from 207 to 314 MiB): its header gives the date, the rest is
    compared a piece at a time, and a changed one gets today's date spliced in."""
    from toolkit import fsutil

    root = project({"index.html": PAGE})
    extract(root)
    pot = root / "locales" / "messages.pot"
    text = pot.read_text("utf-8")
    old = re.search(r"POT-Creation-Date: ([^\\]*)\\n", text).group(1)
    pot.write_text(text.replace(old, "2000-01-01 00:00+0000"), "utf-8")
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        assert path != pot, "the old template was read whole"
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(fsutil, "_COMPARED", 7)  # many pieces, compared one by one
    extract(root)
    assert "POT-Creation-Date: 2000-01-01 00:00+0000" in pot.read_text("utf-8")  # same messages
    (root / "source_html" / "index.html").write_text(PAGE.replace("Home", "Start"), "utf-8")
    extract(root)
    after = pot.read_text("utf-8")
    assert "2000-01-01" not in after and "POT-Creation-Date: 20" in after and 'msgid "Start"' in after
    assert after.count("POT-Creation-Date") == 1


def test_a_template_with_crlf_line_ends_keeps_its_date(project, capsys):
    """Git's `core.autocrlf` (or `eol=crlf`) checks the template out with CR LF: its date was not found, so
    `extract --check` always said it was out of date and `extract` rewrote it with today's date, which `update`
    copied into every catalogue (churn on every run).  Unchanged messages leave it as it is; changed ones are
    written with LF ends, as `update` writes a catalogue it changes (git stores both the same way)."""
    root = project({"index.html": PAGE}, locales=["ko"])
    assert extract(root) == 0 and main(["init", "--root", str(root), "-q"]) == 0
    pot, po = root / "locales" / "messages.pot", root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    for path in (pot, po):  # an older extract's, as a Windows checkout has them
        text = re.sub(r"POT-Creation-Date: [^\\]*", "POT-Creation-Date: 2000-01-01 00:00+0000", path.read_text("utf-8"))
        path.write_bytes(text.replace("\n", "\r\n").encode())
    saved = pot.read_bytes(), po.read_bytes()
    assert extract(root, "--check") == 0
    assert extract(root) == 0 and main(["update", "--root", str(root), "-q"]) == 0
    assert (pot.read_bytes(), po.read_bytes()) == saved
    (root / "source_html" / "index.html").write_text(PAGE.replace("Home", "Start"), "utf-8")
    assert extract(root, "--check") == 1
    assert extract(root) == 0
    after = pot.read_bytes()
    assert b"\r" not in after and b"2000-01-01" not in after and after.count(b"POT-Creation-Date") == 1


def test_extract_check_is_a_ci_gate_that_writes_nothing(project, capsys):
    root = project({"a.html": "<p>Soyuz lifts off from Kourou.</p>"})
    pot = root / "locales" / "messages.pot"
    assert main(["extract", "--root", str(root), "--check"]) == 1  # no template yet
    assert not (root / "locales").exists()
    assert "out of date" in capsys.readouterr().err
    assert main(["extract", "--root", str(root), "-q"]) == 0
    before = pot.read_bytes()
    listing = sorted(p.name for p in pot.parent.iterdir())
    assert main(["extract", "--root", str(root), "--check", "-q"]) == 0
    (root / "source_html" / "a.html").write_text("<p>Ariane lifts off from Kourou.</p>", encoding="utf-8")
    assert main(["extract", "--root", str(root), "--check", "-q"]) == 1
    assert pot.read_bytes() == before
    assert sorted(p.name for p in pot.parent.iterdir()) == listing


def test_template_header_is_fuzzy_like_xgettext_and_pybabel(project):
    root = project({"a.html": "<p>Soyuz lifts off from Kourou.</p>"})
    assert main(["extract", "--root", str(root), "-q"]) == 0
    text = (root / "locales" / "messages.pot").read_text("utf-8")
    assert text.startswith('#, fuzzy\nmsgid ""\nmsgstr ""\n')



def test_jobs_sets_the_worker_processes_of_extract_build_and_run(project, capsys):
    """-j 1 forks nothing; -j 2 forks workers and writes the same template; -j 0 is a usage error."""
    import shutil

    import pytest

    words = " ".join(f"word{i}" for i in range(12_000))
    root = project({f"p{i}.html": f"<html><body><p>Page {i}</p><p>{words}</p></body></html>" for i in range(10)},
                   locales=["ko"])  # 10 pages, over 1 MB: enough for extract to use workers
    forks: list[str] = []
    os.register_at_fork(before=lambda: forks.append("fork"))  # (cannot be removed: the list is this test's)
    assert main(["run", "--root", str(root), "-q", "--engine", "none", "-j", "1"]) == 0
    assert forks == [] and (root / "build" / "ko" / "p0.html").exists()
    def undated(pot: bytes) -> bytes:  # (a minute may pass between the runs)
        return re.sub(rb'"POT-Creation-Date: [^"]*"', b"", pot)

    serial = undated((root / "locales" / "messages.pot").read_bytes())
    shutil.rmtree(root / "build")
    shutil.rmtree(root / "locales" / ".cache")
    (root / "locales" / "messages.pot").unlink()
    assert main(["run", "--root", str(root), "-q", "--engine", "none", "-j", "2"]) == 0
    assert forks and (root / "build" / "ko" / "p0.html").exists()
    assert undated((root / "locales" / "messages.pot").read_bytes()) == serial
    forks.clear()
    assert extract(root, "-j", "1", "-o", str(root / "again.pot")) == 0 and forks == []
    assert extract(root, "-j", "2", "-o", str(root / "again.pot")) == 0 and forks
    for bad in ("0", "-2", "two"):
        with pytest.raises(SystemExit) as stop:
            main(["extract", "--root", str(root), "-j", bad])
        assert stop.value.code == 2
    assert "expected a number of workers, 1 or more: 'two'" in capsys.readouterr().err



def test_extract_check_reads_the_units_cache_and_writes_none(project, monkeypatch):
    """A CI gate on a large site need not segment every page again (11.6 s against 5.4 s for the 2,500-page site):
    `extract --check` reads the units an extract cached, and adds none."""
    import toolkit.discover as discover  # (`discover.segment_page` segments a page the cache does not hold)

    root = project({"a.html": "<p>Soyuz lifts off from Kourou.</p>", "b.html": "<p>Ariane waits.</p>"})
    assert main(["extract", "--root", str(root), "-q"]) == 0
    units = root / "locales" / ".cache" / "units"
    cached = sorted(units.iterdir())
    real = discover.parse_document
    segmented: list[str] = []

    def parse_document(text, *args, **kwargs):
        segmented.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(discover, "parse_document", parse_document)
    assert main(["extract", "--root", str(root), "--check", "-q"]) == 0
    assert segmented == []  # both pages came from the cache
    (root / "source_html" / "b.html").write_text("<p>Ariane lifts off.</p>", encoding="utf-8")
    assert main(["extract", "--root", str(root), "--check", "-q"]) == 1
    assert len(segmented) == 1 and sorted(units.iterdir()) == cached  # the changed page segmented, not cached


def test_the_template_does_not_depend_on_the_projects_folder_name(project, tmp_path):
    """Without a [project] table the header named the folder: a checkout elsewhere failed `extract --check`."""
    import shutil

    root = project({"index.html": PAGE})
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text("utf-8").split("[project]")[0], "utf-8")
    assert extract(root) == 0
    copy = tmp_path / "a-ci-checkout"
    shutil.copytree(root, copy)
    assert main(["extract", "--root", str(copy), "--check", "-q"]) == 0
    assert 'Project-Id-Version: PROJECT VERSION' in (copy / "locales" / "messages.pot").read_text("utf-8")


def test_pages_a_script_framework_renders_again_are_one_warning_per_framework(tmp_path, capsys):
    """A Next.js or Docusaurus export is rendered again by its scripts once loaded, from the app's own strings: the
    translated page turned back into English in the browser, and nothing said why.  The pages of several frameworks
    were one line naming the first page's framework alone ("and 2 more: rendered by Next.js", one of them Gatsby's);
    each framework has its line, -v lists every page and the JSON document has them."""
    import json

    from tests.conftest import write_project

    root = tmp_path / "p"
    root.mkdir()
    next_page = ('<html><body><div id="__next"><p>Weather dashboard {}</p></div>'
                 '<script id="__NEXT_DATA__" type="application/json">{{}}</script></body></html>')
    write_project(root, {
        "a.html": next_page.format(1),
        "b.html": '<html><body><div id="___gatsby"><p>Intro</p></div></body></html>',
        "c.html": "<html><body><p>Plain page: <code>__NEXT_DATA__</code> explained</p></body></html>",
        "d.html": next_page.format(2)}, locales=["ja"])
    assert main(["extract", "--root", str(root), "-v", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err.count("rendered by") == 2
    assert "source_html/a.html and 1 more: rendered by Next.js" in err
    assert "source_html/b.html: rendered by Gatsby" in err
    assert "source_html/d.html: rendered again in the browser by Next.js" in err  # -v: every page
    assert json.loads(out)["rendered"] == {"source_html/a.html": "Next.js", "source_html/b.html": "Gatsby",
                                           "source_html/d.html": "Next.js"}


def test_l10n_run_says_a_framework_warning_once(tmp_path, capsys):
    """`l10n run` printed the line about pages a script framework renders again twice, once from extract and once
    from build (which repeats it for a build run alone, from committed catalogues)."""
    from tests.conftest import write_project

    root = tmp_path / "p"
    root.mkdir()
    write_project(root, {"a.html": '<html><body><div id="___gatsby"><p>Intro</p></div></body></html>'},
                  locales=["ja"])
    assert main(["run", "--root", str(root), "--engine", "none"]) == 0
    assert capsys.readouterr().err.count("rendered by Gatsby") == 1
    assert main(["build", "--root", str(root), "--force"]) == 0
    assert capsys.readouterr().err.count("rendered by Gatsby") == 1  # (a build alone still says it)


def test_many_notes_on_one_message_are_gathered_in_linear_time():
    """64,000 elements with notes of their own around one text took 36 s to extract: each note was looked for in
    the list of the message's note lines so far.  Each note is kept once, in order."""
    import time

    from toolkit.extract import Template

    template = Template({})
    notes = [f"note {i}" for i in range(64_000)]
    started = time.process_time()
    for i, note in enumerate(notes):
        template.add("a.html", [(None, "same text", i + 1, [note, "note 0"])])
    assert time.process_time() - started < 2.0
    assert template.notes["same text"] == notes
    template.add("b.html", [(None, "other", 1, ["two\nlines", "two", "two\nlines"])])  # a note of two lines: once
    assert template.notes["other"] == ["two\nlines", "two"]


def test_update_says_which_pages_changed_since_the_template_was_extracted(project, capsys):
    """A page edited, added or removed and `update` run without `extract`: the catalogues were merged with a
    template that missed the change, and the new text went out in the source language, without a word."""
    root = project({"a.html": "<p>Hello</p>", "b.html": "<p>World</p>"}, locales=["ko"])
    src = root / "source_html"

    def update_warning() -> str:
        assert main(["update", "--root", str(root), "-q"]) == 0
        return capsys.readouterr().err

    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    assert update_warning() == ""
    (src / "a.html").write_text("<p>Hello, world</p>", "utf-8")
    assert "source_html/a.html: added, changed or removed since the template was extracted" in update_warning()
    (src / "c.html").write_text("<p>New</p>", "utf-8")
    (src / "b.html").unlink()
    assert "source_html/a.html and 2 more: added, changed" in update_warning()
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert update_warning() == ""
    (src / "c.html").write_text("<p>Newer</p>", "utf-8")
    pot = root / "locales" / "messages.pot"
    pot.write_bytes(pot.read_bytes() + b'\nmsgid "From a teammate"\nmsgstr ""\n')  # (their extract, pulled)
    assert update_warning() == ""  # the template is not the one this checkout extracted: no opinion


def test_extract_reports_progress_through_its_callback(project):
    from toolkit.config import load_config
    from toolkit.extract import extract_project

    root = project({f"p{i}.html": f"<p>Page {i}</p>" for i in range(3)}, locales=["ko"])
    calls: list[tuple[int, int]] = []
    extract_project(load_config(root), jobs=1, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_extract_draws_a_bar_on_a_terminal_and_none_with_quiet(project):
    """A site of thousands of pages took 13 s to extract with nothing on the screen until the end."""
    import fcntl
    import pty
    import struct
    import termios

    root = project({f"p{i}.html": f"<p>Page {i}</p>" for i in range(3)}, locales=["ko"])

    def on_terminal(*more: str) -> str:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # (0 columns: no bar)
        done = subprocess.run([sys.executable, "-m", "toolkit", "extract", "--root", str(root), "-j", "1", *more],
                              stdout=subprocess.DEVNULL, stderr=follower, check=True)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # (the terminal's other end is closed and read)
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert done.returncode == 0
        return b"".join(chunks).decode("utf-8", "replace")

    drawn = on_terminal()
    assert "extract:" in drawn and "/3 [" in drawn and "page/s" in drawn
    assert "page/s" not in on_terminal("-q")


def test_no_page_reads_as_changed_after_the_toolkit_changed(project, capsys, monkeypatch):
    """Another toolkit version keys every page anew: update said every page had changed since the extract."""
    import toolkit.extract

    root = project({"a.html": "<p>Hello</p>"}, locales=["ko"])
    assert main(["extract", "--root", str(root), "-q"]) == 0 and main(["init", "--root", str(root), "-q"]) == 0
    monkeypatch.setattr(toolkit.extract, "page_key", lambda data, *rest: "another key for every page")
    assert main(["update", "--root", str(root), "-q"]) == 0
    assert "since the template was extracted" in capsys.readouterr().err  # (a changed key: a changed page)
    monkeypatch.setattr(toolkit.extract, "segmenter_fingerprint", lambda: "another toolkit")
    assert main(["update", "--root", str(root), "-q"]) == 0
    assert capsys.readouterr().err == ""
