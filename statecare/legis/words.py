"""The words shown for each code: stages, policy types, provisions, scorecard answers, events.

One home for them so that the map, the bill page, the feeds, the API and the digest email say the
same thing for the same value (a stage is "Passed both chambers" everywhere, never three spellings).
Colours and map layout are the site's business and stay in statecare.web.vocab.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from statecare.legis.measures import needs_no_governor as needs_no_governor  # re-exported for pages
from statecare.legis.measures import requirements_for
from statecare.legis.sessions import session_label as session_label  # re-exported for pages
from statecare.legis.sessions import session_noun as session_noun  # re-exported for pages
from statecare.legis.states import JURISDICTIONS, is_bicameral
from statecare.legis.states import STATE_NAMES as STATE_NAMES  # re-exported for pages
from statecare.legis.states import state_name as state_name  # re-exported for pages
from statecare.legis.vocabulary import END_STAGES, STAGES

STAGE_LABELS: dict[str, str] = {
    "introduced": "Introduced",
    "in_committee": "In committee",
    "on_floor": "On the floor",
    "passed_one_chamber": "Passed one chamber",
    "passed_both": "Passed both chambers",
    "sent_to_governor": "Sent to the governor",
    "enacted": "Enacted",
    "vetoed": "Vetoed",
    "withdrawn": "Withdrawn",
    "failed": "Failed",
}
STAGE_SHORT: dict[str, str] = {
    "introduced": "Intro", "in_committee": "Cmte", "on_floor": "Floor", "passed_one_chamber": "1 ch.",
    "passed_both": "Both", "sent_to_governor": "Gov.", "enacted": "Law", "vetoed": "Veto",
    "withdrawn": "Wdrn", "failed": "Failed",
}
# How far a bill got, for "furthest stage": a veto means it reached the governor; a bill that
# failed or was withdrawn ranks below one still alive.
STAGE_RANK: dict[str, int] = {
    "withdrawn": 0, "failed": 1, "introduced": 2, "in_committee": 3, "on_floor": 4,
    "passed_one_chamber": 5, "passed_both": 6, "sent_to_governor": 7, "vetoed": 8, "enacted": 9,
}
LEGEND_ORDER: tuple[str, ...] = STAGES + ("vetoed", "failed", "withdrawn")
assert set(LEGEND_ORDER) == set(STAGES) | set(END_STAGES)

POLICY_LABELS: dict[str, str] = {
    "single_payer": "Single-payer",
    "public_option": "Public option or buy-in",
    "universal_coverage_study": "Universal-coverage study",
    "federal_resolution": "Memorial to Congress",
    "other_health_coverage": "Other health coverage",
    "unrelated": "Not about coverage",
}
UNCLASSIFIED_LABEL = "Not yet classified"

# Binding routes change who is covered if enacted; a study or a memorial to Congress does not, so
# its passage is never shown as progress toward coverage without saying what it is.
BINDING_POLICY_TYPES: tuple[str, ...] = ("single_payer", "public_option")
NONBINDING_KINDS: dict[str, str] = {"universal_coverage_study": "Study", "federal_resolution": "Memorial"}

PROVISION_CATEGORIES: dict[str, str] = {
    "eligibility": "Eligibility",
    "benefits": "Benefits",
    "cost_sharing": "Cost sharing",
    "financing": "Financing",
    "federal_waivers": "Federal waivers",
    "provider_payment": "Provider payment",
    "governance": "Governance",
    "private_insurance": "Private insurance",
    "transition": "Transition",
    "public_option": "Public-option design",
}

SCORECARD_KEYS: dict[str, str] = {
    "financing": "Financing",
    "federal_waivers": "Federal waivers",
    "erisa": "ERISA",
    "provider_payment": "Provider payment",
    "worker_transition": "Worker transition",
    "governance": "Governance",
    "implementation_timeline": "Implementation timeline",
}
SCORECARD_VALUES: dict[str, str] = {
    "specified": "Specified (sources and rates)",
    "named_only": "Named only",
    "present": "Present",
    "absent": "Absent",
}
# When classify could only read the bill's summary, "absent" means "the summary does not say":
# the bill itself may well settle it, so the page must not claim it is missing from the bill.
SCORECARD_VALUES_FROM_SUMMARY: dict[str, str] = {**SCORECARD_VALUES, "absent": "Not in the summary"}
# the scorecard's questions are about plans that would cover everyone; other bills get a note instead
SCORECARD_POLICY_TYPES: tuple[str, ...] = ("single_payer", "public_option", "universal_coverage_study")

PROVISION_VALUE_LABELS: dict[str, str] = {
    "all_residents": "All residents", "residency_requirement": "Residency requirement",
    "immigrants_covered": "Immigrants covered", "age_or_income_limited": "Limited by age or income",
    "prescription_drugs": "Prescription drugs", "mental_health": "Mental health",
    "substance_use": "Substance use treatment", "long_term_care": "Long-term care",
    "none": "No cost sharing", "income_based": "Income-based cost sharing", "premiums": "Premiums",
    "payroll_tax": "Payroll tax", "income_tax": "Income tax", "premium": "Premium contributions",
    "trust_fund": "Trust fund", "sales_or_gross_receipts": "Sales or gross-receipts tax",
    "federal_funds_pooled": "Federal funds pooled", "section_1115": "Section 1115 waiver",
    "section_1332": "Section 1332 waiver", "medicare": "Medicare waiver or integration",
    "fee_schedule": "Fee schedule", "global_budget": "Global budgets", "rate_setting": "Rate setting",
    "medicare_reference_rate": "Medicare as the reference rate",
    "drug_price_negotiation": "Drug price negotiation", "capital_budget_separate": "Separate capital budget",
    "board": "Governing board", "advisory_council": "Advisory council", "regional_entities": "Regional entities",
    "ombudsman": "Ombudsman", "duplicative_coverage_barred": "Duplicate private coverage barred",
    "supplemental_allowed": "Supplemental insurance allowed", "worker_assistance": "Help for displaced workers",
    "implementation_timeline": "Implementation timeline", "study_or_report": "Study or report",
    "state_contracted_plans": "State-contracted plans", "premium_cap": "Premium cap",
    "provider_rate_cap": "Provider rate cap", "buy_in_eligibility": "Who may buy in",
}

EVENT_LABELS: dict[str, str] = {
    # a new_bill event means statecare stored the bill for the first time, which on a first crawl
    # includes 2019's NY Health Act: "New bill" next to this week's date would say it was just filed
    "new_bill": "Newly tracked",
    "new_action": "New action",
    "stage_change": "Stage changed",
    "new_version": "New text version",
    "reclassified": "Reclassified",
    "reintroduced": "Reintroduced",
    "hearing_scheduled": "Hearing scheduled",
    "sponsors_added": "Co-sponsors added",
    "sponsors_removed": "Co-sponsors removed",
}


def stage_label(stage: str | None) -> str:
    return STAGE_LABELS.get(stage or "", "Not yet classified" if not stage else stage.replace("_", " "))


def bill_stage_label(stage: str | None, classification: Iterable[str] | None = None,
                     identifier: str | None = None, state: str | None = None) -> str:
    """The stage as a reader should see it for this kind of measure.

    `passed_both` means "passed every house it needs": for a one-house resolution (NY's J 1075,
    a Senate resolution) that is one chamber, so "Passed both chambers" would be false -- it reads
    "Adopted"; in a one-house legislature (Nebraska, DC) a bill "Passed the Legislature".
    """
    if stage == "passed_both" and state:
        req = requirements_for(list(classification or []), identifier=identifier, state=state)
        if not is_bicameral(state):
            return "Adopted" if not req.governor else "Passed the legislature"
        if req.chambers == 1:
            return "Adopted"
    return stage_label(stage)


def route_stage_label(stage: str | None, policy_type: str | None, classification: Iterable[str] | None = None,
                      identifier: str | None = None, state: str | None = None) -> str:
    """The stage named with the kind of measure when that is not binding: "Memorial passed both
    chambers", "Memorial adopted", "Study enacted"; a binding bill's stage reads as bill_stage_label."""
    label = bill_stage_label(stage, classification, identifier, state)
    kind = NONBINDING_KINDS.get(policy_type or "")
    if not kind or not stage:
        return label
    return f"{kind} {label[:1].lower()}{label[1:]}"


# Vermont's version notes come from a link's accessible text: "As IntroducedOpens in a new window",
# "As Passed By the Senate (OfficialOpens in a new window)"
_NOTE_ARTEFACT = re.compile(r"\s*opens in a new (?:window|tab)", re.IGNORECASE)
_EMPTY_PARENS = re.compile(r"\s*\(\s*\)")


def version_note(note: str | None) -> str:
    """A version's note without scraper artefacts (the stored value stays as the source gave it)."""
    return _EMPTY_PARENS.sub("", _NOTE_ARTEFACT.sub("", note or "")).strip()


def provision_value_label(value: str) -> str:
    return PROVISION_VALUE_LABELS.get(value, value.replace("_", " ").capitalize())


def policy_label(ptype: str | None) -> str:
    if not ptype:
        return UNCLASSIFIED_LABEL
    return POLICY_LABELS.get(ptype, ptype.replace("_", " "))


def furthest(stages: list[str | None]) -> str | None:
    """The furthest stage among `stages` (None when none is known)."""
    known = [s for s in stages if s in STAGE_RANK]
    return max(known, key=STAGE_RANK.__getitem__) if known else None


def provision_label(key: str) -> str:
    """"financing.payroll_tax" -> "Financing: payroll tax" (unknown keys are shown readably, not dropped)."""
    category, _, value = key.partition(".")
    cat = PROVISION_CATEGORIES.get(category, category.replace("_", " ").capitalize())
    return f"{cat}: {value.replace('_', ' ')}" if value else cat


_HOUSE_NAMES = {"upper": "Senate", "lower": "House", "legislature": "Legislature"}


def house_name(chamber: str | None, state: str | None = None) -> str:
    """A house as its own legislature names it: New York's, California's, Nevada's, New Jersey's and
    Wisconsin's lower house is the Assembly, not "the House" (names from openstates-metadata). An
    unknown state or chamber falls back to Senate / House / Legislature, and anything else is shown
    as stored rather than dropped."""
    j = JURISDICTIONS.get(str(state or "").strip().lower())
    if j is not None and chamber in ("upper", "lower"):
        named = j.chamber_name(chamber)
        if named:
            return named
    return _HOUSE_NAMES.get(chamber or "", chamber or "")


# furthest milestones past the first vote, for a bill whose stored chambers_passed is empty (the
# machine knew a house passed it but not which): say how far it got rather than a bare "Died"
_PASSED_WHERE = {"passed_one_chamber": "Passed one chamber", "passed_both": "Passed both chambers",
                 "sent_to_governor": "Reached the governor"}


def ended_label(stage: str | None, furthest: str | None, chambers_passed: Iterable[str] | None = None,
                state: str | None = None) -> str | None:
    """How far a bill that ended got, in words: "Died in committee", "Passed the Senate, died in the House"
    (each house by its own name: "Passed the Assembly, died in the Senate" in New York).

    None for a bill still alive (or never classified): its stage says where it is. The words come from
    the stage machine's stored outcome (furthest milestone, chambers passed), never re-derived.
    """
    if stage not in ("failed", "withdrawn") or not furthest:
        return None
    verb = "withdrawn" if stage == "withdrawn" else "died"
    passed = [h for h in (chambers_passed or []) if h in _HOUSE_NAMES]
    if passed and is_bicameral(state):
        names = " and the ".join(house_name(h, state) for h in passed)
        other = [house_name(h, state) for h in ("upper", "lower") if h not in passed]
        where = f" in the {other[0]}" if len(other) == 1 else ""
        return f"Passed the {names}, {verb}{where}"
    if furthest in _PASSED_WHERE:
        got = _PASSED_WHERE[furthest]
        if furthest == "passed_both" and not is_bicameral(state):
            got = "Passed the legislature"
        return f"{got}, {verb}"
    where = {"introduced": "before a committee took it up", "in_committee": "in committee",
             "on_floor": "on the floor"}.get(furthest, "")
    return f"{verb.capitalize()} {where}".strip()


def day_words(day: str, today: date) -> str:
    """A coming day as a reader says it: "today", "tomorrow", "on Thursday" (this week), "next
    Tuesday" (the week after), else "on March 5, 2026". `today` is the legislature's own date
    (statecare.legis.timezones.today_in), so alerts and the digest say the same."""
    try:
        d = date.fromisoformat(day[:10])
    except ValueError:
        return f"on {day}"
    delta = (d - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if 1 < delta < 7 and d.isocalendar()[1] == today.isocalendar()[1]:
        return f"on {d:%A}"
    if 1 < delta < 14:
        return f"next {d:%A}"
    return f"on {d:%B} {d.day}, {d.year}"


def confidence_words(conf: float) -> str:
    """How sure a provision's passage is, in words a reader can act on. The number is calibrated on
    never-seen bills (the first-contact map, statecare/nlp/provisions/calibrate.py; docs/nlp-provisions.md):
    at first contact even the passages shown at 0.90-0.99 were right 67% of the time, so a never-seen bill
    shows little 'strong evidence'. Since the twelfth round the map depends on the bill's kind: passages of
    bills that establish a program (single payer, public option) were right 43% of the time at first
    contact, the others' 16%, so only the former can read "likely" or "strong". The thresholds are
    unchanged: the words follow the number."""
    if conf >= 0.85:
        return "strong evidence"
    if conf >= 0.6:
        return "likely"
    return "weak evidence: check the passage"
