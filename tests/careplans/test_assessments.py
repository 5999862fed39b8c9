"""A care manager answers an HRA or SDOH screening in the browser over several sittings."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AccessLog
from careplans.assessments import question_sets
from careplans.assessments import services as assessments
from careplans.models import Assessment, AssessmentNeed, AssessmentStatus, QuestionSetStatus
from tests.careplans.assessment_factories import (
    AssessmentFactory,
    QuestionFactory,
    small_question_set,
)
from tests.careplans.test_scoring import NO_SDOH_NEEDS
from tests.factories import MemberFactory, share_with_cbo


@pytest.fixture
def member(care_manager, cbo_user):
    return share_with_cbo(MemberFactory(care_manager=care_manager), cbo_user.organization)


def _url(assessment):
    return reverse("careplans:assessment", args=[assessment.member_id, assessment.pk])


def _checked(page: str, key: str, value: str) -> bool:
    pattern = rf'<input[^>]*name="answer_{key}" value="{value}"[^>]*\bchecked\b'
    return re.search(pattern, page) is not None


def _post_answers(client, assessment, answers, *, revision, action="save"):
    data = {"revision": revision, "action": action}
    data.update({f"answer_{key}": value for key, value in answers.items()})
    return client.post(_url(assessment), data)


def test_care_manager_starts_an_sdoh_screening_on_the_published_version(
    client_for, care_manager, member, versions
):
    client = client_for(care_manager)

    response = client.post(
        reverse("careplans:assessment_start", args=[member.pk]),
        {"kind": "sdoh", "language": "es"},
    )

    assessment = Assessment.objects.get(member=member)
    assert response.status_code == 302
    assert response["Location"] == _url(assessment)
    assert assessment.question_set == versions["sdoh"]
    assert assessment.language == "es"
    assert assessment.started_by == care_manager


def test_spanish_assessment_shows_the_spanish_wording(client_for, care_manager, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"], language="es")

    page = client_for(care_manager).get(_url(assessment)).content.decode()

    assert "¿Cuál es su situación de vivienda hoy?" in page
    assert "Tengo un lugar estable para vivir" in page
    assert "What is your living situation today?" not in page


def test_draft_keeps_answers_across_sittings(client_for, care_manager, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"])
    client = client_for(care_manager)

    response = _post_answers(
        client,
        assessment,
        {"living_situation": "worried", "housing_problems": ["mold"]},
        revision=1,
    )
    assert response.status_code == 302
    response = _post_answers(
        client, assessment, {"living_situation": "worried", "food_worried": "often"}, revision=2
    )
    assert response.status_code == 302

    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.revision == 3
    # the second sitting posted the whole form, so the unticked housing problem is cleared
    assert assessment.answers == {"living_situation": "worried", "food_worried": "often"}
    page = client.get(_url(assessment)).content.decode()
    assert _checked(page, "living_situation", "worried")
    assert _checked(page, "food_worried", "often")
    assert not _checked(page, "housing_problems", "mold")
    assert 'name="revision" value="3"' in page


def test_complete_names_each_missing_required_question(client_for, care_manager, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"])

    response = _post_answers(
        client_for(care_manager),
        assessment,
        {"living_situation": "steady"},
        revision=1,
        action="complete",
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "Answer “Do you live alone?”: this question is required." in page
    assert "Your answers were saved, but the assessment is not complete yet." in page
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.answers == {"living_situation": "steady"}
    assert 'name="revision" value="2"' in page


def test_complete_scores_and_shows_needs_with_z_codes_and_community_supports(
    client_for, care_manager, member, versions
):
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"])
    answers = {**NO_SDOH_NEEDS, "food_worried": "often", "living_situation": "not_steady"}
    client = client_for(care_manager)

    response = _post_answers(client, assessment, answers, revision=1, action="complete")

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED
    assert assessment.completed_by == care_manager
    flagged = {n.need.code: n for n in AssessmentNeed.objects.filter(assessment=assessment)}
    assert set(flagged) == {"food_insecurity", "housing_instability"}
    assert "food worried: often true" in flagged["food_insecurity"].evidence
    page = client.get(_url(assessment)).content.decode()
    assert "Z59.41" in page
    assert "Medically Supportive Food / Medically Tailored Meals" in page
    assert "Transitional Rent" in page
    # Each suggested service links to a referral with the service filled in.
    refer = reverse("referrals:new", args=[member.pk]) + "?service=transitional_rent"
    assert f'href="{refer}">Refer: Transitional Rent</a>' in page
    assert "version 1" in page


def test_completing_refreshes_the_members_clocks_after_commit(
    care_manager, member, versions, django_capture_on_commit_callbacks, monkeypatch
):
    refreshed = []
    monkeypatch.setattr(
        "careplans.clocks.services.refresh_member_clocks",
        lambda *, member_ids, **kw: refreshed.append(member_ids),
    )
    assessment = AssessmentFactory(
        member=member, question_set=versions["sdoh"], answers=NO_SDOH_NEEDS
    )

    with django_capture_on_commit_callbacks(execute=True):
        assessments.complete_assessment(assessment=assessment, revision=1, by=care_manager)

    assert refreshed == [[member.pk]]


def test_second_tab_saving_an_older_revision_is_told_and_sees_its_answers(
    client_for, care_manager, member, versions
):
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"])
    client = client_for(care_manager)
    _post_answers(client, assessment, {"living_situation": "steady"}, revision=1)

    response = _post_answers(client, assessment, {"living_situation": "not_steady"}, revision=1)

    page = response.content.decode()
    assert response.status_code == 409
    assert "changed by someone else" in page
    assert _checked(page, "living_situation", "not_steady")
    assert not _checked(page, "living_situation", "steady")
    assert 'name="revision" value="2"' in page
    assert "What is your living situation today?" in page.split("differs from your answers")[1]
    assessment.refresh_from_db()
    assert assessment.answers == {"living_situation": "steady"}


def test_stale_revision_is_refused_by_the_service(care_manager, member):
    assessment = AssessmentFactory(member=member, question_set=small_question_set())
    assessments.save_answers(
        assessment=assessment, answers={"food_worried": "yes"}, revision=1, by=care_manager
    )
    first_tab = Assessment.objects.get(pk=assessment.pk)
    assessments.save_answers(
        assessment=first_tab, answers={"food_worried": "no"}, revision=2, by=care_manager
    )

    with pytest.raises(assessments.StaleRevision) as stale:
        assessments.save_answers(
            assessment=assessment, answers={"food_worried": "yes"}, revision=2, by=care_manager
        )

    assert stale.value.current.revision == 3
    assert Assessment.objects.get(pk=assessment.pk).answers == {"food_worried": "no"}


def test_completed_assessment_is_read_only_and_keeps_its_version(
    client_for, care_manager, plan_admin, member
):
    old = small_question_set(version=1)
    assessment = AssessmentFactory(member=member, question_set=old, answers={"food_worried": "yes"})
    assessments.complete_assessment(assessment=assessment, revision=1, by=care_manager)
    draft = question_sets.new_version(kind=old.kind, by=plan_admin)
    question_sets.publish(question_set=draft, by=plan_admin)
    client = client_for(care_manager)

    response = _post_answers(client, assessment, {"food_worried": "no"}, revision=2)
    page = client.get(_url(assessment)).content.decode()

    assert response.status_code == 302
    assert "can no longer be changed" in page
    assessment.refresh_from_db()
    assert assessment.answers == {"food_worried": "yes"}
    assert assessment.question_set == old
    assert "version 1" in page and "(retired)" in page
    assert 'name="answer_food_worried"' not in page
    assert "English wording of food_worried?" in page


def test_draft_started_before_publishing_keeps_its_version_and_completes(
    plan_admin, care_manager, member
):
    old = small_question_set(version=1)
    assessment = assessments.start_assessment(
        member=member, kind=old.kind, language="en", by=care_manager
    )
    draft = question_sets.new_version(kind=old.kind, by=plan_admin)
    QuestionFactory(question_set=draft, key="new_required_question", domain="food")
    question_sets.publish(question_set=draft, by=plan_admin)

    assessments.save_answers(
        assessment=assessment, answers={"food_worried": "yes"}, revision=1, by=care_manager
    )
    assessments.complete_assessment(assessment=assessment, revision=2, by=care_manager)
    newer = assessments.start_assessment(
        member=member, kind=old.kind, language="en", by=care_manager
    )

    assert assessment.question_set == old
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.COMPLETED
    assert newer.question_set == draft
    draft.refresh_from_db()
    assert draft.status == QuestionSetStatus.PUBLISHED


def test_member_page_section_lists_assessments_with_start_buttons(
    client_for, care_manager, member, versions
):
    done = AssessmentFactory(
        member=member,
        question_set=versions["sdoh"],
        answers={**NO_SDOH_NEEDS, "lives_alone": "yes"},
    )
    assessments.complete_assessment(assessment=done, revision=1, by=care_manager)
    AssessmentFactory(member=member, question_set=versions["hra"])
    client = client_for(care_manager)

    page = client.get(
        reverse("careplans:member_assessments", args=[member.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()

    assert "Start HRA" in page and "Start SDOH screening" in page
    assert "Lives alone" in page and "Z60.2" in page
    assert "In progress" in page and "Completed" in page
    assert "v1" in page
    detail = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert reverse("careplans:member_assessments", args=[member.pk]) in detail


def test_viewing_an_assessment_writes_an_access_log_row(client_for, care_manager, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["hra"])

    client_for(care_manager).get(_url(assessment))

    row = AccessLog.objects.get(member=member)
    assert (row.user, row.viewed) == (care_manager, "assessments")


def test_cbo_staff_get_404_on_the_answers_and_on_every_write(
    client_for, cbo_user, member, versions
):
    """Least necessary (issue 10): a CBO partner sees the flagged needs, never the answers."""
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"])
    client = client_for(cbo_user)

    assert client.get(_url(assessment)).status_code == 404
    start = client.post(
        reverse("careplans:assessment_start", args=[member.pk]), {"kind": "sdoh", "language": "en"}
    )
    save = _post_answers(client, assessment, {"living_situation": "worried"}, revision=1)

    assert (start.status_code, save.status_code) == (404, 404)
    assert Assessment.objects.filter(member=member).count() == 1


def test_another_care_managers_member_is_404(client_for, other_care_manager, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"])

    assert client_for(other_care_manager).get(_url(assessment)).status_code == 404


def test_another_members_assessment_is_404_under_this_member(
    client_for, care_manager, member, versions
):
    elsewhere = AssessmentFactory(
        member=MemberFactory(care_manager=care_manager), question_set=versions["sdoh"]
    )

    url = reverse("careplans:assessment", args=[member.pk, elsewhere.pk])
    assert client_for(care_manager).get(url).status_code == 404


def _queries(client, url, **headers) -> int:
    """Queries of a second GET (the first one after logging in also rewrites the session)."""
    client.get(url, **headers)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **headers).status_code == 200
    return len(captured)


def test_section_query_count_does_not_grow_with_assessments(
    client_for, care_manager, member, versions
):
    client = client_for(care_manager)
    url = reverse("careplans:member_assessments", args=[member.pk])
    first = AssessmentFactory(member=member, question_set=versions["sdoh"], answers=NO_SDOH_NEEDS)
    assessments.complete_assessment(assessment=first, revision=1, by=care_manager)
    few = _queries(client, url, HTTP_HX_REQUEST="true")
    for _ in range(4):
        more = AssessmentFactory(
            member=member,
            question_set=versions["sdoh"],
            answers={**NO_SDOH_NEEDS, "lives_alone": "yes", "transportation": "yes"},
        )
        assessments.complete_assessment(assessment=more, revision=1, by=care_manager)
    AssessmentFactory(member=member, question_set=versions["hra"])

    assert _queries(client, url, HTTP_HX_REQUEST="true") == few == 6  # door: one statement


def test_form_query_count_does_not_grow_with_answers(client_for, care_manager, member, versions):
    client = client_for(care_manager)
    empty = AssessmentFactory(member=member, question_set=versions["sdoh"])
    full = AssessmentFactory(member=member, question_set=versions["sdoh"], answers=NO_SDOH_NEEDS)

    assert _queries(client, _url(empty)) == _queries(client, _url(full)) == 6


def test_none_of_these_cannot_be_stored_with_another_answer(
    client_for, care_manager, member, versions
):
    """Issue 13, bug 6: the HRA stored "Diabetes" together with "None of these"."""
    assessment = AssessmentFactory(member=member, question_set=versions["hra"])
    client = client_for(care_manager)

    response = _post_answers(
        client, assessment, {"chronic_conditions": ["diabetes", "none"]}, revision=1
    )

    assert response.status_code == 422
    assert "“None of these” cannot be chosen together with other answers." in (
        response.content.decode()
    )
    assessment.refresh_from_db()
    assert assessment.answers.get("chronic_conditions") is None
    assert _post_answers(client, assessment, {"chronic_conditions": ["none"]}, revision=1)
    assessment.refresh_from_db()
    assert assessment.answers["chronic_conditions"] == ["none"]


def test_the_service_refuses_an_exclusive_choice_with_others_too(care_manager, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["hra"])

    with pytest.raises(assessments.ValidationError) as refused:
        assessments.save_answers(
            assessment=assessment,
            answers={"chronic_conditions": ["none", "asthma"]},
            revision=1,
            by=care_manager,
        )

    assert "chronic_conditions" in refused.value.message_dict


@pytest.mark.parametrize(("preferred", "selected"), [("es", "es"), ("en", "en"), ("zh", "en")])
def test_the_start_form_offers_the_members_preferred_language_first(
    client_for, care_manager, versions, preferred, selected
):
    """Issue 13, bug 11: a Spanish-speaking member's assessment defaulted to English."""
    member = MemberFactory(care_manager=care_manager, preferred_language=preferred)

    response = client_for(care_manager).get(
        reverse("careplans:member_assessments", args=[member.pk]), HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert f'<option value="{selected}" selected>' in page
    assert page.count(" selected>") == 1
