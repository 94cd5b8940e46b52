"""Coding in worker processes on one machine.

The parent reads the inputs and writes the store (one writer); workers, forked after the coder's
models are loaded (so they share its memory pages), code chunks of articles. Results come back in
input order, at most `2 x workers` chunks in flight, so memory stays flat on any input size.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from flashpoint.records import Article, CodedArticle

# the coder the forked workers use; set in the parent right before the pool forks
_CODER: Any = None

Item = tuple[str, Any]  # ("code", Article) | ("pass", CodedArticle) | ("already", Article)


def _code_chunk(chunk: list[Item]) -> list[tuple[CodedArticle, bool]]:
    arts = [x for kind, x in chunk if kind == "code"]
    coded = iter(_CODER.code_many(arts))
    out: list[tuple[CodedArticle, bool]] = []
    for kind, x in chunk:
        if kind == "code":
            out.append((next(coded), False))
        elif kind == "already":
            out.append((CodedArticle(x), True))
        else:
            out.append((x, False))
    return out


def warm_up(coder: Any) -> None:
    """Load every model the coder uses, so that forked workers inherit them instead of loading their own."""
    coder.code(Article(id="warm-up", text="Russian forces shelled Kharkiv on Monday, officials said.", date="2024-01-01"))
    from flashpoint.geo.gazetteer import gazetteer  # noqa: PLC0415

    gazetteer().towns("")  # the small towns' index is built on first use: before the fork, so it is shared


def code_in_workers(items: Iterable[Item], coder: Any, workers: int, chunk_size: int = 32) -> Iterator[tuple[CodedArticle, bool]]:
    """Code items in `workers` forked processes; yields results in input order."""
    global _CODER
    warm_up(coder)
    _CODER = coder
    it = iter(items)
    ctx = mp.get_context("fork")
    with ctx.Pool(workers) as pool:
        inflight: deque[Any] = deque()
        while True:
            while len(inflight) < 2 * workers:
                chunk = list(islice(it, chunk_size))
                if not chunk:
                    break
                inflight.append(pool.apply_async(_code_chunk, (chunk,)))
            if not inflight:
                break
            yield from inflight.popleft().get()
