"""The translations a build uses: (msgctxt, msgid) -> msgstr, read from a catalogue or its store.

Parsing a large .po is most of a build, so its usable translations are kept in an SQLite file,
``locales/.cache/build-<locale>.sqlite``, keyed by the digest of the catalogue's bytes.  A build
does not load the store: each page looks up the few hundred keys it has (`TranslationStore.lookup`),
so a rebuild of one page reads one page's worth, and pool workers hold no copy of the catalogue.
The store is data only (never pickle: nothing that can run code is loaded from the project); a
corrupt or stale one is a miss, reported in one line when corrupt, and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from toolkit import __version__

Translations = dict[tuple[str | None, str], str]
STORE_FORMAT = "2"
_CHUNK = 500  # keys per SELECT ... IN (...): far below SQLite's variable limit


def content_digest(*parts: bytes | str) -> str:
    """SHA-256 over the parts (NUL-separated): the key of every build cache and manifest entry."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def translations_cache(cache_dir: Path, po_path: Path) -> Path:
    """Where the translations of locales/<locale>/LC_MESSAGES/<domain>.po are kept."""
    return cache_dir / f"build-{po_path.parent.parent.name}.sqlite"


def catalogue_digest(po_path: Path) -> str:
    """SHA-256 of the catalogue's bytes, streamed (a large catalogue is not held in memory)."""
    with po_path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def store_digest(catalogue: str, include_fuzzy: bool) -> str:
    """What a store is for: the catalogue's digest, the fuzzy switch, the toolkit's version."""
    return content_digest(catalogue, str(include_fuzzy), __version__, STORE_FORMAT)


def _key(context: str | None, msgid: str) -> str:
    """One TEXT key per (msgctxt, msgid); no context and an empty one stay apart."""
    return "n" + msgid if context is None else f"c{len(context)}:{context}{msgid}"


class TranslationStore:
    """A catalogue's usable translations on disk, looked up by the keys one page needs.

    The connection is opened lazily in the process that uses it (forked workers open their own).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            self._conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._conn

    def lookup(self, keys: Iterable[tuple[str | None, str]]) -> Translations:
        """The translations of those keys that have one."""
        wanted = {_key(c, m): (c, m) for c, m in keys}
        out: Translations = {}
        names = list(wanted)
        conn = self._connection()
        for i in range(0, len(names), _CHUNK):
            chunk = names[i:i + _CHUNK]
            rows = conn.execute(f"SELECT k, msgstr FROM tr WHERE k IN ({','.join('?' * len(chunk))})", chunk)
            for k, msgstr in rows:
                out[wanted[k]] = msgstr
        return out

    def all(self) -> Translations:
        out: Translations = {}
        for k, msgstr in self._connection().execute("SELECT k, msgstr FROM tr"):
            if k.startswith("n"):
                out[(None, k[1:])] = msgstr
            else:
                size, _, rest = k[1:].partition(":")
                out[(rest[:int(size)], rest[int(size):])] = msgstr
        return out

    def digest(self) -> str | None:
        """The digest the store was written for; None if it is missing; sqlite3.DatabaseError if corrupt."""
        if not self.path.exists():
            return None
        row = self._connection().execute("SELECT value FROM meta WHERE name = 'digest'").fetchone()
        if row is None or not isinstance(row[0], str):
            raise sqlite3.DatabaseError("no digest")
        self._connection().execute("SELECT k, msgstr FROM tr LIMIT 1").fetchall()
        return row[0]

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None


def fresh_store(store: TranslationStore, digest: str, warn: Callable[[str], None] | None = None) -> bool:
    """Whether `store` holds the translations for `digest` (a corrupt store is a miss, with a warning)."""
    try:
        found = store.digest()
    except sqlite3.Error as exc:
        if warn is not None:
            warn(f"{store.path}: unreadable build cache ({exc}); re-reading the catalogue")
        found = None
    store.close()
    return found == digest


def write_store(po_path: Path, include_fuzzy: bool, target: Path, digest: str) -> int:
    """Parse the catalogue and write its usable translations to `target` (atomically); how many."""
    rows = {_key(*k): v for k, v in parse_translations(po_path, include_fuzzy).items()}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
            conn.execute("CREATE TABLE tr (k TEXT PRIMARY KEY, msgstr TEXT NOT NULL) WITHOUT ROWID")
            conn.executemany("INSERT INTO tr VALUES (?, ?)", sorted(rows.items()))
            conn.execute("INSERT INTO meta VALUES ('digest', ?)", (digest,))
            conn.commit()
        finally:
            conn.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return len(rows)


def open_store(po_path: Path, include_fuzzy: bool, cache_dir: Path,
               warn: Callable[[str], None] | None = None, digest: str | None = None) -> TranslationStore:
    """The up-to-date store of a catalogue, written first if needed (in this process)."""
    digest = digest or store_digest(catalogue_digest(po_path), include_fuzzy)
    store = TranslationStore(translations_cache(cache_dir, po_path))
    if not fresh_store(store, digest, warn):
        write_store(po_path, include_fuzzy, store.path, digest)
    return store


def load_translations(path: Path, include_fuzzy: bool, cache_dir: Path | None = None,
                      warn: Callable[[str], None] | None = None) -> Translations:
    """(msgctxt, msgid) -> msgstr for reviewed (and, for previews, fuzzy) translations, all at once."""
    if not path.exists():
        return {}
    if cache_dir is None:
        return parse_translations(path, include_fuzzy)
    try:
        store = open_store(path, include_fuzzy, cache_dir, warn)
    except OSError:
        return parse_translations(path, include_fuzzy)  # a read-only tree builds fine, just without the cache
    try:
        return store.all()
    finally:
        store.close()


def parse_translations(path: Path, include_fuzzy: bool) -> Translations:
    from toolkit.catalog import entry_key, is_usable, read_catalog  # here: a build with its stores fresh does without

    out: Translations = {}
    for entry in read_catalog(path, comments=False):
        if is_usable(entry, include_fuzzy) and not entry.msgid_plural:  # pages have no plurals
            out[entry_key(entry)] = entry.msgstr
    return out
