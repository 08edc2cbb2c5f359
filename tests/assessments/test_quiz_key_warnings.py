"""The quiz form warns a trainer, without refusing the save, when a practice quiz or a
pre-test draws from a bank the post-test (or a placement test) also draws from while its
review policy opens the key: the key of one would answer the other (issue 13, item 4)."""

from functools import partial

import pytest

from assessments.models import Quiz
from assessments.selectors import quiz_key_warnings
from lms.users.roles import Role
from tests.admin.conftest import client_for, make_user
from tests.assessments.test_admin import QUIZZES, formset, quiz_post
from tests.factories import assessments as factories
from tests.factories.assessments import single_choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    return make_user(Role.PENGAJAR)


@pytest.fixture
def bank(trainer):
    bank = factories.make_bank("SP.01", 2, created_by=trainer)
    for n in range(5):
        single_choice(bank, n)
    return bank


@pytest.fixture
def post_test(trainer, bank):
    make = partial(factories.make_quiz, created_by=trainer)
    quiz = make(banks=(), title="Tes akhir SPBE", kind="post")
    quiz.draws.create(bank=bank, count=3)
    return quiz


def warnings(kind, policy, bank_ids, *, closes_at=None, quiz_id=None) -> list[str]:
    return quiz_key_warnings(
        kind=kind, review_policy=policy, closes_at=closes_at, bank_ids=bank_ids, quiz_id=quiz_id
    )


def test_a_practice_quiz_revealing_keys_of_post_test_banks_is_warned(bank, post_test):
    (message,) = warnings("practice", "immediately", [bank.pk])
    assert bank.name in message and "tes akhir" in message
    assert "Tidak pernah" in message


def test_a_pre_test_revealing_keys_of_post_test_banks_is_warned(bank, post_test):
    (message,) = warnings("pre", "immediately", [bank.pk])
    assert bank.name in message and "tes awal" in message.lower()


def test_after_close_reveals_only_with_a_closing_time(bank, post_test):
    import datetime

    from django.utils import timezone

    assert warnings("practice", "after_close", [bank.pk]) == []
    closes = timezone.now() + datetime.timedelta(days=7)
    assert len(warnings("practice", "after_close", [bank.pk], closes_at=closes)) == 1


def test_no_warning_without_a_shared_bank_or_without_keys(trainer, bank, post_test):
    other = factories.make_bank("SP.02", 2, created_by=trainer)
    assert warnings("practice", "immediately", [other.pk]) == []
    assert warnings("practice", "never", [bank.pk]) == []
    assert warnings("pre", "never", [bank.pk]) == []
    assert warnings("practice", "immediately", []) == []


def test_the_post_test_is_warned_of_a_practice_quiz_that_opens_its_keys(trainer, bank, post_test):
    practice = factories.make_quiz(
        banks=(), title="Latihan SPBE", kind="practice", review_policy="immediately",
        created_by=trainer,
    )  # fmt: skip
    practice.draws.create(bank=bank, count=2)
    (message,) = warnings("post", "never", [bank.pk], quiz_id=post_test.pk)
    assert bank.name in message
    # The practice quiz itself is not compared with itself.
    assert len(warnings("practice", "immediately", [bank.pk], quiz_id=practice.pk)) == 1


def test_the_form_saves_and_shows_the_warning(trainer, bank, post_test):
    client = client_for(trainer)
    data = quiz_post(
        title="Latihan SPBE", kind="practice", review_policy="immediately",
        time_limit_minutes="", max_attempts="",
    )  # fmt: skip
    data.update(formset("draws", [{"bank": str(bank.pk), "count": "2"}]))
    response = client.post(f"{QUIZZES}add/", data, follow=True)
    assert response.status_code == 200
    practice = Quiz.objects.get(title="Latihan SPBE")  # saved: the warning does not block
    html = response.content.decode()
    assert "juga dipakai tes akhir" in html
    # Opening the quiz again shows the warning again, until it is resolved.
    edit = client.get(f"{QUIZZES}edit/{practice.pk}/").content.decode()
    assert "juga dipakai tes akhir" in edit


def test_the_form_shows_no_warning_for_a_safe_quiz(trainer, bank, post_test):
    client = client_for(trainer)
    data = quiz_post(title="Latihan aman", kind="practice", review_policy="never")
    data.update(formset("draws", [{"bank": str(bank.pk), "count": "2"}]))
    response = client.post(f"{QUIZZES}add/", data, follow=True)
    assert Quiz.objects.filter(title="Latihan aman").exists()
    assert "juga dipakai tes akhir" not in response.content.decode()


def test_the_form_explains_the_pre_test_defaults(trainer):
    html = client_for(trainer).get(f"{QUIZZES}add/").content.decode()
    assert "tes awal" in html.lower() and "satu kali" in html
