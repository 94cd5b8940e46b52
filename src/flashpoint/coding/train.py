"""Training the relation and ACLED classifiers, and the coder factory that evaluation cross-validates.

Relation classifier: the PLV development set (`../shared/data/gold/plv/plv_train.jsonl`, third-party
labels: sentence, source span, target span, PLOVER type). CONCEDE and RETREAT are one class
(YIELD), as in PLV. The shipped model (`coding/data/relation_model.npz`) is trained on all of
it by `scripts/train_relation_model.py`, which records the data's sha256.

ACLED sub-event classifier (`coding/acled_model.py`): the ACLED notes (`acled/*.jsonl`) and the
CASE 2021 snippets (`case2021/case2021_dev.jsonl`, labels mapped to ACLED sub-event types or to
the five non-ACLED classes); shipped as `coding/data/acled_model.npz` by
`scripts/train_acled_model.py`.

Evaluation never scores a model on items it trained on: `CoderFactory` lists PLV, ACLED and
CASE 2021 in `trained_on`, and `factory(excluded_ids)` retrains whichever model saw those ids.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from flashpoint.coding import acled_model as am
from flashpoint.coding.classifier import LinearModel, fit
from flashpoint.coding.coder import Coder, CoderConfig
from flashpoint.coding.relevance import words_of
from flashpoint.errors import InputError

PLV_FILE = Path("plv") / "plv_train.jsonl"
ACLED_GLOB = "acled/*.jsonl"
CASE_FILE = Path("case2021") / "case2021_dev.jsonl"
HYPER = {"l2": 3e-4, "epochs": 200, "lr": 0.05}


@dataclass(frozen=True)
class TrainingItem:
    id: str
    features: tuple[str, ...]
    label: str


def plv_items(gold_dir: Path, coder: Coder | None = None) -> list[TrainingItem]:
    """PLV rows as feature vectors (parsed with the coder's own parser and lexicon)."""
    from flashpoint.coding.features import pair_features  # noqa: PLC0415

    path = gold_dir / PLV_FILE
    if not path.exists():
        raise InputError(str(path), "PLV gold file not found (is ../shared beside the repository?)")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    coder = coder or Coder()
    docs = coder.nlp.pipe([r["text"] for r in rows], batch_size=256)
    out = []
    for r, doc in zip(rows, docs, strict=True):
        feats, _ = pair_features(doc, r["source"]["spans"], r["target"]["spans"], coder.lexicon)
        out.append(TrainingItem(r["id"], tuple(feats), r["plover"]))
    return out


def train_relation_model(items: list[TrainingItem], exclude: frozenset[str] = frozenset(), meta: dict[str, Any] | None = None) -> LinearModel:
    keep = [it for it in items if it.id not in exclude]
    model = fit([list(it.features) for it in keep], [it.label for it in keep], **HYPER)  # type: ignore[arg-type]
    m = dict(meta or {})
    m.update({"n_train": len(keep), "hyper": HYPER, "excluded": len(exclude)})
    digest = hashlib.sha1(json.dumps(m, sort_keys=True).encode())
    digest.update(model.W.astype("float32").tobytes())
    m["id"] = digest.hexdigest()[:12]
    model.meta = m
    return model


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def acled_data_files(gold_dir: Path) -> list[Path]:
    """The ACLED classifier's training files under `gold_dir` (those that exist), in a fixed order."""
    files = sorted(Path(gold_dir).glob(ACLED_GLOB))
    case = Path(gold_dir) / CASE_FILE
    return files + ([case] if case.is_file() else [])


def _candidate_sentences(sents: list[str], surface: frozenset[str]) -> list[str]:
    """The sentences the coder would consider (a trigger word in them), else the first."""
    cands = [t for t in sents if words_of(t) & surface]
    return cands or sents[:1]


def rules_only(coder: Coder) -> Coder:
    """A coder like `coder` (sharing its parser, lexicon, actors and relation model) whose ACLED
    readings come from the rules alone."""
    return coder.with_models(relation_model=coder.relation_model or False, acled_model=False)


def acled_examples(gold_dir: Path, coder: Coder | None = None) -> list[am.Example]:
    """Training examples of the ACLED classifier from the ACLED notes and CASE 2021 snippets.

    Each text is coded with the rules only; every event gives an example (its sentence, the text's
    lead, `am.event_features` of the event) labelled with the text's label; a text without events
    gives its candidate sentences, without event features. Each text weighs 1 in all. Raises
    InputError when neither set is present or a label is unknown.
    """
    from flashpoint.coding import ontology  # noqa: PLC0415
    from flashpoint.eval.gold import read_acled, read_case2021  # noqa: PLC0415
    from flashpoint.nlp.sentences import split_sentences  # noqa: PLC0415
    from flashpoint.records import Article  # noqa: PLC0415

    canon = {s.casefold(): s for s in ontology.ACLED_SUB_EVENT_TYPES}
    labelled: list[tuple[str, str, str]] = []
    found = False
    if any(Path(gold_dir).glob(ACLED_GLOB)):
        found = True
        for it in read_acled(Path(gold_dir)):
            sub = canon.get(" ".join(it.sub_event_type.split()).casefold())
            if sub is None:
                raise InputError(f"ACLED gold item {it.id}", f"unknown sub-event type {it.sub_event_type!r}")
            labelled.append((it.id, it.text, sub))
    if (Path(gold_dir) / CASE_FILE).is_file():
        found = True
        for c in read_case2021(Path(gold_dir)):
            if c.label not in ontology.CASE2021_LABELS:
                raise InputError(f"CASE 2021 gold item {c.id}", f"unknown label {c.label!r}")
            labelled.append((c.id, c.text, am.class_of(ontology.case2021_to_acled(c.label), c.label)))
    if not found:
        raise InputError(str(gold_dir), f"no ACLED ({ACLED_GLOB}) or CASE 2021 ({CASE_FILE}) gold files")
    coder = rules_only(coder or Coder())
    coded = coder.code_many(Article(id=item_id, text=text) for item_id, text, _ in labelled)
    out: list[am.Example] = []
    for (item_id, text, label), ca in zip(labelled, coded, strict=True):
        sents = [s.text for s in (ca.sentences or split_sentences(text))] or [text]
        lead = am.lead_of(None, sents)
        if ca.events:
            for ev in ca.events:
                event = am.event_features(
                    ev.plover.type, ev.plover.mode, ev.source.sector if ev.source else None,
                    ev.target.sector if ev.target else None, ev.acled,
                )
                out.append(am.Example(item_id, ev.sentence.text, lead, label, 1.0 / len(ca.events), event))
        else:
            cands = _candidate_sentences(sents, coder.surface_forms)
            out.extend(am.Example(item_id, t, lead, label, 1.0 / len(cands)) for t in cands)
    return out


class CoderFactory:
    """`make_coder` for evaluation: `factory(excluded_ids)` gives a coder not trained on them (the
    relation model is retrained when the ids are PLV items, the ACLED model when they are ACLED or
    CASE 2021 items; the other model and the parser, lexicon and actor matcher are shared)."""

    trained_on = frozenset({"plv", "acled", "case2021"})

    def __init__(self, gold_dir: Path, config: CoderConfig | None = None) -> None:
        self.gold_dir = Path(gold_dir)
        self.config = config or CoderConfig()
        self._base = Coder(self.config)

    @cached_property
    def _items(self) -> list[TrainingItem]:
        return plv_items(self.gold_dir, self._base)

    @cached_property
    def _plv_ids(self) -> frozenset[str]:
        return frozenset(it.id for it in self._items) if (self.gold_dir / PLV_FILE).exists() else frozenset()

    @cached_property
    def _acled_examples(self) -> list[am.Example]:
        return acled_examples(self.gold_dir, self._base) if acled_data_files(self.gold_dir) else []

    def __call__(self, exclude: frozenset[str]) -> Coder:
        if not exclude:
            return self._base
        relation = train_relation_model(self._items, exclude) if exclude & self._plv_ids else self._base.relation_model
        acled_ids = {e.id for e in self._acled_examples}
        acled = am.train(self._acled_examples, exclude) if exclude & acled_ids else self._base.acled_model
        return self._base.with_models(relation_model=relation or False, acled_model=acled or False)
