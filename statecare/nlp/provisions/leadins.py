"""Bare lead-ins and bare list items: passages that say nothing on their own (issue 13, sixteenth round).

Why: the passage shown first for a key is what a journalist quotes. Two kinds of candidate cannot be quoted
alone, because their meaning sits in another clause of the same list:

* a bare lead-in — a clause ending on its colon whose last word still waits for its complement
  ("(II) IMPACTED EMPLOYEES SHALL BE ELIGIBLE FOR:", "(b) The operating budget shall be used for:"): the
  operative words are in the items that follow. A lead-in that is a whole clause before its colon ("(a) The
  Trust shall be governed by a Board of Trustees with 29 members including:", "... shall include the
  following:") is not bare: what it says stands without its items.
* a bare item — an enumerated noun phrase with no verb of its own ("(1) an operating budget;", "(e) any
  federal funds received from the federal government ...;"): what the budget is or what the funds do is said
  by its lead-in. A benefit item under a coverage lead-in is not treated here: a clean list of covered
  services is how bills grant benefits, and the ranker's `covers` tier already reads its lead-in. Nor is a
  duty item that opens with its verb ("(7) create advisory boards ...", "(n) be the state's primary entity
  ..."): the lead-in's "shall" makes it a sentence.

Both are ordered after the other passages of their tier (`rank.order_key`), never across a tier, so an
operative sentence that says the same thing on its own is shown first, and a bare passage still comes before
a restatement. When the first passage is still a bare item (no better one exists), it is shown with its
lead-in if the item directly follows the lead-in's colon (`with_lead_in`): the quote then stays one
contiguous span of the stored text, so offsets and `clean.covers` hold as for any passage.
"""

from __future__ import annotations

import re

# the word before the colon waits for its complement: a preposition, a copula or modal, "include(s)" / "consist(s)
# of" as the main verb. Not a participle ("including:", "detailing:", "such as:"), which follows a clause that is
# already whole ("with 29 members including:", "shall prepare a report detailing:")
_DANGLING = re.compile(
    r"\b(?:for|to|on|of|by|in|with|from|at|upon|under|about|into|than|"
    r"is|are|be|been|was|were|shall|must|may|will|include|includes|contain|contains|consist of|consists of)"
    r"\s*:\s*$", re.IGNORECASE)
# ... and comes within three words of the clause's verb: "SHALL BE ELIGIBLE FOR:", "shall be used for:", "The board
# shall:". A long clause that ends on a preposition is whole before it ("The Trust shall pay for all professional
# services provided by eligible health care providers to eligible participants needed to:")
_SHORT_PREDICATE = re.compile(r"\b(?:shall|must|may|will|is|are)\b(?:\s+[\w'\u2019-]+){0,3}\s*:\s*$", re.IGNORECASE)
# ... unless the waiting word is a relative clause's: "an advisory committee that includes:" is whole before "that"
_RELATIVE = re.compile(r"\b(?:that|which|who|whom|whose)\s+(?:\w+\s+){0,2}\w+\s*:\s*$", re.IGNORECASE)
_ENUM = re.compile(r"^\s*(?:\(\s*(?:\d{1,3}|[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6})\s*\)\s*|"
                   r"(?:\d{1,3}|[a-zA-Z]{1,2}|[ivxIVX]{1,5})[.)]\s+)+")
# a noun phrase opens with a determiner or quantifier; a duty item opens with its verb
_NP_OPEN = re.compile(r"(?:a|an|the|any|all|each|every|such|its|their|his|her|other|one|two|three|"
                      r"some|no)\b", re.IGNORECASE)
# a verb of the item's own (the ranker's finite-verb list, plus the usual operative verbs of an item)
_FINITE = re.compile(r"\b(?:shall|must|may|will|is|are|was|were|has|have|be|means|includes?|can|"
                     r"provides?|requires?|pays?|covers?|establish(?:es)?|creates?|consists?)\b", re.IGNORECASE)


def bare_lead_in(evidence: str) -> bool:
    """A clause ending on its colon whose last word waits for the items ("... SHALL BE ELIGIBLE FOR:")."""
    ev = evidence.rstrip()
    return bool(_DANGLING.search(ev)) and bool(_SHORT_PREDICATE.search(ev)) and not _RELATIVE.search(ev)


def bare_item(evidence: str) -> bool:
    """An enumerated noun phrase with no verb of its own ("(1) an operating budget;")."""
    m = _ENUM.match(evidence)
    if not m:
        return False
    body = evidence[m.end():]
    return bool(_NP_OPEN.match(body)) and not _FINITE.search(body) and not body.rstrip().endswith(":")


def is_bare(evidence: str) -> bool:
    """Whether a key's passage is ordered after the others of its tier: a bare lead-in. A bare item is not (a
    list item is often the establishing sentence itself: "(1) all Massachusetts residents, as defined in Section
    1;" under "... shall provide ... to:"); it is shown with its lead-in instead (`with_lead_in`)."""
    return bare_lead_in(evidence)


_LEAD_START = re.compile(r"[.;]\s+|:\s+(?=[A-Z(])")


def with_lead_in(text: str, start: int, end: int, max_lead: int = 300) -> int:
    """Where to start the quote of the bare item `text[start:end]` so that it carries its lead-in: the start of
    the clause ending on the colon right before the item (only whitespace between them), else `start`. The
    lead-in must itself say something (not a bare lead-in read the other way round is fine: "(a) To carry out
    this Act there are established on an annual basis: (1) an operating budget;")."""
    before = text[max(0, start - max_lead - 2):start]
    stripped = before.rstrip()
    if not stripped.endswith(":"):
        return start
    colon = max(0, start - max_lead - 2) + len(stripped) - 1
    window_lo = max(0, colon - max_lead)
    lo = window_lo
    for m in _LEAD_START.finditer(text, window_lo, colon):
        lo = m.end()
    if lo == window_lo and window_lo > 0:
        return start  # the lead-in runs longer than a quote should
    # skip leading whitespace and a section's number glued before the clause
    while lo < colon and text[lo].isspace():
        lo += 1
    return lo if colon - lo >= 12 else start
