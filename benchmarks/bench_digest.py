"""Digest throughput: selection + rendering for 100,000 subscribers, and sending to loopback SMTP.

The week of events is real: for each recorded action table in shared/fixtures/labels (WA 2025-26,
MA 194th, MN 2025-26 with Open States' own action categories; NY health/insurance bills 2019-2023
with titles and summaries) the busiest 7-day window of actions is replayed as events -- a
`new_bill` for each bill whose first action falls in the window, a `new_action` per action, and a
`stage_change` where the lead's stage machine (statecare.nlp.stage.machine.derive_stage) puts the bill
somewhere else after the window than before it. NY actions are categorised by the project's action
classifier, NY bills typed by its policy-type classifier from title + summary; bills in the
project's hand labels get their label. WA/MA/MN rows carry no titles, so those bills stay
unclassified unless hand-labelled (as they would be until classify reads them).

Subscribers have varied filters (seeded random): all or 1-3 states, the default or chosen policy
types, a saved search for some. Target: selection + rendering for all of them in <= 60 s.

Run: .venv/bin/python benchmarks/bench_digest.py [--subscribers N] [--send N]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select

from statecare.config import PROJECT_ROOT, fixtures_dir
from statecare.db.engine import make_engine
from statecare.db.models import Bill, Event, SearchDoc, Subscriber
from statecare.db.schema import create_all
from statecare.digest.sender import (
    Planner,
    load_pending,
    load_subscribers,
    manage_urls,
    run_send,
    wants_empty,
)
from statecare.digest.settings import DigestSettings
from statecare.legis.identifiers import normalize_identifier
from statecare.nlp.stage.machine import StageInputError, derive_stage

LABELS = PROJECT_ROOT / "statecare" / "nlp" / "data" / "bill_types_labels.csv"
OS_TABLES = {
    "wa": "wa_2025-2026_openstates_action_classifications.csv",
    "ma": "ma_194th_openstates_action_classifications.csv",
    "mn": "mn_2025-2026_openstates_action_classifications.csv",
}
NY_TABLE = "ny_health_insurance_bills_status_actions_2019-2023.csv"
SAVED_SEARCHES = ["medicaid", "public option", "prescription drug", "mental health", "insurance",
                  "hospital", "single payer", "nursing home", "dental", "health plan", "telehealth", "waiver"]
MAP_CHAMBER = {"SENATE": "upper", "ASSEMBLY": "lower"}


def busiest_week(days: list[str]) -> tuple[str, str]:
    """The 7-day window [start, end] with the most actions."""
    counts: dict[str, int] = defaultdict(int)
    for d in days:
        counts[d] += 1
    best, best_n = days[0], -1
    for d in sorted(counts):
        start = date.fromisoformat(d)
        n = sum(counts.get((start + timedelta(days=i)).isoformat(), 0) for i in range(7))
        if n > best_n:
            best, best_n = d, n
    return best, (date.fromisoformat(best) + timedelta(days=6)).isoformat()


def read_labels() -> dict[tuple[str, str], str]:
    out = {}
    with LABELS.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out[(r["state"], normalize_identifier(r["identifier"]))] = r["label"]
    return out


def openstates_bills(fx: Path) -> list[dict[str, Any]]:
    """WA/MA/MN: one dict per bill with its actions (Open States categories from the table)."""
    bills = []
    for st, name in OS_TABLES.items():
        by_bill: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        with (fx / "labels" / name).open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                by_bill[(r["session"], r["bill"])].append({
                    "date": r["date"][:10], "description": r["description"], "chamber": r["chamber"],
                    "classification": [c for c in r["classification"].split("|") if c]})
        for (sess, ident), acts in by_bill.items():
            bills.append({"state": st, "session": sess, "identifier": normalize_identifier(ident), "title": "",
                          "summary": "", "actions": acts})
    return bills


def ny_bills(fx: Path) -> list[dict[str, Any]]:
    from statecare.nlp.actions.classifier import classify_actions

    bills = []
    with (fx / "labels" / NY_TABLE).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        acts = []
        for part in r["actions"].split(" ;; "):
            bits = part.split("|", 2)
            if len(bits) == 3:
                acts.append({"date": bits[0][:10], "description": bits[2], "chamber": MAP_CHAMBER.get(bits[1], bits[1])})
        if not acts:
            continue
        sess = f"{r['session']}-{int(r['session']) + 1}"
        bills.append({"state": "ny", "session": sess, "identifier": normalize_identifier(r["print_no"]),
                      "title": r["title"], "summary": r["summary"], "actions": acts})
    # one batch per bill: the classifier reads a bill's actions together
    for b in bills:
        cats = classify_actions([a["description"] for a in b["actions"]], "ny", [a["chamber"] for a in b["actions"]])
        for a, c in zip(b["actions"], cats, strict=True):
            a["classification"] = list(c)
    return bills


def stage_of(actions: list[dict[str, Any]]) -> str | None:
    if not actions:
        return None
    try:
        return derive_stage(actions).stage
    except StageInputError:
        return None


def build_week(engine: Engine) -> dict[str, Any]:
    """Insert the window's bills and events; return counts and the event id range."""
    from statecare.nlp.policy_type.classifier import classify_bill

    fx = fixtures_dir()
    labels = read_labels()
    t0 = time.perf_counter()
    sources = {"wa/ma/mn": openstates_bills(fx), "ny": ny_bills(fx)}
    windows, bill_rows, events = {}, [], []
    for _name, bills in sources.items():
        by_state: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for b in bills:
            by_state[b["state"]].append(b)
        for st, group in by_state.items():
            start, end = busiest_week([a["date"] for b in group for a in b["actions"] if a["date"]])
            windows[st] = (start, end)
            for b in group:
                inside = [a for a in b["actions"] if start <= a["date"] <= end]
                if not inside:
                    continue
                before = [a for a in b["actions"] if a["date"] < start]
                upto = [a for a in b["actions"] if a["date"] <= end]
                ptype = labels.get((st, b["identifier"]))
                if ptype is None and b["title"]:
                    ptype = classify_bill(b["title"], [b["summary"]] if b["summary"] else [])[0]
                b.update(policy_type=ptype, stage=stage_of(upto), first=min(a["date"] for a in b["actions"]),
                         latest=inside[-1])
                bill_rows.append(b)
                if not before:
                    events.append((inside[0]["date"], "new_bill", b, {"title": b["title"], "source": "bench",
                                                                       "classification": ["bill"]}))
                for a in inside:
                    events.append((a["date"], "new_action", b, {"date": a["date"], "description": a["description"],
                                                                "chamber": a["chamber"],
                                                                "classification": a["classification"]}))
                old = stage_of(before)
                if before and old and b["stage"] and old != b["stage"]:
                    events.append((b["latest"]["date"], "stage_change", b, {
                        "from": old, "to": b["stage"], "date": b["latest"]["date"],
                        "description": b["latest"]["description"], "title": b["title"], "policy_type": ptype}))
    t_derive = time.perf_counter() - t0
    with engine.begin() as conn:
        res = conn.execute(insert(Bill).returning(Bill.id, Bill.state, Bill.legislative_session, Bill.identifier), [
            {"state": b["state"], "legislative_session": b["session"], "identifier": b["identifier"],
             "title": b["title"], "policy_type": b["policy_type"], "stage": b["stage"], "classification": ["bill"],
             "first_action_date": b["first"], "latest_action_date": b["latest"]["date"],
             "latest_action_description": b["latest"]["description"]} for b in bill_rows])
        ids = {(r.state, r.legislative_session, r.identifier): r.id for r in res}
        conn.execute(insert(SearchDoc), [{"bill_id": ids[(b["state"], b["session"], b["identifier"])],
                                          "title": b["title"], "abstract": b["summary"], "body": ""}
                                         for b in bill_rows])
        events.sort(key=lambda e: e[0])
        base = datetime(2026, 1, 1, tzinfo=UTC)
        conn.execute(insert(Event), [
            {"kind": kind, "bill_id": ids[(b["state"], b["session"], b["identifier"])], "state": b["state"],
             "legislative_session": b["session"], "identifier": b["identifier"], "payload": payload,
             "created_at": base} for _, kind, b, payload in events])
        first, last = conn.execute(select(Event.id).order_by(Event.id).limit(1)).scalar(), \
            conn.execute(select(Event.id).order_by(Event.id.desc()).limit(1)).scalar()
    kinds: dict[str, int] = defaultdict(int)
    for e in events:
        kinds[e[1]] += 1
    relevant = sum(1 for b in bill_rows if b["policy_type"] in ("single_payer", "public_option",
                                                                "universal_coverage_study", "federal_resolution"))
    return {"windows": windows, "bills": len(bill_rows), "relevant_bills": relevant, "events": len(events),
            "kinds": dict(kinds), "first_event": int(first), "last_event": int(last), "derive_seconds": t_derive}


def add_subscribers(engine: Engine, n: int, start_after: int, seed: int = 20251123) -> None:
    rng = random.Random(seed)
    with_data = ["ny", "wa", "ma", "mn"]
    others = ["ca", "vt", "co", "nj", "nm", "or", "pa", "il"]
    rows = []
    for i in range(n):
        r = rng.random()
        if r < 0.15:
            states: list[str] = []
        else:
            states = rng.sample(with_data, rng.randint(1, 3))
            if rng.random() < 0.1:
                states.append(rng.choice(others))
        r = rng.random()
        if r < 0.65:
            types: list[str] = []
        elif r < 0.80:
            types = ["single_payer"]
        elif r < 0.90:
            types = ["public_option", "single_payer"]
        else:
            types = ["single_payer", "public_option", "universal_coverage_study", "federal_resolution",
                     "other_health_coverage"]
        search = rng.choice(SAVED_SEARCHES) if rng.random() < 0.08 else None
        rows.append({"email": f"subscriber{i}@bench.example", "status": "confirmed", "states": sorted(states),
                     "policy_types": types, "saved_search": search, "send_empty": rng.random() < 0.05,
                     "last_event_id": start_after, "token_version": 1})
    with engine.begin() as conn:
        for i in range(0, n, 10000):
            conn.execute(insert(Subscriber), rows[i:i + 10000])


def bench_selection(engine: Engine, settings: DigestSettings) -> dict[str, Any]:
    t0 = time.perf_counter()
    subs = load_subscribers(engine)
    t_load = time.perf_counter() - t0
    t1 = time.perf_counter()
    upto = max(s.last_event_id for s in subs)
    with engine.connect() as conn:
        upto = int(conn.execute(select(Event.id).order_by(Event.id.desc()).limit(1)).scalar_one())
    planner = Planner(engine, settings, subs, load_pending(engine), upto, None)
    t_plan = time.perf_counter() - t1
    t2 = time.perf_counter()
    sizes, items, nonempty, empty_sent = [], [], 0, 0
    for sub in subs:
        digest, _ = planner.digest_for(sub)
        if digest.empty and not wants_empty(settings, sub):
            continue
        rendered = planner.rendered(digest)
        text, html = rendered.personalise(*manage_urls(settings, sub.id, sub.token_version))
        sizes.append(len(text) + len(html))
        items.append(digest.item_count)
        if digest.empty:
            empty_sent += 1
        else:
            nonempty += 1
    t_loop = time.perf_counter() - t2
    return {"subscribers": len(subs), "load_s": t_load, "plan_s": t_plan, "select_render_s": t_loop,
            "total_s": t_load + t_plan + t_loop, "emails": len(sizes), "nonempty": nonempty, "empty_sent": empty_sent,
            "distinct": planner.selector.distinct, "rendered_once": len(planner._rendered),
            "items_median": statistics.median(items) if items else 0, "items_max": max(items) if items else 0,
            "bytes_median": statistics.median(sizes) if sizes else 0, "events_loaded": planner.events}


class CountingHandler:
    """Accepts every message and counts it (the MTA side of the send benchmark)."""

    def __init__(self, counter) -> None:  # type: ignore[no-untyped-def]
        self.counter = counter

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        with self.counter.get_lock():
            self.counter.value += 1
        return "250 OK"


def _serve(port: int, counter, ready, stop) -> None:  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    ctrl = Controller(CountingHandler(counter), hostname="127.0.0.1", port=port)
    ctrl.start()
    ready.set()
    stop.wait()
    ctrl.stop()


def bench_send(engine: Engine, n: int, start_after: int) -> dict[str, Any]:
    """run_send (claim row, SMTP hand-off, commit, per message) to aiosmtpd in its own process, as an
    MTA would be, so the two do not share one interpreter lock."""
    import multiprocessing as mp
    import socket

    with engine.begin() as conn:
        conn.execute(Subscriber.__table__.delete())
    add_subscribers(engine, n, start_after, seed=7)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    counter, ready, stop = mp.Value("i", 0), mp.Event(), mp.Event()
    proc = mp.Process(target=_serve, args=(port, counter, ready, stop), daemon=True)
    proc.start()
    ready.wait(30)
    try:
        settings = DigestSettings(secret_key="bench", base_url="https://statecare.example",
                                  smtp_url=f"smtp://127.0.0.1:{port}",
                                  mail_from="statecare digest <digest@statecare.example>", settle_seconds=0)
        report = run_send(engine, settings)
    finally:
        stop.set()
        proc.join(30)
    return {"report": report.line(), "sent": report.sent, "seconds": report.seconds,
            "per_s": report.sent / report.seconds if report.seconds else 0.0,
            "received": counter.value, "connections": report.connections}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--subscribers", type=int, default=100_000)
    ap.add_argument("--send", type=int, default=2_000, help="subscribers in the SMTP send run")
    ap.add_argument("--database-url", default=None, help="default: a SQLite file in a temporary folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(args.database_url or f"sqlite:///{tmp}/bench.sqlite3")
        create_all(engine)
        week = build_week(engine, )
        print(f"week of real events: {week['events']} events on {week['bills']} bills "
              f"({week['relevant_bills']} relevant) {week['kinds']}; derived in {week['derive_seconds']:.1f} s")
        for st, (a, b) in sorted(week["windows"].items()):
            print(f"  {st}: busiest week {a} .. {b}")
        start_after = week["first_event"] - 1
        t0 = time.perf_counter()
        add_subscribers(engine, args.subscribers, start_after)
        print(f"inserted {args.subscribers} subscribers in {time.perf_counter() - t0:.1f} s")
        settings = DigestSettings(secret_key="bench", base_url="https://statecare.example",
                                  smtp_url="smtp://127.0.0.1:1", settle_seconds=0)
        r = bench_selection(engine, settings)
        print(f"selection + rendering for {r['subscribers']} subscribers: {r['total_s']:.2f} s total "
              f"(load {r['load_s']:.2f} s, events + saved searches {r['plan_s']:.2f} s, "
              f"select/render/personalise {r['select_render_s']:.2f} s = "
              f"{1e6 * r['select_render_s'] / max(1, r['subscribers']):.0f} us per subscriber); target <= 60 s")
        print(f"  {r['emails']} emails ({r['nonempty']} with news, {r['empty_sent']} 'no news' by choice), "
              f"{r['distinct']} distinct digests, rendered {r['rendered_once']} times; items per email median "
              f"{r['items_median']} max {r['items_max']}; median size {r['bytes_median'] / 1024:.1f} KiB (text + HTML)")
        s = bench_send(engine, args.send, start_after)
        print(f"send to loopback aiosmtpd ({args.send} subscribers, SQLite, claim + SMTP + commit each): "
              f"{s['sent']} sent in {s['seconds']:.2f} s = {s['per_s']:.0f} messages/s over {s['connections']} "
              f"SMTP connection(s); server received {s['received']}")
        print(f"  {s['report']}")
        engine.dispose()


if __name__ == "__main__":
    main()
