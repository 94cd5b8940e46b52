"""Readers for PETRARCH-2 / Phoenix actor and agent dictionaries.

Actor files (``*.actors.txt``) hold blocks::

    HAMID_KARZAI_  # comment
    +KARZAI_                      synonyms
        [AFGELI 750101-000101]    codes, with an optional date restriction
        [AFGGOV >011222]          (>date: from; <date: until; a-b: range)
        [AFGELI]                  undated: the default when no dated code applies

A code may also follow the phrase on the root line. Six-digit dates are YYMMDD with
YY 00-30 read as 20YY (the KEDS/TABARI rule); eight-digit dates are YYYYMMDD. A block without
any code that directly follows a coded block (no blank line between) is read as one more
synonym of that block; other uncoded blocks are skipped. Blocks with a dated code become
people, the others organisations. Malformed code lines are skipped with a logged warning.

Agent files (``Phoenix.agents.txt``): ``PHRASE {PLURALS} [~SEC]`` or ``[SEC~]`` lines and
``!SET! = A, B`` substitution sets; a phrase without ``{...}`` gets its regular plural.
"""

from __future__ import annotations

import datetime
import logging
import re
from pathlib import Path

from flashpoint.actors.kb import AgentEntry, OrgEntry, PersonEntry, Role, _pad_end, _pad_start
from flashpoint.errors import InputError

log = logging.getLogger(__name__)

_CODE = re.compile(r"\[([^\]]*)\]")
_SECTORS = frozenset(
    "GOV MIL REB OPP CVL MED BUS IGO NGO COP JUD LEG ELI SPY INS SEP UAF AGR CRM DEV EDU ENV HLH HRI "
    "LAB REF REL MOD RAD PKO UIS IMG INT MNC NGM SET".split()
)


def _read(path: Path | str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as e:
        raise InputError(str(path), f"cannot read dictionary: {e}") from e


def phrase_text(phrase: str) -> str:
    """``ABDUL_RAHMAN_AL_ATTIYAH_`` -> ``Abdul Rahman Al Attiyah``."""
    words = [w for w in phrase.strip().strip("+").split("_") if w]
    return " ".join(w if any(c.islower() for c in w) else w.title().replace("'S", "'s") for w in words)


def parse_date(s: str) -> str | None:
    """YYMMDD (00-30 -> 20YY) or YYYYMMDD -> YYYY-MM-DD; None when malformed."""
    s = s.strip()
    if not s.isdigit() or len(s) not in (6, 8):
        return None
    if len(s) == 6:
        yy = int(s[:2])
        s = f"{2000 + yy if yy <= 30 else 1900 + yy}{s[2:]}"
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:8])
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_code(body: str, where: str) -> tuple[str, str | None, str | None, bool] | None:
    """``AFGGOV 331108-730717`` -> (code, start, end, dated); None when malformed."""
    parts = body.split()
    if not parts:
        return None
    code = parts[0].upper()
    if len(parts) == 1:
        return code, None, None, False
    r = "".join(parts[1:])
    start = end = None
    if r.startswith(">"):
        start = parse_date(r[1:])
        ok = start is not None
    elif r.startswith("<"):
        end = parse_date(r[1:])
        ok = end is not None
    else:
        a, _, b = r.partition("-")
        start, end = parse_date(a), parse_date(b)
        ok = start is not None and end is not None
    if not ok:
        log.warning("%s: skipping code with a malformed date restriction [%s]", where, body)
        return None
    if end is not None:  # PETRARCH end dates are inclusive, ours exclusive
        end = (datetime.date.fromisoformat(end) + datetime.timedelta(days=1)).isoformat()
    return code, _pad_start(start), _pad_end(end), True


def _role(code: str, start: str | None, end: str | None, iso_of: dict[str, str]) -> Role:
    country = iso_of.get(code[:3])
    sector = code[3:6] if country and code[3:6] in _SECTORS else code[:3] if code[:3] in _SECTORS else None
    return Role(code, country, sector or None, "", start, end)


def read_phoenix_actors(
    path: Path | str, cameo_of: dict[str, str] | None = None
) -> tuple[list[PersonEntry], list[OrgEntry]]:
    """Read a PETRARCH/Phoenix ``.actors.txt`` file into (people, organisations)."""
    if cameo_of is None:
        from flashpoint.actors.kb import _bundled

        cameo_of = _bundled().cameo_of
    iso_of = {cam: iso for iso, cam in cameo_of.items()}
    blocks: list[tuple[list[str], list[tuple[str, str | None, str | None, bool]]]] = []
    cur: tuple[list[str], list[tuple[str, str | None, str | None, bool]]] | None = None
    adjacent = False  # the current block directly follows the previous one
    prev_coded = False

    def close() -> None:
        nonlocal cur, prev_coded
        if cur is None:
            return
        names, codes = cur
        if codes:
            blocks.append(cur)
            prev_coded = True
        elif adjacent and prev_coded and blocks:
            blocks[-1][0].extend(names)  # an uncoded block right after a coded one: more synonyms
        else:
            prev_coded = False
        cur = None

    for n, raw in enumerate(_read(path), start=1):
        line = raw.split("#", 1)[0].rstrip()
        where = f"{path}:{n}"
        if not line.strip():
            if raw.strip() and raw.lstrip().startswith("#"):
                continue  # a comment line does not break adjacency
            close()
            adjacent = False
            prev_coded = False
            continue
        stripped = line.strip()
        codes = [c for c in (parse_code(b, where) for b in _CODE.findall(stripped)) if c is not None]
        text = _CODE.sub(" ", stripped).strip()
        if stripped.startswith("["):
            if cur is None:
                log.warning("%s: code line outside an entry", where)
            else:
                cur[1].extend(codes)
            continue
        if stripped.startswith("+"):
            if cur is None:
                log.warning("%s: synonym outside an entry", where)
                continue
            if text.strip("+ "):
                cur[0].append(phrase_text(text))
            cur[1].extend(codes)
            continue
        if stripped[0] in "<!{":
            continue
        close()
        adjacent = True
        cur = ([phrase_text(text)], list(codes))
    close()

    people: list[PersonEntry] = []
    orgs: list[OrgEntry] = []
    for names, codes in blocks:
        names = [x for x in dict.fromkeys(names) if x]
        if not names:
            continue
        roles = tuple(_role(c, s, e, iso_of) for c, s, e, _ in codes)
        if any(dated for *_, dated in codes):
            cc = tuple(sorted({(r.country, cameo_of.get(r.country, r.country)) for r in roles if r.country}))
            people.append(PersonEntry(names[0], tuple(names[1:]), roles, cc))
        else:
            orgs.append(OrgEntry(names[0], tuple(names[1:]), roles))
    return people, orgs


def _plural(word: str) -> str:
    low = word.lower()
    if low.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    if low.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def read_phoenix_agents(path: Path | str) -> list[AgentEntry]:
    """Read a PETRARCH/Phoenix agents file into agent entries (phrase, sector, plurals)."""
    sets: dict[str, list[str]] = {}
    out: list[AgentEntry] = []
    for n, raw in enumerate(_read(path), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if m:
            sets[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue
        body = _CODE.sub(" ", line)
        plurals_m = re.search(r"\{([^}]*)\}", body)
        phrase = re.sub(r"\{[^}]*\}", " ", body).strip()
        code = codes[0].strip()
        sector = code.strip("~")[:3].upper() if code else ""
        if not phrase or not sector:
            log.warning("%s:%d: skipping agent line %r", path, n, raw)
            continue
        variants = [phrase]
        for name, words in sets.items():
            if name in phrase:
                variants = [v.replace(name, w) for v in variants for w in words]
        for v in variants:
            text = phrase_text(v).lower()
            if plurals_m is not None:
                plurals = tuple(phrase_text(p).lower() for p in plurals_m.group(1).split(",") if p.strip("_ "))
            elif "!" in phrase:
                plurals = ()  # substitution sets already list the plural forms
            else:
                plurals = (_plural(text),)
            out.append(AgentEntry(text, sector, plurals))
    return out
