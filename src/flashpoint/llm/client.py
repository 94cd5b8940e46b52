"""HTTP client for an OpenAI-compatible chat endpoint (vLLM, llama.cpp server, Ollama, ...).

One POST per question to ``{base_url}/chat/completions`` with JSON-schema constrained output
(``response_format: {"type": "json_schema", ...}``). 429, 5xx, timeouts and refused connections are
retried with exponential backoff; every error names the endpoint.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx

from flashpoint.errors import FlashpointError
from flashpoint.llm.config import LLMConfig

log = logging.getLogger(__name__)

RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 30.0


class LLMError(FlashpointError):
    """A request to the LLM endpoint failed; `status` is a short code recorded in the event."""

    def __init__(self, url: str, status: str, problem: str) -> None:
        self.url = url
        self.status = status
        self.problem = problem
        super().__init__(f"LLM endpoint {url}: {problem}")


class LLMUnavailable(LLMError):
    """The endpoint could not be reached (refused, timed out, DNS) even after the retries."""


class LLMClient:
    """Thread-safe: one `httpx.Client` whose connection pool is as large as the concurrency."""

    def __init__(self, config: LLMConfig, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        headers = {"Content-Type": "application/json"}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        limits = httpx.Limits(max_connections=config.max_concurrency, max_keepalive_connections=config.max_concurrency)
        self._http = httpx.Client(headers=headers, timeout=config.timeout_s, limits=limits, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request_body(self, system: str, user: str, schema: dict[str, Any]) -> dict[str, Any]:
        c = self.config
        return {
            "model": c.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "temperature": c.temperature,
            "max_tokens": c.max_tokens,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "plover_event", "strict": True, "schema": schema},
            },
        }

    def complete(self, body: dict[str, Any]) -> str:
        """POST `body`; the assistant message's text. Raises LLMError / LLMUnavailable naming the URL."""
        url = self.config.chat_url
        data = self._post(url, body)
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise LLMError(url, "invalid_response", "the response has no choices[0].message.content") from None
        if not isinstance(content, str):
            raise LLMError(url, "invalid_response", f"message content is {type(content).__name__}, not text")
        return content

    def check(self) -> None:
        """Fail fast when nothing answers at the endpoint: GET {base_url}/models.

        Any HTTP answer except 401/403 counts as reachable (some servers do not list models)."""
        url = f"{self.config.base_url}/models"
        try:
            r = self._http.get(url)
        except httpx.HTTPError as e:
            raise LLMUnavailable(url, "unreachable", f"no answer ({type(e).__name__}: {e}); is the server running?") from None
        if r.status_code in (401, 403):
            raise LLMError(url, "http_error", f"HTTP {r.status_code}: the server refused the API key (set $FLASHPOINT_LLM_API_KEY)")

    def _post(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        c = self.config
        attempt = 0
        while True:
            try:
                r = self._http.post(url, json=body)
            except (httpx.TimeoutException, httpx.TransportError) as e:
                if attempt >= c.max_retries:
                    kind = "timed out" if isinstance(e, httpx.TimeoutException) else "unreachable"
                    raise LLMUnavailable(url, "unreachable", f"{kind} after {attempt + 1} attempt(s): {type(e).__name__}: {e}") from None
                delay = c.backoff_s * 2**attempt
            else:
                if r.status_code == 200:
                    try:
                        data = r.json()
                    except ValueError:
                        raise LLMError(url, "invalid_response", "HTTP 200 but the body is not JSON") from None
                    if not isinstance(data, dict):
                        raise LLMError(url, "invalid_response", "HTTP 200 but the body is not a JSON object")
                    return data
                if r.status_code not in RETRY_STATUS or attempt >= c.max_retries:
                    raise LLMError(url, "http_error", f"HTTP {r.status_code} after {attempt + 1} attempt(s): {r.text[:300]}")
                delay = _retry_after(r) if r.status_code == 429 else None
                delay = c.backoff_s * 2**attempt if delay is None else delay
            attempt += 1
            log.info("LLM endpoint %s: retry %d in %.2f s", url, attempt, delay)
            time.sleep(delay)


def _retry_after(r: httpx.Response) -> float | None:
    try:
        return min(max(float(r.headers.get("Retry-After", "")), 0.0), MAX_RETRY_AFTER_S)
    except ValueError:
        return None
