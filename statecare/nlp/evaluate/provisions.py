"""Scoring provision extraction against a hand-labelled gold set (`statecare evaluate provisions`).

GOLD maps a document file name -- found under the docs folders, searched recursively; a name with a
'/' is matched as the end of the path, for states whose every document has the same base name
(Illinois' `bill_content_Introduced.html`) -- to `{"present": {key: {"evidence": "..."}}, "absent":
[keys]}`. Keys: a key shown at least once counts as found. Evidence agreement: of the gold-present
keys found, the share whose FIRST shown passage contains, or is contained in, the gold sentence,
both compared after whitespace and hyphenation are normalised (the method: docs/provisions-gold.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                         "\u2014": "-", "\u00a0": " ", "\u00ad": ""})


class GoldFileError(ValueError):
    """A gold file that cannot be scored; the message names the file and the document."""


def normalise(text: str) -> str:
    """Curly quotes and dashes to ASCII, hyphens at line ends joined and others dropped, whitespace
    collapsed, case folded (NY prints new law in capitals)."""
    text = text.translate(_QUOTES)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = text.replace("-", "")
    return " ".join(text.split()).casefold()


def agrees(shown: str, gold: str) -> bool:
    a, b = normalise(shown), normalise(gold)
    return bool(a) and bool(b) and (a in b or b in a)


def find_document(name: str, dirs: Iterable[Path], cache: dict[str, list[Path]] | None = None) -> list[Path]:
    """Files under `dirs` whose base name is `name`, or whose path ends with `name` when it holds '/'."""
    cache = {} if cache is None else cache
    base = name.rsplit("/", 1)[-1]
    if base not in cache:
        cache[base] = [p for d in dirs if d.is_dir() for p in d.rglob(base) if p.is_file()]
    hits = cache[base]
    if "/" in name:
        suffix = "/" + name.strip("/")
        hits = [p for p in hits if p.as_posix().endswith(suffix)]
    return sorted(set(hits))


@dataclass
class DocumentScore:
    document: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    evidence_agree: int = 0
    false_keys: dict[str, str] = field(default_factory=dict)
    missed_keys: dict[str, str] = field(default_factory=dict)
    evidence_disagreements: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def evidence_agreement(self) -> float:
        return self.evidence_agree / self.tp if self.tp else 0.0

    def add(self, other: DocumentScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.evidence_agree += other.evidence_agree

    def line(self, label: str | None = None) -> str:
        return (f"{(label or self.document)[:56]:<56} P {self.precision:.3f} R {self.recall:.3f} "
                f"F1 {self.f1:.3f} (tp {self.tp} fp {self.fp} fn {self.fn}) "
                f"evidence {self.evidence_agreement:.3f} ({self.evidence_agree}/{self.tp})")


def score_document(name: str, gold_entry: Mapping[str, Any], provisions: Iterable[Mapping[str, Any]]) -> DocumentScore:
    """Compare one document's extracted provisions (in the order shown) with its gold entry."""
    present = gold_entry.get("present")
    if not isinstance(present, dict):
        raise GoldFileError(f"{name}: 'present' must map keys to {{'evidence': ...}}")
    gold = {k: str((v or {}).get("evidence") or "") for k, v in present.items()}
    first: dict[str, str] = {}
    for p in provisions:
        first.setdefault(str(p["key"]), str(p.get("evidence") or ""))
    s = DocumentScore(name)
    for k in sorted(set(first) | set(gold)):
        if k in first and k in gold:
            s.tp += 1
            if agrees(first[k], gold[k]):
                s.evidence_agree += 1
            else:
                s.evidence_disagreements[k] = (first[k], gold[k])
        elif k in first:
            s.fp += 1
            s.false_keys[k] = first[k]
        else:
            s.fn += 1
            s.missed_keys[k] = gold[k]
    return s


def score_gold(gold: Mapping[str, Any], dirs: Iterable[Path],
               extract: Callable[[Path], list[dict[str, Any]]]) -> tuple[list[DocumentScore], DocumentScore]:
    """Score every document of `gold`; a document not found exactly once is an error naming it."""
    dirs = list(dirs)
    cache: dict[str, list[Path]] = {}
    scores = []
    total = DocumentScore("micro")
    for name, entry in gold.items():
        paths = find_document(name, dirs, cache)
        if len(paths) != 1:
            where = ", ".join(str(d) for d in dirs)
            raise GoldFileError(f"gold document {name!r}: {len(paths)} matching files under {where}")
        s = score_document(name, entry, extract(paths[0]))
        scores.append(s)
        total.add(s)
    return scores, total
