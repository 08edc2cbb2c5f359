import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from lms.core.models import HomePage
from lms.users.models import User

pytestmark = pytest.mark.django_db

LINE = re.compile(r"^demo-login: (peserta|pengajar|admin-opd|bkpsdm|superuser) (\S+) (\S+)$")


def run_seed() -> list[tuple[str, str, str]]:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("demo-login:")]
    assert all(LINE.match(line) for line in lines), lines
    return [LINE.match(line).groups() for line in lines]


def test_seed_demo_prints_one_working_login_per_role(client):
    accounts = run_seed()
    assert [role for role, _u, _p in accounts] == [
        "peserta",
        "pengajar",
        "admin-opd",
        "bkpsdm",
        "superuser",
    ]
    for _role, username, password in accounts:
        assert client.login(username=username, password=password), username
        client.logout()


def test_seed_demo_is_idempotent():
    first = run_seed()
    counts = (User.objects.count(), Page.objects.count(), Site.objects.count())
    second = run_seed()
    assert first == second
    assert (User.objects.count(), Page.objects.count(), Site.objects.count()) == counts
    assert HomePage.objects.count() == 1


def test_demo_accounts_carry_their_roles():
    run_seed()
    from courses.models import CourseTrainerGroup

    course_groups = CourseTrainerGroup.objects.values("group")  # the trainers of a course
    roles = {
        user.username: list(
            user.groups.exclude(pk__in=course_groups).values_list("name", flat=True)
        )
        for user in User.objects.all()
    }
    assert roles["198703152010012003"] == ["Peserta"]
    assert roles["198106212006041002"] == ["Pengajar"]
    assert roles["199002102015032001"] == ["Admin OPD"]
    assert roles["197805302003121004"] == ["BKPSDM"]
    assert User.objects.get(username="admin@contoh.go.id").is_superuser


def test_seed_demo_refuses_where_demo_data_is_disabled(settings):
    settings.LMS_ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
