"""Settings from babel.cfg, pyproject.toml and flags: read alike by every path, and each error naming its source."""

from __future__ import annotations

import textwrap

import pytest

from toolkit.cli import main
from toolkit.config import load_config
from toolkit.errors import L10nError

PAGE = '<html><head><title>Hi</title></head><body><p id="intro">Hello there friend.</p></body></html>'


def project(root, settings: str = "", babel_cfg: str | None = None, pages: dict[str, str] | None = None):
    """A project at `root`: [tool.l10n] with `settings`, a babel.cfg if given, and its source pages."""
    (root / "pyproject.toml").write_text(f'[tool.l10n]\nlocales = ["fr"]\n{textwrap.dedent(settings)}', "utf-8")
    if babel_cfg is not None:
        (root / "babel.cfg").write_text(textwrap.dedent(babel_cfg), "utf-8")
    for name, text in (pages or {"index.html": PAGE}).items():
        (root / "source_html" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "source_html" / name).write_text(text, "utf-8")
    return root


def pybabel_messages(root) -> list[tuple[str, str]]:
    """(msgctxt, msgid) of what `pybabel extract -F babel.cfg` gives, as Babel's frontend runs it."""
    from babel.messages.frontend import CommandLineInterface
    from babel.messages.pofile import read_po

    out = root / "pybabel.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(root / "babel.cfg"), "-k", "pgettext:1c,2",
                                "-o", str(out), str(root)])
    with out.open("rb") as fh:
        return sorted((m.context or "", m.id) for m in read_po(fh) if m.id)


def l10n_messages(root) -> list[tuple[str, str]]:
    from babel.messages.pofile import read_po

    assert main(["--root", str(root), "extract", "-q"]) == 0
    with (root / "locales" / "messages.pot").open("rb") as fh:
        return sorted((m.context or "", m.id) for m in read_po(fh) if m.id)


# --- babel.cfg's [html: …] options --------------------------------------------------------------------------


def test_babel_cfg_its_id_as_context_is_read_by_l10n_as_by_pybabel(tmp_path):
    """l10n extract read only the patterns: no msgctxt, where pybabel gave msgctxt "intro" (and a catalogue made
    from pybabel's template then matched nothing in the build)."""
    root = project(tmp_path, babel_cfg="[html: source_html/**.html]\nits_id_as_context = true\n")
    assert load_config(root).its_id_as_context is True
    assert l10n_messages(root) == pybabel_messages(root) == [("", "Hi"), ("intro", "Hello there friend.")]


def test_babel_cfg_source_locale_falls_back_to_the_projects_in_pybabel_too(tmp_path, monkeypatch):
    """The plugin took "en" for a section without source_locale, whatever [tool.l10n] said; l10n ignored the
    section's option.  Both now read a section's option, else the project's setting."""
    import toolkit.extract
    from toolkit.extract import babel_extract

    root = project(tmp_path, 'source_locale = "ja"\n', "[html: source_html/**.html]\n")
    seen = []
    segment = toolkit.extract.segment_page
    monkeypatch.setattr(toolkit.extract, "segment_page", lambda *a: seen.append(a[3:]) or segment(*a))
    for options in ({}, {"source_locale": "ko", "its_id_as_context": "on"}):
        with (root / "source_html" / "index.html").open("rb") as fh:
            list(babel_extract(fh, ["pgettext"], [], options))
    assert [(as_context, locale) for as_context, _rules, locale in seen] == [(False, "ja"), (True, "ko")]
    (root / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["fr"]\n', "utf-8")
    (root / "babel.cfg").write_text("[html: source_html/**.html]\nsource_locale = ja-JP\n", "utf-8")
    assert load_config(root).source_locale == "ja_JP"


@pytest.mark.parametrize("settings, babel_cfg, said", [
    ("its_id_as_context = false\n", "[html: source_html/**.html]\nits_id_as_context = true\n",
     "babel.cfg: [html: source_html/**.html] sets its_id_as_context = true, but pyproject.toml [tool.l10n] sets "
     "its_id_as_context = false; keep one"),
    ("", "[html: source_html/**.html]\nits_id_as_context = true\n[html: source_html/**.htm]\n",
     "[html: source_html/**.html] sets its_id_as_context = true, but [html: source_html/**.htm] leaves it out"),
    ("", "[html: source_html/**.html]\nits_id_as_context = maybe\n",
     "babel.cfg: [html: source_html/**.html]: its_id_as_context = maybe must be true or false"),
    ('source_locale = "de"\n', "[html: source_html/**.html]\nsource_locale = ja\n",
     "sets source_locale = ja, but pyproject.toml [tool.l10n] sets source_locale = \"de\""),
])
def test_babel_cfg_and_pyproject_disagreeing_is_one_line_naming_both(tmp_path, capsys, settings, babel_cfg, said):
    root = project(tmp_path, settings, babel_cfg)
    assert main(["--root", str(root), "extract"]) == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1, err


def test_babel_cfg_agreeing_with_pyproject_is_fine(tmp_path):
    root = project(tmp_path, "its_id_as_context = true\n",
                   "[html: source_html/**.html]\nits_id_as_context = yes\n[html: source_html/**.htm]\n")
    assert load_config(root).its_id_as_context is True


def test_an_unknown_babel_cfg_option_is_a_warning_naming_the_known_ones(tmp_path):
    """`encodnig = utf-8` was ignored without a word, as pybabel ignores it."""
    root = project(tmp_path, babel_cfg="[html: source_html/**.html]\nencodnig = utf-8\n[python: **.py]\nkeywords = _\n")
    assert load_config(root).warnings == (
        "babel.cfg [html: source_html/**.html]: unknown option 'encodnig', ignored; the html extractor's options "
        "are its_id_as_context, source_locale",)


# --- --source-dir and babel.cfg's patterns ---------------------------------------------------------------------


SUB = {"index.html": PAGE, "sub/page.html": "<html><body><p>Sub page.</p></body></html>"}


@pytest.mark.parametrize("flag", ["source_html", "./source_html/"])
def test_source_dir_naming_the_configured_folder_keeps_the_patterns(tmp_path, flag):
    """`--source-dir source_html` dropped `[html: source_html/sub/*.html]` and took every page."""
    root = project(tmp_path, babel_cfg="[html: source_html/sub/*.html]\n", pages=SUB)
    cfg = load_config(root, source_dir=flag)
    assert [cfg.relpath(p) for p in cfg.source_files()] == ["source_html/sub/page.html"]
    assert cfg.warnings == ()


def test_source_dir_naming_another_folder_drops_the_patterns_with_a_word(tmp_path):
    root = project(tmp_path, babel_cfg="[html: source_html/sub/*.html]\n", pages=SUB)
    (root / "other").mkdir()
    (root / "other" / "a.html").write_text(PAGE, "utf-8")
    cfg = load_config(root, source_dir="other")
    assert [cfg.relpath(p) for p in cfg.source_files()] == ["other/a.html"]
    assert cfg.warnings == ("--source-dir other: babel.cfg's [html: …] patterns name source_html/, not other, so "
                            "they are not applied: every page under other is taken",)


def test_no_babel_cfg_no_warning_for_another_source_dir(tmp_path):
    root = project(tmp_path, pages=SUB)
    assert load_config(root, source_dir="source_html/sub").warnings == ()


# --- errors name where a value came from ------------------------------------------------------------------------


@pytest.mark.parametrize("setting", ['locales = ["xx"]', 'url_segments = { xx = "x" }', 'html_lang = { xx = "x" }',
                                     'source_locale = "xx"'])
def test_a_bad_locale_in_pyproject_names_its_setting(tmp_path, capsys, setting):
    """Each said "pyproject.toml: unknown locale 'xx'", naming no setting."""
    (tmp_path / "pyproject.toml").write_text(f"[tool.l10n]\n{setting}\n", "utf-8")
    assert main(["--root", str(tmp_path), "stats"]) == 2
    key = setting.split(" ")[0]
    assert f"pyproject.toml: `{key}`: unknown locale 'xx'" in capsys.readouterr().err


def test_a_bad_locale_given_as_a_flag_is_not_blamed_on_pyproject(tmp_path, capsys):
    """`build --source-locale xx` said ".../pyproject.toml: unknown locale 'xx'"."""
    root = project(tmp_path)
    assert main(["--root", str(root), "build", "--source-locale", "xx"]) == 2
    err = capsys.readouterr().err
    assert "--source-locale: unknown locale 'xx'" in err and "pyproject.toml" not in err


@pytest.mark.parametrize("flags, said", [
    ([], "pyproject.toml: `engine`: unknown engine 'gogle'; choose one of google,"),
    (["--engine", "gogle"], "l10n: error: --engine: unknown engine 'gogle'; choose one of google,"),
])
@pytest.mark.parametrize("command", ["translate", "run"])
def test_an_unknown_engine_names_where_it_was_given(tmp_path, capsys, flags, said, command):
    root = project(tmp_path, 'engine = "gogle"\n' if not flags else "")
    assert main(["--root", str(root), command, *flags]) == 2
    assert said in capsys.readouterr().err


@pytest.mark.parametrize("settings, flags, said", [
    ('tmx = ["nope.tmx"]\n', [], "nope.tmx: file not found (named by [tool.l10n] tmx in pyproject.toml)"),
    ("", ["--engine-option", "tmx=gone.tmx"], "gone.tmx: file not found (named by --engine-option tmx)"),
])
def test_a_missing_tmx_file_names_the_setting_naming_it(tmp_path, capsys, settings, flags, said):
    """It said "nope.tmx: file not found", leaving the reader to guess which setting named it."""
    root = project(tmp_path, settings)
    assert main(["--root", str(root), "extract", "-q"]) == 0
    assert main(["--root", str(root), "init", "-q"]) == 0
    assert main(["--root", str(root), "translate", "--engine", "memory", *flags]) == 2
    assert said in capsys.readouterr().err


def test_serving_on_a_host_this_machine_does_not_have_blames_the_host(tmp_path):
    """`serve --host 999.1.1.1` said "choose another --port"."""
    pytest.importorskip("uvicorn")
    from toolkit.review.server import ReviewServer

    with pytest.raises(L10nError, match=r"--host 999\.1\.1\.1 is not an address of this machine"):
        ReviewServer(load_config(project(tmp_path)), host="999.1.1.1", port=0)


# --- values that were accepted silently ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://example.org/?q=1", "https://example.org/#top", "https://exa mple.org/",
                                 "https://example.org/a b/"])
def test_a_base_url_with_a_query_fragment_or_space_is_refused(tmp_path, url):
    """"https://example.org/?q=1" made every alternate https://example.org/?q=1/fr/…."""
    root = project(tmp_path, f'base_url = "{url}"\n')
    with pytest.raises(L10nError, match="without spaces, a query"):
        load_config(root)


def test_a_plain_base_url_is_accepted(tmp_path):
    assert load_config(project(tmp_path, 'base_url = "https://example.org/docs"\n')).base_url == \
        "https://example.org/docs/"


def test_a_table_key_naming_no_locale_of_the_site_is_a_warning(tmp_path):
    """url_segments = {fr_FR = …} for a site of fr left fr's folder the default without a word."""
    cfg = load_config(project(tmp_path, 'url_segments = { fr_FR = "fr-fr" }\nhtml_lang = { en = "en-GB", de = "de" }\n'))
    assert cfg.warnings == (
        "`url_segments` names fr_FR, not a target locale of the site (fr), so it is not used; a misspelt locale?",
        "`html_lang` names de, not a locale of the site (en, fr), so it is not used; a misspelt locale?")


def test_min_percent_true_is_refused(tmp_path):
    """true is 1 to Python: it was a minimum of 1 %."""
    with pytest.raises(L10nError, match="min_percent must be a number from 0 to 100, not True"):
        load_config(project(tmp_path, "min_percent = true\n"))


@pytest.mark.parametrize("setting, options, said", [
    ("batch = 0", {}, "[tool.l10n.llm] batch must be a whole number of units per request, 1 or more, not '0'"),
    ("batch = -1", {}, "[tool.l10n.llm] batch must be a whole number of units per request, 1 or more, not '-1'"),
    ("batch_chars = 0", {}, "[tool.l10n.llm] batch_chars must be a whole number of characters"),
    ('json_mode = "maybe"', {}, "[tool.l10n.llm] json_mode must be on or off, not 'maybe'"),
    ("batch = 5", {"batch": "0"}, "--engine-option batch must be a whole number"),
])
def test_llm_settings_out_of_range_are_usage_errors(tmp_path, setting, options, said):
    """batch = 0 and batch_chars = 0 were clamped to 1 without a word, json_mode = "maybe" read as on."""
    from toolkit.mt.llm import LLM

    cfg = load_config(project(tmp_path, f'[tool.l10n.llm]\nmodel = "m"\n{setting}\n'))
    with pytest.raises(L10nError) as caught:
        LLM(options, cfg)
    assert said in caught.value.message


def test_llm_settings_in_range_are_read(tmp_path):
    from toolkit.mt.llm import LLM

    engine = LLM({"json_mode": "off"}, load_config(project(tmp_path, '[tool.l10n.llm]\nmodel = "m"\nbatch = 3\n')))
    assert (engine.batch_size, engine.json_mode) == (3, False)


def test_an_infinite_timeout_says_it_must_be_finite(tmp_path, capsys):
    """`--timeout inf` said "must be above 0, not inf"."""
    root = project(tmp_path)
    assert main(["--root", str(root), "extract", "-q"]) == 0
    assert main(["--root", str(root), "init", "-q"]) == 0
    assert main(["--root", str(root), "translate", "--engine", "pseudo", "--timeout", "inf"]) == 2
    assert "timeout must be a finite number of seconds, not inf" in capsys.readouterr().err


def test_a_page_outside_the_project_is_named_without_dot_dot(tmp_path):
    """source_dir = "../p1/source_html" wrote `#: /…/t/../p1/source_html/index.html:1`."""
    (tmp_path / "p1").mkdir()
    (tmp_path / "t").mkdir()
    project(tmp_path / "p1")
    cfg = load_config(project(tmp_path / "t", 'source_dir = "../p1/source_html"\n', pages={}))
    assert [cfg.relpath(p) for p in cfg.source_files()] == [(tmp_path / "p1/source_html/index.html").as_posix()]


# --- what a relative path given as a flag is relative to --------------------------------------------------------


def _helps(parser, path=()):
    """(command path, option strings or name, help) of every argument of every (sub)command."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _helps(sub, (*path, name))
        else:
            yield path, tuple(action.option_strings) or (action.dest,), action.help or ""


@pytest.mark.parametrize("command, flag, relative_to", [
    (("extract",), "--source-dir", "project"), (("build",), "--locales-dir", "project"),
    (("build",), "--output-dir", "project"), (("build",), "--cache-dir", "project"), (("build",), "-o", "project"),
    (("extract",), "-o", "working"), (("xliff", "export"), "-o", "working"), (("tmx", "export"), "-o", "working"),
    (("check",), "--glossary", "working"), (("xliff", "import"), "file", "working"),
])
def test_each_path_flag_says_what_its_relative_path_is_relative_to(command, flag, relative_to):
    """`build -o out` is under the project, `extract -o x.pot` under the working directory: no help said so."""
    from toolkit.cli import build_parser

    helps = [text for path, flags, text in _helps(build_parser()) if path == command and flag in flags]
    assert helps and all(f"relative to the {relative_to} directory" in text for text in helps), helps
