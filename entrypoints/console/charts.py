"""Bar charts as SVG, drawn on the server: no chart library, no script, nothing to download.

The chart is an image with a text alternative (``aria-label``) and a ``<title>`` per bar; the page
shows the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH, HEIGHT, AXIS, TOP = 720, 200, 24, 8
BAR_GAP = 0.15
"""The share of a bar's slot left free on each side of it."""


@dataclass(frozen=True)
class Bar:
    label: str
    """Under the bar (short: a day, a channel)."""
    value: Decimal | int
    shown: str
    """The value as the page writes it (money, a count)."""


def label_place(i: int, count: int, slot: float) -> tuple[float, str]:
    """Where the ``i``-th bar's label stands: under its bar's middle, except that the first starts
    at its bar's left edge and the last ends at its bar's right one: centred, a label wider than
    the slot would overhang the image's edge and be clipped ("ov 5" for "Nov 5")."""
    if i == 0:
        return i * slot + slot * BAR_GAP, "start"
    if i == count - 1:
        return (i + 1) * slot - slot * BAR_GAP, "end"
    return i * slot + slot / 2, "middle"


def bar_chart(bars: Sequence[Bar], description: str, every_nth_label: int = 1) -> Markup:
    """``description``: what the chart shows, for screen readers (the bars' titles say the rest)."""
    top = max((Decimal(bar.value) for bar in bars), default=Decimal(0))
    slot = WIDTH / max(len(bars), 1)
    height = HEIGHT - AXIS - TOP
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(description)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="0" y1="{HEIGHT - AXIS}" x2="{WIDTH}" y2="{HEIGHT - AXIS}" stroke="#d5dbe1"/>',
    ]
    for i, bar in enumerate(bars):
        share = Decimal(bar.value) / top if top > 0 else Decimal(0)
        bar_height = max(float(share) * height, 0.0)
        x = i * slot + slot * BAR_GAP
        y = HEIGHT - AXIS - bar_height
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot * (1 - 2 * BAR_GAP):.1f}" height="{bar_height:.1f}">'
            f"<title>{escape(bar.label)}: {escape(bar.shown)}</title></rect>"
        )
        if i % every_nth_label == 0:
            label_x, anchor = label_place(i, len(bars), slot)
            parts.append(
                f'<text x="{label_x:.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
