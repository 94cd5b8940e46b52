"""Feed parsing and polling: the shared saved feeds (served locally) give the entries their upstream
expected outputs list; item keys; feed list files and the shipped default list."""

from __future__ import annotations

import csv
import json
from urllib.parse import urljoin

import pytest

from flashpoint.errors import InputError
from flashpoint.feeds.feedlist import parse_feed_list, read_feed_list
from flashpoint.feeds.fetch import FetchError, PoliteFetcher
from flashpoint.feeds.poll import entry_item, parse_feed, poll_feed
from flashpoint.feeds.state import FeedRow
from tests.conftest import shared_path
from tests.test_feeds_fetch import LocalSite


def test_world_news_feeds_served_locally_give_every_entry():
    root = shared_path("data", "corpora", "feeds-world-news")
    index = list(csv.reader((root / "feed_index.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert len(index) >= 10
    with LocalSite() as site, PoliteFetcher(min_interval=0.0, respect_robots=False) as f:
        for row in index:
            name, expected = row[0].rsplit("/", 1)[-1], int(row[3])
            url = site.add(f"/{name}.xml", (root / f"{name}.xml").read_bytes(), content_type="application/rss+xml")
            got = poll_feed(f, FeedRow(url))
            assert got.status == 200 and len(got.items) == expected, name
            keys = [i.item_key for i in got.items]
            assert len(set(keys)) == len(keys), name
            assert all(i.link and i.link.startswith("http") for i in got.items), name
            assert all(i.published and i.published[4] == "-" for i in got.items), name


def test_rss_parser_fixtures_match_their_expected_items():
    root = shared_path("data", "corpora", "feeds-rss-parser-fixtures")
    checked = 0
    for path in sorted((root / "input").iterdir()):
        expected_path = root / "output" / f"{path.stem}.json"
        if path.stem == "unrecognized":
            with pytest.raises(FetchError) as exc:
                parse_feed("http://feeds.test/x", path.read_bytes())
            assert exc.value.reason == "not-a-feed"
            continue
        got = parse_feed("http://feeds.test/x", path.read_bytes())
        if not expected_path.exists():
            continue
        expected = json.loads(expected_path.read_bytes().decode("utf-8", "replace"))["feed"]["items"]
        # entries with neither id, link nor title cannot be tracked: dropped
        keep = [e for e in expected if e.get("link") or e.get("guid") or e.get("id") or e.get("title")]
        assert len(got.items) == len(keep), path.name
        for item, exp in zip(got.items, keep, strict=True):
            link = (exp.get("link") or "").strip()
            if link.startswith(("http", "/")):
                assert item.link == urljoin("http://feeds.test/x", link), path.name
        checked += 1
    assert checked >= 25


def test_item_key_prefers_guid_then_link_then_title_hash():
    base = "http://feeds.test/feed"
    a = entry_item(base, {"id": "guid-1", "link": "/a", "title": "T"}, base)
    b = entry_item(base, {"link": "/b", "title": "T"}, base)
    c = entry_item(base, {"title": "Only a title", "published_parsed": (2024, 8, 1, 10, 0, 0, 0, 0, 0)}, base)
    d = entry_item(base, {"link": "mailto:x@y.z"}, base)
    assert (a.item_key, a.link) == ("guid-1", "http://feeds.test/a")
    assert (b.item_key, b.link) == ("http://feeds.test/b", "http://feeds.test/b")
    assert c.item_key.startswith("sha1:") and c.link is None and c.published == "2024-08-01T10:00:00+00:00"
    assert c.item_key == entry_item(base, {"title": "Only a title", "published_parsed": (2024, 8, 1, 10, 0, 0)}, base).item_key
    assert d is None  # no key, no http link: nothing to track


def test_feed_list_files(tmp_path):
    text = "# my feeds\n\nhttps://a.test/rss  A feed\nhttp://b.test/atom.xml\nhttps://a.test/rss\n"
    assert parse_feed_list(text, "f") == ["https://a.test/rss", "http://b.test/atom.xml"]
    with pytest.raises(InputError, match=r"f:2: not an http\(s\) feed URL"):
        parse_feed_list("https://a.test/rss\nftp://x.test/feed\n", "f")
    with pytest.raises(InputError, match="no feed URLs"):
        parse_feed_list("# nothing\n", "f")
    with pytest.raises(InputError, match="not found"):
        read_feed_list(str(tmp_path / "missing.txt"))
    p = tmp_path / "feeds.txt"
    p.write_text(text, encoding="utf-8")
    assert read_feed_list(str(p)) == ["https://a.test/rss", "http://b.test/atom.xml"]


def test_default_list_is_shipped_and_names_major_world_news_outlets():
    urls = read_feed_list("default")
    assert 25 <= len(urls) <= 40
    hosts = " ".join(urls)
    for outlet in ("bbc", "aljazeera", "france24", "dw.com", "npr", "theguardian", "news.un.org"):
        assert outlet in hosts, outlet
    assert all(u.startswith(("https://", "http://")) for u in urls)
