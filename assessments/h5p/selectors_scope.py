"""Read-side of the H5P admin: which packages a user may see, edit and place in a lesson, what
the inspect page shows, and the library list (docs/security.md).

The rule mirrors quizzes (``assessments.selectors.authoring``): superusers and BKPSDM see every
package (and change what their model permissions allow); a Pengajar sees and changes only
* the packages they uploaded, and
* the packages placed in the lessons of the courses they may edit (answered by the courses app
  to ``signals.h5p_scope_requested``: this app knows nothing about courses).
Model permissions still apply on top (view for "visible", change for "editable"). Views answer
404 for anything outside the scope, and listings and the chooser leave it out. The chooser of
the lesson block offers only packages that are ready and use no disabled library.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from lms.core.events import answers
from lms.users.models import User

from ..selectors.authoring import authoring_sees_all
from .models import H5PLibrary, H5PPackage, H5PPackageStatus, H5PResult
from .selectors import results_of
from .signals import h5p_scope_requested

#: At most this many results on a package's inspect page (the newest first).
INSPECT_RESULTS_LIMIT = 500


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _can_read(user: User) -> bool:
    return user.has_perm("assessments.view_h5ppackage") or user.has_perm(
        "assessments.change_h5ppackage"
    )


def _package_scope(user: User) -> Q:
    placed: set[int] = set()
    for package_ids in answers(h5p_scope_requested, sender=H5PPackage, user=user):
        placed.update(int(pk) for pk in package_ids)
    return Q(uploaded_by=user) | Q(pk__in=sorted(placed))


def h5p_packages_visible_to(user: User) -> QuerySet[H5PPackage]:
    """The packages ``user`` may list and open in the admin."""
    if not (_active(user) and _can_read(user)):
        return H5PPackage.objects.none()
    if authoring_sees_all(user):
        return H5PPackage.objects.all()
    return H5PPackage.objects.filter(_package_scope(user))


def h5p_packages_editable_by(user: User) -> QuerySet[H5PPackage]:
    """The packages ``user`` may change (the title) and place in a lesson."""
    if not (_active(user) and user.has_perm("assessments.change_h5ppackage")):
        return H5PPackage.objects.none()
    if authoring_sees_all(user):
        return H5PPackage.objects.all()
    return H5PPackage.objects.filter(_package_scope(user))


def h5p_packages_placeable_by(user: User) -> QuerySet[H5PPackage]:
    """The packages ``user`` may place in a lesson's H5P block (the block's chooser, and the
    lesson form's check): ready, using no disabled library, and editable by them (every
    package for BKPSDM and superusers, who author course pages but not activities)."""
    packages = (
        h5p_packages_visible_to(user)
        if authoring_sees_all(user)
        else h5p_packages_editable_by(user)
    )
    return packages.filter(status=H5PPackageStatus.READY).exclude(
        Q(main_library__enabled=False) | Q(libraries__enabled=False)
    )


def h5p_package_placeable_by(user: User, package_id: int) -> bool:
    return h5p_packages_placeable_by(user).filter(pk=package_id).exists()


@dataclass(frozen=True)
class PackageResults:
    """What the inspect page shows of a package's results: the newest ``rows`` (at most
    :data:`INSPECT_RESULTS_LIMIT`, with their learner) and how many there are in all."""

    rows: list[H5PResult]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def h5p_package_libraries(package: H5PPackage) -> list[H5PLibrary]:
    """The libraries the package uses, by machine name and version. One query."""
    return list(package.libraries.order_by("machine_name", "major_version", "minor_version"))


def h5p_package_results(package: H5PPackage) -> PackageResults:
    """The package's results with their learners, newest first (``selectors.results_of``),
    at most :data:`INSPECT_RESULTS_LIMIT`. One query, two when there are more. Client-reported
    (``H5PResult.client_reported``): never trusted evidence."""
    rows = list(results_of(package).order_by("-updated_at", "-pk")[:INSPECT_RESULTS_LIMIT])
    total = len(rows)
    if total == INSPECT_RESULTS_LIMIT:
        total = H5PResult.objects.filter(package=package).count()
    return PackageResults(rows=rows, total=total)


def h5p_libraries_listed() -> QuerySet[H5PLibrary]:
    """Every installed library with ``package_count`` (the packages using it) and who installed
    it, for the admin list (one query)."""
    return H5PLibrary.objects.select_related("installed_by").annotate(
        package_count=Count("packages", distinct=True)
    )
