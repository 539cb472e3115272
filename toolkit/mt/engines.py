"""Engine adapters: gettext locale -> engine codes, deep-translator translators, keys from the environment.

Every online engine goes through deep-translator, with these repairs (deep-translator 1.11.4):

* No timeouts: its engines call ``requests.get/post`` with none.  While a run is active
  (``http_patched()``), the ``requests`` name inside deep-translator's engine modules is a
  shim that adds our timeout, reuses a keep-alive session per thread and records each
  exchange's status, so the runner can tell a 429 or a refused connection (which escapes
  deep-translator's own ``except ConnectionError``: it catches the builtin, not requests')
  from a bad key.  Patching the module attribute, not ``requests.get`` itself, leaves every
  other user of requests in the process alone.
* Shared state: translators keep the request in ``self._url_params``, so one instance per
  thread (``DeepTranslatorEngine.translate``), never shared.
* Codes: we map gettext locales ourselves (``engine_code``) and set them through the public
  ``source``/``target`` setters, because some of deep-translator's tables are stale or wrong
  (Papago's maps codes to names; DeepL's lacks Korean and Traditional Chinese).
* DeepL: the API refuses ``auth_key`` query parameters since 2026-01-15 and GET on /translate
  since 2025; the subclass POSTs with an ``Authorization: DeepL-Auth-Key`` header.
* Papago: the Naver Developers endpoint it calls closed in 2024; the subclass uses NAVER Cloud
  (papago.apigw.ntruss.com) and its headers.  Microsoft: the constructor fetches the
  language list over the network; the subclass skips that.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import deep_translator as dt
import requests
from babel import Locale
from deep_translator import DeeplTranslator, MicrosoftTranslator, PapagoTranslator
from deep_translator import constants as dtc
from deep_translator import deepl as deepl_module
from deep_translator import exceptions as dx
from deep_translator import papago as papago_module
from deep_translator.validate import request_failed

from toolkit.errors import L10nError
from toolkit.mt.masking import Masked

RETRY, FAIL, FATAL = "retry", "fail", "fatal"


@dataclass(frozen=True)
class Job:
    """One msgstr form to fill."""

    key: tuple  # (msgctxt, msgid) of the entry
    form: int | None  # plural form index, None for a singular entry
    masked: Masked  # masked.source is the msgid or msgid_plural this form translates
    context: str | None = None

    @property
    def text(self) -> str:
        return self.masked.text

    @property
    def source(self) -> str:
        return self.masked.source


@dataclass(frozen=True)
class Reply:
    text: str  # in token space: masked.restore() turns it into the msgstr
    note: str = ""  # detail for the translator comment, e.g. "87%"


class Engine:
    """What the runner needs from an engine; subclasses fill in translate()."""

    name = "?"
    online = False  # goes over the network: rate limit, retries, timeouts and the cache apply
    rate = 0.0  # default requests per second (0 = unlimited)
    concurrency = 1
    options: frozenset[str] = frozenset()  # accepted --engine-option keys

    def prepare(self, source: str, target: str) -> None:
        """Check the locale pair is servable (L10nError if not); called before anything is sent."""

    def translate(self, job: Job, source: str, target: str) -> Reply | None:
        raise NotImplementedError

    def classify(self, exc: Exception) -> tuple[str, str]:
        """(RETRY | FAIL | FATAL, message) for an exception from translate()."""
        return FAIL, f"{type(exc).__name__}: {exc}"

    def redact(self, message: str) -> str:
        return message


# --- gettext locale -> engine language codes ------------------------------------------------

_CHINESE = {  # Simplified, Traditional
    "google": ("zh-CN", "zh-TW"),
    "mymemory": ("zh-CN", "zh-TW"),
    "libre": ("zh", None),  # deep-translator's table has no Traditional Chinese ('zt' on new servers: target=zt)
    "deepl": ("ZH-HANS", "ZH-HANT"),
    "microsoft": ("zh-Hans", "zh-Hant"),
    "papago": ("zh-CN", "zh-TW"),
    "baidu": ("zh", "cht"),
}
_DEEPL = set("AR BG CS DA DE EL EN ES ET FI FR HU ID IT JA KO LT LV NB NL PL PT RO RU SK SL SV TR UK ZH".split())
_PAPAGO = {"ko", "en", "ja", "es", "fr", "vi", "th", "id", "de", "ru", "it"}
_MYMEMORY_DEFAULT = {"en": "en-US", "pt": "pt-PT", "es": "es-ES", "ar": "ar-SA"}


def engine_code(engine: str, locale: str, role: str = "target") -> str | None:
    """The code `engine` uses for a gettext locale (ko, zh_TW, pt_BR), or None if it has none."""
    lang, _, region = locale.partition("_")
    if lang == "zh":
        if engine == "deepl" and role == "source":
            return "ZH"
        traditional = region in ("TW", "HK", "MO") or "Hant" in locale
        return _CHINESE[engine][1 if traditional else 0]
    if engine == "google":
        lang = {"he": "iw", "fil": "tl", "jv": "jw"}.get(lang, lang)
        return lang if lang in dtc.GOOGLE_LANGUAGES_TO_CODES.values() else None
    if engine == "libre":
        return lang if lang in dtc.LIBRE_LANGUAGES_TO_CODES.values() else None
    if engine == "mymemory":
        values = set(dtc.MY_MEMORY_LANGUAGES_TO_CODES.values())
        for code in (f"{lang}-{region}", _MYMEMORY_DEFAULT.get(lang), f"{lang}-{lang.upper()}"):
            if code in values:
                return code
        return next((v for v in sorted(values) if v.startswith(lang + "-")), None)
    if engine == "deepl":
        if lang.upper() not in _DEEPL:
            return None
        if role == "target" and lang in ("en", "pt"):
            return {"en": "EN-GB" if region == "GB" else "EN-US", "pt": "PT-BR" if region == "BR" else "PT-PT"}[lang]
        return lang.upper()
    if engine == "microsoft":
        return lang  # ~130 languages, listed only online; the service answers 400 for others
    if engine == "papago":
        return lang if lang in _PAPAGO else None
    if engine == "baidu":
        try:
            name = Locale.parse(lang).english_name.lower()
        except (ValueError, TypeError):
            return None
        return dtc.BAIDU_LANGUAGE_TO_CODE.get(name)
    raise KeyError(engine)


# --- requests shim: timeouts, sessions and a record of each exchange -------------------------


class _Exchange(threading.local):
    """Per-thread record of the last HTTP exchange a translate() call made."""

    timeout: float = 20.0
    status: int | None = None
    retry_after: float | None = None
    error: Exception | None = None
    session: requests.Session | None = None

    def reset(self, timeout: float) -> None:
        self.timeout, self.status, self.retry_after, self.error = timeout, None, None, None


EXCHANGE = _Exchange()


class _RequestsShim:
    """Stands in for the ``requests`` module inside deep_translator's engine modules."""

    def __getattr__(self, name):
        return getattr(requests, name)

    def get(self, url, **kw):
        return self.request("GET", url, **kw)

    def post(self, url, **kw):
        return self.request("POST", url, **kw)

    def request(self, method, url, **kw):
        kw.setdefault("timeout", EXCHANGE.timeout)
        if EXCHANGE.session is None:
            EXCHANGE.session = requests.Session()
        try:
            response = EXCHANGE.session.request(method, url, **kw)
        except requests.RequestException as exc:
            EXCHANGE.error = exc
            raise
        EXCHANGE.status = response.status_code
        try:
            EXCHANGE.retry_after = float(response.headers.get("Retry-After", ""))
        except ValueError:
            EXCHANGE.retry_after = None
        return response


_MODULES = ("google", "mymemory", "libre", "deepl", "microsoft", "papago", "baidu")
_patch_lock = threading.Lock()
_patch_depth = 0


@contextmanager
def http_patched():
    """Route deep-translator's HTTP through the shim for the duration (re-entrant)."""
    global _patch_depth
    import importlib

    modules = [importlib.import_module(f"deep_translator.{m}") for m in _MODULES]
    with _patch_lock:
        if _patch_depth == 0:
            for m in modules:
                m.requests = _RequestsShim()
        _patch_depth += 1
    try:
        yield
    finally:
        with _patch_lock:
            _patch_depth -= 1
            if _patch_depth == 0:
                for m in modules:
                    m.requests = requests


# --- online engines ---------------------------------------------------------------------------

# option -> environment variables (ours first, then deep-translator's own names)
_ENV = {
    "libre": {"api_key": ("L10N_LIBRE_API_KEY", "LIBRE_API_KEY")},
    "deepl": {"api_key": ("L10N_DEEPL_API_KEY", "DEEPL_API_KEY")},
    "microsoft": {"api_key": ("L10N_MICROSOFT_API_KEY", "MICROSOFT_API_KEY"), "region": ("L10N_MICROSOFT_REGION",)},
    "papago": {"client_id": ("L10N_PAPAGO_CLIENT_ID",), "secret_key": ("L10N_PAPAGO_CLIENT_SECRET",)},
    "baidu": {"appid": ("L10N_BAIDU_APPID", "BAIDU_APPID"), "appkey": ("L10N_BAIDU_APPKEY", "BAIDU_APPKEY")},
    "mymemory": {"email": ("L10N_MYMEMORY_EMAIL",)},
    "google": {},
}
_REQUIRED = {"deepl": ("api_key",), "microsoft": ("api_key",), "papago": ("client_id", "secret_key"),
             "baidu": ("appid", "appkey")}
_SECRET = {"api_key", "secret_key", "appkey"}
# (requests/second, parallel requests): conservative defaults; raise with rate=/--concurrency
_LIMITS = {"google": (5, 4), "mymemory": (2, 2), "libre": (5, 4), "deepl": (10, 8),
           "microsoft": (10, 8), "papago": (5, 4), "baidu": (1, 1)}


class DeepTranslatorEngine(Engine):
    online = True

    def __init__(self, name: str, options: dict[str, str]):
        self.name = name
        self.rate, self.concurrency = _LIMITS[name]
        self.options = frozenset(_ENV[name]) | {"url", "source", "target"}
        self.settings = {k: v for k, v in options.items() if k in self.options}
        for key, env_names in _ENV[name].items():
            if not self.settings.get(key):
                value = next((os.environ[e] for e in env_names if os.environ.get(e)), None)
                if value:
                    self.settings[key] = value
        missing = [k for k in _REQUIRED.get(name, ()) if not self.settings.get(k)]
        if missing:
            env = " / ".join(_ENV[name][missing[0]])
            raise L10nError(f"engine {name} needs {missing[0]}: set {env} in the environment "
                            f"or pass --engine-option {missing[0]}=…")
        if name == "libre" and not (self.settings.get("url") or self.settings.get("api_key")):
            raise L10nError("engine libre needs url=http://your-server:5000/ (self-hosted) or an api_key "
                            "(L10N_LIBRE_API_KEY) for libretranslate.com")
        self._local = threading.local()

    def codes(self, source: str, target: str) -> tuple[str, str]:
        src = self.settings.get("source") or engine_code(self.name, source, "source")
        tgt = self.settings.get("target") or engine_code(self.name, target, "target")
        for locale, code in ((source, src), (target, tgt)):
            if not code:
                hint = "; use --engine opencc (from reviewed zh_CN) or another engine" if locale.startswith("zh") else \
                    "; use another engine"
                raise L10nError(f"engine {self.name} cannot translate {'from' if locale == source else 'into'} "
                                f"{locale}{hint} (or pass --engine-option target=CODE if your service has it)")
        return src, tgt

    def prepare(self, source: str, target: str) -> None:
        self._build(*self.codes(source, target))  # surfaces bad settings before any request

    def translate(self, job: Job, source: str, target: str) -> Reply:
        cache = self._local.__dict__.setdefault("translators", {})
        pair = (source, target)
        if pair not in cache:
            cache[pair] = self._build(*self.codes(source, target))
        text = cache[pair].translate(job.text)
        if not isinstance(text, str) or not text.strip():
            raise ValueError("empty reply")
        return Reply(text)

    def _build(self, src: str, tgt: str):
        """A fresh deep-translator instance with our codes (one per thread)."""
        s, url = self.settings, self.settings.get("url")
        if self.name == "google":
            tr = dt.GoogleTranslator(source="en", target="ko")
        elif self.name == "mymemory":
            tr = dt.MyMemoryTranslator(source="en-US", target="ko-KR", email=s.get("email"))
        elif self.name == "libre":
            base = (url or "https://libretranslate.com/").rstrip("/") + "/"
            tr = dt.LibreTranslator(source="en", target="ko", api_key=s.get("api_key") or "-", custom_url=base)
            tr.api_key = s.get("api_key")  # self-hosted servers need none; don't send a dummy
            url = None
        elif self.name == "deepl":
            tr = _DeepL(source="en", target="de", api_key=s["api_key"],
                        use_free_api=s["api_key"].endswith(":fx"))
            url = url and url.rstrip("/") + "/"
        elif self.name == "microsoft":
            tr = _Microsoft(source="en", target="ko", api_key=s["api_key"], region=s.get("region"))
        elif self.name == "papago":
            tr = _Papago(client_id=s["client_id"], secret_key=s["secret_key"], source="en", target="ko")
            url = url or _Papago.URL
        else:
            tr = dt.BaiduTranslator(source="en", target="kor", appid=s["appid"], appkey=s["appkey"])
        if url:
            tr._base_url = url
        tr.source, tr.target = src, tgt
        return tr

    def classify(self, exc: Exception) -> tuple[str, str]:
        status, error = EXCHANGE.status, EXCHANGE.error
        if isinstance(error, requests.Timeout):
            return RETRY, f"no answer within {EXCHANGE.timeout:g} s"
        if isinstance(error, requests.RequestException):
            host = urlsplit(getattr(error.request, "url", "") or "").netloc or "the server"
            return RETRY, f"cannot connect to {host} ({type(error).__name__})"
        if status == 429 or isinstance(exc, dx.TooManyRequests):
            return RETRY, "HTTP 429 too many requests"
        if status is not None and status >= 500:
            return RETRY, f"HTTP {status} server error"
        if status in (401, 403) or isinstance(exc, (dx.AuthorizationException, dx.ApiKeyException)):
            credential = _SECRET | {"client_id", "appid"}
            keys = " / ".join(v for k, vs in _ENV[self.name].items() if k in credential for v in vs)
            return FATAL, f"{self.name} refused access (HTTP {status})" + (f"; check {keys}" if keys else "")
        if status is not None and status >= 400:
            return FAIL, f"HTTP {status}"
        detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        return FAIL, self.redact(f"unusable reply ({type(exc).__name__}: {str(detail).strip()[:120]})")

    def redact(self, message: str) -> str:
        for key in _SECRET:
            if self.settings.get(key):
                message = message.replace(self.settings[key], "***")
        return message


class _DeepL(DeeplTranslator):
    """DeepL as its API now wants it: POST, key in the Authorization header."""

    def translate(self, text: str, **kwargs) -> str:
        if not text.strip():
            return text
        response = deepl_module.requests.post(  # the shim while a run is active
            self._base_url + "translate",
            headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"},
            data={"text": text, "source_lang": self._source, "target_lang": self._target},
        )
        if response.status_code == 403:
            raise dx.AuthorizationException("(hidden)")
        if request_failed(status_code=response.status_code):
            raise dx.ServerException(response.status_code)
        translations = response.json().get("translations")
        if not translations:
            raise dx.TranslationNotFound(text)
        return translations[0]["text"]


class _Microsoft(MicrosoftTranslator):
    def _get_supported_languages(self):
        return {"english": "en", "korean": "ko"}  # we set the codes; no network call in __init__


class _Papago(PapagoTranslator):
    """Papago on NAVER Cloud: the Naver Developers API deep-translator calls closed in 2024."""

    URL = "https://papago.apigw.ntruss.com/nmt/v1/translation"

    def translate(self, text: str, **kwargs) -> str:
        response = papago_module.requests.post(
            self._base_url,
            headers={"X-NCP-APIGW-API-KEY-ID": self.client_id, "X-NCP-APIGW-API-KEY": self.secret_key},
            data={"source": self._source, "target": self._target, "text": text},
        )
        if request_failed(status_code=response.status_code):
            raise dx.ServerException(response.status_code)
        result = (response.json().get("message") or {}).get("result") or {}
        if not result.get("translatedText"):
            raise dx.TranslationNotFound(text)
        return result["translatedText"]


ONLINE = tuple(_LIMITS)
OFFLINE = ("memory", "pseudo", "opencc")


def make_engine(name: str, options: dict[str, str], cfg) -> Engine:
    """The engine called `name`; unknown names and options are usage errors."""
    if name in ONLINE:
        engine: Engine = DeepTranslatorEngine(name, options)
    elif name in OFFLINE:
        from toolkit.mt import offline

        engine = offline.make(name, options, cfg)
    else:
        raise L10nError(f"unknown engine {name!r}; choose one of {', '.join(ONLINE + OFFLINE)}")
    return engine
