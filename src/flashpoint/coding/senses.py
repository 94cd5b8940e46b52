"""Assault triggers in a sense that is no act: money, an attitude, a thing that vanished.

Three words of the assault lexicon also name what is no assault, and their parse tells which:
- "pounds" before a number is money ("pounds 200 for winter fuel", as BBC copy writes sterling), not
  shelling;
- "hostility" in the singular is an attitude ("the sheer hostility prompted by her advancement"); the
  plural, "hostilities", is fighting;
- "disappear" with a subject that names no party is a thing that vanished ("hundreds of ballot papers
  have disappeared", "the issue would soon disappear"); people who disappear keep the reading of an
  enforced disappearance.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.roles import personish
from flashpoint.nlp.parse import lemma

__all__ = ["other_sense"]


def _money(t: Token) -> bool:
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return t.lower_ == "pounds" and nxt is not None and nxt.like_num


def _vanished(t: Token) -> bool:
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.lower_ not in ("who", "whom") and not personish(subj)


def other_sense(t: Token) -> bool:
    """`t`, a trigger read as an assault, is money, an attitude or a thing that vanished."""
    lem = lemma(t)
    if lem == "pound":
        return _money(t)
    if lem == "hostility":
        return t.tag_ == "NN"
    if lem == "disappear":
        return _vanished(t)
    return False
