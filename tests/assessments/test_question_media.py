"""Rich question content survives the import (issue 10 item 8): tables, preformatted code and
embedded Moodle images, with hostile content still removed (docs/user-guide.md, "Gambar, tabel
dan kode")."""

import base64
import io

import pytest
from wagtail.images import get_image_model

from assessments.importers.media import COLLECTION
from assessments.importers.sanitize import clean, is_blank
from assessments.models import Question
from assessments.questions import clean_html
from tests.assessments.fixtures import codes, run

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
    for marker in (
        "script",
        "onerror",
        "javascript",
        "data:",
        "evil",
        "..",
        "iframe",
        "style",
        "original_images",
        "?x",
        "svg",
        "onmouseover",
    ):
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


# ------------------------------------------------------------------ embedded Moodle images


def png(width: int = 40, height: int = 20, fmt: str = "PNG") -> str:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(buffer, format=fmt)
    return base64.b64encode(buffer.getvalue()).decode()


def with_image(
    text: str = "Lihat diagram:",
    *,
    alt: str = ' alt="Diagram alur"',
    data=None,
    name: str = "diagram.png",
) -> bytes:
    encoded = png() if data is None else data
    return quiz(
        truefalse(
            f'<p>{text}</p><img src="@@PLUGINFILE@@/diagram.png"{alt} onerror="x()">',
            f'<file name="{name}" path="/" encoding="base64">{encoded}</file>',
        )
    )


def images():
    return list(get_image_model().objects.filter(collection__name=COLLECTION))


def test_an_embedded_image_is_stored_on_commit_and_shown_from_its_rendition():
    report = run(with_image(), "soal.xml", commit=True)
    assert report.committed, report.errors
    [image] = images()
    assert (image.width, image.height) == (40, 20) and image.title == "Diagram alur"
    text = Question.objects.get().current_version.text
    rendition = image.renditions.get()
    assert text == (
        f'<p>Lihat diagram:</p><img src="{rendition.url}" alt="Diagram alur" width="40" '
        'height="20" loading="lazy">'
    )
    assert rendition.url.startswith("/media/images/") and clean_html(text) == text
    assert "1 gambar baru" in " ".join(report.notes)


def test_a_dry_run_stores_no_image_and_says_how_many_it_would():
    report = run(with_image(), "soal.xml", commit=False)
    assert not report.errors and not report.committed
    assert images() == [] and Question.objects.count() == 0
    assert "1 gambar baru" in " ".join(report.notes)


def test_reimporting_the_same_file_is_unchanged_and_stores_no_second_image():
    assert run(with_image(), "soal.xml", commit=True).committed
    again = run(with_image(), "soal.xml", commit=True)
    assert not again.errors
    assert len(images()) == 1 and Question.objects.get().versions.count() == 1
    assert "0 gambar baru" in " ".join(again.notes)


def test_an_image_only_question_text_is_not_empty():
    source = quiz(
        truefalse(
            '<img src="@@PLUGINFILE@@/peta.png" alt="Peta">',
            f'<file name="peta.png" path="/" encoding="base64">{png()}</file>',
        )
    )
    report = run(source, "soal.xml", commit=True)
    assert report.committed, report.errors
    assert Question.objects.get().current_version.text.startswith('<img src="/media/images/')


def test_a_missing_alt_text_asks_the_trainer_for_one():
    report = run(with_image(alt=""), "soal.xml", commit=True)
    assert report.committed, report.errors
    notes = " ".join(report.notes)
    assert "diagram.png" in notes and "teks alternatif" in notes


def test_a_referenced_file_that_is_missing_is_an_item_error():
    report = run(with_image(name="lain.png"), "soal.xml", commit=True)
    assert codes(report) == [(1, "questiontext", "missing_media")]
    assert "diagram.png" in report.errors[0].message
    assert not report.committed and images() == [] and Question.objects.count() == 0


SVG = base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
).decode()


@pytest.mark.parametrize(
    ("data", "setting", "needle"),
    [
        (SVG, {}, "SVG"),
        (base64.b64encode(b"%PDF-1.4 bukan gambar").decode(), {}, "bukan gambar"),
        ("bukan-base64!!", {}, "base64"),
        (png(), {"LMS_IMPORT_MAX_IMAGE_BYTES": 20}, "KB"),
        (png(100, 100), {"WAGTAILIMAGES_MAX_IMAGE_PIXELS": 5000}, "piksel"),
        (png(fmt="BMP"), {}, "bukan gambar"),
        (png()[:40], {}, "bukan gambar"),
    ],
)
def test_files_that_are_not_safe_images_are_item_errors(settings, data, setting, needle):
    for name, value in setting.items():
        setattr(settings, name, value)
    report = run(with_image(data=data), "soal.xml", commit=True)
    assert [c[2] for c in codes(report)] == ["invalid_media"]
    assert needle in report.errors[0].message
    assert not report.committed and images() == [] and Question.objects.count() == 0


def test_a_decompression_bomb_is_refused_before_it_is_decoded(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    # a valid PNG header claiming 20000 x 20000 pixels, with almost no data
    report = run(with_image(data=_bomb()), "soal.xml", commit=True)
    assert [c[2] for c in codes(report)] == ["invalid_media"]
    assert "terlalu besar" in report.errors[0].message and images() == []


def _bomb() -> str:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))
    return base64.b64encode(data + chunk(b"IEND", b"")).decode()


def test_a_gift_reference_to_an_embedded_file_is_an_item_error():
    source = '$CATEGORY: LD.07/2\n\n[html]<img src="@@PLUGINFILE@@/peta.png"> Ini peta? {T}\n'
    report = run(source.encode(), "soal.gift", commit=True)
    assert [c[2] for c in codes(report)] == ["missing_media"]
    assert "GIFT" in report.errors[0].message and Question.objects.count() == 0


# ------------------------------------------------------------------ shown to learners


def test_the_attempt_page_and_the_review_show_the_image_and_the_table(learner, learner_client):
    from assessments.models import QuestionBank, Quiz, QuizDraw, ReviewPolicy
    from assessments.services import attempt_start, attempt_submit

    table = "<table><tr><th>A</th><td>1</td></tr></table>"
    assert run(with_image(text="Lihat:" + table), "soal.xml", commit=True).committed
    url = images()[0].renditions.get().url
    quiz = Quiz.objects.create(
        title="Kuis gambar", kind="practice", review_policy=ReviewPolicy.IMMEDIATELY
    )
    QuizDraw.objects.create(quiz=quiz, bank=QuestionBank.objects.get(), count=1)
    attempt = attempt_start(user=learner, quiz=quiz)
    expected = f'<img src="{url}" alt="Diagram alur" width="40" height="20" loading="lazy">'
    page = learner_client.get(f"/kuis/percobaan/{attempt.pk}/").content.decode()
    assert expected in page and "<th>A</th>" in page
    attempt_submit(attempt=attempt, user=learner)
    review = learner_client.get(f"/kuis/percobaan/{attempt.pk}/hasil/").content.decode()
    assert expected in review and "<th>A</th>" in review


def test_the_item_statistics_show_the_whole_question_with_its_image(learner):
    from assessments.models import QuestionBank, Quiz, QuizDraw
    from assessments.services import attempt_start, attempt_submit
    from tests.admin.conftest import client_for, make_user

    assert run(with_image(), "soal.xml", commit=True).committed
    url = images()[0].renditions.get().url
    trainer = make_user("Pengajar")
    quiz = Quiz.objects.create(title="Kuis gambar", kind="practice", created_by=trainer)
    QuizDraw.objects.create(quiz=quiz, bank=QuestionBank.objects.get(), count=1)
    attempt_submit(attempt=attempt_start(user=learner, quiz=quiz), user=learner)
    response = client_for(trainer).get(f"/admin/snippets/assessments/quiz/statistics/{quiz.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lihat soal lengkap" in page
    assert f'<img src="{url}" alt="Diagram alur" width="40" height="20" loading="lazy">' in page


# ------------------------------------------------------------------ short audio

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400
OGG = b"OggS\x00\x02" + b"\x00" * 200
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 200


def with_audio(markup: str, name: str = "suara.mp3", content: bytes = MP3) -> bytes:
    encoded = base64.b64encode(content).decode()
    return quiz(
        truefalse(
            f"<p>Dengarkan rekaman berikut.</p>{markup}",
            f'<file name="{name}" path="/" encoding="base64">{encoded}</file>',
        )
    )


ELEMENT = (
    '<audio controls="true"><source src="@@PLUGINFILE@@/suara.mp3">@@PLUGINFILE@@/suara.mp3</audio>'
)


def documents():
    from wagtail.documents import get_document_model

    return list(get_document_model().objects.filter(collection__name=COLLECTION))


def test_embedded_audio_is_a_document_played_with_controls_stored_on_commit_only():
    dry = run(with_audio(ELEMENT), "soal.xml")
    assert not dry.errors and documents() == []
    assert "1 audio baru" in " ".join(dry.notes) and "transkrip" in " ".join(dry.notes)
    report = run(with_audio(ELEMENT), "soal.xml", commit=True)
    assert report.committed, report.errors
    [document] = documents()
    assert document.file_extension == "mp3" and document.file.read() == MP3
    text = Question.objects.get().current_version.text
    assert text == (
        f'<p>Dengarkan rekaman berikut.</p><audio src="{document.url}" controls '
        'preload="none"></audio>'
    )
    assert document.url.startswith("/dokumen/") and clean_html(text) == text
    again = run(with_audio(ELEMENT), "soal.xml", commit=True)
    assert again.unchanged == 1 and len(documents()) == 1


@pytest.mark.parametrize(
    ("markup", "name", "content"),
    [
        (
            '<a href="@@PLUGINFILE@@/rekaman%20satu.ogg">rekaman satu.ogg</a>',
            "rekaman satu.ogg",
            OGG,
        ),
        ('<audio src="@@PLUGINFILE@@/bunyi.wav"></audio>', "bunyi.wav", WAV),
    ],
)
def test_a_link_to_embedded_audio_and_other_formats_play_too(markup, name, content):
    report = run(with_audio(markup, name, content), "soal.xml", commit=True)
    assert report.committed, report.errors
    [document] = documents()
    assert f'<audio src="{document.url}" controls preload="none"></audio>' in (
        Question.objects.get().current_version.text
    )


def test_audio_that_is_missing_not_audio_or_too_big_is_an_item_error(settings):
    missing = quiz(truefalse('<audio src="@@PLUGINFILE@@/hilang.mp3"></audio> Soal.'))
    assert codes(run(missing, "soal.xml")) == [(1, "questiontext", "missing_media")]
    fake = with_audio(ELEMENT, content=b"<html><script>alert(1)</script></html>")
    report = run(fake, "soal.xml", commit=True)
    assert codes(report) == [(1, "questiontext", "invalid_media")]
    assert "MP3, OGG atau WAV" in report.errors[0].message
    settings.LMS_IMPORT_MAX_AUDIO_BYTES = 100
    assert codes(run(with_audio(ELEMENT), "soal.xml")) == [(1, "questiontext", "invalid_media")]
    assert documents() == [] and Question.objects.count() == 0


@pytest.mark.parametrize(
    "hostile",
    [
        '<audio src="http://contoh.test/a.mp3" autoplay>teks</audio>',
        '<audio src="/dokumen/1/../rahasia.mp3"></audio>',
        '<audio src="/dokumen/1/a.mp3?x=1"></audio>',
        '<audio src="/dokumen/1/a.exe"></audio>',
        '<audio src="javascript:alert(1)" onplay="x()"></audio>',
    ],
)
def test_audio_from_elsewhere_never_survives_sanitising(hostile):
    cleaned = clean_html(hostile)
    assert "<audio" not in cleaned and "autoplay" not in cleaned and "onplay" not in cleaned


def test_the_attempt_page_plays_the_imported_audio(learner, learner_client):
    from assessments.models import QuestionBank, Quiz, QuizDraw
    from assessments.services import attempt_start

    assert run(with_audio(ELEMENT), "soal.xml", commit=True).committed
    [document] = documents()
    quiz_ = Quiz.objects.create(title="Kuis audio", kind="practice")
    QuizDraw.objects.create(quiz=quiz_, bank=QuestionBank.objects.get(), count=1)
    attempt = attempt_start(user=learner, quiz=quiz_)
    page = learner_client.get(f"/kuis/percobaan/{attempt.pk}/").content.decode()
    assert f'<audio src="{document.url}" controls preload="none"></audio>' in page
    assert learner_client.get(document.url).status_code == 200
