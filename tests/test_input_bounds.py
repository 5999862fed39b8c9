"""Every number a form or serializer accepts has bounds, every text a maximum length, and every
date a floor of 1900-01-01: walked over every Form and Serializer class in the project, so a new
field without them fails here (a 2**31 number used to 500, a 20 MB note used to be stored)."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from rest_framework import serializers

APPS = ("accounts", "audit", "core", "members", "eligibility", "careplans")
EARLIEST = datetime.date(1900, 1, 1)


def _modules():
    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            yield importlib.import_module(info.name)


def _classes(base):
    found = {}
    for module in _modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__.split(".")[0] in APPS:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def _limits(field, kind) -> list:
    return [v.limit_value for v in field.validators if isinstance(v, kind)]


def _has_date_floor(field) -> bool:
    return any(limit >= EARLIEST for limit in _limits(field, MinValueValidator))


def _has_length_limit(field) -> bool:
    return bool(_limits(field, MaxLengthValidator))


def _has_number_bounds(field) -> bool:
    return bool(_limits(field, MinValueValidator)) and bool(_limits(field, MaxValueValidator))


def form_field_problems(name, field) -> list[str]:
    problems = []
    if isinstance(field, forms.CharField) and not _has_length_limit(field):
        problems.append(f"{name}: text without max_length")
    if isinstance(field, forms.IntegerField) and not _has_number_bounds(field):
        problems.append(f"{name}: number without min_value and max_value")
    if isinstance(field, forms.DateField | forms.DateTimeField) and not _has_date_floor(field):
        problems.append(f"{name}: date without the 1900-01-01 floor")
    return problems


def serializer_field_problems(name, field) -> list[str]:
    if field.read_only:
        return []
    problems = []
    if isinstance(field, serializers.ChoiceField | serializers.FileField):
        return []
    if isinstance(field, serializers.CharField) and not _has_length_limit(field):
        problems.append(f"{name}: text without max_length")
    if isinstance(field, serializers.IntegerField | serializers.DecimalField) and not (
        _has_number_bounds(field)
    ):
        problems.append(f"{name}: number without min_value and max_value")
    if isinstance(field, serializers.DateField | serializers.DateTimeField) and not (
        _has_date_floor(field)
    ):
        problems.append(f"{name}: date without the 1900-01-01 floor")
    if isinstance(field, serializers.ListField):
        if not _has_length_limit(field):
            problems.append(f"{name}: list without max_length")
        problems += serializer_field_problems(f"{name}[]", field.child)
    if isinstance(field, serializers.ListSerializer):
        if field.max_length is None:
            problems.append(f"{name}: list without max_length")
        problems += serializer_field_problems(f"{name}[]", field.child)
    if isinstance(field, serializers.Serializer):
        for sub_name, sub in field.fields.items():
            problems += serializer_field_problems(f"{name}.{sub_name}", sub)
    return problems


FORMS = _classes(forms.BaseForm)
SERIALIZERS = _classes(serializers.BaseSerializer)


@pytest.mark.parametrize("path", sorted(FORMS))
def test_every_form_field_is_bounded(path):
    problems = [
        p
        for name, field in FORMS[path].base_fields.items()
        for p in form_field_problems(name, field)
    ]
    assert not problems, problems


@pytest.mark.parametrize("path", sorted(SERIALIZERS))
def test_every_writable_serializer_field_is_bounded(path):
    fields = SERIALIZERS[path]().fields
    problems = [p for name, field in fields.items() for p in serializer_field_problems(name, field)]
    assert not problems, problems


# What a person or a script sees at the edges (issue 14, finding 4).

HUGE = str(2**31)


@pytest.fixture
def contact_member(care_manager):
    from tests.factories import MemberFactory

    return MemberFactory(care_manager=care_manager)


def _contact(**overrides):
    from django.utils import timezone

    when = timezone.localtime() - datetime.timedelta(hours=2)
    data = {
        "kind": "outreach",
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "mode": "phone",
        "reached": "nobody",
        "outcome": "no_answer",
        "duration_minutes": "5",
        "note": "",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("duration_minutes", HUGE, "less than or equal to 2147483647"),
        ("duration_minutes", "1441", "at most 1,440"),
        ("occurred_at", "1899-12-31T10:00", "on or after 1900-01-01"),
        ("note", "x" * 20_001, "at most 20000 characters"),
    ],
)
def test_contact_page_and_api_refuse_out_of_range_values_with_a_message(
    client_for, care_manager, contact_member, field, value, message
):
    from careplans.models import Contact

    client = client_for(care_manager)
    page = client.post(
        f"/members/{contact_member.pk}/contacts/new/",
        _contact(**{field: value}),
        HTTP_HX_REQUEST="true",
    )
    api_value = int(value) if field == "duration_minutes" else value
    api = client.post(
        f"/api/members/{contact_member.pk}/contacts/",
        {**_contact(), "duration_minutes": 5, field: api_value},
        content_type="application/json",
    )

    assert page.status_code == 422 and message in page.content.decode().replace("&#x27;", "'")
    assert api.status_code == 400 and message in str(api.json()[field])
    assert not Contact.objects.exists()


def test_a_20_megabyte_json_body_is_refused_with_413(client_for, care_manager, contact_member):
    from careplans.models import Contact

    response = client_for(care_manager).post(
        f"/api/members/{contact_member.pk}/contacts/",
        {**_contact(), "duration_minutes": 5, "note": "x" * (20 * 1024 * 1024)},
        content_type="application/json",
    )

    assert response.status_code == 413
    assert not Contact.objects.exists()
