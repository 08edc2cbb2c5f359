"""Reads for HR screens over certificates: the list in the Wagtail admin and the bulk ZIP.

Only HR (``certificates.view_certificate``: Admin OPD, BKPSDM) sees anything, and only the
certificates issued in an OPD of their scope (``lms.people.selectors.in_opd_scope``: BKPSDM
every OPD, Admin OPD theirs and their sub-units). A learner's own certificates are not "HR"
(they have their own page). The same function serves the list and the ZIP builder, so the ZIP
holds exactly what the list shows for the same filters, re-read with the requester's scope
when the worker builds it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from lms.people.selectors import in_opd_scope, opd_descendant_ids
from lms.users.models import User

from .models import Certificate, CertificateState

FILTERS = ("opd", "course", "year", "state")


def certificates_for_hr(user: User) -> QuerySet[Certificate]:
    if not user.is_authenticated or not user.is_active:
        return Certificate.objects.none()
    if not user.has_perm("certificates.view_certificate"):
        return Certificate.objects.none()
    return in_opd_scope(Certificate.objects.all(), user=user)


def clean_hr_filters(raw: dict) -> dict:
    """The filters of a request or a stored download, as ints/strings; anything malformed is
    dropped (a hostile value filters nothing rather than failing)."""
    cleaned: dict = {}
    for key in ("opd", "course", "year"):
        value = raw.get(key)
        try:
            number = int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            number = None
        if number is not None and 0 < number < 2**31:
            cleaned[key] = number
    state = raw.get("state")
    if state in CertificateState.values:
        cleaned["state"] = state
    return cleaned


def certificates_for_hr_filtered(user: User, filters: dict) -> QuerySet[Certificate]:
    """:func:`certificates_for_hr` narrowed by OPD (with its sub-units), course, year, state."""
    filters = clean_hr_filters(filters)
    queryset = certificates_for_hr(user)
    if "opd" in filters:
        queryset = queryset.filter(opd_id__in=opd_descendant_ids([filters["opd"]]))
    if "course" in filters:
        queryset = queryset.filter(enrollment__course_id=filters["course"])
    if "year" in filters:
        queryset = queryset.filter(year=filters["year"])
    if "state" in filters:
        queryset = queryset.filter(state=filters["state"])
    return queryset
