"""Learned argument assigners: which noun phrase of the sentence is an event's source, and which
its target.

The dependency rules (`roles.verb_args`, `roles.noun_args`) give a first answer; a model per role
reranks every noun-phrase head of the sentence (or none). Features: the dependency path from the
trigger to the candidate (prepositions spelled out) and its unlexicalised shape, the same path for
the trigger's PLOVER type and lemma, whether it passes a background adjunct or a clause boundary,
the candidate's tag and whether it is a known actor, a place, a role word or a pronoun, its side and
distance, and whether the rules chose it. A logistic model scores each candidate; the best one is
the argument when its probability reaches the model's threshold (a higher one where the rules found
none), else there is none; in a near-tie with the rules' choice the rules' stays. The source is
chosen first (the rules' target excluded), then the target (the chosen source excluded).

Trained by `scripts/train_role_models.py` on the PLV and ConfliBERT (source/target span) dev sets,
from the coder's own triggers with the rules' arguments: for the target, the triggers whose source
matches a gold source; for the source, those whose target or source matches the gold one; each
candidate labelled by whether its phrase overlaps the gold argument. Evaluation retrains both per
fold (`coding/train.py`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from flashpoint.coding.classifier import LinearModel, load_checked
from flashpoint.coding.roles import (
    INQUIRIES,
    OPERATION_NOUNS,
    MUTUAL_ACTS,
    OWN_FORCES,
    PATIENT_OF,
    PERSON_WORDS,
    SENT_NOUNS,
    SETTING_PREPS,
    a_town,
    between_parties,
    compound_doer,
    content_head,
    ends_a_name,
    inquired_into,
    is_passive_aux,
    in_locative,
    is_time_word,
    kept_from,
    led_by,
    own_forces,
    participle_by,
    permitted,
    personish,
    phrase_span,
    where_only,
)
from flashpoint.errors import InputError
from flashpoint.geo.names import PLACE_NOUNS, SITES
from flashpoint.nlp.parse import lemma_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

YES, NO = "argument", "other"
ROLES = ("source", "target")
NOUN_TAGS = {"NN", "NNS", "NNP", "NNPS", "PRP"}
SKIP_DEPS = {"compound", "amod", "nmod", "det", "nummod", "npadvmod", "expl"}
WITNESS_VERBS = frozenset({
    "observe", "record", "monitor", "document", "witness", "hear", "see", "register", "detect", "count",
    "report", "note", "spot", "log", "verify", "confirm",
})
# verbs of denial: "the government rejected accusations", "X denied charges": the subject is the one accused
DISOWN_VERBS = frozenset({"deny", "reject", "dismiss", "refute", "rebuff", "disown"})
MAX_HOPS = 4
# prepositions of background adjuncts ("since Haniyeh's assassination"): rarely where an argument is
ADJUNCT_PREPS = {"since", "after", "before", "during", "amid", "following", "despite", "until", "throughout", "because"}
CLAUSE_DEPS = {"advcl", "ccomp", "relcl", "conj", "parataxis"}
DEFAULT_THRESHOLD = 0.3
# where the rules found no argument the model must be surer: the gold sets name both parties of nearly
# every event they label (CV picks the same threshold for both cases), news text often names one
NONE_THRESHOLD = 0.5
MARGIN = 0.05  # the rules' choice stays unless another candidate scores this much higher


def _dist(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3" if n == 3 else "4-6" if n <= 6 else "7-10" if n <= 10 else "11+"


def _label(dep: str, lower: str) -> str:
    return f"{dep}:{lower}" if dep in ("prep", "agent", "mark") else dep


_STRINGS: dict[int, str] = {}  # spaCy string hashes of tags, labels and words already looked up


def _string(strings: Any, h: int) -> str:
    out = _STRINGS.get(h)
    if out is None:
        out = strings[h if h >= 0 else h + (1 << 64)]
        if len(_STRINGS) < 500_000:
            _STRINGS[h] = out
    return out


def _strings_of(strings: Any, hashes: list[int]) -> list[str]:
    """`_string` of each hash (most are looked up already: one `dict.get` each)."""
    out = list(map(_STRINGS.get, hashes))
    if None in out:
        out = [_string(strings, h) if x is None else x for x, h in zip(out, hashes)]
    return out  # type: ignore[return-value]


class DocTable:
    """What the features read of one parsed sentence, taken from spaCy once (its attribute access is
    slow): heads, labels, tags, the noun-phrase heads, ancestor chains, and per-candidate facts."""

    def __init__(self, doc: Doc) -> None:
        from spacy.attrs import DEP, HEAD, IDX, LOWER, TAG  # noqa: PLC0415

        self.doc = doc
        arr = doc.to_array([HEAD, TAG, DEP, LOWER, IDX]).astype(np.int64)  # HEAD: offset to the head
        n = len(doc)
        self.head = (np.arange(n, dtype=np.int64) + arr[:, 0]).tolist() if n else []
        strings = doc.vocab.strings
        self.tag, self.dep, self.lower = (_strings_of(strings, arr[:, k].tolist()) for k in (1, 2, 3))
        self.idx = arr[:, 4].tolist()
        self._chains: dict[int, list[int]] = {}
        self._where: dict[int, dict[int, int]] = {}  # per token, its chain's positions by token
        self._facts: dict[int, tuple[int, tuple[str, ...]]] = {}
        self._lemmas: dict[int, str] = {}
        self._spans: dict[int, tuple[int, int]] = {}
        self.pairs: dict[tuple[int, int, str], tuple[tuple[str, ...], str, int]] = {}
        # what other stages derive once per sentence (the modality readings of its triggers, the relation
        # features' content words): kept here, so it lives exactly as long as the sentence's table
        self.memo: dict[str, Any] = {}

    @cached_property
    def text(self) -> str:
        """The doc's text (`Doc.text` joins every token's text each time it is read)."""
        return self.doc.text

    @cached_property
    def ends(self) -> list[int]:
        """Per token, the character offset just past it (`Token.idx` plus its length)."""
        from spacy.attrs import LENGTH  # noqa: PLC0415

        if not self.idx:
            return []
        return [a + n for a, n in zip(self.idx, self.doc.to_array([LENGTH]).tolist())]

    @cached_property
    def label(self) -> list[str]:
        """Per token, its dependency label with the preposition spelled out ("prep:in")."""
        return [_label(d, lw) for d, lw in zip(self.dep, self.lower)]

    @cached_property
    def nouns(self) -> list[int]:
        """The noun-phrase heads that may be an argument (time expressions left out, but not the last part of
        a name: "Theresa May")."""
        return [i for i in range(len(self.tag)) if self.tag[i] in NOUN_TAGS and self.dep[i] not in SKIP_DEPS
                and not (is_time_word(self.lower[i], self.tag[i]) and not self._named(i))]

    def _named(self, i: int) -> bool:
        """Token i is a proper noun with a first name in front of it ("Theresa May", not "5 May", "early May")."""
        j = i - 1
        return j >= 0 and ends_a_name(self.tag[i], self.tag[j], self.dep[j], self.lower[j], self.head[j] == i)

    def lemma(self, i: int) -> str:
        out = self._lemmas.get(i)
        if out is None:
            out = self._lemmas[i] = lemma_of(self.lower[i], self.tag[i])
        return out

    def phrase(self, tok: Token) -> tuple[int, int]:
        """The character span of the phrase around `tok` (its content head's)."""
        out = self._spans.get(tok.i)
        if out is None:
            out = self._spans[tok.i] = phrase_span(content_head(tok) or tok)
        return out

    def chain(self, i: int) -> list[int]:
        """`i` and its ancestors up to the root."""
        c = self._chains.get(i)
        if c is None:
            c = [i]
            while self.head[c[-1]] != c[-1] and len(c) < 40:
                c.append(self.head[c[-1]])
            self._chains[i] = c
        return c

    def path(self, a: int, b: int) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        up = self.chain(a)
        where = self._where.get(a)
        if where is None:
            where = self._where[a] = {t: k for k, t in enumerate(up)}
        down: list[int] = []
        for y in self.chain(b):
            if y in where:
                label = self.label
                return tuple([label[t] for t in up[: where[y]]]), tuple([label[t] for t in reversed(down)])
            down.append(y)
        return None

    def facts(self, i: int) -> tuple[int, tuple[str, ...]]:
        """The index of candidate `i`'s content head, and the candidate's features that do not depend
        on the trigger."""
        f = self._facts.get(i)
        if f is None:
            cand = self.doc[i]
            head = content_head(cand) or cand
            out = [f"ctag={self.tag[i]}", f"cdep={self.dep[i]}"]
            if personish(head):
                out.append("person")
            if head.lower_ in PERSON_WORDS:
                out.append("roleword")
            if head.tag_ == "PRP":
                out.append(f"prp={head.lower_}")
            f = self._facts[i] = (head.i, tuple(out))
        return f


# (doc, its table) of the doc read last: both roles of every trigger, the trigger search and the
# relation features read the same sentence. One tuple, swapped whole: a thread never gets another's table.
_last: list[tuple[Any, Any]] = [(None, None)]


def table(doc: Doc) -> DocTable:
    last = _last[0]
    if last[0] is not doc:
        last = _last[0] = (doc, DocTable(doc))
    return last[1]  # type: ignore[no-any-return]


def dep_path(a: Token, b: Token) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(labels going up from `a` to the lowest common ancestor, labels going down from it to `b`);
    None when the two are in different trees."""
    return table(a.doc).path(a.i, b.i)


def candidates(doc: Doc, trig: Token, entry: Any, other: Token | None, role: str = "target") -> list[Token]:
    """Noun-phrase heads of the sentence that could be the argument: not the trigger, not inside the
    other argument's phrase nor another mention of it (same words), not a time expression, not the
    object that is part of the trigger ("launched an attack", but "arming rebels" keeps the rebels),
    and for the target not the doer's own forces ("withdrew its troops from the zone").

    No source for a passive verb without an agent ("officials said 2 militants were killed": the
    doer is not told; the reporter is not the killer), and with one only the nouns of its "by" phrase
    ("was criticized by Bush administration officials", "was killed by a bomb planted by the Taliban":
    the passive subject is who it was done to, never its doer); the same for an event noun whose participle
    names its doer ("shells fired by LNA forces fell in ..."); the source of an event noun is not the
    one who observed, reported or denied it ("the OSCE SMM observed 14 explosions")."""
    tab = table(doc)
    agent: tuple[int, int] | None = None  # the token range of a passive verb's "by" phrase
    sufferers: set[int] = set()  # a passive subject outside `agent` that is a candidate all the same
    lo_by = hi_by = -1  # the token range of an event noun's "by" phrase, for the target
    if role == "source" and tab.tag[trig.i].startswith("VB") and (any(c.dep_ == "nsubjpass" or is_passive_aux(c)
                                                                     for c in trig.children) or _passive_by_head(trig)):
        by = next((c for c in trig.children if c.dep_ == "agent"), None)
        if by is None:
            return []
        agent = (by.left_edge.i, by.right_edge.i + 1)
    elif role == "source" and trig.dep_ == "relcl" and tab.tag[trig.head.i].startswith("NN") \
            and _own_phrase_only(trig.head):
        agent = (trig.head.left_edge.i, trig.head.right_edge.i + 1)  # "... in a bombing that targeted his residence"
    elif role == "source" and (ante := relative_subject_of(trig)) is not None:
        # "condemned the Taliban attack which killed nine": who the attack's own words name, or its "by" phrase;
        # not its setting ("an attack on a church during a mass in Quetta which killed"), nor a place it is
        agent = (ante.left_edge.i, ante.i + (not _a_place(ante)))
        for prep in ante.rights:
            if prep.dep_ == "prep" and prep.lower_ == "by" and prep.right_edge.i < trig.left_edge.i:
                agent = (agent[0], prep.right_edge.i + 1)
    elif role == "target" and trig.dep_ == "relcl" and tab.tag[trig.head.i].startswith("NN") \
            and (scope := _done_to(trig.head)) is not None:
        agent, sufferers = scope  # "... in a bombing that targeted his residence"
    elif tab.tag[trig.i].startswith("NN"):
        by = participle_by(trig)
        if by is not None and role == "source":
            agent = (by.left_edge.i, by.right_edge.i + 1)
        elif by is not None:  # the doer named in the "by" phrase is not whom it was done to
            lo_by, hi_by = by.left_edge.i, by.right_edge.i + 1
        elif role == "source" and _own_phrase_only(trig):
            agent = (trig.left_edge.i, trig.right_edge.i + 1)
        elif role == "target" and (scope := _done_to(trig)) is not None:
            agent, sufferers = scope
        elif role == "target" and (_reacted_to(trig) or _came_after(trig)):
            agent = (trig.left_edge.i, trig.right_edge.i + 1)  # "condolences to Ghani after the attack in Kabul"
    teller = (-1, -1)  # the phrase of a spokesman who tells of an event noun: no party to it
    if (tab.tag[trig.i].startswith("NN") or not _names_itself(trig)) and (speaker := teller_of(trig)) is not None:
        teller = (speaker.left_edge.i, speaker.right_edge.i + 1)
    accused = _accused_of(trig) if role == "target" and tab.tag[trig.i].startswith("NN") else -1
    objects = getattr(entry, "objects", None) or ()
    witness = _witness(tab, trig.i) if role == "source" and not tab.tag[trig.i].startswith("VB") else -1
    lo = hi = -1
    same = other.lower_ if other is not None else None
    o = other.i if other is not None else -1
    if other is not None:
        lo, hi = tab.phrase(other)
    out = []
    misread = tab.head[trig.i] if tab.dep[trig.i] == "conj" else -1  # "A gendarme shot and killed": "shot", a noun
    noun_source = role == "source" and tab.tag[trig.i].startswith("NN")
    inquiry = role == "target" and tab.tag[trig.i].startswith("NN") and tab.lemma(trig.i) in INQUIRIES
    for i in tab.nouns:
        if i == trig.i or i == o or lo <= tab.idx[i] < hi or i == misread:
            continue
        if tab.lower[i] == same and _same_phrase(tab.text, tab.phrase(doc[i]), (lo, hi)):
            continue  # another mention of the other party ("Iran ... Iran"), not "LNA forces" vs "GNA forces"
        if objects and tab.head[i] == trig.i and tab.lemma(i) in objects and not personish(doc[i]):
            continue
        if witness >= 0 and tab.head[i] == witness and tab.dep[i] == "nsubj":
            continue
        if noun_source and tab.dep[i] in ("poss", "pobj") and _of_another_noun(doc[i], trig):
            continue
        if noun_source and tab.head[i] == trig.i and tab.dep[i] in ("compound", "nmod") and a_town(doc[i]):
            continue  # "the Quetta attack": where, not who
        if inquiry and tab.dep[i] in ("poss", "pobj") and _of_an_act_inquired_into(doc[i], trig):
            continue  # an inquiry into "the attack on Haniyeh" is not into Haniyeh
        if role == "target" and tab.lemma(i) in OWN_FORCES and own_forces(doc[i]):
            continue  # "withdrew its troops from X": the doer's own forces are not the other party
        if agent is not None and not agent[0] <= i < agent[1] and i not in sufferers or lo_by <= i < hi_by:
            continue
        if teller[0] <= i < teller[1]:
            continue  # "the governor's spokesman said the attack had killed twelve"
        if role == "source" and _in_time_phrase(doc[i], trig):
            continue  # "Before the start of the Republican National Convention, the police shooting of Blake"
        if _according_to(doc[i]) or _nobody(doc[i]):
            continue  # "subjected to torture, according to the BBC": who tells; "No organization claimed": no one
        if role == "target" and i == accused:
            continue  # "eleven individuals have been charged with the murder": they are said to have done it
        out.append(doc[i])
    return out


# what comes after (or before) an act, whoever did it: "in the wake of an ambush", "a few hours before the attack"
_AFTER = frozenset({"after", "following", "wake", "aftermath", "before"})
_SHARED = MUTUAL_ACTS | {"fighting", "battle", "combat", "visit", "dialogue", "consultation"}


def _shared_act(noun: Token) -> bool:
    """An act the sentence's subject may have taken part in: clashes, talks, a visit."""
    return lemma_of(noun.lower_, noun.tag_) in _SHARED or noun.lower_ in _SHARED


# what a response is to: "in response to the killing", "in retaliation for the raid"
_RESPONSES = frozenset({"response", "retaliation", "revenge", "reprisal", "reaction", "answer", "reply"})


# words that react to an act another did: whoever condemns, blames, mourns, survives or arrests after "the attack
# which killed nine" did not kill (but whoever "carried out" or "claimed responsibility for" it did, and whoever
# denies or rejects it may be who is said to have)
_REACTIONS = frozenset(
    "condemn denounce blame deplore mourn regret criticize criticise decry slam lament investigate probe indict "
    "charge accuse cancel warn arrest detain sentence convict condolence condolences sympathy "
    "sympathies accusation accusations charges warning investigation inquiry wake aftermath after following "
    "since before response reaction survive escape witness suffer endure address discuss comment prohibit forbid "
    "outlaw ban renounce abhor".split()
)
_BUILDINGS = frozenset(
    "centre center centres centers hotel hotels station stations mosque mosques church churches school schools "
    "hospital hospitals building buildings plant plants shrine shrines office offices embassy house home".split()
)
_WALK_UP = frozenset({"pobj", "prep", "conj", "appos", "compound", "dobj", "pcomp", "npadvmod", "nmod", "poss"})


def _a_place(tok: Token) -> bool:
    """A noun that names a place or a building, which does nothing ("a mosque in the Aleppo province which")."""
    return tok.lower_ in PLACE_NOUNS or tok.lower_ in SITES or tok.lower_ in _BUILDINGS or a_town(tok)


def relative_subject_of(trig: Token) -> Token | None:
    """The noun a relative clause's verb is on when the clause's subject is the pronoun "which" or "that" and
    the noun is what a reaction is to ("condemned the attack on a church which killed nine": the attack). Its
    doer is named in that noun's own words, never by the reacting clause (Guterres killed no one). None
    otherwise, and where the noun is what the sentence's subject did ("claimed responsibility for the attack,
    which killed": the claimant's attack)."""
    while trig.dep_ == "conj" and trig.head.tag_.startswith("VB"):  # "which killed nine and injured 44"
        trig = trig.head
    if trig.dep_ != "relcl" or not trig.head.tag_.startswith("NN") or not any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("that", "which") for c in trig.children):
        return None
    tok = trig.head
    while True:
        if lemma_of(tok.lower_, tok.tag_) in _REACTIONS or tok.lower_ in _REACTIONS:
            return trig.head
        if tok.dep_ not in _WALK_UP or tok.head.i == tok.i or (tok.tag_.startswith("VB") and tok.tag_ != "VBG"):
            return None
        tok = tok.head


def _own_phrase_only(trig: Token) -> bool:
    """Whether an event noun's doer can only be named inside its own phrase: the setting or cause of an act done
    to the passive subject ("Haniyeh was assassinated in a bombing": he was bombed, he bombed no one), or the act
    another responds to ("the world is anticipating an attack in response to the killing of Haniyeh": who
    responds, or awaits the response, did not kill), or what an act came after ("cancelled his visit in the wake
    of a rebel ambush": the rebels ambushed)."""
    if inquired_into(trig) or _reacted_to(trig):
        return True
    if trig.dep_ != "pobj" or trig.head.dep_ not in ("prep", "agent"):
        return False
    prep, gov = trig.head, trig.head.head
    if prep.lower_ in ("to", "for") and gov.lower_ in _RESPONSES:
        return True
    return _came_after(trig) or _passive_setting_of(trig) is not None


def _came_after(noun: Token) -> bool:
    """An act another acted after: "cancelled his visit after an ambush", "in the wake of the attack" (not a
    shared act: "took the town after clashes with rebels")."""
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return False
    prep, gov = noun.head, noun.head.head
    return (prep.lower_ in _AFTER or prep.lower_ == "of" and gov.lower_ in _AFTER) and not _shared_act(noun) \
        and noun.lower_ not in SENT_NOUNS  # "following an invitation from Nigeria": sent to the subject


# verbs that cite or answer an act another did: "pointing to the attack on the embassy", "responded to the raid"
_CITES = frozenset({"point", "cite", "recall", "mention", "refer", "respond", "react", "reply", "retaliate",
                    "describe", "ascribe", "attribute", "characterize", "characterise", "classify", "regard"})
# verbs that name a thing as an act: "called the death the senseless killing of a journalist" (not "called for")
_NAMES_AS = frozenset({"call", "describe", "term", "label", "brand"})
_ABOUT = frozenset({"for", "to", "over", "about", "on", "against"})  # "blamed X for", "pointing to", "angry over"


_MEMORIALS = frozenset({"anniversary", "anniversaries", "commemoration", "memorial", "remembrance", "victims",
                        "survivors"})  # "in the aftermath of" is _came_after's


def _reacted_to(noun: Token) -> bool:
    """An event noun that a reaction or a citation is about ("condemned the bombing", "blamed Israel for the
    attack", "pointing to the attack on the embassy"): whoever reacts or cites did not do it. Not what a party
    sends, which the reaction answers ("refused to respond to a request from Haaretz")."""
    while noun.dep_ == "conj" and noun.head.tag_.startswith("NN"):  # "the killing ... despite threats and"
        noun = noun.head
    if noun.dep_ == "oprd":
        return lemma_of(noun.head.lower_, noun.head.tag_) in _NAMES_AS
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in _MEMORIALS:
        return True  # "the 60th anniversary of the camp's liberation": Straw, who visits for it, freed no one
    for _ in range(3):  # "commenting on the wrongful jailing of 11 people for IRA bomb attacks": up to the verb
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.tag_.startswith("NN") \
                and noun.head.head.dep_ in ("pobj", "dobj"):
            noun = noun.head.head
    if noun.dep_ == "dobj" and any(c.dep_ == "oprd" for c in noun.head.children):
        return lemma_of(noun.head.lower_, noun.head.tag_) in _NAMES_AS  # "called the stabbing an act of barbarity"
    if noun.dep_ == "dobj":
        gov = noun.head
    elif noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in _ABOUT:
        gov = noun.head.head
    else:
        return False
    if not gov.tag_.startswith("VB"):
        return False
    lem = lemma_of(gov.lower_, gov.tag_)
    return (lem in _REACTIONS or lem in _CITES) and not _shared_act(noun) and noun.lower_ not in SENT_NOUNS


def teller_of(noun: Token) -> Token | None:
    """The spokesman, official or witness who tells of an act ("Mangal, spokesperson for the governor, said the
    attack had killed twelve"): no party to it. None otherwise (a denier may be who is said to have done it)."""
    tok = noun
    for _ in range(6):
        if tok.tag_.startswith("VB") and tok.tag_ != "VBG" or tok.head.i == tok.i:
            break
        if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "prep", "acomp", "amod", "conj"):
            return None
        tok = tok.head
    while tok.dep_ in ("conj", "xcomp") and tok.head.tag_.startswith("VB"):  # "... had killed twelve and injured",
        tok = tok.head  # "reported that Trump might have encouraged Zelensky to investigate"
    if tok.dep_ != "ccomp" or not tok.head.tag_.startswith("VB"):
        return None
    speaker = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if speaker is not None and lemma_of(tok.head.lower_, tok.head.tag_) in _SAYS and _spokesperson(speaker):
        return speaker
    return None


_SAYS = frozenset({"say", "tell", "report", "state", "add", "announce", "confirm", "note", "explain", "allege",
                   "claim", "reveal", "write", "cite"})
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "official", "officials", "source",
                     "sources", "witness", "witnesses", "police", "governor", "mayor", "ministry", "agency",
                     # the news media: "television broadcaster PBS revealed that", "The New York Times reported that"
                     "broadcaster", "newspaper", "network", "channel", "outlet", "magazine", "website", "daily",
                     "reporter", "reporters", "journalist", "journalists", "media", "times", "post", "news"})


def _names_itself(verb: Token) -> bool:
    """A verb whose subject is a pronoun that may be the speaker: "officials said they agree", "the ministry said
    it had seized" (not "officials said it killed nine": the fire)."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ == "PRP":
            if c.lower_ != "it":
                return True
            said = verb
            while said.dep_ == "conj" and said.head.i != said.i:
                said = said.head
            speaker = next((g for g in said.head.children if g.dep_ == "nsubj"), None)
            return speaker is not None and speaker.tag_ in ("NN", "NNP")
    return False


def _passive_by_head(verb: Token) -> bool:
    """A participle that completes a passive verb: "twenty people have been confirmed killed" (no doer told)."""
    head = verb.head
    return verb.tag_ == "VBN" and verb.dep_ in ("xcomp", "oprd") and head.tag_ == "VBN" \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children) \
        and any(c.dep_ == "nsubjpass" or is_passive_aux(c) for c in head.children)  # not "reported to have beaten"


_CHARGES = frozenset({"charge", "accuse", "convict", "suspect", "indict", "sentence", "arrest", "detain", "jail",
                      "try", "prosecute", "acquit", "clear"})


def _accused_of(noun: Token) -> int:
    """The token index of who is charged with, accused of or convicted of an event noun ("eleven individuals have
    been charged with the murder", "arrested for the killing"): no one it was done to. -1 otherwise."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("with", "of", "for", "over", "in"):
        return -1
    verb = prep.head
    if not verb.tag_.startswith("VB") or lemma_of(verb.lower_, verb.tag_) not in _CHARGES:
        return -1
    who = next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")), None)
    return who.i if who is not None else -1


_TIME_PREPS = frozenset({"before", "after", "since", "until", "following", "during"})


def _in_time_phrase(tok: Token, trig: Token) -> bool:
    """A party named only inside a time phrase the trigger is not in ("Before the start of the convention, the police
    shooting of Blake ...": the convention shot no one)."""
    node = tok
    for _ in range(8):
        if node.head.i == node.i:
            return False
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ in _TIME_PREPS:
            prep = node.head
            return not prep.left_edge.i <= trig.i <= prep.right_edge.i
        node = node.head
    return False


def _nobody(tok: Token) -> bool:
    """A noun phrase that names no one: "No organization immediately claimed credit", "nobody"."""
    return tok.lower_ in ("nobody", "noone") or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def _according_to(tok: Token) -> bool:
    """The source named by "according to" ("according to the BBC", "according to local officials")."""
    while tok.dep_ in ("appos", "compound", "conj") and tok.head.i != tok.i:  # "according to news agency ISNA"
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"


def _spokesperson(tok: Token) -> bool:
    """A speaker who reports acts rather than doing them: a spokesman, an official, a witness, police ("Mangal,
    spokesperson for the provincial governor")."""
    return tok.lower_ in _SPOKES or any(c.dep_ in ("appos", "compound") and c.lower_ in _SPOKES
                                        or c.dep_ == "prep" and c.lower_ in ("of", "from", "at", "for")
                                        and any(g.dep_ == "pobj" and g.lower_ in _SPOKES for g in c.children)
                                        for c in tok.children)  # "Lucy Fischer of The Times"


def _passive_setting_of(trig: Token) -> Token | None:
    """The passive verb an event noun is the setting or cause of ("Haniyeh was assassinated in a bombing":
    "assassinated"), else None."""
    if trig.dep_ != "pobj" or trig.head.dep_ not in ("prep", "agent"):
        return None
    prep, gov = trig.head, trig.head.head
    if prep.lower_ in _PASSIVE_SETTING and gov.tag_.startswith("VB") and (any(
            c.dep_ == "nsubjpass" or is_passive_aux(c) for c in gov.children)
            or lemma_of(gov.lower_, gov.tag_) in _DIE_VERBS):  # "dozens died in the attack", "suffered wounds in"
        return gov
    return None


def _done_to(setting: Token) -> tuple[tuple[int, int], set[int]] | None:
    """Where the target of a passive verb's setting noun is: the noun's own phrase (its token range) and the
    verb's passive subject ("Haniyeh was assassinated in a bombing": the bombing was done to him, or to whom its
    own phrase names); None when the noun is no such setting."""
    suffered = _passive_setting_of(setting)
    if suffered is None:
        return None
    return (setting.left_edge.i, setting.right_edge.i + 1), {c.i for c in suffered.children
                                                             if c.dep_ in ("nsubjpass", "nsubj")}


# what a passive's subject suffered in, after, or by: "was killed after the explosion of a landmine" (the soldier
# set off nothing)
_PASSIVE_SETTING = SETTING_PREPS | {"after", "following", "by"}
# whose subject suffered, as a passive's does: "died in the attack", "suffered two deep wounds in the attack"
_DIE_VERBS = frozenset({"die", "perish", "drown", "succumb", "suffer", "sustain", "survive", "escape", "receive"})


def _owning_noun(cand: Token) -> Token | None:
    """The word a possessor or a preposition's object hangs on ("Blinken's call": call; "the attack on Haniyeh":
    attack), else None."""
    return cand.head if cand.dep_ == "poss" else cand.head.head if cand.head.dep_ == "prep" else None


def _of_another_noun(cand: Token, trig: Token) -> bool:
    """A possessor or a preposition's object belongs to the noun it hangs on, not to an event noun outside that
    noun's phrase: "Blinken's call comes as the world is anticipating an attack on Israel in response to the
    killing of Haniyeh" names no killer, neither Blinken nor Israel ("Hamas's leader ordered an attack": the
    leader; "Russia's threat of an invasion": the invasion is inside the threat's phrase)."""
    owner = _owning_noun(cand)
    return owner is not None and owner.i != trig.i and owner.tag_.startswith("NN") \
        and not owner.left_edge.i <= trig.i <= owner.right_edge.i


def _of_an_act_inquired_into(cand: Token, inquiry: Token) -> bool:
    """A possessor or a preposition's object belongs to an act the inquiry is into, not to the inquiry: "an
    investigation into the source of the attack on Haniyeh" (not "an investigation by the NCA" of "the son of
    Filat", nor "into workplace bullying in Canberra Hospital's maternity unit")."""
    owner = _owning_noun(cand)
    return owner is not None and owner.i != inquiry.i and lemma_of(owner.lower_, owner.tag_) in _ACTS \
        and inquiry.left_edge.i <= owner.i <= inquiry.right_edge.i


_ACTS = PATIENT_OF | OPERATION_NOUNS


def _witness(tab: DocTable, ti: int) -> int:
    """The verb of observation, record or denial that an event noun is the object of ("the OSCE SMM
    observed 14 explosions", "police reported an attack", "the government rejected accusations"): its
    subject saw, told or denied the event, it did not do it. -1 when there is none."""
    i = ti
    for _ in range(6):  # "observed a total of 25 projectiles/explosions/bursts of fire": six steps up
        h = tab.head[i]
        if h == i or tab.dep[i] not in ("dobj", "pobj", "prep", "conj", "appos", "nmod", "compound"):
            return -1
        if tab.tag[h].startswith("VB"):
            return h if tab.lemma(h) in WITNESS_VERBS or tab.lemma(h) in DISOWN_VERBS else -1
        i = h
    return -1


_FORCE = frozenset({"ASSAULT", "COERCE"})
_PROTEST_OR_REQUEST = frozenset({"PROTEST", "REQUEST"})  # acts that voice something: whom, not where


def _named_place_in_locative(cand: Token, known: Known) -> bool:
    """`cand` is a place, or a name, in a locative phrase ("in Recife", "at the Delhi University", "in Multan
    city": a place noun after a name)."""
    named = cand.i in known.places or cand.tag_ in ("NNP", "NNPS") or (cand.lower_ in PLACE_NOUNS and any(
        c.dep_ == "compound" and (c.i in known.places or c.tag_ == "NNP") for c in cand.children))
    return named and in_locative(cand)


def _where_or_whose(cand: Token, trig: Token, other: Token | None, known: Known, protest: bool) -> bool:
    """`cand` names where a protest was, or where a demand was made when outside the demand's own clause (in
    it, a place can be whom it is made of: "sought refuge in Bangladesh"), or is inside the other party's phrase."""
    if _named_place_in_locative(cand, known) and (protest or _clause_of(cand, trig).i != trig.i):
        return True
    return other is not None and _in_phrase_of(cand, other, trig)


def _in_phrase_of(tok: Token, head: Token, trig: Token) -> bool:
    """`tok` hangs from `head` without the act in between ("activists of the Socialist Party", "owners and
    workers"; not "Khodorkovsky, a former tycoon, called for sanctions against Belneftekhim", where the parser hung
    the act under the party)."""
    for a in tok.ancestors:
        if a.i == trig.i:
            return False
        if a.i == head.i:
            return True
    return False


def _clause_of(tok: Token, trig: Token) -> Token:
    """The trigger, or the nearest verb, above `tok`: the act whose clause it is in."""
    for a in tok.ancestors:
        if a.i == trig.i or a.tag_.startswith("VB"):
            return a
    return tok


def _place_of(cand: Token, party: Token, known: Known) -> bool:
    """`cand` is a place in a locative phrase inside `party`'s phrase ("a villager in Rakhine State")."""
    if not _named_place_in_locative(cand, known):
        return False
    return any(a.i == party.i for a in cand.ancestors)


def _same_phrase(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return text[a[0]:a[1]].lower() == text[b[0]:b[1]].lower()


_ADJUNCT_LABELS = frozenset(f"prep:{p}" for p in ADJUNCT_PREPS)  # the path labels of background adjuncts
_DEP_PARTS: dict[str, str] = {}


def _dep_part(label: str) -> str:
    """A path label without its spelled-out word ("prep:in" -> "prep")."""
    out = _DEP_PARTS.get(label)
    if out is None:
        out = label.split(":")[0]
        if len(_DEP_PARTS) < 10_000:
            _DEP_PARTS[label] = out
    return out


def _pair_features(tab: DocTable, ti: int, ci: int, ptype: str, lem: str) -> tuple[tuple[str, ...], str, int]:
    """The features of candidate `ci` for trigger `ti` that neither role nor rules change, with the
    path string and the candidate's head index. Cached per sentence: the source and the target of a
    trigger mostly share candidates."""
    key = (ti, ci, ptype)
    hit = tab.pairs.get(key)
    if hit is not None:
        return hit
    path = tab.path(ti, ci)
    up, down = path if path is not None else (("X",), ("X",))
    hops = len(up) + len(down)
    up_s = "/".join(up[:MAX_HOPS])
    down_4 = "/".join(down[:MAX_HOPS])
    full = up_s + ">" + down_4 if hops <= 2 * MAX_HOPS else "long"
    down_s = down_4 if len(down) <= MAX_HOPS else "long"
    pos = "V" if tab.tag[ti].startswith("VB") else "N"
    if hops <= 2 * MAX_HOPS:
        shape = "/".join(map(_dep_part, up[:MAX_HOPS])) + ">" + "/".join(map(_dep_part, down[:MAX_HOPS]))
    else:
        shape = "long"
    side = "L" if ci < ti else "R"
    head_i, facts = tab.facts(ci)
    f = [
        "bias", f"path={full}", f"down={down_s}", f"up={up_s}",
        f"tp={ptype}|{full}", f"pos={pos}|{full}", f"lem={lem}|{down_s}", f"hops={min(hops, 8)}",
        f"side={side}", f"dist={_dist(abs(ci - ti))}", f"tp={ptype}|side={side}",
        f"shape={shape}", *facts,
    ]
    if not _ADJUNCT_LABELS.isdisjoint(down):
        f.append("adjunct")
    if not CLAUSE_DEPS.isdisjoint(down):
        f.append("clause_down")
    if not CLAUSE_DEPS.isdisjoint(up):
        f.append("clause_up")
    if "person" in facts:
        f.append(f"person|{down_s}")
    if path is None:
        f.append("other_tree")
    elif not up:
        f.append("in_subtree")
    out = tab.pairs[key] = (tuple(f), full, head_i)
    return out


@dataclass(frozen=True)
class Known:
    """Token indices of one sentence inside known actor mentions and inside place names that are
    not actors (cities, regions)."""

    actors: frozenset[int] = frozenset()
    places: frozenset[int] = frozenset()
    groups: frozenset[int] = frozenset()  # inside a mention of an organisation or a person (not a state or metonym)


def _features(tab: DocTable, ti: int, ptype: str, ci: int, rule: int | None, known: Known) -> list[str]:
    base, extra, place = _split_features(tab, ti, ptype, ci, rule, known)
    if place:
        base = tuple([x for x in base if x != "person" and not x.startswith("person|")])  # a town's name is not a party
    return [*base, *extra]


def _split_features(tab: DocTable, ti: int, ptype: str, ci: int, rule: int | None,
                    known: Known) -> tuple[tuple[str, ...], list[str], bool]:
    """`_features` in two parts: the pair's cached features (`_pair_features`), the features that
    depend on the known tokens and the rules' choice, and whether the candidate is a place (whose
    person features `_features` drops from the first part)."""
    base, full, head_i = _pair_features(tab, ti, ci, ptype, tab.lemma(ti))
    place = False
    if head_i in known.actors or ci in known.actors:
        f = ["actor", f"actor|{full}"]
    elif head_i in known.places or ci in known.places:
        place = True
        f = ["place", f"place|{full}"]
    else:
        f = []
    if rule is None:
        f.append("rule_none")
    elif ci == rule:
        f += ["rule", f"rule|{ptype}"]
    return base, f, place


def features(trig: Token, entry: Any, cand: Token, rule: Token | None, known: Known) -> list[str]:
    """Features of `cand` as the argument of `trig` (`rule`: the rules' choice for this role); no
    feature repeats."""
    ptype = getattr(entry, "plover", None) or "?"
    return _features(table(trig.doc), trig.i, ptype, cand.i, rule.i if rule is not None else None, known)


def _tokens_in(doc: Doc, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    starts = table(doc).idx
    out: set[int] = set()
    for a, b in spans:
        out.update(range(bisect_left(starts, a), bisect_left(starts, b)))
    return frozenset(out)


def known_tokens(doc: Doc, mentions: Iterable[Any], offset: int, places: Iterable[Any] = ()) -> Known:
    """The `Known` tokens of `doc`: `mentions` are actor mentions in article offsets (the doc starts at
    `offset`), `places` place mentions in the doc's own offsets (`geo.places.find_places`); a country
    is an actor, not a place."""
    actors = _tokens_in(doc, ((m.start - offset, m.end - offset) for m in mentions
                              if getattr(m, "code", None) or getattr(m, "sector", None)))
    where = _tokens_in(doc, ((p.start, p.end) for p in places if getattr(p.place, "kind", None) != "country"))
    groups = _tokens_in(doc, ((m.start - offset, m.end - offset) for m in mentions
                              if getattr(m, "kind", None) in ("org", "person")))
    return Known(actors, where - actors, groups)


def rechoose(doc: Doc, cands: list[Any], source_model: Any, target_model: Any, known: Callable[[], Known]) -> list[Any]:
    """`extract.Candidate`s with the source, then the target, rechosen by the learned models (either
    may be None: the rules' answer stays). `known` is called once, and only when there is a candidate."""
    if not cands or (source_model is None and target_model is None):
        return cands
    facts = known()
    out = []
    for c in cands:
        src, tgt = c.source, c.target
        if source_model is not None:
            src = source_model.pick(doc, c.trigger, c.entry, tgt, src, facts)
        if target_model is not None:
            tgt = target_model.pick(doc, c.trigger, c.entry, src, tgt, facts)
        out.append(c if src is c.source and tgt is c.target else replace(c, source=src, target=tgt))
    return out


def _own_of_party(trig: Token, rule: Token, known: Known) -> bool:
    """The rules' target is a party in the event noun's own "of" phrase ("the killing of a commander"; not "the
    release of $1.2 billion")."""
    return trig.tag_.startswith("NN") and rule.dep_ == "pobj" and rule.head.lower_ == "of" \
        and rule.head.head.i == trig.i and (personish(rule) or rule.i in known.actors)


def _named_on(trig: Token, rule: Token) -> bool:
    """Whether the rules' source is a name or demonym modifying the event noun itself ("a Russian patrol",
    "a US raid"): not a noun-phrase head, so never a candidate the model scores."""
    return trig.tag_.startswith("NN") and rule.head.i == trig.i and rule.dep_ in ("amod", "compound", "nmod")


def decide(cands: Sequence[Any], p: np.ndarray, rule: Any, threshold: float, threshold_none: float, margin: float) -> Any:
    """The chosen candidate (or None) given the model's probabilities `p` and the rules' choice `rule`
    (one of `cands`, or None)."""
    best = int(np.argmax(p))
    if rule is None:
        return cands[best] if p[best] >= threshold_none else None
    r = next((k for k, c in enumerate(cands) if c.i == rule.i), None)
    if r is not None and best != r and p[best] - p[r] < margin:
        return rule
    return cands[best] if p[best] >= threshold else None


@dataclass
class RoleModel:
    """A logistic model over (trigger, candidate) features for one role; `pick` is what the coder calls."""

    linear: LinearModel
    role: str = "target"
    threshold: float = DEFAULT_THRESHOLD
    threshold_none: float = NONE_THRESHOLD  # when the rules found none
    margin: float = MARGIN

    @property
    def meta(self) -> dict[str, Any]:
        return self.linear.meta or {}

    @cached_property
    def _weights(self) -> tuple[dict[str, float], float, float]:
        """Per feature, its weight toward YES against NO; the bias; the temperature (binary softmax)."""
        lin = self.linear
        y, n = lin.classes.index(YES), lin.classes.index(NO)
        delta = lin.W[:, y].astype(np.float64) - lin.W[:, n].astype(np.float64)
        words = sorted(lin.vocab, key=lin.vocab.__getitem__)
        return dict(zip(words, delta.tolist())), float(lin.b[y] - lin.b[n]), float(lin.temperature)

    def scores(self, rows: Sequence[list[str]]) -> np.ndarray:
        """P(YES) of each row (features without repeats): the softmax of `LinearModel.predict_proba`,
        summed in Python (a handful of rows per call, where numpy's set-up would cost more)."""
        w, b, temp = self._weights
        z = np.array([b + sum(map(w.get, r, repeat(0.0))) for r in rows], dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-z / temp))

    def pick(self, doc: Doc, trig: Token, entry: Any, other: Token | None, rule: Token | None,
             known: Known) -> Token | None:
        """The argument of `trig` for this role: `other` is the other role's head, `rule` the rules' choice."""
        cands = candidates(doc, trig, entry, other, self.role)
        not_whom = None  # a protest's or demand's target the model may not choose (the next one is no better)
        if self.role == "source":
            # a town or region named as where it happened is not who did it ("in Recife, Pernambuco, a group of
            # people gathered ... in support of Bolsonaro", "east of Yar Maung Bridge, ..., the military and AA
            # clashed"); a capital standing for its government is an actor. (PLV labels such places as targets:
            # "declared a ceasefire in Tripoli")
            cands = [c for c in cands if not _named_place_in_locative(c, known)]
        elif self.role == "target" and getattr(entry, "plover", None) in _PROTEST_OR_REQUEST:
            # "protested in Multan city", "held a protest in Fier, demanding ...": where the protest or the demand was
            # made, not whom it was against or asked of (ConfliBERT labels "sought refuge in Bangladesh" as asked of
            # Bangladesh: kept); nor is a name inside the protesters' own phrase ("activists of Socialist Party took
            # out a procession"). A demand is of whom it is next likeliest of ("demanded a moratorium on leasing");
            # where the model would choose such a word for a protest there is no target (the next likeliest word
            # is no better: "protested in Kolimigundla town ... amidst the lockdown")
            protest = entry.plover == "PROTEST"
            not_whom = {c.i for c in cands if _where_or_whose(c, trig, other, known, protest)}
            if not protest:
                cands = [c for c in cands if c.i not in not_whom]
            if rule is not None and rule.i in not_whom:
                rule = None
        elif getattr(entry, "plover", None) in _FORCE and rule is None:
            # "observed 12 explosions near Zrybnivka": a name after "near", "outside", "around", ... says where, never
            # whom it was done to, even when the gazetteer does not know it
            cands = [c for c in cands if not (where_only(c) and (c.i in known.places or c.tag_ in ("NNP", "NNPS")))]
        elif rule is not None and getattr(entry, "plover", None) in _FORCE \
                and (rule.i in known.actors or personish(rule)):
            # "detained a villager in Rakhine State": a place that says where the party forced is, is not the party
            # (PLV's target of aid "deployed election observers in Zimbabwe" is the place)
            # nor is a place said to be where the act happened ("attacked an army post in Kunduz, killing 3 soldiers")
            cands = [c for c in cands if c.i == rule.i or not (_place_of(c, rule, known)
                                                               or _named_place_in_locative(c, known))]
        if not cands:
            return rule
        if self.role == "source" and rule is not None:
            by = participle_by(trig) if trig.tag_.startswith("NN") else None
            if by is not None and by.left_edge.i <= rule.i <= by.right_edge.i:
                return rule  # the doer the text names ("shells fired by LNA forces"): not the model's to revise
            if rule.dep_ == "compound":
                doer = compound_doer(rule.head)
            else:
                doer = led_by(trig) if trig.tag_.startswith("NN") else None
            if doer is not None and doer.i == rule.i:
                return rule  # "A gendarme shot and killed ...", "a Saudi-led strike": a doer the model never saw
            side = between_parties(trig)[0] if trig.tag_.startswith("NN") else None
            if side is not None and side.i == rule.i:
                return rule  # "a clash ensued between Indian nationals and Nepal police": the first side named
            kept = kept_from(trig) if trig.tag_.startswith("VB") else None
            if kept is not None and kept.i == rule.i:
                return rule  # "prevented the rebels from attacking the town": the rebels, not who kept them
        if self.role == "target" and rule is not None and trig.tag_.startswith("VB"):
            party = permitted(trig)
            if party is not None and party.i == rule.i:
                return rule  # "agreed to allow the return of UN workers": whom the permission is for
        if self.role == "target" and rule is not None and trig.tag_.startswith("NN"):
            side = between_parties(trig)[1]
            if side is not None and side.i == rule.i:
                return rule  # the other side of a clash "between" two
        tab, ptype, ri = table(doc), getattr(entry, "plover", None) or "?", rule.i if rule is not None else None
        p = self._pair_scores(tab, trig.i, ptype, [c.i for c in cands], ri, known)
        choice = decide(cands, p, rule, self.threshold, self.threshold_none, self.margin)
        if self.role == "source" and rule is not None and _named_on(trig, rule) and (choice is None or (
                (rule.dep_ == "amod" and rule.text[:1].isupper() or rule.i in known.groups)
                and not trig.left_edge.i <= choice.i <= trig.right_edge.i)):
            # "a Russian patrol took place", "a US raid": the doer named on the act, no phrase of its own; a
            # demonym on it stands against a party outside the act's phrase ("the world is anticipating an
            # Iranian attack"), as does the name of a known group or person ("officials are anticipating a Hezbollah
            # attack"; not a state or a seat of power: "Iran sanctions", "a White House meeting")
            return rule
        if self.role == "target" and rule is not None and choice is not None and _own_of_party(trig, rule, known) \
                and not trig.left_edge.i <= choice.i <= trig.right_edge.i:
            # "in response to the killing of a Hezbollah commander": the act's own "of" party stands against one
            # outside its phrase (the model had chosen "Israel", the target of the attack anticipated before it)
            return rule
        if not_whom and choice is not None and choice.i in not_whom:
            return None
        return choice

    def _pair_scores(self, tab: DocTable, ti: int, ptype: str, cis: list[int], rule: int | None,
                     known: Known) -> np.ndarray:
        """`scores` of the `_features` rows of candidates `cis`, the same floats: the rows are summed
        left to right, so the sum of a row's cached first part (`_pair_features`, kept per sentence
        and model) is the running sum the rest of the row continues from."""
        w, b, temp = self._weights
        memo = tab.memo.get(("role_sums", id(self)))
        if memo is None or memo[0] is not self:
            memo = tab.memo[("role_sums", id(self))] = (self, {})
        sums = memo[1]
        get = w.get
        z = []
        for ci in cis:
            base, extra, place = _split_features(tab, ti, ptype, ci, rule, known)
            if place:  # the first part without its person features: summed anew
                s = sum(map(get, _features(tab, ti, ptype, ci, rule, known), repeat(0.0)))
            else:
                key = (ti, ci, ptype)
                s = sums.get(key)
                if s is None:
                    s = sums[key] = sum(map(get, base, repeat(0.0)))
                for x in extra:
                    s += get(x, 0.0)
            z.append(b + s)
        return 1.0 / (1.0 + np.exp(-np.array(z, dtype=np.float64) / temp))

    @classmethod
    def load(cls, path: Path, role: str) -> RoleModel:
        """Load a model file for `role`; InputError naming the path when it is missing, unreadable or
        not a model of that role."""
        linear = load_checked(path, f"a {role} model", "scripts/train_role_models.py", role)
        meta = linear.meta or {}
        if sorted(linear.classes) != sorted([YES, NO]):
            raise InputError(str(path), f"not a {role} model (classes {linear.classes}, expected {[YES, NO]})")
        return cls(linear, role, float(meta.get("threshold", DEFAULT_THRESHOLD)),
                   float(meta.get("threshold_none", NONE_THRESHOLD)), float(meta.get("margin", MARGIN)))

    def save(self, path: Path) -> None:
        self.linear.meta = {**(self.linear.meta or {}), "threshold": self.threshold,
                            "threshold_none": self.threshold_none, "margin": self.margin}
        self.linear.save(path)


@dataclass
class Observed:
    """One trigger the coder met: its sentence, the rules' arguments, its candidates' phrase spans
    and features (spans in doc offsets)."""

    item: str
    text: str  # the sentence the doc was parsed from
    other_span: tuple[int, int] | None  # the other role's phrase
    rule_span: tuple[int, int] | None  # the rules' choice for this role
    cand_spans: list[tuple[int, int]]
    rows: list[list[str]]


def _span(tok: Token | None) -> tuple[int, int] | None:
    return phrase_span(content_head(tok) or tok) if tok is not None else None


@dataclass
class Recorder:
    """Stands in for a RoleModel while training data is gathered: keeps the rules' answer and
    records every trigger's candidates (set `item` before coding each text)."""

    role: str
    item: str = ""
    seen: list[Observed] = field(default_factory=list)

    def pick(self, doc: Doc, trig: Token, entry: Any, other: Token | None, rule: Token | None,
             known: Known) -> Token | None:
        cands = candidates(doc, trig, entry, other, self.role)
        self.seen.append(Observed(
            self.item, doc.text, _span(other), _span(rule), [_span(c) for c in cands],  # type: ignore[misc]
            [features(trig, entry, c, rule, known) for c in cands],
        ))
        return rule
