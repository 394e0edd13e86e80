"""US state codes and names, and the Open Civic Data ids Open States uses for them."""

from __future__ import annotations

STATE_NAMES: dict[str, str] = {
    "al": "Alabama", "ak": "Alaska", "az": "Arizona", "ar": "Arkansas", "ca": "California",
    "co": "Colorado", "ct": "Connecticut", "de": "Delaware", "dc": "District of Columbia",
    "fl": "Florida", "ga": "Georgia", "hi": "Hawaii", "id": "Idaho", "il": "Illinois",
    "in": "Indiana", "ia": "Iowa", "ks": "Kansas", "ky": "Kentucky", "la": "Louisiana",
    "me": "Maine", "md": "Maryland", "ma": "Massachusetts", "mi": "Michigan", "mn": "Minnesota",
    "ms": "Mississippi", "mo": "Missouri", "mt": "Montana", "ne": "Nebraska", "nv": "Nevada",
    "nh": "New Hampshire", "nj": "New Jersey", "nm": "New Mexico", "ny": "New York",
    "nc": "North Carolina", "nd": "North Dakota", "oh": "Ohio", "ok": "Oklahoma", "or": "Oregon",
    "pa": "Pennsylvania", "pr": "Puerto Rico", "ri": "Rhode Island", "sc": "South Carolina",
    "sd": "South Dakota", "tn": "Tennessee", "tx": "Texas", "ut": "Utah", "vt": "Vermont",
    "va": "Virginia", "wa": "Washington", "wv": "West Virginia", "wi": "Wisconsin", "wy": "Wyoming",
}


def check_state(code: str) -> str:
    """Lower-case two-letter code, or ValueError naming the bad input."""
    c = code.strip().lower()
    if c not in STATE_NAMES:
        raise ValueError(f"unknown state code {code!r} (expected a two-letter postal code such as WA)")
    return c


def jurisdiction_id(code: str) -> str:
    """The OCD jurisdiction id Open States uses, e.g. ocd-jurisdiction/country:us/state:wa/government."""
    c = check_state(code)
    kind = "district" if c == "dc" else ("territory" if c == "pr" else "state")
    return f"ocd-jurisdiction/country:us/{kind}:{c}/government"


def jurisdiction(code: str) -> dict[str, str]:
    """A compact Open States jurisdiction object for a state."""
    c = check_state(code)
    return {"id": jurisdiction_id(c), "name": STATE_NAMES[c], "classification": "state"}


def state_from_jurisdiction(jid: str) -> str | None:
    """'ocd-jurisdiction/country:us/state:wa/government' -> 'wa' (None if not a state id)."""
    for part in jid.split("/"):
        if ":" in part:
            kind, _, code = part.partition(":")
            if kind in ("state", "district", "territory") and code in STATE_NAMES:
                return code
    return None
