"""Admin forms of questions: one form per question type.

Each builds the ``data`` dict of a question version from plain rows of fields (up to
``MAX_CHOICES`` choices or ``MAX_PAIRS`` pairs), runs it through ``questions.validate_question``
(its messages become form errors) and is saved by the viewset through
``services.questions.question_save``, which adds a new version on every change. Choice and pair
ids are given by the server, never taken from the request: row *n* keeps the id it had in the
current version; a new choice row gets a random id from ``questions.keyed_choices`` (through
``validate_question``), a new pair row the next unused number.

The text and the explanation are edited with Draftail (``rich_text``), or as HTML source when
the stored text holds what the editor cannot (an imported table or image).
"""

from decimal import Decimal
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, Panel

from ..models import Question, QuestionBank, QuestionType
from ..questions import MAX_TEXT, clean_html, validate_question
from ..selectors import banks_editable_by
from ..selectors.authoring import bank_size_label, banks_with_sizes
from .panels import FieldTablePanel, QuestionVersionPanel
from .rich_text import QuestionTextField, editor_can_hold, editor_normal_form, use_html_source

MAX_CHOICES = 6
MAX_PAIRS = 6
TRUE_FALSE_TEXT = {"true": "Benar", "false": "Salah"}  # stored content, like imported questions
HTML_HELP = _(
    "Sorot teks untuk memformatnya: tebal, miring, kode, superskrip, subskrip, daftar bernomor "
    "atau berbutir. Teks yang ditempel hanya membawa format itu; tautan, gambar dan skrip dibuang."
)
EMPTY_TEXT = _("Teks soal kosong setelah format yang tidak diizinkan dihapus.")


class QuestionForm(WagtailAdminModelForm):
    """Fields shared by every question type; a subclass per type adds its own rows and turns
    them into the version's ``data`` (``build_data``) and back (``initial_from_data``).

    After ``is_valid()``: ``question_data`` is the validated data, ``unchanged`` says whether
    the content equals the current version (then no new version is needed).
    """

    question_type: str = ""

    text = QuestionTextField(
        label=_("Teks soal"),
        max_length=MAX_TEXT,
        blank_message=EMPTY_TEXT,
        help_text=HTML_HELP,
    )
    points = forms.DecimalField(
        label=_("Bobot"),
        min_value=Decimal("0.01"),
        max_value=Decimal("999.99"),
        decimal_places=2,
        initial=Decimal(1),
        help_text=_("Nilai soal ini bila dijawab benar sepenuhnya."),
    )
    explanation = QuestionTextField(
        label=_("Pembahasan"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_("Ditampilkan kepada peserta sesuai kebijakan pembahasan kuis."),
    )

    class Meta:
        model = Question
        fields = ["bank", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = self.instance.current_version if self.instance.pk else None
        self.question_data: dict = {}
        self.unchanged = False
        if "bank" in self.fields:
            bank = self.fields["bank"]
            # A new question goes into a bank the user may write into; an edited one stays in
            # its own bank, and the form names no other (another trainer's bank included).
            banks = (
                QuestionBank.objects.filter(pk=self.instance.bank_id)
                if self.instance.pk
                else banks_editable_by(self.for_user)
                if self.for_user is not None
                else QuestionBank.objects.none()
            )
            # radio buttons: a bank's whole name and size wrap (a dropdown cuts them on a phone)
            bank.widget = forms.RadioSelect()
            bank.empty_label = None
            bank.label_from_instance = bank_size_label
            bank.queryset = banks_with_sizes(banks)  # also gives the widget its choices
            if self.instance.pk:
                bank.disabled = True
                bank.help_text = _(
                    "Bank soal tidak dapat diubah; buat soal baru di bank lain bila perlu."
                )
        if self.version is not None:
            for name in ("text", "explanation"):
                if not editor_can_hold(getattr(self.version, name)):
                    use_html_source(self.fields[name])
            self.initial.update(
                text=self.version.text,
                explanation=self.version.explanation,
                points=self.version.points,
                **self.initial_from_data(self.version.data),
            )

    # Per type -------------------------------------------------------------------------------
    def initial_from_data(self, data: dict) -> dict:
        return {}

    def build_data(self, cleaned: dict) -> dict:
        return {}

    def too_many_rows(self) -> str | None:
        return None

    # Validation -----------------------------------------------------------------------------
    def clean(self) -> dict:
        cleaned = super().clean()
        if message := self.too_many_rows():
            raise ValidationError(message, code="too_many_rows")
        text = cleaned.get("text")
        if text is not None and not clean_html(text):
            self.add_error("text", ValidationError(EMPTY_TEXT, code="empty_text"))
            return cleaned
        data = self.build_data(cleaned)
        if text:
            try:
                self.question_data = validate_question(
                    self.question_type,
                    text,
                    data,
                    previous=self.version.data if self.version is not None else None,
                )
            except ValidationError as error:
                for message in error.messages:
                    self.add_error(None, ValidationError(message, code="invalid_question"))
                return cleaned
            self.unchanged = self._same_as_version(
                clean_html(text), clean_html(cleaned.get("explanation") or ""), cleaned
            )
        return cleaned

    def _same_as_version(self, text: str, explanation: str, cleaned: dict) -> bool:
        """The content equals the current version's; a text is also the same when it is the
        stored one as the editor writes it back (a plain text now in paragraphs)."""
        version = self.version
        if version is None:
            return False
        return (
            text in (version.text, editor_normal_form(version.text))
            and explanation in (version.explanation, editor_normal_form(version.explanation))
            and (self.question_data, cleaned.get("points")) == (version.data, version.points)
        )


def _existing_ids(form: QuestionForm, key: str) -> list[str]:
    if form.version is None:
        return []
    return [str(item.get("id")) for item in form.version.data.get(key, [])]


def _fresh_pair_ids(used: list[str]):
    number = 1
    while True:
        if str(number) not in used:
            yield str(number)
        number += 1


class ChoiceQuestionForm(QuestionForm):
    """Single or multiple choice: up to ``MAX_CHOICES`` rows of text, correct, feedback.

    A row left completely empty is ignored; a row with a tick or feedback but no text is an
    error (from ``validate_question``)."""

    def initial_from_data(self, data: dict) -> dict:
        initial = {}
        for index, choice in enumerate(data.get("choices", [])[:MAX_CHOICES], start=1):
            initial[f"choice_{index}_text"] = choice.get("text", "")
            initial[f"choice_{index}_correct"] = bool(choice.get("correct"))
            initial[f"choice_{index}_feedback"] = choice.get("feedback", "")
        return initial

    def too_many_rows(self) -> str | None:
        existing = _existing_ids(self, "choices")
        if len(existing) > MAX_CHOICES:
            return _(
                "Soal ini memiliki %(count)d pilihan, lebih banyak dari %(max)d baris formulir. "
                "Ubah soal ini melalui impor agar tidak ada pilihan yang hilang."
            ) % {"count": len(existing), "max": MAX_CHOICES}
        return None

    def build_data(self, cleaned: dict) -> dict:
        existing = _existing_ids(self, "choices")
        choices = []
        for index in range(1, MAX_CHOICES + 1):
            text = cleaned.get(f"choice_{index}_text") or ""
            correct = bool(cleaned.get(f"choice_{index}_correct"))
            feedback = cleaned.get(f"choice_{index}_feedback") or ""
            if not (text.strip() or correct or feedback.strip()):
                continue
            choice = {"text": text, "correct": correct, "feedback": feedback}
            if index <= len(existing):
                choice["id"] = existing[index - 1]  # the row keeps its choice's id
            choices.append(choice)
        return {"choices": choices}


def _choice_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for index in range(1, MAX_CHOICES + 1):
        fields[f"choice_{index}_text"] = forms.CharField(
            label=_("Pilihan %(n)d: teks") % {"n": index},
            required=False,
            max_length=1000,
        )
        fields[f"choice_{index}_correct"] = forms.BooleanField(
            label=_("Pilihan %(n)d: benar") % {"n": index}, required=False
        )
        fields[f"choice_{index}_feedback"] = forms.CharField(
            label=_("Pilihan %(n)d: umpan balik") % {"n": index},
            required=False,
            max_length=1000,
        )
    return fields


class TrueFalseQuestionForm(QuestionForm):
    tf_correct = forms.ChoiceField(
        label=_("Jawaban yang benar"),
        choices=[("true", _("Benar")), ("false", _("Salah"))],
        widget=forms.RadioSelect,
    )
    tf_true_feedback = forms.CharField(
        label=_("Umpan balik bila menjawab Benar"), required=False, max_length=1000
    )
    tf_false_feedback = forms.CharField(
        label=_("Umpan balik bila menjawab Salah"), required=False, max_length=1000
    )

    def initial_from_data(self, data: dict) -> dict:
        choices = {choice["id"]: choice for choice in data.get("choices", [])}
        initial = {
            "tf_true_feedback": choices.get("true", {}).get("feedback", ""),
            "tf_false_feedback": choices.get("false", {}).get("feedback", ""),
        }
        correct = [key for key, choice in choices.items() if choice.get("correct")]
        if correct:
            initial["tf_correct"] = correct[0]
        return initial

    def build_data(self, cleaned: dict) -> dict:
        answer = cleaned.get("tf_correct")
        return {
            "choices": [
                {
                    "id": key,
                    "text": TRUE_FALSE_TEXT[key],
                    "correct": answer == key,
                    "feedback": cleaned.get(f"tf_{key}_feedback") or "",
                }
                for key in ("true", "false")
            ]
        }


class ShortAnswerQuestionForm(QuestionForm):
    accepted = forms.CharField(
        label=_("Jawaban yang diterima"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_(
            "Satu jawaban per baris. Spasi berlebih diabaikan; huruf besar/kecil juga, kecuali "
            "dicentang di bawah."
        ),
    )
    case_sensitive = forms.BooleanField(label=_("Bedakan huruf besar dan kecil"), required=False)

    def initial_from_data(self, data: dict) -> dict:
        return {
            "accepted": "\n".join(data.get("accepted", [])),
            "case_sensitive": bool(data.get("case_sensitive")),
        }

    def build_data(self, cleaned: dict) -> dict:
        lines = (cleaned.get("accepted") or "").splitlines()
        return {
            "accepted": [line.strip() for line in lines if line.strip()],
            "case_sensitive": bool(cleaned.get("case_sensitive")),
        }


class NumericQuestionForm(QuestionForm):
    numeric_answer = forms.CharField(
        label=_("Kunci jawaban"),
        max_length=50,
        help_text=_("Angka; koma atau titik desimal boleh (3,5 atau 3.5)."),
    )
    numeric_tolerance = forms.CharField(
        label=_("Toleransi"),
        max_length=50,
        required=False,
        initial="0",
        help_text=_("Jawaban benar bila selisihnya dengan kunci paling banyak sebesar ini."),
    )

    def initial_from_data(self, data: dict) -> dict:
        return {
            "numeric_answer": data.get("answer", ""),
            "numeric_tolerance": data.get("tolerance", "0"),
        }

    #: Parts of a numeric question this form does not edit (imported from Moodle: further
    #: ranges with partial credit, feedback); an edit keeps them as they are.
    kept_parts = ("ranges", "feedback", "wrong_feedback")

    def build_data(self, cleaned: dict) -> dict:
        tolerance = (cleaned.get("numeric_tolerance") or "").strip() or "0"
        data = {"answer": (cleaned.get("numeric_answer") or "").strip(), "tolerance": tolerance}
        current = self.version.data if self.version is not None else {}
        data.update({part: current[part] for part in self.kept_parts if part in current})
        return data


class MatchingQuestionForm(QuestionForm):
    """Up to ``MAX_PAIRS`` rows of statement → answer; an empty row is ignored."""

    def initial_from_data(self, data: dict) -> dict:
        initial = {}
        for index, pair in enumerate(data.get("pairs", [])[:MAX_PAIRS], start=1):
            initial[f"pair_{index}_prompt"] = pair.get("prompt", "")
            initial[f"pair_{index}_answer"] = pair.get("answer", "")
        return initial

    def too_many_rows(self) -> str | None:
        existing = _existing_ids(self, "pairs")
        if len(existing) > MAX_PAIRS:
            return _(
                "Soal ini memiliki %(count)d pasangan, lebih banyak dari %(max)d baris "
                "formulir. Ubah soal ini melalui impor agar tidak ada pasangan yang hilang."
            ) % {"count": len(existing), "max": MAX_PAIRS}
        return None

    def build_data(self, cleaned: dict) -> dict:
        existing = _existing_ids(self, "pairs")
        fresh = _fresh_pair_ids(existing)
        pairs = []
        for index in range(1, MAX_PAIRS + 1):
            prompt = (cleaned.get(f"pair_{index}_prompt") or "").strip()
            answer = (cleaned.get(f"pair_{index}_answer") or "").strip()
            if not (prompt or answer):
                continue
            pair_id = existing[index - 1] if index <= len(existing) else next(fresh)
            pairs.append({"id": pair_id, "prompt": prompt, "answer": answer})
        return {"pairs": pairs}


def _pair_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for index in range(1, MAX_PAIRS + 1):
        fields[f"pair_{index}_prompt"] = forms.CharField(
            label=_("Pasangan %(n)d: pernyataan") % {"n": index},
            required=False,
            max_length=1000,
        )
        fields[f"pair_{index}_answer"] = forms.CharField(
            label=_("Pasangan %(n)d: jawaban") % {"n": index},
            required=False,
            max_length=1000,
        )
    return fields


def _form_class(name: str, base: type[QuestionForm], question_type: str, fields=None) -> type:
    attrs = {"__module__": __name__, "question_type": question_type, **(fields or {})}
    return type(base)(name, (base,), attrs)


QUESTION_FORMS: dict[str, type[QuestionForm]] = {
    QuestionType.SINGLE: _form_class(
        "SingleChoiceQuestionForm", ChoiceQuestionForm, QuestionType.SINGLE, _choice_fields()
    ),
    QuestionType.MULTIPLE: _form_class(
        "MultipleChoiceQuestionForm", ChoiceQuestionForm, QuestionType.MULTIPLE, _choice_fields()
    ),
    QuestionType.TRUE_FALSE: _form_class(
        "TrueFalseForm", TrueFalseQuestionForm, QuestionType.TRUE_FALSE
    ),
    QuestionType.SHORT: _form_class("ShortForm", ShortAnswerQuestionForm, QuestionType.SHORT),
    QuestionType.NUMERIC: _form_class("NumericForm", NumericQuestionForm, QuestionType.NUMERIC),
    QuestionType.MATCHING: _form_class(
        "MatchingForm", MatchingQuestionForm, QuestionType.MATCHING, _pair_fields()
    ),
}

QUESTION_TYPE_HELP = {
    QuestionType.SINGLE: _("Satu jawaban benar dari beberapa pilihan."),
    QuestionType.MULTIPLE: _(
        "Beberapa jawaban benar. Nilai = (benar dicentang − salah dicentang) ÷ jumlah jawaban "
        "benar, paling rendah 0."
    ),
    QuestionType.TRUE_FALSE: _("Pernyataan yang dinilai benar atau salah."),
    QuestionType.SHORT: _("Peserta mengetik jawaban singkat yang dicocokkan dengan kunci."),
    QuestionType.NUMERIC: _("Jawaban berupa angka, dengan toleransi."),
    QuestionType.MATCHING: _("Pasangkan setiap pernyataan dengan jawabannya. Nilai per pasangan."),
}


def _type_panels(question_type: str) -> list[Panel]:
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        help_text = (
            _("Centang satu jawaban yang benar. Baris yang kosong diabaikan.")
            if question_type == QuestionType.SINGLE
            else _("Centang semua jawaban yang benar. Baris yang kosong diabaikan.")
        )
        return [
            FieldTablePanel(
                rows=[
                    [f"choice_{i}_text", f"choice_{i}_correct", f"choice_{i}_feedback"]
                    for i in range(1, MAX_CHOICES + 1)
                ],
                columns=[_("Teks pilihan"), _("Benar"), _("Umpan balik (opsional)")],
                heading=_("Pilihan jawaban"),
                help_text=help_text,
            )
        ]
    if question_type == QuestionType.TRUE_FALSE:
        return [
            FieldPanel("tf_correct"),
            FieldRowPanel([FieldPanel("tf_true_feedback"), FieldPanel("tf_false_feedback")]),
        ]
    if question_type == QuestionType.SHORT:
        return [FieldPanel("accepted"), FieldPanel("case_sensitive")]
    if question_type == QuestionType.NUMERIC:
        return [FieldRowPanel([FieldPanel("numeric_answer"), FieldPanel("numeric_tolerance")])]
    return [
        FieldTablePanel(
            rows=[[f"pair_{i}_prompt", f"pair_{i}_answer"] for i in range(1, MAX_PAIRS + 1)],
            columns=[_("Pernyataan"), _("Jawaban yang dipasangkan")],
            heading=_("Pasangan"),
            help_text=_("Paling sedikit dua pasangan. Baris yang kosong diabaikan."),
        )
    ]


@cache
def question_edit_handler(question_type: str) -> ObjectList:
    """The panels of the question form of one type, bound to ``Question``."""
    panels = [
        QuestionVersionPanel(heading=_("Versi")),
        # the bank's whole name and size need the width: three quarters of the row
        FieldRowPanel(
            [FieldPanel("bank", classname="col9"), FieldPanel("points", classname="col3")]
        ),
        FieldPanel("text"),
        *_type_panels(question_type),
        FieldPanel("explanation"),
        FieldPanel(
            "is_active",
            help_text=_("Soal nonaktif tidak lagi diambil untuk percobaan baru."),
        ),
    ]
    return ObjectList(panels, base_form_class=QUESTION_FORMS[question_type]).bind_to_model(Question)
