"""Record what the provisions code showed on each labelled group at FIRST CONTACT (issue 13, calibration).

Why: the labelled bills are all development bills for the pattern rules now, so no refit on them shows how
the confidence behaves on a bill nobody has read. Each later group's labels were committed alone, before
any code change; the code of that commit is the code that first met the group. This script exports that
commit's tree (`git archive`, into a temporary folder: no worktree, no checkout), runs its own
`extract_provisions` on the group's documents (the real texts under ../shared) and keeps, per key, the
first passage and the confidence it showed. `statecare/nlp/provisions/calibrate.py` scores them against
today's gold and fits the first-contact map on them.

    .venv/bin/python scripts/harvest_first_contact.py   # rewrites statecare/nlp/data/provisions_first_contact.json
"""

from __future__ import annotations

import json
import os
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


def main() -> int:
    meta = json.loads((REPO / "statecare" / "nlp" / "data" / "provisions_gold_meta.json").read_text())
    groups = {}
    for group, commit in GROUPS.items():
        names = [n for n, m in meta.items() if m["split"] == group]
        rows = []
        for name, provs in first_contact(commit, names).items():
            seen: set[str] = set()
            for p in provs:
                if p["key"] not in seen:  # the passage shown first per key
                    seen.add(p["key"])
                    rows.append({"doc": name, "key": p["key"], "confidence": p["confidence"],
                                 "evidence": p["evidence"]})
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
    OUT.write_text(json.dumps({"about": about, "groups": groups}, indent=1, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
