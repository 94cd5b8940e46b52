"""Sentence splitting with character offsets (blingfire), paragraph-aware."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flashpoint.records import Sentence

_PARA = re.compile(r"\n\s*\n")
_MAX_SENT_CHARS = 2000  # longer runs are split on line breaks or hard-cut so one bad page cannot stall the parser


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _PARA.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences; spans slice `text` exactly (stripped of surrounding space)."""
    import blingfire  # noqa: PLC0415 - cheap, but keep import-time light

    out: list[Sentence] = []
    for p_start, p_end in _paragraphs(text):
        para = text[p_start:p_end]
        if not para.strip():
            continue
        _, offsets = blingfire.text_to_sentences_and_offsets(para)
        for s, e in offsets:
            for a, b in _cut(para, s, e):
                a, b = _strip(para, a, b)
                if b > a:
                    out.append(Sentence(len(out), text[p_start + a : p_start + b], p_start + a, p_start + b))
    return out


def _strip(s: str, a: int, b: int) -> tuple[int, int]:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return a, b


def _cut(s: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """Split very long sentences at line breaks, then hard-cut at a space."""
    if b - a <= _MAX_SENT_CHARS:
        yield a, b
        return
    pieces: list[tuple[int, int]] = []
    start = a
    for m in re.finditer(r"\n", s[a:b]):
        pieces.append((start, a + m.start()))
        start = a + m.end()
    pieces.append((start, b))
    for pa, pb in pieces:
        while pb - pa > _MAX_SENT_CHARS:
            cut = s.rfind(" ", pa, pa + _MAX_SENT_CHARS)
            cut = cut if cut > pa else pa + _MAX_SENT_CHARS
            yield pa, cut
            pa = cut
        yield pa, pb


_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'\u2019-]{2,}(?:[ ,]+[A-Z][A-Za-z.'\u2019-]+){0,3}\s*(?:\([^)]{1,40}\)\s*)?[-\u2013\u2014:]+"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?:)\s+(?=[A-Z\"\u201c])"
)


def dateline_length(text: str) -> int:
    """Length of a leading dateline or label ("ALGIERS, Algeria - ", "CAIRO -- ", "Mexico: "), else 0."""
    m = _DATELINE.match(text)
    return m.end() if m else 0
