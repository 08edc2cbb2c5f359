"""Template filters of the learner's certificate list (``certificates/_list.html``)."""

from django import template

register = template.Library()


@register.filter
def renewal_due(certificate, today) -> bool:
    """``{% if c|renewal_due:today %}``: valid and expiring within 30 days of ``today``
    (``Certificate.renewal_due``)."""
    return bool(today) and certificate.renewal_due(today)
