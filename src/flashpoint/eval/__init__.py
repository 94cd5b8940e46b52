"""Evaluation on the shared gold sets: gold readers, metrics, the runner and the report writer."""

from flashpoint.eval.gold import SET_NAMES, available_sets
from flashpoint.eval.report import write_report
from flashpoint.eval.run import evaluate, stable_view

__all__ = ["SET_NAMES", "available_sets", "evaluate", "stable_view", "write_report"]
