import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LEARNER = ("198703152010012003", "Peserta-Belajar-2026")


def test_demo_learner_logs_in_on_a_phone(live_server, page, screenshot, axe):
    from lms.core.seeding import seed_demo

    seed_demo()
    weights: dict[str, int] = {}
    page.on(
        "response",
        lambda r: (
            weights.__setitem__(r.url, len(r.body()))
            if r.request.resource_type in {"document", "stylesheet", "script"} and r.ok
            else None
        ),
    )
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert not axe(), "accessibility violations on the anonymous home page"

    page.get_by_label("NIP atau e-mail").fill("12345")
    page.get_by_label("Kata sandi").fill("apa saja")
    page.get_by_role("button", name="Masuk").click()
    assert page.get_by_text("NIP harus 18 digit").is_visible()
    screenshot("home-malformed-nip")

    page.get_by_label("NIP atau e-mail").fill("19870315 201001 2 003")
    page.get_by_label("Kata sandi").fill(LEARNER[1])
    weights.clear()
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Dasbor saya").is_visible()
    assert page.get_by_role("button", name="Keluar").is_visible()
    screenshot("dashboard-learner")
    assert sum(weights.values()) <= 100 * 1024, weights
    violations = axe()
    assert not violations, [(v["id"], v["help"]) for v in violations]


def test_keyboard_user_can_skip_to_content(live_server, page):
    page.goto(live_server.url + "/akun/masuk/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke konten utama")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["x"] >= 0, "skip link must become visible on focus"
