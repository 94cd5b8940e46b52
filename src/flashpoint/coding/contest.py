"""Violent verbs in their contest sense: "beat Travis to the prize", "battled to second", "stormed to victory".

Sport, award and chart news uses the verbs of violence for who won: a singer "beat" her rivals to a prize,
a runner "battled to second" or "stormed to the title", two athletes "clash in Birmingham". Read as acts,
each was an ASSAULT between the rivals (200 BBC sport stories gave 114, 200 entertainment stories 171),
the false events GDELT's users complain of, and a dyad of two sprinters in the escalation watch.

`in_contest` tells such a trigger by its sentence: one of the verbs that have a contest sense, in a
sentence that names a contest (a prize, a title, a race, a victory, a medal, a chart, a time in seconds)
and no harm, force or fighters (killed, wounded, police, troops, militants, a weapon, a riot, fans). A
sentence with both keeps the act: "Rival fans clashed after the match", "troops battled rebels for
control of the stadium". Verbs that have no contest sense (shoot, bomb, kill) are never read so.
Football's "strike" is a shot at goal ("Shaun Bartlett's strike put Charlton back in front", "strikes from
Rivaldo and Figo"), not a stoppage of work: `in_contest` also tells it, by football words in its sentence
and no words of labour (union, workers, pay, walkout, ...).
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.nlp.parse import lemma

__all__ = ["CONTEST_VERBS", "in_contest"]

# lemmas of the violent verbs and nouns that sport, award and chart news uses for winning and competing
# (not "attack", "defeat", "down" or "sink": armies defeat and down as often as teams)
CONTEST_VERBS = frozenset({
    "beat", "battle", "fight", "clash", "storm", "hit", "crush", "thrash", "whip", "rout", "trounce", "hammer",
    "outgun", "overpower",
})

# lower-case words that name a contest, its result or its prize
_CONTEST = frozenset({
    "award", "awards", "prize", "prizes", "title", "titles", "medal", "medals", "trophy", "cup", "championship",
    "championships", "champion", "champions", "tournament", "race", "races", "finals", "semi-final",
    "semi-finals", "quarter-final", "semifinal", "match", "matches", "league", "chart", "charts", "nomination",
    "nominations", "nominated", "oscar", "oscars", "grammy", "grammys", "bafta", "baftas", "victory", "win",
    "won", "winner", "winning", "runner-up", "seconds", "secs", "scored", "lap", "olympic",
    "olympics", "heptathlon", "marathon", "sprint", "sprinter", "athlete", "athletes", "striker", "midfielder",
    "squad", "team-mate", "album", "film", "movie", "song", "sequel", "winners", "category", "categories",
    "ratings", "relegation",
})

# lower-case words of harm, force and fighters: a sentence with one keeps the act
_HARM = frozenset({
    "kill", "killed", "killing", "dead", "died", "death", "deaths", "wounded", "wounding", "injured",
    "injuring", "casualties", "hospital", "hospitalised", "hospitalized", "blood", "bloody", "police",
    "policemen", "officers", "troops", "forces", "soldier", "soldiers", "army", "military", "militants",
    "militant", "gunmen", "gunman", "rebels", "rebel", "insurgents", "fighters", "attackers", "assailants",
    "mob", "bomb", "bombs", "shelling", "rocket", "rockets", "missile", "missiles", "gun", "guns", "gunfire",
    "rifle", "weapon", "weapons", "bullet", "bullets", "knife", "knives", "stick", "sticks", "baton", "batons",
    "riot", "riots", "rioters", "protesters", "demonstrators", "prisoner", "prisoners", "detainee", "detainees",
    "torture", "tortured", "assault", "assaulted", "raped", "hostage", "hostages", "war", "terrorist",
    "terrorists", "airstrike", "airstrikes", "artillery", "tank", "tanks", "fans", "supporters", "hooligans",
    "stabbed", "shot", "punched", "kicked", "stabbing", "blast", "blasts", "explosion", "explosions", "bomber",
    "bombers", "bombing", "bombings", "attack", "attacks", "shells", "grenade", "grenades",
})


# a verb-tagged "hit" with these dependents or in these roles is the noun, a success ("a ratings hit",
# "her 1991 hit Tears In Heaven", "the hit film"): the parser tags it so where the noun is rare in its data
_NOUN_CHILDREN = frozenset({"det", "poss", "nummod", "amod", "compound"})
_NOUN_ROLES = frozenset({"amod", "compound", "appos", "attr", "dobj", "pobj", "nsubj", "nsubjpass"})


# lower-case words of a football match, and of labour: a "strike" among the first and none of the second
# is a shot at goal
_FOOTBALL = frozenset({
    "goal", "goals", "scored", "net", "penalty", "header", "equaliser", "equalizer", "striker", "midfielder",
    "goalkeeper", "half-time", "referee", "offside", "foul",
})
_LABOUR = frozenset({
    "union", "unions", "workers", "staff", "employees", "pay", "wage", "wages", "industrial", "walkout",
    "picket", "pickets", "ballot", "action", "strikers",
})


def _words(t: Token) -> set[str]:
    return {w.lower_ for w in t.sent} if t.doc.has_annotation("SENT_START") else {w.lower_ for w in t.doc}


def in_contest(t: Token, plover: str = "ASSAULT") -> bool:
    """`t`, a trigger read as `plover`, is a contest verb in a sentence that names a contest and no harm, or
    "hit" used as the noun for a success (an ASSAULT); or football's "strike" (a PROTEST)."""
    lem = lemma(t)
    if plover == "PROTEST":
        return lem == "strike" and t.tag_.startswith("NN") and not (w := _words(t)).isdisjoint(_FOOTBALL) \
            and w.isdisjoint(_LABOUR)
    if plover != "ASSAULT" or lem not in CONTEST_VERBS:
        return False
    words = _words(t)
    if lem == "hit" and (t.dep_ in _NOUN_ROLES or any(c.dep_ in _NOUN_CHILDREN for c in t.children)):
        return words.isdisjoint(_HARM)  # not a headline's "Blast Hits Australian Embassy"
    return not words.isdisjoint(_CONTEST) and words.isdisjoint(_HARM)
