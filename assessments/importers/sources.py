"""GIFT and Moodle XML files as item sources of the ``lms.core.imports`` pipeline.

The readers (:mod:`.gift`, :mod:`.moodle_xml`) turn a file into :class:`~.items.QuestionItem`
objects; :class:`QuestionItems` plugs them into the core pipeline (``ItemHandler``): the
:class:`~.planner.Planner` checks each item (bank, sanitising, validation, comparison with the
bank) and writes them on commit, and the pipeline does duplicates inside the file, counts, the
dry run, the all-or-nothing commit and the report. Problems name the reader's column (e.g.
``questiontext`` in Moodle XML, ``answers`` in GIFT).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from lms.core.imports import ItemFile, ItemHandler, Plan, RunContext

from ..resources import TEMPLATE_COLUMNS, question_cells
from . import gift, moodle_xml
from .items import KIND, Category, QuestionItem
from .mapping import bank_label, mapping_value
from .planner import NewBank, Planner
from .sanitize import clean, collapse

UNSUPPORTED = "unsupported_type"
_TITLE_RE = re.compile(r"\s*::((?:\\.|[^:\\]|:(?!:))*)::")


class QuestionItems(ItemHandler):
    """Questions read by a non-tabular reader; subclasses implement ``read``."""

    name: ClassVar[str] = KIND
    columns: ClassVar[tuple[str, ...]] = tuple(TEMPLATE_COLUMNS)
    #: Logical problem field (``category``, ``text``, ``data``, ...) -> the reader's column.
    fields: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        self.planner: Planner | None = None
        self.items: dict[int, QuestionItem] = {}

    def read(self, data: bytes, ctx: RunContext) -> ItemFile:
        """The reader's items; with ``skip_unsupported`` its ``unsupported_type`` errors
        become skipped items (listed in the report, nothing written), else they reject the
        run as any error does."""
        parsed = self.parse(data)
        self.unique_refs(parsed)
        if ctx.options.get("skip_unsupported"):
            parsed.skipped = [e for e in parsed.errors if e.code == UNSUPPORTED]
            parsed.errors = [e for e in parsed.errors if e.code != UNSUPPORTED]
        elif any(error.code == UNSUPPORTED for error in parsed.errors):
            parsed.notes.append(
                _(
                    "Soal berjenis yang tidak didukung menolak seluruh berkas; untuk mengimpor "
                    "soal lainnya dan melewati soal itu, pakai --skip-unsupported (di admin: "
                    'centang "Lewati soal yang jenisnya tidak didukung").'
                )
            )
        return parsed

    def parse(self, data: bytes) -> ItemFile:
        raise NotImplementedError

    @staticmethod
    def unique_refs(parsed: ItemFile) -> None:
        """Moodle does not keep question names unique: items sharing a source identity
        (same category and name) are matched by their content instead, with a note."""
        seen: dict[str, list[QuestionItem]] = {}
        for item in parsed.items:
            if ref := item.source_ref():
                seen.setdefault(ref, []).append(item)
        for items in seen.values():
            if len(items) < 2:
                continue
            for item in items:
                item.ref_unique = False
            parsed.notes.append(
                _(
                    'Nama soal "%(name)s" dipakai %(count)s kali dalam kategori yang sama (soal '
                    "nomor %(numbers)s); soal-soal itu dikenali dari teks dan jawabannya, bukan "
                    "dari namanya."
                )
                % {
                    "name": items[0].name,
                    "count": len(items),
                    "numbers": ", ".join(str(item.number) for item in items),
                }
            )

    def scope_ids(self, user: Any) -> frozenset[int] | None:
        return None  # questions belong to no OPD; the planner keeps to the user's banks

    def prepare(self, ctx: RunContext) -> None:
        self.planner = Planner(
            ctx.user, bank=ctx.options.get("bank"), mapping=ctx.options.get("mapping")
        )

    def groups(self) -> list[dict]:
        """The file's source categories for the preview's mapping (:mod:`.mapping`): key,
        label, count, where their questions go (``target``, "" when they cannot go
        anywhere yet), how (``file``/``mapped``/``remembered``), and the current choice
        (``choice``; with ``new_code``/``new_level``/``new_name`` for a new bank)."""
        if self.planner is None:
            return []
        groups = []
        for path, group in self.planner.groups.items():
            choice = group.get("choice")
            target = group["target"]
            if isinstance(target, NewBank):
                where = _("bank baru %(code)s level %(level)s: %(name)s") % {
                    "code": target.competency.code,
                    "level": target.level,
                    "name": target.name,
                }
            else:
                where = bank_label(target) if target is not None else ""
            entry = {
                "key": path,
                "label": path or _("(tanpa kategori)"),
                "count": group["count"],
                "target": where,
                "how": group["how"],
                "choice": mapping_value(choice),
            }
            if isinstance(choice, Category):
                entry.update(
                    new_code=choice.code, new_level=str(choice.level), new_name=choice.bank
                )
            groups.append(entry)
        return groups

    def preview(self, item: QuestionItem) -> dict[str, str]:
        category = item.category
        named = category is not None and not category.problem
        cells = question_cells(  # a category that names no bank is shown as written
            competency_code=(category.code if named else category.path) if category else "",
            level=category.level if named else "",
            bank=category.bank if named else "",
            question_type=item.question_type,
            text=clean(item.text),
            data=item.data,
            explanation=clean(item.explanation),
            points=item.points,
        )
        return {name: cells.get(name, "") for name in TEMPLATE_COLUMNS}

    def clean(self, item: QuestionItem, ctx: RunContext) -> Plan | None:
        self.items[item.number] = item
        plan, problems = self.planner.check(item)
        for problem in problems:
            column = self.fields.get(problem.field, problem.field)
            ctx.error(item.number, column, problem.code, problem.message)
        return plan

    def finish(self, plans: list[Plan], ctx: RunContext) -> None:
        self.planner.finish(plans, ctx, lambda field, _type: self.fields.get(field, field))

    def duplicate_error(self, row: int, others: str) -> tuple[str, str]:
        return self.fields.get("text", "text"), _(
            "Soal yang sama (bank, teks dan jawaban sama) muncul lebih dari sekali dalam "
            "berkas (juga soal nomor %(others)s). Sisakan satu saja."
        ) % {"others": others} + self.items[row].suffix()

    def notes(self) -> list[str]:
        return self.planner.notes.result() if self.planner else []

    def empty_note(self) -> str:
        return _("Berkas tidak berisi soal; tidak ada yang diimpor.")

    def write(self, plans: list[Plan], ctx: RunContext) -> None:
        self.planner.write(plans)


class GiftQuestions(QuestionItems):
    """A GIFT file, already decoded by the kind's format detection."""

    fields: ClassVar[dict[str, str]] = gift.COLUMNS

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def parse(self, data: bytes) -> ItemFile:
        parsed = gift.parse_gift(self.text)
        lines = self.text.splitlines()
        for item in parsed.items:  # the ::title:: as the item's name, for the messages
            if item.line is not None and 0 < item.line <= len(lines):
                title = _TITLE_RE.match(lines[item.line - 1])
                item.name = collapse(title[1].replace("\\:", ":"))[:80] if title else ""
        return parsed


class MoodleXmlQuestions(QuestionItems):
    """A Moodle XML file (``<quiz>``)."""

    fields: ClassVar[dict[str, str]] = moodle_xml.COLUMNS

    def parse(self, data: bytes) -> ItemFile:
        return moodle_xml.parse_moodle_xml(data)
