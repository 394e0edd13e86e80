"""Match bill sponsors to Open States' directory of legislators (shared/people).

A sponsorship as the scrapers write it is a name ("Sen. Mary Smith", "Smith", "Smith, M.",
"M. Smith"); the directory (people/<st>/legislators.jsonl.gz and retired.jsonl.gz) knows who held
which seat when, with party and district. The rules are the directory's own README's:

1. a sponsorship carrying an `ocd-person/...` id is looked up by id;
2. otherwise only people of the bill's state whose legislative role overlapped the bill's session
   (role start on or before the session's end, end absent or on or after its start) are candidates,
   those of the sponsor's own chamber first where the record's pseudo id names it (Arkansas, Alaska,
   Utah), else of the bill's chamber, then the other chamber (co-sponsors cross over);
3. the normalised sponsor string is compared with the full name, "given family", the family name
   and every other name; "Last, F." and "F. Last" need the initial to agree;
4. more than one person left: no match (never a guess).

The matched person's id, party and district during the session are written onto the sponsorship
(`person_id`, `person_party`, `person_district`, `person_match`), so pages show them without
reading the directory, and a second crawl computes the same values (no spurious change).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from statecare.legis.names import LEGISLATIVE_ROLES, norm_name
from statecare.legis.sessions import session_info

__all__ = ["LEGISLATIVE_ROLES", "Directory", "annotate_sponsors", "bill_chamber", "norm_name"]

@dataclass
class Seat:
    """One legislative role of a person: chamber, district, when."""

    chamber: str
    district: str
    start: str
    end: str


@dataclass
class Person:
    id: str
    names: set[str]  # normalised full names (name, given family, other names)
    family: str
    initials: set[str]
    party: list[dict[str, Any]]
    seats: list[Seat] = field(default_factory=list)

    def seat_during(self, start: str, end: str) -> Seat | None:
        for seat in self.seats:
            if (not seat.start or seat.start <= end) and (not seat.end or seat.end >= start):
                return seat
        return None

    def party_during(self, start: str, end: str) -> str | None:
        dated = [p for p in self.party if isinstance(p, dict) and p.get("name")
                 and (not p.get("start_date") or str(p["start_date"]) <= end)
                 and (not p.get("end_date") or str(p["end_date"]) >= start)]
        chosen = dated[-1] if dated else (self.party[-1] if self.party else None)
        return str(chosen["name"]) if isinstance(chosen, dict) and chosen.get("name") else None


def _person(rec: dict[str, Any], jurisdiction_part: str) -> Person | None:
    seats = [Seat(str(r.get("type")), str(r.get("district") or ""), str(r.get("start_date") or ""),
                  str(r.get("end_date") or ""))
             for r in rec.get("roles") or []
             if isinstance(r, dict) and r.get("type") in LEGISLATIVE_ROLES
             and jurisdiction_part in str(r.get("jurisdiction") or "")]
    if not seats:
        return None
    family = norm_name(rec.get("family_name") or str(rec.get("name") or "").split()[-1:][0] if rec.get("name") else "")
    given = norm_name(rec.get("given_name") or "")
    names = {norm_name(rec.get("name") or "")}
    if given and family:
        names.add(f"{given} {family}")
    for other in rec.get("other_names") or []:
        if isinstance(other, dict) and other.get("name"):
            names.add(norm_name(other["name"]))
    names.discard("")
    initials = {n.split()[0][0] for n in names if n and " " in n and "," not in n}
    if given:
        initials.add(given[0])
    return Person(str(rec.get("id")), names, family, initials, list(rec.get("party") or []), seats)


class Directory:
    """The people of one state (current and retired), indexed for matching."""

    def __init__(self, people: list[Person]) -> None:
        self.people = people
        self.by_id = {p.id: p for p in people}
        self._pools: dict[tuple[str, str], _Pool] = {}

    @classmethod
    def load(cls, folder: Path, state: str) -> Directory:
        part = f"/state:{state}/" if state not in ("dc", "pr") else (
            "/district:dc/" if state == "dc" else "/territory:pr/")
        people: list[Person] = []
        for name in ("legislators.jsonl.gz", "retired.jsonl.gz"):
            path = folder / state / name
            if not path.is_file():
                continue
            with gzip.open(path, "rt", encoding="utf-8") as f:
                for line in f:
                    p = _person(json.loads(line), part)
                    if p is not None:
                        people.append(p)
        return cls(people)

    def match(self, name: str, person_id: str | None, chamber: str | None, start: str,
              end: str) -> tuple[Person, Seat, str] | None:
        """(person, seat, how) for one sponsor, or None when no single person fits."""
        if person_id and person_id.startswith("ocd-person/") and person_id in self.by_id:
            p = self.by_id[person_id]
            seat = p.seat_during(start, end) or p.seats[-1]
            return p, seat, "id"
        wanted = norm_name(name)
        if not wanted:
            return None
        pool = self.pool(start, end)
        chambers = [chamber] if chamber in LEGISLATIVE_ROLES else []
        for group in (*chambers, None):
            hit = pool.unique(wanted, group)
            if hit is not None:
                return hit[0], hit[1], "name"
        return None

    def pool(self, start: str, end: str) -> _Pool:
        """The people seated during [start, end], indexed by name (one index per session)."""
        key = (start, end)
        if key not in self._pools:
            self._pools[key] = _Pool([(p, s) for p in self.people if (s := p.seat_during(start, end)) is not None])
        return self._pools[key]


class _Pool:
    def __init__(self, sitting: list[tuple[Person, Seat]]) -> None:
        self.by_name: dict[str, list[tuple[Person, Seat]]] = {}
        self.by_family: dict[str, list[tuple[Person, Seat]]] = {}
        for p, s in sitting:
            for n in p.names:
                self.by_name.setdefault(n, []).append((p, s))
            self.by_family.setdefault(p.family, []).append((p, s))

    def unique(self, wanted: str, chamber: str | None) -> tuple[Person, Seat] | None:
        """The one person the normalised name designates (in `chamber`, or any), most specific first."""
        parts = wanted.split()
        # "Jim A Kofalt": the middle initial is often absent from the directory's names
        no_middle = " ".join([parts[0], *[w for w in parts[1:-1] if len(w) > 1], parts[-1]]) if len(parts) > 2 else wanted
        first_last = f"{parts[0]} {parts[-1]}" if len(parts) > 2 else wanted
        for form in dict.fromkeys((wanted, no_middle, first_last)):
            full = [(p, s) for p, s in self.by_name.get(form, []) if chamber is None or s.chamber == chamber]
            if full:
                return full[0] if len({p.id for p, _ in full}) == 1 else None
        if wanted in self.by_family:  # a compound family name alone: "Hemmingsen-Jaeger", "Ávila Farías"
            same = [(p, s) for p, s in self.by_family[wanted] if chamber is None or s.chamber == chamber]
            if same:
                return same[0] if len({p.id for p, _ in same}) == 1 else None
        family, initial = _family_and_initial(wanted)
        if family:
            same = [(p, s) for p, s in self.by_family.get(family, [])
                    if (chamber is None or s.chamber == chamber) and (not initial or initial in p.initials)]
            return same[0] if len({p.id for p, _ in same}) == 1 else None
        return self._two_surnames(parts, chamber)

    def _two_surnames(self, parts: list[str], chamber: str | None) -> tuple[Person, Seat] | None:
        """Spanish names carry two surnames ("Jeison Rosa Ramos", "Luis J. Hernández Ortiz") where the
        directory may keep one ("Jeison Rosa") or both under another given name ("Javy Hernández Ortiz",
        other name "L.J. Hernández Ortiz"). Tried in order, the first form with candidates decides:
        given + first surname; both surnames with the given name's initial; the first surname with it."""
        if len(parts) < 3:
            return None
        given, s1, s2 = parts[0], parts[-2], parts[-1]
        if len(s1) < 2:  # "Karen M. Roman": the one before last is an initial, not a surname
            return None
        tries: list[tuple[str, str]] = [(f"{given} {s1}", ""), (f"{s1} {s2}", given[0]), (s1, given[0])]
        for form, initial in tries:
            if not initial:
                found = [(p, s) for p, s in self.by_name.get(form, []) if chamber is None or s.chamber == chamber]
            else:
                found = [(p, s) for p, s in self.by_family.get(form, [])
                         if (chamber is None or s.chamber == chamber) and initial in p.initials]
            if found:
                return found[0] if len({p.id for p, _ in found}) == 1 else None
        return None


def _family_and_initial(wanted: str) -> tuple[str, str]:
    """"smith" -> (smith, ""); "smith, m" -> (smith, m); "m smith" -> (smith, m); else ("", "")."""
    if "," in wanted:
        last, _, rest = wanted.partition(",")
        rest = rest.strip()
        return last.strip(), rest[:1]
    parts = wanted.split()
    if len(parts) == 1:
        return parts[0], ""
    if len(parts) == 2 and len(parts[0]) == 1:
        return parts[1], parts[0]
    return "", ""


@cache
def directory(folder: str, state: str) -> Directory:
    return Directory.load(Path(folder), state)


def bill_chamber(record: dict[str, Any]) -> str | None:
    org = record.get("from_organization")
    if isinstance(org, dict):
        org = org.get("classification")
    if isinstance(org, str) and org.startswith("~"):
        try:
            org = json.loads(org[1:]).get("classification")
        except (ValueError, AttributeError):
            org = None
    return org if org in LEGISLATIVE_ROLES else None


def sponsor_chamber(sponsorship: dict[str, Any]) -> str | None:
    """The house a sponsorship's pupa pseudo id names ('~{"chamber": "lower", "name": "L. Johnson"}'),
    or None. Arkansas, Alaska and Utah name each sponsor's own house, which is often not the bill's: a
    Senate bill's "L. Johnson" is the House's Lee Johnson, not the Senate's Blake Johnson (whose other
    name "L.B. Johnson" gives him the initial L too)."""
    pid = sponsorship.get("person_id")
    if not isinstance(pid, str) or not pid.startswith("~"):
        return None
    try:
        chamber = json.loads(pid[1:]).get("chamber")
    except (ValueError, AttributeError):
        return None
    return chamber if chamber in LEGISLATIVE_ROLES else None


def people_directory() -> Path | None:
    """shared/people, Open States' directory that sponsors are matched against; None without it.

    One answer for the sponsor pipeline (which matches) and the Open States spider (whose raw
    fingerprints cover the directory's files): the two must read the same folder.
    """
    from statecare.config import shared_dir

    root = shared_dir(required=False)
    return root / "people" if root is not None and (root / "people").is_dir() else None


def annotate_sponsors(record: dict[str, Any], people_dir: Path) -> tuple[int, int]:
    """Write the matched person onto each person sponsorship of `record`; (matched, persons)."""
    state = str(record.get("state") or "").lower()
    if not state or not (people_dir / state).is_dir():
        return 0, 0
    info = session_info(state, str(record.get("legislative_session") or ""))
    if info.start_year is None:
        return 0, 0
    start, end = f"{info.start_year}-01-01", f"{info.end_year or info.start_year}-12-31"
    d = directory(str(people_dir), state)
    chamber = bill_chamber(record)
    matched = persons = 0
    for sp in record.get("sponsorships") or []:
        if not isinstance(sp, dict) or (sp.get("entity_type") or "person") != "person":
            continue
        persons += 1
        pid = sp.get("person_id") if isinstance(sp.get("person_id"), str) else None
        # the sponsor's own house first where the record names it, else the bill's; then any house
        hit = d.match(str(sp.get("name") or ""), pid, sponsor_chamber(sp) or chamber, start, end)
        if hit is None:
            continue
        person, seat, how = hit
        matched += 1
        sp["person_id"] = person.id
        sp["person_party"] = person.party_during(start, end)
        sp["person_district"] = seat.district
        sp["person_chamber"] = seat.chamber
        sp["person_match"] = how
    return matched, persons
