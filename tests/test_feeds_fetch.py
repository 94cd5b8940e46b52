"""The polite fetcher and robots.txt against a local HTTP server (no internet): user agent, per-host gap,
Crawl-delay, robots rules (allow, disallow, missing, unavailable, redirects), size cap, content type,
conditional GET. `LocalSite` here is the server the other feed tests use."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from flashpoint.feeds.fetch import USER_AGENT, FetchError, PoliteFetcher, fetch_page, host_key
from flashpoint.feeds.robots import RobotsCache

HTML = "text/html; charset=utf-8"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = HTML
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    send_length: bool = True  # False: no Content-Length, the body streamed until the connection closes


class LocalSite:
    """A threaded HTTP server on 127.0.0.1 (random port) serving `routes` by path (query included).

    Unknown paths answer 404. Every request is logged as (path, headers). A route with `etag` or
    `last_modified` answers 304 to a matching conditional GET.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                with site._lock:
                    site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                    route = site.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.delay:
                    time.sleep(route.delay)
                if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                    route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
                ):
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                else:
                    self.close_connection = True
                self.end_headers()
                try:
                    for i in range(0, len(route.body), 65536):
                        self.wfile.write(route.body[i : i + 65536])
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (size cap)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", **kw: object) -> str:
        self.routes[path] = Route(body.encode() if isinstance(body, str) else body, **kw)  # type: ignore[arg-type]
        return self.url(path)

    def hits(self, prefix: str) -> list[str]:
        with self._lock:
            return [p for p, _ in self.requests if p.startswith(prefix)]


PAGE = "<html><head><title>Page</title></head><body><p>Hello there, this is a page.</p></body></html>"


class FakeClock:
    """A monotonic clock that only moves when slept on."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        self.slept.append(round(s, 6))
        self.t += s


@pytest.fixture
def site():
    with LocalSite() as s:
        s.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        yield s


def fetcher(**kw: object) -> PoliteFetcher:
    kw.setdefault("min_interval", 0.0)
    kw.setdefault("timeout", 5.0)
    return PoliteFetcher(**kw)  # type: ignore[arg-type]


def test_user_agent_names_flashpoint_and_version_and_robots_is_read_once(site):
    from flashpoint import __version__

    assert USER_AGENT == f"Flashpoint/{__version__} (+https://example.invalid/flashpoint)"
    site.add("/a", PAGE)
    site.add("/b", PAGE)
    with fetcher() as f:
        assert fetch_page(f, site.url("/a")).text() == PAGE
        fetch_page(f, site.url("/b"))
    assert [p for p, _ in site.requests] == ["/robots.txt", "/a", "/b"]
    assert {h["user-agent"] for _, h in site.requests} == {USER_AGENT}


def test_robots_disallowed_path_is_refused_without_a_request(site):
    site.add("/private/x", PAGE)
    with fetcher() as f, pytest.raises(FetchError) as exc:
        fetch_page(f, site.url("/private/x"))
    assert exc.value.reason == "robots" and not exc.value.retryable
    assert site.hits("/private/") == []


def test_robots_rules_for_our_agent_and_redirect_into_a_disallowed_path(site):
    site.routes["/robots.txt"].body = b"User-agent: Flashpoint\nDisallow: /no-bots/\n\nUser-agent: *\nDisallow: /\n"
    site.add("/ok", PAGE)
    site.add("/jump", "", status=302, headers={"Location": "/no-bots/page"})
    site.add("/no-bots/page", PAGE)
    with fetcher() as f:
        assert fetch_page(f, site.url("/ok")).status == 200  # our group allows it though '*' forbids all
        with pytest.raises(FetchError) as exc:
            fetch_page(f, site.url("/jump"))
    assert exc.value.reason == "robots"
    assert site.hits("/no-bots/") == []


def test_redirects_are_followed_and_give_the_final_url(site):
    site.add("/old", "", status=301, headers={"Location": "/new"})
    site.add("/new", PAGE)
    with fetcher() as f:
        resp = fetch_page(f, site.url("/old"))
    assert resp.url == site.url("/new") and resp.text() == PAGE


def test_missing_robots_allows_everything_and_unavailable_robots_is_a_retryable_failure():
    with LocalSite() as s:  # no /robots.txt: 404
        s.add("/a", PAGE)
        with fetcher() as f:
            assert fetch_page(f, s.url("/a")).status == 200
    with LocalSite() as s:
        s.add("/robots.txt", "down", status=503, content_type="text/plain")
        s.add("/a", PAGE)
        with fetcher() as f, pytest.raises(FetchError) as exc:
            fetch_page(f, s.url("/a"))
        assert exc.value.reason == "robots" and exc.value.retryable
        assert s.hits("/a") == []


def test_per_host_gap_is_kept_and_hosts_do_not_wait_for_each_other(site):
    clock = FakeClock()
    site.add("/a", PAGE)
    with LocalSite() as other:
        other.add("/b", PAGE)
        with fetcher(min_interval=1.5, clock=clock, sleep=clock.sleep, respect_robots=False) as f:
            fetch_page(f, site.url("/a"))
            fetch_page(f, other.url("/b"))  # another host: no wait
            assert clock.slept == []
            fetch_page(f, site.url("/a"))  # same host: waits the whole gap (the fake clock did not move)
            assert clock.slept == [1.5]
            clock.t += 5.0
            fetch_page(f, site.url("/a"))  # the gap has passed already
            assert clock.slept == [1.5]


def test_crawl_delay_widens_the_gap(site):
    site.routes["/robots.txt"].body = b"User-agent: *\nCrawl-delay: 4\nDisallow: /private/\n"
    site.add("/a", PAGE)
    clock = FakeClock()
    with fetcher(min_interval=1.0, clock=clock, sleep=clock.sleep) as f:
        fetch_page(f, site.url("/a"))  # robots.txt, then the page: one gap of 4 s between them
        fetch_page(f, site.url("/a"))
    assert clock.slept == [4.0, 4.0]


def test_real_clock_gap_between_requests(site):
    site.add("/a", PAGE)
    with fetcher(min_interval=0.2, respect_robots=False) as f:
        t0 = time.monotonic()
        for _ in range(3):
            fetch_page(f, site.url("/a"))
        assert time.monotonic() - t0 >= 0.4


def test_size_cap_by_content_length_and_while_streaming(site):
    big = b"<html><body>" + b"x" * 300_000 + b"</body></html>"
    site.add("/big", big)
    site.add("/big-stream", big, send_length=False)
    with fetcher() as f:
        for path in ("/big", "/big-stream"):
            with pytest.raises(FetchError) as exc:
                fetch_page(f, site.url(path), max_bytes=100_000)
            assert exc.value.reason == "too-large" and not exc.value.retryable
        assert len(fetch_page(f, site.url("/big-stream"), max_bytes=400_000).body) == len(big)


def test_only_html_pages(site):
    site.add("/doc.pdf", b"%PDF-1.4 " + b"0" * 2000, content_type="application/pdf")
    site.add("/untyped", b"<!DOCTYPE html><html><body>ok</body></html>", content_type="")
    with fetcher() as f:
        with pytest.raises(FetchError) as exc:
            fetch_page(f, site.url("/doc.pdf"))
        assert exc.value.reason == "not-html"
        assert fetch_page(f, site.url("/untyped")).status == 200  # no Content-Type: sniffed as HTML


def test_http_errors_say_whether_to_retry(site):
    site.add("/gone", "gone", status=404)
    site.add("/busy", "busy", status=503, headers={"Retry-After": "120"})
    with fetcher() as f:
        with pytest.raises(FetchError) as gone:
            fetch_page(f, site.url("/gone"))
        with pytest.raises(FetchError) as busy:
            fetch_page(f, site.url("/busy"))
    assert (gone.value.reason, gone.value.retryable) == ("http 404", False)
    assert (busy.value.reason, busy.value.retryable, busy.value.retry_after) == ("http 503", True, 120.0)


def test_timeout_and_refused_connection_are_retryable(site):
    site.add("/slow", PAGE, delay=1.5)
    with fetcher(timeout=0.3) as f:
        with pytest.raises(FetchError) as slow:
            fetch_page(f, site.url("/slow"))
        with pytest.raises(FetchError) as refused:
            f.get("http://127.0.0.1:9/x", check_robots=False)  # discard port: nothing listens
    assert (slow.value.reason, slow.value.retryable) == ("timeout", True)
    assert (refused.value.reason, refused.value.retryable) == ("network", True)


def test_conditional_get_returns_304(site):
    site.add("/feed.xml", "<rss/>", content_type="application/rss+xml", etag='"v1"')
    with fetcher() as f:
        first = f.get(site.url("/feed.xml"))
        second = f.get(site.url("/feed.xml"), {"If-None-Match": first.headers["etag"]})
    assert (first.status, second.status, second.body) == (200, 304, b"")


def test_charset_from_header_then_meta():
    from flashpoint.feeds.fetch import Response

    latin = "café".encode("latin-1")
    assert Response("u", 200, {"content-type": "text/html; charset=ISO-8859-1"}, latin).text() == "café"
    meta = b'<html><head><meta charset="windows-1252"></head>' + latin
    assert Response("u", 200, {"content-type": "text/html"}, meta).text().endswith("café")


def test_host_key_and_robots_cache_allowed(site):
    assert host_key("http://Example.COM:8080/a?b") == "http://example.com:8080"
    assert host_key("https://example.com/a") != host_key("http://example.com/a")
    with fetcher() as f:
        cache = RobotsCache(f)
        assert cache.allowed(site.url("/public"))
        assert not cache.allowed(site.url("/private/1"))
    assert len(site.hits("/robots.txt")) == 1
