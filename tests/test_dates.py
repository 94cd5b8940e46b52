"""Date expressions and event dates (flashpoint.nlp.dates)."""

from __future__ import annotations

import time

import pytest

from flashpoint.nlp.dates import DateMention, event_date, find_dates

PUB = "2024-08-04"  # a Sunday


def _one(text: str, pub: str | None = PUB) -> DateMention:
    found = find_dates(text, pub)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start:m.end] == m.text
    return m


@pytest.mark.parametrize("text, expected", [
    ("The US Secretary of State on Sunday asked Iraq to help", "2024-08-04"),
    ("Haniyeh was assassinated in Tehran on Wednesday in a bombing", "2024-07-31"),
    ("Sources on Saturday told The New Region that", "2024-08-03"),
    ("The talks ended last Thursday", "2024-08-01"),
    ("The talks ended last Sunday", "2024-07-28"),  # 'last' is strictly before
    ("Friday's strike", "2024-08-02"),
    ("Two people were killed yesterday", "2024-08-03"),
    ("Police said last night that", "2024-08-03"),
    ("Officials said today that", "2024-08-04"),
    ("Protests were held this morning", "2024-08-04"),
])
def test_relative_days_resolve_backwards_from_pub_date(text: str, expected: str) -> None:
    m = _one(text)
    assert (m.date, m.precision, m.forward) == (expected, "day", False)


def test_next_weekday_and_future_context_resolve_forward() -> None:
    assert _one("They meet next Monday").date == "2024-08-05"
    assert _one("They meet next Sunday").date == "2024-08-11"
    m = _one("The minister will travel to Baghdad on Tuesday")
    assert (m.date, m.forward) == ("2024-08-06", True)
    assert _one("The vote is scheduled for Sunday").date == "2024-08-04"
    assert _one("Tomorrow, they vote").date == "2024-08-05"


@pytest.mark.parametrize("text, date, precision", [
    ("the killing of Ismail Haniyeh in the Iranian capital last week", "2024-07-28", "week"),
    ("earlier this week", "2024-07-29", "week"),  # Monday of the publication week
    ("last month", "2024-07-01", "month"),
    ("earlier this month", "2024-08-01", "month"),
    ("last year", "2023-01-01", "year"),
    ("three days ago", "2024-08-01", "day"),
    ("two weeks ago", "2024-07-21", "week"),
    ("in March", "2024-03-01", "month"),
    ("in December", "2023-12-01", "month"),  # would be months after publication
    ("March 28", "2024-03-28", "day"),
    ("August 10", "2024-08-10", "day"),  # within two weeks ahead: this year
    ("August 30", "2023-08-30", "day"),  # more than two weeks ahead: previous year
])
def test_periods_and_yearless_dates(text: str, date: str, precision: str) -> None:
    m = _one(text)
    assert (m.date, m.precision) == (date, precision)


def test_last_week_lies_in_the_week_before_publication() -> None:
    m = _one("the killing of Hamas political chief Ismail Haniyeh in the Iranian capital last week")
    assert m.precision == "week" and "2024-07-28" <= m.date <= "2024-08-03"
    assert m.text == "last week"


@pytest.mark.parametrize("text, date, precision", [
    ("On 2 May 2020, pro-Hadi Islah forces stormed a house", "2020-05-02", "day"),
    ("Around 1 May 2020 (as reported), ISWAP militants abducted a girl", "2020-05-01", "day"),
    ("It happened on July 17, 2020 in Kabul", "2020-07-17", "day"),
    ("It happened on 17 July 2020 in Kabul", "2020-07-17", "day"),
    ("Aug. 04, 2024 • 2 min read", "2024-08-04", "day"),
    ("published 2024-08-04 by", "2024-08-04", "day"),
    ("the 17th of July, 2020", "2020-07-17", "day"),
    ("in July 2020", "2020-07-01", "month"),
    ("since 2019", "2019-01-01", "year"),
])
def test_explicit_dates_resolve_without_pub_date(text: str, date: str, precision: str) -> None:
    m = _one(text, None)
    assert (m.date, m.precision) == (date, precision)


def test_relative_and_ambiguous_expressions_are_skipped() -> None:
    assert find_dates("Haniyeh was killed on Wednesday last week", None) == []
    assert find_dates("The agreement of 02/05/2020 stands", PUB) == []
    assert find_dates("They may march to the square", PUB) == []
    # an impossible day keeps the month it names
    m = _one("On 31 February 2020 nothing happened")
    assert (m.date, m.precision) == ("2020-02-01", "month")


def test_mentions_are_ordered_and_do_not_overlap() -> None:
    text = "On 2 May 2020 and again on Sunday, then last week and in March"
    found = find_dates(text, PUB)
    assert [m.text for m in found] == ["2 May 2020", "on Sunday", "last week", "in March"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_event_date_picks_the_date_nearest_the_trigger() -> None:
    s = "Haniyeh was assassinated in Tehran on Wednesday, officials said on Thursday."
    assert event_date(s, s.index("assassinated"), PUB) == ("2024-07-31", "day")
    s2 = "Sources on Saturday told The New Region that talks had stalled"
    assert event_date(s2, s2.index("told"), PUB) == ("2024-08-03", "day")


def test_event_date_prefers_same_clause_over_reporting_date() -> None:
    s = "Officials said on Thursday; the convoy was attacked in Kabul last week"
    assert event_date(s, s.index("said"), PUB) == ("2024-08-01", "day")
    assert event_date(s, s.index("attacked"), PUB) == ("2024-07-28", "week")
    # the reporting date is nearer, but across "said"
    s2 = "Troops stormed the village on Monday, a spokesman said on Tuesday."
    assert event_date(s2, s2.index("stormed"), PUB)[0] == "2024-07-29"


def test_event_date_falls_back_to_the_article_date() -> None:
    assert event_date("Iran vowed revenge.", 5, "2024-08-04T10:00:00Z") == ("2024-08-04", "article")
    assert event_date("Iran vowed revenge.", 5, None) == (None, "article")


def test_speed_on_sentences_without_dates() -> None:
    sents = [
        "The minister met his counterpart to discuss security cooperation and trade.",
        "Protesters burned the flag outside the embassy and police fired tear gas.",
        "Iraqi troops launched an assault on the last ISIS group bastion in the country.",
        "The government denied the accusations and called for an investigation.",
    ] * 2500
    t = time.perf_counter()
    for s in sents:
        find_dates(s, PUB)
    rate = len(sents) / (time.perf_counter() - t)
    assert rate > 20_000, f"{rate:.0f} sentences/s"  # ~130k/s measured; loose floor for busy CI
