"""Refuse an oversized request body before anything parses it.

Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE only when a form body is read through request.POST;
DRF's JSON parser reads the stream itself, so a 20 MB JSON contact note used to be parsed, stored
and served to everyone who opened the member. Here every non-multipart body over the limit is
answered 413 from its Content-Length. Multipart uploads (contract files) have their own limits
(ROSTER_MAX_UPLOAD_BYTES, CLINICAL_MAX_UPLOAD_BYTES) checked in core.import_jobs.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and not request.content_type.startswith("multipart/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return self._too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def _too_large(request, limit: int):
        message = f"The request body is over the limit of {limit:,} bytes."
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
