"""`flashpoint` command line: a thin shell over the Python API.

Only typer and rich load at start-up; spaCy, DuckDB and the coder load inside the command that
needs them, so `flashpoint --help` stays fast.
"""

from __future__ import annotations

import typer

from flashpoint.cli import code_cmd, eval_cmd, query_cmd, watch_cmd

app = typer.Typer(
    name="flashpoint",
    help="News in, PLOVER/CAMEO/ACLED-coded political events out, in a local event store.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("code")(code_cmd.code)
app.command("demo")(code_cmd.demo)
app.command("events")(query_cmd.events)
app.command("export")(query_cmd.export)
app.command("summary")(query_cmd.summary_cmd)
app.command("failures")(query_cmd.failures)
app.command("eval")(eval_cmd.eval_command)
app.command("detect")(watch_cmd.detect)
app.command("alerts")(watch_cmd.alerts)
app.command("watch")(watch_cmd.watch)
app.add_typer(watch_cmd.plot_app, name="plot")


@app.callback()
def _main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what happens to stderr."),
) -> None:
    import logging  # noqa: PLC0415

    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
