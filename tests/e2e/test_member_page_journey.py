"""The member page in Chromium: the section navigation, forms that open on demand, and a
supervisor reassigning the member from the page (htmx)."""

import re

from playwright.sync_api import expect

from members.models import Member
from tests import factories
from tests.careplans.work_factories import ContactFactory
from tests.factories import MemberFactory


def test_supervisor_jumps_to_a_section_and_reassigns_the_member(login, transactional_db):
    boss = factories.supervisor(username="sup.page", first_name="Renee", last_name="Johnson")
    ana = factories.care_manager(
        username="cm.page.ana", first_name="Ana", last_name="Garcia", supervisor=boss
    )
    factories.care_manager(
        username="cm.page.dan", first_name="Daniel", last_name="Lee", supervisor=boss
    )
    member = MemberFactory(care_manager=ana, last_name="Chavez", first_name="Elena")
    ContactFactory.create_batch(2, member=member)

    page = login(boss)
    page.goto(f"/members/{member.pk}/")
    page.wait_for_load_state("networkidle")  # every section in, so nothing moves after the jump
    nav = page.get_by_role("navigation", name="Parts of this record")
    nav.get_by_role("link", name="Contacts & timeline (2)").click()
    expect(page).to_have_url(re.compile(r"#member-contacts$"))
    expect(page.locator("#member-contacts h2")).to_be_in_viewport()

    # No form is open until asked for.
    expect(page.locator("#member-contacts").get_by_label("Note")).to_be_hidden()
    expect(page.get_by_label("Reassign to")).to_be_hidden()

    page.get_by_text("Change care manager").click()
    page.get_by_label("Reassign to").select_option(label="Daniel Lee")
    page.get_by_role("button", name="Reassign", exact=True).click()
    line = page.locator("#member-care-manager")
    expect(line).to_contain_text("Assigned to Daniel Lee.")
    expect(line).to_contain_text("Daniel Lee")
    assert page.url.endswith("#member-contacts")  # an htmx answer, not a new page
    assert Member.objects.get(pk=member.pk).care_manager.username == "cm.page.dan"


def test_a_care_manager_sees_no_reassign_on_the_member_page(login, transactional_db):
    ana = factories.care_manager(username="cm.page.only")
    member = MemberFactory(care_manager=ana)
    page = login(ana)
    page.goto(f"/members/{member.pk}/")
    page.locator("#member-contacts h2").wait_for()
    assert page.get_by_text("Change care manager").count() == 0
