"""Readers of the shared gold sets (``../shared/data/gold``): typed, validated items per set.

Each reader takes the gold directory and yields frozen items in file order; a missing file or a
malformed row raises InputError naming the file (and line).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashpoint.errors import InputError
from flashpoint.eval.acled_actors import actor_country

Span = tuple[int, int]

# PLV's 15 classes: PLOVER's 16 with CONCEDE and RETREAT merged into YIELD.
PLV_LABELS: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "YIELD", "COOPERATE", "AID", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
PENTA_LABELS: tuple[str, ...] = ("0", "1", "2", "3", "4")
PENTA_NAMES: dict[str, str] = {
    "0": "statement", "1": "verbal cooperation", "2": "material cooperation",
    "3": "verbal conflict", "4": "material conflict",
}


@dataclass(frozen=True, slots=True)
class PlvItem:
    id: str
    text: str
    source_spans: tuple[Span, ...]
    target_spans: tuple[Span, ...]
    label: str  # one of PLV_LABELS


@dataclass(frozen=True, slots=True)
class PentaItem:
    id: str
    text: str
    penta: str  # "0".."4"


@dataclass(frozen=True, slots=True)
class NerItem:
    id: str
    text: str
    source_spans: tuple[Span, ...]
    target_spans: tuple[Span, ...]
    reciprocal_spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class CaseItem:
    id: str
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class AcledItem:
    id: str
    text: str
    event_type: str
    sub_event_type: str
    fatalities: int
    actor1: str
    actor1_country: str | None  # ISO3 derived from the actor-1 name; None: international / none
    country: str | None = None  # where it happened: ACLED's iso3, location and admin1
    location: str | None = None
    admin1: str | None = None
    point: tuple[float, float] | None = None  # ACLED's latitude and longitude of the event


@dataclass(frozen=True, slots=True)
class LocatedVerb:
    """One annotated verb of a sentence and where, in the sentence, its event happened."""

    span: Span
    locations: tuple[Span, ...]  # the place words; empty: the sentence does not say where
    adjudicated: bool  # the set's gold-standard relabelling ("RELABEL") rather than one annotator's reading


@dataclass(frozen=True, slots=True)
class EventLocationItem:
    """A sentence of the "Geolocating Political Events in Text" set with its annotated verbs."""

    id: str
    text: str
    verbs: tuple[LocatedVerb, ...]


GoldItem = PlvItem | PentaItem | NerItem | CaseItem | AcledItem | EventLocationItem


def _rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    if not path.is_file():
        raise InputError(str(path), "gold file not found")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(where, f"not JSON: {exc.msg}") from exc
            if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not isinstance(row.get("text"), str):
                raise InputError(where, "row needs string fields 'id' and 'text'")
            yield where, row


def _field(row: dict[str, Any], name: str, where: str) -> Any:
    if name not in row:
        raise InputError(where, f"missing field {name!r}")
    return row[name]


def _spans(value: Any, where: str, text: str) -> tuple[Span, ...]:
    try:
        spans = tuple((int(s), int(e)) for s, e in value)
    except (TypeError, ValueError) as exc:
        raise InputError(where, f"spans must be [[start, end], ...], got {value!r}") from exc
    for s, e in spans:
        if not 0 <= s <= e <= len(text):
            raise InputError(where, f"span [{s}, {e}] outside the text (length {len(text)})")
    return spans


def plv_label(plover_type: str) -> str:
    """The PLV class of a PLOVER type: CONCEDE and RETREAT are YIELD."""
    return "YIELD" if plover_type in ("CONCEDE", "RETREAT") else plover_type


def read_plv(gold_dir: Path) -> Iterator[PlvItem]:
    for where, row in _rows(gold_dir / "plv" / "plv_train.jsonl"):
        text = row["text"]
        label = plv_label(str(_field(row, "plover", where)))
        if label not in PLV_LABELS:
            raise InputError(where, f"unknown PLV label {label!r}")
        src = _field(row, "source", where)
        tgt = _field(row, "target", where)
        yield PlvItem(
            row["id"], text,
            _spans((src or {}).get("spans", []), where, text),
            _spans((tgt or {}).get("spans", []), where, text),
            label,
        )


def read_conflibert_class(gold_dir: Path) -> Iterator[PentaItem]:
    for where, row in _rows(gold_dir / "conflibert" / "cameo_class_train.jsonl"):
        penta = str(_field(row, "penta", where))
        if penta not in PENTA_LABELS:
            raise InputError(where, f"penta class must be 0-4, got {penta!r}")
        yield PentaItem(row["id"], row["text"], penta)


def read_conflibert_ner(gold_dir: Path) -> Iterator[NerItem]:
    for where, row in _rows(gold_dir / "conflibert" / "cameo_ner_train.jsonl"):
        text = row["text"]
        yield NerItem(
            row["id"], text,
            _spans(_field(row, "source_spans", where), where, text),
            _spans(_field(row, "target_spans", where), where, text),
            _spans(row.get("reciprocal_spans") or [], where, text),
        )


def read_case2021(gold_dir: Path) -> Iterator[CaseItem]:
    for where, row in _rows(gold_dir / "case2021" / "case2021_dev.jsonl"):
        yield CaseItem(row["id"], row["text"], str(_field(row, "label", where)))


def read_acled(gold_dir: Path) -> Iterator[AcledItem]:
    folder = gold_dir / "acled"
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not files:
        raise InputError(str(folder), "no ACLED gold files (*.jsonl) found")
    for path in files:
        for where, row in _rows(path):
            try:
                fatalities = int(row.get("fatalities") or 0)
            except (TypeError, ValueError) as exc:
                raise InputError(where, f"fatalities must be an integer, got {row.get('fatalities')!r}") from exc
            actor1 = str(row.get("actor1") or "")
            yield AcledItem(
                row["id"], row["text"],
                str(_field(row, "event_type", where)),
                str(_field(row, "sub_event_type", where)),
                fatalities, actor1, actor_country(actor1),
                row.get("iso3") or None, row.get("location") or None, row.get("admin1") or None,
                _point(row, where),
            )


def _point(row: dict[str, Any], where: str) -> tuple[float, float] | None:
    """An ACLED row's latitude and longitude; None when it gives none."""
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat in (None, "") or lon in (None, ""):
        return None
    try:
        return float(lat), float(lon)
    except (TypeError, ValueError) as exc:
        raise InputError(where, f"latitude and longitude must be numbers, got {lat!r}, {lon!r}") from exc


EVENT_LOCATION_FILE = "event_location/labeled_text.jsonl.zip"


def _labelled_span(row: dict[str, Any], span: dict[str, Any]) -> Span | None:
    """A labelled span's character offsets: `start`/`end` where they slice to its words; else its tokens
    (some rows give token indices as `start`/`end`); else its words' one occurrence in the text; None
    where none of these agrees (a handful of rows)."""
    text, words = row["text"], span.get("text")
    s, e = span.get("start"), span.get("end")
    if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text) and (words is None or text[s:e] == words):
        return s, e
    toks = row["tokens"]
    i, j = span.get("token_start"), span.get("token_end")
    if isinstance(i, int) and isinstance(j, int) and 0 <= i <= j < len(toks):
        s, e = toks[i].get("start"), toks[j].get("end")
        if isinstance(s, int) and isinstance(e, int) and (words is None or text[s:e] == words):
            return s, e
    if words and text.count(words) == 1:
        s = text.index(words)
        return s, s + len(words)
    return None


def read_event_location(gold_dir: Path) -> Iterator[EventLocationItem]:
    """The event-location set (Halterman et al., "Geolocating Political Events in Text"): rows of one verb
    each, and its location's words in the sentence where it has one. Rows are grouped into one item per
    sentence. A verb annotated more than once keeps the gold-standard relabelling where there is one,
    else every annotator's places (a prediction at any of them is right; no place only where none gave
    one); rows a reviewer rejected are left out."""
    path = Path(gold_dir) / EVENT_LOCATION_FILE
    if not path.is_file():
        raise InputError(str(path), "gold file not found")
    try:
        with zipfile.ZipFile(path) as zf:
            name = next((n for n in zf.namelist() if n.endswith(".jsonl") and "__MACOSX" not in n), None)
            if name is None:
                raise InputError(str(path), "no .jsonl member in the archive")
            rows = json.loads(zf.read(name))
    except (zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"unreadable: {exc}") from exc
    if not isinstance(rows, list):
        raise InputError(str(path), "expected one JSON array of rows")
    # sentence -> verb span -> [(adjudicated, location spans)], sentences in file order
    by_text: dict[str, dict[Span, list[tuple[bool, tuple[Span, ...]]]]] = defaultdict(lambda: defaultdict(list))
    for n, row in enumerate(rows):
        where = f"{path} row {n}"
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("tokens"), list):
            raise InputError(where, "row needs a string 'text' and a list 'tokens'")
        if row.get("answer") not in (None, "accept"):
            continue
        spans = row.get("spans") or []
        verbs = [_labelled_span(row, s) for s in spans if s.get("label") == "VERB"]
        places = [_labelled_span(row, s) for s in spans if s.get("label") == "LOCATION"]
        if len(verbs) != 1 or None in verbs or None in places:
            continue  # a few rows mark no verb or two, or spans that slice to other words
        by_text[row["text"]][verbs[0]].append((row.get("source") == "RELABEL", tuple(sorted(places))))
    for text, verbs in by_text.items():
        out = []
        for span, readings in verbs.items():
            adjudicated = any(a for a, _ in readings)
            chosen = [p for a, p in readings if a] if adjudicated else [p for _, p in readings]
            out.append(LocatedVerb(span, tuple(sorted({s for p in chosen for s in p})), adjudicated))
        item_id = "el-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        yield EventLocationItem(item_id, text, tuple(sorted(out, key=lambda v: v.span)))


READERS: dict[str, Callable[[Path], Iterator[Any]]] = {
    "plv": read_plv,
    "conflibert_class": read_conflibert_class,
    "conflibert_ner": read_conflibert_ner,
    "case2021": read_case2021,
    "acled": read_acled,
    "event_location": read_event_location,
}
SET_NAMES: tuple[str, ...] = tuple(READERS)

_LOCATIONS: dict[str, str] = {
    "plv": "plv/plv_train.jsonl",
    "conflibert_class": "conflibert/cameo_class_train.jsonl",
    "conflibert_ner": "conflibert/cameo_ner_train.jsonl",
    "case2021": "case2021/case2021_dev.jsonl",
    "acled": "acled/*.jsonl",
    "event_location": EVENT_LOCATION_FILE,
}


def set_location(name: str) -> str:
    """Where set `name` lives under the gold directory (a glob for ACLED)."""
    return _LOCATIONS[name]


def available_sets(gold_dir: Path) -> list[str]:
    """The known sets whose files exist under `gold_dir`, in SET_NAMES order."""
    return [name for name in SET_NAMES if any(Path(gold_dir).glob(_LOCATIONS[name]))]


def read_set(name: str, gold_dir: Path) -> list[Any]:
    """All items of set `name` (InputError for an unknown set, a missing file or a bad row)."""
    if name not in READERS:
        raise InputError(f"gold set {name!r}", f"unknown set; known: {', '.join(SET_NAMES)}")
    return list(READERS[name](Path(gold_dir)))
