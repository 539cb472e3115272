"""Segmentation rules of docs/ARCHITECTURE.md, one test (or a few) per rule."""

from __future__ import annotations

import pytest

from toolkit import placeholders
from toolkit.html import parse_document, render_translation
from toolkit.html.tokenize import CONDITIONAL
from toolkit.mt.masking import mask


def msgids(html: str) -> list[str]:
    return [u.msgid for u in parse_document(html).units]


def unit(html: str, msgid: str):
    return next(u for u in parse_document(html).units if u.msgid == msgid)


@pytest.mark.parametrize(
    "tag", "p h1 h2 h3 h4 h5 h6 li td th dt dd caption figcaption label button option summary title "
    "blockquote pre".split(),
)
def test_block_elements_are_units(tag):
    wrap = {"li": "ul", "td": "table><tr", "th": "table><tr", "dt": "dl", "dd": "dl",
            "caption": "table", "option": "select"}.get(tag)
    html = f"<{tag}>Hello world</{tag}>"
    if wrap:
        html = f"<{wrap}>{html}"
    assert msgids(html) == ["Hello world"]


def test_text_directly_in_containers_is_a_unit():
    assert msgids("<body>Loose text<div>In a div<section>In a section</section></div></body>") == [
        "Loose text", "In a div", "In a section"]


def test_nested_block_splits_and_nothing_is_dropped():
    assert msgids("<div>Before <p>Inner</p> after</div>") == ["Before", "Inner", "after"]
    assert msgids("<li>Item text <ul><li>Child</li></ul> tail</li>") == ["Item text", "Child", "tail"]


def test_implied_end_tags_lose_no_text():
    assert msgids("<p>One<p>Two<p>Three") == ["One", "Two", "Three"]
    assert msgids("<ul><li>a<li>b<li>c</ul>after") == ["a", "b", "c", "after"]
    assert msgids("<dl><dt>Term<dd>Definition<dt>Term 2</dl>") == ["Term", "Definition", "Term 2"]
    assert msgids("<table><tr><td>A<td>B<tr><td>C</table>") == ["A", "B", "C"]
    assert msgids("<select><option>Yes<option>No</select>") == ["Yes", "No"]


def test_implied_end_tags_close_past_an_open_paragraph_like_html5():
    # <li>, <dt>/<dd> and headings close their predecessor even with a <p> open inside it, so the
    # next one does not inherit the previous one's translate="no" (html5lib builds the same tree)
    assert msgids('<ul><li translate="no">Brand<p>Kept<li>Translated</ul>') == ["Translated"]
    assert msgids('<dl><dd translate="no">Brand<p>Kept<dt>Term</dl>') == ["Term"]
    assert msgids('<h1 translate="no">Brand<p>Kept<h2>Heading</h2>') == ["Heading"]


def test_text_after_br_stays_in_the_unit():
    assert msgids("<p>Line one<br>Line two</p>") == ["Line one<br/>Line two"]


def test_inline_elements_stay_inside_the_unit_without_attributes():
    assert msgids('<p>Read about <a href="/soyuz" class="x">Soyuz</a> at <b>ESA</b>.</p>') == [
        "Read about <a>Soyuz</a> at <b>ESA</b>."]


def test_repeated_inline_names_are_numbered():
    assert msgids('<p><a href=1>One</a> and <a href=2>two</a> and <i>three</i></p>') == [
        "<a1>One</a1> and <a2>two</a2> and <i>three</i>"]


def test_void_inline_elements():
    assert msgids('<p>Press <img src=x.gif> to print<br>now</p>') == ["Press <img/> to print<br/>now"]


@pytest.mark.parametrize(
    "tag", "a b strong em i span abbr code small sub sup time q font cite mark u s".split())
def test_each_inline_tag_stays_inline(tag):
    assert msgids(f"<p>x is <{tag}>inline</{tag}> here</p>") == [f"x is <{tag}>inline</{tag}> here"]


def test_wrapper_element_around_whole_unit_is_not_shown():
    assert msgids('<td><a href="/x">Launchers</a></td>') == ["Launchers"]


def test_elements_without_text_at_the_edges_stay_out_of_the_unit():
    # anchor targets, icon fonts, linked images: nothing to translate, as a leading <img> has not
    assert msgids('<h2><a id="launch"></a>Launch dates</h2>') == ["Launch dates"]
    assert msgids('<p><i class="icon"></i> Download <b>now</b></p>') == ["Download <b>now</b>"]
    assert msgids('<li><a href="/"><img src=home.png></a> Start here<span> </span></li>') == ["Start here"]
    assert msgids('<p><b><span>&nbsp;</span>All bold</b></p>') == ["All bold"]
    assert msgids('<p>Go <a href="/x"></a>there</p>') == ["Go <a></a>there"]  # inside: it keeps its place
    u = unit('<p><a id="x" its-loc-note="Anchor only"></a>Launch dates</p>', "Launch dates")
    assert u.notes == [] and u.whole  # not a wrapper: its note is not the unit's


def test_edge_elements_without_letters_or_digits_stay_out_of_the_unit():
    # Sphinx's and MkDocs' heading permalinks, Sphinx's field colon: "Quickstart" is then one entry with the
    # table of contents' "Quickstart", and no translator or engine has a <a>¶</a> to keep
    assert msgids('<h1>Quickstart<a class="headerlink" href="#quickstart" title="Link to this heading">¶</a></h1>') \
        == ["Quickstart", "Link to this heading"]
    assert unit('<h2>Intro<a class="headerlink" href="#i">&para;</a></h2>', "Intro").whole
    assert msgids('<dt>Parameters<span class="colon">:</span></dt>') == ["Parameters"]
    assert msgids('<p><a href="#x">#</a> Title</p>') == ["Title"]
    assert msgids('<p><b><a>¶</a> Hello</b></p>') == ["Hello"]
    # digits, letters, bare text and anything inside the sentence stay
    assert msgids('<p>See note<a href="#f1">[1]</a></p>') == ["See note<a>[1]</a>"]
    assert msgids('<p>Call <code>foo()</code>.</p>') == ["Call <code>foo()</code>."]
    assert msgids('<p>Hello<b>!</b> there</p>') == ["Hello<b>!</b> there"]
    # brackets and quotes pair up with text a translation may move
    assert msgids('<p><strong>(</strong><strong>optional</strong><strong>)</strong> (<em>results</em>)</p>') \
        == ["<strong1>(</strong1><strong2>optional</strong2><strong3>)</strong3> (<em>results</em>)"]
    assert msgids('<p><q>Hello</q><span>&raquo;</span></p>') == ["<q>Hello</q><span>»</span>"]
    assert msgids('<p><b>: <a>¶</a> Hello</b></p>') == [": <a>¶</a> Hello"]


def test_attributes_are_their_own_entries():
    html = """<img src=a alt="Soyuz on the pad"><a href=x title="Go home">Home</a>
    <input placeholder="Your name" aria-label="Name"><input type=submit value="Send">
    <input type=text value="not me"><input type=hidden value="nor me">
    <select><option label="Label text" value="code">Opt</option></select>
    <table><tr><th abbr="Lat.">Latitude</th></tr></table>
    <meta name="description" content="A description"><meta name="keywords" content="k1, k2">
    <meta property="og:title" content="OG title"><meta name="twitter:description" content="TW desc">
    <meta name="viewport" content="width=device-width">"""
    got = msgids(html)
    for expected in ["Soyuz on the pad", "Go home", "Home", "Your name", "Name", "Send", "Label text",
                     "Opt", "Lat.", "Latitude", "A description", "k1, k2", "OG title", "TW desc"]:
        assert expected in got
    for never in ["not me", "nor me", "code", "width=device-width"]:
        assert never not in got


def test_more_human_readable_attributes_are_entries():
    """A web app's names, a shared card's label/value pairs, microdata prose, an SVG link's tooltip, a formula's
    text alternative and a cell's short form are text readers meet; a microdata `name` (a person's, a company's?)
    and a pragma are not."""
    html = ('<meta name="application-name" content="Photo Booth"><meta name="apple-mobile-web-app-title" '
            'content="Booth"><meta name="twitter:label1" content="Est. reading time">'
            '<meta name="twitter:data1" content="3 minutes"><meta itemprop="description" content="A camera app">'
            '<meta itemprop="name" content="Ada Lovelace"><meta http-equiv="refresh" itemprop="description" '
            'content="5">'
            '<p>See <svg width="9"><a href="/" xlink:title="Go home"><rect/></a></svg> the '
            '<math alttext="x squared"><msup><mi>x</mi><mn>2</mn></msup></math> term</p>'
            '<table><tr><td abbr="Temp.">Temperature</td></tr></table>')
    units = parse_document(html).units
    assert [(u.msgid, u.notes[0]) for u in units if u.attribute] == [
        ("Photo Booth", '<meta name="application-name" content> (the web application\'s name, as browsers and app '
                        "lists show it)"),
        ("Booth", '<meta name="apple-mobile-web-app-title" content> (the name under the page\'s home-screen icon: '
                  "keep it short)"),
        ("Est. reading time", '<meta name="twitter:label1" content>'),
        ("3 minutes", '<meta name="twitter:data1" content> (the value shown beside twitter:label1: a name or an '
                      "amount stays as written)"),
        ("A camera app", '<meta itemprop="description" content>'),
        ("Go home", "<a xlink:title>"), ("x squared", "<math alttext>"), ("Temp.", "<td abbr>")]
    # the icon with a tooltip is no longer one placeholder of the sentence: its link's title is translated
    assert [u.msgid for u in units if not u.attribute] == ["See", "the <math/> term", "Temperature"]


def test_a_unit_of_code_alone_is_notation_and_keys_or_output_alone_keep_their_element():
    """`<td><code>--verbose</code></td>` was the msgid "--verbose", with nothing saying it is code, and machine
    translation rewrote it (it sends a `<code>` as one token only inside a sentence).  Code alone is notation, as in a
    listing; keys and a program's output alone are entries with their element (an engine gets one token) and a
    note, since keyboards and programs speak the target's language (German keyboards say "Strg")."""
    html = ('<table><tr><td><code>--verbose</code></td><td><a href="#g"><code>get()</code></a></td>'
            '<td><code>true</code> or <code>false</code></td><td><code>-v</code>, <code>-q</code></td>'
            '<td><kbd>Ctrl</kbd>+<kbd>C</kbd></td><td translate="yes"><code>yes</code></td></tr></table>'
            '<p><samp>Segmentation fault</samp></p><h2><code>Response</code> objects</h2>')
    units = parse_document(html).units
    assert [u.msgid for u in units] == [
        "<code1>true</code1> or <code2>false</code2>", "<kbd1>Ctrl</kbd1>+<kbd2>C</kbd2>", "yes",
        "<samp>Segmentation fault</samp>", "<code>Response</code> objects"]
    assert units[1].notes == ["<kbd>: keyboard input: a key as the target language's keyboards label it (German Strg "
                              "for Ctrl), what to type as written"]
    assert units[3].notes == ["<samp>: a program's output: as the program shows it in the target language, else as "
                              "written"]
    assert units[0].notes == units[4].notes == []
    assert mask(units[1].msgid).text == "[X1X]+[X2X]" and mask(units[3].msgid).text == "[X1X]"
    assert render_translation(units[1], "<kbd1>Strg</kbd1>+<kbd2>C</kbd2>") == "<kbd>Strg</kbd>+<kbd>C</kbd>"
    # a code an author annotated for translators (an ITS note, allowed characters) is meant to be translated
    annotated = parse_document('<ul><li><code its-loc-note="the field label the app shows">User name</code></li>'
                               '<li><code its-allowed-characters="[a-z_]">user_name</code></li></ul>').units
    assert [u.msgid for u in annotated] == ["User name", "user_name"]


def test_never_extracted_script_style_comments_option_values():
    html = """<script>var s = "<p>Not me</p>";</script><style>p:after{content:"Nor me"}</style>
    <script type="application/json">{"headline": "A data island, not JSON-LD"}</script>
    <!-- a comment with words --><select><option value="secret value">Shown</option></select>
    <p>Kept</p>"""
    assert msgids(html) == ["Shown", "Kept"]


def test_units_without_letters_are_skipped():
    assert msgids("<p>123</p><p>&nbsp;</p><td>2007 - 2008</td><p>&#160;!</p><p>Yes</p>") == ["Yes"]


def test_numerals_are_no_letters():
    """A rating, a power or a circled number is no text (Python's \\w counts `½ ² ① Ⅻ` with letters, so they were
    units while `★★★★☆` was not); a sentence with them is, and so is a CJK numeral, which is a letter."""
    html = ('<p>★★★★½</p><td>10²</td><li>①</li><h2>Ⅻ</h2><p>&frac12;</p><img alt="★★★★½" src="r.png">'
            '<p>½ cup of sugar</p><td>三</td><p>10² m</p><img alt="① Start" src="s.png">')
    assert msgids(html) == ["½ cup of sugar", "三", "10² m", "① Start"]
    assert msgids("<p>Rated <svg><title>½</title></svg> by readers</p>") == ["Rated <svg/> by readers"]


def test_looking_for_letters_past_numerals_stays_fast():
    import time

    from toolkit.html.letters import has_letter

    for text, expected in (("½ " * 500_000, False), ("½ " * 500_000 + "x", True), ("Ⅻ" * 1_000_000 + "五", True)):
        started = time.process_time()
        assert has_letter(text) is expected
        assert time.process_time() - started < 1.0


def test_translate_no_is_inherited_and_yes_re_enables():
    html = """<div translate="no"><p>Brand name</p><p translate="yes">Please translate</p>
    <ul><li>Also kept</li></ul></div><p>Translated</p>"""
    assert msgids(html) == ["Please translate", "Translated"]


def test_translate_no_attributes_are_not_extracted():
    assert msgids('<img translate="no" alt="Logo"><img alt="Picture">') == ["Picture"]


def test_inline_translate_no_becomes_a_protected_placeholder():
    u = parse_document('<p>Welcome to <span translate="no">ESA</span> today</p>').units[0]
    assert u.msgid == "Welcome to <span/> today"
    assert any('"ESA"' in note for note in u.notes)
    assert render_translation(u, "<span/> 환영합니다") == '<span translate="no">ESA</span> 환영합니다'


def test_class_notranslate_is_translate_no_and_a_translate_attribute_decides_over_it():
    """The class Google's and browsers' page translation honour: brand names, code."""
    html = ('<p>Call <span class="brand notranslate">ESA Launcher</span> now</p>'
            '<div class=NoTranslate><p>Code here</p><p translate=yes>But this</p></div>'
            '<p class="notranslate" translate="yes">Translate me</p><img class="notranslate" alt="Logo">'
            '<p class="notranslated">Kept text</p>')
    assert msgids(html) == ["Call <span/> now", "But this", "Translate me", "Kept text"]
    u = parse_document(html).units[0]
    assert render_translation(u, "<span/>에 전화하세요") == '<span class="brand notranslate">ESA Launcher</span>에 전화하세요'


def test_a_sphinx_api_signature_is_code():
    """Sphinx writes a function's signature in spans, not <code>: "frob.run(size=False)" was a message with 28
    placeholders, and the build published the translated identifiers.  Its description stays prose."""
    html = ('<dl class="py function"><dt class="sig sig-object py" id="frob.run"><span class="sig-prename descclassname">'
            '<span class="pre">frob.</span></span><span class="sig-name descname"><span class="pre">run</span></span>'
            '<span class="sig-paren">(</span><em class="sig-param"><span class="n"><span class="pre">size</span></span>'
            '<span class="o"><span class="pre">=</span></span><span class="default_value"><span class="pre">False</span>'
            '</span></em><span class="sig-paren">)</span></dt><dd><p>Run the frobnicator once.</p></dd></dl>'
            '<dl class="std option"><dt class="sig sig-object std" id="cmdoption-v"><span class="sig-name descname">'
            '<span class="pre">-v</span></span><span class="sig-prename descclassname"></span><span class="sig-prename '
            'descclassname"><span class="pre">,</span> </span><span class="sig-name descname"><span class="pre">--verbose'
            '</span></span></dt><dd><p>Say more.</p></dd></dl>')
    assert msgids(html) == ["Run the frobnicator once.", "Say more."]


def test_an_icon_font_ligature_is_not_text():
    """Material Icons draw the icon named by the element's text: "delete", translated, shows the word, not the bin."""
    html = ('<p>Tap <span class="material-icons" aria-hidden="true">favorite</span> to save.</p>'
            '<button><span class="material-symbols-outlined">delete</span><span class="sr-only">Delete booking</span>'
            '</button><i class="material-icons-round">home</i>')
    assert msgids(html) == ["Tap <span/> to save.", "<span1/><span2>Delete booking</span2>"]
    u = parse_document(html).units[0]
    assert render_translation(u, "<span/>을 눌러 저장") == '<span class="material-icons" aria-hidden="true">favorite</span>을 눌러 저장'


def test_text_for_screen_readers_only_is_noted_for_translators():
    """An icon button's visually hidden name, or the end of a link's ("Read more<span> about the launch</span>"): a
    translator reordering the sentence could not tell that the placeholder's text is all a screen reader hears."""
    html = ('<button><span class="material-icons">delete</span><span class="sr-only">Delete booking</span></button>'
            '<p><a href="x.html">Read more<span class="Visually-Hidden"> about the launch</span></a> today.</p>')
    notes = {u.msgid: u.notes for u in parse_document(html).units}
    assert notes["<span1/><span2>Delete booking</span2>"] == [
        '<span1/> is "delete", not to be translated', "<span2>: read by screen readers only (visually hidden)"]
    assert notes["<a>Read more<span> about the launch</span></a> today."] == [
        "<span>: read by screen readers only (visually hidden)"]


def test_aria_text_for_screen_readers_and_braille_is_extracted():
    """WAI-ARIA's strings a sighted review never meets: a placeholder, a value's text, a role's description, braille
    labels; an icon `<svg aria-hidden="true">` in a sentence stays one placeholder."""
    html = ('<div role="textbox" aria-placeholder="Write a message"></div>'
            '<div role="slider" aria-valuenow="3" aria-valuetext="3 launches per month"></div>'
            '<section aria-roledescription="carousel" aria-braillelabel="Missions" '
            'aria-brailleroledescription="crsl"></section>'
            '<p>An icon <svg aria-hidden="true"><path d="M0 0"/></svg> inside.</p>')
    assert msgids(html) == ["Write a message", "3 launches per month", "carousel", "Missions", "crsl",
                            "An icon <svg/> inside."]


def test_inline_translate_yes_inside_translate_no_block():
    assert msgids('<p translate="no">Code <span translate="yes">explained here</span> end</p>') == [
        "explained here"]


def test_its_loc_note_and_context():
    u = unit('<p its-loc-note="Rocket name, keep short" data-l10n-context="nav">Soyuz</p>', "Soyuz")
    assert u.notes == ["Rocket name, keep short"]
    assert u.context == "nav"


def test_notes_and_context_are_inherited():
    u = unit('<div its-loc-note="Footer" data-l10n-context="footer"><p>Contact</p></div>', "Contact")
    assert u.notes == ["Footer"] and u.context == "footer"


def test_its_locale_filter():
    u = unit('<p its-locale-filter-list="ko, ja">Only Korean and Japanese</p>', "Only Korean and Japanese")
    assert u.for_locale("ko") and u.for_locale("ja") and not u.for_locale("zh_CN")
    u = unit('<p its-locale-filter-list="zh" its-locale-filter-type="exclude">No Chinese</p>', "No Chinese")
    assert u.for_locale("ko") and not u.for_locale("zh_TW") and not u.for_locale("zh_CN")


def test_whitespace_collapses_and_edges_stay_outside_the_span():
    html = "<p>\n   Hello \n\t  world  \n</p>"
    u = parse_document(html).units[0]
    assert u.msgid == "Hello world"
    assert html[u.start:u.end] == "Hello \n\t  world"


@pytest.mark.parametrize(("html", "msgid"), [
    ("<p>その後、\n多くの衛星</p>", "その後、多くの衛星"),  # Japanese: no spaces between words
    ("<p>其后，\r\n  许多卫星</p>", "其后，许多卫星"),  # Chinese, CR LF and indentation with it
    ("<p>その後、\n多くの<b>衛星</b>\n<i>が</i></p>", "その後、多くの<b>衛星</b><i>が</i>"),  # across tags
    ("<p>これは\n<b>宇宙</b>\n&lt;b>の話</p>", "これは<b>宇宙</b> &lt;b>の話"),  # literal text is no tag
    ("<p>地図\n<img src=m.png>\n東京</p>", "地図 <img/> 東京"),  # an image is no wide character
    ("<p>그 후\n많은 위성</p>", "그 후 많은 위성"),  # Korean spaces its words: Hangul keeps the space
    ("<p>ｶﾀｶﾅ\nｶﾀｶﾅ</p>", "ｶﾀｶﾅｶﾀｶﾅ"),  # half-width forms are East Asian too
    ("<p>Apollo\n計画</p>", "Apollo 計画"),  # one side Latin
    ("<p>その後、 多くの衛星</p>", "その後、 多くの衛星"),  # a space typed, no line break: kept
    ('<p><img alt="その後、\n多くの衛星" src=x.png></p>', "その後、多くの衛星"),
])
def test_a_line_break_between_wide_characters_is_no_space(html, msgid):
    """CSS Text 3 (as Chromium and Firefox apply it) shows a line break between two East Asian wide characters, not
    Hangul, as nothing: the msgid is the text as shown, and a source page's layout never reaches translators or
    engines as a space."""
    assert msgids(html) == [msgid]


def test_a_line_break_in_preformatted_wide_text_stays():
    assert msgids("<pre>その後、\n多くの衛星</pre>") == ["その後、\n多くの衛星"]


# --- ruby (furigana): a reading aid for the source's script ----------------------------------------------------


@pytest.mark.parametrize(("html", "msgid", "notes"), [
    ("<p>これは<ruby>宇宙<rt>うちゅう</rt></ruby>の話です。</p>", "これは宇宙の話です。", ["ruby: 宇宙 (うちゅう)"]),
    ("<p>これは<ruby>宇宙<rp>(</rp><rt>うちゅう</rt><rp>)</rp></ruby>の話です。</p>", "これは宇宙の話です。",
     ["ruby: 宇宙 (うちゅう)"]),  # rp: the parentheses shown where ruby is not supported
    ("<p><ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>を<b>読む</b></p>", "漢字を<b>読む</b>",
     ["ruby: 漢 (かん)", "ruby: 字 (じ)"]),
    ("<p><ruby><rb>漢</rb><rb>字</rb><rp>(</rp><rtc><rt>かん</rt><rt>じ</rt></rtc><rp>)</rp></ruby>を読む</p>",
     "漢字を読む", ["ruby: 漢字 (かんじ)"]),
    ("<h1><ruby>東京<rt>とうきょう</rt></ruby></h1>", "東京", ["ruby: 東京 (とうきょう)"]),  # the whole heading
    ("<p><ruby>宇宙\n<rt>うちゅう</rt>\n</ruby>\nの話</p>", "宇宙の話", ["ruby: 宇宙 (うちゅう)"]),
])
def test_ruby_annotations_are_a_note_and_not_the_msgid(html, msgid, notes):
    """Furigana reads the source's script: the msgid is the sentence alone (no placeholders a translation would have
    to keep: "This is a story about space." is a whole translation), and translators see the reading in a note."""
    u = parse_document(html).units[0]
    assert (u.msgid, u.notes) == (msgid, notes)
    assert not any(name.startswith(("ruby", "rb", "rt", "rp")) for name in u.placeholders)
    assert msgids(html) == [msgid]


def test_a_translation_replaces_the_ruby_and_no_ruby_comes_from_a_catalogue():
    html = "<p>これは<ruby>宇宙<rp>(</rp><rt>うちゅう<!-- c --></rt><rp>)</rp></ruby>の話です。</p>"
    u = parse_document(html).units[0]
    assert html[u.start:u.end] == "これは<ruby>宇宙<rp>(</rp><rt>うちゅう<!-- c --></rt><rp>)</rp></ruby>の話です。"
    assert render_translation(u, "This is a story about space.") == "This is a story about space.<!-- c -->"
    assert render_translation(u, "<ruby>漢字<rt>かんじ</rt></ruby>") == \
        "&lt;ruby&gt;漢字&lt;rt&gt;かんじ&lt;/rt&gt;&lt;/ruby&gt;<!-- c -->"  # text, as before


@pytest.mark.parametrize(("html", "msgid"), [
    # markup in an annotation would be lost: the ruby stays placeholders, as any inline element
    ("<p><ruby>漢<rt><b>かん</b></rt></ruby>を読む</p>", "<ruby>漢<rt><b>かん</b></rt></ruby>を読む"),
    # translate="no": kept as written, one placeholder
    ('<p><ruby translate="no">漢<rt>かん</rt></ruby>を読む</p>', "<ruby/>を読む"),
])
def test_a_ruby_whose_annotation_is_not_text_alone_stays_placeholders(html, msgid):
    assert msgids(html) == [msgid]


def test_pre_keeps_whitespace():
    assert msgids("<pre>  a  b\n   c</pre>") == ["a  b\n   c"]


def test_nbsp_stays_no_break_space_inside_but_pads_are_trimmed():
    assert msgids("<td>&nbsp;&nbsp;Launch&nbsp;dates&nbsp;</td>") == ["Launch\u00a0dates"]


@pytest.mark.parametrize("pad", ["&nbsp;", "&nbsp", "&#160;", "&#xA0;", "\u00a0", " "])
def test_a_trailing_pad_is_trimmed_with_or_without_markup_in_the_unit(pad):
    assert msgids(f"<p>Hello world {pad}</p>") == ["Hello world"]
    assert msgids(f"<p>Hello <b>world</b> {pad}</p>") == ["Hello <b>world</b>"]


@pytest.mark.parametrize("pad", ["&#847;&zwnj;&nbsp;", "&#8199;&#65279;&#847; ", "&shy;&#173;&#x34F;&#X200C;",
                                 "\u200c\u00a0\u034f", "&ZeroWidthSpace;&NoBreak;&numsp;"])
def test_an_e_mail_preheader_s_invisible_filler_stays_out_of_the_msgid(pad):
    """A preheader's text is followed by invisible characters, so that mail clients preview none of the body after
    it: dozens of them were the msgid's end, for translators to copy.  Inside a unit they stay (a Persian ZWNJ)."""
    html = f'<div style="display:none">Your June newsletter is here{pad * 30}</div><p>{pad}Hi <b>you</b>{pad}</p>'
    doc = parse_document(html)
    assert [u.msgid for u in doc.units] == ["Your June newsletter is here", "Hi <b>you</b>"]
    assert html[doc.units[0].end:].startswith(pad * 30)  # (left in the page, after the translation)
    assert msgids("<p>می\u200cخواهم  Super\u00adcalifragilistic</p>") == ["می\u200cخواهم Super\u00adcalifragilistic"]


def test_entities_are_plain_text_in_msgids():
    assert msgids("<p>R&amp;D &lt;b&gt; &copy; 2007 &#54620;&#44397;</p>") == ["R&D <b> © 2007 한국"]


def test_numeric_references_count_as_letters():
    assert msgids("<p>&#54620;&#44397;</p>") == ["한국"]


def test_lone_less_than_is_text():
    assert msgids("<p>3 < 5 and 7 <= 9</p>") == ["3 < 5 and 7 <= 9"]


def test_uppercase_tags_and_unquoted_attributes():
    assert msgids("<P ALIGN=center><A HREF=/x TITLE='Go'>Link</A> text</P>") == ["<a>Link</a> text", "Go"]


def test_line_numbers():
    doc = parse_document("<p>one</p>\n\n<p>two\n</p>\r\n<img\n alt='three'>")
    assert [(u.msgid, u.line) for u in doc.units] == [("one", 1), ("two", 3), ("three", 6)]


def test_a_page_whose_lines_end_with_a_carriage_return_alone_has_its_line_numbers():
    """A classic Mac OS page ends its lines with CR: every unit's location was line 1."""
    doc = parse_document("<p>one</p>\r\r<p>two\r</p>\r\n<img\n alt='three'>")
    assert [(u.msgid, u.line) for u in doc.units] == [("one", 1), ("two", 3), ("three", 6)]


def test_unterminated_tag_at_eof_is_fast_and_safe():
    html = "<p>Text</p><div " + 'a="1" ' * 5000
    assert msgids(html) == ["Text"]


def test_misnested_inline_markup_stays_balanced():
    [u] = parse_document("<p><b><i>x</b> y</p>").units
    assert u.msgid == "<b><i>x</i></b> y"


def test_whole_flag_for_fallback_lang():
    doc = parse_document("<div>Intro <p>Para</p></div><li>item")
    flags = {u.msgid: u.whole for u in doc.units}
    assert flags == {"Intro": False, "Para": True, "item": True}


def test_render_escapes_everything_but_placeholders():
    u = unit('<p>Go <a href="/x">there</a></p>', "Go <a>there</a>")
    out = render_translation(u, '<a>거기</a> <script>alert(1)</script> & <b>')
    assert out == '<a href="/x">거기</a> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;'


def test_literal_placeholder_shaped_text_next_to_real_markup_is_escaped_and_round_trips():
    page = "<pre>Write &lt;b&gt;bold&lt;/b&gt; to get <b>bold</b></pre>"
    [u] = parse_document(page).units
    assert u.msgid == "Write &lt;b>bold&lt;/b> to get <b>bold</b>"
    assert page[:u.start] + render_translation(u, u.msgid) + page[u.end:] == page  # no second real <b>
    assert placeholders.names_in(u.msgid) == {"b"} and not placeholders.problems(u.msgid, u.msgid)
    # a literal "&lt;" next to a placeholder is written "&amp;lt;" so that it stays itself
    [u] = parse_document("<p>Type &amp;lt; for &lt; in <code>HTML</code></p>").units
    assert u.msgid == "Type &amp;lt; for < in <code>HTML</code>"
    assert render_translation(u, u.msgid) == "Type &amp;lt; for &lt; in <code>HTML</code>"


def test_literal_tag_with_a_placeholders_name_is_translatable():
    [u] = parse_document('<p>Escape &lt;a&gt; like <a href="/x">this</a></p>').units
    assert u.msgid == "Escape &lt;a> like <a>this</a>"
    assert render_translation(u, "<a>Ceci</a> échappe &lt;a>") == '<a href="/x">Ceci</a> échappe &lt;a&gt;'
    assert not placeholders.problems(u.msgid, "<a>Ceci</a> échappe &lt;a>")


def test_render_rejects_missing_or_unbalanced_placeholders():
    u = unit('<p>Go <a href="/x">there</a> now</p>', "Go <a>there</a> now")
    assert render_translation(u, "거기") is None
    assert render_translation(u, "</a>거기<a>") is None
    assert render_translation(u, "<a>거기</a><a>또</a>") is None


def test_render_attribute_values_are_quoted_and_escaped():
    u = unit("<img alt=Picture>", "Picture")
    assert render_translation(u, 'a "quoted" <b> & c') == '"a &quot;quoted&quot; &lt;b&gt; &amp; c"'


def test_comments_inside_a_unit_survive_translation():
    u = unit("<p>Available on <a href='/c'>crates.io</a><!-- ignore --> if needed.</p>",
             "Available on <a>crates.io</a> if needed.")
    assert render_translation(u, "필요하면 <a>crates.io</a>에서.") == "필요하면 <a href='/c'>crates.io</a>에서.<!-- ignore -->"


def test_spacer_padding_does_not_stop_a_unit_being_its_elements_whole_content():
    [u] = parse_document("<table><tr><td>&nbsp;&nbsp;<a href='/x'>ESA Home</a>&nbsp;</td></tr></table>").units
    assert u.msgid == "ESA Home" and u.whole  # so an untranslated cell gets lang on the <td>


# --- edge cases found by comparing with another extractor's behaviour ---------------------------

def test_translate_switch_inside_a_sentence_keeps_the_text_around_it():
    # the switched-off words stay out; the words before and after are still text for translators
    html = "<p>Run the <!-- translate:off -->l10n build<!-- translate:on --> command first.</p>"
    assert msgids(html) == ["Run the", "command first."]
    assert msgids("<p>Keep this <!-- translate:off -->but not the rest") == ["Keep this"]


def test_end_tag_of_an_inline_element_around_a_block_ends_the_unit():
    # </b> closes an element opened before the nested block: the text on either side of it are
    # two units, so the end tag is never inside (and lost with) a translated span
    assert msgids("<div><b>Bold <div>Inner</div> tail</b> end</div>") == ["Bold", "Inner", "tail", "end"]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_preserved_whitespace_has_lf_newlines_whatever_the_file_uses(newline):
    # HTML reads CR LF and a lone CR as LF: the same code sample gives the same msgid in every file
    assert msgids(f"<pre>first line{newline}  second line</pre>") == ["first line\n  second line"]
    assert msgids(f"<textarea>Dear team,{newline}thanks</textarea>") == ["Dear team,\nthanks"]


def test_an_icon_or_a_formula_inside_a_sentence_is_one_placeholder():
    # the sentence is not cut in two around inline SVG/MathML
    assert msgids('<p>Click <svg viewBox="0 0 9 9"><use href="#gear"/></svg> to open the settings.</p>') == [
        "Click <svg/> to open the settings."]
    assert msgids("<p>The area is <math><mi>x</mi><mo>=</mo><mn>2</mn></math> square metres.</p>") == [
        "The area is <math/> square metres."]
    assert msgids("<p>A dot <svg/> here.</p>") == ["A dot <svg/> here."]


def test_svg_with_text_of_its_own_or_outside_a_sentence_keeps_the_normal_rules():
    # a <title> in the SVG is text to translate; an icon before any text is not part of a sentence
    assert msgids("<p>Press <svg><title>Gear</title></svg> to save.</p>") == ["Press", "Gear", "to save."]
    assert msgids('<button><svg><path d="M0"/></svg> Save changes</button>') == ["Save changes"]
    # HTML inside the SVG breaks out of it (as in a browser): no placeholder hides it
    assert "Inside text" in msgids("<p>Before <svg><p>Inside text</p></svg> after</p>")


def test_css_and_script_inside_svg_are_never_text():
    """An exported icon's ``<style>.cls-1{fill:#fff}</style>`` is CSS, though inside SVG the parser reads it as
    markup: it was a message, and a translated (or pseudo-translated) catalogue garbled the page's styles."""
    html = ('<div><svg><style>.cls-1{fill:#fff}</style><script>alert("Hello there")</script><style/>'
            '<text>Chart label</text></svg></div><math><style>a b</style><mn>2</mn></math>')
    assert msgids(html) == ["Chart label"]
    assert msgids("<p>Hello <svg><text>Big <style>.a{}</style> sales</text></svg></p>") == [
        "Hello", "Big <style/> sales"]


def test_svg_with_a_translatable_attribute_inside_keeps_it_an_entry():
    html = '<p>See <svg><g aria-label="Sales chart"><rect/></g></svg> below.</p>'
    assert "Sales chart" in msgids(html)


def test_an_inline_element_left_open_where_a_start_tag_cuts_the_unit_stays_out_of_it():
    """<a> left open when <svg> cuts the sentence goes on after the unit (its </a> comes later): the unit
    must not write an end tag for it, so it ends before the start tag. Closed by the unit's own end
    (</p> closing <b>), the element stays in the msgid, closed there."""
    import html5lib
    from test_build_fuzz import LAYOUT, build_page, markup_census, page_messages

    soup = "Hello world<a href=x title='Link title'></span><svg></a><a href=x title='Link title'>"
    assert msgids(soup) == ["Hello world", "Link title", "Link title"]
    doc = parse_document(soup, "utf-8")
    translations = {(ctx, msgid): "번역 " + msgid for ctx, msgid, _line, _notes in page_messages(doc)}
    built = build_page(doc, "soup.html", "ko", translations, LAYOUT).html
    source, now = markup_census(soup)[0], markup_census(built)[0]
    assert not source - now and set(now - source) <= {"link", "meta"}  # the charset and alternates, nothing else
    assert "번역 Hello world" in built
    html5lib.parse(built)  # parses
    assert msgids("<p>Hello <b>world</p>") == ["Hello <b>world</b>"]
    # a block inside an inline element: no </span> written before the <div>, which stays inside it
    assert msgids("<div>Hello <span>world<div>inside</div> more</span> end</div>")[:2] == ["Hello", "world"]


def test_deeply_nested_wrappers_with_empty_elements_at_the_edge_are_trimmed_in_linear_time():
    """Each unwrapped wrapper looked through the whole element for text: 20,000 wrappers took about 15 s."""
    import time

    n = 20_000
    html = "<p>" + "<b>" * n + "Text" + "<i></i>" * 20 + "</b>" * n + "<a id=end></a></p>"
    started = time.process_time()
    assert msgids(html) == ["Text"]
    assert time.process_time() - started < 3  # about 0.15 s


@pytest.mark.parametrize("soup, size", [
    ("<b></p>", 200_000),  # stray end tags under thousands of open elements: each looked through all of them
    ("<math>\n\u00ff<ruby>", 120_000),  # unclosed <math>: each looked for its end in the rest of the page
    ("<math>--></svg>", 240_000),  # foreign end tags under thousands of foreign elements
    ("some words of text <!---->", 4_000_000),  # text between comments in a sentence: one copy of it per comment
    ("<b>x<table><td>y</table>", 800_000),  # each table's end looked for the innermost block through every <b>
    ("字<b>字</b>\n<i>字</i> \n", 200_000),
    ("<ruby>字<rt>じ<rtc>", 200_000),  # annotations inside annotations: each looked through a bounded reach  # line breaks between wide characters across tags: one look each
])
def test_hostile_nesting_is_segmented_in_linear_time(soup, size):
    """Each of these took 10-20 s (quadratic); linear now: 0.3-2.3 s of CPU by case and machine (the table soup makes
    66,000 units), so the bound is the quadratic cost's half, not a time a loaded machine misses."""
    import time

    html = soup * (size // len(soup))
    started = time.process_time()
    parse_document(html)
    assert time.process_time() - started < 6


# --- elements browsers lay out inline because they do not know them --------------------------------------------


@pytest.mark.parametrize(("html", "expected"), [
    # custom elements (a hyphen in the name): a web component inside a sentence
    ('<p>Last updated <relative-time datetime="2024-05-01">May 1, 2024</relative-time> by the docs team.</p>',
     ["Last updated <relative-time>May 1, 2024</relative-time> by the docs team."]),
    ("<p>Press <my-key>Enter</my-key> or <my-key>Tab</my-key>.</p>", ["Press <my-key1>Enter</my-key1> or <my-key2>Tab</my-key2>."]),
    # Word's prefixed elements (smart tags, <o:p>)
    ('<p class=MsoNormal>Launch from <st1:place w:st="on">Kourou</st1:place> in 2011.<o:p></o:p></p>',
     ["Launch from <st1:place>Kourou</st1:place> in 2011."]),
    # phrasing elements of HTML that were block boundaries
    ("<p>You have used <meter value=0.6>60%</meter> of your quota.</p>",
     ["You have used <meter>60%</meter> of your quota."]),
    ("<p>Uploading: <progress value=3 max=10>30%</progress> done.</p>", ["Uploading: <progress>30%</progress> done."]),
    ("<p>The total is <output>42</output> euros.</p>", ["The total is <output>42</output> euros."]),
    # a custom element holding blocks is no sentence: its blocks stay units of their own
    ('<my-card heading="Hi"><p>Card text here.</p><p>More text.</p></my-card>', ["Card text here.", "More text."]),
])
def test_unknown_and_custom_elements_stay_inside_the_sentence(html, expected):
    """Browsers lay out an element they do not know inline: it was a block boundary, so "Last updated", "May 1,
    2024" and "by the docs team." were three entries no translator could reorder."""
    assert [m for m in msgids(html) if m != "Hi"] == expected


def test_svg_element_names_with_a_hyphen_are_no_custom_elements():
    assert msgids("<svg><font-face><text>Chart</text></font-face><text>Axis</text></svg>") == ["Chart", "Axis"]


_PRICE_CARD = ('<template id="price-card-tpl"><h3><slot name="plan">Plan</slot></h3><p>Billed yearly. '
               '<slot name="price">Free</slot></p></template>\n')


@pytest.mark.parametrize(("body", "expected"), [
    # a component's slotted children: each shown where its slot is, in another block of the shadow tree
    ('<price-card><span slot="plan">Team</span><span slot="price">$8 per user</span></price-card>',
     ["Team", "$8 per user"]),
    ('<price-card>\n  <b slot="price" class="x">$8 each</b>\n  <a href="t.html" slot="plan">Team</a>\n</price-card>',
     ["$8 each", "Team"]),  # any order, any inline element, the attribute anywhere in the tag
    ("<price-card><SPAN SLOT=plan>Team <em>plus</em></SPAN><my-badge slot=badge>New</my-badge></price-card>",
     ["Team <em>plus</em>", "New"]),
    # the host's own text (its default slot) stays a unit, the slotted child a placeholder of it
    ('<p>Now <price-card><span slot="price">$8 each</span> a seat</price-card> for teams.</p>',
     ["Now <price-card><span/> a seat</price-card> for teams.", "$8 each"]),
    # an element with a declarative shadow root is a host too, for the children after its template
    ('<div><template shadowrootmode="open"><p><slot name="a"></slot></p><slot name="b"></slot></template>'
     '<span slot="a">First</span><span slot="b">second</span></div>', ["First", "second"]),
    # not slotted: a slot attribute on a child of an element that is no host, a grandchild, an empty slot name
    ('<p>A <span slot="x">plain</span> sentence.</p>', ["A <span>plain</span> sentence."]),
    ('<price-card><i>Only <span slot="x">one</span> sentence</i></price-card>',
     ["Only <span>one</span> sentence"]),
    ('<price-card><span slot="">Default</span> slot</price-card>', ["<span>Default</span> slot"]),
    ('<div><template><slot name="a"></slot></template><span slot="a">Not</span> a host</div>',
     ["<span>Not</span> a host"]),
    # an ITS withinText on the child decides over it
    ('<price-card><span slot="a" its-within-text="yes">Team</span> <span slot="b">$8 each</span></price-card>',
     ["<span1>Team</span1> <span2/>", "$8 each"]),
])
def test_a_slotted_child_of_a_shadow_host_is_a_unit_of_its_own(body, expected):
    """A shadow root shows each `slot="…"` child where its slot is, possibly in another block, and none of the host's
    own text outside them unless it has a default slot: the children were one message (`<span1>Team</span1>
    <span2>$8 per user</span2>`), and text a translator wrote between them was never shown."""
    assert msgids(_PRICE_CARD + body)[len(msgids(_PRICE_CARD)):] == expected


def test_a_slots_fallback_text_stays_inside_its_sentence():
    """A shadow template's `<slot>` with fallback text is phrasing content: "Billed yearly.", "Free" and ", welcome
    back!" were units of their own, no sentence a translator could reorder."""
    assert msgids(_PRICE_CARD) == ["Plan", "Billed yearly. <slot>Free</slot>"]
    assert msgids('<template><p>Hello <slot name="user">friend</slot>, welcome back!</p></template>') == [
        "Hello <slot>friend</slot>, welcome back!"]
    assert msgids('<p>Hi <slot name="a"></slot> there, and welcome.</p>') == ["Hi <slot></slot> there, and welcome."]


def test_slotted_children_on_hostile_pages_stay_linear():
    """Slotted children a thousand deep in one sentence (each a unit built inside the one around it), and thousands of
    hosts with a declarative shadow root."""
    import time

    n = 3000
    deep = "<p>" + "w <x-a><span slot=a>word " * n + "</span></x-a>" * n + "</p>"
    hosts = "<div>" + "<div><template shadowrootmode=open></template><span slot=a>x y</span> " * n + "</div>"
    started = time.process_time()
    assert len(msgids(deep)) == 17 and len(msgids(hosts)) == n
    assert time.process_time() - started < 3


def test_slotted_children_build_each_translation_into_its_own_element():
    from test_build_fuzz import LAYOUT, build_page

    html = _PRICE_CARD + '<price-card><span slot="plan">Team</span><span slot="price">$8 per user</span></price-card>'
    doc = parse_document(html)
    built = build_page(doc, "p.html", "ko", {(None, "Team"): "팀", (None, "$8 per user"): "사용자당 $8"}, LAYOUT).html
    # (each says its language, as a withinText="nested" unit does: a sentence around it may stay in the source's)
    assert '<price-card><span lang="ko" slot="plan">팀</span><span lang="ko" slot="price">사용자당 $8</span>' \
           "</price-card>" in built


# --- <noscript>: raw text to the tokeniser, a page's text to a browser without scripts ------------------------


def test_noscript_content_is_extracted_as_markup_with_the_page_s_lines():
    """A single-page app's "You need to enable JavaScript" and a lazy-loading fallback's alt text are shown by a
    browser without scripts and read by search engines: they were left in English in every built page."""
    html = ("<html><head><title>T</title></head><body>\n"
            "<noscript>You need to enable JavaScript to run this app.</noscript>\n"
            '<noscript><p>Enable <a href="help.html" title="Help page">scripts</a> please.</p>\n'
            '<img src="a.png" alt="A rocket on the pad"></noscript></body></html>')
    doc = parse_document(html)
    assert [(u.msgid, u.line) for u in doc.units] == [
        ("T", 1), ("You need to enable JavaScript to run this app.", 2), ("Enable <a>scripts</a> please.", 3),
        ("Help page", 3), ("A rocket on the pad", 4)]
    for u in doc.units:  # spans, owners and placeholders are offsets into the page
        if u.attribute is None:
            assert html[u.start:u.end] in (u.msgid, 'Enable <a href="help.html" title="Help page">scripts</a> please.')
    sentence = unit(html, "Enable <a>scripts</a> please.")
    assert html[sentence.placeholders["a"].start:].startswith('<a href="help.html"')
    assert sentence.owner_tag is not None and html[slice(*sentence.owner_tag)] == "<p>"
    assert not any(u.nested for u in doc.units)


def test_noscript_inherits_translate_and_inside_a_sentence_its_units_are_nested():
    html = ('<div translate="no"><noscript>Not for translators</noscript></div>'
            '<p>Photo <noscript><img src="a.png" alt="A rocket"> (scripts off)</noscript> here.</p>'
            '<noscript translate="no">Also not</noscript><noscript>   </noscript>')
    doc = parse_document(html)
    assert [(u.msgid, u.nested) for u in doc.units] == [
        ("Photo <noscript/> here.", False), ("A rocket", False), ("(scripts off)", True)]


# --- downlevel-hidden conditional comments: a comment to browsers, markup to Outlook and old IE ---------------

OUTLOOK_BUTTON = (
    '<!--[if mso]><v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" href="https://example.com/r" '
    'style="height:40px;width:200px" arcsize="10%" fillcolor="#1a73e8"><w:anchorlock/><center style="color:#fff">'
    "Reserve your place</center></v:roundrect><![endif]-->\n"
    '<!--[if !mso]><!-- --><a href="https://example.com/r" class="btn">Reserve your place</a><!--<![endif]-->')
IE_NOTICE = ('<!--[if lt IE 9]><p class="browserupgrade">You are using an <strong>outdated</strong> browser. '
             'Please <a href="https://browsehappy.com/">upgrade your browser</a>.</p><![endif]-->')


def test_conditional_comment_content_is_extracted_as_markup_with_the_page_s_lines():
    """An e-mail's Outlook button and an IE-only notice are markup in `<!--[if …]>…<![endif]-->`: they stayed in
    English in every locale.  The downlevel-revealed form (`<!--[if !mso]><!-- -->…<!--<![endif]-->`) is the page's
    own markup between two comments, as before."""
    html = f"<html><body><table><tr><td>\n{OUTLOOK_BUTTON}\n</td></tr></table>\n{IE_NOTICE}\n</body></html>"
    doc = parse_document(html)
    assert [(u.msgid, u.line, u.nested) for u in doc.units] == [
        ("Reserve your place", 2, False), ("Reserve your place", 3, False),
        ("You are using an <strong>outdated</strong> browser. Please <a>upgrade your browser</a>.", 5, False)]
    button, revealed, notice = doc.units
    assert html[button.start:button.end] == "Reserve your place" and html[button.start - 1] == ">"
    assert html[:button.start].endswith('<center style="color:#fff">') and button.element == "center"
    assert html[revealed.start - 1:revealed.end + 4] == ">Reserve your place</a>"
    assert html[notice.placeholders["a"].start:].startswith('<a href="https://browsehappy.com/">')
    assert notice.owner_tag is not None and html[slice(*notice.owner_tag)] == '<p class="browserupgrade">'
    # the revealed form alone gives what the same markup without comments gives
    assert msgids(OUTLOOK_BUTTON.split("\n")[1]) == msgids('<a href="https://example.com/r">Reserve your place</a>')
    assert msgids('<!--[if !IE]><!--><p>Not IE</p><!--<![endif]-->') == ["Not IE"]


@pytest.mark.parametrize("comment", [
    "<!-- [if IE]>Hello world<![endif]-->",  # not "<!--[if": IE reads a plain comment
    "<!--[if IE]>Hello world-->",  # no <![endif]
    "<!--[if IE]>Hello world<![endif] and more-->",  # <![endif] does not end it
    "<!--[ifIE]>Hello world<![endif]-->",
    "<![if IE]>Hello world<![endif]>",  # the old downlevel-revealed form: bogus comments around text (a unit)
])
def test_other_comments_are_not_conditional_content(comment):
    assert msgids(f"<div>{comment}</div>") == (["Hello world"] if comment.startswith("<![") else [])


WORD_SETTINGS = ("<!--[if gte mso 9]><xml>\n<o:DocumentProperties><o:Author>Jane Doe</o:Author></o:DocumentProperties>"
                 "\n</xml><![endif]--><!--[if gte mso 9]>\n <XML><w:WordDocument><w:View>Normal</w:View><w:TrackMoves/>"
                 "</w:WordDocument></XML><![endif]-->")


def test_an_office_settings_island_is_data_not_markup():
    """E-mail templates carry Word's and Outlook's document settings in `<!--[if gte mso 9]><xml>…`: "Jane Doe" and
    "Normal" were units, and the build wrote `</w:trackmoves>`, which the source never had, into the settings."""
    assert msgids(f"<html><head>{WORD_SETTINGS}</head><body><p>Hello</p></body></html>") == ["Hello"]
    doc = parse_document(f"<html><head>{WORD_SETTINGS}</head><body>")
    assert [t.name for t in doc.tags if t.name == CONDITIONAL] == []  # no markup for the build's references either


def test_conditional_content_inherits_translate_and_inside_a_sentence_is_one_placeholder():
    """Inside a sentence the comment is kept where it is as a placeholder (its markup, to Outlook a table cell or a
    button, must not move) and its units are built into it, as a `<noscript>`'s are."""
    html = ('<div translate="no"><!--[if mso]><p>Not for translators</p><![endif]--></div>'
            '<p>Hello <!--[if IE]><b>IE</b> user<![endif]--> and welcome.</p>'
            "<!--[IF gte mso 9]>Upper case<![ENDIF]--><!--[if IE]>   <![endif]-->"
            "<noscript><!--[if IE]>Inside a noscript<![endif]--></noscript>"
            "<!--[if IE]><noscript>Inside a comment</noscript><![endif]-->")
    doc = parse_document(html)
    assert [(u.msgid, u.nested) for u in doc.units] == [
        ("Hello <comment/> and welcome.", False), ("<b>IE</b> user", True), ("Upper case", False)]
    sentence = doc.units[0]
    assert sentence.placeholders["comment"].open == "<!--[if IE]><b>IE</b> user<![endif]-->"
    # one level: conditional content is not read inside a noscript's, nor a noscript's inside it


@pytest.mark.parametrize("page", [
    '<!--[if IE]><img alt="<![endif]--><p>Hello world</p>"><![endif]--><p>After</p>',
    "<!--[if IE]><style><![endif]--><p>Hello world</p></style><![endif]--><p>After</p>",
])
def test_text_that_ie_reads_as_markup_past_a_conditional_comment_is_never_a_unit(page):
    """Where a comment ends for a browser, markup its content opened may go on for IE: nothing there is translated,
    as past a `<noscript>`'s end."""
    assert msgids(page) == ["After"]


def test_ten_thousand_conditional_comments_are_segmented_in_linear_time():
    import time

    n = 10_000
    blocks = "<div><!--[if mso]><p>Hello there</p><![endif]--></div>" * n
    markers = "<!--[if !mso]><!-- --><a>x</a><!--<![endif]-->" * n + "<!--[if IE]>Last one<![endif]-->"
    sentence = "<p>" + "Hello <!--[if IE]>Hi there<![endif]--> " * n + "end.</p>"
    started = time.process_time()
    assert msgids(blocks) == ["Hello there"] * n
    assert msgids(markers)[-1] == "Last one"
    assert len(msgids(sentence)) == n + 1
    assert time.process_time() - started < 10


def test_a_display_formula_gives_only_its_prose():
    """Wikipedia writes each formula as MathML with its TeX as an annotation: the identifiers (`sin`, `x`) and the
    TeX were entries of their own, which machine translation rewrote.  Only `<mtext>` is text; a page may still ask
    for an element's translation."""
    html = ('<dl><dd><span class="mwe-math-element"><math alttext="{\\displaystyle \\sin x=y}"><semantics><mrow>'
            '<mi>sin</mi><mo>&#x2061;</mo><mi>x</mi><mo>=</mo><mi>y</mi><mtext>for all</mtext><ms>quoted</ms>'
            '<mi mathvariant="normal">Speed</mi></mrow><annotation encoding="application/x-tex">{\\displaystyle '
            '\\sin x=y}</annotation></semantics></math></span></dd></dl>'
            '<math><mi translate="yes">velocity</mi><mtext>where v is</mtext></math>'
            '<p>The value <math><mi>x</mi></math> grows.</p>')
    assert msgids(html) == ["for all", "velocity", "where v is", "The value <math/> grows."]
    # only inside a formula: an HTML element (unknown) or an SVG one of the same name is text
    assert msgids("<p>Read the <mi>manual</mi> today.</p><div><ci>Index card</ci></div>"
                  "<svg><text><mi>Label text</mi></text></svg>") == ["Read the", "manual", "today.", "Index card",
                                                                     "Label text"]


@pytest.mark.parametrize("page", [
    '<noscript><img alt="</noscript><p>Hello world</p>"></noscript><p>After</p>',
    "<noscript><style>p{}</noscript><p>Hello world</p></style></noscript><p>After</p>",
    "<noscript><!-- </noscript><p>Hello world</p> --></noscript><p>After</p>",
    "<noscript><textarea></noscript><p>Hello world</p></textarea></noscript><p>After</p>",
])
def test_text_that_a_browser_without_scripts_reads_as_markup_inside_noscript_is_never_a_unit(page):
    """Where `<noscript>` ends for a browser running scripts, one without them may still be inside an attribute,
    a comment or a `<style>` that the noscript content opened: a translation of the text there (`{}body{display:
    none}/*`, `x" src=…`) would become CSS or an attribute to it."""
    assert msgids(page) == ["After"]


def test_noscript_content_has_its_inherited_and_local_properties():
    assert msgids('<div translate="no"><noscript><p translate="yes">Enable JS</p><p>Not this</p></noscript></div>'
                  ) == ["Enable JS"]
    doc = parse_document('<noscript id="n1">Enable scripts</noscript>', id_as_context=True)
    assert [(u.msgid, u.context) for u in doc.units] == [("Enable scripts", "n1")]
    assert msgids("<noscript>" * 2000 + "Hello") == []  # one level: a noscript inside one is raw text (a recursion)


def test_project_its_rules_reach_noscript_content(tmp_path):
    from toolkit.html.its import load_project_rules

    rules = tmp_path / "rules.xml"
    rules.write_text('<its:rules xmlns:its="http://www.w3.org/2005/11/its" xmlns:h="http://www.w3.org/1999/xhtml" '
                     'version="2.0"><its:translateRule selector="//h:pre" translate="no"/></its:rules>', "utf-8")
    doc = parse_document("<noscript><p>Run this:</p><pre>make install</pre></noscript><pre>make all</pre>",
                         its_rules=load_project_rules([rules]))
    assert [u.msgid for u in doc.units] == ["Run this:"]


def test_attribute_values_that_are_data_are_not_entries():
    """Generators put data where an attribute's text belongs: each of these was an entry for machine translation."""
    html = ('<img src="../_images/sidebar.png" alt="../_images/sidebar.png">'  # Sphinx, an image without :alt:
            '<a href="api.html#requests.Response" title="requests.Response">Response</a>'  # Sphinx cross-reference
            '<span class="Z3988" title="ctx_ver=Z39.88-2004&amp;rft_val_fmt=info%3Aofi">x</span>'  # Wikipedia's COinS
            '<span title="2024-03-02 10:00:00 +0000 UTC">March 2</span>'  # Hugo
            '<img alt="{\\displaystyle E=mc^{2}}" src="m.svg">'  # MediaWiki's formula image
            '<input placeholder="you@example.com"><img alt="rocket.png" src="rocket.png">'
            '<button aria-label="On/Off">x</button><img alt="U.S. launch" src="a.png"><abbr title="and/or">a/o</abbr>'
            '<img alt="IMG_1234"><img alt="Screenshot 2024-03-02 at 10.00.00.png"><img alt="Mt.Fuji">'
            '<img alt="No.1"><img alt="J.K.Rowling"><input placeholder="Terms=Conditions"><img alt="E=mc²">')
    assert [u.msgid for u in parse_document(html).units if u.attribute] == [
        "On/Off", "U.S. launch", "and/or", "Mt.Fuji", "No.1", "J.K.Rowling", "Terms=Conditions", "E=mc²"]


def test_an_element_whose_whole_text_is_data_is_no_unit():
    """The attributes' data filter decides for an element's whole text too: a cookie table's names, an address or a
    host alone in a cell were msgids that pseudo-localisation and machine translation mangled.  Prose around them,
    codes read as words (`NW-TRX-0427`, `A4`), a date readers read, and text an author annotated or asked for stay
    units."""
    html = ('<table><tr><td>help@passports.example.gov</td><td>https://www.example.gov/fees?x=1</td>'
            '<td>www.example.gov</td><td>_ga</td><td>cookies_policy</td><td>{"a": "b"}</td>'
            '<td><a href="mailto:help@passports.example.gov">help@passports.example.gov</a></td>'
            '<td>help&#64;example.gov</td><td><b> _gid </b></td><td>\\(a^2+b^2=c^2\\)</td></tr></table>'
            '<p>Write to help@x.org</p><p>Visit www.example.gov today</p><p>Set by _ga and cookies_policy</p>'
            '<td>NW-TRX-0427</td><td>A4</td><p>\\(x\\) is the unknown</p>'
            '<p>Released 2024-03-02, download setup.zip</p><p>Email: <a href="mailto:h@x.org">h@x.org</a></p>'
            '<td translate="yes">_gid</td><td its-loc-note="the cookie\'s name">_gat</td>'
            '<li><code its-allowed-characters="[a-z_]">user_name</code></li><p><time>2024-05-01T10:00Z</time></p>')
    assert msgids(html) == [
        "Write to help@x.org", "Visit www.example.gov today", "Set by _ga and cookies_policy", "NW-TRX-0427", "A4",
        "\\(x\\) is the unknown", "Released 2024-03-02, download setup.zip", "Email: <a>h@x.org</a>", "_gid", "_gat",
        "user_name", "2024-05-01T10:00Z"]


UNSPACED_PROSE = ["お問い合わせ：info@example.jp", "ご不明な点はsupport@example.co.jpまでご連絡ください", "../戻る",
                  "https://example.jpは当社の公式サイトです", "入力欄_必須", "请下载年度报告.pdf", "/はスラッシュです",
                  "対応OSはWindows/Mac版v1.5", "ファイル名にはアンダースコア_を使えます", "문의는help@example.kr로",
                  "ดาวน์โหลดรายงาน.pdf"]


def test_sentences_of_scripts_without_spaces_are_no_data():
    """Chinese, Japanese and Thai put no space between words (and Korean particles join the word before them), so
    whole sentences holding an address, a path or an underscore were one "word" of the data filter's and were
    dropped without a word, in text and in attributes alike."""
    html = "".join(f"<p>{text}</p><p><img src=x.png alt='{text}'></p>" for text in UNSPACED_PROSE)
    units = parse_document(html).units
    assert [u.msgid for u in units if not u.attribute] == UNSPACED_PROSE
    assert [u.msgid for u in units if u.attribute] == UNSPACED_PROSE


def test_data_values_in_attributes_and_text_alike():
    html = ('<img alt="_ga" src="a.png"><abbr title="cookies_policy">c</abbr><img alt=\'{"a": "b"}\' src="b.png">'
            '<img alt="\\(x\\) is the unknown" src="c.png">')
    assert [u.msgid for u in parse_document(html).units if u.attribute] == ["\\(x\\) is the unknown"]


def test_data_filter_on_text_is_linear_on_hostile_units():
    """Two megabytes of `a.a.…` took the filter a second (it tried a file extension at each dot)."""
    import time

    from toolkit.html.segment import _DATA_VALUE

    for body in ("a." * 1_000_000, "a.a" * 333_000, "word_" * 200_000 + "x.", "word_" * 200_000 + "x y",
                 "{\"" + "a" * 1_000_000):
        started = time.process_time()
        _DATA_VALUE.fullmatch(body)
        assert time.process_time() - started < 0.5
        parse_document(f"<p>{body}</p>")
        assert time.process_time() - started < 2.0


def test_a_sentence_ending_in_a_file_like_word_is_text():
    """Only a value that is one name (no white space, as a path or URL is) is a file name: sentences that end in a
    product or a file's name were dropped, in a page's description, alt texts, titles and buttons."""
    html = ('<meta name="description" content="Learn how to build fast sites with Next.js">'
            '<meta property="og:image:alt" content="Screenshot of the settings saved in config.json">'
            '<img alt="Powered by Node.js" src="n.png"><a title="Download the annual report.pdf" href="r.pdf">r</a>'
            '<button aria-label="Save as data.csv">s</button><input type="submit" value="Upload résumé.pdf">'
            '<img alt="Node.js"><img alt="logo.png"><img alt="Screen Shot 2019-01-01 at 1.23.45 PM.png">')
    assert [u.msgid for u in parse_document(html).units if u.attribute] == [
        "Learn how to build fast sites with Next.js", "Screenshot of the settings saved in config.json",
        "Powered by Node.js", "Download the annual report.pdf", "Save as data.csv", "Upload résumé.pdf"]


def test_an_its_rule_asking_for_a_data_like_attribute_is_taken_at_its_word():
    html = ('<script type="application/its+xml"><its:rules xmlns:its="http://www.w3.org/2005/11/its" version="2.0">'
            '<its:translateRule selector="//@title" translate="yes"/></its:rules></script>'
            '<p title="index.html">Text</p><p title="page.html">More</p>')
    assert msgids(html) == ["index.html", "Text", "page.html", "More"]


def test_rendered_formulas_are_notation():
    """MkDocs' arithmatex keeps TeX as text; KaTeX's output spells a formula letter by letter in spans."""
    html = ('<div class="arithmatex">\\[ E = mc^2 \\]</div>'
            '<p>Sorting takes <span class="arithmatex">\\(O(n \\log n)\\)</span> time.</p>'
            '<p><span class="katex-display"><span class="katex"><span class="katex-html"><span class="mord mathnormal">'
            'x</span></span></span></span></p><div class="MathJax">y</div><p class="notranslate">Brand</p>'
            '<span class="MathJax_Preview">sin</span><span class="mjx-chtml MathJax_CHTML"><span class="mjx-mi">cos'
            '</span></span><div class="MathJax_SVG_Display"><span class="MathJax_SVG"><svg><text>tan</text></svg>'
            '</span></div>')
    assert msgids(html) == ["Sorting takes <span/> time."]


def test_code_listings_are_notation():
    """Every fenced block of a Markdown site's pages was an entry for translators and machine translation (which
    rewrites code); a `<pre>` of prose is translated, and a page or an ITS rule may still ask for a listing."""
    html = ('<p>Install it:</p><pre><code class="language-python">import os\nprint("Hello world")  # greet\n'
            '</code></pre>'
            '<div class="highlight"><pre><span></span><span class="kn">import</span> <span class="nn">os</span></pre>'
            '</div><pre class="chroma" title="Go example"><span>fmt.Println("Hi there")</span></pre>'
            '<pre class="brush: js">alert("Hello world");</pre><pre><samp>Permission denied</samp></pre>'
            '<pre>Usage: <code>deploy --force</code> overwrites it.</pre>'
            '<p>Run <code>pip install foo</code> first.</p><pre>Roses are red,\nviolets are blue.</pre>'
            '<pre><code translate="yes">Hello world</code></pre>')
    assert msgids(html) == ["Install it:", "Usage: <code/> overwrites it.", "Run <code>pip install foo</code> first.",
                            "Roses are red,\nviolets are blue.", "Hello world"]
    rules = ('<script type="application/its+xml"><its:rules xmlns:its="http://www.w3.org/2005/11/its" version="2.0">'
             '<its:translateRule selector="//pre//*" translate="yes"/></its:rules></script>')
    assert msgids(rules + '<pre><code>Hello world</code></pre>') == ["Hello world"]
    # a <code> outside a <pre> is not a listing; a <pre> is not one for a class on an element around its parent
    assert msgids('<p>Type <code>Hello world</code></p>') == ["Type <code>Hello world</code>"]
    assert msgids('<div class="highlight"><section><pre>Roses are red</pre></section></div>') == ["Roses are red"]
    # the parent is the DOM's: a <pre> closes an open <p> first
    assert msgids('<p class="highlight">Intro<pre>Roses are red</pre>') == ["Intro", "Roses are red"]
    assert msgids('<div class="highlight"><p>Intro<pre>x = one</pre></div>') == ["Intro"]
    # a language class on a container names a human language; a language-like prefix only counts on the <pre>
    assert msgids('<div class="lang-en"><pre>Roses are red</pre></div><pre class="src-block">Violets</pre>') == [
        "Roses are red", "Violets"]
    # translate="yes" (or a rule) on an ancestor asks for the listing's text too, as for MathML notation
    assert msgids('<pre translate="yes"><code>Hello world</code></pre>') == ["Hello world"]
    assert msgids('<math translate="yes"><mi>velocity</mi></math>') == ["velocity"]
    pre_rule = rules.replace("//pre//*", "//pre")
    assert msgids(pre_rule + '<pre><code>Hello world</code></pre>') == ["Hello world"]


def test_a_listings_parent_is_read_once(monkeypatch):
    """Thousands of `<pre>` in one parent whose start tag is long: reading it for each was quadratic."""
    from toolkit.html import segment

    calls = []
    real = segment.parse_attrs
    monkeypatch.setattr(segment, "parse_attrs", lambda *a: calls.append(a) or real(*a))
    units = parse_document('<div class="x" data-a="' + "a" * 10_000 + '">' + "<pre>A poem</pre>" * 500).units
    assert len(units) == 500 and len(calls) == 1


def test_bootstrap_tooltip_and_popover_texts_are_entries_unless_markup():
    """Bootstrap shows these on hover or click: they stayed English in every built page."""
    html = ('<button data-bs-toggle="tooltip" data-bs-title="Available on the Team plan">Upgrade</button>'
            '<a data-bs-toggle="popover" data-bs-title="Pricing" data-bs-content="Billed yearly">Plans</a>'
            '<span data-bs-toggle="popover" data-bs-html="true" data-bs-content="<b>Bold</b> claim">x</span>')
    units = parse_document(html).units
    assert [(u.msgid, u.notes) for u in units if u.attribute] == [
        ("Available on the Team plan", ["<button data-bs-title>"]), ("Pricing", ["<a data-bs-title>"]),
        ("Billed yearly", ["<a data-bs-content>"])]
    # markup to Bootstrap (its sanitizer may be off): a translation would be markup from a catalogue
    assert not [u for u in parse_document(
        '<button data-bs-toggle="tooltip" data-bs-config=\'{"html": true, "sanitize": false}\' data-bs-title="Save">'
        'x</button><a data-bs-toggle="tooltip" data-bs-html="true" title="<em>Tooltip</em> text">y</a>'
        '<a data-toggle="tooltip" data-html="true" title="<b>Old</b> style">z</a>').units if u.attribute]


def test_text_that_is_only_template_code_is_no_entry():
    """A page published without rendering its template (Liquid, Jinja, a JavaScript template literal, ERB/ASP):
    `{{ c.name }}` went to translators and machine translation rewrote it (`{{ ç.ñåṁé }}`).  Text around template
    code is still prose, and translate="yes" asks for whatever it holds."""
    html = ('<table><tr><td>{{ c.name }}{% if c.afz %} <img src="/a.png">{% endif %}</td>'
            '<td>{% if c.link %}<a href="{{ c.link }}"><img src="w.png"></a>{% endif %}</td></tr></table>'
            "<p>{# a note #}</p><h2>${subjectLine}</h2><td>${formatCurrency({ amount: total })}</td>"
            '<p><%= Request.ServerVariables("SERVER_NAME") %></p><p><b>{{ title }}</b></p>'
            '<h2>Order ID: ${orderId}</h2><p>Use {{ name }} in your template.</p><p translate="yes">{{ greeting }}</p>'
            "<p>Price: {5}</p>")
    assert msgids(html) == ["Order ID: ${orderId}", "Use {{ name }} in your template.", "{{ greeting }}",
                            "Price: {5}"]
    # text a client-side template shows (Vue, Angular, in the page's DOM) is its translators' to translate in place
    shown = ("<button>{{ saving ? 'Saving…' : 'Save changes' }}</button><p>{{ \"Don't miss our sale!\" }}</p>"
             "<p>{{ isNew ? 'NEW' : 'SALE' }}</p><p>{{ `Welcome back, ${user.name}` }}</p>")
    assert msgids(shown) == ["{{ saving ? 'Saving…' : 'Save changes' }}", "{{ \"Don't miss our sale!\" }}",
                             "{{ isNew ? 'NEW' : 'SALE' }}", "{{ `Welcome back, ${user.name}` }}"]
    # names, keys, files and formats in template code are no text: the code stays no entry
    code = ("<p>{% include 'footer.html' %}</p><p>{% url 'home' %}</p><p>{{ $t('nav.home') }}</p>"
            "<p>{{ config['site_name'] }}</p><p>{{ date | date: \"%B %d\" }}</p><p>{% static 'img/logo.png' %}</p>")
    assert msgids(code) == []


def test_text_that_is_only_an_e_mail_merge_tag_is_no_entry():
    """A newsletter's `<title>*|MC:SUBJECT|*</title>` (Mailchimp) went to translators, and machine translation
    rewrote `*|FNAME|*` into `*|ƑÑÅṀÉ|*`: a merge tag is template code, filled in by the e-mail service."""
    html = ("<title>*|MC:SUBJECT|*</title><p>%%=v(@greeting)=%%</p><p>%%FirstName%%</p>"
            "<p><b>Hi *|FNAME|*,</b> your membership expires on %%EXPIRY_DATE%%.</p><p>Save 50%% now</p>")
    assert msgids(html) == ["<b>Hi *|FNAME|*,</b> your membership expires on %%EXPIRY_DATE%%.", "Save 50%% now"]
    # prose between the marks is no tag: a tag is a name (`*|IF:FNAME = Bob|*`) or a call (`%%=v(@x)=%%`)
    prose = ("<p>*| Breaking news: the office is closed |*</p><p>*|Breaking news: closed|*</p>"
             "<p>%%=Welcome to our store=%%</p><p>*|IF:FNAME = Bob|*</p><p>%%=Format(Now(), 'yyyy')=%%</p>")
    assert msgids(prose) == ["*| Breaking news: the office is closed |*", "*|Breaking news: closed|*",
                             "%%=Welcome to our store=%%"]
    # Mailgun's and ActiveCampaign's tags, between single percent signs; a percentage is no tag
    single = ("<p>%FIRSTNAME%</p><p>%recipient.first_name% %recipient.last_name%</p><p>%unsubscribe_url%</p>"
              "<p>Hi %FIRSTNAME%, save 20% to 30% today.</p><p>100% sure</p><p>%SENDER-INFO%</p>")
    assert msgids(single) == ["Hi %FIRSTNAME%, save 20% to 30% today.", "100% sure"]


def test_an_attribute_that_is_only_template_code_is_no_entry():
    """`alt="{{ img.alt }}"`, `title="<?= $tip ?>"`: the template fills them in; they went to translators (and
    machine translation rewrote them) though text holding nothing but template code does not."""
    html = ('<img src="a.png" alt="{{ img.alt }}"><img src="b.png" alt="<?= $alt ?>"><a href="/" title="<%= tip %>">'
            'Home</a><img src="c.png" alt="Photo of {{ name }}"><img src="d.png" alt="{{ \'A sunny day\' }}">')
    assert msgids(html) == ["Home", "Photo of {{ name }}", "{{ 'A sunny day' }}"]


@pytest.mark.parametrize("opening", ["{{ a ", "{% a ", "<% a ", "${", "{# ", "*|a ", "%%=a ", "%%[ ", "%%a", "%A_",
                                     "%a_b"])
def test_template_code_is_looked_for_in_linear_time(opening):
    """Text full of template openings without their closings (100,000 of them) is prose, read in linear time."""
    import time

    started = time.process_time()
    units = parse_document(f"<p>Word {opening * 100_000}</p>").units
    assert time.process_time() - started < 5.0 and len(units) == 1


def test_data_value_filter_takes_linear_time_on_hostile_attributes():
    """The filter that keeps file names, paths and query strings out of the template backtracked on each `=`, `/`
    or date of a long value: `title="a=a=…"` of 40 KB took 12 s, "See 2024-01-01 …" of 60 KB over 2 s."""
    import time

    from toolkit.html.segment import _DATA_VALUE

    for value in ("a=" * 20_000, "a/" * 20_000, "See 2024-01-01 " * 4_000, "x 2024-01-01 y/" * 4_000):
        started = time.perf_counter()
        _DATA_VALUE.fullmatch(value)
        assert time.perf_counter() - started < 0.5
    assert _DATA_VALUE.fullmatch("ctx_ver=Z39.88-2004&rft.genre=book")
    assert _DATA_VALUE.fullmatch("Screenshot 2024-03-02 at 10.00.00.png") and _DATA_VALUE.fullmatch("../x/y.js")
    assert not _DATA_VALUE.fullmatch("Save as data.csv") and not _DATA_VALUE.fullmatch("on/off")
