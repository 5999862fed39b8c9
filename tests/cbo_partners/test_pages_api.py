"""The partnership's pages and API by role: the directory with its history, the member page's
section with a fixed number of queries, assignments and consents over the API, the signed
form served only as an attachment."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cbo_partners.consent import services as consents
from cbo_partners.models import CboAssignment, Consent, Partner
from tests.factories import (
    CboFactory,
    MemberFactory,
    cbo_lead,
    cbo_partner,
    cbo_staff,
    share_with_cbo,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\nsigned\n"


def test_plan_admin_adds_a_partner_a_contract_and_sees_the_history(client_for, plan_admin):
    client = client_for(plan_admin)
    response = client.post(
        reverse("cbo_partners:partner_new"), {"name": "Mission Neighbors", "capacity": "12"}
    )
    partner = Partner.objects.get(organization__name="Mission Neighbors")
    assert response.status_code == 302
    assert partner.group.name == f"cbo:{partner.organization_id}"

    bad = client.post(
        reverse("cbo_partners:contract_add", args=[partner.pk]),
        {"effective_on": "2026-02-01", "ends_on": "2026-01-01", "programs": ["ECM"]},
    )
    assert bad.status_code == 422
    assert "cannot end before it starts" in bad.content.decode()
    client.post(
        reverse("cbo_partners:contract_add", args=[partner.pk]),
        {"effective_on": "2026-01-01", "programs": ["ECM"], "counties": "Alameda, Marin",
         "languages": "Spanish"},
    )  # fmt: skip
    assert partner.contracts.get().counties == ["Alameda", "Marin"]

    page = client.get(reverse("cbo_partners:partner", args=[partner.pk])).content.decode()
    assert "Contract added" in page and "Partner added" in page
    listing = client.get(reverse("cbo_partners:partners")).content.decode()
    assert "Mission Neighbors" in listing and "12" in listing


def test_supervisor_assigns_over_capacity_only_with_a_reason(client_for, supervisor):
    partner = cbo_partner(CboFactory(name="Tiny CBO"), capacity=0)
    member = MemberFactory(care_manager=None)
    client = client_for(supervisor)
    url = reverse("cbo_partners:assign", args=[member.pk])

    refused = client.post(url, {"partner": partner.pk, "program": "ECM"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert "capacity is 0" in refused.content.decode()
    ok = client.post(
        url,
        {"partner": partner.pk, "program": "ECM", "over_capacity_reason": "Only option"},
        HTTP_HX_REQUEST="true",
    )
    assert ok.status_code == 200
    assert CboAssignment.objects.get(member=member).status == "pending"


def test_the_member_section_costs_the_same_queries_whatever_the_history(
    client_for, care_manager, cbo_user, django_assert_max_num_queries
):
    member = share_with_cbo(MemberFactory(care_manager=care_manager), cbo_user.organization)
    client = client_for(care_manager)
    url = reverse("cbo_partners:member_section", args=[member.pk])
    with django_assert_max_num_queries(30) as first:
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    assignment = member.cbo_assignments.get()
    for i in range(4):
        consents.record(
            member=member, recipients=[assignment.partner], scopes=["care_coordination"],
            method="verbal", effective_on=datetime.date(2026, 2, 1 + i), by=care_manager,
        )  # fmt: skip
        cbo_partner(CboFactory())
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.content.decode().count("data-consent=") == 5
    assert "Care coordination" in response.content.decode()  # the scope as people read it
    assert "<td>care_coordination" not in response.content.decode()


def test_a_bad_upload_on_the_page_names_the_field_and_stores_nothing(
    client_for, care_manager, cbo_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    member = MemberFactory(care_manager=care_manager)
    partner = cbo_partner(cbo_user.organization)
    response = client_for(care_manager).post(
        reverse("cbo_partners:consent_record", args=[member.pk]),
        {
            "recipients": [partner.pk], "scopes": ["care_coordination"], "method": "written",
            "effective_on": "2026-01-05",
            "form": SimpleUploadedFile("consent.pdf", b"\x7fELF not a pdf"),
        },
    )  # fmt: skip
    assert response.status_code == 422
    assert "Programs and scripts are refused" in response.content.decode()
    assert not Consent.objects.exists() and not any(tmp_path.rglob("*.*"))


def test_the_signed_form_is_an_attachment_for_plan_staff_only(
    client_for, care_manager, cbo_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    member = MemberFactory(care_manager=care_manager)
    partner = cbo_partner(cbo_user.organization)
    consent = consents.record(
        member=member, recipients=[partner], scopes=["care_coordination"], method="written",
        effective_on=datetime.date(2026, 1, 5), by=care_manager,
        form=SimpleUploadedFile("<b>x</b>.pdf".replace("/", ""), PDF),
    )  # fmt: skip
    share_with_cbo(member, cbo_user.organization)
    url = reverse("cbo_partners:consent_form", args=[member.pk, consent.pk])

    response = client_for(care_manager).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    assert client_for(cbo_user).get(url).status_code == 404  # a CBO may not fetch it


def test_api_assign_decide_and_revoke(client_for, supervisor, care_manager):
    org = CboFactory(name="API CBO")
    partner = cbo_partner(org)
    staff = cbo_staff(username="api.cm", organization=org)
    lead = cbo_lead(username="api.lead", organization=org)
    member = MemberFactory(care_manager=care_manager)

    client = client_for(supervisor)
    created = client.post(
        reverse("api:member-cbo-assignments", args=[member.pk]),
        {"partner": partner.pk, "program": "ECM"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assignment_id = created.json()["id"]

    client = client_for(care_manager)
    consent = client.post(
        reverse("api:member-consents", args=[member.pk]),
        {"recipients": [partner.pk], "scopes": ["sud_part2"], "method": "verbal",
         "effective_on": "2026-03-01", "expires_on": "2026-02-01"},
        content_type="application/json",
    )  # fmt: skip
    assert consent.status_code == 400
    assert "expires_on" in consent.json()

    client = client_for(lead)
    declined = client.post(
        reverse("api:cbo-assignment-decline", args=[assignment_id]),
        {"decline_reason": "other"},
        content_type="application/json",
    )
    assert declined.status_code == 400 and "decline_note" in declined.json()
    accepted = client.post(
        reverse("api:cbo-assignment-accept", args=[assignment_id]),
        {"cbo_care_manager": staff.pk},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
    other_lead = cbo_lead(username="other.lead")
    client = client_for(other_lead)
    assert client.get(reverse("api:member-cbo-assignments", args=[member.pk])).status_code == 404
