from django.dispatch import Signal

# Sent inside the grading transaction with ``attempt`` (submitted or expired, graded).
# Receivers (e.g. courses: complete the lesson the quiz sits in) call a service only.
attempt_finished = Signal()
