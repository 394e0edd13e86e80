"""Design scorecard answers with evidence, on real bills."""

from __future__ import annotations

import json
from pathlib import Path

from statecare.nlp.provisions.scorecard import SCORECARD_KEYS, build_scorecard


def _bill(fixtures: Path, rel: str) -> str:
    return (fixtures / "bill_texts" / rel).read_text(encoding="utf-8")


def _check_evidence(text: str, card: dict) -> None:
    assert list(card) == list(SCORECARD_KEYS)
    for q, a in card.items():
        assert (a["answer"] == "absent") == (not a["evidence"]), q
        for e in a["evidence"]:
            assert text[e["start"]:e["end"]] == e["evidence"]


def test_ma_medicare_for_all_financing_specified(fixtures: Path) -> None:
    text = _bill(fixtures, "ma/MA_194th_S860_medicare_for_all_extracted.txt")
    card = build_scorecard(text)
    _check_evidence(text, card)
    assert card["financing"]["answer"] == "specified"
    assert any("7.5 percent" in e["evidence"] for e in card["financing"]["evidence"])
    for q in ("provider_payment", "worker_transition", "governance", "implementation_timeline", "erisa"):
        assert card[q]["answer"] == "present", q


def test_ny_health_act_financing_named_without_rates(fixtures: Path) -> None:
    """S7590 names a payroll and a non-payroll tax but leaves the rates to a later revenue proposal."""
    text = _bill(fixtures, "ny/NY_2023_S7590.md.txt")
    card = build_scorecard(text)
    _check_evidence(text, card)
    assert card["financing"]["answer"] == "named_only"
    assert {"financing.payroll_tax", "financing.income_tax"} <= set(card["financing"]["sources"])
    assert card["federal_waivers"]["answer"] == "present"
    assert card["worker_transition"]["answer"] == "present"


def test_public_option_addresses_erisa(fixtures: Path) -> None:
    text = _bill(fixtures, "ma/MA_194th_H1246_public_health_option_extracted.txt")
    card = build_scorecard(text)
    _check_evidence(text, card)
    assert card["erisa"]["answer"] == "present"
    assert "Employee" in card["erisa"]["evidence"][0]["evidence"] or "elf-insured" in card["erisa"]["evidence"][0]["evidence"]
    assert card["worker_transition"]["answer"] == "absent"


def test_near_miss_has_no_financing(fixtures: Path) -> None:
    for rel in ("ny/NY_2023_A9302A.md.txt", "ny/NY_2023_S2237B.md.txt"):
        text = _bill(fixtures, rel)
        card = build_scorecard(text)
        _check_evidence(text, card)
        assert card["financing"]["answer"] == "absent", rel
        assert card["worker_transition"]["answer"] == "absent", rel


def test_calcare_digest(fixtures: Path) -> None:
    d = json.loads((fixtures / "openstates" / "ca" / "CA_20252026_AB1900_metadata.json").read_text())
    text = d["abstracts"][0]["abstract"]
    card = build_scorecard(text)
    _check_evidence(text, card)
    assert card["financing"]["answer"] == "named_only"  # trust fund + federal money, no tax rates
    assert card["governance"]["answer"] == "present"


def test_waiver_strategy_without_a_section_number(fixtures) -> None:
    """CalCare's digest: the board 'would seek all necessary waivers, approvals, and agreements'."""
    import json

    from statecare.nlp.provisions.scorecard import build_scorecard

    digest = json.loads((fixtures / "openstates/ca/CA_20252026_AB1900_metadata.json").read_bytes())["abstracts"][0]["abstract"]
    card = build_scorecard(digest)
    assert card["federal_waivers"]["answer"] == "present"
    ev = card["federal_waivers"]["evidence"][0]
    assert "waivers" in ev["evidence"] and digest[ev["start"]:ev["end"]] == ev["evidence"]


def test_each_key_first_in_vocabulary_order(fixtures: Path) -> None:
    """A question's passages are each key's best first, the defining key leading: NY S 7590's governance opens
    with the sentence creating the board of trustees, not the (more confident) advisory-committee sentence."""
    from statecare.legis.vocabulary import PROVISION_KEYS

    text = _bill(fixtures, "ny/NY_2023_S7590.md.txt")
    card = build_scorecard(text)
    _check_evidence(text, card)
    gov = card["governance"]["evidence"]
    assert gov[0]["key"] == "governance.board"
    assert "BOARD OF TRUSTEES IS HEREBY CREATED" in " ".join(gov[0]["evidence"].split())
    for q in ("governance", "provider_payment", "federal_waivers"):
        keys = [e["key"] for e in card[q]["evidence"]]
        distinct = list(dict.fromkeys(keys))
        # every key found shows once before any key shows twice, and keys come in the vocabulary's order
        assert keys[: len(distinct)] == distinct, q
        assert distinct == sorted(distinct, key=PROVISION_KEYS.index), q
    # one key only: its own passages, best first (three of them)
    wt = card["worker_transition"]["evidence"]
    assert {e["key"] for e in wt} == {"transition.worker_assistance"} and len(wt) == 3
