"""deep-translator adapters: google, mymemory, libre, deepl, microsoft, papago, baidu.

One class per engine (its codes, keys, limits and how to build deep-translator's object).
Repairs to deep-translator (1.11.4), all kept in this module:

* No timeouts: its engines call ``requests.get/post`` with none.  The ``requests`` name inside
  the deep-translator module each adapter uses is replaced, once, by a shim that does nothing unless the
  calling thread is inside `DeepTranslatorEngine.translate`; there it adds the request's
  timeout, reuses a keep-alive session per thread and records the exchange (status,
  Retry-After, connection error), so a 429 or a refused connection (which escapes
  deep-translator's own ``except ConnectionError``: it catches the builtin, not requests')
  can be told from a bad key.  Patching the module attribute, not ``requests.get`` itself,
  leaves every other user of requests in the process alone.
* Shared state: translators keep the request in ``self._url_params``, so one instance per
  thread and locale pair, never shared.
* Codes: we map gettext locales ourselves (``engine_code``, one table per engine: ``CODES``) and set
  them through the public ``source``/``target`` setters, because some of deep-translator's tables are
  stale or wrong (Papago's maps codes to names; DeepL's lacks Korean and Traditional Chinese; none
  has Google's pt-PT and fr-CA).  ``sr@latin`` and ``sr_Latn`` are the same locale (`locales.locale_tag`); a script
  or variant an engine does not offer is refused, never sent as the bare language (Serbian in
  Cyrillic for a Latin-script catalogue).
* DeepL: the API refuses ``auth_key`` query parameters since 2026-01-15 and GET on /translate
  since 2025; the subclass POSTs with an ``Authorization: DeepL-Auth-Key`` header.
* Papago: the Naver Developers endpoint it calls closed in 2024; the subclass uses NAVER Cloud
  (papago.apigw.ntruss.com) and its headers.  Microsoft: the constructor fetches the
  language list over the network; the subclass skips that.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Container, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import deep_translator as dt
import requests
from babel import Locale
from deep_translator import DeeplTranslator, MicrosoftTranslator, PapagoTranslator
from deep_translator import constants as dtc
from deep_translator import exceptions as dx
from deep_translator.validate import request_failed

from toolkit.errors import L10nError
from toolkit.locales import LangTag, bcp47, locale_tag, other_script
from toolkit.mt.engine import FAIL, FATAL, RETRY, Engine, Failure, Reply, Request, join_replies, split_text
from toolkit.mt.redact import SECRET_OPTIONS, strip_userinfo

if TYPE_CHECKING:
    from toolkit.config import Config

# --- requests shim: timeouts, sessions and a record of each exchange -------------------------


class _Exchange(threading.local):
    """Per-thread record of the HTTP exchange the current translate() call made."""

    active: bool = False
    timeout: float = 20.0
    status: int | None = None
    retry_after: float | None = None
    error: Exception | None = None
    session: requests.Session | None = None
    response: requests.Response | None = None  # the last one, for an adapter that reads what deep-translator skips


EXCHANGE = _Exchange()


@contextmanager
def _exchange(timeout: float) -> Iterator[_Exchange]:
    ex = EXCHANGE
    ex.active, ex.timeout, ex.status, ex.retry_after, ex.error, ex.response = True, timeout, None, None, None, None
    try:
        yield ex
    finally:
        ex.active = False


class _RequestsShim:
    """Stands in for the ``requests`` module inside deep_translator's engine modules."""

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def get(self, url: str, **kw: Any) -> requests.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> requests.Response:
        return self.request("POST", url, **kw)

    def request(self, method: str, url: str, **kw: Any) -> requests.Response:
        ex = EXCHANGE
        if not ex.active:  # someone else's use of deep-translator: plain requests
            return requests.request(method, url, **kw)
        kw.setdefault("timeout", ex.timeout)
        if ex.session is None:
            ex.session = requests.Session()
        try:
            response = ex.session.request(method, url, **kw)
        except requests.RequestException as exc:
            ex.error = exc
            raise
        ex.status, ex.response = response.status_code, response
        try:
            ex.retry_after = float(response.headers.get("Retry-After", ""))
        except ValueError:
            ex.retry_after = None
        return response


SHIM = _RequestsShim()
_install_lock = threading.Lock()


def _install_shim(translator: object) -> None:
    """Give the deep-translator module(s) `translator`'s class comes from the shim (idempotent)."""
    for cls in type(translator).__mro__:
        module = sys.modules.get(cls.__module__)
        if cls.__module__.startswith("deep_translator.") and getattr(module, "requests", SHIM) is not SHIM:
            with _install_lock:
                module.requests = SHIM  # type: ignore[union-attr]


# --- locale codes ------------------------------------------------------------------------------


def special(tag: LangTag) -> bool:
    """A script or variant an engine must offer by name: the bare language would answer in another."""
    return other_script(tag) or bool(tag.variants)


def code_names(tag: LangTag) -> list[str]:
    """What an engine's `CODES` may name this tag by, most specific first; the bare language and its region
    only when nothing special is asked for."""
    lang = tag.language
    if tag.variants:
        return [f"{lang}-{v}" for v in tag.variants]
    keys = [f"{lang}-{tag.script}-{tag.region}"] if tag.script and tag.region else []
    keys += [f"{lang}-{tag.script}"] if tag.script else []
    if not other_script(tag):
        keys += ([f"{lang}-{tag.region}"] if tag.region else []) + [lang]
    return keys


# --- the adapters -------------------------------------------------------------------------------


class DeepTranslatorEngine(Engine):
    """An online engine reached through deep-translator; subclasses say which and how."""

    online = True
    env: ClassVar[dict[str, tuple[str, ...]]] = {}  # option -> environment variables (ours first)
    required: ClassVar[tuple[str, ...]] = ()  # options that must be set
    extra_options: ClassVar[frozenset[str]] = frozenset()  # options that change the output (formality…)
    chinese: ClassVar[tuple[str | None, str | None]] = ("zh-CN", "zh-TW")  # Simplified, Traditional
    limits: ClassVar[tuple[float, int]] = (5, 4)  # default (requests/second, parallel requests)
    default_url: ClassVar[str | None] = None
    # the longest text one request may carry (deep-translator's check or the service's documented limit);
    # a longer one is sent in pieces cut after sentences (`split_text`)
    max_chars: ClassVar[int | None] = None
    # the service's code for a tag (`code_names`: "sr-Latn", "pt-PT", "nb") where it is not the bare language
    CODES: ClassVar[dict[str, str]] = {}
    # the bare language codes the service has (None: any; the service says no to the others)
    LANGUAGES: ClassVar[Container[str] | None] = None

    @classmethod
    def option_names(cls) -> frozenset[str]:
        return frozenset(cls.env) | cls.extra_options | {"url", "source", "target"}

    def __init__(self, options: dict[str, str], cfg: Config | None = None):
        super().__init__()
        self.rate, self.concurrency = self.limits
        self.options = self.option_names()
        self.settings = {k: v for k, v in options.items() if k in self.options}
        for key in sorted(set(self.settings) & SECRET_OPTIONS):
            if self.settings[key]:
                env = self.env.get(key, ("the environment",))[0]
                self.warnings.append(f"{key} given on the command line is visible in shell history and process "
                                     f"lists; set {env} in the environment instead")
        for key, env_names in self.env.items():
            if not self.settings.get(key):
                value = next((os.environ[e] for e in env_names if os.environ.get(e)), None)
                if value:
                    self.settings[key] = value
        missing = [k for k in self.required if not self.settings.get(k)]
        if missing:
            env = " / ".join(self.env[missing[0]])
            raise L10nError(f"engine {self.name} needs {missing[0]}: set {env} in the environment "
                            f"or pass --engine-option {missing[0]}=…")
        self._local = threading.local()

    # codes

    @classmethod
    def lang_code(cls, tag: LangTag, role: str) -> str | None:
        """The engine's code for a language other than Chinese: its `CODES` entry, else the bare language if
        the engine has it and nothing special (another script, a variant) is asked for."""
        code = cls.named(tag)
        if code or special(tag):
            return code
        return tag.language if cls.LANGUAGES is None or tag.language in cls.LANGUAGES else None

    @classmethod
    def named(cls, tag: LangTag) -> str | None:
        """The `CODES` entry for the tag's most specific name that has one."""
        return next((cls.CODES[n] for n in code_names(tag) if n in cls.CODES), None)

    def codes(self, source: str, target: str) -> tuple[str, str]:
        src = self.settings.get("source") or engine_code(self.name, source, "source")
        tgt = self.settings.get("target") or engine_code(self.name, target, "target")
        for locale, code, role in ((source, src, "source"), (target, tgt, "target")):
            if not code:
                raise L10nError(f"engine {self.name} cannot translate {'from' if role == 'source' else 'into'} "
                                f"{locale}{self._refusal(locale, role)} (or pass --engine-option {role}=CODE if "
                                "your service has it)")
        assert src and tgt
        return src, tgt

    def _refusal(self, locale: str, role: str) -> str:
        """Why a locale has no code here, and which engine to use instead."""
        tag = locale_tag(locale)
        if tag.language == "zh":
            return "; use --engine opencc (from reviewed zh_CN) or another engine"
        if not special(tag):
            return "; use another engine"
        others = [name for name in ADAPTERS if name != self.name and engine_code(name, locale, role)]
        use = f"use {' or '.join(others)}" if others else "use another engine"
        if not engine_code(self.name, tag.language, role):
            return f"; {use}"
        what = f"the {tag.script} script" if other_script(tag) else f"the variety {bcp47(locale)}"
        return f": it has {tag.language} only in its usual form, not in {what}; {use}"

    # the Engine interface

    def prepare(self, source: str, target: str) -> None:
        self._configured(*self.codes(source, target))  # surfaces bad settings before any request

    def translate(self, request: Request) -> Reply:
        translators = self._local.__dict__.setdefault("translators", {})
        pair = (request.source, request.target)
        if pair not in translators:
            translators[pair] = self._configured(*self.codes(*pair))
        pieces = split_text(request.text, self.max_chars) if self.max_chars else [request.text]
        # a retry of this request (the runner's, after a failure halfway) resends only the pieces not yet answered
        answered = self._local.__dict__.get("answered")
        replies: list[str] = answered[1] if answered is not None and answered[0] is request else []
        self._local.answered = (request, replies)
        for i, piece in enumerate(pieces):
            if i < len(replies):
                continue
            if i:
                request.pace()
            with _exchange(request.timeout) as ex:
                try:
                    text = translators[pair].translate(piece.rstrip() if len(pieces) > 1 else piece)
                except Exception as exc:
                    raise self.classify(exc, ex) from None
                self.check_reply(ex)
            if not isinstance(text, str) or not text.strip():
                raise Failure(FAIL, "unusable reply (empty)")
            replies.append(text)
        self._local.answered = None
        return Reply(join_replies(pieces, replies))

    def cache_identity(self) -> str:
        parts = [self.name]
        for key in sorted(self.extra_options | {"url", "source", "target"}):
            if self.settings.get(key):
                value = self.settings[key]
                parts.append(f"{key}={strip_userinfo(value) if key == 'url' else value}")
        return " ".join(parts)

    def secrets(self) -> list[str]:
        out = [v for k, v in self.settings.items() if k in SECRET_OPTIONS and v]
        url = urlsplit(self.settings.get("url") or "")
        out += [s for s in (url.password, url.username) if s]
        return out

    # deep-translator

    def build(self) -> Any:
        """deep-translator's translator, with placeholder codes (set by `_configured`)."""
        raise NotImplementedError

    def _configured(self, src: str, tgt: str) -> Any:
        translator = self.build()
        _install_shim(translator)
        url = self.settings.get("url") or self.default_url
        if url:
            translator._base_url = url
        translator.source, translator.target = src, tgt
        return translator

    def check_reply(self, ex: _Exchange) -> None:
        """Raise a `Failure` for a reply deep-translator took for a translation though the service said otherwise
        (only some services do: see `MyMemory`)."""

    def classify(self, exc: Exception, ex: _Exchange) -> Failure:
        status, error = ex.status, ex.error
        if isinstance(error, requests.Timeout):
            return Failure(RETRY, f"no answer within {ex.timeout:g} s")
        if isinstance(error, requests.RequestException):
            host = urlsplit(getattr(error.request, "url", "") or "").netloc.rpartition("@")[2] or "the server"
            return Failure(RETRY, f"cannot connect to {host} ({type(error).__name__})")
        if status == 429 or isinstance(exc, dx.TooManyRequests):
            return Failure(RETRY, "HTTP 429 too many requests", ex.retry_after)
        if status is not None and status >= 500:
            return Failure(RETRY, f"HTTP {status} server error", ex.retry_after)
        if status in (401, 403) or isinstance(exc, (dx.AuthorizationException, dx.ApiKeyException)):
            keys = " / ".join(v for k, vs in self.env.items() if k in SECRET_OPTIONS | {"client_id", "appid"}
                              for v in vs)
            return Failure(FATAL, f"{self.name} refused access (HTTP {status})" + (f"; check {keys}" if keys else ""))
        if status is not None and status >= 400:
            return Failure(FAIL, f"HTTP {status}")
        detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        return Failure(FAIL, f"unusable reply ({type(exc).__name__}: {str(detail).strip()[:120]})")


class Google(DeepTranslatorEngine):
    name = "google"
    max_chars = 4999  # deep-translator refuses 5,000 and more

    LANGUAGES = frozenset(dtc.GOOGLE_LANGUAGES_TO_CODES.values())
    # Google's own list: "no" is Bokmål; "pt" is Brazilian (pt-PT since 2024) and "fr" European (fr-CA since
    # 2024); "sr" answers in Cyrillic only (no Latin)
    CODES: ClassVar = {"he": "iw", "fil": "tl", "jv": "jw", "nb": "no", "pt-PT": "pt-PT", "fr-CA": "fr-CA",
                       "mni-Mtei": "mni-Mtei"}

    def build(self) -> Any:
        return dt.GoogleTranslator(source="en", target="ko")


class MyMemory(DeepTranslatorEngine):
    name = "mymemory"
    max_chars = 499  # deep-translator refuses 500 and more (the service's limit)
    env: ClassVar = {"email": ("L10N_MYMEMORY_EMAIL",)}
    limits = (2, 2)
    DEFAULT_REGION: ClassVar = {"en": "en-US", "pt": "pt-PT", "es": "es-ES", "ar": "ar-SA"}
    CODES: ClassVar = {"ca-valencia": "cav-ES", "no": "nb-NO"}
    LANGUAGES = frozenset(dtc.MY_MEMORY_LANGUAGES_TO_CODES.values())  # all with a region: "ko-KR", "sr-Latn-RS"

    @classmethod
    def lang_code(cls, tag: LangTag, role: str) -> str | None:
        lang, values = tag.language, cls.LANGUAGES
        code = cls.named(tag)
        if code or tag.variants:
            return code
        if tag.script:  # sr-Latn-RS, bs-Cyrl-BA
            scripted = sorted(v for v in values if v.startswith(f"{lang}-{tag.script}-"))
            code = f"{lang}-{tag.script}-{tag.region}" if f"{lang}-{tag.script}-{tag.region}" in values else \
                next(iter(scripted), None)
            if code or other_script(tag):
                return code
        for code in (f"{lang}-{tag.region}", cls.DEFAULT_REGION.get(lang), f"{lang}-{lang.upper()}"):
            if code in values:
                return code
        # any region of the language, but not a code naming another script than its usual one (sr-Latn-RS for sr)
        return next((v for v in sorted(values) if v.startswith(lang + "-") and not other_script(locale_tag(v))), None)

    def build(self) -> Any:
        return dt.MyMemoryTranslator(source="en-US", target="ko-KR", email=self.settings.get("email"))

    def check_reply(self, ex: _Exchange) -> None:
        """MyMemory answers HTTP 200 with its warning as `translatedText` when the day's quota is used up
        (`quotaFinished`, a `responseStatus` of 429) or a request is refused (403: an invalid language pair…);
        deep-translator returns that warning as the translation, which then went into catalogues and the cache."""
        try:
            data = ex.response.json() if ex.response is not None else None
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        status = str(data.get("responseStatus", "200"))
        details = data.get("responseDetails") or (data.get("responseData") or {}).get("translatedText") or ""
        if data.get("quotaFinished") or status == "429":
            raise Failure(FATAL, "MyMemory's free quota for today is used up (it sent its warning in place of a "
                          "translation); try tomorrow, or pass --engine-option email=… for a larger one")
        if status != "200":
            raise Failure(FAIL, f"MyMemory refused the text (status {status}: {str(details).strip()[:120]})")


class Libre(DeepTranslatorEngine):
    name = "libre"
    env: ClassVar = {"api_key": ("L10N_LIBRE_API_KEY", "LIBRE_API_KEY")}
    chinese = ("zh", None)  # deep-translator's table has no Traditional Chinese ('zt' on new servers: target=zt)

    def __init__(self, options: dict[str, str], cfg: Config | None = None):
        super().__init__(options, cfg)
        if not (self.settings.get("url") or self.settings.get("api_key")):
            raise L10nError("engine libre needs url=http://your-server:5000/ (self-hosted) or an api_key "
                            "(L10N_LIBRE_API_KEY) for libretranslate.com")

    LANGUAGES = frozenset(dtc.LIBRE_LANGUAGES_TO_CODES.values())
    CODES: ClassVar = {"pt-BR": "pb"}  # LibreTranslate's "pt" is European Portuguese; Brazilian is "pb"

    def build(self) -> Any:
        raise AssertionError("Libre overrides _configured")

    def _configured(self, src: str, tgt: str) -> Any:
        base = (self.settings.get("url") or "https://libretranslate.com/").rstrip("/") + "/"
        translator = dt.LibreTranslator(source="en", target="ko", api_key="-", custom_url=base)
        _install_shim(translator)
        translator.api_key = self.settings.get("api_key")  # self-hosted servers need none; don't send a dummy
        translator.source, translator.target = src, tgt
        return translator


class DeepL(DeepTranslatorEngine):
    name = "deepl"
    env: ClassVar = {"api_key": ("L10N_DEEPL_API_KEY", "DEEPL_API_KEY")}
    required = ("api_key",)
    extra_options = frozenset({"formality"})  # default, more, less, prefer_more, prefer_less
    chinese = ("ZH-HANS", "ZH-HANT")
    limits = (10, 8)
    LANGS: ClassVar = set("AR BG CS DA DE EL EN ES ET FI FR HU ID IT JA KO LT LV NB NL PL PT RO RU SK SL SV TR UK "
                          "ZH".split())

    @classmethod
    def lang_code(cls, tag: LangTag, role: str) -> str | None:
        lang, region = tag.language, tag.region
        if lang.upper() not in cls.LANGS or special(tag):
            return None
        if role == "target" and lang in ("en", "pt"):
            return {"en": "EN-GB" if region == "GB" else "EN-US", "pt": "PT-BR" if region == "BR" else "PT-PT"}[lang]
        return lang.upper()

    def build(self) -> Any:
        key = self.settings["api_key"]
        translator = _DeepL(source="en", target="de", api_key=key, use_free_api=key.endswith(":fx"))
        translator.formality = self.settings.get("formality")
        return translator

    def _configured(self, src: str, tgt: str) -> Any:
        translator = super()._configured(src, tgt)
        translator._base_url = translator._base_url.rstrip("/") + "/"
        return translator


class Microsoft(DeepTranslatorEngine):
    name = "microsoft"
    max_chars = 50000  # Translator v3: 50,000 characters a request
    env: ClassVar = {"api_key": ("L10N_MICROSOFT_API_KEY", "MICROSOFT_API_KEY"), "region": ("L10N_MICROSOFT_REGION",)}
    required = ("api_key",)
    chinese = ("zh-Hans", "zh-Hant")
    limits = (10, 8)
    # ~130 languages, listed only online (the service answers 400 for others); these are named otherwise:
    # Serbian and Mongolian only with their script, "pt" is Brazilian and "fr" European, Norwegian is "nb"
    CODES: ClassVar = {"sr": "sr-Cyrl", "sr-Cyrl": "sr-Cyrl", "sr-Latn": "sr-Latn", "mn": "mn-Cyrl",
                       "mn-Cyrl": "mn-Cyrl", "mn-Mong": "mn-Mong", "iu-Latn": "iu-Latn", "pt-PT": "pt-pt",
                       "fr-CA": "fr-ca", "no": "nb"}

    def build(self) -> Any:
        s = self.settings
        return _Microsoft(source="en", target="ko", api_key=s["api_key"], region=s.get("region"))


class Papago(DeepTranslatorEngine):
    name = "papago"
    max_chars = 5000  # NAVER Cloud Papago: 5,000 characters a request
    env: ClassVar = {"client_id": ("L10N_PAPAGO_CLIENT_ID",), "secret_key": ("L10N_PAPAGO_CLIENT_SECRET",)}
    required = ("client_id", "secret_key")
    default_url = "https://papago.apigw.ntruss.com/nmt/v1/translation"
    LANGUAGES = frozenset({"ko", "en", "ja", "es", "fr", "vi", "th", "id", "de", "ru", "it"})

    def build(self) -> Any:
        s = self.settings
        return _Papago(client_id=s["client_id"], secret_key=s["secret_key"], source="en", target="ko")


class Baidu(DeepTranslatorEngine):
    name = "baidu"
    max_chars = 2000  # Baidu's general API: 6,000 bytes a request, so 2,000 characters of up to 3 UTF-8 bytes
    env: ClassVar = {"appid": ("L10N_BAIDU_APPID", "BAIDU_APPID"), "appkey": ("L10N_BAIDU_APPKEY", "BAIDU_APPKEY")}
    required = ("appid", "appkey")
    chinese = ("zh", "cht")
    limits = (1, 1)

    @classmethod
    def lang_code(cls, tag: LangTag, role: str) -> str | None:
        if special(tag):
            return None
        try:
            name = Locale.parse(tag.language).english_name
        except (ValueError, TypeError):
            return None
        return dtc.BAIDU_LANGUAGE_TO_CODE.get((name or "").lower())

    def build(self) -> Any:
        return dt.BaiduTranslator(source="en", target="kor", appid=self.settings["appid"],
                                  appkey=self.settings["appkey"])


ADAPTERS: dict[str, type[DeepTranslatorEngine]] = {
    cls.name: cls for cls in (Google, MyMemory, Libre, DeepL, Microsoft, Papago, Baidu)
}


def engine_code(engine: str, locale: str, role: str = "target") -> str | None:
    """The code `engine` uses for a gettext locale (ko, zh_TW, pt_BR), or None if it has none."""
    cls = ADAPTERS[engine]
    tag = locale_tag(locale)
    if tag.language == "zh":
        if engine == "deepl" and role == "source":
            return "ZH"
        traditional = tag.script == "Hant" or (tag.script is None and tag.region in ("TW", "HK", "MO"))
        return cls.chinese[1 if traditional else 0]
    return cls.lang_code(tag, role)


# --- deep-translator subclasses: today's APIs ---------------------------------------------------


class _DeepL(DeeplTranslator):
    """DeepL as its API now wants it: POST, key in the Authorization header."""

    formality: str | None = None

    def translate(self, text: str, **kwargs: Any) -> str:
        if not text.strip():
            return text
        data = {"text": text, "source_lang": self._source, "target_lang": self._target}
        if self.formality:
            data["formality"] = self.formality
        response = SHIM.post(
            self._base_url + "translate", headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"}, data=data,
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
    def _get_supported_languages(self) -> dict[str, str]:
        return {"english": "en", "korean": "ko"}  # we set the codes; no network call in __init__


class _Papago(PapagoTranslator):
    """Papago on NAVER Cloud: the Naver Developers API deep-translator calls closed in 2024."""

    def translate(self, text: str, **kwargs: Any) -> str:
        response = SHIM.post(
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
