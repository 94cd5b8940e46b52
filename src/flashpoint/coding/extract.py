"""Candidate events in a parsed sentence: lexicon triggers and their source and target heads."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flashpoint.coding.contest import in_contest
from flashpoint.coding.forecast import is_forecast
from flashpoint.coding.role_model import table
from flashpoint.coding.roles import TRANSFER_VERBS, is_time, noun_args, personish, verb_args, verb_subject
from flashpoint.coding.senses import other_sense
from flashpoint.nlp.parse import lemma, lemma_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from flashpoint.coding.lexicon import Lexicon

_ADV_PARTICLES = {"down", "out", "up", "off", "back", "away", "over", "in"}
SKIP_DEPS = {"aux", "auxpass", "compound", "amod", "nmod", "npadvmod"}
QUANTITY_NOUNS = frozenset({
    "ton", "tonne", "kilogram", "kg", "pound", "litre", "liter", "gallon", "barrel", "worth", "amount", "number",
    "shipment", "consignment", "batch", "load", "truckload", "lot", "package", "dose", "unit", "box", "bag",
    "container", "carton", "crate", "thousand", "million", "billion", "hundred", "dozen",
    "all", "some", "most", "part", "much", "many", "both", "several", "each", "rest",  # "closed all of its entrances"
})


@dataclass(frozen=True)
class Candidate:
    trigger: Token
    entry: Any  # flashpoint.coding.lexicon.TriggerEntry
    source: Token | None
    target: Token | None


# verbs that give a reason or source, not a purpose, in an adverbial clause ("..., claiming that ...")
REPORTING_VERBS = frozenset({
    "claim", "say", "allege", "argue", "insist", "state", "add", "note", "assert", "contend", "maintain",
    "cite", "explain", "describe",
})


def _conditions(t: Token) -> tuple[set[str], set[str]]:
    children = list(t.children)  # read once (spaCy builds them anew on every pass)
    particles = {c.lower_ for c in children if c.dep_ in ("prt", "prep", "agent")}
    particles |= {c.lower_ for c in children if c.dep_ == "advmod" and c.lower_ in _ADV_PARTICLES}
    for c in children:  # "pulled out of the city": "of" hangs from "out"
        if c.dep_ in ("prt", "advmod", "prep"):
            particles |= {g.lower_ for g in c.children if g.dep_ == "prep"}
    objects = {lemma(c) for c in children if c.dep_ in ("dobj", "attr", "compound", "amod", "nsubjpass", "dative", "oprd")}
    objects |= {lemma(c) for c in children if c.dep_ == "ccomp" and c.tag_ == "JJ"}  # "found X guilty": a small clause
    for c in children:
        if c.dep_ in ("prep", "agent"):
            objects |= {lemma(g) for g in c.children if g.dep_ == "pobj"}
        if c.dep_ == "dobj":  # "launch an air strike": the object's compounds count too
            objects |= {lemma(g) for g in c.children if g.dep_ in ("compound", "amod")}
            if lemma(c) in QUANTITY_NOUNS:  # "flew 13 metric tons of medicine": what the quantity is of
                objects |= {lemma(x) for g in c.children if g.dep_ == "prep" and g.lower_ == "of"
                            for x in g.children if x.dep_ == "pobj"}
    for c in children:  # "vowed to respond": the controlled verb and its "to"
        if c.dep_ == "xcomp":
            objects.add(lemma(c))
            particles |= {g.lower_ for g in c.children if g.dep_ == "aux" and g.lower_ == "to"}
        elif c.dep_ == "ccomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            objects.add(lemma(c))  # "allowed journalists to visit": the infinitive the parser made a clause
        elif c.dep_ == "advcl" and c.tag_ in ("VB", "VBG") and lemma(c) not in REPORTING_VERBS:
            # a purpose or manner clause: "gathered in the square to demand ...", "blocked the road,
            # demanding ..." (what the act is for is part of what it is; its "to" is no particle) — not a
            # reason given ("rejected the results, claiming fraud" rejects the results, not a claim)
            objects.add(lemma(c))
        elif c.dep_ in ("acl", "relcl") and t.tag_.startswith("NN"):
            # a noun's infinitive or participle modifier: "a motorcade to demand ...", "shots involving
            # small arms", "rockets fired from mortars"
            if any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
                objects.add(lemma(c))
            if c.dep_ == "relcl":
                continue
            for g in c.children:
                if g.dep_ == "dobj":
                    objects.add(lemma(g))
                elif g.dep_ in ("prep", "agent"):
                    objects |= {lemma(x) for x in g.children if x.dep_ == "pobj"}
    if t.dep_ == "compound":
        objects.add(lemma(t.head))
    elif t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.tag_.startswith("NN"):
        objects.add(lemma(t.head.head))  # "a cessation of hostilities": what the noun is named in
    return particles, objects


def trigger_entry(t: Token, lexicon: Lexicon) -> Any | None:
    pos = _trigger_pos(t.tag_)
    if pos is None:
        return None
    lem = lemma(t)
    if not lexicon.entries_for(lem, pos):
        return None
    particles, objects = _conditions(t)
    entry = lexicon.best(lem, pos, particles, objects)
    return entry if entry is not None and entry.plover is not None else None


def _trigger_pos(tag: str) -> str | None:
    """The lexicon part of speech `trigger_entry` looks a tag up as (None: no trigger)."""
    if tag.startswith("VB"):
        return "VERB"
    if tag.startswith("NN") and tag not in ("NNP", "NNPS"):
        return "NOUN"
    return None


_TRIGGER_POS: dict[str, str | None] = {}  # tag -> _trigger_pos(tag)


def _maybe_trigger(tag: str, lower: str, lexicon: Lexicon) -> bool:
    """`trigger_entry`'s first tests from a token's tag and lower-case form: a verb or common noun
    whose lemma has lexicon entries (the rest of `trigger_entry` needs the Token)."""
    pos = _TRIGGER_POS.get(tag, "")
    if pos == "":
        pos = _TRIGGER_POS[tag] = _trigger_pos(tag)
    return pos is not None and bool(lexicon.entries_for(lemma_of(lower, tag), pos))


# per lexicon (immutable), `_maybe_trigger` of each (tag, lower-case form) seen: one dict lookup a token
_MAYBE: weakref.WeakKeyDictionary[Lexicon, dict[tuple[str, str], bool]] = weakref.WeakKeyDictionary()


def _maybe_table(lexicon: Lexicon) -> dict[tuple[str, str], bool]:
    table_ = _MAYBE.get(lexicon)
    if table_ is None or len(table_) > 200_000:
        table_ = _MAYBE[lexicon] = {}
    return table_


def find_candidates(doc: Doc, lexicon: Lexicon) -> list[Candidate]:
    """Triggers the lexicon knows, with the dependency rules' argument heads, in token order
    (`role_model.rechoose` then lets the learned assigners revise the arguments)."""
    tab = table(doc)  # tags, labels and lower-case forms read once (the rechoosing reads the same table)
    out: list[Candidate] = []
    covered: set[int] = set()  # nouns already taken as the object of a light-verb trigger
    maybe = _maybe_table(lexicon)
    for i, (tag, dep, lower) in enumerate(zip(tab.tag, tab.dep, tab.lower)):
        if dep in ("aux", "auxpass") or i in covered:
            continue
        hit = maybe.get((tag, lower))
        if hit is None:
            hit = maybe[(tag, lower)] = _maybe_trigger(tag, lower, lexicon)
        if not hit:
            continue
        t = doc[i]
        entry = trigger_entry(t, lexicon) or _returned_thing(t, lexicon)
        if entry is None:
            continue
        if entry.plover in ("ASSAULT", "COERCE") and _ceased(t):
            continue  # "urged both sides to stop fighting", "to prevent attacks": the act is not done
        if entry.plover in ("ASSAULT", "PROTEST") and (
                in_contest(t, entry.plover) or other_sense(t, entry.plover)):
            continue  # "beat Travis to the prize", "Bartlett's strike", "pounds 200", "demonstrated why": no act
        if entry.plover == "THREATEN" and is_forecast(t):
            continue  # "warned that its profits may decline": a forecast, no threat
        if t.tag_ in ("VBN", "JJ") and t.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "conj") \
                and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
            continue  # "visiting the wounded", "the detained were freed": the people, not an act
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in ("weapon", "weapons"):
            continue  # "weapons of mass destruction": a kind of weapon, not an act
        if t.tag_.startswith("VB"):
            src, tgt = verb_args(t)
            if (tgt is None or not personish(tgt)) and lemma(t) in TRANSFER_VERBS:
                tgt = _recipient_in_object(t) or tgt
            if entry.objects:
                for c in t.children:
                    if c.dep_ in ("dobj", "nsubjpass") and lemma(c) in entry.objects:
                        covered.add(c.i)
                        for cc in c.children:  # "carried out an attack on X": target from the noun
                            if cc.dep_ == "prep" and cc.lower_ in ("on", "against", "with", "to", "into", "over") and (tgt is None or tgt == c or not personish(tgt)):
                                tgt = next((g for g in cc.children if g.dep_ == "pobj"), tgt)
                if tgt is not None and lemma(tgt) in entry.objects and (lexicon.entries_for(lemma(tgt), "NOUN") or not personish(tgt)):
                    # "launched an attack", "took control": the object is part of the event, not its target
                    # ("freed prisoners" keeps them)
                    tgt = None
                    if src is not None:  # "Ukraine and Poland signed an agreement"
                        tgt = next((c for c in src.children if c.dep_ == "conj"), None)
        else:
            if t.dep_ in ("compound",) and t.head.tag_.startswith("NN"):
                continue  # "peace talks": the head noun carries it
            if t.dep_ == "nsubjpass" and _part_of_verb_trigger(t, entry, lexicon):
                continue  # "protests were held": the light verb's event, stated once
            src, tgt = noun_args(t)
        out.append(Candidate(t, entry, src, tgt))
    return out


# verbs whose complement is an act that stops or does not happen ("stop fighting", "prevent attacks")
CEASE_VERBS = frozenset({"stop", "cease", "halt", "end", "prevent", "avoid", "refrain", "desist", "abstain"})


def _ceased(t: Token) -> bool:
    """An act named as what is stopped or prevented: the complement of a ceasing verb ("to stop fighting",
    "halt the shelling", "refrain from attacks"). The ceasing verb carries its own reading where the lexicon
    has one ("end the fighting": a de-escalation, which takes its object as part of it)."""
    head = t.head
    if t.dep_ == "pobj" and head.lower_ == "from":
        head = head.head
    elif t.dep_ not in ("xcomp", "dobj", "pcomp"):
        return False
    return head.i != t.i and head.tag_.startswith("VB") and lemma(head) in CEASE_VERBS


def _part_of_verb_trigger(noun: Token, noun_entry: Any, lexicon: Lexicon) -> bool:
    """The noun is the object that makes its verb a trigger of the same event type ("protests were held", "an
    attack was launched"); not "demands were met" (meeting a demand is not demanding)."""
    verb = noun.head
    if not verb.tag_.startswith("VB"):
        return False
    entry = trigger_entry(verb, lexicon)
    return (entry is not None and entry.plover == noun_entry.plover and bool(entry.objects)
            and lemma(noun) in entry.objects)


def _returned_thing(t: Token, lexicon: Lexicon) -> Any | None:
    """"returned a portrait to its owner", "a bookmark was returned by US officials to Spanish authorities":
    giving a thing back to a party is returning property (CAMEO 0842) whatever the thing, where the lexicon
    knows no reading of the verb with that object. None for anything else ("returned to Kabul", "returned
    the prisoners": the lexicon's own readings)."""
    if t.tag_[:2] != "VB" or lemma(t) != "return":
        return None
    thing = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if thing is None or personish(thing) or is_time(thing):
        return None
    if not any(c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ == "pobj" for g in c.children) for c in t.children) \
            and _recipient_in_object(t) is None:
        return None
    return lexicon.best("return", "VERB", (), ("property",))


def _recipient_in_object(verb: Token) -> Token | None:
    """The party of the last "to" phrase inside a giving verb's object (dobj or passive subject) when the
    verb itself has none, where the parser hung it in a long object ("returned a silver pendant engraved
    with the image of Peter the Great to Russian authorities", "returned 12 human skulls that date back to
    A.D. 640-890 to Peru"): a name or a role word ("to Russian authorities", "to its owner"), not a place
    noun or a thing ("to the image", "to 2010")."""
    if any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children):
        return None
    thing = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if thing is None:
        return None
    found = None
    for tok in thing.subtree:
        if tok.dep_ == "prep" and tok.lower_ == "to":
            obj = next((g for g in tok.children if g.dep_ == "pobj"), None)
            if obj is not None and personish(obj) and not is_time(obj):
                found = obj
    return found


# "Russia says Israel must end attacks": saying that a party must (should) act demands it of that party
OBLIGATION_MODALS = frozenset({"must", "should"})
SAYING_VERBS = frozenset({
    "say", "tell", "insist", "state", "stress", "declare", "add", "reiterate", "argue", "assert", "maintain",
    "write", "tweet", "emphasise", "emphasize", "underline",
})


def _said_of(clause: Token, saying: frozenset[str], pronoun: bool) -> tuple[Token, Token] | None:
    """(speaker, party) where `clause` is what a party says of another party ("Russia says Israel must end
    ...", "Israel said Hezbollah was behind ..."): the clause is the complement of a saying verb that is not
    negated, the speaker is that verb's subject in the active voice, and both are parties (the one spoken
    of a pronoun only where `pronoun`)."""
    say = clause.head
    if clause.dep_ != "ccomp" or lemma(say) not in saying or any(c.dep_ == "neg" for c in say.children):
        return None
    party = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    speaker, passive = verb_subject(say)
    if party is None or speaker is None or passive or not (personish(party) and personish(speaker)):
        return None
    return None if not pronoun and party.tag_ == "PRP" else (speaker, party)


def _speech_acts(doc: Doc, lexicon: Lexicon, clause_of: Any, saying: frozenset[str], reading: str,
                 pronoun: bool) -> list[Candidate]:
    """Candidates for the words whose clause (`clause_of(table, doc, i)`, or None) a party says of another
    party (`_said_of`), read as the lexicon's `reading` verb; the word is the trigger."""
    entry = None
    out: list[Candidate] = []
    tab = table(doc)  # the sentence's tags, labels and forms, read from spaCy once (shared with find_candidates)
    for i in range(len(tab.lower)):
        clause = clause_of(tab, doc, i)
        said = _said_of(clause, saying, pronoun) if clause is not None else None
        if said is None:
            continue
        entry = entry or lexicon.best(reading, "VERB")
        if entry is None:
            return out
        out.append(Candidate(doc[i], entry, *said))
    return out


def _obligation_clause(tab: Any, doc: Doc, i: int) -> Token | None:
    if tab.tag[i] != "MD" or tab.dep[i] != "aux" or tab.lower[i] not in OBLIGATION_MODALS:
        return None
    verb = doc[i].head
    return verb if verb.tag_.startswith("VB") else None


def modal_demands(doc: Doc, lexicon: Lexicon) -> list[Candidate]:
    """Demands made by saying that a party must act: "Russia says Israel must end attacks on Syria" is
    Russia's demand (CAMEO 10, PLOVER REQUEST) of Israel, the modal its trigger. Only a party speaking of a
    party in the active voice: "EU says military intervention must be avoided" and "analysts said prices
    should rise" demand nothing of anyone; neither does a speaker who does not say it ("did not say")."""
    return _speech_acts(doc, lexicon, _obligation_clause, SAYING_VERBS, "demand", pronoun=True)


# "the Afghan government said Taliban militants were responsible": saying that a party is to blame accuses it
BLAME_WORDS = frozenset({"responsible", "behind", "guilty", "culpable"})
_CLAIMING_VERBS = SAYING_VERBS | {"claim", "allege", "believe", "suspect", "conclude", "find", "announce"}


def _blame_clause(tab: Any, doc: Doc, i: int) -> Token | None:
    if tab.lower[i] not in BLAME_WORDS or tab.dep[i] not in ("acomp", "prep"):
        return None
    be = doc[i].head
    return be if lemma(be) == "be" and not any(c.dep_ == "neg" for c in be.children) else None


def blame_claims(doc: Doc, lexicon: Lexicon) -> list[Candidate]:
    """Accusations made by saying that a party is responsible for, behind or guilty of an act: "the Afghan
    government said Taliban militants were responsible" is the government's accusation (CAMEO 112, PLOVER
    ACCUSE) of the militants, the blame word its trigger. Only a party speaking of another party named by a
    noun ("IS said it was responsible" claims the act; its "it" is not read here), not negated ("did not say",
    "was not behind"), not in the passive."""
    return _speech_acts(doc, lexicon, _blame_clause, _CLAIMING_VERBS, "blame", pronoun=False)
