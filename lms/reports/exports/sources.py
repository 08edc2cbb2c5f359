"""Reads of the exports that the report selectors do not hold: the platform's completed courses
of a year as SIASN riwayat-kursus lines, and the course catalogue the AKPK sheet recommends
from. Both read through the lower apps' selectors (``certificates.selectors_hr``,
``courses.selectors``), with the viewer's scope; constant queries, no per-row query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from wagtail.models import Site

from certificates.models import Certificate, CertificateState
from certificates.selectors_hr import certificates_for_hr_filtered
from courses.selectors import published_courses
from lms.competencies.models import JenisDiklat, LearningRecord, RecordSource
from lms.core.models import InstitutionSettings
from lms.people.selectors import opd_descendant_ids

from ..selectors import ReportFilters


@dataclass(frozen=True)
class SiasnCourse:
    """One completed course of the platform, in the terms of SIASN's riwayat kursus."""

    nip: str
    jenis_diklat: int
    course: str
    provider: str
    jp: Decimal
    number: str
    started_on: datetime.date
    completed_on: datetime.date


def siasn_courses(filters: ReportFilters, *, chunk: int = 2000) -> Iterator[SiasnCourse]:
    """The current (valid) certificates of courses completed in the filter's year, issued in an
    OPD of the viewer's scope (and under ``filters.opd``), ordered by NIP and completion date.
    The jenis diklat and provider come from the JP ledger line the completion wrote
    (``source_reference`` ``enrollment:<id>``), else SIASN's Diklat Teknis and the issuer.
    ``viewer=None`` is the operator's command without ``--as``: every OPD."""
    if filters.viewer is None:
        queryset = Certificate.objects.all()
        if filters.opd is not None:
            queryset = queryset.filter(opd_id__in=opd_descendant_ids([filters.opd.pk]))
    else:
        parameters = {"opd": filters.opd.pk} if filters.opd is not None else {}
        queryset = certificates_for_hr_filtered(filters.viewer, parameters)
    ledger = LearningRecord.objects.filter(
        source=RecordSource.LMS,
        source_reference=Concat(Value("enrollment:"), Cast(OuterRef("enrollment_id"), CharField())),
    )
    rows = (
        queryset.filter(
            state=CertificateState.VALID,
            completed_on__gte=filters.start,
            completed_on__lte=filters.end,
        )
        .annotate(
            ledger_jenis=Subquery(ledger.values("jenis_diklat")[:1]),
            ledger_provider=Subquery(ledger.values("provider")[:1]),
        )
        .order_by("holder_nip", "completed_on", "pk")
        .values_list(
            "holder_nip",
            "ledger_jenis",
            "course_title",
            "ledger_provider",
            "issuer",
            "jp",
            "number",
            "started_on",
            "completed_on",
        )  # fmt: skip
    )
    for nip, jenis, course, provider, issuer, jp, number, started, completed in rows.iterator(
        chunk_size=chunk
    ):
        yield SiasnCourse(
            nip, jenis or JenisDiklat.TEKNIS, course, provider or issuer, jp, number, started,
            completed,
        )  # fmt: skip


def institution_provider() -> str:
    """The provider the JP ledger names for this platform's courses: the HR unit of the
    institution's site settings (default site), as ``courses`` writes it on completion."""
    site = Site.objects.filter(is_default_site=True).first()
    return InstitutionSettings.for_site(site).hr_unit_name if site else "LMS"


@dataclass(frozen=True)
class CourseOffer:
    """A published course that develops a competency up to ``target_level``."""

    code: str
    title: str
    jp: Decimal
    target_level: int


def course_offers() -> dict[str, list[CourseOffer]]:
    """Competency code → the published courses developing it, by target level then code
    (``courses.selectors.published_courses``: 2 queries)."""
    offers: dict[str, list[CourseOffer]] = {}
    for course in published_courses():
        for target in course.competency_targets.all():
            offers.setdefault(target.competency.code, []).append(
                CourseOffer(course.code, course.title, course.jp, target.target_level)
            )
    for found in offers.values():
        found.sort(key=lambda offer: (offer.target_level, offer.code))
    return offers


def recommended_course(
    offers: list[CourseOffer], *, attained: int, required: int
) -> CourseOffer | None:
    """The course an AKPK line proposes for a gap: the lowest target level that reaches the
    required level, else the highest one above the attained level (it narrows the gap), else
    none."""
    closing = [offer for offer in offers if offer.target_level >= required]
    if closing:
        return closing[0]
    narrowing = [offer for offer in offers if offer.target_level > attained]
    return narrowing[-1] if narrowing else None
