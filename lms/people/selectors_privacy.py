"""What the platform holds about one person: the sections of "Unduh data saya" (UU 27/2022: the
rights of access, copy and portability; docs/security.md, "Personal data (UU 27/2022)").

:func:`personal_data_sections` reads the account (``lms.users``), the notifications
(``lms.core``) and the employee record and correction requests (this app) itself, and asks the
apps above through ``lms.people.signals.personal_data_requested``
(``lms.core.events.answers``): competency evidence and the JP ledger, quiz attempts and H5P
results, enrollments and lesson progress, certificates. Every section is read for this one
person only (by their user or employee id), in a fixed number of queries whatever the number of
rows. Values are plain JSON values (text, numbers, booleans, ISO dates); nested lists (a quiz
attempt's answers) are lists of dicts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.events import answers
from lms.core.models import Notification
from lms.users.models import User

from .models import Employee
from .selectors import correction_requests_of, employee_for_user
from .signals import personal_data_requested


@dataclass
class PersonalDataSection:
    """One part of a person's data: ``rows`` of plain values, ``labels`` naming each key in
    Indonesian for the PDF (keys without a label are shown as they are)."""

    key: str
    title: str
    rows: list[dict[str, Any]]
    labels: dict[str, str] = field(default_factory=dict)
    note: str = ""
    order: int = 100

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "note": self.note, "rows": self.rows}


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates and times in ISO 8601 (times in the site's zone),
    decimals as text (no binary rounding), everything else unchanged."""
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return value


def _account_section(user: User) -> PersonalDataSection:
    roles = sorted(user.groups.values_list("name", flat=True))
    return PersonalDataSection(
        key="account",
        title=_("Akun"),
        order=10,
        rows=[
            {
                "username": user.username,
                "nip": user.nip or "",
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "roles": ", ".join(roles),
                "is_active": user.is_active,
                "date_joined": plain(user.date_joined),
                "last_login": plain(user.last_login),
            }
        ],
        labels={
            "username": _("Nama pengguna"),
            "nip": _("NIP / NI PPPK"),
            "first_name": _("Nama depan"),
            "last_name": _("Nama belakang"),
            "email": _("E-mail"),
            "roles": _("Peran"),
            "is_active": _("Aktif"),
            "date_joined": _("Terdaftar"),
            "last_login": _("Terakhir masuk"),
        },
    )


def _employee_section(employee: Employee | None) -> PersonalDataSection:
    rows = []
    if employee is not None:
        opd, position = employee.opd, employee.position
        rows.append(
            {
                "nip": employee.nip,
                "name": employee.name,
                "gelar_depan": employee.gelar_depan,
                "gelar_belakang": employee.gelar_belakang,
                "full_name": employee.full_name,
                "gender": employee.get_gender_display(),
                "employee_type": employee.get_employee_type_display(),
                "golongan": employee.golongan,
                "opd_code": opd.code,
                "opd_name": opd.name,
                "position_code": position.code if position else "",
                "position_name": position.name if position else "",
                "jenis_jabatan": position.get_jenis_jabatan_display() if position else "",
                "email": employee.email,
                "is_active": employee.is_active,
                "created_at": plain(employee.created_at),
                "updated_at": plain(employee.updated_at),
            }
        )
    return PersonalDataSection(
        key="employee",
        title=_("Data kepegawaian"),
        order=20,
        rows=rows,
        note="" if rows else _("Akun ini belum terhubung dengan data kepegawaian."),
        labels={
            "nip": _("NIP / NI PPPK"),
            "name": _("Nama"),
            "gelar_depan": _("Gelar depan"),
            "gelar_belakang": _("Gelar belakang"),
            "full_name": _("Nama dengan gelar"),
            "gender": _("Jenis kelamin"),
            "employee_type": _("Jenis pegawai"),
            "golongan": _("Golongan"),
            "opd_code": _("Kode OPD"),
            "opd_name": _("OPD"),
            "position_code": _("Kode jabatan"),
            "position_name": _("Jabatan"),
            "jenis_jabatan": _("Jenis jabatan"),
            "email": _("E-mail dinas"),
            "is_active": _("Aktif"),
            "created_at": _("Dicatat"),
            "updated_at": _("Terakhir diubah"),
        },
    )


def _corrections_section(employee: Employee | None) -> PersonalDataSection:
    rows = []
    if employee is not None:
        rows = [
            {
                "id": correction.pk,
                "field": correction.get_field_display(),
                "current_value": correction.current_value,
                "requested_value": correction.requested_value,
                "note": correction.note,
                "status": correction.get_status_display(),
                "resolution_note": correction.resolution_note,
                "created_at": plain(correction.created_at),
                "resolved_at": plain(correction.resolved_at),
            }
            for correction in correction_requests_of(employee)
        ]
    return PersonalDataSection(
        key="correction_requests",
        title=_("Permintaan perbaikan data"),
        order=90,
        rows=rows,
        labels={
            "id": _("Nomor"),
            "field": _("Data"),
            "current_value": _("Data saat diajukan"),
            "requested_value": _("Seharusnya"),
            "note": _("Keterangan"),
            "status": _("Status"),
            "resolution_note": _("Catatan penyelesaian"),
            "created_at": _("Diajukan"),
            "resolved_at": _("Ditanggapi"),
        },
    )


def _notifications_section(user: User) -> PersonalDataSection:
    rows = [
        {
            "title": notification.title,
            "body": notification.body,
            "url": notification.url,
            "created_at": plain(notification.created_at),
            "read_at": plain(notification.read_at),
        }
        for notification in Notification.objects.filter(user=user).order_by("-created_at")
    ]
    return PersonalDataSection(
        key="notifications",
        title=_("Pemberitahuan"),
        order=80,
        rows=rows,
        labels={
            "title": _("Judul"),
            "body": _("Isi"),
            "url": _("Tautan"),
            "created_at": _("Dibuat"),
            "read_at": _("Dibaca"),
        },
    )


def personal_data_sections(user: User) -> list[PersonalDataSection]:
    """Every section of ``user``'s data, in a fixed order (account, employee record, the
    apps' sections, notifications, correction requests). A bounded number of queries: one or
    two per section, never one per row."""
    employee = employee_for_user(user)
    sections = [
        _account_section(user),
        _employee_section(employee),
        _notifications_section(user),
        _corrections_section(employee),
    ]
    for answer in answers(personal_data_requested, sender=Employee, user=user, employee=employee):
        sections.extend(answer or ())
    return sorted(sections, key=lambda section: (section.order, section.key))


def personal_data_document(user: User, sections: list[PersonalDataSection]) -> dict[str, Any]:
    """The JSON document of "Unduh data saya": when, whose, and every section by key."""
    return {
        "generated_at": plain(timezone.now()),
        "user_id": user.pk,
        "sections": {section.key: section.as_json() for section in sections},
    }
