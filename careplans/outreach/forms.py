"""The form for recording an outreach attempt or contact; the rules live in outreach.services."""

from django import forms
from django.utils import timezone

from careplans.models import ContactKind, ContactMode, ContactOutcome, ReachedParty


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label="What", choices=ContactKind.choices)
    occurred_at = forms.DateTimeField(
        label="When (date and time)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    mode = forms.ChoiceField(label="How", choices=ContactMode.choices)
    reached = forms.ChoiceField(label="Who was reached", choices=ReachedParty.choices)
    outcome = forms.ChoiceField(choices=ContactOutcome.choices)
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
                "kind": ContactKind.OUTREACH,
            },
        )
        super().__init__(*args, **kwargs)
