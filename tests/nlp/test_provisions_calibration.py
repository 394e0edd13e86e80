"""Issue 13: the confidence shown holds on never-seen bills (the first-contact map, calibrate.py).

The recorded first contacts (`provisions_first_contact.json`: what each labelling round's code showed on
the next group before any change) are scored here against today's gold, so every bound below is computed
from the gold and the recording, not written down: a map fitted without a group must state that group's
right share better than the confidence the code showed then.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from provhelp import DATA, GOLD, candidates_of

from statecare.legis.words import confidence_words
from statecare.nlp.evaluate.provisions import agrees
from statecare.nlp.provisions import exclusive
from statecare.nlp.provisions.calibrate import (
    FIRST_CONTACT_FILE,
    ece,
    first_contact_rows,
    fit_map,
    reliability,
)
from statecare.nlp.provisions.rank import Candidate, first_contact_map, load_ranker

WA = "WA_2025-2026_SB5233_Washington_health_trust_extracted.txt"
NY = "NY_2023_S7590.md.txt"
META = json.loads((DATA / "provisions_gold_meta.json").read_text())


def _rows() -> list[dict]:
    return first_contact_rows(GOLD, agrees)


def test_first_contact_record_names_only_groups_labelled_before_any_change() -> None:
    """Every recorded row is a document of the group it is filed under, and its key was shown."""
    recorded = json.loads(FIRST_CONTACT_FILE.read_text())
    assert set(recorded["groups"]) == {"held_aside_new", "held_aside_3", "held_aside_4", "held_aside_5", "held_aside_6"}
    for group, entry in recorded["groups"].items():
        assert len(entry["commit"]) >= 7
        assert entry["rows"], group
        assert all(META[r["doc"]]["split"] == group and 0.0 < r["confidence"] < 1.0 for r in entry["rows"])


def test_shipped_map_is_monotone_and_inside_0_1() -> None:
    ranker = load_ranker()
    assert ranker.fc_w > 0, "the first-contact map must keep the calibrator's order"
    grid = [i / 200 for i in range(2, 199)]  # the ranker clips its confidences to [0.01, 0.99]
    mapped = [first_contact_map(p, ranker.fc_w, ranker.fc_b) for p in grid]
    assert all(0.0 < q < 1.0 for q in mapped)
    assert all(a < b for a, b in zip(mapped, mapped[1:], strict=False))
    # near miss: an identity map (a ranker file without one) changes nothing
    assert first_contact_map(0.73, 1.0, 0.0) == 0.73


def test_held_out_group_is_better_calibrated_than_what_the_code_showed() -> None:
    """Each group's map is fitted on the OTHER first-contact groups. Bounds from the gold: on every held-out
    group the ECE falls; pooled it is at most half the ECE of the confidence shown then, and below a
    constant guess at the other groups' right share (the bar any map must clear)."""
    rows = _rows()
    groups = sorted({r["group"] for r in rows})
    before: list[tuple[float, bool]] = []
    after: list[tuple[float, bool]] = []
    constant: list[tuple[float, bool]] = []
    for g in groups:
        train = [r for r in rows if r["group"] != g]
        test = [r for r in rows if r["group"] == g]
        w, b = fit_map(train)
        assert w > 0
        b_g = [(r["p"], r["right"]) for r in test]
        a_g = [(first_contact_map(r["p"], w, b), r["right"]) for r in test]
        assert ece(a_g) < ece(b_g), g
        base = sum(r["right"] for r in train) / len(train)
        before += b_g
        after += a_g
        constant += [(base, r["right"]) for r in test]
    assert ece(after) <= 0.5 * ece(before)
    assert ece(after) < ece(constant)


def test_latest_group_from_earlier_groups_only() -> None:
    """Leave-split-out as at first contact: the map fitted on the groups labelled before held_aside_5
    states held_aside_5's right share better than the code did (ECE at most 3/4 of it)."""
    rows = _rows()
    w, b = fit_map([r for r in rows if r["group"] != "held_aside_5"])
    test = [r for r in rows if r["group"] == "held_aside_5"]
    raw = ece([(r["p"], r["right"]) for r in test])
    assert ece([(first_contact_map(r["p"], w, b), r["right"]) for r in test]) <= 0.75 * raw


def test_weak_evidence_words_mark_the_passages_that_were_wrong_more_often() -> None:
    """The page says "weak evidence: check the passage" below 0.60. With the shipped map, first-contact
    passages said to be weak were right less often than those said to be likely or strong, and the mean
    confidence of each word's passages is within 0.25 of their right share."""
    ranker = load_ranker()
    rows = _rows()
    said = [(first_contact_map(r["p"], ranker.fc_w, ranker.fc_b), r["right"]) for r in rows]
    weak = [r for p, r in said if confidence_words(p).startswith("weak")]
    sure = [r for p, r in said if not confidence_words(p).startswith("weak")]
    assert weak and sure
    assert sum(weak) / len(weak) < sum(sure) / len(sure)
    for lo, hi, n, mean, share in reliability(said):
        assert n < 5 or abs(mean - share) <= 0.25, (lo, hi, n, mean, share)


def _claimed(cands: tuple[Candidate, ...], ranker) -> dict[str, list[tuple[Candidate, float]]]:  # type: ignore[no-untyped-def]
    by_key: dict[str, list[Candidate]] = {}
    for c in cands:
        by_key.setdefault(c.key, []).append(c)
    out = {}
    for key, group in sorted(by_key.items()):
        ranked = ranker.rank(group)
        if ranker.shows(key, ranked):
            out[key] = ranked
    return out


def test_map_changes_no_passage_and_no_exclusive_choice(shared: Path) -> None:
    """The same candidates ranked with and without the map: the same keys after the exclusive groups are
    resolved (WA SB 5233 holds both no and income-based cost sharing), the same passages in the same order,
    confidences strictly decreasing within a key and inside [0, 1]."""
    shipped = load_ranker()
    identity = replace(shipped, fc_w=1.0, fc_b=0.0)
    for name in (WA, NY):
        cands = candidates_of(shared, name)
        a = exclusive.resolve(_claimed(cands, shipped))
        b = exclusive.resolve(_claimed(cands, identity))
        assert list(a) == list(b)
        for key in a:
            assert [c for c, _ in a[key]] == [c for c, _ in b[key]], (name, key)
            confs = [p for _, p in a[key]]
            assert all(0.0 <= p <= 1.0 for p in confs)
            assert all(x > y for x, y in zip(confs, confs[1:], strict=False)) or confs[-1] == 0.01
        # the map lowers what the calibrator alone would show (first contact was over-stated)
        assert sum(r[0][1] for r in a.values()) < sum(r[0][1] for r in b.values())
