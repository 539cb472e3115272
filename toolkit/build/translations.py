"""The translations a build uses: (msgctxt, msgid) -> msgstr, read from a catalogue or its store.

Parsing a large .po is most of a build, so its usable translations are kept in an SQLite file,
``locales/.cache/build-<locale>.sqlite``, keyed by the digest of the catalogue's bytes.  A build
does not load the store: each page looks up the few hundred keys it has (`TranslationStore.lookup`),
so a rebuild of one page reads one page's worth, and pool workers hold no copy of the catalogue.
Writing the store streams the catalogue (`stream_translations`): each entry is checked and, if
usable, inserted as it is read, so the parse holds the file's bytes, not its entries.
Rows stay in catalogue order, which is the order of the pages that first have them, so one page's
rows lie together on disk; they are found through an index of 64-bit digests of their keys (small,
so it stays in SQLite's cache), and each row found is checked against the key itself.
The store is data only (never pickle: nothing that can run code is loaded from the project); a
corrupt or stale one is a miss, reported in one line when corrupt, and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from toolkit import __version__
from toolkit.catalog import entry_key, is_usable, read_catalog
from toolkit.catalog.read import (
    EntryRecord,
    decode,
    foreign_charset,
    not_found,
    read_snapshot,
    refuse_empty,
    scan_translations,
)
from toolkit.catalog.status import is_header, usable
from toolkit.errors import L10nError
from toolkit.fsutil import file_sha256, new_temp, remove_orphans, target_mode
from toolkit.html.decode import is_utf8

Translations = dict[tuple[str | None, str], str]
STORE_FORMAT = "3"
_CHUNK = 500  # keys per SELECT ... IN (...): far below SQLite's variable limit
_BATCH = 2000  # rows per INSERT while a catalogue is streamed into its store


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


def store_digest(catalogue: str, include_fuzzy: bool) -> str:
    """What a store is for: the catalogue's digest, the fuzzy switch, the toolkit's version."""
    return content_digest(catalogue, str(include_fuzzy), __version__, STORE_FORMAT)


def _key(context: str | None, msgid: str) -> str:
    """One TEXT key per (msgctxt, msgid); no context and an empty one stay apart."""
    return "n" + msgid if context is None else f"c{len(context)}:{context}{msgid}"


def _digest(key: str) -> int:
    """The indexed digest of a TEXT key: 64 bits of BLAKE2b, as SQLite's signed INTEGER.

    A cryptographic digest, so a catalogue cannot be made of keys that share one (which would make every
    lookup of that digest read them all); two keys that do share one are still told apart by the key.
    """
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


# a page's keys as every store looks them up: digest -> [(TEXT key, (msgctxt, msgid))], nearly always one
StoreKeys = dict[int, list[tuple[str, tuple[str | None, str]]]]


def store_keys(keys: Iterable[tuple[str | None, str]]) -> StoreKeys:
    """The keys of one page as every store looks them up: made once per page, not once per locale."""
    out: StoreKeys = {}
    for c, m in keys:
        text = _key(c, m)
        out.setdefault(_digest(text), []).append((text, (c, m)))
    return out


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

    def lookup(self, wanted: StoreKeys) -> Translations:
        """The translations of those keys that have one (`store_keys` of a page's keys, made once for every store)."""
        out: Translations = {}
        digests = sorted(wanted)  # the index's order: SQLite then walks it forwards
        conn = self._connection()
        for i in range(0, len(digests), _CHUNK):
            chunk = digests[i:i + _CHUNK]
            rows = conn.execute(f"SELECT h, k, msgstr FROM tr WHERE h IN ({','.join('?' * len(chunk))})", chunk)
            for h, k, msgstr in rows:
                for text, key in wanted[h]:
                    if text == k:
                        out[key] = msgstr
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
    """Parse the catalogue and write its usable translations to `target` (atomically); how many.

    A catalogue error found halfway leaves no store: rows go to a temp file, renamed when complete.
    The temp file's name holds this process's id, so one left by a killed process is recognised.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_orphans(target)
    # A stop (SIGTERM) between creating the temp file and the `try` would leave it behind: held until then.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        fd, tmp = new_temp(target, target_mode(target))
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(fd)
        count = _fill_store(tmp, po_path, include_fuzzy, digest)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, sqlite3.Error):  # "database or disk is full", here or in SQLite's temp dir
            raise L10nError(f"{target}: cannot write the build's translations store ({exc}); "
                            "free some disk space (SQLite also stages rows in TMPDIR)") from exc
        raise
    return count


def _fill_store(db: str, po_path: Path, include_fuzzy: bool, digest: str) -> int:
    """Stream the usable translations into the new store `db`; how many.

    Rows are appended in catalogue order (the pages' order, see the module docstring) as they are
    read, and the digest index is made at the end, sorted by SQLite (in a temp file SQLite deletes
    itself, not in memory): the catalogue is never held as a whole in this process.
    """
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA temp_store = FILE")
        conn.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
        conn.execute("CREATE TABLE tr (h INTEGER NOT NULL, k TEXT NOT NULL, msgstr TEXT NOT NULL)")
        batch: list[tuple[int, str, str]] = []

        def flush() -> None:
            conn.executemany("INSERT INTO tr VALUES (?, ?, ?)", batch)
            batch.clear()

        def add(key: tuple[str | None, str], msgstr: str) -> None:
            text = _key(*key)
            batch.append((_digest(text), text, msgstr))
            if len(batch) >= _BATCH:
                flush()

        if not stream_translations(po_path, include_fuzzy, add):
            batch.clear()
            conn.execute("DELETE FROM tr")
            for key, msgstr in _parse_entries(po_path, include_fuzzy).items():
                add(key, msgstr)
        flush()
        conn.execute("CREATE INDEX tr_h ON tr (h)")
        count = conn.execute("SELECT count(*) FROM tr").fetchone()[0]
        conn.execute("INSERT INTO meta VALUES ('digest', ?)", (digest,))
        conn.commit()
    finally:
        conn.close()
    return count


def open_store(po_path: Path, include_fuzzy: bool, cache_dir: Path,
               warn: Callable[[str], None] | None = None, digest: str | None = None) -> TranslationStore:
    """The up-to-date store of a catalogue, written first if needed (in this process)."""
    digest = digest or store_digest(file_sha256(po_path), include_fuzzy)
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
    """(msgctxt, msgid) -> msgstr of the usable singular translations (pages have no plurals)."""
    out: Translations = {}
    if not stream_translations(path, include_fuzzy, out.__setitem__):
        out = _parse_entries(path, include_fuzzy)
    return out


def stream_translations(path: Path, include_fuzzy: bool,
                        sink: Callable[[tuple[str | None, str], str], None]) -> bool:
    """Hand each usable singular translation to `sink` as the catalogue is read, keeping none.

    Only the file's bytes and the reader's duplicate check are held, not the entries (about
    2 KiB each as polib objects).  Errors are `read_catalog`'s, the first one it would report.
    False when only the full parse (`_parse_entries`) reads the catalogue as polib would (a line
    polib reads its own way, a header charset to refuse): what `sink` got is then to be dropped.
    """
    if not path.is_file():
        raise not_found(path)
    data = read_snapshot(path).data
    refuse_empty(data, path)
    header: list[str] = []

    def take(rec: EntryRecord) -> None:
        msgstr = "" if rec.plural_forms else (rec.msgstr or [""])[0]
        if not header and is_header(rec.msgctxt, rec.msgid) and not rec.obsolete:
            header.append(msgstr)
        if rec.msgid_plural:
            return
        if usable(rec.msgctxt, rec.msgid, rec.obsolete, rec.fuzzy, (msgstr,), include_fuzzy):  # `is_usable` of it
            sink((rec.msgctxt, rec.msgid or ""), msgstr)

    try:
        plain = scan_translations(data, take, path)
    except (L10nError, UnicodeDecodeError):
        if not is_utf8(data):
            decode(data, path)  # read_catalog decodes the whole text first: its error comes first
            return False  # in the charset its header declares: the full parse converts it
        if data.startswith(_BOM * 2):
            return False  # the full parse strips every leading BOM, the byte reader only one
        raise
    if foreign_charset(_content_type(header[0] if header else "")) and not data.isascii():
        return False  # the full parse refuses it, naming the line
    return plain


_BOM = "\ufeff".encode()


def _content_type(header: str) -> str:
    """The header's Content-Type as `parse_text` reads it into the catalogue's metadata."""
    value, key = "", None
    for line in header.splitlines():
        try:
            key, val = line.split(":", 1)
        except ValueError:
            if key == "Content-Type":
                value += "\n" + line.strip()
            continue
        if key == "Content-Type":
            value = val.strip()
    return value


def _parse_entries(path: Path, include_fuzzy: bool) -> Translations:
    """`parse_translations` through the polib entries: the whole catalogue in memory at once."""
    out: Translations = {}
    for entry in read_catalog(path, comments=False):
        if is_usable(entry, include_fuzzy) and not entry.msgid_plural:  # pages have no plurals
            out[entry_key(entry)] = entry.msgstr
    return out
