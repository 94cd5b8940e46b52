"""Error-analysis examples for the evaluation report: the largest confusions with short excerpts.

Gold texts are third-party data, so the report never holds one whole: an excerpt is at most
`MAX_WORDS` words and at most half the words of its text, centred on a character position (the
trigger of the predicted event, or the middle of the text when there is none). Selection is
deterministic: confusions by count (then labels), examples in item order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

MAX_WORDS = 15
TOP_CONFUSIONS = 10  # confusions kept per labelling in the JSON report
EXAMPLES_PER_CONFUSION = 3

_WORD = re.compile(r"\S+")


def excerpt(text: str, center: int | None = None, max_words: int = MAX_WORDS) -> str:
    """At most `max_words` words of `text` (and at most half of its words) around character `center`.

    `center` None (or outside the text) means the middle of the text. Words are runs of
    non-space characters, joined by single spaces; "…" marks text cut at either end. A text of
    fewer than two words gives "".
    """
    if max_words < 1:
        raise ValueError(f"max_words must be >= 1, got {max_words}")
    words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    limit = min(max_words, len(words) // 2)
    if limit < 1:
        return ""
    if center is None or not 0 <= center < len(text):
        center = len(text) // 2
    idx = next((i for i, (start, w) in enumerate(words) if start + len(w) > center), len(words) - 1)
    first = max(0, idx - (limit - 1) // 2)
    last = min(len(words), first + limit)
    first = max(0, last - limit)
    body = " ".join(w for _, w in words[first:last])
    return ("… " if first > 0 else "") + body + (" …" if last < len(words) else "")


def example(item_id: str, text: str, center: int | None) -> dict[str, str]:
    return {"id": item_id, "excerpt": excerpt(text, center)}


def top_confusions(
    gold: Sequence[str],
    pred: Sequence[str],
    ids: Sequence[str],
    texts: Sequence[str],
    centers: Sequence[int | None],
    top: int = TOP_CONFUSIONS,
    per: int = EXAMPLES_PER_CONFUSION,
) -> list[dict[str, Any]]:
    """The `top` most frequent (gold, predicted) pairs with gold != predicted, each with `per` examples.

    Each entry: gold, pred, count and examples ({id, excerpt}, the first items in input order).
    Ties in count are broken by gold then predicted label.
    """
    n = len(gold)
    for name, seq in (("pred", pred), ("ids", ids), ("texts", texts), ("centers", centers)):
        if len(seq) != n:
            raise ValueError(f"gold has {n} labels but {name} has {len(seq)}")
    counts = Counter((g, p) for g, p in zip(gold, pred) if g != p)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    wanted: dict[tuple[str, str], list[dict[str, str]]] = {pair: [] for pair, _ in ranked}
    for i, pair in enumerate(zip(gold, pred)):
        found = wanted.get(pair)
        if found is not None and len(found) < per:
            found.append(example(ids[i], texts[i], centers[i]))
    return [{"gold": g, "pred": p, "count": c, "examples": wanted[(g, p)]} for (g, p), c in ranked]
