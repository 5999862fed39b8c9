"""core.form_renderer builds the common widgets in Python: the markup must be exactly what
Django's widget templates give, for every case the portal's forms use and the awkward ones."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from careplans.outreach.forms import ContactForm
from careplans.worklists.forms import SnoozeForm, TaskFilterForm
from core.form_renderer import PortalFormRenderer


class EveryWidget(forms.Form):
    name = forms.CharField(max_length=40, help_text="Tip", widget=forms.TextInput({"x": True}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    email = forms.EmailField(required=False)
    count = forms.IntegerField(min_value=0, widget=forms.NumberInput({"inputmode": "numeric"}))
    day = forms.DateField(widget=forms.DateInput({"type": "date"}))
    at = forms.DateTimeField(widget=forms.DateTimeInput({"type": "datetime-local"}))
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea({"rows": 3, "off": False}))
    pick = forms.ChoiceField(
        choices=[("", "Choose…"), ("a", 'A & "quoted" <b>'), (3, gettext_lazy("Any"))]
    )
    grouped = forms.ChoiceField(
        choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "Other")]
    )
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")])
    radio = forms.ChoiceField(choices=[("y", "Yes"), ("n", "No")], widget=forms.RadioSelect)


DATA = {
    "name": "<script>O'Brien & co</script>",
    "secret": "p&ss",
    "count": "0",
    "day": "2026-11-30",
    "at": "2026-11-30T10:05",
    "hidden": "7",
    "agree": "on",
    "note": "line 1\n<line 2>",
    "pick": "a",
    "grouped": "pear",
    "many": ["1", "2"],
    "radio": "n",
}


def _fields(form_class, **kwargs):
    django_form = form_class(renderer=DjangoTemplates(), **kwargs)
    portal_form = form_class(renderer=PortalFormRenderer(), **kwargs)
    return zip(django_form, portal_form, strict=True)


@pytest.mark.parametrize("data", [None, DATA, {"pick": mark_safe("<i>a</i>"), "count": "x"}])
def test_every_widget_renders_as_django_renders_it(data):
    for django_field, portal_field in _fields(EveryWidget, data=data):
        assert str(portal_field) == str(django_field), django_field.name


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_portals_forms_render_as_django_renders_them(language):
    initial = {"occurred_at": datetime.datetime(2026, 11, 30, 9, 30), "kind": "outreach"}
    with override(language):
        for form_class, kwargs in (
            (ContactForm, {"initial": initial}),
            (ContactForm, {"partner": True, "data": {"reached": "member", "note": "a<b"}}),
            (TaskFilterForm, {"data": {"state": "overdue", "sort": "kind"}}),
            (SnoozeForm, {"data": {"until": "2026-12-01", "reason": "Waiting & seeing"}}),
        ):
            for django_field, portal_field in _fields(form_class, **kwargs):
                assert str(portal_field) == str(django_field), django_field.name


def test_it_is_the_portals_form_renderer():
    assert settings.FORM_RENDERER == "core.form_renderer.PortalFormRenderer"
