"""A Pengajar writes a question with the rich-text editor (bold from the toolbar), picks its
bank by its whole name and size, saves, and finds the question first in its bank's list with
a link to open it again (issue 13 item 12). Screenshots at 1280 px and 390 px under
tests/e2e/artifacts/question-*.png."""

import re

import pytest

from tests.e2e.conftest import save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TRAINER = ("198106212006041002", "Pengajar-Kursus-2026")
STEM = "Manakah prinsip SPBE yang menuntut layanan saling terhubung?"


def test_trainer_writes_a_formatted_question_and_finds_it_in_the_list(live_server, browser):
    from assessments.models import Question, QuestionBank
    from assessments.selectors.authoring import bank_size_label, banks_with_sizes
    from lms.core.seeding import seed_demo

    seed_demo()
    # the bank listed last: its questions sit after the first 50 of the whole list
    bank = QuestionBank.objects.order_by("-competency__code", "-level", "name").first()
    base = live_server.url
    for size, viewport in (("desktop", {"width": 1280, "height": 900}),
                           ("phone", {"width": 390, "height": 844})):  # fmt: skip
        context = browser.new_context(locale="id-ID", viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{base}/admin/login/")
        page.get_by_label("NIP atau e-mail").fill(TRAINER[0])
        page.get_by_label("Kata sandi").fill(TRAINER[1])
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{base}/admin/")

        page.goto(f"{base}/admin/asesmen/soal/new/?type=single")
        label = bank_size_label(banks_with_sizes(QuestionBank.objects.filter(pk=bank.pk)).get())
        page.get_by_label(label, exact=True).check()
        stem = f"{STEM} ({size})"
        editor = page.locator("[contenteditable='true']").first
        editor.click()
        editor.type(stem)
        page.keyboard.press("Control+Home")
        for _ in range(len("Manakah")):
            page.keyboard.press("Shift+ArrowRight")
        page.get_by_role("button", name=re.compile("^Tebal")).click()
        # Draftail writes its hidden input a moment after the last change (Wagtail debounces)
        page.wait_for_function(
            "() => (document.querySelector('input[name=text]').value || '').includes('BOLD')"
        )
        page.locator("#id_choice_1_text").fill("Keterpaduan")
        page.locator("#id_choice_1_correct").check()
        page.locator("#id_choice_2_text").fill("Kerahasiaan mutlak")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        save_screenshot(page, f"question-form-{size}")
        page.get_by_role("button", name="Simpan").first.click()
        page.wait_for_url(re.compile(r"/admin/asesmen/soal/\?bank=\d+&ordering="))

        question = Question.objects.select_related("current_version").latest("pk")
        assert question.current_version.text == f"<p><b>Manakah</b>{stem[len('Manakah') :]}</p>"
        assert question.bank_id == bank.pk
        assert question.current_version.explanation == ""  # the untouched editor posts null
        first_row = page.locator("table.listing tbody tr").first
        assert stem[:40] in first_row.inner_text()
        message = page.locator(".messages")
        assert f"Soal #{question.pk} disimpan" in message.inner_text()
        save_screenshot(page, f"question-saved-list-{size}")
        message.get_by_role("link", name="Buka soal ini").click()
        page.wait_for_url(f"{base}/admin/asesmen/soal/edit/{question.pk}/")
        assert page.locator("[contenteditable='true'] strong, [contenteditable='true'] b").first
        context.close()


def test_the_quiz_form_shows_the_settings_of_the_chosen_kind(live_server, browser):
    """The kind select hides (and disables) what does not apply: bands typed for a placement
    test are not sent once the trainer makes it a post-test."""
    from assessments.models import PlacementBand, Quiz, QuizKind
    from lms.core.seeding import seed_demo

    seed_demo()
    base = live_server.url
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/admin/login/")
    page.get_by_label("NIP atau e-mail").fill(TRAINER[0])
    page.get_by_label("Kata sandi").fill(TRAINER[1])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/admin/")
    page.goto(f"{base}/admin/snippets/assessments/quiz/add/")

    def shown(selector: str) -> bool:
        return page.locator(selector).is_visible() and page.locator(selector).is_enabled()

    assert shown("#id_bands-0-min_percent") and shown("#id_open_access")  # no kind yet
    page.locator("#id_title").fill("Tes akhir baru")
    page.locator("#id_kind").select_option(QuizKind.PLACEMENT)
    page.locator("#id_bands-0-min_percent").fill("50")
    save_screenshot(page, "quiz-form-placement-phone")
    page.locator("#id_kind").select_option(QuizKind.PRE_TEST)
    assert not shown("#id_pass_percent") and not shown("#id_bands-0-min_percent")
    assert shown("#id_open_access")
    page.locator("#id_kind").select_option(QuizKind.POST_TEST)
    assert not shown("#id_bands-0-min_percent") and not shown("#id_open_access")
    assert shown("#id_pass_percent")
    save_screenshot(page, "quiz-form-post-test-phone")
    page.locator("#id_review_policy").select_option("never")
    page.locator("#id_draws-0-bank").select_option(index=1)
    chosen = page.locator("#id_draws-0-bank option:checked").inner_text()
    note = page.locator("[data-choice-label-for='id_draws-0-bank']")
    assert note.inner_text() == chosen and note.is_visible()  # the whole name, wrapped
    note.scroll_into_view_if_needed()
    save_screenshot(page, "quiz-form-draw-phone")
    page.locator("#id_draws-0-count").fill("2")
    page.get_by_role("button", name="Simpan").first.click()
    page.wait_for_url(f"{base}/admin/snippets/assessments/quiz/")
    quiz = Quiz.objects.get(title="Tes akhir baru")
    assert quiz.kind == QuizKind.POST_TEST and not quiz.open_access
    assert not PlacementBand.objects.filter(quiz=quiz).exists()
    context.close()
