"""What the segmenter knows about HTML elements and attributes: every table in one place.

The tree (``tree.py``) reads the structure tables (implied end tags, scopes), the segmenter
(``segment.py``) reads the content tables (inline or block, void, raw text) and the rule for
translatable attributes.  Raw-text and RCDATA names belong to the tokeniser and are re-exported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from html import unescape

from toolkit.html.jsonld import TEXT_KEYS
from toolkit.html.letters import has_letter
from toolkit.html.tokenize import RAW_TEXT, RCDATA, Attr
from toolkit.placeholders import can_name

__all__ = [
    "BUTTON_INPUTS",
    "BUTTON_SCOPE",
    "CLOSES_P",
    "CODE_IN_PRE",
    "FOREIGN_CODE",
    "HEADINGS",
    "IMPLIED",
    "INFO_ATTRS",
    "INLINE",
    "INLINE_FOREIGN",
    "INLINE_VOID",
    "INTERESTING_ATTRS",
    "INTERESTING_ATTRS_WITH_ID",
    "KEPT_ATTRS",
    "KEPT_TAGS",
    "MATH_NOTATION",
    "META_CONTENT",
    "MICRODATA_CONTENT",
    "NOTRANSLATE_CLASSES",
    "PRESERVE_WS",
    "PROPS_ATTRS",
    "RAW_TEXT",
    "RCDATA",
    "RUBY_ANNOTATION",
    "RUBY_BASE",
    "SCREEN_READER_ONLY",
    "SVG_KEPT_TAGS",
    "SVG_TAG_PREFIX",
    "TRANSLATABLE_ATTRS",
    "TRANSLATE_SWITCH",
    "VERBATIM",
    "VERBATIM_NOTES",
    "VOID",
    "XHTML_NS",
    "XML_SUFFIXES",
    "AttrRule",
    "ImpliedEnd",
    "inline_foreign_end",
    "is_code_listing_class",
    "is_custom_element",
    "is_inline",
    "is_translatable_attr",
    "is_xml_page",
    "may_declare_its_rules",
]


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --- content: how an element's content is segmented ------------------------------------------

# Stay inside their unit as placeholders (``<a>…</a>``); so do custom elements and prefixed ones (`is_inline`);
# every other element is a block boundary.
INLINE = _names(
    "a abbr acronym b bdi bdo big blink cite code data del dfn em font i ins kbd mark meter nobr output progress q "
    "rb rp rt rtc ruby s samp slot small span strike strong sub sup time tt u var"
)
# Ruby (furigana, pinyin, bopomofo): a reading aid for the source's script.  The base's elements are no placeholder
# (their text is the sentence's), and an annotation's text is out of the msgid, shown in a note (`segment.
# _Segmenter.ruby_end`): a translation is the sentence alone, and the build writes no ruby of the source around it.
RUBY_BASE = _names("ruby rb")
RUBY_ANNOTATION = _names("rt rp rtc")
# SVG and MathML element names with a hyphen: no custom elements (HTML reserves them)
_RESERVED_HYPHENATED = _names(
    "annotation-xml color-profile font-face font-face-src font-face-uri font-face-format font-face-name missing-glyph"
)


# SVG's text runs inside a <text>: a sentence goes on through them (`<text><tspan>Sales</tspan> per month</text>`)
SVG_INLINE = _names("tspan textpath")


def is_inline(name: str, foreign: bool = False) -> bool:
    """Whether an element stays inside its unit as a placeholder: the phrasing elements of `INLINE` (and SVG's
    `SVG_INLINE` when `foreign`), and, in HTML content (not `foreign`: inside SVG or MathML), the elements browsers
    lay out inline because they do not know them: custom elements (`<relative-time>`, a hyphen in the name) and
    prefixed ones (Word's `<st1:place>`)."""
    if foreign:
        return name in INLINE or name in SVG_INLINE
    return name in INLINE or is_custom_element(name) or (":" in name and can_name(name))


def is_custom_element(name: str) -> bool:
    """Whether an HTML element named `name` is a custom element (`<relative-time>`: a hyphen in the name, not one of
    SVG's or MathML's that HTML reserves) that a placeholder can name."""
    return "-" in name and name not in _RESERVED_HYPHENATED and can_name(name)


# HTML's formatting elements: one closed by another element's end tag stays active, and the parser
# re-opens it before the next text (WHATWG "reconstruct the active formatting elements").
FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
# the element name of a placeholder's start tag (`Placeholder.open`), as written
START_TAG_NAME = re.compile(r"<([^\s/>]+)")
# Void elements that stay inside their unit as ``<br/>``-style placeholders.
INLINE_VOID = _names("br img wbr input")
# SVG and MathML inside a sentence (an icon, a formula): one placeholder (``<svg/>``, ``<math/>``)
# when `inline_foreign_end` finds they can be one, so the sentence is not cut in two.
INLINE_FOREIGN = _names("svg math")
# Elements without content or end tag (a block boundary unless in INLINE_VOID).
VOID = _names(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param "
    "source track wbr"
)
# Whitespace is kept as written (no collapsing in the msgid).
PRESERVE_WS = _names("pre textarea listing plaintext")
# Start tags worth remembering for the build (language, charset, head, links, the references to
# stylesheets, images, scripts and media that the build points at the shared copies, and a dropdown
# language switcher's select and options).
KEPT_TAGS = _names(
    "html head meta link a base body img script style source video audio object iframe frame embed track "
    "area input form button noscript select option param pre code kbd samp"
)
# Any start tag with one of these attributes is remembered too: CSS url() in style, legacy background, a lazy-loaded
# background's URL (data-bg, data-bgset, reveal.js's data-background*, a slide's data-thumb: the names of
# build/refs.py's LAZY_URL_ATTRS taken on any element, and its LAZY_BGSET), and the language a container declares
# (build/head.py makes one naming the source language follow the page).
KEPT_ATTRS = _names("style background data-bg data-background data-background-image data-background-video "
                    "data-thumb data-bgset lang xml:lang")
# Inside SVG, the elements whose href / xlink:href loads or links something; remembered as "svg:<name>"
# (no HTML element has that name, so nothing looking for page metadata mistakes them for its own).
SVG_TAG_PREFIX = "svg:"
SVG_KEPT_TAGS = _names("a image use feimage")
# Inside SVG/MathML, elements whose content is CSS or code, as in HTML, though the parser reads it as markup
# (an icon exported with ``<style>.cls-1{fill:#fff}</style>``): never text for translators.  A ``<style>`` with
# content is remembered as "svg:style": its CSS styles the whole page, so the build rewrites its URLs.
FOREIGN_CODE = _names("style script")
# MathML's notation: a formula's identifiers, numbers, operators and string literals (``<mi>sin</mi>``), its
# annotations (Wikipedia's TeX twin of every formula) and Content MathML's tokens.  Not translated unless the
# page says so (`translate="yes"`, an ITS rule); prose inside a formula is ``<mtext>``, which is.
MATH_NOTATION = _names("mi mn mo ms mglyph annotation annotation-xml ci cn csymbol")
# A code listing is notation too, as Sphinx's gettext builder leaves literal blocks out by default: the code or
# output (``<code>``, ``<samp>``) inside a ``<pre>`` (CommonMark's fenced and indented blocks, highlight.js, Rouge,
# Chroma, Pandoc, Prism), and a ``<pre>`` whose class or its parent's names a highlighter or a language (Pygments'
# ``<div class="highlight"><pre>``, prettify, SyntaxHighlighter's ``brush:``, DocBook, org-mode).  A ``<pre>`` of
# prose (a poem, an address) is translated.
CODE_IN_PRE = _names("code samp")
# Elements whose text is code, keyboard input or a program's output, also outside a listing: machine translation
# sends each as one token with its text (`mt.masking.VERBATIM_RE`), and a unit whose every letter is inside them is
# no sentence around them.  Such a unit of `<code>` alone (`<td><code>--verbose</code></td>`) is notation, as a
# listing is, and not extracted; one of `<kbd>` or `<samp>` is, with its element kept in the msgid (the engines leave
# it as written) and a note (`VERBATIM_NOTES`): keys are labelled in the target's language on some keyboards (German
# "Strg" for "Ctrl"), and a program translated into it prints its own words.  `translate="yes"` on the element or
# above makes it text like any other.
VERBATIM = _names("code kbd samp")
VERBATIM_NOTES = {
    "kbd": "keyboard input: a key as the target language's keyboards label it (German Strg for Ctrl), what to type "
           "as written",
    "samp": "a program's output: as the program shows it in the target language, else as written",
}
_CODE_LISTING_CLASSES = frozenset({"highlight", "chroma", "sourcecode", "codehilite", "hljs", "prettyprint",
                                   "prism-code", "programlisting", "literal-block", "src"})
_CODE_LISTING_CLASS_PREFIXES = ("language-", "lang-", "brush:")  # on the <pre> itself (`lang-en` on a container
# names a human language)


def is_code_listing_class(attrs: Mapping[str, Attr] | None, on_pre: bool) -> bool:
    """Whether `attrs` class a ``<pre>`` (`on_pre`) or its parent as a code listing (`CODE_IN_PRE`'s comment)."""
    cls = attrs.get("class") if attrs else None
    prefixes = _CODE_LISTING_CLASS_PREFIXES if on_pre else ()
    return cls is not None and any(c in _CODE_LISTING_CLASSES or (prefixes and c.startswith(prefixes))
                                   for c in cls.value.lower().split())


# XHTML's namespace: a page whose <html> declares it is written as XHTML, whatever its name (build/splice.py)
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_SUFFIXES = (".xhtml", ".xht")  # pages servers send as application/xhtml+xml: parsed as XML, not as HTML


def is_xml_page(path: str) -> bool:
    """Whether the page is XHTML a browser parses as XML (by its name, as web servers type it): it is read with
    XML's rules (`tokenize.tokenize`'s `xml`), and what the build adds must be well-formed XML (``<link … />``)."""
    return path.lower().endswith(XML_SUFFIXES)

# --- structure: implied end tags (HTML5 tree construction, the parts that move boundaries) ------

# Start tags that close an open <p> ("close a p element").
CLOSES_P = _names(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li dd dt listing main menu nav ol "
    "p plaintext pre section summary table ul xmp"
)
# Elements that end the search for an open <p> ("has a p element in button scope").
BUTTON_SCOPE = _names("applet button caption html marquee object table td template th")
HEADINGS = _names("h1 h2 h3 h4 h5 h6")


@dataclass(frozen=True, slots=True)
class ImpliedEnd:
    """A start tag closes the innermost open element named in `closes`, unless one in `stops` comes first."""

    closes: frozenset[str]
    stops: frozenset[str]


_TABLE_SECTIONS = ImpliedEnd(_names("thead tbody tfoot tr td th"), _names("table"))
IMPLIED: Mapping[str, ImpliedEnd] = {
    "li": ImpliedEnd(_names("li"), _names("ul ol menu table")),
    "dt": ImpliedEnd(_names("dt dd"), _names("dl table")),
    "dd": ImpliedEnd(_names("dt dd"), _names("dl table")),
    "option": ImpliedEnd(_names("option"), _names("select datalist optgroup")),
    "optgroup": ImpliedEnd(_names("option optgroup"), _names("select datalist")),
    "tr": ImpliedEnd(_names("tr td th"), _names("table thead tbody tfoot")),
    "td": ImpliedEnd(_names("td th"), _names("tr table")),
    "th": ImpliedEnd(_names("td th"), _names("tr table")),
    "thead": _TABLE_SECTIONS,
    "tbody": _TABLE_SECTIONS,
    "tfoot": _TABLE_SECTIONS,
    "rt": ImpliedEnd(_names("rt rp"), _names("ruby")),
    "rp": ImpliedEnd(_names("rt rp"), _names("ruby")),
}

# --- attributes ---------------------------------------------------------------------------------

# <input type=…> whose value is a visible label.
BUTTON_INPUTS = _names("button submit reset")
# <meta name=…|property=…> whose content is page text: also a web app's name (one per language, HTML says) and its
# short name under a home-screen icon, and the label/value pairs a shared card shows (Yoast's "Est. reading time" and
# "3 minutes"; a value that is a name or a price is copied)
META_CONTENT = _names(
    "description keywords og:title og:description og:site_name og:image:alt twitter:title twitter:description "
    "twitter:image:alt article:section article:tag application-name apple-mobile-web-app-title "
    "twitter:label1 twitter:data1 twitter:label2 twitter:data2"
)
# <meta itemprop=…> (microdata) whose content is prose for search engines, as in JSON-LD; not `name`, which a meta
# gives without its item's type: a person's or a company's name is only copied (`jsonld.PROPER_NAMED`)
MICRODATA_CONTENT = TEXT_KEYS - {"name"}


@dataclass(frozen=True, slots=True)
class AttrRule:
    """Where an attribute is translatable: on `elements` (None: any element), if `when` agrees."""

    elements: frozenset[str] | None = None
    when: Callable[[Mapping[str, Attr]], bool] | None = None  # looks at the element's other attributes


def _attr_value(attrs: Mapping[str, Attr], *names: str) -> str | None:
    for name in names:
        a = attrs.get(name)
        if a is not None:
            return a.value.strip().lower()
    return None


def _is_button_input(attrs: Mapping[str, Attr]) -> bool:
    return _attr_value(attrs, "type") in BUTTON_INPUTS


def _is_page_text_meta(attrs: Mapping[str, Attr]) -> bool:
    if "http-equiv" in attrs:  # a pragma (refresh, CSP, content-type), whatever its name says
        return False
    if _attr_value(attrs, "name", "property") in META_CONTENT:
        return True
    itemprop = attrs.get("itemprop")
    return itemprop is not None and not MICRODATA_CONTENT.isdisjoint(itemprop.value.split())


_HTML_OPTION = re.compile(r'"html"\s*:\s*true')


def _is_bootstrap_text(attrs: Mapping[str, Attr]) -> bool:
    """Text, unless Bootstrap takes the element's tooltip or popover as markup (`data-bs-html="true"`, Bootstrap 4's
    `data-html`, ``"html": true`` in `data-bs-config`): a translation would then be markup from a catalogue, which
    Bootstrap renders (its sanitizer can be turned off)."""
    config = attrs.get("data-bs-config")
    return "true" not in (_attr_value(attrs, "data-bs-html"), _attr_value(attrs, "data-html")) and \
        (config is None or _HTML_OPTION.search(config.value) is None)


# WAI-ARIA's text for screen readers and braille displays alone (no sighted review ever meets it)
ARIA_TEXT = ("aria-label", "aria-description", "aria-placeholder", "aria-valuetext", "aria-roledescription",
             "aria-braillelabel", "aria-brailleroledescription")
TRANSLATABLE_ATTRS: Mapping[str, AttrRule] = {
    "title": AttrRule(None, _is_bootstrap_text),  # (a Bootstrap tooltip's title may be markup)
    **{name: AttrRule() for name in ARIA_TEXT},
    "placeholder": AttrRule(),
    "alt": AttrRule(_names("img area input")),
    "label": AttrRule(_names("option optgroup track menuitem")),
    "abbr": AttrRule(_names("th td")),  # (on td obsolete in HTML5, still written)
    "alttext": AttrRule(_names("math")),  # MathML's text for a formula a reader cannot render
    "xlink:title": AttrRule(_names("a")),  # an SVG link's tooltip (SVG 1.1)
    "summary": AttrRule(_names("table")),
    "value": AttrRule(_names("input"), _is_button_input),
    "content": AttrRule(_names("meta"), _is_page_text_meta),
    # Bootstrap 5's tooltips and popovers show these on hover or click
    "data-bs-title": AttrRule(None, _is_bootstrap_text),
    "data-bs-content": AttrRule(None, _is_bootstrap_text),
}


def is_translatable_attr(element: str, attr: str, attrs: Mapping[str, Attr]) -> bool:
    """Whether attribute `attr` of `<element …attrs>` is text for translators."""
    rule = TRANSLATABLE_ATTRS.get(attr)
    if rule is None:
        return False
    if rule.elements is not None and element not in rule.elements:
        return False
    return rule.when is None or rule.when(attrs)


# `class="notranslate"`: what Google's and browsers' page translation take as translate="no", and sites mark brand
# names and code with; and the classes of rendered formulas, whose letters and TeX are notation (pymdownx's
# `arithmatex` in MkDocs, KaTeX's and MathJax 2's output)
# An icon font's ligature is the icon's name ("delete" draws a bin; translated, the word shows instead): Google's
# Material Icons and Material Symbols.  Sphinx's API signature (`<dt class="sig sig-object py">`: a function's name,
# its parameters, their defaults) is code, wrapped in spans rather than in <code>.
NOTRANSLATE_CLASSES = frozenset({"notranslate", "sig-object", "arithmatex", "katex", "mathjax", "mathjax_chtml",
                                 "mathjax_svg", "mathjax_display", "mathjax_preview", "mjx-chtml", "material-icons",
                                 "material-icons-outlined", "material-icons-round", "material-icons-sharp",
                                 "material-icons-two-tone", "material-symbols-outlined", "material-symbols-rounded",
                                 "material-symbols-sharp"})
# Text shown to screen readers only (Bootstrap's `sr-only` and `visually-hidden`, Tailwind's `sr-only`, WordPress's
# `screen-reader-text`, Foundation's `show-for-sr`, GOV.UK's): an inline one is noted for translators, for it may be
# an icon button's whole name or finish a link's ("Read more<span> about the launch</span>")
SCREEN_READER_ONLY = frozenset({"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "show-for-sr",
                                "govuk-visually-hidden"})
# Attribute names the segmenter reads (translatable ones, translate/ITS/context markup, `KEPT_ATTRS`,
# a slotted child's `slot` and a declarative shadow root's `shadowrootmode`: `segment._Segmenter.slotted`); a start
# tag whose lower-cased attribute text matches none of them is not parsed further.  Searched in the
# lower-cased text, not with re.I: a case-insensitive alternation makes `re` try every position
# (2 us a tag), a lower-case one skips ahead to the letters that can start a name.
INTERESTING_ATTRS = re.compile(
    r"translate|its-|l10n|title|alt|aria-|placeholder|label|abbr|value|content|summary|style|background|data-bg|lang|"
    r"data-thumb|"
    r"slot|shadowrootmode|"
    + "|".join(sorted(map(re.escape, (NOTRANSLATE_CLASSES | SCREEN_READER_ONLY) - {"notranslate"}))))
# The same, when ITS ID Value is the msgctxt (`its_id_as_context`): `id` matters too (`\bid\b`, written
# to start with a letter so that the skipping above still applies).
INTERESTING_ATTRS_WITH_ID = re.compile(INTERESTING_ATTRS.pattern + r"|id\b(?<!\wid)")



def may_declare_its_rules(text: str | bytes) -> bool:
    """Whether a page may declare ITS global rules (<link rel="its-rules">, <script type="application/its+xml">).

    Only such pages pay for the XML tree the rules' selectors need.  Plain substring tests: a
    case-insensitive regex over a 2 MB page costs more than segmenting it does.  On undecoded
    bytes the markers are ASCII (any ASCII-compatible encoding).
    """
    if isinstance(text, bytes):
        raw = text.lower()
        return b"its-rules" in raw or b"application/its+xml" in raw
    lower = text.lower()
    return "its-rules" in lower or "application/its+xml" in lower


# Attributes `tree.props_for` reads (an element with none of them inherits its parent's properties).
PROPS_ATTRS = frozenset(
    "translate data-translate-ignore its-loc-note data-its-loc-note data-translate-comment its-loc-note-ref "
    "data-l10n-context its-l10n-context data-translate-context its-locale-filter-list its-allowed-characters "
    "lang xml:lang".split()
)
# Attributes `tree.element_info` reads (`id` only when ID Value is the msgctxt).
INFO_ATTRS = frozenset("its-within-text its-storage-size its-term".split())

# `<!-- translate:off -->` … `<!-- translate:on -->` (Translate Toolkit, Weblate): nothing between is extracted.
TRANSLATE_SWITCH = re.compile(r"<!--\s*translate:\s*(off|on)\s*-->", re.I)


# HTML start tags that end SVG/MathML content in a browser ("breakout"), attributes holding references the
# build rewrites, and attributes that are text for translators: an element with any inside keeps the normal rules.
_NOT_ONE_PLACEHOLDER = re.compile(
    r"<(?:b|big|blockquote|body|br|center|code|dd|div|dl|dt|em|embed|h[1-6]|head|hr|i|img|li|listing|menu|meta|"
    r"nobr|ol|p|pre|ruby|s|small|span|strong|strike|sub|sup|table|tt|u|ul|var|font|foreignobject)[\t\n\f\r />]"
    rf"|[\s\"'](?:style|background|title|xlink:title|alt|placeholder|label|{'|'.join(ARIA_TEXT)})\s*=", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


@cache
def _foreign_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){name}(?=[\t\n\f\r />])[^>]*>", re.I)


_FOREIGN_REACH = 64  # tags of its own name an element may hold and stay one placeholder


def inline_foreign_end(text: str, name: str, pos: int) -> int | None:
    """Where the `<svg>`/`<math>` element whose start tag ends at `pos` ends, when it can stay in its
    sentence as one placeholder: it is closed, no HTML breaks out of it, nothing in it is a reference
    the build rewrites or a translatable attribute, and (for SVG) it has no text of its own, such as a
    ``<title>`` to translate.  Its end is looked for among the next `_FOREIGN_REACH` tags of its name
    only: a page of unclosed ``<math>`` tags made every one of them scan the rest of the page.
    """
    tag = _foreign_tag(name)
    depth, i, inner_end = 1, pos, pos
    for _ in range(_FOREIGN_REACH):
        m = tag.search(text, i)
        if m is None:
            return None
        if m.group(1):
            depth -= 1
        elif not m.group().endswith("/>"):
            depth += 1
        inner_end, i = m.start(), m.end()
        if not depth:
            break
    else:
        return None
    inner = text[pos:inner_end]
    if _NOT_ONE_PLACEHOLDER.search(inner):
        return None
    if name == "svg" and has_letter(unescape(_ANY_TAG.sub("", inner))):
        return None
    return i
