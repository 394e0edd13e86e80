"""Washington: bill documents from lawfilesext.leg.wa.gov for the Washington bills.

The bill list comes from Open States (jurisdiction Washington, the same search terms); the text comes
from the legislature's own file server, where every bill exists as HTML (UTF-8 with a byte-order
mark) beside the PDF: .../Biennium/2025-26/Htm/Bills/House Bills/1445.htm and .../Pdf/.../1445.pdf.
A version that links only the PDF gets its HTML sibling tried first, because the HTML keeps the
section structure; text from anywhere but lawfilesext is not used.
"""

from __future__ import annotations

import re
from typing import Any

from statecare.crawler.items import BillItem
from statecare.crawler.spiders.openstates import OpenStatesSpider
from statecare.crawler.version_text import ranked_links

LAWFILES = "lawfilesext.leg.wa.gov"
_PDF_RE = re.compile(r"/Pdf/(.*)\.pdf$", re.IGNORECASE)


def lawfiles_links(version: dict[str, Any]) -> list[dict[str, Any]]:
    """The version's lawfilesext links, HTML first, with the HTML sibling of a lone PDF added."""
    links = [lk for lk in version.get("links") or [] if isinstance(lk, dict) and LAWFILES in str(lk.get("url"))]
    urls = {lk["url"] for lk in links}
    extra = []
    for lk in links:
        m = _PDF_RE.search(str(lk["url"]))
        if m:
            html = str(lk["url"])[: m.start()] + f"/Htm/{m.group(1)}.htm"
            if html not in urls:
                extra.append({"url": html, "media_type": "text/html"})
    return ranked_links(links + extra)


class WashingtonSpider(OpenStatesSpider):
    name = "wa"

    def __init__(self, **kw: Any) -> None:
        kw["state"] = "wa"
        super().__init__(**kw)

    def make_item(self, record: dict[str, Any], url: str) -> BillItem:
        item = super().make_item(record, url)
        for i, version in enumerate(record.get("versions") or []):
            item.text_links[i] = lawfiles_links(version)
        return item
