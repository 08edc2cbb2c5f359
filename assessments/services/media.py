"""Storing question media: images embedded in imported questions go to Wagtail's image library,
short audio to its document library (docs/user-guide.md, "Gambar, tabel dan kode"). The checks
(type by content, size, pixels) are the importer's (``assessments.importers.media``); this only
writes."""

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection


@transaction.atomic
def question_collection_ensure(*, name: str) -> Collection:
    """The collection ``name`` under the root (created once)."""
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=name).first()
    return found if found is not None else root.add_child(name=name)


@transaction.atomic
def question_image_store(
    *, filename: str, content: bytes, title: str, collection: str, filter_spec: str, user=None
):
    """Stores the image (once per content: an image with the same SHA-1 in the collection is
    reused) and returns its rendition ``filter_spec`` (made if missing), whose ``url`` the
    question text shows."""
    image_model = get_image_model()
    target = question_collection_ensure(name=collection)
    image = image_model(
        title=title[:255],
        file=ContentFile(content, name=filename),
        collection=target,
        uploaded_by_user=user,
    )
    image._set_image_file_metadata()
    return _stored_once(image).get_rendition(filter_spec)


@transaction.atomic
def question_document_store(
    *, filename: str, content: bytes, title: str, collection: str, user=None
):
    """Stores the audio file as a Wagtail document (once per content: a document with the same
    SHA-1 in the collection is reused) and returns it; its ``url`` is the player's source."""
    document_model = get_document_model()
    target = question_collection_ensure(name=collection)
    document = document_model(
        title=title[:255],
        file=ContentFile(content, name=filename),
        collection=target,
        uploaded_by_user=user,
    )
    document._set_document_file_metadata()
    return _stored_once(document)


def _stored_once(item):
    """``item`` (an unsaved Wagtail image or document, its file hash computed) saved, or the
    one with the same SHA-1 already in its collection, which is reused."""
    existing = (
        type(item)
        .objects.filter(collection=item.collection, file_hash=item.file_hash)
        .order_by("pk")
        .first()
    )
    if existing is None:
        item.full_clean()
        item.save()
        existing = item
    return existing
