"""Missions that work in one country (``actors/data/missions.tsv``).

What a peacekeeping, monitoring or assistance mission observes or does happens in the country it works in: "the
OSCE SMM observed 25 explosions near Khutir Vilny" is in Ukraine though no gazetteer has the village, and "UNIFIL
said" speaks of Lebanon. `actors.home` counts each mission named as a vote for its country. A mission that works
in several countries (the Sahel's Barkhane) is not listed; names are matched as whole words, case kept ("ISAF",
not "isaf").
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from flashpoint.actors.kb import _read_tsv, _split

__all__ = ["mission_areas"]


@functools.lru_cache(maxsize=1)
def _missions() -> tuple[re.Pattern[str], dict[str, str]]:
    """The pattern of every mission name and alias (longest first), and the country (ISO3) of each."""
    text = (resources.files("flashpoint.actors") / "data" / "missions.tsv").read_text(encoding="utf-8")
    area: dict[str, str] = {}
    for row in _read_tsv("missions.tsv", text)[1]:
        for name in (row["name"], *_split(row["aliases"])):
            area[name] = row["area"]
    names = sorted(area, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b"), area


def mission_areas(text: str) -> list[str]:
    """The country (ISO3) of each mission `text` names, in order: ["UKR"] for "the OSCE SMM observed ..."."""
    pattern, area = _missions()
    return [area[m.group()] for m in pattern.finditer(text)]
