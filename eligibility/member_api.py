"""REST API for one member's eligibility: the same selectors and services as the member page.

GET answers what the page's eligibility section shows and writes an access-log row; POSTs
confirm or override a population and move the enrollment along. A member the caller may not see
is a 404, and so is a POST by someone who may see the member but not decide (CBO staff).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability, DataCategory
from members.models import Program

from . import enrollment, reviews
from .member_views import ACCESS_LOG_VIEW
from .models import (
    DeterminationReview,
    DisenrollmentReason,
    EnrollmentStatus,
    EnrollmentTransition,
    EvaluationRun,
    ProgramEnrollment,
    ReviewDecision,
)
from .rules import POPULATION_CHOICES


class MemberEvaluationRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationRun
        fields = ["id", "as_of", "rule_version", "previous_run"]


class ReviewSerializer(serializers.ModelSerializer):
    reviewed_by = serializers.CharField(source="reviewed_by.username")
    reviewed_by_name = serializers.CharField(source="reviewed_by.get_full_name")

    class Meta:
        model = DeterminationReview
        fields = [
            "id",
            "program",
            "population",
            "decision",
            "reason",
            "determination",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_at",
        ]


class PopulationStatusSerializer(serializers.Serializer):
    program = serializers.CharField()
    population = serializers.CharField(source="code")
    title = serializers.CharField()
    status = serializers.CharField(help_text="In force: an override wins, else the engine's.")
    engine_status = serializers.CharField()
    evidence = serializers.CharField(help_text="Empty when only an override makes it eligible.")
    is_new = serializers.BooleanField(help_text="Eligible now and not in the previous run.")
    review = ReviewSerializer(allow_null=True, help_text="The latest review, in force.")


class LostPopulationSerializer(serializers.Serializer):
    program = serializers.CharField()
    population = serializers.CharField(source="code")
    title = serializers.CharField()
    previous_evidence = serializers.CharField()


class TransitionSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.username", default=None)

    class Meta:
        model = EnrollmentTransition
        fields = [
            "from_status",
            "to_status",
            "effective_on",
            "reason",
            "note",
            "changed_by",
            "changed_at",
        ]


class EnrollmentSerializer(serializers.ModelSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)
    next_statuses = serializers.SerializerMethodField()

    class Meta:
        model = ProgramEnrollment
        fields = [
            "id",
            "program",
            "status",
            "identified_on",
            "outreach_started_on",
            "enrolled_on",
            "ended_on",
            "end_reason",
            "end_reason_text",
            "next_statuses",
            "transitions",
        ]

    def get_next_statuses(self, episode) -> list[str]:
        return list(enrollment.next_statuses(episode)) if episode.is_open else []


class MemberEligibilitySerializer(serializers.Serializer):
    member_id = serializers.IntegerField(source="member.pk")
    program = serializers.CharField(source="member.program")
    run = MemberEvaluationRunSerializer(
        allow_null=True, help_text="The current run; null before any."
    )
    evaluated = serializers.BooleanField(help_text="The member was in the current run.")
    populations = PopulationStatusSerializer(many=True)
    no_longer_eligible = LostPopulationSerializer(many=True)
    nearest_miss = serializers.CharField(help_text="Evidence of the nearest miss, if none.")
    reviews = ReviewSerializer(many=True, help_text="Every review, newest first.")
    enrollments = EnrollmentSerializer(many=True)


class ReviewRequestSerializer(serializers.Serializer):
    program = serializers.ChoiceField(choices=Program.choices, required=False)
    population = serializers.ChoiceField(choices=POPULATION_CHOICES)
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Required for overrides."
    )


class EnrollmentChangeRequestSerializer(serializers.Serializer):
    program = serializers.ChoiceField(choices=Program.choices, required=False)
    to_status = serializers.ChoiceField(choices=EnrollmentStatus.choices)
    effective_on = serializers.DateField(help_text="Not in the future, not before the last change.")
    reason = serializers.ChoiceField(
        choices=DisenrollmentReason.choices,
        required=False,
        allow_blank=True,
        help_text="Required to disenroll.",
    )
    reason_text = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Required for reason other."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


def _as_api_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class MemberEligibilityApi(APIView):
    """The member's determinations in the current run, reviews and enrollment; logged."""

    @extend_schema(responses=MemberEligibilitySerializer)
    def get(self, request, member_id: int):
        member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
        eligibility = reviews.member_eligibility(member)
        eligibility.enrollments = enrollment.member_enrollments(member)
        return Response(MemberEligibilitySerializer(eligibility).data)


class MemberReviewApi(APIView):
    """Confirm a population's determination, or override it (a reason is required)."""

    @extend_schema(request=ReviewRequestSerializer, responses={201: ReviewSerializer})
    def post(self, request, member_id: int):
        member = access.access_member(
            request, member_id, capability=Capability.REVIEW_ELIGIBILITY, log_as=ACCESS_LOG_VIEW
        )
        body = ReviewRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            review = reviews.review_determination(
                member=member,
                program=data.get("program", member.program),
                population=data["population"],
                decision=data["decision"],
                reason=data.get("reason", ""),
                by=request.user,
            )
        except DjangoValidationError as error:
            raise _as_api_error(error) from None
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class MemberEnrollmentApi(APIView):
    """The member's enrollment episodes with their transitions; POST records the next step."""

    @extend_schema(responses=EnrollmentSerializer(many=True))
    def get(self, request, member_id: int):
        member = access.access_member(
            request, member_id, log_as=ACCESS_LOG_VIEW, category=DataCategory.ENROLLMENT
        )
        episodes = enrollment.member_enrollments(member)
        return Response(EnrollmentSerializer(episodes, many=True).data)

    @extend_schema(request=EnrollmentChangeRequestSerializer, responses={201: EnrollmentSerializer})
    def post(self, request, member_id: int):
        member = access.access_member(
            request, member_id, capability=Capability.MANAGE_ENROLLMENT, log_as=ACCESS_LOG_VIEW
        )
        body = EnrollmentChangeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            episode = enrollment.change_enrollment(
                member=member,
                program=data.get("program", member.program),
                to_status=data["to_status"],
                effective_on=data["effective_on"],
                reason=data.get("reason", ""),
                reason_text=data.get("reason_text", ""),
                note=data.get("note", ""),
                by=request.user,
            )
        except DjangoValidationError as error:
            raise _as_api_error(error) from None
        episode = next(e for e in enrollment.member_enrollments(member) if e.pk == episode.pk)
        return Response(EnrollmentSerializer(episode).data, status=status.HTTP_201_CREATED)
