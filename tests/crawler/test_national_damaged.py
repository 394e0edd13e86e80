"""A cut or corrupt file of the national recording is named (path and line) and skipped whole;
the other sessions are served. Damaged copies are made in a temp folder, never in shared/."""

from __future__ import annotations

import gzip
import logging
import shutil
from pathlib import Path

import pytest

from statecare.crawler.replay.national import NationalRecording
from statecare.crawler.replay.server import Recordings

GOOD = ("al", "2026rs")  # 11 bills


def _copy(shared: Path, dest: Path, st: str, session: str) -> Path:
    out = dest / st / session
    out.mkdir(parents=True)
    shutil.copy(shared / "national" / st / session / "bills.jsonl.gz", out / "bills.jsonl.gz")
    return out / "bills.jsonl.gz"


def _lines(path: Path) -> list[bytes]:
    with gzip.open(path, "rb") as f:
        return f.readlines()


def test_truncated_gzip_is_named_and_the_other_sessions_are_served(
        shared: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    good = _copy(shared, tmp_path, *GOOD)
    bad = _copy(shared, tmp_path, "ks", "2025-2026")
    data = bad.read_bytes()
    bad.write_bytes(data[: len(data) // 2])  # a download cut halfway: gzip ends early
    whole = len(_lines(shared / "national" / "ks" / "2025-2026" / "bills.jsonl.gz"))
    with caplog.at_level(logging.WARNING, logger="statecare.crawler.replay.national"):
        rec = NationalRecording(tmp_path)
    assert rec.states() == {"al"}  # nothing of the cut session, not even the lines before the cut
    assert len(rec.bills) == len(_lines(good))
    [(path, reason)] = rec.errors
    line = int(reason.split("line ")[1].split(":")[0])
    assert path == bad and "EOFError" in reason and 1 < line < whole and "skipped" in reason
    assert str(bad) in caplog.text and f"line {line}" in caplog.text


def test_bad_json_line_is_named_by_its_number(shared: Path, tmp_path: Path, fixtures: Path) -> None:
    _copy(shared, tmp_path, *GOOD)
    src = shared / "national" / "ks" / "2025-2026" / "bills.jsonl.gz"
    real = _lines(src)[:5]
    out = tmp_path / "ks" / "2025-2026"
    out.mkdir(parents=True)
    with gzip.open(out / "bills.jsonl.gz", "wb") as g:  # line 4 is a real record cut short
        g.writelines([*real[:3], real[3][: len(real[3]) // 2] + b"\n", real[4]])
    rec = Recordings(fixtures, national=tmp_path)
    [(path, reason)] = [e for e in rec.load_errors if "national" not in str(e[0]) or e[0].is_relative_to(tmp_path)]
    assert path == out / "bills.jsonl.gz" and "line 4:" in reason and "JSONDecodeError" in reason
    assert rec.national is not None and rec.national.states() == {"al"}
