"""Wagtail 8.0 admin strings that its Indonesian catalogue does not translate yet.

Listed here only so that ``makemessages`` keeps them in ``locale/id`` (and ``locale/en``), where
they get their translations; our catalogue takes precedence over Wagtail's. Never imported.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

WAGTAIL_STRINGS = (
    _("Search…"),
    _("Reports"),
    _("Help"),
    ngettext_lazy("There is %(counter)s match", "There are %(counter)s matches", "counter"),
)
