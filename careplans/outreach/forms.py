"""Forms for recording an outreach attempt or contact and for moving an enrollment along; the
rules live in outreach.services and outreach.enrollment."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careplans.models import (
    ContactKind,
    ContactMode,
    ContactOutcome,
    DisenrollmentReason,
    EnrollmentStatus,
    ReachedParty,
)
from members.models import Program


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=ContactKind.choices)
    occurred_at = forms.DateTimeField(
        label=_("When (date and time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    mode = forms.ChoiceField(label=_("How"), choices=ContactMode.choices)
    # No answer is preselected: saved unchanged, a default recorded "Reached: Nobody · Reached".
    reached = forms.ChoiceField(
        label=_("Who was reached"), choices=[("", _("Choose…")), *ReachedParty.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Choose…")), *ContactOutcome.choices]
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    shared_with_cbo = forms.BooleanField(
        label=_("Share with the member's CBO"),
        required=False,
        help_text=_(
            "Unticked, the contact and its note are plan-internal: CBO staff never see it."
        ),
    )
    sud = forms.BooleanField(
        label=_("Substance use (Part 2)"),
        required=False,
        help_text=_(
            "Substance use disorder information (42 CFR Part 2): CBO staff see it only "
            "under a Part 2 consent naming their organisation."
        ),
    )

    def __init__(self, *args, partner: bool = False, **kwargs):
        """`partner`: a CBO partner's form; what they record is shared with the plan anyway."""
        kwargs.setdefault(
            "initial",
            {
                "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
                "kind": ContactKind.OUTREACH,
            },
        )
        super().__init__(*args, **kwargs)
        if partner:
            del self.fields["shared_with_cbo"]


class EnrollmentChangeForm(forms.Form):
    """The next step for one member's episode in one program; only the allowed steps are offered."""

    program = forms.ChoiceField(choices=Program.choices, widget=forms.HiddenInput)
    to_status = forms.ChoiceField(label=_("Next step"))
    effective_on = forms.DateField(
        label=_("Effective date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.ChoiceField(
        label=_("Disenrollment reason"),
        required=False,
        choices=[("", _("Choose…")), *DisenrollmentReason.choices],
    )
    reason_text = forms.CharField(
        label=_("Other reason"), required=False, max_length=500, help_text=_("Required for Other.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, program: str, next_statuses=(), **kwargs):
        kwargs.setdefault("prefix", f"enrollment-{program.lower()}")
        kwargs.setdefault("initial", {"program": program, "effective_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["to_status"].choices = [(s, STEP_LABELS[s]) for s in next_statuses]
        self.fields["effective_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    @property
    def disenrolls(self) -> bool:
        steps = self.fields["to_status"].choices
        return any(value == EnrollmentStatus.DISENROLLED for value, _label in steps)


STEP_LABELS = {
    EnrollmentStatus.IDENTIFIED: _("Identify for the program"),
    EnrollmentStatus.OUTREACH: _("Start outreach"),
    EnrollmentStatus.ENROLLED: _("Enroll"),
    EnrollmentStatus.DECLINED: _("Member declined"),
    EnrollmentStatus.UNABLE_TO_REACH: _("Unable to reach"),
    EnrollmentStatus.DISENROLLED: _("Disenroll"),
}
