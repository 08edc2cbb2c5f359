"""The learner dashboard (issue 13, item 10): the learner's name and the JP of the year with its
breakdown first, then what to do next (assigned courses, resume with "X dari Y pelajaran wajib
selesai"), then recommendations, then the competency profile folded in a <details>."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.selectors import course_lessons, learner_dashboard
from courses.services import enrollment_create, lesson_complete
from lms.competencies.models import LearningPath, RecordSource
from lms.competencies.selectors import JPBreakdown, jp_breakdown, jp_total
from lms.competencies.services import learning_record_create
from lms.people.models import OPD, Employee, EmployeeType, JenisJabatan, OPDType, Position
from lms.people.services import employee_save
from lms.users.models import User
from tests.factories.courses import LessonPageFactory, ModulePageFactory, build_course

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


@pytest.fixture
def employee():
    opd = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    position = Position.objects.create(
        code="PDI", name="Pengolah Data", jenis_jabatan=JenisJabatan.PELAKSANA
    )
    return employee_save(
        employee=Employee(
            nip="198703152010012003",
            name="Siti Rahmawati",
            gelar_belakang="S.Kom.",
            gender="P",
            employee_type=EmployeeType.PNS,
            opd=opd,
            position=position,
        )
    )


def line(employee, title, *, jp, path, source, year=YEAR):
    return learning_record_create(
        employee=employee,
        title=title,
        provider="BPSDM Provinsi",
        path=path,
        jenis_diklat=8,
        jp=Decimal(jp),
        start_date=datetime.date(year, 2, 2),
        end_date=datetime.date(year, 2, 4),
        source=source,
    )


def test_jp_breakdown_splits_the_year_by_path_and_by_source(employee):
    assert jp_breakdown(employee, YEAR) == JPBreakdown(*[Decimal("0")] * 5)
    line(employee, "Bimtek SPBE", jp="12", path=LearningPath.KLASIKAL, source=RecordSource.IMPORT)
    line(employee, "Coaching", jp="2.5", path=LearningPath.NON_KLASIKAL, source=RecordSource.IMPORT)
    line(employee, "LD-101", jp="4", path=LearningPath.NON_KLASIKAL, source=RecordSource.LMS)
    line(
        employee, "Lalu", jp="9", path=LearningPath.KLASIKAL, source=RecordSource.LMS, year=YEAR - 1
    )
    jp = jp_breakdown(employee, YEAR)
    assert jp == JPBreakdown(
        total=Decimal("18.5"),
        klasikal=Decimal("12"),
        non_klasikal=Decimal("6.5"),
        lms=Decimal("4"),
        external=Decimal("14.5"),
    )
    assert jp.total == jp_total(employee, YEAR) == jp.klasikal + jp.non_klasikal
    assert jp.total == jp.lms + jp.external


def positions(html: str, *markers: str) -> list[int]:
    found = [html.find(marker) for marker in markers]
    assert -1 not in found, dict(zip(markers, found, strict=True))
    return found


def test_the_phone_order_name_jp_todo_recommendations_then_the_folded_profile(client, employee):
    assigned = build_course(title="Arsitektur SPBE", targets=(("SP.02", 2),))
    build_course(title="Dasar SPBE", targets=(("SP.01", 2),))  # recommended: closes SP.01
    enrollment_create(user=employee.user, course=assigned, source="assigned", due_date="2026-12-15")
    line(employee, "Bimtek SPBE", jp="6", path=LearningPath.KLASIKAL, source=RecordSource.IMPORT)
    client.force_login(employee.user)
    html = client.get(reverse("courses:dashboard")).content.decode()
    order = positions(
        html,
        "Siti Rahmawati, S.Kom.",
        'id="jp-title"',
        'id="assigned-title"',
        'id="progress-title"',
        'id="rec-title"',
        'class="card profile-details"',
        'id="done-title"',
    )
    assert order == sorted(order)
    assert "NIP 198703152010012003 · Pengolah Data · Diskominfo" in html
    # The profile is folded: a <details> without "open", with the number of gaps on its summary.
    assert re.search(r'<details class="card profile-details">\s*<summary>', html)
    assert "19 kompetensi," in html and "dengan kesenjangan" in html
    jp_card = html[html.find('id="jp-title"') : html.find('id="assigned-title"')]
    text = re.sub(r"<[^>]+>", " ", jp_card)
    text = re.sub(r"\s+", " ", text)
    assert "6 / 20 JP" in text
    assert "Kurang 14 JP lagi untuk mencapai 20 JP." in text
    assert "Pelatihan klasikal 6 JP" in text and "Pelatihan non-klasikal 0 JP" in text
    assert "Dari kursus di platform ini 0 JP" in text
    assert "Pelatihan di luar platform 6 JP" in text


def test_resume_shows_done_of_the_real_total(client, employee):
    course = build_course(title="Kursus Lanjut", modules=2, lessons=2)
    module = course.get_children().first()
    LessonPageFactory(parent=module, is_required=False, title="Bacaan tambahan")
    enrollment_create(user=employee.user, course=course)
    lessons = course_lessons(course)
    lesson_complete(user=employee.user, lesson=lessons[0])
    client.force_login(employee.user)
    html = client.get(reverse("courses:dashboard")).content.decode()
    # Four required lessons; the optional one is left out, as on the course page.
    assert "1 dari 4 pelajaran wajib selesai" in html
    assert 'max="100" value="25"' in html
    assert html.count("Lanjutkan</a>") == 1


def test_a_pppk_sees_the_jp_left_under_the_cap(client, employee):
    employee.employee_type = EmployeeType.PPPK
    employee_save(employee=employee)
    line(employee, "Bimtek", jp="10", path=LearningPath.KLASIKAL, source=RecordSource.IMPORT)
    client.force_login(employee.user)
    html = client.get(reverse("courses:dashboard")).content.decode()
    assert "Sisa 14 JP dari batas 24 JP." in html


def test_target_reached(client, employee):
    line(employee, "Diklat", jp="21", path=LearningPath.KLASIKAL, source=RecordSource.IMPORT)
    client.force_login(employee.user)
    html = client.get(reverse("courses:dashboard")).content.decode()
    assert "Target 20 JP tahun ini sudah tercapai." in html


def test_an_account_without_employee_data_gets_a_dashboard_with_its_name(client):
    user = User.objects.create_user(username="tamu", password="x" * 12, first_name="Tamu")
    user.last_name = "Pelatihan"
    user.save()
    dashboard = learner_dashboard(user)
    assert dashboard.learner_name == "Tamu Pelatihan"
    assert dashboard.jp == JPBreakdown(*[Decimal("0")] * 5) and dashboard.profile_gaps == 0
    client.force_login(user)
    html = client.get(reverse("courses:dashboard")).content.decode()
    assert "Tamu Pelatihan" in html and "belum terhubung dengan data kepegawaian" in html


def test_queries_do_not_grow_with_ledger_lines_enrollments_or_lessons(
    client, employee, django_assert_max_num_queries
):
    """docs/quality.md P1 for the new figures: the breakdown is one aggregate, the lesson
    totals a subquery of the enrollments' one query."""
    course = build_course(modules=1, lessons=2)
    enrollment_create(user=employee.user, course=course)
    line(employee, "Satu", jp="2", path=LearningPath.KLASIKAL, source=RecordSource.IMPORT)
    client.force_login(employee.user)
    url = reverse("courses:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(15):
        more = build_course(modules=2, lessons=3, title=f"Kursus {i}")
        ModulePageFactory(parent=more)
        enrollment_create(user=employee.user, course=more)
        lesson_complete(user=employee.user, lesson=course_lessons(more)[0])
        path = LearningPath.NON_KLASIKAL if i % 2 else LearningPath.KLASIKAL
        line(employee, f"Pelatihan {i}", jp="1", path=path, source=RecordSource.IMPORT)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("dari 6 pelajaran wajib selesai") == 15
