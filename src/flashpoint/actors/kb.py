"""The actor knowledge base: countries, people, organisations and agent words.

The bundled TSV files under ``actors/data/`` are loaded lazily (once per process, see
:func:`default_kb`). Users extend the knowledge base with their own TSV files (same columns
as the bundled ``people.tsv`` / ``orgs.tsv`` / ``countries.tsv`` / ``agents.tsv``; the kind is
told by the header row) or with PETRARCH-2/Phoenix dictionaries, passed to
:meth:`ActorKB.load` or listed in the ``FLASHPOINT_ACTORS`` environment variable
(``os.pathsep``-separated). Column conventions are documented in ``docs/actors.md``.
"""

from __future__ import annotations

import csv
import functools
import logging
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from flashpoint.errors import InputError

log = logging.getLogger(__name__)

ENV_VAR = "FLASHPOINT_ACTORS"
#: Sectors of state institutions: a person who has left such a role resolves to ``<country>ELI``.
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "SPY", "COP"})


def _pad_start(d: str | None) -> str | None:
    """A partial start date (YYYY or YYYY-MM) is taken at the start of its period."""
    if not d:
        return None
    d = d.strip()[:10]
    return d + "-01-01" if len(d) == 4 else d + "-01" if len(d) == 7 else d


def _pad_end(d: str | None) -> str | None:
    """A partial end date is taken at the end of its period (end dates are exclusive)."""
    if not d:
        return None
    d = d.strip()[:10]
    if len(d) == 4:
        return f"{int(d) + 1:04d}-01-01"
    if len(d) == 7:
        y, m = int(d[:4]), int(d[5:7])
        return f"{y + (m == 12):04d}-{m % 12 + 1:02d}-01"
    return d


def normalize_date(date: str | None) -> str | None:
    """A query date as YYYY-MM-DD; YYYY means mid-year and YYYY-MM mid-month."""
    if not date:
        return None
    d = date.strip()[:10]
    if len(d) == 4:
        return d + "-07-01"
    if len(d) == 7:
        return d + "-15"
    return d


@dataclass(frozen=True, slots=True)
class CountryEntry:
    iso3: str
    cameo: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[tuple[str, str], ...] = ()  # (alias, sector), e.g. ("Pentagon", "MIL")


@dataclass(frozen=True, slots=True)
class Role:
    """One coded role of a person or organisation, valid from `start` (inclusive) to `end` (exclusive)."""

    code: str | None
    country: str | None = None  # ISO3
    sector: str | None = None
    title: str = ""
    start: str | None = None  # YYYY-MM-DD (partial dates padded)
    end: str | None = None

    def valid(self, date: str | None) -> bool:
        if date is None:
            return self.end is None
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a person or organisation stands for on a given date."""

    code: str | None
    country: str | None
    sector: str | None
    title: str = ""


def _role_rank(r: Role) -> tuple[bool, bool, str]:
    return (r.start is not None or r.end is not None, r.sector in STATE_SECTORS, r.start or "")


def _resolve_roles(roles: tuple[Role, ...], date: str | None, cameo_of: dict[str, str]) -> Resolution:
    if not roles:
        return Resolution(None, None, None)
    d = normalize_date(date)
    valid = [r for r in roles if r.valid(d)]
    if valid:
        # Prefer date-ranged roles over undated defaults, state roles over group roles,
        # then the most recent start.
        best = max(valid, key=_role_rank)
        return Resolution(best.code, best.country, best.sector, best.title)
    if d is None:
        last = max(roles, key=lambda r: (r.end or "9999", r.start or ""))
    else:
        past = [r for r in roles if r.start is None or r.start <= d]
        if not past:  # before any known role: just the person of that country
            first = min(roles, key=lambda r: r.start or "")
            cc = first.country
            return Resolution(cameo_of.get(cc, cc) if cc else None, cc, None)
        last = max(past, key=lambda r: (r.end or "9999", r.start or ""))
    if last.sector in STATE_SECTORS and last.country:
        cam = cameo_of.get(last.country, last.country)
        return Resolution(cam + "ELI", last.country, "ELI", "former " + last.title if last.title else "")
    return Resolution(last.code, last.country, last.sector, last.title)


@dataclass(frozen=True, slots=True)
class PersonEntry:
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    cameo_of: tuple[tuple[str, str], ...] = ()  # iso3 -> cameo for the countries in roles

    def role_at(self, date: str | None) -> Role | None:
        """The role valid on `date` (state roles first, then the most recent); None if none."""
        d = normalize_date(date)
        valid = [r for r in self.roles if r.valid(d)]
        return max(valid, key=_role_rank) if valid else None

    def resolve(self, date: str | None = None) -> Resolution:
        """Code on `date`: the valid role's code; after a state role ended `<CTY>ELI`; see docs/actors.md."""
        return _resolve_roles(self.roles, date, dict(self.cameo_of))


@dataclass(frozen=True, slots=True)
class OrgEntry:
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]  # usually one; several when the code changes over time (Taliban)

    def resolve(self, date: str | None = None) -> Resolution:
        d = normalize_date(date)
        valid = [r for r in self.roles if r.valid(d)]
        if valid:
            r = max(valid, key=lambda r: r.start or "")
        elif d is None:
            r = max(self.roles, key=lambda r: (r.end or "9999", r.start or ""))
        else:  # outside every range: the nearest one
            before = [r for r in self.roles if r.start is None or r.start <= d]
            r = max(before, key=lambda r: r.end or "9999") if before else min(self.roles, key=lambda r: r.start or "")
        return Resolution(r.code, r.country, r.sector, r.title)


@dataclass(frozen=True, slots=True)
class AgentEntry:
    phrase: str
    sector: str
    plurals: tuple[str, ...] = ()


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (cell or "").split("|") if a.strip())


def _read_tsv(path: Path | str, text: str | None = None) -> tuple[list[str], list[dict[str, str]]]:
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(str(path), f"cannot read actor file: {e}") from e
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        return [], []
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [h.strip() for h in (reader.fieldnames or [])]
    rows = []
    for n, row in enumerate(reader, start=2):
        if None in row:
            raise InputError(f"{path}:{n}", f"more cells than the {len(header)} header columns")
        rows.append({(k or "").strip(): (v or "").strip() for k, v in row.items()})
    return header, rows


def tsv_kind(header: Sequence[str]) -> str | None:
    """Which kind of entries a TSV holds, told by its header row."""
    cols = set(header)
    if "kind" in cols:
        return "mixed"
    if {"iso3", "cameo"} <= cols:
        return "countries"
    if "role" in cols:
        return "people"
    if {"name", "code"} <= cols:
        return "orgs"
    if {"phrase", "sector"} <= cols:
        return "agents"
    return None


class ActorKB:
    """Countries, people, organisations and agent words, with alias and date-aware lookups."""

    def __init__(
        self,
        countries: Iterable[CountryEntry] = (),
        people: Iterable[PersonEntry] = (),
        orgs: Iterable[OrgEntry] = (),
        agents: Iterable[AgentEntry] = (),
    ) -> None:
        self.countries: tuple[CountryEntry, ...] = tuple(countries)
        self.people: tuple[PersonEntry, ...] = tuple(people)
        self.orgs: tuple[OrgEntry, ...] = tuple(orgs)
        self.agents: tuple[AgentEntry, ...] = tuple(agents)
        self._country_by: dict[str, CountryEntry] = {}
        for c in self.countries:
            for key in (c.iso3, c.cameo, c.name, *c.aliases, *c.demonyms, *(m for m, _ in c.metonyms)):
                self._country_by.setdefault(_key(key), c)
        self.cameo_of: dict[str, str] = {c.iso3: c.cameo for c in self.countries}
        self._people_by: dict[str, list[PersonEntry]] = {}
        for p in self.people:
            for key in {p.name, *p.aliases}:
                self._people_by.setdefault(_key(key), []).append(p)
        self._orgs_by: dict[str, list[OrgEntry]] = {}
        for o in self.orgs:
            for key in {o.name, *o.aliases}:
                self._orgs_by.setdefault(_key(key), []).append(o)
        self._agent_by: dict[str, str] = {}
        for a in self.agents:
            for key in (a.phrase, *a.plurals):
                self._agent_by.setdefault(_key(key), a.sector)

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, extra: Sequence[Path | str] = (), *, use_env: bool = True) -> ActorKB:
        """The bundled data plus `extra` files (and those in $FLASHPOINT_ACTORS when `use_env`)."""
        paths = [Path(p) for p in extra]
        if use_env and os.environ.get(ENV_VAR):
            paths += [Path(p) for p in os.environ[ENV_VAR].split(os.pathsep) if p.strip()]
        base = _bundled()
        if not paths:
            return base
        countries = list(base.countries)
        people = list(base.people)
        orgs = list(base.orgs)
        agents = list(base.agents)
        cameo_of = dict(base.cameo_of)
        for path in paths:
            c, p, o, a = read_actor_file(path, cameo_of)
            countries += c
            cameo_of.update({x.iso3: x.cameo for x in c})
            people += p
            orgs += o
            agents += a
            log.info("actor file %s: %d countries, %d people, %d orgs, %d agents", path, len(c), len(p), len(o), len(a))
        return cls(countries, people, orgs, agents)

    # ---- lookups -------------------------------------------------------------------------
    def country(self, name_or_alias: str) -> CountryEntry | None:
        """By name, alias, demonym, metonym, ISO3 or CAMEO code (case-insensitive)."""
        return self._country_by.get(_key(name_or_alias))

    def person(self, name: str, date: str | None = None) -> PersonEntry | None:
        """By name or alias; among namesakes, the one with a role valid on `date`.

        Use ``entry.resolve(date)`` / ``entry.role_at(date)`` for the code on that date."""
        found = self._people_by.get(_key(name))
        if not found:
            return None
        if len(found) > 1:
            d = normalize_date(date)
            valid = [p for p in found if any(r.valid(d) for r in p.roles)]
            if valid:
                return valid[0]
        return found[0]

    def org(self, name: str, date: str | None = None) -> OrgEntry | None:
        """By name or alias; ``entry.resolve(date)`` gives the code on that date."""
        found = self._orgs_by.get(_key(name))
        if not found:
            return None
        if len(found) > 1:
            d = normalize_date(date)
            valid = [o for o in found if any(r.valid(d) for r in o.roles)]
            if valid:
                return valid[0]
        return found[0]

    def agent(self, word: str) -> str | None:
        """The sector code of an agent word or phrase ("troops" -> "MIL"), or None."""
        return self._agent_by.get(_key(word))


def _key(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())


# ---- readers ----------------------------------------------------------------------------------
def _country_rows(rows: list[dict[str, str]]) -> list[CountryEntry]:
    out = []
    for r in rows:
        mets = []
        for m in _split(r.get("metonyms")):
            alias, _, sector = m.partition("=")
            mets.append((alias.strip(), (sector.strip() or "GOV").upper()))
        out.append(
            CountryEntry(
                iso3=r["iso3"].upper(),
                cameo=(r.get("cameo") or r["iso3"]).upper(),
                name=r["name"],
                aliases=_split(r.get("aliases")),
                demonyms=_split(r.get("demonyms")),
                metonyms=tuple(mets),
            )
        )
    return out


def _role(r: dict[str, str], cameo_of: dict[str, str], where: str) -> Role:
    country = (r.get("country") or "").upper() or None
    sector = (r.get("sector") or "").upper() or None
    code = (r.get("code") or "").upper() or None
    if code is None:
        if country is None and sector is None:
            raise InputError(where, "needs a code, a country or a sector")
        code = (cameo_of.get(country, country) if country else "") + (sector or "")
    start, end = _pad_start(r.get("start")), _pad_end(r.get("end"))
    if start and end and end < start:
        raise InputError(where, f"end {r.get('end')} before start {r.get('start')}")
    return Role(code, country, sector, r.get("role", ""), start, end)


def _grouped(rows: list[dict[str, str]], cameo_of: dict[str, str], where: str) -> list[tuple[str, tuple[str, ...], tuple[Role, ...]]]:
    """Rows with the same name are one actor with several roles; aliases are merged."""
    order: list[str] = []
    aliases: dict[str, list[str]] = {}
    roles: dict[str, list[Role]] = {}
    for n, r in enumerate(rows, start=2):
        name = r.get("name", "")
        if not name:
            raise InputError(f"{where}:{n}", "empty name")
        if name not in roles:
            order.append(name)
            aliases[name], roles[name] = [], []
        for a in _split(r.get("aliases")):
            if a not in aliases[name] and a != name:
                aliases[name].append(a)
        roles[name].append(_role(r, cameo_of, f"{where}:{n}"))
    return [(n, tuple(aliases[n]), tuple(roles[n])) for n in order]


def _people_rows(rows: list[dict[str, str]], cameo_of: dict[str, str], where: str) -> list[PersonEntry]:
    out = []
    for name, als, roles in _grouped(rows, cameo_of, where):
        cc = tuple(sorted({(r.country, cameo_of.get(r.country, r.country)) for r in roles if r.country}))
        out.append(PersonEntry(name, als, roles, cc))
    return out


def _org_rows(rows: list[dict[str, str]], cameo_of: dict[str, str], where: str) -> list[OrgEntry]:
    return [OrgEntry(n, a, r) for n, a, r in _grouped(rows, cameo_of, where)]


def _agent_rows(rows: list[dict[str, str]]) -> list[AgentEntry]:
    return [AgentEntry(r["phrase"], r["sector"].upper(), _split(r.get("plural"))) for r in rows]


def read_actor_file(
    path: Path | str, cameo_of: dict[str, str] | None = None
) -> tuple[list[CountryEntry], list[PersonEntry], list[OrgEntry], list[AgentEntry]]:
    """Read one extension file: a Flashpoint TSV (kind told by its header, or a `kind` column
    with values country/person/org/agent) or a PETRARCH/Phoenix ``.txt`` dictionary."""
    path = Path(path)
    cameo_of = cameo_of if cameo_of is not None else _bundled().cameo_of
    if path.suffix.lower() != ".tsv":
        from flashpoint.actors import petrarch

        if "agent" in path.name.lower():
            return [], [], [], petrarch.read_phoenix_agents(path)
        people, orgs = petrarch.read_phoenix_actors(path, cameo_of)
        return [], people, orgs, []
    header, rows = _read_tsv(path)
    kind = tsv_kind(header)
    where = str(path)
    if kind == "countries":
        return _country_rows(rows), [], [], []
    if kind == "people":
        return [], _people_rows(rows, cameo_of, where), [], []
    if kind == "orgs":
        return [], [], _org_rows(rows, cameo_of, where), []
    if kind == "agents":
        return [], [], [], _agent_rows(rows)
    if kind == "mixed":
        by: dict[str, list[dict[str, str]]] = {}
        for r in rows:
            k = r.get("kind", "").lower().rstrip("s")
            if k not in {"country", "person", "org", "agent"}:
                raise InputError(where, f"unknown kind {r.get('kind')!r} (country, person, org, agent)")
            by.setdefault(k, []).append(r)
        return (
            _country_rows(by.get("country", [])),
            _people_rows(by.get("person", []), cameo_of, where),
            _org_rows(by.get("org", []), cameo_of, where),
            _agent_rows(by.get("agent", [])),
        )
    raise InputError(where, f"cannot tell the kind of actor file from its header {header}")


@functools.lru_cache(maxsize=1)
def _bundled() -> ActorKB:
    data = resources.files("flashpoint.actors") / "data"

    def rows(name: str) -> list[dict[str, str]]:
        return _read_tsv(name, (data / name).read_text(encoding="utf-8"))[1]

    countries = _country_rows(rows("countries.tsv"))
    cameo_of = {c.iso3: c.cameo for c in countries}
    return ActorKB(
        countries,
        _people_rows(rows("people.tsv"), cameo_of, "people.tsv"),
        _org_rows(rows("orgs.tsv"), cameo_of, "orgs.tsv"),
        _agent_rows(rows("agents.tsv")),
    )


@functools.lru_cache(maxsize=1)
def default_kb() -> ActorKB:
    """The bundled knowledge base plus the files named in $FLASHPOINT_ACTORS (cached)."""
    return ActorKB.load()
