"""Who did it and to whom: source and target arguments of a trigger from the dependency parse.

Works on spaCy tokens of a parsed sentence (labels of the ClearNLP scheme used by
en_core_web_sm). Returns head tokens; `phrase_span` turns a head into the noun phrase around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "dative", "attr", "oprd"}
# prepositions that introduce the target of a verb or noun trigger
TARGET_PREPS = {"on", "against", "to", "with", "at", "into", "toward", "towards", "upon", "over", "for"}
# nouns whose "of" complement is the one acted upon ("the killing of X", "the arrest of X")
PATIENT_OF = {
    "killing", "assassination", "murder", "arrest", "detention", "abduction", "kidnapping",
    "execution", "release", "expulsion", "deportation", "invasion", "bombing", "shelling",
    "occupation", "siege", "blockade", "capture", "torture", "condemnation", "recognition",
    "criticism", "withdrawal", "death",
}
# light verbs whose object noun carries the event ("launch an attack", "hold talks")
LIGHT_VERBS = {
    "launch", "carry", "conduct", "hold", "make", "stage", "mount", "begin", "start", "continue",
    "announce", "order", "lead", "give", "issue", "take", "impose", "sign", "reach", "offer",
    "express", "have", "file", "level", "deliver", "pay", "resume",
}
RECIPIENT_PREPS = {"to", "against", "on", "upon", "with", "toward", "towards"}
PERSON_WORDS = {
    "government", "authorities", "official", "officials", "forces", "troops", "police", "army", "military",
    "militants", "rebels", "insurgents", "protesters", "demonstrators", "soldiers", "fighters", "gunmen",
    "court", "ministry", "minister", "president", "leader", "leaders", "party", "opposition", "people",
    "civilians", "refugees", "prisoners", "citizens", "residents", "workers", "students", "group", "groups",
    "members", "candidate", "administration", "regime", "country", "countries", "state", "states",
    "company", "companies", "activists", "journalists", "leadership", "counterpart", "ambassador",
    "delegation", "coalition", "alliance", "council", "committee", "agency", "union", "organization",
    "organisation", "embassy", "militia", "militias", "factions", "parliament", "lawmakers", "judge",
    "hostages", "detainees", "migrants", "villagers", "family", "families", "children", "women", "men",
    "newspaper", "newspapers", "media", "broadcaster", "broadcasters", "owner", "owners",
    "inmate", "inmates", "prisoner", "journalist", "soldier", "worker", "man", "woman", "child", "boy", "girl",
    "victim", "victims", "policeman", "policemen", "officer", "officers", "spokesman", "spokeswoman", "envoy",
    "diplomat", "diplomats", "negotiators", "premier", "chancellor", "king", "queen", "prince", "emir",
    "commander", "commanders", "general", "chief", "head", "mayor", "governor", "senator", "lawmaker", "mp",
    "activist", "protester", "demonstrator", "student", "teacher", "doctor", "doctors", "nurse", "nurses",
    "farmer", "farmers", "pilgrims", "settlers", "tribesmen", "clerics", "cleric", "bishop", "priest",
    "rebel", "militant", "insurgent", "fighter", "gunman", "suspect", "suspects", "separatists", "jihadists",
    "terrorists", "terrorist", "smugglers", "traffickers", "pirates", "gang", "gangs", "tribe", "tribes",
    "authority", "ministers", "nation", "nations", "firm", "firms", "bank", "banks", "courts",
    "passengers", "passenger", "merchants", "traders", "vendors", "drivers", "driver", "employees", "staff",
    "locals", "youths", "assailants", "attackers", "individuals", "persons", "person", "crowd", "mob",
    "rioters", "supporters", "relatives", "unionists", "miners", "peasants", "herders", "fishermen", "civilian",
    "inspector", "inspectors", "observer", "observers", "peacekeeper", "peacekeepers", "representative",
    "representatives", "envoys", "ambassadors", "consul", "foreigners", "immigrants", "missionaries",
    "seekers", "asylum-seekers", "evacuees", "deportees", "returnees",
    "correspondents", "experts", "delegates", "sailors", "seamen", "crew", "pilots", "tourists", "nationals",
    "worshippers", "volunteers", "accomplice", "accomplices", "perpetrator", "perpetrators", "assailant", "actors",
    "attacker", "kidnappers", "robbers", "bandits", "criminals", "thugs", "goons", "henchmen", "vigilantes",
}


INTRANSITIVE = {
    "protest", "demonstrate", "march", "rally", "riot", "strike", "clash", "gather", "picket", "mutiny",
    "rebel", "revolt", "fight", "retreat", "withdraw", "resign", "surrender", "boycott",
}
TRANSFER_VERBS = {
    "send", "deploy", "dispatch", "provide", "give", "deliver", "supply", "donate", "hand", "ship", "offer",
    "extend", "grant", "return", "transfer", "sell", "lend", "pledge", "airlift", "move", "station", "redeploy",
}
# the doer's own forces and arms ("withdrew its troops from the zone", "mobilised its men to the
# area"): not the other party of the event; the place they go to or leave is (PLOVER codes the place)
OWN_FORCES = {
    "troop", "force", "soldier", "man", "army", "military", "weapon", "arm", "unit", "personnel", "warship",
    "ship", "fighter", "contingent", "battalion", "brigade", "division",
}
OWN_POSSESSIVES = {"its", "their", "his", "her"}
DEPLOY_VERBS = {"deploy", "station", "dispatch", "redeploy", "post", "position"}
FORCES = OWN_FORCES - {"weapon", "arm", "man"} | {"peacekeeper", "marine", "paratrooper", "police", "policeman",
                                                  "gendarme", "observer", "monitor", "reinforcement"}
PLACE_PREPS = {"from", "to", "into", "in", "inside", "toward", "towards", "across", "along", "near", "out"}
# verbs of demand whose "that" clause names who is to act ("demanded that the minister resign")
DEMAND_VERBS = {"demand", "urge", "ask", "request", "order", "command", "require", "recommend", "propose", "petition"}
DEMAND_NOUNS = {"demand", "call", "request", "appeal", "ultimatum", "order"}
TIME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
    "tomorrow", "day", "days", "week", "weeks", "month", "months", "year", "years", "night", "morning",
    "evening", "afternoon", "weekend", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "time", "hour", "hours", "decade",
    "utc", "gmt",  # "at 10:39 a.m. local time (1639 UTC)"
}


def is_time(tok: Token) -> bool:
    """A time word, unless it is the last part of a name ("Theresa May": a first name in front of it)."""
    if not is_time_word(tok.lower_, tok.tag_):
        return False
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return prev is None or not ends_a_name(tok.tag_, prev.tag_, prev.dep_, prev.lower_, prev.head.i == tok.i)


def ends_a_name(tag: str, prev_tag: str, prev_dep: str, prev_lower: str, prev_heads_here: bool) -> bool:
    """A proper noun with a first name right in front of it, hanging from it ("Theresa May", not "5 May" or
    "early May"); read from a token's neighbour by `is_time` and from the shared table by `role_model`."""
    return (tag == "NNP" and prev_tag == "NNP" and prev_dep == "compound" and prev_heads_here
            and not is_time_word(prev_lower, prev_tag))


def is_time_word(lower: str, tag: str) -> bool:
    """A day, month, period word or a year ("1998" tagged CD)."""
    return lower.rstrip(".") in TIME_WORDS or tag == "CD" and len(lower) == 4 and lower.isdigit()


QUANTITY_NOUNS = {
    "thousands", "hundreds", "dozens", "scores", "millions", "tens", "group", "groups", "number", "crowd",
    "crowds", "band", "team", "some", "many", "most", "all", "none", "members", "member", "part", "majority",
    "handful", "couple", "several", "few", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "section", "sections", "faction", "wing", "contingent", "contingents", "unit", "units", "elements",
}


def content_head(tok: Token | None) -> Token | None:
    """"Thousands of protesters" -> protesters; "a group of gunmen" -> gunmen."""
    if tok is None or tok.lower_ not in QUANTITY_NOUNS:
        return tok
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            obj = _pobj(c)
            if obj is not None:
                return obj
    return tok


def own_forces(tok: Token) -> bool:
    """"its troops", "their weapons": the doer's own forces or arms, named with a possessive pronoun."""
    return _lemma_of(tok) in OWN_FORCES and any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in tok.children)


def _place_of(*holders: Token) -> Token | None:
    """The first place-like prepositional object of the holders ("from the zone", "to the area")."""
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                obj = _pobj(c)
                if obj is not None and not is_time(obj) and not own_forces(obj):
                    return obj
    return None


def _demanded_of(head: Token) -> Token | None:
    """The subject of a demand's "that" clause ("demanded that X resign", "its demand that X ease ...")."""
    for c in head.children:
        if c.dep_ in ("ccomp", "acl"):  # the clause's verb may be mis-tagged ("that Washington ease/NN sanctions")
            subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
            if subj is not None and subj.tag_ not in ("EX", "WDT", "WP"):
                return subj
    return None


def personish(tok: Token) -> bool:
    """A phrase head that names a party: a name, a pronoun, a role word, or a demonym-modified noun."""
    if tok.tag_ in ("NNP", "NNPS", "PRP") or tok.lower_ in PERSON_WORDS:
        return True
    return any(
        c.dep_ in ("compound", "amod", "poss") and (c.tag_ in ("NNP", "NNPS") or (c.tag_ == "JJ" and c.text[:1].isupper()))
        for c in tok.children
    )


SPAN_STOP_DEPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep", "parataxis"}
NAME_DEPS_KEEP_RIGHT = {"compound", "flat", "nummod", "poss"}


def _children(tok: Token, deps: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _pobj(prep: Token) -> Token | None:
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp"):
            return c
    return None


# passives whose subject does what the infinitive after them says ("were reported to have beaten")
RAISING_PASSIVES = {
    "report", "believe", "say", "think", "know", "see", "hear", "find", "expect", "suppose", "allege",
    "rumor", "rumour", "understand", "consider", "estimate", "order", "force", "compel", "oblige", "urge",
    "ask", "tell", "instruct", "allow", "permit",
}


def direct_subject(verb: Token) -> Token | None:
    """The verb's own nominal subject, active or passive (none inherited, unlike `verb_subject`)."""
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def verb_subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb (inherited through xcomp/conj chains) and whether it is passive."""
    tok: Token | None = verb
    seen = 0
    raised = False  # reached through an xcomp: "police were reported to have beaten IDPs"
    while tok is not None and seen < 6:
        seen += 1
        subj = _children(tok, SUBJ)
        if subj:
            return _dateline_party(subj[0]) or subj[0], False
        if tok.i == verb.i and not _children(tok, PASS_SUBJ):
            kept = kept_from(tok)
            if kept is not None:
                return kept, False
        psubj = _children(tok, PASS_SUBJ)
        if psubj:
            # the passive subject of "were reported (believed, said, ordered) to <verb>" does <verb>; not
            # of "was summoned to protest": the summoner's purpose; "a gang member was killed after
            # exchanging fire with police": the member exchanged fire
            gerund = tok.i != verb.i and verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.head.i == tok.i
            return psubj[0], not (gerund or raised and _lemma_is(tok, RAISING_PASSIVES))
        if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.i != tok.i:
            raised = raised or tok.dep_ == "xcomp"
            if tok.dep_ == "xcomp":
                # "X asked Y to attack": the object of the head is the subject of the xcomp
                objs = _children(tok.head, {"dobj"})
                if objs and _lemma_of(tok.head) not in ("promise",):
                    return objs[0], False
            tok = tok.head
            continue
        if tok.dep_ == "relcl" and tok.head.i != tok.i:
            return tok.head, False
        if tok.dep_ == "acl" and tok.head.i != tok.i and tok.tag_ in ("VBN", "VBD"):
            thing = _thing_before_by(tok.head)
            if thing is not None:
                # "drones controlled by an armed group targeted X", "an IED planted by armed men detonated":
                # the parser hung the main verb on the "by" phrase's noun; its subject is the thing
                return thing, False
            if _lemma_of(tok) in INTRANSITIVE:
                # "a group of residents protested ..." misparsed as a reduced relative: the noun is the subject
                return tok.head, False
            return None, True
        aside = _subject_before_aside(tok)
        if aside is not None:
            return aside, False
        doer = compound_doer(tok) if tok.i != verb.i or tok.tag_.startswith("VB") else None
        if doer is not None:
            return doer, False
        break
    if tok is not None and not any(is_passive_aux(c) for c in tok.children):
        fronted = fronted_subject(tok)
        if fronted is not None:
            return fronted, False
    return None, False


# verbs that keep a party from an act: "prevented Israel from attacking", "Israel being stopped from attacking"
PREVENT_VERBS = frozenset({"prevent", "stop", "bar", "keep", "ban", "deter", "restrain", "block", "prohibit",
                           "discourage", "dissuade"})


def kept_from(verb: Token) -> Token | None:
    """The party a gerund's act is kept from ("prevented Israel from attacking the countries of the region": Israel
    would attack), the object of the verb that keeps it, or that verb's passive subject; for a passive with none,
    the noun right before it after "on" or "upon" ("contingent on Israel 'being prevented from attacking'": the
    parser hangs the gerund on the clause, not on Israel); else None."""
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG":
        return None
    keeper = verb.head
    while keeper.lower_ == "from" and keeper.dep_ in ("prep", "pcomp") and keeper.head.i != keeper.i:
        keeper = keeper.head  # "from from" (the sample page's doubled word)
    if verb.head.lower_ != "from" or not keeper.tag_.startswith("VB") or not _lemma_is(keeper, PREVENT_VERBS):
        return None
    party = next((c for c in keeper.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if party is not None or not any(is_passive_aux(c) for c in keeper.children):
        return party
    k = keeper.i - 1
    while k >= keeper.sent.start and (keeper.doc[k].is_punct or keeper.doc[k].head.i == keeper.i):
        k -= 1  # the quote and "being"
    before = keeper.doc[k] if k >= keeper.sent.start else None
    if before is not None and before.dep_ == "pobj" and before.head.lower_ in ("on", "upon"):
        return before
    return None


def _subject_before_aside(verb: Token) -> Token | None:
    """The subject the parser gave to a parenthesis after it: "the Joint Forces (coded as pro-Hadi and Southern
    Resistance) reportedly fired ..." hangs "Forces" on "coded", a clause before the verb."""
    for c in verb.lefts:
        if c.dep_ != "advcl" or c.tag_ != "VBN":
            continue
        opening = next((p for p in c.children if p.text == "("), None)
        subj = _children(c, SUBJ)
        if opening is not None and subj and subj[0].i < opening.i:
            return subj[0]
    return None


def compound_doer(root: Token) -> Token | None:
    """The doer the parser made a compound of the sentence's main word: "A gendarme shot and killed a driver"
    ("shot" read as a noun), "a regime sniper shot ..." (a verb with compounds): gendarme, sniper."""
    if root.dep_ != "ROOT" or not root.tag_.startswith(("NN", "VB")) or root.tag_ in ("NNP", "NNPS"):
        return None
    return next((c for c in reversed(list(root.lefts)) if c.dep_ == "compound" and c.tag_.startswith("NN")), None)


ARREST_VERBS = {"arrest", "detain", "imprison", "jail", "sentence", "convict", "deport", "expel", "extradite"}


def _country_in(verb: Token) -> Token | None:
    """The country named as where an act happened ("was arrested in Rwanda"), or None."""
    from flashpoint.geo.gazetteer import gazetteer, norm_key  # noqa: PLC0415

    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            obj = _pobj(c)
            if obj is not None and obj.tag_ in ("NNP", "NNPS"):
                a, b = phrase_span(obj)
                places = gazetteer().get_key(norm_key(obj.doc.text[a:b]))
                if places and places[0].kind == "country":
                    return obj
    return None


def _thing_before_by(noun: Token) -> Token | None:
    """The noun whose participle's "by" phrase `noun` ends: "drones controlled by an armed group" -> drones."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "agent" or noun.i < max(c.i for c in prep.children):
        return None
    part = prep.head
    if part.dep_ != "acl" or part.tag_ != "VBN" or not part.head.tag_.startswith("NN"):
        return None
    return part.head


LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "throughout"})
# prepositions of the setting an act was done in ("killed in an attack", "wounded during clashes")
SETTING_PREPS = frozenset({"in", "during", "amid", "amidst"})
_DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                              "outskirts", "vicinity", "outside"})


def in_locative(tok: Token) -> bool:
    """The word is part of a place phrase: the object of "in", "at", "near", ... or a name in apposition
    with, or joined to, one, or a name after one and a comma ("in Recife, Pernambuco, ...", whatever the
    parser made of "Pernambuco")."""
    for _ in range(6):
        if tok.dep_ == "pobj" and (tok.head.lower_ in LOCATIVE_PREPS or direction_of(tok.head)):
            return True  # "in Recife", "east of Yar Maung Bridge"
        if _preposition_as_modifier(tok) is not None:
            return True  # "gathered outside/amod parliament/dobj"
        k = tok.i
        while k > tok.sent.start and tok.doc[k - 1].dep_ == "compound" and tok.doc[k - 1].tag_ == "NNP":
            k -= 1  # the name's first word
        if tok.tag_ == "NNP" and k - 2 >= tok.sent.start and tok.doc[k - 1].text == "," \
                and tok.doc[k - 2].tag_ == "NNP":
            tok = tok.doc[k - 2]
            continue
        if tok.dep_ not in ("appos", "compound", "conj", "nmod") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


_WHERE_ONLY = LOCATIVE_PREPS - {"in", "at"}  # place prepositions that never introduce whom an act is on


def where_only(tok: Token) -> bool:
    """The word is the object of a preposition that only says where: "near Zrybnivka", "outside Kandahar",
    "north of Tehran" (never whom an act was done to, as "in" and "at" can be: "fired at the convoy")."""
    if _preposition_as_modifier(tok) is not None:
        return True
    if tok.dep_ != "pobj":
        return False
    return tok.head.lower_ in _WHERE_ONLY or direction_of(tok.head)


_MISREAD_PLACE_PREPS = frozenset({"outside", "inside", "near"})  # not "around": "around 500 workers" is a number


def _preposition_as_modifier(tok: Token) -> Token | None:
    """The place preposition the parser made the first modifier of the noun `tok` ("gathered outside/JJ/amod
    parliament/dobj", a bare noun after "outside" or "near" read as an object), or None."""
    first = tok.doc[tok.left_edge.i]
    if first.i < tok.i and first.head.i == tok.i and first.dep_ in ("amod", "advmod") \
            and first.lower_ in _MISREAD_PLACE_PREPS and not first.tag_.startswith("NN"):
        return first
    return None


def direction_of(prep: Token) -> bool:
    """The preposition is the "of" after a direction word: "north of Tehran", "east of Yar Maung Bridge"."""
    return prep.lower_ == "of" and prep.head.lower_ in _DIRECTION_WORDS


# what is said of an inquiry: "an investigation into the attack on Haniyeh", "police are investigating the bombing"
INQUIRIES = frozenset({"investigate", "investigation", "probe", "inquiry", "enquiry", "inquest", "inquire", "enquire"})


def inquired_into(trig: Token) -> bool:
    """An event noun is what an inquiry is into: its doer is not who inquires ("Iranian authorities have yet to
    reveal the results of an investigation into the source of the attack on Haniyeh")."""
    from flashpoint.nlp.parse import lemma  # noqa: PLC0415

    tok = trig
    for _ in range(6):
        if tok.dep_ not in ("pobj", "prep", "dobj", "conj", "appos") or tok.head.i == tok.i:
            return False
        tok = tok.head
        if lemma(tok) in INQUIRIES:
            return True
        if tok.tag_.startswith("VB"):
            return False
    return False


def participle_by(noun: Token) -> Token | None:
    """The "by" phrase naming a party, of a noun's participle or of the noun itself: "shells fired by LNA
    forces" -> "by LNA forces", "shelling by Afghan security forces" -> "by Afghan security forces"."""
    by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None) or next(
        (g for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN" for g in c.children if g.dep_ == "agent"),
        None)
    doer = _pobj(by) if by is not None else None
    return by if doer is not None and personish(doer) else None  # not "an attack by drones"


def maker_of(noun: Token, lexicon: Any) -> Token | None:
    """The party an act the lexicon knows (a noun trigger) is made or done by: "condemned the continuing
    threats made by the United States Government" -> Government. None otherwise ("homeguards held captive
    by them" are no act)."""
    if personish(noun) or not lexicon.entries_for(_lemma_of(noun), "NOUN"):
        return None
    by = participle_by(noun)  # names a party
    return _pobj(by) if by is not None else None


def _dateline_party(subj: Token) -> Token | None:
    """The party the parser read as an apposition of a place in a dateline: "in Natal, Rio Grande do Norte,
    bus drivers gathered ..." (subject "Norte", "bus drivers" its apposition) -> drivers. Only a name after a
    comma, in a run of names after "in" (the dateline's places), with a common-noun party after the next comma."""
    if subj.tag_ != "NNP":
        return None
    doc, k, comma = subj.doc, subj.i - 1, False
    while k > subj.sent.start and (doc[k].tag_ == "NNP" or doc[k].text == ","
                                   or doc[k].is_lower and doc[k].tag_ != "IN"):
        comma = comma or doc[k].text == ","
        k -= 1
    if not comma or doc[k].lower_ not in ("in", "at", "near"):
        return None
    return next((c for c in subj.children if c.dep_ == "appos" and c.i > subj.i and c.tag_ in ("NN", "NNS")
                 and c.lower_ in PERSON_WORDS and subj.doc[c.left_edge.i - 1].text == ","), None)


def fronted_subject(verb: Token) -> Token | None:
    """The subject of a finite verb that the parser folded into a fronted adjunct. In the dateline
    style of conflict reports ("On 7 May, in Cuautla, Morelos, a group of people attacked ...",
    "in Santa Fe, Ocotepeque, armed men driving a car intercepted ...") the small parser reads the
    subject as an apposition of the place or as the subject of a participle inside the "in" phrase,
    and the verb has no subject. Walks from the word before the verb up to the verb: the first common
    noun attached as an apposition or conjunct, or a participle's own subject, is the verb's subject.
    Only when that walk reaches the verb (the words are part of its fronted phrase)."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i <= verb.sent.start:
        return None
    tok = verb.doc[verb.i - 1]
    while tok.tag_ == "RB" and tok.i > verb.sent.start:
        tok = verb.doc[tok.i - 1]
    found: Token | None = None
    for _ in range(12):
        if tok.i == verb.i:
            return found
        if tok.i > verb.i or tok.head.i == tok.i:
            return None
        if found is None and tok.tag_ in ("VBG", "VBN"):
            found = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i and c.tag_ in ("NN", "NNS")), None)
        if found is None and tok.dep_ in ("appos", "conj") and tok.tag_ in ("NN", "NNS") and not is_time(tok):
            found = tok
        party = tok.tag_ == "NNS" or tok.tag_ == "NN" and tok.lower_ in PERSON_WORDS
        if found is None and tok.dep_ == "pobj" and party \
                and any(c.tag_ == "NNP" and c.dep_ in ("nmod", "compound", "conj") for c in tok.lefts) \
                and any(t.text == "," for t in tok.doc[tok.left_edge.i:tok.i]):
            found = tok  # "in Acapulco, Guerrero, around 100 merchants protested": the place's phrase ate them
        tok = tok.head
    return None


def is_passive_aux(tok: Token) -> bool:
    """A passive auxiliary ("were killed"), but not the acronym "IS" (Islamic State) that the parser
    reads as one in "IS militants attacked ..."."""
    return tok.dep_ == "auxpass" and not (tok.text.isupper() and len(tok.text) > 1)


def passive_agent(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            obj = _pobj(c)
            return None if obj is not None and is_time(obj) else obj  # "were suspended by March 13": a deadline
    return None


def _by_people(verb: Token) -> Token | None:
    """The doer of a passive act that the parser hung on the verb as a plain "by" phrase, not as its agent,
    where it names people ("a man was beaten to death in Grande Vitoria neighborhood by 15 men"); not "by
    car", "by phone"."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            obj = content_head(_pobj(c))
            if obj is not None and (obj.lower_ in PERSON_WORDS or obj.tag_ in ("NNP", "NNPS")):
                return obj
    return None


# fights: their "with" party is the other side ("soldiers were wounded during clashes with the Taliban"), and a
# "between" names both ("a clash between two farmer groups")
FIGHT_NOUNS = {"clash", "fighting", "fight", "battle", "gunfight", "firefight", "shootout", "skirmish", "encounter",
               "exchange", "confrontation", "brawl"}
FIGHT_VERBS = {"exchange", "clash", "fight", "battle", "engage"}
# acts whose owner named before them did the harm done in them ("a police raid", "a Taliban attack")
OPERATION_NOUNS = {"raid", "operation", "attack", "assault", "ambush", "airstrike", "strike", "crackdown",
                   "offensive", "bombing", "shelling", "bombardment", "shooting"}


def _doer_of_setting(verb: Token) -> Token | None:
    """The doer of a passive act with no agent, named in the act it happened in or during: "was killed
    during an operation by police forces", "was shot dead in an attack by unidentified assailants",
    "were wounded during clashes with ANDSF forces" (the other side of the fight). The setting may hang on a
    participle coordinated with the verb ("were killed, injured or captured during operations by X")."""
    verbs = [verb] + [c for c in verb.children if c.dep_ in ("conj", "advcl") and c.tag_ == "VBN"
                      and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
    verbs += [g for c in verbs[1:] for g in c.children if g.dep_ == "conj" and g.tag_ == "VBN"]
    for c in (c for v in verbs for c in v.children):
        fight = c if c.dep_ == "advcl" else next((g for g in c.children if g.dep_ == "pcomp"), None) \
            if c.dep_ == "prep" and c.lower_ in ("after", "while", "during") else None
        if fight is not None and fight.tag_ == "VBG" and _lemma_is(fight, FIGHT_VERBS):
            # "was killed after exchanging fire with military police": the other side of the fight
            other = next((_pobj(g) for g in fight.children if g.dep_ == "prep" and g.lower_ == "with"), None)
            if other is not None and not is_time(other):
                return other
        if c.dep_ != "prep" or c.lower_ not in ("in", "during"):
            continue
        setting = _pobj(c)
        if setting is None or not setting.tag_.startswith("NN"):
            continue
        owner = next((g for g in setting.children if g.dep_ in ("compound", "poss") and g.i < setting.i
                      and (g.tag_ in ("NNP", "NNPS") or g.lower_ in PERSON_WORDS)
                      and not is_time_word(g.lower_, g.tag_)), None)  # not "in the Wednesday attack"
        if owner is not None and _lemma_is(setting, OPERATION_NOUNS):
            return owner  # "were killed during a police raid", "in a Taliban attack": the police, the Taliban
        for p in setting.children:
            if p.dep_ == "prep" and (p.lower_ == "by" or p.lower_ == "with" and _lemma_is(setting, FIGHT_NOUNS)):
                doer = _pobj(p)
                if doer is not None and not is_time(doer):
                    return doer
            if p.dep_ == "acl" and p.tag_ == "VBN":  # "during the operations carried out by the Gendarmerie"
                doer = passive_agent(p)
                if doer is not None:
                    return doer
    return None


PERMIT_VERBS = {"allow", "let", "permit", "enable", "authorize", "authorise"}
# verbs that make a party do what the infinitive says ("convicted the bank to pay damages")
MAKE_VERBS = {"order", "force", "compel", "oblige", "require", "convict", "sentence", "urge", "pressure"}
ACCESS_NOUNS = ("return", "entry", "access")  # "allow the return of X": the party is X


def _infinitive_subject(verb: Token) -> Token | None:
    """The party a permission or an order is given to, parsed as the subject of an infinitive clause:
    "refused to allow two airlines to land" -> airlines; "allow the return of UN workers to ..." -> workers;
    "The court convicted Germany's largest bank to pay ..." -> bank."""
    permit = _lemma_is(verb, PERMIT_VERBS)
    if not (permit or _lemma_is(verb, MAKE_VERBS)):
        return None
    for c in verb.children:
        # "allow UN aid workers expanded access": a permission's clause parsed without its "to"
        if c.dep_ == "ccomp" and (permit or any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)):
            subj = next((g for g in c.children if g.dep_ == "nsubj" and g.tag_.startswith(("NN", "PRP"))), None)
            if subj is not None and subj.lower_ in ACCESS_NOUNS:
                return next((_pobj(g) for g in subj.children if g.dep_ == "prep" and g.lower_ == "of"), subj)
            return subj
    return None


def _controlled_party(xcomp: Token) -> Token | None:
    """The party of a controlled verb ("agreed to allow the return of UN workers", "refused to let the plane
    land", "agreed to withdraw its troops from the zone": the zone)."""
    inner = next((g for g in xcomp.children if g.dep_ in ("dobj", "dative")), None)
    if inner is not None and own_forces(inner):
        return _place_of(xcomp, inner)
    if inner is not None and inner.lower_ not in ACCESS_NOUNS:
        return inner
    if inner is not None:
        return next((_pobj(g) for g in inner.children if g.dep_ == "prep" and g.lower_ == "of"), inner)
    return _infinitive_subject(xcomp) or next(
        (_pobj(g) for g in xcomp.children if g.dep_ == "prep" and g.lower_ in RECIPIENT_PREPS), None)


def permitted(verb: Token) -> Token | None:
    """The party a permission agreed to or refused is for, as `verb_args` reads it: "agreed to allow the
    return of UN workers" -> workers, "refused to allow the plane to enter" -> plane, "agreed to allow UN aid
    workers access" -> workers."""
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_.startswith("VB")), None)
    return _controlled_party(xcomp) if xcomp is not None and _lemma_is(xcomp, PERMIT_VERBS) else None


def _small_clause_subject(verb: Token) -> Token | None:
    """The party a verdict or judgement is about, parsed as the subject of an adjective clause: "found
    Barbarin guilty", "declared the group illegal" -> Barbarin, the group."""
    for c in verb.children:
        if c.dep_ == "ccomp" and c.tag_ == "JJ":
            return next((g for g in c.children if g.dep_ == "nsubj" and g.tag_.startswith(("NN", "PRP"))), None)
    return None


def verb_args(verb: Token) -> tuple[Token | None, Token | None]:
    """(source head, target head) of a verb trigger."""
    subj, passive = verb_subject(verb)
    passive = passive or any(is_passive_aux(c) for c in verb.children)
    if verb.tag_ == "VBG" and not passive and not _children(verb, SUBJ):
        subj = passive_agent(verb) or subj  # "shelling by Afghan security forces hit ...": the forces shelled
    if passive or any(c.dep_ in PASS_SUBJ for c in verb.children):
        agent = passive_agent(verb) or _by_people(verb)
        if agent is None:
            agent = _doer_of_setting(verb)
        if agent is None and _lemma_is(verb, ARREST_VERBS):
            agent = _country_in(verb)  # "Victoire Ingabire was arrested in Rwanda": the state arrests
        if agent is None and subj is not None and _lemma_is(verb, DEPLOY_VERBS) and _lemma_is(subj, FORCES):
            # "2,000 Russian soldiers were deployed along the Lachin corridor": the forces deploy (where to)
            return subj, _place_of(verb)
        return agent, subj
    target = None
    for c in verb.children:
        if c.dep_ in OBJ:
            target = c
            break
    if target is not None and own_forces(target):
        # "withdrew its troops from the zone": the place, or no target
        target = _place_of(verb, target)
    if target is not None and target.dep_ == "dobj" and (not personish(target) or _lemma_of(verb) in TRANSFER_VERBS):
        # "sent aid to the hospital", "reduced military aid to the Colombian army": the recipient;
        # "dismissed a proposal by the government", "approved a request from X": the proposer
        for holder, preps in ((verb, RECIPIENT_PREPS), (target, RECIPIENT_PREPS | {"by", "from"})):
            # "filed a complaint with the UN Human Rights Council against the state": whom it is against
            preps_here = sorted((c for c in holder.children if c.dep_ == "prep" and c.lower_ in preps),
                                key=lambda c: c.lower_ != "against")
            pobj = _pobj(preps_here[0]) if preps_here else None
            if pobj is not None and not is_time(pobj):
                target = pobj
                break
    if target is None:
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                target = _pobj(c)
                if target is not None and not is_time(target):
                    break
                target = None
    if target is None and _lemma_is(verb, DEMAND_VERBS):
        target = _demanded_of(verb)
    if target is None:
        target = _infinitive_subject(verb) or _small_clause_subject(verb)
    if target is None:
        # "agreed to allow the return of UN workers", "refused to let the plane land": the controlled verb's party
        # (`permitted`)
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_.startswith("VB")), None)
        if xcomp is not None:
            target = _controlled_party(xcomp)
    if target is None and subj is not None:
        # "Ukraine and Poland signed an agreement": the second conjunct is the other party
        conj = next((c for c in subj.children if c.dep_ == "conj"), None)
        if conj is not None:
            target = conj
    if target is None and verb.dep_ == "xcomp":
        # "Iran vowed to retaliate against Israel" handled above; "urged X to stop" -> X
        for c in verb.head.children:
            if c.dep_ == "dobj":
                target = c
                break
    return subj, target


def led_by(noun: Token) -> Token | None:
    """Who led an act named "X-led": "a Saudi-led strike on a school bus" -> Saudi (not "Russian-backed":
    a backer is not the doer)."""
    for c in noun.children:
        if c.dep_ == "amod" and c.lower_ == "led":
            return next((g for g in c.children if g.dep_ in ("npadvmod", "compound") and g.tag_.startswith("NNP")),
                        None)
    return None


def between_parties(noun: Token) -> tuple[Token | None, Token | None]:
    """The two sides of a fight a noun names, or of an act whose verb says "between": "a clash between two
    farmer groups", "clashes were reported (erupted) between pro-Hadi forces and pro-Houthi forces", "a clash
    ensued/VBN between four Indian nationals and Nepal police" (the verb hung on the noun) -> (first, second);
    (None, None) when neither says it."""
    verbs = [c for c in noun.children if c.dep_ == "acl" and c.tag_ in ("VBN", "VBD")]
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.tag_.startswith("VB"):
        verbs.insert(0, noun.head)
    if _lemma_is(noun, FIGHT_NOUNS):  # not "a mediation effort between India and Pakistan": the mediator's
        verbs.insert(0, noun)
    between = next((c for v in verbs for c in v.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    first = _pobj(between) if between is not None else None
    if first is not None and not first.tag_.startswith(("NN", "PRP", "CD")):
        # "between pro-Houthi and pro-Hadi forces": the parser hangs the hyphen of "pro-Houthi" on "between"
        # beside the noun; the sides are the noun's phrase
        first = next((c for c in between.children if c.dep_ == "pobj" and c.tag_.startswith(("NN", "PRP"))), first)
    if first is None:
        return None, None
    return first, next((cc for cc in first.children if cc.dep_ == "conj"), None)


_TAKING_PART = frozenset({"actor", "actors", "party", "parties", "side", "sides"})


def _involved(noun: Token, target: Token | None) -> tuple[Token | None, Token | None]:
    """(source, target) of a noun "involving" parties ("clashes involving tribal militias and the army",
    "gunshots and explosions involving unknown actors": the phrase hangs on the first of the coordinated
    nouns): who took part, not what was used ("shots involving small arms"); (None, `target`) otherwise."""
    for owner in (noun, noun.head) if noun.dep_ == "conj" else (noun,):
        for c in owner.children:
            if c.dep_ == "acl" and c.lower_ == "involving":
                obj = next((g for g in c.children if g.dep_ == "dobj"), None)
                if obj is not None and (personish(obj) or obj.lower_ in _TAKING_PART):
                    return obj, target or next((g for g in obj.children if g.dep_ == "conj"), None)
    return None, target


def a_town(tok: Token) -> bool:
    """A place name below a country modifying an event noun: "the Quetta attack" says where, not who ("a US
    attack" says who)."""
    from flashpoint.geo.gazetteer import gazetteer, norm_key  # noqa: PLC0415

    if tok.tag_ not in ("NNP", "NNPS"):
        return False
    first = min((c for c in tok.lefts if c.dep_ in ("compound", "flat")), key=lambda c: c.i, default=tok)
    key = norm_key(tok.doc[first.i:tok.i + 1].text)  # the name's words, not "the": "The El Paso shooting"
    places = gazetteer().get_key(key)
    # a town of some size or a province, by its own name: few people's or groups' names are one ("Obama" is a
    # Japanese town; "White House" is one of Casablanca's names)
    return bool(places) and norm_key(places[0].name) == key and (
        places[0].kind == "admin1" or places[0].kind == "city" and (places[0].population or 0) >= 50_000)


# what a party sends ("a request from the U.S. authorities"): the act a reply answers
SENT_NOUNS = frozenset({
    "request", "requests", "offer", "offers", "proposal", "proposals", "invitation", "invitations", "demand",
    "demands", "appeal", "appeals", "plea", "pleas", "call", "calls", "warning", "warnings", "threat", "threats",
    "ultimatum", "letter", "message", "complaint", "complaints",
})


_FORCE_WORDS = frozenset({"police", "army", "military", "troops", "navy", "militia", "security", "government",
                          "rebel", "insurgent", "militant", "coalition"})
_FORCE_ACTS = frozenset({"shooting", "shootings", "raid", "raids", "crackdown", "killing", "killings", "attack",
                         "attacks", "operation", "operations", "strike", "strikes", "assault", "offensive", "ambush",
                         "bombardment", "shelling", "arrest", "arrests", "detention"})


def noun_args(noun: Token) -> tuple[Token | None, Token | None]:
    """(source head, target head) of a noun trigger ("Iran's attack on Israel")."""
    source = target = None
    for c in noun.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod") and is_time(c):
            continue  # "the December 31 attack", "Wednesday's assault": when, not who (but "Theresa May's")
        if c.dep_ == "poss" and source is None:
            source = c
        elif c.dep_ in ("amod", "compound", "nmod") and source is None and c.tag_ in ("NNP", "NNPS", "JJ"):
            if (c.tag_ != "JJ" or c.text[:1].isupper()) and not a_town(c):
                source = c
        elif c.dep_ == "compound" and source is None and c.lower_ in _FORCE_WORDS and noun.lower_ in _FORCE_ACTS:
            source = c  # "the police shooting of Jacob Blake", "an army raid"
        elif c.dep_ == "compound" and source is None and c.tag_ in ("NN", "NNS") and noun.lower_ in _FORCE_ACTS:
            source = next((g for g in c.children if g.dep_ == "compound" and g.tag_ in ("NNP", "NNPS")
                           and not a_town(g) and not is_time_word(g.lower_, g.tag_)), None)  # "IRA bomb attacks"
        elif c.dep_ == "prep":
            obj = _pobj(c)
            if obj is None:
                continue
            if c.lower_ == "by" and source is None:
                source = obj
            elif c.lower_ == "of" and noun.lower_ in PATIENT_OF and target is None:
                target = obj
            elif (c.lower_ in TARGET_PREPS or c.lower_ == "into") and target is None and not is_time(obj):
                target = obj
            elif c.lower_ == "between" and source is None:
                source = obj
                for cc in obj.children:
                    if cc.dep_ == "conj":
                        target = cc
        elif c.dep_ == "amod" and c.lower_ == "led" and source is None:
            source = led_by(noun)
        elif c.dep_ == "acl" and source is None and c.tag_ == "VBN":
            source = passive_agent(c)  # "shells fired by LNA forces", "an IED planted by an armed group"
    head = noun.head
    if source is None or source.tag_ == "JJ":  # who took part, over an adjective ("Heavy fighting involving ...")
        involved, second = _involved(noun, target)
        if involved is not None:
            source, target = involved, second
    if source is None:
        first, second = between_parties(noun)
        if first is not None:
            source, target = first, second or target
    if target is None and _lemma_is(noun, DEMAND_NOUNS):
        target = _demanded_of(noun)
    if noun.lower_ in PATIENT_OF and source is not None and target is None and source.dep_ == "poss":
        # "Haniyeh's assassination": the possessor is the one acted upon
        target, source = source, None
    if source is None and noun.dep_ in ("dobj", "nsubjpass") and head.tag_.startswith("VB"):
        if _lemma_is(head, LIGHT_VERBS):
            subj, passive = verb_subject(head)
            source = passive_agent(head) if passive else subj
            if target is None:
                for c in head.children:
                    if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                        target = _pobj(c)
                        if target is not None and is_time(target):
                            target = None  # "On 1 May 2020, activists held a procession": when, not whom
                        if target is not None:
                            break
    return source, target


def _lemma_of(tok: Token) -> str:
    from flashpoint.nlp.parse import lemma  # noqa: PLC0415

    return lemma(tok)


def _lemma_is(tok: Token, lemmas: set[str]) -> bool:
    return _lemma_of(tok) in lemmas


def owner_of(noun: Token) -> Token | None:
    """The party a thing belongs to, named in front of it: "the Kirkuk council decision" -> council,
    "Iran's plan" -> Iran, "the European proposal" -> European; None when nothing is (a possessive pronoun
    is left to the caller)."""
    for c in noun.children:
        if c.dep_ == "poss" and c.tag_ != "PRP$":
            return c
    for c in reversed(list(noun.lefts)):  # the nearest modifier first
        if c.dep_ == "compound" and c.tag_.startswith("NN") or c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE"):
            return c
    return None


# acts two sides do with each other: coordinated doers with no other party did it to each other
MUTUAL_ACTS = frozenset({
    "meet", "meeting", "talk", "talks", "negotiate", "negotiation", "discuss", "confer", "agree", "sign",
    "clash", "fight", "cooperate", "collaborate", "exercise", "drill", "game", "summit",
    "agreement", "deal", "accord", "pact", "truce", "compromise", "settlement", "consensus",
})
# the light verbs whose object names the mutual act ("held talks", "staged a joint exercise", "reached a deal")
_MUTUAL_LIGHT = frozenset({"hold", "stage", "conduct", "undertake", "have", "exchange", "reach", "strike"})
# what two sides exchange in a fight ("military forces of India and Pakistan exchanged fire")
_EXCHANGED_FIRE = frozenset({"fire", "gunfire", "shot", "blow", "volley", "shelling"})
_ABOUT_PREPS = frozenset({"on", "over", "about", "regarding", "concerning"})


def _mutual(trig: Token) -> bool:
    if _lemma_of(trig) in MUTUAL_ACTS:
        return True
    if trig.tag_.startswith("VB") and _lemma_of(trig) in _MUTUAL_LIGHT:
        acts = MUTUAL_ACTS | _EXCHANGED_FIRE if _lemma_of(trig) == "exchange" else MUTUAL_ACTS
        return any(c.dep_ == "dobj" and _lemma_of(c) in acts for c in trig.children)
    return False


def _side(tok: Token) -> bool:
    """A name or a people's adjective that can stand for a side: "UK", "Israeli", "Turkey"."""
    return tok.tag_ in ("NNP", "NNPS") or tok.tag_ == "JJ" and tok.text[:1].isupper()


def subject_matter(tok: Token) -> bool:
    """What an act is about, not a party to it: "reached an agreement on Senate Bill 3065"."""
    return tok.dep_ == "pobj" and tok.head.lower_ in _ABOUT_PREPS


def mutual_pair(trig: Token, source: Token | None) -> tuple[Token, Token] | None:
    """The two sides of a mutual act whose doer is coordinated and that names no other party: "Israeli and
    Palestinian negotiators met", "UK and EU negotiators agreed a deal", "Russia and Turkey's foreign ministers
    met" (the sides modify one head), "Kuwait and its allies agreed to stage an exercise" (the head and its
    conjunct) -> (the first side, the second); PLV codes the first as the source, the second as the target."""
    if source is None or not _mutual(trig):
        return None
    conj = next((c for c in source.children if c.dep_ == "conj" and c.tag_.startswith(("NN", "PRP"))), None)
    if conj is not None:
        return source, conj
    of = next((c for c in source.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    whose = _pobj(of) if of is not None else None
    conj = next((c for c in whose.children if c.dep_ == "conj" and _side(c)), None) if whose is not None else None
    if whose is not None and _side(whose) and conj is not None:
        return source, conj  # "military forces of India and Pakistan exchanged fire": the forces, and Pakistan
    lefts = [m for m in source.lefts if m.dep_ in ("amod", "compound", "nmod", "poss")]
    for k, m in enumerate(lefts):
        if not _side(m):
            continue
        other = next((c for c in m.children if c.dep_ == "conj" and _side(c)), None)
        if other is None and k + 1 < len(lefts) and any(c.dep_ == "cc" for c in m.children) and _side(lefts[k + 1]):
            other = lefts[k + 1]  # "UK and EU negotiators", parsed as two modifiers of the head
        if other is not None:
            return m, other
    return None


def _named_apposition(head: Token, rights: list[Token]) -> Token | None:
    """The name in apposition right after a common noun ("the defense minister, Leonid Maltsev"): a comma,
    then a proper name that ends the phrase (a comma, the end, or the verb after it)."""
    if not head.tag_.startswith("NN") or head.tag_ in ("NNP", "NNPS") or len(rights) < 2:
        return None
    comma, appos = rights[0], rights[1]
    if comma.text != "," or appos.dep_ != "appos" or appos.tag_ not in ("NNP", "NNPS"):
        return None
    if any(t.tag_ not in ("NNP", "NNPS", "HYPH") and not t.is_punct for t in appos.subtree):
        return None  # "the minister, a former general": a description, not a name
    return appos


_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def phrase_span(head: Token) -> tuple[int, int]:
    """Character span (sentence-doc offsets) of the noun phrase headed by `head`.

    Keeps determiners, adjectives, compounds, possessives and names on the left (from the last comma before
    the head); on the right keeps
    name parts and "of"-complements of titles ("Ministry of Foreign Affairs of Ukraine") and a name in
    apposition to a common noun ("his Iranian counterpart, Mostafa Mohammad Najjar"); stops at relative
    clauses, other appositions, conjunctions and punctuation.
    """
    left = head.i
    for c in head.lefts:
        if c.dep_ in SPAN_STOP_DEPS:
            continue
        left = min(left, c.left_edge.i)
        break
    right = head.i
    rights = list(head.rights)
    for k, c in enumerate(rights):
        if c.dep_ in NAME_DEPS_KEEP_RIGHT:
            right = max(right, c.right_edge.i)
        elif c.dep_ == "prep" and c.lower_ == "of" and head.text[:1].isupper():
            right = max(right, c.right_edge.i)
        else:
            named = _named_apposition(head, rights[k:])
            if named is not None:  # "his Iranian counterpart, Mostafa Mohammad Najjar": the name is the party's
                right = named.right_edge.i
            break
    doc = head.doc
    if _preposition_as_modifier(head) is not None:
        left += 1  # "gathered outside parliament": the preposition the parser made an adjective is no word of it
    # "in Acapulco, Guerrero, around 100 merchants": the places the parser put in the phrase are not its words
    left = max([left] + [k + 1 for k in range(left, head.i) if doc[k].text == ","])
    # drop leading punctuation and quotes that the parser attached, and a day it took for a name's first word
    # ("It was reported on Saturday Sirhan Sirhan was stabbed")
    while left < right and (doc[left].is_punct or doc[left].lower_ in _WEEKDAYS and doc[left + 1].tag_ == "NNP"):
        left += 1
    while right > left and doc[right].is_punct:
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)
