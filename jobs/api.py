"""REST API for the Nightly jobs page: GET /api/jobs/runs/ (recorded runs, newest first, with
?job= to pick one job), POST /api/jobs/{name}/run/ queues a job now (202). Plan admins only."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access.capabilities import Capability, may

from . import selectors, services
from .models import JobRun


class JobRunSerializer(serializers.ModelSerializer):
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)
    requested_by = serializers.CharField(source="requested_by.username", default=None)

    class Meta:
        model = JobRun
        fields = ["id", "job", "as_of", "status", "started_at", "finished_at", "duration_seconds",
                  "rows", "error", "requested_by"]  # fmt: skip


class JobRunsApi(generics.ListAPIView):
    serializer_class = JobRunSerializer

    @extend_schema(parameters=[OpenApiParameter("job", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not may(self.request.user, Capability.RUN_JOBS):
            raise Http404
        runs = selectors.job_runs()
        if job := self.request.query_params.get("job"):
            runs = runs.filter(job=job)
        return runs


class RunJobNowApi(APIView):
    @extend_schema(request=None, responses={202: None})
    def post(self, request, job_name: str):
        if not may(request.user, Capability.RUN_JOBS):
            raise Http404
        job = services.run_now(name=job_name)
        return Response({"job": job.name, "queued": True}, status=status.HTTP_202_ACCEPTED)
