"""The PDF of "Unduh data saya": every section of a person's data as readable tables (A4,
embedded Vera from ``lms.core.pdf``, real text that ``pdftotext`` reads).

:func:`render_personal_data_pdf` is a pure function of its data (no database, no clock): the
view reads the sections (``lms.people.selectors_privacy``) and passes them in. The JSON download
holds the same data whole; here very long values (an xAPI statement, a saved player state) are
cut with a note pointing to the JSON file.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
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

from lms.core.pdf import FONT, document_fonts

from .selectors_privacy import PersonalDataSection

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
NAVY = colors.HexColor("#16325c")
RULE = colors.HexColor("#cbd2d9")
SHADE = colors.HexColor("#f0f4f8")
LONG_TEXT = 700  # characters of one value shown in the PDF (the JSON holds all)
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")


@dataclass(frozen=True)
class PDFHeader:
    person: str  # name with gelar, or the username
    nip: str
    institution: str
    generated: str  # "3 Desember 2026 18.05 WIB", formatted by the caller


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = document_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=9, leading=12, textColor=INK)
    return {
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=17, leading=21, textColor=NAVY
        ),
        "meta": ParagraphStyle("meta", base, textColor=MUTED),
        "h2": ParagraphStyle(
            "h2", base, fontName=bold, fontSize=12.5, leading=16, textColor=NAVY, spaceBefore=10
        ),
        "note": ParagraphStyle("note", base, fontSize=8.5, leading=11, textColor=MUTED),
        "label": ParagraphStyle("label", base, fontName=bold, fontSize=8.5, leading=11),
        "value": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5),
        "row": ParagraphStyle("row", base, fontName=bold, fontSize=9, textColor=MUTED),
    }


def _text(value: Any) -> str:
    """One value as text: yes/no, a dash for nothing, times as "2026-03-01 10:00"."""
    if value is None or value == "":
        return "—"
    if value is True:
        return _("Ya")
    if value is False:
        return _("Tidak")
    if isinstance(value, str):
        match = _ISO_TIME.match(value)
        return f"{match.group(1)} {match.group(2)}" if match else value
    if isinstance(value, list) and all(not isinstance(item, (list, dict)) for item in value):
        return ", ".join(_text(item) for item in value) or "—"
    if isinstance(value, dict) and all(
        not isinstance(item, (list, dict)) or _flat(item) for item in value.values()
    ):
        # {"SP.01": {"level": 2, "percent": 0.0}} reads "SP.01 (level: 2, percent: 0.0)"
        return (
            "; ".join(
                f"{key} ({_text(item).replace('; ', ', ')})"
                if isinstance(item, dict)
                else f"{key}: {_text(item)}"
                for key, item in value.items()
            )
            or "—"
        )
    if isinstance(value, (list, dict)):  # deeper structures (an xAPI statement) stay JSON
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return str(value)


def _flat(value: Any) -> bool:
    """A mapping of plain values (one level deep)."""
    return isinstance(value, dict) and all(not isinstance(v, (list, dict)) for v in value.values())


def _cut(text: str) -> str:
    if len(text) <= LONG_TEXT:
        return text
    return text[:LONG_TEXT] + " … " + _("(selengkapnya di berkas JSON)")


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(_cut(text)).replace("\n", "<br/>"), style)


def _value_flowables(value: Any, labels: dict[str, str], styles) -> list | Paragraph:
    """A cell: plain values as one paragraph; a list of records (a quiz attempt's answers,
    the lessons completed) as one short paragraph per record; a mapping as "key: value"."""
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        out = []
        for index, item in enumerate(value, 1):
            parts = [
                f"<b>{escape(labels.get(key, key))}:</b> {escape(_cut(_text(val)))}"
                for key, val in item.items()
            ]
            out.append(Paragraph(f"{index}. " + " · ".join(parts), styles["small"]))
        return out
    return _para(_text(value), styles["value"])


def _record_table(row: dict[str, Any], labels: dict[str, str], styles, width: float) -> Table:
    label_width = 48 * mm
    data = [
        [_para(labels.get(key, key), styles["label"]), _value_flowables(value, labels, styles)]
        for key, value in row.items()
    ]
    table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _section_flowables(section: PersonalDataSection, styles, width: float) -> list:
    count = len(section.rows)
    heading = Paragraph(
        f"{escape(section.title)} <font size=9 color='#52606d'>({count})</font>", styles["h2"]
    )
    head = [heading]
    if section.note:
        head.append(_para(section.note, styles["note"]))
    head.append(Spacer(1, 3))
    if not section.rows:
        return [KeepTogether([*head, _para(_("Tidak ada data."), styles["note"])])]
    out = []
    for index, row in enumerate(section.rows, 1):
        block = []
        if count > 1:
            block.append(Paragraph(f"{escape(section.title)} #{index}", styles["row"]))
        block += [_record_table(row, section.labels, styles, width), Spacer(1, 5)]
        out.append(KeepTogether([*head, *block]) if index == 1 else KeepTogether(block))
    return out


def render_personal_data_pdf(
    *, header: PDFHeader, sections: Iterable[PersonalDataSection]
) -> bytes:
    """The whole document as PDF bytes."""
    styles = _styles()
    output = io.BytesIO()
    margin = 16 * mm
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + 4 * mm,
        title=_("Data pribadi saya"),
        author=header.institution,
        subject=_("Salinan data pribadi (UU 27/2022)"),
    )
    width = A4[0] - 2 * margin
    story: list = [
        Paragraph(escape(_("Data pribadi saya")), styles["title"]),
        Spacer(1, 2),
        _para(f"{header.person}" + (f" · NIP {header.nip}" if header.nip else ""), styles["value"]),
        _para(
            _("Disiapkan %(when)s oleh %(institution)s.")
            % {"when": header.generated, "institution": header.institution},
            styles["meta"],
        ),
        _para(
            _(
                "Salinan data pribadi Anda yang tersimpan di platform ini (hak akses dan salinan, "
                "UU 27/2022). Berkas JSON berisi data yang sama secara utuh. Dokumen ini bersifat "
                "pribadi: simpan dengan aman dan jangan dibagikan."
            ),
            styles["note"],
        ),
        Spacer(1, 4),
    ]
    for section in sections:
        story.extend(_section_flowables(section, styles, width))

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(margin, 9 * mm, _cut(f"{header.person} · {_('Data pribadi saya')}")[:90])
        canvas.drawRightString(A4[0] - margin, 9 * mm, _("Halaman %(page)s") % {"page": doc.page})
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return output.getvalue()
