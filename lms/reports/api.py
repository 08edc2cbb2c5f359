"""HR reports in the HTTP API (docs/interfaces.md, docs/api.md): ``GET /reports/gap`` and
``GET /reports/jp``, the OPD summaries as JSON.

Who: Admin OPD (their OPDs and sub-units) and BKPSDM (all); anyone else 403. ``opd`` is an OPD
code; one outside the caller's scope (or unknown) is 404 and logged. ``year`` defaults to the
current year; a past year that has a monthly snapshot answers its figures as they were
(``source: "snapshot"``).
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema

from lms.competencies.selectors import PNS_JP_TARGET, PPPK_JP_CAP
from lms.core.api import errors
from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.core.errors import ApplicationError
from lms.people.models import OPD
from lms.people.selectors import opds_visible_to

from .selectors import ReportFilterError, report_filters
from .selectors.base import MAX_YEAR, MIN_YEAR, may_read_reports
from .selectors.snapshots import gap_summary_for, jp_summary_for

logger = logging.getLogger("lms.reports")
router = Router(tags=["laporan"])


def _year():
    """The ``year`` parameter: 2000–2100, this year when absent."""
    return Query(None, ge=MIN_YEAR, le=MAX_YEAR, description="Tahun laporan (bawaan: tahun ini).")


def _opd_code():
    """The ``opd`` parameter: an OPD code (no control characters), all OPDs in scope when
    absent."""
    return Query(
        None,
        min_length=1,
        max_length=OPD._meta.get_field("code").max_length,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Kode OPD (bawaan: semua OPD dalam cakupan).",
    )


class OPDOut(Schema):
    code: str
    name: str
    valid_in_year: bool


class GapCellOut(Schema):
    competency: str
    people: int
    below: int
    share_below: float | None
    mean_gap: float | None
    jpm: float | None


class GapRowOut(Schema):
    opd: OPDOut
    cells: list[GapCellOut]


class CompetencyOut(Schema):
    code: str
    name: str


class GapOut(Schema):
    year: int
    opd: str | None
    source: str
    snapshot_month: datetime.date | None
    competencies: list[CompetencyOut]
    rows: list[GapRowOut]
    total: list[GapCellOut]


class JPFiguresOut(Schema):
    headcount: int
    pns: int
    pns_met: int
    pns_met_share: float | None
    pppk: int
    pppk_over_cap: int
    pppk_cap_used_share: float | None
    zero_jp: int
    jp_total: float
    mean_jp: float | None
    jp_klasikal: float
    jp_non_klasikal: float
    jp_lms: float
    jp_external: float


class JPRowOut(JPFiguresOut):
    opd: OPDOut


class JPOut(Schema):
    year: int
    opd: str | None
    source: str
    snapshot_month: datetime.date | None
    pns_target: int
    pppk_cap: int
    rows: list[JPRowOut]
    total: JPFiguresOut


def _filters(request, year: int | None, opd: str | None):
    """The caller's filters, or 403 (not HR), 404 (OPD outside the scope or unknown, logged).
    The shape of ``year`` and ``opd`` is the schema's (``_year``, ``_opd_code``): a value outside
    it is django-ninja's 400 before this runs."""
    if not may_read_reports(request.user):
        raise PermissionDenied
    target = None
    if opd is not None:
        target = opds_visible_to(request.user).filter(code=opd).first()
        if target is None:
            logger.warning(
                "report refused: user %s asked for OPD %r outside their scope",
                request.user.pk,
                opd,
            )
            audit_record(
                AuditAction.ACCESS_DENIED,
                actor=request.user,
                object_type="people.opd",
                object_id=str(opd)[:40],
                details={"view": "api_reports", "asked_for": "OPD", "path": request.path},
                request=request,
            )
            raise Http404
    try:
        return report_filters(
            viewer=request.user,
            year=timezone.localdate().year if year is None else year,
            opd=target,
        )
    except ReportFilterError as error:
        raise ApplicationError(error.message, code="invalid") from error


def _opd(ref) -> dict:
    return {"code": ref.code, "name": ref.name, "valid_in_year": ref.valid_in_year}


def _cell(cell) -> dict:
    return {
        "competency": cell.competency,
        "people": cell.people,
        "below": cell.below,
        "share_below": cell.share_below,
        "mean_gap": cell.mean_gap,
        "jpm": cell.jpm,
    }


def _no_store(response: HttpResponse) -> None:
    response["Cache-Control"] = "no-store"


@router.get(
    "/reports/gap",
    response={200: GapOut, **errors(400, 403, 404)},
    summary="Kesenjangan kompetensi per OPD × kompetensi",
)
def reports_gap(
    request, response: HttpResponse, year: int | None = _year(), opd: str | None = _opd_code()
):
    """Per OPD row and competency: people required to have it, how many are below the required
    level, the share below, the mean gap and the JPM (docs/domain.md §1.5)."""
    filters = _filters(request, year, opd)
    _no_store(response)
    summary = gap_summary_for(filters)
    codes = [code for code, _name in summary.competencies]
    total = summary.total
    return {
        "year": summary.year,
        "opd": filters.opd.code if filters.opd else None,
        "source": summary.source,
        "snapshot_month": summary.snapshot_month,
        "competencies": [{"code": c, "name": n} for c, n in summary.competencies],
        "rows": [
            {
                "opd": _opd(row.opd),
                "cells": [_cell(row.cells[c]) for c in codes if c in row.cells],
            }
            for row in summary.rows
        ],
        "total": [_cell(total.cells[c]) for c in codes if c in total.cells],
    }


def _jp_figures(row) -> dict:
    return {
        "headcount": row.headcount,
        "pns": row.pns,
        "pns_met": row.pns_met,
        "pns_met_share": row.pns_met_share,
        "pppk": row.pppk,
        "pppk_over_cap": row.pppk_over_cap,
        "pppk_cap_used_share": row.pppk_cap_used_share,
        "zero_jp": row.zero_jp,
        "jp_total": float(row.jp_total),
        "mean_jp": row.mean_jp,
        "jp_klasikal": float(row.jp_klasikal),
        "jp_non_klasikal": float(row.jp_non_klasikal),
        "jp_lms": float(row.jp_lms),
        "jp_external": float(row.jp_external),
    }


@router.get(
    "/reports/jp",
    response={200: JPOut, **errors(400, 403, 404)},
    summary="Pemenuhan JP per OPD",
)
def reports_jp(
    request, response: HttpResponse, year: int | None = _year(), opd: str | None = _opd_code()
):
    """Per OPD row: PNS reaching 20 JP, PPPK against the 24 JP cap, people at 0 JP, mean JP,
    JP per path and source (docs/domain.md §1.3)."""
    filters = _filters(request, year, opd)
    _no_store(response)
    summary = jp_summary_for(filters)
    return {
        "year": summary.year,
        "opd": filters.opd.code if filters.opd else None,
        "source": summary.source,
        "snapshot_month": summary.snapshot_month,
        "pns_target": PNS_JP_TARGET,
        "pppk_cap": PPPK_JP_CAP,
        "rows": [{"opd": _opd(row.opd), **_jp_figures(row)} for row in summary.rows],
        "total": _jp_figures(summary.total),
    }
