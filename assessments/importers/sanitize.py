"""Text as imported questions store it: sanitised HTML, collapsed white space, and the notes
that tell the author what was removed.

Every imported text goes through :func:`clean` (:func:`assessments.questions.clean_html`, then
white space collapsed); :func:`text_key` is the normalised form that recognises the same
question (tags removed, Unicode NFKC, case ignored). :func:`inspect_html` finds what sanitising
will drop (scripts, event handlers, ``javascript:`` links, images) so the planner can say so in
a :class:`Notes` entry.
"""

from __future__ import annotations

import html
import logging
import re
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import gettext as _

from ..grading import normalise_text
from ..questions import clean_html

logger = logging.getLogger("lms.imports")

MAX_NOTES = 20


def collapse(text: str) -> str:
    """White space (new lines included) collapsed to single spaces, ends stripped."""
    return " ".join(str(text).split())


def clean(text: Any) -> str:
    """Sanitised HTML with collapsed white space: the form every imported text is stored in."""
    return collapse(clean_html(collapse(str(text or ""))))


def sentence(text: str) -> str:
    """``text`` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


_TAG_RE = re.compile(r"<[^>]*>")


def text_key(cleaned_text: str) -> str:
    """Normalised text used to recognise the same question (tags and case ignored)."""
    return normalise_text(html.unescape(_TAG_RE.sub(" ", cleaned_text)))


DANGEROUS_TAGS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
        "input", "button", "textarea", "select", "svg", "math", "link", "meta", "base",
    }
)  # fmt: skip


class _Inspector(HTMLParser):
    """Finds what :func:`clean_html` will remove that the author should hear about."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dropped: set[str] = set()
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        elif tag in DANGEROUS_TAGS:
            self.dropped.add(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.dropped.add(f"{name}=")
            elif value and value.strip().lower().startswith(("javascript:", "vbscript:")):
                self.dropped.add(f"{name}=javascript:")

    handle_startendtag = handle_starttag


def inspect_html(text: str) -> tuple[set[str], list[str]]:
    """(dangerous markup, image sources) found in ``text``."""
    if "<" not in text:
        return set(), []
    inspector = _Inspector()
    try:
        inspector.feed(text)
        inspector.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; never fail an import on a note
        logger.debug("html inspection failed", exc_info=True)
    return inspector.dropped, inspector.images


class Notes:
    """Informational messages, at most :data:`MAX_NOTES` in detail, then one summary line."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.hidden = 0

    def add(self, message: str) -> None:
        if len(self.items) < MAX_NOTES:
            self.items.append(str(message))
        else:
            self.hidden += 1

    def result(self) -> list[str]:
        if not self.hidden:
            return list(self.items)
        return [
            *self.items,
            _("... dan %(count)s catatan lain yang serupa.") % {"count": self.hidden},
        ]
