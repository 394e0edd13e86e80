"""The universal-coverage search terms, read from the one data file beside this module.

Kept as data (search_terms.toml) so that the Open States and LegiScan spiders search for exactly
the same things and a new phrase needs no code change.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from statecare.legis.vocabulary import RELEVANT_POLICY_TYPES

TERMS_FILE = Path(__file__).with_name("search_terms.toml")
FAMILIES = frozenset(RELEVANT_POLICY_TYPES)  # the routes a search term can find


@dataclass(frozen=True)
class SearchTerm:
    q: str
    family: str


def load_terms(path: Path = TERMS_FILE) -> list[SearchTerm]:
    """Every term in the data file; a malformed file is an error that names it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"cannot read search terms from {path}: {exc}") from exc
    out: list[SearchTerm] = []
    for i, t in enumerate(data.get("term", [])):
        q, family = t.get("q"), t.get("family")
        if not isinstance(q, str) or not q.strip() or family not in FAMILIES:
            raise ValueError(f"{path}: term #{i + 1} needs a non-empty q and a family in {sorted(FAMILIES)}")
        out.append(SearchTerm(q.strip(), family))
    if not out:
        raise ValueError(f"{path}: no [[term]] entries")
    return out
