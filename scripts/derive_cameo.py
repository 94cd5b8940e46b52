"""Derive Flashpoint's CAMEO tables from the reference files in ../shared.

Writes two files under src/flashpoint/coding/data/:

- ``cameo.tsv``: code, name, root, goldstein, quad_class, goldstein_from
- ``cameo_plover.tsv``: code, plover_type, plover_mode (empty type = not a PLOVER event)

Inputs (read, never copied): ../shared/data/reference/cameo/{CAMEO.eventcodes.txt,
CAMEO.goldsteinscale.txt, cameo_codebook_no_examples.csv, CAMEO_codefile.txt}. Each output starts
with a comment line carrying the sha256 of every input, so a changed input shows in the diff.

Conventions (documented in docs/ontology.md, exposed as flashpoint.coding.ontology.CONVENTIONS):

- code set: the union of the GDELT code list, the CAMEO 1.1b3 codebook and the ICEWS code file.
- names: the CAMEO 1.1b3 codebook (the GDELT list has wrong names for 101-108 and mojibake in 044),
  else the code file label.
- Goldstein: the GDELT scale file; codes it lacks take the codebook value, else their parent's value.
  Where GDELT and the codebook disagree (016, 022, 164, 165) GDELT wins.
- quad class: roots 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4 (root 16 -> 4, as GDELT).

The CAMEO -> PLOVER mapping is ours: PLOVER_RULES below, read against the PLOVER 2.0 manual,
the structured codebook and the 2021 crosswalk (CAMEO2PLOVER-2021.txt). The longest matching
code prefix decides. ``--check`` prints where we differ from the 2021 crosswalk.

Usage: python scripts/derive_cameo.py [--shared PATH] [--check]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "src" / "flashpoint" / "coding" / "data"
INPUTS = (
    "CAMEO.eventcodes.txt",
    "CAMEO.goldsteinscale.txt",
    "cameo_codebook_no_examples.csv",
    "CAMEO_codefile.txt",
)

# Longest code prefix wins. None = "not a PLOVER event". Modes are the PLOVER 2.0 manual's mode names.
PLOVER_RULES: dict[str, tuple[str, str | None] | None] = {
    # 01 MAKE PUBLIC STATEMENT: comments are not PLOVER events; only "express accord" is verbal support.
    "01": None,
    "019": ("SUPPORT", None),
    # 02 APPEAL: PLOVER folds appeals into REQUEST; modes as for 10 DEMAND.
    "02": ("REQUEST", None),
    "021": ("REQUEST", "assist"),
    "022": ("REQUEST", "assist"),
    "023": ("REQUEST", "assist"),
    "024": ("REQUEST", "change"),
    "025": ("REQUEST", "yield"),
    "026": ("REQUEST", "meet"),
    "027": ("REQUEST", "meet"),
    "028": ("REQUEST", "meet"),
    # 03 EXPRESS INTENT TO COOPERATE -> AGREE; promised concessions (035x) -> CONCEDE (manual, CONCEDE).
    "03": ("AGREE", None),
    "035": ("CONCEDE", None),
    # 04 CONSULT
    "04": ("CONSULT", None),
    "041": ("CONSULT", "phone"),
    "042": ("CONSULT", "visit"),
    "043": ("CONSULT", "visit"),
    "044": ("CONSULT", "third-party"),
    # 05 DIPLOMATIC COOPERATION -> SUPPORT (incl. 057 sign formal agreement; apology 055 -> CONCEDE per manual)
    "05": ("SUPPORT", None),
    "055": ("CONCEDE", None),
    # 06, 07
    "06": ("COOPERATE", None),
    "07": ("AID", None),
    # 08 YIELD: easing / acceding -> CONCEDE (manual treats lifting restrictions as verbal);
    # releases, access, ceasefires, withdrawals -> RETREAT.
    "08": ("CONCEDE", None),
    "0831": ("RETREAT", "resign"),  # leadership change acceded to = a resignation (PLOVER RETREAT resign)
    "084": ("RETREAT", "release"),
    "0842": ("RETREAT", None),
    "085": ("RETREAT", None),
    "086": ("RETREAT", "access"),
    "087": ("RETREAT", None),
    "0871": ("RETREAT", "ceasefire"),
    "0872": ("RETREAT", "withdraw"),
    "0873": ("RETREAT", "disarm"),
    "0874": ("RETREAT", "withdraw"),
    # 09 INVESTIGATE
    "09": ("ACCUSE", "investigate"),
    # 10 DEMAND
    "10": ("REQUEST", None),
    "101": ("REQUEST", "assist"),
    "102": ("REQUEST", "assist"),
    "103": ("REQUEST", "assist"),
    "104": ("REQUEST", "change"),
    "105": ("REQUEST", "yield"),
    "106": ("REQUEST", "meet"),
    "107": ("REQUEST", "meet"),
    "108": ("REQUEST", "meet"),
    # 11 DISAPPROVE
    "11": ("ACCUSE", "disapprove"),
    "112": ("ACCUSE", "allege"),
    "115": ("ACCUSE", "allege"),
    "116": ("SANCTION", "convict"),
    # 12 REJECT
    "12": ("REJECT", None),
    "121": ("REJECT", "assist"),
    "122": ("REJECT", "assist"),
    "123": ("REJECT", "change"),
    "124": ("REJECT", "yield"),
    "125": ("REJECT", "meet"),
    "126": ("REJECT", "meet"),
    "127": ("REJECT", "meet"),
    # 13 THREATEN (mode = content of the threat)
    "13": ("THREATEN", None),
    "1311": ("THREATEN", "relations"),
    "1312": ("THREATEN", "restrict"),
    "1313": ("THREATEN", "relations"),
    "132": ("THREATEN", "restrict"),
    "134": ("THREATEN", "relations"),
    "135": ("THREATEN", "relations"),
    "136": ("THREATEN", "expel"),
    "137": ("THREATEN", "violence"),
    "138": ("THREATEN", "violence"),
    "1381": ("THREATEN", "restrict"),
    "1382": ("THREATEN", "territory"),
    # 14 PROTEST
    "14": ("PROTEST", None),
    "141": ("PROTEST", "demo"),
    "142": ("PROTEST", "hunger"),
    "143": ("PROTEST", "strike"),
    "144": ("PROTEST", "obstruct"),
    "145": ("PROTEST", "riot"),
    # 15 EXHIBIT FORCE POSTURE
    "15": ("MOBILIZE", None),
    "151": ("MOBILIZE", "police"),
    "152": ("MOBILIZE", "troops"),
    "153": ("MOBILIZE", "police"),
    "154": ("MOBILIZE", "troops"),
    # 16 REDUCE RELATIONS -> SANCTION; sanctions/embargoes are 'discontinue' (manual, SANCTION modes)
    "16": ("SANCTION", None),
    "161": ("SANCTION", "discontinue"),
    "162": ("SANCTION", "withdraw"),
    "163": ("SANCTION", "discontinue"),
    "164": ("SANCTION", "withdraw"),
    "165": ("SANCTION", "withdraw"),
    "166": ("SANCTION", "expel"),
    # 17 COERCE
    "17": ("COERCE", None),
    "171": ("COERCE", "seize"),
    "1712": ("ASSAULT", "destroy"),
    "172": ("COERCE", "restrict"),
    "1721": ("COERCE", "censor"),
    "1723": ("COERCE", "curfew"),
    "1724": ("COERCE", "martial-law"),
    "173": ("COERCE", "arrest"),
    "174": ("COERCE", "deport"),
    "175": ("ASSAULT", "crowd-control"),
    # 18 ASSAULT
    "18": ("ASSAULT", None),
    "181": ("ASSAULT", "abduct"),
    "182": ("ASSAULT", "beat"),
    "1821": ("ASSAULT", "sexual"),
    "1822": ("ASSAULT", "torture"),
    "1823": ("ASSAULT", None),
    "183": ("ASSAULT", "explosives"),
    "1831": ("ASSAULT", "suicide-attack"),
    "185": ("ASSAULT", "targeted"),
    "186": ("ASSAULT", "targeted"),
    # 19 FIGHT
    "19": ("ASSAULT", None),
    "191": ("COERCE", "restrict"),
    "192": ("COERCE", "seize"),
    "193": ("ASSAULT", "firearms"),
    "194": ("ASSAULT", "heavy-weapons"),
    "195": ("ASSAULT", "aerial"),
    "1952": ("ASSAULT", "drone"),
    # 20 UNCONVENTIONAL MASS VIOLENCE
    "20": ("ASSAULT", None),
    "202": ("ASSAULT", "targeted"),
    "204": ("ASSAULT", "unconventional"),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_tab(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        if "\t" in line:
            code, value = line.split("\t", 1)
            out[code.strip()] = value.strip()
    return out


def read_codefile(path: Path) -> dict[str, str]:
    """First plain 'LABEL:' per code (the 'LABELi:' lines are ICEWS variants)."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"LABEL: (\d{2,4})= ?(.*)", line)
        if m and m.group(1) not in out:
            out[m.group(1)] = m.group(2).strip()
    return out


def quad_class(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def plover_for(code: str) -> tuple[str, str | None] | None:
    for n in range(len(code), 1, -1):
        if code[:n] in PLOVER_RULES:
            return PLOVER_RULES[code[:n]]
    raise KeyError(f"no PLOVER rule covers CAMEO {code}")


def build(shared: Path) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], str]:
    ref = shared / "data" / "reference" / "cameo"
    paths = [ref / name for name in INPUTS]
    for p in paths:
        if not p.exists():
            raise SystemExit(f"missing input: {p}")
    names_gdelt = read_tab(paths[0])
    gold_gdelt = {k: float(v) for k, v in read_tab(paths[1]).items()}
    with paths[2].open(encoding="utf-8") as fh:
        codebook = {r["code"].strip(): r for r in csv.DictReader(fh)}
    codefile = read_codefile(paths[3])

    codes = set(names_gdelt) | set(codebook) | set(codefile)
    rows: list[tuple[str, ...]] = []
    values: dict[str, float] = {}
    for code in sorted(codes, key=lambda c: (c[:2], c.ljust(4, " "))):
        if code in codebook and codebook[code]["name"].strip():
            name = codebook[code]["name"].strip()
        else:
            name = codefile.get(code) or names_gdelt[code]
        if code in gold_gdelt:
            g, origin = gold_gdelt[code], "gdelt"
        elif code in codebook and codebook[code]["goldstein"].strip():
            g, origin = float(codebook[code]["goldstein"]), "codebook"
        else:
            g, origin = values[code[:-1]], "parent"
        values[code] = g
        name = " ".join(name.replace("\t", " ").split())
        rows.append((code, name, code[:2], f"{g:.1f}", str(quad_class(code[:2])), origin))
    plover_rows: list[tuple[str, ...]] = []
    for code, *_ in rows:
        pm = plover_for(code)
        plover_rows.append((code, pm[0] if pm else "", (pm[1] or "") if pm else ""))
    header = "# derived by scripts/derive_cameo.py from ../shared/data/reference/cameo: " + " ".join(
        f"{p.name}={sha256(p)}" for p in paths
    )
    return rows, plover_rows, header


def check_crosswalk(shared: Path, plover_rows: list[tuple[str, ...]]) -> None:
    """Print where our CAMEO->PLOVER type differs from the 2021 crosswalk (for review, not an error)."""
    path = shared / "data" / "reference" / "plover" / "CAMEO2PLOVER-2021.txt"
    theirs: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"(\d{3,4}):\s*([A-Z]+)", line)
        if m:
            theirs.setdefault(m.group(1), m.group(2))
    for code, ptype, _ in plover_rows:
        t = theirs.get(code)
        if t is not None and t != ptype:
            print(f"{code}: ours {ptype or 'None'} / crosswalk {t}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--check", action="store_true", help="print differences from the 2021 crosswalk")
    args = ap.parse_args(argv)
    rows, plover_rows, header = build(args.shared)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    cols = "code\tname\troot\tgoldstein\tquad_class\tgoldstein_from"
    (OUT_DIR / "cameo.tsv").write_text(
        "\n".join([header, cols, *("\t".join(r) for r in rows)]) + "\n", encoding="utf-8"
    )
    (OUT_DIR / "cameo_plover.tsv").write_text(
        "\n".join(
            [
                header,
                "# PLOVER type and mode per CAMEO code (empty type: not a PLOVER event); rules in PLOVER_RULES",
                "code\tplover_type\tplover_mode",
                *("\t".join(r) for r in plover_rows),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(rows)} CAMEO codes to {OUT_DIR}", file=sys.stderr)
    if args.check:
        check_crosswalk(args.shared, plover_rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
