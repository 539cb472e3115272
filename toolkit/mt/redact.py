"""Mask secrets in messages: the one function every message leaving `toolkit.mt` goes through.

Secrets are the values of secret options (keys given by option or environment) and the
userinfo of URLs (``http://user:pw@host/`` -> ``http://***@host/``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

# option names whose values are secrets, for every engine
SECRET_OPTIONS = frozenset({"api_key", "secret_key", "appkey", "client_secret", "password", "token"})
_USERINFO = re.compile(r"(?i)((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*+://)[^/\s@?#]++@")
MASK = "***"
# a secret this long is masked wherever it stands; a shorter one ("x", "k3y") is also found inside ordinary words
# ("texts"), so it is masked only where it stands alone, as a value is sent ("key=k3y&", "Bearer k3y", '"k3y"')
SEARCHABLE = 8


def spellings(secret: str) -> set[str]:
    """The ways a server's error text may quote a secret it was sent: as is, JSON-escaped (``\\u00fc``),
    percent-encoded, and its UTF-8 bytes read as Latin-1 (how HTTP headers are decoded)."""
    out = {secret, secret.strip(), json.dumps(secret)[1:-1], quote(secret, safe=""), quote_plus(secret, safe="")}
    try:
        out.add(secret.encode("utf-8").decode("latin-1"))
        out.add(json.dumps(secret.encode("utf-8").decode("latin-1"))[1:-1])
    except UnicodeError:
        pass
    return {s for s in out if s}


def redact(message: str, secrets: Iterable[str] = ()) -> str:
    """`message` with URL userinfo and every secret value (in each of its `spellings`) replaced by ``***``
    (a short one only where it is not part of a longer word: `SEARCHABLE`)."""
    message = _USERINFO.sub(rf"\1{MASK}@", message)
    variants = {v for s in secrets if s for v in spellings(s)}
    for secret in sorted(variants, key=len, reverse=True):
        if len(secret) >= SEARCHABLE:
            message = message.replace(secret, MASK)
        else:
            message = re.sub(rf"(?<![\w-]){re.escape(secret)}(?![\w-])", MASK, message)
    return message


def strip_userinfo(url: str) -> str:
    """The URL without ``user:pw@``: credentials never change a service's output."""
    return _USERINFO.sub(r"\1", url)
