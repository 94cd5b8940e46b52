"""Feed list files: one feed URL per line, anything after it a comment; blank and `#` lines ignored.

"default" names the shipped list (defaults.txt).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from flashpoint.errors import InputError

DEFAULT = "default"


def default_feeds_text() -> str:
    return (resources.files("flashpoint.feeds") / "defaults.txt").read_text(encoding="utf-8")


def parse_feed_list(text: str, where: str) -> list[str]:
    """The feed URLs of a list (duplicates dropped, order kept); InputError names a bad line."""
    urls: list[str] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        url = line.split()[0]  # what follows the URL on its line is a comment
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"{where}:{n}", f"not an http(s) feed URL: {url!r}")
        urls.append(url)
    if not urls:
        raise InputError(where, "no feed URLs in the list")
    return list(dict.fromkeys(urls))


def read_feed_list(source: str) -> list[str]:
    """The feeds of a list file, or of the shipped default list when `source` is "default"."""
    if source == DEFAULT:
        return parse_feed_list(default_feeds_text(), "flashpoint/feeds/defaults.txt")
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(source, "feed list file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot read the feed list: {exc}") from None
    return parse_feed_list(text, source)
