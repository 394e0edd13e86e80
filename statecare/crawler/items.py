"""What a spider hands the pipelines: one bill record plus where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class BillItem:
    """An Open States-shaped bill record on its way to the store.

    `url` is the (real, not replay) URL the record was read from, so that a failure to store it is
    recorded against that URL. `errors` collects (url, reason) pairs met while completing the record
    (a version text that could not be fetched); they are written to crawl_errors with the bill.
    `text_links` optionally overrides, per version index, the links tried for the version text.
    `fingerprint` is the record's fingerprint before its texts were fetched (crawler.unchanged), and
    `unchanged` says the store already holds this very record, so nothing more is done with it.
    """

    record: dict[str, Any]
    url: str
    errors: list[tuple[str, str]] = field(default_factory=list)
    text_links: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    fingerprint: str | None = None
    unchanged: bool = False
