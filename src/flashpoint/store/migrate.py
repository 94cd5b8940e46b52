"""Ordered, numbered schema migrations, recorded in the database.

Migrations are the files ``NNNN_name.sql`` of ``store/migrations/`` (or of a folder passed in,
for tests). Each one runs in its own transaction together with its row in ``schema_migrations``,
so a failed migration leaves the store at the previous version.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from flashpoint.errors import StoreError

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_([A-Za-z0-9_]+)\.sql$")

_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(directory: Path | None = None) -> list[Migration]:
    """The migrations of `directory` (default: the packaged ones), ordered by version."""
    root: Traversable | Path = (
        directory if directory is not None else resources.files("flashpoint.store") / "migrations"
    )
    found: list[Migration] = []
    for entry in root.iterdir():
        m = _NAME.match(entry.name)
        if not m:
            continue
        found.append(Migration(int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda mig: mig.version)
    versions = [mig.version for mig in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"migrations in {root}: two files share a version number: {versions}")
    if not found:
        raise StoreError(f"migrations in {root}: no NNNN_name.sql files found")
    return found


def applied_versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Versions recorded in schema_migrations ([] for a new database)."""
    has_table = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not has_table or not has_table[0]:
        return []
    return [int(r[0]) for r in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]


def pending(con: duckdb.DuckDBPyConnection, migrations: list[Migration], where: str) -> list[Migration]:
    """The migrations not yet applied; raises StoreError when the store is newer than the code."""
    done = set(applied_versions(con))
    known = {mig.version for mig in migrations}
    newer = sorted(done - known)
    if newer and max(newer) > max(known):
        raise StoreError(
            f"store {where} has schema version {max(done)}, but this version of Flashpoint only knows "
            f"versions up to {max(known)}: upgrade Flashpoint to open it"
        )
    if newer:
        raise StoreError(f"store {where} records unknown schema versions {newer}: it was not made by Flashpoint")
    return [mig for mig in migrations if mig.version not in done]


def migrate(con: duckdb.DuckDBPyConnection, migrations: list[Migration], where: str) -> list[int]:
    """Apply the pending migrations in order; return the versions applied (empty when up to date)."""
    todo = pending(con, migrations, where)
    if not todo:
        return []
    con.execute(_BOOTSTRAP)
    applied: list[int] = []
    for mig in todo:
        log.info("store %s: applying migration %04d_%s", where, mig.version, mig.name)
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(mig.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [mig.version, mig.name, datetime.now(timezone.utc).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except Exception as exc:  # duckdb raises many error classes; all mean the same here
            con.execute("ROLLBACK")
            raise StoreError(
                f"store {where}: migration {mig.version:04d}_{mig.name} failed: {exc}"
            ) from exc
        applied.append(mig.version)
    return applied
