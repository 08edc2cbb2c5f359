"""Demo data for certificates: the default template and the demo learner's first certificate.

``seed`` (after ``courses.demo``, in INSTALLED_APPS order) ensures the default template
"Templat bawaan" (the institution's name comes from its site settings, the signatory is the
demo head of BKPSDM) and lets the demo learner (Siti Rahmawati) finish the first starter course
(SPBE-101) the way a learner does (:func:`_complete`): enrol, pass the post-test with the right
answers, open every lesson, all through the learner's own services. Her certificate is then
issued through ``certificate_issue`` (the same service the ``course_completed`` task calls, so
the task, eager or queued, finds it issued and does nothing; she gets one notification).
Idempotent: the template is found by name, a completed course is not taken again, an issued
certificate is returned as it is (tests/certificates/test_demo.py).
"""

from assessments.models import QuestionVersion, Quiz
from assessments.services import attempt_start, attempt_submit
from courses.selectors import course_lessons, current_enrollment, lesson_quizzes
from courses.services import enrollment_create, lesson_complete
from lms.core.seeding import DemoContext

from .models import CertificateTemplate
from .services import certificate_issue, certificate_template_save

TEMPLATE_NAME = "Templat bawaan"
COMPLETED_COURSE = "SPBE-101"  # the starter course the demo learner has completed
SIGNATORY = {
    "name": "Dr. Hendra Wijaya, S.Sos., M.Si.",
    "nip": "197204121998031004",
    "title": "Kepala BKPSDM Kabupaten Contoh",
}


def template_ensure() -> CertificateTemplate:
    template = CertificateTemplate.objects.filter(name=TEMPLATE_NAME).first()
    if template is not None:
        return template
    return certificate_template_save(
        template=CertificateTemplate(name=TEMPLATE_NAME, is_default=True, place="Kota Contoh"),
        signatories=[SIGNATORY],
    )


def _right_answers(attempt) -> dict[int, object]:
    """The key of every question of ``attempt``, whatever its type: the post-test's draw is
    random, and a draw with a short, numeric or matching question left blank could fail, so
    a seed run would complete the course once in a while only (not idempotent)."""
    versions = QuestionVersion.objects.in_bulk([item["v"] for item in attempt.layout])
    answers: dict[int, object] = {}
    for position, item in enumerate(attempt.layout):
        version = versions[item["v"]]
        data, kind = version.data, version.question.type
        correct = [c["id"] for c in data.get("choices", []) if c.get("correct")]
        if kind == "multiple":
            answers[position] = correct
        elif correct:
            answers[position] = correct[0]
        elif kind == "short" and data.get("accepted"):
            answers[position] = data["accepted"][0]
        elif kind == "numeric" and data.get("answer") is not None:
            answers[position] = str(data["answer"])
        elif kind == "matching":
            answers[position] = {pair["id"]: pair["answer"] for pair in data.get("pairs", [])}
    return answers


def _complete(user, course) -> None:
    """Finishes ``course`` for ``user`` through the learner's own services."""
    enrollment_create(user=user, course=course)
    lessons = course_lessons(course)
    quizzes = lesson_quizzes(lessons)
    for lesson in lessons:
        for quiz_id, required in quizzes.get(lesson.pk, []):
            if required:
                attempt = attempt_start(user=user, quiz=Quiz.objects.get(pk=quiz_id),
                                        page_id=lesson.pk)  # fmt: skip
                attempt_submit(attempt=attempt, user=user, answers=_right_answers(attempt))
        lesson_complete(user=user, lesson=lesson)


def seed(context: DemoContext) -> None:
    template_ensure()
    learner = context.extra.get("people", {}).get("learner")
    course = context.extra.get("courses", {}).get(COMPLETED_COURSE)
    if learner is None or learner.user is None or course is None:
        return
    enrollment = current_enrollment(learner.user, course)
    if enrollment is None or enrollment.status != "completed":
        _complete(learner.user, course)
        enrollment = current_enrollment(learner.user, course)
    if enrollment is not None and enrollment.status == "completed":
        context.extra["certificate"] = certificate_issue(enrollment=enrollment)
