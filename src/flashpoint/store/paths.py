"""Where the event store lives by default."""

from __future__ import annotations

import os
from pathlib import Path

DB_FILENAME = "events.duckdb"


def default_store_path() -> Path:
    """The store file: $FLASHPOINT_DB, else $FLASHPOINT_HOME/events.duckdb,
    else $XDG_DATA_HOME/flashpoint/events.duckdb (XDG_DATA_HOME defaults to ~/.local/share).

    Nothing is created here; `Store.open` creates parent folders when it opens for writing.
    """
    db = os.environ.get("FLASHPOINT_DB")
    if db:
        return Path(db).expanduser()
    home = os.environ.get("FLASHPOINT_HOME")
    if home:
        return Path(home).expanduser() / DB_FILENAME
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg).expanduser() / "flashpoint" / DB_FILENAME
