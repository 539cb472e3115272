"""The review UI in Debian's Chromium (driven by Playwright, no browser download): find the MT-fuzzy
unit of the Korean sample page, edit and approve it, check the .po on disk; hostile catalogue text
shows as text and runs nothing; an edit made on disk by another editor reaches the open page."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import needs_chromium
from review_support import (
    HOSTILE,
    HOSTILE_MSGID,
    MT_MSGID,
    PAGE,
    changed_blocks,
    copy_sample,
    entry,
    machine_comment,
    make_machine_output,
    po_path,
)

from toolkit.catalog import MT_COMMENT_PREFIX, EntryChange, EntryText, apply_changes, read_catalog
from toolkit.cli import main
from toolkit.config import load_config

pytestmark = needs_chromium
sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("starlette")
from toolkit.review.server import ReviewServer  # noqa: E402  (needs the review extra)

MT_TEXT = "발사체 역사 (기계 번역)"
APPROVED = "발사체의 역사"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = copy_sample(tmp_path_factory.mktemp("review-ui") / "site")
    make_machine_output(root, MT_MSGID, MT_TEXT)
    with ReviewServer(load_config(root), port=0) as server:
        yield root, server


@pytest.fixture
def page(browser, served):
    _root, server = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    pg.goto(server.url)  # sets the token cookie, lands on the index
    yield pg
    context.close()


@contextlib.contextmanager
def machine_output(root: Path, msgid: str):
    """The entry made machine output for a test, then put back as it was (the served sample is the module's)."""
    original = entry(root, msgid)
    make_machine_output(root, msgid, f"[MT] {original.msgstr}")
    try:
        yield
    finally:
        now = entry(root, msgid)
        apply_changes(po_path(root), {(now.msgctxt, now.msgid): EntryChange(
            EntryText.of(now), EntryText.of(original), original.tcomment, MT_COMMENT_PREFIX)}, width=79)


def open_review_page(pg, server) -> None:
    pg.click(f'a[href="/page/ko/{PAGE}"]')
    pg.wait_for_selector("html[data-l10n-ready]")


def test_find_edit_and_approve_the_machine_translation(page, served, tmp_path):
    root, server = served
    assert "Review translations" in page.content()
    open_review_page(page, server)
    before = po_path(root).read_bytes()
    mt_units = page.locator('l10n-unit[data-s="mt"]')
    assert mt_units.count() == 1 and mt_units.first.inner_text() == MT_TEXT
    uid = mt_units.first.get_attribute("data-u")

    page.keyboard.press("j")  # the first unit that needs review is the machine translation
    panel = page.locator("l10n-review-panel .panel")
    sync_api.expect(panel.locator(".source")).to_have_text(MT_MSGID)  # asked for when the unit is opened
    assert "engine: google (2026-11-20)" in panel.locator(".engine").inner_text()
    assert page.locator(f'l10n-unit[data-u="{uid}"]').get_attribute("data-current") == ""
    box = panel.locator("textarea.translation")
    assert box.input_value() == MT_TEXT
    box.fill(APPROVED)
    shot = Path(os.environ.get("L10N_REVIEW_SCREENSHOT", tmp_path / "review-unit-open.png"))
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    box.press("Control+Enter")  # approve: saved, page reloaded
    page.wait_for_selector(f'l10n-unit[data-u="{uid}"][data-s="reviewed"]')
    page.wait_for_selector("html[data-l10n-ready]")
    assert page.locator(f'l10n-unit[data-u="{uid}"]').inner_text() == APPROVED
    assert page.locator('l10n-unit[data-s="mt"]').count() == 0
    assert "saved and approved" in panel.locator(".message").inner_text()

    saved = entry(root, MT_MSGID)
    assert saved.msgstr == APPROVED and not saved.fuzzy and saved.tcomment == machine_comment(MT_TEXT) + ", post-edited and reviewed"
    after = po_path(root).read_bytes()
    [(old, new)] = changed_blocks(before, after)  # every other byte of the file is as it was
    assert old.replace(MT_TEXT.encode(), APPROVED.encode()).replace(b"#, fuzzy\n", b"").replace(
        machine_comment(MT_TEXT).encode(), (machine_comment(MT_TEXT) + ", post-edited and reviewed").encode()) == new
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po_path(root))], check=True)
    assert page.dialogs == []


def test_an_empty_box_offers_no_approval(page, served):
    """Approve with the box emptied deleted the machine translation and called the entry reviewed.  The button says
    it is off while the box is empty (it stays in the Tab order); pressed, or Ctrl+Enter, the server's reason is
    shown, and nothing is written."""
    root, server = served
    with machine_output(root, "Services"):
        open_review_page(page, server)
        before = po_path(root).read_bytes()
        page.locator("l10n-unit", has_text="[MT] ").first.click()
        panel = page.locator("l10n-review-panel .panel")
        box, approve = panel.locator("textarea.translation"), panel.locator("button.approve")
        sync_api.expect(box).to_have_value(entry(root, "Services").msgstr)
        sync_api.expect(approve).to_have_attribute("aria-disabled", "false")
        box.fill("")
        sync_api.expect(approve).to_have_attribute("aria-disabled", "true")
        refused = "an empty translation cannot be approved: type the translation, or Save to leave the unit untranslated"
        for press in (lambda: box.press("Control+Enter"), lambda: approve.click(force=True)):  # (aria-disabled)
            panel.locator(".message").evaluate("m => m.replaceChildren()")
            press()
            sync_api.expect(panel.locator(".message")).to_have_text(refused)
        assert po_path(root).read_bytes() == before and box.input_value() == ""
        box.fill("서비스")
        sync_api.expect(approve).to_have_attribute("aria-disabled", "false")


def test_hostile_translation_is_text_and_runs_nothing(page, served):
    root, server = served
    original = entry(root, HOSTILE_MSGID)
    make_machine_output(root, HOSTILE_MSGID, HOSTILE)
    try:
        open_review_page(page, server)
        marker = page.locator('l10n-unit[data-s="mt"]').filter(has_text="onerror")
        assert marker.count() == 1
        assert marker.inner_text() == HOSTILE  # shown as text...
        assert marker.locator("img, script").count() == 0  # ...not as elements
        assert marker.get_attribute("data-e") == "1"  # the markup check flags it
        marker.click()
        panel = page.locator("l10n-review-panel .panel")
        sync_api.expect(panel.locator("textarea.translation")).to_have_value(HOSTILE)
        assert "markup" in panel.locator(".findings").inner_text()
        page.locator("l10n-review-panel .others li").first.click()  # attribute units are reachable
        page.wait_for_timeout(300)
        assert page.dialogs == []
    finally:  # the other tests of this module see the sample as it was
        now = entry(root, HOSTILE_MSGID)
        apply_changes(po_path(root), {(now.msgctxt, now.msgid): EntryChange(
            EntryText.of(now), EntryText.of(original), "", MT_COMMENT_PREFIX)}, width=79)
        assert entry(root, HOSTILE_MSGID).tcomment == original.tcomment == ""


def test_page_scripts_do_not_run_in_review(page, served):
    root, server = served
    (root / "source_html" / "scripted.html").write_text(
        "<!DOCTYPE html><html><head><title>Scripted</title>"
        "<script>document.title = 'RAN'; alert('page script')</script></head>"
        "<body><p onclick=\"alert('handler')\">Click here</p></body></html>", encoding="utf-8")
    page.goto(f"{server.origin}/page/ko/scripted.html")
    page.wait_for_selector("html[data-l10n-ready]")
    page.locator("l10n-unit").first.click()
    page.wait_for_timeout(300)
    assert page.title() == "Scripted" and page.dialogs == []


def test_a_same_origin_page_script_does_not_run_nor_read_the_token(page, served):
    """A page's own <script src="app.js"> is served from the review origin: it must not run (it could read the
    token cookie and post saves)."""
    root, server = served
    (root / "source_html" / "app.js").write_text("document.title = 'RAN ' + document.cookie; alert(1)",
                                                 encoding="utf-8")
    (root / "source_html" / "external.html").write_text(
        "<!DOCTYPE html><html><head><title>External</title><script src=\"app.js\"></script>"
        "<script type=module src=\"/page/ko/app.js\"></script></head><body><p>Some text</p></body></html>",
        encoding="utf-8")
    page.goto(f"{server.origin}/page/ko/external.html")
    page.wait_for_selector("html[data-l10n-ready]")  # the review script still runs
    page.wait_for_timeout(300)
    assert page.title() == "External" and page.dialogs == []


def test_an_edit_on_disk_reaches_the_open_page(page, served):
    root, server = served
    open_review_page(page, server)
    e = entry(root, "Multimedia")
    uid = page.locator("l10n-unit", has_text=e.msgstr).first.get_attribute("data-u")
    change = EntryChange(EntryText.of(e), EntryText(("멀티미디어 자료",), fuzzy=False))
    apply_changes(po_path(root), {(e.msgctxt, e.msgid): change}, width=79)  # another editor saves
    # the page polls the catalogue's version and reloads (string evaluation is blocked by the page's CSP)
    sync_api.expect(page.locator(f'l10n-unit[data-u="{uid}"]')).to_have_text("멀티미디어 자료", timeout=10_000)


def test_another_site_cannot_post_to_the_review_server(browser, served):
    """A page on another origin tries both ways: a simple no-cors POST (no token header possible) and a
    POST with the token header (needs a CORS preflight, never granted).  Neither changes the catalogue."""
    import http.server
    import threading

    root, server = served
    before = po_path(root).read_bytes()
    target = f"{server.origin}/api/save"
    import json

    import httpx

    with httpx.Client(base_url=server.origin) as c:  # a real unit and its text: only the guard stops the write
        c.get(f"/?token={server.token}")
        ids = c.get("/api/units", params={"locale": "ko", "page": PAGE}).json()["ids"]
        unit = next(u for u in (c.get("/api/unit", params={"locale": "ko", "page": PAGE, "id": i}).json()["unit"]
                                for i in ids) if u["msgid"] == "Services")
    body = json.dumps({"locale": "ko", "page": PAGE, "unit": unit["id"], "msgctxt": unit["msgctxt"],
                       "msgid": unit["msgid"], "msgstr": "pwned", "approve": True,
                       "seen": {"msgstr": unit["msgstr"], "fuzzy": unit["fuzzy"]}})
    attacker_html = (
        "<!DOCTYPE html><title>evil</title><script>"
        f"fetch({target!r}, {{method: 'POST', mode: 'no-cors', credentials: 'include', body: {body!r}}})"
        ".then(() => document.title = 'sent1', () => document.title = 'failed1').then(() => "
        f"fetch({target!r}, {{method: 'POST', credentials: 'include', headers: {{'X-L10n-Token': {server.token!r}, "
        f"'Content-Type': 'application/json'}}, body: {body!r}}}))"
        ".then(() => document.title += ' sent2', () => document.title += ' failed2');"
        "</script>").encode()

    class Evil(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(attacker_html)

        def log_message(self, *args):
            pass

    evil = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Evil)
    thread = threading.Thread(target=evil.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.goto(server.url)  # the reviewer's browser holds the token cookie
        pg.goto(f"http://127.0.0.2:{evil.server_port}/")
        sync_api.expect(pg).to_have_title("sent1 failed2", timeout=10_000)
    finally:
        context.close()
        evil.shutdown()
        evil.server_close()
        thread.join()
    assert po_path(root).read_bytes() == before


def test_a_conflicting_edit_on_disk_is_shown_and_kept(page, served):
    """The reviewer types while another editor saves the same entry: approving reports the conflict,
    shows the text on disk, keeps the reviewer's text in the box, and writes nothing."""
    root, server = served
    open_review_page(page, server)
    e = entry(root, "Services")
    page.locator("l10n-unit", has_text=e.msgstr).first.click()
    box = page.locator("l10n-review-panel textarea.translation")
    box.fill("리뷰어의 번역")
    apply_changes(po_path(root), {(e.msgctxt, e.msgid): EntryChange(EntryText.of(e), EntryText(("다른 편집자",), False))}, width=79)
    on_disk = po_path(root).read_bytes()
    box.press("Control+Enter")
    message = page.locator("l10n-review-panel .conflict").last
    sync_api.expect(message).to_contain_text("다른 편집자", timeout=10_000)
    assert "changed this entry meanwhile" in message.inner_text()
    assert box.input_value() == "리뷰어의 번역"
    assert po_path(root).read_bytes() == on_disk
    page.wait_for_timeout(3500)  # two polls of the catalogue's version, which changed: the conflict stays in view
    assert "다른 편집자" in page.locator("l10n-review-panel .message").inner_text()


def test_unsaved_text_survives_moving_to_another_unit_and_a_reload(page, served):
    """A reviewer types, then moves on (a click elsewhere, j, Alt+↓) or the page reloads (another unit's save):
    the text typed comes back when the unit is opened again, and leaving the page asks first."""
    _root, server = served
    open_review_page(page, server)
    panel = page.locator("l10n-review-panel .panel")
    box = panel.locator("textarea.translation")
    root, _server = served
    page.locator("l10n-unit", has_text=entry(root, "Services").msgstr).first.click()
    uid = page.url.split("#u=")[1]
    box.fill("아직 저장하지 않은 번역")
    page.locator("l10n-unit", has_text=entry(root, "Multimedia").msgstr).first.click()  # the box holds its text now
    sync_api.expect(box).to_have_value(entry(root, "Multimedia").msgstr)
    page.locator(f'l10n-unit[data-u="{uid}"]').click()
    sync_api.expect(box).to_have_value("아직 저장하지 않은 번역")
    assert "not saved" in panel.locator(".message").inner_text()
    other = entry(root, "Multimedia")
    page.locator("l10n-unit", has_text=other.msgstr).first.click()
    # another editor saves another entry: the page reloads, as no text in the box is unsaved
    apply_changes(po_path(root), {(other.msgctxt, other.msgid): EntryChange(
        EntryText.of(other), EntryText(("멀티미디어 (디스크)",), fuzzy=False))}, width=79)
    sync_api.expect(page.locator("l10n-unit", has_text="멀티미디어 (디스크)")).to_have_count(1, timeout=10_000)
    page.wait_for_selector("html[data-l10n-ready]")
    assert page.locator(f'l10n-unit[data-u="{uid}"]').get_attribute("data-draft") == ""
    page.locator(f'l10n-unit[data-u="{uid}"]').click()
    sync_api.expect(box).to_have_value("아직 저장하지 않은 번역")
    page.locator("l10n-review-panel a", has_text="all pages").click()  # leaving with a draft asks first
    page.wait_for_timeout(500)
    assert any(d == "" or "leave" in d.lower() for d in page.dialogs) and "/page/ko/" in page.url
    page.dialogs.clear()


ACTIVE = """() => { let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement)
  a = a.shadowRoot.activeElement; return a ? a.tagName.toLowerCase() + "." + a.className : null; }"""


def test_a_unit_is_reviewed_with_the_keyboard_alone(page, served):
    """j opens the next unit to review and puts the focus in the panel: Enter (or one Tab) reaches the box, Esc closes
    the panel and leaves the focus on the unit in the page; the attributes and titles are buttons, Tab reaches them."""
    root, server = served
    with machine_output(root, "Launches"), machine_output(root, "Services"):  # two units to review
        open_review_page(page, server)
        review_with_keys(page)


def review_with_keys(page) -> None:
    panel = page.locator("l10n-review-panel .panel")
    page.keyboard.press("j")
    uid = page.url.split("#u=")[1]
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE) == "textarea.translation"
    page.keyboard.press("Escape")
    assert "closed" in (panel.get_attribute("class") or "")
    assert page.evaluate(ACTIVE) == "l10n-unit." and page.evaluate(
        "() => document.activeElement.dataset.u") == uid
    page.keyboard.press("j")  # from there on: the next one, the panel open again and focused
    assert page.url.split("#u=")[1] != uid and "closed" not in (panel.get_attribute("class") or "")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE) == "textarea.translation"
    for _ in range(4):  # save, approve, prev, next
        page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE) == "button.next"
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE) == "button.other"  # the first attribute or title of the page
    page.keyboard.press("Enter")
    sync_api.expect(panel.locator(".status")).to_contain_text("<")  # where the unit is: with its texts
    assert panel.locator(".status").inner_text().startswith(("machine", "reviewed", "fuzzy", "untranslated"))
    assert page.evaluate(ACTIVE) == "textarea.translation"


def test_keys_that_an_input_method_is_composing_with_are_its_own(page, served):
    """While an input method composes (かんじ, not yet converted to 漢字), Escape and Ctrl+Enter are the input method's:
    they neither close the panel nor save and approve the unconverted reading (UI Events: keydown with isComposing)."""
    root, server = served
    with machine_output(root, "Services"):
        open_review_page(page, server)
        panel = page.locator("l10n-review-panel .panel")
        page.locator('l10n-unit[data-s="mt"]').first.click()
        box = panel.locator("textarea.translation")
        box.focus()
        before = po_path(root).read_bytes()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Input.imeSetComposition", {"text": "かんじ", "selectionStart": 3, "selectionEnd": 3})
        page.keyboard.press("Escape")
        assert "closed" not in (panel.get_attribute("class") or "")
        page.keyboard.press("Control+Enter")
        page.wait_for_timeout(500)
        assert po_path(root).read_bytes() == before
        assert "closed" not in (panel.get_attribute("class") or "") and "approved" not in panel.locator(
            ".message").inner_text()
        cdp.send("Input.insertText", {"text": "漢字"})  # the conversion chosen: the keys are the panel's again
        assert "漢字" in box.input_value()
        page.keyboard.press("Escape")
        assert "closed" in (panel.get_attribute("class") or "")


def test_a_save_to_a_stopped_server_says_so_and_keeps_the_text(browser, tmp_path):
    """The server is stopped (Ctrl+C, a crash) while the reviewer types: approving says nothing was saved and the
    text stays, in the box and as a draft; a server started again (a new token) gets the same clear answer."""
    root = copy_sample(tmp_path / "site")
    make_machine_output(root, MT_MSGID, MT_TEXT)
    before = po_path(root).read_bytes()
    context = browser.new_context()
    try:
        pg = context.new_page()
        with ReviewServer(load_config(root), port=0) as server:
            pg.goto(server.url)
            open_review_page(pg, server)
            pg.keyboard.press("j")
            box = pg.locator("l10n-review-panel textarea.translation")
            box.fill(APPROVED)
        box.press("Control+Enter")
        message = pg.locator("l10n-review-panel .message")
        sync_api.expect(message).to_contain_text("Not saved", timeout=10_000)
        assert "l10n serve" in message.inner_text() and box.input_value() == APPROVED
        with ReviewServer(load_config(root), port=server.port):  # same origin, another token
            box.press("Control+Enter")
            sync_api.expect(message).to_contain_text("token", timeout=10_000)
            assert "Not saved" in message.inner_text() and "l10n serve printed" in message.inner_text()
        assert box.input_value() == APPROVED and po_path(root).read_bytes() == before
        assert pg.locator("l10n-unit[data-draft]").count() == 1
    finally:
        context.close()


def test_the_boxes_are_labelled_and_carry_their_language(page, served):
    """A screen reader names the translation box; the box says its language (ja text is shaped as Japanese, not with
    the Korean or Chinese forms of the same characters, and input methods and spell checkers pick the language) and
    the source shows as the source language."""
    _root, server = served
    for locale, tag in (("ja", "ja"), ("zh_TW", "zh-TW")):
        page.goto(f"{server.origin}/page/{locale}/{PAGE}")
        page.wait_for_selector("html[data-l10n-ready]")
        page.locator("l10n-unit").first.click()
        box = page.get_by_role("textbox", name="Translation")
        assert box.count() == 1 and box.get_attribute("lang") == tag
        assert page.locator("l10n-review-panel .source").get_attribute("lang") == "en"
        assert page.get_by_role("complementary", name="l10n review").count() == 1


def test_on_a_right_to_left_page_the_panel_and_the_source_stay_left_to_right(browser, tmp_path):
    """The panel inherited the Arabic page's direction: the English source showed its full stop first, the
    buttons ran backwards; only the translation box is right to left."""
    root = copy_sample(tmp_path / "site")
    assert main(["init", "--root", str(root), "-l", "ar", "-q"]) == 0
    msgid = "Services"
    e = entry(root, msgid, "ar")
    apply_changes(po_path(root, "ar"), {(e.msgctxt, e.msgid): EntryChange(EntryText.of(e), EntryText(("خدمات",), True))}, width=79)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8").replace('locales = ["ko"', 'locales = ["ar", "ko"'), "utf-8")
    with ReviewServer(load_config(root), port=0) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.goto(server.url)
        pg.goto(f"{server.origin}/page/ar/{PAGE}")
        pg.wait_for_selector("html[data-l10n-ready]")
        assert pg.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
        pg.locator("l10n-unit", has_text="خدمات").first.click()
        direction = "e => getComputedStyle(e).direction"
        assert pg.locator("l10n-review-panel .panel").evaluate(direction) == "ltr"
        assert pg.locator("l10n-review-panel .source").evaluate(direction) == "ltr"
        assert pg.locator("l10n-review-panel textarea.translation").evaluate(direction) == "rtl"
        context.close()


CONTRAST = """(nodes) => nodes.map(n => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = null;
  for (let e = n; e && !bg; e = e.parentElement || (e.getRootNode().host || null)) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length < 4 || c[3] > 0) bg = c;
  }
  const a = lum(rgb(getComputedStyle(n).color)), b = lum(bg || [255, 255, 255]);
  return [n.className || n.tagName, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
})"""


def test_status_colours_and_hints_are_readable(page, served):
    """WCAG AA for small text, 4.5:1: the status counts of the index, the panel's badges (every status), headings
    and key hints."""
    _root, server = served
    low = [(name, round(ratio, 2)) for name, ratio in page.locator(".l10n-index td[class^=s-]").evaluate_all(CONTRAST)
           if ratio < 4.5]
    open_review_page(page, server)
    page.locator("l10n-unit").first.click()
    panel = page.locator("l10n-review-panel .panel")
    panel.evaluate("""p => { for (const s of ["reviewed", "mt", "fuzzy", "untranslated", "error"])
        p.append(Object.assign(document.createElement("span"), {className: "badge " + s, textContent: s})); }""")
    for selector in (".badge", "h3", ".keys", ".engine", ".ok"):
        low += [(name, round(ratio, 2)) for name, ratio in panel.locator(selector).evaluate_all(CONTRAST)
                if ratio < 4.5]
    assert low == []


def test_on_a_phone_the_unit_stays_visible_beside_the_panel(browser, served):
    """390 px wide: the open panel left the unit under review covered (the panel was 380 px wide, full height)."""
    root, server = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        pg = context.new_page()
        pg.goto(server.url)
        pg.goto(f"{server.origin}/page/ko/{PAGE}")
        pg.wait_for_selector("html[data-l10n-ready]")
        marker = pg.locator("l10n-unit", has_text=entry(root, "Multimedia").msgstr).first
        marker.click()
        box = pg.locator("l10n-review-panel textarea.translation")
        sync_api.expect(box).to_have_value(entry(root, "Multimedia").msgstr)
        assert box.is_visible()
        top = marker.evaluate("""m => { const r = m.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + Math.min(r.width, 20) / 2, r.top + r.height / 2);
            return hit === m || m.contains(hit); }""")
        assert top, "the unit under review is covered by the panel"
        shot = box.bounding_box()
        assert shot is not None and shot["y"] + shot["height"] <= 844 and shot["x"] >= 0
    finally:
        context.close()


def test_on_a_phone_the_index_fits_the_screen(browser, served):
    """390 px wide: the index had no viewport, so the phone drew it 980 px wide and scaled it down to be unreadable;
    now the page is the phone's width and only the table scrolls sideways."""
    _root, server = served
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        pg = context.new_page()
        pg.goto(server.url)
        assert pg.evaluate("document.documentElement.clientWidth") == 390
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself does not scroll
        table = pg.locator(".l10n-index .scroll")
        assert table.evaluate("t => t.scrollWidth > t.clientWidth")  # the table does, inside its box
        assert pg.locator("h1").evaluate("h => parseFloat(getComputedStyle(h).fontSize)") >= 20
    finally:
        context.close()


def test_a_translation_that_breaks_its_placeholders_is_kept_and_the_error_stays_in_view(page, served):
    """Approving a text that lost its </a> saved it and jumped to the next unit: the error showed nowhere but as a
    dashed outline. Now the panel stays on the unit and says what is wrong and that the build uses the source; the
    text is on disk (nothing written is lost) and the preview shows the source, never the broken markup."""
    root, server = served
    original = next(e for e in read_catalog(po_path(root)) if "<a>Europe’s Spaceport</a>" in e.msgid and not e.obsolete)
    try:
        with machine_output(root, "Future Launchers"):  # a unit after it to review: approving moves there
            open_review_page(page, server)
            marker = page.locator("l10n-unit", has_text=original.msgstr.split("<a>")[0][:20]).first
            uid = marker.get_attribute("data-u")
            marker.click()
            box = page.locator("l10n-review-panel textarea.translation")
            broken = original.msgstr.replace("</a>", "", 1)
            box.fill(broken)
            box.press("Control+Enter")
            message = page.locator("l10n-review-panel .message")
            sync_api.expect(message).to_contain_text("placeholders", timeout=10_000)
            assert page.url.endswith(f"#u={uid}") and "source text" in message.inner_text()
            assert entry(root, original.msgid).msgstr == broken
            shown = page.locator(f'l10n-unit[data-u="{uid}"]')
            assert shown.get_attribute("data-e") == "1" and "Europe’s Spaceport" in shown.inner_text()
            assert "<a>" not in shown.inner_text() and shown.locator("a").count() == 1
    finally:
        now = entry(root, original.msgid)
        apply_changes(po_path(root), {(now.msgctxt, now.msgid): EntryChange(
            EntryText.of(now), EntryText.of(original), original.tcomment, MT_COMMENT_PREFIX)}, width=79)


def test_a_catalogue_broken_while_the_page_is_open_is_reported_in_place_and_the_page_recovers(page, served):
    """Another editor leaves merge markers in the catalogue: the open page used to reload into a one-line error
    page without the review script, which never came back when the file was fixed. Now the page stays, the panel
    says why, and the page reloads once the catalogue reads again."""
    root, server = served
    open_review_page(page, server)
    e = entry(root, "Multimedia")
    page.locator("l10n-unit", has_text=e.msgstr).first.click()
    po = po_path(root)
    good = po.read_bytes()
    try:
        po.write_bytes(good + b"\n<<<<<<< HEAD\n")
        message = page.locator("l10n-review-panel .message")
        sync_api.expect(message).to_contain_text("unresolved merge conflict", timeout=10_000)
        assert page.locator("html[data-l10n-ready]").count() == 1
    finally:
        po.write_bytes(good)
    change = EntryChange(EntryText.of(e), EntryText(("멀티미디어 (고침)",), fuzzy=False))
    apply_changes(po, {(e.msgctxt, e.msgid): change}, width=79)
    sync_api.expect(page.locator("l10n-unit", has_text="멀티미디어 (고침)")).to_have_count(1, timeout=10_000)


def test_a_long_translation_is_shown_whole_in_the_box(page, served):
    """The ESA page's 80-word paragraph showed 5 of its 9 lines in the box, the rest behind a scroll bar."""
    root, server = served
    long = next(e for e in read_catalog(po_path(root)) if "<a>Europe’s Spaceport</a>" in e.msgid and not e.obsolete)
    open_review_page(page, server)
    page.locator("l10n-unit", has_text=long.msgstr.split("<a>")[0][:20]).first.click()
    box = page.locator("l10n-review-panel textarea.translation")
    sync_api.expect(box).to_have_value(long.msgstr)
    assert box.evaluate("b => b.scrollHeight <= b.clientHeight + 1")
    box.fill(long.msgstr + "\n" * 200)  # a box that grows with its text stops at half the window
    assert box.evaluate("b => b.clientHeight <= innerHeight / 2 + 1")


def test_the_open_panel_leaves_every_unit_of_the_page_in_reach(page, served):
    """The panel, fixed over the right 380 px, covered the ESA page's right column: with it open, 'More information'
    could be neither seen nor clicked. The page now makes room for it."""
    root, server = served
    open_review_page(page, server)
    page.locator("l10n-unit", has_text=entry(root, "Multimedia").msgstr).first.click()
    right = page.locator("l10n-unit", has_text=entry(root, "More information").msgstr).first
    right.click(timeout=3000)
    sync_api.expect(page.locator("l10n-review-panel .source")).to_have_text("More information")


def test_a_unit_s_texts_are_asked_for_when_it_is_opened(page, served):
    """The page loads only the statuses of its units; opening one asks the server for that unit's texts, once."""
    root, server = served
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/unit" in r.url else None)
    open_review_page(page, server)
    assert [u.split("?")[0].rsplit("/", 1)[1] for u in asked] == ["units"]
    e = entry(root, "Multimedia")
    marker = page.locator("l10n-unit", has_text=e.msgstr).first
    uid = marker.get_attribute("data-u")
    marker.click()
    panel = page.locator("l10n-review-panel .panel")
    sync_api.expect(panel.locator(".source")).to_have_text("Multimedia")
    sync_api.expect(panel.locator("textarea.translation")).to_have_value(e.msgstr)
    assert "no findings" in panel.locator(".findings").inner_text() and panel.get_attribute("aria-busy") is None
    assert [u for u in asked if "/api/unit?" in u] == [f"{server.origin}/api/unit?locale=ko&page="
                                                      f"{PAGE.replace('/', '%2F')}&id={uid}"]
    page.locator("l10n-unit", has_text=entry(root, "Services").msgstr).first.click()
    sync_api.expect(panel.locator(".source")).to_have_text("Services")
    marker.click()  # opened again: from what the page already has
    sync_api.expect(panel.locator(".source")).to_have_text("Multimedia")
    assert len([u for u in asked if "/api/unit?" in u]) == 2


def test_a_late_answer_for_a_unit_left_does_not_replace_the_unit_open_now(page, served):
    """The reviewer opens a unit and, before its texts arrive, another: the first answer, arriving last, is not shown,
    and the box takes no typing until the texts of the unit open are in it."""
    root, server = served
    open_review_page(page, server)
    first = page.locator("l10n-unit", has_text=entry(root, "Multimedia").msgstr).first
    held: list = []
    page.route(f"**/api/unit?*id={first.get_attribute('data-u')}", lambda route: held.append(route))
    first.click()
    panel = page.locator("l10n-review-panel .panel")
    sync_api.expect(panel).to_have_attribute("aria-busy", "true")
    assert panel.locator("textarea.translation").evaluate("b => b.readOnly")
    page.locator("l10n-unit", has_text=entry(root, "Services").msgstr).first.click()
    sync_api.expect(panel.locator(".source")).to_have_text("Services")
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_timeout(300)
    assert panel.locator(".source").inner_text() == "Services"
    assert panel.locator("textarea.translation").input_value() == entry(root, "Services").msgstr
    assert not panel.locator("textarea.translation").evaluate("b => b.readOnly")


def test_the_review_script_runs_first_and_the_page_keeps_its_mode_and_language(page, served):
    """The review script comes before the page's text, so a large page's panel works while the page still loads
    (at the end of the body it waited for the whole parse); the page stays in standards mode, with its <html lang>."""
    _root, server = served
    open_review_page(page, server)
    assert page.evaluate("document.compatMode") == "CSS1Compat"
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert page.evaluate("""() => { const s = document.querySelector('script[src="/_review/review.js"]');
        return s.parentNode === document.head && !s.defer; }""")
    assert page.evaluate("document.body.lastElementChild.matches('link[href=\"/_review/review.css\"]')")


def test_after_a_page_s_abrupt_comments_the_review_script_runs_and_the_page_s_does_not(browser, tmp_path):
    """A page opening with `<!-->` had the review script spliced into its own script's attribute (nonce and all),
    one opening with `<!--->` had it after a comment mid-body.  The review script now runs first, alone with the
    nonce, and the page's comments stay where they were."""
    from test_review import ABRUPT_COMMENTS, abrupt_comments_site

    root = abrupt_comments_site(tmp_path)
    with ReviewServer(load_config(root), port=0) as server:
        context = browser.new_context()
        pg = context.new_page()
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.goto(server.url)
        for name in ABRUPT_COMMENTS:
            pg.goto(f"{server.origin}/page/ko/{name}")
            pg.wait_for_selector("html[data-l10n-ready]")
            assert pg.evaluate("""() => { const s = [...document.scripts].filter(s => s.nonce);
                return s.length === 1 && s[0] === document.head.firstElementChild
                    && s[0].getAttribute('src') === '/_review/review.js'; }""")
        pg.goto(f"{server.origin}/page/ko/benign.html")
        pg.wait_for_selector("html[data-l10n-ready]")
        assert pg.evaluate("""() => [...document.body.childNodes].filter(n => n.nodeType === 8 || n.tagName === 'P')
            .map(n => n.nodeType === 8 ? '<!--' + n.data + '-->' : n.textContent)""") == [
            "First paragraph.", "<!-- footer -->", "Second paragraph."]
        assert not dialogs
        context.close()
