"""The vocabularies DESIGN.md fixes, in one place: every stage and check reads them from here.

They are plain data (no imports), so the database layer, the NLP stages, the site and the digest
can all share them without reaching into each other.
"""

from __future__ import annotations

STAGES: tuple[str, ...] = (
    "introduced",
    "in_committee",
    "on_floor",
    "passed_one_chamber",
    "passed_both",
    "sent_to_governor",
    "enacted",
)
END_STAGES: tuple[str, ...] = ("vetoed", "withdrawn", "failed")
ALL_STAGES: tuple[str, ...] = STAGES + END_STAGES

POLICY_TYPES: tuple[str, ...] = (
    "single_payer",
    "public_option",
    "universal_coverage_study",
    "federal_resolution",
    "other_health_coverage",
    "unrelated",
)
RELEVANT_POLICY_TYPES: tuple[str, ...] = POLICY_TYPES[:4]

EVENT_KINDS: tuple[str, ...] = (
    "new_bill",
    "new_action",
    "stage_change",
    "new_version",
    "reclassified",
    "reintroduced",
)
