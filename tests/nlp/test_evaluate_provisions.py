"""`statecare evaluate provisions GOLD.json [--docs DIR]` on the hand-labelled gold set (real bills)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from statecare.cli import main
from statecare.nlp.evaluate.provisions import agrees, normalise, score_document

GOLD = Path(__file__).resolve().parents[2] / "statecare" / "nlp" / "data" / "provisions_gold.json"


def test_last_line_and_per_document_figures(shared: Path, tmp_path: Path) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    subset = {k: gold[k] for k in ("MA_194th_H1246_public_health_option_extracted.txt",
                                   "HB3287/bill_content_Introduced.html")}
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(subset), encoding="utf-8")
    r = CliRunner().invoke(main, ["evaluate", "provisions", str(path), "--docs", str(shared / "fixtures"),
                                  "--docs", str(shared / "national" / "il")])
    assert r.exit_code == 0, r.output
    last = r.output.strip().splitlines()[-1]
    m = re.fullmatch(r"micro_f1=([0-9.]+) evidence_agreement=([0-9.]+) n=2", last)
    assert m, last
    assert 0.5 < float(m.group(1)) <= 1.0
    assert "HB3287/bill_content_Introduced.html" in r.output


def test_a_missing_document_is_named(tmp_path: Path, shared: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"no_such_bill.txt": {"present": {}, "absent": []}}), encoding="utf-8")
    r = CliRunner().invoke(main, ["evaluate", "provisions", str(path), "--docs", str(shared / "fixtures")])
    assert r.exit_code != 0 and "no_such_bill.txt" in r.output


def test_scoring_rules() -> None:
    assert normalise("co-pay-\n ment  “Trust”") == 'copayment "trust"'
    assert agrees("The Trust shall pay", "the trust shall pay for all professional services")
    s = score_document("x", {"present": {"a.b": {"evidence": "one two"}, "c.d": {"evidence": "z"}}},
                       [{"key": "a.b", "evidence": "nothing alike"}, {"key": "a.b", "evidence": "one two"},
                        {"key": "e.f", "evidence": "q"}])
    # the FIRST passage shown for a key decides evidence agreement
    assert (s.tp, s.fp, s.fn, s.evidence_agree) == (1, 1, 1, 0)
