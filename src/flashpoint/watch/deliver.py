"""Delivering alerts: a rich table on a terminal, JSON lines, or an HTTP webhook with retries."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from flashpoint.store.db import Store
    from flashpoint.watch.alerts import Alert

log = logging.getLogger(__name__)


def to_terminal(alerts: Sequence[Alert], console: Console, *, evidence: int = 2) -> None:
    """Render alerts as a table with their reason and the first `evidence` sentences."""
    from rich.table import Table  # noqa: PLC0415

    if not alerts:
        console.print("no alerts", highlight=False)
        return
    t = Table(show_lines=True)
    for col in ("id", "window", "dyad", "direction", "sev", "detector", "status", "reason / evidence"):
        t.add_column(col, overflow="fold")
    for a in alerts:
        window = a.window_start.isoformat()
        if a.window_end != a.window_start:
            window += f"..{a.window_end.isoformat()}"
        lines = [a.reason]
        for e in a.evidence[:evidence]:
            src = e.outlet or "?"
            if e.url:
                src += f" {e.url}"
            lines.append(f"• [{e.plover_type}, {e.n_sources} src] {e.sentence} ({src})")
        t.add_row(
            a.alert_id, window, f"{a.dyad_source}→{a.dyad_target}", a.direction, f"{a.severity:.2f}",
            f"{a.detector}:{a.metric}", a.status, "\n".join(lines),
        )
    console.print(t)


def to_jsonl(alerts: Iterable[Alert], fh: IO[str]) -> int:
    """Write one JSON object per alert (`Alert.to_dict`); return how many."""
    n = 0
    for a in alerts:
        fh.write(json.dumps(a.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What a webhook delivery did: the alerts delivered, those that failed with why, attempts made."""

    url: str
    delivered: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()  # (alert_id, reason)
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class _Outcome:
    ok: bool
    attempts: int
    error: str = ""
    endpoint_down: bool = False  # retries exhausted on connection errors / 5xx, or a bad URL


def _post(
    client: Any, url: str, payload: dict[str, Any], retries: int, backoff: float,
    sleep: Callable[[float], None],
) -> _Outcome:
    import httpx  # noqa: PLC0415

    error = ""
    for attempt in range(retries + 1):
        if attempt:
            sleep(backoff * 2 ** (attempt - 1))
        try:
            resp = client.post(url, json=payload)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            return _Outcome(False, attempt + 1, f"bad webhook URL {url!r}: {exc}", endpoint_down=True)
        except httpx.TransportError as exc:  # connection refused, timeout, protocol error
            error = f"{type(exc).__name__}: {exc}"
            log.info("webhook %s: attempt %d failed: %s", url, attempt + 1, error)
            continue
        if resp.status_code < 300:
            return _Outcome(True, attempt + 1)
        error = f"HTTP {resp.status_code}"
        if resp.status_code < 500:
            return _Outcome(False, attempt + 1, f"{error} (not retried)")
        log.info("webhook %s: attempt %d got %s", url, attempt + 1, error)
    return _Outcome(False, retries + 1, f"{error} after {retries + 1} attempts", endpoint_down=True)


def to_webhook(
    alerts: Sequence[Alert],
    url: str,
    *,
    retries: int = 3,
    backoff: float = 0.5,
    timeout: float = 5,
    store: Store | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """POST each alert as JSON (`Alert.to_dict`) to `url`. Never raises for delivery problems.

    Connection errors and 5xx answers are retried up to `retries` times, waiting `backoff`,
    2×`backoff`, 4×`backoff`... seconds; 4xx answers are not retried. When an alert exhausts its
    retries the endpoint is taken as down and the remaining alerts are reported failed without
    being tried. With `store`, the delivered alerts get their `delivered_at` set.
    """
    import httpx  # noqa: PLC0415

    delivered: list[str] = []
    failed: list[tuple[str, str]] = []
    attempts = 0
    down = ""
    with httpx.Client(timeout=timeout) as client:
        for a in alerts:
            if down:
                failed.append((a.alert_id, f"not tried: endpoint down ({down})"))
                continue
            out = _post(client, url, {"type": "flashpoint.alert", "alert": a.to_dict()}, max(0, retries), backoff, sleep)
            attempts += out.attempts
            if out.ok:
                delivered.append(a.alert_id)
            else:
                failed.append((a.alert_id, out.error))
                if out.endpoint_down:
                    down = out.error
    if store is not None and delivered:
        from flashpoint.watch.alerts import mark_delivered  # noqa: PLC0415

        mark_delivered(store, delivered)
    if failed:
        log.warning("webhook %s: %d of %d alerts not delivered", url, len(failed), len(alerts))
    return DeliveryReport(url=url, delivered=tuple(delivered), failed=tuple(failed), attempts=attempts)
