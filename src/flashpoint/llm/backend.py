"""`LLMCoder`: the rule coder's events, re-typed by an LLM.

The base `Coder` finds the events (sentence, trigger, parties, date, place, modality, attribution).
For each event the model is asked for its PLOVER type and mode, given the sentence with the parties
marked. A valid answer replaces the type and mode; CAMEO, ACLED and the fatality count are derived
again through `coding.ontology` so the three readings still agree. Everything else is kept. An
invalid answer or a failed request keeps the base event and says why in ``coder["llm"]``.

Requests for one batch of articles are sent concurrently (at most `max_concurrency` at a time),
after the cache has answered what it can; identical questions are asked once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

from flashpoint.coding import ontology
from flashpoint.coding.coder import Coder, _event_id, acled_rules
from flashpoint.coding.fatalities import find_fatalities
from flashpoint.llm.answer import Answer, InvalidAnswer, parse_answer
from flashpoint.llm.cache import AnswerCache, cache_key
from flashpoint.llm.client import LLMClient, LLMError
from flashpoint.llm.config import LLMConfig
from flashpoint.llm.prompt import build_prompts, user_message
from flashpoint.records import Article, CodedArticle, Event, Plover

BACKEND = "openai-compatible"


@dataclass(frozen=True)
class LLMCoderConfig:
    """The base coder's configuration plus the LLM's; `to_dict` is what a run records."""

    base: Any
    llm: LLMConfig

    def to_dict(self) -> dict[str, Any]:
        return {**self.base.to_dict(), "llm": self.llm.to_dict()}

    def __getattr__(self, name: str) -> Any:  # the base settings read as before (batch_size, ...)
        if name.startswith("__") or name in ("base", "llm"):
            raise AttributeError(name)
        return getattr(self.base, name)


@dataclass(frozen=True, slots=True)
class _Reply:
    content: str | None = None
    error: Exception | None = None
    cached: bool = False


class LLMCoder:
    """Codes with `base`, then asks the model at `config` for each event's PLOVER type and mode."""

    def __init__(
        self,
        base: Coder,
        config: LLMConfig,
        *,
        client: LLMClient | None = None,
        cache: AnswerCache | None = None,
        batch_articles: int = 64,
    ) -> None:
        """`client` and `cache` may be shared between coders (cross-validation builds several)."""
        self.base = base
        self.llm_config = config
        self.config = LLMCoderConfig(base.config, config)
        self.prompts = build_prompts(config.codebook_path)
        self.client = client or LLMClient(config)
        self._own = (client is None, cache is None)
        self._cache = cache
        self.batch_articles = max(1, batch_articles)
        self.name = f"{base.name}+llm"
        self.version = f"{base.version}+llm.{config.model}.{self.prompts.fingerprint}"
        self.stats: Counter[str] = Counter()  # answer status per event ("ok", "invalid_json", ...), "cached", "requests"
        self._pool = ThreadPoolExecutor(max_workers=config.max_concurrency, thread_name_prefix="flashpoint-llm")
        self._block: dict[str, Any] | None = None

    @property
    def cache(self) -> AnswerCache | None:
        """The answer cache, opened on first use (no file appears before a question is asked)."""
        if self._cache is None and self.llm_config.cache_path is not None:
            self._cache = AnswerCache(self.llm_config.cache_path)
        return self._cache

    # ---- identity ------------------------------------------------------------------------
    def llm_identity(self) -> dict[str, Any]:
        return {
            "backend": BACKEND,
            "base_url": self.llm_config.base_url,
            "model": self.llm_config.model,
            "prompt": self.prompts.origin,
            "prompt_id": self.prompts.fingerprint,
            "temperature": self.llm_config.temperature,
        }

    def components(self) -> dict[str, Any]:
        return {**self.base.components(), "llm": self.llm_identity()}

    def coder_block(self) -> dict[str, Any]:
        if self._block is None:
            self._block = {"name": self.name, "version": self.version, "components": self.components()}
        return self._block

    def close(self) -> None:
        """Stop the request threads; close the client and cache unless they were given."""
        self._pool.shutdown(wait=True)
        if self._own[0]:
            self.client.close()
        if self._own[1] and self._cache is not None:
            self._cache.close()

    def __enter__(self) -> LLMCoder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- public API ----------------------------------------------------------------------
    def code(self, article: Article) -> CodedArticle:
        return next(iter(self.code_many([article])))

    def code_many(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code articles; yields one CodedArticle per input, in input order."""
        coded = iter(self.base.code_many(articles))
        while True:
            chunk = list(islice(coded, self.batch_articles))
            if not chunk:
                return
            yield from self._retype(chunk)

    # ---- one batch -----------------------------------------------------------------------
    def _retype(self, chunk: list[CodedArticle]) -> list[CodedArticle]:
        questions: list[list[tuple[str, dict[str, Any]]]] = []
        for ca in chunk:
            hinted = ca.article.actors is not None
            qs = []
            for ev in ca.events:
                body = self.client.request_body(self.prompts.system, user_message(ev, hinted), self.prompts.schema)
                qs.append((cache_key(body), body))
            questions.append(qs)
        replies = self._ask({k: b for qs in questions for k, b in qs})
        out = []
        for ca, qs in zip(chunk, questions, strict=True):
            if not ca.events:
                out.append(ca)
                continue
            events = tuple(self._apply(ca.article, ev, replies[key]) for ev, (key, _) in zip(ca.events, qs, strict=True))
            out.append(replace(ca, events=events))
        return out

    def _ask(self, bodies: dict[str, dict[str, Any]]) -> dict[str, _Reply]:
        """Answers by cache key: from the cache, else from the endpoint (concurrently, bounded)."""
        replies: dict[str, _Reply] = {}
        pending: dict[str, Future[str]] = {}
        cache = self.cache if bodies else None
        for key, body in bodies.items():
            hit = cache.get(key) if cache is not None else None
            if hit is not None:
                replies[key] = _Reply(content=hit, cached=True)
            else:
                pending[key] = self._pool.submit(self.client.complete, body)
        self.stats["requests"] += len(pending)
        for key, fut in pending.items():
            try:
                content = fut.result()
            except LLMError as e:
                replies[key] = _Reply(error=e)
                continue
            except Exception as e:  # noqa: BLE001 - one bad request never stops the batch
                replies[key] = _Reply(error=e)
                continue
            if cache is not None:
                cache.put(key, self.llm_config.model, content)
            replies[key] = _Reply(content=content)
        return replies

    # ---- one event -----------------------------------------------------------------------
    def _apply(self, article: Article, ev: Event, reply: _Reply) -> Event:
        info: dict[str, Any] = {"backend": BACKEND, "model": self.llm_config.model, "cached": reply.cached}
        info["base"] = {"plover_type": ev.plover.type, "mode": ev.plover.mode, "confidence": ev.confidence}
        answer: Answer | None = None
        if reply.error is not None:
            e = reply.error
            info["status"] = e.status if isinstance(e, LLMError) else "error"
            info["detail"] = str(e) if isinstance(e, LLMError) else f"{type(e).__name__}: {e}"
        else:
            assert reply.content is not None
            try:
                answer = parse_answer(reply.content)
                info["status"] = "ok"
            except InvalidAnswer as e:
                info["status"], info["detail"] = e.status, e.detail
        self.stats[info["status"]] += 1
        if reply.cached:
            self.stats["cached"] += 1
        if answer is None:
            eid = _event_id(self.version, article, ev.sentence.index, ev.trigger, ev.plover.type, ev.source, ev.target)
            return replace(ev, event_id=eid, coder={**self.coder_block(), "llm": info})
        info.update({"source_text": answer.source_text, "target_text": answer.target_text, "confidence_from": "model (not calibrated)"})
        return self._retyped(article, ev, answer, info)

    def _retyped(self, article: Article, ev: Event, answer: Answer, info: dict[str, Any]) -> Event:
        ptype, mode = answer.plover_type, answer.mode
        if ptype == ev.plover.type and mode == ev.plover.mode:
            code = ev.cameo.code  # the lexicon's own, more specific code stays
        else:
            code = ontology.default_cameo(ptype, mode)
        text = ev.sentence.text
        if ptype != "ASSAULT":
            fatalities = None
        elif ev.plover.type == "ASSAULT":
            fatalities = ev.fatalities
        else:
            fatalities = find_fatalities(text)
        acled = acled_rules(ptype, mode, code, text, ev.source, ev.target, fatalities)
        eid = _event_id(self.version, article, ev.sentence.index, ev.trigger, ptype, ev.source, ev.target)
        return replace(
            ev,
            event_id=eid,
            plover=Plover(ptype, mode, ev.plover.context),
            cameo=ontology.to_cameo(code),
            acled=acled,
            fatalities=fatalities,
            confidence=round(answer.confidence, 4),
            coder={**self.coder_block(), "llm": info},
        )
