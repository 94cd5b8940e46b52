"""A polite HTTP fetcher: one user agent, robots.txt, a per-host gap between requests, timeouts, size caps.

Every request to a host waits until `min_interval` seconds (or the host's robots.txt Crawl-delay,
capped) have passed since the previous request to that host ended. Redirects are followed by hand,
so every hop is checked against robots.txt and rate-limited too. Bodies are streamed and dropped
as soon as they pass the cap. Failures raise `FetchError` with a short reason and whether trying
again later may help; nothing is retried here (the caller schedules retries).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from flashpoint import __version__
from flashpoint.errors import FlashpointError

if TYPE_CHECKING:
    import httpx

    from flashpoint.feeds.robots import RobotsCache

log = logging.getLogger(__name__)

USER_AGENT = f"Flashpoint/{__version__} (+https://example.invalid/flashpoint)"
PAGE_MAX_BYTES = 5 * 1024 * 1024
FEED_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay above this is capped (a host cannot stall the watch)
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(FlashpointError):
    """A request that gave no usable body: `reason` is a short code, `retryable` says whether to try later."""

    def __init__(
        self, url: str, reason: str, detail: str, *, retryable: bool, retry_after: float | None = None
    ) -> None:
        self.url = url
        self.reason = reason
        self.detail = detail
        self.retryable = retryable
        self.retry_after = retry_after
        super().__init__(f"{url}: {reason}: {detail}")


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched resource: final URL, status (200, or 304 for not modified), lower-case headers, body."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    def text(self) -> str:
        """The body decoded by the header charset, else a <meta charset>, else UTF-8 (bad bytes replaced)."""
        for enc in (_header_charset(self.headers.get("content-type", "")), _meta_charset(self.body)):
            if enc:
                try:
                    return self.body.decode(enc, errors="replace")
                except LookupError:
                    continue
        return self.body.decode("utf-8", errors="replace")


def _header_charset(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return m.group(1) if m else None


def _meta_charset(body: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", body[:4096], re.IGNORECASE)
    return m.group(1).decode("ascii") if m else None


def host_key(url: str) -> str:
    """The rate-limit and robots key of a URL: scheme, host and port."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{parts.port or ''}"


def is_html(headers: Mapping[str, str], body_start: bytes = b"") -> bool:
    """True for text/html (or XHTML); without a Content-Type, when the body starts like an HTML page."""
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype:
        return ctype in _HTML_TYPES
    head = body_start[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


class PoliteFetcher:
    """GETs with robots.txt, a per-host minimum gap, timeouts and a size cap. Not thread-safe.

    `client` is an httpx.Client (one is made when None; close the fetcher to close it). `robots`
    decides what may be fetched (None: a `RobotsCache` on this fetcher). `clock`/`sleep` are for tests.
    """

    def __init__(
        self,
        *,
        client: httpx.Client | None = None,
        min_interval: float = 1.0,
        timeout: float = 20.0,
        user_agent: str = USER_AGENT,
        robots: RobotsCache | None = None,
        respect_robots: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx

        if min_interval < 0:
            raise ValueError(f"min_interval must be >= 0, got {min_interval}")
        self._own_client = client is None
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=False
        )
        self.min_interval = min_interval
        self.timeout = timeout
        self.user_agent = user_agent
        self.respect_robots = respect_robots
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._host_interval: dict[str, float] = {}
        if robots is None and respect_robots:
            from flashpoint.feeds.robots import RobotsCache  # noqa: PLC0415

            robots = RobotsCache(self)
        self.robots = robots
        self.n_requests = 0

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness -------------------------------------------------------------------------------

    def set_crawl_delay(self, url: str, seconds: float) -> None:
        """Use max(min_interval, seconds) (capped at MAX_CRAWL_DELAY) between requests to this URL's host."""
        self._host_interval[host_key(url)] = min(max(seconds, 0.0), MAX_CRAWL_DELAY)

    def _wait_turn(self, url: str) -> None:
        key = host_key(url)
        last = self._last.get(key)
        if last is None:
            return
        gap = max(self.min_interval, self._host_interval.get(key, 0.0))
        wait = last + gap - self._clock()
        if wait > 0:
            log.debug("waiting %.2fs before the next request to %s", wait, key)
            self._sleep(wait)

    # -- requests ---------------------------------------------------------------------------------

    def get(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        *,
        max_bytes: int = PAGE_MAX_BYTES,
        accept: Callable[[Mapping[str, str], bytes], bool] | None = None,
        check_robots: bool = True,
        follow: int = MAX_REDIRECTS,
    ) -> Response:
        """GET `url` politely, following up to `follow` redirects (each hop checked and rate-limited).

        Returns status 200 (any 2xx) or 304. `accept(headers, first_bytes)` may refuse the body
        before it is read (FetchError "not-html" style reasons come from the caller's check).
        Raises FetchError for robots, HTTP errors, timeouts, network errors, too-large bodies.
        """
        current = url
        for _ in range(follow + 1):
            if check_robots and self.respect_robots and self.robots is not None:
                self.robots.check(current)
            resp = self._one(current, headers or {}, max_bytes, accept)
            if resp.status in _REDIRECTS:
                location = resp.headers.get("location")
                if not location:
                    raise FetchError(current, f"http {resp.status}", "redirect without a Location", retryable=False)
                current = urljoin(current, location)
                continue
            return resp
        raise FetchError(url, "redirects", f"more than {follow} redirects", retryable=False)

    def _one(
        self,
        url: str,
        headers: Mapping[str, str],
        max_bytes: int,
        accept: Callable[[Mapping[str, str], bytes], bool] | None,
    ) -> Response:
        import httpx

        self._wait_turn(url)
        self.n_requests += 1
        started = self._clock()
        try:
            with self._client.stream("GET", url, headers={"User-Agent": self.user_agent, **headers}) as r:
                hdrs = {k.lower(): v for k, v in r.headers.items()}
                status = r.status_code
                if status in _REDIRECTS or status == 304:
                    return Response(str(r.url), status, hdrs, b"")
                if status >= 400:
                    raise _http_error(url, status, hdrs)
                length = hdrs.get("content-length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise FetchError(url, "too-large", f"Content-Length {length} is over the {max_bytes}-byte cap",
                                     retryable=False)
                body = bytearray()
                checked = accept is None
                for chunk in r.iter_bytes():
                    body += chunk
                    if not checked and len(body) >= 512:
                        checked = True
                        _check_accept(url, accept, hdrs, bytes(body))
                    if len(body) > max_bytes:
                        raise FetchError(url, "too-large", f"body passed the {max_bytes}-byte cap", retryable=False)
                    if self._clock() - started > self.timeout * 3:
                        raise FetchError(url, "timeout", f"body still arriving after {self.timeout * 3:.0f}s",
                                         retryable=True)
                if not checked:
                    _check_accept(url, accept, hdrs, bytes(body))
                return Response(str(r.url), status, hdrs, bytes(body))
        except httpx.TimeoutException as exc:
            raise FetchError(url, "timeout", f"{type(exc).__name__}: {exc}", retryable=True) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise FetchError(url, "bad-url", str(exc), retryable=False) from exc
        except httpx.HTTPError as exc:  # connection refused, reset, DNS, protocol errors
            raise FetchError(url, "network", f"{type(exc).__name__}: {exc}", retryable=True) from exc
        finally:
            self._last[host_key(url)] = self._clock()


def _check_accept(
    url: str, accept: Callable[[Mapping[str, str], bytes], bool] | None, headers: Mapping[str, str], first: bytes
) -> None:
    if accept is not None and not accept(headers, first):
        ctype = headers.get("content-type") or "no Content-Type"
        raise FetchError(url, "not-html", f"content type {ctype}", retryable=False)


def _http_error(url: str, status: int, headers: Mapping[str, str]) -> FetchError:
    retry_after = None
    value = headers.get("retry-after", "")
    if value.strip().isdigit():
        retry_after = float(value.strip())
    return FetchError(url, f"http {status}", f"server answered {status}", retryable=status in _RETRYABLE_STATUS,
                      retry_after=retry_after)


def fetch_page(fetcher: PoliteFetcher, url: str, max_bytes: int = PAGE_MAX_BYTES) -> Response:
    """An HTML page (text/html only, at most `max_bytes`), or FetchError."""
    return fetcher.get(url, {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"},
                       max_bytes=max_bytes, accept=is_html)
