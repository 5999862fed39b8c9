"""A member's page: what it shows, who may open it, and the access log every view writes."""

import re
from urllib.parse import unquote

from django.urls import reverse

from audit.models import AccessLog
from tests.factories import CboFactory, MemberFactory, share_with_cbo


def test_member_page_shows_record_and_writes_one_access_log_row(client_for, care_manager):
    member = MemberFactory(
        care_manager=care_manager,
        last_name="Garcia",
        first_name="Maria",
        mbi="1EG4TE5MK73",
        plan_product="DSNP:H1234-001",
        county="Fresno",
    )
    client = client_for(care_manager)

    response = client.get(reverse("members:detail", args=[member.pk]), REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    for text in (
        "Garcia, Maria",
        member.cin,
        "1EG4-TE5-MK73",
        "DSNP:H1234-001",
        "Fresno",
        "CICM (D-SNP)",
        "Loading assessments",
    ):
        assert text in response.content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.member, log.viewed, log.client_address) == (
        care_manager,
        member,
        "member_page",
        "10.1.2.3",
    )


def test_each_view_is_logged_separately(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)
    client = client_for(care_manager)
    for _ in range(3):
        client.get(reverse("members:detail", args=[member.pk]))
    assert AccessLog.objects.filter(member=member, user=care_manager).count() == 3


def test_care_manager_gets_404_for_someone_elses_member(
    client_for, care_manager, other_care_manager
):
    member = MemberFactory(care_manager=other_care_manager)
    response = client_for(care_manager).get(reverse("members:detail", args=[member.pk]))
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_cbo_user_gets_404_for_unassigned_or_unconsented_member(client_for, cbo_user):
    unassigned = MemberFactory()
    other_cbo = share_with_cbo(MemberFactory(), CboFactory())
    no_consent = MemberFactory(cbo=cbo_user.organization)
    client = client_for(cbo_user)
    for member in (unassigned, other_cbo, no_consent):
        assert client.get(reverse("members:detail", args=[member.pk])).status_code == 404
    assert client.get(reverse("members:detail", args=[999_999])).status_code == 404


def test_cbo_user_sees_a_consented_member_of_their_organisation(client_for, cbo_user):
    member = share_with_cbo(MemberFactory(last_name="Shared"), cbo_user.organization)
    response = client_for(cbo_user).get(reverse("members:detail", args=[member.pk]))
    assert response.status_code == 200
    assert "Assignment history" not in response.content.decode()
    assert AccessLog.objects.filter(user=cbo_user, member=member).count() == 1


def test_plan_admin_sees_who_viewed_the_member(client_for, care_manager, plan_admin):
    member = MemberFactory(care_manager=care_manager)
    client_for(care_manager).get(reverse("members:detail", args=[member.pk]))

    response = client_for(plan_admin).get(reverse("members:access_log", args=[member.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert care_manager.username in page and "Member page" in page
    # Looking at the access log is itself a view of the member's record.
    assert AccessLog.objects.filter(user=plan_admin, viewed="access_log").count() == 1


def test_access_log_groups_one_visit_of_a_member_page_and_its_sections(
    client_for, care_manager, plan_admin
):
    member = MemberFactory(care_manager=care_manager)
    client = client_for(care_manager)
    client.get(reverse("members:detail", args=[member.pk]))
    client.get(reverse("eligibility:member_section", args=[member.pk]))
    client.get(reverse("careplans:care_plan", args=[member.pk]))

    page = client_for(plan_admin).get(reverse("members:access_log", args=[member.pk]))

    text = page.content.decode()
    assert "(3 views)" in text
    assert "Care plan, Eligibility and enrollment, Member page" in text
    assert AccessLog.objects.filter(member=member, user=care_manager).count() == 3


def test_care_manager_cannot_open_the_access_log(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)
    response = client_for(care_manager).get(reverse("members:access_log", args=[member.pk]))
    assert response.status_code == 404


def test_member_urls_carry_no_phi(client_for, care_manager):
    """A name or CIN search is posted, and no link, form or htmx URL the results carry repeats
    it (URLs end up in browser history, proxy and server logs)."""
    member = MemberFactory(care_manager=care_manager, last_name="Zamora")
    client = client_for(care_manager)

    for searched in ("Zamora", member.cin):
        response = client.post(reverse("members:caseload"), {"q": searched}, HTTP_HX_REQUEST="true")

        html = response.content.decode()
        urls = re.findall(r'(?:href|action|hx-get|hx-post|hx-push-url)="([^"]*)"', html)
        assert reverse("members:detail", args=[member.pk]) in urls
        assert not [u for u in urls if searched.lower() in unquote(u).lower()]
        assert searched.lower() not in unquote(response.get("HX-Push-Url", "")).lower()


def test_member_page_names_race_and_language_instead_of_codes(client_for, care_manager):
    member = MemberFactory(
        care_manager=care_manager, race_ethnicity="hispanic_latino", preferred_language="es"
    )

    page = client_for(care_manager).get(reverse("members:detail", args=[member.pk]))

    text = page.content.decode()
    assert "Hispanic or Latino" in text and "hispanic_latino" not in text
    assert "Spanish (es)" in text
