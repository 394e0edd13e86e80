"""Candidates, random sample and the joined development set for the national bill-type dev set.

Reads the national recording in place ($STATECARE_SHARED/national, default ../shared/national);
nothing from it is copied into the repository except the title and abstracts of each labelled bill,
which the `build` step writes beside the hand label.

Three steps:

  candidates  every bill whose title, abstracts, subjects or extracted text matches the search terms
              below (tiers `strong`, `memorial`, `text`), the health-insurance near-misses (tier
              `near`), and a seeded random sample of health bills (tier `random`). Writes a work list
              (CSV, default build/bill_types_national_candidates.csv) with the matched terms and
              text snippets around each match, for reading. It decides NO label.
  show        prints one bill (title, abstracts, subjects, text snippets or the whole text) for reading.
  build       joins the hand labels (statecare/nlp/data/bill_types_national_labels.csv: state,session,
              identifier,label,reason -- written by a person reading each bill) with the recorded title
              and abstracts, and writes statecare/nlp/data/bill_types_national_dev.csv.

Run:  python scripts/build_bill_types_national_candidates.py candidates
      python scripts/build_bill_types_national_candidates.py show il HB1234 [--full]
      python scripts/build_bill_types_national_candidates.py build
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "statecare" / "nlp" / "data"
LABELS = DATA / "bill_types_national_labels.csv"
OUT = DATA / "bill_types_national_dev.csv"
WORKLIST = ROOT / "build" / "bill_types_national_candidates.csv"
SEED = 20261206
N_RANDOM = 260
N_NEAR = 230

# Terms naming a universal-coverage route, searched in titles, abstracts, subjects, other titles and texts.
STRONG = {
    "single_payer": r"single[\s-]*payer",
    "universal_hc": r"universal\s+(?:health|healthcare|medical|coverage|access|single|basic\s+health)",
    "universal_coverage": r"universal(?:ly)?\s+(?:\w+\s+){0,3}(?:coverage|covered|health\s+care\s+system)",
    "medicare_for_all": r"medicare[\s-]+for[\s-]+all|medicaid[\s-]+for[\s-]+all|improved\s+medicare",
    "health_trust": r"health\s*(?:care)?\s+trust(?:\s+fund)?\b|health\s+security\s+trust",
    "unified_financing": r"unified\s+(?:financing|health|system|public)|publicly[\s-]+(?:financed|funded)\s+(?:health|universal|single)",
    "public_option": r"public\s+(?:health\s+(?:care\s+|insurance\s+)?)?option|state\s+(?:health\s+)?option\b|public\s+health\s+plan\b",
    "buy_in": r"buy[\s-]*in\b",
    "bhp": r"basic\s+health\s+(?:program|plan)",
    "state_plan_authority": r"state(?:wide)?\s+(?:health|healthcare|health\s+care)\s+(?:authority|system|insurance\s+(?:plan|program))",
    "waiver_1332": r"\b1332\b|state\s+innovation\s+waiver",
    "all_payer": r"all[\s-]+payer",
    "for_all": r"(?:health\s*care|coverage|insurance)\s+for\s+all\b|all\s+(?:state\s+)?residents\s+(?:shall\s+|will\s+)?(?:have|receive|be\s+covered)",
    "right_to_hc": r"right\s+to\s+(?:health\s*care|health\s+coverage|medical\s+care)|health\s*care\s+(?:is\s+)?a\s+human\s+right",
    "guaranteed": r"guarantee[ds]?\s+(?:\w+\s+){0,2}(?:health|coverage)|comprehensive\s+health\s+(?:care\s+)?(?:program|system)\s+for",
    "named_plans": r"calcare|healthy\s+california|whole\s+washington|green\s+mountain\s+care|health\s+care\s+for\s+all\b|"
                   r"minnesotacare\s+(?:public\s+)?option|medicaid\s+(?:public\s+)?option|cascade\s+(?:care|select)|"
                   r"colorado\s+option|lower[\s-]+cost\s+(?:health\s+)?plan",
    "uc_commission": r"(?:commission|task\s*force|council|study|working\s+group|committee|board)\b[^.;]{0,80}"
                     r"(?:universal|single[\s-]*payer|uninsured|access\s+to\s+(?:affordable\s+)?health)",
}
# Resolutions / memorials urging Congress on health: searched in title + abstracts (+ text)
MEMORIAL = r"(?:memorial|resolution|memorialize|urg(?:e|es|ing)|request(?:s|ing)?)\b"
CONGRESS = r"\bcongress\b|federal\s+government|united\s+states\s+(?:senate|house)|president"
HEALTH_FED = r"medicare|medicaid|health\s+(?:care|insurance|coverage)|affordable\s+care\s+act|\baca\b|premium\s+tax\s+credit"
# Near-misses: health insurance / coverage / public programs, not (by these terms) universal coverage
NEAR = (r"health\s+(?:insurance|coverage|benefit\s+plan|plan)|medicaid|medi-cal|masshealth|minnesotacare|"
        r"soonercare|tenncare|apple\s+health|badgercare|hoosier|healthy\s+indiana|uninsured|marketplace|"
        r"exchange|premium|affordable\s+care|chip\b|children'?s\s+health\s+insurance|insurer|coverage")

# Second, wider pass over health bills' titles and abstracts, run AFTER the samples are drawn (so adding it did not
# change them): false friends and near-misses the first pass can miss ("universal dental care", "Medicare
# marketplace option", Medicaid expansion, memorials about Medicare/Medicaid, "health care access" boards).
SWEEP = (r"universal|medicare\s+(?:for|option|marketplace|buy)|medicaid\s+expansion|buy.?in\b|publicly\s+(?:financed|funded)|"
         r"all\s+residents|health\s+care\s+(?:system|access|availability)|state.based|"
         r"(?:resolution|urg\w+|memorial\w*).{0,80}(?:medicare|medicaid|congress)")

STRONG_RE = {k: re.compile(v, re.I) for k, v in STRONG.items()}
MEMORIAL_RE, CONGRESS_RE, HEALTH_FED_RE = (re.compile(x, re.I) for x in (MEMORIAL, CONGRESS, HEALTH_FED))
NEAR_RE = re.compile(NEAR, re.I)
SWEEP_RE = re.compile(SWEEP, re.I)
# weak terms: alone in a text they do not make a candidate (state employees' "state health plan", the
# many "buy-in" of pensions, "commission ... access to health")
WEAK = {"buy_in", "state_plan_authority", "uc_commission", "guaranteed", "right_to_hc", "for_all"}


def national() -> Path:
    return Path(os.environ.get("STATECARE_SHARED", str(Path(__file__).resolve().parents[2] / "shared"))) / "national"


def norm_id(identifier: str) -> str:
    return re.sub(r"[\s.]+", "", identifier).upper()


def _list(v):
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return []
    return v or []


def load():
    """Every bill: key (st, folder, NORMID) -> dict(state, session, identifier, title, summary, subjects,
    classification, health, candidate, texts)."""
    bills = {}
    root = national()
    for st_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for ses_dir in sorted(p for p in st_dir.iterdir() if p.is_dir()):
            st, folder = st_dir.name, ses_dir.name
            label = None
            recs = {}
            bj = ses_dir / "bills.jsonl.gz"
            if bj.exists():
                with gzip.open(bj, "rt", encoding="utf-8") as f:
                    for line in f:
                        d = json.loads(line)
                        label = d.get("legislative_session") or label
                        abstracts = [a.get("abstract", "") for a in _list(d.get("abstracts"))
                                     if isinstance(a, dict)]
                        others = [t.get("title", "") for t in _list(d.get("other_titles")) if isinstance(t, dict)]
                        recs[norm_id(d["identifier"])] = {
                            "session": d.get("legislative_session"),
                            "identifier": d["identifier"],
                            "title": d.get("title") or "",
                            "summary": " ".join(a.strip() for a in abstracts if a and a.strip()),
                            "other_titles": " | ".join(others),
                            "subjects": "; ".join(_list(d.get("subject"))),
                            "classification": "; ".join(_list(d.get("classification"))),
                        }
            with gzip.open(ses_dir / "index.csv.gz", "rt", encoding="utf-8") as f:
                for r in csv.DictReader(f):
                    nid = norm_id(r["identifier"])
                    rec = recs.get(nid) or {
                        "session": label or folder, "identifier": r["identifier"], "title": r["title"],
                        "summary": "", "other_titles": "", "subjects": r["subjects"],
                        "classification": r["classification"]}
                    rec.update(state=st, folder=folder, health=r["health"] == "1",
                               candidate=r["candidate"] == "1", texts=[])
                    bills[(st, folder, nid)] = rec
            tj = ses_dir / "texts.jsonl.gz"
            if tj.exists():
                with gzip.open(tj, "rt", encoding="utf-8") as f:
                    for line in f:
                        d = json.loads(line)
                        b = bills.get((st, folder, norm_id(d["identifier"])))
                        if b is not None and d.get("text"):
                            b["texts"].append((d.get("file", ""), d["text"]))
    return bills


def meta_text(b) -> str:
    return " \n ".join([b["title"], b["summary"], b["other_titles"], b["subjects"]])


def text_hits(b) -> Counter:
    c = Counter()
    for _, t in b["texts"]:
        for k, rx in STRONG_RE.items():
            c[k] += len(rx.findall(t))
    return c


def snippets(b, keys, width=160, limit=4) -> str:
    out = []
    for _, t in b["texts"]:
        for k in keys:
            for m in STRONG_RE[k].finditer(t):
                s = t[max(0, m.start() - width): m.end() + width]
                out.append(f"[{k}] " + re.sub(r"\s+", " ", s))
                if len(out) >= limit:
                    return " || ".join(out)
    return " || ".join(out)


def classify_tier(b):
    """Why the bill is on the work list (None = not a candidate). Search only; no label."""
    meta = meta_text(b)
    meta_hits = sorted(k for k, rx in STRONG_RE.items() if rx.search(meta))
    th = text_hits(b)
    strong_text = {k: n for k, n in th.items() if n and k not in WEAK}
    is_res = bool(re.search(r"resolution|memorial", b["classification"] + " " + b["identifier"], re.I)) or \
        bool(re.match(r"^(?:H|S|A)?\s*(?:J|C|CON|CONC)?\s*(?:R|RES|M|MEM|JR|JM|CR|HR|SR|JRES)\b",
                      b["identifier"], re.I) and re.search(r"R|M", b["identifier"][:4], re.I))
    fed = is_res and CONGRESS_RE.search(meta + " " + " ".join(t[:6000] for _, t in b["texts"])) and \
        HEALTH_FED_RE.search(meta)
    if b["candidate"] or [k for k in meta_hits if k not in WEAK]:
        return "strong", meta_hits, th
    if fed:
        return "memorial", meta_hits, th
    if sum(strong_text.values()) >= 2 or (meta_hits and b["health"]):
        return "text", meta_hits, th
    return None, meta_hits, th


def cmd_candidates(args) -> None:
    bills = load()
    rows, chosen = [], set()
    for key, b in bills.items():
        tier, mh, th = classify_tier(b)
        if tier:
            chosen.add(key)
            rows.append((key, tier, mh, th))
    rng = random.Random(SEED)
    near_pool = sorted(k for k, b in bills.items() if k not in chosen and b["health"]
                       and NEAR_RE.search(b["title"] + " " + b["summary"]))
    near = rng.sample(near_pool, min(N_NEAR, len(near_pool)))
    chosen.update(near)
    rows += [(k, "near", [], text_hits(bills[k])) for k in near]
    rand_pool = sorted(k for k, b in bills.items() if k not in chosen and b["health"])
    rand = rng.sample(rand_pool, min(N_RANDOM, len(rand_pool)))
    rows += [(k, "random", [], text_hits(bills[k])) for k in rand]
    chosen.update(rand)
    sweep = sorted(k for k, b in bills.items() if k not in chosen and b["health"]
                   and SWEEP_RE.search(b["title"] + " " + b["summary"]))
    rows += [(k, "sweep", [], text_hits(bills[k])) for k in sweep]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["state", "session", "identifier", "tier", "meta_terms", "text_terms", "text_chars",
                    "title", "summary", "subjects", "snippets"])
        for key, tier, mh, th in sorted(rows, key=lambda r: (r[0][0], r[1], r[0][2])):
            b = bills[key]
            tt = ",".join(f"{k}:{n}" for k, n in sorted(th.items()) if n)
            w.writerow([b["state"], b["session"], b["identifier"], tier, ",".join(mh), tt,
                        sum(len(t) for _, t in b["texts"]), b["title"], b["summary"][:1500], b["subjects"],
                        snippets(b, [k for k, n in th.items() if n])[:2500]])
    c = Counter(r[1] for r in rows)
    print(f"wrote {out}: {len(rows)} bills {dict(c)}; near pool {len(near_pool)}, random pool {len(rand_pool)}",
          file=sys.stderr)


def cmd_show(args) -> None:
    bills = load()
    nid = norm_id(args.identifier)
    for (st, _folder, k), b in bills.items():
        if st == args.state and k == nid:
            print(f"== {st} {b['session']} {b['identifier']} health={b['health']} candidate={b['candidate']}")
            print("TITLE:", b["title"])
            print("ABSTRACT:", b["summary"][:3000])
            print("OTHER:", b["other_titles"][:500])
            print("SUBJECTS:", b["subjects"])
            for fname, t in b["texts"]:
                print(f"-- text {fname} ({len(t)} chars)")
                print(t[: args.chars] if args.full else re.sub(r"\s+", " ", t[:args.chars]))


def cmd_build(args) -> None:
    bills = load()
    by = defaultdict(list)
    for (st, _folder, nid), b in bills.items():
        by[(st, nid)].append(b)
    n = 0
    with LABELS.open(newline="", encoding="utf-8") as f, OUT.open("w", newline="", encoding="utf-8") as g:
        w = csv.writer(g)
        w.writerow(["state", "session", "identifier", "title", "summary", "label", "reason"])
        seen = set()
        for r in csv.DictReader(f):
            key = (r["state"], r["session"], norm_id(r["identifier"]))
            if key in seen:
                raise SystemExit(f"duplicate label row {key}")
            seen.add(key)
            match = [b for b in by[(r["state"], norm_id(r["identifier"]))] if b["session"] == r["session"]]
            if len(match) != 1:
                raise SystemExit(f"no single recorded bill for {r['state']} {r['session']} {r['identifier']}")
            b = match[0]
            w.writerow([b["state"], b["session"], b["identifier"], b["title"], b["summary"],
                        r["label"], r["reason"]])
            n += 1
    print(f"wrote {OUT}: {n} bills", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("candidates")
    c.add_argument("--out", default=str(WORKLIST))
    s = sub.add_parser("show")
    s.add_argument("state")
    s.add_argument("identifier")
    s.add_argument("--full", action="store_true")
    s.add_argument("--chars", type=int, default=4000)
    sub.add_parser("build")
    args = ap.parse_args()
    {"candidates": cmd_candidates, "show": cmd_show, "build": cmd_build}[args.cmd](args)


if __name__ == "__main__":
    main()
