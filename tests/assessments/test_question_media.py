"""Rich question content survives the import (issue 10 item 8): tables, preformatted code and
embedded Moodle images, with hostile content still removed (docs/user-guide.md, "Gambar, tabel
dan kode")."""

import pytest

from assessments.importers.sanitize import clean, is_blank
from assessments.models import Question
from assessments.questions import clean_html
from tests.assessments.fixtures import run

pytestmark = pytest.mark.django_db

CATEGORY = (
    '<question type="category"><category><text>$course$/top/LD.07/2</text></category></question>'
)


def quiz(*questions: str) -> bytes:
    body = "\n".join((CATEGORY, *questions))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'.encode()


def truefalse(text: str, files: str = "") -> str:
    return (
        f'<question type="truefalse"><questiontext format="html"><text><![CDATA[{text}]]></text>'
        f"{files}</questiontext>"
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>'
    )


# ------------------------------------------------------------------ tables and code


TABLE = (
    '<table style="display:none" onclick="x()"><caption>Tarif</caption>'
    '<thead><tr><th scope="col" colspan="2">Golongan</th></tr></thead>'
    '<tbody><tr><td rowspan="2">III</td><td>10</td></tr><tr><td>20</td></tr></tbody></table>'
)


def test_tables_keep_their_structure_and_lose_handlers_and_styles():
    cleaned = clean(TABLE)
    assert cleaned == (
        '<table><caption>Tarif</caption><thead><tr><th scope="col" colspan="2">Golongan</th>'
        '</tr></thead><tbody><tr><td rowspan="2">III</td><td>10</td></tr><tr><td>20</td></tr>'
        "</tbody></table>"
    )


@pytest.mark.parametrize(
    "attribute", ['colspan="0"', 'colspan="9999"', 'rowspan="2;x"', 'scope="javascript:x"']
)
def test_absurd_table_attributes_are_dropped(attribute):
    assert clean(f"<table><tr><td {attribute}>x</td></tr></table>") == (
        "<table><tbody><tr><td>x</td></tr></tbody></table>"
    )


def test_preformatted_code_keeps_its_white_space():
    code = "<pre><code>def f(x):\n    if x:\n        return 1</code></pre>"
    assert clean(f"<p>Lihat   kode:</p>\n{code}\n  <p>Apa  hasilnya?</p>") == (
        f"<p>Lihat kode:</p> {code} <p>Apa hasilnya?</p>"
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<img src="javascript:alert(1)">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<img src="https://evil.example/media/images/a.png">',
        '<img src="//evil.example/media/images/a.png">',
        '<img src="/media/images/../../etc/passwd">',
        '<img src="/media/images/a.png?x=1">',
        '<img src="/media/original_images/a.png">',
        '<iframe src="/media/images/a.png"></iframe>',
        '<p style="display:none">tersembunyi</p>',
        '<a href="javascript:alert(1)">klik</a>',
        "<svg><script>alert(1)</script></svg>",
        '<pre onmouseover="x()">kode</pre>',
    ],
)
def test_hostile_markup_is_still_removed(hostile):
    cleaned = clean_html(hostile)
    for marker in ("script", "onerror", "javascript", "data:", "evil", "..", "iframe", "style",
                   "original_images", "?x", "svg", "onmouseover"):
        assert marker not in cleaned


def test_own_media_images_are_kept_lazy_with_alt_and_size():
    cleaned = clean_html(
        '<img src="/media/images/diagram_abc.max-800x800.png" alt="Diagram" width="120" '
        'height="80" onerror="x()" style="position:fixed">'
    )
    assert cleaned == (
        '<img src="/media/images/diagram_abc.max-800x800.png" alt="Diagram" width="120" '
        'height="80" loading="lazy">'
    )


def test_an_image_only_text_is_not_blank():
    assert not is_blank(clean_html('<img src="/media/images/a.png" alt="">'))
    assert is_blank(clean_html('<p> </p><img src="https://evil.example/a.png">'))


def test_a_table_and_code_survive_a_moodle_import_and_the_display():
    code = "<pre>x = 1\n    y = 2</pre>"
    report = run(quiz(truefalse(f"<p>Tabel:</p>{TABLE}{code}")), "soal.xml", commit=True)
    assert report.committed, report.errors
    text = Question.objects.get().current_version.text
    assert "<table><caption>Tarif</caption>" in text and 'rowspan="2"' in text
    assert code in text and "style" not in text and "onclick" not in text
    assert clean_html(text) == text  # the display re-cleans: stable
