"""The co-sponsor counter on real recorded actions: one test per phrasing family, each on actions
the national recording holds (checked to be there, never typed in), and the arithmetic of growth."""

from __future__ import annotations

import csv
import gzip
import re
from datetime import date
from pathlib import Path

import pytest

from statecare.legis import cosponsors
from statecare.legis.cosponsors import Step, parse_change

# the states whose actions record co-sponsor changes, with a cheap prefilter of their wordings
_FILES = {"il": "104th", "in": "2026", "wi": "2025", "vt": "2025-2026", "ok": "2025", "ak": "34",
          "mn": "2025-2026", "ia": "2025-2026", "ne": "109", "sc": "2025-2026", "tn": "114", "ca": "20252026"}
# case-sensitive alternatives: a case-blind pattern is several times slower over 700,000 lines
_WORDS = re.compile(r"[Ss]ponsor|SPONSOR|[Aa]uthor|name added|name withdrawn|conferee")


@pytest.fixture(scope="module")
def recorded(shared: Path) -> dict[str, list[str]]:
    """Per state, the recorded action texts that talk of sponsors or authors (in file order)."""
    out: dict[str, list[str]] = {}
    for st, sess in _FILES.items():
        with gzip.open(shared / "national" / st / sess / "actions.csv.gz", "rt", encoding="utf-8", newline="") as f:
            header = next(csv.reader([f.readline()]))
            col = header.index("description")
            # the cheap test on the raw line first; a quoted field may span lines, so those are parsed whole
            lines = [line for line in f if _WORDS.search(line)]
            out[st] = [row[col] for row in csv.reader(lines) if len(row) > col and _WORDS.search(row[col])]
    return out


def _real(recorded: dict[str, list[str]], st: str, text: str) -> cosponsors.SponsorChange | None:
    assert text in recorded[st], f"{text!r} is not in the {st} recording"
    return parse_change(text)


def test_illinois_added_co_sponsor_one_name_whole(recorded: dict[str, list[str]]) -> None:
    ch = _real(recorded, "il", "Added Co-Sponsor Rep. Michael J. Coffey, Jr.")
    assert ch is not None and ch.family == "added_co_sponsor"
    assert ch.added == ("Michael J. Coffey, Jr.",) and ch.delta == 1  # one name, commas and all
    for text, removed in (("Removed Co-Sponsor Rep. Michelle Mussman", "Michelle Mussman"),
                          ("Sponsor Removed Sen. Patrick J. Joyce", "Patrick J. Joyce")):
        ch = _real(recorded, "il", text)
        assert ch is not None and ch.removed == (removed,) and ch.delta == -1
    # a swap of the chief sponsor is not a co-sponsor joining
    swaps = [t for t in recorded["il"] if t.startswith("Chief Sponsor Changed to")]
    assert swaps and all(parse_change(t) is None for t in swaps)


def test_member_added_as_indiana_wisconsin_vermont(recorded: dict[str, list[str]]) -> None:
    ch = _real(recorded, "in", "Representatives Pierce K,  Dant Chesser added as coauthors")
    assert ch is not None and ch.added == ("Pierce K", "Dant Chesser")
    ch = _real(recorded, "in", "Representative Garcia Wilburn removed as coauthor")
    assert ch is not None and ch.removed == ("Garcia Wilburn",)
    ch = _real(recorded, "wi", "Senator Keyeski withdrawn as a cosponsor")
    assert ch is not None and ch.removed == ("Keyeski",) and ch.family == "member_added_as"
    ch = _real(recorded, "wi", "Representative Udell added as a cosponsor")
    assert ch is not None and ch.added == ("Udell",)
    listed = next(t for t in recorded["wi"] if t.startswith("Bradley, Cabral-Guevara, Carpenter,"))
    ch = parse_change(listed)
    assert ch is not None and ch.added[:2] == ("Bradley", "Cabral-Guevara") and ch.added[-1] == "Wirch"
    ch = _real(recorded, "vt", "Senator Hart name as co-sponsor of bill withdrawn")
    assert ch is not None and ch.removed == ("Hart",)
    ch = _real(recorded, "vt", "Request to withdraw as cosponsor")
    assert ch is not None and not ch.size_known and ch.delta == -1
    # Indiana's conferees and second-house sponsors are not co-sponsors
    conferees = [t for t in recorded["in"] if "added as conferee" in t]
    assert conferees and all(parse_change(t) is None for t in conferees)


def test_oklahoma_coauthored_by(recorded: dict[str, list[str]]) -> None:
    ch = _real(recorded, "ok", "Coauthored by Representative(s) Archer, Moore")
    assert ch is not None and ch.added == ("Archer", "Moore") and ch.family == "coauthored_by"
    ch = _real(recorded, "ok", "Remove as coauthor Representative(s) McCane")
    assert ch is not None and ch.removed == ("McCane",)
    ch = _real(recorded, "ok", "Coauthored by all other Representatives")
    assert ch is not None and not ch.size_known


def test_alaska_cosponsor_lists(recorded: dict[str, list[str]]) -> None:
    text = "(S) CROSS SPONSOR(S): KAWASAKI, TOBIN, DUNBAR, GIESSEL, GRAY-JACKSON, CLAMAN,"
    ch = _real(recorded, "ak", text)
    assert ch is not None and ch.added == ("KAWASAKI", "TOBIN", "DUNBAR", "GIESSEL", "GRAY-JACKSON", "CLAMAN")
    ch = _real(recorded, "ak", "(H) COSPONSOR REMOVED: JIMMIE")
    assert ch is not None and ch.removed == ("JIMMIE",) and ch.family == "cosponsors_list"


def test_minnesota_authors_added_and_stricken(recorded: dict[str, list[str]]) -> None:
    text = next(t for t in recorded["mn"] if t.startswith("Authors added Duran; Perryman;"))
    ch = parse_change(text)
    assert ch is not None and len(ch.added) == 21
    # "Anderson, P. H." and "Anderson, P. E." are two people; "and Roach" is Roach
    assert "Anderson, P. H." in ch.added and "Anderson, P. E." in ch.added and ch.added[-1] == "Roach"
    ch = _real(recorded, "mn", "Author stricken Perryman")
    assert ch is not None and ch.removed == ("Perryman",)
    shown = [t for t in recorded["mn"] if "be shown as chief author" in t]
    assert shown and all(parse_change(t) is None for t in shown)


def test_iowa_sponsors_added_keeps_initials(recorded: dict[str, list[str]]) -> None:
    text = next(t for t in recorded["ia"] if t.startswith("Sponsors added, Behn,"))
    ch = parse_change(text)
    assert ch is not None and ch.family == "sponsors_added_list"
    assert "Johnson, C." in ch.added and ch.added[-1] == "Vondran" and len(ch.added) == 10
    # a subcommittee's members are not sponsors
    assert parse_change("Subcommittee: Moore, T., Johnson, C. and Madison.") is None


def test_nebraska_name_added_and_withdrawn(recorded: dict[str, list[str]]) -> None:
    ch = _real(recorded, "ne", "Cavanaugh, J. name added")
    assert ch is not None and ch.added == ("Cavanaugh, J.",)
    ch = _real(recorded, "ne", "Wordekemper name withdrawn")
    assert ch is not None and ch.removed == ("Wordekemper",)


def test_south_carolina_request_name(recorded: dict[str, list[str]]) -> None:
    ch = _real(recorded, "sc", "Member(s) request name added as sponsor: Davis, M.M.Smith")
    assert ch is not None and ch.added == ("Davis", "M.M.Smith")
    ch = _real(recorded, "sc", "Member(s) request name removed as sponsor: Rivers")
    assert ch is not None and ch.removed == ("Rivers",)


def test_unnamed_changes_tennessee_california(recorded: dict[str, list[str]]) -> None:
    for st, text, direction in (("tn", "Sponsor(s) Added.", 1), ("tn", "Sponsor(s) withdrawn.", -1),
                                ("tn", "All Ayes added as Sponsors", 1), ("ca", "Coauthors revised.", 0)):
        ch = _real(recorded, st, text)
        assert ch is not None and not ch.size_known and ch.delta == direction, text


def test_every_recorded_addition_wording_is_read(recorded: dict[str, list[str]]) -> None:
    """Every recorded action saying a co-sponsor or author was added is read as a change, except
    the wordings that are not one (introductions, chief-sponsor swaps, second-house sponsors)."""
    adds = re.compile(r"added as (?:a )?co-?(?:sponsor|author)|^Added (?:as )?Co-Sponsor|COSPONSOR\(S\)|"
                      r"^Authors? added|name added|request name added", re.IGNORECASE)
    checked = 0
    for st, texts in recorded.items():
        for t in texts:
            if adds.search(t):
                checked += 1
                ch = parse_change(t)
                assert ch is not None and ch.delta >= 1, (st, t)
    assert checked > 19000


def test_growth_counts_recent_months_else_the_whole_history() -> None:
    steps = [Step("2025-02-03", "action", ("A", "B"), (), 2), Step("2025-03-10", "action", ("C",), (), 1),
             Step("2025-05-20", "action", (), ("A",), -1), Step("2025-06-02", "action", ("D", "E"), (), 2)]
    c = cosponsors.build(27, {"D": 20, "R": 7}, steps, [], date(2025, 6, 15))
    assert (c.growth, c.since, c.growth_source) == (2, "2025-03-01", "actions")  # +1 -1 +2
    assert c.summary() == "27 co-sponsors (20 D, 7 R), +2 since March"
    late = cosponsors.build(27, {"D": 20, "R": 7}, steps, [], date(2026, 12, 7))
    assert late.summary() == "27 co-sponsors (20 D, 7 R), +4 since February 2025"
    # a change of unknown size (Tennessee) leaves the number to the crawls
    unknown = [Step("2025-02-03", "action", (), (), None, "Sponsor(s) Added.")]
    crawls = [Step("2025-04-01", "crawl", ("X",), (), 1)]
    c = cosponsors.build(3, {"R": 3}, unknown, crawls, date(2025, 4, 20))
    assert (c.growth, c.growth_source) == (1, "crawls") and len(c.history) == 2
    assert cosponsors.build(1, {"unknown": 1}, [], [], date(2025, 1, 1)).summary() == "1 co-sponsor (1 party unknown)"


def test_party_split_from_matched_parties() -> None:
    count, split = cosponsors.tally([(True, "Democratic"), (False, "Democratic"), (False, "Republican"),
                                     (False, None), (False, "Democratic")])
    assert count == 4 and split == {"D": 2, "R": 1, "unknown": 1}
    words = cosponsors.event_words("sponsors_added", {"names": ["Ann Lee"], "removed": [], "count_before": 3,
                                                      "count_after": 4, "parties": {"D": 3, "R": 1}})
    assert words == "Co-sponsors added: Ann Lee; now 4 co-sponsors (3 D, 1 R), up from 3"


def test_fusion_ticket_party_letters_from_the_people_directory(shared: Path) -> None:
    """Every party named in the recorded people directory that is a fusion of known lines gets short
    letters (Vermont's "Democratic/Progressive" ran into the next sponsor column at full length);
    a party the letters do not know keeps its whole name."""
    import json

    names: set[str] = set()
    for f in sorted((shared / "people").glob("*/legislators.jsonl.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                names.update(p.get("name", "") for p in json.loads(line).get("party", []))
    assert "Democratic/Progressive" in names
    assert cosponsors.party_letter("Democratic/Progressive") == "D/P"
    assert cosponsors.party_letter("Republican/Conservative/Independence") == "R/C/IP"
    assert cosponsors.party_letter("Democratic") == "D"
    for name in names:
        short = cosponsors.party_letter(name)
        assert short == name or len(short) <= 8, name
    assert cosponsors.party_letter("Partido Nuevo Progresista") == "Partido Nuevo Progresista"
    # Minnesota's DFL (mn/2025-2026 HF 2860's sponsors Virnig, Norris, Rehrauer), alone and in a split
    assert "Democratic-Farmer-Labor" in names
    assert cosponsors.party_letter("Democratic-Farmer-Labor") == "DFL"
    assert cosponsors.split_words(cosponsors.party_split(["Democratic-Farmer-Labor"] * 2)) == "2 DFL"
    assert cosponsors.party_letter("Democratic/Some New Party") == "Democratic/Some New Party"


def _sp(name: str, primary: bool, person: str | None) -> dict[str, object]:
    return {"name": name, "primary": primary, "person_id": person, "entity_type": "person"}


def test_a_sponsor_listed_twice_counts_once() -> None:
    # wa/2025-2026 HB 1106 as recorded: the primary sponsor again as a co-sponsor, each co-sponsor twice
    barnard, leavitt = "ocd-person/fed97a36-088f-46e6-9b96-ca2d679c955b", "ocd-person/a203698b-5fe6-4a54-b939-5341937c57ec"
    rows = [_sp("Barnard", True, barnard), _sp("Barnard", False, barnard),
            _sp("Leavitt", False, leavitt), _sp("Leavitt", False, leavitt)]
    got = cosponsors.distinct_sponsors(rows)
    assert [(r["name"], r["primary"]) for r in got] == [("Barnard", True), ("Leavitt", False)]
    assert cosponsors.tally((bool(r["primary"]), None) for r in got)[0] == 1
    # a co-sponsor entry first, the primary one after: one sponsor, primary, in the first entry's place
    # (nj/221 A 2804 lists "Speight, Shanique" as both)
    later = cosponsors.distinct_sponsors([_sp("Speight, Shanique", False, "p1"), _sp("Speight, Shanique", True, "p1")])
    assert [(r["name"], r["primary"]) for r in later] == [("Speight, Shanique", True)]


def test_different_names_stay_apart_even_with_one_person() -> None:
    # near misses: ar/2025 SB 221 "L. Johnson" (House) and "B. Johnson" (Senate), which the matcher gave one
    # person; ca/20252026 AB 592 "Blanca Rubio" and "Rubio"; unmatched namesakes with the same words are one
    rows = [_sp("L. Johnson", True, "p"), _sp("B. Johnson", False, "p"),
            _sp("Blanca Rubio", False, "q"), _sp("Rubio", False, "q")]
    assert len(cosponsors.distinct_sponsors(rows)) == 4
    assert len(cosponsors.distinct_sponsors([_sp("Hunt", False, None), _sp("Hunt", False, None)])) == 1


def test_no_listed_cosponsor_but_the_legislature_records_some_joining() -> None:
    """tn/114 SB 0231: the record lists its sponsor alone; its actions say "Sponsor(s) Added." on 2025-03-20
    and 2025-03-24. The page said "0 co-sponsors" above that history (310 bills of the national database,
    292 in Tennessee)."""
    today = date(2026, 12, 8)
    steps = cosponsors.steps_from_actions([("2025-03-20", "Sponsor(s) Added."), ("2025-03-24", "Sponsor(s) Added.")])
    c = cosponsors.build(0, {}, steps, [], today)
    assert c.summary().startswith("No co-sponsor in the record stored here") and "0 co-sponsors" not in c.summary()
    # near misses: co-sponsors listed keep the count; nothing recorded keeps "0 co-sponsors"; a removal
    # alone is no joining (Vermont's "Request to withdraw as cosponsor")
    assert cosponsors.build(2, {"D": 2}, steps, [], today).summary().startswith("2 co-sponsors (2 D)")
    assert cosponsors.build(0, {}, [], [], today).summary() == "0 co-sponsors"
    gone = cosponsors.steps_from_actions([("2025-03-20", "Request to withdraw as cosponsor")])
    assert cosponsors.build(0, {}, gone, [], today).summary().startswith("0 co-sponsors")
