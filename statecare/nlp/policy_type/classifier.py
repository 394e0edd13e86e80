"""Bill -> `policy_type` (DESIGN.md vocabulary) with a confidence score.

Two parts, because the labelled data is lopsided: a few dozen real universal-coverage bills against
hundreds of ordinary health and non-health bills.

* Rules carry the four *relevant* types. They are written from the policy vocabulary that
  legislatures use for these bills in every state (single payer, Medicare for All, a "<State>
  Health Plan/Trust", buy-ins, public options, feasibility studies, memorials to Congress), so they
  do not depend on having seen a state before; guards catch the known near-misses (repeal of a
  public option, "universal" pre-K / basic income, ACA fallback coverage).
* A learned model (TF-IDF + logistic regression, our own weights in `models/policy_type/`) separates
  `other_health_coverage` from `unrelated` (health insurance vs. car insurance, Medicaid vs. public
  health) and can also vote for a relevant type when no rule fires.

Both run as one spaCy component (`statecare_policy_type`) on `spacy.blank("en")`, so the pipeline
can be saved, loaded and retrained like any spaCy pipeline (`statecare nlp train policy-type`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from statecare.legis.programs import PROGRAM_NAMES, find_program_names
from statecare.legis.vocabulary import POLICY_TYPES
from statecare.nlp.policy_type.reading import purpose_view

RELEVANT: frozenset[str] = frozenset(POLICY_TYPES[:4])
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "policy_type"
MODEL_VERSION = "policy_type-2"
# how much of a bill's text the classifier reads: the title, purpose clause and first sections
# say what a bill is; reading 100 pages would only add noise and time
TEXT_HEAD_CHARS = 6000
TEXT_OPENING_CHARS = 1200

_STATES = (
    "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|"
    "idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|"
    "minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|"
    "new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|"
    "south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|"
    "wisconsin|wyoming"
)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# what a state's people are called, for "coverage to all Vermonters" (a plain "-ers"/"-ans" ending would also
# take "members", "workers" and "veterans")
_DEMONYMS = ("(?:alabamians?|alaskans?|arizonans?|arkansans?|californians?|coloradans?|connecticuters?|delawareans?|"
             "floridians?|georgians?|hawaii residents|idahoans?|illinoisans?|hoosiers?|iowans?|kansans?|kentuckians?|"
             "louisianians?|louisianans?|mainers?|marylanders?|bay staters?|michiganders?|minnesotans?|mississippians?|"
             "missourians?|montanans?|nebraskans?|nevadans?|new hampshirites?|new jerseyans?|new mexicans?|"
             "new yorkers?|north carolinians?|north dakotans?|ohioans?|oklahomans?|oregonians?|pennsylvanians?|"
             "rhode islanders?|south carolinians?|south dakotans?|tennesseans?|texans?|utahns?|vermonters?|"
             "virginians?|washingtonians?|west virginians?|wisconsinites?|wyomingites?|puerto ricans?)")
# --- single payer -----------------------------------------------------------------------------
SINGLE_PAYER = [
    _rx(r"\bsingle[- ]?payer\b"),
    _rx(r"\bmedicare[- ]for[- ]all\b"),
    _rx(r"\bguaranteed health care for all\b"),
    _rx(r"\bhealth care (?:for all|as a (?:human )?right)\b"),
    _rx(r"\buniversal,? (?:publicly financed|single[- ]payer|comprehensive)\b"),
    _rx(r"\bunified (?:health care )?financing\b"),
    # "Housing for a Healthy California" is a housing program, not the single-payer plan
    _rx(r"\b(?:calcare|(?<!for a )healthy california|green mountain care(?! board)|health security act)\b"),
    # "the Ohio Health Care Plan", but not "a Delaware health system" (a hospital system)
    _rx(rf"(?<!\ba )(?<!\bany )\b(?:{_STATES}) health (?:plan|act|trust|program|system|care plan|care trust|"
        r"security)\b"),
    _rx(r"\b(?:health care|coverage) guaranteed\b"),
    _rx(r"\buniversal (?:primary )?(?:health|health ?care|care|primary care) "
        r"(?:program|plan|system|act|coverage program)\b"),
    _rx(r"\bcomprehensive (?:system of (?:access to )?)?(?:universal )?health (?:insurance|care|coverage)"
        r"[^.;]{0,80}\b(?:all|every) (?:\w+ ){0,3}residents\b"),
    _rx(r"\bcomprehensive system of access to health insurance for [\w ]{0,30}residents\b"),
    _rx(r"\bhealth care (?:guaranteed|available and affordable) (?:to be available )?[^.;]{0,40}every\b"),
    # "Expands Medicare health care coverage to all New Jersey residents", "providing Medicaid-equivalent
    # coverage to all Vermonters" (VT S 1: one state-paid program for every resident, phased in by age)
    _rx(r"\b(?:medicare|medicaid|health ?care|health insurance)(?:[- ]equivalent)?(?: health ?care)? coverage "
        rf"(?:to|for) (?:all|every) (?:(?:\w+ ){{0,3}}residents?|{_DEMONYMS})\b"),
    # a right to health care that the State provides and pays for (SC H 4148)
    _rx(r"\bright to (?:health ?care|medical care)\b[^.;]{0,60}\bpaid for by the state\b"),
    # Puerto Rico writes in Spanish
    _rx(r"\b(?:seguro (?:nacional|universal) de salud|pagador [uú]nico|"
        r"(?:sistema|plan) (?:de salud )?universal de salud|cobertura (?:de salud )?universal)"),
]
# in a bill's text, "<State> health plan/program/system" is as often the state employees' plan or the
# health-planning document (WA "state health plan") as a single-payer plan: only the trust/security
# names count there
# names count there; and whereas clauses wish "access to quality health care for all Tennesseans" in
# bills about workforce or mental-health days, so that slogan counts only in a title or abstract
_STATE_PLAN = next(p for p in SINGLE_PAYER if "health (?:plan|act|" in p.pattern)
_SLOGAN = next(p for p in SINGLE_PAYER if "(?:for all|as a" in p.pattern)
TEXT_SINGLE_PAYER = [p for p in SINGLE_PAYER if p is not _STATE_PLAN and p is not _SLOGAN] + [
    _rx(rf"\b(?:{_STATES}) health (?:trust|security|care trust)\b")]
# a title that is only the policy ("Universal Healthcare.", "Universal Health Care Act") says what
# the bill is even when nothing else is published (NC HB 714 has no abstract and no text)
UNIVERSAL_TITLE = _rx(r"^\s*(?:an act (?:relating to|concerning) )?universal health ?care(?: act)?"
                      r"(?: of \d{4})?\W*$")
# --- public option / buy-in ---------------------------------------------------------------------
PUBLIC_OPTION = [
    _rx(r"\bpublic (?:health )?(?:insurance |care |coverage )?option\b"),
    _rx(r"\b(?:medicaid|medi-cal|minnesotacare|basic health(?: program| plan)?|essential plan|"
        r"badgercare|husky|connectorcare)[- ]buy[- ]?in\b"),
    _rx(r"\bbuy[- ]?in (?:to|program for|option for) (?:medicaid|minnesotacare|the basic health|"
        r"the essential plan|medicare)\b"),
    _rx(r"\bbuy into (?:medicaid|minnesotacare|the basic health program|the essential plan)\b"),
    _rx(r"\bstate[- ](?:administered|sponsored|contracted|run|option) (?:health )?(?:insurance )?"
        r"(?:plan|option)s?\b"),
    _rx(r"\b(?:colorado option|cascade care(?! savings)|battle born state plan)"),
    # a state program opened as a plan of its own through a 1332 waiver ("MinnesotaCare Plan
    # established, ... seek a section 1332 waiver"): the MinnesotaCare public option
    _rx(r"\b(?:minnesotacare|medicaid|basic health program)\b[^.;]{0,20}\bplan (?:established|option)\b"
        r"[^.]{0,160}\b(?:1332|state innovation) waiver"),
]
# --- studies of universal coverage ----------------------------------------------------------------
STUDY_WORD = _rx(
    r"\b(?:stud(?:y|ies|ying)|feasibility|task ?force|commission|working group|actuarial|analysis|"
    r"analy[sz]e|benchmark(?:ing)?|report(?:ing)?|assess(?:ment)?|evaluat(?:e|ing|ion)|design|"
    r"roadmap|plan for)\b"
)
STUDY_TOPIC = _rx(
    r"\b(?:single[- ]?payer|cobertura universal|pagador [uú]nico|universal (?:primary )?(?:health|coverage|access|care)\b|public (?:health )?(?:insurance |care )?"
    r"option|medicare for all|unified financing|health care for all|buy[- ]?ins?\b|universal,? publicly)"
)
STUDY_STRONG = _rx(
    r"\b(?:feasibility|stud(?:y|ies|ying)|task ?force|benchmark(?:ing)?|actuarial|working group|"
    r"framework for (?:the )?implementation)\b|"
    r"\b(?:creat|establish)\w*\s+(?:an? |the )?universal (?:health|coverage|health care)[\w ]{0,20}"
    r"\b(?:commission|council)\b|"
    # a body named for its subject: "Commission on Universal Health Care" (MD HB0417)
    r"\b(?:commission|council|task ?force|working group|workgroup|study committee) (?:on|to study|for) "
    r"(?:\w+ ){0,2}(?:universal|single[- ]?payer)\b|\bestudio\b"
)
# --- memorials / resolutions to Congress -------------------------------------------------------
FEDERAL_TARGET = _rx(
    r"\b(?:congress|congressional delegation|federal government|president of the united states|"
    r"united states (?:senate|house)|federal (?:legislation|law))\b"
)
RESOLUTION_WORD = _rx(
    r"\b(?:memoriali[sz]|memorial|resol(?:ution|ved)|urg(?:e|es|ing)|petition|request(?:s|ing)? "
    r"(?:the )?(?:united states )?congress|call(?:s|ing)? (?:up)?on)\b"
)
NATIONAL_UNIVERSAL = _rx(
    r"\b(?:national health (?:insurance|care|program|service)|universal health|guaranteed health|"
    r"health care (?:for all|as a (?:human )?right)|comprehensive health (?:care|coverage) for all)\b"
)
HEALTH_TOPIC = _rx(
    r"\b(?:universal health|health care|health coverage|health insurance|medicare|single[- ]payer|"
    r"national health)\b"
)
# memorial / resolution bill numbers: SJM, HJM, HM, SM, SJR, HJR, AJR, HCR, SCR, ACR, HR, SR, and New
# York's J/K/E/L resolutions (plain S/H/A are bills in every state, so never match them alone)
RESOLUTION_ID = _rx(r"^\s*(?:[SHA]J?M|[SHA]C?J?R|[SHA]C?R|HJ|SJ|[JKEL])\s*\d")
# --- guards: things that look relevant and are not ---------------------------------------------
NON_HEALTH_UNIVERSAL = _rx(
    r"\buniversal (?:pre-?k|prekindergarten|pre-kindergarten|basic income|child care|school meals|"
    r"visitability|design|hunting|service|life church|college|financial aid|benefits form|newborn|"
    r"coding|stop|human trafficking)"
)
# health coverage (insurance, Medicaid, marketplace) vs. other insurance lines
COVERAGE_TERMS = _rx(
    r"\b(?:medicaid|medical assistance|medicare|seguro de salud|plan de salud|"
    r"health (?:insurance|insurer|plan|care plan|coverage|"
    r"benefit|maintenance)|child health (?:plus|insurance)|essential plan|basic health|managed care|"
    r"state of health|marketplace|health (?:insurance )?exchange|insured|insurers?|co-?pays?|"
    r"deductibles?|cost[- ]sharing|formular(?:y|ies)|prior authorization|utilization review|"
    r"premiums?|coverage|enrol(?:l|lment|lees?)|reimburse(?:ment)? rates?|rate enhancement|"
    r"pharmacy benefit)"
)
NON_HEALTH_LINES = _rx(
    r"\b(?:motor vehicle|automobile|auto|vehicle|motorist|no[- ]fault|property|casualty|homeowners?|"
    r"renters?|flood|fire|life insurance|annuit(?:y|ies)|malpractice|liability insurance|"
    r"workers'? compensation|unemployment insurance|title insurance|surety|excess line|captive|"
    r"indemnity bond)"
)
HEALTH_CONTEXT = _rx(r"\b(?:health|medical|medicaid|medicare|hospital|prescription|drug|treatment|"
                     r"patient|dental|mental|care services)\b")


def coverage_vote(s: str, state: str | None = None) -> str | None:
    """Lexicon vote between other_health_coverage and unrelated (None = no opinion).

    The states' own program names (statecare.legis.programs: SoonerCare, Apple Health, ...) count
    as coverage words: a bill about TennCare is a coverage bill though it never says "Medicaid".
    """
    cov = COVERAGE_TERMS.search(s)
    if not cov:
        if state and state.lower() in PROGRAM_NAMES and find_program_names(s, state):
            return "other_health_coverage"
        return None
    if NON_HEALTH_LINES.search(s) and not re.search(
        r"\b(?:health|medicaid|medical assistance|medicare)\b", s, re.I
    ):
        return "unrelated"
    if cov.group(0).lower() in ("coverage", "premium", "premiums", "insured", "insurer", "insurers",
                                 "enroll", "enrollment", "enrollee", "enrollees") and not HEALTH_CONTEXT.search(s):
        return None
    return "other_health_coverage"


# narrow "buy-ins" that open nothing to the uninsured: Medicaid for (working) people or children with
# disabilities (MT HB 881) and the Medicare Part A/B or Savings Program agreements (IL HB3214)
DISABILITY_BUY_IN = _rx(r"(?:medicaid )?buy[- ]?in\b[^.;]{0,40}?\b(?:for|to include|covering) (?:working )?"
                        r"(?:people|persons|individuals|adults|children|workers|kids)\b[^.;]{0,20}?with disabilit\w*|"
                        r"\bmedicare(?: part [ab]| savings programs?| premium)?[- ]+buy[- ]?in\b")
# an amending bill names the act it amends: "amending the act of July 2, 1996 ..., known as the Health
# Security Act, ... postpartum" is about postpartum coverage, whatever the act is called (PA HB 1070)
AMENDED_ACT_NAME = _rx(r"((?:\bamend\w*\b[^;]{0,160}?|\bact of [a-z]+ \d{1,2}, \d{4}\b[^;]{0,60}?)"
                       r"\bknown as (?:the )?)[\"']?[A-Z][^,;\"']{2,80}?"
                       r"\b(?:Act|Law|Code)(?: of \d{4})?[\"']?")
REPEAL = _rx(r"\b(?:repeal(?:s|ed|ing)?|prohibit(?:s|ing)?|eliminat(?:e|es|ing)|abolish(?:es|ing)?)\b")


@dataclass(frozen=True)
class RuleHit:
    label: str
    reason: str
    strength: float


def bill_document(title: str, abstracts: Sequence[str] = (), text: str | None = None) -> str:
    """The text the classifier reads: title, abstracts, then the head of the bill text."""
    parts = [title or ""]
    parts.extend(a for a in abstracts if a)
    if text:
        parts.append(text[:TEXT_HEAD_CHARS])
    return "\n".join(parts)


def _first(patterns: Iterable[re.Pattern[str]], s: str) -> re.Match[str] | None:
    for p in patterns:
        m = p.search(s)
        if m:
            return m
    return None


# a joint resolution proposing an amendment to the state's own constitution is not a memorial
CONSTITUTIONAL = _rx(r"\b(?:amendment to (?:article|section|the constitution)|constitution of (?:the state of )?"
                     r"[a-z ]{4,20}|constitutional amendment|enmienda constitucional)")
# a resolution supporting a state authority "to plan for" universal coverage asks for a plan: a study
PLAN_FOR = _rx(r"\b(?:to plan for|planning for|(?:develop|prepare|design)\w* (?:a |an )?(?:plan|proposal|"
               r"roadmap) (?:for|to))\b")
# the head is about health coverage or health care at all (a day-designation resolution is not)
HEAD_HEALTH = _rx(r"\b(?:health|healthcare|medical|medicaid|medicare|insurance|coverage|uninsured|"
                  r"hospital|patient|salud|seguro|constitutional amendment)")


def _thin(head: str) -> bool:
    """Title and abstracts too short to say what the bill does ("Universal Healthcare.")."""
    return len(re.findall(r"\w+", head)) <= 12


def apply_rules(title: str, abstracts: Sequence[str] = (), text: str | None = None,
                identifier: str | None = None, classification: Sequence[str] = (),
                subjects: Sequence[str] = ()) -> RuleHit | None:
    """The rule layer alone: a relevant type with its reason, a guard verdict, or None.

    The title and abstracts decide first. The text is read, as a careful reader would, only when
    they say nothing decisive and the bill is about health (by its head or its subjects) or its
    head is too thin to tell; and only its purpose view (reading.purpose_view: furniture stripped,
    opening + purpose/findings/definitions), because bill bodies cite other programs (a
    single-payer bill mentions Medicaid buy-ins) and day-designation resolutions quote slogans.
    """
    head = "\n".join([title or "", *[a for a in abstracts if a]])
    narrow_buy_in = bool(DISABILITY_BUY_IN.search(head))
    if UNIVERSAL_TITLE.match(title or ""):
        return RuleHit("single_payer", "the title is the policy: universal health care", 0.8)
    hit = _rules_on(head, identifier, classification)
    if (hit is None or hit.label == "unrelated") and text and (
            HEAD_HEALTH.search(head) or HEAD_HEALTH.search(" ".join(subjects)) or _thin(head)):
        view = purpose_view(text)
        if narrow_buy_in:  # the text of a disability/Part A buy-in bill calls it "the buy-in"
            view = re.sub(r"\b(?:(?:medicaid|medicare|part [ab]) )*buy[- ]?in\b", "narrow program", view,
                          flags=re.I)
        thit = _rules_on(view, identifier, classification, from_text=True)
        if thit is not None and thit.label in RELEVANT:
            return RuleHit(thit.label, thit.reason + " (in text)", thit.strength - 0.1)
        if hit is None:
            hit = thit
    return hit


def _rules_on(s: str, identifier: str | None, classification: Sequence[str],
              from_text: bool = False) -> RuleHit | None:
    # the Medicaid Buy-In for Working People with Disabilities is a narrow program, not a buy-in
    # open to everyone: take it out before the public-option patterns look
    s = DISABILITY_BUY_IN.sub("disability program", s)
    # the name of an act being amended says nothing of what the amendment does
    s = AMENDED_ACT_NAME.sub(lambda m: m.group(1) + "amended act", s)
    kinds = " ".join(classification).lower()
    is_resolution = bool(
        ("memorial" in kinds or "resolution" in kinds)
        or (identifier and RESOLUTION_ID.match(identifier))
        or re.search(r"\b(?:memorial|memorializ|joint resolution|concurrent resolution)\b", s, re.I)
    )
    federal = FEDERAL_TARGET.search(s)
    if is_resolution and not federal and CONSTITUTIONAL.search(s):
        is_resolution = False  # judged like a bill: what does the amendment itself do
    sp = _first(TEXT_SINGLE_PAYER if from_text else SINGLE_PAYER, s)
    po = _first(PUBLIC_OPTION, s)
    topic = STUDY_TOPIC.search(s) or sp or po
    if is_resolution and topic and not federal and (STUDY_STRONG.search(s) or PLAN_FOR.search(s)):
        # a resolution asking the state's own agencies for a study is a study, not a memorial
        return RuleHit("universal_coverage_study", f"resolution requesting a study of {topic.group(0).lower()}",
                       0.85)
    if is_resolution and (topic or NATIONAL_UNIVERSAL.search(s)) and (
        federal or RESOLUTION_WORD.search(s) or topic
    ) and not (from_text and not (federal and topic)):
        # from a text, a memorial needs both the federal addressee and the policy itself: the
        # whereas clauses of day-designation resolutions say "health care for all" in passing
        # only memorials about universal coverage: "urging Congress to protect Medicare" is not one
        return RuleHit("federal_resolution", "resolution/memorial on universal health care", 0.9)
    if NON_HEALTH_UNIVERSAL.search(s) and not (sp or po):
        return RuleHit("unrelated", "'universal' program outside health coverage", 0.6)
    if po and REPEAL.search(s[: po.start()] + s[po.end():][:80]) and re.search(
        r"repeal", s, re.I
    ):
        return RuleHit("other_health_coverage", "repeals or blocks a public option", 0.8)
    if topic and (STUDY_WORD.search(s) or STUDY_STRONG.search(s)):
        # in a text only the opening (enacting title, purpose clause) may make it a study: the body
        # of a single-payer bill cites the commission that studied it and orders actuarial reports
        strong = STUDY_STRONG.search(s[:TEXT_OPENING_CHARS] if from_text else s)
        establishes = re.search(r"\b(?:establish(?:es|ing|ment)?|creat(?:e|es|ing)|develop(?:ing)? and "
                                r"implement)\b[^.;]{0,60}\b(?:plan|program|trust|option|system|fund)\b",
                                s, re.I)
        if strong and not (establishes and (sp or po) and not re.search(r"feasibility", s, re.I)):
            return RuleHit("universal_coverage_study", f"study of {topic.group(0).lower()}", 0.85)
    if sp:
        return RuleHit("single_payer", f"single-payer wording: '{sp.group(0)}'", 0.9)
    if po:
        return RuleHit("public_option", f"public-option wording: '{po.group(0)}'", 0.9)
    return None


# ---------------------------------------------------------------------------------------------
# learned part
# ---------------------------------------------------------------------------------------------
_TOKEN = re.compile(r"[a-z][a-z0-9'\-]+")


def _features(s: str) -> list[str]:
    """Unigrams and bigrams of lower-cased words: small, fast and enough for titles/summaries."""
    toks = _TOKEN.findall(s.lower())
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


class LinearModel:
    """TF-IDF + multinomial logistic regression, stored as plain JSON (no pickle)."""

    def __init__(self, vocab: dict[str, int], idf: np.ndarray, coef: np.ndarray,
                 intercept: np.ndarray, classes: list[str]) -> None:
        self.vocab, self.idf, self.coef, self.intercept, self.classes = vocab, idf, coef, intercept, classes

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[str], c: float = 4.0) -> LinearModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = TfidfVectorizer(analyzer=_features, min_df=1, sublinear_tf=True)
        x = vec.fit_transform(texts)
        lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        lr.fit(x, list(labels))
        classes = [str(k) for k in lr.classes_]
        coef, intercept = lr.coef_, lr.intercept_
        if len(classes) == 2:  # sklearn stores one row for two classes
            coef = np.vstack([-coef[0], coef[0]]) / 2
            intercept = np.array([-intercept[0], intercept[0]]) / 2
        vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
        return cls(vocab, np.asarray(vec.idf_), np.asarray(coef), np.asarray(intercept), classes)

    def predict_proba(self, text: str) -> dict[str, float]:
        counts: dict[int, int] = {}
        for f in _features(text):
            j = self.vocab.get(f)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        logits = self.intercept.copy()
        if counts:
            idx = np.fromiter(counts.keys(), dtype=np.int64)
            val = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[idx]
            val /= np.linalg.norm(val) or 1.0
            logits = logits + self.coef[:, idx] @ val
        e = np.exp(logits - logits.max())
        p = e / e.sum()
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": self.classes,
            "vocab": self.vocab,
            "idf": self.idf.round(6).tolist(),
            "coef": self.coef.round(6).tolist(),
            "intercept": self.intercept.round(6).tolist(),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> LinearModel:
        return cls(d["vocab"], np.asarray(d["idf"]), np.asarray(d["coef"]),
                   np.asarray(d["intercept"]), list(d["classes"]))


# the model may name a relevant type on its own only for a bill that speaks of a coverage route at
# all: on its own it read "Public Health Hazard Amendments" as a public option and MA petitions sent
# to the Health Care Financing committee as single payer (20,639-bill run, issue 12)
COVERAGE_ROUTE = _rx(
    r"\b(?:universal|single[- ]?payer|all (?:\w+ ){0,2}residents|for all\b|medicare|medicaid|buy[- ]?ins?\b|"
    r"public (?:health )?(?:insurance |care |coverage )?option|state (?:health )?(?:plan|option|program)|trust|"
    r"1332|unified|publicly (?:financed|funded)|guarantee|right to health|cobertura|seguro)")


def combine(rule: RuleHit | None, proba: dict[str, float], vote: str | None = None,
            head: str | None = None) -> tuple[str, float]:
    """Rules decide relevant types (they generalise across states); the model decides the rest.

    The model may still name a relevant type on its own when it is confident and the bill's
    title/abstracts (`head`) speak of a coverage route, which is what lets it catch a wording the
    rules have not seen without flagging every public-health bill.
    """
    if rule is not None and rule.label in RELEVANT:
        return rule.label, round(max(rule.strength, proba.get(rule.label, 0.0)), 4)
    if rule is not None:  # a guard (repeal, non-health "universal")
        return rule.label, round(max(rule.strength, proba.get(rule.label, 0.0)), 4)
    best = max(proba, key=lambda k: proba[k])
    if best in RELEVANT and proba[best] >= 0.6 and (head is None or COVERAGE_ROUTE.search(head)):
        return best, round(proba[best], 4)
    scores = {k: proba.get(k, 0.0) for k in ("other_health_coverage", "unrelated")}
    if vote is not None:  # the lexicon and the model each get half the say
        scores = {k: 0.5 * v + 0.5 * (k == vote) for k, v in scores.items()}
    best = max(scores, key=lambda k: scores[k])
    return best, round(scores[best] / (sum(scores.values()) or 1.0), 4)


def inherit(verdict: tuple[str, float], rule: RuleHit | None, related_types: Sequence[str],
            head: str) -> tuple[str, float]:
    """A reintroduction or companion of a known universal-coverage bill is almost certainly one.

    `related_types` are the policy types already given to the bill's companions and earlier
    versions (related-bill links, identical titles in prior sessions). When this bill's own words
    decide nothing relevant, the relevant type they share is taken, with a lower score; a guard
    verdict (repeal of a public option, a non-health "universal") is never overridden, and the bill
    must be about health itself.
    """
    label, score_ = verdict
    rel = [t for t in related_types if t in RELEVANT]
    if label in RELEVANT or not rel or (rule is not None and rule.label not in RELEVANT):
        return verdict
    if not HEAD_HEALTH.search(head):
        return verdict
    best = max(set(rel), key=rel.count)
    return best, 0.7


def decide(model: LinearModel, doc_text: str, meta: dict[str, Any]
           ) -> tuple[tuple[str, float], RuleHit | None, dict[str, float]]:
    """The whole decision for one bill: model probabilities, rules, lexicon vote, inheritance.

    One function so the spaCy component and the cross-validation scripts decide identically.
    `meta` holds title, abstracts, text, identifier, classification, subjects, state, related_types.
    """
    proba = model.predict_proba(doc_text)
    rule = apply_rules(meta.get("title", doc_text), meta.get("abstracts", ()), meta.get("text"),
                       meta.get("identifier"), meta.get("classification", ()), meta.get("subjects", ()))
    verdict = combine(rule, proba, coverage_vote(doc_text, meta.get("state")), doc_text)
    return inherit(verdict, rule, meta.get("related_types", ()), doc_text), rule, proba


# ---------------------------------------------------------------------------------------------
# spaCy component
# ---------------------------------------------------------------------------------------------
COMPONENT = "statecare_policy_type"


class PolicyTypeComponent:
    """Sets doc.cats to the model's probabilities and doc._.policy_type to the combined verdict.

    The bill's identifier and classification (which say "memorial" / "resolution") travel in
    doc.user_data because they are not part of the text.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.model: LinearModel | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            raise RuntimeError(f"{self.name}: no weights loaded; run `statecare nlp train policy-type`")
        meta = doc.user_data.get("bill", {})
        verdict, rule, proba = decide(self.model, doc.text, meta)
        doc.cats = proba
        doc._.policy_type = verdict
        doc._.policy_type_rule = rule.reason if rule else None
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        if self.model is None:
            raise RuntimeError(f"{self.name}: nothing to save")
        (p / "weights.json").write_text(json.dumps(self.model.to_json()), encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> PolicyTypeComponent:
        f = Path(path) / "weights.json"
        if not f.is_file():
            raise FileNotFoundError(f"policy-type weights missing: {f}")
        self.model = LinearModel.from_json(json.loads(f.read_text(encoding="utf-8")))
        return self


if not Doc.has_extension("policy_type"):
    Doc.set_extension("policy_type", default=None)
    Doc.set_extension("policy_type_rule", default=None)


@Language.factory(COMPONENT)
def _make_component(nlp: Language, name: str) -> PolicyTypeComponent:
    return PolicyTypeComponent(nlp, name)


# ---------------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------------
_NLP: Language | None = None


def build_pipeline(model: LinearModel) -> Language:
    """A blank English pipeline with our component and the given weights."""
    nlp = spacy.blank("en")
    comp = nlp.add_pipe(COMPONENT)
    comp.model = model  # type: ignore[attr-defined]
    return nlp


def load_pipeline(path: Path = MODEL_DIR) -> Language:
    """Load the shipped pipeline (cached); clear error if it has not been trained."""
    global _NLP
    if _NLP is None or path != MODEL_DIR:
        if not (path / "config.cfg").is_file():
            raise FileNotFoundError(
                f"no policy-type model at {path}; run `statecare nlp train policy-type`")
        nlp = spacy.load(path)
        if path != MODEL_DIR:
            return nlp
        _NLP = nlp
    return _NLP


def classify_doc(nlp: Language, title: str, abstracts: Sequence[str] = (), text: str | None = None,
                 identifier: str | None = None, classification: Sequence[str] = (),
                 subjects: Sequence[str] = (), state: str | None = None,
                 related_types: Sequence[str] = ()) -> tuple[str, float]:
    """Run the pipeline on one bill; the model reads title + abstracts, the rules everything."""
    doc = nlp.make_doc(bill_document(title, abstracts, None))
    doc.user_data["bill"] = {"title": title, "abstracts": list(abstracts), "text": text,
                             "identifier": identifier, "classification": list(classification),
                             "subjects": [str(x) for x in subjects or ()], "state": state,
                             "related_types": list(related_types)}
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc._.policy_type


def classify_bill(title: str, abstracts: Sequence[str] = (), text: str | None = None, *,
                  identifier: str | None = None,
                  classification: Sequence[str] = (), subjects: Sequence[str] = (),
                  state: str | None = None, related_types: Sequence[str] = ()) -> tuple[str, float]:
    """(policy_type, score) for one bill from its title, abstracts/summary and optional text.

    `identifier` and `classification` (Open States: "bill", "joint memorial", "resolution") help
    tell a memorial to Congress from a bill; `subjects` let the text be read for a health bill
    whose title is vague; `state` selects the state's own program names; `related_types` are the
    types of its companions/earlier versions (see `inherit`). All optional.
    """
    nlp = load_pipeline()
    model = _sole_model(nlp)
    if model is None:  # a pipeline with other components: run it as spaCy would
        return classify_doc(nlp, title, abstracts, text, identifier, classification, subjects, state,
                            related_types)
    # the shipped pipeline is our component alone, which reads only doc.text (the tokenizer is
    # lossless): deciding on the string gives the same verdict without building a Doc, which was
    # a third of the classifier's time on 22,010 bills
    meta = {"title": title, "abstracts": list(abstracts), "text": text, "identifier": identifier,
            "classification": list(classification), "subjects": [str(x) for x in subjects or ()],
            "state": state, "related_types": list(related_types)}
    verdict, _rule, _proba = decide(model, bill_document(title, abstracts, None), meta)
    return verdict


def _sole_model(nlp: Language) -> LinearModel | None:
    """The weights of a pipeline that is our component and nothing else (None otherwise)."""
    if nlp.pipe_names != [COMPONENT]:
        return None
    model = getattr(nlp.get_pipe(COMPONENT), "model", None)
    return model if isinstance(model, LinearModel) else None
