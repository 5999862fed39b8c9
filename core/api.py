"""Import job status over the API, for scripted feeds that upload and then poll."""

from rest_framework import generics, serializers

from .models import ImportJob, ImportProblem
from .permissions import import_job_for
from .selectors import live_progress_percent, problems_of


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
        ]

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
        return import_job_for(self.request.user, self.kwargs["job_id"])


class ImportProblemsApi(generics.ListAPIView):
    serializer_class = ImportProblemSerializer

    def get_queryset(self):
        return problems_of(import_job_for(self.request.user, self.kwargs["job_id"]))
