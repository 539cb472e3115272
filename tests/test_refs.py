"""Reference rewriting, one case per rule (toolkit/build/refs.py)."""

from __future__ import annotations

import json

import pytest

from toolkit.build import SiteLayout
from toolkit.build.refs import PagePlace, linked_page, page_place, rewrite_url
from toolkit.config import load_config
from toolkit.errors import L10nError
from toolkit.html import parse_document

PAGES = frozenset({"index.html", "about/team.html", "about/index.html", "docs/my page.html", "old/index.htm"})


def layout(base_url=None, withheld=frozenset(), pages=PAGES):
    return SiteLayout("en", ["ko", "zh_TW"], {"en": "en", "ko": "ko", "zh_TW": "zh-TW"}, {"zh_TW": "zh-tw"},
                      pages, withheld, base_url)


def rewritten(url, rel="about/team.html", locale="ko", head="", **kw):
    doc = parse_document(f"<html><head>{head}</head><body></body></html>")
    return rewrite_url(url, page_place(doc, rel, locale, layout(**kw)))


@pytest.mark.parametrize("url, expected", [
    ("../css/site.css", "../../css/site.css"),  # a resource: the shared copy
    ("../img/a b.png", "../../img/a b.png"),
    ("team.html", None),  # the same locale's page: same relative path
    ("../index.html#top", None),
    ("/about/team.html", "/ko/about/team.html"),  # root-absolute page link: the locale's page
    ("/about/team.html?x=1#lead", "/ko/about/team.html?x=1#lead"),
    ("/css/site.css", None),  # root-absolute resource: already the shared copy
    ("/", "/ko/"),
    ("./", None),
    ("../docs/my%20page.html", None),  # percent-encoded page names are pages
    ("../missing.html", "../../missing.html"),  # not a page of the site: where the source pointed
    ("https://example.com/x.css", None), ("mailto:a@b.c", None), ("#top", None), ("?q=1", None),
    ("data:image/png;base64,xx", None), ("//cdn.example.com/x.js", None),
    # above the site root (a site published under a sub-path, linking its neighbours): the same place, one
    # segment further up; at a domain's root a browser reads both as /outside.html
    ("../../outside.html", "../../../outside.html"), ("../../std/?q=1#x", "../../../std/?q=1#x"),
    ("../../", "../../../"), ("/../css/site.css", None),
    ("..\\css\\site.css", "../../css/site.css"),  # a browser reads "\\" as "/" (pages written on Windows)
    ("..\\index.html", "../index.html"),  # and that is a page of the site
    ("\\\\cdn.example.com\\x.js", None), ("/\\cdn.example.com/x.js", None),  # other hosts, as "//host/x.js"
])
def test_references_from_a_nested_korean_page(url, expected):
    assert rewritten(url) == expected


def test_a_reference_above_the_root_is_worked_out_without_the_current_directory(monkeypatch):
    """From ``/`` the built page's ``../../outside.html`` came out ``../../outside.html`` (``..`` clamped at the
    current directory's depth) and the source page's was rewritten: neither depends on where the build runs."""
    monkeypatch.chdir("/")
    assert rewritten("../../outside.html") == "../../../outside.html"
    assert rewritten("../../outside.html", locale="en") is None


def test_source_pages_change_no_reference():
    for url in ("../css/site.css", "/about/team.html", "team.html", "/"):
        assert rewritten(url, locale="en") is None


def test_a_line_break_inside_a_url_is_no_reason_to_rewrite_it():
    """A browser drops tabs and line breaks inside a URL: a source page's `action="x.php\n  y"` stays as written
    (the source copy changed nothing else), and a moved one is rewritten without them."""
    assert rewritten("team\n.html") is None and rewritten("x.php\n  y", locale="en") is None
    assert rewritten("../css/\tsite.css") == "../../css/site.css"


@pytest.mark.parametrize("url", ["{{ c.link }}", "{% url 'home' %}", "../${base}/x.html", "<%= path %>",
                                 "<?php echo $u ?>", "{#hash#}", "<?= $page->url ?>/x.html", "<%= a > b ? x : y %>"])
def test_a_template_expression_is_no_url_to_rewrite(url):
    """An unrendered template's `href="{{ c.link }}"` became `../../about/{{ c.link }}`, broken once rendered."""
    assert rewritten(url) is None


@pytest.mark.parametrize("url", ["*|UNSUB|*", "*|ARCHIVE|*", "%%unsub_center_url%%", "%%=RedirectTo(@url)=%%",
                                 "[unsubscribe]", "[webversion]", "[[UNSUB_LINK_EN]]", "%unsubscribe_url%",
                                 "%UNSUBSCRIBELINK%"])
def test_an_e_mail_merge_tag_is_no_url_to_rewrite(url):
    """A newsletter's unsubscribe link, `href="*|UNSUB|*"` (Mailchimp), `%%unsub_center_url%%` (Salesforce Marketing
    Cloud) or `[unsubscribe]` (Campaign Monitor), became `../*|UNSUB|*`, which the service no longer fills in."""
    assert rewritten(url) is None


def test_a_file_named_with_brackets_or_percent_escapes_is_still_rewritten():
    assert rewritten("files/report[1].pdf") == "../../about/files/report[1].pdf"
    assert rewritten("caf%C3%A9s%20menu.html") == "../../about/caf%C3%A9s%20menu.html"


def test_a_page_not_published_in_the_locale_is_linked_in_the_source_language():
    withheld = frozenset({("ko", "index.html")})
    assert rewritten("../index.html", withheld=withheld) == "../../index.html"
    assert rewritten("/index.html", withheld=withheld) is None
    assert rewritten("/about/team.html", withheld=withheld) == "/ko/about/team.html"


def test_base_href_is_honoured():
    assert rewritten("css/site.css", head='<base href="../">') == "../css/site.css"  # base is ko/ now
    assert rewritten("about/team.html", head='<base href="../">') is None
    assert rewritten("css/site.css", head='<base href="/">') is None  # root: resources as they were
    assert rewritten("about/team.html", head='<base href="/">') == "ko/about/team.html"
    assert rewritten("css/x.css", head='<base href="https://cdn.example.com/">') is None  # off-site base
    assert rewritten("about/team.html", head='<base href="https://example.org/">',
                     base_url="https://example.org/") == "ko/about/team.html"


def test_a_link_without_a_path_leads_where_the_base_does():
    """Under ``<base href="/">``, a link's ``href=""`` (or ``?q``, ``#top``) is the home page, not the page itself: the
    Korean page's link led to the English home page while ``./`` beside it led to the Korean one."""
    def link(url: str, head: str = "") -> str | None:
        doc = parse_document(f"<html><head>{head}</head><body></body></html>")
        return rewrite_url(url, page_place(doc, "about/team.html", "ko", layout()), link=True)

    for url, expected in [("", "ko/"), ("?q=1", "ko/?q=1"), ("#top", "ko/#top"), ("./", "ko/")]:
        assert link(url, '<base href="/">') == expected, url
    assert link("", '<base href="/about/team.html">') == "../ko/about/team.html"  # the base's own file
    assert link("", '<base href="/css/site.css">') is None  # a resource: one copy for every locale
    assert link("#top", '<base href="team.html">') is None  # a base relative to the page follows it: there already
    assert link("") is None and link("?q=1") is None and link("#top") is None  # without a base: the page itself
    assert link("", '<base href="#top">') is None


def test_only_links_take_the_base_for_a_url_without_a_path():
    """``action=""`` is the page's own address whatever the base says, and an empty src fetches nothing: rewritten
    to the base's page, the Korean form was sent to another page and an empty <script src> loaded an HTML page."""
    page = ('<html><head><base href="/"><link rel="stylesheet" href=""></head><body><a href="">Home</a>'
            '<form action=""><button formaction="">Go</button></form><img src=""><script src=""></script>'
            '<iframe src=""></iframe><video poster=""></video><object data=""></object></body></html>')
    built = with_references_rewritten(page)
    assert built == page.replace('<a href="">', '<a href="ko/">')


def test_absolute_links_to_the_site_itself():
    assert rewritten("https://example.org/about/team.html", base_url="https://example.org/") \
        == "https://example.org/ko/about/team.html"
    assert rewritten("https://example.org/img/x.png", base_url="https://example.org/") is None


def test_url_segments(project):
    root = project({"a.html": "<p>x</p>"}, locales=["ko", "zh_TW"])
    with (root / "pyproject.toml").open("a") as fh:
        fh.write('url_segments = {zh-tw = "zh-tw"}\nbase_url = "https://example.org/site"\n')
    cfg = load_config(root)
    assert cfg.url_segment("zh_TW") == "zh-tw" and cfg.url_segment("ko") == "ko" and cfg.url_segment("en") == ""
    assert cfg.base_url == "https://example.org/site/"


@pytest.mark.parametrize("setting", ['url_segments = {ko = "../x"}', 'base_url = "example.org"', "min_percent = 120"])
def test_bad_site_settings_are_one_line_errors(project, setting):
    root = project({"a.html": "<p>x</p>"}, locales=["ko"])
    with (root / "pyproject.toml").open("a") as fh:
        fh.write(setting + "\n")
    with pytest.raises(L10nError):
        load_config(root)


def test_one_layout_remembers_rewrites_without_mixing_pages_or_locales():
    """The build asks one layout for every page and locale: each answer is the one a fresh layout gives."""
    urls = ["../css/site.css", "team.html", "/about/team.html", "/", "../index.html", "index.html", "css/a.css"]
    heads = ["", '<base href="../">']
    shared = layout(withheld=frozenset({("zh_TW", "about/team.html")}))
    for _ in range(2):  # the second pass answers from memory
        for rel in sorted(PAGES):
            for locale in ("en", "ko", "zh_TW"):
                for head in heads:
                    doc = parse_document(f"<html><head>{head}</head><body></body></html>")
                    for url in urls:
                        fresh = layout(withheld=shared.withheld)
                        assert rewrite_url(url, page_place(doc, rel, locale, shared)) == \
                            rewrite_url(url, page_place(doc, rel, locale, fresh)), (url, rel, locale, head)
    assert shared.rewrites


def with_references_rewritten(page: str, rel: str = "about/team.html", locale: str = "ko",
                              site: SiteLayout | None = None) -> str:
    """The page with only its reference edits applied, as built for `locale`."""
    from toolkit.build.refs import reference_edits
    from toolkit.build.splice import apply_edits

    doc = parse_document(page)
    return apply_edits(page, reference_edits(doc, page_place(doc, rel, locale, site or layout()), set()))


LAZY_PAGE = ('<img class="lazyload" src="../img/a.png" data-src="../img/a.png" data-srcset="../img/a.png 1x, '
             '../img/big.png 2x, ../img/b%20c.png 3x"><iframe data-lazy-src="/about/team.html?x=1"></iframe>'
             '<video data-src="../media/clip.mp4" data-poster="../img/a.png"></video><img data-original="../img/a.png"'
             ' data-lazy-srcset="../img/a.png 1x"><div class="lazy" data-bg="../img/a.png"></div>'
             '<img data-src="../img/none.png"><img data-src="thumbs/"><div data-src="../img/a.png"></div>'
             '<div data-root-path="../"></div><img data-src="https://cdn.example.com/img/a.png">'
             '<img data-src="../../img/a.png"><noscript><img data-src="../img/a.png"></noscript>')


def test_lazy_loading_attributes_follow_the_page_where_they_name_a_file_of_the_site():
    """lazysizes, lozad, vanilla-lazyload and WordPress plug-ins keep the real URL in data-src/data-srcset (and the
    like) and copy it to src: in every locale's copy it led under the locale's folder (a 404).  Only a reference to
    a file the site has is one: other data-* values, files it does not have, other sites stay as written."""
    site = SiteLayout("en", ["ko"], {"en": "en", "ko": "ko"}, {}, PAGES, frozenset(), None,
                      assets=frozenset({"img/a.png", "img/b c.png", "media/clip.mp4", "about/thumbs/x.png"}))
    assert with_references_rewritten(LAZY_PAGE, site=site) == (
        '<img class="lazyload" src="../../img/a.png" data-src="../../img/a.png" data-srcset="../../img/a.png 1x, '
        '../img/big.png 2x, ../../img/b%20c.png 3x"><iframe data-lazy-src="/ko/about/team.html?x=1"></iframe>'
        '<video data-src="../../media/clip.mp4" data-poster="../../img/a.png"></video>'
        '<img data-original="../../img/a.png" data-lazy-srcset="../../img/a.png 1x">'
        '<div class="lazy" data-bg="../../img/a.png"></div>'
        '<img data-src="../img/none.png"><img data-src="thumbs/"><div data-src="../img/a.png"></div>'
        '<div data-root-path="../"></div><img data-src="https://cdn.example.com/img/a.png">'
        '<img data-src="../../img/a.png"><noscript><img data-src="../../img/a.png"></noscript>')
    assert with_references_rewritten(LAZY_PAGE, locale="en", site=site) == LAZY_PAGE
    # a layout that does not know the site's files (the review server's) rewrites none of them
    assert 'data-src="../img/a.png"' in with_references_rewritten(LAZY_PAGE)


def site_with_images() -> SiteLayout:
    """The layout of a site whose source dir has two images (lazy references count only where they name a file)."""
    return SiteLayout("en", ["ko"], {"en": "en", "ko": "ko"}, {}, PAGES, frozenset(), None,
                      assets=frozenset({"img/a.png", "img/b c.png"}))


def moved(page: str) -> str:
    """`page` with its references to the two images one folder further up (none.png is no file of the site)."""
    return page.replace('../img/a.png', '../../img/a.png').replace('../img/b%20c.png', '../../img/b%20c.png')


@pytest.mark.parametrize("page", [
    # vanilla-lazyload before version 17, and many themes: a lazy background written as CSS
    '<div class="lazy" data-bg="url(\'../img/a.png\'), URL(&quot;../img/b%20c.png&quot;)"></div>'
    '<div data-bg="url(../img/none.png)"></div><div data-bg="url(data:image/png;base64,AAAA)"></div>',
    # reveal.js slide backgrounds
    '<section data-background-image="../img/a.png"><h2>Map</h2></section><section data-background="#ff0000">'
    '</section><section data-background-video="../img/b%20c.png" data-background-color="#000"></section>',
    # lazysizes' bgset: srcsets separated by "|", each with an optional media query
    '<div class="lazyload" data-bgset="../img/a.png [(max-width: 600px)] | ../img/b%20c.png 1x, '
    '../img/none.png 2x,../img/a.png 3x [--wide]|../img/b%20c.png" data-sizes="auto"></div>',
    # Slick (data-lazy), FlexSlider (data-thumb on a slide), elevateZoom (data-zoom-image), Unveil and Owl Carousel
    # (data-src-retina)
    '<div class="slider"><img data-lazy="../img/a.png"><ul><li data-thumb="../img/b%20c.png">'
    '<img src="../img/a.png" data-zoom-image="../img/b%20c.png" data-src-retina="../img/a.png"></li>'
    '<li data-thumb="../img/none.png"></li></ul></div>',
], ids=["data-bg-css", "reveal-js", "bgset", "carousels"])
def test_backgrounds_and_slides_follow_the_page(page):
    """Slider, slide-deck and lazy-background scripts load images from attributes of their own: in every locale's
    copy they loaded from under the locale's folder (a 404), as the plain lazy attributes did."""
    assert with_references_rewritten(page, site=site_with_images()) == moved(page)


def test_an_attribute_a_script_reads_only_on_images_is_left_elsewhere():
    page = '<div data-lazy="../img/a.png"></div><span data-zoom-image="../img/a.png"></span>'
    assert with_references_rewritten(page, site=site_with_images()) == page


def test_an_image_s_long_description_leads_to_the_locale_s_page():
    """`longdesc` names the page describing an image at length, which screen readers offer: it led under the
    locale's folder to a page of the old layout (a 404)."""
    page = '<img src="../img/chart.png" alt="Launches" longdesc="team.html"><img longdesc="#notes">'
    assert with_references_rewritten(page, rel="index.html") == (
        '<img src="../../img/chart.png" alt="Launches" longdesc="../team.html"><img longdesc="#notes">')
    assert with_references_rewritten(page, rel="docs/my page.html") == (  # (no page of the site: the source's file)
        '<img src="../../img/chart.png" alt="Launches" longdesc="../../docs/team.html"><img longdesc="#notes">')


def test_every_lazy_attribute_taken_on_any_element_is_one_the_segmenter_keeps():
    """A start tag is remembered for the build only for its name or one of `KEPT_ATTRS`: a lazy-loading attribute
    read on any element but not kept there was never rewritten."""
    from toolkit.build.refs import LAZY_BGSET, LAZY_URL_ATTRS
    from toolkit.html.elements import INTERESTING_ATTRS, KEPT_ATTRS

    anywhere = {name for name, elements in LAZY_URL_ATTRS.items() if elements is None} | {LAZY_BGSET}
    assert anywhere <= KEPT_ATTRS
    assert all(INTERESTING_ATTRS.search(name) for name in KEPT_ATTRS)  # (a tag without one is not parsed further)


def test_svg_references_follow_the_page():
    """An inline SVG's <image>, <use> and <a> load or link through href / xlink:href like HTML's own."""
    page = ('<html><body><svg><image href="../img/map.png"/><use xlink:href="../img/icons.svg#star"/>'
            '<use href="#local"/><a href="../css/x.css"><text>x</text></a></svg>'
            '<image href="../img/not-svg.png"></body></html>')
    assert with_references_rewritten(page) == (
        '<html><body><svg><image href="../../img/map.png"/><use xlink:href="../../img/icons.svg#star"/>'
        '<use href="#local"/><a href="../../css/x.css"><text>x</text></a></svg>'
        '<image href="../img/not-svg.png"></body></html>')


@pytest.mark.parametrize("translated", [False, True])
def test_svg_references_inside_a_sentence_follow_the_page(translated):
    """An icon mid-sentence is one placeholder of its unit, kept whole: its <use>/<image> references were never
    seen, so in every locale's copy they led under the locale's folder (a 404), translated or not."""
    from toolkit.build.splice import build_page

    page = ('<html><body><p>Mail <svg><use xlink:href="../img/icons.svg#mail"/></svg> us today.</p>'
            '<p>Map: <svg width="9"><image href="../img/map.png"/></svg></p></body></html>')
    doc = parse_document(page)
    translations = {(None, "Mail <svg/> us today."): "오늘 <svg/> 메일 주세요.", (None, "Map:"): "지도:"}
    html = build_page(doc, "about/team.html", "ko", translations if translated else {}, layout()).html
    assert html.count("../../img/") == 2 and "../img/" not in html.replace("../../img/", "")
    assert ('오늘 <svg><use xlink:href="../../img/icons.svg#mail"/></svg> 메일' in html) is translated
    # a sprite's <use href="#icon"> names no file: not kept (24,000 icons doubled extract's memory)
    sprites = parse_document("<p>" + 'Rated <svg><use href="#star"/><use xlink:href=" #dot"/></svg> well. ' * 500)
    assert sprites.tags == []


def test_form_actions_and_refresh_redirects_follow_the_page():
    """A form sent to a page of the site goes to the locale's page, a script to the shared copy; a redirect page
    (``<meta http-equiv=refresh>``) leads where its source led; what they point at off the site stays."""
    page = ('<html><head><meta http-equiv="refresh" content="5; url=\'../index.html\'">'
            '<meta http-equiv="Refresh" content="0;URL=../cgi/go.php"></head><body>'
            '<form action="../cgi/search.php"><button formaction="/about/team.html">Go</button>'
            '<input type="submit" formaction="../cgi/other.php"></form>'
            '<form action="https://example.com/post"></form><meta http-equiv="refresh" content="30"></body></html>')
    assert with_references_rewritten(page) == (
        '<html><head><meta http-equiv="refresh" content="5; url=\'../index.html\'">'
        '<meta http-equiv="Refresh" content="0;URL=../../cgi/go.php"></head><body>'
        '<form action="../../cgi/search.php"><button formaction="/ko/about/team.html">Go</button>'
        '<input type="submit" formaction="../../cgi/other.php"></form>'
        '<form action="https://example.com/post"></form><meta http-equiv="refresh" content="30"></body></html>')


def test_a_plug_ins_file_named_in_a_param_follows_the_page():
    """Flash's `<param name="movie">` stayed as written while the `<embed src>` beside it was rewritten, so a
    browser taking the object's param looked for the file under the locale's folder."""
    page = ('<object data="../flash/a.swf"><param name="Movie" value="../flash/a.swf"><param name="quality" '
            'value="high.swf"><param name="src" value="https://example.com/b.swf"><embed src="../flash/a.swf"></object>')
    assert with_references_rewritten(page) == (
        '<object data="../../flash/a.swf"><param name="Movie" value="../../flash/a.swf"><param name="quality" '
        'value="high.swf"><param name="src" value="https://example.com/b.swf"><embed src="../../flash/a.swf"></object>')


def test_a_refresh_url_is_found_in_linear_time():
    """A URL followed by 100,000 spaces: a backtracking pattern took about 30 s on such a page, this milliseconds."""
    import time

    spaces = " " * 100_000
    page = f'<html><head><meta http-equiv="refresh" content="0; url=../a.html{spaces}x"></head></html>'
    started = time.process_time()
    assert f"url=../../a.html{spaces}x" in with_references_rewritten(page)
    assert time.process_time() - started < 1.0

    from toolkit.build.refs import refresh_url

    assert refresh_url("5; URL='next.html' trailing") == (8, 17)  # quoted: up to the same quote
    assert refresh_url("30") is None and refresh_url("0; url=''") is None


def test_responsive_images_preloaded_or_set_in_css_follow_the_page():
    """``<link rel=preload imagesrcset>`` and CSS ``image-set("a.png" 1x)`` strings are image URLs; Chromium fetched
    ko/img/… (404) for both before they were rewritten.  A string in ``type()`` is a media type, not a URL."""
    page = ('<html><head><link rel="preload" as="image" imagesrcset="../img/a.png 1x, ../img/b,c.png 2x" '
            'imagesizes="50vw"><style>.a{background:-webkit-image-set("../img/a.png" 1x, url(../img/b.png) 2x)}'
            '</style></head><body><div style=\'background:image-set("../img/a.avif" type("image/avif"), '
            '"../img/a.png")\'></div></body></html>')
    assert with_references_rewritten(page) == (
        '<html><head><link rel="preload" as="image" imagesrcset="../../img/a.png 1x, ../../img/b,c.png 2x" '
        'imagesizes="50vw"><style>.a{background:-webkit-image-set("../../img/a.png" 1x, url(../../img/b.png) 2x)}'
        '</style></head><body><div style="background:image-set(&quot;../../img/a.avif&quot; type(&quot;image/avif'
        '&quot;), &quot;../../img/a.png&quot;)"></div></body></html>')


def test_image_set_strings_are_found_in_linear_time():
    """20,000 unclosed ``image-set(`` in a style: each was scanned to the end of the text (about 2 minutes)."""
    import time

    page = '<html><body><div style="' + "image-set(" * 20_000 + '">x</div></body></html>'
    started = time.process_time()
    assert with_references_rewritten(page) == page
    assert time.process_time() - started < 1.0


def test_markup_inside_noscript_and_srcdoc_follows_the_page():
    """Without scripts a browser parses ``<noscript>`` content as markup (a lazy-loading fallback, a stylesheet), and
    an ``<iframe srcdoc>`` document resolves URLs against the page: both are the page's references.  Chromium with
    JavaScript off fetched ko/css/… and ko/img/… (404) for them before."""
    page = ('<html><head><noscript><link rel="stylesheet" href="../css/nojs.css"></noscript></head><body>'
            '<p>Photo <noscript><img src="../img/a.png" alt="A"></noscript> here</p>'
            '<noscript><style>p{background:url(../img/b.png)}</style><a href="../index.html">x</a></noscript>'
            '<iframe srcdoc="&lt;img src=&quot;../img/c.png&quot;&gt;&lt;a href=/index.html>Home&lt;/a>"></iframe>'
            '<noscript>no markup</noscript></body></html>')
    assert with_references_rewritten(page) == (
        '<html><head><noscript><link rel="stylesheet" href="../../css/nojs.css"></noscript></head><body>'
        '<p>Photo <noscript><img src="../../img/a.png" alt="A"></noscript> here</p>'
        '<noscript><style>p{background:url(../../img/b.png)}</style><a href="../index.html">x</a></noscript>'
        '<iframe srcdoc="&lt;img src=&quot;../../img/c.png&quot;&gt;&lt;a href=&quot;/ko/index.html&quot;&gt;Home'
        '&lt;/a&gt;"></iframe><noscript>no markup</noscript></body></html>')


def test_noscript_nested_hundreds_deep_is_read_a_few_levels_deep():
    """`'<noscript>' * 500` made the build's reference rewriting recurse until a RecursionError stopped the whole
    build: markup inside markup is read eight levels deep, which a page without scripts may nest (a noscript's
    noscript, a srcdoc inside a noscript), not deeper."""
    page = ('<html><body><noscript><img src="../img/a.png">' + "<noscript>" * 600 + '<img src="../img/b.png">'
            + "</noscript>" * 601 + "</body></html>")
    out = with_references_rewritten(page)
    assert '<img src="../../img/a.png">' in out and '<img src="../img/b.png">' in out
    page = ('<html><body><noscript><noscript><img src="../img/c.png"></noscript></noscript>'
            '<noscript><iframe srcdoc="&lt;img src=&quot;../img/d.png&quot;&gt;"></iframe></noscript></body></html>')
    out = with_references_rewritten(page)
    assert '<img src="../../img/c.png">' in out and "../../img/d.png" in out


def test_a_long_string_in_an_import_map_costs_no_memory_each():
    import tracemalloc

    page = ('<html><head><script type="importmap">{"imports": {"lib": "./js/lib.js", "x": "' + "a" * 500_000
            + '"}}</script></head><body></body></html>')
    tracemalloc.start()
    try:
        out = with_references_rewritten(page)
        assert tracemalloc.get_traced_memory()[1] < 40 * len(page)  # (was about 150 bytes a character)
    finally:
        tracemalloc.stop()
    assert '"lib": "../../about/js/lib.js"' in out


def test_a_folder_linked_without_its_slash_leads_to_the_locale_folder():
    """``href="about"`` (a server redirects it to about/, whose index.html is a page) led from ko/ pages to the source
    language's about/; it now names the locale's folder the same way."""
    assert rewritten("../about", rel="index.html") == "../../about"  # above the site root: the same neighbour
    assert rewritten("/about") == "/ko/about"
    assert rewritten("/about?x#y", locale="zh_TW") == "/zh-tw/about?x#y"
    assert rewritten("../docs") == "../../docs"  # no index page there: where the source pointed


# a site whose generator links its pages without their suffix (Next.js's export, VitePress's cleanUrls, Hugo's uglyURLs)
CLEAN = frozenset({"index.html", "about.html", "docs/intro.html", "docs/setup.html", "legal.htm",
                   "blog/release-1.2.html", "both.html", "both/index.html"})


@pytest.mark.parametrize("url, rel, expected", [
    ("/about", "index.html", "/ko/about"),  # root-absolute: the locale's page, still without its suffix
    ("/docs/intro", "index.html", "/ko/docs/intro"),
    ("/docs/intro?v=2#install", "index.html", "/ko/docs/intro?v=2#install"),
    ("about", "index.html", None),  # relative: the Korean about.html is beside ko/index.html
    ("docs/intro#install", "index.html", None),
    ("../about", "docs/setup.html", None),  # from a subfolder
    ("intro?v=2", "docs/setup.html", None),
    ("/about", "docs/setup.html", "/ko/about"),
    ("/legal", "index.html", "/ko/legal"),  # an .htm page
    ("/blog/release-1.2", "index.html", "/ko/blog/release-1.2"),  # a dot in the name is no suffix of its own
    ("/contact", "index.html", None),  # no page of the site: left alone (a relative one where the source pointed)
    ("contact?x#y", "index.html", "../contact?x#y"),
    ("/downloads/LICENSE", "index.html", None),  # an asset without a suffix: the shared copy
    ("downloads/LICENSE", "docs/setup.html", "../../docs/downloads/LICENSE"),
    ("/api/users", "index.html", None),  # an API route
])
def test_a_page_linked_without_its_suffix_leads_to_the_locales_page(url, rel, expected):
    """``href="/about"`` to about.html (a clean URL, served so by GitHub Pages, Netlify, Cloudflare Pages, Vercel)
    stayed the English page in ko/ pages, and a relative ``about`` became ``../about``: it now leads to the same
    locale's page, keeping its form, as a link to about.html does."""
    assert rewritten(url, rel=rel, pages=CLEAN) == expected


def test_a_clean_url_to_a_withheld_page_leads_to_the_source_page():
    assert rewritten("about", rel="index.html", pages=CLEAN, withheld=frozenset({("ko", "about.html")})) == "../about"
    assert rewritten("/about", rel="index.html", pages=CLEAN, withheld=frozenset({("ko", "about.html")})) is None


def test_a_clean_url_naming_a_file_and_a_folder_leads_to_the_file():
    """Where both.html and both/index.html are pages, GitHub Pages, Netlify and Cloudflare Pages answer ``/both`` with
    both.html: the link follows that page (here withheld in ko, so it leads to the source's), ``/both/`` the folder."""
    withheld = frozenset({("ko", "both.html")})
    assert rewritten("/both", rel="index.html", pages=CLEAN, withheld=withheld) is None
    assert rewritten("/both/", rel="index.html", pages=CLEAN, withheld=withheld) == "/ko/both/"
    here = layout(pages=CLEAN, base_url="https://example.org/")
    assert linked_page("https://example.org/both", PagePlace("index.html", "ko", "", "ko", here)) == "both.html"


def test_a_clean_url_is_a_link_to_its_page_for_canonical_links():
    """A canonical link or an absolute URL naming a page without its suffix names that page (`linked_page`)."""
    here = layout(pages=CLEAN, base_url="https://example.org/")
    place = PagePlace("docs/setup.html", "en", "docs", "docs", here)
    assert linked_page("https://example.org/docs/intro?x=1", place) == "docs/intro.html"
    assert linked_page("intro#top", place) == "docs/intro.html"
    assert linked_page("/downloads/LICENSE", place) is None
    assert rewritten("https://example.org/about", rel="index.html", pages=CLEAN,
                     base_url="https://example.org/") == "https://example.org/ko/about"


def test_css_in_an_inline_svg_follows_the_page():
    """An inline SVG's ``<style>`` styles the whole page: its url()s are rewritten as a ``<style>`` element's are."""
    page = ('<html><body><svg><style>.a{background:url(../img/a.png)}</style><style/><text>x</text>'
            '<style style="fill:url(../img/c.png)">.c{}</style></svg><style>.b{background:url(../img/b.png)}</style>'
            '</body></html>')
    assert with_references_rewritten(page) == (
        '<html><body><svg><style>.a{background:url(../../img/a.png)}</style><style/><text>x</text>'
        '<style style="fill:url(../../img/c.png)">.c{}</style></svg><style>.b{background:url(../../img/b.png)}</style>'
        '</body></html>')


def test_an_import_map_follows_the_page():
    """An import map's addresses and URL-like specifiers resolve against the page: Chromium fetched ko/js/lib.js
    (404) for ``"lib": "./js/lib.js"``.  Bare specifiers, root-relative and other sites' URLs, other scripts'
    strings and a string with escapes stay as they are."""
    page = ('<html><head><script type="importmap">{"imports": {"lib": "./js/lib.js", "../js/a.js": "../js/b.js", '
            '"x": "/js/x.js", "y": "https://cdn.example.com/y.js", "z": "x\\"./q.js", "w": "./w\\u002ejs"}, '
            '"scopes": {"../js/": {"dep": "../vendor/dep.js"}}, "integrity": {"../js/a.js": "sha384-abc"}}</script>'
            '<script>var a = "./x.js"</script></head></html>')
    assert with_references_rewritten(page) == (
        '<html><head><script type="importmap">{"imports": {"lib": "../../about/js/lib.js", '
        '"../../js/a.js": "../../js/b.js", "x": "/js/x.js", "y": "https://cdn.example.com/y.js", "z": "x\\"./q.js", '
        '"w": "./w\\u002ejs"}, "scopes": {"../../js/": {"dep": "../../vendor/dep.js"}}, '
        '"integrity": {"../../js/a.js": "sha384-abc"}}</script><script>var a = "./x.js"</script></head></html>')
    # from a page of the root folder the addresses stay URL-like ("js/lib.js" would be a bare specifier)
    assert with_references_rewritten(page, rel="index.html", locale="en") == page
    assert '"lib": "./js/lib.js"' in with_references_rewritten(page.replace("./js/lib.js", "./js/../js/lib.js"),
                                                                rel="index.html", locale="en")


def test_json_ld_urls_follow_the_page():
    """A relative `"image": "../img/team.jpg"` in JSON-LD (which search engines resolve against the page) pointed
    under the locale's folder.  Its URL properties follow the page as links do, at any depth and in lists; absolute
    URLs, other properties and prose stay."""
    block = ('{"@context": "https://schema.org", "@type": "Article", "headline": "See ../img/a.jpg", '
             '"image": ["../img/a.jpg", "https://cdn.example.com/b.jpg"], "url": "team.html", '
             '"publisher": {"@type": "Organization", "logo": {"@type": "ImageObject", "url": "/img/logo.png"}, '
             '"sameAs": "../img/a.jpg"}, "thumbnailUrl": "../img/t\u002ejpg"}')
    page = f'<html><head><script type="application/ld+json">{block}</script></head></html>'
    built = with_references_rewritten(page)
    data = json.loads(built[built.index("json\">") + 6:built.index("</script>")])
    assert data["image"] == ["../../img/a.jpg", "https://cdn.example.com/b.jpg"] and data["url"] == "team.html"
    assert data["publisher"]["logo"]["url"] == "/img/logo.png" and data["publisher"]["sameAs"] == "../img/a.jpg"
    assert data["thumbnailUrl"] == "../../img/t.jpg" and data["headline"] == "See ../img/a.jpg"
    assert with_references_rewritten(page, rel="index.html", locale="en") == page


def test_windows_tile_metas_follow_the_page():
    """`<meta name="msapplication-TileImage" content="../img/tile.png">` pointed at ko/img/tile.png, not there."""
    page = ('<html><head><meta name="msapplication-TileImage" content="../img/tile.png">'
            '<meta name="msapplication-config" content="browserconfig.xml">'
            '<meta name="msapplication-square150x150logo" content="/img/logo.png">'
            '<meta name="msapplication-TileColor" content="../img/x.png"></head></html>')
    assert with_references_rewritten(page) == (
        '<html><head><meta name="msapplication-TileImage" content="../../img/tile.png">'
        '<meta name="msapplication-config" content="../../about/browserconfig.xml">'
        '<meta name="msapplication-square150x150logo" content="/img/logo.png">'
        '<meta name="msapplication-TileColor" content="../img/x.png"></head></html>')


def test_an_inline_module_s_relative_specifiers_follow_the_page():
    """`import { greet } from './util.mjs'` in the page's module script: every locale's copy imported
    ja/about/util.mjs (404), and the module never ran.  Static and dynamic imports and re-exports with a relative
    URL follow the page; bare specifiers, root-relative and other sites' URLs, other strings, a script with a src
    and one that is no JavaScript stay as they are."""
    page = ('<html><head><script type="module">import { a } from "./js/a.mjs"; import "../vendor/b.js";\n'
            "export * from './c.js'; const d = await import( './d.js' ); import e from 'lib';\n"
            'import f from "/js/f.js"; import g from "https://cdn.example.com/g.js"; var s = "./s.js";\n'
            "const h = Array.from('./h.js'); x.import('./i.js');</script>"
            '<script src="m.js">import "./n.js"</script><script type="text/plain">import "./p.js"</script>'
            "<script>import('./q.js')</script></head></html>")
    assert with_references_rewritten(page) == (
        '<html><head><script type="module">import { a } from "../../about/js/a.mjs"; import "../../vendor/b.js";\n'
        "export * from '../../about/c.js'; const d = await import( '../../about/d.js' ); import e from 'lib';\n"
        'import f from "/js/f.js"; import g from "https://cdn.example.com/g.js"; var s = "./s.js";\n'
        "const h = Array.from('./h.js'); x.import('./i.js');</script>"
        '<script src="../../about/m.js">import "./n.js"</script><script type="text/plain">import "./p.js"</script>'
        "<script>import('../../about/q.js')</script></head></html>")
    assert with_references_rewritten(page, rel="index.html", locale="en") == page


def test_a_folder_whose_index_is_index_htm_leads_to_the_locale_folder():
    """Servers answer a folder with its index.html or index.htm: a folder of the site whose page is index.htm led
    from ko/ pages to the source language's folder."""
    assert rewritten("../old/") is None
    assert rewritten("/old/") == "/ko/old/"
    assert rewritten("/old") == "/ko/old"
    assert rewritten("../docs/") == "../../docs/"  # no index page there: where the source pointed


def test_script_asset_hint_names_only_a_file_of_the_site_a_script_addresses(tmp_path):
    from toolkit.build.refs import script_asset_hint

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "over.gif").write_bytes(b"GIF89a")
    page = tmp_path / "a.html"
    hint = script_asset_hint(b'<p>x</p>\n<img onmouseover="this.src=\'images/over.gif\'">', page, "a.html")
    assert hint is not None and hint.startswith("a.html:2: a script builds the address 'images/over.gif'")
    assert script_asset_hint(b"<script>document.write('<img src=\"images/none.gif\">')</script>", page, "a.html") \
        is None  # no such file
    assert script_asset_hint(b'<img src="images/over.gif">', page, "a.html") is None  # markup: the build rewrites it
    assert script_asset_hint(b"<script>img.src = '/images/over.gif'</script>", page, "a.html") is None  # root-relative
    assert script_asset_hint(b"<script>img.src = 'https://x.org/images/over.gif'</script>", page, "a.html") is None
    (tmp_path / "worker.js").write_text("postMessage(7)")
    (tmp_path / "data.json").write_text("{}")
    for script in (b"var w = new Worker('worker.js');", b"navigator.serviceWorker.register('worker.js')",
                   b"fetch('data.json').then(r => r.json())", b"import(dir + './worker.js')"):
        hint = script_asset_hint(b"<script>" + script + b"</script>", page, "a.html")
        assert hint is not None and "locale_assets = true" in hint, script
    assert script_asset_hint(b"<script>import('./worker.js')</script>", page, "a.html") is None  # (rewritten)
    (tmp_path / "searchindex.js").write_text("Search.setIndex({})")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "search.min.js").write_text("")
    for script in (b'jQuery(function() { Search.loadIndex("searchindex.js"); });',  # Sphinx 4's search.html
                   b'{"base": ".", "features": [], "search": "assets/search.min.js"}'):  # Material's __config
        hint = script_asset_hint(b"<script>" + script + b"</script>", page, "a.html")
        assert hint is not None and "locale_assets = true" in hint, script
