"""Record what the provisions code showed on each labelled group at FIRST CONTACT (issue 13, calibration).

Why: the labelled bills are all development bills for the pattern rules now, so no refit on them shows how
the confidence behaves on a bill nobody has read. Each later group's labels were committed alone, before
any code change; the code of that commit is the code that first met the group. This script exports that
commit's tree (`git archive`, into a temporary folder: no worktree, no checkout), runs its own
`extract_provisions` on the group's documents (the real texts under ../shared) and keeps, per key, the
first passage and the confidence it showed. `statecare/nlp/provisions/calibrate.py` scores them against
today's gold and fits the first-contact map on them.

    .venv/bin/python scripts/harvest_first_contact.py   # rewrites statecare/nlp/data/provisions_first_contact.json
    .venv/bin/python scripts/harvest_first_contact.py --types-only   # refreshes only the policy types

It also records, for every labelled document, the policy type today's classifier gives it (`policy_types`):
the first-contact map's slope depends on whether the bill establishes a program (calibrate.py). The
classifier reads the bill's title, abstracts, identifier and classification from the national recording
(`national/<state>/*/bills.jsonl.gz`, the bill with the same identifier) and the document's text; a document
whose bill is not in the recording is classified from its text alone (its first 300 characters as title).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "statecare" / "nlp" / "data" / "provisions_first_contact.json"
# the commit that froze each group's labels before any code change (docs/provisions-gold.md)
GROUPS = {"held_aside_new": "70255f8", "held_aside_3": "6263d11", "held_aside_4": "f183379",
          "held_aside_5": "528c83f", "held_aside_6": "1c8a135"}
_RUN = """
import json, sys
from statecare.config import shared_dir
from statecare.nlp.evaluate.provisions import find_document
from statecare.nlp.provisions.cli import read_document
from statecare.nlp.provisions.extract import extract_provisions
names = json.loads(sys.argv[1])
dirs = [shared_dir() / "fixtures", shared_dir() / "national"]
out = {}
for name in names:
    (path,) = find_document(name, dirs)
    out[name] = [p.as_dict() for p in extract_provisions(read_document(path))]
print(json.dumps(out))
"""


def first_contact(commit: str, names: list[str]) -> dict[str, list[dict]]:
    """Provisions the code of `commit` extracts from each named gold document."""
    tar = subprocess.run(["git", "-C", str(REPO), "archive", commit], check=True, capture_output=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(tar)) as tf:
            tf.extractall(tmp, filter="data")
        env = dict(os.environ, PYTHONPATH=tmp)
        res = subprocess.run([sys.executable, "-c", _RUN, json.dumps(names)], check=True, capture_output=True,
                             text=True, env=env, cwd=tmp)
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def _ident(s: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", s.split(" (")[0].upper())


def policy_types(meta: dict[str, dict]) -> dict[str, str]:
    """Today's policy-type verdict for every labelled document (see the module's note)."""
    from statecare.config import shared_dir
    from statecare.nlp.evaluate.provisions import find_document
    from statecare.nlp.policy_type.classifier import classify_bill
    from statecare.nlp.provisions.cli import read_document

    base = shared_dir()
    dirs = [base / "fixtures", base / "national"]
    bills: dict[tuple[str, str], dict] = {}
    for state in sorted({m["state"] for m in meta.values()}):
        for f in sorted((base / "national" / state.lower()).glob("*/bills.jsonl.gz")):
            with gzip.open(f, "rt", encoding="utf-8") as fh:
                for line in fh:
                    b = json.loads(line)
                    bills[(state, _ident(str(b.get("identifier", ""))))] = b  # the later session wins
    out = {}
    for name, m in meta.items():
        (path,) = find_document(name, dirs)
        text = read_document(path)
        b = bills.get((m["state"], _ident(m["identifier"])))
        if b is not None:
            abstracts = [str(a.get("abstract", "")) for a in b.get("abstracts", []) if isinstance(a, dict)]
            verdict = classify_bill(b["title"], abstracts, text, identifier=b["identifier"],
                                    classification=b.get("classification", []), subjects=b.get("subject", []),
                                    state=m["state"])
        else:
            verdict = classify_bill(text[:300], [], text, state=m["state"])
        out[name] = verdict[0]
    return out


def main() -> int:
    meta = json.loads((REPO / "statecare" / "nlp" / "data" / "provisions_gold_meta.json").read_text())
    if "--types-only" in sys.argv[1:]:
        recorded = json.loads(OUT.read_text(encoding="utf-8"))
        recorded["policy_types"] = policy_types(meta)
        OUT.write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote the policy types of {len(meta)} documents to {OUT}")
        return 0
    groups = {}
    for group, commit in GROUPS.items():
        names = [n for n, m in meta.items() if m["split"] == group]
        rows = []
        for name, provs in first_contact(commit, names).items():
            by_key: dict[str, list[dict]] = {}
            for p in provs:
                by_key.setdefault(p["key"], []).append(p)
            for key, ps in by_key.items():  # the passage shown first per key, and how sure the next one was
                rows.append({"doc": name, "key": key, "confidence": ps[0]["confidence"],
                             "evidence": ps[0]["evidence"], "passages": len(ps),
                             "second": ps[1]["confidence"] if len(ps) > 1 else None})
        # the first-contact map that commit's ranker already applied (none before the tenth round): the rows keep
        # the confidence SHOWN; calibrate.first_contact_rows undoes the map, so every group's map input is the
        # calibrator's own output, as the map is applied to it
        ranker = json.loads(subprocess.run(["git", "-C", str(REPO), "show",
                                            f"{commit}:statecare/nlp/provisions/ranker.json"],
                                           check=True, capture_output=True, text=True).stdout)
        entry: dict = {"commit": commit, "rows": rows}
        if "fc_w" in ranker:
            entry["map"] = {"fc_w": ranker["fc_w"], "fc_b": ranker["fc_b"]}
        groups[group] = entry
        print(f"{group} ({commit}): {len(names)} documents, {len(rows)} keys shown")
    about = ("Per key, the first passage and confidence that the code of the commit which froze each group's "
             "labels (before any code change) showed on that group: scripts/harvest_first_contact.py")
    OUT.write_text(json.dumps({"about": about, "groups": groups, "policy_types": policy_types(meta)}, indent=1, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
