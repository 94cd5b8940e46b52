-- 0005: articles, sentences and events lose their PRIMARY KEY (issue 4: the writer's memory).
-- DuckDB keeps a key as an ART index that must stay in memory while rows are inserted: about 0.55 MB
-- per 1,000 coded articles for these three keys (an article, ~5 events, ~17 sentences), so the
-- writing process grew with the store, and once the indexes outgrow DuckDB's memory budget every write
-- fails with "Out of Memory" (measured with a 64MB budget: after ~37,000 articles). No query looked rows up by these keys (the write path's lookups
-- are joins, which DuckDB runs as scans). The keys stay unique: store/write.py replaces an article's
-- row, sentences and events (deleting before inserting) and deletes every event id it writes first.
-- Columns, their order, types and NOT NULL constraints are unchanged; every row is copied as it is.

CREATE TABLE articles_0005 (
    content_hash   TEXT NOT NULL,             -- hash of the body text: the article's identity (unique)
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
INSERT INTO articles_0005 SELECT * FROM articles;
DROP TABLE articles;
ALTER TABLE articles_0005 RENAME TO articles;

CREATE TABLE sentences_0005 (
    content_hash   TEXT NOT NULL,
    idx            INTEGER NOT NULL,
    "start"        INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL
);
INSERT INTO sentences_0005 SELECT * FROM sentences;
DROP TABLE sentences;
ALTER TABLE sentences_0005 RENAME TO sentences;

CREATE TABLE events_0005 (
    event_id              TEXT NOT NULL,      -- unique
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
INSERT INTO events_0005 SELECT * FROM events;
DROP TABLE events;
ALTER TABLE events_0005 RENAME TO events;
