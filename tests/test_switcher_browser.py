"""A dropdown language switcher in Debian's Chromium (driven by Playwright, no browser download): the built
Korean page, served over HTTP on 127.0.0.1, shows 한국어 chosen; choosing 日本語 lands on the built Japanese page."""

from __future__ import annotations

import functools
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
sync_api = pytest.importorskip("playwright.sync_api")



def page(values: tuple[str, str, str]) -> str:
    en, ko, ja = values
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Welcome</title></head><body>
<select id="switcher" onchange="location.href=this.value" aria-label="Language">
  <option value="{en}" selected>English</option>
  <option value="{ko}">한국어</option>
  <option value="{ja}">日本語</option>
</select>
<h1>Welcome</h1></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The built site (root-absolute values on the home page, relative ones in a folder), served on 127.0.0.1."""
    root = write_project(tmp_path_factory.mktemp("switcher"), {
        "index.html": page(("/index.html", "/ko/index.html", "/ja/")),
        "about/team.html": page(("team.html", "../ko/about/team.html", "../ja/about/team.html")),
    }, locales=["ko", "ja"])
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-q", "-l", "ko", "-l", "ja"]) == 0
    for locale, text, label in (("ko", "환영합니다", "언어"), ("ja", "ようこそ", "言語")):
        po_path = root / "locales" / locale / "LC_MESSAGES" / "messages.po"
        po = polib.pofile(str(po_path))
        assert [e.msgid for e in po] == ["Welcome", "Language"]  # the language names are no messages
        po[0].msgstr, po[1].msgstr = text, label
        po.save()
    assert main(["build", "--root", str(root), "-q"]) == 0
    handler = functools.partial(_QuietHandler, directory=str(root / "build"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("path", ["index.html", "about/team.html"])
def test_choosing_a_language_in_the_dropdown_opens_its_built_page(browser, site, path, tmp_path):
    context = browser.new_context(viewport={"width": 800, "height": 400})
    pg = context.new_page()
    try:
        pg.goto(f"{site}/ko/{path}")
        assert pg.locator("h1").inner_text() == "환영합니다"
        chosen = pg.locator("#switcher option:checked")
        assert chosen.inner_text() == "한국어" and chosen.get_attribute("lang") == "ko"
        pg.screenshot(path=str(tmp_path / "ko.png"))
        with pg.expect_navigation():
            pg.select_option("#switcher", label="日本語")
        assert pg.url == f"{site}/ja/{path}".removesuffix("index.html")  # (the home page's source names "/ja/")
        assert pg.locator("h1").inner_text() == "ようこそ"
        assert pg.locator("html").get_attribute("lang") == "ja"
        assert pg.locator("#switcher option:checked").inner_text() == "日本語"
        pg.screenshot(path=str(tmp_path / "ja.png"))  # to look at: pytest --basetemp=DIR keeps them
        with pg.expect_navigation():
            pg.select_option("#switcher", label="English")
        assert pg.url == f"{site}/{path}" and pg.locator("h1").inner_text() == "Welcome"
    finally:
        context.close()
