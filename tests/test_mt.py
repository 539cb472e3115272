"""Machine-translation pre-fill: deep-translator's real engine code over real HTTP to 127.0.0.1.

Every online test drives deep-translator (LibreTranslator, GoogleTranslator, our DeepL
subclass) against the fake service in test_mt_fakes.py; nothing leaves the machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import unicodedata
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import polib
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_mt_fakes import FakeMT, fake_translation

from toolkit.catalog import mt_comment
from toolkit.cli import main
from toolkit.config import load_config
from toolkit.errors import L10nError
from toolkit.mt import translate_catalogs
from toolkit.mt.cache import cache_path
from toolkit.mt.deep import engine_code
from toolkit.mt.masking import mask
from toolkit.mt.runner import Policy, TokenBucket, backoff_delay

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-25"
TAGGED = "Read about <a>Soyuz</a> at <b>ESA</b>.<br/>"
FAST = {"backoff": "0.01", "max_backoff": "0.02", "rate": "0", "breaker": "3"}


def make_project(tmp_path: Path, locales=("ko",), msgids=(TAGGED, "Hello", "Open the door"), extra=()) -> object:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.l10n]\nsource_dir = \"src\"\nlocales_dir = \"locales\"\n"
        f"locales = {list(locales)!r}\nsource_locale = \"en\"\n".replace("'", '"'),
        encoding="utf-8",
    )
    cfg = load_config(tmp_path)
    for locale in locales:
        po = polib.POFile(wrapwidth=78)
        po.metadata = {"Project-Id-Version": "test", "Language": locale, "MIME-Version": "1.0",
                       "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                       "Plural-Forms": "nplurals=1; plural=0;"}
        for msgid in msgids:
            po.append(polib.POEntry(msgid=msgid, msgstr=""))
        for entry in extra:
            po.append(polib.POEntry(**entry))
        path = cfg.po_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(path))
    return cfg


def entries(cfg, locale="ko") -> dict:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(cfg.po_path(locale)))}


def libre(fake: FakeMT, **more) -> dict:
    return {"url": fake.url + "/", **FAST, **more}


def translate(cfg, engine="libre", options=None, **kw):
    kw.setdefault("timeout", 0.5)
    return translate_catalogs(cfg, engine=engine, options=options, today=TODAY, progress=False, **kw)


def msgfmt_ok(path: Path) -> None:
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)


def expected(msgid: str, target="ko") -> str:
    m = mask(msgid)
    return m.restore(fake_translation(m.text, target))[0]


# --- filling -------------------------------------------------------------------------------


def test_fills_empty_entries_fuzzy_with_comment_and_intact_placeholders(tmp_path, monkeypatch):
    monkeypatch.setenv("L10N_LIBRE_API_KEY", "sekret-123")
    extra = [
        dict(msgid="Human", msgstr="사람"),
        dict(msgid="Old guess", msgstr="추측", flags=["fuzzy"]),
        dict(msgid="Gone", msgstr="", obsolete=True),
        dict(msgid="%d file", msgid_plural="%d files", msgstr_plural={0: ""}),
        dict(msgid="Hello", msgctxt="greeting", msgstr=""),
        dict(msgid="Note", msgstr="", tcomment="Keep it short"),
    ]
    cfg = make_project(tmp_path, extra=extra)
    before = entries(cfg)
    header = polib.pofile(str(cfg.po_path("ko"))).metadata
    with FakeMT() as fake:
        report = translate(cfg, options=libre(fake))
    got = entries(cfg)
    [r] = report.locales
    assert (r.filled, r.candidates, r.failed, r.rejected) == (6, 6, [], [])

    tagged = got[(None, TAGGED)]
    assert tagged.msgstr == "ko:READ ABOUT <a>SOYUZ</a> AT <b>ESA</b>.<br/>"
    assert tagged.fuzzy and tagged.tcomment == mt_comment("libre", TODAY, (tagged.msgstr,))
    assert tagged.tcomment.startswith(f"machine translation: libre ({TODAY}, #")
    # the engine saw tokens, never our tags; deep-translator sent our codes and the key
    sent = {q: req for req in fake.requests for q in [req["q"]]}
    assert "Read about [X1X]Soyuz[X2X] at [X3X]ESA[X4X].[X5X]" in sent
    assert not any("<a>" in q for q in sent)
    assert {(r["source"], r["target"], r["api_key"]) for r in fake.requests} == {("en", "ko", "sekret-123")}
    # "Hello" with and without context: one request
    assert fake.sent().count("Hello") == 1
    assert got[("greeting", "Hello")].msgstr == got[(None, "Hello")].msgstr == "ko:HELLO"
    # ko has one plural form: it translates the plural source
    assert got[(None, "%d file")].msgstr_plural == {0: "ko:%D FILES"} and got[(None, "%d file")].fuzzy
    assert got[(None, "Note")].tcomment == "Keep it short\n" + mt_comment("libre", TODAY, ("ko:NOTE",))
    # human, fuzzy, obsolete and header untouched
    for key in [(None, "Human"), (None, "Old guess"), (None, "Gone")]:
        assert str(got[key]) == str(before[key])
    assert polib.pofile(str(cfg.po_path("ko"))).metadata == header
    po_text = cfg.po_path("ko").read_text("utf-8")
    # the key is nowhere on disk
    assert "sekret-123" not in po_text
    assert b"sekret-123" not in cache_path(cfg.cache_path).read_bytes()
    msgfmt_ok(cfg.po_path("ko"))


def test_plural_forms_for_two_form_locale(tmp_path):
    cfg = make_project(tmp_path, msgids=(), extra=[dict(msgid="%d file", msgid_plural="%d files",
                                                        msgstr_plural={0: "", 1: ""})])
    po = polib.pofile(str(cfg.po_path("ko")))
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.save()
    with FakeMT() as fake:
        translate(cfg, options=libre(fake))
    assert entries(cfg)[(None, "%d file")].msgstr_plural == {0: "ko:%D FILE", 1: "ko:%D FILES"}


ARABIC_PLURALS = ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
                  "n%100>=11 ? 4 : 5);")


def test_the_form_of_one_is_translated_from_the_singular(tmp_path):
    """Arabic's form 0 is the zero form: it was machine-translated from msgid ("%d file") and form 1, the one
    gettext shows for n = 1, from msgid_plural. The form of n = 1 comes from msgid, every other from the plural."""
    cfg = make_project(tmp_path, msgids=(), extra=[dict(msgid="%d file", msgid_plural="%d files",
                                                        msgstr_plural={i: "" for i in range(6)})])
    po = polib.pofile(str(cfg.po_path("ko")))
    po.metadata["Plural-Forms"] = ARABIC_PLURALS
    po.save()
    with FakeMT() as fake:
        translate(cfg, options=libre(fake))
    assert entries(cfg)[(None, "%d file")].msgstr_plural == {
        0: "ko:%D FILES", 1: "ko:%D FILE", 2: "ko:%D FILES", 3: "ko:%D FILES", 4: "ko:%D FILES", 5: "ko:%D FILES"}


def test_second_run_sends_nothing(tmp_path):
    cfg = make_project(tmp_path)
    pristine = cfg.po_path("ko").read_bytes()
    with FakeMT() as fake:
        translate(cfg, options=libre(fake))
        first = len(fake.requests)
        filled = cfg.po_path("ko").read_bytes()
        translate(cfg, options=libre(fake))  # nothing empty any more
        cfg.po_path("ko").write_bytes(pristine)  # a fresh catalogue: the cache answers
        report = translate(cfg, options=libre(fake))
        assert len(fake.requests) == first == 3
    assert report.locales[0].cached == 3 and report.locales[0].filled == 3
    assert cfg.po_path("ko").read_bytes() == filled


def test_google_engine_through_its_scraper(tmp_path):
    cfg = make_project(tmp_path, locales=("ko", "zh_TW"))
    with FakeMT() as fake:
        report = translate(cfg, "google", {"url": fake.url + "/m", **FAST})
    assert [r.filled for r in report.locales] == [3, 3]
    assert {(r["path"], r["source"], r["target"]) for r in fake.requests} == {("/m", "en", "ko"), ("/m", "en", "zh-TW")}
    assert entries(cfg, "zh_TW")[(None, TAGGED)].msgstr == expected(TAGGED, "zh-TW")


def test_a_text_longer_than_the_service_takes_is_sent_in_sentences(tmp_path):
    """deep-translator refuses 5,000 characters for Google: a long paragraph (DocBook puts whole files in
    one) failed with NotValidLength. It goes in pieces cut after sentences, paced, rejoined; the warning
    for a failure quotes the msgid shortened, not 10 KB of it."""
    long = " ".join(f"Stage {i} of the <b>launcher</b> burns for {i} seconds." for i in range(300))
    assert len(long) > 12000
    cfg = make_project(tmp_path, msgids=(long, "Hello"))
    with FakeMT() as fake:
        report = translate(cfg, "google", {"url": fake.url + "/m", **FAST})
    assert report.locales[0].filled == 2 and not report.warnings()
    sent = [r["q"] for r in fake.requests]
    assert len(sent) >= 4 and max(map(len, sent)) < 5000
    assert all(q.endswith("seconds.") for q in sent if q != "Hello")  # cut after sentences, spaces not sent
    got = entries(cfg)[(None, long)].msgstr
    assert got.count("<b>") == got.count("</b>") == 300 and got.count("ko:STAGE") == len(sent) - 1

    (tmp_path / "again").mkdir()
    cfg = make_project(tmp_path / "again", msgids=(long,))
    with FakeMT() as fake:
        fake.script = {"Stage 0 ": [400]}
        report = translate(cfg, "google", {"url": fake.url + "/m", **FAST})
    assert report.locales[0].filled == 0
    (warning,) = report.warnings()
    assert len(warning) < 400 and "Stage 0 of the <b>launcher</b>" in warning

    (tmp_path / "paced").mkdir()
    cfg = make_project(tmp_path / "paced", msgids=(long,))
    with FakeMT() as fake:
        start = time.monotonic()
        translate(cfg, "google", {"url": fake.url + "/m", **FAST, "rate": "10"})
        elapsed = time.monotonic() - start
    assert len(fake.requests) == len(sent) - 1 and elapsed >= 0.1 * (len(sent) - 2)  # each piece waits its turn


def test_a_retried_long_text_resends_only_the_pieces_not_yet_answered(tmp_path):
    """A long text goes in pieces; when one fails halfway with a retryable error, the retry sends that piece and
    the rest, not the pieces already translated (each is a paid, rate-limited request)."""
    long = " ".join(f"Stage {i} of the <b>launcher</b> burns for {i} seconds." for i in range(300))
    cfg = make_project(tmp_path, msgids=(long,))
    with FakeMT() as fake:
        fake.script = {"Stage 150 ": [503]}
        report = translate(cfg, "google", {"url": fake.url + "/m", **FAST})
    assert report.locales[0].filled == 1 and not report.warnings()
    sent = [r["q"] for r in fake.requests]
    assert sum("Stage 150 " in q for q in sent) == 2  # the failed piece, then its retry
    assert all(sent.count(q) == 1 for q in sent if "Stage 150 " not in q)  # every other piece once
    assert sent.index(next(q for q in sent if "Stage 0 " in q)) == 0
    got = entries(cfg)[(None, long)].msgstr
    assert got.count("<b>") == 300 and got.count("ko:STAGE") == len(sent) - 1


def test_split_text_joins_back_and_keeps_tokens_whole():
    from toolkit.mt.engine import join_replies, split_text

    text = "a" * 495 + "[X12X]" + "b" * 600 + " end. Next one.\nLine two"
    pieces = split_text(text, 499)
    assert "".join(pieces) == text and all(len(p) <= 499 for p in pieces)
    assert pieces[1].startswith("[X12X]")
    assert split_text("One. Two. Three.", 10) == ["One. Two. ", "Three."]
    assert split_text("short", 10) == ["short"]
    assert join_replies(["One. ", "Two.\n", "x"], ["一。", "二。", "三"]) == "一。二。\n三"
    assert join_replies(["One. ", "Two."], ["Un.", "Deux."]) == "Un. Deux."


def test_split_text_cuts_after_full_width_stops_and_never_inside_a_character():
    """A Japanese text over the limit was cut at exactly `limit` characters, between 日 and 本 (。 needed a space
    after it); a cut could end a piece with the ZWJ of 👨‍👩‍👧 or before a combining accent; a no-break space
    was a place to cut "10 000"."""
    from toolkit.mt.engine import split_text

    pieces = split_text("日本語の文だ。" * 800, 5000)
    assert all(p.endswith("。") and len(p) <= 5000 for p in pieces) and len(pieces) == 2
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    text = "あ" * 4998 + family + "い" * 100
    assert split_text(text, 5000) == ["あ" * 4998, family + "い" * 100]
    accented = "e\u0301" * 3000  # no space, no stop: a hard cut, between two letters
    assert all(not unicodedata.combining(p[0]) for p in split_text(accented, 4999))
    assert split_text("\U0001F1F0\U0001F1F7" * 3, 5) == ["\U0001F1F0\U0001F1F7" * 2, "\U0001F1F0\U0001F1F7"]
    assert split_text("a" * 4995 + " 10\xa0000 km", 5000) == ["a" * 4995 + " ", "10\xa0000 km"]
    assert split_text("「はい。」と言った。次", 6) == ["「はい。」", "と言った。次"]


@pytest.mark.parametrize("engine, env, path, method, codes, secret_header", [
    ("mymemory", {}, "/get", "GET", ("en-US", "ko-KR"), None),
    # deep-translator's own variable name works too; a ":fx" key means the free endpoint
    ("deepl", {"DEEPL_API_KEY": "k3y:fx"}, "/v2/translate", "POST", ("EN", "KO"), ("Authorization", "DeepL-Auth-Key k3y:fx")),
    ("microsoft", {"L10N_MICROSOFT_API_KEY": "k3y"}, "/translate", "POST", ("en", "ko"), ("Ocp-Apim-Subscription-Key", "k3y")),
    ("papago", {"L10N_PAPAGO_CLIENT_ID": "id", "L10N_PAPAGO_CLIENT_SECRET": "k3y"}, "/nmt/v1/translation", "POST",
     ("en", "ko"), ("X-NCP-APIGW-API-KEY", "k3y")),
    ("baidu", {"BAIDU_APPID": "id", "L10N_BAIDU_APPKEY": "k3y"}, "/api/trans/vip/translate", "POST", ("en", "kor"), None),
])
def test_every_keyed_engine_over_http(tmp_path, monkeypatch, engine, env, path, method, codes, secret_header):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    cfg = make_project(tmp_path, msgids=("Hello <b>world</b>",))
    url_path = path + ("?api-version=3.0" if engine == "microsoft" else "")
    with FakeMT() as fake:
        report = translate(cfg, engine, {"url": fake.url + ("/v2" if engine == "deepl" else url_path), **FAST})
    [req] = fake.requests
    assert (req["engine"], req["method"], req["path"], (req["source"], req["target"])) == (engine, method, path, codes)
    if secret_header:
        assert req["headers"][secret_header[0]] == secret_header[1]
    assert "k3y" not in req["query"]  # keys travel in headers (Baidu sends only a signature)
    assert report.locales[0].filled == 1
    assert entries(cfg)[(None, "Hello <b>world</b>")].msgstr == f"{codes[1]}:HELLO <b>WORLD</b>"


def test_mymemorys_quota_warning_is_no_translation(tmp_path):
    """MyMemory answers HTTP 200 with its warning as the translation once the day's quota is used up: every entry
    read "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS…" as machine output, and the cache kept it."""
    cfg = make_project(tmp_path, msgids=("Hello", "Open the door"))
    with FakeMT() as fake:
        fake.script = {"Hello": ["mm_quota"], "Open": ["mm_quota"]}
        report = translate(cfg, "mymemory", {"url": fake.url + "/get", **FAST})
        assert report.locales[0].filled == 0 and "MyMemory's free quota for today is used up" in report.stopped
        assert all(not e.msgstr for e in entries(cfg).values() if e.msgid)
        fake.script = {}  # the next day (the run stops at the first quota reply: whether the other text was asked
        # too depends on timing, so its scripted reply may be left over)
        report = translate(cfg, "mymemory", {"url": fake.url + "/get", **FAST})  # nothing cached
    assert report.locales[0].filled == 2 and entries(cfg)[(None, "Hello")].msgstr == "ko-KR:HELLO"


def test_a_reply_escaped_as_html_is_read_as_text(tmp_path):
    """`Don&#39;t use &quot;quotes&quot; &amp; ampersands` was written as the translation, and the page showed the
    references as text; a source with a reference of its own (a literal tag) is left as the engine wrote it."""
    cfg = make_project(tmp_path, msgids=('Don\'t use "quotes" & <b>ampersands</b>.',))
    with FakeMT() as fake:
        fake.script = {"Don": ["html_escaped"]}
        report = translate(cfg, "libre", libre(fake))
    assert report.locales[0].filled == 1
    assert entries(cfg)[(None, 'Don\'t use "quotes" & <b>ampersands</b>.')].msgstr == \
        'ko:DON\'T USE "QUOTES" & <b>AMPERSANDS</b>.'


@pytest.mark.parametrize("option", ["retries=-1", "timeout=nan", "max_backoff=-1", "rate=-5", "breaker=0",
                                    "save_every=0", "save_seconds=0", "backoff=inf", "concurrency=0"])
def test_an_engine_option_out_of_range_is_one_line_and_exit_2(tmp_path, capsys, option):
    """`retries=-1` ended in a traceback; `timeout=nan` failed every text; a negative backoff ignored Retry-After."""
    make_project(tmp_path)
    assert main(["translate", "--root", str(tmp_path), "--engine", "pseudo", "--engine-option", option]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"l10n: error: {option.split('=')[0]} must be"), err


def test_keyed_engines_refuse_to_start_without_keys(tmp_path, monkeypatch):
    for var in ("DEEPL_API_KEY", "L10N_DEEPL_API_KEY", "LIBRE_API_KEY", "L10N_LIBRE_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    cfg = make_project(tmp_path)
    with pytest.raises(L10nError, match="deepl needs api_key: set L10N_DEEPL_API_KEY / DEEPL_API_KEY"):
        translate(cfg, "deepl")
    with pytest.raises(L10nError, match="libre needs url="):
        translate(cfg, "libre")


# --- failures: the run survives and loses nothing -------------------------------------------


def test_429_then_200_is_retried(tmp_path):
    cfg = make_project(tmp_path)
    with FakeMT() as fake:
        fake.script = {"Hello": [429, 429]}
        report = translate(cfg, options=libre(fake))
        assert fake.sent().count("Hello") == 3
    assert report.locales[0].filled == 3 and entries(cfg)[(None, "Hello")].msgstr == "ko:HELLO"


def test_server_errors_retried_then_reported(tmp_path):
    cfg = make_project(tmp_path, msgids=("Flaky", "Broken", "Fine"))
    with FakeMT() as fake:
        fake.script = {"Flaky": [500], "Broken": [500] * 10}
        report = translate(cfg, options=libre(fake, retries="2"))
        assert fake.sent().count("Broken") == 3
    r = report.locales[0]
    assert r.filled == 2 and r.failed == [("Broken", "HTTP 500 server error")] and report.stopped is None
    got = entries(cfg)
    assert got[(None, "Flaky")].msgstr == "ko:FLAKY" and got[(None, "Broken")].msgstr == ""


def test_garbage_reply_is_not_retried_or_written(tmp_path):
    cfg = make_project(tmp_path)
    with FakeMT() as fake:
        fake.script = {"Hello": ["garbage"] * 5}
        report = translate(cfg, options=libre(fake))
        assert fake.sent().count("Hello") == 1
    [(msgid, why)] = report.locales[0].failed
    assert msgid == "Hello" and why.startswith("unusable reply")
    assert entries(cfg)[(None, "Hello")].msgstr == "" and report.locales[0].filled == 2


def test_google_page_without_result_is_reported(tmp_path):
    cfg = make_project(tmp_path)
    with FakeMT() as fake:
        fake.script = {"Hello": ["garbage"]}
        report = translate(cfg, "google", {"url": fake.url + "/m", **FAST})
    assert [m for m, _ in report.locales[0].failed] == ["Hello"] and report.locales[0].filled == 2


def test_hanging_server_times_out_and_retries(tmp_path):
    cfg = make_project(tmp_path)
    with FakeMT() as fake:
        fake.script = {"Hello": [("hang", 3)]}
        start = time.monotonic()
        report = translate(cfg, options=libre(fake), timeout=0.3)
        assert time.monotonic() - start < 2
        assert fake.sent().count("Hello") == 2
    assert report.locales[0].filled == 3


def test_refused_connection_trips_breaker_and_keeps_earlier_work(tmp_path):
    cfg = make_project(tmp_path, msgids=[f"Message {i}" for i in range(10)])
    with FakeMT() as fake:
        translate(cfg, options=libre(fake), limit=2)
    saved = cfg.po_path("ko").read_bytes()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/"
    report = translate(cfg, options={**FAST, "url": closed, "retries": "1", "concurrency": "1"})
    assert "3 failures in a row" in report.stopped and "cannot connect to 127.0.0.1" in report.stopped
    assert len(report.locales[0].failed) == 3  # the rest was never tried
    assert cfg.po_path("ko").read_bytes() == saved
    assert sum(1 for e in entries(cfg).values() if e.msgstr) == 2


def test_rejected_key_stops_at_once(tmp_path):
    cfg = make_project(tmp_path, msgids=[f"Message {i}" for i in range(6)])
    with FakeMT() as fake:
        fake.script = {"Message": [403] * 6}
        report = translate(cfg, options=libre(fake, api_key="bad-key", concurrency="1"))
        assert len(fake.requests) == 1
    assert "libre refused access (HTTP 403); check L10N_LIBRE_API_KEY" in report.stopped and "bad-key" not in report.stopped


def test_lost_or_invented_placeholders_are_not_written(tmp_path):
    cfg = make_project(tmp_path, msgids=(TAGGED, "Go <b>now</b>", "Hello"))
    with FakeMT() as fake:
        fake.script = {"Soyuz": ["drop_tokens"], "now": ["spaced_tokens"]}
        report = translate(cfg, options=libre(fake))
    r = report.locales[0]
    assert [(m, "missing placeholder" in why) for m, why in r.rejected] == [(TAGGED, True)]
    got = entries(cfg)
    assert got[(None, TAGGED)].msgstr == "" and not got[(None, TAGGED)].fuzzy
    assert got[(None, "Go <b>now</b>")].msgstr == "ko:GO <b>NOW</b>"  # full-width, spaced tokens restored


def test_unservable_locale_is_refused_before_sending(tmp_path):
    cfg = make_project(tmp_path, locales=("ko", "zh_TW"))
    with FakeMT() as fake:
        with pytest.raises(L10nError, match=r"libre cannot translate into zh_TW.*opencc"):
            translate(cfg, options=libre(fake))
        assert fake.requests == []


def test_dry_run_sends_and_writes_nothing(tmp_path, capsys):
    cfg = make_project(tmp_path)
    before = cfg.po_path("ko").read_bytes()
    with FakeMT() as fake:
        code = main(["translate", "--root", str(tmp_path), "--engine", "libre", "--dry-run",
                     "--engine-option", f"url={fake.url}/"])
        assert fake.requests == []
    assert code == 0 and cfg.po_path("ko").read_bytes() == before
    captured = capsys.readouterr()
    assert "ko\tRead about [X1X]Soyuz[X2X] at [X3X]ESA[X4X].[X5X]" in captured.out
    assert "entries to fill; would send" in captured.err  # (with --overwrite-fuzzy not all of them are empty)
    cache = cfg.locales_path / ".cache" / "mt.sqlite"
    assert not cache.parent.exists() or not any(cache.parent.glob("mt.sqlite*"))  # it made no cache either
    with FakeMT() as fake:  # a cache that exists is read, and left as it was
        translate(cfg, options=libre(fake), limit=1)
        po = polib.pofile(str(cfg.po_path("ko")))
        for e in po:
            e.msgstr, e.flags = "", []  # (so that the cached one is asked for again)
        po.save()
        snapshot = {p.name: p.read_bytes() for p in cache.parent.glob("mt.sqlite*")}
        report = translate(cfg, options=libre(fake), dry_run=True)
    assert report.locales[0].cached == 1 and {p.name: p.read_bytes() for p in cache.parent.glob("mt.sqlite*")} \
        == snapshot


def test_overwrite_fuzzy(tmp_path):
    cfg = make_project(tmp_path, msgids=(), extra=[dict(msgid="Hello", msgstr="old", flags=["fuzzy"],
                                                        tcomment=mt_comment("libre", "2026-11-01", ("old",))),
                                                   dict(msgid="Human", msgstr="사람")])
    with FakeMT() as fake:
        assert translate(cfg, options=libre(fake)).locales[0].candidates == 0
        translate(cfg, options=libre(fake), overwrite_fuzzy=True)
    got = entries(cfg)
    assert got[(None, "Hello")].msgstr == "ko:HELLO" and got[(None, "Hello")].flags == ["fuzzy"]
    assert got[(None, "Human")].msgstr == "사람"


def test_a_fuzzy_flag_over_no_translation_is_filled(tmp_path):
    """Another tool's file may flag an empty entry fuzzy; GNU gettext reads that as untranslated (msgfmt counts it
    so, msgmerge drops the flag): translate fills it without --overwrite-fuzzy."""
    cfg = make_project(tmp_path, msgids=())
    po = cfg.po_path("ko")
    po.write_text(po.read_text("utf-8") + '\n#, fuzzy\nmsgid "Hello"\nmsgstr ""\n', "utf-8")
    with FakeMT() as fake:
        assert translate(cfg, options=libre(fake)).locales[0].candidates == 1
    got = entries(cfg)[(None, "Hello")]
    assert got.msgstr == "ko:HELLO" and got.flags == ["fuzzy"] and got.tcomment.startswith("machine translation: libre")


def test_edit_made_during_the_run_is_kept(tmp_path):
    """Saves re-read the catalogue under its lock: a translator's edit made meanwhile wins."""
    import threading

    from toolkit.fsutil import locked

    cfg = make_project(tmp_path)
    with FakeMT() as fake:
        fake.hold_after = 0  # every request waits until the edit is made
        result = {}
        worker = threading.Thread(target=lambda: result.setdefault("r", translate(cfg, options=libre(fake))))
        worker.start()
        deadline = time.monotonic() + 30
        while not fake.requests and time.monotonic() < deadline:  # the run has read the catalogue
            time.sleep(0.01)
        with locked(cfg.po_path("ko")):
            po = polib.pofile(str(cfg.po_path("ko")))
            po.find("Hello").msgstr = "안녕하세요"
            po.save()
        fake.released.set()
        worker.join()
    got = entries(cfg)
    assert got[(None, "Hello")].msgstr == "안녕하세요" and not got[(None, "Hello")].fuzzy
    assert got[(None, "Open the door")].msgstr == "ko:OPEN THE DOOR"
    assert (result["r"].locales[0].filled, result["r"].locales[0].changed) == (2, 1)


def test_cli_translate_and_usage_errors(tmp_path, capsys, monkeypatch):
    for var in ("DEEPL_API_KEY", "L10N_DEEPL_API_KEY"):
        monkeypatch.delenv(var, raising=False)  # a real key must not make this test go online
    cfg = make_project(tmp_path)
    with FakeMT() as fake:
        args = ["translate", "--root", str(tmp_path), "--engine", "libre", "--timeout", "0.5",
                "--engine-option", f"url={fake.url}/", "--engine-option", "rate=0", "-l", "ko", "--limit", "2"]
        assert main(args) == 0
    assert sum(1 for e in entries(cfg).values() if e.msgstr) == 2
    assert "filled 2 of 2 with libre" in capsys.readouterr().err
    assert main(["translate", "--root", str(tmp_path), "--engine", "nope"]) == 2
    assert main(["translate", "--root", str(tmp_path), "--engine", "libre", "--engine-option", "url=x",
                 "--engine-option", "colour=blue"]) == 2
    assert main(["translate", "--root", str(tmp_path), "--engine", "deepl"]) == 2
    err = capsys.readouterr().err
    assert "unknown engine 'nope'" in err and "no option colour" in err and "L10N_DEEPL_API_KEY" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])  # SIGTERM: a cancelled CI job
def test_interrupted_run_keeps_work_and_resumes(tmp_path, signum):
    """SIGINT or SIGTERM to `python -m toolkit translate` mid-run: the catalogue keeps what was done."""
    msgids = [f"Sentence number {i}" for i in range(40)]
    cfg = make_project(tmp_path, msgids=msgids)
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    cmd = [sys.executable, "-m", "toolkit", "translate", "--root", str(tmp_path), "--engine", "libre",
           "--timeout", "5", "--concurrency", "2"]
    opts = ["rate=0", "save_every=2", "save_seconds=0.2"]
    with FakeMT() as fake:
        fake.hold_after = 8  # the rest wait: the stop lands mid-run however slow the machine's saves are
        proc = subprocess.Popen(cmd + [a for o in opts + [f"url={fake.url}/"] for a in ("--engine-option", o)],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done = [e for e in polib.pofile(str(cfg.po_path("ko"))) if e.msgstr]
            if len(done) >= 6:
                break
            time.sleep(0.05)
        proc.send_signal(signum)
        fake.released.set()  # the held requests may finish: they no longer count
        _, err = proc.communicate(timeout=20)
        assert proc.returncode == 130, err.decode()
        assert b"interrupted; finished work was saved" in err
        msgfmt_ok(cfg.po_path("ko"))
        kept = {e.msgid: e.msgstr for e in polib.pofile(str(cfg.po_path("ko"))) if e.msgstr}
        assert 6 <= len(kept) < 40
        assert all(kept[m] == f"ko:{m.upper()}" for m in kept)
        first_run = len(fake.requests)

        subprocess.run(cmd + ["--engine-option", f"url={fake.url}/", "--engine-option", "rate=0"],
                       cwd=ROOT, env=env, check=True, capture_output=True, timeout=30)
        resent = fake.sent()[first_run:]
    assert not set(resent) & set(kept)  # nothing that was done is sent again
    final = entries(cfg)
    assert all(final[(None, m)].msgstr == f"ko:{m.upper()}" and final[(None, m)].fuzzy for m in msgids)


def test_an_interrupted_run_does_not_wait_for_requests_in_flight(tmp_path):
    """After Ctrl-C the work was saved at once, but the process waited for the requests still out to answer or time
    out (the timeout, 20 s by default) before it exited."""
    cfg = make_project(tmp_path, msgids=[f"Sentence number {i}" for i in range(20)])
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    with FakeMT() as fake:
        fake.hold_after = 4  # the rest stay in flight until released
        proc = subprocess.Popen([sys.executable, "-m", "toolkit", "translate", "--root", str(tmp_path), "--engine",
                                 "libre", "--timeout", "60", "--concurrency", "2", "--engine-option", "rate=0",
                                 "--engine-option", "save_every=1", "--engine-option", f"url={fake.url}/"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len([e for e in polib.pofile(str(cfg.po_path("ko"))) if e.msgstr]) < 4:
            time.sleep(0.05)
        time.sleep(0.3)  # (the held requests are out)
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        try:
            _, err = proc.communicate(timeout=15)
        finally:
            fake.released.set()
    assert proc.returncode == 130 and time.monotonic() - started < 10, err.decode()
    assert b"interrupted; finished work was saved" in err and b"Traceback" not in err
    assert len([e for e in polib.pofile(str(cfg.po_path("ko"))) if e.msgstr]) >= 4
    msgfmt_ok(cfg.po_path("ko"))


# --- runner pieces -----------------------------------------------------------------------------


def test_requests_run_in_parallel_within_the_rate_limit(tmp_path):
    cfg = make_project(tmp_path, msgids=[f"Text {i}" for i in range(8)])
    with FakeMT(delay=0.2) as fake:
        translate(cfg, options=libre(fake), concurrency=8)
    assert fake.peak_in_flight >= 2  # requests overlap at the server (a wall-clock bound flaked on a loaded machine)
    (tmp_path / "serial").mkdir()
    serial = make_project(tmp_path / "serial", msgids=[f"Text {i}" for i in range(4)])
    with FakeMT(delay=0.05) as fake:
        translate(serial, options=libre(fake), concurrency=1)
    assert fake.peak_in_flight == 1 and len(fake.requests) == 4
    bucket, stop = TokenBucket(20), __import__("threading").Event()
    start = time.monotonic()
    for _ in range(11):
        bucket.acquire(stop)
    assert 0.45 < time.monotonic() - start < 1.5  # 10 intervals of 50 ms


def test_backoff_grows_with_jitter_and_honours_retry_after():
    p = Policy(backoff=1.0, max_backoff=8.0)
    assert 0.5 <= backoff_delay(p, 0) <= 1.0 and 2.0 <= backoff_delay(p, 2) <= 4.0
    assert backoff_delay(p, 10) <= 8.0 and backoff_delay(p, 0, retry_after=5) == 5


# --- masking and codes ---------------------------------------------------------------------------


def test_masking_round_trip_and_tolerance():
    m = mask("Tap <b>Save</b> if 1 < 2<br/>")
    assert m.text == "Tap [X1X]Save[X2X] if 1 < 2[X3X]"
    assert m.restore("[X1X]저장[X2X]을 누르세요 1 < 2[X3X]") == ("<b>저장</b>을 누르세요 1 < 2<br/>", [])
    assert m.restore("［Ｘ１Ｘ］保存[ x2x ] [X3X]")[0] == "<b>保存</b> <br/>"
    assert m.restore("[X2X]Save[X1X][X3X]")[1] == ["placeholders are not properly nested"]
    assert "unknown token(s) [X9X]" in m.restore("[X1X]a[X2X][X3X][X9X]")[1]
    assert m.hide("<b>저장</b> 1 < 2<br/>") == "[X1X]저장[X2X] 1 < 2[X3X]"
    assert mask("  padded ").restore("번역") == ("  번역 ", [])
    # a line break's token may go (`<br/>` is optional), but not come back rewritten as text the page would show
    line = mask("First line<br/>second line")
    assert line.restore("첫 줄 둘째 줄") == ("첫 줄 둘째 줄", [])
    for rewritten in ("[Y1Y]", "[Х1Х]", "[x 1 y]"):
        assert line.restore(f"첫 줄{rewritten}둘째 줄")[1] == [f"unknown token(s) {rewritten}"]
    assert mask("See [A1B] below").restore("아래 [A1B] 참조")[1] == []  # the source's own text


def test_template_code_goes_to_engines_as_one_token_each():
    """The pseudo engine (and real ones) rewrote `{{ user.name }}` into `{{ ûšéŕ.ñåṁé }}`, which the build published:
    each span of template code is a token, back as written; a reply that changes it is refused."""
    m = mask("Hi {{ user.name }}, see <b>{{ n }}</b> and <code>{{ x }}</code> {% if a %}now{% endif %}.")
    assert m.text == "Hi [X1X], see [X2X][X3X][X4X] and [X5X] [X6X]now[X7X]."
    assert m.originals[4] == "<code>{{ x }}</code>"
    assert m.restore("[X1X]님, [X2X][X3X][X4X] [X5X] [X6X]지금[X7X].") == (
        "{{ user.name }}님, <b>{{ n }}</b> <code>{{ x }}</code> {% if a %}지금{% endif %}.", [])
    assert m.restore("{{ 사용자 }}님, [X2X][X3X][X4X] [X5X] [X6X]지금[X7X].")[1] == [
        "reply changes the template code: {{ user.name }} {{ 사용자 }}"]


def test_e_mail_merge_tags_go_to_engines_as_one_token_each():
    """The pseudo engine rewrote a newsletter's `*|FNAME|*` into `*|ƑÑÅṀÉ|*` and `%%EXPIRY_DATE%%` into
    `%%ÉẊÞÎŔÝ_ÐÅŢÉ%%`, which the e-mail service then no longer filled in."""
    m = mask("Hi *|FNAME|*, it expires on %%EXPIRY_DATE%%.")
    assert m.text == "Hi [X1X], it expires on [X2X]."
    assert mask("Hi %recipient.first_name%, 20% off for %FIRSTNAME%.").text == "Hi [X1X], 20% off for [X2X]."
    assert m.restore("[X1X]さん、[X2X]に期限切れ。") == ("*|FNAME|*さん、%%EXPIRY_DATE%%に期限切れ。", [])


def test_code_keys_and_program_output_go_to_engines_as_one_token_each():
    """`Run <code>pip install fasttext</code>` came back as `<code>핍 설치 …</code>`: a code-like element (code, kbd,
    samp, numbered or not) with what it holds is one token, back exactly as written; other elements stay as tags."""
    src = "Run <code1>pip <b>install</b></code1>, then <code2>ls</code2>: press <kbd>n</kbd> and <a>see <samp>OK</samp></a>."
    m = mask(src)
    assert m.text == "Run [X1X], then [X2X]: press [X3X] and [X4X]see [X5X][X6X]."
    assert m.originals[0] == "<code1>pip <b>install</b></code1>" and m.originals[4] == "<samp>OK</samp>"
    assert m.restore("[X3X]를 누르고 [X4X][X5X] 보기[X6X] 전에 [X1X], [X2X] 실행.") == (
        "<kbd>n</kbd>를 누르고 <a><samp>OK</samp> 보기</a> 전에 <code1>pip <b>install</b></code1>, <code2>ls</code2> 실행.",
        [])
    assert "missing placeholder(s) </code2> <code2>" in m.restore("[X1X] [X3X] [X4X][X5X][X6X]")[1]
    # a reviewed translation (memory, opencc) in token space: the code as the source has it is one token; code the
    # translator changed keeps its tags, which are the unit's own (the restored text has no problem)
    nested = mask("Type <code>pip</code> then <b>go</b>")
    assert nested.hide("<b>가</b> 다음 <code>pip</code> 입력") == "[X2X]가[X3X] 다음 [X1X] 입력"
    changed = nested.hide("<b>가</b> 다음 <code>핍</code> 입력")
    assert changed == "[X2X]가[X3X] 다음 <code>핍</code> 입력" and nested.restore(changed)[1] == []
    assert mask("<var>n</var> and <em>x</em>").text == "[X1X]n[X2X] and [X3X]x[X4X]"  # a variable is words


def test_an_engine_never_sees_inline_code(tmp_path):
    msgid = "Install it with <code>pip install fasttext</code> and press <kbd>Enter</kbd>."
    cfg = make_project(tmp_path, msgids=(msgid,))
    with FakeMT() as fake:
        report = translate(cfg, options=libre(fake))
    assert report.locales[0].filled == 1
    assert fake.sent() == ["Install it with [X1X] and press [X2X]."]
    assert entries(cfg)[(None, msgid)].msgstr == "ko:INSTALL IT WITH <code>pip install fasttext</code> AND PRESS " \
                                                 "<kbd>Enter</kbd>."
    assert translate(cfg, "pseudo").locales[0].filled == 0  # (filled already: pseudo below, on a new project)
    (tmp_path / "pseudo").mkdir()
    cfg = make_project(tmp_path / "pseudo", msgids=(msgid,))
    translate(cfg, "pseudo")
    assert "<code>pip install fasttext</code>" in entries(cfg)[(None, msgid)].msgstr


@pytest.mark.parametrize("engine, codes", [
    ("google", {"ko": "ko", "ja": "ja", "zh_CN": "zh-CN", "zh_TW": "zh-TW", "en": "en"}),
    ("mymemory", {"ko": "ko-KR", "ja": "ja-JP", "zh_CN": "zh-CN", "zh_TW": "zh-TW", "en": "en-US"}),
    ("libre", {"ko": "ko", "ja": "ja", "zh_CN": "zh", "zh_TW": None, "en": "en"}),
    ("deepl", {"ko": "KO", "ja": "JA", "zh_CN": "ZH-HANS", "zh_TW": "ZH-HANT", "en": "EN-US"}),
    ("microsoft", {"ko": "ko", "ja": "ja", "zh_CN": "zh-Hans", "zh_TW": "zh-Hant", "en": "en"}),
    ("papago", {"ko": "ko", "ja": "ja", "zh_CN": "zh-CN", "zh_TW": "zh-TW", "en": "en"}),
    ("baidu", {"ko": "kor", "ja": "jp", "zh_CN": "zh", "zh_TW": "cht", "en": "en"}),
])
def test_engine_codes(engine, codes):
    assert {loc: engine_code(engine, loc) for loc in codes} == codes
    assert engine_code("deepl", "en", "source") == "EN" and engine_code("deepl", "zh_TW", "source") == "ZH"


@pytest.mark.parametrize("engine, codes", [
    # sr_Latn is sr@latin: never the bare "sr" (Cyrillic) for a Latin-script catalogue
    ("google", {"sr_Latn": None, "sr@latin": None, "sr": "sr", "sr_Cyrl": "sr", "nb": "no", "pt_PT": "pt-PT",
                "pt_BR": "pt", "fr_CA": "fr-CA", "ca@valencia": None, "zh_Hant": "zh-TW", "zh_Hans_HK": "zh-CN"}),
    ("mymemory", {"sr_Latn": "sr-Latn-RS", "sr@latin": "sr-Latn-RS", "sr": "sr-Cyrl-RS", "pt_PT": "pt-PT",
                  "ca@valencia": "cav-ES", "bs_Cyrl": "bs-Cyrl-BA", "bs": "bs-BA", "uz_Cyrl": None}),
    # Microsoft: Serbian only with a script, pt is Brazilian (pt-pt), fr European (fr-ca); no modifier passed on
    ("microsoft", {"sr_Latn": "sr-Latn", "sr@latin": "sr-Latn", "sr": "sr-Cyrl", "pt_PT": "pt-pt", "pt_BR": "pt",
                   "fr_CA": "fr-ca", "ca@valencia": None, "bs_Cyrl": None, "nb": "nb"}),
    ("libre", {"pt_PT": "pt", "pt_BR": "pb", "sr@latin": None}),  # LibreTranslate: pt is Portugal's, pb Brazil's
    ("deepl", {"sr_Latn": None, "pt_PT": "PT-PT", "pt_BR": "PT-BR"}),
    ("baidu", {"sr_Latn": None, "ca@valencia": None, "pt_PT": "pt"}),
])
def test_engine_codes_keep_script_region_and_variety(engine, codes):
    """sr_Latn became google "sr", mymemory "sr-Cyrl-RS" and microsoft "sr": Cyrillic for a Latin catalogue;
    microsoft was sent "sr@latin" and "ca@valencia", and "pt" (Brazilian) for pt_PT; google had no code for nb."""
    assert {loc: engine_code(engine, loc) for loc in codes} == codes


def test_an_engine_without_the_script_asked_for_refuses_in_one_line(tmp_path):
    cfg = make_project(tmp_path, locales=("sr_Latn",), msgids=("Hello",))
    with pytest.raises(L10nError) as exc:
        translate(cfg, "google", {"url": "http://127.0.0.1:9/m"}, locales=["sr_Latn"])
    assert exc.value.message == ("engine google cannot translate into sr_Latn: it has sr only in its usual form, "
                                 "not in the Latn script; use mymemory or microsoft (or pass --engine-option "
                                 "target=CODE if your service has it)")


# --- offline engines ------------------------------------------------------------------------------


def test_pseudo_expands_accents_and_keeps_placeholders(tmp_path):
    cfg = make_project(tmp_path)
    report = translate(cfg, "pseudo")
    assert report.locales[0].filled == 3
    tagged = entries(cfg)[(None, TAGGED)]
    text = tagged.msgstr
    assert text.startswith("[!! ") and text.endswith(" !!]") and tagged.fuzzy
    assert [t for t in ("<a>", "</a>", "<b>", "</b>", "<br/>") if t in text] == ["<a>", "</a>", "<b>", "</b>", "<br/>"]
    assert "Ŕéåð åƀöûţ <a>Šöýûž</a>" in text
    visible = lambda s: len(s.replace("<a>", "").replace("</a>", "").replace("<b>", "").replace("</b>", "").replace("<br/>", ""))  # noqa: E731
    assert visible(text) >= 1.4 * visible(TAGGED)
    assert tagged.tcomment == mt_comment("pseudo", TODAY, (text,))


def test_pseudo_does_not_accent_a_letter_that_has_a_combining_mark():
    """NFD "Cafe\u0301" came back as "Çåƒé\u0301": a second accent on the é the source spells as e + U+0301."""
    from toolkit.mt.offline import Pseudo

    text = Pseudo.pseudo("Cafe\u0301 nai\u0308ve")
    assert "Çåƒe\u0301 ñåi\u0308ṽé" in text
    assert not any(unicodedata.combining(b) and not a.isascii() for a, b in pairwise(text))


def test_pseudo_keeps_custom_element_placeholders():
    """`<relative-time>` came back as `<ŕéļåţîṽé-ţîṁé>`: the masking read a hyphenated placeholder as text."""
    from toolkit.mt.masking import mask
    from toolkit.mt.offline import Pseudo

    masked = mask("Updated <relative-time>May 1</relative-time> near <st1:place>Kourou</st1:place>.")
    assert "relative" not in masked.text and "place" not in masked.text  # what an engine is sent
    text, problems = masked.restore(Pseudo.pseudo(masked.text))
    assert not problems
    assert "<relative-time>Ṁåý 1</relative-time>" in text and "<st1:place>Ķöûŕöû</st1:place>" in text


def test_pseudo_keeps_urls_and_addresses():
    """A translation keeps URLs and e-mail addresses (the urls check is an error), so pseudo-localisation does:
    `check --include-fuzzy` after `translate --engine pseudo` found every URL "altered"."""
    from toolkit.checks.links import check_urls
    from toolkit.mt.offline import Pseudo

    src = "Server at http://127.0.0.1:3000/, see <a>https://nodejs.org/en/docs</a> or mail ops@example.org."
    text = Pseudo.pseudo(src)
    assert "http://127.0.0.1:3000/," in text and "https://nodejs.org/en/docs" in text and "ops@example.org." in text
    assert "Šéŕṽéŕ åţ" in text and "ṁåîļ" in text
    assert list(check_urls(src, text, None)) == []


def test_pseudo_keeps_a_number_word_the_numbers_check_reads():
    """"10 million" accented to "10 ṁîļļîöñ" read as 10 to the numbers check: one error per preview."""
    from toolkit.checks.numbers import check_numbers
    from toolkit.checks.registry import Context
    from toolkit.mt.offline import Pseudo

    src = "Over 10 million users and 2.5 billion downloads, a £4.2m budget"
    text = Pseudo.pseudo(src)
    assert "10 million" in text and "2.5 billion" in text and "£4.2m" in text and "Öṽéŕ" in text
    assert list(check_numbers(src, text, Context("ko"))) == []


def test_opencc_converts_reviewed_zh_cn(tmp_path):
    cfg = make_project(tmp_path, locales=("zh_CN", "zh_TW"), msgids=("Software <b>info</b>", "Mouse", "Untranslated"))
    po = polib.pofile(str(cfg.po_path("zh_CN")))
    for e in po:
        e.msgstr = {"Software <b>info</b>": "软件<b>信息</b>", "Mouse": "鼠标"}.get(e.msgid, "")
    po.find("Mouse").flags = ["fuzzy"]  # not reviewed: not used
    po.save()
    report = translate(replace(cfg, locales=["zh_TW"]), "opencc")
    got = entries(cfg, "zh_TW")
    assert got[(None, "Software <b>info</b>")].msgstr == "軟體<b>資訊</b>"
    assert got[(None, "Software <b>info</b>")].fuzzy
    assert got[(None, "Software <b>info</b>")].tcomment == mt_comment("opencc s2twp from zh_CN", TODAY, ("軟體<b>資訊</b>",))
    assert got[(None, "Mouse")].msgstr == "" and report.locales[0].no_match == 2
    with pytest.raises(L10nError, match="opencc converts reviewed zh_CN into zh_TW"):
        translate(replace(cfg, locales=["zh_CN"]), "opencc")


def test_memory_exact_and_fuzzy_matches(tmp_path):
    cfg = make_project(tmp_path, msgids=("Save the <b>file</b>", "Save the <b>files</b> now", "Unrelated words"))
    other = cfg.locales_path / "ko" / "LC_MESSAGES" / "other.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Save the <i>file</i>", msgstr="<i>파일</i> 저장"))
    po.append(polib.POEntry(msgid="Unrelated words", msgstr="guess", flags=["fuzzy"]))
    po.save(str(other))
    report = translate(cfg, "memory")
    got = entries(cfg)
    exact = got[(None, "Save the <b>file</b>")]
    assert exact.msgstr == "<b>파일</b> 저장" and exact.fuzzy  # same masked text: placeholders renamed
    assert exact.tcomment == mt_comment("memory 100%", TODAY, ("<b>파일</b> 저장",))
    near = got[(None, "Save the <b>files</b> now")]
    assert near.msgstr == "<b>파일</b> 저장" and near.tcomment == mt_comment("memory 90%", TODAY, ("<b>파일</b> 저장",))
    assert got[(None, "Unrelated words")].msgstr == "" and report.locales[0].no_match == 1


def test_memory_finds_a_long_edited_paragraph_at_once(tmp_path):
    """A long text's closest memory entry is found pair by pair, their common start and end dropped (`closest`):
    rapidfuzz's cached scorer took 10 s to compare these 300 KB paragraphs, which differ in a few words."""
    import time

    words = " ".join(f"word{i % 997}" for i in range(40_000))
    edited = words[:150_000] + " an edit " + words[150_050:]
    others = [" ".join(f"other{i % 991}x{k}" for i in range(36_000)) for k in range(4)]
    cfg = make_project(tmp_path, msgids=(edited,))
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for k, text in enumerate([*others, words]):
        po.append(polib.POEntry(msgid=text, msgstr=text.upper() + f" {k}"))
    po.save(str(cfg.locales_path / "ko" / "LC_MESSAGES" / "other.po"))
    started = time.process_time()
    translate(cfg, "memory")
    assert time.process_time() - started < 2.0
    got = entries(cfg)[(None, edited)]
    assert got.msgstr == words.upper() + " 4" and got.fuzzy and "memory 99%" in got.tcomment


# --- hygiene: what is cached, what is refused, what is masked ----------------------------------


def cache_rows(cfg) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(cache_path(cfg.cache_path)) as db:
        return db.execute("SELECT engine, identity, text, reply FROM mt ORDER BY text").fetchall()


def test_rejected_replies_are_neither_written_nor_cached(tmp_path):
    cfg = make_project(tmp_path, msgids=(TAGGED, "Hello", "Open the door", "Fine"))
    with FakeMT() as fake:
        fake.script = {"Soyuz": ["drop_tokens"], "Hello": ["control"], "Open": ["huge"]}
        report = translate(cfg, options=libre(fake))
        r = report.locales[0]
        why = dict(r.rejected)
        assert "missing placeholder" in why[TAGGED]
        assert why["Hello"] == "reply contains control character(s) U+0000 U+001B"
        assert why["Open the door"].startswith("reply too long (100016 characters for a 13-character text; limit 1130)")
        assert r.filled == 1 and "3 rejected" in report.summary()[0]
        assert [text for _, _, text, _ in cache_rows(cfg)] == ["Fine"]  # only the good reply is cached
        got = entries(cfg)
        assert all(got[(None, m)].msgstr == "" for m in (TAGGED, "Hello", "Open the door"))
        assert not any("\x1b" in line for line in report.warnings())  # repr() shows escapes, not raw bytes

        fake.requests.clear()  # the next run asks again for what was refused, not for what was cached
        report = translate(cfg, options=libre(fake))
        assert sorted(fake.sent()) == sorted([mask(TAGGED).text, "Hello", "Open the door"])
    assert report.locales[0].filled == 3 and entries(cfg)[(None, "Hello")].msgstr == "ko:HELLO"


def test_cache_key_has_endpoint_and_output_options_but_no_secrets(tmp_path, monkeypatch):
    cfg = make_project(tmp_path, msgids=("Hello",))
    with FakeMT() as fake:
        port_url = fake.url + "/"
        translate(cfg, options=libre(fake, api_key="k3y-secret"))
        assert len(fake.requests) == 1
        # same endpoint (credentials do not change the output): answered from the cache
        userinfo_url = port_url.replace("http://", "http://user:pw0rd@")
        translate(cfg, options={**FAST, "url": userinfo_url}, overwrite_fuzzy=True)
        assert len(fake.requests) == 1
        # another endpoint: asked again
        report = translate(cfg, options={**FAST, "url": port_url + "v2/"}, overwrite_fuzzy=True)
        assert len(fake.requests) == 2 and report.locales[0].cached == 0

        monkeypatch.setenv("L10N_DEEPL_API_KEY", "d33pl-secret")
        deepl = {**FAST, "url": fake.url + "/v2"}
        for formality, sent in (("less", 3), ("less", 3), ("more", 4), (None, 5)):
            options = {**deepl, "formality": formality} if formality else deepl
            translate(cfg, "deepl", options, overwrite_fuzzy=True)
            assert len(fake.requests) == sent, formality
        assert [r["params"].get("formality") for r in fake.requests[2:]] == ["less", "more", None]
    identities = {identity for _, identity, _, _ in cache_rows(cfg)}
    assert identities == {f"libre url={port_url}", f"libre url={port_url}v2/", f"deepl url={fake.url}/v2",
                          f"deepl formality=less url={fake.url}/v2", f"deepl formality=more url={fake.url}/v2"}
    stored = cache_path(cfg.cache_path).read_bytes()
    assert not any(secret in stored for secret in (b"k3y-secret", b"pw0rd", b"d33pl-secret"))


def test_secrets_are_masked_in_every_message_and_keys_on_the_command_line_warned(tmp_path, capsys):
    cfg = make_project(tmp_path, msgids=[f"Message {i}" for i in range(4)])
    with FakeMT() as fake:
        fake.script = {"Message 0": [400], "Message": [403] * 4}
        url = fake.url.replace("http://", "http://admin:hunter2pw@") + "/"
        code = main(["translate", "--root", str(tmp_path), "--engine", "libre", "--timeout", "2", "--concurrency", "1",
                     "--engine-option", f"url={url}", "--engine-option", "api_key=cl1-k3y-value",
                     *[a for k, v in FAST.items() for a in ("--engine-option", f"{k}={v}")]])
        assert fake.requests[0]["api_key"] == "cl1-k3y-value"  # it was used…
    err = capsys.readouterr().err
    assert code == 2 and "refused access" in err
    assert "api_key given on the command line" in err and "set L10N_LIBRE_API_KEY in the environment" in err
    assert "hunter2pw" not in err and "cl1-k3y-value" not in err  # …and never shown
    # errors raised for options are masked too
    with pytest.raises(L10nError) as exc:
        translate(cfg, options={"url": url, "rate": url})
    assert "hunter2pw" not in str(exc.value) and "http://***@127.0.0.1" in str(exc.value)
    # the one masking function
    from toolkit.mt.redact import redact

    assert redact("GET https://u:p@h:1/x and ftp://a@b/ with k3y", ["k3y"]) == "GET https://***@h:1/x and ftp://***@b/ with ***"
    assert redact("mail me at a@b.example, see http://h/@x") == "mail me at a@b.example, see http://h/@x"


def test_a_short_key_is_masked_where_it_is_sent_not_inside_words(tmp_path):
    """With api_key=x every "x" in every message was masked: the summary said "would send 1 te***t(s)"."""
    from toolkit.mt.redact import redact

    cfg = make_project(tmp_path, msgids=("Hello",))
    report = translate(cfg, options={"url": "http://127.0.0.1:9/", "api_key": "x"}, dry_run=True)
    assert "would send 1 text(s) to libre" in report.summary()[0]
    assert redact('texts: GET /t?api_key=x&q=x-ray "x" Bearer x', ["x"]) == 'texts: GET /t?api_key=***&q=x-ray "***" Bearer ***'
    assert redact("echoed: zzSECRET-42-LONGzz", ["SECRET-42-LONG"]) == "echoed: zz***zz"  # a long one anywhere


def test_control_characters_the_source_has_are_kept_and_quoted_escaped(tmp_path):
    """`translate --engine pseudo` refused its own reply for a msgid holding U+0001 and U+0085 ("reply contains
    control character(s)"): they were the source's; and the warning quoting a msgid dropped its U+0085."""
    raw = "Raw \x01 and \x85 controls."
    cfg = make_project(tmp_path, msgids=(raw,))
    report = translate(cfg, "pseudo")
    assert report.locales[0].filled == 1 and not report.warnings()
    assert "\x01" in entries(cfg)[(None, raw)].msgstr and "\x85" in entries(cfg)[(None, raw)].msgstr
    (tmp_path / "online").mkdir()
    cfg = make_project(tmp_path / "online", msgids=(raw,))
    with FakeMT() as fake:
        fake.script = {"Raw": ["control"]}  # a NUL and an escape the source does not have: refused
        report = translate(cfg, options=libre(fake))
    assert report.locales[0].rejected == [(raw, "reply contains control character(s) U+0000 U+001B")]
    assert report.warnings()[0].endswith(r"'Raw \x01 and \x85 controls.': reply contains control character(s) "
                                         "U+0000 U+001B")


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="no time.tzset")
def test_the_machine_translation_note_names_the_utc_day_in_every_time_zone(tmp_path):
    """The note's date was the local day while the headers' are UTC: at 22:59 UTC a run in Kiritimati wrote the next
    day.  At any moment UTC+14 and UTC-11 have different days, so the old local date differed in one of them."""
    from datetime import UTC, datetime

    from toolkit.catalog.status import mt_note

    for zone in ("KIR-14", "SST+11"):  # (POSIX zones: no time zone database needed)
        (tmp_path / zone).mkdir()
        cfg = make_project(tmp_path / zone)
        old = os.environ.get("TZ")
        os.environ["TZ"] = zone
        time.tzset()
        try:
            before = datetime.now(UTC).date().isoformat()
            translate_catalogs(cfg, engine="pseudo", progress=False)
            after = datetime.now(UTC).date().isoformat()
        finally:
            if old is None:
                del os.environ["TZ"]
            else:
                os.environ["TZ"] = old
            time.tzset()
        notes = {mt_note(e).date for e in polib.pofile(str(cfg.po_path("ko"))) if e.msgid}  # type: ignore[union-attr]
        assert notes in ({before}, {after}), zone


def test_the_cache_is_made_with_the_umask_s_mode(tmp_path):
    """SQLite makes a database 0o644 less the umask: under a shared checkout's umask 002 the group could not write the
    cache one of them made (every other file is 0o666 less the umask)."""
    from toolkit.mt.cache import Cache

    path = cache_path(tmp_path)
    old = os.umask(0o002)
    try:
        cache = Cache(path)
        cache.put("pseudo", "id", "en", "ko", "Hello", "안녕")
    finally:
        os.umask(old)
    assert cache.warnings == [] and cache.get("id", "en", "ko", "Hello") == "안녕"
    modes = {p.name: p.stat().st_mode & 0o777 for p in path.parent.iterdir()}
    cache.close()
    assert modes["mt.sqlite"] == 0o664 and set(modes.values()) == {0o664}


def test_corrupt_or_foreign_cache_is_set_aside_with_one_warning(tmp_path, capsys):
    import sqlite3

    cfg = make_project(tmp_path)
    path = cache_path(cfg.cache_path)
    path.parent.mkdir(parents=True)
    args = ["translate", "--root", str(tmp_path), "--engine", "libre", "--timeout", "2", "--overwrite-fuzzy",
            *[a for k, v in FAST.items() for a in ("--engine-option", f"{k}={v}")]]
    with FakeMT() as fake:
        args += ["--engine-option", f"url={fake.url}/"]
        path.write_bytes(b"this is not a database, just junk " * 100)
        assert main(args) == 0
        err = capsys.readouterr().err
        assert "Traceback" not in err
        [warning] = [line for line in err.splitlines() if "warning" in line]
        assert "moved aside to mt.sqlite.corrupt, starting a fresh one" in warning
        assert path.with_name("mt.sqlite.corrupt").read_bytes().startswith(b"this is not a database")
        assert len(cache_rows(cfg)) == 3  # the fresh cache works

        path.unlink()
        with sqlite3.connect(path) as db:  # an older layout
            db.execute("CREATE TABLE mt (engine TEXT, source TEXT, target TEXT, text TEXT, reply TEXT, created TEXT)")
        db.close()
        sent = len(fake.requests)
        assert main(args) == 0
        assert "has another layout" in capsys.readouterr().err and len(fake.requests) == sent + 3
        assert len(cache_rows(cfg)) == 3
        # the memory engine reads a corrupt cache as empty too
        path.write_bytes(b"junk" * 1000)
        report = translate(cfg, "memory")
        assert any("moved aside" in w for w in report.warnings()) and report.locales[0].candidates == 0


def test_unwritable_cache_translates_without_it(tmp_path):
    cfg = make_project(tmp_path)
    cache_dir = cache_path(cfg.cache_path).parent
    cache_dir.write_text("a file where the cache directory should be")
    with FakeMT() as fake:
        report = translate(cfg, options=libre(fake))
    assert report.locales[0].filled == 3
    assert [w for w in report.warnings() if "translation cache not usable" in w and "without it" in w]
    # SQLite cannot open it (here: a directory in its place; likewise a read-only file): not set aside
    cache_dir.unlink()
    cache_path(cfg.cache_path).mkdir(parents=True)
    with FakeMT() as fake:
        report = translate(cfg, options=libre(fake), overwrite_fuzzy=True)
    assert report.locales[0].filled == 3 and cache_path(cfg.cache_path).is_dir()
    assert [w for w in report.warnings() if "translation cache not usable (unable to open database file)" in w]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_cache_directory_translates_without_it(tmp_path):
    cfg = make_project(tmp_path)
    cache_dir = cache_path(cfg.cache_path).parent
    cache_dir.mkdir()
    cache_dir.chmod(0o555)
    try:
        with FakeMT() as fake:
            report = translate(cfg, options=libre(fake))
    finally:
        cache_dir.chmod(0o755)
    assert report.locales[0].filled == 3 and any("translation cache not usable" in w for w in report.warnings())


# --- structure: a registry of engines over a small interface ---------------------------------------


def test_registry_names_resolve_to_engines_and_feed_the_cli_help(capsys):
    import importlib

    from toolkit.mt.engine import Engine
    from toolkit.mt.registry import ENGINES, NAMES

    for name in NAMES:
        module, _, attr = ENGINES[name].partition(":")
        cls = getattr(importlib.import_module(module), attr)
        assert issubclass(cls, Engine) and cls.name == name
    with pytest.raises(SystemExit):
        main(["translate", "--help"])
    assert ", ".join(NAMES) in " ".join(capsys.readouterr().out.split())


def test_runner_knows_only_the_engine_interface():
    """The runner imports neither deep-translator nor requests; offline engines import no online code."""
    code = ("import sys, toolkit.mt.runner, toolkit.mt.offline, toolkit.mt.registry; "
            "print(sorted(m for m in ('deep_translator', 'requests', 'toolkit.mt.deep') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_split_text_takes_linear_time_over_flags():
    """A run of flags was counted back to the text's start for every place a piece might end: 400 KB took 3.8 s,
    four times as long for each doubling (1.6 million code points: about a minute)."""
    from toolkit.mt.engine import split_text

    flags = "\U0001f1ef\U0001f1f5" * 800_000
    started = time.perf_counter()
    pieces = split_text(flags, 5000)
    assert "".join(pieces) == flags and all(len(p) % 2 == 0 for p in pieces)
    assert time.perf_counter() - started < 10
