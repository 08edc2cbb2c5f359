"""Organisation and people: OPD tree with validity dates, positions (jabatan), employees.

No NIK, NPWP, religion, marital status or address is stored (UU 27/2022 data minimisation).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lms.core.nip import NIPError, parse_nip


class OPDType(models.TextChoices):
    SEKRETARIAT_DAERAH = "sekretariat_daerah", _("Sekretariat Daerah")
    SEKRETARIAT_DPRD = "sekretariat_dprd", _("Sekretariat DPRD")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    UPTD = "uptd", _("UPTD")
    RSUD = "rsud", _("RSUD")
    LAINNYA = "lainnya", _("Lainnya")


class OPD(models.Model):
    """A perangkat daerah or one of its units. Merges and splits keep history: the old unit
    gets ``valid_to`` and points at its successor(s); reports of a year use the units valid then.
    """

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    type = models.CharField(_("jenis"), max_length=30, choices=OPDType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("berlaku sejak"), default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("penerus"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text=_("Unit yang menggantikan unit ini setelah penggabungan atau pemecahan."),
    )

    class Meta:
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="people_opd_valid_range",
                violation_error_message=_("Tanggal berakhir tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="people_opd_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if (self.pk is not None and ancestor.pk == self.pk) or ancestor.pk in seen:
                raise ValidationError({"parent": _("Induk membentuk lingkaran.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def is_valid_in(self, year: int) -> bool:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return self.valid_from <= end and (self.valid_to is None or self.valid_to >= start)


class JenisJabatan(models.TextChoices):
    JPT = "jpt", _("Jabatan Pimpinan Tinggi (JPT)")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    FUNGSIONAL_KEAHLIAN = "fungsional_keahlian", _("Fungsional Keahlian")
    FUNGSIONAL_KETERAMPILAN = "fungsional_keterampilan", _("Fungsional Keterampilan")


class Jenjang(models.TextChoices):
    UTAMA = "utama", _("Utama")
    MADYA = "madya", _("Madya")
    PRATAMA = "pratama", _("Pratama")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    PENYELIA = "penyelia", _("Penyelia")
    MAHIR = "mahir", _("Mahir")
    TERAMPIL = "terampil", _("Terampil")
    PEMULA = "pemula", _("Pemula")


JENJANG_BY_JENIS = {
    JenisJabatan.JPT: {Jenjang.UTAMA, Jenjang.MADYA, Jenjang.PRATAMA},
    JenisJabatan.FUNGSIONAL_KEAHLIAN: {
        Jenjang.AHLI_UTAMA,
        Jenjang.AHLI_MADYA,
        Jenjang.AHLI_MUDA,
        Jenjang.AHLI_PERTAMA,
    },
    JenisJabatan.FUNGSIONAL_KETERAMPILAN: {
        Jenjang.PENYELIA,
        Jenjang.MAHIR,
        Jenjang.TERAMPIL,
        Jenjang.PEMULA,
    },
}


class Position(models.Model):
    """A jabatan. Competency requirements hang off it (app ``competencies``)."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama jabatan"), max_length=200)
    jenis_jabatan = models.CharField(
        _("jenis jabatan"), max_length=30, choices=JenisJabatan.choices
    )
    jenjang = models.CharField(_("jenjang"), max_length=20, choices=Jenjang.choices, blank=True)
    opd = models.ForeignKey(
        OPD,
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        help_text=_("Kosongkan untuk jabatan yang ada di banyak OPD."),
    )
    is_it_role = models.BooleanField(
        _("jabatan TI"),
        default=False,
        help_text=_("Pranata Komputer, Penata Kelola Informatika SPBE, staf TI Diskominfo."),
    )

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        allowed = JENJANG_BY_JENIS.get(self.jenis_jabatan, set())
        if self.jenjang and self.jenjang not in allowed:
            raise ValidationError(
                {"jenjang": _("Jenjang ini tidak sesuai dengan jenis jabatan yang dipilih.")}
            )


class EmployeeType(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")
    PPPK_PW = "PPPK_PW", _("PPPK paruh waktu")


class Gender(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


PNS_GOLONGAN = [
    f"{grade}/{step}"
    for grade, steps in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for step in steps
]
PPPK_GOLONGAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip
GOLONGAN_CHOICES = [(g, g) for g in PNS_GOLONGAN + PPPK_GOLONGAN]


class Employee(models.Model):
    """An ASN as HR knows them. The NIP is the identity; the linked account logs in with it."""

    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    gelar_depan = models.CharField(_("gelar depan"), max_length=40, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    employee_type = models.CharField(
        _("jenis pegawai"), max_length=10, choices=EmployeeType.choices
    )
    golongan = models.CharField(_("golongan"), max_length=6, choices=GOLONGAN_CHOICES, blank=True)
    opd = models.ForeignKey(
        OPD, verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="employees"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    email = models.EmailField(_("e-mail dinas"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name"]
        indexes = [models.Index(fields=["opd", "is_active"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip})"

    @property
    def full_name(self) -> str:
        """Name with academic titles, as written on certificates: "Dr. Siti, S.Kom."."""
        name = f"{self.gelar_depan} {self.name}".strip()
        return f"{name}, {self.gelar_belakang}" if self.gelar_belakang else name

    def clean(self) -> None:
        errors: dict[str, list] = {}
        try:
            parsed = parse_nip(self.nip or "", employee_type=self.employee_type or "PNS")
        except NIPError as error:
            errors["nip"] = [error]
        else:
            self.nip = parsed.nip
            if self.gender and parsed.gender != self.gender:
                errors["gender"] = [
                    _("Jenis kelamin tidak sesuai dengan digit ke-15 NIP (%(code)s).")
                    % {"code": "1" if parsed.gender == "L" else "2"}
                ]
        if self.golongan:
            allowed = PNS_GOLONGAN if self.employee_type == EmployeeType.PNS else PPPK_GOLONGAN
            if self.golongan not in allowed:
                errors["golongan"] = [
                    _("Golongan %(golongan)s tidak berlaku untuk %(type)s.")
                    % {"golongan": self.golongan, "type": self.get_employee_type_display()}
                ]
        if errors:
            raise ValidationError(errors)


class OPDScope(models.Model):
    """Binds an Admin OPD user to an OPD; the scope includes all of its sub-units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="opd_scopes",
    )
    opd = models.ForeignKey(
        OPD, verbose_name=_("OPD"), on_delete=models.CASCADE, related_name="scopes"
    )

    class Meta:
        verbose_name = _("cakupan OPD")
        verbose_name_plural = _("cakupan OPD")
        constraints = [
            models.UniqueConstraint(fields=["user", "opd"], name="people_opdscope_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.opd}"


class CorrectionField(models.TextChoices):
    """What a learner asks HR to correct (UU 27/2022: the right to rectification)."""

    NAME = "name", _("Nama")
    GELAR = "gelar", _("Gelar depan/belakang")
    NIP = "nip", _("NIP / NI PPPK")
    POSITION = "position", _("Jabatan")
    OPD = "opd", _("OPD / unit kerja")
    JP_RECORD = "jp_record", _("Riwayat pelatihan (JP)")
    OTHER = "other", _("Lainnya")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Menunggu")
    RESOLVED = "resolved", _("Selesai")
    REJECTED = "rejected", _("Ditolak")


class CorrectionRequest(models.Model):
    """A learner's request to correct their own record ("Permintaan perbaikan data").

    HR of the employee's OPD (Admin OPD in scope) or BKPSDM resolves it with a note; the change
    itself is made on the existing employee or JP screens. Written only by
    ``correction_request_create`` and ``correction_request_resolve`` (``lms.people.services``).
    ``current_value`` keeps what the record said when the request was made."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="correction_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    field = models.CharField(
        _("data yang diperbaiki"), max_length=20, choices=CorrectionField.choices
    )
    current_value = models.CharField(_("data saat ini"), max_length=300, blank=True)
    requested_value = models.CharField(_("seharusnya"), max_length=300)
    note = models.TextField(_("keterangan"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.OPEN,
        db_index=True,
    )
    resolution_note = models.TextField(_("catatan penyelesaian"), max_length=1000, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diselesaikan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)

    class Meta:
        verbose_name = _("permintaan perbaikan data")
        verbose_name_plural = _("permintaan perbaikan data")
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view", "change")
        indexes = [models.Index(fields=["employee", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.employee.full_name}"
