"""The HR home panel (issue 13: "the Admin OPD home is an empty search box"): on the Wagtail
dashboard of Admin OPD and BKPSDM, the figures of their OPDs: employees, accounts that can log
in and still waiting, PNS reaching 20 JP this year, people late with a mandatory course."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.services import enrollment_create
from lms.competencies.models import RecordSource
from lms.competencies.services import learning_record_create
from lms.reports.selectors.home import home_figures
from lms.users.roles import Role
from tests.courses.test_assignments_and_reminders import org  # noqa: F401 - the fixture
from tests.factories.courses import build_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(org):  # noqa: F811 - the imported fixture
    today = timezone.localdate()
    org["ani"].user.set_password("Sandi-Kuat-2026-Ani")
    org["ani"].user.save()
    learning_record_create(
        employee=org["ani"], title="Bimtek SPBE", provider="BPSDM", path="klasikal",
        jenis_diklat=8, jp=Decimal("21"), start_date=datetime.date(today.year, 1, 5),
        end_date=datetime.date(today.year, 1, 6), source=RecordSource.IMPORT,
    )  # fmt: skip
    course = build_course(title="Dasar SPBE")
    for key in ("budi", "citra"):
        enrollment_create(
            user=org[key].user, course=course, source="assigned",
            due_date=today - datetime.timedelta(days=3),
        )  # fmt: skip
    return org


def test_the_admin_opd_sees_their_opds_figures(late):
    figures = home_figures(late["admin"], today=timezone.localdate())
    # Dikbud and its SD: Ani (password set, 21 JP) and Budi (waiting, late).
    assert (figures.employees, figures.active_accounts, figures.pending) == (2, 1, 1)
    assert (figures.pns, figures.pns_met) == (2, 1)
    assert (figures.overdue_people, figures.overdue) == (1, 1)
    everyone = home_figures(late["bkpsdm"], today=timezone.localdate())
    assert (everyone.employees, everyone.pending, everyone.overdue_people) == (3, 2, 2)


def test_the_panel_is_on_the_hr_dashboard_only(client, late, django_assert_max_num_queries):
    client.force_login(late["admin"])
    with django_assert_max_num_queries(40):
        page = client.get("/admin/").content.decode()
    assert "Ringkasan OPD Anda" in page
    assert "1 menunggu aktivasi" in page and "Undang untuk aktivasi" in page
    assert "PNS sudah mencapai 20 JP (1 dari 2)" in page
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=Role.PENGAJAR))
    client.force_login(trainer)
    assert "Ringkasan OPD Anda" not in client.get("/admin/").content.decode()
