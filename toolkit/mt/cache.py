"""Persistent cache of engine replies, so a re-run (or a resumed run) sends nothing twice.

SQLite because it is one file, safe when two runs share it, and survives a crash mid-run.
Keyed by engine, gettext source/target locale and the *masked* text: two msgids that differ
only in their placeholders' names share one entry.  Only the main thread touches it.
Engine options (keys, URLs) are not part of the key and never stored.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from toolkit.errors import L10nError


def cache_path(locales_path: Path) -> Path:
    return Path(locales_path) / ".cache" / "mt.sqlite"


class Cache:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")  # commits without an fsync each
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS mt (engine TEXT, source TEXT, target TEXT, text TEXT,"
                " reply TEXT NOT NULL, created TEXT, PRIMARY KEY (engine, source, target, text))"
            )
        except (OSError, sqlite3.Error) as exc:
            raise L10nError(f"translation cache unusable ({exc}); delete it or pass --no-cache", self.path) from None

    def get(self, engine: str, source: str, target: str, text: str) -> str | None:
        row = self.db.execute(
            "SELECT reply FROM mt WHERE engine=? AND source=? AND target=? AND text=?",
            (engine, source, target, text),
        ).fetchone()
        return row[0] if row else None

    def put(self, engine: str, source: str, target: str, text: str, reply: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO mt VALUES (?, ?, ?, ?, ?, ?)",
            (engine, source, target, text, reply, datetime.now(UTC).isoformat(timespec="seconds")),
        )

    def pairs(self, target: str) -> list[tuple[str, str]]:
        """(masked source, masked reply) of every engine into `target`: material for `memory`."""
        return self.db.execute("SELECT text, reply FROM mt WHERE target=? ORDER BY created", (target,)).fetchall()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
