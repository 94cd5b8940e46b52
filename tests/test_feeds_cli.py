"""`flashpoint watch --feeds`: option checks that fail before anything is fetched or loaded."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from flashpoint.cli import watch_cmd


def app() -> typer.Typer:
    a = typer.Typer()
    a.command("watch")(watch_cmd.watch)
    a.command("detect")(watch_cmd.detect)
    return a


def test_watch_help_lists_the_feed_options():
    out = CliRunner().invoke(app(), ["watch", "--help"], terminal_width=200).output
    for opt in ("--feeds", "--once", "--interval", "--max-items", "--host-interval", "--timeout"):
        assert opt in out, opt


def test_watch_feeds_errors_are_one_line_and_exit_2(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(app(), ["watch", "--feeds", str(tmp_path / "nope.txt"), "--once"])
    assert missing.exit_code == 2 and "feed list file not found" in missing.output
    (tmp_path / "f.txt").write_text("gopher://x.test/feed\n", encoding="utf-8")
    bad = runner.invoke(app(), ["watch", "--feeds", str(tmp_path / "f.txt")])
    assert bad.exit_code == 2 and "not an http(s) feed URL" in bad.output
    both = runner.invoke(app(), ["watch", "a.html", "--feeds", "default"])
    assert both.exit_code == 2 and "not both" in both.output
    interval = runner.invoke(app(), ["watch", "--feeds", "default", "--interval", "0"])
    assert interval.exit_code == 2 and "--interval" in interval.output
