"""Admin forms of the course pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from assessments.selectors import quizzes_placeable_by


def _quiz_ids(raw_data) -> set[int]:
    return {
        int(block["value"]["quiz"])
        for block in raw_data or []
        if block.get("type") == "quiz" and (block.get("value") or {}).get("quiz")
    }


class LessonPageForm(WagtailAdminPageForm):
    """A lesson's quiz blocks may only place a quiz the editor may edit (their own, or one of
    the courses they author), or keep a quiz the lesson already holds.

    The quiz chooser lists only those quizzes; this check refuses a crafted form carrying the
    id of another course's quiz, which would otherwise make that quiz "belong" to the editor's
    course and hand it to its trainers (docs/security.md).
    """

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        if body is None or getattr(self, "for_user", None) is None:
            return cleaned
        kept = _quiz_ids(self.instance.body.raw_data if self.instance.body else [])
        placed = {
            index: block.value["quiz"].pk
            for index, block in enumerate(body)
            if block.block_type == "quiz" and block.value.get("quiz") is not None
        }
        new = set(placed.values()) - kept
        if not new:
            return cleaned
        allowed = set(
            quizzes_placeable_by(self.for_user).filter(pk__in=new).values_list("pk", flat=True)
        )
        refused = {
            index: StructBlockValidationError(
                block_errors={
                    "quiz": ValidationError(
                        _(
                            "Anda tidak berwenang memakai kuis ini. Pilih kuis milik Anda atau "
                            "kuis dari kursus yang Anda ampu."
                        ),
                        code="quiz_not_yours",
                    )
                }
            )
            for index, quiz_id in placed.items()
            if quiz_id in new and quiz_id not in allowed
        }
        if refused:
            self.add_error("body", StreamBlockValidationError(block_errors=refused))
        return cleaned
