"""Filters against the six hand-made events of test_store_factory.corpus():

e0 ASSAULT 2024-08-03 IRQMIL "Iraqi troops" (IRQ) -> IMGMUSISI "Islamic State fighters" (-)  conf .90
e1 CONSULT 2024-08-04 USA "The United States" (USA) -> IRQ "Iraq" (IRQ)                      conf .50
e2 PROTEST 2024-08-10 IRQCVL "Protesters" (IRQ) -> IRQGOV "Iraqi government" (IRQ)            conf .70
e3 ACCUSE  2024-08-09 IRN "Iran" (IRN) -> ISR "Israel" (ISR), claimed                         conf .60
e4 AGREE   2024-08-31 ISRGOV "Israel" (ISR) -> PSEREBHMS "Hamas" (PSE)                        conf .95
e5 AID     2024-09-01 IRN "Iran" (IRN) -> SYR "Syria" (SYR)                                   conf .40
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flashpoint.errors import InputError
from flashpoint.store import EventFilter, Store, query_events, summary
from flashpoint.store.queries import count_events
from tests.test_store_factory import corpus, failed_article, skipped_article


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with Store.open(":memory:") as s:
        run = s.start_run("test-coder", "1.0", {})
        s.write_many([*corpus(), failed_article(), skipped_article()], run, "1.0")
        yield s


def types(store: Store, **kw: object) -> list[str]:
    return [r["plover"]["type"] for r in query_events(store, EventFilter(**kw))]  # type: ignore[arg-type]


def test_no_filter_returns_all_in_date_order(store: Store) -> None:
    assert types(store) == ["ASSAULT", "CONSULT", "ACCUSE", "PROTEST", "AGREE", "AID"]
    assert query_events(store) == query_events(store, EventFilter())


def test_records_are_the_contract_records(store: Store) -> None:
    written = {e.event_id: e.to_dict() for c in corpus() for e in c.events}
    got = query_events(store)
    assert {r["event_id"]: r for r in got} == written


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"start": "2024-08-04", "end": "2024-08-31"}, ["CONSULT", "ACCUSE", "PROTEST", "AGREE"]),
        ({"start": "2024-09-01"}, ["AID"]),
        ({"end": "2024-08-03"}, ["ASSAULT"]),
        ({"start": "2025-01-01"}, []),
    ],
)
def test_date_range(store: Store, kw: dict[str, str], expected: list[str]) -> None:
    assert types(store, **kw) == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("IRQ", ["ASSAULT", "CONSULT", "PROTEST"]),  # code prefix: IRQMIL, IRQ, IRQCVL/IRQGOV
        ("irq", ["ASSAULT", "CONSULT", "PROTEST"]),  # case-insensitive
        ("iraq", ["ASSAULT", "CONSULT", "PROTEST"]),  # name substring: Iraqi troops, Iraq, Iraqi government
        ("state", ["ASSAULT", "CONSULT"]),  # "Islamic State fighters", "The United States"
        ("Hamas", ["AGREE"]),
        ("PSE", ["AGREE"]),
        ("MUS", []),  # inside IMGMUSISI but not a prefix, and in no name
        ("IRN", ["ACCUSE", "AID"]),
    ],
)
def test_actor(store: Store, actor: str, expected: list[str]) -> None:
    assert types(store, actor=actor) == expected


@pytest.mark.parametrize(
    ("country", "expected"),
    [("IRQ", ["ASSAULT", "CONSULT", "PROTEST"]), ("irn", ["ACCUSE", "AID"]), ("PSE", ["AGREE"]), ("FRA", [])],
)
def test_country(store: Store, country: str, expected: list[str]) -> None:
    assert types(store, country=country) == expected


@pytest.mark.parametrize(
    ("ptype", "expected"),
    [("ASSAULT", ["ASSAULT"]), ("assault", ["ASSAULT"]), (["ACCUSE", "AID"], ["ACCUSE", "AID"]), ("COERCE", [])],
)
def test_plover_type(store: Store, ptype: object, expected: list[str]) -> None:
    assert types(store, plover_type=ptype) == expected


@pytest.mark.parametrize(
    ("dyad", "expected"),
    [
        (("IRN", "ISR"), ["ACCUSE"]),
        (("ISR", "IRN"), []),  # directed
        (("IRQ", "IRQ"), ["PROTEST"]),  # IRQCVL -> IRQGOV; IRQMIL -> IMG... does not match
        (("ISR", "PSE"), ["AGREE"]),
        (("IRN", ""), ["ACCUSE", "AID"]),
    ],
)
def test_dyad(store: Store, dyad: tuple[str, str], expected: list[str]) -> None:
    assert types(store, dyad=dyad) == expected


def test_modality_confidence_limit_and_combinations(store: Store) -> None:
    assert types(store, modality="claimed") == ["ACCUSE"]
    assert types(store, min_confidence=0.7) == ["ASSAULT", "PROTEST", "AGREE"]
    assert types(store, limit=2) == ["ASSAULT", "CONSULT"]
    assert types(store, country="IRQ", plover_type="ASSAULT") == ["ASSAULT"]
    assert types(store, actor="IRN", start="2024-08-15") == ["AID"]
    assert count_events(store, EventFilter(country="IRQ", limit=1)) == 3


def test_bad_dates_are_input_errors(store: Store) -> None:
    with pytest.raises(InputError, match="start"):
        query_events(store, EventFilter(start="last week"))


def test_summary(store: Store) -> None:
    s = summary(store)
    assert s["path"] == ":memory:"
    assert (s["n_articles"], s["n_events"], s["n_skipped"], s["n_failures"]) == (5, 6, 1, 1)
    assert s["by_plover_type"] == {t: 1 for t in ("ACCUSE", "AGREE", "AID", "ASSAULT", "CONSULT", "PROTEST")}
    assert s["date_range"] == {"start": "2024-08-03", "end": "2024-09-01"}
    assert len(s["top_dyads"]) == 6
    assert {"source": "IRN", "target": "ISR", "n_events": 1} in s["top_dyads"]


def test_top_dyads_are_ordered_by_count() -> None:
    from flashpoint.records import CodedArticle
    from tests.test_store_factory import make_article, make_event, sentences_of

    text = "Iran accused Israel of spying. Iran accused Israel again."
    a = make_article("x1", text, "2024-10-01")
    evs = (
        make_event(a, 0, "accused", "ACCUSE", date="2024-10-01", source=("Iran", "IRN", "IRN", None),
                   target=("Israel", "ISR", "ISR", None)),
        make_event(a, 1, "accused", "ACCUSE", date="2024-10-01", source=("Iran", "IRN", "IRN", None),
                   target=("Israel", "ISR", "ISR", None)),
    )
    with Store.open(":memory:") as s:
        run = s.start_run("t", "1", {})
        s.write_many([*corpus(), CodedArticle(a, tuple(sentences_of(text)), evs)], run, "1")
        top = summary(s)["top_dyads"]
    assert top[0] == {"source": "IRN", "target": "ISR", "n_events": 3}
    assert [d["n_events"] for d in top[1:]] == [1] * 5
