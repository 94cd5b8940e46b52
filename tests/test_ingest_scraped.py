from pathlib import Path

import pytest

from flashpoint.ingest.scraped import parse_scraped_page

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLE = SHARED / "samples" / "the-new-region-2024-08-04-us-asks-iraq.txt"
FURNITURE = ["Profile picture", "Erbil-based", "NEWSLETTER", "Get the latest", "Image of", "2 min read"]


@pytest.fixture(scope="module")
def sample_text() -> str:
    if not SAMPLE.exists():
        pytest.skip(f"shared sample not found at {SAMPLE}")
    return SAMPLE.read_text(encoding="utf-8")


def _check_sample(art):
    assert art.title == "US asks Iraq to play peacekeeper role"
    assert art.author == "Dilan Sirwan"
    assert art.date == "2024-08-04"
    assert art.outlet == "The New Region"
    assert art.text.startswith("The US Secretary of State on Sunday asked")
    assert art.text.endswith('larger than anyone expected."')
    for junk in FURNITURE:
        assert junk not in art.text, junk


def test_shared_sample(sample_text):
    art = parse_scraped_page(sample_text, origin=str(SAMPLE))
    _check_sample(art)
    assert art.id == SAMPLE.stem
    paragraphs = art.text.split("\n\n")
    assert len(paragraphs) == 12 and all(p.strip() == p and p for p in paragraphs)


def test_shared_sample_without_file_name(sample_text):
    """The outlet and date come from the text itself, not only from the file name."""
    _check_sample(parse_scraped_page(sample_text))


def test_shared_sample_with_windows_line_endings(sample_text):
    _check_sample(parse_scraped_page(sample_text.replace("\n", "\r\n")))


def _fixture(name: str):
    path = FIXTURES / name
    return parse_scraped_page(path.read_text(encoding="utf-8"), origin=str(path))


def test_wire_layout_byline_with_role_and_outlet_published_and_updated():
    art = _fixture("example-wire-2023-03-03-border-talks.txt")
    assert art.title == "Ministers agree to reopen border crossing after talks"
    assert art.author == "Jane Doe"
    assert art.outlet == "Example Wire"
    assert art.date == "2023-03-03"
    assert art.text.startswith("Foreign ministers from Turkey and Syria agreed on Friday")
    assert art.text.endswith("The United Nations welcomed the decision.")
    for junk in ["Share this", "(Photo:", "Related", "Turkey hosts talks", "Reporting by", "cookies", "Published"]:
        assert junk not in art.text, junk
    assert len(art.text.split("\n\n")) == 3


def test_breadcrumb_multi_author_byline_caption_bio_copyright():
    art = _fixture("accra-protest.txt")
    assert art.title == "Protesters rally in capital over fuel prices"
    assert art.author == "Amina Yusuf and Kofi Mensah"
    assert art.date == "2023-11-14"
    assert art.outlet == "Daily Example"
    assert art.text.startswith("Thousands of protesters marched")
    assert art.text.endswith("Police said they arrested 12 people.")
    for junk in ["Home >", "Listen", "min read", "REUTERS/", "Follow us", "About the author", "West Africa correspondent", "©"]:
        assert junk not in art.text, junk


def test_question_headline_standalone_byline_updated_only_newsletter_and_most_read():
    art = _fixture("caracas-talks.txt")
    assert art.title == "Why did the Caracas talks collapse?"
    assert art.author == "Carlos Ruiz"
    assert art.date == "2022-06-15"  # only an "Updated" date: used when there is no other
    assert art.text.split("\n\n") == [
        "Government and opposition negotiators walked out of talks in Caracas on Tuesday after failing "
        "to agree on a date for elections.",
        "The opposition accused the government of stalling, while the information minister said the "
        'opposition had made "impossible demands".',
    ]


def test_plain_text_is_kept_whole():
    path = FIXTURES / "plain.txt"
    raw = path.read_text(encoding="utf-8")
    art = parse_scraped_page(raw, origin=str(path))
    assert art.text == raw.strip()
    assert art.title is None and art.author is None and art.date is None and art.outlet is None


def test_single_paragraph_and_headline_plus_text():
    assert parse_scraped_page("Rebels shelled the town overnight.").text == "Rebels shelled the town overnight."
    art = parse_scraped_page("Rebels shell town\n\nRebels shelled the town of X overnight, residents said.")
    assert art.title == "Rebels shell town"
    assert art.text == "Rebels shelled the town of X overnight, residents said."


def test_body_words_that_look_like_furniture_survive_in_long_paragraphs():
    text = (
        "Talks resume\n\nBy Ann Lee\n\n"
        "Published reports in the state newspaper said the two sides had agreed to resume talks in Doha next month.\n\n"
        "Share prices in the region rose sharply after the announcement, traders in the capital said on Wednesday.\n"
    )
    art = parse_scraped_page(text)
    assert art.author == "Ann Lee"
    assert art.text.startswith("Published reports in the state newspaper")
    assert "Share prices in the region" in art.text


def test_empty_text_is_an_input_error():
    from flashpoint.errors import InputError

    with pytest.raises(InputError, match="empty"):
        parse_scraped_page(" \n\u00a0\n", origin="blank.txt")


def test_author_line_at_top_does_not_eat_the_first_paragraph():
    text = (
        "Army retakes airport\n\nAuthor: Sam Okafor\n\n"
        "The army said on Sunday it had retaken the airport after two days of fighting with militia fighters.\n\n"
        "Residents reported heavy gunfire overnight.\n"
    )
    art = parse_scraped_page(text)
    assert art.author == "Sam Okafor"
    assert art.text.startswith("The army said on Sunday")
    assert art.text.endswith("heavy gunfire overnight.")


def test_hard_wrapped_paragraphs_stay_whole():
    text = (
        "Ceasefire talks stall in Doha\n\nBy Mara Lind | Example Wire\n\n"
        "The negotiators met for a third day on Thursday but\nfailed to agree on the sequence of prisoner "
        "releases,\ntwo officials briefed on the talks said.\n\n"
        "Mediators said they would\nkeep trying.\n\nShare this article\n"
    )
    art = parse_scraped_page(text)
    assert (art.title, art.author, art.outlet) == ("Ceasefire talks stall in Doha", "Mara Lind", "Example Wire")
    assert art.text.split("\n\n") == [
        "The negotiators met for a third day on Thursday but\nfailed to agree on the sequence of prisoner "
        "releases,\ntwo officials briefed on the talks said.",
        "Mediators said they would\nkeep trying.",
    ]
