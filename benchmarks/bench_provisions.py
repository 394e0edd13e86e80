"""Print provisions throughput (tokens/s, one core) on the real bill texts, beside the bare baseline.

Figures only (never pass/fail). Corpus: every file in ../shared/fixtures/bill_texts plus CA AB 1900's
digest (never copied). Each measurement keeps the best of REPEAT runs over the whole corpus:

* baseline  - spacy.blank("en") + sentencizer only (the floor no provisions pipeline can beat)
* provisions - extract_provisions(): whitespace normalisation + the same pipeline + our matcher
               and context checks + mapping evidence back to the original offsets
* scorecard  - extract_provisions() + build_scorecard()

CPU time (time.process_time) gives the per-core figure when other jobs share the machine.
Tokens are counted once with the blank tokenizer, so all rows divide the same number.

The last line is the steadiest figure on a shared machine: per text, baseline and provisions run one right after
the other, INTERLEAVED times, and the least CPU time of each per text is summed (a load spike then spoils one
run of one text, not a whole row).
"""

from __future__ import annotations

import json
import sys
import time

import spacy

from statecare.config import shared_dir
from statecare.nlp.provisions.extract import extract_provisions
from statecare.nlp.provisions.scorecard import build_scorecard

REPEAT = 5
INTERLEAVED = 9


def corpus() -> list[str]:
    fx = shared_dir() / "fixtures"  # type: ignore[operator]
    texts = [p.read_text(encoding="utf-8") for p in sorted((fx / "bill_texts").rglob("*.txt"))]
    d = json.loads((fx / "openstates" / "ca" / "CA_20252026_AB1900_metadata.json").read_text())
    texts.append(d["abstracts"][0]["abstract"])
    return texts


def best_of(fn, texts: list[str]) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of this process (CPU time = per-core figure even when
    other jobs share the machine)."""
    wall = cpu = float("inf")
    for _ in range(REPEAT):
        t0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            fn(t)
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


def interleaved(base, texts: list[str]) -> tuple[float, float]:
    """Summed per-text least CPU seconds of the baseline and of extract_provisions, run alternately."""
    b = [float("inf")] * len(texts)
    p = [float("inf")] * len(texts)
    for _ in range(INTERLEAVED):
        for i, t in enumerate(texts):
            c0 = time.process_time()
            base(t)
            c1 = time.process_time()
            extract_provisions(t)
            c2 = time.process_time()
            b[i], p[i] = min(b[i], c1 - c0), min(p[i], c2 - c1)
    return sum(b), sum(p)


def main() -> int:
    texts = corpus()
    base = spacy.blank("en")
    base.max_length = 5_000_000
    base.add_pipe("sentencizer")
    n_tokens = sum(len(base.make_doc(t)) for t in texts)
    extract_provisions(texts[0])  # build the pipeline once, outside the timing
    rows = [
        ("baseline (blank en + sentencizer)", best_of(base, texts)),
        ("provisions", best_of(extract_provisions, texts)),
        ("provisions + scorecard", best_of(lambda t: build_scorecard(t, extract_provisions(t)), texts)),
    ]
    chars = sum(len(t) for t in texts)
    print(f"corpus: {len(texts)} documents, {chars:,} characters, {n_tokens:,} tokens (best of {REPEAT})")
    for name, (wall, cpu) in rows:
        print(f"{name:<36} wall {wall:6.3f} s {n_tokens / wall:>9,.0f} tokens/s | "
              f"cpu {cpu:6.3f} s {n_tokens / cpu:>9,.0f} tokens/s per core")
    b, p = interleaved(base, texts)
    print(f"interleaved per-text least CPU (x{INTERLEAVED}): baseline {n_tokens / b:,.0f}, provisions "
          f"{n_tokens / p:,.0f} tokens/s per core; provisions/baseline {b / p:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
