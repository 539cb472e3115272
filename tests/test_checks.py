"""`l10n check`: each check on real .po files written to a temp dir, plus the CLI contract."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from toolkit.catalog import read_catalog
from toolkit.checks import GlossaryTerm, check_catalog, check_catalogs, load_glossary, numbers, parse_glossary_line
from toolkit.cli import main
from toolkit.config import load_config
from toolkit.errors import L10nError

PLURAL_FORMS = {"ja": "nplurals=1; plural=0;", "ko": "nplurals=1; plural=0;",
                "zh_TW": "nplurals=1; plural=0;", "zh_CN": "nplurals=1; plural=0;",
                "fr": "nplurals=2; plural=(n > 1);", "de": "nplurals=2; plural=(n != 1);"}


def write_po(path: Path, locale: str, entries: list[dict]) -> Path:
    """A real catalogue on disk: header plus one POEntry per dict."""
    po = polib.POFile(wrapwidth=78)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": locale,
                   "Plural-Forms": PLURAL_FORMS[locale]}
    for kw in entries:
        po.append(polib.POEntry(**kw))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def run(tmp_path, msgid, msgstr, locale="ja", glossary=(), **kw):
    """Findings for one translated entry, as (check, severity) pairs plus the full list."""
    path = write_po(tmp_path / f"{locale}.po", locale, [dict(msgid=msgid, msgstr=msgstr, **kw)])
    found = check_catalog(read_catalog(path), locale, list(glossary))
    return {(f.check, f.severity) for f in found}, found


def checks(tmp_path, msgid, msgstr, **kw) -> set[str]:
    return {name for name, _sev in run(tmp_path, msgid, msgstr, **kw)[0]}


# --- placeholders ------------------------------------------------------------------------


def test_placeholders_ok_when_reordered(tmp_path):
    assert "placeholders" not in checks(tmp_path, "Read about <a>Soyuz</a> at <b>ESA</b>.",
                                        "<b>ESA</b>で<a>Soyuz</a>について読む。")


@pytest.mark.parametrize("msgstr, words", [
    ("ESAで Soyuz について読む。", "missing"),
    ("<a>Soyuz</a>と<a>Soyuz</a>。", "extra"),
    ("</a>Soyuz<a>について読む。", "nested"),
])
def test_placeholders_missing_extra_unbalanced_are_errors(tmp_path, msgstr, words):
    pairs, found = run(tmp_path, "Read about <a>Soyuz</a>.", msgstr)
    assert ("placeholders", "error") in pairs
    assert any(words in f.message for f in found if f.check == "placeholders")


def test_injection_looking_text_is_not_a_placeholder_problem(tmp_path):
    # No placeholders in the source: <script> in the translation is literal text (escaped on build).
    assert "placeholders" not in checks(tmp_path, "Hello world", "<script>alert(1)</script>こんにちは")
    # Source has <a>…</a>: the translation's <a> counts and must be balanced; <script> is text.
    assert "placeholders" not in checks(tmp_path, "Go <a>home</a>", "<script>x</script><a>ホーム</a>へ")
    assert "placeholders" in checks(tmp_path, "Go <a>home</a>", "<script>x</script><a>ホームへ")


# --- numbers -----------------------------------------------------------------------------


def test_numbers_kept_including_years_fullwidth_and_separators(tmp_path):
    assert "numbers" not in checks(tmp_path, "Launched in 2005 with 10,000 kg.", "２００５年に10000 kgで打ち上げ。")
    assert "numbers" not in checks(tmp_path, "Launched in 2005 with 10,000 kg.", "2005年に１０，０００kgで打ち上げ。")
    pairs, found = run(tmp_path, "Launched in 2005 with 10,000 kg.", "05年に10,000 kgで打ち上げ。")
    assert ("numbers", "warning") in pairs
    assert "2005" in found[0].message


def test_numbers_ignore_placeholder_names_and_urls(tmp_path):
    # <a1>/<a2> and the URL's digits are not numbers of the text.
    msgid = "See <a1>one</a1> and <a2>two</a2>."
    assert "numbers" not in checks(tmp_path, msgid, "<a2>二</a2>と<a1>一</a1>を参照。")
    assert numbers("1,000 and 1.000 and 1 000 and 1\u202f000 and ３") == {"1000": 4, "3": 1}
    assert numbers("1, 2, 3") == {"1": 1, "2": 1, "3": 1}


# --- URLs and e-mail ---------------------------------------------------------------------


def test_urls_and_emails_preserved(tmp_path):
    msgid = "Write to press@esa.int or see https://www.esa.int/launches."
    assert "urls" not in checks(tmp_path, msgid, "press@esa.intに連絡、またはhttps://www.esa.int/launchesを参照。")
    pairs, found = run(tmp_path, msgid, "press@esa.intに連絡、またはhttps://esa.int/launchesを参照。")
    assert ("urls", "error") in pairs
    assert "https://www.esa.int/launches" in found[0].message
    assert ("urls", "error") in run(tmp_path, msgid, "press@esa.comに連絡、https://www.esa.int/launches。")[0]


# --- whitespace --------------------------------------------------------------------------


def test_leading_trailing_whitespace(tmp_path):
    assert "whitespace" not in checks(tmp_path, " Launch date: ", " 打ち上げ日： ")
    assert ("whitespace", "warning") in run(tmp_path, "Launch date:", "打ち上げ日： ")[0]
    assert "whitespace" in checks(tmp_path, " Launch date:", "打ち上げ日：")


def test_doubled_spaces(tmp_path):
    assert ("double-space", "warning") in run(tmp_path, "Soyuz rocket", "Soyuz  로켓", locale="ko")[0]
    assert "double-space" in checks(tmp_path, "The Soyuz rocket", "La fusée  Soyuz", locale="fr")
    assert "double-space" not in checks(tmp_path, "The Soyuz rocket", "La fusée Soyuz", locale="fr")
    # Ideographic spaces are layout in CJK text, but not in a Latin-script target.
    assert "double-space" not in checks(tmp_path, "The Soyuz rocket", "Soyuz\u3000\u3000ロケット")
    assert "double-space" in checks(tmp_path, "The Soyuz rocket", "Soyuz\u3000 ロケット")
    assert "double-space" in checks(tmp_path, "The Soyuz rocket", "La\u3000\u3000fusée Soyuz", locale="fr")
    # Doubled in the source too: not the translator's doing.
    assert "double-space" not in checks(tmp_path, "Soyuz  rocket", "Soyuz  ロケット")


# --- end punctuation ---------------------------------------------------------------------


@pytest.mark.parametrize("msgid, msgstr", [
    ("The launch succeeded.", "打ち上げは成功した。"),
    ("The launch succeeded.", "打ち上げは成功した．"),
    ("The launch succeeded.", "발사는 성공했다."),
    ("Ready?", "準備はいい？"),
    ("Ready?", "準備はいいですか。"),  # a Japanese question may end in か。
    ("Go!", "行け！"),
    ("Launch date:", "打ち上げ日："),
    ("Loading...", "読み込み中…"),
    ("He said \"go.\"", "彼は「行け。」"),
    ("Read <a>more.</a>", "<a>続きを読む。</a>"),
    ("Launch schedule", "打ち上げ予定"),
])
def test_end_punctuation_accepts_equivalents(tmp_path, msgid, msgstr):
    assert "end-punctuation" not in checks(tmp_path, msgid, msgstr)


@pytest.mark.parametrize("msgid, msgstr, locale", [
    ("The launch succeeded.", "打ち上げは成功した", "ja"),
    ("Ready?", "准备好了。", "zh_CN"),
    ("Launch schedule", "打ち上げ予定。", "ja"),  # the reverse: punctuation added
    ("Launch date:", "発射日。", "ja"),
])
def test_end_punctuation_mismatch_warns(tmp_path, msgid, msgstr, locale):
    assert ("end-punctuation", "warning") in run(tmp_path, msgid, msgstr, locale=locale)[0]


# --- brackets ----------------------------------------------------------------------------


def test_brackets_paired_including_fullwidth(tmp_path):
    assert "brackets" not in checks(tmp_path, "Soyuz (Russian rocket)", "ソユーズ（ロシアのロケット）")
    assert "brackets" not in checks(tmp_path, "The \"Soyuz\" rocket", "「ソユーズ」ロケット")
    assert ("brackets", "warning") in run(tmp_path, "Soyuz (Russian rocket)", "ソユーズ（ロシアのロケット")[0]
    assert "brackets" in checks(tmp_path, "Soyuz (Russian rocket)", "ソユーズ（ロシアのロケット)")
    assert "brackets" in checks(tmp_path, "The \"Soyuz\" rocket", "「ソユーズ』ロケット")
    # An unpaired bracket in the source (a list marker) is the source's business.
    assert "brackets" not in checks(tmp_path, "1) First stage", "1) 第1段")


# --- untranslated ------------------------------------------------------------------------


def test_untranslated(tmp_path):
    assert ("untranslated", "warning") in run(tmp_path, "Launch schedule", "Launch schedule")[0]
    assert "untranslated" not in checks(tmp_path, "Launch schedule", "打ち上げ予定")
    # Nothing to translate: no letters, glossary terms only, a proper noun or codes.
    assert "untranslated" not in checks(tmp_path, "2005 – 2024", "2005 – 2024")
    assert "untranslated" not in checks(tmp_path, "ESA / Roscosmos", "ESA / Roscosmos", glossary=["ESA", "Roscosmos"])
    assert "untranslated" not in checks(tmp_path, "Baikonur", "Baikonur")
    assert "untranslated" not in checks(tmp_path, "Soyuz MS-25", "Soyuz MS-25", glossary=["Soyuz"])
    assert "untranslated" in checks(tmp_path, "Soyuz launches", "Soyuz launches", glossary=["Soyuz"])


def test_untranslated_accepts_copies_of_non_latin_source(tmp_path):
    # A language switcher names each language in its own script: copied unchanged on purpose.
    switcher = "<a1>한국</a1>\xa0 \xa0<a2>대만</a2>\xa0 \xa0<a3>중국</a3>\xa0 \xa0<a4>일본</a4>"
    for locale in ("ja", "ko", "zh_CN", "zh_TW"):
        assert "untranslated" not in checks(tmp_path, switcher, switcher, locale=locale)
    # One Latin word left that is not a name is still English to translate.
    assert "untranslated" in checks(tmp_path, "한국 version", "한국 version")


# --- length ------------------------------------------------------------------------------


def test_length_ratio_by_target_script(tmp_path):
    msgid = "The rocket lifted off from the launch pad on time."  # 50 chars
    assert "length" not in checks(tmp_path, msgid, "ロケットは予定通り発射台から打ち上げられた。")
    assert ("length", "warning") in run(tmp_path, msgid, "打ち上げ。")[0]  # 0.1x: truncated
    assert "length" in checks(tmp_path, msgid, "ロケット" * 20 + "。")  # 1.6x: too long for CJK
    # The same 1.6x is normal for a Latin-script target.
    assert "length" not in checks(tmp_path, msgid, "La fusée a décollé à l'heure prévue depuis le pas de tir, "
                                  "comme annoncé par l'agence.", locale="fr")
    assert "length" in checks(tmp_path, msgid, "Décollage.", locale="fr")
    # Short sources are not measured.
    assert "length" not in checks(tmp_path, "Launch schedule", "予")


# --- glossary ----------------------------------------------------------------------------


def test_glossary_terms_kept_verbatim(tmp_path):
    g = ["ESA", "Ariane", "Arianespace"]
    assert "glossary" not in checks(tmp_path, "ESA and Arianespace", "ESAとArianespace", glossary=g)
    pairs, found = run(tmp_path, "ESA and Arianespace", "欧州宇宙機関とArianespace", glossary=g)
    assert ("glossary", "error") in pairs
    assert "ESA" in found[0].message
    # Whole words, case-sensitive: "Arianespace" does not contain the term "Ariane", "esa" is not "ESA".
    assert "glossary" not in checks(tmp_path, "Arianespace launches", "Arianespaceが打ち上げ", glossary=g)
    assert "glossary" not in checks(tmp_path, "see www.esa.int", "www.esa.intを参照", glossary=g)
    # A translation keeping "Arianespace" has not kept the term "Ariane".
    assert "glossary" in checks(tmp_path, "Ariane by Arianespace", "アリアン by Arianespace", glossary=g)


SOYUZ = "Soyuz | ko: 소유스 | ja: ソユーズ | zh_CN: 联盟号 | zh_TW: 聯盟號"


@pytest.mark.parametrize("msgstr, locale", [
    ("ソユーズの打ち上げ", "ja"),
    ("소유스는 러시아의 발사체입니다.", "ko"),  # a particle glued to the rendering is fine
    ("联盟号发射", "zh_CN"),
    ("聯盟號發射", "zh_TW"),
    ("Soyuzの打ち上げ", "ja"),  # the term itself is always accepted
])
def test_glossary_approved_rendering_accepted(tmp_path, msgstr, locale):
    assert "glossary" not in checks(tmp_path, "Soyuz launches", msgstr, locale=locale, glossary=[SOYUZ])


@pytest.mark.parametrize("msgstr, locale", [
    ("ソユースの打ち上げ", "ja"),  # misspelt
    ("連合ロケットの打ち上げ", "ja"),  # translated as a word instead of the name
    ("联盟号發射", "zh_TW"),  # the mainland form is not the approved Taiwan one
    ("聯盟號发射", "zh_CN"),
    ("소유즈 발사", "ko"),
])
def test_glossary_wrong_rendering_rejected(tmp_path, msgstr, locale):
    pairs, found = run(tmp_path, "Soyuz launches", msgstr, locale=locale, glossary=[SOYUZ])
    assert ("glossary", "error") in pairs
    [f] = [f for f in found if f.check == "glossary"]
    assert "Soyuz" in f.message and "approved" in f.message


def test_glossary_plain_term_still_verbatim(tmp_path):
    g = ["ESA", SOYUZ]
    assert "glossary" not in checks(tmp_path, "ESA and Soyuz", "ESAとソユーズ", glossary=g)
    pairs, found = run(tmp_path, "ESA and Soyuz", "欧州宇宙機関とソユーズ", glossary=g)
    assert ("glossary", "error") in pairs
    assert [f.message for f in found if f.check == "glossary"] == ["do-not-translate term(s) missing: ESA"]
    # A locale with no approved rendering must keep the term itself.
    assert "glossary" in checks(tmp_path, "Soyuz launches", "Lancements Soyouz", locale="fr", glossary=g)
    assert "glossary" not in checks(tmp_path, "Soyuz launches", "Lancements Soyuz", locale="fr", glossary=g)


def test_glossary_language_key_and_alternatives(tmp_path):
    g = ["Vega | zh: 织女星 | zh_TW: 織女星 | ja: ヴェガ | ja: ベガ"]
    assert "glossary" not in checks(tmp_path, "Vega launches", "织女星发射", locale="zh_CN", glossary=g)
    # zh_TW has its own key, which replaces the language's.
    assert "glossary" in checks(tmp_path, "Vega launches", "织女星发射", locale="zh_TW", glossary=g)
    assert "glossary" not in checks(tmp_path, "Vega launches", "織女星發射", locale="zh_TW", glossary=g)
    assert "glossary" not in checks(tmp_path, "Vega launches", "ベガの打ち上げ", glossary=g)
    assert "glossary" not in checks(tmp_path, "Vega launches", "ヴェガの打ち上げ", glossary=g)


def test_glossary_spaces_apostrophes_and_edges(tmp_path):
    g = ["Ariane | ja: アリアン | ko: 아리안", "Ariane 5 | ja: アリアン5 | ko: 아리안 5",
         "Europe's Spaceport | ja: 欧州宇宙基地"]
    # A no-break space in the source still contains the term "Ariane 5"; a CJK rendering may
    # touch a digit, and "Ariane 5" also needs "Ariane".
    assert "glossary" not in checks(tmp_path, "the Ariane\xa05 pad", "アリアン5の発射台", glossary=g)
    assert "glossary" not in checks(tmp_path, "the Ariane\xa05 pad", "아리안\xa05 발사대", locale="ko", glossary=g)
    _pairs, found = run(tmp_path, "the Ariane 5 pad", "アリアン6の発射台", glossary=g)
    assert [f.message for f in found if f.check == "glossary"] == [
        "glossary term(s) missing or not rendered as approved: Ariane 5 (approved: アリアン5)"]
    # ’ and ' are the same apostrophe.
    assert "glossary" in checks(tmp_path, "Europe’s Spaceport", "欧州の宇宙港", glossary=g)
    assert "glossary" not in checks(tmp_path, "Europe’s Spaceport", "欧州宇宙基地", glossary=g)
    # Latin edges are still whole words: "Arianespace" keeps neither "Ariane" nor its rendering.
    assert "glossary" not in checks(tmp_path, "Arianespace", "Arianespace", glossary=g)
    assert "glossary" in checks(tmp_path, "Ariane", "Arianespace", glossary=g)


def test_parse_glossary_line():
    assert parse_glossary_line("ESA") == GlossaryTerm("ESA")
    term = parse_glossary_line("Soyuz  | ko: 소유스 |ja:ソユーズ | zh-tw: 聯盟號 | ja: ソユーズ")
    assert term.term == "Soyuz"
    assert term.renderings_for("ja") == ("ソユーズ",)  # duplicates dropped
    assert term.renderings_for("zh_TW") == ("聯盟號",)
    assert term.renderings_for("zh-TW") == ("聯盟號",)
    assert term.renderings_for("zh_CN") == ()
    for bad in ["| ja: ソユーズ", "Soyuz | ソユーズ", "Soyuz | ja:", "Soyuz | j@: x", "Soyuz |"]:
        with pytest.raises(ValueError):
            parse_glossary_line(bad)


def test_load_glossary_skips_comments(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text("# agencies\nESA\n\n  Soyuz | ja: ソユーズ  # rocket\n", "utf-8")
    assert load_glossary(path) == [GlossaryTerm("ESA"), GlossaryTerm("Soyuz", (("ja", ("ソユーズ",)),))]
    with pytest.raises(L10nError):
        load_glossary(tmp_path / "missing.txt")
    path.write_text("ESA\nSoyuz | ソユーズ\n", "utf-8")
    with pytest.raises(L10nError) as info:
        load_glossary(path)
    assert info.value.line == 2 and "locale: rendering" in str(info.value)


def test_project_glossary_parses():
    terms = {t.term: t for t in load_glossary(Path(__file__).resolve().parents[1] / "glossary.txt")}
    assert terms["ESA"].renderings == ()
    assert terms["Soyuz"].renderings_for("zh_TW") == ("聯盟號",)
    assert terms["Europe's Spaceport"].renderings_for("zh_CN") == ("欧洲航天发射场",)


# --- which entries are checked -----------------------------------------------------------


def test_skips_fuzzy_obsolete_empty_and_header(tmp_path):
    bad = "ESAは打ち上げた"  # loses the end punctuation
    path = write_po(tmp_path / "ja.po", "ja", [
        dict(msgid="ESA launched.", msgstr=bad, flags=["fuzzy"]),
        dict(msgid="ESA launched it.", msgstr=bad, obsolete=True),
        dict(msgid="ESA launched them.", msgstr=""),
    ])
    po = read_catalog(path)
    assert check_catalog(po, "ja", []) == []
    assert [f.msgid for f in check_catalog(po, "ja", [], include_fuzzy=True)] == ["ESA launched."]


def test_plural_forms_each_checked(tmp_path):
    entry = dict(msgid="One launch in 2005.", msgid_plural="{n} launches in 2005.")
    path = write_po(tmp_path / "fr.po", "fr", [
        dict(entry, msgstr_plural={0: "Un lancement en 2005.", 1: "{n} lancements en 2005"}),
    ])
    found = check_catalog(read_catalog(path), "fr", [])
    assert [(f.check, f.message[:8]) for f in found] == [("end-punctuation", "[form 1]")]
    # A single-form language compares its one form with msgid_plural.
    path = write_po(tmp_path / "ja.po", "ja", [dict(entry, msgstr_plural={0: "2005年に{n}回の打ち上げ。"})])
    assert check_catalog(read_catalog(path), "ja", []) == []


def test_finding_fields_and_line(tmp_path):
    path = write_po(tmp_path / "ja.po", "ja", [
        dict(msgid="Fine.", msgstr="良い。"),
        dict(msgid="Launch <b>now</b>.", msgstr="今すぐ発射。", msgctxt="button"),
    ])
    [f] = check_catalog(polib.pofile(str(path)), "ja", [])  # polib sets fpath: the default `file`
    lines = path.read_text("utf-8").splitlines()
    assert lines[f.line - 1].startswith("msgctxt")  # polib's linenum: where the entry starts
    assert (f.locale, f.msgid, f.msgctxt, f.check, f.severity) == ("ja", "Launch <b>now</b>.", "button",
                                                                   "placeholders", "error")
    assert f.file == str(path)


# --- CLI ---------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    """A project with ja (one error, one warning) and ko (clean) catalogues."""
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["ja", "ko"]\n', "utf-8")
    cfg = load_config(tmp_path)
    write_po(cfg.po_path("ja"), "ja", [
        dict(msgid="Read <a>more</a>.", msgstr="続きを読む。", occurrences=[("index.html", "3")]),
        dict(msgid="Launch schedule", msgstr="Launch schedule"),
        dict(msgid="ESA rocket", msgstr="欧州のロケット", flags=["fuzzy"]),
    ])
    write_po(cfg.po_path("ko"), "ko", [dict(msgid="Launch schedule", msgstr="발사 일정")])
    return tmp_path


def test_cli_table_and_exit_1_on_errors(project, capsys):
    assert main(["check", "--root", str(project)]) == 1
    out = capsys.readouterr().out
    assert "locales/ja/LC_MESSAGES/messages.po:" in out
    assert "placeholders" in out and "untranslated" in out
    assert "ja: 1 error(s), 1 warning(s)" in out
    assert "ko: 0 error(s), 0 warning(s)" in out


def test_cli_exit_0_with_warnings_only(project):
    assert main(["check", "--root", str(project), "-l", "ko"]) == 0
    cfg = load_config(project)
    write_po(cfg.po_path("ko"), "ko", [dict(msgid="Launch schedule", msgstr="Launch schedule")])
    assert main(["check", "--root", str(project), "-l", "ko"]) == 0


def test_cli_json_shape(project, capsys):
    assert main(["check", "--root", str(project), "-l", "ja", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["check"] for d in data] == ["placeholders", "untranslated"]
    for d in data:
        assert list(d) == ["locale", "file", "line", "severity", "check", "message", "msgid", "msgctxt"]
        assert d["locale"] == "ja" and isinstance(d["line"], int)
        assert d["file"] == "locales/ja/LC_MESSAGES/messages.po"
    assert data[0]["severity"] == "error" and data[0]["msgid"] == "Read <a>more</a>."


def test_cli_glossary_default_flag_and_fuzzy(project, capsys, tmp_path_factory):
    # The fuzzy entry loses "ESA": only seen with --include-fuzzy, and only with a glossary.
    args = ["check", "--root", str(project), "-l", "ja", "--format", "json", "--include-fuzzy"]
    main(args)
    assert "glossary" not in {d["check"] for d in json.loads(capsys.readouterr().out)}
    (project / "glossary.txt").write_text("# terms\nESA\n", "utf-8")  # picked up by default
    main(args)
    assert "glossary" in {d["check"] for d in json.loads(capsys.readouterr().out)}
    main(args[:-1])
    assert "glossary" not in {d["check"] for d in json.loads(capsys.readouterr().out)}
    other = tmp_path_factory.mktemp("g") / "terms.txt"
    other.write_text("Soyuz\n", "utf-8")
    main([*args, "--glossary", str(other)])
    assert "glossary" not in {d["check"] for d in json.loads(capsys.readouterr().out)}


def test_cli_input_errors_exit_2(project, capsys):
    assert main(["check", "--root", str(project), "-l", "zh_TW"]) == 2
    err = capsys.readouterr().err
    assert "no catalogue for zh_TW; create it with `l10n init -l zh_TW`" in err and "Traceback" not in err
    assert main(["check", "--root", str(project), "--glossary", str(project / "nope.txt")]) == 2
    assert "glossary not found" in capsys.readouterr().err


def test_cli_glossary_with_renderings(project, capsys):
    cfg = load_config(project)
    write_po(cfg.po_path("ko"), "ko", [dict(msgid="Soyuz at Kourou", msgstr="쿠루의 소유스"),
                                       dict(msgid="Soyuz launches", msgstr="소유즈 발사")])
    (project / "glossary.txt").write_text("Soyuz | ko: 소유스\nKourou | ko: 쿠루\n", "utf-8")
    assert main(["check", "--root", str(project), "-l", "ko", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["check"], d["severity"], d["msgid"]) for d in data] == [("glossary", "error", "Soyuz launches")]
    (project / "glossary.txt").write_text("Soyuz | ko 소유스\n", "utf-8")
    assert main(["check", "--root", str(project), "-l", "ko"]) == 2
    err = capsys.readouterr().err
    assert "glossary.txt:1:" in err and "Traceback" not in err


def test_check_catalogs_uses_configured_glossary(project):
    text = (project / "pyproject.toml").read_text("utf-8") + 'glossary = "terms/dnt.txt"\n'
    (project / "pyproject.toml").write_text(text, "utf-8")
    (project / "terms").mkdir()
    (project / "terms" / "dnt.txt").write_text("ESA\n", "utf-8")
    results = check_catalogs(load_config(project), ["ja"], include_fuzzy=True)
    assert "glossary" in {f.check for f in results["ja"]}
