"""The hearing parser, one test per phrasing family, on actions quoted from the national recording
(each quote is checked to be in ../shared/national/<st>/<session>/actions.csv.gz as recorded)."""

from __future__ import annotations

import csv
import gzip
from functools import cache
from pathlib import Path

import pytest

from statecare.nlp.hearings import parse_hearing


@cache
def _recorded(path: str) -> frozenset[tuple[str, str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return frozenset((r["bill"], r["date"], r["description"]) for r in csv.DictReader(fh))


def recorded(shared: Path, st: str, session: str, bill: str, date: str, text: str) -> tuple[str, str]:
    """The action as recorded (fails if the quote is not in the recording), as (text, date)."""
    rows = _recorded(str(shared / "national" / st / session / "actions.csv.gz"))
    assert (bill, date, text) in rows, f"not in the {st} recording: {bill} {date} {text!r}"
    return text, date


def test_same_day_committee_notice_wa_nd_mt(shared: Path) -> None:
    h = parse_hearing(*recorded(shared, "wa", "2025-2026", "HB 1099", "2025-02-04",
                                "Public hearing in the House Committee on Housing at 4:00 PM."), "wa")
    assert (h.date, h.time, h.committee, h.status) == ("2025-02-04", "16:00", "House Committee on Housing", "scheduled")
    h = parse_hearing(*recorded(shared, "nd", "69", "HB 1004", "2025-02-03", "Committee Hearing 02:00"), "nd")
    assert (h.date, h.time) == ("2025-02-03", "14:00")  # no AM/PM: 2 o'clock on a working day
    h = parse_hearing(*recorded(shared, "mt", "2025", "HB 115", "2025-01-07T02:07:00+00:00",
                                "(H) Hearing - (H) State Administration"), "mt")
    # recorded in UTC: 02:07 UTC on the 7th is the evening of the 6th in Helena
    assert (h.date, h.committee) == ("2025-01-06", "House State Administration")


def test_label_numeric_date_time_room_ia_nh(shared: Path) -> None:
    h = parse_hearing(*recorded(shared, "ia", "2025-2026", "HF 248", "2025-03-18",
                                "Subcommittee Meeting: 03/19/2025 8:30AM Senate Lounge."), "ia")
    assert (h.date, h.time, h.location, h.kind) == ("2025-03-19", "08:30", "Senate Lounge", "meeting")
    h = parse_hearing(*recorded(shared, "ia", "2025-2026", "HF 106", "2025-01-29",
                                "Subcommittee Meeting: 01/30/2025 11:30AM RM 19 (Cancelled)."), "ia")
    assert (h.date, h.location, h.status) == ("2025-01-30", "RM 19", "canceled")
    h = parse_hearing(*recorded(shared, "nh", "2026", "HB360", "2025-02-12",
                                "Public Hearing: 02/19/2025 02:30 pm LOB 205-207"), "nh")
    assert (h.date, h.time, h.location) == ("2025-02-19", "14:30", "LOB 205-207")
    h = parse_hearing(*recorded(shared, "nh", "2025", "HB146", "2025-04-03",
                                "Hearing: 04/08/2025, Room 100, SH, 01:40 pm;  SC 16"), "nh")
    assert (h.date, h.time, h.location) == ("2025-04-08", "13:40", "Room 100, SH")


def test_scheduled_for_date_from_to_ma(shared: Path) -> None:
    h = parse_hearing(*recorded(shared, "ma", "194th", "H1008", "2025-04-01",
                                "Hearing scheduled for 04/08/2025 from 01:00 PM-05:00 PM in A-1"), "ma")
    assert (h.date, h.time, h.end_time, h.location) == ("2025-04-08", "13:00", "17:00", "A-1")


def test_weekday_month_name_ks_mo(shared: Path) -> None:
    h = parse_hearing(*recorded(shared, "ks", "2025-2026", "HB2012", "2025-02-11",
                                "Hearing: Thursday, February 13, 2025, 3:30 PM Room 112-N"), "ks")
    assert (h.date, h.time, h.location) == ("2025-02-13", "15:30", "Room 112-N")
    text = ("Public Hearing Scheduled (S) - Local Government, Elections and Pensions Committee, Thursday, "
            "September 11, 2025, 10:00 a.m., Senate Committee Room 2, pending referral of HB 1 and HCS  HJR 3.")
    h = parse_hearing(*recorded(shared, "mo", "2025S2", "HB 1", "2025-09-10T05:00:00+00:00", text), "mo")
    assert (h.date, h.time, h.committee, h.location) == (
        "2025-09-11", "10:00", "Local Government, Elections and Pensions Committee", "Senate Committee Room 2")


def test_dates_without_a_year_md_ca_and_month_names_ne(shared: Path) -> None:
    h = parse_hearing(*recorded(shared, "md", "2025", "HB0005", "2025-03-19", "Hearing 3/25 at 1:00 p.m."), "md")
    assert (h.date, h.time) == ("2025-03-25", "13:00")
    h = parse_hearing(*recorded(shared, "ca", "20252026_Special_Session_1", "SB2", "2025-01-16",
                                "Set for hearing January 22."), "ca")
    assert h.date == "2025-01-22"
    h = parse_hearing(*recorded(shared, "ne", "109", "LB11", "2025-02-05", "Notice of hearing for February 25, 2025"),
                      "ne")
    assert h.date == "2025-02-25"


def test_hearing_reported_held_wi_mo(shared: Path) -> None:
    h = parse_hearing(*recorded(shared, "wi", "2025", "AB107", "2025-05-08T05:00:00+00:00", "Public hearing held"), "wi")
    assert (h.date, h.status) == ("2025-05-08", "held")
    h = parse_hearing(*recorded(shared, "mo", "2025S2", "HJR 3", "2025-09-04T05:00:00+00:00",
                                "Public Hearing Completed (H)"), "mo")
    assert (h.date, h.status) == ("2025-09-04", "held")


@pytest.mark.parametrize(("st", "session", "bill", "date", "text"), [
    ("md", "2025", "HB0058", "2025-01-21", "Hearing canceled"),
    ("ak", "34", "HB38", "2025-03-17", "(H) <Bill Hearing Canceled>"),
    ("ca", "20252026", "AB1018", "2025-03-28",
     "In committee: Set, first hearing. Hearing canceled at the request of author."),
])
def test_no_hearing_without_a_day(shared: Path, st: str, session: str, bill: str, date: str, text: str) -> None:
    """A cancellation that names no day announces no hearing: nothing is invented."""
    assert parse_hearing(*recorded(shared, st, session, bill, date, text), st) is None
