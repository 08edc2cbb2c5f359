"""What the platform's ReportLab documents share: the embedded fonts and the QR code.

* Fonts: the Bitstream Vera family shipped inside the reportlab package (``reportlab/fonts``),
  embedded as TrueType subsets; never a system font path, never fetched (docs/architecture.md:
  nothing is downloaded at run time). It covers Latin-1 and Latin Extended-A, so names such as
  "Gülşen" render, and the text stays real text (``pdftotext`` reads it).
* QR codes: reportlab's own encoder, drawn as a single path (:func:`draw_qr`).

Used by the certificates, the OPD report and the activation letters.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache

import reportlab
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT, FONT_BOLD = "LMSVera", "LMSVera-Bold"

# The Reed-Solomon generator polynomial of a QR block depends only on its length; reportlab
# rebuilds it for every code (about a fifth of drawing a QR code). Remembered per length.
if not hasattr(qrencoder.QRUtil.getErrorCorrectPolynomial, "cache_info"):
    qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(
        lru_cache(maxsize=None)(qrencoder.QRUtil.getErrorCorrectPolynomial)
    )


def font_path(file: str) -> str:
    """A font file of the reportlab package (``Vera.ttf``, ``VeraBd.ttf``, ``VeraIt.ttf``)."""
    return os.path.join(os.path.dirname(reportlab.__file__), "fonts", file)


@cache
def document_fonts() -> tuple[str, str]:
    """Registers Vera and Vera Bold (once per process) and returns their names."""
    pdfmetrics.registerFont(TTFont(FONT, font_path("Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, font_path("VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)
    return FONT, FONT_BOLD


def draw_qr(canvas: Canvas, text: str, *, x: float, y: float, size: float) -> None:
    """The QR code of ``text`` (error correction M, a 4-module quiet zone, on white) in the
    ``size`` × ``size`` square at ``x``, ``y``, drawn as one path.

    The widget's own ``draw`` builds a shape per run of dark modules and tries all eight mask
    patterns (about 12 ms a code); every mask gives a valid code (ISO/IEC 18004 only ranks them
    for readability), so a fixed one is used. Tests decode the rendered pages
    (tests/certificates/test_pdf.py, tests/people/test_activation.py)."""
    qr = QrCodeWidget(text, barLevel="M").qr
    if qr.version is None:
        qr.version = qr.calculate_version()
    qr.makeImpl(False, 2)
    count = qr.getModuleCount()
    modules = qr.modules
    border = 4
    box = size / (count + 2 * border)
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for row in range(count):
        top = y + size - (row + border + 1) * box
        col = 0
        while col < count:
            if modules[row][col]:
                start = col
                while col < count and modules[row][col]:
                    col += 1
                path.rect(x + (start + border) * box, top, (col - start) * box, box)
            else:
                col += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
