"""The prompt: a system prompt built from the PLOVER codebook, and one user message per event.

The system prompt is built at run time from the PLOVER structured codebook in ``../shared`` when it is
found (``$FLASHPOINT_PLOVER_CODEBOOK`` names another copy), else from `BUILTIN_DEFINITIONS`, our own
one-line definitions. Allowed modes are always the ontology's (`ontology.PLOVER_MODES`): the record
contract, not the codebook's longer mode list, decides what a record may carry.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashpoint.coding.ontology import PLOVER_MODES
from flashpoint.errors import InputError
from flashpoint.records import PLOVER_TYPES, ActorRef, Event

CODEBOOK_ENV = "FLASHPOINT_PLOVER_CODEBOOK"
CODEBOOK_RELPATH = Path("shared") / "data" / "reference" / "plover" / "PLOVER_structured_codebook_updated.csv"
PROMPT_VERSION = "1"

# Written for Flashpoint: what each PLOVER 2.0 type covers, in one line.
BUILTIN_DEFINITIONS: dict[str, str] = {
    "AGREE": "says it will cooperate, offers or promises something, or agrees to do something later",
    "CONSULT": "meets, visits, hosts, phones or holds talks with another party",
    "SUPPORT": "praises, endorses or defends another party, or signs or ratifies an agreement with it",
    "CONCEDE": "promises to give in: to ease restrictions, release people, hold fire or withdraw, or apologises",
    "COOPERATE": "actually works together with another party (economic, military, judicial or other cooperation)",
    "AID": "actually gives money, goods, weapons, troops, shelter or other help to another party",
    "RETREAT": "actually gives ground: withdraws forces, releases people, disarms, observes a ceasefire, opens access, or resigns",
    "REQUEST": "asks for, appeals for, demands or orders something from another party",
    "ACCUSE": "criticises, blames, denounces or accuses another party, or opens an investigation into it",
    "REJECT": "refuses a request, proposal, demand or meeting, or says no to cooperation",
    "THREATEN": "threatens or warns of punishment, force, sanctions or other harm, or gives an ultimatum",
    "PROTEST": "demonstrates, strikes, riots, boycotts, blocks or otherwise protests against another party",
    "SANCTION": "cuts or reduces ties: imposes sanctions, expels diplomats, breaks off talks or aid, or convicts someone",
    "MOBILIZE": "raises readiness: deploys or moves troops, police or militia, or builds up weapons, without using them",
    "COERCE": "uses state power short of force: arrests, detains, deports, seizes, bans, censors, imposes curfews or restrictions",
    "ASSAULT": "uses physical violence: attacks, kills, bombs, shells, abducts, beats or fires on another party",
}

_INSTRUCTIONS = """You code political events in news sentences with the PLOVER 2.0 event ontology.
You get one sentence. The party that acts may be marked <source>...</source>, the party acted on \
<target>...</target>, and the word that carries the event <event>...</event>.
Choose the one PLOVER type that best describes what the source does to the target in this sentence. \
Code the event as the sentence states it, even if it is denied, planned, conditional or only claimed: \
another stage records that.
Give a mode only when one of the modes listed for that type fits; otherwise mode is null.
Answer with one JSON object and nothing else:
{"plover_type": one of the types below, "mode": a listed mode of that type or null, \
"confidence": your probability (0 to 1) that the type is right, \
"source_text": the words of the sentence naming the source, or null, \
"target_text": the words of the sentence naming the target, or null}"""


@dataclass(frozen=True)
class PromptSet:
    """The system prompt, where its definitions came from, and the JSON schema of an answer."""

    system: str
    origin: str  # "codebook:<file name>:<sha256[:12]>" or "builtin"
    schema: dict[str, Any]

    @property
    def fingerprint(self) -> str:
        """Changes when anything sent besides the sentence changes (cache keys and coder versions use it)."""
        blob = json.dumps([PROMPT_VERSION, self.system, self.schema], sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


def find_codebook(explicit: Path | None = None) -> Path | None:
    """The PLOVER structured codebook: `explicit`, $FLASHPOINT_PLOVER_CODEBOOK, or ../shared beside the repository."""
    if explicit is not None:
        if not Path(explicit).is_file():
            raise InputError(str(explicit), "PLOVER codebook file not found")
        return Path(explicit)
    env = os.environ.get(CODEBOOK_ENV)
    if env:
        if not Path(env).is_file():
            raise InputError(f"${CODEBOOK_ENV}={env}", "PLOVER codebook file not found")
        return Path(env)
    for base in (Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parents[3]):
        cand = base.parent / CODEBOOK_RELPATH
        if cand.is_file():
            return cand
    return None


def answer_schema() -> dict[str, Any]:
    """JSON schema of one answer: the constrained output the server is asked for."""
    modes = sorted({m for ms in PLOVER_MODES.values() for m in ms})
    return {
        "type": "object",
        "properties": {
            "plover_type": {"type": "string", "enum": list(PLOVER_TYPES)},
            "mode": {"type": ["string", "null"], "enum": [*modes, None]},
            "confidence": {"type": "number"},
            "source_text": {"type": ["string", "null"]},
            "target_text": {"type": ["string", "null"]},
        },
        "required": ["plover_type", "mode", "confidence", "source_text", "target_text"],
        "additionalProperties": False,
    }


def _mode_line(ptype: str) -> str:
    modes = sorted(PLOVER_MODES[ptype])
    return f"  modes: {', '.join(modes)}" if modes else "  modes: none (mode is null)"


def _builtin_types() -> list[str]:
    lines = []
    for t in PLOVER_TYPES:
        lines += [f"{t}: the source {BUILTIN_DEFINITIONS[t]}.", _mode_line(t)]
    return lines


def _codebook_types(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    need = {"event", "mode", "event_def", "mode_def"}
    if not rows or not need <= set(rows[0]):
        raise InputError(str(path), f"not a PLOVER structured codebook (needs columns {', '.join(sorted(need))})")
    lines: list[str] = []
    for t in PLOVER_TYPES:
        mine = [r for r in rows if r["event"].strip() == t]
        if not mine:
            raise InputError(str(path), f"PLOVER type {t} missing from the codebook")
        allowed = PLOVER_MODES[t]
        covers: list[str] = []
        by_mode: dict[str, list[str]] = {}
        notes: list[str] = []
        for r in mine:
            mode, text = r["mode"].strip(), " ".join(r["mode_def"].split())
            if mode in allowed:
                by_mode.setdefault(mode, []).append(text)
            elif text:
                covers.append(text)
            note = " ".join((r.get("extraction_notes") or "").split())
            if note and note not in notes:
                notes.append(note)
        lines.append(f"{t}: {' '.join(mine[0]['event_def'].split())}")
        if covers:
            lines.append("  covers: " + "; ".join(dict.fromkeys(covers)))
        for m in sorted(allowed):
            defs = by_mode.get(m)
            lines.append(f"  mode {m}: " + ("; ".join(dict.fromkeys(defs)) if defs else "(as named)"))
        if not allowed:
            lines.append("  modes: none (mode is null)")
        notes = [n for n in notes if not any(n != m and n in m for m in notes)]
        if notes:
            lines.append("  notes: " + " ".join(notes))
    return lines


def build_prompts(codebook: Path | None = None) -> PromptSet:
    """The system prompt from the codebook at `codebook` (or the one `find_codebook` finds), else built in."""
    path = find_codebook(codebook)
    if path is None:
        body, origin = _builtin_types(), "builtin"
    else:
        body = _codebook_types(path)
        origin = f"codebook:{path.name}:{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}"
    system = _INSTRUCTIONS + "\n\nPLOVER types:\n" + "\n".join(body)
    return PromptSet(system=system, origin=origin, schema=answer_schema())


def _marks(event: Event, hinted: bool) -> list[tuple[int, int, str]]:
    """Spans (sentence-relative) to wrap in tags: the parties, and the event word when the coder found it."""
    s0, s1 = event.sentence.start, event.sentence.end
    marks: list[tuple[int, int, str]] = []
    refs: list[tuple[ActorRef | None, str]] = [(event.source, "source"), (event.target, "target")]
    spans = [(r.span, tag) for r, tag in refs if r is not None]
    if not hinted:
        spans.append((event.trigger.span, "event"))
    for (a, b), tag in spans:
        if s0 <= a < b <= s1 and all(b <= x or a >= y for x, y, _ in marks):
            marks.append((a - s0, b - s0, tag))
    return sorted(marks)


def user_message(event: Event, hinted: bool) -> str:
    """The sentence with its parties (and, in open coding, the event word) marked, then the parties named."""
    text = event.sentence.text
    out, pos = [], 0
    for a, b, tag in _marks(event, hinted):
        out += [text[pos:a], f"<{tag}>", text[a:b], f"</{tag}>"]
        pos = b
    out.append(text[pos:])
    lines = ["Sentence: " + "".join(out)]
    lines.append("Source: " + (event.source.text if event.source is not None else "not given"))
    lines.append("Target: " + (event.target.text if event.target is not None else "not given"))
    return "\n".join(lines)
