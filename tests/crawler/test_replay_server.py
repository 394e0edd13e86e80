"""The replay server serves the recorded bytes with the original headers and the documented
envelopes, 404s anything unrecorded, and injects failures only when asked."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

from statecare.crawler.replay import Fault, ReplayServer
from statecare.crawler.replay.recorded_documents import DOCUMENTS
from statecare.crawler.replay_handler import replay_url


@pytest.fixture(scope="module")
def server(fixtures: Path):
    with ReplayServer(fixtures) as s:
        yield s


def get(server: ReplayServer, url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(replay_url(server.url, url)) as r:
            return r.status, dict(r.headers.items()), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read()


def test_every_manifest_entry_is_a_real_fixture_file(fixtures: Path) -> None:
    for doc in DOCUMENTS:
        assert (fixtures / doc.path).is_file(), doc.path


def test_documents_come_back_byte_exact_with_original_headers(server: ReplayServer, fixtures: Path) -> None:
    status, headers, body = get(server, "http://lawfilesext.leg.wa.gov/Biennium/2025-26/Htm/Bills/House%20Bills/1445.htm")
    assert status == 200 and body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, as lawfilesext sends it
    assert body == (fixtures / "state_html/wa/WA_2025-2026_HB1445_1445_Bill.htm").read_bytes()
    _, headers, body = get(server, "https://pub.njleg.state.nj.us/Bills/2026/A4000/3624_I1.HTM")
    assert headers["Content-Type"] == "text/html; charset=windows-1252"
    body.decode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")  # really windows-1252 bytes, not re-encoded


def test_colorado_pdf_is_sent_brotli_wrapped_as_recorded(server: ReplayServer, fixtures: Path) -> None:
    status, headers, body = get(server, "https://leg.colorado.gov/bill_files/110893/download")
    pdf = (fixtures / "pdf/co/CO_2026A_HJR1002_Signed_Act_decoded.pdf").read_bytes()
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert len(body) == 500_653 and body[:4] == bytes.fromhex("ABD3D10B") and body[-1:] == b"\x03"
    assert brotli.decompress(body) == pdf


def test_space_in_a_real_url_matches_encoded_or_not(server: ReplayServer) -> None:
    a = get(server, "https://www.nmlegis.gov/Sessions/25%20Special/bills/house/HB0002.html")
    assert a[0] == 200 and b"HOUSE BILL 2" in a[2]


def test_pipeline_text_is_marked_as_such(server: ReplayServer) -> None:
    status, headers, _ = get(server, "https://malegislature.gov/Bills/194/S860.pdf")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "pipeline-extracted" in headers["X-Replay-Note"]


def test_unrecorded_urls_are_404(server: ReplayServer) -> None:
    assert get(server, "https://malegislature.gov/Bills/194/S849.pdf")[0] == 404
    assert get(server, "https://example.org/")[0] == 404
    assert get(server, "https://api.legiscan.com/?key=k&op=getBillText&id=153588")[0] == 404


def test_openstates_v3_envelope_pages_and_filters(server: ReplayServer, fixtures: Path) -> None:
    base = "https://api.openstates.org/bills?jurisdiction=ocd-jurisdiction/country:us/state:vt/government"
    status, headers, body = get(server, base + "&q=x&include=actions&per_page=4&page=2")
    page = json.loads(body)
    vt_files = list((fixtures / "openstates/vt").glob("*.json"))
    assert status == 200 and "not evaluated" in headers["X-Replay-Note"]
    assert page["pagination"] == {"per_page": 4, "page": 2, "max_page": 2, "total_items": len(vt_files)}
    assert len(page["results"]) == len(vt_files) - 4
    bill = page["results"][0]
    assert "actions" in bill and "versions" not in bill  # only what include= asked for
    assert bill["actions"][0]["organization"]["classification"] in ("upper", "lower")
    by_name = json.loads(get(server, "https://api.openstates.org/bills?jurisdiction=Vermont&per_page=20")[2])
    assert by_name["pagination"]["total_items"] == len(vt_files)
    assert get(server, "https://api.openstates.org/bills?jurisdiction=vt&per_page=21")[0] == 400
    assert get(server, "https://api.openstates.org/bills?per_page=5")[0] == 400  # neither jurisdiction nor q


def test_recorded_v3_items_are_served_verbatim(server: ReplayServer, fixtures: Path) -> None:
    recorded = json.loads((fixtures / "openstates/api_v3/v3_bills_search_results_NY_2025-2026_q-immigration_first11.json").read_bytes())
    page = json.loads(get(server, "https://api.openstates.org/bills?jurisdiction=ny&session=2025-2026&per_page=20")[2])
    served = {b["identifier"]: b for b in page["results"]}
    for item in recorded:
        assert served[item["identifier"]] == item


def test_legiscan_envelopes(server: ReplayServer, fixtures: Path) -> None:
    bill = json.loads((fixtures / "legiscan/legiscanrr_dataset_bill_HB1.json").read_bytes())["bill"]
    ok = json.loads(get(server, f"https://api.legiscan.com/?key=k&op=getBill&id={bill['bill_id']}")[2])
    assert ok == {"status": "OK", "bill": bill}
    rec = json.loads((fixtures / "legiscan/legitrack-api_getSearch_searchresult_CO_2018_sugar.json").read_bytes())
    sugar = json.loads(get(server, "https://api.legiscan.com/?key=k&op=getSearch&state=CO&query=sugar")[2])
    assert sugar == {"status": "OK", "searchresult": rec["results"]}
    hits = json.loads(get(server, "https://api.legiscan.com/?key=k&op=getSearch&state=AK&query=x")[2])["searchresult"]
    assert hits["summary"]["count"] == 2 and {hits["0"]["bill_id"], hits["1"]["bill_id"]} == {230084, 230086}
    nokey = json.loads(get(server, "https://api.legiscan.com/?op=getBill&id=230084")[2])
    assert nokey["status"] == "ERROR"


def test_faults_are_injected_only_where_asked(fixtures: Path) -> None:
    target = "https://malegislature.gov/Bills/194/S860.pdf"
    faults = [Fault("S860.pdf", "429", times=1, retry_after=7), Fault("H1246.pdf", "truncate")]
    with ReplayServer(fixtures, faults=faults) as s:
        status, headers, _ = get(s, target)
        assert (status, headers["Retry-After"]) == (429, "7")
        assert get(s, target)[0] == 200  # times=1: the second request is served
        full = (fixtures / "bill_texts/ma/MA_194th_H1246_public_health_option_extracted.txt").read_bytes()
        assert get(s, "https://malegislature.gov/Bills/194/H1246.pdf")[2] == full[: len(full) // 2]
        assert s.hits[target] == 2
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("x", "418")


def test_dataloss_fault_closes_before_the_announced_length(fixtures: Path) -> None:
    with ReplayServer(fixtures, faults=[Fault("S860.pdf", "dataloss")]) as s:
        host, port = s.url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port))
        conn.request("GET", "/malegislature.gov/Bills/194/S860.pdf")
        resp = conn.getresponse()
        with pytest.raises(http.client.IncompleteRead):
            resp.read()
