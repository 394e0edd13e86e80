"""LegiScan API (`https://api.legiscan.com/?key=..&op=..`) answered from the recorded objects.

The recordings (shared/fixtures/legiscan) are LegiScan dataset files: the bare `bill` / `text`
objects that getBill / getBillText return, without the `{"status": "OK", ...}` envelope, and one
recorded getSearch result (Colorado, 2018, "sugar") whose recorder had put the `searchresult`
content under `results`. The envelopes are built here, visibly, as LegiScan's API manual describes.

getSearch for anything but the recorded search is answered from the recorded bills: one hit per
bill of the asked state (or all states), with the hit fields copied from the bill object.
As with Open States, the query text is not evaluated (`X-Replay-Note` says so); `relevance`, which
only LegiScan's engine can compute, is left out.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from statecare.crawler.replay.openstates_v3 import read_recording

PAGE_SIZE = 50  # LegiScan's getSearch page size
Q_NOTE = "query is not evaluated by the replay: every recorded bill of the state is a hit"


class LegiscanRecordings:
    """The recorded bill, text and search objects, indexed the way the API looks them up."""

    def __init__(self, fixtures: Path, errors: list[tuple[Path, str]] | None = None) -> None:
        self.bills: dict[int, dict[str, Any]] = {}
        self.texts: dict[int, dict[str, Any]] = {}
        self.searches: dict[tuple[str, str], dict[str, Any]] = {}
        folder = fixtures / "legiscan"
        for path in sorted(folder.glob("*.json")):
            obj = read_recording(path, errors)  # an unreadable file is named in `errors`, skipped
            if not isinstance(obj, dict):
                continue
            if "bill" in obj:
                self.bills[int(obj["bill"]["bill_id"])] = obj["bill"]
            elif "text" in obj:
                self.texts[int(obj["text"]["doc_id"])] = obj["text"]
            elif "results" in obj and "getSearch" in path.name:
                # file name: ..._getSearch_searchresult_<STATE>_<YEAR>_<query>.json
                state, _year, query = path.stem.split("_searchresult_")[1].split("_", 2)
                self.searches[(state.upper(), query.lower())] = obj["results"]

    def answer(self, params: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body) for one API call."""
        def one(name: str) -> str:
            vals = params.get(name)
            return vals[-1] if vals else ""

        if not one("key"):
            # LegiScan answers a missing key with status ERROR inside HTTP 200
            return 200, {"status": "ERROR", "alert": {"message": "Missing API key"}}
        op = one("op")
        if op == "getSearch":
            return self._search(one("state").upper() or "ALL", one("query"), one("page") or "1")
        if op in ("getBill", "getBillText"):
            try:
                ident = int(one("id"))
            except ValueError:
                return 200, {"status": "ERROR", "alert": {"message": f"Invalid id for {op}"}}
            table, key = (self.bills, "bill") if op == "getBill" else (self.texts, "text")
            if ident not in table:
                return 404, {"detail": f"{op} id={ident} was not recorded"}
            return 200, {"status": "OK", key: table[ident]}
        return 404, {"detail": f"operation {op!r} was not recorded"}

    def _search(self, state: str, query: str, page_s: str) -> tuple[int, dict[str, Any]]:
        recorded = self.searches.get((state, query.strip().lower()))
        if recorded is not None:
            return 200, {"status": "OK", "searchresult": recorded}
        bills = [b for _, b in sorted(self.bills.items()) if state == "ALL" or b.get("state") == state]
        page = max(1, int(page_s)) if page_s.isdigit() else 1
        total_pages = max(1, math.ceil(len(bills) / PAGE_SIZE))
        chunk = bills[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        result: dict[str, Any] = {
            "summary": {
                "page": f"{page} of {total_pages}",
                "range": f"{(page - 1) * PAGE_SIZE + 1} - {(page - 1) * PAGE_SIZE + len(chunk)}",
                "count": len(bills),
                "page_current": page,
                "page_total": total_pages,
                "query": query,
            }
        }
        for i, b in enumerate(chunk):
            history = b.get("history") or []
            last = history[-1] if history else {}
            result[str(i)] = {
                "state": b.get("state"),
                "bill_number": b.get("bill_number"),
                "bill_id": b.get("bill_id"),
                "change_hash": b.get("change_hash"),
                "url": b.get("url"),
                "last_action_date": last.get("date"),
                "last_action": last.get("action"),
                "title": b.get("title"),
            }
        return 200, {"status": "OK", "searchresult": result}
