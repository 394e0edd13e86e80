"""Geometry for the server-rendered SVG charts (who pays, uncertainty band).

Plain numbers only: the template draws the shapes and escapes every label. Server-side SVG keeps the
page fast and readable without JavaScript, and prints.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies
PAYER_COLOURS = {"Taxes": "#0072b2", "Premiums": "#e69f00", "Out of pocket": "#cc79a7", "Other private": "#7f7f7f"}
WIDTH = 560
LABEL_W = 150
BAR_H = 34
GAP = 18


def money(v: float | None) -> str:
    """$415.9B / $980M: dollar amounts as people read them."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    a = abs(v)
    sign = "-" if v < 0 else ""
    if a >= 1e12:
        return f"{sign}${a / 1e12:.2f}T"
    if a >= 1e9:
        return f"{sign}${a / 1e9:.1f}B"
    if a >= 1e6:
        return f"{sign}${a / 1e6:.0f}M"
    return f"{sign}${a:,.0f}"


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    label: str
    value: float
    text: str = ""
    text_fill: str = "#ffffff"


@dataclass
class BarRow:
    label: str
    y: float
    total: float
    rects: list[Rect] = field(default_factory=list)


@dataclass
class StackedChart:
    width: int
    height: int
    rows: list[BarRow]
    ticks: list[tuple[float, str]]
    plot_x: float
    plot_w: float
    legend: list[tuple[str, str]]


def stacked_bars(bars: list[Any]) -> StackedChart:
    """Horizontal stacked bars, one per scenario, split by who pays."""
    top = max((b.total for b in bars), default=0.0)
    vmax = _nice_max(max(top, sum(v for b in bars for _, v in b.parts) / max(len(bars), 1)))
    plot_x, plot_w = LABEL_W, WIDTH - LABEL_W - 20
    rows = []
    for i, b in enumerate(bars):
        y = 10 + i * (BAR_H + GAP)
        x = plot_x
        row = BarRow(label=b.label, y=y, total=b.total)
        for name, v in b.parts:
            if v <= 0:
                continue
            w = v / vmax * plot_w
            fill = PAYER_COLOURS.get(name, "#555555")
            txt = money(v) if w > 58 else ""
            row.rects.append(Rect(x=x, y=y, w=w, h=BAR_H, fill=fill, label=name, value=v, text=txt,
                                  text_fill="#000000" if name in ("Premiums", "Out of pocket") else "#ffffff"))
            x += w
        rows.append(row)
    ticks = [(plot_x + plot_w * k / 4, money(vmax * k / 4)) for k in range(5)]
    height = 10 + len(bars) * (BAR_H + GAP) + 24
    legend = [(n, c) for n, c in PAYER_COLOURS.items() if any(v > 0 and p == n for b in bars for p, v in b.parts)]
    return StackedChart(width=WIDTH, height=height, rows=rows, ticks=ticks, plot_x=plot_x, plot_w=plot_w,
                        legend=legend)


@dataclass
class BandChart:
    width: int
    height: int
    band_x: float
    band_w: float
    median_x: float
    sq_x: float
    ticks: list[tuple[float, str]]
    low: float
    high: float
    median: float
    status_quo: float


def band(b: dict[str, float]) -> BandChart:
    """The P10-P90 range of the single-payer total against today's spending."""
    lo_v = min(b["low"], b["status_quo"])
    hi_v = max(b["high"], b["status_quo"])
    pad = (hi_v - lo_v) * 0.15 or hi_v * 0.05
    lo_v, hi_v = lo_v - pad, hi_v + pad
    x0, w = 20.0, WIDTH - 40.0

    def x(v: float) -> float:
        return x0 + (v - lo_v) / (hi_v - lo_v) * w

    ticks = [(x(lo_v + (hi_v - lo_v) * k / 4), money(lo_v + (hi_v - lo_v) * k / 4)) for k in range(5)]
    return BandChart(width=WIDTH, height=96, band_x=x(b["low"]), band_w=max(2.0, x(b["high"]) - x(b["low"])),
                     median_x=x(b["median"]), sq_x=x(b["status_quo"]), ticks=ticks, low=b["low"],
                     high=b["high"], median=b["median"], status_quo=b["status_quo"])
