"""Write-side operations of the courses app, one module per purpose (docs/architecture.md).

* :mod:`.enrollment`: enrollment, lesson progress and course completion;
* :mod:`.assignments`: mandatory courses assigned by HR, and the reminder job;
* :mod:`.trainers`: the Pengajar who author a course;
* :mod:`.content`: course-tree pages and documents written by the starter content.
"""

from .assignments import assignment_apply, assignment_create, reminders_send
from .content import catalogue_link_set, course_page_publish, document_file_store
from .enrollment import (
    enrollment_complete_if_done,
    enrollment_create,
    enrollment_visit,
    enrollment_withdraw,
    lesson_complete,
)
from .trainers import TRAINER_PAGE_ACTIONS, course_trainer_add, course_trainers_set

__all__ = [
    "TRAINER_PAGE_ACTIONS",
    "assignment_apply",
    "assignment_create",
    "catalogue_link_set",
    "course_page_publish",
    "course_trainer_add",
    "course_trainers_set",
    "document_file_store",
    "enrollment_complete_if_done",
    "enrollment_create",
    "enrollment_visit",
    "enrollment_withdraw",
    "lesson_complete",
    "reminders_send",
]
