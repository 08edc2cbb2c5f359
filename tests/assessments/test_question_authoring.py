"""Authoring questions in the admin (issue 13 item 12): the text and explanation in Wagtail's
Draftail editor, stored as the one sanitised HTML every path shares; a saved question shown
first in its bank's list, with a link; banks offered with their whole name and size.

Bad and hostile input first: editor JSON that is forged or broken, markup that must not
survive (a script, an event handler, a ``javascript:`` link) through the form and through the
import, on the learner's attempt and review pages; another trainer's bank and question.
"""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.admin_forms.rich_text import (
    EDITOR_FEATURES,
    editor_can_hold,
    editor_input,
    editor_normal_form,
    stored_html,
)
from assessments.models import Question, QuestionVersion, Quiz, QuizDraw
from assessments.services import attempt_start, attempt_submit
from assessments.services.questions import question_save
from lms.users.roles import Role
from tests.admin.conftest import client_for, make_user
from tests.assessments.fixtures import run
from tests.assessments.test_imports_tabular import SINGLE, csv_file, row
from tests.factories.assessments import correct_answers, make_bank, single_choice

pytestmark = pytest.mark.django_db

QUESTIONS = "/admin/asesmen/soal/"
HOSTILE_MARKERS = ("<script", "onerror", "onclick", "javascript:", "<iframe", "alert(")


@pytest.fixture
def author():
    return make_user(Role.PENGAJAR)


@pytest.fixture
def trainer(author):
    return client_for(author)


def block(text: str, kind: str = "unstyled", styles=(), entities=(), key: str = "k1") -> dict:
    return {
        "key": key,
        "text": text,
        "type": kind,
        "depth": 0,
        "inlineStyleRanges": [
            {"offset": offset, "length": length, "style": style} for offset, length, style in styles
        ],
        "entityRanges": [
            {"offset": offset, "length": length, "key": index} for offset, length, index in entities
        ],
    }


def state(*blocks: dict, entity_map: dict | None = None) -> str:
    """What Draftail posts: its content state as JSON."""
    return json.dumps({"blocks": list(blocks), "entityMap": entity_map or {}})


def choices_post(bank, text, **fields) -> dict:
    data = {
        "bank": bank.pk,
        "points": "1",
        "text": text,
        "is_active": "on",
        "choice_1_text": "Keterpaduan",
        "choice_1_correct": "on",
        "choice_2_text": "Monopoli data",
    }
    data.update(fields)
    return data


def bank_choices(html: str) -> list[str]:
    """The labels of the form's bank radio buttons."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        " ".join(label.get_text(" ", strip=True).split())
        for label in soup.select("label")
        if label.find("input", attrs={"name": "bank"})
        or soup.select_one(f"input[name=bank][id='{label.get('for')}']")
    ]


def create(trainer, bank, text, **fields):
    return trainer.post(f"{QUESTIONS}new/?type=single", choices_post(bank, text, **fields))


# --- The editor's JSON: forged, broken, hostile -------------------------------------------------


@pytest.mark.parametrize(
    "posted",
    [
        '{"blocks": "x", "entityMap": {}}',
        '{"blocks": [{"text": 5}], "entityMap": {}}',
        '{"blocks": [{"key": "a", "text": "x", "type": "unstyled", "depth": 0, '
        '"inlineStyleRanges": [{"offset": 0, "length": 1}], "entityRanges": []}]}',
        '{"blocks": [null]}',
    ],
)
def test_editor_json_that_cannot_be_read_is_a_form_error(trainer, author, posted):
    bank = make_bank(created_by=author)
    response = create(trainer, bank, posted)
    assert response.status_code == 200
    assert "Isi editor tidak terbaca" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize("empty", ["null", "", "{}", '{"blocks": [], "entityMap": {}}'])
def test_an_empty_editor_is_refused(trainer, author, empty):
    """Draftail posts ``null`` for an editor left empty (never stored as the word "null")."""
    bank = make_bank(created_by=author)
    for posted in (empty, state(block(""), block("   ", key="k2"))):
        response = create(trainer, bank, posted)
        assert response.status_code == 200
        assert "harus diisi" in response.content.decode()
    assert not Question.objects.exists()


def test_an_explanation_left_empty_is_stored_empty(trainer, author):
    bank = make_bank(created_by=author)
    assert create(trainer, bank, state(block("Soal")), explanation="null").status_code == 302
    assert Question.objects.get().current_version.explanation == ""


def test_markup_typed_into_the_editor_stays_text(trainer, author):
    bank = make_bank(created_by=author)
    typed = '<script>alert(1)</script> <img src=x onerror="alert(2)"> Apa prinsip SPBE?'
    response = create(trainer, bank, state(block(typed)))
    assert response.status_code == 302
    text = Question.objects.get().current_version.text
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;" in text and "Apa prinsip SPBE?" in text


def test_forged_editor_content_is_reduced_to_the_allowed_features(trainer, author):
    """Links, headings, unknown styles and attributes smuggled into the JSON never reach the
    stored text: the converter knows only EDITOR_FEATURES and the sanitiser runs after it."""
    bank = make_bank(created_by=author)
    posted = state(
        block(
            "Klik di sini lalu jawab",
            styles=[(0, 4, "BOLD"), (5, 2, "EVIL"), (8, 4, "STRIKETHROUGH")],
            entities=[(0, 4, 0), (5, 2, 1)],
            key='a" onclick="alert(1)',
        ),
        block("Judul", kind="header-one", key="k2"),
        block("butir", kind="unordered-list-item", key="k3"),
        entity_map={
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}},
            "1": {"type": "IMAGE", "mutability": "IMMUTABLE", "data": {"src": "x", "onerror": "y"}},
        },
    )
    response = create(trainer, bank, posted)
    assert response.status_code == 302, response.content.decode()[:2000]
    text = Question.objects.get().current_version.text
    for marker in (*HOSTILE_MARKERS, "<a", "<h1", "<s>", "data-block-key", "Judul"):
        assert marker not in text, (marker, text)
    assert text.startswith("<p>") and "<ul><li>butir</li></ul>" in text


def test_raw_html_posted_without_the_editor_is_sanitised(trainer, author):
    """A post of HTML source (no JavaScript, a script) is sanitised by the same policy."""
    bank = make_bank(created_by=author)
    response = create(
        trainer,
        bank,
        '<p onclick="x()">Apa <b>prinsip</b> <a href="javascript:alert(1)">SPBE</a>?</p>'
        '<iframe src="https://evil.example"></iframe><script>alert(1)</script>',
        explanation='<img src="x" onerror="alert(1)">Perpres <i>95/2018</i>',
    )
    assert response.status_code == 302
    version = Question.objects.get().current_version
    assert version.text == "<p>Apa <b>prinsip</b> SPBE?</p>"
    assert version.explanation == "Perpres <i>95/2018</i>"


def test_script_only_text_is_refused_with_the_reason(trainer, author):
    bank = make_bank(created_by=author)
    response = create(trainer, bank, "<script>alert(1)</script>")
    assert "Teks soal kosong setelah format yang tidak diizinkan dihapus" in (
        response.content.decode()
    )
    assert not Question.objects.exists()


# --- What the editor stores ----------------------------------------------------------------------


def test_editor_formatting_is_stored_as_the_shared_html(trainer, author):
    bank = make_bank(created_by=author)
    posted = state(
        block(
            "Rumus air H2O, luas r2?",
            styles=[(0, 5, "BOLD"), (11, 1, "SUBSCRIPT"), (21, 1, "SUPERSCRIPT")],
        ),
        block("Tulis  dengan   spasi", kind="ordered-list-item", styles=[(0, 5, "ITALIC")],
              key="k2"),
        block("print()", kind="unordered-list-item", styles=[(0, 7, "CODE")], key="k3"),
    )  # fmt: skip
    response = create(trainer, bank, posted, explanation=state(block("Lihat modul 2")))
    assert response.status_code == 302
    version = Question.objects.get().current_version
    assert version.text == (
        "<p><b>Rumus</b> air H<sub>2</sub>O, luas r<sup>2</sup>?</p>"
        "<ol><li><i>Tulis</i> dengan spasi</li></ol><ul><li><code>print()</code></li></ul>"
    )
    assert version.explanation == "<p>Lihat modul 2</p>"


def test_the_editor_is_draftail_with_the_limited_features(trainer, author):
    bank = make_bank(created_by=author)
    html = trainer.get(f"{QUESTIONS}new/?type=single").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    text = soup.select_one("input[name=text]")
    assert text is not None and text.has_attr("data-draftail-input")
    options = json.loads(text["data-w-init-detail-value"])
    assert {item["type"] for item in options["inlineStyles"]} == {
        "BOLD", "ITALIC", "CODE", "SUPERSCRIPT", "SUBSCRIPT"
    }  # fmt: skip
    assert {item["type"] for item in options["blockTypes"]} == {
        "ordered-list-item", "unordered-list-item"
    }  # fmt: skip
    assert not options.get("entityTypes")  # no links, images or embeds
    assert soup.select_one("input[name=explanation][data-draftail-input]") is not None
    assert bank.name in html
    assert set(EDITOR_FEATURES) == {"bold", "italic", "ol", "ul", "code", "superscript",
                                    "subscript"}  # fmt: skip


def test_a_plain_text_question_opens_in_paragraphs_and_saving_it_unchanged_adds_no_version(
    trainer, author
):
    bank = make_bank(created_by=author)
    question = question_save(
        bank=bank,
        question_type="single",
        text="Baris pertama\nbaris kedua\n\nParagraf x &lt; 5",
        data={"choices": [{"text": "A", "correct": True}, {"text": "B", "correct": False}]},
    )
    page = BeautifulSoup(
        trainer.get(f"{QUESTIONS}edit/{question.pk}/").content.decode(), "html.parser"
    )
    editor = json.loads(page.select_one("input[name=text]")["value"])
    assert [b["text"] for b in editor["blocks"]] == [
        "Baris pertama\nbaris kedua",
        "Paragraf x < 5",
    ]
    version = question.current_version
    data = {
        "points": "1", "is_active": "on", "text": page.select_one("input[name=text]")["value"],
        "explanation": page.select_one("input[name=explanation]")["value"],
        "choice_1_text": "A", "choice_1_correct": "on", "choice_2_text": "B",
    }  # fmt: skip
    response = trainer.post(f"{QUESTIONS}edit/{question.pk}/", data, follow=True)
    assert "tetap versi 1" in response.content.decode()
    question.refresh_from_db()
    assert question.current_version == version  # the plain text is kept as it was
    assert version.text == "Baris pertama\nbaris kedua\n\nParagraf x &lt; 5"


def test_an_imported_table_is_edited_as_html_and_survives_a_save(trainer, author):
    bank = make_bank(created_by=author)
    table = "<p>Lihat tabel:</p><table><tr><th>Kode</th><td><u>SP.01</u></td></tr></table>"
    question = question_save(
        bank=bank,
        question_type="single",
        text=table,
        data={"choices": [{"text": "A", "correct": True}, {"text": "B", "correct": False}]},
    )
    html = trainer.get(f"{QUESTIONS}edit/{question.pk}/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    textarea = soup.select_one("textarea[name=text]")
    assert textarea is not None and "<table>" in textarea.text
    assert "ditampilkan sebagai HTML" in html
    data = {
        "points": "1", "is_active": "on", "text": textarea.text,
        "explanation": soup.select_one("input[name=explanation]")["value"],
        "choice_1_text": "A", "choice_1_correct": "on", "choice_2_text": "Bukan B",
    }  # fmt: skip
    response = trainer.post(f"{QUESTIONS}edit/{question.pk}/", data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.current_version.text == question.versions.get(number=1).text


@pytest.mark.parametrize(
    ("stored", "holds"),
    [
        ("Teks biasa", True),
        ("<p>a <b>b</b> <i>c</i></p><ul><li>d</li></ul><ol><li><code>e</code></li></ol>", True),
        ("<p>H<sub>2</sub>O<br>x<sup>2</sup></p>", True),
        ("<p>garis <u>bawah</u></p>", False),
        ("<table><tr><td>x</td></tr></table>", False),
        ('<p><img src="/media/images/a.png" alt="a" loading="lazy"></p>', False),
        ("<pre>kode  berindentasi</pre>", False),
    ],
)
def test_what_the_editor_can_hold(stored, holds):
    assert editor_can_hold(stored) is holds
    if holds:  # the round trip through the editor keeps every word and format
        assert stored_html(editor_normal_form(stored)) == editor_normal_form(stored)
        assert re.sub(r"</?p>", "", editor_normal_form(stored)).replace("<br>", "") == re.sub(
            r"</?p>", "", stored
        ).replace("<br>", "")


def test_plain_text_becomes_paragraphs_for_the_editor():
    assert editor_input("a\nb\n\nc") == "<p>a<br/>b</p>\n\n<p>c</p>"
    assert editor_input("<p>a<br>b</p>") == "<p>a<br/>b</p>"


# --- Hostile stems never reach a learner's page --------------------------------------------------


def learner_pages(quiz: Quiz) -> str:
    """The attempt page, then the result with its review, of a fresh learner."""
    learner = make_user(None)
    client = client_for(learner)
    attempt = attempt_start(user=learner, quiz=quiz)
    pages = client.get(f"/kuis/percobaan/{attempt.pk}/").content.decode()
    attempt_submit(attempt=attempt, user=learner, answers=correct_answers(attempt))
    pages += client.get(f"/kuis/percobaan/{attempt.pk}/hasil/").content.decode()
    return pages


def practice_quiz(bank) -> Quiz:
    quiz = Quiz.objects.create(title="Latihan", kind="practice", review_policy="immediately")
    QuizDraw.objects.create(quiz=quiz, bank=bank, count=bank.questions.count())
    return quiz


def question_area(pages: str) -> str:
    """The page outside its scripts and styles (the site's own)."""
    soup = BeautifulSoup(pages, "html.parser")
    for tag in soup.select("script[src], script[type='application/json'], style, link"):
        tag.decompose()
    return "".join(str(main) for main in soup.select("main")) or str(soup)


def test_a_hostile_stem_from_the_form_is_harmless_on_the_quiz_and_review_pages(trainer, author):
    bank = make_bank(created_by=author)
    create(
        trainer,
        bank,
        '<p>Pilih <b>satu</b><img src=x onerror="alert(1)"><script>alert(2)</script></p>',
        explanation='<a href="javascript:alert(3)">Pembahasan</a> <i>ringkas</i>',
    )
    assert Question.objects.get().current_version.text == "<p>Pilih <b>satu</b></p>"
    single_choice(bank, 2)
    pages = question_area(learner_pages(practice_quiz(bank)))
    assert "Pilih <b>satu</b>" in pages and "<i>ringkas</i>" in pages
    for marker in HOSTILE_MARKERS:
        assert marker not in pages, marker


def test_a_hostile_stem_from_an_import_is_harmless_on_the_quiz_and_review_pages(author):
    hostile = (
        '<p onmouseover="alert(1)">Impor <b>berformat</b></p><script>alert(2)</script>'
        '<img src="x" onerror="alert(3)"><a href="javascript:alert(4)">tautan</a>'
    )
    data = csv_file(row({**SINGLE, "text": hostile, "bank": "Bank impor"}))
    report = run(data, "soal.csv", commit=True, user=author)
    assert report.ok, report.errors
    question = Question.objects.get()
    assert question.current_version.text == "<p>Impor <b>berformat</b></p>tautan"
    pages = question_area(learner_pages(practice_quiz(question.bank)))
    assert "Impor <b>berformat</b>" in pages
    for marker in HOSTILE_MARKERS:
        assert marker not in pages, marker


def test_a_question_written_in_the_editor_exports_and_reimports_unchanged(trainer, author):
    from lms.core.imports import run_export

    bank = make_bank("LD.07", 2, name="Bank editor", created_by=author)
    posted = state(
        block("Apa  arti H2O?", styles=[(0, 3, "BOLD"), (10, 1, "SUBSCRIPT")]),
        block("satu", kind="ordered-list-item", key="k2"),
        block("dua", kind="ordered-list-item", styles=[(0, 3, "CODE")], key="k3"),
    )
    assert create(trainer, bank, posted, explanation=state(block("Air"))).status_code == 302
    versions = QuestionVersion.objects.count()
    for fmt in ("csv", "xlsx"):
        report = run(run_export("questions", fmt, user=author), f"ekspor.{fmt}", commit=True,
                     user=author)  # fmt: skip
        assert report.ok, report.errors
        assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert QuestionVersion.objects.count() == versions


# --- A saved question is found again -------------------------------------------------------------


def test_a_saved_question_is_the_first_row_of_its_banks_list_with_a_link(trainer, author):
    early = make_bank("LD.02", 2, name="Bank awal", created_by=author)
    for n in range(60):  # more than a page of the whole list, all ordered before the new one
        single_choice(early, n)
    bank = make_bank("SP.07", 2, name="Bank akhir", created_by=author)
    single_choice(bank, 99)
    response = create(trainer, bank, state(block("Soal paling baru tentang interoperabilitas")))
    question = Question.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == f"{QUESTIONS}?bank={bank.pk}&ordering=-current_version__created_at"
    page = trainer.get(response.url)
    html = page.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    first = soup.select_one("table.listing tbody tr td.title")
    assert "Soal paling baru tentang interoperabilitas" in first.get_text()
    assert f"Soal #{question.pk} disimpan" in html
    links = [a["href"] for a in soup.select(".messages a[href]")]
    assert f"{QUESTIONS}edit/{question.pk}/" in links
    assert "Buka soal ini" in html


def test_an_edited_question_comes_first_too(trainer, author):
    bank = make_bank(created_by=author)
    first, _second, _third = (single_choice(bank, n) for n in range(3))
    data = choices_post(bank, state(block("Soal pertama yang diubah")))
    response = trainer.post(f"{QUESTIONS}edit/{first.pk}/", data)
    assert response.status_code == 302
    assert response.url.endswith(f"?bank={bank.pk}&ordering=-current_version__created_at")
    listing = BeautifulSoup(trainer.get(response.url).content.decode(), "html.parser")
    assert "Soal pertama yang diubah" in listing.select_one("tbody tr td.title").get_text()


@pytest.mark.parametrize("ordering", ["-current_version__created_at", "bogus", "--pk", "'"])
def test_the_list_survives_any_ordering(trainer, author, ordering):
    bank = make_bank(created_by=author)
    single_choice(bank, 1)
    assert trainer.get(QUESTIONS, {"bank": bank.pk, "ordering": ordering}).status_code == 200


# --- Banks with their whole name and size ---------------------------------------------------------


def test_the_question_form_offers_the_users_banks_with_their_size(trainer, author):
    bank = make_bank(name="Bank dengan nama yang panjang sekali untuk diuji", created_by=author)
    for n in range(3):
        single_choice(bank, n)
    Question.objects.filter(pk=Question.objects.first().pk).update(is_active=False)
    make_bank(name="Bank kosong", created_by=author)
    theirs = make_bank(name="Bank pengajar lain", created_by=make_user(Role.PENGAJAR))
    html = trainer.get(f"{QUESTIONS}new/?type=single").content.decode()
    options = bank_choices(html)
    assert options == [f"{bank} · 3 soal, 2 aktif", "Bank kosong (SP.01 L2) · 0 soal"]
    assert theirs.name not in html


def test_the_edit_form_names_no_other_bank(trainer, author):
    bank = make_bank(name="Bank saya", created_by=author)
    question = single_choice(bank, 1)
    theirs = make_bank(name="Bank rahasia pengajar lain", created_by=make_user(Role.PENGAJAR))
    html = trainer.get(f"{QUESTIONS}edit/{question.pk}/").content.decode()
    assert bank_choices(html) == [f"{bank} · 1 soal"]
    assert theirs.name not in html


def test_the_bank_filter_of_the_question_list_shows_sizes(trainer, author):
    bank = make_bank(created_by=author)
    single_choice(bank, 1)
    html = trainer.get(QUESTIONS).content.decode()
    options = [o.get_text() for o in BeautifulSoup(html, "html.parser").select("#id_bank option")]
    assert f"{bank} · 1 soal" in options


def test_the_question_import_offers_banks_with_their_size(author):
    from lms.core.imports import get_kind

    bank = make_bank(created_by=author)
    single_choice(bank, 1)
    field = get_kind("questions").option_fields(author)["bank"]
    assert any(label.endswith("· 1 soal") and bank.name in label for _v, label in field.choices)


def test_bank_sizes_cost_no_query_per_bank(trainer, author):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert trainer.get(f"{QUESTIONS}new/?type=single").status_code == 200
        return len(captured)

    for n in range(2):
        single_choice(make_bank(name=f"Bank {n}", created_by=author), n)
    few = queries()
    for n in range(2, 10):
        single_choice(make_bank(name=f"Bank {n}", created_by=author), n)
    assert queries() == few


# --- Another trainer's bank and question ---------------------------------------------------------


def test_another_trainers_bank_and_question_are_refused_with_editor_content(trainer):
    other = make_user(Role.PENGAJAR)
    theirs = make_bank(name="Bank orang lain", created_by=other)
    question = single_choice(theirs, 1)
    response = create(trainer, theirs, state(block("Soal titipan")))
    assert (
        response.status_code == 200
        and not Question.objects.filter(current_version__text__contains="titipan").exists()
    )
    response = trainer.post(
        f"{QUESTIONS}edit/{question.pk}/", choices_post(theirs, state(block("Diganti")))
    )
    assert response.status_code == 404
    assert trainer.get(f"{QUESTIONS}edit/{question.pk}/").status_code == 404
    question.refresh_from_db()
    assert question.versions.count() == 1


def test_a_quiz_draw_shows_its_banks_whole_name_under_the_dropdown(trainer, author):
    from tests.factories.assessments import make_quiz

    long_name = "Bank soal dengan nama yang sangat panjang sehingga terpotong di daftar pilihan"
    quiz = make_quiz(created_by=author, banks=(("SP.01", 2, 4, 2),))
    bank = quiz.draws.get().bank
    bank.name = long_name
    bank.save(update_fields=["name"])
    html = trainer.get(f"/admin/snippets/assessments/quiz/edit/{quiz.pk}/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    notes = {
        note["data-choice-label-for"]: note.get_text(strip=True)
        for note in soup.select("[data-choice-label-for]")
    }
    assert notes["id_draws-0-bank"] == f"{long_name} (SP.01 L2) · 4 soal aktif"
    assert notes["id_draws-1-bank"] == ""  # an empty row: filled in by quiz_form.js
    assert not any(key.startswith("id_bands-") for key in notes)  # competencies are short
