"""CI gates and reports of the CLI: update --check, stats --by-page, --format json, -v, --width, offline run."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from toolkit.cli import main

REPO = Path(__file__).resolve().parent.parent

PAGES = {
    "a.html": "<html><head><title>Home</title></head><body><p>Hello world</p><p>Shared text</p></body></html>",
    "b/c.html": "<html><body><p>Shared text</p><p>Only on c</p></body></html>",
}
needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None or shutil.which("msgmerge") is None,
                                   reason="GNU gettext (msgcat, msgmerge) is not installed")


def tree(root: Path) -> dict[str, bytes]:
    """Every file and directory under root with its bytes: what a command that writes nothing must keep."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>") for p in root.rglob("*")}


def setup(project, locales=("ko",)) -> Path:
    root = project(PAGES, locales=list(locales))
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    return root


def translate(root: Path, locale: str, done: dict[str, str], fuzzy: set[str] = frozenset()) -> None:
    path = root / "locales" / locale / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(path))
    for e in po:
        if e.msgid in done:
            e.msgstr = done[e.msgid]
            e.flags = ["fuzzy"] if e.msgid in fuzzy else []
    po.save(str(path))


# --- update --check ---------------------------------------------------------------------------


def test_update_check_is_a_ci_gate_that_writes_nothing(project, capsys):
    root = setup(project)
    assert main(["update", "--root", str(root), "-q"]) == 0
    shutil.rmtree(root / "locales" / "ko" / "LC_MESSAGES")
    (root / "locales" / "ko" / "LC_MESSAGES").mkdir()
    assert main(["init", "--root", str(root), "-q"]) == 0  # a fresh catalogue, no lock files yet
    for lock in root.rglob("*.lock"):
        lock.unlink()
    before = tree(root)
    capsys.readouterr()
    assert main(["update", "--root", str(root), "--check"]) == 0
    assert "up to date" in capsys.readouterr().err
    assert tree(root) == before

    (root / "source_html" / "a.html").write_text("<p>Hello changed world</p>", encoding="utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    for lock in root.rglob("*.lock"):
        lock.unlink()
    before = tree(root)
    assert main(["update", "--root", str(root), "--check"]) == 1
    err = capsys.readouterr().err
    assert "messages.po is out of date with the template; run `l10n update`" in err
    assert tree(root) == before  # not even a lock file
    assert main(["update", "--root", str(root), "-q"]) == 0
    assert main(["update", "--root", str(root), "--check", "-q"]) == 0


def test_a_catalogue_with_crlf_line_ends_is_not_out_of_date(project, capsys):
    """Git's `core.autocrlf` checkout on Windows (CR LF) was always "out of date" to the CI gates (`update --check`,
    `extract --check` exited 1 on catalogues no merge changes), and every update rewrote it."""
    root = setup(project)
    assert main(["update", "--root", str(root), "-q"]) == 0
    po, pot = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po", root / "locales" / "messages.pot"
    for path in (po, pot):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    saved = po.read_bytes(), pot.read_bytes()
    assert main(["update", "--root", str(root), "--check", "-q"]) == 0
    assert main(["extract", "--root", str(root), "--check", "-q"]) == 0
    shutil.rmtree(root / "locales" / ".cache")  # no stamp: the merge itself finds the catalogue unchanged
    assert main(["update", "--root", str(root), "--format", "json", "-q"]) == 0
    assert [r["written"] for r in json.loads(capsys.readouterr().out)] == [False]
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert (po.read_bytes(), pot.read_bytes()) == saved
    (root / "source_html" / "a.html").write_text("<p>Hello changed world</p>", encoding="utf-8")
    assert main(["extract", "--root", str(root), "--check", "-q"]) == 1  # what does change still counts


def test_update_check_json_names_the_stale_catalogues(project, capsys):
    root = setup(project, ["ko", "ja"])
    (root / "source_html" / "b" / "c.html").write_text("<p>New</p>", encoding="utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    capsys.readouterr()
    assert main(["update", "--root", str(root), "--check", "--format", "json", "-q"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(r["locale"], r["stale"], r["written"]) for r in data] == [("ko", True, False), ("ja", True, False)]


# --- stats --by-page --------------------------------------------------------------------------


def test_stats_by_page_counts_each_page_per_locale(project, capsys):
    root = setup(project, ["ko", "ja"])
    translate(root, "ko", {"Hello world": "안녕", "Shared text": "공유", "Home": "홈"}, fuzzy={"Home"})
    capsys.readouterr()
    assert main(["stats", "--root", str(root), "--by-page", "--format", "json"]) == 0
    rows = {(r["page"], r["locale"]): r for r in json.loads(capsys.readouterr().out)}
    a, c = "source_html/a.html", "source_html/b/c.html"
    assert rows[(a, "ko")] == {"page": a, "locale": "ko", "units": 3, "translated": 2, "fuzzy": 1,
                               "untranslated": 0, "behind_template": None, "percent": 66.7}
    assert rows[(c, "ko")] == {"page": c, "locale": "ko", "units": 2, "translated": 1, "fuzzy": 0,
                               "untranslated": 1, "behind_template": None, "percent": 50.0}
    assert rows[(a, "ja")]["untranslated"] == 3 and rows[(a, "ja")]["percent"] == 0.0
    assert list(rows) == [(a, "ko"), (a, "ja"), (c, "ko"), (c, "ja")]

    assert main(["stats", "--root", str(root), "--by-page"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["page", "locale", "units", "translated", "fuzzy", "untranslated", "%"]
    assert lines[1].split() == [a, "ko", "3", "2", "1", "0", "66.7%"]


def test_a_page_whose_name_has_spaces_is_one_page(project, capsys, tmp_path):
    """Its `#:` path is written between U+2068 and U+2069 (GNU gettext 0.22), so every reader, stats
    --by-page included, sees one page; msgmerge keeps the line as it is."""
    root = project({"my page.html": "<html><body><p>Hello there</p><p>Bye</p></body></html>"}, locales=["ko"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    pot = (root / "locales" / "messages.pot").read_text("utf-8")
    assert "#: \u2068source_html/my page.html\u2069:1" in pot
    capsys.readouterr()
    assert main(["stats", "--root", str(root), "--by-page", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["page"], r["units"]) for r in rows] == [("source_html/my page.html", 2)]
    if shutil.which("msgmerge"):
        po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
        merged = subprocess.run(["msgmerge", "-q", "--previous", "-o", "-", str(po), str(root / "locales" / "messages.pot")],
                                capture_output=True, check=True).stdout.decode("utf-8")
        assert merged == po.read_text("utf-8")


# --- stats and check with a template that moved on ---------------------------------------------

BEHIND = ("ko: the catalogue is behind the template: 1 of its messages is not in the catalogue, 1 of the "
          "catalogue's is no longer in the template; run `l10n update`")


def moved_on(project) -> Path:
    """A fully translated catalogue, then a page changed and extracted again without `l10n update`."""
    root = setup(project)
    translate(root, "ko", {"Home": "홈", "Hello world": "안녕", "Shared text": "공유", "Only on c": "c만"})
    (root / "source_html" / "a.html").write_text(PAGES["a.html"].replace("Hello world", "Hello there"), "utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    return root


def test_stats_say_when_the_catalogue_is_behind_the_template(project, capsys):
    """After `extract` without `update`, stats read 100% while the build kept source text for the new message: a
    CI job gating on the percentage published untranslated text.  The counts stay the catalogue's, with a warning
    and a JSON field."""
    root = moved_on(project)
    capsys.readouterr()
    assert main(["stats", "--root", str(root)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[1].split()[:6] == ["ko", "4", "0", "0", "0", "100.0%"]  # the catalogue as it is
    assert f"l10n: warning: {BEHIND}" in err.splitlines()
    assert main(["stats", "--root", str(root), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data[0]["behind_template"] == {"new_in_template": 1, "not_in_template": 1} and data[0]["percent"] == 100.0
    assert BEHIND in err

    assert main(["stats", "--root", str(root), "--by-page", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert [r["behind_template"] for r in json.loads(out)] == [{"new_in_template": 1, "not_in_template": 1}] * 2
    assert err.count(BEHIND) == 1  # one line per locale, not per page
    assert main(["stats", "--root", str(root), "--by-page"]) == 0
    assert capsys.readouterr().err.count(BEHIND) == 1

    assert main(["update", "--root", str(root), "-q"]) == 0
    capsys.readouterr()
    assert main(["stats", "--root", str(root), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data[0]["behind_template"] is None and "behind the template" not in err
    assert data[0]["translated"] == 3 and data[0]["percent"] == 75.0  # the new message is the catalogue's now


def test_check_says_when_the_catalogue_is_behind_the_template(project, capsys):
    root = moved_on(project)
    capsys.readouterr()
    assert main(["check", "--root", str(root)]) == 0  # the catalogue's entries pass: the exit status is theirs
    out, err = capsys.readouterr()
    assert "ko: 0 error(s), 0 warning(s)" in out and f"l10n: warning: {BEHIND}" in err.splitlines()
    assert main(["check", "--root", str(root), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == [] and BEHIND in err  # (the document stays a list of findings)


def test_only_what_differs_is_named_and_no_template_means_no_warning(project, capsys):
    root = setup(project)
    translate(root, "ko", {"Home": "홈"})
    (root / "source_html" / "b" / "d.html").write_text("<p>Brand new</p>", "utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    capsys.readouterr()
    assert main(["stats", "--root", str(root), "--by-page"]) == 0
    assert ("l10n: warning: ko: the catalogue is behind the template: 1 of its messages is not in the catalogue; "
            "run `l10n update`") in capsys.readouterr().err.splitlines()
    pot = root / "locales" / "messages.pot"
    pot.write_text(pot.read_text("utf-8") + '\nmsgid "Torn"\n', "utf-8")  # a write cut short: not a template to trust
    assert main(["stats", "--root", str(root)]) == 2
    assert 'msgid "Torn" has no msgstr' in capsys.readouterr().err
    pot.unlink()
    for argv in (["stats"], ["stats", "--by-page"], ["check"]):
        assert main([*argv, "--root", str(root)]) == 0
        assert "behind the template" not in capsys.readouterr().err, argv


# --- --format json everywhere -----------------------------------------------------------------


def run_json(capsys, *argv: str) -> tuple[int, object]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out)  # exactly one JSON document on stdout


def test_every_reporting_command_speaks_json(project, capsys):
    root = project({**PAGES, "links.html": '<p><a href="/ko/" hreflang="ko">한국어</a></p>'}, locales=["ko"])
    r = str(root)
    code, data = run_json(capsys, "extract", "--root", r, "--format", "json")
    assert code == 0 and data["messages"] == 4 and data["written"] is True and data["pot_path"].endswith(".pot")
    code, data = run_json(capsys, "locales", str(root / "source_html" / "links.html"), "--root", r, "--format", "json")
    assert data[0]["locale"] == "ko"
    code, data = run_json(capsys, "init", "--root", r, "--format", "json")
    assert data == [{"locale": "ko", "path": str(root / "locales/ko/LC_MESSAGES/messages.po"), "created": True}]
    code, data = run_json(capsys, "update", "--root", r, "--format", "json")
    assert data[0]["stats"]["untranslated"] == 4 and data[0]["written"] is False  # the language label is no unit
    code, data = run_json(capsys, "translate", "--root", r, "--engine", "pseudo", "--format", "json")
    assert code == 0 and data["engine"] == "pseudo" and data["locales"][0]["filled"] == 4
    assert "secrets" not in data and data["stopped"] is None
    code, data = run_json(capsys, "check", "--root", r, "--format", "json", "--include-fuzzy")
    assert isinstance(data, list)
    code, data = run_json(capsys, "compile", "--root", r, "--format", "json", "--use-fuzzy")
    assert data[0]["messages"] == 4 and data[0]["mo_path"].endswith(".mo")
    code, data = run_json(capsys, "stats", "--root", r, "--format", "json")
    assert data[0]["fuzzy"] == 4
    code, data = run_json(capsys, "build", "--root", r, "--format", "json")
    assert code == 0 and len(data["written"]) >= 3 and data["fallback"] == {"ko": 5}  # "Shared text" twice; the language label is kept, not counted
    code, data = run_json(capsys, "run", "--root", r, "--engine", "none", "--format", "json", "-q")
    assert code == 0 and data["nothing_to_do"] is False  # compile drops the fuzzy entries --use-fuzzy put in
    code, data = run_json(capsys, "run", "--root", r, "--engine", "none", "--format", "json", "-q")
    assert code == 0 and [s["step"] for s in data["steps"]] == ["extract", "update", "compile", "build"]
    assert data["nothing_to_do"] is True and data["steps"][0]["report"]["written"] is False


def documented_shape(command: str) -> object:
    """The README's JSON shape of `command` (its table row's first code span) as nested dicts and lists: an object's
    keys map to their documented value's shape, None where the README names no keys (a string, `path`, `n`)."""
    row = next(line for line in (REPO / "README.md").read_text("utf-8").splitlines()
               if line.startswith(f"| `{command}` | "))
    text = row.split("`")[3]

    def value(i: int) -> tuple[object, int]:
        if text[i] == "{":
            out: dict[str, object] = {}
            i += 1
            while text[i] != "}":
                if text[i] == '"':
                    end = text.index('"', i + 1)
                    key, i = text[i + 1:end], end + 1
                    shape = None
                    if text.startswith(": ", i) and text[i + 2] in "{[":
                        shape, i = value(i + 2)
                    out[key] = shape
                depth = 0  # what the README says of the value besides its shape: `: n`, `(pages and …)`
                while depth or text[i] not in ",}":
                    depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(text[i], 0)
                    i += 1
                i += 1 if text[i] == "," else 0
                while text[i] == " ":
                    i += 1
            return out or None, i + 1  # ({locale: n}: keys of the data's own)
        if text[i] == "[":
            inner, i = value(i + 1) if text[i + 1] in "{[" else (None, text.index("]", i))
            return [inner], text.index("]", i) + 1
        raise AssertionError(f"README: no shape at {text[i:]!r}")

    return value(0)[0]


def assert_shape(data: object, shape: object, where: str) -> None:
    """`data` has exactly the keys the README documents, down to the nested objects it documents."""
    if isinstance(shape, dict):
        assert isinstance(data, dict) and set(data) == set(shape), (where, sorted(data), sorted(shape))
        for key, inner in shape.items():
            if inner is not None and data[key] not in (None, []):
                assert_shape(data[key], inner, f"{where}.{key}")
    elif isinstance(shape, list) and shape[0] is not None:
        assert isinstance(data, list) and data, where
        assert_shape(data[0], shape[0], f"{where}[0]")


def test_the_json_shapes_are_those_the_readme_documents(project, capsys):
    """Consumers write their scripts from the README's table: a key it names that the output lacks (translate's
    "sent"), or keys it leaves out (build's "withheld"), broke or hid things from them."""
    root = project({**PAGES, "links.html": '<p><a href="/ko/" hreflang="ko">한국어</a></p>'}, locales=["ko"])
    r = str(root)
    for command, args in [("extract", []), ("init", []), ("update", []), ("translate", ["--engine", "pseudo"]),
                          ("check", ["--include-fuzzy"]), ("compile", ["--use-fuzzy"]), ("stats", []),
                          ("build", []), ("run", ["--engine", "none"])]:
        if command == "check":  # a finding to look at
            po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
            po.write_text(po.read_text("utf-8").replace("Ĥéļļö ŵöŕļð", "Ĥéļļö ŵöŕļð https://example.org/"), "utf-8")
        code, data = run_json(capsys, command, "--root", r, "--format", "json", *args)
        assert code in (0, 1), command
        assert_shape(data, documented_shape(command), command)
    code, data = run_json(capsys, "locales", str(root / "source_html" / "links.html"), "--root", r, "--format", "json")
    assert_shape(data, documented_shape("locales"), "locales")


# --- -v / -q ----------------------------------------------------------------------------------


def test_verbose_before_or_after_the_command_and_not_with_quiet(project, capsys):
    root = setup(project)
    capsys.readouterr()
    assert main(["-v", "build", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert "a.html: written" in err and "l10n build:" in err and " s\n" in err and "project " in err
    assert main(["build", "--root", str(root), "--verbose"]) == 0
    assert "l10n build:" in capsys.readouterr().err
    assert main(["build", "--root", str(root)]) == 0
    assert "l10n build:" not in capsys.readouterr().err
    for argv in (["-q", "-v", "stats"], ["stats", "-q", "--verbose"], ["-v", "stats", "-q"]):
        with pytest.raises(SystemExit) as exc:
            main([*argv, "--root", str(root)])
        assert exc.value.code == 2
        assert "exclude each other" in capsys.readouterr().err


# --- --width / --no-wrap ----------------------------------------------------------------------

LONG = ("<p>Russia is ESA's first partner in its efforts to ensure long-term access to space; see "
        "https://www.esa.int/Our_Activities/Space_Transportation/Launch_vehicles/Soyuz_at_the_Guiana_Space_Centre "
        "and more text to wrap over several lines, several lines.</p>")


def msgcat(path: Path, *args: str) -> bytes:
    return subprocess.run(["msgcat", *args, str(path)], capture_output=True, check=True).stdout


@needs_gettext
def test_width_options_write_what_msgcat_writes(project):
    root = project({"a.html": LONG}, locales=["ko"])
    pot = root / "locales" / "messages.pot"
    po = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    assert main(["extract", "--root", str(root), "-q", "--width", "40"]) == 0
    assert pot.read_bytes() == msgcat(pot, "--width=40") != msgcat(pot)
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert pot.read_bytes() == msgcat(pot)
    assert main(["init", "--root", str(root), "-q", "--no-wrap"]) == 0
    assert po.read_bytes() == msgcat(po, "--no-wrap") != msgcat(po)
    assert main(["update", "--root", str(root), "-q", "--width", "60"]) == 0
    assert po.read_bytes() == msgcat(po, "--width=60")
    assert main(["update", "--root", str(root), "-q"]) == 0
    assert po.read_bytes() == msgcat(po)
    # msgmerge and `l10n update` leave each other's layout alone
    merged = root / "gnu.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(merged), str(po), str(pot)], check=True)
    assert merged.read_bytes() == po.read_bytes()
    # a project setting applies to every writer
    text = (root / "pyproject.toml").read_text("utf-8")
    (root / "pyproject.toml").write_text(text + "wrap_width = 50\n", encoding="utf-8")
    assert main(["update", "--root", str(root), "-q"]) == 0
    assert po.read_bytes() == msgcat(po, "--width=50")
    assert main(["translate", "--root", str(root), "-q", "--engine", "pseudo"]) == 0
    assert po.read_bytes() == msgcat(po, "--width=50")


def test_width_and_no_wrap_exclude_each_other(project):
    root = project({"a.html": LONG}, locales=["ko"])
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--root", str(root), "--width", "40", "--no-wrap"])
    assert exc.value.code == 2


# --- run without a network --------------------------------------------------------------------


def test_run_with_an_unreachable_engine_compiles_builds_and_exits_1(project, capsys):
    root = project(PAGES, locales=["ko"])
    capsys.readouterr()
    code = main(["run", "--root", str(root), "--engine", "libre", "--engine-option", "url=http://127.0.0.1:9/",
                 "--engine-option", "retries=0", "--engine-option", "timeout=2"])
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot connect to 127.0.0.1:9" in err
    assert "--engine none" in err and "--engine pseudo" in err and "--engine memory" in err
    assert "stopped at" not in err
    assert (root / "locales" / "ko" / "LC_MESSAGES" / "messages.mo").is_file()  # compile ran
    assert (root / "build" / "ko" / "a.html").is_file()  # build ran, with the source text
    assert "Hello world" in (root / "build" / "ko" / "a.html").read_text("utf-8")


def test_a_run_with_nothing_to_do_says_so_in_one_line(project, capsys):
    root = project(PAGES, locales=["ko", "ja"])
    assert main(["run", "--root", str(root), "--engine", "none"]) == 0
    capsys.readouterr()
    assert main(["run", "--root", str(root), "--engine", "none"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == ["l10n run: nothing to do for ko, ja; template, 2 catalogues and 6 pages are up to date"]


def test_a_build_that_writes_no_page_of_a_locale_says_so_not_zero_of_zero(project, capsys):
    """An up-to-date locale read `ko: 0/0 units translated (100%)`: a locale with no units at 100%."""
    root = setup(project)
    assert main(["build", "--root", str(root)]) == 0
    first = capsys.readouterr().err
    assert "ko: " in first and "units translated (" in first and "in the pages written" in first
    assert main(["build", "--root", str(root)]) == 0
    again = capsys.readouterr().err
    assert "ko: no units in the pages written this time" in again and "0/0" not in again


def test_a_build_without_a_target_locale_says_so(tmp_path, capsys):
    """A project with `[tool.l10n]` and no `locales` (nor catalogues): the build wrote the source pages, exit 0,
    and "locales: (none)" was its only hint that nothing was localised."""
    (tmp_path / "pyproject.toml").write_text("[tool.l10n]\n", "utf-8")
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "a.html").write_text("<p>Hello</p>", "utf-8")
    assert main(["build", "--root", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "warning: no target locale" in err and "l10n init -l LL" in err
    assert (tmp_path / "build" / "a.html").is_file()
    assert main(["extract", "--root", str(tmp_path), "-q"]) == 0
    assert main(["init", "--root", str(tmp_path), "-l", "ko", "-q"]) == 0
    assert main(["build", "--root", str(tmp_path)]) == 0
    assert "no target locale" not in capsys.readouterr().err


@pytest.mark.parametrize("settings", ["locales = []", 'source_locale = "ko"'])
def test_catalogues_left_out_of_the_targets_are_one_true_warning(tmp_path, capsys, settings):
    """`locales = []` beside catalogues gave the settings' warning (catalogues not listed) and the build's, saying
    there were no `locales` and no catalogue: both false.  Only the first is said."""
    (tmp_path / "pyproject.toml").write_text("[tool.l10n]\n", "utf-8")
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "a.html").write_text("<p>Hello</p>", "utf-8")
    assert main(["extract", "--root", str(tmp_path), "-q"]) == 0
    assert main(["init", "--root", str(tmp_path), "-l", "ko", "-q"]) == 0
    (tmp_path / "pyproject.toml").write_text(f"[tool.l10n]\n{settings}\n", "utf-8")
    capsys.readouterr()
    assert main(["build", "--root", str(tmp_path)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning:" in line]
    assert len(warnings) == 1 and "catalogue" in warnings[0] and "ko" in warnings[0], warnings
