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

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from statecare.legis.chambers import normalize_chamber
from statecare.nlp.actions.classifier import ActionClassifier, FeaturePrep
from statecare.nlp.actions.context_model import ContextConfig, ContextKey, ContextModel
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


def iter_national_actions(root: str | Path) -> Iterator[tuple[str, int, dict[str, str]]]:
    """(state, CSV line number, row) for every action of `national/<st>/<session>/actions.csv.gz`,
    file by file in sorted order (the line number identifies the action within its session's file)."""
    import csv
    import gzip

    files = sorted(Path(root).glob("*/*/actions.csv.gz"))
    if not files:
        raise FileNotFoundError(f"no */*/actions.csv.gz under {root}")
    for f in files:
        with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
            for n, r in enumerate(csv.DictReader(fh), start=2):
                yield (r.get("state") or f.parent.parent.name).strip().lower(), n, r


def load_national_actions(root: str | Path, *, per_state: int | None = 2000, seed: int = 0) -> list[LabelledAction]:
    """Every state's actions from `national/<st>/<session>/actions.csv.gz` (Open States' own labels),
    sampled to at most `per_state` actions per state (seeded, so the sample is the same each run)."""
    import random

    by_state: dict[str, list[LabelledAction]] = {}
    for st, n, r in iter_national_actions(root):
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


# --------------------------------------------------------------------------- learned model, national
def national_examples(root: str | Path, *, per_state: int | None = 5000, seed: int = 0
                      ) -> tuple[dict[str, list[tuple[str, ContextKey, tuple[str, ...], frozenset[str]]]],
                                 dict[str, list[int]]]:
    """Every national action as a training example of the learned model, with its bill context.

    Returns the examples per state (every action: a model is trained on the other states' full
    histories) and, per state, the indices scored: the same seeded sample of at most `per_state`
    actions that load_national_actions draws, so the learned and the rules-only tables score the
    same actions.
    """
    import csv
    import gzip
    import random

    clf = ActionClassifier(use_state_rules=False)
    prep = FeaturePrep(clf)
    by_state: dict[str, list[tuple[str, ContextKey, tuple[str, ...], frozenset[str]]]] = {}
    files = sorted(Path(root).glob("*/*/actions.csv.gz"))
    if not files:
        raise FileNotFoundError(f"no */*/actions.csv.gz under {root}")
    for f in files:
        bills: dict[tuple[str, str], list[dict[str, str]]] = {}
        with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                st = (r.get("state") or f.parent.parent.name).strip().lower()
                bills.setdefault((st, r.get("bill") or ""), []).append(r)
        # examples in file order (the order load_national_actions samples from)
        for (st, _), acts in bills.items():
            order = sorted(range(len(acts)), key=lambda i: int(acts[i].get("order") or i))
            hist = [acts[i] for i in order]
            keys, rules_now = prep.bill([a.get("description") or "" for a in hist], [a.get("chamber") for a in hist])
            ex = by_state.setdefault(st, [])
            for a, k, rn in zip(hist, keys, rules_now, strict=True):
                ex.append((st, k, rn, frozenset(p for p in (a.get("classification") or "").split("|") if p)))
    rng = random.Random(seed)
    scored: dict[str, list[int]] = {}
    for st in sorted(by_state):
        n = len(by_state[st])
        scored[st] = sorted(rng.sample(range(n), per_state)) if per_state is not None and n > per_state else list(range(n))
    return by_state, scored


def national_learned_loso(
    examples: dict[str, list[tuple[str, ContextKey, tuple[str, ...], frozenset[str]]]],
    scored: dict[str, list[int]],
    config: ContextConfig,
    *,
    labels: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[NationalFold], Scores, Scores]:
    """Each state scored by a model trained on every other state (its own labels never seen).

    NationalFold.never_seen holds the general rules' scores, .shipped the learned model's.
    """
    key = list(labels) if labels is not None else list(KEY_LABELS)
    folds: list[NationalFold] = []
    g_all: list[frozenset[str]] = []
    r_all: list[tuple[str, ...]] = []
    m_all: list[list[str]] = []
    for st in sorted(examples):
        train = [e for s, ex in examples.items() if s != st for e in ex]
        model = ContextModel.train(train, config, labels=key)
        test = [examples[st][i] for i in scored[st]]
        distinct = list(dict.fromkeys((e[1], e[2]) for e in test))
        found = dict(zip(distinct, model.predict([d[0] for d in distinct], [d[1] for d in distinct]), strict=True))
        gold = [e[3] for e in test]
        rules = [e[2] for e in test]
        pred = [found[(e[1], e[2])] for e in test]
        folds.append(NationalFold(st, len(test), score(gold, rules, key), score(gold, pred, key)))
        if progress:
            progress(f"{st}: rules {folds[-1].never_seen.micro_f1:.4f} learned {folds[-1].shipped.micro_f1:.4f}")
        g_all += gold
        r_all += rules
        m_all += pred
    return folds, score(g_all, r_all, key), score(g_all, m_all, key)


# --------------------------------------------------------------------------- error analysis, national
ERROR_KINDS: tuple[str, ...] = ("convention", "misreading", "state-only phrasing")


@dataclass
class ErrorAnalysis:
    """Key-label errors of one state, sorted by what the other states' labels say about them.

    - convention: the other states label the same (masked) phrasing the way the classifier did,
      and this state's Open States scraper labels it otherwise (e.g. MT's "(H) signed by speaker"
      is `passage`; the 41 other legislatures never label a signature as passage);
    - misreading: the other states label the phrasing as this state's gold does, so a classifier
      that read it like them would have been right;
    - state-only phrasing: no other state uses the phrasing, so nothing outside the state decides.

    Phrasings are compared in a loose form (loose_phrasing): chamber names, parenthesised
    markers, journal pages and punctuation removed, so "(H) Transmitted to (S)" meets
    "Transmitted to Senate".
    """

    state: str
    counts: Counter[str] = field(default_factory=Counter)
    top: dict[str, Counter[tuple[str, str, str]]] = field(default_factory=dict)


_LOOSE_DROP = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|\b(?:house of representatives|house|senate|assembly|h|s|hj|sj|h\.j|s\.j)\b"
    r"|\b(?:yeas?|nays?|ayes?|noes|absent|excused|pnv)\b[\s:,0-9-]*|[^a-z0-9 ]"
)


def loose_phrasing(masked: str) -> str:
    """A masked normalised phrasing without chamber names, markers, vote tallies and punctuation."""
    return " ".join(_LOOSE_DROP.sub(" ", masked).split())


def classify_errors(
    examples: dict[str, list[tuple[str, ContextKey, tuple[str, ...], frozenset[str]]]],
    scored: dict[str, list[int]],
    predictions: dict[str, list[Iterable[str]]],
    *,
    labels: Sequence[str] | None = None,
) -> list[ErrorAnalysis]:
    """Sort each state's key-label errors (predictions align with `scored`) into ERROR_KINDS."""
    key = frozenset(labels if labels is not None else KEY_LABELS)
    # per masked phrasing: state -> Counter(key labels)
    usage: dict[str, dict[str, Counter[frozenset[str]]]] = {}
    for st, ex in examples.items():
        for e in ex:
            usage.setdefault(loose_phrasing(e[1][0]), {}).setdefault(st, Counter())[e[3] & key] += 1
    out: list[ErrorAnalysis] = []
    for st in sorted(scored):
        ea = ErrorAnalysis(st, top={k: Counter() for k in ERROR_KINDS})
        for i, pred in zip(scored[st], predictions[st], strict=True):
            e = examples[st][i]
            gold, p = e[3] & key, frozenset(pred) & key
            if gold == p:
                continue
            others: Counter[frozenset[str]] = Counter()
            for s2, c in usage.get(loose_phrasing(e[1][0]), {}).items():
                if s2 != st:
                    others.update(c)
            if not others:
                kind = "state-only phrasing"
            else:
                majority = others.most_common(1)[0][0]
                kind = "misreading" if majority == gold else "convention"
            ea.counts[kind] += 1
            ea.top[kind][(e[1][0][:80], "|".join(sorted(gold)) or "-", "|".join(sorted(p)) or "-")] += 1
        out.append(ea)
    return out
