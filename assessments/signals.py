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

# Asked with ``answers`` by the result page (``views.attempt_result``) with ``attempt``
# (finished): what comes next for this learner? Each receiver answers a dict with the
# ``template`` it is shown with and the values that template reads, or ``None`` (courses:
# after a pre-test the lessons, after the pass that completed the course its completion).
attempt_next_step_requested = Signal()
