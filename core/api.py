"""Import job status over the API, for scripted feeds that upload and then poll."""

from abc import ABC, abstractmethod

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from . import import_jobs
from .api_schema import PortalPagination
from .models import ImportJob, ImportProblem
from .selectors import import_job_for, live_progress_percent, problems_of

CONFLICT = OpenApiResponse(description="The job or run is not in a state that allows this.")


class ImportJobSerializer(serializers.ModelSerializer):
    progress_percent = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "status",
            "stage",
            "progress_percent",
            "source_name",
            "size_bytes",
            "created_at",
            "started_at",
            "finished_at",
            "rows_total",
            "created_count",
            "updated_count",
            "unchanged_count",
            "problem_count",
            "message",
            "can_retry",
        ]
        read_only_fields = ["can_retry"]

    can_retry = serializers.BooleanField(read_only=True)

    def get_progress_percent(self, job) -> int:
        return live_progress_percent(job)


class ImportProblemSerializer(serializers.ModelSerializer):
    text = serializers.CharField(source="__str__")

    class Meta:
        model = ImportProblem
        fields = ["line", "column", "reason", "text"]


class ImportJobApi(generics.RetrieveAPIView):
    serializer_class = ImportJobSerializer

    def get_object(self):
        import_jobs.interrupt_silent_jobs()
        return import_job_for(self.request.user, self.kwargs["job_id"])


class ImportJobRetryApi(APIView):
    """Queue an interrupted job again with its kept file: 202 with the job; 409 when it cannot be
    retried (not interrupted, or its file is gone); 503 when the task queue is unavailable."""

    @extend_schema(request=None, responses={202: ImportJobSerializer, 409: CONFLICT})
    def post(self, request, job_id: int):
        job = import_job_for(request.user, job_id)
        try:
            job = import_jobs.retry_job(job)
        except DjangoValidationError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportProblemsApi(generics.ListAPIView):
    serializer_class = ImportProblemSerializer

    def get_queryset(self):
        return problems_of(import_job_for(self.request.user, self.kwargs["job_id"]))


class FileImportApi(ABC, APIView):
    """Upload a contract file as multipart `file`; 202 with the job to poll at /api/imports/{id}/.

    Subclasses say who may upload and which service starts the job; a user who may not gets 404.
    """

    parser_classes = [MultiPartParser]
    file_name = "the file"
    validation_error_field = "file"  # a refused upload (too large) is the file's error

    @abstractmethod
    def may_upload(self, user) -> bool: ...

    @abstractmethod
    def start(self, *, uploaded_file, by) -> ImportJob: ...

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={202: ImportJobSerializer},
    )
    def post(self, request):
        if not self.may_upload(request.user):
            raise Http404
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise ValidationError(
                {"file": f"Attach {self.file_name} as the multipart field 'file'."}
            )
        job = self.start(uploaded_file=uploaded, by=request.user)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


def paginated_response(view, items, serializer_class, *, describe=None, context=None) -> Response:
    """One page the way every list API of the portal answers: DRF's count/next/previous/results.

    `describe` turns the page's raw rows into what the serializer reads (labels, names)."""
    paginator = PortalPagination()
    page = paginator.paginate_queryset(items, view.request, view=view)
    rows = describe(page) if describe else page
    data = serializer_class(rows, many=True, context=context or {}).data
    return paginator.get_paginated_response(data)
