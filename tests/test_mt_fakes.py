"""A fake MT service on 127.0.0.1 for the MT tests and bench/bench_mt.py.

`FakeChat` is an OpenAI-compatible chat-completions server for the llm engine.
FakeMT answers in the dialect of each engine deep-translator speaks: LibreTranslate (POST
/translate, q/source/target/api_key as query, form or JSON; GET /languages), Google's mobile
page (GET /m?sl=&tl=&q= -> HTML with ``div.result-container``, which deep-translator
scrapes), MyMemory, DeepL, Microsoft, Papago and Baidu (told apart by their parameters).
The "translation" is ``<target>:<TEXT UPPER-CASED>``.  Scripted misbehaviour per text (429, 500, garbage, hang,
dropped tokens, control characters, a huge reply, an HTML-escaped reply, MyMemory's quota warning) and a request
log let tests see exactly what was sent.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def fake_translation(q: str, target: str) -> str:
    return f"{target}:{q.upper()}"


class FakeMT:
    def __init__(self, delay: float = 0.0):
        self.delay = delay  # latency of every request
        self.script: dict[str, list] = {}  # substring of q -> actions for its next requests
        self.requests: list[dict] = []  # every request received: {"path", "q", "source", "target", "api_key"}
        self.answered: list[str] = []  # q of every 200 translation sent
        self.in_flight = self.peak_in_flight = 0  # translation requests being answered at once
        # requests after the first `hold_after` wait for `released`: a test acts mid-run without racing the clock
        self.hold_after: int | None = None
        self.released = threading.Event()
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # as real servers do; else keep-alive replies stall on delayed ACKs

            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.handle(self, "GET")

            def do_POST(self):
                fake.handle(self, "POST")

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # many clients connect at once; the default 5 drops SYNs

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.handle_error = lambda *a: None  # clients that timed out and left
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FakeMT:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    # -- behaviour ------------------------------------------------------------------------

    def sent(self, path: str | None = None) -> list[str]:
        return [r["q"] for r in self.requests if path is None or r["path"] == path]

    def action_for(self, q: str):
        with self.lock:
            for pattern, actions in self.script.items():
                if pattern in q and actions:
                    return actions.pop(0)
        return "ok"

    @staticmethod
    def dialect(path: str, params: dict, headers) -> tuple[str, str, str, str | None]:
        """(engine, text, target, source) of a request, from what each engine sends."""
        if path == "/m":
            return "google", params.get("q", ""), params.get("tl", ""), params.get("sl")
        if "langpair" in params:
            source, _, target = params["langpair"].partition("|")
            return "mymemory", params.get("q", ""), target, source
        if "target_lang" in params:
            return "deepl", params.get("text", ""), params["target_lang"], params.get("source_lang")
        if "appid" in params:
            return "baidu", params.get("q", ""), params.get("to", ""), params.get("from")
        if headers.get("X-NCP-APIGW-API-KEY-ID"):
            return "papago", params.get("text", ""), params.get("target", ""), params.get("source")
        if "api-version" in params:
            return "microsoft", params.get("text", ""), params.get("to", ""), params.get("from")
        return "libre", params.get("q", ""), params.get("target", ""), params.get("source")

    def handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(h.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        if body and "json" in (h.headers.get("Content-Type") or ""):
            data = json.loads(body)
            params.update(data[0] if isinstance(data, list) else data)  # Microsoft sends [{"text": …}]
        elif body:
            params.update({k: v[0] for k, v in parse_qs(body.decode()).items()})
        if url.path == "/languages":
            return self.reply(h, 200, json.dumps([{"code": c, "name": c} for c in ("en", "ko", "ja", "zh")]))
        engine, q, target, source = self.dialect(url.path, params, h.headers)
        with self.lock:
            held = self.hold_after is not None and len(self.requests) >= self.hold_after
            self.requests.append({
                "engine": engine, "path": url.path, "method": method, "q": q, "query": url.query,
                "target": target, "source": source, "api_key": params.get("api_key"), "headers": dict(h.headers),
                "params": params,
            })
        if held:
            self.released.wait(30)
        with self.lock:
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
        finally:
            with self.lock:
                self.in_flight -= 1
        action = self.action_for(q)
        if isinstance(action, int):
            return self.reply(h, action, json.dumps({"error": "scripted"}), {"Retry-After": "0"})
        if isinstance(action, tuple) and action[0] == "hang":
            time.sleep(action[1])
            action = "ok"
        if action == "garbage":
            return self.reply(h, 200, "<html>Service temporarily unavailable</html>")
        text = fake_translation(q, target)
        if action == "drop_tokens":
            text = re.sub(r"\[X\d+X\]", "", text)
        if action == "control":  # a terminal escape sequence and a NUL
            text = f"\x1b[31m{text}\x00"
        if action == "huge":
            text = text + "!" * 100_000
        if action == "spaced_tokens":  # what engines do to tokens in CJK output
            text = re.sub(r"\[X(\d+)X\]", lambda m: f"［ x{m.group(1)} X ］", text)
        if action == "html_escaped":  # Google's v2 API, Microsoft with textType=html, MyMemory
            text = html.escape(text, quote=True).replace("&#x27;", "&#39;")
        if action == "mm_quota" and engine == "mymemory":  # MyMemory's answer once the day's quota is used up
            warning = ("MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT AVAILABLE IN "
                       "23 HOURS 59 MINUTES 59 SECONDS")
            return self.reply(h, 200, json.dumps({"responseData": {"translatedText": warning}, "quotaFinished": True,
                                                  "responseStatus": 429, "responseDetails": warning}))
        with self.lock:
            self.answered.append(q)
        if engine == "google":  # the mobile page deep-translator scrapes
            page = f'<html><body><div class="result-container">{html.escape(text)}</div></body></html>'
            return self.reply(h, 200, page, {"Content-Type": "text/html; charset=utf-8"})
        answer = {
            "libre": {"translatedText": text},
            "deepl": {"translations": [{"text": text}]},
            "mymemory": {"responseData": {"translatedText": text}, "matches": []},
            "baidu": {"trans_result": [{"src": q, "dst": text}]},
            "papago": {"message": {"result": {"translatedText": text}}},
            "microsoft": [{"translations": [{"text": text, "to": target}]}],
        }[engine]
        return self.reply(h, 200, json.dumps(answer))

    @staticmethod
    def reply(h, status: int, body: str, headers: dict | None = None) -> None:
        data = body.encode()
        try:
            h.send_response(status)
            h.send_header("Content-Type", (headers or {}).pop("Content-Type", "application/json"))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
        except OSError:
            pass  # the client gave up (timeout test)


class FakeChat:
    """A fake OpenAI-compatible chat-completions server on 127.0.0.1 (POST /v1/chat/completions).

    It reads the units from the user message (JSON, as the llm engine sends them) and answers
    ``{"translations": [{"id", "text"}]}`` with ``<target>:<TEXT UPPER-CASED>``.  `script` holds
    actions for the next calls: an int is that HTTP status (429 with `retry_after`), "fence"
    wraps the JSON in a code fence, "no_json_mode" answers 400 to a request with response_format.
    `bad` maps a substring of a unit's text to what happens to that unit while the call is a
    batch (or always, with "always:" before it): "drop_tokens", "omit" or "prefix=TEXT".
    More script actions: "echo_key" (400 quoting the Authorization header), "raw:CONTENT" (that
    text content), "nested" (a body nested 100 000 deep).
    """

    def __init__(self, target: str = "ko", retry_after: float = 0.0):
        self.target, self.retry_after = target, retry_after
        self.script: list = []
        self.bad: dict[str, str] = {}
        self.bodies: list[dict] = []  # every request body received
        self.headers: list[dict] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def do_POST(self):
                fake.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.handle_error = lambda *a: None
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FakeChat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def units(self, body: dict) -> list[dict]:
        return json.loads(body["messages"][-1]["content"])["units"]

    def sent_texts(self) -> list[list[str]]:
        return [[u["text"] for u in self.units(b)] for b in self.bodies]

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = json.loads(h.rfile.read(length))
        with self.lock:
            self.bodies.append(body)
            self.headers.append(dict(h.headers))
            action = self.script.pop(0) if self.script else "ok"
        if h.path != "/v1/chat/completions":
            return FakeMT.reply(h, 404, json.dumps({"error": "not found"}))
        if isinstance(action, int):
            return FakeMT.reply(h, action, json.dumps({"error": {"message": "scripted"}}),
                                {"Retry-After": f"{self.retry_after:g}"})
        if action == "echo_key":  # a server quoting the key it was sent (decoded as HTTP does, JSON-escaped)
            return FakeMT.reply(h, 400, json.dumps({"error": "invalid key: " + h.headers.get("Authorization", "")}))
        if isinstance(action, str) and action.startswith("raw:"):  # the model's text content, verbatim
            content = action[len("raw:"):]
            answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
            return FakeMT.reply(h, 200, json.dumps(answer))
        if action == "nested":  # a body nested deeper than any parser's stack
            return FakeMT.reply(h, 200, "[" * 100_000 + "]" * 100_000)
        if action == "no_json_mode" and "response_format" in body:
            return FakeMT.reply(h, 400, json.dumps({"error": {"message": "response_format is not supported"}}))
        units = self.units(body)
        items = []
        for unit in units:
            text = fake_translation(unit["text"], self.target)
            what = next((act for pattern, act in self.bad.items() if pattern in unit["text"]), None)
            if what and what.startswith("always:"):
                what = what[len("always:"):]
            elif len(units) == 1:
                what = None
            if what == "omit":
                continue
            if what == "drop_tokens":
                text = re.sub(r"\[X\d+X\]", "", text)
            if what and what.startswith("prefix="):  # the model adds text (markup) of its own
                text = what[len("prefix="):] + text
            items.append({"id": unit["id"], "text": text})
        content = json.dumps({"translations": items}, ensure_ascii=False)
        if action == "fence":
            content = "Here you are:\n```json\n" + content + "\n```"
        answer = {"id": "x", "object": "chat.completion", "model": body.get("model"),
                  "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                               "finish_reason": "stop"}]}
        return FakeMT.reply(h, 200, json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":  # a standalone server for the bench: prints its URL, serves until killed
    import sys

    with FakeMT(delay=float(sys.argv[1]) if len(sys.argv) > 1 else 0.0) as fake:
        print(fake.url, flush=True)
        sys.stdin.read()  # until the parent closes our stdin
