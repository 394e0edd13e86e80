"""States and territories: postal code, name, FIPS, Open Civic Data ids, one house or two.

The facts come from `openstates-metadata` (the Open States project's own table of jurisdictions,
kept current with their scrapers) rather than a hand-written table: it names every state, DC and
Puerto Rico with the same ids the Open States API and its bill JSON use. Only what that package
does not know (the tile a state takes on the map is the site's business, not a legislature fact)
lives elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import openstates_metadata


@dataclass(frozen=True)
class Jurisdiction:
    """One legislature: a state, DC or Puerto Rico."""

    code: str  # lower-case postal code, the spelling statecare stores ("wa")
    name: str
    fips: str
    jurisdiction_id: str  # ocd-jurisdiction/country:us/state:wa/government
    division_id: str  # ocd-division/country:us/state:wa
    unicameral: bool
    legislature_name: str
    chamber_names: tuple[tuple[str, str], ...]  # (classification, name): ("upper", "Senate")
    kind: str  # "state", "district", "territory" (or "other": not a US legislature)
    timezone: str = "America/New_York"  # the capital's IANA zone: what "the day" of an action means

    @property
    def abbr(self) -> str:
        return self.code.upper()

    def chamber_name(self, classification: str | None) -> str | None:
        """'upper' -> 'Senate'; a one-house legislature's name for 'legislature'."""
        return dict(self.chamber_names).get(classification or "")


def _from_metadata(st: object) -> Jurisdiction:
    chambers: list[tuple[str, str]] = []
    for attr in ("upper", "lower", "legislature"):
        ch = getattr(st, attr, None)
        if ch is not None:
            chambers.append((attr if attr != "legislature" else "legislature", ch.name))
    jid: str = st.jurisdiction_id  # type: ignore[attr-defined]
    kind = next((k for k in ("state", "district", "territory") if f"/country:us/{k}:" in jid), "other")
    return Jurisdiction(
        code=st.abbr.lower(),  # type: ignore[attr-defined]
        name=st.name,  # type: ignore[attr-defined]
        fips=st.fips,  # type: ignore[attr-defined]
        jurisdiction_id=jid,
        division_id=st.division_id,  # type: ignore[attr-defined]
        unicameral=bool(st.unicameral),  # type: ignore[attr-defined]
        legislature_name=st.legislature_name,  # type: ignore[attr-defined]
        chamber_names=tuple(chambers),
        kind=kind,
        timezone=str(getattr(st, "capital_tz", None) or "America/New_York"),
    )


TRACKED_NON_STATES: frozenset[str] = frozenset({"dc", "pr"})


@cache
def _table() -> dict[str, Jurisdiction]:
    # the 50 states, DC and Puerto Rico. openstates-metadata also lists the other territories and
    # the United States itself; Open States publishes no bills for those, so statecare tracks none
    out: dict[str, Jurisdiction] = {}
    for st in openstates_metadata.STATES_BY_ABBR.values():
        j = _from_metadata(st)
        if j.kind == "state" or j.code in TRACKED_NON_STATES:
            out[j.code] = j
    return out


JURISDICTIONS: dict[str, Jurisdiction] = _table()
STATE_CODES: frozenset[str] = frozenset(JURISDICTIONS)
STATE_NAMES: dict[str, str] = {c: j.name for c, j in JURISDICTIONS.items()}
_BY_JID: dict[str, str] = {j.jurisdiction_id: c for c, j in JURISDICTIONS.items()}
_BY_NAME: dict[str, str] = {j.name.lower(): c for c, j in JURISDICTIONS.items()}


class UnknownState(ValueError):
    """A state code or name that is not one of the 50 states, DC or Puerto Rico; the message names it."""


def check_state(code: str) -> str:
    """Lower-case postal code, or UnknownState naming the bad input."""
    c = str(code).strip().lower()
    if c not in JURISDICTIONS:
        raise UnknownState(f"unknown state code {code!r} (expected a two-letter postal code such as WA)")
    return c


def is_state(code: str | None) -> bool:
    return bool(code) and str(code).strip().lower() in JURISDICTIONS


def jurisdiction(code: str) -> Jurisdiction:
    return JURISDICTIONS[check_state(code)]


def state_name(code: str) -> str:
    """'wa' -> 'Washington'; an unknown code is shown upper-cased rather than dropped."""
    j = JURISDICTIONS.get(str(code).strip().lower())
    return j.name if j else str(code).upper()


def jurisdiction_id(code: str) -> str:
    """The OCD jurisdiction id Open States uses, e.g. ocd-jurisdiction/country:us/state:wa/government."""
    return jurisdiction(code).jurisdiction_id


def state_from_jurisdiction(jid: str | None) -> str | None:
    """'ocd-jurisdiction/country:us/state:wa/government' (or a division id) -> 'wa'; None otherwise."""
    if not jid:
        return None
    if jid in _BY_JID:
        return _BY_JID[jid]
    for part in str(jid).split("/"):
        kind, _, code = part.partition(":")
        if kind in ("state", "district", "territory") and code in JURISDICTIONS:
            return code
    return None


def state_from_name(name: str | None) -> str | None:
    """'Washington' -> 'wa' (Open States v3 `jurisdiction.name`)."""
    return _BY_NAME.get((name or "").strip().lower())


def is_bicameral(state: str | None) -> bool:
    """True unless the legislature has one house (Nebraska, DC's council)."""
    j = JURISDICTIONS.get((state or "").strip().lower())
    return not (j and j.unicameral)


def jurisdiction_object(code: str) -> dict[str, str]:
    """The compact jurisdiction object an Open States bill record carries: id, name, classification."""
    j = jurisdiction(code)
    return {"id": j.jurisdiction_id, "name": j.name, "classification": "state" if j.kind == "state" else j.kind}


def local_date(state: str | None, value: object) -> str:
    """An action's date as the legislature's calendar day (ISO 'YYYY-MM-DD').

    Scrapers write some dates as timestamps with a zone ("2025-01-14T05:00:00+00:00" is midnight
    in Washington D.C., "2025-03-02T00:07:37+00:00" is the evening of 1 March in Illinois); the day
    is read in the state capital's zone, so an action never moves to the next day and date-only
    and timestamped actions sort together. Values that are not timestamps come back unchanged.
    """
    s = str(value or "").strip()
    if len(s) <= 10 or s[10:11] not in ("T", " "):
        return s
    from datetime import datetime
    from zoneinfo import ZoneInfo

    try:
        when = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return s[:10]
    if when.tzinfo is None:
        return when.date().isoformat()
    j = JURISDICTIONS.get(str(state or "").strip().lower())
    local = when.astimezone(ZoneInfo(j.timezone if j else "America/New_York"))
    if local.hour >= 21 and local.minute == local.second == 0:
        # a whole hour shortly before midnight is a neighbouring zone's midnight (Alabama's scraper
        # writes Eastern midnights, 23:00 in Montgomery): that day, not the evening before
        from datetime import timedelta

        local += timedelta(hours=24 - local.hour)
    return local.date().isoformat()
