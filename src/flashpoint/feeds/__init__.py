"""Feed watching: poll RSS/Atom feeds, fetch article pages politely, code them into the store.

`flashpoint watch --feeds FILE` is a thin shell over `watch_feeds` / `run_cycle`. Nothing heavy
loads at import: httpx, feedparser, DuckDB and the coder load when used.
"""

from flashpoint.feeds.feedlist import read_feed_list
from flashpoint.feeds.fetch import USER_AGENT, FetchError, PoliteFetcher, Response, fetch_page
from flashpoint.feeds.poll import PollResult, parse_feed, poll_feed
from flashpoint.feeds.robots import RobotsCache
from flashpoint.feeds.watcher import CycleResult, RetryPolicy, run_cycle, watch_feeds

__all__ = [
    "USER_AGENT",
    "CycleResult",
    "FetchError",
    "PollResult",
    "PoliteFetcher",
    "Response",
    "RetryPolicy",
    "RobotsCache",
    "fetch_page",
    "parse_feed",
    "poll_feed",
    "read_feed_list",
    "run_cycle",
    "watch_feeds",
]
