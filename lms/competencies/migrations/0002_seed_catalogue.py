"""Loads the 19-competency catalogue and the default required levels per jenis jabatan.

Reads ``lms.competencies.catalogue`` as it stood when written; later changes to the catalogue go
through the admin or a new migration (never edit this one).
"""

from django.db import migrations

from lms.competencies.catalogue import COMPETENCIES, DEFAULT_REQUIRED_LEVELS


def load(apps, schema_editor):
    Competency = apps.get_model("competencies", "Competency")
    CompetencyLevel = apps.get_model("competencies", "CompetencyLevel")
    DefaultRequirement = apps.get_model("competencies", "DefaultRequirement")
    by_code = {}
    for seed in COMPETENCIES:
        competency, _ = Competency.objects.update_or_create(
            code=seed.code,
            defaults={
                "name": seed.name_id,
                "name_en": seed.name_en,
                "pillar": seed.pillar,
                "reference": seed.reference,
                "description": seed.description_id,
                "description_en": seed.description_en,
            },
        )
        by_code[seed.code] = competency
        for level, (text_id, text_en) in enumerate(
            zip(seed.levels_id, seed.levels_en, strict=True), 1
        ):
            CompetencyLevel.objects.update_or_create(
                competency=competency,
                level=level,
                defaults={"descriptor": text_id, "descriptor_en": text_en},
            )
    for jenis, levels in DEFAULT_REQUIRED_LEVELS.items():
        for code, required in levels.items():
            DefaultRequirement.objects.update_or_create(
                jenis_jabatan=jenis, competency=by_code[code], defaults={"required_level": required}
            )


def unload(apps, schema_editor):
    codes = [seed.code for seed in COMPETENCIES]
    apps.get_model("competencies", "DefaultRequirement").objects.filter(
        competency__code__in=codes
    ).delete()
    apps.get_model("competencies", "Competency").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("competencies", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
