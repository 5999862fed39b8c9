"""The closed loop in the browser's pages: refer, accept or decline, authorize within the limits
(or over them with an override), deliver, complete, close; who may see what; refused moves with
their input kept; fixed query counts."""

import datetime
import itertools

import pytest
from django.urls import reverse

from audit.models import AccessLog
from referrals import services
from referrals.models import CsAuthorization, Referral
from tests.factories import MemberFactory, cbo_staff

from .helpers import AuthorizationFactory, OfferingFactory, make_provider

pytestmark = pytest.mark.django_db
D = datetime.date
_orders = itertools.count()


@pytest.fixture
def member(care_manager):
    return MemberFactory(care_manager=care_manager, county="Los Angeles",
                         enrollment_start=D(2024, 1, 1))  # fmt: skip


@pytest.fixture
def eastside(cbo_user):
    OfferingFactory(service="transitional_rent", effective_from=D(2025, 1, 1))
    return make_provider(organization=cbo_user.organization, capacity=3,
                         services=("transitional_rent", "respite"))  # fmt: skip


def refer(client, member, provider, service="transitional_rent"):
    return client.post(reverse("referrals:new", args=[member.pk]), {
        "service": service, "provider": provider.pk, "reason": "Homeless after discharge",
        "urgency": "urgent",
    })  # fmt: skip


def test_the_whole_loop(client, member, eastside, care_manager, supervisor, cbo_user):
    client.force_login(care_manager)
    page = client.get(reverse("referrals:new", args=[member.pk]), {"service": "transitional_rent"})
    assert eastside.organization.name in page.text and "capacity 3" in page.text
    response = refer(client, member, eastside)
    referral = Referral.objects.get(member=member)
    assert response.status_code == 302 and referral.status == "sent"

    client.force_login(cbo_user)
    inbox = client.get(reverse("referrals:inbox"))
    assert member.last_name in inbox.text
    assert client.post(reverse("referrals:accept", args=[referral.pk]),
                       {"version": referral.version}).status_code == 302  # fmt: skip
    referral.refresh_from_db()
    assert referral.status == "accepted"

    client.force_login(supervisor)
    response = client.post(reverse("referrals:authorize", args=[referral.pk]), {
        "version": referral.version, "number": "TR-1", "start": "2026-01-01",
        "end": "2026-04-30", "units": "4",
    })  # fmt: skip
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "authorized" and referral.authorization.units == 4
    assert "0 of 6 months used; 4 asked" in client.get(response["Location"]).text

    client.force_login(cbo_user)
    client.post(reverse("referrals:deliver", args=[referral.pk]), {
        "version": referral.version, "start": "2026-01-01", "end": "2026-01-31", "units": "1"})  # fmt: skip
    referral.refresh_from_db()
    assert referral.status == "in_service" and referral.service_started_on == D(2026, 1, 1)
    client.post(reverse("referrals:complete", args=[referral.pk]), {"version": referral.version})
    referral.refresh_from_db()
    assert referral.status == "completed"

    client.force_login(care_manager)
    client.post(reverse("referrals:close", args=[referral.pk]), {
        "version": referral.version, "closure_reason": "service_completed", "connected": "yes",
        "connected_on": "2026-01-02"})  # fmt: skip
    referral.refresh_from_db()
    assert (referral.status, referral.connected) == ("closed", True)
    statuses = list(referral.events.values_list("status", flat=True))
    assert statuses == ["draft", "sent", "received", "accepted", "authorized", "in_service",
                        "completed", "closed"]  # fmt: skip
    section = client.get(reverse("referrals:member_section", args=[member.pk]))
    assert "Closed" in section.text


def test_a_service_not_offered_in_the_county_cannot_be_referred(client, member, eastside,
                                                                 care_manager):  # fmt: skip
    client.force_login(care_manager)
    page = client.get(reverse("referrals:new", args=[member.pk]), {"service": "respite"})
    assert "is not offered in Los Angeles County; it cannot be referred" in page.text
    assert refer(client, member, eastside, service="respite").status_code == 422
    assert not Referral.objects.exists()


def test_a_provider_without_a_contract_for_the_county_is_refused(client, member, eastside,
                                                                 care_manager):  # fmt: skip
    elsewhere = make_provider("Bay Area", counties=("Alameda",))
    client.force_login(care_manager)
    response = refer(client, member, elsewhere)
    assert response.status_code == 422 and "choose a provider from the list" in response.text
    assert elsewhere.organization.name not in client.get(
        reverse("referrals:new", args=[member.pk]), {"service": "transitional_rent"}).text  # fmt: skip


def test_another_providers_referral_is_a_404_and_a_provider_read_is_logged(
    client, member, eastside, care_manager, cbo_user
):
    referral = services.create_referral(member=member, service="transitional_rent",
                                        provider=eastside, reason="x", urgency="routine",
                                        by=care_manager)  # fmt: skip
    stranger = cbo_staff(username="cbo.other")
    make_provider(organization=stranger.organization)
    client.force_login(stranger)
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert client.post(reverse("referrals:accept", args=[referral.pk]),
                       {"version": referral.version}).status_code == 404  # fmt: skip
    client.force_login(cbo_user)
    page = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert page.status_code == 200 and member.last_name in page.text
    assert AccessLog.objects.filter(user=cbo_user, member=member, viewed="referrals").exists()
    # The provider sees the referral, not the member's record.
    assert client.get(reverse("members:detail", args=[member.pk])).status_code == 404


def test_moves_out_of_order_and_stale_saves_are_refused_with_the_input_kept(
    client, member, eastside, care_manager, cbo_user
):
    referral = services.create_referral(member=member, service="transitional_rent",
                                        provider=eastside, reason="x", urgency="routine",
                                        by=care_manager)  # fmt: skip
    client.force_login(cbo_user)
    client.post(reverse("referrals:decline", args=[referral.pk]),
                {"version": referral.version, "reason": "no_capacity", "note": "full"})  # fmt: skip
    referral.refresh_from_db()
    assert referral.status == "declined"
    response = client.post(reverse("referrals:complete", args=[referral.pk]),
                           {"version": referral.version})  # fmt: skip
    assert response.status_code == 422
    assert "A referral that is declined cannot be completed" in response.text

    client.force_login(care_manager)
    stale = {"version": referral.version - 1, "closure_reason": "other", "connected": "no"}
    response = client.post(reverse("referrals:close", args=[referral.pk]), stale)
    assert response.status_code == 422
    assert "Someone else changed this referral" in response.text
    assert '<option value="other" selected>' in response.text


def test_over_the_limit_needs_an_override_reason_and_shows_the_numbers(
    client, member, eastside, care_manager, supervisor, cbo_user
):
    AuthorizationFactory(member=member, service="transitional_rent", units=4)
    referral = services.create_referral(member=member, service="transitional_rent",
                                        provider=eastside, reason="x", urgency="routine",
                                        by=care_manager)  # fmt: skip
    referral = services.accept(referral, by=cbo_user, version=referral.version)
    client.force_login(supervisor)
    ask = {"version": referral.version, "number": "TR-9", "start": "2026-05-01",
           "end": "2026-07-31", "units": "3"}  # fmt: skip
    response = client.post(reverse("referrals:authorize", args=[referral.pk]), ask)
    assert response.status_code == 422
    assert "4 of 6 months used; 3 asked" in response.text
    assert 'value="TR-9"' in response.text  # the input is kept
    assert not CsAuthorization.objects.filter(source_id="TR-9").exists()
    response = client.post(reverse("referrals:authorize", args=[referral.pk]),
                           {**ask, "override_reason": "Member still homeless; approved by MD"})  # fmt: skip
    assert response.status_code == 302
    kept = CsAuthorization.objects.get(source_id="TR-9")
    assert kept.override_reason == "Member still homeless; approved by MD"
    assert "Override: Member still homeless" in referral.events.get(status="authorized").note


def test_an_authorization_needs_a_number_and_units(client, member, eastside, care_manager,
                                                   supervisor, cbo_user):  # fmt: skip
    referral = services.create_referral(member=member, service="transitional_rent",
                                        provider=eastside, reason="x", urgency="routine",
                                        by=care_manager)  # fmt: skip
    referral = services.accept(referral, by=cbo_user, version=referral.version)
    client.force_login(supervisor)
    response = client.post(reverse("referrals:authorize", args=[referral.pk]), {
        "version": referral.version, "number": "", "start": "2026-05-01", "end": "2026-05-31"})  # fmt: skip
    assert response.status_code == 422
    assert "This field is required" in response.text  # number
    response = client.post(reverse("referrals:authorize", args=[referral.pk]), {
        "version": referral.version, "number": "A1", "start": "2026-05-01", "end": "2026-05-31"})  # fmt: skip
    assert "Enter the months authorized" in response.text


@pytest.mark.parametrize("count", [1, 8])
def test_pages_cost_the_same_queries_whatever_the_number_of_referrals(
    client, member, eastside, care_manager, cbo_user, count, django_assert_max_num_queries
):
    for _ in range(count):
        services.create_referral(member=member, service="transitional_rent", provider=eastside,
                                 reason="x", urgency="routine", by=care_manager)  # fmt: skip
    referral = Referral.objects.filter(member=member).first()
    client.force_login(care_manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("referrals:member_section", args=[member.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        page = client.get(reverse("referrals:new", args=[member.pk]),
                          {"service": "transitional_rent"})  # fmt: skip
        assert page.status_code == 200
    client.force_login(cbo_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("referrals:inbox")).status_code == 200


@pytest.mark.parametrize("history", [1, 30])
def test_an_authorizations_limit_check_costs_the_same_queries_whatever_the_history(
    client, member, eastside, care_manager, supervisor, cbo_user, history,
    django_assert_max_num_queries,
):  # fmt: skip
    for n in range(history):
        AuthorizationFactory(member=member, service="transitional_rent", units=0,
                             source_id=f"H{history}-{n}")  # fmt: skip
    referral = services.create_referral(member=member, service="transitional_rent",
                                        provider=eastside, reason="x", urgency="routine",
                                        by=care_manager)  # fmt: skip
    referral = services.accept(referral, by=cbo_user, version=referral.version)
    client.force_login(supervisor)
    with django_assert_max_num_queries(16):
        response = client.post(reverse("referrals:authorize", args=[referral.pk]), {
            "version": referral.version, "number": "Q-1", "start": "2026-05-01",
            "end": "2026-05-31", "units": "1"})  # fmt: skip
    assert response.status_code == 302
