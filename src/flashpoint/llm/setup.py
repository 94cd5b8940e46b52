"""Building an LLM coder for the command line: check the endpoint first, report what it did after."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from flashpoint.errors import ConfigError
from flashpoint.llm.backend import LLMCoder
from flashpoint.llm.cache import AnswerCache
from flashpoint.llm.client import LLMClient
from flashpoint.llm.config import LLMConfig

FAILED_REQUEST = frozenset({"unreachable", "http_error", "invalid_response", "error"})


def llm_config(url: str | None, model: str | None, **kw: Any) -> LLMConfig | None:
    """The config for `--llm-url` / `--llm-model`; None when neither is given, ConfigError when one is missing."""
    if not url and not model:
        return None
    if not url or not model:
        missing = "--llm-url" if not url else "--llm-model"
        raise ConfigError(f"the LLM back end needs both --llm-url and --llm-model; {missing} is missing")
    return LLMConfig(base_url=url, model=model, **kw)


def open_llm_coder(base: Any, config: LLMConfig) -> LLMCoder:
    """An LLMCoder over `base`, after checking that the endpoint answers (LLMUnavailable if not)."""
    coder = LLMCoder(base, config)
    try:
        coder.client.check()
    except Exception:
        coder.close()
        raise
    return coder


class LLMFactory:
    """`make_coder` for `evaluate`: the base factory's coder (cross-validated as before), re-typed by the
    model. All coders share one client and one cache; `stats` adds up their answers."""

    def __init__(self, base_factory: Any, config: LLMConfig) -> None:
        self.base_factory = base_factory
        self.config = config
        self.trained_on = frozenset(getattr(base_factory, "trained_on", frozenset()))
        self.client = LLMClient(config)
        self._cache: AnswerCache | None = None
        self.coders: list[LLMCoder] = []

    @property
    def cache(self) -> AnswerCache | None:
        """Opened on first use, so a failed `check` leaves no cache file behind."""
        if self._cache is None and self.config.cache_path is not None:
            self._cache = AnswerCache(self.config.cache_path)
        return self._cache

    def check(self) -> None:
        self.client.check()

    def __call__(self, exclude: frozenset[str]) -> LLMCoder:
        coder = LLMCoder(self.base_factory(exclude), self.config, client=self.client, cache=self.cache)
        self.coders.append(coder)
        return coder

    @property
    def stats(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for c in self.coders:
            total.update(c.stats)
        return total

    def identity(self) -> dict[str, Any]:
        return self.coders[0].llm_identity() if self.coders else {"model": self.config.model, "base_url": self.config.base_url}

    def close(self) -> None:
        for c in self.coders:
            c.close()
        self.client.close()
        if self._cache is not None:
            self._cache.close()


def describe_stats(stats: Mapping[str, int]) -> str:
    """One line: how many events the model typed, how many fell back to the rule coder and why."""
    answered = stats.get("ok", 0)
    fell = {k: v for k, v in sorted(stats.items()) if k not in ("ok", "cached", "requests") and v}
    line = f"{answered} events typed by the model, {sum(fell.values())} kept the rule coder's type"
    if fell:
        line += " (" + ", ".join(f"{k} {v}" for k, v in fell.items()) + ")"
    return line + f"; {stats.get('requests', 0)} requests sent, {stats.get('cached', 0)} answers from the cache"


def failed_requests(stats: Mapping[str, int]) -> int:
    """Events whose request failed (endpoint down, HTTP error): their figures are the rule coder's."""
    return sum(v for k, v in stats.items() if k in FAILED_REQUEST)
