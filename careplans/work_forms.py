"""Forms for contacts, the task list filters and clock settings.

They parse input; the rules (no future contact, positive duration, reason required, positive
days) live in the services (careplans/contacts.py, careplans/clocks.py), whose messages the views
attach to these forms' fields.
"""

from django import forms
from django.utils import timezone

from .clock_rules import SETTINGS
from .models import ClockState, ContactKind, ContactMode, ContactOutcome, ReachedParty
from .work_lists import TASK_KINDS


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


TASK_SORTS = {
    "due": "Due date",
    "-due": "Due date, latest first",
    "member": "Member",
    "kind": "Kind",
}


class TaskFilterForm(forms.Form):
    state = forms.ChoiceField(choices=[("", "Any state"), *ClockState.choices], required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *TASK_KINDS], required=False)
    sort = forms.ChoiceField(choices=list(TASK_SORTS.items()), required=False)
    care_manager = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ClockSettingForm(forms.Form):
    key = forms.ChoiceField(
        label="Setting",
        choices=[(s.key, s.label) for s in SETTINGS.values() if s.configurable],
    )
    days = forms.IntegerField(label="Days")
    reason = forms.CharField(
        max_length=300, required=False, help_text="Why it changes (required); kept with the change."
    )
