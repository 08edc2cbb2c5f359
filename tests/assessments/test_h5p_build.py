"""The project's own H5P content type, LMS.BenarSalah 1.0, built into a valid ``.h5p``
(assessments.h5p.build): what tests and seed_demo install."""

import json
import zipfile
from io import BytesIO

import pyh5p

from assessments.h5p import build


def test_the_package_is_valid_deterministic_and_complete():
    data = build.build_benar_salah(
        title="Latihan", question_html="<p>SPBE <strong>penting</strong>.</p>", correct=False
    )
    assert data == build.build_benar_salah(
        title="Latihan", question_html="<p>SPBE <strong>penting</strong>.</p>", correct=False
    )
    package = pyh5p.read_package(data)
    assert package.validate(require_content=True) == []
    assert package.metadata["mainLibrary"] == "LMS.BenarSalah"
    assert package.metadata["language"] == "id"
    assert package.metadata["embedTypes"] == ["iframe"]
    assert package.metadata["preloadedDependencies"] == [
        {"machineName": "LMS.BenarSalah", "majorVersion": 1, "minorVersion": 0}
    ]
    (library,) = package.libraries
    assert str(library.id) == "LMS.BenarSalah 1.0.0"
    assert library.metadata["runnable"] == 1
    assert library.metadata["license"] == "MIT"
    assert [f["path"] for f in library.metadata["preloadedJs"]] == ["benar-salah.js"]
    assert [f["path"] for f in library.metadata["preloadedCss"]] == ["benar-salah.css"]
    semantics = pyh5p.Semantics.from_json(library.semantics_raw)
    assert semantics.validate(package.content) == []
    assert package.content["correct"] == "false"
    assert package.content["l10n"]["checkLabel"] == "Periksa"
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_question_field_allows_only_simple_inline_markup():
    fields = {f["name"]: f for f in json.loads((build.LIBRARY_SRC / "semantics.json").read_text())}
    assert fields["question"]["widget"] == "html"
    assert fields["question"]["tags"] == ["p", "strong", "em", "br"]
    assert [o["value"] for o in fields["correct"]["options"]] == ["true", "false"]
    l10n = {f["name"]: f["default"] for f in fields["l10n"]["fields"]}
    assert l10n == {
        "trueLabel": "Benar",
        "falseLabel": "Salah",
        "checkLabel": "Periksa",
        "retryLabel": "Coba lagi",
    }


def test_the_command_writes_the_demo_package(tmp_path):
    out = tmp_path / "demo.h5p"
    assert build.main([str(out)]) == 0
    assert out.read_bytes() == build.build_demo()
    assert "SPBE" in pyh5p.read_package(out.read_bytes()).content["question"]
    assert build.main([]) == 2
