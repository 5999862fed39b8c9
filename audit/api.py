"""The access log as CSV over the API (plan admins)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from accounts import access

from .forms import AccessLogExportForm
from .views import csv_download


class AccessLogExportApi(APIView):
    """Every access-log row viewed on the plan's days `start`..`end`, for one `user` or all."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
            OpenApiParameter("user", str, description="A username; all users when left out"),
        ],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV")},
    )
    def get(self, request):
        access.require(request.user, access.Capability.VIEW_ACCESS_LOG)
        form = AccessLogExportForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        return csv_download(form)
