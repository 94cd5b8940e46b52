"""A learned pre-parse relevance filter: will parsing this sentence yield an event?

The parser is most of the coder's time, and three of four sentences that contain a trigger word
give no event (on BBC business stories: 5,046 candidate sentences, 1,210 with an event). Before
parsing, every sentence has already been split, scanned for known actors and checked for trigger
words; this module turns those cheap observations into sparse features and a small logistic
regression (`classifier.LinearModel`, classes "event"/"none") scores them. Sentences under the
model's threshold are not parsed.

The model is trained on the coder's own output over unlabelled news (no gold set):
`scripts/train_relevance_model.py` codes the corpora with every trigger sentence parsed, records
which sentences produced an event, and picks the threshold that keeps a fixed share of those
(the recall target) on held-out articles. Its figures are in docs/coding.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from flashpoint.errors import ConfigError

DEFAULT_MODEL = Path(__file__).parent / "data" / "relevance_model.npz"
# a word, as the trigger-word test reads sentences (no closing quote: "'bombarded'")
WORD = re.compile(r"[A-Za-z](?:[A-Za-z'-]*[A-Za-z])?")
_QUOTES = ('"', "\u201c", "\u201d")
_REPORT = frozenset({"said", "says", "say", "told", "according", "added", "stated", "announced"})
_NEG = frozenset({"not", "no", "never", "n't", "without"})
_HEDGE = frozenset({"could", "would", "might", "may", "if", "should", "expected", "likely"})


def words_of(text: str) -> set[str]:
    """The lowercased words of a sentence: what is matched against the lexicon's surface forms to
    decide whether it is a candidate for parsing at all."""
    return {m.group(0).lower() for m in WORD.finditer(text)}


def word_tokens(text: str) -> list[tuple[str, int]]:
    """The words of a sentence (as `WORD` reads them, case kept) with their character offsets."""
    return [(m.group(0), m.start()) for m in WORD.finditer(text)]


def _bucket(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def features(text: str, words: Iterable[str], hits: Iterable[str], mentions: Sequence[Any], offset: int = 0,
             raw: list[tuple[str, int]] | None = None) -> list[str]:
    """Sparse features of one sentence from what the coder knows before parsing it.

    `words`: its lowercased words; `hits`: those that are trigger word forms; `mentions`: the actor
    mentions the scan found (objects with `code`, `sector`, `kind`, `start` — article offsets; the
    sentence starts at `offset`); `raw`: `word_tokens(text)` where the caller has it already."""
    words = words if isinstance(words, (set, frozenset)) else set(words)  # only read
    hits = sorted(set(hits))
    coded = [m for m in mentions if m.code or m.sector]
    if raw is None:
        raw = word_tokens(text)
    toks = [(w.lower(), pos) for w, pos in raw]
    hitset = set(hits)
    starts = [m.start - offset for m in coded]
    near: list[str] = []
    for k, (tok, pos) in enumerate(toks):
        if tok not in hitset:
            continue
        prev = toks[k - 1][0] if k else "<s>"
        nxt = toks[k + 1][0] if k + 1 < len(toks) else "</s>"
        before = sum([a < pos for a in starts])
        after = len(starts) - before
        near += [f"hp:{tok}:{prev}", f"hn:{tok}:{nxt}", f"ab:{tok}:{min(before, 2)}:{min(after, 2)}",
                 f"ab:{min(before, 2)}:{min(after, 2)}"]
    kinds = sorted({m.kind for m in coded})
    sectors = sorted({m.sector for m in coded if m.sector})
    n_tok = len(text.split())
    na = _bucket(len(coded), (0, 1, 2, 3))
    f = [f"len:{_bucket(n_tok, (8, 15, 25, 40, 60))}", f"nact:{na}", f"nhit:{_bucket(len(hits), (1, 2, 3, 5))}"]
    f += [f"k:{k}" for k in kinds]
    f += [f"s:{s}" for s in sectors]
    f += [f"t:{h}" for h in hits]
    f += [f"ta:{h}:{na}" for h in hits]
    f += [f"w:{w}" for w in words]
    f += near
    if any(q in text for q in _QUOTES):
        f.append("quote")
    if words & _REPORT:
        f.append("report")
    if words & _NEG:
        f.append("neg")
    if words & _HEDGE:
        f.append("hedge")
    if text.rstrip().endswith("?"):
        f.append("question")
    caps = sum([w[0].isupper() for w, _ in raw])
    f.append(f"caps:{_bucket(caps, (0, 1, 2, 4, 8))}")
    return f


class RelevanceFilter:
    """The trained filter: `keep(features)` says whether a sentence is worth parsing."""

    def __init__(self, model: Any, threshold: float | None = None) -> None:
        self.model = model
        meta = model.meta or {}
        self.threshold = float(threshold if threshold is not None else meta.get("threshold", 0.5))
        try:
            self._pos = model.classes.index("event")
        except ValueError as e:
            raise ConfigError(f"relevance model has no 'event' class (classes: {model.classes})") from e

    @classmethod
    def load(cls, path: Path | None = None, threshold: float | None = None) -> RelevanceFilter:
        from flashpoint.coding.classifier import LinearModel  # noqa: PLC0415

        p = Path(path) if path else DEFAULT_MODEL
        if not p.exists():
            raise ConfigError(f"relevance model not found: {p} (rebuild with scripts/train_relevance_model.py)")
        try:
            model = LinearModel.load(p)
        except Exception as e:  # noqa: BLE001 - a corrupt or foreign file
            raise ConfigError(f"relevance model {p} is not readable: {e}") from e
        return cls(model, threshold)

    def scores(self, rows: list[list[str]]) -> list[float]:
        if not rows:
            return []
        p = self.model.predict_proba(rows)[:, self._pos]
        return [float(x) for x in p]

    def keep(self, rows: list[list[str]]) -> list[bool]:
        return [s >= self.threshold for s in self.scores(rows)]
