"""Question HTML: the one sanitising policy, the form imported texts are stored in, and the
notes that tell the author what was removed.

:func:`clean_html` is the policy every path uses, on save and again on display
(``assessments.questions`` re-exports it; docs/user-guide.md, "Gambar, tabel dan kode"): simple
formatting, lists, tables (``colspan``/``rowspan`` as small numbers, ``scope``), preformatted
code and images whose ``src`` is one of the site's own image renditions
(``MEDIA_URL + "images/"``, see :mod:`.media`) with ``alt``/``width``/``height``, always
``loading="lazy"``, and audio players (``<audio controls preload="none">``) whose ``src`` is one
of the site's own MP3/OGG/WAV documents (``/dokumen/<id>/<name>``). Everything else goes:
scripts, styles (so nothing can be hidden), event handlers, links and ``javascript:`` URLs,
iframes, forms, SVG, external or ``data:`` images and audio.

Every imported text goes through :func:`clean` (:func:`clean_html`, white space collapsed
except inside ``<pre>``); :func:`text_key` is the normalised form that recognises the same
question (tags removed, Unicode NFKC, case ignored) and :func:`is_blank` says a text has
neither words nor an image. :func:`inspect_html` finds what sanitising will drop so the
planner can say so in a :class:`Notes` entry.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import nh3
from django.conf import settings
from django.utils.translation import gettext as _

from ..grading import normalise_text

logger = logging.getLogger("lms.imports")

MAX_NOTES = 20


ALLOWED_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "sub", "sup", "br", "p", "ul", "ol", "li", "code", "pre",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "img", "audio",
    }
)  # fmt: skip
ATTRIBUTES = {
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "img": {"src", "alt", "width", "height"},
    "audio": {"src"},
}
AUDIO_EXTENSIONS = ("mp3", "ogg", "wav")
MAX_SPAN = 50
MAX_IMAGE_SIDE = 4000
SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})


def media_prefix() -> str:
    """Where the site's own image renditions live (the only allowed ``<img src>``)."""
    return f"{settings.MEDIA_URL.rstrip('/')}/images/"


def is_media_src(value: str) -> bool:
    """``value`` is a plain path under :func:`media_prefix` (no ``..``, query or escapes)."""
    prefix = media_prefix()
    rest = value[len(prefix) :]
    return (
        value.startswith(prefix)
        and not prefix.startswith("//")
        and bool(rest)
        and ".." not in rest
        and all(ch.isalnum() or ch in "-_./" for ch in rest)
    )


def documents_prefix() -> str:
    """Where Wagtail serves its documents (``/dokumen/``): the only allowed ``<audio src>``."""
    from django.urls import reverse

    return reverse("wagtaildocs_serve", args=[1, "a.mp3"])[: -len("1/a.mp3")]


_DOCUMENT_RE = re.compile(
    r"(\d{1,12})/[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.(?:" + "|".join(AUDIO_EXTENSIONS) + ")"
)


def is_audio_src(value: str) -> bool:
    """``value`` is an audio document of the site: ``/dokumen/<id>/<name>.mp3|ogg|wav``."""
    prefix = documents_prefix()
    return value.startswith(prefix) and _DOCUMENT_RE.fullmatch(value[len(prefix) :]) is not None


def _attribute(tag: str, name: str, value: str) -> str | None:
    value = value.strip()
    if tag == "audio":
        return value if name == "src" and is_audio_src(value) else None
    if name in ("colspan", "rowspan"):
        return value if value.isdigit() and 1 <= int(value) <= MAX_SPAN else None
    if name in ("width", "height"):
        return value if value.isdigit() and 1 <= int(value) <= MAX_IMAGE_SIDE else None
    if name == "scope":
        return value if value in SCOPES else None
    if name == "src":
        return value if is_media_src(value) else None
    return value


def html_policy() -> dict:
    """The :func:`nh3.clean` options besides the tags (read at call time: ``MEDIA_URL``)."""
    return {
        "attributes": ATTRIBUTES,
        "attribute_filter": _attribute,
        "set_tag_attribute_values": {
            "img": {"loading": "lazy"},
            "audio": {"controls": "", "preload": "none"},
        },
        "url_schemes": set(),
    }


def clean_html(text: str) -> str:
    """Question text may carry formatting, tables, code and own images; see the module doc."""
    cleaned = nh3.clean(text, tags=set(ALLOWED_TAGS), **html_policy()).strip()
    if "<img" in cleaned:
        cleaned = _SRCLESS_IMG_RE.sub("", cleaned)
    if "<audio" in cleaned:  # only the site's own audio, played on request, nothing inside
        cleaned = _AUDIO_RE.sub(_audio, cleaned)
    return cleaned


_SRCLESS_IMG_RE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_AUDIO_RE = re.compile(r"<audio\b([^>]*)>(.*?)</audio>", re.IGNORECASE | re.DOTALL)
_AUDIO_SRC_RE = re.compile(r'\ssrc="([^"]*)"')


def _audio(match: re.Match) -> str:
    src = _AUDIO_SRC_RE.search(match[1])
    if src is None:
        return match[2]  # no playable source: its fallback text, if any
    return f'<audio src="{src[1]}" controls preload="none"></audio>'


_SPACES_RE = re.compile(r"\s+")
_PRE_RE = re.compile(r"(<pre\b[^>]*>.*?</pre\s*>)", re.IGNORECASE | re.DOTALL)


def collapse(text: str) -> str:
    """White space (new lines included) collapsed to single spaces, ends stripped."""
    return " ".join(str(text).split())


def collapse_html(text: str) -> str:
    """:func:`collapse`, except inside ``<pre>`` blocks (code keeps its indentation)."""
    parts = _PRE_RE.split(str(text))
    if len(parts) == 1:
        return collapse(text)
    out = [part if index % 2 else _SPACES_RE.sub(" ", part) for index, part in enumerate(parts)]
    return "".join(out).strip()


def clean(text: Any) -> str:
    """Sanitised HTML with collapsed white space: the form every imported text is stored in."""
    return collapse_html(clean_html(collapse_html(str(text or ""))))


def is_blank(cleaned_text: str) -> bool:
    """No words and no image: an image-only question text is not blank."""
    return not text_key(cleaned_text) and not ("<img " in cleaned_text or "<audio " in cleaned_text)


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
            src = dict(attrs).get("src") or ""
            if not is_media_src(src.strip()) and not src.startswith("@@PLUGINFILE@@/"):
                self.images.append(src)
        elif tag in DANGEROUS_TAGS:
            self.dropped.add(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.dropped.add(f"{name}=")
            elif value and value.strip().lower().startswith(("javascript:", "vbscript:")):
                self.dropped.add(f"{name}=javascript:")

    handle_startendtag = handle_starttag


def inspect_html(text: str) -> tuple[set[str], list[str]]:
    """(dangerous markup, sources of the images sanitising drops) found in ``text``."""
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
        self.totals: list[Callable[[], str | None]] = []  # run-wide lines, asked for at the end

    def add(self, message: str) -> None:
        if len(self.items) < MAX_NOTES:
            self.items.append(str(message))
        else:
            self.hidden += 1

    def result(self) -> list[str]:
        totals = [line for total in self.totals if (line := total())]
        if not self.hidden:
            return [*self.items, *totals]
        return [
            *self.items,
            _("... dan %(count)s catatan lain yang serupa.") % {"count": self.hidden},
            *totals,
        ]
