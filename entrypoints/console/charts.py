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


@dataclass(frozen=True)
class Bar:
    label: str
    """Under the bar (short: a day, a channel)."""
    value: Decimal | int
    shown: str
    """The value as the page writes it (money, a count)."""


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
        x = i * slot + slot * 0.15
        y = HEIGHT - AXIS - bar_height
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar_height:.1f}">'
            f"<title>{escape(bar.label)}: {escape(bar.shown)}</title></rect>"
        )
        if i % every_nth_label == 0:
            parts.append(
                f'<text x="{i * slot + slot / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
