"""Co-sponsors: how many a bill has, of which parties, and how the number grew.

The count and the party split come from the bill's stored sponsorships (the crawler writes each
matched legislator's party as `person_party`, statecare.crawler.people). How the number grew comes,
where the legislature records it, from its own actions ("Added Co-Sponsor Rep. Anne Stava",
"Author stricken Eichorn"), each dated by the legislature; elsewhere from what successive crawls
saw (the store's `sponsors_added` / `sponsors_removed` events, dated by the crawl).

The wordings below are the ones the national recording holds, one pattern family per wording (the
tests read each family's real actions). An action that says co-sponsors changed without naming
them (Tennessee's "Sponsor(s) Added.", California's "Coauthors revised.") is kept in the history
but makes the number of that change unknown, so the growth is then taken from the crawls.

Plain functions on plain values: the site, the API, the feeds and the alerts share them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

T = TypeVar("T")

_WHO = r"(?:Senators?|Representatives?|Senator\(s\)|Representative\(s\)|Reps?\.|Sens?\.|Delegates?)"
_CO = r"(?:co-?sponsors?|co-?authors?|(?:second|third|fourth|fifth) authors?)"

# (family, direction, pattern, split the names?) -- direction +1 adds, -1 removes; a pattern
# without a `names` group says co-sponsors changed without saying who (size unknown)
_FAMILIES: tuple[tuple[str, int, re.Pattern[str], bool], ...] = tuple(
    (fam, sign, re.compile(rx, re.IGNORECASE), split) for fam, sign, rx, split in (
        # Illinois: one legislator an action, the name whole ("Michael J. Coffey, Jr.")
        ("added_co_sponsor", +1,
         r"^Added (?:as )?(?:Alternate )?(?:Chief )?Co-Sponsor (?:Rep\.|Sen\.)\s*(?P<names>.+)$", False),
        ("added_co_sponsor", -1,
         r"^(?:Removed?|Withdrawn?) (?:Alternate )?(?:Chief )?Co-Sponsor (?:Rep\.|Sen\.)\s*(?P<names>.+)$", False),
        ("added_co_sponsor", -1,
         r"^(?:Alternate )?(?:Chief )?(?:Co-)?Sponsor Removed (?:Rep\.|Sen\.)\s*(?P<names>.+)$", False),
        ("added_co_sponsor", +1, r"^Co-Sponsor All (?:Senators|Representatives|Members)$", False),
        # Indiana, Wisconsin: "Representative Udell added as a cosponsor", "Senator Zay removed as coauthor"
        ("member_added_as", +1, rf"^{_WHO}\s+(?P<names>.+?)\s+added as (?:a |an )?{_CO}\.?$", True),
        ("member_added_as", -1, rf"^{_WHO}\s+(?P<names>.+?)\s+(?:withdrawn|removed) as (?:a |an )?{_CO}\.?$", True),
        # Wisconsin, a list: "Bradley, Cabral-Guevara, ... and Wirch of the Senate added as cosponsors"
        ("member_added_as", +1,
         rf"^(?P<names>[A-Z][^;]*?) of the (?:Senate|Assembly|House) added as (?:a |an )?{_CO}\.?$", True),
        # Vermont: "Senator Hart name as co-sponsor of bill withdrawn", "Request to withdraw as cosponsor"
        ("member_added_as", -1, rf"^{_WHO}\s+(?P<names>.+?)\s+name as {_CO} of bill withdrawn\.?$", True),
        ("member_added_as", -1, rf"^Request to withdraw as {_CO}\.?$", False),
        # Oklahoma, Indiana: "Coauthored by Senator(s) Nice", "Coauthored by Representatives Judy, Ledbetter"
        ("coauthored_by", +1, r"^Co-?authored by all other (?:Senators|Representatives|Members)\.?$", False),
        ("coauthored_by", +1, rf"^Co-?authored by\s+{_WHO}\s+(?P<names>.+?)\.?$", True),
        ("coauthored_by", -1, rf"^Remove as co-?author\s+{_WHO}\s+(?P<names>.+?)\.?$", True),
        # Alaska: "(H) COSPONSOR(S): NELSON, STAPP", "(S) CROSS SPONSOR(S): ...", "(H) COSPONSOR REMOVED: ELAM"
        ("cosponsors_list", +1, r"^\((?:H|S)\)\s+(?:CO|CROSS )SPONSOR\(S\):\s*(?P<names>.+)$", True),
        ("cosponsors_list", -1, r"^\((?:H|S)\)\s+COSPONSORS? REMOVED:\s*(?P<names>.+)$", True),
        # Minnesota: "Author added Rehrauer", "Authors added Tabke and Coulter", "Author stricken Eichorn"
        ("authors_added", +1, r"^Authors? added\s+(?P<names>.+)$", True),
        ("authors_added", -1, r"^Authors? stricken\s+(?P<names>.+)$", True),
        # Iowa: "Sponsors added, Behn, Bloomingdale, Johnson, C., and Vondran."
        ("sponsors_added_list", +1, r"^Sponsors? added,\s*(?P<names>.+?)\.?$", True),
        ("sponsors_added_list", -1, r"^Sponsors? (?:withdrawn|removed),\s*(?P<names>.+?)\.?$", True),
        # Nebraska: "Conrad name added", "Ibach name withdrawn"
        ("name_added", +1, r"^(?P<names>[A-Z][\w.,' -]*?) name added\.?$", True),
        ("name_added", -1, r"^(?P<names>[A-Z][\w.,' -]*?) name withdrawn\.?$", True),
        # South Carolina: "Member(s) request name added as sponsor: Gilliard, Rivers, Anderson"
        ("request_name", +1, r"^Member\(s\) request name added as sponsor:\s*(?P<names>.+)$", True),
        ("request_name", -1, r"^Member\(s\) request name removed as sponsor:\s*(?P<names>.+)$", True),
        # Tennessee, California: a change without names
        ("unnamed", +1, r"^Sponsor\(s\) Added\.?$", False),
        ("unnamed", +1, r"^All Ayes added as Sponsors\.?$", False),
        ("unnamed", -1, r"^Sponsor\(s\) withdrawn\.?$", False),
        ("unnamed", 0, r"^Co-?authors revised\.?$", False),
    )
)
_ANY = re.compile(r"sponsor|author|name added|name withdrawn", re.IGNORECASE)
_LAST_INITIAL = re.compile(r"\b[A-Z]\.$")
_INITIALS = re.compile(r"^(?:[A-Z]\.\s*)+$")
_SPLIT = re.compile(r"\s*;\s*|\s*,\s*(?:and\s+)?|\s+and\s+")
_TITLE = re.compile(rf"^{_WHO}\s+", re.IGNORECASE)


@dataclass(frozen=True)
class SponsorChange:
    """What one action says happened to the co-sponsors. `size_known` is False when the action does
    not name them (its `delta` is then only the direction: +1, -1, or 0 for "revised")."""

    family: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    size_known: bool = True
    direction: int = 0

    @property
    def delta(self) -> int:
        return len(self.added) - len(self.removed) if self.size_known else self.direction


def split_names(text: str) -> list[str]:
    """"Behn, Johnson, C., and Vondran." -> [Behn, Johnson, C., Vondran]: a list of names as the
    clerks write them, an initial after a comma staying with the surname before it."""
    out: list[str] = []
    text = text.strip()
    if text.endswith(".") and not _LAST_INITIAL.search(text):  # the sentence's full stop, not "J."
        text = text[:-1]
    for part in _SPLIT.split(text.strip()):
        part = _TITLE.sub("", re.sub(r"^and\s+", "", part.strip()))
        if not part:
            continue
        if out and _INITIALS.match(part):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def parse_change(description: str) -> SponsorChange | None:
    """The co-sponsor change an action records, or None when it records none."""
    text = " ".join(str(description or "").split()).strip().strip('"')
    if not text or not _ANY.search(text):  # one test instead of every family's: most actions are not these
        return None
    for family, sign, rx, split in _FAMILIES:
        m = rx.match(text)
        if m is None:
            continue
        if "names" not in rx.groupindex:
            return SponsorChange(family, size_known=False, direction=sign)
        raw = m.group("names").strip()
        names = tuple(split_names(raw) if split else [raw])
        if not names:
            return None
        return SponsorChange(family, added=names if sign > 0 else (), removed=names if sign < 0 else ())
    return None


# -- the count and the party split ----------------------------------------------------------

_PARTY_LETTERS = {"democratic": "D", "democrat": "D", "republican": "R", "independent": "I",
                  "libertarian": "L", "green": "G", "progressive": "P", "nonpartisan": "NP",
                  # Minnesota's Democratic party, by its own initials (285 legislators; the whole name
                  # made a sponsor read "Virnig (Democratic-Farmer-Labor, District 52B)" and a count
                  # "2 co-sponsors (2 Democratic-Farmer-Labor)")
                  "democratic-farmer-labor": "DFL",
                  # lines of New York's fusion tickets ("Republican/Conservative/Independence")
                  "working families": "WF", "conservative": "C", "independence": "IP"}


def party_letter(party: str) -> str:
    """"Democratic" -> "D", "Republican" -> "R", a fusion ticket "Democratic/Progressive" -> "D/P"
    (Vermont elects members on both lines; the full name is too wide for a sponsor column and ran
    into its neighbour); other parties keep their name."""
    name = str(party).strip()
    parts = [p.strip().lower() for p in name.split("/")]
    if all(p in _PARTY_LETTERS for p in parts):
        return "/".join(_PARTY_LETTERS[p] for p in parts)
    return name


def _field(sp: Any, name: str) -> Any:
    """A sponsorship's field, from a stored row object or a record's dict alike."""
    return sp.get(name) if isinstance(sp, dict) else getattr(sp, name, None)


def _sponsor_key(sp: Any) -> tuple[str, str, str]:
    name = " ".join(str(_field(sp, "name") or "").lower().split())
    return (str(_field(sp, "person_id") or ""), name, str(_field(sp, "entity_type") or "person"))


def distinct_sponsors(sponsorships: Iterable[T]) -> list[T]:
    """Each sponsor once, in the legislature's order: some records list a sponsor twice (Washington's HB
    1106 of 2025-2026 names its primary sponsor Barnard again as a co-sponsor and every co-sponsor
    twice; New Jersey's A 2804 lists "Speight, Shanique" as primary sponsor and co-sponsor), and the
    page counted 28 sponsors and "27 co-sponsors" for 13 people. Two entries are one sponsor when
    they carry the same person and the same written name; a primary entry wins over a co-sponsor
    one. Names that differ are kept apart even when the matcher gave them one person ("L. Johnson"
    and "B. Johnson", Arkansas SB 221): that is two people the matcher could not tell apart."""
    out: list[T] = []
    at: dict[tuple[str, str, str], int] = {}
    for sp in sponsorships:
        k = _sponsor_key(sp)
        if k not in at:
            at[k] = len(out)
            out.append(sp)
        elif _field(sp, "primary") and not _field(out[at[k]], "primary"):
            out[at[k]] = sp
    return out


def tally(sponsors: Iterable[tuple[bool, str | None]]) -> tuple[int, dict[str, int]]:
    """(primary?, party) of each sponsorship -> (co-sponsors, their party split). A co-sponsor is
    every sponsorship that is not a primary one (Open States' `primary`); where a record marks every
    sponsor primary (Vermont lists its 27 sponsors so), the first is the sponsor, the rest co-sponsors."""
    rows = list(sponsors)
    if rows and all(primary for primary, _ in rows):
        parties = [party for _, party in rows[1:]]
    else:
        parties = [party for primary, party in rows if not primary]
    return len(parties), party_split(parties)


def party_split(parties: Iterable[str | None]) -> dict[str, int]:
    """{"D": 20, "R": 7, "unknown": 1}: biggest first, legislators not matched last."""
    counts: dict[str, int] = {}
    unknown = 0
    for p in parties:
        if p:
            k = party_letter(p)
            counts[k] = counts.get(k, 0) + 1
        else:
            unknown += 1
    out = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    if unknown:
        out["unknown"] = unknown
    return out


def split_words(split: dict[str, int]) -> str:
    """"20 D, 7 R, 1 party unknown"."""
    return ", ".join(f"{n} party unknown" if k == "unknown" else f"{n} {k}" for k, n in split.items())


# -- how it grew -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One dated change in the history: from an action (the legislature's date) or a crawl."""

    day: str
    source: str  # "action" | "crawl"
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    delta: int | None = None  # None: the record does not say how many
    description: str = ""


@dataclass
class Cosponsors:
    """A bill's co-sponsors as a reader wants them: "27 co-sponsors (20 D, 7 R), +4 since March"."""

    count: int
    parties: dict[str, int]
    history: list[Step] = field(default_factory=list)
    growth: int | None = None
    since: str | None = None  # first day of the month the growth is counted from
    growth_source: str | None = None  # "actions" | "crawls"
    today: date | None = None

    def since_words(self) -> str | None:
        if not self.since:
            return None
        d = date.fromisoformat(self.since)
        return f"{d:%B}" if self.today is not None and d.year == self.today.year else f"{d:%B} {d.year}"

    def growth_words(self) -> str | None:
        """"+4 since March", "−1 since May 2025", "no change since March"; None without a history."""
        if self.growth is None or not self.since:
            return None
        when = self.since_words()
        if self.growth == 0:
            return f"no net change since {when}"
        sign = "+" if self.growth > 0 else "\u2212"
        return f"{sign}{abs(self.growth)} since {when}"

    def joined_in_actions(self) -> bool:
        """Whether the legislature's actions record co-sponsors joining (named or not)."""
        for st in self.history:
            if st.source != "action":
                continue
            ch = parse_change(st.description)
            if st.added or (st.delta or 0) > 0 or (ch is not None and not ch.size_known and ch.direction > 0):
                return True
        return False

    def summary(self) -> str:
        if self.count == 0 and self.joined_in_actions():
            # Tennessee's "Sponsor(s) Added." on a record listing the sponsor alone read "0 co-sponsors"
            # above it (292 TN bills, 310 in all): the record does not list them, the legislature says so
            return "No co-sponsor in the record stored here, though the legislature's actions record co-sponsors added"
        noun = "co-sponsor" if self.count == 1 else "co-sponsors"
        out = f"{self.count} {noun}"
        if self.count and self.parties:
            out += f" ({split_words(self.parties)})"
        g = self.growth_words()
        return f"{out}, {g}" if g else out

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "parties": self.parties, "growth": self.growth, "since": self.since,
                "growth_source": self.growth_source, "summary": self.summary(),
                "history": [{"date": s.day, "source": s.source, "added": list(s.added), "removed": list(s.removed),
                             "change": s.delta, "description": s.description} for s in self.history]}


def steps_from_actions(actions: Iterable[tuple[str, str]]) -> list[Step]:
    """(day, description) of a bill's actions -> the co-sponsor changes they record, in order."""
    out = []
    for day, desc in actions:
        ch = parse_change(desc)
        if ch is not None:
            out.append(Step(str(day or "")[:10], "action", ch.added, ch.removed,
                            ch.delta if ch.size_known else None, " ".join(str(desc).split())))
    return out


def steps_from_events(events: Iterable[tuple[str, str, dict[str, Any]]]) -> list[Step]:
    """(day, kind, payload) of a bill's `sponsors_added` / `sponsors_removed` events -> changes seen
    between crawls. Payloads carry count_before/count_after; older ones only the names added."""
    out = []
    for day, kind, p in events:
        added = tuple(str(n) for n in (p.get("names") or []))
        removed = tuple(str(n) for n in (p.get("removed") or []))
        if isinstance(p.get("count_before"), int) and isinstance(p.get("count_after"), int):
            delta = p["count_after"] - p["count_before"]
        else:
            delta = len(added) - len(removed) if kind == "sponsors_added" else -len(removed)
        out.append(Step(str(day)[:10], "crawl", added, removed, delta))
    return out


def _month_start(d: date) -> date:
    return d.replace(day=1)


def growth_of(steps: Sequence[Step], today: date, window_days: int = 90) -> tuple[int | None, str | None]:
    """(net change, first day counted from): over the months since `window_days` ago when anything
    changed then, else over the whole history; (None, None) without a history or when a change's
    size is unknown."""
    dated = [s for s in steps if len(s.day) == 10]
    if not dated or any(s.delta is None for s in dated):
        return None, None
    start = _month_start(today - timedelta(days=window_days)).isoformat()
    recent = [s for s in dated if s.day >= start]
    if not recent:
        start = _month_start(date.fromisoformat(min(s.day for s in dated))).isoformat()
        recent = [s for s in dated if s.day >= start]
    return sum(s.delta or 0 for s in recent), start


def build(count: int, parties: dict[str, int], action_steps: list[Step], crawl_steps: list[Step],
          today: date) -> Cosponsors:
    """The reader's view: the legislature's own record when it has one whose sizes are known, else the
    crawls'. The history lists both kinds of step, oldest first."""
    growth, since, source = None, None, None
    if action_steps:
        growth, since = growth_of(action_steps, today)
        source = "actions" if growth is not None else None
    if growth is None and crawl_steps:
        growth, since = growth_of(crawl_steps, today)
        source = "crawls" if growth is not None else None
    history = sorted([*action_steps, *crawl_steps], key=lambda s: s.day)
    return Cosponsors(count, parties, history, growth, since, source, today)


def event_words(kind: str, payload: dict[str, Any]) -> str:
    """One line for a crawl's `sponsors_added` / `sponsors_removed` event (feeds, alerts):
    "Co-sponsors added: Ann Lee, Bo Dahl; now 27 co-sponsors (20 D, 7 R)"."""
    added = [str(n) for n in payload.get("names") or []]
    removed = [str(n) for n in payload.get("removed") or []]
    parts = []
    if added:
        parts.append(f"Co-sponsors added: {', '.join(added)}")
    if removed:
        parts.append(f"{'removed' if added else 'Co-sponsors removed'}: {', '.join(removed)}")
    line = "; ".join(parts) or ("Co-sponsors added" if kind == "sponsors_added" else "Co-sponsors removed")
    after = payload.get("count_after")
    if isinstance(after, int):
        parties = payload.get("parties") if isinstance(payload.get("parties"), dict) else {}
        noun = "co-sponsor" if after == 1 else "co-sponsors"
        split = f" ({split_words(parties)})" if after and parties else ""
        line += f"; now {after} {noun}{split}"
        before = payload.get("count_before")
        if isinstance(before, int) and before != after:
            line += f", up from {before}" if after > before else f", down from {before}"
    return line
