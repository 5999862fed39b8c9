"""What htmx updates do when things go wrong or the user moves on, in Chromium (issue 13):

- the session ends during an htmx request (a filter, a contact being recorded, the CSRF cookie
  gone): a "your session has ended" dialog, a login, and what was typed is back in its form;
- the back button after filtering and paging the caseload returns to that filter and page
  (the search text, names and CINs, never in the URL);
- focus after an htmx update stays where the user was instead of falling to <body>.
"""

import re

from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from careplans.models import Contact
from members.models import Member
from tests import factories
from tests.accounts.mfa_helpers import authenticator_app, current_code
from tests.factories import MemberFactory

ROWS = "table.members tbody tr"
DIALOG = "dialog#session-ended"


def _end_every_session():
    """What 30 idle minutes do: the server forgets the session; the browser still sends its cookie."""
    Session.objects.all().delete()


def _log_in_again(page, user):
    """The login the dialog's button leads to, then back to the page it was on."""
    page.locator(DIALOG).get_by_role("button", name="Log in again").click()
    page.wait_for_url(re.compile(r"/login/\?next="))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(current_code(authenticator_app(user)))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state("networkidle")


def test_a_filter_after_the_session_ended_prompts_a_login_and_keeps_the_filter(
    login, transactional_db
):
    care_manager = factories.care_manager(username="cm.expiry")
    MemberFactory(care_manager=care_manager, last_name="Kern", first_name="Kim", county="Kern")
    MemberFactory(care_manager=care_manager, last_name="Fresno", first_name="Fay", county="Fresno")
    page = login(care_manager)
    page.goto("/caseload/")
    expect(page.locator(ROWS)).to_have_count(2)

    _end_every_session()
    page.get_by_label("County").select_option("Kern")

    dialog = page.locator(DIALOG)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Your session has ended")).to_be_visible()
    # The login page was not swapped into the results: the table is still the caseload's.
    assert page.locator("#results").get_by_label("Username").count() == 0
    expect(page.locator(ROWS)).to_have_count(2)

    _log_in_again(page, care_manager)
    page.wait_for_url(re.compile(r"/caseload/"))
    expect(page.get_by_label("County")).to_have_value("Kern")
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS).first).to_contain_text("Kern, Kim")


def test_a_contact_note_typed_when_the_session_ended_is_back_after_login(login, transactional_db):
    care_manager = factories.care_manager(username="cm.note")
    member = MemberFactory(care_manager=care_manager, last_name="Garcia", first_name="Maria")
    page = login(care_manager)
    page.goto(f"/members/{member.pk}/")
    contacts = page.locator("#member-contacts")
    contacts.get_by_text("Record a contact").click()
    contacts.get_by_label("Who was reached").select_option("caregiver")
    contacts.get_by_label("Outcome").select_option("left_message")
    note = "Called her sister; Maria will be home Thursday after 3 pm."
    contacts.get_by_label("Note").fill(note)

    _end_every_session()
    contacts.get_by_role("button", name="Record").click()

    expect(page.locator(DIALOG)).to_be_visible()
    assert page.locator("#member-contacts").get_by_label("Username").count() == 0
    assert not Contact.objects.exists()

    _log_in_again(page, care_manager)
    page.wait_for_url(re.compile(rf"/members/{member.pk}/$"))
    contacts = page.locator("#member-contacts")
    expect(contacts.get_by_label("Note")).to_have_value(note)
    expect(contacts.get_by_role("status")).to_contain_text("What you typed")
    contacts.get_by_role("button", name="Record").click()
    expect(contacts).to_contain_text("Called her sister")
    assert Contact.objects.get().note == note


def test_a_missing_csrf_cookie_prompts_instead_of_doing_nothing(login, transactional_db):
    care_manager = factories.care_manager(username="cm.csrf")
    member = MemberFactory(care_manager=care_manager, last_name="Lopez", first_name="Luz")
    page = login(care_manager)
    page.goto(f"/members/{member.pk}/")
    contacts = page.locator("#member-contacts")
    contacts.get_by_text("Record a contact").click()
    contacts.get_by_label("Who was reached").select_option("caregiver")
    contacts.get_by_label("Outcome").select_option("left_message")
    contacts.get_by_label("Note").fill("Left a voicemail.")

    page.context.clear_cookies(name="csrftoken")
    contacts.get_by_role("button", name="Record").click()

    expect(page.locator(DIALOG)).to_be_visible()
    assert not Contact.objects.exists()
    # The session itself is alive: the button reloads the page (with a new cookie), no login.
    page.locator(DIALOG).get_by_role("button", name="Log in again").click()
    page.wait_for_url(re.compile(rf"/members/{member.pk}/$"))
    contacts = page.locator("#member-contacts")
    expect(contacts.get_by_label("Note")).to_have_value("Left a voicemail.")
    contacts.get_by_role("button", name="Record").click()
    expect(contacts).to_contain_text("Left a voicemail.")
    assert Contact.objects.count() == 1


def test_back_after_a_filter_and_a_page_returns_to_them_with_the_search_out_of_the_url(
    login, transactional_db
):
    care_manager = factories.care_manager(username="cm.back")
    for n in range(30):
        MemberFactory(care_manager=care_manager, last_name=f"Kern{n:02d}", county="Kern")
    for n in range(5):
        MemberFactory(care_manager=care_manager, last_name=f"Fresno{n:02d}", county="Fresno")
    page = login(care_manager)
    page.goto("/caseload/")
    expect(page.locator(".count")).to_contain_text("35 members")

    page.get_by_label("County").select_option("Kern")
    expect(page.locator(".count")).to_contain_text("30 members · page 1 of 2")
    page.get_by_role("button", name="Next ›").click()
    expect(page.locator(".count")).to_contain_text("page 2 of 2")
    expect(page.locator(ROWS)).to_have_count(5)
    assert "county=Kern" in page.url and "page=2" in page.url

    page.get_by_role("link", name=re.compile(r"^Kern27")).click()
    page.wait_for_url(re.compile(r"/members/\d+/$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/caseload/\?"))
    expect(page.get_by_label("County")).to_have_value("Kern")
    expect(page.locator(".count")).to_contain_text("30 members · page 2 of 2")
    expect(page.locator(ROWS)).to_have_count(5)
    expect(page.locator(ROWS).first).to_contain_text("Kern25")

    # A search keeps the filters in the URL but never the text typed.
    page.get_by_label("Search name or CIN").fill("Kern0")
    expect(page.locator(".count")).to_contain_text("10 members")
    assert "Kern0" not in page.url and "q=" not in page.url
    assert "county=Kern" in page.url


def _focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? e.tagName + '|' + (e.textContent || '').trim().slice(0, 40) : ''; }"
    )


def test_focus_stays_on_the_pager_and_the_contacts_after_htmx_updates(login, transactional_db):
    care_manager = factories.care_manager(username="cm.focus")
    for n in range(30):
        MemberFactory(care_manager=care_manager, last_name=f"Focus{n:02d}")
    page = login(care_manager)
    page.goto("/caseload/")
    next_button = page.get_by_role("button", name="Next ›")
    next_button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".count")).to_contain_text("page 2 of 2")
    expect(page.get_by_role("button", name="‹ Previous")).to_be_visible()
    # "Next" is gone on the last page: focus goes to the results' count line, not <body>.
    expect(page.locator("#results .count")).to_be_focused()
    assert _focused(page).startswith("P|30 members · page 2 of 2"), _focused(page)

    page.get_by_role("button", name="‹ Previous").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".count")).to_contain_text("page 1 of 2")
    expect(page.locator("#results .count")).to_be_focused()
    assert _focused(page).startswith("P|30 members · page 1 of 2"), _focused(page)

    member = Member.objects.filter(care_manager=care_manager).first()
    page.goto(f"/members/{member.pk}/")
    contacts = page.locator("#member-contacts")
    contacts.get_by_text("Record a contact").click()
    contacts.get_by_label("Who was reached").select_option("caregiver")
    contacts.get_by_label("Outcome").select_option("left_message")
    contacts.get_by_label("Note").fill("Spoke with the member.")
    contacts.get_by_role("button", name="Record").focus()
    page.keyboard.press("Enter")
    expect(contacts).to_contain_text("Spoke with the member.")
    # The form closed with the save: focus goes to the section's heading, where the news is.
    expect(page.locator("#member-contacts h2")).to_be_focused()
