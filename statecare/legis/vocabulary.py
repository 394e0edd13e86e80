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
    # a hearing or committee meeting on the bill was announced (classify reads it from action text)
    "hearing_scheduled",
    # names were added to the bill's sponsors (the store compares the sponsor lists it replaces)
    "sponsors_added",
    # names left the bill's sponsors and none was added (payload as sponsors_added's)
    "sponsors_removed",
)

# Open States' action categories (openstates-core BILL_ACTION_CLASSIFICATIONS; see
# shared/fixtures/notes/), several per action allowed
ACTION_CATEGORIES: tuple[str, ...] = (
    "filing", "introduction", "enrolled", "reading-1", "reading-2", "reading-3", "passage", "failure",
    "withdrawal", "substitution", "amendment-introduction", "amendment-passage", "amendment-withdrawal",
    "amendment-failure", "amendment-amendment", "amendment-deferral", "committee-passage",
    "committee-passage-favorable", "committee-passage-unfavorable", "committee-failure",
    "executive-receipt", "executive-signature", "executive-veto", "executive-veto-line-item",
    "became-law", "veto-override-passage", "veto-override-failure", "deferral", "receipt", "referral",
    "referral-committee",
)
# the categories the stage machine moves on: the ones scored first when the classifier is measured
KEY_ACTION_CATEGORIES: tuple[str, ...] = (
    "introduction", "referral-committee", "committee-passage", "committee-passage-favorable",
    "committee-passage-unfavorable", "committee-failure", "passage", "failure", "withdrawal",
    "executive-receipt", "executive-signature", "executive-veto", "became-law",
)

# Provisions, as `category.value` (DESIGN.md)
PROVISION_VALUES: dict[str, tuple[str, ...]] = {
    "eligibility": ("all_residents", "residency_requirement", "immigrants_covered", "age_or_income_limited"),
    "benefits": ("hospital", "physician", "prescription_drugs", "mental_health", "substance_use", "dental",
                 "vision", "hearing", "long_term_care", "reproductive", "maternity"),
    "cost_sharing": ("none", "income_based", "premiums"),
    "financing": ("payroll_tax", "income_tax", "premium", "trust_fund", "sales_or_gross_receipts",
                  "federal_funds_pooled"),
    "federal_waivers": ("section_1115", "section_1332", "medicare"),
    "provider_payment": ("fee_schedule", "global_budget", "rate_setting", "medicare_reference_rate",
                         "drug_price_negotiation", "capital_budget_separate"),
    "governance": ("board", "advisory_council", "regional_entities", "ombudsman"),
    "private_insurance": ("duplicative_coverage_barred", "supplemental_allowed"),
    "transition": ("worker_assistance", "implementation_timeline", "study_or_report"),
    "public_option": ("state_contracted_plans", "premium_cap", "provider_rate_cap", "buy_in_eligibility"),
}
PROVISION_KEYS: tuple[str, ...] = tuple(f"{c}.{v}" for c, vals in PROVISION_VALUES.items() for v in vals)
# Provision keys a bill cannot plainly hold together (issue 13: "No cost sharing" beside "Income-based cost
# sharing"). When a bill seems to hold both, the one with the stronger evidence stands and the other is kept
# only with what qualifies it (statecare.nlp.provisions.exclusive says how).
EXCLUSIVE_PROVISIONS: tuple[tuple[str, ...], ...] = (
    ("cost_sharing.none", "cost_sharing.income_based"),
)

# The design scorecard: key -> the answers it may take
SCORECARD_ANSWERS: dict[str, tuple[str, ...]] = {
    "financing": ("specified", "named_only", "absent"),
    **{k: ("present", "absent") for k in ("federal_waivers", "erisa", "provider_payment", "worker_transition",
                                           "governance", "implementation_timeline")},
}
