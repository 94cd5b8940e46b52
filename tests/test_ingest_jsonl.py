import json

from flashpoint.ingest.jsonl import parse_jsonl
from flashpoint.records import Article, Failure

TEXT = "Iran accused Israel of the attack."


def _run(lines):
    return list(parse_jsonl([json.dumps(x) if not isinstance(x, str) else x for x in lines], "batch.jsonl"))


def test_good_line_becomes_article_with_metadata_and_hints():
    [art] = _run([{"id": "a1", "text": TEXT, "title": "T", "outlet": "O", "lang": "EN",
                   "date": "2024-08-04T10:00:00Z", "actors": {"source": [[0, 4]], "target": [[13, 19]]}}])
    assert isinstance(art, Article)
    assert art.id == "a1" and art.title == "T" and art.outlet == "O" and art.lang == "en"
    assert art.date == "2024-08-04T10:00:00+00:00"
    assert art.actors.source == ((0, 4),) and TEXT[13:19] == "Israel"
    assert art.origin == "batch.jsonl:1"


def test_integer_id_and_plain_date():
    [art] = _run([{"id": 7, "text": TEXT, "date": "2024-08-04"}])
    assert art.id == "7" and art.date == "2024-08-04"


def test_bad_lines_become_failures_naming_file_line_and_field_and_good_lines_go_on():
    lines = [
        {"id": "ok1", "text": TEXT},
        "{not json",
        {"text": TEXT},
        {"id": "x3", "text": 42},
        {"id": "x4", "text": TEXT, "actors": {"source": [[0, 400]], "target": []}},
        {"id": "x5", "text": TEXT, "actors": {"source": [[0, "4"]]}},
        {"id": "x6", "text": TEXT, "date": "last Tuesday"},
        {"id": "x7", "text": TEXT, "title": ["list"]},
        "",
        {"id": "ok2", "text": TEXT},
    ]
    out = _run(lines)
    assert [x.id for x in out if isinstance(x, Article)] == ["ok1", "ok2"]
    fails = [x for x in out if isinstance(x, Failure)]
    assert len(fails) == 7
    assert all(f.stage == "ingest" and f.error == "InputError" for f in fails)
    by_line = {f.origin: f.message for f in fails}
    assert "invalid JSON" in by_line["batch.jsonl:2"]
    assert "'id'" in by_line["batch.jsonl:3"]
    assert "'text'" in by_line["batch.jsonl:4"]
    assert "actors.source" in by_line["batch.jsonl:5"] and "out of range" in by_line["batch.jsonl:5"]
    assert "actors.source" in by_line["batch.jsonl:6"] and "integers" in by_line["batch.jsonl:6"]
    assert "'date'" in by_line["batch.jsonl:7"]
    assert "'title'" in by_line["batch.jsonl:8"]
    assert all(m.startswith(o + ": ") for o, m in by_line.items())
    assert {f.article_id for f in fails} >= {"x3", "x6"}


def test_boolean_span_rejected():
    [f] = _run([{"id": "b", "text": TEXT, "actors": {"source": [[True, 4]]}}])
    assert isinstance(f, Failure) and "integers" in f.message
