"""Domain signals of the courses app (receivers live in higher apps' ``receivers.py``)."""

from django.dispatch import Signal

# Sent inside the completion transaction with ``enrollment``; receivers must only call a
# service or ``task.delay_on_commit(pk)``.
course_completed = Signal()
