"""The event store (DuckDB, one file): schema and migrations, writes, queries, exports.

Importing this package is cheap; DuckDB loads when a store is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flashpoint.store.paths import default_store_path

if TYPE_CHECKING:
    from flashpoint.store.db import Store
    from flashpoint.store.export import export_events, import_jsonl
    from flashpoint.store.queries import EventFilter, list_failures, list_runs, query_events, summary

__all__ = [
    "EventFilter",
    "Store",
    "default_store_path",
    "export_events",
    "import_jsonl",
    "list_failures",
    "list_runs",
    "query_events",
    "summary",
]

_LAZY = {
    "Store": "flashpoint.store.db",
    "EventFilter": "flashpoint.store.queries",
    "query_events": "flashpoint.store.queries",
    "summary": "flashpoint.store.queries",
    "list_failures": "flashpoint.store.queries",
    "list_runs": "flashpoint.store.queries",
    "export_events": "flashpoint.store.export",
    "import_jsonl": "flashpoint.store.export",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'flashpoint.store' has no attribute {name!r}")
