"""`flashpoint code` and `flashpoint demo`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

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
    workers: int = typer.Option(1, "--workers", "-w", help="local engine: code in this many worker processes."),
    engine: str = typer.Option("local", "--engine", help="local (this process) or dask (partitions on a Dask cluster)."),
    scheduler: str = typer.Option("local:2", "--scheduler", help="dask engine: local:N (a LocalCluster of N worker processes), a scheduler address, or sync."),
    partitions_out: str | None = typer.Option(None, "--partitions-out", help="dask engine: folder or fsspec URL for the Parquet partitions (required)."),
    partition_size: int = typer.Option(500, "--partition-size", help="dask engine: articles (JSONL lines / Parquet rows) per partition."),
    relevance: str = typer.Option("learned", "--relevance", help="Which sentences are parsed: learned (default: trigger word + the learned filter), trigger (every sentence with a trigger word), actor or hybrid; see docs/coding.md."),
    encoder: str = typer.Option("auto", "--encoder", help="The sentence encoder (all-MiniLM-L6-v2, int8): auto (default: used where installed), on (required), off (about twice as fast: records carry no category, hinted pairs are typed from their words alone, less accurately); see docs/coding.md."),
    llm_url: str | None = typer.Option(None, "--llm-url", help="Re-type events with the LLM at this OpenAI-compatible API root (e.g. http://localhost:8000/v1); see docs/llm.md."),
    llm_model: str | None = typer.Option(None, "--llm-model", help="Model name the LLM server serves (needed with --llm-url)."),
) -> None:
    """Code articles into events: into the store, or as JSON lines with --output.

    With --engine dask, JSONL/Parquet inputs (local or fsspec URLs) are coded partition by partition
    on Dask into Parquet files under --partitions-out; with --store they are then attached to that store.
    """
    from flashpoint.coding.coder import Coder, CoderConfig  # noqa: PLC0415
    from flashpoint.pipeline import run  # noqa: PLC0415
    from flashpoint.store.db import Store  # noqa: PLC0415

    srcs = inputs or ["-"]
    if engine not in ("local", "dask"):
        err.print(f"[bold red]error:[/] --engine: expected local or dask, got {engine!r}", highlight=False)
        raise typer.Exit(2)
    if engine == "dask" and (llm_url or llm_model):
        err.print("[bold red]error:[/] --llm-url codes in one local process: use --engine local", highlight=False)
        raise typer.Exit(2)
    with user_errors():
        config = CoderConfig(lexicon_extra=tuple(lexicon), actors_extra=tuple(actors), relevance=relevance, encoder=encoder)
    if engine == "dask":
        _code_dask(srcs, config, scheduler, partitions_out, partition_size, store, output, force)
        return
    with user_errors():
        coder = Coder(config)
        llm_coder = _llm_coder(coder, llm_url, llm_model, workers)
        coder = llm_coder or coder
        out_fh = None
        if output == "-":
            out_fh = sys.stdout
        elif output:
            out_fh = open(output, "w", encoding="utf-8")  # noqa: SIM115
        write = (lambda d: out_fh.write(json.dumps(d, ensure_ascii=False) + "\n")) if out_fh else None
        st = Store.open(store) if (store or not output) else None
        update, close = progress_for(None, "coding")
        try:
            result = run(srcs, store=st, coder=coder, fmt=fmt, stdin=sys.stdin, events_out=write, progress=update, force=force, workers=workers)
        finally:
            close()
            if out_fh not in (None, sys.stdout):
                out_fh.close()
            if st is not None:
                st.close()
            if llm_coder is not None:
                llm_coder.close()
    if llm_coder is not None:
        from flashpoint.llm.setup import describe_stats  # noqa: PLC0415

        err.print(f"LLM {llm_model}: {describe_stats(llm_coder.stats)}", highlight=False)
    msg = (
        f"{result.n_articles} articles: {result.n_coded} coded, {result.n_events} events, "
        f"{result.n_already} already in the store, {result.n_skipped} skipped, {result.n_failed} failed"
    )
    if result.store_path:
        msg += f" → {result.store_path}"
    err.print(msg, highlight=False)
    for f in result.failures[:10]:
        err.print(f"  failed: {f.article_id} ({f.origin or '?'}) at {f.stage}: {f.message}", highlight=False)


def _llm_coder(coder: Any, url: str | None, model: str | None, workers: int) -> Any:
    """With --llm-url/--llm-model: the coder wrapped by the LLM back end, its endpoint checked first."""
    from flashpoint.errors import ConfigError  # noqa: PLC0415
    from flashpoint.llm.setup import llm_config, open_llm_coder  # noqa: PLC0415

    config = llm_config(url, model)
    if config is None:
        return None
    if workers != 1:
        raise ConfigError("--llm-url codes in one process (its requests already run concurrently): use --workers 1")
    return open_llm_coder(coder, config)


def _code_dask(srcs: list[str], config: object, scheduler: str, out: str | None, size: int,
               store: str | None, output: str | None, force: bool) -> None:
    """`flashpoint code --engine dask`: Parquet partitions under `out`, attached to `store` when given."""
    from types import SimpleNamespace  # noqa: PLC0415

    from flashpoint.engine.dask import code_partitioned  # noqa: PLC0415
    from flashpoint.errors import ConfigError  # noqa: PLC0415
    from flashpoint.store.attach import attach_partitions  # noqa: PLC0415
    from flashpoint.store.db import Store  # noqa: PLC0415

    with user_errors():
        if not out:
            raise ConfigError("--engine dask needs --partitions-out DIR (a folder or fsspec URL for the Parquet partitions)")
        if output:
            raise ConfigError("--engine dask writes Parquet partitions; --output is for --engine local")
        update, close = progress_for(None, "partitions")
        seen = SimpleNamespace(n_articles=0, n_events=0)

        def progress(done: int, total: int, rec: dict) -> None:
            seen.n_articles += rec["counts"]["n_articles"]
            seen.n_events += rec["counts"]["n_events"]
            update(seen)

        try:
            result = code_partitioned(srcs, out, scheduler=scheduler, config=config, size=size,  # type: ignore[arg-type]
                                      redo=force, progress=progress)
        finally:
            close()
        attached = None
        if store:
            with Store.open(store) as st:
                attached = attach_partitions(st, out, force=force)
    c = result.counts
    msg = (
        f"{c['n_articles']} articles in {len(result.partitions)} partitions on {result.n_workers} worker(s): "
        f"{c['n_coded']} coded, {c['n_events']} events, {c['n_already']} repeated, {c['n_skipped']} skipped, "
        f"{c['n_failed']} failed "
        f"→ {out} (run {result.run_id}, {result.seconds:.1f} s)"
    )
    if attached is not None:
        msg += f"; {attached} events added to {store}"
    err.print(msg, highlight=False)


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
