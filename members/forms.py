from django import forms

from .permissions import assignable_care_managers


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster file (members.csv)",
        help_text="UTF-8 CSV with the columns of the members.csv contract.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class MemberIdsField(forms.TypedMultipleChoiceField):
    """Selected member ids; which of them the user may touch is decided by the service."""

    def valid_value(self, value):
        return str(value).isdigit()


class AssignForm(forms.Form):
    """Assign the selected members to one care manager, or unassign them."""

    member_ids = MemberIdsField(
        coerce=int, error_messages={"required": "Select at least one member."}
    )
    assign_to = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="— Unassigned —", label="Assign to"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assign_to"].queryset = assignable_care_managers(user)
