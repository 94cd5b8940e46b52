"""`flashpoint eval`: score the coder on the shared gold sets."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer

from flashpoint.cli.render import err, user_errors


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
    out: str = typer.Option("benchmarks/accuracy", "--out", help="Report path without extension (.md and .json are written)."),
) -> None:
    """Score the coder on the gold sets; write a markdown and a JSON report."""
    from flashpoint.coding.train import CoderFactory  # noqa: PLC0415
    from flashpoint.eval.report import write_report  # noqa: PLC0415
    from flashpoint.eval.run import evaluate  # noqa: PLC0415

    gold_dir = Path(gold) if gold else default_gold_dir()
    command = "flashpoint " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    with user_errors():
        factory = CoderFactory(gold_dir)
        report = evaluate(factory, gold_dir, sets=sets or None, limit=limit, progress=_progress)
        md, js = Path(out + ".md"), Path(out + ".json")
        md.parent.mkdir(parents=True, exist_ok=True)
        write_report(report, md, js, command)
    err.print(f"wrote {md} and {js}", highlight=False)
