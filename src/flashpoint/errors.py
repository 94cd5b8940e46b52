"""Flashpoint's error hierarchy. Errors carry context; only the CLI renders them."""

from __future__ import annotations


class FlashpointError(Exception):
    """Base class of every error Flashpoint raises on purpose."""


class InputError(FlashpointError):
    """Bad input: names the input (file, line, article id) and what was wrong."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class CodingError(FlashpointError):
    """A stage failed on one article."""

    def __init__(self, article_id: str, stage: str, problem: str) -> None:
        self.article_id = article_id
        self.stage = stage
        self.problem = problem
        super().__init__(f"article {article_id!r}, stage {stage}: {problem}")


class StoreError(FlashpointError):
    """The event store could not be opened, migrated, read or written."""


class ConfigError(FlashpointError):
    """A configuration value is missing or invalid."""
