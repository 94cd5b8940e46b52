"""The kill test: `flashpoint watch --feeds F --once` (the real coder, a real store) against a local server
that serves two saved world-news feeds with slow pages, killed with SIGKILL mid-run, then run again to
completion: every item is coded exactly once, no article or event is missing or duplicated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.conftest import shared_path
from tests.test_feeds_fetch import LocalSite
from tests.test_feeds_watch import BBC, NPR, article_page, local_feed

pytestmark = pytest.mark.slow

N_NPR, N_BBC = 10, 6  # 16 items: two store batches of 8
KILL_AFTER = 10  # pages served: the first batch is committed, the second is being fetched


def _watch(feeds, store) -> list[str]:
    return [sys.executable, "-m", "flashpoint.cli.main", "watch", "--feeds", str(feeds), "--once",
            "--store", str(store), "--host-interval", "0", "--timeout", "10"]


def test_kill_mid_run_then_rerun_codes_every_item_exactly_once(tmp_path):
    with LocalSite() as site:
        site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        npr, npr_paths = local_feed(shared_path(*NPR).read_text(encoding="utf-8"), site.base, N_NPR)
        bbc, bbc_paths = local_feed(shared_path(*BBC).read_text(encoding="utf-8"), site.base, N_BBC,
                                    special={i: f"/news/b{i}" for i in range(N_BBC)})
        feeds = [site.add("/npr.xml", npr, content_type="application/rss+xml"),
                 site.add("/bbc.xml", bbc, content_type="application/rss+xml")]
        paths = npr_paths + bbc_paths
        assert len(set(paths)) == N_NPR + N_BBC
        for i, p in enumerate(paths):
            site.add(p, article_page(i), delay=0.2)
        feed_file = tmp_path / "feeds.txt"
        feed_file.write_text("\n".join(feeds) + "\n", encoding="utf-8")
        store = tmp_path / "watch.duckdb"
        env = {**os.environ, "FLASHPOINT_HOME": str(tmp_path / "home")}

        first = subprocess.Popen(_watch(feed_file, store), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while len(site.hits("/news/")) < KILL_AFTER and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        still_running = first.poll() is None
        first.send_signal(signal.SIGKILL)
        out, err = first.communicate(timeout=30)
        assert still_running, f"the first run ended before it could be killed: {err.decode()[-2000:]}"
        assert first.returncode == -signal.SIGKILL
        served_before = len(site.hits("/news/"))
        assert served_before >= KILL_AFTER

        second = subprocess.run(_watch(feed_file, store), env=env, capture_output=True, timeout=180)
        assert second.returncode == 0, second.stderr.decode()[-3000:]
        hits = {p: site.hits(p).count(p) for p in paths}

    con = duckdb.connect(str(store), read_only=True)
    try:
        items = con.execute("SELECT link, status, content_hash FROM feed_items").fetchall()
        assert len(items) == len(paths)
        assert {s for _, s, _ in items} == {"coded"}, items
        articles = con.execute("SELECT content_hash, url, coder_version, n_events FROM articles").fetchall()
        assert len(articles) == len(paths)
        assert {a[1] for a in articles} == {site.url(p) for p in paths}  # each page once, none missing
        assert {h for _, _, h in items} == {a[0] for a in articles}
        assert all(a[2] for a in articles)  # all coded
        per_article = dict(con.execute("SELECT content_hash, count(*) FROM events GROUP BY content_hash").fetchall())
        assert {a[0]: a[3] for a in articles if a[3]} == per_article  # the events each article says it has
        n_events, n_ids = con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
        assert n_events == n_ids and n_events >= len(paths)
        dup_evidence = con.execute(
            "SELECT count(*) FROM (SELECT content_hash, sentence_start, trigger_start, plover_type, source_code, "
            "target_code FROM events GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
        assert dup_evidence == 0
        runs = con.execute("SELECT count(*), count(finished_at) FROM runs").fetchone()
        assert runs == (2, 1)  # the killed run never finished
    finally:
        con.close()
    # pages committed before the kill were not fetched again; none was fetched more than twice
    assert max(hits.values()) <= 2 and sum(1 for n in hits.values() if n == 1) >= 8
