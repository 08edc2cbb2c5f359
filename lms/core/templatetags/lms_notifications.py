"""``{% notifications_panel %}``: the user's unread notifications on the dashboard (one query;
``lms.core.notifications.selectors.notifications_unread``)."""

from django import template

from lms.core.notifications.selectors import notifications_unread

register = template.Library()


@register.inclusion_tag("notifications/panel.html", takes_context=True)
def notifications_panel(context):
    request = context["request"]
    return {
        "unread": notifications_unread(user=request.user),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
