"""Run a coder over the shared gold sets and collect one JSON-ready report.

`make_coder(excluded_ids)` builds a coder that has not trained on `excluded_ids`; for the gold sets
named in `make_coder.trained_on`, items are scored by k-fold cross-validation (each item only by the
coder built without its fold). Everything else is scored by one plain coder, `make_coder(frozenset())`.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from flashpoint.errors import CodingError, FlashpointError, InputError
from flashpoint.eval.gold import SET_NAMES, read_set
from flashpoint.eval.scoring import SPECS, TEXT_CLASS, SetSpec
from flashpoint.records import Article, CodedArticle

log = logging.getLogger(__name__)

K_FOLDS = 5
BATCH_SIZE = 64
VOLATILE_KEYS = frozenset({"created", "elapsed_s"})  # the only report fields that vary between identical runs


class Coder(Protocol):
    name: str
    version: str

    def code(self, article: Article) -> CodedArticle: ...

    def code_many(self, articles: Iterable[Article]) -> Iterator[CodedArticle]: ...


MakeCoder = Callable[[frozenset[str]], Coder]
Progress = Callable[[str, int, int], None]  # (set name, codings done, codings in the set)


def fold_of(item_id: str, k: int = K_FOLDS) -> int:
    """The cross-validation fold of a gold item: a stable hash of its id, modulo k."""
    digest = hashlib.sha256(item_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % k


def trained_on(make_coder: MakeCoder) -> frozenset[str]:
    """The gold sets a coder factory trains on (its `trained_on` attribute; none when absent)."""
    return frozenset(getattr(make_coder, "trained_on", frozenset()))


class _Coders:
    """Builds coders on demand, keeps the plain one, and remembers the first coder's identity."""

    def __init__(self, make_coder: MakeCoder) -> None:
        self._make = make_coder
        self._plain: Coder | None = None
        self.identity: dict[str, str] | None = None

    def get(self, excluded: frozenset[str]) -> Coder:
        if not excluded and self._plain is not None:
            return self._plain
        coder = self._make(excluded)
        if self.identity is None:
            self.identity = {"name": str(coder.name), "version": str(coder.version)}
        if not excluded:
            self._plain = coder
        return coder


class _Counter:
    def __init__(self, name: str, total: int, progress: Progress | None) -> None:
        self.name, self.total, self.done, self.progress = name, total, 0, progress

    def add(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.name, self.done, self.total)


def _code(coder: Coder, articles: Sequence[Article], counter: _Counter) -> list[CodedArticle]:
    """Code `articles` through `code_many` in batches; the results in input order."""
    out: list[CodedArticle] = []
    for start in range(0, len(articles), BATCH_SIZE):
        batch = articles[start : start + BATCH_SIZE]
        coded = list(coder.code_many(batch))
        if len(coded) != len(batch):
            raise CodingError(batch[0].id, "eval", f"code_many returned {len(coded)} results for {len(batch)} articles")
        for art, ca in zip(batch, coded):
            if ca.article.id != art.id:
                raise CodingError(art.id, "eval", f"code_many returned article {ca.article.id!r} out of order")
        out.extend(coded)
        counter.add(len(batch))
    return out


def _text_classes(spec: SetSpec, coder: Coder, coded: Sequence[CodedArticle]) -> list[Any]:
    """The coder's reading of each coded text (its `spec.text_class` method), or None where it has none."""
    read = getattr(coder, spec.text_class, None) if spec.text_class else None
    return [read(ca) if read is not None else None for ca in coded]


def _code_set(
    spec: SetSpec,
    all_items: Sequence[Any],
    items: Sequence[Any],
    coders: _Coders,
    cross_validate: bool,
    counter: _Counter,
) -> dict[str, list[Any]]:
    """Per pass, the coded articles of `items` in item order (by fold when cross-validating); with
    `spec.text_class`, also the coder's class readings of the first pass's texts under TEXT_CLASS."""
    first = spec.passes[0]
    if not cross_validate:
        coder = coders.get(frozenset())
        out: dict[str, list[Any]] = {p: _code(coder, [spec.article(it, p) for it in items], counter) for p in spec.passes}
        if spec.text_class:
            out[TEXT_CLASS] = _text_classes(spec, coder, out[first])
        return out
    fold_ids: list[set[str]] = [set() for _ in range(K_FOLDS)]
    for it in all_items:  # folds over the whole set, so `limit` does not change what a fold's coder sees
        fold_ids[fold_of(it.id)].add(it.id)
    slots: dict[str, list[CodedArticle | None]] = {p: [None] * len(items) for p in spec.passes}
    classes: list[Any] = [None] * len(items)
    for fold in range(K_FOLDS):
        positions = [i for i, it in enumerate(items) if fold_of(it.id) == fold]
        if not positions:
            continue
        coder = coders.get(frozenset(fold_ids[fold]))
        for p in spec.passes:
            coded = _code(coder, [spec.article(items[i], p) for i in positions], counter)
            for i, ca in zip(positions, coded):
                slots[p][i] = ca
            if p == first and spec.text_class:
                for i, reading in zip(positions, _text_classes(spec, coder, coded)):
                    classes[i] = reading
    result: dict[str, list[Any]] = {p: [ca for ca in cas if ca is not None] for p, cas in slots.items()}
    if spec.text_class:
        result[TEXT_CLASS] = classes
    return result


def evaluate(
    make_coder: MakeCoder,
    gold_dir: Path,
    sets: list[str] | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Score the coder on each gold set; one set's error (missing file, bad row, a coder that raises) is
    recorded in that set's entry and does not stop the rest.

    `sets` defaults to every known set; `limit` scores only the first N items of each set.
    `progress(set, done, total)` is called after every batch. Missing `gold_dir` raises InputError.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(str(gold_dir), "gold directory not found")
    names = list(SET_NAMES) if sets is None else list(sets)
    unknown = [n for n in names if n not in SPECS]
    if unknown:
        raise InputError("sets", f"unknown gold set(s) {', '.join(unknown)}; known: {', '.join(SET_NAMES)}")
    if limit is not None and limit < 0:
        raise InputError("limit", f"must be >= 0, got {limit}")
    cv_sets = trained_on(make_coder)
    coders = _Coders(make_coder)
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        started = time.perf_counter()
        spec = SPECS[name]
        cross_validate = name in cv_sets
        try:
            all_items = read_set(name, gold_dir)
            items = all_items if limit is None else all_items[:limit]
            counter = _Counter(name, len(items) * len(spec.passes), progress)
            coded = _code_set(spec, all_items, items, coders, cross_validate, counter)
            result = spec.score(items, coded)
            result["n"] = len(items)
        except FlashpointError as exc:
            log.warning("gold set %s not evaluated: %s", name, exc)
            result = {"error": str(exc), "error_type": type(exc).__name__}
        except Exception as exc:  # a coder bug: recorded (with traceback in the log), the other sets still run
            log.exception("gold set %s not evaluated: the coder raised", name)
            result = {"error": f"{type(exc).__name__}: {exc}", "error_type": type(exc).__name__}
        result["cross_validated"] = cross_validate
        result["folds"] = K_FOLDS if cross_validate else None
        result["elapsed_s"] = round(time.perf_counter() - started, 3)
        results[name] = result
    return {
        "coder": coders.identity,
        "trained_on": sorted(cv_sets),
        "gold_dir": str(gold_dir),
        "limit": limit,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "sets": results,
    }


def stable_view(report: Any) -> Any:
    """The report without its volatile fields (timestamp, timings): equal for identical runs."""
    if isinstance(report, dict):
        return {k: stable_view(v) for k, v in report.items() if k not in VOLATILE_KEYS}
    if isinstance(report, list):
        return [stable_view(v) for v in report]
    return report
