"""Pages a script framework renders again in the browser: which marks say so, and where they count."""

from __future__ import annotations

import pytest

from toolkit.frameworks import client_renderer, renderer_warnings
from toolkit.html import parse_document

PAGES = [
    ("Gatsby", '<div id="___gatsby"><div style="outline:none" tabindex="-1" id="gatsby-focus-wrapper"><p>Weather</p>'
              '</div></div><script src="/app-2f3e.js" async></script>'),
    ("Docusaurus", '<div id="__docusaurus"><p>Weather</p></div>'),
    ("Angular", '<app-root _nghost-ng-c1 ng-version="17.3.0" ngh="0"><p>Weather</p></app-root>'),
    ("Vue", '<div id="app" data-server-rendered="true"><p>Weather</p></div>'),
    # the App Router has no __NEXT_DATA__: its payload is pushed by inline scripts
    ("Next.js", '<main><p>Weather</p></main><script>(self.__next_f=self.__next_f||[]).push([0])</script>'
               '<script>self.__next_f.push([1,"0:[\\"$\\",\\"p\\",null,{}]"])</script>'),
    ("Nuxt", '<div id="__nuxt"><!--[--><p>Weather</p><!--]--></div>'
            '<script type="application/json" id="__NUXT_DATA__" data-ssr="true">[{}]</script>'),
    ("VitePress", '<div id="app"><!--[--><p>Weather</p><!--]--></div>'
                 '<script>window.__VP_HASH_MAP__=JSON.parse("{}");window.__VP_SITE_DATA__=JSON.parse("{}");</script>'
                 '<script type="module" src="/assets/app.js"></script>'),
    ("Astro", '<p>Static</p><astro-island uid="Z1" component-url="/_astro/Counter.js" client="load" props="{}">'
             '<button>Add</button></astro-island>'),
    ("SvelteKit", '<body data-sveltekit-preload-data="hover"><div style="display: contents"><p>Weather</p>'
                 '<script>{ __sveltekit_1x2y = { base: "" }; const element = document.currentScript.parentElement;'
                 ' }</script></div></body>'),
    ("React", '<div id="root"><div data-reactroot=""><p>Weather</p></div></div>'),
    # React 18 writes no data-reactroot: a hydrateRoot call in the page says it
    ("React", '<div id="root"><p>Weather</p></div><script type="module">import { hydrateRoot } from '
             '"react-dom/client"; hydrateRoot(document.getElementById("root"), app);</script>'),
    # Vue 3's fragment comments, and the module script that mounts the app
    ("Vue 3 or Svelte 5", '<div id="app"><!--[--><p>Weather</p><!--]--></div>'
                         '<script type="module" crossorigin src="/assets/index-4f2a.js"></script>'),
]


@pytest.mark.parametrize(("framework", "page"), PAGES)
def test_a_framework_page_is_told_by_the_mark_it_leaves(framework, page):
    """Next.js's App Router, Nuxt 3, VitePress, Astro, SvelteKit, React 18 and Vue 3 pages went unnoticed (or as
    plain Vue): their marks were not looked for."""
    assert client_renderer(parse_document(f"<html><body>{page}</body></html>")) == framework


@pytest.mark.parametrize("page", [
    # an article about frameworks: the marks are in its text, escaped code and title
    '<title>What __NEXT_DATA__ holds</title><p>Next.js writes <code>__NEXT_DATA__</code>, the App Router calls '
    '<code>self.__next_f.push(</code>, Gatsby renders into <code>&lt;div id="___gatsby"&gt;</code>, Astro into '
    '<code>&lt;astro-island&gt;</code>; React 16 set data-reactroot and React 18 calls hydrateRoot(…).</p>'
    '<pre>&lt;!--[--&gt;</pre>',
    # Vue 3's fragment comments in a page rendered to stay static: no script mounts an app
    '<div id="app"><!--[--><p>Weather</p><!--]--></div>',
    # SvelteKit's page template, built with csr = false: no start script
    '<body data-sveltekit-preload-data="hover"><div style="display: contents"><p>Weather</p></div></body>',
    # a JSON script or an attribute value naming a mark is not the mark
    '<script type="application/ld+json">{"about": "__NEXT_DATA__"}</script><a title="ng-version=1">x</a>',
])
def test_marks_in_the_text_of_a_page_are_not_a_framework(page):
    """The marks were looked for anywhere in the page: an article whose code mentions __NEXT_DATA__ was flagged."""
    assert client_renderer(parse_document(f"<html><body>{page}</body></html>")) is None


def test_one_line_per_framework_with_its_first_page_and_count():
    """Five pages of three frameworks were one line naming the first page and its framework alone."""
    lines = renderer_warnings({"a.html": "Next.js", "b.html": "Gatsby", "c.html": "Next.js", "d.html": "Nuxt",
                               "e.html": "Next.js"})
    assert [line.split(",")[0] for line in lines] == [
        "a.html and 2 more: rendered by Next.js", "b.html: rendered by Gatsby", "d.html: rendered by Nuxt"]


def test_astro_islands_are_said_to_be_the_only_part_rendered_again():
    """Astro renders its islands again, not the page: the static HTML around them stays translated."""
    (line,) = renderer_warnings({"a.html": "Astro"})
    assert "islands turn back into the source language" in line and "static HTML around them stays translated" in line


def test_marks_are_found_in_linear_time_on_a_hostile_page():
    """Each place a mark stood looked back to the page's start for a `<` (a page of text holding the mark 200,000
    times took about ten seconds), or read a tag to the window's end (`<x __nuxt` repeated: seven)."""
    import time

    from toolkit.frameworks import _tag_marks

    for page in ("<p>" + "__nuxt " * 200_000 + "</p>", "<x __nuxt " * 170_000, '<x title="' + "__nuxt " * 200_000):
        started = time.perf_counter()
        assert _tag_marks(page) == set()
        assert time.perf_counter() - started < 2


@pytest.mark.parametrize("html", [
    '<script type="application/ld+json">{"articleBody": "Call hydrateRoot(root) once."}</script>',
    '<script type="text/plain">self.__next_f.push([1])</script>',
    '<textarea><div id="___gatsby"></div></textarea>',
    '<!-- <div id="__docusaurus"></div> -->',
    '<template><div ng-version="17.0.0"></div></template>',
])
def test_marks_in_what_never_runs_or_renders_name_no_framework(html):
    """A JSON-LD article quoting hydrateRoot(, a text/plain block, a textarea's text, a comment, a template's content:
    none runs or is an element of the page, yet each named a framework (and the build advised dropping the page's
    scripts)."""
    from toolkit.frameworks import client_renderer

    assert client_renderer(parse_document(f"<html><body>{html}<p>Text</p></body></html>")) is None


def test_a_json_block_id_still_names_its_framework():
    from toolkit.frameworks import client_renderer

    page = '<html><body><div id="__next"></div><script id="__NEXT_DATA__" type="application/json">{}</script>'
    assert client_renderer(parse_document(page)) == "Next.js"
