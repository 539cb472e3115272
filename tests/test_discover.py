"""Language-switcher discovery: which links name a target locale, and why."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import babel
import polib
import pytest

from toolkit.cli import main
from toolkit.config import load_config
from toolkit.discover import (
    discover_language_links,
    discover_locales,
    locale_for_link,
    switcher_links,
    tag_locale,
    target_links,
)
from toolkit.locales import matching_locale

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "source_html" / "esa" / "international_cooperation.html"

ESA_ROW = """<html><head><title>International cooperation</title></head><body>
<div class="topnav"><a href="http://www.esa.int/esaCP/index.html">ESA Home</a>
<a href="/esaMI/Mars_Express/">Mars Express</a> <a href="/esaSC/">Science</a></div>
<p>ESA works with <a href="/esaCP/China.html">China</a>, <a href="/esaCP/Japan.html">Japan</a> and Korea.</p>
<p><a href="http://www.esa.int/esaKO/index.html">&#54620;&#44397;</a> <a href="/esaTW/">&#45824;&#47564;</a>
<a href="/esaCN/">&#51473;&#44397;</a> <a href="/esaJP/">&#51068;&#48376;</a></p>
<p class="footer"><a href="/esaKO/index.html">한국</a></p>
</body></html>"""


def test_esa_row_gives_the_four_locales_in_page_order():
    links = discover_language_links(ESA_ROW)
    assert [(lk.locale, lk.text) for lk in links] == [
        ("ko", "한국"), ("zh_TW", "대만"), ("zh_CN", "중국"), ("ja", "일본"), ("ko", "한국")]
    assert links[0].href == "http://www.esa.int/esaKO/index.html"
    assert links[1].reason == "URL code esaTW + text: CLDR ko name of TW"
    assert links[0].reason == "URL code esaKO + text: common name"  # CLDR's ko name of KR is 대한민국
    assert [lk.locale for lk in target_links(links)] == ["ko", "zh_TW", "zh_CN", "ja"]


def test_section_codes_and_source_language_country_names_are_not_language_links():
    for href, text in [("/esaMI/Mars_Express/", "Mars Express"),  # mi is Māori
                       ("/esaSC/", "Science"),                      # SC is Seychelles
                       ("/esaCP/China.html", "China"),             # an article about China
                       ("/my/account", "My account"),               # my is Burmese
                       ("http://www.w3.org/TR/xslt", "XSLT"),       # W3C's Technical Reports, not Turkey
                       ("/news/", "Japan"), ("mailto:ko@example.org", "Korea"),  # eo for Korean
                       ("/partners/", "Duitsland")]:  # Dutch for Germany: only an endonym stands alone
        assert locale_for_link(href, text, None) is None, (href, text)


@pytest.mark.parametrize("href, text, hreflang, expected", [
    ("../ko/page.html", "Korean", "ko", ("ko", 'hreflang="ko"')),
    ("/x", "", "zh-Hant-TW", ("zh_TW", 'hreflang="zh-Hant-TW"')),
    ("/zh-tw/index.html", "Chinese", None, ("zh_TW", "URL path /zh-tw/ + text: CLDR en name of zh")),
    ("../zh_CN/page.html", "x", None, ("zh_CN", "URL path /zh_CN/")),
    ("/ja/", "日本語", None, ("ja", "URL path /ja/ + text: CLDR ja name of ja")),
    ("/jp/", "x", None, ("ja", "URL path /jp/")),  # jp is no language: the country JP
    ("?hl=ko", "x", None, ("ko", "URL query hl=ko")),
    ("https://example.org/index.ko.html", "x", None, ("ko", "URL file name index.ko.html")),
    ("/esaJP/", "日本語", None, ("ja", "URL code esaJP + text: CLDR ja name of ja")),
    ("/esaJP/", "Japanese", None, ("ja", "URL code esaJP + text: CLDR en name of ja")),
    ("/any", "繁體中文", None, ("zh_TW", "text: CLDR zh_Hant name of zh_Hant")),
    ("/any", "简体中文", None, ("zh_CN", "text: CLDR zh name of zh_Hans")),
    ("/any", "中文", None, ("zh_CN", "text: CLDR zh name of zh")),
    ("/any", "한국어", None, ("ko", "text: CLDR ko name of ko")),
    ("/any", "Deutsch", None, ("de", "text: CLDR de name of de")),
    ("/my/", "Burmese", None, ("my", "URL path /my/ + text: CLDR en name of my")),
    ("/tr/", "Türkçe", None, ("tr", "URL path /tr/ + text: CLDR tr name of tr")),
])
def test_locale_for_link(href, text, hreflang, expected):
    assert locale_for_link(href, text, hreflang) == expected


def test_lang_attribute_and_flag_images():
    html = ('<a href="/p" lang="ru">Русский</a> <a href="/q" lang="en">Home</a>'
            '<a href="/esaKO/"><img src="kr.png" alt="한국어"></a>')
    links = discover_language_links(html)
    assert [(lk.locale, lk.reason) for lk in links] == [
        ("ru", 'lang="ru"'), ("ko", "URL code esaKO + text: CLDR ko name of ko")]


def test_source_locale_is_not_a_target():
    html = '<a hreflang="en" href="/en/">English</a> <a hreflang="ko" href="/ko/">한국어</a>'
    links = discover_language_links(html)
    assert [lk.locale for lk in links] == ["en", "ko"]
    assert [lk.locale for lk in target_links(links, "en")] == ["ko"]


@pytest.mark.parametrize("tag, expected", [
    ("ko", "ko"), ("ko-KR", "ko_KR"), ("zh-tw", "zh_TW"), ("zh_TW", "zh_TW"), ("zh-Hant", "zh_Hant"),
    ("zh-Hans", "zh_CN"), ("zh", "zh_CN"), ("zh-HK", "zh_HK"), ("pt-BR", "pt_BR"), ("pt-PT", "pt_PT"),
    ("jp", "ja"), ("cn", "zh_CN"), ("kr", "ko"), ("x-default", None), ("", None), ("esa", None),
    # the whole tag is kept (RFC 5646): 3-letter languages, scripts (gettext's modifier where it has one), numeric
    # regions, a variant gettext names; what the rest implies is left out, deprecated codes are CLDR's replacement
    ("fil", "fil"), ("haw", "haw"), ("yue", "yue"), ("sr-Latn", "sr@latin"), ("sr-Latn-RS", "sr_RS@latin"),
    ("sr-Cyrl", "sr"), ("uz-Cyrl", "uz@cyrillic"), ("es-419", "es_419"), ("de-CH", "de_CH"), ("de-CH-1996", "de_CH"),
    ("zh-Hant-TW", "zh_TW"), ("zh-Hant-HK", "zh_HK"), ("cmn-Hans-CN", "zh_CN"), ("zh-yue", "yue"),
    ("ca-ES-valencia", "ca_ES@valencia"), ("en-US-u-ca-gregory", "en_US"), ("iw-IL", "he_IL"), ("tl-PH", "fil_PH"),
    ("faq", None), ("api", None), ("new", None),
])
def test_tag_locale(tag, expected):
    assert tag_locale(tag) == expected


TAGGED_PAGE = """<html lang="en"><head><title>Page</title>
<link rel="alternate" hreflang="fil" href="/fil/page.html">
<link rel="alternate" hreflang="zh-Hant-TW" href="/zh-hant-tw/page.html">
<link rel="alternate" hreflang="cmn-Hans-CN" href="/cmn/page.html"></head><body><ul class="langs">
<li><a href="/page.html" hreflang="en">English</a></li>
<li><a href="/fil/page.html" hreflang="fil">Filipino</a></li>
<li><a href="/sr-latn/page.html" hreflang="sr-Latn">Srpski</a></li>
<li><a href="/zh-hant/page.html" hreflang="zh-Hant">繁體中文</a></li>
<li><a href="/es-419/page.html" hreflang="es-419">Español (Latinoamérica)</a></li>
<li><a href="/pt-br/page.html" hreflang="pt-BR">Português (Brasil)</a></li>
<li><a href="/de-ch/page.html" hreflang="de-CH">Deutsch (Schweiz)</a></li>
<li><a href="/ko-kr/page.html" hreflang="ko-KR">한국어</a></li>
<li><a href="/yue/page.html">粵語</a></li> <li><a href="/haw/page.html">ʻŌlelo Hawaiʻi</a></li></ul>
<p>See the <a href="/faq/">FAQ</a>, the <a href="/api/">API</a> and <a href="/doi/10.1000/182">a paper</a>.</p>
</body></html>"""


def test_a_declared_tag_is_read_whole(project, capsys):
    """hreflang is BCP 47: 3-letter languages, the script (sr-Latn is Latin Serbian, zh-Hant Traditional Chinese) and
    the region (pt-BR, es-419) are kept; an alternate naming a version the switcher names already (zh-Hant-TW,
    zh-Hant's) is that version; 3-letter path segments (/faq/, /api/, /doi/: Dogri) name none."""
    root = project({"page.html": TAGGED_PAGE})
    page = str(root / "source_html" / "page.html")
    assert main(["locales", "--root", str(root), page, "--format", "json"]) == 0
    found = [(d["locale"], d["reason"]) for d in json.loads(capsys.readouterr().out)]
    assert found == [("fil", 'hreflang="fil"'), ("sr@latin", 'hreflang="sr-Latn"'), ("zh_Hant", 'hreflang="zh-Hant"'),
                     ("es_419", 'hreflang="es-419"'), ("pt_BR", 'hreflang="pt-BR"'), ("de_CH", 'hreflang="de-CH"'),
                     ("ko_KR", 'hreflang="ko-KR"'), ("yue", "URL path /yue/ + text: CLDR yue name of yue"),
                     ("haw", "URL path /haw/ + text: CLDR haw name of haw"),
                     ("zh_CN", '<link hreflang="cmn-Hans-CN">')]
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "--from-links", page, "-q"]) == 0
    team = {p.parent.parent.name: polib.pofile(str(p)).metadata["Language-Team"]
            for p in (root / "locales").glob("*/LC_MESSAGES/messages.po")}
    assert team["sr@latin"] == "srpski" and team["zh_Hant"] == "繁體中文" and team["pt_BR"] == "português"
    assert "zh_TW" not in team and "sr" not in team
    assert "Filipino" not in (root / "locales" / "messages.pot").read_text("utf-8")  # a language name, not a message


@pytest.mark.parametrize("href, text, expected", [
    ("/fil/page.html", "Filipino", ("fil", "URL path /fil/ + text: CLDR fil name of PH")),
    ("/fil/page.html", "Read more", None),   # a 3-letter segment alone names no language
    ("/doi/10.1000/182", "A paper", None),   # doi is Dogri
    ("/faq/", "FAQ", None), ("/my-account/", "Account", None),
    ("?lang=fil", "x", ("fil", "URL query lang=fil")),
])
def test_three_letter_codes_in_urls_only_corroborate(href, text, expected):
    assert locale_for_link(href, text, None) == expected


VERSIONS = (("en", "en"), ("pt_BR", "pt-BR"), ("sr@latin", "sr-Latn"), ("fil", "fil"), ("zh_TW", "zh-TW"),
            ("ko", "ko"), ("de", "de"), ("es", "es"))


@pytest.mark.parametrize("tag, expected, strict", [
    ("pt-BR", "pt_BR", "pt_BR"), ("pt", "pt_BR", "pt_BR"), ("pt-PT", None, None),
    ("sr-Latn", "sr@latin", "sr@latin"), ("sr", None, None), ("sr-Cyrl", None, None),
    ("zh-Hant", "zh_TW", "zh_TW"), ("zh-Hant-TW", "zh_TW", "zh_TW"), ("zh-Hans", None, None),
    ("ko-KR", "ko", "ko"), ("ko-US", "ko", None), ("fil", "fil", "fil"), ("FIL-ph", "fil", "fil"),
    ("de-CH", "de", None), ("de-CH-1996", "de", None), ("es-419", "es", None), ("en-US", "en", "en"),
    ("tw", None, None), ("x-default", None, None),
])
def test_a_link_matches_the_sites_locale_by_tag(tag, expected, strict):
    """RFC 4647 lookup, the site's locales the candidates: the same tag, else the same language version (the script
    and region each implies), else (not for alternates) the tag with its last subtags taken off, in its script."""
    assert matching_locale(tag, VERSIONS) == expected
    assert matching_locale(tag, VERSIONS, lookup=False) == strict
    assert matching_locale("zh-Hant-HK", (("zh_Hant", "zh-Hant"), ("zh_TW", "zh-TW"))) == "zh_Hant"
    assert matching_locale("sr-Latn", (("sr", "sr"), ("sr_Latn", "sr-Latn"))) == "sr_Latn"


def test_territory_first_for_upper_case_country_codes():
    assert tag_locale("tw") == "zh_TW"  # no Twi locale data: the country
    assert tag_locale("se") == "se" and tag_locale("SE", territory_first=True) == "sv"


def test_locales_command_on_a_windows_1252_page(project, capsys):
    page = ESA_ROW.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    page = page.replace("ESA works with", "ESA\u2019s partners:").replace("한국", "&#54620;&#44397;")
    root = project({"coop.html": page.encode("windows-1252")})
    path = root / "source_html" / "coop.html"
    assert main(["locales", "--root", str(root), str(path)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert [row.split()[0] for row in rows] == ["ko", "zh_TW", "zh_CN", "ja"]
    assert rows[1].split()[-2:] == ["/esaTW/", "대만"] and "CLDR ko name of TW" in rows[1]
    assert main(["locales", "--root", str(root), str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["locale"] for d in data] == ["ko", "zh_TW", "zh_CN", "ja"]
    assert set(data[0]) == {"locale", "href", "text", "reason"} and data[3]["text"] == "일본"


def test_the_versions_a_page_declares_in_its_head_are_target_locales(project, capsys):
    """`<link rel=alternate hreflang>` (what search engines read) counts as much as a switcher link;
    x-default and the source language are no targets, a locale named twice is listed once."""
    page = ('<html><head><link rel="alternate" hreflang="ja" href="/ja/"><link rel="alternate" hreflang="x-default" '
            'href="/"><link rel="alternate" hreflang="en" href="/en/"><link rel="alternate" hreflang="ko" href="/ko/">'
            '<link rel="stylesheet" hreflang="de" href="s.css"></head><body>'
            '<nav><a href="/ko/">한국어</a></nav><p>Hello world</p></body></html>')
    root = project({"a.html": page})
    assert main(["locales", "--root", str(root), str(root / "source_html" / "a.html"), "--format", "json"]) == 0
    found = [(d["locale"], d["href"], d["reason"]) for d in json.loads(capsys.readouterr().out)]
    assert found == [("ko", "/ko/", found[0][2]), ("ja", "/ja/", '<link hreflang="ja">')]
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "--from-links", str(root / "source_html" / "a.html"), "-q"]) == 0
    assert sorted(p.parent.parent.name for p in (root / "locales").glob("*/LC_MESSAGES/messages.po")) == ["ja", "ko"]


def test_missing_page_is_an_input_error(project, capsys):
    root = project()
    assert main(["locales", "--root", str(root), str(root / "nope.html")]) == 2
    assert "nope.html: page not found" in capsys.readouterr().err


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample page not in the repository")
def test_sample_page():
    assert [lk.locale for lk in discover_locales(load_config(REPO), SAMPLE)] == ["ko", "zh_TW", "zh_CN", "ja"]


def test_name_index_leaves_babel_locale_data_intact():
    from babel import Locale

    from toolkit.discover import _name_index

    _name_index()
    assert Locale.parse("zh_CN").languages["zh_Hans"] == "简体中文"  # parents still merged in


def test_name_index_is_cached_as_data_and_survives_a_corrupt_cache(tmp_path, monkeypatch, caplog):
    from toolkit import discover

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = FAKE_INDEX
    keys = [*built, "nosuchname"]
    monkeypatch.setattr(discover, "_build_name_index", lambda: FAKE_INDEX)  # the real one takes seconds
    discover._name_index.cache_clear()
    try:
        first = discover._name_index()
        cache = discover._name_index_cache()
        assert cache.is_file() and str(cache).startswith(str(tmp_path)) and cache.suffix == ".sqlite"
        assert cache.read_bytes().startswith(b"SQLite format 3")  # data, not a pickle
        assert [first.get(k) for k in keys] == [built.get(k) for k in keys]
        cache.write_bytes(b"not a database")
        discover._name_index.cache_clear()
        with caplog.at_level("WARNING", logger="toolkit"):
            again = discover._name_index()
        assert [again.get(k) for k in keys] == [built.get(k) for k in keys]  # rebuilt...
        assert len([r for r in caplog.records if "CLDR name cache" in r.getMessage()]) == 1  # ...said once
        assert cache.read_bytes().startswith(b"SQLite format 3")  # ...and rewritten
    finally:
        discover._name_index.cache_clear()


def test_a_planted_pickle_in_the_old_name_cache_is_never_loaded(tmp_path, monkeypatch):
    from toolkit import discover

    marker = tmp_path / "pwned"
    old = tmp_path / "l10n-toolkit" / f"cldr-names-babel{babel.__version__}-v1.pickle"
    old.parent.mkdir(parents=True)
    old.write_bytes(pickle.dumps(Boom(str(marker))))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(discover, "_build_name_index", lambda: FAKE_INDEX)
    discover._name_index.cache_clear()
    try:
        assert [lk.locale for lk in discover_language_links(ESA_ROW)][:4] == ["ko", "zh_TW", "zh_CN", "ja"]
    finally:
        discover._name_index.cache_clear()
    assert not marker.exists()


FAKE_INDEX = {"대만": {"zh_TW": ("TW", ["ko"])}, "deutsch": {"de": ("de", ["de", "de_CH"])}}


def test_the_name_index_cache_answers_like_the_index(tmp_path):
    from toolkit import discover

    index = discover._build_name_index()
    discover._write_name_index(tmp_path / "names.sqlite", index)
    cached = discover._NameLookup(tmp_path / "names.sqlite")
    cached.check()
    for name in ("Deutsch", "대만", "Japanese", "España", "日本語", "繁體中文"):
        assert cached.get(discover._norm(name)) == index[discover._norm(name)]


class Boom:
    """Unpickling this creates a marker file: proof that a pickle was loaded."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).touch, ())


def test_the_link_finder_reads_labels_from_the_parsed_page():
    from toolkit.html import parse_document
    from toolkit.html.links import page_anchors

    html = ('<p><a href="/a">Deu<b>tsch</b> &amp; more</a> <a href="/b"><img src="f.png" alt="日本語"></a>'
            '<a href="/c" title="Español"><img src="es.png"></a><a href="/d">open <a href="/e">next</a>'
            '<a href="/f"><script>var x = "</a>";</script>Kor&#101;an</a><a name="x">no href</a></p>'
            '<ul><li><a href="/g">Unclosed</li><li>other</li></ul>')
    anchors = page_anchors(parse_document(html))
    assert [(a.href, a.label) for a in anchors] == [
        ("/a", "Deu tsch & more"), ("/b", "日本語"), ("/c", "Español"), ("/d", "open"), ("/e", "next"),
        ("/f", "Korean"), ("/g", "Unclosed")]
    assert all(a.tag is not None and a.tag.attrs["href"].value == a.href for a in anchors)


def test_the_link_finder_is_the_only_html_reading_in_discovery():
    import toolkit.discover as d

    source = Path(d.__file__).read_text("utf-8")
    assert "bs4" not in source and "BeautifulSoup" not in source


def test_a_big_page_looks_its_labels_up_in_a_few_batched_queries(tmp_path, monkeypatch):
    """6 000 anchors must not mean 6 000 SQLite queries (or a full locale weighing each): the labels are
    fetched in batches, and only anchors that can be sure language links are weighed in full."""
    from toolkit import discover
    from toolkit.html import parse_document
    from toolkit.html.links import page_links

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(discover, "_build_name_index", lambda: FAKE_INDEX)
    discover._name_index.cache_clear()
    try:
        lookup = discover._name_index()
        assert isinstance(lookup, discover._NameLookup)
        queries: list[str] = []
        lookup.connection().set_trace_callback(lambda sql: queries.append(sql) if "FROM names" in sql else None)
        weighed: list[str] = []
        real = discover.link_evidence
        monkeypatch.setattr(discover, "link_evidence", lambda href, *a, **k: weighed.append(href) or real(href, *a, **k))
        body = "".join(f'<li><a href="/ko/page{i}.html">Article number {i}</a></li>' for i in range(2000))
        doc = parse_document(f'<ul>{body}</ul><p><a href="/esaTW/">대만</a> <a href="/de/" hreflang="de">D</a></p>')
        links = discover.switcher_links(doc)
        assert [(lk.locale, lk.href) for lk in links] == [("zh_TW", "/esaTW/"), ("de", "/de/")]
        assert len(queries) <= 10  # 2002 labels, batched
        assert weighed == ["/esaTW/", "/de/"]  # a locale in the URL alone (/ko/page1.html) is never sure
        # discovery (`l10n locales`) still weighs every anchor, URL-only evidence included
        assert [lk.locale for lk in discover.language_links(page_links(doc))][:2] == ["ko", "ko"]
    finally:
        discover._name_index.cache_clear()


@pytest.mark.parametrize(("content", "label"), [
    ("Hello &amp; world</a>", "Hello & world"),
    (" spaced\n  out </A >", "spaced out"),
    ("x</a\n>tail", "x"),
    ("x</ab>y</a>", "x"),  # </ab> is not </a> (the tokeniser path), and it ends the label as a block would
    ("a < b</a>", "a < b"),
    ("<b>bold</b> text</a>", "bold text"),
    ("<img alt=' Flag '></a>", "Flag"),
    ("cut off</a", "cut off"),  # an end tag cut off by the end of the file is not text
    ("text<p>next block", "text next block"),  # a start tag other than <a> does not end it
])
def test_anchor_labels(content, label):
    from toolkit.html import parse_document
    from toolkit.html.links import page_anchors

    [anchor] = page_anchors(parse_document(f'<a href="/x">{content}'))
    assert anchor.label == label


SWITCHER_PAGE = """<html><head><title>Home</title></head><body>
<select onchange="location.href=this.value" aria-label="Language">
  <option value="/index.html" selected>English</option>
  <option value="/ko/index.html">한국어</option>
  <option value="/ja/">日本語</option>
</select><p>Welcome</p></body></html>"""


def test_a_dropdown_switcher_gives_its_locales(project, capsys):
    """Options are links as anchors are: `l10n locales` lists their locales, `init --from-links` makes them,
    and their labels (language names) are no messages; the source-language option is one beside them."""
    links = discover_language_links(SWITCHER_PAGE)
    assert [(lk.locale, lk.href, lk.text) for lk in links] == [
        ("en", "/index.html", "English"), ("ko", "/ko/index.html", "한국어"), ("ja", "/ja/", "日本語")]
    assert links[0].reason == "text: CLDR en name of en, among language links"
    root = project({"index.html": SWITCHER_PAGE}, ["ko", "ja"])
    page = root / "source_html" / "index.html"
    assert main(["locales", "--root", str(root), str(page), "--format", "json"]) == 0
    assert [(d["locale"], d["href"]) for d in json.loads(capsys.readouterr().out)] == [
        ("ko", "/ko/index.html"), ("ja", "/ja/")]
    assert main(["extract", "--root", str(root), "-q"]) == 0
    pot = (root / "locales" / "messages.pot").read_text("utf-8")
    assert 'msgid "Welcome"' in pot and 'msgid "Language"' in pot
    assert "한국어" not in pot and "日本語" not in pot and 'msgid "English"' not in pot
    assert main(["init", "--root", str(root), "--from-links", str(page), "-q"]) == 0
    assert sorted(p.parent.parent.name for p in (root / "locales").glob("*/LC_MESSAGES/messages.po")) == ["ja", "ko"]
    assert main(["build", "--root", str(root), "-q"]) == 0  # the page and its options from extract's units cache
    built = (root / "build" / "ko" / "index.html").read_text("utf-8")
    assert '<option lang="ko" selected value="/ko/index.html">한국어</option>' in built
    assert '<option lang="en" value="/index.html">English</option>' in built


@pytest.mark.parametrize("select, expected", [
    # a form's language field, or a select that names itself a language chooser: the value is a declared language
    ('<form action="/search"><select name="hl"><option value="en">English</option><option value="ko">Korean</option>'
     '</select></form>', [("en", 'value="en"'), ("ko", 'value="ko"')]),
    ('<select id="langSelect" onchange="go(this.value)"><option value="zh-TW">中文</option>'
     '<option value="ja">JA</option></select>', [("zh_TW", 'value="zh-TW"'), ("ja", 'value="ja"')]),
    ('<select onchange="setLocale(this.value)"><option>en</option><option>ko</option></select>',
     [("en", 'value="en"'), ("ko", 'value="ko"')]),  # no value attribute: the text is the value
    ('<select class="picker"><option data-url="/ko/" value="1">한국어</option><optgroup label="Europe">'
     '<option data-href="/de/">Deutsch</optgroup></select>',
     [("ko", "URL path /ko/ + text: CLDR ko name of ko"), ("de", "URL path /de/ + text: CLDR de name of de")]),
    # named a language chooser in another language than English
    ('<select aria-label="言語"><option value="ja">日本語</option><option value="en">英語</option></select>',
     [("ja", 'value="ja"'), ("en", 'value="en"')]),
    ('<select title="Sprache wählen" onchange="go(this.value)"><option value="de">Deutsch</option>'
     '<option value="fr">Französisch</option></select>', [("de", 'value="de"'), ("fr", 'value="fr"')]),
    ('<select class="wybor-jezyka"><option value="pl">polski</option><option value="de">niemiecki</option></select>',
     [("pl", 'value="pl"'), ("de", 'value="de"')]),
    ('<select id="chonNgonNgu"><option value="vi">Tiếng Việt</option><option value="fr">Tiếng Pháp</option></select>',
     [("vi", 'value="vi"'), ("fr", 'value="fr"')]),
    # named nothing, but every option a language code labelled with that language's own name
    ('<select onchange="switchTo(this.value)"><option value="ja" selected>日本語</option><option value="en">English'
     '</option><option value="ko">한국어</option></select>', [("ja", 'value="ja"'), ("en", 'value="en"'), ("ko", 'value="ko"')]),
    ('<select onchange="go(this.value)"><option value="en">English</option><option value="zh-TW">中文（台灣）</option>'
     '</select>', [("en", 'value="en"'), ("zh_TW", 'value="zh-TW"')]),
    # no switchers: an option that is no language's own name, a country named, a word merely starting like one
    ('<select onchange="go(this.value)"><option value="en">English</option><option value="ja">Japanese</option>'
     '</select>', []),
    ('<select onchange="go(this.value)"><option value="de">Deutschland</option><option value="fr">France</option>'
     '</select>', []),
    ('<select name="dilemma"><option value="de">Deutsch</option><option value="fr">Oui</option></select>', []),
    # no switchers: a country picker, a size, one option, several at once, no URLs in an unnamed select,
    # a datalist, a navigation dropdown naming no language
    ('<select name="country"><option value="KR">대한민국</option><option value="JP">日本</option></select>', []),
    ('<select name="size"><option value="s">S</option><option value="m">Deutsch</option></select>', []),
    ('<select onchange="location.href=this.value"><option value="/ko/">한국어</option></select>', []),
    ('<select multiple><option value="/ko/">한국어</option><option value="/ja/">日本語</option></select>', []),
    ('<select><option>English</option><option>한국어</option></select>', []),
    ('<select id="lang"><option value="auto">Detect</option><option value="">Choose</option></select>', []),
    ('<datalist id="l"><option value="/ko/">한국어</option><option value="/ja/">日本語</option></datalist>', []),
    ('<select onchange="location.href=this.value"><option value="/docs/">Docs</option>'
     '<option value="/blog/">Blog</option></select>', []),
])
def test_dropdowns_weighed_as_links(select, expected):
    links = discover_language_links(f"<body>{select}<p>Text</p></body>")
    assert [(lk.locale, lk.reason) for lk in links] == expected


@pytest.mark.parametrize("source, label, languages", [
    ("en", "中文（台灣）", {"zh"}), ("en", "中文 (台灣)", {"zh"}), ("en", "中文 (繁體, 台灣)", {"zh"}),
    ("en", "中文（繁體，台灣）", {"zh"}), ("en", "正體中文", set()), ("ja", "中国語 (繁体字)", {"ja"}),
    ("ja", "中国語（繁体字）", {"ja"}), ("en", "Chinese (Traditional, Taiwan)", {"en"}),
])
def test_traditional_chinese_named_with_its_script_or_region(source, label, languages):
    """CLDR's display names compose a language's name with its script and region in brackets ("中文 (繁體, 台灣)"),
    people write the brackets full width: such labels named no language, so the link was no sure switcher link
    (its label extracted, no hreflang, lang or aria-current in the build)."""
    from toolkit.discover import label_languages, rewritable
    from toolkit.html import parse_document

    page = (f'<html lang="{source}"><body><nav><a href="/{source}/">{"日本語" if source == "ja" else "English"}</a> | '
            f'<a href="/zh-tw/">{label}</a></nav></body></html>')
    links = switcher_links(parse_document(page), source)
    assert [(lk.locale, lk.text) for lk in links if rewritable(lk)][-1:] == [("zh_TW", label)]
    assert languages <= label_languages(label)  # (Cantonese's CLDR names Chinese as Chinese does, and so on)


@pytest.mark.parametrize("label, locale", [
    ("中文 (繁體)", "zh_TW"), ("中文 (简体)", "zh_CN"), ("Português (Portugal)", "pt_PT"), ("Português (Brasil)", "pt"), ("Deutsch (Schweiz)", "de_CH"), ("한국어 (대한민국)", "ko"),
    ("Español (Latinoamérica)", "es_419"),  # a numeric region: Babel's own name of es_419 was no language's
])
def test_a_language_named_with_its_region_is_that_locale(label, locale):
    assert [lk.locale for lk in discover_language_links(f'<a href="/x/">{label}</a>')] == [locale]


@pytest.mark.parametrize("label, locale", [
    ("中文 (香港)", "zh_HK"), ("中文（香港）", "zh_HK"), ("中文 (繁體, 香港)", "zh_HK"), ("中文 (澳門)", "zh_MO"),
    ("English (Hong Kong)", "en_HK"), ("English (UK)", "en_GB"), ("English (GB)", "en_GB"), ("Español (US)", "es_US"),
    ("English (U.K.)", "en_GB"), ("Español (U. S.)", "es_US"), ("English (USA)", "en"), ("Deutsch (AUT)", "de_AT"),
    # a language named with its script, then its region, as Chinese sites' pickers write them
    ("简体中文 (中国)", "zh_CN"), ("繁體中文（台灣）", "zh_TW"), ("繁體中文（香港）", "zh_HK"),
    ("简体中文（中国大陆）", "zh_CN"), ("繁体中文 (香港)", "zh_HK"), ("中文 (中国香港)", "zh_HK"),
    ("Português (BR)", "pt"),
])
def test_a_region_named_by_its_short_name_or_code(label, locale):
    """CLDR names Hong Kong "Hong Kong SAR China" (中国香港特别行政区), and gives "Hong Kong" (香港) as its short form,
    which Babel does not carry; sites write the short one, or the region's code ("English (UK)")."""
    links = discover_language_links(f'<html lang="ja"><body><a href="/x/">{label}</a></body></html>', "ja")
    assert [lk.locale for lk in links] == [locale]


@pytest.mark.parametrize("label, locale", [
    ("日本語 (Japanese)", "ja"), ("한국어(Korean)", "ko"), ("Korean (한국어)", "ko"), ("Japanese - 日本語", "ja"),
    ("日本語 / Japanese", "ja"), ("KO - 한국어", "ko"), ("JP | 日本語", "ja"), ("中文 (Chinese)", "zh_CN"),
    ("中文版", "zh_CN"), ("日本語サイト", "ja"), ("한국어 사이트", "ko"), ("한국어판", "ko"),
])
def test_a_label_naming_its_language_twice_or_with_the_word_for_its_version(label, locale):
    """Pickers write a language's own name beside its English one or its code, or with the word for the site's
    version (中文版, 日本語サイト): such labels named no language, so the link was extracted for translation."""
    links = discover_language_links(f'<html lang="en"><body><a href="/x/">{label}</a><p>Hi</p></body></html>', "en")
    assert [lk.locale for lk in links] == [locale]


@pytest.mark.parametrize("label", ["日本語 (English)", "한국어 / 日本語", "Japanese (Japan)", "出版", "ja - English"])
def test_two_names_of_two_languages_name_none(label):
    assert discover_language_links(f'<html lang="en"><body><a href="/x/">{label}</a></body></html>', "en") == []


@pytest.mark.parametrize("label, locale", [
    ("Norsk bokmål", "nb"), ("Norsk nynorsk", "nn"),  # (CLDR names both in their parent locale, no)
    ("Bahasa Indonesia", "id"), ("Bahasa Melayu", "ms"), ("Bahasa Malaysia", "ms"),
])
def test_a_language_s_own_name_as_pickers_write_it(label, locale):
    """A picker's "Norsk bokmål" or "Bahasa Indonesia" named its language only weakly (a name CLDR gives in another
    locale, no) or not at all (CLDR's id name is "Indonesia"): the link was no switcher link without a URL to agree."""
    links = discover_language_links(f'<html lang="en"><body><a href="/x/">{label}</a></body></html>', "en")
    assert [lk.locale for lk in links] == [locale]


@pytest.mark.parametrize("label", ["English (Islands)", "English (North)", "English (uk)", "English (XY)", "中文 (特别)",
                                   "English (A.B.)", "中文 (PDF)", "English (ESA)", "简体中文 (繁體)", "中文 (中国台湾)"])
def test_a_part_of_several_regions_names_or_no_code_is_no_region(label):
    assert discover_language_links(f'<html lang="ja"><body><a href="/x/">{label}</a></body></html>', "ja") == []


@pytest.mark.parametrize("label", ["Read more (PDF)", "中文 (PDF)", "English (and more)", "Korea (North)"])
def test_brackets_after_a_name_that_are_no_script_or_region(label):
    assert discover_language_links(f'<a href="/x/">{label}</a>') == []


def test_a_chooser_labelled_in_the_source_language_is_rebuilt(project):
    """A Japanese page's dropdown named 言語 ("language"), of language codes: it was no language chooser (only
    English words were known), so "English" and "한국어" were extracted and the English page kept 日本語 selected."""
    page = ('<html lang="ja"><head><title>T</title></head><body><select aria-label="言語" '
            'onchange="switchTo(this.value)"><option value="ja" selected>日本語</option><option value="en">English'
            '</option><option value="ko">한국어</option></select><p>こんにちは</p></body></html>')
    root = project({"index.html": page}, ["en"])
    config = root / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace('source_locale = "en"', 'source_locale = "ja"'), "utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    pot = (root / "locales" / "messages.pot").read_text("utf-8")
    assert "こんにちは" in pot and "English" not in pot and "한국어" not in pot
    assert main(["init", "--root", str(root), "-l", "en", "-q"]) == 0
    assert main(["build", "--root", str(root), "-q"]) == 0
    built = (root / "build" / "en" / "index.html").read_text("utf-8")
    assert '<option lang="ja" value="ja">日本語</option><option lang="en" selected value="en">English</option>' in built


def test_option_labels_are_messages_unless_sure_language_links():
    from toolkit.discover import content_units
    from toolkit.html import parse_document

    html = ('<body><select name="country"><option value="KR">대한민국</option><option value="JP">日本</option></select>'
            '<select aria-label="Language"><option value="/index.html" label="English">en</option>'
            '<option value="/ko/" label="한국어">ko</option><option value="/news/">News</option></select></body>')
    assert [u.msgid for u in content_units(parse_document(html))] == ["대한민국", "日本", "Language", "News"]


def test_an_option_leading_to_a_script_is_no_shared_target():
    """A sure option or anchor whose URL is `javascript:` or `#` names only itself: other links with that URL
    are not made language links."""
    from toolkit.discover import switcher_links
    from toolkit.html import parse_document

    html = ('<body><select onchange="location.href=this.value"><option value="/index.html">English</option>'
            '<option value="javascript:alert(1)">한국어</option></select>'
            '<p><a href="javascript:alert(1)">Run</a> <a href="#" onclick="ko()">한국어</a> <a href="#">Top</a></p></body>')
    assert [(lk.locale, lk.text) for lk in switcher_links(parse_document(html))] == [
        ("en", "English"), ("ko", "한국어"), ("ko", "한국어")]


def test_the_link_finder_reads_option_labels():
    from toolkit.html import parse_document
    from toolkit.html.links import page_links

    html = ('<p><a href="/a">A</a></p><select><option value="/x" label=" Label ">text</option>'
            '<option value="ko">Kor&#101;an <!-- c --> <script>x</script>text<option>Bare  text</option>'
            '<optgroup label="G"><option data-url="/y" value="v">Y</optgroup><textarea>'
            '<option value="/z">after</option></select>')
    links = page_links(parse_document(html))
    assert [(a.href, a.label, a.value) for a in links] == [
        ("/a", "A", None), ("/x", "Label", None), ("", "Korean text", "ko"), ("", "Bare text", "Bare text"),
        ("/y", "Y", "v")]
    assert links[1].select is links[2].select is not None


@pytest.mark.parametrize("nav", [
    '<nav><a href="/">English</a> <a href="/ko/">한국어</a> <a href="/ja/">日本語</a></nav>',
    '<nav><a href="/" lang="en">English</a> | <a href="/ko/">한국어</a> | <a href="/ja/">日本語</a></nav>',
    '<ul class="langs"><li><a href="/">EN</a></li><li><a href="/ko/">KO</a></li><li><a href="/ja/">JA</a></li></ul>',
    '<nav><a href="/ko/">한국어</a> &middot; <a href="/ja/">日本語</a> &middot; <a href="/">English</a></nav>',
])
def test_the_source_language_link_beside_sure_ones_is_a_language_link(project, nav):
    """A switcher of anchors is one group, as a dropdown is: "English" (or EN) on an English page names a
    language only weakly, but beside sure language links it is the way back to English. It was left a link
    of the site: the Korean page's "English" led to the Korean page itself, and the labels were a message."""
    page = f"<html lang=en><head><title>Home</title></head><body>{nav}<p>Welcome</p></body></html>"
    links = discover_language_links(page)
    assert sorted(lk.locale for lk in links) == ["en", "ja", "ko"]
    root = project({"index.html": page}, ["ko", "ja"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    pot = (root / "locales" / "messages.pot").read_text("utf-8")
    assert 'msgid "Welcome"' in pot and "English" not in pot and "EN" not in pot and "한국어" not in pot
    assert main(["init", "--root", str(root), "-l", "ko", "-l", "ja", "-q"]) == 0
    assert main(["build", "--root", str(root), "-q"]) == 0
    built = (root / "build" / "ko" / "index.html").read_text("utf-8")
    back = re.search(r'<a [^>]*hreflang="en"[^>]*>', built)
    assert back is not None and 'href="/"' in back.group(0) and 'lang="en"' in back.group(0)  # (its form)


@pytest.mark.parametrize("nav, back", [
    ('<a href="../soyuz.html">English</a> <a href="../ko/soyuz.html">한국어</a>', "../soyuz.html"),
    ('<a href="/about/index.html">English</a> | <a href="/ko/about/">한국어</a>', "/about/index.html"),
    ('<a href="?hl=en">English</a> | <a href="?hl=ko">한국어</a>', "?hl=en"),
    ('<a href="page.en.html">English</a> | <a href="page.ko.html">한국어</a>', "page.en.html"),
    ('<a href="/en/">EN</a> | <a href="/ko/">KO</a>', "/en/"),
    # on a page in a folder: both URLs resolved from the page's folder (about/ here, which the page does not say)
    ('<a href="team.html">English</a> | <a href="../ko/about/team.html">한국어</a>', "team.html"),
    ('<a href="./">English</a> | <a href="../../ko/about/team/index.html">한국어</a>', "./"),
    ('<a href="team.html">English</a> | <a href="/ko/about/team.html">한국어</a>', "team.html"),
    ('<a href="/about/team.html">English</a> | <a href="../ko/about/team.html">한국어</a>', "/about/team.html"),
])
def test_the_way_back_is_the_sure_links_url_without_its_locale(nav, back):
    links = discover_language_links(f"<html lang=en><body><nav>{nav}</nav></body></html>")
    assert [(lk.locale, lk.href) for lk in links if lk.locale == "en"] == [("en", back)]


@pytest.mark.parametrize("source, back, other", [
    ("ja", '<a href="team.html" lang="ja">日本語</a>', '<a href="../en/about/team.html" lang="en">English</a>'),
    ("en", '<a href="team.html">English</a>', '<a href="../ja/about/team.html" lang="ja">日本語</a>'),
])
def test_the_way_back_from_a_page_in_a_folder(project, source, back, other):
    """The way back's URL (``team.html``) and the other version's without its locale (``../about/team.html``) are
    compared as the page's folder resolves them. They were compared as written: the way back was no language link,
    so it was extracted as text and the built page's link back to the source led to the built page itself."""
    target = "ja" if source == "en" else "en"
    page = (f'<html lang="{source}"><head><title>T</title></head><body><nav>{back} | {other}</nav><p>Hi</p>'
            '</body></html>')
    root = project({"about/team.html": page}, [target])
    config = root / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace('source_locale = "en"', f'source_locale = "{source}"'), "utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    pot = (root / "locales" / "messages.pot").read_text("utf-8")
    assert 'msgid "Hi"' in pot and "<a1>" not in pot and "<a2/>" not in pot  # the switcher is no message
    assert main(["init", "--root", str(root), "-l", target, "-q"]) == 0
    assert main(["build", "--root", str(root), "-q"]) == 0
    built = (root / "build" / target / "about" / "team.html").read_text("utf-8")
    link = re.search(rf'<a [^>]*hreflang="{source}"[^>]*>', built)
    assert link is not None and 'href="../../about/team.html"' in link.group(0), built


@pytest.mark.parametrize("page", [
    # a word between: not side by side
    '<p><a href="/courses/english">English</a> courses, or read <a href="/ko/">한국어</a></p>',
    # a link of the page between them
    '<nav><a href="/en-course/">English</a> <a href="/news/">News</a> <a href="/ko/">한국어</a></nav>',
    # no sure link beside it
    '<nav><a href="/">English</a> <a href="/about/">About</a></nav>',
    # beside one, but its URL is no other language version of the sure link's: a section, a file, another site
    '<nav><a href="/english-news/">English</a> <a href="/ko/">한국어</a></nav>',
    '<p><a href="/files/manual-en.pdf">English</a> | <a href="/files/manual-ko.pdf">한국어</a></p>',
    '<p>Standards: <a href="/standards/en-1090">EN</a> / <a href="/ko/">한국어</a></p>',
    '<footer><a href="mailto:en@example.com">English</a> · <a href="/ko/">한국어</a></footer>',
    '<footer><a href="https://bbc.co.uk/">English</a> · <a href="https://www.bbc.com/korean">한국어</a></footer>',
    '<nav><a href="javascript:void(0)">English</a> | <a href="/ko/">한국어</a></nav>',
    # from a page in a folder: the Korean version of the page one folder up, of one in a subfolder
    '<nav><a href="team.html">English</a> | <a href="../ko/team.html">한국어</a></nav>',
    '<nav><a href="team.html">English</a> | <a href="ko/about/team.html">한국어</a></nav>',
])
def test_a_source_language_name_alone_is_no_language_link(page):
    assert "en" not in [lk.locale for lk in discover_language_links(f"<html lang=en><body>{page}</body></html>")]


@pytest.mark.parametrize("page", [
    '<nav><a href="/dept/it/">IT</a> | <a href="/ko/">한국어</a></nav>',  # another language, named weakly
    '<nav><a href="/offices/china">China</a> | <a href="/ko/">한국어</a></nav>',
])
def test_only_the_source_language_is_taken_from_a_weak_name_beside_a_switcher(page):
    locales = [lk.locale for lk in discover_language_links(f"<html lang=en><body>{page}</body></html>")]
    assert locales == ["ko"]


def test_the_way_back_to_another_source_language():
    page = ('<html lang=fr><body><nav><a href="/cours/francais/">Français</a> | <a href="/">Accueil</a> '
            '<a href="/fr/">FR</a> | <a href="/ko/">한국어</a></nav></body></html>')
    assert [(lk.locale, lk.href) for lk in discover_language_links(page, "fr")] == [("fr", "/fr/"), ("ko", "/ko/")]


def test_home_links_sharing_the_way_back_stay_links_of_the_site(project):
    """"Home" and the logo link to the page the switcher's English link leads to: they were taken for language links
    (every link with a sure link's URL is one: a flag beside a name), so on the Arabic page "الرئيسية" was marked
    English and led to the English site. The way back to the source shares its URL with no other link."""
    page = ('<html lang=en><head><title>T</title></head><body><nav><a href="index.html"><img src="gb.png" alt=""></a>'
            '<a href="index.html" hreflang="en">English</a> '
            '<a href="ko/index.html" hreflang="ko">한국어</a></nav><p><a href="index.html">Home</a> · '
            '<a href="about.html">About</a></p><a href="ko/index.html"><img src="kr.png" alt=""></a></body></html>')
    from toolkit.html import parse_document

    links = switcher_links(parse_document(page))  # the flag linked beside "English" is still the way back
    assert [(lk.locale, lk.text) for lk in links] == [("en", ""), ("en", "English"), ("ko", "한국어"), ("ko", "")]
    root = project({"index.html": page, "about.html": "<p>About</p>"}, ["ko"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert 'msgid "<a1>Home</a1> · <a2>About</a2>"' in (root / "locales" / "messages.pot").read_text("utf-8")
    assert main(["init", "--root", str(root), "-l", "ko", "-q"]) == 0
    assert main(["build", "--root", str(root), "-q"]) == 0
    built = (root / "build" / "ko" / "index.html").read_text("utf-8")
    assert '<a href="index.html">Home</a>' in built and '<a lang="en" href="../index.html" hreflang="en">' in built


@pytest.mark.parametrize("between", ["</nav>\n<nav class=lang>", "</li></ul><ul class=langs><li>",
                                     "</nav></header><aside>"])
def test_a_menu_link_to_the_page_ending_just_before_the_switcher_stays_a_link_of_the_site(between):
    """A theme's menu ends with "Blog" (the page itself) and the switcher below starts with "English", the same URL:
    with only markup between them, the menu item was taken for the English link's flag.  On the Japanese page it
    led to the English blog, said `lang="en"`, and its label was kept out of translation."""
    from toolkit.html import parse_document

    page = (f'<html lang=en><body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/blog/">Blog</a>'
            f'{between}<a href="/blog/" hreflang="en">English</a> <a href="/ja/blog/" hreflang="ja">日本語</a>'
            "</body></html>")
    assert [(lk.locale, lk.text) for lk in switcher_links(parse_document(page))] == [("en", "English"),
                                                                                     ("ja", "日本語")]


def test_the_way_backs_flag_is_looked_for_beside_it_only():
    """Every link with the way back's URL was compared with every way back, over all the page between them: 300
    switchers, each with a "Home" link below it, took 9 s (the time grew with the cube of the page)."""
    import time

    from toolkit.html import parse_document

    block = ('<nav><a href="/" hreflang="en">English</a> <a href="/ko/" hreflang="ko">한국어</a></nav>'
             '<p>Back <a href="/">Home</a> now.</p>')
    doc = parse_document("<html lang=en><body>" + block * 300 + "</body></html>")
    started = time.process_time()
    links = switcher_links(doc)
    assert time.process_time() - started < 2.0
    assert [lk.text for lk in links[:3]] == ["English", "한국어", "English"] and len(links) == 600


def test_a_switcher_link_in_a_sentence_is_a_placeholder_whose_attributes_stay_text():
    """The label of a switcher link in a sentence is kept as ``translate="no"`` content is (its flag's alt too: it is
    the label); its ``title`` is still a message, and a switcher of its own stays no message at all."""
    from toolkit.discover import content_units, segment_page

    page = ('<p>Read this in <a href="/fr/" hreflang="fr" title="Lire en français">Français</a> or '
            '<a href="/ja/" hreflang="ja"><img src="ja.png" alt="日本語"></a>.</p>'
            '<ul><li><a href="/fr/" hreflang="fr">Français</a></li><li><a href="/ja/" hreflang="ja">日本語</a></li></ul>')
    doc, links = segment_page(page)
    assert [(u.msgid, u.notes) for u in content_units(doc, "en", links)] == [
        ("Read this in <a1/> or <a2/>.", ['<a1/> is "Français", not to be translated']),
        ("Lire en français", ["<a title>"])]
    assert [link.locale for link in links] == ["fr", "ja", "fr", "ja"]


DECLARED_ONLY = [  # (the paragraph, its message, the link as every built page has it)
    ('<p>The word <a href="https://de.wikipedia.org/wiki/Rakete" lang="de">Rakete</a> means rocket.</p>',
     "The word <a>Rakete</a> means rocket.", '<a href="https://de.wikipedia.org/wiki/Rakete" lang="de">Rakete</a>'),
    ('<p>Read the <a href="docs/rapport-annuel.pdf" hreflang="fr" type="application/pdf">annual report in French</a>'
     ' for details.</p>', "Read the <a>annual report in French</a> for details.",
     '<a href="{up}docs/rapport-annuel.pdf" hreflang="fr" type="application/pdf">annual report in French</a>'),
    ('<ul><li><a href="https://www.bundesregierung.de/" hreflang="de">German government website</a></li></ul>',
     "German government website", '<a href="https://www.bundesregierung.de/" hreflang="de">German government website</a>'),
]


@pytest.mark.parametrize("body, msgid, kept", DECLARED_ONLY)
def test_hreflang_or_lang_alone_makes_no_language_link(project, capsys, body, msgid, kept):
    """``hreflang`` is the language of what a link leads to and ``lang`` that of its text: a German word linked to
    Wikipedia, a French PDF, another country's site were switcher links: not offered to translators, listed by
    `l10n locales`, made catalogues by `init --from-links`, and led to the page's fr/de copy in every build."""
    root = project({"h.html": f'<html lang="en"><head><title>H</title></head><body>\n{body}\n</body></html>'},
                   ["fr", "de"])
    page = str(root / "source_html" / "h.html")
    assert main(["locales", "--root", str(root), page, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["init", "--root", str(root), "--from-links", page, "-q"]) == 2
    assert "no language links found" in capsys.readouterr().err
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert f'msgid "{msgid}"' in (root / "locales" / "messages.pot").read_text("utf-8")
    assert main(["init", "--root", str(root), "-q"]) == 0
    assert main(["build", "--root", str(root), "-q"]) == 0
    for built, up in (("h.html", ""), ("fr/h.html", "../"), ("de/h.html", "../")):
        assert kept.format(up=up) in (root / "build" / built).read_text("utf-8"), built


@pytest.mark.parametrize("link, locale", [
    ('<a href="https://example.de/" hreflang="de">Deutsch</a>', "de"),  # the label names the language it declares
    ('<a href="https://example.de/" lang="de">Deutsch</a>', "de"),
    ('<a href="../de/page.html" hreflang="de"><img src="de.png" alt=""></a>', "de"),  # a page of this site
    ('<a href="/de/" hreflang="de" type="text/html">Startseite</a>', "de"),
    ('<a href="?hl=de" hreflang="de">Startseite</a>', "de"),
    ('<a href="/de/" lang="de">Startseite</a>', "de"),  # German text leading to this site's German pages
    ('<a href="https://example.org/de/" hreflang="de">Startseite</a>', None),  # another site, as far as we know
    ('<a href="/about/" lang="de">Über uns</a>', None),  # only the text is German
    ('<a href="report.fr.pdf" hreflang="fr">Report</a>', None),
    ('<a href="/fr/" hreflang="fr" type="application/pdf">Report</a>', None),
    ('<a href="mailto:info@example.fr" hreflang="fr">Write to us</a>', None),
])
def test_a_declared_language_counts_with_a_second_signal(link, locale):
    from toolkit.html import parse_document

    found = [lk.locale for lk in switcher_links(parse_document(f"<p>Hello world</p><p>See {link} here.</p>"))]
    assert found == ([locale] if locale else [])


def test_a_declared_language_beside_sure_language_links_is_one_of_them():
    """A switcher's flags link to the sites of other languages (no name to read): beside a sure language link,
    its ``hreflang`` or ``lang`` says the language; the same link alone in a list of links is no switcher."""
    from toolkit.html import parse_document

    switcher = ('<ul><li><a href="/ko/" hreflang="ko">한국어</a></li>'
                '<li><a href="https://example.de/" hreflang="de"><img src="de.png" alt=""></a></li>'
                '<li><a href="https://example.fr/" lang="fr"><img src="fr.png" alt=""></a></li></ul>')
    links = switcher_links(parse_document(switcher))
    assert [(lk.locale, lk.href) for lk in links] == [("ko", "/ko/"), ("de", "https://example.de/"),
                                                      ("fr", "https://example.fr/")]
    assert links[1].reason == 'hreflang="de", among language links'
    sites = ('<ul><li><a href="https://www.bundesregierung.de/" hreflang="de">German government</a></li>'
             '<li><a href="https://www.gouvernement.fr/" hreflang="fr">French government</a></li></ul>')
    assert switcher_links(parse_document(sites)) == []


def test_a_declared_language_on_an_absolute_link_to_the_pages_own_host_is_a_switcher_link():
    """A CMS writes its flag switcher with absolute URLs: a hreflang alone on a link to another host made no switcher
    link, so the page's own flags were left leading to the old addresses.  The page says its host (its canonical
    link, og:url, <base href>): a link there is a page of this site; one to another host still is none."""
    from toolkit.discover import switcher_links
    from toolkit.html import parse_document

    nav = ('<nav><a href="https://www.example.com/index-fr.html" hreflang="fr"><img src="fr.png" alt=""></a> '
           '<a href="https://example.com/index-ja.html" hreflang="ja"><img src="ja.png" alt=""></a></nav>'
           '<p>See <a href="https://www.bundesregierung.de/" hreflang="de">the German government</a>.</p>')
    for head in ('<link rel="canonical" href="https://www.example.com/index.html">',
                 '<meta property="og:url" content="https://example.com/">', '<base href="https://www.example.com/">'):
        links = switcher_links(parse_document(f"<html><head>{head}</head><body>{nav}</body></html>"))
        assert [(link.locale, link.href) for link in links] == [
            ("fr", "https://www.example.com/index-fr.html"), ("ja", "https://example.com/index-ja.html")]
    assert switcher_links(parse_document(f"<html><body>{nav}</body></html>")) == []


WIKI_HEAD = '<link rel="canonical" href="https://en.wikipedia.org/wiki/Ariane_5">'
WIKI_LINKS = [('<a href="https://ja.wikipedia.org/wiki/%E3%82%A2%E3%83%AA%E3%82%A2%E3%83%B35" hreflang="ja" lang="ja"'
               '{cls}>日本語</a>'),
              '<a href="https://ko.wikipedia.org/wiki/%EC%95%84%EB%A6%AC%EC%95%88_5" hreflang="ko" lang="ko"{cls}>한국어</a>',
              '<a href="https://de.wikipedia.org/wiki/Ariane_5" hreflang="de" lang="de"{cls}>Deutsch</a>']


@pytest.mark.parametrize("head, cls, found", [
    (WIKI_HEAD, ' class="interlanguage-link-target"', []),  # MediaWiki's mark: another wiki's article
    ("", ' class="interlanguage-link-target"', []),
    # without it the links are read as any are: another host is no sign against a switcher (ja.example.com is one)
    (WIKI_HEAD, "", ["ja", "ko", "de"]),
    ("", "", ["ja", "ko", "de"]),
])
def test_a_wikis_interlanguage_links_are_no_language_links(head, cls, found):
    """Wikipedia's links to the article in other languages' wikis (日本語, 한국어) were taken for the page's switcher:
    the build led them to the page's own ja/ and ko/ copies and the links to the real articles were lost from every
    version.  They lead to another site's pages: no language links, left as written."""
    from toolkit.html import parse_document

    items = "".join(f'<li class="interlanguage-link">{link.format(cls=cls)}</li>' for link in WIKI_LINKS)
    page = f'<html><head>{head}</head><body><p>Text</p><nav id="p-lang"><ul>{items}</ul></nav></body></html>'
    assert [lk.locale for lk in discover_language_links(page)] == found
    assert [lk.locale for lk in switcher_links(parse_document(page))] == found


@pytest.mark.parametrize("href", [
    "https://ja.example.com/guide/intro.html", "https://ja.example.com/guide/intro",  # this page on a language host
    "https://ja.example.com/guide/intro/", "https://ja.example.com/Guide/Intro.html",
    "https://www.example.co.jp/ja/guide/intro.html", "https://www.example.co.jp/guide/intro-ja.html",
    "https://www.example.fr/guide/introduction.html",  # a country's site with its own page names
    "https://example.jp/", "http://www.esa.int/esaJP/index.html",  # a language site's home
    "https://example.com/ja/about.html",  # this site's own host: any page
])
def test_a_switcher_to_language_hosts_stays_a_switcher(href):
    """A switcher may lead to other hosts (ja.example.com, example.co.jp), to this page's version there by whatever
    path, or to the language site's home."""
    from toolkit.html import parse_document

    label = "Français" if ".fr/" in href else "日本語"
    page = ('<html><head><link rel="canonical" href="https://www.example.com/guide/intro.html"></head><body>'
            f'<p>Text</p><nav><a href="{href}">{label}</a></nav></body></html>')
    assert [lk.href for lk in switcher_links(parse_document(page))] == [href]


def test_a_wikipedia_article_keeps_its_interlanguage_links_in_every_build(project):
    """The reported page: built, every version links to the Japanese and Korean articles as the source does."""
    mark = ' class="interlanguage-link-target"'
    items = "".join(f"<li>{link.format(cls=mark)}</li>" for link in WIKI_LINKS)
    root = project({"Ariane_5.html": f'<html lang="en"><head><title>Ariane 5</title>{WIKI_HEAD}</head><body>'
                                     f'<p>Ariane 5 is a launch vehicle.</p><nav><ul>{items}</ul></nav></body></html>'},
                   ["ja", "ko"])
    for command in ("extract", "init", "build"):
        assert main([command, "--root", str(root), "-q"]) == 0
    for built in ("Ariane_5.html", "ja/Ariane_5.html", "ko/Ariane_5.html"):
        html = (root / "build" / built).read_text("utf-8")
        assert 'href="https://ja.wikipedia.org/wiki/%E3%82%A2%E3%83%AA%E3%82%A2%E3%83%B35"' in html, built
        assert 'href="https://ko.wikipedia.org/wiki/%EC%95%84%EB%A6%AC%EC%95%88_5"' in html, built
        assert "aria-current" not in html, built
