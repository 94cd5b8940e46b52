"""DuckDB's memory budget while the store is written (issue 4, benchmarks/writer_memory.py).

DuckDB keeps every block it reads or writes cached until its budget is reached, so with the store's
budget (512MB) a long write kept growing for as long as the store did. While `Store.write_many` runs,
the budget is lowered to $FLASHPOINT_DB_WRITE_MEMORY (default 128MB, reached within the first
~10,000 articles; never above the store's own budget), then put back. A batch too large for it
(hundreds of MB of text) is written again under the store's own budget rather than failing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from flashpoint.errors import StoreError

if TYPE_CHECKING:
    import duckdb

DEFAULT_WRITE_MEMORY_LIMIT = "128MB"
ENV = "FLASHPOINT_DB_WRITE_MEMORY"

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*")
_UNIT_BYTES = {
    "": 1, "b": 1, "byte": 1, "bytes": 1,
    "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
    "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "pib": 2**50,
}


def size_bytes(text: str) -> float:
    """Bytes of a DuckDB memory size ("488.2 MiB", "128MB"); infinity when it is not one."""
    m = _SIZE.fullmatch(text)
    unit = _UNIT_BYTES.get(m.group(2).lower()) if m else None
    return float(m.group(1)) * unit if m and unit else float("inf")


def out_of_memory(exc: BaseException) -> bool:
    """True when DuckDB failed for want of memory (an insert, or a commit that could not pin a block)."""
    import duckdb

    text = str(exc).lower()
    return isinstance(exc, duckdb.OutOfMemoryException) or "out of memory" in text or "failed to pin block" in text


class WriteBudget:
    """Lowers a connection's memory limit to the write budget and puts the store's own back."""

    def __init__(self, con: duckdb.DuckDBPyConnection, store_limit: str | None) -> None:
        budget = os.environ.get(ENV, DEFAULT_WRITE_MEMORY_LIMIT)
        if not _SIZE.fullmatch(budget):
            raise StoreError(f"${ENV}={budget!r} is not a memory size (e.g. 128MB)")
        self._con = con
        self._budget = budget
        self._store_limit = store_limit or self._current()  # as configured: restoring it never drifts
        self.lowered = False

    def _current(self) -> str:
        row = self._con.execute("SELECT current_setting('memory_limit')").fetchone()
        return str(row[0]) if row else ""

    def _set(self, limit: str) -> None:
        import duckdb

        try:
            self._con.execute(f"SET memory_limit = '{limit}'")
        except duckdb.Error as exc:
            raise StoreError(f"${ENV}={self._budget!r} cannot be used: {exc}") from exc

    def lower(self) -> None:
        """Apply the write budget, unless the store's own is lower already."""
        before = self._current()
        self._set(self._budget)
        self.lowered = size_bytes(self._current()) < size_bytes(before)
        if not self.lowered:
            self._set(self._store_limit)

    def restore(self) -> None:
        if self.lowered:
            self._set(self._store_limit)
            self.lowered = False

    @contextmanager
    def lifted(self) -> Iterator[None]:
        """The store's own budget for the duration (for a batch that does not fit the write budget)."""
        self.restore()
        try:
            yield
        finally:
            self.lower()


@contextmanager
def write_budget(con: duckdb.DuckDBPyConnection, store_limit: str | None, enabled: bool = True) -> Iterator[WriteBudget | None]:
    """The write budget for the duration (None when not `enabled`: an in-memory store, whose data
    has nowhere else to go); the store's own budget after, however the block ends."""
    if not enabled:
        yield None
        return
    budget = WriteBudget(con, store_limit)
    budget.lower()
    try:
        yield budget
    finally:
        budget.restore()
