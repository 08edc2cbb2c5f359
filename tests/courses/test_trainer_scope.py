"""Hole 5 of issue 8, course pages: the Pengajar group held "change" on the whole catalogue, so
every Pengajar could open, edit and submit every course. Now (docs/security.md) a Pengajar
authors only the courses whose trainer group they belong to (assigned by BKPSDM, or the course
they created), with their modules and lessons; other courses' pages are refused (403 or a
redirect with Wagtail's message), absent from the explorer, the page search, the admin API and
(drafts) the page chooser, and cannot be added to, moved into, submitted or published.

Two trainers: X teaches course X (with a draft module), Y teaches course Y. Every check goes
over HTTP with the role groups of the migrations; nothing is granted here.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, PageLogEntry
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from assessments.models import Quiz
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.permissions import course_trainers
from courses.selectors import course_lessons
from courses.services import course_trainers_set
from lms.competencies.models import Competency
from lms.users.roles import Role
from tests.admin.conftest import client_for, make_user
from tests.factories.assessments import make_quiz
from tests.factories.courses import add_quiz, build_course

pytestmark = pytest.mark.django_db

REFUSED = {302, 403, 404}


def html(response) -> str:
    return response.content.decode()


def draft_child(parent, page):
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def world():
    x, y = make_user(Role.PENGAJAR), make_user(Role.PENGAJAR)
    course_x = build_course(modules=1, lessons=1, title="Arsitektur SPBE", slug="arsitektur")
    course_trainers_set(course=course_x, users=[x])
    course_y = build_course(modules=1, lessons=1, title="Literasi Digital", slug="literasi")
    course_trainers_set(course=course_y, users=[y])
    secret = draft_child(course_x, ModulePage(title="Modul rahasia X", slug="rahasia"))
    secret_lesson = draft_child(secret, LessonPage(title="Pelajaran rahasia X", slug="r1", body=[]))
    (lesson_x,) = course_lessons(course_x)
    (lesson_y,) = course_lessons(course_y)
    return {
        "x": x,
        "y": y,
        "course_x": course_x,
        "module_x": lesson_x.get_parent().specific,
        "lesson_x": lesson_x,
        "secret": secret,
        "secret_lesson": secret_lesson,
        "course_y": course_y,
        "module_y": lesson_y.get_parent().specific,
        "lesson_y": lesson_y,
        "bkpsdm": make_user(Role.BKPSDM),
        "catalogue": CourseIndexPage.objects.get(),
    }


def pages_of_x(world) -> dict:
    return {name: world[name] for name in ("course_x", "module_x", "lesson_x", "secret_lesson")}


def lesson_post(client, lesson, blocks, action: str | None = None) -> dict:
    """The lesson's edit form as its editor sees it, with ``blocks`` as the body."""
    form = querydict_from_html(
        html(client.get(f"/admin/pages/{lesson.pk}/edit/")), form_id="page-edit-form"
    )
    data = form.dict()
    data.update(nested_form_data({"body": streamfield(blocks)}))
    if action:
        data[action] = "on"
    return data


# --- The hole, reproduced: Y opens, adds to, submits X's course --------------------------------


@pytest.mark.parametrize(
    "view", ["edit", "history", "delete", "copy", "move", "edit/preview", "view_draft", "usage"]
)
def test_another_courses_trainer_cannot_open_its_pages(world, view):
    client = client_for(world["y"])
    for name, page in pages_of_x(world).items():
        response = client.get(f"/admin/pages/{page.pk}/{view}/")
        assert response.status_code in REFUSED, (view, name)
        assert 'id="page-edit-form"' not in html(response)


def test_the_courses_trainer_opens_its_pages(world):
    client = client_for(world["x"])
    for name, page in pages_of_x(world).items():
        previews = () if name == "module_x" else ("view_draft",)  # a module has no page
        for view in ("edit", "history", "usage", *previews):
            response = client.get(f"/admin/pages/{page.pk}/{view}/")
            assert response.status_code == 200, (view, name)


def test_another_courses_trainer_cannot_add_pages_to_it(world):
    client = client_for(world["y"])
    targets = [
        (world["course_x"], "modulepage"),
        (world["module_x"], "lessonpage"),
        (world["secret"], "lessonpage"),
    ]
    for parent, model in targets:
        assert client.get(f"/admin/pages/{parent.pk}/add_subpage/").status_code in REFUSED
        url = f"/admin/pages/add/courses/{model}/{parent.pk}/"
        assert client.get(url).status_code in REFUSED
        response = client.post(url, {"title": "Susupan", "slug": "susupan"})
        assert response.status_code in REFUSED
    assert not ModulePage.objects.filter(title="Susupan").exists()
    assert not LessonPage.objects.filter(title="Susupan").exists()
    # ...while the course's own trainer may.
    x = client_for(world["x"])
    assert x.get(f"/admin/pages/add/courses/modulepage/{world['course_x'].pk}/").status_code == 200


def test_another_courses_trainer_cannot_move_or_copy_pages_into_it(world):
    y = client_for(world["y"])
    own_draft = draft_child(world["module_y"], LessonPage(title="Draf Y", slug="draf-y", body=[]))
    url = f"/admin/pages/{own_draft.pk}/move/{world['module_x'].pk}/confirm/"
    assert y.post(url).status_code in REFUSED  # (Wagtail shows the confirmation to anyone)
    own_draft.refresh_from_db()
    assert own_draft.get_parent().pk == world["module_y"].pk
    response = y.post(
        f"/admin/pages/{world['module_y'].pk}/copy/",
        {"new_title": "Salinan", "new_slug": "salinan", "new_parent_page": world["course_x"].pk},
    )
    assert response.status_code in {200, *REFUSED}
    assert not ModulePage.objects.filter(title="Salinan").exists()


def test_another_courses_trainer_cannot_submit_or_publish_it(world):
    x, y = client_for(world["x"]), client_for(world["y"])
    lesson = world["lesson_x"]
    for action in ("action-submit", "action-publish", None):
        data = lesson_post(x, lesson, [("text", rich_text("<p>Diganti Y</p>"))], action)
        assert y.post(f"/admin/pages/{lesson.pk}/edit/", data).status_code in REFUSED
    lesson.refresh_from_db()
    assert lesson.current_workflow_state is None
    assert "Diganti Y" not in str(lesson.get_latest_revision_as_object().body)


def test_the_courses_trainer_submits_it_for_moderation_but_cannot_publish(world):
    x = client_for(world["x"])
    lesson = world["lesson_x"]
    data = lesson_post(x, lesson, [("text", rich_text("<p>Versi baru</p>"))], "action-submit")
    response = x.post(f"/admin/pages/{lesson.pk}/edit/", data)
    assert response.status_code == 302, html(response)
    lesson.refresh_from_db()
    assert lesson.current_workflow_state.status == "in_progress"
    assert "Versi baru" not in str(lesson.body)  # not live before BKPSDM approves
    assert not lesson.permissions_for_user(world["x"]).can_publish()


# --- Listings, search, admin API, page chooser -------------------------------------------------


def test_explorer_search_and_admin_api_leave_other_courses_out(world):
    y, x = client_for(world["y"]), client_for(world["x"])
    catalogue = world["catalogue"]
    listing = html(y.get(f"/admin/pages/{catalogue.pk}/"))
    assert "Literasi Digital" in listing and "Arsitektur SPBE" not in listing
    inside = html(y.get(f"/admin/pages/{world['course_x'].pk}/"))
    assert "Modul rahasia X" not in inside
    for client, expected in ((y, False), (x, True)):
        found = html(client.get("/admin/pages/search/?q=rahasia"))
        assert ("Modul rahasia X" in found) is expected
    api = y.get(f"/admin/api/main/pages/?child_of={catalogue.pk}&for_explorer=1").json()
    assert {item["id"] for item in api["items"]} == {world["course_y"].pk}
    bkpsdm = html(client_for(world["bkpsdm"]).get(f"/admin/pages/{catalogue.pk}/"))
    assert "Literasi Digital" in bkpsdm and "Arsitektur SPBE" in bkpsdm


def test_the_page_chooser_hides_the_drafts_of_other_courses(world):
    y, x = client_for(world["y"]), client_for(world["x"])
    browse = html(y.get(f"/admin/choose-page/{world['course_x'].pk}/"))
    assert "Modul rahasia X" not in browse
    assert html(y.get("/admin/choose-page/search/?q=rahasia")).count("rahasia X") == 0
    assert "Modul rahasia X" in html(x.get(f"/admin/choose-page/{world['course_x'].pk}/"))
    # Published pages are public: a trainer may still link to another course.
    assert "Arsitektur SPBE" in html(y.get(f"/admin/choose-page/{world['catalogue'].pk}/"))


def test_the_learning_gain_report_shows_a_trainer_their_courses(world):
    y = html(client_for(world["y"]).get("/admin/hasil-belajar/"))
    assert "Literasi Digital" in y and "Arsitektur SPBE" not in y
    bkpsdm = html(client_for(world["bkpsdm"]).get("/admin/hasil-belajar/"))
    assert "Literasi Digital" in bkpsdm and "Arsitektur SPBE" in bkpsdm


# --- Quizzes in lessons ------------------------------------------------------------------------


def test_a_lesson_cannot_take_another_courses_quiz_even_from_a_crafted_form(world):
    theirs = make_quiz(title="Tes akhir X")
    lesson_x = world["lesson_x"]
    add_quiz(lesson_x, theirs)
    y = client_for(world["y"])
    lesson = world["lesson_y"]
    block = ("quiz", {"quiz": theirs.pk, "required": "on"})
    response = y.post(f"/admin/pages/{lesson.pk}/edit/", lesson_post(y, lesson, [block]))
    assert response.status_code == 200
    assert "tidak berwenang memakai kuis ini" in html(response)
    assert "Tes akhir X" not in str(
        LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object().body
    )
    # The trainer's own quiz is accepted.
    mine = make_quiz(title="Latihan Y", kind="practice", created_by=world["y"])
    block = ("quiz", {"quiz": mine.pk, "required": "on"})
    response = y.post(f"/admin/pages/{lesson.pk}/edit/", lesson_post(y, lesson, [block]))
    assert response.status_code == 302, html(response)
    revision = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert [b.value["quiz"] for b in revision.body if b.block_type == "quiz"] == [mine]
    # The quiz of the course is now the trainer's through the course; the other one is not.
    assert Quiz.objects.get(pk=theirs.pk).title in html(
        client_for(world["x"]).get("/admin/snippets/assessments/quiz/")
    )


# --- Assigning trainers ------------------------------------------------------------------------


def test_bkpsdm_assigns_and_removes_trainers_over_http(world):
    course, x, y = world["course_x"], world["x"], world["y"]
    url = f"/admin/kursus/{course.pk}/pengajar/"
    for trainer in (x, y):
        assert client_for(trainer).get(url).status_code in REFUSED
        assert client_for(trainer).post(url, {"trainers": [y.pk]}).status_code in REFUSED
    assert list(course_trainers(course)) == [x]
    bkpsdm = client_for(world["bkpsdm"])
    page = html(bkpsdm.get(url))
    assert y.get_full_name() in page and x.get_full_name() in page
    learner = make_user(Role.PESERTA)
    assert bkpsdm.post(url, {"trainers": [learner.pk]}).status_code == 200  # not a Pengajar
    assert list(course_trainers(course)) == [x]

    assert bkpsdm.post(url, {"trainers": [x.pk, y.pk]}).status_code == 302
    assert client_for(y).get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    assert bkpsdm.post(url, {"trainers": [y.pk]}).status_code == 302
    for page in pages_of_x(world).values():
        assert client_for(x).get(f"/admin/pages/{page.pk}/edit/").status_code in REFUSED
    entry = PageLogEntry.objects.filter(page=course, action="lms.course_trainers").first()
    assert entry.data == {"added": [], "removed": [x.username]}
    history = html(bkpsdm.get(f"/admin/pages/{course.pk}/history/"))
    assert "Pengajar kursus diubah" in history


def test_the_trainers_screen_is_offered_to_bkpsdm_only(world):
    url = f"/admin/kursus/{world['course_x'].pk}/pengajar/"
    catalogue = world["catalogue"].pk
    assert url in html(client_for(world["bkpsdm"]).get(f"/admin/pages/{catalogue}/"))
    assert url not in html(client_for(world["x"]).get(f"/admin/pages/{catalogue}/"))


def course_form(client, catalogue, **fields) -> dict:
    url = f"/admin/pages/add/courses/coursepage/{catalogue.pk}/"
    data = querydict_from_html(html(client.get(url)), form_id="page-edit-form").dict()
    competency = Competency.objects.get(code="SP.01")
    data.update(
        {
            "title": "Tata Kelola Data",
            "slug": "tata-kelola-data",
            "code": "DATA-201",
            "jp": "3",
            "category": "spbe",
            "estimated_minutes": "90",
            "summary": "Mengelola data OPD.",
            "competency_targets-TOTAL_FORMS": "1",
            "competency_targets-0-competency": str(competency.pk),
            "competency_targets-0-target_level": "2",
            "competency_targets-0-ORDER": "1",
            **fields,
        }
    )
    return data


def test_the_trainer_who_creates_a_course_becomes_its_trainer(world):
    x, y = client_for(world["x"]), client_for(world["y"])
    catalogue = world["catalogue"]
    response = y.post(
        f"/admin/pages/add/courses/coursepage/{catalogue.pk}/", course_form(y, catalogue)
    )
    assert response.status_code == 302, html(response)
    course = CoursePage.objects.get(code="DATA-201")
    assert not course.live
    assert list(course_trainers(course)) == [world["y"]]
    assert y.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    assert y.get(f"/admin/pages/add/courses/modulepage/{course.pk}/").status_code == 200
    assert x.get(f"/admin/pages/{course.pk}/edit/").status_code in REFUSED


# --- The grants themselves ---------------------------------------------------------------------


def test_the_migrations_leave_pengajar_only_add_on_the_catalogue():
    catalogue = CourseIndexPage.objects.get()
    actions = set(
        GroupPagePermission.objects.filter(group__name=Role.PENGAJAR, page=catalogue).values_list(
            "permission__codename", flat=True
        )
    )
    assert actions == {"add_page"}
    assert (
        Group.objects.get(name=Role.BKPSDM)
        .permissions.filter(codename="assign_course_trainers")
        .exists()
    )


def test_the_demo_trainer_authors_the_starter_courses_and_their_quizzes(demo):
    from lms.users.models import User

    trainer = User.objects.get(username="198106212006041002")
    stranger = make_user(Role.PENGAJAR)
    courses = list(CoursePage.objects.all())
    assert courses
    for course in courses:
        assert trainer in course_trainers(course)
        assert course.permissions_for_user(trainer).can_edit()
        assert not course.permissions_for_user(stranger).can_edit()
    quizzes = html(client_for(trainer).get("/admin/snippets/assessments/quiz/"))
    for quiz in Quiz.objects.all():
        assert quiz.title in quizzes
    listing = client_for(stranger).get("/admin/snippets/assessments/quiz/")
    assert len(listing.context["object_list"]) == 0


def test_the_migration_keeps_trainers_on_the_courses_they_own_and_is_reversible():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("courses.migrations.0007_trainer_scope")
    owner, other = make_user(Role.PENGAJAR), make_user(Role.PENGAJAR)
    course = build_course(owner=owner)
    migration.backward(apps, None)  # the grants as they were before
    assert course.permissions_for_user(other).can_edit()  # the hole: every Pengajar
    migration.forward(apps, None)
    owner, other = (type(owner).objects.get(pk=user.pk) for user in (owner, other))
    assert list(course_trainers(course)) == [owner]
    assert course.permissions_for_user(owner).can_edit()
    assert not course.permissions_for_user(other).can_edit()
