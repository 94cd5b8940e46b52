"""`flashpoint code` and `flashpoint demo`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from flashpoint.cli.render import err, print_summary, progress_for, user_errors

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def code(
    inputs: list[str] = typer.Argument(None, help="Files, directories, globs or '-' for stdin (JSONL, text, HTML, .gz)."),
    output: str | None = typer.Option(None, "--output", "-o", help="Write event JSONL here ('-' = stdout) instead of the store."),
    store: str | None = typer.Option(None, "--store", "-s", help="Store file (default: $FLASHPOINT_DB or the user data dir)."),
    fmt: str = typer.Option("auto", "--format", "-f", help="auto, jsonl, text or html."),
    force: bool = typer.Option(False, "--force", help="Re-code articles the store already has from this coder version."),
    lexicon: list[str] = typer.Option([], "--lexicon", help="Extra trigger lexicon TSV (repeatable)."),
    actors: list[str] = typer.Option([], "--actors", help="Extra actor dictionary: TSV or PETRARCH/Phoenix .txt (repeatable)."),
) -> None:
    """Code articles into events: into the store, or as JSON lines with --output."""
    from flashpoint.coding.coder import Coder, CoderConfig  # noqa: PLC0415
    from flashpoint.pipeline import run  # noqa: PLC0415
    from flashpoint.store.db import Store  # noqa: PLC0415

    srcs = inputs or ["-"]
    with user_errors():
        coder = Coder(CoderConfig(lexicon_extra=tuple(lexicon), actors_extra=tuple(actors)))
        out_fh = None
        if output == "-":
            out_fh = sys.stdout
        elif output:
            out_fh = open(output, "w", encoding="utf-8")  # noqa: SIM115
        write = (lambda d: out_fh.write(json.dumps(d, ensure_ascii=False) + "\n")) if out_fh else None
        st = Store.open(store) if (store or not output) else None
        update, close = progress_for(None, "coding")
        try:
            result = run(srcs, store=st, coder=coder, fmt=fmt, stdin=sys.stdin, events_out=write, progress=update, force=force)
        finally:
            close()
            if out_fh not in (None, sys.stdout):
                out_fh.close()
            if st is not None:
                st.close()
    msg = (
        f"{result.n_articles} articles: {result.n_coded} coded, {result.n_events} events, "
        f"{result.n_already} already in the store, {result.n_skipped} skipped, {result.n_failed} failed"
    )
    if result.store_path:
        msg += f" → {result.store_path}"
    err.print(msg, highlight=False)
    for f in result.failures[:10]:
        err.print(f"  failed: {f.article_id} ({f.origin or '?'}) at {f.stage}: {f.message}", highlight=False)


def demo(
    store: str | None = typer.Option(None, "--store", "-s", help="Store file (default: $FLASHPOINT_DB or the user data dir)."),
) -> None:
    """Code the bundled illustrative articles into the store and print a summary."""
    from flashpoint.pipeline import run  # noqa: PLC0415
    from flashpoint.store.db import Store  # noqa: PLC0415
    from flashpoint.store.queries import summary  # noqa: PLC0415

    with user_errors():
        with Store.open(store) as st:
            result = run([str(SAMPLES / "illustrative.jsonl")], store=st)
            s = summary(st)
    err.print(
        f"coded {result.n_articles} bundled illustrative articles: {result.n_coded} new, "
        f"{result.n_already} already in the store, {result.n_events} events",
        highlight=False,
    )
    print_summary(s)
