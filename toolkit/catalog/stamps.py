"""What an update or a compile made of its inputs, remembered in ``locales/.cache/stamps.json``.

The same inputs (the template's and the catalogue's bytes, by digest, the settings that shape the output and the
toolkit's version) give the same outputs: an update merges the template into a catalogue it already merged into
nothing new (merging is idempotent: `l10n update` twice writes the same bytes), and a compile of an unchanged
catalogue makes the same ``.mo``.  So `l10n run` with nothing changed does not merge a site's 170,000 entries again
(7.8 s) nor build its ``.mo`` again (1.8 s).  A stamp is a shortcut and nothing more: it is data only (JSON), and a
missing, unreadable or foreign file, or a stamp of other inputs, is a miss that does the work.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.fingerprint import code_files, hash_code
from toolkit.fsutil import atomic_write_text, file_sha256

STAMPS = "stamps.json"
FORMAT = 1


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, streamed ("" when it cannot be read: no stamp matches it)."""
    try:
        return file_sha256(path)
    except OSError:
        return ""


@functools.cache
def _code() -> str:
    """The code update and compile run: the catalogue package, the fuzzy matcher and the locale names (another
    version may write other bytes for the same inputs, and the version number is not bumped by every fix), and
    the libraries whose data shapes what they write: Babel's plural rules fill headers, rapidfuzz scores matches
    (their versions, in the bytes of their `__init__`: neither is imported for it)."""
    h = hashlib.sha256(f"{__version__}\0".encode())
    here = Path(__file__).resolve().parent
    hash_code(h, [*code_files(here), here.parent / "similar.py", here.parent / "locales.py"])
    for library in ("babel", "rapidfuzz"):
        spec = importlib.util.find_spec(library)
        h.update(file_digest(Path(spec.origin)).encode() if spec and spec.origin else b"-")
    return h.hexdigest()


def stamp_key(*parts: object) -> str:
    """The digest of a step's inputs and of the code that does it."""
    h = hashlib.sha256()
    for part in (_code(), *parts):
        h.update(str(part).encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def _read(cache_dir: Path) -> dict[str, Any]:
    path = cache_dir / STAMPS
    if path.is_symlink():  # (a link shipped in a repository: neither read nor written through)
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def recalled(cache_dir: Path, step: str, locale: str, key: str,
             valid: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
    """What `step` remembered of `locale`'s run on the inputs `key`, if `valid` takes it (a hand-edited value is a
    miss, not a traceback later), else None."""
    stamp = _read(cache_dir).get(step, {})
    found = stamp.get(locale) if isinstance(stamp, dict) else None
    if not isinstance(found, dict) or found.get("key") != key or not isinstance(found.get("value"), dict):
        return None
    return found["value"] if valid(found["value"]) else None


def has_fields(value: dict[str, Any], names: tuple[str, ...], others: tuple[str, ...] = ()) -> bool:
    """Whether a remembered value has exactly these whole-number fields (and these string ones)."""
    return set(value) == {*names, *others} and all(type(value[n]) is int and value[n] >= 0 for n in names) and \
        all(isinstance(value[n], str) for n in others)


def remember(cache_dir: Path, step: str, stamps: dict[str, tuple[str, dict[str, Any]]]) -> None:
    """Keep `step`'s results (locale -> (inputs key, value)); a cache that cannot be written is no error."""
    data = _read(cache_dir) or {"format": FORMAT}
    known = data.get(step)
    known = dict(known) if isinstance(known, dict) else {}
    known.update({locale: {"key": key, "value": value} for locale, (key, value) in stamps.items()})
    data[step] = known
    if (cache_dir / STAMPS).is_symlink():
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(cache_dir / STAMPS, json.dumps(data, sort_keys=True) + "\n")
    except OSError:
        pass
