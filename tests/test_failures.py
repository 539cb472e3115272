"""Clean failure: a full disk, a read-only directory, a file in a directory's place each give one line and exit 2,
and leave the existing files intact."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import translate_project

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


@pytest.mark.parametrize("command", [["update"], ["translate", "--engine", "pseudo"]])
def test_a_read_only_catalogue_is_not_replaced(project, capsys, command):
    """`chmod a-w` (or a Perforce file not opened for edit) says "leave it"; a rename in the writable folder
    replaced it all the same (and root may write anything): one line, exit 2, the file as it was."""
    root = project({"a.html": "<p>Soyuz lifts off.</p>"})
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q", "-l", "ko"]) == 0
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    (root / "source_html" / "a.html").write_text("<p>Soyuz lifts off.</p><p>Ariane follows.</p>", encoding="utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    before = po.read_bytes()
    po.chmod(0o444)
    try:
        assert main([command[0], "--root", str(root), "-q", "-l", "ko", *command[1:]]) == 2
        line = one_error_line(capsys.readouterr().err)
        assert "messages.po" in line and "read-only" in line and "chmod u+w" in line
        assert po.read_bytes() == before
        assert po.stat().st_mode & 0o777 == 0o444
        assert [p.name for p in po.parent.iterdir() if p.name.endswith(".tmp")] == []
    finally:
        po.chmod(0o644)


def test_a_read_only_built_page_stops_the_build_in_one_line(project, capsys):
    """The same for build/ (written by the workers, who hand the error to the parent)."""
    root = project({f"p{i}.html": f"<p>Soyuz flight {i} lifts off.</p>" for i in range(12)}, ["ko"])
    translate_project(root, "ko", "KO ")
    assert main(["build", "--root", str(root), "-q", "-j", "2"]) == 0
    page = root / "build" / "ko" / "p3.html"
    before = page.read_bytes()
    page.chmod(0o444)
    (root / "locales" / "ko" / "LC_MESSAGES" / "messages.po").write_text(
        (root / "locales" / "ko" / "LC_MESSAGES" / "messages.po").read_text("utf-8").replace("KO ", "한 "), "utf-8")
    assert main(["build", "--root", str(root), "-q", "-j", "2"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "p3.html" in line and "read-only" in line
    assert page.read_bytes() == before


@pytest.mark.parametrize("argv, said", [(["build", "--min-percent", "150"], "l10n build: error: argument --min-percent"),
                                         (["serve", "--port", "99999"], "l10n serve: error: argument --port"),
                                         (["bogus"], "l10n: error: argument COMMAND: invalid choice: 'bogus'"),
                                         (["build", "--bogus"], "l10n build: error: unrecognized arguments: --bogus"),
                                         (["xliff", "export", "--bogus"],
                                          "l10n xliff export: error: unrecognized arguments: --bogus"),
                                         (["--bogus"], "l10n: error: unrecognized arguments: --bogus")])
def test_a_usage_error_is_one_line(capsys, argv, said):
    """argparse printed its whole usage block before the error: a CI log read three lines for one mistake.

    The help it names is the (sub)command's that was given the option (an unknown option of `build` was
    reported by the top-level parser, which pointed to `l10n --help`: no word of build's options there).
    """
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    line = one_error_line(capsys.readouterr().err)
    command = said.split(":")[0]
    assert line.startswith(said) and f"`{command} --help` lists the options" in line


def test_a_file_where_the_locales_directory_should_be(project, capsys):
    root = project({"a.html": "<p>Soyuz lifts off.</p>"})
    (root / "locales").write_text("not a directory", encoding="utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "locales" in line
    assert (root / "locales").read_text("utf-8") == "not a directory"


def test_a_page_name_with_a_newline_is_refused_by_name(project, capsys):
    root = project({"good.html": "<p>Soyuz lifts off.</p>", "bad\nname.html": "<p>Ariane lifts off.</p>"})
    assert main(["extract", "--root", str(root)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "bad\\nname.html" in line and "rename" in line
    assert not (root / "locales" / "messages.pot").exists()


def test_a_page_name_that_is_not_utf8_is_refused_by_name(project, capsys):
    """café.html written in Latin-1 by another system: writing the template's location raised a traceback."""
    root = project({"good.html": "<p>Soyuz lifts off.</p>"})
    (root / "source_html" / os.fsdecode(b"caf\xe9.html")).write_text("<p>Ariane lifts off.</p>", "utf-8")
    assert main(["extract", "--root", str(root)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "caf\\xe9.html" in line and "is not UTF-8" in line and "rename" in line, line
    assert not (root / "locales" / "messages.pot").exists()


def test_memory_exhaustion_is_one_line(project, tmp_path):
    """A page too big for the memory the process may use: one line and exit 2, not a traceback."""
    import resource
    import sys

    root = project({"big.html": "<p>" + "Soyuz lifts off from Kourou. " * 1_500_000 + "</p>"})  # 44 MB

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (150 << 20, 150 << 20))

    proc = subprocess.run([sys.executable, "-m", "toolkit", "extract", "--root", str(root), "-q"],
                          capture_output=True, text=True, preexec_fn=limit, timeout=120)
    if proc.returncode == 0:
        pytest.skip("the page fitted in memory on this machine")
    assert proc.returncode == 2, proc.stderr
    assert "out of memory" in one_error_line(proc.stderr)


@pytest.fixture
def many_findings(project) -> Path:
    import polib

    root = project({"a.html": "<p>Soyuz lifts off.</p>"}, ["ko"])
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    for i in range(3000):  # findings far past what a pipe holds
        po.append(polib.POEntry(msgid=f"Read <b>item {i}</b> now", msgstr=f"항목 {i} 읽기"))
    (root / "locales" / "ko" / "LC_MESSAGES").mkdir(parents=True)
    po.save(str(root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"))
    return root


@pytest.mark.parametrize("stderr", ["own", "with stdout"])
def test_a_reader_that_leaves_early_does_not_turn_findings_into_success(many_findings, stderr):
    """`l10n check | head` under `set -o pipefail`: the broken pipe ended the command with exit 0 while the catalogue
    held errors (a CI gate went green); so did `2>&1 | head` once a warning came after the reader left (a build then
    stopped with most of the site unwritten).  The rest of the output is thrown away and the command exits as it
    found."""
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "toolkit", "check", "--root", str(many_findings)],
                            stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE if stderr == "own" else subprocess.STDOUT)
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith(b"LOCALE")
    proc.stdout.close()  # the reader leaves: `head -1`
    err = proc.stderr.read().decode() if proc.stderr is not None else ""
    assert proc.wait(timeout=60) == 1, err
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_no_stdout_at_all_is_no_traceback(many_findings):
    """`l10n check >&-` (or a launcher without a console): sys.stdout is None, and wrapping it crashed."""
    import sys

    proc = subprocess.run([sys.executable, "-m", "toolkit", "check", "--root", str(many_findings)],
                          stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=60)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_full_disk_for_the_build_store_is_one_line(project, capsys, jobs):
    """The build's translations store (SQLite) on a full disk: one line naming it, exit 2, no temp file."""
    from conftest import translate_project

    po_path = translate_project(root := project({"a.html": PAGE}, locales=["ko"]), "ko", "소유즈 ")
    before = po_path.read_bytes()
    with tiny_mount(root / "locales" / ".cache", size="32k"):
        assert main(["build", "--root", str(root), "-q", "--jobs", jobs]) == 2
        line = one_error_line(capsys.readouterr().err)
        assert "translations store" in line and "full" in line
        assert [p.name for p in (root / "locales" / ".cache").iterdir() if p.name.endswith(".tmp")] == []
    assert po_path.read_bytes() == before


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_full_disk_for_the_built_pages_is_one_line(project, capsys, jobs):
    """build/ fills up while workers write pages: one line, exit 2, no temp file; a second build, with room,
    finishes the site."""
    from conftest import translate_project

    pages = {f"p{i}.html": f"<html><body><p>Page {i} about Soyuz.</p>{PAGE[12:-14]}</body></html>" for i in range(10)}
    translate_project(root := project(pages, locales=["ko"]), "ko", "소유즈 ")
    with tiny_mount(root / "build", size="256k"):
        assert main(["build", "--root", str(root), "-q", "--jobs", jobs]) == 2
        line = one_error_line(capsys.readouterr().err)
        assert "disk is full" in line and "build" in line
        assert not list((root / "build").rglob("*.tmp"))
    assert main(["build", "--root", str(root), "-q", "--jobs", jobs]) == 0
    assert len(list((root / "build").rglob("*.html"))) == 20


@pytest.mark.parametrize(("args", "words"), [
    (["extract", "-o", "{fifo}"], "expected a file to write"),  # -o /dev/stdout piped: it hung reading the pipe
    (["extract", "-o", "-"], "expected a file to write"),  # wrote a file named "-"
    (["extract", "-o", "{root}"], "expected a file to write"),  # a directory
    (["tmx", "export", "-l", "ko", "-o", "/dev/null"], "expected a file to write"),  # a rename would replace it
    (["translate", "--engine", "pseudo", "--limit", "0"], "expected a number of entries, 1 or more"),
    (["translate", "--engine", "pseudo", "--limit", "-1"], "expected a number of entries, 1 or more"),
    (["serve", "--port", "99999"], "expected a port from 0 to 65535"),  # was an OverflowError traceback
])
def test_arguments_that_cannot_work_are_usage_errors(project, capsys, args, words):
    root = project({"a.html": "<p>Hi</p>"}, locales=["ko"])
    fifo = root / "pipe"
    os.mkfifo(fifo)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    with pytest.raises(SystemExit) as stop:
        main(["--root", str(root), *[a.format(root=root, fifo=fifo) for a in args]])
    assert stop.value.code == 2
    assert words in capsys.readouterr().err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_a_failed_write_names_its_target_not_the_temp_file():
    """"…/.messages.po.4725.2a3lrqbm.tmp: permission denied" named a file no one knows, gone by the time it is read."""
    import errno

    from toolkit.cli import os_error_line
    from toolkit.fsutil import temp_prefix

    target = Path("locales/ko/LC_MESSAGES/messages.po")
    temp = target.parent / f"{temp_prefix(target)}2a3lrqbm.tmp"
    line = os_error_line(PermissionError(errno.EACCES, "Permission denied", str(temp)))
    assert line.startswith(f"{target}: writing it failed: ") and ".tmp" not in line
    assert os_error_line(PermissionError(errno.EACCES, "Permission denied", str(target))).startswith(f"{target}: ")


def test_a_file_where_the_cache_folder_goes_is_one_line_that_says_so(project, capsys):
    """locales/.cache a plain file: the build said only "locales/.cache: File exists"."""
    import shutil

    from toolkit.cli import main

    root = project({"a.html": "<html><body><p>Hello there</p></body></html>"}, ["ko"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    cache = root / "locales" / ".cache"
    if cache.exists():
        shutil.rmtree(cache)
    cache.write_text("not a folder", "utf-8")
    capsys.readouterr()
    assert main(["build", "--root", str(root), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".cache" in err and "a file where a directory is needed" in err, err


@pytest.mark.parametrize("command", [["update"], ["translate", "--engine", "pseudo"], ["run", "--engine", "pseudo"]])
def test_a_malformed_catalogue_after_others_were_written_says_which_were(project, capsys, command):
    """update, translate and run merge or fill one catalogue after the other: one malformed after others were
    written stopped with its error alone, the others left rewritten and the log silent about them. The error line
    says which were written (validating every catalogue first would read each twice: a quarter more of a
    merge's time); nothing else was changed, and a run after the fix does the rest."""
    root = project({"a.html": "<p>Soyuz lifts off.</p>"}, locales=["ko", "ja", "de"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    (root / "source_html" / "a.html").write_text("<p>Soyuz lifts off.</p><p>Ariane too.</p>", encoding="utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    ja, de = (root / "locales" / locale / "LC_MESSAGES" / "messages.po" for locale in ("ja", "de"))
    ja.write_bytes(ja.read_bytes() + b"<<<<<<< HEAD\n")
    before = ja.read_bytes(), de.read_bytes()
    capsys.readouterr()
    assert main([command[0], "--root", str(root), "-q", *command[1:]]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "ja/LC_MESSAGES/messages.po:" in line and "unresolved merge conflict" in line
    assert line.endswith("(written before it: ko; no other catalogue was changed)")
    assert (ja.read_bytes(), de.read_bytes()) == before
