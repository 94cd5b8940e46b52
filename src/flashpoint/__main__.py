"""`python -m flashpoint ...`: the same command line as the `flashpoint` script."""

from flashpoint.cli.main import app

app(prog_name="flashpoint")
