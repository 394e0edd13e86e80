"""Words the digest shows for codes (states, stages, policy types, provisions).

They come from the site's own vocabulary (statecare.web.vocab) so an email and the page it links to
never name the same stage two ways; this module is the digest's single door to it.
"""

from __future__ import annotations

from statecare.db.models import POLICY_TYPES, RELEVANT_POLICY_TYPES
from statecare.web.vocab import (
    POLICY_LABELS,
    PROVISION_CATEGORIES,
    STATE_NAMES,
    policy_label,
    stage_label,
    state_name,
)

__all__ = [
    "POLICY_LABELS",
    "POLICY_TYPES",
    "RELEVANT_POLICY_TYPES",
    "STATE_NAMES",
    "policy_label",
    "provision_label",
    "stage_label",
    "state_name",
]


def provision_label(key: str) -> str:
    """"financing.payroll_tax" -> "Financing: payroll tax" (unknown keys are shown readably, not dropped)."""
    category, _, value = key.partition(".")
    cat = PROVISION_CATEGORIES.get(category, category.replace("_", " ").capitalize())
    return f"{cat}: {value.replace('_', ' ')}" if value else cat
