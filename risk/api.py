"""REST API over the same services and selectors as the risk pages.

- GET /api/members/{id}/risk/: the member's current tier with its facts and evidence, and the
  tier history (plan staff who may see the member; writes the access log).
- GET /api/risk/rising/: members whose tier rose in the latest stratification, unassigned first
  (supervisors and plan admins).
- GET /api/risk/runs/, POST {as_of}: stratifications; POST queues one (202) to poll at
  /api/risk/runs/{id}/ (plan admins). Anyone else gets 404.
The tier, score and rising flag of every member are also in /api/members/ (risk_tier, ...).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability
from members.models import Member

from . import selectors, services, worklist
from .member_views import ACCESS_LOG_VIEW
from .models import MemberRisk, StratificationRun


class MemberRiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberRisk
        exclude = ["id", "member", "run"]


class MemberRiskHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberRisk
        fields = ["as_of", "tier", "score", "rising"]


class MemberRiskResponseSerializer(serializers.Serializer):
    current = MemberRiskSerializer(allow_null=True)
    history = MemberRiskHistorySerializer(many=True)


class MemberRiskApi(APIView):
    """The member's latest tier, every fact that decided it, and the tier history."""

    @extend_schema(responses=MemberRiskResponseSerializer)
    def get(self, request, member_id: int):
        member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
        history = selectors.member_risk_history(member)
        return Response(
            MemberRiskResponseSerializer(
                {"current": history[0] if history else None, "history": history}
            ).data
        )


class RisingMemberSerializer(serializers.ModelSerializer):
    care_manager = serializers.CharField(source="care_manager.username", default=None)

    class Meta:
        model = Member
        fields = ["id", "cin", "last_name", "first_name", "county", "program", "risk_tier",
                  "risk_score", "care_manager"]  # fmt: skip


class RisingRiskApi(generics.ListAPIView):
    """Members whose tier rose in the latest stratification, unassigned first."""

    serializer_class = RisingMemberSerializer

    def get_queryset(self):
        if not access.may(self.request.user, Capability.VIEW_WORKLIST):
            raise Http404
        return worklist.rising_members(self.request.user)


class StratificationRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username", default=None)
    is_finished = serializers.BooleanField(read_only=True)
    low_members = serializers.IntegerField(read_only=True)

    class Meta:
        model = StratificationRun
        fields = [
            "id", "as_of", "rule_version", "status", "stage", "progress_percent", "is_finished",
            "requested_by", "started_at", "finished_at", "members_stratified", "high_members",
            "medium_members", "low_members", "rising_members", "message",
        ]  # fmt: skip


class StratifySerializer(serializers.Serializer):
    as_of = serializers.DateField(input_formats=["%Y-%m-%d"])

    def validate_as_of(self, value):
        try:
            return services.check_as_of(value)
        except services.BadAsOf as error:
            raise serializers.ValidationError(str(error)) from None


class StratificationRunsApi(generics.ListAPIView):
    """Stratifications, newest first; POST {as_of} queues a new one (202)."""

    serializer_class = StratificationRunSerializer

    def get_queryset(self):
        if not access.may(self.request.user, Capability.RUN_EVALUATION):
            raise Http404
        return selectors.stratification_runs()

    @extend_schema(request=StratifySerializer, responses={202: StratificationRunSerializer})
    def post(self, request):
        if not access.may(request.user, Capability.RUN_EVALUATION):
            raise Http404
        body = StratifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        run = services.start_stratification(as_of=body.validated_data["as_of"], by=request.user)
        return Response(StratificationRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class StratificationRunApi(generics.RetrieveAPIView):
    """One stratification: stage and progress while it runs, then its counts."""

    serializer_class = StratificationRunSerializer

    def get_object(self):
        if not access.may(self.request.user, Capability.RUN_EVALUATION):
            raise Http404
        return get_object_or_404(
            selectors.stratification_runs(), pk=self.kwargs["stratification_id"]
        )
