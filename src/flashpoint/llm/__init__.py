"""Optional LLM back end: re-types the rule coder's events with any OpenAI-compatible chat endpoint.

Nothing here is imported by the default coder; `LLMCoder` wraps a `Coder` only when the user names an
endpoint (`flashpoint code --llm-url URL --llm-model NAME`). See docs/llm.md.
"""

from __future__ import annotations

from flashpoint.llm.backend import LLMCoder
from flashpoint.llm.client import LLMClient, LLMUnavailable
from flashpoint.llm.config import LLMConfig

__all__ = ["LLMClient", "LLMCoder", "LLMConfig", "LLMUnavailable"]
