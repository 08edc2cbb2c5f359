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


class H5PBlock(blocks.StructBlock):
    """An H5P activity (interactive practice) inside a lesson, played in a sandboxed frame
    from the content origin (docs/h5p.md). Its score is reported by the learner's browser: it
    is shown, and never counts toward a certificate; a completed activity may complete the
    lesson it sits in."""

    package = SnippetChooserBlock("assessments.H5PPackage", label=_("aktivitas H5P"))
    completes_lesson = blocks.BooleanBlock(
        label=_("menyelesaikan pelajaran"),
        required=False,
        default=True,
        help_text=_(
            "Pelajaran ditandai selesai saat peserta menyelesaikan aktivitas ini. Nilainya "
            "dilaporkan oleh peramban dan tidak dihitung untuk sertifikat."
        ),
    )

    class Meta:
        icon = "pick"
        label = _("Aktivitas H5P")
        template = "assessments/blocks/h5p_block.html"
        description = _(
            "Latihan interaktif dari paket H5P (benar/salah, pilihan ganda, seret dan lepas, ...)."
        )
