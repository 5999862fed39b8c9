"""Browser journeys: Playwright driving Debian's Chromium against the live test server."""

import os

import pytest

from tests.accounts.mfa_helpers import authenticator_app, current_code

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set
# up and check data are still ordinary blocking calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # No page may load anything from another host.
    elsewhere = []
    page.on(
        "request",
        lambda request: None
        if request.url.startswith((live_server.url, "data:", "about:", "blob:"))
        else elsewhere.append(request.url),
    )
    # Nor break its Content-Security-Policy (inline script or style, eval).
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    yield page
    context.close()
    assert not elsewhere, f"pages loaded files from other hosts: {elsewhere}"
    assert not refused, f"the Content-Security-Policy refused: {refused}"


def log_in_with_code(page, user, password="correct-horse-battery"):
    """The login form, then the code of the user's authenticator app (made if missing)."""
    device = authenticator_app(user)
    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state("networkidle")
    return page


@pytest.fixture
def login(page):
    def as_user(user, password="correct-horse-battery"):
        return log_in_with_code(page, user, password)

    return as_user
