"""The `llm` engine: any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, llama.cpp, Ollama, LM Studio).

Why a model and not a plain MT service: it can be told what a unit is.  Each call sends a
batch of units with what a translator would look at: the page title, the units before and
after on the page, the ``#.`` notes, the ``msgctxt``, and the glossary's approved renderings
for the target locale.  The prompt states the placeholder rules (``[X1X]`` tokens, see
`toolkit.mt.masking`) and asks for JSON, one item per unit id; ``response_format`` asks the
server for JSON where it supports it, and the reply is parsed defensively anyway (code
fences, a bare list, an id -> text object).  Every item is validated as any MT reply is
(placeholders, size, control characters); an item that fails is handed back to the runner
as a RETRY failure, which asks for it alone, while the good items of the batch are kept.

Plain HTTP through requests, with the runner's timeout; 429/5xx/connection errors are
RETRY (Retry-After passed on), 401/403 FATAL, other 4xx FAIL.  Temperature 0.  The key comes
from ``L10N_LLM_API_KEY`` or ``OPENAI_API_KEY`` (a local server needs none); the cache
identity is the endpoint, the model and `PROMPT_VERSION`, never the key.
"""

from __future__ import annotations

import html
import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests
from babel import Locale

from toolkit.catalog import read_catalog
from toolkit.config import SWITCH_WORDS
from toolkit.errors import L10nError
from toolkit.jsonsafe import shallow_json
from toolkit.mt.engine import FAIL, FATAL, RETRY, Engine, Failure, Reply, Request, reply_problems
from toolkit.mt.redact import strip_userinfo

if TYPE_CHECKING:
    from toolkit.config import Config

PROMPT_VERSION = "1"  # part of the cache identity: change it when the prompt changes what comes back
KEY_ENV = ("L10N_LLM_API_KEY", "OPENAI_API_KEY")
DEFAULT_URL = "https://api.openai.com/v1"
NEIGHBOUR_CHARS = 300  # context units are cut to this length
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title", re.I | re.S)
_FENCE_RE = re.compile(r"\A\s*+```(?:json)?+(.*)```\s*+\Z", re.S)  # (its body stripped: lazy spaces were cubic)

SYSTEM_PROMPT = """You are a professional translator localising a web site from {source} into {target}.
You receive JSON: the page title, a glossary, and units to translate. Each unit has an "id", the "text" to \
translate, and may have "context" (a disambiguating label), "notes" (instructions for translators) and \
"before"/"after" (the text around it on the page, for context only: do not translate those).
Rules:
- Tokens like [X1X], [X2X] stand for markup. Keep every token of a unit exactly as written, each as many \
times as in the source; you may move them where {target} word order needs them. Add no other tokens or markup.
- Use the glossary: a term with renderings must be translated with one of them; a term without renderings \
stays as written.
- Translate only the text; keep leading and trailing spaces out; no explanations.
Answer with one JSON object and nothing else: {{"translations": [{{"id": "<unit id>", "text": "<translation>"}}, \
...]}} with exactly one item per unit id."""


class _BadReply(Failure):
    """An item of a batch reply that `reply_problems` or the placeholders refuse: asked again alone (RETRY),
    and if it is still bad the reply goes back to the runner, which rejects it."""

    def __init__(self, reply: Reply, problems: list[str]):
        super().__init__(RETRY, "; ".join(problems))
        self.reply = reply


@dataclass(frozen=True)
class UnitContext:
    """What the catalogue says about one entry: its notes and where it sits on its first page."""

    notes: tuple[str, ...] = ()
    page: str | None = None  # project-relative path of its first location
    before: str | None = None
    after: str | None = None


def _setting(options: dict[str, str], configured: dict[str, str], key: str, default: Any, what: str) -> Any:
    """A count (1 or more) or, with a bool default, a switch: a value out of range (batch=0, json_mode=maybe) is a
    usage error naming where it was given, not clamped or read as on."""
    given = options if key in options else configured
    if key not in given:
        return default
    value = given[key].strip()
    if isinstance(default, bool):
        if value.lower() in SWITCH_WORDS:
            return SWITCH_WORDS[value.lower()]
    elif value.isascii() and value.isdigit() and int(value) >= 1:
        return int(value)
    where = f"--engine-option {key}" if given is options else f"[tool.l10n.llm] {key}"
    raise L10nError(f"{where} must be {what if isinstance(default, bool) else f'a whole number of {what}, 1 or more'}"
                    f", not {value!r}")


class LLM(Engine):
    name = "llm"
    online = True
    rate = 1.0
    concurrency = 2
    batch_size = 20
    batch_chars = 6000  # of unit text a request: with its context and the reply, within a small local model's window
    options = frozenset({"base_url", "model", "batch", "batch_chars", "api_key", "json_mode", "glossary"})

    def __init__(self, options: dict[str, str], cfg: Config | None = None):
        super().__init__()
        self.cfg = cfg
        configured = {str(k): str(v) for k, v in (getattr(cfg, "llm", None) or {}).items()}
        if "api_key" in configured:
            raise L10nError("[tool.l10n.llm] must not hold api_key (a committed secret); set L10N_LLM_API_KEY "
                            "in the environment instead")
        unknown = set(configured) - self.options
        if unknown:
            raise L10nError(f"unknown [tool.l10n.llm] setting(s) {', '.join(sorted(unknown))}; known: "
                            f"{', '.join(sorted(self.options - {'api_key'}))}")
        settings = {**configured, **options}
        self.base_url = str(settings.get("base_url") or DEFAULT_URL).rstrip("/")
        self.model = str(settings.get("model") or "")
        if not self.model:
            raise L10nError("engine llm needs a model: pass --engine-option model=NAME or set model in "
                            "[tool.l10n.llm]")
        self.batch_size = _setting(options, configured, "batch", self.batch_size, "units per request")
        self.batch_chars = _setting(options, configured, "batch_chars", self.batch_chars,
                                    "characters of text per request")
        self.json_mode = _setting(options, configured, "json_mode", True, "on or off")
        # a glossary named in pyproject.toml is the project's, as [tool.l10n] glossary; one typed on the command line
        # is where the shell is
        self.glossary_file = options.get("glossary") or (
            str(cfg.root / configured["glossary"]) if cfg is not None and configured.get("glossary") else None)
        self.key = str(settings.get("api_key") or "")
        if self.key:
            self.warnings.append("api_key given on the command line is visible in shell history and process "
                                 f"lists; set {KEY_ENV[0]} in the environment instead")
        else:
            self.key = next((os.environ[e] for e in KEY_ENV if os.environ.get(e)), "")
        self.key = self.key.strip()  # a key pasted from a file with CRLF endings: "\r" is no part of it
        self.units: dict[str, dict[tuple, UnitContext]] = {}  # target -> entry key -> context
        self.titles: dict[str, str] = {}  # page -> its <title> text
        self.glossary: dict[str, list[tuple[str, tuple[str, ...]]]] = {}  # target -> (term, renderings)
        self._local = threading.local()

    # --- the Engine interface --------------------------------------------------------------

    def prepare(self, source: str, target: str) -> None:
        self.units[target] = self._contexts(target)
        self.glossary[target] = self._glossary(target)

    def cache_identity(self) -> str:
        return f"llm {strip_userinfo(self.base_url)} model={self.model} prompt={PROMPT_VERSION}"

    def secrets(self) -> list[str]:
        return [self.key] if self.key else []

    def translate(self, request: Request) -> Reply:
        result = self.translate_batch([request])[0]
        if isinstance(result, _BadReply):  # asked alone and still bad: the reply is rejected as any engine's is
            return result.reply  # (reported "not written", never cached; not a failure tripping the breaker)
        if isinstance(result, Failure):  # asked alone and still no item: trying again would give the same
            raise Failure(FAIL, result.message) if result.kind == RETRY else result
        assert result is not None
        return result

    def translate_batch(self, requests_: list[Request]) -> list[Reply | Failure | None]:
        first = requests_[0]
        ids = [f"u{i}" for i in range(1, len(requests_) + 1)]
        body = self.body(requests_, ids)
        content = self._post(body, first.timeout)
        items = parse_items(content)
        out: list[Reply | Failure | None] = []
        for uid, request in zip(ids, requests_):
            text = items.get(uid)
            if not isinstance(text, str) or not text.strip():
                out.append(Failure(RETRY, f"no usable item {uid} in the model's reply"))
                continue
            problems = reply_problems(request.text, text) + request.job.masked.restore(text)[1]
            out.append(_BadReply(Reply(text, self.model), problems) if problems else Reply(text, self.model))
        return out

    # --- the request -------------------------------------------------------------------------

    def body(self, requests_: list[Request], ids: list[str]) -> dict:
        """The chat-completions request for a batch (also what tests inspect)."""
        first = requests_[0]
        source, target = first.source, first.target
        contexts = self.units.get(target, {})
        units, pages = [], []
        for uid, request in zip(ids, requests_):
            ctx = contexts.get(request.job.key, UnitContext())
            unit: dict[str, Any] = {"id": uid, "text": request.text}
            if request.job.context:
                unit["context"] = request.job.context
            if ctx.notes:
                unit["notes"] = list(ctx.notes)
            if ctx.before:
                unit["before"] = ctx.before
            if ctx.after:
                unit["after"] = ctx.after
            if ctx.page and ctx.page not in pages:
                pages.append(ctx.page)
            units.append(unit)
        payload: dict[str, Any] = {}
        titles = [self.titles[p] for p in pages if self.titles.get(p)]
        if titles:
            payload["page_title"] = titles[0] if len(titles) == 1 else titles
        texts = " ".join(r.text for r in requests_)
        glossary = [{"term": term, "renderings": list(renderings)}
                    for term, renderings in self.glossary.get(target, []) if _mentions(texts, term)]
        if glossary:
            payload["glossary"] = glossary
        payload["units"] = units
        body: dict[str, Any] = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT.format(source=_language(source),
                                                                   target=_language(target))},
                {"role": "user", "content": json.dumps(payload, ensure_ascii=False, indent=1)},
            ],
        }
        if self.json_mode:
            body["response_format"] = {"type": "json_object"}
        return body

    def _post(self, body: dict, timeout: float) -> str:
        session = self._local.__dict__.get("session")
        if session is None:
            session = self._local.session = requests.Session()
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        url = self.base_url + "/chat/completions"
        try:
            response = session.post(url, json=body, headers=headers, timeout=timeout)
        except requests.Timeout:
            raise Failure(RETRY, f"no reply from {strip_userinfo(self.base_url)} within {timeout:g} s") from None
        except requests.RequestException as exc:
            raise Failure(RETRY, f"cannot reach {strip_userinfo(self.base_url)}: {type(exc).__name__}") from None
        status = response.status_code
        if status == 400 and self.json_mode and "response_format" in response.text:
            self.json_mode = False  # a server without JSON mode: the prompt asks for JSON anyway
            body = {k: v for k, v in body.items() if k != "response_format"}
            return self._post(body, timeout)
        if status in (401, 403):
            raise Failure(FATAL, f"HTTP {status}: the endpoint refused the key; set {KEY_ENV[0]}")
        if status == 429 or status >= 500:
            raise Failure(RETRY, f"HTTP {status}", _retry_after(response))
        if status >= 400:
            raise Failure(FAIL, f"HTTP {status}: {_short(response.text)}")
        try:
            data = shallow_json(response.text)
            content = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise Failure(RETRY, f"not a chat-completions reply: {_short(response.text)}") from None
        if not isinstance(content, str):
            raise Failure(RETRY, "the reply has no text content")
        return content

    # --- context from the catalogue, the pages and the glossary ---------------------------------

    def _contexts(self, target: str) -> dict[tuple, UnitContext]:
        cfg = self.cfg
        if cfg is None or not cfg.po_path(target).is_file():
            return {}
        po = read_catalog(cfg.po_path(target))
        # page -> (line, place in the catalogue, msgid) of its units: in page order by line, else (references
        # without lines, `add_location = "file"`) in the catalogue's, which is the pages' as extract wrote them
        pages: dict[str, list[tuple[int, int, str]]] = {}
        first: dict[tuple, tuple[str, int, int]] = {}
        for index, entry in enumerate(po):
            if entry.obsolete or not entry.msgid:
                continue
            for path, line in entry.occurrences:
                try:
                    number = int(line)
                except (TypeError, ValueError):
                    number = 0
                pages.setdefault(path, []).append((number, index, entry.msgid))
                first.setdefault((entry.msgctxt, entry.msgid), (path, number, index))
        order = {page: sorted(set(units)) for page, units in pages.items()}
        position = {(page, unit): i for page, units in order.items() for i, unit in enumerate(units)}
        out = {}
        for entry in po:
            if entry.obsolete or not entry.msgid:
                continue
            key = (entry.msgctxt, entry.msgid)
            notes = tuple(n for n in (entry.comment or "").splitlines() if n.strip())
            where = first.get(key)
            if where is None:
                out[key] = UnitContext(notes)
                continue
            page, line, index = where
            units = order[page]
            i = position[(page, (line, index, entry.msgid))]
            before = units[i - 1][2] if i > 0 else None
            after = units[i + 1][2] if i + 1 < len(units) else None
            out[key] = UnitContext(notes, page, _cut(before), _cut(after))
            if page not in self.titles:
                self.titles[page] = _page_title(cfg.root / page)
        return out

    def _glossary(self, target: str) -> list[tuple[str, tuple[str, ...]]]:
        from toolkit.checks.glossary import glossary_path, load_glossary

        if self.cfg is None:
            return []
        path = glossary_path(self.cfg, self.glossary_file)
        if path is None or not path.is_file():
            return []
        return [(t.term, t.renderings_for(target)) for t in load_glossary(path)]


# --- reply parsing -------------------------------------------------------------------------------


def parse_items(content: str) -> dict[str, Any]:
    """unit id -> text from a model's answer; whatever cannot be read gives no item (so: retried).

    Accepted shapes: ``{"translations": [{"id", "text"}]}`` (asked for), a bare list of such
    items, ``{"translations": {"u1": "…"}}`` or ``{"u1": "…"}``; inside a code fence or not.
    """
    fenced = _FENCE_RE.match(content)
    if fenced:
        content = fenced.group(1).strip()
    try:
        data = shallow_json(content)
    except ValueError:
        start, end = content.find("{"), content.rfind("}")
        try:
            data = shallow_json(content[start:end + 1]) if 0 <= start < end else None
        except ValueError:
            data = None
    if isinstance(data, dict) and "translations" in data:
        data = data["translations"]
    out: dict[str, Any] = {}
    if isinstance(data, list):
        for item in data:
            if isinstance(item, dict) and "id" in item:
                out.setdefault(str(item["id"]), item.get("text", item.get("translation")))
    elif isinstance(data, dict):
        out = {str(k): v for k, v in data.items()}
    return out


def _mentions(text: str, term: str) -> bool:
    from toolkit.checks.glossary import word_re

    return bool(word_re(term).search(text))


def _language(locale: str) -> str:
    try:
        return f"{Locale.parse(locale).get_display_name('en')} ({locale})"
    except (ValueError, TypeError):
        return locale


def _page_title(path: Path) -> str:
    try:
        head = path.read_bytes()[:65536].decode("utf-8", "replace")
    except OSError:
        return ""
    m = _TITLE_RE.search(head)
    return " ".join(html.unescape(m.group(1)).split()) if m else ""


def _cut(text: str | None) -> str | None:
    if text is None or len(text) <= NEIGHBOUR_CHARS:
        return text
    return text[: NEIGHBOUR_CHARS - 1] + "…"


def _short(text: str, width: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _retry_after(response: requests.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
