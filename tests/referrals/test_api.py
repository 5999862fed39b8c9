"""The Community Supports API: the same services and doors as the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral
from tests.factories import MemberFactory, cbo_staff

from .helpers import AuthorizationFactory, OfferingFactory, make_provider

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def member(care_manager):
    return MemberFactory(care_manager=care_manager, enrollment_start=D(2024, 1, 1))


@pytest.fixture
def provider(cbo_user):
    OfferingFactory(service="respite", effective_from=D(2025, 1, 1))
    return make_provider(organization=cbo_user.organization, services=("respite",))


def test_refer_answer_and_authorize_over_the_api(client, member, provider, care_manager,
                                                 supervisor, cbo_user):  # fmt: skip
    client.force_login(care_manager)
    url = reverse("api:member-referrals", args=[member.pk])
    created = client.post(url, {"service": "respite", "provider_id": provider.pk,
                                "reason": "Caregiver strain"}, content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.json()
    referral = created.json()
    assert referral["status"] == "sent"
    assert client.get(url).json()[0]["id"] == referral["id"]

    move = reverse("api:referral-move", args=[referral["id"]])
    client.force_login(cbo_user)
    assert [r["id"] for r in client.get(reverse("api:referral-inbox")).json()] == [referral["id"]]
    accepted = client.post(move, {"action": "accept", "version": referral["version"]},
                           content_type="application/json").json()  # fmt: skip
    assert accepted["status"] == "accepted"
    stale = client.post(move, {"action": "complete", "version": referral["version"]},
                        content_type="application/json")  # fmt: skip
    assert stale.status_code == 400

    AuthorizationFactory(member=member, service="respite", units=300)
    client.force_login(supervisor)
    ask = {"action": "authorize", "version": accepted["version"], "number": "R-1",
           "start": "2026-03-01", "end": "2026-03-31", "units": 37}  # fmt: skip
    refused = client.post(move, ask, content_type="application/json")
    assert refused.status_code == 400
    assert "300 of 336 hours used in 2026; 37 asked" in str(refused.json())
    check = client.post(reverse("api:cs-check"), {
        "member_id": member.pk, "service": "respite", "start_date": "2026-03-01",
        "end_date": "2026-03-31", "units": 36}, content_type="application/json")  # fmt: skip
    assert check.json() == {"result": "allowed", "limit": "",
                            "detail": "300 of 336 hours used in 2026; 36 asked"}  # fmt: skip
    done = client.post(move, {**ask, "override_reason": "Caregiver in hospital"},
                       content_type="application/json").json()  # fmt: skip
    assert done["status"] == "authorized"
    assert done["authorization"]["override_reason"] == "Caregiver in hospital"
    assert done["limit_check"]["limit"] == "hours_336_per_year"


def test_another_provider_gets_404_and_care_managers_cannot_accept(client, member, provider,
                                                                   care_manager):  # fmt: skip
    client.force_login(care_manager)
    referral = client.post(reverse("api:member-referrals", args=[member.pk]), {
        "service": "respite", "provider_id": provider.pk, "reason": "x"},
        content_type="application/json").json()  # fmt: skip
    move = reverse("api:referral-move", args=[referral["id"]])
    answer = {"action": "accept", "version": referral["version"]}
    assert client.post(move, answer, content_type="application/json").status_code == 404
    other = cbo_staff(username="cbo.api.other")
    make_provider(organization=other.organization, services=("respite",))
    client.force_login(other)
    assert client.get(reverse("api:referral", args=[referral["id"]])).status_code == 404
    assert client.post(move, answer, content_type="application/json").status_code == 404
    assert Referral.objects.get().status == "sent"


def test_report_api_names_each_referral_of_the_month(client, member, provider, care_manager,
                                                     plan_admin):  # fmt: skip
    client.force_login(care_manager)
    client.post(reverse("api:member-referrals", args=[member.pk]), {
        "service": "respite", "provider_id": provider.pk, "reason": "x"},
        content_type="application/json")  # fmt: skip
    client.force_login(plan_admin)
    month = f"{timezone.localdate():%Y-%m}"
    body = client.get(reverse("api:cs-report"), {"month": month}).json()
    assert [r["cin"] for r in body["referrals"]] == [member.cin]
    assert body["summary"][0]["referrals"] == 1
