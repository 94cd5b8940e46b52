"""Where an event happened, kept apart from places merely mentioned.

:func:`event_location` picks, among the place mentions of a sentence, the one an event's trigger
(at char `anchor`) most likely happened in. Rules (documented choices, kept simple):

* A candidate place must be governed by a locative expression: a preposition "in", "at", "near",
  "outside", "inside", "around", "across", "throughout", "within", "on the outskirts of", or a
  place/direction noun plus "of" ("the town of Gjilan", "north of Kabul"), at most four words
  before it ("in the eastern Kosovan town of", "in the Iranian capital"). A place in parentheses
  inherits the expression governing the parenthesis ("... district (Taizz)", "near Boula Gana
  (Bosso, Diffa)"), and so does a place after unknown names each closed by a comma ("in Barangay
  Tuburan, Tulunan, Cotabato") or after a phrase of unknown names ("in Kala Murchi of Deh Rahwod
  district, Urozgan", "in Dara i Pech (Manogi) district and Asadabad city, Kunar") that holds no known place.
* "from" (origin), "into"/"to"/"towards" (direction: "troops moved into Lebanon"), "on"
  ("the strike on Kharkiv") and "residents of" ("residents of Kasoa demonstrated") are weak:
  used only when no strong locative place is there.
* Places inside ``actor_spans`` and places used as actors ("Tehran said", "Kyiv's army",
  "Turkey-backed", "Burundi troops") are never the location; weak prepositions are ignored in a
  negated sentence ("not launched from Iraqi territory").
* Among candidates: same clause as the anchor first (clauses split at ';' and reporting verbs),
  then strong before weak, then nearest to the anchor. Places of one locative phrase ("in
  Kohistan district, Badakhshan", "(Bosso, Diffa)") stand for its first (most specific) one;
  a later admin1 of the same country fills its ``admin1`` when the gazetteer has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from flashpoint.geo.names import DEMONYMS, owns_ground
from flashpoint.geo.places import PlaceMention
from flashpoint.nlp.dates import CALENDAR_NAMES
from flashpoint.records import Location

__all__ = ["event_location", "finer_unknown", "location_of"]

_STRONG = r"in|at|near|outside|inside|around|across|throughout|within|nearby|off|along|between"
_WEAK = r"from|into|to|towards|toward|on|(?:residents|villagers|inhabitants)\s+of"
_YIELDING = re.compile(r"into|residents|villagers|inhabitants", re.IGNORECASE)
_OF_NOUNS = (
    r"city|town|village|province|governorate|district|region|county|state|areas?|capital|outskirts|"
    r"suburbs?|neighbou?rhood|countryside|municipality|prefecture|oblast|territory|island|"
    r"north|south|east|west|northeast|northwest|southeast|southwest|vicinity|centre|center|"
    r"heart|streets|port|border|province|part|parts|west bank|east bank|kilometres|km|miles"
)
_GOVERN = re.compile(
    rf"(?:\b(?P<strong>{_STRONG})|\b(?P<weak>{_WEAK})|\b(?P<of>{_OF_NOUNS})\s+of)"
    r"(?P<mid>(?:\s+[\w'’\-()\[\]]+(?:\s+\([\w'’\- ]{1,30}\))?){0,5}?)(?P<comma>\s*,)?\s*$",
    # "in Shinwar (Ghani Khel) district, Nangarhar", "in the village of Zibane [Ziban] (Anzourou, Tillaberi)";
    # a name in brackets is no word more: "in Alukozai of Nahri Saraj (Girishk) district, Helmand"
    re.IGNORECASE,
)
# a place noun right before a parenthesis of places: the unnamed place's qualifiers
_PLACE_NOUN_BEFORE = re.compile(
    r"\b(?:village|town|city|district|area|camp|neighbou?rhood|municipality|locality|commune|county|sector|"
    r"subdivision|township|sub-district)\s*$", re.IGNORECASE)
# a possessive after a place makes it a party ("Iran's government", "Moscow's decision") unless it owns ground after
# it ("Harare's streets", "Thailand's southernmost provinces": `names.owns_ground`) or a named part of it
_POSSESSIVE = re.compile(r"['’]s|['’](?![a-z])")
_OWNED_PART = re.compile(r"\s+(?:outskirts|border|centre|center|Old\s+City|"
                         r"(?:[A-Z][\w'’-]+\s+){1,3}(?:district|neighbou?rhood|area|suburb|quarter|township|camp)\b)")
_APPOSED = re.compile(r"\s*,\s*")
_ACTOR_AFTER = re.compile(
    r"\s*-?\s*(?:backed|led|affiliated|aligned|allied|supported|sponsored)\b|"
    r"\s+(?:troops|forces|soldiers|army|military|police|government|officials|authorities|"
    r"militants|fighters|security|navy|air force|embassy|ministry|president|leaders?)\b|"
    r"\s+(?:has\s+|have\s+|had\s+|also\s+|on\s+\w+\s+)?(?:said|says|say|told|tells|announced|"
    r"accused|denied|claimed|warned|threatened|vowed|demanded|urged|called|condemned|rejected|"
    r"insisted|stated|declared|confirmed|added|responded|would|will)\b"
)
# "the West Bank city of Nablus", "the Gaza Strip town of Rafah": what lies between a region and the finer place
# it names
_A_PART_OF = re.compile(r"\s+(?:city|town|village|district|neighbou?rhood|camp|port)\s+of\s+(?:the\s+)?")
# acts that take people or things away from a place, or leave it: a place after "from" is where they happened
_TAKING_AWAY = re.compile(
    r"(?:abduct|kidnap|arrest|detain|withdr[ae]w|evacuat|free|releas|rescu|fle[de]|retreat|pull|deport|remov|snatch|"
    r"evict|escap|defect)\w*", re.IGNORECASE)
_BOUNDARY = re.compile(r";|\b(?:said|says|told|according to)\b")
_NEGATED = re.compile(r"\b(?:not|never|denied|deny|denies)\b|n't\b", re.IGNORECASE)
# a strong locative and names of places unknown, each closed by a comma, before a known place
_AFTER_NAMES = re.compile(rf"\b(?:{_STRONG})\s+(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,3}}\s*,\s*){{1,3}}$")
_MID_STOP = re.compile(r"[,.;:]|\b(?:and|or|but|which|who|that|where|when|after|before|while)\b")
# a strong locative and a phrase of names before a known place: unknown places with their particles and bracketed
# other names, place nouns, "of" and "and" ("in Kala Murchi of Deh Rahwod district, Urozgan", "in Dara i Pech
# (Manogi) district and Asadabad city, Kunar", "in Dih Bala (Hasakamina), Khogyani and Sherzad districts")
_PHRASE_WORD = (r"(?:[A-Z][\w'’-]*(?<!['’]s)|\([^()]{1,40}\)|of|and|i|e|wa|al|el|de|da|das|do|dos|du|des|"
                r"(?:district|village|town|city|area|province|county|township|municipality|locality|sub-district)s?)")
_NAMES_PHRASE = re.compile(
    rf"\b(?:{_STRONG})(\s+)[A-Z][\w'’-]*(?<!['’]s)\s*,?\s+(?:{_PHRASE_WORD}\s*,?\s+){{0,10}}$")


def _overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _party_after(sentence: str, end: int) -> bool:
    """The place ending at `end` stands for a party by what follows it ("Iran's government", "Tehran said")."""
    m = _POSSESSIVE.match(sentence, end)
    if m is not None:
        return not (_OWNED_PART.match(sentence, m.end()) or owns_ground(sentence, m.end()))
    return _ACTOR_AFTER.match(sentence, end) is not None


def _owns_a_place_named(sentence: str, places: Sequence[PlaceMention], i: int) -> bool:
    """Place `i` is in the possessive and the finer place its ground is is named beside it: "in Yala's Betong
    district", "in Thailand's southern province of Narathiwat", "in Congo's capital, Kinshasa", "captured
    Lubumbashi, Zaire's second city"; not "Zaire's border with Rwanda"."""
    pm = places[i]
    if not _POSSESSIVE.match(sentence, pm.end):
        return False
    if i + 1 < len(places) and places[i + 1].start - pm.end <= 60:
        between = sentence[pm.end:places[i + 1].start]
        if not _MID_STOP.search(between.rstrip(", ")) and not re.search(r"\bwith\b", between):
            return True
    return i > 0 and _APPOSED.fullmatch(sentence, places[i - 1].end, pm.start) is not None


def _in_brackets(sentence: str, start: int) -> bool:
    """Char `start` is inside a bracket opened before it."""
    open_par = sentence.rfind("(", 0, start)
    return open_par != -1 and sentence.find(")", open_par, start) == -1


def _governor(sentence: str, start: int, places: Sequence[PlaceMention] = ()) -> tuple[str, int] | None:
    """('strong'|'weak', offset of the expression) for the locative right before `start`.

    A place right after a comma that follows a locative phrase shares its expression
    ("in Kohistan district, Badakhshan"), as does a place in parentheses.
    """
    open_par = sentence.rfind("(", 0, start)
    in_parens = False
    if open_par != -1 and sentence.find(")", open_par, start) == -1:
        inner = sentence[open_par + 1:start]
        if not re.search(r"\b(?:as|if|which|who)\b", inner):
            start, in_parens = open_par, True  # "(Bosso, Diffa)": governed like the parenthesis
    lo = max(0, start - 90)
    m = _GOVERN.search(sentence, lo, start)
    if m is not None and _YIELDING.match(m.group("weak") or "") and m.group("mid").strip():
        # "residents of" and "into" govern the place right after them, and yield to a nearer locative: "residents of
        # Nineveh demonstrated in Baghdad", "broke into a bar near Sao Paulo"
        m = _GOVERN.search(sentence, m.end("weak"), start) or m
    if m is None or _MID_STOP.search(m.group("mid")):
        names = _AFTER_NAMES.search(sentence, lo, start) or _names_phrase(sentence, lo, start, places)
        if names is not None:  # "in Barangay Guibonon, Esperanza, Agusan del Sur": unknown places, then the known
            return "strong", names.start()
        noun = _PLACE_NOUN_BEFORE.search(sentence, max(0, start - 30), start) if in_parens else None
        if noun is not None and not any(0 <= noun.start() - pm.end <= 1 for pm in places):
            # "attacked Nacoba village (Quissanga, Cabo Delgado)": where that village is; a known place before the
            # noun stands for itself ("Mbouda subdivision (Bamboutos, Ouest)")
            return "strong", noun.start()
        return None
    return ("weak" if m.group("weak") else "strong"), m.start()


def _names_phrase(sentence: str, lo: int, start: int, places: Sequence[PlaceMention]) -> re.Match[str] | None:
    """The strong locative whose phrase of unknown names ends at `start` (`_NAMES_PHRASE`), or None: none where the
    phrase holds a known place, which stands for the phrase itself ("between Kuwait and Iraq")."""
    m = _NAMES_PHRASE.search(sentence, lo, start)
    if m is None or any(m.start() <= pm.start < start for pm in places) \
            or sentence[m.end(1):].split(None, 1)[0].strip(",") in DEMONYMS:  # not "across Syrian and Iraq"
        return None
    return m


def _sentence_around(text: str, pos: int) -> str:
    lo = max(text.rfind(". ", 0, pos), 0)
    hi = text.find(". ", pos)
    return text[lo:hi if hi != -1 else len(text)]


def _clause_of(sentence: str, pos: int) -> tuple[int, int]:
    lo, hi = 0, len(sentence)
    for m in _BOUNDARY.finditer(sentence):
        if m.end() <= pos:
            lo = m.end()
        elif m.start() >= pos:
            hi = m.start()
            break
    return lo, hi


def location_of(pm: PlaceMention, admin1: str | None = None) -> Location:
    """The event location record of a place mention (`admin1` where the gazetteer gives none)."""
    p = pm.place
    return Location(text=pm.text, span=(pm.start, pm.end), name=p.name, country=p.country,
                    admin1=p.admin1 or admin1, lat=p.lat, lon=p.lon, precision=p.kind)


def event_location(sentence: str, anchor: int, places: Sequence[PlaceMention], *,
                   actor_spans: Iterable[tuple[int, int]] = (), strict: bool = False) -> Location | None:
    """The place where the event whose trigger is at char `anchor` happened, or None; `strict`: only a place
    after a locative preposition ("in", "at", "near", ...) in the trigger's clause. A place a distance is measured
    from ("48 km north of Baghdad") comes after any other place of the clause: it is where the event was not."""
    if not places:
        return None
    actor_spans = tuple(actor_spans)
    clause = _clause_of(sentence, anchor)
    scored: list[tuple[tuple[int, int, int, int, int], int]] = []
    first_of_phrase: dict[int, int] = {}  # expression offset -> index of its first place
    for i, pm in enumerate(places):
        if _overlaps((pm.start, pm.end), actor_spans) or _party_after(sentence, pm.end):
            continue
        if _owns_a_place_named(sentence, places, i):
            continue
        gov = _governor(sentence, pm.start, places)
        if gov is None:
            continue
        kind, at = gov
        if kind == "weak" and _NEGATED.search(_sentence_around(sentence, pm.start)):
            continue
        # a reference point ("48 km north of Baghdad"); bracketed divisions after one are the event's own, ACLED's
        # way ("west of Mizdah (Al Jabal Al Gharbi)")
        ref = _DISTANCE_OF.search(sentence, max(0, pm.start - 120), pm.start) is not None
        if kind == "weak" and sentence[at:at + 5].lower() == "from " and not _TAKING_AWAY.match(sentence, anchor) \
                and not _in_brackets(sentence, pm.start):  # ACLED's "locals from the Bapere chieftaincy (Lubero, ...)"
            # where from is no place of the act ("immigrants from Ethiopia demonstrated", "captured the Golan from
            # Syria"), unless the act takes people or itself away from there ("abducted two civilians from Bar Ujeed
            # village", "withdrew from the port city of Aden"); a locative after it still is ("women from NGOs
            # demonstrated in Peshawar")
            m = _GOVERN.search(sentence, at + 6, pm.start)  # not "from across Poland"
            if m is not None and m.group("strong") and not _MID_STOP.search(m.group("mid")):
                at = m.start()
            elif not ref:
                continue  # "25 km from Algiers" stays, as a reference point
        same = clause[0] <= pm.start < clause[1]
        if strict and (kind != "strong" or not same):
            continue
        first = first_of_phrase.setdefault(at, i)
        dist = pm.start - anchor if pm.start >= anchor else anchor - pm.end
        scored.append(((0 if same else 1, int(ref), 0 if kind == "strong" else 1, dist, pm.start), first))
    if not scored:
        return None
    _key, i = min(scored)
    best = places[i]
    if i + 1 < len(places) and _A_PART_OF.fullmatch(sentence, best.end, places[i + 1].start) \
            and places[i + 1].place.country in (best.place.country, None):
        best = places[i + 1]  # "in the West Bank city of Nablus": the city, in the region named before it
    # a later admin1/country of the same phrase (within 60 chars) fills admin1
    admin1 = None
    if best.place.admin1 is None:
        for pm in places[i + 1:]:
            if pm.start - best.end > 60:
                break
            if pm.place.kind == "admin1" and pm.place.country == best.place.country:
                admin1 = pm.place.admin1
                break
    return location_of(best, admin1)


# an unknown place right before the known one it lies in: "at Maleley village in Garissa", "attacked Nacoba village
# (Quissanga, Cabo Delgado)", "in the town of Cinar in southeast Turkey", "in the Shaab neighborhood of Baghdad"
_PLACE_NOUN = r"(?:village|town|city|area|camp|neighbou?rhood|locality|suburb|district|sector|settlement|hamlet)"
# a name of an unknown place: capitalised words, or a first word with a lower-case Arabic article ("al-Wafa")
_NAME = r"(?:[A-Z]|(?:al|el|ad|an|ar|as|ash|at|az)-)[\w'’-]+(?:\s+(?:[A-Z]|(?:al|el)-)[\w'’-]+){0,2}"
_DIRECTION = (r"(?:southeast|southwest|northeast|northwest|south|north|east|west|southern|northern|eastern|western"
              r"|central)")
# what names a place before its name: a locative preposition or an act done at a place, with at most two adjectives
# and a place noun ("in the strategic village of", "bombed the town of"); "on", "of" or "to" only with a place noun
# ("an assault on the imperative village of Bashkoy", not "the killing of Ahmed in Kabul"), a verb that may take a
# person ("captured") only with "the" ("captured the Sabr village", not "captured Mahmud Monday in Iraq")
_NAMED_PLACE = (
    rf"(?:\b(?:in|at|near|outside|around|attacked|raided|stormed|shelled|bombed|invaded|entered)\s+(?:the\s+)?"
    rf"(?:(?:[a-z][\w-]*\s+){{0,2}}?{_PLACE_NOUN}s?\s+of\s+)?"
    rf"|\b(?:on|of|to)\s+the\s+(?:[a-z][\w-]*\s+){{0,2}}?{_PLACE_NOUN}s?\s+of\s+"
    rf"|\b(?:captured|seized|liberated|took|retook|recaptured)\s+the\s+"
    rf"(?:(?:[a-z][\w-]*\s+){{0,2}}?{_PLACE_NOUN}s?\s+of\s+)?)"
)
_UNKNOWN_BEFORE = re.compile(
    rf"{_NAMED_PLACE}(?P<name>{_NAME})"
    rf"(?:\s+(?P<noun>{_PLACE_NOUN}))?"
    r"\s*(?:,\s*|\(\s*(?:[^()]{0,40},\s*)?|\s+(?P<prep>in|near|of)\s+(?:the\s+)?"
    rf"(?:{_DIRECTION}\w*\s+)?"
    # "in Tahrawa, a village near Mosul", "in Maryin Gubay, a small town in southern Somalia"
    rf"|\s*,\s*an?\s+(?:[a-z][\w-]*\s+){{0,2}}?{_PLACE_NOUN}\s+(?:in|near|outside|of)\s+(?:the\s+)?"
    rf"(?:{_DIRECTION}\w*\s+)?)$"
)


# a place a distance or direction from which says where something is: "48 km north of Baghdad", "some 100 km west of
# Mosul", "about 160 kilometers (100 miles) west of the Nepalese capital, Katmandu", "in Taji, just north of Baghdad",
# "in Debis west of Kirkuk": a reference point, not the place ("in the north of Syria" is in Syria)
_DIR_OF = r"(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ward)?\s+of\s+"
_DISTANCE_OF = re.compile(
    r"(?:\b\d[\d,.]*\s*-?\s*(?:km|kms|kilomet(?:er|re)s?|(?:nautical\s+)?miles?)\b(?:\s*\([^()]{0,25}\))?\s+"
    rf"(?:from\s+|{_DIR_OF})"  # "25 km from Algiers"
    rf"|(?<=[\w,])(?<!the)(?<!\bin)(?<!\bto)(?<!\bfar)\s+(?:(?:just|slightly|due)\s+)?{_DIR_OF})"
    r"(?:the\s+)?(?:[\w'’-]+,?\s+){0,5}?$",
    re.IGNORECASE,
)
# an unknown place named right before such a distance: "in the town of Mashahda, 48 km north of Baghdad", "in Sinjar
# town, some 100 km west of Mosul", "in Safina, a village around 45 km south of Mosul"
_UNKNOWN_BEFORE_DISTANCE = re.compile(
    rf"{_NAMED_PLACE}(?P<name>{_NAME})(?:\s+{_PLACE_NOUN})?"
    rf"\s*,?\s*(?:an?\s+(?:\w+\s+)?{_PLACE_NOUN}\s*,?\s*)?(?:(?:located|situated|lying)\s+)?"
    r"(?:(?:some|about|around|roughly|approximately|nearly|almost|over|more\s+than|less\s+than|just)\s+)?$"
)


# an unknown part of a known city named right after it: "in Mogadishu's Yaqshid district", "the Algiers suburb of
# Oued Kniss", "the south Baghdad neighbourhood of Al-Bayaa", "Jerusalem's Old City", "Baghdad's northern neighborhood
# of Qahira"; not after "district of" or "town of", which may name the larger place ("in the Lensk district of
# Yakutia", "in Atakent town of Maktaaral district")
_UNKNOWN_AFTER = re.compile(
    rf"(?:['’]s\s+(?P<name>{_NAME})\s+(?:{_PLACE_NOUN}|quarter|township)\b"
    rf"|['’]s\s+(?P<old>Old\s+City)\b"
    rf"|['’]s\s+(?:(?:north|south|east|west)\w*\s+)?(?:{_PLACE_NOUN}|quarter|township)\s+of\s+"
    rf"(?P<its>{_NAME})"
    rf"|\s+(?:suburb|neighbou?rhood|quarter|township)\s+of\s+(?P<part>{_NAME}))"
)


def finer_unknown(sentence: str, loc: Location, places: Sequence[PlaceMention],
                  actor_spans: Iterable[tuple[int, int]] = ()) -> Location:
    """`loc` (sentence offsets), or the unknown place named right before it that lies in it: "killed by bandits at
    Maleley village in Garissa" happened at Maleley, which no gazetteer has: the record's words (`text`, `span`)
    are the village's, and its name, country, division, coordinates and precision those of the known place it lies
    in, the place it is geocoded to (as ACLED codes a village it cannot find to the nearest town it knows). So too
    an unknown place a distance from the known one ("in the town of Mashahda, 48 km north of Baghdad"), and an
    unknown part of a city named right after it ("in Mogadishu's Yaqshid district")."""
    actor_spans = tuple(actor_spans)
    m = _UNKNOWN_BEFORE.search(sentence, max(0, loc.span[0] - 90), loc.span[0])
    far = m is None
    if far:
        d = _DISTANCE_OF.search(sentence, max(0, loc.span[0] - 120), loc.span[0])
        m = _UNKNOWN_BEFORE_DISTANCE.search(sentence, max(0, d.start() - 90), d.start()) if d is not None else None
    if m is None or not _unknown_name(m, "name", places, actor_spans):
        after = _UNKNOWN_AFTER.match(sentence, loc.span[1])
        group = next((g for g in ("name", "old", "its", "part") if after is not None and after.group(g)), None)
        if group is None or not _unknown_name(after, group, places, actor_spans):
            return loc
        return replace(loc, text=after.group(group), span=after.span(group))
    if m.groupdict().get("prep") == "of" and m.groupdict().get("noun") in ("city", "town", "village"):
        return loc  # "the Basque city of Bilbao" is Bilbao ("the Shaab neighborhood of Baghdad" is Shaab)
    out = replace(loc, text=m.group("name"), span=m.span("name"))
    # "in Gursai in Mendher sector, 200 kilometers north of Jammu": the place the one before the distance lies in
    return finer_unknown(sentence, out, places, actor_spans) if far else out


def _unknown_name(m: re.Match[str], group: str, places: Sequence[PlaceMention],
                  actor_spans: tuple[tuple[int, int], ...]) -> bool:
    """The name `m` matched in `group` may be an unknown place: no known place, no party's words, no month, article,
    demonym, building or institution ("in March in Las Vegas", "Highland Hospital in Oakland"), nor the adjective
    of "the Serb-controlled town of Foca"."""
    a, b = m.span(group)
    name = m.group(group)
    if any(a < p.end and p.start < b for p in places) or _overlaps((a, b), actor_spans):
        return False
    words = name.split()
    return not (words[0] in _NOT_NAMES or name in DEMONYMS or words[-1] in _FACILITIES or re.search(r"-[a-z]", name))


_NOT_NAMES = frozenset({
    "The", "A", "An", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our",
} | {w.capitalize() for w in CALENDAR_NAMES})
# a name ending in one of these is a building, an institution or an event, not a place the event lies in
_FACILITIES = frozenset({
    "Office", "Offices", "Hospital", "University", "College", "School", "Theater", "Theatre", "Embassy", "Consulate",
    "Parade", "Bar", "Cafe", "Restaurant", "Hotel", "Ministry", "Mosque", "Church", "Temple", "Stadium", "Market",
    "Bank", "Airport", "Station", "Prison", "Jail", "Square", "Street", "Road", "Bridge", "Palace", "Center", "Centre",
    "Building", "Court", "Headquarters", "Club", "Mall", "Company", "Factory", "Festival", "Conference", "Summit",
})
