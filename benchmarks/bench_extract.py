"""Print extraction speed for every fixture document and H.433's coverage of the pipeline text.

Figures only (never pass/fail). Speed: each document extracted REPEAT times, best run kept, so
the number reflects the extractor rather than a cold disk; PDFs are reported in pages/s, HTML in
KB/s. Coverage: the share of the pipeline extraction's words (furniture removed, see
tests/documents/test_pdf_vermont.py) found in text + struck_text.
Source data: ../shared/fixtures (state_html/, pdf/, bill_texts/vt/), never copied.
"""

from __future__ import annotations

import re
import sys
import time

from statecare.config import shared_dir
from statecare.documents import extract
from statecare.documents.compare import contains_run, coverage, tokens

REPEAT = 3


def _best(data: bytes, media_type: str | None) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        result = extract(data, media_type=media_type)
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> int:
    shared = shared_dir(required=False)
    if shared is None:
        print("recorded data not found: set STATECARE_SHARED")
        return 1
    fx = shared / "fixtures"
    pdf_pages = pdf_time = 0.0
    html_bytes = html_time = 0.0
    print(f"{'file':70} {'kind':5} {'pages':>5} {'ms':>8} {'rate':>14}  status")
    for path in sorted((fx / "pdf").rglob("*.pdf")) + sorted((fx / "state_html").rglob("*.*")):
        data = path.read_bytes()
        secs, r = _best(data, None)
        if r.media_type == "application/pdf":
            pdf_pages += r.pages or 0
            pdf_time += secs
            rate = f"{(r.pages or 0) / secs:9.1f} pg/s"
        else:
            html_bytes += len(data)
            html_time += secs
            rate = f"{len(data) / 1024 / secs:9.0f} KB/s"
        print(f"{path.name[:70]:70} {r.media_type.split('/')[-1][:5]:5} {r.pages or '':>5} "
              f"{secs * 1000:8.1f} {rate:>14}  {r.status}")
    print(f"PDF total: {pdf_pages:.0f} pages in {pdf_time:.2f} s = {pdf_pages / pdf_time:.1f} pages/s")
    print(f"HTML total: {html_bytes / 1024:.0f} KB in {html_time:.2f} s = {html_bytes / 1024 / html_time:.0f} KB/s")

    h433 = next((fx / "pdf" / "vt").glob("VT_2025-2026_H433_*.pdf"))
    ref_path = fx / "bill_texts" / "vt" / "VT_2025-2026_H433_As_Introduced_pipeline_extracted.txt"
    raw = ref_path.read_text(encoding="utf-8").split("=" * 20, 1)[1].split("\n", 1)[1]
    furniture = re.compile(r"BILL AS INTRODUCED H\.\d+|\d{4} Page \d+ of \d+|VT LEG #\d+ v\.\d+")
    clean = "\n".join(
        re.sub(r"^\d{1,2}(?:\s|$)", "", ln.strip()) for ln in raw.splitlines() if not furniture.fullmatch(ln.strip())
    )
    r = extract(h433.read_bytes())
    for label, ref in (("furniture removed", clean), ("raw pipeline text", raw)):
        c = coverage(ref, r.text, r.struck_text)
        print(f"H.433 coverage vs {label}: {c.reference_tokens} tokens, bag={c.bag:.4f} "
              f"ordered={c.ordered:.4f} (struck supplies {c.from_struck})")
    am = tokens(r.text)
    passages = r.struck_text.split("\n\n")
    leaked = [p for p in passages if len(tokens(p)) >= 3 and contains_run(am, tokens(p))]
    print(f"H.433: {len(passages)} struck passages, {len(tokens(r.struck_text))} struck words, "
          f"{len(am)} amended words; struck passages (>=3 words) found in amended text: {len(leaked)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
