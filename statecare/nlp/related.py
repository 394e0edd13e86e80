"""Link companion bills and prior-session reintroductions (pure functions over bill records).

Readers follow a bill like the New York Health Act across sessions (S3577/A5248 in 2019 ->
S5474/A6058 -> S7590/A7897 -> S3425/A1466) and across chambers. Some sources say so outright
(NY Open Legislation's `SameAsPrintNo` and `PreviousVersions`, Open States `related_bills`); most
states do not, so the same links are also *derived*, marked `derived=True`, from evidence a
reader would accept: the same title, the same text (hash or word-shingle similarity) and shared
sponsors. Nothing here touches the database; the caller stores the links as `related_bills`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from statecare.legis.identifiers import identifier_key
from statecare.legis.sessions import session_sort_key

COMPANION = "companion"
PRIOR = "prior-session"

# thresholds: titles must (almost) match, and one more piece of evidence must agree
TITLE_MIN = 0.9
TEXT_SAME = 0.8
SHINGLE = 5


@dataclass(frozen=True)
class BillRecord:
    """What linking needs to know about one bill; every field but the key is optional."""

    state: str
    session: str
    identifier: str
    title: str = ""
    sponsors: Sequence[str] = ()
    text_hash: str | None = None
    text: str | None = None
    same_as: Sequence[str] = ()           # "A7897-2023" or "A7897" (same session)
    previous_versions: Sequence[str] = ()  # "S5474-2021"
    chamber: str | None = None            # upper | lower; guessed from the identifier if absent

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.state.lower(), self.session, identifier_key(self.identifier))


@dataclass(frozen=True)
class Link:
    """`bill` relates to `other` as `relation_type`; `evidence` says why, in words."""

    bill: tuple[str, str, str]
    other: tuple[str, str, str]
    relation_type: str
    derived: bool
    evidence: str
    resolved: bool = True  # False when `other` is not among the given records


@dataclass
class _Rec:
    rec: BillRecord
    title: str
    shingles: frozenset[int] = field(default_factory=frozenset)
    sponsors: frozenset[str] = field(default_factory=frozenset)
    key: tuple[str, str, str] = ("", "", "")
    order: tuple[int, int, int, str] = (0, 0, 0, "")
    chamber: str = ""


def chamber_of(rec: BillRecord) -> str:
    if rec.chamber:
        return rec.chamber
    first = identifier_key(rec.identifier)[:1]
    return {"S": "upper", "A": "lower", "H": "lower"}.get(first, "unknown")


def _norm_title(t: str) -> str:
    t = t.lower()
    t = re.sub(r"^(?:an act|a bill|relates to|relating to|concerning)\s+", "", t)
    return " ".join(re.findall(r"[a-z0-9]+", t))


def title_similarity(a: str, b: str) -> float:
    """Word-set Jaccard of normalised titles (1.0 = same words)."""
    sa, sb = set(_norm_title(a).split()), set(_norm_title(b).split())
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def shingles(text: str, k: int = SHINGLE) -> frozenset[int]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return frozenset(hash(" ".join(words[i:i + k])) for i in range(max(0, len(words) - k + 1)))


def text_similarity(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _sponsor_key(name: str) -> str:
    """Last name, upper case: "Gustavo Rivera", "RIVERA" and "Rivera G" all become RIVERA."""
    parts = re.findall(r"[A-Za-z'\-]+", name)
    if not parts:
        return ""
    if name.isupper() or len(parts) == 1:
        return parts[0].upper()
    if len(parts[-1]) == 1:  # "GOTTFRIED R"
        return parts[0].upper()
    return parts[-1].upper()


def _ref(ref: str, default_session: str) -> tuple[str, str]:
    """'A7897-2023' -> ('A7897', '2023'); 'A7897' -> ('A7897', default_session)."""
    m = re.match(r"^\s*([A-Za-z]+\s*\d+[A-Za-z]?)\s*-\s*(\S+)\s*$", ref)
    if m:
        return identifier_key(re.sub(r"(?<=\d)[A-Z]$", "", identifier_key(m.group(1)))), m.group(2)
    return identifier_key(ref), default_session


def link_bills(records: Iterable[BillRecord]) -> list[Link]:
    """Companion and prior-session links among `records` (both directions for companions).

    Order of trust: what the source states; then same session + other chamber + same title +
    (same text or a shared sponsor) = companion; then an earlier session + same title +
    (same text or a shared sponsor, or the companions already linked that way) = prior session,
    to the latest earlier session only, so a chain reads 2025 -> 2023 -> 2021.
    """
    recs = [_Rec(r, _norm_title(r.title),
                 shingles(r.text) if r.text else frozenset(),
                 frozenset(filter(None, (_sponsor_key(s) for s in r.sponsors))))
            for r in records]
    for x in recs:  # computed once: a national classify links tens of thousands of bills
        x.key = x.rec.key
        x.order = session_sort_key(x.rec.state, x.rec.session)
        x.chamber = chamber_of(x.rec)
    by_key = {x.key: x for x in recs}
    links: dict[tuple[tuple[str, str, str], tuple[str, str, str], str], Link] = {}
    companions: dict[tuple[str, str, str], set[tuple[str, str, str]]] = {}
    has_prior: set[tuple[str, str, str]] = set()

    def add(a: tuple[str, str, str], b: tuple[str, str, str], rel: str, derived: bool, why: str) -> None:
        if a == b or (a, b, rel) in links:
            return
        links[(a, b, rel)] = Link(a, b, rel, derived, why, b in by_key)
        if rel == COMPANION:
            companions.setdefault(a, set()).add(b)
        elif rel == PRIOR:
            has_prior.add(a)

    # 1. what the source says
    for x in recs:
        r = x.rec
        for ref in r.same_as:
            ident, sess = _ref(ref, r.session)
            other = (r.state.lower(), sess, ident)
            add(x.key, other, COMPANION, False, f"source lists {ref} as the same bill")
            if other in by_key:
                add(other, x.key, COMPANION, False, f"source lists {r.identifier} as the same bill")
        for ref in r.previous_versions:
            ident, sess = _ref(ref, r.session)
            other = (r.state.lower(), sess, ident)
            if session_sort_key(r.state, sess) < x.order:
                add(x.key, other, PRIOR, False, f"source lists {ref} as a previous version")

    # how many bills of a session carry each title: a title shared by more than two ("INSURANCE
    # CODE-TECHNICAL", leadership's shell bills, "Appropriations") names a topic, not one plan, so
    # only the text can show that two such bills are the same bill
    title_count: dict[tuple[str, str, str], int] = {}
    for x in recs:
        k = (x.rec.state.lower(), x.rec.session, x.title)
        title_count[k] = title_count.get(k, 0) + 1

    def generic(a: _Rec) -> bool:
        return title_count.get((a.rec.state.lower(), a.rec.session, a.title), 0) > 2

    def evidence(a: _Rec, b: _Rec) -> str | None:
        if a.rec.text_hash and a.rec.text_hash == b.rec.text_hash:
            return "identical text"
        ts = text_similarity(a.shingles, b.shingles)
        if ts >= TEXT_SAME:
            return f"text {ts:.0%} alike"
        if generic(a) or generic(b):
            return None
        shared = a.sponsors & b.sponsors
        if shared:
            names = sorted(shared)
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            return "shared sponsor " + ", ".join(names[:3]) + more
        return None

    def companions_were_prior(a: _Rec, b: _Rec) -> bool:
        """A's companion was reintroduced from B's companion: then A is B reintroduced too."""
        comp_b = companions.get(b.key, set())
        return any((ca, cb, PRIOR) in links for ca in companions.get(a.key, ()) for cb in comp_b)

    groups: dict[str, list[_Rec]] = {}
    for x in recs:
        groups.setdefault(x.rec.state.lower(), []).append(x)
    for members in groups.values():
        alike = _similar_titles(members)
        # 2. companions: same session, other chamber
        for i, a in enumerate(members):
            for j in alike[i]:
                b = members[j]
                if j <= i or a.rec.session != b.rec.session or a.chamber == b.chamber:
                    continue
                why = evidence(a, b)
                if why is None and not (a.shingles or b.shingles) and not (generic(a) or generic(b)):
                    why = "same title in both chambers"
                if why:
                    add(a.key, b.key, COMPANION, True, f"same title, {why}")
                    add(b.key, a.key, COMPANION, True, f"same title, {why}")
        # 3. prior sessions: latest earlier session with a matching bill in the same chamber
        for i, a in enumerate(members):
            if a.key in has_prior:
                continue
            earlier = sorted((members[j] for j in alike[i]
                              if members[j].order < a.order and members[j].chamber == a.chamber),
                             key=lambda b: b.order, reverse=True)
            for b in earlier:
                why = evidence(a, b)
                if why is None and companions_were_prior(a, b):
                    why = "their companions are the same bill across sessions"
                if why:
                    add(a.key, b.key, PRIOR, True, f"same title, {why}")
                    break
    return sorted(links.values(), key=lambda lk: (lk.bill, lk.relation_type, lk.other))


def _similar_titles(members: Sequence[_Rec]) -> list[list[int]]:
    """For each member, the (ascending) indexes of the others whose titles are >= TITLE_MIN alike.

    Exactly the pairs `title_similarity` accepts, found by prefix filtering instead of comparing
    every pair: two word sets with Jaccard >= t must share one of the |s| - ceil(t|s|) + 1 rarest
    words of each, so only sets sharing such a word are compared (a state's 8,000 bills, not its
    32 million pairs).
    """
    words = [frozenset(x.title.split()) for x in members]
    freq: dict[str, int] = {}
    for ws in words:
        for w in ws:
            freq[w] = freq.get(w, 0) + 1
    index: dict[str, list[int]] = {}
    prefixes: list[list[str]] = []
    for i, ws in enumerate(words):
        ordered = sorted(ws, key=lambda w: (freq[w], w))
        keep = len(ordered) - math.ceil(TITLE_MIN * len(ordered) - 1e-9) + 1 if ordered else 0
        prefixes.append(ordered[:keep])
        for w in ordered[:keep]:
            index.setdefault(w, []).append(i)
    out: list[list[int]] = [[] for _ in members]
    for i, pre in enumerate(prefixes):
        seen: set[int] = set()
        for w in pre:
            seen.update(index[w])
        seen.discard(i)
        for j in sorted(seen):
            union = len(words[i] | words[j])
            if union and len(words[i] & words[j]) / union >= TITLE_MIN:
                out[i].append(j)
    return out


def lineage(links: Sequence[Link], start: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    """Follow prior-session links back from `start`: [start, previous, the one before, ...]."""
    prior = {lk.bill: lk.other for lk in links if lk.relation_type == PRIOR}
    chain = [start]
    while chain[-1] in prior and prior[chain[-1]] not in chain:
        chain.append(prior[chain[-1]])
    return chain


def record_from_openleg(d: dict) -> BillRecord:
    """A BillRecord from a flattened NY Open Legislation record (jehiah/ny_legislation shape)."""
    same = d.get("SameAsPrintNo") or ""
    return BillRecord(
        state="ny", session=str(d["Session"]), identifier=d["PrintNo"], title=d.get("Title") or "",
        sponsors=[s.get("Short") or s.get("Name") or "" for s in d.get("Sponsors") or []],
        same_as=[same] if same else [], previous_versions=list(d.get("PreviousVersions") or []),
        chamber={"SENATE": "upper", "ASSEMBLY": "lower"}.get(d.get("Chamber", ""), None),
    )


def record_from_openstates(d: dict, state: str) -> BillRecord:
    """A BillRecord from an Open States (pupa) bill; its related_bills become same_as/previous."""
    session = d.get("legislative_session") or d.get("session") or ""
    same, prev = [], []
    for rb in d.get("related_bills") or []:
        ref = f"{rb.get('identifier', '')}-{rb.get('legislative_session') or session}"
        if rb.get("relation_type") == "companion":
            same.append(ref)
        elif rb.get("relation_type") == "prior-session":
            prev.append(ref)
    return BillRecord(state=state, session=session, identifier=d["identifier"], title=d.get("title") or "",
                      sponsors=[s.get("name", "") for s in d.get("sponsorships") or []],
                      same_as=same, previous_versions=prev)
