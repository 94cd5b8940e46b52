-- 0003: alerts raised by the escalation watch (flashpoint.watch.alerts).
-- One row per alert; alert_id is a stable hash of detector, dyad, period, rung and metric, so raising the
-- same signal twice adds nothing. Does not depend on the resolution tables of 0002.

CREATE TABLE alerts (
    alert_id       TEXT PRIMARY KEY,          -- sha1(detector|source|target|period|rung|metric), 16 hex
    created_at     TIMESTAMP NOT NULL,
    dyad_source    TEXT NOT NULL,             -- country or actor code, as the detector saw it
    dyad_target    TEXT NOT NULL,
    window_start   DATE NOT NULL,             -- first day of the period that fired
    window_end     DATE NOT NULL,             -- last day of that period (same day for daily series)
    period         TEXT NOT NULL,             -- the signal's period, as given (ISO date)
    direction      TEXT NOT NULL,             -- 'escalating' | 'de-escalating' | 'new'
    severity       DOUBLE NOT NULL,           -- 0..1
    rung           INTEGER NOT NULL,          -- escalation-ladder rung 0..5 (0: none)
    detector       TEXT NOT NULL,
    metric         TEXT NOT NULL,
    value          DOUBLE,
    baseline       DOUBLE,
    change         DOUBLE,
    reason         TEXT NOT NULL,             -- one line for a person
    evidence       JSON NOT NULL,             -- [{sentence, url, outlet, n_sources, date, plover_type, ...}]
    status         TEXT NOT NULL DEFAULT 'new',  -- 'new' | 'acknowledged' | 'snoozed'
    snoozed_until  DATE,
    delivered_at   TIMESTAMP
);
