-- 0004: feed polling state for `flashpoint watch --feeds` (flashpoint.feeds).
-- feeds: one row per feed URL with what conditional GET needs (ETag, Last-Modified) and how its
-- last poll went. feed_items: one row per feed entry (keyed by guid, else link), with where its page
-- stands: 'new' (seen in the feed), 'fetched' (page read, content_hash known, not yet in the store),
-- 'coded' (its article is committed in the store), 'failed' (last_error says why; retried at
-- retry_at, never when retry_at is null) or 'skipped' (robots.txt, no link, ...; never retried).

CREATE TABLE feeds (
    url            TEXT PRIMARY KEY,
    title          TEXT,
    etag           TEXT,                      -- ETag of the last 200 answer (sent as If-None-Match)
    last_modified  TEXT,                      -- Last-Modified of the last 200 answer (If-Modified-Since)
    last_polled    TIMESTAMP,
    last_status    INTEGER,                   -- HTTP status of the last poll (200, 304, 404, ...); null: no answer
    last_error     TEXT,                      -- why the last poll failed; null when it worked
    n_failures     INTEGER NOT NULL DEFAULT 0,  -- consecutive failed polls
    next_poll      TIMESTAMP,                 -- failed feeds wait until then (backoff); null: poll any time
    n_items        INTEGER NOT NULL DEFAULT 0,  -- entries recorded so far
    added_at       TIMESTAMP NOT NULL
);

CREATE TABLE feed_items (
    feed_url      TEXT NOT NULL,
    item_key      TEXT NOT NULL,              -- the entry's guid/id, else its link, else a hash of title and date
    link          TEXT,
    title         TEXT,                       -- from the feed: fallback for the page's own
    published     TEXT,                       -- from the feed (ISO 8601): fallback for the page's date
    author        TEXT,                       -- from the feed: fallback for the page's byline
    status        TEXT NOT NULL,              -- 'new' | 'fetched' | 'coded' | 'failed' | 'skipped'
    attempts      INTEGER NOT NULL DEFAULT 0, -- page fetches tried
    last_error    TEXT,                       -- "reason: detail" of the last failure or skip
    retry_at      TIMESTAMP,                  -- for 'failed': when to try again (null: given up)
    content_hash  TEXT,                       -- articles.content_hash once the page is read
    first_seen    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (feed_url, item_key)
);
