"""Which recorded file answers which original URL, and with which headers.

The manifest is the committed map from the URLs that the bill records link to (their `versions`
and `documents`, and the URLs named in shared/fixtures/PROVENANCE*.md) to the files in
shared/fixtures that hold the bytes those servers sent. Headers are the ones the original servers
use for these files: Washington's lawfilesext sends UTF-8 HTML that starts with a byte-order mark
and no charset (the BOM decides), New Jersey's Word-made pages are windows-1252, Colorado's bill
download was sent with `Content-Encoding: br` (rebuilt here byte-exactly as PROVENANCE-2.md
describes), Vermont's PDFs are application/pdf.

Some entries are NOT original responses and say so in a response header (`X-Replay-Note`): text
that a recording pipeline had already extracted from the document (Massachusetts PDFs, the
Washington SB 5233 page), and the New York Health Act's official text as saved in a Markdown page. They are served as text/plain at the document's
URL so that those bills get a text at all; the stored `text_media_type` shows text/plain.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class RecordedDocument:
    url: str  # the original URL, as the bill record links it
    path: str  # relative to shared/fixtures
    content_type: str
    content_encoding: str | None = None  # "br": rebuild the brotli wrapper the server sent
    note: str | None = None  # set when the bytes are not the server's own response


PIPELINE_TEXT = "pipeline-extracted text, not the original response (see PROVENANCE.md)"
SAVED_PAGE_TEXT = ("the bill's official text as saved in a Markdown page (ryantd42/NY-Legislative-Git, "
                   "see PROVENANCE.md), not the PDF the URL serves")

WA = "http://lawfilesext.leg.wa.gov/Biennium/2025-26"
MN = "https://www.revisor.mn.gov/bills/94"
NM = "https://www.nmlegis.gov/Sessions/25 Special/bills"
CO_S3 = "https://s3.us-west-2.amazonaws.com/beta.leg.colorado.gov"
VT = "http://legislature.vermont.gov/Documents/2026/Docs"

DOCUMENTS: tuple[RecordedDocument, ...] = (
    # Washington lawfilesext (UTF-8 with BOM, no charset parameter)
    RecordedDocument(f"{WA}/Htm/Bills/House%20Bills/1445.htm",
                     "state_html/wa/WA_2025-2026_HB1445_1445_Bill.htm", "text/html"),
    RecordedDocument(f"{WA}/Htm/Bills/Senate%20Joint%20Memorials/8004-.htm",
                     "state_html/wa/WA_2025-2026_SJM8004_8004-_Joint_Memorial.htm", "text/html"),
    RecordedDocument(f"{WA}/Htm/Bills/House%20Passed%20Legislature/1009.PL.htm",
                     "state_html/wa/WA_2025-2026_HB1009_1009.PL_Passed_Legislature.htm", "text/html"),
    RecordedDocument(f"{WA}/Htm/Bills/Senate%20Bills/5233.htm",
                     "bill_texts/wa/WA_2025-2026_SB5233_Washington_health_trust_extracted.txt",
                     "text/plain; charset=utf-8", note=PIPELINE_TEXT),
    # Minnesota revisor
    RecordedDocument(f"{MN}/2025/0/HF/1812/versions/0/",
                     "state_html/mn_revisor/MN_2025-2026_HF1812_Minnesota_Health_Plan_Introduction.html",
                     "text/html; charset=utf-8"),
    RecordedDocument(f"{MN}/2025/0/HF/3057/versions/0/",
                     "state_html/mn_revisor/MN_2025-2026_HF3057_MinnesotaCare_public_option_Introduction.html",
                     "text/html; charset=utf-8"),
    RecordedDocument(f"{MN}/2025/0/HF/27/versions/0/",
                     "state_html/mn_revisor/MN_2025-2026_HF27_public_option_waiver_repeal_Introduction.html",
                     "text/html; charset=utf-8"),
    RecordedDocument(f"{MN}/2026/0/HF/4058/versions/0/",
                     "state_html/mn_revisor/MN_2025-2026_HF4058_toboggan_state_sled_Introduction_NONHEALTH.html",
                     "text/html; charset=utf-8"),
    # New Mexico nmlegis (WordPerfect HTML; the space in "25 Special" is part of the real URL)
    RecordedDocument(f"{NM}/house/HB0002.html",
                     "state_html/nm_nmlegis/NM_2025S1_HB0002_health_care_coverage_changes_introduced.html",
                     "text/html"),
    RecordedDocument(f"{NM}/senate/SB0001.html",
                     "state_html/nm_nmlegis/NM_2025S1_SB0001_health_care_grants_stabilization_introduced.html",
                     "text/html"),
    RecordedDocument(f"{NM}/senate/SB0004.HTML",
                     "state_html/nm_nmlegis/NM_2025S1_SB0004_child_best_interests_introduced_NONHEALTH.HTML",
                     "text/html"),
    # Colorado
    RecordedDocument(f"{CO_S3}/f88c78143cd6789e563630f0226d7b95",
                     "state_html/co_leg/CO_2025B_HB25B-1007_Health_Insurance_Affordability_Enterprise_Board_Introduced.html",
                     "text/html"),
    RecordedDocument(f"{CO_S3}/0bc8763ba54f25ae2974a9902c289190",
                     "state_html/co_leg/CO_2025B_HB25B-1006_Improve_Affordability_Private_Health_Insurance_Introduced.html",
                     "text/html"),
    RecordedDocument("https://leg.colorado.gov/bill_files/110893/download",
                     "pdf/co/CO_2026A_HJR1002_Signed_Act_decoded.pdf", "application/pdf", content_encoding="br"),
    # New Jersey (Word "filtered" HTML in windows-1252)
    RecordedDocument("https://pub.njleg.state.nj.us/Bills/2026/A4000/3624_I1.HTM",
                     "state_html/nj_njleg/NJ_222_A3624_I1_affordable_health_care_plans_enrollment_websites.HTM",
                     "text/html; charset=windows-1252"),
    # Vermont PDFs
    RecordedDocument(f"{VT}/BILLS/H-0433/H-0433%20As%20Introduced.pdf",
                     "pdf/vt/VT_2025-2026_H433_Green_Mountain_Care_incremental_implementation_As_Introduced.pdf",
                     "application/pdf"),
    RecordedDocument(f"{VT}/BILLS/H-0185/H-0185%20As%20Introduced.pdf",
                     "pdf/vt/VT_2025-2026_H185_universal_primary_care_As_Introduced.pdf", "application/pdf"),
    RecordedDocument(f"{VT}/BILLS/H-0833/H-0833%20As%20Introduced.pdf",
                     "pdf/vt/VT_2025-2026_H833_public_option_feasibility_As_Introduced.pdf", "application/pdf"),
    RecordedDocument(f"{VT}/BILLS/H-0845/H-0845%20As%20Introduced.pdf",
                     "pdf/vt/VT_2025-2026_H845_snow_tire_tax_deduction_As_Introduced_NONHEALTH.pdf",
                     "application/pdf"),
    RecordedDocument(f"{VT}/ACTS/ACT173/ACT173%20As%20Enacted.pdf",
                     "pdf/vt/VT_2025-2026_S197_ACT173_As_Enacted.pdf", "application/pdf"),
    RecordedDocument(f"{VT}/ACTS/ACT173/ACT173%20Act%20Summary.pdf",
                     "pdf/vt/VT_2025-2026_S197_ACT173_Act_Summary.pdf", "application/pdf"),
    # New York Health Act 2023-24: the official LBDC text, recorded as a saved Markdown bill page
    RecordedDocument("https://legislation.nysenate.gov/pdf/bills/2023/S7590",
                     "bill_texts/ny/NY_2023_S7590.md.txt", "text/plain; charset=utf-8", note=SAVED_PAGE_TEXT),
    RecordedDocument("https://legislation.nysenate.gov/pdf/bills/2023/A7897",
                     "bill_texts/ny/NY_2023_A7897.md.txt", "text/plain; charset=utf-8", note=SAVED_PAGE_TEXT),
    # Massachusetts: only the recording pipeline's text of the PDFs exists
    RecordedDocument("https://malegislature.gov/Bills/194/S860.pdf",
                     "bill_texts/ma/MA_194th_S860_medicare_for_all_extracted.txt",
                     "text/plain; charset=utf-8", note=PIPELINE_TEXT),
    RecordedDocument("https://malegislature.gov/Bills/194/H1246.pdf",
                     "bill_texts/ma/MA_194th_H1246_public_health_option_extracted.txt",
                     "text/plain; charset=utf-8", note=PIPELINE_TEXT),
)

# The brotli wrapper the Colorado server sent around the PDF (PROVENANCE-2.md): one uncompressed
# meta-block, header AB D3 D1 0B (WBITS=22, MLEN=500,648, ISUNCOMPRESSED=1), trailer 03.
CO_BROTLI_HEADER = bytes.fromhex("ABD3D10B")
CO_BROTLI_TRAILER = bytes.fromhex("03")


def url_key(url: str) -> tuple[str, str, str]:
    """Match key for a URL: host, percent-decoded path, query; the scheme is ignored.

    Records link some hosts by http and others by https, and a client may percent-encode a
    space that the record wrote literally ("25 Special"); both name the same document.
    """
    parts = urlsplit(url)
    return (parts.netloc.lower(), unquote(parts.path), parts.query)


def document_index() -> dict[tuple[str, str, str], RecordedDocument]:
    return {url_key(d.url): d for d in DOCUMENTS}


def body_of(doc: RecordedDocument, fixtures: Path) -> bytes:
    """The bytes as the server sent them (re-wrapped in brotli where it had been)."""
    data = (fixtures / doc.path).read_bytes()
    if doc.content_encoding == "br":
        # The recording is the exact PDF inside one uncompressed meta-block; the header encodes
        # its length, so refuse to send a wrapper that would not match the file.
        if len(data) != 500_648:
            raise ValueError(f"{doc.path}: expected 500,648 bytes for the recorded brotli header")
        data = CO_BROTLI_HEADER + data + CO_BROTLI_TRAILER
    return data
