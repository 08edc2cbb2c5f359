"""Server-side SVG charts of the HR dashboard (docs/architecture.md, "Reports"): inline SVG,
no JavaScript and nothing from a CDN, so they draw on an old office PC and under a strict CSP.

Each chart is a pure function (values in, markup out) that returns an ``<svg role="img">`` with
a ``<title>`` and a ``<desc>`` (the text alternative: every figure in words) and, beside every
bar, its figure as text, so nothing depends on colour. A chart holds no link (an image with
links inside is not announced by screen readers): the table beside it has them. Colours are
from the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies).
Every label is escaped.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Okabe & Ito (2008): blue, orange, bluish green, vermillion, sky blue, reddish purple.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7")
_ids = count(1)


@dataclass(frozen=True)
class Series:
    """One bar per label (``None``: no figure, drawn as "–")."""

    name: str
    values: Sequence[float | None]
    colour: str = PALETTE[0]


@dataclass(frozen=True)
class BarChart:
    title: str
    labels: Sequence[str]
    series: Sequence[Series]
    unit: str = ""  # appended to every figure ("%", " JP")
    maximum: float | None = None  # the axis end (default: the largest value)
    target: float | None = None  # a dashed reference line (e.g. 100 %)
    target_label: str = ""
    decimals: int = 0
    description: str = ""  # prepended to the generated text alternative


def _figure(value: float | None, chart: BarChart) -> str:
    """The figure in the active language's number format (Indonesian: ``11,2``, ``1.426``)."""
    if value is None:
        return "–"
    text = number_format(value, chart.decimals, use_l10n=True, force_grouping=True)
    return f"{text}{chart.unit}"


def _alt_text(chart: BarChart) -> str:
    parts = [chart.description] if chart.description else []
    for index, label in enumerate(chart.labels):
        figures = ", ".join(
            f"{series.name} {_figure(series.values[index], chart)}" for series in chart.series
        )
        parts.append(f"{label}: {figures}.")
    return " ".join(parts)


def bar_chart(chart: BarChart) -> SafeString:
    """Horizontal bars, one group per label (each series a bar), the figure written at the end
    of each bar; the label column is wide enough for an OPD code or a short name."""
    longest = max((len(label) for label in chart.labels), default=4)
    label_w, plot_w, value_w = min(12 + 7 * longest, 200), 240, 80
    bar_h, gap = 16, 10
    group_h = bar_h * len(chart.series) + gap
    legend_h = 24 if len(chart.series) > 1 or chart.target is not None else 0
    height = legend_h + group_h * max(len(chart.labels), 1) + 8
    width = label_w + plot_w + value_w
    values = [v for s in chart.series for v in s.values if v is not None]
    maximum = chart.maximum or max(values + [chart.target or 0, 1])
    uid = next(_ids)
    title_id, desc_id = f"chart-{uid}-title", f"chart-{uid}-desc"
    out = [
        f'<svg class="lms-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(_alt_text(chart))}</desc>',
    ]
    x = 0
    if legend_h:
        for series in chart.series if len(chart.series) > 1 else ():
            out.append(
                f'<rect x="{x}" y="4" width="12" height="12" fill="{series.colour}"/>'
                f'<text x="{x + 16}" y="14" class="lms-chart-legend">{escape(series.name)}</text>'
            )
            x += 24 + 7 * len(series.name)
        if chart.target is not None:
            out.append(
                f'<line x1="{x}" y1="10" x2="{x + 18}" y2="10" class="lms-chart-target"/>'
                f'<text x="{x + 22}" y="14" class="lms-chart-legend">'
                f"{escape(chart.target_label)}</text>"
            )
    for index, label in enumerate(chart.labels):
        top = legend_h + index * group_h
        text = label if len(label) <= 28 else label[:27] + "…"
        label_svg = (
            f'<text x="{label_w - 6}" y="{top + group_h / 2 + 1}" text-anchor="end" '
            f'class="lms-chart-label">{escape(text)}<title>{escape(label)}</title></text>'
        )
        out.append(label_svg)
        for s_index, series in enumerate(chart.series):
            value = series.values[index]
            y = top + s_index * bar_h
            length = 0 if value is None else max(plot_w * min(value, maximum) / maximum, 0)
            out.append(
                f'<rect x="{label_w}" y="{y + 1}" width="{length:.1f}" height="{bar_h - 2}" '
                f'fill="{series.colour}"/>'
                f'<text x="{label_w + length + 4:.1f}" y="{y + bar_h - 4}" '
                f'class="lms-chart-value">{escape(_figure(value, chart))}</text>'
            )
    if chart.target is not None:
        tx = label_w + plot_w * min(chart.target, maximum) / maximum
        out.append(
            f'<line x1="{tx:.1f}" y1="{legend_h}" x2="{tx:.1f}" y2="{height - 4}" '
            f'class="lms-chart-target"/>'
        )
    out.append(
        f'<line x1="{label_w}" y1="{legend_h}" x2="{label_w}" y2="{height - 4}" '
        f'class="lms-chart-axis"/>'
    )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
