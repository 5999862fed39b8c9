"""Forms of the CBO directory; the services decide what is valid and name the field."""

from django import forms

from careplans.community_supports import COMMUNITY_SUPPORTS
from eligibility.rules import POPULATION_CHOICES
from members.models import Program


class ListField(forms.CharField):
    """A comma-separated list typed in one box ("Alameda, Contra Costa")."""

    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip() for part in (value or "").split(",") if part.strip()]

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value


class PartnerForm(forms.Form):
    name = forms.CharField(label="Organisation name", max_length=200)
    capacity = forms.IntegerField(
        label="Capacity", min_value=0, help_text="The most members it will carry at once."
    )
    phone = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(required=False)
    address = forms.CharField(max_length=300, required=False)
    active = forms.BooleanField(required=False, initial=True)


class ContractForm(forms.Form):
    reference = forms.CharField(label="Contract number", max_length=60, required=False)
    effective_on = forms.DateField(
        label="Effective from", widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label="Ends on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    programs = forms.MultipleChoiceField(
        choices=Program.choices, widget=forms.CheckboxSelectMultiple
    )
    counties = ListField(label="Counties served", required=False, help_text="Comma-separated.")
    populations = forms.MultipleChoiceField(
        label="Populations of focus served",
        choices=POPULATION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    community_supports = forms.MultipleChoiceField(
        label="Community Supports provided",
        choices=sorted(COMMUNITY_SUPPORTS.items(), key=lambda item: item[1]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = ListField(label="Languages", required=False, help_text="Comma-separated.")


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200)
    title = forms.CharField(max_length=120, required=False)
    phone = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(required=False)
    primary = forms.BooleanField(required=False)


class StaffForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, label="User")
    lead = forms.BooleanField(label="CBO lead (decides on assignments)", required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
