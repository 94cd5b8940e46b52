from pathlib import Path

import pytest

from flashpoint.errors import InputError
from flashpoint.ingest.html import parse_html

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_html_fixture_meta_author_date_outlet_and_clean_body():
    path = FIXTURES / "ministry-statement.html"
    art = parse_html(path.read_text(encoding="utf-8"), origin=str(path))
    assert art.id == "ministry-statement"
    assert art.title == "Ministry rejects claims of troop build-up near border"
    assert art.author == "Priya Raman"
    assert art.date == "2023-09-12T08:15:00+00:00"
    assert art.pub_date() == "2023-09-12"
    assert art.outlet == "Example Times"
    assert art.text.startswith("The defence ministry on Tuesday rejected reports")
    assert art.text.endswith("to reassure its neighbours.")
    for junk in ["cookies", "Border talks stall", "Subscribe", "©", "Home"]:
        assert junk not in art.text, junk


PARAS = "".join(
    f"<p>Paragraph {i}: the interior minister said security forces had detained several suspects "
    f"after clashes in the northern province, and that an investigation was under way.</p>"
    for i in range(4)
)


def test_jsonld_author_and_date_publisher_outlet():
    html = (
        '<html><head><title>Clashes in north</title><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Clashes erupt in north",'
        ' "author": [{"@type": "Person", "name": "Omar Haddad"}], "datePublished": "2022-05-01T09:00:00Z",'
        ' "publisher": {"@type": "Organization", "name": "Example Daily"}}</script></head>'
        f"<body><article><h1>Clashes erupt in north</h1>{PARAS}</article></body></html>"
    )
    art = parse_html(html)
    assert art.title == "Clashes erupt in north"
    assert art.author == "Omar Haddad"
    assert art.pub_date() == "2022-05-01"
    assert art.outlet == "Example Daily"
    assert art.text.startswith("Paragraph 0:")


def test_fallbacks_byline_element_url_date_and_host():
    html = (
        "<html><head><title>Clashes in the north - Example Post</title></head><body><article>"
        f'<h1>Clashes in the north</h1><div class="byline">By Lina Park, Staff Writer</div>{PARAS}'
        "</article></body></html>"
    )
    art = parse_html(html, url="https://www.examplepost.com/world/2021/02/03/clashes-in-the-north/")
    assert art.author == "Lina Park"
    assert art.pub_date() == "2021-02-03"
    assert art.outlet in ("examplepost.com", "Example Post")
    assert art.title == "Clashes in the north"


def test_page_without_text_is_an_input_error():
    with pytest.raises(InputError, match="no article text"):
        parse_html("<html><body><nav>Home</nav></body></html>", origin="empty.html")
