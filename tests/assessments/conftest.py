"""The assessments engine (drawing, autosave, grading, review, delivery) is tested on its own
here: the quiz access rule (a live lesson holding the quiz, of a course the learner is enrolled
in; see ``assessments.selectors.quiz_access_allowed``) is replaced by "any active, logged-in
user", so these tests need no course. The rule itself, with the real courses check, is tested
over HTTP in tests/courses/test_quiz_access.py and the authorization matrix in tests/security."""

import pytest
from django.test import Client

from assessments import views
from assessments.services import attempts as services
from tests.factories.users import UserFactory


def _any_active_user(user, quiz, page_id=None) -> bool:
    return user.is_authenticated and user.is_active


@pytest.fixture(autouse=True)
def _engine_without_the_access_rule(monkeypatch):
    for module in (services, views):
        monkeypatch.setattr(module, "quiz_access_allowed", _any_active_user)


@pytest.fixture
def learner():
    """A plain account (no employee record); a module needing one overrides this."""
    return UserFactory()


@pytest.fixture
def learner_client(learner) -> Client:
    """A browser session of ``learner``."""
    client = Client()
    client.force_login(learner)
    return client
