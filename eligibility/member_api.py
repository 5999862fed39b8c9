"""REST API for one member's eligibility: the same selectors and services as the member page.

GET answers what the page's eligibility section shows and writes an access-log row; POSTs
confirm or override a population (enrollment has its own API, careplans/outreach/api.py). A
member the caller may not see is a 404, and so is a POST by someone who may see the member but
not decide (CBO staff).
"""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability, DataCategory
from members.models import Program

from . import reviews
from .member_views import ACCESS_LOG_VIEW
from .models import DeterminationReview, EvaluationRun, ReviewDecision
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


class MemberEligibilitySerializer(serializers.Serializer):
    member_id = serializers.IntegerField(source="member.pk")
    program = serializers.CharField(source="member.program")
    run = MemberEvaluationRunSerializer(
        allow_null=True, help_text="The current run; null before any."
    )
    evaluated = serializers.BooleanField(help_text="The member was in the current run.")
    populations = PopulationStatusSerializer(many=True, read_only=True)
    no_longer_eligible = LostPopulationSerializer(many=True, read_only=True)
    nearest_miss = serializers.CharField(help_text="Evidence of the nearest miss, if none.")
    reviews = ReviewSerializer(many=True, read_only=True, help_text="Every review, newest first.")


class ReviewRequestSerializer(serializers.Serializer):
    program = serializers.ChoiceField(choices=Program.choices, required=False)
    population = serializers.ChoiceField(choices=POPULATION_CHOICES)
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Required for overrides."
    )


class PopulationOfFocusSerializer(serializers.Serializer):
    program = serializers.CharField()
    population = serializers.CharField(source="code")
    title = serializers.CharField()


class MemberPopulationsSerializer(serializers.Serializer):
    """What a CBO partner gets: the populations of focus by name, no evidence."""

    member_id = serializers.IntegerField(read_only=True)
    populations = PopulationOfFocusSerializer(many=True, read_only=True)


class MemberEligibilityApi(APIView):
    """The member's determinations in the current run and reviews; logged. A CBO partner gets
    the populations of focus by name only (least necessary)."""

    @extend_schema(
        responses=PolymorphicProxySerializer(
            component_name="MemberEligibilityForReader",
            serializers=[MemberEligibilitySerializer, MemberPopulationsSerializer],
            resource_type_field_name=None,
        )
    )
    def get(self, request, member_id: int):
        if not access.may_see(request.user, DataCategory.ELIGIBILITY_EVIDENCE):
            member = access.access_member(
                request, member_id, log_as=ACCESS_LOG_VIEW, category=DataCategory.POPULATIONS
            )
            populations = reviews.populations_of_focus(member, reader=request.user)
            data = {"member_id": member.pk, "populations": populations}
            return Response(MemberPopulationsSerializer(data).data)
        member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
        eligibility = reviews.member_eligibility(member)
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
        review = reviews.review_determination(
            member=member,
            program=data.get("program", member.program),
            population=data["population"],
            decision=data["decision"],
            reason=data.get("reason", ""),
            by=request.user,
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)
