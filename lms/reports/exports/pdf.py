"""The PDF report of an OPD (kind ``summary``), drawn with ReportLab: JP compliance per unit with
a bar chart, the distribution of JP per person, the competency gaps per competency and per
unit, and the JPM categories (docs/domain.md §1.3–1.5).

Figures: ``jp_summary_for`` and ``gap_summary_for`` (a past year from its last monthly
snapshot, as the dashboard shows it), the JP distribution from the JP summary's bands (PNS and
PPPK per band, as on the dashboard; live where a snapshot has none) and the JPM categories from
``jpm_rows`` (live: the snapshots hold sums, not people). Text is real text
(Vera TrueType, embedded), so the PDF can be searched and read by ``pdftotext``.
"""

from __future__ import annotations

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from lms.competencies.selectors import PNS_JP_TARGET, PPPK_JP_CAP
from lms.core.pdf import FONT, FONT_BOLD, document_fonts

from ..selectors import JPM_LABELS, ReportFilters, jp_summary, jpm_rows
from ..selectors.snapshots import gap_summary_for, jp_summary_for

MAX_CHART_ROWS = 30
BLUE = colors.HexColor("#2E5C8A")
GREY = colors.HexColor("#DDE5EE")


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=16,
            spaceBefore=8,
            spaceAfter=4,
        ),  # fmt: skip
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9),
        "cellb": ParagraphStyle("cellb", parent=body, fontName=FONT_BOLD, fontSize=7.5, leading=9),
    }


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %".replace(".", ",")


def _num(value, places: int = 1) -> str:
    return "–" if value is None else f"{float(value):.{places}f}".replace(".", ",")


def _table(header: list[str], rows: list[list], widths: list[float], styles) -> Table:
    data = [[Paragraph(_esc(h), styles["cellb"]) for h in header]]
    for row in rows:
        data.append([Paragraph(_esc(v), styles["cell"]) for v in row])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), GREY),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9AA8B8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def compliance_chart(labels: list[str], shares: list[float | None], width: float) -> Drawing:
    """Horizontal bars: share of PNS reaching 20 JP per row (0–100 %), the value written at the
    end of each bar (readable without colour)."""
    height = 30 + 14 * len(labels)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 120, 15
    chart.width, chart.height = width - 170, height - 25
    values = [0 if s is None else round(100 * s, 1) for s in shares]
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = [label[:28] for label in reversed(labels)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = "%.1f %%"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def distribution_chart(labels: list[str], counts: list[int], width: float) -> Drawing:
    """Vertical bars: people per JP band, each count written above its bar."""
    height = 170
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 45, 30
    chart.width, chart.height = width - 70, height - 50
    chart.data = [counts]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    drawing.add(chart)
    drawing.add(String(width / 2, 4, _("JP per pegawai"), fontName=FONT, fontSize=7.5,
                       textAnchor="middle"))  # fmt: skip
    return drawing


def write_summary_pdf(output, filters: ReportFilters, progress) -> None:
    document_fonts()
    styles = _styles()
    progress(0, 4)
    jp = jp_summary_for(filters)
    gaps = gap_summary_for(filters)
    progress(1, 4)
    # The JP bands of the summary (docs: lms.reports.selectors.jp.JP_BANDS, as on the dashboard);
    # a snapshot taken before the bands existed has none: then today's figures.
    bands, bands_live = jp.total.distribution(), jp.source == "live"
    if bands is None:
        bands, bands_live = jp_summary(filters).total.distribution(), True
    categories = Counter(row.category for row in jpm_rows(filters))
    progress(3, 4)
    doc = SimpleDocTemplate(
        output, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
        bottomMargin=15 * mm, title=_("Laporan pengembangan kompetensi %(year)s")
        % {"year": filters.year}, author="LMS",
    )  # fmt: skip
    width = doc.width
    where = (
        f"{filters.opd.code} {filters.opd.name}" if filters.opd else _("Semua OPD dalam cakupan")
    )
    if jp.source == "snapshot" and jp.snapshot_month:
        source = _(
            "Ringkasan dari potret bulanan %(month)s; sebaran JP dan JPM dari data terkini."
        ) % {
            "month": jp.snapshot_month.strftime("%m-%Y")
        }  # fmt: skip
    else:
        source = _("Data terkini.")
    story = [
        Paragraph(
            _esc(_("Laporan Pengembangan Kompetensi ASN %(year)s") % {"year": filters.year}),
            styles["title"],
        ),  # fmt: skip
        Paragraph(_esc(where), styles["h2"]),
        Paragraph(
            _esc(
                _("Dibuat %(when)s. %(source)s")
                % {"when": timezone.localtime().strftime("%d-%m-%Y %H:%M"), "source": source}
            ),
            styles["small"],
        ),  # fmt: skip
        HRFlowable(width="100%", color=GREY, spaceBefore=4, spaceAfter=4),
    ]

    # JP compliance.
    total = jp.total
    story.append(Paragraph(_esc(_("Pemenuhan JP")), styles["h2"]))
    rule = _(
        "PNS memenuhi dengan sedikitnya %(target)s JP setahun; PPPK paling banyak %(cap)s JP "
        "setahun."
    ) % {"target": PNS_JP_TARGET, "cap": PPPK_JP_CAP}
    story.append(Paragraph(_esc(rule), styles["small"]))
    header = [_("OPD / unit"), _("Pegawai"), _("PNS mencapai 20 JP"), _("PPPK melebihi 24 JP"),
              _("Pemakaian batas PPPK"), _("Pegawai 0 JP"), _("Rerata JP")]  # fmt: skip
    rows = []
    for row in [*jp.rows, total]:
        name = _("Jumlah") if row is total else f"{row.opd.code} {row.opd.name}"
        rows.append([
            name, row.headcount, f"{row.pns_met}/{row.pns} ({_pct(row.pns_met_share)})",
            f"{row.pppk_over_cap}/{row.pppk}", _pct(row.pppk_cap_used_share), row.zero_jp,
            _num(row.mean_jp),
        ])  # fmt: skip
    story.append(_table(header, rows, [w * width for w in (0.29, 0.10, 0.17, 0.11, 0.13, 0.10,
                                                          0.10)], styles))  # fmt: skip
    chart_rows = jp.rows[:MAX_CHART_ROWS]
    if chart_rows:
        caption = _("PNS yang mencapai 20 JP per OPD / unit (%)")
        if len(jp.rows) > MAX_CHART_ROWS:
            caption += " " + _("(%(n)s baris pertama)") % {"n": MAX_CHART_ROWS}
        story.append(KeepTogether([
            Paragraph(_esc(caption), styles["h2"]),
            compliance_chart([r.opd.name for r in chart_rows],
                             [r.pns_met_share for r in chart_rows], width),
        ]))  # fmt: skip
    labels = [f"{label} JP" for label, _pns, _pppk in bands]
    title = _("Sebaran JP per pegawai")
    if bands_live and jp.source == "snapshot":
        title += " " + _("(data terkini)")
    counts = [pns + pppk for _label, pns, pppk in bands]
    story.append(KeepTogether([
        Paragraph(_esc(title), styles["h2"]),
        distribution_chart(labels, counts, width),
        _table(
            ["", *labels],
            [[_("PNS"), *(pns for _l, pns, _p in bands)],
             [_("PPPK"), *(pppk for _l, _n, pppk in bands)],
             [_("Jumlah"), *counts]],
            [0.16 * width] + [0.12 * width] * len(labels), styles,
        ),
    ]))  # fmt: skip

    # Competency gaps.
    story.append(Paragraph(_esc(_("Kesenjangan kompetensi")), styles["h2"]))
    names = dict(gaps.competencies)
    gap_total = gaps.total
    header = [_("Kompetensi"), _("Pegawai yang dibutuhkan"), _("Di bawah level"),
              _("Persentase di bawah"), _("Rerata kesenjangan"), _("JPM")]  # fmt: skip
    rows = []
    for code, _name in gaps.competencies:
        cell = gap_total.cells.get(code)
        if cell is None:
            continue
        jpm = None if cell.jpm is None else cell.jpm / 100
        rows.append(
            [f"{code} {names[code]}", cell.people, cell.below, _pct(cell.share_below),
             _num(cell.mean_gap, 2), _pct(jpm)]
        )  # fmt: skip
    if rows:
        story.append(_table(header, rows, [w * width for w in (0.34, 0.13, 0.11, 0.13, 0.16,
                                                              0.13)], styles))  # fmt: skip
    else:
        story.append(Paragraph(_esc(_("Tidak ada kebutuhan kompetensi dalam cakupan ini.")),
                               styles["body"]))  # fmt: skip
    header = [_("OPD / unit"), _("Pasangan pegawai × kompetensi"), _("Di bawah level"),
              _("Persentase di bawah"), _("JPM")]  # fmt: skip
    rows = []
    for row in gaps.rows:
        cell = row.total
        jpm = None if cell.jpm is None else cell.jpm / 100
        rows.append(
            [f"{row.opd.code} {row.opd.name}", cell.people, cell.below, _pct(cell.share_below),
             _pct(jpm)]
        )  # fmt: skip
    if rows:
        story.append(Spacer(1, 4))
        story.append(_table(header, rows, [w * width for w in (0.44, 0.16, 0.12, 0.14, 0.14)],
                            styles))  # fmt: skip

    # JPM categories.
    story.append(
        Paragraph(_esc(_("Job Person Match (JPM) per pegawai (data terkini)")), styles["h2"])
    )
    rows = [[str(label), categories.get(key, 0)] for key, label in JPM_LABELS.items()]
    story.append(_table([_("Kategori"), _("Pegawai")], rows, [0.5 * width, 0.2 * width], styles))
    doc.build(story)
    progress(4, 4)
