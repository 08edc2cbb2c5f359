"""Admin forms of the course pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from assessments.h5p.selectors_scope import h5p_packages_placeable_by
from assessments.selectors import quizzes_placeable_by


def _quiz_ids(raw_data) -> set[int]:
    return {
        int(block["value"]["quiz"])
        for block in raw_data or []
        if block.get("type") == "quiz" and (block.get("value") or {}).get("quiz")
    }


# block type → (the chooser's field, what may be placed, the refusal)
PLACEABLE = {
    "quiz": (
        "quiz",
        quizzes_placeable_by,
        "quiz_not_yours",
        gettext_lazy(
            "Anda tidak berwenang memakai kuis ini. Pilih kuis milik Anda atau kuis dari kursus "
            "yang Anda ampu."
        ),
    ),
    "h5p": (
        "package",
        h5p_packages_placeable_by,
        "h5p_not_yours",
        gettext_lazy(
            "Anda tidak berwenang memakai aktivitas H5P ini, atau aktivitas ini belum siap "
            "dipakai. Pilih aktivitas yang Anda unggah atau dari kursus yang Anda ampu."
        ),
    ),
}


class LessonPageForm(WagtailAdminPageForm):
    """A lesson's quiz and H5P blocks may only place a quiz or an activity the editor may place
    (their own, or one of the courses they author; an H5P activity ready, with its libraries
    enabled), or keep one the lesson already holds.

    The choosers list only those; this check refuses a crafted form carrying the id of another
    course's quiz or activity, which would otherwise make it "belong" to the editor's course and
    hand it to its trainers (docs/security.md).
    """

    def _kept(self) -> dict[str, set[int]]:
        from .selectors import lesson_h5p_blocks  # the selectors import the models, which import us

        if not self.instance.body:
            return {"quiz": set(), "h5p": set()}
        lesson = self.instance
        h5p = lesson_h5p_blocks([lesson]).get(lesson.pk, []) if lesson.pk else []
        return {
            "quiz": _quiz_ids(lesson.body.raw_data),
            "h5p": {package_id for package_id, _done in h5p},
        }

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        if body is None or getattr(self, "for_user", None) is None:
            return cleaned
        kept = self._kept()
        refused = {}
        for block_type, (field, placeable, code, message) in PLACEABLE.items():
            placed = {
                index: block.value[field].pk
                for index, block in enumerate(body)
                if block.block_type == block_type and block.value.get(field) is not None
            }
            new = set(placed.values()) - kept[block_type]
            if not new:
                continue
            allowed = set(placeable(self.for_user).filter(pk__in=new).values_list("pk", flat=True))
            for index, object_id in placed.items():
                if object_id in new and object_id not in allowed:
                    refused[index] = StructBlockValidationError(
                        block_errors={field: ValidationError(str(message), code=code)}
                    )
        if refused:
            self.add_error("body", StreamBlockValidationError(block_errors=refused))
        return cleaned
