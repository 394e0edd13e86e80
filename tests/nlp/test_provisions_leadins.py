"""Issue 13, sixteenth round: bare lead-ins and bare list items as the passage shown first
(docs/nlp-provisions.md, "Issue 13, sixteenth round"; statecare/nlp/provisions/leadins.py).

Recorded wording, verbatim:

* NY S 7590 (shared/fixtures/bill_texts/ny/NY_2023_S7590.md.txt), transition.worker_assistance showed the bare
  lead-in "(II) IMPACTED EMPLOYEES SHALL BE ELIGIBLE FOR:"; the gold sentence is "(B) WITHIN NINETY DAYS ... THE
  COMMISSIONER OF LABOR SHALL CONVENE A RETRAINING AND RE-EMPLOYMENT TASK FORCE ...".
* MA S 860 (shared/fixtures/bill_texts/ma/MA_194th_S860_medicare_for_all_extracted.txt),
  provider_payment.global_budget showed the bare item "(1) an operating budget;" whose lead-in "(a) To carry out
  this Act there are established on an annual basis:" says what the budgets are; no other candidate states the key,
  so the item is now quoted with its lead-in.

Near misses that must not change: MA S 860's board "(a) The Trust shall be governed by a Board of Trustees with 29
members including:" (a whole clause before "including:"), its physician lead-in "... The Trust shall pay for all
professional services provided by eligible health care providers to eligible participants needed to:" (a long
clause ending on "to:"), FL SB 348's "the task force shall convene an advisory committee that includes:" (a relative
clause), CO HB25B-1006's "... the board shall prepare a report detailing:" (a participle after a whole clause, and
the gold sentence of its report key), duty items that open with their verb, and benefit items of a coverage list.
"""

from __future__ import annotations

from pathlib import Path

from provhelp import GOLD, candidates_of, document_text, provisions_of, shown_evidence

from statecare.nlp.evaluate.provisions import agrees
from statecare.nlp.provisions.clean import covers
from statecare.nlp.provisions.leadins import bare_item, bare_lead_in, with_lead_in

NY = "NY_2023_S7590.md.txt"
MA = "MA_194th_S860_medicare_for_all_extracted.txt"
CO = "CO_2025B_HB25B-1006_Improve_Affordability_Private_Health_Insurance_Introduced.html"
IL = "HB3287/bill_content_Introduced.html"


# -- the two kinds, read on their own words --------------------------------------------------------------------

def test_bare_lead_ins_recorded_verbatim() -> None:
    assert bare_lead_in("(II) IMPACTED EMPLOYEES SHALL BE ELIGIBLE FOR:")  # NY S 7590
    assert bare_lead_in("(b) The operating budget shall be used for:")  # MA S 860, section 14
    assert bare_lead_in("The board shall:")


def test_lead_ins_that_are_whole_clauses_are_not_bare() -> None:
    # MA S 860 board, physician; FL SB 348 advisory committee; CO HB25B-1006 report; MA S 860 budgets
    assert not bare_lead_in("(a) The Trust shall be governed by a Board of Trustees with 29 members including:")
    assert not bare_lead_in("Covered Benefits (a) The Trust shall pay for all professional services provided by "
                            "eligible health care providers to eligible participants needed to:")
    assert not bare_lead_in("the task force shall convene an advisory committee that includes:")
    assert not bare_lead_in("(7) (a) By February 15, 2026, and by every February 15 thereafter, the board shall "
                            "prepare a report detailing:")
    assert not bare_lead_in("(a) To carry out this Act there are established on an annual basis:")
    assert not bare_lead_in("(II) IMPACTED EMPLOYEES SHALL BE ELIGIBLE FOR RETRAINING.")


def test_bare_items_are_noun_phrases_without_a_verb() -> None:
    assert bare_item("(1) an operating budget;")  # MA S 860
    assert bare_item("(1) all Massachusetts residents, as defined in Section 1;")  # MA S 860
    # near misses: duty items open with their verb (UT SB 300), a sentence of its own, a benefit item's words
    assert not bare_item("(7) create advisory boards to address health care needs regarding health care quality "
                         "improvement, health care modernization, and financial budgeting;")
    assert not bare_item("(n) be the state's primary entity for applying for and negotiating waivers described in "
                         "42 U.S.C. Sec. 18052;")
    assert not bare_item("(c) The Board shall elect a chair from among its members every two years.")
    assert not bare_item("an operating budget;")  # not enumerated


def test_with_lead_in_only_for_the_item_right_after_the_colon() -> None:
    text = ("(a) To carry out this Act there are established on an annual basis: (1) an operating budget; "
            "(2) a capital expenditures budget;")
    first = text.index("(1)")
    assert text[with_lead_in(text, first, text.index(";") + 1):].startswith("(a) To carry out")
    second = text.index("(2)")
    assert with_lead_in(text, second, len(text)) == second  # earlier items between: the quote would skip them


# -- on the recorded bills --------------------------------------------------------------------------------------

def test_ny_worker_assistance_shows_the_task_force_not_the_bare_lead_in(shared: Path) -> None:
    key = "transition.worker_assistance"
    shown = shown_evidence(shared, NY, key)
    assert agrees(shown[0], GOLD[NY]["present"][key]["evidence"])
    assert "THE COMMISSIONER OF LABOR SHALL CONVENE A RETRAINING AND RE-EMPLOYMENT TASK FORCE" in shown[0]
    assert shown[0] != "(II) IMPACTED EMPLOYEES SHALL BE ELIGIBLE FOR:"
    # still a candidate of the key (the key's presence is unchanged), ordered after the operative sentences
    assert any(c.evidence == "(II) IMPACTED EMPLOYEES SHALL BE ELIGIBLE FOR:" for c in candidates_of(shared, NY)
               if c.key == key)


def test_ma_global_budget_item_is_quoted_with_its_lead_in(shared: Path) -> None:
    key = "provider_payment.global_budget"
    text = document_text(shared, MA)
    first = next(p for p in provisions_of(shared, MA) if p.key == key)
    assert " ".join(first.evidence.split()) == ("(a) To carry out this Act there are established on an annual "
                                                "basis: (1) an operating budget;")
    assert covers(text, first.start, first.end, first.evidence)
    assert text[first.start:first.end].startswith("(a) To carry out this Act")
    assert text[first.start:first.end].endswith("(1) an operating budget;")


def test_ma_board_lead_in_stays_first(shared: Path) -> None:
    key = "governance.board"
    shown = shown_evidence(shared, MA, key)
    assert shown[0] == "(a) The Trust shall be governed by a Board of Trustees with 29 members including:"


def test_near_miss_lead_ins_keep_their_place(shared: Path) -> None:
    # MA S 860 physician: the long coverage clause ending on "needed to:" is the gold sentence and stays first
    assert agrees(shown_evidence(shared, MA, "benefits.physician")[0],
                  GOLD[MA]["present"]["benefits.physician"]["evidence"])
    # CO HB25B-1006: "... the board shall prepare a report detailing:" is its report key's gold sentence
    assert agrees(shown_evidence(shared, CO, "transition.study_or_report")[0],
                  GOLD[CO]["present"]["transition.study_or_report"]["evidence"])


def test_item_quoted_with_lead_in_still_agrees_and_benefit_items_stay_bare(shared: Path) -> None:
    # MA S 860 all residents: the gold IS the item; with its lead-in the quote still holds it
    key = "eligibility.all_residents"
    first = shown_evidence(shared, MA, key)[0]
    assert first.startswith("(a) The following persons shall be eligible participants")
    assert agrees(first, GOLD[MA]["present"][key]["evidence"])
    # IL HB 3287: a covered-services item is shown as the item alone (the coverage list is how benefits are granted)
    assert shown_evidence(shared, IL, "benefits.long_term_care")[0] == "(8) long-term care;"


def test_a_passage_is_not_shown_twice(shared: Path) -> None:
    # GA SB 360 (237188_As_introduced_LC_33_9819.pdf): the Section 1115 fallback family and the usual wording found
    # "The department shall submit any Medicaid state plan amendment or waiver requests necessary to implement the
    # provisions of this Code section ..." as two candidates of one span, and the page quoted it twice
    ga = "237188_As_introduced_LC_33_9819.pdf"
    spans = [(p.start, p.end) for p in provisions_of(shared, ga) if p.key == "federal_waivers.section_1115"]
    assert spans and len(spans) == len(set(spans))
    assert shown_evidence(shared, ga, "federal_waivers.section_1115")[0].startswith(
        "The department shall submit any Medicaid state plan amendment or waiver requests")
    # near miss: passages of one key at different places stay (MA S 860's board, three sentences)
    assert len(shown_evidence(shared, MA, "governance.board")) == 3
