"""Words the digest shows for codes (states, stages, policy types, provisions).

They come from the ground floor (statecare.legis.words), the same words the site shows, so an email
and the page it links to never name the same stage two ways -- and the digest never imports the site.
"""

from __future__ import annotations

from statecare.legis.vocabulary import POLICY_TYPES, RELEVANT_POLICY_TYPES
from statecare.legis.words import (
    EVENT_LABELS,
    POLICY_LABELS,
    PROVISION_CATEGORIES,
    STATE_NAMES,
    policy_label,
    provision_label,
    route_stage_label,
    stage_label,
    state_name,
)

__all__ = [
    "EVENT_LABELS",
    "POLICY_LABELS",
    "POLICY_TYPES",
    "PROVISION_CATEGORIES",
    "RELEVANT_POLICY_TYPES",
    "STATE_NAMES",
    "policy_label",
    "provision_label",
    "route_stage_label",
    "stage_label",
    "state_name",
]
