"""The ``questions`` import kind: one kind, four formats, chosen by the file's content.

* ZIP content (XLSX) or a text file whose first rows hold the tabular header (``type``,
  ``text``, ...; or any text file named ``.csv``) -> :mod:`.tabular`;
* text starting with ``<`` -> Moodle XML (:mod:`.moodle_xml`);
* any other text -> GIFT (:mod:`.gift`).

Before that, the engine's defences apply (:mod:`lms.core.imports.reading`): the size limit
(``LMS_IMPORT_MAX_BYTES``), empty files, executables, PDFs, images, archives, legacy ``.xls``
and other binary content are refused (:class:`UnreadableFile`); text is decoded as UTF-8
(BOM optional), UTF-16 with BOM, else Windows-1252 with a note. A file with more than
``LMS_IMPORT_MAX_QUESTIONS`` (5,000) questions is rejected.

``run`` is all or nothing: the dry run writes nothing at all (not even a missing bank); a
commit writes every question in one transaction, and only when no item has an error. The
``user`` (None from the command line, else a Pengajar) is not used for scoping: questions
belong to no OPD. ``export`` writes every question's current version in the tabular format,
correct answers included; re-importing it changes nothing (all ``unchanged``).

Permissions (docs/security.md): importing changes live answer keys and may create banks, so it
needs ``add_question``, ``change_question`` and ``add_questionbank`` (the Pengajar role);
exporting reveals every key, so it needs ``view_question`` and ``view_questionbank`` (Pengajar,
BKPSDM). Admin OPD holds neither.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core.imports import (
    ImportKind,
    ImportReport,
    UnreadableFile,
    model_permissions,
    register_kind,
    run_items,
    run_table,
)
from lms.core.imports.cells import header_key
from lms.core.imports.reading import SNIFF_ROWS, decode_text, max_bytes, sniff

from ..models import Question, QuestionBank
from ..resources import TEMPLATE_COLUMNS, export_questions, template_file
from ..selectors import banks_editable_by
from ..selectors.authoring import bank_size, banks_with_sizes
from .mapping import CategoryMappingForm, bank_label, parse_mapping
from .planner import chosen_bank
from .sources import GiftQuestions, MoodleXmlQuestions
from .tabular import QuestionImport

_MB = 1024 * 1024
_WRONG_TYPE_CODES = ("executable", "pdf", "image", "not_tabular", "binary")
_HEADER_KEYS = QuestionImport.known_header_keys()
_REQUIRED_KEYS = {
    key for column in QuestionImport.columns if column.required for key in column.priority
}


def wrong_type() -> str:
    return _(
        "Jenis berkas tidak dikenali (isinya diperiksa, bukan nama berkasnya). Soal dapat "
        "diimpor dari .xlsx, .csv (UTF-8), GIFT (.gift/.txt, UTF-8) atau Moodle XML (.xml)."
    )


def detect(data: bytes, filename: str) -> tuple[str, str, list[str]]:
    """(``"tabular"``/``"xml"``/``"gift"``, decoded text or "", notes); raises
    :class:`UnreadableFile` for files no reader accepts."""
    if len(data) > max_bytes():
        raise UnreadableFile(
            "too_big",
            _(
                "Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB. Bagi soal menjadi "
                "beberapa berkas."
            )
            % {"size": _mb(len(data)), "limit": _mb(max_bytes())},
        )
    if not data.strip():
        raise UnreadableFile("empty", _("Berkas kosong."))
    try:
        if sniff(data) == "xlsx":
            return "tabular", "", []
    except UnreadableFile as error:
        if error.code in _WRONG_TYPE_CODES:
            raise UnreadableFile(error.code, wrong_type()) from None
        raise
    text, note = decode_text(data)
    notes = [note] if note else []
    text = text.replace("\x00", "")
    if not text.strip():
        raise UnreadableFile("empty", _("Berkas kosong."))
    lower = filename.lower()
    if text.lstrip().startswith("<"):
        if not lower.endswith(".xml"):
            notes.append(
                _("Berkas %(name)s ternyata berisi XML; dibaca sebagai Moodle XML.")
                % {"name": filename}
            )
        return "xml", text, notes
    if _has_table_header(text) or lower.endswith((".csv", ".xlsx", ".xls")):
        return "tabular", text, notes
    if lower.endswith((".csv", ".xml", ".xlsx")):
        notes.append(
            _("Berkas %(name)s ternyata berisi teks GIFT; dibaca sebagai GIFT.")
            % {"name": filename}
        )
    return "gift", text, notes


def _has_table_header(text: str) -> bool:
    """True when one of the first rows, split at ``,`` ``;`` or TAB, names at least two of the
    required columns (``type``, ``text``, ...)."""
    lines = text[:65536].splitlines()[:SNIFF_ROWS]
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        except csv.Error:
            continue
        for row in rows:
            keys = {header_key(cell) for cell in row}
            if len(keys & _REQUIRED_KEYS) >= 2:
                return True
    return False


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class QuestionsKind(ImportKind):
    """``questions``: XLSX/CSV, GIFT or Moodle XML in; XLSX/CSV out (see the module doc)."""

    #: File name endings an upload form should accept for this kind.
    extensions: ClassVar[tuple[str, ...]] = (".xlsx", ".csv", ".gift", ".txt", ".xml")

    def option_fields(self, user: Any) -> dict[str, Any]:
        """The admin's choices: a bank the user may edit (``banks_editable_by``) or a new one
        (``KODE/LEVEL[/nama]``) for the questions whose category names none, and skipping
        unsupported types. The chosen existing bank travels as its path (``//`` for a ``/``
        in its name, as in Moodle), so the planner checks it like any other."""
        banks = banks_with_sizes(banks_editable_by(user)).order_by(
            "competency__code", "level", "name"
        )
        choices = [("", _("— tidak ada: setiap soal menyebut banknya sendiri —"))] + [
            (_bank_path(bank), f"{bank_label(bank)} · {bank_size(bank)}") for bank in banks
        ]
        return {
            "bank": forms.ChoiceField(
                label=_("Soal: bank untuk soal tanpa kategori bank"),
                choices=choices,
                required=False,
                help_text=_(
                    "Untuk soal GIFT/Moodle XML yang kategorinya tidak menyebut bank (mis. "
                    "$course$/top/Default for ...) atau tanpa kategori."
                ),
            ),
            "new_bank": forms.CharField(
                label=_("Soal: atau bank baru (KODE KOMPETENSI/LEVEL[/nama bank])"),
                required=False,
                max_length=260,
                help_text=_("Mis. LD.07/2/Literasi Digital; bank dibuat saat impor dikonfirmasi."),
            ),
            "skip_unsupported": forms.BooleanField(
                label=_("Soal: lewati soal yang jenisnya tidak didukung (esai, cloze, ...)"),
                required=False,
            ),
            "allow_key_change": forms.BooleanField(
                label=_("Soal: izinkan perubahan kunci"),
                required=False,
                help_text=_(
                    "Tanpa centang ini, soal yang sudah ada dengan jawaban benar yang lain "
                    'menolak impor ("kunci berubah").'
                ),
            ),
        }

    def check_options(self, options: Mapping[str, Any] | None) -> dict[str, Any]:
        """``bank`` (``CODE/LEVEL[/name]``, for questions whose category names no bank) is
        parsed into a Category (:func:`~.planner.chosen_bank`); ``mapping`` (the preview's
        bank per source category, :mod:`.mapping`) into banks and Categories;
        ``skip_unsupported`` and ``allow_key_change`` are booleans."""
        options = dict(options or {})
        new_bank = options.pop("new_bank", "")
        if new_bank and options.get("bank"):
            raise ValidationError(
                _("Pilih bank yang ada atau tulis bank baru, jangan keduanya."),
                code="bad_bank_option",
            )
        options["bank"] = chosen_bank(options.get("bank") or new_bank)
        options["mapping"] = parse_mapping(options.get("mapping"))
        options["skip_unsupported"] = bool(options.get("skip_unsupported"))
        options["allow_key_change"] = bool(options.get("allow_key_change"))
        return options

    def mapping_form(
        self,
        user: Any,
        report: ImportReport,
        data: Any = None,
        options: Mapping[str, Any] | None = None,
    ) -> Any:
        """The bank per category of a GIFT/Moodle XML file (:mod:`.mapping`), with the
        "allow a key change" checkbox; None for a spreadsheet (its rows name their bank) or
        a file without questions."""
        if not report.groups:
            return None
        allow = bool((options or {}).get("allow_key_change"))
        return CategoryMappingForm(
            data, user=user, groups=report.groups, initial={"allow_key_change": allow}
        )

    def mapping_options(self, form: Any) -> dict[str, Any]:
        return {
            "mapping": dict(form.mapping),
            "allow_key_change": bool(form.cleaned_data.get("allow_key_change")),
        }

    def run(
        self,
        data: bytes,
        filename: str,
        *,
        user: Any,
        commit: bool,
        options: Mapping[str, Any] | None = None,
    ) -> ImportReport:
        fmt, text, notes = detect(data, filename)
        if fmt == "tabular":
            report = run_table(
                QuestionImport(), data, filename, user=user, commit=commit, options=options
            )
            report.notes[:0] = notes
            return report
        handler = MoodleXmlQuestions() if fmt == "xml" else GiftQuestions(text)
        return run_items(
            handler, data, filename, user=user, commit=commit, notes=notes, options=options
        )

    def export(self, fmt: str, *, user: Any) -> bytes:
        return export_questions(fmt, user)

    def template(self, fmt: str) -> bytes:
        return template_file(fmt)


def _bank_path(bank: QuestionBank) -> str:
    return f"{bank.competency.code}/{bank.level}/{bank.name.replace('/', '//')}"


def questions_kind() -> QuestionsKind:
    return QuestionsKind(
        name="questions",
        label=gettext_lazy("Soal (bank soal): XLSX, CSV, GIFT, Moodle XML"),
        template_columns=list(TEMPLATE_COLUMNS),
        import_permissions=(
            *model_permissions(Question, "add", "change"),
            *model_permissions(QuestionBank, "add"),
        ),
        export_permissions=(
            *model_permissions(Question, "view"),
            *model_permissions(QuestionBank, "view"),
        ),
    )


def register() -> None:
    """Register the ``questions`` kind (called from ``AssessmentsConfig.ready()``)."""
    register_kind(questions_kind())
