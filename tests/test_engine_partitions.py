"""Partition planning and reading: line ranges, row groups, URLs; the same items as read_inputs."""

from __future__ import annotations

import gzip
import json

import pytest

from flashpoint.engine.partitions import Partition, plan_partitions, read_partition
from flashpoint.errors import InputError
from flashpoint.ingest import read_inputs
from flashpoint.records import Failure

EN = "Government forces clashed with rebels near the northern city on Tuesday, officials said."
FR = "Les forces gouvernementales se sont affrontées mardi aux rebelles près de la ville du nord, selon des responsables."


def _lines(n: int, bad: set[int] = frozenset()) -> list[str]:
    """n JSONL lines (1-based line numbers in `bad` are broken JSON; every 5th article is French)."""
    out = []
    for i in range(1, n + 1):
        if i in bad:
            out.append("{not json")
        else:
            out.append(json.dumps({"id": f"a{i}", "text": (FR if i % 5 == 0 else EN) + f" Item {i}.", "date": "2024-05-01"}))
    return out


def _items(parts):
    return [x for p in parts for x in read_partition(p)]


def _same(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert type(x) is type(y)
        assert x == y


def test_line_ranges_cover_the_file_and_read_like_read_inputs(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = _lines(23, bad={4, 17})
    lines.insert(10, "")  # a blank line is skipped, but still counts as a line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts = plan_partitions([str(path)], size=5)
    assert [(p.start, p.stop) for p in parts] == [(0, 5), (5, 10), (10, 15), (15, 20), (20, 24)]
    assert [p.index for p in parts] == list(range(5)) and parts[0].name == "part-00000"
    raw = path.read_bytes()
    assert parts[0].byte_start == 0 and parts[-1].byte_stop == len(raw)
    assert all(a.byte_stop == b.byte_start for a, b in zip(parts, parts[1:]))
    got = _items(parts)
    _same(got, list(read_inputs([str(path)])))
    bad = [x for x in got if isinstance(x, Failure)]
    assert [f.origin for f in bad] == [f"{path}:4", f"{path}:18"]  # numbered as in the file
    assert any(x.skipped for x in got if not isinstance(x, Failure))  # the language check ran


def test_last_line_without_newline_gz_and_folder_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.jsonl").write_text("\n".join(_lines(7)), encoding="utf-8")  # no final newline
    (tmp_path / "sub" / "a.jsonl.gz").write_bytes(gzip.compress(("\n".join(_lines(3)) + "\n").encode()))
    (tmp_path / "notes.txt").write_text(EN, encoding="utf-8")  # not JSONL: a folder ignores it
    (tmp_path / ".hidden.jsonl").write_text("\n".join(_lines(2)), encoding="utf-8")
    parts = plan_partitions([str(tmp_path)], size=4)
    assert [(p.location.rsplit("/", 1)[-1], p.start, p.stop) for p in parts] == [
        ("b.jsonl", 0, 4), ("b.jsonl", 4, 7), ("a.jsonl.gz", 0, 3)]
    ids = [x.id for x in _items(parts)]
    assert ids == [f"a{i}" for i in range(1, 8)] + ["a1", "a2", "a3"]


def test_plan_does_not_depend_on_anything_but_inputs_and_size(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(_lines(12)) + "\n", encoding="utf-8")
    assert plan_partitions([str(path)], size=5) == plan_partitions([str(path)], size=5)
    assert [(p.start, p.stop) for p in plan_partitions([str(path)], size=100)] == [(0, 12)]
    assert len(plan_partitions([str(path)], size=1)) == 12


def test_json_array_file_is_one_partition(tmp_path):
    path = tmp_path / "arr.json"
    path.write_text(json.dumps([{"id": "x1", "text": EN}, {"id": "x2", "text": EN + " Again."}]), encoding="utf-8")
    parts = plan_partitions([str(path)], size=1)
    assert len(parts) == 1 and parts[0].kind == "json-array"
    _same(_items(parts), list(read_inputs([str(path)])))


def test_parquet_partitions_follow_row_groups(tmp_path):
    import duckdb

    pq = tmp_path / "big.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT i AS id, 'Item ' || i AS text FROM range(5000) t(i)) TO '{pq}' "
                "(FORMAT parquet, ROW_GROUP_SIZE 2048)")
    groups = con.execute(f"SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('{pq}') ORDER BY 1").fetchall()
    con.close()
    assert [n for _, n in groups] == [2048, 2048, 904]
    # whole row groups while they fit; a group larger than the size is split by rows
    assert [(p.start, p.stop) for p in plan_partitions([str(pq)], size=3000)] == [(0, 2048), (2048, 5000)]
    assert [(p.start, p.stop) for p in plan_partitions([str(pq)], size=2048)] == [(0, 2048), (2048, 4096), (4096, 5000)]
    parts = plan_partitions([str(pq)], size=1000)
    assert parts[0].stop == 1000 and parts[2].start == 2000 and parts[2].stop == 2048  # cut at the group end
    assert all(a.stop == b.start for a, b in zip(parts, parts[1:])) and parts[-1].stop == 5000
    got = list(read_partition(parts[2]))
    assert [x.id for x in got] == [str(i) for i in range(2000, 2048)]
    assert got[0].origin == f"{pq}:2001"


def test_parquet_rows_read_like_the_same_jsonl(tmp_path):
    import duckdb

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(_lines(12)) + "\n", encoding="utf-8")
    pq = tmp_path / "in.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT id, text, CAST(date AS DATE) AS date FROM read_json_auto('{src}') "
        f"ORDER BY CAST(id[2:] AS INT)) TO '{pq}' (FORMAT parquet)"
    )
    parts = plan_partitions([str(pq)], size=5)
    assert all(p.kind == "parquet" for p in parts) and [(p.start, p.stop) for p in parts] == [(0, 5), (5, 10), (10, 12)]
    got, want = _items(parts), list(read_inputs([str(src)]))
    assert [x.id for x in got] == [x.id for x in want]
    assert [(x.text, x.date, x.content_hash, x.lang, x.skipped) for x in got] == [
        (x.text, x.date, x.content_hash, x.lang, x.skipped) for x in want]
    assert got[0].origin == f"{pq}:1" and got[-1].origin == f"{pq}:12"


def test_parquet_bad_row_is_a_failure(tmp_path):
    import duckdb

    pq = tmp_path / "bad.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT * FROM (VALUES ('ok', '{EN}'), ('empty', '')) t(id, text)) TO '{pq}' (FORMAT parquet)")
    items = _items(plan_partitions([str(pq)]))
    assert items[0].id == "ok"
    assert isinstance(items[1], Failure) and items[1].article_id == "empty" and "empty" in items[1].message


def test_fsspec_url_input(tmp_path):
    import fsspec

    fs = fsspec.filesystem("memory")
    data = ("\n".join(_lines(9, bad={2})) + "\n").encode()
    with fs.open("/fp-test/in/x.jsonl", "wb") as f:
        f.write(data)
    with fs.open("/fp-test/in/y.jsonl.gz", "wb") as f:
        f.write(gzip.compress(data))
    try:
        parts = plan_partitions(["memory://fp-test/in"], size=4)
        assert [(p.location, p.start, p.stop) for p in parts] == [
            ("memory:///fp-test/in/x.jsonl", 0, 4), ("memory:///fp-test/in/x.jsonl", 4, 8),
            ("memory:///fp-test/in/x.jsonl", 8, 9), ("memory:///fp-test/in/y.jsonl.gz", 0, 4),
            ("memory:///fp-test/in/y.jsonl.gz", 4, 8), ("memory:///fp-test/in/y.jsonl.gz", 8, 9)]
        local = tmp_path / "x.jsonl"
        local.write_bytes(data)
        got, want = _items(parts[:3]), list(read_inputs([str(local)]))
        def ids(items):
            return [x.article_id.rsplit(":", 1)[-1] if isinstance(x, Failure) else x.id for x in items]

        assert ids(got) == ids(want) and ids(got)[1] == "2"
        assert got[1].origin == "memory:///fp-test/in/x.jsonl:2"
        assert [x.id for x in _items(parts[3:]) if not isinstance(x, Failure)] == [x.id for x in got if not isinstance(x, Failure)]
        assert len(plan_partitions(["memory://fp-test/in/*.gz"], size=100)) == 1
    finally:
        fs.rm("/fp-test", recursive=True)


@pytest.mark.parametrize(("item", "problem"), [
    ("-", "stdin"),
    ("missing.jsonl", "no such file"),
    ("*.nothing", "matches no files"),
])
def test_inputs_the_engine_refuses(tmp_path, monkeypatch, item, problem):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=problem):
        plan_partitions([item])


def test_text_and_html_files_are_refused_and_size_checked(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="--engine local"):
        plan_partitions([str(page)])
    with pytest.raises(InputError, match=">= 1"):
        plan_partitions([str(page)], size=0)


def test_unreadable_partition_becomes_a_failure(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps({"id": "x", "text": "caf\u00e9 " + EN}, ensure_ascii=False).encode("latin-1") + b"\n")
    parts = plan_partitions([str(path)])
    items = _items(parts)
    assert len(items) == 1 and isinstance(items[0], Failure) and "UTF-8" in items[0].message
    gone = Partition(0, str(tmp_path / "gone.jsonl"), "jsonl", 0, 3, 0, 10)
    (failure,) = list(read_partition(gone))
    assert isinstance(failure, Failure) and "cannot read" in failure.message


def _awkward_file() -> bytes:
    """CRLF lines after a BOM, with raw U+2028/U+0085, a raw form feed, a non-UTF-8 line and blank lines."""
    rows = []
    for i in range(1, 15):
        obj = {"id": f"a{i}", "text": f"{EN} Item {i}."}
        if i % 4 == 1:
            obj["text"] += "\u2028Next paragraph.\x85End."
        line = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        if i == 6:
            line = line.replace(b"Item", b"Item\x0c")  # a raw control character: invalid JSON, one line
        if i == 9:
            line = line.replace(b"Item", "Ité".encode("latin-1"))  # not UTF-8
        rows.append(line)
        if i in (3, 10):
            rows.append(b"   ")
    return b"\xef\xbb\xbf" + b"\r\n".join(rows) + b"\r\n"


@pytest.mark.parametrize("gz", [False, True])
def test_origins_agree_with_read_inputs_for_every_partition_size(tmp_path, gz):
    data = _awkward_file()
    path = tmp_path / ("awk.jsonl.gz" if gz else "awk.jsonl")
    path.write_bytes(gzip.compress(data) if gz else data)
    want = list(read_inputs([str(path)]))
    lines = data.split(b"\n")
    expected = {f"a{i}": lines.index(next(x for x in lines if f'"a{i}"'.encode() in x)) + 1 for i in range(1, 15)}
    assert [x.origin for x in want] == [f"{path}:{expected[f'a{i}']}" for i in range(1, 15)]
    assert [i for i, x in enumerate(want, start=1) if isinstance(x, Failure)] == [6, 9]
    assert "not UTF-8" in want[8].message and "invalid JSON" in want[5].message
    assert want[0].text.count("\u2028") == 1  # the separator stayed inside the article
    for size in (1, 2, 3, 5, 7, 100):
        parts = plan_partitions([str(path)], size=size)
        assert parts[-1].stop == len(lines) - 1  # every line counted once, by b"\n"
        _same(_items(parts), want)


def test_partition_of_a_file_truncated_after_planning_keeps_its_first_items(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    data = ("\n".join(_lines(3000)) + "\n").encode()
    packed = gzip.compress(data)
    path.write_bytes(packed)
    [part] = plan_partitions([str(path)], size=5000)
    path.write_bytes(packed[: len(packed) // 2])
    items = list(read_partition(part))
    *arts, fail = items
    assert arts and [x.id for x in arts] == [f"a{i}" for i in range(1, len(arts) + 1)]
    assert isinstance(fail, Failure) and fail.origin == f"{path}:{len(arts) + 1}" and "cannot read" in fail.message
