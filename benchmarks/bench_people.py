"""Legislator, committee and bill pages at national scale (targets: each page p95 <= 250 ms on SQLite).

Builds a SQLite database with the whole people directory (52 states: 20,030 people, 2,758
committees, 34,224 seats; the load itself is timed) and one state's recorded health bills from
shared/national (default Illinois: 1,833 bills), sponsors matched as the crawl matches them
(statecare.crawler.people) and each action's committee read as `statecare classify` reads it
(extract_committee; the rest of classify is not needed for these pages). Then, through the Flask
app: bill pages, the pages of the 25 legislators with the most sponsorships, and of the 15
committees with the most referred bills.

Run: .venv/bin/python benchmarks/bench_people.py [--state il]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import tempfile
import time
from collections import Counter

from sqlalchemy import bindparam, func, select, update

from statecare.app import create_app
from statecare.config import shared_dir
from statecare.crawler.people import annotate_sponsors
from statecare.db.engine import make_engine
from statecare.db.models import Action, Bill, Legislator, Sponsorship
from statecare.db.people_io import load_people
from statecare.db.schema import create_all
from statecare.db.store import BillStore
from statecare.legis.identifiers import identifier_slug
from statecare.nlp.actions.classifier import extract_committee
from statecare.web import people


def _ms(times: list[float]) -> str:
    q = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
    return f"p50 {statistics.median(times):.0f} ms, p95 {q[18]:.0f} ms (n={len(times)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--state", default="il")
    ap.add_argument("--profile", action="store_true", help="profile three committee pages")
    args = ap.parse_args()
    shared = shared_dir()
    assert shared is not None
    st = args.state.lower()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/people.sqlite3"
        eng = make_engine(url)
        create_all(eng)
        t = time.perf_counter()
        c = load_people(eng, shared / "people")
        print(f"people load: {c.states} states, {c.legislators} people, {c.committees} committees, "
              f"{c.members} seats in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        store = BillStore(eng)
        n = 0
        for path in sorted((shared / "national" / st).glob("*/bills.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as f:
                for line in f:
                    rec = json.loads(line)
                    rec.setdefault("state", st)
                    annotate_sponsors(rec, shared / "people")
                    store.upsert_bill(rec, source="openstates")
                    n += 1
        store.close()
        with eng.begin() as conn:
            rows = conn.execute(select(Action.id, Action.description)).all()
            named = [{"i": i, "c": cn} for i, d in rows if (cn := extract_committee(d))]
            for k in range(0, len(named), 5000):
                conn.execute(update(Action).where(Action.id == bindparam("i")).values(committee=bindparam("c")),
                             named[k:k + 5000])
        print(f"stored {n} {st.upper()} bills ({len(rows)} actions) in {time.perf_counter() - t:.1f} s")

        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "INSTANCE_PATH": f"{tmp}/inst"})
        client = app.test_client()
        with app.app_context():
            from statecare.web import db as webdb

            s = webdb.session()
            bills = list(s.execute(select(Bill.legislative_session, Bill.identifier).limit(200)))
            top = [slug for slug, _ in s.execute(
                select(Legislator.slug, func.count()).join(Sponsorship, Sponsorship.person_id == Legislator.id)
                .group_by(Legislator.slug).order_by(func.count().desc()).limit(25))]
            referred: Counter[str] = Counter()
            index = people.state_index(s, st)
            for b in s.scalars(select(Bill)):
                refs = people.referrals(b.actions)
                if refs:
                    cid = people.match_action(index, *refs[-1])
                    if cid:
                        referred[cid] += 1
            committees = [cid.rsplit("/", 1)[-1] for cid, _ in referred.most_common(15)]

        def timed(paths: list[str]) -> list[float]:
            out = []
            for p in paths:
                t0 = time.perf_counter()
                r = client.get(p)
                out.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, (p, r.status_code)
            return out

        print("bill pages:       ", _ms(timed([f"/bills/{st}/{ses}/{identifier_slug(i)}" for ses, i in bills])))
        print("legislator pages: ", _ms(timed([f"/legislators/{x}" for x in top])))
        first = timed([f"/committees/{committees[0]}"])[0]
        print(f"committee pages:   first of the state {first:.0f} ms (reads its referrals, kept until the next "
              f"crawl event or 60 s); then", _ms(timed([f"/committees/{x}" for x in committees[1:]])))
        if args.profile:
            import cProfile
            import pstats

            with cProfile.Profile() as prof:
                timed([f"/committees/{x}" for x in committees[:3]])
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        app.extensions["statecare_engine"].dispose()
        eng.dispose()


if __name__ == "__main__":
    main()
