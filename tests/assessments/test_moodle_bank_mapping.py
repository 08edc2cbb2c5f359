"""The import preview's bank per category of a Moodle/GIFT file (issue 10).

A real export names its categories ``$course$/top/Default for ...``; the preview lists them and
lets the trainer send each to a bank they may edit or to a new bank, runs the dry run again,
and remembers the choice (per user) for the next file with that category.
"""

import re

import pytest
from django.core.exceptions import ValidationError

from assessments.models import CategoryMapping, Question, QuestionBank
from assessments.services.mappings import category_mappings_remember
from lms.users.roles import Role
from tests.admin.conftest import client_for, make_user, world  # noqa: F401 - the admin's fixture
from tests.admin.test_imports import token_of
from tests.assessments.test_moodle_migration import (
    DEFAULT,
    EXPORT,
    NESTED,
    admin_upload,
    category,
    moodle,
    run_with,
    truefalse,
)
from tests.factories.assessments import make_bank

pytestmark = pytest.mark.django_db

FIRST = "Default for Pelatihan Literasi Digital"
SECOND = "Default for Pelatihan Literasi Digital/Bab 1: Kata sandi"


def preview(client, token: str):
    return client.get(f"/admin/impor/{token}/")


def post_mapping(client, token: str, **fields):
    return client.post(f"/admin/impor/{token}/pemetaan/", fields)


def groups(client, token: str) -> dict[str, dict]:
    return {group["key"]: group for group in preview(client, token).context["report"].groups}


def test_the_preview_lists_every_category_of_the_file_with_its_banks_to_choose(world):  # noqa: F811
    pengajar = world["pengajar"]
    own = make_bank("LD.07", 2, name="Bank Saya", created_by=pengajar)
    make_bank("SP.01", 1, name="Bank Orang Lain")
    client = client_for(pengajar)
    token = token_of(admin_upload(client, EXPORT))
    response = preview(client, token)
    report = response.context["report"]
    assert [e.code for e in report.errors] == ["bad_category", "bad_category"]
    assert [(g["key"], g["count"], g["target"]) for g in report.groups] == [
        (FIRST, 1, ""),
        (SECOND, 1, ""),
    ]
    page = response.content.decode()
    assert 'data-testid="import-mapping"' in page and f'value="bank:{own.pk}"' in page
    assert "Bank Orang Lain" not in page and "Kategori di berkas" in page
    assert f"/admin/impor/{token}/pemetaan/" in page


def test_a_mapping_reruns_the_dry_run_writes_on_confirm_only_and_is_remembered(world):  # noqa: F811
    pengajar = world["pengajar"]
    own = make_bank("LD.07", 2, name="Bank Saya", created_by=pengajar)
    client = client_for(pengajar)
    token = token_of(admin_upload(client, EXPORT))
    response = post_mapping(
        client,
        token,
        **{"g0-target": f"bank:{own.pk}", "g1-target": "new", "g1-competency": "LD.07",
           "g1-level": "3", "g1-name": "Kata sandi/Bab 1"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"/admin/impor/{token}/"
    report = preview(client, token).context["report"]
    assert report.ok and report.created == 2, report.errors
    assert [g["how"] for g in report.groups] == ["mapped", "mapped"]
    assert (Question.objects.count(), QuestionBank.objects.count()) == (0, 1)
    assert not CategoryMapping.objects.exists()  # a dry run remembers nothing

    client.post(f"/admin/impor/{token}/konfirmasi/")
    new = QuestionBank.objects.get(level=3)
    assert (new.name, new.created_by) == ("Kata sandi/Bab 1", pengajar)
    assert own.questions.count() == 1 and new.questions.count() == 1
    assert dict(CategoryMapping.objects.values_list("source_path", "bank")) == {
        FIRST: own.pk,
        SECOND: new.pk,
    }

    # the next file with these categories goes to the same banks, pre-selected
    again = token_of(admin_upload(client, EXPORT))
    response = preview(client, again)
    report = response.context["report"]
    assert report.ok and report.unchanged == 2, report.errors
    assert [g["how"] for g in report.groups] == ["remembered", "remembered"]
    page = response.content.decode()
    assert f'<option value="bank:{own.pk}" selected>' in page and "pilihan tersimpan" in page


def test_follow_the_file_forgets_a_remembered_bank(world):  # noqa: F811
    pengajar = world["pengajar"]
    own = make_bank("LD.07", 2, name="Bank Saya", created_by=pengajar)
    category_mappings_remember(user=pengajar, choices={FIRST: own, SECOND: own})
    client = client_for(pengajar)
    token = token_of(admin_upload(client, EXPORT))
    assert preview(client, token).context["report"].ok
    post_mapping(client, token, **{"g0-target": "", "g1-target": f"bank:{own.pk}"})
    report = preview(client, token).context["report"]
    assert [e.code for e in report.errors] == ["bad_category"]  # KS-01 follows its file again
    # fixed the other way: the upload's bank option serves the category that names none
    token = token_of(admin_upload(client, EXPORT, bank=f"LD.07/2/{own.name}"))
    post_mapping(client, token, **{"g0-target": "", "g1-target": f"bank:{own.pk}"})
    client.post(f"/admin/impor/{token}/konfirmasi/")
    assert own.questions.count() == 2
    assert list(CategoryMapping.objects.values_list("source_path", flat=True)) == [SECOND]


@pytest.mark.parametrize(
    "fields",
    [
        {"g0-target": "bank:999999"},
        {"g0-target": "bank:abc"},
        {"g0-target": "<script>"},
        {"g0-target": "new"},  # no competency, no level
        {"g0-target": "new", "g0-competency": "XX.99", "g0-level": "2"},
        {"g0-target": "new", "g0-competency": "LD.07", "g0-level": "9"},
        {"g0-target": "new", "g0-competency": "LD.07", "g0-level": "2", "g0-name": "x" * 201},
    ],
)
def test_a_hostile_or_unknown_choice_is_refused_and_changes_nothing(world, fields):  # noqa: F811
    client = client_for(world["pengajar"])
    token = token_of(admin_upload(client, EXPORT))
    before = preview(client, token).context["report"]
    response = post_mapping(client, token, **fields)
    assert response.status_code == 400
    after = preview(client, token).context["report"]
    assert after.errors == before.errors and after.groups == before.groups
    assert not Question.objects.exists() and not CategoryMapping.objects.exists()


def test_another_trainer_cannot_map_into_a_bank_they_may_not_edit(world):  # noqa: F811
    owner = world["pengajar"]
    theirs = make_bank("LD.07", 2, name="Bank Pemilik", created_by=owner)
    other = make_user(Role.PENGAJAR)
    client = client_for(other)
    token = token_of(admin_upload(client, EXPORT))
    page = preview(client, token).content.decode()
    assert f"bank:{theirs.pk}" not in page
    response = post_mapping(client, token, **{"g0-target": f"bank:{theirs.pk}"})
    assert response.status_code == 400
    # forged past the form, the import itself refuses the bank
    report = run_import_as(other, {"mapping": {FIRST: f"bank:{theirs.pk}", SECOND: ""}})
    assert "bank_not_editable" in [e.code for e in report.errors]
    assert not theirs.questions.exists()


def run_import_as(user, options):
    from lms.core.imports import run_import

    return run_import("questions", EXPORT, "soal.xml", user=user, commit=True, options=options)


def test_one_users_remembered_mapping_never_routes_another_users_questions(world):  # noqa: F811
    owner = world["pengajar"]
    theirs = make_bank("LD.07", 2, name="Bank Pemilik", created_by=owner)
    category_mappings_remember(user=owner, choices={FIRST: theirs, SECOND: theirs})
    other = make_user(Role.PENGAJAR)
    report = run_import_as(other, {})
    assert [e.code for e in report.errors] == ["bad_category", "bad_category"]
    assert not theirs.questions.exists()
    # and the owner's memory is not remembered for a bank the user may not edit
    category_mappings_remember(user=other, choices={FIRST: theirs})
    assert not CategoryMapping.objects.filter(user=other).exists()


def test_a_remembered_bank_the_user_may_no_longer_edit_is_not_used_and_says_so(world):  # noqa: F811
    pengajar = world["pengajar"]
    shared = make_bank("LD.07", 2, name="Bank Bersama")
    shared.editors.add(pengajar)
    category_mappings_remember(user=pengajar, choices={FIRST: shared})
    shared.editors.remove(pengajar)
    report = run_import_as(pengajar, {})
    assert [e.code for e in report.errors] == ["bad_category", "bad_category"]
    assert any("Bank Bersama" in note and "tidak dipakai" in note for note in report.notes)
    assert not shared.questions.exists()


def test_someone_elses_upload_cannot_be_remapped(world):  # noqa: F811
    client = client_for(world["pengajar"])
    token = token_of(admin_upload(client, EXPORT))
    stranger = client_for(world["bkpsdm"])
    assert post_mapping(stranger, token, **{"g0-target": ""}).status_code in (403, 404)
    assert client_for(world["admin_a"]).post(f"/admin/impor/{token}/pemetaan/").status_code in (
        403,
        404,
    )


def test_a_done_import_cannot_be_remapped(world):  # noqa: F811
    pengajar = world["pengajar"]
    own = make_bank("LD.07", 2, name="Bank Saya", created_by=pengajar)
    client = client_for(pengajar)
    token = token_of(admin_upload(client, EXPORT, bank=f"LD.07/2/{own.name}"))
    client.post(f"/admin/impor/{token}/konfirmasi/")
    response = post_mapping(client, token, **{"g0-target": "", "g1-target": ""})
    assert response.status_code == 302 and own.questions.count() == 2
    assert 'data-testid="import-mapping"' not in preview(client, token).content.decode()


def test_the_mapping_option_is_checked_like_any_other():
    with pytest.raises(ValidationError):
        run_with(EXPORT, mapping={FIRST: "bank:999999"})
    with pytest.raises(ValidationError):
        run_with(EXPORT, mapping=["bank:1"])
    with pytest.raises(ValidationError):
        run_with(EXPORT, mapping={FIRST: "drop table"})
    report = run_with(EXPORT, mapping={FIRST: "new:LD.07/2", SECOND: "new:LD.07/2"}, commit=True)
    assert report.committed and QuestionBank.objects.get().questions.count() == 2


def test_a_mapped_category_that_names_a_bank_goes_where_the_user_chose(world):  # noqa: F811
    pengajar = world["pengajar"]
    own = make_bank("SP.01", 1, name="Bank Saya", created_by=pengajar)
    data = moodle(category("$course$/top/LD.07/2"), truefalse("A", "Soal."))
    report = run_import_as_data(pengajar, data, {"mapping": {"LD.07/2": f"bank:{own.pk}"}})
    assert report.committed and own.questions.count() == 1, report.errors
    assert NESTED and DEFAULT  # the shapes the other tests use


def run_import_as_data(user, data, options):
    from lms.core.imports import run_import

    return run_import("questions", data, "soal.xml", user=user, commit=True, options=options)


def test_a_key_change_is_shown_in_the_preview_and_confirmed_there(world):  # noqa: F811
    from tests.assessments.test_moodle_migration import STEM, multichoice

    pengajar = world["pengajar"]
    own = make_bank("LD.07", 2, name="Bank Saya", created_by=pengajar)
    client = client_for(pengajar)
    first = moodle(category(DEFAULT), multichoice("Q", STEM, "4", "5"))
    token = token_of(admin_upload(client, first, bank=f"LD.07/2/{own.name}"))
    client.post(f"/admin/impor/{token}/konfirmasi/")
    question = own.questions.get()
    changed = moodle(category(DEFAULT), multichoice("Q", STEM, "5", "4"))
    token = token_of(admin_upload(client, changed))  # no bank option, nothing remembered yet
    page = preview(client, token)
    assert [e.code for e in page.context["report"].errors] == ["bad_category"]
    target = {"g0-target": f"bank:{own.pk}"}
    post_mapping(client, token, **target)
    page = preview(client, token)
    assert [e.code for e in page.context["report"].errors] == ["key_changed"]
    assert "Izinkan perubahan kunci" in page.content.decode()
    assert question.versions.count() == 1
    post_mapping(client, token, **target, allow_key_change="on")
    page = preview(client, token)
    assert page.context["report"].ok and page.context["report"].updated == 1
    assert re.search(r'<input type="checkbox" name="allow_key_change"[^>]* checked>', page.text)
    assert question.versions.count() == 1  # still a dry run
    client.post(f"/admin/impor/{token}/konfirmasi/")
    assert question.versions.count() == 2
