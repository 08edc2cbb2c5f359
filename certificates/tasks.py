"""Celery tasks of the certificates app: thin wrappers around one service each."""

from celery import shared_task

from courses.models import Enrollment

from .services import certificate_issue, certificates_issue, certificates_issue_pending


@shared_task(
    name="certificates.issue",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=120,
    soft_time_limit=100,
    autoretry_for=(ConnectionError,),
    max_retries=3,
)
def certificate_issue_task(enrollment_id: int) -> int | None:
    """Issues the certificate of a completed enrollment (idempotent: a redelivered or repeated
    task finds the certificate and its file and changes nothing). Returns its id, or ``None``
    when the enrollment no longer exists or is not completed."""
    enrollment = Enrollment.objects.filter(pk=enrollment_id, status="completed").first()
    if enrollment is None:
        return None
    return certificate_issue(enrollment=enrollment).pk


@shared_task(
    name="certificates.issue_batch",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=900,
    soft_time_limit=840,
    autoretry_for=(ConnectionError,),
    max_retries=3,
)
def certificate_issue_batch_task(enrollment_ids: list[int]) -> int:
    """Issues the certificates of up to ``BATCH_MAX`` completed enrollments in one go
    (``certificates_issue``: idempotent like the single task; docs/quality.md P13). Returns how
    many were issued now."""
    return certificates_issue(enrollment_ids=enrollment_ids)


@shared_task(name="certificates.issue_pending", acks_late=True)
def certificates_issue_pending_task() -> int:
    """The hourly sweep (beat): completed enrollments still without a certificate, e.g. after
    a lost message, are queued in batches."""
    return certificates_issue_pending()


@shared_task(name="certificates.renewal_remind", acks_late=True)
def certificates_renewal_remind_task() -> int:
    """Daily (beat): holders of certificates expiring within 30 days are reminded once
    (``certificates_renewal_remind``). Returns how many were reminded."""
    from .services import certificates_renewal_remind

    return certificates_renewal_remind()
