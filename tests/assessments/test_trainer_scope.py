"""Hole 5 of issue 8, quizzes and banks: a Pengajar saw and edited every quiz, bank, question
and attempt. Now (docs/security.md) a Pengajar sees and edits only their own quizzes and banks,
those of the courses they are assigned to, and banks BKPSDM shared with them; questions follow
their bank, attempts their quiz. Outside the scope: 404, and absent from listings, filters,
the draw form and the quiz chooser of the lesson block. BKPSDM and superusers see everything.

Two trainers: X teaches course X (its post-test and bank), Y teaches course Y. Every check is
made over HTTP with the role groups of the migrations; nothing is granted here.
"""

import pytest

from assessments.models import Attempt, Question, QuestionBank, Quiz
from assessments.selectors import bank_editable_by, banks_editable_by, quizzes_editable_by
from assessments.services import attempt_start, attempt_submit
from courses.selectors import course_lessons
from courses.services import course_trainers_set, enrollment_create
from lms.competencies.models import Competency
from lms.users.models import User
from lms.users.roles import Role
from tests.admin.conftest import client_for, make_user
from tests.factories.assessments import correct_answers, make_bank, make_quiz, single_choice
from tests.factories.courses import add_quiz, build_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

BANKS = "/admin/asesmen/bank-soal/"
QUESTIONS = "/admin/asesmen/soal/"
QUIZZES = "/admin/snippets/assessments/quiz/"
ATTEMPTS = "/admin/asesmen/percobaan/"
CHOOSER = "/admin/snippets/choose/assessments/quiz/"
REFUSED = {302, 403, 404}


def html(response) -> str:
    return response.content.decode()


def course_with_quiz(title: str, trainer, code: str, learner):
    """A live course taught by ``trainer`` whose only lesson holds a post-test drawing from a
    new bank (created by nobody: seeded or imported content)."""
    course = build_course(modules=1, lessons=1, title=title)
    course_trainers_set(course=course, users=[trainer])
    quiz = make_quiz(title=f"Tes akhir {title}", banks=((code, 2, 3, 2),))
    (lesson,) = course_lessons(course)
    add_quiz(lesson, quiz)
    enrollment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, quiz=quiz, page_id=lesson.pk)
    attempt_submit(attempt=attempt, user=learner, answers=correct_answers(attempt))
    return {
        "course": course,
        "quiz": quiz,
        "bank": quiz.draws.get().bank,
        "question": Question.objects.filter(bank=quiz.draws.get().bank).first(),
        "attempt": Attempt.objects.get(pk=attempt.pk),
    }


@pytest.fixture
def world():
    x, y = make_user(Role.PENGAJAR), make_user(Role.PENGAJAR)
    learner = make_user(Role.PESERTA, first_name="Rina", last_name="Kartika")
    return {
        "x": x,
        "y": y,
        "X": course_with_quiz("Arsitektur SPBE", x, "SP.01", learner),
        "Y": course_with_quiz("Literasi Digital", y, "SP.02", learner),
        "bkpsdm": make_user(Role.BKPSDM),
        "root": UserFactory(is_superuser=True),
    }


def object_urls(things) -> dict[str, str]:
    quiz, bank, question, attempt = (
        things["quiz"].pk,
        things["bank"].pk,
        things["question"].pk,
        things["attempt"].pk,
    )
    return {
        "quiz edit": f"{QUIZZES}edit/{quiz}/",
        "quiz inspect": f"{QUIZZES}inspect/{quiz}/",
        "quiz history": f"{QUIZZES}history/{quiz}/",
        "quiz usage": f"{QUIZZES}usage/{quiz}/",
        "quiz statistics": f"{QUIZZES}statistics/{quiz}/",
        "quiz chosen": f"{CHOOSER}{quiz}/",
        "bank edit": f"{BANKS}edit/{bank}/",
        "bank inspect": f"{BANKS}inspect/{bank}/",
        "bank history": f"{BANKS}history/{bank}/",
        "bank usage": f"{BANKS}usage/{bank}/",
        "question edit": f"{QUESTIONS}edit/{question}/",
        "question inspect": f"{QUESTIONS}inspect/{question}/",
        "question history": f"{QUESTIONS}history/{question}/",
        "attempt inspect": f"{ATTEMPTS}inspect/{attempt}/",
    }


# --- The hole, reproduced: Y opens, lists, chooses and changes X's things ---------------------


def test_another_courses_trainer_gets_404_on_every_view_of_its_quiz_bank_question_attempt(world):
    client = client_for(world["y"])
    for name, url in object_urls(world["X"]).items():
        assert client.get(url).status_code == 404, name


def test_another_courses_trainer_cannot_change_its_quiz_bank_or_question(world):
    client = client_for(world["y"])
    quiz, bank, question = world["X"]["quiz"], world["X"]["bank"], world["X"]["question"]
    assert client.post(f"{QUIZZES}edit/{quiz.pk}/", {"title": "Diganti"}).status_code == 404
    assert client.post(f"{BANKS}edit/{bank.pk}/", {"name": "Diganti"}).status_code == 404
    response = client.post(f"{QUESTIONS}edit/{question.pk}/", {"text": "Diganti"})
    assert response.status_code == 404
    assert client.post(f"{QUESTIONS}active/{question.pk}/", {"active": "0"}).status_code == 404
    quiz.refresh_from_db()
    bank.refresh_from_db()
    question.refresh_from_db()
    assert quiz.title != "Diganti" and bank.name != "Diganti"
    assert question.is_active and question.versions.count() == 1


def test_listings_filters_and_the_chooser_leave_another_courses_things_out(world):
    client = client_for(world["y"])
    mine, theirs = world["Y"], world["X"]
    quizzes = html(client.get(QUIZZES))
    assert mine["quiz"].title in quizzes and theirs["quiz"].title not in quizzes
    banks = client.get(BANKS)
    assert {b.pk for b in banks.context["object_list"]} == {mine["bank"].pk}
    questions = client.get(QUESTIONS)
    assert {q.bank_id for q in questions.context["object_list"]} == {mine["bank"].pk}
    assert theirs["bank"].name not in html(questions)  # the bank filter's options
    attempts = client.get(ATTEMPTS)
    assert {a.pk for a in attempts.context["object_list"]} == {mine["attempt"].pk}
    assert theirs["quiz"].title not in html(attempts)  # the quiz filter's options
    # A foreign quiz id in the filter is not a valid choice: the filter is ignored.
    filtered = client.get(f"{ATTEMPTS}?quiz={theirs['quiz'].pk}").context["object_list"]
    assert {a.pk for a in filtered} == {mine["attempt"].pk}
    chooser = html(client.get(CHOOSER))
    assert mine["quiz"].title in chooser and theirs["quiz"].title not in chooser
    results = html(client.get(f"{CHOOSER}results/?q=Tes"))
    assert mine["quiz"].title in results and theirs["quiz"].title not in results
    search = html(client.get(f"{QUIZZES}?q=Tes"))
    assert theirs["quiz"].title not in search


def test_a_trainer_cannot_draw_from_or_write_into_another_courses_bank(world):
    client = client_for(world["y"])
    theirs = world["X"]["bank"]
    response = client.get(f"{QUIZZES}add/")
    assert theirs.name not in html(response)  # draw rows, also the empty template row
    data = {
        "title": "Kuis curian",
        "kind": "practice",
        "pass_percent": "70",
        "review_policy": "never",
        "draws-TOTAL_FORMS": "1",
        "draws-INITIAL_FORMS": "0",
        "draws-0-bank": str(theirs.pk),
        "draws-0-count": "1",
        "bands-TOTAL_FORMS": "0",
        "bands-INITIAL_FORMS": "0",
    }
    response = client.post(f"{QUIZZES}add/", data)
    assert response.status_code == 200
    assert not Quiz.objects.filter(title="Kuis curian").exists()
    response = client.get(f"{QUESTIONS}new/?type=true_false")
    assert theirs.name not in html(response)
    response = client.post(
        f"{QUESTIONS}new/?type=true_false",
        {"bank": theirs.pk, "text": "Soal titipan", "points": "1", "tf_correct": "true"},
    )
    assert response.status_code == 200
    assert not theirs.questions.filter(current_version__text="Soal titipan").exists()


# --- What each one may do ----------------------------------------------------------------------


def test_the_courses_trainer_opens_lists_and_edits_its_quiz_bank_question_and_attempt(world):
    client = client_for(world["x"])
    for name, url in object_urls(world["X"]).items():
        if name == "quiz chosen":
            continue  # answered inside the chooser modal
        assert client.get(url).status_code == 200, name
    bank = world["X"]["bank"]
    response = client.post(
        f"{BANKS}edit/{bank.pk}/",
        {"name": "Bank X baru", "competency": bank.competency_id, "level": bank.level},
    )
    assert response.status_code == 302
    bank.refresh_from_db()
    assert bank.name == "Bank X baru"
    assert world["X"]["quiz"].title in html(client.get(CHOOSER))


def test_bkpsdm_and_superusers_see_every_course_s_things(world):
    for role in ("bkpsdm", "root"):
        client = client_for(world[role])
        for side in ("X", "Y"):
            for name, url in object_urls(world[side]).items():
                if name in {"quiz edit", "bank edit", "question edit", "quiz chosen"}:
                    continue
                if role == "bkpsdm" and name.endswith(("history", "usage")):
                    continue  # Wagtail asks "change" (or "add") on the model for these
                assert client.get(url).status_code == 200, (role, side, name)
        listing = html(client.get(QUIZZES))
        assert world["X"]["quiz"].title in listing and world["Y"]["quiz"].title in listing
    # Reading is not editing: BKPSDM holds no change permission.
    bkpsdm = client_for(world["bkpsdm"])
    assert bkpsdm.get(f"{QUIZZES}edit/{world['X']['quiz'].pk}/").status_code in {302, 403}


def test_what_a_trainer_creates_is_theirs_alone(world):
    competency = Competency.objects.get(code="SP.03")
    y = client_for(world["y"])
    response = y.post(
        f"{BANKS}new/", {"name": "Bank milik Y", "competency": competency.pk, "level": 2}
    )
    assert response.status_code == 302
    bank = QuestionBank.objects.get(name="Bank milik Y")
    assert bank.created_by == world["y"]
    single_choice(bank, 1)
    data = {
        "title": "Latihan milik Y",
        "kind": "practice",
        "pass_percent": "70",
        "review_policy": "never",
        "shuffle_questions": "on",
        "draws-TOTAL_FORMS": "1",
        "draws-INITIAL_FORMS": "0",
        "draws-0-bank": str(bank.pk),
        "draws-0-count": "1",
        "bands-TOTAL_FORMS": "0",
        "bands-INITIAL_FORMS": "0",
    }
    assert y.post(f"{QUIZZES}add/", data).status_code == 302
    quiz = Quiz.objects.get(title="Latihan milik Y")
    assert quiz.created_by == world["y"]
    x = client_for(world["x"])
    assert x.get(f"{BANKS}edit/{bank.pk}/").status_code == 404
    assert x.get(f"{QUIZZES}edit/{quiz.pk}/").status_code == 404
    assert y.get(f"{QUIZZES}edit/{quiz.pk}/").status_code == 200


def test_a_trainer_removed_from_the_course_loses_its_quiz_and_bank(world):
    quiz, bank, x = world["X"]["quiz"], world["X"]["bank"], world["x"]
    assert quiz_editable(x, quiz) and bank_editable_by(x, bank)
    course_trainers_set(course=world["X"]["course"], users=[world["y"]])
    x = User.objects.get(pk=x.pk)  # permissions are cached per request, on the user object
    assert not quiz_editable(x, quiz) and not bank_editable_by(x, bank)
    assert client_for(x).get(f"{QUIZZES}edit/{quiz.pk}/").status_code == 404
    assert client_for(world["y"]).get(f"{QUIZZES}edit/{quiz.pk}/").status_code == 200


def quiz_editable(user, quiz) -> bool:
    return quizzes_editable_by(user).filter(pk=quiz.pk).exists()


# --- Shared banks: an explicit grant by BKPSDM -------------------------------------------------


def test_bkpsdm_shares_a_bank_and_the_trainer_may_then_draw_from_it(world):
    bank = world["X"]["bank"]
    y = world["y"]
    assert not bank_editable_by(y, bank)
    url = f"{BANKS}akses/{bank.pk}/"
    assert client_for(y).get(url).status_code in REFUSED  # trainers do not share banks
    assert client_for(world["x"]).post(url, {"editors": [y.pk]}).status_code in REFUSED
    bkpsdm = client_for(world["bkpsdm"])
    assert url in html(bkpsdm.get(BANKS))  # "Akses pengajar" in the bank's menu
    assert url not in html(client_for(world["x"]).get(BANKS))
    page = html(bkpsdm.get(url))
    assert y.get_full_name() in page
    learner = make_user(Role.PESERTA)
    response = bkpsdm.post(url, {"editors": [learner.pk]})  # only Pengajar accounts
    assert response.status_code == 200
    assert not bank.editors.exists()
    response = bkpsdm.post(url, {"editors": [y.pk]})
    assert response.status_code == 302
    assert list(bank.editors.all()) == [y]
    assert bank_editable_by(y, bank)
    assert bank.pk in set(banks_editable_by(y).values_list("pk", flat=True))
    assert bank.name in html(client_for(y).get(f"{QUIZZES}add/"))
    history = html(client_for(world["root"]).get(f"{BANKS}history/{bank.pk}/"))
    assert "Akses bank soal diubah" in history


def test_a_bank_nobody_owns_or_uses_is_seen_by_bkpsdm_only(world):
    orphan = make_bank("SP.03", 3, name="Bank tanpa pemilik")
    for trainer in ("x", "y"):
        response = client_for(world[trainer]).get(BANKS)
        assert orphan.pk not in {b.pk for b in response.context["object_list"]}
    response = client_for(world["bkpsdm"]).get(BANKS)
    assert orphan.pk in {b.pk for b in response.context["object_list"]}


def test_a_quiz_created_by_nobody_and_placed_nowhere_is_nobodys(world):
    quiz = make_quiz(title="Kuis yatim", banks=(("SP.03", 2, 1, 1),))
    for trainer in ("x", "y"):
        assert client_for(world[trainer]).get(f"{QUIZZES}edit/{quiz.pk}/").status_code == 404
    assert client_for(world["root"]).get(f"{QUIZZES}edit/{quiz.pk}/").status_code == 200


@pytest.mark.parametrize("role", [Role.ADMIN_OPD, Role.PESERTA])
def test_the_quiz_chooser_refuses_users_without_quiz_permissions(world, role):
    client = client_for(make_user(role))
    quiz = world["X"]["quiz"].pk
    for url in (CHOOSER, f"{CHOOSER}results/", f"{CHOOSER}{quiz}/", f"{CHOOSER}chosen-multiple/"):
        response = client.get(url)
        assert response.status_code in REFUSED, url
        assert world["X"]["quiz"].title not in html(response)


# --- Question imports and exports follow the same scope ---------------------------------------


def _row_for(bank, text: str) -> bytes:
    header = "competency_code,level,bank,type,text,choice_a,choice_b,correct\n"
    row = f'{bank.competency.code},{bank.level},"{bank.name}",single,"{text}",Ya,Tidak,a\n'
    return (header + row).encode()


def test_a_trainer_cannot_import_into_another_courses_bank(world):
    from lms.core.imports import run_import

    bank = world["X"]["bank"]
    before = Question.objects.filter(bank=bank).count()
    data = _row_for(bank, "Soal titipan dari pengajar lain?")
    report = run_import("questions", data, "soal.csv", user=world["y"], commit=True)
    assert not report.committed
    assert [e.code for e in report.errors] == ["bank_not_editable"]
    assert Question.objects.filter(bank=bank).count() == before
    report = run_import("questions", data, "soal.csv", user=world["x"], commit=True)
    assert report.committed and report.created == 1


def test_a_bank_an_import_creates_belongs_to_the_importer(world):
    from lms.core.imports import run_import

    data = (
        b"competency_code,level,bank,type,text,choice_a,choice_b,correct\n"
        b'SP.03,1,"Bank baru Y",single,"Apa itu SPBE?",Ya,Tidak,a\n'
    )
    report = run_import("questions", data, "soal.csv", user=world["y"], commit=True)
    assert report.committed, report.errors
    bank = QuestionBank.objects.get(name="Bank baru Y")
    assert bank.created_by == world["y"]
    assert bank_editable_by(world["y"], bank) and not bank_editable_by(world["x"], bank)


def test_a_trainer_exports_only_the_questions_they_may_see(world):
    from lms.core.imports import run_export

    x_text, y_text = world["X"]["bank"].name, world["Y"]["bank"].name  # the bank column
    exported = run_export("questions", "csv", user=world["y"]).decode("utf-8-sig")
    assert y_text in exported and x_text not in exported
    everything = run_export("questions", "csv", user=world["bkpsdm"]).decode("utf-8-sig")
    assert x_text in everything and y_text in everything
