"""Admin panels of the assessments app.

* ``FieldTablePanel`` lays rows of fields out as a table (text | correct | feedback).
* ``InlineFormsetPanel`` renders a Django inline formset of the form (``Quiz`` is a plain model,
  no ``ClusterableModel``/``ParentalKey``, so Wagtail's ``InlinePanel`` cannot be used).
* ``QuestionVersionPanel`` says which version is edited and what saving does to attempts.
"""

from typing import Any

from wagtail.admin.panels import Panel

from ..models import AttemptAnswer, QuestionType


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
    """Renders ``form.inline_formsets[name]`` (a Django inline formset) as a table."""

    def __init__(self, formset_name: str, **kwargs):
        super().__init__(**kwargs)
        self.formset_name = formset_name

    def clone_kwargs(self) -> dict:
        kwargs = super().clone_kwargs()
        kwargs["formset_name"] = self.formset_name
        return kwargs

    class BoundPanel(Panel.BoundPanel):
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
            context["rows"] = [
                {
                    "form": form,
                    "fields": [form[name] for name in visible],
                    "delete": form["DELETE"] if formset.can_delete and form.instance.pk else None,
                }
                for form in formset.forms
            ]
            return context


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
