"""The matching rule of event resolution: which mentions describe the same real-world event.

Pure Python over `Mention` records (no store access), so the rule can be tested and ablated alone.
A mention joins the best compatible cluster, or seeds a new one; clusters are compared through
their representative values (the most frequent known value of their mentions), never through
their last member, so a chain of near matches cannot drift. See docs/watch.md, "## Resolution".
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from flashpoint.watch.resolve_signals import Role

PRECISION_RANK = {"day": 0, "week": 1, "article": 2, "month": 3}
"""Date precisions resolution uses, most precise first. 'year' is too vague: such events stay unresolved."""

ELIGIBLE_MODALITIES = ("asserted", "claimed")


@dataclass(frozen=True, slots=True)
class Mention:
    """One coded event as resolution sees it (a row of `events` joined with its article)."""

    event_id: str
    article_id: str
    content_hash: str | None
    outlet: str | None
    outlet_key: str
    url: str | None
    plover_type: str
    cameo_code: str | None
    quad_class: int | None
    goldstein: float | None
    source_code: str | None
    source_country: str | None
    target_code: str | None
    target_country: str | None
    location_name: str | None
    location_country: str | None
    date: date  # the event date; the article's date (precision 'article') when the coder gave none
    precision: str
    modality: str
    confidence: float
    fatalities: int | None
    sentence_text: str | None
    seen: datetime  # article publication date, else when the event was added to the store
    role: Role = "mention"

    @property
    def article_key(self) -> str:
        return self.content_hash or f"id:{self.article_id}"


@dataclass(frozen=True, slots=True)
class Rule:
    """The resolution rule and its parameters; `describe()` is stored with every resolved event."""

    version: str = "v1"
    day_window: int = 1  # day precision: date +- this many days
    article_before: int = 2  # precision 'article' (publication date): the event lies in [pub - 2, pub]
    week_span: tuple[int, int] = (-1, 7)  # week precision: [date - 1, date + 7]
    retraction_window: int = 14  # a retraction matches events up to this many days from its own date
    families: tuple[frozenset[str], ...] = (frozenset({"ASSAULT", "COERCE"}),)
    symmetric: frozenset[str] = frozenset({"CONSULT", "AGREE", "COOPERATE"})
    actor_level: str = "code"  # 'code': codes must be prefix-related; 'country': same country suffices
    min_shared_sides: int = 1  # known and matching sides needed (0 only with the same place name)
    # one side known only: also needs the same place name, or dates to the day on 'both' sides / on
    # 'one' side at least; 'off': no more than the rest of the rule
    single_side_anchor: str = "off"

    def describe(self) -> str:
        fam = "+".join("/".join(sorted(f)) for f in self.families) or "none"
        return (
            f"resolve-{self.version}: type(family {fam}; undirected {'/'.join(sorted(self.symmetric))}), "
            f"actors({self.actor_level} prefix, one side may be unknown), "
            f"date(day+-{self.day_window}, week{self.week_span[0]}..+{self.week_span[1]}, "
            f"article-{self.article_before}..0, month), place(country or unknown)"
            + (f", single side anchored({self.single_side_anchor})" if self.single_side_anchor != "off" else "")
        )

    def family(self, plover_type: str) -> str:
        for fam in self.families:
            if plover_type in fam:
                return "/".join(sorted(fam))
        return plover_type

    def interval(self, day: date, precision: str) -> tuple[date, date]:
        """The days the event may have happened on, given its date and precision."""
        if precision == "day":
            w = timedelta(days=self.day_window)
            return day - w, day + w
        if precision == "week":
            return day + timedelta(days=self.week_span[0]), day + timedelta(days=self.week_span[1])
        if precision == "month":
            first = day.replace(day=1)
            nxt = (first + timedelta(days=32)).replace(day=1)
            return first, nxt - timedelta(days=1)
        return day - timedelta(days=self.article_before), day  # 'article'


DEFAULT_RULE = Rule()

K = TypeVar("K", bound=Hashable)


class _Tally(Generic[K]):
    """Counts of values in arrival order; `mode()` breaks ties by first arrival."""

    def __init__(self) -> None:
        self.counts: dict[K, int] = {}

    def add(self, value: K | None) -> None:
        if value is not None:
            self.counts[value] = self.counts.get(value, 0) + 1

    def mode(self) -> K | None:
        best: K | None = None
        best_n = 0
        for value, n in self.counts.items():  # dicts keep insertion order: first arrival wins ties
            if n > best_n:
                best, best_n = value, n
        return best


def resolved_id_of(event_id: str) -> str:
    """The id of a resolved event first mentioned by `event_id`: 'r' + 16 hex digits of a SHA-1."""
    return "r" + hashlib.sha1(f"resolved|{event_id}".encode()).hexdigest()[:16]


@dataclass
class Cluster:
    """A resolved event being built: its id, its mentions in the order they joined, their tallies."""

    resolved_id: str
    mentions: list[Mention] = field(default_factory=list)
    _types: _Tally[str] = field(default_factory=_Tally)
    _src: _Tally[tuple[str | None, str | None]] = field(default_factory=_Tally)
    _tgt: _Tally[tuple[str | None, str | None]] = field(default_factory=_Tally)
    _loc: _Tally[tuple[str | None, str | None]] = field(default_factory=_Tally)
    _loc_country: _Tally[str] = field(default_factory=_Tally)
    _dates: dict[str, _Tally[date]] = field(default_factory=dict)

    @classmethod
    def seeded(cls, m: Mention) -> Cluster:
        """A new resolved event first mentioned by `m`."""
        c = cls(resolved_id_of(m.event_id))
        c.add(m)
        return c

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        if m.role == "retraction":
            return  # a retraction never shapes what the event is
        self._types.add(m.plover_type)
        if m.source_code or m.source_country:
            self._src.add((m.source_code, m.source_country))
        if m.target_code or m.target_country:
            self._tgt.add((m.target_code, m.target_country))
        if m.location_name or m.location_country:
            self._loc.add((m.location_name, m.location_country))
        self._loc_country.add(m.location_country)
        self._dates.setdefault(m.precision, _Tally()).add(m.date)

    # -- representative values ---------------------------------------------------------------

    @property
    def plover_type(self) -> str:
        return self._types.mode() or self.mentions[0].plover_type

    @property
    def source(self) -> tuple[str | None, str | None]:
        return self._src.mode() or (None, None)

    @property
    def target(self) -> tuple[str | None, str | None]:
        return self._tgt.mode() or (None, None)

    @property
    def location(self) -> tuple[str | None, str | None]:
        return self._loc.mode() or (None, None)

    @property
    def location_country(self) -> str | None:
        return self._loc_country.mode()

    @property
    def date(self) -> tuple[date, str]:
        """The most frequent date among the mentions of the best precision present."""
        for precision in sorted(self._dates, key=lambda p: PRECISION_RANK.get(p, 9)):
            best = self._dates[precision].mode()
            if best is not None:
                return best, precision
        return self.mentions[0].date, self.mentions[0].precision


def _side(a: tuple[str | None, str | None], b: tuple[str | None, str | None], level: str) -> str:
    """'unknown', 'match' or 'conflict' for two (code, country) actor references."""
    (ac, an), (bc, bn) = a, b
    if not (ac or an) or not (bc or bn):
        return "unknown"
    if level == "country" and an and bn:
        return "match" if an == bn else "conflict"
    if ac and bc:
        return "match" if ac.startswith(bc) or bc.startswith(ac) else "conflict"
    if an and bn:
        return "match" if an == bn else "conflict"
    return "conflict"


def _sides(m: Mention, c: Cluster, rule: Rule) -> int | None:
    """How many sides are known and agree (None when one disagrees), trying both directions for
    the undirected types."""
    ms, mt = (m.source_code, m.source_country), (m.target_code, m.target_country)
    orders = [(c.source, c.target)]
    if m.plover_type in rule.symmetric and c.plover_type in rule.symmetric:
        orders.append((c.target, c.source))
    best: int | None = None
    for cs, ct in orders:
        states = (_side(ms, cs, rule.actor_level), _side(mt, ct, rule.actor_level))
        if "conflict" in states:
            continue
        shared = states.count("match")
        best = shared if best is None else max(best, shared)
    return best


def match_score(m: Mention, c: Cluster, rule: Rule) -> tuple[int, int, int, int] | None:
    """Why `m` may join `c`, or None when it may not. The score (higher is better) ranks known
    sides that agree, then the place name (same 1, unknown 0, different -1), then closeness of dates,
    then the size of the cluster.

    Same type (or type family), compatible actors, compatible place, overlapping date intervals
    (for a retraction: within `rule.retraction_window` days).
    """
    if rule.family(m.plover_type) != rule.family(c.plover_type):
        return None
    c_country = c.location_country
    if m.location_country and c_country and m.location_country != c_country:
        return None
    shared = _sides(m, c, rule)
    if shared is None:
        return None
    if shared < rule.min_shared_sides:
        same_place = m.location_name is not None and m.location_name == c.location[0]
        if not same_place:
            return None
    c_day, c_prec = c.date
    c_lo, c_hi = rule.interval(c_day, c_prec)
    m_lo, m_hi = rule.interval(m.date, m.precision)
    if m.role == "retraction":
        w = timedelta(days=rule.retraction_window)
        m_lo, m_hi = m_lo - w, m_hi + w
    if m_lo > c_hi or c_lo > m_hi:
        return None
    c_place = c.location[0]
    place = 0 if m.location_name is None or c_place is None else (1 if m.location_name == c_place else -1)
    if shared < 2 and rule.single_side_anchor != "off" and m.role != "retraction" and place != 1:
        dated = (m.precision == "day") + (c_prec == "day")
        if dated < (2 if rule.single_side_anchor == "both" else 1):
            return None
    gap = abs((m.date - c_day).days)
    return (shared, place, -gap, len(c.mentions))


class ClusterIndex:
    """Clusters by (type family, day) over each cluster's date interval, for quick candidate lookup."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.clusters: list[Cluster] = []
        self._by_day: dict[tuple[str, date], list[int]] = {}
        self._keys: dict[int, list[tuple[str, date]]] = {}

    def _days(self, c: Cluster) -> list[tuple[str, date]]:
        lo, hi = self.rule.interval(*c.date)
        fam = self.rule.family(c.plover_type)
        return [(fam, lo + timedelta(days=i)) for i in range((hi - lo).days + 1)]

    def _register(self, i: int) -> None:
        keys = self._days(self.clusters[i])
        if keys == self._keys.get(i):
            return
        for k in self._keys.get(i, []):
            self._by_day[k].remove(i)
        for k in keys:
            self._by_day.setdefault(k, []).append(i)
        self._keys[i] = keys

    def add_cluster(self, c: Cluster) -> None:
        self.clusters.append(c)
        self._register(len(self.clusters) - 1)

    def candidates(self, m: Mention) -> list[int]:
        lo, hi = self.rule.interval(m.date, m.precision)
        if m.role == "retraction":
            w = timedelta(days=self.rule.retraction_window)
            lo, hi = lo - w, hi + w
        fam = self.rule.family(m.plover_type)
        # clusters are registered under every day of their interval: overlap = a shared day
        found: set[int] = set()
        day = lo
        while day <= hi:
            found.update(self._by_day.get((fam, day), ()))
            day += timedelta(days=1)
        return sorted(found)

    def place(self, m: Mention) -> tuple[Cluster | None, bool]:
        """Put `m` in its best cluster (or a new one; retractions never seed one).

        Returns (cluster or None when a retraction matched nothing, whether a cluster was created).
        """
        best: tuple[tuple[int, int, int, int], int] | None = None
        for i in self.candidates(m):
            score = match_score(m, self.clusters[i], self.rule)
            if score is not None and (best is None or (score, -i) > (best[0], -best[1])):
                best = (score, i)
        if best is None:
            if m.role == "retraction":
                return None, False
            c = Cluster.seeded(m)
            self.add_cluster(c)
            return c, True
        c = self.clusters[best[1]]
        c.add(m)
        self._register(best[1])
        return c, False


def cluster_all(mentions: Iterable[Mention], rule: Rule = DEFAULT_RULE) -> list[Cluster]:
    """Resolve `mentions` (in the order given) from scratch; the clusters that have mentions."""
    index = ClusterIndex(rule)
    for m in mentions:
        index.place(m)
    return index.clusters
