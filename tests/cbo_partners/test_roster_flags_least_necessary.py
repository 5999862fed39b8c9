"""Roster flags are eligibility evidence (a release from incarceration, a pregnancy): the plan
sees them on the member page and in the API; a CBO partner, who sees the populations of focus by
name only, sees neither the flags nor their dates."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import CboFactory, MemberFactory, cbo_staff, share_with_cbo

pytestmark = pytest.mark.django_db
RELEASED = datetime.date(2026, 6, 2)


@pytest.fixture
def shared_member(care_manager):
    cbo = CboFactory(name="Eastside Outreach")
    member = MemberFactory(
        care_manager=care_manager, incarceration_release_date=RELEASED, currently_pregnant=True
    )
    worker = cbo_staff(organization=cbo)
    share_with_cbo(member, cbo, care_manager=worker)
    return member, worker


def test_the_plan_care_manager_sees_the_roster_flags(client_for, care_manager, shared_member):
    member, _ = shared_member
    client = client_for(care_manager)

    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    api = client.get(reverse("api:member-detail", args=[member.pk])).json()

    assert "Released from incarceration" in page and "2026-06-02" in page
    assert api["incarceration_release_date"] == "2026-06-02" and api["currently_pregnant"] is True


def test_a_cbo_worker_sees_the_member_but_not_the_roster_flags(client_for, shared_member):
    member, worker = shared_member
    client = client_for(worker)

    response = client.get(reverse("members:detail", args=[member.pk]))
    page = response.content.decode()
    api = client.get(reverse("api:member-detail", args=[member.pk])).json()

    assert response.status_code == 200 and member.last_name in page
    assert "Roster flags" not in page and "2026-06-02" not in page
    assert "Currently pregnant" not in page
    assert api["last_name"] == member.last_name
    assert "incarceration_release_date" not in api and "currently_pregnant" not in api
