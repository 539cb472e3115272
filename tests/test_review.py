"""The review server over real HTTP on 127.0.0.1: statuses, the annotated page, saving through the
locked merge, conflicts, and the security rules (token, same origin, Host, paths, CSP)."""

from __future__ import annotations

import http.client
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from review_support import (
    MT_MSGID,
    PAGE,
    changed_blocks,
    copy_sample,
    entry,
    machine_comment,
    make_machine_output,
    po_path,
)

from toolkit.build import SiteLayout, build_page
from toolkit.catalog import EntryChange, EntryText, apply_changes, read_catalog
from toolkit.cli import main
from toolkit.config import load_config
from toolkit.extract import load_page

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")
from toolkit.review.server import ReviewServer  # noqa: E402  (needs the review extra)

UPDATE_MSGID = "Launches"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server for the module, on a copy of the sample with one MT-fuzzy and one update-fuzzy ko entry."""
    root = copy_sample(tmp_path_factory.mktemp("review") / "site")
    make_machine_output(root, MT_MSGID, "발사체 역사 (기계)")
    with ReviewServer(load_config(root), port=0) as server:
        yield root, server


def client(server: ReviewServer, token: bool = True) -> httpx.Client:
    c = httpx.Client(base_url=server.origin, follow_redirects=False, timeout=10)
    if token:
        assert c.get(f"/?token={server.token}").status_code == 303
    return c


def write_headers(server: ReviewServer, **extra) -> dict:
    return {"X-L10n-Token": server.token, "Origin": server.origin, "Sec-Fetch-Site": "same-origin", **extra}


def unit_details(c: httpx.Client, uid: int, page: str = PAGE, locale: str = "ko") -> httpx.Response:
    return c.get("/api/unit", params={"locale": locale, "page": page, "id": uid})


def unit_of(c: httpx.Client, msgid: str, page: str = PAGE, locale: str = "ko") -> dict:
    """The page's unit with this msgid, as the panel gets it when the unit is opened."""
    for uid in c.get("/api/units", params={"locale": locale, "page": page}).json()["ids"]:
        unit = unit_details(c, uid, page, locale).json()["unit"]
        if unit["msgid"] == msgid:
            return unit
    raise LookupError(msgid)


# --- reading ---------------------------------------------------------------------------------


def test_index_lists_every_page_and_locale_with_completion(served):
    _root, server = served
    body = client(server).get("/").text
    for locale in ("ko", "ja", "zh_CN", "zh_TW"):
        assert f'href="/page/{locale}/{PAGE}"' in body and f'href="/page/{locale}/soyuz-at-csg.html"' in body
    ko_row = body.split(f'href="/page/ko/{PAGE}"')[1].split("</tr>")[0]
    assert '<td class="s-mt">1</td>' in ko_row and '<td class="s-untranslated">0</td>' in ko_row


def test_page_marks_units_by_status_and_shows_machine_translations(served):
    _root, server = served
    c = client(server)
    response = c.get(f"/page/ko/{PAGE}")
    assert response.status_code == 200
    assert "script-src 'nonce-" in response.headers["content-security-policy"]  # the review script only
    unit = unit_of(c, MT_MSGID)
    assert unit["status"] == "mt" and unit["engine"] == "google" and unit["engine_date"] == "2026-11-20"
    assert f'<l10n-unit data-u="{unit["id"]}" data-s="mt">발사체 역사 (기계)</l10n-unit>' in response.text
    # the script before the page's text (it runs while a large page loads), the stylesheet last in the cascade
    script = f'data-page="{PAGE}" data-cookie="l10n_review_{server.port}"></script>'
    assert response.text.startswith("<!DOCTYPE") and response.text.index(script) < response.text.index('<HTML lang="ko">')
    assert response.text.rstrip().endswith('<link rel="stylesheet" href="/_review/review.css">')
    others = c.get("/api/units", params={"locale": "ko", "page": PAGE}).json()["others"]
    assert {u["kind"] for u in others} == {"attribute", "unmarked"}  # alt/meta content and <title> are listed
    title = next(u for u in others if u["element"] == "title")
    details = unit_details(c, title["id"]).json()["unit"]
    assert title["label"] == (details["msgstr"] or details["msgid"]) and details["kind"] == "unmarked"


def test_update_fuzzy_unit_shows_previous_msgid_and_findings(tmp_path):
    root = copy_sample(tmp_path / "site")
    po = polib.pofile(str(po_path(root)))
    target = po.find(UPDATE_MSGID)  # a fuzzy match as `l10n update` leaves it, with a number the source lacks
    target.flags, target.previous_msgid, target.msgstr = ["fuzzy"], "Launch", "발사 2회"
    po.save()
    with ReviewServer(load_config(root), port=0) as server:
        unit = unit_of(client(server), UPDATE_MSGID)
    assert unit["status"] == "fuzzy" and unit["previous_msgid"] == "Launch" and unit["engine"] is None
    assert any(f["check"] == "numbers" for f in unit["findings"])


def test_assets_come_from_the_source_dir_and_nothing_outside(served, tmp_path):
    root, server = served
    (root / "source_html" / "style.css").write_text("p { color: red }", encoding="utf-8")
    (root / "secret.txt").write_text("TOP-SECRET-42", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text("OUTSIDE-42", encoding="utf-8")
    os.symlink(outside, root / "source_html" / "linked")
    cookie = {"Cookie": f"l10n_review_{server.port}={server.token}", "Host": f"127.0.0.1:{server.port}"}
    for path, status in [("/page/ko/style.css", 200), ("/page/ko/../secret.txt", 404),
                         ("/page/ko/../../secret.txt", 404), ("/page/ko/%2e%2e/secret.txt", 404),
                         ("/page/ko/%2E%2E/%2e%2e/secret.txt", 404), ("/page/ko/..%2fsecret.txt", 404),
                         ("/page/ko/linked/x.txt", 404), ("/page/ko//etc/passwd", 404),
                         ("/_review/..%2f..%2fapp.py", 404), ("/_review/review.js", 200)]:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", path, headers=cookie)  # raw: no client-side normalisation of `..`
        response = conn.getresponse()
        body = response.read()
        assert response.status == status, path
        assert b"TOP-SECRET-42" not in body and b"OUTSIDE-42" not in body and b"root:x:" not in body


def test_a_page_is_what_extract_reads_links_included_and_any_other_file_stays_inside(tmp_path):
    """The pages served are those extract reads and build publishes, a symbolic link to a page kept elsewhere (shared
    between sites) among them: refusing it here would leave a published page unreviewable.  A link is only there if
    the project made it.  Any other file is asked for by name, and served only from inside the source directory."""
    root = tmp_path / "site"
    (root / "source_html").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["ko"]\n', encoding="utf-8")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "legal.html").write_text("<html><body><p>Shared legal notice</p></body></html>", encoding="utf-8")
    (shared / "site.css").write_text("p { color: red } /* OUTSIDE-42 */", encoding="utf-8")
    os.symlink(shared / "legal.html", root / "source_html" / "legal.html")
    os.symlink(shared / "site.css", root / "source_html" / "site.css")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-l", "ko", "-q"]) == 0
    assert 'msgid "Shared legal notice"' in (root / "locales" / "messages.pot").read_text("utf-8")
    assert main(["build", "--root", str(root), "-q"]) == 0
    assert "Shared legal notice" in (root / "build" / "ko" / "legal.html").read_text("utf-8")
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        assert "Shared legal notice" in c.get("/page/ko/legal.html").text
        assert 'href="/page/ko/legal.html"' in c.get("/").text
        assert c.get("/page/ko/site.css").status_code == 404


def test_reads_need_the_token_and_a_known_host(served):
    _root, server = served
    assert client(server, token=False).get("/").status_code == 403
    assert client(server, token=False).get("/?token=wrong").status_code == 403
    assert client(server, token=False).get(f"/page/ko/{PAGE}").status_code == 403
    assert client(server).get("/", headers={"Host": "evil.example"}).status_code == 403  # DNS rebinding
    # `page.html/`: the reviewed page, not the raw English file (which the file route served for it)
    moved = client(server).get(f"/page/ko/{PAGE}/", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == f"/page/ko/{PAGE}"


# --- writing ---------------------------------------------------------------------------------


def save_body(unit: dict, msgstr: str, approve: bool, seen: dict | None = None) -> dict:
    return {"locale": "ko", "page": PAGE, "unit": unit["id"], "msgctxt": unit["msgctxt"], "msgid": unit["msgid"],
            "msgstr": msgstr, "approve": approve, "seen": seen or {"msgstr": unit["msgstr"], "fuzzy": unit["fuzzy"]}}


def test_cross_origin_or_tokenless_writes_are_refused(served):
    root, server = served
    c = client(server)
    unit = unit_of(c, MT_MSGID)
    before = po_path(root).read_bytes()
    body = save_body(unit, "bad", True)
    refused = [
        write_headers(server, Origin="http://evil.example", **{"Sec-Fetch-Site": "cross-site"}),
        write_headers(server, Origin="http://evil.example"),  # old browser: no Sec-Fetch-Site
        {**write_headers(server), "Sec-Fetch-Site": "same-site"},
        {"Origin": server.origin, "Sec-Fetch-Site": "same-origin"},  # no token header (the cookie is not enough)
        write_headers(server, **{"X-L10n-Token": "wrong"}),
        {"X-L10n-Token": server.token},  # neither Origin nor Sec-Fetch-Site
    ]
    for headers in refused:
        response = c.post("/api/save", json=body, headers=headers)
        assert response.status_code == 403, headers
    assert po_path(root).read_bytes() == before
    # a save sent from outside the page (curl, no Origin) is told what a save needs, not called cross-origin
    assert "must come from the review page itself" in c.post("/api/save", json=body, headers=refused[-1]).text


def test_conflict_reports_the_text_on_disk_and_writes_nothing(served):
    root, server = served
    c = client(server)
    unit = unit_of(c, "Multimedia")
    before = po_path(root).read_bytes()
    stale = {"msgstr": "something else", "fuzzy": False}
    response = c.post("/api/save", json=save_body(unit, "새 번역", True, stale), headers=write_headers(server))
    assert response.status_code == 409
    assert "changed" in response.json()["conflict"] and response.json()["unit"]["msgstr"] == unit["msgstr"]
    assert po_path(root).read_bytes() == before


def test_approve_clears_fuzzy_marks_mt_reviewed_and_changes_nothing_else(tmp_path):
    root = copy_sample(tmp_path / "site")
    make_machine_output(root, MT_MSGID, "발사체 역사 (기계)")
    before = po_path(root).read_bytes()
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        unit = unit_of(c, MT_MSGID)
        response = c.post("/api/save", json=save_body(unit, "발사체의 역사", True), headers=write_headers(server))
        assert response.status_code == 200 and response.json()["unit"]["status"] == "reviewed"
    saved = entry(root, MT_MSGID)
    assert saved.msgstr == "발사체의 역사" and not saved.fuzzy and saved.tcomment == machine_comment("발사체 역사 (기계)") + ", post-edited and reviewed"
    [(old, new)] = changed_blocks(before, po_path(root).read_bytes())
    assert MT_MSGID.encode() in old and "발사체의 역사".encode() in new



def test_an_empty_box_cannot_be_approved_and_a_plain_save_of_it_leaves_the_entry_untranslated(tmp_path):
    """Approve with an empty box deleted the machine translation and marked the entry "post-edited and reviewed":
    a review of nothing.  It is refused (one line, nothing written).  Saving the empty box clears a bad machine
    translation: the entry is untranslated, with no fuzzy flag and no machine-translation note left describing a
    text that is gone (`update` would have called the next person's translation a post-edited machine one)."""
    root = copy_sample(tmp_path / "site")
    make_machine_output(root, MT_MSGID, "발사체 역사 (기계)")
    before = po_path(root).read_bytes()
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        unit = unit_of(c, MT_MSGID)
        response = c.post("/api/save", json=save_body(unit, "", True), headers=write_headers(server))
        assert response.status_code == 422
        assert response.json() == {"error": "an empty translation cannot be approved: type the translation, or "
                                            "Save to leave the unit untranslated"}
        assert po_path(root).read_bytes() == before
        response = c.post("/api/save", json=save_body(unit, "", False), headers=write_headers(server))
        assert response.status_code == 200 and response.json()["unit"]["status"] == "untranslated"
        assert not response.json()["unit"]["engine"]
    cleared = entry(root, MT_MSGID)
    assert cleared.msgstr == "" and not cleared.fuzzy and "machine translation" not in (cleared.tcomment or "")
    [(_old, new)] = changed_blocks(before, po_path(root).read_bytes())
    assert b"#" not in new.split(b"msgid")[0].replace(b"#:", b"").replace(b"#.", b"")  # no comment of its own


def test_a_save_reads_again_a_catalogue_an_editor_was_saving_in_place(tmp_path, monkeypatch):
    """An editor saving the .po in place (truncate, write half, pause, write the rest) was read halfway, cut
    between two entries: the save was refused as "not in the catalogue (run l10n extract and l10n update)".  A save
    whose entry is missing reads the catalogue again after the pause the reader waits for such editors; one still
    missing is refused with a reason that covers both causes."""
    import time

    from toolkit.catalog.read import SETTLE_SECONDS
    from toolkit.review.model import NOT_IN_CATALOGUE, Conflict, ReviewSite, Saved

    root = copy_sample(tmp_path / "site")
    path = po_path(root)
    whole = path.read_bytes()
    blocks = whole.split(b"\n\n")
    half = b"\n\n".join(blocks[:next(i for i, b in enumerate(blocks) if b'\nmsgid "Services"' in b)]) + b"\n"
    e, count = entry(root, "Services"), len(read_catalog(path))
    site = ReviewSite(load_config(root))
    pauses: list[float] = []

    def editor_writes_the_rest(seconds: float) -> None:
        pauses.append(seconds)
        with path.open("r+b") as f:  # (in place: the same file, as the editor writes it)
            f.seek(len(half))
            f.write(whole[len(half):])

    path.write_bytes(half)
    site.check_readable("ko")  # (read halfway, before the save)
    monkeypatch.setattr(time, "sleep", editor_writes_the_rest)
    saved = site.save("ko", (e.msgctxt, e.msgid), EntryText.of(e), "서비스", True)
    assert isinstance(saved, Saved) and pauses == [SETTLE_SECONDS]
    assert entry(root, "Services").msgstr == "서비스" and len(read_catalog(path)) == count

    path.write_bytes(half)
    pauses.clear()
    monkeypatch.setattr(time, "sleep", pauses.append)  # the file stays short: the entry is not there
    refused = site.save("ko", (e.msgctxt, e.msgid), EntryText.of(e), "서비스", True)
    assert isinstance(refused, Conflict) and refused.message == NOT_IN_CATALOGUE and pauses == [SETTLE_SECONDS]
    assert path.read_bytes() == half

# --- the build hook, the CLI -----------------------------------------------------------------


def test_build_page_annotate_wraps_translated_and_fallback_units(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>Hello <b>world</b></p><p>Untouched</p></body></html>", encoding="utf-8")
    doc = load_page(page)
    layout = SiteLayout("en", ["ko"], {"en": "en", "ko": "ko"})
    translations = {(None, "Hello <b>world</b>"): "안녕 <b>세계</b>"}
    plain = build_page(doc, "p.html", "ko", translations, layout).html
    marked = build_page(doc, "p.html", "ko", translations, layout,
                        annotate=lambda unit, done: (f"<m t={int(done)}>", "</m>")).html
    assert "<p><m t=1>안녕 <b>세계</b></m></p>" in marked
    assert '<p lang="en"><m t=0>Untouched</m></p>' in marked or '<m t=0><span lang="en">Untouched</span></m>' in marked
    assert marked.replace("<m t=1>", "").replace("<m t=0>", "").replace("</m>", "") == plain


def test_serve_without_its_dependencies_says_how_to_install(monkeypatch, capsys, tmp_path):
    root = copy_sample(tmp_path / "site")
    monkeypatch.setitem(sys.modules, "toolkit.review.server", None)
    assert main(["serve", "--root", str(root)]) == 2
    assert "pip install 'l10n-toolkit[review]'" in capsys.readouterr().err


def test_cli_serve_prints_a_tokened_url_and_stops_cleanly_on_ctrl_c(tmp_path):
    root = copy_sample(tmp_path / "site")
    proc = subprocess.Popen([sys.executable, "-m", "toolkit", "review", "--root", str(root), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        assert "http://127.0.0.1:" in line and "?token=" in line, line
        url = line.split("open ", 1)[1].split()[0]
        with httpx.Client(follow_redirects=True, timeout=30) as c:  # generous: CI machines are shared and busy
            assert "Review translations" in c.get(url).text
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        rest = proc.stderr.read() if proc.stderr else ""
        assert "stopped" in rest and "Traceback" not in rest
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_save_under_way_when_ctrl_c_comes_twice_is_finished_without_a_traceback(tmp_path):
    """The second Ctrl+C stops the server at once: a save waiting in its thread (here for the catalogue's lock)
    was cancelled into a traceback and a 500, though its text was then written; it is now finished and answered."""
    import threading

    from filelock import FileLock

    root = copy_sample(tmp_path / "site")
    make_machine_output(root, MT_MSGID, "발사체 역사 (기계)")
    proc = subprocess.Popen([sys.executable, "-m", "toolkit", "serve", "--root", str(root), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        url = line.split("open ", 1)[1].split()[0]
        origin = url.split("/?")[0]
        c = httpx.Client(base_url=origin, timeout=60)
        assert c.get(url.replace(origin, "")).status_code == 303
        unit = unit_of(c, MT_MSGID)
        token = url.split("token=")[1]
        answers: list[object] = []
        lock = FileLock(str(po_path(root)) + ".lock")
        lock.acquire()
        headers = {"X-L10n-Token": token, "Origin": origin, "Sec-Fetch-Site": "same-origin"}
        saving = threading.Thread(target=lambda: answers.append(_post(c, save_body(unit, "발사체의 역사", True), headers)))
        saving.start()
        time.sleep(1.0)  # the save waits for the lock in its thread
        proc.send_signal(signal.SIGINT)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.5)
        lock.release()
        saving.join(60)
        proc.wait(timeout=30)
        rest = proc.stderr.read() if proc.stderr else ""
        assert "Traceback" not in rest and "CancelledError" not in rest, rest
        assert entry(root, MT_MSGID).msgstr == "발사체의 역사"
        assert answers and answers[0] != 500  # answered, or the connection closed: never "Internal Server Error"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _post(c: httpx.Client, body: dict, headers: dict) -> object:
    try:
        return c.post("/api/save", json=body, headers=headers).status_code
    except httpx.HTTPError as exc:
        return type(exc).__name__


def test_the_printed_address_answers_before_the_server_runs(tmp_path):
    """The server's socket listens from the moment it is bound, before the URL is printed: a browser (or a script)
    opening it at once is queued until the app serves, never refused (CI saw a refusal when it only was bound)."""
    import socket

    server = ReviewServer(load_config(copy_sample(tmp_path / "site")), port=0)
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5):
            pass
    finally:
        server.sock.close()


# --- hostile and broken input: clean 4xx answers, nothing written ------------------------------


def raw_post(server: ReviewServer, body: bytes, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("POST", "/api/save", body=body, headers={**write_headers(server), "Host": f"127.0.0.1:{server.port}",
                                                          "Content-Type": "application/json", **(headers or {})})
    response = conn.getresponse()
    return response.status, response.read()


def test_malformed_save_requests_are_400_and_write_nothing(served):
    root, server = served
    unit = unit_of(client(server), "Services")
    good = save_body(unit, "서비스 (새)", False)
    before = po_path(root).read_bytes()
    bad_values = [("unit", float("inf")), ("unit", float("nan")), ("unit", True), ("unit", "3"),
                  ("msgstr", None), ("msgstr", ["x"]), ("msgstr", "a\x00b"), ("msgstr", "a\ud800b"),
                  ("msgstr", "bell\x07"), ("approve", "false"), ("msgid", None), ("locale", 1),
                  ("seen", "x"), ("seen", {"msgstr": None, "fuzzy": False})]
    bodies = [json.dumps({**good, key: value}).encode() for key, value in bad_values]
    bodies += [json.dumps(good).replace(f'"unit": {unit["id"]}', '"unit": 1e400').encode(),
               b"[" * 100_000 + b"]" * 100_000, b'{"locale": "\xff"}', b"[]", b"", b"{"]
    for body in bodies:
        status, answer = raw_post(server, body)
        assert status == 400, body[:80]
        assert b"malformed request" in answer and b"Traceback" not in answer
    assert po_path(root).read_bytes() == before


def test_a_huge_request_body_is_413_and_not_read(served):
    root, server = served
    before = po_path(root).read_bytes()
    status, answer = raw_post(server, b"x" * (8 << 20))
    assert status == 413 and b"over" in answer
    # a body that lies about its length (chunked) is cut off at the limit too
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    chunks = (b'{"msgstr": "' + b"x" * 65536 for _ in range(64))
    conn.request("POST", "/api/save", body=chunks, encode_chunked=True,
                 headers={**write_headers(server), "Host": f"127.0.0.1:{server.port}"})
    assert conn.getresponse().status == 413
    assert po_path(root).read_bytes() == before


def test_a_save_after_the_page_changed_on_disk_never_lands_on_another_entry(tmp_path):
    """The page is edited while the panel is open: unit N is now another (also empty) entry; the save is refused."""
    root = tmp_path / "site"
    (root / "source_html").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["ko"]\n', encoding="utf-8")
    page = root / "source_html" / "p.html"
    page.write_text("<html><body><p>First</p><p>Second</p></body></html>", encoding="utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-l", "ko", "-q"]) == 0
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        first = unit_of(c, "First", page="p.html")
        page.write_text("<html><body><p>Second</p><p>First</p></body></html>", encoding="utf-8")
        before = po_path(root).read_bytes()
        body = {**save_body(first, "첫째", True), "page": "p.html"}
        response = c.post("/api/save", json=body, headers=write_headers(server))
        assert response.status_code == 409 and "reload" in response.json()["error"]
        assert po_path(root).read_bytes() == before
        second = unit_of(c, "Second", page="p.html")  # after a reload the same save lands where it should
        assert second["id"] == first["id"]
        assert c.post("/api/save", json={**body, "unit": unit_of(c, "First", page="p.html")["id"]},
                      headers=write_headers(server)).status_code == 200
    assert entry(root, "First").msgstr == "첫째" and entry(root, "Second").msgstr == ""


def test_a_broken_or_missing_catalogue_is_one_line_not_a_traceback(tmp_path, capfd):
    root = copy_sample(tmp_path / "site")
    po = po_path(root)
    text = po.read_text(encoding="utf-8")
    po.write_text(text + "\n<<<<<<< HEAD\n", encoding="utf-8")  # a merge left its markers
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        for path in [f"/page/ko/{PAGE}", f"/api/units?locale=ko&page={PAGE}"]:
            response = c.get(path)
            assert response.status_code == 409, path
            assert "messages.po:" in response.text and "unresolved merge conflict" in response.text
            assert response.text.count("\n") == 1
        po.unlink()
        response = c.get(f"/page/ko/{PAGE}")
        assert response.status_code == 409 and "l10n init -l ko" in response.text
        assert c.get(f"/page/ja/{PAGE}").status_code == 200  # the other locales still work
    assert "Traceback" not in capfd.readouterr().err


def test_the_index_names_a_broken_or_missing_catalogue_and_lists_the_other_locales(tmp_path):
    """One catalogue left with merge markers (or a configured locale without one) took the whole index down with it
    (409 for every locale); now its row says why, escaped, and every other locale's pages are listed."""
    root = copy_sample(tmp_path / "site")
    po = po_path(root)
    po.write_text(po.read_text(encoding="utf-8") + "\n<<<<<<< HEAD <b>\n", encoding="utf-8")
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        response = c.get("/")
        assert response.status_code == 200
        problem = response.text.split('class="problems"')[1].split("</ul>")[0]
        assert "ko" in problem and "messages.po:" in problem and "unresolved merge conflict" in problem
        for locale in ("ja", "zh_CN", "zh_TW"):
            assert f'href="/page/{locale}/{PAGE}"' in response.text
        assert f'href="/page/ko/{PAGE}"' not in response.text
        po.unlink()
        response = c.get("/")
        assert response.status_code == 200 and "l10n init -l ko" in response.text
        assert f'href="/page/ja/{PAGE}"' in response.text


def test_serve_starts_without_a_catalogue_not_yet_created_and_names_it(tmp_path, monkeypatch, capsys):
    """`l10n serve` refused to start while one configured locale had no catalogue yet, though the index names it
    and serves the others; with none to review it is the usual one-line error."""
    from toolkit.cli import main

    root = copy_sample(tmp_path / "site")
    monkeypatch.setattr(ReviewServer, "serve_forever", lambda self: None)
    po_path(root).unlink()
    assert main(["serve", "--root", str(root), "--port", "0"]) == 0
    assert "no catalogue for ko yet (l10n init -l …); the other locales are served" in capsys.readouterr().err
    for locale in ("ja", "zh_CN", "zh_TW"):
        po_path(root, locale).unlink()
    assert main(["serve", "--root", str(root), "--port", "0"]) == 2
    assert "l10n init -l" in capsys.readouterr().err


def test_paths_too_long_or_with_nul_are_404(served):
    _root, server = served
    c = client(server)
    for path in ["/page/ko/" + "a" * 5000, "/page/ko/" + "a/" * 3000 + "x", "/page/ko/a%00b.html",
                 "/page/ko%00/x.html", "/page/..%2f..%2fetc/passwd", "/api/units?locale=ko%00&page=x"]:
        assert c.get(path).status_code == 404, path[:40]


def test_index_links_name_files_with_hash_percent_or_quote(tmp_path):
    root = copy_sample(tmp_path / "site")
    for name in ("a#b.html", "100%.html", 'q"<x>.html'):
        (root / "source_html" / name).write_text("<html><body><p>Odd name</p></body></html>", encoding="utf-8")
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        body = c.get("/").text
        assert 'href="/page/ko/a%23b.html"' in body and 'href="/page/ko/100%25.html"' in body
        assert 'href="/page/ko/q%22%3Cx%3E.html"' in body and "<x>" not in body
        for name in ("a%23b.html", "100%25.html", "q%22%3Cx%3E.html"):
            assert "Odd name" in c.get(f"/page/ko/{name}").text


def test_page_scripts_are_blocked_by_a_fresh_nonce_not_by_same_origin(served):
    """script-src 'self' would let a page's <script src="app.js"> run and read the token cookie."""
    root, server = served
    c = client(server)
    (root / "source_html" / "app.js").write_text("document.cookie", encoding="utf-8")
    policies = []
    for _ in range(2):
        response = c.get(f"/page/ko/{PAGE}")
        csp = response.headers["content-security-policy"]
        script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src")).split()[1:]
        [nonce] = script_src
        assert nonce.startswith("'nonce-")
        assert f'nonce="{nonce[7:-1]}"' in response.text  # the review script carries it
        policies.append(nonce)
    assert policies[0] != policies[1]
    asset = c.get("/page/ko/app.js")  # served as a file, it runs nothing either (say, opened as a page)
    assert asset.status_code == 200 and "script-src 'none'" in asset.headers["content-security-policy"]


def test_the_index_counts_a_page_again_only_when_it_or_its_catalogue_changed(tmp_path, monkeypatch):
    """On the Node.js API docs (65 large pages, 2 locales) every index after the first took 4 s: each page was
    recounted for each locale, and the source dir walked once per page.  Now a page's completion is kept until
    its page or its catalogue changes, and one index walks the source dir once."""
    from toolkit.config import Config
    from toolkit.review.model import ReviewSite

    root = copy_sample(tmp_path / "site")
    site = ReviewSite(load_config(root))
    walks, counted = [], []
    source_files, units = Config.source_files, ReviewSite._units
    monkeypatch.setattr(Config, "source_files", lambda self, *a: walks.append(1) or source_files(self, *a))
    monkeypatch.setattr(ReviewSite, "_units", lambda self, page, loc: counted.append(loc) or units(self, page, loc))
    first = {(p.page, p.locale): p for p in site.index()[0]}
    assert len(walks) == 1 and len(counted) == len(first)
    counted.clear()
    assert {(p.page, p.locale): p for p in site.index()[0]} == first and not counted  # nothing changed
    make_machine_output(root, MT_MSGID, "기계 번역")  # the ko catalogue changed: only ko pages are recounted
    now = {(p.page, p.locale): p for p in site.index()[0]}
    assert set(counted) == {"ko"}
    page = next(k for k in first if k[1] == "ko" and now[k] != first[k])
    assert (now[page].mt, now[page].reviewed) == (first[page].mt + 1, first[page].reviewed - 1)
    counted.clear()
    source = root / "source_html" / page[0]
    source.write_bytes(re.sub(rb"(?i)</body>", b"<p>A new paragraph</p></body>", source.read_bytes()))
    now = {(p.page, p.locale): p for p in site.index()[0]}
    assert len(counted) == len(site.locales) and now[page].untranslated == first[page].untranslated + 1


def test_a_page_is_read_again_when_the_its_rules_it_links_change(tmp_path):
    """The page itself unchanged, an edit of the rules file it links changes its units: the review server
    used to show the old ones until restarted."""
    from toolkit.review.model import ReviewSite

    root = copy_sample(tmp_path / "site")
    source = root / "source_html" / "rules.html"
    source.write_text('<!DOCTYPE html><html lang="en"><head><title>Rules</title><link rel="its-rules" href="r.xml">'
                      "</head><body><p>Shown</p><p class='code'>make all</p></body></html>", "utf-8")
    rules = ('<its:rules xmlns:its="http://www.w3.org/2005/11/its" xmlns:h="http://www.w3.org/1999/xhtml" '
             'version="2.0">{}</its:rules>')
    (root / "source_html" / "r.xml").write_text(rules.format(""), "utf-8")
    site = ReviewSite(load_config(root))
    assert "make all" in [u.msgid for u in site.document("rules.html").units]
    (root / "source_html" / "r.xml").write_text(
        rules.format('<its:translateRule selector="//h:p[@class=\'code\']" translate="no"/>'), "utf-8")
    assert [u.msgid for u in site.document("rules.html").units] == ["Rules", "Shown"]


def test_the_index_filters_by_locale_and_by_work_left(tmp_path):
    """Fifty pages in four locales are 200 rows: a translator of one locale asks for theirs, and for the pages with
    something left to review; the links at the top keep the other filter."""
    root = copy_sample(tmp_path / "site")
    for n in range(6):
        (root / "source_html" / f"extra{n}.html").write_text(f"<html><body><p>Extra page {n}</p></body></html>",
                                                             encoding="utf-8")
    make_machine_output(root, MT_MSGID, "기계 번역")
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        rows = lambda body: re.findall(r'<a href="/page/([^/"]+)/([^"]+)">', body)  # noqa: E731
        everything = rows(c.get("/").text)
        assert len(everything) == 8 * 4
        ko = rows(c.get("/", params={"locale": "ko"}).text)
        assert len(ko) == 8 and {loc for loc, _ in ko} == {"ko"}
        todo = c.get("/", params={"locale": "ko", "todo": "1"}).text
        assert sorted(rows(todo)) == sorted([("ko", PAGE)] + [("ko", f"extra{n}.html") for n in range(6)])
        assert 'href="/?locale=ja&amp;todo=1"' in todo and 'href="/?locale=ko"' in todo  # the other filter kept
        assert len(rows(c.get("/", params={"todo": "1"}).text)) == 1 + 6 * 4
        assert c.get("/", params={"locale": "xx"}).status_code == 404


def test_the_index_lists_numbered_pages_in_their_order(tmp_path):
    """page10 came before page2 (plain text order)."""
    from toolkit.review.model import ReviewSite

    root = copy_sample(tmp_path / "site")
    for n in (10, 2, 1):
        (root / "source_html" / f"page{n}.html").write_text(f"<html><body><p>Page {n}</p></body></html>", "utf-8")
    rows, _unreadable = ReviewSite(load_config(root)).index()
    pages = list(dict.fromkeys(p.page for p in rows))
    assert [p for p in pages if p.startswith("page")] == ["page1.html", "page2.html", "page10.html"]



# --- a page's statuses first, a unit's texts when it is opened ---------------------------------


def test_the_page_sends_statuses_and_each_unit_its_texts_when_opened(tmp_path):
    """A 40,000-unit page sent 24 MB of texts, notes and findings before its panel could be used; now its statuses
    come first (what the markers, the counts and j/k need), each unit's texts when it is opened, and they agree."""
    root = copy_sample(tmp_path / "site")
    make_machine_output(root, MT_MSGID, "발사체 역사 (기계)")
    broken = next(e for e in polib.pofile(str(po_path(root))) if "</a>" in e.msgstr and not e.obsolete)
    po = polib.pofile(str(po_path(root)))
    po.find(broken.msgid).msgstr = broken.msgstr.replace("</a>", "", 1)  # a lost placeholder: a check error
    po.save()
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        data = c.get("/api/units", params={"locale": "ko", "page": PAGE}).json()
        assert set(data) == {"version", "ids", "statuses", "errors", "others"} and len(data["statuses"]) == len(data["ids"])
        views = [unit_details(c, uid).json()["unit"] for uid in data["ids"]]
        letters = {"reviewed": "r", "mt": "m", "fuzzy": "f", "untranslated": "u"}
        assert data["statuses"] == "".join(letters[v["status"]] for v in views)
        assert data["errors"] == [v["id"] for v in views if v["error"]] and data["errors"]
        assert [v["msgid"] for v in views if v["id"] in data["errors"]] == [broken.msgid]
        assert [o["id"] for o in data["others"]] == [v["id"] for v in views if v["kind"] != "text"]
        mt = views[data["statuses"].index("m")]
        assert mt["msgid"] == MT_MSGID and mt["engine"] == "google" and mt["msgstr"] == "발사체 역사 (기계)"
        assert MT_MSGID not in json.dumps(data)  # no text of a unit but the titles the panel lists


def test_a_unit_is_given_only_to_the_token_holder_and_only_if_the_page_offers_it(served):
    _root, server = served
    c = client(server)
    ids = c.get("/api/units", params={"locale": "ko", "page": PAGE}).json()["ids"]
    assert unit_details(c, ids[0]).status_code == 200
    params = {"locale": "ko", "page": PAGE, "id": ids[0]}
    assert client(server, token=False).get("/api/unit", params=params).status_code == 403
    assert c.get("/api/unit", params=params, headers={"Host": "evil.example"}).status_code == 403
    language_label = next(i for i in range(max(ids)) if i not in ids)  # the switcher's "한국 | 대만 | …" is no unit
    for uid in (language_label, max(ids) + 1, 10**8):
        assert unit_details(c, uid).status_code == 404
    for uid in ("x", "-1", "1e3", "", "٣", "1" * 10):
        response = c.get("/api/unit", params={**params, "id": uid})
        assert response.status_code == 400 and "malformed" in response.json()["error"], uid
    assert unit_details(c, ids[0], page="nope.html").status_code == 404
    assert unit_details(c, ids[0], locale="xx").status_code == 404


def test_statuses_build_no_unit_views(tmp_path, monkeypatch):
    """The page, its statuses and the index never make a unit's full view: only opening the unit does."""
    from toolkit.review.model import ReviewSite

    root = copy_sample(tmp_path / "site")
    site = ReviewSite(load_config(root))
    views = []
    view = ReviewSite._view
    monkeypatch.setattr(ReviewSite, "_view", lambda self, *a: views.append(a[0]) or view(self, *a))
    site.index()
    site.render(PAGE, "ko")
    statuses = site.statuses(PAGE, "ko")
    assert views == []
    assert site.unit(PAGE, "ko", statuses[3].id).id == statuses[3].id and views == [statuses[3].id]


def test_after_a_save_only_the_entry_saved_is_checked_again(tmp_path, monkeypatch):
    """Every check ran again on every entry after each save (a new catalogue version): 8 s on a 40,000-entry page.
    The findings of entries that read as before are kept; the changed entry's are new."""
    from toolkit.review import model
    from toolkit.review.model import ReviewSite

    root = copy_sample(tmp_path / "site")
    site = ReviewSite(load_config(root))
    checked: list[str] = []
    runs = model.check_catalog
    monkeypatch.setattr(model, "check_catalog", lambda po, *a, **k: checked.extend(e.msgid for e in po) or runs(po, *a, **k))
    before = {p.page: p.errors for p in site.index()[0] if p.locale == "ko"}
    assert checked and before[PAGE] == 0
    checked.clear()
    target = entry(root, "Services")  # saved as the review server saves: markup the source lacks is an error
    change = EntryChange(EntryText.of(target), EntryText((target.msgstr + " <b>x</b>",), fuzzy=False))
    assert apply_changes(po_path(root), {(target.msgctxt, target.msgid): change}, width=79).applied
    after = {p.page: p.errors for p in site.index()[0] if p.locale == "ko"}
    assert checked == ["Services"] and after[PAGE] == 1


def test_a_save_reads_the_catalogue_once_and_keeps_its_line_width(tmp_path, monkeypatch):
    """A save read the whole catalogue three times (the merge, the write's read-back, the panel's view): 10 s on a
    171,000-entry catalogue.  The server keeps what it wrote while the file holds it: after the first save, a save
    parses nothing; a program saving the file meanwhile makes it read again.  And a save wrapped the file at 79
    columns whatever `wrap_width` said."""
    from toolkit.catalog import read
    from toolkit.review import model
    from toolkit.review.model import ReviewSite

    root = copy_sample(tmp_path / "site")
    settings = root / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace("[tool.l10n]", "[tool.l10n]\nwrap_width = 0"), "utf-8")
    assert main(["update", "--root", str(root), "-q"]) == 0  # the catalogues as `wrap_width = 0` writes them
    site = ReviewSite(load_config(root))
    parsed: list[str] = []
    real_parse = read.parse_text
    monkeypatch.setattr(read, "parse_text", lambda *a, **k: parsed.append("parse") or real_parse(*a, **k))
    real_read = model.read_catalog
    monkeypatch.setattr(model, "read_catalog", lambda *a, **k: parsed.append("read") or real_read(*a, **k))

    def save(msgid: str, msgstr: str) -> None:
        units = {site.unit(PAGE, "ko", u.id).msgid: u.id for u in site.statuses(PAGE, "ko")}
        view = site.unit(PAGE, "ko", units[msgid])
        seen = EntryText((view.msgstr,), view.fuzzy)
        assert isinstance(site.save("ko", (view.msgctxt, view.msgid), seen, msgstr, True, PAGE, units[msgid]),
                          model.Saved)

    site.render(PAGE, "ko")
    parsed.clear()
    save("Services", "서비스들")
    save("Services", "서비스 (((")  # its findings are those of the text saved, not the text before
    assert any(f.check == "brackets" for f in site.unit(PAGE, "ko", next(
        u.id for u in site.statuses(PAGE, "ko") if site.unit(PAGE, "ko", u.id).msgid == "Services")).findings)
    save("Services", "서비스")
    assert not any(site.unit(PAGE, "ko", u.id).findings for u in site.statuses(PAGE, "ko")
                   if site.unit(PAGE, "ko", u.id).msgid == "Services")
    assert len(parsed) <= 1  # the merge's first read of the file; nothing after
    assert entry(root, "Services").msgstr == "서비스"
    body = po_path(root).read_text("utf-8").split("\n\n", 1)[1]  # (the header's lines are one per field)
    lines = body.splitlines()  # as wrap_width = 0: a string goes on to another line only after a line break
    assert not [line for prev, line in itertools.pairwise(lines) if line.startswith('"')
                and not prev.endswith('\\n"') and not prev.endswith(' ""')]
    po = polib.pofile(str(po_path(root)))  # another program saves the file: read again
    po.find("Services").msgstr = "서비스 (편집)"
    po.save()
    parsed.clear()
    assert any(site.unit(PAGE, "ko", u.id).msgstr == "서비스 (편집)" for u in site.statuses(PAGE, "ko")) and parsed


def test_the_index_checks_a_pages_entries_in_one_run_and_holds_few_pages(tmp_path, monkeypatch):
    """A first index of a large site (2,500 pages, 340,000 entries) set the checks up once an entry (a minute) and
    kept every segmented page (a gigabyte).  Now one run of the checks a page, and only the pages last used are
    held; an index after that reads no page again (a page's count is kept by its file, not by the page held)."""
    from toolkit.review import model
    from toolkit.review.model import ReviewSite

    monkeypatch.setattr(model, "PAGES_HELD", 2)
    root = copy_sample(tmp_path / "site")
    for i in range(3):
        (root / "source_html" / f"extra{i}.html").write_text(f"<html><body><p>Extra page {i}</p></body></html>")
    site = ReviewSite(load_config(root))
    runs, loads = [], []
    check_catalog, load_page = model.check_catalog, model.load_page_cached
    monkeypatch.setattr(model, "check_catalog", lambda po, *a, **k: runs.append(len(po)) or check_catalog(po, *a, **k))
    monkeypatch.setattr(model, "load_page_cached", lambda *a, **k: loads.append(1) or load_page(*a, **k))
    first = site.index()[0]
    pages = {p.page for p in first}
    assert len(pages) > 2 and len(site._docs) == 2
    assert len(runs) <= len(first) and sum(runs) >= len(pages)  # at most one run a page and locale
    runs.clear(), loads.clear()
    assert site.index()[0] == first and not loads and not runs


ABRUPT_COMMENTS = {  # pages that start with a comment HTML ends at once (`<!-->`, `<!--->`) or by `--!>`
    "benign.html": "<!--->\n<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Benign</title></head>"
                   "<body><p>First paragraph.</p><!-- footer --><p>Second paragraph.</p></body></html>\n",
    # (its attribute's quote is never closed: the rest of the page is in it, and the tag, cut off, is dropped)
    "attack.html": '<!--><script src="data:text/javascript,alert(1)" data-x="<!-- -->\n'
                   "<!DOCTYPE html><html><body><p>Hi.</p></body></html>\n",
    "bang.html": "<!-- a --!><!DOCTYPE html><html><body><p>Bang.</p><!-- b --></body></html>\n",
}


def abrupt_comments_site(tmp_path: Path) -> Path:
    """A project of the `ABRUPT_COMMENTS` pages, extracted, with an empty Korean catalogue."""
    root = tmp_path / "site"
    (root / "source_html").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["ko"]\n', encoding="utf-8")
    for name, text in ABRUPT_COMMENTS.items():
        (root / "source_html" / name).write_text(text, encoding="utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-l", "ko", "-q"]) == 0
    return root


def test_the_review_script_is_an_element_of_its_own_after_a_page_s_abrupt_comments(tmp_path):
    """A page opening with `<!-->` got the review script inside its own script's attribute (so the page's script
    carried the nonce), one opening with `<!--->` got it after a comment mid-body: the place was found by a regex
    that ran on to the next `-->`.  As the browser parses the page, the review script is the head's first element,
    the only one with the nonce, and the page keeps its comments and its standards mode."""
    import html5lib

    root = abrupt_comments_site(tmp_path)
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        for name in ABRUPT_COMMENTS:
            response = c.get(f"/page/ko/{name}")
            nonce = re.search(r"'nonce-([^']+)'", response.headers["content-security-policy"])[1]
            parser, source = html5lib.HTMLParser(namespaceHTMLElements=False), html5lib.HTMLParser()
            tree = parser.parse(response.text)
            source.parse(ABRUPT_COMMENTS[name])
            assert parser.compatMode == source.compatMode, name  # (the attack page's script makes it quirks)
            head = tree.find("head")
            assert head[0].tag == "script" and head[0].get("src") == "/_review/review.js", name
            scripts = [(s.get("src"), s.get("nonce")) for s in tree.iter("script")]
            assert scripts[0][1] == nonce and all(n is None for _, n in scripts[1:]), name
            assert len(scripts) == (2 if name == "attack.html" else 1), name  # (the page's own: the quote the appended stylesheet link opens closes its tag)
            body = [("comment", e.text) if not isinstance(e.tag, str) else (e.tag, "".join(e.itertext()))
                    for e in tree.find("body") if e.tag != "link"]  # (the review stylesheet, appended)
            assert body == {"benign.html": [("p", "First paragraph."), ("comment", " footer "),
                                                ("p", "Second paragraph.")],
                                "attack.html": [], "bang.html": [("p", "Bang."), ("comment", " b ")],
                                }[name], name


def test_conditional_comment_units_are_listed_in_the_panel_not_marked_in_the_page():
    """A conditional comment's content is a comment to the reviewer's browser: a marker there would never show."""
    from toolkit.html import parse_document
    from toolkit.review.model import _unmarked

    doc = parse_document("<p>Shown</p><!--[if mso]><p>Outlook <b>only</b></p><![endif]--><noscript>No scripts"
                         "</noscript><p>Shown <!--[if IE]>IE<![endif]--> too</p><!--[if !IE]><!--><p>Not IE</p>"
                         "<!--<![endif]-->")
    assert sorted(u.msgid for u in doc.units if id(u) in _unmarked(doc)) == ["IE", "No scripts", "Outlook <b>only</b>"]


def test_noscript_units_are_listed_in_the_panel_not_marked_in_the_page(tmp_path):
    """A reviewer's browser runs scripts, so `<noscript>` content is raw text there: a marker inside it would never
    show, and the unit could not be opened.  Such units are listed with the title's, and carry no marker."""
    root = tmp_path / "site"
    (root / "source_html").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["ko"]\n', encoding="utf-8")
    (root / "source_html" / "p.html").write_text(
        "<html><body><p>Shown text</p><noscript>Enable scripts</noscript><p>Shown between</p>"
        "<noscript><p>Also <b>hidden</b></p></noscript><p>Shown after</p></body></html>", encoding="utf-8")
    assert main(["extract", "--root", str(root), "-q"]) == 0
    assert main(["init", "--root", str(root), "-l", "ko", "-q"]) == 0
    with ReviewServer(load_config(root), port=0) as server:
        c = client(server)
        others = c.get("/api/units", params={"locale": "ko", "page": "p.html"}).json()["others"]
        assert [(u["kind"], u["element"], u["label"]) for u in others] == [
            ("unmarked", "noscript", "Enable scripts"), ("unmarked", "p", "Also <b>hidden</b>")]
        assert unit_details(c, others[0]["id"], page="p.html").json()["unit"]["kind"] == "unmarked"
        page = c.get("/page/ko/p.html").text
        assert page.count("<l10n-unit") == 3 and "<noscript>Enable scripts</noscript>" in page.replace(' lang="en"', "")
