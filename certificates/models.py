"""Certificate templates, issued certificates, their yearly number counter and their history.

A certificate is a snapshot: everything printed on it (name with gelar, NIP, OPD, course, JP,
competencies, dates, place, signatories) is copied at issue time, so a later change to the
employee or the course never changes an issued certificate; a correction is a re-issue
(docs/architecture.md, certificates). Writes go through ``certificates.services`` only.
"""

import datetime
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


def certificate_storage() -> FileSystemStorage:
    """Issued PDFs hold personal data: a private folder, never under the public ``MEDIA_ROOT``
    (the web server serves media); downloads go through a view that checks the owner/scope."""
    return FileSystemStorage(location=settings.LMS_CERTIFICATE_ROOT, base_url=None)


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("A4 mendatar (lanskap)")
    PORTRAIT = "portrait", _("A4 tegak (potret)")


class QRPosition(models.TextChoices):
    BOTTOM_LEFT = "bottom-left", _("kiri bawah")
    BOTTOM_RIGHT = "bottom-right", _("kanan bawah")
    TOP_RIGHT = "top-right", _("kanan atas")


DEFAULT_BODY = (
    "telah menyelesaikan kursus {kursus} ({kode_kursus}) sebanyak {jp} JP "
    "yang diselenggarakan oleh {penerbit} pada {tanggal_mulai} sampai {tanggal_selesai}."
)
# The placeholders a template body may use (certificates.pdf.render_body fills them).
PLACEHOLDERS = (
    "nama",
    "nip",
    "opd",
    "kursus",
    "kode_kursus",
    "jp",
    "kompetensi",
    "nomor",
    "tempat",
    "tanggal",
    "tanggal_mulai",
    "tanggal_selesai",
    "penerbit",
)


class CertificateTemplate(ClusterableModel):
    """How certificates look (a Wagtail snippet). The institution's name and logo come from its
    site settings (``lms.core.InstitutionSettings``); a course uses the template that lists it,
    or the default template."""

    name = models.CharField(_("nama templat"), max_length=100, unique=True)
    is_default = models.BooleanField(
        _("templat bawaan"),
        default=False,
        help_text=_("Dipakai untuk kursus yang tidak memakai templat lain."),
    )
    courses = ParentalManyToManyField(
        "courses.CoursePage",
        verbose_name=_("kursus"),
        blank=True,
        related_name="+",
        help_text=_("Kursus yang memakai templat ini (kosong: hanya sebagai templat bawaan)."),
    )
    orientation = models.CharField(
        _("orientasi"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("gambar latar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("JPEG seukuran A4 (disisipkan apa adanya, tanpa dikodekan ulang)."),
    )
    title = models.CharField(_("judul"), max_length=60, default="SERTIFIKAT")
    body = models.TextField(
        _("isi"),
        default=DEFAULT_BODY,
        help_text=_(
            "Teks di bawah nama. Penanda yang dapat dipakai: {nama}, {nip}, {opd}, {kursus}, "
            "{kode_kursus}, {jp}, {kompetensi}, {nomor}, {tempat}, {tanggal}, {tanggal_mulai}, "
            "{tanggal_selesai}, {penerbit}."
        ),
    )
    place = models.CharField(
        _("tempat penerbitan"), max_length=60, default="Kota Contoh", help_text=_("Kota.")
    )
    qr_position = models.CharField(
        _("posisi kode QR"), max_length=12, choices=QRPosition.choices, default="bottom-left"
    )
    validity_months = models.PositiveSmallIntegerField(
        _("masa berlaku (bulan)"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila sertifikat berlaku tanpa batas waktu."),
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("is_default")]),
        FieldPanel("courses"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("orientation"), FieldPanel("qr_position")]),
                FieldPanel("background"),
                FieldPanel("title"),
                FieldPanel("body"),
                FieldRowPanel([FieldPanel("place"), FieldPanel("validity_months")]),
            ],
            heading=_("Tampilan"),
        ),
        InlinePanel(
            "signatories", heading=_("Penanda tangan"), label=_("penanda tangan"), min_num=1
        ),
    ]

    class Meta:
        verbose_name = _("templat sertifikat")
        verbose_name_plural = _("templat sertifikat")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="certificates_one_default_template",
                violation_error_message=_("Sudah ada templat bawaan lain."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.background_id and not _is_jpeg(self.background):
            raise ValidationError(
                {"background": _("Gambar latar harus berupa JPEG (disisipkan tanpa diubah).")}
            )
        problem = body_problem(self.body)
        if problem:
            raise ValidationError({"body": problem})


def body_problem(body: str) -> str | None:
    """Why a template ``body`` cannot fill a certificate, or ``None``: an unknown placeholder,
    unbalanced braces, or a placeholder not written plainly (a format specification such as
    ``{nama:>999999999}`` would make the text as long as it says: a gigabyte on save)."""
    try:
        fields = list(string.Formatter().parse(body))
    except ValueError as error:
        return _("Penanda tidak dikenal atau kurung kurawal tidak seimbang: %s") % error
    for _literal, field, spec, conversion in fields:
        if field is None:
            continue
        if field not in PLACEHOLDERS:
            return _("Penanda tidak dikenal atau kurung kurawal tidak seimbang: %s") % repr(field)
        if spec or conversion:
            return _("Penanda ditulis tanpa format tambahan, misalnya {nama}: %s") % repr(field)
    return None


def _is_jpeg(image) -> bool:
    try:
        with image.open_file() as handle:
            return handle.read(3) == b"\xff\xd8\xff"
    except OSError:
        return False


class CertificateSignatory(Orderable):
    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("nama dan gelar"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    title = models.CharField(
        _("jabatan"), max_length=150, help_text=_("Misalnya: Kepala BKPSDM Kabupaten Contoh.")
    )
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("gambar tanda tangan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("nip"), FieldPanel("title")]),
        FieldPanel("signature"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("penanda tangan")
        verbose_name_plural = _("penanda tangan")

    def __str__(self) -> str:
        return self.name


class CertificateCounter(models.Model):
    """The last sequence number given out in a year. ``certificate_number_next`` locks this row
    (``SELECT ... FOR UPDATE``) inside the issuing transaction, so numbers are unique and, since
    a rolled-back issue rolls the counter back too, gap-free."""

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    last = models.PositiveIntegerField(_("nomor urut terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor sertifikat")
        verbose_name_plural = _("penghitung nomor sertifikat")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class CertificateState(models.TextChoices):
    VALID = "valid", _("Sah")
    REVOKED = "revoked", _("Dicabut")
    REPLACED = "replaced", _("Diganti")


RENEWAL_NOTICE_DAYS = 30  # the holder is reminded this many days before the expiry


class Certificate(models.Model):
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        verbose_name=_("pendaftaran kursus"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pemilik"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    opd = models.ForeignKey(
        "people.OPD",
        verbose_name=_("OPD saat terbit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("templat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The number: pattern of settings.LMS_CERTIFICATE_NUMBER_PATTERN, from (year, sequence).
    number = models.CharField(_("nomor"), max_length=120, unique=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    # Snapshot at issue time.
    holder_name = models.CharField(_("nama dan gelar"), max_length=260)
    holder_nip = models.CharField(_("NIP"), max_length=18, blank=True)
    holder_opd = models.CharField(_("OPD"), max_length=200, blank=True)
    course_title = models.CharField(_("judul kursus"), max_length=255)
    course_code = models.CharField(_("kode kursus"), max_length=30)
    jp = models.DecimalField(_("JP"), max_digits=4, decimal_places=1)
    competencies = models.JSONField(_("kompetensi"), default=list, blank=True)
    started_on = models.DateField(_("tanggal mulai"))
    completed_on = models.DateField(_("tanggal selesai"))
    issued_on = models.DateField(_("tanggal terbit"))
    place = models.CharField(_("tempat"), max_length=60)
    institution_name = models.CharField(_("instansi"), max_length=150)
    issuer = models.CharField(_("penerbit"), max_length=150)
    signatories = models.JSONField(_("penanda tangan"), default=list, blank=True)
    # The file and its fingerprint.
    pdf = models.FileField(_("berkas PDF"), storage=certificate_storage, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Lifecycle.
    state = models.CharField(
        _("status"), max_length=10, choices=CertificateState.choices, default="valid"
    )
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("diganti dengan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    # Set once by ``certificates_renewal_remind`` (the daily beat task) when the holder was told
    # the certificate expires within RENEWAL_NOTICE_DAYS: the reminder is sent once.
    renewal_reminded_at = models.DateTimeField(
        _("pengingat perpanjangan dikirim"), null=True, blank=True
    )
    revoked_reason = models.CharField(_("alasan pencabutan"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            # One current certificate per enrollment: a constraint, not a check. A re-issue
            # first marks the old one replaced, then inserts the new one.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=~Q(state="replaced"),
                name="certificates_one_current_per_enrollment",
            ),
            models.UniqueConstraint(fields=["year", "sequence"], name="certificates_year_seq"),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | Q(state="replaced"),
                name="certificates_replaced_by_only_when_replaced",
            ),
        ]
        indexes = [models.Index(fields=["opd", "year"]), models.Index(fields=["user", "state"])]

    def __str__(self) -> str:
        return f"{self.number} · {self.holder_name}"

    def renewal_due(self, today) -> bool:
        """Valid, and expiring within RENEWAL_NOTICE_DAYS of ``today`` (not yet expired)."""
        if self.state != CertificateState.VALID or self.expires_on is None:
            return False
        return today <= self.expires_on <= today + datetime.timedelta(days=RENEWAL_NOTICE_DAYS)


class CertificateAction(models.TextChoices):
    ISSUE = "issue", _("Terbit")
    REVOKE = "revoke", _("Dicabut")
    REISSUE = "reissue", _("Diterbitkan ulang")


class CertificateEvent(models.Model):
    """Append-only history of a certificate: who did what, when and why."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="events", verbose_name=_("sertifikat")
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=CertificateAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong: sistem (penerbitan otomatis saat kursus selesai)."),
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    reason = models.CharField(_("alasan"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("riwayat sertifikat")
        verbose_name_plural = _("riwayat sertifikat")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Riwayat sertifikat tidak dapat diubah."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Riwayat sertifikat tidak dapat dihapus."))
