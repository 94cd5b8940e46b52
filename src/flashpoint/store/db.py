"""The event store: one DuckDB file holding articles, sentences, events, actors, runs and failures."""

from __future__ import annotations

import json
import os
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from flashpoint.errors import StoreError
from flashpoint.records import CodedArticle
from flashpoint.store import migrate as migrations_
from flashpoint.store.budget import WriteBudget, out_of_memory, write_budget
from flashpoint.store.paths import default_store_path
from flashpoint.store.write import WriteCounts, write_batch

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)

MEMORY = ":memory:"
DEFAULT_MEMORY_LIMIT = "512MB"  # while writing, lower: store/budget.py
_RUN_COUNTS = ("n_articles", "n_events", "n_failed", "n_skipped")


def utcnow() -> datetime:
    """Now, in UTC, as the naive timestamp the store keeps."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Store:
    """A handle on one store file. Open it with `Store.open(...)`, ideally as a context manager."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, path: Path | str, read_only: bool, memory_limit: str | None = None
    ) -> None:
        self._con = con
        self._path = path
        self._read_only = read_only
        self._memory_limit = memory_limit  # DuckDB's budget as configured at open (restored after writes)

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        read_only: bool = False,
        migrations_dir: Path | None = None,
    ) -> Store:
        """Open (and create or migrate forward) the store at `path` (None: `default_store_path()`).

        ":memory:" opens a throw-away in-memory store. `migrations_dir` replaces the packaged
        migrations (for tests). Raises StoreError when the file cannot be opened, is newer than
        this code, or (read-only) still needs migrating.
        """
        import duckdb

        target: Path | str = MEMORY if path == MEMORY else Path(path) if path is not None else default_store_path()
        where = str(target)
        if isinstance(target, Path):
            if read_only and not target.exists():
                raise StoreError(f"store {where} does not exist (nothing has been written to it yet)")
            if not read_only:
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"store {where}: cannot create its folder: {exc}") from exc
        # DuckDB caches up to 80% of RAM by default; a laptop tool stays within a fixed budget
        # ($FLASHPOINT_DB_MEMORY, default 512MB) and spills to disk beyond it; over 20k articles the
        # writer grew 400 MB at 1GB and 100 MB at 512MB, at the same speed (benchmarks/scale.py)
        config = {"memory_limit": os.environ.get("FLASHPOINT_DB_MEMORY", DEFAULT_MEMORY_LIMIT)}
        try:
            con = duckdb.connect(str(target), read_only=read_only, config=config)
        except duckdb.Error as exc:
            raise StoreError(f"store {where} cannot be opened: {exc}") from exc
        try:
            known = migrations_.load_migrations(migrations_dir)
            if read_only:
                todo = migrations_.pending(con, known, where)
                if todo:
                    raise StoreError(
                        f"store {where} is at an older schema version (missing {[m.version for m in todo]}): "
                        "open it once for writing to migrate it"
                    )
            else:
                migrations_.migrate(con, known, where)
        except BaseException:
            con.close()
            raise
        return cls(con, target, read_only, memory_limit=config["memory_limit"])

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def path(self) -> Path | str:
        """The store file (or ":memory:")."""
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for the query and export modules of this package."""
        return self._con

    def schema_version(self) -> int:
        versions = migrations_.applied_versions(self._con)
        return max(versions) if versions else 0

    # -- runs -----------------------------------------------------------------------------------

    def start_run(self, coder_name: str, coder_version: str, config: Mapping[str, Any]) -> str:
        """Record the start of a coding run with its resolved configuration; return its run_id."""
        self._writable("start_run")
        now = utcnow()
        run_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}"
        try:
            config_json = json.dumps(config, sort_keys=True, default=str)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"run config cannot be saved as JSON: {exc}") from exc
        self._con.execute(
            "INSERT INTO runs (run_id, started_at, coder_name, coder_version, config) VALUES (?, ?, ?, ?, ?)",
            [run_id, now, coder_name, coder_version, config_json],
        )
        return run_id

    def finish_run(self, run_id: str, counts: Mapping[str, int] | None = None) -> None:
        """Mark the run finished with its counts (n_articles, n_events, n_failed, n_skipped).

        Counts left out are computed from what the run wrote to the store.
        """
        self._writable("finish_run")
        given = dict(counts or {})
        unknown = sorted(set(given) - set(_RUN_COUNTS))
        if unknown:
            raise StoreError(f"finish_run({run_id!r}): unknown counts {unknown}; expected {list(_RUN_COUNTS)}")
        if not self._con.execute("SELECT count(*) FROM runs WHERE run_id = ?", [run_id]).fetchone()[0]:  # type: ignore[index]
            raise StoreError(f"finish_run: no run {run_id!r} in store {self._path}")
        measured = self._run_counts(run_id)
        values = [int(given.get(k, measured[k])) for k in _RUN_COUNTS]
        self._con.execute(
            "UPDATE runs SET finished_at = ?, n_articles = ?, n_events = ?, n_failed = ?, n_skipped = ? WHERE run_id = ?",
            [utcnow(), *values, run_id],
        )

    def _run_counts(self, run_id: str) -> dict[str, int]:
        row = self._con.execute(
            """
            SELECT
              (SELECT count(*) FROM articles WHERE run_id = $r AND coder_version IS NOT NULL),
              (SELECT count(*) FROM events WHERE run_id = $r),
              (SELECT count(*) FROM failures WHERE run_id = $r),
              (SELECT count(*) FROM articles WHERE run_id = $r AND skipped IS NOT NULL)
            """,
            {"r": run_id},
        ).fetchone()
        assert row is not None
        coded, n_events, n_failed, n_skipped = (int(x) for x in row)
        return {"n_articles": coded + n_failed, "n_events": n_events, "n_failed": n_failed, "n_skipped": n_skipped}

    # -- writing --------------------------------------------------------------------------------

    def has_article(self, content_hash: str, coder_version: str) -> bool:
        """True when this article was already coded (or skipped) by this coder version."""
        return content_hash in self.known_articles([content_hash], coder_version)

    def known_articles(self, content_hashes: Iterable[str], coder_version: str) -> set[str]:
        """The subset of `content_hashes` already coded (or skipped) by this coder version: one query
        for a whole batch (a point query per article costs milliseconds)."""
        hashes = sorted(set(content_hashes))
        if not hashes:
            return set()
        rows = self._con.execute(
            "SELECT DISTINCT content_hash FROM articles WHERE coder_version = ? AND content_hash IN (SELECT unnest(?::VARCHAR[]))",
            [coder_version, hashes],
        ).fetchall()
        return {str(r[0]) for r in rows}

    def write(self, coded: CodedArticle, run_id: str, coder_version: str, force: bool = False) -> dict[str, int]:
        """Write one coded article (see `write_many`)."""
        return self.write_many([coded], run_id, coder_version, force=force)

    def write_many(
        self,
        items: Iterable[CodedArticle],
        run_id: str,
        coder_version: str,
        batch_size: int = 500,
        force: bool = False,
        on_commit: Callable[[list[CodedArticle]], None] | None = None,
    ) -> dict[str, int]:
        """Write coded articles, `batch_size` per transaction. Idempotent: an article already coded
        by `coder_version` is left as it is (unless `force`); otherwise its row, sentences and events
        are replaced. `on_commit(batch)` is called after each batch is committed. Returns the counts
        added: n_articles, n_events, n_skipped, n_failed.

        While it runs, DuckDB's memory budget is $FLASHPOINT_DB_WRITE_MEMORY (default
        128MB, never more than the store's own; see store/budget.py), so a long run stays flat.
        """
        self._writable("write")
        if batch_size < 1:
            raise StoreError(f"write_many: batch_size must be >= 1, got {batch_size}")
        total = WriteCounts()
        with write_budget(self._con, self._memory_limit, enabled=self._path != MEMORY) as budget:
            for batch in _batches(items, batch_size):
                try:
                    counts = self._write_batch(batch, run_id, coder_version, force, budget)
                except StoreError:
                    raise
                except Exception as exc:
                    ids = [c.article.id for c in batch[:3]]
                    raise StoreError(
                        f"store {self._path}: writing a batch of {len(batch)} articles (first {ids}) failed: {exc}"
                    ) from exc
                total.add(counts)
                if on_commit is not None:
                    on_commit(batch)
        log.debug("store %s: wrote %s", self._path, total)
        return total.as_dict()

    def _write_batch(
        self, batch: list[CodedArticle], run_id: str, coder_version: str, force: bool, budget: WriteBudget | None
    ) -> WriteCounts:
        """One batch in one transaction; a batch too large for the write budget is written again under
        the store's own budget (the failed try was rolled back)."""
        try:
            return self._transaction(batch, run_id, coder_version, force)
        except Exception as exc:
            if budget is None or not budget.lowered or not out_of_memory(exc):
                raise
            log.warning("store %s: a batch of %d articles does not fit the write budget; writing it with "
                        "the store's own memory budget", self._path, len(batch))
            with budget.lifted():
                return self._transaction(batch, run_id, coder_version, force)

    def _transaction(self, batch: list[CodedArticle], run_id: str, coder_version: str, force: bool) -> WriteCounts:
        import duckdb

        self._con.execute("BEGIN TRANSACTION")
        try:
            counts = write_batch(self._con, batch, run_id, coder_version, utcnow(), force=force)
            self._con.execute("COMMIT")
        except BaseException:
            try:
                self._con.execute("ROLLBACK")
            except duckdb.TransactionException:
                pass  # a COMMIT that failed has rolled the transaction back already
            raise
        return counts

    def _writable(self, what: str) -> None:
        if self._read_only:
            raise StoreError(f"store {self._path} is open read-only: cannot {what}")


def _batches(items: Iterable[CodedArticle], size: int) -> Iterator[list[CodedArticle]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
