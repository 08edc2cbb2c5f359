"""Competency catalogue, requirements per position, evidence, and the JP ledger.

Attained level (one rule, used everywhere): the highest level recorded by a *trusted* source
(server-graded quiz, completed LMS course with its required tests, imported assessment result,
HR entry). Client-reported H5P results and
self-assessments are shown beside it but never count as meeting a requirement.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from lms.people.models import OPD, Employee, JenisJabatan, Position

LEVEL_RANGE = Q(required_level__gte=1) & Q(required_level__lte=5)


class Pillar(models.TextChoices):
    SKILLS = "skills", _("Kecakapan Digital")
    ETHICS = "ethics", _("Etika Digital")
    SAFETY = "safety", _("Keamanan Digital")
    CULTURE = "culture", _("Budaya Digital")
    SPBE = "spbe", _("SPBE")


class Level(models.IntegerChoices):
    PAHAM = 1, _("1 – Paham")
    DASAR = 2, _("2 – Dasar")
    MENENGAH = 3, _("3 – Menengah")
    MUMPUNI = 4, _("4 – Mumpuni")
    AHLI = 5, _("5 – Ahli")


class Competency(index.Indexed, ClusterableModel):
    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    pillar = models.CharField(_("pilar"), max_length=20, choices=Pillar.choices)
    reference = models.CharField(_("rujukan"), max_length=200, blank=True)
    description = models.TextField(_("deskripsi"), blank=True)
    description_en = models.TextField(_("deskripsi (Inggris)"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("name"), FieldPanel("name_en"), FieldPanel("pillar")],
            heading=_("Kompetensi"),
        ),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldPanel("reference"),
        FieldPanel("is_active"),
        InlinePanel("levels", heading=_("Deskripsi level 1–5"), min_num=5, max_num=5),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.AutocompleteField("code"),
        index.FilterField("pillar"),
    ]

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CompetencyLevel(models.Model):
    competency = ParentalKey(Competency, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    descriptor = models.TextField(_("deskripsi perilaku"))
    descriptor_en = models.TextField(_("deskripsi perilaku (Inggris)"), blank=True)

    panels = [FieldPanel("level"), FieldPanel("descriptor"), FieldPanel("descriptor_en")]

    class Meta:
        verbose_name = _("level kompetensi")
        verbose_name_plural = _("level kompetensi")
        ordering = ["competency", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "level"], name="competencies_level_unique"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="competencies_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} L{self.level}"


class DefaultRequirement(models.Model):
    """Required level per jenis jabatan; applies to every position without its own override."""

    jenis_jabatan = models.CharField(
        _("jenis jabatan"), max_length=30, choices=JenisJabatan.choices
    )
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("kompetensi"),
        on_delete=models.CASCADE,
        related_name="default_requirements",
    )
    required_level = models.PositiveSmallIntegerField(_("level minimal"), choices=Level.choices)

    class Meta:
        verbose_name = _("standar kompetensi per jenis jabatan")
        verbose_name_plural = _("standar kompetensi per jenis jabatan")
        ordering = ["jenis_jabatan", "competency__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["jenis_jabatan", "competency"], name="competencies_default_unique"
            ),
            models.CheckConstraint(condition=LEVEL_RANGE, name="competencies_default_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_jabatan_display()} · {self.competency.code}: {self.required_level}"


class PositionRequirement(models.Model):
    """HR's override of the required level for one position and competency."""

    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("kompetensi"),
        on_delete=models.PROTECT,
        related_name="position_requirements",
    )
    required_level = models.PositiveSmallIntegerField(_("level minimal"), choices=Level.choices)

    class Meta:
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        ordering = ["position__name", "competency__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"], name="competencies_requirement_unique"
            ),
            models.CheckConstraint(condition=LEVEL_RANGE, name="competencies_requirement_range"),
        ]

    def __str__(self) -> str:
        return f"{self.position} · {self.competency.code}: {self.required_level}"


class EvidenceSource(models.TextChoices):
    QUIZ = "quiz", _("Kuis dinilai server")
    COURSE = "course", _("Kursus LMS selesai (termasuk tes akhir)")
    ASSESSMENT = "assessment", _("Hasil asesmen (impor)")
    HR = "hr", _("Input BKPSDM")
    H5P = "h5p", _("Latihan H5P (dilaporkan peramban)")
    SELF = "self", _("Penilaian diri")


TRUSTED_SOURCES = (
    EvidenceSource.QUIZ,
    EvidenceSource.COURSE,
    EvidenceSource.ASSESSMENT,
    EvidenceSource.HR,
)


class CompetencyEvidence(models.Model):
    """One observation of an employee's level in a competency. Append-only."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="evidence"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("kompetensi"), on_delete=models.PROTECT, related_name="evidence"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    source = models.CharField(_("sumber"), max_length=20, choices=EvidenceSource.choices)
    observed_on = models.DateField(_("tanggal"))
    reference = models.CharField(_("rujukan"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("bukti kompetensi")
        verbose_name_plural = _("bukti kompetensi")
        ordering = ["-observed_on", "-pk"]
        indexes = [models.Index(fields=["employee", "competency", "source"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="competencies_evidence_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee.nip} {self.competency.code} L{self.level} ({self.source})"

    @property
    def is_trusted(self) -> bool:
        return self.source in TRUSTED_SOURCES


class LearningPath(models.TextChoices):
    KLASIKAL = "klasikal", _("Pelatihan klasikal")
    NON_KLASIKAL = "non_klasikal", _("Pelatihan non-klasikal")


class JenisDiklat(models.IntegerChoices):
    """SIASN jenisDiklatId reference (docs/domain.md §1.4; verify against SIASN at integration)."""

    STRUKTURAL = 1, _("Diklat Struktural")
    FUNGSIONAL = 2, _("Diklat Fungsional")
    TEKNIS = 3, _("Diklat Teknis")
    WORKSHOP = 4, _("Workshop")
    MANAJERIAL = 5, _("Pelatihan Manajerial")
    SOSIAL_KULTURAL = 6, _("Pelatihan Sosial Kultural")
    SOSIALISASI = 7, _("Sosialisasi")
    BIMTEK = 8, _("Bimbingan Teknis")
    SEMINAR = 9, _("Seminar")
    MAGANG = 10, _("Magang")


class RecordSource(models.TextChoices):
    LMS = "lms", _("LMS ini")
    IMPORT = "import", _("Impor")


class LearningRecord(models.Model):
    """One line of the JP ledger (riwayat kursus/diklat), in SIASN's field terms."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="learning_records",
    )
    opd = models.ForeignKey(
        OPD,
        verbose_name=_("OPD saat pelatihan"),
        on_delete=models.PROTECT,
        related_name="learning_records",
        help_text=_("Laporan tahun lalu memakai OPD pada saat itu."),
    )
    title = models.CharField(_("nama kursus/pelatihan"), max_length=250)
    provider = models.CharField(_("institusi penyelenggara"), max_length=200)
    path = models.CharField(_("jalur"), max_length=20, choices=LearningPath.choices)
    jenis_diklat = models.PositiveSmallIntegerField(
        _("jenis diklat (SIASN)"), choices=JenisDiklat.choices
    )
    jp = models.DecimalField(_("JP"), max_digits=5, decimal_places=1)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    year = models.PositiveSmallIntegerField(_("tahun"), editable=False, db_index=True)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    source = models.CharField(_("sumber"), max_length=10, choices=RecordSource.choices)
    source_reference = models.CharField(_("rujukan sumber"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat pelatihan (JP)")
        verbose_name_plural = _("riwayat pelatihan (JP)")
        ordering = ["-end_date", "-pk"]
        indexes = [
            # The reports read a year's lines per person, latest first (the OPD of the year,
            # the JP sums): with the columns they sum included, PostgreSQL reads only this
            # index, in this order (docs/benchmarks.md, HR reports). SQLite ignores INCLUDE.
            models.Index(
                fields=["year", "employee", "-end_date", "-id"],
                include=["opd", "jp", "path", "source"],
                name="competencies_record_year",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="competencies_record_dates",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=Q(jp__gt=0) & Q(jp__lte=1000),
                name="competencies_record_jp_range",
                violation_error_message=_("JP harus lebih dari 0 dan paling banyak 1000."),
            ),
            models.UniqueConstraint(
                fields=["employee", "title", "start_date"],
                name="competencies_record_unique",
                violation_error_message=_(
                    "Pelatihan dengan nama dan tanggal mulai ini sudah tercatat untuk pegawai ini."
                ),
            ),
            models.UniqueConstraint(
                fields=["employee", "source_reference"],
                condition=~Q(source_reference=""),
                name="competencies_record_source_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.nip} · {self.title} · {self.jp} JP"
