"""Person names as legislatures write them, reduced for comparison.

Shared by the crawl's sponsor matcher (statecare.crawler.people) and the directory loader
(statecare.db.people_io), which matches committee members the directory left without a person id:
both must reduce "Sen. José Peña" the same way, so the rule lives here, below both.
"""

from __future__ import annotations

import re
import unicodedata

_TITLES = re.compile(r"^(?:sen|senator|rep|representative|del|delegate|asm|assemblymember|assemblyman|"
                     r"assemblywoman|councilmember|hon|mr|mrs|ms|dr|speaker|president|leader)\b\.?\s*", re.I)
_SUFFIX = re.compile(r"\b(?:jr|sr|ii|iii|iv)\b\.?", re.I)
LEGISLATIVE_ROLES = frozenset({"upper", "lower", "legislature"})


def norm_name(name: str) -> str:
    """Lower case, no accents, no punctuation, no title ("Sen. José Peña" -> "jose pena")."""
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    s = s.split(" - ")[0].strip()  # Puerto Rico: "Name - Sistema Unico de Tramite Legislativo"
    while True:
        t = _TITLES.sub("", s)
        if t == s:
            break
        s = t
    s = _SUFFIX.sub(" ", s)
    s = re.sub(r"[^a-zA-Z, ]+", " ", s.replace("-", " ").replace("'", ""))
    return " ".join(s.lower().split())
