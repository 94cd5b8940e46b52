"""The same event stated more than once in one article becomes one record.

Rule: two events of one article merge when they have the same PLOVER type, the same target
(actor code and name, or the same words when unresolved; or one has none and the source is the same, or
neither has one and they are of one sentence and one source; or neither has any party and they are of one
sentence and one place), and compatible sources (equal, or one of them unknown), and their dates do not
contradict each other (both at day precision and different = two events). The merged record keeps the
mention that names the source (else the first), and takes the most precise date, a location, and the
largest fatality count from the others; a mention of it as done outweighs one of it as an aim or a plan
(the record is done, as that mention says).

Beside merging, what one event of an article tells of another: a threat's target (`carry_targets`), the
doer behind an assault whose doer is only what struck (`carry_doers`), and the place of an act whose own
phrase names none (`shared_locations`: its sentence's other acts', else, where its
sentence names no place, the acts' or the opening place of the sentence or two before).
"""

from __future__ import annotations

from dataclasses import replace

from flashpoint.records import ActorRef, Event, Location

_PRECISION = {"day": 0, "week": 1, "month": 2, "year": 3, "article": 4}


def _ident(ref: ActorRef | None) -> tuple[str, ...] | None:
    if ref is None:
        return None
    if ref.code:
        return (ref.code, (ref.name or "").lower())
    return ("", ref.text.lower())


def _compatible(a: Event, b: Event) -> bool:
    if a.plover.type != b.plover.type:
        return False
    ta, tb = _ident(a.target), _ident(b.target)
    sa, sb = _ident(a.source), _ident(b.source)
    if ta is None and tb is None and sa is None and sb is None:
        # no party in either: one act when one sentence tells it at one place ("Two artillery shells exploded
        # near Zrybnivka": the shells and the exploding)
        return a.sentence.index == b.sentence.index and _place(a) == _place(b) and _same_day(a, b)
    if ta is None or tb is None:
        # "Blinken's call" after "Blinken called Sudani": the same source's same act, no target given; with no
        # target in either, only in one sentence ("have gone on hunger strike in protest at ...": one protest)
        if sa is None or sa != sb or (ta is None and tb is None and a.sentence.index != b.sentence.index):
            return False
    elif ta != tb:
        return False
    if sa is not None and sb is not None and sa != sb:
        return False
    return _same_day(a, b)


def _same_day(a: Event, b: Event) -> bool:
    """The dates do not contradict: not both day-precise and different."""
    return not (a.date_precision == "day" and b.date_precision == "day" and a.date != b.date)


def _place(ev: Event) -> tuple[str, str | None] | None:
    return None if ev.location is None else (ev.location.name, ev.location.country)


_LOC_RANK = {"place": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}


def _finer(a: Location | None, b: Location | None) -> Location | None:
    if a is None or b is None:
        return a or b
    return b if _LOC_RANK.get(b.precision, 9) < _LOC_RANK.get(a.precision, 9) else a


_DONE = ("asserted", "claimed")
UNDONE = ("future", "hypothetical")  # modalities of an act still to come or on a condition


def _combine(keep: Event, other: Event) -> Event:
    date, prec = keep.date, keep.date_precision
    if _PRECISION.get(other.date_precision, 9) < _PRECISION.get(prec, 9):
        date, prec = other.date, other.date_precision
    fat = [f for f in (keep.fatalities, other.fatalities) if f is not None]
    modality, attribution = keep.modality, keep.attribution
    if modality in UNDONE and other.modality in _DONE:
        # "used live ammunition to disperse demonstrators, killing three": the aim and the act are one event, done
        modality, attribution = other.modality, other.attribution
    return replace(
        keep,
        modality=modality,
        attribution=attribution,
        date=date,
        date_precision=prec,
        location=_finer(keep.location, other.location),
        fatalities=max(fat) if fat else None,
        confidence=max(keep.confidence, other.confidence),
    )


def merge_events(events: list[Event]) -> list[Event]:
    """Merge mentions of the same event; order follows the first mention."""
    out: list[Event] = []
    for ev in events:
        for k, kept in enumerate(out):
            if _compatible(kept, ev):
                if (kept.source is None and ev.source is not None) or (kept.target is None and ev.target is not None):
                    out[k] = _combine(ev, kept)
                else:
                    out[k] = _combine(kept, ev)
                break
        else:
            out.append(ev)
    return out


_CARRY = {"THREATEN", "ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "ACCUSE"}


def carry_targets(events: list[Event]) -> list[Event]:
    """A threat with no target in its sentence takes the target of the same source's latest conflict event.

    "an Iranian attack on Israel ... Iran has vowed a strong response": the vow is aimed at Israel.
    Applies to THREATEN only, looking back within the article; confidence is lowered.
    """
    out: list[Event] = []
    for ev in events:
        if ev.plover.type == "THREATEN" and ev.target is None and ev.source is not None and ev.source.country:
            for prev in reversed(out):
                if (
                    prev.plover.type in _CARRY and prev.target is not None and prev.source is not None
                    and prev.source.country == ev.source.country and prev.target.code
                    and prev.target.country != ev.source.country
                ):
                    ev = replace(ev, target=prev.target, confidence=round(ev.confidence * 0.8, 4))
                    break
        out.append(ev)
    return out


# what strikes, and the act itself: a doer named only by one of these was sent by whoever fired it ("wounded by
# a rubber bullet") or is whoever did the act ("This land seizure is part of a plan to seize ...")
_INSTRUMENTS = frozenset({
    "bullet", "round", "shell", "shelling", "shrapnel", "rocket", "missile", "mortar", "projectile", "bomb",
    "grenade", "explosive", "fire", "gunfire", "strike", "airstrike", "drone",
    "attack", "raid", "operation", "offensive", "incursion", "bombardment", "seizure",
})
_CARRY_DOER = {"ASSAULT", "COERCE"}


def carry_doers(events: list[Event]) -> list[Event]:
    """An assault whose doer is only what struck ("A Palestinian was wounded by a rubber bullet", "Shrapnel from
    the explosion reached several neighborhoods") was done by whoever the nearest assault before it, in its
    sentence or the CARRY_SENTENCES before, says did the striking ("Israeli forces fired rubber bullets at
    fishermen"); an assault or coercion whose doer is only the act itself ("This land seizure is part of a
    plan to seize ...") by whoever did the act before; confidence is lowered. An instrument or act with no
    such party before it stays the doer."""
    out: list[Event] = []
    for ev in events:
        s = ev.source
        if ev.plover.type in _CARRY_DOER and s is not None and not (s.code or s.sector) and _instrument(s.text):
            party = next((prev.source for prev in reversed(out)
                          if prev.plover.type == ev.plover.type and prev.source is not None
                          and (prev.source.code or prev.source.sector) and not _instrument(prev.source.text)
                          and ev.sentence.index - CARRY_SENTENCES <= prev.sentence.index <= ev.sentence.index), None)
            if party is not None:
                ev = replace(ev, source=party, confidence=round(ev.confidence * 0.8, 4))
        out.append(ev)
    return out


def _instrument(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and (words[-1] in _INSTRUMENTS or words[-1].rstrip("s") in _INSTRUMENTS)


ON_THE_GROUND = {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"}  # acts done at a place, by people there


def shared_locations(events: list[Event], settings: dict[int, Location] | None = None) -> list[Event]:
    """An act done on the ground whose own phrase names no place happened where the other such acts of its
    sentence did, when they all happened at one place; where its sentence names no place at all, where those of
    the nearest sentence before it (at most CARRY_SENTENCES back) did, or that sentence's opening place
    (`settings`: sentence index -> its opening place, "On 5 May 2020, in Utinga, Bahia, armed men used explosives
    ..."). An act that took a place from a sentence before passes it on to the acts told after it.

    "Nineteen people have been killed and 67 wounded in a bomb attack on a mosque in Peshawar": the killing
    and the wounding were at the attack's place. Only between assaults, coercion, mobilisation and protests
    (a statement about a strike happened wherever it was made), and only where the sentence's located acts
    agree (two places: which one is unknown). An act still to come or on a condition takes no done act's place unless
    it is that act's aim: "anticipating an Iranian attack on Israel in response to the killing of Haniyeh in the
    Iranian capital"."""
    places: dict[int, list[Location]] = {}  # sentence index -> the places of its located acts
    to_come: dict[int, list[Location]] = {}  # ... of its located acts still to come or on a condition
    for ev in events:
        if ev.location is not None and ev.plover.type in ON_THE_GROUND:
            places.setdefault(ev.sentence.index, []).append(ev.location)
            if _to_come(ev):
                to_come.setdefault(ev.sentence.index, []).append(ev.location)
    for i, loc in (settings or {}).items():
        places.setdefault(i, [loc])  # "On 5 May 2020, in Utinga, Bahia, armed men used explosives ...": its setting
    out = []
    for ev in events:
        if ev.location is None and ev.plover.type in ON_THE_GROUND:
            # an act to come that is no aim (an infinitive: "fired tear gas to disperse the crowd" was there) takes
            # only the places of other acts to come
            alone = _to_come(ev) and not infinitive_at(ev.sentence.text, ev.trigger.span[0] - ev.sentence.start)
            usable = to_come if alone else places
            found = usable.get(ev.sentence.index)
            carried = not found
            if carried:
                found = _told_before(usable, ev)
            if found and len({(loc.name, loc.country) for loc in found}) == 1:
                ev = replace(ev, location=found[0])
                if carried:  # the place carries on through the acts told after it, till another place is named
                    places.setdefault(ev.sentence.index, []).append(found[0])
                    if _to_come(ev):
                        to_come.setdefault(ev.sentence.index, []).append(found[0])
        out.append(ev)
    return out


def _to_come(ev: Event) -> bool:
    """The act is still to come or on a condition, not done."""
    return ev.modality in UNDONE


def infinitive_at(text: str, rel: int) -> bool:
    """The trigger at char `rel` of the sentence `text` is an infinitive ("to disperse"): the aim of another act,
    which happened where that act did."""
    return text[:rel].lower().endswith("to ")


CARRY_SENTENCES = 2  # how far back an act's place is looked for when its own sentence names none


def _told_before(places: dict[int, list[Location]], ev: Event) -> list[Location] | None:
    """The places of the located acts on the ground in the nearest of the CARRY_SENTENCES sentences before `ev`'s,
    when its own sentence names no place at all: "In Reynosa, Tamaulipas, a State Police convoy was shot from a
    car. A man was killed in the pursuit that followed": the pursuit was in Reynosa too."""
    from flashpoint.geo.places import find_places  # noqa: PLC0415

    i = ev.sentence.index
    before = [k for k in places if i - CARRY_SENTENCES <= k < i]
    if not before or find_places(ev.sentence.text):
        return None
    return places[max(before)]
