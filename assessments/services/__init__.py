"""Write side of the assessments app: every write of a quiz, bank, question or attempt goes
through a service here (docs/architecture.md).

- :mod:`.attempts`: start, autosave, submit/expire and evidence (the quiz engine);
- :mod:`.quizzes`: a quiz with its draws and placement bands, and their rules;
- :mod:`.questions`: question versions, activation and deletion;
- :mod:`.banks`: question banks.
"""

from .attempts import (
    attempt_autosave,
    attempt_start,
    attempt_submit,
    attempts_expire,
    draw_layout,
)

__all__ = [
    "attempt_autosave",
    "attempt_start",
    "attempt_submit",
    "attempts_expire",
    "draw_layout",
]
