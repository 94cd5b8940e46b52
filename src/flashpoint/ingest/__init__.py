"""Ingestion: files, folders, stdin, JSONL, HTML and scraped page text → `flashpoint.records.Article`."""

from flashpoint.ingest.hashing import content_hash, with_hash
from flashpoint.ingest.html import parse_html
from flashpoint.ingest.lang import detect_language
from flashpoint.ingest.readers import read_inputs
from flashpoint.ingest.scraped import parse_scraped_page

__all__ = [
    "content_hash",
    "detect_language",
    "parse_html",
    "parse_scraped_page",
    "read_inputs",
    "with_hash",
]
