"""Configuration of the LLM back end: which endpoint, which model, how hard to push it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from flashpoint.errors import ConfigError

API_KEY_ENV = "FLASHPOINT_LLM_API_KEY"
CACHE_ENV = "FLASHPOINT_LLM_CACHE"
CACHE_FILENAME = "llm_cache.sqlite"


def default_cache_path() -> Path:
    """$FLASHPOINT_LLM_CACHE, else $FLASHPOINT_HOME/llm_cache.sqlite, else
    $XDG_CACHE_HOME/flashpoint/llm_cache.sqlite (XDG_CACHE_HOME defaults to ~/.cache)."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("FLASHPOINT_HOME")
    if home:
        return Path(home).expanduser() / CACHE_FILENAME
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "flashpoint" / CACHE_FILENAME


def _api_key_from_env() -> str | None:
    return os.environ.get(API_KEY_ENV) or None


@dataclass(frozen=True)
class LLMConfig:
    """An OpenAI-compatible endpoint and how to call it.

    `base_url` is the API root that `/chat/completions` hangs from (e.g. ``http://localhost:8000/v1``).
    `api_key` defaults to $FLASHPOINT_LLM_API_KEY (local servers usually need none).
    `cache_path` None switches the on-disk cache off.
    """

    base_url: str
    model: str
    api_key: str | None = field(default_factory=_api_key_from_env, repr=False)
    timeout_s: float = 60.0
    max_concurrency: int = 4
    max_retries: int = 3  # extra attempts after the first, on 429, 5xx, timeouts and refused connections
    backoff_s: float = 1.0  # first wait between attempts; doubles each time
    max_tokens: int = 256
    temperature: float = 0.0
    cache_path: Path | None = field(default_factory=default_cache_path)
    codebook_path: Path | None = None  # None: the PLOVER codebook in ../shared if found, else the built-in list

    def __post_init__(self) -> None:
        url = (self.base_url or "").strip()
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError(f"--llm-url: expected an http(s) URL such as http://localhost:8000/v1, got {self.base_url!r}")
        object.__setattr__(self, "base_url", url.rstrip("/"))
        if not (self.model or "").strip():
            raise ConfigError("--llm-model: a model name is required (the name the server serves, e.g. the vLLM --served-model-name)")
        if self.max_concurrency < 1:
            raise ConfigError(f"LLM max_concurrency must be >= 1, got {self.max_concurrency}")
        if self.max_retries < 0 or self.timeout_s <= 0 or self.backoff_s < 0:
            raise ConfigError("LLM max_retries must be >= 0, timeout_s > 0 and backoff_s >= 0")
        if self.cache_path is not None:
            object.__setattr__(self, "cache_path", Path(self.cache_path))

    @property
    def chat_url(self) -> str:
        return f"{self.base_url}/chat/completions"

    def to_dict(self) -> dict[str, Any]:
        """What is recorded with a run: never the API key."""
        return {
            "base_url": self.base_url,
            "model": self.model,
            "api_key": "set" if self.api_key else None,
            "timeout_s": self.timeout_s,
            "max_concurrency": self.max_concurrency,
            "max_retries": self.max_retries,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "cache_path": str(self.cache_path) if self.cache_path else None,
        }
