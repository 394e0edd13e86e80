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

from statecare.legis.vocabulary import POLICY_TYPES

RELEVANT: frozenset[str] = frozenset(POLICY_TYPES[:4])
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "policy_type"
MODEL_VERSION = "policy_type-1"
# how much of a bill's text the classifier reads: the title, purpose clause and first sections
# say what a bill is; reading 100 pages would only add noise and time
TEXT_HEAD_CHARS = 6000

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


# --- single payer -----------------------------------------------------------------------------
SINGLE_PAYER = [
    _rx(r"\bsingle[- ]payer\b"),
    _rx(r"\bmedicare[- ]for[- ]all\b"),
    _rx(r"\bguaranteed health care for all\b"),
    _rx(r"\bhealth care (?:for all|as a (?:human )?right)\b"),
    _rx(r"\buniversal,? (?:publicly financed|single[- ]payer|comprehensive)\b"),
    _rx(r"\bunified (?:health care )?financing\b"),
    _rx(r"\b(?:calcare|healthy california|green mountain care(?! board)|health security act)\b"),
    _rx(rf"\b(?:{_STATES}) health (?:plan|act|trust|program|system|care plan|care trust|security)\b"),
    _rx(r"\b(?:health care|coverage) guaranteed\b"),
    _rx(r"\buniversal (?:primary )?(?:health|health care|care|primary care) "
        r"(?:program|plan|system|act|coverage program)\b"),
    _rx(r"\bcomprehensive (?:system of (?:access to )?)?(?:universal )?health (?:insurance|care|coverage)"
        r"[^.;]{0,80}\b(?:all|every) (?:\w+ ){0,3}residents\b"),
    _rx(r"\bcomprehensive system of access to health insurance for [\w ]{0,30}residents\b"),
    _rx(r"\bhealth care (?:guaranteed|available and affordable) (?:to be available )?[^.;]{0,40}every\b"),
]
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
    _rx(r"\b(?:colorado option|cascade care|battle born state plan)"),
]
# --- studies of universal coverage ----------------------------------------------------------------
STUDY_WORD = _rx(
    r"\b(?:stud(?:y|ies|ying)|feasibility|task ?force|commission|working group|actuarial|analysis|"
    r"analy[sz]e|benchmark(?:ing)?|report(?:ing)?|assess(?:ment)?|evaluat(?:e|ing|ion)|design|"
    r"roadmap|plan for)\b"
)
STUDY_TOPIC = _rx(
    r"\b(?:single[- ]payer|universal (?:primary )?(?:health|coverage|access|care)\b|public (?:health )?(?:insurance |care )?"
    r"option|medicare for all|unified financing|health care for all|buy[- ]?in|universal,? publicly)"
)
STUDY_STRONG = _rx(
    r"\b(?:feasibility|stud(?:y|ies|ying)|task ?force|benchmark(?:ing)?|actuarial|working group|"
    r"framework for (?:the )?implementation)\b|"
    r"\b(?:creat|establish)\w*\s+(?:an? |the )?universal (?:health|coverage|health care)[\w ]{0,20}"
    r"\b(?:commission|council)\b"
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
    r"\b(?:medicaid|medical assistance|medicare|health (?:insurance|insurer|plan|care plan|coverage|"
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


def coverage_vote(s: str) -> str | None:
    """Lexicon vote between other_health_coverage and unrelated (None = no opinion)."""
    cov = COVERAGE_TERMS.search(s)
    if not cov:
        return None
    if NON_HEALTH_LINES.search(s) and not re.search(
        r"\b(?:health|medicaid|medical assistance|medicare)\b", s, re.I
    ):
        return "unrelated"
    if cov.group(0).lower() in ("coverage", "premium", "premiums", "insured", "insurer", "insurers",
                                 "enroll", "enrollment", "enrollee", "enrollees") and not HEALTH_CONTEXT.search(s):
        return None
    return "other_health_coverage"


DISABILITY_BUY_IN = _rx(r"(?:medicaid )?buy[- ]?in (?:program )?for (?:working )?(?:people|persons|individuals|adults) "
                        r"with disabilit")
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


def apply_rules(title: str, abstracts: Sequence[str] = (), text: str | None = None,
                identifier: str | None = None, classification: Sequence[str] = ()) -> RuleHit | None:
    """The rule layer alone: a relevant type with its reason, a guard verdict, or None.

    The title and abstracts decide first; the text head is read only when they say nothing,
    because bill texts cite other programs (a single-payer bill mentions Medicaid buy-ins).
    """
    head = "\n".join([title or "", *[a for a in abstracts if a]])
    hit = _rules_on(head, identifier, classification)
    if hit is None and text:
        hit = _rules_on(text[:TEXT_HEAD_CHARS], identifier, classification)
        if hit is not None and hit.label in RELEVANT:
            hit = RuleHit(hit.label, hit.reason + " (in text)", hit.strength - 0.1)
    return hit


def _rules_on(s: str, identifier: str | None, classification: Sequence[str]) -> RuleHit | None:
    # the Medicaid Buy-In for Working People with Disabilities is a narrow program, not a buy-in
    # open to everyone: take it out before the public-option patterns look
    s = DISABILITY_BUY_IN.sub("disability program", s)
    kinds = " ".join(classification).lower()
    is_resolution = bool(
        ("memorial" in kinds or "resolution" in kinds)
        or (identifier and RESOLUTION_ID.match(identifier))
        or re.search(r"\b(?:memorial|memorializ|joint resolution|concurrent resolution)\b", s, re.I)
    )
    sp = _first(SINGLE_PAYER, s)
    po = _first(PUBLIC_OPTION, s)
    topic = STUDY_TOPIC.search(s) or sp or po
    federal = FEDERAL_TARGET.search(s)
    if is_resolution and topic and not federal and STUDY_STRONG.search(s):
        # a resolution asking the state's own agencies for a study is a study, not a memorial
        return RuleHit("universal_coverage_study", f"resolution requesting a study of {topic.group(0).lower()}",
                       0.85)
    if is_resolution and (topic or NATIONAL_UNIVERSAL.search(s)) and (
        federal or RESOLUTION_WORD.search(s) or topic
    ):
        # only memorials about universal coverage: "urging Congress to protect Medicare" is not one
        return RuleHit("federal_resolution", "resolution/memorial on universal health care", 0.9)
    if NON_HEALTH_UNIVERSAL.search(s) and not (sp or po):
        return RuleHit("unrelated", "'universal' program outside health coverage", 0.6)
    if po and REPEAL.search(s[: po.start()] + s[po.end():][:80]) and re.search(
        r"repeal", s, re.I
    ):
        return RuleHit("other_health_coverage", "repeals or blocks a public option", 0.8)
    if topic and STUDY_WORD.search(s):
        strong = STUDY_STRONG.search(s)
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


def combine(rule: RuleHit | None, proba: dict[str, float], vote: str | None = None) -> tuple[str, float]:
    """Rules decide relevant types (they generalise across states); the model decides the rest.

    The model may still name a relevant type on its own when it is confident, which is what lets
    it catch a wording the rules have not seen.
    """
    if rule is not None and rule.label in RELEVANT:
        return rule.label, round(max(rule.strength, proba.get(rule.label, 0.0)), 4)
    if rule is not None:  # a guard (repeal, non-health "universal")
        return rule.label, round(max(rule.strength, proba.get(rule.label, 0.0)), 4)
    best = max(proba, key=lambda k: proba[k])
    if best in RELEVANT and proba[best] >= 0.6:
        return best, round(proba[best], 4)
    scores = {k: proba.get(k, 0.0) for k in ("other_health_coverage", "unrelated")}
    if vote is not None:  # the lexicon and the model each get half the say
        scores = {k: 0.5 * v + 0.5 * (k == vote) for k, v in scores.items()}
    best = max(scores, key=lambda k: scores[k])
    return best, round(scores[best] / (sum(scores.values()) or 1.0), 4)


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
        proba = self.model.predict_proba(doc.text)
        meta = doc.user_data.get("bill", {})
        rule = apply_rules(meta.get("title", doc.text), meta.get("abstracts", ()), meta.get("text"),
                           meta.get("identifier"), meta.get("classification", ()))
        doc.cats = proba
        doc._.policy_type = combine(rule, proba, coverage_vote(doc.text))
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
                 identifier: str | None = None, classification: Sequence[str] = ()) -> tuple[str, float]:
    doc = nlp.make_doc(bill_document(title, abstracts, None))
    doc.user_data["bill"] = {"title": title, "abstracts": list(abstracts), "text": text,
                             "identifier": identifier, "classification": list(classification)}
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc._.policy_type


def classify_bill(title: str, abstracts: Sequence[str] = (), text: str | None = None, *,
                  identifier: str | None = None,
                  classification: Sequence[str] = ()) -> tuple[str, float]:
    """(policy_type, score) for one bill from its title, abstracts/summary and optional text.

    `identifier` and `classification` (Open States: "bill", "joint memorial", "resolution") help
    tell a memorial to Congress from a bill; they are optional.
    """
    return classify_doc(load_pipeline(), title, abstracts, text, identifier, classification)
