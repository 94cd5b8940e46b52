"""Flashpoint: news in, PLOVER/CAMEO/ACLED-coded political events out.

Import is cheap: heavy libraries (spaCy, DuckDB) load only when used. The public API is the names
in `__all__`; everything else is internal.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import Any

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

# public name -> module that defines it (imported on first use)
_EXPORTS = {
    "code": "flashpoint.api",
    "open_store": "flashpoint.api",
    "default_coder": "flashpoint.api",
    "run": "flashpoint.pipeline",
    "RunResult": "flashpoint.pipeline",
    "Coder": "flashpoint.coding.coder",
    "CoderConfig": "flashpoint.coding.coder",
    "Store": "flashpoint.store.db",
    "EventFilter": "flashpoint.store.queries",
    "query_events": "flashpoint.store.queries",
    "summary": "flashpoint.store.queries",
    "export_events": "flashpoint.store.export",
    "Article": "flashpoint.records",
    "ActorHints": "flashpoint.records",
    "Event": "flashpoint.records",
    "CodedArticle": "flashpoint.records",
    "Failure": "flashpoint.records",
    "FlashpointError": "flashpoint.errors",
    "InputError": "flashpoint.errors",
    "StoreError": "flashpoint.errors",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'flashpoint' has no attribute {name!r}")
