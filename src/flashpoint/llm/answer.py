"""Reading one model answer: JSON text -> a validated `Answer`, or `InvalidAnswer` saying why not.

An answer is valid only when it fits the record contract: a PLOVER type of `records.PLOVER_TYPES`, a
mode of `ontology.PLOVER_MODES` for that type (or null), a confidence in [0, 1], and party texts that
are strings or null.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from flashpoint.coding.ontology import PLOVER_MODES
from flashpoint.records import PLOVER_TYPES

FIELDS = ("plover_type", "mode", "confidence", "source_text", "target_text")
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.S)


@dataclass(frozen=True, slots=True)
class Answer:
    plover_type: str
    mode: str | None
    confidence: float
    source_text: str | None
    target_text: str | None


class InvalidAnswer(ValueError):
    """The answer cannot be used; `status` is the short code recorded in the event's coder block."""

    def __init__(self, status: str, detail: str) -> None:
        self.status = status
        self.detail = detail
        super().__init__(f"{status}: {detail}")


def parse_answer(content: str) -> Answer:
    """Validate the model's text. Raises InvalidAnswer(status in invalid_json, invalid_answer,
    invalid_type, invalid_mode)."""
    text = content.strip()
    fenced = _FENCE.match(text)  # servers without constrained decoding sometimes fence the JSON
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except ValueError as e:
        raise InvalidAnswer("invalid_json", f"not JSON ({e}): {content[:120]!r}") from None
    if not isinstance(data, dict):
        raise InvalidAnswer("invalid_answer", f"expected a JSON object, got {type(data).__name__}")
    missing = [f for f in FIELDS if f not in data]
    if missing:
        raise InvalidAnswer("invalid_answer", f"missing field(s) {', '.join(missing)}")
    ptype = data["plover_type"]
    if not isinstance(ptype, str) or ptype.strip().upper() not in PLOVER_TYPES:
        raise InvalidAnswer("invalid_type", f"unknown PLOVER type {ptype!r}")
    ptype = ptype.strip().upper()
    mode = _optional_text(data["mode"], "mode")
    if mode is not None:
        mode = mode.lower()
        if mode not in PLOVER_MODES[ptype]:
            allowed = ", ".join(sorted(PLOVER_MODES[ptype])) or "none"
            raise InvalidAnswer("invalid_mode", f"mode {mode!r} is not a mode of {ptype} (allowed: {allowed})")
    conf = data["confidence"]
    if isinstance(conf, bool) or not isinstance(conf, (int, float)) or not math.isfinite(conf) or not 0 <= conf <= 1:
        raise InvalidAnswer("invalid_answer", f"confidence must be a number in [0, 1], got {conf!r}")
    return Answer(
        plover_type=ptype,
        mode=mode,
        confidence=float(conf),
        source_text=_optional_text(data["source_text"], "source_text"),
        target_text=_optional_text(data["target_text"], "target_text"),
    )


def _optional_text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidAnswer("invalid_answer", f"{name} must be text or null, got {type(value).__name__}")
    return value.strip() or None
