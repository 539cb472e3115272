"""Mask secrets in messages: the one function every message leaving `toolkit.mt` goes through.

Secrets are the values of secret options (keys given by option or environment) and the
userinfo of URLs (``http://user:pw@host/`` -> ``http://***@host/``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# option names whose values are secrets, for every engine
SECRET_OPTIONS = frozenset({"api_key", "secret_key", "appkey", "client_secret", "password", "token"})
_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/\s@?#]+@")
MASK = "***"


def redact(message: str, secrets: Iterable[str] = ()) -> str:
    """`message` with URL userinfo and every secret value replaced by ``***``."""
    message = _USERINFO.sub(rf"\1{MASK}@", message)
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        message = message.replace(secret, MASK)
    return message


def strip_userinfo(url: str) -> str:
    """The URL without ``user:pw@``: credentials never change a service's output."""
    return _USERINFO.sub(r"\1", url)
