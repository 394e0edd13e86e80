"""Find version documents a source did not list, from the state's own stable URL patterns.

Open States' Minnesota records often carry no versions at all (HF 1812, the Minnesota Health
Plan, has none), yet the revisor publishes every bill's introduced text at a URL that follows from
the bill's own source URL. A version found this way is marked in its extras, so nobody mistakes it
for something the source said.
"""

from __future__ import annotations

import re
from typing import Any

_MN_REVISOR = re.compile(
    r"^https?://www\.revisor\.mn\.gov/bills/(?P<ga>\d+)/(?P<year>\d{4})/(?P<special>\d+)/(?P<type>HF|SF)/(?P<num>\d+)",
    re.I,
)


def discover_versions(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Versions to add to a record that lists none (empty when nothing is known for its state)."""
    if record.get("versions"):
        return []
    if str(record.get("state") or "").lower() == "mn":
        for src in record.get("sources") or []:
            m = _MN_REVISOR.match(str(src.get("url", "")) if isinstance(src, dict) else "")
            if m:
                url = (f"https://www.revisor.mn.gov/bills/{m['ga']}/{m['year']}/{m['special']}/"
                       f"{m['type'].upper()}/{m['num']}/versions/0/")
                return [{
                    "note": "Introduction", "date": "", "classification": "",
                    "links": [{"url": url, "media_type": "text/html"}],
                    "statecare_discovered": "revisor.mn.gov introduced version, from the bill's source URL",
                }]
    return []
