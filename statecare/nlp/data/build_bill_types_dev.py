"""Rebuild `bill_types_dev.csv` from the hand labels and the recorded real bills.

Why a script: the labels (`bill_types_labels.csv`: state, session, identifier, label, reason) are
ours, written by reading each bill; the titles and summaries are public records that live in
../shared/fixtures and must not be copied by hand. This script joins the two, naming for every row
the shared file its title/summary came from, so the development set can be rebuilt and audited.

Sources (all under shared/fixtures):
  labels/ny_health_insurance_bills_status_actions_2019-2023.csv  (NY Open Legislation, title+summary)
  labels/ny_2025_all_bills_status_titles.csv                     (NY 2025, title only)
  ny_openleg_derived/*.json                                      (NY Open Legislation, Title+Summary)
  openstates/**/*.json                                           (Open States bills, title+abstracts)
  legiscan/legiscanrr_dataset_bill_*.json                        (LegiScan, CC BY 4.0)

Run: python -m statecare.nlp.data.build_bill_types_dev
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from statecare.config import fixtures_dir

HERE = Path(__file__).resolve().parent
LABELS = HERE / "bill_types_labels.csv"
OUT = HERE / "bill_types_dev.csv"
COLUMNS = ["state", "session", "identifier", "title", "summary", "label", "reason", "source"]

Key = tuple[str, str, str]


def _key(state: str, session: str, identifier: str) -> Key:
    """Sources write "HB 1445" or "HB1445"; compare without spaces and case."""
    return (state.lower(), session, identifier.replace(" ", "").upper())


def _records(fx: Path) -> dict[Key, tuple[str, str, str]]:
    """Every recorded bill as key -> (title, summary, source file relative to fixtures)."""
    recs: dict[Key, tuple[str, str, str]] = {}
    p = fx / "labels" / "ny_2025_all_bills_status_titles.csv"
    with p.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            recs[_key("ny", r["session"], r["print_no"])] = (r["title"], "", str(p.relative_to(fx)))
    p = fx / "labels" / "ny_health_insurance_bills_status_actions_2019-2023.csv"
    with p.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            recs[_key("ny", r["session"], r["print_no"])] = (r["title"], r["summary"], str(p.relative_to(fx)))
    for p in sorted((fx / "ny_openleg_derived").glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        recs[_key("ny", str(d["Session"]), d["PrintNo"])] = (
            d.get("Title") or "", d.get("Summary") or "", str(p.relative_to(fx)))
    for p in sorted((fx / "openstates").rglob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        items = d if isinstance(d, list) else [d]
        for it in items:
            if not isinstance(it, dict) or "title" not in it or "identifier" not in it:
                continue
            state = p.parent.name if p.parent.name != "api_v3" else "ny"
            session = it.get("legislative_session") or it.get("session") or ""
            abstracts = " ".join(a.get("abstract", "") for a in it.get("abstracts") or [])
            recs[_key(state, session, it["identifier"])] = (it["title"], abstracts, str(p.relative_to(fx)))
    for p in sorted((fx / "legiscan").glob("legiscanrr_dataset_bill_*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        b = d.get("bill", d)
        recs[_key(b["state"], b["session"]["session_name"], b["bill_number"])] = (
            b.get("title") or "", b.get("description") or "", str(p.relative_to(fx)) + " (LegiScan)")
    return recs


def build(fx: Path | None = None, out: Path = OUT) -> int:
    """Write the development set; returns the number of rows. Fails naming any unknown bill."""
    fx = fx or fixtures_dir()
    recs = _records(fx)
    rows = []
    with LABELS.open(newline="", encoding="utf-8") as f:
        for lab in csv.DictReader(f):
            key = _key(lab["state"], lab["session"], lab["identifier"])
            if key not in recs:
                raise KeyError(f"{LABELS.name}: no recorded bill {key} in {fx}")
            title, summary, src = recs[key]
            rows.append({**lab, "title": title, "summary": summary, "source": src})
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in COLUMNS})
    return len(rows)


if __name__ == "__main__":
    print(f"wrote {build()} rows to {OUT}")
