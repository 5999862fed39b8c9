"""REST API over the same services and selectors as the runs page and the worklist.

- POST /api/eligibility/runs/ {as_of} queues an evaluation: 202 with the run to poll at
  /api/eligibility/runs/{id}/; GET lists the runs. Plan admins only (anyone else: 404).
- GET /api/eligibility/runs/{id}/determinations.csv: the contract's export of a succeeded run.
- GET /api/eligibility/worklist/?population=&county=&plan_product=&sort=&page=: newly eligible
  members without a care manager (supervisors and plan admins). None of these parameters
  identifies a member; assign the members with POST /api/members/assign/.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability
from audit.models import AccessLog
from core.dates import validate_as_of
from members.api import LoggedMemberPage
from members.models import Member

from . import evaluation, services, worklist
from .models import Determination, EvaluationRun
from .run_views import determinations_response


class EvaluationRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(
        source="requested_by.username", default=None, allow_null=True, read_only=True
    )
    is_finished = serializers.BooleanField(read_only=True)
    can_retry = serializers.BooleanField(read_only=True)
    determinations_url = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRun
        fields = [
            "id",
            "as_of",
            "rule_version",
            "status",
            "stage",
            "progress_percent",
            "is_finished",
            "requested_by",
            "started_at",
            "finished_at",
            "members_evaluated",
            "eligible_members",
            "newly_eligible_members",
            "message",
            "can_retry",
            "determinations_url",
        ]

    def get_determinations_url(self, run) -> str | None:
        if run.status != EvaluationRun.Status.SUCCEEDED:
            return None
        return reverse("api:eligibility-run-determinations", kwargs={"run_id": run.pk})


class EvaluateSerializer(serializers.Serializer):
    as_of = serializers.DateField(input_formats=["%Y-%m-%d"])

    def validate_as_of(self, day):
        validate_as_of(day)
        return day


class EvaluationRunsApi(generics.ListAPIView):
    """Evaluation runs, newest first; POST {as_of} queues a new one (202)."""

    serializer_class = EvaluationRunSerializer

    def get_queryset(self):
        access.require(self.request.user, Capability.RUN_EVALUATION)
        return worklist.evaluation_runs()

    @extend_schema(request=EvaluateSerializer, responses={202: EvaluationRunSerializer})
    def post(self, request):
        access.require(request.user, Capability.RUN_EVALUATION)
        body = EvaluateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        run = services.start_evaluation(as_of=body.validated_data["as_of"], by=request.user)
        return Response(EvaluationRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class EvaluationRunApi(generics.RetrieveAPIView):
    """One run: stage and progress while it runs, then its counts."""

    serializer_class = EvaluationRunSerializer

    def get_object(self):
        evaluation.interrupt_silent_runs()
        return worklist.access_run(self.request.user, self.kwargs["run_id"])


class EvaluationRunRetryApi(APIView):
    """Queue an interrupted run again: 202 with the run; 409 when it is not interrupted; 503 when
    the task queue is unavailable."""

    @extend_schema(
        request=None,
        responses={
            202: EvaluationRunSerializer,
            409: OpenApiResponse(description="The run is not interrupted."),
        },
    )
    def post(self, request, run_id: int):
        run = worklist.access_run(request.user, run_id)
        try:
            run = services.retry_evaluation(run=run)
        except DjangoValidationError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
        return Response(EvaluationRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunDeterminationsApi(APIView):
    """determinations.csv of a succeeded run (text/csv); 409 while it runs or when it failed."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def get(self, request, run_id: int):
        run = worklist.access_run(request.user, run_id)
        access.require(request.user, Capability.EXPORT)
        if run.status != EvaluationRun.Status.SUCCEEDED:
            return Response(
                {"detail": f"Evaluation #{run.pk} is {run.get_status_display().lower()}."},
                status=status.HTTP_409_CONFLICT,
            )
        return determinations_response(request, run)


class NewPopulationSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()

    class Meta:
        model = Determination
        fields = ["program", "population", "title", "evidence"]

    def get_title(self, determination) -> str:
        return determination.population_title


class WorklistPopulationSerializer(NewPopulationSerializer):
    class Meta(NewPopulationSerializer.Meta):
        fields = [*NewPopulationSerializer.Meta.fields, "is_new"]


class WorklistMemberSerializer(serializers.ModelSerializer):
    populations = WorklistPopulationSerializer(many=True, read_only=True)
    new_populations = serializers.SerializerMethodField()
    as_of = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "cin",
            "last_name",
            "first_name",
            "program",
            "county",
            "plan_product",
            "populations",
            "new_populations",
            "as_of",
        ]

    @extend_schema_field(NewPopulationSerializer(many=True))
    def get_new_populations(self, member) -> list:
        """The populations the previous evaluation did not find (a subset of `populations`)."""
        new = [d for d in member.populations if d.is_new]
        return NewPopulationSerializer(new, many=True).data

    def get_as_of(self, member) -> str:
        return self.context["run"].as_of.isoformat()


class WorklistApi(LoggedMemberPage, generics.ListAPIView):
    """Eligible members without a care manager after the current evaluation; `new_only=true`
    keeps those with a population the previous evaluation did not find."""

    serializer_class = WorklistMemberSerializer
    access_log_view = AccessLog.View.WORKLIST

    @extend_schema(
        parameters=[
            OpenApiParameter("population", str),
            OpenApiParameter("new_only", bool),
            OpenApiParameter("county", str),
            OpenApiParameter("plan_product", str),
            OpenApiParameter("sort", str, enum=list(worklist.SORTS)),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        access.require(self.request.user, Capability.VIEW_WORKLIST)
        params = {k: v for k, v in self.request.query_params.items() if k != "page"}
        work = worklist.worklist_filter(user=self.request.user, data=params)
        if work.is_bound and not work.is_valid():
            raise ValidationError(work.errors)
        self.run = work.run
        if work.run is None:
            return work.qs
        return worklist.with_populations(work.qs, work.run)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "run": getattr(self, "run", None)}
