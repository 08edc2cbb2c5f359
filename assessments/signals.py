"""Domain events and questions of the assessments app (docs/architecture.md, lms.core.events).

Receivers live in higher apps (courses), connected in their ``AppConfig.ready()``; this app never
imports them.
"""

from django.dispatch import Signal

# Sent after the grading transaction commits (``send_after_commit``), with ``attempt``
# (submitted or expired, graded). Receivers (courses: complete the lesson the quiz sits in)
# call a service only.
attempt_finished = Signal()

# Asked with ``lms.core.events.answers`` by ``selectors.quiz_access_allowed``, with ``user``,
# ``quiz`` and ``page_id``: does the page ``page_id`` hold ``quiz`` and may ``user`` take it
# there? Each receiver answers ``True``/``False`` (courses: "a live lesson holding the quiz, of a
# course the learner is enrolled in"); with no receiver no page can vouch for a quiz.
quiz_access_requested = Signal()

# Asked with ``answers`` by the authoring scope selectors, with ``user``: which quiz ids belong
# to what ``user`` may author in a higher app? Each receiver answers an iterable of quiz ids
# (courses: the quiz blocks of the lessons of the courses they may edit).
quiz_scope_requested = Signal()
