"""Ranking a key's candidate sentences, and a confidence that means something.

Why a ranker: a bill says the same thing many times — in its synopsis or digest, its findings and
"policy and goals", its definitions, the operative section, the sponsor's statement — and a reader
checking a claim wants the operative sentence ("The program shall provide…", "No member shall be
required to pay any premium…"), not the definition of the word or the summary at the top. Which of
those a sentence is shows in a handful of surface features (below); a logistic regression over them,
trained on (candidate, key, establishes?) pairs from the labelled bills of the gold set
(`scripts/train_provisions_ranker.py`), orders the candidates. Its weights are a small JSON file
beside this module (`ranker.json`), so the model version changes when they do.

Confidence: a small calibrator (logistic regression over the ranking score, the rule confidence and
the number of candidates) fitted on OUT-OF-FOLD ranking scores of all labelled bills (one state left
out at a time). That is calibrated on bills whose RULES were written while reading them; on a bill nobody has
read it was over-stated by 0.3-0.5, so every confidence then goes through the first-contact map
(`calibrate.py`: a strictly increasing logistic map fitted on what the code of each labelling round showed
on the next group of bills before any change), and the number shown is the chance, measured on never-seen
bills, that the key is in the bill and the passage is its establishing sentence (docs/nlp-provisions.md).
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from statecare.nlp.provisions.gate import Gated
from statecare.nlp.provisions.leadins import is_bare
from statecare.nlp.provisions.sections import Section

RANKER_FILE = Path(__file__).with_name("ranker.json")

_ENACT = re.compile(r"\b(?:BE IT ENACTED|Be it enacted|THE PEOPLE OF THE STATE OF [A-Z ]+ DO ENACT|"
                    r"The people of the State of [A-Z][a-z]+ do enact|It is hereby enacted by the General Assembly|"
                    r"hereby enacts as follows|"
                    # a resolution's or memorial's resolving formula stands where a bill's enacting clause does
                    r"BE IT RESOLVED BY THE|Be it resolved by the|NOW,? THEREFORE,? BE IT RESOLVED|"
                    r"Now,? therefore,? be it resolved)", )
_STATEMENT = Gated(r"\bSTATEMENT\s+(?:This|The) (?:bill|act)\b|\bNOTE:\s*The purpose of this (?:bill|act)\b", ('STATEMENT', 'NOTE:'))
_DIGEST = re.compile(r"\b(?:SYNOPSIS AS INTRODUCED|LEGISLATIVE COUNSEL'S DIGEST|Legislative Counsel's Digest|"
                     r"SUMMARY|Bill Summary|Statement of purpose of bill|A BILL ENTITLED|FOR the purpose of|"
                     r"TABLE OF CONTENTS)\b")

_OPERATIVE = Gated(r"\b(?:shall|must|is (?:hereby )?(?:created|established)|are (?:hereby )?(?:created|"
                        r"established)|is entitled|are entitled|is eligible|are eligible)\b(?! not)", ('shall', 'must', 'created', 'established', 'entitled', 'eligible'), re.I)
_OPERATIVE_VERB = Gated(r"\b(?:shall|must)\s+(?:\w+\s+){0,2}?(?:provide|pay|cover|include|be|establish|"
                             r"create|receive|offer|reimburse|contract|negotiate|administer|fund|deposit|"
                             r"impose|levy|submit|seek|apply|enroll|allocate|set|adopt)\w*", ('shall', 'must'), re.I)
_DEFINITION = re.compile(r"(?:^|[\s(])[\"'\u201c]?[A-Z][\w \-']{0,60}[\"'\u201d]?\s*(?:,\s*)?"
                         r"(?:means|includes|shall mean|has the meaning|refers to)\b|\bas used in this\b", )
_PURPOSE = Gated(r"\b(?:purpose|findings?|intent|intends?|declares?|goals?|policy of the state|"
                      r"it is the policy|in order to|to ensure|to promote|will promote|the legislature finds)\b", ('purpose', 'finding', 'intent', 'intend', 'declare', 'goal', 'policy', 'in order to', 'to ensure', 'promote', 'the legislature finds'), re.I)
_STUDY = Gated(r"\b(?:study|studies|examine|consider|evaluate|assess|feasibility|task force|recommend\w*|"
                    r"make findings|options? (?:may|shall) include|may include|analy[sz]\w*|explore)\b", ('stud', 'examine', 'consider', 'evaluate', 'assess', 'feasibility', 'task force', 'recommend', 'make findings', 'include', 'analy', 'explore'), re.I)
_PERMISSIVE = Gated(r"\bmay\b(?! not)", ('may',), re.I)
_CONDITION = re.compile(r"\b(?:if|unless|upon|in the event|contingent|provided that|subject to)\b", re.I)
_NEG = re.compile(r"\b(?:shall not|may not|must not|not be|no longer)\b", re.I)
_XREF = Gated(r"\b(?:section|sections|subsection|subdivision|chapter|paragraph|§|sec\.)\s*[\d(]", ('section', 'subdivision', 'chapter', 'paragraph', '§', 'sec.'), re.I)
_LIST_ITEM = re.compile(r"^\s*\(?(?:\d{1,3}|[a-zA-Z]{1,2}|[ivx]{1,5})[.)]\s")
_EFFECTIVE = Gated(r"\b(?:takes effect|shall take effect|effective date|effective on|effective immediately)\b", ('effect',), re.I)
_REPORT = Gated(r"\b(?:report|reports)\b", ('report',), re.I)

FEATURES: tuple[str, ...] = (
    "rule_conf", "summary_zone", "preamble", "findings_section", "definition", "purpose", "whereas",
    "operative", "operative_verb", "study", "permissive", "condition", "negation", "xref_count",
    "log_len", "short", "long", "heading_like", "position", "list_item", "first_of_key", "trigger_early",
    "effective", "report", "heading_match", "creates", "date", "lead_operative", "hit_offset",
    "opens_section", "trigger_is_subject", "benefit_list_item", "creates_fund_or_body", "date_transition",
    "operative_benefit", "key_cue", "definitions_section", "verb_governs", "benefit_lead", "item_head",
    "aside", "lead_with_items", "covers",
)

# per category (or key), words that say the passage DOES the thing rather than mentions it
_KEY_CUE = {k: re.compile(v, re.I) for k, v in {
    "federal_waivers": r"\b(?:seek|apply for|submit|request|pursue|obtain)\w*\b[^.;]{0,40}\b(?:waivers?|approval)",
    "transition.study_or_report": r"\bshall (?:submit|compile|prepare|issue|deliver|make|file) (?:an? |its |the )?"
                                  r"(?:\w+ ){0,3}reports?\b|\bshall report\b|"
                                  # an item of a list of duties: "(7) prepare an annual report", "(10) Reporting annually"
                                  r"^\s*\(?\w{1,4}[.)]\s+(?:prepar\w*|submit\w*|compil\w*|report\w*)\b",
    # a timeline sets a period or a dated duty: "within 5 years after the effective date", "In the first two
    # years following the effective date", "There shall be an implementation period", "On or before November
    # 1, 2027, the board shall"
    "transition.implementation_timeline": r"\b(?:implemented|begin\w* (?:operation|offering|enroll\w*|coverage)|"
                                          r"phase[sd]? in|first year of (?:its )?implementation)\b|"
                                          r"\bwithin \w+ (?:days|months|years) (?:after|of|following)\b|"
                                          r"\b(?:in|during) the first \w+ (?:years?|months) (?:following|after)\b|"
                                          r"\bthere shall be an implementation period\b|"
                                          r"\b(?:on or before|no later than|not later than) [A-Z][a-z]+ \d{1,2}, \d{4},? "
                                          r"the (?:board|authority|department|commissioner|secretary|agency)\b",
    # a board is established by the sentence that creates or constitutes it, not by one of its duties
    "governance.board": r"\b(?:is|are) (?:hereby )?(?:created|established|constituted)\b|\bthere is (?:hereby )?"
                        r"(?:created|established)|\b(?:governed|administered) by\b|\bknown as\b",
    "provider_payment.capital_budget_separate": r"\b(?:shall not|may not|must not|no)\b[^.;]{0,80}"
                                                r"\b(?:capital|operating)\b",
    "eligibility.residency_requirement": r"\bresident\W{0,3} means\b|\bplace of abode\b|\bdomicil\w*|"
                                         r"\bwhether a person is a resident\b|\bresidency requirements?\b",
    # regional bodies and advisory bodies: the sentence that sets them up
    "governance.regional_entities": r"\bdivided into\b|\b(?:shall|may) (?:have|establish|create)\b[^.;]{0,60}\bregion|"
                                    r"\bregional\b[^.;]{0,80}\b(?:is|are) (?:hereby )?(?:created|established)|"
                                    r"\bthere shall be (?:an? |one )[^.;]{0,40}\bregion",
    "governance.advisory_council": r"\b(?:shall|may)\s+(?:\w+\s+){0,2}?(?:establish|appoint|create|convene)\w*\b[^.;]{0,40}"
                                   r"\badvisory|\bappointing\b[^.;]{0,40}\badvisory|\badvisory\b[^.;]{0,80}\b(?:is|are) "
                                   r"(?:hereby )?(?:created|established)",
    "governance": r"\b(?:board|authority|council|group|agency)\b[^.;]{0,40}\bshall (?:develop|implement|administer|"
                  r"approve|establish|adopt|operate|govern|oversee)|\bthere is (?:hereby )?(?:created|established)",
    "financing": r"\b(?:established in the state treasury|shall be deposited|is (?:hereby )?(?:created|established)|"
                 r"funded by|shall be financed|levied|imposed)\b|\bthere shall be (?:an? )[^.;]{0,60}\btax\b",
    "cost_sharing.none": r"\b(?:no|eliminate|without)\b[^.;]{0,30}(?:co-?payments?|cost-?sharing|deductibles?)",
    "cost_sharing.income_based": r"\b(?:based on (?:household )?income|sliding scale|affordability scale|"
                                 r"percent of (?:the )?federal poverty)",
    "eligibility": r"\bshall (?:be eligible|offer|enroll|be available|issue)|\bentitled\b|\bmay only enroll\b",
    # who may buy in: the sentence that opens the program to people, not the one that sets it up, nor one that only
    # refers to those already eligible ("... discounted premiums ... to residents eligible to enroll in the plan")
    "public_option.buy_in_eligibility": r"\b(?:shall|must|will) be (?:made )?available to\b|\b(?:is|are) eligible\b|"
                                        r"\b(?:be|becomes?|remains?) eligible to (?:enroll|purchase|buy|join)\b|"
                                        r"\bmay (?:only )?(?:enroll|join)\b|"
                                        r"\bentitled to enroll\b|\bwho (?:resides?|lives?) in\b|\b(?:offer|sell)\w* [^.;]{0,40}\bfor purchase by\b",
    "public_option": r"\bshall (?:offer|establish|be at least|not exceed)|\bmay not exceed|\blower than",
    "provider_payment": r"\bshall (?:establish|negotiate|set|pay|reimburse)|\bmay (?:establish|set)\b|\bmay not exceed|"
                        r"\bbased on",
    "private_insurance": r"\bmay (?:elect|purchase|offer|maintain)|\bshall not|\bnot reflect|\bnot duplicate",
}.items()}
_IX = {f: i for i, f in enumerate(FEATURES)}
# an establishing verb whose object is the key's phrase, in the same clause ("shall provide coverage for all
# medically necessary mental health care", "may appoint one or more advisory committees", "may be divided
# into regional districts", "shall compile an annual report", "shall seek a waiver under Section 1332")
_GOVERNS = re.compile(r"\b(?:shall|must|may|will|to)\s+(?:\w+\s+){0,2}?(?:provide|cover|pay for|include|establish|"
                      r"create|appoint|convene|offer|seek|submit|compile|prepare|impose|levy|negotiate|have|"
                      r"consist of|be divided into|be governed by|be administered by|apply for|contract for|"
                      r"be a covered)\w*\b[^.;:]{0,70}$", re.I)
# a list's lead-in that names coverage ("shall include all of the following:", "covered benefits:")
_BENEFIT_LEAD = re.compile(r"\b(?:benefits?|covered|coverage|package|shall (?:pay for|cover|provide|include)|"
                           r"services (?:shall )?include)\b", re.I)
# words that put a passage aside from the program's own provisions: a collateral source or subrogation
# rule, a primary/secondary payer rule, a waiver's application (for keys that are not waivers)
_ASIDE = Gated(r"\b(?:collateral source|subrogat\w*|secondary payer|primary (?:payer|insurers?)|"
                    r"third[- ]party liab\w*)\b", ('collateral source', 'subrogat', 'secondary payer', 'primary ', 'third'), re.I)
_WAIVER = Gated(r"\bwaivers?\b", ('waiver',), re.I)
# a lead-in followed by its first item in one passage ("... the following standards: (1) Physicians ...")
_LEAD_WITH_ITEMS = re.compile(r":\s*\(?(?:\d{1,3}|[a-zA-Z]{1,2}|[ivx]{1,5})[.)]\s")
_DEF_SECTION = re.compile(r"\bdefinitions?\b|\bas used in this\b|\bwhen used in this\b", re.I)

# words a section heading (or an inline heading just before the passage) uses for each category
_CATEGORY_HEADING = {
    "eligibility": r"eligib|participant|resident|enrol",
    "benefits": r"benefit|covered|services|coverage",
    "cost_sharing": r"cost[- ]sharing|premium|deductible|copay|cost",
    "financing": r"financ|fund|revenue|tax|assessment|account",
    "federal_waivers": r"waiver|federal",
    "provider_payment": r"payment|budget|reimburs|rate|pric|drug|pharm|capital",
    "governance": r"board|trustee|governance|administration|advisory|regional|ombuds|authority",
    "private_insurance": r"insur|duplicat|supplement",
    "transition": r"implement|transition|report|study|worker|displac|effective",
    "public_option": r"public option|option|premium|rate",
}
_CATEGORY_RX = {k: re.compile(rf"\b(?:{v})", re.I) for k, v in _CATEGORY_HEADING.items()}
_CREATES = Gated(r"\b(?:(?:is|are) (?:hereby )?(?:created|established|constituted)|there (?:is|are) (?:hereby )?"
                      r"(?:created|established)|shall be (?:created|established))\b", ('created', 'established', 'constituted'), re.I)
_DATE = Gated(r"\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
                   r"December) \d{1,2}, \d{4}|(?:19|20)\d\d plan year|within (?:\w+ ){1,3}(?:days|months|years))\b", ('january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'plan year', 'within'), re.I)
_LEAD = Gated(r"\b(?:shall (?:pay for|cover|include|provide)|(?:benefits|services) (?:shall )?include|"
                   r"the following|including:|includes:|include:)", ('shall', 'includ', 'the following'), re.I)


@dataclass(frozen=True)
class Zones:
    """Parts of a bill that only restate it: the synopsis/digest before the enacting clause, and a
    sponsor's STATEMENT after the bill."""

    enact: int
    statement: int
    digest: bool
    length: int

    @classmethod
    def of(cls, text: str) -> Zones:
        m = _ENACT.search(text)
        enact = m.start() if m else 0
        stmts = [m.start() for m in _STATEMENT.finditer(text, enact)]
        statement = stmts[-1] if stmts else len(text) + 1
        # before an enacting clause near the top stands only the bill's title and synopsis
        early = 0 < enact < 0.25 * len(text)
        return cls(enact, statement, early or bool(_DIGEST.search(text, 0, max(enact, 1))), len(text))

    def summary(self, pos: int) -> bool:
        return pos >= self.statement or (self.digest and pos < self.enact)

    @property
    def has_body(self) -> bool:
        """Whether the bill's own sections are most of the text (a digest-only document is not)."""
        return min(self.statement, self.length) - (self.enact if self.digest else 0) > 0.5 * self.length


@dataclass(frozen=True)
class Candidate:
    """A sentence (or clause) holding a key's trigger that passed the pattern checks; offsets index
    the clean text `text` (the pipeline's Doc text)."""

    key: str
    start: int
    end: int
    hit: int
    rule_conf: float
    text: str
    sent_start: int
    sent_end: int
    section: Section | None
    zones: Zones
    whereas: bool
    order: int

    @property
    def evidence(self) -> str:
        return self.text[self.start:self.end]


def features(c: Candidate, first_of_key: bool) -> list[float]:
    """The feature vector (order: FEATURES). Read on the shown passage, plus its section."""
    ev = c.evidence
    sec = c.section
    heading = sec.heading if sec else ""
    sec_head = c.text[sec.start:sec.start + 200] if sec else ""
    # share of capitals among ASCII letters, by C-level translate (this runs for every candidate)
    n_up = len(ev) - len(ev.translate(_DROP_UPPER))
    n_letters = n_up + len(ev) - len(ev.translate(_DROP_LOWER))
    upper = n_up / n_letters if n_letters else 0.0
    before = c.text[max(c.sent_start, c.hit - 60):c.hit]
    cat = c.key.split(".", 1)[0]
    return [
        c.rule_conf,
        float(c.zones.summary(c.hit)),
        float(sec is not None and sec.style == "preamble"),
        float(_findings_heading(heading + " " + sec_head[:120])),
        float(_is_definition(ev)),
        float(bool(_PURPOSE.search(ev))),
        float(c.whereas),
        float(bool(_OPERATIVE.search(ev))),
        float(bool(_OPERATIVE_VERB.search(ev))),
        float(bool(_STUDY.search(ev))),
        float(bool(_PERMISSIVE.search(ev))),
        float(bool(_CONDITION.search(ev))),
        float(bool(_NEG.search(before))),
        min(3.0, float(len(_XREF.findall(ev)))),
        math.log(max(len(ev), 1)) / 6.0,
        float(len(ev) < 40),
        float(len(ev) > 400),
        float(upper > 0.6),
        c.hit / max(c.zones.length, 1),
        float(bool(_LIST_ITEM.match(ev))),
        float(first_of_key),
        float(c.hit - c.start < 80),
        float(bool(_EFFECTIVE.search(ev))),
        float(bool(_REPORT.search(ev))),
        float(bool(_CATEGORY_RX[c.key.split(".", 1)[0]].search(
            heading + " " + c.text[max(0, c.start - 120):c.start + 40]))),
        float(bool(_CREATES.search(ev))),
        float(bool(_DATE.search(ev))),
        float(bool(_LIST_ITEM.match(ev)) and bool(_LEAD.search(c.text, max(0, c.start - 600), c.start))),
        (c.hit - c.start) / max(len(ev), 1),
        float(sec is not None and sec.style != "preamble" and c.start - sec.start < 160),
        float(_trigger_is_subject(c)),
        # the same sign means different things per category: a list item is how benefits are written,
        # creation is how a fund or a board is set up, a date is what makes a timeline
        float(cat == "benefits" and bool(_LIST_ITEM.match(ev))),
        float(cat in ("financing", "governance") and bool(_CREATES.search(ev))),
        float(cat == "transition" and bool(_DATE.search(ev))),
        float(cat == "benefits" and bool(_OPERATIVE_VERB.search(ev))),
        float(_key_cue(c.key, ev)),
        # a passage inside the definitions section (a list item of a defined term says what a word
        # means, not what the program does)
        float(sec is not None and sec.style != "preamble" and _def_section(heading + " " + sec_head[:160])),
        float(bool(_GOVERNS.search(c.text, max(c.sent_start, c.start, c.hit - 120), c.hit))),
        float(cat == "benefits" and bool(_LIST_ITEM.match(ev)) and bool(_BENEFIT_LEAD.search(_lead_in(c)))),
        float(bool(_LIST_ITEM.match(ev)) and c.hit - c.start < 8),
        float(bool(_ASIDE.search(ev)) or (cat != "federal_waivers" and bool(_WAIVER.search(ev)))),
        float(bool(_LEAD_WITH_ITEMS.search(ev, 0, max(0, c.hit - c.start)))),
        float(cat == "benefits" and _covers(c)),
    ]


_COVER_BEFORE = re.compile(r"(?:\b(?:shall|must|will|to)\s+(?:\w+\s+){0,2}?|^\s*\(?\w{1,4}[.)]\s+)(?:provide|cover|pay for|"
                           r"include|consist of)\w*\b[^.;:]{0,70}$", re.I)
_COVER_AFTER = re.compile(r"[^.;:]{0,40}?\b(?:shall|must|will|is|are)\s+(?:be\s+)?(?:a\s+)?covered\b", re.I)


_COVERED_ADJ = re.compile(r"\bcovered\s+$", re.I)


def covers_service(c: Candidate) -> bool:
    """`_covers` for callers outside the ranker (the quote of a bare item, extract.find_in_doc)."""
    return _covers(c)


def _covers(c: Candidate) -> bool:
    """The passage says the program covers the key's service: an item of a list whose lead-in names
    coverage or benefits ("shall include all of the following:", "benefit package shall consist of:"), or
    a coverage verb governing the key's words ("shall provide coverage for all medically necessary mental
    health care", "(3) Provide universal access to primary care", "long-term care shall be a covered
    benefit")."""
    ev = c.evidence
    if _LIST_ITEM.match(ev) and _BENEFIT_LEAD.search(_lead_in(c)):
        return True
    lo = max(c.start, c.hit - 120)
    return bool(_COVER_BEFORE.search(c.text[lo:c.hit]) or _COVER_AFTER.match(c.text, c.hit + 1, c.end)
                # "a formulary of covered prescription drugs": the service named as covered
                or _COVERED_ADJ.search(c.text, max(c.start, c.hit - 12), c.hit))


@lru_cache(maxsize=4096)  # one section's heading is read for each of its candidates
def _def_section(head: str) -> bool:
    """A definitions section's heading or opening words."""
    return bool(_DEF_SECTION.search(head))


_FINDINGS_HEAD = re.compile(r"\b(?:findings?|intent|purpose|declaration|policy and goals|policy)\b", re.I)
_DUTIES_HEAD = re.compile(r"\b(?:duties|powers|responsibilities)\b", re.I)


@lru_cache(maxsize=4096)  # one section's heading is read for each of its candidates
def _findings_heading(head: str) -> bool:
    """A findings, intent or purpose section — not one whose heading also names duties or powers
    ("Executive Director; Purpose and Duties" lists what the director shall do)."""
    return bool(_FINDINGS_HEAD.search(head)) and not _DUTIES_HEAD.search(head)


def _lead_in(c: Candidate) -> str:
    """The lead-in of a list item: the clause that ends with the last colon before the item (at most
    600 characters back)."""
    text = c.text
    colon = text.rfind(":", max(0, c.start - 2000), c.start)
    if colon < 0:
        return ""
    lo = max(text.rfind(". ", max(0, colon - 300), colon), text.rfind(";", max(0, colon - 300), colon))
    return text[lo + 1 if lo >= 0 else max(0, colon - 300):colon]


def restates(c: Candidate) -> bool:
    """A passage that restates or names rather than enacts: the synopsis or sponsor's note, a
    definition, a findings/purpose section, a preamble or recital, a bare heading. The gold method's
    first rule (docs/provisions-gold.md) is that such a passage is the evidence only when no operative
    sentence says it, so the ranker orders within two tiers and never lets its learned weights undo that."""
    return restates_features(features(c, False), c.evidence, c.key)


def restates_features(f: list[float], ev: str, key: str = "") -> bool:
    """`restates` read from an already computed feature vector (the ranker computes it once)."""
    ix = _IX
    verbless = not _FINITE.search(ev)
    # a heading: capitals without a verb (NY prints whole sections in capitals, so capitals alone say
    # nothing), or a few words without a verb that are not a list item ("Effective date.", "Premium scale.")
    bare_heading = verbless and ((f[ix["heading_like"]] > 0 and len(ev) < 120)
                                 or (len(ev.split()) <= 4 and not f[ix["list_item"]]))
    # where a residency rule lives, a definition of "resident" IS the rule (the gold method, rule 2)
    definition = f[ix["definition"]] and not (key == "eligibility.residency_requirement" and f[ix["key_cue"]])
    return bool(f[ix["summary_zone"]] or definition or f[ix["findings_section"]] or f[ix["preamble"]]
                or f[ix["whereas"]] or bare_heading)


def tier(c: Candidate) -> int:
    """`tier_features` of a candidate (the training script orders passages with it)."""
    return tier_features(features(c, False), c.evidence, c.key)


def tier_features(f: list[float], ev: str, key: str) -> int:
    """Passages are ordered by tier first, then by the learned score: 0 — a definition of "resident" for the
    residency requirement (who counts as a resident is what that key claims, and the definition is where
    bills say it; "Every resident shall be eligible" is the all-residents key's sentence); 1 — operative
    passages; 2 — passages that restate (`restates_features`)."""
    if key == "eligibility.residency_requirement" and f[_IX["definition"]] and f[_IX["key_cue"]]:
        return 0
    if restates_features(f, ev, key):
        return 3
    # a benefit is established where the bill covers it, not where it funds, networks or mentions it
    if key.startswith("benefits."):
        return 1 if f[_IX["covers"]] else 2
    return 1 if f[_IX["key_cue"]] else 2


# the sentence that orders a study's work (docs/provisions-gold.md, "Study and report"): "The commission shall study
# how the State may:", "The committee shall undertake a study of ...", "The task force shall produce findings and
# recommendations for ...", "a requirement that the independent consultant study the current provision of ...",
# "This bill proposes to create a study committee to evaluate the feasibility of ..."; the report that delivers the
# work ("shall submit a report of its findings ... to the Governor") establishes the key only when no work is ordered
_STUDY_WORK = Gated(
    # (not "make recommendations" alone: standing committees "shall make recommendations to the board on issues
    # related to ..."; not "conduct a program evaluation", an audit of a program)
    # (nor "shall study and develop provider payment methods": a duty to design, not a study to report)
    r"\b(?:shall|must|will|would) (?:(?:also|further|jointly) )?(?:study(?! and (?:develop|implement|adopt|establish))|"
    r"examine|evaluate|analy[sz]e|"
    r"undertake an? (?:\w+ )?(?:study|analysis)|conduct an? (?:\w+ )?(?:study|analysis)|"
    r"contract (?:\w+ ){0,2}for an? (?:\w+ ){0,2}(?:study|analysis)|"
    r"(?:make|produce|develop) (?:its )?findings and recommendations)\b|"
    r"\brequirement that the (?:\w+ ){1,3}(?:study|examine|evaluate) the\b|"
    r"\b(?:committee|commission|task force|group|council) to (?:study|evaluate|examine)\b",
    ('stud', 'examine', 'evaluat', 'analy', 'findings and recommendations'), re.I)
STUDY_KEY = "transition.study_or_report"


def orders_study_work(ev: str) -> bool:
    """Whether a study-key passage orders the study's work (then `order_key`, not the learned score, places it)."""
    return bool(_STUDY_WORK.search(ev))


def order_key(c: Candidate, f: list[float], z: float) -> tuple[float, float, int]:
    """How a key's passages are sorted, best first: by tier, then by the learned score (ties: earlier first); a bare
    lead-in ("(II) IMPACTED EMPLOYEES SHALL BE ELIGIBLE FOR:", leadins.py) after the other passages of its tier.
    For the study key, an operative passage that orders the study's work comes before every other operative
    passage (the report clauses carry the key's cue and would otherwise lead), and such passages are read in the
    bill's order (the first charge is the study; later ones refine it: "(A) The commission shall study ..." before
    "(E) The commission shall make recommendations on:"). A restating work order (a synopsis) comes after every
    operative passage and before the other restating ones (a short-form bill has nothing but its synopsis)."""
    t: float = tier_features(f, c.evidence, c.key)
    if c.key == STUDY_KEY and orders_study_work(c.evidence):
        return (2.5 if t >= 3 else 0.5), 0.0, c.start
    # a bare lead-in (leadins.py) says nothing on its own: after the other passages of its tier, before the next
    # tier (a quarter step: the study key's work orders sit at the half steps)
    if is_bare(c.evidence):
        t += 0.25
    return t, -z, c.start


_FINITE = re.compile(r"\b(?:shall|must|may|will|is|are|was|were|has|have|be|means|includes?|can)\b", re.I)


_DROP_UPPER = {c: None for c in range(ord("A"), ord("Z") + 1)}
_DROP_LOWER = {c: None for c in range(ord("a"), ord("z") + 1)}
# NY prints new law in capitals: '"RESIDENT" MEANS' is a definition too
_DEF_VERB = Gated(r"\b(?:means|includes|shall mean|has the meaning|refers to)\b", ('means', 'includes', 'shall mean', 'has the meaning', 'refers to'), re.I)
_DEF_TERM = re.compile(r"(?:^|[\s(])[\"'\u201c]?[A-Z][\w \-']{0,60}[\"'\u201d]?\s*(?:,\s*)?$")


def _is_definition(ev: str) -> bool:
    """`_DEFINITION.search(ev[:200])`, found verb first: the term pattern tried at every position of every
    passage was the slowest feature (a third of the ranking time)."""
    head = ev[:200]
    if "as used in this" in head.lower():
        return True
    return any(_DEF_TERM.search(head, max(0, m.start() - 70), m.start()) for m in _DEF_VERB.finditer(head))


def _key_cue(key: str, ev: str) -> bool:
    rx = _KEY_CUE.get(key) or _KEY_CUE.get(key.split(".", 1)[0])
    return rx is not None and bool(rx.search(ev))


_MAIN_VERB = re.compile(r"\b(?:shall|must|may|is|are|will)\b", re.I)


def _trigger_is_subject(c: Candidate) -> bool:
    """The key's phrase comes before the passage's main verb ("The benefits account is created",
    "No member shall be required"): the passage is about it, not merely mentioning it."""
    m = _MAIN_VERB.search(c.text, c.start, c.end)
    return m is not None and c.hit < m.start()


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class Ranker:
    """Pairwise-trained logistic regression over FEATURES (which passage first), and a calibrator
    (which confidence to show): a second logistic regression over the passage's ranking score, its
    rule confidence and how many candidates the key had."""

    weights: list[float]
    bias: float
    cal_w: list[float]
    cal_b: float
    min_rule_conf: float = 0.5
    # isotonic map (breakpoints) from the logistic calibrator's output to the right share observed out of
    # fold: the logistic curve alone over-stated mid confidences on bills it had not seen
    iso_x: tuple[float, ...] = ()
    iso_y: tuple[float, ...] = ()
    # first-contact map (calibrate.py): confidence on a never-seen bill = sigmoid(fc_w * logit(p) + fc_b);
    # on a bill that establishes a program the slope is fc_w + fc_wp (calibrate.for_policy_type applies it)
    fc_w: float = 1.0
    fc_b: float = 0.0
    fc_wp: float = 0.0

    def score(self, c: Candidate, first_of_key: bool) -> float:
        """The linear ranking score (higher = more likely the establishing sentence)."""
        return self.bias + sum(w * x for w, x in zip(self.weights, features(c, first_of_key), strict=True))

    def confidence(self, z: float, rule_conf: float, n: int) -> float:
        """Calibrated probability that this passage establishes a real provision of its key."""
        if not self.cal_w:
            return _sigmoid(z)
        x = calibration_features(z, rule_conf, n)
        p = _sigmoid(self.cal_b + sum(w * v for w, v in zip(self.cal_w, x, strict=True)))
        return _interp(p, self.iso_x, self.iso_y) if self.iso_x else p

    def rank(self, cands: list[Candidate]) -> list[tuple[Candidate, float]]:
        """The key's candidates best first, each with its calibrated confidence (ties: earlier first)."""
        first = min(c.hit for c in cands)
        tiered = []
        for c in cands:
            f = features(c, c.hit == first)
            z = self.bias + sum(w * x for w, x in zip(self.weights, f, strict=True))
            tiered.append((*order_key(c, f, z), c, z))
        tiered.sort(key=lambda t: t[:3])
        scored = [(t[3], t[4]) for t in tiered]
        n = len(scored)
        out: list[tuple[Candidate, float]] = []
        prev = 1.0
        for c, z in scored:
            # never above a better-ranked passage (readers and the web order passages by confidence)
            conf = max(0.01, min(0.99, self.confidence(z, c.rule_conf, n), prev - 0.001))
            out.append((c, conf))
            prev = conf
        # the first-contact map is strictly increasing and applied after the ordering and clipping, so every
        # comparison made on these confidences (exclusive keys, the page's order) comes out as before; it
        # narrows gaps, so the step between passages is kept after it (confidences are stored to 3 places)
        shown: list[tuple[Candidate, float]] = []
        prev = 1.0
        for i, (c, p) in enumerate(out):
            q = first_contact_map(p, self.fc_w, self.fc_b)
            q = q if i == 0 else max(0.01, min(q, prev - 0.001))
            shown.append((c, q))
            prev = q
        return shown

    def shows(self, key: str, ranked: list[tuple[Candidate, float]]) -> bool:
        """Whether the key is claimed at all: some candidate the pattern rules trust enough."""
        return claimable([c for c, _ in ranked], self.min_rule_conf)


def logit(p: float) -> float:
    """Log-odds, with p clipped to [0.01, 0.99] (the ranker's confidences never leave that range)."""
    p = min(max(p, 0.01), 0.99)
    return math.log(p / (1.0 - p))


def first_contact_map(p: float, w: float, b: float) -> float:
    """The confidence shown for an in-development confidence `p`: sigmoid(w * logit(p) + b), w > 0 (the
    identity when w=1, b=0: a ranker file without a fitted map shows the calibrator's own figure)."""
    return p if (w, b) == (1.0, 0.0) else _sigmoid(w * logit(p) + b)


def _interp(x: float, xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    """Piecewise-linear interpolation, clamped at the ends (numpy.interp without numpy at runtime)."""
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, x) - 1
    x0, x1, y0, y1 = xs[i], xs[i + 1], ys[i], ys[i + 1]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


_SECTION_LABEL = re.compile(r"(?:\b(?:Section|SECTION|Sec\.|SEC\.)\s*[\w.\-]+|§+\s*[\w.\-]+)\.?\s*$")


def section_heading(c: Candidate) -> bool:
    """The passage is a section's heading alone ("Section 702. Effective date."): it names a topic, it
    does not enact anything, so it never carries a claim by itself."""
    ev = c.evidence.strip()
    words = [w for w in ev.split() if w.strip("-\u2013\u2014")]
    # a catchline of topics joined by dashes ("Act subject to petition - effective date - applicability.")
    catchline = len(ev) < 120 and len(words) <= 14 and bool(_CATCHLINE_DASH.search(ev))
    return (ev.endswith(".") and not _OPERATIVE_VERB.search(ev) and ((len(ev) < 60 and len(words) <= 6) or catchline)
            and bool(_SECTION_LABEL.search(c.text, max(0, c.start - 40), c.start)))


_CATCHLINE_DASH = re.compile(r"\s(?:-{1,2}|\u2013|\u2014)\s")


def claimable(cands: list[Candidate], min_rule_conf: float) -> bool:
    """A key is claimed when a candidate the pattern rules trust is in the bill's own sections: what
    only the title, synopsis or sponsor's note says (WV HB 3233's title names an advisory council its
    text never creates) is a summary of a text we may not have, not a provision we can quote. Nor is
    what only a WHEREAS recital says: a resolution's recitals state the problem ("the state's Medicaid
    does reimburse many crisis services through its 1115 waiver", AK SCR 2), its resolving clauses act."""
    trusted = [c for c in cands if c.rule_conf >= min_rule_conf and not section_heading(c) and not c.whereas]
    if not trusted:
        return False
    z = trusted[0].zones
    return not z.has_body or any(not z.summary(c.hit) for c in trusted)


def calibration_features(z: float, rule_conf: float, n: int) -> list[float]:
    """Inputs of the confidence calibrator (order fixed: the trained weights follow it). It is fitted
    on the passage shown first; later passages get the same map of their own (lower) score."""
    return [z, rule_conf, math.log1p(n)]


def ranker_from_dict(d: dict[str, Any]) -> Ranker:
    names = list(d["features"])  # type: ignore[arg-type]
    if names != list(FEATURES):
        raise ValueError(f"{RANKER_FILE.name}: features {names} differ from the code's {list(FEATURES)}")
    return Ranker([float(w) for w in d["weights"]], float(d["bias"]),  # type: ignore[union-attr, arg-type]
                  [float(w) for w in d.get("cal_w", [])], float(d.get("cal_b", 0.0)),  # type: ignore[union-attr, arg-type]
                  float(d.get("min_rule_conf", 0.5)),  # type: ignore[arg-type]
                  tuple(float(v) for v in d.get("iso_x", [])),  # type: ignore[union-attr]
                  tuple(float(v) for v in d.get("iso_y", [])),  # type: ignore[union-attr]
                  float(d.get("fc_w", 1.0)), float(d.get("fc_b", 0.0)),  # type: ignore[arg-type]
                  float(d.get("fc_wp", 0.0)))  # type: ignore[arg-type]


# hand-set prior used when no trained file exists (and as the training script's starting point)
_PRIOR = {"rule_conf": 3.0, "summary_zone": -2.0, "preamble": -1.0, "findings_section": -1.5, "definition": -1.5,
          "purpose": -0.7, "whereas": -2.0, "operative": 0.8, "operative_verb": 0.5, "study": -0.5,
          "short": -0.5, "heading_like": -1.0, "first_of_key": 0.1}


@lru_cache(maxsize=1)
def load_ranker() -> Ranker:
    """The shipped ranker (ranker.json), or the hand-set prior if the file is missing."""
    if RANKER_FILE.is_file():
        return ranker_from_dict(json.loads(RANKER_FILE.read_text(encoding="utf-8")))
    return Ranker([_PRIOR.get(f, 0.0) for f in FEATURES], -2.0, [], 0.0)
