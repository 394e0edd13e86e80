"""Issue 13, eighth round: the wrong first passages under leave-state-out, by kind; each kind fixed here is
tested on the real recorded text, with a near miss that must stay as it is (docs/nlp-provisions.md, "eighth
round").

Candidate recall (the gold sentence was no candidate at all):

* a plural body: "(7) create advisory boards to address health care needs ..." (the triggers knew only the
  singular); a regional body stays the regional key's;
* rate setting worded "shall negotiate and set rates for health care providers ...";
* residence stated as living in the state with the intent to stay ("is eligible to enroll in the program if the
  individual is: ... (b) lives in Utah as evidenced by an intent to continue to live in Utah ...");
* drugs named as covered inside a purchasing clause ("(e) establish and maintain a formulary of covered
  prescription drugs and negotiate prices ..."), while a price clause without "covered" stays out;
* a deadline by which the program is made available ("The public option shall be made available to eligible
  individuals ... no later than January 1, 2027.");
* a numbered subsection opened without a period before it ('"Qualified individual" means an individual (2) (a)
  The program shall provide coverage for ...'): the definition and the operative subsection were one sentence.

Ranking (the gold sentence was a candidate, ranked below another):

* buy-in eligibility: the sentence that opens the program to people ("The program shall be available to eligible
  persons who reside in this state ...", "shall offer the plan for purchase by a resident") over the one that sets
  the program up ("The department shall establish and implement the Public Option Buy-In Program.");
* a timeline's "shall begin enrolling" is the program's start, an effective date of the act is not.
"""

from __future__ import annotations

from pathlib import Path

from provhelp import GOLD, candidates_of, provisions_of

from statecare.nlp.evaluate.provisions import agrees
from statecare.nlp.provisions.extract import _SUBSECTION_OPEN

UT = "SB0300_Introduced.xml"
GA = "237188_As_introduced_LC_33_9819.pdf"
WV = "bills_text.cfm?billdoc=hb3233%20intr_Introduced_Version.htm&yr=2025&sesstype=RS&i=3233"
MA1246 = "MA_194th_H1246_public_health_option_extracted.txt"
IL = "HB3287/bill_content_Introduced.html"


def _first(shared: Path, name: str, key: str) -> str:
    return next(p.evidence for p in provisions_of(shared, name) if p.key == key)


def _gold(name: str, key: str) -> str:
    return GOLD[name]["present"][key]["evidence"]


def _cands(shared: Path, name: str, key: str) -> list[str]:
    return [" ".join(c.evidence.split()) for c in candidates_of(shared, name) if c.key == key]


# -- candidate recall ----------------------------------------------------------------------------------------

def test_plural_advisory_bodies_are_candidates_and_regional_ones_stay_regional(shared: Path) -> None:
    adv = _cands(shared, UT, "governance.advisory_council")
    assert any(agrees(c, _gold(UT, "governance.advisory_council")) for c in adv)
    # near miss: "(8) create regional advisory boards ..." is a regional body, not the advisory council
    assert not any("create regional advisory boards" in c for c in adv)
    assert any("create regional advisory boards" in c for c in _cands(shared, UT, "governance.regional_entities"))


def test_negotiate_and_set_rates_is_rate_setting(shared: Path) -> None:
    key = "provider_payment.rate_setting"
    assert agrees(_first(shared, UT, key), _gold(UT, key))


def test_residence_as_living_in_the_state_with_intent_to_stay(shared: Path) -> None:
    key = "eligibility.residency_requirement"
    assert agrees(_first(shared, UT, key), _gold(UT, key))
    # near miss: "(b) provision of medical residency grants" (a training program, shown first before this
    # round) is still a candidate -- excluding "residency grants" moved the leave-state-out ranker by -3
    # passages elsewhere, so it was left -- but it is no longer the passage shown
    assert any("medical residency grants" in c for c in _cands(shared, UT, key))
    assert "residency grants" not in _first(shared, UT, key)


def test_covered_drugs_in_a_purchasing_clause(shared: Path) -> None:
    drugs = _cands(shared, UT, "benefits.prescription_drugs")
    assert any(agrees(c, _gold(UT, "benefits.prescription_drugs")) for c in drugs)
    # one passage per key however many wording families found it
    assert len(drugs) == len(set(drugs))
    # near miss: how the program buys drugs, without naming them covered, stays the price key's
    il = _cands(shared, IL, "benefits.prescription_drugs")
    assert not any("negotiate" in c.lower() and "covered" not in c.lower() for c in il)


def test_deadline_for_making_the_program_available_is_a_timeline(shared: Path) -> None:
    key = "transition.implementation_timeline"
    assert any(agrees(c, _gold(MA1246, key)) for c in _cands(shared, MA1246, key))
    # near miss: a report's deadline is still no program timeline
    assert not any("shall report" in c.lower() for c in _cands(shared, MA1246, key))


def test_subsection_opened_without_a_period_is_its_own_passage(shared: Path) -> None:
    key = "benefits.reproductive"
    first = _first(shared, UT, key)
    assert agrees(first, _gold(UT, key))
    assert "means" not in first
    # near miss: a cross-reference ("as described in Subsection (2)(a) the rate ...") is followed by lower-case
    # words and opens nothing; a subsection that opens with its first item and a capital does
    assert not _SUBSECTION_OPEN.search("as described in Subsection (2)(a) the rate")
    assert not _SUBSECTION_OPEN.search("as described in Subsection (2) (a) the rate")
    assert _SUBSECTION_OPEN.search("means an individual (2) (a) The program shall provide coverage")


# -- ranking -------------------------------------------------------------------------------------------------

def test_buy_in_eligibility_is_the_sentence_that_opens_the_program_to_people(shared: Path) -> None:
    key = "public_option.buy_in_eligibility"
    for name in (GA, WV):
        assert agrees(_first(shared, name, key), _gold(name, key)), name
    # near miss: the sentence that only sets the program up is still a candidate, shown later
    assert any("shall establish and implement the Public Option Buy-In Program" in c for c in _cands(shared, GA, key))
    assert "shall establish and implement" not in _first(shared, GA, key)


def test_begin_enrolling_is_the_timeline_not_the_acts_effective_date(shared: Path) -> None:
    key = "transition.implementation_timeline"
    first = _first(shared, UT, key)
    assert agrees(first, _gold(UT, key))
    # near miss: the act's own effective date is a candidate, ranked after
    assert any("this bill takes effect January 1, 2028" in c for c in _cands(shared, UT, key))
