"""Place names in a sentence: capitalised word sequences that name a gazetteer place.

Rules (documented choices):

* Only capitalised tokens start or end a name; lowercase particles (of, al, de, ez, ...) may join
  capitalised tokens ("Deir ez-Zor", "Rio de Janeiro"). Within a run the longest gazetteer name
  wins, left to right, up to five tokens.
* A single-token name that is a city, or a country/admin1 that is also a personal name
  ("Jordan", "Chad", "Georgia"), is rejected when it sits next to another capitalised name-like
  token ("Jordan Smith", "Michael Jordan", "Tehran Times"), unless that token is a place noun
  ("Kabul Province") or a direction ("Northern Syria").
* Demonyms are not places ("Iranian"), but "the Iranian capital" is that country's capital, and
  "the capital" is the capital of ``country_hint`` when one is given.
* A place qualified by the region or country right after it ("Valparaiso, Zacatecas", "Kurla town
  (Mumbai Suburban, Maharashtra)", "Karak area in Dar'a") is read in that country; a town that has no
  such reading is dropped and the region stands for it. Lists ("Washington, Britain and France"), countries and
  national capitals are not read as qualified; nor is a town by a direction that names regions of
  several countries ("North-West") or a name only a near spelling matched ("Marampa" is not Vanuatu's
  Malampa), unless the town has a reading in that country. A division of several countries by its own
  name still qualifies: "El Alcazar (Misiones)" is in Argentina's or Paraguay's Misiones, not Spain.
* A town in parentheses right after a town of another country is a part of it ("Panama City (Bella
  Vista)" is no Dominican city).
* A name right before "square", "street", "avenue", "bridge", "roundabout" or "boulevard" names a
  landmark, not a town ("the Saray square"); before "city" or "town" a city is read before a region of
  that name ("Amara city": Iraq's, not Ethiopia's region).
* Ambiguous names prefer a place in a country the sentence otherwise mentions (a country, a
  country's possessive "Pakistan's Punjab", a demonym, an unambiguous place) or in ``country_hint``;
  otherwise the gazetteer's ranking. A possessive is no part of the name after it ("Syria's Aleppo").
* A sentence's places are read together (`_agree`): a town lies in the region its qualifier or the sentence
  names ("Esperanza, Agusan del Sur" is none of the gazetteer's Esperanzas, so the province stands for it), and a
  small town of a country nothing else names, far from the sentence's other places, is a namesake the gazetteer
  lacks ("on Lido beach in Mogadishu").
* A one-word region right after another capitalised name ends a longer name ("Santo Nino Norte" is
  no region "Norte"), and a name joined by an Arabic article to a name before it ends a longer one
  ("Jabal al-Zawiya" is no town "Zawiya").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flashpoint.geo.gazetteer import (
    Place,
    compare_key,
    distance_km,
    division_fits,
    gazetteer,
    norm_key,
    region_key,
)
from flashpoint.geo.names import CURRENCY_WORDS, DEMONYMS, PERSON_LIKE, PLACE_NOUNS, SEATS, owns_ground
from flashpoint.nlp.dates import CALENDAR_NAMES

__all__ = ["PlaceMention", "find_places"]


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in a text: its words, char span, and the gazetteer place chosen."""

    text: str
    start: int
    end: int
    place: Place


_UP = "A-ZÀ-ÖØ-Þ"
_PARTICLES = (
    r"(?:of|the|de|del|la|las|los|le|al|el|ad|as|ar|ash|at|az|an|es|ez|ul|e|du|des|da|do|dos|das|di|bin|bani|i|wa)"
)
_WORD = rf"(?:[{_UP}](?:\.[{_UP}])+\.?|[{_UP}]&[{_UP}]\b|[{_UP}][\w'’]*(?:-[\w'’]+)*)"  # "J&K" is one word
_RUN = re.compile(rf"{_WORD}(?:[ ](?:{_PARTICLES}[ -])*{_WORD})*")
_TOKEN = re.compile(rf"{_WORD}|{_PARTICLES}\b")
_CAPITAL = re.compile(r"\b(?:(?P<own>[A-Z][a-z]+(?: [A-Z][a-z]+)?)['’]s\s+"  # "Somalia's capital"
                      r"|(?:[Tt]he\s+)?(?:(?P<dem>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+)?)capital\b")
_DIRECTIONS = frozenset({
    "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
    "northeastern", "northwestern", "southeastern", "southwestern", "upper", "lower", "greater",
    "occupied", "rural", "in", "the",
})
_APPOSED_NAME = re.compile(r"(?: city)?,?\s*")  # "Somalia's capital, Mogadishu", "the Iranian capital Tehran"
_APPOSED_AFTER = re.compile(r",\s*(?:the\s+)?")  # "Katmandu, Nepal's capital"
_BARANGAY = re.compile(r"\b[Bb]arangays?\b")
_DEMONYM_RX = re.compile(r"\b(?:" + "|".join(sorted(DEMONYMS, key=len, reverse=True)) + r")\b")
_MAX_TOKENS = 5
_CITY_WORD = re.compile(r" (?:city|town)$")  # "Surif City" is named "Surif"
_KNOWN_CITY = 100_000  # people: a town this large is known by its other names too ("Bombay")
_WORLD_CITY = 1_000_000  # people: a city this large is known by its other names anywhere ("Peking")
_POSSESSIVE = re.compile(r"['’]s$")
_POSSESSIVE_RX = re.compile(r"\b([A-Z][\w-]*)['’]s\b")
_ARTICLES = frozenset({"al", "el", "ad", "as", "ar", "ash", "at", "az", "an", "es", "ez", "ul"})
_NOT_ENGLISH = _ARTICLES - {"as", "at", "an"}  # the articles that are no English word ("LoC at Kahuta")
_JOINING = _NOT_ENGLISH | {"de", "del", "la", "las", "los", "du", "des", "da", "do", "dos", "das", "di"}
# the divisions' own words, in the languages of those particles: "Departamento de Antioquia" names Antioquia
_LOCAL_PLACE_NOUNS = frozenset({"departamento", "provincia", "estado", "municipio", "ciudad", "distrito", "region",
                                "comuna", "departement", "ville", "cidade", "regiao", "wilaya", "muhafazat"})
_FUNCTION_WORDS = frozenset({"of", "the", "and", "in", "at", "on", "for", "to", "from", "by", "with", "near"})
_ARTICLE_BEFORE = re.compile(r"(?:^|[\s(])(?:" + "|".join(sorted(_NOT_ENGLISH)) + r")[ -]$")
_OPEN_QUOTES = frozenset("\"'“‘")
_CLOSE_QUOTES = frozenset("\"'”’")
_CURRENCY_AFTER = re.compile(r" (?:" + "|".join(sorted(CURRENCY_WORDS)) + r")\b")
_QUALIFIER = re.compile(r"(?: (?:town|village|city|district|area|municipality|locality|county|province|suburb|"
                        r"sector)){0,2}"
                        r"\s*[,(]\s*"
                        r"| (?:town|village|district|area|municipality|locality|neighbou?rhood|countryside)"
                        r" in (?:the )?(?:(?:north|south|east|west|central)\w* )?")  # "Hays district in western Yemen"
# a locality of a place named after it, with any unknown names between ("the Haidarabad area of Nahri Saraj district,
# Helmand", "Sira neighbourhood of Aden city"): the place must lie in the country of the first known place after
_LOCALITY_NOUNS = r"(?:area|village|neighbou?rhood|quarter|suburb|locality|sector)"
_LOCALITY_AFTER = re.compile(rf" {_LOCALITY_NOUNS}\b")
_LOCALITY_OF = re.compile(rf" {_LOCALITY_NOUNS} (?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)? )?"
                          r"of (?:the )?")  # "area west of"
_UNKNOWN_NAMES = re.compile(r"(?:[A-Z][\w'’-]*|[a-z]{1,3}|\([^()]{0,30}\)|district|province|sub-district|"
                            r"municipality|city|town|[ ,-])*")
# a part of a town named before it ("Rangel neighborhood"), not after an article ("a Gaza City neighborhood")
_PART_OF_TOWN_AFTER = re.compile(r" (?:neighbou?rhood|quarter|suburb|comunidad|colonia|barrio|bairro)\b(?! of\b)")
_PART_OF_TOWN_BEFORE = re.compile(r"\b(?:Barangay|Colonia|Barrio|Bairro) $")  # "Barangay Guibonon"
_OWNER_BEFORE = re.compile(r"\b[Aa]n? $")
_SEA_USE_AFTER = re.compile(r" (?:port|coast|coastal|coastline|waters|island)\b")  # "the Red Sea port city"
_LIST_GOES_ON = re.compile(r"\s*(?:,\s*[A-Z]|,?\s*(?:and|or|&)\b)")
_TOWN_BEFORE = re.compile(
    r"\b(?:[Ii]n|at|near|outside|inside|around|(?:town|village|city|district|area|municipality|locality|suburbs?|"
    r"neighbou?rhood|outskirts|camp|commune|county|province|island) of)(?: the)? $")
_TOWN_AFTER = re.compile(
    r"(?: (?:town|village|city|district|area|municipality|locality|neighbou?rhood|camp|commune|county|"
    r"province|region|sub-district|subdistrict|township)\b|\s*\()")
# Indian states (and Pakistan's Kashmir) as news reports abbreviate them in a place's qualifier ("Chimakurthi town
# (Prakasam, AP)", "(Poonch district, J&K)", "(Haveli district, AJK)")
STATE_ABBREVIATIONS = {
    "AP": "Andhra Pradesh", "TN": "Tamil Nadu", "TS": "Telangana", "HP": "Himachal Pradesh", "UP": "Uttar Pradesh",
    "MP": "Madhya Pradesh", "WB": "West Bengal", "JK": "Jammu and Kashmir", "J&K": "Jammu and Kashmir",
    "AJK": "Azad Kashmir",
}
# abbreviations that stand alone in a parenthesis for the state ("Keylong (HP)"); "(AP)" is the Associated Press,
# "(MP)" a member of parliament, "(WB)" the World Bank: those only after a comma
_ALONE_IN_PARENS = frozenset({"HP", "TN", "TS", "JK", "J&K", "AJK"})
_QUALIFIER_BEFORE = re.compile(r"(?:, |\()$")  # a name after a comma or a parenthesis qualifies a place
# ... and goes on to another qualifier, closes the parenthesis or ends the sentence ("in San Carlos, Negros
# Occidental.")
_IN_QUALIFIER = re.compile(r"\s*(?:[,);]|\.(?:\s|$))")
_CLOSES = re.compile(r"\s*\)")
_AFTER_A_NAME = re.compile(r"[A-Z][\w'’-]*[a-z], $")  # "Erval Velho, ": a name, then a comma
_LEADING = frozenset({"In", "At", "Near", "Outside", "Around", "The"})  # "In Halba, ..." is one capitalised run
_FOREIGN_TAIL = re.compile(r" [a-z]{1,5}[ -][A-Z]")  # "Keran wa Menjan", "Shakhta imeni Gagarina"
_NOUN_AFTER = re.compile(r"[ -](?:[Pp]rovince|[Gg]overnorate|[Rr]egion|[Ss]tate|[Oo]blast)\b")
_CITY_AFTER = re.compile(r" (?:[Cc]ity|[Tt]own)\b")
_DISTRICT_AFTER = re.compile(r" [Dd]istrict\b")
# "Tripoli Airport", "Hama Airbase", "Patna University": a facility named after the town it serves, in that town
_FACILITY_AFTER = re.compile(r" (?:International )?(?:[Aa]irport|[Aa]irbase|[Aa]ir [Bb]ase|[Aa]irfield|[Pp]rison"
                             r"|[Uu]niversity)\b")
# a name before one of these names a landmark ("the Saray square", "the Palma bridge"), not the town it may share
# (a road or highway is named after the towns it joins: "the Tripoli-Beirut highway" is near both)
_LANDMARK_AFTER = re.compile(r" (?:[Ss]quare|[Ss]treet|[Aa]venue|[Bb]ridge|[Rr]oundabout|[Bb]oulevard|[Cc]emetery)\b")


def _is_ambiguous(key: str, place: Place, ntok: int) -> bool:
    return ntok == 1 and (place.kind == "city" or key in PERSON_LIKE)


def _name_like(tok: str) -> bool:
    """A capitalised word that can be part of the same name; not a place noun, a direction, a
    possessive ("Syria's Aleppo": the possessive says whose, it is not a longer name), a capitalised
    function word ("the countryside Of Dar'a"), or a day or month ("demonstrated in Rotterdam Monday", "in
    Jerusalem Thursday noon": a date)."""
    low = tok.lower()
    return tok[:1].isupper() and norm_key(tok) not in PLACE_NOUNS and low not in _DIRECTIONS \
        and not _POSSESSIVE.search(tok) and low not in _FUNCTION_WORDS and low not in CALENDAR_NAMES


def _tail_of_longer_name(text: str, toks: list[tuple[int, int, str]], i: int) -> bool:
    """The name at token i ends an unknown longer name joined by an Arabic article or a Spanish, French or
    Portuguese particle: "Jabal al-Zawiya" is a mountain, not the Libyan town Zawiya; "Ghadir al Bostan" is no
    Boston, "Choro del Mono" no Beninese Mono; but "Estado de Mexico", "Provincia de Buenos Aires" name it."""
    joint = text[toks[i - 1][1]:toks[i][0]] if i >= 2 else ""
    if i < 2 or not (joint == "-" and toks[i - 1][2] in _ARTICLES or joint == " " and toks[i - 1][2] in _JOINING):
        return False
    return _name_like(toks[i - 2][2]) and norm_key(toks[i - 2][2]) not in _LOCAL_PLACE_NOUNS


def _article_name(text: str, start: int, key: str, place: Place) -> bool:
    """A name written after an Arabic article ("al Malaqa", "el-Bostan") read as a town whose own name has
    none, by another of its names (Malaga's Arabic one): an Arabic name the gazetteer does not know."""
    if not _ARTICLE_BEFORE.search(text, 0, start):
        return False
    own = norm_key(place.name)
    return own != key and re.split(r"[ -]", own, maxsplit=1)[0] not in _ARTICLES


def _owner_place(places: tuple[Place, ...], text: str, after: int) -> tuple[Place, ...]:
    """A town or region named in the possessive is a place when a part of it follows: a name, a place
    noun, or a direction before one ("Baghdad's central Tahrir Square", "Mogadishu's Hodan district");
    not a country before a name (its possessive names whose, "Syria's Aleppo"), and not before a common noun
    ("Moscow's decision": the government). A town or a country is a place before ground it owns ("Harare's
    streets", "Thailand's southernmost provinces": `names.owns_ground`)."""
    if not places:
        return ()
    words = [w.strip(",.;:") for w in text[after:after + 60].split()[:2]]
    if not words:
        return ()
    first = words[1] if words[0].lower() in _DIRECTIONS and len(words) > 1 else words[0]
    if places[0].kind != "country" and (first[:1].isupper() or norm_key(first) in PLACE_NOUNS):
        return places
    return places if owns_ground(text, after) else ()


def _split_joined(toks: list[tuple[int, int, str]], gz: Any) -> list[tuple[int, int, str]]:
    """Tokens of names joined by hyphens ("Mogadishu-Hodan district", "the Tripoli-Beirut highway", "the
    Chtaura-Masnaa road") split into their names, where every part is capitalised and the whole is no
    name the gazetteer knows ("Guinea-Bissau", "Ivano-Frankivsk" stay whole; "Turkey-backed" is no name)."""
    out: list[tuple[int, int, str]] = []
    for start, end, word in toks:
        parts = word.split("-")
        if len(parts) < 2 or not all(p[:1].isupper() and len(p) >= 3 for p in parts) or gz.get_key(norm_key(word)):
            out.append((start, end, word))
            continue
        at = start
        for part in parts:
            out.append((at, at + len(part), part))
            at += len(part) + 1
    return out


def _town_hit(gz: Any, text: str, toks: list[tuple[int, int, str]], i: int,
              n: int) -> tuple[int, str, tuple[Place, ...], int] | None:
    """A town the main index lacks, read only where the text says it is a place: after "in", "at",
    "near" ... or "the village of", or before a place noun or a parenthesis ("in Halba", "Kupwara
    district", "Junqan (Chaharmahal and Bakhtiari)"); only a whole capitalised run (after a capitalised
    "In", "At" ...), the main index having found no place in it."""
    if any(t[2] not in _LEADING for t in toks[:i]) or n - i > _MAX_TOKENS or _POSSESSIVE.search(toks[-1][2]) \
            or _FOREIGN_TAIL.match(text, toks[-1][1]):
        return None  # a part of a longer name ("Kelly Village", "Passo da Caveira", "Keran wa Menjan")
    end = toks[-1][1]
    key = norm_key(text[toks[i][0]:end])
    places = gz.towns(key) or gz.respelled(key)  # "in Kafr Qaseem": Kafr Qāsim
    if places and (_TOWN_BEFORE.search(text, max(0, toks[i][0] - 40), toks[i][0]) or _TOWN_AFTER.match(text, end)
                   or places[0].kind == "admin2" and _IN_QUALIFIER.match(text, end)
                   and _QUALIFIER_BEFORE.search(text, max(0, toks[i][0] - 3), toks[i][0])):
        return n, key, places, end  # a district also as a town's qualifier: "(Mahliyah, Marib)", "(Jhenaidah)"
    state = STATE_ABBREVIATIONS.get(toks[i][2]) if n - i == 1 else None
    if state is not None and re.match(r"\s*\)", text[end:]) \
            and re.search(r"[,(]\s*$" if toks[i][2] in _ALONE_IN_PARENS else r",\s*$",
                          text[max(0, toks[i][0] - 3):toks[i][0]]):
        places = tuple(p for p in gz.get_key(norm_key(state)) if p.kind == "admin1")
        if places:  # "(Prakasam, AP)", "(Tenkasi ,TN)", "Keylong (HP)": a state written as its abbreviation
            return n, key, places, end
    if n - i == 1 and (_QUALIFIER_BEFORE.search(text, max(0, toks[i][0] - 3), toks[i][0])
                       or _NOUN_AFTER.match(text, end)):
        places = gz.admin1_variant(key)  # "Tarinkot district, Urozgan", "(Balet Weyne, Hiraan)", "Wassit province"
        if places:
            return n, key, places, end
    return None


def _longer_name_goes_on(toks: list[tuple[int, int, str]], j: int, n: int) -> bool:
    """The capitalised run goes on after a town's name of several words with another name, or with a
    particle and a name: the town's name begins a longer one."""
    while j < n and not toks[j][2][:1].isupper():  # particles: "de la"
        j += 1
    return j < n and _name_like(toks[j][2])


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?:\n"


_ACCORDING = re.compile(r"\baccording to (?:the )?$", re.IGNORECASE)
_PHRASE_END = re.compile(r"\s*(?:[,.;:)]|$)")


def _candidates(text: str) -> list[tuple[int, int, str, tuple[Place, ...]]]:
    """(start, end, key, ranked places) for every accepted name in `text`."""
    gz = gazetteer()
    found: list[tuple[int, int, str, tuple[Place, ...]]] = []
    for run in _RUN.finditer(text):
        toks = _split_joined([(m.start() + run.start(), m.end() + run.start(), m.group(0))
                              for m in _TOKEN.finditer(run.group(0))], gz)
        i, n = 0, len(toks)
        while i < n:
            if not toks[i][2][:1].isupper():
                i += 1
                continue
            hit = None
            for j in range(min(n, i + _MAX_TOKENS), i, -1):
                if not toks[j - 1][2][:1].isupper():
                    continue
                end = toks[j - 1][1]
                key = norm_key(text[toks[i][0]:end])
                places = gz.get_key(key)
                if key in SEATS:  # "outside the White House": in Washington
                    places = tuple(p for p in gz.get_key(SEATS[key]) if p.kind == "city")[:1]
                if not places and _POSSESSIVE.search(toks[j - 1][2]):  # "Baghdad's Tahrir Square"
                    end -= 2
                    places = _owner_place(gz.get_key(norm_key(text[toks[i][0]:end])), text, end + 2)
                    key = norm_key(text[toks[i][0]:end])
                if places:
                    hit = (j, key, places, end)
                    break
            if hit is None:
                hit = _town_hit(gz, text, toks, i, n)
            if hit is None:
                i += 1
                continue
            j, key, places, e = hit
            s = toks[i][0]
            if 0 < s and e < len(text) and text[s - 1] in _OPEN_QUOTES and text[e] in _CLOSE_QUOTES:
                i = j  # a name in quotation marks names a thing ("workers at "Bayan" company"), not a place
                continue
            if _CURRENCY_AFTER.match(text, e):  # "the US dollar": money, not the place
                i = j
                continue
            if _ACCORDING.search(text, max(0, s - 20), s) and _PHRASE_END.match(text, e):
                # "according to Time,": the source (Norway's Time), no place ("according to Kabul police" keeps it)
                i = j
                continue
            one = j - i == 1
            if one and (_tail_of_longer_name(text, toks, i)
                        or places[0].kind == "city" and _article_name(text, s, key, places[0])):
                i = j
                continue
            # the name was read in the possessive: what follows is a part of it ("Tel Aviv's Holon suburb")
            poss = e < toks[j - 1][1]
            if places[0].kind == "city" and not poss and (not one and (
                    _longer_name_goes_on(toks, j, n) and not _FACILITY_AFTER.match(text, e)
                    or (i > 0 and _name_like(toks[i - 1][2]) and not _sentence_initial(text, toks[i - 1][0])))
                    or one and j < n and not toks[j][2][:1].isupper() and toks[j][2] not in ("of", "the")
                    and _longer_name_goes_on(toks, j, n)):
                # "San Andres de Tuxtla", "Buena Vista de la Salud": not San Andres nor Buena Vista, nor Tuxtla;
                # "Ras Al Ain" is no Al Ain; "Mafraq ar Ruwayk" (one word and a particle) is no Mafraq
                i = n
                continue
            if places[0].kind == "admin1" and not one and j < n and text[e:toks[j][0]] == " " \
                    and _name_like(toks[j][2]):
                i = n  # "South West Khasi Hills district" (India) is no South-West region (Cameroon)
                continue
            if places[0].kind == "admin1" and one and j < n and text[e:toks[j][0]] == " " and (
                    not places[0].population and _longer_name_goes_on(toks, j, n)
                    or _name_like(toks[j][2]) and _LOCALITY_AFTER.match(text, toks[j][1])):
                # "the Qala Nasro area", "Qala i Naw": a division with no town of 15,000 (Malta's Qala) begins a
                # longer name; so does any one-word division before a name and a locality noun ("the Chin Zai area in
                # Takhar": not Myanmar's Chin)
                i = j
                continue
            # a one-word region after another name is the end of a longer one ("Santo Nino Norte")
            region_tail = one and places[0].kind == "admin1"
            if _is_ambiguous(key, places[0], j - i) or region_tail:
                nxt = toks[j][2] if j < n else None
                prv = toks[i - 1][2] if i > 0 else None
                joined_after = j < n and text[e:toks[j][0]] == "-"  # "Mogadishu-Hodan": two names joined
                joined_before = i > 0 and text[toks[i - 1][1]:s] == "-"
                # "Holy Family of Nazareth School's tuition": a longer name in the possessive
                if (nxt is not None and _name_like(_POSSESSIVE.sub("", nxt)) and not region_tail and not poss
                        and not joined_after
                        and not _FACILITY_AFTER.match(text, e)) or (
                        prv is not None and _name_like(prv) and not joined_before
                        and not _sentence_initial(text, toks[i - 1][0])):
                    i = j
                    continue
            found.append((s, e, key, places))
            i = j
    return found


def _part_of(key: str, name: str) -> bool:
    """Whether `key` is the first or last words of the longer `name` ("valles" of "ciudad valles")."""
    return len(name) > len(key) and (name.endswith((" " + key, "-" + key)) or name.startswith((key + " ", key + "-")))


def _said_countries(text: str, country_hint: str | None) -> set[str]:
    """The countries a sentence names by a demonym or a country's possessive ("Pakistan's Punjab"), and the hint."""
    ctx: set[str] = {country_hint} if country_hint else set()
    for m in _DEMONYM_RX.finditer(text):
        ctx.add(DEMONYMS[m.group(0)])
    gz = gazetteer()
    for m in _POSSESSIVE_RX.finditer(text):  # "Pakistan's Punjab": the Punjab of Pakistan
        owner = gz.get_key(norm_key(m.group(1)))
        if owner and owner[0].kind == "country" and owner[0].country:
            ctx.add(owner[0].country)
    if _BARANGAY.search(text):  # the Philippines' villages and town quarters
        ctx.add("PHL")
    return ctx


def _context_countries(text: str, cands: list[tuple[int, int, str, tuple[Place, ...]]],
                       country_hint: str | None) -> set[str]:
    ctx = _said_countries(text, country_hint)
    weak: set[str] = set()
    named = False
    for _s, e, key, places in cands:
        if places[0].minor or _LANDMARK_AFTER.match(text, e):
            continue  # a town read by its name alone, or a landmark ("the Saray square"), does not set the country
        countries = {p.country for p in places}
        if len(countries) > 1 and _NOUN_AFTER.match(text, e):  # "in Al Bayda governorate": the division's country
            countries = {p.country for p in places if p.kind == "admin1"} or countries
            places = tuple(p for p in places if p.kind == "admin1") if len(countries) == 1 else places
        if places[0].kind == "country" or len(countries) == 1:
            own, k = _CITY_WORD.sub("", compare_key(places[0].name)), compare_key(key)
            if places[0].kind == "city" and own != k and (
                    (places[0].population or 0) < _KNOWN_CITY
                    or (_part_of(k, own) and all(compare_key(p.name) != k for p in places))):
                # a small town by another of its names ("Bazar": Bazar-Korgon), a town by a part of its name
                # ("Valles": Ciudad Valles, in a sentence about Tucuman)
                weak.add(places[0].country or "")
            else:
                ctx.add(places[0].country or "")
                named = True
    if not named:  # ... sets it only where no other place does ("Bazar area of Nad Ali district, Helmand")
        ctx |= weak
    ctx.discard("")
    return ctx


def _qualifiers(text: str, cands: list[tuple[int, int, str, tuple[Place, ...]]], k: int,
                         capitals: dict[str, Place]) -> list[Place] | None:
    """The regions or countries (places) that qualify a place named right before them; it must be in
    one of them: "Valparaiso, Zacatecas" (Zacatecas is in Mexico, so this Valparaiso is too), "New
    Brighton (Nelson Mandela Bay, Eastern Cape)", "Kurla town (Mumbai Suburban, Maharashtra)".
    None when there is no such qualifier: the next name is a town, or it is one item of a list
    ("sanctions by Washington, Britain and France"), or the place is a country or a national capital
    (a capital is named for its government as often as for the town)."""
    _s, e, _key, places = cands[k]
    if places[0].kind == "country":
        return None
    m = _QUALIFIER.match(text, e)
    if m is None:  # "the Rabat area of Tarnak Wa Jaldak district, Zabul": a locality, even by a capital's name
        return _owner_of_locality(text, cands, k)
    if capitals.get(places[0].country or "") == places[0]:
        return None
    paren = m.group(0).rstrip().endswith("(")
    for s2, e2, key2, places2 in cands[k + 1:]:
        if not paren and s2 != m.end():
            return None
        if paren and ")" in text[e:s2]:
            return None
        # "San Jeronimo suburb, Cusco city": a town of Cusco, so in Peru; "(Al Mansurah, Aden)": a town or
        # district closing a parenthesis is where the place before it lies
        closes = (paren or text.rfind("(", 0, e) > text.rfind(")", 0, e)) and _CLOSES.match(text, e2) is not None
        within = [p for p in places2 if p.country and (p.kind in ("admin1", "admin2", "country") or closes
                                                       or p.kind == "city" and _CITY_AFTER.match(text, e2))]
        if within and _LIST_GOES_ON.match(text, e2):
            return None
        named = bool(gazetteer().get_key(key2)) or within[0].kind == "admin2" \
            or text[s2:e2] in STATE_ABBREVIATIONS if within else False
        if within and (len({p.country for p in within}) > 1 or not named):
            # a region name several countries have ("North-West") or a spelling only near one ("Marampa" ->
            # Vanuatu's Malampa) says too little to overrule the place's own reading
            ours = {p.country for p in places}
            if named and not all(w in _DIRECTIONS for w in key2.split()):
                # "El Alcazar (Misiones)": a named division of none of the town's countries; a direction
                # ("North-West") is a division of too many countries to say so
                return [q for q in within if q.country in ours] or within
            return [q for q in within if q.country in ours] or None
        if within:
            return within
        if not paren:
            return None
    return None


def _place_countries(cands: list[tuple[int, int, str, tuple[Place, ...]]], k: int) -> set[str]:
    """The countries the sentence's other names (not candidate k) place it in: those read in one country only,
    and not as minor towns."""
    out: set[str] = set()
    for i, (_s, _e, _key, places) in enumerate(cands):
        if i != k and not places[0].minor and len({p.country for p in places}) == 1 and places[0].country:
            out.add(places[0].country)
    return out


def _owner_of_locality(text: str, cands: list[tuple[int, int, str, tuple[Place, ...]]], k: int) -> list[Place] | None:
    """The first known place after "<name> area of", "<name> village of" ... (unknown names and division words
    may come between: "the Rabat area of Tarnak Wa Jaldak (Shahr-e-Safa) district, Zabul"), when its readings
    are of one country; None otherwise. The locality lies in it, so a namesake elsewhere (Morocco's Rabat) is
    not the place."""
    m = _LOCALITY_OF.match(text, cands[k][1])
    if m is None or k + 1 >= len(cands):
        return None
    s2, _e2, _key2, places2 = cands[k + 1]
    if s2 - m.end() > 60 or _UNKNOWN_NAMES.fullmatch(text, m.end(), s2) is None:
        return None
    within = [p for p in places2 if p.country]
    return within if within and len({p.country for p in within}) == 1 else None


def find_places(text: str, country_hint: str | None = None) -> list[PlaceMention]:
    """Place names in `text` with the gazetteer place each most likely means, by offset.

    The coder reads a sentence's places up to three times (its events' arguments and places, the
    article's home-country vote): the last few hundred answers are kept."""
    return list(_find_places(text, country_hint))


@lru_cache(maxsize=512)
def _find_places(text: str, country_hint: str | None) -> tuple[PlaceMention, ...]:
    if not text:
        return ()
    cands = _candidates(text)
    out: list[PlaceMention] = []
    readings: dict[int, tuple[str, tuple[Place, ...]]] = {}  # a mention's key and readings, by its start
    capitals: set[int] = set()  # the starts of the mentions "the Iranian capital", "Somalia's capital"
    gz = gazetteer()
    if "capital" in text:
        for m in _CAPITAL.finditer(text):
            dem, own = m.group("dem"), m.group("own")
            iso3 = DEMONYMS.get(dem) if dem else None
            if own:  # "Somalia's capital": that country's (not a region's: "Kurdistan's capital")
                iso3 = next((p.country for p in gz.get_key(norm_key(own)) if p.kind == "country"), None)
            if (dem or own) and iso3 is None:
                continue  # "Kabul capital"? not a pattern we resolve
            iso3 = iso3 or country_hint
            cap = gz.capitals.get(iso3) if iso3 else None
            if cap is None:
                continue
            the = m.group(0)[:4].lower() == "the "
            s = m.start("dem") if dem else m.start("own") if own else m.start() + (4 if the else 0)
            out.append(PlaceMention(text[s:m.end()], s, m.end(), cap))
            readings[s] = (norm_key(cap.name), (cap,))  # "the Iranian capital" names Tehran
            capitals.add(s)
    if not cands:
        return tuple(sorted(out, key=lambda p: p.start))
    ctx = _context_countries(text, cands, country_hint)
    taken = [(p.start, p.end) for p in out]
    for k, (s, e, key, places) in enumerate(cands):
        if any(s < te and ts < e for ts, te in taken):
            continue
        after = _NOUN_AFTER.match(text, e)  # "Kabul Province", "Bolivar state"
        if after:  # of the divisions, those that ISO names so ("Bolivar state": Venezuela's, not Colombia's department)
            places = tuple(p for p in places if division_fits(p, after.group(0)[1:])) or places
        place = places[0]
        qualifiers = _qualifiers(text, cands, k, gz.capitals)
        if qualifiers is not None:
            within = {q.country for q in qualifiers}
            regions = {q.admin1 for q in qualifiers if q.kind in ("admin1", "admin2")}  # a district's is its region
            in_country = [p for p in places if p.country in within] or [
                p for p in gz.towns(key) if p.country in within]  # "Al Mansurah" of Aden: a district of Yemen
            if not in_country:
                continue  # a town of that name elsewhere: the qualifying region stands for the place
            # "Pedralva, Minas Gerais": the town of that name in that region; "Colon (Colon)": the city in the
            # province of its name (Panama's), not another country's province
            place = next((p for p in in_country if p.admin1 in regions and p.kind == "city"),
                         next((p for p in in_country if p.admin1 in regions), in_country[0]))
            if regions and place.kind == "city" and _apart(place, regions):
                # "(Lakhimpur district, Assam)": Assam's district, not Uttar Pradesh's town; "Qarabagh district,
                # Kabul": not Herat's Qarah Bagh, a town the gazetteer lacks, for which the qualifying region stands
                place = next((p for p in (*gz.towns(key), *gz.districts(key))
                              if p.country == place.country and not _apart(p, regions)), None)
                if place is None:
                    continue
        elif ctx and place.country not in ctx:
            # not a small town of the sentence's country by another name over a city of 100,000 ("Frankfurt ... the
            # US consulate": Frankfurt am Main, not Frankfort, Kentucky)
            place = next((p for p in places if p.country in ctx and not (
                place.population >= _KNOWN_CITY and p.population < _KNOWN_CITY and not _own_name(key, p))), place)
            if place.country not in ctx and (place.population or 0) < _KNOWN_CITY:
                # "Hays city in western Yemen": the sentence's country's district or town of that name
                place = next((p for p in (*gz.towns(key), *gz.districts(key)) if p.country in ctx), place)
            if place.minor and place.country not in ctx:
                continue  # a small town of that name elsewhere: another place the gazetteer lacks
            if place.country not in ctx and place.kind == "city" and norm_key(place.name) != key \
                    and not (after and any(p.kind == "admin1" for p in places)) \
                    and not (place.population >= _KNOWN_CITY and norm_key(place.name).startswith(key + " ")):
                # an alternate name of a town in a country the sentence is not about (not "Bolivar state"; not a city
                # of 100,000 by the first words of its name, "Frankfurt": Frankfurt am Main)
                continue
        if place.kind != "admin2" and _DISTRICT_AFTER.match(text, e):
            # "Masafu sub-county (Busia district)": Uganda's district, not Kenya's county or town of that name
            districts = {d.country: d for d in gz.districts(key) if not ctx or d.country in ctx}
            if place.country in districts or len(districts) == 1:  # "Baqim district": the district, not the town
                place = districts.get(place.country or "") or next(iter(districts.values()))
        if place.kind == "city" and _LANDMARK_AFTER.match(text, e):
            continue
        if _PART_OF_TOWN_AFTER.match(text, e) and not _OWNER_BEFORE.search(text, max(0, s - 4), s) \
                and place.country not in (_place_countries(cands, k) or {place.country}):
            # "in Joao Pessoa, Paraiba, ... in Rangel neighborhood": a part of the town, not Angola's Rangel ("a Gaza
            # City neighborhood", "the Baghdad neighbourhood of Karrada": the town the part is of)
            continue
        if key.endswith(" sea") and _SEA_USE_AFTER.match(text, e):
            continue  # "the Red Sea port city of Hodeidah": the sea, not Sudan's Red Sea state
        prev = out[-1] if out else None
        if place.kind == "city" and prev is not None and prev.place.kind == "city" \
                and prev.place.country != place.country and text[prev.end:s].strip() == "(":
            continue  # "Panama City (Bella Vista)": a part of the town, not the Dominican city of that name
        if after and place.kind == "city":  # "Kabul Province" is the province
            # ... and a division of another country than the sentence's other places say ("La Guajira, Zulia
            # state": Venezuela's state, not Colombia's town El Zulia)
            place = next((p for p in places if p.kind == "admin1" and p.country == place.country),
                         next((p for p in places if p.kind == "admin1"), place))
        elif place.kind == "admin1" and _CITY_AFTER.match(text, e):  # "Amara city" is a city (Iraq's), not a region
            place = next((p for p in places if p.kind == "city"), place)
        elif place.kind == "city" and _AFTER_A_NAME.search(text, 0, s) and not _LIST_GOES_ON.match(text, e):
            # "Erval Velho, Santa Catarina", "(Oshimili North, Delta)": a name after a comma that follows another
            # name qualifies it, so a division of that name before a town (Brazil's state, not Mexico's town)
            place = next((p for p in places if p.kind == "admin1" and (not ctx or p.country in ctx)), place)
        out.append(PlaceMention(text[s:e], s, e, place))
        readings[s] = (key, places)
    out.sort(key=lambda p: p.start)
    # "in Somalia's capital, Mogadishu", "the Iranian capital Tehran", "Katmandu, Nepal's capital": the capital's own
    # name stands for it
    out = [m for i, m in enumerate(out) if not (m.start in capitals and (
        i + 1 < len(out) and out[i + 1].place == m.place and _APPOSED_NAME.fullmatch(text, m.end, out[i + 1].start)
        or i > 0 and out[i - 1].place == m.place and _APPOSED_AFTER.fullmatch(text, out[i - 1].end, m.start)))]
    return tuple(_agree(text, out, readings, _said_countries(text, country_hint)))


_FAR_KM = 1_000  # a town this far from every other place a sentence names, in another country, is a namesake
_NAMED_TOWN = 20_000  # people: a town this large, named by its own name, is read as itself wherever it lies


def _km(a: Place, b: Place) -> float:
    return distance_km(a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0)


def _regions(mentions: list[PlaceMention], readings: dict[int, tuple[str, tuple[Place, ...]]],
             but: PlaceMention) -> dict[str, set[str]]:
    """The regions (admin1 names) by country that the mentions other than `but` name: a region, a district's, or
    a town's when it is named by its own name and is large or has no namesake ("in Pacatuba, Ceara")."""
    out: dict[str, set[str]] = {}
    for m in mentions:
        p = m.place
        if m is but or not p.country or not p.admin1 or p.kind == "country":
            continue
        if p.kind == "city":
            key, places = readings[m.start]
            if p.minor or not _own_name(key, p) or p.population < _KNOWN_CITY and len(
                    {(q.country, q.admin1) for q in places}) > 1:
                continue
        out.setdefault(p.country, set()).add(p.admin1)
    return out


_APART_KM = 50  # regions whose centres lie this far apart are two regions, whatever their names


def _apart(place: Place, regions: set[str]) -> bool:
    """The place lies in another region of its country than `regions` (admin1 names): its region is known, is none
    of them by name (`gazetteer.region_key`: "Imo State" is "Imo"), and its centre lies 50 km from theirs."""
    if not place.admin1 or region_key(place.admin1) in {region_key(r) for r in regions}:
        return False
    gz = gazetteer()

    def centres(name: str) -> list[Place]:
        return [p for p in gz.get_key(norm_key(name)) if p.kind == "admin1" and p.country == place.country
                and p.lat is not None]

    own, theirs = centres(place.admin1), [c for r in regions for c in centres(r)]
    return bool(own and theirs) and all(_km(a, b) > _APART_KM for a in own for b in theirs)


def _own_name(key: str, place: Place) -> bool:
    """The place is named by its own name ("Kabul city"), not another ("Suki": As Sūkī)."""
    return _CITY_WORD.sub("", norm_key(place.name)) == _CITY_WORD.sub("", key)


def _named(key: str, places: tuple[Place, ...]) -> bool:
    """A name that is the own name of one of its readings: a country, a division or a town of 20,000 people
    ("Ciudad de Mexico": the division; not "Korogo", another name of Côte d'Ivoire's Korhogo)."""
    return any(_own_name(key, p) and (p.kind != "city" or not p.minor and p.population >= _NAMED_TOWN)
               for p in places)


def _known_town(key: str, place: Place) -> bool:
    """A town of 100,000 people named by its own name: read as itself wherever it lies."""
    return _own_name(key, place) and place.population >= _KNOWN_CITY


def _agree(text: str, mentions: list[PlaceMention], readings: dict[int, tuple[str, tuple[Place, ...]]],
           said: set[str]) -> list[PlaceMention]:
    """The sentence's places read together.

    * A town with namesakes in its country, or a part of a town ("in Sossego neighborhood", "Barangay Guibonon"),
      lies in a region the sentence names when it has a reading there ("in Aguililla, Michoacan, ... in El Aguaje
      comunidad": not Veracruz's El Aguaje). A part of a town that has none is a place the gazetteer lacks,
      unless a town of 100,000 named by its own name. Regions compare by `_apart`. So is a part of a town whose
      reading lies in a country none of the sentence's other places lies in ("in Belem, Para, ... in Guama
      neighborhood": not Venezuela's Guama).
    * A place of a country nothing else in the sentence names (no other place, demonym or possessive), more than
      1,000 km from all its other places but countries, is a namesake the gazetteer lacks when it is a town of
      fewer than 100,000 people not named by its own name, or of fewer than 20,000, and another of those places
      is named by its own name ("in Suki, then fled toward Asadabad, Kunar" is not Sudan's As Suki; "a hotel on
      Lido beach in Mogadishu" not Italy's Lido). So is a city of fewer than a million people named by another of
      its names (not by the first words of its own: "Frankfurt"), where another place is named by its own name or
      is a larger city of 100,000 not named by an acronym ("JaS ... in Afrin" is not Romania's Iași, "between
      Hammam al Turkman and Suluk in the countryside of Ar-Raqqa" not the Philippines' Jolo).
    """
    gz = gazetteer()
    kept: list[PlaceMention] = []
    for m in mentions:
        key, places = readings.get(m.start, ("", ()))
        p = m.place
        if not key or p.kind not in ("city", "admin2", "admin1") or not p.country:
            kept.append(m)
            continue
        named = _regions(mentions, readings, m).get(p.country) if p.kind == "city" else None
        part = p.kind == "city" and bool(_PART_OF_TOWN_AFTER.match(text, m.end)
                                         or _PART_OF_TOWN_BEFORE.search(text, max(0, m.start - 9), m.start))
        if named and _apart(p, named):
            there = [q for q in (*places, *gz.towns(key)) if q.country == p.country and not _apart(q, named)]
            if there and (part or sum(q.country == p.country for q in places) > 1):
                kept.append(PlaceMention(m.text, m.start, m.end, there[0]))
                continue
            if part and not _known_town(key, p):
                continue
        others = [o for o in mentions if o is not m and o.place.kind != "country" and o.place.lat is not None]
        if part and others and p.country not in said and all(o.place.country != p.country for o in others) \
                and not _known_town(key, p):
            continue  # "in Belem, Para, ... in Guama neighborhood": a part of the sentence's town, not Venezuela's
        if others and p.country not in said and all(o.place.country != p.country for o in others) \
                and p.lat is not None and all(_km(p, o.place) > _FAR_KM for o in others) \
                and ((p.population < _KNOWN_CITY and not _named(key, places))
                     or (p.population < _WORLD_CITY and not _own_name(key, p)
                         and not norm_key(p.name).startswith(key + " "))) \
                and any(_named(*readings[o.start])
                        or (not o.text.isupper() and o.place.population >= max(_KNOWN_CITY, p.population))
                        for o in others):
            continue
        kept.append(m)
    return kept
