"""Reads of the H5P part: who may use an activity where, and what the lesson block shows.

No activity is open on its own: only a page that vouches for it (``h5p_access_requested``,
answered by courses for a live lesson of a course the learner is enrolled in) makes it usable,
the same rule as quizzes (docs/security.md).
"""

from django.urls import reverse

from lms.core.events import answers
from lms.users.models import User

from .models import H5PLibrary, H5PPackage, H5PPackageStatus, H5PResult, H5PUserState
from .signals import h5p_access_requested
from .storage import content_origin, player_url


def playable_packages():
    """Packages the player may serve: installed, main library enabled."""
    return H5PPackage.objects.filter(
        status=H5PPackageStatus.READY, main_library__enabled=True
    ).select_related("main_library")


def playable_package(token: str) -> H5PPackage | None:
    """The package with ``token`` if the player may serve it (the player's files views)."""
    return playable_packages().filter(token=token).first() if token else None


def servable_library(folder: str) -> bool:
    """An installed, enabled library has this folder."""
    return H5PLibrary.objects.filter(folder=folder, enabled=True).exists()


def h5p_access_allowed(user: User, package: H5PPackage, page_id: int) -> bool:
    """May ``user`` use ``package`` on page ``page_id``? Every receiver must agree and at
    least one must answer. Callers answer 404 when not."""
    if not (user.is_authenticated and user.is_active):
        return False
    replies = answers(
        h5p_access_requested, sender=H5PPackage, user=user, package=package, page_id=page_id
    )
    return bool(replies) and all(replies)


def expected_origin() -> str:
    """What ``event.origin`` of the player's messages is: the frame is sandboxed without
    ``allow-same-origin``, so its origin is opaque and serialises as "null" whatever host
    serves it."""
    return "null"


def h5p_player_context(*, user: User, package: H5PPackage, page_id: int) -> dict:
    """What the lesson block needs for ``user``: the saved state to resume (JSON text or
    None), the result so far, and the player's and endpoints' addresses. Two queries."""
    state = None
    result = None
    if user.is_authenticated:
        state = (
            H5PUserState.objects.filter(
                user=user, package=package, page_id=page_id, data_type="state"
            )
            .values_list("data", flat=True)
            .first()
        )
        result = H5PResult.objects.filter(user=user, package=package, page_id=page_id).first()
    return {
        "state": state,
        "result": result,
        "player_url": player_url(package.token),
        "player_origin": content_origin(),
        "xapi_url": reverse("assessments:h5p_xapi", args=[package.pk, page_id]),
        "state_url": reverse("assessments:h5p_state", args=[package.pk, page_id]),
        "expected_origin": expected_origin(),
    }


def results_of(package: H5PPackage):
    """The learners' results on ``package`` (newest first), for the admin. One query."""
    return H5PResult.objects.filter(package=package).select_related("user").order_by("-updated_at")
