"""Questions (and events) of the H5P part of the assessments app (docs/architecture.md,
``lms.core.events``). Receivers live in higher apps (courses), connected in their
``AppConfig.ready()``; this app never imports them.
"""

from django.dispatch import Signal

# Asked with ``lms.core.events.answers`` by the H5P authoring scope
# (``assessments.h5p.selectors_scope``), with ``user``: which H5P package ids belong to what
# ``user`` may author in a higher app? Each receiver answers an iterable of package ids (courses:
# the "h5p" blocks of the lessons of the courses they may edit).
h5p_scope_requested = Signal()

# Asked with ``answers`` by the player endpoints (``selectors.h5p_access_allowed``), with
# ``user``, ``package`` and ``page_id``: does the page hold this activity and may ``user`` use
# it there? Each receiver answers True/False (courses: a live lesson holding an "h5p" block with
# the package, in a course the learner is enrolled in); with no receiver, no page vouches.
h5p_access_requested = Signal()

# Asked with ``answers`` by ``services.h5p_statement_record`` once a result is completed, with
# ``result`` (an H5PResult): does completing it complete something above? Each receiver calls a
# service and answers True when the page it belongs to is now complete (courses: the lesson,
# when its block says "menyelesaikan pelajaran"). Idempotent: asked again on each completion.
h5p_completed = Signal()
