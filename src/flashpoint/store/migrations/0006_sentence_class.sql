-- 0006: the evidence sentence's class as flat columns of events, so it can be filtered, grouped and
-- exported. Until now it lived only in the record JSON (key "sentence_class", records.SentenceClass):
-- its ConfliBERT penta class (0 statement .. 4 material conflict) with name and probability, and its
-- CASE 2021 category (code, readable name, probability; null without the category model).
-- New columns go at the end of the table; every existing row and column is kept as it is. Rows
-- already stored are filled from their record; a record without a sentence_class (older coders,
-- importers) leaves them null. TRY_CAST: a value of an unexpected type in an imported record gives
-- null rather than failing the migration (and with it the opening of the store).

ALTER TABLE events ADD COLUMN penta_class INTEGER;       -- sentence_class.penta: 0..4
ALTER TABLE events ADD COLUMN penta_name TEXT;           -- sentence_class.name: "material conflict", ...
ALTER TABLE events ADD COLUMN penta_prob DOUBLE;         -- sentence_class.prob
ALTER TABLE events ADD COLUMN category TEXT;             -- sentence_class.category: CASE 2021 code, e.g. ARMED_CLASH
ALTER TABLE events ADD COLUMN category_name TEXT;        -- sentence_class.category_name: e.g. "Armed clash"
ALTER TABLE events ADD COLUMN category_prob DOUBLE;      -- sentence_class.category_prob

UPDATE events SET
    penta_class   = TRY_CAST(json_extract_string(record, '$.sentence_class.penta') AS INTEGER),
    penta_name    = json_extract_string(record, '$.sentence_class.name'),
    penta_prob    = TRY_CAST(json_extract_string(record, '$.sentence_class.prob') AS DOUBLE),
    category      = json_extract_string(record, '$.sentence_class.category'),
    category_name = json_extract_string(record, '$.sentence_class.category_name'),
    category_prob = TRY_CAST(json_extract_string(record, '$.sentence_class.category_prob') AS DOUBLE)
WHERE json_type(record, '$.sentence_class') = 'OBJECT';
