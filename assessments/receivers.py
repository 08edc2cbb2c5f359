"""Answers of the assessments app to questions of lower apps (connected in
AssessmentsConfig.ready; docs/architecture.md)."""

from .selectors.personal_data import personal_data_sections


def personal_data(sender, user, employee, **kwargs) -> list:
    """``lms.people.signals.personal_data_requested``: the learner's quiz attempts with their
    own answers, and their H5P results, statements and saved player states."""
    return personal_data_sections(user)
