"""Features of a (source, target) pair in a parsed sentence, for the relation classifier.

The features describe the words that connect the two parties in the dependency tree (the path
through their lowest common ancestor), the trigger the lexicon finds on that path, the words of
the sentence outside the parties, and the modality of the connecting predicate.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from flashpoint.coding.role_model import table
from flashpoint.nlp.parse import lemma, lemma_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from flashpoint.coding.lexicon import Lexicon

CONTENT_TAGS = ("NN", "VB", "JJ", "RB", "IN", "RP", "MD")
_STOP = {"the", "a", "an", "of", "to", "in", "and", "be", "have", "do", "that", "this", "'s", "on"}



VERSION = "pair_features v1"  # a relation model's meta["features"]: the features it was trained on
GOVERNING_VERSION = "pair_features v2"  # the same with `governing` (hinted pairs)

def tokens_in(doc: Doc | Span, start: int, end: int) -> list[Token]:
    """Tokens whose characters overlap [start, end) (doc-relative character offsets)."""
    from spacy.tokens import Doc as SpacyDoc  # noqa: PLC0415 - loaded with the parser already

    if isinstance(doc, SpacyDoc):  # token starts and ends both rise: the overlap is one run of tokens
        tab = table(doc)
        return [doc[i] for i in range(bisect_right(tab.ends, start), bisect_left(tab.idx, end))]
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def span_head(toks: list[Token]) -> Token | None:
    """The syntactic head of a group of tokens: the one whose head lies outside the group."""
    if not toks:
        return None
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[0]


def path(a: Token, b: Token) -> tuple[list[Token], Token]:
    """Tokens from a up to the lowest common ancestor and down to b (endpoints excluded), and the LCA."""
    anc_a = [a, *a.ancestors]
    ids_a = {t.i: k for k, t in enumerate(anc_a)}
    up_b = []
    cur = b
    lca = anc_a[-1]
    for t in [b, *b.ancestors]:
        if t.i in ids_a:
            lca = t
            break
        up_b.append(t)
        cur = t
    del cur
    k = ids_a.get(lca.i, len(anc_a) - 1)
    mid = anc_a[1:k] + [lca] + list(reversed(up_b[1:]))
    return [t for t in mid if t.i not in (a.i, b.i)], lca


def arg_range(spans: list[tuple[int, int]] | list[list[int]], default: int) -> tuple[int, int]:
    """The character range covering an argument's spans; an argument without spans sits at `default`."""
    if not spans:
        return (default, default)
    return (min(a for a, _ in spans), max(b for _, b in spans))


def pair_features(
    sent: Span | Doc,
    src_spans: list[tuple[int, int]],
    tgt_spans: list[tuple[int, int]],
    lexicon: Lexicon | None = None,
    governing: bool = False,
) -> tuple[list[str], Token | None]:
    """Feature strings of a pair (spans relative to the sentence's doc) and the chosen trigger token.

    `governing` (features v2, hinted pairs: the caller names the parties, not the act): where no verb or noun
    lies on the path from one party to the other ("Canada and Costa Rica have agreed to ..."), the trigger
    is the one that governs the party holding the other."""
    feats: list[str] = []
    s_toks = [t for s, e in src_spans for t in tokens_in(sent, s, e)]
    t_toks = [t for s, e in tgt_spans for t in tokens_in(sent, s, e)]
    inside = {t.i for t in s_toks} | {t.i for t in t_toks}
    sh, th = span_head(s_toks), span_head(t_toks)
    trigger = None
    if sh is not None and th is not None:
        mid, lca = path(sh, th)
        feats.append("lca:" + lemma(lca))
        feats.append("lcatag:" + lca.tag_[:2])
        for t in mid:
            if t.i in inside:
                continue
            feats.append("p:" + lemma(t))
            feats.append("pd:" + t.dep_)
        feats.append(f"sdep:{sh.dep_}")
        feats.append(f"tdep:{th.dep_}")
        if th.dep_ == "pobj":
            feats.append("tprep:" + th.head.lower_)
            feats.append("tprep:" + th.head.lower_ + "|" + lemma(th.head.head))
        feats.append("order:" + ("st" if sh.i < th.i else "ts"))
        cands = [t for t in [lca, *mid] if t.i not in inside and t.tag_[:2] in ("VB", "NN")]
        if not cands and governing:
            # one party holds the other ("Canada and Costa Rica have agreed to ..."): the act governs the holder
            up = lca
            while up.head.i != up.i and (up.i in inside or up.tag_[:2] not in ("VB", "NN")):
                up = up.head
            if up.i not in inside and up.tag_[:2] in ("VB", "NN"):
                cands = [up]
        if lexicon is not None:
            trigger = _lexicon_trigger(cands, lexicon, feats)
        if trigger is None and cands:
            trigger = cands[0]
        if trigger is not None:
            feats.append("trig:" + lemma(trigger))
            for c in trigger.children:
                if c.dep_ in ("prt", "prep", "dobj", "neg", "aux", "amod") and c.i not in inside:
                    feats.append(f"tc:{c.dep_}:{lemma(c)}")
            from flashpoint.coding.modality import read_modality  # noqa: PLC0415

            feats.append("mod:" + read_modality(trigger).modality)
    lo = min((t.i for t in s_toks + t_toks), default=0)
    hi = max((t.i for t in s_toks + t_toks), default=0)
    for i, lem in _content_words(sent):
        if i in inside:
            continue
        feats.append("w:" + lem)
        if lo < i < hi:
            feats.append("b:" + lem)
    return feats, trigger


def _content_words(sent: Span | Doc) -> tuple[tuple[int, str], ...]:
    """(index, lemma) of the content words of `sent` (no punctuation, no stop lemma), in order; for a
    Doc, kept in its table's memo (a sentence's pairs share them)."""
    from spacy.tokens import Doc as SpacyDoc  # noqa: PLC0415 - loaded with the parser already

    if not isinstance(sent, SpacyDoc):
        return tuple((t.i, lemma(t)) for t in sent if _content(t))
    tab = table(sent)
    words = tab.memo.get("content_words")
    if words is None:
        from spacy.attrs import IS_PUNCT  # noqa: PLC0415

        punct = sent.to_array([IS_PUNCT]).tolist() if len(sent) else []
        words = tab.memo["content_words"] = tuple(
            (i, lem)
            for i, (tag, lower, p) in enumerate(zip(tab.tag, tab.lower, punct))
            if not p and tag.startswith(CONTENT_TAGS) and (lem := lemma_of(lower, tag)) not in _STOP
        )
    return words  # type: ignore[no-any-return]


def _content(t: Token) -> bool:
    return not t.is_punct and t.tag_.startswith(CONTENT_TAGS) and lemma(t) not in _STOP


def _lexicon_trigger(cands: list[Token], lexicon: Lexicon, feats: list[str]) -> Token | None:
    best = None
    for t in cands:
        pos = "VERB" if t.tag_.startswith("VB") else "NOUN"
        particles = {c.lower_ for c in t.children if c.dep_ in ("prt", "prep")}
        objects = {lemma(c) for c in t.children if c.dep_ in ("dobj", "pobj", "attr", "compound", "amod")}
        for c in t.children:
            if c.dep_ == "prep":
                objects |= {lemma(g) for g in c.children if g.dep_ == "pobj"}
        entry = lexicon.best(lemma(t), pos, particles, objects)
        if entry is not None and entry.plover is not None:
            feats.append("lex:" + entry.plover)
            feats.append("lexc:" + entry.cameo[:2])
            if best is None:
                best = t
                feats.append("lex1:" + entry.plover)
    return best
