"""Reactions of the certificates app to events of lower apps (connected in
CertificatesConfig.ready; docs/architecture.md)."""

from courses.models import Enrollment

from .tasks import certificate_issue_task


def issue_on_completion(sender, enrollment: Enrollment, **kwargs) -> None:
    """``course_completed`` (sent after the completion committed): issue the certificate in a
    task, once this transaction (if any) commits."""
    certificate_issue_task.delay_on_commit(enrollment.pk)
