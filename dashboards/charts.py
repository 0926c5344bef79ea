"""Geometry for the dashboard's charts, which the templates draw as inline SVG: no JavaScript
library, no style attributes (CSP), only SVG presentation attributes.

Each bar is drawn in a 100-unit-wide viewBox, so a width here is a percentage of the chart. Numbers
are written with a dot whatever the page's language: the template engine would localise a float
to "12,5" on Indonesian pages, which SVG does not read.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dashboards.selectors import FunnelRow, FunnelStep

# Shades of the portal's red, light to dark as proposals go further; the winners in its gold.
# Cumulative layers drawn over one another: each is a subset of the one before.
LAYERS = [
    ("started", _("Started"), "#f5dcda"),
    ("forwarded", _("Forwarded to the organiser"), "#dc8f88"),
    ("passed", _("Passed screening"), "#b04238"),
    ("finalists", _("Finalists"), "#6b1410"),
]
STAGE_COLOURS = {
    "agencies": "#adb5bd",
    "started": "#f5dcda",
    "submitted": "#eab7b3",
    "forwarded": "#dc8f88",
    "passed": "#c8665d",
    "nominated": "#b04238",
    "finalists": "#8c1d18",
    "winners": "#e0a800",
}


def svg_number(value: float) -> str:
    """`12.5` → "12.5", `33.3333` → "33.33", `0` → "0"."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _width(value: int, scale: int) -> str:
    return svg_number(100 * value / scale) if scale else "0"


@dataclass
class Layer:
    key: str
    label: str
    value: int
    width: str
    colour: str


@dataclass
class BarRow:
    label: str
    layers: list[Layer]

    @property
    def value(self) -> int:
        return self.layers[0].value

    @property
    def description(self) -> str:
        """What the bar shows, in words (the SVG's title, read by screen readers and on hover)."""
        parts = ", ".join(f"{layer.label}: {layer.value}" for layer in self.layers)
        return f"{self.label} — {parts}"


def legend() -> list[tuple[str, str]]:
    return [(str(label), colour) for _key, label, colour in LAYERS]


def layered_bars(rows: list[FunnelRow]) -> list[BarRow]:
    """One bar per province or agency type: proposals started, with those forwarded, passed and
    chosen as finalists drawn over it; all scaled to the row with the most proposals."""
    scale = max((row.counts.started for row in rows), default=0)
    return [
        BarRow(
            label=row.label,
            layers=[
                Layer(
                    key=key,
                    label=str(label),
                    value=getattr(row.counts, key),
                    width=_width(getattr(row.counts, key), scale),
                    colour=colour,
                )
                for key, label, colour in LAYERS
            ],
        )
        for row in rows
    ]


@dataclass
class FunnelBar:
    step: FunnelStep
    x: str
    width: str
    colour: str


def funnel_bars(steps: list[FunnelStep]) -> list[FunnelBar]:
    """The funnel: one centred bar per stage, the widest stage filling the chart."""
    scale = max((step.value for step in steps), default=0)
    bars = []
    for step in steps:
        width = 100 * step.value / scale if scale else 0
        bars.append(
            FunnelBar(
                step=step,
                x=svg_number((100 - width) / 2),
                width=svg_number(width),
                colour=STAGE_COLOURS[step.stage.key],
            )
        )
    return bars


@dataclass
class Share:
    """A part of a whole as a bar filled from the left, e.g. reviews submitted of those assigned."""

    part: int
    whole: int

    @property
    def width(self) -> str:
        return _width(self.part, self.whole)

    @property
    def rest_x(self) -> str:
        return self.width

    @property
    def rest_width(self) -> str:
        return svg_number(100 - float(self.width)) if self.whole else "100"
