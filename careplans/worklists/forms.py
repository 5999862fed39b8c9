"""Filters and sorts of the task list."""

from django import forms

from careplans.models import ClockState
from careplans.worklists.selectors import TASK_KINDS

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
