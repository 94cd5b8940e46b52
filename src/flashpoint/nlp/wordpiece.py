"""BERT's uncased tokenizer (basic split, accent stripping, WordPiece), pure Python.

The sentence encoder (`nlp/encoder.py`) reads text as the word pieces its model was trained on. This
is the algorithm of Hugging Face's `BertTokenizer` for uncased models: control characters dropped,
whitespace split, lower-cased, accents stripped (NFD, combining marks removed), punctuation and CJK
characters split off, then greedy longest-match-first word pieces ("##" marks a piece inside a word);
a word with no match, or longer than 100 characters, is one [UNK].
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

__all__ = ["WordPiece"]


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPiece:
    """Text -> token ids of a BERT uncased vocabulary (one word piece per line of `vocab.txt`)."""

    MAX_WORD_CHARS = 100

    def __init__(self, vocab: list[str]) -> None:
        self.vocab = {w: i for i, w in enumerate(vocab)}
        self.unk, self.cls, self.sep = self.vocab["[UNK]"], self.vocab["[CLS]"], self.vocab["[SEP]"]
        self._cache: dict[str, tuple[int, ...]] = {}

    @classmethod
    def from_file(cls, path: Path) -> WordPiece:
        return cls(Path(path).read_text(encoding="utf-8").splitlines())

    def words(self, text: str) -> list[tuple[str, int, int]]:
        """The basic tokenizer's words with their character spans in `text`: lower-cased, accents stripped,
        punctuation and CJK characters split off, control characters dropped."""
        out: list[tuple[str, int, int]] = []
        cur, start, end = "", 0, 0
        for i, ch in enumerate(text):
            cp = ord(ch)
            cat = unicodedata.category(ch)
            if cp == 0 or cp == 0xFFFD or (cat.startswith("C") and ch not in "\t\n\r"):
                continue
            if ch in " \t\n\r" or cat == "Zs" or _is_cjk(cp):
                if cur:
                    out.append((cur, start, end))
                cur = ""
                if _is_cjk(cp):
                    out.append((ch, i, i + 1))
                continue
            for c in unicodedata.normalize("NFD", ch.lower()):
                if unicodedata.category(c) == "Mn":
                    continue
                if _is_punct(c):
                    if cur:
                        out.append((cur, start, end))
                    cur = ""
                    out.append((c, i, i + 1))
                    continue
                if not cur:
                    start = i
                cur += c
                end = i + 1
        if cur:
            out.append((cur, start, end))
        return out

    def pieces(self, word: str) -> tuple[int, ...]:
        """A word's piece ids, longest match first; (unk,) when some part matches no piece."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        ids: list[int] = []
        start = 0 if len(word) <= self.MAX_WORD_CHARS else len(word)
        while start < len(word):
            end, cur = len(word), None
            while start < end:
                cur = self.vocab.get(word[start:end] if start == 0 else "##" + word[start:end])
                if cur is not None:
                    break
                end -= 1
            if cur is None:
                break
            ids.append(cur)
            start = end
        if start < len(word) or not ids:  # some part matched no piece, or the word is too long
            ids = [self.unk]
        out = tuple(ids)
        if len(self._cache) < 200_000:
            self._cache[word] = out
        return out

    def encode(self, text: str, max_len: int = 256) -> list[int]:
        """[CLS] + the text's piece ids (cut to fit) + [SEP]."""
        return self.encode_with_spans(text, max_len)[0]

    def encode_with_spans(self, text: str, max_len: int = 256) -> tuple[list[int], list[tuple[int, int]]]:
        """`encode`'s ids and, per id, the character span in `text` of the word it is a piece of ((0, 0)
        for [CLS] and [SEP])."""
        ids: list[int] = [self.cls]
        spans: list[tuple[int, int]] = [(0, 0)]
        for word, a, b in self.words(text):
            for i in self.pieces(word):
                ids.append(i)
                spans.append((a, b))
        del ids[max_len - 1 :], spans[max_len - 1 :]
        return [*ids, self.sep], [*spans, (0, 0)]
