"""Reads of prepared downloads: a download is visible to its owner only (not even a superuser
opens someone else's: it holds what the owner's scope allowed, docs/security.md)."""

from django.http import Http404
from django.utils import timezone

from lms.core.models import DownloadStatus, PreparedDownload


def download_of(user, pk) -> PreparedDownload:
    """``user``'s own download ``pk``; ``Http404`` for anyone else's or an unknown id."""
    if not user.is_authenticated:
        raise Http404
    download = PreparedDownload.objects.filter(pk=pk, owner=user).first()
    if download is None:
        raise Http404
    return download


def download_is_expired(download: PreparedDownload) -> bool:
    """Expired once marked so by the purge, or past ``expires_at`` before the purge ran."""
    return download.status == DownloadStatus.EXPIRED or download.expires_at <= timezone.now()
