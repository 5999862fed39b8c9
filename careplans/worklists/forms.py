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


class TaskFilterForm(forms.Form):
    state = forms.ChoiceField(choices=[("", "Any state"), *ClockState.choices], required=False)
    kind = forms.ChoiceField(required=False)
    sort = forms.ChoiceField(choices=list(TASK_SORTS.items()), required=False)
    care_manager = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind"), *task_kinds()]
