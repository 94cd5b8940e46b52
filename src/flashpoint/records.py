"""Typed, frozen records passed between pipeline stages.

Data flows one way: Article -> Sentence -> (actor/place/date mentions) -> Event.
`Event.to_dict()` produces the record contract of ``docs/event-record.md``
(``../shared/docs/event-record.md``); `Event.from_dict()` reads it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

RECORD_VERSION = "1.0"

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

MODALITIES: tuple[str, ...] = ("asserted", "claimed", "denied", "negated", "future", "hypothetical")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ActorHints:
    """Caller-given source/target spans: code the relation between exactly these parties."""

    source: tuple[Span, ...]
    target: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """One article ready for coding. `text` is the body every span refers to."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601 publication date (YYYY-MM-DD or full timestamp)
    lang: str | None = None
    actors: ActorHints | None = None
    content_hash: str = ""  # filled by flashpoint.ingest.hashing.content_hash when empty
    origin: str | None = None  # where it came from: file path, URL, "<stdin>"
    skipped: str | None = None  # reason when the article must not be coded (e.g. non-English)

    def pub_date(self) -> str | None:
        """The publication date as YYYY-MM-DD, or None."""
        return self.date[:10] if self.date and len(self.date) >= 10 else None


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "span": [self.start, self.end]}


@dataclass(frozen=True, slots=True)
class Trigger:
    text: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span)}


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A party to an event: the words in the text and what they resolve to."""

    text: str
    span: Span
    name: str | None = None
    code: str | None = None  # CAMEO-style actor code, e.g. "USAGOV", "PSEREBHMS"
    country: str | None = None  # ISO 3166 alpha-3, None for international / non-state
    sector: str | None = None  # GOV, MIL, REB, OPP, CVL, MED, BUS, IGO, NGO, COP, JUD, ...

    def to_dict(self) -> dict[str, Any]:  # what `asdict` gives, the span as a list; built directly (faster)
        return {"text": self.text, "span": list(self.span), "name": self.name, "code": self.code,
                "country": self.country, "sector": self.sector}


@dataclass(frozen=True, slots=True)
class Location:
    text: str
    span: Span
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = "city"  # country, admin1, admin2 (a district), city, place

    def to_dict(self) -> dict[str, Any]:  # what `asdict` gives, the span as a list; built directly (faster)
        return {"text": self.text, "span": list(self.span), "name": self.name, "country": self.country,
                "admin1": self.admin1, "lat": self.lat, "lon": self.lon, "precision": self.precision}


@dataclass(frozen=True, slots=True)
class Attribution:
    text: str
    span: Span
    name: str | None = None
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:  # what `asdict` gives, the span as a list; built directly (faster)
        return {"text": self.text, "span": list(self.span), "name": self.name, "code": self.code}


@dataclass(frozen=True, slots=True)
class Plover:
    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode, "context": list(self.context)}


@dataclass(frozen=True, slots=True)
class Cameo:
    code: str
    root: str
    goldstein: float
    quad_class: int

    def to_dict(self) -> dict[str, Any]:  # what `asdict` gives, built directly (faster)
        return {"code": self.code, "root": self.root, "goldstein": self.goldstein, "quad_class": self.quad_class}


@dataclass(frozen=True, slots=True)
class SentenceClass:
    """What kind of event the evidence sentence reports, in ConfliBERT's five classes (0 statement,
    1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict): a reading of
    the sentence's words and all of its events (`coding/penta_model.py`), so a claim, denial or comment
    about an attack reads as a statement while its event stays the attack. `prob` is the model's.
    `category` is the sentence's fine-grained type in CASE 2021's 30 (ACLED sub-event types, and
    disasters, diplomatic events, organised crime, claims of responsibility: `coding/category_model.py`),
    `category_name` its readable name, `category_prob` the model's probability; None without that model."""

    penta: int
    name: str
    prob: float | None = None
    category: str | None = None
    category_name: str | None = None
    category_prob: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"penta": self.penta, "name": self.name, "prob": self.prob, "category": self.category,
                "category_name": self.category_name, "category_prob": self.category_prob}


@dataclass(frozen=True, slots=True)
class Acled:
    event_type: str
    sub_event_type: str

    def to_dict(self) -> dict[str, Any]:  # what `asdict` gives, built directly (faster)
        return {"event_type": self.event_type, "sub_event_type": self.sub_event_type}


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: the record contract."""

    event_id: str
    article_id: str
    sentence: Sentence
    trigger: Trigger
    date: str | None
    date_precision: str
    plover: Plover
    cameo: Cameo
    acled: Acled | None
    source: ActorRef | None
    target: ActorRef | None
    location: Location | None
    modality: str
    attribution: Attribution | None
    fatalities: int | None
    confidence: float
    coder: dict[str, Any] = field(default_factory=dict)
    record_version: str = RECORD_VERSION
    sentence_class: SentenceClass | None = None  # added field: the evidence sentence's event class

    def to_dict(self) -> dict[str, Any]:
        def opt(x: Any) -> Any:
            return None if x is None else x.to_dict()

        return {
            "record_version": self.record_version,
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence": self.sentence.to_dict(),
            "trigger": self.trigger.to_dict(),
            "date": self.date,
            "date_precision": self.date_precision,
            "plover": self.plover.to_dict(),
            "cameo": self.cameo.to_dict(),
            "acled": opt(self.acled),
            "source": opt(self.source),
            "target": opt(self.target),
            "location": opt(self.location),
            "modality": self.modality,
            "attribution": opt(self.attribution),
            "fatalities": self.fatalities,
            "confidence": self.confidence,
            "sentence_class": opt(self.sentence_class),
            "coder": self.coder,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        def span(x: Any) -> Span:
            return (int(x[0]), int(x[1]))

        def build(kind: type, x: dict[str, Any] | None) -> Any:
            if x is None:
                return None
            names = {f.name for f in fields(kind)}
            kw = {k: v for k, v in x.items() if k in names}
            if "span" in kw:
                kw["span"] = span(kw["span"])
            return kind(**kw)

        s = d["sentence"]
        p = d["plover"]
        return cls(
            event_id=d["event_id"],
            article_id=d["article_id"],
            sentence=Sentence(s["index"], s["text"], *span(s["span"])),
            trigger=Trigger(d["trigger"]["text"], span(d["trigger"]["span"])),
            date=d.get("date"),
            date_precision=d.get("date_precision", "article"),
            plover=Plover(p["type"], p.get("mode"), tuple(p.get("context") or ())),
            cameo=build(Cameo, d["cameo"]),
            acled=build(Acled, d.get("acled")),
            source=build(ActorRef, d.get("source")),
            target=build(ActorRef, d.get("target")),
            location=build(Location, d.get("location")),
            modality=d.get("modality", "asserted"),
            attribution=build(Attribution, d.get("attribution")),
            fatalities=d.get("fatalities"),
            confidence=float(d.get("confidence", 0.0)),
            coder=d.get("coder") or {},
            record_version=d.get("record_version", RECORD_VERSION),
            sentence_class=build(SentenceClass, d.get("sentence_class")),
        )


def most_confident(events: Sequence[Event]) -> Event | None:
    """The highest-confidence event (the first one on ties), or None."""
    best: Event | None = None
    for ev in events:
        if best is None or ev.confidence > best.confidence:
            best = ev
    return best


@dataclass(frozen=True, slots=True)
class Failure:
    """An article that could not be coded: which one, at which stage, and why."""

    article_id: str
    stage: str  # ingest, nlp, coding, store
    error: str  # exception class name or short code
    message: str
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """The result of coding one article: its events, or the reason it was skipped or failed."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    events: tuple[Event, ...] = ()
    failure: Failure | None = None
