"""Built pages as Debian's Chromium (driven by Playwright, no browser download) reads them: a minified page that
leaves out ``<html>``, ``<head>`` and ``<body>`` stays in standards mode and its translation says its language; a
page whose own Content-Security-Policy hashes its import map and style runs and is styled in its locale's folder."""

from __future__ import annotations

import base64
import functools
import hashlib
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polib
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import needs_chromium, write_project

from toolkit.cli import main

pytestmark = needs_chromium
pytest.importorskip("playwright.sync_api")

# as html-minifier's removeOptionalTags writes a page; quirks mode would size the table's text by the browser's
# default instead of inheriting the body's 20px (the "table font-size" quirk)
MINIFIED = ("<!DOCTYPE html><!-- minified --><title>Launches</title>"
            "<style>body{font-size:20px}p:lang(ja){color:rgb(0,128,0)}p:lang(en){color:rgb(255,0,0)}</style>"
            "<p>Ariane flew again.<table><tr><td>Soyuz from Kourou</table>")


def test_a_minified_page_stays_in_standards_mode_and_says_its_language(browser, tmp_path):
    root = write_project(tmp_path, {"index.html": MINIFIED}, locales=["ja"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q", "-l", "ja"]) == 0
    po_path = root / "locales" / "ja" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    done = {"Launches": "打ち上げ", "Ariane flew again.": "アリアンが再び飛んだ。", "Soyuz from Kourou": "クールーからのソユーズ"}
    for entry in po:
        entry.msgstr = done[entry.msgid]
    po.save()
    assert main(["build", "--root", str(root), "-q"]) == 0
    pg = browser.new_page(viewport={"width": 600, "height": 200})
    try:
        for path, lang, color in (("index.html", "", "rgb(255, 0, 0)"), ("ja/index.html", "ja", "rgb(0, 128, 0)")):
            pg.goto((root / "build" / path).as_uri())
            assert pg.evaluate("document.compatMode") == "CSS1Compat"  # not "BackCompat": quirks mode
            assert pg.evaluate("getComputedStyle(document.querySelector('td')).fontSize") == "20px"
            assert pg.evaluate("document.documentElement.lang") == lang  # the source page says none, as it did
            assert pg.evaluate("document.characterSet") == "UTF-8"
            assert pg.evaluate("document.querySelectorAll('head link[hreflang]').length") == 3  # en, ja, x-default
            if lang:
                assert pg.evaluate("getComputedStyle(document.querySelector('p')).color") == color
                assert pg.title() == "打ち上げ"
            pg.screenshot(path=str(tmp_path / f"{lang or 'en'}.png"))
    finally:
        pg.close()


PAGE_IN_CONTAINER = ('<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Launch</title></head>'
                     '<body dir="ltr"><div lang="en" dir="ltr" class="mw-content-ltr"><p id="done">Launch went well.</p>'
                     '<p id="left">Restart the app (version 2.1) and try again.</p></div></body></html>')


def test_an_arabic_page_reads_right_to_left_and_its_english_left_to_right(browser, tmp_path):
    """MediaWiki's `<body dir="ltr">` and content container kept the Arabic text left-to-right; English left untranslated
    showed its full stop at its start."""
    root = write_project(tmp_path, {"index.html": PAGE_IN_CONTAINER}, locales=["ar"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q", "-l", "ar"]) == 0
    po_path = root / "locales" / "ar" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = {"Launch": "إطلاق", "Launch went well.": "سار الإطلاق بشكل جيد."}.get(entry.msgid, "")
    po.save()
    assert main(["build", "--root", str(root), "-q"]) == 0
    pg = browser.new_page(viewport={"width": 600, "height": 160})
    try:
        pg.goto((root / "build" / "ar" / "index.html").as_uri())
        direction = "id => getComputedStyle(document.getElementById(id)).direction"
        assert pg.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert pg.evaluate(direction, "done") == "rtl"
        assert pg.evaluate(direction, "left") == "ltr"
        assert pg.evaluate("document.getElementById('left').lang") == "en"
        pg.screenshot(path=str(tmp_path / "ar.png"))
    finally:
        pg.close()


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


IMPORT_MAP = '{"imports":{"app":"./js/app.js"}}'
STYLE = "body{background:url(img/bg.svg)}"
MODULE = 'import "app";'
PAGE_WITH_CSP = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
                 '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' '
                 f"{_csp_hash(IMPORT_MAP)} {_csp_hash(MODULE)}; style-src 'self' {_csp_hash(STYLE)}\">"
                 f'<title>Hello</title><script type="importmap">{IMPORT_MAP}</script><style>{STYLE}</style>'
                 f'<script type="module">{MODULE}</script></head><body><p>Hello world</p></body></html>')


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_page_whose_policy_hashes_its_import_map_and_style_runs_and_is_styled_in_its_locale(browser, tmp_path):
    """The build made the import map's and the style's URLs lead from ko/ and left the page's CSP hashes as they were:
    Chromium refused both (the app did not run, the background was gone).  Served over HTTP: modules need it."""
    root = write_project(tmp_path, {"index.html": PAGE_WITH_CSP, "js/app.js": "document.body.dataset.app = 'ran';",
                                    "img/bg.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'},
                         locales=["ko"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q", "-l", "ko"]) == 0
    assert main(["build", "--root", str(root), "-q"]) == 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root / "build")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pg = browser.new_page()
    refused: list[str] = []
    pg.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    pg.add_init_script("window.violations = []; document.addEventListener('securitypolicyviolation', "
                       "e => window.violations.push(e.violatedDirective));")
    try:
        site = f"http://127.0.0.1:{server.server_address[1]}"
        for path in ("index.html", "ko/index.html"):
            pg.goto(f"{site}/{path}")  # (after the load event: the module and what it imports have run)
            assert (pg.evaluate("window.violations"), refused) == ([], [])
            assert pg.evaluate("document.body.dataset.app") == "ran"
            assert pg.evaluate("getComputedStyle(document.body).backgroundImage") == f'url("{site}/img/bg.svg")'
    finally:
        pg.close()
        server.shutdown()
        server.server_close()
        thread.join()
