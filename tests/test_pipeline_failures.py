"""One bad article never stops a batch and never loses the others."""

from __future__ import annotations

import json

from flashpoint.coding.coder import Coder
from flashpoint.pipeline import run
from flashpoint.store.db import Store
from flashpoint.store.queries import list_failures, summary


class _Exploding(Coder):
    """The real coder, except that its date resolution raises on one article (isolates the failure path)."""

    def _build(self, w, *args, **kwargs):  # type: ignore[override]
        if w.article.id == "bad":
            raise ValueError("boom in date resolution")
        return super()._build(w, *args, **kwargs)


def test_coding_failure_is_recorded_and_batch_goes_on(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "good1", "text": "Russian forces shelled Kharkiv on Monday.", "date": "2023-05-02"},
        {"id": "bad", "text": "Turkish troops attacked Kurdish fighters near Kobani.", "date": "2023-05-02"},
        {"id": "good2", "text": "Ukraine and Poland signed a security agreement in Kyiv.", "date": "2024-02-15"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Store.open(tmp_path / "s.duckdb") as st:
        result = run([str(src)], store=st, coder=_Exploding())
        fails = list_failures(st)
        s = summary(st)
    assert result.n_failed == 1 and result.n_coded == 2
    assert [f["article_id"] for f in fails] == ["bad"]
    assert fails[0]["stage"] == "coding" and "boom" in fails[0]["message"]
    assert s["n_events"] >= 2


def test_non_english_article_is_recorded_as_skipped_with_reason(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "fr1", "text": "Les forces russes ont bombardé la ville de Kharkiv lundi, tuant trois civils selon les autorités ukrainiennes."},
        {"id": "en1", "text": "Russian forces shelled Kharkiv on Monday, killing three civilians.", "date": "2023-05-02"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Store.open(tmp_path / "s.duckdb") as st:
        result = run([str(src)], store=st, coder=Coder())
        skipped = st.connection.execute("SELECT article_id, skipped FROM articles WHERE skipped IS NOT NULL").fetchall()
        n_fr_events = st.connection.execute("SELECT count(*) FROM events WHERE article_id = 'fr1'").fetchone()[0]
    assert result.n_skipped == 1 and result.n_coded == 1
    assert skipped[0][0] == "fr1" and "fr" in skipped[0][1]
    assert n_fr_events == 0


def test_second_run_over_more_than_one_read_ahead_batch_codes_only_new_articles(tmp_path, monkeypatch):
    import flashpoint.pipeline as pipeline

    monkeypatch.setattr(pipeline, "KNOWN_BATCH", 2)  # several store look-ups per run
    first = tmp_path / "a.jsonl"
    rows = [{"id": f"a{i}", "text": f"Police arrested {i + 2} protesters in Lagos on Monday.", "date": "2023-05-02"} for i in range(5)]
    first.write_text("".join(json.dumps(r) + "\n" for r in rows))
    more = tmp_path / "b.jsonl"
    new = [{"id": "b0", "text": "Kenya and Uganda signed a trade agreement in Nairobi.", "date": "2023-05-03"}]
    more.write_text("".join(json.dumps(r) + "\n" for r in rows[:3] + new + rows[3:] + rows[:1]))
    coder = Coder()
    with Store.open(tmp_path / "s.duckdb") as st:
        r1 = run([str(first)], store=st, coder=coder)
        r2 = run([str(more)], store=st, coder=coder)
    assert (r1.n_coded, r1.n_already) == (5, 0)
    assert (r2.n_articles, r2.n_coded, r2.n_already) == (7, 1, 6)
