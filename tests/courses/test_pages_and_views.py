"""Catalogue, course, lesson and dashboard pages as a learner uses them."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import Enrollment, EnrollmentStatus
from courses.selectors import course_lessons
from courses.services import enrollment_create
from lms.competencies.models import EvidenceSource
from lms.competencies.services import evidence_record
from lms.people.models import OPD, Employee, EmployeeType, JenisJabatan, OPDType, Position
from lms.people.services import employee_save
from tests.factories.courses import build_course, catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    opd = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    position = Position.objects.create(
        code="PDI", name="Pengolah Data", jenis_jabatan=JenisJabatan.PELAKSANA
    )
    employee = employee_save(
        employee=Employee(
            nip="198703152010012003",
            name="Siti Rahmawati",
            gender="P",
            employee_type=EmployeeType.PNS,
            opd=opd,
            position=position,
        )
    )
    return employee.user


def test_anonymous_lesson_visit_goes_to_login(client):
    lesson = course_lessons(build_course())[0]
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert response.url.startswith("/akun/masuk/?next=")


def test_lesson_needs_enrollment_and_sends_the_learner_to_the_course(client, learner):
    course = build_course()
    client.force_login(learner)
    response = client.get(course_lessons(course)[0].url)
    assert response.status_code == 302 and response.url == course.url


def test_enrol_then_learn_then_resume(client, learner):
    course = build_course(modules=2, lessons=2)
    lessons = course_lessons(course)
    client.force_login(learner)
    again = client.get(reverse("courses:enroll", args=[course.pk]))  # e.g. back from a login
    assert again.status_code == 302 and again.url == course.url  # offered again, not done
    assert not Enrollment.objects.filter(user=learner).exists()
    response = client.post(reverse("courses:enroll", args=[course.pk]))
    assert response.status_code == 302 and response.url == course.url
    page = client.get(lessons[0].url)
    assert page.status_code == 200
    assert "Isi pelajaran tentang SPBE" in page.content.decode()
    done = client.post(reverse("courses:complete_lesson", args=[lessons[0].pk]))
    assert done.url == lessons[1].url  # on to the next lesson
    client.get(lessons[1].url)
    course_page = client.get(course.url).content.decode()
    assert "1 dari 4 pelajaran wajib selesai" in course_page
    assert f'href="{lessons[1].url}">Lanjutkan belajar' in course_page.replace("\n", "")


def test_finishing_the_last_lesson_shows_completion(client, learner):
    course = build_course(modules=1, lessons=1)
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.pk]))
    response = client.post(
        reverse("courses:complete_lesson", args=[course_lessons(course)[0].pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("courses:completion", args=[course.pk])
    assert "Kursus selesai · 4 JP tercatat" in response.content.decode()
    assert Enrollment.objects.get().status == EnrollmentStatus.COMPLETED


def test_completing_a_lesson_of_a_course_not_joined_is_refused(client, learner):
    course = build_course()
    client.force_login(learner)
    response = client.post(
        reverse("courses:complete_lesson", args=[course_lessons(course)[0].pk]), follow=True
    )
    assert "Daftar ke kursus ini terlebih dahulu." in response.content.decode()


def test_unknown_ids_are_404(client, learner):
    client.force_login(learner)
    assert client.post(reverse("courses:enroll", args=[999999])).status_code == 404
    assert client.post(reverse("courses:complete_lesson", args=[999999])).status_code == 404
    assert client.post(reverse("courses:withdraw", args=[999999])).status_code == 404


def test_catalogue_filters_and_gap_badge(client, learner):
    build_course(title="Dasar SPBE", targets=(("SP.01", 1),), category="spbe")
    keamanan = build_course(
        title="Keamanan Digital",
        targets=(("LD.07", 2),),
        category="literasi_digital",
        jp=Decimal("8"),
    )
    url = catalogue().url
    client.force_login(learner)
    html = client.get(url).content.decode()
    assert "2 kursus" in html
    # Pelaksana standard: SP.01 level 1, LD.07 level 2; nothing attained yet: both close a gap.
    assert html.count("Menutup kesenjangan kompetensi Anda") == 2
    evidence_record(
        employee=learner.employee,
        competency=keamanan.competency_targets.get().competency,
        level=2,
        source=EvidenceSource.HR,
        observed_on="2026-01-05",
    )
    assert client.get(url).content.decode().count("Menutup kesenjangan kompetensi Anda") == 1

    def titles(**params) -> set[str]:
        html = client.get(url, params).content.decode()
        return set(re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html))

    assert titles(kategori="spbe") == {"Dasar SPBE"}
    assert titles(kompetensi="LD.07") == {"Keamanan Digital"}
    assert titles(level="2") == {"Keamanan Digital"}
    assert titles(jp_maks="5") == {"Dasar SPBE"}
    assert titles(q="keamanan") == {"Keamanan Digital"}
    hostile = client.get(url, {"jp_maks": "abc<script>", "level": "x", "kategori": "<b>"})
    assert hostile.status_code == 200
    assert "<script>" not in hostile.content.decode()
    assert titles(jp_maks="abc") == {"Dasar SPBE", "Keamanan Digital"}


def test_dashboard_shows_jp_assignments_profile_and_recommendations(client, learner):
    course = build_course(title="Dasar SPBE", targets=(("SP.01", 2),))
    other = build_course(title="Arsitektur SPBE", targets=(("SP.02", 2),))
    enrollment_create(user=learner, course=other, source="assigned", due_date="2026-12-15")
    client.force_login(learner)
    html = client.get(reverse("courses:dashboard")).content.decode()
    assert "/ 20 JP" in html
    assert "Arsitektur SPBE" in html and "batas" in html
    assert "Profil kompetensi" in html and "SP.01" in html
    assert f'href="{course.url}"' in html  # recommended: closes the SP.01 gap


def test_dashboard_needs_login(client):
    response = client.get(reverse("courses:dashboard"))
    assert response.status_code == 302 and "/akun/masuk/" in response.url


def _grow(n_courses: int, learner) -> None:
    for i in range(n_courses):
        course = build_course(modules=2, lessons=5, title=f"Kursus tambahan {i}")
        enrollment_create(user=learner, course=course)


@pytest.mark.parametrize("page", ["catalogue", "course", "lesson", "dashboard"])
def test_query_count_is_the_same_at_1x_and_20x(
    client, learner, page, django_assert_max_num_queries
):
    """docs/quality.md P1: queries per page do not grow with data (10 → 200 lessons)."""
    course = build_course(modules=2, lessons=5)
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    urls = {
        "catalogue": lambda: catalogue().url,
        "course": lambda: course.url,
        "lesson": lambda: course_lessons(course)[3].url,
        "dashboard": lambda: reverse("courses:dashboard"),
    }
    url = urls[page]()
    client.get(url)  # warm caches (site, routes, outline, settings, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    budget = len(small.captured_queries)  # read now: the next request resets the query log
    _grow(19, learner)
    client.get(url)  # publishing retired the cached content (lms/core/contentcache.py): refill
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_lesson_catalogue_course_and_dashboard_pages_weigh_under_100_kb(client, learner):
    from tests.weights import BUDGET, page_weight

    course = build_course(modules=3, lessons=4)
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    for path in (
        course_lessons(course)[5].url,
        course.url,
        catalogue().url,
        reverse("courses:dashboard"),
    ):
        assert page_weight(client, path) <= BUDGET, path


def test_a_module_has_no_preview_of_its_own(client):
    """The draft view of a module was a 500 (a module has no page: the course outline shows
    it); now Wagtail offers no preview for modules, and editing them works as before."""
    from django.contrib.auth.models import Group

    from courses.models import ModulePage
    from lms.users.roles import Role
    from tests.factories.users import UserFactory

    course = build_course(modules=1, lessons=1)
    module = ModulePage.objects.child_of(course).get()
    module.save_revision()
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=Role.BKPSDM))
    client.force_login(editor)
    assert client.get(f"/admin/pages/{module.pk}/view_draft/").status_code in {302, 403, 404}
    assert client.get(f"/admin/pages/{module.pk}/edit/").status_code == 200


def test_after_a_lesson_the_learner_goes_to_the_next_live_lesson(client, learner):
    """Next lesson of the module, else the first live lesson of the next live module; modules
    without a live lesson and unpublished modules are passed over."""
    course = build_course(modules=4, lessons=2)
    lessons = course_lessons(course)
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.pk]))

    def after(lesson) -> str:
        return client.post(reverse("courses:complete_lesson", args=[lesson.pk])).url

    assert after(lessons[0]) == lessons[1].url
    lessons[2].unpublish()  # module 2 keeps one live lesson
    assert after(lessons[1]) == lessons[3].url
    lessons[4].get_parent().unpublish()  # module 3 unpublished, its lessons still live
    lessons[6].unpublish()
    assert after(lessons[3]) == lessons[7].url
    # The last live lesson completes the course (no quiz here): on to its completion page.
    assert after(lessons[7]) == reverse("courses:completion", args=[course.pk])


def test_finding_the_next_lesson_does_not_query_per_module(
    client, learner, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def course_with(modules: int):
        """The first lesson's completion and where it leads, past modules with no live lesson."""
        course = build_course(modules=modules, lessons=1, title=f"Kursus {modules} modul")
        lessons = course_lessons(course)
        for lesson in lessons[1:-1]:
            lesson.unpublish()
        enrollment_create(user=learner, course=course)
        return reverse("courses:complete_lesson", args=[lessons[0].pk]), lessons[-1].url

    client.force_login(learner)
    few, many = course_with(3), course_with(12)
    with CaptureQueriesContext(connection) as small:
        assert client.post(few[0]).url == few[1]
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.post(many[0]).url == many[1]


def test_lesson_page_reads_its_context_once_and_leaves_the_request_alone(
    client, learner, monkeypatch
):
    import courses.selectors

    course = build_course(modules=1, lessons=2)
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    real, calls = courses.selectors.lesson_page_context, []

    def counted(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(courses.selectors, "lesson_page_context", counted)
    response = client.get(course_lessons(course)[1].url)
    assert response.status_code == 200
    assert len(calls) == 1 and set(calls[0]) == {"user", "lesson"}
    assert not hasattr(response.wsgi_request, "lms_lesson_context")
    assert response.context["previous_lesson"].pk == course_lessons(course)[0].pk
