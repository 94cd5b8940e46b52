"""Watch cycles against a local server serving a saved world-news feed (links rewritten to local pages):
statuses and reasons per item, ETag honoured (304), backoff and retry, --max-items, the same page in two
feeds fetched once, resume after a crash between the store write and the item update. A stub coder
stands in for the real one here (the kill test runs the real one); the store is real."""

from __future__ import annotations

import gzip
import html
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from flashpoint.feeds import state
from flashpoint.feeds.fetch import USER_AGENT, PoliteFetcher
from flashpoint.feeds.watcher import RetryPolicy, by_host_round_robin, run_cycle
from flashpoint.records import Article, CodedArticle, Failure
from flashpoint.store.db import Store
from tests.conftest import shared_path
from tests.test_feeds_fetch import LocalSite

BBC = ("data", "corpora", "feeds-world-news", "1796df62c4a287cc.xml")
NPR = ("data", "corpora", "feeds-world-news", "7be307059415227d.xml")
ZYTE_PAGE = ("data", "corpora", "zyte-article-extraction-benchmark", "html",
             "06e5123e4ef7cfb4533250dc45d1e03d0838fc66223f45c583c4d12f48b4da85.html.gz")

_URL = re.compile(r"https?://[^\s<>\"']+")
_ITEM = re.compile(r"<item\b.*?</item>", re.DOTALL)

# Invented reports: (actor sentence templates), made distinct per page by the place and number.
_LINES = [
    "Iran accused Israel of carrying out a drone strike near {place}, killing {n} people.",
    "The United States urged Russia to withdraw its troops from the area around {place}.",
    "Protesters clashed with police in {place} on Tuesday, and {n} people were arrested.",
    "China and the Philippines held talks in {place} on the dispute in the South China Sea.",
    "The United Nations sent food aid to {place} after fighting displaced {n} families.",
    "Turkey threatened to impose sanctions on Syria over the shelling of {place}.",
]
_PLACES = ["Damascus", "Kharkiv", "Nairobi", "Manila", "Khartoum", "Aleppo", "Gaza City", "Kabul", "Bamako",
           "Caracas", "Mosul", "Goma", "Tripoli", "Sanaa", "Yangon", "Beirut", "Kyiv", "Juba", "Mogadishu", "Herat"]


def article_page(i: int, *, title: bool = True, date: bool = True, extra: str = "") -> str:
    """An invented news page, distinct for each i; title and date metadata optional."""
    place = _PLACES[i % len(_PLACES)]
    paras = [_LINES[(i + k) % len(_LINES)].format(place=place, n=i + 3 + k) for k in range(3)]
    paras.append(f"Officials in {place} said the situation remained tense on day {i + 1} of the crisis. {extra}")
    head = f"<title>Report {i} from {place} | Local Wire</title>" if title else ""
    if date:
        head += '<meta property="article:published_time" content="2024-08-0%dT10:00:00Z">' % (1 + i % 9)
    h1 = f"<h1>Report {i} from {place}</h1>" if title else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return f"<!DOCTYPE html><html><head>{head}</head><body><article>{h1}{body}</article></body></html>"


def local_feed(xml: str, base: str, keep: int, *, special: dict[int, str] | None = None) -> tuple[str, list[str]]:
    """A saved RSS feed cut to its first `keep` items, every URL in it rewritten to `base`.

    Item i's link becomes /news/i (or the path `special[i]`); other URLs /other/N. Returns the
    feed text and the item paths in feed order.
    """
    import feedparser

    items = _ITEM.findall(xml)
    for extra in items[keep:]:
        xml = xml.replace(extra, "")
    links = [e.get("link") for e in feedparser.parse(xml.encode()).entries]
    paths = {link: (special or {}).get(i, f"/news/{i}") for i, link in enumerate(links)}
    others: dict[str, str] = {}

    def repl(m: re.Match[str]) -> str:
        url = html.unescape(m.group(0))
        path = paths.get(url) or others.setdefault(url, f"/other/{len(others)}")
        return base + path

    return _URL.sub(repl, xml), [paths[link] for link in links]


class StubCoder:
    """Codes nothing, fails articles saying EXPLODE; records what it was given."""

    name = "stub"
    version = "stub-1"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def code_many(self, articles):
        for a in articles:
            self.seen.append(a.id)
            if "EXPLODE" in a.text:
                yield CodedArticle(a, failure=Failure(a.id, "coding", "ValueError", "boom", a.origin))
            else:
                yield CodedArticle(a)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 2, 18, 12, 0, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def site():
    with LocalSite() as s:
        s.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        yield s


def fetcher() -> PoliteFetcher:
    return PoliteFetcher(min_interval=0.0, timeout=5.0)


def items_by_path(st: Store, site: LocalSite) -> dict[str, state.FeedItem]:
    return {it.link.removeprefix(site.base): it for it in state.get_items(st.connection)}


def test_cycle_records_every_outcome_then_honours_etag_and_retries(site, tmp_path):
    xml, paths = local_feed(shared_path(*BBC).read_text(encoding="utf-8"), site.base, 11,
                            special={0: "/private/0"})
    feed = site.add("/feed.xml", xml, content_type="application/rss+xml", etag='"bbc-1"')
    zyte = gzip.decompress(shared_path(*ZYTE_PAGE).read_bytes())
    site.add(paths[0], article_page(0))  # disallowed by robots.txt: never requested
    site.add(paths[1], "<html><body>" + "x" * 300_000 + "</body></html>")  # over the cap below
    site.add(paths[2], "busy", status=503)
    site.add(paths[3], b"%PDF-1.4 " + b"0" * 1000, content_type="application/pdf")
    site.add(paths[4], zyte)
    site.add(paths[5], article_page(5, title=False, date=False))  # the feed's title and date fill in
    site.add(paths[6], "<html><body><p>Le gouvernement a annoncé mardi de nouvelles mesures contre la "
                       "hausse des prix, selon le ministre de l'Économie, qui a parlé à Paris.</p></body></html>")
    site.add(paths[7], article_page(7))
    site.add(paths[8], article_page(8, extra="EXPLODE"))
    site.add(paths[9], "<html><body><nav><a href='/'>Home</a></nav></body></html>")  # no article text
    # paths[10] is not served: 404
    clock, coder = Clock(), StubCoder()
    policy = RetryPolicy(base_seconds=600, max_attempts=3)
    opts = dict(coder=coder, policy=policy, page_max_bytes=200_000, clock=clock)

    with Store.open(tmp_path / "s.duckdb") as st, fetcher() as f:
        r1 = run_cycle(st, [feed], fetcher=f, **opts)
        got = items_by_path(st, site)
        feed_row = state.get_feeds(st.connection, [feed])[0]
        articles = {row[0]: row[1:] for row in st.connection.execute(
            "SELECT url, title, pub_date, lang, skipped, coder_version FROM articles").fetchall()}

    assert (r1.feeds_polled, r1.new_items, r1.coded, r1.skipped, r1.failed) == (1, 11, 3, 2, 6), r1.reasons
    status = {p: (got[p].status, (got[p].last_error or "").split(":")[0]) for p in paths}
    assert status == {
        paths[0]: ("skipped", "robots"),
        paths[1]: ("failed", "too-large"),
        paths[2]: ("failed", "http 503"),
        paths[3]: ("failed", "not-html"),
        paths[4]: ("coded", ""),
        paths[5]: ("coded", ""),
        paths[6]: ("skipped", "language"),
        paths[7]: ("coded", ""),
        paths[8]: ("failed", "coding-coding"),
        paths[9]: ("failed", "no-article"),
        paths[10]: ("failed", "http 404"),
    }
    assert site.hits("/private/") == []
    assert (feed_row.etag, feed_row.last_status, feed_row.title) == ('"bbc-1"', 200, "BBC News")
    # the page without title and date took the feed's
    feed_entry = got[paths[5]]
    assert articles[site.url(paths[5])][0] == feed_entry.title
    assert articles[site.url(paths[5])][1] == feed_entry.published and feed_entry.published.startswith("2026-02-")
    assert articles[site.url(paths[7])][:2] == ("Report 7 from Kabul", "2024-08-08T10:00:00+00:00")
    french = articles[site.url(paths[6])]
    assert french[2] == "fr" and french[3].startswith("non-English") and french[4] == "stub-1"
    with Store.open(tmp_path / "s.duckdb") as st:
        retry = {p: it.last_error for p, it in items_by_path(st, site).items()}
        retry_at = dict(st.connection.execute(
            "SELECT link, retry_at FROM feed_items WHERE status = 'failed'").fetchall())
    assert retry_at[site.url(paths[2])] == clock.now + timedelta(seconds=600)  # retryable: backoff
    for p in (paths[1], paths[3], paths[8], paths[9], paths[10]):
        assert retry_at[site.url(p)] is None, retry[p]  # not retryable: given up

    # second poll: conditional GET answered 304; the failed page is not due yet
    n_pages = len(site.hits("/news/"))
    with Store.open(tmp_path / "s.duckdb") as st, fetcher() as f:
        r2 = run_cycle(st, [feed], fetcher=f, **opts)
    assert (r2.feeds_not_modified, r2.new_items, r2.fetched, r2.run_id) == (1, 0, 0, None)
    assert site.requests[-1][1].get("if-none-match") == '"bbc-1"'
    assert site.requests[-1][1]["user-agent"] == USER_AGENT
    assert len(site.hits("/news/")) == n_pages

    # an hour later the server is back: the page is fetched again and coded
    site.add(paths[2], article_page(2))
    clock.now += timedelta(hours=1)
    with Store.open(tmp_path / "s.duckdb") as st, fetcher() as f:
        r3 = run_cycle(st, [feed], fetcher=f, **opts)
        again = items_by_path(st, site)[paths[2]]
        n_articles = st.connection.execute("SELECT count(*) FROM articles WHERE coder_version = 'stub-1'").fetchone()[0]
    assert (r3.fetched, r3.coded, again.status, again.attempts) == (1, 1, "coded", 2)
    assert n_articles == 5  # 4 coded + 1 skipped (French): nothing twice
    assert len(coder.seen) == len(set(coder.seen))


def test_backoff_gives_up_after_max_attempts(site, tmp_path):
    xml, paths = local_feed(shared_path(*NPR).read_text(encoding="utf-8"), site.base, 1)
    feed = site.add("/feed.xml", xml, content_type="application/rss+xml")
    site.add(paths[0], "busy", status=503)
    clock = Clock()
    policy = RetryPolicy(base_seconds=60, max_seconds=100, max_attempts=3)
    with Store.open(tmp_path / "s.duckdb") as st, fetcher() as f:
        for _ in range(5):
            run_cycle(st, [feed], fetcher=f, coder=StubCoder(), policy=policy, clock=clock)
            clock.now += timedelta(seconds=101)
        item = state.get_items(st.connection)[0]
        retry_at = st.connection.execute("SELECT retry_at FROM feed_items").fetchone()[0]
    assert (item.status, item.attempts, retry_at) == ("failed", 3, None)
    assert len(site.hits("/news/0")) == 3
    assert policy.delay(1) == 60 and policy.delay(2) == 100 and policy.delay(1, retry_after=90) == 90


def test_failing_feed_is_backed_off_and_others_go_on(site, tmp_path):
    xml, paths = local_feed(shared_path(*NPR).read_text(encoding="utf-8"), site.base, 2)
    good = site.add("/good.xml", xml, content_type="application/rss+xml")
    bad = site.url("/missing.xml")
    junk = site.add("/junk.xml", "<html><body>not a feed</body></html>")
    for i, p in enumerate(paths):
        site.add(p, article_page(i))
    clock = Clock()
    with Store.open(tmp_path / "s.duckdb") as st, fetcher() as f:
        r1 = run_cycle(st, [bad, junk, good], fetcher=f, coder=StubCoder(), clock=clock,
                       policy=RetryPolicy(base_seconds=300))
        r2 = run_cycle(st, [bad, junk, good], fetcher=f, coder=StubCoder(), clock=clock)
        rows = {r.url: r for r in state.get_feeds(st.connection, [bad, junk, good])}
        errors = dict(st.connection.execute("SELECT url, last_error FROM feeds").fetchall())
    assert (r1.feeds_polled, r1.feeds_failed, r1.coded) == (3, 2, 2)
    assert (r2.feeds_polled, r2.feeds_waiting) == (1, 2)
    assert rows[bad].last_status == 404 and rows[bad].next_poll == clock.now + timedelta(seconds=300)
    assert errors[junk].startswith("not-a-feed") and rows[good].n_failures == 0


def test_max_items_defers_the_rest_and_same_page_in_two_feeds_is_fetched_once(site, tmp_path):
    xml, paths = local_feed(shared_path(*NPR).read_text(encoding="utf-8"), site.base, 5)
    one = site.add("/one.xml", xml, content_type="application/rss+xml")
    two = site.add("/two.xml", xml, content_type="application/rss+xml")
    for i, p in enumerate(paths):
        site.add(p, article_page(i))
    with Store.open(tmp_path / "s.duckdb") as st, fetcher() as f:
        r1 = run_cycle(st, [one], fetcher=f, coder=StubCoder(), max_items=2)
        r2 = run_cycle(st, [one], fetcher=f, coder=StubCoder())
        r3 = run_cycle(st, [one, two], fetcher=f, coder=StubCoder())
        counts = state.status_counts(st.connection)
    assert (r1.coded, r1.deferred, r2.coded, r2.deferred) == (2, 3, 3, 0)
    assert (r3.new_items, r3.fetched, r3.already) == (5, 0, 5)
    assert counts["coded"] == 10
    assert sorted(site.hits("/news/")) == sorted(paths)  # each page requested once


def test_resume_after_crash_between_store_write_and_item_update(site, tmp_path, monkeypatch):
    xml, paths = local_feed(shared_path(*NPR).read_text(encoding="utf-8"), site.base, 6)
    feed = site.add("/feed.xml", xml, content_type="application/rss+xml")
    for i, p in enumerate(paths):
        site.add(p, article_page(i))
    real = state.mark_coded

    def crash(con, done, now):
        if done:
            raise KeyboardInterrupt  # killed right after the batch was committed
        real(con, done, now)

    monkeypatch.setattr(state, "mark_coded", crash)
    with Store.open(tmp_path / "s.duckdb") as st, fetcher() as f, pytest.raises(KeyboardInterrupt):
        run_cycle(st, [feed], fetcher=f, coder=StubCoder(), batch_size=4)
    monkeypatch.setattr(state, "mark_coded", real)
    with Store.open(tmp_path / "s.duckdb") as st:
        before = state.status_counts(st.connection)
        assert st.connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
    assert (before["fetched"], before["new"]) == (4, 2)
    coder = StubCoder()
    with Store.open(tmp_path / "s.duckdb") as st, fetcher() as f:
        r = run_cycle(st, [feed], fetcher=f, coder=coder, batch_size=4)
        after = state.status_counts(st.connection)
        n = st.connection.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
    assert (r.already, r.coded, after["coded"]) == (4, 2, 6)
    assert n == (6, 6)
    assert len(coder.seen) == 2  # the four written before the crash were not coded again
    assert len(site.hits("/news/")) == 6  # nor fetched again


def test_round_robin_by_host():
    def item(url: str) -> state.FeedItem:
        return state.FeedItem("f", url, url)

    order = by_host_round_robin([item("http://a/1"), item("http://a/2"), item("http://a/3"),
                                 item("http://b/1"), item("http://c/1"), item("http://b/2")])
    assert [i.link for i in order] == ["http://a/1", "http://b/1", "http://c/1", "http://a/2", "http://b/2",
                                       "http://a/3"]


def test_article_page_helper_is_distinct_and_parses():
    from flashpoint.feeds.pages import page_article

    it = state.FeedItem("f", "k", "http://x.test/a", title="Feed title", published="2024-01-02T00:00:00Z")
    a, b = page_article(article_page(1), "http://x.test/a", it), page_article(article_page(2), "http://x.test/b", it)
    assert a.content_hash != b.content_hash and a.lang == "en" and a.skipped is None
    assert a.title == "Report 1 from Kharkiv" and a.date.startswith("2024-08-02")
    assert a.id == "http://x.test/a" and "drone strike near Kharkiv" not in b.text
