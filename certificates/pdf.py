"""The certificate PDF: one pure function, :func:`render_certificate` (data in, bytes out).

No database, no storage, no clock: everything printed comes in :class:`CertificateData`
(images as bytes), so the same data always gives the same page and the function can be timed
and tested on its own (docs/quality.md P12: median <= 25 ms, <= 250 KB with a background).

* Font: the Bitstream Vera family shipped inside the reportlab package (``reportlab/fonts``),
  embedded as a TrueType subset; never a system font path, never fetched. It covers Latin-1 and
  Latin Extended-A, so names such as "Sri Wahyuni Ñoño" or "Gülşen" render.
* A JPEG background is passed through as it is (DCTDecode, no re-encoding): with
  ``rl_config.useA85 = 0`` it is also not ASCII85-inflated. That is what keeps one certificate
  at a few milliseconds; a PNG background would be decoded and re-compressed (over 1 s).
* Long names with several gelar shrink to fit the line (down to a minimum size), then wrap onto
  two lines; the body paragraph shrinks the same way, so nothing overflows the page.
* The QR code (reportlab's own widget) holds the absolute verification URL.

The texts are the document's, in Bahasa Indonesia through gettext; issuance renders them in the
site's language (``settings.LANGUAGE_CODE``), never the viewer's.
"""

from __future__ import annotations

import hashlib
import io
import os
import zlib
from dataclasses import dataclass
from functools import cache, lru_cache
from xml.sax.saxutils import escape

import reportlab
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from lms.core.pdf import draw_qr

rl_config.useA85 = 0  # binary streams: a JPEG background stays its own size


class _RepeatedStreams:
    """``zlib`` for reportlab's PDF writer (``reportlab.pdfbase.pdfdoc``), remembering the
    compressed form of large streams: the font subsets and the decoded logo and signature
    pixels are the same on every certificate of a template, and compressing them again took
    about a third of each drawing (docs/benchmarks.md, P13). The output bytes are identical;
    the memory is bounded (a few dozen streams); small, per-certificate streams (the page's
    own content, under ``MIN`` bytes) are compressed as usual."""

    MIN = 16 * 1024
    SIZE = 48

    def __init__(self, module) -> None:
        self._zlib = module
        self._compressed: dict[bytes, bytes] = {}

    def compress(self, data, *args, **kwargs):
        if args or kwargs or len(data) < self.MIN:
            return self._zlib.compress(data, *args, **kwargs)
        data = bytes(data)
        found = self._compressed.get(data)
        if found is None:
            if len(self._compressed) >= self.SIZE:
                self._compressed.clear()
            found = self._compressed[data] = self._zlib.compress(data)
        return found

    def __getattr__(self, name):  # decompress, error, ... as in zlib
        return getattr(self._zlib, name)


if not isinstance(pdfdoc.zlib, _RepeatedStreams):
    pdfdoc.zlib = _RepeatedStreams(zlib)

FONT = "LmsVera"
FONT_BOLD = "LmsVera-Bold"
FONT_ITALIC = "LmsVera-Italic"
NAVY = colors.HexColor("#16325c")
GOLD = colors.HexColor("#b08d2c")
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str
    nip: str = ""
    signature: bytes | None = None  # PNG or JPEG


@dataclass(frozen=True)
class CertificateData:
    institution_name: str
    issuer: str  # the HR unit (BKPSDM ...)
    number: str
    holder_name: str
    holder_nip: str
    course_title: str
    jp: str  # already formatted ("8", "2,5")
    body: str  # the template body with its placeholders filled
    place: str
    date_text: str  # "2 Desember 2026"
    verify_url: str
    competencies: tuple[tuple[str, str, int], ...] = ()  # (code, name, level)
    signatories: tuple[Signatory, ...] = ()
    title: str = "SERTIFIKAT"
    orientation: str = "landscape"  # or "portrait"
    qr_position: str = "bottom-left"  # bottom-right, top-right
    logo: bytes | None = None  # PNG or JPEG
    background: bytes | None = None  # JPEG, full page, passed through
    footer_note: str = ""  # e.g. the signer's statement (PAdES/BSrE); empty: unsigned
    expires_text: str = ""  # "Berlaku sampai 2 Desember 2028"


# Every document first assigns these characters, in this order, to each font, so the first
# subset of every font is the same in every certificate and its TrueType subset (about 4 ms per
# font to build) is built once per process; characters outside it (rare letters in a name)
# go to a further subset built as usual.
PRELOAD = (
    "".join(chr(code) for code in range(32, 127))
    + "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿ"
    + "–—‘’“”•·°"
)
_SUBSET_CACHE_SIZE = 64


def _cached_subsets(face) -> None:
    build = face.makeSubset
    built: dict[tuple[int, ...], bytes] = {}

    def make_subset(subset):
        key = tuple(subset)
        if key not in built:
            if len(built) >= _SUBSET_CACHE_SIZE:
                built.clear()
            built[key] = build(subset)
        return built[key]

    face.makeSubset = make_subset


@cache
def _register_fonts() -> tuple[TTFont, ...]:
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    fonts = []
    for name, file in ((FONT, "Vera.ttf"), (FONT_BOLD, "VeraBd.ttf"), (FONT_ITALIC, "VeraIt.ttf")):
        font = TTFont(name, os.path.join(folder, file))
        _cached_subsets(font.face)
        pdfmetrics.registerFont(font)
        fonts.append(font)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC)
    return tuple(fonts)


def _fit_size(text: str, font: str, size: float, minimum: float, width: float) -> float:
    """The largest size from ``size`` down to ``minimum`` at which ``text`` fits ``width``."""
    while size > minimum and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _split_two(text: str) -> tuple[str, str]:
    """Splits a long name at the space or comma nearest its middle (gelar stay whole)."""
    middle = len(text) // 2
    cuts = [i for i, ch in enumerate(text) if ch == " "]
    if not cuts:
        return text, ""
    cut = min(cuts, key=lambda i: abs(i - middle))
    return text[:cut].rstrip(), text[cut + 1 :].lstrip()


def _centered_lines(canvas: Canvas, text: str, *, font: str, size: float, minimum: float,
                    width: float, x: float, y: float) -> float:  # fmt: skip
    """Draws ``text`` centred at ``x`` with its baseline at ``y``, shrunk to fit ``width``
    and, if still too long at ``minimum``, on two lines. Returns the y below the text."""
    fitted = _fit_size(text, font, size, minimum, width)
    if pdfmetrics.stringWidth(text, font, fitted) <= width:
        canvas.setFont(font, fitted)
        canvas.drawCentredString(x, y, text)
        return y - fitted * 1.25
    first, second = _split_two(text)
    fitted = min(
        _fit_size(first, font, size, minimum * 0.8, width),
        _fit_size(second, font, size, minimum * 0.8, width),
    )
    canvas.setFont(font, fitted)
    canvas.drawCentredString(x, y, first)
    canvas.drawCentredString(x, y - fitted * 1.15, second)
    return y - fitted * 2.4


def _paragraph(canvas: Canvas, html: str, *, size: float, minimum: float, width: float,
               max_height: float, x: float, top: float, font: str = FONT,
               color=INK) -> float:  # fmt: skip
    """A centred paragraph whose top is at ``top``, shrunk until it fits ``max_height``."""
    while True:
        style = ParagraphStyle(
            "c", fontName=font, fontSize=size, leading=size * 1.35, alignment=TA_CENTER,
            textColor=color,
        )  # fmt: skip
        paragraph = Paragraph(html, style)
        _w, height = paragraph.wrap(width, max_height * 4)
        if height <= max_height or size <= minimum:
            paragraph.drawOn(canvas, x - width / 2, top - height)
            return top - height
        size -= 0.5


class _JPEGReader(ImageReader):
    """A JPEG for ``drawImage`` without decoding it: reportlab names an ``ImageReader`` image by
    a digest of its decoded pixels (13 MB for an A4 scan at 300 dpi, about 80 ms); the JPEG's own
    bytes identify it just as well, and the stream is then copied as it is (DCTDecode)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        if getattr(self._image, "format", None) != "JPEG":
            raise ValueError("background must be a JPEG")
        self._digest = hashlib.sha256(data).digest()
        self._dataA = None

    def getRGBData(self):  # only used by drawImage to name the image
        return self._digest


@lru_cache(maxsize=32)
def _reader(data: bytes) -> ImageReader:
    """A logo or signature image, decoded once per process (the same few images are on every
    certificate of a template; reportlab keeps the decoded pixels on the reader)."""
    return ImageReader(io.BytesIO(data))


def _image(canvas: Canvas, data: bytes, *, x: float, y: float, width: float, height: float):
    canvas.drawImage(
        _reader(data), x, y, width, height, mask="auto",
        preserveAspectRatio=True, anchor="c",
    )  # fmt: skip


def _qr(canvas: Canvas, url: str, *, x: float, y: float, size: float) -> None:
    """The QR code of the verification ``url`` (``lms.core.pdf.draw_qr``, one path; a test
    decodes the rendered page: tests/certificates/test_pdf.py)."""
    draw_qr(canvas, url, x=x, y=y, size=size)


def _frame(canvas: Canvas, width: float, height: float) -> None:
    """The border drawn when a template has no background image."""
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(3)
    canvas.rect(18, 18, width - 36, height - 36)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    canvas.rect(26, 26, width - 52, height - 52)


def render_certificate(data: CertificateData) -> bytes:
    """The certificate as PDF bytes (one A4 page)."""
    fonts = _register_fonts()
    page = landscape(A4) if data.orientation == "landscape" else A4
    width, height = page
    portrait = data.orientation != "landscape"
    canvas = Canvas(
        io.BytesIO(), pagesize=page, pageCompression=1, invariant=1, initialFontName=FONT
    )
    for font in fonts:
        font.splitString(PRELOAD, canvas._doc)
    canvas.setTitle(f"{data.title} {data.number}")
    canvas.setAuthor(data.issuer)
    canvas.setSubject(data.course_title)
    canvas.setCreator(data.institution_name)

    if data.background:
        canvas.drawImage(_JPEGReader(data.background), 0, 0, width, height)
    else:
        _frame(canvas, width, height)

    cx = width / 2
    margin = 60 if not portrait else 50
    text_width = width - 2 * margin
    y = height - (48 if not portrait else 60)

    # Header: logo, institution, HR unit, rule.
    if data.logo:
        logo_h = 54
        _image(canvas, data.logo, x=cx - logo_h / 2, y=y - logo_h, width=logo_h, height=logo_h)
        y -= logo_h + 16
    canvas.setFillColor(NAVY)
    y = _centered_lines(canvas, data.institution_name.upper(), font=FONT_BOLD, size=15,
                        minimum=10, width=text_width, x=cx, y=y)  # fmt: skip
    canvas.setFillColor(INK)
    y = _centered_lines(canvas, data.issuer, font=FONT, size=11.5, minimum=8, width=text_width,
                        x=cx, y=y + 2)  # fmt: skip
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.2)
    canvas.line(cx - text_width * 0.35, y + 4, cx + text_width * 0.35, y + 4)
    y -= 30 if not portrait else 50

    # Title and number.
    canvas.setFillColor(NAVY)
    title_size = _fit_size(data.title, FONT_BOLD, 34, 18, text_width)
    canvas.setFont(FONT_BOLD, title_size)
    canvas.drawCentredString(cx, y, data.title)
    y -= 22
    canvas.setFillColor(INK)
    _centered_lines(canvas, _("Nomor: %(number)s") % {"number": data.number}, font=FONT,
                    size=11, minimum=7, width=text_width, x=cx, y=y)  # fmt: skip
    y -= 28 if not portrait else 44

    # Holder.
    canvas.setFont(FONT_ITALIC, 12.5)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(cx, y, _("diberikan kepada"))
    y -= 32
    canvas.setFillColor(NAVY)
    y = _centered_lines(canvas, data.holder_name, font=FONT_BOLD, size=26, minimum=15,
                        width=text_width * 0.9, x=cx, y=y)  # fmt: skip
    canvas.setFillColor(INK)
    if data.holder_nip:
        canvas.setFont(FONT, 11.5)
        canvas.drawCentredString(cx, y, _("NIP %(nip)s") % {"nip": data.holder_nip})
        y -= 18
    y -= 10 if not portrait else 24

    # Body (the template text) and competencies.
    bottom_block = 150 if not portrait else 210  # room for the signature block and QR
    room = y - bottom_block
    competencies = "; ".join(
        f"{escape(code)} {escape(name)} (level {level})" for code, name, level in data.competencies
    )
    body_room = room * (0.62 if competencies else 1)
    body_bottom = _paragraph(canvas, escape(data.body), size=12.5, minimum=8,
                             width=text_width * 0.86, max_height=body_room, x=cx,
                             top=y)  # fmt: skip
    if competencies:
        html = f"<b>{escape(_('Kompetensi'))}:</b> {competencies}"
        _paragraph(canvas, html, size=10, minimum=7, width=text_width * 0.86,
                   max_height=max(body_bottom - bottom_block - 8, 20), x=cx, top=body_bottom - 8,
                   color=MUTED)  # fmt: skip

    # QR code position first; the signatories take the other side.
    qr_size = 78
    signers = data.signatories or ()
    if data.qr_position == "top-right":
        qx, qy = width - margin - qr_size + 10, height - 40 - qr_size
    elif data.qr_position == "bottom-right":
        qx, qy = width - margin - qr_size + 10, 52
    else:
        qx, qy = margin - 10, 52
    _qr(canvas, data.verify_url, x=qx, y=qy, size=qr_size)
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(qx + qr_size / 2, qy - 8, _("Pindai untuk verifikasi"))

    # Signatories (opposite the QR, or spread over the width when several), place and date.
    block_top = bottom_block - (8 if not portrait else 20)
    if len(signers) <= 1:
        single = 150 if portrait else 170
        columns = [
            margin + single if data.qr_position == "bottom-right" else width - margin - single
        ]
        col_width = 230.0
    else:
        usable = width - 2 * margin - (qr_size + 20 if data.qr_position != "top-right" else 0)
        start = margin + (qr_size + 20 if data.qr_position == "bottom-left" else 0)
        step = usable / len(signers)
        columns = [start + step * (i + 0.5) for i in range(len(signers))]
        col_width = min(220.0, step - 12)
    canvas.setFillColor(INK)
    canvas.setFont(FONT, 10.5)
    place_date = f"{data.place}, {data.date_text}"
    canvas.drawCentredString(columns[0] if len(signers) <= 1 else cx, block_top, place_date)
    for column, signer in zip(columns, signers, strict=False):
        top = _paragraph(canvas, escape(signer.title), size=10, minimum=7, width=col_width,
                         max_height=26, x=column, top=block_top - 8)  # fmt: skip
        if signer.signature:
            _image(canvas, signer.signature, x=column - 60, y=top - 48, width=120, height=44)
        name_y = top - 60
        name_size = _fit_size(signer.name, FONT_BOLD, 10.5, 7, col_width)
        canvas.setFont(FONT_BOLD, name_size)
        canvas.drawCentredString(column, name_y, signer.name)
        half = pdfmetrics.stringWidth(signer.name, FONT_BOLD, name_size) / 2
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(INK)
        canvas.line(column - half, name_y - 2, column + half, name_y - 2)
        if signer.nip:
            canvas.setFont(FONT, 9.5)
            canvas.drawCentredString(column, name_y - 13, _("NIP %(nip)s") % {"nip": signer.nip})

    # Footer: how to check it, the validity, the signature statement.
    notes = [
        _("Keaslian sertifikat ini dapat diperiksa di %(url)s") % {"url": data.verify_url},
    ]
    if data.expires_text:
        notes.insert(0, data.expires_text)
    if data.footer_note:
        notes.append(data.footer_note)
    canvas.setFont(FONT, 7)
    y = 36
    for note in notes:
        size = _fit_size(note, FONT, 7, 5, text_width - 2 * qr_size)
        canvas.setFont(FONT, size)
        canvas.drawCentredString(cx, y, note)
        y -= 9

    canvas.showPage()
    return canvas.getpdfdata()  # the bytes; nothing is written anywhere
