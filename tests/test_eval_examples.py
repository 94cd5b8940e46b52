"""Error-analysis excerpts and top confusions (flashpoint.eval.examples) on made-up sentences."""

from __future__ import annotations

import pytest

from flashpoint.eval import examples

WORDS = [f"w{i:02d}" for i in range(40)]
TEXT = " ".join(WORDS)  # "w00 w01 ... w39": word i starts at 4*i; 159 characters


def test_excerpt_is_centred_on_the_given_character() -> None:
    at = TEXT.index("w20")  # 80
    # 15 words: 7 before w20 (w13..w19), w20, 7 after (w21..w27); cut on both sides
    assert examples.excerpt(TEXT, at) == "… " + " ".join(WORDS[13:28]) + " …"
    # a position inside a word centres on that word
    assert examples.excerpt(TEXT, at + 1) == examples.excerpt(TEXT, at)


def test_excerpt_window_slides_at_the_edges_and_defaults_to_the_middle() -> None:
    assert examples.excerpt(TEXT, 0) == " ".join(WORDS[:15]) + " …"
    assert examples.excerpt(TEXT, len(TEXT) - 1) == "… " + " ".join(WORDS[25:])
    # no centre (or one outside the text): the middle character, 159 // 2 = 79, the space after w19;
    # the first word ending after it is w20
    expected = "… " + " ".join(WORDS[13:28]) + " …"
    assert examples.excerpt(TEXT) == expected
    assert examples.excerpt(TEXT, 10_000) == expected


def test_excerpt_never_quotes_a_whole_short_text() -> None:
    seven = "Rebels attacked an army post near Kabul"  # 7 words -> at most 7 // 2 = 3 words
    out = examples.excerpt(seven, seven.index("attacked"))
    assert out == "Rebels attacked an …"
    assert len(out.replace("…", "").split()) == 3
    assert examples.excerpt("Hello", 0) == ""  # one word: nothing can be quoted without quoting it all
    assert examples.excerpt("", None) == ""
    # whitespace runs (newlines, tabs) collapse to single spaces
    assert examples.excerpt("a\n\nb\tc d e f", 0) == "a b c …"
    with pytest.raises(ValueError):
        examples.excerpt(TEXT, 0, max_words=0)


def test_excerpt_respects_max_words() -> None:
    out = examples.excerpt(TEXT, TEXT.index("w20"), max_words=4)
    # 4 words: (4-1)//2 = 1 before -> w19 w20 w21 w22
    assert out == "… w19 w20 w21 w22 …"


def test_top_confusions_ranked_with_examples_in_item_order() -> None:
    gold = ["A", "A", "B", "A", "B", "C", "A", "B"]
    pred = ["B", "B", "A", "B", "A", "C", "A", "C"]
    ids = [f"i{k}" for k in range(8)]
    texts = [f"item number {k} of the test set" for k in range(8)]
    res = examples.top_confusions(gold, pred, ids, texts, [0] * 8, top=2, per=2)
    # A->B 3 times (i0, i1, i3), B->A twice (i2, i4), B->C once (cut by top=2); right answers never listed
    assert [(c["gold"], c["pred"], c["count"]) for c in res] == [("A", "B", 3), ("B", "A", 2)]
    assert [e["id"] for e in res[0]["examples"]] == ["i0", "i1"]
    assert [e["id"] for e in res[1]["examples"]] == ["i2", "i4"]
    assert res[0]["examples"][0]["excerpt"] == "item number 0 …"  # 7 words -> 3, from the start (centre 0)


def test_top_confusions_break_ties_by_labels_and_check_lengths() -> None:
    res = examples.top_confusions(["Z", "B", "B"], ["A", "C", "A"], ["1", "2", "3"], ["x y"] * 3, [None] * 3)
    assert [(c["gold"], c["pred"]) for c in res] == [("B", "A"), ("B", "C"), ("Z", "A")]
    assert examples.top_confusions(["A"], ["A"], ["1"], ["x y"], [None]) == []
    with pytest.raises(ValueError, match="ids"):
        examples.top_confusions(["A"], ["B"], [], ["x"], [None])
