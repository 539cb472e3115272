"""The llm engine over real HTTP against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import time
from typing import ClassVar

import polib
import pytest
from test_mt import FAST, TAGGED, entries, expected, make_project, msgfmt_ok, translate
from test_mt_fakes import FakeChat

from toolkit.config import load_config
from toolkit.errors import L10nError
from toolkit.mt.engine import FAIL, Failure, Reply, Request
from toolkit.mt.llm import PROMPT_VERSION, parse_items
from toolkit.mt.runner import Policy, run


def llm(fake: FakeChat, **more) -> dict:
    return {"base_url": fake.url, "model": "test-model", **FAST, **more}


@pytest.fixture(autouse=True)
def no_key(monkeypatch):
    monkeypatch.delenv("L10N_LLM_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


def test_batches_fill_every_entry_fuzzy_with_the_model_named(tmp_path):
    msgids = [TAGGED, "Hello", "Open the door", "Close the door", "Mind the gap"]
    cfg = make_project(tmp_path, msgids=msgids)
    with FakeChat() as fake:
        report = translate(cfg, "llm", llm(fake, batch="2"))
    assert sorted(len(b) for b in fake.sent_texts()) == [1, 2, 2]
    body = next(b for b in fake.bodies if "Soyuz" in b["messages"][-1]["content"])
    assert body["model"] == "test-model" and body["temperature"] == 0
    assert body["response_format"] == {"type": "json_object"}
    assert "[X1X]" in body["messages"][0]["content"] and "Korean" in body["messages"][0]["content"]
    got = entries(cfg)
    for msgid in msgids:
        assert got[(None, msgid)].msgstr == expected(msgid), msgid
        assert got[(None, msgid)].fuzzy
        assert "machine translation: llm test-model (" in got[(None, msgid)].tcomment
    assert report.locales[0].filled == 5 and not report.problems
    msgfmt_ok(cfg.po_path("ko"))


def test_partly_bad_batch_keeps_good_items_and_retries_the_rest_alone(tmp_path):
    msgids = [TAGGED, "Hello", "Open the door", "Forgotten"]
    cfg = make_project(tmp_path, msgids=msgids)
    with FakeChat() as fake:
        fake.bad = {"Soyuz": "drop_tokens", "Forgotten": "omit"}  # bad in the batch, fine alone
        report = translate(cfg, "llm", llm(fake, batch="4"))
    sent = fake.sent_texts()
    assert len(sent[0]) == 4 and sorted(map(len, sent[1:])) == [1, 1]
    assert sorted(t[0] for t in sent[1:]) == sorted(["Forgotten", "Read about [X1X]Soyuz[X2X] at [X3X]ESA[X4X].[X5X]"])
    got = entries(cfg)
    assert all(got[(None, m)].msgstr == expected(m) for m in msgids)
    assert not report.problems


def test_item_bad_even_alone_is_rejected_and_the_rest_written(tmp_path):
    cfg = make_project(tmp_path, msgids=[TAGGED, "Hello"])
    with FakeChat() as fake:
        fake.bad = {"Soyuz": "always:drop_tokens"}
        report = translate(cfg, "llm", llm(fake))
    got = entries(cfg)
    assert got[(None, "Hello")].msgstr == expected("Hello")
    assert got[(None, TAGGED)].msgstr == ""
    assert len(fake.bodies) == 2  # the batch, then the bad one alone once: bad alone is not retried again
    assert report.problems == 1 and "missing placeholder" in report.warnings()[0]


def test_replies_bad_even_alone_are_rejected_not_failures_that_stop_the_run(tmp_path):
    """A model that keeps dropping the tokens of some units: each such reply is rejected as any engine's is
    ("engine reply not written"), and more of them in a row than the breaker allows do not stop the run."""
    tagged = [f"Read about <a>Soyuz {i}</a> at <b>ESA</b>.<br/>" for i in range(5)]  # FAST's breaker is 3
    cfg = make_project(tmp_path, msgids=[*tagged, "Hello"])
    with FakeChat() as fake:
        fake.bad = {"Soyuz": "always:drop_tokens"}
        report = translate(cfg, "llm", llm(fake, batch="1", concurrency="1"))
    got = entries(cfg)
    assert got[(None, "Hello")].msgstr == expected("Hello")
    assert all(got[(None, m)].msgstr == "" for m in tagged)
    loc = report.locales[0]
    assert len(loc.rejected) == 5 and not loc.failed and report.stopped is None
    assert all("engine reply not written" in w and "missing placeholder" in w for w in report.warnings()[:5])


def test_429_with_retry_after_is_waited_for_then_retried(tmp_path):
    cfg = make_project(tmp_path, msgids=["Hello", "Open the door"])
    with FakeChat(retry_after=0.4) as fake:
        fake.script = [429]
        started = time.monotonic()
        report = translate(cfg, "llm", llm(fake, max_backoff="5"))
        elapsed = time.monotonic() - started
    assert len(fake.bodies) == 2 and elapsed >= 0.4
    assert all(e.msgstr for e in entries(cfg).values() if e.msgid)
    assert not report.problems


def test_context_notes_and_glossary_are_in_the_request(tmp_path):
    extra = [
        {"msgid": "Soyuz lifts off", "msgstr": "", "occurrences": [("src/launch.html", "12")],
         "comment": "Headline of the launch report"},
        {"msgid": "Launch", "msgctxt": "button", "msgstr": "", "occurrences": [("src/launch.html", "14")]},
        {"msgid": "The countdown starts.", "msgstr": "", "occurrences": [("src/launch.html", "10")]},
    ]
    cfg = make_project(tmp_path, msgids=[], extra=extra)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "launch.html").write_text("<html><head><title>Soyuz &amp; Ariane</title></head>", "utf-8")
    (tmp_path / "glossary.txt").write_text("Soyuz | ko: 소유스\nESA\n", "utf-8")
    with FakeChat() as fake:
        translate(cfg, "llm", llm(fake, concurrency="1"))
    payload = json.loads(fake.bodies[0]["messages"][-1]["content"])
    assert payload["page_title"] == "Soyuz & Ariane"
    assert payload["glossary"] == [{"term": "Soyuz", "renderings": ["소유스"]}]  # ESA is in no unit
    units = {u["text"]: u for u in payload["units"]}
    assert units["Soyuz lifts off"]["notes"] == ["Headline of the launch report"]
    assert units["Soyuz lifts off"]["before"] == "The countdown starts."
    assert units["Soyuz lifts off"]["after"] == "Launch"
    assert units["Launch"]["context"] == "button"


def test_a_glossary_named_in_pyproject_is_the_projects_wherever_the_command_runs(tmp_path, monkeypatch):
    """`[tool.l10n.llm] glossary = "terms/glossary.txt"` was looked for from the working directory: run from a
    sub-folder, the glossary was "not found" (or another file of that name was used)."""
    make_project(tmp_path, msgids=["Soyuz lifts off"])
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "glossary.txt").write_text("Soyuz | ko: 소유스\n", "utf-8")
    with (tmp_path / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[tool.l10n.llm]\nglossary = "terms/glossary.txt"\n')
    (tmp_path / "src").mkdir()
    monkeypatch.chdir(tmp_path / "src")
    with FakeChat() as fake:
        report = translate(load_config(tmp_path), "llm", llm(fake, concurrency="1"))
    assert not report.problems
    payload = json.loads(fake.bodies[0]["messages"][-1]["content"])
    assert payload["glossary"] == [{"term": "Soyuz", "renderings": ["소유스"]}]


def test_the_text_around_a_unit_without_line_numbers_is_the_pages(tmp_path):
    """With `add_location = "file"` every reference has no line: a page's units were then put in the order of their
    msgids, so "Zebra crossing ahead." got "Mind the gap." before it and nothing after.  The catalogue's order is the
    page's."""
    extra = [{"msgid": text, "msgstr": "", "occurrences": [("src/road.html", "")]}
             for text in ("Zebra crossing ahead.", "Mind the gap.", "Apples are red.")]
    cfg = make_project(tmp_path, msgids=[], extra=extra)
    with FakeChat() as fake:
        translate(cfg, "llm", llm(fake, concurrency="1"))
    units = {u["text"]: u for u in json.loads(fake.bodies[0]["messages"][-1]["content"])["units"]}
    assert units["Zebra crossing ahead."].get("before") is None
    assert units["Zebra crossing ahead."]["after"] == "Mind the gap."
    assert units["Mind the gap."]["before"] == "Zebra crossing ahead."
    assert units["Apples are red."]["before"] == "Mind the gap."


def test_a_rerun_sends_nothing(tmp_path):
    cfg = make_project(tmp_path)
    with FakeChat() as fake:
        translate(cfg, "llm", llm(fake))
        first = len(fake.bodies)
        for e in (po := polib.pofile(str(cfg.po_path("ko")))):
            e.msgstr = ""
            e.flags = []
        po.save()
        report = translate(cfg, "llm", llm(fake))
    assert first == 1 and len(fake.bodies) == 1
    assert report.locales[0].cached == 3 and report.locales[0].filled == 3


def test_cache_identity_names_model_and_prompt_not_key(tmp_path, monkeypatch):
    from toolkit.mt.registry import make_engine

    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    cfg = make_project(tmp_path)
    a = make_engine("llm", {"base_url": "http://u:pw@h/v1", "model": "m1"}, cfg).cache_identity()
    b = make_engine("llm", {"base_url": "http://h/v1", "model": "m2"}, cfg).cache_identity()
    assert a == f"llm http://h/v1 model=m1 prompt={PROMPT_VERSION}" and a != b and "sk-secret" not in a


def test_key_from_environment_sent_as_bearer_and_rejected_key_stops_masked(tmp_path, monkeypatch):
    monkeypatch.setenv("L10N_LLM_API_KEY", "sk-very-secret")
    cfg = make_project(tmp_path, msgids=["Hello", "World", "Again"])
    with FakeChat() as fake:
        fake.script = [401]
        report = translate(cfg, "llm", llm(fake, batch="1", concurrency="1"))
    assert fake.headers[0]["Authorization"] == "Bearer sk-very-secret"
    assert report.stopped and "refused the key" in report.stopped
    assert len(fake.bodies) == 1
    assert "sk-very-secret" not in " ".join(report.warnings() + report.summary() + [report.stopped])


def test_key_on_the_command_line_is_warned_and_masked(tmp_path):
    cfg = make_project(tmp_path, msgids=["Hello"])
    with FakeChat() as fake:
        report = translate(cfg, "llm", llm(fake, api_key="sk-typed"))
    assert any("shell history" in n for n in report.notices)
    assert fake.headers[0]["Authorization"] == "Bearer sk-typed"


def test_settings_from_pyproject_and_no_key_there(tmp_path):
    make_project(tmp_path, msgids=["Hello"])
    with FakeChat() as fake:
        text = (tmp_path / "pyproject.toml").read_text() + f'\n[tool.l10n.llm]\nbase_url = "{fake.url}"\nmodel = "cfg-model"\n'
        (tmp_path / "pyproject.toml").write_text(text)
        from toolkit.config import load_config

        translate(load_config(tmp_path), "llm", FAST)
        assert fake.bodies[0]["model"] == "cfg-model"
    (tmp_path / "pyproject.toml").write_text(text + 'api_key = "sk-x"\n')
    with pytest.raises(L10nError, match="must not hold api_key"):
        translate(load_config(tmp_path), "llm", FAST)


def test_model_is_required(tmp_path):
    cfg = make_project(tmp_path)
    with pytest.raises(L10nError, match="needs a model"):
        translate(cfg, "llm", {"base_url": "http://127.0.0.1:9/v1"})


def test_server_without_json_mode_and_fenced_answers(tmp_path):
    cfg = make_project(tmp_path, msgids=["Hello"])
    with FakeChat() as fake:
        fake.script = ["no_json_mode", "fence"]
        report = translate(cfg, "llm", llm(fake))
    assert "response_format" in fake.bodies[0] and "response_format" not in fake.bodies[1]
    assert entries(cfg)[(None, "Hello")].msgstr == expected("Hello") and not report.problems


@pytest.mark.parametrize("content, want", [
    ('{"translations": [{"id": "u1", "text": "a"}]}', {"u1": "a"}),
    ('[{"id": "u1", "text": "a"}, {"id": "u2"}]', {"u1": "a", "u2": None}),
    ('{"u1": "a"}', {"u1": "a"}),
    ('Sure! {"translations": {"u1": "a"}} Hope that helps', {"u1": "a"}),
    ("not json at all", {}),
    ('"just a string"', {}),
])
def test_parse_items_is_defensive(content, want):
    assert parse_items(content) == want


def test_runner_default_batch_loops_translate():
    """An engine with batch_size > 1 and only translate(): the runner's chunks go through the default loop."""
    from toolkit.mt.engine import Engine, Job
    from toolkit.mt.masking import mask

    class Upper(Engine):
        name, batch_size = "upper", 3
        calls: ClassVar[list[int]] = []

        def translate_batch(self, requests):
            self.calls.append(len(requests))
            return super().translate_batch(requests)

        def translate(self, request):
            if request.text == "bad":
                raise Failure(FAIL, "no")
            return Reply(request.text.upper())

    eng = Upper()
    got: dict[str, object] = {}
    requests = [Request(Job((None, t), None, mask(t)), "en", "ko") for t in ("a", "b", "bad", "c")]
    run(requests, eng, Policy(rate=0, breaker=10), lambda r, reply, f: got.__setitem__(r.text, reply or f))
    assert Upper.calls == [3]  # a chunk of one goes to translate() directly
    assert got["a"] == Reply("A") and isinstance(got["bad"], Failure) and got["c"] == Reply("C")


def test_batches_end_at_the_character_bound_and_a_longer_text_goes_alone():
    from toolkit.mt.engine import Job
    from toolkit.mt.masking import mask
    from toolkit.mt.runner import batches

    texts = ["a" * 4, "b" * 4, "c" * 4, "d" * 30, "e" * 2, "f" * 2, "g" * 2, "h" * 2]
    requests = [Request(Job((None, t), None, mask(t)), "en", "ko") for t in texts]
    got = [[r.text[0] for r in chunk] for chunk in batches(requests, 3, 10)]
    assert got == [["a", "b"], ["c"], ["d"], ["e", "f", "g"], ["h"]]
    assert [[r.text[0] for r in c] for c in batches(requests, 3, None)] == [list("abc"), list("def"), list("gh")]
    assert next(batches(iter(requests), 1, 10))[0].text == "aaaa"  # a chunk as soon as it is full


def test_a_batch_is_bounded_by_characters_over_http(tmp_path):
    """A long unit in a batch of 20 made the request too long for a small model's window: it goes alone."""
    long = " ".join(f"Stage {i} burns." for i in range(60))
    msgids = ["Hello", "Open the door", long, "Close the door", "Mind the gap"]
    cfg = make_project(tmp_path, msgids=msgids)
    with FakeChat() as fake:
        report = translate(cfg, "llm", llm(fake, batch="20", batch_chars="100", concurrency="1"))
    sent = fake.sent_texts()
    assert sum(map(len, sent)) == 5 and [long] in sent
    assert all(sum(map(len, texts)) <= 100 for texts in sent if len(texts) > 1)
    got = entries(cfg)
    assert all(got[(None, m)].msgstr == expected(m) for m in msgids) and report.locales[0].filled == 5


def test_a_batch_refused_as_a_whole_is_asked_unit_by_unit(tmp_path):
    """A 400 for the batch (a context-length error, one text a content filter refuses) failed every unit in it."""
    msgids = ["Hello", "Open the door", "Close the door", "Mind the gap"]
    cfg = make_project(tmp_path, msgids=msgids)
    with FakeChat() as fake:
        fake.script = [400, "ok", 400]  # the batch; then alone: the first fine, the second refused too
        report = translate(cfg, "llm", llm(fake, batch="4", concurrency="1"))
    assert [len(texts) for texts in fake.sent_texts()] == [4, 1, 1, 1, 1]
    got = entries(cfg)
    filled = [m for m in msgids if got[(None, m)].msgstr == expected(m)]
    assert len(filled) == 3 and report.locales[0].filled == 3 and len(report.warnings()) == 1


def test_a_batch_refusal_that_every_unit_repeats_stops_at_the_breaker(tmp_path):
    msgids = [f"Unit number {i}" for i in range(8)]
    cfg = make_project(tmp_path, msgids=msgids)
    with FakeChat() as fake:
        fake.script = [400] * 20  # a model that does not exist: every request refused
        report = translate(cfg, "llm", llm(fake, batch="8", concurrency="1"))
    assert [len(texts) for texts in fake.sent_texts()] == [8, 1, 1, 1]  # FAST's breaker is 3
    assert report.locales[0].filled == 0


# --- hostile or broken replies ---------------------------------------------------------------


@pytest.mark.parametrize("injected", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                                      "<b>", '<a href="http://evil.example">', "<svg/onload=alert(1)>",
                                      "<img/src=x/onerror=alert(1)>", "<!doctype html>", "<?php echo 1 ?>",
                                      "<![CDATA[x]]>", "<!-- x -->"])
def test_a_reply_adding_markup_is_neither_written_nor_cached(tmp_path, injected):
    cfg = make_project(tmp_path, msgids=[TAGGED, "Hello"])
    with FakeChat() as fake:
        fake.bad = {"Soyuz": f"always:prefix={injected}", "Hello": f"always:prefix={injected}"}
        report = translate(cfg, "llm", llm(fake, batch="2"))
    got = entries(cfg)
    assert got[(None, TAGGED)].msgstr == "" and got[(None, "Hello")].msgstr == ""
    assert report.locales[0].filled == 0
    warned = [w for w in report.warnings() if "engine reply not written" in w]  # rejected, as any engine's
    assert len(warned) == 2 and any("adds markup" in w for w in warned)  # (an extra <b> is an extra placeholder)
    cache = cfg.locales_path / ".cache" / "mt.sqlite"
    assert not cache.exists() or injected.encode() not in cache.read_bytes()


def test_markup_the_source_has_may_come_back(tmp_path):
    """A code sample that shows `<TITLE>` as text keeps it in the translation: nothing is added."""
    cfg = make_project(tmp_path, msgids=["Put the name in <TITLE> first"])
    with FakeChat() as fake:
        translate(cfg, "llm", llm(fake))
    assert entries(cfg)[(None, "Put the name in <TITLE> first")].msgstr == expected("Put the name in <TITLE> first")


@pytest.mark.parametrize("key", ["sk-ümlaut-SECRET-42", "sk-plain-SECRET-42\r"])
def test_a_key_the_server_quotes_back_is_masked_in_every_spelling(tmp_path, monkeypatch, capsys, key):
    """The server's error text quotes the header it got, decoded as Latin-1 and JSON-escaped (`\\u00fc`);
    a key read from a CRLF file ends in "\\r", which is no part of it."""
    from toolkit.cli import main

    monkeypatch.setenv("L10N_LLM_API_KEY", key)
    cfg = make_project(tmp_path, msgids=["Hello"])
    with FakeChat() as fake:
        fake.script = ["echo_key"]
        assert main(["--root", str(tmp_path), "translate", "--engine", "llm", "--engine-option",
                     f"base_url={fake.url}", "--engine-option", "model=m", "--engine-option", "retries=0"]) == 1
    assert fake.headers[0]["Authorization"] == "Bearer " + key.strip()
    out = capsys.readouterr()
    text = out.out + out.err + cfg.po_path("ko").read_text(encoding="utf-8")
    assert "invalid key: Bearer ***" in text
    assert "SECRET-42" not in text


def test_json_nested_past_the_limit_is_refused_before_it_is_parsed():
    """Parsed down to Python's recursion limit, a hostile reply left the garbage collector no stack for finalizers
    (an intermittent unraisable RecursionError); brackets inside strings are text."""
    from toolkit.jsonsafe import MAX_NESTING, shallow_json

    assert shallow_json('{"text": "[[[[{{{{\\"]]", "x": [1, [2]]}') == {"text": '[[[[{{{{"]]', "x": [1, [2]]}
    assert len(str(shallow_json("[" * MAX_NESTING + "]" * MAX_NESTING))) == 2 * MAX_NESTING
    for deep in ("[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1), '{"a":' * 1000 + "1" + "}" * 1000):
        with pytest.raises(ValueError, match="nested deeper"):
            shallow_json(deep)


def test_a_long_json_string_costs_the_nesting_scan_no_memory_each():
    """A page's 1 MB JSON-LD description (or a long reply) took 122 MB to scan for its nesting: the string pattern's
    repeat kept the regex engine's stack for every character."""
    import tracemalloc

    from toolkit.jsonsafe import shallow_json

    text = '{"description": "' + "x" * 1_000_000 + '\\"[{"}'
    tracemalloc.start()
    try:
        assert shallow_json(text) == {"description": "x" * 1_000_000 + '"[{'}
        assert tracemalloc.get_traced_memory()[1] < 4 * len(text)
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("action", ["nested", "raw:" + "[" * 100_000 + "]" * 100_000])
def test_a_reply_nested_too_deep_is_a_clean_failure(tmp_path, action):
    cfg = make_project(tmp_path, msgids=["Hello"])
    with FakeChat() as fake:
        fake.script = [action] * 10
        report = translate(cfg, "llm", llm(fake, retries="0"))
    assert entries(cfg)[(None, "Hello")].msgstr == ""
    assert not any("RecursionError" in w for w in report.warnings())
    assert any("not a chat-completions reply" in w or "no usable item" in w for w in report.warnings())
