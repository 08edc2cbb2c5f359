import functools

from django import template

from lms.core.models import HomePage

register = template.Library()


@register.simple_tag
def catalogue_url() -> str:
    """URL of the course catalogue chosen on the home page, or "" when none is set. Shown in
    the navigation of every page, so it is cached until the next publish
    (lms/core/contentcache.py)."""
    from lms.core.contentcache import cached

    def fill() -> str:
        home = HomePage.objects.live().select_related("catalogue_page").first()
        page = home.catalogue_page if home else None
        return page.url if page and page.live else ""

    return cached("catalogue-url", fill=fill)


@register.simple_tag(takes_context=True)
def opens_admin(context) -> bool:
    """Whether the header offers the "Admin" link and the Wagtail user bar: a display hint,
    cached per user until a role changes (the ``permissions`` generation of
    lms/core/contentcache.py), so a learner's page loads no permissions at all. The admin
    itself checks every permission against the database."""
    from lms.core.contentcache import PERMISSIONS, cached

    user = context.get("user")
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return cached(
        "opens-admin",
        user.pk,
        fill=lambda: user.has_perm("wagtailadmin.access_admin"),
        generation=PERMISSIONS,
    )


@register.simple_tag(takes_context=True)
def published_block(context, block, page):
    """``{% include_block block %}`` for a block of ``page``'s body. The blocks every lesson can
    use (``lms.core.blocks.lesson_content_blocks``: text, image, video, handout, callout) look
    the same to everyone, so their HTML is cached per page, live revision, block and language
    until the next publish (lms/core/contentcache.py); quiz and H5P blocks, which show the
    learner's own state, are rendered every time, as is everything in a preview."""
    from django.utils.translation import get_language

    from lms.core.contentcache import cached

    def render():
        return block.render_as_block(context=context.flatten())

    request = context.get("request")
    if (
        block.block_type not in _static_block_types()
        or getattr(request, "is_preview", False)
        or not page.live_revision_id
    ):
        return render()
    return cached("block", page.pk, page.live_revision_id, block.id, get_language(), fill=render)


@functools.cache
def _static_block_types() -> frozenset[str]:
    from lms.core.blocks import lesson_content_blocks

    return frozenset(name for name, _block in lesson_content_blocks())
