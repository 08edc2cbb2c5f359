"""Uploading ``.h5p`` packages: every hostile case of docs/quality.md R4 is refused with an
Indonesian message and nothing persisted (no row, no file outside the temporary directory,
which is empty again afterwards); real exports and the project's own package install, with
libraries stored once and shared, and the install permission enforced.

Every case goes through the import pipeline as the confirm step runs it (``run_import`` with
``commit=True``), the strongest path: the dry run is the same check.
"""

import os
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from assessments.h5p import storage
from assessments.h5p.models import H5PLibrary, H5PPackage, H5PPackageStatus
from assessments.h5p.services import h5p_package_install, h5p_package_install_file
from lms.core.imports import run_import
from tests.factories.h5p_files import (
    SHARED_FIXTURE,
    benar_salah_files,
    with_json,
    zip_bytes,
    zip_marked_encrypted,
    zip_with_duplicate,
    zip_with_lying_size,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_commit(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield
    _capture = None


_capture = None


def _confirm(data: bytes, user, filename: str = "paket.h5p"):
    """The confirm step: ``run_import(commit=True)``, then the callbacks a real commit runs
    (the install task is queued on commit; tasks are eager in tests)."""
    with _capture(execute=True):
        return run_import("h5p", data, filename, user=user, commit=True)


LIBRARY = "LMS.BenarSalah-1.0"


def _user(*codenames: str):
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="assessments", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def bkpsdm():
    return _user("add_h5ppackage", bkpsdm, "change_h5ppackage", "install_h5plibrary")


@pytest.fixture
def trainer():
    return _user("add_h5ppackage", "change_h5ppackage")


def _files_on_disk() -> set[str]:
    root = storage.h5p_root()
    return (
        {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else set()
    )


def _refused(data: bytes, user, *, code: str) -> list:
    before = _files_on_disk()
    report = _confirm(data, user)
    assert not report.ok and not report.committed
    assert code in {error.code for error in report.errors}, report.errors
    for error in report.errors:
        assert error.message and "Traceback" not in error.message
    assert H5PPackage.objects.count() == 0
    assert H5PLibrary.objects.count() == 0
    assert _files_on_disk() == before  # nothing left, not even in tmp/
    return report.errors


# --- R4.1 zip slip, R4.2 symlinks --------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../evil.json",
        "/etc/evil.json",
        "..\\..\\evil.json",
        "content/../../evil.json",
        "content/./x.json",
        "C:/evil.json",
    ],
)
def test_paths_leaving_the_package_are_refused(bkpsdm, name):
    files = benar_salah_files() | {name: b"{}"}
    _refused(zip_bytes(files), bkpsdm, code="unsafe_path")


def test_symbolic_links_are_refused(bkpsdm):
    files = benar_salah_files() | {"content/images/link.png": b"/etc/passwd"}
    data = zip_bytes(files, modes={"content/images/link.png": 0o120777})
    _refused(data, bkpsdm, code="symlink")


# --- R4.3 zip bombs, R4.9 sizes ------------------------------------------------------------


def test_a_high_compression_ratio_is_refused_while_decompressing(bkpsdm):
    files = benar_salah_files() | {"content/data.json": b" " * (3 * 1024 * 1024)}
    _refused(zip_bytes(files), bkpsdm, code="zip_bomb")


def test_sizes_that_lie_are_not_trusted(bkpsdm, settings):
    """The archive claims a tiny entry; the bytes really produced are counted (and the CRC
    of a truncated read fails): refused either way."""
    settings.LMS_H5P_MAX_FILE_BYTES = 256 * 1024
    big = os.urandom(300 * 1024)
    files = benar_salah_files() | {"content/images/a.png": big}
    errors = _refused(
        zip_with_lying_size(files, "content/images/a.png", 10), bkpsdm, code="corrupt"
    )
    assert errors[0].code in {"corrupt", "file_too_big"}


def test_one_file_over_the_limit_is_refused(bkpsdm, settings):
    settings.LMS_H5P_MAX_FILE_BYTES = 256 * 1024
    files = benar_salah_files() | {"content/images/a.png": os.urandom(300 * 1024)}
    _refused(zip_bytes(files), bkpsdm, code="file_too_big")


def test_a_total_over_the_limit_is_refused(bkpsdm, settings):
    settings.LMS_H5P_MAX_TOTAL_BYTES = 512 * 1024
    files = benar_salah_files() | {
        f"content/data{n}.txt": os.urandom(100 * 1024).hex().encode() for n in range(3)
    }
    _refused(zip_bytes(files), bkpsdm, code="package_too_big")


# --- R4.4 entries ----------------------------------------------------------------------------


def test_too_many_entries_are_refused_before_reading(bkpsdm, settings):
    settings.LMS_H5P_MAX_ENTRIES = 50
    files = benar_salah_files() | {f"content/images/{n}.png": b"x" for n in range(60)}
    errors = _refused(zip_bytes(files), bkpsdm, code="too_many_entries")
    assert "50" in errors[0].message


# --- R4.5 extensions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "content/x.php",
        "content/x.html",
        "content/x.js",
        "content/x.exe",
        "content/x.svg",
        "content/x.xml",
        "content/x.png.php",
        "content/X.PHP",
        "content/x",
        "LMS.BenarSalah-1.0/x.php",
    ],
)
def test_disallowed_extensions_are_refused(bkpsdm, name):
    _refused(
        zip_bytes(benar_salah_files() | {name: b"<?php ?>"}), bkpsdm, code="extension_not_allowed"
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("content/x.php.", "bad_name"),
        ("content/x.png ", "bad_name"),
        # zipfile cuts a name at NUL ("content/x"): refused for its missing extension then
        ("content/x\x00.png", "extension_not_allowed"),
        ("content/x\u202egnp.php", "bad_name"),
    ],
)
def test_trailing_dots_spaces_and_control_characters_are_refused(bkpsdm, name, code):
    _refused(zip_bytes(benar_salah_files() | {name: b"x"}), bkpsdm, code=code)


# --- R4.6 manifests, allow-list ------------------------------------------------------------


def test_a_missing_h5p_json_is_refused(bkpsdm):
    files = benar_salah_files()
    del files["h5p.json"]
    _refused(zip_bytes(files), bkpsdm, code="bad_h5p_json")


@pytest.mark.parametrize("payload", [b"{not json", b"[1, 2]", '{"t": "\xff"}'.encode("latin-1")])
def test_a_broken_h5p_json_is_refused(bkpsdm, payload):
    files = benar_salah_files() | {"h5p.json": payload}
    _refused(zip_bytes(files), bkpsdm, code="bad_h5p_json")


def test_an_h5p_json_without_its_mandatory_fields_is_refused(bkpsdm):
    files = with_json(benar_salah_files(), "h5p.json", lambda m: {"title": m["title"]})
    _refused(zip_bytes(files), bkpsdm, code="bad_h5p_json")


def test_a_missing_content_json_is_refused(bkpsdm):
    files = benar_salah_files()
    del files["content/content.json"]
    _refused(zip_bytes(files), bkpsdm, code="bad_content_json")


def test_a_main_library_neither_bundled_nor_installed_is_refused(bkpsdm):
    files = {n: d for n, d in benar_salah_files().items() if not n.startswith(LIBRARY)}
    errors = _refused(zip_bytes(files), bkpsdm, code="library_missing")
    assert "LMS.BenarSalah 1.0" in errors[0].message


def test_a_main_content_type_off_the_allow_list_is_refused(bkpsdm, settings):
    settings.LMS_H5P_ALLOWED_MAIN_LIBRARIES = ["H5P.TrueFalse"]
    errors = _refused(zip_bytes(benar_salah_files()), bkpsdm, code="main_not_allowed")
    assert "H5P.TrueFalse" in errors[0].message


def test_a_disabled_main_library_takes_no_new_package(bkpsdm):
    h5p_package_install_file(
        source=_write(zip_bytes(benar_salah_files())), filename="a.h5p", user=bkpsdm
    )
    H5PLibrary.objects.filter(machine_name="LMS.BenarSalah").update(enabled=False)
    report = _confirm(zip_bytes(benar_salah_files()), bkpsdm, "b.h5p")
    assert [e.code for e in report.errors] == ["main_disabled"]
    assert H5PPackage.objects.count() == 1


# --- R4.7 libraries need the permission ---------------------------------------------------


def test_a_trainer_cannot_install_a_library_the_site_lacks(trainer):
    errors = _refused(zip_bytes(benar_salah_files()), trainer, code="library_install_forbidden")
    assert "LMS.BenarSalah 1.0.0" in errors[0].message and "BKPSDM" in errors[0].message


def test_a_trainer_may_upload_a_package_whose_libraries_are_installed(bkpsdm, trainer):
    first = h5p_package_install_file(
        source=_write(zip_bytes(benar_salah_files())), filename="a.h5p", user=bkpsdm
    )
    report = _confirm(zip_bytes(benar_salah_files(title="Kedua")), trainer, "b.h5p")
    assert report.ok and report.committed
    second = H5PPackage.objects.exclude(pk=first.pk).get()
    assert second.status == H5PPackageStatus.READY  # tasks run eagerly in tests
    assert H5PLibrary.objects.count() == 1  # stored once, shared
    assert set(second.libraries.all()) == set(first.libraries.all())


def test_a_newer_patch_is_an_install_and_replaces_the_files_for_every_package(bkpsdm, trainer):
    h5p_package_install_file(
        source=_write(zip_bytes(benar_salah_files())), filename="a.h5p", user=bkpsdm
    )
    newer = with_json(
        benar_salah_files(), f"{LIBRARY}/library.json", lambda m: m | {"patchVersion": 3}
    )
    _refused_again = _confirm(zip_bytes(newer), trainer, "b.h5p")
    assert [e.code for e in _refused_again.errors] == ["library_install_forbidden"]
    report = _confirm(zip_bytes(newer), bkpsdm, "b.h5p")
    assert report.ok
    library = H5PLibrary.objects.get()
    assert library.patch_version == 3 and H5PPackage.objects.count() == 2
    assert '"patchVersion": 3' in (storage.library_dir(library.folder) / "library.json").read_text()


# --- R4.8 script in content ----------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<p>x</p><script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=//evil></iframe>",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<svg onload=alert(1)>",
    ],
)
def test_script_in_content_text_is_refused(bkpsdm, html):
    errors = _refused(
        zip_bytes(benar_salah_files(question_html=html)), bkpsdm, code="script_in_content"
    )
    assert errors[0].column == "content.question"


def test_text_is_sanitised_per_its_semantics(bkpsdm):
    files = benar_salah_files(
        question_html='<p>Apa itu <strong>SPBE</strong>?</p><h1>judul</h1><a href="https://x.id">t</a>',
        feedback_correct="<b>Betul</b> & benar",
    )
    package = h5p_package_install_file(
        source=_write(zip_bytes(files)), filename="a.h5p", user=bkpsdm
    )
    content = (storage.content_dir(package.token) / "content" / "content.json").read_text()
    assert "<strong>SPBE</strong>" in content and "<h1>" not in content  # tags per semantics
    assert "&lt;b&gt;Betul&lt;/b&gt; &amp; benar" in content  # plain text escaped once


# --- R4.10 not a zip, corrupt, encrypted ----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"bukan arsip", "not_zip"), (b"", "not_zip"), (b"%PDF-1.7 ...", "not_zip")],
)
def test_files_that_are_not_zip_archives_are_refused(bkpsdm, data, code):
    _refused(data, bkpsdm, code=code)


def test_a_truncated_archive_is_refused(bkpsdm):
    data = zip_bytes(benar_salah_files())
    _refused(data[: len(data) // 2], bkpsdm, code="corrupt")


def test_an_encrypted_archive_is_refused(bkpsdm):
    files = benar_salah_files()
    data = zip_marked_encrypted(files, "content/content.json")
    _refused(data, bkpsdm, code="encrypted")


def test_a_renamed_zip_of_something_else_is_refused(bkpsdm):
    _refused(zip_bytes({"laporan.csv": b"a,b\n", "foto/x.png": b"x"}), bkpsdm, code="bad_h5p_json")


# --- R4.11 hidden names: skipped, never written -------------------------------------------


def test_hidden_names_are_skipped_and_never_written(bkpsdm):
    files = benar_salah_files() | {
        ".htaccess": b"SetHandler php",
        "__MACOSX/._h5p.json": b"x",
        "content/_foo.png": b"x",
        "content/.DS_Store": b"x",
        "H5P_CONTENT_HERE.txt": b"",
    }
    before = _files_on_disk()
    report = _confirm(zip_bytes(files), bkpsdm, "a.h5p")
    assert report.ok, report.errors
    package = H5PPackage.objects.get()
    written = {part for path in _files_on_disk() - before for part in Path(path).parts}
    hidden = {
        ".htaccess",
        "._h5p.json",
        "_foo.png",
        ".DS_Store",
        "__MACOSX",
        "H5P_CONTENT_HERE.txt",
    }
    assert written and not hidden & written
    assert package.status == H5PPackageStatus.READY


# --- R4.13 duplicates, long and look-alike names ------------------------------------------


def test_a_duplicate_entry_is_refused(bkpsdm):
    data = zip_with_duplicate(benar_salah_files(), "content/content.json", b'{"question": "x"}')
    _refused(data, bkpsdm, code="duplicate_name")


def test_names_differing_only_in_case_are_refused(bkpsdm):
    files = benar_salah_files() | {"content/images/A.png": b"x", "content/images/a.png": b"y"}
    _refused(zip_bytes(files), bkpsdm, code="duplicate_name")


def test_overlong_names_are_refused(bkpsdm):
    files = benar_salah_files() | {"content/" + "a" * 300 + ".png": b"x"}
    _refused(zip_bytes(files), bkpsdm, code="name_too_long")


def test_unicode_look_alike_names_are_refused(bkpsdm):
    files = benar_salah_files() | {"content/ｈ5p.json": b"{}"}
    _refused(zip_bytes(files), bkpsdm, code="lookalike_name")


# --- what installs ------------------------------------------------------------------------


def _write(data: bytes) -> Path:
    root = storage.h5p_root()
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"upload-{os.urandom(4).hex()}.h5p"
    path.write_bytes(data)
    return path


def test_the_dry_run_lists_what_would_be_installed_and_writes_nothing(bkpsdm):
    before = _files_on_disk()
    report = run_import("h5p", zip_bytes(benar_salah_files()), "a.h5p", user=bkpsdm, commit=False)
    assert report.ok and not report.committed
    assert [(row["bagian"], row["nama"], row["tindakan"]) for row in report.preview] == [
        ("konten", "Latihan SPBE", "akan dibuat"),
        ("pustaka", "LMS.BenarSalah", "akan dipasang"),
    ]
    assert H5PPackage.objects.count() == 0 and _files_on_disk() == before


def test_install_moves_content_under_a_random_name_and_keeps_no_upload(bkpsdm):
    report = _confirm(zip_bytes(benar_salah_files()), bkpsdm, "a.h5p")
    assert report.ok and report.committed
    package = H5PPackage.objects.get()
    assert package.status == H5PPackageStatus.READY and package.main_library.machine_name == (
        "LMS.BenarSalah"
    )
    assert len(package.token) >= 40 and package.sha256 and package.size_bytes > 0
    folder = storage.content_dir(package.token)
    assert (folder / "h5p.json").is_file() and (folder / "content" / "content.json").is_file()
    assert not (storage.h5p_root() / package.staged_name).exists()
    assert not any((storage.h5p_root() / "tmp").iterdir())


def test_the_task_checks_the_staged_file_again(bkpsdm):
    """A staged file changed after the upload's check is refused by the install task."""
    report = run_import("h5p", zip_bytes(benar_salah_files()), "a.h5p", user=bkpsdm, commit=True)
    assert report.ok
    package = H5PPackage.objects.get()
    assert package.status == H5PPackageStatus.PENDING
    staged = storage.h5p_root() / package.staged_name
    staged.write_bytes(zip_bytes(benar_salah_files(question_html="<script>x</script>")))
    h5p_package_install(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == H5PPackageStatus.REJECTED
    assert package.problems[0]["code"] == "script_in_content"
    assert not staged.exists() and not storage.content_dir(package.token).exists()
    h5p_package_install(package_id=package.pk)  # idempotent: left alone
    package.refresh_from_db()
    assert package.status == H5PPackageStatus.REJECTED


@pytest.mark.skipif(not SHARED_FIXTURE.exists(), reason="../shared/fixtures/h5p is absent")
def test_a_real_export_with_its_libraries_installs_and_shares_them(bkpsdm):
    """The H5P.org-style True/False export: eight runtime libraries installed once; the two
    editor libraries and the stray text file at its root are left out (noted)."""
    data = SHARED_FIXTURE.read_bytes()
    dry = run_import("h5p", data, SHARED_FIXTURE.name, user=bkpsdm, commit=False)
    assert dry.ok, dry.errors
    assert any("H5PEditor.RadioGroup 1.1" in note for note in dry.notes)
    _confirm(data, bkpsdm, SHARED_FIXTURE.name)
    _confirm(data, bkpsdm, "lagi.h5p")
    first, second = H5PPackage.objects.order_by("pk")
    assert first.status == second.status == H5PPackageStatus.READY
    assert first.title == "Hello World" and first.main_library_name == "H5P.TrueFalse"
    assert H5PLibrary.objects.count() == 8
    assert first.libraries.count() == second.libraries.count() == 8
    assert not H5PLibrary.objects.filter(machine_name__startswith="H5PEditor").exists()
    names = {p.name for p in storage.libraries_root().iterdir()}
    assert {"H5P.TrueFalse-1.6", "H5P.Question-1.4", "FontAwesome-4.5"} <= names


def test_the_command_checks_and_commits(bkpsdm, tmp_path, capsys):
    path = tmp_path / "latihan.h5p"
    path.write_bytes(zip_bytes(benar_salah_files(question_html="<script>x</script>")))
    with pytest.raises(CommandError) as refused:
        call_command("lms_import", "h5p", str(path), "--commit")
    assert refused.value.returncode == 1
    assert "script_in_content" in capsys.readouterr().out
    path.write_bytes(zip_bytes(benar_salah_files()))
    call_command("lms_import", "h5p", str(path))
    assert H5PPackage.objects.count() == 0  # a dry run
    with _capture(execute=True):
        call_command("lms_import", "h5p", str(path), "--commit")
    assert H5PPackage.objects.get().status == H5PPackageStatus.READY


def test_zip_of_the_built_package_is_valid_for_pyh5p():
    import pyh5p

    package = pyh5p.read_package(zip_bytes(benar_salah_files()))
    assert package.validate(require_content=True) == []
    assert zipfile.is_zipfile(__import__("io").BytesIO(zip_bytes(benar_salah_files())))


def test_a_superuser_deleting_a_package_removes_its_files_and_keeps_the_libraries(
    bkpsdm, django_capture_on_commit_callbacks
):
    from django.test import Client

    report = _confirm(zip_bytes(benar_salah_files()), bkpsdm, "a.h5p")
    assert report.ok
    package = H5PPackage.objects.get()
    folder = storage.content_dir(package.token)
    assert folder.is_dir()
    root = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(root)
    url = f"/admin/snippets/assessments/h5ppackage/delete/{package.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not H5PPackage.objects.exists() and not folder.exists()
    assert H5PLibrary.objects.count() == 1
