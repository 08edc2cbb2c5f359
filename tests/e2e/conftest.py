"""Browser tests: Playwright for Python driving Debian's Chromium (it cannot download its own)."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in this thread; the Django calls made by the tests
# themselves (fixtures, seeding) are plain synchronous code and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(_django_db_helper):
    """One Chromium per test, started after the test database is ready.

    Playwright's sync API switches greenlets, and Django keeps database connections per
    context: a browser started before the database fixture would make the serialized
    migration data (groups, site, catalogue) restore onto a connection the test never uses.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


def save_screenshot(page, name: str) -> Path:
    """Full-page PNG under tests/e2e/artifacts/ (git-ignored), to be looked at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot(page):
    return lambda name: save_screenshot(page, name)


@pytest.fixture
def axe(page):
    """Runs axe-core (from node_modules, never a CDN) and returns serious/critical violations.
    Evaluated through the DevTools protocol: a <script> tag with its text would be refused by
    the site's Content-Security-Policy (no inline script), as it should be."""

    def run() -> list[dict]:
        assert AXE.exists(), "axe-core missing: run npm ci"
        page.evaluate(AXE.read_text() + "\n;undefined")
        result = page.evaluate("async () => await axe.run(document)")
        return [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]

    return run
