"""Reactions of the certificates app to events of lower apps (connected in
CertificatesConfig.ready; docs/architecture.md)."""

from courses.models import Enrollment

from .selectors import certificates_of, personal_data_sections
from .tasks import certificate_issue_task


def issue_on_completion(sender, enrollment: Enrollment, **kwargs) -> None:
    """``course_completed`` (sent after the completion committed): issue the certificate in a
    task, once this transaction (if any) commits."""
    certificate_issue_task.delay_on_commit(enrollment.pk)


def dashboard_panel(sender, user, **kwargs) -> dict | None:
    """``dashboard_panels_requested``: the learner's latest certificates on the dashboard."""
    if not user.is_authenticated:
        return None
    return {
        "template": "certificates/dashboard_panel.html",
        "certificates": list(certificates_of(user)[:5]),
    }


def completion_panel(sender, enrollment: Enrollment, **kwargs) -> dict:
    """``completion_panels_requested``: the certificate of the completed enrollment, or word
    that it is being issued (the task runs on ``course_completed``)."""
    return {
        "template": "certificates/completion_panel.html",
        "certificate": certificates_of(enrollment.user).filter(enrollment=enrollment).first(),
    }


def personal_data(sender, user, employee, **kwargs) -> list:
    """``lms.people.signals.personal_data_requested``: the holder's certificates."""
    return personal_data_sections(user)
