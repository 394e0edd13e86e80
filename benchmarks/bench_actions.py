"""Action classifier and stage machine throughput (prints figures; never pass/fail).

    .venv/bin/python benchmarks/bench_actions.py

Data: the 69k labelled actions of shared/fixtures/labels (WA, MA, MN) and the 8,022 NY bills,
read from ../shared, never copied. Figures:

- stream:   classify_actions over every labelled action, state by state, with a fresh
            classifier (cold cache), as a crawl would feed it. Target: >= 50k actions/s.
- warm:     the same stream again (phrasings already cached).
- distinct: every distinct description once, fresh classifier: the worst case, nothing repeats.
- spaCy:    the same stream through the spaCy component (nlp.pipe), for comparison.
- stage:    NY bills, actions classified and the stage machine run, bills/s.
"""

from __future__ import annotations

import csv
import sys
import time

from statecare.config import fixtures_dir
from statecare.nlp.actions.classifier import ActionClassifier
from statecare.nlp.actions.labelled import load_action_csv
from statecare.nlp.actions.learned import load_default_complement
from statecare.nlp.stage.sources import classify_and_stage, parse_ny_actions

FILES = ("wa_2025-2026", "ma_194th", "mn_2025-2026")


def _stream(clf: ActionClassifier, by_state: dict[str, tuple[list[str], list[str]]]) -> float:
    t = time.perf_counter()
    for st, (texts, chambers) in by_state.items():
        clf.classify_actions(texts, st, chambers)
    return time.perf_counter() - t


def main() -> None:
    labels = fixtures_dir() / "labels"
    by_state: dict[str, tuple[list[str], list[str]]] = {}
    for name in FILES:
        rows = load_action_csv(labels / f"{name}_openstates_action_classifications.csv")
        by_state[rows[0].state] = ([r.description for r in rows], [r.chamber for r in rows])
    n = sum(len(t) for t, _ in by_state.values())
    learned = load_default_complement()

    best_cold = min(_stream(ActionClassifier(learned=learned), by_state) for _ in range(3))
    print(f"stream (cold cache):  {n / best_cold:10,.0f} actions/s  ({n} actions, {best_cold:.2f}s)")
    clf = ActionClassifier(learned=learned)
    _stream(clf, by_state)
    warm = min(_stream(clf, by_state) for _ in range(3))
    print(f"stream (warm cache):  {n / warm:10,.0f} actions/s")

    distinct = {st: tuple(map(list, zip(*dict.fromkeys(zip(t, c, strict=True)), strict=True)))
                for st, (t, c) in by_state.items()}
    nd = sum(len(t) for t, _ in distinct.values())
    cold_d = min(_stream(ActionClassifier(learned=learned), distinct) for _ in range(3))  # type: ignore[arg-type]
    print(f"distinct (no repeats):{nd / cold_d:10,.0f} actions/s  ({nd} distinct)")

    from statecare.nlp.actions.component import build_action_pipeline

    nlp = build_action_pipeline()
    t = time.perf_counter()
    for st, (texts, chambers) in by_state.items():
        docs = []
        for text, ch in zip(texts, chambers, strict=True):
            d = nlp.make_doc(text)
            d._.state, d._.chamber = st, ch
            docs.append(d)
        for _ in nlp.pipe(docs, batch_size=2000):
            pass
    el = time.perf_counter() - t
    print(f"spaCy component:      {n / el:10,.0f} actions/s  (tokenising dominates)")

    csv.field_size_limit(sys.maxsize)
    with (labels / "ny_health_insurance_bills_status_actions_2019-2023.csv").open(newline="", encoding="utf-8") as fh:
        bills = [parse_ny_actions(r["actions"]) for r in csv.DictReader(fh)]
    t = time.perf_counter()
    for acts in bills:
        classify_and_stage(acts, state="ny")
    el = time.perf_counter() - t
    na = sum(len(a) for a in bills)
    print(f"stage (NY):           {len(bills) / el:10,.0f} bills/s  ({na / el:,.0f} actions/s incl. classification)")


if __name__ == "__main__":
    main()
