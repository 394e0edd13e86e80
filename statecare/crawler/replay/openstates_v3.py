"""Open States API v3 `/bills` answered from the recorded bills.

Two kinds of recording exist (shared/fixtures/openstates): pupa scrape output (what the Open States
scrapers emit, and what the API serves after import) and a handful of real v3 `/bills` result items.
The v3 envelope `{"results": [...], "pagination": {...}}` was not recorded, so it is built here,
visibly, as the API documentation describes it; pupa records are converted to the v3 bill shape by
`pupa_to_v3` below. Fields that neither recording carries (Open States' own `id`, `openstates_url`,
`created_at`) are left null rather than invented, and v3 has no `citations`, so they are dropped.

`updated_since` is evaluated against each bill's recorded `updated_at` (national and fixture pupa
bills: the recording pipelines' `_processing.logs_latest_update`; v3 items: as recorded), so a
re-crawl is answered as the API answers it: only the bills updated since.

What the replay does not do: evaluate `q`. Open States ranks `q` against full bill texts it holds
and the recordings are already the result of such searches, so every recorded bill of the asked
jurisdiction and session is returned for any `q` (the response says so in `X-Replay-Note`).
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from statecare.legis.states import STATE_NAMES, state_from_jurisdiction

MAX_PER_PAGE = 20  # the v3 API's own cap
DEFAULT_PER_PAGE = 10
INCLUDABLE = ("sponsorships", "abstracts", "other_titles", "other_identifiers", "actions", "sources",
              "documents", "versions", "votes", "related_bills")
Q_NOTE = "q is not evaluated by the replay: every recorded bill of the jurisdiction/session is returned"


def read_recording(path: Path, errors: list[tuple[Path, str]] | None) -> Any:
    """The JSON of one recorded file, or None (the reason appended to `errors`) when unreadable."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        if errors is None:
            raise ValueError(f"recording {path}: {exc}") from exc
        errors.append((path, f"unreadable recording ({type(exc).__name__}: {exc}); skipped"))
        return None


def _pseudo(value: Any) -> dict[str, Any] | None:
    """pupa's pseudo-id '~{"classification": "upper"}' -> {"classification": "upper"}."""
    if isinstance(value, str) and value.startswith("~"):
        try:
            obj = json.loads(value[1:])
        except ValueError:
            return None
        return obj if isinstance(obj, dict) else None
    if isinstance(value, str) and value:
        return {"id": value}
    return None


def pupa_to_v3(bill: dict[str, Any]) -> dict[str, Any]:
    """One pupa bill -> the v3 `/bills` item shape with every includable field present."""
    jur = bill.get("jurisdiction") or {}
    actions = []
    for i, a in enumerate(bill.get("actions") or []):
        actions.append({
            "organization": _pseudo(a.get("organization_id")) or {},
            "description": a.get("description", ""),
            "date": a.get("date", ""),
            "classification": list(a.get("classification") or []),
            "order": i,
            "related_entities": list(a.get("related_entities") or []),
        })
    sponsorships = []
    for s in bill.get("sponsorships") or []:
        person = _pseudo(s.get("person_id"))
        org = _pseudo(s.get("organization_id"))
        sponsorships.append({
            "name": s.get("name", ""),
            "entity_type": s.get("entity_type", "person"),
            # unresolved pupa pseudo-ids carry only a name; the API gives no `id` for them
            "person": person if s.get("entity_type", "person") == "person" and person else None,
            "organization": org,
            "primary": bool(s.get("primary")),
            "classification": s.get("classification", ""),
        })
    return {
        "id": None,
        "session": bill.get("legislative_session"),
        "jurisdiction": {k: jur.get(k) for k in ("id", "name", "classification")},
        "from_organization": _pseudo(bill.get("from_organization")) or {},
        "identifier": bill.get("identifier"),
        "title": bill.get("title", ""),
        "classification": list(bill.get("classification") or []),
        "subject": list(bill.get("subject") or []),
        "extras": dict(bill.get("extras") or {}),
        "created_at": None,
        "updated_at": recorded_updated_at(bill),
        "openstates_url": None,
        "first_action_date": None,
        "latest_action_date": None,
        "latest_action_description": None,
        "latest_passage_date": None,
        "related_bills": list(bill.get("related_bills") or []),
        "abstracts": list(bill.get("abstracts") or []),
        "other_titles": list(bill.get("other_titles") or []),
        "other_identifiers": list(bill.get("other_identifiers") or []),
        "sponsorships": sponsorships,
        "actions": actions,
        "sources": list(bill.get("sources") or []),
        "versions": [{k: v.get(k) for k in ("note", "date", "classification", "links")}
                     for v in bill.get("versions") or []],
        "documents": [{k: d.get(k) for k in ("note", "date", "classification", "links")}
                      for d in bill.get("documents") or []],
        "votes": [],
    }


def recorded_updated_at(bill: dict[str, Any]) -> str | None:
    """When the recording last saw the bill change: the pipelines' `_processing.logs_latest_update`.

    The recording pipelines re-scrape nightly and stamp a bill when its scraped record changes, which
    is what the API's `updated_at` says; a record without the stamp gets null (never invented).
    """
    proc = bill.get("_processing")
    value = proc.get("logs_latest_update") if isinstance(proc, dict) else None
    return value if isinstance(value, str) and value else None


def instant(value: Any) -> datetime | None:
    """'2025-10-25T03:14:05Z', '2026-12-07T03:50:00', '2026-12-07' -> an aware datetime (UTC when
    no zone is given, as the API reads `updated_since`); None when it is no date at all."""
    if not isinstance(value, str) or not value:
        return None
    try:
        t = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


def is_pupa_bill(obj: Any) -> bool:
    return isinstance(obj, dict) and "legislative_session" in obj and "identifier" in obj and "actions" in obj


def load_bills(fixtures: Path, errors: list[tuple[Path, str]] | None = None) -> list[dict[str, Any]]:
    """Every recorded bill as a v3 item: pupa files converted, v3 result items as recorded.

    Vote-event and action-log files in the same folders are not bills and are skipped. A file that
    cannot be read (a truncated recording) is skipped too and appended to `errors` with the reason,
    so one bad file costs its own bills and is named, instead of ending the whole replay crawl.
    """
    items: list[dict[str, Any]] = []
    for path in sorted((fixtures / "openstates").glob("*/*.json")):
        obj = read_recording(path, errors)
        if obj is None:
            continue
        if isinstance(obj, list):  # recorded v3 `results` items
            items.extend(x for x in obj if isinstance(x, dict))
        elif is_pupa_bill(obj):
            items.append(pupa_to_v3(obj))
    items.sort(key=lambda b: ((b.get("jurisdiction") or {}).get("id") or "", b.get("session") or "",
                              b.get("identifier") or ""))
    return items


def _updated_at(item: Any) -> datetime | None:
    return instant(item.get("updated_at") if isinstance(item, dict) else item.updated_at)


def _keys(item: Any) -> tuple[str, str, str]:
    """(jurisdiction id, session, identifier) of a v3 item or of a packed national bill."""
    if isinstance(item, dict):
        return ((item.get("jurisdiction") or {}).get("id") or "", item.get("session") or "",
                item.get("identifier") or "")
    return item.jurisdiction_id, item.session, item.identifier


def _matches_jurisdiction(item: Any, wanted: str) -> bool:
    jid = _keys(item)[0]
    code = state_from_jurisdiction(jid)
    w = wanted.strip().lower()
    return w in (jid.lower(), (code or ""), STATE_NAMES.get(code or "", "").lower())


def _filter(items: list[Any], jurisdiction: str | None, session: str | None,
            identifier: str | None, updated_since: datetime | None = None) -> list[Any]:
    """The items the API would return. `identifier` is compared normalised ("HB3287" = "HB 3287"), as
    the API does; `updated_since` keeps items updated at or after it, and items whose recording has
    no date (the replay cannot tell they are older, so it does not hide them)."""
    from statecare.legis.identifiers import identifier_key

    want = identifier_key(identifier) if identifier else None
    out = []
    for b in items:
        if jurisdiction and not _matches_jurisdiction(b, jurisdiction):
            continue
        if session and _keys(b)[1] != session:
            continue
        if want is not None and identifier_key(_keys(b)[2]) != want:
            continue
        if updated_since is not None:
            at = _updated_at(b)
            if at is not None and at < updated_since:
                continue
        out.append(b)
    return out


def merge(recorded: list[dict[str, Any]], national: list[Any], recorded_docs: set[tuple[str, str, str]],
          key_of_url: Any) -> list[Any]:
    """The fixtures' items and the national recording's bills, one per bill: the richer record wins.

    The same bill can be in both (MA S 860 is a fixture with its text, and a national bill); two
    records of one bill would be two bills in the database. Richness: versions whose text the
    replay can serve, then actions, versions, sponsors, abstracts.
    """
    from statecare.legis.identifiers import identifier_key

    best: dict[tuple[str, str, str], tuple[tuple[int, ...], Any]] = {}
    for item in recorded:
        jid, session, ident = _keys(item)
        served = sum(1 for v in item.get("versions") or [] if isinstance(v, dict)
                     and any(key_of_url(str(lk.get("url") or "")) in recorded_docs
                             for lk in v.get("links") or [] if isinstance(lk, dict)))
        rich = (served, len(item.get("actions") or []), len(item.get("versions") or []),
                len(item.get("sponsorships") or []), len(item.get("abstracts") or []))
        k = (jid, session, identifier_key(ident))
        if k not in best or rich > best[k][0]:
            best[k] = (rich, item)
    for packed in national:
        k = (packed.jurisdiction_id, packed.session, identifier_key(packed.identifier))
        if k not in best or packed.richness > best[k][0]:
            best[k] = (packed.richness, packed)
    out = [item for _, item in best.values()]
    out.sort(key=lambda b: (_keys(b)[0], _keys(b)[1], _keys(b)[2]))
    return out


def search(items: list[Any], params: dict[str, list[str]],
           cache: dict[tuple[Any, ...], list[Any]] | None = None) -> tuple[int, dict[str, Any]]:
    """Answer GET /bills: (HTTP status, JSON body) in the documented v3 envelope.

    `cache` keeps the filtered list per (jurisdiction, session, identifier), so paging through
    tens of thousands of bills does not re-filter them for every page.
    """
    def one(name: str) -> str | None:
        vals = params.get(name)
        return vals[-1] if vals else None

    jurisdiction, session, q = one("jurisdiction"), one("session"), one("q")
    if not jurisdiction and not q:
        return 400, {"detail": "either jurisdiction or q required"}
    try:
        page = int(one("page") or 1)
        per_page = int(one("per_page") or DEFAULT_PER_PAGE)
    except ValueError:
        return 400, {"detail": "page and per_page must be integers"}
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        return 400, {"detail": f"invalid page or per_page (max {MAX_PER_PAGE})"}
    includes: set[str] = set()
    for inc in params.get("include", []):
        includes.update(x for x in inc.split(",") if x)
    unknown = includes - set(INCLUDABLE)
    if unknown:
        return 400, {"detail": f"invalid include: {sorted(unknown)}"}

    since_text = one("updated_since")
    since = instant(since_text) if since_text else None
    if since_text and since is None:
        return 400, {"detail": "updated_since must be a date or datetime (ISO 8601)"}
    key = (id(items), len(items), jurisdiction, session, one("identifier"), since)
    hits = cache.get(key) if cache is not None else None
    if hits is None:
        hits = _filter(items, jurisdiction, session, one("identifier"), since)
        if cache is not None:
            cache[key] = hits
    total = len(hits)
    max_page = max(1, math.ceil(total / per_page))
    results = []
    for b in hits[(page - 1) * per_page: page * per_page]:
        if not isinstance(b, dict):
            b = b.unpack()  # a national bill, converted from pupa when it was loaded
        if "actions" not in b:
            results.append(b)  # a recorded v3 item: served exactly as recorded
        else:
            # a converted pupa bill: fields not asked for in include= are not sent, as the API does
            results.append({k: v for k, v in b.items() if k not in INCLUDABLE or k in includes})
    return 200, {
        "results": results,
        "pagination": {"per_page": per_page, "page": page, "max_page": max_page, "total_items": total},
    }


def search_events(events: list[dict[str, Any]], params: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
    """v3 `/events`: the given events of the asked jurisdiction, paginated as `/bills` is.

    `require_bills` is evaluated; `after`/`before` are not, as `action_since` and `q` are not for
    `/bills` (the recordings are from earlier sessions than today's window); `include` is not
    either (the events carry agenda and participants already).
    """
    def one(name: str) -> str | None:
        vals = params.get(name)
        return vals[-1] if vals else None

    jurisdiction = one("jurisdiction")
    if not jurisdiction:
        return 400, {"detail": "jurisdiction is required"}
    hits = [e for e in events if _matches_jurisdiction(e, jurisdiction)]
    if (one("require_bills") or "").lower() == "true":
        hits = [e for e in hits if any(r.get("entity_type") == "bill" for a in e.get("agenda") or []
                                       for r in a.get("related_entities") or [])]
    try:
        page = max(1, int(one("page") or 1))
        per_page = min(MAX_PER_PAGE, max(1, int(one("per_page") or DEFAULT_PER_PAGE)))
    except ValueError:
        return 400, {"detail": "page and per_page must be integers"}
    max_page = max(1, math.ceil(len(hits) / per_page))
    return 200, {"results": hits[(page - 1) * per_page: page * per_page],
                 "pagination": {"per_page": per_page, "page": page, "max_page": max_page, "total_items": len(hits)}}
