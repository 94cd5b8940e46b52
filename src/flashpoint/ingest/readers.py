"""Everything users have (files, folders, globs, stdin; JSONL, HTML, page text; gzipped or not) → Articles."""

from __future__ import annotations

import glob
import gzip
import io
import logging
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from flashpoint.errors import InputError
from flashpoint.ingest.hashing import with_hash
from flashpoint.ingest.html import parse_html
from flashpoint.ingest.jsonl import failure_from, parse_json_text, parse_jsonl_stream
from flashpoint.ingest.lang import detect_language
from flashpoint.ingest.scraped import parse_scraped_page
from flashpoint.records import Article, Failure

log = logging.getLogger(__name__)

FORMATS = ("auto", "jsonl", "html", "text")
_ALIASES = {"json": "jsonl", "ndjson": "jsonl", "htm": "html", "txt": "text", "scraped": "text"}
_JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_KNOWN = _JSONL_SUFFIXES | _HTML_SUFFIXES | _TEXT_SUFFIXES
_GLOB_CHARS = re.compile(r"[*?\[]")
STDIN = "<stdin>"
_HEAD = 1 << 16  # bytes read at a time while looking for the first non-blank byte
_BLANK = b"\xef\xbb\xbf \t\r\n"  # a BOM and the whitespace before a JSON value


def _base_suffix(path: Path) -> str:
    """The format suffix, looking through ``.gz``: ``a.jsonl.gz`` → ``.jsonl``."""
    name = path.name.lower().removesuffix(".gz")
    return Path(name).suffix


def _stem(path: Path) -> str:
    name = path.name.removesuffix(".gz").removesuffix(".GZ")
    return Path(name).stem


def format_of(path: Path) -> str:
    """The auto-detected format of a file: jsonl, html or text."""
    suffix = _base_suffix(path)
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in _HTML_SUFFIXES:
        return "html"
    return "text"


def sniff_format(text: str) -> str:
    """Format of stdin content: ``{`` or ``[`` → jsonl, ``<`` → html, else text."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        return "jsonl"
    if head.startswith("<"):
        return "html"
    return "text"


def _check_format(fmt: str) -> str:
    fmt = _ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS:
        raise InputError("format", f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def _expand(item: str, fmt: str) -> list[tuple[Path, str]]:
    """(file, article-id prefix) pairs of one input; InputError when it names nothing."""
    path = Path(item)
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*")
            if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
            and (fmt != "auto" or _base_suffix(p) in _KNOWN)
        )
        return [(p, p.relative_to(path).with_name(_stem(p)).as_posix()) for p in files]
    if path.is_file():
        return [(path, _stem(path))]
    if _GLOB_CHARS.search(item):
        matches = sorted(Path(m) for m in glob.glob(item, recursive=True) if Path(m).is_file())
        if not matches:
            raise InputError(item, "the pattern matches no files")
        return [(p, _stem(p)) for p in matches]
    if path.exists():
        raise InputError(item, "not a regular file or directory")
    raise InputError(item, "no such file or directory")


def _decode(data: bytes, where: str, fmt: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fmt == "html":
            m = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", data[:4096], re.IGNORECASE)
            if m:
                try:
                    return data.decode(m.group(1).decode("ascii"))
                except (LookupError, UnicodeDecodeError):
                    pass
        raise InputError(where, f"not UTF-8 text (byte {exc.start}: {exc.reason})") from None


class _Prefixed:
    """A binary stream whose first bytes were already read (`head`): serves them, then the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest
        self._read1 = getattr(rest, "read1", None) or rest.read

    def read(self, n: int = -1) -> bytes:
        """Up to `n` bytes, possibly fewer (like ``read1``); all the rest when n < 0; b"" only at the end."""
        if n < 0:
            out, self._head = self._head + self._rest.read(), b""
            return out
        if self._head:
            out, self._head = self._head[:n], self._head[n:]
            return out
        return self._read1(n)


def _open_file(path: Path, stack: ExitStack) -> IO[bytes]:
    """A binary stream of a file, decompressed when its name ends in .gz or it starts with the gzip magic."""
    raw = stack.enter_context(open(path, "rb"))
    if path.name.lower().endswith(".gz") or raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        return stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))
    raw.seek(0)
    return raw


def _stdin_stream(stdin: IO[Any] | None) -> IO[bytes]:
    """The bytes of stdin: the binary buffer under a text stream, or the whole text encoded when it has none."""
    stream = stdin if stdin is not None else sys.stdin
    if hasattr(stream, "buffer"):
        return stream.buffer  # type: ignore[no-any-return]
    if isinstance(stream, io.TextIOBase):
        return io.BytesIO(stream.read().encode("utf-8"))
    return stream


def _read_head(stream: IO[bytes]) -> bytes:
    """The first bytes of a stream, up to and including a chunk with a non-blank byte (or all of it)."""
    read = getattr(stream, "read1", None) or stream.read  # read1: what is there, not a full chunk
    parts: list[bytes] = []
    while chunk := read(_HEAD):
        parts.append(chunk)
        if chunk.strip(_BLANK):
            break
    return b"".join(parts)


def _is_json_array(head: bytes) -> bool:
    return head.lstrip(_BLANK).startswith(b"[")


def _parse(text: str, fmt: str, origin: str, article_id: str) -> Iterator[Article | Failure]:
    if fmt == "jsonl":
        yield from parse_json_text(text, origin)
        return
    try:
        if fmt == "html":
            article = parse_html(text, origin=origin)
        else:
            article = parse_scraped_page(text, origin=origin)
    except InputError as exc:
        yield failure_from(exc, article_id)
        return
    yield replace(article, id=article_id, origin=origin)


def _language(article: Article) -> Article:
    """Fill `lang`; mark non-English articles skipped (they still flow, to be recorded)."""
    if article.lang:
        lang = article.lang.lower().replace("_", "-").split("-")[0]
        if lang != "en":
            return replace(article, lang=lang, skipped=f"non-English text (language: {lang}, given)")
        return replace(article, lang=lang)
    code, confidence = detect_language(article.text)
    if code is None:
        return article  # too short to tell: treated as English
    skipped = None if code == "en" else f"non-English text (language: {code}, confidence {confidence:.2f})"
    return replace(article, lang=code, skipped=skipped)


def finish_article(item: Article | Failure, language: bool = True) -> Article | Failure:
    if isinstance(item, Failure):
        return item
    item = with_hash(item)
    return _language(item) if language else item


def read_inputs(
    inputs: list[str], fmt: str = "auto", *, stdin: IO[Any] | None = None, language: bool = True
) -> Iterator[Article | Failure]:
    """Articles (or per-item Failures) from files, folders (recursive, sorted), globs and "-" (stdin).

    ``fmt`` is auto, jsonl, html or text; auto goes by file suffix (looking through ``.gz``) and
    sniffs stdin. Every article gets an id, origin, content hash and language; non-English ones
    are marked ``skipped``. Raises InputError at once for a path that does not exist or an unknown
    format; an unreadable file or bad line inside the batch becomes a Failure and the rest goes on.
    """
    fmt = _check_format(fmt)
    plan: list[tuple[Path | None, str]] = []
    for item in inputs:
        if item == "-":
            plan.append((None, "stdin"))
        else:
            plan.extend(_expand(item, fmt))
    return _iterate(plan, fmt, stdin, language)


def _iterate(
    plan: list[tuple[Path | None, str]], fmt: str, stdin: IO[Any] | None, language: bool
) -> Iterator[Article | Failure]:
    for path, article_id in plan:
        origin = STDIN if path is None else str(path)
        file_fmt = format_of(path) if fmt == "auto" and path is not None else fmt
        with ExitStack() as stack:
            try:
                stream = _stdin_stream(stdin) if path is None else _open_file(path, stack)
                head = _read_head(stream)
                if file_fmt == "auto":
                    file_fmt = sniff_format(head.decode("utf-8", errors="replace"))
                if file_fmt == "jsonl" and not _is_json_array(head):
                    items = parse_jsonl_stream(_Prefixed(head, stream), origin)
                    text = None
                else:
                    text = _decode(head + stream.read(), origin, file_fmt)
            except InputError as exc:
                yield failure_from(exc, article_id)
                continue
            except (OSError, EOFError, zlib.error) as exc:
                yield failure_from(InputError(origin, f"cannot read: {exc}"), article_id)
                continue
            if text is None:
                yield from _streamed(items, article_id, language)
                continue
        for item in _parse(text, file_fmt, origin, article_id):
            yield finish_article(item, language)


def _streamed(items: Iterator[Article | Failure], article_id: str, language: bool) -> Iterator[Article | Failure]:
    """The items of a streamed JSONL input; a read error mid-file ends it with one Failure."""
    while True:
        try:
            item = next(items, None)
        except InputError as exc:
            yield failure_from(exc, article_id)
            return
        if item is None:
            return
        yield finish_article(item, language)
