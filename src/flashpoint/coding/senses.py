"""Assault and protest triggers in a sense that is no act: money, an attitude, a thing that vanished, a proof,
a figure that rose.

Five words of the assault and protest lexicon also name what is no such act, and their parse tells which:
- "pounds" before a number is money ("pounds 200 for winter fuel", as BBC copy writes sterling), not
  shelling;
- "hostility" in the singular is an attitude ("the sheer hostility prompted by her advancement"); the
  plural, "hostilities", is fighting;
- "disappear" with a subject that names no party is a thing that vanished ("hundreds of ballot papers
  have disappeared", "the issue would soon disappear"); people who disappear keep the reading of an
  enforced disappearance;
- "demonstrate" with an object or a that-clause is to show ("demonstrated a wireless cap", "this
  demonstrates that the horrors are not over"); people who demonstrate against, outside or in a place, or
  demonstrate their support or anger, protest;
- "shot up" with no object is a figure that rose ("blog readership has shot up by 58%"); gunmen who shot up
  a bar keep their object and their assault.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.roles import direct_subject, personish
from flashpoint.nlp.parse import lemma

__all__ = ["other_sense"]

# what people who demonstrate show or carry in the street ("demonstrated their support for the regime",
# "demonstrated, waving signs" where the parser makes the signs the object): a rally
_RALLIED = frozenset({
    "support", "solidarity", "anger", "opposition", "outrage", "discontent", "displeasure", "sign", "banner",
    "placard", "flag", "slogan", "poster", "portrait", "picture", "photo", "photograph", "effigy", "candle",
})


def _money(t: Token) -> bool:
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return t.lower_ == "pounds" and nxt is not None and nxt.like_num


def _vanished(t: Token) -> bool:
    subj = direct_subject(t)
    return subj is not None and subj.lower_ not in ("who", "whom") and not personish(subj)


def _shows(t: Token) -> bool:
    """"demonstrate" with a that-clause, or with an object where its subject is no crowd: the parser also
    hangs a later noun on the verb of a crowd that demonstrated ("3,000 people demonstrated ... to mark
    the anniversary of the disaster, the world's worst nuclear accident")."""
    if any(c.dep_ == "ccomp" for c in t.children):
        return True
    subj = direct_subject(t)
    if subj is not None and subj.tag_ in ("NNS", "NNPS"):
        return False
    return any(c.dep_ == "dobj" and c.tag_ != "CD" and lemma(c) not in _RALLIED for c in t.children)


def _rose(t: Token) -> bool:
    """"shot up" with no object: a figure rose."""
    children = list(t.children)
    return any(c.dep_ == "prt" and c.lower_ == "up" for c in children) and not any(
        c.dep_ in ("dobj", "nsubjpass") for c in children)


def other_sense(t: Token, plover: str = "ASSAULT") -> bool:
    """`t`, a trigger read as an assault, is money, an attitude or a thing that vanished; read as a protest,
    "demonstrate" that shows something."""
    lem = lemma(t)
    if plover == "PROTEST":
        return lem == "demonstrate" and _shows(t)
    if plover != "ASSAULT":
        return False
    if lem == "pound":
        return _money(t)
    if lem == "hostility":
        return t.tag_ == "NN"
    if lem == "disappear":
        return _vanished(t)
    if lem == "shoot":
        return _rose(t)
    return False
