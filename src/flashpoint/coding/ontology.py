"""The event ontology: CAMEO codes, their PLOVER 2.0 reading and the ACLED reading of an event.

Three readings of one event stay consistent through this module (docs/ontology.md):

- ``cameo.tsv``: every CAMEO code with name, root, Goldstein score and quad class
  (derived by scripts/derive_cameo.py, conventions in `CONVENTIONS`);
- ``cameo_plover.tsv``: every CAMEO code -> PLOVER (type, mode), or none for CAMEO comments;
- `acled_for`: documented rules giving the ACLED (event_type, sub_event_type) from the PLOVER
  type/mode, the CAMEO code, the parties' sectors and the weapon.

Data files are read on first use and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from flashpoint.errors import InputError
from flashpoint.records import PLOVER_TYPES, Acled, Cameo

__all__ = [
    "ACLED_SUB_EVENT_TYPES",
    "ACLED_TYPES",
    "ARMED_SECTORS",
    "CIVILIAN_SECTORS",
    "NONSTATE_ARMED",
    "STATE_ARMED",
    "CASE2021_LABELS",
    "CASE2021_NON_ACLED",
    "CONVENTIONS",
    "PENTA_NAMES",
    "PLOVER_MODES",
    "QUAD_NAMES",
    "CameoInfo",
    "acled_event_type",
    "acled_for",
    "acled_subtypes_for",
    "cameo_codes",
    "cameo_info",
    "case2021_label",
    "case2021_to_acled",
    "default_cameo",
    "penta_class",
    "plover_for_cameo",
    "plover_quad",
    "to_cameo",
]

# Goes into every record's coder block: which of the disagreeing sources this ontology follows.
CONVENTIONS: dict[str, str] = {
    "ontology": "flashpoint-ontology/1",
    "cameo_version": "CAMEO 1.1b3 codes + ICEWS additions (106, 1213, 1214, 1951, 1952)",
    "goldstein": "GDELT CAMEO.goldsteinscale.txt (016=-2.0, 022=3.2, 164=-7.0, 165=-6.5); "
    "missing codes: codebook, else parent",
    "quad_class": "GDELT: roots 01-05=1, 06-08=2, 09-13=3, 14-20=4 (root 16 = 4)",
    "penta_class": "ConfliBERT: 0 roots 01-02, 1 03-05, 2 06-08, 3 09-13+16, 4 14-15+17-20",
    "plover": "PLOVER 2.0 manual modes; CAMEO 01 comments (except 019) are not PLOVER events; "
    "02 APPEAL -> REQUEST; 035x, 055, 080-083 -> CONCEDE; 0831 -> RETREAT resign; "
    "163 sanctions -> SANCTION discontinue; 116 -> SANCTION convict; 175 -> ASSAULT crowd-control",
}

QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

PENTA_NAMES: dict[int, str] = {
    0: "statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

# Modes per PLOVER type, from the PLOVER 2.0 manual's mode tables (types without a table have none).
PLOVER_MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(),
    "CONCEDE": frozenset(),
    "COOPERATE": frozenset(),
    "AID": frozenset(),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
         "misinformation", "cyber"}
    ),
    "ASSAULT": frozenset(
        {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
         "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
         "unconventional"}
    ),
}

_PLOVER_QUAD: dict[str, int] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}

ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}

# sub-event type -> its event type (sub-event type names are unique across event types)
ACLED_SUB_EVENT_TYPES: dict[str, str] = {sub: et for et, subs in ACLED_TYPES.items() for sub in subs}

# The PLOVER types an event may have for each ACLED sub-event type: what `acled_for` can give for that
# type, plus readings the rules cannot reach (an occupation after fighting, a defused or intercepted
# weapon, a new base). A reading outside this table would contradict the event's PLOVER type.
_ACLED_PLOVER: dict[str, frozenset[str]] = {
    **dict.fromkeys(ACLED_TYPES["Explosions/Remote violence"], frozenset({"ASSAULT"})),
    "Armed clash": frozenset({"ASSAULT"}),
    "Government regains territory": frozenset({"ASSAULT", "COERCE"}),
    "Non-state actor overtakes territory": frozenset({"ASSAULT", "COERCE"}),
    "Sexual violence": frozenset({"ASSAULT"}),
    "Attack": frozenset({"ASSAULT"}),
    "Abduction/forced disappearance": frozenset({"ASSAULT", "COERCE"}),
    "Peaceful protest": frozenset({"PROTEST"}),
    "Protest with intervention": frozenset({"PROTEST", "ASSAULT", "COERCE"}),
    "Excessive force against protesters": frozenset({"PROTEST", "ASSAULT"}),
    "Violent demonstration": frozenset({"PROTEST", "ASSAULT"}),
    "Mob violence": frozenset({"PROTEST", "ASSAULT"}),
    "Agreement": frozenset({"AGREE", "SUPPORT", "CONCEDE", "RETREAT"}),
    "Arrests": frozenset({"COERCE"}),
    "Change to group/activity": frozenset({"RETREAT", "MOBILIZE", "COERCE", "CONCEDE"}),
    "Disrupted weapons use": frozenset({"COERCE", "ASSAULT", "RETREAT"}),
    "Headquarters or base established": frozenset({"MOBILIZE", "COERCE"}),
    "Looting/property destruction": frozenset({"ASSAULT", "COERCE", "PROTEST"}),
    "Non-violent transfer of territory": frozenset({"COERCE", "RETREAT"}),
    "Other": frozenset({"MOBILIZE", "COERCE"}),
}

# CAMEO actor-type codes (CAMEO.type.txt) of armed parties: state forces and non-state armed groups.
STATE_ARMED: frozenset[str] = frozenset({"MIL", "COP", "SPY", "PKO"})
NONSTATE_ARMED: frozenset[str] = frozenset({"REB", "INS", "SEP", "UAF", "IMG", "CRM"})
ARMED_SECTORS: frozenset[str] = STATE_ARMED | NONSTATE_ARMED
# Unarmed non-state sectors whose violence ACLED codes as mob violence.
CIVILIAN_SECTORS: frozenset[str] = frozenset(
    {"CVL", "OPP", "LAB", "EDU", "AGR", "REF", "SET", "RAD", "MOD", "NGM", "BUS", "HRI", "ENV", "MED", "HLH"}
)

# CASE 2021 Task 2 labels -> ACLED (event_type, sub_event_type); five labels are outside ACLED.
CASE2021_LABELS: dict[str, tuple[str, str] | None] = {
    "ARMED_CLASH": ("Battles", "Armed clash"),
    "GOV_REGAINS_TERIT": ("Battles", "Government regains territory"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("Battles", "Non-state actor overtakes territory"),
    "CHEM_WEAP": ("Explosions/Remote violence", "Chemical weapon"),
    "AIR_STRIKE": ("Explosions/Remote violence", "Air/drone strike"),
    "SUIC_BOMB": ("Explosions/Remote violence", "Suicide bomb"),
    "ART_MISS_ATTACK": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "REM_EXPLOS": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "GRENADE": ("Explosions/Remote violence", "Grenade"),
    "SEX_VIOL": ("Violence against civilians", "Sexual violence"),
    "ATTACK": ("Violence against civilians", "Attack"),
    "ABDUCT_DISSAP": ("Violence against civilians", "Abduction/forced disappearance"),
    "PEACE_PROTEST": ("Protests", "Peaceful protest"),
    "PROTEST_WITH_INTER": ("Protests", "Protest with intervention"),
    "FORCE_AGAINST_PROTEST": ("Protests", "Excessive force against protesters"),
    "VIOL_DEMONSTR": ("Riots", "Violent demonstration"),
    "MOB_VIOL": ("Riots", "Mob violence"),
    "AGREEMENT": ("Strategic developments", "Agreement"),
    "ARREST": ("Strategic developments", "Arrests"),
    "CHANGE_TO_GROUP_ACT": ("Strategic developments", "Change to group/activity"),
    "DISR_WEAP": ("Strategic developments", "Disrupted weapons use"),
    "HQ_ESTABLISHED": ("Strategic developments", "Headquarters or base established"),
    "PROPERTY_DISTRUCT": ("Strategic developments", "Looting/property destruction"),
    "NON_VIOL_TERRIT_TRANSFER": ("Strategic developments", "Non-violent transfer of territory"),
    "OTHER": ("Strategic developments", "Other"),
    "ATTRIB": None,
    "DIPLO": None,
    "MAN_MADE_DISASTER": None,
    "NATURAL_DISASTER": None,
    "ORG_CRIME": None,
}

CASE2021_NON_ACLED: dict[str, str] = {
    "ATTRIB": "claim or denial of responsibility for an attack (CAMEO 015/016; not a PLOVER event)",
    "DIPLO": "diplomatic measures: sanctions, expulsions of diplomats, cut ties (PLOVER SANCTION mostly)",
    "MAN_MADE_DISASTER": "accidents: fires, explosions, crashes, industrial disasters (not an event)",
    "NATURAL_DISASTER": "earthquakes, floods, storms, epidemics (not an event)",
    "ORG_CRIME": "ordinary and organized crime: robbery, fraud, trafficking, smuggling",
}

_ACLED_TO_CASE: dict[tuple[str, str], str] = {v: k for k, v in CASE2021_LABELS.items() if v is not None}


@dataclass(frozen=True, slots=True)
class CameoInfo:
    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("flashpoint.coding").joinpath("data", name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [ln.split("\t") for ln in lines[1:]]  # first non-comment line is the header


@lru_cache(maxsize=1)
def _cameo_table() -> dict[str, CameoInfo]:
    out: dict[str, CameoInfo] = {}
    for row in _data_lines("cameo.tsv"):
        code, name, root, goldstein, quad = row[:5]
        out[code] = CameoInfo(code, name, root, float(goldstein), int(quad))
    return out


@lru_cache(maxsize=1)
def _plover_table() -> dict[str, tuple[str, str | None] | None]:
    out: dict[str, tuple[str, str | None] | None] = {}
    for row in _data_lines("cameo_plover.tsv"):
        row += [""] * (3 - len(row))
        code, ptype, mode = row[0], row[1].strip(), row[2].strip()
        out[code] = (ptype, mode or None) if ptype else None
    return out


def _norm_code(code: str, where: str) -> str:
    c = str(code).strip()
    if c.isdigit() and len(c) == 1:
        c = "0" + c
    if c not in _cameo_table():
        raise InputError(where, f"unknown CAMEO event code {code!r}")
    return c


def cameo_codes() -> tuple[str, ...]:
    """All CAMEO codes known to the ontology, in codebook order."""
    return tuple(_cameo_table())


def cameo_info(code: str) -> CameoInfo:
    """Name, root, Goldstein score and quad class of a CAMEO code; InputError for unknown codes."""
    return _cameo_table()[_norm_code(code, "cameo_info")]


def to_cameo(code: str) -> Cameo:
    """The record form of a CAMEO code."""
    info = cameo_info(code)
    return Cameo(code=info.code, root=info.root, goldstein=info.goldstein, quad_class=info.quad_class)


def plover_for_cameo(code: str) -> tuple[str, str | None] | None:
    """PLOVER (type, mode) of a CAMEO code, or None when the code is not a PLOVER event (comments)."""
    return _plover_table()[_norm_code(code, "plover_for_cameo")]


def plover_quad(plover_type: str) -> int:
    """The PLOVER manual's quad category of a PLOVER type (SANCTION: 4, as CAMEO root 16)."""
    if plover_type not in _PLOVER_QUAD:
        raise InputError("plover_quad", f"unknown PLOVER type {plover_type!r}")
    return _PLOVER_QUAD[plover_type]


# The CAMEO code that stands for a PLOVER type when a classifier predicts only the type.
_TYPE_DEFAULT: dict[str, str] = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "CONCEDE": "080", "COOPERATE": "060",
    "AID": "070", "RETREAT": "084", "REQUEST": "100", "ACCUSE": "110", "REJECT": "120",
    "THREATEN": "130", "PROTEST": "140", "SANCTION": "160", "MOBILIZE": "150", "COERCE": "170",
    "ASSAULT": "190",
}
# Preferred code per (type, mode) where several codes share the mode.
_MODE_DEFAULT: dict[tuple[str, str], str] = {
    ("CONSULT", "visit"): "042", ("RETREAT", "release"): "0841", ("RETREAT", "withdraw"): "0874",
    ("REQUEST", "assist"): "101", ("REQUEST", "change"): "104", ("REQUEST", "yield"): "105",
    ("REQUEST", "meet"): "106", ("ACCUSE", "disapprove"): "111", ("ACCUSE", "allege"): "112",
    ("ACCUSE", "investigate"): "090", ("REJECT", "assist"): "121", ("REJECT", "change"): "123",
    ("REJECT", "yield"): "124", ("REJECT", "meet"): "125", ("THREATEN", "violence"): "138",
    ("THREATEN", "restrict"): "132", ("THREATEN", "relations"): "1313", ("PROTEST", "demo"): "141",
    ("PROTEST", "hunger"): "142", ("PROTEST", "strike"): "143", ("PROTEST", "boycott"): "143",
    ("PROTEST", "obstruct"): "144", ("PROTEST", "riot"): "145", ("PROTEST", "vandalize"): "145",
    ("SANCTION", "discontinue"): "163", ("SANCTION", "withdraw"): "162", ("SANCTION", "expel"): "166",
    ("MOBILIZE", "troops"): "154", ("MOBILIZE", "police"): "153", ("MOBILIZE", "militia"): "154",
    ("MOBILIZE", "weapons"): "150", ("COERCE", "seize"): "171", ("COERCE", "restrict"): "172",
    ("ASSAULT", "explosives"): "183", ("ASSAULT", "targeted"): "186", ("ASSAULT", "aerial"): "195",
    ("ASSAULT", "unconventional"): "204", ("ASSAULT", "primitive"): "180", ("ASSAULT", "beat"): "182",
    ("ASSAULT", "firearms"): "193",
}


@lru_cache(maxsize=None)
def default_cameo(plover_type: str, mode: str | None = None) -> str:
    """The CAMEO code that best represents a PLOVER type (and mode, when one CAMEO code fits it).

    Always round-trips on the type: ``plover_for_cameo(default_cameo(t, m))[0] == t``.
    """
    if plover_type not in _TYPE_DEFAULT:
        raise InputError("default_cameo", f"unknown PLOVER type {plover_type!r}")
    if mode:
        code = _MODE_DEFAULT.get((plover_type, mode))
        if code is None:  # the first code whose mapping is exactly (type, mode)
            code = next((c for c, pm in _plover_table().items() if pm == (plover_type, mode)), None)
        if code is not None:
            return code
    return _TYPE_DEFAULT[plover_type]


def penta_class(cameo_code: str) -> int:
    """ConfliBERT's five classes: 0 statement (01-02), 1 verbal coop (03-05), 2 material coop (06-08),
    3 verbal conflict (09-13, 16), 4 material conflict (14-15, 17-20)."""
    root = int(cameo_info(cameo_code).root)
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


def acled_event_type(sub_event_type: str) -> str:
    """The ACLED event type of a sub-event type; InputError for an unknown one."""
    if sub_event_type not in ACLED_SUB_EVENT_TYPES:
        raise InputError("acled_event_type", f"unknown ACLED sub-event type {sub_event_type!r}")
    return ACLED_SUB_EVENT_TYPES[sub_event_type]


@lru_cache(maxsize=None)
def acled_subtypes_for(plover_type: str) -> frozenset[str]:
    """The ACLED sub-event types an event of this PLOVER type may carry (empty: none, e.g. CONSULT)."""
    if plover_type not in _PLOVER_QUAD:
        raise InputError("acled_subtypes_for", f"unknown PLOVER type {plover_type!r}")
    return frozenset(sub for sub, types in _ACLED_PLOVER.items() if plover_type in types)


def case2021_label(acled_event_type: str, acled_sub_event_type: str) -> str | None:
    """The CASE 2021 Task 2 label of an ACLED (event_type, sub_event_type), or None if there is none."""
    return _ACLED_TO_CASE.get((acled_event_type, acled_sub_event_type))


def case2021_to_acled(label: str) -> Acled | None:
    """The ACLED reading of a CASE 2021 label; None for the five non-ACLED labels (CASE2021_NON_ACLED)."""
    if label not in CASE2021_LABELS:
        raise InputError("case2021_to_acled", f"unknown CASE 2021 label {label!r}")
    pair = CASE2021_LABELS[label]
    return None if pair is None else Acled(*pair)


# --- ACLED rules -------------------------------------------------------------------------------

# Weapon words -> Explosions/Remote violence sub-event type; first match wins (order matters:
# "suicide car bomb" is a suicide bomb, "tear gas" is not a chemical weapon).
_WEAPON_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tear gas", "teargas", "pepper spray", "water cannon", "rubber bullet"), ""),
    (("suicide",), "Suicide bomb"),
    (("chemical", "chlorine", "sarin", "mustard gas", "nerve agent", "toxic gas", "unconventional"),
     "Chemical weapon"),
    (("grenade",), "Grenade"),
    (("air", "drone", "uav", "aircraft", "airplane", "warplane", "jet", "helicopter", "bomber",
      "aerial", "airstrike"), "Air/drone strike"),
    (("shell", "artillery", "mortar", "missile", "rocket", "howitzer", "heavy-weapons", "tank"),
     "Shelling/artillery/missile attack"),
    (("ied", "landmine", "mine", "roadside", "car bomb", "explosive", "bomb", "booby", "detonat"),
     "Remote explosive/landmine/IED"),
)
_MODE_WEAPON: dict[str, str] = {
    "aerial": "Air/drone strike", "drone": "Air/drone strike", "suicide-attack": "Suicide bomb",
    "heavy-weapons": "Shelling/artillery/missile attack", "explosives": "Remote explosive/landmine/IED",
    "unconventional": "Chemical weapon",
}
_CODE_WEAPON: dict[str, str] = {
    "195": "Air/drone strike", "1951": "Air/drone strike", "1952": "Air/drone strike",
    "194": "Shelling/artillery/missile attack", "1831": "Suicide bomb",
    "183": "Remote explosive/landmine/IED", "1832": "Remote explosive/landmine/IED",
    "1833": "Remote explosive/landmine/IED", "2041": "Chemical weapon", "204": "Chemical weapon",
}


def _remote_sub_type(mode: str | None, code: str | None, weapon: str | None) -> str | None:
    if weapon:
        w = weapon.lower()
        for words, sub in _WEAPON_RULES:
            if any(word in w for word in words):
                return sub or None
    if mode in _MODE_WEAPON:
        return _MODE_WEAPON[mode]
    return _CODE_WEAPON.get(code or "")


def _armed(sector: str | None) -> bool:
    return sector is not None and sector.upper() in ARMED_SECTORS


def _acled(event_type: str, sub: str) -> Acled:
    assert sub in ACLED_TYPES[event_type], (event_type, sub)
    return Acled(event_type, sub)


def _assault(mode: str | None, code: str | None, src: str | None, tgt: str | None,
             weapon: str | None, fatalities: int | None) -> Acled | None:
    remote = _remote_sub_type(mode, code, weapon)
    if remote:
        return _acled("Explosions/Remote violence", remote)
    if mode == "sexual" or code == "1821":
        return _acled("Violence against civilians", "Sexual violence")
    if mode == "abduct" or code in ("181", "184"):
        return _acled("Violence against civilians", "Abduction/forced disappearance")
    if mode == "crowd-control" or code == "175":
        sub = "Excessive force against protesters" if fatalities else "Protest with intervention"
        return _acled("Protests", sub)
    if mode == "destroy" or code == "1712":
        return _acled("Strategic developments", "Looting/property destruction")
    if _armed(src) and _armed(tgt):
        return _acled("Battles", "Armed clash")
    if src in CIVILIAN_SECTORS:  # unarmed people using violence
        if _armed(tgt):
            return _acled("Riots", "Violent demonstration")  # crowd against police or soldiers
        return _acled("Riots", "Mob violence")
    if tgt is not None and not _armed(tgt):
        return _acled("Violence against civilians", "Attack")
    if tgt is None and code is not None and code[:2] == "19":
        return _acled("Battles", "Armed clash")  # conventional force, target unknown
    if tgt is None:
        return _acled("Violence against civilians", "Attack")
    return _acled("Battles", "Armed clash")  # armed target, unknown or unarmed-state source


def acled_for(
    plover_type: str,
    mode: str | None,
    cameo_code: str | None,
    *,
    source_sector: str | None = None,
    target_sector: str | None = None,
    weapon: str | None = None,
    fatalities: int | None = None,
    crowd_violence: bool = False,
    intervention: bool = False,
) -> Acled | None:
    """The ACLED (event_type, sub_event_type) of an event, or None where ACLED's codebook does not cover it.

    Sectors are CAMEO actor-type codes (MIL, REB, CVL, GOV, ...; see ARMED_SECTORS); `weapon` is any
    weapon words from the text ("airstrike", "IED", "mortar shells", "grenade"); `crowd_violence` and
    `intervention` say the text shows protesters using violence (stones, arson, clashes) or authorities
    intervening (dispersing, tear gas, arrests). Rules in docs/ontology.md.
    """
    if plover_type not in _PLOVER_QUAD:
        raise InputError("acled_for", f"unknown PLOVER type {plover_type!r}")
    code = _norm_code(cameo_code, "acled_for") if cameo_code else None
    src = source_sector.upper() if source_sector else None
    tgt = target_sector.upper() if target_sector else None
    party_armed = _armed(src) or _armed(tgt)

    if plover_type == "ASSAULT":
        return _assault(mode, code, src, tgt, weapon, fatalities)
    if plover_type == "PROTEST":
        if mode in ("riot", "vandalize") or (code or "").startswith("145") or crowd_violence:
            return _acled("Riots", "Violent demonstration")
        if mode == "boycott":
            return None  # withdrawing custom is not a physical protest event
        if intervention:  # police or troops dispersed, detained or fired on the protesters
            return _acled("Protests", "Excessive force against protesters" if fatalities else "Protest with intervention")
        return _acled("Protests", "Peaceful protest")
    if plover_type == "COERCE":
        if code == "192":  # occupy territory
            if fatalities == 0:
                return _acled("Strategic developments", "Non-violent transfer of territory")
            if src in NONSTATE_ARMED:
                return _acled("Battles", "Non-state actor overtakes territory")
            if src in STATE_ARMED or src == "GOV":
                return _acled("Battles", "Government regains territory")
            return _acled("Strategic developments", "Non-violent transfer of territory")
        if mode == "arrest" or code == "173":
            return _acled("Strategic developments", "Arrests")
        if mode == "seize" or (code or "").startswith("171"):
            if weapon:
                return _acled("Strategic developments", "Disrupted weapons use")
            return _acled("Strategic developments", "Looting/property destruction")
        if code == "191":
            return _acled("Strategic developments", "Other")  # blockade
        return None
    if plover_type == "MOBILIZE":
        return _acled("Strategic developments", "Other")
    if plover_type == "RETREAT":
        if mode == "ceasefire" or code == "0871":
            return _acled("Strategic developments", "Agreement")
        if mode == "withdraw" and party_armed:
            return _acled("Strategic developments", "Non-violent transfer of territory")
        if mode == "disarm" and party_armed:
            return _acled("Strategic developments", "Change to group/activity")
        return None
    if plover_type in ("AGREE", "SUPPORT", "CONCEDE"):
        # agreements between conflict parties: an armed party agrees, signs, settles or de-escalates
        if party_armed and (plover_type == "AGREE" or code in ("057", "036", "037", "0356")):
            return _acled("Strategic developments", "Agreement")
        return None
    return None
