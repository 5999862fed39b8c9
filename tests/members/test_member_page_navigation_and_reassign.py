"""The member page's section navigation (with counts) and the supervisor's Reassign form."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from careplans.assessments import selectors as assessment_selectors
from careplans.models import MemberClock
from members.models import CareManagerAssignment, ClockSummary
from tests import factories
from tests.careplans.plan_factories import (
    AssessmentNeedFactory,
    CompletedAssessmentFactory,
    NeedFactory,
)
from tests.careplans.work_factories import ContactFactory
from tests.factories import MemberFactory, share_with_cbo


@pytest.fixture
def teammate(supervisor):
    return factories.care_manager(
        username="cm.teammate", first_name="Tina", last_name="Teammate", supervisor=supervisor
    )


def _reassign(client, member, value):
    return client.post(
        reverse("members:reassign", args=[member.pk]), {"assign_to": value}, HTTP_HX_REQUEST="true"
    )


def test_the_navigation_lists_every_section_with_its_count(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)
    ContactFactory.create_batch(3, member=member)
    page = client_for(care_manager).get(reverse("members:detail", args=[member.pk]))
    html = page.content.decode()
    nav = html[
        html.index('<nav class="section-nav"') : html.index("</nav>", html.index("section-nav"))
    ]
    assert 'href="#member-contacts">Contacts &amp; timeline <span class="n">(3)</span>' in nav
    assert 'href="#member-assessments">Assessments <span class="n">(0)</span>' in nav
    for anchor in ("#member-details", "#member-clocks", "#member-care-plan", "#member-referrals"):
        assert anchor in nav
        assert f'id="{anchor[1:]}"' in html


def _nav_entry(client, member, section) -> str:
    html = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    start = html.index(f'href="#member-{section}">')
    return html[start : html.index("</a>", start)]


@pytest.mark.parametrize("part2", [False, True])
def test_a_cbo_partner_counts_only_the_contacts_they_may_open(
    client_for, care_manager, cbo_user, part2
):
    """The plan's own contacts are not the partner's to see, nor SUD ones without Part 2, so the
    count beside "Contacts & timeline" leaves them out as the section does; the plan counts all."""
    member = share_with_cbo(
        MemberFactory(care_manager=care_manager), cbo_user.organization, part2=part2
    )
    ContactFactory.create_batch(3, member=member)  # plan-internal
    ContactFactory(member=member, shared_with_cbo=True)
    ContactFactory(member=member, shared_with_cbo=True, sud=True)
    ContactFactory(member=member, by_organization=cbo_user.organization, recorded_by=cbo_user)
    partner_sees = 3 if part2 else 2
    assert f'<span class="n">({partner_sees})</span>' in _nav_entry(
        client_for(cbo_user), member, "contacts"
    )
    assert '<span class="n">(6)</span>' in _nav_entry(client_for(care_manager), member, "contacts")


@pytest.mark.parametrize("part2", [False, True])
def test_a_cbo_partner_counts_the_flagged_needs_their_assessments_section_lists(
    client_for, care_manager, cbo_user, part2
):
    """A partner's "Assessments" section lists the needs completed assessments flagged, not the
    assessments (nor drafts); the count beside it counts those needs, the SUD one only under
    Part 2. The plan counts its assessments, drafts included."""
    member = share_with_cbo(
        MemberFactory(care_manager=care_manager), cbo_user.organization, part2=part2
    )
    food = NeedFactory(code="food_insecurity", label="Food insecurity")
    housing = NeedFactory(code="housing", label="Housing")
    sud = NeedFactory(code="substance_use", label="Possible substance use disorder")
    first = CompletedAssessmentFactory(member=member)
    second = CompletedAssessmentFactory(member=member, question_set=first.question_set)
    draft, _ = (
        CompletedAssessmentFactory(
            member=member, question_set=first.question_set, status="draft", completed_on=None
        )
        for _ in range(2)
    )
    for assessment, need in ((first, food), (first, sud), (second, food), (second, housing)):
        AssessmentNeedFactory(assessment=assessment, need=need)
    AssessmentNeedFactory(assessment=draft, need=NeedFactory(code="respite", label="Respite"))
    partner_sees = 3 if part2 else 2
    # the count's SQL restates the section's selector: both must agree
    assert len(assessment_selectors.flagged_needs(member, reader=cbo_user)) == partner_sees
    assert f'<span class="n">({partner_sees})</span>' in _nav_entry(
        client_for(cbo_user), member, "assessments"
    )
    assert '<span class="n">(4)</span>' in _nav_entry(
        client_for(care_manager), member, "assessments"
    )


def test_the_member_page_counts_in_a_fixed_number_of_queries(
    client_for, care_manager, django_assert_max_num_queries
):
    few = MemberFactory(care_manager=care_manager)
    many = MemberFactory(care_manager=care_manager)
    ContactFactory(member=few)
    ContactFactory.create_batch(25, member=many)
    client = client_for(care_manager)
    client.get(reverse("members:detail", args=[few.pk]))  # warm the per-user caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("members:detail", args=[few.pk]))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("members:detail", args=[many.pk]))
    assert '<span class="n">(25)</span>' in page.content.decode()


def test_a_care_manager_has_no_reassign_form_and_gets_404_posting_one(
    client_for, care_manager, other_care_manager
):
    member = MemberFactory(care_manager=care_manager)
    client = client_for(care_manager)
    page = client.get(reverse("members:detail", args=[member.pk]))
    assert "Reassign to" not in page.content.decode()
    assert _reassign(client, member, other_care_manager.pk).status_code == 404
    member.refresh_from_db()
    assert member.care_manager == care_manager


def test_a_supervisor_reassigns_from_the_member_page(
    client_for, care_manager, supervisor, teammate
):
    member = MemberFactory(care_manager=care_manager)
    client = client_for(supervisor)
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert 'name="assign_to"' in page and "Tina Teammate" in page

    response = _reassign(client, member, teammate.pk)

    assert response.status_code == 200
    assert "Assigned to Tina Teammate." in response.content.decode()
    member.refresh_from_db()
    assert member.care_manager == teammate
    history = CareManagerAssignment.objects.get(member=member)
    assert (history.previous_care_manager, history.care_manager, history.assigned_by) == (
        care_manager,
        teammate,
        supervisor,
    )
    assert AccessLog.objects.filter(member=member, user=supervisor, viewed="member_page").exists()


def test_a_supervisor_cannot_give_a_member_to_someone_off_their_team(
    client_for, care_manager, supervisor, other_care_manager
):
    member = MemberFactory(care_manager=care_manager)
    response = _reassign(client_for(supervisor), member, other_care_manager.pk)
    assert response.status_code == 422
    assert "Reassign to: That care manager is not on your team." in response.content.decode()
    member.refresh_from_db()
    assert member.care_manager == care_manager


def test_reassign_without_a_choice_names_the_field(client_for, care_manager, supervisor):
    member = MemberFactory(care_manager=care_manager)
    response = _reassign(client_for(supervisor), member, "")
    assert response.status_code == 422
    assert "Reassign to: Choose a care manager (or Unassign)." in response.content.decode()


def test_a_supervisor_cannot_reassign_a_member_outside_their_team(
    client_for, supervisor, other_care_manager, teammate
):
    member = MemberFactory(care_manager=other_care_manager)
    assert _reassign(client_for(supervisor), member, teammate.pk).status_code == 404
    member.refresh_from_db()
    assert member.care_manager == other_care_manager


def test_every_sections_count_comes_in_one_statement(client_for, care_manager):
    """Each app contributes its count as SQL; the page asks for all of them at once."""
    member = MemberFactory(care_manager=care_manager)
    ContactFactory.create_batch(2, member=member)
    for clock in ("initial_hra", "care_plan"):
        MemberClock.objects.create(
            member=member, clock=clock, due_on=datetime.date(2026, 1, 5),
            state=ClockSummary.OVERDUE, basis="test", computed_at=timezone.now(),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        html = client_for(care_manager).get(reverse("members:detail", args=[member.pk])).content
    counting = [q["sql"] for q in queries.captured_queries if "count(*)" in q["sql"].lower()]
    assert len(counting) == 1
    assert '<span class="n">(2 overdue)</span>' in html.decode()
    assert 'timeline <span class="n">(2)</span>' in html.decode()
