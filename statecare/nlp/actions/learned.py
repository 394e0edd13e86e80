"""The learned complement of the action rules: per-label logistic regression over n-grams.

It is consulted only for actions the rules leave without any label (see ActionClassifier), so it
can add labels for phrasing the rules have not met but can never overrule a rule. Features are
hashed character n-grams (within words) and word n-grams of the normalised description, plus two
tokens: the actor (`__ch_upper__`) and the state (`__st_wa__`). The state token lets the model
learn a seen state's own habits; for a state it has never seen that token carries no weight, so
only the shared phrasing speaks.

Weights are stored as a sparse matrix (statecare/nlp/models/actions/weights.npz) with the label
list and the training settings beside it (meta.json); `statecare nlp train actions` rebuilds
them from the labelled CSVs named in config.toml.
"""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression

from statecare.nlp.actions.labelled import LabelledAction
from statecare.nlp.actions.rules import ACTION_LABELS, normalize_description
from statecare.nlp.actions.weights_io import load_weights, save_weights

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "actions"
CONFIG_PATH = MODEL_DIR / "config.toml"
WEIGHTS_FILE = "weights.npz"
META_FILE = "meta.json"


class ModelFileError(RuntimeError):
    """Missing or unreadable model files; the message names the file and how to rebuild it."""


@dataclass(frozen=True)
class LearnedConfig:
    """Training settings (statecare/nlp/models/actions/config.toml)."""

    n_features: int = 2**18
    char_ngrams: tuple[int, int] = (2, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    c: float = 4.0
    threshold: float = 0.5
    min_label_count: int = 5
    prune_below: float = 1e-3
    training_files: tuple[str, ...] = ()
    seed: int = 0

    @classmethod
    def from_toml(cls, path: Path = CONFIG_PATH) -> LearnedConfig:
        """Read config.toml; errors name the file."""
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError as exc:
            raise ModelFileError(f"training config not found: {path}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ModelFileError(f"{path}: not valid TOML: {exc}") from exc
        m = data.get("model", {})
        t = data.get("training", {})
        # config.toml names two settings differently from the fields ("C", "files")
        flat = {**{k: v for k, v in m.items() if k != "C"}, **{k: v for k, v in t.items() if k != "files"}}
        if "C" in m:
            flat["c"] = m["C"]
        if "files" in t:
            flat["training_files"] = t["files"]
        return cls.from_fields(flat)

    @classmethod
    def from_fields(cls, d: dict) -> LearnedConfig:
        """A config from a mapping keyed by field name (a saved model's meta, or the TOML flattened)."""
        return cls(
            n_features=int(d.get("n_features", cls.n_features)),
            char_ngrams=tuple(d.get("char_ngrams", cls.char_ngrams)),  # type: ignore[arg-type]
            word_ngrams=tuple(d.get("word_ngrams", cls.word_ngrams)),  # type: ignore[arg-type]
            c=float(d.get("c", cls.c)),
            threshold=float(d.get("threshold", cls.threshold)),
            min_label_count=int(d.get("min_label_count", cls.min_label_count)),
            prune_below=float(d.get("prune_below", cls.prune_below)),
            training_files=tuple(d.get("training_files", ())),
            seed=int(d.get("seed", 0)),
        )


@dataclass
class _Vectorizer:
    n_features: int
    char_ngrams: tuple[int, int]
    word_ngrams: tuple[int, int]
    _char: HashingVectorizer = field(init=False, repr=False)
    _word: HashingVectorizer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        common = dict(n_features=self.n_features, alternate_sign=False, norm="l2", lowercase=False)
        self._char = HashingVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams, **common)
        self._word = HashingVectorizer(analyzer="word", ngram_range=self.word_ngrams,
                                       token_pattern=r"[^\s]+", **common)

    def transform(self, texts: Sequence[str], chambers: Sequence[str | None], states: Sequence[str | None]) -> sp.csr_matrix:
        words = [f"__ch_{c or 'none'}__ __st_{s or 'none'}__ {t}" for t, c, s in zip(texts, chambers, states, strict=True)]
        return sp.hstack([self._char.transform(texts), self._word.transform(words)], format="csr")


class LearnedComplement:
    """Per-label linear models; predict() returns the labels whose probability passes threshold."""

    def __init__(self, labels: Sequence[str], coef: sp.csr_matrix, intercept: np.ndarray,
                 config: LearnedConfig, meta: dict[str, object] | None = None) -> None:
        if coef.shape[1] != len(labels) or intercept.shape[0] != len(labels):
            raise ModelFileError(f"weights do not match the label list ({coef.shape} vs {len(labels)} labels)")
        self.labels = list(labels)
        self.coef = coef.tocsr()
        self.intercept = intercept.astype(np.float64)
        self.config = config
        self.meta = meta or {}
        self.threshold = config.threshold
        self._vec = _Vectorizer(config.n_features, config.char_ngrams, config.word_ngrams)

    # ------------------------------------------------------------------ inference
    def scores(self, texts: Sequence[str], chambers: Sequence[str | None], states: Sequence[str | None] | None = None) -> np.ndarray:
        """Probabilities, one row per text and one column per label (texts already normalised)."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        st = states if states is not None else [None] * len(texts)
        x = self._vec.transform(texts, chambers, st)
        z = np.asarray((x @ self.coef).todense()) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, texts: Sequence[str], chambers: Sequence[str | None], states: Sequence[str | None] | None = None) -> list[list[str]]:
        """Labels per text (texts already normalised by normalize_description)."""
        probs = self.scores(texts, chambers, states)
        return [[self.labels[j] for j in np.flatnonzero(row >= self.threshold)] for row in probs]

    # ------------------------------------------------------------------ training
    @classmethod
    def train(cls, rows: Sequence[LabelledAction], config: LearnedConfig) -> LearnedComplement:
        """Fit one logistic regression per label on the distinct (state, actor, phrasing) cases.

        Duplicate phrasings are merged with their counts as sample weights, which gives the same
        optimum as training on every row but in a fraction of the time.
        """
        if not rows:
            raise ValueError("no labelled actions to train on")
        groups: dict[tuple[str, str | None, str], Counter[frozenset[str]]] = defaultdict(Counter)
        for r in rows:
            groups[(r.state, r.chamber or None, normalize_description(r.description))][r.labels] += 1
        keys: list[tuple[str, str | None, str]] = []
        labelsets: list[frozenset[str]] = []
        weights: list[float] = []
        for key, ctr in groups.items():
            for labs, n in ctr.items():
                keys.append(key)
                labelsets.append(labs)
                weights.append(float(n))
        counts = Counter(lab for labs, w in zip(labelsets, weights, strict=True) for lab in labs for _ in range(int(w)))
        labels = [lab for lab in ACTION_LABELS if counts[lab] >= config.min_label_count]
        vec = _Vectorizer(config.n_features, config.char_ngrams, config.word_ngrams)
        x = vec.transform([k[2] for k in keys], [k[1] for k in keys], [k[0] for k in keys])
        w = np.asarray(weights)
        cols: list[sp.csr_matrix] = []
        intercepts: list[float] = []
        for lab in labels:
            y = np.fromiter((lab in labs for labs in labelsets), dtype=bool, count=len(labelsets))
            model = LogisticRegression(C=config.c, solver="liblinear", random_state=config.seed, max_iter=1000)
            model.fit(x, y, sample_weight=w)
            coef = model.coef_.ravel().astype(np.float32)
            coef[np.abs(coef) < config.prune_below] = 0.0
            cols.append(sp.csr_matrix(coef.reshape(-1, 1)))
            intercepts.append(float(model.intercept_[0]))
        coef_m = sp.hstack(cols, format="csr") if cols else sp.csr_matrix((config.n_features * 2, 0))
        meta = {
            "labels": labels,
            "n_rows": len(rows),
            "n_distinct": len(keys),
            "states": sorted({r.state for r in rows}),
            "label_counts": {lab: counts[lab] for lab in labels},
        }
        return cls(labels, coef_m, np.asarray(intercepts), config, meta)

    # ------------------------------------------------------------------ files
    def save(self, directory: Path = MODEL_DIR) -> Path:
        """Write weights.npz and meta.json into `directory`."""
        coef = self.coef.tocoo()
        arrays = {
            "row": coef.row.astype(np.int32),
            "col": coef.col.astype(np.int16),
            "data": coef.data.astype(np.float32),
            "intercept": self.intercept.astype(np.float32),
        }
        save_weights(directory, WEIGHTS_FILE, META_FILE, arrays, coef.shape,
                     dict(self.meta, labels=self.labels, config=asdict(self.config)))
        return directory

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> LearnedComplement:
        """Read the weights written by save(); errors name the file and the command that rebuilds it."""
        meta, coef, intercept = load_weights(directory, WEIGHTS_FILE, META_FILE, ModelFileError)
        config = LearnedConfig.from_fields(meta.get("config", {}))
        return cls(meta["labels"], coef, intercept, config, meta)


@cache
def load_default_complement() -> LearnedComplement:
    """The shipped weights (statecare/nlp/models/actions/)."""
    return LearnedComplement.load(MODEL_DIR)
