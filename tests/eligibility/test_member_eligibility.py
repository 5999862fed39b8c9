"""The eligibility section of a member's page: what it shows, who may see it, what it costs."""

import datetime
import re

import pytest
from django.urls import reverse

from audit.models import AccessLog
from careplans.outreach.enrollment import change_enrollment
from eligibility.models import DeterminationReview, ReviewDecision
from eligibility.reviews import member_eligibility, review_determination
from eligibility.services import evaluate_eligibility
from members.models import Member
from tests.factories import MemberFactory, share_with_cbo

AS_OF = datetime.date(2026, 9, 30)
LATER = datetime.date(2026, 10, 31)
CONSENTED = datetime.date(2026, 1, 5)
pytestmark = pytest.mark.django_db


def section(client, member, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.get(reverse("eligibility:member_section", args=[member.pk]), **headers)


def enrollment_section(client, member):
    return client.get(
        reverse("careplans:member_enrollment", args=[member.pk]), HTTP_HX_REQUEST="true"
    )


def post_review(client, member, **fields):
    data = {f"review-{name}": value for name, value in fields.items()}
    return client.post(
        reverse("eligibility:member_review", args=[member.pk]), data, HTTP_HX_REQUEST="true"
    )


def test_section_shows_the_run_populations_evidence_and_new_badge(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager, housing_status="homeless")
    evaluate_eligibility(as_of=AS_OF)

    response = section(client_for(care_manager), member)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Evaluation as of <strong data-as-of>2026-09-30</strong>" in html
    assert 'rule set <span class="mono">2026.1</span>' in html
    shown = response.context["eligibility"].populations
    assert [(p.code, p.is_new) for p in shown] == [("homeless", True)]
    assert shown[0].title in html
    assert shown[0].evidence in html
    assert "New since previous evaluation" in html


def test_a_population_found_again_is_not_new(care_manager):
    member = MemberFactory(care_manager=care_manager, housing_status="homeless")
    evaluate_eligibility(as_of=AS_OF)
    evaluate_eligibility(as_of=LATER)

    assert [p.is_new for p in member_eligibility(member).populations] == [False]


def test_a_population_lost_since_the_previous_run_shows_its_old_evidence(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager, housing_status="homeless")
    evaluate_eligibility(as_of=AS_OF)
    old_evidence = member_eligibility(member).populations[0].evidence
    Member.objects.filter(pk=member.pk).update(housing_status="housed")
    evaluate_eligibility(as_of=LATER)

    html = section(client_for(care_manager), member).content.decode()

    assert f"No longer eligible: Experiencing homelessness (was: {old_evidence})" in html
    assert member_eligibility(member).populations == []


def test_member_in_no_population_sees_the_nearest_miss(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager, housing_status="housed")
    evaluate_eligibility(as_of=AS_OF)

    eligibility = member_eligibility(member)
    html = section(client_for(care_manager), member).content.decode()

    assert eligibility.populations == []
    assert eligibility.nearest_miss
    assert f"<strong>Nearest miss:</strong> {eligibility.nearest_miss}" in html
    # said once (issue 13, bug 7: "Nearest miss: nearest miss: 1 of 5 avoidable ED visits")
    assert html.lower().count("nearest miss:") == 1
    assert re.search(r"Nearest miss:</strong> \d+ of \d+ ", html)
    assert "Not eligible for any population of focus." in html


def test_empty_state_before_any_evaluation(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)

    response = section(client_for(care_manager), member)

    assert response.status_code == 200
    assert "Eligibility has not been evaluated yet." in response.content.decode()


def test_overrides_in_force_and_review_history_are_shown(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager, housing_status="homeless")
    evaluate_eligibility(as_of=AS_OF)
    review_determination(
        member=member,
        program="ECM",
        population="homeless",
        decision=ReviewDecision.OVERRIDE_NOT_ELIGIBLE,
        reason="Housed with family since September",
        by=care_manager,
    )

    html = section(client_for(care_manager), member).content.decode()

    assert "Overrides in force" in html
    assert "Override: not eligible" in html
    assert "Housed with family since September" in html
    assert care_manager.get_full_name() in html


def test_every_view_of_the_section_is_written_to_the_access_log(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)
    client = client_for(care_manager)

    section(client, member)
    section(client, member, htmx=False)

    logged = AccessLog.objects.filter(member=member).values_list("user_id", "viewed")
    assert list(logged) == [(care_manager.pk, "eligibility")] * 2


def test_without_javascript_the_section_is_a_page_of_its_own(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager, last_name="Garcia")

    response = section(client_for(care_manager), member, htmx=False)

    html = response.content.decode()
    assert "<html" in html and "Garcia" in html and 'id="member-eligibility"' in html


def test_member_page_loads_the_section_with_htmx_and_links_to_it(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)
    url = reverse("eligibility:member_section", args=[member.pk])

    html = client_for(care_manager).get(reverse("members:detail", args=[member.pk])).content
    html = html.decode()

    assert f'hx-get="{url}" hx-trigger="load"' in html
    assert f'<a href="{url}">' in html


def test_cbo_user_who_cannot_see_the_member_gets_404_and_nothing_is_logged(client_for, cbo_user):
    member = MemberFactory(housing_status="homeless")

    assert section(client_for(cbo_user), member).status_code == 404
    assert not AccessLog.objects.exists()


def test_cbo_user_sees_a_shared_member_but_may_not_review_or_move_enrollment(client_for, cbo_user):
    member = share_with_cbo(MemberFactory(housing_status="homeless"), cbo_user.organization)
    evaluate_eligibility(as_of=AS_OF)
    client = client_for(cbo_user)

    response = section(client, member)
    assert response.status_code == 200
    # least necessary (issue 10): the populations of focus by name, no evidence, no reviews
    assert [p.code for p in response.context["populations"]] == ["homeless"]
    assert "review_form" not in response.context
    assert "Evidence" not in response.content.decode()
    assert enrollment_section(client, member).status_code == 404
    reviewed = post_review(client, member, population="homeless", decision="confirmed", reason="")
    moved = client.post(
        reverse("careplans:member_enrollment_change", args=[member.pk]),
        {"enrollment-ecm-program": "ECM", "enrollment-ecm-to_status": "outreach"},
    )
    assert (reviewed.status_code, moved.status_code) == (404, 404)
    assert not DeterminationReview.objects.exists()


def test_care_manager_gets_404_for_another_care_managers_member(
    client_for, care_manager, other_care_manager
):
    member = MemberFactory(care_manager=other_care_manager)

    assert section(client_for(care_manager), member).status_code == 404


def test_override_without_a_reason_shows_the_message_on_the_field_and_stores_nothing(
    client_for, care_manager
):
    member = MemberFactory(care_manager=care_manager, housing_status="homeless")
    evaluate_eligibility(as_of=AS_OF)

    response = post_review(
        client_for(care_manager),
        member,
        population="homeless",
        decision="override_not_eligible",
        reason="",
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert '<p class="field-error" id="id_review-reason_error">An override needs a reason' in html
    assert 'aria-describedby="id_review-reason_helptext id_review-reason_error"' in html
    assert 'aria-invalid="true"' in html
    assert not DeterminationReview.objects.exists()


def test_override_through_the_form_shows_it_in_force(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)
    evaluate_eligibility(as_of=AS_OF)

    response = post_review(
        client_for(care_manager),
        member,
        population="ccs",
        decision="override_eligible",
        reason="CCS approval letter dated 2026-09-12",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Recorded: Override: eligible." in html
    assert "CCS approval letter dated 2026-09-12" in html
    assert DeterminationReview.objects.get().reviewed_by == care_manager


def test_an_override_reloads_the_enrollment_section_which_then_offers_identifying(
    client_for, care_manager
):
    member = MemberFactory(care_manager=care_manager)
    evaluate_eligibility(as_of=AS_OF)
    client = client_for(care_manager)
    [before] = enrollment_section(client, member).context["panels"]
    assert before.form is None  # not eligible: nothing to identify them for yet

    response = post_review(
        client, member, population="ccs", decision="override_eligible", reason="CCS letter"
    )

    assert response["HX-Trigger"] == "eligibility-changed"
    reloaded = enrollment_section(client, member)
    assert 'hx-trigger="eligibility-changed from:body"' in reloaded.content.decode()
    [after] = reloaded.context["panels"]
    assert [value for value, _ in after.form.fields["to_status"].choices] == ["identified"]


def test_a_form_post_without_javascript_returns_to_the_member_page(client_for, care_manager):
    member = MemberFactory(care_manager=care_manager)

    response = client_for(care_manager).post(
        reverse("eligibility:member_review", args=[member.pk]),
        {"review-population": "homeless", "review-decision": "confirmed"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("members:detail", args=[member.pk]) + (
        "#member-eligibility"
    )


def _add_history(member, care_manager, reviews: int):
    for n in range(reviews):
        decision = ReviewDecision.OVERRIDE_ELIGIBLE if n % 2 else ReviewDecision.CONFIRMED
        review_determination(
            member=member,
            program="ECM",
            population=("homeless", "ltc_risk", "birth_equity")[n % 3],
            decision=decision,
            reason=f"note {n}",
            by=care_manager,
        )


def test_the_section_costs_the_same_queries_whatever_the_members_history(
    client_for, care_manager, django_assert_num_queries
):
    light = MemberFactory(care_manager=care_manager, housing_status="homeless")
    busy = MemberFactory(care_manager=care_manager, housing_status="homeless")
    evaluate_eligibility(as_of=AS_OF)
    evaluate_eligibility(as_of=LATER)
    _add_history(light, care_manager, reviews=1)
    _add_history(busy, care_manager, reviews=9)
    for step in ("outreach", "declined", "identified", "outreach"):
        change_enrollment(
            member=busy, program="ECM", to_status=step, effective_on=LATER, by=care_manager
        )
    client = client_for(care_manager)
    section(client, light)  # warm the session

    # session, the user with their roles (one query), member with its access-log row (one
    # statement), the run with the member's determinations (one statement), reviews
    with django_assert_num_queries(5):
        assert section(client, light).status_code == 200
    with django_assert_num_queries(5):
        response = section(client, busy)
    assert len(response.context["eligibility"].reviews) == 9
    # the enrollment section: session, the user with their roles, member with its access-log row,
    # episodes, transitions, and the eligibility it offers steps by (run with determinations,
    # reviews)
    with django_assert_num_queries(7):
        assert enrollment_section(client, light).status_code == 200
    with django_assert_num_queries(7):
        response = enrollment_section(client, busy)
    assert len(response.context["panels"][0].episodes) == 2
