"""`flashpoint eval`: score the coder on the shared gold sets."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import typer

from flashpoint.cli.render import err, user_errors

LLM_OUT = "benchmarks/accuracy_llm"  # an LLM evaluation never overwrites benchmarks/accuracy.*


def default_gold_dir() -> Path:
    """../shared/data/gold beside the repository, or $FLASHPOINT_GOLD."""
    import os  # noqa: PLC0415

    env = os.environ.get("FLASHPOINT_GOLD")
    if env:
        return Path(env)
    for base in (Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parents[3]):
        cand = base.parent / "shared" / "data" / "gold"
        if cand.is_dir():
            return cand
    return Path.cwd().parent / "shared" / "data" / "gold"


def _progress(name: str, done: int, total: int) -> None:
    if done == total or done % 512 == 0:
        err.print(f"{name}: {done}/{total}", highlight=False)


def eval_command(
    gold: str = typer.Option(None, "--gold", help="Gold directory (default: ../shared/data/gold)."),
    sets: list[str] = typer.Option([], "--set", help="Only these sets (repeatable)."),
    limit: int = typer.Option(None, "--limit", help="First N items of each set (quick runs)."),
    out: str = typer.Option(None, "--out", help="Report path without extension (.md and .json are written; default benchmarks/accuracy, with an LLM benchmarks/accuracy_llm)."),
    llm_url: str = typer.Option(None, "--llm-url", help="Re-type events with the LLM at this OpenAI-compatible API root (e.g. http://localhost:8000/v1)."),
    llm_model: str = typer.Option(None, "--llm-model", help="Model name the LLM server serves (needed with --llm-url)."),
) -> None:
    """Score the coder on the gold sets; write a markdown and a JSON report."""
    from flashpoint.coding.train import CoderFactory  # noqa: PLC0415
    from flashpoint.eval.report import write_report  # noqa: PLC0415
    from flashpoint.eval.run import evaluate  # noqa: PLC0415

    gold_dir = Path(gold) if gold else default_gold_dir()
    command = "flashpoint " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    with user_errors():
        factory: Any = CoderFactory(gold_dir)
        llm = _llm_factory(llm_url, llm_model, out, factory)
        if llm is not None:
            factory, out = llm, out or LLM_OUT
        out = out or "benchmarks/accuracy"
        try:
            report = evaluate(factory, gold_dir, sets=sets or None, limit=limit, progress=_progress)
        finally:
            if llm is not None:
                llm.close()
        md, js = Path(out + ".md"), Path(out + ".json")
        md.parent.mkdir(parents=True, exist_ok=True)
        if llm is not None:
            report["llm"] = {**llm.identity(), "answers": dict(llm.stats)}
        write_report(report, md, js, command)
        if llm is not None:
            from flashpoint.llm.report import add_llm_section  # noqa: PLC0415
            from flashpoint.llm.setup import describe_stats  # noqa: PLC0415

            add_llm_section(md, report["llm"])
            err.print(f"LLM {llm_model}: {describe_stats(report['llm']['answers'])}", highlight=False)
    err.print(f"wrote {md} and {js}", highlight=False)


def _llm_factory(url: str | None, model: str | None, out: str | None, factory: Any) -> Any:
    """With --llm-url/--llm-model: a factory whose coders ask the model, its endpoint checked first
    (fails fast when nothing answers); None without them."""
    from flashpoint.errors import ConfigError  # noqa: PLC0415
    from flashpoint.llm.setup import LLMFactory, llm_config  # noqa: PLC0415

    config = llm_config(url, model)
    if config is None:
        return None
    if out and Path(out).resolve() == Path("benchmarks/accuracy").resolve():
        raise ConfigError(f"--out {out}: that is the rule coder's report; an LLM evaluation writes elsewhere (default {LLM_OUT})")
    wrapped = LLMFactory(factory, config)
    try:
        wrapped.check()
    except Exception:
        wrapped.close()
        raise
    return wrapped
