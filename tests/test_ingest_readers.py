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


# ---- JSONL streamed line by line -----------------------------------------------------------------


def _row(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def test_jsonl_line_with_raw_line_separators_is_one_article(tmp_path):
    odd = EN + "\u2028Second paragraph.\u2029Third.\x85Fourth."
    path = tmp_path / "odd.jsonl"
    path.write_bytes(_row({"id": "odd", "text": odd}) + _row({"id": "next", "text": EN}))
    out = list(read_inputs([str(path)], language=False))
    assert [(type(x).__name__, x.origin) for x in out] == [("Article", f"{path}:1"), ("Article", f"{path}:2")]
    assert out[0].text == odd


def test_jsonl_line_that_is_not_utf8_fails_alone(tmp_path):
    path = tmp_path / "mixed.jsonl"
    latin = json.dumps({"id": "latin", "text": "caf\u00e9 " + EN}, ensure_ascii=False).encode("latin-1") + b"\n"
    path.write_bytes(_row({"id": "a", "text": EN}) + latin + _row({"id": "c", "text": EN}))
    a, bad, c = read_inputs([str(path)], language=False)
    assert isinstance(a, Article) and isinstance(c, Article) and c.origin == f"{path}:3"
    assert isinstance(bad, Failure) and bad.origin == f"{path}:2" and bad.article_id == "latin"
    assert "not UTF-8 text" in bad.message and bad.message.startswith(f"{path}:2: ")


def test_gzip_jsonl_by_name_or_magic_and_json_array_files(tmp_path):
    rows = b"".join(_row({"id": f"g{i}", "text": EN}) for i in range(3))
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(rows))
    (tmp_path / "b.jsonl").write_bytes(gzip.compress(rows))  # gzipped without the name saying so
    (tmp_path / "c.json").write_bytes(b"\xef\xbb\xbf \n\n" + json.dumps(
        [{"id": "j1", "text": EN}, {"id": "j2", "text": EN + "\u2028More."}], ensure_ascii=False, indent=1).encode())
    out = list(read_inputs([str(tmp_path)], language=False))
    assert all(isinstance(x, Article) for x in out)
    assert [x.id for x in out] == ["g0", "g1", "g2", "g0", "g1", "g2", "j1", "j2"]
    assert out[4].origin == f"{tmp_path / 'b.jsonl'}:2" and out[7].origin == f"{tmp_path / 'c.json'}:[1]"


def test_truncated_gzip_keeps_the_articles_before_the_break(tmp_path):
    rows = b"".join(_row({"id": f"t{i}", "text": f"{EN} Item {i}."}) for i in range(3000))
    packed = gzip.compress(rows)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    (tmp_path / "zz.jsonl").write_bytes(_row({"id": "after", "text": EN}))
    out = list(read_inputs([str(tmp_path)], language=False))
    fails = [x for x in out if isinstance(x, Failure)]
    arts = [x for x in out if isinstance(x, Article)]
    assert len(fails) == 1 and out[-2] is fails[0] and arts[-1].id == "after"  # the batch goes on
    kept = arts[:-1]
    assert len(kept) > 0 and [x.id for x in kept] == [f"t{i}" for i in range(len(kept))]
    assert fails[0].article_id == "cut" and fails[0].origin == f"{path}:{len(kept) + 1}"
    assert "cannot read" in fails[0].message


def test_stdin_jsonl_is_streamed_with_crlf_bom_and_line_numbers():
    data = (b"\xef\xbb\xbf" + _row({"id": "s1", "text": EN})[:-1] + b"\r\n\r\n{oops\r\n"
            + _row({"id": "s2", "text": EN + "\u2028More."}))
    for stdin in (io.BytesIO(data), io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")):
        out = list(read_inputs(["-"], stdin=stdin, language=False))
        assert [(type(x).__name__, x.origin) for x in out] == [
            ("Article", "<stdin>:1"), ("Failure", "<stdin>:3"), ("Article", "<stdin>:4")]


class _CountingReader(io.BytesIO):
    """Stdin that records how many bytes were taken from it."""

    taken = 0

    def read(self, n=-1):
        out = super().read(n)
        self.taken += len(out)
        return out

    def read1(self, n=-1):
        out = super().read1(n)
        self.taken += len(out)
        return out


def test_jsonl_is_read_lazily_not_whole():
    data = b"".join(_row({"id": f"s{i}", "text": f"{EN} Item {i}."}) for i in range(30_000))
    stdin = _CountingReader(data)
    items = read_inputs(["-"], stdin=stdin, language=False)
    first = next(items)
    assert first.id == "s0" and stdin.taken < len(data) // 2
    assert sum(1 for _ in items) == 29_999 and stdin.taken == len(data)
