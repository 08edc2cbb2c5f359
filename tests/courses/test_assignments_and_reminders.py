"""Mandatory courses assigned by HR in scope, and the daily reminder e-mails."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError

from courses.models import Assignment, Enrollment, EnrollmentStatus
from courses.services import (
    assignment_apply,
    assignment_create,
    enrollment_create,
    reminders_send,
)
from courses.tasks import reminders_send_task
from lms.celery import app
from lms.people.models import OPD, Employee, EmployeeType, JenisJabatan, OPDType, Position
from lms.people.services import employee_save, opd_scope_set
from lms.users.roles import Role
from tests.factories.courses import build_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def org():
    dikbud = OPD.objects.create(code="1.01", name="Dinas Pendidikan", type=OPDType.DINAS)
    sd = OPD.objects.create(code="1.01.1", name="UPTD SD 1", type=OPDType.UPTD, parent=dikbud)
    dinkes = OPD.objects.create(code="1.02", name="Dinas Kesehatan", type=OPDType.DINAS)
    guru = Position.objects.create(
        code="GURU", name="Guru Ahli Pertama", jenis_jabatan=JenisJabatan.FUNGSIONAL_KEAHLIAN
    )
    people = {}
    for key, nip, opd, position in [
        ("ani", "198501012010012001", dikbud, None),
        ("budi", "198501012010011002", sd, guru),
        ("citra", "198501012010012003", dinkes, guru),
    ]:
        people[key] = employee_save(
            employee=Employee(
                nip=nip,
                name=key.title(),
                gender="P" if nip[14] == "2" else "L",
                email=f"{key}@contoh.go.id",
                employee_type=EmployeeType.PNS,
                opd=opd,
                position=position,
            )
        )
    admin = UserFactory(email="admin.dikbud@contoh.go.id")
    admin.groups.add(Group.objects.get(name=Role.ADMIN_OPD))
    opd_scope_set(user=admin, opds=[dikbud])
    bkpsdm = UserFactory()
    bkpsdm.groups.add(Group.objects.get(name=Role.BKPSDM))
    return {
        "dikbud": dikbud,
        "sd": sd,
        "dinkes": dinkes,
        "guru": guru,
        "admin": admin,
        "bkpsdm": bkpsdm,
        **people,
    }


def enrolled(org_people):
    return set(Enrollment.objects.values_list("user__employee__name", flat=True))


def test_admin_opd_assigns_to_their_opd_and_sub_units(org, django_capture_on_commit_callbacks):
    course = build_course()
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assignment_create(
            course=course,
            created_by=org["admin"],
            opd=org["dikbud"],
            due_date=TODAY + datetime.timedelta(days=30),
            today=TODAY,
        )
    assert enrolled(org) == {"Ani", "Budi"}
    assert set(Enrollment.objects.values_list("source", "due_date")) == {
        ("assigned", assignment.due_date)
    }
    assignment.refresh_from_db()
    assert assignment.enrolled_count == 2 and assignment.applied_at
    assert assignment_apply(assignment=assignment) == 2  # idempotent
    assert Enrollment.objects.count() == 2


def test_position_assignment_stays_inside_the_assigners_scope(org):
    course = build_course()
    assignment = assignment_create(
        course=course,
        created_by=org["admin"],
        position=org["guru"],
        due_date=TODAY + datetime.timedelta(days=30),
        today=TODAY,
    )
    assignment_apply(assignment=assignment)
    assert enrolled(org) == {"Budi"}  # Citra is a guru too, but in Dinas Kesehatan


def test_bkpsdm_reaches_every_holder_of_a_position(org):
    assignment = assignment_create(
        course=build_course(),
        created_by=org["bkpsdm"],
        position=org["guru"],
        due_date=TODAY + datetime.timedelta(days=30),
        today=TODAY,
    )
    assignment_apply(assignment=assignment)
    assert enrolled(org) == {"Budi", "Citra"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"opd": "dinkes"}, "opd"),
        ({"employees": ["citra"]}, "employees"),
        ({"opd": "dikbud", "due": 0}, "due_date"),
        ({"opd": "dikbud", "due": -3}, "due_date"),
        ({}, "target"),
        ({"opd": "dikbud", "position": "guru"}, "target"),
    ],
)
def test_bad_assignments_are_refused_with_nothing_written(org, kwargs, field):
    args = {
        "opd": org[kwargs["opd"]] if "opd" in kwargs else None,
        "position": org[kwargs["position"]] if "position" in kwargs else None,
        "employees": [org[k] for k in kwargs.get("employees", [])] or None,
    }
    with pytest.raises(ValidationError) as error:
        assignment_create(
            course=build_course(),
            created_by=org["admin"],
            today=TODAY,
            due_date=TODAY + datetime.timedelta(days=kwargs.get("due", 10)),
            **args,
        )
    assert field in error.value.message_dict
    assert not Assignment.objects.exists() and not Enrollment.objects.exists()


def test_unpublished_course_cannot_be_assigned(org):
    course = build_course()
    course.unpublish()
    with pytest.raises(ValidationError) as error:
        assignment_create(
            course=course,
            created_by=org["bkpsdm"],
            opd=org["dikbud"],
            today=TODAY,
            due_date=TODAY + datetime.timedelta(days=10),
        )
    assert "course" in error.value.message_dict


def test_reminders_7_days_and_1_day_before_then_overdue_digest(org):
    course = build_course(title="Keamanan Informasi Dasar")
    due_in_7 = enrollment_create(
        user=org["ani"].user,
        course=course,
        source="assigned",
        due_date=TODAY + datetime.timedelta(days=7),
    )
    enrollment_create(
        user=org["budi"].user,
        course=course,
        source="assigned",
        due_date=TODAY + datetime.timedelta(days=1),
    )
    late = build_course(title="Dasar SPBE")
    enrollment_create(
        user=org["budi"].user,
        course=late,
        source="assigned",
        due_date=TODAY - datetime.timedelta(days=2),
    )
    enrollment_create(
        user=org["citra"].user,
        course=late,
        source="assigned",
        due_date=TODAY - datetime.timedelta(days=2),
    )
    assert reminders_send(today=TODAY) == {"due": 2, "overdue": 1}
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "Daftar pegawai yang terlambat menyelesaikan kursus wajib (1)",
        "Pengingat: Keamanan Informasi Dasar berakhir 1 hari lagi",
        "Pengingat: Keamanan Informasi Dasar berakhir 7 hari lagi",
    ]
    digest = next(m for m in mail.outbox if m.to == ["admin.dikbud@contoh.go.id"])
    assert "198501012010011002 Budi" in digest.body and "Citra" not in digest.body  # scope
    reminder = next(m for m in mail.outbox if m.to == ["ani@contoh.go.id"])
    assert "paling lambat 1 Desember 2026" in reminder.body and course.url in reminder.body
    # A second run the same day sends nothing again.
    assert reminders_send(today=TODAY) == {"due": 0, "overdue": 0}
    assert len(mail.outbox) == 3
    # Completed or withdrawn enrollments are not reminded.
    due_in_7.status = EnrollmentStatus.COMPLETED
    due_in_7.save(update_fields=["status"])
    assert reminders_send(today=TODAY + datetime.timedelta(days=6)) == {"due": 0, "overdue": 1}


def test_reminder_task_is_scheduled_daily_and_runs_the_service(org):
    assert app.conf.beat_schedule["course-reminders"]["task"] == reminders_send_task.name
    assert reminders_send_task() == {"due": 0, "overdue": 0}
