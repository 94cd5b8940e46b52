import gzip
import io
import json
from pathlib import Path

import pytest

from flashpoint.errors import InputError
from flashpoint.ingest import content_hash, read_inputs
from flashpoint.records import Article, Failure

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
EN = "Government forces clashed with rebels near the northern city on Tuesday, officials said."
FR = "Les forces gouvernementales se sont affrontées mardi aux rebelles près de la ville du nord, selon des responsables."


def _jsonl(rows) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def test_jsonl_file_with_bad_line_language_and_hash(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(_jsonl([{"id": "e1", "text": EN}, {"id": "f1", "text": FR}]) + "{oops\n"
                    + _jsonl([{"id": "e2", "text": EN, "lang": "es"}]), encoding="utf-8")
    out = list(read_inputs([str(path)]))
    assert [type(x).__name__ for x in out] == ["Article", "Article", "Failure", "Article"]
    e1, f1, bad, e2 = out
    assert e1.id == "e1" and e1.lang == "en" and e1.skipped is None
    assert e1.content_hash == content_hash(EN)
    assert f1.lang == "fr" and f1.skipped.startswith("non-English text (language: fr, confidence ")
    assert bad.origin == f"{path}:3" and bad.stage == "ingest"
    assert e2.lang == "es" and "language: es" in e2.skipped  # given lang: no detection


def test_gzip_directory_glob_order_and_ids(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(_jsonl([{"id": "g1", "text": EN}]).encode()))
    (tmp_path / "b" / "story.txt").write_text(EN + "\n\n" + EN, encoding="utf-8")
    (tmp_path / "b" / "page.html.gz").write_bytes(
        gzip.compress((FIXTURES / "ministry-statement.html").read_bytes())
    )
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG\r\n")  # ignored in auto mode
    (tmp_path / ".hidden.txt").write_text(EN, encoding="utf-8")
    out = list(read_inputs([str(tmp_path)]))
    assert all(isinstance(x, Article) for x in out)
    assert [x.id for x in out] == ["g1", "b/page", "b/story"]
    assert out[1].author == "Priya Raman" and out[1].origin.endswith("page.html.gz")
    assert out[2].text == EN + "\n\n" + EN
    assert all(x.content_hash for x in out)

    globbed = list(read_inputs([str(tmp_path / "**" / "*.txt")]))
    assert [x.id for x in globbed] == ["story"]
    again = list(read_inputs([str(tmp_path)]))
    assert again == out  # deterministic


def test_unreadable_and_undecodable_files_are_failures(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 " * 10)
    (tmp_path / "broken.txt.gz").write_bytes(b"\x1f\x8bnot really gzip")
    (tmp_path / "good.txt").write_text(EN, encoding="utf-8")
    out = list(read_inputs([str(tmp_path)]))
    assert [type(x).__name__ for x in out] == ["Failure", "Failure", "Article"]
    assert "UTF-8" in out[0].message and str(tmp_path / "bad.txt") in out[0].message
    assert out[1].article_id == "broken" and "broken.txt.gz" in out[1].message


def test_missing_path_and_unknown_format_raise_at_once(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_inputs([str(tmp_path / "nope.jsonl")])
    with pytest.raises(InputError, match="matches no files"):
        read_inputs([str(tmp_path / "*.jsonl")])
    with pytest.raises(InputError, match="unknown input format"):
        read_inputs([], fmt="pdf")


@pytest.mark.parametrize(
    "data,kind",
    [
        (_jsonl([{"id": "s1", "text": EN}]), "jsonl"),
        ((FIXTURES / "ministry-statement.html").read_text(encoding="utf-8"), "html"),
        ("Clashes near border\n\n" + EN, "text"),
    ],
)
def test_stdin_sniffing(data, kind):
    [art] = list(read_inputs(["-"], stdin=io.StringIO(data)))
    assert isinstance(art, Article) and art.origin.startswith("<stdin>")
    if kind == "jsonl":
        assert art.id == "s1"
    elif kind == "html":
        assert art.author == "Priya Raman"
    else:
        assert art.title == "Clashes near border" and art.text == EN and art.id == "stdin"


def test_stdin_bytes_and_explicit_format():
    [art] = list(read_inputs(["-"], fmt="text", stdin=io.BytesIO(("{not json} " + EN).encode())))
    assert isinstance(art, Article) and art.text.startswith("{not json}")


def test_short_text_not_skipped(tmp_path):
    (tmp_path / "short.txt").write_text("Clashes.", encoding="utf-8")
    [art] = list(read_inputs([str(tmp_path / "short.txt")]))
    assert art.lang is None and art.skipped is None


def test_failure_does_not_stop_later_inputs(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(EN, encoding="utf-8")
    out = list(read_inputs([str(tmp_path / "empty.html"), str(tmp_path / "ok.txt")]))
    assert isinstance(out[0], Failure) and out[0].article_id == "empty"
    assert isinstance(out[1], Article) and out[1].id == "ok"


def test_public_api_and_lazy_imports():
    import subprocess
    import sys

    import flashpoint.ingest as ingest

    assert sorted(ingest.__all__) == ["content_hash", "detect_language", "parse_html", "parse_scraped_page",
                                      "read_inputs", "with_hash"]
    assert all(callable(getattr(ingest, name)) for name in ingest.__all__)
    code = "import sys, flashpoint.ingest; print(sorted(m for m in ('trafilatura', 'lingua', 'lxml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
