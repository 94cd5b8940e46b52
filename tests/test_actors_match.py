"""Actor mention matching: composition, codes, spans, dates, in-article coreference."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.actors.match import ActorMatcher, ActorMention, ArticleActors, default_matcher

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "the-new-region-2024-08-04-us-asks-iraq.txt"
DATE = "2024-08-04"


@pytest.fixture(scope="module")
def m() -> ActorMatcher:
    return default_matcher()


def one(m: ActorMatcher, text: str, date: str | None = DATE) -> ActorMention:
    found = m.find(text, date)
    assert len(found) == 1, found
    mention = found[0]
    assert text[mention.start : mention.end] == mention.text
    return mention


@pytest.mark.parametrize(
    "text, span, code, kind",
    [
        ("Iraqi Prime Minister Mohammed Shia’ al-Sudani", "Iraqi Prime Minister Mohammed Shia’ al-Sudani", "IRQGOV", "person"),
        ("US Secretary of State Antony Blinken", "US Secretary of State Antony Blinken", "USAGOV", "person"),
        ("The US Secretary of State", "US Secretary of State", "USAGOV", "agent"),
        ("the Iraqi Prime Minister", "Iraqi Prime Minister", "IRQGOV", "agent"),
        ("Iranian authorities", "Iranian authorities", "IRNGOV", "agent"),
        ("Israeli forces", "Israeli forces", "ISRMIL", "agent"),
        ("Israeli troops", "Israeli troops", "ISRMIL", "agent"),
        ("pro-Iran Iraqi factions", "pro-Iran Iraqi factions", "IRQREB", "agent"),
        ("Iraqi factions", "Iraqi factions", "IRQREB", "agent"),
        ("Hamas political chief Ismail Haniyeh", "Hamas political chief Ismail Haniyeh", "PSEREBHMS", "person"),
        ("Washington", "Washington", "USAGOV", "metonym"),
        ("Baghdad", "Baghdad", "IRQGOV", "metonym"),
        ("Iran", "Iran", "IRN", "country"),
        ("an Iranian attack", "Iranian", "IRN", "demonym"),
        ("the Foreign Ministry of Ukraine", "Foreign Ministry of Ukraine", "UKRGOV", "agent"),
        ("Ukraine's foreign ministry", "Ukraine's foreign ministry", "UKRGOV", "agent"),
        ("the Kremlin", "Kremlin", "RUSGOV", "metonym"),
        ("Pentagon officials", "Pentagon officials", "USAMIL", "agent"),
        ("Hezbollah fighters", "Hezbollah fighters", "LBNREBHEZ", "org"),
        ("UN Secretary-General Antonio Guterres", "UN Secretary-General Antonio Guterres", "IGOUNO", "person"),
        ("Iran’s Islamic Revolutionary Guard Corps", "Iran’s Islamic Revolutionary Guard Corps", "IRNMIL", "org"),
    ],
)
def test_composed_mentions(m: ActorMatcher, text: str, span: str, code: str, kind: str) -> None:
    mention = one(m, text)
    assert (mention.text, mention.code, mention.kind) == (span, code, kind)


def test_names_countries_and_sectors(m: ActorMatcher) -> None:
    s = one(m, "Iraqi Prime Minister Mohammed Shia’ al-Sudani")
    assert (s.name, s.country, s.sector) == ("Mohammed Shia al-Sudani", "IRQ", "GOV")
    h = one(m, "Hamas political chief Ismail Haniyeh")
    assert (h.name, h.country, h.sector) == ("Ismail Haniyeh", "PSE", "REB")
    i = one(m, "Iran")
    assert (i.name, i.country, i.sector) == ("Iran", "IRN", None)
    k = one(m, "Kosovo police")
    assert (k.code, k.country) == ("KSVCOP", "XKX")  # CAMEO code in `code`, ISO3 in `country`
    ref = k.to_ref()
    assert ref.span == (k.start, k.end) and ref.code == "KSVCOP"


def test_case_sensitive_acronyms_and_names(m: ActorMatcher) -> None:
    assert m.find("Tell us what happened to the turkey.") == []
    assert [x.code for x in m.find("US officials said.")] == ["USAGOV"]
    assert [x.code for x in m.find("U.S. troops left.")] == ["USAMIL"]
    assert [x.code for x in m.find("Turkey objected.")] == ["TUR"]


def test_places_are_not_actors(m: ActorMatcher) -> None:
    assert m.find("Haniyeh was killed in the Iranian capital last week.", DATE)[0].text == "Haniyeh"
    assert len(m.find("Haniyeh was killed in the Iranian capital last week.", DATE)) == 1
    assert m.find("He was assassinated in Tehran on Wednesday.") == []
    assert m.find("no attack will be conducted from Iraqi territory") == []
    assert m.find("a bombing north of Tehran") == []


def test_a_currency_is_not_its_country(m: ActorMatcher) -> None:
    texts = [x.text for x in m.find("Rioters protested against the high US dollar exchange rate; the Iranian rial fell.")]
    assert "US" not in texts and not any("Iranian" in t for t in texts)
    assert [x.code for x in m.find("The US imposed sanctions on Iranian officials.")][:1] == ["USA"]


def test_a_spaced_dash_ends_a_dateline_and_joins_no_name(m: ActorMatcher) -> None:
    """"BAGHDAD - Gunmen ambushed ...": the dateline's city is no part of the gunmen's name (the source had been
    "BAGHDAD - Gunmen", coded as Iraq's government); a hyphen still joins ("a Turkish-Russian patrol")."""
    assert [(x.text, x.code) for x in m.find("BAGHDAD - Gunmen ambushed a convoy.")] == [
        ("BAGHDAD", "IRQGOV"), ("Gunmen", None)]
    assert [x.code for x in m.find("a Turkish-Russian patrol")] == ["TUR", "RUS"]


def test_a_day_named_after_an_actor_is_not_the_actor(m: ActorMatcher) -> None:
    def found(text: str) -> list[tuple[str, str | None]]:
        return [(x.text, x.code) for x in m.find(text)]

    assert found("Health workers marched during Labour day to demand equipment.") == [("Health workers", None)]
    assert found("The army marched on Army Day.") == [("army", None)]
    assert found("The Labour Party criticised the budget.") == [("Labour Party", "GBRLAB")]


def test_date_changes_person_codes(m: ActorMatcher) -> None:
    assert one(m, "Blinken spoke.", "2024-08-04").code == "USAGOV"
    assert one(m, "Blinken spoke.", "2026-03-01").code == "USAELI"
    # an explicit title in the text wins over the knowledge base
    assert one(m, "US Secretary of State Antony Blinken", "2026-03-01").code == "USAGOV"
    assert one(m, "Former Prime Minister Imran Khan", "2024-01-01").code == "PAKELI"
    assert one(m, "the Taliban", "2019-01-01").code == "AFGREBTAL"
    assert one(m, "the Taliban", "2023-01-01").code == "AFGGOV"


def test_coordinated_demonyms_share_the_agent(m: ActorMatcher) -> None:
    text = "conducted by Iranian, Iraqi, Yemeni, Lebanese, Syrian, and Jordanian armed factions."
    got = [(x.text, x.code) for x in m.find(text)]
    assert got == [
        ("Iranian", "IRNREB"), ("Iraqi", "IRQREB"), ("Yemeni", "YEMREB"), ("Lebanese", "LBNREB"),
        ("Syrian", "SYRREB"), ("Jordanian armed factions", "JORREB"),
    ]


def test_unknown_titled_person(m: ActorMatcher) -> None:
    x = one(m, "Ukrainian army spokesman John Smith said on Monday")
    assert (x.text, x.name, x.code, x.kind) == ("Ukrainian army spokesman John Smith", "John Smith", "UKRMIL", "person")


def test_spans_slice_to_text_on_the_sample_sentences(m: ActorMatcher) -> None:
    text = (
        "US Secretary of State Antony Blinken on Sunday called Iraqi Prime Minister Mohammed Shia’ al-Sudani "
        "saying that Washington desires for Baghdad to play a role in preventing escalation in the region."
    )
    got = m.find(text, DATE)
    assert [(x.text, x.code) for x in got] == [
        ("US Secretary of State Antony Blinken", "USAGOV"),
        ("Iraqi Prime Minister Mohammed Shia’ al-Sudani", "IRQGOV"),
        ("Washington", "USAGOV"),
        ("Baghdad", "IRQGOV"),
    ]
    for x in got:
        assert text[x.start : x.end] == x.text


def test_article_coreference_resolves_surnames(m: ActorMatcher) -> None:
    arts = ArticleActors(m, "2024-05-01")
    s1 = "Ukrainian army spokesman John Smith said troops advanced."
    s2 = "Smith added that Smith’s unit held."
    first = arts.find(s1, offset=0)
    assert first[0].code == "UKRMIL"
    later = arts.find(s2, offset=100)
    assert [(x.text, x.code, x.name, x.start) for x in later] == [
        ("Smith", "UKRMIL", "John Smith", 100),
        ("Smith", "UKRMIL", "John Smith", 117),
    ]
    # a fresh article knows nothing about Smith
    assert ArticleActors(m, "2024-05-01").find(s2) == []


def test_article_coreference_uses_particle_forms(tmp_path: Path) -> None:
    from flashpoint.actors.kb import ActorKB

    f = tmp_path / "p.tsv"  # a person the KB knows only by full name
    f.write_text("name\taliases\tcountry\tsector\trole\tstart\tend\nKarim al-Zubaidi\t\tIRQ\tGOV\tMinister\t2020\t\n", encoding="utf-8")
    matcher = ActorMatcher(ActorKB.load(extra=[f], use_env=False))
    arts = ArticleActors(matcher, DATE)
    arts.find("Iraqi Minister Karim al-Zubaidi spoke.")
    got = arts.find("Later al-Zubaidi and Zubaidi left.")
    assert [(x.text, x.code) for x in got] == [("al-Zubaidi", "IRQGOV"), ("Zubaidi", "IRQGOV")]


@pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared/samples not present")
def test_sample_article_end_to_end(m: ActorMatcher) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    arts = ArticleActors(m, DATE)
    found: list[ActorMention] = []
    pos = 0
    for para in text.split("\n"):
        found += arts.find(para, pos)
        pos += len(para) + 1
    for x in found:
        assert text[x.start : x.end] == x.text
    pairs = {(x.text, x.code) for x in found}
    assert ("Sudani", "IRQGOV") in pairs
    assert ("Iranian authorities", "IRNGOV") in pairs
    assert ("pro-Iran Iraqi factions", "IRQREB") in pairs
    assert ("Hamas political chief Ismail Haniyeh", "PSEREBHMS") in pairs
    assert ("Iran’s new president, Masoud Pezeshkian", "IRNGOV") in pairs
    assert not any(x.text == "Tehran" for x in found)
    assert all(x.kind in ("country", "person", "org", "agent", "metonym", "demonym") for x in found)


def test_deterministic(m: ActorMatcher) -> None:
    t = "Israeli forces struck Hezbollah positions as Lebanese officials met UN envoys in Beirut."
    assert m.find(t) == m.find(t) == ActorMatcher().find(t)


def test_parties_named_in_south_asian_turkish_and_nigerian_protest_reports() -> None:
    m = ActorMatcher()
    found = {(x.text, x.code, x.country) for x in m.find("TJA activists and HDP organized a protest; APC supporters "
                                                          "clashed with TMC workers; the CHP leader spoke.")}
    assert {("HDP", "TURHDP", "TUR"), ("APC", "NGAAPC", "NGA"), ("TMC workers", "INDTMC", "IND"),
            ("CHP leader", "TURCHP", "TUR")} <= found


def test_a_party_named_inside_another_organisations_name_is_not_that_party(m: ActorMatcher) -> None:
    for text in ("Members of the Northern Labour Network gathered in Chiang Mai.",
                 "Members of the Socialist Labour Group gathered in Bangkok."):
        assert [x.code for x in m.find(text)] == [], text
    assert [x.code for x in m.find("Members of the Labour Party gathered in London.")] == ["GBRLAB"]
    assert [x.code for x in m.find("Voters backed Labour in the north.")] == ["GBRLAB"]



def test_a_name_several_countries_share_is_of_the_country_named_before_it(m: ActorMatcher) -> None:
    """"Kenya's Labour Party", "the Kenyan Democratic Party": not Britain's or the United States' party of that
    name; "Pakistani Taliban" are Pakistan's."""
    for text, country in (("Kenya's Labour Party criticised the budget.", "KEN"),
                          ("The Kenyan Democratic Party protested in Nairobi.", "KEN"),
                          ("Pakistani Taliban attacked a checkpoint.", "PAK")):
        mention = one(m, text)
        assert mention.country == country and mention.code.startswith(country[:2]), (text, mention)
    assert one(m, "The Labour Party criticised the budget.").code == "GBRLAB"
