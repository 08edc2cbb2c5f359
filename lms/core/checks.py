"""System checks of the project's private folders (``manage.py check``; docs/security.md).

Staged imports, prepared downloads, issued certificates and H5P packages are personal data or
untrusted code: the web server serves ``MEDIA_ROOT`` and ``STATIC_ROOT`` to anyone, so none of
these folders may lie inside either."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register

PRIVATE_ROOTS = (
    "LMS_IMPORT_STAGING_DIR",
    "LMS_DOWNLOAD_ROOT",
    "LMS_CERTIFICATE_ROOT",
    "LMS_H5P_ROOT",
)
PUBLIC_ROOTS = ("MEDIA_ROOT", "STATIC_ROOT")


def _resolved(value) -> Path | None:
    if not value:
        return None
    return Path(value).expanduser().resolve()


@register(Tags.security)
def check_private_roots(app_configs=None, **kwargs) -> list[Warning]:
    problems = []
    for public_name in PUBLIC_ROOTS:
        public = _resolved(getattr(settings, public_name, None))
        if public is None:
            continue
        for private_name in PRIVATE_ROOTS:
            private = _resolved(getattr(settings, private_name, None))
            if private is not None and private.is_relative_to(public):
                problems.append(
                    Warning(
                        f"{private_name} ({private}) is inside {public_name} ({public}), which "
                        "the web server serves publicly.",
                        hint=f"Move {private_name} to a private folder outside {public_name} "
                        "(e.g. /srv/lms/private/…); docs/security.md.",
                        id="core.W001",
                    )
                )
    return problems
