"""The assessment API: list, read, start, save with a revision, complete."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from careplans.models import Assessment, AssessmentStatus
from tests.careplans.assessment_factories import AssessmentFactory
from tests.careplans.test_scoring import NO_SDOH_NEEDS
from tests.factories import MemberFactory, share_with_cbo


@pytest.fixture
def member(care_manager, cbo_user):
    return share_with_cbo(MemberFactory(care_manager=care_manager), cbo_user.organization)


def _url(name, assessment):
    return reverse(f"api:{name}", args=[assessment.member_id, assessment.pk])


def test_start_and_read_a_spanish_sdoh_screening(client_for, care_manager, member, versions):
    client = client_for(care_manager)

    created = client.post(
        reverse("api:member-assessments", args=[member.pk]),
        {"kind": "sdoh", "language": "es"},
        content_type="application/json",
    )

    assert created.status_code == 201
    body = created.json()
    assert (body["kind"], body["version"], body["status"], body["revision"]) == (
        "sdoh",
        1,
        "draft",
        1,
    )
    first = body["questions"][0]
    assert first["text"] == "¿Cuál es su situación de vivienda hoy?"
    assert first["choices"][0] == {"value": "steady", "label": "Tengo un lugar estable para vivir"}
    listed = client.get(reverse("api:member-assessments", args=[member.pk])).json()
    assert [a["id"] for a in listed] == [body["id"]]


def test_save_answers_then_stale_revision_is_409(client_for, care_manager, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"])
    client = client_for(care_manager)
    url = _url("member-assessment-answers", assessment)

    saved = client.post(
        url,
        {"revision": 1, "answers": {"living_situation": "worried"}},
        content_type="application/json",
    )
    stale = client.post(
        url,
        {"revision": 1, "answers": {"living_situation": "steady"}},
        content_type="application/json",
    )

    assert saved.status_code == 200
    assert saved.json()["revision"] == 2
    assert saved.json()["answers"] == {"living_situation": "worried"}
    assert stale.status_code == 409
    assert stale.json()["current_revision"] == 2
    assert "changed by someone else" in stale.json()["detail"]
    assessment.refresh_from_db()
    assert assessment.answers == {"living_situation": "worried"}


def test_impossible_answer_is_400_naming_the_question(client_for, care_manager, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"])

    response = client_for(care_manager).post(
        _url("member-assessment-answers", assessment),
        {"revision": 1, "answers": {"living_situation": "castle"}},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "living_situation" in response.json()["answers"]


def test_complete_with_missing_answers_is_400_naming_them(
    client_for, care_manager, member, versions
):
    assessment = AssessmentFactory(
        member=member, question_set=versions["sdoh"], answers={"living_situation": "steady"}
    )

    response = client_for(care_manager).post(
        _url("member-assessment-complete", assessment),
        {"revision": 1},
        content_type="application/json",
    )

    assert response.status_code == 400
    missing = response.json()["missing"]
    assert "lives_alone" in missing and "living_situation" not in missing
    assert missing["lives_alone"] == "Answer “Do you live alone?”: this question is required."
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.DRAFT


def test_complete_returns_flagged_needs(client_for, care_manager, member, versions):
    assessment = AssessmentFactory(
        member=member,
        question_set=versions["sdoh"],
        answers={**NO_SDOH_NEEDS, "food_worried": "sometimes"},
    )

    response = client_for(care_manager).post(
        _url("member-assessment-complete", assessment),
        {"revision": 1},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed"
    [need] = body["needs"]
    assert need["code"] == "food_insecurity"
    assert need["icd10_codes"] == "Z59.41"
    assert need["community_supports"] == ["medically_tailored_meals"]
    assert need["evidence"] == "food worried: sometimes true"


def test_reading_an_assessment_writes_an_access_log_row(client_for, supervisor, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["hra"])

    response = client_for(supervisor).get(_url("member-assessment", assessment))

    assert response.status_code == 200
    assert AccessLog.objects.filter(member=member, user=supervisor).count() == 1


def test_cbo_staff_get_404_on_the_answers_and_on_writes(client_for, cbo_user, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"])
    client = client_for(cbo_user)

    assert client.get(_url("member-assessment", assessment)).status_code == 404
    needs_only = client.get(reverse("api:member-assessments", args=[member.pk])).json()
    assert needs_only == []  # a draft flagged nothing; no answers either way
    start = client.post(
        reverse("api:member-assessments", args=[member.pk]),
        {"kind": "sdoh"},
        content_type="application/json",
    )
    save = client.post(
        _url("member-assessment-answers", assessment),
        {"revision": 1, "answers": {"living_situation": "worried"}},
        content_type="application/json",
    )
    complete = client.post(
        _url("member-assessment-complete", assessment),
        {"revision": 1},
        content_type="application/json",
    )

    assert (start.status_code, save.status_code, complete.status_code) == (404, 404, 404)
    assessment.refresh_from_db()
    assert assessment.answers == {}


def test_another_care_managers_member_is_404(client_for, other_care_manager, member, versions):
    assessment = AssessmentFactory(member=member, question_set=versions["sdoh"])

    assert (
        client_for(other_care_manager).get(_url("member-assessment", assessment)).status_code == 404
    )
