from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import NOT_ON_TEAM, assignable_care_manager


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster file (members.csv)",
        help_text="UTF-8 CSV with the columns of the members.csv contract.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


UNASSIGN = "unassign"


class MemberIdsField(forms.TypedMultipleChoiceField):
    """Selected member ids; which of them the user may touch is decided by the service."""

    def valid_value(self, value):
        return str(value).isdigit()


class AssignToForm(forms.Form):
    """One member's new care manager (the member page's Reassign), or none."""

    assign_to = forms.CharField(
        label=_("Assign to"),
        error_messages={"required": _("Choose a care manager (or Unassign).")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_assign_to(self):
        """A care manager on the user's team, or None for the explicit choice to unassign."""
        value = self.cleaned_data["assign_to"]
        if value == UNASSIGN:
            return None
        care_manager = assignable_care_manager(self.user, value)
        if care_manager is None:
            raise forms.ValidationError(NOT_ON_TEAM)
        return care_manager


class AssignForm(AssignToForm):
    """Assign the selected members to one care manager, or unassign them."""

    member_ids = MemberIdsField(
        coerce=int, error_messages={"required": "Select at least one member."}
    )
    field_order = ["member_ids", "assign_to"]
