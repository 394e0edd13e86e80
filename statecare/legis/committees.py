"""Match a committee named in an action to Open States' committee directory (shared/people).

Legislatures write the same committee many ways: "Health Care & Wellness", "Committee on Health",
"H-Health and Human Services", "House Health Committee", "Health and Human Services (H)",
"committee on Public Health". The directory has one `name` per committee ("Health Care and
Wellness") and a few `other_names` ("House Health Care and Wellness", "Committee on ..."). Both
sides are reduced to the same key (`committee_key`): no accents, "&" -> "and", no punctuation, and
without the words that only say which house or that it is a committee. The chamber is kept apart:
a name is looked up in the action's chamber first, then among joint committees, then anywhere in
the state; more than one committee left means no match (never a guess).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# words that say which house or that this is a committee, not which committee it is
_NOISE = frozenset({"the", "committee", "committees", "com", "comm", "cmte", "on", "of", "house", "senate", "assembly",
                    "joint", "standing", "h", "s", "a", "j", "hse", "sen", "legislative"})
# house markers in front of a name: "H-Health", "S-Rules", "HHS-" is not one (letters only before '-')
_PREFIX = re.compile(r"^\s*(?:h|s|a|j)\s*-\s*", re.I)
# "(H)", "(S)", "[House]" after a name (Kentucky, Louisiana)
_SUFFIX = re.compile(r"\s*[(\[](?:h|s|house|senate)[)\]]\s*$", re.I)
# abbreviations the directory spells out (California "Com. on APPR.")
_ABBREVIATIONS = {"appr": "appropriations", "approp": "appropriations", "approps": "appropriations", "rls": "rules"}
_CHAMBER_WORD = {"house": "lower", "assembly": "lower", "senate": "upper", "joint": "legislature"}


# what follows a committee's name in some states' referral texts (after extract_committee kept it):
# Illinois "Executive Appointments;  on 10/11/2024 - and on ...", Minnesota "Rules and Administration
# for comparison with SF1758", Massachusetts "Joint Rules, reported, rules suspended and referred to
# the committee on Public Health" (the committee is the last one named)
_LAST_REFERRAL = re.compile(r"^.*\brefer(?:red|s)?\s+to\s+", re.I | re.S)
# New Hampshire "Health, Human Services and Elderly Affairs  HJ 11  P. 111" (the journal page),
# Wisconsin "Rules and referred to calendar of 5-13-2025", West Virginia "Rules on 2nd reading",
# Vermont "Appropriations per Senate Rule 31", Nevada "Health and Human Services. To printer",
# South Dakota "House Health and Human Services H.J. 163", California "APPR. suspense file"
_TAIL = re.compile(r"(?:;.*|\s+for comparison with\b.*|\s+now on general orders\b.*|\s+[HS]\.?J\.?\s+\d.*"
                   r"|\.\s+(?:to|exemption)\b.*|\.?\s+suspense file\b.*|\.?\s+with recommendation\b.*"
                   r"|\s+and referred to calendar\b.*|\s+on \d(?:st|nd|rd|th) reading\b.*"
                   r"|\s+per (?:senate|house|joint) rules?\b.*)$", re.I | re.S)
# Tennessee "s/c Health Subcommittee"; Wyoming "H10 - Labor" (the committee's number)
_HEAD = re.compile(r"^(?:s/c\s+|[HSJ]\d{1,2}\s*-\s*)", re.I)
# Washington's House Rules committee reviews bills in steps: "Rules 2 Review", "Rules Review"
_RULES_REVIEW = re.compile(r"^(rules)\s+(?:\d+\s+)?review$")


def clean_name(name: str) -> str:
    """The committee's name alone, without what some states write after it (see _TAIL)."""
    s = _LAST_REFERRAL.sub("", str(name).strip())
    return _HEAD.sub("", _TAIL.sub("", s)).strip(" .,")


def committee_key(name: str) -> str:
    """The comparison key of a committee name ("H-Health & Human Services" -> "health and human services").

    A name made only of the words dropped here keeps them: Kentucky's "Committee on Committees"."""
    s = unicodedata.normalize("NFKD", clean_name(name)).encode("ascii", "ignore").decode()
    s = _SUFFIX.sub("", _PREFIX.sub("", s))
    s = s.replace("&", " and ")
    words = re.sub(r"[^a-z0-9]+", " ", s.lower()).split()
    words = [_ABBREVIATIONS.get(w, w) for w in words]
    kept = " ".join(w for w in words if w not in _NOISE) or " ".join(w for w in words if w == "committees")
    return _RULES_REVIEW.sub(r"\1", kept)


_REFERRAL_TEXT = re.compile(r"\b(?:re-?)?refer(?:red|s|ral)?\b[^.;]*?\bto\b|\bassigned to\b|^to\s+\S", re.I)


def is_referral(description: str, classification: object) -> bool:
    """A referral to a committee: the source says so ("referral-committee"), or the text does
    (Washington files "First reading, referred to Health Care & Wellness." as a first reading only)."""
    cats = classification if isinstance(classification, list | tuple) else []
    return "referral-committee" in cats or bool(_REFERRAL_TEXT.search(str(description)))


def chamber_hint(name: str) -> str | None:
    """The chamber a name itself states ("House Health Committee" -> "lower"), if any."""
    first = re.sub(r"[^a-z]+", " ", str(name).lower()).split()[:1]
    if first and first[0] in _CHAMBER_WORD:
        return _CHAMBER_WORD[first[0]]
    m = (_PREFIX.match(str(name)) or re.match(r"^[HSJ](?=\d{1,2}\s*-)", str(name))
         or re.search(r"[(\[](h|s|house|senate)[)\]]\s*$", str(name), re.I))
    if m:
        letter = m.group(0).strip(" -([])").lower()[:1]
        return {"h": "lower", "a": "lower", "s": "upper", "j": "legislature"}.get(letter)
    return None


@dataclass(frozen=True)
class CommitteeEntry:
    """One directory committee as the matcher needs it."""

    id: str
    chamber: str  # upper | lower | legislature
    names: tuple[str, ...]  # name and other_names, as written
    subcommittee: bool = False


class CommitteeIndex:
    """The committees of one state, keyed for `match`."""

    def __init__(self, entries: Iterable[CommitteeEntry]) -> None:
        self.by_key: dict[str, list[CommitteeEntry]] = {}
        for e in entries:
            for key in {committee_key(n) for n in e.names} - {""}:
                self.by_key.setdefault(key, []).append(e)

    def match(self, name: str, chamber: str | None) -> CommitteeEntry | None:
        """The one committee `name` designates, looked for in `chamber` first; None if none or several."""
        key = committee_key(name)
        found = self.by_key.get(key)
        if not found:
            return None
        found = list({e.id: e for e in found}.values())
        if len(found) > 1:  # "Rules" of the House and of the Senate: a committee before a subcommittee
            whole = [e for e in found if not e.subcommittee]
            found = whole or found
        wanted = chamber_hint(name) or chamber
        for group in (wanted, "legislature", None):
            if group is None and wanted is not None and len(found) > 1:
                return None
            pick = [e for e in found if group is None or e.chamber == group]
            if len(pick) == 1:
                return pick[0]
            if len(pick) > 1:
                return None
        return None


# Kentucky: "to Health Services (H)", "to Banking & Insurance (S)" (the house in brackets)
_TO_COMMITTEE = re.compile(r"^to\s+(?P<name>.+?\s*\((?:H|S)\))\s*$")
# Montana: "(H) Referred to Committee - (H) Business and Labor"
_DASH_COMMITTEE = re.compile(r"\bcommittee\s*-\s*\((?P<house>[HS])\)\s*(?P<name>\S.*?)\s*$", re.I)


def action_committee_names(related_entities: object, extracted: str | None, description: str = "") -> list[str]:
    """The committee names one action gives: the source's related organizations first (Ohio's
    "House Health Committee", Georgia's "Insurance and Labor"), then the name read from the text
    (statecare.nlp's extract_committee, stored on the action; Kentucky's "to X (H)" here)."""
    names: list[str] = []
    for ent in related_entities if isinstance(related_entities, list) else []:
        if isinstance(ent, dict) and ent.get("entity_type") == "organization" and ent.get("name"):
            names.append(str(ent["name"]))
    m = _TO_COMMITTEE.match(description.strip())
    dash = _DASH_COMMITTEE.search(description)
    if m:
        names.append(m.group("name"))
    elif dash:
        names.append(f"{dash.group('name')} ({dash.group('house').upper()})")
    elif extracted:
        names.append(extracted)
    return list(dict.fromkeys(names))


def entry_from_record(rec: dict[str, object]) -> CommitteeEntry:
    """A CommitteeEntry from a people/<st>/committees.jsonl.gz record."""
    others = rec.get("other_names")
    names = [str(rec.get("name") or "")]
    names += [str(o["name"]) for o in others if isinstance(o, dict) and o.get("name")] if isinstance(others, list) else []
    return CommitteeEntry(str(rec.get("id")), str(rec.get("chamber") or "legislature"), tuple(names),
                          rec.get("classification") == "subcommittee")
