"""The one place that knows the order: inputs -> articles -> coder -> store / event stream."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from flashpoint.records import Article, CodedArticle, Failure

log = logging.getLogger(__name__)

KNOWN_BATCH = 256  # articles read ahead per "coded already?" query to the store


@dataclass
class RunResult:
    """What a run did: counts, where the events went, and its id in the store."""

    run_id: str | None = None
    store_path: str | None = None
    n_articles: int = 0
    n_coded: int = 0
    n_already: int = 0  # already in the store from the same coder version: nothing added
    n_skipped: int = 0
    n_failed: int = 0
    n_events: int = 0
    failures: list[Failure] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "n_articles": self.n_articles, "n_coded": self.n_coded, "n_already": self.n_already,
            "n_skipped": self.n_skipped, "n_failed": self.n_failed, "n_events": self.n_events,
        }


def _as_coded(item: Article | Failure) -> Article | CodedArticle:
    if isinstance(item, Failure):
        return CodedArticle(Article(id=item.article_id, text="", origin=item.origin), failure=item)
    return item


def code_stream(
    items: Iterable[Article | Failure],
    coder: Any,
    *,
    skip: Callable[[Article], bool] | None = None,
    workers: int = 1,
) -> Iterator[tuple[CodedArticle, bool]]:
    """Code a stream of articles (ingest failures pass through as failed results).

    Yields (result, already): `already` is True for articles `skip` says are coded already.
    With `workers` > 1 the coding runs in that many forked processes (same results, same order).
    """
    if workers > 1:
        from flashpoint.workers import code_in_workers  # noqa: PLC0415

        def tagged() -> Iterator[tuple[str, Any]]:
            for item in items:
                x = _as_coded(item)
                if isinstance(x, CodedArticle):
                    yield "pass", x
                elif skip is not None and skip(x):
                    yield "already", x
                else:
                    yield "code", x

        yield from code_in_workers(tagged(), coder, workers)
        return

    pending: list[Article | CodedArticle] = []

    def flush() -> Iterator[tuple[CodedArticle, bool]]:
        arts = [p for p in pending if isinstance(p, Article)]
        coded = iter(coder.code_many(arts))
        for p in pending:
            if isinstance(p, CodedArticle):
                yield p, False
            else:
                yield next(coded), False
        pending.clear()

    for item in items:
        x = _as_coded(item)
        if isinstance(x, Article) and skip is not None and skip(x):
            yield from flush()
            yield CodedArticle(x), True
            continue
        pending.append(x)
        if len(pending) >= 64:
            yield from flush()
    yield from flush()


def run(
    inputs: list[str],
    *,
    store: Any = None,
    coder: Any = None,
    fmt: str = "auto",
    stdin: IO[str] | None = None,
    events_out: Callable[[dict[str, Any]], None] | None = None,
    progress: Callable[[RunResult], None] | None = None,
    force: bool = False,
    workers: int = 1,
) -> RunResult:
    """Read `inputs`, code every article, write results to `store` and/or `events_out`.

    One bad article never stops the batch: it is recorded as a failure (in the store's
    failures table when a store is given) and the run goes on.
    """
    from flashpoint.coding.coder import Coder  # noqa: PLC0415
    from flashpoint.ingest import read_inputs  # noqa: PLC0415

    coder = coder or Coder()
    result = RunResult()
    run_id = None
    if store is not None:
        run_id = store.start_run(coder.name, coder.version, {"coder": coder.config.to_dict(), "inputs": inputs, "format": fmt, "components": coder.coder_block()["components"]})
        result.run_id, result.store_path = run_id, str(store.path)

    seen: set[str] = set()  # the same text twice in one run is coded once (the first occurrence wins)
    known: set[str] = set()  # hashes of the current read-ahead batch that the store has coded already

    def skip(a: Article) -> bool:
        if a.content_hash in seen:
            return True
        seen.add(a.content_hash)
        return a.content_hash in known

    def checked(items: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
        """Read ahead KNOWN_BATCH items and ask the store once which of them it has coded already."""
        it = iter(items)
        while batch := list(islice(it, KNOWN_BATCH)):
            known.clear()
            if store is not None and not force:
                known.update(store.known_articles((x.content_hash for x in batch if isinstance(x, Article) and x.content_hash), coder.version))
            yield from batch

    def stream() -> Iterator[CodedArticle]:
        for coded, already in code_stream(checked(read_inputs(inputs, fmt, stdin=stdin)), coder, skip=skip, workers=workers):
            result.n_articles += 1
            if already:
                result.n_already += 1
                continue
            if coded.failure is not None:
                result.n_failed += 1
                result.failures.append(coded.failure)
            elif coded.article.skipped:
                result.n_skipped += 1
            else:
                result.n_coded += 1
                result.n_events += len(coded.events)
            if events_out is not None:
                for ev in coded.events:
                    events_out(ev.to_dict())
            if progress is not None:
                progress(result)
            yield coded

    if store is not None:
        assert run_id is not None
        store.write_many(stream(), run_id, coder.version)
        c = result.counts()
        store.finish_run(run_id, {k: c[k] for k in ("n_articles", "n_events", "n_failed", "n_skipped")})
    else:
        for _ in stream():
            pass
    return result


def store_path_or_default(path: str | Path | None) -> Path:
    from flashpoint.store.paths import default_store_path  # noqa: PLC0415

    return Path(path) if path else default_store_path()
