"""Search answers of one checkout against another's, on the same databases: are they identical?

Why: the search's speed work must not change a single answer. This runs a few thousand searches
(bench_search.distinct_queries -- one or two words of real titles -- plus newest-sorted,
`policy_type=relevant`, `state=ny` and page-3 variants, the popular QUERIES and bad input) through
the site's WSGI app in-process (search cache off, gzip asked for and not), and writes per request
the status, the headers that matter and a digest of the decoded body. Run it once with each
checkout's code on its PYTHONPATH, then compare the two files:

    PYTHONPATH=/path/to/old python benchmarks/compare_search.py dump old.jsonl --db sqlite:///a.sqlite3 ...
    PYTHONPATH=/path/to/new python benchmarks/compare_search.py dump new.jsonl --db sqlite:///a.sqlite3 ...
    python benchmarks/compare_search.py diff old.jsonl new.jsonl      # exit 1 if any answer differs

Both `/search.json` (ids, scores, counts, snippets, links) and the HTML `/search` (marked titles)
are compared; Atom is left out (its `<updated>` is the time).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import QUERIES, base_records, distinct_queries  # noqa: E402

from statecare.config import fixtures_dir  # noqa: E402

BAD = [{"q": "x", "page": "0"}, {"q": "x", "per_page": "1000"}, {"q": "x", "sort": "random"},
       {"q": "NEAR(a b)"}, {"q": "a:b ^c (d"}, {"q": "'; DROP TABLE bills; --"}, {"q": "\"unbalanced"},
       {"q": ""}, {"q": "x", "state": "zz"}]
KEPT_HEADERS = ("Content-Type", "Content-Encoding", "Vary", "Content-Length")


def requests(n: int) -> list[tuple[str, dict[str, str]]]:
    """(path, accept-encoding header) pairs: each search as JSON with gzip; some also without gzip,
    as HTML, and in variants."""
    qs = distinct_queries(base_records(fixtures_dir()), n=n, seed=11)
    out: list[tuple[str, dict[str, str]]] = []
    gz = {"Accept-Encoding": "gzip"}
    for i, q in enumerate(qs):
        out.append(("/search.json?" + urlencode(q), gz))
        if i % 4 == 0:
            out.append(("/search?" + urlencode(q), gz))
        if i % 5 == 0:
            out.append(("/search.json?" + urlencode(q), {}))
        if i % 8 == 0:
            out.append(("/search.json?" + urlencode({**q, "sort": "newest"}), gz))
        if i % 8 == 1:
            out.append(("/search.json?" + urlencode({**q, "policy_type": "relevant"}), gz))
        if i % 8 == 2:
            out.append(("/search.json?" + urlencode({**q, "page": "3"}), gz))
        if i % 8 == 3:
            out.append(("/search.json?" + urlencode({**q, "state": "ny"}), gz))
    for q in [*QUERIES, *BAD]:
        out.append(("/search.json?" + urlencode(q), gz))
        out.append(("/search?" + urlencode(q), gz))
    return out


def dump(out: Path, dbs: list[str], n: int) -> None:
    os.environ["STATECARE_SEARCH_CACHE_SECONDS"] = "0"
    from statecare.web.app import build_app

    reqs = requests(n)
    with out.open("w", encoding="utf-8") as fh:
        for url in dbs:
            app = build_app({"DATABASE_URL": url, "SECRET_KEY": "compare", "TESTING": True})
            client = app.test_client()
            for path, headers in reqs:
                r = client.get(path, headers=headers)
                body = r.get_data()
                if r.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                kept = {h: r.headers.get(h) for h in KEPT_HEADERS if h != "Content-Length" or not body}
                fh.write(json.dumps({"db": url, "path": path, "gzip": bool(headers), "status": r.status_code,
                                     "headers": kept, "body": hashlib.sha256(body).hexdigest(),
                                     "json": body.decode() if r.status_code == 200 and path.startswith("/search.json")
                                     and len(body) < 400 else None}) + "\n")
            app.extensions["statecare_engine"].dispose()
            print(f"{url}: {len(reqs)} answers", flush=True)


def diff(a: Path, b: Path) -> int:
    old = [json.loads(x) for x in a.read_text(encoding="utf-8").splitlines()]
    new = [json.loads(x) for x in b.read_text(encoding="utf-8").splitlines()]
    if len(old) != len(new):
        print(f"different numbers of answers: {len(old)} vs {len(new)}")
        return 1
    bad = [(o, n) for o, n in zip(old, new, strict=True) if o != n]
    for o, n in bad[:10]:
        print(f"DIFFERENT {o['db']} {o['path']} gzip={o['gzip']}: {o['status']} {o['headers']} vs "
              f"{n['status']} {n['headers']}")
    by_db: dict[str, int] = {}
    for o in old:
        by_db[o["db"]] = by_db.get(o["db"], 0) + 1
    print(f"{len(old)} answers ({', '.join(f'{k}: {v}' for k, v in by_db.items())}): {len(bad)} different")
    return 1 if bad else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--db", action="append", required=True, help="database URL (repeat for several)")
    d.add_argument("-n", type=int, default=2000, help="distinct searches")
    c = sub.add_parser("diff")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out, args.db, args.n)
    else:
        sys.exit(diff(args.a, args.b))


if __name__ == "__main__":
    main()
