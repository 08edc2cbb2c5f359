"""Images embedded in imported questions (Moodle's ``@@PLUGINFILE@@`` files).

A Moodle XML question carries its images as ``<file name="diagram.png" path="/"
encoding="base64">`` elements inside ``<questiontext>``, ``<generalfeedback>`` or an
``<answer>``, and the HTML refers to them as ``<img src="@@PLUGINFILE@@/diagram.png">``.
:func:`embedded_files` collects them when the XML is read (:mod:`.moodle_xml`); the planner's
:class:`QuestionMedia` then, for every item and without writing anything:

* decodes and checks each referenced file (:func:`decode_image`): PNG, JPEG, GIF or WebP by
  its content (never by its name; SVG is refused: it can carry scripts), at most
  ``LMS_IMPORT_MAX_IMAGE_BYTES`` (default 2 MB) and ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` pixels
  (a decompression bomb is refused before it is decoded). A reference whose file is not in
  the question, or a file that fails a check, is an item error (``missing_media``,
  ``invalid_media``);
* rewrites each ``<img>`` to ``src`` = the image's rendition in Wagtail's image library
  (collection :data:`COLLECTION`, filter :data:`RENDITION`), its ``alt`` and the rendition's
  ``width``/``height``: an image already stored (same content) gives its real URL, so a
  re-import is ``unchanged``; a new one gets a placeholder under the media URL that
  :meth:`QuestionMedia.store` replaces on commit, after storing the image through
  ``assessments.services.media`` (never on a dry run);
* notes every image without ``alt`` text (the trainer should add one in the admin) and, once
  per run, how many new images the import stores.

Short audio (MP3, OGG or WAV, at most ``LMS_IMPORT_MAX_AUDIO_BYTES``, default 5 MB, checked by
its content, :func:`decode_audio`) embedded the same way, referred to by an ``<audio>`` element
(with ``src`` or ``<source src>``) or by a link to the file (Moodle's media filter plays those),
becomes a Wagtail document (collection :data:`COLLECTION`) shown as ``<audio controls
preload="none">``, stored on commit only, with a note asking for a transcript.

Sanitising (:mod:`.sanitize`) keeps only images under the site's own rendition URL and audio
under the site's own documents.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import io
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.core.imports.reading import limit

from .items import ItemProblem, QuestionItem
from .sanitize import AUDIO_EXTENSIONS, Notes, documents_prefix, media_prefix, sentence

COLLECTION = "Media soal impor"
RENDITION = "max-800x800"
RENDITION_SIDE = 800
FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
PENDING = "impor-tertunda-"

_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC_RE = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ALT_RE = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_PLUGINFILE = "@@PLUGINFILE@@/"
_AUDIO_RE = re.compile(r"<audio\b[^>]*>.*?</audio\s*>", re.IGNORECASE | re.DOTALL)
_LINK_RE = re.compile(r"<a\b[^>]*>.*?</a\s*>", re.IGNORECASE | re.DOTALL)
_REF_RE = re.compile(r"@@PLUGINFILE@@/([^\"'\s<>?#]+)")


def max_audio_bytes() -> int:
    return limit("LMS_IMPORT_MAX_AUDIO_BYTES", 5 * 1024 * 1024)


def audio_reference(fragment: str) -> str | None:
    """The name of the first embedded MP3/OGG/WAV file ``fragment`` refers to, if any."""
    for match in _REF_RE.finditer(fragment):
        name = unquote(match[1])
        if name.rsplit(".", 1)[-1].lower() in AUDIO_EXTENSIONS:
            return name
    return None


def max_image_bytes() -> int:
    return limit("LMS_IMPORT_MAX_IMAGE_BYTES", 2 * 1024 * 1024)


def max_image_pixels() -> int:
    return limit("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000)


def embedded_files(question: Element) -> dict[str, str]:
    """``{name: base64 text}`` of a ``<question>``'s ``<file encoding="base64">`` elements."""
    files: dict[str, str] = {}
    for element in question.iter("file"):
        name = (element.get("name") or "").strip()
        if name and (element.get("encoding") or "base64").strip() == "base64":
            files.setdefault(name, element.text or "")
    return files


@dataclass(frozen=True)
class EmbeddedImage:
    """A checked image: its bytes, SHA-1 (Wagtail's ``file_hash``) and shown size."""

    content: bytes
    sha1: str
    extension: str
    width: int
    height: int

    @property
    def filename(self) -> str:
        return f"soal-{self.sha1[:16]}.{self.extension}"

    @property
    def placeholder(self) -> str:
        return f"{media_prefix()}{PENDING}{self.sha1}"

    def shown_size(self) -> tuple[int, int]:
        """The size of the ``max-800x800`` rendition (never enlarged)."""
        scale = min(1.0, RENDITION_SIDE / max(self.width, self.height))
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))


@dataclass(frozen=True)
class EmbeddedAudio:
    """A checked audio file: bytes, SHA-1 (Wagtail's ``file_hash``) and extension."""

    content: bytes
    sha1: str
    extension: str

    @property
    def filename(self) -> str:
        return f"soal-{self.sha1[:16]}.{self.extension}"

    @property
    def placeholder(self) -> str:
        return f"{documents_prefix()}0/{PENDING}{self.sha1}.{self.extension}"


def sniff_audio(content: bytes) -> str | None:
    """``mp3``/``ogg``/``wav`` by the file's first bytes, else None."""
    if content[:3] == b"ID3" or (len(content) > 1 and content[0] == 0xFF and content[1] >= 0xE0):
        return "mp3"
    if content[:4] == b"OggS":
        return "ogg"
    if content[:4] == b"RIFF" and content[8:12] == b"WAVE":
        return "wav"
    return None


def decode_audio(name: str, encoded: str) -> EmbeddedAudio:
    """Decode and check one embedded audio file; raises :class:`MediaError`."""
    maximum = max_audio_bytes()
    encoded = "".join(encoded.split())
    if len(encoded) * 3 // 4 > maximum + 3:
        raise MediaError(
            _("Audio %(name)s lebih dari %(max)s KB; potong atau kompres audionya dulu.")
            % {"name": name, "max": maximum // 1024}
        )
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise MediaError(_("Berkas %(name)s rusak (base64 tidak sah).") % {"name": name}) from None
    extension = sniff_audio(content)
    if extension is None:
        raise MediaError(
            _("Berkas %(name)s bukan audio MP3, OGG atau WAV; berkas ini tidak diimpor.")
            % {"name": name}
        )
    digest = hashlib.sha1(content).hexdigest()  # noqa: S324 - a file's name, not security
    return EmbeddedAudio(content, digest, extension)


class MediaError(ValueError):
    """A file that cannot be imported; ``str()`` is the Indonesian message."""


def decode_image(name: str, encoded: str) -> EmbeddedImage:
    """Decode and check one embedded file; raises :class:`MediaError`."""
    from PIL import Image, UnidentifiedImageError

    maximum = max_image_bytes()
    encoded = "".join(encoded.split())
    if len(encoded) * 3 // 4 > maximum + 3:
        raise MediaError(
            _("Gambar %(name)s lebih dari %(max)s KB; perkecil gambarnya di Moodle.")
            % {"name": name, "max": maximum // 1024}
        )
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise MediaError(_("Berkas %(name)s rusak (base64 tidak sah).") % {"name": name}) from None
    unsupported = MediaError(
        _("Berkas %(name)s bukan gambar PNG, JPEG, GIF atau WebP; berkas ini tidak diimpor.")
        % {"name": name}
    )
    if content.lstrip()[:5].lower() in (b"<?xml", b"<svg "):
        raise MediaError(
            _("Gambar SVG (%(name)s) tidak diterima demi keamanan; ubah ke PNG.") % {"name": name}
        )
    try:
        with Image.open(io.BytesIO(content)) as image:  # reads the header only
            fmt, (width, height) = image.format, image.size
            if fmt not in FORMATS:
                raise unsupported
            if width * height > max_image_pixels():
                raise MediaError(
                    _("Gambar %(name)s terlalu besar (%(w)s x %(h)s piksel); perkecil dulu.")
                    % {"name": name, "w": width, "h": height}
                )
            image.verify()
    except MediaError:
        raise
    except Image.DecompressionBombError:
        raise MediaError(
            _("Gambar %(name)s terlalu besar (jumlah piksel); perkecil dulu.") % {"name": name}
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise unsupported from None
    digest = hashlib.sha1(content).hexdigest()  # noqa: S324 - a file's name, not security
    return EmbeddedImage(content, digest, FORMATS[fmt], width, height)


def _attr(pattern: re.Pattern, tag: str) -> str | None:
    match = pattern.search(tag)
    if match is None:
        return None
    return html.unescape(next(g for g in match.groups() if g is not None))


def _texts(item: QuestionItem) -> list[tuple[Any, Any]]:
    """(container, key) of every text of ``item`` that may hold images."""
    places: list[tuple[Any, Any]] = [(item, "text"), (item, "explanation")]
    for choice in item.data.get("choices") or []:
        if isinstance(choice, dict):
            places += [(choice, "text"), (choice, "feedback")]
    for pair in item.data.get("pairs") or []:
        if isinstance(pair, dict):
            places += [(pair, "prompt"), (pair, "answer")]
    return places


def _get(container: Any, key: str) -> str:
    value = container.get(key) if isinstance(container, dict) else getattr(container, key)
    return str(value or "")


def _set(container: Any, key: str, value: str) -> None:
    if isinstance(container, dict):
        container[key] = value
    else:
        setattr(container, key, value)


class QuestionMedia:
    """The embedded images of one import run (see the module docstring)."""

    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.new: dict[str, EmbeddedImage] = {}  # sha1 -> image to store on commit
        self.reused: set[str] = set()
        self.titles: dict[str, str] = {}  # sha1 -> the first alt text, the image's title
        self.stored: dict[str, str] = {}  # placeholder -> rendition URL, after store()
        self.new_audio: dict[str, EmbeddedAudio] = {}  # sha1 -> audio to store on commit
        self.reused_audio: set[str] = set()
        notes.totals.append(self._total)
        notes.totals.append(self._audio_total)

    def _audio_total(self) -> str | None:
        if not (self.new_audio or self.reused_audio):
            return None
        return _(
            'Audio sematan: %(new)s audio baru disimpan ke pustaka dokumen (koleksi "%(name)s") '
            "saat impor disimpan (tidak pada uji coba); %(reused)s sudah ada dan dipakai ulang."
        ) % {"new": len(self.new_audio), "reused": len(self.reused_audio), "name": COLLECTION}

    def _total(self) -> str | None:
        if not (self.new or self.reused):
            return None
        return ngettext(
            'Gambar sematan: %(new)s gambar baru disimpan ke pustaka gambar (koleksi "%(name)s") '
            "saat impor disimpan (tidak pada uji coba); %(reused)s sudah ada dan dipakai ulang.",
            'Gambar sematan: %(new)s gambar baru disimpan ke pustaka gambar (koleksi "%(name)s") '
            "saat impor disimpan (tidak pada uji coba); %(reused)s sudah ada dan dipakai ulang.",
            len(self.new),
        ) % {"new": len(self.new), "reused": len(self.reused), "name": COLLECTION}

    def prepare(self, item: QuestionItem) -> list[ItemProblem]:
        """Check and rewrite ``item``'s ``@@PLUGINFILE@@`` images in place; item problems."""
        files: dict[str, str] = getattr(item, "files", None) or {}
        problems: list[ItemProblem] = []
        checked: dict[str, EmbeddedImage | None] = {}
        for container, key in _texts(item):
            raw = _get(container, key)
            if _PLUGINFILE not in raw:
                continue

            def rewrite(match: re.Match, problems=problems, checked=checked) -> str:
                tag = match[0]
                src = (_attr(_SRC_RE, tag) or "").strip()
                if not src.startswith(_PLUGINFILE):
                    return tag
                name = unquote(src[len(_PLUGINFILE) :].split("?")[0])
                if name not in checked:
                    checked[name] = self._check(item, name, files, problems)
                image = checked[name]
                if image is None:
                    return ""
                alt = (_attr(_ALT_RE, tag) or "").strip()
                if not alt:
                    self.notes.add(
                        _(
                            "%(where)s: gambar %(name)s tidak punya teks alternatif (alt); "
                            "tambahkan keterangan gambar di admin agar pembaca layar dapat "
                            "membacakannya."
                        )
                        % {"where": sentence(item.where()), "name": name}
                    )
                return self._tag(image, alt)

            raw = self._audio(item, raw, files, problems)
            _set(container, key, _IMG_RE.sub(rewrite, raw))
        return problems

    def _audio(
        self, item: QuestionItem, raw: str, files: dict[str, str], problems: list[ItemProblem]
    ) -> str:
        """``<audio>`` elements and links to an embedded audio file -> the site's player."""
        checked: dict[str, EmbeddedAudio | None] = {}

        def rewrite(match: re.Match) -> str:
            name = audio_reference(match[0])
            if name is None:
                return match[0]
            if name not in checked:
                checked[name] = self._check_audio(item, name, files, problems)
                if checked[name] is not None:
                    self.notes.add(
                        _(
                            "%(where)s: audio %(name)s diimpor; tulis transkripnya di teks soal "
                            "atau pembahasan bagi peserta yang tidak dapat mendengarnya."
                        )
                        % {"where": sentence(item.where()), "name": name}
                    )
            audio = checked[name]
            if audio is None:
                return ""
            url = stored_document_url(sha1=audio.sha1)
            if url is None:
                self.new_audio[audio.sha1] = audio
                url = audio.placeholder
            else:
                self.reused_audio.add(audio.sha1)
            return f'<audio src="{html.escape(url)}" controls preload="none"></audio>'

        raw = _AUDIO_RE.sub(rewrite, raw)
        return _LINK_RE.sub(rewrite, raw)

    def _check_audio(
        self, item: QuestionItem, name: str, files: dict[str, str], problems: list[ItemProblem]
    ) -> EmbeddedAudio | None:
        if name not in files:
            problems.append(
                ItemProblem(
                    "text",
                    "missing_media",
                    _(
                        "Audio %(name)s dirujuk di teks soal tetapi berkasnya tidak ada di berkas "
                        "impor; ekspor ulang dari Moodle dalam format Moodle XML."
                    )
                    % {"name": name}
                    + item.suffix(),
                )
            )
            return None
        try:
            return decode_audio(name, files[name])
        except MediaError as error:
            problems.append(ItemProblem("text", "invalid_media", str(error) + item.suffix()))
            return None

    def _check(
        self, item: QuestionItem, name: str, files: dict[str, str], problems: list[ItemProblem]
    ) -> EmbeddedImage | None:
        if name not in files:
            problems.append(
                ItemProblem(
                    "text",
                    "missing_media",
                    _(
                        "Gambar %(name)s dirujuk di teks soal tetapi berkasnya tidak ada di "
                        "berkas impor; ekspor ulang dari Moodle dalam format Moodle XML (GIFT "
                        "tidak membawa gambar)."
                    )
                    % {"name": name}
                    + item.suffix(),
                )
            )
            return None
        try:
            return decode_image(name, files[name])
        except MediaError as error:
            problems.append(ItemProblem("text", "invalid_media", str(error) + item.suffix()))
            return None

    def _tag(self, image: EmbeddedImage, alt: str) -> str:
        width, height = image.shown_size()
        url = stored_image_url(sha1=image.sha1)
        if url is None:
            self.new[image.sha1] = image
            self.titles.setdefault(image.sha1, alt)
            url = image.placeholder
        else:
            self.reused.add(image.sha1)
        return (
            f'<img src="{html.escape(url)}" alt="{html.escape(alt)}" width="{width}" '
            f'height="{height}">'
        )

    # --- on commit

    def store(self, payload: Any, *, user: Any = None) -> None:
        """Store the new images ``payload`` refers to and put their URLs in its texts."""
        from ..services.media import question_document_store, question_image_store

        texts = [(payload, "text"), (payload, "explanation")]
        for value in (payload.data.get("choices") or []) + (payload.data.get("pairs") or []):
            texts += [(value, k) for k in ("text", "feedback", "prompt", "answer") if k in value]
        for container, key in texts:
            value = _get(container, key)
            if PENDING not in value:
                continue
            for image in self.new.values():
                if image.placeholder in value:
                    if image.placeholder not in self.stored:
                        rendition = question_image_store(
                            filename=image.filename,
                            content=image.content,
                            title=self.titles.get(image.sha1) or image.filename,
                            collection=COLLECTION,
                            filter_spec=RENDITION,
                            user=user,
                        )
                        self.stored[image.placeholder] = rendition.url
                    value = value.replace(image.placeholder, self.stored[image.placeholder])
            for audio in self.new_audio.values():
                if audio.placeholder in value:
                    if audio.placeholder not in self.stored:
                        document = question_document_store(
                            filename=audio.filename,
                            content=audio.content,
                            title=audio.filename,
                            collection=COLLECTION,
                            user=user,
                        )
                        self.stored[audio.placeholder] = document.url
                    value = value.replace(audio.placeholder, self.stored[audio.placeholder])
            _set(container, key, value)


def stored_image_url(*, sha1: str) -> str | None:
    """The rendition URL of an image with this content already in :data:`COLLECTION`, if any
    (a read: a missing rendition is made on commit)."""
    from wagtail.images import get_image_model

    image = (
        get_image_model()
        .objects.filter(collection__name=COLLECTION, file_hash=sha1)
        .order_by("pk")
        .first()
    )
    if image is None:
        return None
    rendition = image.renditions.filter(filter_spec=RENDITION).order_by("pk").first()
    return rendition.url if rendition is not None else None


def stored_document_url(*, sha1: str) -> str | None:
    """The URL of an audio document with this content already in :data:`COLLECTION`, if any."""
    from wagtail.documents import get_document_model

    document = (
        get_document_model()
        .objects.filter(collection__name=COLLECTION, file_hash=sha1)
        .order_by("pk")
        .first()
    )
    return document.url if document is not None else None
