"""Checking question items against the database, and writing them on commit.

:class:`Planner`, for every :class:`~.items.QuestionItem` and without writing anything:

1. resolves its bank from the competency code, level and optional bank name
   (:meth:`Planner.bank_for`): an unknown competency is an error (``unknown_competency``) and
   competencies are never created; a missing bank is created on commit, but only then;
2. sanitises every text with :func:`~.sanitize.clean` and collapses white space, noting removed
   scripts, event handlers and images (:attr:`Planner.notes`);
3. validates the content with :func:`validate_question` (``invalid_question``);
4. compares it with the questions already in the bank: first by its source identity
   (``Question.source_ref``: Moodle category and name, GIFT category and ``::title::``;
   :meth:`~.items.QuestionItem.source_ref`), then by normalised text
   (:func:`~.sanitize.text_key`). Identical content is ``unchanged`` (so importing the same
   file twice changes nothing); the question with the item's identity gets a new version
   (``update``) even when its stem changed; an item with an identity the bank does not know
   updates only a same-stem question that has no identity yet (and gives it one), else it
   is a new question (a variant, noted); an item without identity updates the only question
   with its stem. A different type is an error (``type_changed``).

The plan's key (bank, normalised text, answers) is what the pipeline's duplicate detection
compares: two items with the same key are ``duplicate_in_file`` errors on every copy; the same
stem with other answers is a variant, a question of its own. Once every item is checked,
:func:`.versions.settle` turns updates of a stem several items share into new questions and
refuses an update that changes the key unless the run allows it. A category that names no bank
takes the run's chosen bank (:func:`chosen_bank`, ``--bank``) when there is one.

Choice ids: readers give single and multiple choices no id (a letter or a position in a file
names a column, never the stored choice). ``validate_question`` gives them random ids for the
checks; on write those are dropped again and ``question_save`` keys the choices against the
question's current version, so a re-imported choice keeps its id when its text is the same
(:func:`assessments.questions.keyed_choices`). True/false keeps ``"true"``/``"false"``.

:meth:`Planner.write` runs inside the pipeline's transaction and writes through services only
(``bank_save``, ``question_save``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from lms.competencies.models import Competency
from lms.core.imports import Plan, RunContext

from ..models import CategoryMapping, Question, QuestionBank, QuestionType
from ..questions import MAX_TEXT, validate_question
from ..resources import MAX_PAIRS
from ..selectors import banks_editable_by
from ..services.banks import bank_save
from ..services.mappings import category_mappings_remember
from ..services.questions import question_save
from .content import cleaned_data, raw_texts, signature, without_choice_ids
from .items import Category, ItemProblem, QuestionItem, parse_category, source_path
from .media import QuestionMedia
from .sanitize import Notes, clean, collapse, inspect_html, is_blank, sentence, text_key
from .versions import answer_key, settle

MAX_POINTS = Decimal("999.99")


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
    key_changed: bool = False  # an update whose correct answers differ from the current ones
    suffix: str = ""  # where the item is, for messages written after the checks
    source_ref: str = ""  # the item's identity in its file (Question.source_ref)
    by_source: bool = False  # ``existing`` was found by ``source_ref``, not by the stem


def chosen_bank(value: Any) -> Category | None:
    """The ``bank`` option of a run (``LD.07/2`` or ``LD.07/2/Nama bank``, or a Category) as
    a Category, None when empty; ``ValidationError`` (Indonesian) for a value that names no
    bank or an unknown competency. The bank itself is created on commit only."""
    if value in (None, ""):
        return None
    category = value if isinstance(value, Category) else parse_category(str(value))
    if category.problem:
        raise ValidationError(
            _("Pilihan bank soal tidak valid: %(problem)s") % {"problem": category.problem},
            code="bad_bank_option",
        )
    code = collapse(category.code)
    if not Competency.objects.filter(code__iexact=code).exists():
        raise ValidationError(
            _(
                'Pilihan bank soal tidak valid: kode kompetensi "%(code)s" tidak dikenal. Pakai '
                "kode dari katalog kompetensi (mis. LD.07); kompetensi tidak dibuat otomatis."
            )
            % {"code": code},
            code="bad_bank_option",
        )
    return category


class Planner:
    """Validates items against the database (reads only) and writes them on commit."""

    def __init__(
        self,
        user: Any = None,
        *,
        bank: Category | None = None,
        mapping: dict[str, QuestionBank | Category | None] | None = None,
    ) -> None:
        """``user``: whose import this is; questions go only into the banks they may edit
        (``assessments.selectors.banks_editable_by``, docs/security.md) and the banks the
        import creates are theirs. None: the operator, acting as the system. ``bank``: the
        run's chosen bank for questions whose category names none (:func:`chosen_bank`).
        ``mapping``: the preview's choice per source category (:mod:`.mapping`; None: follow
        the file); a category it does not name takes the user's remembered bank."""
        self.user = user
        self.chosen = bank
        self.mapping = dict(mapping or {})
        self.editable: set[int] | None = None
        self.remembered: dict[str, QuestionBank] = {}
        if user is not None:
            self.editable = set(banks_editable_by(user).values_list("pk", flat=True))
            for remembered in CategoryMapping.objects.filter(user=user).select_related(
                "bank__competency"
            ):
                self.remembered[remembered.source_path] = remembered.bank
        #: Per source category, in file order: how many items, where they go, and how.
        self.groups: dict[str, dict[str, Any]] = {}
        self.competencies = {c.code: c for c in Competency.objects.all()}
        self.competencies_ci: dict[str, list[Competency]] = {}
        for competency in self.competencies.values():
            self.competencies_ci.setdefault(competency.code.casefold(), []).append(competency)
        self.banks: dict[tuple[int, int], list[QuestionBank]] = {}
        for bank in QuestionBank.objects.select_related("competency"):
            self.banks.setdefault((bank.competency_id, bank.level), []).append(bank)
        self.new_banks: dict[tuple[int, int, str], NewBank] = {}
        self.existing: dict[int, dict[str, list[Question]]] = {}
        self.sources: dict[int, dict[str, Question]] = {}  # bank -> source_ref -> question
        self.notes = Notes()
        self.media = QuestionMedia(self.notes)  # embedded images, stored on commit only

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
            by_source: dict[str, Question] = {}
            queryset = Question.objects.filter(bank=bank, current_version__isnull=False)
            for question in queryset.select_related("current_version"):
                key = text_key(question.current_version.text)
                by_text.setdefault(key, []).append(question)
                if question.source_ref:
                    by_source[question.source_ref] = question
            self.existing[bank.pk] = by_text
            self.sources[bank.pk] = by_source
        return self.existing[bank.pk]

    def _sourced_in(self, bank: QuestionBank) -> dict[str, Question]:
        self._questions_in(bank)
        return self.sources[bank.pk]

    def target_for(
        self, item: QuestionItem
    ) -> tuple[QuestionBank | NewBank | None, ItemProblem | None]:
        """The bank of ``item``: the one its category names, else the run's chosen bank
        (``--bank``) when the category names none (Moodle's ``$course$/top/Default for ...``)
        or is missing; a category whose first segment is a known competency but whose level
        is wrong stays an error, so a typo never lands in the chosen bank."""
        category = item.category
        path = source_path(category.path) if category is not None else ""
        group = self.groups.setdefault(path, {"count": 0, "target": None, "how": "file"})
        group["count"] += 1
        choice = self._mapped(path)
        if choice is not None:
            group["how"] = "mapped" if path in self.mapping else "remembered"
            group["choice"] = choice
            if isinstance(choice, QuestionBank):
                target, problem = self._editable(choice)
            else:
                target, problem = self.bank_for(choice)
            if problem:
                problem = ItemProblem(problem.field, problem.code, problem.message + item.suffix())
            group["target"] = group["target"] or target
            return target, problem
        target, problem = self._unmapped(item, category)
        group["target"] = group["target"] or target
        return target, problem

    def _mapped(self, path: str) -> QuestionBank | Category | None:
        """The bank chosen for a source category: in this run's mapping, else remembered
        (while the user may still edit it); None: the file (or ``--bank``) decides."""
        if path in self.mapping:
            return self.mapping[path]
        remembered = self.remembered.get(path)
        if remembered is None:
            return None
        if self.editable is not None and remembered.pk not in self.editable:
            self.notes.add(
                _(
                    'Pilihan bank tersimpan untuk kategori "%(path)s" (%(bank)s) tidak dipakai: '
                    "Anda tidak lagi dapat mengubah bank itu."
                )
                % {"path": path or _("(tanpa kategori)"), "bank": remembered.name}
            )
            return None
        return remembered

    def _unmapped(
        self, item: QuestionItem, category: Category | None
    ) -> tuple[QuestionBank | NewBank | None, ItemProblem | None]:
        named = category is not None and not category.problem
        if named:
            target, problem = self.bank_for(category)
        elif self.chosen is not None and (
            category is None or self.competency(category.code) is None
        ):
            target, problem = self.bank_for(self.chosen)
        elif category is None:
            return None, ItemProblem(
                "category",
                "missing_category",
                _(
                    "Kategori bank soal tidak ada: sebelum soal ini tulis kategorinya (kode "
                    "kompetensi/level), mis. $CATEGORY: LD.07/2 di GIFT atau <question "
                    'type="category"> berisi $course$/LD.07/2 di Moodle XML, atau pilih bank '
                    "untuk soal tanpa kategori (--bank KODE/LEVEL, atau pilihan bank di admin)."
                )
                + item.suffix(),
            )
        else:
            where = (
                _(" (kategori di baris %(line)s)") % {"line": category.line}
                if category.line is not None
                else item.suffix()
            )
            return None, ItemProblem("category", "bad_category", category.problem + where)
        if problem:
            problem = ItemProblem(problem.field, problem.code, problem.message + item.suffix())
        return target, problem

    # --- checks

    def check(self, item: QuestionItem) -> tuple[Plan | None, list[ItemProblem]]:
        """Validate ``item``; returns its plan (None when there are problems) and problems."""
        problems: list[ItemProblem] = []
        for raw in raw_texts(item):
            dropped, images = inspect_html(raw)
            if dropped:
                self.notes.add(
                    _("%(where)s: %(what)s dibuang dari teks (tidak diizinkan demi keamanan).")
                    % {"where": sentence(item.where()), "what": ", ".join(sorted(dropped))}
                )
            if images:
                self.notes.add(
                    _(
                        "%(where)s: gambar %(src)s dibuang; hanya gambar yang disematkan di berkas "
                        "Moodle XML yang ikut diimpor."
                    )
                    % {"where": sentence(item.where()), "src": ", ".join(s or "?" for s in images)}
                )
        problems += self.media.prepare(item)  # after the notes, which see the raw tags
        if item.question_type not in QuestionType.values:
            problems.append(
                ItemProblem(
                    "type",
                    "unsupported_type",
                    _('Jenis soal "%(type)s" tidak didukung.') % {"type": item.question_type}
                    + item.suffix(),
                )
            )
        target, problem = self.target_for(item)
        if problem:
            problems.append(ItemProblem(problem.field, problem.code, problem.message))
        text = clean(item.text)
        if is_blank(text):  # an image-only text is not empty
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
                    item.question_type, "-", cleaned_data(item.question_type, item.data)
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
        payload.suffix = item.suffix()
        payload.source_ref = item.source_ref()
        incoming = signature(item.question_type, text, cleaned, explanation, item.points)
        # Same stem, other answers: a variant, never a duplicate (issue 10).
        answers = (incoming[0], incoming[2])
        if isinstance(target, NewBank):
            bank_key: Hashable = ("new", target.competency.pk, target.level, target.name.casefold())
            return Plan(item.number, "create", (bank_key, key, answers), payload), []
        plan_key = (("bank", target.pk), key, answers)
        same_text = self._questions_in(target).get(key, [])
        if payload.source_ref in self._sourced_in(target):
            return self._by_source(item, payload, plan_key, target, incoming)
        for question in same_text:
            version = question.current_version
            existing = signature(
                question.type, version.text, version.data, version.explanation, version.points
            )
            if existing == incoming:
                return Plan(item.number, "unchanged", plan_key, payload), []
        if payload.source_ref:
            # A question that has an identity is updated only by the item that has it; one
            # without (written in the admin, imported before identities) as before, by stem.
            anonymous = [question for question in same_text if not question.source_ref]
            if anonymous:
                return self._by_stem(item, payload, plan_key, anonymous)
            if same_text:
                self.notes.add(
                    _(
                        "%(where)s: bank ini sudah berisi soal dengan teks yang sama tetapi "
                        "jawaban lain; soal ini disimpan sebagai soal tersendiri (varian) dan "
                        "soal yang ada tidak diubah."
                    )
                    % {"where": sentence(item.where())}
                )
            return Plan(item.number, "create", plan_key, payload), []
        return self._by_stem(item, payload, plan_key, same_text)

    def _by_stem(
        self, item: QuestionItem, payload: Payload, plan_key: Hashable, same_text: list[Question]
    ) -> tuple[Plan | None, list[ItemProblem]]:
        """The only question of the bank with the item's stem (none: ``create``) gets a new
        version; several are ambiguous, another type an error."""
        if len(same_text) > 1:
            return None, [
                ItemProblem(
                    "text",
                    "ambiguous_question",
                    _(
                        "Bank soal ini sudah berisi %(count)s soal dengan teks yang sama dan "
                        "soal ini tidak sama persis dengan salah satunya; rapikan bank soal di "
                        "admin lebih dulu, atau ubah teks soal ini bila ia varian baru."
                    )
                    % {"count": len(same_text)}
                    + item.suffix(),
                )
            ]
        if not same_text:
            return Plan(item.number, "create", plan_key, payload), []
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
        version = existing_question.current_version
        payload.key_changed = answer_key(item.question_type, payload.data) != answer_key(
            existing_question.type, version.data
        )
        return Plan(item.number, "update", plan_key, payload), []

    def _by_source(
        self,
        item: QuestionItem,
        payload: Payload,
        plan_key: Hashable,
        target: QuestionBank,
        incoming: tuple,
    ) -> tuple[Plan | None, list[ItemProblem]]:
        """The question of the bank with the item's source identity: ``unchanged`` when its
        content is the same, else ``update`` (a new version, its key compared by
        :func:`.versions.settle`); a different type is an error."""
        existing = self._sourced_in(target)[payload.source_ref]
        version = existing.current_version
        current = signature(
            existing.type, version.text, version.data, version.explanation, version.points
        )
        if current == incoming:
            return Plan(item.number, "unchanged", plan_key, payload), []
        if existing.type != item.question_type:
            return None, [
                ItemProblem(
                    "type",
                    "type_changed",
                    _(
                        "Soal dengan nama dan kategori yang sama sudah ada di bank ini dengan "
                        'jenis "%(old)s"; jenis soal tidak dapat diubah. Beri soal ini nama lain '
                        "di Moodle bila ini soal lain."
                    )
                    % {"old": existing.type}
                    + item.suffix(),
                )
            ]
        payload.existing, payload.by_source = existing, True
        payload.key_changed = answer_key(item.question_type, payload.data) != answer_key(
            existing.type, version.data
        )
        return Plan(item.number, "update", plan_key, payload), []

    def finish(self, plans: list[Plan], ctx: RunContext, column: Callable[[str, str], str]) -> None:
        """Settle the updates once every item is checked (:func:`.versions.settle`)."""
        settle(plans, ctx, column, notes=self.notes)

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
            target.bank = bank_save(
                bank=QuestionBank(
                    competency=target.competency,
                    level=target.level,
                    name=target.name,
                    created_by=self.user,
                )
            )
        return target.bank

    def write(self, plans: list[Plan]) -> None:
        """Store every ``create``/``update`` plan, then remember the run's mapping (the
        user's choice per category, :mod:`.mapping`); call inside a transaction."""
        self._write(plans)
        if self.user is None:
            return
        choices: dict[str, QuestionBank | None] = {}
        for path in self.mapping:
            group = self.groups.get(path)
            if group is None:
                continue  # a category not in this file (or only skipped questions)
            target = group["target"]
            if self.mapping[path] is None:
                choices[path] = None
            elif isinstance(target, NewBank):
                if target.bank is not None:
                    choices[path] = target.bank
            elif target is not None:
                choices[path] = target
        if choices:
            category_mappings_remember(user=self.user, choices=choices)

    def _write(self, plans: list[Plan]) -> None:
        for plan in plans:
            if plan.action not in ("create", "update"):
                continue
            payload: Payload = plan.payload
            self.media.store(payload, user=self.user)
            question_save(
                bank=self._bank(payload.target),
                question_type=payload.question_type,
                text=payload.text,
                data=without_choice_ids(payload.question_type, payload.data),
                explanation=payload.explanation,
                points=payload.points,
                question=payload.existing,
                source_ref=payload.source_ref or None,
            )
