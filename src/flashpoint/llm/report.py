"""The LLM part of an evaluation report: which model answered, and how many events it really typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flashpoint.llm.setup import describe_stats, failed_requests


def llm_markdown(info: dict[str, Any]) -> str:
    """A Markdown section naming the model and endpoint and counting its answers."""
    stats = info.get("answers") or {}
    lines = [
        "## LLM back end",
        "",
        f"Model `{info.get('model')}` at `{info.get('base_url')}` ({info.get('backend', 'openai-compatible')}, "
        f"temperature {info.get('temperature', 0.0)}, prompt {info.get('prompt', '?')}, prompt id {info.get('prompt_id', '?')}).",
        "The rule coder finds the events and their parties; the model gives each event's PLOVER type and mode, "
        "and its stated confidence (not calibrated by us) replaces the coder's.",
        "",
        describe_stats(stats) + ".",
        "",
    ]
    failed = failed_requests(stats)
    if failed:
        lines += [
            f"**Warning**: {failed} events kept the rule coder's type because the request failed; "
            "for them the figures above are the rule coder's, not the model's.",
            "",
        ]
    return "\n".join(lines)


def add_llm_section(md_path: Path, info: dict[str, Any]) -> None:
    """Insert the LLM section before the headline table of a report written by `write_report`."""
    md_path = Path(md_path)
    text = md_path.read_text(encoding="utf-8")
    section = llm_markdown(info)
    marker = "## Headline"
    text = text.replace(marker, section + "\n" + marker, 1) if marker in text else text.rstrip() + "\n\n" + section
    md_path.write_text(text, encoding="utf-8")
