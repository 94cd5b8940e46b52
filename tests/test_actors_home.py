"""Home country: parties with no country of their own take the country where their event happens."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from flashpoint.actors.home import article_country, article_votes, event_country
from flashpoint.actors.match import default_matcher
from flashpoint.records import Article, Location


def test_article_country_from_its_places() -> None:
    assert article_country(["Gunmen attacked a market in Kandahar.", "Police sealed off the area."]) == "AFG"
    assert article_country(["Nothing here names a place."]) is None


def test_ambiguous_place_is_read_with_the_rest_of_the_article() -> None:
    assert article_country(["Protesters gathered in Tripoli."]) == "LBY"
    assert article_country(["Protesters gathered in Tripoli.", "Others marched in Beirut and Sidon."]) == "LBN"


def test_a_reading_the_sentence_chose_outweighs_a_division_of_that_name_elsewhere() -> None:
    """"Rafah" beside "Egyptian" forces is Egypt's town: Gaza's Rafah governorate (a division, which counts
    double) no longer outvotes it; where the sentence chose nothing, the division still counts in full
    ("Delta" as Canada's town by default, Nigeria's Delta State by its weight)."""
    rafah = "Militants kidnapped two civilians who worked with the Egyptian forces in Abu Tawilah (Rafah, North Sinai)."
    assert article_country([rafah]) == "EGY"
    delta = "A youth mob from Issele-Azagba (Aniocha South LGA, Delta) killed a suspected robber."
    assert article_country([delta]) == "NGA"


def test_national_actors_vote_when_no_place_is_named() -> None:
    mentions = [SimpleNamespace(country="IRQ"), SimpleNamespace(country=None)]
    assert article_country(["Security forces raided a house."], mentions) == "IRQ"


def test_acronyms_and_sentence_initial_words_do_not_vote() -> None:
    votes = article_votes(["One of them was arrested.", "The PKK denied it."])
    assert votes.country is None


def _loc(text: str, country: str) -> Location:
    return Location(text=text, span=(0, len(text)), name=text, country=country)


def test_a_small_town_votes_half_as_much_as_a_town() -> None:
    # Halba is only in the gazetteer's second index (500+ people); before, the article had no country
    assert article_votes(["Rioters blocked the main road in Halba."]).votes == {"LBN": 0.5}
    assert article_country(["Rioters blocked the main road in Halba.", "Protests spread to Aleppo."]) == "SYR"


def test_a_district_of_the_name_votes_beside_a_town_of_the_main_index() -> None:
    """"Samar" is a Ukrainian town in the main index and a Philippine province among geonames' districts: the
    province votes as another reading, so with a Philippine party the article is the Philippines'; alone, the
    town the sentence read stays first."""
    text = "Soldiers recovered four bombs planted by rebels in Pinabacdao, Samar."
    assert article_votes([text]).country == "UKR"
    assert article_votes([text]).votes["PHL"] == pytest.approx(0.8)
    assert article_country([text], [SimpleNamespace(country="PHL")]) == "PHL"


def test_a_division_noun_keeps_the_votes_to_divisions_iso_names_so() -> None:
    """"Bolivar state" votes for Venezuela only (Colombia's Bolívar is a department): with Colombian parties named
    twice, the article is still Venezuela's."""
    text = "In Bolivar state, soldiers seized boats with Colombian military insignia."
    assert article_country([text], [SimpleNamespace(country="COL")] * 2) == "VEN"


def test_event_place_read_in_the_article_country() -> None:
    home = article_votes(["Clashes broke out in Beirut, Sidon and Tyre."])
    assert home.country == "LBN"
    assert event_country(_loc("Tripoli", "LBY"), home) == "LBN"  # Tripoli can be Lebanese
    assert event_country(None, home) == "LBN"


def test_event_place_abroad_counts_only_with_support() -> None:
    two_countries = article_votes(["Troops moved from Kandahar to Quetta."])  # AFG 2 votes, PAK 1
    assert two_countries.country == "AFG"
    assert event_country(_loc("Quetta", "PAK"), two_countries) == "PAK"  # half the votes: a second country
    mostly_one = article_votes(["Troops moved from Kandahar and Kabul to Quetta."])  # AFG 4, PAK 1
    assert event_country(_loc("Quetta", "PAK"), mostly_one) == "AFG"


# --- the coder -----------------------------------------------------------------------------------

def _sources(coder, text: str, date: str = "2020-05-04"):
    coded = coder.code(Article(id="h", text=text, date=date))
    return [e.source for e in coded.events if e.source is not None]


@pytest.mark.parametrize(
    ("text", "country", "code_prefix"),
    [
        ("Police fired tear gas at protesters in Kandahar on Monday.", "AFG", "AFGCOP"),
        ("Unidentified gunmen shot dead a shopkeeper in Aden on Monday.", "YEM", "YEMREB"),
        ("Islamic State militants attacked a checkpoint in Jalalabad on Monday.", "AFG", "IMGMUSISI"),
        ("Hezbollah fighters attacked a convoy near Aleppo on Monday.", "LBN", "LBNREBHEZ"),  # keeps its own
        ("Turkish forces shelled villages near Aleppo on Monday.", "TUR", "TURMIL"),  # foreign forces stay foreign
    ],
)
def test_parties_take_the_country_of_their_event(coder, text: str, country: str, code_prefix: str) -> None:
    sources = _sources(coder, text)
    assert sources, text
    assert sources[0].country == country and (sources[0].code or "").startswith(code_prefix)


def test_unnamed_people_take_the_country_where_they_act_whatever_they_do(coder) -> None:
    text = "On 3 May 2020, in Belo Horizonte, Minas Gerais, dozens of people held a motorcade in support of President Jair Bolsonaro."
    sources = [s for s in _sources(coder, text) if s.text.endswith("people")]
    assert sources and all(s.country == "BRA" for s in sources)
    # a named party keeps its own (none here: a company is not the people of a place)
    named = _sources(coder, "In Belo Horizonte, Acme Mining Corp backed President Jair Bolsonaro.")
    assert all(s.country is None for s in named if s.text.startswith("Acme"))


def test_a_gathering_and_an_unresolved_they_are_the_people_of_the_place(coder) -> None:
    # ACLED's "Protesters (Syria)": a demonstration that takes place and denounces stands for the people in it
    # (the protest and the denunciation)
    text = "On 3 May 2020, a demonstration took place in the city of Idleb denouncing HTS plans to open crossings."
    assert [s.country for s in _sources(coder, text) if s.text == "a demonstration"] == ["SYR", "SYR"]
    # "They" after unnamed people, with no party named before: those people, of the place (had no country)
    text = "On 1 May 2020, transgender women organized a protest in Tbilisi. They demanded help from the government."
    assert [s.country for s in _sources(coder, text) if s.text == "They"] == ["GEO"]
    # a "they" that refers back to a named party keeps that party
    text = "On 1 May 2020, Hezbollah fighters attacked a convoy near Aleppo. They demanded the release of prisoners."
    assert all(s.country == "LBN" for s in _sources(coder, text) if s.text == "They")


def test_actor_behind_a_weapon_is_the_source(coder) -> None:
    sources = _sources(coder, "An airstrike by Afghan forces killed 5 militants in Helmand on Monday.")
    assert sources and sources[0].code == "AFGMIL" and sources[0].text == "Afghan forces"


def test_kb_knows_conflict_acronyms_but_not_ambiguous_ones() -> None:
    m = default_matcher()
    found = {x.text: x.code for x in m.find("LNA forces shelled GNA positions, and IS fighters attacked.", "2020-05-04")}
    assert found.get("LNA forces", "").startswith("LBY") and found.get("IS fighters") == "IMGMUSISI"
    assert not any(x.country == "PHL" for x in m.find("AFP reported the attack.", "2020-05-04"))


def test_a_mission_that_works_in_one_country_votes_for_it() -> None:
    """"the OSCE SMM observed 25 explosions near Khutir Vilny": no gazetteer has the village, but the Special
    Monitoring Mission works in Ukraine (the note's place had had no country)."""
    from flashpoint.actors.missions import mission_areas

    assert mission_areas("On 4 May 2020, the OSCE SMM observed a total of 25 explosions near Khutir Vilny.") == ["UKR"]
    assert mission_areas("UNIFIL and MONUSCO peacekeepers") == ["LBN", "COD"]
    assert mission_areas("OSCE ministers met; unifil is no name; the SMM") == []  # the organisation, case, a bare SMM
    assert article_country(["On 4 May 2020, the OSCE SMM observed 25 explosions near Khutir Vilny."]) == "UKR"
    # a vote, not a verdict: the places of an article about elsewhere outvote a mission named in passing
    assert article_country(["Protesters marched in Kandahar, Helmand and Kabul, citing UNIFIL's report."]) == "AFG"
