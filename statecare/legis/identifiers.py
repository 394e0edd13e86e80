"""Bill identifiers: ONE normaliser for storage, URLs, related-bill links, search and digests.

Scrapers spell the same bill many ways ("SB00188", "SB 188", "sb188", "S.B. 188"); statecare keeps
Open States' convention -- letters, one space, the number without leading zeros ("SB 188") -- and
derives every other spelling (the URL slug "SB188", the comparison key) from that one form, so no
two places can disagree about whether two spellings are one bill.
"""

from __future__ import annotations

import re

_ID_RE = re.compile(r"^\s*([A-Za-z]+(?:\.?\s?[A-Za-z]+)*)[\s.]*0*(\d+[A-Za-z0-9.\-]*)\s*$")
# an identifier already in the plain normal form "SB 188" (capital letters, one space, a number
# without leading zeros): its compact form "SB188" normalises back to it, so it is its own slug
_PLAIN_NORMAL_RE = re.compile(r"[A-Z]+ [1-9][0-9]*")


def normalize_identifier(raw: str) -> str:
    """Open States' identifier convention: letters, one space, the number without leading zeros.

    "AB1900" -> "AB 1900", "S.860" -> "S 860", "sjm 8004" -> "SJM 8004", "HB0002" -> "HB 2",
    "H.R. 12" -> "HR 12". Anything without that shape is kept, upper-cased and space-collapsed.
    """
    s = " ".join(str(raw).split())
    m = _ID_RE.match(s)
    if not m:
        return s.upper()
    prefix = re.sub(r"[\s.]", "", m.group(1)).upper()
    return f"{prefix} {m.group(2).upper()}"


def identifier_key(raw: str) -> str:
    """The comparison key of an identifier: its normal form without spaces ("SB 188" -> "SB188")."""
    return normalize_identifier(raw).replace(" ", "")


def same_bill(a: str, b: str) -> bool:
    """True when two spellings name one bill ("SB00188", "sb 188")."""
    return identifier_key(a) == identifier_key(b)


def identifier_slug(identifier: str) -> str:
    """The identifier as it appears in a URL: "SB 188" -> "SB188".

    The compact form is used only when it normalises back to the same identifier, so a URL always
    leads to the bill it was made from (an identifier that is not letters-and-number keeps its own
    spelling and is percent-encoded by the URL builder).
    """
    compact = identifier.replace(" ", "")
    if _PLAIN_NORMAL_RE.fullmatch(identifier):  # nearly every bill: skip the round trip (search lists 20 a page)
        return compact
    return compact if normalize_identifier(compact) == identifier else identifier


def identifier_prefix(identifier: str) -> str:
    """The letters before the number ("HJR 12" -> "HJR"): the kind of measure, read by `measures`."""
    ident = re.sub(r"[\s.]", "", identifier or "").upper()
    m = re.match(r"^[A-Z]+", ident)
    return m.group(0) if m else ""
