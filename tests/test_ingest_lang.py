import csv
from pathlib import Path

import pytest

from flashpoint.ingest.lang import detect_language

MASAKHANE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpora" / "masakhanews-eng-fra-sample"


def test_english_and_french():
    code, conf = detect_language("The minister said on Monday that talks would resume next week in Geneva.")
    assert code == "en" and 0.5 < conf <= 1.0
    code, conf = detect_language("Le ministre a déclaré lundi que les pourparlers reprendraient la semaine prochaine.")
    assert code == "fr" and conf > 0.5


def test_short_text_is_unknown():
    assert detect_language("Breaking news") == (None, 0.0)
    assert detect_language("12:30 — 45") == (None, 0.0)


def _rows(lang: str, n: int = 25) -> list[str]:
    path = MASAKHANE / lang / "dev.tsv"
    if not path.exists():
        pytest.skip(f"MasakhaNEWS sample not found at {path}")
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8") as f:
        return [row["text"] for row in csv.DictReader(f, delimiter="\t")][:n]


@pytest.mark.shared
@pytest.mark.parametrize("folder,code", [("eng", "en"), ("fra", "fr"), ("swa", "sw"), ("amh", "am")])
def test_masakhanews_languages(folder, code):
    texts = _rows(folder)
    hits = sum(detect_language(t)[0] == code for t in texts)
    assert hits >= 0.9 * len(texts)


@pytest.mark.shared
def test_masakhanews_hausa_is_not_english():
    # Hausa is not among the detector's languages: what matters is that it is not taken for English.
    texts = _rows("hau")
    assert all(detect_language(t)[0] != "en" for t in texts)
