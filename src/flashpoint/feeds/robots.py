"""robots.txt, fetched once per host (through the polite fetcher) and cached for a while.

RFC 9309: a robots.txt that is missing (4xx) allows everything; one that cannot be fetched
(5xx, timeout, network) disallows everything for now, a retryable failure. The host's
Crawl-delay for our agent, when given, widens the fetcher's per-host gap.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from flashpoint.feeds.fetch import FetchError, host_key

if TYPE_CHECKING:
    from flashpoint.feeds.fetch import PoliteFetcher

log = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512 * 1024
CACHE_SECONDS = 24 * 3600.0
UNREACHABLE_SECONDS = 600.0


@dataclass(slots=True)
class _Entry:
    parser: RobotFileParser | None  # None: unreachable
    expires: float
    problem: str = ""


class RobotsCache:
    """What the fetcher's user agent may fetch, per host."""

    def __init__(self, fetcher: PoliteFetcher, clock: Callable[[], float] = time.monotonic) -> None:
        self._fetcher = fetcher
        self._clock = clock
        self._cache: dict[str, _Entry] = {}

    def check(self, url: str) -> None:
        """Raise FetchError (reason "robots") when robots.txt forbids `url` or cannot be read now."""
        entry = self._entry(url)
        if entry.parser is None:
            raise FetchError(url, "robots", f"robots.txt unavailable ({entry.problem})", retryable=True)
        if not entry.parser.can_fetch(self._fetcher.user_agent, url):
            raise FetchError(url, "robots", "disallowed by robots.txt", retryable=False)

    def allowed(self, url: str) -> bool:
        try:
            self.check(url)
        except FetchError:
            return False
        return True

    def _entry(self, url: str) -> _Entry:
        key = host_key(url)
        entry = self._cache.get(key)
        if entry is None or entry.expires <= self._clock():
            entry = self._load(url)
            self._cache[key] = entry
        return entry

    def _load(self, url: str) -> _Entry:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = RobotFileParser(robots_url)
        now = self._clock()
        try:
            resp = self._fetcher.get(robots_url, max_bytes=ROBOTS_MAX_BYTES, check_robots=False)
        except FetchError as exc:
            status = exc.reason.removeprefix("http ")
            if status.isdigit() and 400 <= int(status) < 500 and int(status) not in (408, 425, 429):
                parser.parse([])  # no robots.txt: everything allowed
                return _Entry(parser, now + CACHE_SECONDS)
            log.info("robots.txt of %s unavailable: %s", robots_url, exc)
            return _Entry(None, now + UNREACHABLE_SECONDS, f"{exc.reason}: {exc.detail}")
        parser.parse(resp.text().splitlines())
        delay = parser.crawl_delay(self._fetcher.user_agent)
        if delay:
            self._fetcher.set_crawl_delay(url, float(delay))
        return _Entry(parser, now + CACHE_SECONDS)
