"""Domain events of the people app (docs/architecture.md, ``lms.core.events``).

Sent only by this app's services, with ``send_after_commit``; receivers live in higher apps.
"""

from django.dispatch import Signal

# A position was created or changed: by the admin, an import or the demo (``position_save``).
# Sent once per saved position, after commit, with ``sender=Position`` and ``position=`` the
# saved instance. ``lms.competencies`` applies the IT-role requirement floor on it.
position_saved = Signal()
