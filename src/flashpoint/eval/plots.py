"""SVG figures of an evaluation report: reliability diagrams, precision-recall curves, confusion heatmaps.

`plot_specs(report)` says which figures a report has (pure, cheap: the Markdown links them);
`write_plots(report, out_dir)` draws them with matplotlib (imported lazily, no pyplot state) as
deterministic SVG, text kept as text: no date in the metadata and element ids salted with a constant,
so identical reports give identical files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SVG_SALT = "flashpoint-eval"


@dataclass(frozen=True, slots=True)
class PlotSpec:
    file: str  # file name inside the plots directory
    title: str
    kind: str  # "reliability" | "pr" | "confusion"
    data: Any  # reliability: [(label, bins)]; pr: [(label, curve)]; confusion: the {"labels", "matrix"} dict


def _ok(report: dict[str, Any], name: str) -> dict[str, Any] | None:
    res = report.get("sets", {}).get(name)
    return None if res is None or "error" in res else res


def plot_specs(report: dict[str, Any]) -> list[PlotSpec]:
    """The figures of `report`, in a fixed order, for the sets evaluated without error."""
    specs: list[PlotSpec] = []
    plv = _ok(report, "plv")
    if plv is not None:
        h, e = plv["with_hints"], plv["end_to_end"]
        specs.append(PlotSpec("plv_reliability.svg", "PLV with actor hints: reliability", "reliability",
                              [("with hints", h["calibration"]["bins"])]))
        curves = [("with hints (first event)", h["pr_curve"])] if "pr_curve" in h else []
        curves += [("end to end (directed pair + type)", e["pr_curve"])] if "pr_curve" in e else []
        if curves:
            specs.append(PlotSpec("plv_pr.svg", "PLV: precision-recall over the confidence threshold", "pr", curves))
        specs.append(PlotSpec("plv_confusion.svg", "PLV with actor hints: confusion", "confusion", h["confusion"]))
    cls = _ok(report, "conflibert_class")
    if cls is not None:
        if "calibration" in cls:
            specs.append(PlotSpec("conflibert_class_reliability.svg", "ConfliBERT class: reliability",
                                  "reliability", [("best event", cls["calibration"]["bins"])]))
        if "pr_curve" in cls:
            specs.append(PlotSpec("conflibert_class_pr.svg", "ConfliBERT class: precision-recall", "pr",
                                  [("best event", cls["pr_curve"])]))
        specs.append(PlotSpec("conflibert_class_confusion.svg", "ConfliBERT class: confusion", "confusion",
                              cls["confusion"]))
    case = _ok(report, "case2021")
    if case is not None:
        specs.append(PlotSpec("case2021_confusion.svg", "CASE 2021: confusion", "confusion", case["confusion"]))
    acled = _ok(report, "acled")
    if acled is not None:
        for key in ("event_type", "sub_event_type"):
            specs.append(PlotSpec(f"acled_{key}_confusion.svg", f"ACLED {key}: confusion", "confusion",
                                  acled[key]["confusion"]))
    return specs


def _reliability(fig: Figure, spec: PlotSpec) -> None:
    ax, hist = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    ax.plot([0, 1], [0, 1], color="#999999", linestyle="--", linewidth=1, label="perfect calibration")
    for label, bins in spec.data:
        full = [b for b in bins if b["count"]]
        ax.plot([b["mean_confidence"] for b in full], [b["accuracy"] for b in full], marker="o", label=label)
        hist.bar([(b["low"] + b["high"]) / 2 for b in bins], [b["count"] for b in bins],
                 width=[0.9 * (b["high"] - b["low"]) for b in bins], color="#8fbce6")
    ax.set(xlim=(0, 1), ylim=(0, 1), ylabel="accuracy", title=spec.title)
    ax.legend(loc="upper left", fontsize=8)
    hist.set(xlabel="confidence", ylabel="items")


def _pr(fig: Figure, spec: PlotSpec) -> None:
    ax = fig.subplots()
    for label, curve in spec.data:
        pts = [r for r in curve if r["precision"] is not None]
        ax.plot([r["recall"] for r in pts], [r["precision"] for r in pts], marker=".", label=label)
    ax.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="recall", ylabel="precision", title=spec.title)
    ax.legend(loc="lower left", fontsize=8)


def _confusion(fig: Figure, spec: PlotSpec) -> None:
    labels, matrix = spec.data["labels"], spec.data["matrix"]
    rows = [i for i, r in enumerate(matrix) if sum(r)]  # gold classes with items
    share = [[v / sum(matrix[i]) for v in matrix[i]] for i in rows]
    ax = fig.subplots()
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    size = 8 if len(labels) <= 16 else 6
    for y, i in enumerate(rows):
        for x, v in enumerate(matrix[i]):
            if v:
                ax.text(x, y, str(v), ha="center", va="center", fontsize=size,
                        color="white" if share[y][x] > 0.5 else "black")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=size)
    ax.set_yticks(range(len(rows)), [labels[i] for i in rows], fontsize=size)
    ax.set(xlabel="predicted", ylabel="gold", title=spec.title + " (shade: share of the gold row)")


_DRAW: dict[str, Callable[[Figure, PlotSpec], None]] = {
    "reliability": _reliability, "pr": _pr, "confusion": _confusion,
}


def _size(spec: PlotSpec) -> tuple[float, float]:
    if spec.kind == "confusion":
        side = max(5.0, 0.32 * len(spec.data["labels"]) + 2.5)
        return side, side
    return 6.0, 5.0


def write_plots(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """Draw every figure of `report` into `out_dir` (created); the paths written, in `plot_specs` order."""
    import matplotlib  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in plot_specs(report):
        fig = Figure(figsize=_size(spec), layout="constrained")
        _DRAW[spec.kind](fig, spec)
        path = out_dir / spec.file
        with matplotlib.rc_context({"svg.hashsalt": SVG_SALT, "svg.fonttype": "none"}):
            fig.savefig(path, format="svg", metadata={"Date": None})
        written.append(path)
    return written
