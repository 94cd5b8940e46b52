"""The real news page users bring (../shared/samples): coded right, boilerplate and all."""

from __future__ import annotations

import pytest

from tests.conftest import shared_path

SAMPLE = ("samples", "the-new-region-2024-08-04-us-asks-iraq.txt")


@pytest.fixture(scope="module")
def coded(coder):
    from flashpoint.ingest import parse_scraped_page

    path = shared_path(*SAMPLE)
    article = parse_scraped_page(path.read_text(encoding="utf-8"), origin=str(path))
    return coder.code(article)


def _code(ref):
    return (ref or {}).get("code") or ""


def _events(coded):
    return [e.to_dict() for e in coded.events]


def test_metadata(coded):
    a = coded.article
    assert a.title == "US asks Iraq to play peacekeeper role"
    assert a.author == "Dilan Sirwan"
    assert a.pub_date() == "2024-08-04"
    assert a.outlet == "The New Region"


def test_phone_call_consult(coded):
    hits = [e for e in _events(coded) if e["plover"]["type"] == "CONSULT"
            and _code(e["source"]) == "USAGOV" and _code(e["target"]) == "IRQGOV"]
    assert hits, "no CONSULT USAGOV -> IRQGOV"
    assert any(e["date"] == "2024-08-04" and e["modality"] == "asserted" for e in hits)


def test_request_peacekeeping_role(coded):
    hits = [e for e in _events(coded) if e["plover"]["type"] == "REQUEST"
            and _code(e["source"]).startswith("USA") and _code(e["target"]).startswith("IRQ")]
    assert hits, "no REQUEST USA -> IRQ"


def test_iran_threatens_israel(coded):
    hits = [e for e in _events(coded) if e["plover"]["type"] == "THREATEN"
            and _code(e["source"]).startswith("IRN") and _code(e["target"]).startswith("ISR")]
    assert hits, "no THREATEN IRN -> ISR"


def test_haniyeh_assassination(coded):
    hits = [e for e in _events(coded) if e["plover"]["type"] == "ASSAULT"
            and "Haniyeh" in ((e["target"] or {}).get("name") or (e["target"] or {}).get("text") or "")]
    assert hits, "no ASSAULT on Haniyeh"
    assert any(_code(e["target"]) == "PSEREBHMS" for e in hits)
    assert any(e["date"] == "2024-07-31" and (e["location"] or {}).get("name") in ("Tehran", "Teheran") for e in hits)
    attributed = [e for e in hits if e["attribution"] and (e["attribution"].get("code") or "").startswith("IRN")]
    assert attributed, "the text attributes the assassination to Israel according to Iran"
    assert all(e["modality"] == "claimed" for e in attributed)
    assert any(_code(e["source"]).startswith("ISR") for e in attributed)


def test_factions_threat_from_anonymous_commander(coded):
    hits = [e for e in _events(coded) if e["plover"]["type"] == "THREATEN"
            and _code(e["source"]).startswith("IRQ") and _code(e["target"]).startswith("ISR")]
    assert hits, "no THREATEN by Iraqi factions against Israel"
    assert any(e["attribution"] and e["attribution"]["name"] == "anonymous source" and e["attribution"]["code"] is None
               for e in hits)


def test_no_asserted_iranian_attack_on_israel(coded):
    for e in _events(coded):
        if e["plover"]["type"] == "ASSAULT" and _code(e["source"]).startswith("IRN") and _code(e["target"]).startswith("ISR"):
            assert e["modality"] != "asserted", e["sentence"]["text"]


def test_no_events_from_furniture(coded):
    furniture = ("Profile picture", "Erbil-based", "NEWSLETTER", "Get the latest", "Image of", "min read",
                 "focuses on political")
    for e in _events(coded):
        assert not any(f in e["sentence"]["text"] for f in furniture), e["sentence"]["text"]


def test_spans_slice_the_body(coded):
    text = coded.article.text
    for e in _events(coded):
        s = e["sentence"]
        assert text[s["span"][0]:s["span"][1]] == s["text"]
        assert text[e["trigger"]["span"][0]:e["trigger"]["span"][1]] == e["trigger"]["text"]
        for key in ("source", "target", "location", "attribution"):
            ref = e[key]
            if ref:
                assert text[ref["span"][0]:ref["span"][1]] == ref["text"], (key, ref)


def test_no_act_is_done_to_the_city_it_happened_in(coded):
    """"was assassinated in Tehran on Wednesday in a bombing that targeted his residence north of Tehran": the
    bombing was done to Haniyeh; Tehran is where, not whom."""
    events = _events(coded)
    for e in events:
        assert ((e["target"] or {}).get("text") or "") != "Tehran", e["trigger"]["text"]
    assert any(e["trigger"]["text"] in ("assassinated", "bombing")
               and "Haniyeh" in ((e["target"] or {}).get("text") or "") and e["date"] == "2024-07-31" for e in events)


def test_an_inquiry_into_the_attack_names_no_attacker(coded):
    """"Iranian authorities have yet to reveal the results of an investigation into the source of the attack on
    Haniyeh": the authorities inquire, they neither attacked nor are said to investigate Haniyeh."""
    for e in _events(coded):
        if "investigation into" in e["sentence"]["text"] and _code(e["source"]).startswith("IRN"):
            assert "Haniyeh" not in ((e["target"] or {}).get("text") or ""), e
            assert e["plover"]["type"] != "ASSAULT", e


def test_what_peace_is_contingent_on_is_hypothetical(coded):
    """"peace in the region is contingent on Israel 'being prevented from from attacking the countries of the
    region'": neither the prevention nor the attack is reported as done."""
    hits = [e for e in _events(coded) if "contingent on" in e["sentence"]["text"]
            and e["trigger"]["text"] in ("prevented", "attacking")]
    assert {e["trigger"]["text"] for e in hits} == {"prevented", "attacking"}
    assert all(e["modality"] == "hypothetical" for e in hits), [(e["trigger"]["text"], e["modality"]) for e in hits]


def test_a_wish_that_iraq_act_is_an_appeal_to_iraq(coded):
    """"expressed Washington's desire for Iraq to play a stabilizing role": an appeal to Iraq (CAMEO 02), not the
    US's intent to cooperate (030)."""
    wish = [e for e in _events(coded) if e["trigger"]["text"] == "expressed"]
    assert wish and all(e["plover"]["type"] == "REQUEST" and e["cameo"]["root"] == "02"
                        and _code(e["target"]).startswith("IRQ") for e in wish)


def test_the_expected_iranian_attack_is_neither_where_nor_when_haniyeh_was_killed(coded):
    """"anticipating an Iranian attack on Israel in response to the killing of ... Haniyeh in the Iranian capital
    last week": the attack is still to come; the killing's place and week are not its own."""
    hits = [e for e in _events(coded) if e["trigger"]["text"] == "attack" and "anticipating" in e["sentence"]["text"]]
    assert hits and all(e["modality"] == "future" for e in hits)
    for e in hits:
        assert (e["location"] or {}).get("name") != "Tehran", e["location"]
        assert e["date"] == "2024-08-04", e["date"]


def test_the_party_kept_from_attacking_is_who_would_attack(coded):
    """"contingent on Israel 'being prevented from from attacking the countries of the region'": Israel would
    attack; the countries of the region are not Israel's, nor is Israel where it would happen."""
    hits = [e for e in _events(coded)
            if e["trigger"]["text"] == "attacking" and "contingent on" in e["sentence"]["text"]]
    assert hits
    for e in hits:
        assert _code(e["source"]) == "ISR", e["source"]
        assert not (e["target"] or {}).get("country"), e["target"]
        assert (e["location"] or {}).get("name") != "Israel", e["location"]
