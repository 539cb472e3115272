"""The translations a build uses: (msgctxt, msgid) -> msgstr, read from a catalogue or its cache.

Parsing a large .po is most of an incremental build, so the result is kept as JSON in
``locales/.cache/build-<locale>.json``, keyed by the catalogue's bytes.  The cache is data
only (never pickle: nothing that can run code is loaded from the project); a corrupt one is a
miss, reported in one line, and rewritten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from toolkit import __version__
from toolkit.catalog import entry_key, is_usable, read_catalog
from toolkit.fsutil import atomic_write_text

Translations = dict[tuple[str | None, str], str]
CACHE_FORMAT = 1


def content_digest(*parts: bytes | str) -> str:
    """SHA-256 over the parts (NUL-separated): the key of every build cache and manifest entry."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def translations_cache(cache_dir: Path, po_path: Path) -> Path:
    """Where the parsed catalogue of locales/<locale>/LC_MESSAGES/<domain>.po is kept."""
    return cache_dir / f"build-{po_path.parent.parent.name}.json"


def load_translations(path: Path, include_fuzzy: bool, cache_dir: Path | None = None,
                      warn: Callable[[str], None] | None = None) -> Translations:
    """(msgctxt, msgid) -> msgstr for reviewed (and, for previews, fuzzy) translations."""
    if not path.exists():
        return {}
    if cache_dir is None:
        return _parse_translations(path, include_fuzzy)
    digest = content_digest(path.read_bytes(), str(include_fuzzy), __version__)
    cache = translations_cache(cache_dir, path)
    try:
        stored = _read_cache(cache.read_text("utf-8"), digest)
    except FileNotFoundError:
        stored = None
    except (OSError, ValueError, TypeError) as exc:
        if warn is not None:
            warn(f"{cache}: unreadable build cache ({exc}); re-reading the catalogue")
        stored = None
    if stored is not None:
        return stored
    out = _parse_translations(path, include_fuzzy)
    data = {"format": CACHE_FORMAT, "digest": digest,
            "entries": [[context, msgid, msgstr] for (context, msgid), msgstr in out.items()]}
    try:
        atomic_write_text(cache, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    except OSError:
        pass  # a read-only tree builds fine, just without the cache
    return out


def _read_cache(text: str, digest: str) -> Translations | None:
    """The cached translations if they are for `digest`; None if stale; ValueError if malformed."""
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ValueError("not a build cache")
    out: Translations = {}
    for context, msgid, msgstr in data["entries"]:
        if not (context is None or isinstance(context, str)) or not isinstance(msgid, str) \
                or not isinstance(msgstr, str):
            raise ValueError("malformed entry")
        out[(context, msgid)] = msgstr
    if data.get("format") != CACHE_FORMAT or data.get("digest") != digest:
        return None
    return out


def _parse_translations(path: Path, include_fuzzy: bool) -> Translations:
    out: Translations = {}
    for entry in read_catalog(path, comments=False):
        if is_usable(entry, include_fuzzy) and not entry.msgid_plural:  # pages have no plurals
            out[entry_key(entry)] = entry.msgstr
    return out
