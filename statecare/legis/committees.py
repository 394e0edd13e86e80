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
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# words that say which house or that this is a committee, not which committee it is
_NOISE = frozenset({"the", "committee", "committees", "com", "comm", "cmte", "on", "of", "house", "senate", "assembly",
                    "joint", "standing", "h", "s", "a", "j", "hse", "sen", "legislative"})
# house markers in front of a name: "H-Health", "S-Rules", "HHS-" is not one (letters only before '-')
_LETTERS = frozenset({"h", "s", "a", "j"})
_PREFIX = re.compile(r"^\s*(?:h|s|a|j)\s*-\s*", re.I)
# "(H)", "(S)", "[House]" after a name (Kentucky, Louisiana)
_SUFFIX = re.compile(r"\s*[(\[](?:h|s|house|senate)[)\]]\s*$", re.I)
# abbreviations the directory spells out (California "Com. on APPR.")
_ABBREVIATIONS = {"appr": "appropriations", "approp": "appropriations", "approps": "appropriations", "rls": "rules",
                  "hlth": "health", "jud": "judiciary", "govt": "government", "gov": "government",
                  "govtl": "governmental", "hum": "human", "svcs": "services", "serv": "services",
                  "ins": "insurance", "educ": "education", "fin": "finance", "trans": "transportation",
                  "nat": "natural", "res": "resources", "pub": "public", "env": "environment"}
_CHAMBER_WORD = {"house": "lower", "assembly": "lower", "senate": "upper", "joint": "legislature"}


# what follows a committee's name in some states' referral texts (after extract_committee kept it):
# Illinois "Executive Appointments;  on 10/11/2024 - and on ...", Minnesota "Rules and Administration
# for comparison with SF1758", Massachusetts "Joint Rules, reported, rules suspended and referred to
# the committee on Public Health" (the committee is the last one named)
_LAST_REFERRAL = re.compile(r"^.*\brefer(?:red|s)?\s+to\s+", re.I | re.S)
# New Hampshire "Health, Human Services and Elderly Affairs  HJ 11  P. 111" (the journal page),
# Wisconsin "Rules and referred to calendar of 5-13-2025", West Virginia "Rules on 2nd reading",
# Vermont "Appropriations per Senate Rule 31", Nevada "Health and Human Services. To printer",
# South Dakota "House Health and Human Services H.J. 163", California "APPR. suspense file", Tennessee
# "Senate Finance, Ways & Means Committee w/ recommendation" (the committee's report on the way)
_TAIL = re.compile(r"(?:;.*|\s+for comparison with\b.*|\s+now on general orders\b.*|\s+[HS]\.?J\.?\s+\d.*"
                   r"|\.\s+(?:to|exemption)\b.*|\.?\s+suspense file\b.*|\.?\s+w(?:ith|/)\s+(?:negative\s+)?recommendation\b.*"
                   r"|\s+and referred to calendar\b.*|\s+on \d(?:st|nd|rd|th) reading\b.*"
                   r"|\s+per (?:senate|house|joint) rules?\b.*"
                   # Oklahoma "Health and Human Services Committee then to Appropriations" (the first holds
                   # it); Tennessee "Senate Calendar Committee Ayes 9, Nays 0 PNV 0" (the vote)
                   r"|\s+then to\b.*|\s+ayes\s+\d.*|\.?\s+pursuant to\b.*)$", re.I | re.S)
# Tennessee "s/c Health Subcommittee"; Wyoming "H10 - Labor" (the committee's number)
_NUMBERED = re.compile(r"^[HSJ](\d{1,2})\s*-\s*\S", re.I)
_HEAD = re.compile(r"^(?:s/c\s+|[HSJ]\d{1,2}\s*-\s*)", re.I)
# Washington's House Rules committee reviews bills in steps: "Rules 2 Review", "Rules Review"
_RULES_REVIEW = re.compile(r"^(rules)\s+(?:\d+\s+)?review$")


def clean_name(name: str) -> str:
    """The committee's name alone, without what some states write after it (see _TAIL)."""
    s = _LAST_REFERRAL.sub("", str(name).strip())
    return _HEAD.sub("", _TAIL.sub("", s)).strip(" .,")


def committee_key(name: str, letters: bool = False) -> str:
    """The comparison key of a committee name ("H-Health & Human Services" -> "health and human services").

    A name made only of the words dropped here keeps them: Kentucky's "Committee on Committees".
    `letters` keeps single letters ("PUB. S." -> "public s", for initials matching; otherwise a lone
    "H"/"S" is a house marker)."""
    s = unicodedata.normalize("NFKD", clean_name(name)).encode("ascii", "ignore").decode()
    s = _SUFFIX.sub("", _PREFIX.sub("", s))
    s = s.replace("&", " and ").replace("'", "").replace("\u2019", "")
    words = re.sub(r"[^a-z0-9]+", " ", s.lower()).split()
    words = [_ABBREVIATIONS.get(w, w) for w in words]
    noise = _NOISE - _LETTERS if letters else _NOISE
    kept = " ".join(w for w in words if w not in noise) or " ".join(w for w in words if w == "committees")
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
    numbers: frozenset[str] = frozenset()  # the legislature's committee numbers (see committee_numbers)


# "s/c Health Subcommittee", "Appropriations and Budget Health Subcommittee", "General Subcommittee of
# Senate Health and Welfare", "Appr/Sub-Health and Human Services": a subcommittee's own name
_SUBCOMMITTEE_OF = re.compile(r"^.*?\bsub-?committee\s+(?:of|on)\s+(?:the\s+)?", re.I)
_SUBCOMMITTEE_WORD = re.compile(r"\b(?:sub-?committee|sub)\b", re.I)


def parent_names(name: str) -> list[str]:
    """Names of the committee a subcommittee belongs to, for directories that list no subcommittees.

    "General Subcommittee of Senate Health and Welfare" -> "Senate Health and Welfare";
    "s/c Health Subcommittee" -> "Health" (Tennessee's Health Subcommittee is the Health Committee's);
    "Appropriations and Budget Health Subcommittee" -> itself without the word, left to prefix matching
    ("Appropriations and Budget" is the parent). Empty when the name is not a subcommittee's."""
    s = clean_name(name)
    if not _SUBCOMMITTEE_WORD.search(s):
        return []
    out = []
    of = _SUBCOMMITTEE_OF.sub("", s)
    if of != s:
        out.append(of)
    out.append(" ".join(_SUBCOMMITTEE_WORD.sub(" ", s).replace("/", " ").split()))
    return [n for n in out if committee_key(n)]


_SEVERAL = re.compile(r"^\s*(?:coms\.?|committees)\s+on\s+(?P<rest>.+)$", re.I)


def _first_of_several(name: str) -> list[str]:
    """California's "Coms. on JUD. and B. & F.I." names two committees; the first holds the bill first.
    Every cut at an " and " is offered, shortest first; `match` keeps the first that resolves."""
    m = _SEVERAL.match(clean_name(name))
    if not m:
        return []
    parts = re.split(r"\s+and\s+", m.group("rest"))
    return [" and ".join(parts[:i]) for i in range(1, len(parts))]


def _words(key: str) -> list[str]:
    return [w for w in key.split() if w != "and"]


def _is_word_prefix(short: list[str], long: list[str]) -> bool:
    """"energy" of "energy special": every word of `short`, in order, starts `long`."""
    return 0 < len(short) < len(long) and long[:len(short)] == short


def _names_first(directory: list[str], written: list[str]) -> bool:
    """Maryland's "Health and Government Operations" is the directory's "Health": the directory's name
    followed by "and" (Florida's "Agriculture, Environment, and General Government" is not "Agriculture")."""
    n = len(directory)
    return 0 < n < len(written) - 1 and written[:n] == directory and written[n] == "and"


def _is_initialism(short: list[str], long: list[str]) -> bool:
    """California's "B. & F. R." / "PUB. S." / "REV. & TAX": each written piece starts the directory's
    word in the same place, and the counts agree (letters alone say too little to allow more)."""
    return len(short) == len(long) and any(len(a) < len(b) for a, b in zip(short, long, strict=True)) and all(
        b.startswith(a) for a, b in zip(short, long, strict=True))


def _unqualified(words: list[str]) -> list[str]:
    """The name without the kind of committee: Tennessee's "Senate Calendar Committee" is the directory's
    "Select Calendar"."""
    return [w for w in words if w not in ("select", "special", "and")]


class CommitteeIndex:
    """The committees of one state, keyed for `match`."""

    def __init__(self, entries: Iterable[CommitteeEntry]) -> None:
        self.by_key: dict[str, list[CommitteeEntry]] = {}
        self.entries = list(entries)
        for e in self.entries:
            for key in {committee_key(n) for n in e.names} - {""}:
                self.by_key.setdefault(key, []).append(e)

    def match(self, name: str, chamber: str | None) -> CommitteeEntry | None:
        """The one committee `name` designates, looked for in `chamber` first; None if none or several.

        Tried in order, each only when the one before found nothing: the exact key; the key with
        common abbreviations written out letter by letter (`_is_initialism`); one name the other's
        leading words ("H10 - Labor" -> "Labor, Health and Social Services", Maryland's "Health and
        Government Operations" -> "Health"); the same words but "Select"/"Special"; then, for a subcommittee, the same for its parent's name."""
        wanted = chamber_hint(name) or chamber
        key = committee_key(name)
        found = self.by_key.get(key)
        if found:
            return self._decide(found, wanted)
        numbered = _NUMBERED.match(str(name).strip())
        if numbered:
            words = _words(key)
            same = [e for e in self.entries if numbered.group(1).lstrip("0") in e.numbers
                    and (wanted is None or e.chamber in (wanted, "legislature"))
                    and any(_words(committee_key(n))[:len(words)] == words for n in e.names)]
            if len(same) == 1:
                return same[0]
        hit = self._loose(committee_key(name, letters=True), wanted)
        if hit is not None:
            return hit
        for parent in [*parent_names(name), *_first_of_several(name)]:
            pkey = committee_key(parent)
            if pkey in self.by_key:  # never the other house's committee of that name
                return self._decide(self.by_key[pkey], chamber_hint(parent) or wanted, strict=True)
            hit = self._loose(pkey, chamber_hint(parent) or wanted, parent=True)
            if hit is not None:
                return hit
        return None

    def _loose(self, key: str, wanted: str | None, parent: bool = False) -> CommitteeEntry | None:
        """The one committee whose key agrees with `key` by initials or by leading words, in the
        action's house (or, for initials, a joint committee): a loose likeness never crosses houses.
        For a subcommittee (`parent`), a committee whose whole name starts the subcommittee's is its
        parent (Oklahoma's "Appropriations and Budget Health Subcommittee")."""
        written = key.split()
        if len("".join(_words(key))) < 2:
            return None
        tests: list[tuple[Callable[[list[str], list[str]], bool], tuple[str, ...]]] = [
            (lambda a, b: _is_initialism(_words(" ".join(a)), _words(" ".join(b))), ("legislature",))]
        if len("".join(_words(key))) >= 4:  # "Labor", not "ED"
            tests.append((lambda a, b: _is_word_prefix(a, b) or _names_first(b, a)
                          or (parent and _is_word_prefix(b, a)), ()))
            tests.append((lambda a, b: _unqualified(a) == _unqualified(b) != [], ()))
        for test, also in tests:
            found = [e for k, es in self.by_key.items() if test(written, k.split()) for e in es
                     if wanted is None or e.chamber in (wanted, *also)]
            if found:
                return self._decide(found, wanted, strict=True)
        return None

    @staticmethod
    def _decide(found: list[CommitteeEntry], wanted: str | None, strict: bool = False) -> CommitteeEntry | None:
        found = list({e.id: e for e in found}.values())
        if len(found) > 1:  # "Rules" of the House and of the Senate: a committee before a subcommittee
            whole = [e for e in found if not e.subcommittee]
            found = whole or found
        for group in (wanted, "legislature", None):
            if group is None and wanted is not None and (len(found) > 1 or strict):
                return None
            pick = [e for e in found if group is None or e.chamber == group]
            if len(pick) == 1:
                return pick[0]
            if len(pick) > 1:
                return None
        return None


# what a referral can be "to" that is no committee: Idaho "enrolling", "JRA for Printing", "10th order";
# Utah "staff for fiscal analysis"; Wisconsin "calendar of 5-13-2025"; consent calendars. Such actions
# do not count as referrals: the bill's committee is that of the referral before.
_NOT_COMMITTEE = re.compile(r"^(?:enroll(?:ing|ment)\b|engross(?:ing|ment)\b|\w+ for (?:printing|engrossing|enrolling)|\d+(?:st|nd|rd|th) order"
                            r"|staff for\b|committee of the whole\b|(?:the\s+)?calendar of\b|rules of the day\b|.*\bconsent calendar\b"
                            r"|(?:the\s+)?(?:general|third reading|second reading) (?:file|orders?)\b)", re.I)
# California's suspense file is the Appropriations committee's: "Placed on APPR. suspense file."
_SUSPENSE = re.compile(r"\b(?:placed on|referred to)\s+(?P<name>[A-Z][A-Z.& ]*?\.?)?\s*suspense file\b", re.I)


def is_committee_name(name: str) -> bool:
    """False for referral targets that are steps of the process, not committees (see _NOT_COMMITTEE)."""
    return bool(committee_key(name)) and not _NOT_COMMITTEE.match(clean_name(name))


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
    suspense = _SUSPENSE.search(description)
    if suspense:
        names.append((suspense.group("name") or "").strip() or "Appropriations")
    elif m:
        names.append(m.group("name"))
    elif dash:
        names.append(f"{dash.group('name')} ({dash.group('house').upper()})")
    elif extracted:
        names.append(extracted)
    return [n for n in dict.fromkeys(names) if is_committee_name(n)]


_URL_NUMBER = re.compile(r"/[HSJ]0*(\d{1,2})/?$", re.I)


def committee_numbers(links: object) -> frozenset[str]:
    """The committee numbers the legislature's own addresses carry: Wyoming's ".../Committees/2025/J10"
    is committee 10, which its actions call "H10 - Labor" and "S10 - Labor"."""
    urls = [str(lk.get("url") or "") for lk in links if isinstance(lk, dict)] if isinstance(links, list) else []
    return frozenset(m.group(1) for u in urls if (m := _URL_NUMBER.search(u)))


def entry_from_record(rec: dict[str, object]) -> CommitteeEntry:
    """A CommitteeEntry from a people/<st>/committees.jsonl.gz record."""
    others = rec.get("other_names")
    names = [str(rec.get("name") or "")]
    names += [str(o["name"]) for o in others if isinstance(o, dict) and o.get("name")] if isinstance(others, list) else []
    return CommitteeEntry(str(rec.get("id")), str(rec.get("chamber") or "legislature"), tuple(names),
                          rec.get("classification") == "subcommittee", committee_numbers(rec.get("links")))
