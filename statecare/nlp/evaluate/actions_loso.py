"""Leave-one-state-out and seen-state measurements of the action classifier.

Leave-one-state-out: for each labelled state, the learned part is trained on the other states
only, and the left-out state is classified as never seen (no rule file of its own, no state token
for the learned part). Four systems are scored on it:

- rules            general rules only;
- rules+learned    general rules, learned part for actions the rules leave unlabelled;
- learned only     the n-gram logistic regression alone (the plain baseline the issue warns of);
- +conventions     rules plus the left-out state's own "convention" rules: the score Open States'
                   labels would give if they labelled that state the way the general rules read it.

An error of the left-out state counts as an Open States label disagreement when that state's
convention rules fix it (they record only where Open States labels the state's phrasing
differently from the plain reading), otherwise as a classifier error.

Seen states: a deterministic 80/20 split by bill; the learned part is trained on the 80 %, and
the 20 % is scored with general + state rules (+ learned).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from statecare.legis.chambers import normalize_chamber
from statecare.nlp.actions.classifier import ActionClassifier
from statecare.nlp.actions.labelled import LabelledAction, bill_in_test_split
from statecare.nlp.actions.learned import LearnedComplement, LearnedConfig
from statecare.nlp.actions.rules import KEY_LABELS, normalize_description
from statecare.nlp.evaluate.actions import Scores, score

SYSTEMS: tuple[str, ...] = ("rules", "rules+learned", "learned only", "+conventions")


@dataclass
class FoldResult:
    """Scores of one left-out (or held-out) state under each system."""

    state: str
    n: int
    all_labels: dict[str, Scores] = field(default_factory=dict)
    key_labels: dict[str, Scores] = field(default_factory=dict)
    disagreements: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    by_convention: Counter[str] = field(default_factory=Counter)
    classifier_errors: Counter[tuple[str, str, str]] = field(default_factory=Counter)


def _by_state(rows: Iterable[LabelledAction]) -> dict[str, list[LabelledAction]]:
    out: dict[str, list[LabelledAction]] = {}
    for r in rows:
        out.setdefault(r.state, []).append(r)
    return out


def _predict(clf: ActionClassifier, rows: Sequence[LabelledAction]) -> list[list[str]]:
    by: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by.setdefault(r.state, []).append(i)
    out: list[list[str]] = [[] for _ in rows]
    for st, idx in by.items():
        preds = clf.classify_actions([rows[i].description for i in idx], st, [rows[i].chamber for i in idx])
        for i, p in zip(idx, preds, strict=True):
            out[i] = p
    return out


def _learned_only(model: LearnedComplement, rows: Sequence[LabelledAction], *, seen: bool) -> list[list[str]]:
    keys = [(normalize_description(r.description), normalize_chamber(r.chamber), r.state if seen else None)
            for r in rows]
    distinct = list(dict.fromkeys(keys))
    preds = model.predict([k[0] for k in distinct], [k[1] for k in distinct], [k[2] for k in distinct])
    found = dict(zip(distinct, preds, strict=True))
    return [found[k] for k in keys]


def _key(labels: Iterable[str]) -> str:
    return "|".join(sorted(set(labels) & set(KEY_LABELS)))


def leave_one_state_out(
    rows: Sequence[LabelledAction],
    config: LearnedConfig,
    *,
    labels: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
    only: Sequence[str] | None = None,
) -> list[FoldResult]:
    """Score every state (or those in `only`) as never seen, training the learned part on the others."""
    states = _by_state(rows)
    if len(states) < 2:
        raise ValueError(f"leave-one-state-out needs labelled actions of at least two states, got {sorted(states)}")
    key = list(labels) if labels is not None else list(KEY_LABELS)
    results: list[FoldResult] = []
    for st in sorted(states):
        if only is not None and st not in only:
            continue
        if progress:
            progress(f"left out {st}: training on {', '.join(s for s in sorted(states) if s != st)}")
        train = [r for s, rs in states.items() if s != st for r in rs]
        test = states[st]
        model = LearnedComplement.train(train, config)
        gold = [r.labels for r in test]
        preds = {
            "rules": _predict(ActionClassifier(use_state_rules=False), test),
            "rules+learned": _predict(ActionClassifier(use_state_rules=True, exclude_state_rules=[st], learned=model), test),
            "learned only": _learned_only(model, test, seen=False),
            "+conventions": _predict(ActionClassifier(use_state_rules=True, rule_kinds=["convention"]), test),
        }
        fold = FoldResult(state=st, n=len(test))
        conventions = ActionClassifier(use_state_rules=True, rule_kinds=["convention"])
        for name, pred in preds.items():
            fold.all_labels[name] = score(gold, pred)
            fold.key_labels[name] = score(gold, pred, key)
        for r, p, pc in zip(test, preds["rules+learned"], preds["+conventions"], strict=True):
            g = _key(r.labels)
            if g == _key(p):
                continue
            item = (normalize_description(r.description), f"gold={g or '-'}", f"pred={_key(p) or '-'}")
            if g == _key(pc):
                fold.disagreements[item] += 1
                for rid in conventions.explain(r.description, st, r.chamber).state:
                    fold.by_convention[rid] += 1
            else:
                fold.classifier_errors[item] += 1
        results.append(fold)
    return results


def seen_state_heldout(
    rows: Sequence[LabelledAction],
    config: LearnedConfig,
    *,
    test_percent: int = 20,
    labels: Sequence[str] | None = None,
) -> list[FoldResult]:
    """Held-out (by bill) scores for states the classifier has seen: train 80 %, score 20 %."""
    train = [r for r in rows if not bill_in_test_split(r.state, r.session, r.bill, test_percent=test_percent)]
    test = [r for r in rows if bill_in_test_split(r.state, r.session, r.bill, test_percent=test_percent)]
    model = LearnedComplement.train(train, config)
    key = list(labels) if labels is not None else list(KEY_LABELS)
    out: list[FoldResult] = []
    for st, rs in sorted(_by_state(test).items()):
        gold = [r.labels for r in rs]
        preds = {
            "rules": _predict(ActionClassifier(use_state_rules=True), rs),
            "rules+learned": _predict(ActionClassifier(use_state_rules=True, learned=model), rs),
            "learned only": _learned_only(model, rs, seen=True),
        }
        fold = FoldResult(state=st, n=len(rs))
        for name, pred in preds.items():
            fold.all_labels[name] = score(gold, pred)
            fold.key_labels[name] = score(gold, pred, key)
        out.append(fold)
    return out


def format_table(results: Sequence[FoldResult], title: str, systems: Sequence[str] = SYSTEMS) -> list[str]:
    """Markdown table: one row per state, key-label and all-label micro-F1 for each system."""
    present = [s for s in systems if results and s in results[0].all_labels]
    head = "| state | n | " + " | ".join(f"key F1 {s} | all F1 {s}" for s in present) + " |"
    lines = [f"### {title}", "", head, "|" + "---|" * (2 + 2 * len(present))]
    for f in results:
        cells = " | ".join(f"{f.key_labels[s].micro_f1:.4f} | {f.all_labels[s].micro_f1:.4f}" for s in present)
        lines.append(f"| {f.state} | {f.n} | {cells} |")
    return lines


def format_errors(results: Sequence[FoldResult], top: int = 8) -> list[str]:
    """Per left-out state: how many key-label errors are label disagreements, and the top phrasings."""
    lines: list[str] = []
    for f in results:
        nd, nc = sum(f.disagreements.values()), sum(f.classifier_errors.values())
        tot = nd + nc
        share = nd / tot if tot else 0.0
        lines.append(f"#### {f.state}: {tot} actions with key-label errors (rules+learned); "
                     f"{nd} ({share:.1%}) are Open States label disagreements, {nc} classifier errors")
        for rid, n in f.by_convention.most_common():
            lines.append(f"- convention rule `{rid}` accounts for {n} of the disagreements")
        for name, ctr in (("disagreement", f.disagreements), ("classifier error", f.classifier_errors)):
            for (text, g, p), n in ctr.most_common(top):
                lines.append(f"- {name} x{n}: `{text[:80]}` {g} {p}")
        lines.append("")
    return lines


def load_national_actions(root: str | Path, *, per_state: int | None = 2000, seed: int = 0) -> list[LabelledAction]:
    """Every state's actions from `national/<st>/<session>/actions.csv.gz` (Open States' own labels),
    sampled to at most `per_state` actions per state (seeded, so the sample is the same each run)."""
    import csv
    import gzip
    import random

    by_state: dict[str, list[LabelledAction]] = {}
    files = sorted(Path(root).glob("*/*/actions.csv.gz"))
    if not files:
        raise FileNotFoundError(f"no */*/actions.csv.gz under {root}")
    for f in files:
        with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
            for n, r in enumerate(csv.DictReader(fh), start=2):
                st = (r.get("state") or f.parent.parent.name).strip().lower()
                by_state.setdefault(st, []).append(LabelledAction(
                    state=st, session=r.get("session") or "", bill=r.get("bill") or "", date=r.get("date") or "",
                    chamber=r.get("chamber") or "", description=r.get("description") or "",
                    labels=frozenset(p for p in (r.get("classification") or "").split("|") if p), line=n,
                ))
    rng = random.Random(seed)
    out: list[LabelledAction] = []
    for st in sorted(by_state):
        rows = by_state[st]
        if per_state is not None and len(rows) > per_state:
            rows = [rows[i] for i in sorted(rng.sample(range(len(rows)), per_state))]
        out.extend(rows)
    return out


@dataclass
class NationalFold:
    """Key-label scores of one left-out state of the national recording."""

    state: str
    n: int
    never_seen: Scores
    shipped: Scores


def national_leave_one_state_out(
    rows: Sequence[LabelledAction],
    *,
    labels: Sequence[str] | None = None,
    general: object | None = None,
) -> tuple[list[NationalFold], Scores, Scores]:
    """Each state scored as never seen (general rules only: its own rule file left out; the rules
    learn nothing from other states' labels, so nothing else needs retraining) and as shipped
    (general + its own rules, when it has a file). Returns the folds and the pooled scores."""
    key = list(labels) if labels is not None else list(KEY_LABELS)
    kw = {"general": general} if general is not None else {}
    never = ActionClassifier(use_state_rules=False, **kw)  # type: ignore[arg-type]
    shipped = ActionClassifier(**kw)  # type: ignore[arg-type]
    folds: list[NationalFold] = []
    all_gold: list[frozenset[str]] = []
    all_never: list[list[str]] = []
    all_shipped: list[list[str]] = []
    for st, test in sorted(_by_state(rows).items()):
        gold = [r.labels for r in test]
        pn, ps = _predict(never, test), _predict(shipped, test)
        folds.append(NationalFold(st, len(test), score(gold, pn, key), score(gold, ps, key)))
        all_gold.extend(gold)
        all_never.extend(pn)
        all_shipped.extend(ps)
    return folds, score(all_gold, all_never, key), score(all_gold, all_shipped, key)
