"""Number of people killed, as a sentence or a note states it.

Rules (documented choices; summary in docs/coding.md "Fatalities"):

* Counted: deaths stated with a number or a singular person ("killing 4 villagers", "9 troops were
  killed", "a farmer was shot dead", "one person died", "2 killed, 5 injured", "death toll rose to 40").
  Separate statements add up ("6 police were killed ... 2 attackers were also killed" = 8);
  coordinated counts add up ("4 police and 3 guards were killed" = 7); a range counts its lower
  bound ("3-5 soldiers" = 3).
* Not counted: injuries; parts of a count already given ("10 fighters including 3 officers");
  deaths that cannot be told from injuries or captures ("killed or wounded", "killing and wounding an
  unknown number", "killed, injured or captured"); deaths given as background ("a march for a student
  who was killed last year", "the men who killed a guard", "over the death of"), from disease, or as
  another source's figure ("other reports say 20"); threats ("threatened to kill").
* A declared total wins over counting, in the notation of ACLED-style event notes: "Fatalities coded
  as N", a closing "N fatalities.", "Fatalities are split across K events (N)" (this event's share),
  "N fatalities split among K events" (N divided by K, rounded down).
* 0 only where the text says nobody died ("No fatalities", "no casualties", "without casualties",
  "neither injuries nor fatalities"); a text that says nothing about deaths gives None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from flashpoint.records import Event, Sentence

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12, "a": 1, "an": 1, "another": 1,
    "single": 1,
}
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|four|five|six|seven|eight|nine)"
_NUM_WORDS = "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
# a number: digits, "5-7" (lower bound), "twenty-one", or a number word
NUM = rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\s*-\s*\d+)?|{_TENS}|{_NUM_WORDS})"
_QUAL = (r"(?:(?:at least|at most|more than|over|some|about|around|nearly|almost|up to|as many as|"
         r"approximately|roughly|a total of|another|an estimated|a further|further)\s+)*")
_PASSIVE_DEATH = (r"(?:fatally (?:shot|stabbed|wounded|injured|assaulted|attacked|beaten|hit)|killed|shot dead|shot to death|stabbed to death|beaten to death|burned to death|"
                  r"burnt to death|hacked to death|lynched|murdered|slain|executed|beheaded|massacred|"
                  r"assassinated|found dead|shot and killed|gunned down|confirmed dead|reported dead)")
_INTRANSITIVE = r"(?:died|dead|lost (?:their|his|her) lives?|perished|succumbed)"
_ACTIVE = (r"(?:killed|killing|kills|kill|shot dead|shooting dead|massacred|executed|executing|beheaded|"
           r"murdered|murdering|assassinated|claimed the lives of|claiming the lives of|left|leaving|"
           r"shot and killed|stabbed to death|hacked to death|beat to death|fatally shot|fatally stabbed|fatally wounded|"
           r"fatally injured)")
_AUX = r"(?:was|were|have been|had been|has been|got|being|been)"
_ADV = r"(?:(?:(?:kidnapped|abducted|attacked|shot|tortured|beaten|stabbed|ambushed|captured|arrested|raped|injured and later) and|also|reportedly|allegedly|reported|later|subsequently|all|both|were|was|have been|had been|has been|been|being|got|confirmed|presumably|reportedly)\s+)*"
_UNCERTAIN = re.compile(
    r"\s*(?:,?\s*(?:and/or|or|and|/)\s*(?:wounded|injured|captured|arrested|abducted|kidnapped|injuring|wounding))"
    r"|\s*,\s*(?:wounded|injured)\s*(?:,|and|or)",
    re.I,
)
_UNCERTAIN_BEFORE = re.compile(r"(?:wounded|injured|injuring|wounding)\s*(?:or|and/or|/)\s*$", re.I)
_SUBSET = re.compile(r"(?:including|includes|include|among them|among whom|of whom|of them|out of|of these|incl\.)\s*(?:at least\s+)?$", re.I)
_BACKGROUND = re.compile(
    r"\b(?:who|whom)\s+(?:(?:had|has|have|was|were|been|allegedly|reportedly|recently)\s+)*(?:killed|died|murdered)\b"
    r"|(?<!result in )(?<!resulted in )(?<!resulting in )(?<!results in )(?<!caused )(?<!causing )(?<!led to )(?<!leading to )(?<!suffered )"
    r"\b(?:(?:the|a)\s+)?(?:killing|death|deaths|murder|murders|killings|assassination)\s+of\b"
    r"|\b(?:justice for|revenge for|retaliation for|in memory of|commemorat\w*|funeral|mourn\w*)\b",
    re.I,
)
_PERSON_NOUN = (r"(?:director|head|manager|secretary|spokesman|spokesperson|representative|engineer|contractor|"
                r"personnel|bomber|chairperson|chairman|man|woman|boy|girl|child|person|civilian|soldier|policeman|policewoman|officer|"
                r"member|fighter|militant|commander|leader|resident|villager|farmer|trader|student|teacher|"
                r"driver|worker|journalist|guard|youth|teenager|adolescent|victim|protester|demonstrator|"
                r"suspect|prisoner|inmate|shepherd|elder|cleric|scholar|official|councilor|councillor|"
                r"chief|politician|activist|lawyer|doctor|nurse|businessman|merchant|miner|herder|"
                r"infant|baby|girl|pedestrian|passenger|security personnel|militiaman|rebel|gunman|"
                r"attacker|assailant|bystander|minor|relative|brother|sister|son|daughter|father|mother|"
                r"husband|wife|employee|vendor|tribesman|individual|kid|recruit|staff|priest|imam|pastor|"
                r"monk|nun|colonel|general|lieutenant|captain|sergeant|major|corporal|private|agent|"
                r"mayor|governor|judge|deputy|candidate|gang member|drug trafficker|trafficker|pilot|"
                r"sniper|bodyguard|informant|police|Arbaki)")

# "killing 5 civilians", "killed a police officer", "shot dead two men"
_ACTIVE_RX = re.compile(rf"\b(?P<verb>{_ACTIVE})\s+{_QUAL}(?P<n>{NUM}|the|him|her)\b(?P<rest>[^.;]{{0,60}})", re.I)
# "12 soldiers were killed", "a man was shot dead", "one person died", "3 militants were also killed"
_PASSIVE_RX = re.compile(
    rf"(?<![\w-])(?P<pre>{_QUAL})(?P<n>{NUM})\b(?P<np>(?:\s+(?!(?:were|was|have|has|had|or|who|which|that|but|while|after|when|in|on|at|by)\b)(?!and\s+(?:{NUM}|his|her|their)\b)(?!\d)[\w'’/-]+){{0,7}}?)"
    rf",?\s+(?P<aux>(?:(?:also|reportedly|allegedly|reported|later|all|both)\s+)*{_AUX}\s+)?{_ADV}(?P<verb>{_PASSIVE_DEATH}|{_INTRANSITIVE})\b",
    re.I,
)
# "the victim died", "the man was killed"
_DEFINITE_RX = re.compile(
    rf"\b(?:the|this|that)\s+(?:\w+\s+){{0,2}}?(?:{_PERSON_NOUN})\s+(?:{_ADV})(?:{_PASSIVE_DEATH}|{_INTRANSITIVE})\b",
    re.I,
)
# "resulting in the death of a farmer", "caused the deaths of 3 civilians"
_RESULT_RX = re.compile(
    rf"\b(?:result\w*\s+in|caus\w*|lead\w*\s+to|led\s+to|ended\s+in)\s+(?:the\s+)?(?:deaths?|killing)\s+of\s+{_QUAL}(?P<n>{NUM}|the|his|her)\b(?P<rest>[^.;]{{0,60}})",
    re.I,
)
# "the body of a trader was found", "3 bodies were found"
_BODY_RX = re.compile(
    rf"\b(?:the\s+)?(?:(?P<one>body|corpse)\s+of\s+(?:a|an|the)\b|(?:{_QUAL})(?P<n>{NUM})\s+(?:\w+\s+){{0,2}}?(?:bodies|corpses)\b|(?:bodies|corpses)\s+of\s+{_QUAL}(?P<n2>{NUM})\b)[^.;]{{0,80}}?\b(?:was|were|had been|have been)\s+(?:\w+\s+)?(?:found|discovered|recovered)\b",
    re.I,
)
# "stabbed a guard to death", "beat two men to death"
_TO_DEATH_RX = re.compile(
    rf"\b(?:stabbed|beat|beaten|tortured|hacked|burned|burnt|shot|strangled|stoned|lynched|clubbed|hanged)\s+{_QUAL}(?P<n>{NUM}|the)\s+(?P<np>(?:[\w'-]+\s+){{0,5}}?)to\s+death\b",
    re.I,
)
# "resulting in 3 police and 1 rebel fatality", "4 rebel fatalities"
_FAT_NOUN_RX = re.compile(
    rf"(?<![\w-])(?P<n>{NUM})\s+(?:[\w-]+\s+){{0,2}}?(?:and\s+(?P<n2>{NUM})\s+(?:[\w-]+\s+){{0,2}}?)?fatalit(?:y|ies)\b",
    re.I,
)
_TOLL_RX = re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at|reached|is|was|stood at|stands at)\s+{_QUAL}(?P<n>{NUM})\b", re.I)
# "1 killed, three injured" in short reports; "5 deaths"
_SHORT_RX = re.compile(rf"(?<![\w-])(?P<n>{NUM})\s+(?:(?:people|persons|civilians|soldiers)\s+)?(?:killed|dead|deaths)\b(?!\s+(?:by|in|when|after|during|following|while))", re.I)

# declared totals
_CODED_RX = re.compile(
    rf"\b(?:fatalities|deaths)(?:\s+and\s+injuries)?\s+(?:are\s+|were\s+|was\s+)?coded\s+as\s+(?P<n>{NUM})\b"
    rf"|\bcoded\s+as\s+(?P<n2>{NUM})\s+fatalit",
    re.I,
)
_SPLIT_SHARE_RX = re.compile(
    rf"\bfatalities\s+(?:are\s+|were\s+)?split\s+(?:across|over|between|among)\s+(?:{NUM})\s+(?:events|locations|days|incidents)\s*\((?P<n>\d+)\)",
    re.I,
)
_SPLIT_DIV_RX = re.compile(
    rf"(?:(?P<n>{NUM})\s+)?fatalit(?:y|ies)\s+(?:are\s+|were\s+)?split\s+(?:across|over|between|among)\s+(?P<k>{NUM})\s+(?:events|locations|days|incidents)\b(?!\s*\()",
    re.I,
)
_ROUNDED_RX = re.compile(rf"\bfatalities\s+(?:are\s+|were\s+)?(?:reported|coded)\s+as\s+half\b[^.;]{{0,20}}?\brounded\s+(?:down|up)\s+to\s+(?P<n>{NUM})\b", re.I)
_TOTAL_RX = re.compile(
    rf"(?:^|(?<=[.;\[(]\s)|(?<=[.;\[(]))\s*(?:total\s+)?(?P<n>{NUM})\s+fatalit(?:y|ies)\b(?!\s+(?:split|among|in|were|was|of|from|for|distributed))"
    rf"|(?<![\w-])(?P<n2>{NUM})\s+fatalit(?:y|ies)\s*\.?\s*$",
    re.I,
)
_ZERO = re.compile(
    r"\bno\s+(?:\w+\s+)?(?:fatalities|deaths|casualties|one was (?:killed|hurt|injured))\b"
    r"|\bneither\s+(?:\w+\s+)?(?:fatalities|injuries|casualties)\s+nor\s+(?:\w+\s+)?(?:fatalities|injuries|casualties)\b"
    r"|\bno\s+(?:resulting\s+)?(?:injuries|casualties)\s+(?:or|and|nor)\s+(?:fatalities|deaths)\b"
    r"|\bwithout\s+(?:any\s+)?(?:casualties|fatalities|deaths)\b|\bno\s+(?:one|body|people)\s+(?:was|were)\s+killed\b"
    r"|\bno\s+(?:fatalities|deaths|casualties)\s+(?:were\s+)?reported\b|\bnobody\s+(?:was\s+)?(?:killed|died)\b",
    re.I,
)
_MAX_COUNT = 100_000
# a text without any of these states no death (a cheap test before the patterns run)
_DEATH_WORD = re.compile(
    r"\b(?:kill|die|dead|death|fatal|casualt|murder|slain|lives|bod(?:y|ies)|corpse|execut|behead|lynch|massacr|"
    r"assassinat|shot|stab|lost|perish|succumb|toll|beat|hack|burn|strangl|gunned|to death)",
    re.I,
)
_NOT_VIOLENT = re.compile(r"^\S*\s+(?:(?:from|of|due to)\s+)(?:the\s+)?(?:coronavirus|covid|covid-19|illness|disease|natural causes|hunger|starvation|cholera|malaria|heart attack)\b", re.I)
_ALTERNATIVE = re.compile(
    r"\b(?:other|separate|some|alternative|conflicting|unconfirmed)\s+(?:sources|reports)\b"
    r"|\b(?:last|previous|earlier)\s+(?:year|month|week|attack|attacks|incident|clashes)\b|\bsince\s+(?:the|its|it|\d{4}|january|"
    r"february|march|april|may|june|july|august|september|october|november|december)\b|\b(?:so far|this year|to date|in total|overall)\b",
    re.I,
)
# "12 militants including 2 commanders were killed": the part is hidden before counting
_SUBSET_CLAUSE = re.compile(
    r"\(\s*(?:including|incl\.|among them|of whom)[^()]*\)"
    r"|,?\s*\b(?:including|incl\.|among them|among whom|of whom)\s+(?:(?!(?:were|was|and|had|have|has)\b)[^,;.()])+",
    re.I,
)
_NOT_A_COUNT = re.compile(r"\s*(?:number|total|lot|few|series|couple|bomb|car|vehicle|blast|explosion|attack|strike|shell|rocket|mine|landmine|ied)\b", re.I)
_COUNT_BEFORE = re.compile(rf"(?<![\w-]){NUM}\s+$", re.I)
_HURT = re.compile(r"\s*(?:others?\s+|people\s+|persons\s+)?(?:injured|wounded|hurt)\b", re.I)
_ANIMALS = re.compile(r"\s*(?:percent|per cent|%|years?|km|kilometers?|kilometres?|miles|days?|weeks?|months?|hours?|minutes?)\b|\s*(?:[\w-]+\s+)?(?:livestock|cattle|cows?|goats?|sheep|camels?|animals?|dogs?|donkeys?|horses?|pigs?|chickens?|poultry|birds?|heads of)\b", re.I)
_IRREALIS = re.compile(r"(?:\b(?:to|would|will|could|might|may|not)|n't)\s+$", re.I)
_FORWARD_AND = re.compile(rf"\s+and\s+(?:{_QUAL})(?P<n>\d[\d,]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_DATE_LIKE = re.compile(rf"\b{_MONTHS}\b|\b\d{{4}}\b", re.I)


@dataclass(frozen=True, slots=True)
class DeathReading:
    """What one text says about deaths: a counted number, a declared total, or explicitly none."""

    counted: int | None = None  # deaths the text states, summed; None: it states none
    declared: int | None = None  # a total the text declares ("Fatalities coded as N"); wins over counting
    zero: bool = False  # the text says nobody died

    @property
    def value(self) -> int | None:
        if self.declared is not None:
            return self.declared
        if self.counted is not None:
            return self.counted
        return 0 if self.zero else None


def number_value(tok: str) -> int | None:
    """The value of a number as written: "12", "1,200", "5-7" (5), "twenty-one", "a dozen"; None otherwise."""
    t = " ".join(tok.lower().replace(",", "").split())
    m = re.match(r"^(\d+)\s*(?:-\s*\d+)?$", t)
    if m:
        return int(m.group(1))
    m = re.match(rf"^({_TENS})$", t)
    if m:
        tens, unit = re.split(r"[- ]", t)
        return _WORDS[tens] + _WORDS[unit]
    return _WORDS.get(t)


def _is_article(tok: str) -> bool:
    return tok.lower() in ("a", "an", "another", "single")


def _counts(text: str) -> list[tuple[int, int, int]]:
    """(start, end, count) of every death statement in `text`, overlapping ones dropped."""
    text = _SUBSET_CLAUSE.sub(lambda m: " " * len(m.group(0)), text)  # same offsets, parts of counts hidden
    found: list[tuple[int, int, int]] = []

    def add(start: int, end: int, n: int) -> None:
        if n > _MAX_COUNT:
            return
        if any(start < e and s < end for s, e, _ in found):
            return
        found.append((start, end, n))

    for m in _TOLL_RX.finditer(text):
        v = number_value(m.group("n"))
        if v is not None:
            add(m.start(), m.end(), v)
    for m in _RESULT_RX.finditer(text):
        tok = m.group("n")
        v = 1 if tok.lower() in ("the", "his", "her") or _is_article(tok) else number_value(tok)
        if v is not None and (v != 1 or re.match(rf"^\s*(?:[\w'-]+\s+){{0,5}}?{_PERSON_NOUN}\b", m.group("rest"), re.I)
                              or not _is_article(tok) and tok.lower() not in ("the", "his", "her")):
            add(m.start(), m.end("n"), v)
    for m in _BODY_RX.finditer(text):
        v = 1 if m.group("one") else number_value(m.group("n") or m.group("n2") or "")
        if v is not None:
            add(m.start(), m.end(), v)
    for m in _TO_DEATH_RX.finditer(text):
        tok = m.group("n")
        if tok.lower() == "the" or _is_article(tok):
            if not re.search(rf"\b{_PERSON_NOUN}\s*$", m.group("np"), re.I):
                continue
            v: int | None = 1
        else:
            v = number_value(tok)
        if v is not None and not _background(text, m.start()):
            add(m.start(), m.end(), v)
    for m in _ACTIVE_RX.finditer(text):
        tok, rest = m.group("n"), m.group("rest")
        verb = m.group("verb").lower()
        if verb.startswith(("left", "leaving")) and not re.match(r"^\s*(?:[\w-]+\s+){0,3}?(?:dead|killed)\b", rest, re.I):
            continue  # "left 3 dead" counts, "left a note" does not
        if _IRREALIS.search(text[max(0, m.start() - 30): m.start()]):
            continue  # "threatened to kill", "tried to kill"
        if _COUNT_BEFORE.search(text[max(0, m.start() - 30): m.start()]) or _HURT.match(rest):
            continue  # "1 killed 3 injured": the count before the verb is the deaths
        if tok.lower() == "the":
            if not re.match(rf"^\s*(?:[\w'-]+\s+){{0,3}}?{_PERSON_NOUN}\b(?!s)", rest, re.I):
                continue  # "killing the man" counts, "killing the soldiers" has no number
        elif _is_article(tok) and (_NOT_A_COUNT.match(rest) or verb.startswith(("left", "leaving"))):
            continue  # "killed a man" counts, "killed a number of" / "left a mark" do not
        if _uncertain(text, m.start("verb"), m.end("verb")) or _ANIMALS.match(rest):
            continue
        if _background(text, m.start()):
            continue
        v = 1 if tok.lower() in ("the", "him", "her") else number_value(tok)
        if v is None:
            continue
        # "killed a police officer and a civilian", "killing 5 soldiers and 2 civilians"
        end = m.end("n")
        for c in _FORWARD_AND.finditer(rest):
            if c.start() != 0 and not re.match(r"^\s*(?:(?!and\b|or\b)[\w'-]+\s+){0,3}?(?!and\b|or\b)[\w'-]+\s*$", rest[: c.start()]):
                break
            cv = number_value(c.group("n"))
            after = rest[c.end("n"):]
            if cv is None or _ANIMALS.match(after) or (_is_article(c.group("n")) and _NOT_A_COUNT.match(after)):
                break
            v += cv
            end = m.start("rest") + c.end("n")
            break
        add(m.start(), end, v)
    for m in _PASSIVE_RX.finditer(text):
        tok = m.group("n")
        if _SUBSET.search(text[max(0, m.start("n") - 30): m.start("n")].rstrip() + " " if m.start("n") else ""):
            continue
        np = m.group("np") or ""
        if _ANIMALS.match(np) or _NOT_A_COUNT.match(np) or _date_number(text, m.start("n"), m.end("n")):
            continue
        if _is_article(tok) and not (m.group("aux") or m.group("verb").lower().startswith(("died", "lost", "perished", "succumbed"))):
            continue  # "a man was killed", "a woman died" count; "a bomb killed" is no count
        if re.search(r"\bin\b", np, re.I):
            continue  # "3 houses in Kabul ... dead": a count is not that far from its verb
        if _uncertain(text, m.start("verb"), m.end("verb")):
            continue
        if _background(text, m.start("verb")):
            continue
        v = number_value(tok)
        if v is None:
            continue
        # coordinated counts share the verb: "5 policemen and 2 militiamen were killed"; the link next
        # to the verb must be "and" (a comma alone is more often a date or a clause: "On 3 May, 2 ...")
        s0 = m.start()
        link = r",?\s+and\s+"
        while True:
            c = re.search(rf"(?:^|[\s(])(?:{_QUAL})(?P<n>{NUM})\b(?P<np>(?:\s+(?!(?:were|was|and|or|who|in|on|at|by|to)\b)(?![\w'’/-]+ed\b)[\w'’/-]+){{0,4}}?)\s*{link}$", text[:s0], re.I)
            if (not c or _SUBSET.search(text[: c.start("n")].rstrip() + " ") or _DATE_LIKE.search(c.group(0))
                    or re.search(r"\bbetween\s+$", text[max(0, c.start("n") - 12): c.start("n")], re.I)):
                break
            cv = number_value(c.group("n"))
            if cv is None or (_is_article(c.group("n")) and not re.search(rf"\b{_PERSON_NOUN}", c.group("np"), re.I)):
                break
            v += cv
            s0 = c.start("n")
            link = r"(?:,\s*(?:and\s+)?|\s+and\s+)"
        add(s0, m.end(), v)
    for m in _DEFINITE_RX.finditer(text):
        if _uncertain(text, m.end(), m.end()) or _background(text, m.end()):
            continue
        if re.search(r"\b(?:victims|men|women|people|persons|children|soldiers|others)\b", m.group(0), re.I):
            continue
        add(m.start(), m.end(), 1)
    for m in _FAT_NOUN_RX.finditer(text):
        if re.search(r"\b(?:the|these|those|both|all)\s+$", text[max(0, m.start() - 12): m.start()], re.I):
            continue  # "the two fatalities were ..." refers back to a count already given
        v = number_value(m.group("n"))
        v2 = number_value(m.group("n2")) if m.group("n2") else 0
        if v is not None and v2 is not None and not _is_article(m.group("n")) and not _DATE_LIKE.search(m.group(0)):
            add(m.start(), m.end(), v + v2)
    for m in _SHORT_RX.finditer(text):
        v = number_value(m.group("n"))
        if v is not None and not _is_article(m.group("n")) and not _background(text, m.end()):
            add(m.start(), m.end(), v)
    return found


def _date_number(text: str, start: int, end: int) -> bool:
    """The number at text[start:end] is part of a date ("3 May 2020", "May 3, 2020") or a year."""
    tok = text[start:end]
    if re.fullmatch(r"(?:19|20)\d\d", tok):
        return True
    return bool(re.match(rf"\s+{_MONTHS}\b", text[end:end + 12], re.I) or re.search(rf"\b{_MONTHS}\s+$", text[max(0, start - 12):start], re.I))


def _uncertain(text: str, verb_start: int, verb_end: int) -> bool:
    """The death verb at text[verb_start:verb_end] is one of several outcomes: "killed or wounded"."""
    return bool(_UNCERTAIN.match(text, verb_end) or _UNCERTAIN_BEFORE.search(text[max(0, verb_start - 25): verb_start]))


def _background(text: str, pos: int) -> bool:
    """The death at `pos` is not this event's: background (a relative clause or a noun phrase about an
    earlier death), a disease, or another source's alternative figure ("other sources reported 40")."""
    window = text[max(0, pos - 45): pos + 12]
    if _BACKGROUND.search(window) or _NOT_VIOLENT.match(text, pos + 0) or _NOT_VIOLENT.search(text[pos: pos + 40]):
        return True
    clause_start = max(text.rfind(".", 0, pos), text.rfind(";", 0, pos), text.rfind(" but ", 0, pos)) + 1
    return bool(_ALTERNATIVE.search(text[clause_start:pos]))


def _declared(text: str, counted: int | None) -> int | None:
    best: int | None = None

    def take(v: int | None) -> None:
        nonlocal best
        if v is not None and v <= _MAX_COUNT:
            best = v if best is None else max(best, v)

    for m in _CODED_RX.finditer(text):
        take(number_value(m.group("n") or m.group("n2")))
    for m in _SPLIT_SHARE_RX.finditer(text):
        take(number_value(m.group("n")))
    for m in _ROUNDED_RX.finditer(text):
        take(number_value(m.group("n")))
    if best is not None:
        return best
    for m in _SPLIT_DIV_RX.finditer(text):
        k = number_value(m.group("k"))
        n = number_value(m.group("n")) if m.group("n") else counted
        if k and n is not None:
            take(n // k)
    for m in _TOTAL_RX.finditer(text):
        tok = m.group("n") or m.group("n2")
        if not _is_article(tok):
            take(number_value(tok))
    return best


def read_deaths(text: str) -> DeathReading:
    """What `text` says about deaths (see the module docstring)."""
    if not text or not _DEATH_WORD.search(text):
        return DeathReading()
    found = _counts(text)
    counted = sum(n for _, _, n in found) if found else None
    declared = _declared(text, counted)
    return DeathReading(counted, declared, bool(_ZERO.search(text)))


def find_fatalities(text: str) -> int | None:
    """The number of people `text` says were killed; 0 when it says nobody died, else None."""
    return read_deaths(text).value


# --- one article: deaths stated across sentences ------------------------------------------------

_DEATH_TRIGGER = re.compile(r"^(?:kill\w*|die[ds]?|dying|dead|deaths?|fatalit\w*|murder\w*|slain|lives)$", re.I)


def _death_report(ev: Event) -> bool:
    """An event that only reports deaths ("3 soldiers were killed"), naming no attacker."""
    return ev.source is None and bool(_DEATH_TRIGGER.match(ev.trigger.text))


def assign_fatalities(events: list[Event], sentences: list[Sentence]) -> list[Event]:
    """Each violent event's fatalities, read over the sentences that tell its incident (documented rule).

    An incident starts at a sentence with an attack (an ASSAULT event that is more than a death
    report) and runs over the following sentences that add no new attack ("4 militants were also
    killed", "The man died later.", "1 fatality."). Its deaths are the sum of its sentences' counts; a
    total it declares ("Fatalities coded as N", a closing "N fatalities.") wins; with no count and a sentence
    saying nobody died, 0. Every ASSAULT event of the incident gets that figure; other events keep
    theirs (None unless their own sentence reads one). Sentences before the first attack are their
    own incident.
    """
    if not any(ev.plover.type == "ASSAULT" for ev in events):
        return events
    by_sentence: dict[int, list[int]] = {}
    for k, ev in enumerate(events):
        by_sentence.setdefault(ev.sentence.index, []).append(k)
    incidents: list[list[int]] = []  # sentence indices per incident
    for s in sentences:
        attack = any(
            events[k].plover.type == "ASSAULT" and not _death_report(events[k]) for k in by_sentence.get(s.index, [])
        )
        if attack or not incidents:
            incidents.append([s.index])
        else:
            incidents[-1].append(s.index)
    text_of = {s.index: s.text for s in sentences}
    out = list(events)
    for group in incidents:
        members = [k for i in group for k in by_sentence.get(i, []) if events[k].plover.type == "ASSAULT"]
        if not members:
            continue
        readings = [read_deaths(text_of[i]) for i in group if _DEATH_WORD.search(text_of[i])]
        declared = [r.declared for r in readings if r.declared is not None]
        counted = [r.counted for r in readings if r.counted is not None]
        if declared:
            value: int | None = max(declared)
        elif counted:
            value = sum(counted)
        elif any(r.zero for r in readings):
            value = 0
        else:
            value = None
        for k in members:
            if out[k].fatalities != value:
                out[k] = replace(out[k], fatalities=value)
    return out
