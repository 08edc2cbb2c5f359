"""Answers of the people app to questions from ``lms.core`` (``lms.core.events.answers``)."""

from .selectors import opd_bound_to


def actor_opd(sender, *, user, **kwargs):
    """``lms.core.audit.signals.actor_opd_requested``: the one OPD an Admin OPD acts for."""
    return opd_bound_to(user)
