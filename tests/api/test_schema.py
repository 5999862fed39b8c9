"""The API schema is generated without warnings, so every choice set has one stable name."""

import pytest
from django.core.management import call_command


def test_schema_generates_without_warnings_or_errors(tmp_path, capsys):
    call_command(
        "spectacular", "--file", str(tmp_path / "schema.yml"), "--validate", "--fail-on-warn"
    )

    schema = (tmp_path / "schema.yml").read_text()
    for name in ("EvaluationRunStatusEnum", "ImportJobStatusEnum", "ClockStateEnum"):
        assert f"{name}:" in schema


def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_nullable_people_are_documented_as_nullable():
    schemas = _schema()["components"]["schemas"]

    assert schemas["EvaluationRun"]["properties"]["requested_by"]["nullable"] is True
    assert schemas["Transition"]["properties"]["changed_by"]["nullable"] is True
    assert schemas["MemberList"]["properties"]["care_manager"]["nullable"] is True


def test_every_list_that_pages_is_documented_as_a_page():
    paths = _schema()["paths"]
    for path, method in [
        ("/api/members/{member_id}/contacts/", "get"),
        ("/api/members/{member_id}/timeline/", "get"),
        ("/api/tasks/", "get"),
        ("/api/members/search/", "post"),
        ("/api/members/", "get"),
    ]:
        body = paths[path][method]["responses"]["200"]["content"]["application/json"]["schema"]
        name = body["$ref"].rsplit("/", 1)[1]
        page = _schema()["components"]["schemas"][name]
        assert set(page["properties"]) == {"count", "next", "previous", "results"}, path


def test_every_operation_documents_its_error_answers():
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "405"} <= codes, (method, path)
            if method == "post":
                assert "413" in codes, (method, path)


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "last", "１"])
def test_junk_page_values_are_refused_naming_the_parameter(client_for, care_manager, page):
    response = client_for(care_manager).get("/api/members/", {"page": page})

    assert response.status_code == 400
    assert "page" in response.json()


def test_an_unknown_api_path_answers_json_404(client_for, care_manager):
    response = client_for(care_manager).get("/api/eligibility/runs/x/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
