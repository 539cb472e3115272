"""Hostile pages, catalogues and replies are read in linear time.

Each case is an input shape that took seconds (or, for the ITS pattern, grew exponentially) before its pattern or
loop was made linear; at the size here each took at least a second, most several.  The bound leaves a slow machine
ten times the room the linear code needs."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from test_checks import run

from toolkit.build import SiteLayout, build_page
from toolkit.catalog import read_catalog
from toolkit.checks import check_catalog
from toolkit.html import parse_document

LAYOUT = SiteLayout("en", ["ko"], {"en": "en", "ko": "ko"})
BOUND = 1.0  # seconds


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def build(html: str, source: str = "x.html") -> str:
    return build_page(parse_document(html, source=source), "p.html", "ko", {}, LAYOUT).html


def check(tmp_path, msgid: str, msgstr: str, locale: str, source_locale: str, **entry):
    """The findings of `check` on a one-entry catalogue (`test_checks.run`)."""
    return run(tmp_path, msgid, msgstr, locale=locale, source_locale=source_locale, **entry)[1]


@pytest.mark.parametrize("html", [
    "<style>" + "url(" * 6000 + "</style>",  # every "url(" read to the end: an unquoted URL has no "("
    '<p style="' + "url(" * 6000 + '">x</p>',
    '<script type="importmap">"' + '\\"' * 20_000 + "</script>",  # an open JSON string from every escaped quote
    f"<div><x-{'a' * 8000} its-within-text=no>Hello</x-{'a' * 8000}> more</div>",  # a tag's name read as attributes
    '<div data-bgset="' + "[" * 80_000 + '"></div>',  # a set's media query looked for from every "["
], ids=["css-url", "style-url", "import-map", "start-tag", "bgset-media"])
def test_building_a_hostile_page_is_linear(html):
    assert timed(lambda: build(html)) < BOUND


def test_reading_an_open_json_ld_string_is_linear():
    html = '<script type="application/ld+json">"' + '\\"' * 20_000 + "</script><p>After</p>"
    assert timed(lambda: parse_document(html)) < BOUND


def test_a_cached_page_s_odd_end_tag_is_read_in_linear_time():
    from toolkit.pagecache import _END_TAG

    assert timed(lambda: _END_TAG.fullmatch("</x-" + "a" * 20_000 + " <>")) < BOUND


ALLOWED_EXPONENTIAL = "its:allowed-characters=(?:a?|a?){30}b"


@pytest.mark.parametrize(("msgid", "msgstr", "locale", "source_locale", "entry"), [
    ("Half of 1 hour", "半 " + "1" * 8000, "ja", "en", {}),  # a number restarted at every digit
    ("".join(chr(0x4E00 + i) for i in range(20_000)), "the the", "en", "ja", {}),  # a repeated run of any length
    ("Hi。" + '"' * 20_000 + "!", "x", "ja", "en", {}),  # closers that are openers, read again from each
    ("Hello", "a", "fr", "en", {"comment": ALLOWED_EXPONENTIAL}),  # a page's pattern: exponential
], ids=["half", "repeated-run", "sentence-break", "allowed-characters"])
def test_checking_a_hostile_entry_is_linear(tmp_path, msgid, msgstr, locale, source_locale, entry):
    assert timed(lambda: check(tmp_path, msgid, msgstr, locale, source_locale, **entry)) < BOUND


def test_checking_a_long_machine_translation_note_is_linear(tmp_path):
    """The note's lazy engine name looked through its run of spaces at every step.  Written as a file holds it: polib
    (`test_checks.run`) would wrap the comment at the spaces."""
    po = tmp_path / "fr.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n'
                  '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
                  f'# machine translation: a{" " * 16_000}x\nmsgid "Hello"\nmsgstr "Bonjour"\n', "utf-8")
    assert timed(lambda: check_catalog(read_catalog(po), "fr", [], source_locale="en")) < BOUND


def test_an_its_allowed_characters_value_must_be_one_character_class(tmp_path):
    """ITS defines Allowed Characters as one character class: anything else is not compiled, with a warning."""
    said = check(tmp_path, "Hello", "a", "fr", "en", comment=ALLOWED_EXPONENTIAL)
    assert [p.message for p in said if "is not one character class" in p.message]
    said = check(tmp_path, "Hello", "Bonjour!", "fr", "en", comment="its:allowed-characters=[a-zA-Z]")
    assert [p.message for p in said if "'!'" in p.message and p.check == "allowed-characters"]


def test_a_model_s_fenced_reply_is_read_in_linear_time():
    from toolkit.mt.llm import parse_items

    assert timed(lambda: parse_items("```json\n" + "\n" * 2000 + "x")) < BOUND
    assert parse_items('```json\n {"u1": "안녕"} \n```') == {"u1": "안녕"}


def test_masking_a_text_of_thousands_of_code_elements_and_tokens_is_linear():
    """A reviewed translation of a text of 10,000 code elements looked for each among all the source's; a reply's
    token-like text ([Y1Y]) was looked for in the whole source, each."""
    from toolkit.mt.masking import mask

    code = mask("".join(f"w{i} <code>c{i}</code> " for i in range(10_000)))
    assert timed(lambda: code.hide(code.source)) < BOUND
    assert code.hide(code.source) == code.text
    tags = mask("".join(f"w{i} <b>x</b> " for i in range(10_000)))
    reply = tags.text + " [Y1Y]" * 20_000
    assert timed(lambda: tags.restore(reply)) < BOUND
    assert tags.restore(reply)[1] == ["unknown token(s) " + " ".join(["[Y1Y]"] * 20_000)]


def test_redacting_a_long_dotted_text_is_linear():
    from toolkit.mt.redact import redact

    assert timed(lambda: redact("a." * 20_000)) < BOUND
    assert redact("see https://user:pw@example.org/x") == "see https://***@example.org/x"


def test_a_target_of_many_pieces_is_joined_once():
    from toolkit.exchange.inline import Codes

    pieces = ["a" * 100, "A"] * 20_000
    assert timed(lambda: Codes.of("a <b>x</b>").text(pieces)) < BOUND
    assert Codes.of("a <b>x</b>").text(["a", "&", "b"]) == "a&b"


def test_many_translate_off_regions_are_read_in_linear_time():
    html = "<p>a<!-- translate:off --> b <!-- translate:on -->" * 6000
    assert timed(lambda: parse_document(html)) < BOUND
    assert {u.msgid for u in parse_document(html[:200]).units} == {"a"}  # (b, inside each region, is never one)


def test_many_comments_for_translators_find_their_units_in_linear_time():
    html = "<p>a</p>" + "<!-- Translators: x --><p>b <!-- l10n: y --> c</p>" * 10_000
    assert timed(lambda: parse_document(html)) < BOUND
    assert parse_document(html[:200]).units[1].notes == ["Translators: x", "l10n: y"]


def test_a_dropdown_of_many_language_options_is_read_in_linear_time():
    html = '<select><option value="/ko/">Korean<option value="/ja/">Japanese</select>' * 5000
    assert timed(lambda: build(html)) < BOUND


def test_code_elements_left_open_are_read_in_linear_time():
    html = "<p>" + "<code>x" * 12_000
    assert timed(lambda: parse_document(html)) < BOUND


@pytest.mark.parametrize(("shape", "end", "expected"), [
    # a comment no "-->" ends, read on to the page's end from each: only the first noscript's text before it counts
    ("<noscript><p>x <!-- {i}</p></noscript>", "", ["a", "x"]),
    ("<noscript><p>x <!-- {i}</p></noscript>", "-->", ["a", "x", "b"]),  # the one "-->" at the end, sought from each
    ("<noscript><script><!--<script></noscript>", "", ["a"]),  # a double-escaped script, to the end from each
    ("<noscript><svg><![CDATA[</noscript>", "", ["a"]),
])
def test_markup_running_on_past_many_noscripts_is_read_in_linear_time(shape, end, expected):
    """A noscript's content is tokenised again, as a browser without scripts reads it, to find markup running on
    past its end: each looked for the same far terminator again (`tokenize.Scans`)."""
    html = "<p>a</p>" + "".join(shape.format(i=i) for i in range(6000)) + end + "<p>b</p>"
    assert timed(lambda: parse_document(html)) < BOUND
    assert [u.msgid for u in parse_document(html).units] == expected


@pytest.mark.parametrize(("html", "expected"), [
    ("<noscript><title></noscript><p>x <!-- translate:off --> y <!-- translate:on --> z</p>", []),
    ("<p>a</p><!-- translate:off --><noscript><!--</noscript><p>b</p><!-- translate:on --><p>c</p>", ["a", "c"]),
    ("<p>a</p><!-- translate:off --><p>b</p><!-- translate:on --><p>c</p>", ["a", "c"]),
])
def test_regions_left_untranslated_count_together_where_they_overlap(html, expected):
    """A noscript's markup running on past it (an unclosed `<title>` or comment, for a browser without scripts) may
    cover a translate:off region or start inside one: a unit in either stays out (read by bisection, the regions
    are merged first; unmerged, the text after a translate:on inside the noscript's reach was offered)."""
    assert [u.msgid for u in parse_document(html).units] == expected

