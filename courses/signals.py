"""Domain signals of the courses app (receivers live in higher apps' ``receivers.py``)."""

from django.dispatch import Signal

# Sent inside the completion transaction with ``enrollment``; receivers must only call a
# service or ``task.delay_on_commit(pk)``.
course_completed = Signal()

# Asked by the learner dashboard (``courses.views.dashboard``, through
# ``lms.core.events.answers``) with ``user``: a higher app that has something to show there
# answers one panel, a dict with its ``template`` and the values that template reads (or
# ``None``). The certificates app answers the learner's certificates.
dashboard_panels_requested = Signal()

# Asked by the completion page (``courses.views.completion``, through ``answers``) with
# ``enrollment`` (completed): a higher app answers one panel, a dict with its ``template`` and
# the values that template reads (or ``None``). The certificates app answers the certificate.
completion_panels_requested = Signal()
