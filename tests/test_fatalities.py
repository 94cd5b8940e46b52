"""Death counts: what a sentence states, and what an event's incident adds up to across sentences."""

from __future__ import annotations

import pytest

from flashpoint.coding.fatalities import find_fatalities, number_value, read_deaths
from flashpoint.records import Article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # how deaths are stated
        ("Gunmen opened fire on the bus, 2 killed and 6 injured.", 2),
        ("The militants attacked the school, killing a child.", 1),
        ("One of the attackers was killed by the guards.", 1),
        ("A shopkeeper was shot dead outside his store.", 1),
        ("Nine troops were reportedly killed in the ambush.", 9),
        ("Twenty-three people died when the bridge was bombed.", 23),
        ("The blast left 14 dead.", 14),
        ("The clash resulted in the death of a farmer.", 1),
        ("The bodies of 4 traders were found near the river.", 4),
        ("The mob beat two thieves to death.", 2),
        ("Soldiers raided the camp, killing 3-5 fighters.", 3),
        # several counts in one sentence add up, a part of a count does not
        ("4 police officers and 3 guards were killed in the raid.", 7),
        ("10 fighters including 3 officers were killed and 2 were wounded.", 10),
        ("Rebels killed a soldier and a porter at the checkpoint.", 2),
        # declared totals of event notes win over counting
        ("Between 3 and 7 people were killed. Fatalities coded as 3.", 3),
        ("The gang killed 2 men and wounded 3. 2 fatalities.", 2),
        ("Police said 8 people were killed. Fatalities are split across 2 events (4).", 4),
        ("One soldier was killed somewhere on the front [1 fatality split among 5 events].", 0),
        # an explicit "nobody died" is 0
        ("No fatalities were reported.", 0),
        ("Neither injuries nor fatalities were reported.", 0),
        ("The convoy was ambushed without casualties.", 0),
    ],
)
def test_stated_deaths(text: str, expected: int) -> None:
    assert find_fatalities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Fatalities unknown.",
        "Five people were injured when police fired rubber bullets.",
        "Police arrested 40 protesters.",
        "Two guards were killed or wounded in the attack.",  # deaths not told from injuries
        "The raid killed and wounded an unknown number of fighters.",
        "Students marched for a classmate who was killed by police last year.",  # background
        "Residents protested over the killing of a teacher.",
        "The militia threatened to kill 3 hostages.",
        "The strike killed 5 percent of the crops.",
        "A prisoner died from coronavirus in the jail.",
        "The gunmen killed 15 livestock.",
        "On 3 May 2020, a convoy was attacked.",  # a date is not a count
    ],
)
def test_texts_that_state_no_deaths_give_none(text: str) -> None:
    assert find_fatalities(text) is None


def test_other_sources_figures_are_not_added() -> None:
    text = "The army said 6 soldiers were killed, but other reports said 20 soldiers were killed."
    assert find_fatalities(text) == 6


def test_reading_keeps_count_declared_and_zero_apart() -> None:
    r = read_deaths("3 soldiers were killed. No civilian fatalities. Fatalities coded as 2.")
    assert (r.counted, r.declared, r.zero, r.value) == (3, 2, True, 2)
    assert read_deaths("").value is None


def test_number_values() -> None:
    assert [number_value(t) for t in ("12", "1,200", "5-7", "twenty-one", "a dozen", "an", "dozens")] == [
        12, 1200, 5, 21, 12, 1, None,
    ]


# --- the coder: an event's incident over several sentences ---------------------------------------

def _assaults(coder, text: str):
    coded = coder.code(Article(id="f", text=text, date="2021-03-10"))
    return [e for e in coded.events if e.plover.type == "ASSAULT"], coded.events


def test_event_without_death_statement_keeps_none(coder) -> None:
    _, events = _assaults(coder, "Police arrested 12 protesters in Lahore on Monday.")
    assert events and all(e.fatalities is None for e in events)
    assaults, _ = _assaults(coder, "Gunmen attacked a police checkpoint in Kandahar on Monday.")
    assert assaults and all(e.fatalities is None for e in assaults)


def test_note_saying_no_fatalities_gives_zero(coder) -> None:
    assaults, _ = _assaults(coder, "Gunmen attacked a police checkpoint in Kandahar on Monday. No fatalities were reported.")
    assert assaults and all(e.fatalities == 0 for e in assaults)


def test_deaths_in_a_later_sentence_belong_to_the_attack(coder) -> None:
    text = ("Militants attacked an army post in Kunduz on Monday, killing 3 soldiers. "
            "Officials said 2 militants were also killed. The attackers fled.")
    assaults, _ = _assaults(coder, text)
    assert assaults and max(e.fatalities or 0 for e in assaults) == 5


def test_injuries_are_not_deaths_for_the_event(coder) -> None:
    assaults, _ = _assaults(coder, "Police fired on protesters in Dhaka on Monday, injuring 14 people.")
    assert assaults and all(not e.fatalities for e in assaults)
