"""On-disk cache of LLM answers: sqlite, keyed by sha256 of everything that decides the answer.

Only answers the server gave (HTTP 200) are kept, valid or not: at temperature 0 asking again gives
the same. Transport and HTTP errors are never cached.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flashpoint.errors import ConfigError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    content TEXT NOT NULL,
    created TEXT NOT NULL
)
"""


def cache_key(body: dict[str, Any]) -> str:
    """sha256 of the request body (model, messages, schema, temperature, max_tokens), canonical JSON."""
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """sqlite3 file of answers; safe to share between threads (one connection behind a lock)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = sqlite3.connect(str(self.path), check_same_thread=False)
            self._con.execute(_SCHEMA)
            self._con.commit()
        except (OSError, sqlite3.Error) as e:
            raise ConfigError(f"LLM cache {self.path}: cannot open ({e})") from None
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._con.execute("SELECT content FROM answers WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put(self, key: str, model: str, content: str) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._lock:
            self._con.execute(
                "INSERT OR REPLACE INTO answers (key, model, content, created) VALUES (?, ?, ?, ?)",
                (key, model, content, now),
            )
            self._con.commit()

    def __len__(self) -> int:
        with self._lock:
            return int(self._con.execute("SELECT count(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._con.close()
