"""Training the relation and ACLED classifiers, and the coder factory that evaluation cross-validates.

Relation classifier: the PLV development set (`../shared/data/gold/plv/plv_train.jsonl`, third-party
labels: sentence, source span, target span, PLOVER type). CONCEDE and RETREAT are one class
(YIELD), as in PLV. The shipped model (`coding/data/relation_model.npz`) is trained on all of
it by `scripts/train_relation_model.py`, which records the data's sha256.

ACLED sub-event classifier (`coding/acled_model.py`): the ACLED notes (`acled/*.jsonl`) and the
CASE 2021 snippets (`case2021/case2021_dev.jsonl`, labels mapped to ACLED sub-event types or to
the five non-ACLED classes); shipped as `coding/data/acled_model.npz` by
`scripts/train_acled_model.py`.

Text event class model (`coding/penta_model.py`): the ConfliBERT class dev set
(`conflibert/cameo_class_train.jsonl`), each text coded by the coder; shipped as
`coding/data/penta_model.npz` by `scripts/train_penta_model.py`.

Text event category model (`coding/category_model.py`): the CASE 2021 snippets
(`case2021/case2021_dev.jsonl`) and the snippets the team wrote in CASE 2021's types
(`coding/data/case_examples.jsonl`), each coded by the coder; shipped as `coding/data/category_model.npz`
by `scripts/train_category_model.py`.

Evaluation never scores a model on items it trained on: `CoderFactory` lists PLV, ACLED,
CASE 2021 and the ConfliBERT sets in `trained_on`, and `factory(excluded_ids)` retrains whichever
model saw those ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.coding import acled_model as am
from flashpoint.coding import category_model as cm
from flashpoint.coding import penta_model as pm
from flashpoint.coding.classifier import LinearModel, fit, stamp
from flashpoint.coding.memory import HYPER as MEMORY_HYPER
from flashpoint.coding.memory import ExampleMemory
from flashpoint.coding.coder import Coder, CoderConfig
from flashpoint.coding.relevance import words_of
from flashpoint.eval.metrics import overlaps_any
from flashpoint.errors import InputError

PLV_FILE = Path("plv") / "plv_train.jsonl"
NER_FILE = Path("conflibert") / "cameo_ner_train.jsonl"
CLASS_FILE = Path("conflibert") / "cameo_class_train.jsonl"
ACLED_GLOB = "acled/*.jsonl"
CASE_FILE = Path("case2021") / "case2021_dev.jsonl"
# snippets the team wrote in CASE 2021's types (not taken from any gold set): training data of the category model
TEAM_CASE_FILE = Path(__file__).parent / "data" / "case_examples.jsonl"
HYPER = {"l2": 3e-4, "epochs": 200, "lr": 0.05}
RELATION_DENSE_SCALE = 6.0  # weight of the pair's window embedding beside the string features


@dataclass(frozen=True)
class TrainingItem:
    id: str
    features: tuple[str, ...]
    label: str
    vector: Any = None  # the pair's window embedding (`nlp/encoder.Encoder.window`), where the coder has an encoder
    governing: tuple[str, ...] | None = None  # the features with `governing` (hinted pairs), where they differ


def plv_items(gold_dir: Path, coder: Coder | None = None) -> list[TrainingItem]:
    """PLV rows as feature vectors (parsed with the coder's own parser and lexicon; also with `governing`,
    for the hinted model), with the pair's window embedding where the coder has a sentence encoder."""
    from flashpoint.coding.features import arg_range, pair_features  # noqa: PLC0415

    path = gold_dir / PLV_FILE
    if not path.exists():
        raise InputError(str(path), "PLV gold file not found (is ../shared beside the repository?)")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    coder = coder or Coder()
    docs = coder.nlp.pipe([r["text"] for r in rows], batch_size=256)
    out = []
    for r, doc in zip(rows, docs, strict=True):
        src, tgt = r["source"]["spans"], r["target"]["spans"]
        feats, _ = pair_features(doc, src, tgt, coder.lexicon)
        governing, _ = pair_features(doc, src, tgt, coder.lexicon, governing=True)
        vector = None
        if coder.encoder is not None:
            vector = coder.encoder.window(r["text"], arg_range(src, 0), arg_range(tgt, len(r["text"])))
        out.append(TrainingItem(r["id"], tuple(feats), r["plover"], vector, None if governing == feats else tuple(governing)))
    return out


def train_relation_model(items: list[TrainingItem], exclude: frozenset[str] = frozenset(), meta: dict[str, Any] | None = None,
                         with_vectors: bool = False, governing: bool = False) -> LinearModel:
    """The relation model on `items` not in `exclude`, over their string features (`governing`: those of
    hinted pairs, `features.pair_features`; the model's meta["features"] says which); `with_vectors`: also
    over the pairs' window embeddings (scaled by RELATION_DENSE_SCALE), whose nearest training pairs also
    vote (`coding.memory`); the model then needs the encoder."""
    from flashpoint.coding.features import GOVERNING_VERSION, VERSION  # noqa: PLC0415

    keep = [it for it in items if it.id not in exclude]
    dense = None
    hyper: dict[str, Any] = dict(HYPER)
    if with_vectors:
        missing = [it.id for it in keep if it.vector is None]
        if missing:
            raise InputError("relation model training", f"{len(missing)} items lack a window embedding (first: {missing[0]})")
        dense = np.stack([np.asarray(it.vector, dtype=np.float64) for it in keep]) * RELATION_DENSE_SCALE
        hyper["dense_scale"] = RELATION_DENSE_SCALE
        hyper["memory"] = dict(MEMORY_HYPER)
    X = [list(it.governing if governing and it.governing is not None else it.features) for it in keep]
    y = [it.label for it in keep]
    model = _fit_relation(X, y, dense, sorted(set(y)))
    if dense is not None:
        model.temperature = _temperature(X, y, dense)
        hyper["temperature"] = model.temperature
    m = dict(meta or {})
    m.update({"n_train": len(keep), "hyper": hyper, "excluded": len(exclude), "features": GOVERNING_VERSION if governing else VERSION})
    stamp(model, m)
    return model


def _fit_relation(X: list[list[str]], y: list[str], dense: np.ndarray | None, classes: list[str]) -> LinearModel:
    """The linear model over `X` (and `dense`), with the memory of the dense rows where there are any."""
    model = fit(X, y, classes=classes, dense=dense, **HYPER)  # type: ignore[arg-type]
    if dense is not None:
        model.memory = ExampleMemory.of(dense, [classes.index(v) for v in y], len(classes), **MEMORY_HYPER)
    return model


def _temperature(X: list[list[str]], y: list[str], dense: np.ndarray, k: int = 3) -> float:
    """The softmax temperature that best fits held-out predictions: the model (and its memory) refitted
    without each of `k` interleaved folds scores that fold, and the temperature (0.5 to 3.0 by 0.05) with
    the least negative log-likelihood over all of them is kept. The window embedding and the neighbours'
    vote make the model overconfident (PLV with hints: expected calibration error 0.025 -> 0.034 with the
    embedding at temperature 1, 0.06 with the vote)."""
    logits: list[np.ndarray] = []
    gold: list[int] = []
    classes = sorted(set(y))
    for f in range(k):
        train = [i for i in range(len(y)) if i % k != f]
        held = [i for i in range(len(y)) if i % k == f]
        part = _fit_relation([X[i] for i in train], [y[i] for i in train], dense[train], classes)
        logits.append(part.scores([X[i] for i in held], dense[held]))
        gold += [classes.index(y[i]) for i in held]
    Z = np.concatenate(logits)
    idx = np.asarray(gold)
    best, best_nll = 1.0, np.inf
    for t in np.arange(0.5, 3.0001, 0.05):
        zt = Z / t
        zt = zt - zt.max(axis=1, keepdims=True)
        nll = float(-(zt[np.arange(len(idx)), idx] - np.log(np.exp(zt).sum(axis=1))).mean())
        if nll < best_nll - 1e-12:
            best, best_nll = round(float(t), 2), nll
    return best


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


def penta_examples(gold_dir: Path, coder: Coder | None = None) -> list[pm.Example]:
    """Training examples of the text event class model: each ConfliBERT class text coded by `coder`
    (its events are features), labelled with its gold class. Raises InputError when the file is absent."""
    from flashpoint.eval.gold import read_conflibert_class  # noqa: PLC0415
    from flashpoint.records import Article  # noqa: PLC0415

    path = Path(gold_dir) / CLASS_FILE
    if not path.is_file():
        raise InputError(str(path), "ConfliBERT class gold file not found (is ../shared beside the repository?)")
    items = list(read_conflibert_class(Path(gold_dir)))
    coder = coder or Coder()
    coded = coder.code_many(Article(id=it.id, text=it.text) for it in items)
    return [pm.Example(it.id, tuple(pm.features(it.text, ca.events)), it.penta)
            for it, ca in zip(items, coded, strict=True)]


def coded_with(coder: Coder) -> dict[str, Any]:
    """The parts of `coder` whose output a text model reads (its events are features): a model trained on
    that output records them, and is rebuilt when they change."""
    parts = coder.components()
    return {"version": coder.version,
            **{k: parts[k] for k in ("lexicon", "relation_model", "acled_model", "source_model", "target_model")}}


def team_case_rows(path: Path = TEAM_CASE_FILE) -> list[tuple[str, str, str]]:
    """(id, text, label) of the team's CASE 2021-style snippets; InputError naming the line of a bad one."""
    from flashpoint.coding import ontology  # noqa: PLC0415

    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the team's CASE 2021 examples: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append((str(row["id"]), str(row["text"]), str(row["label"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}", f"not a JSON object with id, text and label: {exc}") from exc
        if rows[-1][2] not in ontology.CASE2021_LABELS:
            raise InputError(f"{path}:{n}", f"unknown label {rows[-1][2]!r}")
    return rows


def acled_held_out(coder: Coder, examples: list[am.Example]) -> Callable[[frozenset[str]], Coder]:
    """`held_out(ids)`: `coder` with an ACLED classifier trained on `examples` without `ids`, for features
    of texts that classifier must not have seen (`category_examples`)."""
    return lambda ids: coder.with_models(relation_model=coder.relation_model or False,
                                         acled_model=am.train(examples, ids) or False)


def category_examples(gold_dir: Path, coder: Coder | None = None, acled: bool = True,
                      team: Path | None = TEAM_CASE_FILE,
                      held_out: Callable[[frozenset[str]], Coder] | None = None) -> list[cm.Example]:
    """Training examples of the text event category model: each CASE 2021 snippet coded by `coder` (its
    events are features) with its sentence embedding, labelled with its gold type; with `acled`, also the
    ACLED notes (`acled/*.jsonl`, where present) labelled with the CASE type of their sub-event type, as
    examples of the domain "acled" weighing `category_model.HYPER["acled_weight"]` each; with `team`, the
    team's snippets in that file, as CASE examples.

    With `held_out` (`acled_held_out`), each gold text is coded by `held_out(ids of its fold)`, a coder
    whose ACLED classifier never saw it (5 folds, `eval.run.fold_of`): that classifier also learns from the
    CASE snippets and ACLED notes, and read by a classifier that saw their labels, their events' ACLED
    readings would be right far more often than on a new text, which the category model would learn to
    trust. Raises InputError when the CASE file is absent or the coder has no sentence encoder."""
    from flashpoint.coding import ontology  # noqa: PLC0415
    from flashpoint.eval.gold import read_acled, read_case2021  # noqa: PLC0415
    from flashpoint.eval.run import K_FOLDS, fold_of  # noqa: PLC0415
    from flashpoint.records import Article  # noqa: PLC0415

    path = Path(gold_dir) / CASE_FILE
    if not path.is_file():
        raise InputError(str(path), "CASE 2021 gold file not found (is ../shared beside the repository?)")
    items = list(read_case2021(Path(gold_dir)))
    for it in items:
        if it.label not in ontology.CASE2021_LABELS:
            raise InputError(f"CASE 2021 gold item {it.id}", f"unknown label {it.label!r}")
    coder = coder or Coder()
    if coder.encoder is None:
        from flashpoint.nlp.encoder import INSTALL  # noqa: PLC0415

        raise InputError("category model training", f"the sentence encoder is not installed or turned off ({INSTALL})")
    texts = [(it.id, it.text, it.label, "") for it in items]
    weight = float(cm.HYPER["acled_weight"])  # of each note
    if acled and any(Path(gold_dir).glob(ACLED_GLOB)):
        # ACLED's notes name the same sub-event types in ACLED's own wording: a second domain (`TextModel.train`)
        for note in read_acled(Path(gold_dir)):
            label = ontology.case2021_label(note.event_type, note.sub_event_type) if note.sub_event_type else None
            if label in cm.CLASSES:
                texts.append((note.id, note.text, label, "acled"))
    n_gold = len(texts)
    if team is not None:
        texts += [(i, t, label, "") for i, t, label in team_case_rows(team)]
    events: dict[str, Any] = {}
    folds = [[i for i, _, _, _ in texts[:n_gold] if fold_of(i) == f] for f in range(K_FOLDS)] if held_out else []
    for ids in folds:
        if ids:
            fold = frozenset(ids)
            by = held_out(fold)  # type: ignore[misc]
            coded = by.code_many(Article(id=i, text=t) for i, t, _, _ in texts if i in fold)
            events.update((ca.article.id, ca.events) for ca in coded)
    rest = [Article(id=i, text=t) for i, t, _, _ in texts if i not in events]
    events.update((ca.article.id, ca.events) for ca in coder.code_many(rest))
    vectors = coder.encoder.embed([t for _, t, _, _ in texts])
    return [cm.Example(i, tuple(cm.features(t, events[i])), label, weight if domain else 1.0, v, domain)
            for (i, t, label, domain), v in zip(texts, vectors, strict=True)]


class CoderFactory:
    """`make_coder` for evaluation: `factory(excluded_ids)` gives a coder not trained on them (the
    relation model is retrained when the ids are PLV items, the ACLED model when they are ACLED or
    CASE 2021 items, the source and target assigners when they are PLV or ConfliBERT span items, the
    text event class model when they are ConfliBERT class items, the text event category model when
    they are CASE 2021 items; the other models and the parser,
    lexicon and actor matcher are shared)."""

    # 466 of the ConfliBERT class texts are PLV texts: a fold's coder never saw those texts (`_same_text`)
    trained_on = frozenset({"plv", "acled", "case2021", "conflibert_ner", "conflibert_class"})

    def __init__(self, gold_dir: Path, config: CoderConfig | None = None, team: Path | None = TEAM_CASE_FILE) -> None:
        self.gold_dir = Path(gold_dir)
        self.config = config or CoderConfig()
        self._base = Coder(self.config)
        self._team = team  # the team's CASE 2021-style snippets (`category_examples`)

    @cached_property
    def _items(self) -> list[TrainingItem]:
        return plv_items(self.gold_dir, self._base)

    @cached_property
    def _plv_ids(self) -> frozenset[str]:
        return frozenset(it.id for it in self._items) if (self.gold_dir / PLV_FILE).exists() else frozenset()

    @cached_property
    def _acled_examples(self) -> list[am.Example]:
        return acled_examples(self.gold_dir, self._base) if acled_data_files(self.gold_dir) else []

    @cached_property
    def _penta_examples(self) -> list[pm.Example]:
        return penta_examples(self.gold_dir, self._base) if (self.gold_dir / CLASS_FILE).is_file() else []

    @cached_property
    def _category_examples(self) -> list[cm.Example]:
        if not (self.gold_dir / CASE_FILE).is_file() or self._base.encoder is None:
            return []  # without the encoder there is no category (the model reads the text's embedding)
        held_out = acled_held_out(self._base, self._acled_examples) if self._acled_examples else None
        return category_examples(self.gold_dir, self._base, team=self._team, held_out=held_out)

    @cached_property
    def _role_examples(self) -> dict[str, list[RoleExample]]:
        try:
            return role_examples(self.gold_dir, self._base)
        except InputError:
            return {}

    @cached_property
    def _texts(self) -> tuple[dict[str, str], dict[str, set[str]]]:
        """Item id -> normalised text, and text -> ids, over the sets whose texts other sets repeat."""
        from flashpoint.eval.gold import read_conflibert_class, read_conflibert_ner, read_plv  # noqa: PLC0415

        by_id: dict[str, str] = {}
        for read, rel in ((read_plv, PLV_FILE), (read_conflibert_ner, NER_FILE), (read_conflibert_class, CLASS_FILE)):
            if (self.gold_dir / rel).is_file():
                by_id.update((it.id, " ".join(it.text.split())) for it in read(self.gold_dir))
        ids: dict[str, set[str]] = {}
        for i, t in by_id.items():
            ids.setdefault(t, set()).add(i)
        return by_id, ids

    def _same_text(self, exclude: frozenset[str]) -> frozenset[str]:
        """`exclude` and every item of another set with the same text as one of them."""
        by_id, ids = self._texts
        more = {j for i in exclude if i in by_id for j in ids[by_id[i]]}
        return exclude | more

    def __call__(self, exclude: frozenset[str]) -> Coder:
        if not exclude:
            return self._base
        exclude = self._same_text(exclude)
        plv = exclude & self._plv_ids
        relation = train_relation_model(self._items, exclude) if plv else self._base.relation_model
        hinted = self._base.hinted_relation_model
        if plv and self._base.encoder is not None:
            hinted = train_relation_model(self._items, exclude, with_vectors=True, governing=True)
        elif plv:
            hinted = relation
        acled_ids = {e.id for e in self._acled_examples}
        acled = am.train(self._acled_examples, exclude) if exclude & acled_ids else self._base.acled_model
        roles = {}
        for role, examples in self._role_examples.items():
            seen = exclude & {e.id for e in examples}
            roles[role] = train_role_model(examples, role, exclude) if seen else getattr(self._base, f"{role}_model")
        penta_ids = {e.id for e in self._penta_examples}
        penta = pm.train(self._penta_examples, exclude) if exclude & penta_ids else self._base.penta_model
        # retrained when CASE snippets are held out; the ACLED notes it also learns from are never scored by it
        category_ids = {e.id for e in self._category_examples if not e.domain}
        category = cm.train(self._category_examples, exclude) if exclude & category_ids else self._base.category_model
        return self._base.with_models(
            relation_model=relation or False, acled_model=acled or False,
            source_model=roles.get("source"), target_model=roles.get("target"), penta_model=penta or False,
            category_model=category or False, hinted_relation_model=hinted or False,
        )


# ---- the learned source and target assigners -------------------------------------------------

ROLE_HYPER = {"l2": 1e-3, "epochs": 150, "lr": 0.05}


@dataclass(frozen=True)
class RoleExample:
    """One trigger of a gold text that is (by its other argument) the labelled event: its candidate
    arguments' features and whether each overlaps the gold argument of the role."""

    id: str
    rows: tuple[tuple[str, ...], ...]
    labels: tuple[bool, ...]


def _overlap(a: tuple[int, int] | None, spans: list[tuple[int, int]]) -> bool:
    return a is not None and overlaps_any(a, spans)


def role_examples(gold_dir: Path, coder: Coder | None = None) -> dict[str, list[RoleExample]]:
    """Training examples of the source and target assigners from the PLV and ConfliBERT span dev sets.

    Each text is coded end to end with the rules' arguments. A trigger gives a target example when
    the rules' source overlaps a gold source, and a source example when the rules' target overlaps a
    gold target or their source a gold source; its candidates are labelled by overlap with the gold
    arguments of the role (ConfliBERT's reciprocal spans count for both roles). Raises InputError
    when neither file is present."""
    from flashpoint.coding.role_model import ROLES, Recorder  # noqa: PLC0415
    from flashpoint.eval.gold import read_conflibert_ner, read_plv  # noqa: PLC0415
    from flashpoint.records import Article  # noqa: PLC0415

    gold_dir = Path(gold_dir)
    texts: list[tuple[str, str, list[tuple[int, int]], list[tuple[int, int]]]] = []
    if (gold_dir / PLV_FILE).is_file():
        texts += [(it.id, it.text, list(it.source_spans), list(it.target_spans)) for it in read_plv(gold_dir)]
    if (gold_dir / NER_FILE).is_file():
        texts += [(it.id, it.text, list(it.source_spans + it.reciprocal_spans), list(it.target_spans + it.reciprocal_spans))
                  for it in read_conflibert_ner(gold_dir)]
    if not texts:
        raise InputError(str(gold_dir), f"no PLV ({PLV_FILE}) or ConfliBERT span ({NER_FILE}) gold files")
    base = coder or Coder()
    rec = {r: Recorder(r) for r in ROLES}
    coder = base.with_models(relation_model=base.relation_model or False, acled_model=False,
                             source_model=rec["source"], target_model=rec["target"])
    for item_id, text, _, _ in texts:
        rec["source"].item = rec["target"].item = item_id
        coder.code(Article(id=item_id, text=text))
    by_id = {t[0]: t for t in texts}
    out: dict[str, list[RoleExample]] = {r: [] for r in ROLES}
    for role in ROLES:
        for obs in rec[role].seen:
            _, text, sources, targets = by_id[obs.item]
            off = text.find(obs.text)
            if off < 0 or not obs.rows:
                continue

            def moved(span: tuple[int, int] | None, off: int = off) -> tuple[int, int] | None:
                return (span[0] + off, span[1] + off) if span else None

            gold, other_gold = (targets, sources) if role == "target" else (sources, targets)
            if not (_overlap(moved(obs.other_span), other_gold) or (role == "source" and _overlap(moved(obs.rule_span), gold))):
                continue
            labels = tuple(_overlap(moved(sp), gold) for sp in obs.cand_spans)
            out[role].append(RoleExample(obs.item, tuple(tuple(r) for r in obs.rows), labels))
    return out


def train_role_model(examples: list[RoleExample], role: str, exclude: frozenset[str] = frozenset(),
                     threshold: float | None = None, meta: dict[str, Any] | None = None) -> Any:
    """Fit the `role` assigner on `examples` not in `exclude` (one row per candidate)."""
    from flashpoint.coding.role_model import DEFAULT_THRESHOLD, NO, YES, RoleModel  # noqa: PLC0415

    X: list[list[str]] = []
    y: list[str] = []
    for ex in examples:
        if ex.id in exclude:
            continue
        X += [list(r) for r in ex.rows]
        y += [YES if lab else NO for lab in ex.labels]
    linear = fit(X, y, classes=[NO, YES], **ROLE_HYPER)  # type: ignore[arg-type]
    m = dict(meta or {})
    m.update({"kind": role, "n_train": len(X), "hyper": ROLE_HYPER, "excluded": len(exclude)})
    stamp(linear, m)
    return RoleModel(linear, role, DEFAULT_THRESHOLD if threshold is None else threshold)
