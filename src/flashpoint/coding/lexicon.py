"""The trigger lexicon: which verb or noun lemmas (with which particles and objects) carry which event.

Rows live in ``data/triggers.tsv`` (tab-separated; ``#`` lines are comments; the first other line is the
header)::

    lemma  pos  particle  objects  cameo  plover  mode  weight

- ``lemma``: lowercase lemma as spaCy's en_core_web_sm lemmatizer gives it; ``pos``: VERB or NOUN.
- ``particle``: a particle or preposition that must attach to the trigger ("call" + "for"); several words
  joined by ``+`` must all attach ("pull" + "out+of").
- ``objects``: ``|``-separated lemmas, one of which must be among the trigger's object lemmas (for verbs:
  direct object, complement, object of an attached preposition; for nouns: compound/adjective modifiers
  and the object of "of"/"on"), e.g. "sign" + agreement|deal|treaty.
- ``cameo``, ``plover``, ``mode``: the event. An empty ``plover`` marks a non-event reading (a CAMEO 01
  comment such as "released a statement"), which beats the bare trigger and tells the coder to skip it.
- ``weight``: 0-1 priority among entries whose conditions hold.

`Lexicon.best` picks the most specific matching entry: more satisfied conditions (each particle word and
the object condition count one) beat fewer; then the higher weight; then the earlier row.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from flashpoint.errors import InputError
from flashpoint.records import PLOVER_TYPES

__all__ = ["TriggerEntry", "Lexicon", "inflections", "surface_forms"]

log = logging.getLogger(__name__)

# Lemmas en_core_web_sm's rule lemmatizer gets wrong for trigger words ("staged" -> "stag"): looked up
# under the right lemma.
LEMMA_ALIASES: dict[tuple[str, str], str] = {
    ("stag", "VERB"): "stage",
    ("wag", "VERB"): "wage",
    ("cordone", "VERB"): "cordon",
    ("snip", "VERB"): "snipe",
    ("fin", "VERB"): "fine",
    ("lie", "VERB"): "lay",  # "lay down arms" read as the past of "lie"
    ("marche", "NOUN"): "march",
}

COLUMNS = ("lemma", "pos", "particle", "objects", "cameo", "plover", "mode", "weight")
POS_TAGS = ("VERB", "NOUN")


@dataclass(frozen=True)
class TriggerEntry:
    lemma: str
    pos: str
    particle: str | None
    objects: frozenset[str]
    cameo: str
    plover: str | None  # None: a non-event reading that blocks the bare lemma
    mode: str | None
    weight: float

    @property
    def particles(self) -> tuple[str, ...]:
        return tuple(self.particle.split("+")) if self.particle else ()

    @property
    def specificity(self) -> int:
        return len(self.particles) + (1 if self.objects else 0)

    @property
    def is_event(self) -> bool:
        return self.plover is not None

    def matches(self, particles: Iterable[str], object_lemmas: Iterable[str]) -> bool:
        prt = set(particles)
        if any(p not in prt for p in self.particles):
            return False
        return not self.objects or not self.objects.isdisjoint(object_lemmas)


def _parse(text: str, where: str) -> list[TriggerEntry]:
    out: list[TriggerEntry] = []
    header_seen = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if not header_seen:
            header_seen = True
            if tuple(c.strip().lower() for c in cells) != COLUMNS:
                raise InputError(f"{where}:{n}", f"header must be {' '.join(COLUMNS)}")
            continue
        if len(cells) != len(COLUMNS):
            raise InputError(f"{where}:{n}", f"expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
        lemma, pos, particle, objects, cameo, plover, mode, weight = (c.strip() for c in cells)
        if not lemma or pos not in POS_TAGS:
            raise InputError(f"{where}:{n}", f"need a lemma and pos VERB or NOUN, got {lemma!r} {pos!r}")
        if plover and plover not in PLOVER_TYPES:
            raise InputError(f"{where}:{n}", f"unknown PLOVER type {plover!r}")
        if not cameo.isdigit() or not 2 <= len(cameo) <= 4:
            raise InputError(f"{where}:{n}", f"bad CAMEO code {cameo!r}")
        try:
            w = float(weight) if weight else 1.0
        except ValueError as e:
            raise InputError(f"{where}:{n}", f"bad weight {weight!r}") from e
        out.append(
            TriggerEntry(
                lemma=lemma.lower(),
                pos=pos,
                particle=particle.lower() or None,
                objects=frozenset(o.strip().lower() for o in objects.split("|") if o.strip()),
                cameo=cameo,
                plover=plover or None,
                mode=mode or None,
                weight=w,
            )
        )
    return out


class Lexicon:
    """An immutable set of trigger entries indexed by (lemma, pos)."""

    def __init__(self, entries: Sequence[TriggerEntry], name: str = "custom") -> None:
        self.name = name
        self._entries = tuple(entries)
        index: dict[tuple[str, str], list[TriggerEntry]] = {}
        for e in self._entries:
            index.setdefault((e.lemma, e.pos), []).append(e)
        self._index = {k: tuple(v) for k, v in index.items()}

    @classmethod
    def default(cls) -> Lexicon:
        """The lexicon shipped with Flashpoint (cached)."""
        return _default()

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> Lexicon:
        """The default lexicon plus rows from extra TSV files of the same format (later files add rows)."""
        entries = list(_default().entries)
        for path in extra:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as e:
                raise InputError(str(path), f"cannot read lexicon: {e}") from e
            entries.extend(_parse(text, str(path)))
            log.debug("loaded lexicon rows from %s", path)
        return cls(entries, name="default+" + "+".join(Path(p).name for p in extra))

    @property
    def version(self) -> str:
        """Name plus a digest of the rows: changes whenever any entry changes (for the coder block)."""
        h = hashlib.sha256()
        for e in self._entries:
            row = (e.lemma, e.pos, e.particle or "", "|".join(sorted(e.objects)), e.cameo, e.plover or "",
                   e.mode or "", repr(e.weight))
            h.update("\t".join(row).encode("utf-8") + b"\n")
        return f"{self.name}@{h.hexdigest()[:12]}"

    @property
    def entries(self) -> tuple[TriggerEntry, ...]:
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def lemmas(self) -> frozenset[tuple[str, str]]:
        """Every (lemma, pos) with at least one entry."""
        return frozenset(self._index)

    def entries_for(self, lemma: str, pos: str) -> tuple[TriggerEntry, ...]:
        """Entries of a lemma (known spaCy lemmatizer slips such as "stag" for "staged" are corrected)."""
        key = (lemma.lower(), pos)
        found = self._index.get(key)
        if found is None and key in LEMMA_ALIASES:
            found = self._index.get((LEMMA_ALIASES[key], pos))
        return found or ()

    def best(
        self, lemma: str, pos: str, particles: Iterable[str] = (), object_lemmas: Iterable[str] = ()
    ) -> TriggerEntry | None:
        """The most specific entry whose particle and object conditions hold, or None.

        None also when the winning entry is a non-event reading ("released a statement", "heart attack"):
        those words do not carry an event. `match` returns the winning entry itself.
        """
        e = self.match(lemma, pos, particles, object_lemmas)
        return e if e is not None and e.is_event else None

    def match(
        self, lemma: str, pos: str, particles: Iterable[str] = (), object_lemmas: Iterable[str] = ()
    ) -> TriggerEntry | None:
        """The winning entry, non-event readings included: most conditions met, then weight, then row order."""
        prt = {p.lower() for p in particles}
        objs = {o.lower() for o in object_lemmas}
        best: TriggerEntry | None = None
        for e in self.entries_for(lemma, pos):
            if e.matches(prt, objs) and (
                best is None or (e.specificity, e.weight) > (best.specificity, best.weight)
            ):
                best = e
        return best

    def surface_forms(self) -> frozenset[str]:
        """Lowercase word forms of every trigger lemma (inflections), for a cheap pre-parse filter."""
        forms: set[str] = set()
        for lemma, pos in self._index:
            forms.update(inflections(lemma, pos))
        return frozenset(forms)


@lru_cache(maxsize=1)
def _default() -> Lexicon:
    text = resources.files("flashpoint.coding").joinpath("data", "triggers.tsv").read_text(encoding="utf-8")
    return Lexicon(_parse(text, "flashpoint/coding/data/triggers.tsv"), name="flashpoint-triggers")


def surface_forms() -> frozenset[str]:
    """Surface forms of the default lexicon (cached)."""
    return _default_forms()


@lru_cache(maxsize=1)
def _default_forms() -> frozenset[str]:
    return _default().surface_forms()


# --- English inflection ------------------------------------------------------------------------

# past, past participle (same when one form)
_IRREGULAR_VERBS: dict[str, tuple[str, ...]] = {
    "arise": ("arose", "arisen"), "be": ("was", "were", "been"), "bear": ("bore", "borne"),
    "beat": ("beat", "beaten"), "become": ("became", "become"), "begin": ("began", "begun"),
    "bend": ("bent",), "bid": ("bid",), "bind": ("bound",), "bite": ("bit", "bitten"),
    "blow": ("blew", "blown"), "break": ("broke", "broken"), "bring": ("brought",),
    "build": ("built",), "burn": ("burned", "burnt"), "buy": ("bought",), "cast": ("cast",),
    "catch": ("caught",), "choose": ("chose", "chosen"), "come": ("came", "come"), "cost": ("cost",),
    "cut": ("cut",), "deal": ("dealt",), "do": ("did", "done"), "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"), "eat": ("ate", "eaten"), "fall": ("fell", "fallen"),
    "feed": ("fed",), "feel": ("felt",), "fight": ("fought",), "find": ("found",), "flee": ("fled",),
    "fly": ("flew", "flown"), "forbid": ("forbade", "forbidden"), "forgive": ("forgave", "forgiven"),
    "forsake": ("forsook", "forsaken"), "freeze": ("froze", "frozen"), "get": ("got", "gotten"),
    "give": ("gave", "given"), "go": ("went", "gone"), "grow": ("grew", "grown"), "hang": ("hung", "hanged"),
    "have": ("had",), "hear": ("heard",), "hide": ("hid", "hidden"), "hit": ("hit",), "hold": ("held",),
    "hurt": ("hurt",), "keep": ("kept",), "know": ("knew", "known"), "lay": ("laid",), "lead": ("led",),
    "leave": ("left",), "lend": ("lent",), "let": ("let",), "lie": ("lay", "lain"), "lose": ("lost",),
    "make": ("made",), "mean": ("meant",), "meet": ("met",), "mislead": ("misled",),
    "overrun": ("overran", "overrun"), "oversee": ("oversaw", "overseen"),
    "overthrow": ("overthrew", "overthrown"), "pay": ("paid",), "put": ("put",), "quit": ("quit",),
    "read": ("read",), "ride": ("rode", "ridden"), "rise": ("rose", "risen"), "run": ("ran", "run"),
    "say": ("said",), "see": ("saw", "seen"), "seek": ("sought",), "sell": ("sold",), "send": ("sent",),
    "set": ("set",), "shake": ("shook", "shaken"), "shoot": ("shot",), "shut": ("shut",),
    "sit": ("sat",), "slay": ("slew", "slain"), "speak": ("spoke", "spoken"), "spend": ("spent",),
    "spread": ("spread",), "stand": ("stood",), "steal": ("stole", "stolen"), "stick": ("stuck",),
    "strike": ("struck",), "swear": ("swore", "sworn"), "take": ("took", "taken"),
    "teach": ("taught",), "tear": ("tore", "torn"), "tell": ("told",), "think": ("thought",),
    "throw": ("threw", "thrown"), "undertake": ("undertook", "undertaken"), "uphold": ("upheld",),
    "wage": ("waged",), "win": ("won",), "withdraw": ("withdrew", "withdrawn"),
    "withhold": ("withheld",), "write": ("wrote", "written"), "test-fire": ("test-fired",),
}
# stressed final syllable: the consonant doubles (commit -> committed)
_DOUBLING = frozenset(
    "abet admit ban bar commit compel control confer deter dispel equip expel extol kidnap occur omit "
    "patrol permit prefer propel rebel recur refer regret repel submit transfer transmit worship".split()
)
_IRREGULAR_PLURALS: dict[str, str] = {
    "man": "men", "woman": "women", "child": "children", "person": "people", "crisis": "crises",
    "analysis": "analyses", "thesis": "theses", "drive-by": "drive-bys",
}
_VOWELS = set("aeiou")


def _syllables(word: str) -> int:
    groups, prev = 0, False
    for ch in word:
        v = ch in _VOWELS or ch == "y"
        if v and not prev:
            groups += 1
        prev = v
    if word.endswith("e") and groups > 1 and not word.endswith(("le", "ee")):
        groups -= 1
    return max(groups, 1)


def _doubles(verb: str) -> bool:
    if verb in _DOUBLING:
        return True
    if len(verb) < 3 or "-" in verb or _syllables(verb) != 1:
        return False
    a, b, c = verb[-3], verb[-2], verb[-1]
    return a not in _VOWELS and b in _VOWELS and c not in _VOWELS and c not in "wxy"


def _s_form(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _verb_forms(verb: str) -> set[str]:
    forms = {verb, _s_form(verb)}
    if verb.endswith("ie"):
        ing = verb[:-2] + "ying"
        ed = verb + "d"
    elif verb.endswith("ee"):
        ing, ed = verb + "ing", verb + "d"
    elif verb.endswith("e"):
        ing, ed = verb[:-1] + "ing", verb + "d"
    elif verb.endswith("y") and verb[-2] not in _VOWELS:
        ing, ed = verb + "ing", verb[:-1] + "ied"
    elif verb.endswith("c"):
        ing, ed = verb + "king", verb + "ked"
    elif _doubles(verb):
        ing, ed = verb + verb[-1] + "ing", verb + verb[-1] + "ed"
    elif verb.endswith("l") and verb[-2] in _VOWELS and verb[-3] not in _VOWELS and _syllables(verb) > 1:
        forms.update((verb + "ing", verb + "ed"))  # US "canceled"; British "cancelled" below
        ing, ed = verb + "ling", verb + "led"
    else:
        ing, ed = verb + "ing", verb + "ed"
    forms.add(ing)
    irregular = _IRREGULAR_VERBS.get(verb)
    if irregular:
        forms.update(irregular)
    else:
        forms.add(ed)
    return forms


def _noun_forms(noun: str) -> set[str]:
    if noun in _IRREGULAR_PLURALS:
        return {noun, _IRREGULAR_PLURALS[noun]}
    return {noun, _s_form(noun)}


def inflections(lemma: str, pos: str) -> frozenset[str]:
    """English word forms of a lemma: verbs -s/-ed/-ing (irregulars, doubling), nouns singular and plural."""
    base = lemma.lower()
    if pos == "VERB":
        return frozenset(_verb_forms(base))
    if pos == "NOUN":
        return frozenset(_noun_forms(base))
    raise InputError("inflections", f"pos must be VERB or NOUN, got {pos!r}")
