"""One version string for the whole analysis, so a retrained model makes classify re-run every bill."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_NLP_DIR = Path(__file__).resolve().parent
# what decides a bill's analysis: the shipped weights and rules, and the stages' code
_HASHED_DIRS = ("models", "rules", "actions", "stage", "policy_type", "provisions")


@cache
def model_version() -> str:
    """Stage versions plus a digest of shipped weights, rules and stage code.

    A retrained model, an edited rule file or a changed stage changes it, and classify then re-runs
    every bill. Measurement code (evaluate/) and command-line code do not count.
    """
    from statecare.nlp.policy_type import classifier as policy_type
    from statecare.nlp.provisions import extract as provisions

    h = hashlib.sha256()
    for sub in _HASHED_DIRS:
        for f in sorted((_NLP_DIR / sub).rglob("*")):
            if f.is_file() and f.suffix != ".pyc" and f.name != "cli.py" and "__pycache__" not in f.parts:
                h.update(f.relative_to(_NLP_DIR).as_posix().encode())
                h.update(f.read_bytes())
    return f"{policy_type.MODEL_VERSION}+{provisions.MODEL_VERSION}+{h.hexdigest()[:10]}"
