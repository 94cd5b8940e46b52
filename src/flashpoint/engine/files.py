"""Local paths and fsspec URLs behind one small interface: expand inputs, open, write, list."""

from __future__ import annotations

import glob
import gzip
import re
from pathlib import Path
from typing import IO, Any

from flashpoint.errors import InputError

_GLOB_CHARS = re.compile(r"[*?\[]")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
GZIP_MAGIC = b"\x1f\x8b"


def is_url(item: str) -> bool:
    """True for 'scheme://...' (s3://, gs://, memory://, file://, ...), False for a local path."""
    return bool(_URL.match(item))


def filesystem(url: str) -> tuple[Any, str]:
    """(fsspec filesystem, path within it) of a URL; InputError when no filesystem serves it."""
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise InputError(url, f"no filesystem for this URL: {exc}") from exc


def expand(item: str, suffixes: frozenset[str]) -> list[str]:
    """The files an input names (a file, a folder searched recursively, a glob), sorted.

    Folders keep only files whose suffix (looking through .gz) is in `suffixes` and skip hidden
    entries, as `flashpoint.ingest.read_inputs` does. Raises InputError when nothing is named.
    """
    if is_url(item):
        return _expand_url(item, suffixes)
    path = Path(item)
    if path.is_dir():
        return [
            str(p) for p in sorted(path.rglob("*"))
            if p.is_file() and not any(x.startswith(".") for x in p.relative_to(path).parts)
            and base_suffix(str(p)) in suffixes
        ]
    if path.is_file():
        return [str(path)]
    if _GLOB_CHARS.search(item):
        found = sorted(m for m in glob.glob(item, recursive=True) if Path(m).is_file())
        if not found:
            raise InputError(item, "the pattern matches no files")
        return found
    raise InputError(item, "no such file or directory")


def _expand_url(url: str, suffixes: frozenset[str]) -> list[str]:
    fs, path = filesystem(url)
    try:
        if _GLOB_CHARS.search(path):
            found = sorted(p for p in fs.glob(path) if fs.isfile(p))
            if not found:
                raise InputError(url, "the pattern matches no files")
            return [fs.unstrip_protocol(p) for p in found]
        if fs.isdir(path):
            found = sorted(p for p in fs.find(path) if base_suffix(p) in suffixes)
            return [fs.unstrip_protocol(p) for p in found if not any(x.startswith(".") for x in p.split("/"))]
        if fs.isfile(path):
            return [url]
    except OSError as exc:
        raise InputError(url, f"cannot list: {exc}") from exc
    raise InputError(url, "no such file or directory")


def base_suffix(name: str) -> str:
    """The format suffix, looking through .gz: 'a.jsonl.gz' -> '.jsonl'."""
    return Path(name.lower().removesuffix(".gz")).suffix


def open_binary(location: str) -> IO[bytes]:
    """A readable, seekable binary stream of a local file or URL, decompressed when gzipped."""
    if is_url(location):
        fs, path = filesystem(location)
        raw: IO[bytes] = fs.open(path, "rb")
    else:
        raw = open(location, "rb")  # noqa: SIM115
    head = raw.read(2)
    raw.seek(0)
    if head == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def write_bytes(location: str, data: bytes) -> None:
    """Write a whole file (local or URL), creating parent folders; local writes are atomic."""
    if is_url(location):
        fs, path = filesystem(location)
        fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with fs.open(path, "wb") as f:
            f.write(data)
        return
    p = Path(location)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(p)


def read_text(location: str) -> str | None:
    """A small text file's content, or None when it does not exist."""
    try:
        if is_url(location):
            fs, path = filesystem(location)
            if not fs.exists(path):
                return None
            with fs.open(path, "rb") as f:
                return f.read().decode("utf-8")
        return Path(location).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def put_file(local: Path, location: str) -> None:
    """Move a finished local file to `location` (local rename, or upload to a URL)."""
    if is_url(location):
        fs, path = filesystem(location)
        fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        fs.put_file(str(local), path)
        local.unlink()
        return
    dest = Path(location)
    dest.parent.mkdir(parents=True, exist_ok=True)
    local.replace(dest)


def list_files(location: str, pattern: str) -> list[str]:
    """Sorted files matching `pattern` (a glob relative to `location`)."""
    if is_url(location):
        fs, path = filesystem(location)
        return sorted(fs.unstrip_protocol(p) for p in fs.glob(f"{path.rstrip('/')}/{pattern}"))
    return sorted(str(p) for p in Path(location).glob(pattern))


def register_with(con: Any, location: str) -> None:
    """Let a DuckDB connection read `location` when it is an fsspec URL DuckDB does not serve itself."""
    if is_url(location) and not location.startswith("file://"):
        fs, _ = filesystem(location)
        protocols = fs.protocol if isinstance(fs.protocol, tuple | list) else (fs.protocol,)
        if not set(protocols) & set(con.list_filesystems()):
            con.register_filesystem(fs)
