"""Accuracy floors on the shared gold sets, taken from benchmarks/accuracy.md (`flashpoint eval`).

Floors may only rise: when the coder improves, re-run `flashpoint eval`, commit the report, and
raise the numbers here to the new figures (rounded down to two decimals). Two were lowered once, with
the measurements that justify it (2026-11-26, fourth session): CASE 2021 weighted F1 0.49 -> 0.47 (500
snippets; retraining the ACLED classifier on slightly different coder output moves it by up to 0.015
with every CASE event unchanged, docs/coding.md) and PLV end-to-end found 0.71 -> 0.70 (0.7102 ->
0.7054, 5 of 1,049 items, typed 0.6072 -> 0.6063, while ACLED actor-1 country rose 0.711 -> 0.757).
CASE 2021 was lowered again, 0.48 -> 0.47 (2026-11-26, sixth session): weighted F1 0.484 -> 0.479, accuracy
242 -> 239 of 500; per-item diff of the two runs: 5 snippets changed reading, each by the per-fold ACLED
classifier retrained on the ACLED notes' new events (the notes' new protest and gunfire rows), while ACLED
sub-event type rose 0.833 -> 0.858. It rose to 0.64 (0.628, 0.630, then 0.649) with the text event
category model (2026-11-27, seventh session). With the sentence encoder (2026-11-27, eighth session) PLV
with hints rose to 0.848 / 0.832 (floors 0.84 / 0.82) and CASE 2021 to 0.762 (floor 0.75): the macro-F1
and CASE floors are a step below the rounded figure because the encoder runs int8 matrix products whose
rounding may differ on another CPU's instruction set, and both figures sit within a few items of it.
With the neighbours' vote and the governing trigger for hinted pairs (2026-11-27, ninth session) PLV with
hints rose to 0.862 / 0.846: floors 0.85 / 0.83, again a step below the rounded figures (the vote reads
int8 embeddings too, and 0.86 would leave two items of room); end to end found 0.741 and typed 0.644
(floors 0.74, 0.64). Tenth session (2026-11-27): end to end found 0.754 and typed 0.662 (floors 0.75, 0.66), ConfliBERT
spans 0.763 (0.76) and penta 0.853 (0.85). ACLED event / sub-event type were
lowered 0.88 / 0.86 -> 0.87 / 0.85 (the issue's target for sub-event type is 0.85): the figures came from
one draw of a mini-batch trainer whose example order was a random permutation of all examples, so any
change to the coder's events reshuffled every batch. Trained on the same data with four seeds, that
trainer's held-out accuracy on the notes' examples spread 0.886-0.891 (and the keyed order now used,
`fit_sparse(keys=...)`, 0.886-0.889), i.e. about +-0.002 around its mean; the old floors sat at the top
of that spread. With the keyed order the eval measured 0.8785 / 0.8565. Eleventh session (2026-11-27):
end to end found 0.763 and typed 0.670 (floors 0.755, 0.665: 0.67 would leave no item of room), penta
0.861 (0.855), ACLED actor-1 country 0.801 (0.79). Twelfth session (2026-11-27): end to end found 0.780 and
typed 0.686 (floors 0.775, 0.68), ACLED actor-1 country 0.822 (0.81). Thirteenth session (2026-11-27): end
to end found 0.801 and typed 0.705 (floors 0.795, 0.70: five items of room), penta 0.864 (0.86), spans
0.772 (0.765), ACLED actor-1 country 0.826 (0.82), and the new ACLED event-location measures 0.625 in
ACLED's country, 0.594 at its place or admin1 (floors 0.62, 0.59). Fourteenth session: CASE 2021 weighted
F1 0.822 (floor 0.75 -> 0.80), ACLED actor-1 country 0.835 (0.82 -> 0.83). Fifteenth session: ACLED event
location in ACLED's country 0.728 (0.62 -> 0.72), at its place or admin1 0.684 (0.59 -> 0.68); the new
event_location set, accuracy 0.555 and located-verb F1 0.485 (floors 0.55, 0.48). Sixteenth session: ACLED
actor-1 country 0.851 (0.83 -> 0.84), event location in ACLED's country 0.747 (0.72 -> 0.74), at its place
or admin1 0.716 (0.68 -> 0.70). Seventeenth session: CASE 2021 0.829 (0.80 -> 0.81), ACLED actor-1 country 0.857
(0.84 -> 0.85), event location in ACLED's country 0.784 (0.74 -> 0.77), at its place or admin1 0.753 (0.70 ->
0.74); event_location accuracy 0.576 and F1 0.519 (0.55 -> 0.57, 0.48 -> 0.51). Eighteenth session: ACLED actor-1
country 0.876 by the measure's new rule, the doer of the note's ACLED event among the events that name one
(0.85 -> 0.87), event location in ACLED's country 0.788 (0.77 -> 0.78), at its place or admin1 0.757 (0.74 ->
0.75); event_location F1 0.522 (0.51 -> 0.52). Nineteenth session: ACLED actor-1 country 0.881 (0.87 -> 0.875:
0.88 would leave one note of room), event location in ACLED's country 0.816 (0.78 -> 0.81), at its place or admin1
0.782 (0.75 -> 0.78); event_location accuracy 0.596 and F1 0.555 (0.57 -> 0.59, 0.52 -> 0.55). Twentieth
session: ACLED actor-1 country 0.884 (0.875 -> 0.88: 1,776 of 2,009 notes, eight of room), CASE 2021 0.8295
(0.81 -> 0.82). Twenty-first session: event location in ACLED's country 0.856 (0.81 -> 0.85), at its place or
admin1 0.818 (0.78 -> 0.81). On that session's machine (AMD EPYC with AVX2 and no AVX-512, where the earlier
sessions' machines had it) the int8 encoder's products round differently, and the session-start commit ddb9f20,
unchanged, measured PLV-with-hints ECE 0.0301 (0.0188 on the earlier machine) and CASE 2021 0.8233 (0.8295);
the session's coder, whose changed events retrain the per-fold ACLED classifier the CASE reading takes
features from, 0.8197 there. Both figures depend on which CPU CI draws, so the ECE ceiling was raised 0.03 ->
0.035 (the issue's target is 0.05) and the CASE floor lowered 0.82 -> 0.81. Twenty-second session: the cause is
gone, the encoder's weights take 7 bits (`nlp/bert.py:quantize`), so no uint8 x int8 pair overflows the 16-bit sums
of AVX2 and the integer products are exact on every CPU; measured on the same AVX2 machine, PLV-with-hints ECE
0.021 and CASE 2021 0.827: the ceiling and the floor are restored (0.035 -> 0.03, 0.81 -> 0.82). ACLED actor-1
country 0.892 (0.88 -> 0.89: 1,792 of 2,009 notes, three of room); twenty-third session 0.901 (1,810 notes;
0.89 -> 0.895, ten notes of room, since 0.90 would leave one against the spread of retrained models).
Twenty-fourth session: ACLED event location at its place or admin1 0.838 (0.81 -> 0.83). Twenty-eighth session:
event_location accuracy 0.604 and F1 0.563 (0.59 -> 0.60, 0.55 -> 0.56; the set is coded by the shipped models,
so the figures do not move with retraining). Twenty-ninth session: event_location accuracy 0.631 and F1 0.600 (0.60
-> 0.62, 0.56 -> 0.59). Thirty-first session: ACLED location in ACLED's country 0.908, at its place or admin1 0.862,
within 161 km 0.830 (0.85 -> 0.89, 0.83 -> 0.845, 0.80 -> 0.815: 40-50 notes of room each). Thirty-second session:
PLV end-to-end found 0.817 with implicit gold roles counted (0.795 -> 0.81: seven items of room).
"""

from __future__ import annotations

import pytest

from tests.conftest import shared_path

# (set, path into the set's report, floor)
FLOORS = [
    ("plv", ("with_hints", "accuracy"), 0.85),
    ("plv", ("with_hints", "macro_f1"), 0.83),
    ("plv", ("end_to_end", "found_rate_directed"), 0.81),
    ("plv", ("end_to_end", "typed_rate_directed"), 0.70),
    ("conflibert_class", ("accuracy",), 0.86),
    ("conflibert_ner", ("combined", "f1"), 0.765),
    ("case2021", ("weighted_f1",), 0.82),
    ("acled", ("event_type", "accuracy"), 0.875),
    ("acled", ("sub_event_type", "accuracy"), 0.855),
    ("acled", ("done", "accuracy"), 0.985),
    ("acled", ("fatalities", "exact_accuracy"), 0.97),
    ("acled", ("actor1_country", "accuracy"), 0.895),
    ("acled", ("location", "country"), 0.89),
    ("acled", ("location", "place_or_admin1"), 0.845),
    ("acled", ("location", "within_161km"), 0.815),
    ("event_location", ("accuracy",), 0.62),
    ("event_location", ("f1",), 0.59),
]
CEILINGS = [("plv", ("with_hints", "calibration", "ece"), 0.03)]


@pytest.fixture(scope="module")
def report():
    from flashpoint.coding.train import CoderFactory
    from flashpoint.eval.run import evaluate

    gold = shared_path("data", "gold")
    return evaluate(CoderFactory(gold), gold)


def _get(report, name, path):
    node = report["sets"][name]
    assert not node.get("error"), node.get("error")
    for key in path:
        node = node[key]
    return float(node)


@pytest.mark.parametrize(("name", "path", "floor"), FLOORS, ids=[f"{n}:{'.'.join(p)}" for n, p, _ in FLOORS])
def test_floor(report, name, path, floor):
    assert _get(report, name, path) >= floor


@pytest.mark.parametrize(("name", "path", "ceiling"), CEILINGS, ids=[f"{n}:{'.'.join(p)}" for n, p, _ in CEILINGS])
def test_ceiling(report, name, path, ceiling):
    assert _get(report, name, path) <= ceiling


def test_plv_is_cross_validated(report):
    assert report["sets"]["plv"]["cross_validated"] is True


def test_conflibert_sets_are_cross_validated(report):
    # the role models train on ConfliBERT spans; ConfliBERT class shares 466 texts with PLV
    assert report["sets"]["conflibert_ner"]["cross_validated"] is True
    assert report["sets"]["conflibert_class"]["cross_validated"] is True
