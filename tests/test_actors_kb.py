"""The actor knowledge base: bundled data, date-aware lookups, extension files, Phoenix import."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flashpoint.actors import petrarch
from flashpoint.actors.kb import ActorKB, default_kb, read_actor_file
from flashpoint.actors.match import ActorMatcher
from flashpoint.errors import InputError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PHOENIX = SHARED / "data" / "reference" / "petrarch2"
needs_phoenix = pytest.mark.skipif(not PHOENIX.is_dir(), reason="../shared/data/reference/petrarch2 not present")

SECTORS = set("GOV MIL REB OPP CVL MED BUS IGO NGO COP JUD LEG ELI SPY REL REF EDU LAB HLH AGR CRM HRI SET".split())


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return default_kb()


def test_countries_cover_un_members_and_extras(kb: ActorKB) -> None:
    iso = [c.iso3 for c in kb.countries]
    assert len(iso) == len(set(iso))
    assert len(iso) >= 198  # 193 UN members + Holy See, Palestine, Taiwan, Kosovo, Western Sahara, Hong Kong
    for code in ("USA", "IRQ", "PSE", "TWN", "XKX", "ESH", "HKG", "SSD", "TLS", "VAT"):
        assert kb.country(code) is not None, code
    assert kb.country("Kosovo").cameo == "KSV"
    assert kb.country("Timor-Leste").cameo == "TMP"


def test_country_aliases_demonyms_metonyms(kb: ActorKB) -> None:
    assert kb.country("U.S.").iso3 == "USA"
    assert kb.country("Britain").iso3 == "GBR"
    assert kb.country("Iraqi").iso3 == "IRQ"
    assert kb.country("Kremlin").iso3 == "RUS"
    usa = kb.country("USA")
    assert ("Pentagon", "MIL") in usa.metonyms and ("White House", "GOV") in usa.metonyms
    assert kb.country("Narnia") is None


def test_bundled_rows_are_well_formed(kb: ActorKB) -> None:
    isos = {c.iso3 for c in kb.countries}
    assert len(kb.people) >= 600
    for entry in (*kb.people, *kb.orgs):
        for r in entry.roles:
            assert r.country is None or r.country in isos, (entry.name, r.country)
            assert r.sector is None or r.sector in SECTORS, (entry.name, r.sector)
            assert r.code and re.fullmatch(r"[A-Z0-9]{3,12}", r.code), (entry.name, r.code)
            assert r.start is None or r.end is None or r.start < r.end, entry.name
    for a in kb.agents:
        assert a.sector in SECTORS, a


def test_person_roles_are_date_aware(kb: ActorKB) -> None:
    blinken = kb.person("Blinken")
    assert blinken is not None and blinken.name == "Antony Blinken"
    assert blinken.resolve("2024-08-04").code == "USAGOV"
    # after the term ended (2025-01-20): a former official of the country
    after = blinken.resolve("2026-01-01")
    assert (after.code, after.sector) == ("USAELI", "ELI")
    # before any role the KB knows: the country alone
    assert blinken.resolve("2010-06-01").code == "USA"
    assert blinken.role_at("2024-08-04").title == "Secretary of State"
    assert blinken.role_at("2026-01-01") is None
    pez = kb.person("Masoud Pezeshkian")
    assert pez.resolve("2024-08-04").code == "IRNGOV"
    assert pez.resolve("2024-05-01").code != "IRNGOV"
    assert kb.person("Raisi").resolve("2023-01-01").code == "IRNGOV"
    assert kb.person("Raisi").resolve("2024-08-04").code == "IRNELI"
    # a group role keeps its group code after it ends
    assert kb.person("Haniyeh").resolve("2024-08-04").code == "PSEREBHMS"


def test_handover_day_belongs_to_the_successor(kb: ActorKB) -> None:
    assert kb.person("Joe Biden").resolve("2025-01-19").code == "USAGOV"
    assert kb.person("Joe Biden").resolve("2025-01-20").code == "USAELI"
    assert kb.person("Trump").resolve("2025-01-20").code == "USAGOV"


def test_org_codes_change_with_date(kb: ActorKB) -> None:
    taliban = kb.org("Taliban")
    assert taliban.resolve("2020-01-01").code == "AFGREBTAL"
    assert taliban.resolve("2022-01-01").code == "AFGGOV"
    assert kb.org("Hamas").resolve().code == "PSEREBHMS"
    assert kb.org("IRGC").resolve().code == "IRNMIL"
    assert kb.org("UN").resolve().code == "IGOUNO"


def test_agents(kb: ActorKB) -> None:
    assert kb.agent("troops") == "MIL"
    assert kb.agent("Police") == "COP"
    assert kb.agent("protesters") == "CVL"
    assert kb.agent("lawmakers") == "LEG"
    assert kb.agent("militants") == "REB"
    assert kb.agent("banana") is None


def test_user_extension_file_adds_a_person(tmp_path: Path) -> None:
    f = tmp_path / "mine.tsv"
    f.write_text(
        "name\taliases\tcountry\tsector\trole\tstart\tend\tcode\n"
        "Zorba Quintillian\tQuintillian\tGRC\tMIL\tNavy Chief\t2023-01-01\t\t\n",
        encoding="utf-8",
    )
    kb = ActorKB.load(extra=[f], use_env=False)
    assert kb.person("Quintillian").resolve("2024-01-01").code == "GRCMIL"
    ms = ActorMatcher(kb).find("Quintillian warned Ankara.", "2024-01-01")
    assert [(m.text, m.code, m.kind) for m in ms][0] == ("Quintillian", "GRCMIL", "person")
    assert default_kb().person("Quintillian") is None


def test_env_var_and_mixed_kind_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "mixed.tsv"
    f.write_text(
        "kind\tname\taliases\tcode\tcountry\tsector\trole\tstart\tend\tphrase\tplural\n"
        "org\tBlue Lotus Front\tBLF\tTHAREBBLF\tTHA\tREB\t\t\t\t\t\n"
        "agent\t\t\t\t\tCVL\t\t\t\tfisherfolk\t\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FLASHPOINT_ACTORS", str(f))
    kb = ActorKB.load()
    assert kb.org("BLF").resolve().code == "THAREBBLF"
    assert kb.agent("fisherfolk") == "CVL"


def test_bad_extension_files_raise_input_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.tsv"
    f.write_text("foo\tbar\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_actor_file(f)
    g = tmp_path / "dates.tsv"
    g.write_text("name\taliases\tcountry\tsector\trole\tstart\tend\nX Y\t\tUSA\tGOV\tx\t2020-01-01\t2019-01-01\n", encoding="utf-8")
    with pytest.raises(InputError, match="before start"):
        read_actor_file(g)
    with pytest.raises(InputError):
        read_actor_file(tmp_path / "missing.tsv")


def test_phoenix_dates_and_codes() -> None:
    assert petrarch.parse_date("011222") == "2001-12-22"
    assert petrarch.parse_date("750101") == "1975-01-01"
    assert petrarch.parse_date("19270101") == "1927-01-01"
    assert petrarch.parse_date("2004017") is None
    assert petrarch.parse_code("AFGGOV >011222", "x") == ("AFGGOV", "2001-12-22", None, True)
    # PETRARCH end dates are inclusive; ours are exclusive
    assert petrarch.parse_code("IGOUNO 970101-061231", "x") == ("IGOUNO", "1997-01-01", "2007-01-01", True)
    assert petrarch.parse_code("KORGOVBUS 2004017-20061201", "x") is None
    assert petrarch.phrase_text("ABDUL_RAHMAN_AL_ATTIYAH_") == "Abdul Rahman Al Attiyah"


def test_phoenix_reader_on_a_small_file(tmp_path: Path) -> None:
    f = tmp_path / "tiny.actors.txt"
    f.write_text(
        "# comment\n"
        "HAMID_KARZAI_  # CountryInfo.txt\n+KARZAI_\n\t[AFGELI 750101-000101]\n\t[AFGGOV >011222]\n\t[AFGELI]\n"
        "UN_ [IGOUNO]\nU.N._\n\nORPHAN_\n\nFOO_FRONT_ [ITAREB] # x\n",
        encoding="utf-8",
    )
    people, orgs = petrarch.read_phoenix_actors(f)
    assert [p.name for p in people] == ["Hamid Karzai"]
    karzai = people[0]
    assert karzai.resolve("2005-01-01").code == "AFGGOV"
    assert karzai.resolve("1990-01-01").code == "AFGELI"  # the undated default
    un = [o for o in orgs if o.name == "Un"][0]
    assert "U.N." in un.aliases
    assert {o.name for o in orgs} == {"Un", "Foo Front"}


@needs_phoenix
def test_phoenix_shared_dictionaries() -> None:
    people, orgs = petrarch.read_phoenix_actors(PHOENIX / "Phoenix.Countries.actors.txt")
    assert 15000 < len(people) < 25000 and len(orgs) > 100
    karzai = next(p for p in people if p.name == "Hamid Karzai")
    assert "Karzai" in karzai.aliases
    assert karzai.resolve("2005-06-01").code == "AFGGOV"
    intl_people, intl_orgs = petrarch.read_phoenix_actors(PHOENIX / "Phoenix.International.actors.txt")
    assert len(intl_orgs) > 5000
    nato = next(o for o in intl_orgs if o.name == "Nato")
    assert nato.resolve().code == "IGOWSTNAT" and "North Atlantic Treaty Organization" in nato.aliases
    annan = next(p for p in intl_people if p.name == "Kofi Annan")
    assert annan.resolve("2000-01-01").code == "IGOUNO"
    assert annan.resolve("2010-01-01").code == "ELI"
    ban = next(p for p in intl_people if "Ban Ki-Moon" in p.aliases)
    assert [r.code for r in ban.roles] == ["IGOUNO"]  # the malformed KORGOVBUS line is skipped
    agents = petrarch.read_phoenix_agents(PHOENIX / "Phoenix.agents.txt")
    by = {a.phrase: a.sector for a in agents}
    assert by["police"] == "COP" and by["gunman"] == "UAF" and by["peacekeeping troops"] == "IGO"
    assert by["cattleman"] == "AGR"  # !PERSON! substitution set expanded


@needs_phoenix
def test_phoenix_file_as_kb_extension() -> None:
    kb = ActorKB.load(extra=[PHOENIX / "Phoenix.MilNonState.actors.txt", PHOENIX / "Phoenix.agents.txt"], use_env=False)
    assert kb.org("Angry Brigade").resolve().code == "ITAREB"
    assert kb.agent("cattleman") == "AGR"
    ms = ActorMatcher(kb).find("The Angry Brigade claimed the bombing.")
    assert [(m.text, m.code) for m in ms] == [("Angry Brigade", "ITAREB")]


def test_foreign_and_defence_ministers_cover_most_countries(kb: ActorKB) -> None:
    day = "2024-08-01"
    foreign, defence = set(), set()
    for p in kb.people:
        for r in p.roles:
            if not r.valid(day) or not r.country:
                continue
            title = r.title.lower()
            if r.sector == "GOV" and ("foreign" in title or "external affairs" in title or title == "secretary of state"):
                foreign.add(r.country)
            if r.sector == "MIL" and "defen" in title:
                defence.add(r.country)
    # coverage counted this way when the rows were added (149 and 102), less a margin of 5
    assert len(foreign) >= 144, len(foreign)
    assert len(defence) >= 97, len(defence)
    for name, code in [
        ("Ruben Brekelmans", "NLDMIL"),
        ("Tobias Billström", "SWEGOV"),
        ("Shin Won-sik", "KORMIL"),
        ("Paulo Rangel", "PRTGOV"),
        ("Hadja Lahbib", "BELGOV"),
    ]:
        person = kb.person(name)
        assert person is not None, name
        assert person.resolve(day).code == code, name
