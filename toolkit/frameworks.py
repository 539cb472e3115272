"""Pages a script framework renders again in the browser (hydration), and the warning they call for.

A page a framework rendered ahead of time (a static export) is rendered again by its scripts once it loads, from
the app's own strings and the data embedded in the page: the translated DOM turns back into the source language.
Each framework leaves a mark where it puts its machinery, never in the text: an element's id or name, an
attribute, an inline script's code, a script's src, a comment of its own.  Only those places are looked at, so an
article whose code sample mentions ``__NEXT_DATA__`` is no such page.  (Outside `toolkit.html`: a new mark does
not invalidate every page the units cache holds.)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from toolkit.html import Document
from toolkit.html.segment import Tag
from toolkit.html.tokenize import TAG_RE, Attr, parse_attrs


@dataclass(frozen=True)
class Framework:
    """A framework and the marks its rendered pages carry (any one is enough)."""

    name: str
    ids: tuple[str, ...] = ()  # an element's id, exactly
    attrs: tuple[str, ...] = ()  # an attribute's name, on any element
    elements: tuple[str, ...] = ()  # an element's name
    scripts: tuple[str, ...] = ()  # code in an inline script
    srcs: tuple[str, ...] = ()  # in a script's src
    comments: tuple[str, ...] = ()  # a whole comment; only with a module script (what mounts the app) on the page
    islands: bool = False  # only parts of the page (its islands) are rendered again, the rest stays as built


# the specific frameworks first: a page of theirs may carry a generic mark too (Nuxt's and VitePress's pages are
# Vue 3's, with its fragment comments); a generic mark names the library alone
FRAMEWORKS = (
    Framework("Next.js", ids=("__NEXT_DATA__",), scripts=("self.__next_f",), srcs=("/_next/static/",)),
    Framework("Nuxt", ids=("__nuxt", "__NUXT_DATA__"), scripts=("__NUXT__",), srcs=("/_nuxt/",)),
    Framework("VitePress", scripts=("__VP_HASH_MAP__", "__VP_SITE_DATA__")),
    Framework("Gatsby", ids=("___gatsby",)),
    Framework("Docusaurus", ids=("__docusaurus",)),
    # (not the data-sveltekit-* attributes of its page template: a page built with csr = false has them and no
    # script; its start script declares the __sveltekit_<hash> global, older ones had data-sveltekit-hydrate)
    Framework("SvelteKit", attrs=("data-sveltekit-hydrate",), scripts=("__sveltekit_",)),
    Framework("Angular", attrs=("ng-version",)),
    Framework("Astro", elements=("astro-island",), islands=True),
    Framework("Vue", attrs=("data-server-rendered",), scripts=("createSSRApp(",)),  # Vue 2's root; a Vue 3 mount
    # React 18 marks nothing in the page (data-reactroot was React 16's and 17's): a hydrateRoot call written in
    # the page is the one sure sign; one in a bundle is not seen
    Framework("React", attrs=("data-reactroot",), scripts=("hydrateRoot(", "ReactDOM.hydrate(")),
    # the fragment comments Vue 3's and Svelte 5's server renderers write for their hydration to find; a page
    # rendered by them to stay static has no module script to mount the app
    Framework("Vue 3 or Svelte 5", comments=("<!--[-->",)),
)

_IDS = {m for f in FRAMEWORKS for m in f.ids}
_ATTRS = {m for f in FRAMEWORKS for m in f.attrs}
_ELEMENTS = {m for f in FRAMEWORKS for m in f.elements}
_SCRIPTS = {m for f in FRAMEWORKS for m in f.scripts}
_SRCS = {m for f in FRAMEWORKS for m in f.srcs}
_COMMENTS = {m for f in FRAMEWORKS for m in f.comments}
_ISLANDS = {f.name for f in FRAMEWORKS if f.islands}
_IN_TAGS = sorted(_IDS | _ATTRS | _ELEMENTS)  # looked for in the page's other start tags

Mark = tuple[str, str]  # where it is ("id", "attr", "element", "script", "src", "comment"), what it is


def _framework_marks(f: Framework) -> frozenset[Mark]:
    return frozenset({*(("id", m) for m in f.ids), *(("attr", m) for m in f.attrs),
                      *(("element", m) for m in f.elements), *(("script", m) for m in f.scripts),
                      *(("src", m) for m in f.srcs), *(("comment", m) for m in f.comments)})


_BY_MARKS = [(f.name, _framework_marks(f)) for f in FRAMEWORKS]
# every mark's string: a page holding none anywhere is rendered by none of them (one regular expression of them all
# took 30 times as long as these substring tests)
_MARK_STRINGS = sorted({m for _name, marks in _BY_MARKS for _where, m in marks})


def client_renderer(doc: Document) -> str | None:
    """The framework whose scripts render the page again once loaded (hydration), from the app's own strings and
    data: a translated page then turns back into the source language, or fails to hydrate.  Its scripts are the
    segmented page's (`Document.tags`); its other tags are found where a mark's string stands (a page without any
    costs a few string searches, as a plain substring test did)."""
    text = doc.text
    if not any(mark in text for mark in _MARK_STRINGS):  # (nearly every page: a substring search each, C's)
        return None
    scripts = [(tag, tag.content_end) for tag in doc.tags if tag.name == "script"]
    found = _script_marks(doc.text, scripts) | _tag_marks(doc.text)
    if any(_is_module(tag) for tag, _ in scripts):  # what mounts the app its comments are for
        found |= {("comment", m) for m in _COMMENTS if _outside_scripts(doc.text, m, scripts)}
    return next((name for name, marks in _BY_MARKS if found & marks), None)


def _script_marks(text: str, scripts: list[tuple[Tag, int]]) -> set[Mark]:
    """The marks of the page's scripts: their ids and attributes (``__NEXT_DATA__`` is a JSON block's id), and the
    src and code of those that run (not a JSON-LD article quoting ``hydrateRoot(``, nor a ``text/plain`` block)."""
    found: set[Mark] = set()
    for tag, content_end in scripts:
        found |= _attribute_marks(tag.attrs)
        kind = tag.attrs["type"].value.strip().lower() if "type" in tag.attrs else ""
        if kind not in ("", "module") and "javascript" not in kind and "ecmascript" not in kind:
            continue
        src = tag.attrs["src"].value if "src" in tag.attrs else ""
        found |= {("src", m) for m in _SRCS if m in src}
        found |= {("script", m) for m in _SCRIPTS if text.find(m, tag.end, content_end) >= 0}
    return found


# where a start tag is none the browser makes: a comment, and the content of <template> and <textarea>
_INERT = re.compile(r"<!--.*?(?:-->|\Z)|<(template|textarea)\b.*?(?:</\1\s*>|\Z)", re.S | re.I)


def _inert_spans(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for m in _INERT.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


_TAG_WINDOW = 4096  # how far past a mark its start tag is read to its end (a longer one is not looked into)


def _tag_marks(text: str) -> set[Mark]:
    """The marks of the page's other start tags: each place a mark's string stands is read as the start tag it
    is in, if it is in one (text, where no start tag begins, is not).  Linear: each stretch of the page is searched
    for a `<` or a `>` once, and a start tag is read at most once, and no further than `_TAG_WINDOW` past the mark
    (a page of nothing but marks took seconds when each looked back to the page's start)."""
    found: set[Mark] = set()
    inert: tuple[list[int], list[int]] | None = None  # (found when a mark first stands in a tag: most pages have none)
    for mark in _IN_TAGS:
        lt, clear_to, searched = -1, -1, 0  # the last `<` before the mark, and to where no `>` follows it
        at = text.find(mark)
        while at >= 0:
            opened = text.rfind("<", searched, at)
            searched = at
            if opened >= 0:
                lt, clear_to = opened, opened
            if lt >= 0:
                if text.find(">", clear_to, at) >= 0:
                    lt = -1  # that tag ended before the mark: text, until another `<`
                else:
                    clear_to = at
                    stop = text.find("<", at, at + _TAG_WINDOW)  # (a tag read ends before the next one begins)
                    tag = TAG_RE.match(text, lt + 1, stop if stop >= 0 else min(len(text), at + _TAG_WINDOW))
                    if inert is None and tag is not None and tag.end() > at:
                        inert = _inert_spans(text)
                    if inert is not None and (i := bisect_right(inert[0], lt) - 1) >= 0 and lt < inert[1][i]:
                        tag = None  # (in a comment, a template's or a textarea's content: no element)
                    if tag is not None and tag.end() > at:
                        name = tag["name"].lower()
                        found |= _attribute_marks(parse_attrs(text, *tag.span("attrs")))
                        found |= {("element", name)} if name in _ELEMENTS else set()
                        break
                    lt = -1  # not a tag it can read: the next mark needs a `<` of its own
            at = text.find(mark, at + len(mark))
    return found


def _attribute_marks(attrs: dict[str, Attr]) -> set[Mark]:
    found = {("attr", m) for m in _ATTRS if m in attrs}
    if "id" in attrs and attrs["id"].value in _IDS:
        found.add(("id", attrs["id"].value))
    return found


def _is_module(tag: Tag) -> bool:
    return "type" in tag.attrs and tag.attrs["type"].value.strip().lower() == "module"


def _outside_scripts(text: str, mark: str, scripts: list[tuple[Tag, int]]) -> bool:
    """Whether `mark` stands in the page outside its scripts' code (`scripts` in page order: a bisection a place)."""
    starts = [tag.end for tag, _ in scripts]
    at = text.find(mark)
    while at >= 0:
        i = bisect_right(starts, at) - 1
        if i < 0 or at >= scripts[i][1]:
            return True
        at = text.find(mark, scripts[i][1])  # (past that script's code)
    return False


def renderer_warnings(rendered: Mapping[str, str]) -> list[str]:
    """One line per framework for the pages it renders again (page -> framework, in the pages' order): its first
    page and how many more."""
    by_framework: dict[str, list[str]] = {}
    for page, name in rendered.items():
        by_framework.setdefault(name, []).append(page)
    return [_warning(name, pages) for name, pages in by_framework.items()]


def _warning(name: str, pages: list[str]) -> str:
    more = f" and {len(pages) - 1} more" if len(pages) > 1 else ""
    if name in _ISLANDS:
        return (f"{pages[0]}{more}: {name} islands (<astro-island>), which its scripts render again once the page "
                "loads, from the components' own strings and props: the islands turn back into the source language, "
                "while the static HTML around them stays translated; translate those components with their own "
                "i18n, or leave them without a client: directive")
    return (f"{pages[0]}{more}: rendered by {name}, whose scripts render the page again once it loads, from the app's "
            "own strings and data: the translated pages turn back into the source language (or fail to load); "
            "translate the app with its own i18n, or publish these pages without their scripts")
