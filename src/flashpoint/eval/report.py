"""Write an evaluation report (from `flashpoint.eval.run.evaluate`) as JSON and readable Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flashpoint.eval.gold import PENTA_NAMES

# Published figures to read ours against (they are on the sets' test splits, ours on dev/train).
ANCHORS: dict[tuple[str, str], str] = {
    ("plv", "accuracy (with hints)"): "0.838 (zero-shot NLI, PLV test)",
    ("plv", "macro-F1 (with hints)"): "0.824 (zero-shot NLI, PLV test)",
    ("case2021", "weighted F1"): "0.839 (best published, full test)",
}

Row = tuple[str, str, float, int]  # set, measure, value, n


def _get(d: dict[str, Any], *path: str) -> Any:
    for key in path:
        d = d[key]
    return d


# measure name, path into the set's result, path to its n
_HEADLINES: dict[str, list[tuple[str, tuple[str, ...], tuple[str, ...]]]] = {
    "plv": [
        ("accuracy (with hints)", ("with_hints", "accuracy"), ("with_hints", "n")),
        ("macro-F1 (with hints)", ("with_hints", "macro_f1"), ("with_hints", "n")),
        ("ECE (with hints)", ("with_hints", "calibration", "ece"), ("with_hints", "n")),
        ("found rate, directed (end-to-end)", ("end_to_end", "found_rate_directed"), ("end_to_end", "n")),
        ("typed rate, directed (end-to-end)", ("end_to_end", "typed_rate_directed"), ("end_to_end", "n")),
        ("found rate, either direction (end-to-end)", ("end_to_end", "found_rate_either"), ("end_to_end", "n")),
        ("typed rate, either direction (end-to-end)", ("end_to_end", "typed_rate_either"), ("end_to_end", "n")),
    ],
    "conflibert_class": [
        ("accuracy", ("accuracy",), ("n",)),
        ("macro-F1", ("macro_f1",), ("n",)),
    ],
    "conflibert_ner": [
        ("span F1, source", ("source", "f1"), ("n",)),
        ("span F1, target", ("target", "f1"), ("n",)),
        ("span F1, combined", ("combined", "f1"), ("n",)),
    ],
    "case2021": [
        ("weighted F1", ("weighted_f1",), ("n",)),
        ("macro-F1", ("macro_f1",), ("n",)),
        ("accuracy", ("accuracy",), ("n",)),
    ],
    "acled": [
        ("event_type accuracy", ("event_type", "accuracy"), ("n",)),
        ("sub_event_type accuracy", ("sub_event_type", "accuracy"), ("n",)),
        ("fatalities exact match", ("fatalities", "exact_accuracy"), ("n",)),
        ("actor-1 country accuracy", ("actor1_country", "accuracy"), ("actor1_country", "covered")),
    ],
}


def headline_rows(report: dict[str, Any]) -> list[Row]:
    """The headline measures of every set evaluated without error."""
    rows: list[Row] = []
    for name, result in report.get("sets", {}).items():
        if "error" in result:
            continue
        for measure, value_path, n_path in _HEADLINES.get(name, []):
            rows.append((name, measure, float(_get(result, *value_path)), int(_get(result, *n_path))))
    return rows


def _f(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines + [""]


def _per_class(table: dict[str, dict[str, Any]], names: dict[str, str] | None = None) -> list[str]:
    rows = [
        [f"{label} {names[label]}" if names and label in names else label,
         _f(r["precision"]), _f(r["recall"]), _f(r["f1"]), str(r["support"]), str(r["predicted"])]
        for label, r in table.items()
    ]
    return _table(["class", "precision", "recall", "F1", "support", "predicted"], rows)


def _confusion(conf: dict[str, Any]) -> list[str]:
    labels = conf["labels"]
    rows = [[label] + [str(v) for v in row] for label, row in zip(labels, conf["matrix"]) if sum(row)]
    return ["Confusion (rows gold, columns predicted; classes without gold items have no row):", ""] + _table(["gold \\ pred"] + labels, rows)


def _classification(res: dict[str, Any], names: dict[str, str] | None = None, confusion: bool = True) -> list[str]:
    lines = [
        f"n = {res['n']}; accuracy {_f(res['accuracy'])}; macro-F1 {_f(res['macro_f1'])}; "
        f"weighted F1 {_f(res['weighted_f1'])}",
        "",
    ]
    lines += _per_class(res["per_class"], names)
    if confusion:
        lines += _confusion(res["confusion"])
    return lines


def _calibration(cal: dict[str, Any]) -> list[str]:
    rows = [
        [f"[{b['low']:.1f}, {b['high']:.1f})", _f(b["mean_confidence"]), _f(b["accuracy"]), str(b["count"])]
        for b in cal["bins"]
    ]
    return [f"Calibration: ECE {_f(cal['ece'])} over {cal['n']} items (10 equal-width bins).", ""] + _table(
        ["confidence bin", "mean confidence", "accuracy", "count"], rows
    )


def _plv(res: dict[str, Any]) -> list[str]:
    h, e = res["with_hints"], res["end_to_end"]
    lines = ["### With actor hints (15 classes, CONCEDE/RETREAT → YIELD)", ""]
    lines += [f"No event returned: {h['no_event']}.", ""]
    lines += _classification(h) + _calibration(h["calibration"])
    lines += ["### End to end (no hints)", ""]
    lines += _table(
        ["measure", "directed", "either direction"],
        [["found rate", _f(e["found_rate_directed"]), _f(e["found_rate_either"])],
         ["typed rate", _f(e["typed_rate_directed"]), _f(e["typed_rate_either"])]],
    )
    lines += [f"n = {e['n']}; items with no event: {e['counts']['no_event']}.", ""]
    return lines


def _ner(res: dict[str, Any]) -> list[str]:
    rows = [
        [role, _f(r["precision"]), _f(r["recall"]), _f(r["f1"]), str(r["pred"]), str(r["gold"])]
        for role, r in ((k, res[k]) for k in ("source", "target", "combined"))
    ]
    return ["Overlap match; reciprocal gold spans count for both roles.", ""] + _table(
        ["role", "precision", "recall", "F1", "predicted spans", "gold spans"], rows
    )


def _acled(res: dict[str, Any]) -> list[str]:
    fat, ctry = res["fatalities"], res["actor1_country"]
    lines = [f"Rows with no event carrying an ACLED reading: {res['no_acled_event']}.", "", "### event_type", ""]
    lines += _classification(res["event_type"])
    lines += ["### sub_event_type", ""] + _classification(res["sub_event_type"], confusion=False)
    lines += [
        "### Fatalities and actor-1 country",
        "",
        f"Fatalities (max over events, none → 0): exact match {_f(fat['exact_accuracy'])}, "
        f"mean absolute error {fat['mean_abs_error']:.2f}, n = {fat['n']}.",
        "",
        f"Actor-1 country (source of the highest-confidence event vs the country named in ACLED's actor1): "
        f"accuracy {_f(ctry['accuracy'])} over {ctry['covered']} rows with a gold country "
        f"(coverage {_f(ctry['coverage'])} of {ctry['n']}).",
        "",
    ]
    return lines


_SECTIONS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "plv": _plv,
    "conflibert_class": lambda r: _classification(r, PENTA_NAMES),
    "conflibert_ner": _ner,
    "case2021": _classification,
    "acled": _acled,
}


def render_markdown(report: dict[str, Any], command: str) -> str:
    coder = report.get("coder") or {}
    lines = [
        "# Flashpoint evaluation on the shared gold sets",
        "",
        "Produced by:",
        "",
        "```",
        command,
        "```",
        "",
        f"Coder: {coder.get('name', '?')} {coder.get('version', '?')}; created {report.get('created', '?')}; "
        f"gold: `{report.get('gold_dir', '?')}`; limit: {report.get('limit')}.",
        "",
        "## Headline",
        "",
    ]
    sets = report.get("sets", {})
    rows = [
        [name, measure, _f(value), str(n), "5-fold CV" if sets[name].get("cross_validated") else "",
         ANCHORS.get((name, measure), "")]
        for name, measure, value, n in headline_rows(report)
    ]
    lines += _table(["set", "measure", "value", "n", "cross-validated", "anchor"], rows)
    lines += ["Anchors are published figures on the sets' test splits; ours are on the shared dev/train files.", ""]
    errors = [(name, res) for name, res in sets.items() if "error" in res]
    if errors:
        lines += ["## Not evaluated", ""]
        lines += [f"- **{name}**: {res['error_type']}: {res['error']}" for name, res in errors] + [""]
    for name, res in sets.items():
        if "error" in res:
            continue
        cv = f"{res['folds']}-fold cross-validated" if res.get("cross_validated") else "not cross-validated"
        lines += [f"## {name}", "", f"n = {res['n']}; {cv}; {res.get('elapsed_s', 0):.1f} s.", ""]
        if res.get("failures"):
            lines += [f"Articles the coder failed on: {res['failures']}.", ""]
        lines += _SECTIONS[name](res)
    return "\n".join(lines).rstrip() + "\n"


def write_report(report: dict[str, Any], md_path: Path, json_path: Path, command: str) -> None:
    """Write `report` as sorted, indented JSON and as Markdown headed by the command that produced it."""
    md_path, json_path = Path(md_path), Path(json_path)
    for path in (md_path, json_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"command": command, **report}
    json_path.write_text(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report, command), encoding="utf-8")
