"""Filters and sorts of the task list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from careplans.models import ClockState
from careplans.worklists.selectors import task_kinds

TASK_SORTS = {
    "due": _("Due date"),
    "-due": _("Due date, latest first"),
    "member": _("Member (grouped)"),
    "kind": _("Kind"),
}


# What the list shows when no state is chosen, and the choice that shows every state.
NEEDS_ACTION, ANY_STATE = "", "all"


class TaskFilterForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            (NEEDS_ACTION, _("Needs action (overdue or due soon)")),
            (ANY_STATE, _("Any state")),
            *ClockState.choices,
        ],
        required=False,
    )
    kind = forms.ChoiceField(required=False)
    sort = forms.ChoiceField(choices=list(TASK_SORTS.items()), required=False)
    care_manager = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *task_kinds()]


class SnoozeForm(forms.Form):
    """A supervisor's bulk snooze: the checked items ("<kind>:<id>"), until when, and why."""

    until = forms.DateField(
        label=_("Snooze until"),
        help_text=_("The items come back on this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Why these items wait (kept in the snooze history)."),
    )
    care_manager = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        cleaned["items"] = checked_items(self.data)
        if not cleaned["items"]:
            self.add_error(None, _("Select at least one item to snooze."))
        return cleaned


def checked_items(data) -> list[tuple[str, int]]:
    """The list's checked items ("<kind>:<id>" each) as (kind, id); at most 500."""
    keys = data.getlist("item") if hasattr(data, "getlist") else []
    items = []
    for key in keys[:500]:
        kind, _colon, item_id = key.rpartition(":")
        if kind and item_id.isdigit():
            items.append((kind, int(item_id)))
    return items


class LiftSnoozeForm(forms.Form):
    """A supervisor shows snoozed items of a care manager's list again: the checked items."""

    care_manager = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        cleaned["items"] = checked_items(self.data)
        if not cleaned["items"]:
            self.add_error(None, _("Select at least one item to show again."))
        return cleaned
