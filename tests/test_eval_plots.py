"""SVG figures of an evaluation report (flashpoint.eval.plots) from a small hand-made report."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from flashpoint.eval import metrics
from flashpoint.eval.plots import plot_specs, write_plots


def _classification() -> dict[str, Any]:
    return metrics.classification(["A", "A", "B"], ["A", "B", "NONE"], declared=["A", "B"])


def _report(plv_error: bool = False) -> dict[str, Any]:
    hints = _classification()
    hints["calibration"] = metrics.calibration([0.9, 0.6, 0.0], [True, False, False])
    hints["pr_curve"] = metrics.pr_curve([0.9, 0.6], [True, False], 3)
    plv: dict[str, Any] = {"with_hints": hints,
                           "end_to_end": {"pr_curve": metrics.pr_curve([0.7], [True], 3)}}
    cls = _classification()
    cls["calibration"] = metrics.calibration([0.8], [True])
    cls["pr_curve"] = metrics.pr_curve([0.8], [True], 3)
    return {"sets": {
        "plv": {"error": "boom", "error_type": "InputError"} if plv_error else plv,
        "conflibert_class": cls,
        "conflibert_ner": {"combined": {}},
        "case2021": _classification(),
        "acled": {"event_type": _classification(), "sub_event_type": _classification()},
    }}


def test_specs_cover_every_classification_and_skip_failed_sets() -> None:
    files = [s.file for s in plot_specs(_report())]
    assert files == [
        "plv_reliability.svg", "plv_pr.svg", "plv_confusion.svg",
        "conflibert_class_reliability.svg", "conflibert_class_pr.svg", "conflibert_class_confusion.svg",
        "case2021_confusion.svg", "acled_event_type_confusion.svg", "acled_sub_event_type_confusion.svg",
    ]
    pr = next(s for s in plot_specs(_report()) if s.file == "plv_pr.svg")
    assert [label for label, _ in pr.data] == ["with hints (first event)", "end to end (directed pair + type)"]
    assert not any(s.file.startswith("plv_") for s in plot_specs(_report(plv_error=True)))
    assert plot_specs({"sets": {}}) == []


def test_written_svgs_are_valid_and_identical_for_identical_reports(tmp_path: Path) -> None:
    first = write_plots(_report(), tmp_path / "a")
    second = write_plots(_report(), tmp_path / "b" / "nested")  # the directory is created
    assert [p.name for p in first] == [s.file for s in plot_specs(_report())]
    for a, b in zip(first, second):
        data = a.read_bytes()
        assert data == b.read_bytes(), a.name
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
        assert b"<dc:date>" not in data
    # text is kept as text: the confusion figure names its classes
    assert b">NONE<" in (tmp_path / "a" / "plv_confusion.svg").read_bytes()
