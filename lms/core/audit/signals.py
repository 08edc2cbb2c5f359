"""Questions the audit log asks the apps above it (``lms.core.events.answers``)."""

from django.dispatch import Signal

#: ``user``: answer the one OPD this user acts for (an Admin OPD bound to exactly one OPD), or
#: None. ``lms.people`` answers; an entry of an import by an Admin OPD names that OPD.
actor_opd_requested = Signal()
