from django import forms
from django.utils import timezone

from . import services


class StratifyForm(forms.Form):
    as_of = forms.DateField(
        label="Stratify as of",
        help_text="The day every time window counts back from (YYYY-MM-DD).",
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "Enter the day to stratify as of (YYYY-MM-DD).",
            "invalid": "Enter a real date as YYYY-MM-DD, e.g. 2026-09-30.",
        },
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"as_of": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_as_of(self):
        try:
            return services.check_as_of(self.cleaned_data["as_of"])
        except services.BadAsOf as error:
            raise forms.ValidationError(f"{error}.") from None
