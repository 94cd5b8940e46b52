"""Stable content hashes, so re-ingesting the same article is a no-op."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace

from flashpoint.records import Article

_WS = re.compile(r"\s+")
HASH_LENGTH = 32


def normalise_for_hash(text: str) -> str:
    """Unicode NFC, every whitespace run collapsed to one space, ends stripped."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str, title: str | None = None) -> str:
    """sha256 (first 32 hex chars) of the normalised title and text.

    Whitespace and Unicode-composition differences do not change the hash; any change of
    words does.
    """
    payload = normalise_for_hash(title or "") + "\x1f" + normalise_for_hash(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def with_hash(article: Article) -> Article:
    """The article with `content_hash` filled (left unchanged when already set)."""
    if article.content_hash:
        return article
    return replace(article, content_hash=content_hash(article.text, article.title))
