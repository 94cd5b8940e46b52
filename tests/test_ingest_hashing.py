import unicodedata

from flashpoint.ingest.hashing import content_hash, with_hash
from flashpoint.records import Article


def test_hash_ignores_whitespace_differences():
    a = content_hash("Iran said on Monday\nthat it would respond.", "Iran vows response")
    b = content_hash("  Iran  said on Monday that\tit would respond.\n\n", "Iran vows  response ")
    assert a == b


def test_hash_ignores_unicode_composition():
    composed = "Le président a déclaré"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert content_hash(composed) == content_hash(decomposed)


def test_hash_changes_when_text_or_title_changes():
    base = content_hash("Police arrested five protesters.", "Arrests")
    assert content_hash("Police arrested six protesters.", "Arrests") != base
    assert content_hash("Police arrested five protesters.", "Other title") != base
    assert len(base) == 32 and int(base, 16) >= 0


def test_with_hash_fills_and_keeps_existing():
    art = with_hash(Article(id="a", text="Some text here.", title="T"))
    assert art.content_hash == content_hash("Some text here.", "T")
    kept = with_hash(Article(id="a", text="Some text here.", content_hash="given"))
    assert kept.content_hash == "given"
