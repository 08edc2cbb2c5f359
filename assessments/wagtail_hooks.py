"""Registers the "Asesmen" admin menu. ``Quiz`` is registered as a snippet through this group,
so ``QuizBlock``'s ``SnippetChooserBlock("assessments.Quiz")`` has its chooser."""

from wagtail.snippets.models import register_snippet

from .viewsets import AsesmenGroup

register_snippet(AsesmenGroup)
