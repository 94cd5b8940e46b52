"""Modality (fact, claim, denial, negation, future, hypothetical) and attribution of a trigger.

Rules over the dependency parse of the sentence, in this order of precedence:
negated > denied > hypothetical > future > claimed > asserted.
The attribution (who says it) is found independently of the modality: the subject of the
nearest reporting verb above the trigger, or an "according to X" phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashpoint.coding.roles import INQUIRIES, inquired_into
from flashpoint.nlp.parse import lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

REPORTING = {
    "say", "tell", "claim", "allege", "report", "state", "add", "insist", "assert", "announce",
    "confirm", "write", "tweet", "post", "note", "argue", "suggest", "believe", "maintain",
    "contend", "reveal", "disclose", "explain", "acknowledge", "admit", "quote", "cite",
}
DENIAL = {"deny", "refute"}
FUTURE_HEADS = {
    "plan", "intend", "threaten", "vow", "pledge", "promise", "expect", "prepare", "aim", "seek",
    "want", "hope", "decide", "anticipate", "fear", "await", "warn", "consider", "mull", "weigh",
    "propose", "schedule", "set", "agree", "offer", "try", "attempt", "wish", "need", "urge", "ask",
    "call", "demand", "request", "prefer", "predict", "forecast", "foresee",
}
FUTURE_MODIFIERS = {
    "planned", "expected", "possible", "potential", "imminent", "anticipated", "looming", "upcoming",
    "future", "proposed", "prospective", "likely", "feared", "impending", "threatened", "next",
}
# verbs of beginning, going on or succeeding: what their infinitive says is done when they are
ASPECTUAL = {"begin", "start", "proceed", "continue", "resume", "commence", "manage", "keep"}
# what a done act can voice: "blocked the road to demand fuel", "marched to protest against the delays",
# "summoned the ambassador to protest the strike": the act is how the demand or protest is made, so the demand is
# made when the act is done (an aim such as "fired tear gas to disperse the crowd" is only an aim)
VOICED = {
    "demand", "protest", "denounce", "condemn", "decry", "criticize", "criticise", "complain", "ask", "call",
    "express", "voice", "demonstrate", "honour", "honor", "commemorate", "mourn", "reject", "oppose", "press",
    "urge", "appeal", "petition", "claim", "show", "mark", "remember", "salute", "celebrate",
}
# the acts named by a noun whose infinitive says what they voiced: "staged a demonstration to demand better care"
ASSEMBLIES = {
    "demonstration", "protest", "rally", "march", "strike", "gathering", "vigil", "motorcade", "procession",
    "picket", "meeting", "letter", "statement", "petition", "caravan",
}
HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
PREVENT = {"prevent", "stop", "avert", "avoid", "refrain", "deter", "block"}
# what a state of affairs hangs on: "peace is contingent on Israel being prevented from attacking"
CONDITION_WORDS = {"contingent", "conditional", "dependent", "depend", "hinge", "conditioned"}
NEG_DETS = {"no", "never", "neither", "nor"}
ANONYMOUS_HEADS = {
    "source", "sources", "commander", "official", "officials", "spokesman", "spokeswoman",
    "spokesperson", "diplomat", "diplomats", "insider", "aide", "aides", "member", "members",
    "witness", "witnesses", "resident", "residents", "person", "people", "analyst", "observer",
    "officer", "officers",
}


@dataclass(frozen=True, slots=True)
class Reading:
    modality: str
    reporter: Token | None  # head of the attributing phrase, if any
    reporter_verb: Token | None


def _ancestors_until_clause(tok: Token) -> list[Token]:
    out = []
    cur = tok
    for _ in range(12):
        if cur.head.i == cur.i:
            break
        out.append(cur.head)
        cur = cur.head
    return out


def _is_negated(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ == "det" and c.lower_ in NEG_DETS:
            return True
    # "failed to attack", "did not manage to"
    head = tok.head
    if tok.dep_ == "xcomp" and lemma(head) in {"fail", "refuse", "decline"}:
        return True
    if tok.dep_ in ("xcomp", "ccomp") and any(c.dep_ == "neg" for c in head.children) and lemma(head) in {
        "manage", "try", "be", "do", "have"
    }:
        return True
    return False


def _aux(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def _verb_of(tok: Token) -> Token:
    """The verb whose subject or object a noun trigger is ("the attack will begin"), or the trigger."""
    if tok.tag_.startswith("VB"):
        return tok
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and tok.head.tag_.startswith("VB"):
        return tok.head
    return tok


def _past_froms(prep: Token) -> Token:
    """What a "from" phrase hangs on, past a doubled "from" ("being prevented from from attacking")."""
    head = prep.head
    while head.lower_ == "from" and head.dep_ == "prep" and head.head.i != head.i:
        head = head.head
    return head


def read_modality(trigger: Token) -> Reading:
    """Modality of the event whose trigger is `trigger`, plus its reporting source (read once per
    trigger: the coder asks for each of its events and again for the relation classifier's features)."""
    from flashpoint.coding.role_model import table  # noqa: PLC0415 - the sentence's per-sentence memo

    readings: dict[int, Reading] = table(trigger.doc).memo.setdefault("modality", {})
    out = readings.get(trigger.i)
    if out is None:
        out = readings[trigger.i] = _read_modality(trigger)
    return out


def _read_modality(trigger: Token) -> Reading:
    reporter, rverb = find_reporter(trigger)
    verb = _verb_of(trigger)
    if _is_negated(trigger) or (verb.i != trigger.i and _is_negated(verb) and trigger.dep_ in ("dobj", "nsubjpass")):
        return Reading("negated", reporter, rverb)
    cur = trigger
    for anc in _ancestors_until_clause(trigger):
        lem = lemma(anc)
        # "Iran denied attacking the ship", "denied that troops had fired": the act is the content of a denial
        if lem in DENIAL and anc.tag_.startswith("VB") and cur.dep_ in ("ccomp", "xcomp", "pcomp", "dobj", "advcl"):
            return Reading("denied", reporter, rverb)
        if lem in REPORTING or cur.dep_ == "conj":
            break
        cur = anc
    # hypothetical: conditional clause or prevention ("prevented from attacking")
    cur = trigger
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in cur.children):
            return Reading("hypothetical", reporter, rverb)
        if cur.dep_ in ("pcomp", "pobj") and cur.head.lower_ == "from" and lemma(_past_froms(cur.head)) in PREVENT:
            return Reading("hypothetical", reporter, rverb)
        if lemma(cur) in CONDITION_WORDS or any(c.dep_ == "acomp" and lemma(c) in CONDITION_WORDS
                                                for c in cur.children):
            return Reading("hypothetical", reporter, rverb)
        if cur.head.i == cur.i or lemma(cur) in REPORTING:
            break
        cur = cur.head
    if not trigger.tag_.startswith("VB") and inquired_into(trigger):
        verb = trigger  # "will investigate attacks on its facilities": the inquiry is to come, the attacks were made
    aux = _aux(verb) | _aux(trigger)
    if aux & HYPOTHETICAL_AUX and not aux & FUTURE_AUX:
        return Reading("hypothetical", reporter, rverb)
    if aux & FUTURE_AUX:
        return Reading("future", reporter, rverb)
    if not trigger.tag_.startswith("VB"):
        if any(c.lower_ in FUTURE_MODIFIERS for c in trigger.children if c.dep_ in ("amod", "compound", "advmod")):
            return Reading("future", reporter, rverb)
    # governed by a verb of intention/expectation: "vowed to attack", "anticipating an attack"
    cur = trigger
    for _ in range(3):
        head = cur.head
        if head.i == cur.i:
            break
        if cur.dep_ in ("xcomp", "dobj", "ccomp", "pobj", "pcomp", "nsubjpass") and lemma(head) in FUTURE_HEADS:
            if not (cur.i == trigger.i and head.i == trigger.i):
                return Reading("future", reporter, rverb)
        if lemma(head) in REPORTING or lemma(head) in INQUIRIES:
            break
        if cur.dep_ not in ("pobj", "prep", "pcomp"):
            break
        cur = head
    if trigger.tag_ in ("VB",) and _has_to(trigger):
        served = _voiced_by(trigger)
        if served is not None:  # "gathered to demand": made as the gathering was
            done = read_modality(served)
            return Reading(done.modality, reporter or done.reporter, rverb or done.reporter_verb)
        if trigger.dep_ == "xcomp" and lemma(trigger.head) in ASPECTUAL:
            # "proceeded to beat people", "began to shell the town": done as its head says ("will begin to": future)
            return read_modality(trigger.head)
        if trigger.dep_ not in ("ROOT",) and lemma(trigger.head) not in REPORTING:
            return Reading("future", reporter, rverb)
    if trigger.dep_ == "conj" and trigger.head.i != trigger.i and not _aux(trigger):
        # "to play a role and to prevent escalation": a conjunct shares its head's modality
        head_reading = read_modality(trigger.head)
        if head_reading.modality not in ("asserted", "claimed"):
            return Reading(head_reading.modality, reporter, rverb)
    if reporter is not None:
        return Reading("claimed", reporter, rverb)
    return Reading("asserted", None, None)


def _has_to(verb: Token) -> bool:
    """The verb is an infinitive with "to" ("to demand")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _voiced_by(purpose: Token) -> Token | None:
    """The act whose purpose an infinitive of voicing is, or None: "blocked the road to demand fuel" -> blocked,
    "staged a demonstration to demand better care" -> demonstration, "protested in order to demand water" ->
    protested, "to protest against the delays and to demand ..." (a conjunct) -> as its first conjunct. Not an
    act asked of someone else ("pressured the leaders to denounce the strike") or to come ("are going to protest")."""
    if lemma(purpose) not in VOICED:
        return None
    head = purpose.head
    if purpose.dep_ == "conj":
        return _voiced_by(head) if _has_to(head) else None
    if purpose.dep_ in ("acl", "relcl"):  # "a demonstration to demand" (parsed either way)
        if head.lower_ == "order" and head.dep_ == "pobj" and head.head.lower_ == "in":  # "in order to"
            head = head.head.head
        elif lemma(head) in ASSEMBLIES:
            return head
        else:
            return None
    elif purpose.dep_ == "xcomp":
        if any(c.dep_ == "dobj" for c in head.children):
            return None
    elif purpose.dep_ != "advcl":
        return None
    if not head.tag_.startswith("VB") or lemma(head) in ("be", "have", "need", "get") or (
            lemma(head) == "go" and head.tag_ == "VBG"):
        return None
    return head


def find_reporter(trigger: Token) -> tuple[Token | None, Token | None]:
    """(head of who says it, the reporting verb) for a trigger, or (None, None)."""
    # "according to X"
    for anc in [trigger, *_ancestors_until_clause(trigger)]:
        for c in anc.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                for cc in c.children:
                    if cc.dep_ == "prep" and cc.lower_ == "to":
                        for obj in cc.children:
                            if obj.dep_ == "pobj":
                                return _owner(obj), c
    cur = trigger
    for _ in range(8):
        head = cur.head
        if head.i == cur.i:
            break
        if lemma(head) in REPORTING and head.tag_.startswith("VB") and cur.dep_ in (
            "ccomp", "xcomp", "dobj", "advcl", "parataxis", "conj"
        ):
            for c in head.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    return c, head
            for c in head.children:
                if c.dep_ == "agent":
                    for obj in c.children:
                        return obj, head
            return None, head
        cur = head
    # the trigger's clause is the parataxis / ROOT and a reporting verb hangs from it: '"...", a commander said'
    root = trigger
    for _ in range(8):
        if root.head.i == root.i:
            break
        root = root.head
    doc = trigger.doc
    for c in root.children:
        # '"The response will target Israel," a commander said': a reporting clause after a quotation
        if c.dep_ in ("parataxis", "ccomp") and lemma(c) in REPORTING and c.i > trigger.i and c.tag_ != "VBG":
            if any(t.text in _QUOTES for t in doc[trigger.i : c.i]):
                for s in c.children:
                    if s.dep_ == "nsubj":
                        return s, c
    if lemma(root) in REPORTING and root.i != trigger.i and root.tag_.startswith("VB"):
        for s in root.children:
            if s.dep_ == "nsubj":
                return s, root
    return None, None


_QUOTES = {'"', "\u201d", "\u201c", "''", "``"}


def _owner(tok: Token) -> Token:
    """"a statement from Sudani's office" -> Sudani's office; keep the noun the attribution names."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "from":
            for obj in c.children:
                if obj.dep_ == "pobj":
                    return obj
    return tok


def is_anonymous(head: Token) -> bool:
    """"a commander", "sources", "officials" with no proper name."""
    if head.lower_ not in ANONYMOUS_HEADS:
        return False
    return not any(t.tag_ in ("NNP", "NNPS") and t.dep_ in ("compound", "flat", "appos") for t in head.children)
