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


class RunDedup:
    """Which articles of a run are not coded again: those the store has coded already (with this
    coder version; unless `force`) and repeats of a text earlier in the same run (the first wins).

    Memory stays flat over any run length: a hash is held in memory only until the batch that wrote
    it is committed (`committed`); from then on the store answers for it (its row carries this coder
    version), at the next read-ahead look-up. Failed articles, which the store keeps as not coded,
    stay in memory (RunResult lists the run's failures anyway). Without a store, and with `force`
    (which ignores what the store has), every hash stays in memory.
    """

    def __init__(self, store: Any, coder_version: str, force: bool = False) -> None:
        self._store = store
        self._version = coder_version
        self._force = force
        self._pending: set[str] = set()  # seen in this run, not yet committed (all of them without a store)
        self._committed: list[str] = []  # committed since the last look-up: the store answers for them now
        self._failed: set[str] = set()  # failed in this run: the store does not mark them coded
        self._known: set[str] = set()  # of the current read-ahead batch: in the store already

    def look_up(self, hashes: Iterable[str]) -> None:
        """Ask the store about the next read-ahead batch (call before its articles reach `skip`)."""
        self._pending.difference_update(self._committed)
        self._committed.clear()
        self._known.clear()
        if self._store is not None and not self._force:
            self._known.update(self._store.known_articles(hashes, self._version))

    def skip(self, article: Article) -> bool:
        """True when `article` is not to be coded: coded already, or a repeat within this run."""
        h = article.content_hash
        if h in self._pending or h in self._failed or h in self._known:
            return True
        self._pending.add(h)
        return False

    def committed(self, batch: list[CodedArticle]) -> None:
        """`Store.write_many` committed `batch`: the store now answers for its coded articles."""
        if self._force:
            return
        for c in batch:
            h = c.article.content_hash
            if not h:
                continue
            if c.failure is not None:
                self._failed.add(h)
            self._committed.append(h)

    def held(self) -> int:
        """Hashes held in memory (for tests and benchmarks)."""
        return len(self._pending) + len(self._committed) + len(self._failed) + len(self._known)


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

    dedup = RunDedup(store, coder.version, force)

    def checked(items: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
        """Read ahead KNOWN_BATCH items and ask the store once which of them it has coded already."""
        it = iter(items)
        while batch := list(islice(it, KNOWN_BATCH)):
            dedup.look_up(x.content_hash for x in batch if isinstance(x, Article) and x.content_hash)
            yield from batch

    def stream() -> Iterator[CodedArticle]:
        for coded, already in code_stream(checked(read_inputs(inputs, fmt, stdin=stdin)), coder, skip=dedup.skip, workers=workers):
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
        store.write_many(stream(), run_id, coder.version, on_commit=dedup.committed)
        c = result.counts()
        store.finish_run(run_id, {k: c[k] for k in ("n_articles", "n_events", "n_failed", "n_skipped")})
    else:
        for _ in stream():
            pass
    return result


def store_path_or_default(path: str | Path | None) -> Path:
    from flashpoint.store.paths import default_store_path  # noqa: PLC0415

    return Path(path) if path else default_store_path()
