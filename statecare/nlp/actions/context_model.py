"""The learned action classifier: per-label logistic regression over features that carry across states.

Why a learned model at all: the general rules read what an action *says*, but Open States labels
each state through its own scraper, and many of those habits are shared by several legislatures
("signed by the speaker" is `passage` in MT, TN, UT, ID; a bill's first action is its
`introduction` whatever it is called; "do pass" is `committee-passage`, not `-favorable`, in most
scrapers). A model trained on many states learns the habits that recur, so a state it has never
seen is read the way most scrapers would label it. Features are chosen to carry across states:

- words of the normalised description (unigrams, bigrams) with the committee's name replaced by
  `comm` (a committee's name says nothing about what happened to the bill, and names never repeat
  across states), and short character n-grams inside words ("intro." / "introduced");
- the actor (chamber);
- the action's position in the bill's history (first, second, early, later, last) and whether it
  is the first action of its chamber (the bill arriving in the second chamber);
- the general rules' labels for this action and for the previous action (the previous action's
  label: "reported" after "referred" differs from "reported" after "passed");
- conjunctions of the position with the first words ("first action & 'first reading'").

No state token: the shipped model reads a seen state exactly as the leave-one-state-out
measurement reads an unseen one (docs/nlp-actions.md). States' documented conventions stay in
rules/<st>.toml.

Classification is batched: the features of an action depend only on a small key (phrasing,
actor, position bucket, first-of-chamber, previous rule labels), so a batch is reduced to its
distinct keys, vectorised once and scored with one sparse product.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier

from statecare.nlp.actions.rules import ACTION_LABELS
from statecare.nlp.actions.weights_io import load_weights, save_weights

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "actions"
CONFIG_PATH = MODEL_DIR / "config.toml"
WEIGHTS_FILE = "context_weights.npz"
META_FILE = "context_meta.json"

# (normalised phrasing, actor, position bucket, first action of its chamber, previous rule labels,
#  labels the general rules give elsewhere in the bill (ELSEWHERE_LABELS only))
ContextKey = tuple[str, str | None, str, bool, tuple[str, ...], tuple[str, ...]]

# Whether the bill has another action the rules read as these decides what an ambiguous phrasing
# means: "Filed" is the introduction in AR and NC, where no later action says "introduced", and
# not in FL, where one does; "Signed by Speaker" is the chamber's passage in TN and MT, whose
# votes the rules do not read as passage. Same chamber for all but introduction.
ELSEWHERE_LABELS: tuple[str, ...] = ("introduction", "passage", "referral-committee", "committee-passage-favorable",
                                     "executive-signature")


class ContextModelError(RuntimeError):
    """Missing or unreadable model files; the message names the file and how to rebuild it."""


@dataclass(frozen=True)
class ContextConfig:
    """Settings of the learned classifier ([context_model] in config.toml)."""

    n_features: int = 2**20
    char_ngrams: tuple[int, int] = (3, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    alpha: float = 1e-5
    epochs: int = 10
    threshold: float = 0.5
    min_label_count: int = 50
    prune_below: float = 0.01
    state_weight_cap: int = 20000
    seed: int = 0

    @classmethod
    def from_toml(cls, path: Path = CONFIG_PATH) -> ContextConfig:
        """Read the [context_model] table of config.toml; errors name the file."""
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError as exc:
            raise ContextModelError(f"training config not found: {path}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ContextModelError(f"{path}: not valid TOML: {exc}") from exc
        m = dict(data.get("context_model", {}))
        return cls.from_fields(m)

    @classmethod
    def from_fields(cls, d: dict) -> ContextConfig:
        """A config from a mapping keyed by field name (unknown keys ignored)."""
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        for k in ("char_ngrams", "word_ngrams"):
            if k in known:
                known[k] = tuple(known[k])
        return cls(**known)


# --------------------------------------------------------------------------- features
def _position_bucket(i: int, n: int) -> str:
    if i == 0:
        return "p0"
    if i == n - 1:
        return "plast"
    if i == 1:
        return "p1"
    return "p2" if i <= 3 else "pn"


def context_keys(
    norms: Sequence[str], chambers: Sequence[str | None], rule_labels: Sequence[Iterable[str]]
) -> list[ContextKey]:
    """The context key of each action of ONE bill, in the bill's order.

    `norms` are normalised descriptions with committee names masked (mask_committee), `chambers`
    normalised actors, `rule_labels` the general rules' labels of each action.
    """
    n = len(norms)
    # how many actions of the bill (per chamber, and overall) the rules give each label
    per_ch: Counter[tuple[str | None, str]] = Counter()
    overall: Counter[str] = Counter()
    for ch, labs in zip(chambers, rule_labels, strict=True):
        for lab in labs:
            if lab in ELSEWHERE_LABELS:
                per_ch[(ch, lab)] += 1
                overall[lab] += 1
    seen_ch: set[str | None] = set()
    prev: tuple[str, ...] = ("start",)
    out: list[ContextKey] = []
    for i in range(n):
        ch = chambers[i]
        first_ch = ch not in seen_ch
        seen_ch.add(ch)
        mine = set(rule_labels[i])
        elsewhere = tuple(
            lab for lab in ELSEWHERE_LABELS
            if (overall[lab] if lab == "introduction" else per_ch[(ch, lab)]) - (lab in mine) > 0
        )
        out.append((norms[i], ch, _position_bucket(i, n), first_ch, prev, elsewhere))
        prev = tuple(sorted(rule_labels[i])) or ("none",)
    return out


_FIRST_WORDS = re.compile(r"[a-z0-9.'&-]+")


def _context_doc(key: ContextKey, rules_now: Iterable[str]) -> str:
    """The non-text tokens of one key, as a space-separated string for a hashing vectorizer."""
    text, ch, pos, first_ch, prev, elsewhere = key
    toks = [f"ch={ch or 'none'}", f"pos={pos}", f"chfirst={int(first_ch)}", f"pos={pos}&chfirst={int(first_ch)}"]
    now = sorted(rules_now) or ["none"]
    toks += [f"rule={r}" for r in now]
    toks += [f"prev={p}" for p in prev]
    words = _FIRST_WORDS.findall(text)[:3]
    for w in words:
        toks.append(f"{pos}&w={w}")
        toks.append(f"chfirst={int(first_ch)}&w={w}")
    for lab in ELSEWHERE_LABELS:
        flag = int(lab in elsewhere)
        toks.append(f"else_{lab}={flag}")
        toks += [f"else_{lab}={flag}&w={w}" for w in words[:2]]
    return " ".join(toks)


class _Vectorizer:
    """Hashes the three feature families into one sparse matrix (stateless, so never trained)."""

    def __init__(self, config: ContextConfig) -> None:
        common = dict(n_features=config.n_features, alternate_sign=False, lowercase=False)
        self._word = HashingVectorizer(analyzer="word", ngram_range=config.word_ngrams,
                                       token_pattern=r"[^\s]+", norm="l2", **common)  # type: ignore[arg-type]
        self._char = (HashingVectorizer(analyzer="char_wb", ngram_range=config.char_ngrams, norm="l2",
                                        **common)  # type: ignore[arg-type]
                      if config.char_ngrams[1] > 0 else None)
        self._ctx = HashingVectorizer(analyzer=str.split, norm=None, binary=True, **common)  # type: ignore[arg-type]

    def transform(self, keys: Sequence[ContextKey], rules_now: Sequence[Iterable[str]]) -> sp.csr_matrix:
        texts = [k[0] for k in keys]
        parts = [self._word.transform(texts)]
        if self._char is not None:
            parts.append(self._char.transform(texts))
        parts.append(self._ctx.transform([_context_doc(k, r) for k, r in zip(keys, rules_now, strict=True)]))
        out = parts[0]
        for p in parts[1:]:
            out = out + p  # one hashed space: sum, not stack, keeps the weight matrix small
        return out.tocsr()


# --------------------------------------------------------------------------- model
class ContextModel:
    """Per-label linear models over context features; predict() returns labels past threshold."""

    def __init__(self, labels: Sequence[str], coef: sp.csr_matrix, intercept: np.ndarray,
                 config: ContextConfig, meta: dict[str, object] | None = None) -> None:
        if coef.shape[1] != len(labels) or intercept.shape[0] != len(labels):
            raise ContextModelError(f"weights do not match the label list ({coef.shape} vs {len(labels)} labels)")
        self.labels = list(labels)
        self.coef = coef.tocsr()
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.config = config
        self.meta = meta or {}
        self._vec = _Vectorizer(config)

    def scores(self, keys: Sequence[ContextKey], rules_now: Sequence[Iterable[str]]) -> np.ndarray:
        """Probabilities: one row per key, one column per label."""
        if not keys:
            return np.zeros((0, len(self.labels)))
        z = (self._vec.transform(keys, rules_now) @ self.coef).toarray() + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, keys: Sequence[ContextKey], rules_now: Sequence[Iterable[str]]) -> list[list[str]]:
        """Labels per key (alphabetical within the model's label order)."""
        probs = self.scores(keys, rules_now)
        hits = probs >= self.config.threshold
        return [[self.labels[j] for j in np.flatnonzero(row)] for row in hits]

    # ------------------------------------------------------------------ training
    @classmethod
    def train(
        cls,
        examples: Sequence[tuple[str, ContextKey, tuple[str, ...], frozenset[str]]],
        config: ContextConfig,
        *,
        labels: Sequence[str] | None = None,
    ) -> ContextModel:
        """Fit one logistic regression per label.

        `examples` are (state, key, general-rule labels, gold labels). Identical examples are
        merged with their count as the sample weight (same optimum, far less time), and each
        state's weight is capped at `state_weight_cap` actions so that a state with 90k actions
        does not teach its habits as everyone's.
        """
        if not examples:
            raise ValueError("no labelled actions to train on")
        per_state = Counter(e[0] for e in examples)
        groups: dict[tuple[ContextKey, tuple[str, ...], frozenset[str]], float] = defaultdict(float)
        for st, key, rules_now, gold in examples:
            groups[(key, rules_now, gold)] += min(1.0, config.state_weight_cap / per_state[st])
        items = list(groups.items())
        gold_sets = [k[2] for k, _ in items]
        w = np.fromiter((v for _, v in items), dtype=np.float64, count=len(items))
        # SGD's step grows with the sample weight: a phrasing repeated 2,000 times would make one
        # update 2,000 times too large and the weights diverge, so weights are rescaled to mean 1
        # and compressed (square root) — frequent phrasings still count more, not overwhelmingly
        w = np.sqrt(w)
        w /= w.mean()
        counts = Counter(lab for g in gold_sets for lab in g)
        if labels is None:
            labels = [lab for lab in ACTION_LABELS if counts[lab] >= config.min_label_count]
        vec = _Vectorizer(config)
        x = vec.transform([k[0] for k, _ in items], [k[1] for k, _ in items])
        cols: list[np.ndarray] = []
        intercepts: list[float] = []
        kept: list[str] = []
        for lab in labels:
            y = np.fromiter((lab in g for g in gold_sets), dtype=bool, count=len(gold_sets))
            if y.all() or not y.any():
                continue
            # SGD: liblinear took ~100 s a label on 40k distinct cases, which leave-one-state-out
            # (42 trainings) cannot afford; averaged SGD reaches a similar optimum in a second
            model = SGDClassifier(loss="log_loss", alpha=config.alpha, max_iter=config.epochs, tol=None,
                                  average=True, random_state=config.seed)
            model.fit(x, y, sample_weight=w)
            coef = model.coef_.ravel().astype(np.float32)
            coef[np.abs(coef) < config.prune_below] = 0.0
            cols.append(coef)
            intercepts.append(float(model.intercept_[0]))
            kept.append(lab)
        coef_m = sp.csr_matrix(np.vstack(cols).T) if cols else sp.csr_matrix((config.n_features, 0))
        meta = {
            "n_actions": len(examples),
            "n_distinct": len(items),
            "states": sorted(per_state),
            "label_counts": {lab: counts[lab] for lab in kept},
        }
        return cls(kept, coef_m, np.asarray(intercepts), config, meta)

    # ------------------------------------------------------------------ files
    def save(self, directory: Path = MODEL_DIR) -> Path:
        """Write context_weights.npz and context_meta.json into `directory`."""
        coef = self.coef.tocoo()
        arrays = {
            "row": coef.row.astype(np.int32),
            "col": coef.col.astype(np.int16),
            "data": coef.data.astype(np.float16),
            "intercept": self.intercept.astype(np.float32),
        }
        save_weights(directory, WEIGHTS_FILE, META_FILE, arrays, coef.shape,
                     dict(self.meta, labels=self.labels, config=asdict(self.config)))
        return directory

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> ContextModel:
        """Read the files written by save(); errors name the file and the command that rebuilds it."""
        meta, coef, intercept = load_weights(directory, WEIGHTS_FILE, META_FILE, ContextModelError)
        return cls(meta["labels"], coef, intercept, ContextConfig.from_fields(meta.get("config", {})), meta)


@cache
def load_context_model() -> ContextModel:
    """The shipped weights (statecare/nlp/models/actions/context_*)."""
    return ContextModel.load(MODEL_DIR)
