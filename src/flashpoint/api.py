"""The small public API: code articles, open the store, read events.

    import flashpoint
    result = flashpoint.code(["Iran said Israel assassinated Haniyeh in Tehran."], date="2024-08-01")
    with flashpoint.open_store("events.duckdb") as store:
        flashpoint.run(["articles.jsonl"], store=store)
        events = flashpoint.query_events(store, flashpoint.EventFilter(dyad=("ISR", "PSE")))

The CLI commands are thin shells over these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from flashpoint.records import Article, CodedArticle

if TYPE_CHECKING:
    from flashpoint.coding.coder import Coder
    from flashpoint.store.db import Store


@lru_cache(maxsize=1)
def default_coder() -> Coder:
    """The coder with the bundled models and lexicons (loaded once per process)."""
    from flashpoint.coding.coder import Coder  # noqa: PLC0415

    return Coder()


def code(items: Iterable[str | Article], *, date: str | None = None, coder: Coder | None = None) -> list[CodedArticle]:
    """Code texts or Articles; texts get ids "1", "2", ... and the publication `date` given."""
    from flashpoint.ingest.hashing import with_hash  # noqa: PLC0415

    arts = [
        with_hash(x) if isinstance(x, Article) else with_hash(Article(id=str(k), text=x, date=date))
        for k, x in enumerate(items, 1)
    ]
    return list((coder or default_coder()).code_many(arts))


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating or migrating) the event store; None = the default path."""
    from flashpoint.store.db import Store  # noqa: PLC0415

    return Store.open(path, read_only=read_only)
