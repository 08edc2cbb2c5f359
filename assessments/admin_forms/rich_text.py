"""The question text edited with Wagtail's Draftail editor (issue 13 item 12).

A question's text is stored as the sanitised HTML every path shares
(:func:`assessments.importers.sanitize.clean_html`: what imports, exports, grading and the
learner's pages read). The editor offers the part of that policy it can write: bold, italic,
numbered and bulleted lists, code, superscript and subscript (:data:`EDITOR_FEATURES`; no
links: the policy removes them, docs/user-guide.md). What the editor sends passes through
Wagtail's rich-text rendering (``expand_db_html``) and then the sanitiser before it is stored;
the learner's pages sanitise it again when they show it.

* A text the editor cannot hold without losing something (tables, images, audio, ``<pre>``
  code, underline: imported from Moodle) is edited as HTML source in a plain textarea instead
  (:func:`editor_can_hold`), so editing an imported question never drops its table.
* A plain-text text (written before the editor, or from a spreadsheet) opens in the editor
  with its lines as paragraphs (:func:`editor_input`); it is stored as it was until the
  trainer changes it (:func:`editor_normal_form` makes "no change" mean no new version).
* A post without the editor's JSON (a form submitted without JavaScript, a script) is taken
  as HTML source, sanitised the same way; JSON the converter cannot read is a form error,
  never a server error.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.rich_text import expand_db_html

from ..importers.sanitize import clean, is_blank, text_key

EDITOR_FEATURES = ["bold", "italic", "ol", "ul", "code", "superscript", "subscript"]
#: Tags the editor reads and writes back unchanged (no attributes: the policy keeps none).
EDITOR_TAGS = frozenset(
    {"p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "code", "sup", "sub"}
)

_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPTY_P_RE = re.compile(r"<p>(?:\s|&nbsp;|<br\s*/?>)*</p>", re.IGNORECASE)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags |= {tag}  # a set ("tags.add" reads as a related manager to the write check)
        self.attributes = self.attributes or bool(attrs)

    handle_startendtag = handle_starttag


def editor_can_hold(stored: str) -> bool:
    """Whether the editor shows ``stored`` (sanitised HTML) without losing any of it."""
    if "<" not in stored:
        return True
    parser = _Tags()
    parser.feed(stored)
    parser.close()
    return parser.tags <= EDITOR_TAGS and not parser.attributes


def editor_input(stored: str) -> str:
    """``stored`` as the editor's converter reads it: plain text as paragraphs and line
    breaks, ``<br>`` written as the ``<br/>`` the converter expects."""
    if "<" not in stored:
        stored = linebreaks(stored.strip(), autoescape=False)  # stored text is already escaped
    return _BR_RE.sub("<br/>", stored)


def stored_html(value: str) -> str:
    """What is stored for ``value`` (the editor's HTML, or HTML source): Wagtail's rich-text
    rendering, then the one sanitising policy in the form imports store (white space collapsed
    outside ``<pre>``: an export re-imports unchanged), without empty paragraphs."""
    html = clean(expand_db_html(value))
    return _EMPTY_P_RE.sub("", html).strip()


class QuestionTextWidget(DraftailRichTextArea):
    """Draftail with :data:`EDITOR_FEATURES`, reading and writing the stored HTML."""

    def __init__(self, *args, **kwargs):
        kwargs["features"] = EDITOR_FEATURES
        super().__init__(*args, **kwargs)

    def format_value(self, value):
        try:
            return super().format_value(editor_input(str(value or "")))
        except (AssertionError, ValueError, TypeError, KeyError, IndexError):
            # HTML the converter cannot parse (a bound form re-shown after a post of HTML
            # source): its text, as one paragraph, rather than an error page
            return super().format_value(escape(strip_tags(str(value or ""))))

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw is None:
            return None
        try:
            state = json.loads(raw)
        except ValueError:
            return raw  # HTML source: sanitised by the field like the editor's output
        if state is None:
            return ""  # Draftail's value for an editor left empty
        if not isinstance(state, dict):
            return raw
        try:
            return self.converter.to_database_format(raw)
        except (AssertionError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return UNREADABLE


class _Unreadable(str):
    """What the widget returns for editor content it cannot convert."""


UNREADABLE = _Unreadable("")


class QuestionTextField(forms.CharField):
    """Rich text in, stored HTML out (:func:`stored_html`).

    ``blank_message``: the error for a text that had words or markup but nothing is left once
    sanitised (``<script>`` only); None: such a text is simply empty.
    """

    widget = QuestionTextWidget

    def __init__(self, *, blank_message=None, **kwargs):
        self.blank_message = blank_message
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is UNREADABLE:
            raise ValidationError(
                _("Isi editor tidak terbaca. Muat ulang halaman, lalu tulis teksnya lagi."),
                code="unreadable",
            )
        raw = super().to_python(value)
        if not raw:
            return raw
        stored = stored_html(raw)
        if is_blank(stored):
            had_content = bool(text_key(_EMPTY_P_RE.sub("", raw))) or "<img" in raw
            if had_content and self.blank_message:
                raise ValidationError(self.blank_message, code="empty_text")
            return ""
        return stored


def editor_normal_form(stored: str) -> str:
    """``stored`` after a round trip through the editor unchanged: saving a question without
    touching its text compares equal and so adds no version."""
    widget = QuestionTextWidget()
    try:
        state = widget.format_value(stored)
        return stored_html(widget.converter.to_database_format(state))
    except (AssertionError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return stored


HTML_SOURCE_HELP = _(
    "Teks ini berisi tabel, gambar, audio, kode atau format lain dari impor yang tidak dapat "
    "diubah dengan editor, jadi ditampilkan sebagai HTML. Ubah seperlunya; skrip, tautan dan "
    "atribut yang tidak diizinkan dihapus saat disimpan."
)


def use_html_source(field: forms.Field, *, rows: int = 8) -> None:
    """Edit ``field`` as HTML source (a stored text the editor cannot hold)."""
    field.widget = forms.Textarea(attrs={"rows": rows})
    field.help_text = HTML_SOURCE_HELP
