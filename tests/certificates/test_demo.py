"""seed_demo: the default template, and the demo learner's completed starter course with its
issued certificate, reached through the learner's own services; idempotent (issue 11)."""

from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import Attempt, AttemptAnswer
from certificates.demo import COMPLETED_COURSE
from certificates.models import Certificate, CertificateEvent, CertificateTemplate
from courses.models import Enrollment, LessonProgress
from lms.competencies.models import CompetencyEvidence, LearningRecord
from lms.core.models import Notification
from lms.core.seeding import seed_demo

pytestmark = pytest.mark.django_db

DEMO_LEARNER = "198703152010012003"


def rows() -> dict[str, object]:
    return {
        "templates": CertificateTemplate.objects.count(),
        "certificates": sorted(Certificate.objects.values_list("number", "code", "sha256")),
        "events": CertificateEvent.objects.count(),
        "notifications": sorted(Notification.objects.values_list("user__username", "key")),
        "enrollments": sorted(Enrollment.objects.values_list("user__username", "course__code",
                                                             "status")),
        "progress": LessonProgress.objects.count(),
        "attempts": Attempt.objects.count(),
        "answers": AttemptAnswer.objects.count(),
        "evidence": CompetencyEvidence.objects.count(),
        "records": LearningRecord.objects.count(),
    }  # fmt: skip


def test_the_demo_has_the_default_template_with_its_signatory(demo):
    template = CertificateTemplate.objects.get(is_default=True)
    assert template.signatories.get().title == "Kepala BKPSDM Kabupaten Contoh"


def test_the_demo_learner_has_one_completed_course_and_its_certificate(demo):
    enrollment = Enrollment.objects.get(user__username=DEMO_LEARNER, status="completed")
    assert enrollment.course.code == COMPLETED_COURSE == "SPBE-101"
    certificate = Certificate.objects.get()
    assert certificate.enrollment_id == enrollment.pk and certificate.state == "valid"
    assert certificate.holder_nip == DEMO_LEARNER
    assert certificate.holder_name == "Siti Rahmawati, S.Kom."
    assert certificate.institution_name == "Pemerintah Kabupaten Contoh"
    assert certificate.sha256
    with certificate.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # Reached the way a learner does: the post-test passed with every answer right.
    post = demo.extra["quizzes"][COMPLETED_COURSE]["post"]
    attempt = Attempt.objects.get(user=enrollment.user, quiz=post)
    assert attempt.passed is True and attempt.percent == 100
    # And she was told, once.
    (notification,) = Notification.objects.filter(user=enrollment.user)
    assert notification.key == f"certificate:{certificate.pk}" and notification.read_at is None


def test_seed_demo_twice_gives_the_same_rows(demo):
    first = rows()
    seed_demo()
    assert rows() == first
    call_command("seed_demo", stdout=StringIO())
    assert rows() == first
