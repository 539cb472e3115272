"""Find a page's language switcher: the links to the same site in other languages.

`l10n locales` / `l10n init --from-links` read the target locales off it, and the build
rewrites those links to point at the built pages.  Evidence, strongest first:

- ``hreflang`` on the link, or its own ``lang`` (when not the page's language); for `l10n locales`
  also the versions the page's ``<link rel=alternate hreflang>`` declare.  A declared tag is BCP 47, read
  whole (`locales.parse_tag`): ``fil``, ``sr-Latn`` (``sr@latin``), ``zh-Hant``, ``pt-BR``, ``es-419`` keep their
  language, script and region, and the build matches it to the site's locales by tag (`locales.matching_locale`).
  HTML's ``hreflang`` says the language of whatever the link leads to, ``lang`` that of its text: alone they make
  no switcher link (a ``de.wikipedia.org`` article, a French PDF, a German word).  A declared tag counts when the
  label names that language too (``<a hreflang="ko">한국어</a>``), when the link sits side by side with a sure
  language link (`language_links`), or, for ``hreflang``, when it leads to a page of this site (no host, no
  ``.pdf``/``.png``, no ``type`` other than HTML's: `_page_of_this_site`), for ``lang``, to a page of this site
  whose URL names the same language (``<a href="/ko/" lang="ko">홈</a>``);
- a locale in the URL: first path segment (``/ko/``, ``/zh-tw/``), ``?hl=ko``, ``index.ko.html``;
- the link text naming a language or country in its own language (Deutsch, 日本語, España), also as CLDR composes
  a language's name with its script and region (中文 (繁體, 台灣), 中文（台灣）, 中文 (香港), English (UK):
  `_display_name`), or a common short form (한국, 대만, 中文, 繁體中文, 正體中文).

Weak signals count only when URL and text agree: ESA-style codes glued to a word (``/esaKO/``,
``/esaJP/``; ESA's ``/esaMI/`` is Missions, not Māori), two-letter path segments that are also
English words (``/my/``, ``/id/``), three-letter ones (``/fil/``; ``/doi/`` is Dogri, ``/faq/`` no
language), and names in any other CLDR locale (대만 is Korean for Taiwan; "Korea" is Esperanto for
Korean).  A country named in the source language ("China" on
an English page) is an article link, not a switcher, unless the URL agrees.

A dropdown's options are links of the same kind (``<option value="/ko/">한국어</option>``), weighed
by the same rules: the option's URL as an anchor's href, what it shows as its text.  An option
without a URL (``value="ko"``, for a script or a form to make the URL of) counts only in a language
chooser: a select whose name, id, class, ``aria-label``, ``title`` or ``onchange`` says lang/locale/hl
or "language" in another language (``<select name="hl">``, ``aria-label="Language"``, ``aria-label="言語"``),
or whose every option is a language code labelled with that language's own name (``value="en"``: English);
there its value is the language it declares, as an anchor's ``hreflang`` is.  A country picker
(``<select name="country"><option value="KR">대한민국``) or a form's size option is no switcher.

The anchors, options and their labels come from `toolkit.html.links` (the one link finder, shared
with the build); this module only weighs the locale evidence.
"""

from __future__ import annotations

import contextlib
import json
import logging
import mimetypes
import os
import pickle
import re
import sqlite3
import tempfile
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import parse_qsl, urlsplit

import babel
from babel import Locale, UnknownLocaleError, localedata
from babel.core import get_global
from babel.localedata import locale_identifiers

from toolkit.config import Config
from toolkit.errors import L10nError
from toolkit.html import Document, Unit, decode_html, parse_document
from toolkit.html.letters import has_letter
from toolkit.html.links import Anchor, alternate_tags, page_links
from toolkit.html.segment import Tag
from toolkit.locales import (
    HAN_OR_KANA,
    LangTag,
    bcp47,
    gettext_name,
    language_of,
    likely_subtags,
    maximal,
    normalize_locale,
    parse_tag,
)

if TYPE_CHECKING:
    from toolkit.html.its import ProjectRules

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LanguageLink:
    locale: str  # gettext code: ko, zh_TW
    href: str
    text: str
    reason: str  # why this link counts as a language link, for humans
    tag: Tag | None = field(default=None, compare=False, repr=False)  # the <a> or <option> start tag, for the build
    content_end: int = field(default=-1, compare=False, repr=False)  # end of the link's content
    declared: str = ""  # the BCP 47 tag the link declares (hreflang, lang, a chooser's value) as written; "": none

    def as_dict(self) -> dict[str, str]:
        return {"locale": self.locale, "href": self.href, "text": self.text, "reason": self.reason}

    def language_tag(self) -> str:
        """The tag the build matches to the site's locales: the declared one, whole (``de-CH-1996``, ``zh-Hant``),
        else the found locale's."""
        return self.declared or bcp47(self.locale)


# Short forms people put in switchers that CLDR does not list (CLDR's ko name of KR is 대한민국),
# plus the usual CJK labels, pinned so a CLDR wording change cannot break the ESA row.
ALIASES = {
    "한국": "ko", "한국어": "ko", "韓國": "ko", "韩国": "ko", "韓国": "ko",
    "중국": "zh_CN", "中国": "zh_CN", "中國": "zh_CN", "中文": "zh_CN", "简体中文": "zh_CN",
    "簡體中文": "zh_CN", "中文简体": "zh_CN", "中文簡體": "zh_CN", "简体": "zh_CN", "簡體": "zh_CN",
    "대만": "zh_TW", "台灣": "zh_TW", "臺灣": "zh_TW", "台湾": "zh_TW", "繁體中文": "zh_TW",
    "繁体中文": "zh_TW", "中文繁體": "zh_TW", "中文繁体": "zh_TW", "繁體": "zh_TW", "繁体": "zh_TW",
    "일본": "ja", "일본어": "ja", "日本": "ja", "日本語": "ja", "香港": "zh_HK", "正體中文": "zh_TW",
    # the names Indonesian and Malay go by on language pickers ("language" + CLDR's name, Indonesia, Melayu)
    "Bahasa Indonesia": "id", "Bahasa Melayu": "ms", "Bahasa Malaysia": "ms",
}
LANG_PARAMS = {"lang", "language", "locale", "hl", "lng", "lc"}
# Two-letter language codes that are also common path words: /my/account, /id/42, /no/..., and W3C's /TR/
# (Technical Reports: every link to a W3C specification, http://www.w3.org/TR/xslt, not Turkish)
AMBIGUOUS_CODES = {"am", "an", "as", "be", "hi", "ia", "id", "io", "is", "my", "no", "or", "os", "so", "to", "tr"}
_TAG = re.compile(r"[A-Za-z]{2}(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|\d{3}))*")  # a link text's code ("KO", "zh-TW")
# A URL path segment's: a 3-letter language only corroborates (/fil/ with "Filipino"), no variants (/my-account/)
_URL_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|\d{3}))?")
_GLUED_CODE = re.compile(r"[a-z]+([A-Z]{2})")  # esaKO, esaTW
_MARKUP = re.compile(r"<[^>]*>")
_FILE_TAG = re.compile(r"\.([a-z]{2}(?:[-_][A-Za-z]{2,4})?)\.x?html?$")
MAX_NAME_LEN = 40


def discover_language_links(html: str | Document, source_locale: str = "en") -> list[LanguageLink]:
    """Every language link of the page, in page order (several may name one locale)."""
    doc = parse_document(html) if isinstance(html, str) else html
    return language_links(page_links(doc), source_locale, doc.text, hosts=site_hosts(doc))


def site_hosts(doc: Document) -> frozenset[str]:
    """The hosts the page says it is served from: its canonical link's, its ``og:url``'s, its ``<base href>``'s
    (with and without ``www.``).  A link there leads to a page of this site, absolute as a CMS writes its switcher
    (``https://www.example.com/index-fr.html``)."""
    hosts: set[str] = set()
    for tag in doc.tags:
        def value(name: str, tag: Tag = tag) -> str:
            attr = tag.attrs.get(name)
            return attr.value if attr is not None else ""

        if tag.name == "link" and "canonical" in value("rel").lower().split():
            url = value("href")
        elif tag.name == "meta" and (value("property") or value("name")) == "og:url":
            url = value("content")
        elif tag.name == "base":
            url = value("href")
        else:
            continue
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            continue
        if parts.scheme.lower() in ("http", "https") and parts.hostname:
            host = parts.hostname.lower()
            hosts.update({host, host.removeprefix("www."), "www." + host.removeprefix("www.")})
    return frozenset(hosts)


def _interlanguage(a: Anchor) -> bool:
    """Whether a link is one of MediaWiki's interlanguage links (``class="interlanguage-link-target"``: Wikipedia's
    日本語 leading to the article on the subject in the Japanese wiki): another site's page, whatever its label says,
    no version of this one."""
    classes = a.tag.attrs.get("class") if a.tag is not None else None
    return classes is not None and "interlanguage-link-target" in classes.value.split()


def language_links(anchors: list[Anchor], source_locale: str = "en", text: str | None = None,
                   choosers: frozenset[int] | None = None, hosts: frozenset[str] = frozenset()) -> list[LanguageLink]:
    """The links (anchors, options) that lead to another language version of the page.

    A switcher is one group: beside a sure language link, a label naming a language only weakly (English on an
    English page, ``EN``) names its link's language too: the options of one dropdown, and anchors side by side
    in `text` (the page's), nothing but markup and separators between them (``<a>English</a> | <a>한국어</a>``);
    so does an anchor's ``hreflang`` or ``lang`` there (a flag linked to another host).  `choosers`: the page's
    `language_choosers`, when `anchors` are not all its links; `hosts`: the page's own (`site_hosts`).  MediaWiki's
    interlanguage links are none (`_interlanguage`).
    """
    anchors = [a for a in anchors if not _interlanguage(a)]
    _prefetch_names(anchors)
    if choosers is None:
        choosers = language_choosers(anchors)
    found: list[Evidence | None] = []
    for a in anchors:
        declared, by = _declared(a, choosers)
        found.append(link_evidence(a.href, a.label, declared, lang=a.lang, source_locale=source_locale,
                                   declared_by=by, media_type=_media_type(a), hosts=hosts)
                     if _weighed(a, choosers) else None)
    switchers = {a.select.start for a, f in zip(anchors, found) if a.select is not None and f and _sure(f[1])}
    if text is not None:
        for i, grouped in _declared_in_group(anchors, found, text, language_of(source_locale)).items():
            found[i] = grouped
    beside = _beside_sure_anchors(anchors, found, text) if text is not None else {}
    links = []
    for i, (a, f) in enumerate(zip(anchors, found)):
        if f is None and a.select is not None and a.select.start in switchers and _weighed(a, choosers):
            f = link_evidence(a.href, a.label, lang=a.lang, source_locale=source_locale, weak_text=True)
        elif f is None and i in beside:
            f = _way_back(a, anchors[beside[i]], found[beside[i]], source_locale)
        if f:
            links.append(LanguageLink(f.locale, a.href, a.label, f.reason, a.tag, a.content_end, f.declared))
    return links


def _media_type(a: Anchor) -> str | None:
    """The media type an anchor's ``type`` attribute says its target has (``application/pdf``), if any."""
    attr = a.tag.attrs.get("type") if a.tag is not None and a.tag.name == "a" else None
    return attr.value if attr is not None else None


def _declared_in_group(anchors: list[Anchor], found: list[Evidence | None], text: str,
                       source_language: str) -> dict[int, Evidence]:
    """Index of each anchor not sure by itself that declares a language (``hreflang``, ``lang``) and sits side by
    side with a sure language link, or with one found so, in a row -> that language: one of the switcher's links,
    wherever it leads (a row of flags linked to each language's site).  A pass each way finds a row in linear time."""
    sure = [f is not None and _sure(f.reason) for f in found]
    out: dict[int, Evidence] = {}
    forward = range(len(anchors))
    for order, step in ((forward, -1), (reversed(forward), 1)):
        for i in order:
            j = i + step
            if sure[i] or not 0 <= j < len(anchors) or not sure[j] or anchors[i].select is not None or \
                    anchors[j].select is not None:
                continue
            declared = _declared_evidence(anchors[i].hreflang, anchors[i].lang, source_language)
            if declared is not None and _side_by_side(text, *((anchors[j], anchors[i]) if step < 0 else
                                                              (anchors[i], anchors[j]))):
                out[i] = declared._replace(reason=f"{declared.reason}, among language links")
                sure[i] = True
    return out


def _way_back(a: Anchor, sure: Anchor, sure_found: Evidence | None, source_locale: str) -> Evidence | None:
    """The evidence when anchor `a`, beside the sure language link `sure`, is the way back to the source:
    its label names the source language (weakly: English on an English page), and its URL is the sure link's with
    the locale taken out or made the source's (``/`` beside ``/ko/``, ``../page.html`` beside ``../ko/page.html``,
    ``?hl=en`` beside ``?hl=ko``): an "English" section, file or site beside a switcher is none."""
    f = link_evidence(a.href, a.label, lang=a.lang, source_locale=source_locale, weak_text=True)
    source = language_of(source_locale)
    if f is None or sure_found is None or language_of(f.locale) != source:
        return None
    here = _without_locale(a.href, lambda code: language_of(code) == source)
    there = _without_locale(sure.href, lambda code: language_of(code) == language_of(sure_found.locale))
    return f if here is not None and there is not None and _same_page(here, there) else None


def _same_page(here: tuple[str, str, str, tuple], there: tuple[str, str, str, tuple]) -> bool:
    """Whether two URLs (as `_without_locale` gives them) may lead to the same page from one page: same scheme,
    host and query, and paths that resolve to one, from a folder the page does not name (`_same_path`)."""
    return here[:2] == there[:2] and here[3] == there[3] and _same_path(here[2] or "/" * bool(here[1]),
                                                                         there[2] or "/" * bool(there[1]))


_Segments = list[str | int]  # a resolved path: ints stand for names unknown (`_resolved`)


def _same_path(first: str, second: str) -> bool:
    """Whether two paths written on one page lead to the same page, wherever in the site that page is: ``team.html``
    and ``../about/team.html`` do from a page in ``about/``.  The page's folders are unknown, so each path is resolved
    against unknown ones (`_resolved`); the two agree when each segment is the same or one of them is unknown."""
    absolute = [p.startswith("/") for p in (first, second)]
    if all(absolute) or not any(absolute):
        depth = max(first.split("/").count(".."), second.split("/").count(".."))
        a, b = _resolved(first, depth), _resolved(second, depth)
    else:
        rooted, relative = (first, second) if absolute[0] else (second, first)
        ups = relative.split("/").count("..")
        a, shallow = _resolved(rooted, 0), _resolved(relative, ups)
        depth = len(a) - len(shallow) + ups if a is not None and shallow is not None else -1  # as deep as `a` is
        b = _resolved(relative, depth) if depth >= 0 else None
    return a is not None and b is not None and len(a) == len(b) and \
        all(x == y or isinstance(x, int) or isinstance(y, int) for x, y in zip(a, b))


def _resolved(path: str, depth: int) -> _Segments | None:
    """A path's segments resolved as a browser does: a relative one against the page's folder, `depth` folders deep
    whose names are unknown (0 … depth-1 stand for them), "" alone for the page itself (-1: its name is unknown);
    a folder's ``index.html`` is the folder ("").  None: it leads above the folders known."""
    if path.startswith("/"):
        out: _Segments = []
        parts = path[1:].split("/")
    elif not path:
        return [*range(depth), -1]
    else:
        out, parts = [*range(depth)], path.split("/")
    for i, part in enumerate(parts):
        if part == "..":
            if not out:
                return None
            out.pop()
        if part in ("..", "."):
            if i == len(parts) - 1:
                out.append("")
            continue
        out.append(part)
    if out and out[-1] in ("index.html", "index.htm"):
        out[-1] = ""
    return out


def _without_locale(href: str, names: Callable[[str], bool]) -> tuple[str, str, str, tuple] | None:
    """The URL with each path segment, file-name tag (page.ko.html) and query value naming a locale `names` accepts
    taken out: what two language versions' URLs have in common."""
    try:
        url = urlsplit(href.strip())
    except ValueError:
        return None
    if url.scheme.lower() not in ("", "http", "https"):
        return None
    segments = []
    for segment in url.path.split("/"):
        code = tag_locale(segment) if _URL_TAG.fullmatch(segment) else None
        if code is not None and names(code):
            continue
        m = _FILE_TAG.search(segment)
        if m is not None and (code := tag_locale(m.group(1))) is not None and names(code):
            segment = segment[:m.start()] + segment[m.end(1):]
        segments.append(segment)
    query = tuple(sorted((k, v) for k, v in parse_qsl(url.query) if not ((code := tag_locale(v)) and names(code))))
    return url.scheme.lower(), url.netloc.lower(), "/".join(segments), query


_NOT_A_SEPARATOR = re.compile(r"[^\W_]")  # a letter or digit: text between two links that is no separator
# the end of a menu, a list or a landmark between two links: they belong to two widgets (a site menu's "Blog", then
# the language switcher's "English" with the same URL), however close
_WIDGET_END = re.compile(r"</(?:nav|ul|ol|menu|header|footer|aside|section|main|article|table|form)[\t\n\f\r />]", re.I)


def _side_by_side(text: str, first: Anchor | LanguageLink, second: Anchor | LanguageLink) -> bool:
    """Whether nothing but markup and separators (``|``, ``/``, ``·``) lies between two links of the page, and the
    markup ends no menu, list or landmark (`_WIDGET_END`)."""
    if first.tag is None or second.tag is None or first.content_end < 0 or second.tag.start < first.content_end:
        return False
    between = text[first.content_end:second.tag.start]
    return not _NOT_A_SEPARATOR.search(unescape(_MARKUP.sub(" ", between))) and not _WIDGET_END.search(between)


def _beside_sure_anchors(anchors: list[Anchor], found: list[Evidence | None], text: str) -> dict[int, int]:
    """Index of each anchor not found to be a language link whose neighbour (the anchor before or after it) is a
    sure one, with nothing but markup and separators (``|``, ``/``, ``·``) between the two -> that neighbour's."""
    out = {}
    for i, a in enumerate(anchors):
        if found[i] is not None or a.select is not None:
            continue
        for j in (i - 1, i + 1):
            other, f = (anchors[j], found[j]) if 0 <= j < len(anchors) else (None, None)
            if other is not None and other.select is None and f is not None and _sure(f[1]) and \
                    _side_by_side(text, *((other, a) if j < i else (a, other))):
                out[i] = j
                break
    return out


def _weighed(link: Anchor, choosers: frozenset[int]) -> bool:
    """An anchor, an option with a URL, or an option of a language chooser (`choosers`: `language_choosers`): an
    option with neither (a country picker's ``value="KR"``) is no link, whatever its label."""
    return link.select is None or bool(link.href) or link.select.start in choosers


def _declared(link: Anchor, choosers: frozenset[int]) -> tuple[str | None, str]:
    """(the language the link declares for its target, the attribute declaring it): an anchor's
    ``hreflang``, the value of an option of a language chooser (``<option value="ko">``)."""
    if link.hreflang:
        return link.hreflang, "hreflang"
    if link.select is not None and link.value and link.select.start in choosers:
        return link.value, "value"
    return None, "hreflang"


def language_choosers(anchors: list[Anchor]) -> frozenset[int]:
    """Start offsets of the anchors' selects that are language choosers: named so (`language_chooser`), or whose
    every option is a language code labelled with that language's own name (``<option value="en">English``,
    ``<option value="ko">한국어``), what a script makes a URL of; a country picker's codes name countries."""
    selects: dict[int, Tag] = {}
    options: dict[int, list[Anchor]] = defaultdict(list)
    for a in anchors:
        if a.select is not None:
            selects[a.select.start] = a.select
            options[a.select.start].append(a)
    return frozenset(start for start, select in selects.items()
                     if language_chooser(select) or all(map(_labelled_with_its_own_name, options[start])))


def _labelled_with_its_own_name(option: Anchor) -> bool:
    """Whether an option's value is a language code and its label CLDR's name of that language in it (``en``
    labelled English, ``zh-TW`` 中文 (台灣)): the option of a language chooser, whatever the select is called."""
    parsed = parse_tag(option.value) if option.value and not option.href else None
    if parsed is None or parsed.language not in _languages() or len(option.label) > MAX_NAME_LEN:
        return False
    candidates = _names(option.label)
    return any(language_of(locale) == parsed.language and code[:1].islower()
               and any(language_of(d) == parsed.language for d in describers)
               for locale, (code, describers) in candidates.items())


_CHOOSER_ATTRS = ("name", "id", "class", "aria-label", "title", "onchange")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


# "Language" in other languages than English (lang… covers langue, Language, lang): Babel's CLDR data has no display
# name of the "language" key, so these are written out.  Words of scripts written with spaces count at a word's start
# (Sprachauswahl, idiomas, język; Turkish dil whole), the others anywhere (言語を選択, 語系, 언어선택).  Written as
# `_plain` leaves them: no accents (jezyk, ngon ngu, γλωσσα), lower case.
_LANGUAGE_WORD = re.compile(
    r"(?<![^\W\d_])(?:sprach|sprak|sprog|idioma|lengua|llengua|lingu|taal|jezyk|jazyk|jezik|nyelv|kieli|keel|kalba"
    r"|valod|limba|bahasa|wika|lugha|hizkuntz|ngon ngu|dil(?:i|ler|ini)?(?![^\W\d_])|язык|мов[аиуо]|език|језик"
    r"|јазик|γλωσσ|שפ[הו]|لغة|اللغ|زبان)"
    r"|言語|语言|語言|語系|语系|언어|ภาษา|ພາສາ|ဘာသာ|ភាសា|भाषा|ভাষা|மொழி|భాష")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def language_chooser(select: Tag) -> bool:
    """Whether a ``<select>`` names itself a language chooser: a word of its name, id, class, aria-label,
    title or onchange is lang…, locale… or a language parameter (``hl``, ``lng``): ``name="hl"``,
    ``id="langSelect"``, ``aria-label="Language"``, ``onchange="setLocale(this.value)"``; or "language" in another
    language (``aria-label="言語"``, ``title="Sprache wählen"``: `_LANGUAGE_WORD`)."""
    for name in _CHOOSER_ATTRS:
        attr = select.attrs.get(name)
        if attr is not None:
            for word in _WORD.findall(attr.value):
                word = word.lower()
                if word in LANG_PARAMS or word.startswith(("lang", "locale")):
                    return True
            if _LANGUAGE_WORD.search(_plain(_CAMEL.sub(" ", attr.value))):
                return True
    return False


def _plain(text: str) -> str:
    """Text without accents, in lower case (``Język`` -> ``jezyk``, ``Ngôn ngữ`` -> ``ngon ngu``), Hangul kept whole."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


def switcher_links(doc: Document, source_locale: str = "en") -> list[LanguageLink]:
    """The page's language-switcher anchors (한국 대만 중국 일본): what the build rewrites and
    what extraction leaves out.

    Only links sure enough (`rewritable`) count; every link with the href of a sure language
    link is one too (a flag image beside the name, linking to the same page), unless that href leads
    to no other page (``#``, ``javascript:…``: a script's link, shared with "Back to top"), or the link is the
    way back to the source language: its page is the site's own (the home page: "Home" and the logo link there too).
    """
    anchors = page_links(doc)
    _prefetch_names(anchors)
    by_href: dict[str, LanguageLink] = {}
    by_tag: dict[int, LanguageLink] = {}
    source = language_of(source_locale)
    way_back: dict[int, LanguageLink] = {}  # the source's links by start tag: a flag right beside one is one too
    choosers = language_choosers(anchors)
    for link in language_links([a for a in anchors if _may_be_rewritable(a, source_locale, choosers)], source_locale,
                               doc.text, choosers, site_hosts(doc)):
        if rewritable(link):
            shared = _shared_target(link.href)
            if shared and language_of(link.locale) != source:
                by_href.setdefault(link.href, link)
            elif link.tag is not None:
                by_tag[link.tag.start] = link
                if shared:
                    way_back[link.tag.start] = link
    out = []
    for k, a in enumerate(anchors):
        sure = by_href.get(a.href)  # only shared targets are in it
        if sure is None and by_tag and a.tag is not None:
            sure = by_tag.get(a.tag.start)
        if sure is None and way_back:
            sure = _way_back_beside(doc.text, anchors, k, way_back)
        if sure is not None:
            out.append(LanguageLink(sure.locale, a.href, a.label, sure.reason, a.tag, a.content_end))
    return out


def _way_back_beside(text: str, anchors: list[Anchor], k: int,
                     way_back: dict[int, LanguageLink]) -> LanguageLink | None:
    """The way back to the source that anchor `k` lies right beside with the same URL (a flag linked beside its
    name), if any: only its neighbours are looked at."""
    a = anchors[k]
    for j, first in ((k - 1, True), (k + 1, False)):
        other = anchors[j] if 0 <= j < len(anchors) else None
        link = way_back.get(other.tag.start) if other is not None and other.tag is not None else None
        if link is not None and link.href == a.href and \
                (_side_by_side(text, link, a) if first else _side_by_side(text, a, link)):
            return link
    return None


def _shared_target(href: str) -> bool:
    """Whether links with this href lead to one other page (a relative or http(s) URL with a path, host
    or query, not only a fragment): then every link with it leads to the same language version."""
    try:
        url = urlsplit(href.strip())
    except ValueError:
        return False
    return url.scheme.lower() in ("", "http", "https") and bool(url.path or url.netloc or url.query)


def _may_be_rewritable(anchor: Anchor, source_locale: str, choosers: frozenset[int]) -> bool:
    """Cheap test before the full weighing: a sure link has hreflang or lang (or declares its language as
    an option of a language chooser), or a label naming a language (a locale in the URL alone is never
    sure), so a 6 000-anchor page weighs a handful."""
    if anchor.hreflang or anchor.lang or (anchor.select is not None and _declared(anchor, choosers)[0]):
        return True
    label = anchor.label
    if not label or len(label) > MAX_NAME_LEN:
        return False
    source_language = source_locale.replace("-", "_").split("_")[0].lower()
    return _text_locale(label, source_language) is not None


def _prefetch_names(anchors: list[Anchor]) -> None:
    """Look the anchors' labels up in the CLDR name index in a few batched queries, not one each."""
    index = _name_index()
    if isinstance(index, _NameLookup):
        labels = [a.label for a in anchors if a.label and len(a.label) <= MAX_NAME_LEN]
        index.prefetch({_norm(label) for label in labels} |
                       {_norm(m.group(1)) for label in labels if not _BRACKETS.isdisjoint(label)
                        and (m := _DISPLAY_NAME.fullmatch(unicodedata.normalize("NFKC", label).strip()))})


def segment_page(text: str, encoding: str = "utf-8", source: str | Path | None = None, id_as_context: bool = False,
                 its_rules: ProjectRules | None = None,
                 source_locale: str = "en") -> tuple[Document, list[LanguageLink]]:
    """The page segmented, and its `switcher_links`: what extract, the pybabel plugin, the build and the review
    server (through `toolkit.pagecache`) all read a page with.

    A switcher link inside a sentence ("Home · About English Français 日本語" in one ``<nav>``) is kept from
    translators as ``translate="no"`` content is: the page is segmented again with those links' content kept
    (`parse_document`'s `kept`), so each is one void placeholder with a note saying what it shows, and the build
    writes its label as the source has it (rewriting only its start tag, as any switcher link's).
    """
    refuse_merge_conflict(text, source)
    doc = parse_document(text, encoding, source, id_as_context, its_rules)
    links = switcher_links(doc, source_locale)
    kept = _sentence_links(doc, links)
    if not kept:
        return doc, links
    doc = parse_document(text, encoding, source, id_as_context, its_rules, kept)
    return doc, switcher_links(doc, source_locale)


_CONFLICT_MIDDLE = re.compile(r"^=======\r?$", re.M)


def refuse_merge_conflict(text: str, source: str | Path | None) -> None:
    """L10nError at the first line of a merge conflict left in a page (a `<<<<<<< ` line, then a `=======` one, then
    a `>>>>>>> ` one, as git writes them): its markers and both sides would be extracted as text to translate and
    built into every locale's page.  A page that shows one as text writes its `<` as `&lt;`."""
    start = 0 if text.startswith("<<<<<<< ") else text.find("\n<<<<<<< ") + 1
    if not start and not text.startswith("<<<<<<< "):
        return
    middle = _CONFLICT_MIDDLE.search(text, start)
    if middle is not None and text.find("\n>>>>>>> ", middle.end()) >= 0:
        raise L10nError("an unresolved merge conflict (<<<<<<< … >>>>>>>, left by git or another version control "
                        "system); resolve it and re-run (a page that shows one as text writes its < as &lt;)",
                        source, text.count("\n", 0, start) + 1)


def _sentence_links(doc: Document, links: list[LanguageLink]) -> set[int]:
    """Start offsets of the switcher anchors inside a text unit that has other text than language labels (those
    units that are nothing but labels are left out whole: `language_label_units`)."""
    anchors = [(link.tag.start, link.content_end) for link in links
               if link.tag is not None and link.tag.name == "a" and link.content_end >= link.tag.end]
    if not anchors:
        return set()
    labels = language_label_units(doc, links)
    out: set[int] = set()
    for unit in doc.units:
        if unit.attribute is None and id(unit) not in labels:
            out.update(start for start, end in anchors if unit.start <= start and end <= unit.end)
    return out


def content_units(doc: Document, source_locale: str = "en", links: list[LanguageLink] | None = None) -> list[Unit]:
    """The page's units that are text for translators: all but the language-switcher labels.

    The one definition extract (and the pybabel plugin) and the review server share; the build skips the same
    labels through `language_label_units`.  `links`: the page's `switcher_links`, when already known.  A page
    read by `segment_page` has its switcher links inside sentences as placeholders already.
    """
    if links is None:
        links = switcher_links(doc, source_locale)
    labels = language_label_units(doc, links)
    return [unit for unit in doc.units if id(unit) not in labels]


def language_label_units(doc: Document, links: list[LanguageLink]) -> set[int]:
    """Ids of the units that are nothing but language-switcher labels ("한국 | 대만 | 중국").

    Such labels name languages, each in its own: they are kept as they are, not offered to
    translators (nor to machine translation).  A unit with any other text is kept.  An option's
    ``label`` attribute is what its dropdown shows: a label too.
    """
    spans = sorted((link.tag.end, link.content_end) for link in links
                   if link.tag is not None and link.content_end >= link.tag.end)
    if not spans:
        return set()
    options = {link.tag.start for link in links if link.tag is not None and link.tag.name == "option"}
    text = doc.text
    # the spans a unit holds, by bisection where they lie apart (as links do: each unit against every span of a page
    # of thousands of options was quadratic)
    starts, ends = [lo for lo, _hi in spans], [hi for _lo, hi in spans]
    apart = all(ends[k] <= starts[k + 1] for k in range(len(spans) - 1))
    out = set()
    for unit in doc.units:
        if unit.attribute is not None:
            if unit.attribute == "label" and unit.owner_tag is not None and unit.owner_tag[0] in options:
                out.add(id(unit))
            continue
        inside = spans[bisect_left(ends, unit.start):bisect_right(starts, unit.end)] if apart else \
            [(lo, hi) for lo, hi in spans if unit.start <= hi and lo <= unit.end]
        if not inside:
            continue
        rest, pos = [], unit.start
        for lo, hi in inside:
            rest.append(text[pos:max(pos, lo)])
            pos = max(pos, hi)
        rest.append(text[pos:unit.end])
        outside = _MARKUP.sub(" ", "".join(rest))
        if not has_letter(unescape(outside)):
            out.add(id(unit))
    return out


def rewritable(link: LanguageLink) -> bool:
    """Sure enough to rewrite in a build: a declared language (hreflang/lang) with a second signal
    (`_confirmed`, or a switcher's row: `language_links`), or link text naming the language.

    A locale in the URL alone is often a link to some other page or site
    (``learn.example.com/en-us/article``), so it is reported but left alone.
    """
    return _sure(link.reason)


def _sure(reason: str) -> bool:
    return not (reason.startswith("URL") and "+ text" not in reason)


def target_links(links: list[LanguageLink], source_locale: str = "en") -> list[LanguageLink]:
    """The first link per language version, the source's left out: the page's target locales.  Tags naming one version
    are one (``zh-Hant`` and ``zh-Hant-TW``, ``ko`` and ``ko-KR``: the same with the script and region each implies),
    so a page's switcher and its alternates give one catalogue for it."""
    source = normalize_locale(source_locale)
    source_version = _version(bcp47(source))
    out: dict[LangTag | str, LanguageLink] = {}
    for link in links:
        same_language = "_" not in source and language_of(link.locale) == source
        version = _version(link.language_tag())
        if link.locale != source and not same_language and version != source_version:
            out.setdefault(version or link.locale, link)
    return list(out.values())


def _version(tag: str) -> LangTag | None:
    """The language version a tag names, the script and region it implies filled in (None: no language tag)."""
    parsed = parse_tag(tag)
    return None if parsed is None else maximal(parsed)


def discover_locales(cfg: Config, page: str | Path) -> list[LanguageLink]:
    """The target locales a page's language switcher links to, and those its ``<link rel=alternate
    hreflang>`` declare (decoded as the build decodes it)."""
    path = Path(page)
    if not path.is_file():
        raise L10nError("page not found; pass the path of an HTML page", path)
    text, encoding = decode_html(path.read_bytes(), path)
    doc = parse_document(text, encoding, path)
    return target_links(discover_language_links(doc, cfg.source_locale) + alternate_links(doc), cfg.source_locale)


def alternate_links(doc: Document) -> list[LanguageLink]:
    """The versions the page's ``<link rel=alternate hreflang>`` declare (x-default is none)."""
    out = []
    for t in alternate_tags(doc):
        hreflang = t.attrs["hreflang"].value.strip()
        code = tag_locale(hreflang)
        if code is not None and "href" in t.attrs:
            out.append(LanguageLink(code, t.attrs["href"].value.strip(), "", f'<link hreflang="{hreflang}">', t,
                                    declared=_declared_tag(hreflang, code)))
    return out


class Evidence(NamedTuple):
    """Why a link is taken for a language link: the locale found, the reason (for humans) and the BCP 47 tag the link
    declares for it, when the locale was read off one (hreflang, lang, a chooser's value)."""

    locale: str
    reason: str
    declared: str = ""


def locale_for_link(href: str, text: str, hreflang: str | None = None, *, lang: str | None = None,
                    source_locale: str = "en", declared_by: str = "hreflang",
                    weak_text: bool = False) -> tuple[str, str] | None:
    """(locale, reason) when the link leads to another language version, else None (`link_evidence`)."""
    found = link_evidence(href, text, hreflang, lang=lang, source_locale=source_locale, declared_by=declared_by,
                          weak_text=weak_text)
    return None if found is None else (found.locale, found.reason)


def link_evidence(href: str, text: str, hreflang: str | None = None, *, lang: str | None = None,
                  source_locale: str = "en", declared_by: str = "hreflang", weak_text: bool = False,
                  media_type: str | None = None, hosts: frozenset[str] = frozenset()) -> Evidence | None:
    """The evidence that the link leads to another language version, else None.

    `hreflang`: the language the link declares for its target (`declared_by` names the attribute:
    an option of a language chooser declares it with its ``value``); `lang`: the language of its text.
    Either counts only as `_confirmed` says.  `weak_text`: a text naming a language only weakly (in the
    source language, a locale code) is enough: the link is in a switcher with sure language links
    (`language_links`).  `media_type`: the link's ``type`` attribute; `hosts`: the page's own (`site_hosts`).
    """
    source_language = language_of(source_locale)
    url = _url_locale(href)
    named = _text_locale(text, source_language)
    declared = _declared_evidence(hreflang, lang, source_language, declared_by)
    if declared is not None and _confirmed(declared, href, media_type, url, named, hosts):
        return declared
    agrees = bool(url and named and language_of(url[0]) == language_of(named[0]))
    if url and (url[2] or agrees):
        return Evidence(url[0], url[1] + (f" + text: {named[1]}" if named and agrees else ""))
    if named and not named[2]:
        return Evidence(named[0], f"text: {named[1]}")
    if named and weak_text:
        return Evidence(named[0], f"text: {named[1]}, among language links")
    return None


def _declared_evidence(hreflang: str | None, lang: str | None, source_language: str,
                       declared_by: str = "hreflang") -> Evidence | None:
    """The language a link declares: its ``hreflang`` (or a chooser option's value), else its ``lang`` when
    not the source language, whether or not that makes it a language link (`_confirmed`)."""
    if hreflang and (code := tag_locale(hreflang)):
        return Evidence(code, f'{declared_by}="{hreflang}"', _declared_tag(hreflang, code))
    if lang and (code := tag_locale(lang)) and language_of(code) != source_language:
        return Evidence(code, f'lang="{lang}"', _declared_tag(lang, code))
    return None


def _confirmed(declared: Evidence, href: str, media_type: str | None, url: tuple[str, str, bool] | None,
               named: tuple[str, str, bool] | None, hosts: frozenset[str] = frozenset()) -> bool:
    """Whether a declared language makes the link a language link by itself: HTML's ``hreflang`` is only the
    language of what the link leads to (a French PDF, a German site) and ``lang`` that of its text (the word
    "Rakete").  A chooser's value always does; either does when the label names that language; ``hreflang``
    when the link leads to a page of this site, ``lang`` when that page's URL names the language too."""
    attribute = declared.reason.partition("=")[0]  # as `_declared_evidence` wrote it
    if attribute == "value":
        return True
    language = language_of(declared.locale)
    if named is not None and language_of(named[0]) == language:
        return True
    if not _page_of_this_site(href, media_type, hosts):
        return False
    return attribute == "hreflang" or (url is not None and language_of(url[0]) == language)


_PAGE_TYPES = {"text/html", "application/xhtml+xml"}


@cache
def _media_types() -> mimetypes.MimeTypes:
    """Python's own table only: the system's may call .php a download.  (Made when first needed: its 2,000 types
    take milliseconds, at every start.)"""
    return mimetypes.MimeTypes()


def _page_of_this_site(href: str, media_type: str | None = None, hosts: frozenset[str] = frozenset()) -> bool:
    """Whether a link leads to a page of the site it is on, as far as the page can tell: a URL without a host, or
    with one of the page's own (`hosts`: another site's page is no version of this one), whose name says no other
    media type than HTML's (a ``.pdf``, a ``.png``) and whose ``type`` attribute none either.  A script's link
    (``#``, ``javascript:``) stays on the page."""
    if media_type and media_type.split(";", 1)[0].strip().lower() not in _PAGE_TYPES:
        return False
    try:
        url = urlsplit(href.strip())
    except ValueError:
        return False
    if url.scheme.lower() not in ("", "http", "https", "javascript"):
        return False
    if url.netloc and (url.hostname or "").lower() not in hosts:
        return False
    if url.scheme.lower() == "javascript":
        return True
    guessed, _ = _media_types().guess_type(url.path.rsplit("/", 1)[-1])
    return guessed is None or guessed in _PAGE_TYPES


def _declared_tag(tag: str, locale: str) -> str:
    """The declared tag, as written, when it was read as a language tag (``sr-Latn``, ``de-CH-1996``), for the build
    to match whole; "" when it was read as a country (``jp`` is Japan: the locale's own tag stands for it)."""
    parsed = parse_tag(tag)
    return tag.strip() if parsed is not None and parsed.language == language_of(locale) else ""


def tag_locale(tag: str, territory_first: bool = False) -> str | None:
    """gettext locale of a BCP 47 tag, keeping what it says (`gettext_name`): ko-KR -> ko_KR, zh-tw -> zh_TW,
    zh-Hant -> zh_Hant, zh-Hant-TW -> zh_TW, sr-Latn -> sr@latin, fil, cmn-Hans-CN -> zh_CN; jp -> ja.

    A bare two-letter code is tried as a language, then as a territory (`territory_first`
    swaps that: ISO country codes are upper case, as in ESA's esaTW where tw is not Twi).
    A language must be one Babel has data for (a catalogue needs it for Plural-Forms).
    """
    tag = tag.strip()
    if len(tag) == 2 and tag.isascii() and tag.isalpha():
        as_language = _gettext_locale(tag.lower()) if tag.lower() in _languages() else None
        as_territory = _territory_locale(tag.upper())
        first, second = (as_territory, as_language) if territory_first else (as_language, as_territory)
        return first or second
    parsed = parse_tag(tag)
    return gettext_name(parsed) if parsed is not None and parsed.language in _languages() else None


def _url_locale(href: str) -> tuple[str, str, bool] | None:
    """(locale, description, strong) for a locale named by the URL."""
    try:
        url = urlsplit(href.strip())
    except ValueError:
        return None
    if url.scheme not in ("", "http", "https"):
        return None
    for key, value in parse_qsl(url.query):
        if key.lower() in LANG_PARAMS and (code := tag_locale(value)):
            return code, f"URL query {key}={value}", True
    segments = [s for s in url.path.split("/") if s not in ("", ".", "..")]
    if segments and (m := _URL_TAG.fullmatch(segments[0])):
        first = segments[0]
        if code := tag_locale(first, territory_first=first.isupper()):
            strong = len(m.group(1)) == 2 and (len(first) > 2 or first.lower() not in AMBIGUOUS_CODES)
            return code, f"URL path /{first}/", strong
    for segment in segments:
        m = _GLUED_CODE.fullmatch(segment)
        if m and (code := tag_locale(m.group(1), territory_first=True)):
            return code, f"URL code {segment}", False
    if segments and (m := _FILE_TAG.search(segments[-1])) and (code := tag_locale(m.group(1))):
        return code, f"URL file name {segments[-1]}", True
    return None


def label_languages(text: str) -> frozenset[str]:
    """The languages in which CLDR names a language or country with this label (대만 is Korean, Deutsch German);
    empty when it is no known name (an alias, a code, a flag): what the build may say of the label's own language."""
    if not text or len(text) > MAX_NAME_LEN:
        return frozenset()
    return frozenset(d.split("_")[0] for _code, describers in _names(text).values() for d in describers)


# A label naming its language twice: its own name and another language's, or a code (日本語 (Japanese),
# Korean (한국어), KO - 한국어, 日本語 / Japanese, EN | English)
_TWO_NAMES = re.compile(r"(.+?)\s*\((.+)\)|(.+?)\s+[-–—]\s+(.+)|(.+?)\s*[/|·]\s*(.+)")
# A language's name and the word for its version of the site (中文版, 日本語サイト, 한국어 사이트)
_VERSION_WORDS = ("版", "판", "サイト", "ページ", "사이트", "페이지", "网站", "網站")
_SITE_VERSION = re.compile(rf"(.+?)\s*(?:{'|'.join(_VERSION_WORDS)})")


def _text_locale(text: str, source_language: str) -> tuple[str, str, bool] | None:
    """(locale, how, weak) for a link text naming a language or country.

    Weak (it only corroborates a URL) unless it is a common short form or the name in the
    language itself (Deutsch, 日本語, España), and not a name in the source language either.
    A label naming one language in two ways (`_TWO_NAMES`), or with the word for a site's version of it
    (`_SITE_VERSION`), names it as its stronger half does.
    """
    found = _one_text_locale(text, source_language)
    if found is not None or not text or len(text) > MAX_NAME_LEN:
        return found
    plain = unicodedata.normalize("NFKC", text).strip()
    if plain.endswith(_VERSION_WORDS) and (m := _SITE_VERSION.fullmatch(plain)) is not None:
        return _one_text_locale(m[1], source_language)
    if (m := _TWO_NAMES.fullmatch(plain)) is None:
        return None
    first, second = (part for part in m.groups() if part is not None)
    if (a := _one_text_locale(first, source_language)) is None:  # (most links: "Item 12 - details")
        return None
    b = _one_text_locale(second, source_language)
    if b is None or language_of(a[0]) != language_of(b[0]):
        return None
    if a[0] != b[0] and "_" in a[0] and "_" in b[0]:
        return None  # (简体中文 / 繁體: two locales of one language)
    strong = b if a[2] and not b[2] else a
    if "_" not in strong[0]:  # (the more specific of the two: "Deutsch (Schweiz) / German" is de_CH)
        strong = (b if strong is a else a)[0], strong[1], strong[2]
    return strong[0], f"{a[1]} + {b[1]}", a[2] and b[2]


def _one_text_locale(text: str, source_language: str) -> tuple[str, str, bool] | None:
    """`_text_locale` of a label that names a language once."""
    if not text or len(text) > MAX_NAME_LEN:
        return None
    key = _norm(text)
    alias = _ALIAS_KEYS.get(key)
    candidates = _names(text)
    if alias and (not candidates or alias not in candidates):
        return alias, "common name", False
    if not candidates:
        if _TAG.fullmatch(text) and (code := tag_locale(text)):  # "KO", "zh-TW": only corroborates
            return code, "locale code", True
        return None
    if alias:
        candidates = {alias: candidates[alias]}
    locale = max(sorted(candidates), key=lambda loc: len(candidates[loc][1]))
    code, describers = candidates[locale]
    in_source = any(d.split("_")[0] == source_language for locs in candidates.values() for d in locs[1])
    language = locale.split("_")[0]
    describer = min(describers, key=lambda d: (d.split("_")[0] != language, d.split("_")[0] != source_language, d))
    # (CLDR names Norwegian Bokmål and Nynorsk in their parent locale, no: "norsk bokmål" is nb's own name)
    endonym = describer.split("_")[0] in (language, get_global("parent_exceptions").get(language))
    return locale, f"CLDR {describer} name of {code}", in_source or not (endonym or alias)


_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    """The name index's key of a name: compatibility forms folded (full-width brackets and letters), no case, nothing
    but letters and digits.  (Remembered: a label is looked up three ways, and a site's navigation repeats.)"""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def _names(text: str) -> Names:
    """What CLDR names a label: the name index's entries for it, else those of a display name CLDR composes as
    "language (script, region)" (``中文 (繁體, 台灣)``, ``中文（台灣）``, ``中国語 (繁体字)``): `_display_name`."""
    found = _name_index().get(_norm(text))
    if found or _BRACKETS.isdisjoint(text):
        return found or {}
    return _display_name(text)


_DISPLAY_NAME = re.compile(r"(.+?)\s*\(([^()]+)\)")
_BRACKETS = frozenset("(\uff08")  # what a display name's bracket is before NFKC: ASCII's or the full-width one
_LIST_SEPARATOR = re.compile(r"[,、]")


@lru_cache(maxsize=1024)
def _display_name(text: str) -> Names:
    """The locale a name composed as CLDR's display names are, a language's name and then its script and region in
    brackets (``中文 (繁體, 台灣)`` is zh_TW), names: each bracketed part a script's or region's name in a language
    naming the language so (the describer's own names, its parents' included).  A language named with its script
    already takes a region so too (``繁體中文（香港）``, ``简体中文 (中国)``: Chinese sites' pickers)."""
    m = _DISPLAY_NAME.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if m is None:
        return {}
    parts = {p.strip() for p in _LIST_SEPARATOR.split(m.group(2)) if _norm(p)}
    out: Names = {}
    for _locale, (code, describers) in sorted((_name_index().get(_norm(m.group(1))) or {}).items()):
        language, _, script = code.partition("_")
        if not language.islower() or (script and len(script) != 4):
            continue  # a country's name, or one naming a region already
        for describer in describers:
            found = _script_and_region(describer, frozenset(parts))
            if found is None or (script and found[0] not in (None, script)):
                continue
            found = (script or found[0], found[1])
            locale = _gettext_locale(language, *found)
            named = "_".join(p for p in (language, *found) if p)
            out.setdefault(locale, (named, []))[1].append(describer)
    return out


@lru_cache(maxsize=256)
def _script_and_region(describer: str, parts: frozenset[str]) -> tuple[str | None, str | None] | None:
    """(script, region) that the `describer` locale's names `parts` (as written) are, at most one of each; None if
    any is neither.  A region may also be named by its code in capitals (``English (US)``, ``English (UK)``) or by
    the short form of its name (`_short_region`)."""
    data = Locale.parse(describer)
    scripts = {_norm(name): code for code, name in data.scripts.items()}
    regions = {_norm(name): code for code, name in _regions(describer)}
    found_scripts: list[str] = []
    found_regions: list[str] = []
    for part in parts:
        key = _norm(part)
        if key in scripts:
            found_scripts.append(scripts[key])
        elif (region := regions.get(key) or _region_code(part) or _short_region(describer, part)) is not None:
            found_regions.append(region)
        else:
            return None
    if len(found_scripts) > 1 or len(found_regions) > 1:
        return None
    return next(iter(found_scripts), None), next(iter(found_regions), None)


def _regions(describer: str) -> list[tuple[str, str]]:
    """(code, name) of the regions `describer` names: countries and territories, and numeric areas (419: Latin
    America), not continents' letters-only groupings."""
    return [(code, name) for code, name in Locale.parse(describer).territories.items()
            if (len(code) == 2 and code.isalpha()) or (len(code) == 3 and code.isdigit())]


def _region_code(part: str) -> str | None:
    """The region an ISO 3166 code in capitals names (``US``, ``U.S.``, ``USA``; ``UK``, which the UK reserved, for
    GB): a region's own code, or one CLDR's aliases replace by a single region (its three-letter codes)."""
    part = part.replace(".", "").replace(" ", "")
    if len(part) not in (2, 3) or not part.isascii() or not part.isupper():
        return None
    if len(part) == 2 and part in Locale.parse("en").territories:
        return part
    replacement = get_global("territory_aliases").get(part, [])
    return replacement[0] if len(replacement) == 1 else None


def _short_region(describer: str, part: str) -> str | None:
    """The region named by the short form of its name, which CLDR gives beside the long one (alt="short") but Babel
    does not carry: "Hong Kong" of "Hong Kong SAR China", 香港 of 中国香港特别行政区, 홍콩 of 홍콩(중국 특별행정구).
    The one region of `describer` whose name holds `part` as whole words (anywhere in a name written without
    spaces, in Han characters or kana), else, for such a part, the one region whose name it holds; none when it
    is in several ("Korea", "North", "Islands") or holds several (中国台湾)."""
    text = part.casefold()
    if len(text) < 2:
        return None
    spaceless = re.fullmatch(f"[{HAN_OR_KANA}]+", text) is not None  # (compiled when first needed: `re`'s cache)
    pattern = re.compile(re.escape(text) if spaceless else rf"(?<!\w){re.escape(text)}(?!\w)")
    regions = _regions(describer)
    found = {code for code, name in regions if pattern.search(name.casefold())}
    if not found and spaceless:  # a name with a word more, the other way round: 中国大陆 (mainland China) of 中国
        found = {code for code, name in regions if len(name) >= 2 and name.casefold() in text}
    return found.pop() if len(found) == 1 else None


_ALIAS_KEYS = {_norm(k): v for k, v in ALIASES.items()}


@cache
def _languages() -> frozenset[str]:
    """Language codes Babel has locale data for (a catalogue needs it for Plural-Forms)."""
    return frozenset(i for i in locale_identifiers() if "_" not in i and i != "root")


def _likely_territory(subtags: str) -> str | None:
    last = likely_subtags(subtags).split("_")[-1]
    return last if len(last) == 2 and last.isalpha() else None


@cache
def _gettext_locale(language: str, script: str | None = None, territory: str | None = None) -> str:
    """Chinese keeps its territory (zh_CN, zh_TW: the gettext names); others only when it is
    not the language's main one (ko_KR -> ko, pt_PT stays)."""
    default = (script and _likely_territory(f"{language}_{script}")) or _likely_territory(language)
    if language == "zh":
        code = f"zh_{territory or default or 'CN'}"
    elif territory and territory != default:
        code = f"{language}_{territory}"
    else:
        return language
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return language
    return code


@cache
def _territory_locale(territory: str) -> str | None:
    """The main language of a country, as a gettext locale: KR -> ko, TW -> zh_TW, JP -> ja."""
    likely = likely_subtags(f"und_{territory}")
    if not likely:
        return None
    parts = likely.split("_")
    script = next((p for p in parts[1:] if len(p) == 4), None)
    return _gettext_locale(parts[0], script, territory) if parts[0] in _languages() else None


def _own_data(ident: str) -> dict:
    """A locale's own CLDR data, without its parents: 3x faster than Locale(), and unlike
    localedata.load(merge_inherited=False) it does not poison Babel's cache for everyone.

    These are Babel's own installed data files (Babel stores CLDR as pickles and loads them the
    same way); nothing from the project or a cache directory is ever unpickled."""
    with open(localedata.resolve_locale_filename(ident), "rb") as fh:
        return pickle.load(fh)


NAME_INDEX_VERSION = 2  # bump when _build_name_index changes what it stores (2: SQLite, was pickle)
Names = dict[str, tuple[str, list[str]]]  # locale -> (code named, [CLDR locales using the name])
NameIndex = dict[str, Names]


def _name_index_cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "l10n-toolkit" / f"cldr-names-babel{babel.__version__}-v{NAME_INDEX_VERSION}.sqlite"


_BATCH = 500  # keys per batched query (SQLite allows at least 999 parameters)


class _NameLookup:
    """Look-ups in the name index kept in SQLite: a page needs a handful of its ~60 000 names,
    so only those are read (loading the whole index as JSON would cost as much as building it).
    A cache is data, never code.  Each process opens its own connection (build workers fork)."""

    def __init__(self, path: Path):
        self.path = path
        self.pid = -1
        self.db: sqlite3.Connection | None = None
        self.memo: dict[str, Names | None] = {}

    def connection(self) -> sqlite3.Connection:
        if self.db is None or self.pid != os.getpid():
            self.db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self.pid = os.getpid()
        return self.db

    def check(self) -> None:
        """Raise sqlite3.Error or ValueError unless this is a complete index of this version."""
        row = self.connection().execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if row is None or row[0] != str(NAME_INDEX_VERSION):
            raise ValueError("not a CLDR name index of this version")

    def prefetch(self, keys: set[str]) -> None:
        """Read many keys at once (a page's anchor labels): `get` then answers them from memory."""
        todo = [k for k in keys if k not in self.memo]
        try:
            db = self.connection()
            for i in range(0, len(todo), _BATCH):
                chunk = todo[i:i + _BATCH]
                rows = db.execute(f"SELECT key, value FROM names WHERE key IN ({','.join('?' * len(chunk))})",
                                  chunk).fetchall()
                found = {key: _names_from_json(value) for key, value in rows}
                for key in chunk:
                    self.memo[key] = found.get(key)
        except (sqlite3.Error, ValueError, TypeError) as exc:
            log.warning("%s: unreadable CLDR name cache (%s); delete it to rebuild", self.path, exc)

    def get(self, key: str) -> Names | None:
        if key in self.memo:
            return self.memo[key]
        found = None
        try:
            row = self.connection().execute("SELECT value FROM names WHERE key = ?", (key,)).fetchone()
            if row is not None:
                found = _names_from_json(row[0])
        except (sqlite3.Error, ValueError, TypeError) as exc:
            log.warning("%s: unreadable CLDR name cache (%s); delete it to rebuild", self.path, exc)
        self.memo[key] = found
        return found


def _names_from_json(text: str) -> Names:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    out: Names = {}
    for locale, (code, describers) in data.items():
        if not isinstance(code, str) or not isinstance(describers, list):
            raise ValueError("malformed entry")
        out[locale] = (code, describers)
    return out


@lru_cache(maxsize=1)
def _name_index() -> _NameLookup | NameIndex:
    """Normalised language/territory name -> {locale: (code named, [CLDR locales using it])}.

    Building it reads every CLDR locale (~1 s), so it is kept in the user's cache directory
    per Babel version.  A corrupt cache is rebuilt (with a warning); where none can be written
    the index lives in memory.
    """
    path = _name_index_cache()
    if path.exists():
        lookup = _NameLookup(path)
        try:
            lookup.check()
            return lookup
        except (sqlite3.Error, ValueError) as exc:
            log.warning("%s: unreadable CLDR name cache (%s); rebuilding it", path, exc)
    index = _build_name_index()
    try:
        _write_name_index(path, index)
    except (OSError, sqlite3.Error):
        return index  # a read-only home is fine: the index is rebuilt next time
    return _NameLookup(path)


def _write_name_index(path: Path, index: NameIndex) -> None:
    """Write the index to a temporary file and rename it into place (atomic, like every write)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            with db:
                db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
                db.execute("CREATE TABLE names (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                db.executemany("INSERT INTO names VALUES (?, ?)",
                               ((k, json.dumps(v, ensure_ascii=False)) for k, v in index.items()))
                db.execute("INSERT INTO meta VALUES ('version', ?)", (str(NAME_INDEX_VERSION),))
        finally:
            db.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _build_name_index() -> NameIndex:
    index: dict[str, dict[str, tuple[str, list[str]]]] = defaultdict(dict)

    def add(name: str, locale: str | None, code: str, describer: str) -> None:
        key = _norm(name)
        if locale and len(key) >= 2:
            index[key].setdefault(locale, (code, []))[1].append(describer)

    describers = sorted(i for i in locale_identifiers()
                        if i != "root" and ("_" not in i or (i.count("_") == 1 and len(i) - i.index("_") == 5)))
    for ident in describers:
        data = _own_data(ident)
        for code, name in data.get("languages", {}).items():
            parts = code.split("_")
            if parts[0] in _languages():
                script = next((p for p in parts[1:] if len(p) == 4), None)
                territory = next((p for p in parts[1:] if len(p) == 2), None)
                add(name, _gettext_locale(parts[0], script, territory), code, ident)
        for code, name in data.get("territories", {}).items():
            if len(code) == 2 and code.isalpha():
                add(name, _territory_locale(code), code, ident)
    return dict(index)
