"""Settings: the nearest project, locale codes normalised once, no sample defaults in the library."""

from __future__ import annotations

import os
import re
import shutil
import textwrap

import pytest

from toolkit.cli import main
from toolkit.config import load_config
from toolkit.errors import L10nError
from toolkit.locales import (
    bcp47,
    its_range_match,
    locale_filter_allows,
    native_name,
    normalize_locale,
    text_direction,
)

PAGE = "<html><head><title>Launchers</title></head><body><p>Soyuz lifts off.</p></body></html>"


def write_pyproject(root, body: str) -> None:
    (root / "pyproject.toml").write_text(textwrap.dedent(body), encoding="utf-8")


def test_zh_TW_spelled_as_a_tag_is_one_catalogue_for_every_command(tmp_path, monkeypatch, capsys):
    """locales = ["zh-TW"] used to make init write locales/zh_TW/ and build look for locales/zh-TW/."""
    write_pyproject(tmp_path, """\
        [tool.l10n]
        locales = ["zh-TW"]
        """)
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "index.html").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["extract", "-q"]) == 0
    assert main(["init", "-q"]) == 0
    assert (tmp_path / "locales" / "zh_TW" / "LC_MESSAGES" / "messages.po").is_file()
    assert not (tmp_path / "locales" / "zh-TW").exists()
    for command in (["update"], ["compile"], ["check"], ["stats"], ["build"], ["translate", "--engine", "pseudo"]):
        assert main([*command, "-q"]) in (0, 1), command
        err = capsys.readouterr().err
        assert "not found" not in err, (command, err)
    built = (tmp_path / "build" / "zh_TW" / "index.html").read_text("utf-8")
    assert 'lang="zh-TW"' in built


def test_commands_run_from_a_subdirectory_find_the_project(tmp_path, monkeypatch):
    write_pyproject(tmp_path, """\
        [tool.l10n]
        locales = ["ko"]
        """)
    (tmp_path / "source_html" / "docs").mkdir(parents=True)
    (tmp_path / "source_html" / "docs" / "index.html").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "source_html" / "docs")
    assert main(["extract", "-q"]) == 0
    assert (tmp_path / "locales" / "messages.pot").is_file()
    assert load_config().root == tmp_path


def test_a_pyproject_without_l10n_settings_is_passed_over(tmp_path, monkeypatch):
    write_pyproject(tmp_path, """\
        [tool.l10n]
        locales = ["ja"]
        """)
    inner = tmp_path / "tools"
    inner.mkdir()
    write_pyproject(inner, """\
        [project]
        name = "helper"
        """)
    monkeypatch.chdir(inner)
    assert load_config().root == tmp_path


def test_no_project_found_is_said_not_papered_over(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(L10nError, match=r"no pyproject.toml with a \[tool.l10n\] table"):
        load_config()
    assert main(["stats"]) == 2
    assert "--root" in capsys.readouterr().err


def test_without_configured_locales_the_catalogues_on_disk_are_the_targets(tmp_path):
    write_pyproject(tmp_path, "[tool.l10n]\n")
    cfg = load_config(tmp_path)
    assert cfg.locales == []
    assert cfg.engine is None
    for code in ("ja", "de"):
        po = tmp_path / "locales" / code / "LC_MESSAGES" / "messages.po"
        po.parent.mkdir(parents=True)
        po.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    assert load_config(tmp_path).locales == ["de", "ja"]


def test_translate_without_an_engine_says_how_to_name_one(tmp_path, capsys):
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\n')
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "index.html").write_text(PAGE, encoding="utf-8")
    assert main(["--root", str(tmp_path), "extract", "-q"]) == 0
    assert main(["--root", str(tmp_path), "init", "-q"]) == 0
    assert main(["--root", str(tmp_path), "translate", "-q"]) == 2
    assert "no machine-translation engine configured" in capsys.readouterr().err


def test_project_options_before_the_subcommand(tmp_path, capsys):
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\nsource_dir = "pages"\n')
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(PAGE, encoding="utf-8")
    assert main(["--root", str(tmp_path), "-q", "extract"]) == 0
    assert (tmp_path / "locales" / "messages.pot").is_file()
    assert capsys.readouterr().err == ""  # -q before the subcommand is honoured too
    assert main(["--root", str(tmp_path), "--locales-dir", "l10n", "extract", "-q"]) == 0
    assert (tmp_path / "l10n" / "messages.pot").is_file()
    # given after the subcommand, an option overrides the one before it
    assert main(["--locales-dir", "x", "extract", "--root", str(tmp_path), "--locales-dir", "po", "-q"]) == 0
    assert (tmp_path / "po" / "messages.pot").is_file() and not (tmp_path / "x").exists()


def test_source_locale_listed_as_a_target_is_warned_and_dropped(tmp_path, capsys):
    write_pyproject(tmp_path, '[tool.l10n]\nsource_locale = "en"\nlocales = ["en_US", "en", "ko"]\n')
    cfg = load_config(tmp_path)
    assert cfg.locales == ["en_US", "ko"]
    assert any("source locale en" in w for w in cfg.warnings)


def test_catalogues_the_config_does_not_list_are_reported(tmp_path):
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\n')
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    (warning,) = load_config(tmp_path).warnings
    assert "fr" in warning and "[tool.l10n]" in warning


def test_bad_locale_in_settings_names_the_file(tmp_path):
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["kr"]\n')
    with pytest.raises(L10nError) as info:
        load_config(tmp_path)
    assert "pyproject.toml" in str(info.value) and "did you mean ko" in str(info.value)


@pytest.mark.parametrize("code, gettext, tag", [
    ("zh-TW", "zh_TW", "zh-TW"), ("zh_tw", "zh_TW", "zh-TW"), ("zh-Hant", "zh_Hant", "zh-Hant"),
    ("zh-hans-cn", "zh_Hans_CN", "zh-Hans-CN"), ("sr@latin", "sr@latin", "sr-Latn"), ("ko", "ko", "ko"),
    ("pt-BR", "pt_BR", "pt-BR"), ("es-419", "es_419", "es-419"), ("ca@valencia", "ca@valencia", "ca-valencia"),
])
def test_normalising_keeps_what_a_code_says(code, gettext, tag):
    assert normalize_locale(code) == gettext
    assert bcp47(gettext) == tag


def test_sr_latin_is_named_in_latin_script():
    assert native_name("sr@latin") == "srpski"
    assert native_name("sr") == "српски"
    assert native_name("zh_TW") == "繁體中文"


def test_direction_from_cldr():
    assert text_direction("ar") == "rtl" and text_direction("he") == "rtl" and text_direction("ko") == "ltr"


@pytest.mark.parametrize("rng, tag, hit", [
    ("*-CA", "fr-CA", True), ("*-CA", "en-CA", True), ("*-CA", "fr", False), ("*", "ko", True),
    ("fr", "fr-CA", True), ("fr-CA", "fr", False), ("de-*-DE", "de-Latn-DE", True), ("de-DE", "de-Latn-DE", True),
    ("de-DE", "de-x-DE", False), ("zh-TW", "zh-Hant-TW", True), ("en", "ko", False),
])
def test_its_locale_filter_uses_rfc4647_extended_filtering(rng, tag, hit):
    assert its_range_match(rng, tag) is hit


def test_locale_filter_include_and_exclude():
    assert locale_filter_allows(("*-CA",), False, "fr_CA")
    assert not locale_filter_allows(("*-CA",), True, "fr_CA")
    assert locale_filter_allows(("ja",), True, "ko")
    assert locale_filter_allows(None, False, "ko")
    assert not locale_filter_allows((), False, "ko")  # an empty list selects no locale


BAD_SETTINGS = [
    'locales = "ko"', "locales = [1, 2]", 'wrap_width = "79"', "wrap_width = -5", "wrap_width = true",
    'checks_off = "length"', "checks_off = [1]",
    'html_lang = "ko"', "html_lang = { ko = 5 }", 'html_lang = { ko = "not a tag!" }',
    'html_lang = { ko = "ko\\" onload=\\"x" }',
    "source_dir = 5", 'source_dir = ""', 'locales_dir = ["locales"]', 'output_dir = { a = 1 }',
    "source_locale = 5", "domain = 5", 'domain = "../elsewhere"', 'domain = "a/b"', "engine = 5",
    'glossary = ["g.txt"]', 'tmx = "a.tmx"', "tmx = [5]", 'llm = "x"', "llm = { model = 5.5 }",
    'llm = { model = ["a"] }', 'source_dir = "src\\u0000"', 'hardlink_assets = "yes"', "locale_assets = 1", 'clean_urls = "yes"',
    'its_id_as_context = "false"',
    "base_url = 3", 'url_segments = "ko"', "url_segments = [1]",  # were tracebacks
    'locales = ["ko", "ja"]\nurl_segments = { ko = "JA" }',  # two locales, one folder
]


@pytest.mark.parametrize("setting", BAD_SETTINGS)
def test_a_wrongly_typed_setting_is_one_line_naming_pyproject_and_exit_2(tmp_path, capsys, setting):
    """Every command reads the settings; a wrong type is said once, at load, not as a traceback later."""
    write_pyproject(tmp_path, f'[tool.l10n]\nlocales = ["ko"]\n{setting}\n'.replace('locales = ["ko"]\nlocales', "locales"))
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "index.html").write_text(PAGE, encoding="utf-8")
    for command in (["stats"], ["check"], ["extract"]):
        assert main(["--root", str(tmp_path), *command]) == 2, (setting, command)
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "pyproject.toml" in err and "Traceback" not in err, (setting, err)


def test_a_domain_given_on_the_command_line_is_checked_as_the_setting_is(tmp_path, capsys):
    """`--domain ../../x` made paths outside locales/."""
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\n')
    (tmp_path / "source_html").mkdir()
    assert main(["--root", str(tmp_path), "--domain", "../../x", "stats"]) == 2
    err = capsys.readouterr().err  # (named as the flag: the error is not pyproject.toml's)
    assert "--domain must be a plain catalogue name" in err and "pyproject.toml" not in err


@pytest.mark.parametrize("flag, said", [
    ("--source-dir=", "--source-dir must be a directory (a non-empty string), not ''"),
    ("--locales-dir=", "--locales-dir must be a directory (a non-empty string), not ''"),
    ("--output-dir=", "--output-dir must be a directory (a non-empty string), not ''"),
    ("-o=", "--output-dir must be a directory (a non-empty string), not ''"),
    ("--cache-dir=", "--cache-dir must be a directory (a non-empty string), not ''"),
    ("--domain=", '--domain must be a catalogue name such as "messages" (a non-empty string), not \'\''),
    ("--source-locale= ", "--source-locale must be a locale code such as \"en\" (a non-empty string), not ' '"),
])
def test_an_empty_flag_is_refused_as_the_empty_setting_is(tmp_path, capsys, flag, said):
    """Empty flags passed by the settings' checks: `--source-dir=` read the project root as the source,
    `--locales-dir=` made <root>/.cache/build.lock, `--domain=` looked for `.po` files, `--cache-dir=` and `-o ''`
    were ignored."""
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\n')
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "index.html").write_text(PAGE, encoding="utf-8")
    name, _, value = flag.partition("=")
    assert main(["--root", str(tmp_path), "build", *([f"{name}={value}"] if name != "-o" else ["-o", value])]) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pyproject.toml", "source_html"]


@pytest.mark.parametrize("body, code", [("[tool]\nl10n = 5\n", 2), ("tool = 5\n[project]\nname = 'x'\n", 2),
                                        ("project = 5\n[tool.l10n]\n", 0)])
def test_odd_shaped_pyproject_tables_are_one_line_or_passed_over(tmp_path, monkeypatch, capsys, body, code):
    write_pyproject(tmp_path, body)
    (tmp_path / "source_html").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["stats"]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err and (code == 0 or err.count("\n") == 1)


def test_an_unknown_check_in_checks_off_stops_check_and_serve_with_one_line(tmp_path, capsys):
    """Names are checked where checks run (the settings layer does not know the registry)."""
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\nchecks_off = ["lenght"]\n')
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "index.html").write_text(PAGE, encoding="utf-8")
    assert main(["--root", str(tmp_path), "extract", "-q"]) == 0
    assert main(["--root", str(tmp_path), "init", "-l", "ko", "-q"]) == 0
    capsys.readouterr()
    commands = [["check"], ["serve", "--port", "0"]] if _has_review() else [["check"]]
    for command in commands:
        assert main(["--root", str(tmp_path), *command]) == 2
        err = capsys.readouterr().err
        assert "pyproject.toml" in err and "unknown check(s) in [tool.l10n] checks_off: lenght" in err
        assert err.count("\n") == 1


def _has_review() -> bool:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return False
    return True


def test_babel_cfg_sections_are_read_as_pybabel_reads_them(tmp_path):
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\n')
    (tmp_path / "babel.cfg").write_text("[html: site/**.html]\n\n[python: **.py]\nkeywords = _ N_\n", encoding="utf-8")
    from babel.messages.frontend import parse_mapping_cfg

    with (tmp_path / "babel.cfg").open(encoding="utf-8") as fh:
        babels = [(pattern, method) for pattern, method in parse_mapping_cfg(fh)[0]]
    assert load_config(tmp_path).mapping == babels == [("site/**.html", "html"), ("**.py", "python")]
    # an [extractors] table names what pybabel calls; the mapping keeps the method names as written
    (tmp_path / "babel.cfg").write_text("[extractors]\nhtml = toolkit.extract:babel_extract\n\n[html: site/**.html]\n",
                                         encoding="utf-8")
    assert load_config(tmp_path).mapping == [("site/**.html", "html")]


def test_a_malformed_babel_cfg_is_one_line(tmp_path, capsys):
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\n')
    (tmp_path / "babel.cfg").write_text("html: **.html]\n", encoding="utf-8")
    assert main(["stats", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "babel.cfg" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_locale_babel_has_a_data_file_for_parses_without_importing_babel_first(monkeypatch):
    """The start-up shortcut of normalize_locale: a data file of that name means Locale.parse accepts it."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    import toolkit.locales as locales

    assert locales._babel_data_dir() is not None
    for identifier in locale_identifiers():
        assert locales._has_locale_data(identifier)
        Locale.parse(identifier)  # does not raise
    codes = ["ko", "zh-tw", "zh_Hant", "SR@Latin", "pt-br", "en", "ca@valencia", "yue", "kr", "xx", "de_DE"]

    def outcome(code: str) -> str:
        locales.normalize_locale.cache_clear()
        try:
            return locales.normalize_locale(code)
        except L10nError as exc:
            return f"error: {exc}"

    fast = [outcome(c) for c in codes]
    monkeypatch.setattr(locales, "_has_locale_data", lambda name: False)  # always ask Babel
    assert [outcome(c) for c in codes] == fast
    assert fast[:3] == ["ko", "zh_TW", "zh_Hant"] and fast[-3].startswith("error")
    locales.normalize_locale.cache_clear()


def test_pages_are_named_and_matched_by_their_path_in_the_project_not_where_links_lead(tmp_path, capsys):
    """A source folder that is a link (`source_html -> ../site/html`, a generator's output) was named by its target:
    the template's locations held this machine's absolute path (every other checkout's `extract --check` failed),
    and babel.cfg's `source_html/**.html` matched none of its pages.  A linked page is named where it is linked."""
    from conftest import write_project

    (tmp_path / "proj").mkdir()
    root = write_project(tmp_path / "proj", {"a.html": "<p>Alpha page</p>", "deep/b.html": "<p>Beta page</p>"})
    site = tmp_path / "site" / "html"
    shutil.move(root / "source_html", site)
    (root / "source_html").symlink_to(os.path.relpath(site, root))
    outside = tmp_path / "outside.html"
    outside.write_text("<p>Outside page</p>", encoding="utf-8")
    (site / "linked.html").symlink_to(outside)
    (site / "inner.html").symlink_to(site / "a.html")
    cfg = load_config(root)
    assert [cfg.relpath(p) for p in cfg.source_files()] == \
        ["source_html/a.html", "source_html/deep/b.html", "source_html/inner.html", "source_html/linked.html"]
    assert main(["--root", str(root), "extract", "-q"]) == 0
    template = (root / "locales" / "messages.pot").read_text("utf-8")
    assert "#: source_html/linked.html:1" in template and "#: source_html/deep/b.html:1" in template
    assert str(tmp_path) not in template
    moved = tmp_path / "elsewhere"
    shutil.copytree(tmp_path, moved, symlinks=True, ignore=shutil.ignore_patterns("elsewhere"))
    assert main(["--root", str(moved / "proj"), "extract", "--check", "-q"]) == 0  # another checkout agrees
    capsys.readouterr()


def test_init_of_a_locale_the_settings_do_not_list_says_so(tmp_path, capsys):
    """`init -l ar` created the catalogue without a word, and every later command (without -l) left it out."""
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\n')
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "index.html").write_text(PAGE, encoding="utf-8")
    assert main(["--root", str(tmp_path), "extract", "-q"]) == 0
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "init", "-l", "ar"]) == 0
    err = capsys.readouterr().err
    assert "catalogue(s) for ar under locales/ are not in [tool.l10n] locales" in err and err.count("warning") == 1
    assert main(["--root", str(tmp_path), "init", "-l", "ko"]) == 0  # said once, as every command says it
    assert capsys.readouterr().err.count("warning") == 1


@pytest.mark.parametrize("settings, said", [
    # two targets, one BCP 47 tag: two catalogues and folders that pages, hreflang and the sitemap could not tell apart
    ('locales = ["sr@latin", "sr_Latn"]', "sr@latin and sr_Latn are both tagged 'sr-Latn'"),
    ('locales = ["iw", "he"]', "iw and he are both tagged 'he'"),
    ('locales = ["ko", "ko_KR"]\nhtml_lang = { ko_KR = "ko" }', "ko and ko_KR are both tagged 'ko'"),
    ('source_locale = "en_US"\nlocales = ["en", "ko"]\nhtml_lang = { en_US = "EN" }',
     "the source locale en_US and en are both tagged 'en'"),
    # two spellings of one locale as keys: the last one won without a word
    ('locales = ["zh_TW"]\nhtml_lang = { "zh-TW" = "zh-Hant", zh_TW = "zh-TW" }', "`html_lang` names zh_TW twice"),
    ('locales = ["zh_TW"]\nurl_segments = { "zh-TW" = "tw", zh_TW = "zh-tw" }', "`url_segments` names zh_TW twice"),
    # a folder named like a page: the build failed on it, or wrote build/about.html/ beside the page
    ('locales = ["ko"]\nurl_segments = { ko = "about.html" }', "is named like a page"),
    ('locales = ["sr@latn"]', "did you mean sr@latin?"),
    ('locales = ["C"]', "not a language pages are written in"),
])
def test_locale_settings_the_site_could_not_carry_are_one_line_at_load(tmp_path, capsys, settings, said):
    write_pyproject(tmp_path, f"[tool.l10n]\n{settings}\n")
    with pytest.raises(L10nError, match=re.escape(said)):
        load_config(tmp_path)
    assert main(["--root", str(tmp_path), "stats"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pyproject.toml" in err and said in err


def test_a_locale_selected_with_l_may_not_share_a_tag_with_a_configured_one(tmp_path, capsys):
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["sr@latin"]\n')
    assert main(["--root", str(tmp_path), "init", "-l", "sr_Latn"]) == 2
    assert "sr@latin and sr_Latn are both tagged 'sr-Latn'" in capsys.readouterr().err
    assert not (tmp_path / "locales" / "sr_Latn").exists()


def test_a_locale_selected_with_l_may_not_take_a_configured_ones_folder(tmp_path, capsys):
    """`url_segments = { ko = "ja" }`, then `build -l ja` built ja into build/ja/, ko's folder, and named both
    versions of a page by one href: -l passed the tag check again, not the folder check."""
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\nurl_segments = { ko = "ja" }\n')
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "index.html").write_text(PAGE, encoding="utf-8")
    assert main(["--root", str(tmp_path), "-q", "extract"]) == 0
    _catalogue(tmp_path, "ja")  # (made by hand: init -l ja is refused as well)
    capsys.readouterr()
    for command in ("init", "build"):
        assert main(["--root", str(tmp_path), command, "-l", "ja"]) == 2
        err = capsys.readouterr().err
        assert "url_segments: ko and ja would both be built into ja/; give each locale a folder of its own" in err
    assert not (tmp_path / "locales" / "ko").exists() and not (tmp_path / "build").exists()
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko", "JA"]\nurl_segments = { ko = "ja" }\n')
    with pytest.raises(L10nError, match="ko and ja would both be built into ja/"):  # (as configured, still)
        load_config(tmp_path)


def _catalogue(root, folder):
    po = root / "locales" / folder / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")


@pytest.mark.parametrize("listed", ["", 'locales = ["ko"]'])
@pytest.mark.parametrize("folder, said", [
    ("zh-tw", "holds the catalogue of zh_TW under another spelling, where every command looks for locales/zh_TW/; "
              "rename the folder to zh_TW"),
    ("KO", "rename the folder to ko"),
    ("bogus", "holds a catalogue, but its name is no locale (unknown locale 'bogus'"),
    ("C", "its name is no locale ('C' is the POSIX C locale"),
])
def test_a_catalogue_folder_not_named_by_its_locale_is_an_error_naming_it(tmp_path, capsys, listed, folder, said):
    """Folders were taken as they were named: pages got lang="zh-tw" and lang="bogus", and `init -l zh_TW` wrote a
    second Traditional Chinese catalogue beside zh-tw/.  A folder naming no locale beside the ones `locales` lists
    is only left out, with a word: a KDE sr@ijekavian… or an app's folder stopped every command."""
    write_pyproject(tmp_path, f"[tool.l10n]\n{listed}\n")
    _catalogue(tmp_path, "ko" if folder != "KO" else "ja")
    _catalogue(tmp_path, folder)
    left_out = listed and folder in ("bogus", "C")
    assert main(["--root", str(tmp_path), "stats" if left_out else "init", "-l", "ko" if left_out else "zh_TW"]) \
        == (0 if left_out else 2)
    err = capsys.readouterr().err
    assert said in err and os.path.join("locales", folder) in err
    if left_out:
        assert "warning:" in err and "(left out)" in err
    else:
        assert err.count("\n") == 1 and not (tmp_path / "locales" / "zh_TW").exists()


def test_a_catalogue_folder_of_the_source_locale_is_left_out_with_a_word(tmp_path):
    write_pyproject(tmp_path, "[tool.l10n]\n")
    _catalogue(tmp_path, "EN")
    _catalogue(tmp_path, "ko")
    cfg = load_config(tmp_path)
    assert cfg.locales == ["ko"]
    assert any("catalogue for the source locale en" in w for w in cfg.warnings)


def test_a_url_segment_named_as_a_file_of_the_source_is_one_line(tmp_path, capsys):
    """The build failed with "a file stands where a directory is needed" under build/robots.txt/; extract, which
    reads the same source, says so as well, before it writes the template."""
    write_pyproject(tmp_path, '[tool.l10n]\nlocales = ["ko"]\nurl_segments = { ko = "robots.txt" }\n')
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "source_html" / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    for command in ("extract", "build"):
        assert main(["--root", str(tmp_path), command, "-q"]) == 2
        err = capsys.readouterr().err
        assert "the source directory has a file robots.txt, where the ko pages would go" in err
        assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pyproject.toml", "source_html"]


def test_a_missing_catalogue_beside_one_of_its_language_suggests_that_one(tmp_path, capsys):
    """`stats -l ja_JP` with locales/ja/ suggested creating ja_JP, not naming ja."""
    write_pyproject(tmp_path, "[tool.l10n]\n")
    _catalogue(tmp_path, "ja")
    assert main(["--root", str(tmp_path), "stats", "-l", "ja_JP"]) == 2
    assert "no catalogue for ja_JP, but there is one for ja: did you mean ja?" in capsys.readouterr().err


def test_init_from_links_names_the_locales_it_made_catalogues_for(tmp_path, capsys):
    """It ended with "locales: (none)" after creating them (the settings list none: they came from the page)."""
    write_pyproject(tmp_path, "[tool.l10n]\n")
    (tmp_path / "source_html").mkdir()
    (tmp_path / "source_html" / "index.html").write_text(
        '<html><head><title>Rockets</title></head><body><p>Soyuz lifts off.</p><nav><a href="/ko/" hreflang="ko">'
        '한국어</a> <a href="/ja/" hreflang="ja">日本語</a></nav></body></html>', encoding="utf-8")
    assert main(["--root", str(tmp_path), "extract", "-q"]) == 0
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "init", "--from-links", str(tmp_path / "source_html" / "index.html")]) == 0
    out = capsys.readouterr()
    lines = (out.out + out.err).splitlines()
    assert [line for line in lines if line.startswith("locales:")] == ["locales: ko, ja"]


@pytest.mark.parametrize("source, targets, alike", [
    ("EN_us", ["en", "ko"], "en"),  # was accepted without a word
    ("pt_BR", ["pt", "pt_PT"], "pt"),  # pt is Brazilian Portuguese in CLDR
    ("zh_TW", ["zh_Hant", "zh_CN"], "zh_Hant"),
    ("sr_Latn_RS", ["sr@latin", "sr"], "sr@latin"),
    ("en", ["en_GB", "en_US", "sr@latin"], None),  # US and UK spelling of a general source: targets of their own
    ("zh_Hant", ["zh_TW", "zh_HK"], None),
])
def test_a_target_that_is_the_source_locale_by_likely_subtags_is_warned_about(tmp_path, source, targets, alike):
    write_pyproject(tmp_path, f'[tool.l10n]\nsource_locale = "{source}"\nlocales = {targets!r}\n'.replace("'", '"'))
    cfg = load_config(tmp_path)
    said = [w for w in cfg.warnings if "by CLDR's likely subtags" in w]
    assert said == ([] if alike is None else [f"{alike} is the source locale {cfg.source_locale} by CLDR's likely "
                                              "subtags (the same language, script and region): its pages would be "
                                              "in the language they are written in; name another variety (such as "
                                              "en_GB, pt_PT) or leave it out"])
