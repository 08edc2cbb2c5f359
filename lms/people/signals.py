"""Domain events of the people app (docs/architecture.md, ``lms.core.events``).

Sent only by this app's services, with ``send_after_commit``; receivers live in higher apps.
"""

from django.dispatch import Signal

# A position was created or changed: by the admin, an import or the demo (``position_save``).
# Sent once per saved position, after commit, with ``sender=Position`` and ``position=`` the
# saved instance. ``lms.competencies`` applies the IT-role requirement floor on it.
position_saved = Signal()

# A question, not an event (``lms.core.events.answers``): what does the platform hold about this
# person? Sent by ``lms.people.selectors_privacy.personal_data_sections`` with
# ``sender=Employee``, ``user=`` the account and ``employee=`` their record (or None). Each
# higher app answers with a list of ``lms.people.selectors_privacy.PersonalDataSection`` read
# through its own selectors, in a fixed number of queries, holding nothing of anyone else.
personal_data_requested = Signal()
