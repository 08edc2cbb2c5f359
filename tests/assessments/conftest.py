"""The assessments app is tested on its own: the quiz access rule that ``courses`` registers
(enrollment in the lesson's course) is switched off here and tested in tests/courses."""

import pytest

from assessments.selectors import quiz_access_check_register, quiz_access_check_unregister
from courses.receivers import enrolled_in_the_quiz_lesson


@pytest.fixture(autouse=True)
def _without_course_access_rule():
    quiz_access_check_unregister(enrolled_in_the_quiz_lesson)
    yield
    quiz_access_check_register(enrolled_in_the_quiz_lesson)
