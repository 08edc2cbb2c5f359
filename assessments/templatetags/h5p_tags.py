"""``{% h5p_player value page as player %}``: what the H5P lesson block shows the current
learner (assessments.h5p.selectors.h5p_player_context), or None when the block's activity
cannot be played (not installed, rejected, its content type disabled) or the page has no id
yet (a preview of an unsaved page): the block then shows nothing."""

import secrets

from django import template

from assessments.h5p.selectors import h5p_player_context, playable_packages

register = template.Library()


@register.simple_tag(takes_context=True)
def h5p_player(context, value, page):
    package = value.get("package") if value else None
    page_id = getattr(page, "pk", None)
    if package is None or page_id is None or not package.is_ready:
        return None
    if not playable_packages().filter(pk=package.pk).exists():
        return None
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return None
    player = h5p_player_context(user=user, package=package, page_id=page_id)
    # A page may hold several activities (or one twice): each block gets its own element ids.
    return {**player, "package": package, "dom_id": f"h5p-{package.pk}-{secrets.token_hex(4)}"}
