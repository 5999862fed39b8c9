"""Plan admins run the portal and have no caseload: a member's page shows them no clinical form
(issue 13), and the doors behind those forms refuse them. A form appears only for users who
may submit it; the same member's care manager sees each of them."""

import datetime

import pytest
from django.urls import reverse

from eligibility.services import evaluate_eligibility
from tests.careplans.plan_factories import care_plan_with_one_of_each
from tests.factories import MemberFactory, share_with_cbo

HTMX = {"HTTP_HX_REQUEST": "true"}

# (section, the URL its form posts to)
SECTIONS_AND_FORMS = [
    ("careplans:member_contacts", "careplans:member_contact_create"),
    ("careplans:member_assessments", "careplans:assessment_start"),
    ("careplans:care_plan", "careplans:care_plan_problem_add"),
    ("careplans:member_enrollment", "careplans:member_enrollment_change"),
    ("eligibility:member_section", "eligibility:member_review"),
]


@pytest.fixture
def member(care_manager, versions):
    member = MemberFactory(care_manager=care_manager, housing_status="homeless")
    care_plan_with_one_of_each(member, care_manager)
    evaluate_eligibility(as_of=datetime.date(2026, 9, 30))
    return member


@pytest.mark.parametrize(("section", "form"), SECTIONS_AND_FORMS)
def test_a_plan_admin_sees_the_section_without_its_form(
    client_for, plan_admin, care_manager, member, section, form
):
    form_url = reverse(form, args=[member.pk])

    as_admin = client_for(plan_admin).get(reverse(section, args=[member.pk]), **HTMX)
    as_care_manager = client_for(care_manager).get(reverse(section, args=[member.pk]), **HTMX)

    assert as_admin.status_code == 200
    assert form_url not in as_admin.content.decode()
    assert form_url in as_care_manager.content.decode()


@pytest.mark.parametrize(("section", "form"), SECTIONS_AND_FORMS)
def test_the_door_behind_the_form_refuses_a_plan_admin(
    client_for, plan_admin, member, section, form
):
    response = client_for(plan_admin).post(reverse(form, args=[member.pk]), {}, **HTMX)

    assert response.status_code == 404


def test_a_plan_admin_still_sees_the_risk_section_and_cbo_staff_do_not(
    client_for, plan_admin, cbo_user, member
):
    share_with_cbo(member, cbo_user.organization)
    url = reverse("risk:member_section", args=[member.pk])

    assert client_for(plan_admin).get(url, **HTMX).status_code == 200
    assert client_for(cbo_user).get(url, **HTMX).status_code == 404
