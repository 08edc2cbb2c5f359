"""Lesson blocks provided by the assessments app (courses adds them to its lesson body)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class QuizBlock(blocks.StructBlock):
    """A quiz inside a lesson. ``required`` quizzes must be passed for the course to complete;
    passing the quiz also completes the lesson."""

    quiz = SnippetChooserBlock("assessments.Quiz", label=_("kuis"))
    required = blocks.BooleanBlock(
        label=_("wajib lulus"),
        required=False,
        default=True,
        help_text=_("Kursus baru selesai bila kuis ini lulus (biasanya tes akhir)."),
    )

    class Meta:
        icon = "form"
        label = _("Kuis")
        template = "assessments/blocks/quiz_block.html"
        description = _("Tes awal, tes akhir, latihan atau tes penempatan yang dinilai server.")
