"""REST API over the same services as the pages: upload diagnoses.csv or utilization.csv."""

from accounts import access
from core.api import FileImportApi
from core.models import ImportJob

from . import services


class ClinicalImportApi(FileImportApi):
    kind: str = ""

    def may_upload(self, user) -> bool:
        return access.may(user, access.Capability.IMPORT)

    def start(self, *, uploaded_file, by) -> ImportJob:
        return services.start_clinical_import(kind=self.kind, uploaded_file=uploaded_file, by=by)


class DiagnosesImportApi(ClinicalImportApi):
    """Upload diagnoses.csv; answers 202 with the job to poll at /api/imports/{id}/."""

    kind = ImportJob.Kind.DIAGNOSES
    file_name = "diagnoses.csv"


class UtilizationImportApi(ClinicalImportApi):
    """Upload utilization.csv; answers 202 with the job to poll at /api/imports/{id}/."""

    kind = ImportJob.Kind.UTILIZATION
    file_name = "utilization.csv"
