"""REST API over the same services as the pages: upload diagnoses.csv or utilization.csv."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ImportJobSerializer
from core.models import ImportJob

from . import services
from .permissions import can_import_clinical_data


class ClinicalImportApi(APIView):
    """Upload a contract file; answers 202 with the job to poll at /api/imports/{id}/."""

    parser_classes = [MultiPartParser]
    kind: str = ""
    file_name: str = ""

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
        if not can_import_clinical_data(request.user):
            raise Http404
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise ValidationError(
                {"file": f"Attach {self.file_name} as the multipart field 'file'."}
            )
        try:
            job = services.start_clinical_import(
                kind=self.kind, uploaded_file=uploaded, by=request.user
            )
        except DjangoValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class DiagnosesImportApi(ClinicalImportApi):
    """Upload diagnoses.csv; answers 202 with the job to poll at /api/imports/{id}/."""

    kind = ImportJob.Kind.DIAGNOSES
    file_name = "diagnoses.csv"


class UtilizationImportApi(ClinicalImportApi):
    """Upload utilization.csv; answers 202 with the job to poll at /api/imports/{id}/."""

    kind = ImportJob.Kind.UTILIZATION
    file_name = "utilization.csv"
