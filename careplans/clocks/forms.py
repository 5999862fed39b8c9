"""The clock-setting form; the rules (positive days, a reason) live in clocks.services."""

from django import forms

from careplans.clocks.rules import SETTINGS


class ClockSettingForm(forms.Form):
    key = forms.ChoiceField(
        label="Setting",
        choices=[(s.key, s.label) for s in SETTINGS.values() if s.configurable],
    )
    days = forms.IntegerField(label="Days")
    reason = forms.CharField(
        max_length=300, required=False, help_text="Why it changes (required); kept with the change."
    )
