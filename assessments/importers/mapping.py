"""Sending each category of a question file to a bank (issue 10): the import preview's mapping.

A Moodle or GIFT file names its questions' categories as Moodle exports them (``$course$/top/
Default for ...``), rarely as a bank. After the dry run the preview lists every category of
the file (``ImportReport.groups``, :meth:`.sources.QuestionItems.groups`) with a choice for
each: follow the file (its category names a bank, or the upload's bank option applies), an
existing bank the user may edit (``banks_editable_by``), or a new bank for a competency and
level. A new choice re-runs the dry run (``lms.core.imports.views.MappingView``).

The run option ``mapping`` holds the choices as JSON values, by category
(:func:`~.items.source_path`): ``""`` (follow the file), ``"bank:<id>"`` or
``"new:CODE/LEVEL[/name]"``; :func:`parse_mapping` checks them (the planner checks again that
the user may edit the bank, so a forged id never writes). After a committed import the
choices are remembered per user and category (``CategoryMapping``, written by
:func:`assessments.services.mappings.category_mappings_remember`) and used, pre-selected, the
next time a file of that user has the category, as long as the user may still edit the bank.
The command line has no mapping: ``--bank`` serves the categories that name no bank.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.competencies.models import Competency, Level

from ..models import SOURCE_REF_MAX, QuestionBank
from ..selectors import banks_editable_by
from ..selectors.authoring import bank_size, banks_with_sizes
from .items import Category
from .planner import chosen_bank

MAX_GROUPS = 500  # categories one mapping may name (a file has few; a forged one is refused)
NEW = "new"


def bank_label(bank: QuestionBank) -> str:
    return f"{bank.competency.code} level {bank.level}: {bank.name}"


def parse_mapping(value: Any) -> dict[str, QuestionBank | Category | None]:
    """The ``mapping`` option checked: category -> existing bank, new bank (a Category) or
    None (follow the file). ``ValidationError`` (Indonesian) for anything else."""
    if value in (None, ""):
        return {}
    invalid = ValidationError(_("Pemetaan kategori tidak valid."), code="bad_mapping")
    if not isinstance(value, Mapping) or len(value) > MAX_GROUPS:
        raise invalid
    parsed: dict[str, QuestionBank | Category | None] = {}
    ids: dict[str, int] = {}
    for path, choice in value.items():
        if not isinstance(path, str) or not isinstance(choice, str) or len(path) > SOURCE_REF_MAX:
            raise invalid
        if choice == "":
            parsed[path] = None
        elif choice.startswith("bank:") and choice[5:].isdigit() and len(choice) < 25:
            ids[path] = int(choice[5:])
        elif choice.startswith(f"{NEW}:"):
            parsed[path] = chosen_bank(choice[4:])
        else:
            raise invalid
    banks = QuestionBank.objects.select_related("competency").in_bulk(set(ids.values()))
    for path, pk in ids.items():
        if pk not in banks:
            raise ValidationError(
                _('Bank soal pilihan untuk kategori "%(path)s" tidak ditemukan.')
                % {"path": path or _("(tanpa kategori)")},
                code="bad_mapping",
            )
        parsed[path] = banks[pk]
    return parsed


def mapping_value(choice: QuestionBank | Category | None) -> str:
    """The JSON value of a parsed choice (for the form's initial values)."""
    if isinstance(choice, QuestionBank):
        return f"bank:{choice.pk}"
    if isinstance(choice, Category):
        return f"{NEW}:{choice}"
    return ""


class CategoryMappingForm(forms.Form):
    """One row per category of the file: target (follow the file / a bank / new) and, for a
    new bank, competency, level and optional name. Only the user's editable banks and known
    competencies are valid choices; the categories come from the staged report, never from
    the request."""

    def __init__(self, *args: Any, user: Any, groups: list[dict], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = groups[:MAX_GROUPS]
        banks = banks_with_sizes(banks_editable_by(user)).order_by(
            "competency__code", "level", "name"
        )
        targets = [("", _("Ikuti berkas"))]
        targets += [
            (f"bank:{bank.pk}", f"{bank_label(bank)} · {bank_size(bank)}") for bank in banks
        ]
        targets.append((NEW, _("Bank baru…")))
        competencies = [("", "—")] + [
            (c.code, f"{c.code} – {c.name}") for c in Competency.objects.order_by("code")
        ]
        levels = [("", "—")] + [(str(value), label) for value, label in Level.choices]
        for index, group in enumerate(self.groups):
            choice = group.get("choice", "")
            new = choice.startswith(f"{NEW}:")
            self.fields[f"g{index}-target"] = forms.ChoiceField(
                label=_("Bank tujuan"),
                choices=targets,
                required=False,
                initial=NEW if new else choice,
            )
            self.fields[f"g{index}-competency"] = forms.ChoiceField(
                label=_("Kompetensi"),
                choices=competencies,
                required=False,
                initial=group.get("new_code", ""),
            )
            self.fields[f"g{index}-level"] = forms.ChoiceField(
                label=_("Level"), choices=levels, required=False, initial=group.get("new_level", "")
            )
            self.fields[f"g{index}-name"] = forms.CharField(
                label=_("Nama bank baru"),
                required=False,
                max_length=QuestionBank._meta.get_field("name").max_length,
                initial=group.get("new_name", ""),
            )
        self.fields["allow_key_change"] = forms.BooleanField(
            label=_("Izinkan perubahan kunci"),
            required=False,
            help_text=_(
                "Centang bila jawaban benar soal yang sudah ada memang diubah; tanpa centang, "
                'soal seperti itu menolak impor ("kunci berubah").'
            ),
        )
        self.mapping: dict[str, str] = {}

    def rows(self) -> list[dict]:
        """Per category, for the template: the group and its bound fields."""
        return [
            {
                "group": group,
                "target": self[f"g{index}-target"],
                "competency": self[f"g{index}-competency"],
                "level": self[f"g{index}-level"],
                "name": self[f"g{index}-name"],
            }
            for index, group in enumerate(self.groups)
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        mapping: dict[str, str] = {}
        for index, group in enumerate(self.groups):
            target = cleaned.get(f"g{index}-target") or ""
            if target != NEW:
                mapping[group["key"]] = target
                continue
            code = cleaned.get(f"g{index}-competency") or ""
            level = cleaned.get(f"g{index}-level") or ""
            if not code or not level:
                self.add_error(
                    f"g{index}-competency",
                    _("Untuk bank baru pilih kompetensi dan levelnya."),
                )
                continue
            name = (cleaned.get(f"g{index}-name") or "").strip().replace("/", "//")
            mapping[group["key"]] = f"{NEW}:" + "/".join(p for p in (code, level, name) if p)
        self.mapping = mapping
        return cleaned


MAPPING_HELP = gettext_lazy(
    "Pilih bank untuk setiap kategori di berkas. Pilihan Anda diingat untuk impor berikutnya "
    "dengan kategori yang sama."
)
