"""The message form; the rules (what may be attached, which tasks, the Part 2 flag) live in
services.post_message, which answers errors by field."""

from django import forms

from core.uploads import ALLOWED_WORDS

from .services import MAX_ATTACHMENTS, MAX_BODY


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the service, not here."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [file for file in data if file]
        return [data] if data else []


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write a message."},
    )
    task = forms.ChoiceField(label="About a care-plan task", required=False)
    sud = forms.BooleanField(
        label="Substance use information (42 CFR Part 2)",
        required=False,
        help_text="Shown to the CBO only under a Part 2 consent naming it.",
    )
    attachments = MultipleFileField(
        label="Attachments",
        required=False,
        help_text=f"{ALLOWED_WORDS}, at most {MAX_ATTACHMENTS} files.",
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, tasks=(), offer_sud: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", "None")] + [
            (str(task.pk), f"{task.description} (due {task.due_on:%Y-%m-%d})") for task in tasks
        ]
        if not offer_sud:
            del self.fields["sud"]
