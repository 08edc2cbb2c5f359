"""Celery tasks of the people app: thin wrappers around one service each."""

from celery import shared_task

from .services import activation_emails_send, employee_identity_change_notify


@shared_task(
    name="people.identity_change_notify",
    time_limit=60,
    soft_time_limit=50,
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def identity_change_notify_task(log_entry_id: int) -> bool:
    """Tells the old address that an account's e-mail changed (``log_entry_id``: the identity
    change log entry). Sends one e-mail; a retry after a failed send may repeat it, which is
    better than the owner never hearing of the change."""
    return employee_identity_change_notify(log_entry_id=log_entry_id)


@shared_task(
    name="people.activation_email",
    acks_late=True,
    time_limit=300,
    soft_time_limit=270,
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=30,
    max_retries=5,
)
def activation_email_task(user_ids: list[int]) -> int:
    """Sends the activation e-mails of up to ``EMAIL_BATCH`` accounts (one SMTP connection).
    A retry after a failed connection may send some twice; every copy holds the same link."""
    return activation_emails_send(user_ids=user_ids)
