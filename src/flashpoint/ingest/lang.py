"""Language identification (lingua), restricted to common news languages, built once and cached."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

# ISO 639-1 codes of the languages the detector chooses between: the major news languages.
NEWS_LANGUAGES: tuple[str, ...] = (
    "en", "fr", "es", "de", "pt", "it", "nl", "ru", "uk", "pl", "tr", "ar", "fa", "ur", "hi", "bn",
    "zh", "ja", "ko", "id", "vi", "he", "el", "sv", "ro", "sw", "so", "yo",
)
MIN_LETTERS = 20  # below this, the guess is (None, 0.0): too short to tell
# the detector reads at most this much of a text: its cost grows with length (4.4 ms at 2,000
# characters, 1.3 ms at 600), and on MasakhaNEWS (eng, fra, swa, amh, hau; 4,284 texts) 600
# characters decide as well as 2,000 did
MAX_CHARS = 600
_LETTER = re.compile(r"[^\W\d_]")
_ETHIOPIC = re.compile(r"[\u1200-\u137f]")


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in NEWS_LANGUAGES]
    log.debug("building language detector for %d languages", len(codes))
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence 0-1) of the text; (None, 0.0) when it is too short to tell."""
    sample = text[:MAX_CHARS]
    letters = _LETTER.findall(sample)
    if len(letters) < MIN_LETTERS:
        return None, 0.0
    ethiopic = sum(1 for ch in letters if _ETHIOPIC.match(ch)) if _ETHIOPIC.search(sample) else 0
    if ethiopic > len(letters) / 2:  # Amharic, Tigrinya: a script lingua does not model
        return "am", round(ethiopic / len(letters), 2)
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), round(float(top.value), 2)
