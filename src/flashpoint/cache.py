"""Where Flashpoint keeps what it builds once from installed packages (the int8 encoder graph, the town
index): $FLASHPOINT_CACHE, else ~/.cache/flashpoint. Everything there can be deleted; it is rebuilt."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "read_pickle", "write_pickle"]


def cache_dir() -> Path:
    """$FLASHPOINT_CACHE, else ~/.cache/flashpoint."""
    return Path(os.environ.get("FLASHPOINT_CACHE") or Path.home() / ".cache" / "flashpoint")


def read_pickle(path: Path) -> Any | None:
    """A cached object written by `write_pickle`, or None when it is missing or unreadable."""
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None


def write_pickle(path: Path, obj: Any) -> None:
    """Write `obj` to `path` atomically (a temporary file renamed over it); a cache that cannot be
    written (read-only home, full disk) is skipped: the caller keeps what it built."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
