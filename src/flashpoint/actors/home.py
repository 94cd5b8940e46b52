"""The country an article's events happen in, for actors the text names without a country.

CAMEO and ICEWS code domestic actors with the country where they act: "police", "protesters",
"unidentified gunmen" in a Yemeni town are Yemeni. `article_country` reads that country from the
whole article (documented heuristic):

* every place the text names votes for each country it can be in: the reading chosen for the sentence
  (`geo.places`) with full weight, the other readings at 0.8 ("Tripoli" is in Libya and in Lebanon,
  "Punjab" in Pakistan and in India), and where the sentence's context chose a reading other than the
  gazetteer's first, never more than the chosen one's weight; first-level divisions count twice as much
  as towns and country names (a country name is often a modifier or another party: "Turkey-backed
  factions"); a small town of the gazetteer's second index (``Place.minor``) half as much as a town; a
  second-level division of the name (geonames' districts: "Samar" is also a Philippine province) as much as a
  town, also where the main index has the name;
* every actor mention with a country ("Afghan forces", "Houthis") adds half a vote;
* every mission that works in one country (`actors.missions`: "the OSCE SMM", "UNIFIL") votes for it as a
  first-level division does: what it observes happens there;
* the country with most votes wins; none when the text names no place and no national actor.

Places that are mostly noise are skipped: an acronym that is not a country ("GNA", "PKK") and a
one-word town opening a sentence ("One of them ...").

`event_country` reads one event's own place consistently with the article: when its name can be
in the article's country, it is ("Hyderabad" in an article about Sindh is Hyderabad, Pakistan);
a place in another country counts when that country has at least half the votes of the article's
(a second country the article is also about), else the article's country wins (a town named like a
US town, in an article that names two Kenyan counties, is taken to be in Kenya).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from flashpoint.actors.missions import mission_areas
from flashpoint.records import Location

KIND_WEIGHT = {"country": 1.0, "admin1": 2.0, "admin2": 1.0, "city": 1.0}
ALTERNATIVE_WEIGHT = 0.8
MINOR_WEIGHT = 0.5  # a town of the gazetteer's second index (500+ people): read by its name alone
ACTOR_WEIGHT = 0.5
MISSION_WEIGHT = KIND_WEIGHT["admin1"]  # "the OSCE SMM observed ...": as sure of its country as a province is
OWN_PLACE_SHARE = 0.5  # an event's own place counts when its country has half the article's top votes
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_DIVISION_NOUN = re.compile(r" (state|province|department|county|governorate|region|oblast)\b", re.IGNORECASE)


def _readings(name: str) -> tuple[Any, ...]:
    """The gazetteer's places of a name, and after them the second-level divisions of that name ("Samar" is a
    Ukrainian town and a Philippine province)."""
    from flashpoint.geo.gazetteer import gazetteer, norm_key  # noqa: PLC0415

    gz, key = gazetteer(), norm_key(name)
    return gz.get_key(key) + tuple(d for d in gz.districts(key) if d.country)


class HomeVotes:
    """The votes of one article: `country` is the winner (None when nothing voted)."""

    def __init__(self, votes: Counter[str]) -> None:
        self.votes = votes
        self.country = max(votes, key=lambda c: votes[c]) if votes else None  # first named wins ties

    def support(self, iso3: str | None) -> float:
        return self.votes.get(iso3, 0.0) if iso3 else 0.0


def _noise(p: Any, text: str) -> bool:
    """Capitalised words the gazetteer knows that are rarely places here: a one-word town opening a
    sentence ("One of them ..."), an acronym that is not a country ("GNA", "PKK")."""
    if p.place.kind == "country":
        return False
    if _ACRONYM.fullmatch(p.text):
        return True
    return p.place.kind == "city" and " " not in p.text and not text[: p.start].strip(" \"'“‘(")


def article_votes(texts: Iterable[str], mentions: Iterable[Any] = ()) -> HomeVotes:
    """The country votes of an article (see the module docstring).

    `texts` are the article's sentences; `mentions` its actor mentions (anything with `.country`).
    """
    from flashpoint.geo.gazetteer import division_fits  # noqa: PLC0415
    from flashpoint.geo.places import find_places  # noqa: PLC0415

    votes: Counter[str] = Counter()
    for text in texts:
        for iso3 in mission_areas(text):
            votes[iso3] += MISSION_WEIGHT
        for p in find_places(text):
            if _noise(p, text):
                continue
            readings, chosen = _readings(p.text) or (p.place,), p.place
            noun = _DIVISION_NOUN.match(text, p.end)
            if noun is not None:  # "Bolivar state": not Colombia's department of that name
                readings = tuple(q for q in readings if division_fits(q, noun.group(1))) or readings
                chosen = chosen if chosen in readings else readings[0]
            best: dict[str, float] = {}
            for q in readings:
                if q.country:
                    w = KIND_WEIGHT.get(q.kind, 1.0) * (MINOR_WEIGHT if q.minor and q.kind != "admin2" else 1.0)
                    best[q.country] = max(best.get(q.country, 0.0), w)
            # where the sentence chose a reading over the gazetteer's first ("Rafah" beside "Egyptian forces" is
            # Egypt's town), another weighs no more than it: no vote for the Palestinian governorate of that name
            cap = best.get(chosen.country or "", 0.0) if readings[0] != chosen else None
            for country, w in best.items():
                alt = w if cap is None else min(w, cap)
                votes[country] += w if country == chosen.country else alt * ALTERNATIVE_WEIGHT
    for m in mentions:
        country = getattr(m, "country", None)
        if country:
            votes[country] += ACTOR_WEIGHT
    return HomeVotes(votes)


def place_in(location: Location, iso3: str) -> Location:
    """The place `location` names read in country `iso3` (the gazetteer's best reading there, as `event_country`
    chose it), else `location` unchanged: the record's place agrees with the country its parties take."""
    q = next((q for q in _readings(location.text) if q.country == iso3), None)
    if q is None:
        return location
    return replace(location, name=q.name, country=q.country, admin1=q.admin1, lat=q.lat, lon=q.lon,
                   precision=q.kind)


def article_country(texts: Iterable[str], mentions: Iterable[Any] = ()) -> str | None:
    """ISO3 of the country the article's events most likely happen in; None when it names none."""
    return article_votes(texts, mentions).country


def event_country(location: Location | None, home: HomeVotes) -> str | None:
    """The country of one event (see the module docstring): its own place where the article supports
    it, read in the article's country when the name allows; else the article's country."""
    if location is None or not location.country:
        return home.country
    if home.country is None or location.country == home.country:
        return location.country
    if any(q.country == home.country for q in _readings(location.text)):
        return home.country
    if home.support(location.country) >= OWN_PLACE_SHARE * home.support(home.country):
        return location.country
    return home.country
