"""One watch cycle: poll the feeds, fetch the pages of new (and retry-due) items, code them into the store.

Order of writes, so a kill at any point loses and duplicates nothing:
1. new entries are recorded as 'new' items;
2. a page that was read is marked 'fetched' with its article's content hash;
3. a batch of articles is coded and written by `Store.write_many` (one transaction, idempotent by
   content hash and coder version);
4. only then are its items marked 'coded'.
On restart 'new', 'fetched' and retry-due 'failed' items are taken up again; a 'fetched' item
whose article is already in the store is marked 'coded' without fetching it again.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from flashpoint.errors import InputError
from flashpoint.feeds import state
from flashpoint.feeds.fetch import PAGE_MAX_BYTES, FetchError, PoliteFetcher, fetch_page, host_key
from flashpoint.feeds.pages import page_article
from flashpoint.feeds.poll import poll_feed
from flashpoint.feeds.state import FeedItem
from flashpoint.records import Article
from flashpoint.store.db import utcnow

if TYPE_CHECKING:
    from flashpoint.store.db import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Backoff for failed pages and feeds: base * 2^(n-1) seconds, capped; pages give up after max_attempts."""

    base_seconds: float = 300.0
    max_seconds: float = 6 * 3600.0
    max_attempts: int = 5

    def delay(self, n_failures: int, retry_after: float | None = None) -> float:
        d = min(self.base_seconds * 2 ** max(n_failures - 1, 0), self.max_seconds)
        return max(d, min(retry_after or 0.0, self.max_seconds))

    def retry_at(self, attempts: int, now: datetime, retry_after: float | None = None) -> datetime | None:
        """When a page that has failed `attempts` times is tried again; None once it has used up its attempts."""
        if attempts >= self.max_attempts:
            return None
        return now + timedelta(seconds=self.delay(attempts, retry_after))


@dataclass
class CycleResult:
    """What one cycle did."""

    run_id: str | None = None
    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_waiting: int = 0  # in backoff after failures: not polled this cycle
    new_items: int = 0
    fetched: int = 0
    coded: int = 0  # items whose article is now in the store (coded this cycle)
    already: int = 0  # items whose article the store already had
    events: int = 0
    skipped: int = 0
    failed: int = 0
    deferred: int = 0  # due, but over --max-items: left for the next cycle
    reasons: Counter[str] = field(default_factory=Counter)  # failure and skip reasons

    def summary(self) -> str:
        line = (
            f"feeds: {self.feeds_polled} polled ({self.feeds_not_modified} not modified, {self.feeds_failed} failed"
            f"{f', {self.feeds_waiting} waiting' if self.feeds_waiting else ''}), {self.new_items} new items; "
            f"pages: {self.fetched} fetched, {self.coded} coded ({self.events} events), {self.already} already "
            f"in the store, {self.skipped} skipped, {self.failed} failed"
        )
        if self.deferred:
            line += f", {self.deferred} left for the next cycle"
        if self.reasons:
            line += " [" + ", ".join(f"{k} {v}" for k, v in sorted(self.reasons.items())) + "]"
        return line


@dataclass
class _Pending:
    item: FeedItem
    article: Article


def by_host_round_robin(items: Sequence[FeedItem]) -> list[FeedItem]:
    """Items reordered to take one per host in turn (keeping each host's order), so host gaps overlap."""
    hosts: dict[str, list[FeedItem]] = {}
    for it in items:
        hosts.setdefault(host_key(it.link) if it.link else "", []).append(it)
    return [it for group in zip_longest(*hosts.values()) for it in group if it is not None]


def _chunks(items: Sequence[FeedItem], size: int) -> Iterator[Sequence[FeedItem]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _run_config(coder: Any, feeds: Sequence[str]) -> dict[str, Any]:
    config: dict[str, Any] = {"source": "feeds", "feeds": list(feeds)}
    if hasattr(coder, "config"):
        config["coder"] = coder.config.to_dict()
    if hasattr(coder, "coder_block"):
        config["components"] = coder.coder_block().get("components")
    return config


class Cycle:
    """One cycle over a store; `run()` does it. Use `run_cycle`."""

    def __init__(
        self,
        store: Store,
        feeds: Sequence[str],
        *,
        coder: Any,
        fetcher: PoliteFetcher,
        max_items: int | None,
        batch_size: int,
        policy: RetryPolicy,
        page_max_bytes: int,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.con = store.connection
        self.feeds = list(dict.fromkeys(feeds))
        self.coder = coder
        self.fetcher = fetcher
        self.max_items = max_items
        self.batch_size = batch_size
        self.policy = policy
        self.page_max_bytes = page_max_bytes
        self.now = clock
        self.result = CycleResult()

    def run(self) -> CycleResult:
        self.poll_feeds()
        due = by_host_round_robin(state.due_items(self.con, self.feeds, self.now()))
        if self.max_items is not None and len(due) > self.max_items:
            self.result.deferred = len(due) - self.max_items
            due = due[: self.max_items]
        if not due:
            return self.result
        run_id = self.store.start_run(self.coder.name, self.coder.version, _run_config(self.coder, self.feeds))
        self.result.run_id = run_id
        try:
            for batch in _chunks(due, self.batch_size):
                self.process(batch, run_id)
        finally:
            self.store.finish_run(run_id)
        return self.result

    # -- feeds ------------------------------------------------------------------------------------

    def poll_feeds(self) -> None:
        r = self.result
        state.ensure_feeds(self.con, self.feeds, self.now())
        for feed in state.get_feeds(self.con, self.feeds):
            if feed.next_poll is not None and feed.next_poll > self.now():
                r.feeds_waiting += 1
                continue
            r.feeds_polled += 1
            try:
                polled = poll_feed(self.fetcher, feed)
            except FetchError as exc:
                r.feeds_failed += 1
                r.reasons[f"feed {exc.reason}"] += 1
                log.warning("feed %s: %s", feed.url, exc)
                wait = self.policy.delay(feed.n_failures + 1, exc.retry_after)
                state.record_poll_failure(self.con, feed.url, self.now(), status=_status_of(exc),
                                          error=f"{exc.reason}: {exc.detail}", next_poll=self.now() + timedelta(seconds=wait))
                continue
            if polled.status == 304:
                r.feeds_not_modified += 1
                state.record_poll(self.con, feed.url, self.now(), status=304)
                continue
            added = state.add_items(self.con, polled.items, self.now())
            r.new_items += len(added)
            state.record_poll(self.con, feed.url, self.now(), status=polled.status, etag=polled.etag,
                              last_modified=polled.last_modified, title=polled.title, n_new=len(added))
            log.info("feed %s: %d entries, %d new", feed.url, len(polled.items), len(added))

    # -- pages ------------------------------------------------------------------------------------

    def process(self, batch: Sequence[FeedItem], run_id: str) -> None:
        """Fetch the batch's pages, then code and write their articles in one store transaction."""
        pending: list[_Pending] = []
        for item in batch:
            p = self.prepare(item)
            if p is not None:
                pending.append(p)
        if pending:
            self.code_and_write(pending, run_id)

    def _in_store(self, content_hash: str | None) -> bool:
        return bool(content_hash) and self.store.has_article(content_hash, self.coder.version)  # type: ignore[arg-type]

    def prepare(self, item: FeedItem) -> _Pending | None:
        """Fetch and parse one item's page; None when it needs no coding (done, skipped or failed)."""
        r = self.result
        if item.status == "fetched" and self._in_store(item.content_hash):
            state.mark_coded(self.con, [(item, item.content_hash)], self.now())  # written before a kill
            r.already += 1
            return None
        if not item.link:
            self._skip(item, "no-link", "the entry has no http(s) link")
            return None
        known = state.coded_hash_for_link(self.con, item.link)
        if known is not None and self._in_store(known):
            state.mark_coded(self.con, [(item, known)], self.now())  # the same page from another feed
            r.already += 1
            return None
        try:
            resp = fetch_page(self.fetcher, item.link, self.page_max_bytes)
        except FetchError as exc:
            if exc.reason == "robots" and not exc.retryable:
                self._skip(item, "robots", exc.detail)
            else:
                retry_at = self.policy.retry_at(item.attempts + 1, self.now(), exc.retry_after) if exc.retryable else None
                self._fail(item, exc.reason, exc.detail, retry_at)
            return None
        r.fetched += 1
        try:
            article = page_article(resp.text(), resp.url, item)
        except InputError as exc:
            self._fail(item, "no-article", exc.problem, None)
            return None
        if self._in_store(article.content_hash):
            state.mark_coded(self.con, [(item, article.content_hash)], self.now())
            r.already += 1
            return None
        state.mark_fetched(self.con, item, article.content_hash, self.now())
        return _Pending(item, article)

    def code_and_write(self, pending: list[_Pending], run_id: str) -> None:
        from flashpoint.pipeline import code_stream  # noqa: PLC0415

        r = self.result
        results = list(code_stream([p.article for p in pending], self.coder,
                                   skip=lambda a: self._in_store(a.content_hash)))
        self.store.write_many([c for c, already in results if not already], run_id, self.coder.version)
        # committed: from here on the items may say so
        done: list[tuple[FeedItem, str | None]] = []
        for p, (coded, already) in zip(pending, results, strict=True):
            if already:
                r.already += 1
                done.append((p.item, p.article.content_hash))
            elif coded.failure is not None:
                self._fail(p.item, f"coding-{coded.failure.stage}", coded.failure.message, None, attempted=False)
            elif coded.article.skipped:
                self._skip(p.item, "language", coded.article.skipped)
            else:
                r.coded += 1
                r.events += len(coded.events)
                done.append((p.item, p.article.content_hash))
        state.mark_coded(self.con, done, self.now())

    def _skip(self, item: FeedItem, reason: str, detail: str) -> None:
        self.result.skipped += 1
        self.result.reasons[f"skipped {reason}"] += 1
        state.mark_skipped(self.con, item, f"{reason}: {detail}", self.now())

    def _fail(self, item: FeedItem, reason: str, detail: str, retry_at: datetime | None, *, attempted: bool = True) -> None:
        self.result.failed += 1
        self.result.reasons[f"failed {reason}"] += 1
        log.info("item %s (%s) failed: %s: %s; retry at %s", item.item_key, item.link, reason, detail, retry_at)
        state.mark_failed(self.con, item, f"{reason}: {detail}", self.now(), retry_at, attempted=attempted)


def _status_of(exc: FetchError) -> int | None:
    code = exc.reason.removeprefix("http ")
    return int(code) if code.isdigit() else None


def run_cycle(
    store: Store,
    feeds: Sequence[str],
    *,
    coder: Any,
    fetcher: PoliteFetcher,
    max_items: int | None = None,
    batch_size: int = 8,
    policy: RetryPolicy | None = None,
    page_max_bytes: int = PAGE_MAX_BYTES,
    clock: Callable[[], datetime] = utcnow,
) -> CycleResult:
    """Poll `feeds`, then fetch, code and store up to `max_items` due pages, `batch_size` per store write.

    Failures (feed or page) are recorded with their reason and never stop the cycle; retryable
    ones are tried again after a backoff (`policy`). Raises StoreError only when the store fails.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    cycle = Cycle(store, feeds, coder=coder, fetcher=fetcher, max_items=max_items, batch_size=batch_size,
                  policy=policy or RetryPolicy(), page_max_bytes=page_max_bytes, clock=clock)
    return cycle.run()


def watch_feeds(
    store_path: str | None,
    feeds: Sequence[str],
    *,
    coder: Any,
    fetcher: PoliteFetcher,
    once: bool = False,
    interval: float = 900.0,
    after_cycle: Callable[[Store, CycleResult], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    **cycle_options: Any,
) -> list[CycleResult]:
    """Run cycles every `interval` seconds (one with `once`), opening the store only during a cycle.

    `after_cycle(store, result)` runs with the store still open (resolve, detect, alert). Returns
    the results (ends only with `once`, or by KeyboardInterrupt in the caller).
    """
    from flashpoint.store.db import Store  # noqa: PLC0415

    results: list[CycleResult] = []
    while True:
        started = time.monotonic()
        with Store.open(store_path) as st:
            result = run_cycle(st, feeds, coder=coder, fetcher=fetcher, **cycle_options)
            results.append(result)
            if after_cycle is not None:
                after_cycle(st, result)
        if once:
            return results
        sleep(max(0.0, interval - (time.monotonic() - started)))
