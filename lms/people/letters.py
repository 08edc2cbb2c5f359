"""Activation letters: one printable A4 page per employee, for people without a working e-mail
address (docs/user-guide.md, "Aktivasi akun"; ``manage.py lms_activation --letters``).

Each letter names the employee (name, NIP, position, OPD) and holds their one-time activation
link as text and as a QR code, with the three steps to follow, until when the link works and
that the letter is personal. Drawn with ReportLab (``lms.core.pdf``: embedded Vera, the QR as one
path); the text is real text, in the site's language (``settings.LANGUAGE_CODE``).

:func:`render_letters` is a pure function of its data (no database, no clock), so it is timed and
tested on its own; :func:`letters_for` turns invited employees into that data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO
from xml.sax.saxutils import escape

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from lms.core.pdf import FONT, FONT_BOLD, document_fonts, draw_qr
from lms.core.selectors import institution_settings
from lms.users.models import InvitationChannel, User
from lms.users.services import site_url

from .models import Employee
from .services import activation_context, activation_invite

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
NAVY = colors.HexColor("#16325c")
PROGRESS_EVERY = 50


@dataclass(frozen=True)
class Letter:
    name: str
    nip: str
    position: str
    opd: str
    url: str  # the absolute one-time activation link
    valid_until: datetime.date


@dataclass(frozen=True)
class Sender:
    institution: str  # "Pemerintah Kabupaten Contoh"
    hr_unit: str  # "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    login_url: str
    printed_on: datetime.date


def letters_for(employees: Iterable[Employee]) -> Iterable[Letter]:
    """The letter data of employees just invited by letter (``activation_invite``)."""
    for employee in employees:
        context = activation_context(employee)
        yield Letter(
            name=context["name"],
            nip=context["nip"],
            position=context["position"],
            opd=context["opd"],
            url=context["url"],
            valid_until=context["valid_until"].date(),
        )


def sender_now() -> Sender:
    """The letterhead: the institution of the site settings, today's date."""
    institution = institution_settings()
    return Sender(
        institution=institution.name if institution else settings.WAGTAIL_SITE_NAME,
        hr_unit=institution.hr_unit_name if institution else "",
        login_url=site_url(reverse("users:login")),
        printed_on=timezone.localdate(),
    )


def letters_write(
    *,
    employees: Iterable[Employee],
    user: User | None,
    output: IO[bytes],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Invites ``employees`` by letter as ``user`` (``activation_invite``: pending accounts
    only, within the user's scope) and writes their letters into ``output``; returns the
    number of letters. In one transaction: a letter that cannot be drawn records no
    invitation, so no earlier link is spent for nothing."""
    with transaction.atomic():
        invitation = activation_invite(
            employees=employees, channel=InvitationChannel.LETTER, user=user
        )
        return render_letters(
            letters_for(invitation.invited),
            output,
            sender=sender_now(),
            total=len(invitation.invited),
            progress=progress,
        )


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, textColor=INK)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor=MUTED),
        "url": ParagraphStyle("url", parent=body, fontName="Courier", fontSize=11, leading=15),
    }


def _paragraph(canvas: Canvas, text: str, style, *, x: float, top: float, width: float) -> float:
    """Draws ``text`` (ReportLab markup) with its top at ``top``; returns the new top."""
    paragraph = Paragraph(text, style)
    _w, height = paragraph.wrap(width, 1000)
    paragraph.drawOn(canvas, x, top - height)
    return top - height


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _url_markup(url: str, width: float, size: float) -> str:
    """The link as lines of a fixed-width font that fit ``width``, broken after a ``/`` where
    one falls in the second half of a line (a link has no space to wrap at; no hyphen is
    added, so what is typed is exactly the link)."""
    per_line = max(20, int(width / (0.6 * size)))  # Courier: every glyph 0.6 em wide
    lines = []
    while len(url) > per_line:
        cut = url.rfind("/", per_line // 2, per_line) + 1 or per_line
        lines.append(url[:cut])
        url = url[cut:]
    return "<br/>".join(escape(line) for line in [*lines, url])


def _letter(canvas: Canvas, letter: Letter, sender: Sender, styles) -> None:
    width, height = A4
    left, right = 22 * mm, width - 22 * mm
    text_width = right - left
    top = height - 20 * mm

    canvas.setFillColor(NAVY)
    canvas.setFont(FONT_BOLD, 13)
    canvas.drawString(left, top - 13, sender.institution)
    canvas.setFont(FONT, 10)
    canvas.setFillColor(MUTED)
    canvas.drawString(left, top - 28, sender.hr_unit)
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(1.2)
    canvas.line(left, top - 36, right, top - 36)
    top -= 62

    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, 16)
    canvas.drawString(left, top - 16, _("Surat Aktivasi Akun Pembelajaran ASN"))
    canvas.setFont(FONT, 9)
    canvas.setFillColor(MUTED)
    printed = _("Bersifat pribadi · dicetak %(date)s") % {"date": _date(sender.printed_on)}
    canvas.drawString(left, top - 30, printed)
    top -= 50

    rows = (
        (_("Kepada Yth."), letter.name),
        (_("NIP / NI PPPK"), letter.nip),
        (_("Jabatan"), letter.position or "—"),
        (_("OPD"), letter.opd),
    )
    for label, value in rows:
        canvas.setFont(FONT, 10)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, top - 11, label)
        bottom = _paragraph(
            canvas,
            f"<b>{escape(value)}</b>",
            styles["body"],
            x=left + 38 * mm,
            top=top,
            width=text_width - 38 * mm,
        )
        top = bottom - 5
    top -= 10

    qr_size = 52 * mm
    column = text_width - qr_size - 8 * mm
    draw_qr(canvas, letter.url, x=right - qr_size, y=top - qr_size, size=qr_size)
    intro = _(
        "Akun belajar Anda sudah disiapkan. Untuk mulai belajar, aktifkan akun dengan membuat "
        "kata sandi Anda sendiri:"
    )
    steps = (
        _("Pindai kode QR di samping dengan kamera ponsel, atau ketik alamat di bawah ini di "
          "peramban (browser)."),
        _("Buat kata sandi: minimal 10 karakter dan tidak mudah ditebak."),
        _("Masuk di %(login)s dengan NIP Anda sebagai nama pengguna dan kata sandi tadi.")
        % {"login": f"<b>{escape(sender.login_url)}</b>"},
    )  # fmt: skip
    bottom = _paragraph(canvas, intro, styles["body"], x=left, top=top, width=column)
    for number, step in enumerate(steps, 1):
        bottom = _paragraph(
            canvas, f"{number}. {step}", styles["body"], x=left, top=bottom - 6, width=column
        )
    top = min(bottom, top - qr_size) - 14

    canvas.setFont(FONT_BOLD, 10)
    canvas.setFillColor(INK)
    canvas.drawString(left, top - 10, _("Alamat aktivasi Anda:"))
    box_top = top - 16
    url_style = styles["url"]
    paragraph = Paragraph(
        _url_markup(letter.url, text_width - 8 * mm, url_style.fontSize), url_style
    )
    _w, url_height = paragraph.wrap(text_width - 8 * mm, 200)
    canvas.setStrokeColor(colors.HexColor("#9aa5b1"))
    canvas.setLineWidth(0.6)
    canvas.rect(left, box_top - url_height - 8 * mm, text_width, url_height + 8 * mm)
    paragraph.drawOn(canvas, left + 4 * mm, box_top - url_height - 4 * mm)
    top = box_top - url_height - 8 * mm - 14

    warning = _(
        "Tautan ini hanya dapat dipakai <b>satu kali</b> dan berlaku sampai <b>%(date)s</b>. "
        "Surat ini bersifat pribadi: jangan berikan, foto, atau fotokopi untuk orang lain. "
        "Petugas tidak pernah meminta kata sandi Anda."
    ) % {"date": _date(letter.valid_until)}
    top = _paragraph(canvas, warning, styles["body"], x=left, top=top, width=text_width)
    help_text = _(
        "Bila tautan sudah tidak berlaku (lewat tanggal, sudah dipakai, atau ada surat yang "
        "lebih baru), minta surat atau e-mail aktivasi baru kepada admin kepegawaian OPD Anda. "
        "Bila lupa kata sandi nanti, pilih “Lupa kata sandi?” di halaman masuk."
    )
    _paragraph(canvas, help_text, styles["small"], x=left, top=top - 10, width=text_width)


def render_letters(
    letters: Iterable[Letter],
    output: IO[bytes],
    *,
    sender: Sender,
    total: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Writes one page per letter into ``output`` (a PDF); returns the number of pages.
    ``progress(done, total)`` is called every ``PROGRESS_EVERY`` letters."""
    document_fonts()
    with override(settings.LANGUAGE_CODE):
        canvas = Canvas(output, pagesize=A4, pageCompression=1, invariant=1)
        canvas.setTitle(_("Surat aktivasi akun"))
        canvas.setAuthor(sender.hr_unit)
        styles = _styles()
        count = 0
        for letter in letters:
            _letter(canvas, letter, sender, styles)
            canvas.showPage()
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count, total)
        if not count:
            canvas.setFont(FONT, 11)
            canvas.drawString(22 * mm, A4[1] - 30 * mm, _("Tidak ada akun yang menunggu aktivasi."))
            canvas.showPage()
        canvas.save()
    return count
