"""H5P activities inside lessons, over HTTP: the xAPI and state endpoints the lesson page posts
the player's messages to (docs/h5p.md).

Access is the quiz rule (a live lesson holding the activity, of a course the caller is enrolled
in): anyone else gets a 404 with nothing stored. Statements are append-only and idempotent on
their id; only top-level completed/answered/passed/failed statements move the result, which is
flagged client-reported; completing the activity completes the lesson when the block says so.
"""

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from assessments.h5p.models import H5PPackageStatus, H5PResult, H5PUserState, XAPIStatement
from courses.models import LessonPage, LessonProgress
from courses.selectors import course_lessons
from courses.services import enrollment_create
from tests.factories.courses import build_course
from tests.factories.h5p_packages import install_package
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

VERB = "http://adlnet.gov/expapi/verbs/"


def _statement(verb="answered", *, raw=1, maximum=1, sub=False, parent=False, sid=None, **extra):
    statement = {
        "id": sid or str(uuid.uuid4()),
        "actor": {"name": "orang lain", "mbox": "mailto:lain@contoh.go.id"},
        "verb": {"id": VERB + verb},
        "object": {"id": "http://contoh/h5p", "definition": {"extensions": {}}},
        "result": {
            "score": {"raw": raw, "max": maximum, "scaled": raw / maximum},
            "completion": True,
            "success": raw == maximum,
        },
    } | extra
    if sub:
        statement["object"]["definition"]["extensions"]["http://h5p.org/x-api/h5p-subContentId"] = (
            "abc"
        )
    if parent:
        statement["context"] = {"contextActivities": {"parent": [{"id": "http://contoh/h5p"}]}}
    return statement


@pytest.fixture
def world():
    """A one-lesson course (plus a second lesson, so the course stays open) whose first lesson
    holds the demo activity; an enrolled learner and an outsider."""
    package = install_package()
    course = build_course(modules=1, lessons=2, title="Kursus H5P")
    lesson, other = course_lessons(course)
    lesson.body.append(("h5p", {"package": package, "completes_lesson": True}))
    lesson.save_revision().publish()
    learner, outsider = UserFactory(), UserFactory()
    enrollment_create(user=learner, course=course)
    client = Client()
    client.force_login(learner)
    stranger = Client()
    stranger.force_login(outsider)
    return {
        "package": package,
        "lesson": LessonPage.objects.get(pk=lesson.pk),
        "other": other,
        "learner": learner,
        "client": client,
        "stranger": stranger,
        "course": course,
    }


def _post(client, package, page_id, body, kind="h5p_xapi"):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(
        reverse(f"assessments:{kind}", args=[package.pk, page_id]),
        data=data,
        content_type="application/json",
    )


def test_a_completed_answer_is_stored_scored_and_completes_the_lesson(world):
    response = _post(world["client"], world["package"], world["lesson"].pk, _statement())
    assert response.status_code == 200
    assert response.json() == {
        "stored": True,
        "result": {"raw": 1.0, "max": 1.0, "scaled": 1.0, "completed": True},
        "lesson_completed": True,
    }
    result = H5PResult.objects.get()
    assert (result.user, result.page_id, result.client_reported) == (
        world["learner"],
        world["lesson"].pk,
        True,
    )
    statement = XAPIStatement.objects.get()
    assert statement.user == world["learner"] and statement.top_level  # the actor sent is ignored
    assert LessonProgress.objects.filter(lesson=world["lesson"]).count() == 1


def test_the_same_statement_twice_is_stored_once(world):
    body = _statement(raw=0)
    first = _post(world["client"], world["package"], world["lesson"].pk, body)
    again = _post(world["client"], world["package"], world["lesson"].pk, body)
    assert first.json()["stored"] and not again.json()["stored"]
    assert XAPIStatement.objects.count() == 1
    assert H5PResult.objects.get().statements == 1


def test_sub_statements_are_kept_but_move_no_result(world):
    for body in (_statement(sub=True), _statement(parent=True), _statement("interacted")):
        assert _post(world["client"], world["package"], world["lesson"].pk, body).json() == {
            "stored": True,
            "result": None,
            "lesson_completed": False,
        }
    assert XAPIStatement.objects.filter(top_level=False).count() == 2
    assert not H5PResult.objects.exists()
    assert not LessonProgress.objects.exists()


def test_the_best_score_is_kept_and_completion_sticks(world):
    page = world["lesson"].pk
    _post(world["client"], world["package"], page, _statement(raw=3, maximum=4))
    _post(world["client"], world["package"], page, _statement(raw=1, maximum=4))
    result = H5PResult.objects.get()
    assert (result.raw_score, result.max_score, result.percent, result.completed) == (
        3,
        4,
        75.0,
        True,
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{bukan json", "bukan JSON"),
        (b"[1, 2]", "objek JSON"),
        (b'{"id": "x", "verb": {"id": "v"}}', "UUID"),
        (json.dumps({"id": str(uuid.uuid4())}), "kata kerja"),
        (
            b'{"id": "7b0c7f2e-3a3b-4c8e-9f00-000000000001", "verb": {"id": "v"}, '
            b'"result": {"score": {"raw": NaN, "max": 1}}}',
            "bukan JSON",
        ),
        (json.dumps(_statement(raw=5, maximum=1)), "tidak mungkin"),
        (json.dumps(_statement(raw=-1, maximum=1)), "tidak mungkin"),
        (json.dumps(_statement(result={"score": {"scaled": 7}})), "tidak mungkin"),
        (json.dumps(_statement(result="x")), "result"),
        (b"\xff\xfe", "bukan JSON"),
    ],
    ids=[
        "broken",
        "array",
        "bad-id",
        "no-verb",
        "nan",
        "raw-over-max",
        "negative",
        "scaled-over-1",
        "result-not-object",
        "not-utf8",
    ],
)
def test_malformed_statements_are_refused_with_nothing_stored(world, body, message):
    response = _post(world["client"], world["package"], world["lesson"].pk, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not XAPIStatement.objects.exists() and not H5PResult.objects.exists()


def test_an_oversize_statement_is_refused(world, settings):
    settings.LMS_H5P_STATEMENT_MAX_BYTES = 2048
    body = _statement(padding="x" * 4096)
    response = _post(world["client"], world["package"], world["lesson"].pk, body)
    assert response.status_code == 400 and "terlalu besar" in response.json()["error"]
    assert not XAPIStatement.objects.exists()


def test_only_enrolled_learners_on_the_lesson_holding_it_may_post(world):
    """A stranger, the wrong page, an unknown or unready activity, GET and anonymous: refused
    with nothing stored."""
    package, lesson = world["package"], world["lesson"]
    body = _statement()
    assert _post(world["stranger"], package, lesson.pk, body).status_code == 404
    assert _post(world["client"], package, world["other"].pk, body).status_code == 404
    assert _post(world["client"], package, 999_999, body).status_code == 404
    assert _post(world["client"], type(package)(pk=999_999), lesson.pk, body).status_code == 404
    anonymous = _post(Client(), package, lesson.pk, body)
    assert anonymous.status_code == 302 and "/akun/" in anonymous["Location"]
    url = reverse("assessments:h5p_xapi", args=[package.pk, lesson.pk])
    assert world["client"].get(url).status_code == 405
    package.status = H5PPackageStatus.REJECTED
    package.save(update_fields=["status"])
    assert _post(world["client"], package, lesson.pk, body).status_code == 404
    assert not XAPIStatement.objects.exists()


def test_csrf_is_required(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["learner"])
    response = _post(client, world["package"], world["lesson"].pk, _statement())
    assert response.status_code == 403
    assert not XAPIStatement.objects.exists()


def test_a_block_that_does_not_complete_the_lesson_leaves_it_open(world):
    lesson = world["lesson"]
    lesson.body = [("h5p", {"package": world["package"], "completes_lesson": False})]
    lesson.save_revision().publish()
    response = _post(world["client"], world["package"], lesson.pk, _statement())
    assert response.json()["lesson_completed"] is False
    assert H5PResult.objects.get().completed and not LessonProgress.objects.exists()


def test_h5p_alone_does_not_complete_a_course_with_a_required_post_test(world):
    """Completing every lesson through H5P still leaves the required quiz to pass."""
    from tests.factories.assessments import make_quiz
    from tests.factories.courses import add_quiz

    quiz = make_quiz(kind="post")
    add_quiz(world["other"], quiz, required=True)
    from courses.services import lesson_complete

    lesson_complete(user=world["learner"], lesson=world["other"])
    _post(world["client"], world["package"], world["lesson"].pk, _statement())
    enrollment = world["course"].enrollments.get(user=world["learner"])
    assert enrollment.status == "active"


def test_state_is_saved_restored_and_reset(world):
    package, page = world["package"], world["lesson"].pk
    state = json.dumps({"answer": True, "checked": False})
    body = {"data_type": "state", "sub_content_id": "0", "data": state}
    assert _post(world["client"], package, page, body, "h5p_state").json() == {"saved": True}
    _post(
        world["client"], package, page, body | {"data": json.dumps({"answer": False})}, "h5p_state"
    )
    assert json.loads(H5PUserState.objects.get().data) == {"answer": False}
    page_html = world["client"].get(world["lesson"].url).content.decode()
    assert "&quot;answer&quot;: false" in page_html or '\\"answer\\": false' in page_html
    _post(world["client"], package, page, body | {"data": "RESET"}, "h5p_state")
    assert not H5PUserState.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"x",
        b"[]",
        {"data": "{bukan json"},
        {"data": 5},
        {"data_type": "../x", "data": "{}"},
        {"sub_content_id": "9" * 100, "data": "{}"},
    ],
)
def test_bad_state_is_refused(world, body):
    response = _post(world["client"], world["package"], world["lesson"].pk, body, "h5p_state")
    assert response.status_code == 400 and response.json()["error"]
    assert not H5PUserState.objects.exists()


def test_oversize_state_is_refused(world, settings):
    settings.LMS_H5P_STATE_MAX_BYTES = 1024
    body = {"data": json.dumps({"x": "y" * 2000})}
    response = _post(world["client"], world["package"], world["lesson"].pk, body, "h5p_state")
    assert response.status_code == 400 and not H5PUserState.objects.exists()


def test_another_learners_state_is_out_of_reach(world):
    """State is keyed by the session's user: the stranger (not enrolled) is refused, and
    nothing they could send names another learner."""
    body = {"data": json.dumps({"answer": True})}
    assert (
        _post(
            world["stranger"], world["package"], world["lesson"].pk, body, "h5p_state"
        ).status_code
        == 404
    )


def test_the_api_lists_each_lessons_playable_activities(world):
    url = f"/api/v1/courses/{world['course'].pk}"
    lessons = lambda: [  # noqa: E731
        lesson["h5p"]
        for module in world["client"].get(url).json()["modules"]
        for lesson in module["lessons"]
    ]
    assert lessons() == [[world["package"].pk], []]
    world["package"].main_library.enabled = False
    world["package"].main_library.save(update_fields=["enabled"])
    assert lessons() == [[], []]
