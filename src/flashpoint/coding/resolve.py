"""Turn argument phrases into actors: knowledge-base mentions, pronouns and anonymous sources.

`ArticleContext` follows one article sentence by sentence: it keeps the actor mentions of every
sentence (article offsets), the last person and group named (for "he", "they"), and the last
armed or political group named (the affiliation of "a commander", "sources" when the text
gives no other).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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

    def scan(self, index: int, text: str, offset: int) -> list[Any]:
        found = list(self.finder.find(text, offset=offset))
        self.mentions[index] = found
        for m in found:
            ref = to_ref(m)
            if m.kind == "person":
                self.last_person = ref
            elif m.code:
                self.last_group = ref
            if m.code and m.sector in AFFILIATION_SECTORS and m.kind != "person" and m.kind != "agent":
                self.last_affiliation = ref
        return found


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
) -> ActorRef:
    """The actor for an argument phrase (`span` relative to the sentence doc)."""
    a, b = span[0] + sent_offset, span[1] + sent_offset
    h0, h1 = head.idx + sent_offset, head.idx + len(head.text) + sent_offset
    best = None
    for m in mentions:  # a mention covering the head word wins, then the first inside the phrase
        if m.start <= h0 and h1 <= m.end:
            best = m
            break
    if best is None:
        for m in mentions:
            if m.start >= a and m.end <= b and m.code:
                best = m
                break
    if best is not None:
        ref = to_ref(best)
        # report the whole phrase when the mention is part of it ("Iraqi factions" in "pro-Iran Iraqi factions")
        if a <= best.start and best.end <= b:
            return ActorRef(article_text[a:b], (a, b), ref.name, ref.code, ref.country, ref.sector)
        return ref
    low = head.lower_
    if low in PRONOUNS_PERSON and ctx.last_person is not None:
        p = ctx.last_person
        return ActorRef(article_text[h0:h1], (h0, h1), p.name, p.code, p.country, p.sector)
    if low in PRONOUNS_GROUP and ctx.last_group is not None:
        g = ctx.last_group
        return ActorRef(article_text[h0:h1], (h0, h1), g.name, g.code, g.country, g.sector)
    return ActorRef(article_text[a:b], (a, b))


def affiliation_of_anonymous(ref: ActorRef, ctx: ArticleContext) -> ActorRef:
    """"a commander" with no country: the group the article last named (documented heuristic)."""
    if ref.code or ctx.last_affiliation is None:
        return ref
    g = ctx.last_affiliation
    return ActorRef(ref.text, ref.span, g.name, g.code, g.country, g.sector)
