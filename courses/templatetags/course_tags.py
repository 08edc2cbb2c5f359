"""Template tags of the course pages."""

import re

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from lms.core.contentcache import cached

register = template.Library()

_DONE_MARK = re.compile(r"<!--done:(\d+)-->")


@register.simple_tag(takes_context=True)
def lesson_outline(context, outline, lesson, done_ids):
    """The lesson page's list of lessons. It is the same for every learner of the course but
    for the ✓ of the lessons they finished, so it is rendered once per lesson and language
    until the next publish (lms/core/contentcache.py) and the learner's marks are filled in."""
    html = cached(
        "lesson-outline",
        lesson.course_path,
        lesson.pk,
        get_language(),
        fill=lambda: render_to_string(
            "courses/includes/lesson_outline.html",
            {"outline": outline, "page": lesson, "request": context.get("request")},
        ),
    )
    return mark_safe(  # noqa: S308 - our own escaped template output, marks replaced by text
        _DONE_MARK.sub(lambda mark: " ✓" if int(mark.group(1)) in done_ids else "", html)
    )
