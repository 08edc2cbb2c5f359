"""Read-side queries: required levels, attained levels, gaps and JP totals, all in SQL.

Required level of a position for a competency = the position's own requirement if HR set one
(the IT floor of an IT position is stored as such requirements), otherwise the default for its
jenis jabatan (:func:`required_level_expression`, the one expression for it). Attained level =
highest level from a trusted source (see ``models.TRUSTED_SOURCES``); 0 when there is none.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from lms.people.models import Employee, EmployeeType, Position
from lms.people.selectors import ALL, opd_scope_ids
from lms.people.selectors_privacy import PersonalDataSection, plain
from lms.users.models import User

from .models import (
    TRUSTED_SOURCES,
    Competency,
    CompetencyEvidence,
    DefaultRequirement,
    LearningPath,
    LearningRecord,
    PositionRequirement,
    RecordSource,
)

PNS_JP_TARGET = 20
PPPK_JP_CAP = 24


def jp_target_for(employee_type: str) -> tuple[int, str]:
    """(JP figure, meaning): PNS must reach at least 20 JP; PPPK at most 24 JP a year."""
    if employee_type == EmployeeType.PNS:
        return PNS_JP_TARGET, "minimum"
    return PPPK_JP_CAP, "maximum"


def required_level_expression(*, position_id: int | None) -> Coalesce:
    """The required level of a position for each competency of a ``Competency`` queryset, as
    one SQL expression to annotate with: HR's override (``PositionRequirement``), else the
    default of the position's jenis jabatan, else 0 (also without a position). The only
    definition of the rule."""
    competency = OuterRef("pk")
    override = PositionRequirement.objects.filter(position_id=position_id, competency_id=competency)
    jenis = Position.objects.filter(pk=position_id).values("jenis_jabatan")[:1]
    default = DefaultRequirement.objects.filter(
        jenis_jabatan=Subquery(jenis), competency_id=competency
    )
    return Coalesce(
        Subquery(override.values("required_level")[:1]),
        Subquery(default.values("required_level")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def position_requirements(position: Position) -> QuerySet[Competency]:
    """Active competencies annotated with ``required`` for the position and ``is_override``."""
    override = PositionRequirement.objects.filter(position=position, competency_id=OuterRef("pk"))
    return (
        Competency.objects.filter(is_active=True)
        .annotate(
            required=required_level_expression(position_id=position.pk),
            is_override=Exists(override),
        )
        .order_by("code")
    )


@dataclass(frozen=True)
class ProfileRow:
    competency_id: int
    code: str
    name: str
    pillar: str
    required: int
    attained: int
    reported: int  # highest untrusted (self-assessment, H5P) level, shown but not counted

    @property
    def gap(self) -> int:
        return max(self.required - self.attained, 0)


def employee_competency_profile(employee: Employee) -> list[ProfileRow]:
    """Required, attained and self/H5P-reported level per active competency. One query."""
    evidence = CompetencyEvidence.objects.filter(employee=employee, competency_id=OuterRef("pk"))
    trusted = evidence.filter(source__in=TRUSTED_SOURCES)
    untrusted = evidence.exclude(source__in=TRUSTED_SOURCES)

    def best(queryset):
        return Coalesce(
            Subquery(
                queryset.order_by().values("competency_id").annotate(m=Max("level")).values("m")[:1]
            ),
            Value(0),
            output_field=IntegerField(),
        )

    rows = (
        Competency.objects.filter(is_active=True)
        .annotate(
            required=required_level_expression(position_id=employee.position_id),
            attained=best(trusted),
            reported=best(untrusted),
        )
        .order_by("code")
        .values_list("pk", "code", "name", "pillar", "required", "attained", "reported")
    )
    return [ProfileRow(*row) for row in rows]


def attained_levels(employee_ids: list[int]) -> dict[tuple[int, int], int]:
    """{(employee_id, competency_id): attained level} for trusted evidence. One GROUP BY."""
    rows = (
        CompetencyEvidence.objects.filter(employee_id__in=employee_ids, source__in=TRUSTED_SOURCES)
        .values("employee_id", "competency_id")
        .annotate(level=Max("level"))
        .values_list("employee_id", "competency_id", "level")
    )
    return {(employee_id, competency_id): level for employee_id, competency_id, level in rows}


def jp_total(employee: Employee, year: int) -> Decimal:
    total = LearningRecord.objects.filter(employee=employee, year=year).aggregate(total=Sum("jp"))[
        "total"
    ]
    return total or Decimal("0")


@dataclass(frozen=True)
class JPBreakdown:
    """An employee's JP of a year from the ledger, split by path (klasikal / non-klasikal) and
    by source: ``lms`` (this platform's courses) against ``external`` (lines HR imported:
    other providers, coaching). Each split adds up to ``total``."""

    total: Decimal
    klasikal: Decimal
    non_klasikal: Decimal
    lms: Decimal
    external: Decimal


def jp_breakdown(employee: Employee, year: int) -> JPBreakdown:
    """:class:`JPBreakdown` of ``employee`` in ``year`` (the year of the lines' end date), in
    one aggregate query; zeros for a year without lines."""
    zero = Value(Decimal("0"), output_field=LearningRecord._meta.get_field("jp"))

    def total(condition: Q | None = None) -> Coalesce:
        return Coalesce(Sum("jp", filter=condition), zero)

    sums = LearningRecord.objects.filter(employee=employee, year=year).aggregate(
        total=total(),
        klasikal=total(Q(path=LearningPath.KLASIKAL)),
        non_klasikal=total(Q(path=LearningPath.NON_KLASIKAL)),
        lms=total(Q(source=RecordSource.LMS)),
        external=total(~Q(source=RecordSource.LMS)),
    )
    return JPBreakdown(**{name: Decimal(value) for name, value in sums.items()})


def learning_records_visible_to(*, user: User) -> QuerySet[LearningRecord]:
    """The JP ledger lines ``user`` may read (docs/security.md): every line for users who see
    all OPDs; otherwise the lines of employees now in one of their OPDs, and the lines booked
    to one of their OPDs at the time of the training (``LearningRecord.opd``: last year's report
    uses the OPD of that time). The one rule for the admin listing and the export."""
    scope = opd_scope_ids(user)
    queryset = LearningRecord.objects.select_related("employee", "opd")
    if scope is ALL:
        return queryset
    return queryset.filter(Q(opd_id__in=scope) | Q(employee__opd_id__in=scope))


def learning_records_for(employee: Employee, year: int | None = None) -> QuerySet[LearningRecord]:
    queryset = LearningRecord.objects.filter(employee=employee).select_related("opd")
    return queryset if year is None else queryset.filter(year=year)


def evidence_for(employee: Employee) -> QuerySet[CompetencyEvidence]:
    return CompetencyEvidence.objects.filter(employee=employee).select_related(
        "competency", "recorded_by"
    )


def personal_data_sections(employee: Employee | None) -> list[PersonalDataSection]:
    """The competency evidence and the JP ledger of one employee, for "Unduh data saya"
    (``lms.people.selectors_privacy``). Two queries. Who recorded a line is left out: that is
    another person's data."""
    evidence, records = [], []
    if employee is not None:
        evidence = [
            {
                "competency_code": row.competency.code,
                "competency_name": row.competency.name,
                "level": row.level,
                "source": row.get_source_display(),
                "trusted": row.is_trusted,
                "observed_on": plain(row.observed_on),
                "reference": row.reference,
                "created_at": plain(row.created_at),
            }
            for row in CompetencyEvidence.objects.filter(employee=employee)
            .select_related("competency")
            .order_by("-observed_on", "-pk")
        ]
        records = [
            {
                "title": row.title,
                "provider": row.provider,
                "path": row.get_path_display(),
                "jenis_diklat": row.get_jenis_diklat_display(),
                "jp": plain(row.jp),
                "start_date": plain(row.start_date),
                "end_date": plain(row.end_date),
                "year": row.year,
                "opd": row.opd.name,
                "certificate_number": row.certificate_number,
                "source": row.get_source_display(),
                "created_at": plain(row.created_at),
            }
            for row in learning_records_for(employee).order_by("-end_date", "-pk")
        ]
    return [
        PersonalDataSection(
            key="competency_evidence",
            title=_("Bukti kompetensi"),
            order=30,
            rows=evidence,
            labels={
                "competency_code": _("Kode kompetensi"),
                "competency_name": _("Kompetensi"),
                "level": _("Level"),
                "source": _("Sumber"),
                "trusted": _("Sumber tepercaya"),
                "observed_on": _("Tanggal"),
                "reference": _("Rujukan"),
                "created_at": _("Dicatat"),
            },
        ),
        PersonalDataSection(
            key="learning_records",
            title=_("Riwayat pelatihan (JP)"),
            order=31,
            rows=records,
            labels={
                "title": _("Pelatihan"),
                "provider": _("Penyelenggara"),
                "path": _("Jalur"),
                "jenis_diklat": _("Jenis diklat"),
                "jp": _("JP"),
                "start_date": _("Mulai"),
                "end_date": _("Selesai"),
                "year": _("Tahun"),
                "opd": _("OPD saat pelatihan"),
                "certificate_number": _("Nomor sertifikat"),
                "source": _("Sumber"),
                "created_at": _("Dicatat"),
            },
        ),
    ]
