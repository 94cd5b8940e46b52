"""The country of an ACLED actor name, as ISO 3166 alpha-3.

ACLED names state actors "<Kind> of <Country> (<from>-[<to>]) [<unit>]", e.g.
"Military Forces of Yemen (2012-) 170th Air Defence Brigade", "Government of Afghanistan (2014-)";
and national non-state actors "<Kind> (<Country>)", e.g. "Protesters (India)", "Civilians (Yemen)",
"Unidentified Armed Group (Afghanistan)", "Settlers (Israel)".

Rule: (1) "of [the] <X> (<year>-...)" where <X> is a country → its code; (2) otherwise the first
parenthesised part that is a country → its code; (3) otherwise None (international, regional or
unnamed-country actors: "Taliban", "NATO: ...", "Protesters (International)",
"Islamic State (West Africa)", "Military Forces of Artsakh (2007-)").
"""

from __future__ import annotations

import re
from functools import lru_cache

_STATE = re.compile(r"\bof (?:the )?([^()]+?) \(\d{4}-\d{0,4}\)")
_PAREN = re.compile(r"\(([^()]+)\)")

# ACLED's short names that pycountry does not resolve (ISO 3166 names differ).
_ALIASES: dict[str, str] = {
    "democratic republic of congo": "COD",
    "republic of congo": "COG",
    "ivory coast": "CIV",
    "russia": "RUS",
    "turkey": "TUR",
    "palestine": "PSE",
    "cape verde": "CPV",
    "east timor": "TLS",
    "brunei": "BRN",
    "micronesia": "FSM",
    "macedonia": "MKD",
    "vatican city": "VAT",
    "kosovo": "XKX",  # not in ISO 3166; the code the EU and World Bank use
}

# Not countries, though pycountry's lookup would accept them as codes or names.
_NOT_COUNTRIES = frozenset({"international"})


@lru_cache(maxsize=4096)
def country_iso3(name: str) -> str | None:
    """ISO3 code of a country name as ACLED writes it, or None when it is not a country."""
    key = name.strip().lower()
    if not key or key in _NOT_COUNTRIES or any(ch.isdigit() for ch in key):
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    import pycountry  # lazy: only evaluation needs it

    if len(key) <= 3:  # a bare code such as "USA" is not how ACLED names countries
        return None
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_3)
    except LookupError:
        return None


def actor_country(actor: str) -> str | None:
    """ISO3 of the country an ACLED actor name names, or None (see the module docstring)."""
    if not actor:
        return None
    m = _STATE.search(actor)
    if m:
        code = country_iso3(m.group(1))
        if code:
            return code
    for part in _PAREN.findall(actor):
        code = country_iso3(part)
        if code:
            return code
    return None
