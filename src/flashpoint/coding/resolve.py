"""Turn argument phrases into actors: knowledge-base mentions, pronouns and anonymous sources.

`ArticleContext` follows one article sentence by sentence: it keeps the actor mentions of every
sentence (article offsets), the last person and group named (for "he", "they"), and the last
armed or political group named (the affiliation of "a commander", "sources" when the text
gives no other).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flashpoint.coding.roles import PERSON_WORDS, phrase_span
from flashpoint.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Token

PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
PRONOUNS_GROUP = {"they", "them", "their", "it", "its", "we", "our"}
AFFILIATION_SECTORS = {"REB", "MIL", "OPP", "GOV", "IGO", "NGO"}


@dataclass
class ArticleContext:
    """Actor state of one article while its sentences are coded in order."""

    finder: Any  # flashpoint.actors.match.ArticleActors
    mentions: dict[int, list[Any]] = field(default_factory=dict)  # sentence index -> mentions
    last_person: ActorRef | None = None
    last_group: ActorRef | None = None
    last_affiliation: ActorRef | None = None
    anonymous_affiliation: ActorRef | None = None  # the group the article's anonymous sources speak for
    # (last person, last group, last affiliation) as they stood before each sentence
    before: dict[int, tuple[ActorRef | None, ActorRef | None, ActorRef | None]] = field(default_factory=dict)

    def scan(self, index: int, text: str, offset: int) -> list[Any]:
        self.before[index] = (self.last_person, self.last_group, self.last_affiliation)
        found = list(self.finder.find(text, offset=offset))
        self.mentions[index] = found
        self._update(found)
        return found

    def state_at(self, index: int, position: int) -> tuple[ActorRef | None, ActorRef | None, ActorRef | None]:
        """The antecedents in force at article offset `position` of sentence `index`."""
        person, group, affil = self.before.get(index, (None, None, None))
        for m in self.mentions.get(index, []):
            if m.end > position:
                break
            ref = to_ref(m)
            if m.kind == "person":
                person = ref
            elif m.code:
                group = ref
            if m.code and m.sector in AFFILIATION_SECTORS and m.kind != "person":
                affil = ref
        return person, group, affil

    def _update(self, found: list[Any]) -> None:
        for m in found:
            ref = to_ref(m)
            if m.kind == "person":
                self.last_person = ref
            elif m.code:
                self.last_group = ref
            if m.code and m.sector in AFFILIATION_SECTORS and m.kind != "person":
                self.last_affiliation = ref


def to_ref(m: Any) -> ActorRef:
    return ActorRef(
        text=m.text, span=(m.start, m.end), name=m.name, code=m.code, country=m.country, sector=m.sector
    )


def resolve_arg(
    head: Token,
    span: tuple[int, int],
    sent_offset: int,
    article_text: str,
    mentions: list[Any],
    ctx: ArticleContext,
    sentence_index: int = -1,
) -> ActorRef:
    """The actor for an argument phrase (`span` relative to the sentence doc)."""
    a, b = span[0] + sent_offset, span[1] + sent_offset
    h0, h1 = head.idx + sent_offset, head.idx + len(head.text) + sent_offset
    best = None
    for m in mentions:  # a mention covering the head word wins, then the first inside the phrase
        if m.start <= h0 and h1 <= m.end:
            best = m
            break
    if best is not None and (best.sector or best.country):
        # "Turkish and Russian forces", "a Turkish-Russian patrol": both; the first named stands for the pair, as
        # ACLED lists them
        first = next((m for m in mentions if a <= m.start and article_text[m.end:best.start] in (" and ", " & ", "-")
                      and m.sector == best.sector and m.country and m.country != best.country), None)
        best = first or best
    if best is None:
        for m in mentions:
            if m.start >= a and m.end <= b and m.code:
                best = m
                break
    if best is not None and best.country is None and not best.code:
        # "the Ministry of Health of Ethiopia": an agent word whose country its "of" phrase names
        state = _state_of(head, span, sent_offset, article_text, mentions, ctx.finder.matcher.kb)
        if state is not None:
            return state
    if best is not None:
        ref = to_ref(best)
        # report the whole phrase when the mention is part of it ("Iraqi factions" in "pro-Iran Iraqi factions")
        if a <= best.start and best.end <= b:
            return ActorRef(article_text[a:b], (a, b), ref.name, ref.code, ref.country, ref.sector)
        return ref
    agent = _agent_of_thing(head, sent_offset, article_text, mentions) or _state_of(
        head, span, sent_offset, article_text, mentions, ctx.finder.matcher.kb)
    if agent is not None:
        return agent
    unit = _unit_of(head, sent_offset, mentions)
    if unit is not None:  # "a joint military and police team": the military's
        return ActorRef(article_text[a:b], (a, b), unit.name, unit.code, unit.country, unit.sector)
    low = head.lower_
    if low in PRONOUNS_PERSON or low in PRONOUNS_GROUP:
        person, group, _ = ctx.state_at(sentence_index, h0)
        p = person if low in PRONOUNS_PERSON else group
        if p is not None and sent_offset <= p.span[0] and p.span[1] <= h0:
            return p  # "Farc has said it will release ...": the antecedent named earlier in the sentence
        if p is not None:
            return ActorRef(article_text[h0:h1], (h0, h1), p.name, p.code, p.country, p.sector)
    return ActorRef(article_text[a:b], (a, b))


# bodies of a state (not its people: "the leader of Hamas" is no state body); their sectors are the KB's agent table's
STATE_BODIES = frozenset({"regime", "government", "administration", "ministry", "cabinet", "authorities", "junta",
                          "army", "forces", "troops", "military", "navy", "police"})


def _state_of(
    head: Token, span: tuple[int, int], sent_offset: int, article_text: str, mentions: list[Any], kb: Any,
) -> ActorRef | None:
    """A state body named by whose it is: "the regime of President Nicolas Maduro", "the army of Nigeria" ->
    that party's country and the body's sector in the knowledge base's agent table (`kb.agent`), with the
    body's own words as the span. Only bodies of a state ("supporters of X" are not X); None when the "of"
    party has no country."""
    sector = kb.agent(head.lower_) if head.lower_ in STATE_BODIES else None
    body = head
    if sector is None:
        # "soldiers of the army of South Sudan": a member word whose body names its state
        body = next((o for o, _, _ in _pp_objects(head, "of", sent_offset) if o.lower_ in STATE_BODIES), None)
        sector = kb.agent(head.lower_) if body is not None else None
    if sector is None or body is None:
        return None
    b0 = body.idx + sent_offset
    owners = [m for m in mentions if body is not head and m.start <= b0 < m.end and m.country]  # "army of South Sudan"
    for _obj, o0, o1 in _pp_objects(body, "of", sent_offset):
        owners += [m for m in mentions if m.start >= o0 and m.end <= o1 and m.country]
    if owners:
        a, b = span[0] + sent_offset, span[1] + sent_offset
        return ActorRef(article_text[a:b], (a, b), None, None, owners[0].country, sector)
    return None


# a body of people named by the kind of men in it: "a police team", "an army patrol"
_UNITS = frozenset({"team", "teams", "unit", "units", "patrol", "patrols", "squad", "squads", "contingent",
                    "detachment", "convoy", "column"})


def _unit_of(head: Token, sent_offset: int, mentions: list[Any]) -> Any:
    """The mention with a sector that modifies a unit word `head` ("a joint military and police team": the
    military), the first of several coordinated; None when `head` is no unit word or no modifier is such a
    mention."""
    if head.lower_ not in _UNITS:
        return None
    mods = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod")]
    mods += [x for c in mods for x in c.conjuncts]
    for tok in sorted(mods, key=lambda t: t.i):
        t0 = tok.idx + sent_offset
        m = next((m for m in mentions if m.start <= t0 < m.end and m.sector), None)
        if m is not None:
            return m
    return None


def _pp_objects(tok: Token, prep_word: str, sent_offset: int) -> Iterator[tuple[Token, int, int]]:
    """The objects of `tok`'s `prep_word` phrases ("by", "of") with their phrases' article offsets."""
    for prep in tok.children:
        if prep.dep_ not in ("prep", "agent") or prep.lower_ != prep_word:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj":
                yield obj, obj.left_edge.idx + sent_offset, obj.right_edge.idx + len(obj.right_edge.text) + sent_offset


_BY_VERBS = {"planted", "fired", "launched", "controlled", "operated", "carried", "conducted", "laid", "detonated",
             "dropped", "placed", "set", "led", "mounted", "staged", "used", "thrown", "hurled"}
# "a bomb suspected to have been planted by the Taliban": the participle the hedge governs holds the agent
_HEDGED = {"suspected", "believed", "thought", "alleged", "said", "reported", "presumed", "assumed", "understood"}


def _agent_of_thing(head: Token, sent_offset: int, article_text: str, mentions: list[Any]) -> ActorRef | None:
    """The actor behind a weapon or an operation named as the doer: "an airstrike by Afghan forces",
    "shells fired by LNA forces", "a bomb planted by unknown gunmen" → that actor, with its words as the span.
    A known actor (a mention with a code or a sector) is taken, else a party word's own phrase ("drones
    controlled by an unidentified military group"); None otherwise."""
    if not head.tag_.startswith("NN") or head.tag_.startswith("NNP"):
        return None
    holders = [head] + [c for c in head.children if c.dep_ == "acl" and c.lower_ in _BY_VERBS]
    holders += [x for c in head.children if c.dep_ == "acl" and c.lower_ in _HEDGED
                for x in c.children if x.dep_ == "xcomp" and x.lower_ in _BY_VERBS]
    unnamed: ActorRef | None = None
    for h in holders:
        for obj, o0, o1 in _pp_objects(h, "by", sent_offset):
            h0 = obj.idx + sent_offset
            inside = [m for m in mentions if m.start >= o0 and m.end <= o1 and (m.code or m.sector)]
            best = next((m for m in inside if m.start <= h0 < m.end), None) or (inside[0] if inside else None)
            if best is not None:
                ref = to_ref(best)
                if best.start <= h0 < best.end or obj.lower_ not in PERSON_WORDS:
                    return ActorRef(ref.text, ref.span, ref.name, ref.code, ref.country, ref.sector)
                a, b = phrase_span(obj)  # "an unidentified military group": the group, as the mention says
                a, b = a + sent_offset, b + sent_offset
                return ActorRef(article_text[a:b], (a, b), ref.name, ref.code, ref.country, ref.sector)
            if unnamed is None and h.i != head.i and obj.lower_ in PERSON_WORDS:
                a, b = phrase_span(obj)
                unnamed = ActorRef(article_text[a + sent_offset:b + sent_offset], (a + sent_offset, b + sent_offset))
    return unnamed


def affiliation_of_anonymous(
    ref: ActorRef, ctx: ArticleContext, sentence_index: int, head: Token | None = None,
    mentions: list[Any] | None = None, sent_offset: int = 0,
) -> ActorRef:
    """The group an anonymous source ("sources", "a commander") speaks for (documented heuristic).

    In order: the group its own phrase names ("sources from pro-Iran Iraqi factions"); the group
    the article's earlier anonymous sources spoke for; the last armed or political group named
    before it. Without any, the source stays unresolved.
    """
    if ref.code:
        return ref
    if head is not None and mentions:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "in", "within", "with", "close"):
                for obj in prep.subtree:
                    o0 = obj.idx + sent_offset
                    for m in mentions:
                        if m.code and m.start <= o0 < m.end and m.kind != "person":
                            g = to_ref(m)
                            ctx.anonymous_affiliation = g
                            return ActorRef(ref.text, ref.span, g.name, g.code, g.country, g.sector)
    g = ctx.anonymous_affiliation or ctx.state_at(sentence_index, ref.span[0])[2]
    if g is None:
        return ref
    return ActorRef(ref.text, ref.span, g.name, g.code, g.country, g.sector)
