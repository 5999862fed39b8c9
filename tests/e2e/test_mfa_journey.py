"""Two-step login in Chromium: first login enrolls an authenticator app (the test computes the
code as the phone would), a backup code logs in once, and a plan admin resets a lost phone."""

import os
import tempfile
from pathlib import Path

import pyotp

from accounts import mfa
from tests import factories
from tests.accounts.mfa_helpers import authenticator_app
from tests.e2e.conftest import log_in_with_code

SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", Path(tempfile.gettempdir()) / "calaim-e2e-shots"))
PASSWORD = "correct-horse-battery"


def password_step(page, user):
    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_first_login_enrolls_an_app_then_reaches_the_caseload(page, transactional_db):
    care_manager = factories.care_manager(username="cm.first", first_name="Ana", last_name="Garcia")
    factories.MemberFactory(care_manager=care_manager, last_name="Nguyen", first_name="Tuan")

    password_step(page, care_manager)

    page.get_by_role("heading", name="Set up two-step login").wait_for()
    assert page.locator(".qr svg").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"mfa-enroll-{width}.png"), full_page=True)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-step login").click()

    page.get_by_role("heading", name="Two-step login is on").wait_for()
    codes = page.get_by_role("list", name="Backup codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Continue").click()
    page.get_by_role("heading", name="My caseload").wait_for()
    assert page.get_by_role("link", name="Nguyen, Tuan").is_visible()
    assert mfa.is_enrolled(care_manager)


def test_a_backup_code_logs_in_once(page, transactional_db):
    supervisor = factories.supervisor(username="sup.backup")
    authenticator_app(supervisor)
    code = mfa.new_backup_codes(user=supervisor)[0]

    password_step(page, supervisor)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("heading", name="Team").wait_for()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")

    password_step(page, supervisor)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("That code is not right, or it was used already.").wait_for()
    assert "/account/two-step/" in page.url


def test_plan_admin_resets_a_lost_phone_and_the_user_enrolls_again(
    browser, live_server, page, transactional_db
):
    admin = factories.plan_admin(username="admin.reset")
    care_manager = factories.care_manager(username="cm.lostphone")
    authenticator_app(care_manager)
    log_in_with_code(page, admin)
    page.locator("nav details.menu summary").click()  # the "More" menu
    page.get_by_role("link", name="Users").click()
    page.get_by_role("heading", name="Users and logins").wait_for()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"users-{width}.png"), full_page=True)

    page.get_by_role("button", name="Reset two-step login of cm.lostphone").click()

    page.get_by_text("Two-step login of cm.lostphone reset").wait_for()
    other = browser.new_context(base_url=live_server.url)
    try:
        user_page = other.new_page()
        password_step(user_page, care_manager)
        user_page.get_by_role("heading", name="Set up two-step login").wait_for()
    finally:
        other.close()
