"""Account tasks."""

from celery import shared_task

EMAIL_TEMPLATE = "users/password_reset_email.txt"
SUBJECT_TEMPLATE = "users/password_reset_subject.txt"


@shared_task(
    name="lms.users.password_reset_send",
    acks_late=True,
    time_limit=60,
    soft_time_limit=45,
)
def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """ "Lupa kata sandi?" off the request: looks up the active accounts with a password at
    ``email`` and queues each its one-time link (Django's ``PasswordResetForm``). The request
    does the same work for every address, so its answer and its time say nothing about which
    addresses are known (docs/security.md). Sending twice sends two links, the older still
    valid until a password is set (Django's token)."""
    from .forms import PasswordResetForm

    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            email_template_name=EMAIL_TEMPLATE,
            subject_template_name=SUBJECT_TEMPLATE,
        )
