"""Hand-made records for the store tests (no NLP): articles whose spans really slice their text."""

from __future__ import annotations

import hashlib

from flashpoint.records import (
    Acled,
    ActorRef,
    Article,
    Attribution,
    Cameo,
    CodedArticle,
    Event,
    Failure,
    Location,
    Plover,
    Sentence,
    Trigger,
)

CODER = {"name": "test-coder", "version": "1.0", "components": {"lexicon": "hand"}}

# type -> (cameo code, goldstein, quad class)
CAMEO_OF = {
    "ASSAULT": ("190", -10.0, 4),
    "PROTEST": ("141", -6.5, 3),
    "AGREE": ("057", 8.0, 1),
    "ACCUSE": ("112", -2.0, 3),
    "AID": ("070", 7.0, 2),
    "CONSULT": ("040", 1.0, 1),
}


def sentences_of(text: str) -> list[Sentence]:
    """Split on '. ' (the hand-made texts are written for it)."""
    out: list[Sentence] = []
    start = 0
    for i, piece in enumerate(text.split(". ")):
        body = piece if piece.endswith(".") else piece + "."
        body = body if text[start : start + len(body)] == body else piece
        out.append(Sentence(i, body, start, start + len(body)))
        start = start + len(piece) + 2
    return out


def find(text: str, words: str, within: Sentence) -> tuple[int, int]:
    i = text.index(words, within.start, within.end)
    return (i, i + len(words))


def actor(text: str, s: Sentence, words: str, code: str | None, country: str | None, sector: str | None, name: str | None = None) -> ActorRef:
    return ActorRef(words, find(text, words, s), name or words, code, country, sector)


def make_event(
    article: Article,
    sent_idx: int,
    trigger: str,
    ptype: str,
    *,
    date: str | None,
    source: tuple[str, str | None, str | None, str | None] | None = None,
    target: tuple[str, str | None, str | None, str | None] | None = None,
    place: tuple[str, str, str | None, float | None, float | None, str] | None = None,
    modality: str = "asserted",
    confidence: float = 0.8,
    fatalities: int | None = None,
    attribution: tuple[str, str | None, str | None] | None = None,
    suffix: str = "",
) -> Event:
    text = article.text
    s = sentences_of(text)[sent_idx]
    code, gold, quad = CAMEO_OF[ptype]
    eid = hashlib.sha1(f"{article.id}|{sent_idx}|{trigger}|{suffix}".encode()).hexdigest()[:16]
    loc = None
    if place:
        words, name, country, lat, lon, precision = place
        loc = Location(words, find(text, words, s), name, country, None, lat, lon, precision)
    att = None
    if attribution:
        words, name, acode = attribution
        att = Attribution(words, find(text, words, s), name, acode)
    return Event(
        event_id=eid,
        article_id=article.id,
        sentence=s,
        trigger=Trigger(trigger, find(text, trigger, s)),
        date=date,
        date_precision="day" if date else "article",
        plover=Plover(ptype, None, ("military",) if ptype == "ASSAULT" else ()),
        cameo=Cameo(code, code[:2], gold, quad),
        acled=Acled("Battles", "Armed clash") if ptype == "ASSAULT" else None,
        source=actor(text, s, *source) if source else None,
        target=actor(text, s, *target) if target else None,
        location=loc,
        modality=modality,
        attribution=att,
        fatalities=fatalities,
        confidence=confidence,
        coder=dict(CODER),
    )


def make_article(aid: str, text: str, date: str = "2024-08-04", **kw: object) -> Article:
    return Article(id=aid, text=text, date=date, title=f"Title {aid}", url=f"https://news.example/{aid}",
                   outlet="Example News", lang="en", origin=f"/tmp/{aid}.txt",
                   content_hash=hashlib.sha256(text.encode()).hexdigest(), **kw)  # type: ignore[arg-type]


T1 = "Iraqi troops attacked Islamic State fighters near Mosul. The United States praised Iraq."
T2 = "Protesters marched against the Iraqi government in Baghdad. Iran accused Israel of an attack."
T3 = "Israel agreed with Hamas on a truce. Iran sent aid to Syria."


def corpus() -> list[CodedArticle]:
    """Three articles, six events (expected counts for filters are worked out in the tests)."""
    a1, a2, a3 = make_article("a1", T1, "2024-08-04"), make_article("a2", T2, "2024-08-10"), make_article("a3", T3, "2024-09-01")
    e = [
        make_event(a1, 0, "attacked", "ASSAULT", date="2024-08-03",
                   source=("Iraqi troops", "IRQMIL", "IRQ", "MIL"),
                   target=("Islamic State fighters", "IMGMUSISI", None, "REB"),
                   place=("Mosul", "Mosul", "IRQ", 36.34, 43.13, "city"), fatalities=4, confidence=0.9),
        make_event(a1, 1, "praised", "CONSULT", date="2024-08-04",
                   source=("The United States", "USA", "USA", None), target=("Iraq", "IRQ", "IRQ", None),
                   confidence=0.5),
        make_event(a2, 0, "marched", "PROTEST", date="2024-08-10",
                   source=("Protesters", "IRQCVL", "IRQ", "CVL"), target=("Iraqi government", "IRQGOV", "IRQ", "GOV"),
                   place=("Baghdad", "Baghdad", "IRQ", 33.34, 44.40, "city"), confidence=0.7),
        make_event(a2, 1, "accused", "ACCUSE", date="2024-08-09",
                   source=("Iran", "IRN", "IRN", None), target=("Israel", "ISR", "ISR", None),
                   modality="claimed", confidence=0.6, attribution=("Iran", "Iran", "IRN")),
        make_event(a3, 0, "agreed", "AGREE", date="2024-08-31",
                   source=("Israel", "ISRGOV", "ISR", "GOV"), target=("Hamas", "PSEREBHMS", "PSE", "REB"),
                   confidence=0.95),
        make_event(a3, 1, "sent aid", "AID", date="2024-09-01",
                   source=("Iran", "IRN", "IRN", None), target=("Syria", "SYR", "SYR", None), confidence=0.4),
    ]
    return [
        CodedArticle(a1, tuple(sentences_of(T1)), (e[0], e[1])),
        CodedArticle(a2, tuple(sentences_of(T2)), (e[2], e[3])),
        CodedArticle(a3, tuple(sentences_of(T3)), (e[4], e[5])),
    ]


def failed_article(aid: str = "bad1", text: str = "Garbled text.") -> CodedArticle:
    a = make_article(aid, text)
    return CodedArticle(a, failure=Failure(aid, "nlp", "ValueError", "could not parse", a.origin))


def skipped_article(aid: str = "fr1", text: str = "Le gouvernement a annoncé une réforme.") -> CodedArticle:
    return CodedArticle(make_article(aid, text, skipped="non-English (fr)"))


def test_factory_spans_slice_their_text() -> None:
    for coded in corpus():
        text = coded.article.text
        for s in coded.sentences:
            assert text[s.start : s.end] == s.text
        for ev in coded.events:
            for part in (ev.trigger, ev.source, ev.target, ev.location, ev.attribution):
                if part is not None:
                    assert text[part.span[0] : part.span[1]] == part.text
