"""Paths of the real fixture documents the extraction tests read (never copied into the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from statecare.documents import ExtractedText, extract_file


@pytest.fixture(scope="session")
def doc(fixtures: Path):
    """`doc("state_html/wa/...")` -> the extraction of that fixture file, cached per session."""
    cache: dict[str, ExtractedText] = {}

    def get(rel: str) -> ExtractedText:
        if rel not in cache:
            cache[rel] = extract_file(fixtures / rel)
        return cache[rel]

    return get
