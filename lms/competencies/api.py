from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from lms.core.api import errors
from lms.people.selectors import employee_for_user

from .selectors import employee_competency_profile, jp_target_for, jp_total

router = Router(tags=["saya"])


class CompetencyRowOut(Schema):
    code: str
    name: str
    required: int
    attained: int
    reported: int
    gap: int


class MeOut(Schema):
    nip: str
    name: str
    opd: str
    position: str | None
    year: int
    jp_this_year: float
    jp_target: int
    jp_target_kind: str
    competencies: list[CompetencyRowOut]


@router.get(
    "/me",
    response={200: MeOut, **errors(404)},
    summary="Profil, JP tahun ini dan profil kompetensi",
)
def me(request):
    employee = employee_for_user(request.user)
    if employee is None:
        raise Http404
    year = timezone.localdate().year
    target, kind = jp_target_for(employee.employee_type)
    return {
        "nip": employee.nip,
        "name": employee.full_name,
        "opd": employee.opd.name,
        "position": employee.position.name if employee.position else None,
        "year": year,
        "jp_this_year": float(jp_total(employee, year)),
        "jp_target": target,
        "jp_target_kind": kind,
        "competencies": [
            {
                "code": row.code,
                "name": row.name,
                "required": row.required,
                "attained": row.attained,
                "reported": row.reported,
                "gap": row.gap,
            }
            for row in employee_competency_profile(employee)
        ],
    }
