"""One DRF exception handler turns the services' Django ValidationError into a 400 (core.api_errors)."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from careplans.assessments.question_sets import QuestionSetLocked
from careplans.models import AssessmentStatus
from core.api_errors import exception_handler
from tests.careplans.assessment_factories import AssessmentFactory
from tests.factories import MemberFactory


class UploadView:
    validation_error_field = "file"


def handled(error, view=None):
    return exception_handler(error, {"view": view})


def test_field_errors_answer_400_by_field():
    response = handled(ValidationError({"due_on": "is in the past", "__all__": "plan closed"}))

    assert response.status_code == 400
    assert response.data == {"due_on": ["is in the past"], "non_field_errors": ["plan closed"]}


def test_a_message_without_a_field_answers_as_non_field_errors():
    response = handled(ValidationError("Select at least one member."))

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Select at least one member."]}


def test_a_view_can_report_its_errors_under_one_request_field():
    response = handled(ValidationError("The file is 2.0 MB; the limit is 1.0 MB."), UploadView())

    assert response.data == {"file": ["The file is 2.0 MB; the limit is 1.0 MB."]}


def test_an_apps_domain_error_that_subclasses_validation_error_is_a_400_too():
    response = handled(QuestionSetLocked("Version 2 is published and cannot be changed."))

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Version 2 is published and cannot be changed."]}


def test_other_exceptions_are_left_to_drf():
    assert handled(KeyError("not ours")) is None


def test_completing_a_completed_assessment_over_the_api_is_a_400_with_the_message(
    client_for, care_manager
):
    member = MemberFactory(care_manager=care_manager)
    assessment = AssessmentFactory(member=member, status=AssessmentStatus.COMPLETED)

    response = client_for(care_manager).post(
        reverse("api:member-assessment-complete", args=[member.pk, assessment.pk]),
        {"revision": assessment.revision},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This assessment is already completed."]}
