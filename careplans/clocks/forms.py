"""The clock-setting form; the rules (positive days, a reason) live in clocks.services."""

from django import forms

from members import extensions


class ClockSettingForm(forms.Form):
    key = forms.ChoiceField(label="Setting")
    days = forms.IntegerField(label="Days")
    reason = forms.CharField(
        max_length=300, required=False, help_text="Why it changes (required); kept with the change."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            (s.key, s.label) for s in extensions.clock_settings if s.configurable
        ]
