import gzip
import io
import json

import pytest

import flashpoint.ingest.jsonl as jsonl_mod
from flashpoint.errors import InputError
from flashpoint.ingest.jsonl import byte_lines, parse_json_text, parse_jsonl, parse_jsonl_stream
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


# ---- streaming (parse_jsonl_stream) -------------------------------------------------------------


def _line(obj, raw_ff: bool = False) -> bytes:
    """One JSONL line as UTF-8 bytes; `raw_ff` writes form feeds raw instead of as the escape \\f."""
    text = json.dumps(obj, ensure_ascii=False)
    if raw_ff:
        text = text.replace("\\f", "\x0c")
    return text.encode("utf-8") + b"\n"


def _stream(data: bytes, **kw):
    return list(parse_jsonl_stream(io.BytesIO(data), "in.jsonl", **kw))


def test_line_separators_inside_strings_stay_in_their_line():
    odd = TEXT + "\u2028Second paragraph.\u2029Third.\x85Fourth."
    data = _line({"id": "a", "text": odd}) + _line({"id": "b", "text": TEXT})
    a, b = _stream(data)
    assert isinstance(a, Article) and a.text == odd and a.origin == "in.jsonl:1"
    assert isinstance(b, Article) and b.origin == "in.jsonl:2"


def test_raw_control_character_fails_only_its_own_line():
    # a raw form feed is not valid JSON (RFC 8259 wants U+0000-U+001F escaped): one failure, not two,
    # and the next line keeps its number
    data = _line({"id": "ok1", "text": TEXT}) + _line({"id": "ff", "text": TEXT + "\fMore."}, raw_ff=True) \
        + _line({"id": "ok3", "text": TEXT})
    assert b"\x0c" in data
    out = _stream(data)
    assert [type(x).__name__ for x in out] == ["Article", "Failure", "Article"]
    assert out[1].origin == "in.jsonl:2" and "invalid JSON" in out[1].message
    assert out[2].origin == "in.jsonl:3"


def test_line_that_is_not_utf8_fails_alone_and_names_its_line_and_id():
    bad = _line({"id": "latin", "text": "caf\u00e9 " + TEXT}).decode("utf-8").encode("latin-1")
    data = _line({"id": "a", "text": TEXT}) + bad + _line({"id": "c", "text": TEXT})
    a, fail, c = _stream(data)
    assert isinstance(a, Article) and isinstance(c, Article) and c.origin == "in.jsonl:3"
    assert isinstance(fail, Failure) and fail.origin == "in.jsonl:2" and fail.article_id == "latin"
    assert fail.message.startswith("in.jsonl:2: not UTF-8 text (byte ")
    offset = bad.index(b"\xe9") + 1
    assert f"byte {offset} of the line" in fail.message


def test_crlf_bom_blank_lines_and_last_line_without_newline():
    rows = [_line({"id": f"r{i}", "text": TEXT})[:-1] for i in range(3)]
    data = b"\xef\xbb\xbf" + rows[0] + b"\r\n\r\n   \r\n" + rows[1] + b"\r\n" + rows[2]  # no final newline
    out = _stream(data)
    assert [(x.id, x.origin) for x in out] == [("r0", "in.jsonl:1"), ("r1", "in.jsonl:4"), ("r2", "in.jsonl:5")]
    assert all(isinstance(x, Article) for x in out)


def test_bom_is_only_dropped_on_the_first_line_of_the_file():
    row = _line({"id": "x", "text": TEXT})
    [art] = _stream(b"\xef\xbb\xbf" + row)
    assert isinstance(art, Article)
    [fail] = _stream(b"\xef\xbb\xbf" + row, first_line=7)  # a partition starting mid-file
    assert isinstance(fail, Failure) and fail.origin == "in.jsonl:7" and "invalid JSON" in fail.message


def test_first_line_and_byte_limit_select_a_range():
    rows = [_line({"id": f"r{i}", "text": TEXT}) for i in range(6)]
    data = b"".join(rows)
    start = len(rows[0]) + len(rows[1])
    f = io.BytesIO(data)
    f.seek(start)
    out = list(parse_jsonl_stream(f, "in.jsonl", first_line=3, limit_bytes=len(rows[2]) + len(rows[3])))
    assert [(x.id, x.origin) for x in out] == [("r2", "in.jsonl:3"), ("r3", "in.jsonl:4")]


@pytest.mark.parametrize("chunk", [1, 3, 64, 1 << 18])
def test_byte_lines_splits_on_newline_only_whatever_the_chunk_size(monkeypatch, chunk):
    monkeypatch.setattr(jsonl_mod, "_CHUNK", chunk)
    data = b"one\r\ntwo \xe2\x80\xa8 still two\x0c\x1c\n\n" + b"x" * 200 + b"\nlast"
    assert list(byte_lines(io.BytesIO(data))) == data.split(b"\n")
    assert list(byte_lines(io.BytesIO(data + b"\n"))) == data.split(b"\n")
    assert list(byte_lines(io.BytesIO(data), limit_bytes=9)) == [b"one\r", b"two "]


def test_broken_stream_keeps_earlier_items_and_raises_naming_the_line():
    rows = b"".join(_line({"id": f"r{i}", "text": TEXT + f" Item {i}."}) for i in range(200))
    packed = gzip.compress(rows)
    items = parse_jsonl_stream(gzip.GzipFile(fileobj=io.BytesIO(packed[: len(packed) // 2])), "in.jsonl.gz")
    got = []
    with pytest.raises(InputError, match=r"^in\.jsonl\.gz:\d+: cannot read: ") as info:
        got.extend(items)
    assert got and all(isinstance(x, Article) for x in got)
    assert [x.id for x in got] == [f"r{i}" for i in range(len(got))]
    assert info.value.where == f"in.jsonl.gz:{len(got) + 1}"


def test_parse_json_text_lines_end_at_newline_only():
    text = json.dumps({"id": "a", "text": TEXT + "\u2028More."}, ensure_ascii=False) + "\r\n" \
        + json.dumps({"id": "b", "text": TEXT}) + "\n"
    out = list(parse_json_text(text, "in.json"))
    assert [(x.id, x.origin) for x in out] == [("a", "in.json:1"), ("b", "in.json:2")]
