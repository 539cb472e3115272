"""Persistent cache of engine replies, so a re-run (or a resumed run) sends nothing twice.

SQLite because it is one file, safe when two runs share it, and survives a crash mid-run.
Keyed by the engine's *identity* (name, endpoint and every option that changes its output,
never a key: `Engine.cache_identity`), gettext source/target locale and the *masked* text:
two msgids that differ only in their placeholders' names share one entry.  Only replies
that passed every check are stored.  Only the main thread touches it.

A cache is never worth a failed run: a corrupt file or one of another layout is moved aside
(``mt.sqlite.corrupt``) and a fresh one started; one that cannot be written (read-only
directory) is not used.  Either way with a one-line warning in `warnings`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

SCHEMA_VERSION = 2
_COLUMNS = ["engine", "identity", "source", "target", "text", "reply", "created"]


def cache_path(cache_dir: Path) -> Path:
    """The replies' database in the project's cache folder (`Config.cache_path`)."""
    return Path(cache_dir) / "mt.sqlite"


class _WrongLayout(Exception):
    pass


class Cache:
    def __init__(self, path: str | Path, read_only: bool = False):
        """`read_only` (a dry run, which writes nothing): an existing cache is read, none is made, none mended."""
        self.path = Path(path)
        self.warnings: list[str] = []
        self.db: sqlite3.Connection | None = None
        if read_only:
            try:
                # (immutable: not even the WAL's shared-memory file is made; a dry run only counts)
                self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
                self.db.execute("SELECT 1 FROM mt LIMIT 1")
            except sqlite3.Error as exc:  # none yet, or not readable: the dry run counts nothing as cached
                if self.path.exists():
                    self._disable(exc)
                elif self.db is not None:
                    self.db.close()
                    self.db = None
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._connect()
        except (sqlite3.DatabaseError, _WrongLayout) as exc:
            if isinstance(exc, sqlite3.OperationalError):  # locked, read-only, cannot open: not corrupt
                self._disable(exc)
                return
            why = str(exc) if isinstance(exc, _WrongLayout) else f"unreadable: {exc}"
            aside = self._set_aside()
            if aside is None:
                self._disable(exc)
                return
            self.warnings.append(f"{self.path}: translation cache {why}; moved aside to {aside.name}, "
                                 "starting a fresh one")
            try:
                self.db = self._connect()
            except (sqlite3.Error, _WrongLayout) as again:
                self._disable(again)
        except OSError as exc:
            self._disable(exc)

    def _connect(self) -> sqlite3.Connection:
        # made here, as every other file, 0o666 less the umask: SQLite makes its own 0o644 less it, which a group
        # sharing a checkout (umask 002) could not write; its journal files take the file's mode
        with contextlib.suppress(FileExistsError):
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if tables:
                columns = [r[1] for r in db.execute("PRAGMA table_info(mt)")]
                if version != SCHEMA_VERSION or columns != _COLUMNS:
                    raise _WrongLayout("has another layout (another version of l10n, or not a cache)")
            db.execute("PRAGMA journal_mode=WAL")  # commits without an fsync each
            db.execute("PRAGMA synchronous=NORMAL")
            if not tables:
                db.execute("CREATE TABLE mt (engine TEXT NOT NULL, identity TEXT NOT NULL, source TEXT NOT NULL,"
                           " target TEXT NOT NULL, text TEXT NOT NULL, reply TEXT NOT NULL, created TEXT,"
                           " PRIMARY KEY (identity, source, target, text))")
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except BaseException:
            db.close()
            raise
        return db

    def _set_aside(self) -> Path | None:
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):  # they belong to the old file
                with contextlib.suppress(FileNotFoundError):
                    os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
        except OSError:
            return None
        return aside

    def _disable(self, exc: BaseException) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None
        self.warnings.append(f"{self.path}: translation cache not usable ({exc}); translating without it")

    def get(self, identity: str, source: str, target: str, text: str) -> str | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT reply FROM mt WHERE identity=? AND source=? AND target=? AND text=?",
                (identity, source, target, text),
            ).fetchone()
        except sqlite3.Error as exc:
            self._disable(exc)
            return None
        return row[0] if row else None

    def put(self, engine: str, identity: str, source: str, target: str, text: str, reply: str) -> None:
        if self.db is None:
            return
        try:
            self.db.execute(
                "INSERT OR REPLACE INTO mt VALUES (?, ?, ?, ?, ?, ?, ?)",
                (engine, identity, source, target, text, reply, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        except sqlite3.Error as exc:
            self._disable(exc)

    def pairs(self, target: str) -> list[tuple[str, str]]:
        """(masked source, masked reply) of every engine into `target`: material for `memory`."""
        if self.db is None:
            return []
        try:
            return self.db.execute("SELECT text, reply FROM mt WHERE target=? ORDER BY created", (target,)).fetchall()
        except sqlite3.Error as exc:
            self._disable(exc)
            return []

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
