"""Find actor mentions in text: longest-match lookup over tokens, then composition.

Pieces found by the lookup (country names, demonyms, metonyms, people, organisations, agent
words) are composed into one mention when adjacent: ``Iraqi Prime Minister Mohammed Shia’
al-Sudani`` is one mention coded IRQGOV; ``Hamas political chief Ismail Haniyeh`` is PSEREBHMS.
The matcher returns actors only: a country or capital used as a place ("in Tehran", "the
Iranian capital") gives nothing. Conventions are in ``docs/actors.md``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, NamedTuple

from flashpoint.actors.kb import ActorKB, CountryEntry, OrgEntry, PersonEntry, default_kb, normalize_date
from flashpoint.geo.names import CURRENCY_WORDS
from flashpoint.records import ActorRef

KINDS = ("country", "person", "org", "agent", "metonym", "demonym")


@dataclass(frozen=True, slots=True)
class ActorMention:
    text: str
    start: int
    end: int
    name: str | None
    code: str | None
    country: str | None  # ISO3
    sector: str | None
    kind: str  # one of KINDS

    def to_ref(self) -> ActorRef:
        return ActorRef(self.text, (self.start, self.end), self.name, self.code, self.country, self.sector)


# ---- tokens ---------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*|[^\w\s'’`]")


class Tokens(NamedTuple):
    raw: list[str]
    low: list[str]
    start: list[int]
    end: list[int]


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def tokenize(text: str) -> Tokens:
    """Words, abbreviations (U.S.) and punctuation; a possessive 's is its own token and bare
    apostrophes are dropped (so "Shia’ al-Sudani" and "Shia al-Sudani" tokenize alike)."""
    if text.isascii() and "'s" not in text and "'S" not in text:  # the common case, without the per-token checks
        ms = list(_TOKEN_RE.finditer(text))
        raw = [m.group() for m in ms]
        return Tokens(raw, [t.lower() for t in raw], [m.start() for m in ms], [m.end() for m in ms])
    raw = []
    low = []
    start = []
    end = []
    for m in _TOKEN_RE.finditer(text):
        t = m.group()
        s, e = m.span()
        if len(t) > 2 and (t.endswith("'s") or t.endswith("’s") or t.endswith("'S") or t.endswith("’S")):
            raw.append(t[:-2])
            start.append(s)
            end.append(e - 2)
            low.append(_norm(t[:-2]))
            t, s = "'s", e - 2
        raw.append(t)
        start.append(s)
        end.append(e)
        low.append(_norm(t))
    return Tokens(raw, low, start, end)


@functools.lru_cache(maxsize=4096)
def _name_key(name: str) -> tuple[str, ...]:
    """The lower-case tokens of a person's name (kept: an article names the same people again)."""
    return tuple(tokenize(name).low)


def _norm(t: str) -> str:
    t = t.lower()
    if not t.isascii():
        t = _fold(t.replace("’", "'"))
    return t


# ---- index ----------------------------------------------------------------------------------
_PRIORITY = {"person": 0, "org": 1, "country": 2, "metonym": 3, "demonym": 4, "demonyms": 5, "agent": 6}


class _Cand(NamedTuple):
    kind: str  # person, org, country, metonym, demonym, demonyms (plural), agent
    obj: Any  # PersonEntry | OrgEntry | CountryEntry | None
    sector: str | None
    case: tuple[tuple[int, int, str], ...]  # (token offset, mode 1=capitalised 2=exact, alias token)
    plural: bool = False


def _case_rule(raws: list[str]) -> tuple[tuple[int, int, str], ...]:
    rule = []
    for k, a in enumerate(raws):
        letters = [c for c in a if c.isalpha()]
        if not letters:
            continue
        if (len(letters) >= 2 and all(c.isupper() for c in letters)) or ("." in a and len(a) > 2):
            rule.append((k, 2, a))
        elif letters[0].isupper() and a[0].isalpha():
            rule.append((k, 1, a))
    return tuple(rule)


def _demonym_plurals(d: str) -> list[str]:
    if " " in d:
        head, _, last = d.rpartition(" ")
        return [head + " " + p for p in _demonym_plurals(last)]
    if d.endswith(("an", "i", "o")) or d in {"Czech", "Thai", "Turkmen"}:
        return [d + "s"]
    return []


class _Index:
    def __init__(self, kb: ActorKB) -> None:
        self.table: dict[tuple[str, ...], list[_Cand]] = {}
        self.first: dict[str, int] = {}
        for c in kb.countries:
            for a in (c.name, *c.aliases):
                self._add(a, "country", c, None)
            for a in c.demonyms:
                self._add(a, "demonym", c, None)
                for p in _demonym_plurals(a):
                    self._add(p, "demonyms", c, None, plural=True)
            for a, sector in c.metonyms:
                self._add(a, "metonym", c, sector)
        for o in kb.orgs:
            for a in (o.name, *o.aliases):
                self._add(a, "org", o, None)
        for p in kb.people:
            for a in (p.name, *p.aliases):
                self._add(a, "person", p, None)
        for g in kb.agents:
            self._add(g.phrase, "agent", None, g.sector)
            for pl in g.plurals:
                self._add(pl, "agent", None, g.sector, plural=True)
        for cands in self.table.values():
            cands.sort(key=lambda c: _PRIORITY[c.kind])

    def _add(self, alias: str, kind: str, obj: Any, sector: str | None, plural: bool = False) -> None:
        toks = tokenize(alias)
        raws, lows = toks.raw, toks.low
        if len(lows) > 1 and lows[0] == "the":
            raws, lows = raws[1:], lows[1:]
        if not lows:
            return
        key = tuple(lows)
        cands = self.table.setdefault(key, [])
        if any(c.kind == kind and c.obj is obj and c.sector == sector for c in cands):
            return
        case = () if kind == "agent" else _case_rule(raws)
        cands.append(_Cand(kind, obj, sector, case, plural))
        if len(key) > self.first.get(key[0], 0):
            self.first[key[0]] = len(key)


def _case_ok(c: _Cand, raw: list[str], i: int) -> bool:
    for k, mode, a in c.case:
        t = raw[i + k]
        if mode == 2:
            if t.replace("’", "'") != a.replace("’", "'"):
                return False
        elif not t[:1].isupper():
            return False
    return True


# ---- composition ----------------------------------------------------------------------------
class _Piece(NamedTuple):
    i: int  # first token
    j: int  # one past the last token
    cands: tuple[_Cand, ...]  # candidates of the same kind that passed the case check
    head: str = ""  # last token, lower case

    @property
    def kind(self) -> str:
        return self.cands[0].kind


_PLACE_KINDS = frozenset({"country", "demonym", "demonyms", "metonym"})
_SLOT = {"country": 0, "demonym": 0, "demonyms": 0, "metonym": 0, "org": 1, "agent": 2, "person": 3}
MODIFIERS = frozenset(
    "new former ex top senior then acting interim outgoing incoming deputy political military bureau "
    "veteran late current powerful caretaker elected de facto chief first second hardline exiled "
    "newly self declared - 's".split()
)
_LOCATIVE = frozenset("in at inside outside near across throughout within around into".split())
_DIRECTIONS = frozenset("north south east west northeast northwest southeast southwest outskirts heart".split())
PLACE_NOUNS = frozenset(
    "capital city cities territory territories soil border borders frontier province provinces region "
    "regions town towns village villages coast coastline waters airspace port ports island islands "
    "mainland countryside desert side cuisine language food".split()
)
TITLE_HEADS = frozenset(
    "minister president secretary spokesman spokeswoman spokesperson leader chief commander envoy "
    "ambassador king queen emir sultan premier chancellor governor mayor senator lawmaker judge "
    "prosecutor official officer adviser advisor diplomat activist journalist reporter cleric imam mp "
    "congressman congresswoman legislator prince monarch general colonel director head negotiator "
    "analyst researcher member candidate".split()
)
PARTICLES = frozenset("al el bin ibn bint abu abd abdul de da das dos del della di du van von der den la le ben".split())
_NAME_STOP = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december i the a an he she they it this that on in".split()
)


@dataclass(slots=True)
class _Group:
    i: int
    j: int
    place: _Piece | None = None
    org: _Piece | None = None
    agent: _Piece | None = None
    agent_sector: str | None = None  # of the first agent ("Defence Ministry spokesman" -> MIL)
    person: _Piece | None = None
    name: tuple[int, int] | None = None  # unknown titled name: token range
    former: bool = False
    last_slot: int = -1

    def add(self, p: _Piece) -> None:
        slot = _SLOT[p.kind]
        if slot == 2:
            sector = p.cands[0].sector
            if self.agent is None:
                self.agent_sector = sector
            else:  # a chain of agent words: a person title keeps the institution's sector
                head = _singular(p)
                self.agent_sector = self.agent_sector if head in TITLE_HEADS else sector
        setattr(self, ("place", "org", "agent", "person")[slot], p)
        self.last_slot = max(self.last_slot, slot)
        self.i, self.j = min(self.i, p.i), max(self.j, p.j)


class _Resolved(NamedTuple):
    i: int
    j: int
    name: str | None
    code: str | None
    country: str | None
    sector: str | None
    kind: str
    place_only: bool  # a bare demonym (may take the sector of a coordinated agent mention)
    cameo: str | None


class ActorMatcher:
    """Find actor mentions in sentences: ``ActorMatcher(kb).find(text, date)``."""

    def __init__(self, kb: ActorKB | None = None) -> None:
        self.kb = kb if kb is not None else default_kb()
        self._index = _Index(self.kb)

    # -- public -------------------------------------------------------------------------------
    def find(self, text: str, date: str | None = None) -> list[ActorMention]:
        """Actor mentions in `text`, in order; spans are character offsets into `text`."""
        toks, resolved = self._analyse(text, date)
        return [self._mention(text, toks, r) for r in resolved]

    def _analyse(self, text: str, date: str | None = None) -> tuple[Tokens, list[_Resolved]]:
        """Tokens and resolved mentions (token ranges); used by :class:`ArticleActors`."""
        toks = tokenize(text)
        pieces = self._pieces(toks)
        if not pieces:
            return toks, []
        return toks, self._compose(toks, pieces, normalize_date(date))

    # -- lookup -------------------------------------------------------------------------------
    def _pieces(self, toks: Tokens) -> list[_Piece]:
        raw, low = toks.raw, toks.low
        first, table = self._index.first, self._index.table
        n = len(low)
        out: list[_Piece] = []
        i = 0
        for k in [k for k, w in enumerate(low) if w in first]:  # the tokens that may open a name
            if k < i:
                continue  # inside the piece found last
            i = k
            maxlen = first[low[i]]
            found = None
            for length in range(min(maxlen, n - i), 0, -1):
                cands = table.get(tuple(low[i : i + length])) if length > 1 else table.get((low[i],))
                if not cands:
                    continue
                ok = [c for c in cands if _case_ok(c, raw, i)]
                if ok:
                    kind = ok[0].kind
                    found = _Piece(i, i + length, tuple(c for c in ok if c.kind == kind), low[i + length - 1])
                    break
            if found is None:
                i += 1
                continue
            if found.j < n and low[found.j] in CURRENCY_WORDS and found.kind in _PLACE_KINDS:
                i = found.j  # "the US dollar": money, not the country
                continue
            if found.j < n and low[found.j] == "day":
                i = found.j  # "on Labour day", "Army Day": a day named after it, not the party or the army
                continue
            if found.kind == "org" and found.j - found.i == 1 and _inside_a_name(raw, found.i):
                i = found.j  # "the Northern Labour Network", "Socialist Labour Group": another organisation's name
                continue
            out.append(found)
            i = found.j
        return out

    # -- composition ----------------------------------------------------------------------------
    def _compose(self, toks: Tokens, pieces: list[_Piece], date: str | None) -> list[_Resolved]:
        low = toks.low
        starts = {p.i: k for k, p in enumerate(pieces)}
        out: list[_Resolved] = []
        prefix_start: int | None = None  # token index of a pending "pro-Iran" modifier
        k = 0
        while k < len(pieces):
            p = pieces[k]
            # "pro-Iran", "anti-US": a modifier of what follows, never an actor itself
            if p.kind in _PLACE_KINDS and p.i >= 2 and low[p.i - 1] == "-" and low[p.i - 2] in ("pro", "anti"):
                nxt = pieces[k + 1] if k + 1 < len(pieces) else None
                prefix_start = p.i - 2 if nxt is not None and nxt.i == p.j else None
                k += 1
                continue
            g = _Group(p.i, p.j)
            g.add(p)
            q = k + 1
            while q < len(pieces):
                nxt = pieces[q]
                slot = _SLOT[nxt.kind]
                gap = low[g.j : nxt.i]
                chain = slot == 2 and g.last_slot == 2 and not gap
                # "BAGHDAD - Gunmen ambushed ...": a dash with spaces ends a dateline, it joins no name
                spaced_dash = gap == ["-"] and toks.start[g.j] > toks.end[g.j - 1] and toks.start[nxt.i] > toks.end[g.j]
                if (slot > g.last_slot and not spaced_dash and self._gap_ok(g, nxt, gap)) or chain:
                    g.add(nxt)
                    if any(t == "former" or t == "ex" for t in gap):
                        g.former = True
                    q += 1
                    continue
                # agent "of" [the] place/org: "the Foreign Ministry of Ukraine"
                if (
                    g.agent is not None and g.last_slot == 2 and nxt.kind in ("country", "metonym", "org")
                    and gap in (["of"], ["of", "the"])
                    and (g.place is None if nxt.kind != "org" else g.org is None)
                ):
                    if nxt.kind == "org":
                        g.org = nxt
                    else:
                        g.place = nxt
                    g.j = nxt.j
                    q += 1
                break
            if g.i >= 1 and low[g.i - 1] in ("former", "ex"):
                g.former = True
            if g.person is None and g.agent is not None and g.j == g.agent.j:
                g.name = self._titled_name(toks, g.agent, starts)
                if g.name is not None:
                    g.j = g.name[1]
            r = self._resolve(g, toks, date)
            if r is not None:
                if prefix_start is not None and k > 0 and pieces[k - 1].j == g.i:
                    r = r._replace(i=prefix_start)
                out.append(r)
            prefix_start = None
            k = q
        return self._distribute(out, low)

    @staticmethod
    def _gap_ok(g: _Group, nxt: _Piece, gap: list[str]) -> bool:
        if not gap:
            return True
        if nxt.kind == "person" and g.last_slot == 2 and gap == [","]:
            return True  # appositive: "Iran's new president, Masoud Pezeshkian"
        if g.last_slot == 3:
            return False
        return all(t in MODIFIERS for t in gap) and (gap[0] != "-" or len(gap) > 1 or g.last_slot == 0)

    @staticmethod
    def _titled_name(toks: Tokens, agent: _Piece, starts: dict[int, int]) -> tuple[int, int] | None:
        """An unknown person named right after a singular title ("army spokesman John Smith")."""
        if agent.cands[0].plural or toks.low[agent.j - 1] not in TITLE_HEADS:
            return None
        if agent.j < len(toks.raw) and not toks.raw[agent.j][:1].isalpha():
            return None
        raw, low = toks.raw, toks.low
        n = len(raw)
        k = agent.j
        last_cap = None
        words = 0
        while k < n and words < 5:
            t, lt = raw[k], low[k]
            if k in starts and k != agent.j:
                break
            if t[0].isupper() and t[0].isalpha() and lt not in _NAME_STOP:
                last_cap = k
                words += 1
            elif (lt in PARTICLES or lt == "-") and k + 1 < n and raw[k + 1][:1].isupper():
                pass
            else:
                break
            k += 1
        if last_cap is None or (agent.j in starts):
            return None
        return (agent.j, last_cap + 1)

    def _resolve(self, g: _Group, toks: Tokens, date: str | None) -> _Resolved | None:
        low = toks.low
        place: CountryEntry | None = g.place.cands[0].obj if g.place else None
        place_kind = g.place.kind if g.place else None
        # places that are not actors
        if g.org is None and g.agent is None and g.person is None and g.place is not None:
            before = low[g.i - 1] if g.i >= 1 else ""
            if place_kind in ("country", "metonym") and (
                before in _LOCATIVE or (before == "of" and g.i >= 2 and low[g.i - 2] in _DIRECTIONS)
            ):
                return None
            if place_kind == "demonym" and g.j < len(low) and low[g.j] in PLACE_NOUNS:
                return None
        person_name = None
        res = None
        if g.person is not None:
            entry = _pick_person(g.person.cands, date)
            person_name = entry.name
            res = entry.resolve(date)
        elif g.name is not None:
            a, b = g.name
            person_name = " ".join(_join_name(toks, a, b))
        sector = None
        if g.agent is not None:
            sector = "ELI" if g.former else g.agent_sector
            if place_kind == "metonym" and g.agent_sector == g.agent.cands[0].sector and _singular(g.agent) in TITLE_HEADS:
                sector = g.place.cands[0].sector if g.place and not g.former else sector  # "Pentagon officials"
        elif g.place is not None and place_kind == "metonym":
            sector = g.place.cands[0].sector
        kind = "person" if person_name else "org" if g.org else "agent" if g.agent else place_kind or "agent"
        if kind == "demonyms":
            kind = "demonym"
        if g.org is not None:
            org: OrgEntry = g.org.cands[0].obj
            o = org.resolve(date)
            if place is not None and o.country and place.iso3 != o.country and place_kind in ("country", "demonym"):
                # "Kenya's Labour Party", "the Kenyan Democratic Party", "Pakistani Taliban": a name several
                # countries' organisations share, of the country named before it (not Britain's or the US's)
                return _Resolved(g.i, g.j, person_name, place.cameo + (o.sector or ""), place.iso3, o.sector, kind,
                                 False, None)
            country = o.country or (place.iso3 if place else None)
            return _Resolved(g.i, g.j, person_name or org.name, o.code, country, o.sector, kind, False, None)
        if place is not None:
            cameo = place.cameo
            if g.agent is not None:
                return _Resolved(g.i, g.j, person_name or place.name, cameo + sector, place.iso3, sector, kind, False, cameo)
            if res is not None and res.country == place.iso3:
                return _Resolved(g.i, g.j, person_name, res.code, res.country, res.sector, kind, False, cameo)
            if person_name:
                return _Resolved(g.i, g.j, person_name, cameo, place.iso3, None, kind, False, cameo)
            code = cameo + sector if sector else cameo
            return _Resolved(g.i, g.j, place.name, code, place.iso3, sector, kind, place_kind != "country" and place_kind != "metonym", cameo)
        if res is not None:
            if g.agent is not None and (res.sector in (None, "ELI") or g.former) and res.country:
                cam = self.kb.cameo_of.get(res.country, res.country)
                return _Resolved(g.i, g.j, person_name, cam + sector, res.country, sector, kind, False, None)
            return _Resolved(g.i, g.j, person_name, res.code, res.country, res.sector, kind, False, None)
        return _Resolved(g.i, g.j, person_name, None, None, sector, kind, False, None)

    @staticmethod
    def _distribute(out: list[_Resolved], low: list[str]) -> list[_Resolved]:
        """"Iranian, Iraqi and Yemeni armed factions": the bare demonyms take the agent sector."""
        for k in range(len(out) - 1, 0, -1):
            head = out[k]
            if head.kind != "agent" or head.cameo is None or head.sector is None:
                continue
            m = k - 1
            right = head.i
            while m >= 0 and out[m].place_only and all(t in (",", "and", "or") for t in low[out[m].j : right]) and out[m].j < right:
                prev = out[m]
                out[m] = prev._replace(code=(prev.cameo or "") + head.sector, sector=head.sector, kind="agent", place_only=False)
                right = prev.i
                m -= 1
        return out

    @staticmethod
    def _mention(text: str, toks: Tokens, r: _Resolved) -> ActorMention:
        s, e = toks.start[r.i], toks.end[r.j - 1]
        return ActorMention(text[s:e], s, e, r.name, r.code, r.country, r.sector, r.kind)


def _inside_a_name(raw: list[str], i: int) -> bool:
    """Token i stands between two capitalised words, neither opening the sentence: a word of a longer name."""
    if i < 2 or i + 1 >= len(raw):
        return False
    before, after = raw[i - 1], raw[i + 1]
    return before[:1].isupper() and before.isalpha() and after[:1].isupper() and after.isalpha() \
        and raw[i - 2] not in (".", "!", "?", ":", '"', "“")


def _singular(p: _Piece) -> str:
    h = p.head
    if h in TITLE_HEADS or not p.cands[0].plural:
        return h
    return h[:-3] + "man" if h.endswith("men") else h[:-1] if h.endswith("s") else h


def _pick_person(cands: tuple[_Cand, ...], date: str | None) -> PersonEntry:
    if len(cands) > 1:
        for c in cands:
            if any(r.valid(date) for r in c.obj.roles):
                return c.obj
    return cands[0].obj


def _join_name(toks: Tokens, a: int, b: int) -> list[str]:
    out: list[str] = []
    for k in range(a, b):
        t = toks.raw[k]
        if out and (t == "-" or (k > a and toks.start[k] == toks.end[k - 1])):
            out[-1] += t
        else:
            out.append(t)
    return out


@functools.lru_cache(maxsize=1)
def default_matcher() -> ActorMatcher:
    """A matcher over :func:`flashpoint.actors.kb.default_kb` (cached)."""
    return ActorMatcher(default_kb())


class ArticleActors:
    """In-article coreference for people, fed sentence by sentence in article order.

    Once a person has been mentioned with a full name ("Iraqi Prime Minister Mohammed Shia’
    al-Sudani", "Ukrainian army spokesman John Smith"), a later bare surname ("Sudani",
    "al-Sudani", "Smith’s office") resolves to the same actor and code."""

    def __init__(self, matcher: ActorMatcher | None = None, date: str | None = None) -> None:
        self.matcher = matcher if matcher is not None else default_matcher()
        self.date = date
        self._known: dict[tuple[str, ...], tuple[str | None, str | None, str | None, str | None]] = {}

    def find(self, text: str, offset: int = 0) -> list[ActorMention]:
        """Mentions in one sentence; spans are shifted by `offset` (the sentence's start in the article)."""
        toks, resolved = self.matcher._analyse(text, self.date)
        low, raw = toks.low, toks.raw
        covered = [False] * len(low)
        result: list[_Resolved] = []
        for r in resolved:
            for k in range(r.i, r.j):
                covered[k] = True
            if r.kind == "person" and r.name:
                name_key = _name_key(r.name)
                if len(name_key) == 1 or r.j - r.i <= 3:  # a bare surname: use what the article said
                    known = self._known.get(name_key) or self._known.get(tuple(low[r.i : r.j]))
                    if known is not None and known[0] == r.name:
                        r = r._replace(code=known[1], country=known[2], sector=known[3])
                if len(name_key) > 1:
                    self._register(name_key, r)
            result.append(r)
        # bare surnames the KB does not know
        if self._known:
            k = 0
            n = len(low)
            while k < n:
                if covered[k] or not (raw[k][:1].isupper() or low[k] in PARTICLES):
                    k += 1
                    continue
                hit = None
                for length in (3, 2, 1):
                    key = tuple(low[k : k + length])
                    if len(key) == length and key in self._known and not any(covered[k : k + length]):
                        hit = (length, self._known[key])
                        break
                if hit is None:
                    k += 1
                    continue
                length, (name, code, country, sector) = hit
                result.append(_Resolved(k, k + length, name, code, country, sector, "person", False, None))
                k += length
            result.sort(key=lambda r: r.i)
        out = []
        start, end = toks.start, toks.end
        for r in result:  # `_mention`, shifted by the offset
            s, e = start[r.i], end[r.j - 1]
            out.append(ActorMention(text[s:e], s + offset, e + offset, r.name, r.code, r.country, r.sector, r.kind))
        return out

    def _register(self, name_key: tuple[str, ...], r: _Resolved) -> None:
        value = (r.name, r.code, r.country, r.sector)
        self._known[name_key] = value
        words = [w for w in name_key if w != "-"]
        if len(words) < 2:
            return
        last = name_key[-1]
        if last not in PARTICLES and len(last) > 2:
            self._known.setdefault((last,), value)
        # particle forms: "al-Sudani" -> ("al", "-", "sudani")
        if len(name_key) >= 3 and name_key[-2] == "-" and name_key[-3] in PARTICLES:
            self._known.setdefault(name_key[-3:], value)
