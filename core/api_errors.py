"""The API's one answer to a domain error, and to work that cannot be queued.

Services raise `django.core.exceptions.ValidationError` (or an app's subclass of it) with a
message a user can read, for the pages and the API alike. DRF only knows its own ValidationError,
so without this handler every API view wrapped each service call in a try/except to translate;
settings REST_FRAMEWORK["EXCEPTION_HANDLER"] points here instead.

- ValidationError becomes a 400: `{field: [messages]}` for errors naming fields (Django's
  `__all__` as DRF's `non_field_errors`), `{"non_field_errors": [messages]}` otherwise. A view
  whose errors all belong to one request field (the uploaded `file`, the `answers` of an
  assessment) names it in `validation_error_field`, and the errors are reported under it.
- QueueUnavailable (core/queue.py) becomes a 503 with its message: the work was undone, and the
  client may retry later.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .queue import QueueUnavailable


class ServiceUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The service is temporarily unavailable, try again."
    default_code = "unavailable"


def validation_detail(error: DjangoValidationError) -> dict | list:
    """Django's messages in DRF's shape: by field when the error names fields, else a list."""
    if hasattr(error, "error_dict"):
        return {
            api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
            for field, messages in error.message_dict.items()
        }
    return error.messages


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = validation_detail(exc)
        field = getattr(context.get("view"), "validation_error_field", None)
        if field:
            detail = {field: detail}
        elif isinstance(detail, list):
            detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, QueueUnavailable):
        exc = ServiceUnavailable(exc.message)
    return drf_exception_handler(exc, context)
