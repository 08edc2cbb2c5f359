"""Migrating question banks from Moodle (issue 10): files in the shape Moodle exports them.

Hand-written exports as Moodle writes them: nested categories under ``$course$/top/Default
for ...`` (no bank named), CRLF line ends, a UTF-8 BOM, unsupported types next to supported
ones; the bank is chosen for the run (``--bank``, docs/interfaces.md).
"""

import codecs

import pytest

from assessments.models import Question, QuestionBank
from lms.core.imports import run_import
from tests.admin.conftest import client_for, world  # noqa: F401 - the admin's fixture
from tests.admin.test_imports import token_of
from tests.assessments.fixtures import codes, command, counts, run
from tests.factories.assessments import make_bank

pytestmark = pytest.mark.django_db


def category(path: str) -> str:
    return (
        f'  <question type="category">\r\n    <category>\r\n      <text>{path}</text>\r\n'
        "    </category>\r\n  </question>\r\n"
    )


def truefalse(name: str, text: str, right: str = "true") -> str:
    wrong = "false" if right == "true" else "true"
    return (
        f'  <question type="truefalse">\r\n    <name>\r\n      <text>{name}</text>\r\n'
        f'    </name>\r\n    <questiontext format="html">\r\n      <text><![CDATA[<p>{text}</p>]]>'
        f"</text>\r\n    </questiontext>\r\n    <defaultgrade>1.0000000</defaultgrade>\r\n"
        f'    <answer fraction="100" format="moodle_auto_format"><text>{right}</text></answer>\r\n'
        f'    <answer fraction="0" format="moodle_auto_format"><text>{wrong}</text></answer>\r\n'
        "  </question>\r\n"
    )


def essay(name: str, text: str) -> str:
    return (
        f'  <question type="essay">\r\n    <name><text>{name}</text></name>\r\n'
        f'    <questiontext format="html"><text>{text}</text></questiontext>\r\n'
        "    <responseformat>editor</responseformat>\r\n  </question>\r\n"
    )


def moodle(*parts: str) -> bytes:
    body = "".join(parts)
    text = f'<?xml version="1.0" encoding="UTF-8"?>\r\n<quiz>\r\n{body}</quiz>\r\n'
    return codecs.BOM_UTF8 + text.encode()


DEFAULT = "$course$/top/Default for Pelatihan Literasi Digital"
NESTED = "$course$/top/Default for Pelatihan Literasi Digital/Bab 1: Kata sandi"

EXPORT = moodle(
    category("$course$/top"),
    category(DEFAULT),
    truefalse("KS-01", "Kata sandi boleh dibagikan ke rekan kerja."),
    category(NESTED),
    truefalse("KS-02", "Autentikasi dua faktor menambah keamanan akun.", right="true"),
)


# ------------------------------------------------------------------ the bank chooser


def test_a_real_export_without_a_bank_category_is_refused_and_names_the_bank_option():
    report = run(EXPORT, "soal.xml", commit=True)
    assert codes(report) == [(1, "category", "bad_category"), (2, "category", "bad_category")]
    assert "Default for Pelatihan" in report.errors[0].message
    assert not report.committed and QuestionBank.objects.count() == 0


def test_the_chosen_bank_takes_every_question_whose_category_names_none():
    before = counts()
    report = run_with(EXPORT, bank="LD.07/2")
    assert report.ok and report.created == 2 and not report.committed, report.errors
    assert counts() == before  # the dry run creates no bank
    report = run_with(EXPORT, bank="LD.07/2/Literasi Digital", commit=True)
    assert report.committed, report.errors
    bank = QuestionBank.objects.get()
    assert (bank.competency.code, bank.level, bank.name) == ("LD.07", 2, "Literasi Digital")
    assert bank.questions.count() == 2
    again = run_with(EXPORT, bank="LD.07/2/Literasi Digital", commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_the_chosen_bank_is_an_existing_one_when_it_is_the_only_bank_of_that_level():
    existing = make_bank("LD.07", 2, name="Bank Lama")
    report = run_with(EXPORT, bank="ld.07/2", commit=True)
    assert report.committed, report.errors
    assert existing.questions.count() == 2 and QuestionBank.objects.count() == 1


def test_questions_with_no_category_at_all_go_to_the_chosen_bank():
    data = moodle(truefalse("A", "Soal tanpa kategori satu."), truefalse("B", "Soal dua."))
    report = run_with(data, bank="LD.07/3", commit=True)
    assert report.committed, report.errors
    assert QuestionBank.objects.get().level == 3


def test_a_category_that_names_a_bank_keeps_it_next_to_the_chosen_bank():
    data = moodle(
        category(DEFAULT),
        truefalse("A", "Soal di kategori Moodle."),
        category("$course$/top/SP.01/1/Bank Sendiri"),
        truefalse("B", "Soal di bank yang disebut."),
    )
    report = run_with(data, bank="LD.07/2", commit=True)
    assert report.committed, report.errors
    located = {
        q.current_version.text: (q.bank.competency.code, q.bank.level)
        for q in Question.objects.select_related("bank__competency", "current_version")
    }
    assert located == {
        "<p>Soal di kategori Moodle.</p>": ("LD.07", 2),
        "<p>Soal di bank yang disebut.</p>": ("SP.01", 1),
    }


def test_a_known_competency_with_a_wrong_level_stays_an_error_with_a_chosen_bank():
    data = moodle(category("$course$/top/LD.07/tujuh"), truefalse("A", "Soal."))
    report = run_with(data, bank="SP.01/1", commit=True)
    assert codes(report) == [(1, "category", "bad_category")]
    assert QuestionBank.objects.count() == 0


def test_gift_questions_without_a_category_go_to_the_chosen_bank():
    data = codecs.BOM_UTF8 + b"::Q1:: Soal satu {T}\r\n\r\n::Q2:: Soal dua {F}\r\n"
    report = run_with(data, bank="LD.07/2", commit=True, filename="soal.gift")
    assert report.committed and report.created == 2, report.errors


@pytest.mark.parametrize(
    "value, expected",
    [
        ("LD.07", "tidak menyebut bank"),
        ("LD.07/9", "harus angka 1 sampai 5"),
        ("XX.99/2", "XX.99"),
        ("$course$/top", "tidak menyebut bank"),
    ],
)
def test_a_bad_bank_option_is_refused_before_the_file_is_read(tmp_path, value, expected):
    path = tmp_path / "soal.xml"
    path.write_bytes(EXPORT)
    before = counts()
    status, out, err = command("lms_import", "questions", str(path), "--bank", value, "--commit")
    assert status == 2 and expected in err, err
    assert "Pilihan bank soal tidak valid" in err and not out
    assert counts() == before


def test_the_bank_option_on_the_command_line_commits_a_real_export(tmp_path):
    path = tmp_path / "soal.xml"
    path.write_bytes(EXPORT)
    status, out, err = command("lms_import", "questions", str(path), "--bank", "LD.07/2")
    assert status == 0, out + err
    assert QuestionBank.objects.count() == 0
    status, out, err = command(
        "lms_import", "questions", str(path), "--bank", "LD.07/2", "--commit"
    )
    assert status == 0, out + err
    assert Question.objects.filter(bank__competency__code="LD.07").count() == 2


def test_options_of_the_questions_kind_are_refused_by_other_kinds(tmp_path):
    path = tmp_path / "opd.csv"
    path.write_bytes(b"code,name\r\n")
    status, _out, err = command("lms_import", "opds", str(path), "--bank", "LD.07/2")
    assert status == 2 and "--bank" in err


def run_with(data: bytes, *, commit: bool = False, filename: str = "soal.xml", **options):
    return run_import("questions", data, filename, user=None, commit=commit, options=options)


# ------------------------------------------------------------------ unsupported types

MIXED = moodle(
    category("$course$/top/LD.07/2"),
    truefalse("KS-01", "Kata sandi boleh dibagikan."),
    essay("Esai-01", "Jelaskan cara membuat kata sandi yang kuat."),
    truefalse("KS-02", "Autentikasi dua faktor menambah keamanan.", right="true"),
    '  <question type="multianswer">\r\n    <name><text>Cloze-01</text></name>\r\n'
    '    <questiontext format="html"><text>{1:SHORTANSWER:=OTP}</text></questiontext>\r\n'
    "  </question>\r\n",
)


def test_by_default_one_unsupported_question_rejects_the_file_and_names_the_option():
    before = counts()
    report = run(MIXED, "soal.xml", commit=True)
    assert codes(report) == [(2, "type", "unsupported_type"), (4, "type", "unsupported_type")]
    assert '"essay"' in report.errors[0].message and '"multianswer"' in report.errors[1].message
    assert any("--skip-unsupported" in note for note in report.notes)
    assert counts() == before and not report.skipped


def test_skip_unsupported_imports_the_others_and_lists_the_skipped_ones():
    report = run_with(MIXED, skip_unsupported=True)
    assert report.ok and (report.total_rows, report.valid_rows, report.created) == (4, 2, 2)
    assert [(s.row, s.code) for s in report.skipped] == [
        (2, "unsupported_type"),
        (4, "unsupported_type"),
    ]
    assert Question.objects.count() == 0
    report = run_with(MIXED, skip_unsupported=True, commit=True)
    assert report.committed and Question.objects.count() == 2
    again = run_with(MIXED, skip_unsupported=True, commit=True)
    assert (again.created, again.unchanged, len(again.skipped)) == (0, 2, 2)


def test_skip_unsupported_does_not_skip_other_errors():
    data = moodle(category("$course$/top/LD.07/2"), essay("E", "Esai"), truefalse("T", " "))
    report = run_with(data, skip_unsupported=True, commit=True)
    assert codes(report) == [(2, "questiontext", "invalid_question")]
    assert len(report.skipped) == 1 and not report.committed


def test_gift_essays_and_descriptions_are_skipped_on_request():
    data = b"$CATEGORY: LD.07/2\r\n\r\nEsai {}\r\n\r\nSekadar deskripsi.\r\n\r\nSoal {T}\r\n"
    report = run_with(data, filename="soal.gift", skip_unsupported=True, commit=True)
    assert report.committed and report.created == 1 and len(report.skipped) == 2


def test_the_command_lists_skipped_questions_and_counts_them(tmp_path):
    path = tmp_path / "soal.xml"
    path.write_bytes(MIXED)
    status, out, err = command("lms_import", "questions", str(path), "--skip-unsupported")
    assert status == 0, out + err
    assert "2 dilewati" in out and "2 akan dibuat" in out and "dilewati: 2" in err
    status, out, err = command("lms_import", "questions", str(path))
    assert status == 1 and "tidak ada yang ditulis" in out and "baru" not in out.splitlines()[-1]


# ------------------------------------------------------------------ the report


def test_a_rejected_run_says_nothing_was_written_and_a_dry_run_what_would_be(tmp_path):
    path = tmp_path / "soal.xml"
    path.write_bytes(moodle(category("$course$/top/LD.07/2"), truefalse("A", "Soal.")))
    status, out, _err = command("lms_import", "questions", str(path))
    assert status == 0 and "1 akan dibuat" in out and "belum disimpan" in out
    status, out, _err = command("lms_import", "questions", str(path), "--commit")
    assert status == 0 and "1 baru" in out and "disimpan" in out


# ------------------------------------------------------------------ the admin preview


def admin_upload(client, data: bytes, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    post = {"kind": "questions", "file": SimpleUploadedFile("soal.xml", data, "text/xml")}
    post.update({f"questions__{name}": value for name, value in fields.items()})
    return client.post("/admin/impor/", post)


def test_the_admin_offers_the_users_banks_and_a_new_bank_and_stages_the_choice(world):  # noqa: F811 - the admin fixture

    pengajar = world["pengajar"]
    own = make_bank("LD.07", 2, name="Bank/Saya", created_by=pengajar)
    make_bank("SP.01", 1, name="Bank Orang Lain")
    client = client_for(pengajar)
    page = client.get("/admin/impor/?jenis=questions").content.decode()
    assert "Bank//Saya" in page and "Bank Orang Lain" not in page
    assert "questions__skip_unsupported" in page

    token = token_of(
        admin_upload(
            client,
            MIXED.replace(b"LD.07/2", b"Bebas"),
            bank="LD.07/2/Bank//Saya",
            skip_unsupported="on",
        )
    )
    preview = client.get(f"/admin/impor/{token}/")
    report = preview.context["report"]
    assert report.ok and report.created == 2 and len(report.skipped) == 2, report.errors
    content = preview.content.decode()
    assert "Soal yang dilewati" in content and "essay" in content
    assert Question.objects.count() == 0
    client.post(f"/admin/impor/{token}/konfirmasi/")
    assert own.questions.count() == 2 and QuestionBank.objects.count() == 2


def test_the_admin_refuses_a_bank_of_someone_else_and_two_bank_choices(world):  # noqa: F811 - the admin fixture

    client = client_for(world["pengajar"])
    other = make_bank("SP.01", 1, name="Bank Orang Lain")
    response = admin_upload(client, EXPORT, bank=f"SP.01/1/{other.name}")
    assert response.status_code == 400  # not a choice offered to this user
    response = admin_upload(client, EXPORT, new_bank="XX.99/2")
    assert response.status_code == 400 and "XX.99" in response.content.decode()
    own = make_bank("LD.07", 2, created_by=world["pengajar"])
    response = admin_upload(client, EXPORT, bank=f"LD.07/2/{own.name}", new_bank="LD.07/3")
    assert response.status_code == 400 and "jangan keduanya" in response.content.decode()


def test_the_admin_creates_a_new_bank_only_on_confirmation(world):  # noqa: F811 - the admin fixture

    client = client_for(world["pengajar"])
    token = token_of(admin_upload(client, EXPORT, new_bank="LD.07/3/Literasi"))
    assert QuestionBank.objects.count() == 0
    client.post(f"/admin/impor/{token}/konfirmasi/")
    bank = QuestionBank.objects.get()
    assert (bank.level, bank.name, bank.questions.count()) == (3, "Literasi", 2)
    assert bank.created_by == world["pengajar"]


# ------------------------------------------------------------------ variants and the key


def multichoice(name: str, text: str, right: str, *wrong: str) -> str:
    answers = f'<answer fraction="100" format="html"><text>{right}</text></answer>' + "".join(
        f'<answer fraction="0" format="html"><text>{w}</text></answer>' for w in wrong
    )
    return (
        f'  <question type="multichoice">\r\n    <name><text>{name}</text></name>\r\n'
        f'    <questiontext format="html"><text>{text}</text></questiontext>\r\n'
        f"    <single>true</single>{answers}\r\n  </question>\r\n"
    )


STEM = "Berapa hasil penjumlahan berikut?"
VARIANTS = moodle(
    category("$course$/top/LD.07/2"),
    multichoice("Hitung-1", STEM, "4", "5", "6"),
    multichoice("Hitung-2", STEM, "7", "8", "9"),
    multichoice("Hitung-3", STEM, "10", "11", "12"),
)


def keys() -> list[str]:
    return sorted(
        next(c["text"] for c in q.current_version.data["choices"] if c["correct"])
        for q in Question.objects.select_related("current_version")
    )


def test_variants_with_the_same_stem_are_separate_questions_and_reimport_unchanged():
    report = run(VARIANTS, "soal.xml", commit=True)
    assert report.committed and report.created == 3, report.errors
    assert keys() == ["10", "4", "7"]
    again = run(VARIANTS, "soal.xml", commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_second_file_with_variants_never_replaces_an_existing_questions_answers():
    run(moodle(category("$course$/top/LD.07/2"), multichoice("Hitung-0", STEM, "4", "5")),
        "satu.xml", commit=True)  # fmt: skip
    report = run(VARIANTS, "soal.xml", commit=True)
    assert report.committed, report.errors
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert keys() == ["10", "4", "4", "7"]  # the first file's question is still there
    assert all(q.versions.count() == 1 for q in Question.objects.all())
    assert sum("varian" in note for note in report.notes) == 3  # said, not silent


# ------------------------------------------------------------------ identity by source


def refs() -> list[str]:
    return sorted(Question.objects.values_list("source_ref", flat=True))


def test_an_imported_question_keeps_its_moodle_category_and_name_as_its_identity():
    report = run_with(EXPORT, bank="LD.07/2", commit=True)
    assert report.committed, report.errors
    assert refs() == [
        "Default for Pelatihan Literasi Digital/Bab 1: Kata sandi::KS-02",
        "Default for Pelatihan Literasi Digital::KS-01",
    ]
    again = run_with(EXPORT, bank="LD.07/2", commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    # the same category exported from another context ($system$, without "top") is the same
    other = EXPORT.replace(b"$course$/top/", b"$system$/")
    assert run_with(other, bank="LD.07/2", commit=True).unchanged == 2


def test_a_reworded_stem_with_the_same_name_is_a_new_version_of_that_question():
    run_with(EXPORT, bank="LD.07/2", commit=True)
    question = Question.objects.get(source_ref__endswith="::KS-01")
    reworded = EXPORT.replace(b"boleh dibagikan ke rekan kerja", b"boleh dibagikan ke atasan")
    report = run_with(reworded, bank="LD.07/2", commit=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1), report.errors
    question.refresh_from_db()
    assert question.versions.count() == 2 and "atasan" in question.current_version.text
    assert Question.objects.count() == 2


def test_same_name_changed_key_is_key_changed_even_with_a_new_stem():
    run(moodle(category("$course$/top/LD.07/2"), multichoice("Q", STEM, "4", "5")),
        "soal.xml", commit=True)  # fmt: skip
    before = counts()
    changed = moodle(category("$course$/top/LD.07/2"), multichoice("Q", "Hitung 2+3.", "5", "4"))
    report = run(changed, "soal.xml", commit=True)
    assert codes(report) == [(1, "answer", "key_changed")] and counts() == before
    report = run_with(changed, commit=True, allow_key_change=True)
    assert report.committed and report.updated == 1 and keys() == ["5"]
    assert Question.objects.get().versions.count() == 2


def test_the_same_name_with_another_type_is_refused():
    run(moodle(category("$course$/top/LD.07/2"), multichoice("Q", STEM, "4", "5")),
        "soal.xml", commit=True)  # fmt: skip
    report = run(moodle(category("$course$/top/LD.07/2"), truefalse("Q", "Lain.")), "soal.xml")
    assert [e.code for e in report.errors] == ["type_changed"]
    assert '"Q"' in report.errors[0].message


def test_variants_of_a_second_file_with_the_names_of_the_first_update_only_their_own():
    run(VARIANTS, "soal.xml", commit=True)
    second = VARIANTS.replace(b"<text>11</text>", b"<text>13</text>")  # Hitung-3's distractor
    report = run(second, "soal.xml", commit=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2), report.errors
    changed = Question.objects.get(source_ref="LD.07/2::Hitung-3")
    assert changed.versions.count() == 2
    assert sorted(q.versions.count() for q in Question.objects.all()) == [1, 1, 2]


def test_a_gift_title_and_its_category_are_the_identity_untitled_questions_have_none():
    data = b"$CATEGORY: LD.07/2\n\n::KS-01:: Kata sandi rahasia. {T}\n\nTanpa judul. {F}\n"
    assert run_with(data, filename="soal.gift", commit=True).committed
    assert refs() == ["", "LD.07/2::KS-01"]
    reworded = data.replace(b"rahasia.", b"harus rahasia.")
    report = run_with(reworded, filename="soal.gift", commit=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1), report.errors


def test_a_name_used_twice_in_one_category_is_no_identity_and_says_so():
    data = moodle(
        category("$course$/top/LD.07/2"),
        truefalse("Soal", "Pertama."),
        truefalse("Soal", "Kedua."),
    )
    report = run(data, "soal.xml", commit=True)
    assert report.committed and report.created == 2, report.errors
    assert any('"Soal" dipakai 2 kali' in note for note in report.notes)
    assert refs() == ["", ""]
    assert run(data, "soal.xml", commit=True).unchanged == 2


def test_a_question_without_identity_is_matched_by_stem_and_then_gets_the_identity():
    run(b"type,competency_code,level,text,correct\r\ntrue_false,LD.07,2,Soal sama.,benar\r\n",
        "soal.csv", commit=True)  # fmt: skip
    legacy = Question.objects.get()
    assert legacy.source_ref == ""
    changed = moodle(category("$course$/top/LD.07/2"), truefalse("S", "Soal sama.", "false"))
    report = run(changed, "soal.xml", commit=True)
    assert [e.code for e in report.errors] == ["key_changed"]  # never silently
    report = run_with(changed, commit=True, allow_key_change=True)
    assert (report.created, report.updated) == (0, 1), report.errors
    legacy.refresh_from_db()
    assert legacy.versions.count() == 2 and legacy.source_ref == "LD.07/2::S"
    # from now on only "S" updates it: a same-stem question named otherwise is a variant
    other = moodle(category("$course$/top/LD.07/2"), truefalse("T", "Soal sama.", "true"))
    report = run(other, "soal.xml", commit=True)
    assert (report.created, report.updated) == (1, 0) and Question.objects.count() == 2
    assert any("varian" in note for note in report.notes)
    # identical content is the same question, whatever its name: nothing new
    same = moodle(category("$course$/top/LD.07/2"), truefalse("U", "Soal sama.", "false"))
    assert (run(same, "soal.xml", commit=True).created, Question.objects.count()) == (0, 2)


def test_a_long_category_and_name_fit_the_identity_and_stay_distinct():
    from assessments.importers.items import QuestionItem, parse_category
    from assessments.models import SOURCE_REF_MAX

    path = "LD.07/2/" + "Bab sangat panjang/" * 40
    first = QuestionItem(1, "true_false", "x", {}, category=parse_category(path + "A"), name="N")
    second = QuestionItem(1, "true_false", "x", {}, category=parse_category(path + "B"), name="N")
    assert len(first.source_ref()) == SOURCE_REF_MAX
    assert first.source_ref() != second.source_ref()


def test_an_update_that_changes_the_key_is_refused_unless_allowed(tmp_path):
    first = moodle(category("$course$/top/LD.07/2"), multichoice("Q", STEM, "4", "5", "6"))
    run(first, "soal.xml", commit=True)
    changed = moodle(category("$course$/top/LD.07/2"), multichoice("Q", STEM, "5", "4", "6"))
    before = counts()
    report = run(changed, "soal.xml", commit=True)
    assert codes(report) == [(1, "answer", "key_changed")]
    assert "Kunci berubah" in report.errors[0].message and "--allow-key-change" in (
        report.errors[0].message
    )
    assert counts() == before and keys() == ["4"]
    path = tmp_path / "soal.xml"
    path.write_bytes(changed)
    status, out, _err = command("lms_import", "questions", str(path), "--commit")
    assert status == 1 and "key_changed" in out and "tidak ada yang ditulis" in out
    status, out, err = command(
        "lms_import", "questions", str(path), "--commit", "--allow-key-change"
    )
    assert status == 0 and "1 diubah" in out and "kunci berubah" in err
    assert keys() == ["5"] and Question.objects.get().versions.count() == 2


def test_an_update_that_keeps_the_key_needs_no_confirmation():
    run(moodle(category("$course$/top/LD.07/2"), multichoice("Q", STEM, "4", "5", "6")),
        "soal.xml", commit=True)  # fmt: skip
    report = run(
        moodle(category("$course$/top/LD.07/2"), multichoice("Q", STEM, "4", "5", "7")),
        "soal.xml",
        commit=True,
    )
    assert report.committed and report.updated == 1, report.errors


def test_the_downloadable_report_has_every_error_and_skipped_item_the_screen_caps(
    world,  # noqa: F811 - the admin fixture
    monkeypatch,
):
    from lms.core.imports import staging

    monkeypatch.setattr(staging, "MAX_ERRORS_SHOWN", 2)
    client = client_for(world["pengajar"])
    data = moodle(
        category(DEFAULT),
        *(truefalse(f"Q{n}", f"Soal nomor {n}.") for n in range(5)),
        essay("Esai-01", "Jelaskan."),
    )
    token = token_of(admin_upload(client, data, skip_unsupported="on"))
    preview = client.get(f"/admin/impor/{token}/")
    assert len(preview.context["errors"]) == 2 and preview.context["error_count"] == 5
    content = preview.content.decode()
    assert f"/admin/impor/{token}/laporan.csv" in content and "tidak ada yang ditulis" in content
    response = client.get(f"/admin/impor/{token}/laporan.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "baris,kolom,kode,pesan,status"
    assert sum("bad_category" in line for line in lines) == 5
    assert sum(line.endswith(",dilewati") for line in lines) == 1
    other = client_for(world["bkpsdm"]).get(f"/admin/impor/{token}/laporan.csv")
    assert other.status_code in (302, 403, 404)  # someone else's upload


def test_messages_name_the_question_by_its_moodle_name_or_gift_title():
    report = run(EXPORT, "soal.xml")
    assert '"KS-01"' in report.errors[0].message and '"KS-02"' in report.errors[1].message
    report = run(b"::Judul\\: satu:: Soal {T}\n", "soal.gift")
    assert codes(report) == [(1, "category", "missing_category")]
    assert '("Judul: satu", baris 1)' in report.errors[0].message


def test_a_skipped_question_is_named_by_its_moodle_name_type_and_category(world):  # noqa: F811 - the admin fixture
    report = run_with(MIXED, skip_unsupported=True)
    essay_item, cloze = report.skipped
    assert '"essay"' in essay_item.message and '"Esai-01"' in essay_item.message
    assert 'kategori "$course$/top/LD.07/2"' in essay_item.message
    assert '"multianswer"' in cloze.message and '"Cloze-01"' in cloze.message
    client = client_for(world["pengajar"])
    token = token_of(admin_upload(client, MIXED, skip_unsupported="on"))
    page = client.get(f"/admin/impor/{token}/").content.decode()
    assert "Esai-01" in page and "Cloze-01" in page  # on screen, not only in the CSV


def test_every_problem_of_an_item_is_reported_not_only_the_first():
    bad = (
        '  <question type="multichoice"><name><text>MC-1</text></name>'
        '<questiontext format="html"><text></text></questiontext>'
        "<defaultgrade>0</defaultgrade><single>true</single>"
        '<answer fraction="0"><text>a</text></answer><answer fraction="0"><text>b</text></answer>'
        "</question>\r\n"
    )
    report = run(moodle(category("$course$/top/XX.99/2"), bad), "soal.xml")
    assert sorted(e.code for e in report.errors) == [
        "invalid_points",
        "invalid_question",
        "invalid_question",
        "unknown_competency",
    ]
    assert all('"MC-1"' in e.message for e in report.errors)
