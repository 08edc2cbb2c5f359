"""Admin form of a quiz with its draws and placement bands.

The form carries two inline formsets (draws per bank and placement bands, rendered by
``panels.InlineFormsetPanel``). It validates the shape of the input; the rules are those of
``services.quizzes`` (checked here with the same functions, so errors land on the same fields)
and ``save`` hands everything to ``quiz_save``, in the view's transaction.

Some settings apply to some kinds only (:data:`KIND_ONLY`): for a kind they do not apply to,
the form hides their panel (``panels.QuizKindMixin``) and ignores what is posted for them, so a
post-test never stores placement bands nor opens without a course, and a pre-test keeps no
pass mark of its own. The kind is the posted one, else the stored one; a new quiz whose kind is
not chosen yet shows everything, and ``assessments/quiz_form.js`` follows the kind select.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm

from lms.competencies.models import Competency

from ..models import PlacementBand, Question, QuestionBank, Quiz, QuizDraw, QuizKind
from ..selectors import quiz_key_warnings
from ..services.quizzes import (
    DRAWS,
    draw_row_key,
    quiz_bands_check,
    quiz_draws_check,
    quiz_save,
    quiz_settings_check,
)


def banks_with_active_counts() -> QuerySet[QuestionBank]:
    """Banks with ``active_count``: active questions that have a version (what a draw takes)."""
    return QuestionBank.objects.select_related("competency").annotate(
        active_count=Count(
            "questions",
            filter=Question.objects.drawable_q("questions__"),
        )
    )


class BankChoiceField(forms.ModelChoiceField):
    full_label = True  # the whole name under the dropdown (panels.InlineFormsetPanel)

    def label_from_instance(self, obj: QuestionBank) -> str:
        count = getattr(obj, "active_count", None)
        if count is None:
            return str(obj)
        return ngettext(
            "%(bank)s · %(count)d soal aktif", "%(bank)s · %(count)d soal aktif", count
        ) % {"bank": obj, "count": count}


class DrawForm(forms.ModelForm):
    bank = BankChoiceField(
        label=_("Bank soal"),
        queryset=QuestionBank.objects.none(),
        empty_label=_("— pilih bank soal —"),
    )
    count = forms.IntegerField(label=_("Jumlah soal"), min_value=1, max_value=500)

    class Meta:
        model = QuizDraw
        fields = ["bank", "count"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks_with_active_counts()


class BaseDrawFormSet(forms.BaseInlineFormSet):
    """At least one draw; each takes no more questions than its bank has drawable ones
    (``services.quizzes.quiz_draws_check``)."""

    def alive_forms(self) -> list[forms.Form]:
        return [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self) -> None:
        super().clean()
        alive = [form for form in self.alive_forms() if form.cleaned_data.get("bank")]
        if not alive and any(form.errors for form in self.forms):
            return
        try:
            quiz_draws_check([form.instance for form in alive])
        except ValidationError as error:
            for index, form in enumerate(alive):
                if row := error.error_dict.get(draw_row_key(index)):
                    form.add_error("count", row)
            if whole := error.error_dict.get(DRAWS):
                raise ValidationError(whole) from error


class BandForm(forms.ModelForm):
    min_percent = forms.IntegerField(label=_("Nilai minimal (%)"), min_value=0, max_value=100)

    class Meta:
        model = PlacementBand
        fields = ["competency", "min_percent", "level"]
        labels = {"competency": _("Kompetensi"), "level": _("Level yang dicapai")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(is_active=True)
        self.fields["competency"].empty_label = _("— pilih kompetensi —")


DrawFormSet = forms.inlineformset_factory(
    Quiz,
    QuizDraw,
    form=DrawForm,
    formset=BaseDrawFormSet,
    extra=3,
    max_num=30,
    validate_max=True,
    can_delete=True,
)
BandFormSet = forms.inlineformset_factory(
    Quiz,
    PlacementBand,
    form=BandForm,
    extra=3,
    max_num=50,
    validate_max=True,
    can_delete=True,
)


REVIEW_POLICY_HELP = _(
    "Kapan peserta melihat kunci jawaban, umpan balik dan pembahasan (nilai selalu tampil). "
    "Segera: setelah percobaan dikumpulkan; pada tes akhir dan tes penempatan baru setelah "
    "semua kesempatan peserta terpakai atau kuis ditutup. Setelah kuis ditutup: perlu waktu "
    "tutup, tanpa itu tidak pernah tampil. Tidak pernah: hanya nilai. Kuis lain yang mengambil "
    "soal dari bank yang sama ikut membuka kuncinya. Tes awal tidak pernah menampilkan kunci "
    "jawaban kepada peserta."
)
MAX_ATTEMPTS_HELP = _(
    "Kosongkan bila tanpa batas. Tes awal yang dikosongkan hanya dapat dikerjakan satu kali "
    "(tes awal bersifat diagnostik dan tidak dinilai)."
)


#: Settings that apply to the listed kinds only (every other setting applies to every kind):
#: bands place a learner by level (placement tests); a post-test is only taken in a course
#: (``assessments_post_test_not_open``); a pre-test is a diagnostic and is never graded.
KIND_ONLY: dict[str, tuple[str, ...]] = {
    "bands": (QuizKind.PLACEMENT,),
    "open_access": (QuizKind.PRE_TEST, QuizKind.PRACTICE, QuizKind.PLACEMENT),
    "pass_percent": (QuizKind.POST_TEST, QuizKind.PRACTICE, QuizKind.PLACEMENT),
    "competency_pass_percent": (QuizKind.POST_TEST, QuizKind.PRACTICE, QuizKind.PLACEMENT),
}


class QuizForm(WagtailAdminModelForm):
    """The quiz with its draws (``inline_formsets["draws"]``) and placement bands
    (``inline_formsets["bands"]``), validated together and saved together.

    The review policy is explained to the trainer (``REVIEW_POLICY_HELP``); the rule itself,
    including "a post-test or placement test shows its key only once the learner has no attempt
    left", is ``assessments.selectors.review_allowed``.

    ``key_warnings`` holds, once the form is valid, the non-blocking warnings of
    ``assessments.selectors.quiz_key_warnings`` (a practice quiz or pre-test showing keys of
    banks a post-test draws from, or the other way round); the views show them as messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "review_policy" in self.fields:
            self.fields["review_policy"].help_text = REVIEW_POLICY_HELP
        if "max_attempts" in self.fields:
            self.fields["max_attempts"].help_text = MAX_ATTEMPTS_HELP
        self.key_warnings: list[str] = []
        self.kind = self._chosen_kind()
        for name in KIND_ONLY:
            if name in self.fields and not self.applies(name):
                self.fields[name].disabled = True  # what is posted for it is ignored
        if "open_access" in self.fields and not self.applies("open_access"):
            self.initial["open_access"] = False
        data = self.data if self.is_bound else None
        self.inline_formsets = {
            "draws": DrawFormSet(data, instance=self.instance, prefix="draws"),
            # bands of a kind that has none are not read at all (saved as none)
            "bands": BandFormSet(
                data if self.applies("bands") else None, instance=self.instance, prefix="bands"
            ),
        }
        self._cross_checked = False

    class Media:
        js = ["assessments/quiz_form.js"]

    def _chosen_kind(self) -> str | None:
        if self.is_bound:
            posted = self.data.get(self.add_prefix("kind"))
            return posted if posted in QuizKind.values else None
        return self.instance.kind or self.initial.get("kind") or None

    def applies(self, name: str) -> bool:
        """Whether the setting ``name`` applies to the form's kind (any, while none is chosen)."""
        return self.kind is None or self.kind in self.kinds_of(name)

    @staticmethod
    def kinds_of(name: str) -> tuple[str, ...]:
        return KIND_ONLY.get(name, tuple(QuizKind.values))

    def clean(self) -> dict:
        cleaned = super().clean()
        try:
            quiz_settings_check(cleaned)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def _alive(self, name: str) -> list:
        if not self.inline_formsets[name].is_bound:
            return []
        return [
            form.instance
            for form in self.inline_formsets[name].forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def _cross_check(self) -> None:
        """Bands belong to placement quizzes and to competencies the quiz measures."""
        try:
            quiz_bands_check(
                kind=self.cleaned_data.get("kind"),
                draws=self._alive("draws"),
                bands=self._alive("bands"),
            )
        except ValidationError as error:
            self.add_error(None, error)
        self.key_warnings = quiz_key_warnings(
            kind=self.cleaned_data.get("kind"),
            review_policy=self.cleaned_data.get("review_policy"),
            closes_at=self.cleaned_data.get("closes_at"),
            bank_ids=[draw.bank_id for draw in self._alive("draws") if draw.bank_id],
            quiz_id=self.instance.pk,
        )
        stored = self.instance.pk and not self.applies("bands")
        if stored and (dropped := self.instance.bands.count()):
            self.key_warnings.append(
                _(
                    "Pita penempatan kuis ini (%(count)d) dihapus: hanya tes penempatan "
                    "yang memakainya."
                )
                % {"count": dropped}
            )

    def is_valid(self) -> bool:
        valid = super().is_valid()
        formsets_valid = all(
            formset.is_valid() for formset in self.inline_formsets.values() if formset.is_bound
        )
        if valid and formsets_valid and not self._cross_checked:
            self._cross_checked = True
            self._cross_check()
        return valid and formsets_valid and not self.errors

    def save(self, commit: bool = True) -> Quiz:
        """With ``commit``: the quiz, its draws and its bands through ``quiz_save``."""
        quiz = super().save(commit=False)
        if commit:
            quiz_save(quiz=quiz, draws=self._alive("draws"), bands=self._alive("bands"))
            self._save_m2m()
        return quiz
