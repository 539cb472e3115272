"""Where each locale's copy of a page lives, and the language-switcher edits that lead there.

The switcher's anchors and dropdown options come from the one link finder (`toolkit.html.links`)
weighed by `toolkit.discover`; only links sure enough (`rewritable`: two signals, hreflang on a link to a
page of this site, or a language name) get their URL pointed at the built page of their locale and ``lang``
for their language; an anchor also ``hreflang`` and, on the page's own language, ``aria-current="page"``;
an option is ``selected`` on the page's own language instead.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from toolkit.build.splice import Edit
from toolkit.discover import LanguageLink, label_languages
from toolkit.html import Document
from toolkit.html.links import option_urls
from toolkit.html.render import escape_attr
from toolkit.html.segment import Tag
from toolkit.html.tokenize import ATTR_RE
from toolkit.locales import matching_locale, parse_tag

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
# an error page a server sends for a missing address (404.html, as GitHub Pages and Netlify look for it), at the
# address that was missed: no page for search engines to list, and its relative links resolve against that address
_ERROR_PAGE = re.compile(r"[45]\d\d\.html?\Z", re.IGNORECASE)


def is_error_page(rel: str) -> bool:
    """Whether the page `rel` is a server's error page: ``404.html`` (or another 4xx/5xx) at the site's top, where
    static hosts look for it; ``products/401.html`` is a page like any other."""
    return _ERROR_PAGE.fullmatch(rel) is not None


@dataclass
class SiteLayout:
    """Where each locale's copy of every page lives in the built site (build/ is the site root).

    Source-language pages sit at their source paths; each locale's pages under its URL segment
    (``ko/about/team.html``).  A page withheld from a locale (``--min-percent``) is served by its
    source page: links, alternates and switchers lead there instead.
    """

    source_locale: str
    locales: list[str]  # every target locale of the site (not only those being built)
    lang_tags: dict[str, str]  # gettext locale -> BCP 47
    segments: dict[str, str] = field(default_factory=dict)  # locale -> URL segment (default: its name)
    pages: frozenset[str] | None = None  # the site's pages (None: any *.html path is taken for one)
    withheld: frozenset[tuple[str, str]] = frozenset()  # (locale, page) not published
    base_url: str | None = None  # "https://example.org/": absolute alternates, canonical, sitemap
    og_locales: dict[str, str] = field(default_factory=dict)  # locale -> og:locale form (ko -> ko_KR)
    clean_urls: bool = False  # absolute URLs name pages without their suffix (`public_path`)
    assets: frozenset[str] | None = None  # the source dir's other files, by source path (None: not known)
    # refs.rewrite_url's answers for this layout: (url, locale, source base, built base, a link's <base href>, written
    # root-absolute) -> new URL or None
    rewrites: dict[tuple[str, str, str | None, str | None, str | None, bool], str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def lang(self, locale: str) -> str:
        return self.lang_tags.get(locale, locale.replace("_", "-"))

    def segment(self, locale: str | None) -> str:
        if locale is None or locale == self.source_locale:
            return ""
        return self.segments.get(locale) or locale

    def is_page(self, rel: str) -> bool:
        return rel in self.pages if self.pages is not None else rel.lower().endswith(PAGE_SUFFIXES)

    def published(self, locale: str | None, rel: str) -> bool:
        """Whether build/ holds `rel` in `locale` (the source language always)."""
        if locale is None or locale == self.source_locale:
            return True
        return locale in self.locales and (locale, rel) not in self.withheld

    def version_tags(self) -> tuple[tuple[str, str], ...]:
        """(locale, its BCP 47 tag) of every version of the site, the source first: what language links are matched
        against (`linked_locale`)."""
        return tuple((loc, self.lang(loc)) for loc in (self.source_locale, *self.locales))

    def linked_locale(self, link: LanguageLink) -> str | None:
        """The site's version a language link names, by its tag (`locales.matching_locale`: ``pt-BR`` is a pt_BR or
        a pt site's, ``zh-Hant`` a zh_Hant or zh_TW one's, ``de-CH`` a de one's); None: one the site does not have."""
        return matching_locale(link.language_tag(), self.version_tags())

    def page_locales(self, rel: str) -> list[str]:
        """The locales `rel` is published in, the source first: its alternates and switcher targets."""
        return [self.source_locale, *(loc for loc in self.locales if self.published(loc, rel))]

    def site_path(self, locale: str | None, rel: str) -> str:
        """Path of `rel` in `locale` within the built site; an unpublished page is its source page."""
        seg = self.segment(locale) if self.published(locale, rel) else ""
        return posixpath.join(seg, rel) if seg else rel

    @property
    def base_path(self) -> str:
        """The path of the site's root in its URLs ("/", or "/docs/" for a `base_url` of ``https://x.org/docs/``)."""
        return (urlsplit(self.base_url).path or "/") if self.base_url else "/"

    def rooted(self, target: str) -> str:
        """The root-absolute URL of site path `target` (under `base_path`)."""
        return self.base_path + url_path(target)

    def href(self, from_locale: str, rel: str, to_locale: str | None, to_rel: str | None = None,
             link_dir: str | None = None) -> str:
        """URL from the built page `rel` in `from_locale` to `to_rel` (default: the same page) in
        `to_locale` (None: the source language): absolute with `base_url`, root-absolute from an error page
        (`is_error_page`: a relative URL would resolve against whatever address was missed), else relative."""
        target = self.site_path(to_locale, rel if to_rel is None else to_rel)
        if self.base_url:
            return self.absolute(target)
        if is_error_page(rel):
            return self.rooted(target)
        return url_path(self.relative(from_locale, rel, target, link_dir))

    def absolute(self, target: str) -> str:
        """The absolute URL (`base_url` is set) of site path `target`: the URL its host answers for it."""
        assert self.base_url
        return self.base_url + url_path(public_path(target, self.clean_urls))

    def relative(self, from_locale: str, rel: str, target: str, link_dir: str | None = None) -> str:
        """Relative URL from the built page `rel` in `from_locale` to `target` (a site path).

        `link_dir`: the site directory the page's relative URLs resolve in when a ``<base href>`` moves them
        (`refs.link_dir`; None: the page's own).
        """
        here = posixpath.dirname(self.site_path(from_locale, rel)) if link_dir is None else link_dir
        return relative_path(target, here or ".")


def url_path(path: str) -> str:
    """A site path as the path of a URL: a file named ``c#.html``, ``100%.html``, ``my page.html`` or ``café.html``
    percent-encoded (a raw ``#`` or ``?`` ends the path, a space or ``%`` is no URL); the delimiters a path may hold
    are kept, but ``:`` (a relative ``a:b.html`` would read as a scheme)."""
    return quote(path, safe="/!$&'()*+,;=@")


def public_path(site_path: str, clean: bool = False) -> str:
    """A page's path in its absolute URL: a folder's ``index.html`` is the folder (``ko/api/``, the root ``""``),
    the URL servers answer for it.  Sites with folder URLs (MkDocs, Hugo, Jekyll) link their pages so and name them
    so in their own canonical links and sitemaps: Material for MkDocs follows only links its sitemap lists, so a
    sitemap naming ``api/Agent/index.html`` turned its instant navigation off on every page.

    `clean`: other pages too are named without their suffix (``ko/about`` for ko/about.html), as hosts with clean
    URLs answer (they redirect the ``.html`` form, and search engines report alternates and canonicals that redirect).
    """
    if site_path == "index.html" or site_path.endswith("/index.html"):
        return site_path[:-len("index.html")]
    if clean and (stem := unsuffixed(site_path)) is not None:
        return stem
    return site_path


def unsuffixed(site_path: str) -> str | None:
    """`site_path` without its ``.html`` (the clean URL of a page); None for another name: hosts with clean URLs
    answer ``/x`` with x.html, not x.htm, so an ``.htm`` page keeps its suffix."""
    stem, dot, suffix = site_path.rpartition(".")
    if dot and suffix == "html" and posixpath.basename(stem):
        return stem
    return None


def relative_path(target: str, start: str) -> str:
    """The relative URL path from site directory `start` to site path `target`, worked out on the paths alone.

    `posixpath.relpath` resolves both against the current directory, so a target above the site's root (an author's
    ``../../std/``) came out clamped at the depth of wherever the build was run from; here ``..`` stays ``..``, and a
    link above the root keeps leading where it did.  ValueError for an empty or absolute path, or a `start` that
    climbs above `target`'s common part (naming the folders above the root would take the file system).
    """
    parts, base = _site_segments(target), _site_segments(start)
    common = 0
    for a, b in zip(parts, base):
        if a != b:
            break
        common += 1
    if ".." in base[common:]:
        raise ValueError(f"{start!r} climbs above {target!r}")
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def _site_segments(path: str) -> list[str]:
    """A relative site path's segments, normalised (``a/./b/../c`` -> a, c); the leading ``..`` are kept."""
    if not path or path.startswith("/"):
        raise ValueError(f"not a relative site path: {path!r}")
    segments = path.split("/")
    if not any(s in ("", ".", "..") for s in segments):
        return segments  # (the common case, a page's link per locale in every locale: nothing to normalise)
    norm = posixpath.normpath(path)
    return [] if norm == "." else norm.split("/")


def language_link_edits(doc: Document, links: list[LanguageLink], rel: str, locale: str, layout: SiteLayout,
                        link_dir: str | None = None, xml: bool = False, off_site_base: bool = False,
                        rebase: Callable[[str], str | None] | None = None) -> list[Edit]:
    """Point the switcher's links at the built pages of their locales, marked with their language.

    A link to a locale the page is not published in leads to the source page (its label, a
    language name, stays); a link to a locale the site does not have is left as it is, but for its URL, which
    `rebase` (`refs.rebased_url`) writes from the built page's place to lead where it did, as any relative
    reference's (``../ko/s.html`` is ``../../ko/s.html`` from ``en/``).  A URL keeps the root-absolute
    (or, with `base_url`, absolute) form its source had (a script reads an option's: ``location.origin +
    this.value`` needs a root-absolute one); any other becomes absolute with `base_url` where the page's ``<base
    href>`` is off the site (`off_site_base`: a relative URL would lead to that other site), root-absolute on an
    error page (served at whatever address was missed), else relative.  An option gets ``lang`` (it has no
    ``hreflang``), and the page's own language is the ``selected`` option of its select.
    """
    edits = []
    error_page = is_error_page(rel)
    chosen = _chosen_options(doc, links, locale, layout)
    for link in links:
        tag = link.tag
        if tag is None:
            continue
        option = tag.name == "option"
        if option:
            edits += _selected_edits(doc.text, tag, chosen, xml)
        linked = layout.linked_locale(link)
        if linked is None:
            if rebase is not None:
                edits += [Edit(slot.start, slot.end, f'"{escape_attr(url)}"')
                          for slot in (option_urls(tag) if option else [tag.attrs["href"]])
                          if (url := rebase(slot.value)) is not None]
            continue
        target_locale = None if linked == layout.source_locale else linked
        target = layout.site_path(target_locale, rel)
        for slot in option_urls(tag) if option else [tag.attrs["href"]]:
            url = _kept_form(slot.value, target, layout)
            if not url and off_site_base and layout.base_url:
                url = layout.absolute(target)
            if not url and error_page:
                url = layout.rooted(target)
            url = _source_form(url or url_path(layout.relative(locale, rel, target, link_dir)), slot.value)
            edits.append(Edit(slot.start, slot.end, f'"{escape_attr(url)}"'))
        lang = layout.lang(linked)
        marks = [] if option else [("hreflang", lang)]
        if (label_lang := _label_lang(link, tag, lang, layout.lang(layout.source_locale))) is not None:
            marks.insert(0, ("lang", label_lang))
        if linked == locale and not option:
            marks.append(("aria-current", "page"))
        inserted = []
        for name, value in marks:
            attr = tag.attrs.get(name)
            if attr is None:
                inserted.append(f' {name}="{escape_attr(value)}"')
            elif attr.end > attr.start and attr.value != value:
                edits.append(Edit(attr.start, attr.end, f'"{escape_attr(value)}"'))
        if option and chosen.get(tag.start) is True and "selected" not in tag.attrs:
            inserted.append(' selected="selected"' if xml else " selected")
        if inserted:
            at = tag.start + 1 + len(tag.name)  # after "<a" or "<option"
            edits.append(Edit(at, at, "".join(inserted)))
    return edits


def _label_lang(link: LanguageLink, tag: Tag, lang: str, source_lang: str) -> str | None:
    """The ``lang`` the label gets, None to leave it as it is: ``lang`` says what language the label's text is in
    (``hreflang`` that of the page it leads to).  A label CLDR names in the linked language (한국어, Deutsch) gets
    `lang` whatever the author wrote (switcher links copied from one another keep ``lang="en"``).  Otherwise an
    author's ``lang`` naming another language is kept (the ESA bar's Korean 대만 for zh-TW), one naming the linked
    language respelled as the site tags it; without one, a label CLDR names in one other language only (대만, French)
    gets that language (or the source's, among several: Korean is English, Maltese and Filipino), and a common short
    form, a code or a flag the linked language's."""
    wanted = parse_tag(lang)
    known = label_languages(link.text)
    if wanted is not None and wanted.language in known:
        return lang
    attr = tag.attrs.get("lang")
    if attr is not None and attr.value.strip():
        declared = parse_tag(attr.value)
        return lang if declared is not None and wanted is not None and declared.language == wanted.language else None
    if not known:
        return lang
    if len(known) == 1:
        return next(iter(known))
    source = parse_tag(source_lang)
    return source_lang if source is not None and source.language in known else None


def _kept_form(source_url: str, target: str, layout: SiteLayout) -> str | None:
    """The URL of site path `target` in the form of `source_url`: root-absolute stays root-absolute (under the
    site's `base_path`), an absolute http(s) URL absolute (with `base_url`); None: relative."""
    raw = source_url.strip()
    if raw.startswith("/") and not raw.startswith("//") and not raw.startswith("/\\"):
        return layout.rooted(target)
    try:
        absolute = urlsplit(raw).scheme.lower() in ("http", "https") or raw.startswith("//")
    except ValueError:
        return None
    return layout.base_url + url_path(target) if absolute and layout.base_url else None


_CLEAN_NAME = re.compile(r"[^\s<>\"'().%]+")  # a page named without a suffix (`about`, `über-uns`)


def _source_form(url: str, source_url: str) -> str:
    """`url` in the form of the source's link: a folder's ``index.html`` named as its folder (``/ja/about/``) when the
    source's names one so (``/about/``, ``../``), a page without its ``.html`` (``/ja/about``) when the source's is a
    clean URL (``/about``): hosts answer both, but a site names its pages one way."""
    try:
        parts = urlsplit(source_url.strip())
    except ValueError:
        return url
    if parts.scheme.lower() not in ("", "http", "https"):  # (`javascript:…`: replaced by the page's URL as it is)
        return url
    path = parts.path
    name = posixpath.basename(path)
    if url == "index.html" or url.endswith("/index.html"):
        folder = path.endswith("/") or name in ("", ".", "..") or _CLEAN_NAME.fullmatch(name) is not None  # (`/about`)
        return (url[:-len("index.html")] or "./") if folder else url
    if _CLEAN_NAME.fullmatch(name) and (stem := unsuffixed(url)) is not None:
        return stem
    return url


def _chosen_options(doc: Document, links: list[LanguageLink], locale: str, layout: SiteLayout) -> dict[int, bool]:
    """Start offset of each sure language option -> whether it is its select's option for `locale` (the
    first one naming it).  A select without one for `locale` keeps its ``selected`` as it is (no entry)."""
    options = [link for link in links if link.tag is not None and link.tag.name == "option"]
    if not options:
        return {}
    selects = [t.start for t in doc.tags if t.name == "select"]
    groups: dict[int, list[LanguageLink]] = {}
    for link in options:
        assert link.tag is not None
        groups.setdefault(bisect.bisect(selects, link.tag.start), []).append(link)
    chosen: dict[int, bool] = {}
    for group in groups.values():
        own = next((link for link in group if layout.linked_locale(link) == locale), None)
        if own is not None:
            chosen.update((link.tag.start, link is own) for link in group if link.tag is not None)
    return chosen


def _selected_edits(text: str, tag: Tag, chosen: dict[int, bool], xml: bool) -> list[Edit]:
    """Remove ``selected`` (with the white space before it) from an option that is not its select's
    option for the page's language."""
    if chosen.get(tag.start) is not False or "selected" not in tag.attrs:
        return []
    for m in ATTR_RE.finditer(text, tag.start + 1 + len(tag.name), tag.end - 1):
        if m.group(1).lower() == "selected":
            return [Edit(m.start(), m.end(), "")]
    return []
