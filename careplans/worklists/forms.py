"""Filters and sorts of the task list."""

from django import forms

from careplans.models import ClockState
from careplans.worklists.selectors import task_kinds

TASK_SORTS = {
    "due": "Due date",
    "-due": "Due date, latest first",
    "member": "Member",
    "kind": "Kind",
}


# What the list shows when no state is chosen, and the choice that shows every state.
NEEDS_ACTION, ANY_STATE = "", "all"


class TaskFilterForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            (NEEDS_ACTION, "Needs action (overdue or due soon)"),
            (ANY_STATE, "Any state"),
            *ClockState.choices,
        ],
        required=False,
    )
    kind = forms.ChoiceField(required=False)
    sort = forms.ChoiceField(choices=list(TASK_SORTS.items()), required=False)
    care_manager = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind"), *task_kinds()]


class SnoozeForm(forms.Form):
    """A supervisor's bulk snooze: the checked items ("<kind>:<id>"), until when, and why."""

    until = forms.DateField(
        label="Snooze until",
        help_text="The items come back on this day.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="Why these items wait (kept in the snooze history).",
    )
    care_manager = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        keys = self.data.getlist("item") if hasattr(self.data, "getlist") else []
        items = []
        for key in keys[:500]:
            kind, _, item_id = key.rpartition(":")
            if kind and item_id.isdigit():
                items.append((kind, int(item_id)))
        if not items:
            self.add_error(None, "Select at least one item to snooze.")
        cleaned["items"] = items
        return cleaned
