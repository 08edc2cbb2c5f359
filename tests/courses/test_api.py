"""The /api/v1/ endpoints: Bearer tokens from lms_token, session with CSRF, errors as JSON."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from courses.selectors import course_lessons
from lms.people.models import OPD, Employee, EmployeeType, JenisJabatan, OPDType, Position
from lms.people.services import employee_save
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db
NIP = "198703152010012003"


@pytest.fixture
def learner():
    opd = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    position = Position.objects.create(
        code="PDI", name="Pengolah Data", jenis_jabatan=JenisJabatan.PELAKSANA
    )
    return employee_save(
        employee=Employee(
            nip=NIP,
            name="Siti Rahmawati",
            gender="P",
            gelar_belakang="S.Kom.",
            employee_type=EmployeeType.PNS,
            opd=opd,
            position=position,
        )
    ).user


def token_for(nip: str) -> str:
    out = StringIO()
    call_command("lms_token", nip, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def api(learner):
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(NIP)}")


def test_lms_token_rotates_and_unknown_user_exits_1(learner):
    first = token_for(NIP)
    second = token_for("19870315 201001 2 003")
    assert first != second
    assert Client(HTTP_AUTHORIZATION=f"Bearer {first}").get("/api/v1/me").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {second}").get("/api/v1/me").status_code == 200
    with pytest.raises(SystemExit) as exit_info:
        call_command("lms_token", "198001012005011001", stdout=StringIO(), stderr=StringIO())
    assert exit_info.value.code == 1


@pytest.mark.parametrize(
    "header", [None, "Bearer wagtail_salah", "Bearer ", "Basic YWRtaW46YWRtaW4="]
)
def test_missing_or_bad_credentials_get_401_json(learner, header):
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    response = client.get("/api/v1/courses")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_me_returns_profile_jp_and_gaps(api):
    data = api.get("/api/v1/me").json()
    assert data["nip"] == NIP
    assert data["name"] == "Siti Rahmawati, S.Kom."
    assert data["opd"] == "Diskominfo" and data["position"] == "Pengolah Data"
    assert data["jp_target"] == 20 and data["jp_this_year"] == 0
    ld07 = next(row for row in data["competencies"] if row["code"] == "LD.07")
    assert ld07 == {
        "code": "LD.07",
        "name": "Keamanan Digital Pribadi",
        "required": 2,
        "attained": 0,
        "reported": 0,
        "gap": 2,
    }


def test_courses_enrol_complete_flow(api):
    course = build_course(modules=1, lessons=2, targets=(("SP.01", 2),))
    listing = api.get("/api/v1/courses").json()
    assert [(c["id"], c["progress"]) for c in listing] == [(course.pk, None)]
    enrolled = api.post(f"/api/v1/courses/{course.pk}/enroll")
    assert enrolled.status_code == 200 and enrolled.json()["status"] == "active"
    again = api.post(f"/api/v1/courses/{course.pk}/enroll")
    assert again.json()["id"] == enrolled.json()["id"]  # idempotent
    detail = api.get(f"/api/v1/courses/{course.pk}").json()
    lesson_ids = [lesson["id"] for module in detail["modules"] for lesson in module["lessons"]]
    assert lesson_ids == [lesson.pk for lesson in course_lessons(course)]
    first = api.post(f"/api/v1/lessons/{lesson_ids[0]}/complete").json()
    assert first == {"status": "active", "done": 1, "total": 2, "percent": 50}
    last = api.post(f"/api/v1/lessons/{lesson_ids[1]}/complete").json()
    assert last["status"] == "completed"
    assert api.get("/api/v1/me").json()["jp_this_year"] == 4
    listed = api.get("/api/v1/courses").json()[0]["progress"]
    assert listed == {"status": "completed", "done": 2, "total": 2, "percent": 100}


def test_errors_are_json_with_the_right_status(api):
    course = build_course()
    assert api.get("/api/v1/courses/999999").status_code == 404
    assert api.get("/api/v1/courses/999999").json() == {"detail": "Tidak ditemukan."}
    not_enrolled = api.post(f"/api/v1/lessons/{course_lessons(course)[0].pk}/complete")
    assert not_enrolled.status_code == 404  # outside the learner's courses
    assert not_enrolled.json()["detail"] == "Daftar ke kursus ini terlebih dahulu."
    assert api.get("/api/v1/courses/abc").status_code == 400  # malformed id: bad input


def test_unpublished_course_is_invisible(api):
    course = build_course()
    course.unpublish()
    assert api.get(f"/api/v1/courses/{course.pk}").status_code == 404
    assert api.post(f"/api/v1/courses/{course.pk}/enroll").status_code == 404


def test_session_auth_needs_csrf(learner):
    course = build_course()
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.get("/api/v1/courses").status_code == 200
    assert client.post(f"/api/v1/courses/{course.pk}/enroll").status_code == 403


def test_openapi_is_served_and_lists_the_endpoints(client):
    spec = json.loads(client.get("/api/v1/openapi.json").content)
    paths = set(spec["paths"])
    assert {
        "/api/v1/me",
        "/api/v1/courses",
        "/api/v1/courses/{course_id}",
        "/api/v1/courses/{course_id}/enroll",
        "/api/v1/lessons/{lesson_id}/complete",
    } <= paths
