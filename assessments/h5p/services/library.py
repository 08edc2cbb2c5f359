"""Write-side of the H5P admin: enabling and disabling a library, renaming a package
(docs/architecture.md, "The write path").

A disabled library (``H5PLibrary.enabled`` false) is refused to new packages by the install
task and its content is not played (the player checks ``enabled``); the files stay, so enabling
it again restores every package that uses it.
"""

from django.db import transaction
from wagtail.log_actions import log

from lms.users.models import User

from ..models import H5PLibrary, H5PPackage

LIBRARY_ENABLED = "lms.h5p_library_enabled"
LIBRARY_DISABLED = "lms.h5p_library_disabled"


@transaction.atomic
def h5p_library_set_enabled(*, library: H5PLibrary, enabled: bool, user: User | None) -> H5PLibrary:
    """Enables or disables ``library`` (row locked), logged in the admin history with the user.
    Setting the state it already has changes and logs nothing."""
    library = H5PLibrary.objects.select_for_update().get(pk=library.pk)
    if library.enabled == enabled:
        return library
    library.enabled = enabled
    library.full_clean()
    library.save(update_fields=["enabled", "updated_at"])
    log(
        instance=library,
        action=LIBRARY_ENABLED if enabled else LIBRARY_DISABLED,
        user=user,
        data={"machine_name": library.machine_name, "version": library.version},
    )
    return library


@transaction.atomic
def h5p_package_title_set(*, package: H5PPackage, title: str) -> H5PPackage:
    """Renames ``package`` (the only field the admin edits; the admin's edit action logs it as
    ``wagtail.edit``). Nothing else of the package changes."""
    package.title = title
    package.full_clean()
    package.save(update_fields=["title"])
    return package
