"""What the OpenAPI schema says beyond what drf-spectacular infers, so it tells the truth:

- `PortalPagination`: DRF's count/next/previous/results pages, with `page` a whole number from 1
  (junk answers 400 naming the parameter; a page past the end answers 404);
- `paginated(Serializer)`: the page envelope for the schema of an APIView that paginates by hand;
- `document_error_responses`: a postprocessing hook that documents, on every operation, the error
  answers the portal's middleware, authentication and access layer can give (400 for bad input,
  401/403 unauthenticated, 404 for missing or not-yours, 405, 413 for an oversized body, 503 when
  the task queue is down for the operations that queue work), each as the `Error` component.
"""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

PAGE_HELP = "Page number, a whole number from 1; a page past the last answers 404."


class PortalPagination(PageNumberPagination):
    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param) or "1"
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ValidationError({"page": ["Enter a page number: a whole number from 1."]})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": PAGE_HELP,
                "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
            }
        ]


PAGE_PARAMETER = OpenApiParameter("page", int, description=PAGE_HELP, required=False)

_paginated_classes: dict[type, type] = {}


def paginated(serializer_class: type) -> type:
    """A serializer describing one page of `serializer_class` rows (for the schema only)."""
    if serializer_class not in _paginated_classes:
        name = serializer_class.__name__.removesuffix("Serializer")
        _paginated_classes[serializer_class] = type(
            f"{name}PageSerializer",
            (serializers.Serializer,),
            {
                "count": serializers.IntegerField(read_only=True),
                "next": serializers.URLField(read_only=True, allow_null=True),
                "previous": serializers.URLField(read_only=True, allow_null=True),
                "results": serializer_class(many=True, read_only=True),
                "__module__": serializer_class.__module__,
            },
        )
    return _paginated_classes[serializer_class]


ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` says what went wrong; a 400 names each bad field instead.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERRORS = {
    "400": "Bad input: each field or parameter with its message.",
    "401": "Not authenticated (token authentication).",
    "403": "Not authenticated, or the CSRF check failed (session authentication).",
    "404": "Not found, or not yours to see: the same answer for both.",
    "405": "Method not allowed on this URL.",
    "413": "The request body is over the size limit.",
    "503": "The task queue is unavailable; nothing was queued, try again.",
}
QUEUEING_PATHS = ("/api/imports/", "/api/eligibility/runs/")


def _errors_for(path: str, method: str, operation: dict) -> list[str]:
    codes = ["401", "403", "404", "405"]
    if operation.get("parameters") or operation.get("requestBody"):
        codes.append("400")
    if method in {"post", "put", "patch"}:
        codes.append("413")
        if path.startswith(QUEUEING_PATHS):
            codes.append("503")
    return codes


def document_error_responses(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: add the portal's error answers to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _errors_for(path, method, operation):
                responses.setdefault(
                    code,
                    {
                        "description": ERRORS[code],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
