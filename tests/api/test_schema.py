"""The API schema is generated without warnings, so every choice set has one stable name."""

from django.core.management import call_command


def test_schema_generates_without_warnings_or_errors(tmp_path, capsys):
    call_command(
        "spectacular", "--file", str(tmp_path / "schema.yml"), "--validate", "--fail-on-warn"
    )

    schema = (tmp_path / "schema.yml").read_text()
    for name in ("EvaluationRunStatusEnum", "ImportJobStatusEnum", "ClockStateEnum"):
        assert f"{name}:" in schema
