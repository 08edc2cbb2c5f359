"""The quiz form by kind (issue 13 item 12): settings that do not apply to a kind are hidden
for it and ignored when posted, so a post-test never stores placement bands nor opens without
a course, and a pre-test (a diagnostic, not graded) shows no pass mark. The form for a new quiz,
whose kind is not chosen yet, shows everything; ``assessments/quiz_form.js`` hides and disables
the panels of the other kinds as the kind changes."""

import pytest
from bs4 import BeautifulSoup

from assessments.admin_forms.quizzes import KIND_ONLY
from assessments.models import PlacementBand, Quiz, QuizKind
from lms.competencies.models import Competency
from lms.users.roles import Role
from tests.admin.conftest import client_for, make_user
from tests.assessments.test_admin import formset, quiz_post
from tests.factories.assessments import make_bank, make_quiz, single_choice

pytestmark = pytest.mark.django_db

QUIZZES = "/admin/snippets/assessments/quiz/"


@pytest.fixture
def author():
    return make_user(Role.PENGAJAR)


@pytest.fixture
def trainer(author):
    return client_for(author)


@pytest.fixture
def bank(author):
    bank = make_bank("SP.01", 2, created_by=author)
    for n in range(4):
        single_choice(bank, n)
    return bank


def panels(html: str) -> dict[str, dict]:
    """Kind-scoped panels of the form: the kinds they belong to and whether they are hidden."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for element in soup.select("[data-quiz-kinds]"):
        names = {field["name"] for field in element.select("[name]")}
        key = (
            "bands"
            if any(name.startswith("bands-") for name in names)
            else next(iter(names & set(KIND_ONLY)), "?")
        )
        found[key] = {
            "kinds": set(element["data-quiz-kinds"].split()),
            "hidden": element.has_attr("hidden"),
        }
    return found


def bands_post(bank, **fields) -> dict:
    data = quiz_post(**fields)
    data.update(formset("draws", [{"bank": str(bank.pk), "count": "2"}]))
    competency = bank.competency
    data.update(
        formset("bands", [{"competency": str(competency.pk), "min_percent": "50", "level": "2"}])
    )
    return data


# --- Hostile and stale posts ---------------------------------------------------------------------


def test_bands_posted_with_a_post_test_are_never_stored(trainer, bank):
    response = trainer.post(f"{QUIZZES}add/", bands_post(bank, kind="post"))
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = Quiz.objects.get()
    assert quiz.kind == QuizKind.POST_TEST
    assert not PlacementBand.objects.exists()


@pytest.mark.parametrize("kind", ["pre", "practice"])
def test_bands_posted_with_another_kind_are_never_stored(trainer, bank, kind):
    response = trainer.post(f"{QUIZZES}add/", bands_post(bank, kind=kind, review_policy="never"))
    assert response.status_code == 302
    assert not PlacementBand.objects.exists()


def test_a_post_test_ignores_a_posted_open_access(trainer, bank):
    data = bands_post(bank, kind="post", open_access="on")
    assert trainer.post(f"{QUIZZES}add/", data).status_code == 302
    assert Quiz.objects.get().open_access is False


def test_a_post_test_without_its_band_rows_and_management_form_saves(trainer, bank):
    """What the browser posts once the script has disabled the bands panel."""
    data = quiz_post(kind="post")
    data.update(formset("draws", [{"bank": str(bank.pk), "count": "2"}]))
    data = {key: value for key, value in data.items() if not key.startswith("bands-")}
    assert trainer.post(f"{QUIZZES}add/", data).status_code == 302


def test_a_placement_test_still_needs_its_bands_and_its_management_form(trainer, bank):
    data = quiz_post(kind="placement")
    data.update(formset("draws", [{"bank": str(bank.pk), "count": "2"}]))
    response = trainer.post(f"{QUIZZES}add/", data)
    assert response.status_code == 200
    assert "paling sedikit satu pita penempatan" in response.content.decode()
    data = {key: value for key, value in data.items() if not key.startswith("bands-")}
    response = trainer.post(f"{QUIZZES}add/", data)
    assert response.status_code == 200
    assert not Quiz.objects.exists()


def test_a_pre_test_keeps_its_pass_mark_when_another_is_posted(trainer, author):
    quiz = make_quiz(kind="pre", created_by=author, pass_percent=70, review_policy="never")
    bank = quiz.draws.get().bank
    data = quiz_post(kind="pre", pass_percent="5", competency_pass_percent="99",
                     review_policy="never", max_attempts="1")  # fmt: skip
    data.update(formset("draws", [{"id": str(quiz.draws.get().pk), "bank": str(bank.pk),
                                   "count": "3"}], initial=1))  # fmt: skip
    response = trainer.post(f"{QUIZZES}edit/{quiz.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz.refresh_from_db()
    assert (quiz.pass_percent, quiz.competency_pass_percent) == (70, None)


def test_a_placement_test_turned_post_test_loses_its_bands_with_a_notice(trainer, author):
    quiz = make_quiz(kind="placement", created_by=author, title="Tes penempatan")
    draw = quiz.draws.get()
    PlacementBand.objects.create(quiz=quiz, competency=draw.bank.competency, min_percent=50,
                                 level=2)  # fmt: skip
    data = quiz_post(kind="post", title="Tes penempatan")
    data.update(formset("draws", [{"id": str(draw.pk), "bank": str(draw.bank_id),
                                   "count": "3"}], initial=1))  # fmt: skip
    response = trainer.post(f"{QUIZZES}edit/{quiz.pk}/", data, follow=True)
    assert response.status_code == 200
    quiz.refresh_from_db()
    assert quiz.kind == QuizKind.POST_TEST
    assert not quiz.bands.exists()
    assert "Pita penempatan kuis ini (1) dihapus" in response.content.decode()


# --- What each kind's form shows -----------------------------------------------------------------


def test_a_new_quiz_shows_every_setting(trainer, bank):
    found = panels(trainer.get(f"{QUIZZES}add/").content.decode())
    assert set(found) == set(KIND_ONLY)
    assert not any(panel["hidden"] for panel in found.values())
    assert found["bands"]["kinds"] == {"placement"}
    assert found["open_access"]["kinds"] == {"pre", "practice", "placement"}
    assert found["pass_percent"]["kinds"] == {"post", "practice", "placement"}


@pytest.mark.parametrize(
    ("kind", "hidden"),
    [
        ("post", {"bands", "open_access"}),
        ("pre", {"bands", "pass_percent", "competency_pass_percent"}),
        ("practice", {"bands"}),
        ("placement", set()),
    ],
)
def test_a_stored_quiz_shows_the_settings_of_its_kind(trainer, author, kind, hidden):
    quiz = make_quiz(kind=kind, created_by=author, review_policy="never")
    html = trainer.get(f"{QUIZZES}edit/{quiz.pk}/").content.decode()
    found = panels(html)
    assert {name for name, panel in found.items() if panel["hidden"]} == hidden
    assert "assessments/quiz_form.js" in html


def test_a_refused_post_shows_the_settings_of_the_posted_kind(trainer, bank):
    data = quiz_post(kind="placement")
    data.update(formset("draws", [{"bank": str(bank.pk), "count": "2"}]))
    found = panels(trainer.post(f"{QUIZZES}add/", data).content.decode())
    assert not found["bands"]["hidden"] and found["open_access"]["hidden"] is False


def test_the_service_still_refuses_bands_on_a_post_test(author):
    from django.core.exceptions import ValidationError

    from assessments.services.quizzes import quiz_save

    quiz = make_quiz(kind="post", created_by=author)
    band = PlacementBand(quiz=quiz, competency=Competency.objects.get(code="SP.01"),
                         min_percent=50, level=2)  # fmt: skip
    with pytest.raises(ValidationError):
        quiz_save(quiz=quiz, bands=[band])
    assert not PlacementBand.objects.exists()
