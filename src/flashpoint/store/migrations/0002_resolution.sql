-- 0002: cross-article event resolution (flashpoint.watch.resolve).
-- One row per real-world event in resolved_events; one row per coded event (mention) assigned to
-- it in resolved_mentions. Both tables are derived from events/articles and can be rebuilt.

CREATE TABLE resolved_events (
    resolved_id       TEXT PRIMARY KEY,         -- 'r' + hash of its first mention's event_id
    plover_type       TEXT NOT NULL,            -- most frequent type among its mentions
    cameo_code        TEXT,
    quad_class        INTEGER,
    goldstein         DOUBLE,
    source_code       TEXT,
    source_country    TEXT,
    target_code       TEXT,
    target_country    TEXT,
    location_name     TEXT,
    location_country  TEXT,
    date              DATE,                     -- the event date (most precise mentions' most frequent date)
    date_precision    TEXT,                     -- day, week, article, month
    first_seen        TIMESTAMP,                -- earliest publication (else store arrival) of a mention
    last_seen         TIMESTAMP,                -- latest one
    n_mentions        INTEGER NOT NULL,         -- supporting mentions (coded events)
    n_sources         INTEGER NOT NULL,         -- distinct outlets (else URL host, else article)
    n_articles        INTEGER NOT NULL,         -- distinct article texts (content_hash)
    fatalities        INTEGER,                  -- the latest published figure
    confidence        DOUBLE,                   -- noisy-OR over outlets of their best mention confidence
    modality          TEXT,                     -- 'asserted' when any mention asserts it, else 'claimed'
    status            TEXT NOT NULL,            -- 'active' | 'corrected' | 'retracted'
    rule              TEXT NOT NULL             -- the matching rule that built it
);

CREATE INDEX resolved_events_date ON resolved_events (date);
CREATE INDEX resolved_events_countries ON resolved_events (source_country, target_country);

CREATE TABLE resolved_mentions (
    event_id       TEXT PRIMARY KEY,            -- events.event_id: a mention belongs to one resolved event
    resolved_id    TEXT NOT NULL,
    seq            INTEGER NOT NULL,            -- order in which it joined (0: the first mention)
    role           TEXT NOT NULL,               -- 'mention' | 'correction' | 'retraction'
    article_id     TEXT NOT NULL,
    content_hash   TEXT,
    outlet         TEXT,                        -- the article's outlet, else its URL host
    source_key     TEXT NOT NULL,               -- what n_sources counts: outlet, URL host or article id
    url            TEXT,
    sentence_text  TEXT,
    date           DATE,                        -- the mention's event date
    seen           TIMESTAMP,                   -- publication date of its article, else store arrival
    confidence     DOUBLE
);

CREATE INDEX resolved_mentions_resolved ON resolved_mentions (resolved_id);
