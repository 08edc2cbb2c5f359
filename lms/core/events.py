"""Domain events: how a lower app tells a higher one that something happened (docs/architecture.md).

The import chain runs one way (``lms.core ← lms.users ← lms.people ← lms.competencies ←
assessments ← courses ← certificates ← lms.reports``), so a lower app never calls up. When its
service has changed something a higher app cares about, it sends one domain event:

* the event is a ``django.dispatch.Signal`` declared in the sending app's ``signals.py``
  (``position_saved``, ``attempt_finished``, ``course_completed``, later ``certificate_issued``);
* only the service that made the change sends it, with :func:`send_after_commit`, so receivers
  see committed data and a rolled-back change sends nothing (Wagtail's ``actions`` send
  ``page_published`` the same way: from the action, never from a view or a form);
* receivers live in the higher app's ``receivers.py``, are connected in its ``AppConfig.ready()``
  with a ``dispatch_uid``, and only call a service or ``task.delay_on_commit(pk)``.

A lower app that needs an answer from a higher one (may this learner open this quiz here?) asks
through the same kind of signal with :func:`answers`: each receiver returns its answer. That is
the only extension mechanism between apps; there are no hand-made registries.

Tests: inside a test's transaction ``on_commit`` callbacks only run under
``django_capture_on_commit_callbacks(execute=True)`` (pytest-django).
"""

from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import Signal


def send_after_commit(signal: Signal, *, sender: type, using: str | None = None, **payload) -> None:
    """Sends ``signal`` once the current transaction commits (at once in autocommit).

    A receiver's exception is not swallowed: it propagates from the commit, after the sender's
    change is safely stored, so a broken receiver is seen rather than silently lost.
    """
    transaction.on_commit(partial(signal.send, sender=sender, **payload), using=using)


def answers(signal: Signal, *, sender: type, **payload) -> list[Any]:
    """The answers of every receiver of ``signal`` (synchronous; for questions, not events)."""
    return [response for _receiver, response in signal.send(sender=sender, **payload)]
