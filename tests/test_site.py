"""`l10n build` makes a whole site: assets, references, metadata, switcher, sitemap, deletions, interruptions.

The small test site (tests/sites/small) has CSS, images, a PDF, a script, nested folders, srcset,
CSS url() in style attributes and a <style> element, root-absolute links, a <base href>, og tags
and JSON-LD.  Its pages are pseudo-translated (ko, zh_TW under the URL segment zh-tw).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import html5lib
import polib
import pytest

from tests.conftest import dead_pid
from tests.test_build import assert_only_declared_edits
from toolkit.cli import main
from toolkit.html import decode_html

REPO = Path(__file__).resolve().parent.parent
SMALL = Path(__file__).resolve().parent / "sites" / "small"
BASE = "https://example.org/"
URL_ATTRS = {"href", "src", "poster", "data", "background"}
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")


def l10n(root: Path, *args: str) -> None:
    assert main([*args, "--root", str(root), "-q"]) == 0, args


@pytest.fixture
def small_site(tmp_path) -> Path:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root, ignore=shutil.ignore_patterns("build", "locales"))
    l10n(root, "extract")
    l10n(root, "init")
    l10n(root, "translate", "--engine", "pseudo")
    l10n(root, "build", "--include-fuzzy")
    return root


# --- the link checker ------------------------------------------------------------------------


def references(html: str) -> list[tuple[str, str]]:
    """(where, URL) of every reference of a page, read by html5lib: attributes, srcset, CSS, metas."""
    out = []
    doc = html5lib.parse(html, namespaceHTMLElements=False)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name in URL_ATTRS and el.tag != "form":
                out.append((f"<{el.tag} {name}>", value.strip()))
            elif name == "srcset":
                out += [(f"<{el.tag} srcset>", c.strip().split()[0]) for c in value.split(",") if c.strip()]
            elif name == "style":
                out += [(f"<{el.tag} style>", next(g for g in m.groups() if g is not None))
                        for m in _CSS_URL.finditer(value)]
        if el.tag == "style" and el.text:
            out += [("<style>", next(g for g in m.groups() if g is not None)) for m in _CSS_URL.finditer(el.text)]
        if el.tag == "meta" and (el.get("property") or el.get("name") or "") in ("og:image", "og:url", "twitter:image"):
            out.append((f"<meta {el.get('property') or el.get('name')}>", el.get("content", "")))
    return out


def base_of(html: str, page_url: str) -> str:
    doc = html5lib.parse(html, namespaceHTMLElements=False)
    base = next((el.get("href") for el in doc.iter("base") if el.get("href") is not None), None)
    return urljoin(page_url, base.strip()) if base else page_url


def local_targets(root: Path, origin: str) -> dict[str, list[tuple[str, str, str]]]:
    """page path -> [(where, reference, site path it resolves to)] for every local reference."""
    out = {}
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root).as_posix()
        html = page.read_text("utf-8", errors="replace")
        base = base_of(html, origin + rel)
        found = []
        for where, ref in references(html):
            url = urlsplit(urljoin(base, ref))
            if not ref or ref.startswith("#") or url.scheme not in ("http", "https") \
                    or not (url.scheme + "://" + url.netloc + "/").startswith(origin):
                continue
            path = url.path.lstrip("/")
            if not path or path.endswith("/"):
                path += "index.html"
            found.append((where, ref, path))
        out[rel] = found
    return out


def broken(root: Path, origin: str) -> set[tuple[str, str, str]]:
    return {(page, where, path) for page, refs in local_targets(root, origin).items()
            for where, _ref, path in refs if not (root / path).is_file()}


def test_every_local_reference_of_the_built_small_site_resolves(small_site):
    build = small_site / "build"
    targets = local_targets(build, BASE)
    assert len(targets) == 12  # 4 pages x (source + ko + zh-tw)
    assert sum(map(len, targets.values())) > 100
    assert broken(build, BASE) == set()
    # the source site was whole too, but for its switcher's links to the pages the build makes
    assert {path.split("/")[0] for _page, _where, path in broken(small_site / "source_html", BASE)} == {"ko", "zh-tw"}


def test_links_between_pages_stay_in_the_page_language(small_site):
    build = small_site / "build"
    checked = 0
    for page, refs in local_targets(build, BASE).items():
        first = page.split("/")[0]
        segment = first if first in ("ko", "zh-tw") else None
        html = (build / page).read_text("utf-8")
        switcher = {a.get("href") for a in html5lib.parse(html, namespaceHTMLElements=False).iter("a")
                    if a.get("hreflang")}
        for where, ref, path in refs:
            if where != "<a href>" or not path.endswith(".html") or ref in switcher:
                continue
            lead = path.split("/")[0]
            assert lead == segment if segment else lead not in ("ko", "zh-tw"), (page, ref)
            checked += 1
    assert checked >= 30


def test_the_built_sample_breaks_no_reference(sample_project):
    """Every reference that resolves in the shipped sample's source resolves in its build; the
    sample's own missing files (ESA's /images/, /css/ were never shipped) stay missing, no more."""
    assert main(["build", "--root", str(sample_project), "-q"]) == 0
    origin = "http://sample.test/"
    source_broken = {path for _page, _where, path in broken(sample_project / "source_html", origin)}
    built = broken(sample_project / "build", origin)
    assert {path for _page, _where, path in built} <= source_broken
    pages = local_targets(sample_project / "build", origin)
    assert set(pages) == {f"{seg}{p}" for seg in ("", "ko/", "zh_TW/", "zh_CN/", "ja/")
                          for p in ("soyuz-at-csg.html", "esa/international_cooperation.html")}
    ko = (sample_project / "build" / "ko" / "soyuz-at-csg.html").read_text("utf-8")
    assert 'href="esa/international_cooperation.html"' in ko  # a site page, in Korean
    assert 'content="images/soyuz-els.jpg"' not in ko and 'content="../images/soyuz-els.jpg"' in ko
    esa = (sample_project / "build" / "ja" / "esa" / "international_cooperation.html").read_text("utf-8")
    assert 'href="/css/esa_specials.css"' in esa  # root-absolute resources already point at the shared copy


# --- layout, assets, metadata, switcher --------------------------------------------------------


def test_build_is_the_whole_site(small_site):
    build = small_site / "build"
    source = small_site / "source_html"
    for f in source.rglob("*"):
        if f.is_file():
            rel = f.relative_to(source)
            assert (build / rel).is_file(), rel
            if f.suffix != ".html":
                assert (build / rel).read_bytes() == f.read_bytes()
                assert not (build / "ko" / rel).exists() and not (build / "zh-tw" / rel).exists()
    assert (build / "zh-tw" / "about" / "team.html").is_file() and not (build / "zh_TW").exists()
    team = (build / "about" / "team.html").read_text("utf-8")
    assert 'href="../css/site.css"' in team and '<html lang="en">' in team  # the source page: only site edits


def test_a_second_build_copies_and_writes_nothing(small_site, capsys):
    build = small_site / "build"
    stamps = {p: p.stat().st_mtime_ns for p in build.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["build", "--root", str(small_site), "--include-fuzzy"]) == 0
    err = capsys.readouterr().err
    assert "0 pages written" in err and "0 assets copied" in err and "0 removed" in err
    assert "locales: ko, zh_TW" in err
    assert {p: p.stat().st_mtime_ns for p in build.rglob("*") if p.is_file()} == stamps
    (small_site / "source_html" / "css" / "site.css").write_text("body { background: #123456 }\n")
    from toolkit.build import build_site
    from toolkit.config import load_config
    report = build_site(load_config(small_site), include_fuzzy=True)
    assert report.assets_copied == 1 and not report.written
    assert (build / "css" / "site.css").read_text() == "body { background: #123456 }\n"


def test_hard_linked_assets(small_site):
    from toolkit.build import build_site
    from toolkit.config import load_config

    cfg = load_config(small_site, output_dir="linked")
    cfg = type(cfg)(**{**cfg.__dict__, "hardlink_assets": True})
    build_site(cfg, include_fuzzy=True)
    src, out = small_site / "source_html" / "img" / "logo.png", small_site / "linked" / "img" / "logo.png"
    assert os.path.samefile(src, out)
    assert build_site(cfg, include_fuzzy=True).assets_copied == 0


def test_locale_assets_put_the_site_files_under_each_locale_too(small_site):
    """mdBook's search (`path_to_root + "searchindex.js"`) and rustdoc's settings build their URLs in script code,
    which the build cannot rewrite: with `locale_assets` those files are where such a script looks from a locale's
    page.  Page references still lead to the shared copy; switched off, the copies go."""
    from toolkit.build import build_site
    from toolkit.config import load_config

    cfg = load_config(small_site)
    on = type(cfg)(**{**cfg.__dict__, "locale_assets": True})
    report = build_site(on, include_fuzzy=True)
    build = small_site / "build"
    assets = sorted(p.relative_to(small_site / "source_html").as_posix()
                    for p in (small_site / "source_html").rglob("*") if p.is_file() and p.suffix != ".html")
    assert report.assets_copied == 2 * len(assets)  # under ko/ and zh-tw/ (its url_segment)
    for seg in ("ko", "zh-tw"):
        for rel in assets:
            assert (build / seg / rel).read_bytes() == (small_site / "source_html" / rel).read_bytes()
    assert 'href="../css/site.css"' in (build / "ko" / "index.html").read_text("utf-8")
    assert build_site(on, include_fuzzy=True).assets_copied == 0
    report = build_site(cfg, include_fuzzy=True)
    assert sorted(p.relative_to(build / "ko").as_posix() for p in report.removed if build / "ko" in p.parents) == \
        assets
    assert not (build / "ko" / "css").exists() and (build / "css" / "site.css").exists()
    assert (build / "ko" / "index.html").exists()


def test_metadata_follows_the_page(small_site):
    ko = (small_site / "build" / "ko" / "index.html").read_text("utf-8")
    assert '<meta property="og:locale" content="ko_KR">' in ko
    assert re.findall(r'og:locale:alternate" content="([^"]+)"', ko) == ["en_GB", "zh_TW"]
    assert '<meta property="og:image" content="https://example.org/img/logo.png">' in ko
    assert '<meta property="og:url" content="https://example.org/ko/index.html">' in ko
    assert '<link rel="canonical" href="https://example.org/ko/">' in ko  # a folder's index.html is the folder
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', ko, re.S).group(1)
    source = (small_site / "source_html" / "index.html").read_text("utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', source, re.S).group(1)
    translated = {json.loads(m.group()): m.group() for m in re.finditer(r'"(?:[^"\\]|\\.)*"', data)}
    name = next(t for t in translated if t.startswith("[!! Šṁåļļ"))
    description = next(t for t in translated if t.startswith("[!! Ļéšš"))  # "Less </b> than more & a < b"
    assert "<" not in data and "&" not in data  # written as \u escapes: nothing in it ends the script
    assert data == block.replace('"inLanguage": "en"', '"inLanguage": "ko"').replace(
        '"Small Site"', translated[name]).replace(json.dumps("Less </b> than more & a < b"), translated[description])
    # spliced: the rest of the block as the source wrote it; its prose translated
    en = (small_site / "build" / "index.html").read_text("utf-8")
    assert '<meta property="og:locale" content="en_GB">' in en
    assert re.findall(r'og:locale:alternate" content="([^"]+)"', en) == ["ko_KR", "zh_TW"]
    assert '"inLanguage": "en"' in en  # the source page's JSON-LD is its own
    for page in (en, ko):  # alternates: absolute, every built version, x-default
        assert re.findall(r'hreflang="([^"]+)" href="https://example.org/', page) == ["en", "ko", "zh-TW", "x-default"]


def test_the_language_switcher_keeps_its_labels_and_marks_its_languages(small_site):
    pot = (small_site / "locales" / "messages.pot").read_text("utf-8")
    assert "한국어" not in pot and "English" not in pot and "繁體中文" not in pot  # no units for translators
    ko = (small_site / "build" / "ko" / "about" / "team.html").read_text("utf-8")
    assert ('<a lang="en" href="../../about/team.html" hreflang="en">English</a> | '  # each in the form it had
            '<a lang="ko" aria-current="page" href="/ko/about/team.html" hreflang="ko">한국어</a> | '
            '<a lang="zh-TW" href="/zh-tw/about/team.html" hreflang="zh-TW">繁體中文</a>') in ko
    en = (small_site / "build" / "index.html").read_text("utf-8")
    assert '<a lang="en" aria-current="page" href="index.html" hreflang="en">English</a>' in en
    assert '<a lang="ko" href="/ko/index.html" hreflang="ko">한국어</a>' in en


NAV_WITH_SWITCHER = ('<html><head><title>T</title></head><body>\n<nav><a href="/">Home</a> · <a href="/about/">About</a> '
                     '<span><a href="/" hreflang="en">English</a> <a href="/fr/" hreflang="fr">Français</a> '
                     '<a href="/ja/" hreflang="ja">日本語</a></span></nav>\n</body></html>')


def test_a_switcher_inside_a_sentence_keeps_its_labels_from_translators(project):
    """A switcher beside other links in one ``<nav>`` was one message with the language names in it: adding it made
    the reviewed nav fuzzy, and a translator's "Anglais" was published.  Each of its links is now a placeholder, noted
    as ``translate="no"`` content is; extract, the pybabel plugin, the review server and the build agree on it."""
    from toolkit.config import load_config
    from toolkit.extract import babel_extract
    from toolkit.review.model import ReviewSite

    root = project({"index.html": NAV_WITH_SWITCHER}, ["fr", "ja"])
    l10n(root, "extract")
    nav_msgid = "<a1>Home</a1> · <a2>About</a2> <span><a3/> <a4/> <a5/></span>"
    notes = ['<a3/> is "English", not to be translated', '<a4/> is "Français", not to be translated',
             '<a5/> is "日本語", not to be translated']
    pot = [e for e in polib.pofile(str(root / "locales" / "messages.pot")) if e.msgid != "T"]
    assert [(e.msgid, e.comment.splitlines()) for e in pot] == [(nav_msgid, notes)]
    with (root / "source_html" / "index.html").open("rb") as fh:
        assert [(m[2], m[3]) for m in babel_extract(fh, [], [], {}) if m[2] != "T"] == [(nav_msgid, notes)]

    l10n(root, "init", "-l", "fr")
    l10n(root, "init", "-l", "ja")
    po_path = root / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    po.find(nav_msgid).msgstr = "<a1>Accueil</a1> · <a2>À propos</a2> <span><a3/> <a4/> <a5/></span>"
    po.save()
    l10n(root, "build")
    fr = (root / "build" / "fr" / "index.html").read_text("utf-8")
    assert ('<nav><a href="/fr/">Accueil</a> · <a href="/about/">À propos</a> <span>'
            '<a lang="en" href="/" hreflang="en">English</a> '  # (root-absolute folders, as the source wrote)
            '<a lang="fr" aria-current="page" href="/fr/" hreflang="fr">Français</a> '
            '<a lang="ja" href="/ja/" hreflang="ja">日本語</a></span></nav>') in fr
    assert_only_declared_edits(NAV_WITH_SWITCHER, fr, translated=True)

    review = ReviewSite(load_config(root))
    offered = [review.unit("index.html", "fr", status.id).msgid for status in review.statuses("index.html", "fr")]
    assert offered == ["T", nav_msgid]
    assert '<a lang="fr" aria-current="page" href="/fr/" hreflang="fr">Français</a>' in \
        review.render("index.html", "fr")


def test_built_pages_differ_from_their_source_only_by_declared_edits(small_site):
    for page in sorted((small_site / "source_html").rglob("*.html")):
        rel = page.relative_to(small_site / "source_html")
        source, _ = decode_html(page.read_bytes())
        for out in (small_site / "build" / rel, small_site / "build" / "ko" / rel, small_site / "build" / "zh-tw" / rel):
            assert_only_declared_edits(source, out.read_text("utf-8"), translated=True)


# --- sitemap, deletions, withheld pages --------------------------------------------------------

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_entries(build: Path, name: str = "sitemap.xml") -> dict[str, set[tuple[str, str]]]:
    tree = ET.parse(build / name)  # well-formed, or this raises
    out = {}
    for url in tree.getroot().findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        out[loc] = {(link.get("hreflang"), link.get("href")) for link in url.findall("x:link", NS)}
    return out


def test_the_sitemap_lists_every_built_page_with_mutual_alternates(small_site):
    build = small_site / "build"
    entries = sitemap_entries(build)
    assert len(entries) == 12
    for loc, alternates in entries.items():
        assert loc.startswith(BASE), loc
        page = build / loc[len(BASE):] / "index.html" if loc.endswith("/") else build / loc[len(BASE):]
        assert page.is_file() and page.suffix == ".html", loc
        hrefs = {href for lang, href in alternates if lang != "x-default"}
        assert loc in hrefs
        for href in hrefs:
            assert entries[href] == alternates, (loc, href)  # mutual
    built = {p.relative_to(build).as_posix().removesuffix("index.html") for p in build.rglob("*.html")}
    assert {loc[len(BASE):] for loc in entries} == built
    assert f"{BASE}ko/" in entries and f"{BASE}ko/about/team.html" in entries


def test_an_error_page_is_built_but_not_in_the_sitemap(small_site):
    """A server's 404.html (GitHub Pages, Netlify) is no page for search engines: it was listed, in every locale."""
    (small_site / "source_html" / "404.html").write_text(
        "<html><head><title>Not found</title></head><body><p>Page not found</p></body></html>", "utf-8")
    (small_site / "source_html" / "500.htm").write_text("<html><body><p>Oops</p></body></html>", "utf-8")
    l10n(small_site, "build", "--include-fuzzy")
    build = small_site / "build"
    assert (build / "404.html").is_file() and (build / "ko" / "404.html").is_file()
    assert not [loc for loc in sitemap_entries(build) if "404" in loc or "500" in loc]
    assert len(sitemap_entries(build)) == 12
    # a page named so in a folder is a page like any other (a product 401): static hosts look at the site's top
    (small_site / "source_html" / "about" / "401.html").write_text("<html><body><p>Model 401</p></body></html>",
                                                                   "utf-8")
    l10n(small_site, "build", "--include-fuzzy")
    assert len([loc for loc in sitemap_entries(build) if loc.endswith("/about/401.html")]) == 3


def test_an_include_file_is_built_as_a_fragment_and_not_in_the_sitemap(small_site):
    """A partial (no <html>, <head>, <body>, no doctype) was listed in the sitemap in every locale, and its
    source-language copy got a charset and alternates: it is now the source, byte for byte."""
    partial = small_site / "source_html" / "partials" / "opening-hours.html"
    partial.parent.mkdir()
    data = b'<div class="hours">\r\n<h2>Opening hours</h2><p>Monday to Friday, 9 to 5.</p></div>\r\n'
    partial.write_bytes(data)
    l10n(small_site, "extract")
    l10n(small_site, "update")
    l10n(small_site, "translate", "--engine", "pseudo")
    l10n(small_site, "build", "--include-fuzzy")
    build = small_site / "build"
    assert (build / "partials" / "opening-hours.html").read_bytes() == data
    ko = (build / "ko" / "partials" / "opening-hours.html").read_bytes().decode()
    assert ko.startswith('<div lang="ko" class="hours">\r\n<h2>') and "<meta" not in ko and "<link" not in ko
    assert not [loc for loc in sitemap_entries(build) if "partials" in loc] and len(sitemap_entries(build)) == 12


def test_lazy_loaded_images_lead_to_the_sites_files_in_every_locale(project):
    """lazysizes and its kind keep an image's URL in data-src/data-srcset and copy it to src: in the ko copy they
    stayed as written while src was rewritten, and every lazy image was a 404 under /ko/.  A data-src naming no
    file of the site stays as written, until the site has that file."""
    page = ('<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome home.</p>'
            '<img class="lazyload" src="img/a.png" data-src="img/a.png" data-srcset="img/a.png 1x, img/b.png 2x" '
            'alt="Lazy picture"><img class="lazyload" data-src="img/later.png" alt="Later"></body></html>')
    root = project({"index.html": page, "img/a.png": "PNG", "img/b.png": "PNG"}, locales=["ko"])
    l10n(root, "extract")
    l10n(root, "init")
    l10n(root, "translate", "--engine", "pseudo")
    l10n(root, "build", "--include-fuzzy")
    build = root / "build"
    body = page.split("<body>")[1]
    assert (build / "index.html").read_text("utf-8").split("<body>")[1] == body  # the source page's: as written

    def lazy_targets() -> list[str]:
        doc = html5lib.parse((build / "ko" / "index.html").read_text("utf-8"), namespaceHTMLElements=False)
        refs = [img.get("data-src") for img in doc.iter("img")]
        refs += [c.split()[0] for img in doc.iter("img") if img.get("data-srcset")
                 for c in img.get("data-srcset").split(",")]
        return [urljoin(f"{BASE}ko/index.html", ref)[len(BASE):] for ref in refs]

    assert lazy_targets() == ["img/a.png", "ko/img/later.png", "img/a.png", "img/b.png"]
    assert all((build / path).is_file() for path in lazy_targets() if "later" not in path)
    (root / "source_html" / "img" / "later.png").write_text("PNG", "utf-8")
    l10n(root, "build", "--include-fuzzy")  # the file is there now: the page is built again
    assert lazy_targets() == ["img/a.png", "img/later.png", "img/a.png", "img/b.png"]
    assert all((build / path).is_file() for path in lazy_targets())


def canonical_of(page: Path) -> list[str]:
    doc = html5lib.parse(page.read_text("utf-8"), namespaceHTMLElements=False)
    return [el.get("href") for el in doc.iter("link") if "canonical" in (el.get("rel") or "").split()]


def test_a_redirect_page_is_built_but_not_in_the_sitemap_nor_its_own_canonical(project):
    """A page whose meta refresh sends the reader on at once (Hugo's aliases, jekyll-redirect-from) was listed in
    the sitemap in every locale, named itself canonical and its versions as hreflang alternates (each a redirect:
    a search console's hreflang error); its redirect still leads to the locale's page.  A page
    refreshing itself, or showing itself a while first, or redirecting only readers without scripts, is a page."""
    head = '<!DOCTYPE html><html><head><meta charset="utf-8">{}<title>{}</title></head><body><p>{}</p></body></html>'
    root = project({
        "index.html": head.format("", "Home", "Welcome home."),
        "old.html": head.format('<meta http-equiv="refresh" content="0; url=index.html">', "Moved", "Moved on."),
        "gone.html": head.format('<meta http-equiv="Refresh" content="0.5;URL=\'index.html\'">', "Gone", "Gone."),
        "moved.html": head.format('<link rel="canonical" href="https://example.org/index.html">'
                                  '<meta http-equiv="refresh" content="0; url=index.html">', "Moved", "Moved too."),
        "news.html": head.format('<meta http-equiv="refresh" content="300">', "News", "Today's news."),
        "soon.html": head.format('<meta http-equiv="refresh" content="10; url=index.html">', "Soon", "Soon home."),
        "app.html": head.format('<noscript><meta http-equiv="refresh" content="0; url=index.html"></noscript>'
                                '<!-- <meta http-equiv="refresh" content="0; url=index.html"> -->', "App", "An app."),
        # a refresh a browser never acts on: in a script's string, a textarea, an xmp, an attribute, a template
        "quoted.html": head.format(f"<script>var s='{REFRESH}';</script>", "Quoted", "A page."),
        "form.html": head.format("", "Form", f"A form.</p><textarea>{REFRESH}</textarea><xmp>{REFRESH}</xmp><p>"),
        "attr.html": head.format("", "Attr", f"</p><p title='{REFRESH}'>A title."),
        "tpl.html": head.format(f"<template>{REFRESH}</template>", "Template", "A template."),
    }, locales=["ko"])
    settings = root / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8") + 'base_url = "https://example.org/"\n', "utf-8")
    l10n(root, "extract")
    l10n(root, "init")
    l10n(root, "translate", "--engine", "pseudo")
    l10n(root, "build", "--include-fuzzy")
    build = root / "build"
    assert set(sitemap_entries(build)) == {f"{BASE}{seg}{page}" for seg in ("", "ko/")
                                           for page in ("", "news.html", "soon.html", "app.html", "quoted.html",
                                                        "form.html", "attr.html", "tpl.html")}
    for page in ("old.html", "gone.html"):
        assert canonical_of(build / page) == canonical_of(build / "ko" / page) == []
        target = re.search(r"(?i)url=\W?([\w.]+)", (build / "ko" / page).read_text("utf-8")).group(1)
        assert urljoin(f"{BASE}ko/{page}", target) == f"{BASE}ko/index.html"  # still the locale's page
    for page in ("old.html", "gone.html", "moved.html"):  # nor alternates: each would name versions that redirect
        assert "hreflang" not in (build / page).read_text("utf-8") + (build / "ko" / page).read_text("utf-8")
    assert 'hreflang="ko"' in (build / "news.html").read_text("utf-8")
    assert canonical_of(build / "moved.html") == [BASE] and canonical_of(build / "ko" / "moved.html") == [f"{BASE}ko/"]
    assert canonical_of(build / "news.html") == [f"{BASE}news.html"]
    assert canonical_of(build / "ko" / "app.html") == [f"{BASE}ko/app.html"]
    for page in ("quoted.html", "form.html", "attr.html", "tpl.html"):  # (a sitemap entry names its canonical)
        assert canonical_of(build / "ko" / page) == [f"{BASE}ko/{page}"], page


REFRESH = '<meta http-equiv="refresh" content="0; url=index.html">'


def test_a_deleted_source_page_and_asset_leave_nothing_behind(small_site):
    build = small_site / "build"
    (small_site / "source_html" / "about" / "contact.html").unlink()
    (small_site / "source_html" / "downloads" / "report.pdf").unlink()
    l10n(small_site, "build", "--include-fuzzy")
    for seg in ("", "ko/", "zh-tw/"):
        assert not (build / f"{seg}about" / "contact.html").exists()
    assert not (build / "downloads").exists()  # the emptied folder goes too
    manifest = json.loads((build / ".l10n-build.json").read_text("utf-8"))
    assert not [k for k in manifest["pages"] if "contact" in k] and "downloads/report.pdf" not in manifest["assets"]
    assert not [loc for loc in sitemap_entries(build) if "contact" in loc]
    assert "contact.html" not in (build / "ko" / "index.html").read_text("utf-8").split("<body>")[0]


@pytest.mark.parametrize("cwd", ["/", "shallow", "tmp", "project"])
def test_links_above_the_site_root_do_not_depend_on_where_the_build_is_run(project, tmp_path, monkeypatch, cwd):
    """`posixpath.relpath` resolved a link climbing above the root against the current directory: built from ``/``
    the source page's ``../../std/index.html`` became ``../std/index.html`` and the fr page's ``../../std/...``;
    the link keeps leading where it did, built from anywhere."""
    page = ('<html><head><title>G</title></head><body><p>Guide</p><a href="../../std/index.html">std</a> '
            '<a href="../../../neighbour/x.html">n</a></body></html>')
    root = project({"guide/index.html": page}, ["fr"])
    l10n(root, "extract")
    l10n(root, "init")
    monkeypatch.chdir({"/": Path("/"), "shallow": Path("/", tmp_path.parts[1]), "tmp": tmp_path, "project": root}[cwd])
    l10n(root, "build", "--force")
    hrefs = {seg: re.findall(r'<a [^>]*href="([^"]*)"', (root / "build" / seg / "guide" / "index.html").read_text("utf-8"))
             for seg in ("", "fr")}
    assert hrefs == {"": ["../../std/index.html", "../../../neighbour/x.html"],
                     "fr": ["../../../std/index.html", "../../../../neighbour/x.html"]}


def test_min_percent_withholds_thin_pages(project):
    pages = {"done.html": '<html><head></head><body><p>Hello there</p><p>See <a href="thin.html">the other</a>.</p></body></html>',
             "thin.html": "<html><head></head><body><p>One</p><p>Two</p><p>Three</p></body></html>"}
    root = project(pages, locales=["ko"])
    l10n(root, "extract")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    for msgid, msgstr in {"Hello there": "안녕하세요", "See <a>the other</a>.": "<a>다른 쪽</a>을 보세요.",
                          "One": "하나"}.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    l10n(root, "build")
    assert (root / "build" / "ko" / "thin.html").is_file()
    l10n(root, "build", "--min-percent", "50")
    assert not (root / "build" / "ko" / "thin.html").exists()  # 1 of 3: not published, and removed
    done = (root / "build" / "ko" / "done.html").read_text("utf-8")
    assert '<a href="../thin.html">다른 쪽</a>' in done  # falls back to the source page
    thin = (root / "build" / "thin.html").read_text("utf-8")
    assert 'hreflang="ko"' not in thin and 'hreflang="en"' in thin
    po.append(polib.POEntry(msgid="Two", msgstr="둘"))
    po.save(str(path))
    l10n(root, "build", "--min-percent", "50")
    assert (root / "build" / "ko" / "thin.html").is_file()
    assert '<a href="thin.html">다른 쪽</a>' in (root / "build" / "ko" / "done.html").read_text("utf-8")


def test_min_percent_follows_an_edit_of_the_its_rules_a_page_links(project):
    """The remembered coverage is keyed by the rules file a page links too: marking the untranslated
    paragraphs translate="no" there publishes the page without the page itself changing."""
    rules = ('<its:rules xmlns:its="http://www.w3.org/2005/11/its" xmlns:h="http://www.w3.org/1999/xhtml" '
             'version="2.0">{}</its:rules>')
    page = ('<html><head><link rel="its-rules" href="rules.xml"></head>'
            '<body><p>One</p><p class="code">Two</p><p class="code">Three</p></body></html>')
    root = project({"thin.html": page}, locales=["ko"])
    (root / "source_html" / "rules.xml").write_text(rules.format(""), "utf-8")
    l10n(root, "extract")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    po.append(polib.POEntry(msgid="One", msgstr="하나"))
    path = root / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    l10n(root, "build", "--min-percent", "50")
    assert not (root / "build" / "ko" / "thin.html").exists()  # 1 of 3
    (root / "source_html" / "rules.xml").write_text(
        rules.format('<its:translateRule selector="//h:p[@class=\'code\']" translate="no"/>'), "utf-8")
    l10n(root, "build", "--min-percent", "50")
    assert "하나" in (root / "build" / "ko" / "thin.html").read_text("utf-8")  # 1 of 1


@pytest.mark.parametrize("bad", ["-5", "120", "nan", "half"])
def test_min_percent_out_of_range_is_a_usage_error(project, capsys, bad):
    """As min_percent in pyproject.toml: 0 to 100, checked before anything is built."""
    root = project({"a.html": "<html><body><p>Hello</p></body></html>"}, locales=["ko"])
    with pytest.raises(SystemExit) as stop:
        main(["build", "--root", str(root), "--min-percent", bad])
    assert stop.value.code == 2
    assert f"expected a percentage from 0 to 100: {bad!r}" in capsys.readouterr().err
    assert not (root / "build").exists()


def test_a_pipe_or_a_device_in_the_source_is_a_warning_not_a_build_that_never_ends(project, capsys):
    """A link to /dev/zero among the assets: the copy read it for ever; a named pipe waited for a writer."""
    root = project({"a.html": "<html><body><p>Hello</p></body></html>"}, locales=["ko"])
    (root / "source_html" / "zero.bin").symlink_to("/dev/zero")
    (root / "source_html" / "zero.html").symlink_to("/dev/zero")
    os.mkfifo(root / "source_html" / "feed.css")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    capsys.readouterr()
    proc = subprocess.run([sys.executable, "-m", "toolkit", "--root", str(root), "build"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    for name in ("zero.bin", "zero.html", "feed.css"):
        assert f"source_html/{name}: not a regular file (a pipe, a device or a link to one); not copied" in proc.stderr
        assert not (root / "build" / name).exists()
    assert (root / "build" / "ko" / "a.html").is_file()


def test_a_symbolic_link_to_nothing_in_the_source_is_a_warning_not_a_failed_build(project, capsys):
    root = project({"a.html": "<html><body><p>Hello</p></body></html>"}, locales=["ko"])
    (root / "source_html" / "logo.png").symlink_to("gone.png")
    (root / "source_html" / "old.html").symlink_to("moved.html")
    capsys.readouterr()
    assert main(["extract", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert "source_html/old.html: a symbolic link to nothing; not extracted" in err and "logo.png" not in err
    assert main(["init", "--root", str(root), "-q"]) == 0
    capsys.readouterr()
    assert main(["build", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert "source_html/logo.png: a symbolic link to nothing; not copied" in err
    assert "source_html/old.html: a symbolic link to nothing; not copied" in err
    assert (root / "build" / "ko" / "a.html").is_file() and not (root / "build" / "logo.png").exists()


def test_pages_of_a_kind_no_babel_cfg_pattern_names_are_a_warning(project, capsys):
    """With `[html: source_html/**.html]` an `.htm` or `.xhtml` page was copied untranslated without a word; a folder
    left out on purpose (a pattern names that kind of page elsewhere) is not warned about."""
    page = "<html><body><p>Hello</p></body></html>"
    root = project({"a.html": page, "b.htm": page, "c.xhtml": page, "drafts/d.html": page}, locales=["ko"])
    (root / "babel.cfg").write_text("[html: source_html/*.html]\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["extract", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    [line] = [ln for ln in err.splitlines() if "babel.cfg" in ln]
    assert "source_html/b.htm and 1 more: named by no [html: …] pattern in babel.cfg" in line and "d.html" not in line
    assert main(["init", "--root", str(root), "-q"]) == 0
    capsys.readouterr()
    assert main(["build", "--root", str(root)]) == 0
    assert "source_html/b.htm and 1 more: named by no [html: …] pattern" in capsys.readouterr().err
    assert not (root / "build" / "ko" / "b.htm").exists() and (root / "build" / "b.htm").is_file()
    (root / "babel.cfg").write_text("[html: source_html/*.html]\n[html: source_html/*.htm]\n"
                                    "[html: source_html/*.xhtml]\n", encoding="utf-8")
    assert main(["extract", "--root", str(root)]) == 0 and "babel.cfg" not in capsys.readouterr().err


def test_the_shipped_babel_cfg_names_every_kind_of_page(sample_project):
    from toolkit.config import PAGE_SUFFIXES, load_config

    for suffix in PAGE_SUFFIXES:
        (sample_project / "source_html" / f"extra{suffix}").write_text("<p>Hello</p>", encoding="utf-8")
    unmatched: list[str] = []
    names = {p.name for p in load_config(sample_project).source_files(unmatched=unmatched)}
    assert {f"extra{suffix}" for suffix in PAGE_SUFFIXES} <= names and unmatched == []


def test_a_symbolic_link_to_a_folder_in_the_source_is_a_warning(project, capsys, tmp_path):
    """A linked folder is not entered (nor are pages found in one): a stylesheet under `css -> shared/css` was
    missing from the build without a word, and every page lost its style."""
    root = project({"a.html": '<html><head><link rel="stylesheet" href="css/site.css"></head><body><p>Hello</p>'},
                   locales=["ko"])
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "site.css").write_text("p { color: red }", encoding="utf-8")
    (root / "source_html" / "css").symlink_to(tmp_path / "shared")
    (root / "source_html" / "logo.png").symlink_to(tmp_path / "shared" / "site.css")  # a linked file is copied
    l10n(root, "extract")
    l10n(root, "init")
    capsys.readouterr()
    assert main(["build", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert "source_html/css: a symbolic link to a folder; not followed, its files are not in the build" in err
    assert (root / "build" / "logo.png").read_text(encoding="utf-8") == "p { color: red }"
    assert not (root / "build" / "css").exists()


def test_an_output_dir_inside_the_source_is_refused(project, capsys):
    root = project({"a.html": "<p>Hi</p>"}, locales=["ko"])
    l10n(root, "extract")
    l10n(root, "init")
    for out in ("source_html", "source_html/build"):
        assert main(["build", "--root", str(root), "-o", str(root / out)]) == 2
        err = capsys.readouterr().err
        assert "inside the source directory" in err and "Traceback" not in err
    assert not (root / "source_html" / "build").exists()


def test_an_output_dir_holding_the_project_or_its_catalogues_is_refused(project, capsys):
    """`--output-dir .` overwrote the project's README with the source's and removed its files; `..` swept a
    neighbouring project's temp files."""
    root = project({"a.html": "<p>Hi</p>", "README.md": "source readme"}, locales=["ko"])
    l10n(root, "extract")
    l10n(root, "init")
    (root / "README.md").write_text("the project's readme", "utf-8")
    for out in (".", "..", "locales/.."):
        assert main(["build", "--root", str(root), "-o", str(root / out)]) == 2, out
        err = capsys.readouterr().err
        assert "holds the source directory" in err and "of its own" in err and err.count("\n") == 1, err
    assert (root / "README.md").read_text("utf-8") == "the project's readme" and not (root / "ko").exists()
    assert main(["build", "--root", str(root), "-o", str(root / "pyproject.toml")]) == 2  # was "File exists"
    assert "is a file; choose a directory" in capsys.readouterr().err
    assert main(["build", "--root", str(root), "--source-dir", str(root / "pyproject.toml")]) == 2  # was "not found"
    assert "the source directory is a file, not a directory" in capsys.readouterr().err
    assert main(["build", "--root", str(root), "-o", str(root / "site-out")]) == 0  # a folder of its own


def test_a_missing_catalogue_stops_the_build_before_it_takes_its_lock(project, capsys):
    """A misspelt `locales_dir` failed "no catalogue for ko" but left nope/.cache/build.lock behind."""
    root = project({"a.html": "<p>Hi</p>"}, locales=["ko"])
    assert main(["build", "--root", str(root), "--locales-dir", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no catalogue for ko" in err and err.count("\n") == 1, err
    assert sorted(p.name for p in root.iterdir()) == ["babel.cfg", "pyproject.toml", "source_html"]


def test_url_segments_default_to_the_gettext_name(project):
    root = project({"a.html": "<html><head></head><body><p>Hi</p></body></html>"}, locales=["zh_TW"])
    l10n(root, "extract")
    l10n(root, "init")
    l10n(root, "build")
    assert (root / "build" / "zh_TW" / "a.html").is_file() and (root / "build" / "a.html").is_file()
    assert not (root / "build" / "sitemap.xml").exists()  # no base_url, no sitemap


def test_a_locale_taken_out_of_the_settings_leaves_the_build(project):
    """Its pages stayed in build/ for ever, never rebuilt, still claiming to be alternates of the others; a build
    from scratch had none.  A locale only left out of this build (`-l`) keeps its pages."""
    root = project({"a.html": "<html><head></head><body><p>Hi</p></body></html>"}, locales=["ko", "ja"])
    l10n(root, "extract")
    l10n(root, "init")
    l10n(root, "build")
    l10n(root, "build", "-l", "ko")
    assert (root / "build" / "ja" / "a.html").is_file()
    settings = root / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace("'ko', 'ja'", "'ko'"), "utf-8")
    l10n(root, "build")
    assert not (root / "build" / "ja").exists() and (root / "build" / "ko" / "a.html").is_file()
    assert "ja/a.html" not in (root / "build" / ".l10n-build.json").read_text("utf-8")


def test_a_script_building_a_files_address_is_named_once_a_build(project, capsys):
    """Dreamweaver's rollovers and document.write name images relative to the page: in every locale's copy they led
    under the locale's folder, and the images broke without a word."""
    rollover = ('<html><head><script>MM_preloadImages(\'images/btn_over.gif\')</script></head><body>'
                '<a href="a.html" onmouseover="document.btn.src=\'images/btn_over.gif\'"><img name="btn" '
                'src="images/btn.gif" alt="Launchers"></a><p>Text here</p></body></html>')
    missing = '<html><body><script>document.write("<img src=\'img/none.gif\'>")</script><p>Text</p></body></html>'
    root = project({"a.html": rollover, "b.html": rollover, "c.html": missing, "images/btn_over.gif": "GIF89a",
                    "images/btn.gif": "GIF89a"}, locales=["ko"])
    l10n(root, "extract")
    l10n(root, "init")
    capsys.readouterr()
    assert main(["build", "--root", str(root)]) == 0
    hints = [line for line in capsys.readouterr().err.splitlines() if "builds the address" in line]
    assert len(hints) == 1 and "a.html:1: a script builds the address 'images/btn_over.gif'" in hints[0]
    assert "locale_assets = true" in hints[0]
    settings = root / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8") + "locale_assets = true\n", "utf-8")
    assert main(["build", "--root", str(root)]) == 0
    assert "builds the address" not in capsys.readouterr().err
    assert (root / "build" / "ko" / "images" / "btn_over.gif").is_file()


def test_the_sites_own_sitemap_stays_when_base_url_is_switched_off(project):
    """MkDocs writes a sitemap.xml of its own; the build's replaces it while base_url is set, and switching
    base_url off removed the file altogether, the site's own copy with it."""
    mkdocs = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset><url><loc>https://example.org/</loc></url></urlset>\n'
    root = project({"index.html": "<html><head></head><body><p>Hi</p></body></html>", "sitemap.xml": mkdocs},
                   locales=["ko"])
    l10n(root, "extract")
    l10n(root, "init")
    settings = root / "pyproject.toml"
    plain = settings.read_text("utf-8")
    settings.write_text(plain + 'base_url = "https://example.org/"\n', "utf-8")
    l10n(root, "build")
    assert "https://example.org/ko/" in (root / "build" / "sitemap.xml").read_text("utf-8")
    settings.write_text(plain, "utf-8")
    l10n(root, "build")
    assert (root / "build" / "sitemap.xml").read_text("utf-8") == mkdocs
    l10n(root, "build")
    assert (root / "build" / "sitemap.xml").read_text("utf-8") == mkdocs


def tree_of(build: Path) -> dict[str, bytes]:
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in sorted(build.rglob("*")) if p.is_file()}


def assert_same_as_a_clean_build(root: Path, tmp_path: Path, *args: str) -> None:
    """The incremental build's output is what a build of the same project from nothing makes, and its manifest names
    only what is there."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("build", ".cache"))
    l10n(clean, "build", *args)
    assert tree_of(root / "build") == tree_of(clean / "build")
    manifest = json.loads((root / "build" / ".l10n-build.json").read_text("utf-8"))
    assert all((root / "build" / out).is_file() for out in [*manifest["pages"], *manifest["assets"]])


def test_a_file_that_turns_from_asset_to_page_or_folder_and_back_builds_as_from_nothing(project, tmp_path):
    """An asset that became a page was written, then removed by the same build as a stale asset (the manifest
    still named it); a page or an asset that became a folder of the same name stopped every later build ("a file
    stands where a directory is needed"): what the site no longer has is removed before anything is written."""
    root = project({"index.html": '<html><body><p>Home <a href="legacy.htm">old</a></p></body></html>',
                    "legacy.htm": "<html><body><p>Legacy page.</p></body></html>",
                    "news.html": "<html><body><p>News of today.</p></body></html>",
                    "img/new.gif": b"GIF89a"}, locales=["ko"])
    l10n(root, "extract")
    l10n(root, "init")
    l10n(root, "build")
    cfg = root / "babel.cfg"
    cfg.write_text("[html: source_html/**.html]\n[html: source_html/**.htm]\n", "utf-8")  # legacy.htm: a page now
    l10n(root, "extract")
    l10n(root, "build")
    assert "Legacy page." in (root / "build" / "ko" / "legacy.htm").read_text("utf-8")
    assert_same_as_a_clean_build(root, tmp_path)
    src = root / "source_html"
    (src / "news.html").rename(tmp_path / "news.html")
    (src / "news.html").mkdir()
    (tmp_path / "news.html").rename(src / "news.html" / "index.html")
    (src / "img" / "new.gif").rename(tmp_path / "new.gif")
    (src / "img" / "new.gif").mkdir()
    (tmp_path / "new.gif").rename(src / "img" / "new.gif" / "x.gif")
    l10n(root, "extract")
    l10n(root, "build")
    assert_same_as_a_clean_build(root, tmp_path)
    shutil.rmtree(src / "news.html")
    (src / "news.html").write_text("<html><body><p>News of today.</p></body></html>", "utf-8")
    cfg.write_text("[html: source_html/**.html]\n", "utf-8")  # and legacy.htm an asset again
    l10n(root, "extract")
    l10n(root, "build")
    assert (root / "build" / "ko" / "news.html").is_file() and not (root / "build" / "ko" / "legacy.htm").exists()
    assert_same_as_a_clean_build(root, tmp_path)


def test_assets_are_copies_again_once_hard_links_are_switched_off(small_site):
    """A link a build with `hardlink_assets` left was taken as up to date without the setting too: whatever wrote
    into build/ afterwards (a minifier) changed the source file."""
    settings = small_site / "pyproject.toml"
    plain = settings.read_text("utf-8")
    settings.write_text(plain.replace("[tool.l10n]", "[tool.l10n]\nhardlink_assets = true"), "utf-8")
    l10n(small_site, "build", "--include-fuzzy", "--force")
    src, out = small_site / "source_html" / "img" / "logo.png", small_site / "build" / "img" / "logo.png"
    shutil.rmtree(small_site / "build")
    l10n(small_site, "build", "--include-fuzzy")
    assert os.path.samefile(src, out)
    settings.write_text(plain, "utf-8")
    l10n(small_site, "build", "--include-fuzzy")
    assert not os.path.samefile(src, out) and out.read_bytes() == src.read_bytes()


def test_assets_copied_before_hard_links_were_switched_on_become_links(small_site):
    """Switching `hardlink_assets` on left every asset copied before as a copy of its own (its size and mtime are
    the source's), even with `--force`: the build that sees the setting switched on links them, and so does
    `--force` (a copy put there by hand)."""
    src, out = small_site / "source_html" / "img" / "logo.png", small_site / "build" / "img" / "logo.png"
    assert not os.path.samefile(src, out)
    settings = small_site / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace("[tool.l10n]", "[tool.l10n]\nhardlink_assets = true"),
                        "utf-8")
    l10n(small_site, "build", "--include-fuzzy")
    assert os.path.samefile(src, out)
    out.unlink()
    shutil.copy2(src, out)  # (same size and mtime: a plain build trusts it)
    l10n(small_site, "build", "--include-fuzzy")
    assert not os.path.samefile(src, out)
    l10n(small_site, "build", "--include-fuzzy", "--force")
    assert os.path.samefile(src, out)


def test_force_repairs_an_asset_edited_in_the_output_with_its_size_and_mtime_kept(small_site):
    """A plain build trusts a copy of the same size and mtime (as the copy leaves it); `--force` is how a person asks
    for everything to be made again, and it left such a copy as it was."""
    src, out = small_site / "source_html" / "img" / "logo.png", small_site / "build" / "img" / "logo.png"
    stat = out.stat()
    out.write_bytes(bytes(b ^ 0xFF for b in out.read_bytes()))
    os.utime(out, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    l10n(small_site, "build", "--include-fuzzy")
    assert out.read_bytes() != src.read_bytes()
    l10n(small_site, "build", "--include-fuzzy", "--force")
    assert out.read_bytes() == src.read_bytes()
    kept = out.stat().st_ino
    l10n(small_site, "build", "--include-fuzzy", "--force")
    assert out.stat().st_ino == kept  # a copy already equal to its source is left as it is


def test_a_copied_asset_has_a_new_file_s_mode_not_its_source_s(project):
    """An asset was copied with its source's mode (copy2): a style sheet its owner alone could read (0600) stayed
    0600 in build/, where a web server cannot read it, even once the source was 0644 again and with `--force`.  A
    copy is a new file now, its mode 0666 less the umask (an executable bit is not kept: build/ is served, not
    run), and a copy that cannot be read as a new file can is copied anew."""
    umask = os.umask(0o022)
    try:
        root = project({"index.html": '<html><head><link rel="stylesheet" href="css/site.css"></head>'
                                      "<body><p>Hi</p></body></html>", "css/site.css": "p { color: red }\n",
                        "get.sh": "#!/bin/sh\n"}, ["ko"])
        css, sh = root / "source_html" / "css" / "site.css", root / "source_html" / "get.sh"
        out = root / "build" / "css" / "site.css"
        css.chmod(0o600)
        sh.chmod(0o755)
        l10n(root, "extract")
        l10n(root, "init")
        l10n(root, "build")
        assert (out.stat().st_mode & 0o7777, (root / "build" / "get.sh").stat().st_mode & 0o7777) == (0o644, 0o644)
        out.chmod(0o600)  # as a build that kept the source's mode left it
        l10n(root, "build")
        assert out.stat().st_mode & 0o7777 == 0o644
        os.umask(0o027)
        out.chmod(0o755)  # bits beyond a new file's (a file system that ignores chmod shows 0755): left, as pages are
        l10n(root, "build")
        assert out.stat().st_mode & 0o7777 == 0o755 and out.read_bytes() == css.read_bytes()
        out.unlink()
        l10n(root, "build")
        assert out.stat().st_mode & 0o7777 == 0o640 and out.read_bytes() == css.read_bytes()
        assert out.stat().st_mtime_ns == css.stat().st_mtime_ns
    finally:
        os.umask(umask)


def test_the_sites_own_sitemap_and_a_file_named_as_the_manifest_are_not_copied(project, capsys):
    """With base_url the site's own sitemap.xml (and its gzip copy) was copied in and overwritten by the build's at every build ("1
    sitemap file(s) written" with nothing changed); a source file named as the build's manifest replaced it."""
    root = project({"index.html": "<html><body><p>Hi</p></body></html>", "sitemap.xml": "<urlset/>\n",
                    "sitemap.xml.gz": gzip.compress(b"<urlset/>\n"), ".l10n-build.json": "{}"}, locales=["ko"])
    l10n(root, "extract")
    l10n(root, "init")
    settings = root / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8") + 'base_url = "https://example.org/"\n', "utf-8")
    assert main(["build", "--root", str(root)]) == 0
    assert "source_html/.l10n-build.json: the name of the build's own record" in capsys.readouterr().err
    assert main(["build", "--root", str(root)]) == 0
    assert "0 pages written, 2 up to date, 0 assets copied, 0 removed" in capsys.readouterr().err
    assert json.loads((root / "build" / ".l10n-build.json").read_text("utf-8"))["pages"]
    assert not (root / "build" / "sitemap.xml.gz").exists()  # (MkDocs' gzip copy lists the source pages only)


def test_a_build_of_one_locale_names_the_others_versions_as_they_are_published(project):
    """`build -l ko` made the source-language pages name every locale's version, though min_percent withheld the
    Japanese ones (or none was built yet): links to pages that are not there.  A locale the build leaves as it is
    is taken as the last build left it."""
    root = project({"a.html": "<html><head></head><body><p>Hello</p><p>World</p></body></html>"},
                   locales=["ko", "ja"])
    l10n(root, "extract")
    l10n(root, "init")
    l10n(root, "translate", "--engine", "pseudo", "-l", "ko")
    l10n(root, "build", "--include-fuzzy", "--min-percent", "50")
    assert "ja/a.html" not in (root / "build" / "a.html").read_text("utf-8")
    (root / "source_html" / "a.html").write_text("<html><head></head><body><p>Hello</p><p>World</p><p>More</p>"
                                                "</body></html>", "utf-8")
    l10n(root, "build", "--include-fuzzy", "--min-percent", "50", "-l", "ko")
    source_page = (root / "build" / "a.html").read_text("utf-8")
    assert 'hreflang="ko"' in source_page and "ja/a.html" not in source_page
    # Japanese translated now, but not built: still not there, so still not named (its coverage had changed)
    l10n(root, "translate", "--engine", "pseudo", "-l", "ja")
    l10n(root, "build", "--include-fuzzy", "--min-percent", "50", "-l", "ko", "--force")
    assert "ja/a.html" not in (root / "build" / "a.html").read_text("utf-8")
    assert not (root / "build" / "ja" / "a.html").exists()
    l10n(root, "build", "--include-fuzzy", "--min-percent", "50")
    assert "ja/a.html" in (root / "build" / "a.html").read_text("utf-8") and (root / "build" / "ja" / "a.html").exists()


def test_a_preview_build_s_coverage_is_not_taken_for_the_published_one(project):
    """Coverage was remembered by page and catalogue only: after a preview (`--include-fuzzy`, machine translations
    counted) a build without it found the pages as covered and published them, machine-translated text left out."""
    root = project({"a.html": "<html><body><p>Hello</p><p>World</p></body></html>"}, locales=["ko"])
    l10n(root, "extract")
    l10n(root, "init")
    l10n(root, "translate", "--engine", "pseudo")
    l10n(root, "build", "--include-fuzzy", "--min-percent", "50")
    assert (root / "build" / "ko" / "a.html").is_file()
    l10n(root, "build", "--min-percent", "50")
    assert not (root / "build" / "ko" / "a.html").exists()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", [["run", "--engine", "none"], ["extract"], ["update"], ["build"]])
@pytest.mark.parametrize("setup, message", [
    ('source_dir = "."', "the output directory build is inside the source directory ."),
    ("mkdir ko", "the source directory has a folder ko/, where the ko pages would go"),
    ('locales_dir = "source_html/locales"', "the catalogues' directory source_html/locales is inside the source"),
    ('cache_dir = "source_html/.cache"', "the cache directory source_html/.cache is inside the source directory"),
    ('cache_dir = "build/cache"', "the cache directory build/cache is inside the output directory build"),
    ('source_dir = "."\noutput_dir = "../pub"', "the source directory . holds the project"),
])
def test_a_wrong_layout_stops_every_command_before_it_writes(project, capsys, command, setup, message):
    """Only the build checked the layout: `run` extracted build/ko/*.html into the template, updated the
    catalogues and compiled them before it stopped; `extract` alone said nothing.  The catalogues and caches in the
    source, or the whole project with `source_dir = "."`, were published; caches in the output were pruned."""
    root = project({"a.html": "<p>Hi</p>"}, locales=["ko"])
    l10n(root, "run", "--engine", "none")
    if setup == "mkdir ko":
        (root / "source_html" / "ko").mkdir()
    else:
        settings = root / "pyproject.toml"
        for line in setup.splitlines():
            key = line.split(" = ")[0]
            kept = [old for old in settings.read_text("utf-8").splitlines() if not old.startswith(f"{key} = ")]
            settings.write_text("\n".join([*kept, line, ""]), "utf-8")
    (root / "source_html" / "a.html").write_text("<p>Hi</p><p>New</p>", "utf-8")  # (something for each to do)
    before = _files(root)
    capsys.readouterr()
    assert main([*command, "--root", str(root), "-q"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert _files(root) == before and not (root.parent / "pub").exists()


# --- interrupted builds ------------------------------------------------------------------------


def test_temp_files_of_an_interrupted_build_are_swept(small_site):
    """Only a killed writer's: another build's in progress and a person's file ending in .tmp stay (every `.*.tmp`
    under the output folder went, and with `--output-dir ..` a neighbouring project's)."""
    stale = small_site / "build" / "ko" / f".index.html.{dead_pid()}.x1y2z3w4.tmp"
    running = small_site / "build" / "ko" / f".other.html.{os.getpid()}.a1b2c3d4.tmp"
    notes = small_site / "build" / ".notes.tmp"
    for path in (stale, running, notes):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half")
    l10n(small_site, "build", "--include-fuzzy")
    assert not stale.exists() and running.exists() and notes.exists()


def _children(pid: int) -> set[int]:
    out = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_parallel_build_leaves_no_temp_files_and_no_workers(project, signum):
    sys.path.insert(0, str(REPO / "bench"))
    from corpus import page

    pages = {f"s{i % 5}/p{i}.html": page(30_000, seed=i) for i in range(200)}  # long enough to interrupt
    root = project(pages, locales=["ko", "ja"])
    l10n(root, "extract")
    l10n(root, "init")
    proc = subprocess.Popen([sys.executable, "-m", "toolkit", "build", "--root", str(root), "-j", "2", "-q"],
                            cwd=REPO, stderr=subprocess.PIPE,  # test runners may ignore SIGINT: not the build
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= _children(proc.pid)
        # workers write the pages (jobs of 8 pages, 24 files), the parent records them as jobs come back in
        # order: with half of the 600 files written, jobs are back even on a loaded machine, and half are to come
        if len(workers) >= 2 and sum(1 for _ in (root / "build").rglob("*.html")) >= 300:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert workers and not [w for w in workers if _alive(w)]  # the workers die with their parent
    if signum == signal.SIGKILL:  # nothing could be saved; the next build sweeps and finishes
        assert proc.returncode == -signal.SIGKILL
        assert main(["build", "--root", str(root), "-q", "-j", "2"]) == 0
        assert not list((root / "build").rglob("*.tmp"))
        return
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert not list((root / "build").rglob("*.tmp"))
    manifest = json.loads((root / "build" / ".l10n-build.json").read_text("utf-8"))
    kept = len(manifest["pages"])
    assert 0 < kept < 3 * 200  # the finished pages were recorded
    if signum == signal.SIGTERM:  # the next build finishes the job
        assert main(["build", "--root", str(root), "-q", "-j", "2"]) == 0
        assert len(json.loads((root / "build" / ".l10n-build.json").read_text("utf-8"))["pages"]) == 3 * 200


@pytest.mark.parametrize("tamper", [
    lambda h: h.replace('class="hero"', 'class="evil"'),
    lambda h: h.replace('<img src=', '<img onerror="alert(1)" src=', 1),
    lambda h: h.replace('<meta property="og:locale:alternate"', '<meta property="og:evil"', 1),
    lambda h: h.replace("</head>", "<script>alert(1)</script></head>", 1),
    lambda h: h.replace('"inLanguage": "ko"', '"inLanguage": "ko"}</script><script>alert(1)</script><script>{"a": 1', 1),
])
def test_the_identity_check_catches_edits_outside_the_new_kinds(small_site, tamper):
    source, _ = decode_html((small_site / "source_html" / "index.html").read_bytes())
    built = (small_site / "build" / "ko" / "index.html").read_text("utf-8")
    assert_only_declared_edits(source, built, translated=True)
    assert tamper(built) != built
    with pytest.raises(AssertionError):
        assert_only_declared_edits(source, tamper(built), translated=True)


@pytest.mark.parametrize("damage, problem", [
    ("garbage{\n", "not JSON"),
    ('<<<<<<< HEAD\n{"format": 2}\n=======\n{}\n>>>>>>> other\n', "an unresolved merge conflict in it"),
    ('{"format": 2, "pages": {}, "coverage": {}, "assets": "css", "files": []}\n', "not a build manifest's shape"),
])
def test_a_damaged_build_manifest_is_one_warning_and_a_full_rebuild(project, capsys, damage, problem):
    """A corrupt or conflicted manifest was read as empty without a word: the outputs of a page removed since
    stayed in build/ and nothing said why.  It is one warning naming the file, what it costs and the way out, and
    the build makes everything again (a copy edited in build/ with its size and mtime kept is repaired too)."""
    root = project({"index.html": "<html><body><p>Hi</p></body></html>",
                    "old.html": "<html><body><p>Bye</p></body></html>", "img/a.bin": "abc"}, ["ko"])
    l10n(root, "extract")
    l10n(root, "init")
    l10n(root, "build")
    build, manifest = root / "build", root / "build" / ".l10n-build.json"
    (root / "source_html" / "old.html").unlink()
    copy = build / "img" / "a.bin"
    stat = copy.stat()
    copy.write_bytes(b"xyz")
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    manifest.write_text(damage, "utf-8")
    capsys.readouterr()
    assert main(["build", "--root", str(root), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    warnings = [line for line in err.splitlines() if ".l10n-build.json" in line]
    assert warnings == [f"l10n: warning: build/.l10n-build.json: the build's record of what it wrote is damaged "
                        f"({problem}); every page and asset is checked against its source again (those that already "
                        "match are left as they are), but outputs of pages and assets removed since cannot be pruned "
                        "this time (delete the output folder for a clean tree)"]
    report = json.loads(out)
    assert len(report["written"]) + report["unchanged"] == 2 and report["skipped"] == 0
    assert copy.read_bytes() == b"abc"
    assert (build / "old.html").exists()  # as the warning says: no record names it
    assert json.loads(manifest.read_text("utf-8"))["pages"]  # and the next build has a record again
    l10n(root, "build")
    assert "l10n-build" not in capsys.readouterr().err


def test_a_manifest_of_another_format_is_a_silent_rebuild(project, capsys):
    """An upgrade that changes the manifest's format rebuilds once, without calling the old manifest damaged."""
    root = project({"index.html": "<html><body><p>Hi</p></body></html>"}, ["ko"])
    l10n(root, "extract")
    l10n(root, "init")
    (root / "build").mkdir()
    (root / "build" / ".l10n-build.json").write_text('{"format": 1, "pages": []}\n', "utf-8")
    capsys.readouterr()
    l10n(root, "build")
    assert "l10n-build" not in capsys.readouterr().err
    assert json.loads((root / "build" / ".l10n-build.json").read_text("utf-8"))["format"] == 2


def test_a_build_manifest_nested_too_deep_is_read_as_none(small_site):
    """A damaged or planted manifest is a full rebuild, not a RecursionError traceback."""
    (small_site / "build" / ".l10n-build.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    assert main(["build", "--root", str(small_site), "-q", "--include-fuzzy"]) == 0
    manifest = json.loads((small_site / "build" / ".l10n-build.json").read_text("utf-8"))
    assert manifest["pages"]


@pytest.mark.parametrize("planted", ["../../victim.txt", "/VICTIM", "ko/../../../victim.txt"])
def test_a_manifest_naming_files_off_the_output_removes_nothing_there(small_site, tmp_path, planted):
    """A hand-edited or restored manifest naming `../../victim.txt` (or an absolute path) as a page of an old
    locale: the build deleted that file, outside build/."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    planted = planted.replace("/VICTIM", str(victim))
    path = small_site / "build" / ".l10n-build.json"
    manifest = json.loads(path.read_text("utf-8"))
    manifest["pages"][planted] = ["fr", "x"]
    manifest["assets"].append(planted)
    path.write_text(json.dumps(manifest), "utf-8")
    assert (small_site / "build" / planted).resolve() == victim.resolve()  # (each names the victim)
    assert main(["build", "--root", str(small_site), "-q", "--include-fuzzy"]) == 0
    assert victim.read_text("utf-8") == "keep me"


def test_removing_a_built_file_never_follows_a_linked_folder_out_of_the_output(tmp_path):
    from toolkit.build.assets import remove_output

    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "page.html").write_text("keep", "utf-8")
    (tmp_path / "out" / "ko").symlink_to(tmp_path / "elsewhere")
    remove_output(tmp_path / "out", "ko/page.html")
    assert (tmp_path / "elsewhere" / "page.html").is_file()
    (tmp_path / "out" / "mine.html").write_text("x", "utf-8")
    remove_output(tmp_path / "out", "mine.html")
    assert not (tmp_path / "out" / "mine.html").exists()


def test_a_second_build_of_a_project_waits_for_the_first(small_site):
    """Two builds at once each trusted the manifest the other was rewriting: a later build then called hundreds of
    pages up to date that were not.  A build holds the project's build lock (in its cache, not in the output)."""
    from filelock import FileLock

    shutil.rmtree(small_site / "build")
    lock = FileLock(str(small_site / "locales" / ".cache" / "build.lock"))
    with lock:
        proc = subprocess.Popen([sys.executable, "-m", "toolkit", "--root", str(small_site), "build"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert proc.poll() is None and not (small_site / "build" / "ko").exists()  # waiting, nothing written
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "another build of this project is running; waiting for it to end" in err
    assert (small_site / "build" / "ko").is_dir() and not list((small_site / "build").rglob("*.lock"))


def test_a_canonical_url_without_base_url_is_one_warning_with_the_setting_to_use(tmp_path, capsys):
    """Generators write an absolute canonical link; without base_url every locale's copy kept it (search engines then
    treat the Japanese page as a duplicate of the English one) and the alternates were relative.  The build says so
    once, with the base_url the canonical implies; with it set, the canonical is the page's own."""
    from tests.conftest import write_project

    page = ('<html><head><title>Guide</title><link REL="Canonical" href="https://example.org/docs/{}"></head>'
            "<body><p>Text</p></body></html>")
    (tmp_path / "p").mkdir()
    root = write_project(tmp_path / "p", {"guide/index.html": page.format("guide/"), "a.html": page.format("a.html")},
                         locales=["ja"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    capsys.readouterr()
    assert main(["build", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert err.count("base_url is not set") == 1 and 'set base_url = "https://example.org/docs/"' in err
    with (root / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write('base_url = "https://example.org/docs/"\n')
    assert main(["build", "--root", str(root)]) == 0
    assert "base_url is not set" not in capsys.readouterr().err
    assert '<link REL="Canonical" href="https://example.org/docs/ja/a.html">' in \
        (root / "build" / "ja" / "a.html").read_text("utf-8")


def test_the_canonical_hint_reads_a_page_of_many_links_in_linear_time():
    """Each `<link>` looked back through the page for a comment opening: 20,000 preloads took 3.6 s of the build's
    parent, before any page was built."""
    import time

    from toolkit.build.head import canonical_base_hint

    own = b'<link rel="canonical" href="https://example.org/docs/a.html">'
    page = b"<head>" + b'<link rel="preload" href="a.css">' * 20_000 + b"<!-- " + own + b" -->" + own
    started = time.process_time()
    assert 'set base_url = "https://example.org/docs/"' in (canonical_base_hint(page, "a.html") or "")
    assert time.process_time() - started < 1.0
    assert canonical_base_hint(b"<!-- left open " + own, "a.html") is None  # (as a browser reads it: a comment)


@pytest.mark.parametrize("tag", [
    '<!-- <link rel="canonical" href="https://old.example.org/a.html"> -->',  # a comment's
    '<link rel="canonical" href="https://medium.com/@me/post">',  # another site's: nothing to infer
    '<link rel="canonical" href="https://[::1/a.html">',  # no URL (was a traceback)
    '<link rel="canonical" href="https://example.org:99999/a.html">',
    '<link rel="canonical" href="a.html">',  # relative: it follows the page
])
def test_no_canonical_warning_for_what_is_not_the_page_s_own_absolute_url(tmp_path, capsys, tag):
    from tests.conftest import write_project

    (tmp_path / "p").mkdir()
    root = write_project(tmp_path / "p", {"a.html": f"<html><head>{tag}</head><body><p>Text</p></body></html>"},
                         locales=["ja"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    capsys.readouterr()
    assert main(["build", "--root", str(root)]) == 0
    assert "base_url is not set" not in capsys.readouterr().err


def test_the_build_forks_its_workers_after_trimming_the_heap_without_a_full_collection(tmp_path, monkeypatch):
    """A full collection before forking found nothing (loading pages makes no cycles) and took 40 ms of every build
    of the bench site, before any page was built; the heap's free pages still go back first (each worker would
    count them)."""
    import gc

    import toolkit.build.site as site
    from tests.conftest import write_project

    (tmp_path / "p").mkdir()
    pages = {f"p{i}.html": f"<html><body><p>Page {i}</p></body></html>" for i in range(12)}
    root = write_project(tmp_path / "p", pages, locales=["ja"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q"]) == 0
    events: list[str] = []
    collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *a: events.append(f"collect{a}") or collect(*a))
    monkeypatch.setattr(site, "trim_heap", lambda: events.append("trim"), raising=False)
    assert main(["build", "--root", str(root), "-q", "-j", "2"]) == 0
    assert events == ["trim"]
    assert len(list((root / "build").rglob("*.html"))) == 24


def built_site(tmp_path: Path, pages: dict[str, str], locales: list[str], base_url: str | None = None,
               translate: tuple[str, ...] = (), build: tuple[str, ...] = (), babel: str | None = None,
               **settings: bool) -> Path:
    """A project of `pages`, extracted, its catalogues pseudo-translated (fuzzy) and built with them; `babel`: its
    babel.cfg, `settings`: more [tool.l10n] switches."""
    from tests.conftest import write_project

    (tmp_path / "p").mkdir()
    root = write_project(tmp_path / "p", pages, locales=locales)
    if base_url:
        with (root / "pyproject.toml").open("a", encoding="utf-8") as fh:
            fh.write(f'base_url = "{base_url}"\n')
    with (root / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.writelines(f"{key} = {str(value).lower()}\n" for key, value in settings.items())
    if babel is not None:
        (root / "babel.cfg").write_text(babel, "utf-8")
    for step in (["extract"], ["init"], ["translate", "--engine", "pseudo", *translate],
                 ["build", "--include-fuzzy", *build]):
        assert main([*step, "--root", str(root), "-q"]) == 0
    return root


@pytest.mark.parametrize("base_url", [None, "https://example.org/"])
def test_the_urls_the_build_writes_are_percent_encoded(tmp_path, base_url):
    """A page named ``c#.html`` got ``href="https://example.org/ko/c#.html"`` (the page ``/ko/c`` and a fragment) as
    its canonical, alternates and sitemap entry, ``my page.html`` a space and ``100%.html`` a bare ``%`` in them:
    every URL the build writes (alternates, canonical, switcher links, sitemap) is percent-encoded, and leads to the
    file it names."""
    from urllib.parse import unquote


    names = ["c#.html", "q?.html", "100%.html", "my docs/page one.html", "café.html", "a:b.html"]
    switcher = '<p><a href="{0}" hreflang="en">English</a> <a href="ko/{0}" hreflang="ko">한국어</a></p>'
    pages = {name: f"<html><head><title>T</title></head><body>{switcher.format('')}<p>Text {i}</p></body></html>"
             for i, name in enumerate(names)}
    root = built_site(tmp_path, pages, ["ko"], base_url)
    build = root / "build"
    origin = "https://example.org/"
    checked = 0
    for name in names:
        for site_path in (name, f"ko/{name}"):
            html = (build / site_path).read_text("utf-8")
            doc = html5lib.parse(html, namespaceHTMLElements=False)
            urls = [el.get("href") for el in doc.iter("link") if el.get("href")]
            urls += [el.get("href") for el in doc.iter("a") if el.get("hreflang")]
            assert len(urls) == (6 if base_url else 5), (site_path, urls)
            for url in urls:
                assert " " not in url and "é" not in url, url
                assert "100%25.html" in url or "100%" not in url, url
                parts = urlsplit(urljoin(origin + quote_path(site_path), url))
                assert not parts.fragment and not parts.query, (site_path, url)
                assert parts.scheme == "https", (site_path, url)  # (a:b.html is no scheme)
                assert (build / unquote(parts.path.lstrip("/"))).is_file(), (site_path, url)
                checked += 1
    assert checked == len(names) * 2 * (6 if base_url else 5)
    if base_url:
        locs = list(sitemap_entries(build))
        assert len(locs) == len(names) * 2
        for loc in locs:
            parts = urlsplit(loc)
            assert not parts.fragment and not parts.query and " " not in loc, loc
            assert (build / unquote(parts.path.lstrip("/"))).is_file(), loc


def quote_path(site_path: str) -> str:
    from urllib.parse import quote

    return quote(site_path)


@pytest.mark.parametrize("base_url", [None, "https://example.org/"])
def test_the_authors_alternates_name_their_versions_by_region_or_script_and_keep_their_x_default(tmp_path, base_url):
    """``hreflang="ko-KR"`` (or en-US, zh-Hant) was no code of the site's, so it was localised as a link: on the Korean
    page en-US pointed at the Korean page itself, and ``ko`` was added beside ``ko-KR`` for the same URL (one URL
    claimed as English and Korean); an x-default leading to a language chooser was pointed at the English page.
    Each version's tag now leads to its version, none is added twice, and x-default leads where it led."""

    site = base_url or ""
    head = (f'<link rel="alternate" hreflang="en-US" href="{site or "index.html"}">'
            f'<link rel="alternate" hreflang="ko-KR" href="{site}ko/{"" if site else "index.html"}">'
            f'<link rel="alternate" hreflang="zh-Hant" href="{site}zh_TW/{"" if site else "index.html"}">'
            f'<link rel="alternate" hreflang="en-GB" href="https://example.co.uk/">'
            f'<link rel="alternate" hreflang="x-default" href="{site}choose.html">')
    pages = {"index.html": f"<html><head><title>Home</title>{head}</head><body><p>Welcome</p></body></html>",
             "choose.html": "<html><head><title>Choose</title></head><body><p>Choose a language</p></body></html>"}
    root = built_site(tmp_path, pages, ["ko", "zh_TW"], base_url)
    build = root / "build"
    for site_path in ("index.html", "ko/index.html", "zh_TW/index.html"):
        page_url = "https://example.org/" + site_path
        doc = html5lib.parse((build / site_path).read_text("utf-8"), namespaceHTMLElements=False)
        alternates = [(el.get("hreflang"), urljoin(page_url, el.get("href"))) for el in doc.iter("link")
                      if el.get("rel") == "alternate"]
        home = "https://example.org/" if base_url else "https://example.org/index.html"
        assert sorted(alternates) == sorted([
            ("en-US", home), ("ko-KR", home.replace(".org/", ".org/ko/")),
            ("zh-Hant", home.replace(".org/", ".org/zh_TW/")), ("en-GB", "https://example.co.uk/"),
            ("x-default", "https://example.org/choose.html")]), site_path


def test_a_canonical_naming_another_page_names_that_pages_version_in_each_locale(tmp_path):
    """A print version's ``<link rel=canonical href=".../article.html">`` was replaced by the print page's own URL in
    every locale (so search engines indexed the duplicates); it names the article in the page's locale.  A canonical
    naming the page itself in another form (no extension, a query) is still the page's own URL."""

    page = '<html><head><title>T</title><link rel="canonical" href="{}"></head><body><p>{}</p></body></html>'
    pages = {"article.html": page.format("https://example.org/article.html", "The article"),
             "print.html": page.format("https://example.org/article.html", "The article, to print"),
             "docs/print.html": page.format("../article.html", "Another print version"),
             "pretty.html": page.format("https://example.org/pretty.html?ref=1", "A pretty URL")}
    root = built_site(tmp_path, pages, ["ko"], "https://example.org/")

    def canonical(site_path: str) -> list[str]:
        doc = html5lib.parse((root / "build" / site_path).read_text("utf-8"), namespaceHTMLElements=False)
        return [el.get("href") for el in doc.iter("link") if el.get("rel") == "canonical"]

    for locale_dir in ("", "ko/"):
        for site_path in ("article.html", "print.html", "docs/print.html"):
            assert canonical(locale_dir + site_path) == [f"https://example.org/{locale_dir}article.html"], site_path
        assert canonical(locale_dir + "pretty.html") == [f"https://example.org/{locale_dir}pretty.html"]
    # the sitemap lists canonical URLs only: not the duplicates
    assert sorted(sitemap_entries(root / "build")) == sorted(
        f"https://example.org/{d}{p}" for d in ("", "ko/") for p in ("article.html", "pretty.html"))


def _head_urls(path: Path) -> dict[str, list[str]]:
    doc = html5lib.parse(path.read_text("utf-8"), namespaceHTMLElements=False)
    out: dict[str, list[str]] = {}
    for el in doc.iter("link"):
        out.setdefault(el.get("hreflang") or el.get("rel"), []).append(el.get("href"))
    return out


@pytest.mark.parametrize("setting", [None, True])
def test_a_site_with_clean_urls_gets_clean_canonicals_alternates_and_sitemap(tmp_path, setting):
    """A site whose pages name themselves without ".html" (``<link rel=canonical href="https://example.org/about">``,
    as hosts with clean URLs serve them): the build replaced that canonical with ``.../ko/about.html`` and listed
    .html URLs as alternates and in the sitemap, URLs such hosts redirect (search engines report alternates and
    canonicals that redirect).  The pages' own canonicals say so, or `clean_urls = true` does."""
    page = '<html><head><title>T</title>{}</head><body><p>{}</p></body></html>'
    own = '<link rel="canonical" href="https://example.org/{}">' if setting is None else "{}"
    pages = {"index.html": page.format(own.format(""), "Home"),
             "about.html": page.format(own.format("about"), "About us"),
             "docs/intro.html": page.format(own.format("docs/intro"), "Introduction"),
             "docs/old.htm": page.format("", "An old page")}  # (hosts answer /x with x.html only)
    extra = {} if setting is None else {"clean_urls": setting}
    root = built_site(tmp_path, pages, ["ko"], "https://example.org/",
                      babel="[html: source_html/**.html]\n[html: source_html/**.htm]\n", **extra)
    urls = _head_urls(root / "build" / "ko" / "about.html")
    assert urls["canonical"] == ["https://example.org/ko/about"]
    assert urls["en"] == ["https://example.org/about"] and urls["ko"] == ["https://example.org/ko/about"]
    assert urls["x-default"] == ["https://example.org/about"]
    assert _head_urls(root / "build" / "ko" / "index.html")["canonical"] == ["https://example.org/ko/"]
    assert sorted(sitemap_entries(root / "build")) == sorted(
        f"https://example.org/{d}{p}" for d in ("", "ko/") for p in ("", "about", "docs/intro", "docs/old.htm"))


def test_clean_urls_false_keeps_the_html_urls_a_canonical_would_have_changed(tmp_path):
    """`clean_urls = false` over the pages' clean canonicals: the URLs name the files (a host without clean URLs)."""
    page = '<html><head><title>T</title><link rel="canonical" href="https://example.org/about"></head>' \
           '<body><p>About us</p></body></html>'
    root = built_site(tmp_path, {"about.html": page}, ["ko"], "https://example.org/", clean_urls=False)
    assert _head_urls(root / "build" / "ko" / "about.html")["canonical"] == ["https://example.org/ko/about.html"]


def test_clean_urls_to_pages_lead_to_the_locales_pages(tmp_path):
    """A site linking its pages without their suffix (``/about`` for about.html, as Next.js exports and static hosts
    serve them): ko/index.html kept ``/about`` and ``/docs/intro`` (the English pages) and made ``about``
    ``../about``, while ``/`` became ``/ko/``.  A canonical naming another page so makes its page a duplicate."""
    index = ('<html><head><title>Home</title></head><body><p>Hello</p><a href="/">home</a> <a href="/about">about</a> '
             '<a href="/docs/intro?v=2#setup">intro</a> <a href="about">about</a> <a href="/files/LICENSE">licence</a> '
             '<a href="/contact">contact</a></body></html>')
    page = '<html><head><title>T</title>{}</head><body><p>{}</p><a href="../about">about</a></body></html>'
    pages = {"index.html": index, "about.html": page.format("", "About us"),
             "docs/intro.html": page.format("", "Introduction"),
             "docs/print.html": page.format('<link rel="canonical" href="https://example.org/docs/intro">', "Print")}
    root = built_site(tmp_path, pages, ["ko"], "https://example.org/")
    built = (root / "build" / "ko" / "index.html").read_text("utf-8")
    hrefs = re.findall(r'href="([^"]*)"', built.split("<body>")[1])
    assert hrefs == ["/ko/", "/ko/about", "/ko/docs/intro?v=2#setup", "about", "/files/LICENSE", "/contact"]
    assert 'href="../about"' in (root / "build" / "ko" / "docs" / "intro.html").read_text("utf-8")
    source_body = (root / "build" / "index.html").read_text("utf-8").split("<body>")[1]
    assert source_body == index.split("<body>")[1]  # the source language's links are as written
    assert 'href="https://example.org/ko/docs/intro.html"' in (root / "build/ko/docs/print.html").read_text("utf-8")
    assert sorted(sitemap_entries(root / "build")) == sorted(
        f"https://example.org/{d}{p}" for d in ("", "ko/") for p in ("", "about.html", "docs/intro.html"))


def test_a_page_asking_not_to_be_indexed_is_not_in_the_sitemap(small_site):
    """``<meta name="robots" content="noindex">`` pages were listed in every locale (a search console reports each
    submitted URL marked noindex); one saying so only in a comment or in its text is listed."""
    source = small_site / "source_html"
    page = "<html><head><title>T</title>{}</head><body><p>{}</p></body></html>"
    (source / "print.html").write_text(page.format('<meta name="ROBOTS" content="NOINDEX, follow">', "Print"), "utf-8")
    (source / "about" / "old.html").write_text(page.format('<meta content="none" name="robots">', "Old"), "utf-8")
    (source / "about" / "bot.html").write_text(page.format('<meta name="googlebot" content="noindex nofollow">',
                                                           "Bot"), "utf-8")
    (source / "listed.html").write_text(
        page.format('<!-- <meta name="robots" content="noindex"> -->', 'Write content="noindex" to hide a page'),
        "utf-8")
    l10n(small_site, "extract")
    l10n(small_site, "update")
    l10n(small_site, "build", "--include-fuzzy")
    locs = sitemap_entries(small_site / "build")
    assert not [loc for loc in locs if "print" in loc or "old" in loc or "bot" in loc]
    assert {f"{BASE}listed.html", f"{BASE}ko/listed.html"} <= set(locs)
    assert len(locs) == 15  # 12 + the listed page in three languages
    assert (small_site / "build" / "ko" / "print.html").is_file()  # built, only not listed


def test_a_sitemap_past_one_files_limits_is_an_index_of_parts(small_site, monkeypatch):
    """sitemaps.org allows 50,000 URLs and 50 MB in one file; a 100,000-page site in 30 locales has 3 million URLs:
    one sitemap.xml was written whatever its size (and made whole in memory).  Past either limit, sitemap.xml is an
    index of sitemap-1.xml, sitemap-2.xml…; the parts a smaller site no longer needs are removed."""
    import toolkit.build.sitemap as sitemap

    build = small_site / "build"
    whole = sitemap_entries(build)
    assert len(whole) == 12
    monkeypatch.setattr(sitemap, "MAX_URLS", 5)
    l10n_in_process(small_site, "build", "--include-fuzzy")
    index = ET.parse(build / "sitemap.xml").getroot()
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    parts = [el.text for el in index.findall("s:sitemap/s:loc", NS)]
    assert parts == [f"{BASE}sitemap-{n}.xml" for n in (1, 2, 3)]
    found: dict[str, set[tuple[str, str]]] = {}
    for n in (1, 2, 3):
        entries = sitemap_entries(build, f"sitemap-{n}.xml")
        assert 0 < len(entries) <= 5
        found.update(entries)
    assert found == whole
    monkeypatch.setattr(sitemap, "MAX_URLS", 50_000)
    monkeypatch.setattr(sitemap, "MAX_BYTES", 2_000)  # (an entry is about 450 bytes)
    l10n_in_process(small_site, "build", "--include-fuzzy")
    sizes = {p.name: p.stat().st_size for p in build.glob("sitemap-*.xml")}
    assert len(sizes) >= 3 and max(sizes.values()) <= 2_000
    assert {loc for name in sizes for loc in sitemap_entries(build, name)} == set(whole)
    monkeypatch.setattr(sitemap, "MAX_BYTES", 52_428_800)
    l10n_in_process(small_site, "build", "--include-fuzzy")
    assert not list(build.glob("sitemap-*.xml"))
    assert sitemap_entries(build) == whole


def l10n_in_process(root: Path, *args: str) -> None:
    assert main([*args, "--root", str(root), "-q"]) == 0


def test_authored_alternates_of_other_languages_stay_and_x_default_is_absolute_and_the_same_everywhere(tmp_path):
    """An attack on the change above: ``hreflang="tw"`` (Twi) and ``kr`` (Kanuri), read as countries, were pointed at
    the Chinese and Korean pages (and the real ``ko``/``zh-TW`` alternates left out), ``ko-US`` at the Korean page; a
    relative x-default stayed relative under base_url, and ``href=""`` (the page itself) led to each version itself;
    an alternate for a version the page is not published in led to no page."""

    head = ('<link rel="alternate" hreflang="tw" href="https://twi.example/a">'
            '<link rel="alternate" hreflang="kr" href="https://kanuri.example/a">'
            '<link rel="alternate" hreflang="ko-US" href="https://us.example/ko/a">'
            '<link rel="alternate" hreflang="x-default" href="{}">')
    pages = {"a.html": f"<html><head><title>T</title>{head.format('chooser.html')}</head><body><p>Hi</p></body></html>",
             "b.html": f"<html><head><title>T</title>{head.format('')}</head><body><p>Bye</p></body></html>",
             "chooser.html": "<html><head><title>C</title></head><body><p>Choose</p></body></html>",
             "w.html": ('<html><head><title>W</title><link rel="alternate" hreflang="ja-JP" href="/ja/w.html">'
                        "</head><body><p>Withheld</p></body></html>")}
    root = built_site(tmp_path, pages, ["ko", "zh_TW", "ja"], "https://example.org/", translate=("-l", "ko", "-l", "zh_TW"),
                      build=("--min-percent", "50"))
    build = root / "build"
    assert not (build / "ja" / "w.html").exists()  # withheld: nothing translated

    def alternates(site_path: str) -> list[tuple[str, str]]:
        doc = html5lib.parse((build / site_path).read_text("utf-8"), namespaceHTMLElements=False)
        return sorted((el.get("hreflang"), el.get("href")) for el in doc.iter("link") if el.get("rel") == "alternate")

    for name, default in (("a.html", "https://example.org/chooser.html"), ("b.html", "https://example.org/b.html")):
        for site_path in (name, f"ko/{name}", f"zh_TW/{name}"):
            assert alternates(site_path) == sorted([
                ("tw", "https://twi.example/a"), ("kr", "https://kanuri.example/a"),
                ("ko-US", "https://us.example/ko/a"), ("x-default", default),
                ("en", f"https://example.org/{name}"), ("ko", f"https://example.org/ko/{name}"),
                ("zh-TW", f"https://example.org/zh_TW/{name}")]), site_path
    for site_path in ("w.html", "ko/w.html"):
        assert alternates(site_path) == sorted([
            ("x-default", "https://example.org/w.html"), ("en", "https://example.org/w.html"),
            ("ko", "https://example.org/ko/w.html"), ("zh-TW", "https://example.org/zh_TW/w.html")]), site_path


def test_a_locale_built_with_nothing_translated_is_a_warning(tmp_path, capsys):
    """An outside review: with the default min_percent = 0, a locale none of whose units is translated was published
    as that language (the report said 0%, no warning): English duplicates under ko/ that search engines see as such."""
    from tests.conftest import write_project

    (tmp_path / "p").mkdir()
    root = write_project(tmp_path / "p", {"a.html": "<html><body><p>Hello there</p><p>Goodbye</p></body></html>"},
                         locales=["ko", "ja"])
    for step in (["extract"], ["init"], ["translate", "--engine", "pseudo", "-l", "ja"]):
        assert main([*step, "--root", str(root), "-q"]) == 0
    capsys.readouterr()
    assert main(["build", "--root", str(root), "-q", "--include-fuzzy"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "none of the" in line]
    assert warnings == ["l10n: warning: ko: none of the 2 units of the pages written is translated: they are the source "
                        "text under ko/ (marked as such), which search engines take for duplicates; set min_percent (or "
                        "--min-percent) to publish only pages translated that far"]
    assert main(["build", "--root", str(root), "-q", "--include-fuzzy", "--force", "--min-percent", "50"]) == 0
    assert "none of the" not in capsys.readouterr().err
