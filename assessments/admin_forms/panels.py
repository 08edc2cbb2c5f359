"""Admin panels of the assessments app.

* ``FieldTablePanel`` lays rows of fields out as a table (text | correct | feedback).
* ``InlineFormsetPanel`` renders a Django inline formset of the form (``Quiz`` is a plain model,
  no ``ClusterableModel``/``ParentalKey``, so Wagtail's ``InlinePanel`` cannot be used).
* ``QuestionVersionPanel`` says which version is edited and what saving does to attempts.
* ``QuizKindFieldPanel`` and ``InlineFormsetPanel(kind_key=...)``: a quiz setting that applies
  to some kinds only (``quizzes.KIND_ONLY``) is hidden for the others and names its kinds for
  ``assessments/quiz_form.js``.
"""

from typing import Any

from django import forms
from wagtail.admin.panels import FieldPanel, Panel

from ..models import AttemptAnswer, QuestionType


class QuizKindMixin:
    """For a panel's ``BoundPanel``: ``data-quiz-kinds`` lists the kinds the setting
    ``kind_key`` applies to, ``hidden`` when the form's kind is not one of them (the form
    ignores the setting then: ``QuizForm.applies``)."""

    @property
    def attrs(self) -> dict:
        attrs = dict(super().attrs)
        key = self.panel.kind_key
        if key and hasattr(self.form, "applies"):
            attrs["data-quiz-kinds"] = " ".join(self.form.kinds_of(key))
            if not self.form.applies(key):
                attrs["hidden"] = True
        return attrs


class QuizKindFieldPanel(FieldPanel):
    """A quiz field shown only for the kinds it applies to."""

    def __init__(self, field_name: str, *args, **kwargs):
        super().__init__(field_name, *args, **kwargs)
        self.kind_key = field_name

    class BoundPanel(QuizKindMixin, FieldPanel.BoundPanel):
        pass


class FieldTablePanel(Panel):
    """Rows of form fields rendered as one table; ``columns`` are the column headings."""

    def __init__(self, rows: list[list[str]], columns: list[Any], **kwargs):
        super().__init__(**kwargs)
        self.rows = rows
        self.columns = columns

    def clone_kwargs(self) -> dict:
        kwargs = super().clone_kwargs()
        kwargs.update(rows=self.rows, columns=self.columns)
        return kwargs

    def get_form_options(self) -> dict:
        return {"fields": [name for row in self.rows for name in row]}

    class BoundPanel(Panel.BoundPanel):
        template_name = "assessments/admin/panels/field_table.html"

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            context["columns"] = self.panel.columns
            context["rows"] = [
                [self.form[name] for name in row]
                for row in self.panel.rows
                if all(name in self.form.fields for name in row)
            ]
            context["errors"] = self.form.non_field_errors()
            return context


class InlineFormsetPanel(Panel):
    """Renders ``form.inline_formsets[name]`` (a Django inline formset) as a table;
    ``kind_key``: shown only for the quiz kinds that setting applies to."""

    def __init__(self, formset_name: str, kind_key: str = "", **kwargs):
        super().__init__(**kwargs)
        self.formset_name = formset_name
        self.kind_key = kind_key

    def clone_kwargs(self) -> dict:
        kwargs = super().clone_kwargs()
        kwargs.update(formset_name=self.formset_name, kind_key=self.kind_key)
        return kwargs

    class BoundPanel(QuizKindMixin, Panel.BoundPanel):
        template_name = "assessments/admin/panels/formset_table.html"

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            formset = self.form.inline_formsets[self.panel.formset_name]
            visible = [
                name
                for name, field in formset.empty_form.fields.items()
                if not field.widget.is_hidden and name != "DELETE"
            ]
            context["formset"] = formset
            context["headings"] = [formset.empty_form.fields[name].label for name in visible]
            labels = self.choice_labels(formset, visible)
            context["rows"] = [
                {
                    "form": form,
                    "fields": [
                        {
                            "field": form[name],
                            "label": (
                                labels[name].get(form[name].value(), "") if name in labels else None
                            ),
                        }
                        for name in visible
                    ],
                    "delete": form["DELETE"] if formset.can_delete and form.instance.pk else None,
                }
                for form in formset.forms
            ]
            return context

        @staticmethod
        def choice_labels(formset, names: list[str]) -> dict[str, dict]:
            """Per column whose field asks for it (``full_label``: the draws' bank), value → its
            whole label (a bank's name and size), read once for the formset: shown under the
            dropdown, which cuts a long name."""
            labels: dict[str, dict] = {}
            for name in names:
                field = formset.empty_form.fields[name]
                if not (
                    isinstance(field, forms.ModelChoiceField)
                    and getattr(field, "full_label", False)
                ):
                    continue
                column = labels[name] = {}
                for value, label in field.choices:
                    raw = getattr(value, "value", value)  # a ModelChoiceIteratorValue
                    if raw != "":
                        # a bound form's value is the posted string, an unbound one's the pk
                        column[raw] = column[str(raw)] = str(label)
            return labels


class QuestionVersionPanel(Panel):
    """Which version is being edited, and what saving does to attempts."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "assessments/admin/panels/question_version.html"

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            question = self.instance
            version = question.current_version if question.pk else None
            context["question"] = question
            context["version"] = version
            context["question_type"] = QuestionType(self.form.question_type).label
            context["answers_count"] = (
                AttemptAnswer.objects.filter(version__question=question).count()
                if question.pk
                else 0
            )
            return context
