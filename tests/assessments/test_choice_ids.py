"""Choice ids carry no information (issue 8, hole 1).

They used to be the authoring order ("a", "b", ...), and authors put the right answer first.
Now every path that writes a question gives single/multiple choices random ids
(``assessments.questions.keyed_choices``), keeps them across versions for the choices an edit
keeps, and the migration ``0004_random_choice_ids`` re-keys what was stored without changing a
single grade.
"""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.test import Client

from assessments.grading import grade
from assessments.models import (
    Attempt,
    AttemptAnswer,
    Question,
    QuestionBank,
    QuestionType,
    QuestionVersion,
    Quiz,
    QuizDraw,
)
from assessments.questions import keyed_choices, new_choice_id, question_save, validate_question
from assessments.services import attempt_autosave, attempt_start, attempt_submit
from lms.competencies.models import Competency
from tests.assessments.fixtures import RANDOM_ID, load, run
from tests.factories.assessments import make_bank
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

ORDER_LIKE = set("abcdefghijklmnopqrstuvwxyz") | {str(n) for n in range(100)}


def choices(*texts: str, correct: int = 0) -> dict:
    """Choices as an author writes them (the right one first by default), with order ids."""
    return {
        "choices": [
            {"id": "abcdef"[i], "text": text, "correct": i == correct, "feedback": ""}
            for i, text in enumerate(texts)
        ]
    }


def ids_of(question: Question) -> list[str]:
    question.refresh_from_db()
    return [choice["id"] for choice in question.current_version.data["choices"]]


# --- The one place ids are given -----------------------------------------------------------


def test_ids_the_caller_made_up_are_never_stored():
    bank = make_bank()
    question = question_save(
        bank=bank,
        question_type=QuestionType.SINGLE,
        text="Manakah prinsip SPBE?",
        data=choices("Keterpaduan", "Monopoli data", "Kerahasiaan mutlak"),
    )
    ids = ids_of(question)
    assert all(RANDOM_ID.fullmatch(choice_id) for choice_id in ids), ids
    assert not set(ids) & ORDER_LIKE
    assert len(set(ids)) == 3
    # The same content saved twice gets different ids: nothing is derived from it.
    twin = question_save(
        bank=bank,
        question_type=QuestionType.SINGLE,
        text="Manakah prinsip SPBE? (salinan)",
        data=choices("Keterpaduan", "Monopoli data", "Kerahasiaan mutlak"),
    )
    assert not set(ids_of(twin)) & set(ids)


def test_the_right_answer_does_not_get_the_smallest_id_more_often_than_chance():
    """Over many questions whose key is written first, the key is the lexicographically
    smallest id about a third of the time (3 choices), never (nearly) always."""
    bank = make_bank()
    smallest_is_key = 0
    for n in range(90):
        question = question_save(
            bank=bank,
            question_type=QuestionType.SINGLE,
            text=f"Soal {n}",
            data=choices("benar", "salah satu", "salah dua"),
        )
        data = question.current_version.data
        key = next(c["id"] for c in data["choices"] if c["correct"])
        smallest_is_key += key == min(c["id"] for c in data["choices"])
    # Binomial(90, 1/3): mean 30, sd 4.5; 55 is more than 5 sd away.
    assert smallest_is_key < 55


def test_true_false_keeps_its_speaking_ids():
    question = question_save(
        bank=make_bank(),
        question_type=QuestionType.TRUE_FALSE,
        text="SPBE diatur Perpres 95/2018.",
        data={"choices": [{"id": "true", "text": "Benar", "correct": True},
                          {"id": "false", "text": "Salah"}]},
    )  # fmt: skip
    assert ids_of(question) == ["true", "false"]


def test_an_edit_keeps_the_ids_of_the_choices_it_keeps():
    bank = make_bank()
    question = question_save(
        bank=bank,
        question_type=QuestionType.MULTIPLE,
        text="Pilih unsur keamanan informasi.",
        data=choices("Kerahasiaan", "Kemewahan", "Integritas"),
    )
    first = ids_of(question)
    # The admin form sends the ids of its rows; the re-importer and the seed send only texts.
    by_row = question.current_version.data["choices"]
    question_save(
        bank=bank,
        question_type=QuestionType.MULTIPLE,
        text="Pilih unsur keamanan informasi.",
        data={"choices": [
            {**by_row[0], "text": "Kerahasiaan (confidentiality)"},  # row kept, text edited
            {"text": "Integritas", "correct": True},  # matched by text, moved up
            {"text": "Ketersediaan", "correct": True},  # new
            {"id": "a", "text": "Kemewahan"},  # an id the question never had: ignored
        ]},
        question=question,
    )  # fmt: skip
    second = ids_of(question)
    assert second[:2] == [first[0], first[2]]
    assert second[3] == first[1]  # matched by text, not by the made-up "a"
    assert second[2] not in first and RANDOM_ID.fullmatch(second[2])
    assert question.versions.count() == 2


def test_keyed_choices_never_gives_one_id_twice():
    previous = [{"id": "1a2b3c4d", "text": "Sama"}, {"id": "5e6f7a8b", "text": "Sama"}]
    ids = keyed_choices(
        [{"id": "1a2b3c4d", "text": "x"}, {"id": "1a2b3c4d", "text": "y"}, {"text": "Sama"},
         {"text": "Sama"}],
        previous,
    )  # fmt: skip
    assert ids[0] == "1a2b3c4d" and ids[2] == "5e6f7a8b"
    assert len(set(ids)) == 4
    assert new_choice_id(set(ids)) not in ids


def test_validate_question_is_stable_against_its_own_output():
    """What the seed and the admin form use to decide that nothing changed."""
    data = validate_question(QuestionType.SINGLE, "Soal?", choices("A", "B"))
    assert validate_question(QuestionType.SINGLE, "Soal?", data, previous=data) == data
    without_ids = {"choices": [{k: v for k, v in c.items() if k != "id"} for c in data["choices"]]}
    assert validate_question(QuestionType.SINGLE, "Soal?", without_ids, previous=data) == data


# --- Importers: random ids, stable on re-import, round trip ----------------------------------


@pytest.mark.parametrize("name", ["all_types.gift", "all_types.xml", "all_types.csv"])
def test_every_importer_gives_random_ids_that_a_reimport_keeps(name):
    assert run(load(name), name, commit=True).committed
    before = {
        q.type: q.current_version.data for q in Question.objects.select_related("current_version")
    }
    for qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        ids = [c["id"] for c in before[qtype]["choices"]]
        assert all(RANDOM_ID.fullmatch(i) for i in ids) and not set(ids) & ORDER_LIKE
    again = run(load(name), name, commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    after = {
        q.type: q.current_version.data for q in Question.objects.select_related("current_version")
    }
    assert after == before


def test_a_reimport_that_changes_a_feedback_keeps_every_choice_id():
    source = load("all_types.gift")
    assert run(source, "a.gift", commit=True).committed
    single = Question.objects.get(type=QuestionType.SINGLE)
    old = ids_of(single)
    changed = source.replace(b"Terlalu mudah ditebak.", b"Terlalu mudah ditebak orang lain.")
    assert changed != source
    report = run(changed, "a.gift", commit=True)
    assert (report.created, report.updated) == (0, 1), report.errors
    assert single.versions.count() == 2
    assert ids_of(single) == old


# --- The migration ---------------------------------------------------------------------------


def _old_style_version(question: Question, number: int, data: dict) -> QuestionVersion:
    """A version as the code before this change stored it: ids by authoring order."""
    version = QuestionVersion.objects.create(
        question=question, number=number, text=f"Soal {question.pk}", data=data
    )
    question.current_version = version
    question.save(update_fields=["current_version"])
    return version


def _old_style_quiz() -> tuple[Quiz, dict[str, Question]]:
    bank = QuestionBank.objects.create(
        name="Bank lama", competency=Competency.objects.get(code="SP.01"), level=2
    )
    questions = {t: Question.objects.create(bank=bank, type=t) for t in QuestionType.values}
    _old_style_version(questions["single"], 1, choices("Keterpaduan", "Monopoli", "Silo"))
    _old_style_version(
        questions["multiple"],
        1,
        {"choices": [
            {"id": "a", "text": "Kerahasiaan", "correct": True},
            {"id": "b", "text": "Kemewahan", "correct": False},
            {"id": "c", "text": "Integritas", "correct": True},
        ]},
    )  # fmt: skip
    _old_style_version(
        questions["true_false"],
        1,
        {"choices": [{"id": "true", "text": "Benar", "correct": False},
                     {"id": "false", "text": "Salah", "correct": True}]},
    )  # fmt: skip
    _old_style_version(questions["short"], 1, {"accepted": ["SPBE"], "case_sensitive": False})
    _old_style_version(questions["numeric"], 1, {"answer": "7", "tolerance": "0"})
    _old_style_version(
        questions["matching"],
        1,
        {"pairs": [{"id": "1", "prompt": "Etika", "answer": "Sopan"},
                   {"id": "2", "prompt": "Aman", "answer": "Sandi"}]},
    )  # fmt: skip
    quiz = Quiz.objects.create(title="Kuis lama", kind="post", pass_percent=50)
    QuizDraw.objects.create(quiz=quiz, bank=bank, count=6)
    return quiz, questions


def _answers(attempt: Attempt, by_type: dict) -> dict[int, object]:
    rows = attempt.answers.select_related("version__question")
    return {row.position: by_type[row.version.question.type] for row in rows}


def _snapshot() -> dict:
    answers = {
        row.pk: (row.response, row.score, row.updated_at,
                 grade(row.version.question.type, row.version.data, row.response))
        for row in AttemptAnswer.objects.select_related("version__question")
    }  # fmt: skip
    attempts = {
        a.pk: (a.score, a.max_score, a.percent, a.passed, a.competency_results, a.state)
        for a in Attempt.objects.all()
    }
    return {"answers": answers, "attempts": attempts}


def test_the_migration_rekeys_questions_and_attempts_without_changing_a_grade():
    quiz, questions = _old_style_quiz()
    single, multiple = questions["single"], questions["multiple"]
    learner, other = UserFactory(), UserFactory()

    # Attempt 1 on version 1: "a" (right, first) everywhere, multiple half right.
    first = attempt_start(user=learner, quiz=quiz)
    attempt_submit(
        attempt=first,
        user=learner,
        answers=_answers(first, {"single": "a", "multiple": ["a", "b"], "true_false": "false",
                                 "short": "spbe", "numeric": "7", "matching": {"1": "Sopan"}}),
    )  # fmt: skip
    # Version 2 of the single question keeps "a" and "b", drops "c", adds "d" (the new key).
    _old_style_version(
        single,
        2,
        {"choices": [
            {"id": "a", "text": "Keterpaduan", "correct": False},
            {"id": "b", "text": "Monopoli", "correct": False},
            {"id": "d", "text": "Efisiensi", "correct": True},
        ]},
    )  # fmt: skip
    # Attempt 2 on version 2, submitted; attempt 3 still in progress with saved answers.
    second = attempt_start(user=other, quiz=quiz)
    attempt_submit(
        attempt=second,
        user=other,
        answers=_answers(second, {"single": "d", "multiple": ["c"], "true_false": "true",
                                  "short": "x", "numeric": "8", "matching": None}),
    )  # fmt: skip
    third = attempt_start(user=UserFactory(), quiz=quiz)
    attempt_autosave(
        attempt_id=third.pk,
        user=third.user,
        sequence=0,
        answers=_answers(third, {"single": "b", "multiple": ["b", "a"], "true_false": None,
                                 "short": None, "numeric": None, "matching": None}),
    )  # fmt: skip
    before = _snapshot()
    layouts = {a.pk: a.layout for a in Attempt.objects.all()}
    assert Attempt.objects.get(pk=first.pk).passed is True  # "a" passed the old way
    v1 = single.versions.get(number=1)

    module = importlib.import_module("assessments.migrations.0004_random_choice_ids")
    mapping = module.rekey_choice_ids(django_apps, None)

    after = _snapshot()
    # Stored grades, pass flags and timestamps are untouched; re-grading gives the same.
    assert after["attempts"] == before["attempts"]
    for pk, (_response, score, updated_at, graded) in before["answers"].items():
        new_response, new_score, new_updated, new_graded = after["answers"][pk]
        assert (new_score, new_updated, new_graded) == (score, updated_at, graded)
    # One mapping per question, shared by its versions.
    single_map = mapping[single.current_version_id]
    assert mapping[v1.pk] is single_map
    assert set(single_map) == {"a", "b", "c", "d"}
    assert all(RANDOM_ID.fullmatch(new) for new in single_map.values())
    assert len(set(single_map.values())) == 4
    v1.refresh_from_db()
    single.refresh_from_db()
    assert [c["id"] for c in v1.data["choices"]] == [single_map[x] for x in "abc"]
    assert [c["id"] for c in single.current_version.data["choices"]] == [
        single_map[x] for x in "abd"
    ]
    multi_map = mapping[multiple.current_version_id]
    # Responses and layouts follow the mapping; other types are left alone.
    for pk, (response, *_rest) in before["answers"].items():
        row = AttemptAnswer.objects.select_related("version__question").get(pk=pk)
        qtype = row.version.question.type
        if qtype == "single" and response is not None:
            assert row.response == single_map[response]
        elif qtype == "multiple" and response is not None:
            assert row.response == [multi_map[x] for x in response]
        else:
            assert row.response == response
    for attempt in Attempt.objects.all():
        for old_item, new_item in zip(layouts[attempt.pk], attempt.layout, strict=True):
            version = QuestionVersion.objects.select_related("question").get(pk=old_item["v"])
            if version.question.type in ("single", "multiple"):
                assert new_item["order"] == [mapping[version.pk][x] for x in old_item["order"]]
            else:
                assert new_item == old_item
    tf = questions["true_false"].current_version
    tf.refresh_from_db()
    assert [c["id"] for c in tf.data["choices"]] == ["true", "false"]
    # "a" is no longer an answer; the attempt in progress goes on with its mapped answers.
    with pytest.raises(Exception, match="tidak valid"):
        attempt_autosave(
            attempt_id=third.pk, user=third.user, sequence=1,
            answers=_answers(third, {"single": "a", "multiple": None, "true_false": None,
                                     "short": None, "numeric": None, "matching": None}),
        )  # fmt: skip
    finished = attempt_submit(attempt=third, user=third.user)
    expected = sum(
        graded for pk, (_r, _s, _u, graded) in before["answers"].items()
        if AttemptAnswer.objects.get(pk=pk).attempt_id == third.pk
    )  # fmt: skip
    assert finished.score == expected  # graded on the mapped answers as on the old ones


# --- Answering "the first choice" passes no seeded or imported quiz ----------------------------
#
# Issue 8: "A test answers every seeded and imported quiz with 'the first choice' and fails to
# pass any." Every quiz is started over HTTP by an enrolled learner from the lesson that holds
# it (the real access rule, not the engine tests' stand-in), answered by a strategy that knows
# nothing, and submitted:
#
# - "displayed" (API): the first choice shown for single, true/false and multiple choice, the
#   first option for every matching prompt, nothing for short and numeric answers;
# - "smallest" (the plain HTML form): the lexicographically smallest choice id instead, which
#   was "a", the key, before choice ids were random.
#
# With random ids and shuffled choices both are guessing. Simulated over the starter banks, a
# guess passes the SPBE-101 post-test (15 questions, 70 %) with probability about 2e-5 per
# attempt and LD-101 less; this test takes 8 demo attempts, so chance alone would fail it about
# once in 7,000 runs: the ids and seeds come from a fixed generator (``fixed_randomness``).
# Under the old ids the "smallest" strategy passed about half of the SPBE-101 and 70 % of the
# LD-101 post-test attempts (the starter data writes every key first).


@pytest.fixture
def fixed_randomness(monkeypatch):
    """Choice ids and attempt seeds from a seeded generator instead of ``secrets``: the same
    ids, draws and shuffles on every run, so the guessing tests below pass or fail the same
    way every time (chance is measured once, not re-rolled in every CI run)."""
    import random

    from assessments import questions
    from assessments.services import attempts as services

    rng = random.Random(20261201)  # noqa: S311 - reproducible on purpose, test only

    class Seeded:
        @staticmethod
        def token_hex(nbytes: int) -> str:
            return rng.randbytes(nbytes).hex()

        @staticmethod
        def randbits(bits: int) -> int:
            return rng.getrandbits(bits)

    monkeypatch.setattr(questions, "secrets", Seeded)
    monkeypatch.setattr(services, "secrets", Seeded)


@pytest.fixture
def real_access_rule(monkeypatch):
    """The quiz access rule as in production (tests/assessments/conftest.py replaces it)."""
    from assessments import selectors, views
    from assessments.services import attempts as services

    for module in (services, views):
        monkeypatch.setattr(module, "quiz_access_allowed", selectors.quiz_access_allowed)


def _lesson_of(quiz: Quiz):
    from courses.models import LessonPage
    from courses.selectors import lesson_quizzes

    lessons = list(LessonPage.objects.live())
    holding = [
        lesson
        for lesson in lessons
        if quiz.pk in {q for q, _r in lesson_quizzes([lesson]).get(lesson.pk, [])}
    ]
    return holding[0] if holding else None


def _enrolled_learner(lesson):
    from courses.models import EnrollmentSource
    from courses.selectors import course_for_lesson
    from courses.services import enrollment_create

    learner = UserFactory()
    if lesson is not None:
        enrollment_create(
            user=learner, course=course_for_lesson(lesson), source=EnrollmentSource.ASSIGNED
        )
    client = Client()
    client.force_login(learner)
    return learner, client


def _guess(question: dict, pick: str):
    """What the knowing-nothing strategy answers to one question of the learner payload."""
    if question["choices"]:
        ids = [choice["id"] for choice in question["choices"]]
        chosen = ids[0] if pick == "displayed" else min(ids)
        return [chosen] if question["type"] == QuestionType.MULTIPLE else chosen
    if question["prompts"]:
        first = question["options"][0]["value"]
        return {prompt["id"]: first for prompt in question["prompts"]}
    return None


def _assert_ids_carry_nothing(questions: list[dict]) -> None:
    for question in questions:
        if question["type"] in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            ids = [choice["id"] for choice in question["choices"]]
            assert all(RANDOM_ID.fullmatch(i) for i in ids), ids
            assert not set(ids) & ORDER_LIKE, ids


def _take_by_api(quiz: Quiz, lesson) -> tuple[Attempt, list[dict]]:
    learner, client = _enrolled_learner(lesson)
    body = {"page_id": lesson.pk} if lesson is not None else {}
    started = client.post(
        f"/api/v1/quizzes/{quiz.pk}/attempts", body, content_type="application/json"
    )
    assert started.status_code == 200, started.content
    payload = started.json()
    _assert_ids_carry_nothing(payload["questions"])
    # The HTML form offers the same ids as the API.
    page = client.get(f"/kuis/percobaan/{payload['id']}/").content.decode()
    shown = re.findall(r'type="(?:radio|checkbox)" name="q\d+" id="[^"]+" value="([^"]+)"', page)
    assert shown == [c["id"] for q in payload["questions"] for c in q["choices"] or []]
    answers = {
        str(q["position"]): guess
        for q in payload["questions"]
        if (guess := _guess(q, "displayed")) is not None
    }
    submitted = client.post(
        f"/api/v1/attempts/{payload['id']}/submit",
        {"answers": answers},
        content_type="application/json",
    )
    assert submitted.status_code == 200, submitted.content
    return Attempt.objects.get(pk=payload["id"]), payload["questions"]


def _take_by_form(quiz: Quiz, lesson) -> Attempt:
    learner, client = _enrolled_learner(lesson)
    landing = client.post(f"/kuis/{quiz.pk}/", {"halaman": lesson.pk} if lesson else {})
    assert landing.status_code == 302, landing.content
    attempt = Attempt.objects.get(user=learner, quiz=quiz)
    from assessments.selectors import attempt_for_learner

    questions = attempt_for_learner(attempt)["questions"]
    _assert_ids_carry_nothing(questions)
    data: dict = {"sequence": "0"}
    for question in questions:
        guess = _guess(question, "smallest")
        if isinstance(guess, dict):
            data.update({f"q{question['position']}-{p}": v for p, v in guess.items()})
        elif guess is not None:
            data[f"q{question['position']}"] = guess
    response = client.post(f"/kuis/percobaan/{attempt.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    attempt.refresh_from_db()
    return attempt


def _assert_not_passed(attempt: Attempt, what: str) -> None:
    assert attempt.state == "submitted", what
    assert attempt.passed is False, (
        f"{what}: guessing passed with {attempt.percent} % (pass mark {attempt.quiz.pass_percent})"
    )


@pytest.mark.usefixtures("fixed_randomness", "real_access_rule")
def test_the_first_choice_passes_no_seeded_quiz(demo):
    quizzes = list(Quiz.objects.order_by("pk"))
    assert len(quizzes) >= 4  # two starter courses, a pre-test and a post-test each
    percents = []
    for quiz in quizzes:
        lesson = _lesson_of(quiz)
        assert lesson is not None or quiz.open_access, f"{quiz} cannot be taken by anyone"
        attempt, _questions = _take_by_api(quiz, lesson)
        _assert_not_passed(attempt, f"{quiz}, first displayed choice (API)")
        again = _take_by_form(quiz, lesson)
        _assert_not_passed(again, f"{quiz}, smallest choice id (HTML form)")
        percents += [attempt.percent, again.percent]
    # Far from the pass mark on average, not just under it.
    assert sum(percents) / len(percents) < 50, percents


def test_keys_are_not_ordered_among_the_ids_of_the_seeded_questions(demo):
    """Across the starter questions the key is the smallest (or largest) id about as often as
    chance has it (1 in 4 for four choices), not always as with "a", "b", ..."""
    singles = [
        q.current_version.data["choices"]
        for q in Question.objects.filter(type=QuestionType.SINGLE).select_related("current_version")
    ]
    assert len(singles) >= 30
    for order in (min, max):
        hits = sum(next(c for c in ch if c["correct"])["id"] == order(c["id"] for c in ch)
                   for ch in singles)  # fmt: skip
        # Binomial(36, 1/4): mean 9, sd 2.6; two thirds (24) are 5.8 sd away. Old ids: 36.
        assert hits < 2 * len(singles) / 3, (order.__name__, hits, len(singles))
    for choices in singles:
        assert all(RANDOM_ID.fullmatch(c["id"]) for c in choices)


COPIES = 20  # each fixture file is imported into this many banks


def _imported_quiz(name: str) -> Quiz:
    """A post-test drawing every question of ``COPIES`` imports of the fixture ``name`` (each
    into its own bank): 20 × 6 questions, so chance cannot hide a leak."""
    from tests.assessments.fixtures import BANK_NAME

    source = load(name)
    quiz = Quiz.objects.create(title=f"Tes akhir dari {name}", kind="post")
    for copy in range(COPIES):
        bank_name = f"{BANK_NAME} {name} {copy}"
        report = run(source.replace(BANK_NAME.encode(), bank_name.encode()), name, commit=True)
        assert report.committed and report.created == 6, report.errors
        bank = QuestionBank.objects.get(name=bank_name)
        QuizDraw.objects.create(quiz=quiz, bank=bank, count=bank.questions.count())
    return quiz


@pytest.mark.usefixtures("fixed_randomness", "real_access_rule")
def test_the_first_choice_passes_no_imported_quiz():
    from tests.factories.courses import place_quiz

    singles_right = singles = 0
    for name in ("all_types.gift", "all_types.xml", "all_types.csv"):
        quiz = _imported_quiz(name)
        lesson = place_quiz(quiz)
        attempt, questions = _take_by_api(quiz, lesson)
        _assert_not_passed(attempt, f"{name}, first displayed choice (API)")
        again = _take_by_form(quiz, lesson)
        _assert_not_passed(again, f"{name}, smallest choice id (HTML form)")
        # The files write the key first: with ids by authoring order every single-choice
        # question was answered right by the smallest id. Now it is one in three.
        rows = again.answers.select_related("version__question")
        for row in rows:
            if row.version.question.type == QuestionType.SINGLE:
                singles += 1
                singles_right += row.score == row.version.points
    assert singles == 3 * COPIES
    # Binomial(60, 1/3): mean 20, sd 3.7; 36 is more than 4 sd away (old ids: all 60).
    assert singles_right < 36, singles_right
