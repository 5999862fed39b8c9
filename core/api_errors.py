"""The API's exception handler: DRF's, plus the portal's own faults a client can act on."""

from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.views import exception_handler as drf_exception_handler

from .queue import QueueUnavailable


class ServiceUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The service is temporarily unavailable, try again."
    default_code = "unavailable"


def exception_handler(exc, context):
    """QueueUnavailable answers 503 with its message (the work was undone; retry later)."""
    if isinstance(exc, QueueUnavailable):
        exc = ServiceUnavailable(exc.message)
    return drf_exception_handler(exc, context)
