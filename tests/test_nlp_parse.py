"""The parser runs on numpy's BLAS with one BLAS thread while parsing, and parses as blis did."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.nlp.parse import _blas, one_blas_thread

TEXTS = (
    "Israeli troops attacked Hamas fighters in Gaza on Monday, the army said.",
    "The foreign minister will travel to Beijing next week to discuss a trade agreement.",
    "Police in Nairobi fired tear gas at protesters who had blocked the main road.",
)


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in _blas().info() if lib["user_api"] == "blas"]


@pytest.mark.slow
def test_the_parser_layers_use_numpy_blas_not_blis(coder):
    for name in ("tok2vec", "tagger", "parser"):
        ops = coder.nlp.get_pipe(name).model.ops
        assert ops.name == "numpy"
        assert ops.use_blis is False, name


def test_one_blas_thread_limits_then_restores():
    np.dot(np.ones((4, 4)), np.ones((4, 4)))  # BLAS loaded
    before = _blas_threads()
    assert before, "numpy's BLAS library was not found"
    with one_blas_thread():
        assert _blas_threads() == [1] * len(before)
    assert _blas_threads() == before


@pytest.mark.slow
def test_parses_equal_blis_parses(coder):
    import spacy
    from thinc.api import use_ops

    from flashpoint.nlp.parse import DISABLED, MODEL_PACKAGES

    with use_ops("numpy", use_blis=True):
        blis_nlp = spacy.load(MODEL_PACKAGES[0], disable=list(DISABLED))
    assert blis_nlp.get_pipe("parser").model.ops.use_blis is True
    for text in TEXTS:
        with one_blas_thread():
            ours = coder.nlp(text)
        theirs = blis_nlp(text)
        assert [(t.text, t.tag_, t.dep_, t.head.i) for t in ours] == [(t.text, t.tag_, t.dep_, t.head.i) for t in theirs]


@pytest.mark.slow
def test_the_islamic_state_s_acronym_is_parsed_as_a_name(coder):
    doc = coder.nlp("On 19 March 2020, 30 IS militants surrendered to Afghan forces in Laghman province.")
    tok = {t.text: t for t in doc}
    assert (tok["IS"].tag_, tok["IS"].dep_, tok["IS"].head.text) == ("NNP", "compound", "militants")
    assert tok["surrendered"].dep_ == "ROOT"  # "IS" had been the root verb of the sentence
    assert tok["IS"].lower_ == "is" and doc.text.count("IS") == 1  # the words themselves are unchanged
    assert coder.nlp("WHAT IS NEXT")[1].tag_ == "VBZ"  # a sentence in capitals keeps the verb
