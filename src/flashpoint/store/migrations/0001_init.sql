-- 0001: the initial schema of the event store.
-- Spans are [start, end) character offsets into articles.text.

CREATE TABLE articles (
    content_hash   TEXT PRIMARY KEY,          -- hash of the body text: the article's identity
    article_id     TEXT NOT NULL,             -- the caller's id (Article.id)
    title          TEXT,
    url            TEXT,
    outlet         TEXT,
    author         TEXT,
    pub_date       TEXT,                      -- publication date as given (ISO 8601)
    lang           TEXT,
    origin         TEXT,                      -- file path, URL, "<stdin>"
    text           TEXT,                      -- the body every span indexes into
    actor_hints    JSON,                      -- {"source": [[s, e], ...], "target": [...]} or null
    skipped        TEXT,                      -- reason the article was not coded, or null
    coder_version  TEXT,                      -- coder version that coded (or skipped) it; null: not coded yet
    run_id         TEXT,                      -- run that last wrote it
    n_events       INTEGER,
    first_seen     TIMESTAMP NOT NULL,
    last_coded     TIMESTAMP
);

CREATE TABLE sentences (
    content_hash   TEXT NOT NULL,
    idx            INTEGER NOT NULL,
    "start"        INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    PRIMARY KEY (content_hash, idx)
);

CREATE TABLE events (
    event_id              TEXT PRIMARY KEY,
    content_hash          TEXT,               -- null for events imported without their article
    article_id            TEXT NOT NULL,
    coder_version         TEXT,
    run_id                TEXT,
    date                  DATE,               -- event day (partial dates padded with 01)
    date_precision        TEXT,
    plover_type           TEXT NOT NULL,
    plover_mode           TEXT,
    plover_context        TEXT[],
    cameo_code            TEXT,
    cameo_root            TEXT,
    goldstein             DOUBLE,
    quad_class            INTEGER,
    acled_event_type      TEXT,
    acled_sub_event_type  TEXT,
    source_text           TEXT,
    source_start          INTEGER,
    source_end            INTEGER,
    source_name           TEXT,
    source_code           TEXT,
    source_country        TEXT,
    source_sector         TEXT,
    target_text           TEXT,
    target_start          INTEGER,
    target_end            INTEGER,
    target_name           TEXT,
    target_code           TEXT,
    target_country        TEXT,
    target_sector         TEXT,
    location_text         TEXT,
    location_start        INTEGER,
    location_end          INTEGER,
    location_name         TEXT,
    location_country      TEXT,
    location_admin1       TEXT,
    location_lat          DOUBLE,
    location_lon          DOUBLE,
    location_precision    TEXT,
    modality              TEXT,
    attribution_text      TEXT,
    attribution_start     INTEGER,
    attribution_end       INTEGER,
    attribution_name      TEXT,
    attribution_code      TEXT,
    fatalities            INTEGER,
    confidence            DOUBLE,
    sentence_idx          INTEGER,
    sentence_start        INTEGER,
    sentence_end          INTEGER,
    sentence_text         TEXT,
    trigger_text          TEXT,
    trigger_start         INTEGER,
    trigger_end           INTEGER,
    record                JSON NOT NULL,      -- the full contract record, as written
    added_at              TIMESTAMP NOT NULL
);

CREATE TABLE actors (
    code        TEXT PRIMARY KEY,
    name        TEXT,
    country     TEXT,
    sector      TEXT,
    first_seen  DATE,                         -- earliest event date with this actor
    last_seen   DATE,                         -- latest event date with this actor
    n_events    INTEGER NOT NULL
);

CREATE TABLE runs (
    run_id         TEXT PRIMARY KEY,
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP,
    coder_name     TEXT,
    coder_version  TEXT,
    config         JSON,                      -- the resolved configuration of the run
    n_articles     INTEGER,
    n_events       INTEGER,
    n_failed       INTEGER,
    n_skipped      INTEGER
);

CREATE TABLE failures (
    run_id        TEXT,
    article_id    TEXT,
    content_hash  TEXT,
    origin        TEXT,
    stage         TEXT,
    error         TEXT,
    message       TEXT,
    "at"          TIMESTAMP NOT NULL
);
