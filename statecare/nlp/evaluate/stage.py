"""`statecare evaluate stage`: the stage machine's furthest milestone against Open States' own labels.

The machine reads each bill's action TEXT (statecare's action classifier, never the record's own
categories). The reference is a roll-up of the record's Open States categories into the same
milestones (docs/nlp-stage.md documents it):

    introduced < in_committee < on_floor < passed_one_chamber < passed_both < sent_to_governor < enacted

- introduction / filing / reading-1 / receipt      -> introduced
- referral-committee                                -> in_committee
- committee-passage* / reading-2 / reading-3        -> on_floor
- passage                                           -> that house has passed (both / the houses the
                                                       measure needs -> passed_both, else passed_one_chamber)
- executive-receipt / executive-veto*               -> sent_to_governor (a veto means it got there)
- executive-signature / became-law / veto-override  -> enacted

Open States mislabels some phrasings in ways that are systematic, so the roll-up corrects them by
KIND of action (a regular expression over the description), never by bill:

- other_chamber_passage: a journal entry reporting the OTHER house's passage filed under this house
  ("House/ passed 3rd reading" under the Senate; "Senate Message: Passed in concurrence") counts
  for the house the text names; "Passed Both Houses" counts for both;
- not_passage: second readings/considerations without a recorded vote, referrals and amendment
  adoptions labelled `passage` ("Passed on Second Consideration, refer to ... Committee") are not
  passage (they stay on_floor);
- reconsideration: `became-law` (or a signature) on a reconsideration action does not enact;
- unlabelled_passage: a final passage Open States left as a reading ("Third reading, passed; yeas,
  78" filed as reading-3 only) counts as passage;
- unlabelled_referral: a referral to a committee left without `referral-committee` ("First reading,
  referred to Health Care & Wellness." filed as reading-1 only) counts as in_committee;
- reading_into_committee: a second or third reading (or consideration) and a referral to committee
  in one action, the referral named last ("Read first time, rules suspended, read second time,
  referred to ...", "Second Reading referred to Health", "Passed on Second Consideration, refer to
  ... Committee", "Read second time and amended. Re-referred to Com. on APPR.") is a step into a
  committee, not a floor step: it counts as in_committee (in AR, OK and TN the second reading comes
  before the committee; such an action ends in committee);
- authors_amendments: "From committee with author's amendments" (California: amendments the author
  asked for, taken while the bill stays in committee) labelled a committee passage, with no vote or
  recommendation in the text, is not one;
- unlabelled_receipt: delivery/presentation/transmittal to the governor left without a category is
  sent_to_governor; "becomes law without (the) governor's signature" left without one is enacted.
"""

from __future__ import annotations

import csv
import glob
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statecare.legis.chambers import LOWER, UPPER
from statecare.legis.measures import requirements_for
from statecare.legis.states import is_bicameral
from statecare.legis.vocabulary import STAGES

MILESTONES: tuple[str, ...] = STAGES

_INTRO = frozenset({"introduction", "filing", "reading-1", "receipt"})
_FLOOR = frozenset({"committee-passage", "committee-passage-favorable", "committee-passage-unfavorable",
                    "reading-2", "reading-3"})
_SENT = frozenset({"executive-receipt", "executive-veto", "executive-veto-line-item"})
_LAW = frozenset({"executive-signature", "became-law", "veto-override-passage"})

_HOUSE = {"senate": UPPER, "house": LOWER, "assembly": LOWER}
# the house an action's text says passed: "House/ passed", "Senate Message: Passed", "Passed Senate"
_NAMED_PASSAGE = re.compile(
    r"^\W*(?:\([hs]\)\s*)?(senate|house|assembly)\b\s*(?:/|:|message:)?\s*(?:message:\s*)?"
    r"(?:passed|concurred|adopted|read third time and passed)"
    r"|\bpassed\s+(?:by\s+|in\s+)?(?:the\s+)?(senate|house|assembly)\b",
    re.IGNORECASE,
)
_BOTH_HOUSES = re.compile(r"\bpassed both houses\b", re.IGNORECASE)
_VOTE = re.compile(r"\b(?:yeas?|ayes?|nays?|noes)\b|\b\d+\s*-\s*\d+\b|\bvote\b", re.IGNORECASE)
_NOT_PASSAGE = re.compile(
    r"\b(?:second|2nd)\s+(?:reading|consideration)\b|\bread\s+(?:a\s+)?second\s+time\b"
    r"|\b(?:re-?)?referr?(?:ed)?\s+to\b(?!\s+(?:the\s+)?(?:senate|house|assembly)\b)"
    r"|\bamendments?\b.{0,40}\badopted\b|\badopted\b.{0,20}\bamendments?\b",
    re.IGNORECASE,
)
_FINAL_WORDS = re.compile(r"\b(?:third|3rd|final)\s+(?:reading|passage|consideration)\b|\bpassed\s+(?:senate|house|"
                          r"assembly)\b", re.IGNORECASE)
_RECONSIDER = re.compile(r"\breconsider", re.IGNORECASE)
_GOV_RECEIPT = re.compile(
    r"\b(?:delivered|presented|sent|transmitted|forwarded|submitted|enrolled)\b.{0,40}\bgovernor"
    r"|\bto\s+(?:the\s+)?governor\b|\bgovernor'?s?\s+(?:desk|office)\b",
    re.IGNORECASE,
)
_UNLABELLED_PASSAGE = re.compile(
    r"\b(?:third|3rd)\s+reading\b.{0,20}\bpassed\b|\bread\s+(?:a\s+)?third\s+time\b.{0,20}\bpassed\b"
    r"|\bfinal\s+passage\b.{0,30}\b(?:yeas|ayes|passed)\b",
    re.IGNORECASE,
)
_NOT_PASSED = re.compile(r"\b(?:failed|not\s+passed|lost|defeated|reconsider)", re.IGNORECASE)
_UNLABELLED_REFERRAL = re.compile(
    r"\b(?:re-?)?referred\s+to\b(?!\s+(?:the\s+)?(?:senate|house|assembly|governor|secretary|enroll|engross|"
    r"printer|calendar)\b)"
    # the committee named without "to": ND "Introduced, first reading, referred Human Services Committee"
    r"|\breferred\s+(?!(?:to|for|back|by|from)\b)[a-z][a-z ,&'-]*?\s+committee\.?$",
    re.IGNORECASE,
)
# a second/third reading (or consideration) and a referral to committee in one action, the referral
# named last: "Read first time, rules suspended, read second time, referred to ...", "Second Reading
# referred to Health", "Passed on Second Consideration, refer to Senate Health and Welfare Committee",
# "Read second time and amended. Re-referred to Com. on APPR."
_LATER_READING = re.compile(r"\b(?:second|2nd|third|3rd)\s+(?:reading|consideration|time)\b", re.IGNORECASE)
_LATER_REFERRAL = re.compile(r"\b(?:re-?)?refer(?:red|s)?\s+to\b", re.IGNORECASE)
# amendments taken at the author's request while the bill is in committee ("From committee with
# author's amendments. Read second time and amended. Re-referred to Com. on RLS."): no committee vote
_AUTHORS_AMENDMENTS = re.compile(r"\bauthor'?s\s+amendments?\b", re.IGNORECASE)
_COMMITTEE_VOTE = re.compile(r"\bdo\s+pass\b|\brecommend|\breported\b|\bbe\s+adopted\b", re.IGNORECASE)
_LAW_NO_SIGNATURE = re.compile(r"\bbec(?:ame|omes)\s+law\s+without\b", re.IGNORECASE)
_NOT_RECEIPT = re.compile(r"\bveto\b|\btransmittal letter\b|\bappointment\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """The roll-up's milestone for one bill, and the corrections (by kind) that changed an action."""

    milestone: str
    corrections: tuple[str, ...] = ()


def _labels(action: Mapping[str, Any]) -> set[str]:
    raw = action.get("source_classification", action.get("classification")) or []
    if isinstance(raw, str):
        raw = raw.split("|")
    return {str(x) for x in raw if x}


def corrected_labels(labels: Iterable[str], description: str) -> tuple[set[str], list[str]]:
    """One action's Open States categories after the by-kind corrections, and the kinds applied."""
    labs = set(labels)
    kinds: list[str] = []
    desc = description or ""
    if "passage" in labs and _NOT_PASSAGE.search(desc) and not _VOTE.search(desc) and not _FINAL_WORDS.search(desc):
        labs.discard("passage")
        labs.add("reading-2")  # it is still a floor step
        kinds.append("not_passage")
    if "passage" not in labs and _UNLABELLED_PASSAGE.search(desc) and not _NOT_PASSED.search(desc):
        labs.add("passage")
        kinds.append("unlabelled_passage")
    if "referral-committee" not in labs and not labs & ({"passage"} | _SENT | _LAW) \
            and _UNLABELLED_REFERRAL.search(desc):
        labs.add("referral-committee")
        kinds.append("unlabelled_referral")
    committee_passage = {"committee-passage", "committee-passage-favorable"}
    if labs & committee_passage and _AUTHORS_AMENDMENTS.search(desc) and not _COMMITTEE_VOTE.search(desc):
        labs -= committee_passage
        kinds.append("authors_amendments")
    if labs & {"reading-2", "reading-3"} and not labs & ({"passage"} | _SENT | _LAW):
        reads = [m.start() for m in _LATER_READING.finditer(desc)]
        refs = [m.start() for m in _LATER_REFERRAL.finditer(desc)]
        if refs and (not reads or refs[-1] > reads[-1]):
            labs -= {"reading-2", "reading-3"}  # read on the way into committee: not a floor step
            labs.add("referral-committee")
            kinds.append("reading_into_committee")
    if labs & _LAW and _RECONSIDER.search(desc):
        labs -= _LAW
        kinds.append("reconsideration")
    if not labs & (_SENT | _LAW) and not _NOT_RECEIPT.search(desc):
        if _LAW_NO_SIGNATURE.search(desc):
            labs.add("became-law")
            kinds.append("unlabelled_receipt")
        elif _GOV_RECEIPT.search(desc):
            labs.add("executive-receipt")
            kinds.append("unlabelled_receipt")
    return labs, kinds


def passage_houses(description: str, actor: str | None) -> tuple[set[str], bool]:
    """The houses a passage action stands for, and whether the text overrode the actor."""
    if _BOTH_HOUSES.search(description or ""):
        return {UPPER, LOWER}, actor not in (UPPER, LOWER)
    m = _NAMED_PASSAGE.search(description or "")
    if m:
        named = _HOUSE[(m.group(1) or m.group(2)).lower()]
        return {named}, named != actor
    return ({actor} if actor else set()), False


def reference_milestone(bill: Mapping[str, Any], state: str | None, *, correct: bool = True) -> Reference:
    """Roll a bill's Open States categories up into its furthest milestone (see the module doc).

    correct=False rolls the categories up as Open States wrote them (no by-kind corrections)."""
    from statecare.nlp.stage.sources import openstates_actions

    acts = openstates_actions(bill, state)
    req = requirements_for(bill.get("classification"), identifier=bill.get("identifier"), state=state)
    bicameral = is_bicameral(state) and req.chambers >= 2
    best = 0
    passed: set[str] = set()
    fixes: list[str] = []
    for a in acts:
        labs, kinds = corrected_labels(_labels(a), a["description"]) if correct else (_labels(a), [])
        fixes.extend(kinds)
        rank = 0
        if labs & _INTRO:
            rank = 0
        if "referral-committee" in labs:
            rank = max(rank, 1)
        if labs & _FLOOR:
            rank = max(rank, 2)
        if "passage" in labs:
            if bicameral:
                houses, moved = passage_houses(a["description"] if correct else "", a["chamber"])
                if moved:
                    fixes.append("other_chamber_passage")
                passed |= houses or {"?"}
                rank = max(rank, 4 if {UPPER, LOWER} <= passed else 3)
            else:
                rank = max(rank, 4)
        if labs & _SENT:
            rank = max(rank, 5)
        if labs & _LAW:
            rank = max(rank, 6)
        best = max(best, rank)
    return Reference(MILESTONES[best], tuple(fixes))


# --------------------------------------------------------------------------- reading bills
def iter_bills(paths: Sequence[str | Path]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(state, session, bill) for every Open States bill JSON under paths (files, folders, .jsonl[.gz])."""
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = [Path(x) for x in glob.glob(str(path / "**" / "*"), recursive=True)]
            files.extend(sorted(f for f in found if f.is_file() and f.name.endswith((".json", ".jsonl", ".jsonl.gz"))
                                and not f.name.startswith(("texts.", "index."))))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    for f in files:
        if f.name.endswith(".jsonl.gz"):
            with gzip.open(f, "rt", encoding="utf-8") as fh:
                docs: Iterable[Any] = [json.loads(line) for line in fh if line.strip()]
        elif f.name.endswith(".jsonl"):
            with f.open(encoding="utf-8") as fh:
                docs = [json.loads(line) for line in fh if line.strip()]
        else:
            with f.open(encoding="utf-8") as fh:
                doc = json.load(fh)
            docs = doc if isinstance(doc, list) else [doc]
        for b in docs:
            if not isinstance(b, dict) or not isinstance(b.get("actions"), list):
                continue
            yield _state_for(b, f), str(b.get("legislative_session") or ""), b


def _state_for(bill: Mapping[str, Any], path: Path) -> str:
    from statecare.nlp.stage.sources import _state_of

    st = _state_of(bill)
    if st:
        return st
    parts = path.resolve().parts
    if "national" in parts:
        i = parts.index("national")
        if i + 1 < len(parts):
            return parts[i + 1].lower()
    return "?"


# --------------------------------------------------------------------------- scoring
@dataclass
class StageScores:
    """Per-state and pooled agreement of the derived furthest milestone with the reference."""

    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    corrections: Counter[str] = field(default_factory=Counter)

    def add(self, state: str, session: str, identifier: str, milestone: str, reference: str) -> None:
        self.rows.append((state, session, identifier, milestone, reference))

    @staticmethod
    def _acc(rows: Sequence[tuple[str, str, str, str, str]]) -> tuple[float, float, int, int]:
        n = len(rows)
        ok = sum(r[3] == r[4] for r in rows)
        past = [r for r in rows if MILESTONES.index(r[4]) > MILESTONES.index("in_committee")]
        pok = sum(r[3] == r[4] for r in past)
        return (ok / n if n else 0.0, pok / len(past) if past else 0.0, n, len(past))

    def per_state(self) -> dict[str, tuple[float, float, int, int]]:
        by: dict[str, list[tuple[str, str, str, str, str]]] = {}
        for r in self.rows:
            by.setdefault(r[0], []).append(r)
        return {st: self._acc(rs) for st, rs in sorted(by.items())}

    def pooled(self) -> tuple[float, float, int, int]:
        return self._acc(self.rows)

    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter((r[4], r[3]) for r in self.rows)

    def write(self, path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["state", "session", "identifier", "milestone", "reference"])
            w.writerows(self.rows)


def evaluate_bills(bills: Iterable[tuple[str, str, Mapping[str, Any]]], classifier: Any = None) -> StageScores:
    """Derive each bill's furthest milestone from its action text and score it against the roll-up."""
    from statecare.nlp.actions.classifier import semantic_classifier
    from statecare.nlp.stage.sources import stage_for_openstates_bill

    clf = classifier or semantic_classifier()
    out = StageScores()
    for st, session, b in bills:
        ref = reference_milestone(b, st)
        out.corrections.update(ref.corrections)
        got = stage_for_openstates_bill(b, state=st, classifier=clf).furthest
        out.add(st, session, str(b.get("identifier") or ""), got, ref.milestone)
    return out
