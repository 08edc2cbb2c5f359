"""Authoring writes for course content: course-tree pages and the documents lessons link to.

Used by the starter content (``courses.demo``); editors write the same pages through Wagtail's
own admin actions. Pages are published with Wagtail's revision workflow, so a published page
has a revision and Wagtail's ``page_published`` signal is sent, as from the admin.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page

from lms.core.models import HomePage

from ..models import CourseIndexPage


@transaction.atomic
def course_page_publish(*, page: Page, parent: Page | None = None) -> Page:
    """Publishes ``page`` (catalogue, course, module or lesson) as it is in memory: a new page
    (no primary key yet) is first added under ``parent``, which Wagtail's tree rules
    (``parent_page_types``) allow. Atomic; a revision is written on every call."""
    if page.pk is None:
        if parent is None:
            raise ValueError("A new page needs a parent page.")
        parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def catalogue_link_set(*, home: HomePage, catalogue: CourseIndexPage) -> HomePage:
    """Points the home page's catalogue link at ``catalogue`` and publishes the home page;
    nothing is written when it already does (idempotent)."""
    if home.catalogue_page_id != catalogue.pk:
        home.catalogue_page = catalogue
        home.save_revision().publish()
    return home


@transaction.atomic
def document_file_store(
    *, document: AbstractDocument, filename: str, content: bytes
) -> AbstractDocument:
    """Stores ``content`` as the file of ``document`` (new or existing) under ``filename``:
    the previous file, if any, is removed from storage, and the hash and size Wagtail keeps
    are recomputed. Validated (``full_clean``) before it is saved."""
    if document.file:
        document.file.delete(save=False)
    document.file.save(filename, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.full_clean()
    document.save()
    return document
