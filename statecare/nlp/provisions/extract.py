"""Text -> provisions (DESIGN.md `category.value` keys), each with an evidence span.

Pipeline: `spacy.blank("en")` + the rule-based `sentencizer` + our `statecare_provisions`
component. The component runs one PhraseMatcher over the tokens for all trigger phrases
(`provisions_patterns.SPECS`), then checks context only for the sentences that hold a trigger.
Evidence is the sentence that supports the claim; its offsets index the text as given, so
`text[start:end] == evidence` always holds.

Amending bills: the text received is the bill *as amended* (the extractor keeps struck language
apart). New York plain texts still mark deleted law in brackets "[...]" (the bill says so: "matter
in brackets [ ] is old law to be omitted"); language inside those brackets is never a provision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from statecare.nlp.provisions import exclusive
from statecare.nlp.provisions.calibrate import establishes_program
from statecare.nlp.provisions.clean import CleanText, catchline_words, shown
from statecare.nlp.provisions.gate import Gated
from statecare.nlp.provisions.leadins import bare_item, with_lead_in
from statecare.nlp.provisions.patterns import SPECS, KeySpec
from statecare.nlp.provisions.rank import Candidate, Zones, covers_service, load_ranker
from statecare.nlp.provisions.sections import Section, section_at, split_sections

MODEL_VERSION = "provisions-1"
COMPONENT = "statecare_provisions"
MAX_PER_KEY = 3
# longest evidence we show: statutes run sentences for pages; beyond this we cut to the clause
MAX_EVIDENCE = 600

_NEGATION = re.compile(r"\b(?:(?:shall|may|must) not(?! exceed)|no (?!later|earlier|less|more|fewer)\w+|not be|"
                       r"prohibit\w*|without|nor|neither|never|barr(?:ed|ing))\b", re.I)
_DEFINITION = re.compile(r"^[^\"]{0,90}\"\s*(?:means|includes|shall mean|refers to)\b", re.I)
_INTENT = Gated(r"\b(?:will promote|intends? to|it is the intent|goal of this)\b", ('will promote', 'intend', 'intent', 'goal of this'), re.I)
MIN_CONFIDENCE = 0.5
_BARE_EFFECTIVE = re.compile(
    r"\s*(?:(?:and )?be it further enacted,? that\s+)?(?:\(\w{1,4}\)\s*)?"
    # a catchline before it ("Sec. 9. EFFECTIVE DATE This act shall take effect on passage.")
    r"(?:(?:sec\. \d+\.\s+)?effective dates?\.?\s+)?"
    # Oklahoma's emergency clause: "It being immediately necessary for the preservation of the public peace, health or
    # safety, an emergency is hereby declared to exist, by reason whereof this act shall take effect ..."
    r"(?:it being immediately necessary\b[^.]{0,200}?\bby reason whereof\s+)?(?:(?:\S+\s+)?(?:the remainder of )?(?:this|the) act|(?:\S+\s+)?(?:section|sections) "
    r"[\w ,]{1,40} of this act|(?:chapter|article|part|sections?) [\w.\-]{1,12})", re.I)
_BARE_EFFECTIVE_TAIL = re.compile(
    r"(?:(?:shall take|takes) effect|(?:shall become|becomes|is|shall be) effective) (?:immediately|upon (?:becoming (?:a )?law|enactment|passage)|on passage|"
    r"on the \w+(?:[- ]\w+)? day(?: next)? (?:after|following) (?:enactment|its (?:enactment|passage)|becoming a law)|"
    # New Jersey's standard clause: "on the first day of the seventh month next following enactment"
    r"on the \w+ day of the \w+(?:[- ]\w+)? (?:calendar )?month (?:next )?(?:after|following) (?:its )?enactment|"
    r"in \d{1,3} days|(?:on )?[A-Z][a-z]+ \d{1,2}, \d{4})\W*$", re.I)
# the same clause in other states' words: "... shall take effect and be in full force from and after its passage and
# approval" (OK), "This act shall take effect and be in force from and after July 1, 2027, and its publication in the
# statute book" (KS), "This act takes effect upon becoming a law, the public welfare requiring it, and applies only to
# health plans entered into, amended, extended, or renewed on or after January 1, 2026" (TN)
_BARE_FORCE_TAIL = re.compile(
    r"(?:shall take|takes) effect and (?:shall )?be in (?:full )?force from and after (?:its passage and approval|"
    r"(?:(?:on )?[A-Z][a-z]+ \d{1,2}, \d{4},? and )?its publication in the [\w ]{3,30})\W*$|"
    r"(?:shall take|takes) effect upon becoming (?:a )?law, the public welfare requiring it(?:,? and (?:shall )?"
    r"appl(?:y|ies) (?:only )?to [^.]{0,200})?\W*$", re.I)
# an effective date whose operation waits on a condition ("This act shall take effect immediately, but remain
# inoperable until the Commissioner ... receives a determination of federal financial participation"): still the
# act's effective-date clause, with no date or phase of a program
_INOPERATIVE_UNTIL = re.compile(r"(?:shall take|takes) effect immediately,? (?:but|and) (?:shall )?remain "
                                r"(?:inoperable|inoperative) until\b", re.I)
_ITEM_START = re.compile(r"\s*(?:and\s+|or\s+)?\(?(?:\d{1,3}|[a-z]{1,2}|[ivx]{1,5})[.)]\s")
# "...; (2) ...", "...; and (13) ...": a sentence that is an enumerated list
_LIST_ITEMS = re.compile(r"[;:]\s*(?:and\s+|or\s+)?\(?(?:\d{1,3}|[a-z]{1,2}|[ivx]{1,5})[.)]\s")
_CITE_END = re.compile(r"\b(?:sec|secs|Sec|Secs|No|Nos|U\.S\.C|C\.F\.R|subd|par|art|ch)\.$")
_CITE_NEXT = re.compile(r"\s*\d")
_SUBSECTION_OPEN = Gated(r"[^\s(]\s+\(\d{1,3}\)\s?\((?:a|1|i)\)\s+(?=[A-Z][a-z])", ('(a)', '(1)', '(i)'))
_FIRST_ITEM = re.compile(r":\s*\(?(?:1|a|A|i)[.)]\s")
_STUDY_KEYS = frozenset({"transition.study_or_report", "governance.advisory_council"})
_STUDY_GOVERNS = Gated(
    r"\b(?:shall|may|to|must) (?:(?:also|further) )?(?:study|examine|consider|evaluate|assess|explore|analy[sz]e|"
    r"make (?:findings and )?recommendations|recommend|develop recommendations)\b|\bmay study whether\b|"
    r"\boptions? (?:may|shall|to|must) include\b|\bif the (?:board|commission|task force|council) recommends\b|"
    r"\brecommendations? (?:for|on|regarding|concerning|must|shall)\b|\b(?:determine|assess) the feasibility of\b|"
    r"\b(?:to be|may be) added by\b|"
    # "the parameters of the plan to be evaluated, including ... allowing for voluntary buy-in": the studied plan
    r"\b(?:plan|program|option|model|proposal|system)s? to be (?:evaluated|studied|examined|analy[sz]ed|assessed)\b",
    ('stud', 'examine', 'consider', 'evaluate', 'assess', 'explore', 'analy', 'recommend', 'include', 'feasibility',
     'added by'), re.I)
# a report's lead-in ("the board shall prepare a report detailing: ... (II) The share of the total revenue that was
# received from federal funds;"): its items are what the report must say, not what the bill does
_REPORT_LEAD = Gated(r"\breports? (?:detailing|containing|describing|that (?:includes|shall include|must include|"
                     r"contains|details|describes)|which (?:includes|shall include|must include))\b|"
                     r"\breports? (?:shall|must) (?:include|contain|detail|describe)\b", ('report',), re.I)
# a synopsis or statement of purpose that opens by proposing a study ("Statement of purpose of bill as introduced:
# This bill proposes to create a study committee to evaluate the feasibility of developing a public option ..."):
# what it goes on to describe is the studied plan. A short-form bill (Vermont prints "(TEXT OMITTED IN SHORT-FORM
# BILLS)") has nothing else, so its plan's parameters would otherwise read as provisions
_PROPOSES_STUDY = Gated(r"\bthis (?:bill|act|resolution) (?:proposes|would|shall|will) (?:to )?(?:create|establish|convene|"
                        r"direct|require)\w*\b[^.]{0,80}?\b(?:study|task force|commission|committee|working group|"
                        r"work group)\b[^.]{0,60}?\bto (?:study|evaluate|examine|review|analy[sz]e|recommend)\b",
                        ('this bill', 'this act', 'this resolution'), re.I)
# a list's lead-in that excludes what it lists ("The term does not include any of the following:")
_EXCLUDING_LEAD = re.compile(r"\b(?:does|shall|do) not include\b|\bexclud(?:es|ing)\b[^.;]{0,40}:|"
                             r"\bother than the following\b", re.I)
# a list item's marker: "(3)", "3.", "(b)", "aa.", "(iv)" -- one spelling for every pattern here
_ITEM_MARK = r"\(?(?:\d{1,3}|[a-z]{1,2}|[ivx]{1,5})[.)]\s"
_ANY_ITEM = re.compile(_ITEM_MARK, re.I)
# a lead-in that makes its items goals, appointees or who may do a job, never covered care (narrower than
# patterns' _NOT_BENEFIT: a covering lead-in may itself say "for the diagnosis, treatment, or rehabilitation of")
_NOT_BENEFIT_LEAD = re.compile(r"\bto promote\b|\bcare coordinators? (?:may|shall|must) be\b|"
                               r"\brepresentatives? of\b|\bmembers? of the (?:board|council|commission)\b|"
                               r"\bappoint(?:ed|ment)?\b|\b(?:goals?|objectives?|principles?) (?:of|shall|are|is)\b|"
                               # coverage an employer offers its people ("... remain eligible for the following
                               # coverage, if offered by the employer"), the services a defined facility or agency
                               # provides ('"Nursing care facility" means ... the following patient services'), and
                               # what a person must do ("limited to any individual who: ... (c) provides emergency
                               # medical services") are not what the program covers
                               r"\b(?:offered|provided) by (?:the|an|their|its) employer\b|"
                               r"(?:facility|agency|center|home)[\"\u201d]\s*means\b|"
                               r"\b(?:individuals?|persons?|entit(?:y|ies)|applicants?|providers?) who\s*$",
                               re.I)

_STUDY_HEADING = re.compile(r"\b(?:task force|study commission|feasibility study|work ?group|working group|"
                            r"study of|study on)\b", re.I)
# a codified section's catchline that names a report or study ("Sec. 11-5.6. Medicare Part A Buy-In Agreement
# Report."): the section orders the report, and what it names (the buy-in agreement) is the report's subject.
# Title-case words only, so a sentence ending "... shall submit a report." is not a catchline
_REPORT_CATCHLINE = re.compile(r"(?:^|\n|\.\s)(?:[A-Z][\w'-]*|of|on|and|for|the|to|a|in)(?:[ \t]+(?:[A-Z][\w'-]*|of|on|"
                               r"and|for|the|to|a|in)){0,10}[ \t]+(?:Report|Study|Reports|Studies)\.(?:\s|$)")
# a memorial's or resolution's request to the federal government ("Your Memorialists respectfully pray that the
# federal government: (1) Create a universal health care program ...", "urges Congress to enact ..."): what another
# government is asked to do is not what this bill does. A request to the state's own Governor or agencies (AK SCR 2
# "urging the Governor to direct ... to develop recommendations") is not one of these
_FEDERAL_PRAYER = Gated(r"\b(?:pray|petition|urge|request|memoriali[sz]e|call(?:s|ing)? (?:up)?on|ask)\w*\b"
                             r"[^.;:]{0,80}?\b(?:the federal government|(?:the )?(?:united states )?congress|"
                             r"the president|federal agencies)\b", ('federal government', 'congress', 'the president', 'federal agencies'), re.I)
_RESOLVED = re.compile(r"\bBE IT (?:FURTHER )?RESOLVED\b")


def _prayer_spans(text: str) -> list[tuple[int, int]]:
    """The requested acts of a memorial: from a request to the federal government that ends in a colon to the
    next resolving clause (which only sends copies) or the end of the text. Only memorials and resolutions pray
    or urge this way, so other bills skip the scan (it would run over every bill's whole text)."""
    if "RESOLVED" not in text and "emorial" not in text and "EMORIAL" not in text:
        return []
    spans = []
    for m in _FEDERAL_PRAYER.finditer(text):
        colon = text.find(":", m.end(), m.end() + 200)
        if colon < 0 or "." in text[m.end():colon]:
            continue
        r = _RESOLVED.search(text, colon)
        spans.append((m.start(), r.start() if r else len(text)))
    return spans


def _lead_in(text: str, s_char: int) -> str:
    """The lead-in of a list item: from the start of the sentence that ends with the last colon
    before the item (at most 600 characters back), to that colon."""
    colon = text.rfind(":", max(0, s_char - 600), s_char)
    if colon < 0:
        return ""
    lo = max(text.rfind(". ", max(0, colon - 400), colon), text.rfind(";", max(0, colon - 400), colon))
    return text[lo + 1 if lo >= 0 else max(0, colon - 400):colon]


def _report_item(text: str, s_char: int, hit_char: int) -> bool:
    """Whether the trigger stands in the list of a report's contents that the sentencizer kept in the lead-in's
    sentence ("... the board shall prepare a report detailing: (I) ...; (II) The share of the total revenue that was
    received from federal funds;"): a report lead-in, then its colon, before the trigger."""
    m = _REPORT_LEAD.search(text, s_char, hit_char)
    return m is not None and ":" in text[m.end():hit_char]


def _summary_proposes_study(text: str, zones: Zones) -> bool:
    """Whether the bill's synopsis (before the enacting clause, read in its first 1,600 characters) proposes a
    study in the bill's own words ("This bill proposes to create a study committee to evaluate ..."); a title
    that lists a task force among other things ("establishing the Task Force on ...; requiring ...") does not."""
    if not zones.digest or zones.enact <= 0:
        return False
    return bool(_PROPOSES_STUDY.search(text[:min(zones.enact, 1600)]))


# a codified section's header: "Section 26C-2-101 is enacted to read:", "Section 53-17-201 is amended to read:",
# "Section 26C-2-105, which is renumbered from Section 26B-1-425 is renumbered and amended to read:"
_CODIFIED = Gated(r"\bSection (\d+[A-Za-z]?(?:-[\w.]+)+),?[^:]{0,160}?\bis (?:renumbered and )?"
                       r"(amended|enacted) to read:", ('to read:',), re.I)
# below this rule confidence a candidate is ranked but claims nothing (rank.Ranker.min_rule_conf is 0.5)
_REPRINT_CONF = 0.45


# Kentucky's section headers: "Section 8. KRS 18A.225 is amended to read as follows:" (or "KRS 205.522 (Effective
# January 1, 2025) is amended to read as follows:") and "SECTION 1. A NEW SECTION OF
# SUBTITLE 17A OF KRS CHAPTER 304 IS CREATED TO READ AS FOLLOWS:"; the chapter is the number before the first dot
_KRS_HEAD = Gated(r"\bSection \d+\.\s+(?:KRS (\d+[A-Z]?)\.[\w.-]+(?:\s+\((?:Effective|Enacted)[^)]{0,60}\))?\s+is "
                  r"amended to read\b|A NEW SECTION OF "
                  r"(?:SUBTITLE \w+ OF )?KRS CHAPTER (\d+[A-Z]?)\b)", ("krs",), re.I)


def _krs_reprinted(text: str) -> list[tuple[int, int]]:
    """Re-printed law of other chapters in a Kentucky bill (as `_reprinted_spans`): the bill's own chapters are
    those it creates a new section in and the chapter of its first section; a section of another chapter that
    it only amends is re-printed whole to add a cross-reference (a coverage mandate extended to the state
    employees' plan, KCHIP, Medicaid's list of mandates, the universities' self-insured plans), and what the rest
    of it says (premiums "paid by the policyholder", KCHIP's "no copayments") is existing law of that program."""
    heads = [(m.start(), (m.group(1) or m.group(2)).upper(), m.group(1) is not None) for m in _KRS_HEAD.finditer(text)]
    if len(heads) < 2:
        return []
    home = {ch for _, ch, amended in heads if not amended} | {heads[0][1]}
    return _amended_elsewhere(heads, home, len(text))


def _amended_elsewhere(heads: list[tuple[int, str, bool]], home: set[str], end: int) -> list[tuple[int, int]]:
    """The spans (from its header to the next one, or `end`) of each section that is only amended and lies in a
    chapter outside `home`: `heads` are (offset, chapter, amended?) of every section header, in order."""
    return [(pos, heads[i + 1][0] if i + 1 < len(heads) else end)
            for i, (pos, chapter, amended) in enumerate(heads) if amended and chapter not in home]


# a digest's account of the law as it stands ("Existing law provides ...", "Under existing law, ..."): from such a
# sentence to the next one that says what the bill does ("This bill would ...", "The bill would ...")
_EXISTING_LAW = Gated(r"(?:^|(?<=[.;:]\s)|(?<=\n)|(?<=\)\s))(?:Under )?[Ee]xisting (?:federal |state |California )?"
                      r"(?:[a-z-]+ ){0,4}?(?:law(?:,|\s+(?:also\s+|generally\s+)?[a-z]+s\b)|laws(?:,|\s+(?:also\s+|generally\s+)?"
                      r"[a-z]+\b))", ("existing",), re.I)
# ... or names the law it describes instead of saying "existing law" (a digest's numbered paragraph): "(5) The Public
# Employees' Medical and Hospital Care Act (PEMHCA), which is administered by ..., prescribes ...", "(8) The Personal
# Income Tax Law also imposes ...", "Under PERL, effective July 1, 2021, ...": read only in a text that is a digest
# (it says what "this bill would" do)
_NAME_WORDS = r"(?:[A-Z][\w'’-]* (?:(?:and|of|for|the|on) )?){1,8}"
_EXISTING_NAMED = re.compile(rf"(?:^|(?<=[.;:]\s)|(?<=\n)|(?<=\)\s))(?:Under (?:the )?{_NAME_WORDS}(?:Law|Act)"
                             r"(?: \([A-Z]{2,}\))?\s?,|Under [A-Z]{3,}\s?,|The " + _NAME_WORDS + r"(?:Law|Act)"
                             r"(?: \([A-Z]{2,}\))?\s?,?(?: which [^.;]{0,200}?,)? (?:also )?(?:prescribes|provides|requires|"
                             r"establishes|imposes|authorizes|generally)\b)")
_DIGEST = re.compile(r"\b(?:This|The) bill would\b")
# ("Under this bill, commencing on July 1, 2027, ... reimbursement ... would be in an amount equal to 80% of ...")
_BILL_SAYS = re.compile(r"(?:^|(?<=[.;:]\s)|(?<=\n)|(?<=\)\s))(?:(?:This|The) (?:bill|act|measure)|Under this bill)\b")


# --- rules for private insurance -----------------------------------------------------------------------------
# "a health insurer / health benefit plan / carrier / policy shall provide coverage for ..." is a rule for private
# insurance: no benefit, cost sharing or provider payment of a program the bill establishes (the key vocabulary
# describes a public program's design). Public programs a mandate is often extended to (Medicaid, the state
# employees' plan) keep theirs.
_MANDATE_FAMILIES = ("benefits.", "cost_sharing.", "provider_payment.")
_PAYER = (r"(?:(?:health|accident and health|accident and sickness|sickness and accident|disability) )?insurers?|"
          r"insurance (?:providers?|carriers?|compan(?:y|ies)|issuers?)|issuers?|carriers?|health benefit plans?|"
          r"health care service plans?(?: contracts?)?|health maintenance organizations?|"
          r"(?:individual|group|health|accident and health|(?:health|medical) insurance|insurance) "
          r"(?:policy|policies|contracts?)|polic(?:y|ies) of (?:accident and |sickness and )?(?:health|sickness|"
          r"accident) insurance|(?:health|hospital|medical) service corporations?")
# a payer as the one that covers: "requires certain insurers to ensure ...", "require insurance providers cover ...",
# "a health benefit plan shall provide coverage for ...", "prohibit a plan or insurer from imposing cost sharing"
# ... and what a payer may not do ("a health insurer, life insurer, or long-term care insurer may not: (1) cancel, limit,
# or deny coverage or establish differentials in premium rates")
_PAYER_COVERS = re.compile(rf"\b(?:{_PAYER})\b[^.;]{{0,160}}?\b(?:provides?|providing|includes?|offers?|cover|covers|"
                           rf"ensures?|impos(?:e|es|ing)|(?:may|shall|must) not)\b", re.I)
# the bill's head says it regulates private insurance ("Amends the Illinois Insurance Code", "relating to
# insurance", "would require a ... health insurance policy to provide coverage")
_PRIVATE_HEAD = re.compile(rf"\brequir\w* (?:[\w-]+ ){{0,4}}?(?:{_PAYER})\b|\bamends? the (?:\w+ ){{0,2}}insurance "
                           rf"code\b|\bhealth maintenance organization act\b|\brelating to (?:health |accident and "
                           rf"health )?insurance\b|"
                           # "Relating to dental insurer rate requirements and reporting"
                           rf"\brelating to (?:[\w-]+ ){{0,2}}insurers?\b", re.I)
_PUBLIC_PROGRAM = re.compile(r"\b(?:medical assistance|medicaid|medi-cal|masshealth|medicare|children's health "
                             r"insurance|chip|state employees?'?|state health (?:benefits?|insurance) plan|public "
                             r"employees?'?|public option|single[- ]payer|(?:state|public) (?:health )?program|"
                             r"the program|the trust|universal|(?:health care|coverage) for uninsured children|"
                             # a payer the state buys coverage from ("A contractor with whom the department enters
                             # into a contract shall ... provide the following minimum coverage package")
                             r"contractors? with whom the (?:department|state)|contracts? with the (?:department|state))\b",
                             re.I)
# a sentence about the coverage the subsection before requires ("(2) The coverage required under paragraph (1) of this
# subsection shall be provided without cost sharing." after "(b)(1) Any individual or group policy of accident or health
# insurance ... must provide coverage for ..."): the payer is named there
_REFERS_BACK = re.compile(r"\s*(?:\(?\w{1,4}\)\s*)*(?:The|Such|This) coverage (?:required|mandated) (?:under|by)\b", re.I)
_POLICY_TYPE_KEY = "statecare_policy_type"


def _private_mandate_doc(text: str) -> bool:
    """Whether the bill's head (first 3,000 characters) says it regulates private insurance and names no public
    program: then its benefits, cost sharing and provider payment are private insurance rules."""
    head = text[:3000]
    return bool(_PRIVATE_HEAD.search(head)) and not _PUBLIC_PROGRAM.search(head)


def _private_rule(text: str, s_char: int, e_char: int, mandate_doc: bool) -> bool:
    """A candidate sentence of a benefit, cost sharing or provider payment key that is a rule for private
    insurance: a payer covers in it (and no public program is named there), or the bill is a private mandate
    and the sentence names no public program."""
    if _PUBLIC_PROGRAM.search(text, max(0, s_char - 300), e_char):  # (with a list item's lead-in)
        return False
    return mandate_doc or bool(_PAYER_COVERS.search(text, s_char, e_char)) or bool(
        _REFERS_BACK.match(text, s_char, e_char) and _PAYER_COVERS.search(text, max(0, s_char - 400), s_char))


def _existing_law_spans(text: str) -> list[tuple[int, int]]:
    """Where a digest describes existing law ("Existing law provides ...", "Existing state sales and use tax laws
    impose ...", or the law named: "The Personal Income Tax Law also imposes ..."): what it says is not what the bill
    does."""
    digest = bool(_DIGEST.search(text))
    if "xisting" not in text and not digest:
        return []
    found = sorted([*_EXISTING_LAW.finditer(text), *(_EXISTING_NAMED.finditer(text) if digest else ())],
                   key=lambda m: m.start())
    spans: list[tuple[int, int]] = []
    for m in found:
        if spans and m.start() < spans[-1][1]:
            continue
        b = _BILL_SAYS.search(text, m.end())
        spans.append((m.start(), b.start() if b else len(text)))
    return spans


def _reprinted_spans(text: str) -> list[tuple[int, int]]:
    """Re-printed law of other chapters: in a bill that enacts new sections of its own, a section it only
    amends, in a chapter where it enacts nothing, is existing law about something else (state-employee benefits,
    licensing definitions, jail health care) that the bill touches to change a cross-reference or a date. What it
    says is not what the new program does. Chapters are the first two parts of the section number ("26C-2" of
    "26C-2-101"); a section renumbered into a new chapter belongs to it."""
    heads = [(m.start(), "-".join(m.group(1).split("-")[:2]).lower(), m.group(2).lower() == "amended")
             for m in _CODIFIED.finditer(text)]
    enacted = {chapter for _, chapter, amended in heads if not amended}
    if not enacted:
        return _krs_reprinted(text)
    return _amended_elsewhere(heads, enacted, len(text))


def _doc_context(text: str, c: _Compiled) -> bool:
    """Whether the bill's head (title, first 3,000 characters) names what a key presumes."""
    return c.doc_context is not None and bool(c.doc_context.search(text, 0, 3000))


def _study_section(text: str, sec: Section | None) -> bool:
    """A section set up to study or design (a task force's section, a section whose catchline names a report):
    what it lists is its subject."""
    if sec is None or sec.style == "preamble":
        return False
    head = sec.heading or text[sec.start:sec.start + 160]
    if _STUDY_HEADING.search(head):
        return True
    opening = text[sec.start:sec.start + 240]  # a plain test first: this runs for every candidate
    return ("Report" in opening or "Stud" in opening) and bool(_REPORT_CATCHLINE.search(opening))


# a waiver the state may not seek: "Prohibits the State or an agency of the executive branch from applying for any
# federal Medicaid waiver that would ...", "prohibit a hospital from requiring a patient to apply for the federal
# Medicare program", "shall not apply for a waiver"
_WAIVER_DENIED = re.compile(r"\bprohibit\w*\b[^.;]{0,160}?\bfrom (?:applying|seeking|submitting|requesting|pursuing|"
                            r"requiring)\b|\b(?:shall|may|must|will) not (?:apply for|seek|submit|request|pursue)\b", re.I)
# what a bill takes out of the law ("Repeals provisions that require: (i) ...; and (ii) the Department ... to collaborate
# to review coverage and billing requirements for substance use prevention ..."): no provision of the bill
_REPEALED = re.compile(r"\s*(?:Repeals|Removes|Deletes|Eliminates|Strikes)(?: (?:the|a|any|certain))? (?:provisions?|"
                       r"language|requirements?)\b")
# a report an agency files with the legislature, recorded as a document of its own ("Report of MassHealth (pursuant to
# line Item 4000-0700 of ...) submitting its MassHealth Dental Coverage FY25 report"): it enacts nothing
_FILED_REPORT = re.compile(r"\s*Report of [^.]{0,400}? submitting (?:its|the|a|an)\b")
# a benefit named for children only ("(g) Pediatric primary and specialty care;" in an essential health benefits list):
# the program's own item for everyone ("(b) Ambulatory primary and specialty services, ...") says it better
_PEDIATRIC_ITEM = re.compile(r"(?:\(?[\w]{1,4}[.)]\s*)*pediatric\b", re.I)
_ALLOWS = re.compile(r"\bnothing\b[^.;]{0,120}\bconstrued\s+(?:as|to)\s+(?:prohibit|bar|limit|prevent)", re.I)
_WHEREAS = re.compile(r"\s*(?:and\s+)?whereas\b", re.I)
_BRACKET_NOTE = re.compile(r"matter in brackets\s*\[\s*\]\s*is old law to be omitted", re.I)


@dataclass(frozen=True)
class Provision:
    key: str
    start: int
    end: int
    evidence: str
    confidence: float

    @property
    def category(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def value(self) -> str:
        return self.key.split(".", 1)[1]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class _Compiled:
    spec: KeySpec
    require: re.Pattern[str] | None
    exclude: re.Pattern[str] | None
    # a key that presumes a kind of bill: its `require` may be met by the bill's head instead
    doc_context: re.Pattern[str] | None = None
    doc_require: re.Pattern[str] | None = None


def _compile(spec: KeySpec) -> _Compiled:
    extra = spec.extra
    return _Compiled(spec,
                     re.compile(spec.require, re.I) if spec.require else None,
                     re.compile(spec.exclude, re.I) if spec.exclude else None,
                     re.compile(extra["doc_context"], re.I) if "doc_context" in extra else None,
                     re.compile(extra["doc_require"], re.I) if "doc_require" in extra else None)


class ProvisionsComponent:
    """Finds provisions; results go to doc._.provisions as a list of Provision."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.specs = [_compile(s) for s in SPECS]
        for i, s in enumerate(SPECS):
            # "u.s.c." alone tokenizes as "u.s.c" + "." but "U.S.C." is one token: add the cased form
            phrases = [*s.triggers, *(t.replace("u.s.c.", "U.S.C.") for t in s.triggers if "u.s.c." in t)]
            self.matcher.add(str(i), list(nlp.tokenizer.pipe(phrases)))  # type: ignore[union-attr]  # a Tokenizer
        self._label_index = {nlp.vocab.strings[str(i)]: i for i in range(len(SPECS))}

    def __call__(self, doc: Doc) -> Doc:
        doc._.provisions = find_in_doc(doc, self)
        return doc


if not Doc.has_extension("provisions"):
    Doc.set_extension("provisions", default=None)


@Language.factory(COMPONENT)
def _make_component(nlp: Language, name: str) -> ProvisionsComponent:
    return ProvisionsComponent(nlp, name)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """blank English + sentencizer + provisions component (built once per process)."""
    nlp = spacy.blank("en")
    nlp.max_length = 5_000_000
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(COMPONENT)
    return nlp


def _struck_spans(text: str) -> list[tuple[int, int]]:
    """NY "[old law]" spans, only when the bill declares the bracket convention."""
    if not _BRACKET_NOTE.search(text):
        return []
    return [(m.start(), m.end()) for m in re.finditer(r"\[[^\[\]]{0,5000}\]", text)
            if not re.fullmatch(r"\[\s*\]", m.group(0))]


# a list mark: ';' or a ':' that is not inside a clock time ("takes effect at 12:01 a.m. on the day ...")
_CLAUSE_MARK = re.compile(r";|:(?!\d)")


def _last_colon(text: str, lo: int, pos: int) -> int:
    """The last ':' in [lo, pos) that is a list mark, or -1."""
    c = text.rfind(":", lo, pos)
    while c >= 0 and c + 1 < len(text) and text[c + 1].isdigit():
        c = text.rfind(":", lo, c)
    return c


def _clause(text: str, lo: int, hi: int, pos: int) -> tuple[int, int]:
    """The clause around `pos`: between the nearest ';' / ':' list marks inside [lo, hi)."""
    a = max(text.rfind(";", lo, pos), _last_colon(text, lo, pos))
    a = a + 1 if a >= lo else lo
    end = _CLAUSE_MARK.search(text, pos, hi)
    return a, (end.start() if end else hi)


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _evidence_span(text: str, s_start: int, s_end: int, hit: int, cut: bool = False) -> tuple[int, int]:
    """The sentence, trimmed of surrounding whitespace; cut to the clause around `hit` if too long,
    or if `cut` (an enumerated list: each item is a passage of its own)."""
    if s_end - s_start > MAX_EVIDENCE or cut:
        left = max(text.rfind(";", s_start, hit), text.rfind(":", s_start, hit))
        a = left + 1 if left >= s_start else s_start
        right = [p for p in (text.find(";", hit, s_end), text.find(":", hit, s_end)) if p != -1]
        b = min(right) + 1 if right else s_end
        if b - a > MAX_EVIDENCE:
            a = max(a, hit - MAX_EVIDENCE // 2)
            b = min(b, a + MAX_EVIDENCE)
            while a > s_start and not text[a - 1].isspace():  # never cut a word in two
                a -= 1
            while b < s_end and not text[b].isspace():
                b += 1
        s_start, s_end = a, b
    while s_start < s_end and text[s_start].isspace():
        s_start += 1
    while s_end > s_start and text[s_end - 1].isspace():
        s_end -= 1
    # the sentencizer splits list markers: "... trust.(" + "1) The board ..." — give the "(" back
    # to the item it opens (and a bracket: "Effective date. [" + "This act] is effective July 1, 2025.")
    if s_end - s_start > 1 and text[s_end - 1] in "([":
        s_end -= 1
        while s_end > s_start and text[s_end - 1].isspace():
            s_end -= 1
    if s_start > 0 and text[s_start - 1] == "(" and _MARKER_TAIL.match(text, s_start):
        s_start -= 1
    # ... and the opening quote of a definition: 'this act. "Resident" means' is cut as 'this act. "' +
    # 'Resident" means': the quote belongs to the sentence it opens
    if s_end - s_start > 1 and text[s_end - 1] in _OPEN_QUOTES and text[s_end - 2].isspace():
        s_end -= 1
        while s_end > s_start and text[s_end - 1].isspace():
            s_end -= 1
    if s_start > 0 and text[s_start - 1] in _OPEN_QUOTES and (s_start == 1 or text[s_start - 2].isspace()):
        s_start -= 1
    # a quote ends where its words end, not on the next item's number the sentencizer left behind
    # ("... includes: 1.", "...; and 5."), and starts at its own item, not on the joining "and (3) ..."
    m = _TRAILING_MARKER.search(text, s_start, s_end)
    if m and m.start() > s_start:
        s_end = m.start() + 1 if text[m.start()] in ";:," else m.start()
        while s_end > s_start and text[s_end - 1].isspace():
            s_end -= 1
    m = _LEADING_JOIN.match(text, s_start, s_end)
    if m:
        s_start = m.end()
    return s_start, s_end


_TRAILING_MARKER = re.compile(r"(?:[;:]\s*(?:(?:and|or)\s+)?|,\s+(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)\(?(?:\d{1,3}|[a-zA-Z]|[ivx]{1,5})[.)]$")
_LEADING_JOIN = re.compile(rf"(?:and|or)\s*(?={_ITEM_MARK})")
# ... and, when a passage is shown, any joining word left from the item before: in capitals (NY), before a
# capital letter, or with a preposition or modal ("and (C) hearing aids", "and to (B) enable Vermont",
# "AND (IV) DOES NOT REQUIRE"). Applied after ranking only: cutting these before the features are read
# moved the leave-state-out ranker on IL/PA/UT (4 passages lost, 2 gained), so the ranker keeps the cut
# it was trained on and the page gets the item's own start.
_SHOWN_JOIN = re.compile(r"(?:and|or)(?:\s+(?:to|shall|may|will|also))?\s*"
                         rf"(?={_ITEM_MARK})", re.I)


# an amending instruction the sentencizer glued to the first sentence of the law it introduces ("That a NEW SECTION
# be added to chapter 3-6E: Notwithstanding any other sections of law, a technical college employee may join the
# plan.", "That § 3-6E-1 be AMENDED:", "Section 26C-2-101 is enacted to read:"): structure, not the provision
_SHOWN_AMEND = re.compile(r"(?:Section \d+[A-Za-z]?\.\s+)?That (?:a new section|§\s*[\w.\-]+|section [\w.\-]+)"
                          r"[^:.]{0,120}?\bbe (?:added|amended|enacted|repealed and reenacted)\b[^:.]{0,80}:\s+|"
                          r"(?:Section|Sec\.) [\w.\-]+,?[^:.]{0,120}?\b(?:is|are) (?:hereby )?(?:renumbered and )?"
                          r"(?:amended|enacted|added) to read(?: as follows)?:\s+", re.I)


# the rest of a bracketed deletion the sentencizer cut after its "[" ("(C.30:4D-6). [" + "An] With the exception of
# an individual eligible ...": NJ prints deleted old law in brackets): debris, not the sentence
_SHOWN_BRACKET_TAIL = re.compile(r"[^\s\[\]]{1,30}\]\s+")


def shown_start(text: str, start: int, end: int) -> int:
    """Where a ranked passage is shown from: past the tail of a bracketed deletion or an amending instruction glued
    to its start, and past a joining word the item before left at its start."""
    m = _SHOWN_BRACKET_TAIL.match(text, start, end)
    if m and m.end() < end and text[max(0, start - 3):start].rstrip().endswith("["):
        start = m.end()
    m = _SHOWN_AMEND.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    m = _SHOWN_JOIN.match(text, start, end)
    return m.end() if m and m.end() < end else start


_OPEN_QUOTES = frozenset('"\u201c')


_MARKER_TAIL = re.compile(r"(?:\d{1,3}|[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,5})\)")


# where the pipeline's callers keep the string a Doc was made from (Doc.user_data)
_TEXT_KEY = "statecare_text"


def doc_text(doc: Doc) -> str:
    """The text a Doc was made from. `Doc.text` rebuilds it by visiting every token in Python (a sixth of the
    whole extraction's time on long bills); the callers below keep the string itself, which spaCy's lossless
    tokenizer guarantees equal to `doc.text`."""
    kept = doc.user_data.get(_TEXT_KEY)
    if not isinstance(kept, str):
        return doc.text
    n = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    return kept if len(kept) == n else doc.text  # a cheap check that the Doc is still the one made from it


def _sentence_starts(doc: Doc) -> list[int]:
    """Token indexes where sentences start, read as one array (no Span objects: they are slow)."""
    from spacy.attrs import SENT_START

    if not doc.has_annotation("SENT_START"):
        return [0]
    arr = doc.to_array([SENT_START]).reshape(-1)
    starts = [int(i) for i in (arr == 1).nonzero()[0]]
    return starts if starts and starts[0] == 0 else [0, *starts]


def _sentence_bounds(doc: Doc, text: str, starts: list[int], si: int) -> tuple[int, int, list[int]]:
    """Sentence `si`'s character span (through a citation's abbreviation the sentencizer took for an end),
    and where numbered subsections open inside it (`_SUBSECTION_OPEN`)."""
    n_tokens = len(doc)
    s_tok = starts[si]
    e_tok = starts[si + 1] if si + 1 < len(starts) else n_tokens
    s_char = doc[s_tok].idx
    e_char = doc[e_tok - 1].idx + len(doc[e_tok - 1].text)
    # a citation's abbreviation is not a sentence end: "... a waiver under 42 U.S.C. sec." + "18052 ..."
    nxt = si + 1
    while nxt < len(starts) and _CITE_END.search(text, max(s_char, e_char - 12), e_char) \
            and _CITE_NEXT.match(text, e_char):
        nxt += 1
        e_tok = starts[nxt] if nxt < len(starts) else n_tokens
        e_char = doc[e_tok - 1].idx + len(doc[e_tok - 1].text)
    return s_char, e_char, [m.start() for m in _SUBSECTION_OPEN.finditer(text, s_char, e_char)]


def _is_list(text: str, s_char: int, e_char: int) -> bool:
    """Whether the span is cut into clauses (see the comment where candidates() calls it)."""
    return e_char - s_char > MAX_EVIDENCE or len(_LIST_ITEMS.findall(text, s_char, e_char)) >= 2 \
        or bool(_FIRST_ITEM.search(text, s_char, e_char))


def candidates(doc: Doc, comp: ProvisionsComponent) -> list[Candidate]:
    """Every sentence (or clause) that could establish a key: trigger + sentence checks passed.

    Nothing is ranked or cut here beyond the pattern checks: the ranker (rank.py) orders a key's
    candidates and decides whether the key is shown at all.
    """
    import bisect

    text = doc_text(doc)
    if _FILED_REPORT.match(text):
        return []
    struck = _struck_spans(text)
    reprinted: list[tuple[int, int]] | None = None  # found only if some trigger matches
    existing: list[tuple[int, int]] | None = None
    study_summary: bool | None = None  # read only if a candidate stands in a synopsis
    prayers: list[tuple[int, int]] | None = None
    mandate_doc: bool | None = None  # read only if a benefit, cost sharing or payment key has a candidate
    program_bill = establishes_program(doc.user_data.get(_POLICY_TYPE_KEY))
    sections: list[Section] | None = None  # split only if some trigger matches
    zones: Zones | None = None
    starts = _sentence_starts(doc)

    # per-sentence work is done once per sentence, not once per trigger in it: the sentence's bounds and its
    # subsection openings (by sentence index), whether a span is a list (by span), a section's study test, a
    # key's required context (by key and span: each clause of a listing sentence would read the whole sentence)
    bounds: dict[int, tuple[int, int, list[int]]] = {}
    listing: dict[tuple[int, int], bool] = {}
    studies: dict[Section | None, bool] = {}
    required: dict[tuple[int, int, int], bool] = {}  # (spec, sentence span): the key's context is there
    out: list[Candidate] = []
    fallback: list[Candidate] = []
    seen: set[tuple[int, int, int]] = set()  # (spec index, sentence index, clause start or -1)
    spans: set[tuple[str, int, int]] = set()  # (key, start, end) of the passages kept
    for match_id, m_start, _m_end in comp.matcher(doc):
        i = comp._label_index[match_id]
        si = bisect.bisect_right(starts, m_start) - 1
        c = comp.specs[i]
        if si not in bounds:
            bounds[si] = _sentence_bounds(doc, text, starts, si)
        s_char, e_char, openings = bounds[si]
        hit_char = doc[m_start].idx
        # a numbered subsection opening with its first item ("(2) (a) The program shall ...") starts a new
        # provision even where the text lost the period before it ('"Qualified individual" means an individual
        # (2) (a) The program shall provide coverage for ...'): the sentencizer saw one sentence
        split = False
        for sm_start in openings:
            if sm_start <= s_char:
                continue
            if sm_start < hit_char:
                s_char, split = sm_start + 1, True
            else:
                e_char, split = sm_start + 1, True
                break
        # one candidate per sentence, or per clause when a statute runs a whole list into one
        # "sentence" (each item of "(1) ...; (2) ...;" is then a passage of its own)
        # ... and a lead-in ending in a colon with its first item ("... according to the following
        # standards: (1) Physicians ...", the items after it being sentences of their own): the lead-in and
        # the item are two passages, so an item's words are never credited to the lead-in's "shall"
        if (s_char, e_char) not in listing:
            listing[s_char, e_char] = _is_list(text, s_char, e_char)
        is_list = listing[s_char, e_char]
        unit = _clause(text, s_char, e_char, hit_char)[0] if is_list else (s_char if split else -1)
        if (i, si, unit) in seen:
            continue
        seen.add((i, si, unit))
        s_text = text[s_char:e_char]
        if struck and _inside(struck, hit_char):
            continue
        if existing is None:
            existing = _existing_law_spans(text)
        if existing and _inside(existing, hit_char):
            continue  # "Existing law provides ...": the law as it stands, described by a digest
        item = bool(_ITEM_START.match(s_text))
        if c.require and (i, s_char, e_char) not in required:
            required[i, s_char, e_char] = bool(c.require.search(s_text) or (
                # a list item ("(2) laboratory, ... inpatient, ambulatory ... care;") takes its context
                # from the lead-in the sentencizer cut off ("The Trust shall pay for ...:")
                item and c.require.search(text, max(0, s_char - 400), s_char)) or (
                c.doc_require is not None and c.doc_require.search(s_text) and _doc_context(text, c)))
        if c.require and not required[i, s_char, e_char]:
            continue
        lead = _lead_in(text, s_char) if item else ""
        if _REPEALED.match(s_text) or (lead and _REPEALED.match(lead)):
            continue  # "Repeals provisions that require: ...": what the bill takes out of the law
        if not program_bill and c.spec.key.startswith(_MANDATE_FAMILIES):
            if mandate_doc is None:
                mandate_doc = _private_mandate_doc(text)
            if _private_rule(text, s_char, e_char, mandate_doc):
                continue  # "a health benefit plan shall provide coverage for ...": private insurance's rule
        if lead and c.spec.negation == "drop" and _EXCLUDING_LEAD.search(lead):
            continue  # "(ix) A dental only policy." under "The term does not include ...:"
        if c.spec.key == "transition.implementation_timeline" and _BARE_EFFECTIVE.match(s_text) \
                and (_BARE_EFFECTIVE_TAIL.search(s_text) and len(s_text) < 160
                     or _BARE_FORCE_TAIL.search(s_text) and len(s_text) < 400
                     or _INOPERATIVE_UNTIL.search(s_text) and len(s_text) < 400):
            continue  # "This act shall take effect immediately": every bill has one; not a timeline
        # exclusions are read in the clause around the trigger: statutes chain whole lists into one
        # "sentence" and a word three items away says nothing about this one
        cl_a, cl_b = _clause(text, s_char, e_char, hit_char)
        if c.exclude and c.exclude.search(text, cl_a, cl_b):
            continue
        conf = c.spec.confidence
        # a denial close before the trigger ("shall not charge premiums") reverses the claim
        # ... but "nothing in this act shall be construed as prohibiting X" allows X
        if c.spec.negation == "drop" and _NEGATION.search(text, max(s_char, hit_char - 60), hit_char) \
                and not _ALLOWS.search(text, s_char, hit_char):
            continue
        if c.spec.key.startswith("federal_waivers.") and _WAIVER_DENIED.search(text, s_char, hit_char):
            continue
        if sections is None:
            sections = split_sections(text)
            zones = Zones.of(text)
        sec = section_at(sections, hit_char)
        # a study's subject is not a provision: "the task force shall examine ... revenue options may
        # include a payroll tax", "may study whether", "if the board recommends", or a whole section
        # that sets up a task force to design a plan
        if sec not in studies:
            studies[sec] = _study_section(text, sec)
        if c.spec.key not in _STUDY_KEYS and (_STUDY_GOVERNS.search(text, s_char, hit_char)
                                              or studies[sec]
                                              or (lead and (_STUDY_GOVERNS.search(lead) or _REPORT_LEAD.search(lead)))
                                              or _report_item(text, s_char, hit_char)):
            continue
        assert zones is not None
        if c.spec.key not in _STUDY_KEYS and zones.summary(hit_char):
            if study_summary is None:
                study_summary = _summary_proposes_study(text, zones)
            if study_summary:
                continue  # the plan a study committee is to evaluate, described by the bill's synopsis
        if prayers is None:
            prayers = _prayer_spans(text)
        if (prayers and _inside(prayers, hit_char)) or _FEDERAL_PRAYER.search(text, max(s_char, hit_char - 200),
                                                                               hit_char):
            continue  # what the federal government is asked to do
        conf = _context_confidence(conf, sec, s_text, text)
        if reprinted is None:
            reprinted = _reprinted_spans(text)
        if reprinted and _inside(reprinted, hit_char):
            conf = min(conf, _REPRINT_CONF)
        whereas = bool(_WHEREAS.match(s_text) or _WHEREAS.match(text, cl_a, cl_b))
        if whereas:
            # a recital states the problem ("mental health pain and suffering"), not what the bill does
            conf -= 0.3
        a, b = _evidence_span(text, s_char, e_char, hit_char, cut=is_list)
        if b <= a:
            continue
        if c.spec.key.startswith("benefits.") and _PEDIATRIC_ITEM.match(text, shown_start(text, a, b)):
            conf -= 0.2
        if c.spec.key.startswith("benefits.") and _ANY_ITEM.match(text, shown_start(text, a, b)) \
                and _NOT_BENEFIT_LEAD.search(_lead_in(text, a)):
            # an item takes its meaning from its lead-in: "(B) PRIMARY AND PREVENTIVE CARE, ..." under
            # "... PROVISIONS TO PROMOTE THE FOLLOWING:" is a goal, "(A) THE MEMBER'S PRIMARY CARE
            # PRACTITIONER" under "A CARE COORDINATOR MAY BE ... WHO IS:" says who coordinates care
            continue
        assert zones is not None
        if c.spec.fallback:
            fallback.append(Candidate(c.spec.key, a, b, hit_char, round(conf, 3), text, s_char, e_char, sec,
                                      zones, whereas, 0))
            continue
        if (c.spec.key, a, b) in spans:
            continue  # two wording families of one key found the same passage
        spans.add((c.spec.key, a, b))
        out.append(Candidate(c.spec.key, a, b, hit_char, round(conf, 3), text, s_char, e_char, sec, zones,
                             whereas, len(out)))
    # a fallback wording family speaks only for a key the bill states in no usual words
    have = {c.key for c in out}
    for f in fallback:
        if f.key not in have:
            out.append(replace(f, order=len(out)))
    return out


def find_in_doc(doc: Doc, comp: ProvisionsComponent) -> list[Provision]:
    """Candidates, ranked per key; each key shown carries its best passage first (at most MAX_PER_KEY)."""
    by_key: dict[str, list[Candidate]] = {}
    for cand in candidates(doc, comp):
        by_key.setdefault(cand.key, []).append(cand)
    ranker = load_ranker()
    claimed: dict[str, list[tuple[Candidate, float]]] = {}
    for key in sorted(by_key):
        # whether a key is shown depends on its candidates, not on their order or confidences: ask first, and
        # rank (the features of every candidate, the most costly step after tokenizing) only keys that are shown
        if ranker.shows(key, [(c, 0.0) for c in by_key[key]]):
            claimed[key] = ranker.rank(by_key[key])
    out: list[Provision] = []
    # keys a bill cannot plainly hold together: the stronger stands, the other only as qualified
    for key, ranked in exclusive.resolve(claimed).items():
        spans: list[tuple[int, int]] = []
        for cand, prob in ranked:
            if len(spans) == MAX_PER_KEY:
                break
            a = shown_start(cand.text, cand.start, cand.end)
            if not spans and bare_item(cand.text[a:cand.end]) and not (key.startswith("benefits.")
                                                                       and covers_service(cand)):
                # no passage says it on its own: quote the item with the lead-in that says what it is (leadins.py)
                a = with_lead_in(cand.text, a, cand.end)
            if any(lo <= a and cand.end <= hi for lo, hi in spans):
                continue  # a passage already quoted holds it (the item after its own lead-in, one span found twice)
            spans.append((a, cand.end))
            out.append(Provision(key, a, cand.end, cand.text[a:cand.end], round(prob, 3)))
    return out


# the later topics of a dashed catchline ("Medicaid buy-in program ... -- purpose -- eligibility -- participant
# costs."): one topic among several is not what the section is
_CATCHLINE_TAIL = re.compile(r"\s(?:-{1,2}|\u2013|\u2014)\s[^.]{0,200}?\.(?=\s|$)")
# "for this purpose" / "such intent" refer back; they do not head a findings section
_FINDINGS_WORD = re.compile(r"(?<!this )(?<!such )(?<!that )(?<!same )\b(?:findings?|intent|purpose|declaration|"
                            r"whereas)\b", re.I)


@lru_cache(maxsize=4096)
def _findings_head(head: str) -> bool:
    """Whether a section's heading (or opening words) makes it a findings, intent or purpose section."""
    return bool(_FINDINGS_WORD.search(_CATCHLINE_TAIL.sub(" ", head, count=1)))


def _context_confidence(conf: float, sec: Section | None, sentence: str, text: str) -> float:
    """Findings, preambles and definitions state intent or vocabulary, not operative law."""
    if sec is not None:
        if sec.style == "preamble":
            conf -= 0.2
        elif _findings_head(sec.heading) or _findings_head(text[sec.start:sec.start + 200]):
            conf -= 0.15
    if _DEFINITION.match(sentence):  # anchored at the start: match() is search() without trying every position
        conf -= 0.15
    if _INTENT.search(sentence):
        conf -= 0.2
    return max(0.05, min(0.99, conf))


def _map_back(text: str, clean: CleanText, provs: Iterable[Provision]) -> list[Provision]:
    """Offsets back into the stored text; the evidence shown stays the clean words."""
    out = []
    for p in provs:
        a, b = clean.orig_span(p.start, p.end)
        for _ in range(3):  # a catchline printed over two or three lines ("... FOR ALL VERMONT / RESIDENTS")
            n = catchline_words(text, a, b)
            head = p.evidence.split(" ", n) if n else []
            if not n or len(head) <= n or head[:n] != text[a:b].split()[:n]:
                break
            # a section's catchline on a line of its own ran into the sentence: quote from the sentence
            p = replace(p, start=p.start + len(p.evidence) - len(head[n]), evidence=head[n])
            a, b = clean.orig_span(p.start, p.end)
        out.append(Provision(p.key, a, b, shown(text, a, b, p.evidence), p.confidence))
    return out


def _make_doc(norm: str, policy_type: str | None = None) -> Doc:
    """The tokenized Doc of `norm`, carrying `norm` itself for doc_text() and the bill's policy type."""
    doc = pipeline().make_doc(norm)
    doc.user_data[_TEXT_KEY] = norm
    doc.user_data[_POLICY_TYPE_KEY] = policy_type
    return doc


def extract_provisions(text: str, policy_type: str | None = None) -> list[Provision]:
    """All provisions found in `text` (at most MAX_PER_KEY pieces of evidence per key). `policy_type`, the
    classifier's verdict on the bill where known: a bill that establishes a program (single payer, public option)
    is never read as a private-insurance mandate."""
    if not isinstance(text, str):
        raise TypeError(f"extract_provisions needs str, got {type(text).__name__}")
    clean = CleanText(text)
    doc = pipeline()(_make_doc(clean.norm, policy_type))
    return _map_back(text, clean, doc._.provisions or [])


def extract_many(texts: Iterable[str], batch_size: int = 8,
                 policy_types: Iterable[str | None] | None = None) -> list[list[Provision]]:
    texts = list(texts)
    types = list(policy_types) if policy_types is not None else [None] * len(texts)
    offs = [CleanText(t) for t in texts]
    docs = pipeline().pipe((_make_doc(o.norm, pt) for o, pt in zip(offs, types, strict=True)),
                           batch_size=batch_size)
    return [_map_back(t, o, d._.provisions or []) for t, o, d in zip(texts, offs, docs, strict=True)]
