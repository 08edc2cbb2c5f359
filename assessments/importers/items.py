"""What every question format is turned into, and the checks and writes they share.

Each reader (tabular, GIFT, Moodle XML) produces :class:`QuestionItem` objects (or item-level
problems). :class:`Planner` then, for every item and without writing anything:

1. resolves its bank from the competency code, level and optional bank name
   (:meth:`Planner.bank_for`): an unknown competency is an error (``unknown_competency``) and
   competencies are never created; a missing bank is created on commit, but only then;
2. sanitises every text with :func:`clean_html` and collapses white space, noting removed
   scripts, event handlers and images (:attr:`Planner.notes`);
3. validates the content with :func:`validate_question` (``invalid_question``);
4. compares it with the questions already in the bank, by normalised text (tags removed,
   Unicode NFKC, white space collapsed, case ignored): identical content is ``unchanged``
   (so importing the same file twice changes nothing), different content with the same type
   becomes a new version (``update``), a different type is an error (``type_changed``).

Choice ids: readers give single and multiple choices no id (a letter or a position in a file
names a column, never the stored choice). ``validate_question`` gives them random ids for the
checks; on write those are dropped again and ``question_save`` keys the choices against the
question's current version, so a re-imported choice keeps its id when its text is the same
(:func:`assessments.questions.keyed_choices`). True/false keeps ``"true"``/``"false"``.

Duplicates inside one file (same bank, same normalised text) are ``duplicate_in_file`` errors on
every copy. :func:`run_items` runs this pipeline for GIFT and Moodle XML and writes all items in
one transaction, only when there is no error at all and ``commit`` is true; the tabular reader
uses the same :class:`Planner` through the ``lms.core.imports`` table pipeline.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lms.competencies.models import Competency
from lms.core.imports import ImportReport, Plan, RowError
from lms.core.imports.reading import limit

from ..grading import normalise_text, parse_number
from ..models import Question, QuestionBank, QuestionType
from ..questions import MAX_TEXT, clean_html, question_save, validate_question
from ..resources import MAX_PAIRS, TEMPLATE_COLUMNS, question_cells
from ..selectors import banks_editable_by

logger = logging.getLogger("lms.imports")

KIND = "questions"
PREVIEW_ITEMS = 50
MAX_NOTES = 20
MAX_POINTS = Decimal("999.99")
CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)


def max_items() -> int:
    """Most questions one file may hold (``LMS_IMPORT_MAX_QUESTIONS``, default 5,000)."""
    return limit("LMS_IMPORT_MAX_QUESTIONS", 5000)


def too_many_items_message() -> str:
    return _(
        "Berkas berisi lebih dari %(limit)s soal; pembacaan dihentikan di sini. Bagi soal ke "
        "beberapa berkas."
    ) % {"limit": f"{max_items():,}".replace(",", ".")}


# ------------------------------------------------------------------------------ text helpers


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


# ------------------------------------------------------------------------------------ items


@dataclass(frozen=True)
class Category:
    """The target bank named by a file: competency code, level, optional bank name."""

    code: str
    level: int
    bank: str = ""

    def __str__(self) -> str:
        return "/".join(p for p in (self.code, str(self.level), self.bank) if p)


@dataclass
class QuestionItem:
    """One question read from a file, before validation.

    ``number`` is the row (tabular) or the 1-based ordinal of the question (GIFT, XML); ``line``
    the GIFT line where it starts. Texts are as written (HTML allowed); the planner cleans them.
    """

    number: int
    question_type: str
    text: str
    data: dict
    explanation: str = ""
    points: Decimal = Decimal(1)
    category: Category | None = None
    line: int | None = None
    table_row: bool = False  # ``number`` is a spreadsheet row, not an ordinal

    def where(self) -> str:
        """``soal nomor 3 (baris 12)`` (GIFT), ``soal nomor 3`` (XML), ``baris 3`` (tabular)."""
        if self.table_row:
            return _("baris %(n)s") % {"n": self.number}
        if self.line is not None:
            return _("soal nomor %(n)s (baris %(line)s)") % {"n": self.number, "line": self.line}
        return _("soal nomor %(n)s") % {"n": self.number}

    def suffix(self) -> str:
        """`` (baris 12)`` for GIFT messages, else empty."""
        return _(" (baris %(line)s)") % {"line": self.line} if self.line is not None else ""


@dataclass(frozen=True)
class ItemProblem:
    """An item-level problem. ``field`` is logical (``category``, ``competency``, ``level``,
    ``bank``, ``type``, ``text``, ``data``, ``points``); each reader maps it to its column."""

    field: str
    code: str
    message: str


@dataclass
class NewBank:
    """A bank to create on commit."""

    competency: Competency
    level: int
    name: str
    bank: QuestionBank | None = None


@dataclass
class Payload:
    target: QuestionBank | NewBank
    question_type: str
    text: str
    data: dict
    explanation: str
    points: Decimal
    existing: Question | None = None


def signature(question_type: str, text: str, data: dict, explanation: str, points: Any) -> tuple:
    """Content of a question in comparable form (choice ids ignored except for true/false)."""
    body: Any
    if question_type in CHOICE_TYPES:
        choices = [c for c in data.get("choices") or [] if isinstance(c, dict)]
        if question_type == QuestionType.TRUE_FALSE:
            choices = sorted(choices, key=lambda c: str(c.get("id")))
        body = tuple(
            (
                str(c.get("id")) if question_type == QuestionType.TRUE_FALSE else "",
                clean(c.get("text")),
                bool(c.get("correct")),
                clean(c.get("feedback")),
            )
            for c in choices
        )
    elif question_type == QuestionType.SHORT:
        body = (
            tuple(collapse(a) for a in data.get("accepted") or []),
            bool(data.get("case_sensitive")),
        )
    elif question_type == QuestionType.NUMERIC:
        body = (parse_number(data.get("answer")), parse_number(data.get("tolerance", 0)))
    elif question_type == QuestionType.MATCHING:
        body = tuple(
            (clean(p.get("prompt")), clean(p.get("answer")))
            for p in data.get("pairs") or []
            if isinstance(p, dict)
        )
    else:
        body = repr(data)
    return (question_type, clean(text), body, clean(explanation), parse_number(points))


def _clean_data(question_type: str, data: dict) -> dict:
    """``data`` with every displayed text sanitised and collapsed (keys untouched)."""
    if question_type in CHOICE_TYPES:
        return {
            **data,
            "choices": [
                {**c, "text": clean(c.get("text")), "feedback": clean(c.get("feedback"))}
                for c in data.get("choices") or []
            ],
        }
    if question_type == QuestionType.SHORT:
        return {**data, "accepted": [collapse(a) for a in data.get("accepted") or []]}
    if question_type == QuestionType.MATCHING:
        return {
            **data,
            "pairs": [
                {**p, "prompt": clean(p.get("prompt")), "answer": clean(p.get("answer"))}
                for p in data.get("pairs") or []
            ],
        }
    return data


def _without_choice_ids(question_type: str, data: dict) -> dict:
    """``data`` with the ids the checks gave single/multiple choices removed, so that
    ``question_save`` matches the choices to the current version by text, never by an id that
    only existed during this import."""
    if question_type not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return data
    return {
        **data,
        "choices": [
            {key: value for key, value in choice.items() if key != "id"}
            for choice in data.get("choices") or []
        ],
    }


def _raw_texts(item: QuestionItem) -> list[str]:
    texts = [item.text, item.explanation]
    data = item.data
    for choice in data.get("choices") or []:
        texts += [str(choice.get("text") or ""), str(choice.get("feedback") or "")]
    for pair in data.get("pairs") or []:
        texts += [str(pair.get("prompt") or ""), str(pair.get("answer") or "")]
    return texts


class Planner:
    """Validates items against the database (reads only) and writes them on commit."""

    def __init__(self, user: Any = None) -> None:
        """``user``: whose import this is; questions go only into the banks they may edit
        (``assessments.selectors.banks_editable_by``, docs/security.md) and the banks the
        import creates are theirs. None: the operator, acting as the system."""
        self.user = user
        self.editable: set[int] | None = None
        if user is not None:
            self.editable = set(banks_editable_by(user).values_list("pk", flat=True))
        self.competencies = {c.code: c for c in Competency.objects.all()}
        self.competencies_ci: dict[str, list[Competency]] = {}
        for competency in self.competencies.values():
            self.competencies_ci.setdefault(competency.code.casefold(), []).append(competency)
        self.banks: dict[tuple[int, int], list[QuestionBank]] = {}
        for bank in QuestionBank.objects.select_related("competency"):
            self.banks.setdefault((bank.competency_id, bank.level), []).append(bank)
        self.new_banks: dict[tuple[int, int, str], NewBank] = {}
        self.existing: dict[int, dict[str, list[Question]]] = {}
        self.notes = Notes()

    # --- lookups

    def competency(self, code: str) -> Competency | None:
        code = collapse(code)
        found = self.competencies.get(code)
        if found is None:
            matches = self.competencies_ci.get(code.casefold(), [])
            found = matches[0] if len(matches) == 1 else None
        return found

    def bank_for(
        self, category: Category
    ) -> tuple[QuestionBank | NewBank | None, ItemProblem | None]:
        """The bank ``category`` names (existing, or to be created) or a problem."""
        competency = self.competency(category.code)
        if competency is None:
            return None, ItemProblem(
                "competency",
                "unknown_competency",
                _(
                    'Kode kompetensi "%(code)s" tidak dikenal. Pakai kode dari katalog '
                    "kompetensi (mis. LD.07); kompetensi tidak dibuat otomatis."
                )
                % {"code": category.code},
            )
        name = collapse(category.bank)
        banks = self.banks.get((competency.pk, category.level), [])
        if name:
            named = [b for b in banks if b.name.casefold() == name.casefold()]
            if len(named) == 1:
                return self._editable(named[0])
            if len(named) > 1:
                return None, self._ambiguous(competency, category.level)
        elif len(banks) == 1:
            return self._editable(banks[0])
        elif len(banks) > 1:
            return None, self._ambiguous(competency, category.level)
        if not name:
            name = _("%(name)s – Level %(level)s") % {
                "name": competency.name,
                "level": category.level,
            }
        if len(name) > QuestionBank._meta.get_field("name").max_length:
            return None, ItemProblem(
                "bank", "bank_name_too_long", _("Nama bank soal terlalu panjang (maks. 200).")
            )
        key = (competency.pk, category.level, name.casefold())
        if key not in self.new_banks:
            self.new_banks[key] = NewBank(competency, category.level, name)
        return self.new_banks[key], None

    def _editable(self, bank: QuestionBank) -> tuple[QuestionBank | None, ItemProblem | None]:
        if self.editable is None or bank.pk in self.editable:
            return bank, None
        return None, ItemProblem(
            "bank",
            "bank_not_editable",
            _(
                'Bank soal "%(name)s" (%(code)s level %(level)s) bukan bank kursus Anda; '
                "tidak ada soal yang ditulis ke sana. Minta BKPSDM membagikan bank itu, atau "
                "tulis nama bank baru di kategori."
            )
            % {"name": bank.name, "code": bank.competency.code, "level": bank.level},
        )

    def _ambiguous(self, competency: Competency, level: int) -> ItemProblem:
        names = sorted(b.name for b in self.banks.get((competency.pk, level), []))
        return ItemProblem(
            "bank",
            "ambiguous_bank",
            _(
                "Kompetensi %(code)s level %(level)s punya beberapa bank soal (%(names)s); "
                "sebutkan nama banknya."
            )
            % {"code": competency.code, "level": level, "names": "; ".join(names)},
        )

    def _questions_in(self, bank: QuestionBank) -> dict[str, list[Question]]:
        if bank.pk not in self.existing:
            by_text: dict[str, list[Question]] = {}
            queryset = Question.objects.filter(bank=bank, current_version__isnull=False)
            for question in queryset.select_related("current_version"):
                key = text_key(question.current_version.text)
                by_text.setdefault(key, []).append(question)
            self.existing[bank.pk] = by_text
        return self.existing[bank.pk]

    # --- checks

    def check(self, item: QuestionItem) -> tuple[Plan | None, list[ItemProblem]]:
        """Validate ``item``; returns its plan (None when there are problems) and problems."""
        problems: list[ItemProblem] = []
        for raw in _raw_texts(item):
            dropped, images = inspect_html(raw)
            if dropped:
                self.notes.add(
                    _("%(where)s: %(what)s dibuang dari teks (tidak diizinkan demi keamanan).")
                    % {"where": sentence(item.where()), "what": ", ".join(sorted(dropped))}
                )
            if images:
                self.notes.add(
                    _(
                        "%(where)s: gambar %(src)s dibuang; gambar di dalam teks soal tidak ikut "
                        "diimpor (tambahkan lewat admin bila perlu)."
                    )
                    % {"where": sentence(item.where()), "src": ", ".join(s or "?" for s in images)}
                )
        if item.question_type not in QuestionType.values:
            problems.append(
                ItemProblem(
                    "type",
                    "unsupported_type",
                    _('Jenis soal "%(type)s" tidak didukung.') % {"type": item.question_type}
                    + item.suffix(),
                )
            )
        target: QuestionBank | NewBank | None = None
        if item.category is None:
            problems.append(
                ItemProblem(
                    "category",
                    "missing_category",
                    _(
                        "Kategori bank soal tidak ada: sebelum soal ini tulis kategorinya (kode "
                        "kompetensi/level), mis. $CATEGORY: LD.07/2 di GIFT atau <question "
                        'type="category"> berisi $course$/LD.07/2 di Moodle XML.'
                    )
                    + item.suffix(),
                )
            )
        else:
            target, problem = self.bank_for(item.category)
            if problem:
                problems.append(
                    ItemProblem(problem.field, problem.code, problem.message + item.suffix())
                )
        text = clean(item.text)
        if not text_key(text):
            problems.append(
                ItemProblem("text", "invalid_question", _("Teks soal kosong.") + item.suffix())
            )
        elif len(text) > MAX_TEXT:
            problems.append(
                ItemProblem(
                    "text",
                    "invalid_question",
                    _("Teks soal terlalu panjang (maksimal %(max)s karakter).") % {"max": MAX_TEXT}
                    + item.suffix(),
                )
            )
        if not (Decimal(0) < item.points <= MAX_POINTS):
            problems.append(
                ItemProblem(
                    "points",
                    "invalid_points",
                    _("Bobot harus lebih dari 0 dan paling banyak %(max)s.") % {"max": MAX_POINTS}
                    + item.suffix(),
                )
            )
        pairs = item.data.get("pairs") or [] if item.question_type == QuestionType.MATCHING else []
        if len(pairs) > MAX_PAIRS:
            problems.append(
                ItemProblem(
                    "data",
                    "too_many_pairs",
                    _("Soal ini punya %(count)s pasangan; paling banyak %(max)s.")
                    % {"count": len(pairs), "max": MAX_PAIRS}
                    + item.suffix(),
                )
            )
        cleaned: dict = {}
        if item.question_type in QuestionType.values:
            try:
                # The text is checked above; "-" keeps validate_question's messages to the data.
                cleaned = validate_question(
                    item.question_type, "-", _clean_data(item.question_type, item.data)
                )
            except ValidationError as error:
                problems.extend(
                    ItemProblem("data", "invalid_question", str(message) + item.suffix())
                    for message in error.messages
                )
        if problems or target is None:
            return None, problems
        explanation = clean(item.explanation)
        key = text_key(text)
        payload = Payload(target, item.question_type, text, cleaned, explanation, item.points)
        if isinstance(target, NewBank):
            bank_key: Hashable = ("new", target.competency.pk, target.level, target.name.casefold())
            return Plan(item.number, "create", (bank_key, key), payload), []
        same_text = self._questions_in(target).get(key, [])
        incoming = signature(item.question_type, text, cleaned, explanation, item.points)
        action = "create"
        for question in same_text:
            version = question.current_version
            existing = signature(
                question.type, version.text, version.data, version.explanation, version.points
            )
            if existing == incoming:
                action = "unchanged"
                break
        else:
            if len(same_text) > 1:
                return None, [
                    ItemProblem(
                        "text",
                        "ambiguous_question",
                        _(
                            "Bank soal ini sudah berisi %(count)s soal dengan teks yang sama; "
                            "rapikan bank soal di admin lebih dulu."
                        )
                        % {"count": len(same_text)}
                        + item.suffix(),
                    )
                ]
            if same_text:
                existing_question = same_text[0]
                if existing_question.type != item.question_type:
                    return None, [
                        ItemProblem(
                            "type",
                            "type_changed",
                            _(
                                'Soal dengan teks yang sama sudah ada di bank ini dengan jenis "%('
                                'old)s"; jenis soal tidak dapat diubah. Buat soal dengan teks lain.'
                            )
                            % {"old": existing_question.type}
                            + item.suffix(),
                        )
                    ]
                payload.existing = existing_question
                action = "update"
        return Plan(item.number, action, (("bank", target.pk), key), payload), []

    # --- writes

    def _bank(self, target: QuestionBank | NewBank) -> QuestionBank:
        if isinstance(target, QuestionBank):
            return target
        if target.bank is None:
            # Serialise bank creation per competency; a bank that appeared since the checks
            # (another import) is a write conflict: everything rolls back, the user re-runs.
            list(
                Competency.objects.select_for_update()
                .filter(pk=target.competency.pk)
                .values_list("pk", flat=True)
            )
            if QuestionBank.objects.filter(
                competency=target.competency, level=target.level, name__iexact=target.name
            ).exists():
                raise IntegrityError("question bank created by a concurrent import")
            bank = QuestionBank(
                competency=target.competency,
                level=target.level,
                name=target.name,
                created_by=self.user,
            )
            bank.full_clean()
            bank.save()
            target.bank = bank
        return target.bank

    def write(self, plans: list[Plan]) -> None:
        """Store every ``create``/``update`` plan; call inside a transaction."""
        for plan in plans:
            if plan.action not in ("create", "update"):
                continue
            payload: Payload = plan.payload
            question_save(
                bank=self._bank(payload.target),
                question_type=payload.question_type,
                text=payload.text,
                data=_without_choice_ids(payload.question_type, payload.data),
                explanation=payload.explanation,
                points=payload.points,
                question=payload.existing,
            )


# ---------------------------------------------------------------------- GIFT / XML pipeline


@dataclass
class ParsedFile:
    """What a GIFT or Moodle XML reader found: items, item-level errors, notes, and the number
    of questions seen (``total``, including those that could not be read)."""

    items: list[QuestionItem] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total: int = 0


def _preview(item: QuestionItem) -> dict[str, str]:
    category = item.category
    cells = question_cells(
        competency_code=category.code if category else "",
        level=category.level if category else "",
        bank=category.bank if category else "",
        question_type=item.question_type,
        text=clean(item.text),
        data=item.data,
        explanation=clean(item.explanation),
        points=item.points,
    )
    row = {name: cells.get(name, "") for name in TEMPLATE_COLUMNS}
    row["_row"] = str(item.number)
    return row


def run_items(
    parsed: ParsedFile,
    filename: str,
    *,
    commit: bool,
    columns: dict[str, str],
    user: Any = None,
) -> ImportReport:
    """Check every parsed item and, when there is no error and ``commit``, write them all in
    one transaction. ``columns`` maps the logical problem fields to the reader's column names.
    """
    planner = Planner(user)
    errors = list(parsed.errors)
    report = ImportReport(
        kind=KIND,
        filename=filename,
        total_rows=parsed.total,
        valid_rows=0,
        created=0,
        updated=0,
        errors=errors,
        committed=False,
        preview=[],
        columns=list(TEMPLATE_COLUMNS),
        notes=list(parsed.notes),
    )
    plans: list[Plan] = []
    keys: dict[Hashable, list[int]] = {}
    failed = {error.row for error in errors}
    for item in parsed.items:
        if len(report.preview) < PREVIEW_ITEMS:
            report.preview.append(_preview(item))
        plan, problems = planner.check(item)
        for problem in problems:
            errors.append(
                RowError(
                    item.number,
                    columns.get(problem.field, problem.field),
                    problem.code,
                    problem.message,
                )
            )
            failed.add(item.number)
        if plan is not None:
            plans.append(plan)
            keys.setdefault(plan.key, []).append(item.number)
    lines = {item.number: item for item in parsed.items}
    for numbers in keys.values():
        if len(numbers) < 2:
            continue
        for number in numbers:
            others = ", ".join(str(n) for n in numbers if n != number)
            errors.append(
                RowError(
                    number,
                    columns.get("text", "text"),
                    "duplicate_in_file",
                    _(
                        "Soal yang sama (bank dan teks sama) muncul lebih dari sekali dalam "
                        "berkas (juga soal nomor %(others)s). Sisakan satu saja."
                    )
                    % {"others": others}
                    + lines[number].suffix(),
                )
            )
            failed.add(number)
    good = [plan for plan in plans if plan.row not in failed]
    report.valid_rows = max(parsed.total - len(failed), 0)
    report.created = sum(plan.action == "create" for plan in good)
    report.updated = sum(plan.action == "update" for plan in good)
    report.unchanged = sum(plan.action == "unchanged" for plan in good)
    report.notes.extend(planner.notes.result())
    errors.sort(key=lambda error: (error.row, error.column))
    if parsed.total == 0 and not errors:
        report.notes.append(_("Berkas tidak berisi soal; tidak ada yang diimpor."))
    if errors or not commit:
        return report
    try:
        with transaction.atomic():
            planner.write(good)
    except IntegrityError:
        logger.exception("question import write conflict: file=%r", filename)
        errors.append(
            RowError(
                0,
                "",
                "write_conflict",
                _(
                    "Data berubah saat impor sedang disimpan (mis. impor lain berjalan "
                    "bersamaan); tidak ada yang disimpan. Ulangi impor."
                ),
            )
        )
        return report
    report.committed = True
    logger.info(
        "import committed: user_id=%s kind=%s file=%r items=%s created=%s updated=%s",
        getattr(user, "pk", None),
        KIND,
        filename,
        report.total_rows,
        report.created,
        report.updated,
    )
    return report


# ----------------------------------------------------------------------------- categories

_SLASH = "\x00"
_LEVEL_RE = re.compile(r"(?:level|lvl|l)?\s*([1-5])", re.IGNORECASE)
_CONTEXT_RE = re.compile(r"\$[a-z]+\$", re.IGNORECASE)


class CategoryError(ValueError):
    """A category path that does not name a bank; ``str()`` is the Indonesian message."""


def parse_category(path: str) -> Category:
    """``LD.07/2/Nama bank`` -> Category("LD.07", 2, "Nama bank").

    Leading Moodle context segments (``$course$``, ``$system$``, ...) and ``top`` are skipped;
    ``//`` stands for a ``/`` inside a name (Moodle's escaping). The level may be written
    ``2``, ``L2`` or ``Level 2``.
    """
    parts = [collapse(part.replace(_SLASH, "/")) for part in path.replace("//", _SLASH).split("/")]
    parts = [part for part in parts if part]
    while parts and (_CONTEXT_RE.fullmatch(parts[0]) or parts[0].casefold() == "top"):
        parts.pop(0)
    example = "LD.07/2/Keamanan Digital Pribadi"
    if len(parts) < 2:
        raise CategoryError(
            _(
                'Kategori "%(path)s" tidak menyebut bank soal; tulis KODE KOMPETENSI/LEVEL[/nama '
                "bank], mis. %(example)s."
            )
            % {"path": collapse(path), "example": example}
        )
    match = _LEVEL_RE.fullmatch(parts[1])
    if match is None:
        raise CategoryError(
            _(
                'Level "%(level)s" pada kategori "%(path)s" harus angka 1 sampai 5, mis. '
                "%(example)s."
            )
            % {"level": parts[1], "path": collapse(path), "example": example}
        )
    return Category(parts[0], int(match[1]), "/".join(parts[2:]))
