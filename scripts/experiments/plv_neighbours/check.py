"""Validate the hand-written PLOVER relation examples in plover_examples.jsonl (beside this script).

Each line must be one JSON object of the form

    {"id": "team-0001", "text": "...",
     "source": {"text": "...", "spans": [[start, end]]},
     "target": {"text": "...", "spans": [[start, end]]},
     "plover": "AGREE"}

Checks: valid JSON per line, unique ids, label among the 15 relation classes, every span
inside the text with text[start:end] equal to the party text, source and target spans not
overlapping. Prints the row count per class. Exits 1 with a message naming the line on the
first error. Standard library only.

Usage: python scripts/experiments/plover_examples/check.py [PATH]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

CLASSES = (
    "AGREE", "CONSULT", "SUPPORT", "YIELD", "COOPERATE", "AID", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
DEFAULT_PATH = Path(__file__).resolve().parent / "plover_examples.jsonl"


class CheckError(Exception):
    pass


def _party_spans(rec: dict, role: str, text: str) -> list[tuple[int, int]]:
    party = rec.get(role)
    if not isinstance(party, dict):
        raise CheckError(f"'{role}' must be an object with 'text' and 'spans'")
    ptext, spans = party.get("text"), party.get("spans")
    if not isinstance(ptext, str) or not ptext.strip():
        raise CheckError(f"'{role}.text' must be a non-empty string")
    if not isinstance(spans, list) or not spans:
        raise CheckError(f"'{role}.spans' must be a non-empty list of [start, end] pairs")
    out = []
    for span in spans:
        if (not isinstance(span, list) or len(span) != 2
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in span)):
            raise CheckError(f"'{role}.spans' entry {span!r} is not an [int, int] pair")
        start, end = span
        if not 0 <= start < end <= len(text):
            raise CheckError(f"{role} span {span} lies outside the text (length {len(text)})")
        if text[start:end] != ptext:
            raise CheckError(
                f"{role} span {span} covers {text[start:end]!r}, not {role}.text {ptext!r}")
        out.append((start, end))
    return out


def check_record(rec: object, seen_ids: set[str]) -> str:
    if not isinstance(rec, dict):
        raise CheckError("line is not a JSON object")
    missing = [k for k in ("id", "text", "source", "target", "plover") if k not in rec]
    if missing:
        raise CheckError(f"missing key(s): {', '.join(missing)}")
    rid, text, label = rec["id"], rec["text"], rec["plover"]
    if not isinstance(rid, str) or not rid:
        raise CheckError("'id' must be a non-empty string")
    if rid in seen_ids:
        raise CheckError(f"duplicate id {rid!r}")
    seen_ids.add(rid)
    if not isinstance(text, str) or not text.strip():
        raise CheckError("'text' must be a non-empty string")
    if label not in CLASSES:
        raise CheckError(f"label {label!r} is not one of {', '.join(CLASSES)}")
    src = _party_spans(rec, "source", text)
    tgt = _party_spans(rec, "target", text)
    for s0, s1 in src:
        for t0, t1 in tgt:
            if s0 < t1 and t0 < s1:
                raise CheckError(f"source span [{s0}, {s1}] overlaps target span [{t0}, {t1}]")
    return label


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    if not path.is_file():
        print(f"error: {path} not found", file=sys.stderr)
        return 1
    counts: Counter[str] = Counter()
    seen: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                print(f"error: {path}:{lineno}: empty line", file=sys.stderr)
                return 1
            try:
                rec = json.loads(line)
                counts[check_record(rec, seen)] += 1
            except json.JSONDecodeError as e:
                print(f"error: {path}:{lineno}: invalid JSON: {e}", file=sys.stderr)
                return 1
            except CheckError as e:
                rid = rec.get("id") if isinstance(rec, dict) else None
                where = f" (id {rid})" if isinstance(rid, str) else ""
                print(f"error: {path}:{lineno}{where}: {e}", file=sys.stderr)
                return 1
    total = sum(counts.values())
    if not total:
        print(f"error: {path} has no rows", file=sys.stderr)
        return 1
    print(f"{path}: {total} rows OK")
    for label in CLASSES:
        print(f"  {label:<10} {counts[label]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
