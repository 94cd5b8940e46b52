"""The learned pre-parse relevance filter (coding/relevance.py) and the coder's relevance modes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from flashpoint.coding.coder import Coder, CoderConfig
from flashpoint.coding.relevance import DEFAULT_MODEL, RelevanceFilter, features
from flashpoint.errors import ConfigError
from flashpoint.records import Article

ARTICLE = Article(
    id="rel-1",
    date="2024-03-04",
    text=(
        "Kenyan police arrested twelve opposition activists in Nairobi on Friday. "
        "The company said its quarterly sales would grow by four percent. "
        "Analysts expect the share price to rise after the launch of the new phone. "
        "Rebels attacked an army post near Goma, killing three soldiers."
    ),
)


def _mention(code: str | None, start: int) -> SimpleNamespace:
    return SimpleNamespace(code=code, sector="GOV" if code else None, kind="org", start=start)


def test_features_describe_triggers_actors_and_their_order() -> None:
    text = "Police arrested twelve activists."
    f = features(text, {"police", "arrested", "twelve", "activists"}, {"arrested"}, [_mention("KENCOP", 100)], offset=100)
    assert "t:arrested" in f and "nact:1" in f and "w:police" in f
    assert "hp:arrested:police" in f and "hn:arrested:twelve" in f
    assert "ab:arrested:1:0" in f  # one known actor before the trigger, none after
    g = features(text, {"police", "arrested"}, {"arrested"}, [], offset=0)
    assert "nact:0" in g and "ab:arrested:0:0" in g


def test_bundled_model_records_how_it_was_made() -> None:
    rf = RelevanceFilter.load()
    meta = rf.model.meta
    assert 0.0 < rf.threshold < 1.0 and rf.threshold == meta["threshold"]
    assert meta["held_out"]["recall"] >= 0.95 and meta["held_out"]["kept_share"] < 1.0
    assert meta["data_sha256"] and all(not k.startswith("gold") for k in meta["data_sha256"])
    assert DEFAULT_MODEL.stat().st_size < 3_000_000


def test_filter_scores_an_event_sentence_above_a_non_event_one() -> None:
    rf = RelevanceFilter.load()
    ev = "Kenyan police arrested twelve opposition activists in Nairobi on Friday."
    non = "Analysts expect the share price to rise after the launch of the new phone."

    def row(t: str, hits: set[str], ments: list[SimpleNamespace]) -> list[str]:
        return features(t, {w.lower().strip(".,") for w in t.split()}, hits, ments)

    s_ev, s_non = rf.scores([row(ev, {"arrested"}, [_mention("KENCOP", 0)]), row(non, {"launch"}, [])])
    assert s_ev > s_non


def test_missing_or_corrupt_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        RelevanceFilter.load(tmp_path / "nope.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match="bad.npz"):
        RelevanceFilter.load(bad)


def test_unknown_relevance_mode_or_threshold_is_refused() -> None:
    with pytest.raises(ConfigError, match="relevance"):
        CoderConfig(relevance="everything")
    with pytest.raises(ConfigError, match="threshold"):
        CoderConfig(relevance_threshold=1.5)


def test_learned_mode_parses_a_subset_and_keeps_violence_whatever_the_score() -> None:
    trigger = Coder(CoderConfig(relevance="trigger"))
    learned = Coder(CoderConfig(relevance="learned"))
    strict = Coder(CoderConfig(relevance="learned", relevance_threshold=1.0))  # the model keeps nothing
    all_c = trigger._prepare(ARTICLE).candidates
    some = learned._prepare(ARTICLE).candidates
    forced = strict._prepare(ARTICLE).candidates
    assert set(forced) <= set(some) <= set(all_c)
    # "arrested" and "attacked" are violence/coercion triggers on their own: always parsed
    texts = [ARTICLE.text[s.start : s.end] for s in trigger._prepare(ARTICLE).sentences]
    assert {texts[i].split()[1] for i in forced} == {"police", "attacked"}
    types = {e.plover.type for e in strict.code(ARTICLE).events}
    assert {"COERCE", "ASSAULT"} <= types


def test_a_violence_verb_with_its_object_right_after_it_is_parsed_whatever_the_score() -> None:
    # "open" is a violence trigger only with "fire": the learned filter had dropped "Soldiers opened fire."
    strict = Coder(CoderConfig(relevance="learned", relevance_threshold=1.0))  # the model keeps nothing
    art = Article(id="f", text="Soldiers opened fire. The bank opened a branch. Rebels fired rockets at the town.")
    texts = [art.text[s.start : s.end] for s in strict._prepare(art).sentences]
    assert [texts[i] for i in strict._prepare(art).candidates] == ["Soldiers opened fire.",
                                                                   "Rebels fired rockets at the town."]
    assert [e.plover.type for e in Coder().code(Article(id="g", text="Soldiers opened fire.")).events] == ["ASSAULT"]


def test_a_trigger_in_quotation_marks_is_a_trigger_word() -> None:
    from flashpoint.coding.relevance import word_tokens

    # "'bombarded'" had been read as the word "bombarded'", no trigger: the sentence was never parsed
    assert [w for w, _ in word_tokens("Afghan forces 'bombarded' a compound; rioters' ATM's don't")] == [
        "Afghan", "forces", "bombarded", "a", "compound", "rioters", "ATM's", "don't"]
    text = "On 1 May 2020, Afghan forces 'bombarded' a compound of a civilian in Shah Joy district, Zabul."
    events = Coder().code(Article(id="q", text=text)).events
    assert [(e.plover.type, e.source.country) for e in events] == [("ASSAULT", "AFG")]
